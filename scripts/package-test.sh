#!/usr/bin/env bash
# cmake --install and the CPack .deb: both carry the binary, the systemd unit,
# the nginx configuration and the operator's documentation; the package
# declares its library dependencies.   bash scripts/package-test.sh path/to/build
set -euo pipefail
build=$(cd "$1" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cmake --install "$build" --prefix "$out/root" >/dev/null
for f in bin/ictgate lib/systemd/system/ictgate.service share/doc/ictgate/operations.md \
         share/doc/ictgate/openapi.json share/ictgate/nginx/ictgate.conf; do
  [[ -f $out/root/$f ]] || { echo "cmake --install did not install $f" >&2; exit 1; }
done
"$out/root/bin/ictgate" --help | grep -q "serve" || { echo "the installed binary does not run" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$out/pkg" >/dev/null)
deb=$(ls "$out"/pkg/*.deb)
listing=$(dpkg-deb -c "$deb")
for f in ./usr/bin/ictgate ./usr/lib/systemd/system/ictgate.service ./usr/share/doc/ictgate/operations.md \
         ./usr/share/ictgate/nginx/ictgate.conf; do
  grep -q " $f\$" <<<"$listing" || { echo "$(basename "$deb") lacks $f" >&2; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libsqlite3 libssl libcpp-httplib; do
  grep -q "$lib" <<<"$depends" || { echo "Depends lacks $lib: $depends" >&2; exit 1; }
done
echo "installed and packaged: $(basename "$deb"); Depends: $depends"

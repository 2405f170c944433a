#!/usr/bin/env bash
# Builds the whole project with sanitizers into its own tree and runs the
# Catch2 suite there (the subprocess tests run the sanitized `ictgate` too).
#   bash scripts/sanitizers.sh address   # ASan + UBSan, every test
#   bash scripts/sanitizers.sh thread    # TSan, the concurrent tests
# .ci/run runs both after the test command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-address}
case $mode in
  address) flags="address,undefined"; filter="" ;;
  thread)  flags="thread"; filter="[http],[#test_faults],[#test_webhooks],[#test_portability]" ;;
  *) echo "usage: $0 address|thread" >&2; exit 2 ;;
esac
build="$root/build-$mode"
bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DICTGATE_SANITIZE="$flags" -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j "$(nproc)" --target ictgate ictgate_tests
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$build/tests/ictgate_tests" ${filter:+"$filter"}

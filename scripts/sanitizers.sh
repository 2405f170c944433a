#!/usr/bin/env bash
# Builds the whole project with sanitizers into its own tree and runs the
# Catch2 suites there (the subprocess tests run the sanitized `ictgate` too).
#   bash scripts/sanitizers.sh address   # ASan + UBSan, every test
#   bash scripts/sanitizers.sh thread    # TSan, the concurrent tests
# .ci/run runs both after the test command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-address}
# Under TSan, the tests where threads meet: the HTTP server's, its
# connection poller's and its low-priority lane's, the concurrent retries',
# the dispatcher's, the backup's and the token cache's, and the store's (its
# pool of read connections and its group commit). A [#file] tag exists only
# with -# (--filenames-as-tags); without it these filters matched nothing.
case $mode in
  address) flags="address,undefined"; http_filter=""; service_filter="" ;;
  thread)  flags="thread"; http_filter="[http],[#test_faults],[#test_boundaries],[#test_connections],[#test_low_priority_lane]"
           service_filter="[#test_webhooks],[#test_portability],[#test_tokens]" ;;
  *) echo "usage: $0 address|thread" >&2; exit 2 ;;
esac
build="$root/build-$mode"
bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DICTGATE_SANITIZE="$flags" -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target ictgate ictgate_engine_tests \
  ictgate_store_tests ictgate_service_tests ictgate_http_tests
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [[ $mode == address ]]; then
  "$build/tests/ictgate_engine_tests"
fi
"$build/tests/ictgate_store_tests"
"$build/tests/ictgate_service_tests" -# ${service_filter:+"$service_filter"}
"$build/tests/ictgate_http_tests" -# ${http_filter:+"$http_filter"}

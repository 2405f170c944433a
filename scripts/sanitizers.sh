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

# Runs the test cases of one suite that match a filter (all when empty).
# Under ASan, in one process. Under TSan, each test case in a process of its
# own: libstdc++'s std::mutex has a trivial destructor, so TSan never learns
# that a mutex on the stack has gone, and takes the next test case's mutex at
# the same address for the same one. Two test cases whose objects happen to
# share stack addresses then make a lock-order "cycle" of mutexes that never
# lived at once (CI's store suite reported one: a group commit's queue mutex
# of one test case and two stores' mutexes of others). One process per test
# case gives TSan only mutexes that really coexisted.
run_suite() {
  local exe=$1 filter=$2
  if [[ $mode == address ]]; then
    "$exe" -# ${filter:+"$filter"}
    return
  fi
  local names name failed=0 count=0
  mapfile -t names < <("$exe" -# --list-test-names-only ${filter:+"$filter"} | sed '/^$/d')
  if ((${#names[@]} == 0)); then
    echo "$exe: no test case matches '$filter'" >&2
    return 1
  fi
  for name in "${names[@]}"; do
    # A test spec treats \ , [ ] and " specially; a backslash escapes each.
    # -w NoTests fails the run should an escaped name still match nothing.
    if ! "$exe" -w NoTests "$(sed 's/[][\\,"]/\\&/g' <<<"$name")" >"$build/last-case.log" 2>&1; then
      cat "$build/last-case.log"
      echo "FAILED under TSan: $name" >&2
      failed=$((failed + 1))
    fi
    count=$((count + 1))
  done
  echo "$(basename "$exe"): $((count - failed)) passed, $failed failed"
  ((failed == 0))
}

if [[ $mode == address ]]; then
  run_suite "$build/tests/ictgate_engine_tests" ""
fi
run_suite "$build/tests/ictgate_store_tests" ""
run_suite "$build/tests/ictgate_service_tests" "$service_filter"
run_suite "$build/tests/ictgate_http_tests" "$http_filter"

#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang into build-fuzz and runs each
# for a bounded time on a copy of its committed corpus (fuzz/corpus/<target>),
# so that a run never changes the repository. Prints, per target, the
# executions and the corpus size; exits non-zero when any target finds a
# crash, a hang (-timeout), a leak or a memory blow-up (-rss_limit_mb). The
# input that did it is left in build-fuzz/findings/<target>/, the log beside.
#   bash scripts/fuzz.sh [seconds-per-target]   # default 60
# JOBS=N sets the build's parallelism (default: every core).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [seconds-per-target]" >&2
  exit 2
fi
build="$root/build-fuzz"
targets=(fuzz_request fuzz_jsonlogic fuzz_policy_pack)

bash "$root/scripts/install-deps.sh"
# RelWithDebInfo without -DNDEBUG: the assertions (nlohmann's among them) stay
# on, so the fuzzers catch a broken precondition where it happens.
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DICTGATE_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g" >/dev/null
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target "${targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for target in "${targets[@]}"; do
  # A fresh copy of the committed seeds each run: reproducible, and the
  # repository's corpus is never written to.
  corpus="$build/corpus/$target"
  findings="$build/findings/$target"
  log="$build/$target.log"
  rm -rf "$corpus" "$findings"
  mkdir -p "$corpus" "$findings"
  cp -r "$root/fuzz/corpus/$target/." "$corpus/"
  seeds=$(find "$corpus" -type f | wc -l)
  dict=()
  if [[ -f $root/fuzz/$target.dict ]]; then dict=(-dict="$root/fuzz/$target.dict"); fi
  result=ok
  if ! "$build/fuzz/$target" "$corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1; then
    result=FAILED
    status=1
  fi
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  # libFuzzer's final corpus: inputs/total size, as its DONE line counts them.
  final=$(sed -n 's/.*DONE.*corp: \([^ ]*\).*/\1/p' "$log" | tail -n 1)
  echo "$target: $result; ${executions:-?} executions in ${seconds}s;" \
    "corpus ${final:-?} (inputs/size) from $seeds seeds"
  if [[ $result != ok ]]; then
    tail -n 60 "$log"
    echo "$target: the input is in $findings/, the log in $log" >&2
  fi
done
exit "$status"

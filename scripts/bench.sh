#!/usr/bin/env bash
# The benchmarks: builds like the test command (RelWithDebInfo, -O2) and runs
# bench/ictgate_bench, which measures every figure beside its limit in the
# same run, then puts its table into BENCHMARKS.md between the result markers.
#   bash scripts/bench.sh                   # sizes 1,000 / 10,000 / 100,000, 10 s phases
#   bash scripts/bench.sh --seconds 5       # any ictgate_bench option
# Run it on a quiet machine: other work on the cores moves the figures.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/build.sh
# BENCH_WORK=dir keeps the portfolios there (pass --reuse to use them again).
if [[ -n ${BENCH_WORK:-} ]]; then
  work=$BENCH_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
build/bench/ictgate_bench --work-dir "$work" --ictgate build/ictgate --out "$work/table.md" "$@"
{
  sed '/<!-- results -->/q' BENCHMARKS.md
  echo
  echo "Measured $(date -u +%Y-%m-%d) with \`bash scripts/bench.sh $*\`."
  echo
  cat "$work/table.md"
  echo
  sed -n '/<!-- \/results -->/,$p' BENCHMARKS.md
} > "$work/BENCHMARKS.md"
mv "$work/BENCHMARKS.md" BENCHMARKS.md
echo "BENCHMARKS.md updated"

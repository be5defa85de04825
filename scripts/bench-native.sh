#!/usr/bin/env bash
# Native benchmark: the whole pipeline (clean_article::clean) against one html5ever
# parse + serialize of the same input (the floor), over every corpus post + the seed, the
# Zyte pages and the Chinese (CWCED) pages of ../shared (or $CLEAN_ARTICLE_SHARED).
# Prints the machine, criterion's estimates, then a table with MB/s and the ratio
# pipeline / floor (goal <= 2.5) and the pages with the highest ratios.
#
#   bash scripts/bench-native.sh            # full run (~3 min of measuring)
#   BENCH_QUICK=1 bash scripts/bench-native.sh
#   BENCH_SETS=posts bash scripts/bench-native.sh
#   bash scripts/bench-native.sh --profile  # callgrind instruction counts of one pass
#                                           # (pipeline and floor), top functions
set -euo pipefail
cd "$(dirname "$0")/.."

echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores," \
  "load $(cut -d' ' -f1-3 /proc/loadavg); $(rustc --version)"

if [[ "${1:-}" == "--profile" ]]; then
  command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install -y valgrind)"; exit 1; }
  cargo bench --bench pipeline --no-run 2>/dev/null
  exe=$(cargo bench --bench pipeline --no-run --message-format=json 2>/dev/null |
    python3 -c 'import sys,json
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="pipeline" and m.get("executable"): print(m["executable"])')
  out=${PROFILE_DIR:-target/callgrind}
  mkdir -p "$out"
  for what in floor pipeline; do
    BENCH_PROFILE=$what valgrind --tool=callgrind "--toggle-collect=pipeline::$what" \
      --callgrind-out-file="$out/$what.out" "$exe" --bench \
      2> "$out/$what.log" >/dev/null
    echo "== $what: $(grep -o 'Collected : [0-9]*' "$out/$what.log" | sed 's/Collected : //') instructions in pipeline::$what (inputs: ${BENCH_SETS:-all sets})"
  done
  echo "== pipeline, inclusive instructions by function (top 40):"
  callgrind_annotate --inclusive=yes "$out/pipeline.out" 2>/dev/null | sed -n '1,60p' | grep -E '^ *[0-9,]+ ' | head -40
  echo "(full data: callgrind_annotate $out/pipeline.out)"
  exit 0
fi

cargo bench --bench pipeline 2>&1 | grep -vE '^\s*$|^Benchmarking |^Warning: Unable|^Found [0-9]+ outliers|^  [0-9]+ \([0-9.]+%\) (low|high)'

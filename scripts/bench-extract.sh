#!/usr/bin/env bash
# Extraction benchmark: runs the clean-article CLI over the Zyte (English) and CWCED (Chinese)
# page sets, writes one `<id>.txt` (Article.text) per page under bench-out/extract/<set>/ and
# scores them with the shared bag-of-tokens scorer (CJK-aware), printing P/R/F1 per set.
#
#   bash scripts/bench-extract.sh            # both sets
#   bash scripts/bench-extract.sh cwced      # one set
#   BENCH_PROFILE=dev bash scripts/...       # faster build while iterating (default: release)
#
# Shared data: $CLEAN_ARTICLE_SHARED, else ../shared next to the repo (skips when absent).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${CLEAN_ARTICLE_SHARED:-../shared}"
if [ ! -f "$SHARED/bench/score.py" ]; then
  echo "SKIPPED bench-extract: shared data not found at $SHARED (set CLEAN_ARTICLE_SHARED)" >&2
  exit 0
fi
PROFILE="${BENCH_PROFILE:-release}"
cargo build --quiet --profile "$PROFILE" --bin clean-article
case "$PROFILE" in dev) DIR=debug ;; *) DIR="$PROFILE" ;; esac
BIN="target/$DIR/clean-article"
SETS=("$@")
[ ${#SETS[@]} -eq 0 ] && SETS=(zyte cwced)
for set in "${SETS[@]}"; do
  src="$SHARED/bench/$set"
  out="bench-out/extract/$set"
  rm -rf "$out" && mkdir -p "$out"
  start=$(date +%s.%N)
  "$BIN" --format json "$src/html" 2>"$out.stderr" | python3 scripts/bench-split.py "$out"
  end=$(date +%s.%N)
  n=$(ls "$src/html" | wc -l)
  empty=$(find "$out" -name '*.txt' -empty | wc -l)
  missing=$(( n - $(ls "$out" | wc -l) ))
  printf '== %s: %d pages, %.1f s, empty outputs: %d, missing: %d\n' "$set" "$n" "$(echo "$end - $start" | bc)" "$empty" "$missing"
  python3 "$SHARED/bench/score.py" bag --gt "$src/ground-truth.json" --pred "$out" \
    --json "$out.scores.json" | python3 scripts/bench-split.py --summary "$set"
done

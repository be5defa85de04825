#!/usr/bin/env bash
# Extraction benchmark: runs the clean-article CLI over the three shared page sets and prints
# ONE table: text precision/recall/F1 (the shared CJK-aware token-bag scorer) and metadata
# (title exact/close, byline, date at the precision the truth prints). Details and the
# metadata rules: scripts/bench-extract.py. Per-page results: bench-out/extract/<set>.pages.json.
#
#   bash scripts/bench-extract.sh                     # zyte, cwced, readability
#   bash scripts/bench-extract.sh readability         # some sets
#   BENCH_PROFILE=dev bash scripts/bench-extract.sh   # faster build while iterating
#
# Sets (under $CLEAN_ARTICLE_SHARED, else ../shared; skipped when absent):
#   zyte         181 English news pages, ground-truth.json (text only)
#   cwced        38 Chinese pages, ground-truth.json + meta.json (author, date)
#   readability  Readability.js's 130 test pages: expected.html (text) + expected-metadata.json
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${CLEAN_ARTICLE_SHARED:-../shared}"
if [ ! -f "$SHARED/bench/score.py" ]; then
  echo "SKIPPED bench-extract: shared data not found at $SHARED (set CLEAN_ARTICLE_SHARED)" >&2
  exit 0
fi
PROFILE="${BENCH_PROFILE:-release}"
[ -n "${BENCH_BIN:-}" ] || cargo build --quiet --profile "$PROFILE" --bin clean-article
case "$PROFILE" in dev) DIR=debug ;; *) DIR="$PROFILE" ;; esac
BIN="${BENCH_BIN:-target/$DIR/clean-article}"
SETS=("$@")
[ ${#SETS[@]} -eq 0 ] && SETS=(zyte cwced readability)
OUT=bench-out/extract
mkdir -p "$OUT"
for set in "${SETS[@]}"; do
  src="$SHARED/bench/$set"
  rm -rf "${OUT:?}/$set"
  start=$(date +%s.%N)
  if [ "$set" = readability ]; then
    "$BIN" --format json "$src"/pages/*/source.html >"$OUT/$set.jsonl" 2>"$OUT/$set.stderr"
  else
    "$BIN" --format json "$src/html" >"$OUT/$set.jsonl" 2>"$OUT/$set.stderr"
  fi
  end=$(date +%s.%N)
  printf '%s: %s s\n' "$set" "$(echo "$end - $start" | bc)" >&2
done
python3 scripts/bench-extract.py "$SHARED" "$OUT" "${SETS[@]}"

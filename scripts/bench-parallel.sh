#!/usr/bin/env bash
# Throughput at 1 and N workers: the CLI's --jobs over a directory (release build) and
# createCleaner({ worker: true, concurrency }) in headless Chromium. Prints numbers; checks nothing.
# Inputs: ../shared's corpus posts, seeds and the Zyte and CWCED pages (CLEAN_ARTICLE_SHARED, about
# 33 MB), else generated posts.
# Usage: bash scripts/bench-parallel.sh [JOBS...]   (default: 1 and nproc)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${CLEAN_ARTICLE_SHARED:-../shared}
cores=$(nproc)
jobs=("$@")
[ ${#jobs[@]} -gt 0 ] || jobs=(1 "$cores")
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $cores cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
cargo build --release --quiet --bin clean-article
dirs=()
for d in "$shared/corpus/posts" "$shared/seeds" "$shared/bench/zyte/html" "$shared/bench/cwced/html"; do [ -d "$d" ] && dirs+=("$d"); done
if [ ${#dirs[@]} -eq 0 ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for i in $(seq 1 300); do
    { printf -- '---\ntitle: Post %s\n---\n' "$i"
      for _ in $(seq 1 $((20 + i % 50))); do printf '<div class="content"><p>A paragraph of generated text, long enough to be prose.</p></div>'; done
    } > "$tmp/$i.md"
  done
  dirs=("$tmp")
fi
files=$(find "${dirs[@]}" -type f | wc -l)
bytes=$(find "${dirs[@]}" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
echo "== CLI: clean-article --jobs N over $files files, $((bytes / 1000)) kB (best of 3)"
for j in "${jobs[@]}"; do
  best=
  for _ in 1 2 3; do
    t0=$(date +%s%N)
    target/release/clean-article --jobs "$j" "${dirs[@]}" > /dev/null 2>&1
    t=$(( ($(date +%s%N) - t0) / 1000000 ))
    if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
  done
  awk -v j="$j" -v ms="$best" -v n="$files" -v b="$bytes" \
    'BEGIN { printf "  --jobs %-3d %7.0f files/s  %6.1f MB/s  (%d ms)\n", j, n / (ms / 1000), b / 1e6 / (ms / 1000), ms }'
done
echo "== Browser: createCleaner({ worker: true, concurrency })"
[ -f pkg/clean_article_bg.wasm ] || bash scripts/build-wasm.sh
workers=$(IFS=,; echo "${jobs[*]}")
node benches/browser/workers.mjs --workers "$workers"

#!/usr/bin/env bash
# Runs the cargo-fuzz target `pipeline` (fuzz/) for a while, seeded with the shared corpus posts.
#   bash scripts/fuzz.sh [SECONDS]      (default 300)
# Needs a nightly toolchain (libFuzzer's sanitizer flags) and cargo-fuzz; installs cargo-fuzz
# when missing. Crashes land in fuzz/artifacts/pipeline/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-300}"
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: no nightly toolchain; rely on tests/properties.rs" >&2
  exit 2
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
corpus=fuzz/corpus/pipeline
mkdir -p "$corpus"
shared="${CLEAN_ARTICLE_SHARED:-../shared}"
if [ -d "$shared/corpus/posts" ] && [ -z "$(ls -A "$corpus")" ]; then
  i=0
  while IFS= read -r -d '' f; do cp "$f" "$corpus/post$((i++))"; done \
    < <(find "$shared/corpus/posts" "$shared/seeds" -type f -print0)
fi
cargo +nightly fuzz run pipeline "$corpus" -- -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=4096

#!/usr/bin/env bash
# Runs the libFuzzer target `pipeline` (fuzz/fuzz_targets/pipeline.rs) for a while, seeded
# with the shared corpus posts and the seed post.
#   bash scripts/fuzz.sh [SECONDS]      (default 300)
# Needs a nightly toolchain (libFuzzer's coverage instrumentation). Uses `cargo fuzz` when it
# is installed; otherwise builds the target the way cargo-fuzz does (same RUSTFLAGS), so
# nothing has to be installed. Crashes land in fuzz/artifacts/pipeline/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-300}"
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: no nightly toolchain; tests/properties.rs covers the same properties" >&2
  exit 2
fi
corpus=fuzz/corpus/pipeline
mkdir -p "$corpus" fuzz/artifacts/pipeline
shared="${CLEAN_ARTICLE_SHARED:-../shared}"
if [ -d "$shared/corpus/posts" ] && [ -z "$(ls -A "$corpus")" ]; then
  i=0
  while IFS= read -r -d '' f; do cp "$f" "$corpus/post$((i++))"; done \
    < <(find "$shared/corpus/posts" "$shared/seeds" -type f -print0)
fi
args=(-max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1)
if command -v cargo-fuzz >/dev/null; then
  exec cargo +nightly fuzz run pipeline "$corpus" -- "${args[@]}"
fi
target=$(rustc -vV | awk '/^host:/ {print $2}')
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
(cd fuzz && cargo +nightly build --release --bin pipeline --target "$target")
cd fuzz
exec "./target/$target/release/pipeline" "corpus/pipeline" -artifact_prefix=artifacts/pipeline/ "${args[@]}"

#!/usr/bin/env bash
# Runs every test: formatting, lints, host unit/integration/doc tests.
# (WASM and browser suites are added by scripts/test-wasm.sh and scripts/test-browser.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace

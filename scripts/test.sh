#!/usr/bin/env bash
# Runs every test: host (fmt, clippy, unit/integration/doc tests), wasm (the built package in
# Node: parity with the native core, errors, types; tsc over the JS) and browser (the package and
# the demo in Debian's Chromium; the engine tests also in Firefox ESR and WebKitGTK). Installs
# what is missing first (see scripts/lib/ensure-tools.sh).
# The repository's own fixtures (tests/fixtures) are always tested. The shared data set
# (../shared, or $CLEAN_ARTICLE_SHARED) is used when it is there: the Rust tests that need it
# are #[ignore]d and run here with --include-ignored; without it they are reported as ignored
# and a SKIPPED line says so (JS tests and scripts print their own SKIPPED lines).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-tools.sh

shared=${CLEAN_ARTICLE_SHARED:-../shared}
if [ -f "$shared/corpus/expect.json" ]; then
  CLEAN_ARTICLE_SHARED=$(cd "$shared" && pwd)
  export CLEAN_ARTICLE_SHARED
  echo "==> shared data: $CLEAN_ARTICLE_SHARED (the tests that need it run too)"
  ignored=(--include-ignored)
else
  echo "SKIPPED: shared data not found at $shared (set CLEAN_ARTICLE_SHARED); the tests that need it" \
    "are reported as ignored, the fixtures in tests/fixtures are tested"
  ignored=()
fi

echo "==> host: fmt, clippy, cargo test"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace -- "${ignored[@]}"

echo "==> wasm: build pkg/ and the demo"
bash scripts/build-wasm.sh
bash scripts/build-demo.sh

echo "==> js: tsc --checkJs over js/ and www/ (JSDoc types, against pkg/'s declarations)"
node_modules/.bin/tsc -p tsconfig.json

echo "==> wasm: the package in Node"
node --test --test-reporter=spec tests/js/

echo "==> browser: Chromium"
if ! ensure_chromium; then
  echo "FAILED: Chromium not found and cannot be installed here (apt-get install -y chromium, or set CHROMIUM=/path)" >&2
  exit 1
fi
node --test --test-reporter=spec --test-concurrency=1 tests/browser/demo.test.mjs tests/browser/trusted-types.test.mjs tests/browser/start-up.test.mjs

echo "==> browser: the demo, the element, createCleaner and an XSS sample in Chromium, Firefox ESR, WebKitGTK"
if ! ensure_other_engines; then
  echo "FAILED: firefox-esr / webkit2gtk-driver / xvfb missing and cannot be installed here" >&2
  exit 1
fi
xvfb-run -a node --test --test-reporter=spec --test-concurrency=1 tests/browser/engines.test.mjs

echo "==> consumers: the packed tarball in a plain page, a Vite build, Node and tsc"
bash scripts/test-consume.sh

echo "==> Hexo: the plugin on a Hexo 8 site (integrations/hexo), pages read in Chromium"
bash scripts/test-hexo.sh

echo "==> security: XSS oracle in Chromium (fixed 600-vector sample; full run: scripts/xss-oracle.sh --full)"
bash scripts/xss-oracle.sh --no-build --sample 600 --adapter sanitize
bash scripts/xss-oracle.sh --no-build --sample 600 --adapter clean
# Article.markdown rendered by commonmark.js, marked and markdown-it: a shared sample and a
# sample of the Markdown-specific vectors (tests/xss/markdown.jsonl).
bash scripts/xss-oracle.sh --no-build --sample 100 --adapter md
bash scripts/xss-oracle.sh --no-build --sample 150 --adapter md --vectors tests/xss/markdown.jsonl

if [ ${#ignored[@]} -eq 0 ]; then
  echo "==> done; SKIPPED: the tests that need the shared data ($shared not found) did not run"
else
  echo "==> done (with the shared data)"
fi

#!/usr/bin/env bash
# Browser benchmark: in ONE headless Chromium run (Debian's /usr/bin/chromium via npm
# playwright-core; no browser is ever downloaded), times clean-article's WASM against
# Readability.js + DOMPurify on the browser's own DOMParser over the same inputs (every corpus
# post + seed, the Zyte pages, the Chinese pages) and prints per-page median, p95, pages/s, MB/s
# and the throughput ratio (goal >= 2x on posts and on whole pages). Then the WASM memory check
# (10,000 articles, linear memory must stay flat after warm-up), then the demo's first render
# (cold loads of out/demo; goal: first article on screen within 50 ms of the load event).
#
#   bash scripts/bench-browser.sh                 # builds pkg/ if missing, then both
#   bash scripts/bench-browser.sh --rounds 3 --sets posts,cwced
#   BENCH_BUILD=1 bash scripts/bench-browser.sh   # rebuild pkg/ first
#   BENCH_SKIP_MEMORY=1 BENCH_SKIP_DEMO=1 bash scripts/bench-browser.sh   # the comparison only
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
[ -x /usr/bin/chromium ] || { echo "bench-browser.sh: /usr/bin/chromium missing (apt-get install -y chromium)" >&2; exit 1; }
[ -d node_modules/@mozilla/readability ] && [ -d node_modules/dompurify ] && [ -d node_modules/playwright-core ] ||
  npm ci --no-audit --no-fund
if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f pkg/clean_article_bg.wasm ]; then
  bash scripts/build-wasm.sh
fi
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
bash scripts/size.sh 2>/dev/null || true
node benches/browser/run.mjs "$@"
if [ "${BENCH_SKIP_MEMORY:-0}" != 1 ]; then
  echo
  echo "== WASM memory over 10,000 articles (node)"
  node benches/wasm-memory.mjs
fi
if [ "${BENCH_SKIP_DEMO:-0}" != 1 ]; then
  echo
  echo "== Demo first render"
  bash scripts/build-demo.sh
  node benches/browser/first-render.mjs
fi

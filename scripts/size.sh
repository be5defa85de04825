#!/usr/bin/env bash
# Prints the size of the built .wasm: raw, gzip -9 and brotli (q 11), plus the JS glue.
# Usage: bash scripts/size.sh [path/to.wasm]   (default pkg/clean_article_bg.wasm; build first)
#        bash scripts/size.sh --crates          also prints each crate's share (from a symbol-named build)
set -euo pipefail
cd "$(dirname "$0")/.."
crates=0
wasm=pkg/clean_article_bg.wasm
for a in "$@"; do
  case "$a" in
    --crates) crates=1 ;;
    *) wasm=$a ;;
  esac
done
[ -f "$wasm" ] || { echo "size.sh: $wasm not found; run bash scripts/build-wasm.sh first" >&2; exit 1; }
node - "$wasm" pkg/clean_article.js <<'JS'
const fs = require('fs');
const zlib = require('zlib');
const row = (file) => {
  if (!fs.existsSync(file)) return;
  const b = fs.readFileSync(file);
  const gz = zlib.gzipSync(b, { level: 9 }).length;
  const br = zlib.brotliCompressSync(b, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length },
  }).length;
  const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KiB';
  console.log(`${file.padEnd(32)} raw ${kb(b.length)}   gzip ${kb(gz)}   brotli ${kb(br)}`);
};
for (const f of process.argv.slice(2)) row(f);
JS
if [ "$crates" = 1 ]; then
  node scripts/wasm-crate-sizes.mjs
fi

#!/usr/bin/env bash
# Assembles the static demo into out/demo/: www/ + the built pkg/ + the sample post embedded in
# index.html. The sample is ../shared/seeds/000_55d67fdb776d6e79.txt when the shared data is
# present (never committed), else our own www/sample.md.
# Usage: bash scripts/build-demo.sh   (run scripts/build-wasm.sh first, or use scripts/demo.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/clean_article_bg.wasm ] || { echo "build-demo: pkg/ missing; run bash scripts/build-wasm.sh" >&2; exit 1; }
out=out/demo
rm -rf "$out"
mkdir -p "$out/pkg"
cp www/index.html www/app.js www/style.css "$out/"
cp pkg/clean_article.js pkg/clean_article_bg.wasm pkg/clean_article.d.ts \
  pkg/cleaner.js pkg/cleaner-worker.js pkg/init.js pkg/trusted.js pkg/start.js "$out/pkg/"

shared=${CLEAN_ARTICLE_SHARED:-../shared}
seed="$shared/seeds/000_55d67fdb776d6e79.txt"
if [ -f "$seed" ]; then
  sample=$seed
  name=$(basename "$seed")
else
  sample=www/sample.md
  name=sample.md
  echo "build-demo: $seed not found, using the built-in sample www/sample.md"
fi
# The sample's Article is computed now, by the same pkg/ in Node, so the page can show it
# before the WebAssembly module has even compiled; user inputs are cleaned live in the page.
node --input-type=module - "$out/index.html" "$sample" "$name" <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
import { initSync, cleanArticle } from './pkg/clean_article.js';
const [file, samplePath, name] = process.argv.slice(2);
initSync({ module: readFileSync('pkg/clean_article_bg.wasm') });
const text = readFileSync(samplePath, 'utf8');
const article = cleanArticle(text);
// JSON inside <script type="application/json">: escape `<` so no `</script>` can close it.
const json = JSON.stringify({ name, text, article })
  .replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
const html = readFileSync(file, 'utf8');
const marker = '<script type="application/json" id="sample">null</script>';
if (!html.includes(marker)) throw new Error('sample marker missing in www/index.html');
writeFileSync(file, html.replace(marker, () => `<script type="application/json" id="sample">${json}</script>`));
JS
echo "==> demo assembled in $out/ (sample: $name)"

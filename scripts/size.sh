#!/usr/bin/env bash
# Prints the size of the built .wasm: raw, gzip -9 (also in bytes) and brotli (q 11), plus the JS glue.
# Usage: bash scripts/size.sh [path/to.wasm]   (default pkg/clean_article_bg.wasm; build first)
#        bash scripts/size.sh --functions N     --crates, plus the N largest function bodies
#        bash scripts/size.sh --crates          also prints where the bytes are: each crate's code and
#                                               the data section, raw and as gzip shares (from the
#                                               symbol-named build, optimised as shipped plus -g)
#        bash scripts/size.sh --floor           also builds benches/size-floor (html5ever parsing and
#                                               serializing, nothing else, built like the package)
#                                               and prints its size: what any html5ever-based cleaner ships
set -euo pipefail
cd "$(dirname "$0")/.."
crates=0
functions=0
floor=0
wasm=pkg/clean_article_bg.wasm
for a in "$@"; do
  case "$a" in
    --crates) crates=1 ;;
    --functions) crates=1; functions=40 ;;
    [0-9]*) functions=$a ;;
    --floor) floor=1 ;;
    *) wasm=$a ;;
  esac
done
[ -f "$wasm" ] || { echo "size.sh: $wasm not found; run bash scripts/build-wasm.sh first" >&2; exit 1; }
files=("$wasm" pkg/clean_article.js)
if [ "$floor" = 1 ]; then
  source scripts/lib/ensure-tools.sh
  ensure_wasm_tools
  mapfile -t wasm_opt_args < <(wasm_pack_setting wasm-opt args)
  echo "==> benches/size-floor (release, wasm32, wasm-bindgen, wasm-opt ${wasm_opt_args[*]})" >&2
  cargo build -q -p clean-article-size-floor --release --target wasm32-unknown-unknown
  out=target/size-floor
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name floor \
    target/wasm32-unknown-unknown/release/clean_article_size_floor.wasm
  node_modules/.bin/wasm-opt "${wasm_opt_args[@]}" "$out/floor_bg.wasm" -o "$out/floor.wasm"
  files+=("$out/floor.wasm")
fi
node - "${files[@]}" <<'JS'
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
  console.log(`${file.padEnd(32)} raw ${kb(b.length)}   gzip ${kb(gz)} (${gz} B)   brotli ${kb(br)}`);
  // The package's budget (README, Performance): the shipped module at most 300,000 B gzip -9.
  if (file.endsWith('clean_article_bg.wasm')) {
    const left = 300000 - gz;
    console.log(`${''.padEnd(32)} ceiling 300,000 B gzip: ${left >= 0 ? `${left} B under (met)` : `${-left} B OVER`}`);
  }
};
for (const f of process.argv.slice(2)) row(f);
JS
if [ "$crates" = 1 ]; then
  source scripts/lib/ensure-tools.sh
  names=target/wasm-size/clean_article_bg.names.wasm
  opt=target/wasm-size/clean_article_bg.opt-names.wasm
  [ -f "$names" ] || { echo "size.sh: $names not found; run bash scripts/build-wasm.sh first" >&2; exit 1; }
  if [ ! -f "$opt" ] || [ "$names" -nt "$opt" ] || [ wasm-pack.toml -nt "$opt" ]; then
    mapfile -t wasm_opt_args < <(wasm_pack_setting wasm-opt args)
    node_modules/.bin/wasm-opt "${wasm_opt_args[@]}" -g "$names" -o "$opt"
  fi
  node scripts/wasm-crate-sizes.mjs "$opt" --functions "$functions"
fi

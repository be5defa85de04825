#!/usr/bin/env bash
# Builds the npm package `clean-article` into pkg/ (ES module, --target web):
#   wasm-pack (release, no install) -> wasm-opt from the pinned npm binaryen -> package.json fix-up.
# Settings (crate, target, wasm-pack version, wasm-opt flags): wasm-pack.toml.
# Installs whatever is missing first: the wasm32 rustup target, wasm-pack 0.15.1, wasm-bindgen-cli
# matching Cargo.lock, and node_modules (npm ci). Never uses Debian's binaryen.
# Usage: bash scripts/build-wasm.sh     (env: SKIP_WASM_OPT=1 to skip wasm-opt while iterating)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-tools.sh
ensure_wasm_tools
ensure_node_modules

# Settings: wasm-pack.toml.
crate=$(wasm_pack_setting wasm-pack crate)
target=$(wasm_pack_setting wasm-pack target)
out_dir=$(wasm_pack_setting wasm-pack out-dir)
out_name=$(wasm_pack_setting wasm-pack out-name)
mapfile -t wasm_opt_args < <(wasm_pack_setting wasm-opt args)
if [ "$out_dir" != pkg ] || [ "$out_name" != clean_article ]; then
  # The scripts, tests and package.json fix-up below name pkg/clean_article*.
  echo "build-wasm: wasm-pack.toml: out-dir must be \"pkg\" and out-name \"clean_article\"" >&2
  exit 1
fi

echo "==> wasm-pack build $crate (release, --target $target)"
rm -rf "$out_dir"
wasm-pack --log-level warn build "$crate" --mode no-install --release --target "$target" \
  --out-dir "$(realpath -m --relative-to="$crate" "$out_dir")" --out-name "$out_name"

wasm=$out_dir/${out_name}_bg.wasm
if [ "${SKIP_WASM_OPT:-0}" != 1 ]; then
  echo "==> wasm-opt ${wasm_opt_args[*]} (npm binaryen $(node_modules/.bin/wasm-opt --version | awk '{print $3}'))"
  before=$(stat -c %s "$wasm")
  # Keep the symbol-named module for the per-crate size breakdown (scripts/size.sh --crates).
  mkdir -p target/wasm-size && cp "$wasm" target/wasm-size/clean_article_bg.names.wasm
  node_modules/.bin/wasm-opt "${wasm_opt_args[@]}" "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  echo "    $before -> $(stat -c %s "$wasm") bytes"
fi

# The element, the Worker API and their helpers (js/: element.js, cleaner.js, cleaner-worker.js,
# init.js, trusted.js, start.js + .d.ts).
cp js/*.js js/*.d.ts pkg/

# The package: named clean-article, an ES module, with the README and licence.
node - <<'JS'
const fs = require('fs');
const path = 'pkg/package.json';
const pkg = JSON.parse(fs.readFileSync(path, 'utf8'));
const extras = fs.readdirSync('js').filter((f) => /\.(js|d\.ts)$/.test(f)).sort();
pkg.name = 'clean-article';
pkg.type = 'module';
pkg.main = 'clean_article.js';
pkg.module = 'clean_article.js';
pkg.types = 'clean_article.d.ts';
pkg.exports = {
  '.': { types: './clean_article.d.ts', default: './clean_article.js' },
  './element': { types: './element.d.ts', default: './element.js' },
  './cleaner': { types: './cleaner.d.ts', default: './cleaner.js' },
  './trusted': { types: './trusted.d.ts', default: './trusted.js' },
  './start': { types: './start.d.ts', default: './start.js' },
  './cleaner-worker.js': './cleaner-worker.js',
  './clean_article_bg.wasm': './clean_article_bg.wasm',
  './package.json': './package.json',
};
pkg.sideEffects = ['./snippets/*', './element.js'];
pkg.files = Array.from(new Set([...(pkg.files || []), 'clean_article_bg.wasm', 'clean_article.js',
  'clean_article.d.ts', 'clean_article_bg.wasm.d.ts', 'README.md', ...extras]));
pkg.description = 'Turns scraped news posts and article pages into clean, safe, well-structured articles (Rust + WebAssembly).';
fs.writeFileSync(path, JSON.stringify(pkg, null, 2) + '\n');
JS
# wasm-bindgen writes `Option<JsValue>` parameters as required; the options argument is optional.
node - <<'JS'
const fs = require('fs');
const path = 'pkg/clean_article.d.ts';
const want = 'export function cleanArticle(input: string, options?: Options | null): Article;';
let dts = fs.readFileSync(path, 'utf8');
dts = dts.replace('export function cleanArticle(input: string, options: Options | null): Article;', want);
if (!dts.includes(want)) throw new Error('build-wasm: unexpected cleanArticle declaration in ' + path);
fs.writeFileSync(path, dts);
JS
cp README.md pkg/README.md
rm -f pkg/.gitignore
echo "==> pkg/ ready ($(node -p "require('./pkg/package.json').name")@$(node -p "require('./pkg/package.json').version"))"
bash scripts/size.sh

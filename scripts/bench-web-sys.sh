#!/usr/bin/env bash
# web-sys vs JsonML for the DOM (issue 18): what building the article body as a DocumentFragment
# from Rust (web-sys, js-api's cargo feature `dom`, `cleanArticleFragment`) costs against the
# shipped route (`cleanArticleTree`'s JsonML + the JS `toFragment` of js/trusted.js).
#
# Builds the binding twice like the package (release wasm32, wasm-bindgen --target web, wasm-opt
# with wasm-pack.toml's args) into target/web-sys/{jsonml,dom}, prints the .wasm gzip -9 bytes
# of each and the delta, then in headless Chromium over the Zyte pages of ../shared (else
# tests/fixtures/pages) the median time per page of each route and whether both give the same
# DOM (benches/browser/web-sys.mjs).
#
#   bash scripts/bench-web-sys.sh                 # both builds, then the browser part
#   bash scripts/bench-web-sys.sh --rounds 9      # more timing rounds (default 5)
#   BENCH_SKIP_BUILD=1 bash scripts/bench-web-sys.sh   # reuse target/web-sys
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
source scripts/lib/ensure-tools.sh
ensure_wasm_tools
ensure_node_modules
ensure_chromium || { echo "bench-web-sys.sh: no Chromium (apt-get install -y chromium)" >&2; exit 1; }
mapfile -t wasm_opt_args < <(wasm_pack_setting wasm-opt args)
out=target/web-sys

# build NAME [cargo args...]: the package's .wasm + glue into $out/NAME, as scripts/build-wasm.sh.
build() {
  local name=$1
  shift
  echo "==> $name: cargo build -p clean-article-js --release --target wasm32-unknown-unknown $*" >&2
  nice -n 10 cargo build -q -j 1 -p clean-article-js --release --target wasm32-unknown-unknown "$@"
  rm -rf "${out:?}/$name"
  wasm-bindgen --target web --out-dir "$out/$name" --out-name clean_article \
    target/wasm32-unknown-unknown/release/clean_article_js.wasm
  node_modules/.bin/wasm-opt "${wasm_opt_args[@]}" "$out/$name/clean_article_bg.wasm" -o "$out/$name/opt.wasm"
  mv "$out/$name/opt.wasm" "$out/$name/clean_article_bg.wasm"
  cp js/*.js "$out/$name/"
}

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$out/dom/clean_article_bg.wasm" ]; then
  # The feature builds for the browser target, and is lint-clean there.
  nice -n 10 cargo clippy -q -j 1 -p clean-article-js --features dom --target wasm32-unknown-unknown -- -D warnings
  build jsonml
  build dom --features dom
fi

gz() { gzip -9c "$1" | wc -c; }
raw() { stat -c %s "$1"; }
echo
echo "== .wasm (wasm-opt ${wasm_opt_args[*]}) and JS glue (clean_article.js), gzip -9"
row() { printf '%-34s %9s B raw %9s B gzip   glue %6s B gzip\n' "$@"; }
for f in jsonml dom; do
  w=$out/$f/clean_article_bg.wasm
  declare "wasm_$f=$(raw "$w")" "gz_$f=$(gz "$w")" "glue_$f=$(gz "$out/$f/clean_article.js")"
done
row "default (JsonML + toFragment)" "$wasm_jsonml" "$gz_jsonml" "$glue_jsonml"
row "--features dom (web-sys)" "$wasm_dom" "$gz_dom" "$glue_dom"
row "delta" "$(printf %+d $((wasm_dom - wasm_jsonml)))" "$(printf %+d $((gz_dom - gz_jsonml)))" \
  "$(printf %+d $((glue_dom - glue_jsonml)))"
echo
echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
node benches/browser/web-sys.mjs --jsonml "$out/jsonml" --dom "$out/dom" "$@"

#!/usr/bin/env bash
# What would ammonia cost in the .wasm? Builds two throwaway wasm crates in
# target/size-ammonia/ (outside the workspace, the repo's Cargo.lock as a start) that both
# export `clean_html(input) = clean_article::clean(input).html`; the `ammonia` variant also
# passes that HTML through `ammonia::clean` (a sanitize path on a second parse). Same
# profile and pipeline as scripts/build-wasm.sh: release, opt-level z, LTO, wasm-bindgen
# --target web, wasm-opt -Oz from the pinned npm binaryen. Prints raw and gzip -9 sizes.
#   bash scripts/size-ammonia.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/lib/ensure-tools.sh
ensure_wasm_tools
ensure_node_modules
dir="$root/target/size-ammonia"
mkdir -p "$dir"
printf '%-10s %12s %12s %s\n' variant raw_bytes gzip_bytes ammonia
for variant in baseline ammonia; do
  d="$dir/$variant"
  mkdir -p "$d/src"
  extra=""
  body='html'
  if [ "$variant" = ammonia ]; then
    extra='ammonia = "4"'
    body='ammonia::clean(&html)'
  fi
  cat >"$d/Cargo.toml" <<EOF
[package]
name = "size-$variant"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
clean-article = { path = "$root" }
wasm-bindgen = "0.2"
$extra

[profile.release]
opt-level = "z"
lto = true
codegen-units = 1

[workspace]
EOF
  cat >"$d/src/lib.rs" <<EOF
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn clean_html(input: &str) -> String {
    let html = clean_article::clean(input, &Default::default())
        .map(|a| a.html)
        .unwrap_or_default();
    $body
}
EOF
  [ -f "$d/Cargo.lock" ] || cp "$root/Cargo.lock" "$d/Cargo.lock"
  (cd "$d" && cargo build --quiet --release --target wasm32-unknown-unknown)
  wasm="$d/target/wasm32-unknown-unknown/release/size_$variant.wasm"
  wasm-bindgen --target web --out-dir "$d/pkg" "$wasm"
  out="$d/pkg/size_${variant}_bg.wasm"
  node_modules/.bin/wasm-opt -Oz --skip-pass=memory-packing "$out" -o "$out.opt"
  version=$(grep -A1 '^name = "ammonia"$' "$d/Cargo.lock" | awk -F'"' '/version/ {print $2}' || true)
  printf '%-10s %12s %12s %s\n' "$variant" "$(stat -c %s "$out.opt")" "$(gzip -9 -c "$out.opt" | wc -c)" "${version:--}"
done

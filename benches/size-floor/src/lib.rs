//! The smallest thing any html5ever-based article cleaner ships: parse a page or a fragment
//! and serialize it back, behind the same binding glue, panic hook and allocator as the real
//! package. `bash scripts/size.sh --floor` builds it with the release profile and the wasm-opt
//! flags of `wasm-pack.toml` and prints its size next to the package's.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Parses `input` (a whole page when `page`, else a fragment) and serializes the tree.
#[wasm_bindgen]
pub fn roundtrip(input: &str, page: bool) -> String {
    let html = if page {
        scraper::Html::parse_document(input)
    } else {
        scraper::Html::parse_fragment(input)
    };
    html.html()
}

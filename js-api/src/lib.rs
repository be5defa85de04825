//! The JavaScript binding of clean-article: converts types and errors, nothing else.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::*;

/// Installs the panic hook so a bug shows a readable message in the console.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Cleans a post, fragment or page into an `Article` object.
#[wasm_bindgen(js_name = cleanArticle)]
pub fn clean_article(input: &str, options: JsValue) -> Result<JsValue, JsError> {
    let options: clean_article::Options = if options.is_undefined() || options.is_null() {
        clean_article::Options::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsError::new(&format!("invalid options: {e}")))?
    };
    let article =
        clean_article::clean(input, &options).map_err(|e| JsError::new(&e.to_string()))?;
    article
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

use serde::Serialize as _;

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

//! The JavaScript binding of clean-article: converts types and errors, nothing else.
//!
//! Values cross the boundary as JSON: the `Article` is serialized by `serde_json` (exactly as the
//! native CLI prints it) and parsed by the engine's own `JSON.parse`; `Options` go the other way
//! through `JSON.stringify`. Every failure becomes a JS `Error` with a readable message.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::*;

/// TypeScript declarations of the values that cross the boundary. They mirror
/// `src/article.rs` (snake_case fields) and `src/options.rs` (camelCase keys).
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** How the input is treated. `"auto"` (default): front matter or a fragment is a post, a full
 * document (`<html>`, `<head>`, `<body>`) is a page. */
export type Mode = "auto" | "post" | "page";

/** Options for {@link cleanArticle}. Every key is optional; unknown keys are an error. */
export interface Options {
  /** How to treat the input. Default `"auto"`. */
  mode?: Mode;
  /** Keep images (default `true`); when `false` only their `alt` text is kept. */
  images?: boolean;
  /** Allow `data:image/*` URLs in `img src` (default `false`). */
  dataImages?: boolean;
  /** Hosts whose iframe players are kept as sandboxed iframes (default: none). */
  embedHosts?: string[];
  /** Reject inputs larger than this many bytes (default 64 MiB). */
  maxInputBytes?: number;
  /** Apply the portal boilerplate rule table (default `true`). Sanitizing always happens. */
  removeBoilerplate?: boolean;
  /** Base URL to resolve relative links and image sources against (default: none). */
  baseUrl?: string | null;
  /** Add `referrerpolicy="no-referrer"` to every image, for hot-link protected hosts (default `false`). */
  imageReferrerPolicy?: boolean;
  /** Add `nofollow` to every link's `rel` (default `false`). */
  linkNofollow?: boolean;
}

/** What the input was recognised as. */
export type InputKind = "post" | "fragment" | "page";

/** Metadata recovered from the article body (or the page). Unknown keys are absent. */
export interface Meta {
  /** The original headline (`原标题：…`). */
  original_title?: string;
  /** The responsible editor (`责任编辑：…`). */
  editor?: string;
  /** The author line as printed. */
  byline?: string;
  /** The publication the text comes from (`来源：…`). */
  source?: string;
}

/** Counts over the clean article. */
export interface Stats {
  /** Non-whitespace characters of `text`. */
  chars: number;
  /** Paragraph-like blocks. */
  paragraphs: number;
  /** Images kept. */
  images: number;
  /** Estimated reading time in minutes (at least 1 when there is text). */
  reading_minutes: number;
}

/** A problem in the input that did not stop processing. */
export interface Warning {
  /** Stable machine-readable code, e.g. `date_unparseable`. */
  code: string;
  /** Human-readable explanation. */
  message: string;
}

/** One thing the pipeline took out of the article, and why. */
export interface Removed {
  /** What was removed: `comment`, `script`, `promo`, `unsafe_attribute`, ... */
  kind: string;
  /** Which rule removed it and a short excerpt. */
  detail: string;
}

/** Any JSON value (front-matter keys this library does not interpret). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A cleaned article. */
export interface Article {
  kind: InputKind;
  title: string | null;
  categories: string[];
  author: string | null;
  /** ISO 8601 (`2021-08-10T13:16:24Z`, or without zone when the source had none). */
  date: string | null;
  cover: string | null;
  meta: Meta;
  extra: { [key: string]: JsonValue };
  /** Sanitized HTML, safe to assign to `innerHTML`. */
  html: string;
  /** Plain text: one paragraph per line, blank line between blocks. */
  text: string;
  /** CommonMark. */
  markdown: string;
  stats: Stats;
  warnings: Warning[];
  removed: Removed[];
}
"#;

/// Installs the panic hook so a bug shows a readable message in the console.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Reads the JS options object (`undefined`/`null` mean the defaults).
fn options_from_js(options: &JsValue) -> Result<clean_article::Options, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(clean_article::Options::default());
    }
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(JsError::new(
            "invalid options: expected an object such as { mode: \"auto\", images: true }",
        ));
    }
    let json = js_sys::JSON::stringify(options)
        .map_err(|_| JsError::new("invalid options: the object cannot be converted to JSON"))?;
    let json = String::from(json);
    serde_json::from_str(&json).map_err(|e| JsError::new(&format!("invalid options: {e}")))
}

/// Cleans a post, fragment or page into an `Article` object.
///
/// Throws an `Error` when the options are invalid or the input is larger than
/// `maxInputBytes`; every other problem is listed in `article.warnings`.
#[wasm_bindgen(js_name = cleanArticle, unchecked_return_type = "Article")]
pub fn clean_article(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let input = input.as_string().ok_or_else(|| {
        JsError::new("clean-article: the input must be a string (the text of a post or page)")
    })?;
    let options = options_from_js(&options.unwrap_or(JsValue::UNDEFINED))?;
    let article = clean_article::clean(&input, &options)
        .map_err(|e| JsError::new(&format!("clean-article: {e}")))?;
    let json = serde_json::to_string(&article)
        .map_err(|e| JsError::new(&format!("clean-article: cannot serialize the article: {e}")))?;
    js_sys::JSON::parse(&json)
        .map_err(|_| JsError::new("clean-article: cannot convert the article to a JS object"))
}

/// Sanitizes an HTML fragment with the same allow-list as `cleanArticle`, without cleaning
/// rules. The result is safe to assign to `innerHTML`.
#[wasm_bindgen]
pub fn sanitize(html: &str) -> String {
    clean_article::sanitize(html)
}

/// Guesses whether `html` is a whole page that holds an article.
#[wasm_bindgen(js_name = isProbablyArticle)]
pub fn is_probably_article(html: &str) -> bool {
    clean_article::is_probably_article(html)
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

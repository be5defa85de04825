//! The JavaScript binding of clean-article: converts types and errors, nothing else.
//!
//! Values cross the boundary as JSON: the `Article` is written as the same JSON text that
//! `serde_json` gives the native CLI (a unit test checks it byte for byte) and parsed by the
//! engine's own `JSON.parse`. `Options` are read from `JSON.parse(JSON.stringify(options))`, so
//! `toJSON`, `undefined` members and `NaN` behave as in JSON. Every failure becomes a JS `Error`
//! with a readable message. (No serde here: its generic code was a tenth of the `.wasm`.)
#![forbid(unsafe_code)]

use clean_article::{Article, InputKind, Options};
use js_sys::{Array, JSON};
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[cfg(feature = "dom")]
mod dom;

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

/** One node of {@link cleanArticleTree}'s `tree` (JsonML): text, or an element as
 * `[name, attributes, ...children]`. */
export type TreeNode = string | [string, Record<string, string>, ...TreeNode[]];
"#;

/// Installs the panic hook so a bug shows a readable message in the console.
#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Reads the JS options object (`undefined`/`null` mean the defaults) through its JSON text,
/// with the core's one options reader ([`Options::from_json`]).
fn options_from_js(options: &JsValue) -> Result<Options, JsError> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    if !options.is_object() || Array::is_array(options) {
        return Err(JsError::new(
            "invalid options: expected an object such as { mode: \"auto\", images: true }",
        ));
    }
    let json = JSON::stringify(options)
        .ok()
        .and_then(|json| json.as_string())
        .ok_or_else(|| JsError::new("invalid options: the object cannot be converted to JSON"))?;
    Options::from_json(&json).map_err(|e| JsError::new(&e))
}

/// The `Article` as JSON text, exactly as `serde_json::to_string` writes it.
fn article_json(a: &Article) -> String {
    let mut w = Json(String::with_capacity(
        a.html.len() + a.text.len() + a.markdown.len() + 4096,
    ));
    w.raw("{\"kind\":");
    w.string(match a.kind {
        InputKind::Post => "post",
        InputKind::Fragment => "fragment",
        InputKind::Page => "page",
    });
    w.key("title");
    w.opt(&a.title);
    w.key("categories");
    w.list(&a.categories, |w, c| w.string(c));
    w.key("author");
    w.opt(&a.author);
    w.key("date");
    w.opt(&a.date);
    w.key("cover");
    w.opt(&a.cover);
    w.key("meta");
    let m = &a.meta;
    let fields = [
        ("original_title", &m.original_title),
        ("editor", &m.editor),
        ("byline", &m.byline),
        ("source", &m.source),
    ];
    let mut sep = '{';
    for (k, v) in fields {
        if let Some(v) = v {
            w.0.push(sep);
            w.string(k);
            w.0.push(':');
            w.string(v);
            sep = ',';
        }
    }
    w.raw(if sep == '{' { "{}" } else { "}" });
    w.key("extra");
    w.object(a.extra.iter());
    for (k, v) in [
        ("html", &a.html),
        ("text", &a.text),
        ("markdown", &a.markdown),
    ] {
        w.key(k);
        w.string(v);
    }
    w.key("stats");
    let s = &a.stats;
    w.raw("{\"chars\":");
    w.number(s.chars as u64);
    w.raw(",\"paragraphs\":");
    w.number(s.paragraphs as u64);
    w.raw(",\"images\":");
    w.number(s.images as u64);
    w.raw(",\"reading_minutes\":");
    w.number(u64::from(s.reading_minutes));
    w.raw("}");
    w.key("warnings");
    w.list(&a.warnings, |w, x| {
        w.pair("code", &x.code, "message", &x.message)
    });
    w.key("removed");
    w.list(&a.removed, |w, x| {
        w.pair("kind", &x.kind, "detail", &x.detail)
    });
    w.raw("}");
    w.0
}

/// A JSON writer with `serde_json`'s compact formatting and string escapes.
struct Json(String);

impl Json {
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// `,"key":` (every key but the first of the article).
    fn key(&mut self, k: &str) {
        self.0.push(',');
        self.string(k);
        self.0.push(':');
    }

    fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let w = &mut self.0;
        w.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let esc = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0C => "\\f",
                0..=0x1F => "",
                _ => continue,
            };
            w.push_str(&s[start..i]);
            if esc.is_empty() {
                w.push_str("\\u00");
                w.push(char::from(HEX[usize::from(b >> 4)]));
                w.push(char::from(HEX[usize::from(b & 15)]));
            } else {
                w.push_str(esc);
            }
            start = i + 1;
        }
        w.push_str(&s[start..]);
        w.push('"');
    }

    fn opt(&mut self, s: &Option<String>) {
        match s {
            Some(s) => self.string(s),
            None => self.raw("null"),
        }
    }

    fn number(&mut self, mut n: u64) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.0.extend(digits[i..].iter().map(|&d| char::from(d)));
    }

    fn list<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T)) {
        self.0.push('[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            item(self, x);
        }
        self.0.push(']');
    }

    fn pair(&mut self, k1: &str, v1: &str, k2: &str, v2: &str) {
        self.0.push('{');
        self.string(k1);
        self.0.push(':');
        self.string(v1);
        self.0.push(',');
        self.string(k2);
        self.0.push(':');
        self.string(v2);
        self.0.push('}');
    }

    fn object<'a>(&mut self, entries: impl Iterator<Item = (&'a String, &'a Value)>) {
        self.0.push('{');
        for (i, (k, v)) in entries.enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.string(k);
            self.0.push(':');
            self.value(v);
        }
        self.0.push('}');
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.raw("null"),
            Value::Bool(b) => self.raw(if *b { "true" } else { "false" }),
            // `Number`'s `Display` is its JSON form (itoa / zmij, as the serializer).
            Value::Number(n) => {
                use std::fmt::Write;
                let _ = write!(self.0, "{n}");
            }
            Value::String(s) => self.string(s),
            Value::Array(a) => self.list(a, Self::value),
            Value::Object(o) => self.object(o.iter()),
        }
    }
}

/// The input string and the options of `cleanArticle` and `cleanArticleTree`.
fn arguments(input: JsValue, options: Option<JsValue>) -> Result<(String, Options), JsError> {
    let input = input.as_string().ok_or_else(|| {
        JsError::new("clean-article: the input must be a string (the text of a post or page)")
    })?;
    Ok((
        input,
        options_from_js(&options.unwrap_or(JsValue::UNDEFINED))?,
    ))
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
    let (input, options) = arguments(input, options)?;
    let article = clean_article::clean(&input, &options)
        .map_err(|e| JsError::new(&format!("clean-article: {e}")))?;
    JSON::parse(&article_json(&article))
        .map_err(|_| JsError::new("clean-article: cannot convert the article to a JS object"))
}

/// `cleanArticle`, plus `tree`: the article body as JsonML (the same sanitized tree as `html`),
/// for building DOM nodes without parsing HTML again (the package's `toFragment`).
#[wasm_bindgen(js_name = cleanArticleTree, unchecked_return_type = "Article & { tree: TreeNode[] }")]
pub fn clean_article_tree(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Options | null")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let (input, options) = arguments(input, options)?;
    let (article, tree) = clean_article::clean_with_tree(&input, &options)
        .map_err(|e| JsError::new(&format!("clean-article: {e}")))?;
    let mut json = article_json(&article);
    json.pop(); // the closing brace
    json.push_str(",\"tree\":");
    json.push_str(&tree);
    json.push('}');
    JSON::parse(&json)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_serde(a: &Article) {
        assert_eq!(article_json(a), serde_json::to_string(a).unwrap());
    }

    #[test]
    fn article_json_is_serde_json() {
        let mut a = Article::default();
        same_as_serde(&a);
        let all: String = (0u8..=0x7f).map(char::from).collect();
        a.title = Some(format!("{all} \u{2028}\u{fffd}é中\"\\/"));
        a.categories = vec![String::new(), "a\"b".into(), all.clone()];
        a.author = Some("\u{1F600}".into());
        a.meta.editor = Some("e".into());
        same_as_serde(&a);
        a.meta.original_title = Some("o".into());
        a.meta.source = Some("s".into());
        a.meta.byline = Some(all.clone());
        a.kind = InputKind::Page;
        a.stats.chars = usize::MAX;
        a.stats.reading_minutes = u32::MAX;
        a.warnings.push(clean_article::Warning {
            code: "c".into(),
            message: all.clone(),
        });
        a.removed.push(clean_article::Removed {
            kind: "k".into(),
            detail: "d\n".into(),
        });
        a.removed.push(clean_article::Removed {
            kind: String::new(),
            detail: String::new(),
        });
        let extra: Value = serde_json::from_str(
            r#"{"n": null, "t": true, "f": false, "i": -12, "u": 18446744073709551615,
                "x": 1.5, "e": 1e300, "s": 5e-324, "z": -0.0, "w": 100.0, "big": 1e21,
                "a": [1, [2, {"k": "v"}], [], {}], "": "", "é": "\u0001"}"#,
        )
        .unwrap();
        a.extra = serde_json::from_value(extra).unwrap();
        same_as_serde(&a);
        a.kind = InputKind::Fragment;
        a.meta = Default::default();
        same_as_serde(&a);
    }

    /// Every input under `dirs` cleans to an Article whose JSON is serde_json's; how many.
    fn article_json_is_serde_json_under(mut dirs: Vec<std::path::PathBuf>) -> usize {
        let mut seen = 0;
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(&d).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    if let Ok(a) = clean_article::clean(&text, &Options::default()) {
                        same_as_serde(&a);
                        seen += 1;
                    }
                }
            }
        }
        seen
    }

    /// Every post and page of the repository's fixtures (`tests/fixtures`).
    #[test]
    fn article_json_is_serde_json_on_fixtures() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        assert!(article_json_is_serde_json_under(vec![dir]) > 0);
    }

    /// Every input of the shared data (posts, pages).
    #[test]
    #[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
    fn article_json_is_serde_json_on_shared_data() {
        let dir = std::env::var_os("CLEAN_ARTICLE_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")
            });
        assert!(article_json_is_serde_json_under(vec![dir.join("corpus"), dir.join("bench")]) > 0);
    }
}

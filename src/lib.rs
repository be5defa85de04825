//! # clean-article
//!
//! Turns scraped news posts (YAML front matter + raw portal HTML) and whole article pages into
//! clean, safe, well-structured articles.
//!
//! Data flows one way, one module per stage:
//!
//! ```text
//! input ─► front_matter ─► document (parse; extract when a whole page) ─► clean (rule table)
//!       ─► sanitize (allow-list) ─► clean (normalize text and structure, metadata lines)
//!       ─► sanitize (structure fix-up) ─► render (html, text, markdown, stats)
//!       ─► article (assembly: front matter, page metadata, body findings) ─► Article
//! ```
//!
//! ```
//! use clean_article::{clean, Options};
//!
//! let post = "---\ntitle: 'Hello'\ndate: Tue, 10 Aug 2021 13:16:24 GMT\n---\n\
//!             <p>　　原标题：Hi</p><p>First paragraph.<script>alert(1)</script></p>\
//!             <p>责任编辑：王蒙</p>";
//! let article = clean(post, &Options::default()).unwrap();
//! assert_eq!(article.title.as_deref(), Some("Hello"));
//! assert_eq!(article.date.as_deref(), Some("2021-08-10T13:16:24Z"));
//! assert_eq!(article.meta.original_title.as_deref(), Some("Hi"));
//! assert_eq!(article.meta.editor.as_deref(), Some("王蒙"));
//! assert_eq!(article.text, "First paragraph.");
//! assert!(!article.html.contains("script"));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod article;
mod clean;
mod code_markup;
mod date;
mod detect;
mod dom;
mod error;
mod extract;
mod float;
mod front_matter;
mod html_facts;
mod input;
mod json;
mod needles;
mod options;
mod render;
mod rules;
mod sanitize;
mod selector;
#[cfg(test)]
mod test_rng;
mod tree;

pub use article::{Article, InputKind, Meta, Removed, Stats, Warning};
pub use error::Error;
pub use options::{Mode, Options, DEFAULT_MAX_INPUT_BYTES};
pub use tree::{Attributes, TreeVisitor};

use article::Report;

/// Cleans one post, fragment or page into an [`Article`].
///
/// Never panics on any input; problems that do not stop processing are listed in
/// [`Article::warnings`]. Fails only when the input is larger than
/// [`Options::max_input_bytes`].
///
/// ```
/// let a = clean_article::clean("<p>Hello <b>world</b></p>", &Default::default()).unwrap();
/// assert_eq!(a.html, "<p>Hello <b>world</b></p>");
/// assert_eq!(a.kind, clean_article::InputKind::Fragment);
/// ```
pub fn clean(input: &str, options: &Options) -> Result<Article, Error> {
    Ok(clean_doc(input, options)?.0)
}

/// [`clean`], also returning the article body as a JsonML tree (text: an array of nodes, each
/// a string or `[name, {attribute: value}, ...children]`), the same sanitized tree as
/// [`Article::html`], for building DOM nodes without parsing HTML again.
///
/// ```
/// let (a, tree) = clean_article::clean_with_tree("<p>Hi <b>you</b></p>", &Default::default()).unwrap();
/// assert_eq!(a.html, "<p>Hi <b>you</b></p>");
/// assert_eq!(tree, r#"[["p",{},"Hi ",["b",{},"you"]]]"#);
/// ```
pub fn clean_with_tree(input: &str, options: &Options) -> Result<(Article, String), Error> {
    let mut tree = tree::JsonMl::new();
    let article = clean_with_visitor(input, options, &mut tree)?;
    Ok((article, tree.finish()))
}

/// [`clean`], also walking the article body's sanitized tree (the same tree as
/// [`Article::html`]) into `visitor`, e.g. to build DOM nodes from it.
///
/// ```
/// use clean_article::{Attributes, TreeVisitor};
/// struct Names(Vec<String>);
/// impl TreeVisitor for Names {
///     fn open(&mut self, name: &str, _: Attributes<'_>) {
///         self.0.push(name.to_owned());
///     }
///     fn text(&mut self, _: &str) {}
///     fn close(&mut self) {}
/// }
/// let mut names = Names(Vec::new());
/// clean_article::clean_with_visitor("<p>Hi <b>you</b></p>", &Default::default(), &mut names).unwrap();
/// assert_eq!(names.0, ["p", "b"]);
/// ```
pub fn clean_with_visitor<V: TreeVisitor + ?Sized>(
    input: &str,
    options: &Options,
    visitor: &mut V,
) -> Result<Article, Error> {
    let (article, doc) = clean_doc(input, options)?;
    tree::visit(&doc, visitor);
    Ok(article)
}

/// The pipeline: the Article and the sanitized document its body was rendered from.
fn clean_doc(input: &str, options: &Options) -> Result<(Article, dom::Document), Error> {
    let mut report = Report::default();
    let input = input::prepare(input, options, &mut report)?;
    let (front, body) = front_matter::split(&input, &mut report);
    let body = code_markup::escape_code_markup(body);
    let boilerplate = options.get_remove_boilerplate();
    // Indentation between tags may go only where the normalizer collapses whitespace anyway:
    // without it, runs the parse joins (around a comment or an element left out) would keep
    // their indentation once and lose it when the output is cleaned again.
    let body = if boilerplate {
        input::limit_markup_for_cleaning(&body, &mut report)
    } else {
        input::limit_markup(&body, &mut report)
    };
    let kind = input::detect(&body, front.is_some(), options.get_mode());

    let (mut doc, page) = match kind {
        InputKind::Page => {
            let (doc, page) = extract::extract(&body, &mut report);
            (doc, Some(page))
        }
        InputKind::Post | InputKind::Fragment => (dom::Document::fragment(&body), None),
    };
    // Rules first (they need classes and ids), then the allow-list, then the normalizer on
    // what the allow-list kept, and the structure fix-up last: the output is a fixed point.
    let mut findings = if boilerplate {
        clean::remove_boilerplate(&mut doc, &mut report)
    } else {
        clean::BodyFindings::default()
    };
    sanitize::sanitize(&mut doc, options, &mut report);
    // What unwrapping in code blocks leaves for the parser to rebuild (a caption's text
    // directly in a table) is rebuilt before the normalizer sees the tree, as it would see
    // the output when cleaning it again.
    if code_markup::unwrap_foreign_in_code(&mut doc) {
        sanitize::fix_structure(&mut doc);
    }
    if boilerplate {
        clean::normalize(&mut doc, &mut report, &mut findings);
        // What the normalizer's own rewrites left for the parser to rebuild (a layout table
        // unwrapped between two links, ...) is rebuilt; when anything was, the normalizer
        // sees the rebuilt tree once more, as it would see the output when cleaning it again
        // (a link left holding only a line break goes).
        if sanitize::fix_structure(&mut doc) {
            clean::normalize(&mut doc, &mut report, &mut findings);
            sanitize::fix_structure(&mut doc);
        }
    }

    let text = render::text(&doc);
    let rendered = article::assemble::Rendered {
        html: render::html(&doc),
        stats: render::stats(&doc, &text),
        markdown: render::markdown(&doc),
        text,
    };
    let article = article::assemble::assemble(kind, front, page, findings, rendered, report);
    Ok((article, doc))
}

/// Sanitizes an HTML fragment with the same allow-list as [`clean`], without any cleaning
/// rules: the output is safe to assign to `innerHTML`.
///
/// ```
/// let out = clean_article::sanitize("<img src=x onerror=alert(1)><a href='javascript:alert(1)'>x</a>");
/// assert!(!out.contains("onerror") && !out.contains("javascript:"));
/// ```
pub fn sanitize(html: &str) -> String {
    let options = Options::default();
    let mut report = Report::default();
    let Ok(input) = input::prepare(html, &options, &mut report) else {
        return String::new();
    };
    let input = input::limit_markup(&input, &mut report);
    let mut doc = dom::Document::fragment(&input);
    sanitize::sanitize(&mut doc, &options, &mut report);
    render::html(&doc)
}

/// Guesses whether `html` is a whole page that holds an article (enough connected prose
/// outside navigation and link lists), as Readability's `isProbablyReaderable` does.
///
/// ```
/// assert!(!clean_article::is_probably_article("<html><body><a href=/>Home</a></body></html>"));
/// ```
pub fn is_probably_article(html: &str) -> bool {
    extract::is_probably_article(&input::limit_markup_for_cleaning(
        html,
        &mut Report::default(),
    ))
}

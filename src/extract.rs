//! Whole web pages: finds the article in a page and reads the page's metadata.

use crate::article::Report;
use crate::dom::{self, Document};
use crate::Meta;

/// Metadata read from a whole page (JSON-LD, `<meta>`, `<title>`, bylines in the page).
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub cover: Option<String>,
    pub meta: Meta,
}

/// Parses a whole page and points the document root at its main content.
pub(crate) fn extract(source: &str, _report: &mut Report) -> Document {
    let mut doc = Document::page(source);
    let title = dom::find_element(&doc.html, doc.html.tree.root().id(), "title")
        .map(|id| dom::text_content(&doc.html, id).trim().to_owned())
        .filter(|t| !t.is_empty());
    doc.page_meta = Some(PageMeta {
        title,
        ..PageMeta::default()
    });
    doc
}

/// See [`crate::is_probably_article`].
pub(crate) fn is_probably_article(source: &str) -> bool {
    let doc = Document::page(source);
    let text_len: usize = doc
        .elements()
        .into_iter()
        .filter(|id| dom::element_name(&doc.html, *id) == Some("p"))
        .map(|id| dom::text_content(&doc.html, id).trim().chars().count())
        .filter(|n| *n >= 40)
        .sum();
    text_len >= 400
}

//! Whole web pages: finds the article in a page and reads the page's metadata.
//!
//! [`content`] scores the page's blocks (CJK-aware text length, punctuation and link
//! density) and plans which subtrees form the article; [`meta`] reads JSON-LD, `<meta>`,
//! `<title>` and Chinese byline lines. [`extract`] moves the chosen subtrees under a fresh
//! `<div>` that becomes the document root, so the cleaning and sanitizing stages only ever
//! see the article; the page's metadata goes beside the document to the assembly of the
//! [`crate::Article`].

mod content;
mod meta;
mod signals;

pub(crate) use meta::PageMeta;

use crate::article::Report;
use crate::dom::Document;
use content::Flags;
use scraper::Node;

/// Text length (weighted, see [`content::CJK_WEIGHT`]) under which extraction tries again
/// with fewer heuristics, as Readability does.
const RETRY_BELOW: u32 = 500;

/// Parses a whole page and points the document root at its main content; returns the
/// document and the page's metadata.
pub(crate) fn extract(source: &str, report: &mut Report) -> (Document, PageMeta) {
    let mut doc = Document::page(source);
    let page_meta = meta::read(&doc.html);
    let body = doc.root;

    let title = page_meta.title.as_deref();
    let mut best = content::plan(&doc.html, body, Flags::ALL, title);
    if best.len < RETRY_BELOW {
        let fallbacks = [
            Flags {
                strip_unlikely: false,
                ..Flags::ALL
            },
            Flags {
                strip_unlikely: false,
                weight_classes: false,
                clean_conditionally: true,
            },
            Flags {
                strip_unlikely: false,
                weight_classes: false,
                clean_conditionally: false,
            },
        ];
        for flags in fallbacks {
            let p = content::plan(&doc.html, body, flags, title);
            if p.len > best.len {
                best = p;
            }
            if best.len >= RETRY_BELOW {
                break;
            }
        }
    }

    if best.keep.is_empty() || best.len == 0 {
        report.warn(
            "no_article_found",
            "no block of prose was found in the page; the whole body is kept",
        );
    } else {
        for id in &best.remove {
            crate::dom::remove(&mut doc.html, *id);
        }
        let container = {
            let el = scraper::node::Element::new(
                html5ever::QualName::new(None, html5ever::ns!(html), html5ever::local_name!("div")),
                Vec::new(),
            );
            doc.html.tree.orphan(Node::Element(el)).id()
        };
        for id in &best.keep {
            if let Some(mut c) = doc.html.tree.get_mut(container) {
                c.append_id(*id);
            }
        }
        doc.root = container;
        fix_lazy_images(&mut doc);
    }
    (doc, page_meta)
}

/// See [`crate::is_probably_article`].
pub(crate) fn is_probably_article(source: &str) -> bool {
    let doc = Document::page(source);
    content::probably_article(&doc.html, doc.root)
}

/// Gives lazily loaded images their real URL ([`crate::html_facts::lazy_image_src`]),
/// otherwise the sanitizer would turn them into their alt text.
fn fix_lazy_images(doc: &mut Document) {
    let images: Vec<ego_tree::NodeId> = crate::dom::descendants(&doc.html, doc.root)
        .into_iter()
        .filter(|id| crate::dom::element_name(&doc.html, *id) == Some("img"))
        .collect();
    for id in images {
        let real = doc
            .html
            .tree
            .get(id)
            .and_then(|n| n.value().as_element())
            .and_then(crate::html_facts::lazy_image_src);
        if let Some(real) = real {
            crate::dom::set_attr(&mut doc.html, id, "src", &real);
        }
    }
}

#[cfg(test)]
mod tests;

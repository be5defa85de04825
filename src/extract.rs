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

/// Text length (weighted, see [`content::CJK_WEIGHT`]) under which extraction tries again
/// with fewer heuristics, as Readability does.
const RETRY_BELOW: u32 = 500;

/// Text length under which the result is weak and the fallback candidates are compared
/// (about two short paragraphs: a teaser, a stub or a page whose article the scoring missed).
const WEAK_BELOW: u32 = 1000;

/// A fallback candidate replaces a weak result only when its text is this many times as
/// long (a near tie keeps the visible article).
const FALLBACK_GAIN: u32 = 2;

/// Highest link density of a fallback candidate (a prose block, not a link list).
const FALLBACK_LINK_DENSITY: f64 = 0.25;

/// Parses a whole page and points the document root at its main content; returns the
/// document and the page's metadata.
pub(crate) fn extract(source: &str, report: &mut Report) -> (Document, PageMeta) {
    let mut doc = Document::page(source);
    let mut page_meta = meta::read(&doc.html);
    let ld_body = page_meta.body.take();
    let body = doc.root;

    let title = page_meta.title.as_deref();
    let mut best = content::plan(&doc.html, body, Flags::ALL, title);
    let prose_root = best.prose_root;
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

    if best.len < WEAK_BELOW {
        // The largest prose container of the page with every heuristic on.
        best.prose_root = prose_root;
        if let Some((d, p)) = fallback(&doc, &best, ld_body, title, report) {
            if let Some(d) = d {
                doc = d;
            }
            best = p;
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
        let container = doc.html.tree.orphan(crate::dom::new_element("div")).id();
        for id in &best.keep {
            if let Some(mut c) = doc.html.tree.get_mut(container) {
                c.append_id(*id);
            }
        }
        doc.root = container;
        fix_lazy_images(&mut doc);
        // A reporter credit the extraction left out (a `记者 刘涛` line after the text) still
        // names the article's author.
        if page_meta.meta.byline.is_none() {
            page_meta.meta.byline = best.credit.take();
        }
    }
    (doc, page_meta)
}

/// Candidates from outside what a weak first run could see, each planned like a page: the
/// largest prose container (`prose_root` of the first run), a hidden block (`hidden`,
/// `display:none`, …) that repeats the visible teaser (the first
/// paragraph of `first`), a `<template>`'s contents, a `<script type="text/template">` or
/// `text/x-template` parsed as HTML (all three looked for around what `first` kept: under the
/// parent of its blocks), and the JSON-LD `articleBody` as plain-text paragraphs. The longest
/// one wins when it is [`FALLBACK_GAIN`] times as long as `first` with a link density under
/// [`FALLBACK_LINK_DENSITY`]; a parsed candidate comes with its own document.
fn fallback(
    doc: &Document,
    first: &content::Plan,
    ld_body: Option<String>,
    title: Option<&str>,
    report: &mut Report,
) -> Option<(Option<Document>, content::Plan)> {
    let html = &doc.html;
    let mut alt: Option<(Option<Document>, content::Plan)> = None;
    let mut consider = |d: Option<Document>, p: content::Plan| {
        let ok = p.len >= first.len.saturating_mul(FALLBACK_GAIN)
            && f64::from(p.link) < f64::from(p.len) * FALLBACK_LINK_DENSITY
            && alt.as_ref().is_none_or(|(_, a)| p.len > a.len);
        if ok {
            alt = Some((d, p));
        }
    };
    // The visible teaser: the first paragraph of `first` with `TEASER_CHARS` letters.
    let opening = first
        .keep
        .iter()
        .filter_map(|k| html.tree.get(*k))
        .flat_map(|k| k.descendants())
        .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "p"))
        .map(|n| content::normalize(&crate::dom::text_content(html, n.id())))
        .find(|t| t.chars().count() >= TEASER_CHARS);
    let scope = first
        .keep
        .first()
        .and_then(|k| html.tree.get(*k))
        .and_then(|n| n.parent());
    // A subtree read as one candidate is not searched again (linear on nested hidden
    // blocks): the walk resumes at the node that follows it.
    let mut resume = None;
    for n in scope.into_iter().flat_map(|s| s.descendants()) {
        if resume.is_some() {
            if resume != Some(n.id()) {
                continue;
            }
            resume = None;
        }
        let Some(el) = n.value().as_element() else {
            continue;
        };
        let root = if el.name() == "template" {
            // The template's contents: a fragment node, its first child.
            n.first_child()
        } else if el.name() == "script"
            && crate::dom::get_attr(el, "type")
                .is_some_and(|t| matches!(t.trim(), "text/template" | "text/x-template"))
        {
            let text = crate::dom::text_content(html, n.id());
            let d = Document::fragment(&crate::input::limit_markup_for_cleaning(&text, report));
            let p = content::plan(&d.html, d.root, Flags::ALL, title);
            consider(Some(d), p);
            continue;
        } else if signals::is_hidden(&signals::Attrs::of(el)) {
            let t = content::normalize(&crate::dom::text_content(html, n.id()));
            opening
                .as_ref()
                .filter(|o| t.contains(o.as_str()))
                .map(|_| n)
        } else {
            continue;
        };
        if let Some(r) = root {
            consider(None, content::plan(html, r.id(), Flags::ALL, title));
        }
        resume = std::iter::once(n)
            .chain(n.ancestors())
            .find_map(|a| a.next_sibling())
            .map(|s| s.id());
        if resume.is_none() {
            break;
        }
    }
    if let Some(r) = first.prose_root {
        consider(None, content::plan(html, r, Flags::ALL, title));
    }
    if let Some(text) = ld_body {
        let d = paragraphs(&text, report);
        let p = content::plan(&d.html, d.root, Flags::ALL, title);
        consider(Some(d), p);
    }
    alt
}

/// Characters (letters and digits) a paragraph needs to stand for the visible teaser.
const TEASER_CHARS: usize = 40;

/// A document of one `<p>` per line of the JSON-LD `articleBody` (plain text by schema.org,
/// but sites put inline markup and entities in it): each line is parsed as HTML inside its
/// paragraph, so `<b>` becomes bold and `&amp;` an ampersand instead of showing as source,
/// and the sanitizer then treats it as any page's markup.
fn paragraphs(text: &str, report: &mut Report) -> Document {
    let mut src = String::with_capacity(text.len() + 64);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        src.push_str("<p>");
        src.push_str(line);
        src.push_str("</p>");
    }
    Document::fragment(&crate::input::limit_markup_for_cleaning(&src, report))
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

//! The cleaning stage: removes portal boilerplate with the rule table in [`crate::rules`],
//! normalizes text and structure, and lifts metadata lines into [`Meta`].
//!
//! Three linear passes over the article subtree, all iterative (no recursion). Pass 1 runs on
//! the parsed tree ([`remove_boilerplate`]); the sanitizer's allow-list runs next; passes 2
//! and 3 ([`normalize`]) work on what it kept:
//!
//! 1. **Rules** (pre-order): comments go; every element is matched once against the compiled
//!    [`crate::rules::RULES`] table (remove / unwrap / rename / drop attributes). A removed subtree is not
//!    walked again, except to note the images it held (never a cover).
//! 2. **Normalize** (enter/leave walk): text is normalized in document order (zero-width
//!    characters, NBSP and whitespace runs, hard newlines, leading U+3000 indentation, edges of
//!    blocks); on leaving an element its children are final, so empty elements go, wrapper
//!    `div`s are flattened (bare text beside blocks becomes a `<p>`, a `div` holding only
//!    inline content becomes a `<p>`), one-cell layout tables are unwrapped, `<br>` runs are
//!    shortened and nested or adjacent bold/italic runs merged.
//! 3. **Metadata lines**: the text blocks are listed once; labelled lines (`原标题：`,
//!    `责任编辑：`) are lifted anywhere, credits and sources only near the start or end.
//!
//! Cleaning its own output again changes nothing (see the tests).
//!
//! Modules: [`boilerplate`] (pass 1), [`structure`] with [`edges`] and [`text`] (pass 2),
//! [`meta_lines`] (pass 3).

mod boilerplate;
mod edges;
mod meta_lines;
mod structure;
mod text;

use crate::article::Meta;
use crate::article::Report;

use crate::dom::Document;

pub(crate) use meta_lines::{remove_with_empty_ancestors, reporter_credit, reporter_names};

/// What cleaning learned about the body.
#[derive(Debug, Default, Clone)]
pub(crate) struct BodyFindings {
    /// Metadata lifted out of the body.
    pub meta: Meta,
    /// Image URLs that sat inside removed promo blocks (never a cover).
    pub rejected_images: Vec<String>,
}

/// Stage one of cleaning, on the tree as parsed: the rule table (pass 1), which needs the
/// classes, ids and styles the sanitizer takes off.
pub(crate) fn remove_boilerplate(doc: &mut Document, report: &mut Report) -> BodyFindings {
    let mut findings = BodyFindings::default();
    boilerplate::flatten_table_root(&mut doc.html, doc.root);
    crate::detect::lift_author_cards(
        doc,
        report,
        &mut findings.meta,
        &mut findings.rejected_images,
    );
    crate::detect::remove_tag_lists(doc, report);
    boilerplate::apply_rules(doc, report, &mut findings.rejected_images);
    findings
}

/// Stage two of cleaning, on the allow-listed tree (see [`crate::sanitize::allow_list`]):
/// text and structure (pass 2), then metadata lines (pass 3). Working on what the sanitizer
/// keeps is what makes the output a fixed point: nothing the normalizer judged (an image that
/// made a paragraph, a wrapper it flattened) is taken away or renamed after it.
pub(crate) fn normalize(doc: &mut Document, report: &mut Report, findings: &mut BodyFindings) {
    structure::Normalizer::default().run(doc, report);
    // Footers (crate::detect) and metadata lines uncover each other at the end: repeat
    // while both find something, so that the output is a fixed point.
    crate::detect::remove_footers(doc, report, &mut findings.rejected_images);
    for _ in 0..crate::detect::TAIL_ROUNDS {
        if !meta_lines::lift_meta_lines(doc, report, &mut findings.meta)
            || !crate::detect::remove_footers(doc, report, &mut findings.rejected_images)
        {
            break;
        }
    }
}

#[cfg(test)]
mod tests;

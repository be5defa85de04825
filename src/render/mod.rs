//! The rendering stage: the sanitized tree as HTML, plain text, Markdown, and statistics.
//!
//! All walks are iterative (an explicit stack of enter/leave events), so depth is bounded
//! only by memory, and every renderer visits each node a bounded number of times, so time is
//! linear in the size of the tree.
//!
//! # Plain text ([`text`])
//!
//! Every block (paragraph, heading, list item, caption, …) is one line: whitespace runs
//! inside it are collapsed to one space, so a sentence is never cut by a hard wrap of the
//! source. Blocks are separated by one blank line. `<br>` is a line break inside a block.
//! Table rows are lines whose cells are separated by a tab. `<pre>` keeps its text as is.
//! Images and markup produce no text.
//!
//! # Markdown ([`markdown`])
//!
//! CommonMark with the GFM table and strikethrough extensions: ATX headings, `**strong**`,
//! `*emphasis*`, `~~deleted~~`, links and images (destinations percent-encoded where
//! CommonMark would misread them), nested lists with real numbering (sibling lists alternate
//! `-`/`*` and `.`/`)` so they never merge), blockquotes, fenced code blocks (a fence longer
//! than any backtick run inside, with the `language-*` class as info string), code spans
//! with backtick-safe fences, `---` rules and backslash hard breaks.
//!
//! Tables: one-column tables are layout, rendered as their content; tables without
//! `colspan`/`rowspan` and without block structure in cells become pipe tables (the first
//! row is the header); others are emitted as one line of HTML rebuilt from the sanitized tree
//! with a table-only allow-list. No other HTML is ever produced: every text character that
//! CommonMark could read as markup (`` \ ` * _ [ ] < > # | ~ & ! ``, and `-`, `+`, `=`, `1.`
//! at a line start) is backslash-escaped, and emphasis markers are only emitted where
//! CommonMark's flanking rules make them emphasis (CJK text next to punctuation would
//! otherwise show stray `**`).
//!
//! # Modules
//!
//! - [`html`](mod@html), [`text`](mod@text), [`markdown`](mod@markdown) and
//!   [`stats`](mod@stats): one output each.
//! - [`inline`]: the Markdown inline buffer's markers and their resolution.
//! - [`table`]: how the Markdown writer renders tables (pipe tables or one line of HTML).
//! - [`escape`]: the byte scanners and escaping for HTML text/attributes and Markdown text,
//!   URLs, titles and code.
//!
//! Which elements are blocks or void, and which characters are CJK, comes from
//! [`crate::html_facts`], shared with the other stages.

mod escape;
mod html;
mod inline;
mod markdown;
#[cfg(test)]
mod markdown_safety;
#[cfg(test)]
mod reference;
mod stats;
mod table;
#[cfg(test)]
mod tests;
mod text;

pub(crate) use html::html;
pub(crate) use markdown::markdown;
pub(crate) use stats::stats;
pub(crate) use text::text;

use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

/// One step of a depth-first walk.
pub(crate) enum Step<'a> {
    Enter(NodeRef<'a, Node>),
    Leave(NodeRef<'a, Node>),
}

/// Visits the subtree under `root` (excluded) depth-first, without recursion.
pub(crate) fn walk<'a>(html: &'a Html, root: NodeId, mut f: impl FnMut(Step<'a>)) {
    walk_pruned(html, root, |step| {
        f(step);
        true
    });
}

/// [`walk`], where `f` returning false for [`Step::Enter`] skips the node's children and
/// its [`Step::Leave`]. Follows the tree's own links (first child, next sibling, parent), so
/// it needs no stack.
pub(super) fn walk_pruned<'a>(html: &'a Html, root: NodeId, mut f: impl FnMut(Step<'a>) -> bool) {
    let Some(root) = html.tree.get(root) else {
        return;
    };
    let mut next = root.first_child();
    while let Some(node) = next {
        if f(Step::Enter(node)) {
            if let Some(child) = node.first_child() {
                next = Some(child);
                continue;
            }
            f(Step::Leave(node));
        }
        // On to the next sibling, leaving the ancestors that have none (up to the root).
        let mut at = node;
        next = loop {
            if let Some(sibling) = at.next_sibling() {
                break Some(sibling);
            }
            match at.parent() {
                Some(parent) if parent.id() != root.id() => {
                    f(Step::Leave(parent));
                    at = parent;
                }
                _ => break None,
            }
        };
    }
}

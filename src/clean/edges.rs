//! Line edges for the structure pass: what starts or ends the line some inline content
//! makes, trimming whitespace and line breaks there, and text-node edits that copy nothing.

use super::text::is_trimmable;
use crate::dom;
use crate::html_facts::{is_block, is_object};
use ego_tree::NodeId;
use html5ever::local_name;
use html5ever::tendril::StrTendril;
use scraper::{Html, Node};

/// What starts (or ends) the line made by some inline content.
enum Edge {
    /// A text node (not empty).
    Text(NodeId),
    /// An object, a line break or a block: whitespace next to it is not at a line edge
    /// (or was handled when the normalizer met it).
    Stop,
    /// Nothing that counts (only empty inline elements such as `<wbr>`).
    Nothing,
}

/// The first (or last) thing in the content of `id` that the normalizer's line tracking
/// sees, looking through inline elements.
fn edge_in(html: &Html, id: NodeId, leading: bool) -> Edge {
    let Some(node) = html.tree.get(id) else {
        return Edge::Nothing;
    };
    let mut stack: Vec<NodeId> = node.children().map(|c| c.id()).collect();
    if leading {
        stack.reverse();
    }
    while let Some(n) = stack.pop() {
        let Some(node) = html.tree.get(n) else {
            continue;
        };
        match node.value() {
            Node::Text(t) if !t.is_empty() => return Edge::Text(n),
            Node::Element(el) => {
                let name = el.name();
                if is_block(name) || is_object(name) || name == "br" {
                    return Edge::Stop;
                }
                let kids = node.children().map(|c| c.id());
                if leading {
                    let mut kids: Vec<NodeId> = kids.collect();
                    kids.reverse();
                    stack.extend(kids);
                } else {
                    stack.extend(kids);
                }
            }
            _ => {}
        }
    }
    Edge::Nothing
}

/// Trims the leading (or trailing) whitespace of a text node; when nothing is left, the
/// node goes with the inline elements it leaves empty, and `true` is returned.
fn trim_text_node(html: &mut Html, id: NodeId, leading: bool) -> bool {
    // The byte range kept, when some whitespace goes.
    let kept = match html.tree.get(id).map(|n| n.value()) {
        Some(Node::Text(t)) => {
            let s: &str = t;
            let range = if leading {
                s.len() - s.trim_start_matches(is_trimmable).len()..s.len()
            } else {
                0..s.trim_end_matches(is_trimmable).len()
            };
            (range.len() != s.len()).then_some(range)
        }
        _ => None,
    };
    match kept {
        Some(range) if range.is_empty() => {
            remove_with_empty_inline_ancestors(html, id);
            true
        }
        Some(range) => {
            keep_text(html, id, range.start, range.end);
            false
        }
        None => false,
    }
}

/// Trims the whitespace at the start (or end) of the line that the content of the block
/// `id` makes, through inline elements (`<p><code> x</code></p>`).
pub(super) fn trim_content_edge(html: &mut Html, id: NodeId, leading: bool) {
    while let Edge::Text(t) = edge_in(html, id, leading) {
        if !trim_text_node(html, t, leading) {
            break;
        }
    }
}

/// Trims the trailing whitespace of the text that ends the line before `id` (an inline
/// element whose content now starts with a block).
pub(super) fn trim_line_before(html: &mut Html, id: NodeId) {
    loop {
        let mut node = id;
        let text = loop {
            let Some(n) = html.tree.get(node) else {
                return;
            };
            if let Some(prev) = n.prev_sibling() {
                match prev.value() {
                    Node::Text(t) if !t.is_empty() => break prev.id(),
                    Node::Element(el)
                        if is_block(el.name()) || is_object(el.name()) || el.name() == "br" =>
                    {
                        return
                    }
                    Node::Element(_) => match edge_in(html, prev.id(), false) {
                        Edge::Text(t) => break t,
                        Edge::Stop => return,
                        Edge::Nothing => {}
                    },
                    _ => {}
                }
                node = prev.id();
                continue;
            }
            // At the start of an inline parent: the line goes on before it.
            match n.parent() {
                Some(p)
                    if p.parent().is_some()
                        && p.value().as_element().is_some_and(|e| !is_block(e.name())) =>
                {
                    node = p.id();
                }
                _ => return,
            }
        };
        if !trim_text_node(html, text, false) {
            return;
        }
    }
}

/// Drops `<br>`s (and blank text) at the start and end of a block and shortens longer runs
/// of line breaks to two.
pub(super) fn trim_line_breaks(html: &mut Html, id: NodeId) {
    // Checked on the tree first: most blocks hold no `<br>`, and then no list of children
    // is made.
    let has_br = html.tree.get(id).is_some_and(|n| {
        n.children().any(|k| {
            k.value()
                .as_element()
                .is_some_and(|e| e.name.local == local_name!("br"))
        })
    });
    if !has_br {
        return;
    }
    let kids = dom::children(html, id);
    let is_br = |html: &Html, k: NodeId| dom::element_name(html, k) == Some("br");
    let is_blank_text = |html: &Html, k: NodeId| {
        matches!(html.tree.get(k).map(|n| n.value()),
            Some(Node::Text(t)) if t.trim_matches(is_trimmable).is_empty())
    };
    let mut start = 0;
    while start < kids.len() && (is_br(html, kids[start]) || is_blank_text(html, kids[start])) {
        dom::remove(html, kids[start]);
        start += 1;
    }
    let mut end = kids.len();
    while end > start && (is_br(html, kids[end - 1]) || is_blank_text(html, kids[end - 1])) {
        dom::remove(html, kids[end - 1]);
        end -= 1;
    }
    let mut run = 0;
    for &k in &kids[start..end] {
        if is_br(html, k) {
            run += 1;
            if run > 2 {
                dom::remove(html, k);
            }
        } else if !is_blank_text(html, k) {
            run = 0;
        }
    }
}

pub(super) fn set_text(html: &mut Html, id: NodeId, text: StrTendril) {
    if let Some(mut n) = html.tree.get_mut(id) {
        *n.value() = Node::Text(scraper::node::Text { text });
    }
}

/// Keeps bytes `start..end` (character boundaries) of text node `id`: a view of its buffer,
/// nothing copied.
pub(super) fn keep_text(html: &mut Html, id: NodeId, start: usize, end: usize) {
    let (Ok(offset), Ok(len)) = (u32::try_from(start), u32::try_from(end - start)) else {
        return;
    };
    if let Some(mut n) = html.tree.get_mut(id) {
        if let Node::Text(t) = n.value() {
            if let Ok(kept) = t.text.try_subtendril(offset, len) {
                t.text = kept;
            }
        }
    }
}

/// Removes a text node that became empty, and the inline elements it leaves empty.
pub(super) fn remove_with_empty_inline_ancestors(html: &mut Html, id: NodeId) {
    dom::remove_and_prune(html, id, &|p| {
        p.parent().is_some()
            && p.value()
                .as_element()
                .is_some_and(|e| !is_block(e.name()) && !keeps_empty(e.name()))
    });
}

/// Elements that are content even when they have no children.
pub(super) fn keeps_empty(name: &str) -> bool {
    matches!(
        name,
        "img"
            | "br"
            | "hr"
            | "wbr"
            | "td"
            | "th"
            | "tr"
            | "col"
            | "colgroup"
            | "iframe"
            | "video"
            | "audio"
            | "embed"
            | "object"
            | "canvas"
            | "svg"
            | "math"
            | "picture"
            | "source"
            | "track"
            | "area"
            | "input"
    )
}

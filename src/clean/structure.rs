//! Pass 2 of cleaning, structure: an enter/leave walk that normalizes each text node (see
//! [`super::text`]) in document order and, on leaving an element whose children are final,
//! removes empty elements, flattens wrappers, wraps inline runs in paragraphs, unwraps
//! one-cell layout tables and merges bold/italic runs.

use super::edges::{
    keep_text, keeps_empty, remove_with_empty_inline_ancestors, set_text, trim_content_edge,
    trim_line_before, trim_line_breaks,
};
use super::text::{is_trimmable, needs_normalizing, normalize_text};
use crate::article::Report;
use crate::dom::{self, Document};
use crate::html_facts::{is_block, is_object, is_preformatted};
use ego_tree::NodeId;
use html5ever::tendril::StrTendril;
use rustc_hash::FxHashSet;
use scraper::{Html, Node};

/// Wrappers with no meaning of their own: flattened into their parent when they hold blocks,
/// bare text beside those blocks becoming paragraphs. (`p` is here for the embeds a portal
/// put inside one.)
fn flattens(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "hgroup"
            | "address"
            | "body"
            | "p"
    )
}

/// Containers whose inline content is not wrapped in paragraphs even beside blocks.
fn no_wrap(name: &str) -> bool {
    matches!(
        name,
        "li" | "dd"
            | "ruby"
            | "dt"
            | "td"
            | "th"
            | "caption"
            | "figcaption"
            | "figure"
            | "summary"
            | "details"
            | "legend"
            | "a"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "colgroup"
            | "select"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

enum Step {
    Enter(NodeId),
    Leave(NodeId),
}

#[derive(Default)]
pub(super) struct Normalizer {
    /// One flag per open element (plus the root): "a block sits somewhere inside".
    holds_block: Vec<bool>,
    /// Inline elements known to hold a block (split inline runs around them).
    blockish_inline: FxHashSet<NodeId>,
    pre_depth: usize,
    bold_depth: usize,
    italic_depth: usize,
    /// The text nodes of the current line since its start or its last object, in order: at a
    /// line end the last one's trailing space is trimmed, and when that empties it, the one
    /// before it is trimmed in turn (`x　<b>　</b>` ends as `x`, as its output would when
    /// cleaned again, where the two are one text).
    line_texts: Vec<NodeId>,
    /// The last text emitted ends with a collapsible space.
    prev_space: bool,
    /// Nothing has been emitted on the current line yet.
    line_start: bool,
    /// The buffer text is normalized in (one for all text nodes).
    scratch: String,
}

impl Normalizer {
    pub(super) fn run(mut self, doc: &mut Document, report: &mut Report) {
        let root = doc.root;
        self.line_start = true;
        self.holds_block.push(false);
        let mut stack: Vec<Step> = Vec::new();
        dom::push_children(&doc.html, root, &mut stack, Step::Enter);
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(id) => {
                    if self.enter(&mut doc.html, id) {
                        stack.push(Step::Leave(id));
                        dom::push_children(&doc.html, id, &mut stack, Step::Enter);
                    }
                }
                Step::Leave(id) => self.leave(&mut doc.html, id, report),
            }
        }
        self.line_end(&mut doc.html);
        let holds_block = self.holds_block.pop().unwrap_or(false);
        let root_name = dom::element_name(&doc.html, root).unwrap_or("").to_owned();
        if holds_block || flattens(root_name.as_str()) || root_name == "html" {
            self.wrap_inline_runs(&mut doc.html, root, true);
        }
    }

    /// Ends the current line: trims the trailing space of its last text.
    fn line_end(&mut self, html: &mut Html) {
        while let Some(last) = self.line_texts.pop() {
            let end = match html.tree.get(last).map(|n| n.value()) {
                Some(Node::Text(t)) => {
                    let s: &str = t;
                    let end = s.trim_end_matches(is_trimmable).len();
                    (end < s.len()).then_some(end)
                }
                _ => None,
            };
            match end {
                Some(0) => remove_with_empty_inline_ancestors(html, last),
                Some(end) => {
                    keep_text(html, last, 0, end);
                    break;
                }
                None => break,
            }
        }
        self.line_texts.clear();
        self.prev_space = false;
        self.line_start = true;
    }

    /// Returns whether to visit the children (and later leave the node).
    fn enter(&mut self, html: &mut Html, id: NodeId) -> bool {
        let name = match html.tree.get(id).map(|n| n.value()) {
            Some(Node::Text(t)) => {
                if self.pre_depth == 0 {
                    let strip_space = self.line_start || self.prev_space;
                    let text: &str = t;
                    let new = needs_normalizing(text, strip_space, self.line_start).then(|| {
                        normalize_text(text, strip_space, self.line_start, &mut self.scratch);
                        StrTendril::from_slice(&self.scratch)
                    });
                    let (empty, ends_space) = match &new {
                        Some(n) => (n.is_empty(), n.ends_with(' ')),
                        None => (text.is_empty(), text.ends_with(' ')),
                    };
                    self.text(html, id, new, empty, ends_space);
                }
                return false;
            }
            Some(Node::Element(el)) => el.name.local.clone(),
            _ => return false,
        };
        let name: &str = &name;
        if self.pre_depth == 0 {
            if is_block(name) || name == "br" {
                self.line_end(html);
            } else if is_object(name) {
                // An image or other object between texts: spaces around it are kept.
                self.line_texts.clear();
                self.prev_space = false;
                self.line_start = false;
            }
        }
        if is_preformatted(name) {
            self.pre_depth += 1;
        }
        match name {
            "strong" | "b" => self.bold_depth += 1,
            "em" | "i" => self.italic_depth += 1,
            _ => {}
        }
        self.holds_block.push(false);
        true
    }

    fn text(
        &mut self,
        html: &mut Html,
        id: NodeId,
        new: Option<StrTendril>,
        empty: bool,
        ends_space: bool,
    ) {
        if empty {
            dom::remove(html, id);
            return;
        }
        self.prev_space = ends_space;
        self.line_start = false;
        self.line_texts.push(id);
        if let Some(new) = new {
            set_text(html, id, new);
        }
    }

    fn leave(&mut self, html: &mut Html, id: NodeId, report: &mut Report) {
        let holds_block = self.holds_block.pop().unwrap_or(false);
        let Some(name) = html
            .tree
            .get(id)
            .and_then(|n| n.value().as_element())
            .map(|e| e.name.local.clone())
        else {
            return;
        };
        let name: &str = &name;
        match name {
            "strong" | "b" => self.bold_depth = self.bold_depth.saturating_sub(1),
            "em" | "i" => self.italic_depth = self.italic_depth.saturating_sub(1),
            _ => {}
        }
        if is_preformatted(name) {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
        if self.pre_depth > 0 {
            self.mark_parent(is_block(name) || holds_block);
            return;
        }
        if is_block(name) {
            self.line_end(html);
        }
        if is_preformatted(name) {
            self.mark_parent(true);
            return;
        }

        // One-cell layout table: its content takes its place.
        if name == "table" {
            if let Some(cell) = single_cell(html, id) {
                report.removed(
                    "layout",
                    "layout-table: one-cell table unwrapped".to_owned(),
                );
                let mut moved = dom::children(html, cell);
                for &child in &moved {
                    if let Some(mut t) = html.tree.get_mut(id) {
                        t.insert_id_before(child);
                    }
                }
                dom::remove(html, id);
                if !moved.iter().any(|&c| self.is_blockish(html, c)) {
                    // Inline content: still a block of its own (not glued to the text
                    // around the table, and not left bare where a next pass would wrap it).
                    // Blank content goes.
                    let kept = moved.clone();
                    wrap_run(html, &mut moved);
                    let any = kept
                        .iter()
                        .any(|&c| html.tree.get(c).is_some_and(|n| n.parent().is_some()));
                    self.mark_parent(any);
                    return;
                }
                self.mark_parent(true);
                return;
            }
        }

        if holds_block && !no_wrap(name) {
            self.wrap_inline_runs(html, id, flattens(name));
        } else if is_block(name) {
            trim_line_breaks(html, id);
        }
        if holds_block && !is_block(name) {
            // An inline element holding blocks: when its content starts with a block, the
            // text before it ends a line; when it ends with one, the text after starts one
            // (as on a second pass, where the paragraphs made here are blocks from the start).
            let (first, last) = match html.tree.get(id) {
                Some(n) => (
                    n.first_child().map(|c| c.id()),
                    n.last_child().map(|c| c.id()),
                ),
                None => (None, None),
            };
            if first.is_some_and(|c| self.is_blockish(html, c)) {
                trim_line_before(html, id);
            }
            if last.is_some_and(|c| self.is_blockish(html, c)) {
                self.line_end(html);
            }
        }

        if flattens(name) && holds_block {
            dom::unwrap(html, id);
            self.mark_parent(true);
            return;
        }

        let has_children = html.tree.get(id).is_some_and(|n| n.has_children());
        if !has_children && !keeps_empty(name) {
            if is_block(name) || has_attributes(html, id) {
                report.removed("empty", format!("empty: <{name}>"));
            }
            dom::remove(html, id);
            return;
        }

        if flattens(name) && name != "p" {
            // A wrapper holding only inline content is a paragraph.
            dom::rename(html, id, "p");
        }
        let nested = match name {
            "strong" | "b" => self.bold_depth > 0,
            "em" | "i" => self.italic_depth > 0,
            _ => false,
        };
        if nested {
            dom::unwrap(html, id);
            self.mark_parent(holds_block);
            return;
        }
        // Adjacent runs merge, unless one of them holds a block: its inline content has
        // been wrapped in paragraphs already, and the other's would not be.
        if matches!(name, "strong" | "b" | "em" | "i")
            && !holds_block
            && merge_with_previous(html, id, name, &self.blockish_inline)
        {
            self.mark_parent(false);
            return;
        }

        let blockish = is_block(name) || holds_block;
        if blockish && !is_block(name) {
            self.blockish_inline.insert(id);
        }
        self.mark_parent(blockish);
    }

    fn mark_parent(&mut self, blockish: bool) {
        if blockish {
            if let Some(top) = self.holds_block.last_mut() {
                *top = true;
            }
        }
    }

    fn is_blockish(&self, html: &Html, id: NodeId) -> bool {
        dom::element_name(html, id).is_some_and(is_block) || self.blockish_inline.contains(&id)
    }

    /// Wraps each run of inline children of `id` that holds text or an image in a `<p>`;
    /// runs of only whitespace and `<br>` go. With `always`, a container holding only inline
    /// content is wrapped too (the root of the article).
    fn wrap_inline_runs(&self, html: &mut Html, id: NodeId, always: bool) {
        // Checked on the tree first: most containers hold no block, and then no list of
        // children is made.
        if !always
            && !html
                .tree
                .get(id)
                .is_some_and(|n| n.children().any(|k| self.is_blockish(html, k.id())))
        {
            return;
        }
        let kids = dom::children(html, id);
        let mut run: Vec<NodeId> = Vec::new();
        let mut inline_blockish = Vec::new();
        for kid in kids.into_iter().chain(std::iter::once(id)) {
            let boundary = kid == id || self.is_blockish(html, kid);
            if !boundary {
                run.push(kid);
                continue;
            }
            wrap_run(html, &mut run);
            if kid != id && !dom::element_name(html, kid).is_some_and(is_block) {
                inline_blockish.push(kid);
            }
        }
        // An inline element holding blocks (a link around a block, say) now stands between
        // blocks: what it starts or ends with starts or ends a line.
        let block_at = |html: &Html, n: Option<NodeId>| {
            n.and_then(|n| dom::element_name(html, n))
                .is_some_and(is_block)
        };
        for kid in inline_blockish {
            let (prev, next) = match html.tree.get(kid) {
                Some(n) => (
                    n.prev_sibling().map(|c| c.id()),
                    n.next_sibling().map(|c| c.id()),
                ),
                None => continue,
            };
            if block_at(html, prev) {
                trim_content_edge(html, kid, true);
            }
            if block_at(html, next) {
                trim_content_edge(html, kid, false);
            }
        }
    }
}

/// Wraps one run of inline siblings in `<p>`s (edge whitespace and `<br>`s dropped), or
/// removes it when it holds nothing but whitespace and line breaks. Images that stand apart
/// from the run's text (whitespace or a line break between) get a paragraph of their own, so
/// a gallery after a caption line does not end up inside the caption's paragraph.
fn wrap_run(html: &mut Html, run: &mut Vec<NodeId>) {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Blank,
        Image,
        Other,
    }
    let kind = |html: &Html, id: NodeId| match html.tree.get(id).map(|n| n.value()) {
        Some(Node::Text(t)) if t.trim_matches(is_trimmable).is_empty() => Kind::Blank,
        Some(Node::Element(el)) if el.name() == "br" => Kind::Blank,
        Some(Node::Element(el)) if matches!(el.name(), "img" | "picture") => Kind::Image,
        Some(Node::Text(_) | Node::Element(_)) => Kind::Other,
        _ => Kind::Blank,
    };
    let mut segment: Vec<NodeId> = Vec::new();
    let mut last: Option<Kind> = None;
    let mut gap = false;
    let text_edges = |html: &Html, id: NodeId| match html.tree.get(id).map(|n| n.value()) {
        Some(Node::Text(t)) => (t.starts_with(is_trimmable), t.ends_with(is_trimmable)),
        _ => (false, false),
    };
    for &id in run.iter() {
        let k = kind(html, id);
        if k == Kind::Blank {
            gap = true;
            segment.push(id);
            continue;
        }
        let (space_before, space_after) = text_edges(html, id);
        if (gap || space_before) && last.is_some_and(|l| l != k) {
            wrap_segment(html, &mut segment, |h, n| kind(h, n) == Kind::Blank);
        }
        segment.push(id);
        last = Some(k);
        gap = space_after;
    }
    wrap_segment(html, &mut segment, |h, n| kind(h, n) == Kind::Blank);
    run.clear();
}

fn wrap_segment(
    html: &mut Html,
    segment: &mut Vec<NodeId>,
    is_blank: impl Fn(&Html, NodeId) -> bool,
) {
    let start = segment.iter().position(|&n| !is_blank(html, n));
    let Some(start) = start else {
        for &n in segment.iter() {
            dom::remove(html, n);
        }
        segment.clear();
        return;
    };
    let end = segment
        .iter()
        .rposition(|&n| !is_blank(html, n))
        .unwrap_or(start)
        + 1;
    for &n in segment[..start].iter().chain(&segment[end..]) {
        dom::remove(html, n);
    }
    let kept = &segment[start..end];
    if let Some(p) = dom::wrap_run(html, kept, "p") {
        // The run was normalized as part of a longer line; it is a line of its own now.
        trim_content_edge(html, p, true);
        trim_content_edge(html, p, false);
        trim_line_breaks(html, p);
        if html.tree.get(p).is_some_and(|n| !n.has_children()) {
            dom::remove(html, p);
        }
    }
    segment.clear();
}

/// The only cell of a table with one row and one cell (and no caption text).
fn single_cell(html: &Html, table: NodeId) -> Option<NodeId> {
    let mut cell = None;
    let mut stack = dom::children(html, table);
    let mut seen = 0usize;
    while let Some(id) = stack.pop() {
        match dom::element_name(html, id) {
            Some("thead" | "tbody" | "tfoot" | "tr") => {
                seen += 1;
                if seen > 64 {
                    return None;
                }
                stack.extend(dom::children(html, id));
            }
            Some("td" | "th") if cell.replace(id).is_some() => return None,
            Some("caption") if !dom::text_excerpt(html, id, 1).is_empty() => return None,
            Some("td" | "th" | "caption" | "colgroup" | "col") => {}
            Some(_) => return None,
            None => {}
        }
    }
    cell
}

/// Moves the children of `id` into an immediately preceding sibling element of the same name
/// (not one in `blockish`, which holds blocks).
fn merge_with_previous(
    html: &mut Html,
    id: NodeId,
    name: &str,
    blockish: &FxHashSet<NodeId>,
) -> bool {
    let prev = html
        .tree
        .get(id)
        .and_then(|n| n.prev_sibling())
        .filter(|p| p.value().as_element().is_some_and(|e| e.name() == name))
        .map(|p| p.id())
        .filter(|p| !blockish.contains(p));
    let Some(prev) = prev else {
        return false;
    };
    let mut seam = (
        html.tree
            .get(prev)
            .and_then(|n| n.last_child())
            .map(|c| c.id()),
        html.tree
            .get(id)
            .and_then(|n| n.first_child())
            .map(|c| c.id()),
    );
    if let Some(mut p) = html.tree.get_mut(prev) {
        p.reparent_from_id_append(id);
    }
    dom::remove(html, id);
    // Runs that now meet at the seam merge too (`<b><i>x</i></b><b><i>y</i></b>`).
    while let (Some(left), Some(right)) = seam {
        let same = match (
            dom::element_name(html, left),
            dom::element_name(html, right),
        ) {
            (Some(a), Some(b)) => a == b && matches!(a, "strong" | "b" | "em" | "i"),
            _ => false,
        };
        if !same || blockish.contains(&left) || blockish.contains(&right) {
            break;
        }
        seam = (
            html.tree
                .get(left)
                .and_then(|n| n.last_child())
                .map(|c| c.id()),
            html.tree
                .get(right)
                .and_then(|n| n.first_child())
                .map(|c| c.id()),
        );
        if let Some(mut l) = html.tree.get_mut(left) {
            l.reparent_from_id_append(right);
        }
        dom::remove(html, right);
    }
    true
}

fn has_attributes(html: &Html, id: NodeId) -> bool {
    html.tree
        .get(id)
        .and_then(|n| n.value().as_element())
        .is_some_and(|e| !e.attrs.is_empty())
}

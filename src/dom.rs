//! The document every stage works on: an html5ever tree (via `scraper`) plus the id of the
//! subtree that holds the article, with small iterative helpers (no recursion: inputs may
//! nest 100,000 elements deep).

use ego_tree::NodeId;
use scraper::{Html, Node};

/// A parsed input and the root of the article inside it.
pub(crate) struct Document {
    /// The whole parsed tree.
    pub html: Html,
    /// The element whose children are the article.
    pub root: NodeId,
}

impl Document {
    /// Parses a post body or fragment, in a `<body>` context.
    pub fn fragment(body: &str) -> Self {
        let html = Html::parse_fragment(body);
        let root = html.root_element().id();
        Document { html, root }
    }

    /// Parses a whole page; the root is `<body>` until extraction picks a better one.
    pub fn page(source: &str) -> Self {
        let html = Html::parse_document(source);
        let root = find_element(&html, html.tree.root().id(), "body")
            .unwrap_or_else(|| html.root_element().id());
        Document { html, root }
    }
}

/// All descendants of `id` (excluding `id`) in document order, iteratively.
pub(crate) fn descendants(html: &Html, id: NodeId) -> Vec<NodeId> {
    match html.tree.get(id) {
        // ego-tree's walk follows sibling and parent links: no stack, no recursion.
        Some(node) => node.descendants().skip(1).map(|n| n.id()).collect(),
        None => Vec::new(),
    }
}

/// The first element named `name` under `id` (document order).
pub(crate) fn find_element(html: &Html, id: NodeId, name: &str) -> Option<NodeId> {
    html.tree
        .get(id)?
        .descendants()
        .skip(1)
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == name))
        .map(|n| n.id())
}

/// The local name of an element, `None` for other nodes.
pub(crate) fn element_name(html: &Html, id: NodeId) -> Option<&str> {
    html.tree
        .get(id)
        .and_then(|n| n.value().as_element())
        .map(|e| e.name())
}

/// An attribute of an element, by name (in no namespace): the one attribute accessor of the
/// crate. It returns what scraper's `Element::attr` returns, found by comparing names
/// instead of interning `name` and binary-searching (which costs more on the short attribute
/// lists of real elements).
pub(crate) fn get_attr<'a>(el: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    el.attrs
        .iter()
        .find(|(q, _)| q.prefix.is_none() && q.ns == html5ever::ns!() && &*q.local == name)
        .map(|(_, v)| &**v)
}

/// The class names of `el` (its `class` attribute split at ASCII whitespace, repeats kept).
/// scraper's own `classes()` interns and sorts them on first use; reading the attribute is
/// all the stages need.
pub(crate) fn classes(el: &scraper::node::Element) -> impl Iterator<Item = &str> {
    get_attr(el, "class")
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
}

/// The concatenated text of `id` and its descendants.
pub(crate) fn text_content(html: &Html, id: NodeId) -> String {
    let mut out = String::new();
    if let Some(node) = html.tree.get(id) {
        // ego-tree's walk follows sibling and parent links: no stack, no recursion.
        for n in node.descendants() {
            if let Node::Text(t) = n.value() {
                out.push_str(t);
            }
        }
    }
    out
}

/// Detaches `id` and its subtree from the tree.
pub(crate) fn remove(html: &mut Html, id: NodeId) {
    if let Some(mut n) = html.tree.get_mut(id) {
        n.detach();
    }
}

/// Removes `id`, then climbs: each ancestor left without children is removed too while
/// `prunable` says so (the one "remove and tidy up" walk of the cleaning stages).
pub(crate) fn remove_and_prune(
    html: &mut Html,
    id: NodeId,
    prunable: &dyn Fn(ego_tree::NodeRef<Node>) -> bool,
) {
    let mut current = id;
    loop {
        let parent = html
            .tree
            .get(current)
            .and_then(|n| n.parent())
            .map(|p| p.id());
        remove(html, current);
        match parent.and_then(|p| html.tree.get(p)) {
            Some(p) if !p.has_children() && prunable(p) => current = p.id(),
            _ => return,
        }
    }
}

/// Replaces element `id` by its children.
pub(crate) fn unwrap(html: &mut Html, id: NodeId) {
    let Some(mut n) = html.tree.get_mut(id) else {
        return;
    };
    // Each first child in turn moves to just before `id`: no list of the children.
    while let Some(first) = n.first_child().map(|c| c.id()) {
        n.insert_id_before(first);
    }
    n.detach();
}

/// Pushes the children of `id` (as `item` makes them) on a depth-first walk's stack, last
/// child first, so that the first child is popped first; no list of children is made.
pub(crate) fn push_children<T>(
    html: &Html,
    id: NodeId,
    stack: &mut Vec<T>,
    item: impl Fn(NodeId) -> T,
) {
    if let Some(n) = html.tree.get(id) {
        stack.extend(n.children().rev().map(|c| item(c.id())));
    }
}

/// The child ids of `id`, in order.
pub(crate) fn children(html: &Html, id: NodeId) -> Vec<NodeId> {
    let Some(n) = html.tree.get(id) else {
        return Vec::new();
    };
    // Counted first (a walk over sibling links) so that the list is allocated once.
    let mut out = Vec::with_capacity(n.children().count());
    out.extend(n.children().map(|c| c.id()));
    out
}

/// At most `max` characters of the text under `id`, whitespace collapsed, for report lines.
/// Stops walking as soon as it has enough, so reporting stays cheap on huge subtrees.
pub(crate) fn text_excerpt(html: &Html, id: NodeId, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0usize;
    let Some(root) = html.tree.get(id) else {
        return out;
    };
    // ego-tree's walk (document order) follows sibling and parent links: no stack.
    for node in root.descendants() {
        if let Node::Text(t) = node.value() {
            for c in t.chars() {
                let c = if c.is_whitespace() { ' ' } else { c };
                if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
                    continue;
                }
                if count == max {
                    out.push('…');
                    return out;
                }
                if out.is_empty() {
                    // Room for `max` characters of CJK text at once.
                    out.reserve(max.min(256) * 3 + 3);
                }
                out.push(c);
                count += 1;
            }
        }
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out
}

/// A new element node value with no attributes.
pub(crate) fn new_element(name: &str) -> Node {
    Node::Element(scraper::node::Element::new(qual_name(name), Vec::new()))
}

/// The HTML-namespace qualified name for `name`.
pub(crate) fn qual_name(name: &str) -> html5ever::QualName {
    use html5ever::{ns, LocalName, QualName};
    QualName::new(None, ns!(html), LocalName::from(name))
}

/// Renames element `id` into the HTML namespace, keeping its attributes (the element's
/// cached id and classes come from those, so they stay right).
pub(crate) fn rename(html: &mut Html, id: NodeId, name: &str) {
    if let Some(mut node) = html.tree.get_mut(id) {
        if let Node::Element(el) = node.value() {
            el.name = qual_name(name);
        }
    }
}

/// Sets attribute `name` of element `id` to `value` (added when missing).
pub(crate) fn set_attr(html: &mut Html, id: NodeId, name: &str, value: &str) {
    let Some(mut node) = html.tree.get_mut(id) else {
        return;
    };
    let Node::Element(el) = node.value() else {
        return;
    };
    let mut attrs = attributes(el, |q| &*q.local != name);
    attrs.push(html5ever::Attribute {
        name: html5ever::QualName::new(None, html5ever::ns!(), html5ever::LocalName::from(name)),
        value: value.into(),
    });
    let qual = el.name.clone();
    *node.value() = Node::Element(scraper::node::Element::new(qual, attrs));
}

/// Removes the attributes named in `names` from element `id`; true when one was removed.
pub(crate) fn drop_attrs(html: &mut Html, id: NodeId, names: &[&str]) -> bool {
    let Some(mut node) = html.tree.get_mut(id) else {
        return false;
    };
    let Node::Element(el) = node.value() else {
        return false;
    };
    if !el.attrs.iter().any(|(q, _)| names.contains(&&*q.local)) {
        return false;
    }
    let attrs = attributes(el, |q| !names.contains(&&*q.local));
    let name = el.name.clone();
    *node.value() = Node::Element(scraper::node::Element::new(name, attrs));
    true
}

fn attributes(
    el: &scraper::node::Element,
    keep: impl Fn(&html5ever::QualName) -> bool,
) -> Vec<html5ever::Attribute> {
    el.attrs
        .iter()
        .filter(|(q, _)| keep(q))
        .map(|(q, v)| html5ever::Attribute {
            name: q.clone(),
            value: v.clone(),
        })
        .collect()
}

/// Wraps the consecutive siblings `run` (in order, all children of one parent) in a new
/// element named `name`, placed where the first of them was. Returns the new element.
pub(crate) fn wrap_run(html: &mut Html, run: &[NodeId], name: &str) -> Option<NodeId> {
    let first = *run.first()?;
    let wrapper = html
        .tree
        .get_mut(first)?
        .insert_before(new_element(name))
        .id();
    let mut w = html.tree.get_mut(wrapper)?;
    for id in run {
        w.append_id(*id);
    }
    Some(wrapper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwrap_keeps_children_in_order() {
        let mut doc = Document::fragment("<div><span>a</span>b<i>c</i></div>");
        let span = find_element(&doc.html, doc.root, "div").unwrap();
        unwrap(&mut doc.html, span);
        assert_eq!(text_content(&doc.html, doc.root), "abc");
        assert!(find_element(&doc.html, doc.root, "div").is_none());
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // The input stage caps what the parser sees (its tree builder is quadratic in depth);
        // every walk here must still cope with the tree it gets.
        let depth = 100_000;
        let src = "<div>".repeat(depth) + "x" + &"</div>".repeat(depth);
        let mut report = crate::article::Report::default();
        let limited = crate::input::limit_markup(&src, &mut report);
        let doc = Document::fragment(&limited);
        assert_eq!(text_content(&doc.html, doc.root), "x");
        assert!(descendants(&doc.html, doc.root).len() > depth);
        assert_eq!(report.warnings[0].code, "markup_too_deep");
    }
}

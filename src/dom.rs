//! The document every stage works on: an html5ever tree (via `scraper`) plus the id of the
//! subtree that holds the article, with small iterative helpers (no recursion: inputs may
//! nest 100,000 elements deep).

use crate::extract::PageMeta;
use ego_tree::NodeId;
use scraper::{Html, Node};

/// A parsed input and the root of the article inside it.
pub(crate) struct Document {
    /// The whole parsed tree.
    pub html: Html,
    /// The element whose children are the article.
    pub root: NodeId,
    /// Metadata found in a whole page (only set by extraction).
    pub page_meta: Option<PageMeta>,
}

impl Document {
    /// Parses a post body or fragment, in a `<body>` context.
    pub fn fragment(body: &str) -> Self {
        let html = Html::parse_fragment(body);
        let root = html.root_element().id();
        Document {
            html,
            root,
            page_meta: None,
        }
    }

    /// Parses a whole page; the root is `<body>` until extraction picks a better one.
    pub fn page(source: &str) -> Self {
        let html = Html::parse_document(source);
        let root = find_element(&html, html.tree.root().id(), "body")
            .unwrap_or_else(|| html.root_element().id());
        Document {
            html,
            root,
            page_meta: None,
        }
    }

    /// Element ids of the article subtree (root excluded), in document order.
    pub fn elements(&self) -> Vec<NodeId> {
        descendants(&self.html, self.root)
            .into_iter()
            .filter(|id| is_element(&self.html, *id))
            .collect()
    }
}

/// All descendants of `id` (excluding `id`) in document order, iteratively.
pub(crate) fn descendants(html: &Html, id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let Some(node) = html.tree.get(id) else {
        return out;
    };
    let mut stack: Vec<NodeId> = node.children().rev().map(|c| c.id()).collect();
    while let Some(n) = stack.pop() {
        out.push(n);
        if let Some(node) = html.tree.get(n) {
            stack.extend(node.children().rev().map(|c| c.id()));
        }
    }
    out
}

/// The first element named `name` under `id` (document order).
pub(crate) fn find_element(html: &Html, id: NodeId, name: &str) -> Option<NodeId> {
    descendants(html, id)
        .into_iter()
        .find(|n| element_name(html, *n) == Some(name))
}

/// True when `id` is an element node.
pub(crate) fn is_element(html: &Html, id: NodeId) -> bool {
    html.tree.get(id).is_some_and(|n| n.value().is_element())
}

/// The local name of an element, `None` for other nodes.
pub(crate) fn element_name(html: &Html, id: NodeId) -> Option<&str> {
    html.tree
        .get(id)
        .and_then(|n| n.value().as_element())
        .map(|e| e.name())
}

/// An attribute of an element.
#[allow(dead_code)]
pub(crate) fn attr<'a>(html: &'a Html, id: NodeId, name: &str) -> Option<&'a str> {
    html.tree
        .get(id)
        .and_then(|n| n.value().as_element())
        .and_then(|e| e.attr(name))
}

/// The concatenated text of `id` and its descendants.
pub(crate) fn text_content(html: &Html, id: NodeId) -> String {
    let mut out = String::new();
    if let Some(Node::Text(t)) = html.tree.get(id).map(|n| n.value()) {
        out.push_str(t);
    }
    for n in descendants(html, id) {
        if let Some(Node::Text(t)) = html.tree.get(n).map(|n| n.value()) {
            out.push_str(t);
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

/// Replaces element `id` by its children.
pub(crate) fn unwrap(html: &mut Html, id: NodeId) {
    let children: Vec<NodeId> = match html.tree.get(id) {
        Some(n) => n.children().map(|c| c.id()).collect(),
        None => return,
    };
    if let Some(mut n) = html.tree.get_mut(id) {
        for c in children {
            n.insert_id_before(c);
        }
        n.detach();
    }
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
        let depth = 5_000;
        let src = "<div>".repeat(depth) + "x";
        let doc = Document::fragment(&src);
        assert_eq!(text_content(&doc.html, doc.root), "x");
        assert!(doc.elements().len() >= depth);
    }
}

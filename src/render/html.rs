//! The article as HTML: the sanitized tree serialized, every string escaped.

use super::escape::{escape_attr, escape_text};
use super::{walk, Step};
use crate::dom::Document;
use crate::html_facts::is_void;
use scraper::Node;

/// Serializes the article subtree. Text and attribute values are always escaped, so no
/// string from the input can open a tag.
pub(crate) fn html(doc: &Document) -> String {
    let mut out = String::new();
    walk(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => match node.value() {
            Node::Text(t) => escape_text(t, &mut out),
            Node::Element(el) => {
                out.push('<');
                out.push_str(el.name());
                for (name, value) in el.attrs.iter() {
                    out.push(' ');
                    out.push_str(&name.local);
                    if !value.is_empty() {
                        out.push_str("=\"");
                        escape_attr(value, &mut out);
                        out.push('"');
                    }
                }
                out.push('>');
                // The parser drops one newline right after <pre>; keep a leading one.
                if el.name() == "pre" {
                    if let Some(Node::Text(t)) = node.first_child().map(|f| f.value()) {
                        if t.starts_with('\n') {
                            out.push('\n');
                        }
                    }
                }
            }
            _ => {}
        },
        Step::Leave(node) => {
            if let Node::Element(el) = node.value() {
                if !is_void(&el.name.local) {
                    out.push_str("</");
                    out.push_str(el.name());
                    out.push('>');
                }
            }
        }
    });
    // Text that starts with `---` (output without paragraphs, `remove_boilerplate(false)`)
    // would be taken for front matter when the output is cleaned again.
    let lead = out.len() - out.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    if out[lead..].starts_with("---") {
        out.replace_range(lead..lead + 1, "&#45;");
    }
    out
}

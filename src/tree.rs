//! The article body as a JsonML tree, for building DOM nodes directly (the JS `toFragment`)
//! instead of parsing [`crate::render`]'s HTML again: an array of nodes, each a string (text)
//! or `[name, {attribute: value, ...}, ...children]`. Only what the HTML output holds is
//! written (elements, attributes and text of the sanitized tree; comments are dropped there too).

use crate::dom::Document;
use crate::render::{walk, Step};
use scraper::Node;

/// The tree under `doc.root` as JsonML text.
pub(crate) fn tree(doc: &Document) -> String {
    let mut out = String::from("[");
    // Whether the next value is the first of its array (no comma before it).
    let mut first = true;
    walk(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => {
            let open = match node.value() {
                Node::Text(t) => Some((None, &**t)),
                Node::Element(el) => Some((Some(el), el.name())),
                _ => None,
            };
            let Some((element, text)) = open else { return };
            if !first {
                out.push(',');
            }
            first = false;
            let Some(el) = element else {
                return string(text, &mut out);
            };
            out.push('[');
            string(text, &mut out);
            out.push_str(",{");
            for (i, (name, value)) in el.attrs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(&name.local, &mut out);
                out.push(':');
                string(value, &mut out);
            }
            out.push('}');
        }
        Step::Leave(node) => {
            if matches!(node.value(), Node::Element(_)) {
                out.push(']');
                first = false;
            }
        }
    });
    out.push(']');
    out
}

/// `s` as a JSON string.
fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[usize::from(c as u8 >> 4)]));
                out.push(char::from(b"0123456789abcdef"[usize::from(c as u8 & 15)]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(html: &str) -> serde_json::Value {
        let doc = Document::fragment(html);
        serde_json::from_str(&tree(&doc)).expect("valid JSON")
    }

    #[test]
    fn elements_attributes_and_text_as_jsonml() {
        assert_eq!(
            of("<p class=\"a\">Hi <b>there</b></p><img src=\"x.png\" alt=\"\">"),
            serde_json::json!([["p", {"class": "a"}, "Hi ", ["b", {}, "there"]], ["img", {"src": "x.png", "alt": ""}]])
        );
        assert_eq!(of(""), serde_json::json!([]));
    }

    #[test]
    fn strings_are_escaped_and_pre_keeps_its_newline() {
        assert_eq!(
            of("<pre>\n\nx\t\"q\" \\ \u{1}</pre>"),
            serde_json::json!([["pre", {}, "\nx\t\"q\" \\ \u{1}"]])
        );
    }
}

//! The article body as a tree for building DOM nodes directly instead of parsing
//! [`crate::render`]'s HTML again: one walk ([`visit`]) over the sanitized tree, read by a
//! [`TreeVisitor`]. The core's own visitor writes JsonML text (the JS `toFragment` builds from
//! it): an array of nodes, each a string (text) or `[name, {attribute: value, ...},
//! ...children]`. Only what the HTML output holds is visited (elements, attributes and text of
//! the sanitized tree; comments are dropped there too).

use crate::dom::Document;
use crate::render::{walk, Step};
use scraper::Node;

/// Receives the article body's sanitized tree, depth-first, from
/// [`crate::clean_with_visitor`]. Element and attribute names are the sanitizer's allow-list
/// (lower-case ASCII names), so they are valid for `createElement` and `setAttribute`.
pub trait TreeVisitor {
    /// An element starts: its name and its attributes. Its children follow, then
    /// [`TreeVisitor::close`].
    fn open(&mut self, name: &str, attributes: Attributes<'_>);
    /// A text node.
    fn text(&mut self, text: &str);
    /// The element last opened (and not closed yet) ends.
    fn close(&mut self);
}

/// An element's attributes as (name, value), in the order the HTML output writes them.
pub struct Attributes<'a>(scraper::node::Attrs<'a>);

impl<'a> Iterator for Attributes<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next()
    }
}

/// Walks the tree under `doc.root` into `visitor`.
pub(crate) fn visit<V: TreeVisitor + ?Sized>(doc: &Document, visitor: &mut V) {
    walk(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => match node.value() {
            Node::Text(t) => visitor.text(t),
            Node::Element(el) => visitor.open(el.name(), Attributes(el.attrs())),
            _ => {}
        },
        Step::Leave(node) => {
            if matches!(node.value(), Node::Element(_)) {
                visitor.close();
            }
        }
    });
}

/// The JsonML writer: the text of the tree so far.
pub(crate) struct JsonMl {
    /// The text written so far (an opened array).
    pub(crate) out: String,
    /// Whether the next value is the first of its array (no comma before it).
    first: bool,
}

impl JsonMl {
    /// An empty tree.
    pub(crate) fn new() -> Self {
        JsonMl {
            out: String::from("["),
            first: true,
        }
    }

    /// The JsonML text (closes the outer array).
    pub(crate) fn finish(mut self) -> String {
        self.out.push(']');
        self.out
    }

    /// A comma before every value but the first of its array.
    fn separate(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }
}

impl TreeVisitor for JsonMl {
    fn open(&mut self, name: &str, attributes: Attributes<'_>) {
        self.separate();
        self.out.push('[');
        string(name, &mut self.out);
        self.out.push_str(",{");
        for (i, (name, value)) in attributes.enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            string(name, &mut self.out);
            self.out.push(':');
            string(value, &mut self.out);
        }
        self.out.push('}');
    }

    fn text(&mut self, text: &str) {
        self.separate();
        string(text, &mut self.out);
    }

    fn close(&mut self) {
        self.out.push(']');
        self.first = false;
    }
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
        let mut w = JsonMl::new();
        visit(&doc, &mut w);
        serde_json::from_str(&w.finish()).expect("valid JSON")
    }

    #[test]
    fn elements_attributes_and_text_as_jsonml() {
        assert_eq!(
            of("<p class=\"a\">Hi <b>there</b></p><img src=\"x.png\" alt=\"\">"),
            serde_json::json!([["p", {"class": "a"}, "Hi ", ["b", {}, "there"]], ["img", {"src": "x.png", "alt": ""}]])
        );
        assert_eq!(of(""), serde_json::json!([]));
    }

    /// What a visitor is told, as one line per event.
    struct Events(Vec<String>);

    impl TreeVisitor for Events {
        fn open(&mut self, name: &str, attributes: Attributes<'_>) {
            let attrs: Vec<String> = attributes.map(|(n, v)| format!("{n}={v}")).collect();
            self.0.push(format!("open {name} {}", attrs.join(" ")));
        }
        fn text(&mut self, text: &str) {
            self.0.push(format!("text {text}"));
        }
        fn close(&mut self) {
            self.0.push("close".into());
        }
    }

    #[test]
    fn the_visitor_sees_each_element_open_and_close_around_its_children() {
        let doc =
            Document::fragment("<p title=\"t\" class=\"a\">Hi <b>there</b><br></p>x<!-- c -->");
        let mut events = Events(Vec::new());
        visit(&doc, &mut events);
        assert_eq!(
            events.0,
            [
                "open p class=a title=t",
                "text Hi ",
                "open b ",
                "text there",
                "close",
                "open br ",
                "close",
                "close",
                "text x",
            ]
        );
    }

    #[test]
    fn strings_are_escaped_and_pre_keeps_its_newline() {
        assert_eq!(
            of("<pre>\n\nx\t\"q\" \\ \u{1}</pre>"),
            serde_json::json!([["pre", {}, "\nx\t\"q\" \\ \u{1}"]])
        );
    }
}

//! The rendering stage: the sanitized tree as HTML, plain text, Markdown, and statistics.
//!
//! All walks are iterative (an explicit stack of enter/leave events), so depth is bounded
//! only by memory.

use crate::dom::Document;
use crate::Stats;
use ego_tree::NodeId;
use scraper::{Html, Node};

/// Void elements: no end tag, no children.
const VOID: &[&str] = &[
    "area", "br", "col", "hr", "img", "wbr", "embed", "source", "track",
];

/// Block-level elements (a line break before and after in text renderings).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "iframe",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

pub(crate) fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name)
}

/// One step of a depth-first walk.
pub(crate) enum Step {
    Enter(NodeId),
    Leave(NodeId),
}

/// Visits the subtree under `root` (excluded) depth-first, without recursion.
pub(crate) fn walk(html: &Html, root: NodeId, mut f: impl FnMut(&Html, Step)) {
    let mut stack: Vec<Step> = Vec::new();
    if let Some(r) = html.tree.get(root) {
        stack.extend(r.children().rev().map(|c| Step::Enter(c.id())));
    }
    while let Some(step) = stack.pop() {
        if let Step::Enter(id) = step {
            stack.push(Step::Leave(id));
            if let Some(n) = html.tree.get(id) {
                stack.extend(n.children().rev().map(|c| Step::Enter(c.id())));
            }
        }
        f(html, step);
    }
}

fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

/// Serializes the article subtree. Text and attribute values are always escaped, so no
/// string from the input can open a tag.
pub(crate) fn html(doc: &Document) -> String {
    let mut out = String::new();
    walk(&doc.html, doc.root, |html, step| match step {
        Step::Enter(id) => match html.tree.get(id).map(|n| n.value()) {
            Some(Node::Text(t)) => escape_text(t, &mut out),
            Some(Node::Element(el)) => {
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
                    let first = html.tree.get(id).and_then(|n| n.first_child());
                    if let Some(Node::Text(t)) = first.map(|f| f.value()) {
                        if t.starts_with('\n') {
                            out.push('\n');
                        }
                    }
                }
            }
            _ => {}
        },
        Step::Leave(id) => {
            if let Some(Node::Element(el)) = html.tree.get(id).map(|n| n.value()) {
                if !VOID.contains(&el.name()) {
                    out.push_str("</");
                    out.push_str(el.name());
                    out.push('>');
                }
            }
        }
    });
    out
}

/// Collapses whitespace runs to one space (outside `pre`).
fn push_collapsed(s: &str, out: &mut String) {
    for c in s.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            if !out.ends_with([' ', '\n']) && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn end_block(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        if out.ends_with('\n') {
            out.push('\n');
        } else {
            out.push_str("\n\n");
        }
    }
}

/// Plain text: blocks separated by a blank line, `<br>` as a line break.
pub(crate) fn text(doc: &Document) -> String {
    let mut out = String::new();
    let mut pre_depth = 0usize;
    walk(&doc.html, doc.root, |html, step| match step {
        Step::Enter(id) => match html.tree.get(id).map(|n| n.value()) {
            Some(Node::Text(t)) if pre_depth > 0 => out.push_str(t),
            Some(Node::Text(t)) => push_collapsed(t, &mut out),
            Some(Node::Element(el)) => match el.name() {
                "br" => {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\n');
                }
                "pre" => {
                    end_block(&mut out);
                    pre_depth += 1;
                }
                "td" | "th" if !out.is_empty() && !out.ends_with(['\n', '\t']) => {
                    out.push('\t');
                }
                "td" | "th" => {}
                name if is_block(name) && !matches!(name, "tbody" | "thead" | "tfoot") => {
                    end_block(&mut out)
                }
                _ => {}
            },
            _ => {}
        },
        Step::Leave(id) => {
            if let Some(Node::Element(el)) = html.tree.get(id).map(|n| n.value()) {
                match el.name() {
                    "pre" => {
                        pre_depth -= 1;
                        end_block(&mut out);
                    }
                    "tr" => {
                        while out.ends_with([' ', '\t']) {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    "td" | "th" => {}
                    name if is_block(name) => end_block(&mut out),
                    _ => {}
                }
            }
        }
    });
    out.trim().to_owned()
}

/// CommonMark rendering of the article.
pub(crate) fn markdown(doc: &Document) -> String {
    // Placeholder quality: a full Markdown renderer lives here; see the tests.
    let mut out = String::new();
    let mut pre_depth = 0usize;
    walk(&doc.html, doc.root, |html, step| match step {
        Step::Enter(id) => match html.tree.get(id).map(|n| n.value()) {
            Some(Node::Text(t)) if pre_depth > 0 => out.push_str(t),
            Some(Node::Text(t)) => {
                let mut s = String::new();
                push_collapsed(t, &mut s);
                out.push_str(&escape_markdown(&s));
            }
            Some(Node::Element(el)) => match el.name() {
                "br" => out.push_str("  \n"),
                "pre" => {
                    end_block(&mut out);
                    out.push_str("```\n");
                    pre_depth += 1;
                }
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    end_block(&mut out);
                    let level = el.name()[1..].parse::<usize>().unwrap_or(1);
                    out.push_str(&"#".repeat(level));
                    out.push(' ');
                }
                "strong" | "b" => out.push_str("**"),
                "em" | "i" => out.push('*'),
                "code" if pre_depth == 0 => out.push('`'),
                "li" => {
                    end_block(&mut out);
                    out.push_str("- ");
                }
                "img" => {
                    let alt = el.attr("alt").unwrap_or("");
                    let src = el.attr("src").unwrap_or("");
                    out.push_str(&format!(
                        "![{}](<{}>)",
                        escape_markdown(alt),
                        src.replace(['<', '>'], "")
                    ));
                }
                "a" => out.push('['),
                name if is_block(name) => end_block(&mut out),
                _ => {}
            },
            _ => {}
        },
        Step::Leave(id) => {
            if let Some(Node::Element(el)) = html.tree.get(id).map(|n| n.value()) {
                match el.name() {
                    "pre" => {
                        pre_depth -= 1;
                        if !out.ends_with('\n') {
                            out.push('\n');
                        }
                        out.push_str("```");
                        end_block(&mut out);
                    }
                    "strong" | "b" => out.push_str("**"),
                    "em" | "i" => out.push('*'),
                    "code" if pre_depth == 0 => out.push('`'),
                    "a" => {
                        let href = el.attr("href").unwrap_or("");
                        out.push_str(&format!("](<{}>)", href.replace(['<', '>'], "")));
                    }
                    name if is_block(name) => end_block(&mut out),
                    _ => {}
                }
            }
        }
    });
    out.trim().to_owned()
}

fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Counts over the rendered article.
pub(crate) fn stats(doc: &Document, text: &str) -> Stats {
    let mut paragraphs = 0;
    let mut images = 0;
    for id in doc.elements() {
        match crate::dom::element_name(&doc.html, id) {
            Some("img") => images += 1,
            Some("p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "blockquote" | "pre")
                if !crate::dom::text_content(&doc.html, id).trim().is_empty() =>
            {
                paragraphs += 1
            }
            _ => {}
        }
    }
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    let cjk = text.chars().filter(|c| is_cjk(*c)).count();
    let words = text
        .split(|c: char| c.is_whitespace() || is_cjk(c))
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    let minutes = cjk as f64 / 400.0 + words as f64 / 220.0;
    let reading_minutes = if chars == 0 {
        0
    } else {
        (minutes.ceil() as u32).max(1)
    };
    Stats {
        chars,
        paragraphs,
        images,
        reading_minutes,
    }
}

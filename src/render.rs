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

use crate::dom::{get_attr, Document};
use crate::Stats;
use ego_tree::{NodeId, NodeRef};
use html5ever::{local_name, LocalName};
use scraper::{Html, Node};
use std::borrow::Cow;

/// Void elements: no end tag, no children.
fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("br")
            | local_name!("col")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("wbr")
            | local_name!("embed")
            | local_name!("source")
            | local_name!("track")
    )
}

/// Block-level elements (a line break before and after in text renderings).
pub(crate) fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("caption")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("header")
            | local_name!("hr")
            | local_name!("iframe")
            | local_name!("li")
            | local_name!("main")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("table")
            | local_name!("tbody")
            | local_name!("td")
            | local_name!("tfoot")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("tr")
            | local_name!("ul")
    )
}

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
fn walk_pruned<'a>(html: &'a Html, root: NodeId, mut f: impl FnMut(Step<'a>) -> bool) {
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

/// Byte classes for the byte-level text scanners: each flag marks the bytes a scanner must
/// look at; every other byte is copied as part of a run. Lead bytes of multi-byte characters
/// are never continuation bytes, so a scanner stepping byte by byte only ever stops on a
/// character boundary.
mod byte_class {
    /// Needs an escape in HTML text: `&`, `<`, `>`, CR, and the lead bytes of U+00A0 (0xC2)
    /// and of U+FEFF (0xEF).
    pub(super) const HTML_TEXT: u8 = 1;
    /// Needs an escape in an HTML attribute value: [`HTML_TEXT`] and `"`.
    pub(super) const HTML_ATTR: u8 = 2;
    /// Backslash-escaped in Markdown text.
    pub(super) const MD_ESCAPE: u8 = 4;
    /// Lead byte of the marker range U+FDD0..=U+FDEF (0xEF).
    pub(super) const SENTINEL: u8 = 8;
    /// ASCII whitespace, or the lead byte of a multi-byte whitespace character (0xC2 for
    /// U+0085 and U+00A0, 0xE1 for U+1680, 0xE2 for U+2000..=U+205F, 0xE3 for U+3000).
    pub(super) const SPACE: u8 = 16;

    const fn build() -> [u8; 256] {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            let x = b as u8;
            let mut f = 0;
            if matches!(x, b'&' | b'<' | b'>' | b'\r' | 0xc2 | 0xef) {
                f |= HTML_TEXT | HTML_ATTR;
            }
            if x == b'"' {
                f |= HTML_ATTR;
            }
            if matches!(
                x,
                b'\\'
                    | b'`'
                    | b'*'
                    | b'_'
                    | b'['
                    | b']'
                    | b'<'
                    | b'>'
                    | b'#'
                    | b'|'
                    | b'~'
                    | b'&'
                    | b'!'
            ) {
                f |= MD_ESCAPE;
            }
            if x == 0xef {
                f |= SENTINEL;
            }
            if matches!(x, b'\t'..=b'\r' | b' ' | 0xc2 | 0xe1 | 0xe2 | 0xe3) {
                f |= SPACE;
            }
            t[b] = f;
            b += 1;
        }
        t
    }

    /// The flags of every byte value.
    pub(super) const TABLE: [u8; 256] = build();
}

/// The index of the first byte at or after `i` whose class shares a flag with `mask` (or
/// `b.len()`). Eight bytes are tested at a time (their classes or-ed, no branch per byte)
/// until a group holds such a byte, which is then found byte by byte.
fn skip_plain(b: &[u8], i: usize, mask: u8) -> usize {
    let Some(rest) = b.get(i..) else {
        return b.len();
    };
    let mut at = i;
    for group in rest.chunks_exact(8) {
        let classes = group
            .iter()
            .fold(0, |acc, &x| acc | byte_class::TABLE[usize::from(x)]);
        if classes & mask != 0 {
            break;
        }
        at += 8;
    }
    while let Some(&x) = b.get(at) {
        if byte_class::TABLE[usize::from(x)] & mask != 0 {
            break;
        }
        at += 1;
    }
    at
}

/// The byte length of the character starting at byte `i` of `b` when it is whitespace
/// (`char::is_whitespace`) other than U+00A0, which the renderings keep; 0 for any other
/// character and at the end. `i` must be a character boundary.
///
/// Decided on the bytes: only the lead bytes 0xC2, 0xE1, 0xE2 and 0xE3 start a non-ASCII
/// whitespace character (U+0085; U+1680; U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F;
/// U+3000).
fn space_len(b: &[u8], i: usize) -> usize {
    let Some(&x) = b.get(i) else { return 0 };
    let next = |k: usize| b.get(i + k).copied();
    match x {
        b'\t'..=b'\r' | b' ' => 1,
        0xc2 if next(1) == Some(0x85) => 2,
        0xe1 if (next(1), next(2)) == (Some(0x9a), Some(0x80)) => 3,
        0xe2 => match (next(1), next(2)) {
            (Some(0x80), Some(0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)) | (Some(0x81), Some(0x9f)) => 3,
            _ => 0,
        },
        0xe3 if (next(1), next(2)) == (Some(0x80), Some(0x80)) => 3,
        _ => 0,
    }
}

/// Whether byte `i` of `b` is a space that collapsing leaves as it is, so it can stay in the
/// run of text not yet written (which starts at `from`): a single ASCII space (the next byte
/// is neither whitespace nor the lead byte of one) right after text of that run. That text
/// ends with a character that is not whitespace (a whitespace run ends a run), so the
/// collapsed output would be that text and one space too.
fn lone_space(b: &[u8], i: usize, from: usize) -> bool {
    i > from
        && b.get(i) == Some(&b' ')
        && b.get(i + 1)
            .is_none_or(|&x| byte_class::TABLE[usize::from(x)] & byte_class::SPACE == 0)
}

fn escape_text(s: &str, out: &mut String) {
    escape_html(s, out, byte_class::HTML_TEXT);
}

fn escape_attr(s: &str, out: &mut String) {
    escape_html(s, out, byte_class::HTML_ATTR);
}

/// Escapes text (`mask` [`byte_class::HTML_TEXT`]) or an attribute value
/// ([`byte_class::HTML_ATTR`]) for HTML; runs of characters that need no escape are copied
/// whole.
fn escape_html(s: &str, out: &mut String, mask: u8) {
    let b = s.as_bytes();
    let mut copied = 0;
    let mut i = skip_plain(b, 0, mask);
    while i < b.len() {
        let (len, entity) = match b[i] {
            b'&' => (1, "&amp;"),
            b'"' => (1, "&quot;"),
            b'<' => (1, "&lt;"),
            b'>' => (1, "&gt;"),
            // U+00A0.
            0xc2 if b.get(i + 1) == Some(&0xa0) => (2, "&nbsp;"),
            // A raw CR would come back as LF from the parser.
            b'\r' => (1, "&#13;"),
            // A leading byte-order mark (U+FEFF) would be taken off the next input.
            0xef if b.get(i + 1..i + 3) == Some(&[0xbb, 0xbf]) => (3, "&#xfeff;"),
            _ => {
                i = skip_plain(b, i + 1, mask);
                continue;
            }
        };
        out.push_str(&s[copied..i]);
        out.push_str(entity);
        i += len;
        copied = i;
        i = skip_plain(b, i, mask);
    }
    out.push_str(&s[copied..]);
}

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

/// Collapses whitespace runs to one space (outside `pre`); none is written at the start of
/// the output or after a space or line break.
fn push_collapsed(s: &str, out: &mut String) {
    let b = s.as_bytes();
    // Start of the characters not yet written (copied as one run).
    let mut from = 0;
    let mut i = skip_plain(b, 0, byte_class::SPACE);
    while i < b.len() {
        let len = space_len(b, i);
        if len == 0 || lone_space(b, i, from) {
            i = skip_plain(b, i + 1, byte_class::SPACE);
            continue;
        }
        out.push_str(&s[from..i]);
        i += len;
        while let len @ 1.. = space_len(b, i) {
            i += len;
        }
        from = i;
        if !out.ends_with([' ', '\n']) && !out.is_empty() {
            out.push(' ');
        }
        i = skip_plain(b, i, byte_class::SPACE);
    }
    out.push_str(&s[from..]);
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
    walk(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => match node.value() {
            Node::Text(t) if pre_depth > 0 => out.push_str(t),
            Node::Text(t) => push_collapsed(t, &mut out),
            Node::Element(el) => match el.name.local {
                local_name!("br") => {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\n');
                }
                local_name!("pre") => {
                    end_block(&mut out);
                    pre_depth += 1;
                }
                local_name!("td") | local_name!("th")
                    if !out.is_empty() && !out.ends_with(['\n', '\t']) =>
                {
                    out.push('\t');
                }
                local_name!("td") | local_name!("th") => {}
                // Browsers show quotation marks around <q>; so do text and Markdown.
                local_name!("q") => out.push('“'),
                _ if is_block(&el.name.local)
                    && !matches!(
                        el.name.local,
                        local_name!("tbody") | local_name!("thead") | local_name!("tfoot")
                    ) =>
                {
                    end_block(&mut out)
                }
                _ => {}
            },
            _ => {}
        },
        Step::Leave(node) => {
            if let Node::Element(el) = node.value() {
                match el.name.local {
                    local_name!("pre") => {
                        pre_depth -= 1;
                        end_block(&mut out);
                    }
                    local_name!("tr") => {
                        while out.ends_with([' ', '\t']) {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    local_name!("td") | local_name!("th") => {}
                    local_name!("q") => out.push('”'),
                    _ if is_block(&el.name.local) => end_block(&mut out),
                    _ => {}
                }
            }
        }
    });
    trim_in_place(&mut out);
    out
}

/// Removes leading and trailing whitespace (`str::trim`) without copying what remains.
fn trim_in_place(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let lead = s.len() - s.trim_start().len();
    s.drain(..lead);
}

/// Markers placed in an inline buffer and resolved when the block is finished (Unicode
/// noncharacters; any in the input text are replaced by U+FFFD first).
const STRONG_OPEN: char = '\u{fdd0}';
const STRONG_CLOSE: char = '\u{fdd1}';
const EM_OPEN: char = '\u{fdd2}';
const EM_CLOSE: char = '\u{fdd3}';
const DEL_OPEN: char = '\u{fdd4}';
const DEL_CLOSE: char = '\u{fdd5}';
const HARD_BREAK: char = '\u{fdd6}';
/// A link is `LINK_OPEN text LINK_CLOSE (destination) LINK_END`, written as `[text](…)`
/// only when both ends land in the same block (a paragraph break inside a link drops it).
const LINK_OPEN: char = '\u{fdd7}';
const LINK_CLOSE: char = '\u{fdd8}';
const LINK_END: char = '\u{fdd9}';

/// Any character of the range the markers are taken from (input text holding one is
/// written as U+FFFD, or percent-encoded in a URL).
fn is_sentinel(c: char) -> bool {
    ('\u{fdd0}'..='\u{fdef}').contains(&c)
}

fn is_marker(c: char) -> bool {
    ('\u{fdd0}'..='\u{fdd6}').contains(&c)
}

fn is_open_marker(c: char) -> bool {
    matches!(c, STRONG_OPEN | EM_OPEN | DEL_OPEN)
}

fn is_close_marker(c: char) -> bool {
    matches!(c, STRONG_CLOSE | EM_CLOSE | DEL_CLOSE)
}

/// Appends text with every CommonMark-special character backslash-escaped (and any
/// character of the marker range replaced by U+FFFD). Runs of ordinary text are copied
/// whole.
fn escape_md_text(s: &str, out: &mut String) {
    push_md_text(s, out, false);
}

/// Appends text (whitespace runs collapsed to one space) escaped for Markdown.
fn push_md_collapsed(s: &str, out: &mut String) {
    push_md_text(s, out, true);
}

/// [`escape_md_text`], and with `collapse` [`push_md_collapsed`]: each whitespace run
/// becomes one space, written unless the output is empty or already ends with a space or a
/// hard break. One pass over the bytes; runs of ordinary text are copied whole.
fn push_md_text(s: &str, out: &mut String, collapse: bool) {
    use byte_class::{MD_ESCAPE, SENTINEL, SPACE};
    let mask = if collapse {
        MD_ESCAPE | SENTINEL | SPACE
    } else {
        MD_ESCAPE | SENTINEL
    };
    out.reserve(s.len());
    let b = s.as_bytes();
    // Start of the text not yet written.
    let mut copied = 0;
    let mut i = skip_plain(b, 0, mask);
    while let Some(&x) = b.get(i) {
        let class = byte_class::TABLE[usize::from(x)];
        if class & MD_ESCAPE != 0 {
            out.push_str(&s[copied..i]);
            out.push('\\');
            out.push(char::from(x));
            i += 1;
            copied = i;
        } else if class & SENTINEL != 0
            && b.get(i + 1) == Some(&0xb7)
            && matches!(b.get(i + 2), Some(0x90..=0xaf))
        {
            // U+FDD0..=U+FDEF.
            out.push_str(&s[copied..i]);
            out.push('\u{fffd}');
            i += 3;
            copied = i;
        } else if collapse && lone_space(b, i, copied) {
            // Written as it is: part of the run.
            i += 1;
        } else if collapse && space_len(b, i) > 0 {
            out.push_str(&s[copied..i]);
            while let len @ 1.. = space_len(b, i) {
                i += len;
            }
            copied = i;
            if !out.is_empty() && !out.ends_with([' ', HARD_BREAK]) {
                out.push(' ');
            }
        } else {
            i += 1;
        }
        i = skip_plain(b, i, mask);
    }
    out.push_str(&s[copied..]);
}

/// Appends a link destination that CommonMark reads back exactly: characters that would end
/// or escape it are percent-encoded. Runs of other characters are copied whole.
fn push_md_url(url: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(url.len());
    // Start of the characters not yet written.
    let mut copied = 0;
    for (i, c) in url.char_indices() {
        let code = match c {
            ' ' => "%20",
            '(' => "%28",
            ')' => "%29",
            '<' => "%3C",
            '>' => "%3E",
            '\\' => "%5C",
            '`' => "%60",
            c if c.is_ascii() && !c.is_ascii_control() => continue,
            c if c.is_control() || c.is_whitespace() || is_sentinel(c) => "",
            _ => continue,
        };
        out.push_str(&url[copied..i]);
        copied = i + c.len_utf8();
        if code.is_empty() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        } else {
            out.push_str(code);
        }
    }
    out.push_str(&url[copied..]);
}

/// A link title in double quotes.
fn md_title(title: &str, out: &mut String) {
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return;
    }
    out.push_str(" \"");
    for c in t.chars() {
        if matches!(c, '"' | '\\' | '&') {
            out.push('\\');
        }
        if is_sentinel(c) {
            out.push('\u{fffd}');
        } else {
            out.push(c);
        }
    }
    out.push('"');
}

/// A code span for `code` that no backtick inside can close early.
fn code_span(code: &str, in_table: bool) -> String {
    let code: String = code
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_sentinel(c) => '\u{fffd}',
            c => c,
        })
        .collect();
    if code.trim().is_empty() {
        return String::new();
    }
    let longest = longest_run(&code, '`');
    let fence = "`".repeat(longest + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' '));
    let body = if in_table {
        code.replace('|', "\\|")
    } else {
        code
    };
    if pad {
        format!("{fence} {body} {fence}")
    } else {
        format!("{fence}{body}{fence}")
    }
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

fn is_md_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A marker-range character of an inline buffer (an emphasis marker, a hard break or a
/// link marker), with what [`resolve_inline`] decides for it.
struct Item {
    /// Byte position (the character is three bytes long).
    pos: usize,
    c: char,
    /// Written (emphasis markers).
    keep: bool,
    /// Emphasis written with `_` instead of `*`.
    underscore: bool,
    /// A link end whose other end is in the buffer.
    link: bool,
    /// Index in the pair list of the span this marker opens or closes (`usize::MAX`: none).
    pair: usize,
}

/// Byte length of every marker-range character.
const MARKER_LEN: usize = 3;

/// The marker-range characters `U+FDD0..=U+FDD9` of `s`, in order.
fn marker_items(s: &str) -> Vec<Item> {
    let b = s.as_bytes();
    let mut items = Vec::new();
    let mut i = skip_plain(b, 0, byte_class::SENTINEL);
    while i < b.len() {
        if b.get(i + 1) == Some(&0xb7) {
            if let Some(&x @ 0x90..=0x99) = b.get(i + 2) {
                let c = char::from_u32(0xfdd0 + u32::from(x - 0x90)).unwrap_or(' ');
                items.push(Item {
                    pos: i,
                    c,
                    keep: true,
                    underscore: false,
                    link: false,
                    pair: usize::MAX,
                });
            }
        }
        i = skip_plain(b, i + 1, byte_class::SENTINEL);
    }
    items
}

/// Resolves emphasis markers in a finished inline buffer.
///
/// Whitespace is moved outside each span; adjacent spans of one kind are joined; a span whose
/// delimiters CommonMark would not accept by its flanking rules (judged with the delimiters
/// actually written next to them) is dropped, keeping its text. Emphasis right next to a
/// strong marker (a `***` run, which CommonMark splits by its "rule of 3") is written with
/// `_` where `_` is valid and dropped otherwise. Dropping a span can invalidate a neighbour,
/// so the checks repeat until nothing changes (a few rounds; after that every marker of the
/// block is dropped, which is always safe).
///
/// Works on the list of markers (their byte positions): the text between them is only
/// looked at next to a marker, and copied in runs.
fn resolve_inline(buf: &str) -> Cow<'_, str> {
    // Without emphasis or link markers (hard breaks aside) there is nothing to resolve.
    let b = buf.as_bytes();
    let mut i = skip_plain(b, 0, byte_class::SENTINEL);
    loop {
        if i >= b.len() {
            return Cow::Borrowed(buf);
        }
        if b.get(i + 1) == Some(&0xb7) && matches!(b.get(i + 2), Some(0x90..=0x95 | 0x97..=0x99)) {
            break;
        }
        i = skip_plain(b, i + 1, byte_class::SENTINEL);
    }
    let mut items = marker_items(buf);
    let text = move_spaces_out(buf, &mut items);
    let text = text.as_ref();
    let n = items.len();
    // Whether item `k` directly follows item `k - 1` (no text between them).
    let joined = |items: &[Item], k: usize| k > 0 && items[k - 1].pos + MARKER_LEN == items[k].pos;
    // Pair the markers (they are well nested: they come from the tree).
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for k in 0..n {
        let c = items[k].c;
        if is_open_marker(c) {
            stack.push(k);
        } else if is_close_marker(c) {
            match stack.pop() {
                Some(o)
                    if (o + 1..=k).any(|j| !joined(&items, j))
                        || items[o + 1..k].iter().any(|it| !is_marker(it.c)) =>
                {
                    items[o].pair = pairs.len();
                    items[k].pair = pairs.len();
                    pairs.push((o, k));
                }
                Some(o) => {
                    items[o].keep = false;
                    items[k].keep = false;
                }
                None => items[k].keep = false,
            }
        }
    }
    for k in stack {
        items[k].keep = false;
    }
    let written = |c: char, u: bool| -> char {
        match c {
            DEL_OPEN | DEL_CLOSE => '~',
            EM_OPEN | EM_CLOSE if u => '_',
            _ => '*',
        }
    };
    // The character written before (`forward` false) or after item `k` (kept markers
    // count).
    // The item written right before (`forward` false) or after item `k`, with no text
    // between them.
    let adjacent = |items: &[Item], k: usize, forward: bool| -> Option<usize> {
        if forward {
            (k + 1 < n && joined(items, k + 1)).then_some(k + 1)
        } else {
            joined(items, k).then(|| k - 1)
        }
    };
    let neighbor = |items: &[Item], k: usize, forward: bool| -> Option<char> {
        let mut k = k;
        loop {
            let Some(next) = adjacent(items, k, forward) else {
                return if forward {
                    text.get(items[k].pos + MARKER_LEN..)
                        .and_then(|t| t.chars().next())
                } else {
                    text.get(..items[k].pos).and_then(|t| t.chars().next_back())
                };
            };
            let it = &items[next];
            if it.c == HARD_BREAK {
                return Some('\n');
            }
            if !is_marker(it.c) {
                return Some(it.c);
            }
            if it.keep {
                return Some(written(it.c, it.underscore));
            }
            k = next;
        }
    };
    let ws_or_punct = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_md_punct(c));
    let flanking = |prev: Option<char>, next: Option<char>| -> (bool, bool) {
        let left = next.is_some_and(|n| !n.is_whitespace())
            && (!next.is_some_and(is_md_punct) || ws_or_punct(prev));
        let right = prev.is_some_and(|p| !p.is_whitespace())
            && (!prev.is_some_and(is_md_punct) || ws_or_punct(next));
        (left, right)
    };
    // Whether a kept strong marker is next to item `k`, with only markers between.
    let touches_strong = |items: &[Item], k: usize| -> bool {
        let side = |forward: bool| {
            let mut k = k;
            while let Some(next) = adjacent(items, k, forward) {
                let it = &items[next];
                if !is_marker(it.c) || it.c == HARD_BREAK {
                    return false;
                }
                if it.keep && matches!(it.c, STRONG_OPEN | STRONG_CLOSE) {
                    return true;
                }
                k = next;
            }
            false
        };
        side(false) || side(true)
    };
    let mut settled = false;
    for _round in 0..8 {
        let mut changed = false;
        // Join `close open` of one kind with nothing written between.
        let mut last_close: Option<usize> = None;
        for k in 0..n {
            if !joined(&items, k) {
                // Text before it.
                last_close = None;
            }
            let c = items[k].c;
            if !is_marker(c) || c == HARD_BREAK {
                last_close = None;
            } else if !items[k].keep {
                continue;
            } else if is_close_marker(c) {
                last_close = Some(k);
            } else {
                if let Some(j) = last_close {
                    if matches!(
                        (items[j].c, c),
                        (STRONG_CLOSE, STRONG_OPEN) | (EM_CLOSE, EM_OPEN) | (DEL_CLOSE, DEL_OPEN)
                    ) {
                        items[j].keep = false;
                        items[k].keep = false;
                        // The pair that ended at j now ends where the pair from k ended.
                        let (a, b) = (items[j].pair, items[k].pair);
                        if a != usize::MAX && b != usize::MAX {
                            let end = pairs[b].1;
                            pairs[a].1 = end;
                            items[end].pair = a;
                            pairs[b] = (usize::MAX, usize::MAX);
                        }
                        changed = true;
                    }
                }
                last_close = None;
            }
        }
        for &(o, c) in &pairs {
            if o == usize::MAX || !(items[o].keep && items[c].keep) {
                continue;
            }
            let em = items[o].c == EM_OPEN;
            let u = em && (touches_strong(&items, o) || touches_strong(&items, c));
            if items[o].underscore != u {
                items[o].underscore = u;
                items[c].underscore = u;
                changed = true;
            }
            let o_prev = neighbor(&items, o, false);
            let o_next = neighbor(&items, o, true);
            let c_prev = neighbor(&items, c, false);
            let c_next = neighbor(&items, c, true);
            let (ol, or) = flanking(o_prev, o_next);
            let (cl, cr) = flanking(c_prev, c_next);
            let ok = if u {
                ol && (!or || o_prev.is_some_and(is_md_punct))
                    && cr
                    && (!cl || c_next.is_some_and(is_md_punct))
            } else {
                ol && cr
            };
            if !ok {
                items[o].keep = false;
                items[c].keep = false;
                changed = true;
            }
        }
        if !changed {
            settled = true;
            break;
        }
    }
    if !settled {
        items.iter_mut().for_each(|it| it.keep = false);
    }
    // Links whose two ends are both in this block.
    let mut open_link: Option<usize> = None;
    for k in 0..n {
        match items[k].c {
            LINK_OPEN => open_link = Some(k),
            LINK_CLOSE => {
                if let Some(o) = open_link.take() {
                    items[o].link = true;
                    items[k].link = true;
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(text.len() + 16);
    // Start of the text not yet written.
    let mut copied = 0;
    // Inside the destination of a dropped link (up to its LINK_END, which is dropped too).
    let mut in_dropped_tail = false;
    for it in &items {
        if in_dropped_tail {
            if it.c == LINK_END {
                in_dropped_tail = false;
                copied = it.pos + MARKER_LEN;
            }
            continue;
        }
        out.push_str(text.get(copied..it.pos).unwrap_or(""));
        copied = it.pos + MARKER_LEN;
        match it.c {
            LINK_OPEN if it.link => out.push('['),
            LINK_CLOSE if it.link => out.push(']'),
            LINK_CLOSE => in_dropped_tail = true,
            STRONG_OPEN | STRONG_CLOSE if it.keep => out.push_str("**"),
            EM_OPEN | EM_CLOSE if it.keep && it.underscore => out.push('_'),
            EM_OPEN | EM_CLOSE if it.keep => out.push('*'),
            DEL_OPEN | DEL_CLOSE if it.keep => out.push_str("~~"),
            HARD_BREAK => out.push(HARD_BREAK),
            _ => {}
        }
    }
    if !in_dropped_tail {
        out.push_str(text.get(copied..).unwrap_or(""));
    }
    Cow::Owned(out)
}

/// Moves opening markers right past the spaces after them (right to left, so chains move
/// together), then closing markers left past the spaces before them, updating the items'
/// positions; the text is copied only when something moves.
fn move_spaces_out<'s>(buf: &'s str, items: &mut [Item]) -> Cow<'s, str> {
    let b = buf.as_bytes();
    let moves = items.iter().any(|it| {
        (is_open_marker(it.c) && b.get(it.pos + MARKER_LEN) == Some(&b' '))
            || (is_close_marker(it.c) && it.pos > 0 && b.get(it.pos - 1) == Some(&b' '))
    });
    if !moves {
        return Cow::Borrowed(buf);
    }
    let mut s = b.to_vec();
    for it in items.iter_mut().rev() {
        if !is_open_marker(it.c) {
            continue;
        }
        while s.get(it.pos + MARKER_LEN) == Some(&b' ') {
            s.copy_within(it.pos..it.pos + MARKER_LEN, it.pos + 1);
            s[it.pos] = b' ';
            it.pos += 1;
        }
    }
    for it in items.iter_mut() {
        if !is_close_marker(it.c) {
            continue;
        }
        while it.pos > 0 && s.get(it.pos - 1) == Some(&b' ') {
            s.copy_within(it.pos..it.pos + MARKER_LEN, it.pos - 1);
            s[it.pos + MARKER_LEN - 1] = b' ';
            it.pos -= 1;
        }
    }
    // Whole characters only moved: still UTF-8.
    Cow::Owned(
        String::from_utf8(s).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// Escapes what would start a block at the beginning of a line: the line as the two halves
/// to write with a backslash between them, or `None` when it needs no escape.
fn escape_line_start(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(['-', '+', '=']) {
        return Some(("", line));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return Some(line.split_at(digits));
    }
    None
}

/// Deepest nesting of Markdown containers (blockquotes, lists, items) written as such;
/// deeper ones are written as plain blocks, so the prefixes of a line stay short and the
/// output stays linear in the input.
const MAX_CONTAINERS: usize = 24;

/// A container block the Markdown output is currently inside.
enum Container {
    /// `started` once a line was written inside it (a blank line before its first line
    /// belongs outside it).
    Quote {
        started: bool,
    },
    List {
        ordered: bool,
        next: u64,
        bullet: char,
        items: usize,
    },
    Item {
        marker: String,
        pending: bool,
    },
}

/// What an open inline element needs when it closes.
enum Inline<'a> {
    Marker(char),
    /// A link's destination and title (borrowed from the tree) and where its text starts.
    Link {
        href: &'a str,
        title: &'a str,
        at: usize,
    },
    Nothing,
}

struct TableState {
    rows: Vec<Vec<String>>,
}

struct Md<'a> {
    html: &'a Html,
    out: String,
    containers: Vec<Container>,
    /// Inline content of the block being built.
    para: String,
    heading: Option<usize>,
    /// A hard break was written to `para` since the last flush (when false, `para` holds
    /// none; when true, it may).
    has_break: bool,
    /// An emphasis or link marker was written to `para` since the last flush (when false,
    /// `para` holds none and [`resolve_inline`] has nothing to do).
    has_markers: bool,
    need_blank: bool,
    lists_started: usize,
    inline: Vec<(NodeId, Inline<'a>)>,
    /// Open strong/em/del counts, so nested same-kind elements add no markers.
    depth: [usize; 3],
    table: Option<TableState>,
    in_cell: bool,
    /// Containers entered past [`MAX_CONTAINERS`] (not written as containers).
    suppressed: usize,
    /// The last code span written: where it starts and ends in `para`, and its code.
    last_code: Option<(usize, usize, String)>,
}

impl<'a> Md<'a> {
    /// Appends the container prefix of a line to `out`.
    fn prefix(containers: &mut [Container], out: &mut String, blank: bool) {
        for c in containers {
            match c {
                Container::Quote { started } => {
                    if !*started {
                        if blank {
                            break;
                        }
                        *started = true;
                    }
                    out.push_str("> ");
                }
                Container::List { .. } => {}
                Container::Item { marker, pending } => {
                    if *pending {
                        if blank {
                            break;
                        }
                        out.push_str(marker);
                        *pending = false;
                    } else {
                        for _ in marker.chars() {
                            out.push(' ');
                        }
                    }
                }
            }
        }
    }

    /// Removes trailing whitespace written at or after `start`.
    fn trim_out_from(&mut self, start: usize) {
        let end = start + self.out[start..].trim_end().len();
        self.out.truncate(end);
    }

    fn line(&mut self, content: &str) {
        self.line_parts(&[content]);
    }

    /// Writes one line (its prefix, then `parts`), trailing whitespace removed.
    fn line_parts(&mut self, parts: &[&str]) {
        if self.need_blank && !self.out.is_empty() {
            let start = self.out.len();
            Self::prefix(&mut self.containers, &mut self.out, true);
            self.trim_out_from(start);
            self.out.push('\n');
        }
        self.need_blank = false;
        let start = self.out.len();
        Self::prefix(&mut self.containers, &mut self.out, false);
        for p in parts {
            self.out.push_str(p);
        }
        self.trim_out_from(start);
        self.out.push('\n');
    }

    /// Links still open when their paragraph ends (a block inside a link) lose their
    /// brackets: their text stays, and no dangling `[` or `](…)` is written.
    fn detach_open_links(&mut self) {
        for (_, what) in self.inline.iter_mut().rev() {
            if let Inline::Link { at, .. } = what {
                let l = LINK_OPEN.len_utf8();
                if *at >= l && self.para[..*at].ends_with(LINK_OPEN) {
                    self.para.replace_range(*at - l..*at, "");
                }
                *what = Inline::Nothing;
            }
        }
    }

    /// Ends the current block: writes the inline buffer as a paragraph or heading.
    fn flush(&mut self) {
        if self.in_cell {
            return;
        }
        self.last_code = None;
        self.detach_open_links();
        let mut buf = std::mem::take(&mut self.para);
        self.write_block(&buf);
        self.has_break = false;
        self.has_markers = false;
        // The buffer's allocation serves the next block.
        buf.clear();
        self.para = buf;
    }

    /// Writes a finished inline buffer as a heading or as paragraphs.
    fn write_block(&mut self, buf: &str) {
        if let Some(level) = self.heading {
            let line = if self.has_break {
                Cow::Owned(buf.replace(HARD_BREAK, " "))
            } else {
                Cow::Borrowed(buf)
            };
            let resolved = self.resolve(&line);
            let text = resolved.trim();
            if !text.is_empty() {
                let hashes = "######".get(..level).unwrap_or("######");
                self.line_parts(&[hashes, " ", text]);
                self.need_blank = true;
            }
            return;
        }
        let has_text = |seg: &str| seg.chars().any(|c| !c.is_whitespace() && !is_marker(c));
        if !self.has_break {
            // One line: one paragraph if it holds text.
            if has_text(buf) {
                self.write_paragraph(buf);
            }
            return;
        }
        // Lines (between hard breaks) without text separate paragraphs; each paragraph's
        // emphasis is resolved on its own, so no span crosses a paragraph break. A
        // paragraph is a range of `buf` (its segments are consecutive).
        let mut current: Option<(usize, usize)> = None;
        let mut at = 0;
        for seg in buf.split(HARD_BREAK) {
            let (start, end) = (at, at + seg.len());
            at = end + HARD_BREAK.len_utf8();
            if has_text(seg) {
                current = Some(current.map_or((start, end), |(s, _)| (s, end)));
            } else if let Some((s, e)) = current.take() {
                self.write_paragraph(&buf[s..e]);
            }
        }
        if let Some((s, e)) = current {
            self.write_paragraph(&buf[s..e]);
        }
    }

    /// [`resolve_inline`], skipped when no marker was written since the last flush.
    fn resolve<'s>(&self, buf: &'s str) -> Cow<'s, str> {
        if self.has_markers {
            resolve_inline(buf)
        } else {
            Cow::Borrowed(buf)
        }
    }

    /// Writes one paragraph (a part of an inline buffer with text, its lines separated by
    /// hard breaks).
    fn write_paragraph(&mut self, para: &str) {
        let resolved = self.resolve(para);
        if !self.has_break {
            // One line (the search for breaks is skipped).
            let l = resolved.trim();
            if !l.is_empty() {
                self.write_line(l, "");
            }
            self.need_blank = true;
            return;
        }
        let mut lines = resolved
            .split(HARD_BREAK)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .peekable();
        while let Some(l) = lines.next() {
            let end = if lines.peek().is_some() { "\\" } else { "" };
            self.write_line(l, end);
        }
        self.need_blank = true;
    }

    /// Writes a line of a paragraph, then `end`, escaping what would start a block.
    fn write_line(&mut self, l: &str, end: &str) {
        match escape_line_start(l) {
            Some((head, tail)) => self.line_parts(&[head, "\\", tail, end]),
            None => self.line_parts(&[l, end]),
        }
    }

    fn block_boundary(&mut self) {
        if self.in_cell {
            if !self.para.ends_with(' ') && !self.para.is_empty() {
                self.para.push(' ');
            }
        } else {
            self.flush();
        }
    }

    /// Raw text under `id` (for code), with `<br>` as a newline.
    fn raw_text(&self, id: NodeId) -> String {
        let mut s = String::new();
        walk(self.html, id, |step| match step {
            Step::Enter(n) => match n.value() {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) if e.name() == "br" => s.push('\n'),
                Node::Element(e) if e.name() == "q" => s.push('“'),
                _ => {}
            },
            Step::Leave(n) => {
                if let Node::Element(e) = n.value() {
                    if e.name() == "q" {
                        s.push('”');
                    }
                }
            }
        });
        s
    }

    fn code_block(&mut self, id: NodeId, lang: Option<String>) {
        self.flush();
        let mut code = self.raw_text(id);
        code = code.replace("\r\n", "\n");
        while code.ends_with('\n') {
            code.pop();
        }
        let code: String = code
            .chars()
            .map(|c| if is_sentinel(c) { '\u{fffd}' } else { c })
            .collect();
        let fence = "`".repeat((longest_run(&code, '`') + 1).max(3));
        self.line(&format!("{fence}{}", lang.unwrap_or_default()));
        if !code.is_empty() {
            for l in code.split('\n') {
                // Lines inside a code block keep their spaces; only the prefix is added.
                Self::prefix(&mut self.containers, &mut self.out, false);
                self.out.push_str(l);
                self.out.push('\n');
            }
        }
        self.line(&fence);
        self.need_blank = true;
    }

    fn language(&self, pre: NodeId) -> Option<String> {
        let from = |id: NodeId| -> Option<String> {
            let el = self.html.tree.get(id)?.value().as_element()?;
            let class = get_attr(el, "class")?;
            class
                .split_whitespace()
                .find_map(|c| c.strip_prefix("language-"))
                .filter(|l| {
                    !l.is_empty()
                        && l.chars().all(|c| {
                            c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-' | '_')
                        })
                })
                .map(str::to_owned)
        };
        from(pre).or_else(|| {
            let node = self.html.tree.get(pre)?;
            let code = node
                .children()
                .find(|c| c.value().as_element().is_some_and(|e| e.name() == "code"))?;
            from(code.id())
        })
    }

    /// Returns false when the element's children must not be visited.
    fn enter(&mut self, node: NodeRef<'a, Node>) -> bool {
        let id = node.id();
        let el = match node.value() {
            Node::Text(t) => {
                push_md_collapsed(t, &mut self.para);
                return false;
            }
            Node::Element(el) => el,
            _ => return false,
        };
        let name = el.name();
        match el.name.local {
            local_name!("br") => {
                self.para.push(HARD_BREAK);
                self.has_break = true;
            }
            local_name!("wbr") => {}
            local_name!("hr") if self.in_cell => self.block_boundary(),
            local_name!("hr") => {
                self.flush();
                self.line("---");
                self.need_blank = true;
            }
            local_name!("img") => {
                if let Some(src) = get_attr(el, "src").filter(|s| !s.trim().is_empty()) {
                    self.para.push_str("![");
                    escape_md_text(
                        &get_attr(el, "alt")
                            .unwrap_or("")
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        &mut self.para,
                    );
                    self.para.push_str("](");
                    push_md_url(src, &mut self.para);
                    md_title(get_attr(el, "title").unwrap_or(""), &mut self.para);
                    self.para.push(')');
                }
            }
            local_name!("iframe") => {
                if let Some(src) = get_attr(el, "src").filter(|s| !s.trim().is_empty()) {
                    self.flush();
                    let mut text = String::from("▶ ");
                    escape_md_text(src, &mut text);
                    self.para.push('[');
                    self.para.push_str(&text);
                    self.para.push_str("](");
                    push_md_url(src, &mut self.para);
                    self.para.push(')');
                    self.flush();
                }
                return false;
            }
            local_name!("pre") => {
                if self.in_cell {
                    let code = self.raw_text(id);
                    self.para.push(' ');
                    self.para.push_str(&code_span(&code, true));
                    self.para.push(' ');
                } else {
                    let lang = self.language(id);
                    self.code_block(id, lang);
                }
                return false;
            }
            local_name!("code") | local_name!("kbd") | local_name!("samp") => {
                let mut code = self.raw_text(id);
                // Two code spans in a row would merge their backtick fences into one run:
                // they are written as one span.
                if let Some((start, end, prev)) = self.last_code.take() {
                    if end == self.para.len() && self.para.len() >= start {
                        self.para.truncate(start);
                        code = prev + &code;
                    }
                }
                let start = self.para.len();
                self.para.push_str(&code_span(&code, self.in_cell));
                self.last_code = Some((start, self.para.len(), code));
                return false;
            }
            local_name!("strong")
            | local_name!("b")
            | local_name!("em")
            | local_name!("i")
            | local_name!("del")
            | local_name!("s") => {
                let (k, open, close) = match name {
                    "strong" | "b" => (0, STRONG_OPEN, STRONG_CLOSE),
                    "em" | "i" => (1, EM_OPEN, EM_CLOSE),
                    _ => (2, DEL_OPEN, DEL_CLOSE),
                };
                self.depth[k] += 1;
                if self.depth[k] == 1 {
                    self.para.push(open);
                    self.has_markers = true;
                    self.inline.push((id, Inline::Marker(close)));
                } else {
                    self.inline.push((id, Inline::Nothing));
                }
            }
            local_name!("q") => self.para.push('“'),
            local_name!("a") => match get_attr(el, "href").filter(|h| !h.trim().is_empty()) {
                Some(href) => {
                    self.para.push(LINK_OPEN);
                    self.has_markers = true;
                    self.inline.push((
                        id,
                        Inline::Link {
                            href,
                            title: get_attr(el, "title").unwrap_or(""),
                            at: self.para.len(),
                        },
                    ));
                }
                None => self.inline.push((id, Inline::Nothing)),
            },
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6") => {
                self.block_boundary();
                if !self.in_cell {
                    self.heading = name[1..].parse().ok();
                }
            }
            local_name!("blockquote")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
                if !self.in_cell && self.containers.len() >= MAX_CONTAINERS =>
            {
                self.flush();
                self.suppressed += 1;
            }
            local_name!("blockquote") if !self.in_cell => {
                self.flush();
                self.containers.push(Container::Quote { started: false });
            }
            local_name!("ul") | local_name!("ol") if !self.in_cell => {
                self.flush();
                let in_item = matches!(self.containers.last(), Some(Container::Item { .. }));
                let start: u64 = get_attr(el, "start")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(1);
                let ordered = name == "ol";
                if in_item && (!ordered || start == 1) {
                    self.need_blank = false;
                }
                self.lists_started += 1;
                let alt = self.lists_started % 2 == 0;
                self.containers.push(Container::List {
                    ordered,
                    next: start.min(999_999_999),
                    bullet: match (ordered, alt) {
                        (false, false) => '-',
                        (false, true) => '*',
                        (true, false) => '.',
                        (true, true) => ')',
                    },
                    items: 0,
                });
            }
            local_name!("li") if !self.in_cell => {
                self.flush();
                let marker = match self.containers.last_mut() {
                    Some(Container::List {
                        ordered,
                        next,
                        bullet,
                        items,
                    }) => {
                        *items += 1;
                        if *items > 1 {
                            self.need_blank = false;
                        }
                        if *ordered {
                            let m = format!("{next}{bullet} ");
                            *next += 1;
                            m
                        } else {
                            format!("{bullet} ")
                        }
                    }
                    _ => "- ".to_owned(),
                };
                self.containers.push(Container::Item {
                    marker,
                    pending: true,
                });
            }
            local_name!("table") if !self.in_cell => return self.enter_table(id),
            local_name!("tr") if self.table.is_some() && !self.in_cell => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            local_name!("td") | local_name!("th") if self.table.is_some() && !self.in_cell => {
                self.detach_open_links();
                self.last_code = None;
                self.in_cell = true;
            }
            local_name!("caption") if self.table.is_some() => {
                // Rendered before the table (see enter_table).
                return false;
            }
            _ if is_block(&el.name.local) => self.block_boundary(),
            _ => {}
        }
        true
    }

    fn leave(&mut self, node: NodeRef<'a, Node>) {
        let Node::Element(el) = node.value() else {
            return;
        };
        let id = node.id();
        if matches!(self.inline.last(), Some((open, _)) if *open == id) {
            let (_, what) = self.inline.pop().unwrap_or((id, Inline::Nothing));
            match what {
                Inline::Marker(close) => {
                    self.para.push(close);
                    self.has_markers = true;
                }
                Inline::Link { href, title, at } => {
                    let empty = self
                        .para
                        .get(at..)
                        .is_none_or(|s| s.chars().all(|c| c.is_whitespace() || is_marker(c)));
                    if empty {
                        // An empty link is invisible in the HTML; it leaves no Markdown.
                        let l = LINK_OPEN.len_utf8();
                        if at >= l && self.para[..at].ends_with(LINK_OPEN) {
                            self.para.replace_range(at - l..at, "");
                        }
                    } else {
                        self.para.push(LINK_CLOSE);
                        self.has_markers = true;
                        self.para.push('(');
                        push_md_url(href, &mut self.para);
                        md_title(title, &mut self.para);
                        self.para.push(')');
                        self.para.push(LINK_END);
                    }
                }
                Inline::Nothing => {}
            }
        }
        match el.name.local {
            local_name!("strong") | local_name!("b") => self.depth[0] -= 1,
            local_name!("em") | local_name!("i") => self.depth[1] -= 1,
            local_name!("del") | local_name!("s") => self.depth[2] -= 1,
            local_name!("q") => self.para.push('”'),
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
                if !self.in_cell =>
            {
                self.flush();
                self.heading = None;
            }
            local_name!("blockquote")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
                if !self.in_cell && self.suppressed > 0 =>
            {
                self.flush();
                self.suppressed -= 1;
            }
            local_name!("blockquote") if !self.in_cell => {
                self.flush();
                if matches!(self.containers.last(), Some(Container::Quote { .. })) {
                    self.containers.pop();
                }
                self.need_blank = true;
            }
            local_name!("ul") | local_name!("ol") if !self.in_cell => {
                self.flush();
                if matches!(self.containers.last(), Some(Container::List { .. })) {
                    self.containers.pop();
                }
                self.need_blank = true;
            }
            local_name!("li") if !self.in_cell => {
                self.flush();
                if matches!(self.containers.last(), Some(Container::Item { .. })) {
                    self.containers.pop();
                }
            }
            local_name!("td") | local_name!("th") if self.in_cell && self.table.is_some() => {
                self.in_cell = false;
                self.last_code = None;
                let content = std::mem::take(&mut self.para);
                let cell = self
                    .resolve(&content)
                    .replace(HARD_BREAK, " ")
                    .trim()
                    .to_owned();
                if let Some(t) = &mut self.table {
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            local_name!("table") if self.table.is_some() && !self.in_cell => self.leave_table(),
            _ if is_block(&el.name.local) => self.block_boundary(),
            _ => {}
        }
    }

    /// Decides how a table is rendered. Returns whether to visit its children.
    fn enter_table(&mut self, id: NodeId) -> bool {
        self.flush();
        let mut columns = 0usize;
        let mut cells_in_row = 0usize;
        let mut complex = false;
        let mut caption = None;
        // Scans this table's own rows; nested tables are not entered (each node is scanned
        // by at most one table, so nested tables stay linear).
        let mut stack: Vec<NodeId> = Vec::new();
        crate::dom::push_children(self.html, id, &mut stack, |c| c);
        while let Some(n) = stack.pop() {
            let Some(node) = self.html.tree.get(n) else {
                continue;
            };
            if let Some(el) = node.value().as_element() {
                match el.name() {
                    "tr" => cells_in_row = 0,
                    "td" | "th" => {
                        cells_in_row += 1;
                        columns = columns.max(cells_in_row);
                        let span = |a| {
                            get_attr(el, a)
                                .and_then(|v| v.parse::<u32>().ok())
                                .unwrap_or(1)
                        };
                        if span("colspan") > 1 || span("rowspan") > 1 {
                            complex = true;
                        }
                    }
                    "table" => {
                        complex = true;
                        continue;
                    }
                    "pre" | "ul" | "ol" | "blockquote" | "dl" | "h1" | "h2" | "h3" | "h4"
                    | "h5" | "h6" => complex = true,
                    "caption" if caption.is_none() => caption = Some(n),
                    _ => {}
                }
            }
            stack.extend(node.children().rev().map(|c| c.id()));
        }
        if columns <= 1 {
            // A layout table: its content is the article, rendered as blocks.
            return true;
        }
        if let Some(c) = caption {
            let text = self.raw_text(c);
            push_md_collapsed(&text, &mut self.para);
            self.flush();
        }
        if complex {
            let html = table_html(self.html, id);
            self.line(&html);
            self.need_blank = true;
            return false;
        }
        self.table = Some(TableState { rows: Vec::new() });
        true
    }

    fn leave_table(&mut self) {
        let Some(t) = self.table.take() else { return };
        let rows: Vec<Vec<String>> = t.rows.into_iter().filter(|r| !r.is_empty()).collect();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        for (i, row) in rows.iter().enumerate() {
            let mut line = String::from("|");
            for c in 0..columns {
                line.push(' ');
                line.push_str(row.get(c).map(String::as_str).unwrap_or(""));
                line.push_str(" |");
            }
            self.line(&line);
            if i == 0 {
                self.line(&format!("|{}", " --- |".repeat(columns)));
            }
        }
        self.need_blank = true;
    }
}

/// Elements a table rendered as HTML inside Markdown may contain (its attributes: see
/// `table_html`).
fn is_table_html_element(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("table")
            | local_name!("caption")
            | local_name!("colgroup")
            | local_name!("col")
            | local_name!("thead")
            | local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("a")
            | local_name!("abbr")
            | local_name!("b")
            | local_name!("bdi")
            | local_name!("blockquote")
            | local_name!("br")
            | local_name!("cite")
            | local_name!("code")
            | local_name!("dd")
            | local_name!("del")
            | local_name!("dfn")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("em")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("hr")
            | local_name!("i")
            | local_name!("img")
            | local_name!("ins")
            | local_name!("kbd")
            | local_name!("li")
            | local_name!("mark")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("q")
            | local_name!("rp")
            | local_name!("rt")
            | local_name!("ruby")
            | local_name!("s")
            | local_name!("samp")
            | local_name!("small")
            | local_name!("strong")
            | local_name!("sub")
            | local_name!("sup")
            | local_name!("time")
            | local_name!("u")
            | local_name!("ul")
            | local_name!("var")
            | local_name!("wbr")
    )
}

/// One line of HTML for a table: re-serialized from the sanitized tree with a table-only
/// allow-list, text escaped and newlines encoded, so the Markdown HTML block cannot end early.
fn table_html(html: &Html, id: NodeId) -> String {
    fn open_tag(html: &Html, n: NodeId, out: &mut String) -> bool {
        let Some(el) = html.tree.get(n).and_then(|x| x.value().as_element()) else {
            return false;
        };
        if !is_table_html_element(&el.name.local) {
            return false;
        }
        out.push('<');
        out.push_str(el.name());
        if el.attrs.is_empty() {
            out.push('>');
            return true;
        }
        for attr in [
            "colspan",
            "rowspan",
            "scope",
            "href",
            "src",
            "alt",
            "title",
            "rel",
            "referrerpolicy",
            "loading",
        ] {
            let allowed = match attr {
                "colspan" | "rowspan" | "scope" => matches!(el.name(), "td" | "th"),
                "href" | "rel" => el.name() == "a",
                "src" | "alt" | "referrerpolicy" | "loading" => el.name() == "img",
                _ => true,
            };
            if !allowed {
                continue;
            }
            if let Some(v) = get_attr(el, attr) {
                if matches!(attr, "href" | "src") {
                    let lower = v.trim().to_ascii_lowercase();
                    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                        continue;
                    }
                }
                out.push(' ');
                out.push_str(attr);
                out.push_str("=\"");
                for c in v.chars() {
                    match c {
                        '&' => out.push_str("&amp;"),
                        '"' => out.push_str("&quot;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '\n' | '\r' | '\t' => out.push(' '),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
        }
        out.push('>');
        true
    }
    let mut out = String::new();
    let mut pre_depth = 0usize;
    let mut kept: Vec<bool> = Vec::new();
    let root_open = open_tag(html, id, &mut out);
    walk(html, id, |step| match step {
        Step::Enter(n) => match n.value() {
            Node::Text(t) => {
                let parent = n
                    .parent()
                    .and_then(|p| p.value().as_element().map(|e| e.name()));
                let structural = matches!(
                    parent,
                    Some("table" | "tbody" | "thead" | "tfoot" | "tr" | "colgroup")
                );
                if !(structural && t.trim().is_empty()) {
                    let mut space = false;
                    for c in t.chars() {
                        if pre_depth == 0 && c.is_whitespace() && c != '\u{a0}' {
                            space = true;
                            continue;
                        }
                        if space {
                            out.push(' ');
                            space = false;
                        }
                        match c {
                            '&' => out.push_str("&amp;"),
                            '<' => out.push_str("&lt;"),
                            '>' => out.push_str("&gt;"),
                            '\n' => out.push_str("&#10;"),
                            '\r' => {}
                            c => out.push(c),
                        }
                    }
                    if space {
                        out.push(' ');
                    }
                }
                kept.push(false);
            }
            Node::Element(el) => {
                if el.name() == "pre" {
                    pre_depth += 1;
                }
                let k = open_tag(html, n.id(), &mut out);
                kept.push(k);
            }
            _ => kept.push(false),
        },
        Step::Leave(n) => {
            if n.value().as_element().is_some_and(|e| e.name() == "pre") {
                pre_depth -= 1;
            }
            if kept.pop() == Some(true) {
                if let Some(el) = n.value().as_element() {
                    if !is_void(&el.name.local) {
                        out.push_str("</");
                        out.push_str(el.name());
                        out.push('>');
                    }
                }
            }
        }
    });
    if root_open {
        out.push_str("</table>");
    }
    out
}

/// CommonMark (with GFM tables and strikethrough) rendering of the article; see the module
/// documentation for the rules.
pub(crate) fn markdown(doc: &Document) -> String {
    let mut md = Md {
        html: &doc.html,
        out: String::new(),
        containers: Vec::new(),
        para: String::new(),
        heading: None,
        has_break: false,
        has_markers: false,
        need_blank: false,
        lists_started: 0,
        inline: Vec::new(),
        depth: [0; 3],
        table: None,
        in_cell: false,
        suppressed: 0,
        last_code: None,
    };
    walk_pruned(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => md.enter(node),
        Step::Leave(node) => {
            md.leave(node);
            true
        }
    });
    md.in_cell = false;
    md.flush();
    let end = md.out.trim_end().len();
    md.out.truncate(end);
    md.out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// True for the general and CJK punctuation blocks' characters and the full-width
/// punctuation Chinese text is full of: none is alphanumeric (answered without the slow
/// Unicode table lookup).
fn is_punctuation(c: char) -> bool {
    matches!(c,
        '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}'
        | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}'
        | '\u{ff5b}'..='\u{ff65}')
}

/// Counts over the rendered article, in one walk of the tree plus one pass over `text`.
///
/// A paragraph is a block-level element (or the article root) that holds text of its own,
/// i.e. text not inside a nested block; table rows count as one block each, their cells
/// do not.
pub(crate) fn stats(doc: &Document, text: &str) -> Stats {
    let mut paragraphs = 0;
    let mut images = 0;
    // (counts as a paragraph, holds text of its own) per open element.
    let mut frames: Vec<(bool, bool)> = vec![(true, false)];
    walk(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => match node.value() {
            Node::Text(t) => {
                if t.chars().any(|c| !c.is_whitespace()) {
                    if let Some(top) = frames.last_mut() {
                        top.1 = true;
                    }
                }
            }
            Node::Element(el) => {
                let name = &el.name.local;
                if *name == local_name!("img") {
                    images += 1;
                }
                let counted = *name == local_name!("tr")
                    || (is_block(name)
                        && !matches!(
                            *name,
                            local_name!("table")
                                | local_name!("tbody")
                                | local_name!("thead")
                                | local_name!("tfoot")
                                | local_name!("td")
                                | local_name!("th")
                                | local_name!("ul")
                                | local_name!("ol")
                                | local_name!("dl")
                        ));
                frames.push((counted, false));
            }
            _ => frames.push((false, false)),
        },
        Step::Leave(node) => {
            if matches!(node.value(), Node::Text(_)) {
                return;
            }
            let Some((counted, has_text)) = frames.pop() else {
                return;
            };
            if counted {
                paragraphs += usize::from(has_text);
            } else if has_text {
                if let Some(parent) = frames.last_mut() {
                    parent.1 = true;
                }
            }
        }
    });
    if let Some((_, true)) = frames.pop() {
        paragraphs += 1;
    }
    let mut chars = 0usize;
    let mut cjk = 0usize;
    let mut words = 0usize;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&x) = bytes.get(i) {
        if x.is_ascii() {
            // The common case, decided without the Unicode tables.
            i += 1;
            let space = matches!(x, b'\t'..=b'\r' | b' ');
            chars += usize::from(!space);
            if x.is_ascii_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else if space {
                in_word = false;
            }
            continue;
        }
        if (0xe5..=0xe9).contains(&x) {
            // U+5000..=U+9FFF, all CJK ideographs (a three-byte character).
            i += 3;
            chars += 1;
            cjk += 1;
            in_word = false;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if is_cjk(c) {
            // Not whitespace, not part of a word.
            chars += 1;
            cjk += 1;
            in_word = false;
            continue;
        }
        if !c.is_whitespace() {
            chars += 1;
        }
        if !is_punctuation(c) && c.is_alphanumeric() {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else if c.is_whitespace() {
            in_word = false;
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options as CmOptions, Parser, Tag, TagEnd};

    fn doc(html: &str) -> Document {
        Document::fragment(html)
    }

    fn md(html: &str) -> String {
        markdown(&doc(html))
    }

    fn cm_events(md: &str) -> Vec<Event<'_>> {
        Parser::new_ext(
            md,
            CmOptions::ENABLE_TABLES | CmOptions::ENABLE_STRIKETHROUGH,
        )
        .collect()
    }

    /// The text a CommonMark reader sees, and whether any markup other than paragraphs,
    /// breaks and the allowed `kinds` was produced.
    fn cm_text(md: &str) -> String {
        let mut s = String::new();
        for e in cm_events(md) {
            match e {
                Event::Text(t) | Event::Code(t) => s.push_str(&t),
                Event::SoftBreak | Event::HardBreak => s.push('\n'),
                Event::End(TagEnd::Paragraph) => s.push('\n'),
                _ => {}
            }
        }
        s.trim().to_owned()
    }

    fn escape_html(s: &str) -> String {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }

    #[test]
    fn text_never_becomes_markup() {
        let hostile = [
            "*a* _b_ **c** __d__ ~~e~~ `f` [g](h) ![i](j) <k> &amp; &copy; | l | \\m",
            "# not a heading",
            "- not a list",
            "+ not a list",
            "1. not a list",
            "2) not a list",
            "> not a quote",
            "=== not a setext",
            "--- not a rule",
            "    not code",
            "```not a fence",
            "~~~ not a fence",
            "[ref]: http://example.com",
            "<div>not html</div>",
            "<http://not.autolink>",
            "a | b\n--- | ---",
            "trailing backslash \\",
            "\u{fdd0}noncharacter\u{fdd1} \u{fdd7}link\u{fdd8}",
        ];
        for h in hostile {
            let html = format!("<p>{}</p>", escape_html(h));
            let out = md(&html);
            let events = cm_events(&out);
            for e in &events {
                match e {
                    Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                    Event::Text(_) | Event::SoftBreak => {}
                    other => panic!("{h:?} became {other:?} in {out:?}"),
                }
            }
            let want = h
                .replace(['\u{fdd0}', '\u{fdd1}', '\u{fdd7}', '\u{fdd8}'], "\u{fffd}")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(cm_text(&out), want, "{out}");
        }
        // The same strings at the start of lines made by <br>.
        let all = hostile.map(escape_html).join("<br>");
        let out = md(&format!("<p>x<br>{all}</p>"));
        for e in cm_events(&out) {
            assert!(
                matches!(
                    e,
                    Event::Start(Tag::Paragraph)
                        | Event::End(TagEnd::Paragraph)
                        | Event::Text(_)
                        | Event::HardBreak
                        | Event::SoftBreak
                ),
                "{e:?} in {out}"
            );
        }
    }

    #[test]
    fn emphasis_respects_flanking_rules() {
        assert_eq!(md("<p>a<b> bold </b>c</p>"), "a **bold** c");
        assert_eq!(
            md("<p><i>em</i> and <del>gone</del></p>"),
            "*em* and ~~gone~~"
        );
        // CJK next to punctuation: `中**“文”**字` would not be emphasis in CommonMark,
        // so the markers are dropped rather than shown.
        let out = md("<p>中<b>“文”</b>字</p>");
        assert_eq!(cm_text(&out), "中“文”字");
        assert!(!out.contains('*'), "{out}");
        // Where CommonMark accepts it, CJK bold stays bold.
        let out = md("<p>中<strong>文字</strong>。</p>");
        assert_eq!(out, "中**文字**。");
        assert!(cm_events(&out).contains(&Event::Start(Tag::Strong)));
        // Adjacent spans of one kind join; spans of different kinds read back as both,
        // except emphasis inside a word next to bold (`_` cannot work there).
        assert_eq!(md("<p><b>【小</b><b>树】</b></p>"), "**【小树】**");
        assert_eq!(md("<p><b><i>x</i></b></p>"), "**_x_**");
        for (html, tags) in [
            ("<p><b>a</b><i>b</i></p>", 2),
            ("<p><i>a</i><b>b</b></p>", 2),
            ("<p>x<b>a</b><i>b</i>y</p>", 1),
            ("<p><b>a</b><del>b</del></p>", 2),
            ("<p>a <i>b <b>c</b></i> d</p>", 2),
        ] {
            let out = md(html);
            let n = cm_events(&out)
                .iter()
                .filter(|e| {
                    matches!(
                        e,
                        Event::Start(Tag::Strong | Tag::Emphasis | Tag::Strikethrough)
                    )
                })
                .count();
            assert_eq!(n, tags, "{html} -> {out}");
        }
        // Nested same-kind emphasis adds no markers; empty emphasis disappears.
        assert_eq!(md("<p><b>a<b>b</b></b><b> </b>c</p>"), "**ab** c");
    }

    #[test]
    fn headings_links_images() {
        assert_eq!(
            md("<h2>Title <em>x</em></h2><p>See <a href=\"https://e.com/a b(c)\" title='T \"q\"'>this</a>.</p>"),
            "## Title *x*\n\nSee [this](https://e.com/a%20b%28c%29 \"T \\\"q\\\"\")."
        );
        assert_eq!(
            md("<p><a href=\"https://e.com/\"><img src=\"https://i.com/p.png\" alt=\"a [b]\"></a></p>"),
            "[![a \\[b\\]](https://i.com/p.png)](https://e.com/)"
        );
        assert_eq!(md("<p><a>no href</a></p>"), "no href");
        assert_eq!(
            md("<p>a<a href=\"https://e.com/\"><span></span></a>b</p>"),
            "ab"
        );
        // A block inside a link leaves no dangling brackets.
        let out = md("<a href=\"https://e.com/\">x<p>para</p>y</a>");
        assert!(!out.contains('[') && !out.contains("]("), "{out}");
    }

    #[test]
    fn nested_lists_with_numbering() {
        let out = md("<p>Intro</p><ol start=\"3\"><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ol><ul><li>e</li></ul>");
        assert_eq!(out, "Intro\n\n3. a\n   * b\n   * c\n4. d\n\n- e");
        let events = cm_events(&out);
        assert!(events.contains(&Event::Start(Tag::List(Some(3)))));
        assert_eq!(
            events
                .iter()
                .filter(|e| matches!(e, Event::Start(Tag::List(_))))
                .count(),
            3
        );
        // Two sibling lists stay two lists.
        let out = md("<ul><li>a</li></ul><ul><li>b</li></ul>");
        assert_eq!(
            cm_events(&out)
                .iter()
                .filter(|e| matches!(e, Event::Start(Tag::List(_))))
                .count(),
            2
        );
        // Empty items are skipped, paragraphs inside items are indented.
        assert_eq!(
            md("<ul><li></li><li><p>x</p><p>y</p></li></ul>"),
            "- x\n\n  y"
        );
    }

    #[test]
    fn blockquotes_and_code() {
        assert_eq!(
            md("<blockquote><p>a</p><p>b <code>x`y</code></p></blockquote>"),
            "> a\n>\n> b ``x`y``"
        );
        // The blank line before a quote is outside it.
        assert_eq!(
            md("<h2>H</h2><blockquote><p>q</p></blockquote><p>after</p>"),
            "## H\n\n> q\n\nafter"
        );
        assert_eq!(
            md("<ul><li>a</li><li><blockquote>q</blockquote></li></ul>"),
            "- a\n- > q"
        );
        assert_eq!(md("<p><code>`tick</code></p>"), "`` `tick ``");
        assert_eq!(
            md("<p><code>\u{fdd7}x\u{fdd8}</code></p>"),
            "`\u{fffd}x\u{fffd}`"
        );
        assert_eq!(md("<p><code>a</code><code>b</code></p>"), "`ab`");
        let out =
            md("<pre><code class=\"language-python\">def f():\n    return \"```\"\n</code></pre>");
        assert_eq!(out, "````python\ndef f():\n    return \"```\"\n````");
        let events = cm_events(&out);
        assert!(matches!(&events[0], Event::Start(Tag::CodeBlock(_))));
        assert!(
            matches!(&events[1], Event::Text(t) if t.as_ref() == "def f():\n    return \"```\"\n")
        );
        // A code block inside a list item is indented with it.
        assert_eq!(
            md("<ul><li>x<pre>a\n b</pre></li></ul>"),
            "- x\n\n  ```\n  a\n   b\n  ```"
        );
    }

    #[test]
    fn tables() {
        let out = md("<table><tr><th>a|b</th><th>c</th></tr><tr><td>1</td><td><b>2</b></td></tr><tr><td>3</td></tr></table>");
        assert_eq!(out, "| a\\|b | c |\n| --- | --- |\n| 1 | **2** |\n| 3 |  |");
        assert!(cm_events(&out)
            .iter()
            .any(|e| matches!(e, Event::Start(Tag::Table(_)))));
        // colspan: sanitized HTML on one line, text escaped.
        let out = md("<table><tr><td colspan=\"2\" onclick=\"x\">a\n\n<b>b</b> &lt;i&gt;</td></tr><tr><td>1</td><td>2</td></tr></table><p>after</p>");
        assert_eq!(
            out,
            "<table><tbody><tr><td colspan=\"2\">a <b>b</b> &lt;i&gt;</td></tr><tr><td>1</td><td>2</td></tr></tbody></table>\n\nafter"
        );
        // Breaks and rules inside cells stay inside the cell.
        assert_eq!(
            md("<table><tr><td>a<hr>b<br>c</td><td>d</td></tr></table>"),
            "| a b c | d |\n| --- | --- |"
        );
        // A one-column layout table is just its content.
        assert_eq!(
            md("<table><tr><td><p>a</p><p>b</p></td></tr></table>"),
            "a\n\nb"
        );
    }

    #[test]
    fn breaks_and_rules() {
        assert_eq!(
            md("<p>a<br>b<br><br>c<br></p><hr><p>d</p>"),
            "a\\\nb\n\nc\n\n---\n\nd"
        );
    }

    #[test]
    fn deep_nesting_is_linear_and_bounded() {
        // (html5ever itself is slow on deeply nested lists, so the list depth here is modest.)
        let depth = 300;
        let out = md(&"<blockquote><ul><li>x".repeat(depth));
        assert!(out.len() < 200 * depth, "{}", out.len());
        let depth = 3_000;
        let out = md(&"<blockquote>x".repeat(depth));
        assert!(out.len() < 200 * depth, "{}", out.len());
        assert_eq!(out.matches('x').count(), depth);
        let html = "<table><tr><td>".repeat(500) + "x";
        assert!(md(&html).contains('x'));
        let s = stats(&doc(&html), "x");
        assert_eq!(s.paragraphs, 1);
    }

    /// Random documents from a small grammar of the elements the sanitizer keeps, with text
    /// full of Markdown specials: the Markdown must read back with every line of the plain
    /// text and no HTML but tables.
    #[test]
    fn random_documents_round_trip() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        const TAGS: &[&str] = &[
            "p",
            "div",
            "b",
            "i",
            "em",
            "strong",
            "del",
            "code",
            "a",
            "ul",
            "ol",
            "li",
            "blockquote",
            "h2",
            "h3",
            "pre",
            "span",
            "sup",
            "table",
            "tr",
            "td",
            "br",
            "hr",
            "img",
            "q",
        ];
        const WORDS: &[&str] = &[
            "中文",
            "word",
            "*",
            "**",
            "_",
            "`",
            "``",
            "#",
            "- ",
            "1.",
            "2)",
            ">",
            "<x>",
            "&amp;",
            "|",
            "~~",
            "[",
            "]",
            "(",
            ")",
            "!",
            "\\",
            "“引”",
            "。",
            " ",
            "  ",
            "\n",
            "+",
            "=",
            "---",
            "&lt;b&gt;",
            "http://e.com/a_b",
            "3.",
            "\t",
        ];
        for round in 0..500 {
            let mut html = String::new();
            let mut open: Vec<&str> = Vec::new();
            for _ in 0..(5 + next(40)) {
                match next(4) {
                    0 if !open.is_empty() => {
                        let t = open.pop().unwrap_or("span");
                        html.push_str(&format!("</{t}>"));
                    }
                    1 | 0 => {
                        let t = TAGS[next(TAGS.len())];
                        match t {
                            "br" | "hr" => html.push_str(&format!("<{t}>")),
                            "img" => {
                                html.push_str("<img src=\"https://i.com/a b.png\" alt=\"*x*\">")
                            }
                            "a" => {
                                html.push_str("<a href=\"https://e.com/(x)\">");
                                open.push(t);
                            }
                            "td" => {
                                html.push_str(&format!("<td colspan=\"{}\">", 1 + next(2)));
                                open.push(t);
                            }
                            _ => {
                                html.push_str(&format!("<{t}>"));
                                open.push(t);
                            }
                        }
                    }
                    _ => {
                        for _ in 0..(1 + next(4)) {
                            html.push_str(WORDS[next(WORDS.len())]);
                        }
                    }
                }
            }
            let d = doc(&html);
            let t = text(&d);
            let out = markdown(&d);
            let mut back = String::new();
            let mut in_image = 0;
            for e in cm_events(&out) {
                match e {
                    Event::Start(Tag::Image { .. }) => in_image += 1,
                    Event::End(TagEnd::Image) => in_image -= 1,
                    Event::Text(x) | Event::Code(x) if in_image == 0 => back.push_str(&x),
                    Event::Html(h) if h.starts_with("<table") => {
                        // Browsers show <q> with quotation marks, as the text does.
                        let h = h.replace("<q>", "“").replace("</q>", "”");
                        let mut tag = false;
                        for c in h.chars() {
                            match c {
                                '<' => tag = true,
                                '>' => tag = false,
                                c if !tag => back.push(c),
                                _ => {}
                            }
                        }
                    }
                    Event::Html(h) | Event::InlineHtml(h) => {
                        panic!("round {round}: HTML {h:?} in\n{out}\nfrom {html}")
                    }
                    _ => {}
                }
            }
            let squeeze = |s: &str| -> String {
                s.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
                    .replace("&#10;", "")
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect()
            };
            let back = squeeze(&back);
            for line in t.lines() {
                for cell in line.split('\t') {
                    let want = squeeze(cell);
                    assert!(
                        back.contains(&want),
                        "round {round}: {cell:?} missing\nmarkdown:\n{out}\nhtml: {html}"
                    );
                }
            }
        }
    }

    #[test]
    fn punctuation_ranges_hold_no_alphanumeric_character() {
        for c in ('\u{2000}'..='\u{ffff}').filter(|&c| is_punctuation(c)) {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn plain_text_blocks() {
        let d = doc("<h1>T</h1><p>a\n  b<br>c</p><ul><li>x</li><li>y</li></ul><table><tr><td>1</td><td>2</td></tr></table><pre>p\n  q</pre>");
        assert_eq!(text(&d), "T\n\na b\nc\n\nx\n\ny\n\n1\t2\n\np\n  q");
    }

    #[test]
    fn stats_count_blocks_images_and_reading_time() {
        let d = doc("<div>bare text<p>one <b>bold</b></p><blockquote><p>two</p></blockquote><ul><li>three</li><li> </li></ul><table><tr><td>4</td><td>x</td></tr></table><p><img src=a><img src=b></p></div>");
        let t = text(&d);
        let s = stats(&d, &t);
        assert_eq!(s.paragraphs, 5, "{t}");
        assert_eq!(s.images, 2);
        assert_eq!(s.reading_minutes, 1);
        let cjk = "中".repeat(801);
        let s = stats(&doc(&format!("<p>{cjk}</p>")), &cjk);
        assert_eq!((s.chars, s.reading_minutes), (801, 3));
        let words = "word ".repeat(440);
        let s = stats(&doc(&format!("<p>{words}</p>")), words.trim());
        assert_eq!(s.reading_minutes, 2);
        assert_eq!(stats(&doc(""), "").reading_minutes, 0);
    }

    use crate::test_rng::rng;

    /// Random strings over characters every scanner treats specially (ASCII and Unicode
    /// whitespace, U+00A0, escapes, markers, a byte-order mark) and some that share their
    /// lead bytes.
    fn random_texts(seed: u64, count: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "a", "word", "中文", "，", "。", "“", "—", "\u{3001}", " ", "  ", "\n", "\t", "\r",
            "\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}", "\u{200a}", "\u{200b}",
            "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{2060}", "\u{3000}", "\u{feff}",
            "\u{fdd0}", "\u{fdd6}", "\u{fdd9}", "\u{fdef}", "\u{fdf0}", "\u{ffef}", "*", "_", "\\",
            "`", "[", "]", "<", ">", "#", "|", "~", "&", "!", "\"", "'", "-", "é", "·",
        ];
        let mut next = rng(seed);
        (0..count)
            .map(|_| {
                let len = next(12);
                (0..len).map(|_| PIECES[next(PIECES.len())]).collect()
            })
            .collect()
    }

    /// What the output may already hold when a scanner appends to it.
    const STARTS: &[&str] = &["", "x", "x ", "x\n", "x\u{fdd6}", "x\t"];

    #[test]
    fn space_len_is_char_is_whitespace_without_nbsp() {
        let mut buf = [0u8; 8];
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let want = if c.is_whitespace() && c != '\u{a0}' {
                c.len_utf8()
            } else {
                0
            };
            let len = c.encode_utf8(&mut buf).len();
            // Alone, and followed by more text.
            assert_eq!(space_len(&buf[..len], 0), want, "{c:?}");
            buf[len] = b'x';
            assert_eq!(space_len(&buf[..len + 1], 0), want, "{c:?}");
            // Every whitespace character starts with a byte the scanners stop at.
            if want > 0 {
                let lead = byte_class::TABLE[usize::from(buf[0])];
                assert_ne!(lead & byte_class::SPACE, 0, "{c:?}");
            }
        }
        assert_eq!(space_len(b"", 0), 0);
        assert_eq!(space_len(b"a ", 1), 1);
        assert_eq!(space_len(b"a ", 2), 0);
    }

    #[test]
    fn byte_classes_are_as_documented() {
        use byte_class::*;
        for x in 0..=255u8 {
            let t = TABLE[usize::from(x)];
            let html = matches!(x, b'&' | b'<' | b'>' | b'\r' | 0xc2 | 0xef);
            assert_eq!(t & HTML_TEXT != 0, html, "{x:#x}");
            assert_eq!(t & HTML_ATTR != 0, html || x == b'"', "{x:#x}");
            assert_eq!(t & MD_ESCAPE != 0, b"\\`*_[]<>#|~&!".contains(&x), "{x:#x}");
            assert_eq!(t & SENTINEL != 0, x == 0xef, "{x:#x}");
            let space = x.is_ascii_whitespace() || matches!(x, 0x0b | 0xc2 | 0xe1 | 0xe2 | 0xe3);
            assert_eq!(t & SPACE != 0, space, "{x:#x}");
        }
    }

    #[test]
    fn skip_plain_finds_the_first_flagged_byte() {
        use byte_class::*;
        let mut texts = random_texts(7, 300);
        // Long runs, so the eight-byte groups are exercised.
        texts.push("中文字".repeat(20) + "<" + &"a".repeat(17) + "&");
        texts.push("x".repeat(64));
        for t in &texts {
            let b = t.as_bytes();
            for mask in [HTML_TEXT, HTML_ATTR, MD_ESCAPE | SENTINEL, SPACE, 0xff] {
                for i in 0..=b.len() + 1 {
                    let want = (i..b.len())
                        .find(|&k| TABLE[usize::from(b[k])] & mask != 0)
                        .unwrap_or(b.len());
                    assert_eq!(skip_plain(b, i, mask), want, "{t:?} {i} {mask}");
                }
            }
        }
    }

    #[test]
    fn resolve_inline_matches_the_char_by_char_reference() {
        let alphabet: Vec<char> = "a b,中，.!*_ \u{fdd0}\u{fdd1}\u{fdd2}\u{fdd3}\u{fdd4}\u{fdd5}\u{fdd6}\u{fdd7}\u{fdd8}\u{fdd9}\u{fdd0}\u{fdd1}\u{fdd2}\u{fdd3}  "
            .chars()
            .collect();
        let mut next = rng(11);
        for _ in 0..100_000 {
            let len = next(32);
            let s: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            assert_eq!(resolve_inline(&s), reference::resolve_inline(&s), "{s:?}");
        }
    }

    /// The byte scanners against the char-by-char code they replaced.
    mod reference {
        use super::super::byte_class;
        use super::super::{
            is_close_marker, is_marker, is_md_punct, is_open_marker, is_sentinel, skip_plain,
            DEL_CLOSE, DEL_OPEN, EM_CLOSE, EM_OPEN, HARD_BREAK, LINK_CLOSE, LINK_END, LINK_OPEN,
            STRONG_CLOSE, STRONG_OPEN,
        };
        use std::borrow::Cow;

        /// The char-by-char `resolve_inline` the marker-list version replaced.
        ///
        /// Whitespace is moved outside each span; adjacent spans of one kind are joined; a span whose
        /// delimiters CommonMark would not accept by its flanking rules (judged with the delimiters
        /// actually written next to them) is dropped, keeping its text. Emphasis right next to a
        /// strong marker (a `***` run, which CommonMark splits by its "rule of 3") is written with
        /// `_` where `_` is valid and dropped otherwise. Dropping a span can invalidate a neighbour,
        /// so the checks repeat until nothing changes (a few rounds; after that every marker of the
        /// block is dropped, which is always safe).
        pub(super) fn resolve_inline(buf: &str) -> Cow<'_, str> {
            // Without emphasis or link markers (hard breaks aside) there is nothing to resolve.
            let b = buf.as_bytes();
            let mut i = skip_plain(b, 0, byte_class::SENTINEL);
            loop {
                if i >= b.len() {
                    return Cow::Borrowed(buf);
                }
                if b.get(i + 1) == Some(&0xb7)
                    && matches!(b.get(i + 2), Some(0x90..=0x95 | 0x97..=0x99))
                {
                    break;
                }
                i = skip_plain(b, i + 1, byte_class::SENTINEL);
            }
            let mut chars: Vec<char> = buf.chars().collect();
            // Opening markers move right past spaces (right to left, so chains move together)…
            for i in (0..chars.len().saturating_sub(1)).rev() {
                if is_open_marker(chars[i]) && chars[i + 1] == ' ' {
                    let mut j = i;
                    while j + 1 < chars.len() && chars[j + 1] == ' ' && is_open_marker(chars[j]) {
                        chars.swap(j, j + 1);
                        j += 1;
                    }
                }
            }
            // … and closing markers move left past spaces.
            for i in 1..chars.len() {
                if is_close_marker(chars[i]) && chars[i - 1] == ' ' {
                    let mut j = i;
                    while j > 0 && chars[j - 1] == ' ' && is_close_marker(chars[j]) {
                        chars.swap(j, j - 1);
                        j -= 1;
                    }
                }
            }
            let n = chars.len();
            let mut keep = vec![true; n];
            let mut underscore = vec![false; n];
            // Pair the markers (they are well nested: they come from the tree).
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            let mut stack: Vec<usize> = Vec::new();
            for i in 0..n {
                let c = chars[i];
                if is_open_marker(c) {
                    stack.push(i);
                } else if is_close_marker(c) {
                    match stack.pop() {
                        Some(o) if chars[o..i].iter().any(|c| !is_marker(*c)) => pairs.push((o, i)),
                        Some(o) => {
                            keep[o] = false;
                            keep[i] = false;
                        }
                        None => keep[i] = false,
                    }
                }
            }
            for i in stack {
                keep[i] = false;
            }
            // For each marker position, the index of its pair in `pairs`.
            let mut pair_at = vec![usize::MAX; n];
            for (k, &(o, c)) in pairs.iter().enumerate() {
                pair_at[o] = k;
                pair_at[c] = k;
            }
            let written = |c: char, u: bool| -> char {
                match c {
                    DEL_OPEN | DEL_CLOSE => '~',
                    EM_OPEN | EM_CLOSE if u => '_',
                    _ => '*',
                }
            };
            // The character written next to position `i` in direction `step` (kept markers count).
            let neighbor =
                |i: usize, step: isize, keep: &[bool], underscore: &[bool]| -> Option<char> {
                    let mut k = i as isize + step;
                    while k >= 0 && (k as usize) < n {
                        let idx = k as usize;
                        let c = chars[idx];
                        if c == HARD_BREAK {
                            return Some('\n');
                        }
                        if !is_marker(c) {
                            return Some(c);
                        }
                        if keep[idx] {
                            return Some(written(c, underscore[idx]));
                        }
                        k += step;
                    }
                    None
                };
            let ws_or_punct =
                |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_md_punct(c));
            let flanking = |prev: Option<char>, next: Option<char>| -> (bool, bool) {
                let left = next.is_some_and(|n| !n.is_whitespace())
                    && (!next.is_some_and(is_md_punct) || ws_or_punct(prev));
                let right = prev.is_some_and(|p| !p.is_whitespace())
                    && (!prev.is_some_and(is_md_punct) || ws_or_punct(next));
                (left, right)
            };
            let touches_strong = |i: usize, keep: &[bool]| -> bool {
                [-1isize, 1].into_iter().any(|step| {
                    let mut k = i as isize + step;
                    while k >= 0 && (k as usize) < n {
                        let c = chars[k as usize];
                        if !is_marker(c) || c == HARD_BREAK {
                            return false;
                        }
                        if keep[k as usize] && matches!(c, STRONG_OPEN | STRONG_CLOSE) {
                            return true;
                        }
                        k += step;
                    }
                    false
                })
            };
            let mut settled = false;
            for _round in 0..8 {
                let mut changed = false;
                // Join `close open` of one kind with nothing written between.
                let mut last_close: Option<usize> = None;
                for i in 0..n {
                    let c = chars[i];
                    if !is_marker(c) || c == HARD_BREAK {
                        last_close = None;
                    } else if !keep[i] {
                        continue;
                    } else if is_close_marker(c) {
                        last_close = Some(i);
                    } else {
                        if let Some(j) = last_close {
                            if matches!(
                                (chars[j], c),
                                (STRONG_CLOSE, STRONG_OPEN)
                                    | (EM_CLOSE, EM_OPEN)
                                    | (DEL_CLOSE, DEL_OPEN)
                            ) {
                                keep[j] = false;
                                keep[i] = false;
                                // The pair that ended at j now ends where the pair from i ended.
                                let (a, b) = (pair_at[j], pair_at[i]);
                                if a != usize::MAX && b != usize::MAX {
                                    let end = pairs[b].1;
                                    pairs[a].1 = end;
                                    pair_at[end] = a;
                                    pairs[b] = (usize::MAX, usize::MAX);
                                }
                                changed = true;
                            }
                        }
                        last_close = None;
                    }
                }
                for &(o, c) in &pairs {
                    if o == usize::MAX || !(keep[o] && keep[c]) {
                        continue;
                    }
                    let em = chars[o] == EM_OPEN;
                    let u = em && (touches_strong(o, &keep) || touches_strong(c, &keep));
                    if underscore[o] != u {
                        underscore[o] = u;
                        underscore[c] = u;
                        changed = true;
                    }
                    let o_prev = neighbor(o, -1, &keep, &underscore);
                    let o_next = neighbor(o, 1, &keep, &underscore);
                    let c_prev = neighbor(c, -1, &keep, &underscore);
                    let c_next = neighbor(c, 1, &keep, &underscore);
                    let (ol, or) = flanking(o_prev, o_next);
                    let (cl, cr) = flanking(c_prev, c_next);
                    let ok = if u {
                        ol && (!or || o_prev.is_some_and(is_md_punct))
                            && cr
                            && (!cl || c_next.is_some_and(is_md_punct))
                    } else {
                        ol && cr
                    };
                    if !ok {
                        keep[o] = false;
                        keep[c] = false;
                        changed = true;
                    }
                }
                if !changed {
                    settled = true;
                    break;
                }
            }
            if !settled {
                keep.iter_mut().for_each(|k| *k = false);
            }
            // Links whose two ends are both in this block.
            let mut link_ok = vec![false; n];
            let mut open_link: Option<usize> = None;
            for i in 0..n {
                match chars[i] {
                    LINK_OPEN => open_link = Some(i),
                    LINK_CLOSE => {
                        if let Some(o) = open_link.take() {
                            link_ok[o] = true;
                            link_ok[i] = true;
                        }
                    }
                    _ => {}
                }
            }
            let mut out = String::with_capacity(buf.len() + 16);
            let mut in_dropped_tail = false;
            for (((c, k), u), link) in chars.into_iter().zip(keep).zip(underscore).zip(link_ok) {
                if in_dropped_tail {
                    in_dropped_tail = c != LINK_END;
                    continue;
                }
                match c {
                    LINK_OPEN if link => out.push('['),
                    LINK_CLOSE if link => out.push(']'),
                    LINK_CLOSE => in_dropped_tail = true,
                    LINK_OPEN | LINK_END => {}
                    STRONG_OPEN | STRONG_CLOSE if k => out.push_str("**"),
                    EM_OPEN | EM_CLOSE if k && u => out.push('_'),
                    EM_OPEN | EM_CLOSE if k => out.push('*'),
                    DEL_OPEN | DEL_CLOSE if k => out.push_str("~~"),
                    HARD_BREAK => out.push(HARD_BREAK),
                    c if is_marker(c) => {}
                    c => out.push(c),
                }
            }
            Cow::Owned(out)
        }

        pub(super) fn escape_html(s: &str, out: &mut String, attr: bool) {
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '"' if attr => out.push_str("&quot;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '\u{a0}' => out.push_str("&nbsp;"),
                    '\r' => out.push_str("&#13;"),
                    '\u{feff}' => out.push_str("&#xfeff;"),
                    c => out.push(c),
                }
            }
        }

        pub(super) fn push_collapsed(s: &str, out: &mut String) {
            let mut from = 0;
            for (i, c) in s.char_indices() {
                if c.is_whitespace() && c != '\u{a0}' {
                    out.push_str(&s[from..i]);
                    from = i + c.len_utf8();
                    if !out.ends_with([' ', '\n']) && !out.is_empty() {
                        out.push(' ');
                    }
                }
            }
            out.push_str(&s[from..]);
        }

        pub(super) fn escape_md_text(s: &str, out: &mut String) {
            for c in s.chars() {
                if "\\`*_[]<>#|~&!".contains(c) {
                    out.push('\\');
                }
                out.push(if is_sentinel(c) { '\u{fffd}' } else { c });
            }
        }

        pub(super) fn push_md_collapsed(s: &str, out: &mut String) {
            let mut pending_space = false;
            let mut from = 0;
            for (i, c) in s.char_indices() {
                if c.is_whitespace() && c != '\u{a0}' {
                    escape_md_text(&s[from..i], out);
                    from = i + c.len_utf8();
                    pending_space = true;
                    continue;
                }
                if pending_space {
                    if !out.is_empty() && !out.ends_with([' ', HARD_BREAK]) {
                        out.push(' ');
                    }
                    pending_space = false;
                }
            }
            escape_md_text(&s[from..], out);
            if pending_space && !out.is_empty() && !out.ends_with([' ', HARD_BREAK]) {
                out.push(' ');
            }
        }
    }

    #[test]
    fn text_scanners_match_the_char_by_char_reference() {
        type Scanner = fn(&str, &mut String);
        let pairs: [(&str, Scanner, Scanner); 5] = [
            ("escape_text", escape_text, |s, o| {
                reference::escape_html(s, o, false)
            }),
            ("escape_attr", escape_attr, |s, o| {
                reference::escape_html(s, o, true)
            }),
            ("push_collapsed", push_collapsed, reference::push_collapsed),
            ("escape_md_text", escape_md_text, reference::escape_md_text),
            (
                "push_md_collapsed",
                push_md_collapsed,
                reference::push_md_collapsed,
            ),
        ];
        for t in random_texts(11, 3000) {
            for start in STARTS {
                for (name, new, old) in pairs {
                    let (mut got, mut want) = (start.to_string(), start.to_string());
                    new(&t, &mut got);
                    old(&t, &mut want);
                    assert_eq!(got, want, "{name} {start:?} + {t:?}");
                }
            }
        }
    }
}

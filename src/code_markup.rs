//! Code samples keep their markup as text.
//!
//! A post that shows a Vue component or an HTML page often puts the sample's raw markup
//! straight inside `<pre><code>`, unescaped: `<template><div>{{ msg }}</div></template>`,
//! `<script>export default {}</script>`. The HTML parser builds elements from it: a
//! `<template>`'s children go to its separate contents fragment, `<script>` and `<style>`
//! become raw-text elements, and the rule table then removes all three as non-content, so the
//! code block comes out empty. Generic types in code (`List<String>`) are eaten the same way.
//!
//! [`escape_code_markup`] runs on the source before the parser, in one linear pass: inside
//! each `<pre>` and `<code>` element, a tag that no syntax highlighter emits (anything but
//! the inline and line-structure elements of [`HIGHLIGHT`] and [`LINE_STRUCTURE`]) is turned
//! into text (`<` becomes `&lt;`), together with everything up to its matching end tag. When
//! a block holds such a tag it is a markup sample, and then only [`HIGHLIGHT`] stays markup
//! (a sample's `<div>` is text too). The content of a raw-text element (`<script>`,
//! `<style>`) was never parsed for entities either, so its `&` become `&amp;`.

use crate::dom::Document;
use crate::html_facts::{is_raw_text, is_void};
use crate::input::{declaration_end, find_byte, find_end_tag, skip_past};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Inline elements syntax highlighters wrap tokens in: they stay elements in any code block.
const HIGHLIGHT: &[&str] = &[
    "a", "abbr", "b", "big", "br", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd",
    "mark", "pre", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u",
    "var", "wbr",
];

/// Line and layout elements some highlighters put in a code block (numbered lines as `li`,
/// lines as `div` or `p`, gutters as tables): elements unless the block is a markup sample.
const LINE_STRUCTURE: &[&str] = &[
    "div", "p", "ol", "ul", "li", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "img", "hr",
];

/// The tree's side of [`escape_code_markup`]: inside `<pre>` and `<code>`, an element no
/// highlighter writes is replaced by its children. The pre-pass turns such tags into text
/// where it can see the block; where the parser's block differs from what the scan saw (an
/// unclosed `<pre>` that the parser extends), this keeps the output a fixed point: cleaning
/// the output again finds no markup sample to escape.
/// Returns whether it unwrapped anything.
pub(crate) fn unwrap_foreign_in_code(doc: &mut Document) -> bool {
    let mut foreign = Vec::new();
    let mut stack = vec![(doc.root, false)];
    while let Some((id, in_code)) = stack.pop() {
        let Some(node) = doc.html.tree.get(id) else {
            continue;
        };
        let mut inside = in_code;
        if let Some(el) = node.value().as_element() {
            let name = el.name();
            if in_code && !HIGHLIGHT.contains(&name) && !LINE_STRUCTURE.contains(&name) {
                foreign.push(id);
            }
            inside |= matches!(name, "pre" | "code");
        }
        stack.extend(node.children().map(|c| (c.id(), inside)));
    }
    let unwrapped = !foreign.is_empty();
    for id in foreign {
        crate::dom::unwrap(&mut doc.html, id);
    }
    unwrapped
}

/// Escapes the markup inside `<pre>` and `<code>` elements that would otherwise be parsed
/// into elements and lost (see the module doc). Returns `html` itself when nothing changes.
pub(crate) fn escape_code_markup(html: &str) -> Cow<'_, str> {
    if !contains_code_tag(html) {
        return Cow::Borrowed(html);
    }
    let b = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut ends = EndTagFinder::default();
    let mut i = 0;
    while let Some(at) = find_lt(html, i) {
        i = match b.get(at + 1) {
            Some(b'!') => declaration_end(html, at),
            Some(b'?') => skip_past(html, at + 2, b'>'),
            Some(b'/') => skip_past(html, at + 2, b'>'),
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, _) = tag_name(b, at + 1);
                let end = tag_end(b, at + 1 + name.len());
                if is_raw_text(&lower(name)) {
                    raw_text_end(html, end, name)
                } else if name.eq_ignore_ascii_case(b"pre") || name.eq_ignore_ascii_case(b"code") {
                    match ends.find(html, end, name.eq_ignore_ascii_case(b"pre")) {
                        Some(close) => {
                            if let Some(escaped) = escape_block(&html[end..close]) {
                                let o = out
                                    .get_or_insert_with(|| String::with_capacity(html.len() + 64));
                                o.push_str(&html[copied..end]);
                                o.push_str(&escaped);
                                copied = close;
                            }
                            close
                        }
                        None => end,
                    }
                } else {
                    end
                }
            }
            _ => at + 1,
        };
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

/// True when `html` holds a `<pre` or `<code` start tag (any case).
fn contains_code_tag(html: &str) -> bool {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(at) = find_lt(html, i) {
        i = at + 1;
        // Most tags start with another letter: their names are not read.
        if matches!(b.get(i), Some(b'p' | b'P' | b'c' | b'C')) {
            let (name, _) = tag_name(b, i);
            if name.eq_ignore_ascii_case(b"pre") || name.eq_ignore_ascii_case(b"code") {
                return true;
            }
        }
    }
    false
}

/// The next `</pre` and `</code` end tags, searched for once each as the scan moves on (the
/// scan only moves forward, so the whole search is linear).
#[derive(Default)]
struct EndTagFinder {
    /// (searched from, found at) for `pre` and `code`.
    pre: Option<(usize, Option<usize>)>,
    code: Option<(usize, Option<usize>)>,
}

impl EndTagFinder {
    fn find(&mut self, s: &str, from: usize, pre: bool) -> Option<usize> {
        let (slot, name): (&mut Option<(usize, Option<usize>)>, &[u8]) = if pre {
            (&mut self.pre, b"pre")
        } else {
            (&mut self.code, b"code")
        };
        match *slot {
            // Nothing after an earlier start: nothing after this one either.
            Some((searched, None)) if searched <= from => return None,
            Some((_, Some(at))) if at >= from => return Some(at),
            _ => {}
        }
        let found = find_end_tag(s, from, name);
        *slot = Some((from, found));
        found
    }
}

/// The escaped content of one code block, or `None` when it needs no change.
fn escape_block(content: &str) -> Option<String> {
    let b = content.as_bytes();
    let in_list =
        |name: &[u8], list: &[&str]| list.iter().any(|n| name.eq_ignore_ascii_case(n.as_bytes()));
    let foreign = |name: &[u8]| !in_list(name, HIGHLIGHT) && !in_list(name, LINE_STRUCTURE);
    // Where the last end tag of each name is: an escaped start tag takes everything up to
    // its end tag with it only when there is one (`List<String>` has none).
    let mut last_end: FxHashMap<Vec<u8>, usize> = FxHashMap::default();
    let mut i = 0;
    while let Some(at) = find_lt(content, i) {
        if b.get(at + 1) == Some(&b'/') {
            let (name, _) = tag_name(b, at + 2);
            if !name.is_empty() {
                last_end.insert(name.to_ascii_lowercase(), at);
            }
        }
        i = at + 1;
    }
    let closed_after = |name: &[u8], at: usize| {
        last_end
            .get(&name.to_ascii_lowercase())
            .is_some_and(|&end| end > at)
    };
    // A markup sample: an element no highlighter writes, with its end tag, or a comment or
    // doctype. Then line markup is the sample's too.
    let mut sample = false;
    let mut any_foreign = false;
    let mut i = 0;
    while let Some(at) = find_lt(content, i) {
        match b.get(at + 1) {
            Some(b'!' | b'?') => sample = true,
            Some(b'/') => any_foreign |= foreign(tag_name(b, at + 2).0),
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, _) = tag_name(b, at + 1);
                if foreign(name) {
                    any_foreign = true;
                    sample |= closed_after(name, at);
                }
            }
            _ => {}
        }
        if sample {
            break;
        }
        i = at + 1;
    }
    if !sample && !any_foreign {
        return None;
    }
    let kept = |name: &[u8]| in_list(name, HIGHLIGHT) || (!sample && in_list(name, LINE_STRUCTURE));
    let mut out = String::with_capacity(content.len() + 32);
    let mut copied = 0;
    // The escaped element the scan is inside: its name, nesting depth and whether it is raw text.
    let mut region: Option<(&[u8], usize, bool)> = None;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'&' && matches!(region, Some((_, _, true))) {
            out.push_str(&content[copied..i]);
            out.push_str("&amp;");
            copied = i + 1;
            i += 1;
            continue;
        }
        if c != b'<' {
            i += 1;
            continue;
        }
        let escape = match (region, b.get(i + 1)) {
            (Some((name, depth, raw)), next) => {
                let end = next == Some(&b'/');
                let (tag, _) = tag_name(b, if end { i + 2 } else { i + 1 });
                if tag.eq_ignore_ascii_case(name) {
                    if end && depth == 1 {
                        region = None;
                    } else if end {
                        region = Some((name, depth - 1, raw));
                    } else if !raw && next.is_some_and(u8::is_ascii_alphabetic) {
                        region = Some((name, depth + 1, raw));
                    }
                }
                true
            }
            (None, Some(b'!' | b'?')) => true,
            (None, Some(b'/')) => {
                let (tag, _) = tag_name(b, i + 2);
                !tag.is_empty() && !kept(tag)
            }
            (None, Some(n)) if n.is_ascii_alphabetic() => {
                let (tag, _) = tag_name(b, i + 1);
                if kept(tag) {
                    // Skip the whole tag: a `<` inside a quoted attribute is not markup.
                    i = tag_end(b, i + 1 + tag.len());
                    continue;
                }
                let end = tag_end(b, i + 1 + tag.len());
                let self_closing = end >= 2 && b[end - 2] == b'/';
                let void = is_void(&lower(tag));
                if !self_closing && !void && closed_after(tag, i) {
                    region = Some((tag, 1, is_raw_text(&lower(tag))));
                }
                true
            }
            (None, _) => false,
        };
        if escape {
            out.push_str(&content[copied..i]);
            out.push_str("&lt;");
            copied = i + 1;
        }
        i += 1;
    }
    out.push_str(&content[copied..]);
    Some(out)
}

/// The tag name starting at `from` (letters, digits, `-`, `_`, `:`, `.`) and where it ends.
fn tag_name(b: &[u8], from: usize) -> (&[u8], usize) {
    let mut j = from;
    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' && b[j] != b'<'
    {
        j += 1;
    }
    (b.get(from..j).unwrap_or_default(), j)
}

/// The index just past the `>` that ends the tag whose attributes start at `from` (quoted
/// attribute values may hold `>`), or the end of the input.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    let mut after_eq = false;
    while j < b.len() {
        match b[j] {
            b'>' => return j + 1,
            b'=' => after_eq = true,
            c if c.is_ascii_whitespace() => {}
            q @ (b'"' | b'\'') if after_eq => {
                j = b[j + 1..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| j + 1 + p);
                after_eq = false;
            }
            _ => after_eq = false,
        }
        j += 1;
    }
    b.len()
}

/// Past the end of the raw-text element `name` whose content starts at `from`.
fn raw_text_end(s: &str, from: usize, name: &[u8]) -> usize {
    if name.eq_ignore_ascii_case(b"plaintext") {
        return s.len();
    }
    find_end_tag(s, from, name).map_or(s.len(), |at| at + 2)
}

/// A tag name in lower case (as `html_facts` takes it).
fn lower(name: &[u8]) -> String {
    String::from_utf8_lossy(name).to_ascii_lowercase()
}

/// The next `<` at or after `from`: the input pre-pass's byte search.
fn find_lt(s: &str, from: usize) -> Option<usize> {
    find_byte(s, from, b'<')
}

#[cfg(test)]
mod tests {
    use super::escape_code_markup;

    fn esc(s: &str) -> String {
        escape_code_markup(s).into_owned()
    }

    #[test]
    fn markup_outside_code_is_untouched() {
        let s = "<p>a <template>x</template><script>var p = '<pre><template>';</script></p>";
        assert!(matches!(
            escape_code_markup(s),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(esc(s), s);
    }

    #[test]
    fn highlighted_code_is_untouched() {
        for s in [
            "<pre><code class=\"hljs\"><span class=\"hljs-tag\">&lt;<span>div</span>&gt;</span></code></pre>",
            "<pre><code><<span>script</span>> a<br>b</code></pre>",
            "<pre><ol><li><span>1</span></li></ol></pre>",
            "<p>Use <code>a<b>b</b></code>.</p>",
            "<pre><span title=\"<template>\">x</span></pre>",
        ] {
            assert_eq!(esc(s), s, "{s}");
        }
    }

    #[test]
    fn a_vue_component_in_a_code_block_is_text() {
        assert_eq!(
            esc("<pre><code><template>\n  <div>{{ msg }}</div>\n</template>\n<script>\nif (a && b < c) {}\n</script></code></pre><p>after</p>"),
            "<pre><code>&lt;template>\n  &lt;div>{{ msg }}&lt;/div>\n&lt;/template>\n&lt;script>\nif (a &amp;&amp; b &lt; c) {}\n&lt;/script></code></pre><p>after</p>"
        );
    }

    #[test]
    fn a_sample_s_line_markup_is_text_but_highlighting_stays() {
        assert_eq!(
            esc("<pre><div id=\"app\"><span>x</span></div>\n<style>a{}</style></pre>"),
            "<pre>&lt;div id=\"app\">&lt;span>x&lt;/span>&lt;/div>\n&lt;style>a{}&lt;/style></pre>"
        );
        assert_eq!(
            esc("<pre><b>key</b> <!-- note --></pre>"),
            "<pre><b>key</b> &lt;!-- note --></pre>"
        );
    }

    #[test]
    fn generics_and_custom_elements_are_text() {
        assert_eq!(
            esc("<code>List<String> xs</code>"),
            "<code>List&lt;String> xs</code>"
        );
        assert_eq!(
            esc("<pre><el-button type=\"primary\"/>ok</pre>"),
            "<pre>&lt;el-button type=\"primary\"/>ok</pre>"
        );
    }

    #[test]
    fn a_tag_without_its_end_tag_is_text_alone() {
        // Highlighted code with a raw `<color>` in a string: only that tag becomes text.
        assert_eq!(
            esc("<pre><code><span class=\"s\">\"<color>\"</span>,\n<div class=\"line\">x</div></code></pre>"),
            "<pre><code><span class=\"s\">\"&lt;color>\"</span>,\n<div class=\"line\">x</div></code></pre>"
        );
    }

    #[test]
    fn nested_regions_end_at_their_own_end_tag() {
        assert_eq!(
            esc("<pre><template><template>a</template>b</template><b>c</b></pre>"),
            "<pre>&lt;template>&lt;template>a&lt;/template>b&lt;/template><b>c</b></pre>"
        );
    }

    #[test]
    fn unclosed_code_is_no_block() {
        let s = "<code>a<template>b";
        assert_eq!(esc(s), s);
        let s = "<pre>a</pre><pre>b<template>c";
        assert_eq!(esc(s), s);
    }

    #[test]
    fn hostile_inputs_stay_linear_and_lossless() {
        let s = "<code>".repeat(20_000) + &"<x>".repeat(20_000) + "</code>";
        let out = esc(&s);
        assert_eq!(out.matches("&lt;x>").count(), 20_000);
        let s = "<pre a=\"".repeat(10_000);
        assert_eq!(esc(&s), s);
    }

    #[test]
    fn foreign_elements_the_parser_put_in_code_are_unwrapped() {
        let mut doc = crate::dom::Document::fragment(
            "<pre><span>a</span><div>b</div><h3>c<em>d</em></h3></pre><h3>e</h3>",
        );
        super::unwrap_foreign_in_code(&mut doc);
        assert_eq!(
            crate::render::html(&doc),
            "<pre><span>a</span><div>b</div>c<em>d</em></pre><h3>e</h3>"
        );
    }
}

//! Unit tests of the renderers, and differential tests of the byte scanners and
//! `resolve_inline` against [`super::reference`].

use super::escape::*;
use super::inline::*;
use super::reference;
use super::stats::{is_letter_pair, is_punctuation};
use super::*;
use crate::dom::Document;
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
        "## Title *x*\n\nSee [this](https://e.com/a%20b\\(c\\) \"T \\\"q\\\"\")."
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
    assert!(matches!(&events[1], Event::Text(t) if t.as_ref() == "def f():\n    return \"```\"\n"));
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
                        "img" => html.push_str("<img src=\"https://i.com/a b.png\" alt=\"*x*\">"),
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

#[test]
fn two_byte_letters_counted_without_the_tables_are_letters() {
    let mut fast = 0;
    for c in '\u{80}'..='\u{7ff}' {
        let mut b = [0; 4];
        c.encode_utf8(&mut b);
        if is_letter_pair(b[0], b[1]) {
            fast += 1;
            let word_char = c.is_alphanumeric() && !is_punctuation(c);
            assert!(word_char && !c.is_whitespace(), "{c:?}");
        }
    }
    assert_eq!(fast, 0x180 - 0xc0 - 2 + 0x80);
    let ru = "Самые популярные кулинарные блоги, Überall ça";
    assert_eq!(stats(&doc(&format!("<p>{ru}</p>")), ru).chars, 40);
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

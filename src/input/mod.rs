//! First stage: size cap, byte-level clean-up, a linear markup pre-pass that bounds what the
//! HTML parser has to track, and deciding what kind of input this is.
//!
//! # Why a pre-pass
//!
//! html5ever follows the HTML standard faithfully, and some of the standard's steps scan the
//! stack of open elements or the list of active formatting elements for every token (scope
//! checks, "reconstruct the active formatting elements", the Noah's Ark clause), and its
//! tokenizer compares every attribute with all earlier ones of the same tag. With a hostile
//! input (100,000 nested `<div>`s, a million attributes on one tag) that is quadratic.
//! [`limit_markup`] runs before the parser, in one pass over the bytes, with a small model of
//! the parser's stack: start tags that would nest deeper than [`MAX_DEPTH`] (or push more than
//! [`MAX_FORMATTING`] formatting elements), and attributes beyond [`MAX_ATTRS`] on one tag, are
//! cut out of the source, with a warning. Text is never removed. Browsers do the same kind of
//! thing (Chromium stops nesting at 512 levels). The same pass leaves out the bodies of
//! scripts, style sheets and comments past their first words ([`UNREAD_BODY_MIN_BYTES`]):
//! every stage after it removes them unread, and on whole pages they are often half the bytes.
//! For the cleaner ([`limit_markup_for_cleaning`]) it also drops the indentation between tags
//! (whitespace runs between two tags keep only their line breaks) and the `data-*`
//! attributes no stage reads. An input
//! within the limits and without long scripts or style sheets is passed on untouched
//! (borrowed, not copied).

use crate::article::InputKind;
use crate::article::Report;
use crate::error::Error;
use crate::options::{Mode, Options};
use std::borrow::Cow;

mod markup;

pub(crate) use markup::{
    declaration_end, find_byte, find_end_tag, limit_markup, limit_markup_for_cleaning, skip_past,
};

/// Deepest element nesting let through to the parser; deeper start tags are dropped (their
/// content is kept, one level up).
pub(crate) const MAX_DEPTH: usize = 256;
/// Most formatting elements (`b`, `i`, `font`, `a`, …) the parser is made to remember at once.
pub(crate) const MAX_FORMATTING: usize = 16;
/// Most attributes kept on one tag (and in total on `<html>`/`<body>` tags, which merge).
pub(crate) const MAX_ATTRS: usize = 128;
/// Script, style sheet and comment bodies shorter than this go to the parser whole (see
/// `markup::unread_tail`): leaving them out would save less than the copy costs.
pub(crate) const UNREAD_BODY_MIN_BYTES: usize = 1024;

/// Checks the size cap and removes what no later stage should see: a byte-order mark and
/// NUL characters (replaced by U+FFFD, as the HTML parser would).
pub(crate) fn prepare<'a>(
    input: &'a str,
    options: &Options,
    report: &mut Report,
) -> Result<Cow<'a, str>, Error> {
    let max = options.get_max_input_bytes();
    if input.len() > max {
        return Err(Error::InputTooLarge {
            len: input.len(),
            max,
        });
    }
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if input.contains('\0') {
        report.warn(
            "nul_characters",
            "the input contains NUL characters; they were replaced by U+FFFD",
        );
        return Ok(Cow::Owned(input.replace('\0', "\u{fffd}")));
    }
    Ok(Cow::Borrowed(input))
}

/// Decides whether `body` is a post body, a bare fragment or a whole page.
pub(crate) fn detect(body: &str, has_front_matter: bool, mode: Mode) -> InputKind {
    match mode {
        Mode::Page => return InputKind::Page,
        Mode::Post => return InputKind::Post,
        Mode::Auto => {}
    }
    if has_front_matter {
        return InputKind::Post;
    }
    if looks_like_page(body) {
        InputKind::Page
    } else {
        InputKind::Fragment
    }
}

/// A whole page starts (after whitespace and comments) with a doctype or `<html>`, or
/// contains a `<head>`/`<body>` start tag near its start. Saved page bodies without those
/// (crawler dumps) count too when they carry a `<title>` or the navigation of a site: many
/// links in a large input.
fn looks_like_page(body: &str) -> bool {
    looks_like_page_start(body) || looks_like_page_body(body)
}

fn looks_like_page_body(body: &str) -> bool {
    if body.len() < 2048 {
        return false;
    }
    let bytes = body.as_bytes();
    let mut links = 0usize;
    let mut title = false;
    for (i, _) in body.match_indices('<') {
        let rest = &bytes[i + 1..];
        let tag = |name: &[u8]| {
            rest.len() > name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name)
                && matches!(rest[name.len()], b' ' | b'>' | b'\t' | b'\n' | b'\r')
        };
        if tag(b"a") {
            links += 1;
        } else if tag(b"title") {
            title = true;
        }
    }
    // Many links alone could be a link round-up post; a page also has layout or scripts.
    title || (links >= 15 && has_layout_marker(body))
}

/// Traces of a site's page layout: scripts, forms, layout tables, header/nav/footer/menu
/// blocks.
fn has_layout_marker(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    [
        "<script",
        "<form",
        "<table",
        "<iframe",
        "<input",
        "<nav",
        "<header",
        "<footer",
        "id=\"header",
        "id=\"nav",
        "id=\"footer",
        "id=\"menu",
        "class=\"nav",
        "class=\"menu",
    ]
    .iter()
    .any(|m| lower.contains(m))
}

fn looks_like_page_start(body: &str) -> bool {
    // The first 4096 characters (a character starts at every byte but UTF-8 continuation
    // bytes).
    let end = body
        .bytes()
        .enumerate()
        .filter(|&(_, b)| (b as i8) >= -0x40)
        .nth(4096)
        .map_or(body.len(), |(i, _)| i);
    let head = body[..end].to_ascii_lowercase();
    let trimmed = head.trim_start();
    trimmed.starts_with("<!doctype html")
        || trimmed.starts_with("<html")
        || trimmed.starts_with("<?xml")
        || head.contains("<head>")
        || head.contains("<head ")
        || head.contains("<body")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::EXCERPT_CHARS;

    #[test]
    fn too_many_attributes_on_a_tag_that_is_cut_too() {
        // Past the depth cap, and past the formatting cap, with too many attributes: the tag
        // goes whole (this used to cut the attributes first and then fail to cut the tag).
        let attrs: String = (0..MAX_ATTRS + 5).map(|a| format!(" a{a}=x")).collect();
        for open in ["<div>", "<b>"] {
            let src = format!("{}<b{attrs}>x</b>", open.repeat(MAX_DEPTH + 10));
            let mut report = Report::default();
            let out = limit_markup(&src, &mut report);
            assert!(out.contains('x'));
            assert!(!out.contains(&format!("a{MAX_ATTRS}=")));
        }
        let src = format!("<i{attrs}></i{attrs}>");
        let out = limit_markup(&src, &mut Report::default());
        assert!(!out.contains(&format!("a{MAX_ATTRS}=")));
        assert!(out.contains("a0=x"));
    }

    #[test]
    fn detects_pages_and_fragments() {
        assert_eq!(
            detect("<!DOCTYPE html><html>", false, Mode::Auto),
            InputKind::Page
        );
        assert_eq!(
            detect("  <html lang=zh><head>", false, Mode::Auto),
            InputKind::Page
        );
        assert_eq!(detect("<p>x</p>", false, Mode::Auto), InputKind::Fragment);
        assert_eq!(detect("<p>x</p>", true, Mode::Auto), InputKind::Post);
        assert_eq!(detect("<p>x</p>", false, Mode::Page), InputKind::Page);
        let dump = format!(
            "<text id=u><table><tr><td>{}</td></tr></table><p>{}</p></text>",
            "<a href=/x>section</a> ".repeat(20),
            "text ".repeat(400)
        );
        assert_eq!(detect(&dump, false, Mode::Auto), InputKind::Page);
        let article = format!(
            "<p>{}</p><p><a href=/a>one link</a></p>",
            "text ".repeat(600)
        );
        assert_eq!(detect(&article, false, Mode::Auto), InputKind::Fragment);
    }

    #[test]
    fn caps_size_and_replaces_nul() {
        let mut r = Report::default();
        let o = Options::new().max_input_bytes(3);
        assert!(prepare("abcd", &o, &mut r).is_err());
        let out = prepare("a\0b", &Options::new(), &mut r).unwrap();
        assert_eq!(out, "a\u{fffd}b");
        assert_eq!(r.warnings[0].code, "nul_characters");
    }

    fn limited(s: &str) -> (String, Vec<String>) {
        let mut r = Report::default();
        let out = limit_markup(s, &mut r).into_owned();
        (out, r.warnings.into_iter().map(|w| w.code).collect())
    }

    #[test]
    fn ordinary_markup_is_untouched() {
        let mut r = Report::default();
        let src = "<p>a<p>b<ul><li>x<li>y</ul><table><tr><td>1<td>2<tr><td>3</table>\
                   <b>x</b><i>y<p>z</i><script>if (a<b) '<div>'</script><!-- <div> --><br/>";
        let many_p = "<p>para".repeat(10_000);
        let many_li = format!("<ul>{}</ul>", "<li>item".repeat(10_000));
        let many_rows = format!("<table>{}</table>", "<tr><td>a<td>b".repeat(5_000));
        let many_b = "<b>bold</b> ".repeat(10_000);
        for s in [src, &many_p, &many_li, &many_rows, &many_b] {
            assert!(matches!(limit_markup(s, &mut r), Cow::Borrowed(_)));
        }
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn deep_nesting_is_capped_without_losing_text() {
        let depth = 1000;
        let src = "<div>x".repeat(depth) + &"</div>".repeat(depth) + "tail";
        let (out, warnings) = limited(&src);
        // Past the cap each element is closed before the next opens: all kept, balanced.
        assert_eq!(out.matches("<div>").count(), depth);
        assert_eq!(out.matches("</div>").count(), depth);
        assert_eq!(out.matches('x').count(), depth);
        assert!(out.ends_with("</div>tail"));
        assert_eq!(warnings, ["markup_too_deep"]);
        let doc = scraper::Html::parse_fragment(&out);
        let deepest = doc
            .tree
            .nodes()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap();
        assert!(deepest <= MAX_DEPTH + 3, "{deepest}");
    }

    #[test]
    fn unclosed_formatting_elements_are_capped() {
        let src: String = (0..1000).map(|i| format!("<b id={i}>t")).collect();
        let (out, warnings) = limited(&src);
        assert_eq!(out.matches("<b ").count(), MAX_FORMATTING);
        assert_eq!(out.matches('t').count(), 1000);
        assert_eq!(warnings, ["markup_too_deep"]);
        // Closed ones that the parser would reopen count too.
        let src: String = (0..1000)
            .map(|i| format!("<div><b id={i}></div>t"))
            .collect();
        let (out, _) = limited(&src);
        assert!(out.matches("<b ").count() <= MAX_FORMATTING + MAX_DEPTH);
    }

    #[test]
    fn attributes_are_capped_per_tag() {
        let attrs: String = (0..1000).map(|i| format!(" a{i}=\"v>{i}\"")).collect();
        let src = format!("<p{attrs}>text</p><i{attrs}/>x");
        let (out, warnings) = limited(&src);
        assert!(out.starts_with("<p a0=\"v>0\""));
        assert!(out.contains(&format!(
            " a{}=\"v>{}\" >text</p>",
            MAX_ATTRS - 1,
            MAX_ATTRS - 1
        )));
        assert!(!out.contains(&format!("a{}=", MAX_ATTRS)));
        assert!(out.ends_with("/>x"));
        assert_eq!(warnings, ["too_many_attributes"]);
    }

    #[test]
    fn raw_text_and_comments_are_skipped() {
        let inner = "<div>".repeat(1000);
        for src in [
            format!("<script type=application/ld+json>{inner}</script>ok"),
            format!("<textarea>{inner}</TEXTAREA >ok"),
            format!("<!--{inner}-->ok"),
            format!("<noscript>{inner}</noscript\n>ok"),
        ] {
            // No tag inside was modelled (no warning, nothing cut but a comment's tail).
            let mut r = Report::default();
            let out = limit_markup(&src, &mut r);
            assert!(r.warnings.is_empty(), "{src:.40}");
            assert!(
                matches!(out, Cow::Borrowed(_)) || src.starts_with("<!--"),
                "{src:.40}"
            );
            assert!(out.ends_with("ok"));
        }
    }

    /// The text of every node under the body, in document order, by kind.
    fn parsed(src: &str) -> Vec<String> {
        parsed_showing(src, |_| String::new())
    }

    /// Every element (its name and what `attrs` writes of it) and text node under the
    /// document, in document order.
    fn parsed_showing(src: &str, attrs: impl Fn(&scraper::node::Element) -> String) -> Vec<String> {
        let doc = scraper::Html::parse_document(src);
        doc.tree
            .root()
            .descendants()
            .filter_map(|n| match n.value() {
                scraper::Node::Element(e) => Some(format!("<{}{}>", e.name(), attrs(e))),
                scraper::Node::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn long_script_and_style_bodies_are_left_out_past_their_head() {
        let code = "if (a < b) { document.write('<div>x</div>'); }\n".repeat(100);
        let head = "var first = 1;  var second = 2; var third = 3; var fourth = 4; var fifth";
        for (open, close) in [
            ("<script>", "</script>"),
            ("<SCRIPT type=' Text/JavaScript '>", "</script >"),
            ("<script type=module>", "</Script>"),
            ("<style media=print>", "</style\n>"),
        ] {
            let src = format!("<p>before</p>{open}{head}\n{code}{close}<p>after</p>");
            let out = limit_markup(&src, &mut Report::default());
            assert!(out.len() < 300, "{open}: {}", out.len());
            // The same elements in the same places; the body keeps its head.
            let (whole, cut) = (parsed(&src), parsed(&out));
            assert_eq!(whole.len(), cut.len(), "{open}");
            let changed: Vec<_> = whole.iter().zip(&cut).filter(|(w, c)| w != c).collect();
            let [(w, c)] = changed[..] else {
                panic!("{open}: {changed:?}")
            };
            assert!(
                w.starts_with(c.as_str()) && c.starts_with(head),
                "{open}: {c}"
            );
            // What a report line quotes of it is the same.
            let excerpt = |s: &str| crate::article::excerpt(s, EXCERPT_CHARS);
            assert_eq!(excerpt(w), excerpt(c), "{open}");
        }
    }

    #[test]
    fn long_comments_keep_their_head_and_their_end() {
        let text = format!(
            " first words of a commented-out block {}",
            "<div>x</div> -- ".repeat(200)
        );
        let comments = |src: &str| -> Vec<String> {
            scraper::Html::parse_document(src)
                .tree
                .nodes()
                .filter_map(|n| n.value().as_comment().map(|c| c.to_string()))
                .collect()
        };
        for end in ["-->", "--!>"] {
            let src = format!("<p>a</p><!--{text}{end}<p>b</p>");
            let out = limit_markup(&src, &mut Report::default());
            assert!(out.len() < 300, "{}", out.len());
            let (whole, cut) = (comments(&src), comments(&out));
            assert_eq!((whole.len(), cut.len()), (1, 1));
            let excerpt = |s: &str| crate::article::excerpt(s, EXCERPT_CHARS);
            assert_eq!(excerpt(&whole[0]), excerpt(&cut[0]));
            assert!(out.ends_with(&format!("{end}<p>b</p>")));
        }
        // Left open, a comment runs to the end of the input: kept as it is.
        let open = format!("<p>a</p><!--{text}");
        assert!(matches!(
            limit_markup(&open, &mut Report::default()),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn data_blocks_short_bodies_and_escaped_scripts_stay_whole() {
        let code = "x = '<div>';\n".repeat(200);
        for src in [
            format!("<script type=application/ld+json>{code}</script>"),
            format!("<script type='text/template'>{code}</script>"),
            format!("<script type=\"text/javascript; charset=utf-8\">{code}</script>"),
            "<script>var short = 1;</script><style>p { color: red }</style>".to_owned(),
            // An escaped section: the first `</script>` does not end this script.
            format!("<script><!--<script>{code}</script>{code}</script>-->"),
            format!("<svg><script>{code}</script></svg>"),
            // The parser reads these as text (an HTML integration point) or as MathML; after
            // a tag that breaks out of foreign content the model may be out of step.
            format!("<svg><foreignObject><xmp><!--{code}--></xmp></foreignObject></svg>"),
            format!("<math><mtext><!--{code}--></mtext></math>"),
            format!("<math><font><script>{code}</script></font></math>"),
            format!("<svg><p></svg><style>{code}</style><!--{code}-->"),
        ] {
            assert!(
                matches!(limit_markup(&src, &mut Report::default()), Cow::Borrowed(_)),
                "{src:.60}"
            );
        }
    }

    /// `nodes` with the spaces, tabs and form feeds taken out of whitespace-only texts that
    /// hold a line break.
    fn without_indentation(nodes: Vec<String>) -> Vec<String> {
        nodes
            .into_iter()
            .map(|n| {
                if n.contains('\n') && n.chars().all(|c| c.is_ascii_whitespace()) {
                    n.replace([' ', '\t', '\x0C'], "")
                } else {
                    n
                }
            })
            .collect()
    }

    #[test]
    fn indentation_between_tags_goes_when_cleaning() {
        let src =
            "<div>\n    <p>One <b>two</b>\n  three</p>\r\n\t<p>four</p> <p>five</p>\n\n  \n</div>";
        let out = limit_markup_for_cleaning(src, &mut Report::default());
        assert_eq!(
            out,
            "<div>\n<p>One <b>two</b>\n  three</p>\r\n<p>four</p> <p>five</p>\n\n\n</div>"
        );
        // The same elements and texts; whitespace-only texts keep their line breaks.
        assert_eq!(without_indentation(parsed(src)), parsed(&out));
        // The sanitizer's pre-pass keeps the source's whitespace.
        assert!(matches!(
            limit_markup(src, &mut Report::default()),
            Cow::Borrowed(_)
        ));
        // Once a preformatted element is closed, indentation goes again.
        let src = "<pre>\n  <b>x</b>\n</pre>\n  <p>y</p>";
        let out = limit_markup_for_cleaning(src, &mut Report::default());
        assert_eq!(out, "<pre>\n  <b>x</b>\n</pre>\n<p>y</p>");
    }

    #[test]
    fn indentation_stays_where_whitespace_is_text() {
        for src in [
            "<pre>\n  <b>x</b>\n  <i>y</i>\n</pre>",
            "<listing>\n  <b>x</b>\n</listing>",
            "<PRE class=x>\n  <b>x</b>\n</PRE>",
            // `</pre>` inside a cell is out of scope: the `pre` stays open.
            "<pre><table><tr><td></pre>\n  <b>x</b></td></tr></table>\n  <i>y</i></pre>",
            "<textarea>\n  <b>x</b>\n</textarea>",
            "<svg>\n  <g>\n  </g>\n</svg>",
            "<math>\n  <mi>x</mi>\n</math>",
            // After a tag that broke out of SVG the model may be out of step: nothing goes.
            "<svg><p>\n  <b>x</b></svg>\n  <i>y</i>",
            // Next to a `<` that is text, the run is part of a longer text.
            "a <\n  <b>x</b>",
            "<b>x</b>\n  < b",
            "<b>x</b>\n  </",
            // No line break, or not only whitespace.
            "<p>x</p>  \t <p>y</p>",
            "<p>x</p>\n \u{a0} <p>y</p>",
        ] {
            assert_untouched_when_cleaning(src);
        }
    }

    /// The cleaner's pre-pass passes `src` on as it is.
    fn assert_untouched_when_cleaning(src: &str) {
        let out = limit_markup_for_cleaning(src, &mut Report::default());
        assert!(matches!(out, Cow::Borrowed(_)), "{src:?} -> {out:?}");
    }

    /// `parsed`, with each element's attributes but the unread `data-*` ones.
    fn parsed_with_read_attributes(src: &str) -> Vec<String> {
        parsed_showing(src, |e| {
            e.attrs()
                .filter(|(k, _)| {
                    !k.starts_with("data-")
                        || crate::html_facts::is_read_data_attribute(k.as_bytes())
                })
                .map(|(k, v)| format!(" {k}={v:?}"))
                .collect()
        })
    }

    #[test]
    fn the_cleaners_pre_pass_changes_no_element_text_or_read_attribute() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut seen = 0;
        for sub in ["pages", "posts"] {
            for entry in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
                let src = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                let kept = limit_markup(&src, &mut Report::default());
                let dropped = limit_markup_for_cleaning(&src, &mut Report::default());
                assert_eq!(
                    without_indentation(parsed_with_read_attributes(&kept)),
                    parsed_with_read_attributes(&dropped)
                );
                seen += usize::from(dropped.len() < kept.len());
            }
        }
        assert!(seen > 5, "only {seen} fixtures had something to drop");
    }

    #[test]
    fn unread_data_attributes_go_when_cleaning() {
        let src = "<div data-id=\"7\" class=a DATA-Track=x data-src=\"i.jpg\" data-ad-slot=1>\
                   <img data-original='o.jpg' data-v-1a2b src=p.gif/></div>";
        let out = limit_markup_for_cleaning(src, &mut Report::default());
        assert_eq!(
            out,
            "<div  class=a  data-src=\"i.jpg\" data-ad-slot=1>\
             <img data-original='o.jpg'  src=p.gif/></div>"
        );
        assert_eq!(
            parsed_with_read_attributes(src),
            parsed_with_read_attributes(&out)
        );
        // Formatting elements keep theirs (the parser compares their attributes when it
        // reopens them), as do SVG and MathML and the sanitizer's pre-pass.
        for src in [
            "<b data-x=1><i data-x=2>t</i></b><a href=/ data-track=y>l</a>",
            "<svg data-x=1><g data-y=2></g></svg>",
            "<math data-x=1></math>",
            "<p>x</p>",
        ] {
            assert_untouched_when_cleaning(src);
        }
        let src = "<div data-id=1>x</div>";
        assert!(matches!(
            limit_markup(src, &mut Report::default()),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn data_attributes_go_with_the_other_cuts() {
        // Past the depth cap (an end tag is put before the tag), and past the attribute cap.
        let deep = "<div data-x=1 id=d>".repeat(MAX_DEPTH + 5) + "t";
        let mut report = Report::default();
        let out = limit_markup_for_cleaning(&deep, &mut report);
        assert!(!out.contains("data-x") && out.matches("id=d").count() == MAX_DEPTH + 5);
        assert_eq!(report.warnings[0].code, "markup_too_deep");
        let many: String = (0..MAX_ATTRS + 5)
            .map(|a| format!(" data-a{a}=x a{a}=y"))
            .collect();
        let src = format!("<p{many}>t</p>");
        let mut report = Report::default();
        let out = limit_markup_for_cleaning(&src, &mut report);
        assert!(!out.contains("data-a"), "{out}");
        assert_eq!(out.matches("=y").count(), MAX_ATTRS / 2);
        assert_eq!(report.warnings[0].code, "too_many_attributes");
        assert_eq!(parsed(&out), ["<html>", "<head>", "<body>", "<p>", "t"]);
    }

    #[test]
    fn script_code_types_are_languages_not_data() {
        use crate::html_facts::is_script_code_type;
        for ty in [
            "",
            " ",
            "module",
            "text/javascript",
            "APPLICATION/X-JAVASCRIPT ",
        ] {
            assert!(is_script_code_type(ty), "{ty:?}");
        }
        for ty in [
            "application/ld+json",
            "text/template",
            "text/javascript;x=1",
            "json",
        ] {
            assert!(!is_script_code_type(ty), "{ty:?}");
        }
    }
}

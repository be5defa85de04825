//! Facts about HTML that several stages share, in one place: element categories, the CJK
//! character ranges and where lazy-loading scripts keep an image's real URL.
//!
//! The stages ask here instead of keeping lists of their own: the input stage's model of
//! the parser (which tags close a `p`, which are void, ...), extraction (which elements
//! start a block of text), cleaning and rendering (blocks, preformatted text, objects) and
//! the sanitizer's structure fix-up (what the parser would do with a tree's serialization).
//! The parser categories follow the HTML standard's tree construction ("special",
//! "formatting", the start tags that close a `p`); names are ASCII lower case, as the
//! parser leaves them.

use scraper::node::Element;

/// Elements that end a line of text and start a new one: HTML's block-level elements (the
/// user agent stylesheet's `display: block`, `list-item` and table boxes, including the
/// legacy ones such as `center`, `dir` and `listing`), and the embedded content this crate
/// lays out as a block of its own (`iframe`, `video`, `audio`, `embed`, `object`).
pub(crate) fn is_block(name: &str) -> bool {
    // By length first (this runs for every element of every stage): a name is compared only
    // with the block names of its length.
    match name.len() {
        1 => matches!(name, "p"),
        2 => matches!(
            name,
            "dd" | "dl"
                | "dt"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "hr"
                | "li"
                | "ol"
                | "td"
                | "th"
                | "tr"
                | "ul"
        ),
        3 => matches!(name, "dir" | "div" | "nav" | "pre" | "xmp"),
        4 => matches!(name, "body" | "form" | "html" | "main" | "menu"),
        5 => matches!(
            name,
            "aside" | "audio" | "embed" | "table" | "tbody" | "tfoot" | "thead" | "video"
        ),
        6 => matches!(
            name,
            "center"
                | "dialog"
                | "figure"
                | "footer"
                | "header"
                | "hgroup"
                | "iframe"
                | "legend"
                | "object"
        ),
        7 => matches!(
            name,
            "address" | "article" | "caption" | "details" | "listing" | "section" | "summary"
        ),
        8 => matches!(name, "fieldset"),
        9 => matches!(name, "plaintext"),
        10 => matches!(name, "blockquote" | "figcaption"),
        _ => false,
    }
}

/// Replaced and embedded content that sits inline between texts (an image in a sentence).
pub(crate) fn is_object(name: &str) -> bool {
    matches!(
        name,
        "img" | "iframe" | "video" | "audio" | "embed" | "object" | "canvas" | "svg" | "math"
    )
}

/// Elements whose text is kept byte for byte (whitespace is not collapsed).
pub(crate) fn is_preformatted(name: &str) -> bool {
    matches!(name, "pre" | "listing" | "xmp" | "plaintext" | "textarea")
}

/// `h1` to `h6`.
pub(crate) fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Void elements: no end tag and no children (the parser never nests anything in them).
pub(crate) fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Start tags that close an open `p` element (tree construction, "in body").
pub(crate) fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "li"
            | "dd"
            | "dt"
            | "hr"
            | "xmp"
            | "plaintext"
            | "table"
    )
}

/// The parser's "special" category: elements that bound the searches of tree construction
/// (an end tag of another name, an `li` start tag, ... stop at them).
pub(crate) fn is_special(name: &str) -> bool {
    closes_p(name)
        || is_void(name)
        || matches!(
            name,
            "td" | "th"
                | "caption"
                | "applet"
                | "marquee"
                | "object"
                | "template"
                | "html"
                | "head"
                | "body"
                | "frameset"
                | "button"
                | "tbody"
                | "thead"
                | "tfoot"
                | "tr"
                | "colgroup"
                | "select"
                | "script"
                | "style"
                | "noembed"
                | "noframes"
                | "noscript"
                | "iframe"
                | "textarea"
                | "title"
        )
}

/// The parser's formatting elements (reopened after a misnested end tag).
pub(crate) fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Whether a `<script>`'s `type` attribute (absent counts as `""`) makes it code in a
/// scripting language rather than a data block (JSON-LD, JSON, templates): empty, `module`,
/// or a type without parameters that names a `…script` language (`text/javascript`,
/// `application/ecmascript`, `text/livescript`, …), ASCII case ignored, ASCII whitespace
/// and the attribute's quotes trimmed. The HTML standard runs the JavaScript ones and treats the rest as data nobody
/// reads as text.
pub(crate) fn is_script_code_type(ty: &str) -> bool {
    let ty = ty
        .trim_matches(|c: char| c.is_ascii_whitespace() || c == '"' || c == '\'')
        .as_bytes();
    ty.is_empty()
        || ty.eq_ignore_ascii_case(b"module")
        || (!ty.contains(&b';') && ty.windows(6).any(|w| w.eq_ignore_ascii_case(b"script")))
}

/// Elements whose content the tokenizer reads as text up to their own end tag (raw text,
/// escapable raw text and `plaintext`): tags inside them are not tags.
pub(crate) fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noembed"
            | "noframes"
            | "noscript"
            | "iframe"
            | "textarea"
            | "title"
            | "xmp"
            | "plaintext"
    )
}

/// Han, kana and Hangul characters: scripts written without spaces between words, so a
/// character counts as a word (reading time, text density) and a joiner next to one has
/// nothing to join. Han: the unified ideographs with extensions A to H and the
/// compatibility ideographs; kana: hiragana and katakana; Hangul: syllables and jamo.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Zero-width characters that only hint at a word break or a byte order (zero-width space,
/// word joiner, BOM, Mongolian vowel separator): invisible, dropped from display text. The
/// joiners U+200C/U+200D are not here: inside emoji sequences and Persian words they matter.
pub(crate) fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{180e}')
}

/// `s` as one line of display text: whitespace runs (any Unicode whitespace, line breaks
/// included) become one space, the edges are trimmed and zero-width characters dropped.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(char::is_whitespace) {
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        out.extend(word.chars().filter(|&c| !is_zero_width(c)));
        if out.len() == start + usize::from(start > 0) {
            out.truncate(start);
        }
    }
    out
}

/// Attributes where lazy-loading scripts keep an image's real URL, most specific first.
pub(crate) const LAZY_SRC: &[&str] = &[
    "data-actualsrc",
    "data-original",
    "data-src",
    "data-lazy-src",
    "data-lazyload",
    "data-url",
    "data-echo",
    "data-hi-res-src",
];

/// Attributes where lazy-loading scripts keep an image's real `srcset`.
pub(crate) const LAZY_SRCSET: &[&str] = &["data-srcset", "data-lazy-srcset"];

/// The `data-*` attributes the rule table selects on (`src/rules.rs`; a test there checks
/// that no other one is named in it).
pub(crate) const RULE_DATA_ATTRIBUTES: &[&str] = &[
    "data-ad-client",
    "data-ad-slot",
    "data-toggle",
    "data-bs-toggle",
];

/// Whether some stage reads the `data-*` attribute `name` (ASCII case ignored): the lazy
/// loaders' [`LAZY_SRC`] and [`LAZY_SRCSET`] and the [`RULE_DATA_ATTRIBUTES`]. No other one
/// reaches the output, the report or a decision, so the cleaner's pre-pass leaves the others
/// out of what the parser sees.
pub(crate) fn is_read_data_attribute(name: &[u8]) -> bool {
    [LAZY_SRC, LAZY_SRCSET, RULE_DATA_ATTRIBUTES]
        .iter()
        .flat_map(|set| set.iter())
        .any(|known| known.as_bytes().eq_ignore_ascii_case(name))
}

/// Words in a `src` that mark it as a lazy loader's placeholder file.
const PLACEHOLDER_HINTS: &[&str] = &[
    "placeholder",
    "blank.gif",
    "lazy",
    "loading",
    "grey.gif",
    "pixel.gif",
];

/// The real URL of a lazily loaded image, when its `src` is missing, a `data:` URL or a
/// placeholder file and a lazy-loading attribute ([`LAZY_SRC`], else the first candidate of
/// [`LAZY_SRCSET`]) holds one; `None` when the image needs no fix.
pub(crate) fn lazy_image_src(el: &Element) -> Option<String> {
    let placeholder = match crate::dom::get_attr(el, "src").map(str::trim) {
        None | Some("") => true,
        Some(src) => {
            let lower = src.to_ascii_lowercase();
            lower.starts_with("data:") || PLACEHOLDER_HINTS.iter().any(|p| lower.contains(p))
        }
    };
    if !placeholder {
        return None;
    }
    let real = |v: &&str| !v.is_empty() && !v.starts_with("data:");
    LAZY_SRC
        .iter()
        .filter_map(|a| crate::dom::get_attr(el, a))
        .map(str::trim)
        .find(real)
        .or_else(|| {
            LAZY_SRCSET
                .iter()
                .filter_map(|a| crate::dom::get_attr(el, a))
                .filter_map(|v| v.split(',').next())
                .filter_map(|c| c.split_whitespace().next())
                .find(real)
        })
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_to_one_line() {
        for (input, want) in [
            ("", ""),
            ("  \n\t ", ""),
            ("a", "a"),
            ("  a  b\n\nc ", "a b c"),
            ("a\u{3000}b\u{a0}\u{a0}c", "a b c"),
            ("a \u{200b} b", "a b"),
            ("\u{feff}a\u{200b}b\u{2060}", "ab"),
            ("\u{200d}", "\u{200d}"),
            ("张 \r\n 三", "张 三"),
        ] {
            assert_eq!(collapse_whitespace(input), want, "{input:?}");
        }
    }
}

//! The class, id, role and style signals of page extraction: which elements never hold
//! article text, the keyword lists that mark a subtree as unlikely, boilerplate, negative or
//! positive (Readability's `REGEXPS`, as data), and the matching of those keywords against
//! an element's attributes (whole words, ASCII case ignored).

use super::content::CLASS_WEIGHT;
use crate::needles::Needles;
use html5ever::{local_name, LocalName};

/// Elements that never hold article text.
pub(super) fn is_junk_tag(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("head")
            | local_name!("title")
            | local_name!("button")
            | local_name!("input")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("option")
            | local_name!("nav")
            | local_name!("aside")
            | local_name!("footer")
            | local_name!("dialog")
            | local_name!("menu")
            | local_name!("svg")
            | local_name!("canvas")
            | local_name!("map")
    )
}

/// Class/id fragments of blocks that are rarely the article (Readability's list plus a few
/// that Chinese portals use).
pub(super) const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "share",
    "newsletter",
    "cookie",
    "recommend",
    "toolbar",
    "copyright",
];

/// Class/id token prefixes of blocks that are never the article, even when another class
/// of the block looks like content (`comment-body`, `disqus_thread`).
pub(super) const STRONG_UNLIKELY: &[&str] = &["comment", "disqus", "replies", "reply-"];

/// Class/id fragments of small blocks inside the article that are not part of its text:
/// captions and credits, bylines and datelines, share bars, tag lists, promos.
pub(super) const BOILERPLATE: &[&str] = &[
    "caption",
    "credit",
    "byline",
    "dateline",
    "timestamp",
    "share",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "promo",
    "advert",
    "breadcrumb",
    "toolbar",
    "copyright",
    "disclaimer",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "author",
    "tags",
    "recommend",
];

/// Class/id fragments that rescue a block from [`UNLIKELY`].
pub(super) const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow", "post", "text", "story",
];

/// Class/id fragments that lower a block's score.
pub(super) const NEGATIVE: &[&str] = &[
    "-ad-",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "recommend",
    "hot",
    "rank",
];

/// Class/id fragments that raise a block's score.
pub(super) const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story", "detail", "zhengwen", "neirong",
];

/// Roles of landmarks that are not the article.
pub(super) fn is_unlikely_role(role: &str) -> bool {
    matches!(
        role.trim().to_ascii_lowercase().as_str(),
        "menu"
            | "menubar"
            | "complementary"
            | "navigation"
            | "alert"
            | "alertdialog"
            | "dialog"
            | "banner"
            | "contentinfo"
    )
}

pub(super) const UNLIKELY_SET: Needles = Needles::new(UNLIKELY);
pub(super) const STRONG_UNLIKELY_SET: Needles = Needles::new(STRONG_UNLIKELY);
/// Class/id fragment that every `hid` or `hidden` token holds.
pub(super) const HID_SET: Needles = Needles::new(&["hid"]);
pub(super) const MAYBE_SET: Needles = Needles::new(MAYBE);
pub(super) const NEGATIVE_SET: Needles = Needles::new(NEGATIVE);
pub(super) const POSITIVE_SET: Needles = Needles::new(POSITIVE);
pub(super) const BOILERPLATE_SET: Needles = Needles::new(BOILERPLATE);

/// The attributes the index reads, found in one pass over an element's attributes.
#[derive(Default)]
pub(super) struct Attrs<'a> {
    pub(super) class: Option<&'a str>,
    pub(super) id: Option<&'a str>,
    style: Option<&'a str>,
    pub(super) role: Option<&'a str>,
    aria_hidden: Option<&'a str>,
    hidden: bool,
}

impl<'a> Attrs<'a> {
    pub(super) fn of(el: &'a scraper::node::Element) -> Attrs<'a> {
        let mut a = Attrs::default();
        for (q, v) in el.attrs.iter() {
            if q.prefix.is_some() || q.ns != html5ever::ns!() {
                continue;
            }
            let v: &str = v;
            match q.local {
                local_name!("class") => a.class = Some(v),
                local_name!("id") => a.id = Some(v),
                local_name!("style") => a.style = Some(v),
                local_name!("role") => a.role = Some(v),
                local_name!("aria-hidden") => a.aria_hidden = Some(v),
                local_name!("hidden") => a.hidden = true,
                _ => {}
            }
        }
        a
    }

    /// Whether the class or the id contains one of `set` (ASCII case ignored).
    pub(super) fn class_or_id_has(&self, set: &Needles) -> bool {
        [self.class, self.id]
            .into_iter()
            .flatten()
            .any(|v| set.in_ignoring_case(v))
    }

    /// Whether the class or the id holds one of `set`'s words as a word of its own (see
    /// [`has_word`]), checked only where the set finds a word.
    pub(super) fn class_or_id_has_word(&self, set: &Needles) -> bool {
        [self.class, self.id]
            .into_iter()
            .flatten()
            .any(|v| set.any_occurrence(v, |w, at| is_word_at(v.as_bytes(), at, w.as_bytes())))
    }
}

/// Whether `word` (lower-case ASCII) occurs in the class/id value `v` as a word of its own,
/// ASCII case ignored: not inside a longer word (`commented`, `commentary`, `shareholder`
/// hold no keyword), a plural `s` allowed; `-`, `_`, digits, whitespace and a camel-case
/// capital separate words (`comment-list`, `commentList`, `post_comments`). A keyword
/// starting or ending with `-` is bounded by itself on that side.
pub(crate) fn has_word(v: &str, word: &str) -> bool {
    let (h, w) = (v.as_bytes(), word.as_bytes());
    !w.is_empty()
        && h.len() >= w.len()
        && (0..=h.len() - w.len()).any(|i| {
            h[i].eq_ignore_ascii_case(&w[0])
                && h[i..i + w.len()].eq_ignore_ascii_case(w)
                && is_word_at(h, i, w)
        })
}

/// Whether the occurrence of `w` (ASCII case ignored, already matched) at byte `i` of `h` is a
/// word of its own there, as [`has_word`] counts words.
pub(super) fn is_word_at(h: &[u8], i: usize, w: &[u8]) -> bool {
    let j = i + w.len();
    let left = !w[0].is_ascii_alphabetic()
        || i == 0
        || !h[i - 1].is_ascii_alphabetic()
        || (h[i - 1].is_ascii_lowercase() && h[i].is_ascii_uppercase());
    let boundary_at = |k: usize| {
        k == h.len()
            || !h[k].is_ascii_alphabetic()
            || (h[k - 1].is_ascii_lowercase() && h[k].is_ascii_uppercase())
    };
    let right = !w[w.len() - 1].is_ascii_alphabetic()
        || boundary_at(j)
        || (h[j].eq_ignore_ascii_case(&b's') && boundary_at(j + 1));
    left && right
}

/// Readability-style class weight: ±[`CLASS_WEIGHT`] for the class and for the id.
pub(super) fn class_weight(a: &Attrs<'_>) -> i32 {
    let mut w = 0;
    for v in [a.class, a.id].into_iter().flatten() {
        if v.trim().is_empty() {
            continue;
        }
        if NEGATIVE_SET.in_ignoring_case(v)
            || (HID_SET.in_ignoring_case(v)
                && v.split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("hid") || t.eq_ignore_ascii_case("hidden")))
        {
            w -= CLASS_WEIGHT;
        }
        if POSITIVE_SET.in_ignoring_case(v) {
            w += CLASS_WEIGHT;
        }
    }
    w
}

pub(super) fn is_hidden(a: &Attrs<'_>) -> bool {
    if a.hidden {
        return true;
    }
    if a.aria_hidden == Some("true") {
        let class = a.class.unwrap_or("");
        if !class.contains("fallback-image") {
            return true;
        }
    }
    if let Some(style) = a.style {
        if contains_squeezed(style, "display:none") || contains_squeezed(style, "visibility:hidden")
        {
            return true;
        }
    }
    false
}

/// Whether `s`, with its whitespace removed and ASCII lower-cased, contains `pat` (lower-case
/// ASCII without whitespace), without building that string.
pub(super) fn contains_squeezed(s: &str, pat: &str) -> bool {
    let pat = pat.as_bytes();
    let Some(&first) = pat.first() else {
        return true;
    };
    // `pat` is ASCII: a match starts at an ASCII byte, and whitespace between its
    // characters is skipped (as the removal would).
    s.bytes().enumerate().any(|(start, b)| {
        if b.to_ascii_lowercase() != first {
            return false;
        }
        let mut rest = s[start + 1..].chars().filter(|c| !c.is_whitespace());
        pat[1..].iter().all(|&p| {
            rest.next()
                .is_some_and(|c| c.to_ascii_lowercase() == char::from(p))
        })
    })
}

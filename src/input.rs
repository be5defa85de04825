//! First stage: size cap, byte-level clean-up and deciding what kind of input this is.

use crate::article::Report;
use crate::{Error, InputKind, Mode, Options};
use std::borrow::Cow;

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
    let head: String = body
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
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
}

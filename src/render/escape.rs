//! Escaping and the byte scanners behind it: HTML text and attribute values, whitespace
//! collapsing, Markdown text, link destinations and titles, code spans and line starts.

use super::inline::{is_sentinel, HARD_BREAK};

/// Byte classes for the byte-level text scanners: each flag marks the bytes a scanner must
/// look at; every other byte is copied as part of a run. Lead bytes of multi-byte characters
/// are never continuation bytes, so a scanner stepping byte by byte only ever stops on a
/// character boundary.
pub(super) mod byte_class {
    /// Needs an escape in HTML text: `&`, `<`, `>`, CR, and the lead bytes of U+00A0 (0xC2)
    /// and of U+FEFF (0xEF).
    pub(in crate::render) const HTML_TEXT: u8 = 1;
    /// Needs an escape in an HTML attribute value: [`HTML_TEXT`] and `"`.
    pub(in crate::render) const HTML_ATTR: u8 = 2;
    /// Backslash-escaped in Markdown text.
    pub(in crate::render) const MD_ESCAPE: u8 = 4;
    /// Lead byte of the marker range U+FDD0..=U+FDEF (0xEF).
    pub(in crate::render) const SENTINEL: u8 = 8;
    /// ASCII whitespace, or the lead byte of a multi-byte whitespace character (0xC2 for
    /// U+0085 and U+00A0, 0xE1 for U+1680, 0xE2 for U+2000..=U+205F, 0xE3 for U+3000).
    pub(in crate::render) const SPACE: u8 = 16;
    /// Backslash-escaped in Markdown text after some letters only (`:` and `.`, see
    /// [`starts_autolink`](super::starts_autolink)).
    pub(in crate::render) const MD_CONTEXT: u8 = 32;

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
            if matches!(x, b':' | b'.') {
                f |= MD_CONTEXT;
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
    pub(in crate::render) const TABLE: [u8; 256] = build();
}

/// The index of the first byte at or after `i` whose class shares a flag with `mask` (or
/// `b.len()`). Eight bytes are tested at a time (their classes or-ed, no branch per byte)
/// until a group holds such a byte, which is then found byte by byte.
pub(super) fn skip_plain(b: &[u8], i: usize, mask: u8) -> usize {
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
pub(super) fn space_len(b: &[u8], i: usize) -> usize {
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
pub(super) fn lone_space(b: &[u8], i: usize, from: usize) -> bool {
    i > from
        && b.get(i) == Some(&b' ')
        && b.get(i + 1)
            .is_none_or(|&x| byte_class::TABLE[usize::from(x)] & byte_class::SPACE == 0)
}

pub(super) fn escape_text(s: &str, out: &mut String) {
    escape_html(s, out, byte_class::HTML_TEXT);
}

pub(super) fn escape_attr(s: &str, out: &mut String) {
    escape_html(s, out, byte_class::HTML_ATTR);
}

/// Escapes text (`mask` [`byte_class::HTML_TEXT`]) or an attribute value
/// ([`byte_class::HTML_ATTR`]) for HTML; runs of characters that need no escape are copied
/// whole.
pub(super) fn escape_html(s: &str, out: &mut String, mask: u8) {
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

/// Collapses whitespace runs to one space (outside `pre`); none is written at the start of
/// the output or after a space or line break.
pub(super) fn push_collapsed(s: &str, out: &mut String) {
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

/// Appends text with every CommonMark-special character escaped (and any character of the
/// marker range replaced by U+FFFD): `<` as `&lt;`, the others with a backslash, and `:` or
/// `.` where they would complete the start of a text autolink ([`starts_autolink`]). Runs of
/// ordinary text are copied whole.
///
/// `<` is written as a character reference because GFM autolink extensions (marked's) take a
/// backslash after a URL into the URL, which would leave the `<` free to open raw HTML; an
/// entity is never raw HTML, whatever precedes it.
pub(super) fn escape_md_text(s: &str, out: &mut String) {
    push_md_text(s, out, false);
}

/// Appends text (whitespace runs collapsed to one space) escaped for Markdown.
pub(super) fn push_md_collapsed(s: &str, out: &mut String) {
    push_md_text(s, out, true);
}

/// [`escape_md_text`], and with `collapse` [`push_md_collapsed`]: each whitespace run
/// becomes one space, written unless the output is empty or already ends with a space or a
/// hard break. One pass over the bytes; runs of ordinary text are copied whole.
pub(super) fn push_md_text(s: &str, out: &mut String, collapse: bool) {
    use byte_class::{MD_CONTEXT, MD_ESCAPE, SENTINEL, SPACE};
    let mask = if collapse {
        MD_ESCAPE | MD_CONTEXT | SENTINEL | SPACE
    } else {
        MD_ESCAPE | MD_CONTEXT | SENTINEL
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
            if x == b'<' {
                out.push_str("&lt;");
            } else {
                out.push('\\');
                out.push(char::from(x));
            }
            i += 1;
            copied = i;
        } else if class & MD_CONTEXT != 0 {
            if starts_autolink(out, &s[copied..i], x) {
                out.push_str(&s[copied..i]);
                out.push('\\');
                out.push(char::from(x));
                copied = i + 1;
            }
            i += 1;
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

/// Schemes that text autolinks recognize before `:` (GFM's extended autolinks in cmark-gfm
/// and marked; linkify-it, markdown-it's `linkify`), lowercase.
const AUTOLINK_SCHEMES: &[&str] = &["http", "https", "ftp", "mailto", "xmpp"];

/// Whether `x` (`:` or `.`), written after `out` and then `pending`, completes the start of a
/// text autolink: `:` after a scheme of [`AUTOLINK_SCHEMES`], `.` after `www` (ASCII
/// case-insensitive, in or after a word; marker characters between the letters are skipped,
/// since dropping a marker joins them). Escaped there, the character reads the same and no
/// autolink extension starts a link, so none can take a later backslash escape into its URL.
pub(super) fn starts_autolink(out: &str, pending: &str, x: u8) -> bool {
    // The last (up to) six ASCII letters before `x`, the nearest first.
    let mut last = [0u8; 6];
    let mut n = 0;
    for c in pending.chars().rev().chain(out.chars().rev()) {
        if is_sentinel(c) {
            continue;
        }
        if !c.is_ascii_alphabetic() || n == last.len() {
            break;
        }
        last[n] = c.to_ascii_lowercase() as u8;
        n += 1;
    }
    let ends_with =
        |word: &str| word.len() <= n && word.bytes().rev().zip(last).all(|(a, b)| a == b);
    match x {
        b':' => AUTOLINK_SCHEMES.iter().any(|s| ends_with(s)),
        b'.' => ends_with("www"),
        _ => false,
    }
}

/// Appends a link destination that every CommonMark reader (and marked) reads back as
/// exactly `url`, up to the percent-encoding a browser's URL parser applies anyway:
/// - `&` is written `&amp;`: CommonMark decodes character references in destinations, so a
///   bare `&#58;` would become `:` (a different URL, even a different scheme), and marked
///   copies the destination into the attribute undecoded, where `&amp;` is `&` again;
/// - `(`, `)` and `\` are backslash-escaped (percent-encoding them would change the URL:
///   `\` is `/` in an `http:` URL, `%5C` is not);
/// - space, `<`, `>` and `` ` `` (which would end the destination or pair with a code span)
///   and control, whitespace and marker-range characters are percent-encoded, as the URL
///   parser encodes them.
///
/// Runs of other characters are copied whole.
pub(super) fn push_md_url(url: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(url.len());
    // Start of the characters not yet written.
    let mut copied = 0;
    for (i, c) in url.char_indices() {
        let code = match c {
            ' ' => "%20",
            '<' => "%3C",
            '>' => "%3E",
            '`' => "%60",
            '&' => "&amp;",
            '(' => "\\(",
            ')' => "\\)",
            '\\' => "\\\\",
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

/// A link title in double quotes: `"` and `\` backslash-escaped, `&` written `&amp;` (see
/// [`push_md_url`]), whitespace runs as one space.
pub(super) fn md_title(title: &str, out: &mut String) {
    let t = crate::html_facts::collapse_whitespace(title);
    if t.is_empty() {
        return;
    }
    out.push_str(" \"");
    for c in t.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            c if is_sentinel(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A code span for `code` that no backtick inside can close early.
pub(super) fn code_span(code: &str, in_table: bool) -> String {
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

pub(super) fn longest_run(s: &str, ch: char) -> usize {
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

/// Escapes what would start a block at the beginning of a line: the line as the two halves
/// to write with a backslash between them, or `None` when it needs no escape.
pub(super) fn escape_line_start(line: &str) -> Option<(&str, &str)> {
    if line.starts_with(['-', '+', '=']) {
        return Some(("", line));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        return Some(line.split_at(digits));
    }
    None
}

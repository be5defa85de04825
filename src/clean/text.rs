//! Pass 2 of cleaning, text: the normalizer of one text node outside preformatted text
//! (zero-width characters, NBSP and whitespace runs, leading U+3000 indentation) and the
//! character classes it and the metadata-line pass share.

use crate::html_facts::is_cjk;
pub(super) use crate::html_facts::is_zero_width;

/// Whitespace trimmed at the edges of a line: ASCII whitespace, NBSP, other Unicode spaces,
/// U+3000 (ideographic indentation) and zero-width characters.
pub(super) fn is_trimmable(c: char) -> bool {
    c.is_whitespace() || is_zero_width(c)
}

/// A space that collapses with its neighbours (everything but U+3000, kept inside a line).
fn is_collapsible_space(c: char) -> bool {
    c.is_whitespace() && c != '\u{3000}'
}

/// True for characters that are neither whitespace nor zero-width: printable ASCII other
/// than the space, and everything above U+3000 but U+FEFF (answered without the Unicode
/// tables, for the bulk of Latin and CJK text).
fn is_plain(c: char) -> bool {
    ('!'..='~').contains(&c) || (c > '\u{3000}' && c != '\u{feff}')
}

/// The length in bytes of the character starting at `b[i]` when it is plain (see
/// [`is_plain`]), told from its leading bytes without decoding it; `None` when it is not
/// plain (the caller then looks at the decoded character). `b` is a `str`'s bytes and `i` a
/// character boundary.
///
/// In UTF-8, lead bytes `E3`–`EF` start U+3000–U+FFFF (plain but for U+3000 = `E3 80 80`
/// and U+FEFF = `EF BB BF`) and `F0`–`F4` start the characters above U+FFFF (all plain);
/// lower lead bytes start characters below U+3000, which are never plain unless ASCII.
pub(super) fn plain_len(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'!'..=b'~' => Some(1),
        0xe3 => (b.get(i + 1..i + 3) != Some(&[0x80, 0x80])).then_some(3),
        0xe4..=0xee => Some(3),
        0xef => (b.get(i + 1..i + 3) != Some(&[0xbb, 0xbf])).then_some(3),
        0xf0..=0xf4 => Some(4),
        _ => None,
    }
}

/// True when [`normalize_text`] would change `text` (a cheap scan, so text that is already
/// clean is not copied).
pub(super) fn needs_normalizing(text: &str, strip_space: bool, line_start: bool) -> bool {
    let bytes = text.as_bytes();
    let mut prev_space = false;
    let mut next = 0;
    while next < bytes.len() {
        if let Some(len) = plain_len(bytes, next) {
            prev_space = false;
            next += len;
            continue;
        }
        let i = next;
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        next += c.len_utf8();
        if i == 0 && (strip_space && c.is_whitespace() || line_start && c == '\u{3000}') {
            return true;
        }
        if c == ' ' {
            if prev_space {
                return true;
            }
            prev_space = true;
            continue;
        }
        if (c.is_whitespace() && c != '\u{3000}')
            || is_zero_width(c)
            || matches!(c, '\u{200c}' | '\u{200d}')
        {
            return true;
        }
        prev_space = false;
    }
    false
}

/// Normalizes one text node outside preformatted text.
///
/// - zero-width spaces and joiners with no letter to join go;
/// - a run of spaces (ASCII whitespace including hard newlines, NBSP, other Unicode spaces)
///   becomes one space, except that a lone NBSP is kept (it binds two words);
/// - with `strip_space` a leading run goes (start of a line, or after a space);
/// - with `line_start`, leading U+3000 indentation goes too.
///
/// The result is written to `out` (cleared first; a buffer reused across text nodes).
pub(super) fn normalize_text(text: &str, strip_space: bool, line_start: bool, out: &mut String) {
    out.clear();
    let mut chars = text.char_indices().peekable();
    let mut leading = true;
    // Start of the characters kept as they are, not yet written (copied as one run).
    let mut run: Option<usize> = None;
    while let Some((i, c)) = chars.next() {
        let special = !is_plain(c)
            && (is_zero_width(c)
                || matches!(c, '\u{200c}' | '\u{200d}')
                || is_collapsible_space(c)
                || (leading && line_start && c == '\u{3000}'));
        if !special {
            leading = false;
            run.get_or_insert(i);
            continue;
        }
        if let Some(from) = run.take() {
            out.push_str(&text[from..i]);
        }
        if is_zero_width(c) {
            continue;
        }
        if matches!(c, '\u{200c}' | '\u{200d}') {
            // Joiners matter inside emoji sequences and Persian words; elsewhere they go.
            let prev_letter = out
                .chars()
                .last()
                .is_some_and(|p| !p.is_ascii() && !is_cjk(p));
            if prev_letter && chars.peek().is_some_and(|&(_, n)| !n.is_whitespace()) {
                out.push(c);
            }
            continue;
        }
        if leading && line_start && (c == '\u{3000}' || is_collapsible_space(c)) {
            continue;
        }
        // A collapsible space.
        let mut lone_nbsp = c == '\u{a0}' || c == '\u{202f}';
        while let Some(&(_, n)) = chars.peek() {
            if is_collapsible_space(n) {
                lone_nbsp = false;
                chars.next();
            } else if is_zero_width(n) {
                chars.next();
            } else {
                break;
            }
        }
        if leading && strip_space {
            continue;
        }
        if lone_nbsp && chars.peek().is_some() && !leading {
            out.push(c);
        } else {
            out.push(' ');
        }
        leading = false;
    }
    if let Some(from) = run {
        out.push_str(&text[from..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `normalize_text` as first written (one character at a time), the reference for the
    /// run-copying version.
    fn normalize_text_reference(text: &str, strip_space: bool, line_start: bool) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        let mut leading = true;
        while let Some(c) = chars.next() {
            if is_zero_width(c) {
                continue;
            }
            if matches!(c, '\u{200c}' | '\u{200d}') {
                let prev_letter = out
                    .chars()
                    .last()
                    .is_some_and(|p| !p.is_ascii() && !is_cjk(p));
                if prev_letter && chars.peek().is_some_and(|n| !n.is_whitespace()) {
                    out.push(c);
                }
                continue;
            }
            if leading && line_start && (c == '\u{3000}' || is_collapsible_space(c)) {
                continue;
            }
            if is_collapsible_space(c) {
                let mut lone_nbsp = c == '\u{a0}' || c == '\u{202f}';
                while let Some(&n) = chars.peek() {
                    if is_collapsible_space(n) {
                        lone_nbsp = false;
                        chars.next();
                    } else if is_zero_width(n) {
                        chars.next();
                    } else {
                        break;
                    }
                }
                if leading && strip_space {
                    continue;
                }
                if lone_nbsp && chars.peek().is_some() && !leading {
                    out.push(c);
                } else {
                    out.push(' ');
                }
                leading = false;
                continue;
            }
            leading = false;
            out.push(c);
        }
        out
    }

    #[test]
    fn plain_len_agrees_with_is_plain_on_every_char() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let expected = is_plain(c).then_some(c.len_utf8());
            assert_eq!(plain_len(s.as_bytes(), 0), expected, "{c:?}");
            // The same character after another one, and at the end of the bytes.
            let two = format!("a{c}");
            assert_eq!(plain_len(two.as_bytes(), 1), expected, "{c:?} after a");
        }
        assert_eq!(plain_len(b"", 0), None);
        assert_eq!(plain_len(b"a", 1), None);
    }

    #[test]
    fn text_normalization_matches_the_reference() {
        let alphabet = [
            ' ', '\u{a0}', '\u{202f}', '\u{3000}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{feff}',
            '\u{2003}', '\n', '\t', 'a', '!', '中', 'ش', '\u{3001}', '😀',
        ];
        let mut x: u64 = 7;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = (x >> 59) as usize;
            let text: String = (0..len)
                .map(|k| alphabet[((x >> (k * 3 % 50)) as usize + k) % alphabet.len()])
                .collect();
            // (The caller strips spaces at every line start.)
            for (strip, start) in [(false, false), (true, false), (true, true)] {
                let expect = normalize_text_reference(&text, strip, start);
                let mut out = String::new();
                normalize_text(&text, strip, start, &mut out);
                assert_eq!(out, expect, "{text:?}");
                if expect != text {
                    assert!(needs_normalizing(&text, strip, start), "{text:?}");
                }
            }
        }
    }
}

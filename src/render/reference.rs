//! The char-by-char implementations the byte scanners and the marker-list `resolve_inline`
//! replaced, kept for the differential tests only.

use super::escape::{byte_class, skip_plain, starts_autolink};
use super::inline::{
    is_close_marker, is_marker, is_md_punct, is_open_marker, is_sentinel, DEL_CLOSE, DEL_OPEN,
    EM_CLOSE, EM_OPEN, HARD_BREAK, LINK_CLOSE, LINK_END, LINK_OPEN, STRONG_CLOSE, STRONG_OPEN,
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
        if b.get(i + 1) == Some(&0xb7) && matches!(b.get(i + 2), Some(0x90..=0x95 | 0x97..=0x99)) {
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
    let neighbor = |i: usize, step: isize, keep: &[bool], underscore: &[bool]| -> Option<char> {
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
    let ws_or_punct = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || is_md_punct(c));
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
                        (STRONG_CLOSE, STRONG_OPEN) | (EM_CLOSE, EM_OPEN) | (DEL_CLOSE, DEL_OPEN)
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
    let mut joined = false;
    for (((c, k), u), link) in chars.into_iter().zip(keep).zip(underscore).zip(link_ok) {
        if in_dropped_tail {
            in_dropped_tail = c != LINK_END;
            joined = !in_dropped_tail;
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
            c => {
                if joined && matches!(c, ':' | '.') && starts_autolink(&out, "", c as u8) {
                    out.push('\\');
                }
                joined = false;
                out.push(c);
            }
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
        if c == '<' {
            out.push_str("&lt;");
            continue;
        }
        if "\\`*_[]>#|~&!".contains(c)
            || (matches!(c, ':' | '.') && starts_autolink(out, "", c as u8))
        {
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

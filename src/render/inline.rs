//! The Markdown inline buffer: marker characters written while walking a block, and
//! [`resolve_inline`], which turns them into emphasis, strikethrough and links that CommonMark
//! reads as written (or drops them, keeping their text).

use super::escape::{byte_class, skip_plain, starts_autolink};
use std::borrow::Cow;

/// Markers placed in an inline buffer and resolved when the block is finished (Unicode
/// noncharacters; any in the input text are replaced by U+FFFD first).
pub(super) const STRONG_OPEN: char = '\u{fdd0}';
pub(super) const STRONG_CLOSE: char = '\u{fdd1}';
pub(super) const EM_OPEN: char = '\u{fdd2}';
pub(super) const EM_CLOSE: char = '\u{fdd3}';
pub(super) const DEL_OPEN: char = '\u{fdd4}';
pub(super) const DEL_CLOSE: char = '\u{fdd5}';
pub(super) const HARD_BREAK: char = '\u{fdd6}';
/// A link is `LINK_OPEN text LINK_CLOSE (destination) LINK_END`, written as `[text](…)`
/// only when both ends land in the same block (a paragraph break inside a link drops it).
pub(super) const LINK_OPEN: char = '\u{fdd7}';
pub(super) const LINK_CLOSE: char = '\u{fdd8}';
pub(super) const LINK_END: char = '\u{fdd9}';

/// Any character of the range the markers are taken from (input text holding one is
/// written as U+FFFD, or percent-encoded in a URL).
pub(super) fn is_sentinel(c: char) -> bool {
    ('\u{fdd0}'..='\u{fdef}').contains(&c)
}

pub(super) fn is_marker(c: char) -> bool {
    ('\u{fdd0}'..='\u{fdd6}').contains(&c)
}

pub(super) fn is_open_marker(c: char) -> bool {
    matches!(c, STRONG_OPEN | EM_OPEN | DEL_OPEN)
}

pub(super) fn is_close_marker(c: char) -> bool {
    matches!(c, STRONG_CLOSE | EM_CLOSE | DEL_CLOSE)
}

pub(super) fn is_md_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// A marker-range character of an inline buffer (an emphasis marker, a hard break or a
/// link marker), with what [`resolve_inline`] decides for it.
pub(super) struct Item {
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
pub(super) const MARKER_LEN: usize = 3;

/// The marker-range characters `U+FDD0..=U+FDD9` of `s`, in order.
pub(super) fn marker_items(s: &str) -> Vec<Item> {
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
    // A dropped link's tail was skipped and no text written since: the text before it and
    // the text after it now touch.
    let mut joined = false;
    for it in &items {
        if in_dropped_tail {
            if it.c == LINK_END {
                in_dropped_tail = false;
                joined = true;
                copied = it.pos + MARKER_LEN;
            }
            continue;
        }
        push_run(
            &mut out,
            text.get(copied..it.pos).unwrap_or(""),
            &mut joined,
        );
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
        push_run(&mut out, text.get(copied..).unwrap_or(""), &mut joined);
    }
    Cow::Owned(out)
}

/// Appends a run of text. After a dropped link (`joined`), the run's first character was
/// escaped (or not) next to other text: a `:` or `.` that now completes the start of a text
/// autolink ([`starts_autolink`]) gets its backslash.
pub(super) fn push_run(out: &mut String, run: &str, joined: &mut bool) {
    if *joined && !run.is_empty() {
        *joined = false;
        if let Some(&x @ (b':' | b'.')) = run.as_bytes().first() {
            if starts_autolink(out, "", x) {
                out.push('\\');
            }
        }
    }
    out.push_str(run);
}

/// Moves opening markers right past the spaces after them (right to left, so chains move
/// together), then closing markers left past the spaces before them, updating the items'
/// positions; the text is copied only when something moves.
pub(super) fn move_spaces_out<'s>(buf: &'s str, items: &mut [Item]) -> Cow<'s, str> {
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

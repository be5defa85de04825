//! Statistics over the rendered article: characters, paragraphs, images, reading time.

use super::{walk, Step};
use crate::dom::Document;
use crate::html_facts::{is_block, is_cjk};
use crate::Stats;
use html5ever::local_name;
use scraper::Node;

/// True for the general and CJK punctuation blocks' characters and the full-width
/// punctuation Chinese text is full of: none is alphanumeric (answered without the slow
/// Unicode table lookup).
pub(super) fn is_punctuation(c: char) -> bool {
    matches!(c,
        '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}'
        | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}'
        | '\u{ff5b}'..='\u{ff65}')
}

/// Whether the UTF-8 bytes `lead`, `next` start a letter of U+00C0..=U+017F (Latin-1's
/// letters, Latin Extended-A; not `×` and `÷`) or U+0400..=U+047F (Cyrillic): blocks with
/// letters only, so a word counts without looking the character up.
pub(super) fn is_letter_pair(lead: u8, next: u8) -> bool {
    match lead {
        0xc3 => !matches!(next, 0x97 | 0xb7),
        0xc4 | 0xc5 | 0xd0 | 0xd1 => true,
        _ => false,
    }
}

/// Counts over the rendered article, in one walk of the tree plus one pass over `text`.
///
/// A paragraph is a block-level element (or the article root) that holds text of its own,
/// i.e. text not inside a nested block; table rows count as one block each, their cells
/// do not.
pub(crate) fn stats(doc: &Document, text: &str) -> Stats {
    let mut paragraphs = 0;
    let mut images = 0;
    // (counts as a paragraph, holds text of its own) per open element.
    let mut frames: Vec<(bool, bool)> = vec![(true, false)];
    walk(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => match node.value() {
            Node::Text(t) => {
                if t.chars().any(|c| !c.is_whitespace()) {
                    if let Some(top) = frames.last_mut() {
                        top.1 = true;
                    }
                }
            }
            Node::Element(el) => {
                let name = &el.name.local;
                if *name == local_name!("img") {
                    images += 1;
                }
                let counted = *name == local_name!("tr")
                    || (is_block(name)
                        && !matches!(
                            *name,
                            local_name!("table")
                                | local_name!("tbody")
                                | local_name!("thead")
                                | local_name!("tfoot")
                                | local_name!("td")
                                | local_name!("th")
                                | local_name!("ul")
                                | local_name!("ol")
                                | local_name!("dl")
                        ));
                frames.push((counted, false));
            }
            _ => frames.push((false, false)),
        },
        Step::Leave(node) => {
            if matches!(node.value(), Node::Text(_)) {
                return;
            }
            let Some((counted, has_text)) = frames.pop() else {
                return;
            };
            if counted {
                paragraphs += usize::from(has_text);
            } else if has_text {
                if let Some(parent) = frames.last_mut() {
                    parent.1 = true;
                }
            }
        }
    });
    if let Some((_, true)) = frames.pop() {
        paragraphs += 1;
    }
    let mut chars = 0usize;
    let mut cjk = 0usize;
    let mut words = 0usize;
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&x) = bytes.get(i) {
        if x.is_ascii() {
            // The common case, decided without the Unicode tables.
            i += 1;
            let space = matches!(x, b'\t'..=b'\r' | b' ');
            chars += usize::from(!space);
            if x.is_ascii_alphanumeric() {
                words += usize::from(!in_word);
                in_word = true;
            } else if space {
                in_word = false;
            }
            continue;
        }
        if (0xe5..=0xe9).contains(&x) {
            // U+5000..=U+9FFF, all CJK ideographs (a three-byte character).
            i += 3;
            chars += 1;
            cjk += 1;
            in_word = false;
            continue;
        }
        if is_letter_pair(x, bytes.get(i + 1).copied().unwrap_or(0)) {
            // A two-byte letter (Latin, Cyrillic), decided without the Unicode tables.
            i += 2;
            chars += 1;
            words += usize::from(!in_word);
            in_word = true;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            break;
        };
        i += c.len_utf8();
        if is_cjk(c) {
            // Not whitespace, not part of a word.
            chars += 1;
            cjk += 1;
            in_word = false;
            continue;
        }
        if !c.is_whitespace() {
            chars += 1;
        }
        if !is_punctuation(c) && c.is_alphanumeric() {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else if c.is_whitespace() {
            in_word = false;
        }
    }
    let minutes = cjk as f64 / 400.0 + words as f64 / 220.0;
    let reading_minutes = if chars == 0 {
        0
    } else {
        (minutes.ceil() as u32).max(1)
    };
    Stats {
        chars,
        paragraphs,
        images,
        reading_minutes,
    }
}

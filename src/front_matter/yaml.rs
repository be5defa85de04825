//! The YAML loader of the front matter: a tree of [`Node`]s read by our own YAML reader
//! ([`scan`], which reads YAML as `yaml-rust2` 0.13 does, with depth and size limits), and
//! a fast loader for the generator's usual flat blocks that answers as the reader does.

mod scan;

use super::{MAX_DEPTH, MAX_NODES};
use std::borrow::Cow;

/// A YAML node (bounded depth, so dropping it cannot overflow).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node<'a> {
    /// A scalar as written; `plain` when unquoted (so `null`, `true`, `12` may be typed).
    /// Borrowed from the front matter when [`load_simple`] read it.
    Scalar {
        value: Cow<'a, str>,
        plain: bool,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl<'a> Node<'a> {
    /// The scalar text, `None` for collections and for plain nulls (`~`, `null`, empty).
    pub(super) fn text(&self) -> Option<&str> {
        match self {
            Node::Scalar { value, plain: true }
                if matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL") =>
            {
                None
            }
            Node::Scalar { value, .. } => Some(value.as_ref()),
            _ => None,
        }
    }

    /// [`Node::text`], taking the string out of the node.
    pub(super) fn into_text(self) -> Option<Cow<'a, str>> {
        self.text()?;
        match self {
            Node::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// Why a YAML text could not be loaded.
#[derive(Debug)]
pub(super) enum LoadError {
    /// Not valid YAML.
    Syntax,
    /// Valid, but deeper or larger than the limits allow.
    Limit(String),
}

/// Loads the first YAML document of `src` with the depth and size limits ([`MAX_DEPTH`],
/// [`MAX_NODES`], alias expansions counted). `Ok(None)` when the document holds no node.
/// What the reader refuses although it is YAML is listed in [`scan`]'s documentation.
pub(super) fn load(src: &str) -> Result<Option<Node<'static>>, LoadError> {
    scan::Reader::new(src).document()
}

/// Loads a front matter block of the generator's everyday shape without the YAML parser
/// (which costs tens of thousands of instructions and a few dozen allocations per post):
/// `key: value` lines at column 0 and `- item` lines under an empty `key:`, each value
/// plain, single-quoted or double-quoted without escapes, on one line. `None` whenever
/// anything else appears (flow collections, anchors, tags, comments, block scalars,
/// continuation lines, tabs, escapes, ...): the caller then runs [`load`]. Where it answers,
/// the answer is the one [`load`] gives (a unit test compares the two on many blocks).
pub(super) fn load_simple(src: &str) -> Option<Node<'_>> {
    if src
        .bytes()
        .any(|b| matches!(b, b'\t' | b'\r' | b'#' | b'\\' | b'\0'))
    {
        return None;
    }
    let mut pairs: Vec<(Node, Node)> = Vec::with_capacity(8);
    // The indent of the current block list's items (0: none yet, or no list open).
    let mut items_indent = 0usize;
    // True right after an empty `key:` or a list item: list items may follow.
    let mut list_open = false;
    let mut nodes = 1usize;
    for line in src.split('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if rest.is_empty() {
            continue;
        }
        nodes += 2;
        if nodes > MAX_NODES {
            return None;
        }
        if indent == 0 {
            let colon = rest.find(':')?;
            let key = &rest[..colon];
            let mut key_chars = key.bytes();
            let plain_key = key_chars
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && key_chars.all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && key.len() <= 64;
            let after = &rest[colon + 1..];
            if !plain_key || !(after.is_empty() || after.starts_with(' ')) {
                return None;
            }
            let value = after.trim_matches(' ');
            let node = if value.is_empty() {
                list_open = true;
                items_indent = 0;
                Node::Scalar {
                    value: Cow::Borrowed(""),
                    plain: true,
                }
            } else {
                list_open = false;
                simple_scalar(value)?
            };
            pairs.push((
                Node::Scalar {
                    value: Cow::Borrowed(key),
                    plain: true,
                },
                node,
            ));
        } else {
            // A list item under the last key, at the indent of the list's first item.
            let item = rest.strip_prefix("- ")?;
            if !list_open || (items_indent != 0 && indent != items_indent) {
                return None;
            }
            let item = simple_scalar(item.trim_matches(' '))?;
            let (_, value) = pairs.last_mut()?;
            if items_indent == 0 {
                items_indent = indent;
                *value = Node::Seq(Vec::new());
            }
            match value {
                Node::Seq(items) => items.push(item),
                _ => return None,
            }
            nodes -= 1;
        }
    }
    (!pairs.is_empty()).then_some(Node::Map(pairs))
}

/// One value of [`load_simple`] (trimmed, not empty): a single-quoted scalar (`''` is a
/// quote), a double-quoted one without escapes, or a plain one that starts with no
/// indicator and holds no `: `. `None` for anything else.
fn simple_scalar(v: &str) -> Option<Node<'_>> {
    if has_special_chars(v) {
        return None;
    }
    if let Some(inner) = v.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        if !inner.contains('\'') {
            return Some(Node::Scalar {
                value: Cow::Borrowed(inner),
                plain: false,
            });
        }
        // Every quote inside must be doubled.
        let mut value = String::with_capacity(inner.len());
        let mut parts = inner.split('\'');
        value.push_str(parts.next()?);
        loop {
            match (parts.next(), parts.next()) {
                (None, _) => break,
                (Some(""), Some(text)) => {
                    value.push('\'');
                    value.push_str(text);
                }
                _ => return None,
            }
        }
        return Some(Node::Scalar {
            value: Cow::Owned(value),
            plain: false,
        });
    }
    if let Some(inner) = v.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        if inner.contains('"') {
            return None;
        }
        return Some(Node::Scalar {
            value: Cow::Borrowed(inner),
            plain: false,
        });
    }
    if v.starts_with([
        '-', '?', ':', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`',
    ]) || v.ends_with(':')
        || v.as_bytes().windows(2).any(|w| w == b": ")
    {
        return None;
    }
    Some(Node::Scalar {
        value: Cow::Borrowed(v),
        plain: true,
    })
}

/// True when `v` holds a control character (C0, DEL or C1), a byte-order mark or a line or
/// paragraph separator. Checked on the UTF-8 bytes: C1 controls are `C2 80`..`C2 9F`,
/// U+2028/U+2029 are `E2 80 A8`/`E2 80 A9`, U+FEFF is `EF BB BF`.
fn has_special_chars(v: &str) -> bool {
    let b = v.as_bytes();
    if b.iter().all(|c| (0x20..0x7f).contains(c)) {
        return false;
    }
    b.iter().enumerate().any(|(i, &c)| match c {
        0..=0x1f | 0x7f => true,
        0xc2 => b.get(i + 1).is_some_and(|&n| n < 0xa0),
        0xe2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)),
        0xef => b.get(i + 1) == Some(&0xbb) && b.get(i + 2) == Some(&0xbf),
        _ => false,
    })
}

/// Nodes in `node`, iteratively.
fn size_of(node: &Node) -> usize {
    let mut n = 0;
    let mut stack = vec![node];
    while let Some(x) = stack.pop() {
        n += 1;
        match x {
            Node::Scalar { .. } => {}
            Node::Seq(items) => stack.extend(items),
            Node::Map(pairs) => stack.extend(pairs.iter().flat_map(|(k, v)| [k, v])),
        }
    }
    n
}

/// Nesting depth of `node` (a scalar is 0), iteratively.
fn depth_of(node: &Node) -> usize {
    let mut max = 0;
    let mut stack = vec![(node, 0usize)];
    while let Some((x, d)) = stack.pop() {
        match x {
            Node::Scalar { .. } => max = max.max(d),
            Node::Seq(items) => stack.extend(items.iter().map(|i| (i, d + 1))),
            Node::Map(pairs) => {
                stack.extend(pairs.iter().flat_map(|(k, v)| [(k, d + 1), (v, d + 1)]))
            }
        }
        max = max.max(d);
    }
    max
}

#[cfg(test)]
mod tests;

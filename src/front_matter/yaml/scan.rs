//! The YAML reader behind [`super::load`]: a recursive-descent reader over the bytes of the
//! block that builds [`Node`]s directly, with the depth and node limits checked as it goes.
//!
//! It reads YAML 1.2 as `yaml-rust2` 0.13 reads it (the parser this replaces; a differential
//! test runs both on the corpus and on 100,000+ generated documents): block mappings and
//! sequences (compact `- ` items under a key too), flow collections, plain, single- and
//! double-quoted scalars with every escape and line folding, `|`/`>` block scalars with
//! chomping and indentation indicators, comments, `---`/`...` (first document only),
//! anchors, aliases and tags. Its quirks are kept where they change a tree (a NUL ends the
//! input, a byte-order mark is an ordinary character, an alias to an anchor still being
//! read is an empty scalar, a `---` line inside a top-level block scalar is text).
//!
//! Refused with [`LoadError::Syntax`] although `yaml-rust2` accepts them (the caller then
//! reads the block entry by entry and repairs what still fails):
//! - directives (`%YAML`, `%TAG`), complex keys (`? `), empty keys (`: v`), verbatim tags
//!   (`!<…>`) and `%` escapes in tags, a node with two anchors or two tags;
//! - a tab in the indentation of a block line that holds content (`yaml-rust2` accepts a
//!   few such lines, depending on its indentation state; front matter never has them);
//! - content after the root node other than a document marker (`yaml-rust2` returns the
//!   root and silently drops the rest, e.g. every key after an outdented one).
//!
//! Nesting is bounded: every collection checks [`MAX_DEPTH`] before it recurses, so the
//! call depth is a small multiple of it. Every byte is visited a bounded number of times
//! (the look-ahead over blank lines after a plain scalar is the only re-read), so hostile
//! input runs in linear time. Positions are byte offsets; the reader only cuts the text at
//! ASCII bytes, so CJK text never splits.

use super::{LoadError, Node, MAX_DEPTH, MAX_NODES};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

type Res<T> = Result<T, LoadError>;

/// Keys longer than this many characters are not keys (`yaml-rust2`'s simple-key limit).
const MAX_KEY_CHARS: usize = 1024;

fn syntax<T>() -> Res<T> {
    Err(LoadError::Syntax)
}

fn blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn brk(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

/// Blank, line break or the end of the input (read as 0).
fn bz(b: u8) -> bool {
    blank(b) || brk(b) || b == 0
}

fn flow_char(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

/// How a block node is placed: first on its line, right after `- `, or after `: `/`--- `
/// (where it cannot be a key, so `a: b: c` and `a: - b` are errors).
#[derive(Clone, Copy, PartialEq)]
enum At {
    Fresh,
    Dash,
    Value,
}

/// The anchor and tag written before a node.
#[derive(Clone, Copy, Default)]
struct Props {
    anchor: Option<usize>,
    tag: bool,
}

impl Props {
    fn any(self) -> bool {
        self.anchor.is_some() || self.tag
    }
}

pub(super) struct Reader<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    line_start: usize,
    nodes: usize,
    /// Collections open around the current position.
    depth: usize,
    /// Anchor name -> id of its latest definition (the map type of `input::markup`'s
    /// names, so that no new hash map code is compiled).
    names: FxHashMap<Cow<'a, str>, u32>,
    /// By id: the anchored node with its size and depth, once complete.
    anchored: Vec<Option<(Node<'static>, usize, usize)>>,
    /// A `{` has been read: `yaml-rust2` then stops checking that a `key: value` pair in a
    /// flow sequence has its key on the line of the `:`.
    brace_seen: bool,
    /// Inside a flow collection, the column a line's first token may not be left of
    /// (`yaml-rust2`'s indent: one more than the block parent's until a plain scalar has
    /// been read in the collection, the parent's after).
    flow_indent: isize,
}

impl<'a> Reader<'a> {
    /// A reader of `src` up to its first NUL (which ends the input for `yaml-rust2`).
    pub(super) fn new(src: &'a str) -> Self {
        let src = src.split('\0').next().unwrap_or_default();
        Reader {
            src,
            b: src.as_bytes(),
            pos: 0,
            line_start: 0,
            nodes: 0,
            depth: 0,
            names: FxHashMap::default(),
            anchored: Vec::new(),
            brace_seen: false,
            flow_indent: -1,
        }
    }

    fn at(&self, k: usize) -> u8 {
        self.b.get(self.pos + k).copied().unwrap_or(0)
    }

    fn col(&self) -> isize {
        (self.pos - self.line_start) as isize
    }

    fn eof(&self) -> bool {
        self.pos >= self.b.len()
    }

    /// `---` or `...` at column 0 followed by a blank or the end of the line.
    fn doc_marker(&self) -> bool {
        self.pos == self.line_start
            && (self.b[self.pos..].starts_with(b"---") || self.b[self.pos..].starts_with(b"..."))
            && bz(self.at(3))
    }

    /// A `-` that starts a block sequence entry.
    fn dash(&self) -> bool {
        self.at(0) == b'-' && bz(self.at(1))
    }

    /// Consumes one line break (CRLF counts as one).
    fn newline(&mut self) {
        self.pos += if self.at(0) == b'\r' && self.at(1) == b'\n' {
            2
        } else {
            1
        };
        self.line_start = self.pos;
    }

    fn skip_blanks(&mut self) {
        while blank(self.at(0)) {
            self.pos += 1;
        }
    }

    /// Skips a comment if one starts here: `#` first on its line or after a blank; a `#`
    /// glued to a token (`"a"#`, `]#`) is an error.
    fn skip_comment(&mut self) -> Res<()> {
        if self.at(0) == b'#' {
            if self.pos > self.line_start && !blank(self.b[self.pos - 1]) {
                return syntax();
            }
            while !brk(self.at(0)) && !self.eof() {
                self.pos += 1;
            }
        }
        Ok(())
    }

    fn count(&mut self, n: usize) -> Res<()> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(LoadError::Limit(format!("more than {MAX_NODES} nodes")));
        }
        Ok(())
    }

    /// Opens a collection: checked before any recursion into it.
    fn open(&mut self) -> Res<()> {
        if self.depth >= MAX_DEPTH {
            return Err(LoadError::Limit(format!(
                "nested deeper than {MAX_DEPTH} levels"
            )));
        }
        self.depth += 1;
        self.nodes += 1;
        Ok(())
    }

    /// Skips blanks, comments and blank lines up to the next token of the block context
    /// (or the end). A tab in the indentation of a line with content is refused.
    fn skip_lines(&mut self) -> Res<()> {
        loop {
            let leading = self.pos == self.line_start
                || self.b[self.line_start..self.pos].iter().all(|&c| c == b' ');
            self.skip_blanks();
            self.skip_comment()?;
            if brk(self.at(0)) {
                self.newline();
                continue;
            }
            if leading && !self.eof() && self.b[self.line_start..self.pos].contains(&b'\t') {
                return syntax();
            }
            return Ok(());
        }
    }

    /// Ends the line of a block node: only blanks and a comment may follow it.
    fn end_line(&mut self) -> Res<()> {
        self.skip_blanks();
        self.skip_comment()?;
        if !brk(self.at(0)) && !self.eof() {
            return syntax();
        }
        self.skip_lines()
    }

    /// Skips whitespace, comments and line breaks inside a flow collection whose block
    /// parent is at column `parent`: a token that starts a line must be deeper than it.
    fn skip_flow(&mut self, parent: isize) -> Res<()> {
        loop {
            self.skip_blanks();
            self.skip_comment()?;
            if !brk(self.at(0)) {
                if self.eof() || !self.char_col_within(self.flow_indent - 1) {
                    return Ok(());
                }
                // Also after a plain scalar continued on a line less indented.
                return syntax();
            }
            self.newline();
            while self.at(0) == b' ' {
                self.pos += 1;
            }
            let tab_col = self.col();
            self.skip_blanks();
            let content = !matches!(self.at(0), b'#' | b'\n' | b'\r' | 0);
            let tab = parent >= 0 && tab_col < self.flow_indent && self.col() > tab_col;
            if content && (self.doc_marker() || tab) {
                return syntax();
            }
        }
    }

    /// True when the current column, in characters, is at most `limit`.
    fn char_col_within(&self, limit: isize) -> bool {
        let bytes = self.pos - self.line_start;
        bytes as isize <= limit
            || (bytes as isize <= 4 * (limit + 1)
                && self.src[self.line_start..self.pos].chars().count() as isize <= limit)
    }

    /// `&anchor` and `!tag`, at most one of each, in either order.
    fn props(&mut self, flow: bool) -> Res<Props> {
        let mut p = Props::default();
        loop {
            match self.at(0) {
                b'&' if p.anchor.is_none() => {
                    let name = self.name()?;
                    let id = self.anchored.len();
                    self.anchored.push(None);
                    self.names.insert(Cow::Borrowed(name), id as u32);
                    p.anchor = Some(id);
                }
                b'!' if !p.tag => {
                    self.tag(flow)?;
                    p.tag = true;
                }
                _ => return Ok(p),
            }
            self.skip_blanks();
        }
    }

    /// An anchor or alias name after its `&`/`*`.
    fn name(&mut self) -> Res<&'a str> {
        self.pos += 1;
        let start = self.pos;
        while !bz(self.at(0))
            && !flow_char(self.at(0))
            && !self.b[self.pos..].starts_with(b"\xEF\xBB\xBF")
        {
            self.pos += 1;
        }
        if self.pos == start {
            return syntax();
        }
        Ok(&self.src[start..self.pos])
    }

    /// A tag (`!`, `!local`, `!!core`); its name does not matter, only that it is there.
    fn tag(&mut self, flow: bool) -> Res<()> {
        self.pos += 1;
        let handle_start = self.pos;
        while matches!(self.at(0), b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'-') {
            self.pos += 1;
        }
        let named = self.at(0) == b'!';
        if self.at(0) == b'<' || (named && self.pos > handle_start) {
            // Verbatim tags; `!handle!suffix` needs a %TAG directive.
            return syntax();
        }
        let suffix_start = self.pos + usize::from(named);
        self.pos = suffix_start;
        while matches!(self.at(0), b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'-' | b'#' | b';'
            | b'/' | b'?' | b':' | b'@' | b'&' | b'=' | b'+' | b'$' | b'_' | b'.' | b'~' | b'*'
            | b'\'' | b'(' | b')' | b'%')
        {
            if self.at(0) == b'%' {
                return syntax();
            }
            self.pos += 1;
        }
        if named && self.pos == suffix_start {
            return syntax();
        }
        if bz(self.at(0)) || (flow && flow_char(self.at(0))) {
            Ok(())
        } else {
            syntax()
        }
    }

    /// Gives `node` its properties: a tagged scalar is not plain; an anchored node is kept
    /// for its aliases.
    fn apply(&mut self, p: Props, mut node: Node<'static>) -> Node<'static> {
        if let (true, Node::Scalar { plain, .. }) = (p.tag, &mut node) {
            *plain = false;
        }
        if let Some(id) = p.anchor {
            self.anchored[id] = Some((node.clone(), super::size_of(&node), super::depth_of(&node)));
        }
        node
    }

    fn empty(&mut self, p: Props) -> Res<Node<'static>> {
        self.count(1)?;
        Ok(self.apply(p, scalar(String::new(), true)))
    }

    /// `*name`: a copy of the anchored node, counted whole against the limits.
    fn alias(&mut self) -> Res<Node<'static>> {
        let name = self.name()?;
        let Some(&id) = self.names.get(name) else {
            return syntax();
        };
        let (node, size, depth) =
            self.anchored[id as usize]
                .clone()
                .unwrap_or((scalar(String::new(), true), 1, 0));
        self.nodes += size;
        if self.depth + depth > MAX_DEPTH {
            return Err(LoadError::Limit(format!(
                "aliases nest deeper than {MAX_DEPTH} levels"
            )));
        }
        if self.nodes > MAX_NODES {
            return Err(LoadError::Limit(format!(
                "more than {MAX_NODES} nodes once aliases are expanded"
            )));
        }
        Ok(node)
    }

    /// The first document of the stream (`None` when it holds no node).
    pub(super) fn document(&mut self) -> Res<Option<Node<'static>>> {
        self.skip_lines()?;
        while self.doc_marker() && self.at(0) == b'.' {
            self.pos += 3;
            self.end_line()?;
        }
        if self.pos == self.line_start && self.at(0) == b'%' {
            return syntax();
        }
        let root = if self.doc_marker() {
            self.pos += 3;
            self.skip_blanks();
            if matches!(self.at(0), b'#' | b'\n' | b'\r' | 0) {
                self.end_line()?;
                if self.eof() || self.doc_marker() {
                    return Ok(Some(scalar(String::new(), true)));
                }
                self.block_node(-1, At::Fresh, None, false)?
            } else {
                self.block_node(-1, At::Value, None, false)?
            }
        } else if self.eof() {
            return Ok(None);
        } else {
            self.block_node(-1, At::Fresh, None, false)?
        };
        if self.eof() {
            return Ok(Some(root));
        }
        if !self.doc_marker() {
            return syntax();
        }
        if self.at(0) == b'.' {
            self.pos += 3;
            self.skip_blanks();
            self.skip_comment()?;
            if !brk(self.at(0)) && !self.eof() {
                return syntax();
            }
        }
        Ok(Some(root))
    }

    /// A node in the block context whose parent collection is at column `parent`; returns
    /// at the start of the next token (or the end). `pending`: properties read on a line of
    /// their own before it. `compact`: a `- ` at the parent's column may start the node (a
    /// mapping value's sequence written at the key's indent).
    fn block_node(
        &mut self,
        parent: isize,
        at: At,
        pending: Option<Props>,
        compact: bool,
    ) -> Res<Node<'static>> {
        let col = self.col();
        let line = self.line_start;
        let start = self.pos;
        if self.dash() {
            if at == At::Value {
                return syntax();
            }
            let seq = self.block_seq(col, false)?;
            return Ok(self.apply(pending.unwrap_or_default(), seq));
        }
        let props = self.props(false)?;
        if props.any() && matches!(self.at(0), b'#' | b'\n' | b'\r' | 0) {
            if pending.is_some() {
                return syntax();
            }
            self.end_line()?;
            if self.eof() || self.doc_marker() {
                return self.empty(props);
            }
            let c2 = self.col();
            if c2 > parent {
                return self.block_node(parent, At::Fresh, Some(props), false);
            }
            if c2 == parent && compact && self.dash() {
                let seq = self.block_seq(c2, true)?;
                return Ok(self.apply(props, seq));
            }
            return self.empty(props);
        }
        // Properties on their own line and again before a node that is not a key.
        let twice = pending.is_some() && (props.any() || self.at(0) == b'*');
        if matches!(self.at(0), b'|' | b'>') && !twice {
            let text = self.block_scalar(parent)?;
            self.count(1)?;
            let node = self.apply(props, scalar(text, false));
            self.skip_lines()?;
            return Ok(self.apply(pending.unwrap_or_default(), node));
        }
        let min = if at == At::Dash { parent } else { parent + 1 };
        let node = self.inline(parent, min, props, at != At::Value)?;
        if self.key_colon(start, line) {
            if at == At::Value {
                return syntax();
            }
            let map = self.block_map(col, node)?;
            return Ok(self.apply(pending.unwrap_or_default(), map));
        }
        if twice {
            return syntax();
        }
        self.end_line()?;
        Ok(self.apply(pending.unwrap_or_default(), node))
    }

    /// A node that fits on a line in the block context, after its properties: a flow
    /// collection, a quoted scalar (continued from column `min`), an alias, an empty key
    /// (`empty_key`) or a plain scalar.
    fn inline(
        &mut self,
        parent: isize,
        min: isize,
        props: Props,
        empty_key: bool,
    ) -> Res<Node<'static>> {
        let node = match self.at(0) {
            b'[' | b'{' => self.flow_collection(parent)?,
            b'"' | b'\'' => {
                let text = self.quoted(min)?;
                self.count(1)?;
                scalar(text, false)
            }
            b'*' if !props.any() => return self.alias(),
            b':' if bz(self.at(1)) && empty_key => return self.empty(props),
            c if can_start_plain(c, self.at(1), false) => {
                let text = self.plain(parent, false)?;
                self.count(1)?;
                scalar(text, true)
            }
            _ => return syntax(),
        };
        Ok(self.apply(props, node))
    }

    /// True at a `:` that makes the node read from `start` on line `line` a key: on the
    /// same line, followed by a blank, at most [`MAX_KEY_CHARS`] characters after it.
    fn key_colon(&mut self, start: usize, line: usize) -> bool {
        self.skip_blanks();
        self.at(0) == b':'
            && bz(self.at(1))
            && self.line_start == line
            && (self.pos - start <= MAX_KEY_CHARS
                || self.src[start..self.pos].chars().count() <= MAX_KEY_CHARS)
    }

    /// A block mapping at column `col` whose first key is read; at its `:`.
    fn block_map(&mut self, col: isize, first_key: Node<'static>) -> Res<Node<'static>> {
        self.open()?;
        let mut pairs = Vec::new();
        let mut key = first_key;
        loop {
            self.pos += 1;
            self.after_colon()?;
            let value = if matches!(self.at(0), b'#' | b'\n' | b'\r' | 0) {
                self.end_line()?;
                if self.eof() || self.doc_marker() || self.col() < col {
                    self.empty(Props::default())?
                } else if self.col() > col {
                    self.block_node(col, At::Fresh, None, true)?
                } else if self.dash() {
                    self.block_seq(col, true)?
                } else {
                    self.empty(Props::default())?
                }
            } else {
                self.block_node(col, At::Value, None, true)?
            };
            pairs.push((key, value));
            if self.eof() || self.doc_marker() || self.col() < col {
                break;
            }
            if self.col() > col {
                return syntax();
            }
            // The next key: a node followed by `:` on its line.
            let line = self.line_start;
            let start = self.pos;
            let props = self.props(false)?;
            key = self.inline(col, col + 1, props, true)?;
            if !self.key_colon(start, line) {
                return syntax();
            }
        }
        self.depth -= 1;
        Ok(Node::Map(pairs))
    }

    /// After a `:` value indicator: a tab not followed by a space may not precede a word.
    fn after_colon(&mut self) -> Res<()> {
        if self.at(0) == b'\t' {
            let from = self.pos;
            self.skip_blanks();
            let spaced = self.b[from..self.pos].contains(&b' ');
            if !spaced
                && matches!(self.at(0), b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'-')
            {
                return syntax();
            }
        }
        self.skip_blanks();
        Ok(())
    }

    /// A block sequence whose first `- ` is here, at column `col`. `compact`: written at
    /// its mapping key's indent, so a line at `col` that is not `- ` ends it.
    fn block_seq(&mut self, col: isize, compact: bool) -> Res<Node<'static>> {
        self.open()?;
        let mut items = Vec::new();
        loop {
            self.pos += 1;
            let from = self.pos;
            self.skip_blanks();
            if self.b[from..self.pos].contains(&b'\t') && self.dash() {
                return syntax();
            }
            let item = if matches!(self.at(0), b'#' | b'\n' | b'\r' | 0) {
                self.end_line()?;
                if !self.eof() && !self.doc_marker() && self.col() > col {
                    self.block_node(col, At::Fresh, None, false)?
                } else {
                    self.empty(Props::default())?
                }
            } else {
                self.block_node(col, At::Dash, None, false)?
            };
            items.push(item);
            if self.eof() || self.doc_marker() || self.col() < col {
                break;
            }
            if self.col() == col && !self.dash() && compact {
                break;
            }
            if self.col() > col || !self.dash() {
                return syntax();
            }
        }
        self.depth -= 1;
        Ok(Node::Seq(items))
    }

    /// A plain scalar in the block (`flow == false`) or flow context; continuation lines
    /// must be deeper than `parent` in the block context. Lines fold into spaces, blank
    /// lines into line breaks.
    fn plain(&mut self, parent: isize, flow: bool) -> Res<String> {
        let mut out = String::new();
        loop {
            // One line of the scalar: words separated by blanks.
            let seg = self.pos;
            let mut end = self.pos;
            loop {
                if flow && self.at(0) == b'-' && flow_char(self.at(1)) {
                    return syntax();
                }
                loop {
                    let (c, n) = (self.at(0), self.at(1));
                    if bz(c) || (c == b':' && (bz(n) || (flow && flow_char(n)))) {
                        break;
                    }
                    if flow && flow_char(c) {
                        break;
                    }
                    self.pos += 1;
                    end = self.pos;
                }
                if !blank(self.at(0)) {
                    break;
                }
                self.skip_blanks();
                let (c, n) = (self.at(0), self.at(1));
                if matches!(c, b'#' | b'\n' | b'\r' | 0)
                    || (c == b':' && (bz(n) || (flow && flow_char(n))))
                    || (flow && flow_char(c))
                {
                    break;
                }
            }
            out.push_str(&self.src[seg..end]);
            if !brk(self.at(0)) {
                return Ok(out);
            }
            // Look past the line break for a continuation line.
            let (save, save_line) = (self.pos, self.line_start);
            let mut breaks = 0;
            let mut uncounted = false;
            let go_on = loop {
                self.newline();
                breaks += usize::from(!uncounted);
                uncounted = false;
                while self.at(0) == b' ' {
                    self.pos += 1;
                }
                if self.at(0) == b'\t' && self.col() <= parent {
                    // A tab where the indentation is: only a blank line may hold it. A
                    // comment there is skipped with its line break (as yaml-rust2 does).
                    self.skip_blanks();
                    if self.at(0) == b'#' {
                        uncounted = true;
                        while !brk(self.at(0)) && !self.eof() {
                            self.pos += 1;
                        }
                    }
                    if !brk(self.at(0)) && !self.eof() {
                        return syntax();
                    }
                }
                self.skip_blanks();
                let (c, n) = (self.at(0), self.at(1));
                if brk(c) {
                    continue;
                }
                break !(c == 0
                    || c == b'#'
                    || self.doc_marker()
                    || (!flow && self.col() <= parent)
                    || (c == b':' && (bz(n) || (flow && flow_char(n))))
                    || (flow && flow_char(c)));
            };
            if !go_on {
                self.pos = save;
                self.line_start = save_line;
                return Ok(out);
            }
            if breaks == 1 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', breaks - 1));
            }
        }
    }

    /// A single- or double-quoted scalar; continuation lines must reach column `min`.
    fn quoted(&mut self, min: isize) -> Res<String> {
        let q = self.at(0);
        let single = q == b'\'';
        self.pos += 1;
        let mut out = String::new();
        let mut first = true;
        loop {
            if self.doc_marker() || self.eof() || (!first && self.col() < min) {
                return syntax();
            }
            first = false;
            // Words: everything up to a blank, a line break or the closing quote.
            let mut escaped_break = false;
            let mut run = self.pos;
            loop {
                let c = self.at(0);
                if bz(c) || (c == q && !(single && self.at(1) == b'\'')) {
                    break;
                }
                if single && c == b'\'' {
                    out.push_str(&self.src[run..=self.pos]);
                    self.pos += 2;
                    run = self.pos;
                } else if !single && c == b'\\' {
                    out.push_str(&self.src[run..self.pos]);
                    if brk(self.at(1)) {
                        self.pos += 1;
                        self.newline();
                        run = self.pos;
                        escaped_break = true;
                        break;
                    }
                    out.push(self.escape()?);
                    run = self.pos;
                } else {
                    self.pos += 1;
                }
            }
            out.push_str(&self.src[run..self.pos]);
            if self.at(0) == q {
                self.pos += 1;
                return Ok(out);
            }
            // Blanks and line breaks: kept inside a line, folded across lines.
            let mut leading = escaped_break;
            let mut breaks = 0usize;
            let ws = self.pos;
            while bz(self.at(0)) && !self.eof() {
                if brk(self.at(0)) {
                    if !leading {
                        leading = true;
                    } else {
                        breaks += 1;
                    }
                    self.newline();
                } else {
                    if leading && self.at(0) == b'\t' && self.col() < min {
                        return syntax();
                    }
                    self.pos += 1;
                }
            }
            if !leading {
                out.push_str(&self.src[ws..self.pos]);
            } else if escaped_break || breaks > 0 {
                out.extend(std::iter::repeat_n('\n', breaks));
            } else {
                out.push(' ');
            }
        }
    }

    /// One escape sequence of a double-quoted scalar, at its backslash.
    fn escape(&mut self) -> Res<char> {
        let len = match self.at(1) {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            c => {
                self.pos += 2;
                return Ok(match c {
                    b'0' => '\0',
                    b'a' => '\x07',
                    b'b' => '\x08',
                    b't' | b'\t' => '\t',
                    b'n' => '\n',
                    b'v' => '\x0b',
                    b'f' => '\x0c',
                    b'r' => '\r',
                    b'e' => '\x1b',
                    b' ' => ' ',
                    b'"' => '"',
                    b'/' => '/',
                    b'\\' => '\\',
                    b'N' => '\u{85}',
                    b'_' => '\u{a0}',
                    b'L' => '\u{2028}',
                    b'P' => '\u{2029}',
                    _ => return syntax(),
                });
            }
        };
        self.pos += 2;
        let hex = self.b.get(self.pos..self.pos + len).unwrap_or_default();
        if hex.len() < len || !hex.iter().all(u8::is_ascii_hexdigit) {
            return syntax();
        }
        let code = hex.iter().fold(0u32, |v, &h| {
            (v << 4) | (h as char).to_digit(16).unwrap_or(0)
        });
        self.pos += len;
        char::from_u32(code).map_or_else(syntax, Ok)
    }

    /// A `|` or `>` block scalar in a collection at column `parent`; returns at the start
    /// of the first line that is not part of it.
    fn block_scalar(&mut self, parent: isize) -> Res<String> {
        let literal = self.at(0) == b'|';
        self.pos += 1;
        // Chomping: b'-' strip, b'+' keep, 0 clip.
        let mut chomp = 0u8;
        let mut inc = 0usize;
        for _ in 0..2 {
            match self.at(0) {
                c @ (b'+' | b'-') if chomp == 0 => chomp = c,
                c @ b'1'..=b'9' if inc == 0 => inc = usize::from(c - b'0'),
                b'0' if inc == 0 => return syntax(),
                _ => break,
            }
            self.pos += 1;
        }
        self.skip_blanks();
        self.skip_comment()?;
        if !brk(self.at(0)) && !self.eof() {
            return syntax();
        }
        let header_break = brk(self.at(0));
        if header_break {
            self.newline();
        }
        if self.at(0) == b'\t' {
            return syntax();
        }
        let mut breaks = 0usize;
        let indent = if inc > 0 {
            let indent = (parent.max(0) as usize + inc) as isize;
            self.skip_indent(indent, &mut breaks);
            indent
        } else {
            let mut max = 0;
            loop {
                while self.at(0) == b' ' {
                    self.pos += 1;
                }
                max = max.max(self.col());
                if !brk(self.at(0)) {
                    break;
                }
                self.newline();
                breaks += 1;
            }
            max.max(parent + 1)
        };
        if self.eof() {
            return Ok(match chomp {
                b'-' => String::new(),
                _ if !header_break => String::new(),
                b'+' if breaks > 0 => "\n".repeat(breaks),
                _ => "\n".to_owned(),
            });
        }
        if self.col() < indent && self.col() > parent {
            return syntax();
        }
        let mut out = String::new();
        let mut leading_break = false;
        let mut leading_blank = false;
        while self.col() == indent && !self.eof() {
            if indent == 0 && self.b[self.pos..].starts_with(b"...") && bz(self.at(3)) {
                break;
            }
            let trailing_blank = blank(self.at(0));
            if !literal && leading_break && !leading_blank && !trailing_blank {
                if breaks == 0 {
                    out.push(' ');
                }
            } else if leading_break {
                out.push('\n');
            }
            out.extend(std::iter::repeat_n('\n', breaks));
            leading_break = false;
            breaks = 0;
            leading_blank = trailing_blank;
            let from = self.pos;
            while !brk(self.at(0)) && !self.eof() {
                self.pos += 1;
            }
            out.push_str(&self.src[from..self.pos]);
            if self.eof() {
                break;
            }
            self.newline();
            leading_break = true;
            self.skip_indent(indent, &mut breaks);
        }
        if chomp != b'-' {
            if leading_break {
                out.push('\n');
            }
            if self.eof() && self.col() >= indent.max(1) {
                out.push('\n');
            }
        }
        if chomp == b'+' {
            out.extend(std::iter::repeat_n('\n', breaks));
        }
        Ok(out)
    }

    /// Skips up to `indent` spaces of each line, counting the blank lines skipped.
    fn skip_indent(&mut self, indent: isize, breaks: &mut usize) {
        loop {
            while self.col() < indent && self.at(0) == b' ' {
                self.pos += 1;
            }
            if !brk(self.at(0)) {
                return;
            }
            self.newline();
            *breaks += 1;
        }
    }

    /// A `[…]` or `{…}` collection with its trailing blanks on the line read; `parent` is
    /// the column of the block collection around it (-1 at the top).
    fn flow_collection(&mut self, parent: isize) -> Res<Node<'static>> {
        self.flow_indent = if parent >= 0 { parent + 1 } else { -1 };
        let node = self.flow_node(parent, false)?;
        self.skip_blanks();
        Ok(node)
    }

    /// A node in the flow context; returns right after it.
    fn flow_node(&mut self, parent: isize, scalar_only: bool) -> Res<Node<'static>> {
        let props = self.props(true)?;
        if props.any() {
            self.skip_flow(parent)?;
        }
        let (c, n) = (self.at(0), self.at(1));
        let node = match c {
            b'[' | b'{' if scalar_only => return syntax(),
            b'[' | b'{' => {
                self.open()?;
                let map = c == b'{';
                self.brace_seen |= map;
                self.pos += 1;
                self.skip_flow(parent)?;
                let node = if map {
                    self.flow_map(parent)?
                } else {
                    self.flow_seq(parent)?
                };
                self.depth -= 1;
                node
            }
            b'"' | b'\'' => {
                let text = self.quoted(self.flow_indent)?;
                self.count(1)?;
                scalar(text, false)
            }
            b'*' if !props.any() => self.alias()?,
            _ if props.any() && (flow_char(c) || (c == b':' && (bz(n) || flow_char(n)))) => {
                self.count(1)?;
                scalar(String::new(), true)
            }
            _ if can_start_plain(c, n, true) => {
                // A plain scalar must start right of the block parent, other tokens may
                // start at its column once a plain scalar has been read (see
                // `flow_indent`).
                if parent >= 0 && self.char_col_within(parent) {
                    return syntax();
                }
                let text = self.plain(parent, true)?;
                self.flow_indent = parent;
                self.count(1)?;
                scalar(text, true)
            }
            _ => return syntax(),
        };
        Ok(self.apply(props, node))
    }

    /// True at a `:` that indicates a value in the flow context; `json_key`: right after a
    /// quoted scalar or a collection on the same line, where `:x` counts too.
    fn flow_colon(&self, json_key: bool) -> bool {
        self.at(0) == b':' && (json_key || bz(self.at(1)) || flow_char(self.at(1)))
    }

    /// Reads a flow node and says whether a `:` right after it indicates a value.
    fn flow_key(&mut self, parent: isize) -> Res<(Node<'static>, bool)> {
        let c = self.at(0);
        let key = self.flow_node(parent, false)?;
        let line = self.line_start;
        self.skip_blanks();
        let same_line_json = matches!(c, b'[' | b'{') && self.at(0) == b':';
        self.skip_flow(parent)?;
        let json = matches!(c, b'"' | b'\'') || (same_line_json && self.line_start == line);
        Ok((key, json))
    }

    /// The value after a flow `:`, empty when the entry ends there.
    fn flow_value(&mut self, parent: isize, end: u8, scalar_only: bool) -> Res<Node<'static>> {
        self.pos += 1;
        self.after_colon()?;
        if self.at(0) == b'#' {
            // A comment right after a JSON-like key's `:` (`{"a":#c`) is still a comment.
            while !brk(self.at(0)) && !self.eof() {
                self.pos += 1;
            }
        }
        self.skip_flow(parent)?;
        if self.at(0) == b',' || self.at(0) == end {
            return self.empty(Props::default());
        }
        let v = self.flow_node(parent, scalar_only)?;
        self.skip_flow(parent)?;
        Ok(v)
    }

    /// Whether another entry of a flow collection follows (`end` is its closing bracket):
    /// after the first entry, a `,` must come first and is skipped. Stops at `end` without
    /// consuming it.
    fn next_flow_entry(&mut self, parent: isize, end: u8, first: bool) -> Res<bool> {
        if self.at(0) == end {
            return Ok(false);
        }
        if !first {
            if self.at(0) != b',' {
                return syntax();
            }
            self.pos += 1;
            self.skip_flow(parent)?;
        }
        Ok(self.at(0) != end)
    }

    /// The entries of a flow sequence, after its `[`; returns after its `]`.
    fn flow_seq(&mut self, parent: isize) -> Res<Node<'static>> {
        let mut items = Vec::new();
        while self.next_flow_entry(parent, b']', items.is_empty())? {
            let line = self.line_start;
            let (key, json) = if self.flow_colon(false) {
                if self.brace_seen {
                    return syntax();
                }
                self.count(1)?;
                (scalar(String::new(), true), false)
            } else if self.at(0) == b'?' && bz(self.at(1)) {
                return syntax();
            } else {
                self.flow_key(parent)?
            };
            let is_pair = self.flow_colon(json);
            if !is_pair {
                items.push(key);
                continue;
            }
            if !self.brace_seen && self.line_start != line {
                return syntax();
            }
            // A single `key: value` pair is a mapping of its own. Before any `{`,
            // yaml-rust2 ends it at the first `,`, `]` or `}`: a collection value fails.
            self.open()?;
            let implicit = !self.brace_seen;
            let value = self.flow_value(parent, b']', implicit)?;
            self.depth -= 1;
            items.push(Node::Map(vec![(key, value)]));
        }
        self.pos += 1;
        self.skip_blanks();
        self.skip_comment()?;
        Ok(Node::Seq(items))
    }

    /// The entries of a flow mapping, after its `{`; returns after its `}`.
    fn flow_map(&mut self, parent: isize) -> Res<Node<'static>> {
        let mut pairs = Vec::new();
        while self.next_flow_entry(parent, b'}', pairs.is_empty())? {
            let (key, json) = if self.flow_colon(false) {
                self.count(1)?;
                (scalar(String::new(), true), false)
            } else if self.at(0) == b'?' && bz(self.at(1)) {
                return syntax();
            } else {
                self.flow_key(parent)?
            };
            let value = if self.flow_colon(json) {
                self.flow_value(parent, b'}', false)?
            } else {
                self.empty(Props::default())?
            };
            pairs.push((key, value));
        }
        self.pos += 1;
        self.skip_blanks();
        self.skip_comment()?;
        Ok(Node::Map(pairs))
    }
}

fn scalar(value: String, plain: bool) -> Node<'static> {
    Node::Scalar {
        value: Cow::Owned(value),
        plain,
    }
}

/// True when `c` (followed by `n`) may start a plain scalar.
fn can_start_plain(c: u8, n: u8, flow: bool) -> bool {
    match c {
        b'-' | b'?' | b':' => !bz(n),
        b'|' | b'>' => flow,
        b'#' | b'&' | b'*' | b'!' | b'\'' | b'"' | b'%' | b'@' | b'`' | 0 | b' ' | b'\t'
        | b'\n' | b'\r' => false,
        c => !flow_char(c),
    }
}

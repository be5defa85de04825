//! The article as Markdown: CommonMark with the GFM table and strikethrough extensions (see
//! the [module documentation](super) for the rules).

use super::escape::{
    code_span, escape_line_start, escape_md_text, longest_run, md_title, push_md_collapsed,
    push_md_url,
};
use super::inline::{
    is_marker, is_sentinel, resolve_inline, DEL_CLOSE, DEL_OPEN, EM_CLOSE, EM_OPEN, HARD_BREAK,
    LINK_CLOSE, LINK_END, LINK_OPEN, STRONG_CLOSE, STRONG_OPEN,
};
use super::table::TableState;
use super::{walk, walk_pruned, Step};
use crate::dom::{get_attr, Document};
use crate::html_facts::is_block;
use ego_tree::{NodeId, NodeRef};
use html5ever::local_name;
use scraper::{Html, Node};
use std::borrow::Cow;

/// Deepest nesting of Markdown containers (blockquotes, lists, items) written as such;
/// deeper ones are written as plain blocks, so the prefixes of a line stay short and the
/// output stays linear in the input.
pub(super) const MAX_CONTAINERS: usize = 24;

/// A container block the Markdown output is currently inside.
pub(super) enum Container {
    /// `started` once a line was written inside it (a blank line before its first line
    /// belongs outside it).
    Quote {
        started: bool,
    },
    List {
        ordered: bool,
        next: u64,
        bullet: char,
        items: usize,
    },
    Item {
        marker: String,
        pending: bool,
    },
}

/// What an open inline element needs when it closes.
pub(super) enum Inline<'a> {
    Marker(char),
    /// A link's destination and title (borrowed from the tree) and where its text starts.
    Link {
        href: &'a str,
        title: &'a str,
        at: usize,
    },
    Nothing,
}

pub(super) struct Md<'a> {
    pub(super) html: &'a Html,
    pub(super) out: String,
    pub(super) containers: Vec<Container>,
    /// Inline content of the block being built.
    pub(super) para: String,
    pub(super) heading: Option<usize>,
    /// A hard break was written to `para` since the last flush (when false, `para` holds
    /// none; when true, it may).
    pub(super) has_break: bool,
    /// An emphasis or link marker was written to `para` since the last flush (when false,
    /// `para` holds none and [`resolve_inline`] has nothing to do).
    pub(super) has_markers: bool,
    pub(super) need_blank: bool,
    pub(super) lists_started: usize,
    pub(super) inline: Vec<(NodeId, Inline<'a>)>,
    /// Open strong/em/del counts, so nested same-kind elements add no markers.
    pub(super) depth: [usize; 3],
    pub(super) table: Option<TableState>,
    pub(super) in_cell: bool,
    /// Containers entered past [`MAX_CONTAINERS`] (not written as containers).
    pub(super) suppressed: usize,
    /// The last code span written: where it starts and ends in `para`, and its code.
    pub(super) last_code: Option<(usize, usize, String)>,
}

impl<'a> Md<'a> {
    /// Appends the container prefix of a line to `out`.
    pub(super) fn prefix(containers: &mut [Container], out: &mut String, blank: bool) {
        for c in containers {
            match c {
                Container::Quote { started } => {
                    if !*started {
                        if blank {
                            break;
                        }
                        *started = true;
                    }
                    out.push_str("> ");
                }
                Container::List { .. } => {}
                Container::Item { marker, pending } => {
                    if *pending {
                        if blank {
                            break;
                        }
                        out.push_str(marker);
                        *pending = false;
                    } else {
                        for _ in marker.chars() {
                            out.push(' ');
                        }
                    }
                }
            }
        }
    }

    /// Removes trailing whitespace written at or after `start`.
    pub(super) fn trim_out_from(&mut self, start: usize) {
        let end = start + self.out[start..].trim_end().len();
        self.out.truncate(end);
    }

    pub(super) fn line(&mut self, content: &str) {
        self.line_parts(&[content]);
    }

    /// Writes one line (its prefix, then `parts`), trailing whitespace removed.
    pub(super) fn line_parts(&mut self, parts: &[&str]) {
        if self.need_blank && !self.out.is_empty() {
            let start = self.out.len();
            Self::prefix(&mut self.containers, &mut self.out, true);
            self.trim_out_from(start);
            self.out.push('\n');
        }
        self.need_blank = false;
        let start = self.out.len();
        Self::prefix(&mut self.containers, &mut self.out, false);
        for p in parts {
            self.out.push_str(p);
        }
        self.trim_out_from(start);
        self.out.push('\n');
    }

    /// Links still open when their paragraph ends (a block inside a link) lose their
    /// brackets: their text stays, and no dangling `[` or `](…)` is written.
    pub(super) fn detach_open_links(&mut self) {
        for (_, what) in self.inline.iter_mut().rev() {
            if let Inline::Link { at, .. } = what {
                let l = LINK_OPEN.len_utf8();
                if *at >= l && self.para[..*at].ends_with(LINK_OPEN) {
                    self.para.replace_range(*at - l..*at, "");
                }
                *what = Inline::Nothing;
            }
        }
    }

    /// Ends the current block: writes the inline buffer as a paragraph or heading.
    pub(super) fn flush(&mut self) {
        if self.in_cell {
            return;
        }
        self.last_code = None;
        self.detach_open_links();
        let mut buf = std::mem::take(&mut self.para);
        self.write_block(&buf);
        self.has_break = false;
        self.has_markers = false;
        // The buffer's allocation serves the next block.
        buf.clear();
        self.para = buf;
    }

    /// Writes a finished inline buffer as a heading or as paragraphs.
    pub(super) fn write_block(&mut self, buf: &str) {
        if let Some(level) = self.heading {
            let line = if self.has_break {
                Cow::Owned(buf.replace(HARD_BREAK, " "))
            } else {
                Cow::Borrowed(buf)
            };
            let resolved = self.resolve(&line);
            let text = resolved.trim();
            if !text.is_empty() {
                let hashes = "######".get(..level).unwrap_or("######");
                self.line_parts(&[hashes, " ", text]);
                self.need_blank = true;
            }
            return;
        }
        let has_text = |seg: &str| seg.chars().any(|c| !c.is_whitespace() && !is_marker(c));
        if !self.has_break {
            // One line: one paragraph if it holds text.
            if has_text(buf) {
                self.write_paragraph(buf);
            }
            return;
        }
        // Lines (between hard breaks) without text separate paragraphs; each paragraph's
        // emphasis is resolved on its own, so no span crosses a paragraph break. A
        // paragraph is a range of `buf` (its segments are consecutive).
        let mut current: Option<(usize, usize)> = None;
        let mut at = 0;
        for seg in buf.split(HARD_BREAK) {
            let (start, end) = (at, at + seg.len());
            at = end + HARD_BREAK.len_utf8();
            if has_text(seg) {
                current = Some(current.map_or((start, end), |(s, _)| (s, end)));
            } else if let Some((s, e)) = current.take() {
                self.write_paragraph(&buf[s..e]);
            }
        }
        if let Some((s, e)) = current {
            self.write_paragraph(&buf[s..e]);
        }
    }

    /// [`resolve_inline`], skipped when no marker was written since the last flush.
    pub(super) fn resolve<'s>(&self, buf: &'s str) -> Cow<'s, str> {
        if self.has_markers {
            resolve_inline(buf)
        } else {
            Cow::Borrowed(buf)
        }
    }

    /// Writes one paragraph (a part of an inline buffer with text, its lines separated by
    /// hard breaks).
    pub(super) fn write_paragraph(&mut self, para: &str) {
        let resolved = self.resolve(para);
        if !self.has_break {
            // One line (the search for breaks is skipped).
            let l = resolved.trim();
            if !l.is_empty() {
                self.write_line(l, "");
            }
            self.need_blank = true;
            return;
        }
        let mut lines = resolved
            .split(HARD_BREAK)
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .peekable();
        while let Some(l) = lines.next() {
            let end = if lines.peek().is_some() { "\\" } else { "" };
            self.write_line(l, end);
        }
        self.need_blank = true;
    }

    /// Writes a line of a paragraph, then `end`, escaping what would start a block.
    pub(super) fn write_line(&mut self, l: &str, end: &str) {
        match escape_line_start(l) {
            Some((head, tail)) => self.line_parts(&[head, "\\", tail, end]),
            None => self.line_parts(&[l, end]),
        }
    }

    pub(super) fn block_boundary(&mut self) {
        if self.in_cell {
            if !self.para.ends_with(' ') && !self.para.is_empty() {
                self.para.push(' ');
            }
        } else {
            self.flush();
        }
    }

    /// Raw text under `id` (for code), with `<br>` as a newline.
    pub(super) fn raw_text(&self, id: NodeId) -> String {
        let mut s = String::new();
        walk(self.html, id, |step| match step {
            Step::Enter(n) => match n.value() {
                Node::Text(t) => s.push_str(t),
                Node::Element(e) if e.name() == "br" => s.push('\n'),
                Node::Element(e) if e.name() == "q" => s.push('“'),
                _ => {}
            },
            Step::Leave(n) => {
                if let Node::Element(e) = n.value() {
                    if e.name() == "q" {
                        s.push('”');
                    }
                }
            }
        });
        s
    }

    pub(super) fn code_block(&mut self, id: NodeId, lang: Option<String>) {
        self.flush();
        let mut code = self.raw_text(id);
        // CR is a line ending to CommonMark: a line without the container prefix would end a
        // quote or list item and let the rest be read as Markdown (raw HTML included).
        code = code.replace("\r\n", "\n").replace('\r', "\n");
        while code.ends_with('\n') {
            code.pop();
        }
        let code: String = code
            .chars()
            .map(|c| if is_sentinel(c) { '\u{fffd}' } else { c })
            .collect();
        let fence = "`".repeat((longest_run(&code, '`') + 1).max(3));
        self.line(&format!("{fence}{}", lang.unwrap_or_default()));
        if !code.is_empty() {
            for l in code.split('\n') {
                // Lines inside a code block keep their spaces; only the prefix is added.
                Self::prefix(&mut self.containers, &mut self.out, false);
                self.out.push_str(l);
                self.out.push('\n');
            }
        }
        self.line(&fence);
        self.need_blank = true;
    }

    pub(super) fn language(&self, pre: NodeId) -> Option<String> {
        let from = |id: NodeId| -> Option<String> {
            let el = self.html.tree.get(id)?.value().as_element()?;
            let class = get_attr(el, "class")?;
            class
                .split_whitespace()
                .find_map(|c| c.strip_prefix("language-"))
                .filter(|l| {
                    !l.is_empty()
                        && l.chars().all(|c| {
                            c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-' | '_')
                        })
                })
                .map(str::to_owned)
        };
        from(pre).or_else(|| {
            let node = self.html.tree.get(pre)?;
            let code = node
                .children()
                .find(|c| c.value().as_element().is_some_and(|e| e.name() == "code"))?;
            from(code.id())
        })
    }

    /// Returns false when the element's children must not be visited.
    pub(super) fn enter(&mut self, node: NodeRef<'a, Node>) -> bool {
        let id = node.id();
        let el = match node.value() {
            Node::Text(t) => {
                push_md_collapsed(t, &mut self.para);
                return false;
            }
            Node::Element(el) => el,
            _ => return false,
        };
        let name = el.name();
        match el.name.local {
            local_name!("br") => {
                self.para.push(HARD_BREAK);
                self.has_break = true;
            }
            local_name!("wbr") => {}
            local_name!("hr") if self.in_cell => self.block_boundary(),
            local_name!("hr") => {
                self.flush();
                self.line("---");
                self.need_blank = true;
            }
            local_name!("img") => {
                if let Some(src) = get_attr(el, "src").filter(|s| !s.trim().is_empty()) {
                    self.para.push_str("![");
                    escape_md_text(
                        &get_attr(el, "alt")
                            .unwrap_or("")
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                        &mut self.para,
                    );
                    self.para.push_str("](");
                    push_md_url(src, &mut self.para);
                    md_title(get_attr(el, "title").unwrap_or(""), &mut self.para);
                    self.para.push(')');
                }
            }
            local_name!("iframe") => {
                if let Some(src) = get_attr(el, "src").filter(|s| !s.trim().is_empty()) {
                    self.flush();
                    let mut text = String::from("▶ ");
                    escape_md_text(src, &mut text);
                    self.para.push('[');
                    self.para.push_str(&text);
                    self.para.push_str("](");
                    push_md_url(src, &mut self.para);
                    self.para.push(')');
                    self.flush();
                }
                return false;
            }
            local_name!("pre") => {
                if self.in_cell {
                    let code = self.raw_text(id);
                    self.para.push(' ');
                    self.para.push_str(&code_span(&code, true));
                    self.para.push(' ');
                } else {
                    let lang = self.language(id);
                    self.code_block(id, lang);
                }
                return false;
            }
            local_name!("code") | local_name!("kbd") | local_name!("samp") => {
                let mut code = self.raw_text(id);
                // Two code spans in a row would merge their backtick fences into one run:
                // they are written as one span.
                if let Some((start, end, prev)) = self.last_code.take() {
                    if end == self.para.len() && self.para.len() >= start {
                        self.para.truncate(start);
                        code = prev + &code;
                    }
                }
                let start = self.para.len();
                self.para.push_str(&code_span(&code, self.in_cell));
                self.last_code = Some((start, self.para.len(), code));
                return false;
            }
            local_name!("strong")
            | local_name!("b")
            | local_name!("em")
            | local_name!("i")
            | local_name!("del")
            | local_name!("s") => {
                let (k, open, close) = match name {
                    "strong" | "b" => (0, STRONG_OPEN, STRONG_CLOSE),
                    "em" | "i" => (1, EM_OPEN, EM_CLOSE),
                    _ => (2, DEL_OPEN, DEL_CLOSE),
                };
                self.depth[k] += 1;
                if self.depth[k] == 1 {
                    self.para.push(open);
                    self.has_markers = true;
                    self.inline.push((id, Inline::Marker(close)));
                } else {
                    self.inline.push((id, Inline::Nothing));
                }
            }
            local_name!("q") => self.para.push('“'),
            local_name!("a") => match get_attr(el, "href").filter(|h| !h.trim().is_empty()) {
                Some(href) => {
                    self.para.push(LINK_OPEN);
                    self.has_markers = true;
                    self.inline.push((
                        id,
                        Inline::Link {
                            href,
                            title: get_attr(el, "title").unwrap_or(""),
                            at: self.para.len(),
                        },
                    ));
                }
                None => self.inline.push((id, Inline::Nothing)),
            },
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6") => {
                self.block_boundary();
                if !self.in_cell {
                    self.heading = name[1..].parse().ok();
                }
            }
            local_name!("blockquote")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
                if !self.in_cell && self.containers.len() >= MAX_CONTAINERS =>
            {
                self.flush();
                self.suppressed += 1;
            }
            local_name!("blockquote") if !self.in_cell => {
                self.flush();
                self.containers.push(Container::Quote { started: false });
            }
            local_name!("ul") | local_name!("ol") if !self.in_cell => {
                self.flush();
                let in_item = matches!(self.containers.last(), Some(Container::Item { .. }));
                let start: u64 = get_attr(el, "start")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(1);
                let ordered = name == "ol";
                if in_item && (!ordered || start == 1) {
                    self.need_blank = false;
                }
                self.lists_started += 1;
                let alt = self.lists_started % 2 == 0;
                self.containers.push(Container::List {
                    ordered,
                    next: start.min(999_999_999),
                    bullet: match (ordered, alt) {
                        (false, false) => '-',
                        (false, true) => '*',
                        (true, false) => '.',
                        (true, true) => ')',
                    },
                    items: 0,
                });
            }
            local_name!("li") if !self.in_cell => {
                self.flush();
                let marker = match self.containers.last_mut() {
                    Some(Container::List {
                        ordered,
                        next,
                        bullet,
                        items,
                    }) => {
                        *items += 1;
                        if *items > 1 {
                            self.need_blank = false;
                        }
                        if *ordered {
                            let m = format!("{next}{bullet} ");
                            *next += 1;
                            m
                        } else {
                            format!("{bullet} ")
                        }
                    }
                    _ => "- ".to_owned(),
                };
                self.containers.push(Container::Item {
                    marker,
                    pending: true,
                });
            }
            local_name!("table") if !self.in_cell => return self.enter_table(id),
            local_name!("tr") if self.table.is_some() && !self.in_cell => {
                if let Some(t) = &mut self.table {
                    t.rows.push(Vec::new());
                }
            }
            local_name!("td") | local_name!("th") if self.table.is_some() && !self.in_cell => {
                self.detach_open_links();
                self.last_code = None;
                self.in_cell = true;
            }
            local_name!("caption") if self.table.is_some() => {
                // Rendered before the table (see enter_table).
                return false;
            }
            _ if is_block(&el.name.local) => self.block_boundary(),
            _ => {}
        }
        true
    }

    pub(super) fn leave(&mut self, node: NodeRef<'a, Node>) {
        let Node::Element(el) = node.value() else {
            return;
        };
        let id = node.id();
        if matches!(self.inline.last(), Some((open, _)) if *open == id) {
            let (_, what) = self.inline.pop().unwrap_or((id, Inline::Nothing));
            match what {
                Inline::Marker(close) => {
                    self.para.push(close);
                    self.has_markers = true;
                }
                Inline::Link { href, title, at } => {
                    let empty = self
                        .para
                        .get(at..)
                        .is_none_or(|s| s.chars().all(|c| c.is_whitespace() || is_marker(c)));
                    if empty {
                        // An empty link is invisible in the HTML; it leaves no Markdown.
                        let l = LINK_OPEN.len_utf8();
                        if at >= l && self.para[..at].ends_with(LINK_OPEN) {
                            self.para.replace_range(at - l..at, "");
                        }
                    } else {
                        self.para.push(LINK_CLOSE);
                        self.has_markers = true;
                        self.para.push('(');
                        push_md_url(href, &mut self.para);
                        md_title(title, &mut self.para);
                        self.para.push(')');
                        self.para.push(LINK_END);
                    }
                }
                Inline::Nothing => {}
            }
        }
        match el.name.local {
            local_name!("strong") | local_name!("b") => self.depth[0] -= 1,
            local_name!("em") | local_name!("i") => self.depth[1] -= 1,
            local_name!("del") | local_name!("s") => self.depth[2] -= 1,
            local_name!("q") => self.para.push('”'),
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
                if !self.in_cell =>
            {
                self.flush();
                self.heading = None;
            }
            local_name!("blockquote")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
                if !self.in_cell && self.suppressed > 0 =>
            {
                self.flush();
                self.suppressed -= 1;
            }
            local_name!("blockquote") if !self.in_cell => {
                self.flush();
                if matches!(self.containers.last(), Some(Container::Quote { .. })) {
                    self.containers.pop();
                }
                self.need_blank = true;
            }
            local_name!("ul") | local_name!("ol") if !self.in_cell => {
                self.flush();
                if matches!(self.containers.last(), Some(Container::List { .. })) {
                    self.containers.pop();
                }
                self.need_blank = true;
            }
            local_name!("li") if !self.in_cell => {
                self.flush();
                if matches!(self.containers.last(), Some(Container::Item { .. })) {
                    self.containers.pop();
                }
            }
            local_name!("td") | local_name!("th") if self.in_cell && self.table.is_some() => {
                self.in_cell = false;
                self.last_code = None;
                let content = std::mem::take(&mut self.para);
                let cell = self
                    .resolve(&content)
                    .replace(HARD_BREAK, " ")
                    .trim()
                    .to_owned();
                if let Some(t) = &mut self.table {
                    if t.rows.is_empty() {
                        t.rows.push(Vec::new());
                    }
                    if let Some(row) = t.rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            local_name!("table") if self.table.is_some() && !self.in_cell => self.leave_table(),
            _ if is_block(&el.name.local) => self.block_boundary(),
            _ => {}
        }
    }
}

/// CommonMark (with GFM tables and strikethrough) rendering of the article; see the module
/// documentation for the rules.
pub(crate) fn markdown(doc: &Document) -> String {
    let mut md = Md {
        html: &doc.html,
        out: String::new(),
        containers: Vec::new(),
        para: String::new(),
        heading: None,
        has_break: false,
        has_markers: false,
        need_blank: false,
        lists_started: 0,
        inline: Vec::new(),
        depth: [0; 3],
        table: None,
        in_cell: false,
        suppressed: 0,
        last_code: None,
    };
    walk_pruned(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => md.enter(node),
        Step::Leave(node) => {
            md.leave(node);
            true
        }
    });
    md.in_cell = false;
    md.flush();
    let end = md.out.trim_end().len();
    md.out.truncate(end);
    md.out
}

//! Pass 3 of cleaning: metadata lines. The text blocks are listed once; labelled lines
//! (`原标题：`, `责任编辑：`) are lifted anywhere, credits and sources only near the start or
//! end ([`LINE_RULES`]).

use super::text::{is_zero_width, plain_len};
use crate::article::Meta;
use crate::article::{excerpt, Report, EXCERPT_CHARS};
use crate::dom::{self, Document};
use crate::rules::{
    LineRule, Matcher, MetaField, Position, EDGE_BLOCKS, LINE_DECORATIONS, LINE_RULES,
    PROMO_MAX_CHARS, PROMO_PHRASES, SENTENCE_PUNCTUATION,
};
use ego_tree::NodeId;
use scraper::{Html, Node};
use std::ops::Range;

/// Containers walked into when listing text blocks (everything else is a block of its own
/// or skipped: lists, tables, quotes, figures and code are never metadata lines).
const LINE_CONTAINERS: &[&str] = &[
    "div", "section", "article", "main", "header", "footer", "body", "html", "span", "font",
    "center",
];
const LINE_BLOCKS: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6"];

struct Line {
    id: NodeId,
    text: String,
    /// Where the text without decorations and brackets ([`strip_range`]) sits in `text`
    /// (found once, read by every rule).
    stripped: Range<usize>,
}

impl Line {
    fn new(id: NodeId, text: String) -> Line {
        Line {
            id,
            stripped: strip_range(&text),
            text,
        }
    }

    /// The text as [`strip_range`] leaves it.
    fn stripped(&self) -> &str {
        self.text.get(self.stripped.clone()).unwrap_or("")
    }

    /// A short line without a letter or digit (`------`, `* * *`, `〓〓〓`): a separator,
    /// which does not count as one of the [`EDGE_BLOCKS`] (a credit above a rule line and a
    /// footer is still at the edge). A long line has no text here and is not one.
    fn is_separator(&self) -> bool {
        !self.text.is_empty() && !self.text.chars().any(char::is_alphanumeric)
    }
}

/// Returns whether it lifted any line.
pub(super) fn lift_meta_lines(doc: &mut Document, report: &mut Report, meta: &mut Meta) -> bool {
    let lines = text_lines(&doc.html, doc.root);
    let n = lines.len();
    let mut lifted = vec![false; n];
    // Every line a rule accepts goes, a repeated credit too (the first value is the one
    // kept; the others are listed in `removed`): a credit left in the text would be lifted
    // by the next pass, where it is the first.
    let mut lift = |i: usize, edges: bool, lifted: &mut Vec<bool>, doc: &mut Document| -> bool {
        if lifted[i] {
            return false;
        }
        let stripped = lines[i].stripped();
        if stripped.is_empty() {
            return false;
        }
        // The general detectors (crate::detect) first: calls to action, credit lines of
        // several fields or with labels the table does not know, first-line bylines.
        let first = edges && lifted[..i].iter().all(|&l| l);
        if let Some(found) = crate::detect::line(&lines[i].text, stripped, edges, first) {
            if !(found.unless_info_list && in_info_list(&lines, lifted, i)) {
                for (field, value) in found.fields {
                    crate::detect::meta_slot(meta, field).get_or_insert(value);
                }
                report.removed(
                    found.kind,
                    format!("{}: {}", found.name, excerpt(&lines[i].text, EXCERPT_CHARS)),
                );
                remove_with_empty_ancestors(&mut doc.html, lines[i].id, doc.root);
                lifted[i] = true;
                return true;
            }
        }
        if edges
            && stripped.chars().count() <= PROMO_MAX_CHARS
            && PROMO_PHRASES.iter().any(|p| stripped.contains(p))
        {
            report.removed(
                "promo",
                format!("promo-line: {}", excerpt(&lines[i].text, EXCERPT_CHARS)),
            );
            remove_with_empty_ancestors(&mut doc.html, lines[i].id, doc.root);
            lifted[i] = true;
            return true;
        }
        for rule in LINE_RULES {
            if rule.position == Position::Edges && !edges {
                continue;
            }
            let Some(value) = match_line(rule, stripped) else {
                continue;
            };
            if rule.not_in_info_list && in_info_list(&lines, lifted, i) {
                continue;
            }
            let slot = match rule.field {
                MetaField::OriginalTitle => &mut meta.original_title,
                MetaField::Editor => &mut meta.editor,
                MetaField::Byline => &mut meta.byline,
                MetaField::Source => &mut meta.source,
            };
            slot.get_or_insert(value);
            report.removed(
                "meta_line",
                format!("{}: {}", rule.name, excerpt(&lines[i].text, EXCERPT_CHARS)),
            );
            remove_with_empty_ancestors(&mut doc.html, lines[i].id, doc.root);
            lifted[i] = true;
            return true;
        }
        false
    };
    // Unambiguous labels anywhere.
    for i in 0..n {
        lift(i, false, &mut lifted, doc);
    }
    // Near the start, then near the end: credits and sources live there. The edges are
    // counted among the lines that stay, so after a line goes the next one is an edge line
    // too (until nothing more goes): what stays is what a second pass would leave.
    // The edge blocks that stay (with the side they are on), for the credits after a line
    // break below.
    let mut edge_blocks: Vec<(NodeId, bool)> = Vec::new();
    loop {
        let mut changed = false;
        edge_blocks.clear();
        for backwards in [false, true] {
            let mut counted = 0;
            let mut i = if backwards { n } else { 0 };
            while counted < EDGE_BLOCKS {
                let at = if backwards {
                    let Some(prev) = i.checked_sub(1) else { break };
                    i = prev;
                    prev
                } else {
                    if i >= n {
                        break;
                    }
                    i += 1;
                    i - 1
                };
                if lifted[at] {
                    continue;
                }
                if lift(at, true, &mut lifted, doc) {
                    changed = true;
                } else if !lines[at].is_separator() {
                    counted += 1;
                    edge_blocks.push((lines[at].id, backwards));
                }
            }
        }
        if !changed {
            break;
        }
    }
    // A reporter credit in brackets after the dateline that opens the first paragraph
    // (`新华社拉萨电（记者 格桑边觉）…`), else closing the last one (`…作用。（总台记者 张倩）`):
    // the paragraph is prose and stays whole; the credit fills the byline. (A long
    // paragraph's `Line` has no text: the block itself is read.)
    if meta.byline.is_none() {
        let first = (0..n).find(|&i| !lifted[i]);
        let last = (0..n).rev().find(|&i| !lifted[i]);
        for (i, closing) in [(first, false), (last, true)] {
            let Some(i) = i else { break };
            let text = dom::text_content(&doc.html, lines[i].id);
            if let Some(credit) = bracketed_credit(&text, closing) {
                meta.byline = Some(crate::html_facts::collapse_whitespace(credit));
                break;
            }
        }
    }
    // A credit that closes an edge block after a line break (`…融会贯通。<br><br>文：眉间尺`)
    // or opens one (`作者：张三<br>…`): the block stays whole (as with a bracketed credit);
    // the credit fills the byline. The end first.
    for &(id, backwards) in edge_blocks.iter().rev() {
        if meta.byline.is_some() {
            break;
        }
        let Some(part) = line_break_part(&doc.html, id, backwards) else {
            continue;
        };
        let part = Line::new(id, part);
        meta.byline = LINE_RULES
            .iter()
            .filter(|r| r.field == MetaField::Byline)
            .find_map(|r| match_line(r, part.stripped()));
    }
    lifted.contains(&true)
}

/// The text of the last (or first) part of block `id` after (or before) a `<br>` child, when
/// it is short enough to be a line ([`MAX_LINE_CHARS`]). The walk stops as soon as the part
/// is longer than that, so a long block without a break costs little.
fn line_break_part(html: &Html, id: NodeId, last: bool) -> Option<String> {
    let node = html.tree.get(id)?;
    let mut children = node.children();
    let mut part = String::new();
    // Characters that `collapse_whitespace` keeps.
    let mut visible = 0;
    loop {
        let child = if last {
            children.next_back()
        } else {
            children.next()
        }?;
        if child.value().as_element().is_some_and(|e| e.name() == "br") {
            if !part.trim().is_empty() {
                break;
            }
            continue;
        }
        let text = dom::text_content(html, child.id());
        visible += text
            .chars()
            .filter(|&c| !c.is_whitespace() && !is_zero_width(c))
            .count();
        if visible > MAX_LINE_CHARS {
            return None;
        }
        if last {
            part.insert_str(0, &text);
        } else {
            part.push_str(&text);
        }
    }
    let part = crate::html_facts::collapse_whitespace(&part);
    (part.chars().count() <= MAX_LINE_CHARS).then_some(part)
}

/// Most characters of a dateline before its credit (`新华社北京3月5日电`, `本报讯`).
const DATELINE_CHARS: usize = 30;

/// A reporter credit in brackets, without them: with `closing`, the one that ends `text`
/// after some prose (`…作用。（总台记者 张倩）`, `(信报记者 蔡雪婧)`); else the one right after
/// the dateline that opens `text` (ending in `电` or `讯`: `新华社拉萨电（记者 格桑边觉）…`,
/// `本报讯（记者 张三）…`).
fn bracketed_credit(text: &str, closing: bool) -> Option<&str> {
    let text = text.trim();
    let either = |a: Option<usize>, b: Option<usize>, last: bool| match (a, b) {
        (Some(a), Some(b)) => Some(if last { a.max(b) } else { a.min(b) }),
        (a, b) => a.or(b),
    };
    let inner = if closing {
        let body = text.strip_suffix('）').or_else(|| text.strip_suffix(')'))?;
        let open = either(body.rfind('（'), body.rfind('('), true)?;
        if open == 0 {
            return None;
        }
        &body[open..]
    } else {
        let open = either(text.find('（'), text.find('('), false)?;
        let head = text[..open].trim_end();
        if head.chars().count() > DATELINE_CHARS || !(head.ends_with('电') || head.ends_with('讯'))
        {
            return None;
        }
        let rest = &text[open..];
        &rest[..either(rest.find('）'), rest.find(')'), false)?]
    };
    let inner = inner
        .strip_prefix('（')
        .or_else(|| inner.strip_prefix('('))?
        .trim();
    reporter_credit(inner).map(|_| inner)
}

/// The text blocks of the article in document order, with their whitespace-collapsed text
/// (blocks without text are left out).
fn text_lines(html: &Html, root: NodeId) -> Vec<Line> {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut stack: Vec<NodeId> = Vec::new();
    dom::push_children(html, root, &mut stack, |c| c);
    while let Some(id) = stack.pop() {
        match dom::element_name(html, id) {
            Some(name) if LINE_BLOCKS.contains(&name) => match line_text(html, id, &mut buf) {
                Some(()) if buf.is_empty() => {}
                // (Copied at its size: the buffer grows once for all lines.)
                Some(()) => out.push(Line::new(id, buf.as_str().to_owned())),
                // Too long for any rule: listed (it counts at the edges) with no text.
                None => out.push(Line::new(id, String::new())),
            },
            Some(name) if LINE_CONTAINERS.contains(&name) => {
                dom::push_children(html, id, &mut stack, |c| c);
            }
            _ => {}
        }
    }
    out
}

/// No metadata line is longer than this (the longest value a rule takes, plus its label).
const MAX_LINE_CHARS: usize = 200;

/// The whitespace-collapsed text of a block, or `None` when it is longer than
/// [`MAX_LINE_CHARS`] (the walk stops there, so long paragraphs cost little).
///
/// The text is written to `out` (cleared first).
fn line_text(html: &Html, id: NodeId, out: &mut String) -> Option<()> {
    out.clear();
    let mut count = 0usize;
    for node in html.tree.get(id)?.descendants() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        // Start of the visible characters not yet written (copied as one run).
        let mut run: Option<usize> = None;
        let bytes = t.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (len, visible) = match plain_len(bytes, i) {
                Some(len) => (len, true),
                None => {
                    let Some(c) = t.get(i..).and_then(|rest| rest.chars().next()) else {
                        break;
                    };
                    (c.len_utf8(), !(c.is_whitespace() || is_zero_width(c)))
                }
            };
            if visible {
                count += 1;
                if count > MAX_LINE_CHARS {
                    return None;
                }
                run.get_or_insert(i);
            } else {
                if let Some(from) = run.take() {
                    out.push_str(&t[from..i]);
                }
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            i += len;
        }
        if let Some(from) = run {
            out.push_str(&t[from..]);
        }
    }
    out.truncate(out.trim_end().len());
    Some(())
}

/// Where the credit line without its decorations (`►`) and enclosing brackets (`（…）`)
/// sits in `line`.
fn strip_range(line: &str) -> Range<usize> {
    let mut start = line.len()
        - line
            .trim_start_matches(|c: char| LINE_DECORATIONS.contains(&c) || c.is_whitespace())
            .len();
    let mut end = line.len();
    for (open, close) in [
        ('（', '）'),
        ('(', ')'),
        ('【', '】'),
        ('[', ']'),
        ('〔', '〕'),
    ] {
        let s = &line[start..end];
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            if !inner.contains([open, close]) {
                start += open.len_utf8();
                end -= close.len_utf8();
            }
            break;
        }
    }
    let s = &line[start..end];
    start += s.len() - s.trim_start().len();
    end = start + s.trim().len();
    start..end
}

/// The value a rule lifts from `line`, if the line is that kind of metadata.
/// `stripped` is the line after [`strip_range`].
fn match_line(rule: &LineRule, stripped: &str) -> Option<String> {
    let value = match rule.matcher {
        Matcher::Labelled { labels, separators } => {
            let (label, rest) = labels
                .iter()
                .find_map(|l| stripped.strip_prefix(l).map(|rest| (*l, rest)))?;
            let first = rest.chars().next()?;
            // `作者：`, `来源|`, `原标题 `, and the same with spaces before the mark (`作者 | `).
            let mark = rest.trim_start().chars().next()?;
            let separated =
                separators.contains(&mark) || (separators.contains(&' ') && first.is_whitespace());
            if !separated {
                return None;
            }
            let value = rest
                .trim_start_matches(|c: char| separators.contains(&c) || c.is_whitespace())
                .trim();
            if value.is_empty() {
                return None;
            }
            if label.is_ascii() && !value.starts_with(|c: char| c.is_uppercase()) {
                return None;
            }
            if rule.keep_label {
                stripped.to_owned()
            } else {
                value.to_owned()
            }
        }
        Matcher::ReporterCredit => reporter_credit(stripped)?,
    };
    let value = crate::html_facts::collapse_whitespace(&value);
    if value.is_empty() || value.chars().count() > rule.max_chars {
        return None;
    }
    if rule.no_sentence && value.contains(SENTENCE_PUNCTUATION) {
        return None;
    }
    Some(value)
}

/// A reporter credit (`总台记者 吴睿`, `中国基金报记者 方丽 张燕北`, `本报记者 张三 北京报道`):
/// an organisation (optional), `记者`, then only names (and a dateline). The whole line
/// when it is one.
pub(crate) fn reporter_credit(line: &str) -> Option<String> {
    reporter_names(line).map(|_| line.to_owned())
}

/// The names of a reporter credit ([`reporter_credit`]), space-separated (`方丽 张燕北`;
/// a `北京报道` dateline is not a name).
pub(crate) fn reporter_names(line: &str) -> Option<String> {
    let at = line.find("记者")?;
    let (org, rest) = (&line[..at], &line[at + "记者".len()..]);
    if org.chars().count() > 20 || org.contains(|c: char| !(c.is_alphanumeric() || c == ' ')) {
        return None;
    }
    // A name has two characters at least: `记者会` (a press conference) and `记者站` (a
    // bureau) name nobody, and neither does `记者招待会`.
    let name_like = |t: &str| {
        let n = t.chars().count();
        (2..=8).contains(&n)
            && t.chars().all(|c| c.is_alphabetic() || c == '·' || c == '.')
            && !t.ends_with('会')
    };
    let mut names = String::new();
    let mut tokens = 0;
    for t in rest
        .trim_start_matches([':', '：'])
        .split(|c: char| c.is_whitespace() || c == '、')
        .filter(|t| !t.is_empty())
    {
        tokens += 1;
        if tokens > 6 || !name_like(t) {
            return None;
        }
        // A dateline (`北京报道`) and the roles of a joint credit (`通讯员`, `实习生`) are
        // not names.
        if !(t.ends_with("报道") || t.ends_with('员') || t == "实习生") {
            if !names.is_empty() {
                names.push(' ');
            }
            names.push_str(t);
        }
    }
    (!names.is_empty()).then_some(names)
}

/// True when a neighbouring text block is a `label：value` line that is not metadata (the
/// line is then part of an info list, such as a book's 书名/作者/格式).
fn in_info_list(lines: &[Line], lifted: &[bool], i: usize) -> bool {
    // The nearest lines that stay (the others are gone on a second pass).
    let before = (0..i).rev().find(|&j| !lifted[j]);
    let after = (i + 1..lines.len()).find(|&j| !lifted[j]);
    [before, after]
        .into_iter()
        .flatten()
        .filter_map(|j| lines.get(j))
        .any(|l| {
            let s = l.stripped();
            let Some(pos) = s.find(['：', ':']) else {
                return false;
            };
            let label = &s[..pos];
            let short = (1..=6).contains(&label.chars().count())
                && !label.contains(char::is_whitespace)
                && s.chars().count() <= 40;
            short && !crate::detect::is_credit_label(label)
        })
}

/// Removes `id`, then every ancestor (below `root`) it leaves without children.
pub(crate) fn remove_with_empty_ancestors(html: &mut Html, id: NodeId, root: NodeId) {
    crate::dom::remove_and_prune(html, id, &|p| p.id() != root);
}

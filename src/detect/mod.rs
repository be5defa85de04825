//! General detectors of credit lines, bylines, calls to action and footers: they work on any
//! feed, next to the feed rules of [`crate::rules`] (which stay data). Their word lists live
//! in [`vocabulary`]; docs/rules.md describes them.
//!
//! - [`line`]: one text line of the article (a paragraph or heading, see the cleaning
//!   stage's pass 3) is a call to action (`点击下方链接，关注我们的公众号！`), a credit line of
//!   several fields (`本文来源：X 责任编辑：Y`, `编辑：A 审核：B`), a credit with a label the
//!   rule table does not know (`审核：B`, `Author: Jane Doe`), or a first-line byline without
//!   a separator (`►文观察者网鞠峰`). Credit values go to `meta`.
//! - [`remove_footers`]: the blocks at the end of the article that are disclaimers,
//!   syndication, licensing or translation notes, "follow us" programmes, end marks or a
//!   related-articles list.
//! - [`lift_author_cards`]: an author name element followed by a bio element (`<span
//!   class="author">张三，</span><span class="bio">…</span>`), before the rule table
//!   takes the classes off.
//! - [`remove_tag_lists`]: an element that holds `rel=tag` links (the tag microformat that
//!   WordPress and most blog engines write) and nothing else but separators and a label.
//!
//! Every detector is conservative: a line is taken only when it is nothing but what the
//! detector knows (every part of it a credit, every clause a call), and short.

mod vocabulary;

use crate::article::Meta;
use crate::article::{excerpt, Report, EXCERPT_CHARS};
use crate::clean::remove_with_empty_ancestors;
use crate::dom::{self, Document};
use crate::rules::{Matcher, MetaField, LINE_DECORATIONS, LINE_RULES, SENTENCE_PUNCTUATION};
use ego_tree::NodeId;
use scraper::{Html, Node};
use vocabulary::*;

/// Longest value of a credit whose label is not in the rule table (a name or an outlet).
const CREDIT_VALUE_MAX_CHARS: usize = 30;
/// Longest line the call-to-action detector removes anywhere in the article (a call is a
/// phrase; a longer line is a sentence that mentions one).
const CALL_MAX_CHARS: usize = 40;
/// The same for English calls (`Follow us on Twitter for more updates.`).
const CALL_MAX_CHARS_EN: usize = 80;
/// Longest clause of a call (`长按识别下方二维码关注我们的公众号`).
const CALL_CLAUSE_MAX_CHARS: usize = 25;
/// Longest clause that may stand beside a call (`更多精彩内容`).
const CALL_FILLER_MAX_CHARS: usize = 12;
/// Longest disclaimer, licensing or translation note taken as a footer (finance sites'
/// 免责声明 run to a few hundred characters; longer text at the end is the article's).
const FOOTER_MAX_CHARS: usize = 400;
/// Longest editor's note on where the text comes from (`本文来自微信公众号…，经授权发布。`).
const SYNDICATION_MAX_CHARS: usize = 200;
/// How far into a note its syndication word must come (`本文经授权转载自…`: at once).
const SYNDICATION_WORD_WITHIN: usize = 16;
/// Longest "follow us" block at the end (a call and an account name).
const FOLLOW_MAX_CHARS: usize = 80;
/// Longest "see more" line at the end (`返回搜狐，查看更多`: a link label, not a sentence).
const MORE_LINK_MAX_CHARS: usize = 12;
/// How many blocks from the end [`remove_footers`] looks at (images, rules and credit lines
/// between them do not count).
const FOOTER_MAX_BLOCKS: usize = 8;
/// Most image-only or link-only blocks the footer walk keeps pending (a related-articles
/// list); more is a gallery or a link list of the article's own.
const FOOTER_MAX_PENDING: usize = 20;
/// How many times footers and metadata lines are looked for in turn: lifting a credit line
/// can uncover a footer above it, and the other way round (real articles need two rounds).
pub(crate) const TAIL_ROUNDS: usize = 4;
/// Longest credit-looking block the footer walk steps over (pass 3 lifts it).
const CREDIT_BLOCK_MAX_CHARS: usize = 60;
/// Longest link-only block kept pending under a related-articles heading (one title).
const LINK_BLOCK_MAX_CHARS: usize = 120;
/// Longest first-line byline without a separator (`文观察者网鞠峰`: outlet and name).
const FIRST_BYLINE_MAX_CHARS: usize = 20;
/// Longest author name in an author card.
const AUTHOR_CARD_MAX_CHARS: usize = 40;
/// Longest label of a tag list besides its links and separators (`Tags:`, `Tagged with`,
/// `Etiquetas`, `标签：`).
const TAG_LABEL_MAX_CHARS: usize = 24;

/// What [`line`] found in a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineFinding {
    /// The detector's name, shown in `removed[].detail`.
    pub name: &'static str,
    /// The report kind (`meta_line`, `promo`).
    pub kind: &'static str,
    /// The `meta` fields the line fills, in order (the first value of a field wins).
    pub fields: Vec<(MetaField, String)>,
    /// Keep the line when its neighbours are an info list (`书名：…`, `作者：…`).
    pub unless_info_list: bool,
}

/// Judges one text line of the article. `text` is the line as printed, `stripped` the same
/// without decorations and enclosing brackets; `at_edge` is true among the first or last
/// lines, `first` for the first line that stays.
///
/// Returns `None` for the lines the rule table's [`LINE_RULES`] judge alone (one credit with
/// one of their labels) and for every line that is not clearly metadata or a call.
pub(crate) fn line(text: &str, stripped: &str, at_edge: bool, first: bool) -> Option<LineFinding> {
    if stripped.is_empty() {
        return None;
    }
    if is_call_to_action(stripped) {
        return Some(LineFinding {
            name: "call-to-action",
            kind: "promo",
            fields: Vec::new(),
            unless_info_list: false,
        });
    }
    if let Some(credits) = credit_fields(stripped) {
        let single = credits.len() == 1;
        let known = credits.iter().all(|c| c.from_rule);
        // One credit is the rule table's when its label is, and stands only at an edge.
        let judged = !single || (!known && at_edge && credits[0].alone);
        if judged {
            return Some(LineFinding {
                name: if single { "credit" } else { "credit-line" },
                kind: "meta_line",
                fields: credits
                    .into_iter()
                    .filter_map(|c| Some((c.field?, c.value)))
                    .collect(),
                unless_info_list: single,
            });
        }
    }
    if first && at_edge {
        if let Some(byline) = first_line_byline(text, stripped) {
            return Some(LineFinding {
                name: "first-line-byline",
                kind: "meta_line",
                fields: vec![(MetaField::Byline, byline)],
                unless_info_list: false,
            });
        }
    }
    None
}

/// True when `label` is a credit label of the detectors or of the rule table (the info-list
/// guard does not count such neighbours as another list's entries).
pub(crate) fn is_credit_label(label: &str) -> bool {
    CREDIT_LABELS
        .iter()
        .any(|l| l.label.eq_ignore_ascii_case(label))
        || LINE_RULES.iter().any(|r| match r.matcher {
            Matcher::Labelled { labels, .. } => labels.contains(&label),
            Matcher::ReporterCredit => false,
        })
}

/// The `meta` slot of a field.
pub(crate) fn meta_slot(meta: &mut Meta, field: MetaField) -> &mut Option<String> {
    match field {
        MetaField::OriginalTitle => &mut meta.original_title,
        MetaField::Editor => &mut meta.editor,
        MetaField::Byline => &mut meta.byline,
        MetaField::Source => &mut meta.source,
    }
}

// ── Credit lines ─────────────────────────────────────────────────────────────────────────

/// One `label<sep>value` part of a credit line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Credit {
    field: Option<MetaField>,
    /// The value (bylines: the part as printed, label included).
    value: String,
    /// The label is one of the rule table's.
    from_rule: bool,
    /// See [`CreditLabel::alone`].
    alone: bool,
}

/// A label found at the start of a text.
#[derive(Debug, Clone, Copy)]
struct LabelHit {
    field: Option<MetaField>,
    keep_label: bool,
    max_chars: usize,
    from_rule: bool,
    alone: bool,
    /// Where the value starts (after the separator).
    value_at: usize,
}

/// The credit label (and its separator) `s` starts with; the longest one wins.
fn label_at(s: &str) -> Option<LabelHit> {
    let mut best: Option<(usize, LabelHit)> = None;
    let mut consider = |label: &str, seps: &[char], space: bool, hit: LabelHit| {
        let matched = if label.is_ascii() {
            s.get(..label.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(label))
                && s.starts_with(|c: char| c.is_ascii_uppercase())
        } else {
            s.starts_with(label)
        };
        if !matched || best.is_some_and(|(len, _)| len >= label.len()) {
            return;
        }
        let rest = &s[label.len()..];
        let trimmed = rest.trim_start();
        let value_at = if let Some(sep) = trimmed.chars().next().filter(|c| seps.contains(c)) {
            let after = &trimmed[sep.len_utf8()..];
            s.len() - after.trim_start().len()
        } else if space && rest.starts_with(char::is_whitespace) && !trimmed.is_empty() {
            s.len() - trimmed.len()
        } else {
            return;
        };
        if value_at >= s.len() {
            return;
        }
        best = Some((label.len(), LabelHit { value_at, ..hit }));
    };
    for rule in LINE_RULES {
        let Matcher::Labelled { labels, separators } = rule.matcher else {
            continue;
        };
        for l in labels {
            let space = separators.contains(&' ');
            let hit = LabelHit {
                field: Some(rule.field),
                keep_label: rule.keep_label,
                max_chars: rule.max_chars,
                from_rule: true,
                alone: true,
                value_at: 0,
            };
            consider(l, separators, space, hit);
        }
    }
    for l in CREDIT_LABELS {
        // Whitespace separates multi-character CJK labels and `… by` labels only.
        let space = if l.label.is_ascii() {
            l.label.ends_with(" by")
        } else {
            l.label.chars().count() >= 2
        };
        let hit = LabelHit {
            field: l.field,
            keep_label: l.field == Some(MetaField::Byline),
            max_chars: CREDIT_VALUE_MAX_CHARS,
            from_rule: false,
            alone: l.alone,
            value_at: 0,
        };
        consider(l.label, CREDIT_SEPARATORS, space, hit);
    }
    best.map(|(_, hit)| hit)
}

/// Splits a line made only of credits (`本文来源：X 责任编辑：Y`) into them; `None` when any
/// part of the line is not a credit.
fn credit_fields(s: &str) -> Option<Vec<Credit>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < s.len() {
        let part = &s[at..];
        let hit = label_at(part)?;
        let (value_end, next) = value_end(part, hit.value_at)?;
        let value = part[hit.value_at..value_end].trim();
        let printed = part[..value_end].trim();
        let count = value.chars().count();
        if count == 0 || count > hit.max_chars || value.contains(SENTENCE_PUNCTUATION) {
            return None;
        }
        // ASCII labels take capitalised values (`Source: Reuters`, not `source: the code`).
        if printed.is_ascii() && !value.starts_with(|c: char| c.is_uppercase() || !c.is_ascii()) {
            return None;
        }
        let value = if hit.keep_label { printed } else { value };
        out.push(Credit {
            field: hit.field,
            value: crate::html_facts::collapse_whitespace(value),
            from_rule: hit.from_rule,
            alone: hit.alone,
        });
        at += next;
    }
    (!out.is_empty()).then_some(out)
}

/// Where the value starting at `from` ends in `s`, and where the next credit starts (or the
/// end of `s`). `None` when the value holds what no credit holds: a colon outside brackets
/// (an unknown label), or a clause mark not followed by another credit.
fn value_end(s: &str, from: usize) -> Option<(usize, usize)> {
    let mut depth: Vec<char> = Vec::new();
    let mut boundary = false;
    for (i, c) in s[from..].char_indices() {
        let i = from + i;
        if let Some(&close) = depth.last() {
            if c == close {
                depth.pop();
            }
            boundary = false;
            continue;
        }
        if let Some(&(_, close)) = BRACKETS.iter().find(|(open, _)| *open == c) {
            depth.push(close);
            boundary = false;
            continue;
        }
        let joiner = CREDIT_JOINERS.contains(&c);
        if boundary && !c.is_whitespace() && !joiner && label_at(&s[i..]).is_some() {
            let value = s[from..i]
                .trim_end_matches(|c: char| c.is_whitespace() || CREDIT_JOINERS.contains(&c));
            return Some((from + value.len(), i));
        }
        if (c == '：' || c == ':') && !s[i + c.len_utf8()..].starts_with("//") {
            return None;
        }
        if matches!(c, '，' | ',' | '；' | ';') {
            // Only between two credits.
            label_at(s[i + c.len_utf8()..].trim_start())?;
        }
        boundary = c.is_whitespace() || joiner;
    }
    let value =
        s[from..].trim_end_matches(|c: char| c.is_whitespace() || CREDIT_JOINERS.contains(&c));
    Some((from + value.len(), s.len()))
}

/// `►文观察者网鞠峰`: a first line of `文`, an outlet and a name with no separator, marked as
/// a credit by a leading decoration or by an outlet's name.
fn first_line_byline(text: &str, stripped: &str) -> Option<String> {
    let rest = stripped.strip_prefix('文')?;
    let count = rest.chars().count();
    if !(2..=FIRST_BYLINE_MAX_CHARS).contains(&count)
        || !rest.starts_with(|c: char| c.is_alphabetic())
        || !rest
            .chars()
            .all(|c| c.is_alphanumeric() || c == '·' || c.is_whitespace())
    {
        return None;
    }
    let decorated = text
        .trim_start()
        .starts_with(|c: char| LINE_DECORATIONS.contains(&c));
    let outlet = ["网", "报", "社", "台", "新闻", "财经", "周刊", "杂志"]
        .iter()
        .filter_map(|o| rest.find(o).map(|at| rest[at + o.len()..].chars().count()))
        .any(|after| (2..=4).contains(&after));
    (decorated || outlet).then(|| crate::html_facts::collapse_whitespace(stripped))
}

// ── Calls to action ──────────────────────────────────────────────────────────────────────

/// True when the line is nothing but a call to follow, subscribe, scan or download: every
/// clause a call (a verb from [`CALL_VERBS`] with a target from [`CALL_TARGETS`]) or a filler
/// (`更多精彩内容`), and the whole short. A sentence that mentions a 公众号 is not one.
pub(crate) fn is_call_to_action(s: &str) -> bool {
    if s.is_ascii() || s.starts_with(|c: char| c.is_ascii_uppercase()) {
        return is_call_to_action_en(s);
    }
    if s.chars().count() > CALL_MAX_CHARS {
        return false;
    }
    let mut calls = 0;
    for clause in s.split([
        '，', ',', '。', '！', '!', '？', '?', '；', ';', '~', '～', '…', '：', ':',
    ]) {
        let clause = clause.trim_matches(|c: char| c.is_whitespace() || "“”\"「」".contains(c));
        if clause.is_empty() {
            continue;
        }
        let n = clause.chars().count();
        let mut body = clause;
        for _ in 0..2 {
            if let Some(rest) = CALL_OPENERS.iter().find_map(|o| body.strip_prefix(o)) {
                body = rest;
            }
        }
        let call = n <= CALL_CLAUSE_MAX_CHARS
            && CALL_VERBS.iter().any(|v| body.starts_with(v))
            && CALL_TARGETS.iter().any(|t| body.contains(t));
        let filler =
            n <= CALL_FILLER_MAX_CHARS && CALL_FILLERS.iter().any(|f| clause.starts_with(f));
        if call {
            calls += 1;
        } else if !filler {
            return false;
        }
    }
    calls > 0
}

fn is_call_to_action_en(s: &str) -> bool {
    let s = s.trim_end_matches(['.', '!']);
    s.chars().count() <= CALL_MAX_CHARS_EN
        && !s.contains(". ")
        && CALL_VERBS_EN.iter().any(|v| s.starts_with(v))
        && s.split(|c: char| !c.is_alphanumeric())
            .any(|w| CALL_TARGETS_EN.iter().any(|t| w.eq_ignore_ascii_case(t)))
}

// ── Footers ──────────────────────────────────────────────────────────────────────────────

/// Containers the footer walk looks into (everything else is a block).
const CONTAINERS: &[&str] = &[
    "div", "section", "article", "main", "header", "footer", "body", "html", "span", "font",
    "center",
];

/// Blocks whose text is judged (the others end the walk when they hold text).
const TEXT_BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "aside",
    "address",
];

/// What a block at the end of the article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// Removed as a footer, with the report name.
    Footer(&'static str),
    /// A related-articles heading (removed when link blocks follow it).
    Related,
    /// Images or links only: removed with a footer or heading above it.
    Pending,
    /// A rule, an empty block or a credit line: stepped over.
    Over,
    /// The article's own content: the walk stops.
    Content,
}

/// Removes the footer blocks at the end of the article (see the module doc). Images in them
/// are noted in `rejected` (never a cover). Returns whether it removed anything.
pub(crate) fn remove_footers(
    doc: &mut Document,
    report: &mut Report,
    rejected: &mut Vec<String>,
) -> bool {
    let blocks = blocks(&doc.html, doc.root);
    let mut remove: Vec<(NodeId, &'static str)> = Vec::new();
    let mut pending: Vec<NodeId> = Vec::new();
    let mut rules: Vec<NodeId> = Vec::new();
    let mut looked = 0;
    let mut stopped = false;
    for &id in blocks.iter().rev() {
        let tail = tail_kind(&doc.html, id);
        match tail {
            Tail::Footer(name) => {
                remove.push((id, name));
                remove.extend(pending.drain(..).map(|p| (p, "footer-media")));
            }
            Tail::Related if !pending.is_empty() => {
                remove.push((id, "related-links"));
                remove.extend(pending.drain(..).map(|p| (p, "related-links")));
            }
            Tail::Pending => {
                pending.push(id);
                if pending.len() > FOOTER_MAX_PENDING {
                    return false;
                }
                continue;
            }
            Tail::Over => {
                if dom::element_name(&doc.html, id) == Some("hr") {
                    rules.push(id);
                }
                continue;
            }
            Tail::Related | Tail::Content => {
                stopped = true;
                break;
            }
        }
        looked += 1;
        if looked >= FOOTER_MAX_BLOCKS {
            // Still footers this far up: not the article's end matter after all.
            stopped = remove.is_empty();
            break;
        }
    }
    // A text made only of footers is what the reader came for: it stays.
    if !stopped || remove.is_empty() {
        return false;
    }
    for (id, name) in remove {
        note_images(&doc.html, id, rejected);
        let kind = if name == "footer-follow" {
            "promo"
        } else {
            "footer"
        };
        report.removed(
            kind,
            format!(
                "{name}: {}",
                dom::text_excerpt(&doc.html, id, EXCERPT_CHARS)
            ),
        );
        remove_with_empty_ancestors(&mut doc.html, id, doc.root);
    }
    // The rules that separated the footers from the article.
    for id in rules {
        remove_with_empty_ancestors(&mut doc.html, id, doc.root);
    }
    true
}

/// The blocks of the article in document order (containers walked into).
fn blocks(html: &Html, root: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = Vec::new();
    dom::push_children(html, root, &mut stack, |c| c);
    while let Some(id) = stack.pop() {
        match html.tree.get(id).map(|n| n.value()) {
            Some(Node::Element(el)) if CONTAINERS.contains(&el.name()) => {
                dom::push_children(html, id, &mut stack, |c| c);
            }
            Some(Node::Element(_)) => out.push(id),
            Some(Node::Text(t)) if !t.trim().is_empty() => out.push(id),
            _ => {}
        }
    }
    out
}

fn tail_kind(html: &Html, id: NodeId) -> Tail {
    let Some(name) = dom::element_name(html, id) else {
        return Tail::Content;
    };
    if name == "hr" || name == "br" {
        return Tail::Over;
    }
    let text = dom::text_excerpt(html, id, FOOTER_MAX_CHARS);
    if text.is_empty() {
        let media = html.tree.get(id).is_some_and(|n| {
            n.descendants()
                .any(|d| d.value().as_element().is_some_and(|e| e.name() == "img"))
        });
        return if media { Tail::Pending } else { Tail::Over };
    }
    if !TEXT_BLOCKS.contains(&name) || text.ends_with('…') {
        return Tail::Content;
    }
    let stripped =
        text.trim_start_matches(|c: char| LINE_DECORATIONS.contains(&c) || c.is_whitespace());
    if credit_fields(stripped).is_some() {
        return Tail::Over;
    }
    if let Some(name) = footer_kind(stripped) {
        return Tail::Footer(name);
    }
    let bare = stripped.trim_matches(|c: char| !c.is_alphanumeric());
    if RELATED_HEADINGS
        .iter()
        .any(|h| bare.eq_ignore_ascii_case(h))
    {
        return Tail::Related;
    }
    if text.chars().count() <= CREDIT_BLOCK_MAX_CHARS && label_at(stripped).is_some() {
        return Tail::Over;
    }
    if text.chars().count() <= LINK_BLOCK_MAX_CHARS && links_only(html, id) {
        return Tail::Pending;
    }
    Tail::Content
}

/// The footer kind of a block's text, if it is one.
fn footer_kind(s: &str) -> Option<&'static str> {
    let n = s.chars().count();
    let bare = s.trim_matches(|c: char| !c.is_alphanumeric());
    if END_MARKS.contains(&bare) {
        return Some("footer-end-mark");
    }
    let labelled = FOOTER_LABELS.iter().any(|l| {
        s.get(..l.len()).is_some_and(|p| p.eq_ignore_ascii_case(l))
            && s[l.len()..].trim_start().starts_with(['：', ':'])
    });
    if labelled || FOOTER_PHRASES.iter().any(|p| s.contains(p)) {
        return Some("footer-notice");
    }
    let (words, problems) = TRANSLATION_WORDS;
    if words.iter().any(|w| s.contains(w))
        && problems.iter().any(|w| s.contains(w))
        && s.contains(['。', '，'])
    {
        // A translation community's note is sentences about the translation; a credit
        // (`翻译：张三`) is a line for pass 3.
        if label_at(s).is_none() {
            return Some("footer-translation");
        }
    }
    // The note says at once what it is (`本文来自…`, `本文系…原创`, `以上内容仅供参考`); a
    // closing paragraph that starts with 本文 and mentions a view later is the article's.
    let head: String = s.chars().take(SYNDICATION_WORD_WITHIN).collect();
    if n <= SYNDICATION_MAX_CHARS
        && SYNDICATION_OPENERS.iter().any(|o| s.starts_with(o))
        && SYNDICATION_WORDS.iter().any(|w| head.contains(w))
    {
        return Some("footer-syndication");
    }
    // A follow phrase opens the block (`欢迎关注…`, `微信公众号：…`); inside a sentence
    // (`他说：“关注我们的…”`) it is the story's.
    if n <= MORE_LINK_MAX_CHARS && MORE_LINKS.iter().any(|p| s.contains(p)) {
        return Some("footer-follow");
    }
    if n <= FOLLOW_MAX_CHARS
        && (FOLLOW_PHRASES.iter().any(|p| s.starts_with(p)) || is_call_to_action(s))
    {
        return Some("footer-follow");
    }
    None
}

/// True when every character of text under `id` sits inside a link.
fn links_only(html: &Html, id: NodeId) -> bool {
    let Some(node) = html.tree.get(id) else {
        return false;
    };
    let mut linked = false;
    for d in node.descendants() {
        let Node::Text(t) = d.value() else {
            continue;
        };
        if t.trim().is_empty() {
            continue;
        }
        let in_link = d
            .ancestors()
            .take_while(|a| a.id() != id)
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "a"));
        if !in_link {
            return false;
        }
        linked = true;
    }
    linked
}

fn note_images(html: &Html, id: NodeId, out: &mut Vec<String>) {
    if let Some(node) = html.tree.get(id) {
        for d in node.descendants() {
            if let Some(src) = d
                .value()
                .as_element()
                .filter(|e| e.name() == "img")
                .and_then(|e| e.attr("src"))
            {
                out.push(src.to_owned());
            }
        }
    }
}

// ── Author cards ─────────────────────────────────────────────────────────────────────────

/// Lifts author cards (a name element followed by a bio element, see
/// [`AUTHOR_CARD_CLASSES`]) into `meta.byline` and removes them with their avatar. Runs on
/// the tree as parsed, while the classes are still there.
pub(crate) fn lift_author_cards(
    doc: &mut Document,
    report: &mut Report,
    meta: &mut Meta,
    rejected: &mut Vec<String>,
) {
    let (names, bios) = AUTHOR_CARD_CLASSES;
    let has_class = |html: &Html, id: NodeId, set: &[&str]| {
        html.tree
            .get(id)
            .and_then(|n| n.value().as_element())
            .is_some_and(|e| dom::classes(e).any(|c| set.contains(&c)))
    };
    let mut cards: Vec<(NodeId, NodeId)> = Vec::new();
    for id in dom::descendants(&doc.html, doc.root) {
        if !has_class(&doc.html, id, names) {
            continue;
        }
        let next = doc.html.tree.get(id).and_then(|n| {
            n.next_siblings()
                .find(|s| !matches!(s.value(), Node::Text(t) if t.trim().is_empty()))
        });
        if let Some(bio) = next
            .map(|n| n.id())
            .filter(|&b| has_class(&doc.html, b, bios))
        {
            cards.push((id, bio));
        }
    }
    for (author, bio) in cards {
        let name = crate::html_facts::collapse_whitespace(&dom::text_content(&doc.html, author));
        let name = name
            .trim_end_matches(|c: char| c.is_whitespace() || "，,、:：".contains(c))
            .to_owned();
        let count = name.chars().count();
        if count == 0 || count > AUTHOR_CARD_MAX_CHARS || name.contains(SENTENCE_PUNCTUATION) {
            continue;
        }
        // The card's own box goes whole when it holds nothing else (an avatar, the name, the
        // bio); otherwise the name, the bio and an avatar just before the name.
        let parent = doc
            .html
            .tree
            .get(author)
            .and_then(|n| n.parent())
            .map(|p| p.id());
        let whole = parent.filter(|&p| {
            p != doc.root
                && doc.html.tree.get(p).is_some_and(|n| {
                    n.children().all(|c| match c.value() {
                        Node::Text(t) => t.trim().is_empty(),
                        Node::Element(e) => {
                            c.id() == author || c.id() == bio || matches!(e.name(), "img" | "br")
                        }
                        _ => true,
                    })
                })
        });
        let mut gone = Vec::new();
        match whole {
            Some(p) => gone.push(p),
            None => {
                gone.extend([author, bio]);
                if let Some(img) = doc.html.tree.get(author).and_then(|n| {
                    n.prev_siblings()
                        .find(|s| !matches!(s.value(), Node::Text(t) if t.trim().is_empty()))
                        .filter(|s| s.value().as_element().is_some_and(|e| e.name() == "img"))
                }) {
                    gone.push(img.id());
                }
            }
        }
        report.removed(
            "meta_line",
            format!(
                "author-card: {}",
                excerpt(
                    &format!("{name} {}", dom::text_content(&doc.html, bio)),
                    EXCERPT_CHARS
                )
            ),
        );
        meta.byline.get_or_insert(name);
        for id in gone {
            note_images(&doc.html, id, rejected);
            dom::remove(&mut doc.html, id);
        }
    }
}

/// Whether `node` is a link to a tag page: `rel` holds the token `tag`, and its text is not
/// a hashtag (`#exp1h` in a social post is the post's own text).
fn is_tag_link(html: &Html, node: ego_tree::NodeRef<'_, Node>) -> bool {
    node.value().as_element().is_some_and(|el| {
        el.name() == "a"
            && dom::get_attr(el, "rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("tag"))
            })
    }) && !matches!(
        dom::text_excerpt(html, node.id(), 1).chars().next(),
        Some('#' | '＃')
    )
}

/// Removes tag lists: the parent of `rel=tag` links when it holds nothing but those links,
/// separators and, before the first link, a label of at most [`TAG_LABEL_MAX_CHARS`]
/// characters without sentence punctuation (`<strong>Tags<br><a rel=tag>…</a>, <a
/// rel=tag>…</a></strong>`, `标签：…`, `Filed under: … | …`). A sentence that links a tag stays.
/// Runs on the tree as parsed, while `rel` is still there.
pub(crate) fn remove_tag_lists(doc: &mut Document, report: &mut Report) {
    let is_separator = |c: char| c.is_whitespace() || ",;|·•/、，；:：".contains(c);
    let mut parents: Vec<NodeId> = Vec::new();
    let Some(root) = doc.html.tree.get(doc.root) else {
        return;
    };
    for node in root.descendants() {
        if is_tag_link(&doc.html, node) {
            if let Some(p) = node.parent().map(|p| p.id()) {
                if p != doc.root && parents.last() != Some(&p) {
                    parents.push(p);
                }
            }
        }
    }
    for p in parents {
        // In document order: text before the first tag link is the label, any after it prose.
        let (mut label, mut prose, mut after_link) = (0, false, false);
        let mut stack = dom::children(&doc.html, p);
        stack.reverse();
        while let Some(id) = stack.pop() {
            let Some(node) = doc.html.tree.get(id) else {
                continue;
            };
            match node.value() {
                Node::Text(t) => {
                    let n = t.chars().filter(|&c| !is_separator(c)).count();
                    prose |= n > 0 && (after_link || t.contains(SENTENCE_PUNCTUATION));
                    label += n;
                }
                Node::Element(_) if is_tag_link(&doc.html, node) => after_link = true,
                Node::Element(_) => stack.extend(node.children().rev().map(|c| c.id())),
                _ => {}
            }
        }
        // (Still in the document: not inside a list removed before it.)
        let attached = doc
            .html
            .tree
            .get(p)
            .is_some_and(|n| n.ancestors().any(|a| a.id() == doc.root));
        if prose || label > TAG_LABEL_MAX_CHARS || !attached {
            continue;
        }
        report.removed(
            "tags",
            format!(
                "tag-list: {}",
                dom::text_excerpt(&doc.html, p, EXCERPT_CHARS)
            ),
        );
        remove_with_empty_ancestors(&mut doc.html, p, doc.root);
    }
}

#[cfg(test)]
mod tests;

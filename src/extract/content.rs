//! Main-content detection: which blocks of a page are the article.
//!
//! The page is indexed once in document order (an explicit stack, no recursion), text
//! statistics are summed bottom-up in one reverse pass, and every decision afterwards reads
//! those sums, so the whole analysis is linear in the size of the page.
//!
//! Scoring follows the family of Readability-style extractors, adapted to Chinese:
//!
//! - text length counts characters, not words, with a CJK character weighing
//!   [`CJK_WEIGHT`] Latin letters (a Chinese character carries about as much as a short word);
//! - punctuation density counts CJK commas, enumeration commas and full stops
//!   (`，、。；`) as well as ASCII commas, as GeneralNewsExtractor's symbol density does;
//! - link density is the share of (weighted) text inside links.
//!
//! Paragraphs give points to their ancestors; the best-scoring ancestor, adjusted for link
//! density, is the article's container. The result is a new subtree: the container plus
//! siblings that look like more of the same article, with navigation, asides, share bars,
//! comment sections and link lists taken out.

use super::signals::{
    class_weight, has_word, is_hidden, is_junk_tag, is_unlikely_role, Attrs, BOILERPLATE_SET,
    MAYBE_SET, STRONG_UNLIKELY, STRONG_UNLIKELY_SET, UNLIKELY_SET,
};
use crate::dom::get_attr;
use crate::html_facts::{is_block, is_cjk};
use ego_tree::NodeId;
use html5ever::{local_name, LocalName};
use scraper::{Html, Node};

/// How many Latin letters one CJK character weighs in text lengths.
pub(crate) const CJK_WEIGHT: u32 = 3;

// Thresholds. Lengths are weighted characters without whitespace (a CJK character counts
// [`CJK_WEIGHT`]), link densities the share of that text inside links; where a value comes
// from Readability.js, its name there is given.

/// Points a class or an id adds or takes away (Readability's ±25 class weight).
pub(super) const CLASS_WEIGHT: i32 = 25;
/// Inline text under which a block gives no points: a label or a caption, not a paragraph.
const MIN_PARAGRAPH_LEN: u32 = 25;
/// One more point per this many characters of a paragraph (Readability: per 100 characters)…
const LEN_PER_POINT: u32 = 100;
/// …up to this many: a very long paragraph is still one paragraph.
const MAX_LEN_POINTS: u32 = 3;
/// How many ancestors a paragraph's points reach (Readability scores five levels).
const SCORED_LEVELS: u32 = 5;
/// A runner-up scoring this share of the top candidate speaks for a common ancestor.
const RUNNER_UP_SHARE: f64 = 0.75;
/// Runner-ups looked at for a common ancestor.
const RUNNER_UPS: usize = 4;
/// Runner-ups that must share an ancestor for the article to be that ancestor (Readability's
/// MINIMUM_TOPCANDIDATES).
const RUNNER_UPS_AGREEING: usize = 3;
/// Climbing to the parent stops when it scores under the candidate's score divided by this
/// (Readability: a third).
const CLIMB_DIVISOR: f64 = 3.0;
/// A sibling joins the article when it scores this share of the top score…
const SIBLING_SHARE: f64 = 0.2;
/// …and at least this much (a stray scored link is no part of the article).
const SIBLING_MIN_SCORE: f64 = 10.0;
/// Share of the top score a sibling with the same class gets as a bonus.
const SAME_CLASS_BONUS: f64 = 0.2;
/// A sibling this long, at least half the article and with little link text, is more of it
/// (an article split over two layout tables).
const SPLIT_ARTICLE_LEN: u32 = 500;
/// Highest link density of such a second half.
const SPLIT_ARTICLE_LINK_DENSITY: f64 = 0.2;
/// A sibling paragraph longer than this with little link text joins the article; a shorter
/// one only when it reads as a sentence and holds no link.
const SIBLING_PARAGRAPH_LEN: u32 = 80;
/// Link density under which a sibling paragraph counts as prose (and over which a block of
/// a listing or a section opening with "Related" counts as links).
const PROSE_LINK_DENSITY: f64 = 0.25;

/// On a listing page, candidates within this share of the best one are the posts.
const LISTING_SCORE_SHARE: f64 = 0.1;
/// A listed post has at least this much text.
const LISTING_POST_LEN: u32 = 300;
/// The lead post of a listing scores at least this share of the best candidate.
const LISTING_LEAD_SHARE: f64 = 0.5;
/// Posts of one template that make a listing (and the leads tried).
const LISTING_POSTS: usize = 3;
/// Gaps between posts that must hold a date (each post prints its own).
const LISTING_DATED_GAPS: usize = 2;
/// Bytes of text read between two posts when looking for a date.
const LISTING_GAP_BYTES: usize = 4000;

/// Longest opening (characters) that can be a section heading like "Related stories".
const SECTION_PHRASE_CHARS: usize = 40;
/// Longest block (characters) read as a metadata line (`来源：…`).
const META_LINE_CHARS: usize = 80;
/// Longest byline line of names (`本报记者 王燕平 方云凤`), in characters.
const BYLINE_LINE_CHARS: usize = 25;
/// A "Related…" section is dropped when it is at most this long, or mostly links.
const SECTION_MAX_LEN: u32 = 1200;
/// A paragraph at most this long that is nearly all link…
const TEASER_MAX_LEN: u32 = 200;
/// …(this link density) is a "read also" teaser.
const TEASER_LINK_DENSITY: f64 = 0.9;
/// Longest block checked for a metadata line (`META_LINE_CHARS` of weighted text).
const META_LINE_MAX_LEN: u32 = 240;
/// Longest block a boilerplate class (caption, credit, share bar…) removes.
const BOILERPLATE_MAX_LEN: u32 = 1000;
/// Longest heading compared with the title (a repeated headline is dropped).
const TITLE_HEADING_MAX_LEN: u32 = 600;
/// A heading that is part of the title, not all of it, needs this many bytes.
const TITLE_PART_MIN_BYTES: usize = 10;
/// An embedded post or quote at most this long…
const EMBED_QUOTE_MAX_LEN: u32 = 2000;
/// …and with at most this link density stays (a tweet in a "widget" wrapper).
const EMBED_QUOTE_LINK_DENSITY: f64 = 0.5;
/// A block with this many commas is prose and stays (Readability: 10).
const PROSE_COMMAS: u32 = 10;
/// List items a block may hold beyond its paragraphs before it is a list (Readability: 100).
const LIST_ITEM_ALLOWANCE: f64 = 100.0;
/// Share of text in list items (or headings) from which a block is a list (or a heading).
const MOSTLY: f64 = 0.9;
/// Text outside links per list item (on average) from which a link-rich list is part of
/// the post (its items say something) rather than a list of links.
const LIST_ITEM_PROSE_LEN: u32 = 30;
/// A block with less text than this and no image or embed is debris.
const MIN_BLOCK_LEN: u32 = 25;
/// Link density over which an unweighted block leaves (Readability: 0.2)…
const LINK_DENSITY_MAX: f64 = 0.2;
/// …and over which a list or a positively weighted block leaves (Readability: 0.5).
const LINK_DENSITY_MAX_WEIGHTED: f64 = 0.5;
/// Fewer than one paragraph per two images is an image strip.
const PARAGRAPHS_PER_IMAGE: f64 = 0.5;

/// "Probably an article": paragraphs shorter than this add nothing (Readability counts 140
/// characters with spaces; these lengths have none)…
const READERABLE_PARAGRAPH_LEN: f64 = 120.0;
/// …and the square roots of what longer ones exceed it by must sum past this (Readability's
/// minScore 20).
const READERABLE_SCORE: f64 = 20.0;

/// Sentinel for "no parent" in the index.
const NONE: usize = usize::MAX;

/// Which of the riskier heuristics a run applies; later runs drop them when the first one
/// finds too little text (a page whose article sits in a `class="comment-body"` wrapper…).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Flags {
    /// Drop subtrees whose class/id looks like navigation, comments, sidebars, ads.
    pub strip_unlikely: bool,
    /// Let class/id names add or subtract points.
    pub weight_classes: bool,
    /// Drop link lists, image strips and other low-prose blocks inside the article.
    pub clean_conditionally: bool,
}

impl Flags {
    /// Every heuristic on.
    pub const ALL: Flags = Flags {
        strip_unlikely: true,
        weight_classes: true,
        clean_conditionally: true,
    };
}

/// Text statistics of a subtree (or of the inline text directly in a block).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    /// Weighted non-whitespace characters (CJK count [`CJK_WEIGHT`]).
    pub len: u32,
    /// Weighted characters inside links.
    pub link: u32,
    /// Commas and CJK sentence punctuation.
    pub commas: u32,
    /// `<p>` elements.
    pub p: u32,
    /// Images.
    pub img: u32,
    /// List items.
    pub li: u32,
    /// Weighted characters inside list items.
    pub li_len: u32,
    /// Weighted characters inside headings.
    pub heading_len: u32,
    /// Embedded media (iframe, video, object, embed).
    pub embed: u32,
    /// Form controls.
    pub input: u32,
    /// Block quotes (embedded posts and tweets are quotes).
    pub quote: u32,
    /// Table headers and captions (`th`, `thead`, `caption`, `col`, `colgroup`).
    pub table_head: u32,
    /// CJK characters (unweighted).
    pub cjk: u32,
    /// Sentence ends: `.`, `!`, `?` before whitespace or the end of the text, `。！？`.
    pub stops: u32,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.len = self.len.saturating_add(o.len);
        self.link = self.link.saturating_add(o.link);
        self.commas = self.commas.saturating_add(o.commas);
        self.p = self.p.saturating_add(o.p);
        self.img = self.img.saturating_add(o.img);
        self.li = self.li.saturating_add(o.li);
        self.li_len = self.li_len.saturating_add(o.li_len);
        self.heading_len = self.heading_len.saturating_add(o.heading_len);
        self.embed = self.embed.saturating_add(o.embed);
        self.input = self.input.saturating_add(o.input);
        self.quote = self.quote.saturating_add(o.quote);
        self.table_head = self.table_head.saturating_add(o.table_head);
        self.cjk = self.cjk.saturating_add(o.cjk);
        self.stops = self.stops.saturating_add(o.stops);
    }

    /// Share of the text that sits in links (0 when there is no text).
    pub fn link_density(&self) -> f64 {
        if self.len == 0 {
            0.0
        } else {
            f64::from(self.link) / f64::from(self.len)
        }
    }

    fn of_text(t: &str) -> Counts {
        let mut c = Counts::default();
        // Sentence ends: an ASCII stop before whitespace or the end (not `3.5`, `e.g.x`).
        if t.is_ascii() {
            // Most text nodes: one pass over the bytes, no UTF-8 decoding.
            let mut prev = b' ';
            for &b in t.as_bytes() {
                if matches!(b, b'\t'..=b'\r' | b' ') {
                    c.stops = c
                        .stops
                        .saturating_add(u32::from(matches!(prev, b'.' | b'!' | b'?')));
                } else {
                    c.len = c.len.saturating_add(1);
                    c.commas = c.commas.saturating_add(u32::from(b == b','));
                }
                prev = b;
            }
            c.stops = c
                .stops
                .saturating_add(u32::from(matches!(prev, b'.' | b'!' | b'?')));
            return c;
        }
        let mut prev = ' ';
        for ch in t.chars() {
            if ch.is_ascii() {
                // The common case, decided without the Unicode tables.
                if matches!(ch, '\t'..='\r' | ' ') {
                    c.stops = c
                        .stops
                        .saturating_add(u32::from(matches!(prev, '.' | '!' | '?')));
                } else {
                    c.len = c.len.saturating_add(1);
                    c.commas = c.commas.saturating_add(u32::from(ch == ','));
                }
                prev = ch;
                continue;
            }
            prev = ch;
            if ch.is_whitespace() {
                continue;
            }
            if is_cjk(ch) {
                c.len = c.len.saturating_add(CJK_WEIGHT);
                c.cjk = c.cjk.saturating_add(1);
            } else {
                c.len = c.len.saturating_add(1);
            }
            if matches!(ch, ',' | '，' | '、' | '。' | '；' | '﹐' | '､' | '｡') {
                c.commas = c.commas.saturating_add(1);
            }
            if matches!(ch, '。' | '！' | '？') {
                c.stops = c.stops.saturating_add(1);
            }
        }
        c.stops = c
            .stops
            .saturating_add(u32::from(matches!(prev, '.' | '!' | '?')));
        c
    }
}

/// How a block's own (inline) text is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Not scored.
    None,
    /// A paragraph: its ancestors get the points.
    Paragraph,
    /// A container with loose text: it gets the points itself, as if the text were a
    /// paragraph child.
    Container,
}

fn role(name: &LocalName) -> Role {
    match *name {
        local_name!("p")
        | local_name!("pre")
        | local_name!("h2")
        | local_name!("h3")
        | local_name!("h4")
        | local_name!("h5")
        | local_name!("h6")
        | local_name!("blockquote") => Role::Paragraph,
        local_name!("div")
        | local_name!("section")
        | local_name!("article")
        | local_name!("main")
        | local_name!("td")
        | local_name!("body")
        | local_name!("center")
        | local_name!("font") => Role::Container,
        _ => Role::None,
    }
}

/// The page indexed in document order with bottom-up statistics.
pub(crate) struct Index<'a> {
    pub html: &'a Html,
    /// Node ids in document order (junk subtrees and comments left out).
    pub ids: Vec<NodeId>,
    /// Index of the parent (`NONE` for the root).
    pub parent: Vec<usize>,
    /// Element name (`None` for text).
    pub name: Vec<Option<&'a str>>,
    /// The same as an interned name (compared as an integer).
    pub tag: Vec<Option<&'a LocalName>>,
    /// Number of indexed nodes in the subtree (the node included): the subtree of `i` is
    /// `i..i + size[i]`.
    pub size: Vec<usize>,
    /// Statistics of the whole subtree.
    pub total: Vec<Counts>,
    /// Statistics of the text directly in a block (through inline elements only).
    pub inline: Vec<Counts>,
    /// Whether an element has a block-level element child.
    pub has_block_child: Vec<bool>,
    /// Whether an element has a block-level element anywhere below it.
    pub has_block_inside: Vec<bool>,
    /// Whether an element has a `<br>` child.
    pub has_br_child: Vec<bool>,
    /// Class weight (0 when weighting is off).
    pub weight: Vec<i32>,
    /// Roots of subtrees that were left out as junk.
    pub junk: Vec<NodeId>,
    /// Whether the node is inside a `<li>`.
    pub in_li: Vec<bool>,
    /// The first text node with visible characters in the subtree (`NONE` when none).
    pub first_text: Vec<usize>,
}

impl<'a> Index<'a> {
    /// Indexes the subtree under `root` (included).
    pub fn build(html: &'a Html, root: NodeId, flags: Flags) -> Index<'a> {
        // The tree's node count bounds the index: no reallocation while walking.
        let cap = html.tree.values().len();
        let mut ix = Index {
            html,
            ids: Vec::with_capacity(cap),
            parent: Vec::with_capacity(cap),
            name: Vec::with_capacity(cap),
            tag: Vec::with_capacity(cap),
            size: Vec::new(),
            total: Vec::new(),
            inline: Vec::new(),
            has_block_child: Vec::new(),
            has_block_inside: Vec::new(),
            has_br_child: Vec::new(),
            weight: Vec::with_capacity(cap),
            junk: Vec::new(),
            in_li: Vec::with_capacity(cap),
            first_text: Vec::new(),
        };
        // (node, parent index, inside table/code, inside li): the next node to visit at each
        // level; a node's next sibling (same parent and context) waits under its first child.
        // The root's siblings are not part of its subtree.
        let mut stack: Vec<(NodeId, usize, bool, bool)> = vec![(root, NONE, false, false)];
        while let Some((id, parent, in_table, in_li)) = stack.pop() {
            let Some(node) = html.tree.get(id) else {
                continue;
            };
            if parent != NONE {
                if let Some(next) = node.next_sibling() {
                    stack.push((next.id(), parent, in_table, in_li));
                }
            }
            let mut name = None;
            let mut tag = None;
            let mut weight = 0;
            let mut child_in_table = in_table;
            let mut child_in_li = in_li;
            match node.value() {
                Node::Text(_) => {}
                Node::Element(el) => {
                    let local = &el.name.local;
                    let a = Attrs::of(el);
                    let keep_anyway = parent == NONE
                        || matches!(*local, local_name!("body") | local_name!("html"));
                    if !keep_anyway && (is_junk_tag(local) || is_hidden(&a)) {
                        ix.junk.push(id);
                        continue;
                    }
                    if !keep_anyway && a.role.is_some_and(is_unlikely_role) {
                        ix.junk.push(id);
                        continue;
                    }
                    if !keep_anyway && *local != local_name!("a") {
                        // A token starting with the keyword as a word of its own.
                        let strong = a.class_or_id_has(&STRONG_UNLIKELY_SET)
                            && [a.class, a.id]
                                .into_iter()
                                .flatten()
                                .flat_map(str::split_whitespace)
                                .any(|t| {
                                    STRONG_UNLIKELY.iter().any(|s| {
                                        t.len() >= s.len()
                                            && t.as_bytes()[..s.len()]
                                                .eq_ignore_ascii_case(s.as_bytes())
                                            && has_word(t, s)
                                    })
                                });
                        let weak = flags.strip_unlikely
                            && !in_table
                            && a.class_or_id_has_word(&UNLIKELY_SET)
                            && !a.class_or_id_has(&MAYBE_SET);
                        if strong || weak {
                            ix.junk.push(id);
                            continue;
                        }
                    }
                    if flags.weight_classes {
                        weight = class_weight(&a);
                    }
                    if matches!(
                        *local,
                        local_name!("table") | local_name!("code") | local_name!("pre")
                    ) {
                        child_in_table = true;
                    }
                    if *local == local_name!("li") {
                        child_in_li = true;
                    }
                    name = Some(el.name());
                    tag = Some(local);
                }
                Node::Document | Node::Fragment => {}
                _ => continue,
            }
            let me = ix.ids.len();
            ix.ids.push(id);
            ix.parent.push(parent);
            ix.name.push(name);
            ix.tag.push(tag);
            ix.weight.push(weight);
            ix.in_li.push(in_li);
            if let Some(first) = node.first_child() {
                stack.push((first.id(), me, child_in_table, child_in_li));
            }
        }
        let n = ix.ids.len();
        ix.size = vec![1; n];
        ix.total = vec![Counts::default(); n];
        ix.inline = vec![Counts::default(); n];
        ix.has_block_child = vec![false; n];
        ix.has_block_inside = vec![false; n];
        ix.has_br_child = vec![false; n];
        ix.first_text = vec![NONE; n];
        for i in (0..n).rev() {
            match ix.tag[i] {
                None => {
                    if let Some(Node::Text(t)) = html.tree.get(ix.ids[i]).map(|n| n.value()) {
                        let c = Counts::of_text(t);
                        ix.total[i] = c;
                        ix.inline[i] = c;
                        if c.len > 0 {
                            ix.first_text[i] = i;
                        }
                    }
                }
                Some(tag) => {
                    let t = &mut ix.total[i];
                    match *tag {
                        local_name!("a") => {
                            t.link = t.len;
                            ix.inline[i].link = ix.inline[i].len;
                        }
                        local_name!("p") => t.p += 1,
                        local_name!("img") | local_name!("picture") => t.img += 1,
                        local_name!("li") => {
                            t.li += 1;
                            t.li_len = t.len;
                        }
                        local_name!("h1")
                        | local_name!("h2")
                        | local_name!("h3")
                        | local_name!("h4")
                        | local_name!("h5")
                        | local_name!("h6") => t.heading_len = t.len,
                        local_name!("iframe")
                        | local_name!("video")
                        | local_name!("object")
                        | local_name!("embed")
                        | local_name!("audio") => t.embed += 1,
                        local_name!("blockquote") => t.quote += 1,
                        local_name!("caption")
                        | local_name!("th")
                        | local_name!("thead")
                        | local_name!("colgroup")
                        | local_name!("col") => t.table_head += 1,
                        _ => {}
                    }
                }
            }
            let p = ix.parent[i];
            if p == NONE {
                continue;
            }
            if ix.first_text[i] != NONE {
                // Children are visited last to first, so the first child wins.
                ix.first_text[p] = ix.first_text[i];
            }
            let (tot, inl, size) = (ix.total[i], ix.inline[i], ix.size[i]);
            ix.total[p].add(&tot);
            ix.size[p] += size;
            let block = ix.tag[i].is_some_and(|n| is_block(n));
            if ix.has_block_inside[i] || block {
                ix.has_block_inside[p] = true;
            }
            if block {
                ix.has_block_child[p] = true;
            } else if ix.tag[i] == Some(&local_name!("br")) {
                ix.has_br_child[p] = true;
            } else {
                ix.inline[p].add(&inl);
            }
        }
        ix
    }

    fn text(&self, i: usize) -> String {
        crate::dom::text_content(self.html, self.ids[i])
    }
}

/// What a run decided: which subtrees form the article and what to take out of them.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Roots of the article, in document order.
    pub keep: Vec<NodeId>,
    /// Subtrees to detach (inside or outside the kept ones).
    pub remove: Vec<NodeId>,
    /// Weighted text length of the result.
    pub len: u32,
    /// Weighted text length of the result inside links.
    pub link: u32,
    /// The element whose `<p>` children hold the most text outside links (the first of
    /// equals): the largest prose container, a fallback candidate when the result is weak.
    pub prose_root: Option<NodeId>,
    /// The first reporter credit (`记者 刘涛`) among the metadata lines dropped from the
    /// article, whitespace collapsed: the page's byline when nothing else gives one.
    pub credit: Option<String>,
}

/// Finds the article under `body` with the given heuristics. `title` (when known) lets
/// headings that repeat it be dropped.
pub(crate) fn plan(html: &Html, body: NodeId, flags: Flags, title: Option<&str>) -> Plan {
    let ix = Index::build(html, body, flags);
    let n = ix.ids.len();
    if n == 0 {
        return Plan::default();
    }

    // 1. Paragraphs give points to their ancestors.
    let mut score = vec![0f64; n];
    let mut scored = vec![false; n];
    let mut candidates: Vec<usize> = Vec::new();
    for i in 0..n {
        let Some(tag) = ix.tag[i] else { continue };
        let r = role(tag);
        if r == Role::None {
            continue;
        }
        let inl = ix.inline[i];
        if inl.len < MIN_PARAGRAPH_LEN {
            continue;
        }
        let mut points =
            1.0 + f64::from(inl.commas) + f64::from((inl.len / LEN_PER_POINT).min(MAX_LEN_POINTS));
        points *= 1.0 - inl.link_density().min(1.0);
        if points <= 0.0 {
            continue;
        }
        let mut a = if r == Role::Paragraph {
            ix.parent[i]
        } else {
            i
        };
        let mut level = 0;
        while a != NONE && level < SCORED_LEVELS {
            if ix.name[a] == Some("html") || ix.name[a].is_none() {
                break;
            }
            if !scored[a] {
                scored[a] = true;
                score[a] = initial_score(ix.name[a].unwrap_or("")) + f64::from(ix.weight[a]);
                candidates.push(a);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => f64::from(l * 3),
            };
            score[a] += points / divider;
            a = ix.parent[a];
            level += 1;
        }
    }
    for &c in &candidates {
        score[c] *= 1.0 - ix.total[c].link_density().min(1.0);
    }
    // The largest prose container: `<p>` text outside links summed per parent.
    let mut prose = vec![0u32; n];
    let mut prose_root = NONE;
    for i in 0..n {
        let p = ix.parent[i];
        if p != NONE && ix.tag[i] == Some(&local_name!("p")) {
            let t = ix.total[i];
            prose[p] = prose[p].saturating_add(t.len - t.link.min(t.len));
            if prose_root == NONE || prose[p] > prose[prose_root] {
                prose_root = p;
            }
        }
    }

    // 2. The best candidate, moved up when its neighbours agree on a common ancestor.
    // A total order (ties broken by position), so the unstable sort gives the stable result.
    candidates.sort_unstable_by(by(&|a, b| score[*b].total_cmp(&score[*a]).then(a.cmp(b))));
    let root = 0usize;
    let mut top = match candidates.first() {
        Some(&c) if ix.name[c] != Some("body") => c,
        _ => root,
    };
    let best_score = candidates.first().map_or(0.0, |&c| score[c]);
    let listing = first_of_listing(&ix, &candidates, &score);
    if let Some(first) = listing {
        top = first;
    } else if top != root {
        let top_score = score[top];
        let mut alt_lists: Vec<rustc_hash::FxHashSet<usize>> = Vec::new();
        for &c in candidates.iter().skip(1).take(RUNNER_UPS) {
            if score[c] / top_score >= RUNNER_UP_SHARE {
                alt_lists.push(ancestors(&ix, c));
            }
        }
        if alt_lists.len() >= RUNNER_UPS_AGREEING {
            let mut p = ix.parent[top];
            while p != NONE && p != root {
                let containing = alt_lists.iter().filter(|l| l.contains(&p)).count();
                if containing >= RUNNER_UPS_AGREEING {
                    top = p;
                    break;
                }
                p = ix.parent[p];
            }
        }
        // Climb while the parent scores close to (or above) the candidate.
        let mut last = score[top];
        let threshold = last / CLIMB_DIVISOR;
        let mut p = ix.parent[top];
        while p != NONE && p != root {
            if !scored[p] {
                p = ix.parent[p];
                continue;
            }
            if score[p] < threshold {
                break;
            }
            if score[p] > last {
                top = p;
                break;
            }
            last = score[p];
            p = ix.parent[p];
        }
        // A lone child stands for its parent.
        loop {
            let p = ix.parent[top];
            if p == NONE || p == root {
                break;
            }
            if element_children(&ix, p).len() == 1 {
                top = p;
            } else {
                break;
            }
        }
    }

    // 3. Siblings that look like more of the same article.
    let mut keep: Vec<usize> = Vec::new();
    if top == root {
        keep.extend(element_children(&ix, root));
    } else {
        let top_score = score[top].max(best_score);
        let threshold = (top_score * SIBLING_SHARE).max(SIBLING_MIN_SCORE);
        let top_class = ix.html.tree.get(ix.ids[top]).and_then(|n| {
            n.value()
                .as_element()
                .and_then(|e| get_attr(e, "class"))
                .map(str::to_owned)
        });
        let parent = ix.parent[top];
        for s in element_children(&ix, parent) {
            if s == top {
                keep.push(s);
                continue;
            }
            let mut bonus = 0.0;
            if let Some(tc) = &top_class {
                let sc = ix
                    .html
                    .tree
                    .get(ix.ids[s])
                    .and_then(|n| n.value().as_element().and_then(|e| get_attr(e, "class")));
                if !tc.is_empty() && sc == Some(tc.as_str()) {
                    bonus = top_score * SAME_CLASS_BONUS;
                }
            }
            if scored[s] && score[s] + bonus >= threshold {
                keep.push(s);
                continue;
            }
            // A block of prose as large as the article itself is more of it (an article
            // split over two layout tables).
            let t = ix.total[s];
            if t.len >= SPLIT_ARTICLE_LEN
                && t.len * 2 >= ix.total[top].len
                && t.link_density() < SPLIT_ARTICLE_LINK_DENSITY
            {
                keep.push(s);
                continue;
            }
            let is_para = ix.name[s] == Some("p") || !ix.has_block_inside[s];
            if is_para && ix.name[s].is_some_and(|n| !matches!(n, "ul" | "ol" | "table" | "a")) {
                let t = ix.total[s];
                let ld = t.link_density();
                if t.len > SIBLING_PARAGRAPH_LEN && ld < PROSE_LINK_DENSITY {
                    keep.push(s);
                } else if t.len > 0 && t.len <= SIBLING_PARAGRAPH_LEN && ld == 0.0 {
                    let text = ix.text(s);
                    let text = text.trim();
                    if text.contains(". ") || text.ends_with('.') || text.contains('。') {
                        keep.push(s);
                    }
                }
            }
        }
    }

    // 4. Clean inside the kept subtrees, bottom-up on the counts that remain.
    let mut remove: Vec<NodeId> = ix.junk.clone();
    let mut credit: Option<String> = None;
    let mut kept = vec![Counts::default(); n];
    let (mut len, mut link) = (0u32, 0u32);
    let norm_title = title.map(normalize).filter(|t| !t.is_empty());
    let article_len = keep
        .iter()
        .fold(0u32, |a, &k| a.saturating_add(ix.total[k].len));
    for &k in &keep {
        for i in (k..k + ix.size[k]).rev() {
            let mut c = kept[i];
            match ix.tag[i] {
                None => c = ix.total[i],
                Some(tag) => {
                    match *tag {
                        local_name!("a") => c.link = c.len,
                        local_name!("p") => c.p += 1,
                        local_name!("img") | local_name!("picture") => c.img += 1,
                        local_name!("li") => {
                            c.li += 1;
                            c.li_len = c.len;
                        }
                        local_name!("h1")
                        | local_name!("h2")
                        | local_name!("h3")
                        | local_name!("h4")
                        | local_name!("h5")
                        | local_name!("h6") => c.heading_len = c.len,
                        local_name!("iframe")
                        | local_name!("video")
                        | local_name!("object")
                        | local_name!("embed")
                        | local_name!("audio") => c.embed += 1,
                        local_name!("blockquote") => c.quote += 1,
                        local_name!("caption")
                        | local_name!("th")
                        | local_name!("thead")
                        | local_name!("colgroup")
                        | local_name!("col") => c.table_head += 1,
                        _ => {}
                    }
                    // The chosen container never leaves (it holds the article, whatever
                    // its class says); the body only when it is the whole page.
                    if i != top && (i != k || ix.tag[k] != Some(&local_name!("body"))) {
                        let ctx = DropContext {
                            score: &score,
                            flags,
                            title: &norm_title,
                            article_len,
                        };
                        let drop = should_drop(&ix, i, tag, &c, &ctx);
                        if drop {
                            if credit.is_none()
                                && c.len <= META_LINE_MAX_LEN
                                && !ix.has_block_inside[i]
                            {
                                credit = crate::clean::reporter_credit(
                                    &crate::html_facts::collapse_whitespace(&ix.text(i)),
                                );
                            }
                            remove.push(ix.ids[i]);
                            continue;
                        }
                    }
                }
            }
            kept[i] = c;
            if i != k {
                let p = ix.parent[i];
                kept[p].add(&c);
            }
        }
        len = len.saturating_add(kept[k].len);
        link = link.saturating_add(kept[k].link);
    }
    Plan {
        keep: keep.iter().map(|&i| ix.ids[i]).collect(),
        remove,
        len,
        link,
        prose_root: (prose_root != NONE).then(|| ix.ids[prose_root]),
        credit,
    }
}

/// On a listing (an archive page with several posts in one template), the best candidates
/// repeat one tag and class in separate containers; the page's article is then the first of
/// them, not the longest or their common ancestor.
fn first_of_listing(ix: &Index<'_>, candidates: &[usize], score: &[f64]) -> Option<usize> {
    let best = candidates.first().map(|&c| score[c])?;
    let class_of = |i: usize| {
        ix.html
            .tree
            .get(ix.ids[i])
            .and_then(|n| n.value().as_element())
            .and_then(|e| get_attr(e, "class"))
            .map(str::trim)
            .filter(|c| !c.is_empty())
    };
    let strong: Vec<usize> = candidates
        .iter()
        .copied()
        .take_while(|&c| score[c] >= best * LISTING_SCORE_SHARE)
        .filter(|&c| {
            ix.total[c].len >= LISTING_POST_LEN && ix.total[c].link_density() < PROSE_LINK_DENSITY
        })
        .collect();
    for &lead in strong.iter().take(LISTING_POSTS) {
        if score[lead] < best * LISTING_LEAD_SHARE {
            continue;
        }
        let Some(class) = class_of(lead) else {
            continue;
        };
        let mut group: Vec<usize> = strong
            .iter()
            .copied()
            .filter(|&c| ix.name[c] == ix.name[lead] && class_of(c) == Some(class))
            .collect();
        group.sort_unstable_by(by(&|a, b| a.cmp(b)));
        let separate = group
            .windows(2)
            .all(|w| w[1] >= w[0] + ix.size[w[0]] && ix.parent[w[0]] != ix.parent[w[1]]);
        if group.len() >= LISTING_POSTS && separate && dated_gaps(ix, &group) >= LISTING_DATED_GAPS
        {
            return group.first().copied();
        }
    }
    None
}

/// How many gaps between consecutive members of `group` hold a date (each post of a
/// listing carries its own date line; sections of one article do not).
fn dated_gaps(ix: &Index<'_>, group: &[usize]) -> usize {
    let mut dated = 0;
    for w in group.windows(2) {
        let mut text = String::new();
        for j in w[0] + ix.size[w[0]]..w[1] {
            if ix.name[j].is_none() {
                if let Some(Node::Text(t)) = ix.html.tree.get(ix.ids[j]).map(|n| n.value()) {
                    text.push_str(t);
                    text.push(' ');
                }
            }
            if text.len() > LISTING_GAP_BYTES {
                break;
            }
        }
        if super::meta::find_date(&text).is_some() {
            dated += 1;
        }
    }
    dated
}

fn initial_score(name: &str) -> f64 {
    match name {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// The ancestors of `i`, as a set (membership tests stay O(1) on deep pages).
fn ancestors(ix: &Index<'_>, i: usize) -> rustc_hash::FxHashSet<usize> {
    let mut out = rustc_hash::FxHashSet::default();
    let mut p = ix.parent[i];
    while p != NONE {
        out.insert(p);
        p = ix.parent[p];
    }
    out
}

/// Element children of `i` (indices), in order.
fn element_children(ix: &Index<'_>, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut j = i + 1;
    let end = i + ix.size[i];
    while j < end {
        if ix.name[j].is_some() {
            out.push(j);
        }
        j += ix.size[j];
    }
    out
}

/// The comparator type of this module's sorts of node positions: one instance of the sort
/// code in the `.wasm` instead of one per closure.
type ByPosition<'a> = &'a dyn Fn(&usize, &usize) -> std::cmp::Ordering;

fn by(cmp: ByPosition<'_>) -> impl FnMut(&usize, &usize) -> std::cmp::Ordering + '_ {
    move |a, b| cmp(a, b)
}

/// Lower-cased text without whitespace or punctuation, for comparing headings with titles.
pub(crate) fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Openings of blocks that are not the article: related links, teasers, comment and share
/// prompts (compared lower-cased, at the start of the block's first text).
const SECTION_PHRASES: &[&str] = &[
    "related",
    "most read",
    "most popular",
    "most viewed",
    "you may also like",
    "you might also like",
    "you may like",
    "more from",
    "more stories",
    "more on this",
    "recommended",
    "don't miss",
    "don’t miss",
    "also on ",
    "trending",
    "read next",
    "read more",
    "what to read next",
    "editor's picks",
    "editors' picks",
    "top stories",
    "latest news",
    "share this",
    "follow us",
    "sign up for",
    "leave a comment",
    "leave a reply",
    "join the conversation",
    "相关新闻",
    "相关阅读",
    "相关文章",
    "相关推荐",
    "相关报道",
    "相关链接",
    "热门推荐",
    "热门文章",
    "热点推荐",
    "热点新闻",
    "推荐阅读",
    "延伸阅读",
    "猜你喜欢",
    "精彩推荐",
    "更多精彩",
    "为您推荐",
    "热门评论",
    "网友评论",
    "最新评论",
    "发表评论",
    "今日推荐",
    "排行榜",
    "分享到",
];

/// Whether the first visible text of element `i` is a short heading like "Related stories".
fn starts_with_section_phrase(ix: &Index<'_>, i: usize) -> bool {
    let t = ix.first_text[i];
    if t == NONE {
        return false;
    }
    let Some(Node::Text(text)) = ix.html.tree.get(ix.ids[t]).map(|n| n.value()) else {
        return false;
    };
    let text = text.trim();
    if text.chars().count() > SECTION_PHRASE_CHARS {
        return false;
    }
    let lower = text.to_lowercase();
    SECTION_PHRASES.iter().any(|p| lower.starts_with(p))
}

/// Labels that open a metadata or navigation line in Chinese pages (`来源：…`,
/// `责任编辑：…`, `上一页`), which is not article text.
const META_LINE_LABELS: &[&str] = &[
    "来源：",
    "来源:",
    "稿源：",
    "编辑：",
    "编辑:",
    "责任编辑",
    "责编：",
    "作者：",
    "作者:",
    "发布时间",
    "发表时间",
    "更新时间",
    "【字号",
    "字号：",
    "分享到",
    "打印本页",
    "关闭窗口",
    "返回顶部",
    "上一页",
    "下一页",
];

/// Byline labels that open a short line of names (`本报记者 王燕平 方云凤`).
const BYLINE_LABELS: &[&str] = &["本报记者", "本报实习生", "本报通讯员", "记者", "通讯员"];

fn is_meta_line(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let n = t.chars().count();
    if n == 0 || n > META_LINE_CHARS {
        return false;
    }
    if META_LINE_LABELS.iter().any(|l| t.starts_with(l)) {
        return true;
    }
    if t.contains("上一页") && t.contains("下一页") {
        return true;
    }
    n <= BYLINE_LINE_CHARS
        && BYLINE_LABELS.iter().any(|l| t.starts_with(l))
        && !t.contains(['，', '。', ',', '：'])
}

/// Whether element `i` (with the counts `c` of what remains inside it) leaves the article.
/// What [`should_drop`] needs to know about the whole run.
struct DropContext<'a> {
    score: &'a [f64],
    flags: Flags,
    /// The page title, normalized.
    title: &'a Option<String>,
    /// Weighted text length of all kept subtrees before cleaning.
    article_len: u32,
}

fn should_drop(
    ix: &Index<'_>,
    i: usize,
    tag: &LocalName,
    c: &Counts,
    ctx: &DropContext<'_>,
) -> bool {
    let (score, flags, title, article_len) = (ctx.score, ctx.flags, ctx.title, ctx.article_len);
    if flags.clean_conditionally
        && c.len.saturating_mul(2) <= article_len
        && (c.len <= SECTION_MAX_LEN || c.link_density() >= PROSE_LINK_DENSITY)
        && matches!(
            *tag,
            local_name!("div")
                | local_name!("section")
                | local_name!("ul")
                | local_name!("ol")
                | local_name!("table")
                | local_name!("header")
                | local_name!("dl")
                | local_name!("aside")
                | local_name!("center")
        )
        && starts_with_section_phrase(ix, i)
    {
        return true;
    }
    if flags.clean_conditionally
        && *tag == local_name!("p")
        && c.len > 0
        && c.len <= TEASER_MAX_LEN
        && c.link_density() >= TEASER_LINK_DENSITY
    {
        // A paragraph that is only a link: a "read also" teaser.
        return true;
    }
    if flags.clean_conditionally
        && c.len <= META_LINE_MAX_LEN
        && !ix.has_block_inside[i]
        && ix.tag[i].is_some_and(|n| is_block(n))
        && is_meta_line(&ix.text(i))
    {
        return true;
    }
    if flags.clean_conditionally && c.len < BOILERPLATE_MAX_LEN && *tag != local_name!("body") {
        if *tag == local_name!("figcaption") {
            return true;
        }
        if let Some(el) = ix
            .html
            .tree
            .get(ix.ids[i])
            .and_then(|n| n.value().as_element())
        {
            if Attrs::of(el).class_or_id_has(&BOILERPLATE_SET) {
                return true;
            }
        }
    }
    match *tag {
        local_name!("h1") | local_name!("h2") => {
            if ix.weight[i] < 0 {
                return true;
            }
            if let Some(t) = title {
                if c.len < TITLE_HEADING_MAX_LEN {
                    let h = normalize(&ix.text(i));
                    if !h.is_empty()
                        && (h == *t || (h.len() > TITLE_PART_MIN_BYTES && t.contains(&h)))
                    {
                        return true;
                    }
                }
            }
            false
        }
        local_name!("h3") | local_name!("h4") | local_name!("h5") | local_name!("h6") => {
            ix.weight[i] < 0 && flags.weight_classes
        }
        local_name!("form")
        | local_name!("fieldset")
        | local_name!("table")
        | local_name!("ul")
        | local_name!("ol")
        | local_name!("div")
        | local_name!("section")
        | local_name!("header")
        | local_name!("dl")
        | local_name!("center") => {
            if !flags.clean_conditionally {
                return false;
            }
            if *tag == local_name!("table") && is_data_table(ix, i, c) {
                return false;
            }
            // An embedded post or quote (a tweet in a "widget" wrapper) is article text.
            if c.quote > 0
                && c.len < EMBED_QUOTE_MAX_LEN
                && c.link_density() <= EMBED_QUOTE_LINK_DENSITY
            {
                return false;
            }
            let weight = ix.weight[i];
            let is_list = matches!(*tag, local_name!("ul") | local_name!("ol"))
                || (c.len > 0 && f64::from(c.li_len) / f64::from(c.len) > MOSTLY);
            // Items that say something besides their links, or items that are sentences
            // (the steps of a how-to): the post's own points, not navigation.
            let prose_items = is_list
                && c.li > 0
                && (c.len - c.link.min(c.len) >= c.li.saturating_mul(LIST_ITEM_PROSE_LEN)
                    || c.stops >= c.li);
            if f64::from(weight) + score[i] < 0.0 && !prose_items {
                return true;
            }
            if c.commas >= PROSE_COMMAS {
                return false;
            }
            let p = f64::from(c.p);
            let img = f64::from(c.img);
            let li = f64::from(c.li) - LIST_ITEM_ALLOWANCE;
            let heading_density = if c.len == 0 {
                0.0
            } else {
                f64::from(c.heading_len) / f64::from(c.len)
            };
            let ld = c.link_density();
            let len = c.len;
            (c.img > 1 && p / img < PARAGRAPHS_PER_IMAGE && !prose_items)
                || (!is_list && li > p)
                || (f64::from(c.input) > (p / 3.0).floor())
                || (!is_list
                    && heading_density < MOSTLY
                    && len < MIN_BLOCK_LEN
                    && (c.img == 0 || c.img > 2)
                    && c.embed == 0)
                || (!is_list && weight < CLASS_WEIGHT && ld > LINK_DENSITY_MAX)
                || (weight >= CLASS_WEIGHT && ld > LINK_DENSITY_MAX_WEIGHTED)
                || (is_list && ld > LINK_DENSITY_MAX_WEIGHTED && !prose_items)
        }
        _ => false,
    }
}

/// A table that holds data (headers, a caption, a summary) rather than page layout.
fn is_data_table(ix: &Index<'_>, i: usize, c: &Counts) -> bool {
    let Some(el) = ix
        .html
        .tree
        .get(ix.ids[i])
        .and_then(|n| n.value().as_element())
    else {
        return false;
    };
    if get_attr(el, "role") == Some("presentation") || get_attr(el, "datatable") == Some("0") {
        return false;
    }
    if get_attr(el, "summary").is_some() {
        return true;
    }
    c.table_head > 0
}

/// Readability's "probably readerable" test with CJK-weighted lengths: enough long,
/// visible paragraphs outside unlikely blocks.
pub(crate) fn probably_article(html: &Html, body: NodeId) -> bool {
    let flags = Flags {
        strip_unlikely: true,
        weight_classes: false,
        clean_conditionally: false,
    };
    let ix = Index::build(html, body, flags);
    let mut total = 0.0f64;
    for i in 0..ix.ids.len() {
        let Some(name) = ix.name[i] else { continue };
        let counts = match name {
            "p" | "pre" | "article" => ix.total[i],
            // Loose text in a container (`<div>text<br>text</div>`, a layout cell).
            _ if ix.tag[i].is_some_and(|t| role(t) == Role::Container) => ix.inline[i],
            _ => continue,
        };
        if ix.in_li[i] {
            continue;
        }
        let useful = f64::from(counts.len) - f64::from(counts.link);
        // Readability's 140 characters include spaces; these lengths do not.
        if useful < READERABLE_PARAGRAPH_LEN {
            continue;
        }
        total += (useful - READERABLE_PARAGRAPH_LEN).sqrt();
        if total > READERABLE_SCORE {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::signals::contains_squeezed;

    #[test]
    fn squeezed_contains_agrees_with_building_the_string() {
        for style in [
            "display:none",
            "DISPLAY : NONE",
            "color:red; display:\tnone;",
            "display:block",
            "visibility: hidden",
            "Visibility:\u{3000}Hidden",
            "dis play:none",
            "显示 display:nonE",
            "",
            "display:non",
        ] {
            let squeezed: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            for pat in ["display:none", "visibility:hidden"] {
                assert_eq!(
                    contains_squeezed(style, pat),
                    squeezed.contains(pat),
                    "{style:?} {pat}"
                );
            }
        }
    }

    #[test]
    fn keywords_match_whole_words() {
        for (v, w, want) in [
            ("comment", "comment", true),
            ("comments", "comment", true),
            ("post-comments-list", "comment", true),
            ("commentList", "comment", true),
            ("post_comment2", "comment", true),
            ("commented", "comment", false),
            ("commentary", "comment", false),
            ("nocomment", "comment", false),
            ("COMMENTED", "comment", false),
            ("shareholder", "share", false),
            ("top-ad-slot", "-ad-", true),
            ("header-ad-", "-ad-", true),
            ("reply-form", "reply-", true),
        ] {
            assert_eq!(has_word(v, w), want, "{v} {w}");
        }
    }

    #[test]
    fn a_needle_set_finds_the_words_has_word_finds() {
        use super::super::signals::UNLIKELY;
        let values = [
            "comment",
            "post-comments-list",
            "commented",
            "Sidebar-ad",
            "x-adsbox",
            "footer",
            "nocomment",
            "sharedHeader",
            "menu menuBar",
            "COMMENTS",
            "sponsored-ads",
            "a",
        ];
        for (i, v) in values.iter().enumerate() {
            let html = format!("<div class='{v}' id='{}'></div>", values[i / 2]);
            let doc = scraper::Html::parse_fragment(&html);
            let el = doc
                .tree
                .nodes()
                .find_map(|n| n.value().as_element().cloned());
            let el = el.unwrap();
            let a = Attrs::of(&el);
            let want = [a.class, a.id]
                .into_iter()
                .flatten()
                .any(|v| UNLIKELY.iter().any(|w| has_word(v, w)));
            assert_eq!(a.class_or_id_has_word(&UNLIKELY_SET), want, "{v}");
        }
    }

    #[test]
    fn ascii_text_counts_match_the_char_loop() {
        let t = "Hello, world.\n\t Two,, commas \u{b}x";
        let c = Counts::of_text(t);
        // The same text with one CJK character takes the char loop.
        let d = Counts::of_text(&format!("{t}中"));
        assert_eq!(
            (c.len + CJK_WEIGHT, c.commas, c.cjk + 1),
            (d.len, d.commas, d.cjk)
        );
        assert_eq!((c.len, c.commas), (24, 3));
        // Sentence ends: `world.` before a newline; not `3.5` or `e.g.x`; `。` and `？`.
        assert_eq!((c.stops, d.stops), (1, 1));
        assert_eq!(Counts::of_text("Pi is 3.5 e.g.x ok. 好。对吗？").stops, 3);
    }
}

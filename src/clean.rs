//! The cleaning stage: removes portal boilerplate with the rule table in [`crate::rules`],
//! normalizes text and structure, and lifts metadata lines into [`Meta`].
//!
//! Three linear passes over the article subtree, all iterative (no recursion). Pass 1 runs on
//! the parsed tree ([`remove_boilerplate`]); the sanitizer's allow-list runs next; passes 2
//! and 3 ([`normalize`]) work on what it kept:
//!
//! 1. **Rules** (pre-order): comments go; every element is matched once against the compiled
//!    [`RULES`] table (remove / unwrap / rename / drop attributes). A removed subtree is not
//!    walked again, except to note the images it held (never a cover).
//! 2. **Normalize** (enter/leave walk): text is normalized in document order (zero-width
//!    characters, NBSP and whitespace runs, hard newlines, leading U+3000 indentation, edges of
//!    blocks); on leaving an element its children are final, so empty elements go, wrapper
//!    `div`s are flattened (bare text beside blocks becomes a `<p>`, a `div` holding only
//!    inline content becomes a `<p>`), one-cell layout tables are unwrapped, `<br>` runs are
//!    shortened and nested or adjacent bold/italic runs merged.
//! 3. **Metadata lines**: the text blocks are listed once; labelled lines (`原标题：`,
//!    `责任编辑：`) are lifted anywhere, credits and sources only near the start or end.
//!
//! Cleaning its own output again changes nothing (see the tests).

use crate::article::{excerpt, Report};
use crate::dom::{self, Document};
use crate::input::FxHasher;
use crate::rules::{
    Action, LineRule, Matcher, MetaField, Position, Rule, EDGE_BLOCKS, LINE_DECORATIONS,
    LINE_RULES, PROMO_MAX_CHARS, PROMO_PHRASES, RULES, SENTENCE_PUNCTUATION,
};
use crate::selector::Selector;
use crate::Meta;
use ego_tree::NodeId;
use html5ever::local_name;
use html5ever::tendril::StrTendril;
use scraper::{ElementRef, Html, Node};
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::ops::Range;
use std::sync::OnceLock;

/// What cleaning learned about the body.
#[derive(Debug, Default, Clone)]
pub(crate) struct BodyFindings {
    /// Metadata lifted out of the body.
    pub meta: Meta,
    /// Image URLs that sat inside removed promo blocks (never a cover).
    pub rejected_images: Vec<String>,
}

impl Meta {
    /// Fills the fields `self` lacks from `other`.
    pub(crate) fn merged_with(mut self, other: Meta) -> Meta {
        self.original_title = self.original_title.or(other.original_title);
        self.editor = self.editor.or(other.editor);
        self.byline = self.byline.or(other.byline);
        self.source = self.source.or(other.source);
        self
    }
}

/// Stage one of cleaning, on the tree as parsed: the rule table (pass 1), which needs the
/// classes, ids and styles the sanitizer takes off.
pub(crate) fn remove_boilerplate(doc: &mut Document, report: &mut Report) -> BodyFindings {
    let mut findings = BodyFindings::default();
    flatten_table_root(&mut doc.html, doc.root);
    apply_rules(doc, report, &mut findings.rejected_images);
    findings
}

/// Stage two of cleaning, on the allow-listed tree (see [`crate::sanitize::allow_list`]):
/// text and structure (pass 2), then metadata lines (pass 3). Working on what the sanitizer
/// keeps is what makes the output a fixed point: nothing the normalizer judged (an image that
/// made a paragraph, a wrapper it flattened) is taken away or renamed after it.
pub(crate) fn normalize(doc: &mut Document, report: &mut Report, findings: &mut BodyFindings) {
    Normalizer::default().run(doc, report);
    lift_meta_lines(doc, report, &mut findings.meta);
}

// ── Pass 1: the rule table ────────────────────────────────────────────────────────────────

struct CompiledRule {
    rule: &'static Rule,
    selector: Selector,
    /// A cheap necessary condition: the element must carry one of these keys, else the
    /// selector cannot match (`None`: always try the selector).
    keys: Option<Vec<Key>>,
}

/// Something an element must have for a selector alternative to match it: taken from the
/// rightmost compound selector of the alternative (its first class, else id, else attribute,
/// else tag name).
#[derive(Debug, PartialEq, Eq)]
enum Key {
    Class(String),
    Id(String),
    Attr(String),
    Tag(String),
}

type KeyMap = HashMap<String, Vec<u16>, BuildHasherDefault<FxHasher>>;

/// The compiled rule table, indexed by the keys of its rules: an element is only matched
/// against the rules whose key it carries (and the rules without a key), in table order.
struct RuleIndex {
    rules: Vec<CompiledRule>,
    always: Vec<u16>,
    by_tag: KeyMap,
    by_class: KeyMap,
    by_id: KeyMap,
    by_attr: KeyMap,
}

impl RuleIndex {
    /// The positions in `rules` of the rules `el` could match, in order, into `out`.
    fn candidates(&self, el: &scraper::node::Element, out: &mut Vec<u16>) {
        out.clear();
        out.extend_from_slice(&self.always);
        if let Some(r) = self.by_tag.get(el.name()) {
            out.extend_from_slice(r);
        }
        let mut seen_id = false;
        for (q, value) in el.attrs.iter() {
            let name: &str = &q.local;
            if let Some(r) = self.by_attr.get(name) {
                out.extend_from_slice(r);
            }
            // As `Element::classes` and `Element::id` read them.
            if name == "class" {
                for class in value.split_ascii_whitespace() {
                    if let Some(r) = self.by_class.get(class) {
                        out.extend_from_slice(r);
                    }
                }
            } else if name == "id" && !seen_id {
                seen_id = true;
                if let Some(r) = self.by_id.get(&**value) {
                    out.extend_from_slice(r);
                }
            }
        }
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }
}

/// The rule table with its selectors parsed once per process.
fn compiled_rules() -> &'static RuleIndex {
    static COMPILED: OnceLock<RuleIndex> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let rules: Vec<CompiledRule> = RULES
            .iter()
            .filter_map(|rule| {
                let selector = Selector::parse(rule.selector).ok();
                debug_assert!(selector.is_some(), "invalid selector in rule {}", rule.name);
                Some(CompiledRule {
                    rule,
                    selector: selector?,
                    keys: selector_keys(rule.selector),
                })
            })
            .collect();
        let mut index = RuleIndex {
            always: Vec::new(),
            by_tag: KeyMap::default(),
            by_class: KeyMap::default(),
            by_id: KeyMap::default(),
            by_attr: KeyMap::default(),
            rules: Vec::new(),
        };
        for (i, compiled) in rules.iter().enumerate() {
            let i = i as u16;
            let Some(keys) = &compiled.keys else {
                index.always.push(i);
                continue;
            };
            for key in keys {
                let (map, k) = match key {
                    Key::Tag(k) => (&mut index.by_tag, k),
                    Key::Class(k) => (&mut index.by_class, k),
                    Key::Id(k) => (&mut index.by_id, k),
                    Key::Attr(k) => (&mut index.by_attr, k),
                };
                let list = map.entry(k.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        index.rules = rules;
        index
    })
}

/// Splits `s` at top-level occurrences of any of `seps` (outside brackets, parentheses
/// and quotes).
fn split_top_level(s: &str, seps: &[char]) -> Vec<String> {
    let mut parts = vec![String::new()];
    let (mut depth, mut quote) = (0i32, None::<char>);
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '[' || c == '(' => depth += 1,
            None if c == ']' || c == ')' => depth -= 1,
            None if depth == 0 && seps.contains(&c) => {
                parts.push(String::new());
                continue;
            }
            None => {}
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts
}

/// The prefilter keys of a selector list: one per alternative, or `None` when an
/// alternative has no usable key (then the selector is always tried).
fn selector_keys(selector: &str) -> Option<Vec<Key>> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    };
    let mut keys = Vec::new();
    for alternative in split_top_level(selector, &[',']) {
        let compound = split_top_level(alternative.trim(), &[' ', '>', '+', '~', '\n'])
            .into_iter()
            .rfind(|c| !c.trim().is_empty())?;
        let compound = compound.trim();
        let tag = ident(compound).to_ascii_lowercase();
        let key = if let Some(i) = compound.find('.') {
            Key::Class(ident(&compound[i + 1..]))
        } else if let Some(i) = compound.find('#') {
            Key::Id(ident(&compound[i + 1..]))
        } else if let Some(i) = compound.find('[') {
            Key::Attr(ident(&compound[i + 1..]).to_ascii_lowercase())
        } else if !tag.is_empty() {
            Key::Tag(tag)
        } else {
            return None;
        };
        match &key {
            Key::Class(k) | Key::Id(k) | Key::Attr(k) | Key::Tag(k) if k.is_empty() => return None,
            _ => keys.push(key),
        }
    }
    Some(keys)
}

/// True when the element could match an alternative with one of `keys` (what
/// [`RuleIndex::candidates`] computes for every rule at once).
#[cfg(test)]
fn has_key(el: &scraper::node::Element, keys: &[Key]) -> bool {
    keys.iter().any(|key| match key {
        Key::Tag(t) => el.name() == t,
        Key::Class(c) => el.classes().any(|x| x == c),
        Key::Id(i) => el.id() == Some(i.as_str()),
        Key::Attr(a) => el.attrs.iter().any(|(q, _)| &*q.local == a),
    })
}

enum Next {
    Children,
    Skip,
    These(Vec<NodeId>),
}

fn apply_rules(doc: &mut Document, report: &mut Report, rejected: &mut Vec<String>) {
    let rules = compiled_rules();
    let mut stack = dom::children(&doc.html, doc.root);
    stack.reverse();
    let mut candidates: Vec<u16> = Vec::with_capacity(rules.rules.len());
    while let Some(id) = stack.pop() {
        let is_element = match doc.html.tree.get(id).map(|n| n.value()) {
            Some(Node::Element(_)) => true,
            Some(Node::Comment(c)) => {
                report.removed("comment", format!("comment: <!--{}-->", excerpt(c, 60)));
                dom::remove(&mut doc.html, id);
                false
            }
            Some(Node::ProcessingInstruction(_) | Node::Doctype(_)) => {
                dom::remove(&mut doc.html, id);
                false
            }
            _ => false,
        };
        if !is_element {
            continue;
        }
        candidates.clear();
        if let Some(Node::Element(el)) = doc.html.tree.get(id).map(|n| n.value()) {
            rules.candidates(el, &mut candidates);
        }
        let mut next = Next::Children;
        for compiled in candidates.iter().map(|&i| &rules.rules[usize::from(i)]) {
            if !matches(&doc.html, id, &compiled.selector) {
                continue;
            }
            let rule = compiled.rule;
            match rule.action {
                Action::DropAttrs(names) => {
                    dom::drop_attrs(&mut doc.html, id, names);
                    continue;
                }
                Action::Remove => {
                    note_images(&doc.html, id, rejected);
                    let what = dom::text_excerpt(&doc.html, id, 60);
                    let tag = dom::element_name(&doc.html, id).unwrap_or("?");
                    report.removed(rule.kind, format!("{}: <{tag}> {what}", rule.name));
                    dom::remove(&mut doc.html, id);
                    next = Next::Skip;
                }
                Action::Unwrap => {
                    let kids = dom::children(&doc.html, id);
                    dom::unwrap(&mut doc.html, id);
                    next = Next::These(kids);
                }
                Action::Rename(name) => dom::rename(&mut doc.html, id, name),
                Action::LazySrc(attrs) => {
                    lazy_src(&mut doc.html, id, attrs);
                    continue;
                }
                Action::UnwrapTable => {
                    let kids = unwrap_table(&mut doc.html, id);
                    report.removed(rule.kind, format!("{}: table unwrapped", rule.name));
                    next = Next::These(kids);
                }
            }
            break;
        }
        match next {
            Next::Children => {
                dom::push_children(&doc.html, id, &mut stack, |c| c);
            }
            Next::These(kids) => stack.extend(kids.into_iter().rev()),
            Next::Skip => {}
        }
    }
}

/// Points `src` of a lazy-loaded image at its real URL.
fn lazy_src(html: &mut Html, id: NodeId, attrs: &[&str]) {
    let Some(el) = html.tree.get(id).and_then(|n| n.value().as_element()) else {
        return;
    };
    let placeholder = match el.attr("src").map(str::trim) {
        None | Some("") => true,
        Some(src) => {
            let lower = src.to_ascii_lowercase();
            lower.starts_with("data:")
                || [
                    "placeholder",
                    "blank.gif",
                    "lazy",
                    "loading",
                    "grey.gif",
                    "pixel.gif",
                ]
                .iter()
                .any(|p| lower.contains(p))
        }
    };
    let real = attrs
        .iter()
        .filter_map(|a| el.attr(a))
        .map(str::trim)
        .find(|v| !v.is_empty() && !v.starts_with("data:"))
        .map(str::to_owned);
    if let (true, Some(real)) = (placeholder, real) {
        dom::set_attr(html, id, "src", &real);
    }
}

/// Table parts outside a table do not survive as a fragment (the parser drops the tags):
/// when the article root is a table or part of one, or holds loose rows or cells (a page
/// extracted from a table layout), their content takes their place.
fn flatten_table_root(html: &mut Html, root: NodeId) {
    let is_part = |html: &Html, id: NodeId| {
        matches!(
            dom::element_name(html, id),
            Some("table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption")
        )
    };
    let root_is_part = is_part(html, root)
        && !matches!(dom::element_name(html, root), Some("td" | "th" | "caption"));
    for child in dom::children(html, root) {
        let loose = match dom::element_name(html, child) {
            Some("table") => false,
            _ => is_part(html, child),
        };
        if !(root_is_part || loose) {
            continue;
        }
        let mut moved = Vec::new();
        let mut stack = vec![child];
        while let Some(id) = stack.pop() {
            match dom::element_name(html, id) {
                Some("thead" | "tbody" | "tfoot" | "tr") => {
                    let kids = dom::children(html, id);
                    stack.extend(kids.into_iter().rev());
                }
                Some("td" | "th" | "caption") => moved.extend(dom::children(html, id)),
                Some("colgroup" | "col") => {}
                Some(_) => moved.push(id),
                None if root_is_part => {}
                None => moved.push(id),
            }
        }
        if moved.len() == 1 && moved[0] == child {
            continue;
        }
        for &m in &moved {
            if let Some(mut c) = html.tree.get_mut(child) {
                c.insert_id_before(m);
            }
        }
        dom::remove(html, child);
    }
}

/// Replaces a layout table by the content of its cells (in document order); returns the
/// moved nodes.
fn unwrap_table(html: &mut Html, table: NodeId) -> Vec<NodeId> {
    let mut moved = Vec::new();
    let mut stack = dom::children(html, table);
    stack.reverse();
    while let Some(id) = stack.pop() {
        match dom::element_name(html, id) {
            Some("thead" | "tbody" | "tfoot" | "tr") => {
                let kids = dom::children(html, id);
                stack.extend(kids.into_iter().rev());
            }
            Some("td" | "th" | "caption") => moved.extend(dom::children(html, id)),
            _ => {}
        }
    }
    for &child in &moved {
        if let Some(mut t) = html.tree.get_mut(table) {
            t.insert_id_before(child);
        }
    }
    dom::remove(html, table);
    moved
}

fn matches(html: &Html, id: NodeId, selector: &Selector) -> bool {
    html.tree
        .get(id)
        .and_then(ElementRef::wrap)
        .is_some_and(|el| selector.matches(&el))
}

/// Records the image URLs under `id` (a subtree about to be removed).
fn note_images(html: &Html, id: NodeId, out: &mut Vec<String>) {
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        let Some(node) = html.tree.get(n) else {
            continue;
        };
        if let Node::Element(el) = node.value() {
            if el.name() == "img" {
                for attr in ["src", "data-src", "data-original"] {
                    if let Some(src) = el.attr(attr).map(str::trim) {
                        if !src.is_empty() && !out.iter().any(|s| s == src) {
                            out.push(src.to_owned());
                        }
                    }
                }
            }
        }
        stack.extend(node.children().map(|c| c.id()));
    }
}

// ── Pass 2: text and structure ────────────────────────────────────────────────────────────

/// Elements that start a new line of text (and end one).
fn is_block_name(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "xmp"
            | "plaintext"
            | "iframe"
            | "video"
            | "audio"
            | "embed"
            | "object"
    )
}

/// Elements whose text is kept byte for byte.
fn is_preformatted(name: &str) -> bool {
    matches!(name, "pre" | "listing" | "xmp" | "plaintext" | "textarea")
}

/// Elements that are content even when they have no children.
fn keeps_empty(name: &str) -> bool {
    matches!(
        name,
        "img"
            | "br"
            | "hr"
            | "wbr"
            | "td"
            | "th"
            | "tr"
            | "col"
            | "colgroup"
            | "iframe"
            | "video"
            | "audio"
            | "embed"
            | "object"
            | "canvas"
            | "svg"
            | "math"
            | "picture"
            | "source"
            | "track"
            | "area"
            | "input"
    )
}

/// Wrappers with no meaning of their own: flattened into their parent when they hold blocks,
/// bare text beside those blocks becoming paragraphs. (`p` is here for the embeds a portal
/// put inside one.)
fn flattens(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "hgroup"
            | "address"
            | "body"
            | "p"
    )
}

/// Containers whose inline content is not wrapped in paragraphs even beside blocks.
fn no_wrap(name: &str) -> bool {
    matches!(
        name,
        "li" | "dd"
            | "ruby"
            | "dt"
            | "td"
            | "th"
            | "caption"
            | "figcaption"
            | "figure"
            | "summary"
            | "details"
            | "legend"
            | "a"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "colgroup"
            | "select"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// Replaced content that sits inline between texts.
fn is_object(name: &str) -> bool {
    matches!(
        name,
        "img" | "iframe" | "video" | "audio" | "embed" | "object" | "canvas" | "svg" | "math"
    )
}

fn is_block(name: &str) -> bool {
    is_block_name(name)
}

enum Step {
    Enter(NodeId),
    Leave(NodeId),
}

#[derive(Default)]
struct Normalizer {
    /// One flag per open element (plus the root): "a block sits somewhere inside".
    holds_block: Vec<bool>,
    /// Inline elements known to hold a block (split inline runs around them).
    blockish_inline: HashSet<NodeId>,
    pre_depth: usize,
    bold_depth: usize,
    italic_depth: usize,
    /// The last text node of the current line (its trailing space is trimmed at a line end).
    last_text: Option<NodeId>,
    /// The last text emitted ends with a collapsible space.
    prev_space: bool,
    /// Nothing has been emitted on the current line yet.
    line_start: bool,
    /// The buffer text is normalized in (one for all text nodes).
    scratch: String,
}

impl Normalizer {
    fn run(mut self, doc: &mut Document, report: &mut Report) {
        let root = doc.root;
        self.line_start = true;
        self.holds_block.push(false);
        let mut stack: Vec<Step> = Vec::new();
        dom::push_children(&doc.html, root, &mut stack, Step::Enter);
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(id) => {
                    if self.enter(&mut doc.html, id) {
                        stack.push(Step::Leave(id));
                        dom::push_children(&doc.html, id, &mut stack, Step::Enter);
                    }
                }
                Step::Leave(id) => self.leave(&mut doc.html, id, report),
            }
        }
        self.line_end(&mut doc.html);
        let holds_block = self.holds_block.pop().unwrap_or(false);
        let root_name = dom::element_name(&doc.html, root).unwrap_or("").to_owned();
        if holds_block || flattens(root_name.as_str()) || root_name == "html" {
            self.wrap_inline_runs(&mut doc.html, root, true);
        }
    }

    /// Ends the current line: trims the trailing space of its last text.
    fn line_end(&mut self, html: &mut Html) {
        if let Some(last) = self.last_text.take() {
            let end = match html.tree.get(last).map(|n| n.value()) {
                Some(Node::Text(t)) => {
                    let s: &str = t;
                    let end = s.trim_end_matches(is_trimmable).len();
                    (end < s.len()).then_some(end)
                }
                _ => None,
            };
            match end {
                Some(0) => remove_with_empty_inline_ancestors(html, last),
                Some(end) => keep_text(html, last, 0, end),
                None => {}
            }
        }
        self.prev_space = false;
        self.line_start = true;
    }

    /// Returns whether to visit the children (and later leave the node).
    fn enter(&mut self, html: &mut Html, id: NodeId) -> bool {
        let name = match html.tree.get(id).map(|n| n.value()) {
            Some(Node::Text(t)) => {
                if self.pre_depth == 0 {
                    let strip_space = self.line_start || self.prev_space;
                    let text: &str = t;
                    let new = needs_normalizing(text, strip_space, self.line_start).then(|| {
                        normalize_text(text, strip_space, self.line_start, &mut self.scratch);
                        StrTendril::from_slice(&self.scratch)
                    });
                    let (empty, ends_space) = match &new {
                        Some(n) => (n.is_empty(), n.ends_with(' ')),
                        None => (text.is_empty(), text.ends_with(' ')),
                    };
                    self.text(html, id, new, empty, ends_space);
                }
                return false;
            }
            Some(Node::Element(el)) => el.name.local.clone(),
            _ => return false,
        };
        let name: &str = &name;
        if self.pre_depth == 0 {
            if is_block(name) || name == "br" {
                self.line_end(html);
            } else if is_object(name) {
                // An image or other object between texts: spaces around it are kept.
                self.last_text = None;
                self.prev_space = false;
                self.line_start = false;
            }
        }
        if is_preformatted(name) {
            self.pre_depth += 1;
        }
        match name {
            "strong" | "b" => self.bold_depth += 1,
            "em" | "i" => self.italic_depth += 1,
            _ => {}
        }
        self.holds_block.push(false);
        true
    }

    fn text(
        &mut self,
        html: &mut Html,
        id: NodeId,
        new: Option<StrTendril>,
        empty: bool,
        ends_space: bool,
    ) {
        if empty {
            dom::remove(html, id);
            return;
        }
        self.prev_space = ends_space;
        self.line_start = false;
        self.last_text = Some(id);
        if let Some(new) = new {
            set_text(html, id, new);
        }
    }

    fn leave(&mut self, html: &mut Html, id: NodeId, report: &mut Report) {
        let holds_block = self.holds_block.pop().unwrap_or(false);
        let Some(name) = html
            .tree
            .get(id)
            .and_then(|n| n.value().as_element())
            .map(|e| e.name.local.clone())
        else {
            return;
        };
        let name: &str = &name;
        match name {
            "strong" | "b" => self.bold_depth = self.bold_depth.saturating_sub(1),
            "em" | "i" => self.italic_depth = self.italic_depth.saturating_sub(1),
            _ => {}
        }
        if is_preformatted(name) {
            self.pre_depth = self.pre_depth.saturating_sub(1);
        }
        if self.pre_depth > 0 {
            self.mark_parent(is_block(name) || holds_block);
            return;
        }
        if is_block(name) {
            self.line_end(html);
        }
        if is_preformatted(name) {
            self.mark_parent(true);
            return;
        }

        // One-cell layout table: its content takes its place.
        if name == "table" {
            if let Some(cell) = single_cell(html, id) {
                report.removed(
                    "layout",
                    "layout-table: one-cell table unwrapped".to_owned(),
                );
                let mut moved = dom::children(html, cell);
                for &child in &moved {
                    if let Some(mut t) = html.tree.get_mut(id) {
                        t.insert_id_before(child);
                    }
                }
                dom::remove(html, id);
                if !moved.iter().any(|&c| self.is_blockish(html, c)) {
                    // Inline content: still a block of its own (not glued to the text
                    // around the table, and not left bare where a next pass would wrap it).
                    // Blank content goes.
                    let kept = moved.clone();
                    wrap_run(html, &mut moved);
                    let any = kept
                        .iter()
                        .any(|&c| html.tree.get(c).is_some_and(|n| n.parent().is_some()));
                    self.mark_parent(any);
                    return;
                }
                self.mark_parent(true);
                return;
            }
        }

        if holds_block && !no_wrap(name) {
            self.wrap_inline_runs(html, id, flattens(name));
        } else if is_block(name) {
            trim_line_breaks(html, id);
        }
        if holds_block && !is_block(name) {
            // An inline element holding blocks: when its content starts with a block, the
            // text before it ends a line; when it ends with one, the text after starts one
            // (as on a second pass, where the paragraphs made here are blocks from the start).
            let (first, last) = match html.tree.get(id) {
                Some(n) => (
                    n.first_child().map(|c| c.id()),
                    n.last_child().map(|c| c.id()),
                ),
                None => (None, None),
            };
            if first.is_some_and(|c| self.is_blockish(html, c)) {
                trim_line_before(html, id);
            }
            if last.is_some_and(|c| self.is_blockish(html, c)) {
                self.line_end(html);
            }
        }

        if flattens(name) && holds_block {
            dom::unwrap(html, id);
            self.mark_parent(true);
            return;
        }

        let has_children = html.tree.get(id).is_some_and(|n| n.has_children());
        if !has_children && !keeps_empty(name) {
            if is_block(name) || has_attributes(html, id) {
                report.removed("empty", format!("empty: <{name}>"));
            }
            dom::remove(html, id);
            return;
        }

        if flattens(name) && name != "p" {
            // A wrapper holding only inline content is a paragraph.
            dom::rename(html, id, "p");
        }
        let nested = match name {
            "strong" | "b" => self.bold_depth > 0,
            "em" | "i" => self.italic_depth > 0,
            _ => false,
        };
        if nested {
            dom::unwrap(html, id);
            self.mark_parent(holds_block);
            return;
        }
        // Adjacent runs merge, unless one of them holds a block: its inline content has
        // been wrapped in paragraphs already, and the other's would not be.
        if matches!(name, "strong" | "b" | "em" | "i")
            && !holds_block
            && merge_with_previous(html, id, name, &self.blockish_inline)
        {
            self.mark_parent(false);
            return;
        }

        let blockish = is_block(name) || holds_block;
        if blockish && !is_block(name) {
            self.blockish_inline.insert(id);
        }
        self.mark_parent(blockish);
    }

    fn mark_parent(&mut self, blockish: bool) {
        if blockish {
            if let Some(top) = self.holds_block.last_mut() {
                *top = true;
            }
        }
    }

    fn is_blockish(&self, html: &Html, id: NodeId) -> bool {
        dom::element_name(html, id).is_some_and(is_block) || self.blockish_inline.contains(&id)
    }

    /// Wraps each run of inline children of `id` that holds text or an image in a `<p>`;
    /// runs of only whitespace and `<br>` go. With `always`, a container holding only inline
    /// content is wrapped too (the root of the article).
    fn wrap_inline_runs(&self, html: &mut Html, id: NodeId, always: bool) {
        // Checked on the tree first: most containers hold no block, and then no list of
        // children is made.
        if !always
            && !html
                .tree
                .get(id)
                .is_some_and(|n| n.children().any(|k| self.is_blockish(html, k.id())))
        {
            return;
        }
        let kids = dom::children(html, id);
        let mut run: Vec<NodeId> = Vec::new();
        let mut inline_blockish = Vec::new();
        for kid in kids.into_iter().chain(std::iter::once(id)) {
            let boundary = kid == id || self.is_blockish(html, kid);
            if !boundary {
                run.push(kid);
                continue;
            }
            wrap_run(html, &mut run);
            if kid != id && !dom::element_name(html, kid).is_some_and(is_block) {
                inline_blockish.push(kid);
            }
        }
        // An inline element holding blocks (a link around a block, say) now stands between
        // blocks: what it starts or ends with starts or ends a line.
        let block_at = |html: &Html, n: Option<NodeId>| {
            n.and_then(|n| dom::element_name(html, n))
                .is_some_and(is_block)
        };
        for kid in inline_blockish {
            let (prev, next) = match html.tree.get(kid) {
                Some(n) => (
                    n.prev_sibling().map(|c| c.id()),
                    n.next_sibling().map(|c| c.id()),
                ),
                None => continue,
            };
            if block_at(html, prev) {
                trim_content_edge(html, kid, true);
            }
            if block_at(html, next) {
                trim_content_edge(html, kid, false);
            }
        }
    }
}

/// Wraps one run of inline siblings in `<p>`s (edge whitespace and `<br>`s dropped), or
/// removes it when it holds nothing but whitespace and line breaks. Images that stand apart
/// from the run's text (whitespace or a line break between) get a paragraph of their own, so
/// a gallery after a caption line does not end up inside the caption's paragraph.
fn wrap_run(html: &mut Html, run: &mut Vec<NodeId>) {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Blank,
        Image,
        Other,
    }
    let kind = |html: &Html, id: NodeId| match html.tree.get(id).map(|n| n.value()) {
        Some(Node::Text(t)) if t.trim_matches(is_trimmable).is_empty() => Kind::Blank,
        Some(Node::Element(el)) if el.name() == "br" => Kind::Blank,
        Some(Node::Element(el)) if matches!(el.name(), "img" | "picture") => Kind::Image,
        Some(Node::Text(_) | Node::Element(_)) => Kind::Other,
        _ => Kind::Blank,
    };
    let mut segment: Vec<NodeId> = Vec::new();
    let mut last: Option<Kind> = None;
    let mut gap = false;
    let text_edges = |html: &Html, id: NodeId| match html.tree.get(id).map(|n| n.value()) {
        Some(Node::Text(t)) => (t.starts_with(is_trimmable), t.ends_with(is_trimmable)),
        _ => (false, false),
    };
    for &id in run.iter() {
        let k = kind(html, id);
        if k == Kind::Blank {
            gap = true;
            segment.push(id);
            continue;
        }
        let (space_before, space_after) = text_edges(html, id);
        if (gap || space_before) && last.is_some_and(|l| l != k) {
            wrap_segment(html, &mut segment, |h, n| kind(h, n) == Kind::Blank);
        }
        segment.push(id);
        last = Some(k);
        gap = space_after;
    }
    wrap_segment(html, &mut segment, |h, n| kind(h, n) == Kind::Blank);
    run.clear();
}

fn wrap_segment(
    html: &mut Html,
    segment: &mut Vec<NodeId>,
    is_blank: impl Fn(&Html, NodeId) -> bool,
) {
    let start = segment.iter().position(|&n| !is_blank(html, n));
    let Some(start) = start else {
        for &n in segment.iter() {
            dom::remove(html, n);
        }
        segment.clear();
        return;
    };
    let end = segment
        .iter()
        .rposition(|&n| !is_blank(html, n))
        .unwrap_or(start)
        + 1;
    for &n in segment[..start].iter().chain(&segment[end..]) {
        dom::remove(html, n);
    }
    let kept = &segment[start..end];
    if let Some(p) = dom::wrap_run(html, kept, "p") {
        // The run was normalized as part of a longer line; it is a line of its own now.
        trim_content_edge(html, p, true);
        trim_content_edge(html, p, false);
        trim_line_breaks(html, p);
        if html.tree.get(p).is_some_and(|n| !n.has_children()) {
            dom::remove(html, p);
        }
    }
    segment.clear();
}

/// What starts (or ends) the line made by some inline content.
enum Edge {
    /// A text node (not empty).
    Text(NodeId),
    /// An object, a line break or a block: whitespace next to it is not at a line edge
    /// (or was handled when the normalizer met it).
    Stop,
    /// Nothing that counts (only empty inline elements such as `<wbr>`).
    Nothing,
}

/// The first (or last) thing in the content of `id` that the normalizer's line tracking
/// sees, looking through inline elements.
fn edge_in(html: &Html, id: NodeId, leading: bool) -> Edge {
    let Some(node) = html.tree.get(id) else {
        return Edge::Nothing;
    };
    let mut stack: Vec<NodeId> = node.children().map(|c| c.id()).collect();
    if leading {
        stack.reverse();
    }
    while let Some(n) = stack.pop() {
        let Some(node) = html.tree.get(n) else {
            continue;
        };
        match node.value() {
            Node::Text(t) if !t.is_empty() => return Edge::Text(n),
            Node::Element(el) => {
                let name = el.name();
                if is_block(name) || is_object(name) || name == "br" {
                    return Edge::Stop;
                }
                let kids = node.children().map(|c| c.id());
                if leading {
                    let mut kids: Vec<NodeId> = kids.collect();
                    kids.reverse();
                    stack.extend(kids);
                } else {
                    stack.extend(kids);
                }
            }
            _ => {}
        }
    }
    Edge::Nothing
}

/// Trims the leading (or trailing) whitespace of a text node; when nothing is left, the
/// node goes with the inline elements it leaves empty, and `true` is returned.
fn trim_text_node(html: &mut Html, id: NodeId, leading: bool) -> bool {
    // The byte range kept, when some whitespace goes.
    let kept = match html.tree.get(id).map(|n| n.value()) {
        Some(Node::Text(t)) => {
            let s: &str = t;
            let range = if leading {
                s.len() - s.trim_start_matches(is_trimmable).len()..s.len()
            } else {
                0..s.trim_end_matches(is_trimmable).len()
            };
            (range.len() != s.len()).then_some(range)
        }
        _ => None,
    };
    match kept {
        Some(range) if range.is_empty() => {
            remove_with_empty_inline_ancestors(html, id);
            true
        }
        Some(range) => {
            keep_text(html, id, range.start, range.end);
            false
        }
        None => false,
    }
}

/// Trims the whitespace at the start (or end) of the line that the content of the block
/// `id` makes, through inline elements (`<p><code> x</code></p>`).
fn trim_content_edge(html: &mut Html, id: NodeId, leading: bool) {
    while let Edge::Text(t) = edge_in(html, id, leading) {
        if !trim_text_node(html, t, leading) {
            break;
        }
    }
}

/// Trims the trailing whitespace of the text that ends the line before `id` (an inline
/// element whose content now starts with a block).
fn trim_line_before(html: &mut Html, id: NodeId) {
    loop {
        let mut node = id;
        let text = loop {
            let Some(n) = html.tree.get(node) else {
                return;
            };
            if let Some(prev) = n.prev_sibling() {
                match prev.value() {
                    Node::Text(t) if !t.is_empty() => break prev.id(),
                    Node::Element(el)
                        if is_block(el.name()) || is_object(el.name()) || el.name() == "br" =>
                    {
                        return
                    }
                    Node::Element(_) => match edge_in(html, prev.id(), false) {
                        Edge::Text(t) => break t,
                        Edge::Stop => return,
                        Edge::Nothing => {}
                    },
                    _ => {}
                }
                node = prev.id();
                continue;
            }
            // At the start of an inline parent: the line goes on before it.
            match n.parent() {
                Some(p)
                    if p.parent().is_some()
                        && p.value().as_element().is_some_and(|e| !is_block(e.name())) =>
                {
                    node = p.id();
                }
                _ => return,
            }
        };
        if !trim_text_node(html, text, false) {
            return;
        }
    }
}

/// Drops `<br>`s (and blank text) at the start and end of a block and shortens longer runs
/// of line breaks to two.
fn trim_line_breaks(html: &mut Html, id: NodeId) {
    // Checked on the tree first: most blocks hold no `<br>`, and then no list of children
    // is made.
    let has_br = html.tree.get(id).is_some_and(|n| {
        n.children().any(|k| {
            k.value()
                .as_element()
                .is_some_and(|e| e.name.local == local_name!("br"))
        })
    });
    if !has_br {
        return;
    }
    let kids = dom::children(html, id);
    let is_br = |html: &Html, k: NodeId| dom::element_name(html, k) == Some("br");
    let is_blank_text = |html: &Html, k: NodeId| {
        matches!(html.tree.get(k).map(|n| n.value()),
            Some(Node::Text(t)) if t.trim_matches(is_trimmable).is_empty())
    };
    let mut start = 0;
    while start < kids.len() && (is_br(html, kids[start]) || is_blank_text(html, kids[start])) {
        dom::remove(html, kids[start]);
        start += 1;
    }
    let mut end = kids.len();
    while end > start && (is_br(html, kids[end - 1]) || is_blank_text(html, kids[end - 1])) {
        dom::remove(html, kids[end - 1]);
        end -= 1;
    }
    let mut run = 0;
    for &k in &kids[start..end] {
        if is_br(html, k) {
            run += 1;
            if run > 2 {
                dom::remove(html, k);
            }
        } else if !is_blank_text(html, k) {
            run = 0;
        }
    }
}

/// The only cell of a table with one row and one cell (and no caption text).
fn single_cell(html: &Html, table: NodeId) -> Option<NodeId> {
    let mut cell = None;
    let mut stack = dom::children(html, table);
    let mut seen = 0usize;
    while let Some(id) = stack.pop() {
        match dom::element_name(html, id) {
            Some("thead" | "tbody" | "tfoot" | "tr") => {
                seen += 1;
                if seen > 64 {
                    return None;
                }
                stack.extend(dom::children(html, id));
            }
            Some("td" | "th") if cell.replace(id).is_some() => return None,
            Some("caption") if !dom::text_excerpt(html, id, 1).is_empty() => return None,
            Some("td" | "th" | "caption" | "colgroup" | "col") => {}
            Some(_) => return None,
            None => {}
        }
    }
    cell
}

/// Moves the children of `id` into an immediately preceding sibling element of the same name
/// (not one in `blockish`, which holds blocks).
fn merge_with_previous(
    html: &mut Html,
    id: NodeId,
    name: &str,
    blockish: &HashSet<NodeId>,
) -> bool {
    let prev = html
        .tree
        .get(id)
        .and_then(|n| n.prev_sibling())
        .filter(|p| p.value().as_element().is_some_and(|e| e.name() == name))
        .map(|p| p.id())
        .filter(|p| !blockish.contains(p));
    let Some(prev) = prev else {
        return false;
    };
    let mut seam = (
        html.tree
            .get(prev)
            .and_then(|n| n.last_child())
            .map(|c| c.id()),
        html.tree
            .get(id)
            .and_then(|n| n.first_child())
            .map(|c| c.id()),
    );
    if let Some(mut p) = html.tree.get_mut(prev) {
        p.reparent_from_id_append(id);
    }
    dom::remove(html, id);
    // Runs that now meet at the seam merge too (`<b><i>x</i></b><b><i>y</i></b>`).
    while let (Some(left), Some(right)) = seam {
        let same = match (
            dom::element_name(html, left),
            dom::element_name(html, right),
        ) {
            (Some(a), Some(b)) => a == b && matches!(a, "strong" | "b" | "em" | "i"),
            _ => false,
        };
        if !same || blockish.contains(&left) || blockish.contains(&right) {
            break;
        }
        seam = (
            html.tree
                .get(left)
                .and_then(|n| n.last_child())
                .map(|c| c.id()),
            html.tree
                .get(right)
                .and_then(|n| n.first_child())
                .map(|c| c.id()),
        );
        if let Some(mut l) = html.tree.get_mut(left) {
            l.reparent_from_id_append(right);
        }
        dom::remove(html, right);
    }
    true
}

fn has_attributes(html: &Html, id: NodeId) -> bool {
    html.tree
        .get(id)
        .and_then(|n| n.value().as_element())
        .is_some_and(|e| !e.attrs.is_empty())
}

fn set_text(html: &mut Html, id: NodeId, text: StrTendril) {
    if let Some(mut n) = html.tree.get_mut(id) {
        *n.value() = Node::Text(scraper::node::Text { text });
    }
}

/// Keeps bytes `start..end` (character boundaries) of text node `id`: a view of its buffer,
/// nothing copied.
fn keep_text(html: &mut Html, id: NodeId, start: usize, end: usize) {
    let (Ok(offset), Ok(len)) = (u32::try_from(start), u32::try_from(end - start)) else {
        return;
    };
    if let Some(mut n) = html.tree.get_mut(id) {
        if let Node::Text(t) = n.value() {
            if let Ok(kept) = t.text.try_subtendril(offset, len) {
                t.text = kept;
            }
        }
    }
}

/// Removes a text node that became empty, and the inline elements it leaves empty.
fn remove_with_empty_inline_ancestors(html: &mut Html, id: NodeId) {
    let mut current = id;
    loop {
        let parent = html
            .tree
            .get(current)
            .and_then(|n| n.parent())
            .map(|p| p.id());
        dom::remove(html, current);
        let Some(parent) = parent else {
            return;
        };
        let removable = html.tree.get(parent).is_some_and(|p| {
            !p.has_children()
                && p.value().as_element().is_some_and(|e| {
                    !is_block(e.name()) && !keeps_empty(e.name()) && p.parent().is_some()
                })
        });
        if !removable {
            return;
        }
        current = parent;
    }
}

/// Whitespace trimmed at the edges of a line: ASCII whitespace, NBSP, other Unicode spaces,
/// U+3000 (ideographic indentation) and zero-width characters.
fn is_trimmable(c: char) -> bool {
    c.is_whitespace() || is_zero_width(c)
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{180e}')
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
fn plain_len(b: &[u8], i: usize) -> Option<usize> {
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
fn needs_normalizing(text: &str, strip_space: bool, line_start: bool) -> bool {
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
fn normalize_text(text: &str, strip_space: bool, line_start: bool, out: &mut String) {
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

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0x20000..=0x2FA1F)
}

// ── Pass 3: metadata lines ────────────────────────────────────────────────────────────────

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
}

fn lift_meta_lines(doc: &mut Document, report: &mut Report, meta: &mut Meta) {
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
        if edges
            && stripped.chars().count() <= PROMO_MAX_CHARS
            && PROMO_PHRASES.iter().any(|p| stripped.contains(p))
        {
            report.removed(
                "promo",
                format!("promo-line: {}", excerpt(&lines[i].text, 60)),
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
                format!("{}: {}", rule.name, excerpt(&lines[i].text, 60)),
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
    loop {
        let mut changed = false;
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
                } else {
                    counted += 1;
                }
            }
        }
        if !changed {
            break;
        }
    }
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

fn collapse_spaces(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || is_zero_width(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
    let value = collapse_spaces(&value);
    if value.is_empty() || value.chars().count() > rule.max_chars {
        return None;
    }
    if rule.no_sentence && value.contains(SENTENCE_PUNCTUATION) {
        return None;
    }
    Some(value)
}

/// `总台记者 吴睿`, `中国基金报记者 方丽 张燕北`, `本报记者 张三 北京报道`: an organisation
/// (optional), `记者`, then only names.
fn reporter_credit(line: &str) -> Option<String> {
    let at = line.find("记者")?;
    let (org, rest) = (&line[..at], &line[at + "记者".len()..]);
    if org.chars().count() > 20 || org.contains(|c: char| !(c.is_alphanumeric() || c == ' ')) {
        return None;
    }
    let names = rest.trim_start_matches([':', '：']);
    let tokens: Vec<&str> = names
        .split(|c: char| c.is_whitespace() || c == '、')
        .filter(|t| !t.is_empty())
        .collect();
    let name_like = |t: &&str| {
        let n = t.chars().count();
        (1..=8).contains(&n) && t.chars().all(|c| c.is_alphabetic() || c == '·' || c == '.')
    };
    if tokens.is_empty() || tokens.len() > 6 || !tokens.iter().all(name_like) {
        return None;
    }
    Some(line.to_owned())
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
            short
                && !LINE_RULES.iter().any(|r| match r.matcher {
                    Matcher::Labelled { labels, .. } => labels.contains(&label),
                    Matcher::ReporterCredit => false,
                })
        })
}

/// Removes `id`, then every ancestor (below `root`) it leaves without children.
fn remove_with_empty_ancestors(html: &mut Html, id: NodeId, root: NodeId) {
    let mut current = id;
    loop {
        let parent = html
            .tree
            .get(current)
            .and_then(|n| n.parent())
            .map(|p| p.id());
        dom::remove(html, current);
        match parent {
            Some(p) if p != root && html.tree.get(p).is_some_and(|n| !n.has_children()) => {
                current = p;
            }
            _ => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cleaning part of the pipeline, in its order: rules, allow-list, normalizer,
    /// structure fix-up.
    fn clean(doc: &mut Document, report: &mut Report) -> BodyFindings {
        let mut findings = remove_boilerplate(doc, report);
        crate::sanitize::sanitize(doc, &crate::Options::default(), report);
        normalize(doc, report, &mut findings);
        crate::sanitize::fix_structure(doc);
        findings
    }

    fn run(html: &str) -> (String, BodyFindings, Report) {
        let mut doc = Document::fragment(html);
        let mut report = Report::default();
        let findings = clean(&mut doc, &mut report);
        (crate::render::html(&doc), findings, report)
    }

    fn cleaned(html: &str) -> String {
        run(html).0
    }

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

    #[test]
    fn rule_index_finds_the_rules_a_key_filter_finds() {
        let index = compiled_rules();
        let mut html = String::new();
        let keys = |m: &KeyMap| m.keys().cloned().collect::<Vec<_>>();
        let classes = keys(&index.by_class);
        for (i, k) in classes.iter().enumerate() {
            let other = &classes[(i * 7 + 3) % classes.len()];
            html += &format!("<div class=\"{k}\"></div><span class=\"x {k}  {other}\">t</span>");
            html += &format!("<p class=\"{}\"></p>", k.to_uppercase());
        }
        for k in keys(&index.by_id) {
            html += &format!("<div id=\"{k}\"></div><a id=\"{k}x\" href=/>a</a>");
        }
        for k in keys(&index.by_attr) {
            html += &format!("<img {k}=\"1\"><a {k} class=share>b</a>");
        }
        for k in keys(&index.by_tag) {
            html += &format!("<{k} class=\"toc\" id=toc>c</{k}>");
        }
        let doc = Document::fragment(&html);
        let mut out = Vec::new();
        let mut checked = 0;
        for n in doc.html.tree.root().descendants() {
            let Some(el) = n.value().as_element() else {
                continue;
            };
            index.candidates(el, &mut out);
            let expected: Vec<u16> = (0..index.rules.len() as u16)
                .filter(|&i| {
                    index.rules[usize::from(i)]
                        .keys
                        .as_deref()
                        .is_none_or(|k| has_key(el, k))
                })
                .collect();
            assert_eq!(out, expected, "{el:?}");
            checked += 1;
        }
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn selector_prefilter_keys() {
        assert_eq!(
            selector_keys("div.img_wrapper, .a .b > span#x, [hidden], pre button"),
            Some(vec![
                Key::Class("img_wrapper".into()),
                Key::Id("x".into()),
                Key::Attr("hidden".into()),
                Key::Tag("button".into()),
            ])
        );
        assert_eq!(
            selector_keys(r#"[style*="display: none"], *"#),
            None,
            "a universal alternative disables the prefilter"
        );
        // Every rule of the table gets keys (so the prefilter is in use).
        for rule in RULES {
            assert!(selector_keys(rule.selector).is_some(), "{}", rule.name);
        }
    }

    #[test]
    fn removes_comments_scripts_and_styles() {
        let out = cleaned(
            "<div><p>a<!-- x --></p><script>alert(1)</script><style>p{}</style>\
             <!--article_adlist[<p>ad</p>]article_adlist--><p>b</p></div>",
        );
        assert_eq!(out, "<p>a</p><p>b</p>");
    }

    #[test]
    fn bare_text_in_a_wrapper_becomes_a_paragraph() {
        assert_eq!(
            cleaned("<div>   \nHello world  \n</div>"),
            "<p>Hello world</p>"
        );
        assert_eq!(
            cleaned("<div>intro<p>one</p>tail <b>bold</b></div>"),
            "<p>intro</p><p>one</p><p>tail <b>bold</b></p>"
        );
    }

    #[test]
    fn normalizes_indentation_nbsp_and_newlines() {
        assert_eq!(
            cleaned("<p>\u{3000}\u{3000}第一\u{200b}段\nsecond&nbsp;&nbsp; line </p><p>\u{3000}&nbsp;</p>"),
            "<p>第一段 second line</p>"
        );
        // A lone NBSP binds two words and stays.
        assert_eq!(cleaned("<p>10&nbsp;km</p>"), "<p>10&nbsp;km</p>");
        // Spaces collapse across inline boundaries.
        assert_eq!(
            cleaned("<p>a <span> b</span> <b> c </b></p>"),
            "<p>a b <b>c</b></p>"
        );
    }

    #[test]
    fn keeps_preformatted_text_intact() {
        let src = "<pre><code>  let x = 1;\n\n  y  =  2;\n<span class=\"copy-code-btn\">复制代码</span></code></pre>";
        assert_eq!(
            cleaned(src),
            "<pre><code>  let x = 1;\n\n  y  =  2;\n</code></pre>"
        );
    }

    #[test]
    fn sina_bold_font_and_figures() {
        let out = cleaned(
            "<p>\u{3000}\u{3000}<font cms-style=\"font-L strong-Bold\"><font cms-style=\"font-L strong-Bold\">一要</font></font>推动</p>\
             <div class=\"img_wrapper\"><img src=\"a.jpg\"><span class=\"img_descr\">说明</span></div>\
             <div class=\"img_wrapper\"><img src=\"b.jpg\"><span class=\"img_descr\"></span></div>",
        );
        assert_eq!(
            out,
            "<p><strong>一要</strong>推动</p>\
             <figure><img loading=\"lazy\" src=\"a.jpg\"><figcaption>说明</figcaption></figure>\
             <figure><img loading=\"lazy\" src=\"b.jpg\"></figure>"
        );
    }

    #[test]
    fn images_apart_from_text_get_their_own_paragraph() {
        assert_eq!(
            cleaned(
                "<div><h3>Credits</h3>Ann, Bob\n<img src=a.png>\n<img src=b.png>\n<p>x</p></div>"
            ),
            "<h3>Credits</h3><p>Ann, Bob</p><p><img loading=\"lazy\" src=\"a.png\"> <img loading=\"lazy\" src=\"b.png\"></p><p>x</p>"
        );
        // An image inside the text stays where it is.
        assert_eq!(
            cleaned("<div>a<img src=e.png>b<p>x</p></div>"),
            "<p>a<img loading=\"lazy\" src=\"e.png\">b</p><p>x</p>"
        );
    }

    #[test]
    fn lazy_images_get_their_real_source() {
        assert_eq!(
            cleaned(
                "<figure><noscript><img src=\"https://pic1.zhimg.com/a.jpg\"></noscript>\
                 <img src=\"data:image/svg+xml;utf8,<svg></svg>\" data-actualsrc=\"https://pic1.zhimg.com/a.jpg\"></figure>"
            ),
            "<figure><img loading=\"lazy\" src=\"https://pic1.zhimg.com/a.jpg\"></figure>"
        );
        // A real src is left alone.
        assert_eq!(
            cleaned("<p><img src=\"a.jpg\" data-src=\"b.jpg\"></p>"),
            "<p><img loading=\"lazy\" src=\"a.jpg\"></p>"
        );
    }

    #[test]
    fn layout_tables_and_promo_lines() {
        let (out, _, report) = run(
            "<table class=\"sites-layout-name-two-column sites-layout-hbox\"><tbody><tr>\
             <td><div>left</div></td><td><div>right</div></td></tr></tbody></table>\
             <p>正文内容。</p><p>海量资讯、精准解读，尽在新浪财经APP</p>",
        );
        assert_eq!(out, "<p>left</p><p>right</p><p>正文内容。</p>");
        assert!(report.removed.iter().any(|r| r.kind == "promo"));
    }

    #[test]
    fn loose_table_parts_are_flattened() {
        let mut doc = Document::fragment("<table><tr><td>一</td><td><p>二</p></td></tr></table>");
        let td = dom::find_element(&doc.html, doc.root, "td").unwrap();
        let tr = dom::find_element(&doc.html, doc.root, "tr").unwrap();
        let table = dom::find_element(&doc.html, doc.root, "table").unwrap();
        if let Some(mut t) = doc.html.tree.get_mut(table) {
            t.insert_id_before(td);
            t.insert_id_after(tr);
        }
        let mut report = Report::default();
        clean(&mut doc, &mut report);
        assert_eq!(crate::render::html(&doc), "<p>一</p><p>二</p>");
    }

    #[test]
    fn a_table_root_is_flattened() {
        let mut doc = Document::fragment("<table><tr><td>一</td><td><p>二</p></td></tr></table>");
        doc.root = dom::find_element(&doc.html, doc.root, "tbody").unwrap();
        let mut report = Report::default();
        clean(&mut doc, &mut report);
        assert_eq!(crate::render::html(&doc), "<p>一</p><p>二</p>");
    }

    #[test]
    fn a_form_wrapping_the_article_is_kept_its_controls_are_not() {
        assert_eq!(
            cleaned(
                "<form id=\"form1\"><p>正文。</p><input type=\"text\"><button>提交</button></form>"
            ),
            "<p>正文。</p>"
        );
    }

    #[test]
    fn inline_only_wrappers_become_paragraphs() {
        assert_eq!(
            cleaned("<div><header>Published <time>2019</time></header><p>a<br><br><br><br>b</p>c<br><br><br>d<p>e</p></div>"),
            "<p>Published <time>2019</time></p><p>a<br><br>b</p><p>c<br><br>d</p><p>e</p>"
        );
    }

    #[test]
    fn adjacent_bold_runs_merge() {
        assert_eq!(
            cleaned("<p><b>a</b><b>b</b> <b>c</b></p>"),
            "<p><b>ab</b> <b>c</b></p>"
        );
    }

    #[test]
    fn promo_images_are_rejected_as_covers() {
        let (out, findings, report) = run(
            "<p>text</p><div class=\"clearfix appendQr_wrap\"><div class=\"appendQr_normal\">\
             <img src=\"https://n.sinaimg.cn/qr.png\"></div>\
             <div class=\"appendQr_normal_txt\">海量资讯、精准解读，尽在新浪财经APP</div></div>",
        );
        assert_eq!(out, "<p>text</p>");
        assert_eq!(findings.rejected_images, ["https://n.sinaimg.cn/qr.png"]);
        assert!(report
            .removed
            .iter()
            .any(|r| r.kind == "promo" && r.detail.starts_with("sina-append-qr")));
    }

    #[test]
    fn one_cell_layout_table_is_unwrapped_but_data_tables_stay() {
        assert_eq!(
            cleaned("<table><tbody><tr><td><div>one</div>two</td></tr></tbody></table>"),
            "<p>one</p><p>two</p>"
        );
        let data = "<table><tbody><tr><td colspan=\"2\">a</td></tr><tr><td>b</td><td></td></tr></tbody></table>";
        assert_eq!(cleaned(data), data);
    }

    #[test]
    fn lifts_metadata_lines() {
        let (out, findings, _) = run(
            "<p>\u{3000}\u{3000}原标题：北京：落实</p><p>\u{3000}\u{3000}<font>►</font>文 观察者网  陶梦</p>\
             <p>正文。</p><p>来源|观察者网</p><p class=\"article-editor\">责任编辑：邓健 </p>",
        );
        assert_eq!(out, "<p>正文。</p>");
        let m = findings.meta;
        assert_eq!(m.original_title.as_deref(), Some("北京：落实"));
        assert_eq!(m.byline.as_deref(), Some("文 观察者网 陶梦"));
        assert_eq!(m.source.as_deref(), Some("观察者网"));
        assert_eq!(m.editor.as_deref(), Some("邓健"));
    }

    #[test]
    fn lifts_reporter_credits_and_closing_author_lines() {
        let (out, findings, _) = run("<p>正文。</p><p>\u{3000}（总台记者  吴睿）</p>");
        assert_eq!(out, "<p>正文。</p>");
        assert_eq!(findings.meta.byline.as_deref(), Some("总台记者 吴睿"));
        let (_, findings, _) = run("<p>中国基金报记者 方丽  张燕北</p><p>正文。</p>");
        assert_eq!(
            findings.meta.byline.as_deref(),
            Some("中国基金报记者 方丽 张燕北")
        );
        let (_, findings, _) = run("<p>正文。</p><p>作者：余源（a@b.com）</p><p></p>");
        assert_eq!(
            findings.meta.byline.as_deref(),
            Some("作者：余源（a@b.com）")
        );
        let (_, findings, _) = run("<p>作者 | 张三</p><p>正文。</p>");
        assert_eq!(findings.meta.byline.as_deref(), Some("作者 | 张三"));
    }

    #[test]
    fn does_not_lift_ambiguous_lines() {
        // A byline fused into a paragraph, a question to a reporter, a book's info list.
        let src = "<p><strong>南方财经记者程浩 东莞报道</strong> 5月24日，东莞开展工作。</p>\
                   <p>中国基金报记者：您怎么看？</p>\
                   <p>书名：中国人超会吃</p><p>作者：王恺等</p><p>格式：EPUB</p>";
        let (out, findings, _) = run(src);
        assert!(findings.meta.is_empty(), "{:?}", findings.meta);
        assert!(out.contains("作者：王恺等") && out.contains("程浩"));
    }

    /// `input` cleans to `expected`, and `expected` cleans to itself.
    #[track_caller]
    fn fixed_point(input: &str, expected: &str) {
        assert_eq!(cleaned(input), expected, "cleaning {input:?}");
        assert_eq!(cleaned(expected), expected, "cleaning the output again");
    }

    #[test]
    fn what_the_allow_list_drops_leaves_no_empty_paragraph() {
        // The normalizer sees the tree after the allow-list: an image without a safe source
        // is gone before it could make a paragraph (or a figure) of its own.
        fixed_point("<img src=\"javascript:alert(1)\">", "");
        fixed_point("<IMG onmouseover=\"alert('xxs')\">", "");
        fixed_point(
            "<div><a href=\"javascript:x\"><img src=\"cid:1\"></a></div>",
            "",
        );
        fixed_point(
            "<figure><img src=\"vbscript:x\"></figure><p>text</p>",
            "<p>text</p>",
        );
        fixed_point(
            "<p>a</p>\n<img src=\"javascript:alert(2)\">\n<p>b</p>",
            "<p>a</p><p>b</p>",
        );
        fixed_point("<svg onload=alert(1)>", "");
        fixed_point("<p><i><b><img src=\"javas&#09;cript:x\"></b></i></p>", "");
        // Between two texts, nothing of it is left either (an image standing apart from a
        // line used to get a paragraph that the allow-list then emptied).
        fixed_point(
            "line one\n<img src=\"javascript:alert(2)\">\n<image src=\"javascript:x\"> line two",
            "<p>line one line two</p>",
        );
        // Kept images still stand apart from the text.
        fixed_point(
            "line one\n<img src=\"a.png\">",
            "<p>line one</p><p><img loading=\"lazy\" src=\"a.png\"></p>",
        );
    }

    #[test]
    fn containers_the_allow_list_turns_into_div_are_wrappers_like_div() {
        // `<menu>`, `<dir>`, `<legend>`, `<listing>`, `<search>`, `<form>`… become `div`
        // before the normalizer runs, so it flattens them or makes them a paragraph.
        fixed_point(
            "<menu id=x onshow=alert(1)>right click me!",
            "<p>right click me!</p>",
        );
        fixed_point("<dir onclick=\"alert(1)\">test</dir>", "<p>test</p>");
        fixed_point(
            "<legend ondrop=alert(1)>drop here</legend>",
            "<p>drop here</p>",
        );
        fixed_point(
            "<listing>&lt;img src=x&gt;</listing>",
            "<p>&lt;img src=x&gt;</p>",
        );
        fixed_point("<listing id=x onfocus=alert(1)></listing>", "");
        fixed_point(
            "<header><h1>Movies</h1><search><form action=\"./s/\"><label>Find</label>\
             <input name=q><button>Go</button></form></search></header>",
            "<h1>Movies</h1><p>Find</p>",
        );
        fixed_point("<center><p>a</p>b</center>", "<p>a</p><p>b</p>");
    }

    #[test]
    fn embeds_are_judged_after_the_allow_list() {
        // An iframe without a usable source is removed before the normalizer would have
        // split the line around it; one with a source is a link paragraph of its own.
        fixed_point("<p>HE<iframe></iframe>LLO</p>", "<p>HELLO</p>");
        fixed_point(
            "<p>a<iframe src=\"https://www.youtube.com/embed/x\"></iframe>b</p>",
            "<p>a</p><p><a href=\"https://www.youtube.com/embed/x\" rel=\"noopener noreferrer\">\
             ▶ www.youtube.com</a></p><p>b</p>",
        );
        fixed_point(
            "<embed src=\"javascript:alert(1)\"></embed> // one\n<img src=\"javascript:alert(2)\"> // two",
            "<p>// one // two</p>",
        );
    }

    #[test]
    fn metadata_lines_are_found_in_what_the_allow_list_keeps() {
        // A credit line followed by junk the allow-list removes (an iframe player, a form)
        // is at the end of the article, so it is lifted the first time.
        let (out, findings, _) = run("<p>正文第一段。</p><p>正文第二段。</p>             <p align=right>（ 责任编辑：魏喆 ） </p><br><iframe src=\"javascript:x\"></iframe>\
             <form><input name=q><select><option>a</option></select></form>\
             <object data=x></object><p><img src=\"javascript:x\"></p>");
        assert_eq!(out, "<p>正文第一段。</p><p>正文第二段。</p>");
        assert_eq!(findings.meta.editor.as_deref(), Some("魏喆"));
        assert_eq!(cleaned(&out), out);
    }

    #[test]
    fn runs_do_not_merge_into_an_inline_element_holding_blocks() {
        // Its inline content was wrapped in paragraphs already; the run's would not be.
        fixed_point(
            "<i><figure>x</figure></i><i>y</i>",
            "<i><figure>x</figure></i><p><i>y</i></p>",
        );
        // (`center` is unwrapped by a rule, which leaves two `i` side by side.)
        fixed_point(
            "<i><figure>x</figure><center>y</i>",
            "<i><figure>x</figure></i><p><i>y</i></p>",
        );
        // Runs that meet inside merged runs merge too.
        fixed_point("<b><i>x</i></b><b><i>y</i></b>", "<p><b><i>xy</i></b></p>");
    }

    #[test]
    fn lines_made_by_wrapping_are_trimmed_like_any_line() {
        // A run wrapped in a paragraph was normalized as part of a longer line: the space
        // at its new edges goes, also inside inline elements.
        fixed_point(
            "<em><section>a</section>t<u>\n</u></em>",
            "<em><p>a</p><p>t</p></em>",
        );
        fixed_point(
            "<em><hr>a b</em><i>&#13;c</i>",
            "<em><hr><p>a b</p></em><p><i>c</i></p>",
        );
        fixed_point(
            "<sub>x&nbsp;<u></u></sub>y<blockquote>t</blockquote>",
            "<p><sub>x </sub>y</p><blockquote>t</blockquote>",
        );
        // The text before an inline element whose content now starts with a block ends a
        // line, and an inline element standing between blocks starts one.
        fixed_point(
            "<li>正 <code>x<hr></code></li>",
            "<li>正<code><p>x</p><hr></code></li>",
        );
        fixed_point(
            "<a href=\"https://e.com/\">a</a><form><a href=\"https://e.com/\">&#13;x<hr></a></form>",
            "<p><a href=\"https://e.com/\" rel=\"noopener noreferrer\">a</a></p>\
             <a href=\"https://e.com/\" rel=\"noopener noreferrer\">x<hr></a>",
        );
    }

    #[test]
    fn one_cell_table_with_inline_content_stays_a_block() {
        fixed_point("<u><table><td>x</td></table></u>", "<u><p>x</p></u>");
        fixed_point(
            "<i>a <table><td> x </td></table> b</i>",
            "<i><p>a</p><p>x</p><p>b</p></i>",
        );
        fixed_point(
            "<li>a<table><td>x</td></table>b</li>",
            "<li>a<p>x</p>b</li>",
        );
        fixed_point("<i><table>;<th></th></table></i>", "<p><i>;</i></p>");
    }

    #[test]
    fn ruby_content_is_not_wrapped_in_paragraphs() {
        // `rt` in a `p` would be unwrapped by the structure pass.
        fixed_point(
            "<ruby><rt><br></rt><figcaption>x</figcaption></ruby>",
            "<ruby><rt><br></rt><figcaption>x</figcaption></ruby>",
        );
    }

    #[test]
    fn structure_is_fixed_before_lines_are_read() {
        // `rp` outside `ruby` is unwrapped by the structure pass, before the normalizer and
        // the metadata lines see the tree.
        let (out, findings, _) = run("<rp><summary>x</summary>原标题：y</rp>");
        assert_eq!(out, "<summary>x</summary>");
        assert_eq!(findings.meta.original_title.as_deref(), Some("y"));
        fixed_point(
            "<dt><em>a<dd>b</dd></em></dt>",
            "<dt><em>a</em></dt><dd><em>b</em></dd>",
        );
    }

    #[test]
    fn repeated_credits_all_go() {
        // The first value is kept; a credit left in the text would be lifted next time.
        let (out, findings, report) = run(
            "<p>责任编辑：张三</p><p>正文。</p><p>正文二。</p><p>正文三。</p><p>正文四。</p>\
             <p>责任编辑：张三</p><p>责任编辑：李四</p><p>编辑：王五</p>",
        );
        assert_eq!(
            out,
            "<p>正文。</p><p>正文二。</p><p>正文三。</p><p>正文四。</p>"
        );
        assert_eq!(findings.meta.editor.as_deref(), Some("张三"));
        assert!(report.removed.iter().any(|r| r.detail.contains("李四")));
        assert!(report.removed.iter().any(|r| r.detail.contains("王五")));
        assert_eq!(cleaned(&out), out);
        fixed_point("<p>原题：甲</p><p>正文。</p>原题 乙", "<p>正文。</p>");
    }

    #[test]
    fn cleaning_twice_changes_nothing() {
        let tricky = "<div>   \n lead text <span>with</span>&nbsp;&nbsp;space\
            <div><p>\u{3000}para<br><br><br><br>after</p></div><p><video src=\"v.mp4\"></video><br></p>\
            <table><tr><td><div>cell</div></td></tr></table><b>x</b><b>y</b>\
            <pre>  keep\n  this</pre><ul><li> a </li><li></li></ul>tail</div>";
        let once = cleaned(tricky);
        let twice = cleaned(&once);
        assert_eq!(once, twice);
    }

    #[test]
    fn deep_nesting_is_fine() {
        // (Nested spans: html5ever itself is quadratic on deeply nested divs.)
        let depth = 100_000;
        let src = "<span>".repeat(depth) + "x";
        assert_eq!(cleaned(&src), "<p>x</p>");
    }
}

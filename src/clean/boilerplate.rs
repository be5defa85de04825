//! Pass 1 of cleaning: the rule table ([`RULES`]) applied to the parsed tree, with the
//! table-layout fix-ups that must run before the parser's fragment rules drop table parts.

use crate::article::{excerpt, Report, EXCERPT_CHARS};
use crate::dom::{self, Document};
use crate::html_facts::{lazy_image_src, LAZY_SRC};
use crate::rules::{Action, Rule, RULES};
use crate::selector::{Key, Selector};
use ego_tree::NodeId;
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Node};
use std::sync::OnceLock;

struct CompiledRule {
    rule: &'static Rule,
    selector: Selector,
    /// A cheap necessary condition: the element must carry one of these keys, else the
    /// selector cannot match (`None`: always try the selector).
    keys: Option<Vec<Key>>,
}

type KeyMap = FxHashMap<String, Vec<u16>>;

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
    /// The positions in `rules` of the rules `el` could match, in order, into `out`: each
    /// key's list is marked in a bitset of the table, read back in table order (sorted and
    /// without repeats, with no sort).
    fn candidates(&self, el: &scraper::node::Element, out: &mut Vec<u16>) {
        let mut marked = [0u64; RULE_WORDS];
        let mut mark = |list: &[u16]| {
            for &r in list {
                marked[usize::from(r) / 64] |= 1 << (r % 64);
            }
        };
        mark(&self.always);
        if let Some(r) = self.by_tag.get(el.name()) {
            mark(r);
        }
        let mut seen_id = false;
        for (q, value) in el.attrs.iter() {
            let name: &str = &q.local;
            if let Some(r) = self.by_attr.get(name) {
                mark(r);
            }
            // As `Element::classes` and `Element::id` read them.
            if name == "class" {
                for class in value.split_ascii_whitespace() {
                    if let Some(r) = self.by_class.get(class) {
                        mark(r);
                    }
                }
            } else if name == "id" && !seen_id {
                seen_id = true;
                if let Some(r) = self.by_id.get(&**value) {
                    mark(r);
                }
            }
        }
        out.clear();
        for (w, mut bits) in marked.into_iter().enumerate() {
            while bits != 0 {
                out.push((w * 64) as u16 + bits.trailing_zeros() as u16);
                bits &= bits - 1;
            }
        }
    }
}

/// 64-bit words of a bitset with one bit per rule of [`RULES`].
const RULE_WORDS: usize = RULES.len().div_ceil(64);

/// The rule table with its selectors parsed once per process.
fn compiled_rules() -> &'static RuleIndex {
    static COMPILED: OnceLock<RuleIndex> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let rules: Vec<CompiledRule> = RULES
            .iter()
            .filter_map(|rule| {
                let selector = Selector::parse(rule.selector).ok();
                debug_assert!(selector.is_some(), "invalid selector in rule {}", rule.name);
                let selector = selector?;
                Some(CompiledRule {
                    rule,
                    keys: selector.keys(),
                    selector,
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

/// True when the element could match an alternative with one of `keys` (what
/// [`RuleIndex::candidates`] computes for every rule at once).
#[cfg(test)]
fn has_key(el: &scraper::node::Element, keys: &[Key]) -> bool {
    keys.iter().any(|key| match key {
        Key::Tag(t) => el.name() == t,
        Key::Class(c) => dom::classes(el).any(|x| x == c),
        Key::Id(i) => el.id() == Some(i.as_str()),
        Key::Attr(a) => el.attrs.iter().any(|(q, _)| &*q.local == a),
    })
}

enum Next {
    Children,
    Skip,
    These(Vec<NodeId>),
}

pub(super) fn apply_rules(doc: &mut Document, report: &mut Report, rejected: &mut Vec<String>) {
    let rules = compiled_rules();
    let mut stack = dom::children(&doc.html, doc.root);
    stack.reverse();
    let mut candidates: Vec<u16> = Vec::with_capacity(rules.rules.len());
    while let Some(id) = stack.pop() {
        let is_element = match doc.html.tree.get(id).map(|n| n.value()) {
            Some(Node::Element(_)) => true,
            Some(Node::Comment(c)) => {
                report.removed(
                    "comment",
                    format!("comment: <!--{}-->", excerpt(c, EXCERPT_CHARS)),
                );
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
                    let what = dom::text_excerpt(&doc.html, id, EXCERPT_CHARS);
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
                Action::LazySrc => {
                    lazy_src(&mut doc.html, id);
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

/// Points `src` of a lazy-loaded image at its real URL (see [`lazy_image_src`]).
fn lazy_src(html: &mut Html, id: NodeId) {
    let real = html
        .tree
        .get(id)
        .and_then(|n| n.value().as_element())
        .and_then(lazy_image_src);
    if let Some(real) = real {
        dom::set_attr(html, id, "src", &real);
    }
}

/// Table parts outside a table do not survive as a fragment (the parser drops the tags):
/// when the article root is a table or part of one, or holds loose rows or cells (a page
/// extracted from a table layout), their content takes their place.
pub(super) fn flatten_table_root(html: &mut Html, root: NodeId) {
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
                for attr in std::iter::once(&"src").chain(LAZY_SRC) {
                    if let Some(src) = dom::get_attr(el, attr).map(str::trim) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

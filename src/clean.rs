//! The cleaning stage: removes portal boilerplate with the rule table in [`crate::rules`],
//! lifts metadata lines into [`Meta`], and normalizes text.

use crate::article::{excerpt, Report};
use crate::dom::{self, Document};
use crate::rules::{Action, MetaField, LINE_RULES, RULES};
use crate::Meta;
use ego_tree::NodeId;
use scraper::{Node, Selector};

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

/// Runs every cleaning rule over the article subtree of `doc`.
pub(crate) fn clean(doc: &mut Document, report: &mut Report) -> BodyFindings {
    let mut findings = BodyFindings::default();
    remove_comments(doc, report);
    apply_rules(doc, report);
    lift_meta_lines(doc, report, &mut findings.meta);
    findings
}

fn remove_comments(doc: &mut Document, report: &mut Report) {
    let comments: Vec<NodeId> = dom::descendants(&doc.html, doc.root)
        .into_iter()
        .filter(|id| {
            matches!(
                doc.html.tree.get(*id).map(|n| n.value()),
                Some(Node::Comment(_))
            )
        })
        .collect();
    for id in comments {
        if let Some(Node::Comment(c)) = doc.html.tree.get(id).map(|n| n.value()) {
            report.removed("comment", format!("<!--{}-->", excerpt(c, 60)));
        }
        dom::remove(&mut doc.html, id);
    }
}

fn apply_rules(doc: &mut Document, report: &mut Report) {
    for rule in RULES {
        let Ok(selector) = Selector::parse(rule.selector) else {
            debug_assert!(false, "invalid selector in rule {}", rule.name);
            continue;
        };
        let Some(root) = doc
            .html
            .tree
            .get(doc.root)
            .and_then(scraper::ElementRef::wrap)
        else {
            return;
        };
        let matches: Vec<NodeId> = root.select(&selector).map(|e| e.id()).collect();
        for id in matches {
            match rule.action {
                Action::Remove => {
                    let text = dom::text_content(&doc.html, id);
                    report.removed(rule.kind, format!("{}: {}", rule.name, excerpt(&text, 60)));
                    dom::remove(&mut doc.html, id);
                }
                Action::Unwrap => dom::unwrap(&mut doc.html, id),
                Action::Rename(name) => rename(&mut doc.html, id, name),
            }
        }
    }
}

fn rename(html: &mut scraper::Html, id: NodeId, name: &str) {
    use scraper::node::Element;
    let qual = html5ever_qualname(name);
    if let Some(mut n) = html.tree.get_mut(id) {
        *n.value() = Node::Element(Element::new(qual, Vec::new()));
    }
}

fn html5ever_qualname(name: &str) -> html5ever::QualName {
    use html5ever::{ns, LocalName, QualName};
    QualName::new(None, ns!(html), LocalName::from(name))
}

fn lift_meta_lines(doc: &mut Document, report: &mut Report, meta: &mut Meta) {
    let blocks: Vec<NodeId> = doc
        .elements()
        .into_iter()
        .filter(|id| matches!(dom::element_name(&doc.html, *id), Some("p" | "div")))
        .collect();
    for id in blocks {
        let text = dom::text_content(&doc.html, id);
        let line = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        for rule in LINE_RULES {
            for label in rule.labels {
                let Some(rest) = line.strip_prefix(label) else {
                    continue;
                };
                let value = rest
                    .trim_start_matches([':', '：', '|', ' ', '\u{3000}'])
                    .trim();
                if value.is_empty() || value.chars().count() > 120 {
                    continue;
                }
                let slot = match rule.field {
                    MetaField::OriginalTitle => &mut meta.original_title,
                    MetaField::Editor => &mut meta.editor,
                    MetaField::Byline => &mut meta.byline,
                    MetaField::Source => &mut meta.source,
                };
                if slot.is_none() {
                    *slot = Some(value.to_owned());
                }
                report.removed("meta_line", format!("{}: {}", rule.name, excerpt(line, 60)));
                dom::remove(&mut doc.html, id);
            }
        }
    }
}

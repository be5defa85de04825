//! The output of the pipeline: one [`Article`], the same struct the JS side receives, the
//! [`Report`] every stage writes to, and the assembly of the article from what the stages
//! found ([`assemble`]: metadata merge and cover choice).

pub(crate) mod assemble;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A cleaned article: typed metadata, three renderings of the body, statistics and a report.
///
/// Field names are `snake_case` in JSON, exactly as listed here. Optional values are `null`
/// when unknown; `meta` omits the keys it does not know.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// What the input was recognised as.
    pub kind: InputKind,
    /// Title: from front matter, else from the page's metadata. `null` when empty.
    pub title: Option<String>,
    /// Categories from front matter (`categories:` list or string), in order.
    pub categories: Vec<String>,
    /// Author from front matter or page metadata.
    pub author: Option<String>,
    /// Publication date as ISO 8601 (`2021-08-10T13:16:24Z`, or without zone when the source had none).
    pub date: Option<String>,
    /// Cover image URL (front matter `headimg`, else `thumbnail`, else page `og:image`), unless it
    /// was empty, a placeholder or a portal promo image.
    pub cover: Option<String>,
    /// Metadata recovered from the body (original title, editor, byline, source).
    pub meta: Meta,
    /// Front-matter keys this library does not interpret, kept as JSON values.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The clean article as sanitized HTML, safe to assign to `innerHTML`.
    pub html: String,
    /// The clean article as plain text: one paragraph per line, blank line between blocks.
    pub text: String,
    /// The clean article as CommonMark.
    pub markdown: String,
    /// Counts over the clean article.
    pub stats: Stats,
    /// Problems found in the input that did not stop processing.
    pub warnings: Vec<Warning>,
    /// What the cleaning and sanitizing stages removed, and why.
    pub removed: Vec<Removed>,
}

/// What kind of input [`crate::clean`] was given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A post: front matter followed by an HTML body.
    #[default]
    Post,
    /// An HTML fragment with no front matter.
    Fragment,
    /// A whole web page; the article was extracted from it.
    Page,
}

/// Metadata recovered from the article body (or, for pages, from the page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// The original headline (`原标题：…`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub original_title: Option<String>,
    /// The responsible editor (`责任编辑：…`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub editor: Option<String>,
    /// The author line as printed (`文 观察者网 陶梦`, `总台记者 吴睿`, `By Jane Doe`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub byline: Option<String>,
    /// The publication the text comes from (`来源：每日经济新闻`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
}

impl Meta {
    /// True when no field is known.
    pub fn is_empty(&self) -> bool {
        self.original_title.is_none()
            && self.editor.is_none()
            && self.byline.is_none()
            && self.source.is_none()
    }

    /// Fills the fields `self` lacks from `other` (the body's lines win over the page's
    /// metadata).
    pub(crate) fn merged_with(mut self, other: Meta) -> Meta {
        self.original_title = self.original_title.or(other.original_title);
        self.editor = self.editor.or(other.editor);
        self.byline = self.byline.or(other.byline);
        self.source = self.source.or(other.source);
        self
    }
}

/// Counts over the clean article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Characters of `text` that are not whitespace.
    pub chars: usize,
    /// Paragraph-like blocks (`p`, headings, list items, blockquotes, pre, table rows with text).
    pub paragraphs: usize,
    /// Images kept.
    pub images: usize,
    /// Estimated reading time in minutes (CJK at 400 characters/min, other text at 220 words/min),
    /// at least 1 when there is any text.
    pub reading_minutes: u32,
}

/// A problem in the input that did not stop processing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// A stable machine-readable code, e.g. `date_unparseable`, `front_matter_repaired`.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

/// One thing the pipeline took out of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// What was removed: `comment`, `script`, `style`, `promo`, `share`, `ad`, `tags`, `empty`,
    /// `meta_line`, `unsafe_element`, `unsafe_attribute`, `unsafe_url`, `embed`, …
    pub kind: String,
    /// Which rule removed it and a short excerpt of what it was.
    pub detail: String,
}

/// Collects warnings and removals while the stages run.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub warnings: Vec<Warning>,
    pub removed: Vec<Removed>,
}

/// At most this many `removed` entries of one kind are listed individually; the rest are counted.
const MAX_REMOVED_PER_KIND: usize = 50;

impl Report {
    /// Records a warning.
    pub fn warn(&mut self, code: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            code: code.to_owned(),
            message: message.into(),
        });
    }

    /// Records a removal; hostile inputs with millions of removals get a summary line instead.
    pub fn removed(&mut self, kind: &str, detail: impl Into<String>) {
        let same = self.removed.iter().filter(|r| r.kind == kind).count();
        if same < MAX_REMOVED_PER_KIND {
            self.removed.push(Removed {
                kind: kind.to_owned(),
                detail: detail.into(),
            });
        } else if same == MAX_REMOVED_PER_KIND {
            self.removed.push(Removed {
                kind: kind.to_owned(),
                detail: "… and more of the same kind (list truncated)".to_owned(),
            });
        }
    }
}

/// How many characters of what was removed a report line quotes (see [`excerpt`]).
pub(crate) const EXCERPT_CHARS: usize = 60;

/// Shortens `s` to at most `max` characters for a report line, marking the cut with `…`.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    // The words joined by single spaces, cut after `max` characters when more follow.
    let mut out = String::with_capacity(s.len().min(max.saturating_mul(4)) + 3);
    let mut count = 0usize;
    for word in s.split_whitespace() {
        let space = (!out.is_empty()).then_some(' ');
        for c in space.into_iter().chain(word.chars()) {
            if count == max {
                out.push('…');
                return out;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

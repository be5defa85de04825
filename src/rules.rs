//! The boilerplate rule table: site-specific clean-up as data, not scattered conditionals.
//!
//! Each [`Rule`] names a CSS selector and what to do with the elements it matches; each
//! [`LineRule`] names the label of a metadata line (`原标题：`, `责任编辑：`) and the
//! [`crate::Meta`] field it fills. The cleaning stage ([`crate::clean`]) applies them in order
//! and reports every removal under the rule's name.

/// What a rule does with the elements it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Remove the element and everything in it.
    Remove,
    /// Replace the element by its children.
    #[allow(dead_code)] // used by site rules as they are added
    Unwrap,
    /// Replace the element by a new element with this name (and no attributes).
    Rename(&'static str),
}

/// One selector-based rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    /// Stable name, shown in `removed[].detail`.
    pub name: &'static str,
    /// Report kind (`promo`, `share`, `ad`, `script`, …).
    pub kind: &'static str,
    /// CSS selector (scraper syntax).
    pub selector: &'static str,
    /// What to do with matches.
    pub action: Action,
}

/// Which metadata field a line fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // byline/source rules are added with the site rules
pub(crate) enum MetaField {
    OriginalTitle,
    Editor,
    Byline,
    Source,
}

/// A labelled metadata line (`责任编辑：王蒙`), lifted out of the body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineRule {
    /// Stable name, shown in `removed[].detail`.
    pub name: &'static str,
    /// Labels that start the line; the value follows a colon, a space or a pipe.
    pub labels: &'static [&'static str],
    /// The field the value goes to.
    pub field: MetaField,
}

/// Element rules, applied in order.
pub(crate) const RULES: &[Rule] = &[
    Rule {
        name: "generic-non-content",
        kind: "script",
        selector: "script, noscript, template",
        action: Action::Remove,
    },
    Rule {
        name: "generic-style",
        kind: "style",
        selector: "style, link",
        action: Action::Remove,
    },
    Rule {
        name: "sina-bold-font",
        kind: "format",
        selector: r#"font[cms-style~="strong-Bold"]"#,
        action: Action::Rename("strong"),
    },
];

/// Metadata line rules.
pub(crate) const LINE_RULES: &[LineRule] = &[
    LineRule {
        name: "original-title",
        labels: &["原标题"],
        field: MetaField::OriginalTitle,
    },
    LineRule {
        name: "editor",
        labels: &["责任编辑"],
        field: MetaField::Editor,
    },
];

//! The boilerplate rule table: site-specific clean-up as data, not scattered conditionals.
//!
//! Two tables drive the cleaning stage ([`crate::clean`]):
//!
//! - [`RULES`]: element rules. Each names a CSS selector (matched once per element, in one walk
//!   over the tree) and what to do with a match: remove it with its content, unwrap it, rename
//!   it, or drop some of its attributes. The first structural rule that matches an element
//!   wins; attribute rules never stop the search. Generic rules come first, then portal rules
//!   (Sina first, then the other feeds of the corpus).
//! - [`LINE_RULES`]: metadata lines (`原标题：…`, `责任编辑：…`, `来源|…`, `►文 观察者网 陶梦`,
//!   `（总台记者 吴睿）`) lifted out of the body into [`crate::Meta`].
//!
//! Every removal is reported in `Article.removed` under the rule's name.

/// What a rule does with the elements it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Remove the element and everything in it. Images inside are never a cover.
    Remove,
    /// Replace the element by its children.
    Unwrap,
    /// Rename the element (attributes are kept for later rules; the sanitizer filters them).
    Rename(&'static str),
    /// Drop these attributes (the element stays and later rules still apply).
    DropAttrs(&'static [&'static str]),
    /// A lazy-loaded image: its real URL becomes `src` when `src` is missing, a `data:`
    /// URL or a known placeholder file ([`crate::html_facts::lazy_image_src`]; the element
    /// stays and later rules still apply).
    LazySrc,
    /// A layout table (not data): its cells' content takes its place, in order.
    UnwrapTable,
}

/// One selector-based rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    /// Stable name, shown in `removed[].detail`.
    pub name: &'static str,
    /// Report kind (`promo`, `share`, `ad`, `script`, …).
    pub kind: &'static str,
    /// CSS selector: the subset [`crate::selector`] supports (lists, descendant and child
    /// combinators, type, `*`, `#id`, `.class`, attribute selectors, `:empty`).
    pub selector: &'static str,
    /// What to do with matches.
    pub action: Action,
}

const fn remove(name: &'static str, kind: &'static str, selector: &'static str) -> Rule {
    Rule {
        name,
        kind,
        selector,
        action: Action::Remove,
    }
}

const fn unwrap(name: &'static str, selector: &'static str) -> Rule {
    Rule {
        name,
        kind: "format",
        selector,
        action: Action::Unwrap,
    }
}

/// Element rules, tried in order for every element of the article.
pub(crate) const RULES: &[Rule] = &[
    // ── Generic: never article text. ──────────────────────────────────────────────────────
    remove("non-content", "script", "script, noscript, template"),
    remove("style", "style", "style, link"),
    // What the sanitizer drops anyway, taken out here so that text on either side joins
    // the same way on every pass.
    remove(
        "non-article-element",
        "embed",
        "object, applet, frame, frameset, noframes, noembed, svg, title, head, meta, \
         base, canvas, source, track, param, datalist, output, portal, dialog, map, area",
    ),
    remove(
        "hidden",
        "hidden",
        r#"[hidden], [style*="display:none"], [style*="display: none"], [style*="visibility:hidden"]"#,
    ),
    remove(
        "adsense",
        "ad",
        "ins.adsbygoogle, [data-ad-client], [data-ad-slot], .adsbygoogle",
    ),
    remove(
        "ad-placeholder",
        "ad",
        ".ad-slot, .ad-container, .ad-wrapper, .advertisement, .adsense, [id^=div-gpt-ad]",
    ),
    remove(
        "copy-code-button",
        "widget",
        ".copy-code-btn, .copy-code-button, .code-copy-btn, .btn-copy, .copy-btn, \
         .hljs-copy, .code-block-extension-copyCodeBtn, pre button",
    ),
    remove(
        "share-widget",
        "share",
        ".share, .shares, .share-box, .share-bar, .share-buttons, .share-links, \
         .social-share, .social-share-button, .bdsharebuttonbox, .bdshare, .jiathis_style, \
         .addthis_toolbox, .addthis_inline_share_toolbox, .sharethis-inline-share-buttons, \
         .wx-share, .article-share",
    ),
    remove(
        "qr-promo",
        "promo",
        ".qrcode, .qr-code, .qr_code, .qrCode, .QRcode, .app-download, .download-app, \
         .app-promo, .follow-us, .wechat-follow, .gzh-qrcode",
    ),
    remove(
        "toc",
        "toc",
        ".vditor-toc, .toc, #toc, .table-of-contents, .markdown-toc, .article-toc, .markdownIt-TOC",
    ),
    remove("form-controls", "widget", "button, input, select, textarea"),
    // Some sites wrap the whole page in a <form> (ASP.NET): keep what is inside.
    unwrap("form-wrapper", "form, fieldset, label"),
    remove(
        "view-more",
        "promo",
        ".view-more, .read-more-btn, .open-in-app, .app-open-btn",
    ),
    Rule {
        name: "lazy-image",
        kind: "format",
        selector: "img",
        action: Action::LazySrc,
    },
    // UI toggles dressed as links ("Full credits ▾"): keep the label, drop the link.
    unwrap(
        "toggle-link",
        r#"a[role="button"], a[data-toggle], a[data-bs-toggle]"#,
    ),
    // ── Sina (新浪财经, sina.com.cn) ─────────────────────────────────────────────────────
    remove(
        "sina-append-qr",
        "promo",
        ".appendQr_wrap, .appendQr_normal, .appendQr_normal_txt",
    ),
    remove("sina-kaihu-qr", "promo", ".app-kaihu-qr"),
    remove("sina-video-list", "promo", r#"[id^="videoList"]:empty"#),
    Rule {
        name: "sina-image-wrapper",
        kind: "format",
        selector: "div.img_wrapper",
        action: Action::Rename("figure"),
    },
    Rule {
        name: "sina-image-caption",
        kind: "format",
        selector: "figure .img_descr, .img_wrapper .img_descr",
        action: Action::Rename("figcaption"),
    },
    Rule {
        name: "sina-bold-font",
        kind: "format",
        selector: r#"font[cms-style~="strong-Bold"]"#,
        action: Action::Rename("strong"),
    },
    // Stock-quote auto links (`<span id="stock_sz300059"><a class="keyword">…</a></span>`).
    unwrap(
        "sina-stock-link",
        r#"a.keyword[href*="finance.sina.com.cn/realstock"]"#,
    ),
    // ── Other feeds of the corpus ────────────────────────────────────────────────────────
    // Google Sites page layout (one or several cells wrapping the whole article).
    Rule {
        name: "google-sites-layout",
        kind: "layout",
        selector: r#"table[class*="sites-layout"]"#,
        action: Action::UnwrapTable,
    },
    // OSChina heading anchors (`<span id="OSC_h3_1"></span>`) are empty: the empty rule
    // takes them. Juejin's theme <style> is taken by `style`; its copy button above.
    // ── Generic attribute and wrapper rules (last: portal rules above see the originals) ──
    Rule {
        name: "tooltip",
        kind: "attribute",
        selector: "a[title]",
        action: Action::DropAttrs(&["title"]),
    },
    Rule {
        name: "code-class",
        kind: "attribute",
        selector: "pre[class], code[class]",
        action: Action::DropAttrs(&["class"]),
    },
    // Presentational wrappers: their text stays, the wrapper goes (so adjacent runs merge).
    unwrap(
        "presentational-wrapper",
        "span, font, center, big, nobr, picture",
    ),
];

/// Which metadata field a line fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaField {
    /// `meta.original_title`.
    OriginalTitle,
    /// `meta.editor`.
    Editor,
    /// `meta.byline`.
    Byline,
    /// `meta.source`.
    Source,
}

/// Where in the article a line may be lifted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    /// Anywhere (the label is unambiguous: `原标题`, `责任编辑`).
    Anywhere,
    /// Only among the first or last few text blocks (bylines, sources).
    Edges,
}

/// How a line is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Matcher {
    /// `LABEL<sep>VALUE`: one of the labels, then one of the separators (a separator is
    /// required, so `编辑部` never matches `编辑`).
    Labelled {
        /// Labels that start the line.
        labels: &'static [&'static str],
        /// Characters that may separate label and value (`' '` stands for any whitespace).
        separators: &'static [char],
    },
    /// An unlabelled reporter credit: `总台记者 吴睿`, `中国基金报记者 方丽 张燕北`,
    /// `本报记者 张三 北京报道` (names only, no sentence punctuation).
    ReporterCredit,
}

/// A metadata line rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineRule {
    /// Stable name, shown in `removed[].detail`.
    pub name: &'static str,
    /// The field the value goes to.
    pub field: MetaField,
    /// How the line is recognised.
    pub matcher: Matcher,
    /// Where the line may sit.
    pub position: Position,
    /// Keep the label in the value (bylines are kept as printed: `文 观察者网 陶梦`).
    pub keep_label: bool,
    /// Longest value accepted, in characters.
    pub max_chars: usize,
    /// Reject values holding sentence punctuation (`。！？；，`): then it is prose, not a credit.
    pub no_sentence: bool,
    /// Reject the line when a neighbouring block is another `label：value` line that is not
    /// metadata (a book's info list: `书名：…`, `作者：…`, `格式：…`).
    pub not_in_info_list: bool,
}

const COLON_PIPE_SPACE: &[char] = &['：', ':', '|', '｜', ' '];
const COLON_SPACE: &[char] = &['：', ':', ' '];
const COLON_PIPE: &[char] = &['：', ':', '|', '｜'];
const BYLINE_SEP: &[char] = &[' ', '/', '／', '|', '｜', '：', ':'];

/// Metadata line rules, tried in order on each candidate line.
pub(crate) const LINE_RULES: &[LineRule] = &[
    LineRule {
        name: "original-title",
        field: MetaField::OriginalTitle,
        matcher: Matcher::Labelled {
            labels: &["原标题", "原题"],
            separators: COLON_SPACE,
        },
        position: Position::Anywhere,
        keep_label: false,
        max_chars: 150,
        no_sentence: false,
        not_in_info_list: false,
    },
    LineRule {
        name: "editor",
        field: MetaField::Editor,
        matcher: Matcher::Labelled {
            labels: &["责任编辑", "责编"],
            separators: COLON_PIPE_SPACE,
        },
        position: Position::Anywhere,
        keep_label: false,
        max_chars: 40,
        no_sentence: true,
        not_in_info_list: false,
    },
    LineRule {
        name: "editor-short",
        field: MetaField::Editor,
        matcher: Matcher::Labelled {
            labels: &["编辑", "本文编辑"],
            separators: COLON_PIPE,
        },
        position: Position::Edges,
        keep_label: false,
        max_chars: 30,
        no_sentence: true,
        not_in_info_list: true,
    },
    LineRule {
        name: "source",
        field: MetaField::Source,
        matcher: Matcher::Labelled {
            labels: &["来源", "稿源", "文章来源", "本文来源", "消息来源"],
            separators: COLON_PIPE_SPACE,
        },
        position: Position::Edges,
        keep_label: false,
        max_chars: 40,
        no_sentence: true,
        not_in_info_list: true,
    },
    LineRule {
        name: "byline-author",
        field: MetaField::Byline,
        matcher: Matcher::Labelled {
            labels: &["作者", "撰文", "文字"],
            separators: COLON_PIPE,
        },
        position: Position::Edges,
        keep_label: true,
        max_chars: 60,
        no_sentence: true,
        not_in_info_list: true,
    },
    LineRule {
        name: "byline-wen",
        field: MetaField::Byline,
        matcher: Matcher::Labelled {
            labels: &["文"],
            separators: BYLINE_SEP,
        },
        position: Position::Edges,
        keep_label: true,
        max_chars: 40,
        no_sentence: true,
        not_in_info_list: true,
    },
    LineRule {
        name: "byline-by",
        field: MetaField::Byline,
        matcher: Matcher::Labelled {
            labels: &["By", "BY"],
            separators: &[' '],
        },
        position: Position::Edges,
        keep_label: true,
        max_chars: 60,
        no_sentence: true,
        not_in_info_list: true,
    },
    LineRule {
        name: "byline-reporter",
        field: MetaField::Byline,
        matcher: Matcher::ReporterCredit,
        position: Position::Edges,
        keep_label: true,
        max_chars: 40,
        no_sentence: true,
        not_in_info_list: false,
    },
];

/// Short lines near the start or end of an article holding one of these phrases are
/// app/QR/follow promos, not article text (removed and reported as `promo`).
pub(crate) const PROMO_PHRASES: &[&str] = &[
    "尽在新浪财经APP",
    "下载新浪财经APP",
    "新浪财经APP",
    "扫描二维码",
    "扫描下方二维码",
    "扫码下载",
    "扫码关注",
    "长按识别二维码",
    "长按二维码",
    "点击下方图片或扫描",
    "欢迎关注我们的公众号",
    "关注公众号",
];

/// The longest line (in characters) [`PROMO_PHRASES`] can remove.
pub(crate) const PROMO_MAX_CHARS: usize = 60;

/// How many text blocks at each end of the article [`Position::Edges`] rules look at
/// (lines lifted on the way and separator lines without a letter or digit do not count).
pub(crate) const EDGE_BLOCKS: usize = 3;

/// Characters that decorate the start of a credit line (`►文 观察者网 陶梦`).
pub(crate) const LINE_DECORATIONS: &[char] = &[
    '►', '▶', '▷', '●', '○', '■', '□', '◆', '◇', '▲', '△', '▼', '★', '☆', '※', '→', '·', '•', '-',
    '—', '|', '｜',
];

/// Sentence punctuation: a value holding one is prose, not a credit.
pub(crate) const SENTENCE_PUNCTUATION: &[char] = &['。', '！', '？', '；', '，', '!', '?', ';'];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selector::Selector;

    #[test]
    fn every_selector_parses() {
        for rule in RULES {
            assert!(
                Selector::parse(rule.selector).is_ok(),
                "rule {} has an invalid or unsupported selector {:?}: {:?}",
                rule.name,
                rule.selector,
                Selector::parse(rule.selector).err()
            );
        }
    }

    #[test]
    fn every_data_attribute_the_rules_select_on_is_known() {
        // The cleaner's pre-pass leaves out the `data-*` attributes no stage reads
        // (`html_facts::is_read_data_attribute`): a rule naming another one would never match.
        let mut named = Vec::new();
        for rule in RULES {
            let mut rest = rule.selector;
            while let Some(at) = rest.find('[') {
                rest = rest[at + 1..].trim_start();
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .unwrap_or(rest.len());
                let name = rest[..end].to_ascii_lowercase();
                if name.starts_with("data-") {
                    assert!(
                        crate::html_facts::RULE_DATA_ATTRIBUTES.contains(&name.as_str()),
                        "rule {} selects on {name}: add it to RULE_DATA_ATTRIBUTES",
                        rule.name
                    );
                    named.push(name);
                }
            }
        }
        named.sort_unstable();
        named.dedup();
        let mut listed = crate::html_facts::RULE_DATA_ATTRIBUTES.to_vec();
        listed.sort_unstable();
        assert_eq!(
            named, listed,
            "RULE_DATA_ATTRIBUTES lists one no rule names"
        );
    }

    #[test]
    fn rule_names_are_unique() {
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        names.extend(LINE_RULES.iter().map(|r| r.name));
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "duplicate rule names");
    }
}

//! Page metadata: JSON-LD, `<meta>` tags (Open Graph, `article:`, Dublin Core, Twitter),
//! `<title>`/`<h1>`, and the labelled byline lines Chinese portals print near the headline
//! (`来源：`, `作者：`, `责任编辑：`, `发布时间：2021年8月10日 13:16`).

use super::content::normalize;
use super::signals::{has_word, is_word_at, Attrs, STRONG_UNLIKELY_SET};
use crate::article::Meta;
use crate::date::to_iso8601;
use crate::html_facts::{is_block, is_cjk};
use crate::needles::Needles;
use ego_tree::NodeId;
use html5ever::{local_name, LocalName};
use rustc_hash::FxHashMap;
use scraper::{Html, Node};
use serde_json::Value;

/// Metadata read from a whole page (JSON-LD, `<meta>`, `<title>`, bylines in the page).
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    pub cover: Option<String>,
    pub meta: Meta,
    /// JSON-LD `articleBody` (plain text): a fallback candidate for the article's text.
    pub body: Option<String>,
}

/// What JSON-LD said about the article.
#[derive(Debug, Default)]
struct LdArticle {
    headline: Option<String>,
    name: Option<String>,
    author: Option<String>,
    date: Option<String>,
    image: Option<String>,
    body: Option<String>,
}

/// Everything collected in one walk over the page.
#[derive(Debug, Default)]
struct Collected {
    metas: FxHashMap<String, String>,
    title: Option<String>,
    h1: Vec<String>,
    image_src: Option<String>,
    ld: LdArticle,
    /// The first element marked as the byline (`rel=author`, `itemprop=author`, a
    /// `byline`/`author` class or id) whose text is short enough to be one.
    byline: Option<String>,
    /// Short blocks of text in document order (the elements holding them), with whether an
    /// `<h1>` came before; [`read_lines`] reads their text.
    lines: Vec<(NodeId, bool)>,
}

/// Longest text kept for one value (titles, names).
const MAX_VALUE: usize = 300;
/// `<h1>` texts kept as title sources (a page with more lists teasers).
const MAX_H1S: usize = 5;
/// Longest block (visible characters) read as a labelled line (`来源：…`, a date line).
const MAX_LINE_CHARS: usize = 200;
/// Lines read for labels: enough for any header, bounded on huge pages.
const MAX_LINES: usize = 5000;
/// Longest labelled value (characters): longer is a sentence, not a name.
const MAX_LABELLED_CHARS: usize = 40;
/// Longest line (characters) whose unlabelled date stands for the publication date.
const MAX_DATE_LINE_CHARS: usize = 80;
/// JSON-LD nodes visited at most (hostile nesting stays cheap).
const MAX_LD_STEPS: usize = 10_000;

/// Whether a byline value can be a person's or an organisation's name: not markup debris
/// (`size="20"`), not a link label that starts with a symbol (`■该作者文章`), not an
/// identifier (`L_104485`: letters, `_` and digits with no space). (The site's own name can be
/// the byline: Readability's expectations credit `Mac & i` on heise's page.) A value that
/// fails leaves the next source (meta tags, body lines, byline elements) to try.
fn is_plausible_author(a: &str) -> bool {
    let first = a.chars().next();
    let identifier = a.contains('_')
        && a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && a.bytes().any(|b| b.is_ascii_digit());
    first.is_some_and(|c| c.is_alphanumeric() || c == '@')
        && !a.contains(['=', '"', '<', '>'])
        && !identifier
}

fn clip(s: &str) -> Option<String> {
    let s = crate::html_facts::collapse_whitespace(s);
    if s.is_empty() {
        return None;
    }
    Some(s.chars().take(MAX_VALUE).collect())
}

/// Reads the page's metadata; `html` is the whole parsed page.
pub(crate) fn read(html: &Html) -> PageMeta {
    let c = collect(html);
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| c.metas.get(*k).and_then(|v| clip(v)))
    };
    let site = get(&["og:site_name", "application-name", "twitter:site"]);

    let title = choose_title(&c, &get, site.as_deref());

    let author =
        c.ld.author
            .clone()
            .or_else(|| {
                get(&[
                    "author",
                    "article:author",
                    "dc.creator",
                    "byl",
                    "parsely-author",
                    "sailthru.author",
                    "citation_author",
                ])
                .filter(|a| !a.starts_with("http"))
            })
            .map(|a| strip_by(&a).to_owned());

    let meta_date = [
        "article:published_time",
        "datepublished",
        "og:published_time",
        "article:published",
        "published_time",
        "publishdate",
        "publish-date",
        "pubdate",
        "dc.date.issued",
        "dc.date",
        "date",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "og:pubdate",
        "citation_publication_date",
        "article:modified_time",
    ]
    .iter()
    .find_map(|k| c.metas.get(*k).and_then(|v| parse_date(v)));

    let cover =
        c.ld.image
            .clone()
            .or_else(|| {
                get(&[
                    "og:image",
                    "og:image:url",
                    "og:image:secure_url",
                    "twitter:image",
                    "twitter:image:src",
                    "image",
                ])
            })
            .or_else(|| c.image_src.clone())
            .filter(|u| !u.is_empty());

    let lines = read_lines(html, &c.lines);
    let date = match (
        c.ld.date.as_deref().and_then(parse_date).or(meta_date),
        lines.date,
    ) {
        // A day alone (`publishdate` = `2022-02-13`) yields to the page's own line for the
        // same day with its time (`2022年02月13日07:48`): the same date, more precisely.
        (Some(day), Some(line)) if day.len() == 10 && line.len() > 10 && line.starts_with(&day) => {
            Some(line)
        }
        (found, line) => found.or(line),
    };

    PageMeta {
        title: title.filter(|t| !t.is_empty()),
        author: [author, lines.author, c.byline]
            .into_iter()
            .flatten()
            .find(|a| is_plausible_author(a)),
        date,
        cover,
        meta: Meta {
            original_title: None,
            editor: lines.editor,
            byline: lines.byline,
            source: lines.source,
        },
        body: c.ld.body,
    }
}

/// Word-bag similarity (Dice) at which two title sources agree: a headline with or without
/// a short site suffix agrees with itself, a category or a site name does not.
const TITLE_AGREEMENT: f64 = 0.75;

/// The page's title, decided by agreement between its sources, in this order: JSON-LD
/// `headline` and `name`, Dublin Core, `og:title`, `<meta name=title>`, `twitter:title`,
/// Parse.ly, `<title>` and the first `<h1>`. The first source that another one agrees with
/// wins (a JSON-LD `name` that is a category or the site's name agrees with nothing and
/// loses to the headline that `og:title` and `<title>` repeat); when none agree, the first.
/// The site name is stripped from `<title>` (any short suffix) and from the others (only a
/// suffix naming the site).
fn choose_title(
    c: &Collected,
    get: &dyn Fn(&[&str]) -> Option<String>,
    site: Option<&str>,
) -> Option<String> {
    let page_title = c
        .title
        .as_deref()
        .map(|t| strip_site(t, site, &c.h1, true))
        .filter(|t| !t.is_empty());
    let sources: Vec<String> = [
        c.ld.headline.clone(),
        c.ld.name.clone(),
        get(&["dc:title", "dc.title", "dcterm:title", "dcterms.title"]),
        get(&["og:title"]),
        get(&["title"]),
        get(&["twitter:title"]),
        get(&["parsely-title", "headline"]),
        page_title,
        c.h1.first().cloned(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let words: Vec<Vec<String>> = sources.iter().map(|s| title_words(s)).collect();
    let agreed = (0..sources.len()).find(|&i| {
        !words[i].is_empty()
            && words
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && dice(&words[i], o) >= TITLE_AGREEMENT)
    });
    let i = agreed.or_else(|| (!sources.is_empty()).then_some(0))?;
    Some(strip_site(&sources[i], site, &c.h1, false))
}

/// Lower-cased words of a title (every CJK character one word), for [`dice`].
fn title_words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for ch in s.chars() {
        if ch.is_alphanumeric() && !is_cjk(ch) {
            cur.extend(ch.to_lowercase());
            continue;
        }
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if is_cjk(ch) {
            out.push(ch.to_string());
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Dice coefficient of two word bags (titles are short: a quadratic match, and no sort).
fn dice(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; b.len()];
    let mut common = 0usize;
    for w in a {
        if let Some(k) = (0..b.len()).find(|&k| !used[k] && b[k] == *w) {
            used[k] = true;
            common += 1;
        }
    }
    (2 * common) as f64 / (a.len() + b.len()) as f64
}

fn attr<'a>(el: &'a scraper::node::Element, name: &str) -> Option<&'a str> {
    crate::dom::get_attr(el, name)
}

/// Non-whitespace characters of `t` (`t.chars().filter(|c| !c.is_whitespace()).count()`),
/// counted on the bytes: a character is its first byte, and only the first bytes of the
/// non-ASCII whitespace characters (U+0085, U+00A0, U+1680, U+2000..=U+205F, U+3000) need
/// decoding.
fn visible_chars(t: &str) -> usize {
    if t.is_ascii() {
        // Most text nodes; this form vectorizes.
        return t
            .bytes()
            .filter(|b| !matches!(b, b'\t'..=b'\r' | b' '))
            .count();
    }
    let mut n = 0;
    for (k, &b) in t.as_bytes().iter().enumerate() {
        match b {
            b'\t'..=b'\r' | b' ' => {}
            // A continuation byte: its character is already counted.
            0x80..=0xBF => {}
            0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                if !t[k..].chars().next().is_some_and(char::is_whitespace) {
                    n += 1;
                }
            }
            _ => n += 1,
        }
    }
    n
}

/// Byte offset of the first `needle` in `hay` (what `str::find` returns, without its
/// set-up cost, which dominates on short lines and labels).
fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let first = needle.chars().next()?;
    let mut from = 0;
    while let Some(k) = hay[from..].find(first) {
        let at = from + k;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + first.len_utf8();
    }
    None
}

fn collect(html: &Html) -> Collected {
    let mut c = Collected::default();
    let root = html.tree.root().id();
    // Pass 1 (pre-order): meta tags, title, JSON-LD, h1s, and the node order.
    // The tree's node count bounds every per-node vector: no reallocation while walking.
    let cap = html.tree.values().len();
    let mut order: Vec<NodeId> = Vec::with_capacity(cap);
    let mut parent: Vec<usize> = Vec::with_capacity(cap);
    // Element names (`None` for text and the document) and visible characters of text.
    let mut names: Vec<Option<&LocalName>> = Vec::with_capacity(cap);
    let mut len: Vec<usize> = Vec::with_capacity(cap);
    // The stack holds the next node to visit at each level: a node's next sibling waits
    // under its first child, so no children list is walked backwards.
    let mut stack: Vec<(NodeId, usize)> = vec![(root, usize::MAX)];
    while let Some((id, p)) = stack.pop() {
        let Some(node) = html.tree.get(id) else {
            continue;
        };
        if p != usize::MAX {
            if let Some(next) = node.next_sibling() {
                stack.push((next.id(), p));
            }
        }
        if let Node::Element(el) = node.value() {
            match el.name.local {
                local_name!("meta") => {
                    // `property` may hold several names (`og:title twitter:title`).
                    if let Some(v) = attr(el, "content") {
                        for k in ["property", "name", "itemprop"]
                            .into_iter()
                            .filter_map(|a| attr(el, a))
                            .flat_map(str::split_whitespace)
                        {
                            c.metas
                                .entry(k.to_ascii_lowercase())
                                .or_insert_with(|| v.to_owned());
                        }
                    }
                    continue;
                }
                local_name!("title") if c.title.is_none() => {
                    c.title = clip(&crate::dom::text_content(html, id));
                    continue;
                }
                local_name!("script") => {
                    if attr(el, "type").is_some_and(|t| t.contains("ld+json")) {
                        let text = crate::dom::text_content(html, id);
                        if let Some(v) = crate::json::parse(ld_text(&text)) {
                            read_ld(&v, &mut c.ld);
                        }
                    }
                    continue;
                }
                local_name!("style") | local_name!("noscript") | local_name!("template") => {
                    continue
                }
                local_name!("link") => {
                    if attr(el, "rel").is_some_and(|r| r.eq_ignore_ascii_case("image_src")) {
                        c.image_src = attr(el, "href").map(str::to_owned);
                    }
                    continue;
                }
                local_name!("time") => {
                    if let Some(dt) = attr(el, "datetime") {
                        c.metas
                            .entry("time:datetime".to_owned())
                            .or_insert_with(|| dt.to_owned());
                    }
                }
                _ => {}
            }
            if c.byline.is_none() && is_byline_element(el) {
                c.byline = byline_text(html, id);
            }
            if attr(el, "itemprop").is_some_and(|v| v == "datePublished") {
                if let Some(v) = attr(el, "datetime").or_else(|| attr(el, "content")) {
                    c.metas
                        .entry("datepublished".to_owned())
                        .or_insert_with(|| v.to_owned());
                }
            }
        } else if !matches!(node.value(), Node::Text(_) | Node::Document) {
            continue;
        }
        let me = order.len();
        order.push(id);
        parent.push(p);
        match node.value() {
            Node::Element(el) => {
                names.push(Some(&el.name.local));
                len.push(0);
            }
            Node::Text(t) => {
                names.push(None);
                len.push(visible_chars(t));
            }
            _ => {
                names.push(None);
                len.push(0);
            }
        }
        if let Some(first) = node.first_child() {
            stack.push((first.id(), me));
        }
    }
    // Pass 2 (bottom-up): which elements hold a block, and text length per subtree.
    let n = order.len();
    let mut block_inside = vec![false; n];
    for i in (0..n).rev() {
        let p = parent[i];
        if p == usize::MAX {
            continue;
        }
        len[p] += len[i];
        let b = block_inside[i] || names[i].is_some_and(|n| is_block(n));
        block_inside[p] |= b;
    }
    // Pass 3 (document order): h1 texts and short lines (topmost elements without blocks).
    let mut seen_h1 = false;
    let mut i = 0;
    while i < n {
        let name = names[i];
        let h1 = name == Some(&local_name!("h1"));
        if h1 && c.h1.len() < MAX_H1S {
            if let Some(t) = clip(&crate::dom::text_content(html, order[i])) {
                c.h1.push(t);
            }
        }
        if h1 {
            seen_h1 = true;
        }
        let topmost_line = name.is_some()
            && !block_inside[i]
            && parent[i] != usize::MAX
            && block_inside[parent[i]];
        if topmost_line && len[i] > 0 && len[i] <= MAX_LINE_CHARS && c.lines.len() < MAX_LINES {
            c.lines.push((order[i], seen_h1));
            // Skip the subtree: its text is in this line.
            let end = subtree_end(&parent, i);
            i = end;
            continue;
        }
        i += 1;
    }
    c
}

/// The first index after the subtree of `i` (pre-order numbering with parent links).
fn subtree_end(parent: &[usize], i: usize) -> usize {
    let mut j = i + 1;
    while j < parent.len() {
        // j is in the subtree of i iff walking up from j reaches i before going above i.
        // In pre-order, parents precede children, so once parent[j] < i, we left.
        let p = parent[j];
        if p == usize::MAX || p < i {
            break;
        }
        j += 1;
    }
    j
}

fn type_is_article(v: &Value) -> bool {
    // `NewsArticle`, `schema:BlogPosting`, `http://schema.org/SocialMediaPosting`, …
    let is = |s: &str| {
        let s = s.rsplit(['/', ':']).next().unwrap_or(s);
        s.ends_with("Article") || s.ends_with("Posting") || s == "Report" || s == "APIReference"
    };
    match v.get("@type") {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(is)),
        _ => false,
    }
}

fn ld_name(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clip(s),
        Value::Object(o) => o.get("name").and_then(Value::as_str).and_then(clip),
        Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(ld_name).take(10).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

fn ld_image(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => clip(s),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("contentUrl"))
            .and_then(Value::as_str)
            .and_then(clip),
        Value::Array(a) => a.iter().find_map(ld_image),
        _ => None,
    }
}

/// The JSON inside a JSON-LD script, without the `<![CDATA[ … ]]>` or `<!-- … -->`
/// wrapper (and `//` before it) that some pages put around it.
fn ld_text(t: &str) -> &str {
    let mut t = t.trim();
    loop {
        let before = t.len();
        t = t.trim_start_matches("//").trim_start();
        for open in ["<![CDATA[", "<!--"] {
            t = t.strip_prefix(open).unwrap_or(t).trim_start();
        }
        for close in ["]]>", "-->", "//"] {
            t = t.strip_suffix(close).unwrap_or(t).trim_end();
        }
        if t.len() == before {
            return t;
        }
    }
}

/// Longest text (characters) of a byline found in the page body: longer is an author box.
const MAX_BYLINE_CHARS: usize = 100;

/// Class/id words of the element holding an article's byline.
const BYLINE_WORDS: &[&str] = &["byline", "author", "writtenby"];
/// [`BYLINE_WORDS`] indexed for one pass over a class or id.
const BYLINE_SET: Needles = Needles::new(BYLINE_WORDS);

/// Whether `el` is marked as an article's byline: `rel=author`, `itemprop=author`, or a
/// class/id holding one of [`BYLINE_WORDS`] as a word of its own (a `comment-author` is
/// not the article's).
fn is_byline_element(el: &scraper::node::Element) -> bool {
    let has = |a: &str, w: &str| {
        attr(el, a).is_some_and(|v| v.split_whitespace().any(|t| t.eq_ignore_ascii_case(w)))
    };
    if has("rel", "author") || has("itemprop", "author") {
        return true;
    }
    let words = |v: &str| {
        BYLINE_SET.any_occurrence(v, |w, at| is_word_at(v.as_bytes(), at, w.as_bytes()))
            && !has_word(v, "comment")
    };
    attr(el, "class").is_some_and(words) || attr(el, "id").is_some_and(words)
}

/// The byline an element holds: the text of its `itemprop=name` descendant when it has one,
/// else its own, without a leading `By`. `None` when empty or too long to be a byline, when
/// it holds a list (`More from this author`, a sidebar of authors each with their latest
/// headline), or when it is in a comment thread (a reader's byline): not the article's.
fn byline_text(html: &Html, id: NodeId) -> Option<String> {
    let in_comments = html.tree.get(id)?.ancestors().any(|a| {
        a.value()
            .as_element()
            .is_some_and(|e| Attrs::of(e).class_or_id_has_word(&STRONG_UNLIKELY_SET))
    });
    if in_comments {
        return None;
    }
    let mut named = None;
    for d in crate::dom::descendants(html, id) {
        let Some(e) = html.tree.get(d).and_then(|n| n.value().as_element()) else {
            continue;
        };
        if matches!(e.name.local, local_name!("ul") | local_name!("ol")) {
            return None;
        }
        if named.is_none() && attr(e, "itemprop") == Some("name") {
            named = Some(d);
        }
    }
    let text = crate::dom::text_content(html, named.unwrap_or(id));
    let text = crate::html_facts::collapse_whitespace(&text);
    let text = strip_by(&text);
    let n = text.chars().count();
    (n > 0 && n < MAX_BYLINE_CHARS).then(|| text.to_owned())
}

/// `By Jane Doe`, `by: Jane Doe` → `Jane Doe`.
fn strip_by(a: &str) -> &str {
    let a = a.trim();
    match a.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") || by.eq_ignore_ascii_case("by:") => {
            a[3..].trim_start()
        }
        _ => a,
    }
}

/// Finds the first article-typed object anywhere in a JSON-LD value (iteratively).
fn read_ld(v: &Value, out: &mut LdArticle) {
    let mut stack = vec![v];
    let mut steps = 0;
    while let Some(v) = stack.pop() {
        steps += 1;
        if steps > MAX_LD_STEPS {
            return;
        }
        match v {
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                if type_is_article(v) {
                    let s = |k: &str| o.get(k).and_then(Value::as_str).and_then(clip);
                    if out.headline.is_none() && out.name.is_none() {
                        out.headline = s("headline");
                        out.name = s("name");
                    }
                    if out.author.is_none() {
                        out.author = o.get("author").and_then(ld_name);
                    }
                    if out.date.is_none() {
                        out.date = s("datePublished").or_else(|| s("dateCreated"));
                    }
                    if out.image.is_none() {
                        out.image = o.get("image").and_then(ld_image);
                    }
                    if out.body.is_none() {
                        out.body = o.get("articleBody").and_then(Value::as_str).map(Into::into);
                    }
                }
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if let Some(m) = o.get("mainEntity") {
                    stack.push(m);
                }
            }
            _ => {}
        }
    }
}

/// A date from a metadata value: the whole value, else the first date-like run in it.
pub(crate) fn parse_date(v: &str) -> Option<String> {
    to_iso8601(v).or_else(|| find_date(v))
}

/// The first `YYYY-MM-DD[ HH:MM[:SS]]` / `YYYY年M月D日[ HH:MM]` run in `text`, as ISO 8601.
pub(crate) fn find_date(text: &str) -> Option<String> {
    // A date starts with four digits and has one more after the separator.
    text.bytes().filter(u8::is_ascii_digit).nth(4)?;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k + 5 < chars.len() {
        let is_year = (0..4).all(|d| chars[k + d].1.is_ascii_digit())
            && matches!(chars[k].1, '1' | '2')
            && (k == 0 || !chars[k - 1].1.is_ascii_digit())
            && matches!(chars[k + 4].1, '年' | '-' | '/' | '.')
            && chars[k + 5].1.is_ascii_digit();
        if !is_year {
            k += 1;
            continue;
        }
        let start = chars[k].0;
        let mut end_k = k;
        let mut spaces = 0;
        while end_k < chars.len() {
            let ch = chars[end_k].1;
            let ok = ch.is_ascii_digit()
                || matches!(
                    ch,
                    '年' | '月' | '日' | '时' | '分' | '秒' | ':' | '-' | '/' | '.' | 'T' | '：'
                );
            if ok {
                end_k += 1;
            } else if ch.is_whitespace() && spaces < 1 && end_k > k + 6 {
                spaces += 1;
                end_k += 1;
            } else {
                break;
            }
        }
        let end = chars.get(end_k).map_or(text.len(), |c| c.0);
        let run = text[start..end].replace('：', ":");
        let run = run.trim_end_matches(|c: char| !(c.is_ascii_digit() || "日分秒".contains(c)));
        if let Some(d) = to_iso8601(run) {
            return Some(d);
        }
        // The date part alone.
        let date_only: String = run
            .split(|c: char| c.is_whitespace() || c == 'T')
            .next()
            .unwrap_or("")
            .to_owned();
        if let Some(d) = to_iso8601(&date_only) {
            return Some(d);
        }
        k += 1;
    }
    None
}

/// Fields read from labelled lines.
#[derive(Debug, Default)]
struct Lines {
    source: Option<String>,
    author: Option<String>,
    editor: Option<String>,
    byline: Option<String>,
    date: Option<String>,
}

const SOURCE_LABELS: &[&str] = &["来源", "稿源", "出处"];
const AUTHOR_LABELS: &[&str] = &["作者", "撰文", "文／", "文/"];
const REPORTER_LABELS: &[&str] = &["记者", "通讯员"];
const EDITOR_LABELS: &[&str] = &["责任编辑", "责编", "编辑"];
const DATE_LABELS: &[&str] = &[
    "发布时间",
    "发表时间",
    "发布日期",
    "发表日期",
    "更新时间",
    "时间",
    "日期",
];

/// The value after `label` in `line` (after an optional colon), up to the next separator.
fn labelled<'a>(line: &'a str, labels: &[&str]) -> Option<&'a str> {
    for label in labels {
        let mut from = 0;
        while let Some(pos) = find_str(&line[from..], label) {
            let after = &line[from + pos + label.len()..];
            from += pos + label.len();
            let trimmed = after.trim_start_matches([' ', '\u{3000}', '\u{a0}', '\t', '\n']);
            let (had_colon, rest) = match trimmed.strip_prefix([':', '：']) {
                Some(r) => (true, r),
                None => (false, trimmed),
            };
            if !had_colon && !label.ends_with(['／', '/']) {
                continue;
            }
            let rest = rest.trim_start_matches([' ', '\u{3000}', '\u{a0}', '\t', '\n']);
            let end = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '|' | '｜' | '】' | '）' | ')' | '[' | '【')
                })
                .unwrap_or(rest.len());
            let value = &rest[..end];
            if !value.is_empty() && value.chars().count() <= MAX_LABELLED_CHARS {
                return Some(value);
            }
        }
    }
    None
}

/// Reads the labelled fields from the short lines `collect` found (elements of `html`, with
/// whether an `<h1>` came before each).
fn read_lines(html: &Html, lines: &[(NodeId, bool)]) -> Lines {
    let mut out = Lines::default();
    let any_h1 = lines.iter().any(|(_, h)| *h);
    let mut first_date: Option<String> = None;
    // One buffer for every line's text.
    let mut text = String::new();
    for (id, after_h1) in lines {
        if out.source.is_some()
            && out.author.is_some()
            && out.byline.is_some()
            && out.editor.is_some()
            && out.date.is_some()
        {
            // Every field is found; `first_date` only stands in for a missing date.
            break;
        }
        text.clear();
        push_text(html, *id, &mut text);
        let line = text.trim();
        let chars = line.chars().count();
        if chars > MAX_LINE_CHARS {
            continue;
        }
        let hints = LineHints::of(line);
        // Every label holds a CJK character: an ASCII line has none.
        let labels_possible = !line.is_ascii() && hints.label_separator;
        if labels_possible && out.source.is_none() {
            out.source = labelled(line, SOURCE_LABELS).map(str::to_owned);
        }
        if labels_possible && out.author.is_none() {
            out.author = labelled(line, AUTHOR_LABELS).map(str::to_owned);
        }
        if labels_possible && out.byline.is_none() {
            if let Some(r) = labelled(line, REPORTER_LABELS) {
                out.byline = Some(r.to_owned());
            }
        }
        if labels_possible && out.editor.is_none() {
            out.editor = labelled(line, EDITOR_LABELS).map(str::to_owned);
        }
        if !hints.date_possible {
            continue;
        }
        if !line.is_ascii() && out.date.is_none() {
            for label in DATE_LABELS {
                if let Some(pos) = find_str(line, label) {
                    if let Some(d) = find_date(&line[pos..]) {
                        out.date = Some(d);
                        break;
                    }
                }
            }
        }
        if first_date.is_none()
            && (*after_h1 || !any_h1)
            && chars <= MAX_DATE_LINE_CHARS
            && has_text_outside_links(html, *id)
        {
            first_date = find_date(line);
        }
    }
    if out.date.is_none() {
        out.date = first_date;
    }
    out
}

/// True when some text of element `id` stands outside links. A line that is only a link
/// names another page (a sidebar's `精选文章(截止2006年8月10日)`): a date in it is not
/// this page's. (Recursive: the page reaches the parser at most
/// [`crate::input::MAX_DEPTH`] levels deep.)
fn has_text_outside_links(html: &Html, id: NodeId) -> bool {
    html.tree.get(id).is_some_and(|node| match node.value() {
        Node::Text(t) => !t.trim().is_empty(),
        Node::Element(e) if e.name() != "a" => node
            .children()
            .any(|c| has_text_outside_links(html, c.id())),
        _ => false,
    })
}

/// Appends the text of `id` and its descendants to `out` (what
/// [`crate::dom::text_content`] returns, into a reused buffer).
fn push_text(html: &Html, id: NodeId, out: &mut String) {
    if let Some(node) = html.tree.get(id) {
        for n in node.descendants() {
            if let Node::Text(t) = n.value() {
                out.push_str(t);
            }
        }
    }
}

/// What one scan of a line tells about which readers can find anything in it.
#[derive(Debug, PartialEq)]
struct LineHints {
    /// The line holds a colon or a slash: without one, [`labelled`] finds nothing (a label
    /// is followed by a colon unless it ends with a slash).
    label_separator: bool,
    /// The line holds at least five ASCII digits: without them, [`find_date`] finds
    /// nothing in it or in any part of it.
    date_possible: bool,
}

impl LineHints {
    /// One pass over the bytes of `line` (`：` is `EF BC 9A` in UTF-8, `／` is `EF BC 8F`).
    fn of(line: &str) -> LineHints {
        let b = line.as_bytes();
        let mut digits = 0;
        let mut label_separator = false;
        for (k, &c) in b.iter().enumerate() {
            match c {
                b'0'..=b'9' => digits += 1,
                b':' | b'/' => label_separator = true,
                0xEF if matches!(b.get(k + 1..k + 3), Some([0xBC, 0x9A | 0x8F])) => {
                    label_separator = true
                }
                _ => {}
            }
        }
        LineHints {
            label_separator,
            date_possible: digits >= 5,
        }
    }
}

/// Title separators, most specific first.
const SEPARATORS: &[&str] = &[
    " | ", " ｜ ", "｜", " - ", " – ", " — ", " _ ", "_", " :: ", " » ", " · ", "——", " -- ", "|",
];

/// Removes a site name (and channel names) appended to a title: `Headline | Site`,
/// `标题_财经频道_新浪网`. An `<h1>` that the title starts with wins outright. Any short
/// suffix goes when `guess` (a `<title>`), else only one that names the site.
pub(crate) fn strip_site(title: &str, site: Option<&str>, h1s: &[String], guess: bool) -> String {
    let title = title.trim();
    let nt = normalize(title);
    for h in h1s {
        let nh = normalize(h);
        if !nh.is_empty() && nt.starts_with(&nh) && nh.chars().count() * 3 >= nt.chars().count() {
            return h.trim().to_owned();
        }
    }
    let ns = site.map(normalize).filter(|s| !s.is_empty());
    let mut cur = title;
    loop {
        let best = SEPARATORS
            .iter()
            .filter_map(|sep| cur.rfind(sep).map(|p| (p, *sep)))
            .max_by_key(|(p, sep)| (*p, sep.len()));
        let Some((pos, sep)) = best else { break };
        let head = cur[..pos].trim();
        let tail = cur[pos + sep.len()..].trim();
        let head_len = head.chars().count();
        let head_cjk = head.chars().filter(|c| is_cjk(*c)).count();
        let head_ok = head_cjk >= 4 || head.split_whitespace().count() >= 3;
        if !head_ok {
            break;
        }
        let ntail = normalize(tail);
        let site_match = ns.as_ref().is_some_and(|s| {
            !ntail.is_empty() && (s.contains(&ntail) || ntail.contains(s.as_str()))
        });
        let tail_len = tail.chars().count();
        let short =
            guess && tail_len <= 24 && tail.split_whitespace().count() <= 4 && tail_len < head_len;
        if site_match || short || tail.is_empty() {
            cur = head;
        } else {
            break;
        }
    }
    cur.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_holds_a_non_ascii_character() {
        // `read_lines` skips the label search on ASCII lines.
        for l in [
            SOURCE_LABELS,
            AUTHOR_LABELS,
            REPORTER_LABELS,
            EDITOR_LABELS,
            DATE_LABELS,
        ]
        .concat()
        {
            assert!(!l.is_ascii(), "{l}");
        }
    }

    #[test]
    fn strips_site_names() {
        assert_eq!(
            strip_site("Big news today | The Times", Some("The Times"), &[], false),
            "Big news today"
        );
        assert_eq!(
            strip_site("央行宣布降准0.5个百分点_财经频道_新浪网", None, &[], true),
            "央行宣布降准0.5个百分点"
        );
        assert_eq!(
            strip_site("A - B", None, &[], true),
            "A - B",
            "too short a head is kept whole"
        );
        assert_eq!(
            strip_site(
                "Title here now - Site",
                None,
                &["Title here now".into()],
                false
            ),
            "Title here now"
        );
    }

    #[test]
    fn finds_dates_in_text() {
        assert_eq!(
            find_date("发布时间：2021年8月10日 13:16 来源：新华网").as_deref(),
            Some("2021-08-10T13:16:00")
        );
        assert_eq!(
            find_date("2021-08-10 13:16:24").as_deref(),
            Some("2021-08-10T13:16:24")
        );
        assert_eq!(find_date("编号 123456"), None);
    }

    #[test]
    fn visible_chars_counts_non_whitespace_characters() {
        for t in [
            "",
            "plain ascii\ttext\n",
            "\u{b}\u{c}\u{1c}\u{1f}",
            "中文　全角空格\u{a0}nbsp\u{85}",
            "\u{1680}\u{2000}\u{200a}\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}\u{3001}",
            "é ü ß 𝄞 ",
        ] {
            let expect = t.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(visible_chars(t), expect, "{t:?}");
        }
    }

    #[test]
    fn line_hints() {
        let h = LineHints::of("来源：新华网 2021-08-10");
        assert!(h.label_separator && h.date_possible);
        let h = LineHints::of("文/张三");
        assert!(h.label_separator && !h.date_possible);
        let h = LineHints::of("没有标签的一行 1234");
        assert!(!h.label_separator && !h.date_possible);
        // The hints never hide what the readers would find.
        for line in ["发布时间 2021年8月10日", "来源 新华网", "12345"] {
            let h = LineHints::of(line);
            if !h.label_separator {
                assert_eq!(labelled(line, SOURCE_LABELS), None);
            }
            if !h.date_possible {
                assert_eq!(find_date(line), None);
            }
        }
    }

    #[test]
    fn labelled_values() {
        let line = "来源：每日经济新闻 作者：张三 责任编辑：王蒙";
        assert_eq!(labelled(line, SOURCE_LABELS), Some("每日经济新闻"));
        assert_eq!(labelled(line, AUTHOR_LABELS), Some("张三"));
        assert_eq!(labelled(line, EDITOR_LABELS), Some("王蒙"));
        assert_eq!(labelled("没有标签的一行", SOURCE_LABELS), None);
    }
}

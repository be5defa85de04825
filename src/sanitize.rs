//! The sanitizing stage: an allow-list applied to the tree, the last step before rendering.
//!
//! Only the elements and attributes listed here survive; everything else is unwrapped (its
//! text kept) or, for elements whose content is code or chrome, removed with its content.
//! URLs are checked after the browser's own clean-up (tabs/newlines removed, control
//! characters trimmed), and the checked string is the one emitted.
//!
//! A second pass, [`fix_structure`], makes the tree one that the HTML parser would build
//! itself from the serialized output (no `p` holding blocks, no `a` in `a`, table parts only
//! in their tables, bounded depth…), so that the output re-parses to the same tree and
//! `sanitize(out) == out`: what the page sees after `innerHTML` is what was checked here.

use crate::article::{excerpt, Report, EXCERPT_CHARS};
use crate::dom::{self, Document};
use crate::html_facts::{closes_p, is_formatting, is_heading, is_special};
use crate::options::Options;
use ego_tree::NodeId;
use html5ever::tendril::StrTendril;
use html5ever::{local_name, ns, Attribute, LocalName, QualName};
use scraper::node::Element;
use scraper::{Html, Node};
use std::borrow::Cow;

/// Elements kept (with the attributes [`allowed_attr`] lets through), sorted.
const ALLOWED: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with their content: code, chrome, forms controls, foreign content.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "object",
    "applet",
    "frame",
    "frameset",
    "noframes",
    "noembed",
    "xmp",
    "plaintext",
    "textarea",
    "select",
    "option",
    "optgroup",
    "button",
    "input",
    "svg",
    "math",
    "title",
    "head",
    "meta",
    "link",
    "base",
    "canvas",
    "source",
    "track",
    "param",
    "datalist",
    "output",
    "portal",
    "dialog",
    "map",
    "area",
];

/// Block containers that are not kept as such but become a `div` (their text stays a block).
const TO_DIV: &[&str] = &[
    "article", "section", "aside", "header", "footer", "main", "nav", "address", "center",
    "hgroup", "search", "fieldset", "form", "legend", "dir", "menu", "listing",
];

/// Embeds: kept as sandboxed iframes for allowed hosts, otherwise turned into a link.
const EMBEDS: &[&str] = &["iframe", "embed", "video", "audio"];

/// What happened to a node; tells the walk which nodes to visit next.
enum Outcome {
    /// Kept: visit its children.
    Kept,
    /// Removed with its content, or fully handled (an unwrapped element's children are on
    /// the stack already): nothing more to visit.
    Done,
}

/// What the allow-list does with an element that is not kept as it is (decided on the
/// element in place, so that it is not copied).
enum Verdict {
    /// Removed with its content.
    Remove,
    /// Replaced by its children.
    Unwrap,
    /// Replaced by this text (an image's `alt`, trimmed by [`replace_with_text`]).
    Text(String),
    /// An embed: see [`embed`].
    Embed,
    /// Kept under this name with these attributes.
    Keep(QualName, Vec<Attribute>),
}

/// Applies the allow-list, then [`fix_structure`]: the whole sanitizer, for a tree that is
/// not cleaned.
pub(crate) fn sanitize(doc: &mut Document, options: &Options, report: &mut Report) {
    allow_list(doc, options, report);
    fix_structure(doc);
}

/// Applies the allow-list to the article subtree (iteratively, parents before children).
///
/// In [`crate::clean`] this runs right after the boilerplate rules and before the cleaner
/// normalizes text and structure, so the normalizer sees exactly what survives the allow-list
/// (an image with a `javascript:` source is already gone, a `<menu>` is already a `div`) and
/// its output is final. The normalizer only removes nodes, edits text and adds or renames to
/// `p` without attributes, so what it leaves is still allow-listed.
pub(crate) fn allow_list(doc: &mut Document, options: &Options, report: &mut Report) {
    let mut stack = Vec::new();
    dom::push_children(&doc.html, doc.root, &mut stack, |c| c);
    while let Some(id) = stack.pop() {
        let outcome = match doc.html.tree.get(id).map(|n| n.value()) {
            Some(Node::Text(_)) => Outcome::Done,
            // An allowed element without attributes stays as it is (the common case).
            Some(Node::Element(el)) if kept_as_is(el) => Outcome::Kept,
            // A formula is article text: it stays as text, never as MathML markup.
            Some(Node::Element(el)) if el.name.ns == ns!(mathml) && &*el.name.local == "math" => {
                let tex = formula_text(&doc.html, id);
                replace_with_text(doc, id, &tex);
                Outcome::Done
            }
            Some(Node::Element(el)) => match judge(el, options, report) {
                Verdict::Remove => {
                    dom::remove(&mut doc.html, id);
                    Outcome::Done
                }
                Verdict::Unwrap => {
                    // Its children are visited in its place.
                    dom::push_children(&doc.html, id, &mut stack, |c| c);
                    dom::unwrap(&mut doc.html, id);
                    Outcome::Done
                }
                Verdict::Text(alt) => {
                    replace_with_text(doc, id, &alt);
                    Outcome::Done
                }
                Verdict::Embed => {
                    let el = el.clone();
                    embed(doc, id, &el, options, report);
                    Outcome::Done
                }
                Verdict::Keep(name, attrs) => {
                    set_element(&mut doc.html, id, name, attrs);
                    Outcome::Kept
                }
            },
            _ => {
                dom::remove(&mut doc.html, id);
                Outcome::Done
            }
        };
        if let Outcome::Kept = outcome {
            dom::push_children(&doc.html, id, &mut stack, |c| c);
        }
    }
}

/// Whether [`judge`] would keep `el` exactly as it is: an allowed HTML element with no
/// attributes, other than `a` and `img` (which need theirs).
fn kept_as_is(el: &Element) -> bool {
    let name = el.name();
    el.attrs.is_empty()
        && el.name.ns == ns!(html)
        && el.name.prefix.is_none()
        && name != "a"
        && name != "img"
        && ALLOWED.binary_search(&name).is_ok()
}

/// What becomes of `el` (reported as it is judged). Kept attribute values share the
/// element's buffers: nothing is copied unless it changes.
fn judge(el: &Element, options: &Options, report: &mut Report) -> Verdict {
    let name: &str = &el.name.local;
    let html_ns = el.name.ns == ns!(html);
    if !html_ns || DROPPED.contains(&name) {
        report.removed("unsafe_element", format!("<{name}>"));
        return Verdict::Remove;
    }
    if EMBEDS.contains(&name) {
        return Verdict::Embed;
    }
    if name == "img" && !options.get_images() {
        return Verdict::Text(dom::get_attr(el, "alt").unwrap_or("").to_owned());
    }
    if TO_DIV.contains(&name) {
        let attrs = el
            .attrs
            .iter()
            .filter_map(|(q, v)| {
                Some(Attribute {
                    name: q.clone(),
                    value: allowed_attr("div", &q.local, v, options)?,
                })
            })
            .collect();
        return Verdict::Keep(QualName::new(None, ns!(html), local_name!("div")), attrs);
    }
    if !ALLOWED.contains(&name) {
        return Verdict::Unwrap;
    }
    let mut attrs: Vec<Attribute> = Vec::with_capacity(el.attrs.len() + 2);
    for (qual, value) in el.attrs.iter() {
        let attr: &str = &qual.local;
        match allowed_attr(name, attr, value, options) {
            Some(value) => attrs.push(Attribute {
                name: qual.clone(),
                value,
            }),
            None if attr.starts_with("on") => {
                report.removed("unsafe_attribute", format!("<{name} {attr}>"))
            }
            None if is_url_attr(attr) => report.removed(
                "unsafe_url",
                format!("<{name} {attr}=\"{}\">", excerpt(value, 40)),
            ),
            None => {}
        }
    }
    if name == "a" {
        if !attrs.iter().any(|a| &*a.name.local == "href") {
            return Verdict::Unwrap;
        }
        attrs.push(attribute("rel", link_rel(options)));
    }
    if name == "img" {
        if !attrs.iter().any(|a| &*a.name.local == "src") {
            return Verdict::Text(dom::get_attr(el, "alt").unwrap_or("").to_owned());
        }
        attrs.push(attribute("loading", "lazy"));
        if options.get_image_referrer_policy() {
            attrs.push(attribute("referrerpolicy", "no-referrer"));
        }
    }
    Verdict::Keep(QualName::new(None, ns!(html), el.name.local.clone()), attrs)
}

/// The `rel` every kept link gets: `noopener noreferrer`, plus `nofollow` when
/// [`Options::link_nofollow`] is set.
fn link_rel(options: &Options) -> &'static str {
    if options.get_link_nofollow() {
        "noopener noreferrer nofollow"
    } else {
        "noopener noreferrer"
    }
}

fn is_url_attr(attr: &str) -> bool {
    matches!(
        attr,
        "href"
            | "src"
            | "cite"
            | "action"
            | "formaction"
            | "data"
            | "poster"
            | "srcset"
            | "xlink:href"
    )
}

/// The value to keep for `attr` on `element`, or `None` to drop it. A value kept as it is
/// shares `value`'s buffer.
fn allowed_attr(
    element: &str,
    attr: &str,
    value: &StrTendril,
    options: &Options,
) -> Option<StrTendril> {
    match (element, attr) {
        (_, "lang" | "dir") if value.len() <= 35 => Some(value.clone()),
        ("a", "href") => {
            safe_url(value, options, &["http", "https", "mailto"]).map(|url| to_tendril(value, url))
        }
        ("a" | "abbr" | "img", "title") => Some(value.clone()),
        ("img", "src") => {
            if options.get_data_images() {
                let url = clean_url(value);
                if is_data_image(&url) {
                    return Some(to_tendril(value, url));
                }
            }
            safe_url(value, options, &["http", "https"]).map(|url| to_tendril(value, url))
        }
        ("img", "alt") => Some(value.clone()),
        ("img", "width" | "height") => digits(value, 5),
        ("td" | "th", "colspan" | "rowspan") => digits(value, 4),
        ("th", "scope") if matches!(&**value, "row" | "col" | "rowgroup" | "colgroup") => {
            Some(value.clone())
        }
        ("ol", "start") => digits(value, 9),
        ("ol", "reversed") => Some(StrTendril::new()),
        ("blockquote" | "q" | "del" | "ins", "cite") => {
            safe_url(value, options, &["http", "https"]).map(|url| to_tendril(value, url))
        }
        ("time", "datetime") if value.len() <= 64 => Some(value.clone()),
        _ => None,
    }
}

/// `url`, computed from the attribute value `value`, as a tendril: `value` itself (its
/// buffer shared, not copied) when they are equal.
fn to_tendril(value: &StrTendril, url: Cow<str>) -> StrTendril {
    if *url == **value {
        value.clone()
    } else {
        StrTendril::from_slice(&url)
    }
}

fn digits(value: &StrTendril, max_len: usize) -> Option<StrTendril> {
    let v = value.trim();
    (!v.is_empty() && v.len() <= max_len && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| to_tendril(value, Cow::Borrowed(v)))
}

/// The URL as a browser sees it: ASCII tab and newline removed anywhere, C0 controls and
/// spaces trimmed at both ends.
///
/// Trimming first is the same: tab and newline are among the trimmed characters. Nothing is
/// copied unless a tab or newline sits inside.
fn clean_url(value: &str) -> Cow<'_, str> {
    let url = value.trim_matches(|c: char| c <= ' ');
    if url.contains(['\t', '\n', '\r']) {
        Cow::Owned(url.replace(['\t', '\n', '\r'], ""))
    } else {
        Cow::Borrowed(url)
    }
}

fn is_data_image(url: &str) -> bool {
    let lower = url.get(..15).unwrap_or(url).to_ascii_lowercase();
    [
        "data:image/png",
        "data:image/gif",
        "data:image/jpeg",
        "data:image/webp",
        "data:image/jpg",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// Returns the cleaned URL when its scheme is in `schemes` (lowercase) or it is relative.
fn safe_url<'a>(value: &'a str, options: &Options, schemes: &[&str]) -> Option<Cow<'a, str>> {
    let url = clean_url(value);
    if url.is_empty() || url.len() > 8192 {
        return None;
    }
    match scheme(&url) {
        Some(s) => schemes
            .iter()
            .any(|known| known.eq_ignore_ascii_case(s))
            .then_some(url),
        None => Some(match options.get_base_url() {
            Some(base) => Cow::Owned(resolve(base, &url)),
            None => url,
        }),
    }
}

/// The scheme of an absolute URL (`http` in `http://…`), `None` for a relative one.
fn scheme(url: &str) -> Option<&str> {
    let end = url.find([':', '/', '?', '#'])?;
    if url.as_bytes()[end] != b':' {
        return None;
    }
    Some(&url[..end])
}

/// Resolves a relative URL against an absolute base (scheme-relative, root-relative,
/// fragment, query and path-relative forms).
fn resolve(base: &str, rel: &str) -> String {
    let base = clean_url(base);
    let base: &str = &base;
    let Some(s) =
        scheme(base).filter(|s| matches!(s.to_ascii_lowercase().as_str(), "http" | "https"))
    else {
        return rel.to_owned();
    };
    let after = &base[s.len() + 1..];
    let Some(rest) = after.strip_prefix("//") else {
        return rel.to_owned();
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = &base[..s.len() + 3 + host_end];
    if rel.starts_with("//") {
        return format!("{s}:{rel}");
    }
    if rel.starts_with('/') {
        return format!("{origin}{rel}");
    }
    let path_and_more = &rest[host_end..];
    let path = path_and_more.split(['?', '#']).next().unwrap_or("");
    if rel.starts_with('#') || rel.starts_with('?') {
        let base_no_frag = base.split('#').next().unwrap_or(base);
        let base_no_query = if rel.starts_with('?') {
            base_no_frag.split('?').next().unwrap_or(base_no_frag)
        } else {
            base_no_frag
        };
        return format!("{base_no_query}{rel}");
    }
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    };
    format!("{origin}{dir}{rel}")
}

/// The qualified name of the HTML element `name`.
fn html_name(name: &str) -> QualName {
    QualName::new(None, ns!(html), LocalName::from(name))
}

fn qual(name: &str) -> QualName {
    QualName::new(None, ns!(), LocalName::from(name))
}

/// An attribute without namespace.
fn attribute(name: &str, value: &str) -> Attribute {
    Attribute {
        name: qual(name),
        value: value.into(),
    }
}

/// Replaces element `id` by an element named `name` with `attrs`.
fn set_element(html: &mut Html, id: NodeId, name: QualName, attrs: Vec<Attribute>) {
    let el = Element::new(name, attrs);
    if let Some(mut n) = html.tree.get_mut(id) {
        *n.value() = Node::Element(el);
    }
}

fn replace_with_text(doc: &mut Document, id: NodeId, text: &str) {
    let text = text.trim();
    if let Some(mut n) = doc.html.tree.get_mut(id) {
        if !text.is_empty() {
            n.insert_before(Node::Text(scraper::node::Text { text: text.into() }));
        }
        n.detach();
    }
}

/// The text of a MathML formula: its TeX annotation when it has one, else the text of its
/// presentation markup (other annotations left out).
fn formula_text(html: &Html, id: NodeId) -> String {
    let mut text = String::new();
    for n in dom::descendants(html, id) {
        let Some(el) = html.tree.get(n).and_then(|n| n.value().as_element()) else {
            continue;
        };
        if &*el.name.local == "annotation"
            && el
                .attr("encoding")
                .is_some_and(|e| e.to_ascii_lowercase().contains("tex"))
        {
            return dom::text_content(html, n);
        }
    }
    let mut stack = vec![id];
    while let Some(n) = stack.pop() {
        match html.tree.get(n).map(|n| n.value()) {
            Some(Node::Text(t)) => text.push_str(t),
            Some(Node::Element(el)) if el.name.local.starts_with("annotation") => continue,
            _ => dom::push_children(html, n, &mut stack, |c| c),
        }
    }
    text
}

/// An embed becomes a sandboxed `https:` iframe when its host is allowed, else a link to its
/// source (or nothing, when it has no usable source).
fn embed(doc: &mut Document, id: NodeId, el: &Element, options: &Options, report: &mut Report) {
    let raw = dom::get_attr(el, "src")
        .or_else(|| dom::get_attr(el, "data-src"))
        .map(str::to_owned)
        .or_else(|| source_child(&doc.html, id));
    let target = raw
        .as_deref()
        .and_then(|s| safe_url(s, options, &["http", "https"]))
        .and_then(|s| embed_url(&s));
    for c in dom::children(&doc.html, id) {
        // Children of an iframe are fallback text, never rendered; of video/audio, sources.
        dom::remove(&mut doc.html, c);
    }
    // A kept iframe gets `allow-scripts allow-same-origin`: served from the embedding page's
    // own host (the `base_url` host), it could script that page, so the sandbox is void.
    let own_host = options
        .get_base_url()
        .and_then(embed_url)
        .map(|(host, _)| host);
    let same_origin = target
        .as_ref()
        .is_some_and(|(host, _)| own_host.as_deref() == Some(host.as_str()));
    if same_origin && el.name() == "iframe" {
        report.warn(
            "embed_same_origin",
            "an embed from the base URL's own host was kept as a link: with allow-scripts and \
             allow-same-origin it could script the embedding page",
        );
    }
    let allowed = el.name() == "iframe"
        && !same_origin
        && target.as_ref().is_some_and(|(host, _)| {
            options
                .get_embed_hosts()
                .iter()
                .any(|allowed| allowed.eq_ignore_ascii_case(host))
        });
    if let (true, Some((_, url))) = (allowed, &target) {
        let attrs = vec![
            attribute("src", url),
            attribute(
                "sandbox",
                "allow-scripts allow-same-origin allow-presentation",
            ),
            attribute("allowfullscreen", ""),
            attribute("loading", "lazy"),
            attribute("referrerpolicy", "no-referrer"),
        ];
        // (An allowed embed always gets no-referrer: players need no referrer to work.)
        set_element(&mut doc.html, id, html_name("iframe"), attrs);
        return;
    }
    report.removed(
        "embed",
        format!(
            "<{}> {}",
            el.name(),
            excerpt(raw.as_deref().unwrap_or(""), EXCERPT_CHARS)
        ),
    );
    let Some((host, url)) = target else {
        dom::remove(&mut doc.html, id);
        return;
    };
    set_element(&mut doc.html, id, html_name("p"), Vec::new());
    if let Some(mut p) = doc.html.tree.get_mut(id) {
        let mut a = p.append(Node::Element(Element::new(
            QualName::new(None, ns!(html), LocalName::from("a")),
            vec![
                html5ever::Attribute {
                    name: qual("href"),
                    value: url.as_str().into(),
                },
                html5ever::Attribute {
                    name: qual("rel"),
                    value: link_rel(options).into(),
                },
            ],
        )));
        a.append(Node::Text(scraper::node::Text {
            text: format!("▶ {host}").into(),
        }));
    }
}

/// The `src` of the first `<source>` child (video and audio).
fn source_child(html: &Html, id: NodeId) -> Option<String> {
    html.tree.get(id)?.children().find_map(|c| {
        let el = c.value().as_element()?;
        (el.name() == "source")
            .then(|| dom::get_attr(el, "src"))?
            .map(str::to_owned)
    })
}

/// An embed's URL rewritten as a plain `https:` URL, and its host (lowercase).
///
/// Protocol-relative and `http:` URLs are upgraded. URLs with user info, a backslash in the
/// authority, or a host with anything but ASCII letters, digits, `-` and `.` are refused, so
/// the host checked against [`Options::embed_hosts`] is the host the browser will load.
fn embed_url(url: &str) -> Option<(String, String)> {
    let rest = match url.strip_prefix("//") {
        Some(r) => r,
        None => {
            let s = scheme(url)?;
            if !matches!(s.to_ascii_lowercase().as_str(), "http" | "https") {
                return None;
            }
            url[s.len() + 1..].strip_prefix("//")?
        }
    };
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) if !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => {
            (h, Some(p))
        }
        Some(_) => return None,
        None => (authority, None),
    };
    if host.is_empty()
        || host.starts_with(['.', '-'])
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
    {
        return None;
    }
    let host = host.to_ascii_lowercase();
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    let url = format!("https://{host}{port}{}", &rest[end..]);
    Some((host, url))
}

/// Deepest nesting of the output. Below the input stage's cap (so a second pass sees the
/// same tree) and far below the 512 levels at which Chromium's parser stops nesting.
const MAX_OUTPUT_DEPTH: usize = 200;
/// Most formatting elements (`a`, `b`, `i`, …) nested in one another in the output.
const MAX_OUTPUT_FORMATTING: usize = 48;

/// What the parser would have open around an element: enough to know whether its start tag
/// would close one of them.
#[derive(Clone, Copy)]
struct Ctx {
    depth: usize,
    /// An open `p` that a block start tag would close (no table/cell/caption in between).
    p: Option<NodeId>,
    /// An open `a` (no cell or caption in between).
    a: bool,
    /// An open `li` that a `li` start tag would close; likewise `dd`/`dt`.
    li: bool,
    dd: bool,
    caption: bool,
    formatting: usize,
}

impl Ctx {
    fn enter(self, id: NodeId, name: &str) -> Ctx {
        let mut c = self;
        c.depth += 1;
        match name {
            "p" => c.p = Some(id),
            "table" | "td" | "th" | "caption" => c.p = None,
            _ => {}
        }
        match name {
            "a" => c.a = true,
            "td" | "th" | "caption" => c.a = false,
            _ => {}
        }
        if matches!(name, "td" | "th") {
            c.caption = false;
            c.formatting = 0;
        }
        if name == "caption" {
            c.caption = true;
            c.formatting = 0;
        }
        if is_formatting(name) {
            c.formatting += 1;
        }
        match name {
            "li" => c.li = true,
            "dd" | "dt" => c.dd = true,
            // The special elements stop the search for an open `li`/`dd`/`dt`, except
            // `address`, `div` and `p`.
            n if is_special(n) && !matches!(n, "address" | "div" | "p") => {
                c.li = false;
                c.dd = false;
            }
            _ => {}
        }
        c
    }
}

/// Rewrites the sanitized tree into one the HTML parser reproduces exactly from its
/// serialization (iteratively, parents before children):
///
/// * a `p` that holds a block (which would close it) becomes a `div`;
/// * an `a` inside an `a`, an `li` inside an `li` (`dd`/`dt` likewise), a heading right in a
///   heading, `rt`/`rp` outside `ruby`, and table parts outside their table are unwrapped;
/// * table content sits in `tbody > tr > td` (runs of stray content are wrapped), columns in
///   `colgroup`, and tables are not put in captions;
/// * elements deeper than [`MAX_OUTPUT_DEPTH`] become their text; formatting elements nested
///   more than [`MAX_OUTPUT_FORMATTING`] deep are unwrapped.
///
/// No text is lost on the way. Returns whether it changed anything.
pub(crate) fn fix_structure(doc: &mut Document) -> bool {
    let mut changed = false;
    let top = Ctx {
        depth: 0,
        p: None,
        a: false,
        li: false,
        dd: false,
        caption: false,
        formatting: 0,
    };
    let mut stack: Vec<(NodeId, Ctx)> = Vec::new();
    dom::push_children(&doc.html, doc.root, &mut stack, |c| (c, top));
    while let Some((id, ctx)) = stack.pop() {
        // (Names as interned atoms: cloning one allocates nothing.)
        let local_name = |id: NodeId| {
            doc.html
                .tree
                .get(id)
                .and_then(|n| n.value().as_element())
                .map(|e| e.name.local.clone())
        };
        let Some(name_atom) = local_name(id) else {
            continue;
        };
        let name: &str = &name_atom;
        let parent = doc
            .html
            .tree
            .get(id)
            .and_then(|n| n.parent())
            .map(|p| p.id());
        let parent_atom = parent.and_then(local_name).unwrap_or_default();
        let parent_name: &str = &parent_atom;
        let in_table_context = matches!(
            parent_name,
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "colgroup"
        );
        if ctx.depth >= MAX_OUTPUT_DEPTH && !in_table_context {
            flatten(&mut doc.html, id);
            changed = true;
            continue;
        }
        let valid_parent: Option<&[&str]> = match name {
            "caption" | "colgroup" | "thead" | "tbody" | "tfoot" => Some(&["table"]),
            "col" => Some(&["colgroup"]),
            "tr" => Some(&["tbody", "thead", "tfoot"]),
            "td" | "th" => Some(&["tr"]),
            "rt" | "rp" => Some(&["ruby"]),
            _ => None,
        };
        let misplaced = valid_parent.is_some_and(|v| !v.contains(&parent_name));
        let unwrap_it = misplaced
            || (name == "table" && ctx.caption)
            || (name == "a" && ctx.a)
            || (name == "li" && ctx.li)
            || (matches!(name, "dd" | "dt") && ctx.dd)
            || (is_heading(name) && is_heading(parent_name))
            || (is_formatting(name) && ctx.formatting >= MAX_OUTPUT_FORMATTING);
        if unwrap_it {
            dom::push_children(&doc.html, id, &mut stack, |c| (c, ctx));
            dom::unwrap(&mut doc.html, id);
            changed = true;
            continue;
        }
        if closes_p(name) {
            if let Some(p) = ctx.p {
                if dom::element_name(&doc.html, p) == Some("p") {
                    dom::rename(&mut doc.html, p, "div");
                    changed = true;
                }
            }
        }
        changed |= match name {
            "table" => fix_table(&mut doc.html, id),
            "tbody" | "thead" | "tfoot" => wrap_runs(&mut doc.html, id, &["tr"], "tr"),
            "tr" => wrap_runs(&mut doc.html, id, &["td", "th"], "td"),
            "colgroup" => {
                let bad = dom::children(&doc.html, id).into_iter().any(|c| {
                    dom::element_name(&doc.html, c) != Some("col") && !is_blank_text(&doc.html, c)
                });
                if bad {
                    // Only columns may sit there: make it a body of rows instead.
                    dom::rename(&mut doc.html, id, "tbody");
                    wrap_runs(&mut doc.html, id, &["tr"], "tr");
                }
                bad
            }
            _ => false,
        };
        let inner = ctx.enter(id, name);
        // Only elements are visited (text needs no fix-up).
        if let Some(node) = doc.html.tree.get(id) {
            stack.extend(
                node.children()
                    .rev()
                    .filter(|c| c.value().is_element())
                    .map(|c| (c.id(), inner)),
            );
        }
    }
    changed
}

/// True for a text node made only of HTML whitespace (which may sit in table structure).
fn is_blank_text(html: &Html, id: NodeId) -> bool {
    matches!(
        html.tree.get(id).map(|n| n.value()),
        Some(Node::Text(t)) if t.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r'))
    )
}

/// A table holds captions, column groups and row groups: columns go into a `colgroup`,
/// anything else into a `tbody`. Returns whether it wrapped anything.
fn fix_table(html: &mut Html, table: NodeId) -> bool {
    let mut wrapped = false;
    let mut run: Vec<NodeId> = Vec::new();
    let mut run_kind = "";
    let kids = dom::children(html, table);
    for c in kids {
        let name = dom::element_name(html, c).unwrap_or("");
        let kind = match name {
            "caption" | "colgroup" | "thead" | "tbody" | "tfoot" => "",
            "col" => "colgroup",
            _ if is_blank_text(html, c) => {
                if !run.is_empty() {
                    run.push(c);
                }
                continue;
            }
            _ => "tbody",
        };
        if kind != run_kind && !run.is_empty() {
            wrap(html, &run, run_kind);
            wrapped = true;
            run.clear();
        }
        run_kind = kind;
        if !kind.is_empty() {
            run.push(c);
        }
    }
    if !run.is_empty() {
        wrap(html, &run, run_kind);
        wrapped = true;
    }
    wrapped
}

/// Wraps each run of children of `parent` that are not one of `keep` (blank text aside) in a
/// new `wrapper` element. Returns whether it wrapped anything.
fn wrap_runs(html: &mut Html, parent: NodeId, keep: &[&str], wrapper: &str) -> bool {
    let mut wrapped = false;
    let mut run: Vec<NodeId> = Vec::new();
    for c in dom::children(html, parent) {
        let ok = dom::element_name(html, c).is_some_and(|n| keep.contains(&n));
        if ok {
            if !run.is_empty() {
                wrap(html, &run, wrapper);
                wrapped = true;
                run.clear();
            }
        } else if !run.is_empty() || !is_blank_text(html, c) {
            run.push(c);
        }
    }
    if !run.is_empty() {
        wrap(html, &run, wrapper);
        wrapped = true;
    }
    wrapped
}

/// Moves the consecutive siblings `run` into a new `name` element put where they were.
/// Trailing blank text stays outside.
fn wrap(html: &mut Html, run: &[NodeId], name: &str) {
    let mut run = run;
    while let Some((&last, rest)) = run.split_last() {
        if is_blank_text(html, last) && !rest.is_empty() {
            run = rest;
        } else {
            break;
        }
    }
    dom::wrap_run(html, run, name);
}

/// Replaces an element by its text.
fn flatten(html: &mut Html, id: NodeId) {
    let text = dom::text_content(html, id);
    if let Some(mut n) = html.tree.get_mut(id) {
        if !text.is_empty() {
            n.insert_before(Node::Text(scraper::node::Text { text: text.into() }));
        }
        n.detach();
    }
}

/// Whether the sanitizer keeps element `name` (for the Markdown safety property test).
#[cfg(test)]
pub(crate) fn allows_element(name: &str) -> bool {
    ALLOWED.binary_search(&name).is_ok()
}

/// Whether the sanitizer keeps attribute `attr` with `value` on `element` (for the Markdown
/// safety property test). The attributes the sanitizer sets itself (`rel` on links,
/// `loading` and `referrerpolicy` on images) count as allowed.
#[cfg(test)]
pub(crate) fn allows_attr(element: &str, attr: &str, value: &str, options: &Options) -> bool {
    matches!(
        (element, attr),
        ("a", "rel") | ("img", "loading" | "referrerpolicy")
    ) || allowed_attr(element, attr, &StrTendril::from_slice(value), options).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_from_the_base_url_host_become_links() {
        let html = "<iframe src=\"https://e.com/player\"></iframe>";
        let options = Options::new()
            .mode(crate::Mode::Post)
            .embed_hosts(["e.com"]);
        let kept = crate::clean(html, &options).unwrap();
        assert!(kept.html.contains("<iframe"), "{}", kept.html);
        let same = crate::clean(html, &options.clone().base_url("https://E.com/post/1")).unwrap();
        assert!(!same.html.contains("<iframe"), "{}", same.html);
        assert!(
            same.html.contains("href=\"https://e.com/player\""),
            "{}",
            same.html
        );
        assert!(same.warnings.iter().any(|w| w.code == "embed_same_origin"));
    }

    #[test]
    fn clean_url_matches_removing_then_trimming() {
        let reference = |v: &str| {
            v.chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .trim_matches(|c: char| c <= ' ')
                .to_owned()
        };
        let alphabet = [
            ' ', '\t', '\n', '\r', '\u{1}', '\u{1f}', 'a', '/', '中', '\u{a0}',
        ];
        let mut x: u64 = 11;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = (x >> 60) as usize;
            let v: String = (0..len)
                .map(|k| alphabet[((x >> (k * 4 % 56)) as usize + k) % alphabet.len()])
                .collect();
            assert_eq!(clean_url(&v), reference(&v), "{v:?}");
        }
    }

    #[test]
    fn allowed_list_is_sorted() {
        // `kept_as_is` binary-searches it.
        assert!(ALLOWED.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn schemes() {
        let o = Options::new();
        assert_eq!(safe_url(" java\tscript:alert(1)", &o, &["http"]), None);
        assert_eq!(safe_url("JAVASCRIPT:alert(1)", &o, &["http"]), None);
        assert_eq!(safe_url("/x:y", &o, &["http"]).as_deref(), Some("/x:y"));
        assert_eq!(
            safe_url("HTTPS://e.com", &o, &["https"]).as_deref(),
            Some("HTTPS://e.com")
        );
    }

    #[test]
    fn resolves_relative_urls() {
        assert_eq!(resolve("https://e.com/a/b?q#f", "c"), "https://e.com/a/c");
        assert_eq!(resolve("https://e.com/a/b", "/c"), "https://e.com/c");
        assert_eq!(
            resolve("https://e.com/a/b", "//cdn.e.com/x"),
            "https://cdn.e.com/x"
        );
        assert_eq!(resolve("https://e.com", "c"), "https://e.com/c");
    }
}

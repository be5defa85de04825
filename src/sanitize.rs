//! The sanitizing stage: an allow-list applied to the tree, the last step before rendering.
//!
//! Only the elements and attributes listed here survive; everything else is unwrapped (its
//! text kept) or, for elements whose content is code or chrome, removed with its content.
//! URLs are checked after the browser's own clean-up (tabs/newlines removed, control
//! characters trimmed), and the checked string is the one emitted.

use crate::article::{excerpt, Report};
use crate::dom::{self, Document};
use crate::Options;
use ego_tree::NodeId;
use html5ever::{ns, LocalName, QualName};
use scraper::node::Element;
use scraper::{Html, Node};

/// Elements kept (with the attributes [`allowed_attr`] lets through).
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

/// Embeds: kept as sandboxed iframes for allowed hosts, otherwise turned into a link.
const EMBEDS: &[&str] = &["iframe", "embed", "video", "audio"];

/// What happened to a node; tells the walk which nodes to visit next.
enum Outcome {
    /// Kept: visit its children.
    Kept,
    /// Removed with its content, or fully handled: nothing more to visit.
    Done,
    /// Replaced by its children: visit them.
    Unwrapped(Vec<NodeId>),
}

/// Applies the allow-list to the article subtree (iteratively, parents before children).
pub(crate) fn sanitize(doc: &mut Document, options: &Options, report: &mut Report) {
    let mut stack = children(&doc.html, doc.root);
    stack.reverse();
    while let Some(id) = stack.pop() {
        let outcome = match doc.html.tree.get(id).map(|n| n.value()) {
            Some(Node::Text(_)) => Outcome::Done,
            Some(Node::Element(el)) => {
                let el = el.clone();
                sanitize_element(doc, id, el, options, report)
            }
            _ => {
                dom::remove(&mut doc.html, id);
                Outcome::Done
            }
        };
        let next = match outcome {
            Outcome::Kept => children(&doc.html, id),
            Outcome::Done => Vec::new(),
            Outcome::Unwrapped(c) => c,
        };
        stack.extend(next.into_iter().rev());
    }
}

fn children(html: &Html, id: NodeId) -> Vec<NodeId> {
    html.tree
        .get(id)
        .map(|n| n.children().map(|c| c.id()).collect())
        .unwrap_or_default()
}

fn unwrap(html: &mut Html, id: NodeId) -> Outcome {
    let kids = children(html, id);
    dom::unwrap(html, id);
    Outcome::Unwrapped(kids)
}

fn sanitize_element(
    doc: &mut Document,
    id: NodeId,
    el: Element,
    options: &Options,
    report: &mut Report,
) -> Outcome {
    let name = el.name().to_owned();
    let html_ns = el.name.ns == ns!(html);
    if !html_ns || DROPPED.contains(&name.as_str()) {
        report.removed("unsafe_element", format!("<{name}>"));
        dom::remove(&mut doc.html, id);
        return Outcome::Done;
    }
    if EMBEDS.contains(&name.as_str()) {
        embed(doc, id, &el, options, report);
        return Outcome::Done;
    }
    if name == "img" && !options.get_images() {
        replace_with_text(doc, id, el.attr("alt").unwrap_or(""));
        return Outcome::Done;
    }
    if !ALLOWED.contains(&name.as_str()) {
        return unwrap(&mut doc.html, id);
    }
    let mut attrs: Vec<(QualName, String)> = Vec::new();
    for (qual, value) in el.attrs.iter() {
        let attr: &str = &qual.local;
        match allowed_attr(&name, attr, value, options) {
            Some(v) => attrs.push((qual.clone(), v)),
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
        if !attrs.iter().any(|(q, _)| &*q.local == "href") {
            return unwrap(&mut doc.html, id);
        }
        attrs.push((qual("rel"), link_rel(options).to_owned()));
    }
    if name == "img" {
        if !attrs.iter().any(|(q, _)| &*q.local == "src") {
            replace_with_text(doc, id, el.attr("alt").unwrap_or(""));
            return Outcome::Done;
        }
        attrs.push((qual("loading"), "lazy".to_owned()));
        if options.get_image_referrer_policy() {
            attrs.push((qual("referrerpolicy"), "no-referrer".to_owned()));
        }
    }
    set_element(&mut doc.html, id, &name, attrs);
    Outcome::Kept
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

/// The value to keep for `attr` on `element`, or `None` to drop it.
fn allowed_attr(element: &str, attr: &str, value: &str, options: &Options) -> Option<String> {
    match (element, attr) {
        (_, "lang" | "dir") if value.len() <= 35 => Some(value.to_owned()),
        ("a", "href") => safe_url(value, options, &["http", "https", "mailto"]),
        ("a" | "abbr" | "img", "title") => Some(value.to_owned()),
        ("img", "src") => {
            let url = clean_url(value);
            if options.get_data_images() && is_data_image(&url) {
                Some(url)
            } else {
                safe_url(value, options, &["http", "https"])
            }
        }
        ("img", "alt") => Some(value.to_owned()),
        ("img", "width" | "height") => digits(value, 5),
        ("td" | "th", "colspan" | "rowspan") => digits(value, 4),
        ("th", "scope") if matches!(value, "row" | "col" | "rowgroup" | "colgroup") => {
            Some(value.to_owned())
        }
        ("ol", "start") => digits(value, 9),
        ("ol", "reversed") => Some(String::new()),
        ("blockquote" | "q" | "del" | "ins", "cite") => {
            safe_url(value, options, &["http", "https"])
        }
        ("time", "datetime") if value.len() <= 64 => Some(value.to_owned()),
        _ => None,
    }
}

fn digits(value: &str, max_len: usize) -> Option<String> {
    let v = value.trim();
    (!v.is_empty() && v.len() <= max_len && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| v.to_owned())
}

/// The URL as a browser sees it: ASCII tab and newline removed anywhere, C0 controls and
/// spaces trimmed at both ends.
fn clean_url(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_owned()
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

/// Returns the cleaned URL when its scheme is in `schemes` or it is relative.
fn safe_url(value: &str, options: &Options, schemes: &[&str]) -> Option<String> {
    let url = clean_url(value);
    if url.is_empty() || url.len() > 8192 {
        return None;
    }
    match scheme(&url) {
        Some(s) => schemes
            .contains(&s.to_ascii_lowercase().as_str())
            .then_some(url),
        None => Some(match options.get_base_url() {
            Some(base) => resolve(base, &url),
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
    let Some(s) =
        scheme(&base).filter(|s| matches!(s.to_ascii_lowercase().as_str(), "http" | "https"))
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
        let base_no_frag = base.split('#').next().unwrap_or(&base);
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

fn qual(name: &str) -> QualName {
    QualName::new(None, ns!(), LocalName::from(name))
}

fn set_element(html: &mut Html, id: NodeId, name: &str, attrs: Vec<(QualName, String)>) {
    let attrs = attrs
        .into_iter()
        .map(|(name, value)| html5ever::Attribute {
            name,
            value: value.into(),
        })
        .collect();
    let el = Element::new(QualName::new(None, ns!(html), LocalName::from(name)), attrs);
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

/// An embed becomes a sandboxed iframe when its host is allowed, else a link to its source.
fn embed(doc: &mut Document, id: NodeId, el: &Element, options: &Options, report: &mut Report) {
    let src = el
        .attr("src")
        .or_else(|| el.attr("data-src"))
        .and_then(|s| safe_url(s, options, &["http", "https"]));
    let fallback_src = src.clone();
    let host_ok = src.as_deref().and_then(host).is_some_and(|h| {
        options
            .get_embed_hosts()
            .iter()
            .any(|allowed| allowed.eq_ignore_ascii_case(h))
    });
    if host_ok && el.name() == "iframe" {
        let src = src.unwrap_or_default();
        let attrs = vec![
            (qual("src"), src),
            (
                qual("sandbox"),
                "allow-scripts allow-same-origin allow-presentation".to_owned(),
            ),
            (qual("allowfullscreen"), String::new()),
            (qual("loading"), "lazy".to_owned()),
            (qual("referrerpolicy"), "no-referrer".to_owned()),
        ];
        // (An allowed embed always gets no-referrer: players need no referrer to work.)
        // Children of an iframe are fallback text, never rendered.
        for c in children(&doc.html, id) {
            dom::remove(&mut doc.html, c);
        }
        set_element(&mut doc.html, id, "iframe", attrs);
        return;
    }
    report.removed(
        "embed",
        format!(
            "<{}> {}",
            el.name(),
            excerpt(fallback_src.as_deref().unwrap_or(""), 60)
        ),
    );
    match fallback_src {
        Some(url) if scheme(&url).is_some() => {
            let label = host(&url).unwrap_or("embedded media").to_owned();
            for c in children(&doc.html, id) {
                dom::remove(&mut doc.html, c);
            }
            set_element(&mut doc.html, id, "p", Vec::new());
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
                    text: format!("▶ {label}").into(),
                }));
            }
        }
        _ => dom::remove(&mut doc.html, id),
    }
}

/// The host of an absolute http(s) URL.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next()?;
    Some(host.split(':').next().unwrap_or(host))
}

#[cfg(test)]
mod tests {
    use super::*;

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

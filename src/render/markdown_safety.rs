//! The Markdown safety invariant, as a property: the HTML a CommonMark/GFM reader
//! (pulldown-cmark with tables, strikethrough, footnotes, task lists) makes from
//! `Article.markdown` holds only elements, attributes and URL schemes the sanitizer lets into
//! `Article.html`, and its link and image URLs are those of `Article.html`.
//!
//! Checked on random articles (a generator of hostile HTML: every encoding of a scheme in
//! URLs, text autolinks, Markdown syntax in text, tables, code), on the repository's
//! fixtures, and (ignored unless run with `--ignored`, because it needs `../shared`) on the
//! shared corpus and benchmark pages.

use crate::dom::Document;
use crate::sanitize::{allows_attr, allows_element};
use crate::test_rng::rng;
use crate::{clean, Article, Mode, Options};
use pulldown_cmark::{Event, HeadingLevel, Options as CmOptions, Parser, Tag};
use scraper::Node;
use std::path::{Path, PathBuf};

/// The GFM features pulldown-cmark has.
fn gfm() -> CmOptions {
    CmOptions::ENABLE_TABLES
        | CmOptions::ENABLE_STRIKETHROUGH
        | CmOptions::ENABLE_FOOTNOTES
        | CmOptions::ENABLE_TASKLISTS
        | CmOptions::ENABLE_GFM
}

/// An element of the reader's HTML: its name and attributes.
type El = (String, Vec<(String, String)>);

fn el(name: &str, attrs: &[(&str, &str)]) -> El {
    (
        name.to_owned(),
        attrs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

/// The elements of an HTML fragment, in document order.
fn html_elements(html: &str) -> Vec<El> {
    let doc = Document::fragment(html);
    let mut out = Vec::new();
    for node in doc.html.tree.root().descendants() {
        if let Node::Element(e) = node.value() {
            if matches!(e.name(), "html" | "body" | "head") {
                continue;
            }
            out.push((
                e.name().to_owned(),
                e.attrs
                    .iter()
                    .map(|(k, v)| (k.local.to_string(), v.to_string()))
                    .collect(),
            ));
        }
    }
    out
}

/// The elements (with attributes) of the HTML pulldown-cmark's renderer writes for
/// `markdown` (mirroring its `push_html`), and raw HTML parsed as a browser would.
fn reader_elements(markdown: &str) -> Vec<El> {
    let mut out = Vec::new();
    for event in Parser::new_ext(markdown, gfm()) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => out.push(el("p", &[])),
                // Its content comes as `Event::Html`.
                Tag::HtmlBlock => {}
                Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                } => {
                    let n = match level {
                        HeadingLevel::H1 => "h1",
                        HeadingLevel::H2 => "h2",
                        HeadingLevel::H3 => "h3",
                        HeadingLevel::H4 => "h4",
                        HeadingLevel::H5 => "h5",
                        HeadingLevel::H6 => "h6",
                    };
                    let mut e = el(n, &[]);
                    if let Some(id) = id {
                        e.1.push(("id".into(), id.to_string()));
                    }
                    if !classes.is_empty() || !attrs.is_empty() {
                        e.1.push(("class".into(), format!("{classes:?} {attrs:?}")));
                    }
                    out.push(e);
                }
                Tag::BlockQuote(_) => out.push(el("blockquote", &[])),
                Tag::CodeBlock(kind) => {
                    out.push(el("pre", &[]));
                    let lang = match kind {
                        pulldown_cmark::CodeBlockKind::Fenced(info) => info
                            .split_whitespace()
                            .next()
                            .map(|l| format!("language-{l}"))
                            .unwrap_or_default(),
                        pulldown_cmark::CodeBlockKind::Indented => String::new(),
                    };
                    out.push(el("code", &[("class", &lang)]));
                }
                Tag::List(Some(start)) => {
                    let s = if start == 1 {
                        String::new()
                    } else {
                        start.to_string()
                    };
                    out.push(el("ol", &[("start", &s)]));
                }
                Tag::List(None) => out.push(el("ul", &[])),
                Tag::Item => out.push(el("li", &[])),
                Tag::FootnoteDefinition(_) => out.push(el("div", &[("class", "footnote")])),
                Tag::Table(_) => out.push(el("table", &[])),
                Tag::TableHead => out.push(el("thead", &[])),
                Tag::TableRow => out.push(el("tr", &[])),
                Tag::TableCell => out.push(el("td", &[])),
                Tag::Emphasis => out.push(el("em", &[])),
                Tag::Strong => out.push(el("strong", &[])),
                Tag::Strikethrough => out.push(el("del", &[])),
                Tag::Link {
                    dest_url, title, ..
                } => out.push(el("a", &[("href", &dest_url), ("title", &title)])),
                Tag::Image {
                    dest_url, title, ..
                } => out.push(el("img", &[("src", &dest_url), ("title", &title)])),
                other => out.push((format!("{other:?}"), Vec::new())),
            },
            Event::Html(h) | Event::InlineHtml(h) => out.extend(html_elements(&h)),
            Event::FootnoteReference(_) => out.push(el("sup", &[("class", "footnote")])),
            Event::TaskListMarker(_) => out.push(el("input", &[("type", "checkbox")])),
            Event::Rule => out.push(el("hr", &[])),
            Event::HardBreak => out.push(el("br", &[])),
            Event::End(_) | Event::Text(_) | Event::Code(_) | Event::SoftBreak => {}
            other => out.push((format!("{other:?}"), Vec::new())),
        }
    }
    out
}

/// A URL as the browser's URL parser reads it, for comparing: the characters it would
/// percent-encode anyway (space, `<`, `>`, `` ` ``, `"`, controls and other whitespace)
/// percent-encoded, as the Markdown writer encodes them.
fn normalize_url(url: &str) -> String {
    let mut out = String::new();
    for c in url.chars() {
        if matches!(c, ' ' | '<' | '>' | '`' | '"') || c.is_control() || c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The link, image and embed URLs of `Article.html`, in document order.
fn article_urls(html: &str) -> Vec<String> {
    let doc = Document::fragment(html);
    let mut out = Vec::new();
    for node in doc.html.tree.root().descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        let url = match e.name() {
            "a" => e.attr("href"),
            "img" | "iframe" => e.attr("src"),
            _ => None,
        };
        if let Some(url) = url.filter(|u| !u.trim().is_empty()) {
            out.push(url.to_owned());
        }
    }
    out
}

/// Checks the invariant for one article; the problems found, described.
fn check(key: &str, article: &Article, options: &Options) -> Vec<String> {
    let mut problems = Vec::new();
    let md = &article.markdown;
    let mut md_urls = Vec::new();
    for (name, attrs) in reader_elements(md) {
        // Fenced code's info string (the writer's `language-*` class, restricted to
        // `[A-Za-z0-9+#_-]`) is the one attribute readers add of their own.
        let lang = |(k, v): &(String, String)| {
            name == "code" && k == "class" && v.starts_with("language-")
        };
        if !allows_element(&name) {
            problems.push(format!("{key}: <{name}> in the Markdown's HTML\n{md}"));
        }
        for (k, v) in &attrs {
            if lang(&(k.clone(), v.clone())) {
                continue;
            }
            if !allows_attr(&name, k, v, options) {
                problems.push(format!(
                    "{key}: <{name} {k}={v:?}> in the Markdown's HTML\n{md}"
                ));
            }
            if matches!((name.as_str(), k.as_str()), ("a", "href") | ("img", "src")) {
                md_urls.push(v.clone());
            }
        }
    }
    // The Markdown's URLs are Article URLs, in order: a link the Markdown writes as plain
    // text (inside code, across blocks, without text) is skipped, no URL is changed or added.
    let want = article_urls(&article.html);
    let mut at = 0;
    for got in &md_urls {
        let got_n = normalize_url(got);
        loop {
            match want.get(at) {
                Some(w) if normalize_url(w) == got_n => {
                    at += 1;
                    break;
                }
                // Links the Markdown leaves out (their text stays) are skipped.
                Some(_) => at += 1,
                None => {
                    problems.push(format!(
                        "{key}: Markdown URL {got:?} not in Article.html\n{md}"
                    ));
                    return problems;
                }
            }
        }
    }
    problems
}

fn post() -> Options {
    Options::new().mode(Mode::Post)
}

/// Spellings of a scheme separator or of scheme letters that a CommonMark reader decodes.
const SCHEMES: &[&str] = &[
    "javascript&amp;#58;alert(1)",
    "javascript&amp;colon;alert(1)",
    "javascript&amp;#x3A;alert(1)",
    "&amp;#106;avascript:alert(1)",
    "jav&amp;#x61;script&amp;#58;alert(1)",
    "java&amp;#9;script&amp;#58;alert(1)",
    "java&amp;Tab;script&amp;colon;alert(1)",
    "data&amp;#58;text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
    "vbscript&amp;#58;msgbox(1)",
    "JaVaScRiPt&amp;#x0003A;alert(1)",
    "javascript&amp;#58alert(1)",
    "javascript%3Aalert(1)",
    "java\\script&amp;#58;x",
    "https://e.com/a b(c)&amp;d=1&amp;amp;e&lt;f&gt;`g`\\h",
    "/rel?a=1&amp;b=2#&amp;#x3A;",
    "mailto:a@e.com?subject=&amp;#58;",
    "x)](javascript:alert(1)",
    "x\" onerror=\"alert(1)",
    "javascript:alert(1)",
    "&#x6A;avascript:alert(1)",
];

/// Text that a reader could take for markup.
const TEXTS: &[&str] = &[
    "https://e.com&lt;img src=x onerror=alert(1)//&gt;",
    "see www.e.com&lt;img src=x onerror=alert(1)&gt; now",
    "HTTPS://E.COM\\&lt;b&gt;",
    "ftp://e.com&lt;script&gt;alert(1)&lt;/script&gt;",
    "mailto:a@e.com&lt;i&gt;",
    "&lt;https://e.com&gt;",
    "&lt;javascript:alert(1)&gt;",
    "[x]: javascript:alert(1)",
    "[x]",
    "[y](javascript:alert(1))",
    "![z](javascript:alert(1) \"t\")",
    "[^1] and [^1]: note",
    "- [ ] task",
    "&amp;#58; &amp;lt; &amp;amp; &amp;colon;",
    "\\&lt;img src=x onerror=alert(1)&gt;",
    "`code` ``x`` ` ",
    "| a | b |",
    "--- ",
    "# h",
    "1. x",
    "*a* _b_ **c** ~~d~~",
    "中文，“引”。",
    "www.",
    "http",
    ":",
    ".",
    "word",
    " ",
    "\n",
];

const TAGS: &[&str] = &[
    "p",
    "div",
    "b",
    "i",
    "em",
    "strong",
    "del",
    "code",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "pre",
    "span",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "img",
    "q",
    "caption",
];

/// A random hostile fragment.
fn hostile_html(next: &mut impl FnMut(usize) -> usize) -> String {
    let mut html = String::new();
    let mut open: Vec<&str> = Vec::new();
    for _ in 0..(3 + next(30)) {
        match next(5) {
            0 if !open.is_empty() => {
                let t = open.pop().unwrap_or("span");
                html.push_str(&format!("</{t}>"));
            }
            0..=2 => {
                let t = TAGS[next(TAGS.len())];
                let url = SCHEMES[next(SCHEMES.len())];
                match t {
                    "br" | "hr" => html.push_str(&format!("<{t}>")),
                    "img" => html.push_str(&format!(
                        "<img src=\"{url}\" alt=\"{}\" title=\"{}\">",
                        TEXTS[next(TEXTS.len())],
                        SCHEMES[next(SCHEMES.len())]
                    )),
                    "a" => {
                        html.push_str(&format!(
                            "<a href=\"{url}\" title=\"{}\">",
                            SCHEMES[next(SCHEMES.len())]
                        ));
                        open.push(t);
                    }
                    "td" | "th" => {
                        html.push_str(&format!("<{t} colspan=\"{}\">", 1 + next(2)));
                        open.push(t);
                    }
                    "pre" | "code" if next(2) == 0 => {
                        html.push_str(&format!("<{t} class=\"language-x\">&#13;"));
                        open.push(t);
                    }
                    _ => {
                        html.push_str(&format!("<{t}>"));
                        open.push(t);
                    }
                }
            }
            _ => {
                for _ in 0..(1 + next(3)) {
                    html.push_str(TEXTS[next(TEXTS.len())]);
                }
            }
        }
    }
    html
}

#[test]
fn random_hostile_articles_keep_the_markdown_invariant() {
    let mut next = rng(14);
    let with_data = post().data_images(true).embed_hosts(["e.com"]);
    let mut problems = Vec::new();
    for round in 0..1500 {
        let html = hostile_html(&mut next);
        let options = if round % 3 == 0 { &with_data } else { &post() };
        let Ok(article) = clean(&html, options) else {
            continue;
        };
        problems.extend(check(&format!("round {round}: {html}"), &article, options));
        if problems.len() > 5 {
            break;
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn markdown_links_keep_the_article_urls() {
    // The writer's own escapes: what each reader decodes.
    for (href, md) in [
        ("javascript&amp;#58;x", "[x](javascript&amp;#58;x)"),
        ("a?b=1&amp;c=2", "[x](a?b=1&amp;c=2)"),
        ("/a(b)\\c", "[x](/a\\(b\\)\\\\c)"),
        ("/a b", "[x](/a%20b)"),
    ] {
        let article = clean(&format!("<p><a href=\"{href}\">x</a></p>"), &post()).unwrap();
        assert_eq!(article.markdown, md);
        assert!(check(href, &article, &post()).is_empty());
    }
    // The check sees a wrong URL.
    let mut article = clean("<p><a href=\"/a\">x</a></p>", &post()).unwrap();
    article.markdown = "[x](/b)".into();
    assert!(!check("wrong", &article, &post()).is_empty());
    article.markdown = "<img src=x onerror=alert(1)>".into();
    assert!(!check("raw", &article, &post()).is_empty());
    article.markdown = "[x](javascript:alert(1))".into();
    assert!(!check("scheme", &article, &post()).is_empty());
}

/// Every file under `dir` (recursively), sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The invariant over every file under `dirs` (each cleaned with default options, and as a
/// post); the number of files checked.
fn check_files(dirs: &[PathBuf]) -> usize {
    let mut problems = Vec::new();
    let mut n = 0;
    for dir in dirs {
        for path in files_under(dir) {
            let Ok(input) = std::fs::read_to_string(&path) else {
                continue;
            };
            n += 1;
            for options in [Options::new(), post()] {
                if let Ok(article) = clean(&input, &options) {
                    problems.extend(check(&path.display().to_string(), &article, &options));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    n
}

#[test]
fn fixtures_keep_the_markdown_invariant() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    if !dir.is_dir() {
        eprintln!("SKIPPED fixtures_keep_the_markdown_invariant: no tests/fixtures yet");
        return;
    }
    let n = check_files(&[dir]);
    assert!(n > 0, "no fixtures found under tests/fixtures");
}

#[test]
#[ignore = "needs ../shared (the corpus and benchmark pages); run with --ignored"]
fn shared_corpus_keeps_the_markdown_invariant() {
    let shared = std::env::var_os("CLEAN_ARTICLE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    assert!(shared.is_dir(), "{} not found", shared.display());
    let dirs = [
        "corpus/posts",
        "seeds",
        "bench/zyte/html",
        "bench/cwced/html",
    ]
    .map(|d| shared.join(d));
    let n = check_files(&dirs);
    assert!(n > 100, "only {n} shared files found");
}

//! Markdown round trip: the Markdown of an article, read back by an independent CommonMark
//! reader (pulldown-cmark, GFM tables and strikethrough), holds the article's text and no
//! HTML except tables. Checked on every fixture of `tests/fixtures` (always) and, as
//! `#[ignore]`d tests that need `../shared`, on every post of `../shared/corpus` and the
//! extraction benchmark pages (plus the `with` strings of each `expect.json`).

mod common;

use clean_article::{clean, Article, Options};
use pulldown_cmark::{Event, Options as CmOptions, Parser, Tag, TagEnd};
use std::path::Path;

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of a one-line HTML table: tags dropped, the entities the renderer writes decoded.
fn html_text(h: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in h.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#10;", "\n")
        .replace("&amp;", "&")
}

/// What a CommonMark reader sees as text (image alt text excluded), whitespace removed;
/// problems are pushed to `problems`.
fn read_back(key: &str, markdown: &str, problems: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut in_image = 0usize;
    let parser = Parser::new_ext(
        markdown,
        CmOptions::ENABLE_TABLES | CmOptions::ENABLE_STRIKETHROUGH,
    );
    for event in parser {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image -= 1,
            Event::Text(t) | Event::Code(t) if in_image == 0 => out.push_str(&t),
            Event::Html(h) if h.trim_start().starts_with("<table") => out.push_str(&html_text(&h)),
            Event::Html(h) | Event::InlineHtml(h) => {
                problems.push(format!("── {key}\n  raw HTML in Markdown: {h}"))
            }
            _ => {}
        }
    }
    squeeze(&out)
}

/// Every line of the article's text is in the Markdown's text.
fn check_text(key: &str, article: &Article, problems: &mut Vec<String>) -> String {
    let back = read_back(key, &article.markdown, problems);
    for line in article.text.lines() {
        for cell in line.split('\t') {
            let want = squeeze(cell);
            if !want.is_empty() && !back.contains(&want) {
                problems.push(format!(
                    "── {key}\n  text {cell:?} missing from the Markdown"
                ));
            }
        }
    }
    back
}

fn round_trip(cases: &[common::Case]) {
    let mut problems = Vec::new();
    for case in cases {
        let article = clean(&case.source, &Options::default()).unwrap();
        let back = check_text(&case.key, &article, &mut problems);
        for w in case.expect["with"].as_array().into_iter().flatten() {
            let w = w.as_str().unwrap();
            // The same string in the clean text must be in the Markdown's text.
            if article.text.contains(w) && !back.contains(&squeeze(w)) {
                problems.push(format!(
                    "── {}\n  {w:?} missing from the Markdown",
                    case.key
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn markdown_round_trip_keeps_the_text_of_the_fixtures() {
    round_trip(&common::fixture_cases());
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn markdown_round_trip_keeps_the_text() {
    round_trip(&common::corpus_cases(&common::shared_dir()));
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn markdown_round_trip_on_benchmark_pages() {
    let shared = common::shared_dir();
    let mut problems = Vec::new();
    let mut pages = 0;
    for set in ["zyte", "cwced"] {
        let dir = common::shared_subdir(&shared, &format!("bench/{set}/html"));
        let entries = std::fs::read_dir(&dir).unwrap();
        for e in entries.flatten() {
            let path = e.path();
            let source = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            let article = clean(&source, &Options::default()).unwrap();
            let key = Path::new(set).join(path.file_name().unwrap());
            check_text(&key.display().to_string(), &article, &mut problems);
            pages += 1;
        }
    }
    eprintln!("{pages} pages checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

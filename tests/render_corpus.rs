//! Markdown round trip: the Markdown of an article, read back by an independent CommonMark
//! reader (pulldown-cmark, GFM tables and strikethrough), holds the article's text and no
//! HTML except tables. Checked on every post of `../shared/corpus` (plus the `with` strings
//! of `expect.json`) and, with `--ignored`, on the extraction benchmark pages.

mod common;

use clean_article::{clean, Article, Options};
use pulldown_cmark::{Event, Options as CmOptions, Parser, Tag, TagEnd};
use serde_json::Value;
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

#[test]
fn markdown_round_trip_keeps_the_text() {
    let Some(shared) = common::shared_dir("markdown round trip") else {
        return;
    };
    let expect: Value =
        serde_json::from_str(&std::fs::read_to_string(shared.join("corpus/expect.json")).unwrap())
            .unwrap();
    let mut problems = Vec::new();
    for (key, exp) in expect.as_object().unwrap() {
        let path = match key.strip_prefix("seed:") {
            Some(name) => shared.join("seeds").join(name),
            None => shared.join("corpus/posts").join(key),
        };
        let source = std::fs::read_to_string(&path).unwrap();
        let article = clean(&source, &Options::default()).unwrap();
        let back = check_text(key, &article, &mut problems);
        for w in exp["with"].as_array().into_iter().flatten() {
            let w = w.as_str().unwrap();
            // The same string in the clean text must be in the Markdown's text.
            if article.text.contains(w) && !back.contains(&squeeze(w)) {
                problems.push(format!("── {key}\n  {w:?} missing from the Markdown"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Slow in debug builds: `cargo test --release --test render_corpus -- --ignored`.
#[test]
#[ignore]
fn markdown_round_trip_on_benchmark_pages() {
    let Some(shared) = common::shared_dir("markdown round trip on pages") else {
        return;
    };
    let mut problems = Vec::new();
    let mut pages = 0;
    for set in ["zyte", "cwced"] {
        let dir = shared.join("bench").join(set).join("html");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            let article = clean(&source, &Options::default()).unwrap();
            let key = Path::new(set).join(path.file_name().unwrap());
            check_text(&key.display().to_string(), &article, &mut problems);
            pages += 1;
        }
    }
    eprintln!("{pages} pages checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

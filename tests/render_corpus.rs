//! Markdown round trip over the corpus: the Markdown of every post, read back by an
//! independent CommonMark reader (pulldown-cmark, GFM tables and strikethrough), holds every
//! `with` string of `../shared/corpus/expect.json`, and contains no HTML except tables.

mod common;

use clean_article::{clean, Options};
use pulldown_cmark::{Event, Options as CmOptions, Parser};
use serde_json::Value;

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
        let mut read_back = String::new();
        let parser = Parser::new_ext(
            &article.markdown,
            CmOptions::ENABLE_TABLES | CmOptions::ENABLE_STRIKETHROUGH,
        );
        for event in parser {
            match event {
                Event::Text(t) | Event::Code(t) => read_back.push_str(&t),
                Event::Html(h) if h.trim_start().starts_with("<table") => {
                    read_back.push_str(&html_text(&h))
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    problems.push(format!("── {key}\n  raw HTML in Markdown: {h}"))
                }
                _ => {}
            }
        }
        let read_back = squeeze(&read_back);
        for w in exp["with"].as_array().into_iter().flatten() {
            let w = w.as_str().unwrap();
            // The same string in the clean text must be in the Markdown's text.
            if article.text.contains(w) && !read_back.contains(&squeeze(w)) {
                problems.push(format!("── {key}\n  {w:?} missing from the Markdown"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

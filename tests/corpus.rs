//! The corpus contract: every entry of `../shared/corpus/expect.json` must hold.
//!
//! For each post: `title`, `categories`, `date`, `cover` and `meta` equal; every `with`
//! string in the clean text; no `without` string in the text or the HTML. All failures are
//! collected and printed per entry before the test fails.

mod common;

use clean_article::{clean, Article, Options};
use serde_json::{json, Value};
use std::path::Path;

fn input_path(shared: &Path, key: &str) -> std::path::PathBuf {
    match key.strip_prefix("seed:") {
        Some(name) => shared.join("seeds").join(name),
        None => shared.join("corpus/posts").join(key),
    }
}

fn meta_value(a: &Article) -> Value {
    serde_json::to_value(&a.meta).unwrap()
}

fn check(key: &str, expect: &Value, a: &Article) -> Vec<String> {
    let mut problems = Vec::new();
    let mut eq = |field: &str, got: Value| {
        if expect[field] != got {
            problems.push(format!("{field}: expected {} got {}", expect[field], got));
        }
    };
    eq("title", json!(a.title));
    eq("categories", json!(a.categories));
    eq("date", json!(a.date));
    eq("cover", json!(a.cover));
    eq("meta", meta_value(a));
    let text = a.text.replace('\n', " ");
    for w in expect["with"].as_array().into_iter().flatten() {
        let w = w.as_str().unwrap();
        if !a.text.contains(w) && !text.contains(w) {
            problems.push(format!("with: {w:?} missing from text"));
        }
    }
    for w in expect["without"].as_array().into_iter().flatten() {
        let w = w.as_str().unwrap();
        if a.text.contains(w) {
            problems.push(format!("without: {w:?} still in text"));
        }
        if a.html.contains(w) {
            problems.push(format!("without: {w:?} still in html"));
        }
    }
    if !problems.is_empty() {
        problems.insert(0, format!("── {key}"));
    }
    problems
}

#[test]
fn corpus_expectations_hold() {
    let Some(shared) = common::shared_dir("corpus expectations") else {
        return;
    };
    let expect: Value =
        serde_json::from_str(&std::fs::read_to_string(shared.join("corpus/expect.json")).unwrap())
            .unwrap();
    let mut failures = Vec::new();
    let mut failed_entries = 0;
    let entries = expect.as_object().unwrap();
    for (key, exp) in entries {
        let path = input_path(&shared, key);
        let source =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let article = clean(&source, &Options::default()).expect("clean");
        let p = check(key, exp, &article);
        if !p.is_empty() {
            failed_entries += 1;
            failures.extend(p);
        }
    }
    assert!(
        failures.is_empty(),
        "{failed_entries} of {} corpus entries fail:\n{}",
        entries.len(),
        failures.join("\n")
    );
}

#[test]
fn cleaning_is_idempotent_on_the_corpus() {
    let Some(shared) = common::shared_dir("idempotence over the corpus") else {
        return;
    };
    let expect: Value =
        serde_json::from_str(&std::fs::read_to_string(shared.join("corpus/expect.json")).unwrap())
            .unwrap();
    let mut bad = Vec::new();
    for key in expect.as_object().unwrap().keys() {
        let source = std::fs::read_to_string(input_path(&shared, key)).unwrap();
        let once = clean(&source, &Options::default()).unwrap();
        let twice = clean(&once.html, &Options::default()).unwrap();
        if once.html != twice.html {
            bad.push(format!(
                "── {key}\n  once:  {}\n  twice: {}",
                once.html, twice.html
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "cleaning the output again changed it:\n{}",
        bad.join("\n")
    );
}

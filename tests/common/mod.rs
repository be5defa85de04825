//! Helpers shared by the integration tests: the repository's own fixtures (`tests/fixtures/`,
//! always there) and the shared data set (`../shared` or `$CLEAN_ARTICLE_SHARED`, not part of
//! this repository).
//!
//! Tests over the fixtures always run. Tests over the shared data are marked
//! `#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]`, so a clone without it reports
//! them as ignored, never as passed; `bash scripts/test.sh` runs them (`--include-ignored`)
//! when the data is there, and [`shared_dir`] fails such a test when it is run without it.

#![allow(dead_code)]

use clean_article::Article;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The repository's own fixtures: `posts/`, `pages/` and `expect.json`.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Where the shared data set is looked for: `$CLEAN_ARTICLE_SHARED`, else `../shared`.
pub fn shared_location() -> PathBuf {
    std::env::var_os("CLEAN_ARTICLE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// The shared data directory, for tests marked `#[ignore = "needs ../shared …"]`: such a test
/// was asked for explicitly, so missing data fails it with a clear message instead of letting
/// it pass without having run.
pub fn shared_dir() -> PathBuf {
    let dir = shared_location();
    assert!(
        dir.join("corpus/expect.json").is_file(),
        "this test needs the shared data set, not found at {} (set CLEAN_ARTICLE_SHARED, or run \
         without --ignored / --include-ignored)",
        dir.display()
    );
    dir
}

/// The shared data directory for tools that are not tests (the native benchmark): `None`, with
/// a visible `SKIPPED` line, when it is not there.
pub fn shared_dir_if_present(what: &str) -> Option<PathBuf> {
    let dir = shared_location();
    if dir.join("corpus/expect.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED {what}: shared data not found at {} (set CLEAN_ARTICLE_SHARED)",
            dir.display()
        );
        None
    }
}

/// A directory inside the shared data set that an ignored test needs (fails when missing).
pub fn shared_subdir(shared: &Path, sub: &str) -> PathBuf {
    let dir = shared.join(sub);
    assert!(
        dir.is_dir(),
        "{} not found in the shared data set",
        dir.display()
    );
    dir
}

/// One input of an expectation file with what must hold for it.
pub struct Case {
    /// The key in the expectation file (shown in failures).
    pub key: String,
    /// The input file.
    pub path: PathBuf,
    /// Its text.
    pub source: String,
    /// Its expectation: `title`, `categories`, `date`, `cover`, `meta`, `with`, `without`,
    /// optionally `kind`, and `notes`.
    pub expect: Value,
}

fn read_cases(expect_file: &Path, path_of: impl Fn(&str) -> PathBuf) -> Vec<Case> {
    let text = std::fs::read_to_string(expect_file)
        .unwrap_or_else(|e| panic!("{}: {e}", expect_file.display()));
    let expect: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", expect_file.display()));
    let entries = expect
        .as_object()
        .unwrap_or_else(|| panic!("{}: not a JSON object", expect_file.display()));
    assert!(!entries.is_empty(), "{}: no entries", expect_file.display());
    entries
        .iter()
        .map(|(key, exp)| {
            let path = path_of(key);
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            Case {
                key: key.clone(),
                path,
                source,
                expect: exp.clone(),
            }
        })
        .collect()
}

/// Every fixture of `tests/fixtures/expect.json` (keys are paths relative to `tests/fixtures`).
pub fn fixture_cases() -> Vec<Case> {
    let dir = fixtures_dir();
    read_cases(&dir.join("expect.json"), |key| dir.join(key))
}

/// Every post of the shared corpus (`corpus/expect.json`; `seed:NAME` is `seeds/NAME`).
pub fn corpus_cases(shared: &Path) -> Vec<Case> {
    read_cases(&shared.join("corpus/expect.json"), |key| {
        match key.strip_prefix("seed:") {
            Some(name) => shared.join("seeds").join(name),
            None => shared.join("corpus/posts").join(key),
        }
    })
}

/// What does not hold of `expect` for the article `a` (empty when everything does): `title`,
/// `categories`, `date`, `cover` and `meta` equal (and `kind` when given); every `with` string
/// in the text; no `without` string in the text or the HTML.
pub fn check_expectations(key: &str, expect: &Value, a: &Article) -> Vec<String> {
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
    eq("meta", serde_json::to_value(&a.meta).unwrap());
    if expect.get("kind").is_some() {
        eq("kind", serde_json::to_value(a.kind).unwrap());
    }
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

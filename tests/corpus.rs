//! The corpus contract: every entry of an expectation file must hold, and cleaning the output
//! again changes nothing.
//!
//! Two sets in the same format: the repository's own fixtures (`tests/fixtures/expect.json`,
//! small posts and pages written for this project, one per structure the rules know; always
//! run) and the shared corpus (`../shared/corpus/expect.json`, real posts; ignored unless asked
//! for, see `tests/common/mod.rs`). For each entry: `title`, `categories`, `date`, `cover` and
//! `meta` equal (and `kind` when given); every `with` string in the clean text; no `without`
//! string in the text or the HTML. All failures are collected and printed per entry.

mod common;

use clean_article::{clean, Options};
use common::{check_expectations, Case};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn expectations_hold(set: &str, cases: &[Case]) {
    let mut failures = Vec::new();
    let mut failed_entries = 0;
    for case in cases {
        let article = clean(&case.source, &Options::default()).expect("clean");
        let p = check_expectations(&case.key, &case.expect, &article);
        if !p.is_empty() {
            failed_entries += 1;
            failures.extend(p);
        }
    }
    assert!(
        failures.is_empty(),
        "{failed_entries} of {} {set} entries fail:\n{}",
        cases.len(),
        failures.join("\n")
    );
    eprintln!("{set}: {} entries, all hold", cases.len());
}

fn idempotent(cases: &[Case]) {
    let mut bad = Vec::new();
    for case in cases {
        let once = clean(&case.source, &Options::default()).unwrap();
        let twice = clean(&once.html, &Options::default()).unwrap();
        if once.html != twice.html {
            bad.push(format!(
                "── {}\n  once:  {}\n  twice: {}",
                case.key, once.html, twice.html
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "cleaning the output again changed it:\n{}",
        bad.join("\n")
    );
}

#[test]
fn fixture_expectations_hold() {
    expectations_hold("fixture", &common::fixture_cases());
}

#[test]
fn cleaning_is_idempotent_on_the_fixtures() {
    idempotent(&common::fixture_cases());
}

/// Every file under `tests/fixtures/posts` and `pages` has an expectation, and every
/// expectation says what must and must not survive (a fixture nobody checks is no test).
#[test]
fn every_fixture_has_an_expectation() {
    let dir = common::fixtures_dir();
    let cases = common::fixture_cases();
    let keyed: BTreeSet<PathBuf> = cases.iter().map(|c| c.path.clone()).collect();
    let mut files = BTreeSet::new();
    for sub in ["posts", "pages"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            files.insert(e.unwrap().path());
        }
    }
    let unchecked: Vec<_> = files.difference(&keyed).collect();
    assert!(
        unchecked.is_empty(),
        "fixtures without an entry in tests/fixtures/expect.json: {unchecked:?}"
    );
    for case in &cases {
        for field in [
            "title",
            "categories",
            "date",
            "cover",
            "meta",
            "with",
            "without",
            "notes",
        ] {
            assert!(
                case.expect.get(field).is_some(),
                "{}: no `{field}`",
                case.key
            );
        }
        let strings = |f: &str| case.expect[f].as_array().map_or(0, Vec::len);
        assert!(
            strings("with") + strings("without") > 0,
            "{}: neither `with` nor `without` strings",
            case.key
        );
    }
    let pages = cases.iter().filter(|c| c.key.starts_with("pages/")).count();
    assert!(pages >= 3, "only {pages} page fixtures");
    assert!(
        dir.join("README.md").is_file(),
        "tests/fixtures/README.md says where the fixtures come from"
    );
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn corpus_expectations_hold() {
    expectations_hold("corpus", &common::corpus_cases(&common::shared_dir()));
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn cleaning_is_idempotent_on_the_corpus() {
    idempotent(&common::corpus_cases(&common::shared_dir()));
}

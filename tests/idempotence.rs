//! The output of `clean` is a fixed point: cleaning it again changes nothing.
//!
//! * over the repository's own fixtures (always): every post and page of `tests/fixtures`
//!   (as a post, as a page, and `sanitize`) and the hostile snippets of
//!   `tests/fixtures/vectors.jsonl` (same format as the shared vector files);
//! * over the XSS vectors of `../shared/xss/vectors` (what the browser oracle's idempotence
//!   check does with `scripts/xss/adapter-clean.mjs`, natively): `clean(v, post)` and
//!   `sanitize(v)`, then the same function over its own output;
//! * over the whole pages of `../shared/bench` (extraction, then cleaning the extracted
//!   article again as a fragment).
//!
//! The two shared sets are `#[ignore]`d (they need `../shared`; `scripts/test.sh` runs them when
//! it is there). `IDEMPOTENCE_DUMP=FILE` writes
//! every failing case (input, once, twice) as JSON lines, to sort them by cause.

mod common;

use clean_article::{clean, sanitize, Mode, Options};
use serde_json::Value;
use std::path::Path;

struct Failure {
    id: String,
    input: String,
    once: String,
    twice: String,
}

fn report(what: &str, tried: usize, failures: &[Failure]) {
    if let Some(path) = std::env::var_os("IDEMPOTENCE_DUMP") {
        let lines: String = failures
            .iter()
            .map(|f| {
                serde_json::json!({"what": what, "id": f.id, "input": f.input, "once": f.once, "twice": f.twice})
                    .to_string()
                    + "\n"
            })
            .collect();
        let mut path = std::path::PathBuf::from(path);
        path.set_extension(format!("{what}.jsonl"));
        std::fs::write(&path, lines).unwrap();
    }
    let shown: Vec<String> = failures
        .iter()
        .take(10)
        .map(|f| {
            format!(
                "── {}\n  input: {:.300}\n  once:  {:.600}\n  twice: {:.600}",
                f.id, f.input, f.once, f.twice
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{what}: {} of {tried} outputs change when processed again (first 10):\n{}",
        failures.len(),
        shown.join("\n")
    );
    eprintln!("{what}: {tried} inputs, all idempotent");
}

/// Every vector payload of the oracle's vector files, with its id.
fn vectors(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let (id, payload) = match &v {
                Value::String(s) => (format!("{}:{}", file.display(), out.len()), s.clone()),
                Value::Object(o) => match o.get("payload").and_then(Value::as_str) {
                    Some(p) => (
                        o.get("id")
                            .and_then(Value::as_str)
                            .unwrap_or("?")
                            .to_owned(),
                        p.to_owned(),
                    ),
                    None => continue,
                },
                _ => continue,
            };
            out.push((id, payload));
        }
    }
    out
}

fn xss_vectors() -> Vec<(String, String)> {
    let shared = common::shared_dir();
    vectors(&common::shared_subdir(&shared, "xss/vectors"))
}

/// The fixtures' own hostile snippets: `tests/fixtures/vectors.jsonl`.
fn fixture_vectors() -> Vec<(String, String)> {
    let dir = common::fixtures_dir();
    let v = vectors(&dir);
    assert!(
        v.len() >= 20,
        "only {} vectors in {}",
        v.len(),
        dir.display()
    );
    v
}

fn clean_twice(what: &str, inputs: &[(String, String)], options: &Options) {
    clean_then(what, inputs, options, options);
}

/// Cleans each input with `first`, then its output with `again`: the output must not change.
fn clean_then(what: &str, inputs: &[(String, String)], first: &Options, again: &Options) {
    let mut failures = Vec::new();
    for (id, payload) in inputs {
        let once = clean(payload, first).unwrap().html;
        let twice = clean(&once, again).unwrap().html;
        if once != twice {
            failures.push(Failure {
                id: id.clone(),
                input: payload.clone(),
                once,
                twice,
            });
        }
    }
    report(what, inputs.len(), &failures);
}

fn sanitize_twice(what: &str, inputs: &[(String, String)]) {
    let mut failures = Vec::new();
    for (id, payload) in inputs {
        let once = sanitize(payload);
        let twice = sanitize(&once);
        if once != twice {
            failures.push(Failure {
                id: id.clone(),
                input: payload.clone(),
                once,
                twice,
            });
        }
    }
    report(what, inputs.len(), &failures);
}

/// Every fixture post and page, and the fixture vectors, keyed by name.
fn fixture_inputs() -> Vec<(String, String)> {
    let mut inputs: Vec<(String, String)> = common::fixture_cases()
        .into_iter()
        .map(|c| (c.key, c.source))
        .collect();
    inputs.extend(fixture_vectors());
    inputs
}

#[test]
fn clean_is_idempotent_on_the_fixtures() {
    let inputs = fixture_inputs();
    for rules in [true, false] {
        let options = Options::new().remove_boilerplate(rules);
        // Without the rules, extracting from an extracted article again (`Page` twice) may
        // leave out a line the first extraction kept (`Posted on … by`): only `Page` then
        // `Post` is asserted there, as the fuzz target does.
        let modes: &[Mode] = if rules {
            &[Mode::Auto, Mode::Post, Mode::Page]
        } else {
            &[Mode::Auto, Mode::Post]
        };
        for &mode in modes {
            let what = format!("fixtures-{mode:?} (boilerplate rules: {rules})");
            clean_twice(&what, &inputs, &options.clone().mode(mode));
        }
        // An extracted article, cleaned again as a post with the same options (what
        // fuzz/fuzz_targets/pipeline.rs checks).
        clean_then(
            &format!("fixtures-page-then-post (boilerplate rules: {rules})"),
            &inputs,
            &options.clone().mode(Mode::Page),
            &options.mode(Mode::Post),
        );
    }
}

#[test]
fn sanitize_is_idempotent_on_the_fixtures() {
    sanitize_twice("fixtures-sanitize", &fixture_inputs());
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn clean_is_idempotent_on_the_xss_vectors() {
    clean_twice(
        "xss-clean",
        &xss_vectors(),
        &Options::new().mode(Mode::Post),
    );
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn sanitize_is_idempotent_on_the_xss_vectors() {
    sanitize_twice("xss-sanitize", &xss_vectors());
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn clean_is_idempotent_on_the_bench_pages() {
    let shared = common::shared_dir();
    let mut pages = Vec::new();
    for set in ["zyte", "cwced"] {
        let dir = common::shared_subdir(&shared, &format!("bench/{set}/html"));
        let entries = std::fs::read_dir(&dir).unwrap();
        pages.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
    }
    pages.sort();
    let options = Options::default();
    let mut failures = Vec::new();
    for path in &pages {
        let bytes = std::fs::read(path).unwrap();
        let source = String::from_utf8_lossy(&bytes);
        let once = clean(&source, &options).unwrap().html;
        let twice = clean(&once, &options).unwrap().html;
        if once != twice {
            failures.push(Failure {
                id: path.display().to_string(),
                input: String::new(),
                once,
                twice,
            });
        }
    }
    report("bench-pages", pages.len(), &failures);
}

//! The output of `clean` is a fixed point: cleaning it again changes nothing.
//!
//! * over the XSS vectors of `../shared/xss/vectors` (what the browser oracle's idempotence
//!   check does with `scripts/xss/adapter-clean.mjs`, natively): `clean(v, post)` and
//!   `sanitize(v)`, then the same function over its own output;
//! * over the whole pages of `../shared/bench` (extraction, then cleaning the extracted
//!   article again as a fragment).
//!
//! Both skip with a message when the shared data is absent. `IDEMPOTENCE_DUMP=FILE` writes
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

fn xss_vectors() -> Option<Vec<(String, String)>> {
    let shared = common::shared_dir("idempotence over the XSS vectors")?;
    let dir = shared.join("xss/vectors");
    if !dir.is_dir() {
        eprintln!(
            "SKIPPED idempotence over the XSS vectors: {} not found",
            dir.display()
        );
        return None;
    }
    Some(vectors(&dir))
}

#[test]
fn clean_is_idempotent_on_the_xss_vectors() {
    let Some(vectors) = xss_vectors() else {
        return;
    };
    let options = Options::new().mode(Mode::Post);
    let mut failures = Vec::new();
    for (id, payload) in &vectors {
        let once = clean(payload, &options).unwrap().html;
        let twice = clean(&once, &options).unwrap().html;
        if once != twice {
            failures.push(Failure {
                id: id.clone(),
                input: payload.clone(),
                once,
                twice,
            });
        }
    }
    report("xss-clean", vectors.len(), &failures);
}

#[test]
fn sanitize_is_idempotent_on_the_xss_vectors() {
    let Some(vectors) = xss_vectors() else {
        return;
    };
    let mut failures = Vec::new();
    for (id, payload) in &vectors {
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
    report("xss-sanitize", vectors.len(), &failures);
}

#[test]
fn clean_is_idempotent_on_the_bench_pages() {
    let Some(shared) = common::shared_dir("idempotence over the bench pages") else {
        return;
    };
    let mut pages = Vec::new();
    for set in ["zyte", "cwced"] {
        let dir = shared.join("bench").join(set).join("html");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("SKIPPED bench pages of {set}: {} not found", dir.display());
            continue;
        };
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

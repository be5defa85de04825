//! The option names agree everywhere they are written: the fields of `Options`
//! (src/options.rs, each with its builder method), the keys `Options::from_json` reads (the
//! one reader the JS binding and the CLI's `--jsonl` use), its list for the unknown-key
//! message (`OPTION_KEYS`), the TypeScript `Options` interface the binding declares, and the
//! README's options table. The files are read as
//! text, so a new option missing from one of them fails here with that option's name.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The text of `s` from the line containing `start` to the next line that is exactly
/// `end` (after trimming), exclusive.
fn section<'a>(s: &'a str, file: &str, start: &str, end: &str) -> &'a str {
    let from = s
        .find(start)
        .unwrap_or_else(|| panic!("{file}: cannot find {start:?}"));
    let rest = &s[from..];
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if at > 0 && line.trim() == end {
            return &rest[..at];
        }
        at += line.len();
    }
    panic!("{file}: no {end:?} after {start:?}")
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The identifier at the start of `s` (letters, digits, `_`).
fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The quoted names that start lines of the form `"name" =>` or `"name" if … =>`.
fn match_arms(block: &str) -> BTreeSet<String> {
    block
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix('"'))
        .filter_map(|l| {
            let (name, rest) = l.split_once('"')?;
            let rest = rest.trim_start();
            (rest.starts_with("=>") || rest.starts_with("if ")).then(|| name.to_owned())
        })
        .collect()
}

/// Every name in `expected` is in `found` and nothing else is.
fn agree(what: &str, expected: &BTreeSet<String>, found: &BTreeSet<String>) {
    let missing: Vec<_> = expected.difference(found).collect();
    let extra: Vec<_> = found.difference(expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what} disagrees with the fields of `Options` in src/options.rs: \
         missing {missing:?}, not an option {extra:?}"
    );
}

/// The options, in camelCase, from the fields of `pub struct Options` (each must have a
/// builder method of the same name).
fn rust_options() -> BTreeSet<String> {
    let src = read("src/options.rs");
    let fields = section(&src, "src/options.rs", "pub struct Options {", "}");
    let names: Vec<&str> = fields
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && !l.starts_with('#') && l.contains(':'))
        .map(ident)
        .collect();
    assert!(
        names.len() >= 5,
        "src/options.rs: too few fields read: {names:?}"
    );
    for name in &names {
        assert!(
            src.contains(&format!("pub fn {name}(mut self"))
                || src.contains(&format!("pub fn {name}<")),
            "src/options.rs: option `{name}` has no builder method `pub fn {name}(mut self, …)`"
        );
    }
    names.iter().map(|n| camel(n)).collect()
}

#[test]
fn the_json_reader_reads_every_option() {
    let expected = rust_options();
    let src = read("src/options.rs");
    let block = section(&src, "src/options.rs", "o = match key.as_str() {", "};");
    agree(
        "the keys read by `Options::from_json` in src/options.rs",
        &expected,
        &match_arms(block),
    );
}

/// The binding and the CLI have no option reader of their own.
#[test]
fn the_binding_and_the_cli_use_the_one_reader() {
    for file in ["js-api/src/lib.rs", "src/bin/clean-article.rs"] {
        let src = read(file);
        assert!(
            src.contains("Options::from_json("),
            "{file} does not read options with Options::from_json"
        );
        assert!(
            !src.contains("match key.as_str()"),
            "{file} reads option keys itself; use Options::from_json"
        );
    }
}

#[test]
fn the_unknown_key_message_lists_every_option() {
    let expected = rust_options();
    let src = read("src/options.rs");
    let start = src
        .find("const OPTION_KEYS")
        .expect("src/options.rs: no OPTION_KEYS");
    let value = &src[start..start + src[start..].find(';').expect("OPTION_KEYS ends")];
    let found: BTreeSet<String> = value
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    agree("`OPTION_KEYS` in src/options.rs", &expected, &found);
}

#[test]
fn the_typescript_declaration_has_every_option() {
    let expected = rust_options();
    let src = read("js-api/src/lib.rs");
    let block = section(&src, "js-api/src/lib.rs", "export interface Options {", "}");
    let found: BTreeSet<String> = block
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.starts_with("/*") && !l.starts_with('*'))
        .filter_map(|l| l.split_once("?:").map(|(name, _)| name.trim().to_owned()))
        .collect();
    agree(
        "the TypeScript `interface Options` (js-api/src/lib.rs, shipped as clean_article.d.ts)",
        &expected,
        &found,
    );
}

#[test]
fn the_readme_documents_every_option() {
    let expected = rust_options();
    let readme = read("README.md");
    let start = readme
        .find("\n## Options")
        .expect("README.md: no `## Options` section");
    let rest = &readme[start + 1..];
    let end = rest[1..].find("\n## ").map_or(rest.len(), |e| e + 1);
    // The first column of the options table: | `name` | ...
    let found: BTreeSet<String> = rest[..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(name, _)| name.to_owned()))
        .collect();
    agree(
        "the table under `## Options` in README.md",
        &expected,
        &found,
    );
}

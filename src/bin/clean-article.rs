//! `clean-article`: clean scraped posts and pages from the command line.
//!
//! ```text
//! clean-article [--format json|html|text|md] FILE|DIR|-...
//! ```
//!
//! One input prints one result (JSON: the Article). Several inputs, or a directory, print
//! JSON Lines with a `path` field (other formats: a `==> path <==` header per input).

use clean_article::{clean, Article, Options};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Html,
    Text,
    Markdown,
}

const USAGE: &str = "usage: clean-article [--format json|html|text|md] FILE|DIR|-...
  Cleans scraped posts (front matter + HTML) and whole pages.
  One input prints one result; several inputs or a directory print JSON Lines with a `path`.
  -  reads standard input.";

fn main() -> ExitCode {
    let mut format = Format::Json;
    let mut inputs: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "-f" | "--format" => {
                let Some(value) = args.next() else {
                    eprintln!("clean-article: --format needs a value\n{USAGE}");
                    return ExitCode::from(2);
                };
                format = match parse_format(&value) {
                    Some(f) => f,
                    None => {
                        eprintln!("clean-article: unknown format {value:?} (json, html, text, md)");
                        return ExitCode::from(2);
                    }
                };
            }
            s if s.starts_with("--format=") => {
                format = match parse_format(&s["--format=".len()..]) {
                    Some(f) => f,
                    None => {
                        eprintln!("clean-article: unknown format in {s:?} (json, html, text, md)");
                        return ExitCode::from(2);
                    }
                };
            }
            s if s.starts_with('-') && s != "-" => {
                eprintln!("clean-article: unknown option {s:?}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => inputs.push(arg),
        }
    }
    if inputs.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }

    let mut files: Vec<PathBuf> = Vec::new();
    let mut many = inputs.len() > 1;
    let mut failures = 0usize;
    for input in &inputs {
        let path = PathBuf::from(input);
        if input != "-" && path.is_dir() {
            many = true;
            match list_dir(&path) {
                Ok(mut found) => files.append(&mut found),
                Err(e) => {
                    eprintln!("clean-article: {}: {e}", path.display());
                    failures += 1;
                }
            }
        } else {
            files.push(path);
        }
    }

    if files.is_empty() && failures == 0 {
        eprintln!("clean-article: no files found");
    }
    let options = Options::default();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut produced = 0usize;
    for path in &files {
        let source = match read_input(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("clean-article: {}: {e}", path.display());
                failures += 1;
                continue;
            }
        };
        let article = match clean(&source, &options) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("clean-article: {}: {e}", path.display());
                failures += 1;
                continue;
            }
        };
        for w in &article.warnings {
            eprintln!(
                "clean-article: {}: warning [{}]: {}",
                path.display(),
                w.code,
                w.message
            );
        }
        produced += 1;
        if write_result(&mut out, path, &article, format, many).is_err() {
            // Broken pipe (e.g. `| head`): stop quietly.
            return ExitCode::SUCCESS;
        }
    }
    let _ = out.flush();
    if produced == 0 && failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn parse_format(s: &str) -> Option<Format> {
    match s {
        "json" => Some(Format::Json),
        "html" => Some(Format::Html),
        "text" | "txt" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        _ => None,
    }
}

/// Every regular file under `dir` (symlinks to files included, symlinked directories not
/// followed), sorted. A subdirectory that cannot be read is reported and skipped; only an
/// unreadable `dir` itself is an error.
fn list_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut first = true;
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if first => return Err(e),
            Err(e) => {
                eprintln!("clean-article: {}: cannot read directory: {e}", d.display());
                continue;
            }
        };
        first = false;
        for e in entries {
            let Ok(e) = e else { continue };
            let Ok(ft) = e.file_type() else { continue };
            let path = e.path();
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() || (ft.is_symlink() && path.is_file()) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn read_input(path: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (first invalid byte at offset {}); convert the file to UTF-8 first",
            e.utf8_error().valid_up_to()
        )
    })
}

fn write_result(
    out: &mut impl Write,
    path: &Path,
    article: &Article,
    format: Format,
    many: bool,
) -> io::Result<()> {
    match (format, many) {
        (Format::Json, false) => {
            serde_json::to_writer_pretty(&mut *out, article)?;
            writeln!(out)
        }
        (Format::Json, true) => {
            let mut value = serde_json::to_value(article)?;
            if let Some(obj) = value.as_object_mut() {
                obj.insert(
                    "path".to_owned(),
                    serde_json::Value::String(path.display().to_string()),
                );
            }
            serde_json::to_writer(&mut *out, &value)?;
            writeln!(out)
        }
        (other, _) => {
            if many {
                writeln!(out, "==> {} <==", path.display())?;
            }
            let body = match other {
                Format::Html => &article.html,
                Format::Text => &article.text,
                _ => &article.markdown,
            };
            writeln!(out, "{body}")
        }
    }
}

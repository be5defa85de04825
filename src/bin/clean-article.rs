//! `clean-article`: clean scraped posts and pages from the command line.
//!
//! ```text
//! clean-article [--format json|html|text|md] [--jobs N] FILE|DIR|-...
//! clean-article --jsonl [--jobs N] < requests.jsonl > articles.jsonl
//! ```
//!
//! One input prints one result (JSON: the Article). Several inputs, or a directory, print
//! JSON Lines with a `path` field (other formats: a `==> path <==` header per input), in the
//! order of the arguments (a directory's files sorted) whatever `--jobs` is.
//!
//! `--jsonl` reads JSON Lines on standard input, one request per line
//! (`{"id"?, "path"?, "input", "options"?}`, options as in the JS API), and writes one line per
//! request in the same order: the Article with the request's `id` and `path`, or
//! `{"id", "path", "line", "error"}` when that request fails. A bad line never stops the run.

use clean_article::{clean, Article, Options};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

/// Inputs queued per worker thread: enough to keep each busy, few enough to bound memory.
const QUEUE_PER_JOB: usize = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Html,
    Text,
    Markdown,
}

const USAGE: &str = "usage: clean-article [--format json|html|text|md] [--jobs N] FILE|DIR|-...
       clean-article --jsonl [--jobs N]
  Cleans scraped posts (front matter + HTML) and whole pages.
  One input prints one result; several inputs or a directory print JSON Lines with a `path`.
  -  reads standard input.
  --jobs N   clean N inputs at once (default 1); the output order stays the input order.
  --jsonl    read requests {\"id\"?, \"path\"?, \"input\", \"options\"?} as JSON Lines on standard
             input; write one Article (with the same id and path) or one {\"error\"} per line.";

/// What one input produced, written in input order by the writer.
struct Done {
    /// Bytes for standard output.
    out: Vec<u8>,
    /// Lines for standard error (warnings, errors).
    err: Vec<String>,
    /// Whether this input failed (no Article).
    failed: bool,
}

fn main() -> ExitCode {
    let mut format = Format::Json;
    let mut jobs = 1usize;
    let mut jsonl = false;
    let mut inputs: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        match name.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--jsonl" if inline.is_none() => jsonl = true,
            "-f" | "--format" | "-j" | "--jobs" => {
                let Some(value) = inline.or_else(|| args.next()) else {
                    eprintln!("clean-article: {name} needs a value\n{USAGE}");
                    return ExitCode::from(2);
                };
                if matches!(name.as_str(), "-f" | "--format") {
                    let Some(f) = parse_format(&value) else {
                        eprintln!("clean-article: unknown format {value:?} (json, html, text, md)");
                        return ExitCode::from(2);
                    };
                    format = f;
                } else {
                    match value.parse::<usize>() {
                        Ok(n) if n >= 1 => jobs = n,
                        _ => {
                            eprintln!(
                                "clean-article: --jobs must be a whole number >= 1, got {value:?}"
                            );
                            return ExitCode::from(2);
                        }
                    }
                }
            }
            s if s.starts_with('-') && s != "-" => {
                eprintln!("clean-article: unknown option {arg:?}\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => inputs.push(arg),
        }
    }
    if jsonl {
        if !inputs.is_empty() || format != Format::Json {
            eprintln!("clean-article: --jsonl reads standard input and writes JSON; no FILE or --format\n{USAGE}");
            return ExitCode::from(2);
        }
        return run_jsonl(jobs);
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
    let mut produced = 0usize;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    in_order(
        |push| {
            for path in files {
                if !push(path) {
                    return;
                }
            }
        },
        jobs,
        |path: PathBuf| clean_file(&path, &options, format, many),
        |done| {
            for line in &done.err {
                eprintln!("{line}");
            }
            if done.failed {
                failures += 1;
            } else {
                produced += 1;
            }
            // Broken pipe (e.g. `| head`): stop quietly.
            out.write_all(&done.out).is_ok()
        },
    );
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

/// Runs `work` over the items `produce` pushes (its `push` returns false once the run stops),
/// on `jobs` threads, and hands each result to `emit` in the order the items were pushed.
/// `emit` returning false (standard output closed) stops the run.
fn in_order<T: Send, R: Send>(
    produce: impl FnOnce(&mut dyn FnMut(T) -> bool) + Send,
    jobs: usize,
    work: impl Fn(T) -> R + Sync,
    mut emit: impl FnMut(R) -> bool,
) {
    if jobs <= 1 {
        let mut stopped = false;
        produce(&mut |item| {
            stopped = stopped || !emit(work(item));
            !stopped
        });
        return;
    }
    let stop = AtomicBool::new(false);
    let (task_tx, task_rx) = mpsc::sync_channel::<(usize, T)>(jobs * QUEUE_PER_JOB);
    let task_rx = Mutex::new(task_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        let stop = &stop;
        s.spawn(move || {
            let mut index = 0usize;
            produce(&mut |item| {
                let ok = !stop.load(Ordering::Relaxed) && task_tx.send((index, item)).is_ok();
                index += 1;
                ok
            });
        });
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let (task_rx, work) = (&task_rx, &work);
            s.spawn(move || loop {
                // The lock is held only while waiting for the next item.
                let next = task_rx.lock().map(|rx| rx.recv());
                let Ok(Ok((index, item))) = next else { break };
                // After a stop, keep draining the queue so the producer is never stuck.
                if !stop.load(Ordering::Relaxed) {
                    let _ = done_tx.send((index, work(item)));
                }
            });
        }
        drop(done_tx);
        let mut waiting = BTreeMap::new();
        let mut next = 0usize;
        for (index, result) in done_rx {
            waiting.insert(index, result);
            while let Some(result) = waiting.remove(&next) {
                next += 1;
                if !stop.load(Ordering::Relaxed) && !emit(result) {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
    });
}

/// Reads, cleans and formats one file.
fn clean_file(path: &Path, options: &Options, format: Format, many: bool) -> Done {
    let fail = |e: String| Done {
        out: Vec::new(),
        err: vec![format!("clean-article: {}: {e}", path.display())],
        failed: true,
    };
    let source = match read_input(path) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let article = match clean(&source, options) {
        Ok(a) => a,
        Err(e) => return fail(e.to_string()),
    };
    let err = warnings(&path.display().to_string(), &article);
    let mut out = Vec::new();
    match write_result(&mut out, path, &article, format, many) {
        Ok(()) => Done {
            out,
            err,
            failed: false,
        },
        Err(e) => fail(e.to_string()),
    }
}

fn warnings(label: &str, article: &Article) -> Vec<String> {
    article
        .warnings
        .iter()
        .map(|w| {
            format!(
                "clean-article: {label}: warning [{}]: {}",
                w.code, w.message
            )
        })
        .collect()
}

/// `--jsonl`: one request per line of standard input, one result per line of standard output.
fn run_jsonl(jobs: usize) -> ExitCode {
    let read_error = Mutex::new(None);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    in_order(
        |push| {
            let mut stdin = io::stdin().lock();
            let mut line = Vec::new();
            for number in 1usize.. {
                line.clear();
                match stdin.read_until(b'\n', &mut line) {
                    Ok(0) => return,
                    Ok(_) => {
                        if line.iter().all(u8::is_ascii_whitespace) {
                            continue;
                        }
                        if !push((number, std::mem::take(&mut line))) {
                            return;
                        }
                    }
                    Err(e) => {
                        if let Ok(mut slot) = read_error.lock() {
                            *slot = Some(e);
                        }
                        return;
                    }
                }
            }
        },
        jobs,
        |(number, bytes): (usize, Vec<u8>)| jsonl_line(number, &bytes),
        |done| {
            for line in &done.err {
                eprintln!("{line}");
            }
            out.write_all(&done.out).is_ok()
        },
    );
    let _ = out.flush();
    match read_error.into_inner().ok().flatten() {
        Some(e) => {
            eprintln!("clean-article: cannot read standard input: {e}");
            ExitCode::FAILURE
        }
        None => ExitCode::SUCCESS,
    }
}

/// One `--jsonl` request line to one output line (an Article or an error object).
fn jsonl_line(number: usize, bytes: &[u8]) -> Done {
    let mut echo = Map::new();
    let result = (|| -> Result<Article, String> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            format!(
                "not valid UTF-8 (first invalid byte at offset {})",
                e.valid_up_to()
            )
        })?;
        let request: Value =
            serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
        let Value::Object(mut request) = request else {
            return Err("expected an object {\"id\"?, \"path\"?, \"input\", \"options\"?}".into());
        };
        for key in ["id", "path"] {
            if let Some(v) = request.remove(key) {
                echo.insert(key.to_owned(), v);
            }
        }
        let input = match request.remove("input") {
            Some(Value::String(s)) => s,
            Some(_) => return Err("`input` must be a string".into()),
            None => return Err("`input` is missing".into()),
        };
        let options = match request.remove("options") {
            None | Some(Value::Null) => Options::default(),
            Some(v) => options_from_json(&v)?,
        };
        if let Some(key) = request.keys().next() {
            return Err(format!(
                "unknown field `{key}` (expected id, path, input, options)"
            ));
        }
        clean(&input, &options).map_err(|e| e.to_string())
    })();
    let label = match echo.get("id").or_else(|| echo.get("path")) {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => format!("line {number}"),
    };
    let (mut value, err, failed) = match result {
        Ok(article) => {
            let err = warnings(&label, &article);
            match serde_json::to_value(&article) {
                Ok(Value::Object(map)) => (map, err, false),
                _ => (
                    error_object(number, "cannot write the Article as JSON"),
                    err,
                    true,
                ),
            }
        }
        Err(e) => {
            let err = vec![format!("clean-article: {label}: {e}")];
            (error_object(number, &e), err, true)
        }
    };
    value.extend(echo);
    let mut out = serde_json::to_vec(&Value::Object(value)).unwrap_or_default();
    out.push(b'\n');
    Done { out, err, failed }
}

fn error_object(line: usize, message: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("line".to_owned(), Value::from(line));
    m.insert("error".to_owned(), Value::from(message));
    m
}

/// Options from a request's `options` object (the JS API's keys, [`Options::from_json`]).
fn options_from_json(v: &Value) -> Result<Options, String> {
    if !v.is_object() {
        return Err("`options` must be an object".into());
    }
    Options::from_json(&v.to_string())
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

//! The command line, run as a real process on temporary files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

const POST: &str = "\n---\ntitle: 'Hello &amp; world'\ncategories: \n - 金融\ndate: Tue, 10 Aug 2021 13:16:24 GMT\n---\n<div><p>　　First <b>paragraph</b>.</p><script>alert(1)</script><p>Second.</p></div>";

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "clean-article-cli-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.0.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clean-article"))
        .args(args)
        .output()
        .expect("run clean-article")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn one_file_prints_one_json_article() {
    let t = TempDir::new();
    let f = t.file("post.md", POST.as_bytes());
    let o = run(&["--format", "json", s(&f)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["title"], "Hello & world");
    assert_eq!(v["categories"], serde_json::json!(["金融"]));
    assert_eq!(v["date"], "2021-08-10T13:16:24Z");
    assert_eq!(v["text"], "First paragraph.\n\nSecond.");
    assert!(v.get("path").is_none());
    // json is the default format.
    let o2 = run(&[s(&f)]);
    assert_eq!(stdout(&o), stdout(&o2));
}

#[test]
fn html_text_and_markdown_formats() {
    let t = TempDir::new();
    let f = t.file("post.md", POST.as_bytes());
    let html = stdout(&run(&["--format", "html", s(&f)]));
    assert!(
        html.contains("<b>paragraph</b>") && !html.contains("script"),
        "{html}"
    );
    let text = stdout(&run(&["--format=text", s(&f)]));
    assert_eq!(text, "First paragraph.\n\nSecond.\n");
    let md = stdout(&run(&["-f", "md", s(&f)]));
    assert_eq!(md, "First **paragraph**.\n\nSecond.\n");
}

#[test]
fn a_directory_prints_json_lines_with_paths() {
    let t = TempDir::new();
    let a = t.file("a.md", POST.as_bytes());
    let b = t.file("sub/b.html", b"<p>Bare fragment.</p>");
    let o = run(&[s(&t.0)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(lines[0]["path"], s(&a));
    assert_eq!(lines[0]["title"], "Hello & world");
    assert_eq!(lines[1]["path"], s(&b));
    assert_eq!(lines[1]["kind"], "fragment");
    // Several files name each result too, in the order given.
    let o = run(&[s(&b), s(&a)]);
    let paths: Vec<String> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["path"].to_string())
        .collect();
    assert_eq!(paths, [format!("{:?}", s(&b)), format!("{:?}", s(&a))]);
    // Other formats get a header per file.
    let text = stdout(&run(&["--format", "text", s(&t.0)]));
    assert!(text.contains(&format!("==> {} <==", s(&b))), "{text}");
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let t = TempDir::new();
    let bad = t.file("bad.md", b"<p>caf\xe9</p>");
    let o = run(&[s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("bad.md") && err.contains("not valid UTF-8"),
        "{err}"
    );
    assert!(err.contains("offset 6"), "{err}");
    // Alongside a good file, the good one is still produced and the run succeeds.
    let good = t.file("good.md", POST.as_bytes());
    let o = run(&[s(&bad), s(&good)]);
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 1);
    assert!(stderr(&o).contains("not valid UTF-8"));
}

#[test]
fn missing_file_and_bad_options() {
    let o = run(&["/nonexistent/clean-article/post.md"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("/nonexistent/clean-article/post.md") && err.contains("cannot read"),
        "{err}"
    );
    let o = run(&["--format", "pdf", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown format"));
    let o = run(&["--bogus"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("usage"));
}

#[test]
fn malformed_front_matter_warns_but_produces() {
    let t = TempDir::new();
    let f = t.file(
        "broken.md",
        "---\ntitle: @someone \"quoted\"\ndate: Invalid Date\nx: [[[[[[[[\n---\n<p>Body text.</p>"
            .as_bytes(),
    );
    let o = run(&[s(&f)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["title"], "@someone \"quoted\"");
    assert_eq!(v["date"], serde_json::Value::Null);
    assert_eq!(v["text"], "Body text.");
    let err = stderr(&o);
    assert!(err.contains("warning [front_matter_repaired]"), "{err}");
    assert!(err.contains("warning [date_unparseable]"), "{err}");

    let f = t.file("open.md", b"---\ntitle: never closed\n<p>Body.</p>");
    let o = run(&[s(&f)]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("front_matter_unterminated"));
}

#[test]
fn reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_clean-article"))
        .args(["--format", "text", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(POST.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(stdout(&o), "First paragraph.\n\nSecond.\n");
}

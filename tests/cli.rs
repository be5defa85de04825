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

/// Runs the CLI with `stdin` piped in.
fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_clean-article"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    // Written from a thread: the child may fill its stdout before it has read all of stdin.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let o = child.wait_with_output().unwrap();
    writer.join().unwrap();
    o
}

fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn jobs_keep_the_output_order_of_a_directory_and_a_file_list() {
    let dir = TempDir::new();
    let mut paths = Vec::new();
    for i in 0..40 {
        // Sizes vary so that later files often finish before earlier ones.
        let body = "<p>Paragraph of filler text.</p>".repeat(1 + (i * 37) % 200);
        let p = dir.file(
            &format!("d/{i:02}.md"),
            format!("---\ntitle: Post {i}\n---\n{body}").as_bytes(),
        );
        paths.push(p);
    }
    let d = dir.0.join("d");
    let serial = run(&[s(&d)]);
    assert!(serial.status.success(), "{}", stderr(&serial));
    for jobs in ["2", "4", "7"] {
        let parallel = run(&["--jobs", jobs, s(&d)]);
        assert!(parallel.status.success());
        assert_eq!(stdout(&parallel), stdout(&serial), "--jobs {jobs}");
    }
    let titles: Vec<String> = json_lines(&serial)
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        titles,
        (0..40).map(|i| format!("Post {i}")).collect::<Vec<_>>()
    );

    // A file list in argument order (reversed), with a missing file in the middle.
    let mut args: Vec<&str> = vec!["--jobs=3", "--format", "text"];
    let reversed: Vec<&Path> = paths.iter().rev().map(PathBuf::as_path).collect();
    args.extend(reversed[..5].iter().map(|p| s(p)));
    args.push("/nonexistent/clean-article/x.md");
    args.extend(reversed[5..10].iter().map(|p| s(p)));
    let o = run(&args);
    assert!(o.status.success());
    let headers: Vec<String> = stdout(&o)
        .lines()
        .filter(|l| l.starts_with("==> "))
        .map(str::to_owned)
        .collect();
    let want: Vec<String> = reversed[..10]
        .iter()
        .map(|p| format!("==> {} <==", p.display()))
        .collect();
    assert_eq!(headers, want);
    assert!(stderr(&o).contains("x.md"));

    for bad in ["0", "-1", "many"] {
        let o = run(&["--jobs", bad, s(&d)]);
        assert_eq!(o.status.code(), Some(2), "--jobs {bad}");
        assert!(stderr(&o).contains("--jobs"));
    }
}

#[test]
fn jsonl_writes_one_article_per_request_with_its_id_and_an_error_line_for_each_bad_one() {
    let good = serde_json::json!({ "id": "a1", "path": "posts/a.md", "input": POST });
    let page = serde_json::json!({
        "id": 7,
        "input": "<p>Read <a href=\"/x\">more</a>.</p><img src=\"i.png\">",
        "options": { "baseUrl": "https://example.com/news/", "images": false },
    });
    let lines = [
        good.to_string(),
        "{not json".to_owned(),
        String::new(), // blank lines are skipped
        serde_json::json!({ "id": "no-input" }).to_string(),
        serde_json::json!({ "id": "bad-opt", "input": "<p>x</p>", "options": { "nope": 1 } })
            .to_string(),
        "[1, 2]".to_owned(),
        page.to_string(),
        serde_json::json!({ "id": "big", "input": "<p>too long</p>", "options": { "maxInputBytes": 4 } })
            .to_string(),
    ];
    let mut stdin = lines.join("\n").into_bytes();
    stdin.extend_from_slice(b"\n\xff\xfe\n");
    stdin.extend_from_slice(good.to_string().as_bytes()); // last line without a newline
    for jobs in ["1", "3"] {
        let o = run_with_stdin(&["--jsonl", "--jobs", jobs], &stdin);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = json_lines(&o);
        assert_eq!(
            out.len(),
            9,
            "one line per non-blank request (--jobs {jobs})"
        );
        assert_eq!(out[0]["id"], "a1");
        assert_eq!(out[0]["path"], "posts/a.md");
        assert_eq!(out[0]["title"], "Hello & world");
        assert!(out[0]["html"]
            .as_str()
            .unwrap()
            .contains("First <b>paragraph</b>"));
        assert!(!out[0]["html"].as_str().unwrap().contains("script"));
        assert_eq!(out[1]["line"], 2);
        assert!(out[1]["error"].as_str().unwrap().contains("not valid JSON"));
        assert_eq!(out[2]["id"], "no-input");
        assert!(out[2]["error"]
            .as_str()
            .unwrap()
            .contains("`input` is missing"));
        assert_eq!(out[3]["id"], "bad-opt");
        assert!(out[3]["error"].as_str().unwrap().contains("nope"));
        assert!(out[4]["error"]
            .as_str()
            .unwrap()
            .contains("expected an object"));
        assert_eq!(out[5]["id"], 7);
        assert_eq!(
            out[5]["html"],
            "<p>Read <a href=\"https://example.com/x\" rel=\"noopener noreferrer\">more</a>.</p>",
            "options applied: baseUrl resolves the link, images: false drops the image"
        );
        assert_eq!(out[6]["id"], "big");
        assert!(out[6]["error"].is_string());
        assert_eq!(out[7]["line"], 9);
        assert!(out[7]["error"].as_str().unwrap().contains("UTF-8"));
        assert_eq!(out[8]["id"], "a1");
        assert_eq!(out[8]["html"], out[0]["html"]);
        for (i, line) in out.iter().enumerate() {
            assert_eq!(
                line.get("error").is_some(),
                line.get("html").is_none(),
                "line {i}: an Article or an error, never both"
            );
        }
    }
    let o = run_with_stdin(&["--jsonl", "x.md"], b"");
    assert_eq!(o.status.code(), Some(2));
    let o = run_with_stdin(&["--jsonl"], b"");
    assert!(o.status.success());
    assert_eq!(stdout(&o), "");
}

/// The fixture directories through the CLI: one JSON line per file, in sorted order, each with
/// the title and metadata its expectation names.
#[test]
fn the_fixture_directories_give_their_expected_articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let expect: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expect.json")).unwrap()).unwrap();
    let (posts, pages) = (dir.join("posts"), dir.join("pages"));
    let o = run(&[s(&posts), s(&pages)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(lines.len(), expect.as_object().unwrap().len());
    for a in &lines {
        let path = Path::new(a["path"].as_str().unwrap());
        let key = path.strip_prefix(&dir).unwrap().to_str().unwrap();
        let e = &expect[key];
        assert!(e.is_object(), "{key}: no expectation");
        for field in ["title", "date", "cover", "meta"] {
            assert_eq!(a[field], e[field], "{key}: {field}");
        }
    }
}

//! Native benchmark: the whole pipeline (`clean_article::clean`) against its floor, one
//! html5ever parse + serialize of the same input (`scraper::Html::parse_fragment` for posts,
//! `parse_document` for whole pages, then `.html()`).
//!
//! Inputs come from `../shared` (or `$CLEAN_ARTICLE_SHARED`): every corpus post plus the
//! seed, the Zyte pages and the Chinese (CWCED) pages. Without that directory the bench
//! prints a message and does nothing.
//!
//! Run it with `bash scripts/bench-native.sh` (or `cargo bench --bench pipeline`). After the
//! criterion runs it prints, per input set, the mean time of one pass over the set for both
//! sides, the throughput and the ratio pipeline / floor (goal: at most 2.5), then the pages
//! with the highest per-page ratio (min of several runs), to find hot spots.
//!
//! Set `BENCH_SETS=posts,zyte` to run only some sets, `BENCH_QUICK=1` for short runs, and
//! `BENCH_PROFILE=pipeline` (or `floor`) to make one pass and exit, under a profiler:
//! `valgrind --tool=callgrind target/release/deps/pipeline-* --bench`.

#[path = "../tests/common/mod.rs"]
mod common;

use clean_article::{clean, Options};
use criterion::{Criterion, Throughput};
use scraper::Html;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One input set: a name, whether its files are whole pages, and the files' contents.
struct Set {
    name: &'static str,
    pages: bool,
    files: Vec<(String, String)>,
}

impl Set {
    fn bytes(&self) -> u64 {
        self.files.iter().map(|(_, s)| s.len() as u64).sum()
    }
}

/// Every file under `dir` (recursively, iteratively) whose name ends with `ext` (any when
/// empty), sorted by path; names are relative to `dir`.
fn read_dir_sorted(dir: &Path, ext: &str) -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if ext.is_empty() || path.extension().is_some_and(|e| e == ext) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let name = p
                .strip_prefix(dir)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            Some((name, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}

fn load_sets(shared: &Path, wanted: impl Fn(&str) -> bool) -> Vec<Set> {
    let mut posts = Vec::new();
    if wanted("posts") {
        posts = read_dir_sorted(&shared.join("corpus/posts"), "");
        posts.extend(read_dir_sorted(&shared.join("seeds"), "txt"));
    }
    let pages = |name: &str| {
        if wanted(name) {
            read_dir_sorted(&shared.join("bench").join(name).join("html"), "html")
        } else {
            Vec::new()
        }
    };
    vec![
        Set {
            name: "posts",
            pages: false,
            files: posts,
        },
        Set {
            name: "zyte",
            pages: true,
            files: pages("zyte"),
        },
        Set {
            name: "cwced",
            pages: true,
            files: pages("cwced"),
        },
    ]
}

/// The floor: one parse + serialize with the same parser the pipeline uses.
#[inline(never)]
fn floor(input: &str, page: bool) -> String {
    let html = if page {
        Html::parse_document(input)
    } else {
        Html::parse_fragment(input)
    };
    html.html()
}

/// The whole pipeline, with default options (auto-detection of post / fragment / page).
#[inline(never)]
fn pipeline(input: &str, options: &Options) -> usize {
    match clean(input, options) {
        Ok(a) => a.html.len() + a.text.len() + a.markdown.len(),
        Err(_) => 0,
    }
}

/// Mean time in nanoseconds criterion saved for `group/function`.
fn saved_mean_ns(out_dir: &Path, group: &str, function: &str) -> Option<f64> {
    let path = out_dir
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["mean"]["point_estimate"].as_f64()
}

/// At most 28 characters of a file name (long hashes and titles made readable).
fn short(name: &str) -> String {
    let n = name.chars().count();
    if n <= 28 {
        name.to_string()
    } else {
        name.chars()
            .take(12)
            .chain("…".chars())
            .chain(name.chars().skip(n - 15))
            .collect()
    }
}

/// Smallest of `runs` timings of `f`.
fn min_time(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let Some(shared) = common::shared_dir_if_present("native pipeline bench") else {
        return;
    };
    let quick = std::env::var_os("BENCH_QUICK").is_some();
    let wanted: Option<Vec<String>> = std::env::var("BENCH_SETS")
        .ok()
        .map(|s| s.split(',').map(|x| x.trim().to_string()).collect());
    let sets: Vec<Set> = load_sets(&shared, |name| {
        wanted.as_ref().is_none_or(|w| w.iter().any(|n| n == name))
    })
    .into_iter()
    .filter(|s| !s.files.is_empty())
    .collect();

    // `BENCH_PROFILE=pipeline|floor`: one pass over the sets and exit (for callgrind/perf).
    if let Ok(what) = std::env::var("BENCH_PROFILE") {
        let options = Options::default();
        // `BENCH_REPEAT=n`: n passes, for sampling profilers (perf record) that need time.
        let repeat: usize = std::env::var("BENCH_REPEAT")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(1);
        let mut n = 0;
        for set in sets.iter().cycle().take(sets.len() * repeat) {
            for (_, input) in &set.files {
                n += if what == "floor" {
                    floor(input, set.pages).len()
                } else {
                    pipeline(input, &options)
                };
            }
        }
        println!("BENCH_PROFILE={what}: {n} output bytes");
        return;
    }

    let out_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("criterion");
    let mut c = Criterion::default()
        .output_directory(&out_dir)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(if quick { 1 } else { 3 }))
        .measurement_time(Duration::from_secs(if quick { 3 } else { 10 }))
        .configure_from_args();

    let options = Options::default();
    for set in &sets {
        let mut g = c.benchmark_group(set.name);
        g.throughput(Throughput::Bytes(set.bytes()));
        g.bench_function("pipeline", |b| {
            b.iter(|| {
                let mut n = 0;
                for (_, input) in &set.files {
                    n += pipeline(black_box(input), &options);
                }
                n
            })
        });
        g.bench_function("floor", |b| {
            b.iter(|| {
                let mut n = 0;
                for (_, input) in &set.files {
                    n += floor(black_box(input), set.pages).len();
                }
                n
            })
        });
        g.finish();
    }
    c.final_summary();

    println!();
    println!("== clean-article native: whole pipeline vs html5ever parse+serialize (floor) ==");
    println!(
        "{:<7} {:>5} {:>9} {:>13} {:>13} {:>11} {:>11} {:>7}",
        "set", "files", "MB", "pipeline ms", "floor ms", "pipe MB/s", "floor MB/s", "ratio"
    );
    let (mut all_p, mut all_f, mut all_b) = (0.0, 0.0, 0.0);
    for set in &sets {
        let mb = set.bytes() as f64 / 1e6;
        let (Some(p), Some(f)) = (
            saved_mean_ns(&out_dir, set.name, "pipeline"),
            saved_mean_ns(&out_dir, set.name, "floor"),
        ) else {
            println!("{:<7} (no saved criterion estimates)", set.name);
            continue;
        };
        all_p += p;
        all_f += f;
        all_b += mb;
        println!(
            "{:<7} {:>5} {:>9.2} {:>13.1} {:>13.1} {:>11.1} {:>11.1} {:>7.2}",
            set.name,
            set.files.len(),
            mb,
            p / 1e6,
            f / 1e6,
            mb / (p / 1e9),
            mb / (f / 1e9),
            p / f
        );
    }
    if all_f > 0.0 {
        println!(
            "{:<7} {:>5} {:>9.2} {:>13.1} {:>13.1} {:>11.1} {:>11.1} {:>7.2}",
            "all",
            sets.iter().map(|s| s.files.len()).sum::<usize>(),
            all_b,
            all_p / 1e6,
            all_f / 1e6,
            all_b / (all_p / 1e9),
            all_b / (all_f / 1e9),
            all_p / all_f
        );
        println!("goal: ratio <= 2.50 (pipeline within 2.5x of a bare parse + serialize)");
    }

    // Per-page ratios (min of a few runs each) to point at inputs that hit slow paths.
    let runs = if quick { 2 } else { 5 };
    let mut rows: Vec<(f64, Duration, Duration, &str, &str, usize)> = Vec::new();
    for set in &sets {
        for (name, input) in &set.files {
            let p = min_time(runs, || {
                black_box(pipeline(black_box(input), &options));
            });
            let f = min_time(runs, || {
                black_box(floor(black_box(input), set.pages));
            });
            let ratio = p.as_secs_f64() / f.as_secs_f64().max(1e-9);
            rows.push((ratio, p, f, set.name, name, input.len()));
        }
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!();
    println!("highest per-page ratios (min of {runs} runs):");
    println!(
        "{:<7} {:<28} {:>9} {:>11} {:>11} {:>7}",
        "set", "file", "KB", "pipe ms", "floor ms", "ratio"
    );
    for (ratio, p, f, set, name, len) in rows.iter().take(12) {
        let name = short(name);
        println!(
            "{:<7} {:<28} {:>9.1} {:>11.3} {:>11.3} {:>7.2}",
            set,
            name,
            *len as f64 / 1e3,
            p.as_secs_f64() * 1e3,
            f.as_secs_f64() * 1e3,
            ratio
        );
    }
    let mut slowest = rows.clone();
    slowest.sort_by_key(|r| std::cmp::Reverse(r.1));
    println!();
    println!("slowest pages through the pipeline:");
    for (ratio, p, f, set, name, len) in slowest.iter().take(8) {
        let name = short(name);
        println!(
            "{:<7} {:<28} {:>9.1} {:>11.3} {:>11.3} {:>7.2}",
            set,
            name,
            *len as f64 / 1e3,
            p.as_secs_f64() * 1e3,
            f.as_secs_f64() * 1e3,
            ratio
        );
    }
}

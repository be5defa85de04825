//! Whole-page extraction: synthetic pages and the page fixtures of `tests/fixtures/pages`
//! (always run), and real pages from the benchmark sets in `../shared/bench` (`#[ignore]`d:
//! they need `../shared`; `scripts/test.sh` runs them when it is there).

mod common;

use clean_article::{clean, is_probably_article, InputKind, Options};
use std::path::PathBuf;

fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>Test page</title></head><body>{body}</body></html>")
}

fn extract(html: &str) -> clean_article::Article {
    clean(html, &Options::default()).expect("clean never fails under the size cap")
}

const NAV: &str = r#"<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport navigation link</a></li></ul></nav>"#;

fn english_paragraphs() -> String {
    (0..6)
        .map(|i| {
            format!(
                "<p>Paragraph {i} of the story explains, in some detail, what happened on the \
                 ground, who was involved, and why it matters for the people of the town.</p>"
            )
        })
        .collect()
}

#[test]
fn finds_the_article_among_navigation_and_comments() {
    let html = page(&format!(
        r#"{NAV}<div class="sidebar"><a href="/a">Most read headline one</a><a href="/b">Most read two</a></div>
        <article><h1>Test page</h1><div class="article-body">{}
        <div><h3>Most read</h3><p>A teaser without any link, long enough to pass for prose, with
        commas, clauses, and more words than a caption.</p></div>
        <p><a href="/other">Read this other story about something else entirely</a></p></div>
        <div class="share-tools"><a href="/s">Share on Facebook</a></div></article>
        <div id="comments"><div class="comment-body"><p>First! This comment is long enough, really,
        to look like a paragraph, with commas, and more commas, and even more.</p></div></div>
        <footer><p>Copyright footer text, all rights reserved, contact us.</p></footer>"#,
        english_paragraphs()
    ));
    let a = extract(&html);
    assert_eq!(a.kind, InputKind::Page);
    assert!(a.text.contains("Paragraph 0 of the story"), "{}", a.text);
    assert!(a.text.contains("Paragraph 5 of the story"), "{}", a.text);
    for junk in [
        "Sport navigation link",
        "Most read",
        "Share on Facebook",
        "First! This comment",
        "Copyright footer",
        "A teaser without any link",
        "Read this other story",
    ] {
        assert!(!a.text.contains(junk), "{junk:?} leaked into {}", a.text);
    }
    assert!(
        !a.text.contains("Test page"),
        "the title heading is not body text"
    );
}

#[test]
fn chinese_page_with_byline_and_related_links() {
    let paras: String = (0..5)
        .map(|i| {
            format!(
                "<p>　　第{i}段：记者从有关部门获悉，今年以来，全市经济运行总体平稳，\
                 主要指标好于预期，消费、投资、出口稳步回升，就业形势保持稳定。</p>"
            )
        })
        .collect();
    let related: String = (0..8)
        .map(|i| format!("<li><a href=\"/n{i}\">相关新闻标题第{i}条，点击查看详情</a></li>"))
        .collect();
    let html = format!(
        r#"<html><head><title>全市经济运行总体平稳_财经频道_示例网</title>
        <meta name="keywords" content="经济"></head><body>
        <div class="nav"><a href="/">首页</a> - <a href="/news">新闻</a> - <a href="/c">财经</a></div>
        <h1>全市经济运行总体平稳</h1>
        <div class="info">发布时间：2021年8月10日 13:16　来源：每日经济新闻　作者：张三</div>
        <div id="artibody"><p>本报记者 王燕平 方云凤</p>
        <p>本报记者从市统计局获悉，今年前七个月，全市规模以上工业增加值同比增长，增速稳中有升。</p>
        {paras}<p>上一页 | 下一页</p><p>责任编辑：王蒙</p></div>
        <div class="xgxw"><h3>相关新闻</h3><ul>{related}</ul></div>
        </body></html>"#
    );
    let a = extract(&html);
    assert_eq!(a.kind, InputKind::Page);
    assert!(a.text.contains("第0段：记者从有关部门获悉"), "{}", a.text);
    assert!(a.text.contains("第4段"), "{}", a.text);
    assert!(!a.text.contains("相关新闻标题"), "{}", a.text);
    assert!(!a.text.contains("首页"), "{}", a.text);
    assert!(a.text.contains("本报记者从市统计局获悉"), "{}", a.text);
    assert!(!a.text.contains("王燕平"), "{}", a.text);
    assert!(!a.text.contains("上一页"), "{}", a.text);
    assert_eq!(a.title.as_deref(), Some("全市经济运行总体平稳"));
    assert_eq!(a.date.as_deref(), Some("2021-08-10T13:16:00"));
    assert_eq!(a.author.as_deref(), Some("张三"));
    assert_eq!(a.meta.source.as_deref(), Some("每日经济新闻"));
    assert_eq!(a.meta.editor.as_deref(), Some("王蒙"));
}

#[test]
fn metadata_from_json_ld_and_meta_tags() {
    let html = format!(
        r#"<html><head><title>Ignored | Example Site</title>
        <meta property="og:title" content="OG title | Example Site">
        <meta property="og:site_name" content="Example Site">
        <meta property="og:image" content="https://example.com/og.jpg">
        <meta property="article:published_time" content="2019-11-19T11:51:32Z">
        <script type="application/ld+json">{{"@context":"https://schema.org","@graph":[
          {{"@type":"WebSite","name":"Example Site"}},
          {{"@type":"NewsArticle","headline":"The JSON-LD headline",
            "author":[{{"@type":"Person","name":"Jane Doe"}},{{"@type":"Person","name":"John Roe"}}],
            "datePublished":"2019-11-18T08:00:00-05:00",
            "image":{{"@type":"ImageObject","url":"https://example.com/ld.jpg"}}}}]}}</script>
        </head><body><main>{}</main></body></html>"#,
        english_paragraphs()
    );
    let a = extract(&html);
    assert_eq!(a.title.as_deref(), Some("The JSON-LD headline"));
    assert_eq!(a.author.as_deref(), Some("Jane Doe, John Roe"));
    assert_eq!(a.date.as_deref(), Some("2019-11-18T08:00:00-05:00"));
    assert_eq!(a.cover.as_deref(), Some("https://example.com/ld.jpg"));

    // Without JSON-LD, Open Graph wins over <title>, minus the site name.
    let html = format!(
        r#"<html><head><title>Ignored | Example Site</title>
        <meta property="og:title" content="OG title here | Example Site">
        <meta property="og:site_name" content="Example Site">
        <meta name="author" content="By Sam Poe">
        <meta property="article:published_time" content="2019-11-19T11:51:32Z">
        </head><body><main>{}</main></body></html>"#,
        english_paragraphs()
    );
    let a = extract(&html);
    assert_eq!(a.title.as_deref(), Some("OG title here"));
    assert_eq!(a.author.as_deref(), Some("Sam Poe"));
    assert_eq!(a.date.as_deref(), Some("2019-11-19T11:51:32Z"));
}

#[test]
fn article_split_over_siblings_is_kept_whole() {
    let html = page(&format!(
        r#"{NAV}<div id="wrap"><div class="story">{}</div><div class="ad">Advertisement</div>
        <div class="story">{}</div></div>"#,
        english_paragraphs(),
        english_paragraphs().replace("Paragraph", "Second part")
    ));
    let a = extract(&html);
    assert!(a.text.contains("Paragraph 3 of"), "{}", a.text);
    assert!(a.text.contains("Second part 3 of"), "{}", a.text);
}

#[test]
fn lazy_images_get_their_real_url_and_tweets_stay() {
    let html = page(&format!(
        r#"{NAV}<article>{}<p><img src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E"
        data-lazy-src="https://example.com/real.jpg" alt="Alt text of the lazy image"></p>
        <div class="article-widget"><blockquote class="twitter-tweet"><p>A tweet quoted in the
        story, with words</p>— Someone (@someone) <a href="https://twitter.com/x">November 19,
        2019</a></blockquote></div>{}</article>"#,
        english_paragraphs(),
        english_paragraphs()
    ));
    let a = extract(&html);
    assert!(
        a.html.contains("https://example.com/real.jpg"),
        "{}",
        a.html
    );
    assert!(!a.text.contains("Alt text of the lazy image"), "{}", a.text);
    assert!(a.text.contains("A tweet quoted in the story"), "{}", a.text);
}

#[test]
fn page_without_prose_keeps_something_and_never_panics() {
    for html in [
        page(""),
        page("<div><a href=/>Home</a></div>"),
        page("<p>Short.</p>"),
        "<html><body>".to_owned(),
        page("<table><tr><td>a</td><td>b</td></tr></table>"),
    ] {
        let a = extract(&html);
        assert_eq!(a.kind, InputKind::Page);
        if html.contains("Short.") {
            assert_eq!(a.text, "Short.");
        }
    }
}

fn deep_page(depth: usize, text: &str) -> String {
    let mut html = String::from("<!DOCTYPE html><html><body>");
    html.push_str(&"<div>".repeat(depth));
    html.push_str(text);
    html.push_str(&"</div>".repeat(depth));
    html.push_str("</body></html>");
    html
}

#[test]
fn deep_nesting_does_not_overflow() {
    // The extraction index and metadata walks are iterative and linear. The depth here is
    // kept moderate because html5ever's own tree building grows quadratically with nesting
    // depth (about 3 s for 10,000 levels in a release build), which no stage can avoid.
    let para = "<p>Deep text, with a comma, and another, to be a paragraph of some length.</p>";
    let long: String = (0..8)
        .map(|i| {
            let sentence = format!("Sentence {i} of a long paragraph, with commas, and words. ");
            format!("<p>{}</p>", sentence.repeat(4))
        })
        .collect();
    assert!(!is_probably_article(&deep_page(2_000, para)));
    assert!(is_probably_article(&deep_page(2_000, &long)));
    let a = extract(&deep_page(2_000, para));
    assert!(a.text.contains("Deep text"), "{}", a.text);
}

#[test]
fn probably_article() {
    let article = page(&format!("{NAV}<article>{}</article>", english_paragraphs()));
    assert!(is_probably_article(&article));
    let chinese: String = (0..4)
        .map(|_| {
            "<p>记者从有关部门获悉，今年以来，全市经济运行总体平稳，主要指标好于预期，\
             消费、投资、出口稳步回升，就业形势保持稳定，居民收入继续增长。</p>"
        })
        .collect();
    assert!(is_probably_article(&page(&chinese)));
    // Old layouts: loose text with <br> in a table cell.
    let cell = chinese.replace("<p>", "").replace("</p>", "<br><br>");
    assert!(is_probably_article(&page(&format!(
        "<table><tr><td>{cell}</td></tr></table>"
    ))));

    let links: String = (0..50)
        .map(|i| format!("<li><a href=/{i}>Headline number {i} of the front page list</a></li>"))
        .collect();
    assert!(!is_probably_article(&page(&format!(
        "{NAV}<ul>{links}</ul>"
    ))));
    assert!(!is_probably_article(&page("<p>Too short to read.</p>")));
    // Hidden prose does not count.
    let hidden = page(&format!(
        "<div style=\"display:none\">{}</div>",
        english_paragraphs()
    ));
    assert!(!is_probably_article(&hidden));
}

// ---------------------------------------------------------------- real pages

struct Case {
    set: &'static str,
    id: &'static str,
    with: &'static [&'static str],
    without: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        set: "zyte",
        id: "ac3c035520461017a7c5",
        with: &["Our goal with hosting quarterly open threads"],
        without: &["Hi Gary", "Hi Alex"],
    },
    Case {
        set: "zyte",
        id: "db6b0816c612296c7f1f",
        with: &["accused China of using coercion and intimidation"],
        without: &["Photo: Hau Dinh"],
    },
    Case {
        set: "zyte",
        id: "042bb7b5fedab6eac7db",
        with: &["Gaming used to be so simple", "virtual perks"],
        without: &["Subscribe"],
    },
    Case {
        set: "cwced",
        id: "3e1af229-5b3e-4cfc-8",
        with: &["土豆，听名字就", "鸽子蛋大小的原原种"],
        without: &["反侵权公告", "版权合作"],
    },
    Case {
        set: "cwced",
        id: "6820ebe7-83ad-4876-b",
        with: &["双方的重点主要集中在三个方面", "不会涉及东风悦达起亚"],
        without: &["相关报道", "为同门兄弟途胜让路", "首页"],
    },
    Case {
        set: "cwced",
        id: "59562291-5657-476d-9",
        with: &["湘菜粤菜"],
        without: &["我真的累了", "读小学的时候，我就爱看侦探小说"],
    },
    Case {
        set: "cwced",
        id: "0df12126-cd86-46a7-a",
        with: &["一、培养目标", "西方舞蹈史", "外国舞蹈理论"],
        without: &[],
    },
];

fn find_page(dir: &std::path::Path, prefix: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn real_pages_with_and_without() {
    let shared = common::shared_dir();
    let mut checked = 0;
    for case in CASES {
        let dir = common::shared_subdir(&shared, &format!("bench/{}/html", case.set));
        let path = find_page(&dir, case.id)
            .unwrap_or_else(|| panic!("{}/{}: page not found", case.set, case.id));
        let html = std::fs::read_to_string(&path).expect("bench pages are UTF-8");
        let a = extract(&html);
        assert_eq!(a.kind, InputKind::Page, "{}", path.display());
        assert!(
            a.stats.chars > 200,
            "{}: almost nothing extracted: {:?}",
            path.display(),
            a.text
        );
        for w in case.with {
            assert!(a.text.contains(w), "{}: missing {w:?}", path.display());
        }
        for w in case.without {
            assert!(!a.text.contains(w), "{}: kept {w:?}", path.display());
        }
        checked += 1;
    }
    assert!(
        checked > 0,
        "no bench page found under {}",
        shared.display()
    );
}

#[test]
#[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
fn no_bench_page_comes_out_empty() {
    let shared = common::shared_dir();
    for set in ["zyte", "cwced"] {
        let dir = common::shared_subdir(&shared, &format!("bench/{set}/html"));
        let entries = std::fs::read_dir(&dir).unwrap();
        // Every 8th page keeps the debug-build test fast; the bench script covers all.
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths.iter().step_by(8) {
            let html = std::fs::read_to_string(path).expect("bench pages are UTF-8");
            let a = extract(&html);
            assert!(!a.text.trim().is_empty(), "{}: empty", path.display());
        }
    }
}

/// The page fixtures (a news page with navigation, sidebar, comments and footer; a Chinese
/// portal page; a blog page; pages whose text is only in JSON-LD, a template or a hidden
/// block): each is recognised as a page (and as an article when its text is shown), extracted to
/// prose, and every Markdown, text and HTML output is non-empty. Their `with`/`without`
/// strings and metadata are checked in `tests/corpus.rs`; here extraction is also asked for
/// explicitly (`Mode::Page`) and must give the same article as automatic detection.
#[test]
fn fixture_pages_are_extracted() {
    let pages: Vec<_> = common::fixture_cases()
        .into_iter()
        .filter(|c| c.key.starts_with("pages/"))
        .collect();
    assert!(pages.len() >= 3, "only {} page fixtures", pages.len());
    // Pages whose text is not in the visible page (JSON-LD, templates, a hidden block): only
    // the extraction fallback finds it, and the readerable test, which reads what is shown,
    // says no.
    let hidden_text = [
        "pages/jsonld-body-page.html",
        "pages/template-body-page.html",
        "pages/script-template-page.html",
        "pages/teaser-hidden-page.html",
    ];
    for case in &pages {
        assert_eq!(
            is_probably_article(&case.source),
            !hidden_text.contains(&case.key.as_str()),
            "{}: readerable?",
            case.key
        );
        let auto = extract(&case.source);
        assert_eq!(auto.kind, InputKind::Page, "{}", case.key);
        assert!(auto.stats.paragraphs >= 3, "{}: {:?}", case.key, auto.text);
        assert!(!auto.markdown.trim().is_empty(), "{}", case.key);
        let forced = clean(
            &case.source,
            &Options::new().mode(clean_article::Mode::Page),
        )
        .unwrap();
        assert_eq!(forced.html, auto.html, "{}", case.key);
    }
}

/// A post fixture is never taken for a page, and forcing extraction on it keeps its text.
#[test]
fn fixture_posts_survive_forced_extraction() {
    for case in common::fixture_cases()
        .into_iter()
        .filter(|c| c.key.starts_with("posts/"))
    {
        let post = extract(&case.source);
        assert_ne!(post.kind, InputKind::Page, "{}", case.key);
        let forced = clean(
            &case.source,
            &Options::new().mode(clean_article::Mode::Page),
        )
        .unwrap();
        assert!(
            post.text.is_empty() || !forced.text.is_empty(),
            "{}: forced extraction lost everything",
            case.key
        );
    }
}

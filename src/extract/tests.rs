//! Whole-page tests, one small page per class of page the extraction handles (pages written
//! for these tests).

use crate::{clean, Article, InputKind, Options};

/// Six paragraphs of story text, each naming its number.
fn story() -> String {
    (0..6)
        .map(|i| {
            format!(
                "<p>Paragraph {i} of the story tells, at some length, what happened in the town \
                 council meeting, who spoke, what they said, and why it matters to residents.</p>"
            )
        })
        .collect()
}

fn page(head: &str, body: &str) -> Article {
    let html = format!("<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>");
    let a = clean(&html, &Options::default()).unwrap();
    assert_eq!(a.kind, InputKind::Page);
    a
}

#[test]
fn an_article_classed_commented_is_not_a_comment_thread() {
    let body = format!(
        "<nav><a href=/>Home</a></nav><article class=\"post hentry commented\">{}</article>\
         <div class=\"comments\"><p>First comment: I disagree with all of this, strongly, and \
         at length, for reasons.</p></div>",
        story()
    );
    let a = page("<title>Council</title>", &body);
    for i in 0..6 {
        assert!(a.text.contains(&format!("Paragraph {i} of")), "{}", a.text);
    }
    assert!(!a.text.contains("First comment"), "{}", a.text);
}

#[test]
fn formulas_stay_as_text() {
    let body = format!(
        "<article>{}<p>The area is <math><semantics><mrow><mi>π</mi><msup><mi>r</mi><mn>2</mn>\
         </msup></mrow><annotation encoding=\"application/x-tex\">\\pi r^2</annotation>\
         </semantics></math> and the sum is <math><mi>a</mi><mo>+</mo><mi>b</mi></math>.</p>\
         </article>",
        story()
    );
    let a = page("<title>Circles</title>", &body);
    assert!(a.text.contains("The area is \\pi r^2 and"), "{}", a.text);
    assert!(a.text.contains("the sum is a+b."), "{}", a.text);
    assert!(
        !a.html.contains("<math") && !a.html.contains("<mi"),
        "{}",
        a.html
    );
    // The sanitizer alone does the same.
    let s = crate::sanitize(
        "<p><math><mi>x</mi><annotation encoding=\"TeX\">x^2</annotation></math></p>",
    );
    assert_eq!(s, "<p>x^2</p>");
    let s = crate::sanitize(
        "<p><math><mi>x</mi><annotation encoding=\"MathML\">y</annotation></math></p>",
    );
    assert_eq!(s, "<p>x</p>");
    let s = crate::sanitize(
        "<p><math><mi>x</mi><annotation encoding=\"application/x-tex\">x^2</annotation></math></p>",
    );
    assert_eq!(s, "<p>x^2</p>");
}

#[test]
fn json_ld_in_cdata_with_a_type_array_and_a_graph() {
    let head = r#"<title>Town votes on budget | Daily Planet</title>
        <script type="application/ld+json">//<![CDATA[
        {"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","name":"Daily Planet"},
          {"@type":["SocialMediaPosting","CreativeWork"],"headline":"Town votes on budget",
           "author":{"@type":"Person","name":"Lois Lane"},
           "datePublished":"2020-03-04T05:06:07Z","dateModified":"2021-01-01T00:00:00Z"}]}
        //]]></script>"#;
    let a = page(head, &format!("<article>{}</article>", story()));
    assert_eq!(a.title.as_deref(), Some("Town votes on budget"));
    assert_eq!(a.author.as_deref(), Some("Lois Lane"));
    assert_eq!(a.date.as_deref(), Some("2020-03-04T05:06:07Z"));
    let head = r#"<script type="application/ld+json"><!--
        {"@type":"NewsArticle","headline":"Commented headline","author":"Jimmy Olsen"} --></script>"#;
    let a = page(head, &format!("<article>{}</article>", story()));
    assert_eq!(a.title.as_deref(), Some("Commented headline"));
    assert_eq!(a.author.as_deref(), Some("Jimmy Olsen"));
}

#[test]
fn a_property_attribute_with_several_names() {
    let head = r#"<meta property="og:title twitter:title" content="The shared title">
        <meta property="article:published_time article:modified_time" content="2019-05-06">"#;
    let a = page(head, &format!("<div>{}</div>", story()));
    assert_eq!(a.title.as_deref(), Some("The shared title"));
    assert_eq!(a.date.as_deref(), Some("2019-05-06"));
}

#[test]
fn published_time_wins_over_modified_time() {
    let head = r#"<meta property="article:modified_time" content="2022-02-02T10:00:00Z">
        <meta property="article:published_time" content="2020-01-01T09:00:00Z">"#;
    let a = page(head, &format!("<div>{}</div>", story()));
    assert_eq!(a.date.as_deref(), Some("2020-01-01T09:00:00Z"));
}

#[test]
fn bylines_in_the_body_and_in_meta_author() {
    let s = story();
    for (body, want) in [
        (
            format!("<article><p class=\"byline\">By Clark Kent</p>{s}</article>"),
            "Clark Kent",
        ),
        (
            format!("<article><a rel=\"author\" href=\"/p\">Diana Prince</a>{s}</article>"),
            "Diana Prince",
        ),
        (
            format!(
                "<article><div itemprop=\"author\" itemscope><span>Written by</span> \
                 <span itemprop=\"name\">Bruce Wayne</span></div>{s}</article>"
            ),
            "Bruce Wayne",
        ),
        (
            format!("<article><span class=\"post-authorName\">Barry Allen</span>{s}</article>"),
            "Barry Allen",
        ),
    ] {
        let a = page("<title>A page</title>", &body);
        assert_eq!(a.author.as_deref(), Some(want), "{body}");
    }
    // A comment's author is not the article's; an author box is too long to be a byline.
    let long = "A long biography of the writer, who has written for many papers. ".repeat(3);
    let body = format!(
        "<article><div class=\"author-bio\">{long}</div>{s}</article>\
         <div class=\"comment-author\">Lex Luthor</div>"
    );
    assert_eq!(page("<title>A page</title>", &body).author, None);
    // A sidebar of authors, each with their latest headline, comes before the article's
    // byline: it holds a list, so it is not one.
    let body = format!(
        "<aside><ul><li class=\"author-follow\">Kara Danvers \
         <ul><li><a href=\"/news/other\">Another story</a></li></ul></li></ul></aside>\
         <article><div class=\"author-name\">Oliver Queen</div>{s}</article>"
    );
    let a = page("<title>A page</title>", &body);
    assert_eq!(a.author.as_deref(), Some("Oliver Queen"));
    // A reader's byline in the comment thread is not the article's either.
    let body = format!(
        "<article>{s}</article><ul class=\"comments-list\"><li>\
         <div class=\"byline\"><div class=\"username\">J</div></div>\
         <div class=\"message\">A reader's comment.</div></li></ul>\
         <div class=\"author-name\">Oliver Queen</div>"
    );
    let a = page("<title>A page</title>", &body);
    assert_eq!(a.author.as_deref(), Some("Oliver Queen"));
    let a = page(
        "<meta name=\"author\" content=\"Hal Jordan\">",
        &format!("<div>{s}</div>"),
    );
    assert_eq!(a.author.as_deref(), Some("Hal Jordan"));
}

#[test]
fn the_title_is_decided_by_agreement() {
    // JSON-LD names a category; og:title, <title> and <h1> agree on the headline.
    let head = r#"<title>Bridge reopens after repairs - Gazette</title>
        <meta property="og:title" content="Bridge reopens after repairs">
        <script type="application/ld+json">{"@type":"NewsArticle","name":"Local news"}</script>"#;
    let body = format!(
        "<article><h1>Bridge reopens after repairs</h1>{}</article>",
        story()
    );
    assert_eq!(
        page(head, &body).title.as_deref(),
        Some("Bridge reopens after repairs")
    );
    // The first source wins when it agrees with another; a suffix that does not name the
    // site stays on a meta title.
    let head = r#"<title>How we built it - a task framework</title>
        <meta property="og:title" content="How we built it - a task framework">"#;
    assert_eq!(
        page(head, &format!("<div>{}</div>", story()))
            .title
            .as_deref(),
        Some("How we built it - a task framework")
    );
}

#[test]
fn a_link_rich_list_of_the_posts_own_points_stays() {
    // A changelog-style post: list items that link a bug and say what changed, one with a
    // captioned screenshot; then a list of links to other posts.
    let items: String = (0..6)
        .map(|i| {
            format!(
                "<li>We landed <a href=\"/bug/{i}\">Bug {i}</a>, which makes change {i} work \
                 the way people expect it to.</li>"
            )
        })
        .collect();
    let body = format!(
        "<article><h1>Weekly notes</h1><p>Here is what happened this week, in short, with \
         links to the bugs, for anyone who wants the details.</p>{}<ul>{items}<li>Screens \
         <div class=\"wp-caption\"><img src=a.png><img src=b.png></div></li></ul>\
         <ul><li><a href=/a>Older post one</a></li><li><a href=/b>Older post two</a></li>\
         <li><a href=/c>Older post three</a></li></ul></article>",
        story()
    );
    let a = page("<title>Weekly notes</title>", &body);
    for i in 0..6 {
        assert!(
            a.text.contains(&format!("makes change {i} work")),
            "{}",
            a.text
        );
    }
    assert!(!a.text.contains("Older post"), "{}", a.text);
}

#[test]
fn hidden_text_that_repeats_nothing_stays_out_of_a_short_article() {
    // A short visible article and a longer hidden block that does not repeat its opening
    // (a dialog, a menu): the fallback keeps the visible text.
    let body = "<article><h1>Short</h1><p>The visible story is one paragraph long, and that is \
                all the page shows to its readers today.</p><div style=\"display:none\">\
                <p>Hidden text one goes on about something else entirely, at length, with \
                commas, clauses, and more.</p><p>Hidden text two does the same thing again, \
                at length, with commas, clauses, and more.</p><p>Hidden text three, once more, \
                at length, with commas, clauses, and more.</p></div></article>";
    let a = page("<title>Short</title>", body);
    assert!(a.text.contains("The visible story is one"), "{}", a.text);
    assert!(!a.text.contains("Hidden text"), "{}", a.text);
}

/// The JSON-LD `articleBody` of a page whose visible body is a stub: its markup is parsed and
/// sanitized like the page's (bold stays bold, entities decode), never shown as source and
/// never run.
#[test]
fn a_json_ld_article_body_is_parsed_and_sanitized() {
    let lines: String = (0..5)
        .map(|i| {
            format!(
                "Line {i} of the body tells at length what the board decided, why, and what \
                 the riders said about it at the meeting.\\n"
            )
        })
        .collect();
    let ld = format!(
        "<script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"Buses\",\
         \"articleBody\":\"{lines}A <b>trial</b> runs &amp; ends.<script>alert(1)<\\/script>\\n\
         <img src=x onerror=alert(2)>After the image.\"}}</script>"
    );
    let a = page(
        &format!("<title>Buses</title>{ld}"),
        "<article><p>Please turn on JavaScript to read this.</p></article>",
    );
    assert!(a.text.contains("Line 4 of the body"), "{}", a.text);
    assert!(
        a.html.contains("A <b>trial</b> runs &amp; ends."),
        "{}",
        a.html
    );
    assert!(a.text.contains("After the image."), "{}", a.text);
    for bad in ["<script", "onerror", "alert(", "&lt;b&gt;"] {
        assert!(!a.html.contains(bad), "{bad} in {}", a.html);
    }
}

/// A byline value that cannot be a name (markup debris, a link label starting with a symbol,
/// an identifier) gives way to the next source.
#[test]
fn implausible_bylines_give_way_to_the_next_source() {
    for bad in ["size=\"20\"", "■该作者文章", "L_104485"] {
        let head = format!(
            "<title>Council</title><meta property=\"og:site_name\" content=\"Daily Planet\">\
             <meta name=\"author\" content='{bad}'>"
        );
        let body = format!(
            "<article><p class=\"byline\">Jane Roe</p>{}</article>",
            story()
        );
        let a = page(&head, &body);
        assert_eq!(a.author.as_deref(), Some("Jane Roe"), "meta author {bad:?}");
    }
    let a = page(
        "<title>Council</title><meta name=\"author\" content=\"@jroe\">",
        &format!("<article>{}</article>", story()),
    );
    assert_eq!(a.author.as_deref(), Some("@jroe"));
}

/// A meta date that gives only the day yields to the page's own line for that day with its
/// time; a line for another day does not.
#[test]
fn a_day_only_meta_date_takes_the_time_from_the_page_line() {
    let head = "<title>Council</title><meta name=\"publishdate\" content=\"2022-02-13\">";
    let a = page(
        head,
        &format!(
            "<article><p>2022年02月13日07:48 | 来源：本报</p>{}</article>",
            story()
        ),
    );
    assert!(
        a.date
            .as_deref()
            .is_some_and(|d| d.starts_with("2022-02-13T07:48")),
        "{:?}",
        a.date
    );
    let b = page(
        head,
        &format!(
            "<article><p>2022年02月12日07:48 | 来源：本报</p>{}</article>",
            story()
        ),
    );
    assert_eq!(b.date.as_deref(), Some("2022-02-13"));
}

#[test]
fn a_reporter_credit_left_out_of_the_article_still_names_the_author() {
    // An unlabelled `记者 刘涛` paragraph after the text is a metadata line: it leaves the
    // article, and its names become the author.
    let para = "<p>机构医养结合服务，是指同时具备医疗卫生资质和养老服务能力的机构，为老年人提供\
                专业的医疗服务和养老服务活动，服务内容包括生活照料、医疗护理、康复服务。</p>";
    let body = format!(
        "<div class=\"nav\"><a href=\"/\">首页</a></div><div class=\"content\"><h1>医养结合</h1>\
         {}<p>记者 刘涛</p></div><div class=\"footer\">版权所有</div>",
        para.repeat(4)
    );
    let a = page("<title>医养结合</title>", &body);
    assert_eq!(a.author.as_deref(), Some("刘涛"));
    assert_eq!(a.meta.byline.as_deref(), Some("记者 刘涛"));
    assert!(!a.text.contains("记者"), "{}", a.text);
    // A short line that only looks like one (a sentence about a reporter) names nobody.
    let body = format!(
        "<div class=\"content\"><h1>医养结合</h1>{}<p>记者会</p></div>",
        para.repeat(4)
    );
    assert_eq!(page("<title>医养结合</title>", &body).author, None);
}

#[test]
fn a_date_in_a_link_to_another_post_is_not_the_pages() {
    // A blog page: the sidebar lists other posts (one title holds a date) before the post,
    // whose footer links its own date to the permalink after some text of its own.
    let body = format!(
        "<table><tr><td><a href=\"/p/5496\">博客精选文章一(截止2006年8月10日)</a></td></tr>\
         <tr><td><a href=\"/p/5497\">档案再保存</a></td></tr></table>\
         <div class=\"post\">{}<p class=\"post-footer\"><em>由海姑娘张贴 @ \
         <a href=\"/p/6729\">2005-06-14 03:25:55</a></em></p></div>",
        story()
    );
    let a = page("<title>Blog</title>", &body);
    assert_eq!(a.date.as_deref(), Some("2005-06-14T03:25:55"));
}

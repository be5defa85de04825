//! Behaviour of the whole cleaning stage, on small inputs.

use super::*;
use crate::dom;

/// The cleaning part of the pipeline, in its order: rules, allow-list, normalizer,
/// structure fix-up.
fn clean(doc: &mut Document, report: &mut Report) -> BodyFindings {
    let mut findings = remove_boilerplate(doc, report);
    crate::sanitize::sanitize(doc, &crate::Options::default(), report);
    normalize(doc, report, &mut findings);
    crate::sanitize::fix_structure(doc);
    findings
}

fn run(html: &str) -> (String, BodyFindings, Report) {
    let mut doc = Document::fragment(html);
    let mut report = Report::default();
    let findings = clean(&mut doc, &mut report);
    (crate::render::html(&doc), findings, report)
}

fn cleaned(html: &str) -> String {
    run(html).0
}

#[test]
fn removes_comments_scripts_and_styles() {
    let out = cleaned(
        "<div><p>a<!-- x --></p><script>alert(1)</script><style>p{}</style>\
         <!--article_adlist[<p>ad</p>]article_adlist--><p>b</p></div>",
    );
    assert_eq!(out, "<p>a</p><p>b</p>");
}

#[test]
fn bare_text_in_a_wrapper_becomes_a_paragraph() {
    assert_eq!(
        cleaned("<div>   \nHello world  \n</div>"),
        "<p>Hello world</p>"
    );
    assert_eq!(
        cleaned("<div>intro<p>one</p>tail <b>bold</b></div>"),
        "<p>intro</p><p>one</p><p>tail <b>bold</b></p>"
    );
}

#[test]
fn normalizes_indentation_nbsp_and_newlines() {
    assert_eq!(
        cleaned(
            "<p>\u{3000}\u{3000}第一\u{200b}段\nsecond&nbsp;&nbsp; line </p><p>\u{3000}&nbsp;</p>"
        ),
        "<p>第一段 second line</p>"
    );
    // A lone NBSP binds two words and stays.
    assert_eq!(cleaned("<p>10&nbsp;km</p>"), "<p>10&nbsp;km</p>");
    // Spaces collapse across inline boundaries.
    assert_eq!(
        cleaned("<p>a <span> b</span> <b> c </b></p>"),
        "<p>a b <b>c</b></p>"
    );
    // A line's end is trimmed across texts: when the last one empties, the one before it
    // loses its trailing space too (a fuzz finding: the output cleaned again is one text).
    for (html, want) in [
        ("<p>x\u{3000}<b>\u{3000}</b></p>", "<p>x</p>"),
        ("<p>文字 <b>\u{3000}</b></p>", "<p>文字</p>"),
        (
            "<p><a href=\"/a\">y\u{3000}</a><i>\u{3000}</i></p>",
            "<p><a href=\"/a\" rel=\"noopener noreferrer\">y</a></p>",
        ),
    ] {
        assert_eq!(cleaned(html), want, "{html:?}");
    }
}

#[test]
fn keeps_preformatted_text_intact() {
    let src = "<pre><code>  let x = 1;\n\n  y  =  2;\n<span class=\"copy-code-btn\">复制代码</span></code></pre>";
    assert_eq!(
        cleaned(src),
        "<pre><code>  let x = 1;\n\n  y  =  2;\n</code></pre>"
    );
}

#[test]
fn sina_bold_font_and_figures() {
    let out = cleaned(
        "<p>\u{3000}\u{3000}<font cms-style=\"font-L strong-Bold\"><font cms-style=\"font-L strong-Bold\">一要</font></font>推动</p>\
         <div class=\"img_wrapper\"><img src=\"a.jpg\"><span class=\"img_descr\">说明</span></div>\
         <div class=\"img_wrapper\"><img src=\"b.jpg\"><span class=\"img_descr\"></span></div>",
    );
    assert_eq!(
        out,
        "<p><strong>一要</strong>推动</p>\
         <figure><img loading=\"lazy\" src=\"a.jpg\"><figcaption>说明</figcaption></figure>\
         <figure><img loading=\"lazy\" src=\"b.jpg\"></figure>"
    );
}

#[test]
fn images_apart_from_text_get_their_own_paragraph() {
    assert_eq!(
        cleaned(
            "<div><h3>Credits</h3>Ann, Bob\n<img src=a.png>\n<img src=b.png>\n<p>x</p></div>"
        ),
        "<h3>Credits</h3><p>Ann, Bob</p><p><img loading=\"lazy\" src=\"a.png\"> <img loading=\"lazy\" src=\"b.png\"></p><p>x</p>"
    );
    // An image inside the text stays where it is.
    assert_eq!(
        cleaned("<div>a<img src=e.png>b<p>x</p></div>"),
        "<p>a<img loading=\"lazy\" src=\"e.png\">b</p><p>x</p>"
    );
}

#[test]
fn lazy_images_get_their_real_source() {
    assert_eq!(
        cleaned(
            "<figure><noscript><img src=\"https://pic1.zhimg.com/a.jpg\"></noscript>\
             <img src=\"data:image/svg+xml;utf8,<svg></svg>\" data-actualsrc=\"https://pic1.zhimg.com/a.jpg\"></figure>"
        ),
        "<figure><img loading=\"lazy\" src=\"https://pic1.zhimg.com/a.jpg\"></figure>"
    );
    // A real src is left alone.
    assert_eq!(
        cleaned("<p><img src=\"a.jpg\" data-src=\"b.jpg\"></p>"),
        "<p><img loading=\"lazy\" src=\"a.jpg\"></p>"
    );
}

#[test]
fn layout_tables_and_promo_lines() {
    let (out, _, report) = run(
        "<table class=\"sites-layout-name-two-column sites-layout-hbox\"><tbody><tr>\
         <td><div>left</div></td><td><div>right</div></td></tr></tbody></table>\
         <p>正文内容。</p><p>海量资讯、精准解读，尽在新浪财经APP</p>",
    );
    assert_eq!(out, "<p>left</p><p>right</p><p>正文内容。</p>");
    assert!(report.removed.iter().any(|r| r.kind == "promo"));
}

#[test]
fn loose_table_parts_are_flattened() {
    let mut doc = Document::fragment("<table><tr><td>一</td><td><p>二</p></td></tr></table>");
    let td = dom::find_element(&doc.html, doc.root, "td").unwrap();
    let tr = dom::find_element(&doc.html, doc.root, "tr").unwrap();
    let table = dom::find_element(&doc.html, doc.root, "table").unwrap();
    if let Some(mut t) = doc.html.tree.get_mut(table) {
        t.insert_id_before(td);
        t.insert_id_after(tr);
    }
    let mut report = Report::default();
    clean(&mut doc, &mut report);
    assert_eq!(crate::render::html(&doc), "<p>一</p><p>二</p>");
}

#[test]
fn a_table_root_is_flattened() {
    let mut doc = Document::fragment("<table><tr><td>一</td><td><p>二</p></td></tr></table>");
    doc.root = dom::find_element(&doc.html, doc.root, "tbody").unwrap();
    let mut report = Report::default();
    clean(&mut doc, &mut report);
    assert_eq!(crate::render::html(&doc), "<p>一</p><p>二</p>");
}

#[test]
fn a_form_wrapping_the_article_is_kept_its_controls_are_not() {
    assert_eq!(
        cleaned(
            "<form id=\"form1\"><p>正文。</p><input type=\"text\"><button>提交</button></form>"
        ),
        "<p>正文。</p>"
    );
}

#[test]
fn inline_only_wrappers_become_paragraphs() {
    assert_eq!(
        cleaned("<div><header>Published <time>2019</time></header><p>a<br><br><br><br>b</p>c<br><br><br>d<p>e</p></div>"),
        "<p>Published <time>2019</time></p><p>a<br><br>b</p><p>c<br><br>d</p><p>e</p>"
    );
}

#[test]
fn adjacent_bold_runs_merge() {
    assert_eq!(
        cleaned("<p><b>a</b><b>b</b> <b>c</b></p>"),
        "<p><b>ab</b> <b>c</b></p>"
    );
}

#[test]
fn promo_images_are_rejected_as_covers() {
    let (out, findings, report) = run(
        "<p>text</p><div class=\"clearfix appendQr_wrap\"><div class=\"appendQr_normal\">\
         <img src=\"https://n.sinaimg.cn/qr.png\"></div>\
         <div class=\"appendQr_normal_txt\">海量资讯、精准解读，尽在新浪财经APP</div></div>",
    );
    assert_eq!(out, "<p>text</p>");
    assert_eq!(findings.rejected_images, ["https://n.sinaimg.cn/qr.png"]);
    assert!(report
        .removed
        .iter()
        .any(|r| r.kind == "promo" && r.detail.starts_with("sina-append-qr")));
}

#[test]
fn one_cell_layout_table_is_unwrapped_but_data_tables_stay() {
    assert_eq!(
        cleaned("<table><tbody><tr><td><div>one</div>two</td></tr></tbody></table>"),
        "<p>one</p><p>two</p>"
    );
    let data = "<table><tbody><tr><td colspan=\"2\">a</td></tr><tr><td>b</td><td></td></tr></tbody></table>";
    assert_eq!(cleaned(data), data);
}

#[test]
fn lifts_metadata_lines() {
    let (out, findings, _) = run(
        "<p>\u{3000}\u{3000}原标题：北京：落实</p><p>\u{3000}\u{3000}<font>►</font>文 观察者网  陶梦</p>\
         <p>正文。</p><p>来源|观察者网</p><p class=\"article-editor\">责任编辑：邓健 </p>",
    );
    assert_eq!(out, "<p>正文。</p>");
    let m = findings.meta;
    assert_eq!(m.original_title.as_deref(), Some("北京：落实"));
    assert_eq!(m.byline.as_deref(), Some("文 观察者网 陶梦"));
    assert_eq!(m.source.as_deref(), Some("观察者网"));
    assert_eq!(m.editor.as_deref(), Some("邓健"));
}

#[test]
fn lifts_reporter_credits_and_closing_author_lines() {
    let (out, findings, _) = run("<p>正文。</p><p>\u{3000}（总台记者  吴睿）</p>");
    assert_eq!(out, "<p>正文。</p>");
    assert_eq!(findings.meta.byline.as_deref(), Some("总台记者 吴睿"));
    let (_, findings, _) = run("<p>中国基金报记者 方丽  张燕北</p><p>正文。</p>");
    assert_eq!(
        findings.meta.byline.as_deref(),
        Some("中国基金报记者 方丽 张燕北")
    );
    let (_, findings, _) = run("<p>正文。</p><p>作者：余源（a@b.com）</p><p></p>");
    assert_eq!(
        findings.meta.byline.as_deref(),
        Some("作者：余源（a@b.com）")
    );
    let (_, findings, _) = run("<p>作者 | 张三</p><p>正文。</p>");
    assert_eq!(findings.meta.byline.as_deref(), Some("作者 | 张三"));
}

#[test]
fn a_credit_closing_the_last_paragraph_fills_the_byline_and_stays() {
    for (src, byline) in [
        (
            "<p>第一段。</p><p>作出突出贡献。（总台记者 张倩）</p>",
            "总台记者 张倩",
        ),
        (
            "<p>第一段。</p><p>定期获得信息交流。(信报记者 蔡雪婧)</p>",
            "信报记者 蔡雪婧",
        ),
    ] {
        let (out, findings, _) = run(src);
        assert_eq!(findings.meta.byline.as_deref(), Some(byline), "{src}");
        assert!(out.contains(byline.rsplit(' ').next().unwrap()), "{out}");
    }
    // A credit after the dateline that opens the first paragraph; roles are not names.
    for (src, byline, author) in [
        (
            "<p>据新华社拉萨电（记者 格桑边觉）记者近日从会议上了解到。</p><p>第二段。</p>",
            "记者 格桑边觉",
            "格桑边觉",
        ),
        (
            "<p>本报讯（记者 张三 通讯员 李四）昨日，会议召开。</p><p>第二段。</p>",
            "记者 张三 通讯员 李四",
            "张三 李四",
        ),
    ] {
        let a = crate::clean(src, &crate::Options::default()).unwrap();
        assert_eq!(a.meta.byline.as_deref(), Some(byline), "{src}");
        assert_eq!(a.author.as_deref(), Some(author), "{src}");
        assert!(
            a.text.contains(byline),
            "the paragraph stays whole: {}",
            a.text
        );
    }
    // Brackets that close prose without a reporter, or a credit that is not last, stay text.
    for src in [
        "<p>第一段。</p><p>他说（见上文）</p>",
        "<p>第一段。（记者 张倩）</p><p>第二段。</p>",
        "<p>他在会上说（记者 张倩）很好。</p><p>第二段。</p>",
        // `记者` in a word that is not a credit: a press conference, a bureau.
        "<p>第一段。</p><p>（记者会）</p>",
        "<p>第一段。</p><p>（记者站）</p>",
        "<p>第一段。</p><p>（记者招待会）</p>",
    ] {
        let (out, findings, _) = run(src);
        assert!(findings.meta.byline.is_none(), "{src}: {:?}", findings.meta);
        assert!(
            out.contains("记者") || !src.contains("记者"),
            "{src}: the line stays: {out}"
        );
    }
}

#[test]
fn does_not_lift_ambiguous_lines() {
    // A byline fused into a paragraph, a question to a reporter, a book's info list.
    let src = "<p><strong>南方财经记者程浩 东莞报道</strong> 5月24日，东莞开展工作。</p>\
               <p>中国基金报记者：您怎么看？</p>\
               <p>书名：中国人超会吃</p><p>作者：王恺等</p><p>格式：EPUB</p>";
    let (out, findings, _) = run(src);
    assert!(findings.meta.is_empty(), "{:?}", findings.meta);
    assert!(out.contains("作者：王恺等") && out.contains("程浩"));
}

/// `input` cleans to `expected`, and `expected` cleans to itself.
#[track_caller]
fn fixed_point(input: &str, expected: &str) {
    assert_eq!(cleaned(input), expected, "cleaning {input:?}");
    assert_eq!(cleaned(expected), expected, "cleaning the output again");
}

#[test]
fn what_the_allow_list_drops_leaves_no_empty_paragraph() {
    // The normalizer sees the tree after the allow-list: an image without a safe source
    // is gone before it could make a paragraph (or a figure) of its own.
    fixed_point("<img src=\"javascript:alert(1)\">", "");
    fixed_point("<IMG onmouseover=\"alert('xxs')\">", "");
    fixed_point(
        "<div><a href=\"javascript:x\"><img src=\"cid:1\"></a></div>",
        "",
    );
    fixed_point(
        "<figure><img src=\"vbscript:x\"></figure><p>text</p>",
        "<p>text</p>",
    );
    fixed_point(
        "<p>a</p>\n<img src=\"javascript:alert(2)\">\n<p>b</p>",
        "<p>a</p><p>b</p>",
    );
    fixed_point("<svg onload=alert(1)>", "");
    fixed_point("<p><i><b><img src=\"javas&#09;cript:x\"></b></i></p>", "");
    // Between two texts, nothing of it is left either (an image standing apart from a
    // line used to get a paragraph that the allow-list then emptied).
    fixed_point(
        "line one\n<img src=\"javascript:alert(2)\">\n<image src=\"javascript:x\"> line two",
        "<p>line one line two</p>",
    );
    // Kept images still stand apart from the text.
    fixed_point(
        "line one\n<img src=\"a.png\">",
        "<p>line one</p><p><img loading=\"lazy\" src=\"a.png\"></p>",
    );
}

#[test]
fn containers_the_allow_list_turns_into_div_are_wrappers_like_div() {
    // `<menu>`, `<dir>`, `<legend>`, `<listing>`, `<search>`, `<form>`… become `div`
    // before the normalizer runs, so it flattens them or makes them a paragraph.
    fixed_point(
        "<menu id=x onshow=alert(1)>right click me!",
        "<p>right click me!</p>",
    );
    fixed_point("<dir onclick=\"alert(1)\">test</dir>", "<p>test</p>");
    fixed_point(
        "<legend ondrop=alert(1)>drop here</legend>",
        "<p>drop here</p>",
    );
    fixed_point(
        "<listing>&lt;img src=x&gt;</listing>",
        "<p>&lt;img src=x&gt;</p>",
    );
    fixed_point("<listing id=x onfocus=alert(1)></listing>", "");
    fixed_point(
        "<header><h1>Movies</h1><search><form action=\"./s/\"><label>Find</label>\
         <input name=q><button>Go</button></form></search></header>",
        "<h1>Movies</h1><p>Find</p>",
    );
    fixed_point("<center><p>a</p>b</center>", "<p>a</p><p>b</p>");
}

#[test]
fn embeds_are_judged_after_the_allow_list() {
    // An iframe without a usable source is removed before the normalizer would have
    // split the line around it; one with a source is a link paragraph of its own.
    fixed_point("<p>HE<iframe></iframe>LLO</p>", "<p>HELLO</p>");
    fixed_point(
        "<p>a<iframe src=\"https://www.youtube.com/embed/x\"></iframe>b</p>",
        "<p>a</p><p><a href=\"https://www.youtube.com/embed/x\" rel=\"noopener noreferrer\">\
         ▶ www.youtube.com</a></p><p>b</p>",
    );
    fixed_point(
        "<embed src=\"javascript:alert(1)\"></embed> // one\n<img src=\"javascript:alert(2)\"> // two",
        "<p>// one // two</p>",
    );
}

#[test]
fn metadata_lines_are_found_in_what_the_allow_list_keeps() {
    // A credit line followed by junk the allow-list removes (an iframe player, a form)
    // is at the end of the article, so it is lifted the first time.
    let (out, findings, _) = run("<p>正文第一段。</p><p>正文第二段。</p>             <p align=right>（ 责任编辑：魏喆 ） </p><br><iframe src=\"javascript:x\"></iframe>\
         <form><input name=q><select><option>a</option></select></form>\
         <object data=x></object><p><img src=\"javascript:x\"></p>");
    assert_eq!(out, "<p>正文第一段。</p><p>正文第二段。</p>");
    assert_eq!(findings.meta.editor.as_deref(), Some("魏喆"));
    assert_eq!(cleaned(&out), out);
}

#[test]
fn runs_do_not_merge_into_an_inline_element_holding_blocks() {
    // Its inline content was wrapped in paragraphs already; the run's would not be.
    fixed_point(
        "<i><figure>x</figure></i><i>y</i>",
        "<i><figure>x</figure></i><p><i>y</i></p>",
    );
    // (`center` is unwrapped by a rule, which leaves two `i` side by side.)
    fixed_point(
        "<i><figure>x</figure><center>y</i>",
        "<i><figure>x</figure></i><p><i>y</i></p>",
    );
    // Runs that meet inside merged runs merge too.
    fixed_point("<b><i>x</i></b><b><i>y</i></b>", "<p><b><i>xy</i></b></p>");
}

#[test]
fn lines_made_by_wrapping_are_trimmed_like_any_line() {
    // A run wrapped in a paragraph was normalized as part of a longer line: the space
    // at its new edges goes, also inside inline elements.
    fixed_point(
        "<em><section>a</section>t<u>\n</u></em>",
        "<em><p>a</p><p>t</p></em>",
    );
    fixed_point(
        "<em><hr>a b</em><i>&#13;c</i>",
        "<em><hr><p>a b</p></em><p><i>c</i></p>",
    );
    fixed_point(
        "<sub>x&nbsp;<u></u></sub>y<blockquote>t</blockquote>",
        "<p><sub>x </sub>y</p><blockquote>t</blockquote>",
    );
    // The text before an inline element whose content now starts with a block ends a
    // line, and an inline element standing between blocks starts one.
    fixed_point(
        "<li>正 <code>x<hr></code></li>",
        "<li>正<code><p>x</p><hr></code></li>",
    );
    fixed_point(
        "<a href=\"https://e.com/\">a</a><form><a href=\"https://e.com/\">&#13;x<hr></a></form>",
        "<p><a href=\"https://e.com/\" rel=\"noopener noreferrer\">a</a></p>\
         <a href=\"https://e.com/\" rel=\"noopener noreferrer\">x<hr></a>",
    );
}

#[test]
fn one_cell_table_with_inline_content_stays_a_block() {
    fixed_point("<u><table><td>x</td></table></u>", "<u><p>x</p></u>");
    fixed_point(
        "<i>a <table><td> x </td></table> b</i>",
        "<i><p>a</p><p>x</p><p>b</p></i>",
    );
    fixed_point(
        "<li>a<table><td>x</td></table>b</li>",
        "<li>a<p>x</p>b</li>",
    );
    fixed_point("<i><table>;<th></th></table></i>", "<p><i>;</i></p>");
}

#[test]
fn ruby_content_is_not_wrapped_in_paragraphs() {
    // `rt` in a `p` would be unwrapped by the structure pass.
    fixed_point(
        "<ruby><rt><br></rt><figcaption>x</figcaption></ruby>",
        "<ruby><rt><br></rt><figcaption>x</figcaption></ruby>",
    );
}

#[test]
fn structure_is_fixed_before_lines_are_read() {
    // `rp` outside `ruby` is unwrapped by the structure pass, before the normalizer and
    // the metadata lines see the tree.
    let (out, findings, _) = run("<rp><summary>x</summary>原标题：y</rp>");
    assert_eq!(out, "<summary>x</summary>");
    assert_eq!(findings.meta.original_title.as_deref(), Some("y"));
    fixed_point(
        "<dt><em>a<dd>b</dd></em></dt>",
        "<dt><em>a</em></dt><dd><em>b</em></dd>",
    );
}

#[test]
fn repeated_credits_all_go() {
    // The first value is kept; a credit left in the text would be lifted next time.
    let (out, findings, report) = run(
        "<p>责任编辑：张三</p><p>正文。</p><p>正文二。</p><p>正文三。</p><p>正文四。</p>\
         <p>责任编辑：张三</p><p>责任编辑：李四</p><p>编辑：王五</p>",
    );
    assert_eq!(
        out,
        "<p>正文。</p><p>正文二。</p><p>正文三。</p><p>正文四。</p>"
    );
    assert_eq!(findings.meta.editor.as_deref(), Some("张三"));
    assert!(report.removed.iter().any(|r| r.detail.contains("李四")));
    assert!(report.removed.iter().any(|r| r.detail.contains("王五")));
    assert_eq!(cleaned(&out), out);
    fixed_point("<p>原题：甲</p><p>正文。</p>原题 乙", "<p>正文。</p>");
}

#[test]
fn cleaning_twice_changes_nothing() {
    let tricky = "<div>   \n lead text <span>with</span>&nbsp;&nbsp;space\
        <div><p>\u{3000}para<br><br><br><br>after</p></div><p><video src=\"v.mp4\"></video><br></p>\
        <table><tr><td><div>cell</div></td></tr></table><b>x</b><b>y</b>\
        <pre>  keep\n  this</pre><ul><li> a </li><li></li></ul>tail</div>";
    let once = cleaned(tricky);
    let twice = cleaned(&once);
    assert_eq!(once, twice);
}

#[test]
fn deep_nesting_is_fine() {
    // (Nested spans: html5ever itself is quadratic on deeply nested divs.)
    let depth = 100_000;
    let src = "<span>".repeat(depth) + "x";
    assert_eq!(cleaned(&src), "<p>x</p>");
}

/// Without an author from the front matter or the page, the names of a reporter credit are
/// the article's author (the credit itself stays in `meta.byline`); a front-matter author
/// is never replaced.
#[test]
fn a_reporter_credit_names_the_author_only_when_there_is_none() {
    let options = crate::Options::default();
    let a = crate::clean(
        "<p>正文一段。</p><p>（本报记者 方丽 张燕北 北京报道）</p>",
        &options,
    )
    .unwrap();
    assert_eq!(a.author.as_deref(), Some("方丽 张燕北"));
    assert_eq!(
        a.meta.byline.as_deref(),
        Some("本报记者 方丽 张燕北 北京报道")
    );
    let b = crate::clean(
        "---\ntitle: T\nauthor: 新浪财经\n---\n<p>正文一段。</p><p>（本报记者 方丽）</p>",
        &options,
    )
    .unwrap();
    assert_eq!(b.author.as_deref(), Some("新浪财经"));
}

#[test]
fn separator_lines_do_not_push_a_credit_off_the_edge() {
    // Three lines follow the credit, one of them a rule line: the credit is still one of
    // the last EDGE_BLOCKS lines that carry text.
    let body = "<p>整部影片的故事平稳有序，没有太大的高潮，也没有太过个性化的风格出现，就象生活的流水般恬静。</p>";
    for rule in ["------------------------------", "* * *", "〓〓〓"] {
        let html = format!(
            "{body}{body}{body}<p>文：眉间尺</p><p>{rule}</p><p>这是一部好电影，值得一看。</p>\
             <p>推荐大家去电影院看，感谢阅读。</p>"
        );
        let (out, findings, _) = run(&html);
        assert_eq!(
            findings.meta.byline.as_deref(),
            Some("文：眉间尺"),
            "{rule}"
        );
        assert!(
            !out.contains("眉间尺</p>") && out.contains(rule),
            "{rule}: {out}"
        );
    }
    // Three paragraphs on either side: not at an edge.
    let html = format!("{body}{body}{body}<p>文：眉间尺</p>{body}{body}{body}");
    assert_eq!(run(&html).1.meta.byline, None);
}

#[test]
fn a_credit_after_a_line_break_in_an_edge_block_fills_the_byline() {
    let prose = "整部影片的故事平稳有序，没有太大的高潮，也没有太过个性化的风格出现，就象生活的流水般恬静。\
                 也许这是一个导演日渐成熟的标志，一种反朴归真的表现。从这一点上我越来越感觉有点象侯孝贤的映象风格，\
                 精致而稳重，个人认为影片是东西方文化交溶最好的一部电影，很少有西方导演能如此渗透东方文化。";
    let body = format!("<p>{prose}</p>");
    // Closing the last long block (after a rule line and a footer), or opening the first.
    for html in [
        format!(
            "{body}{body}{body}<p>{prose}<br><br>文：眉间尺</p><p>------</p><p>〓 留言板 〓</p>"
        ),
        format!("<p>作者：张三<br>{prose}</p>{body}{body}{body}"),
    ] {
        let (out, findings, _) = run(&html);
        let byline = findings.meta.byline.expect(&html);
        assert!(
            byline.contains("眉间尺") || byline.contains("张三"),
            "{byline}"
        );
        // The block stays whole: only the byline is filled.
        assert!(out.contains(&byline), "{out}");
    }
    // Not in a block away from the edges, nor a block of one part, nor a sentence.
    for html in [
        format!("{body}{body}{body}<p>{prose}<br>文：眉间尺</p>{body}{body}{body}"),
        format!("{body}{body}{body}<p>{prose}文：眉间尺</p>"),
        format!("{body}{body}{body}<p>{prose}<br>作者：他说，这部电影很好。</p>"),
    ] {
        assert_eq!(run(&html).1.meta.byline, None, "{html}");
    }
}

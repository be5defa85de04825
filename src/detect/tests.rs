//! Tests of the general detectors, on short texts written for them.

use super::*;
use crate::{clean, Article, Options};

fn article(html: &str) -> Article {
    clean(html, &Options::default()).expect("clean")
}

/// Cleans `html`, checks that cleaning the output again changes nothing, and returns the
/// first article.
#[track_caller]
fn stable(html: &str) -> Article {
    let a = article(html);
    let again = article(&a.html);
    assert_eq!(again.html, a.html, "not a fixed point: {html}");
    a
}

fn removed(a: &Article, kind: &str) -> Vec<String> {
    a.removed
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.detail.clone())
        .collect()
}

const BODY: &str = "<p>今天上午，市政府召开新闻发布会，介绍了今年上半年的经济运行情况和下一步的工作安排。</p>\
                    <p>发布会上，有关负责人回答了记者提问，并表示将继续加大对中小企业的支持力度。</p>\
                    <p>据介绍，上半年全市地区生产总值同比增长百分之五点二，好于预期。</p>";

// ── Calls to action ──────────────────────────────────────────────────────────────────────

#[test]
fn calls_to_action_are_whole_lines_of_calls() {
    for call in [
        "点击下方链接，关注我们的公众号！",
        "关注公众号",
        "欢迎关注我们的视频号",
        "长按识别二维码关注",
        "扫码下载客户端，阅读更多报道",
        "更多精彩内容，请关注本号",
        "Follow us on Twitter.",
        "Subscribe to our newsletter",
    ] {
        assert!(is_call_to_action(call), "{call}");
    }
    for prose in [
        "他通过公众号发布了一份声明，称将依法维权。",
        "关注民生",
        "点击量突破一百万次",
        "下载量在一周内翻了一番，公众号的阅读量也随之上涨。",
        "clean-article 去掉门户网站常见的“点击关注”之类的推广语和编辑署名，再用白名单净化 HTML。",
        "Follow the money.",
        "Download speeds doubled last year across the country.",
    ] {
        assert!(!is_call_to_action(prose), "{prose}");
    }
}

#[test]
fn a_call_in_the_middle_goes_a_sentence_about_one_stays() {
    let a = stable(&format!(
        "<p>第一段正文，讲述事情的起因。</p><p>第二段正文，讲述经过。</p>\
         <p><span style=\"color:red\">\u{3000}\u{3000}点击下方链接，关注我们的公众号！</span></p>\
         <p>第三段正文，他在公众号上发文回应了此事。</p>{BODY}"
    ));
    assert!(!a.text.contains("点击下方链接"), "{}", a.text);
    assert!(a.text.contains("他在公众号上发文回应了此事"));
    assert_eq!(removed(&a, "promo").len(), 1, "{:?}", a.removed);
}

// ── Credit lines ─────────────────────────────────────────────────────────────────────────

#[test]
fn combined_credit_lines_split_into_their_fields() {
    let fields = |s: &str| line(s, s, true, false).map(|f| f.fields);
    assert_eq!(
        fields("本文来源：每日新闻 责任编辑：张三"),
        Some(vec![
            (MetaField::Source, "每日新闻".to_owned()),
            (MetaField::Editor, "张三".to_owned())
        ])
    );
    assert_eq!(
        fields("编辑：王五 审核：赵六"),
        Some(vec![(MetaField::Editor, "王五".to_owned())])
    );
    assert_eq!(
        fields("文｜李四 图｜视觉中国"),
        Some(vec![(MetaField::Byline, "文｜李四".to_owned())])
    );
    assert_eq!(
        fields("作者：陈七，编辑：周八，校对：吴九"),
        Some(vec![
            (MetaField::Byline, "作者：陈七".to_owned()),
            (MetaField::Editor, "周八".to_owned())
        ])
    );
    assert_eq!(
        fields("来源：某某公众号（ID：abc123） 作者：郑十"),
        Some(vec![
            (MetaField::Source, "某某公众号（ID：abc123）".to_owned()),
            (MetaField::Byline, "作者：郑十".to_owned())
        ])
    );
    // A single credit with a label of the rule table is the table's to judge.
    assert_eq!(fields("责任编辑：张三"), None);
    // A single credit with a new label, at an edge only.
    assert_eq!(fields("审核：赵六"), Some(vec![]));
    assert_eq!(line("审核：赵六", "审核：赵六", false, false), None);
    assert_eq!(
        fields("Author: Jane Doe"),
        Some(vec![(MetaField::Byline, "Author: Jane Doe".to_owned())])
    );
    // Caption-like labels count only beside other credits.
    assert_eq!(fields("图：会场外景"), None);
}

#[test]
fn prose_that_starts_with_a_label_is_not_a_credit() {
    for prose in [
        "编辑部认为，这一政策将对行业产生深远影响，值得持续关注。",
        "来源于国家统计局的数据显示，上半年居民消费价格同比上涨百分之一。",
        "作者在书中写道：“人生最重要的不是所站的位置，而是所朝的方向。”",
        "编辑：这篇文章写得很好，请大家多多转发。",
        "审核：严格按照规定执行，确保每一笔资金都用在刀刃上。",
        "来源：国家统计局，上半年全国居民人均可支配收入增长。",
        "翻译是一门艺术。",
        "作者：张三 出版社：人民文学出版社",
        "Source code is available on request.",
        "Editor: the one program every developer opens first",
    ] {
        assert_eq!(line(prose, prose, true, true), None, "{prose}");
    }
}

#[test]
fn credit_lines_are_lifted_into_meta_and_listed() {
    let a = stable(&format!(
        "<p>本文来源：每日新闻 责任编辑：张三</p>{BODY}<p>编辑：王五 审核：赵六</p><p>校对：吴九</p>"
    ));
    assert_eq!(a.meta.source.as_deref(), Some("每日新闻"));
    assert_eq!(a.meta.editor.as_deref(), Some("张三"));
    for gone in ["每日新闻", "王五", "赵六", "吴九"] {
        assert!(!a.text.contains(gone), "{gone} in {}", a.text);
        assert!(
            removed(&a, "meta_line").iter().any(|d| d.contains(gone)),
            "{gone} not listed: {:?}",
            a.removed
        );
    }
    assert!(a.text.contains("好于预期"));
}

#[test]
fn credit_paragraphs_with_prose_labels_stay() {
    let prose = "<p>编辑部认为，这一政策将对行业产生深远影响，值得持续关注和深入研究。</p>\
                 <p>来源于国家统计局的数据显示，上半年居民消费价格同比上涨百分之一。</p>\
                 <p>作者在书中写道：“人生最重要的不是所站的位置，而是所朝的方向。”</p>";
    let a = stable(&format!("{prose}{BODY}{prose}"));
    assert!(a.meta.is_empty(), "{:?}", a.meta);
    assert_eq!(a.text.matches("编辑部认为").count(), 2);
    assert_eq!(a.text.matches("来源于国家统计局").count(), 2);
    assert_eq!(a.text.matches("作者在书中写道").count(), 2);
}

#[test]
fn credit_lists_beside_an_info_list_stay() {
    // A book's info list: its 作者 and 翻译 entries are the book's, not the article's.
    let a = stable(&format!(
        "<p>书名：海边的房子</p><p>作者：某某</p><p>翻译：某某某</p><p>出版社：某出版社</p>{BODY}"
    ));
    assert!(a.meta.is_empty(), "{:?}", a.meta);
    assert!(a.text.contains("翻译：某某某"));
}

#[test]
fn first_line_bylines_without_a_separator() {
    assert_eq!(
        line("►文观察者网鞠峰", "文观察者网鞠峰", true, true).map(|f| f.fields),
        Some(vec![(MetaField::Byline, "文观察者网鞠峰".to_owned())])
    );
    assert_eq!(
        line("文某某日报王小明", "文某某日报王小明", true, true).map(|f| f.fields),
        Some(vec![(MetaField::Byline, "文某某日报王小明".to_owned())])
    );
    // Not the first line, or a first line that is a heading.
    assert_eq!(line("►文观察者网鞠峰", "文观察者网鞠峰", true, false), None);
    assert_eq!(line("文化自信", "文化自信", true, true), None);
    assert_eq!(
        line("文旅部部长胡和平", "文旅部部长胡和平", true, true),
        None
    );
    let a = stable(&format!("<p><font>►</font>文观察者网鞠峰</p>{BODY}"));
    assert_eq!(a.meta.byline.as_deref(), Some("文观察者网鞠峰"));
    assert!(!a.text.contains("鞠峰"));
}

#[test]
fn bylines_of_every_form_at_the_start() {
    for (line_html, byline) in [
        ("<p>文｜王小明</p>", "文｜王小明"),
        ("<p>作者：王小明</p>", "作者：王小明"),
        ("<p>撰文：王小明</p>", "撰文：王小明"),
        ("<p>撰文：王小明</p><p>摄影：李大力</p>", "撰文：王小明"),
        ("<p>文｜王小明 编辑｜李大力</p>", "文｜王小明"),
    ] {
        let a = stable(&format!("{line_html}{BODY}"));
        assert_eq!(a.meta.byline.as_deref(), Some(byline), "{line_html}");
        assert!(!a.text.contains("王小明"), "{line_html}: {}", a.text);
        assert!(!a.text.contains("李大力"), "{line_html}: {}", a.text);
    }
}

// ── Footers ──────────────────────────────────────────────────────────────────────────────

#[test]
fn footers_at_the_end_go() {
    for footer in [
        "<p>免责声明：本文内容与数据仅供参考，不构成投资建议，据此操作，风险自担。</p>",
        "<p>本文来自微信公众号“某某研究”，作者：某某，经授权发布。</p>",
        "<blockquote><p>如果发现译文存在错误或其他需要改进的地方，欢迎到某某翻译社区对译文进行修改，也可获得相应奖励积分。</p></blockquote>\
         <hr><blockquote><p>某某翻译计划是一个翻译优质技术文章的社区，内容覆盖前端、后端等领域。</p></blockquote>",
        "<p>特别声明：以上内容为自媒体平台用户上传并发布，本平台仅提供信息存储服务。</p>",
        "<p>欢迎关注某某科技微信公众号：mouke2021</p><p><img src=\"https://example.com/qr.png\"></p>",
        "<p>- END -</p>",
        "<p>This article was originally published on Example News. Republished with permission.</p>",
        "<h3>推荐阅读</h3><p><a href=\"https://example.com/1\">另一篇文章的标题</a></p>\
         <p><a href=\"https://example.com/2\">第二篇文章的标题</a></p>",
    ] {
        let a = stable(&format!("{BODY}<hr>{footer}"));
        assert_eq!(
            a.html,
            article(BODY).html,
            "footer kept or body changed: {footer}"
        );
        assert!(
            a.removed.iter().any(|r| r.kind == "footer" || r.kind == "promo"),
            "{footer}: {:?}",
            a.removed
        );
    }
}

#[test]
fn footers_and_credits_mix_at_the_end() {
    let a = stable(&format!(
        "{BODY}<p>免责声明：本文观点仅代表作者本人，不构成投资建议。</p><p>责任编辑：张三</p>\
         <p>本文来源：某某财经 作者：李四</p>"
    ));
    assert_eq!(a.html, article(BODY).html);
    assert_eq!(a.meta.editor.as_deref(), Some("张三"));
    assert_eq!(a.meta.source.as_deref(), Some("某某财经"));
    assert_eq!(a.meta.byline.as_deref(), Some("作者：李四"));
}

#[test]
fn the_article_s_own_ending_stays() {
    for ending in [
        // Prose that mentions a source, an author or a translation.
        "<p>本文作者认为，这一变化意味着行业将迎来新一轮洗牌，而那些提前布局的企业将从中受益，但这一判断仍有待时间检验。这一观点在业内引起了广泛讨论，也有不少专家提出了不同看法，认为市场的自我调节能力不应被低估，政策的作用同样不可忽视，未来的发展仍充满变数。各方的讨论还在继续，我们将持续关注事态的进展，并在第一时间为读者带来更多深入的分析报道，敬请期待后续内容。此外，有关部门也表示将密切关注市场动态，适时出台相应措施。业内人士普遍认为，只有在政策、市场和企业三方形成合力的情况下，行业才能实现健康、可持续的发展。</p>",
        "<p>翻译这本书花了她整整三年时间。</p>",
        "<p>本文作者认为，这一变化将带来新的机遇，这一观点值得重视。</p>",
        "<p>他说：“关注我们的不只是客户，还有整个行业。”</p>",
        "<ul><li>第一点：降低成本</li><li>第二点：提高效率</li></ul>",
        "<p><img src=\"https://example.com/chart.png\"></p>",
    ] {
        let a = stable(&format!("{BODY}{ending}"));
        let plain = stable(ending);
        assert!(
            a.text.ends_with(&plain.text),
            "{ending}: lost from {:?}",
            a.text
        );
        assert!(removed(&a, "footer").is_empty(), "{ending}: {:?}", a.removed);
    }
}

#[test]
fn a_text_made_only_of_footer_words_stays() {
    let only = "<p>免责声明：本文内容仅供参考，不构成投资建议。</p>";
    let a = stable(only);
    assert!(a.text.contains("不构成投资建议"));
}

// ── Author cards ─────────────────────────────────────────────────────────────────────────

#[test]
fn author_cards_become_the_byline() {
    let a = stable(&format!(
        "<div class=\"question\"><h2 class=\"question-title\">问题的标题</h2>\
         <div class=\"answer\"><div class=\"meta\"><img class=\"avatar\" src=\"https://example.com/a.jpg\">\
         <span class=\"author\">王小明，</span><span class=\"bio\">某大学研究员</span></div>\
         <div class=\"content\">{BODY}</div></div></div>"
    ));
    assert_eq!(a.meta.byline.as_deref(), Some("王小明"));
    assert!(
        !a.text.contains("王小明") && !a.text.contains("某大学研究员"),
        "{}",
        a.text
    );
    assert!(!a.html.contains("a.jpg"));
    assert!(a.text.contains("问题的标题") && a.text.contains("好于预期"));
    // A lone author class without a bio is left to the other rules.
    let a = stable(&format!(
        "<p><span class=\"author\">王小明</span> 说</p>{BODY}"
    ));
    assert!(a.meta.byline.is_none());
    assert!(a.text.contains("王小明"));
}

// ── Tag lists ────────────────────────────────────────────────────────────────────────────

#[test]
fn tag_lists_go_and_tags_in_prose_stay() {
    let tags = |inner: &str| {
        let a = stable(&format!("{BODY}{inner}"));
        assert!(a.text.contains("好于预期"), "{}", a.text);
        a
    };
    // WordPress's own shapes: a label and comma-separated links, one link per item, a bare run.
    for list in [
        "<p><strong>Tags<br><a href=/tag/a rel=tag>stock car</a>, <a href=/tag/b rel=tag>interlagos</a></strong></p>",
        "<div class=post-meta><span>Etiquetas:</span> <a href=/t/a rel=\"tag noopener\">economia</a> · <a href=/t/b rel=tag>política</a></div>",
        "<ul><li><a href=/t/a rel=tag>赛车</a></li><li><a href=/t/b rel=TAG>体育新闻</a></li></ul>",
        "<p>标签：<a href=/t/a rel=tag>汽车赛事</a>、<a href=/t/b rel=tag>赛季</a></p>",
    ] {
        let a = tags(list);
        for word in ["stock car", "interlagos", "economia", "política", "体育新闻", "汽车赛事", "Tags", "Etiquetas", "标签"] {
            assert!(!a.text.contains(word), "{word} in {}", a.text);
        }
        assert!(!removed(&a, "tags").is_empty(), "{list}");
    }
    // In a whole page too (the article is moved under a new root there).
    let para = "<p>This paragraph of the article has enough words, commas, and sentences to count as prose, so extraction keeps it.</p>";
    let page = format!(
        "<!doctype html><html><head><title>T</title></head><body><nav><a href=/>Home</a></nav>\
         <article>{}<strong>Tags<br><a href=/t/a rel=tag>stock car</a>, <a href=/t/b rel=tag>interlagos</a></strong></article></body></html>",
        para.repeat(8)
    );
    let a = stable(&page);
    assert_eq!(a.kind, crate::InputKind::Page);
    assert!(
        a.text.contains("extraction keeps it") && !a.text.contains("interlagos"),
        "{}",
        a.text
    );
    // A social post's hashtags are its text, with or without words around them.
    let a = tags(
        "<p>眠すぎて字が糞 <a href=/tags/exp1h class=hashtag rel=tag>#<span>exp1h</span></a></p>",
    );
    assert!(
        a.text.contains("眠すぎて字が糞") && a.text.contains("exp1h"),
        "{}",
        a.text
    );
    // So is a label-like phrase with words after the link.
    let a = tags("<p>Racing <a href=/t/a rel=tag>stock cars</a> is what this team does best</p>");
    assert!(a.text.contains("stock cars"), "{}", a.text);
    // A sentence that links a tag is the article's.
    let a = tags("<p>Read more about <a href=/tag/a rel=tag>the Stock Car calendar</a> in our season preview, which lists every race of the year.</p>");
    assert!(a.text.contains("the Stock Car calendar"), "{}", a.text);
    assert!(removed(&a, "tags").is_empty());
}

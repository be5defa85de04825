//! Every word list of the general detectors, as data: credit labels, calls to action,
//! footer cues. Add a word here, never in the detector code (see docs/rules.md).

use crate::rules::MetaField;

/// A credit label the detectors know besides the labels of [`crate::rules::LINE_RULES`]
/// (which keep their own fields and separators).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CreditLabel {
    /// The label as printed (ASCII labels match in any case).
    pub label: &'static str,
    /// The `meta` field the value fills, if any (the others are only listed in `removed`).
    pub field: Option<MetaField>,
    /// A line holding only this label and its value is a credit line (near the start or end
    /// of the article). `false` for labels that also start captions (`图：…`): those count
    /// only on a line with other credits (`文｜张三 图｜李四`).
    pub alone: bool,
}

const fn label(label: &'static str, field: Option<MetaField>, alone: bool) -> CreditLabel {
    CreditLabel {
        label,
        field,
        alone,
    }
}

/// Credit labels beyond the rule table's: reviewers, proofreaders, translators, producers,
/// picture and layout credits, English labels.
pub(crate) const CREDIT_LABELS: &[CreditLabel] = &[
    // Reviewing and proofreading.
    label("审核", None, true),
    label("审校", None, true),
    label("审稿", None, true),
    label("审订", None, true),
    label("初审", None, true),
    label("复审", None, true),
    label("终审", None, true),
    label("一审", None, true),
    label("二审", None, true),
    label("三审", None, true),
    label("校对", None, true),
    label("校审", None, true),
    label("校对者", None, true),
    // Translation.
    label("翻译", None, true),
    label("译者", None, true),
    label("编译", None, true),
    label("译", None, false),
    // Production.
    label("出品", None, true),
    label("出品人", None, true),
    label("策划", None, true),
    label("监制", None, true),
    label("统筹", None, true),
    label("制作", None, false),
    label("主编", None, true),
    label("值班编辑", Some(MetaField::Editor), true),
    label("文字编辑", Some(MetaField::Editor), true),
    label("美编", None, true),
    label("排版", None, true),
    label("运营", None, false),
    label("设计", None, false),
    label("视觉", None, false),
    // Authors and reporters.
    label("本文作者", Some(MetaField::Byline), true),
    label("原文作者", Some(MetaField::Byline), true),
    label("记者", Some(MetaField::Byline), true),
    label("通讯员", Some(MetaField::Byline), true),
    label("实习生", None, false),
    // Pictures.
    label("图片来源", None, true),
    label("图源", None, true),
    label("题图", None, true),
    label("头图", None, true),
    label("封面", None, false),
    label("摄影", None, true),
    label("摄像", None, true),
    label("图片", None, false),
    label("图", None, false),
    label("剪辑", None, false),
    label("视频", None, false),
    // Sources.
    label("出处", Some(MetaField::Source), true),
    label("转载自", Some(MetaField::Source), true),
    label("新闻来源", Some(MetaField::Source), true),
    label("内容来源", Some(MetaField::Source), true),
    // English (`Author: Jane Doe`, `Edited by John Roe`).
    label("Author", Some(MetaField::Byline), true),
    label("Written by", Some(MetaField::Byline), true),
    label("Words by", Some(MetaField::Byline), true),
    label("Reporting by", Some(MetaField::Byline), true),
    label("Editor", Some(MetaField::Editor), true),
    label("Edited by", Some(MetaField::Editor), true),
    label("Editing by", Some(MetaField::Editor), true),
    label("Source", Some(MetaField::Source), true),
    label("Translator", None, true),
    label("Translated by", None, true),
    label("Reviewed by", None, true),
    label("Proofread by", None, true),
    label("Photo", None, false),
    label("Photos", None, false),
    label("Photo by", None, true),
    label("Image", None, false),
    label("Image credit", None, true),
];

/// Marks that separate a label from its value (besides whitespace, which separates only
/// multi-character CJK labels and labels ending in `by`).
pub(crate) const CREDIT_SEPARATORS: &[char] = &['：', ':', '|', '｜', '丨', '/', '／'];

/// Characters that may stand between two credits on one line (`编辑：A，审核：B`).
pub(crate) const CREDIT_JOINERS: &[char] = &[
    '，', ',', '；', ';', '、', '|', '｜', '丨', '/', '／', '·', '•', '　',
];

/// Brackets a credit value may hold (`来源：公众号“某某”（ID：abc）`): a colon inside them
/// is part of the value, not a new label.
pub(crate) const BRACKETS: &[(char, char)] = &[
    ('（', '）'),
    ('(', ')'),
    ('【', '】'),
    ('[', ']'),
    ('“', '”'),
    ('「', '」'),
    ('《', '》'),
];

/// Verbs that start a call to action (`关注我们的公众号`, `扫码下载`).
pub(crate) const CALL_VERBS: &[&str] = &[
    "关注",
    "订阅",
    "扫码",
    "扫一扫",
    "扫描",
    "长按",
    "识别",
    "点击",
    "点赞",
    "转发",
    "分享",
    "收藏",
    "下载",
    "添加",
    "加入",
    "星标",
    "置顶",
    "戳",
    "搜索",
    "后台回复",
    "回复",
    "设为",
];

/// Polite openers before a call's verb (`欢迎关注`, `请点击`).
pub(crate) const CALL_OPENERS: &[&str] = &[
    "欢迎大家",
    "欢迎",
    "敬请",
    "请",
    "快来",
    "赶快",
    "赶紧",
    "记得",
    "一键",
    "马上",
    "立即",
    "立刻",
    "大家",
    "也可以",
    "可以",
];

/// What a call asks to follow, scan or open: a call holds one of these.
pub(crate) const CALL_TARGETS: &[&str] = &[
    "公众号",
    "微信号",
    "微信",
    "二维码",
    "小程序",
    "视频号",
    "抖音",
    "微博",
    "头条号",
    "APP",
    "App",
    "app",
    "客户端",
    "我们",
    "本号",
    "小编",
    "链接",
    "原文",
    "在看",
    "星标",
    "下方",
    "上方",
    "频道",
    "账号",
    "服务号",
    "订阅号",
    "社群",
    "粉丝群",
];

/// Clauses that may stand beside a call on its line (`更多精彩内容，请关注…`).
pub(crate) const CALL_FILLERS: &[&str] = &[
    "更多",
    "获取更多",
    "了解更多",
    "阅读更多",
    "第一时间",
    "精彩内容",
    "喜欢",
    "觉得",
    "如果觉得",
    "如果你喜欢",
    "感谢",
    "谢谢",
];

/// English calls: a short line starting with one of these verbs and holding a target.
pub(crate) const CALL_VERBS_EN: &[&str] =
    &["Follow", "Subscribe", "Sign up", "Download", "Like us"];

/// Targets of English calls (whole words, any case).
pub(crate) const CALL_TARGETS_EN: &[&str] = &[
    "us",
    "our",
    "newsletter",
    "newsletters",
    "app",
    "channel",
    "Twitter",
    "Facebook",
    "WeChat",
    "Instagram",
    "YouTube",
    "podcast",
    "RSS",
];

/// Labels that start a footer block (`免责声明：…`, `原文链接：…`), followed by a colon.
pub(crate) const FOOTER_LABELS: &[&str] = &[
    "免责声明",
    "特别声明",
    "版权声明",
    "郑重声明",
    "重要声明",
    "声明",
    "风险提示",
    "特别提示",
    "原文链接",
    "原文地址",
    "英文原文",
    "原文标题",
    "本文链接",
    "本文永久链接",
    "文章链接",
    "译文出自",
    "Disclaimer",
    "Notice",
    "Original article",
    "Originally published",
];

/// Openers of an editor's note about where a text comes from (`本文来自…`, `以上内容…`):
/// a footer when the block also holds one of [`SYNDICATION_WORDS`].
pub(crate) const SYNDICATION_OPENERS: &[&str] = &[
    "本文",
    "文章",
    "此文",
    "该文",
    "本篇",
    "以上内容",
    "上述内容",
    "以上文章",
    "文中",
    "原文",
    "转载",
    "本站",
    "本网",
    "本号",
    "This article",
    "This post",
    "This story",
];

/// Words of syndication, licensing and translation notes.
pub(crate) const SYNDICATION_WORDS: &[&str] = &[
    "授权",
    "转载",
    "首发",
    "原创",
    "翻译",
    "译自",
    "编译",
    "来源",
    "来自",
    "出处",
    "观点",
    "立场",
    "版权",
    "侵权",
    "投资建议",
    "仅供参考",
    "不代表",
    "公众号",
    "专栏",
    "投稿",
    "出品",
    "originally",
    "published",
    "republished",
    "translated",
    "permission",
    "first appeared",
];

/// Phrases that make a block at the end of the article a footer wherever they sit in it.
pub(crate) const FOOTER_PHRASES: &[&str] = &[
    "不构成投资建议",
    "不构成任何投资建议",
    "风险自担",
    "投资有风险",
    "仅代表作者本人观点",
    "仅代表作者个人观点",
    "仅代表作者观点",
    "不代表本站立场",
    "不代表本平台立场",
    "不代表本网立场",
    "仅提供信息存储",
    "未经授权，禁止转载",
    "未经授权禁止转载",
    "未经许可，不得转载",
    "转载请注明",
    "转载请联系",
    "如需转载",
    "如有侵权",
    "侵权请联系",
    "版权归原作者",
    "翻译计划",
    "如果发现译文",
    "本文永久链接",
    "All rights reserved",
    "originally published",
    "Originally published",
    "first appeared on",
    "Republished with permission",
    "The views expressed",
    "information storage service",
];

/// Links to more at the very end (`返回搜狐，查看更多`): a footer when the block is short.
pub(crate) const MORE_LINKS: &[&str] =
    &["查看更多", "阅读更多", "查看原文", "阅读原文", "Read more"];

/// Phrases of a "follow us" programme: a short block at the end holding one is a footer.
pub(crate) const FOLLOW_PHRASES: &[&str] = &[
    "欢迎关注",
    "关注我们",
    "扫码关注",
    "长按识别",
    "长按二维码",
    "阅读原文",
    "微信公众号",
    "公众号ID",
    "公众号：",
    "微信号：",
    "Follow us",
    "follow us",
    "Subscribe to",
    "subscribe to",
];

/// A translation community's note: a block with one word of each list.
pub(crate) const TRANSLATION_WORDS: (&[&str], &[&str]) = (
    &["译文", "翻译"],
    &[
        "社区", "计划", "错误", "有误", "纠错", "PR", "修改", "改进", "校对",
    ],
);

/// End-of-article marks (compared without decorations and punctuation).
pub(crate) const END_MARKS: &[&str] = &["END", "THE END", "The End", "完", "全文完", "本文完"];

/// Headings of a related-articles list at the end (`推荐阅读`): removed with the link-only
/// blocks that follow them.
pub(crate) const RELATED_HEADINGS: &[&str] = &[
    "推荐阅读",
    "相关阅读",
    "延伸阅读",
    "往期推荐",
    "往期回顾",
    "往期精选",
    "相关文章",
    "猜你喜欢",
    "热门推荐",
    "精彩推荐",
    "Related articles",
    "Related posts",
    "Recommended reading",
    "Read more",
    "Related",
];

/// Class names of an author card's name and bio (`<span class="author">张三，</span><span
/// class="bio">…</span>`, Zhihu Daily and many blog themes).
pub(crate) const AUTHOR_CARD_CLASSES: (&[&str], &[&str]) = (
    &["author", "author-name", "authorName", "author_name"],
    &[
        "bio",
        "author-bio",
        "authorBio",
        "author_bio",
        "author-desc",
        "author-intro",
    ],
);

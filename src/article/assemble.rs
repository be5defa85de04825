//! The last step of the pipeline: the [`Article`] from the front matter, the page's
//! metadata, what cleaning found in the body, the renderings and the report.

use super::{Article, InputKind, Report, Stats};
use crate::clean::BodyFindings;
use crate::extract::PageMeta;
use crate::front_matter::FrontMatter;

/// The article's body as the render stage wrote it.
pub(crate) struct Rendered {
    pub html: String,
    pub text: String,
    pub markdown: String,
    pub stats: Stats,
}

/// Assembles the [`Article`]: front matter first, then the page's metadata (for pages;
/// without an author from either, the names of a reporter credit lifted from the body);
/// the metadata lines lifted from the body win over the page's; the cover is the first
/// candidate (front matter `headimg`, `thumbnail`, then the page's image) that was not
/// inside a removed promo block.
pub(crate) fn assemble(
    kind: InputKind,
    front: Option<FrontMatter>,
    page: Option<PageMeta>,
    body: BodyFindings,
    rendered: Rendered,
    report: Report,
) -> Article {
    let front = front.unwrap_or_default();
    let page = page.unwrap_or_default();
    let cover = front
        .cover_candidates
        .iter()
        .chain(page.cover.iter())
        .find(|url| !body.rejected_images.contains(*url))
        .cloned();
    let meta = body.meta.merged_with(page.meta);
    Article {
        kind,
        title: front.title.or(page.title),
        categories: front.categories,
        // The front matter's, the page's, else the names of a reporter credit.
        author: front.author.or(page.author).or_else(|| {
            meta.byline
                .as_deref()
                .and_then(crate::clean::reporter_names)
        }),
        date: front.date.or(page.date),
        cover,
        meta,
        extra: front.extra,
        html: rendered.html,
        text: rendered.text,
        markdown: rendered.markdown,
        stats: rendered.stats,
        warnings: report.warnings,
        removed: report.removed,
    }
}

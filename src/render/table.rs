//! Tables in Markdown: layout tables (one column) as their content, simple tables as GFM
//! pipe tables, the others as one line of HTML rebuilt from the sanitized tree with a
//! table-only allow-list.

use super::escape::push_md_collapsed;
use super::markdown::Md;
use super::{walk, Step};
use crate::dom::get_attr;
use crate::html_facts::is_void;
use ego_tree::NodeId;
use html5ever::{local_name, LocalName};
use scraper::{Html, Node};

pub(super) struct TableState {
    pub(super) rows: Vec<Vec<String>>,
}

impl Md<'_> {
    /// Decides how a table is rendered. Returns whether to visit its children.
    pub(super) fn enter_table(&mut self, id: NodeId) -> bool {
        self.flush();
        let mut columns = 0usize;
        let mut cells_in_row = 0usize;
        let mut complex = false;
        let mut caption = None;
        // Scans this table's own rows; nested tables are not entered (each node is scanned
        // by at most one table, so nested tables stay linear).
        let mut stack: Vec<NodeId> = Vec::new();
        crate::dom::push_children(self.html, id, &mut stack, |c| c);
        while let Some(n) = stack.pop() {
            let Some(node) = self.html.tree.get(n) else {
                continue;
            };
            if let Some(el) = node.value().as_element() {
                match el.name() {
                    "tr" => cells_in_row = 0,
                    "td" | "th" => {
                        cells_in_row += 1;
                        columns = columns.max(cells_in_row);
                        let span = |a| {
                            get_attr(el, a)
                                .and_then(|v| v.parse::<u32>().ok())
                                .unwrap_or(1)
                        };
                        if span("colspan") > 1 || span("rowspan") > 1 {
                            complex = true;
                        }
                    }
                    "table" => {
                        complex = true;
                        continue;
                    }
                    "pre" | "ul" | "ol" | "blockquote" | "dl" | "h1" | "h2" | "h3" | "h4"
                    | "h5" | "h6" => complex = true,
                    "caption" if caption.is_none() => caption = Some(n),
                    _ => {}
                }
            }
            stack.extend(node.children().rev().map(|c| c.id()));
        }
        if columns <= 1 {
            // A layout table: its content is the article, rendered as blocks.
            return true;
        }
        if let Some(c) = caption {
            let text = self.raw_text(c);
            push_md_collapsed(&text, &mut self.para);
            self.flush();
        }
        if complex {
            let html = table_html(self.html, id);
            self.line(&html);
            self.need_blank = true;
            return false;
        }
        self.table = Some(TableState { rows: Vec::new() });
        true
    }

    pub(super) fn leave_table(&mut self) {
        let Some(t) = self.table.take() else { return };
        let rows: Vec<Vec<String>> = t.rows.into_iter().filter(|r| !r.is_empty()).collect();
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        for (i, row) in rows.iter().enumerate() {
            let mut line = String::from("|");
            for c in 0..columns {
                line.push(' ');
                line.push_str(row.get(c).map(String::as_str).unwrap_or(""));
                line.push_str(" |");
            }
            self.line(&line);
            if i == 0 {
                self.line(&format!("|{}", " --- |".repeat(columns)));
            }
        }
        self.need_blank = true;
    }
}

/// Elements a table rendered as HTML inside Markdown may contain (its attributes: see
/// `table_html`).
fn is_table_html_element(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("table")
            | local_name!("caption")
            | local_name!("colgroup")
            | local_name!("col")
            | local_name!("thead")
            | local_name!("tbody")
            | local_name!("tfoot")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("a")
            | local_name!("abbr")
            | local_name!("b")
            | local_name!("bdi")
            | local_name!("blockquote")
            | local_name!("br")
            | local_name!("cite")
            | local_name!("code")
            | local_name!("dd")
            | local_name!("del")
            | local_name!("dfn")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("em")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("hr")
            | local_name!("i")
            | local_name!("img")
            | local_name!("ins")
            | local_name!("kbd")
            | local_name!("li")
            | local_name!("mark")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("q")
            | local_name!("rp")
            | local_name!("rt")
            | local_name!("ruby")
            | local_name!("s")
            | local_name!("samp")
            | local_name!("small")
            | local_name!("strong")
            | local_name!("sub")
            | local_name!("sup")
            | local_name!("time")
            | local_name!("u")
            | local_name!("ul")
            | local_name!("var")
            | local_name!("wbr")
    )
}

/// One line of HTML for a table: re-serialized from the sanitized tree with a table-only
/// allow-list, text escaped and newlines encoded, so the Markdown HTML block cannot end early.
fn table_html(html: &Html, id: NodeId) -> String {
    fn open_tag(html: &Html, n: NodeId, out: &mut String) -> bool {
        let Some(el) = html.tree.get(n).and_then(|x| x.value().as_element()) else {
            return false;
        };
        if !is_table_html_element(&el.name.local) {
            return false;
        }
        out.push('<');
        out.push_str(el.name());
        if el.attrs.is_empty() {
            out.push('>');
            return true;
        }
        for attr in [
            "colspan",
            "rowspan",
            "scope",
            "href",
            "src",
            "alt",
            "title",
            "rel",
            "referrerpolicy",
            "loading",
        ] {
            let allowed = match attr {
                "colspan" | "rowspan" | "scope" => matches!(el.name(), "td" | "th"),
                "href" | "rel" => el.name() == "a",
                "src" | "alt" | "referrerpolicy" | "loading" => el.name() == "img",
                _ => true,
            };
            if !allowed {
                continue;
            }
            // URLs as the sanitizer left them (its schemes), so the table's links are the
            // same as in the article's HTML.
            if let Some(v) = get_attr(el, attr) {
                out.push(' ');
                out.push_str(attr);
                out.push_str("=\"");
                for c in v.chars() {
                    match c {
                        '&' => out.push_str("&amp;"),
                        '"' => out.push_str("&quot;"),
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        '\n' | '\r' | '\t' => out.push(' '),
                        c => out.push(c),
                    }
                }
                out.push('"');
            }
        }
        out.push('>');
        true
    }
    let mut out = String::new();
    let mut pre_depth = 0usize;
    let mut kept: Vec<bool> = Vec::new();
    let root_open = open_tag(html, id, &mut out);
    walk(html, id, |step| match step {
        Step::Enter(n) => match n.value() {
            Node::Text(t) => {
                let parent = n
                    .parent()
                    .and_then(|p| p.value().as_element().map(|e| e.name()));
                let structural = matches!(
                    parent,
                    Some("table" | "tbody" | "thead" | "tfoot" | "tr" | "colgroup")
                );
                if !(structural && t.trim().is_empty()) {
                    let mut space = false;
                    for c in t.chars() {
                        if pre_depth == 0 && c.is_whitespace() && c != '\u{a0}' {
                            space = true;
                            continue;
                        }
                        if space {
                            out.push(' ');
                            space = false;
                        }
                        match c {
                            '&' => out.push_str("&amp;"),
                            '<' => out.push_str("&lt;"),
                            '>' => out.push_str("&gt;"),
                            '\n' => out.push_str("&#10;"),
                            '\r' => {}
                            c => out.push(c),
                        }
                    }
                    if space {
                        out.push(' ');
                    }
                }
                kept.push(false);
            }
            Node::Element(el) => {
                if el.name() == "pre" {
                    pre_depth += 1;
                }
                let k = open_tag(html, n.id(), &mut out);
                kept.push(k);
            }
            _ => kept.push(false),
        },
        Step::Leave(n) => {
            if n.value().as_element().is_some_and(|e| e.name() == "pre") {
                pre_depth -= 1;
            }
            if kept.pop() == Some(true) {
                if let Some(el) = n.value().as_element() {
                    if !is_void(&el.name.local) {
                        out.push_str("</");
                        out.push_str(el.name());
                        out.push('>');
                    }
                }
            }
        }
    });
    if root_open {
        out.push_str("</table>");
    }
    out
}

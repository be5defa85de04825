//! The article as plain text: one line per block, blocks separated by a blank line.

use super::escape::push_collapsed;
use super::{walk, Step};
use crate::dom::Document;
use crate::html_facts::is_block;
use html5ever::local_name;
use scraper::Node;

fn end_block(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        if out.ends_with('\n') {
            out.push('\n');
        } else {
            out.push_str("\n\n");
        }
    }
}

/// Plain text: blocks separated by a blank line, `<br>` as a line break.
pub(crate) fn text(doc: &Document) -> String {
    let mut out = String::new();
    let mut pre_depth = 0usize;
    walk(&doc.html, doc.root, |step| match step {
        Step::Enter(node) => match node.value() {
            Node::Text(t) if pre_depth > 0 => out.push_str(t),
            Node::Text(t) => push_collapsed(t, &mut out),
            Node::Element(el) => match el.name.local {
                local_name!("br") => {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\n');
                }
                local_name!("pre") => {
                    end_block(&mut out);
                    pre_depth += 1;
                }
                local_name!("td") | local_name!("th")
                    if !out.is_empty() && !out.ends_with(['\n', '\t']) =>
                {
                    out.push('\t');
                }
                local_name!("td") | local_name!("th") => {}
                // Browsers show quotation marks around <q>; so do text and Markdown.
                local_name!("q") => out.push('“'),
                _ if is_block(&el.name.local)
                    && !matches!(
                        el.name.local,
                        local_name!("tbody") | local_name!("thead") | local_name!("tfoot")
                    ) =>
                {
                    end_block(&mut out)
                }
                _ => {}
            },
            _ => {}
        },
        Step::Leave(node) => {
            if let Node::Element(el) = node.value() {
                match el.name.local {
                    local_name!("pre") => {
                        pre_depth -= 1;
                        end_block(&mut out);
                    }
                    local_name!("tr") => {
                        while out.ends_with([' ', '\t']) {
                            out.pop();
                        }
                        out.push('\n');
                    }
                    local_name!("td") | local_name!("th") => {}
                    local_name!("q") => out.push('”'),
                    _ if is_block(&el.name.local) => end_block(&mut out),
                    _ => {}
                }
            }
        }
    });
    trim_in_place(&mut out);
    out
}

/// Removes leading and trailing whitespace (`str::trim`) without copying what remains.
fn trim_in_place(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let lead = s.len() - s.trim_start().len();
    s.drain(..lead);
}

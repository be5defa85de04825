//! Front matter: the YAML block between `---` lines at the top of a post, read by our own
//! YAML reader (`yaml/scan.rs`: YAML as `yaml-rust2` 0.13 reads it, which a differential
//! test checks) into typed metadata.
//!
//! # Safety limits
//!
//! The reader builds the YAML tree with limits, so that hostile input cannot hurt: nesting
//! deeper than [`MAX_DEPTH`] and documents that would grow past [`MAX_NODES`] nodes
//! (counting every alias expansion, which defeats "billion laughs") are rejected with a
//! warning. The depth is checked before every nested collection is read, so 100,000 `[`
//! cannot overflow the call stack, and every input is read in linear time.
//!
//! # Repair step
//!
//! The feeds' generator wrote front matter by string templating, and some of it is not valid
//! YAML. When the whole block does not parse, it is cut into top-level entries (a line at
//! column 0 that looks like `key:` starts an entry; every other line belongs to the entry
//! before it, unless it is blank) and each entry is parsed on its own, so one broken value
//! never loses the others. An entry that still does not parse is repaired:
//!
//! - a scalar value (`title: @user …`, `title: """""""'SP'"""""""`, a title continued over
//!   several lines) is read literally: its lines are joined with single spaces, and a run of
//!   quotes around it is stripped when the runs are at least two characters long or the
//!   inside holds no quote of the same kind (`"Foo" bar "baz"` keeps its quotes);
//! - a block list has each `- item` re-indented and read literally as above.
//!
//! Well-formed YAML is never "repaired": `'"13"-…'` keeps its inner quotes, 4-space list
//! indents and a blank line where a key was are valid YAML and parse as such. Every repair
//! is reported as a `front_matter_repaired` warning naming the keys.
//!
//! # Fields
//!
//! - `title`: HTML entities (including the generator's `&#123;`/`&#125;` brace escapes)
//!   decoded, whitespace runs collapsed, trimmed; empty or only dots becomes `None`.
//! - `categories`: a list (nested lists are flattened) or a single string.
//! - `date`: ISO 8601 via [`crate::date`]; unparseable (`Invalid Date`) becomes `None` with a
//!   `date_unparseable` warning.
//! - cover candidates: `headimg`, then `thumbnail`; empty values, non-HTTP URLs and
//!   placeholder services ([`PLACEHOLDER_HOSTS`]) are dropped.
//! - every other key is kept in `extra` as JSON (brace escapes decoded in strings).

mod yaml;

use crate::article::{excerpt, Report, EXCERPT_CHARS};
use std::borrow::Cow;
use std::collections::BTreeMap;
use yaml::{load, load_simple, LoadError, Node};

/// Typed metadata from a post's front matter.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct FrontMatter {
    pub title: Option<String>,
    pub categories: Vec<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    /// `headimg`, then `thumbnail`, minus empty values and placeholders.
    pub cover_candidates: Vec<String>,
    /// Keys not interpreted above.
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// Deepest nesting of YAML collections accepted in front matter.
pub(crate) const MAX_DEPTH: usize = 32;
/// Most YAML nodes (alias expansions included) one front matter may produce.
pub(crate) const MAX_NODES: usize = 20_000;

/// Image hosts that only serve random or placeholder pictures: never a cover.
pub(crate) const PLACEHOLDER_HOSTS: &[&str] = &[
    "picsum.photos",
    "source.unsplash.com",
    "placehold.it",
    "placehold.co",
    "placeholder.com",
    "via.placeholder.com",
    "dummyimage.com",
    "placekitten.com",
    "placeimg.com",
    "lorempixel.com",
    "loremflickr.com",
    "fakeimg.pl",
    "placebear.com",
    "baconmockup.com",
];

/// Splits `input` into its front matter (if any) and the body that follows it.
///
/// The front matter opens with a `---` line (after optional blank lines) and closes at the
/// next `---` line. When it is never closed but the lines after the opening look like
/// `key: value` entries followed by HTML, the entries are read as front matter (with a
/// `front_matter_unterminated` warning); otherwise the whole input is the body.
pub(crate) fn split<'a>(input: &'a str, report: &mut Report) -> (Option<FrontMatter>, &'a str) {
    let trimmed = input.trim_start_matches(['\n', '\r', ' ', '\t']);
    let Some(after_open) = trimmed.strip_prefix("---") else {
        return (None, input);
    };
    let Some(after_open) = after_open
        .strip_prefix("\r\n")
        .or_else(|| after_open.strip_prefix('\n'))
    else {
        return (None, input);
    };
    let mut offset = 0;
    let mut yaml_like_end: Option<usize> = None;
    let mut still_yaml = true;
    let mut saw_key = false;
    for line in after_open.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return (Some(parse(yaml, report)), body);
        }
        if still_yaml {
            if bare.trim_start().starts_with('<') {
                still_yaml = false;
                yaml_like_end = Some(offset);
            } else if entry_key(bare).is_some() {
                saw_key = true;
            } else if !(bare.is_empty() || line.starts_with([' ', '\t', '-'])) {
                still_yaml = false;
            }
        }
        offset += line.len();
    }
    match yaml_like_end {
        Some(end) if saw_key => {
            report.warn(
                "front_matter_unterminated",
                "the front matter is never closed with '---'; the key lines before the HTML \
                 were read as front matter",
            );
            (Some(parse(&after_open[..end], report)), &after_open[end..])
        }
        _ => {
            report.warn(
                "front_matter_unterminated",
                "the input starts with '---' but the front matter is never closed; it was \
                 read as body",
            );
            (None, input)
        }
    }
}

/// If `line` starts a top-level entry (`key:` at column 0), its key.
fn entry_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if first.is_whitespace()
        || matches!(
            first,
            '-' | '#'
                | '"'
                | '\''
                | '['
                | ']'
                | '{'
                | '}'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '%'
                | '@'
                | '`'
                | ','
                | '?'
                | ':'
        )
    {
        return None;
    }
    // The first `:` followed by whitespace or the end of the line.
    let mut from = 0;
    let colon = loop {
        let at = from + line[from..].find(':')?;
        if line[at + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
        {
            break at;
        }
        from = at + 1;
    };
    let key = &line[..colon];
    let short = key.len() <= 64 || key.chars().count() <= 64;
    (short
        && !key
            .bytes()
            .any(|b| matches!(b, b'"' | b'\'' | b'#' | b'[' | b'{')))
    .then_some(key)
}

/// One top-level `key: value` entry of a front matter block, as lines.
struct Entry<'a> {
    key: &'a str,
    lines: Vec<&'a str>,
}

/// The state of a quoted scalar that is still open at the end of a line.
#[derive(Debug, Clone, Copy)]
struct OpenQuote {
    quote: char,
    escaped: bool,
}

/// Scans `s` (one line) for the end of a quoted scalar. `open` is the quote still open from
/// the line before; `None` means `s` starts a value, which opens a quote if its first
/// character is one. Returns the quote still open at the end of `s`, if any.
fn open_quote_after(open: Option<OpenQuote>, s: &str) -> Option<OpenQuote> {
    let mut chars = s.chars().peekable();
    let mut st = match open {
        Some(st) => st,
        None => OpenQuote {
            quote: chars.next().filter(|c| *c == '\'' || *c == '"')?,
            escaped: false,
        },
    };
    while let Some(c) = chars.next() {
        if st.quote == '\'' {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                } else {
                    return None;
                }
            }
        } else if st.escaped {
            st.escaped = false;
        } else if c == '\\' {
            st.escaped = true;
        } else if c == '"' {
            return None;
        }
    }
    Some(st)
}

/// Cuts a front matter block into top-level entries; lines before the first key are returned
/// separately. Linear in the size of the block.
fn entries(yaml: &str) -> (Vec<Entry<'_>>, Vec<&str>) {
    let mut out: Vec<Entry> = Vec::new();
    let mut orphans = Vec::new();
    let mut open: Option<OpenQuote> = None;
    for line in yaml.lines() {
        if let (Some(st), Some(e)) = (open, out.last_mut()) {
            e.lines.push(line);
            open = open_quote_after(Some(st), line);
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(key) = entry_key(line) {
            open = open_quote_after(None, line[key.len() + 1..].trim_start());
            out.push(Entry {
                key,
                lines: vec![line],
            });
        } else if let Some(e) = out.last_mut() {
            e.lines.push(line);
        } else {
            orphans.push(line);
        }
    }
    (out, orphans)
}

/// The value part of a front matter line: after `key:` or `- `, else the trimmed line;
/// with the key when there is one.
fn key_and_value(line: &str) -> (Option<&str>, &str) {
    let t = line.trim_start();
    if let Some(item) = t.strip_prefix("- ") {
        return (None, item.trim_start());
    }
    match entry_key(t) {
        Some(key) => (Some(key), t[key.len() + 1..].trim_start()),
        None => (None, t),
    }
}

/// True when an unquoted value starts with the generator's brace escape, which YAML would
/// misread as an anchor (`&#123;…`): such values are read literally.
fn starts_with_brace_escape(value: &str) -> bool {
    value.starts_with("&#123;") || value.starts_with("&#125;")
}

/// Keys whose value is one line of text: an unquoted value YAML would read as something
/// else is read literally instead.
const TEXT_KEYS: &[&str] = &["title", "author", "date", "headimg", "thumbnail"];

/// True when an unquoted value would not be read by YAML as the text it shows: it starts
/// like a flow collection, tag, anchor, alias, block scalar or reserved character
/// (`[视频] 标题`, `!重磅`, `*注意*`, `> 引用`, `@user`), or holds ` #`, which YAML reads as
/// the start of a comment (`标题 #话题#`). The generator never writes comments or YAML
/// syntax into these values.
fn misread_as_yaml(value: &str) -> bool {
    let v = value.trim();
    !v.starts_with(['\'', '"'])
        && (v.starts_with(['[', '{', '!', '&', '*', '|', '>', '%', '@', '`'])
            || v.as_bytes()
                .windows(2)
                .any(|w| w[1] == b'#' && matches!(w[0], b' ' | b'\t')))
}

/// True when `line` holds a value that must be read literally (see [`misread_as_yaml`] and
/// [`starts_with_brace_escape`]).
fn needs_literal(line: &str) -> bool {
    let (key, value) = key_and_value(line);
    // A key counts only at column 0 (the line not trimmed).
    let key = key.filter(|_| !line.starts_with(char::is_whitespace));
    starts_with_brace_escape(value)
        || key.is_some_and(|k| TEXT_KEYS.contains(&k) && misread_as_yaml(value))
}

/// Reads a scalar that is not valid YAML literally: trimmed, and a run of quotes around it
/// stripped (see the module documentation).
fn literal_scalar(raw: &str) -> String {
    let raw = raw.trim();
    if starts_with_brace_escape(raw) || misread_as_yaml(raw) {
        return raw.to_owned();
    }
    if let Ok(Some(Node::Map(pairs))) = load(&format!("x: {raw}")) {
        if let [(_, Node::Scalar { value, .. })] = pairs.as_slice() {
            return value.to_string();
        }
    }
    let is_quote = |c: char| c == '"' || c == '\'';
    let inner = raw.trim_start_matches(is_quote);
    let lead = &raw[..raw.len() - inner.len()];
    let core = inner.trim_end_matches(is_quote);
    let trail = &inner[core.len()..];
    if core.is_empty() {
        return raw.to_owned();
    }
    let run_chars = |run: &str| run.chars().collect::<Vec<_>>();
    let long_runs = lead.chars().count() >= 2 || trail.chars().count() >= 2;
    let inside_has_same_quote = run_chars(lead)
        .iter()
        .chain(run_chars(trail).iter())
        .any(|q| core.contains(*q));
    if (!lead.is_empty() || !trail.is_empty()) && (long_runs || !inside_has_same_quote) {
        core.trim().to_owned()
    } else {
        raw.to_owned()
    }
}

/// Repairs one entry that does not parse; `None` when it cannot be read.
fn repair_entry(entry: &Entry) -> Option<Node<'static>> {
    let first_value = entry.lines[0][entry.key.len() + 1..].trim();
    if !first_value.is_empty() {
        let joined = std::iter::once(first_value)
            .chain(entry.lines[1..].iter().map(|l| l.trim()))
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        return Some(Node::Scalar {
            value: Cow::Owned(literal_scalar(&joined)),
            plain: false,
        });
    }
    let mut items = Vec::new();
    for line in &entry.lines[1..] {
        let t = line.trim();
        if let Some(item) = t.strip_prefix('-') {
            items.push(Node::Scalar {
                value: Cow::Owned(literal_scalar(item)),
                plain: false,
            });
        } else if let Some(Node::Scalar { value, .. }) = items.last_mut() {
            value.to_mut().push(' ');
            value.to_mut().push_str(t);
        } else {
            return None;
        }
    }
    Some(Node::Seq(items))
}

/// Loads the front matter: the whole block if it is valid YAML, else entry by entry with
/// the repair step.
fn load_front_matter<'a>(yaml: &'a str, report: &mut Report) -> Vec<(Cow<'a, str>, Node<'a>)> {
    let whole = if yaml.lines().any(needs_literal) {
        Err(LoadError::Syntax)
    } else {
        load_simple(yaml).map_or_else(|| load(yaml), |node| Ok(Some(node)))
    };
    match whole {
        Ok(Some(Node::Map(pairs))) => {
            return pairs
                .into_iter()
                .filter_map(|(k, v)| Some((k.into_text()?, v)))
                .collect();
        }
        Ok(None) => return Vec::new(),
        Ok(Some(_)) => {
            report.warn(
                "front_matter_invalid",
                "the front matter is not a YAML mapping of keys to values",
            );
        }
        Err(LoadError::Limit(e)) => {
            report.warn(
                "front_matter_too_complex",
                format!("the front matter was refused: {e}"),
            );
        }
        Err(LoadError::Syntax) => {}
    }
    let (entries, orphans) = entries(yaml);
    if !orphans.is_empty() {
        report.warn(
            "front_matter_invalid",
            format!(
                "front matter lines outside any key were ignored: {}",
                excerpt(&orphans.join(" "), EXCERPT_CHARS)
            ),
        );
    }
    let mut out = Vec::new();
    let mut repaired = Vec::new();
    for entry in &entries {
        let text = entry.lines.join("\n");
        let loaded = if entry.lines.iter().any(|l| needs_literal(l)) {
            Err(LoadError::Syntax)
        } else {
            load(&text)
        };
        match loaded {
            Ok(Some(Node::Map(mut pairs))) if pairs.len() == 1 => {
                let (_, v) = pairs.remove(0);
                out.push((Cow::Borrowed(entry.key), v));
            }
            Err(LoadError::Limit(e)) => {
                report.warn(
                    "front_matter_too_complex",
                    format!("front matter key {:?} was dropped: {e}", entry.key),
                );
            }
            _ => match repair_entry(entry) {
                Some(node) => {
                    repaired.push(entry.key);
                    out.push((Cow::Borrowed(entry.key), node));
                }
                None => report.warn(
                    "front_matter_invalid",
                    format!(
                        "front matter key {:?} is not valid YAML and was dropped: {}",
                        entry.key,
                        excerpt(&text, EXCERPT_CHARS)
                    ),
                ),
            },
        }
    }
    if !repaired.is_empty() {
        report.warn(
            "front_matter_repaired",
            format!(
                "the front matter is not valid YAML; repaired and read literally: {}{}",
                repaired
                    .iter()
                    .take(10)
                    .map(|k| excerpt(k, 40))
                    .collect::<Vec<_>>()
                    .join(", "),
                if repaired.len() > 10 {
                    format!(" and {} more keys", repaired.len() - 10)
                } else {
                    String::new()
                }
            ),
        );
    }
    out
}

fn parse(yaml: &str, report: &mut Report) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let mut covers: [Option<String>; 2] = [None, None];
    let mut rejected: Vec<String> = Vec::new();
    for (key, v) in load_front_matter(yaml, report) {
        match key.as_ref() {
            "title" => fm.title = v.text().and_then(clean_title),
            "author" => {
                let name = match &v {
                    Node::Map(pairs) => pairs
                        .iter()
                        .find(|(k, _)| k.text() == Some("name"))
                        .and_then(|(_, v)| v.text()),
                    other => other.text(),
                };
                fm.author = name.map(clean_text).filter(|s| !s.is_empty());
            }
            "categories" | "category" => {
                let mut leaves = Vec::new();
                let mut stack = vec![&v];
                while let Some(n) = stack.pop() {
                    match n {
                        Node::Seq(items) => stack.extend(items.iter().rev()),
                        Node::Map(_) => {}
                        scalar => leaves.extend(scalar.text().map(clean_text)),
                    }
                }
                fm.categories
                    .extend(leaves.into_iter().filter(|c| !c.is_empty()));
            }
            "date" => match &v {
                Node::Scalar { value, plain } => {
                    let parsed = match value.trim().parse::<i64>() {
                        Ok(n) if *plain => crate::date::from_unix(n),
                        _ => crate::date::to_iso8601(value),
                    };
                    if parsed.is_none() && v.text().is_some_and(|t| !t.trim().is_empty()) {
                        report.warn(
                            "date_unparseable",
                            format!(
                                "front matter date {:?} is not a date; date is null",
                                excerpt(value, EXCERPT_CHARS)
                            ),
                        );
                    }
                    fm.date = parsed;
                }
                _ => report.warn(
                    "date_unparseable",
                    "front matter date is a collection, not a date; date is null",
                ),
            },
            "headimg" | "thumbnail" => {
                let slot = usize::from(key == "thumbnail");
                let url = v.text().map(|u| decode_braces(u.trim()));
                match url {
                    Some(u) if !u.is_empty() => match cover_problem(&u) {
                        None => covers[slot] = Some(u),
                        // headimg and thumbnail usually repeat one URL: one warning.
                        Some(_) if rejected.contains(&u) => {}
                        Some(why) => {
                            report.warn(
                                "cover_rejected",
                                format!("{key} {:?} is not a cover: {why}", excerpt(&u, 80)),
                            );
                            rejected.push(u);
                        }
                    },
                    _ => {}
                }
            }
            _ => {
                fm.extra.insert(key.into_owned(), to_json(&v));
            }
        }
    }
    for url in covers.into_iter().flatten() {
        if !fm.cover_candidates.contains(&url) {
            fm.cover_candidates.push(url);
        }
    }
    fm
}

/// Why `url` cannot be a cover, or `None` when it can.
fn cover_problem(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else if let Some(r) = lower.strip_prefix("//") {
        r
    } else {
        return Some("not an http(s) URL");
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("the URL contains spaces or control characters");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = host_port
        .split(':')
        .next()
        .unwrap_or("")
        .trim_end_matches('.');
    if host.is_empty() {
        return Some("the URL has no host");
    }
    let placeholder = PLACEHOLDER_HOSTS
        .iter()
        .any(|p| host == *p || host.strip_suffix(p).is_some_and(|h| h.ends_with('.')));
    placeholder.then_some("a placeholder image service")
}

/// The generator's brace escapes, reversed.
fn decode_braces(s: &str) -> String {
    if !s.contains("&#12") {
        return s.to_owned();
    }
    s.replace("&#123;", "{").replace("&#125;", "}")
}

/// Decodes HTML character references (`&amp;`, `&#123;`, `&#x4e2d;`); a `&` that does not start
/// a complete reference with its `;` is kept as it is (`17173&TalkingData`).
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let after = &rest[1..];
        let end = after
            .char_indices()
            .take(40)
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
            .filter(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|end| {
            let name = &after[..end];
            let c = if let Some(num) = name.strip_prefix('#') {
                let n = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => num.parse::<u32>().ok()?,
                };
                let c =
                    char::from_u32(n).filter(|c| *c != '\0' && !c.is_control() || *c == '\n')?;
                (c, None)
            } else {
                let &(a, b) = html5ever::data::NAMED_ENTITIES.get(&rest[1..end + 2])?;
                if a == 0 {
                    return None;
                }
                (char::from_u32(a)?, char::from_u32(b).filter(|_| b != 0))
            };
            Some((c, end + 2))
        });
        match decoded {
            Some(((a, b), len)) => {
                out.push(a);
                out.extend(b);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A display string: entities decoded, then one line of display text
/// ([`crate::html_facts::collapse_whitespace`]: whitespace runs as one space, trimmed,
/// zero-width characters dropped; joiners kept, as emoji sequences and Persian words need).
fn clean_text(s: &str) -> String {
    if s.contains('&') {
        crate::html_facts::collapse_whitespace(&decode_entities(s))
    } else {
        crate::html_facts::collapse_whitespace(s)
    }
}

/// The title as displayed, or `None` when it is empty or only dots.
fn clean_title(s: &str) -> Option<String> {
    let t = clean_text(s);
    let only_dots = t
        .chars()
        .all(|c| matches!(c, '.' | '…' | '。' | '·' | '・' | '⋯' | ' '));
    (!only_dots).then_some(t)
}

/// A plain scalar typed as YAML 1.2's core schema types it (as `yaml-rust2`'s
/// `Yaml::from_str` does), as JSON: integers
/// (decimal, `0x` hex, `0o` octal, `+` signed), `~`/`null`/empty, `true`/`false` in three
/// casings, floats (`str::parse::<f64>` syntax with a digit, or the `.inf`/`.nan` forms:
/// numbers when finite, else the text itself), else a string with brace escapes decoded.
/// Written out instead of calling `from_str` so that the standard float parser stays out of
/// the `.wasm` ([`crate::float`]); a unit test compares the two on many scalars.
fn plain_to_json(value: &str) -> serde_json::Value {
    use serde_json::Value;
    let radix = |n: &str, r| i64::from_str_radix(n, r).ok();
    let prefixed = if let Some(n) = value.strip_prefix("0x") {
        radix(n, 16)
    } else if let Some(n) = value.strip_prefix("0o") {
        radix(n, 8)
    } else {
        value.strip_prefix('+').and_then(|n| radix(n, 10))
    };
    if let Some(i) = prefixed {
        return Value::from(i);
    }
    match value {
        "" | "~" | "null" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            if let Some(i) = radix(value, 10) {
                return Value::from(i);
            }
            let float = value
                .bytes()
                .any(|b| b.is_ascii_digit())
                .then(|| crate::float::parse(value))
                .flatten();
            let special = matches!(
                value,
                ".inf"
                    | ".Inf"
                    | ".INF"
                    | "+.inf"
                    | "+.Inf"
                    | "+.INF"
                    | "-.inf"
                    | "-.Inf"
                    | "-.INF"
                    | ".nan"
                    | ".NaN"
                    | ".NAN"
            );
            if float.is_none() && !special {
                return Value::String(decode_braces(value));
            }
            float
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| Value::String(value.to_owned()), Value::Number)
        }
    }
}

fn to_json(v: &Node) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Node::Scalar { value, plain: true } => plain_to_json(value),
        Node::Scalar { value, .. } => Value::String(decode_braces(value)),
        Node::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Node::Map(pairs) => {
            // Inserted one by one (the last of equal keys wins, as with `collect`): collecting
            // into the map would instantiate a stable sort just for this.
            let mut map = serde_json::Map::new();
            for (k, v) in pairs {
                if let Some(k) = k.text() {
                    map.insert(decode_braces(k), to_json(v));
                }
            }
            Value::Object(map)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(src: &str) -> (FrontMatter, Vec<String>) {
        let mut r = Report::default();
        let (f, body) = split(src, &mut r);
        assert_eq!(body.trim(), "<p>x</p>", "body split for {src:?}");
        (
            f.expect("front matter"),
            r.warnings.into_iter().map(|w| w.code).collect(),
        )
    }

    fn title_of(line: &str) -> Option<String> {
        fm(&format!("\n---\n{line}\ncategories: \n - a\n---\n<p>x</p>"))
            .0
            .title
    }

    #[test]
    fn well_formed_hexo_post() {
        let (f, w) = fm("\n---\ntitle: 'Hello &amp; &#123;world&#125;'\ncategories: \n - 金融\n - 新浪财经\nheadimg: 'https://n.sinaimg.cn/a.png'\nauthor: 新浪财经\ncomments: false\ndate: Tue, 10 Aug 2021 13:16:24 GMT\nthumbnail: 'https://n.sinaimg.cn/a.png'\ntags: [a, b]\n---\n<p>x</p>");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(f.title.as_deref(), Some("Hello & {world}"));
        assert_eq!(f.categories, ["金融", "新浪财经"]);
        assert_eq!(f.author.as_deref(), Some("新浪财经"));
        assert_eq!(f.date.as_deref(), Some("2021-08-10T13:16:24Z"));
        assert_eq!(f.cover_candidates, ["https://n.sinaimg.cn/a.png"]);
        assert_eq!(f.extra["comments"], serde_json::json!(false));
        assert_eq!(f.extra["tags"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn broken_titles_are_repaired() {
        assert_eq!(
            title_of("title: \"\"\"\"\"\"\"'SP'\"\"\"\"\"\"\"").as_deref(),
            Some("SP")
        );
        assert_eq!(
            title_of("title: @大道无形我有型 关注了股票 长和").as_deref(),
            Some("@大道无形我有型 关注了股票 长和")
        );
        assert_eq!(
            title_of("title: '\"13\"-ცრურწმენა თუ შემთხვევითობა'").as_deref(),
            Some("\"13\"-ცრურწმენა თუ შემთხვევითობა")
        );
        assert_eq!(
            title_of("title: \"Foo\" bar \"baz\"").as_deref(),
            Some("\"Foo\" bar \"baz\"")
        );
        assert_eq!(
            title_of("title: 'first line\nsecond: line'").as_deref(),
            Some("first line second: line")
        );
        assert_eq!(
            title_of("title: first line\n  second line").as_deref(),
            Some("first line second line")
        );
        assert_eq!(title_of("title: ' '"), None);
        assert_eq!(title_of("title:  "), None);
        assert_eq!(title_of("title: '...'"), None);
        assert_eq!(title_of("title: '…'"), None);
        assert_eq!(title_of("title: '+'").as_deref(), Some("+"));
        assert_eq!(title_of("title: '2021'").as_deref(), Some("2021"));
        assert_eq!(title_of("title: 0x10").as_deref(), Some("0x10"));
        // Unquoted values that YAML would read as something else are read literally.
        for t in [
            "标题 #话题#",
            "[视频] 标题",
            "[视频]",
            "&#123;x&#125; y",
            "!重磅 消息",
            "*注意* 安全",
            ">>> 更新",
            "| 竖线",
            "%百分",
            "`code`",
        ] {
            let want = t.replace("&#123;", "{").replace("&#125;", "}");
            assert_eq!(title_of(&format!("title: {t}")), Some(want), "{t}");
        }
        assert_eq!(
            title_of("title: 'quoted # kept'").as_deref(),
            Some("quoted # kept")
        );
    }

    #[test]
    fn repairs_are_reported_and_keep_other_keys() {
        let (f, w) = fm("---\ntitle: @user said\ncategories: \n    - 金融\n    - 雪球 - 用户自选动态\nauthor: 雪球\ndate: Fri, 02 Oct 2020 03:23:08 GMT\nthumbnail: \n---\n<p>x</p>");
        assert_eq!(f.title.as_deref(), Some("@user said"));
        assert_eq!(f.categories, ["金融", "雪球 - 用户自选动态"]);
        assert_eq!(f.date.as_deref(), Some("2020-10-02T03:23:08Z"));
        assert!(f.cover_candidates.is_empty());
        assert_eq!(w, ["front_matter_repaired"]);
    }

    #[test]
    fn blank_line_and_wide_indent_are_valid_yaml() {
        let (f, w) = fm("\n---\ntitle: 'PageRank求解（networkx & gephi）'\ncategories: \n    - 编程\n    - AI 研习社\n\nauthor: AI\ndate: 2021-03-21 16:40:55\nthumbnail: 'https://gitee.com/a.png'\n---\n<p>x</p>");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(f.categories, ["编程", "AI 研习社"]);
        assert_eq!(f.date.as_deref(), Some("2021-03-21T16:40:55"));
        assert_eq!(f.cover_candidates, ["https://gitee.com/a.png"]);
    }

    #[test]
    fn broken_list_items_are_repaired() {
        let (f, w) = fm("---\ntitle: t\ncategories:\n - @a\n - 'b'\n - \"\"c\"\"\n---\n<p>x</p>");
        assert_eq!(f.categories, ["@a", "b", "c"]);
        assert_eq!(w, ["front_matter_repaired"]);
    }

    #[test]
    fn invalid_date_is_null_with_a_warning() {
        let (f, w) = fm("---\ntitle: t\ndate: Invalid Date\n---\n<p>x</p>");
        assert_eq!(f.date, None);
        assert_eq!(w, ["date_unparseable"]);
        let (f, _) = fm("---\ndate: 1628601384\n---\n<p>x</p>");
        assert_eq!(f.date.as_deref(), Some("2021-08-10T13:16:24Z"));
    }

    #[test]
    fn placeholder_and_unsafe_covers_are_dropped() {
        let (f, w) = fm("---\nheadimg: 'https://picsum.photos/400/300?random=1'\nthumbnail: 'https://img.example.com/a.jpg'\n---\n<p>x</p>");
        assert_eq!(f.cover_candidates, ["https://img.example.com/a.jpg"]);
        assert_eq!(w, ["cover_rejected"]);
        let (f, _) = fm("---\nheadimg: 'javascript:alert(1)'\nthumbnail: 'https://fastly.picsum.photos/x.jpg'\n---\n<p>x</p>");
        assert!(f.cover_candidates.is_empty());
        let (_, w) = fm("---\nheadimg: 'https://picsum.photos/1'\nthumbnail: 'https://picsum.photos/1'\n---\n<p>x</p>");
        assert_eq!(w, ["cover_rejected"]);
        let (f, w) = fm("---\nheadimg: ''\nthumbnail: ''\n---\n<p>x</p>");
        assert!(f.cover_candidates.is_empty() && w.is_empty());
        let (f, _) = fm("---\nheadimg: 'https://notpicsum.photos/a.jpg'\n---\n<p>x</p>");
        assert_eq!(f.cover_candidates, ["https://notpicsum.photos/a.jpg"]);
    }

    #[test]
    fn braces_decode_after_parsing_not_before() {
        // Decoding before parsing would turn this value into a YAML flow mapping.
        let (f, _) = fm("---\ntitle: &#123;a: b&#125;\nmath: '&#123;x&#125;'\n---\n<p>x</p>");
        assert_eq!(f.title.as_deref(), Some("{a: b}"));
        assert_eq!(f.extra["math"], serde_json::json!("{x}"));
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &lt;c&gt; &#x4e2d;&#25991;"),
            "a & b <c> 中文"
        );
        assert_eq!(
            decode_entities("17173&TalkingData &amp &; &#;"),
            "17173&TalkingData &amp &; &#;"
        );
        assert_eq!(
            decode_entities("&#0; &#xD800; &nosuch;"),
            "&#0; &#xD800; &nosuch;"
        );
        assert_eq!(decode_entities("trailing &"), "trailing &");
    }

    #[test]
    fn unterminated_front_matter() {
        let mut r = Report::default();
        let (f, body) = split("---\ntitle: 'x'\ndate: 2021-01-01\n<p>body</p>", &mut r);
        assert_eq!(f.unwrap().title.as_deref(), Some("x"));
        assert_eq!(body, "<p>body</p>");
        assert_eq!(r.warnings[0].code, "front_matter_unterminated");

        let mut r = Report::default();
        let src = "---\nsome prose, not yaml\n<p>body</p>";
        let (f, body) = split(src, &mut r);
        assert!(f.is_none());
        assert_eq!(body, src);
        assert_eq!(r.warnings[0].code, "front_matter_unterminated");
    }

    #[test]
    fn no_front_matter() {
        let mut r = Report::default();
        assert!(split("<p>x</p>", &mut r).0.is_none());
        assert!(split("----\n<p>x</p>", &mut r).0.is_none());
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn invalid_yaml_never_loses_the_body() {
        for yaml in [
            "title: [unclosed",
            "- a\n- b",
            "'just a string'",
            ": :",
            "title: \"\\u",
            "\t\tx",
        ] {
            let mut r = Report::default();
            let src = format!("---\n{yaml}\n---\n<p>x</p>");
            let (f, body) = split(&src, &mut r);
            assert!(f.is_some());
            assert_eq!(body, "<p>x</p>");
        }
    }

    #[test]
    fn hostile_yaml_is_refused_quickly() {
        for yaml in [
            format!("title: t\nx: {}", "[".repeat(100_000)),
            format!("title: t\nx: {}1{}", "[".repeat(200), "]".repeat(200)),
            format!("title: t\nx: {}", "{a: ".repeat(50_000)),
            format!("title: t\nx:\n  {}a", "- ".repeat(2000)),
        ] {
            let mut r = Report::default();
            let (f, _) = split(&format!("---\n{yaml}\n---\n<p>x</p>"), &mut r);
            let f = f.unwrap();
            assert_eq!(f.title.as_deref(), Some("t"));
            assert!(
                !f.extra.contains_key("x"),
                "{:?}",
                f.extra.get("x").map(|v| v.to_string().len())
            );
            assert!(!r.warnings.is_empty());
        }
        // Billion laughs: each level doubles; expansion must stop at the node budget.
        let mut laughs = String::from("title: t\na: &a [lol, lol]\n");
        let names: Vec<String> = (b'b'..=b'z').map(|c| (c as char).to_string()).collect();
        let mut prev = "a".to_owned();
        for n in &names {
            laughs.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = n.clone();
        }
        let mut r = Report::default();
        let (f, _) = split(&format!("---\n{laughs}---\n<p>x</p>"), &mut r);
        let f = f.unwrap();
        assert_eq!(f.title.as_deref(), Some("t"));
        assert!(serde_json::to_string(&f.extra).unwrap().len() < 10_000);
        assert!(r
            .warnings
            .iter()
            .any(|w| w.code == "front_matter_too_complex"));
    }

    #[test]
    fn clean_text_collapses_and_drops_invisibles() {
        fn reference(s: &str) -> String {
            decode_entities(s)
                .split(char::is_whitespace)
                .map(|w| {
                    w.chars()
                        .filter(|c| !matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{180e}'))
                        .collect::<String>()
                })
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        }
        for s in [
            "",
            " a  b ",
            "\u{200b}",
            "a \u{200b}",
            "a \u{200b} \u{feff}",
            "\u{200b} a",
            "a\u{2060}b\u{3000}c",
            "&amp; x &#8203; y",
            "中文\u{200c} 标题 — “x”",
            "\u{2028}a\u{2029}",
            "a \u{200b} b",
            "家庭 👨\u{200d}👩\u{200d}👧",
        ] {
            assert_eq!(clean_text(s), reference(s), "{s:?}");
        }
    }

    /// The old typing through yaml-rust2's `Yaml::from_str` and the standard float parser.
    fn plain_via_yaml(value: &str) -> serde_json::Value {
        use serde_json::Value;
        use yaml_rust2::Yaml;
        match Yaml::from_str(value) {
            Yaml::Integer(i) => Value::from(i),
            Yaml::Real(r) => r
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or_else(|| Value::String(r.clone()), Value::Number),
            Yaml::Boolean(b) => Value::Bool(b),
            Yaml::Null => Value::Null,
            _ => Value::String(decode_braces(value)),
        }
    }

    #[test]
    fn plain_scalars_typed_as_yaml_rust2_types_them() {
        let mut cases: Vec<String> = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "true",
            "True",
            "TRUE",
            "tRue",
            "false",
            "False",
            "FALSE",
            "yes",
            "no",
            "0",
            "-0",
            "+0",
            "00",
            "012",
            "-12",
            "+12",
            "++1",
            "+-1",
            "+",
            "-",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "+9223372036854775808",
            "0x1F",
            "0x1f",
            "0x",
            "0x-1",
            "0x+1",
            "0xG",
            "0X1F",
            "0o17",
            "0o8",
            "0o",
            "0o-7",
            "0b101",
            "1.5",
            "-1.5",
            "+1.5",
            ".5",
            "5.",
            "1e5",
            "1E5",
            "1e",
            "1e+5",
            "1.5e-7",
            "1e400",
            "-1e400",
            "1e-400",
            "0.1",
            "100.0",
            "1_000",
            "1,5",
            "inf",
            "-inf",
            "+inf",
            "infinity",
            "nan",
            "NaN",
            ".inf",
            ".Inf",
            ".INF",
            "+.inf",
            "-.inf",
            "-.Inf",
            "-.INF",
            ".nan",
            ".NaN",
            ".NAN",
            "+.nan",
            ".iNf",
            "1inf",
            "inf1",
            "v1.2",
            "1.2.3",
            "2021-08-10",
            "12:30",
            "{x}",
            "\\{1}",
            "１２",
            "1 2",
            " 1",
            "1 ",
            "0x 1",
            "١",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "4.9e-324",
            "2.4703282292062327e-324",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let alphabet = [
            "0", "1", "9", ".", "e", "E", "+", "-", "x", "o", "_", "inf", "nan", "a",
        ];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..50_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = 1 + (x % 6) as usize;
            cases.push(
                (0..len)
                    .map(|i| alphabet[(x >> (8 * i)) as usize % alphabet.len()])
                    .collect(),
            );
        }
        for v in cases {
            assert_eq!(plain_to_json(&v), plain_via_yaml(&v), "{v:?}");
        }
    }
}

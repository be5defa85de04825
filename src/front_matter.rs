//! Front matter: the YAML block between `---` lines at the top of a post, parsed with a real
//! YAML parser into typed metadata.

use crate::article::Report;
use std::collections::BTreeMap;
use yaml_rust2::{Yaml, YamlLoader};

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

/// Splits `input` into its front matter (if any) and the body that follows it.
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
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return (Some(parse(yaml, report)), body);
        }
        offset += line.len();
    }
    report.warn(
        "front_matter_unterminated",
        "the input starts with '---' but the front matter is never closed; it was read as body",
    );
    (None, input)
}

fn parse(yaml: &str, report: &mut Report) -> FrontMatter {
    let yaml = yaml.replace("&#123;", "{").replace("&#125;", "}");
    let docs = match YamlLoader::load_from_str(&yaml) {
        Ok(d) => d,
        Err(e) => {
            report.warn(
                "front_matter_invalid",
                format!("invalid YAML front matter: {e}"),
            );
            return FrontMatter::default();
        }
    };
    let mut fm = FrontMatter::default();
    let Some(Yaml::Hash(map)) = docs.into_iter().next() else {
        return fm;
    };
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_owned) else {
            continue;
        };
        match key.as_str() {
            "title" => fm.title = scalar(&v).filter(|t| !t.is_empty()),
            "author" => fm.author = scalar(&v).filter(|t| !t.is_empty()),
            "categories" => {
                fm.categories = match &v {
                    Yaml::Array(a) => a.iter().filter_map(scalar).collect(),
                    other => scalar(other).into_iter().collect(),
                }
            }
            "date" => {
                if let Some(d) = scalar(&v) {
                    fm.date = crate::date::to_iso8601(&d);
                    if fm.date.is_none() {
                        report.warn("date_unparseable", format!("date {d:?} is not a date"));
                    }
                }
            }
            "headimg" | "thumbnail" => {
                if let Some(url) = scalar(&v).filter(|u| !u.is_empty()) {
                    if !fm.cover_candidates.contains(&url) {
                        fm.cover_candidates.push(url);
                    }
                }
            }
            _ => {
                fm.extra.insert(key, to_json(&v));
            }
        }
    }
    fm
}

fn scalar(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.trim().to_owned()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

fn to_json(v: &Yaml) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Yaml::String(s) | Yaml::Real(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(a) => Value::Array(a.iter().map(to_json).collect()),
        Yaml::Hash(h) => Value::Object(
            h.iter()
                .filter_map(|(k, v)| Some((scalar(k)?, to_json(v))))
                .collect(),
        ),
        _ => Value::Null,
    }
}

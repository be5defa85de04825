//! The CSS selectors of the rule table ([`crate::rules::RULES`]): parsed once, matched
//! against scraper elements.
//!
//! A small engine for the part of CSS the table uses, with the same results as scraper's
//! `Selector` (the `selectors` crate, no quirks mode) on every element: the general engine and
//! its CSS tokenizer were a sixth of the `.wasm`. Supported:
//!
//! - selector lists (`a, b`), the descendant (` `) and child (`>`) combinators;
//! - type selectors (`div`, lower case) and `*`, `#id`, `.class` (case-sensitive);
//! - attribute selectors `[a]`, `[a=v]`, `[a~=v]`, `[a|=v]`, `[a^=v]`, `[a$=v]`, `[a*=v]`
//!   (lower-case name, value an identifier or a quoted string without escapes; HTML's
//!   legacy attributes such as `type` compare values ASCII case-insensitively on HTML
//!   elements, as browsers do);
//! - `:empty`.
//!
//! Anything else (other pseudo-classes, `+`/`~`, namespaces, escapes, comments, attribute
//! flags) is a parse error, so a rule cannot silently mean something else; a unit test
//! parses the whole table.

use html5ever::{ns, LocalName};
use scraper::ElementRef;

/// A parsed selector list.
#[derive(Debug)]
pub(crate) struct Selector {
    /// The alternatives; each lists its compound selectors right to left.
    alternatives: Vec<Vec<Compound>>,
}

/// Something an element must carry for one alternative of a selector list to match it,
/// taken from the alternative's rightmost compound selector: its first class, else its
/// first id, else its first attribute name, else its type selector. The cleaning stage
/// indexes the rule table by these keys, so an element is matched only against the rules
/// it could match.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Key {
    /// `.name`: the element has this class.
    Class(String),
    /// `#name`: the element has this id.
    Id(String),
    /// `[name…]`: the element has this attribute.
    Attr(String),
    /// `name`: the element has this (lower-case) name.
    Tag(String),
}

/// A compound selector and how it relates to the compound on its left.
#[derive(Debug)]
struct Compound {
    /// The type selector (`None`: any element).
    tag: Option<LocalName>,
    simple: Vec<Simple>,
    /// The combinator to the compound on its left: `true` for `>` (a child of it), `false`
    /// for a space (a descendant).
    child: bool,
}

#[derive(Debug)]
enum Simple {
    Id(Box<str>),
    Class(Box<str>),
    Attr {
        name: LocalName,
        /// The operator and the value; `None` for `[name]`.
        test: Option<(Op, Box<str>)>,
        /// One of HTML's legacy attributes whose value compares ASCII case-insensitively on
        /// HTML elements.
        legacy_ci: bool,
    },
    Empty,
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Equal,
    Includes,
    DashMatch,
    Prefix,
    Substring,
    Suffix,
}

impl Selector {
    /// Parses a selector list; `Err` names what is wrong or unsupported.
    pub(crate) fn parse(s: &str) -> Result<Self, &'static str> {
        let mut p = Parser {
            src: s,
            s: s.as_bytes(),
            i: 0,
        };
        let mut alternatives = Vec::new();
        loop {
            alternatives.push(p.complex()?);
            if p.i == p.s.len() {
                return Ok(Self { alternatives });
            }
            p.i += 1; // the comma `complex` stopped at
        }
    }

    /// The prefilter keys of the list: one per alternative, or `None` when an alternative
    /// has no key (a bare `*` or `:empty`: then the selector must always be tried).
    pub(crate) fn keys(&self) -> Option<Vec<Key>> {
        self.alternatives
            .iter()
            .map(|compounds| {
                let last = compounds.first()?;
                let simple = |want: fn(&Simple) -> Option<Key>| last.simple.iter().find_map(want);
                simple(|s| match s {
                    Simple::Class(c) => Some(Key::Class(c.to_string())),
                    _ => None,
                })
                .or_else(|| {
                    simple(|s| match s {
                        Simple::Id(i) => Some(Key::Id(i.to_string())),
                        _ => None,
                    })
                })
                .or_else(|| {
                    simple(|s| match s {
                        Simple::Attr { name, .. } => Some(Key::Attr(name.to_string())),
                        _ => None,
                    })
                })
                .or_else(|| last.tag.as_ref().map(|t| Key::Tag(t.to_string())))
            })
            .collect()
    }

    /// True when `el` matches one of the alternatives.
    pub(crate) fn matches(&self, el: &ElementRef) -> bool {
        self.alternatives.iter().any(|c| matches_complex(c, *el))
    }
}

fn matches_complex(compounds: &[Compound], el: ElementRef) -> bool {
    let Some((first, rest)) = compounds.split_first() else {
        return true;
    };
    if !first.matches(el) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let mut up = el.parent().and_then(ElementRef::wrap);
    while let Some(parent) = up {
        if matches_complex(rest, parent) {
            return true;
        }
        if first.child {
            return false;
        }
        up = parent.parent().and_then(ElementRef::wrap);
    }
    false
}

impl Compound {
    fn matches(&self, el: ElementRef) -> bool {
        let e = el.value();
        if self.tag.as_ref().is_some_and(|t| *t != e.name.local) {
            return false;
        }
        self.simple.iter().all(|s| match s {
            Simple::Id(id) => e.id() == Some(&**id),
            Simple::Class(c) => crate::dom::classes(e).any(|x| x == &**c),
            Simple::Attr {
                name,
                test,
                legacy_ci,
            } => {
                let ci = *legacy_ci && e.name.ns == ns!(html);
                e.attrs.iter().any(|(k, v)| {
                    k.ns == ns!()
                        && k.local == *name
                        && test.as_ref().is_none_or(|(op, s)| eval(*op, v, s, ci))
                })
            }
            Simple::Empty => !el
                .children()
                .any(|c| c.value().is_element() || c.value().is_text()),
        })
    }
}

/// An attribute value test, as the `selectors` crate evaluates it.
fn eval(op: Op, value: &str, s: &str, ci: bool) -> bool {
    let (e, s) = (value.as_bytes(), s.as_bytes());
    let eq = |a: &[u8], b: &[u8]| {
        if ci {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    match op {
        Op::Equal => eq(e, s),
        Op::Prefix => !s.is_empty() && e.len() >= s.len() && eq(&e[..s.len()], s),
        Op::Suffix => !s.is_empty() && e.len() >= s.len() && eq(&e[e.len() - s.len()..], s),
        Op::Substring => !s.is_empty() && e.windows(s.len()).any(|w| eq(w, s)),
        Op::Includes => {
            !s.is_empty()
                && e.split(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C'))
                    .any(|part| eq(part, s))
        }
        Op::DashMatch => eq(e, s) || (e.get(s.len()) == Some(&b'-') && eq(&e[..s.len()], s)),
    }
}

/// HTML's attributes whose values selectors compare ASCII case-insensitively on HTML elements.
const LEGACY_CI: &[&str] = &[
    "accept",
    "accept-charset",
    "align",
    "alink",
    "axis",
    "bgcolor",
    "charset",
    "checked",
    "clear",
    "codetype",
    "color",
    "compact",
    "declare",
    "defer",
    "dir",
    "direction",
    "disabled",
    "enctype",
    "face",
    "frame",
    "hreflang",
    "http-equiv",
    "lang",
    "language",
    "link",
    "media",
    "method",
    "multiple",
    "nohref",
    "noresize",
    "noshade",
    "nowrap",
    "readonly",
    "rel",
    "rev",
    "rules",
    "scope",
    "scrolling",
    "selected",
    "shape",
    "target",
    "text",
    "type",
    "valign",
    "valuetype",
    "vlink",
];

struct Parser<'a> {
    /// The selector text, and as bytes (every delimiter is ASCII, so slices between
    /// delimiters are `&str`s).
    src: &'a str,
    s: &'a [u8],
    i: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// Skips whitespace; true when there was some.
    fn space(&mut self) -> bool {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')) {
            self.i += 1;
        }
        self.i > start
    }

    /// One alternative, up to a top-level comma or the end.
    fn complex(&mut self) -> Result<Vec<Compound>, &'static str> {
        let mut compounds = Vec::new();
        let mut child = false;
        self.space();
        loop {
            let mut c = self.compound()?;
            c.child = child;
            compounds.push(c);
            let spaced = self.space();
            child = false;
            match self.peek() {
                None | Some(b',') => break,
                Some(b'>') => {
                    self.i += 1;
                    self.space();
                    child = true;
                }
                Some(_) if spaced => {}
                Some(_) => return Err("unsupported syntax"),
            }
        }
        compounds.reverse();
        Ok(compounds)
    }

    fn compound(&mut self) -> Result<Compound, &'static str> {
        let mut c = Compound {
            tag: None,
            simple: Vec::new(),
            child: false,
        };
        let start = self.i;
        if self.peek() == Some(b'*') {
            self.i += 1;
        } else if self.peek().is_some_and(is_name_start) {
            c.tag = Some(LocalName::from(self.lower_name()?));
        }
        loop {
            match self.peek() {
                Some(b'#') => {
                    self.i += 1;
                    c.simple.push(Simple::Id(self.ident()?.into()));
                }
                Some(b'.') => {
                    self.i += 1;
                    c.simple.push(Simple::Class(self.ident()?.into()));
                }
                Some(b'[') => {
                    self.i += 1;
                    c.simple.push(self.attr()?);
                }
                Some(b':') => {
                    self.i += 1;
                    if !self.ident()?.eq_ignore_ascii_case("empty") {
                        return Err("unsupported pseudo-class");
                    }
                    c.simple.push(Simple::Empty);
                }
                _ => break,
            }
        }
        if self.i == start {
            return Err("expected a selector");
        }
        Ok(c)
    }

    fn attr(&mut self) -> Result<Simple, &'static str> {
        self.space();
        let name = self.lower_name()?;
        let legacy_ci = LEGACY_CI.contains(&name);
        let name = LocalName::from(name);
        self.space();
        let op = match self.peek() {
            Some(b']') => {
                self.i += 1;
                return Ok(Simple::Attr {
                    name,
                    test: None,
                    legacy_ci,
                });
            }
            Some(b'=') => Op::Equal,
            Some(b) => {
                let op = match b {
                    b'~' => Op::Includes,
                    b'|' => Op::DashMatch,
                    b'^' => Op::Prefix,
                    b'*' => Op::Substring,
                    b'$' => Op::Suffix,
                    _ => return Err("unsupported attribute selector"),
                };
                self.i += 1;
                if self.peek() != Some(b'=') {
                    return Err("unsupported attribute selector");
                }
                op
            }
            None => return Err("unclosed attribute selector"),
        };
        self.i += 1;
        self.space();
        let value = match self.peek() {
            Some(q @ (b'"' | b'\'')) => {
                let start = self.i + 1;
                let len = self.s[start..]
                    .iter()
                    .position(|&b| b == q)
                    .ok_or("unclosed string")?;
                self.i = start + len + 1;
                let v = &self.src[start..start + len];
                if v.contains(['\\', '\n', '\r', '\x0C']) {
                    return Err("unsupported string");
                }
                v
            }
            _ => self.ident()?,
        };
        self.space();
        if self.peek() != Some(b']') {
            return Err("unsupported attribute selector");
        }
        self.i += 1;
        Ok(Simple::Attr {
            name,
            test: Some((op, value.into())),
            legacy_ci,
        })
    }

    /// A CSS identifier (no escapes).
    fn ident(&mut self) -> Result<&'a str, &'static str> {
        let s = self.s;
        let start = self.i;
        let first = s.get(start).copied();
        let ok_start = match first {
            Some(b'-') => s
                .get(start + 1)
                .is_some_and(|&b| b == b'-' || is_name_start(b)),
            Some(b) => is_name_start(b),
            None => false,
        };
        if !ok_start {
            return Err("expected an identifier");
        }
        self.i += 1;
        while self
            .peek()
            .is_some_and(|b| is_name_start(b) || b == b'-' || b.is_ascii_digit())
        {
            self.i += 1;
        }
        if self.peek() == Some(b'\\') {
            return Err("unsupported escape");
        }
        Ok(&self.src[start..self.i])
    }

    /// An element or attribute name: an identifier in lower case.
    fn lower_name(&mut self) -> Result<&'a str, &'static str> {
        let name = self.ident()?;
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err("write element and attribute names in lower case");
        }
        Ok(name)
    }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RULES;
    use scraper::Html;

    /// Selectors beyond the rule table: every supported construct and its edge cases.
    const EXTRA: &[&str] = &[
        "*",
        "div",
        "p span",
        "div > p",
        "div>p",
        "body > div p",
        "div p > span",
        "ul li a",
        "#main",
        "div#main.x",
        ".x.y",
        ".X",
        "[id]",
        "[data-x]",
        "[data-x=\"\"]",
        "[data-x=a]",
        "[data-x='a b']",
        "[data-x~=\"b\"]",
        "[data-x~=\"\"]",
        "[data-x~=\"a b\"]",
        "[data-x|=en]",
        "[data-x^=\"a\"]",
        "[data-x^=\"\"]",
        "[data-x$=\"c\"]",
        "[data-x$=\"\"]",
        "[data-x*=\"b\"]",
        "[data-x*=\"\"]",
        "[type=TEXT]",
        "[type*=ex]",
        "[type|=a]",
        "[lang|=EN]",
        "[dir=RTL]",
        "[class~=\"x\"]",
        "[ data-x = \"a\" ]",
        "span:empty",
        ":empty",
        "div :empty",
        "td, th",
        "title",
        "svg title",
        "[href]",
        "[viewbox]",
        "a[href*=\"example\"][title]",
        "[id^=div-gpt-ad]",
    ];

    const HTML: &str = r##"<!DOCTYPE html><html><head><title>t</title></head><body>
        <div id="main" class="x y X"><p>a <span>b</span> <span></span><span> </span>
        <span><!-- c --></span></p><ul><li><a href="http://example.com" title="t">l</a></li>
        <li><a href="/x">m</a></li></ul></div>
        <div class="x"><section><p><span class="x">deep</span></p></section></div>
        <p data-x="a b c">1</p><p data-x="">2</p><p data-x="en-US">3</p><p data-x="en">4</p>
        <p data-x="a">5</p><p data-x="A b">6</p><p data-x="abc">7</p><p data-x="b	a">8</p>
        <input type="text"><input type="TEXT"><input type="Text"><p lang="EN-gb">9</p>
        <p lang="en">10</p><p dir="rtl">11</p><p dir="RTL">12</p><p type="tExt">13</p>
        <div id="div-gpt-ad-1"></div><div id="Div-gpt-ad"></div><table><tr><td>c</td>
        <th>h</th></tr></table>
        <svg viewBox="0 0 1 1"><title>s</title><a href="#x" type="TEXT"></a><desc></desc></svg>
        <math><mi lang="EN">x</mi></math><div id=""></div><div class=""></div></body></html>"##;

    fn check(html: &Html, selector: &str) {
        let ours = Selector::parse(selector).unwrap_or_else(|e| panic!("{selector:?}: {e}"));
        let theirs = scraper::Selector::parse(selector).expect("scraper parses it");
        for node in html.tree.nodes() {
            if let Some(el) = ElementRef::wrap(node) {
                assert_eq!(
                    ours.matches(&el),
                    theirs.matches(&el),
                    "{selector:?} on <{} {:?}>",
                    el.value().name(),
                    el.value().attrs().collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn matches_like_scraper() {
        for html in [Html::parse_document(HTML), Html::parse_fragment(HTML)] {
            for s in EXTRA.iter().chain(RULES.iter().map(|r| &r.selector)) {
                check(&html, s);
            }
        }
    }

    /// The rule table against scraper on every page and post under `dir`; how many files.
    fn rule_table_matches_like_scraper_under(dir: std::path::PathBuf) -> usize {
        let mut files = Vec::new();
        let mut dirs = vec![dir];
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(&d).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path
                    .extension()
                    .is_some_and(|e| e == "html" || e == "md" || e == "htm" || e == "txt")
                {
                    files.push(path);
                }
            }
        }
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            for html in [Html::parse_document(&text), Html::parse_fragment(&text)] {
                for rule in RULES {
                    check(&html, rule.selector);
                }
            }
        }
        files.len()
    }

    /// The rule table against scraper on the repository's fixtures (`tests/fixtures`).
    #[test]
    fn rule_table_matches_like_scraper_on_fixtures() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        assert!(rule_table_matches_like_scraper_under(dir) > 0);
    }

    /// The rule table against scraper on every page and post of the shared data.
    #[test]
    #[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
    fn rule_table_matches_like_scraper_on_shared_data() {
        let dir = std::env::var_os("CLEAN_ARTICLE_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
            });
        assert!(rule_table_matches_like_scraper_under(dir) > 0);
    }

    #[test]
    fn prefilter_keys() {
        let keys = |s: &str| Selector::parse(s).ok().and_then(|s| s.keys());
        assert_eq!(
            keys("div.img_wrapper, .a .b > span#x, [hidden], pre button, a[href$='.pdf']"),
            Some(vec![
                Key::Class("img_wrapper".into()),
                Key::Id("x".into()),
                Key::Attr("hidden".into()),
                Key::Tag("button".into()),
                Key::Attr("href".into()),
            ])
        );
        assert_eq!(
            keys(r#"[style*="display: none"], *"#),
            None,
            "a universal alternative disables the prefilter"
        );
        assert_eq!(keys("p:empty"), Some(vec![Key::Tag("p".into())]));
        // Every rule of the table gets keys (so the prefilter is in use).
        for rule in RULES {
            assert!(keys(rule.selector).is_some(), "{}", rule.name);
        }
    }

    #[test]
    fn rejects_what_it_does_not_support() {
        for s in [
            "",
            "a,",
            ",a",
            "a b,",
            "p + p",
            "p ~ p",
            "a:hover",
            "a::before",
            "*|a",
            "[x|y]",
            "[x=\"a\" i]",
            "[x=1]",
            "DIV",
            "[X]",
            "a\\b",
            "[x=\"a\\\"\"]",
            "/* c */ a",
            "a >",
            "> a",
            "[x",
            "[x=",
            "[x=\"a]",
            ".",
            "#",
            "#1a",
            "[x!=a]",
            "a(b)",
        ] {
            assert!(Selector::parse(s).is_err(), "{s:?} should not parse");
        }
    }
}

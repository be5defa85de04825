//! The markup pre-pass of the input stage ([`limit_markup`]): one pass over the bytes with a
//! small model of the HTML tree builder (its stack of open elements, the list of active
//! formatting elements, the scopes), enough to know how deep each start tag would nest.
//! The element categories come from [`crate::html_facts`].

use super::{MAX_ATTRS, MAX_DEPTH, MAX_FORMATTING, UNREAD_BODY_MIN_BYTES};
use crate::article::{Report, EXCERPT_CHARS};
use crate::html_facts::{
    closes_p, is_formatting, is_heading, is_preformatted, is_raw_text, is_read_data_attribute,
    is_script_code_type, is_special, is_void,
};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// Bounds nesting depth, formatting elements and attributes per tag (see the module docs),
/// in time linear in `html`. Returns `html` itself when nothing had to change.
///
/// Only whole tags and whole attributes are cut, never text. Cut end tags are the ones that
/// would have closed a cut start tag, so the kept structure stays as it was.
pub(crate) fn limit_markup<'a>(html: &'a str, report: &mut Report) -> Cow<'a, str> {
    pre_pass(html, report, false)
}

/// [`limit_markup`] for input that is cleaned (whose text the normalizer collapses): it also
/// drops the indentation between tags. A run of whitespace between two tags that holds a line
/// break keeps only its line breaks (`</p>\n····<p>` becomes `</p>\n<p>`), outside
/// preformatted elements and foreign content. The parser then sees the same tokens with
/// fewer characters: whitespace stays whitespace (the tree builder treats it the same), and
/// no run becomes empty (a text node stays a text node, and reopens formatting elements as
/// before). On the shared whole pages a page's parse and clean take about 5 % less time.
///
/// It also leaves out the `data-*` attributes no stage reads (all but the lazy loaders'
/// image sources and the ones the rule table selects on, [`is_read_data_attribute`]), on
/// start tags outside foreign content, except on formatting elements (whose attributes the
/// parser compares when it reopens them): the sanitizer would drop them unreported, and
/// their names cost the tokenizer more than their size (about 3 % of a page's time).
pub(crate) fn limit_markup_for_cleaning<'a>(html: &'a str, report: &mut Report) -> Cow<'a, str> {
    pre_pass(html, report, true)
}

fn pre_pass<'a>(html: &'a str, report: &mut Report, cleaning: bool) -> Cow<'a, str> {
    let mut scan = Scan::new(html);
    scan.cleaning = cleaning;
    scan.run();
    if scan.dropped_tags > 0 {
        report.warn(
            "markup_too_deep",
            format!(
                "{} elements nested deeper than {MAX_DEPTH} levels were put next to their parent \
                 instead of inside it, or, past {MAX_FORMATTING} open formatting elements, \
                 removed; their text was kept",
                scan.dropped_tags
            ),
        );
    }
    if scan.dropped_attrs > 0 {
        report.warn(
            "too_many_attributes",
            format!(
                "{} attributes beyond {MAX_ATTRS} on one tag were removed",
                scan.dropped_attrs
            ),
        );
    }
    match scan.out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[scan.copied..]);
            Cow::Owned(out)
        }
    }
}

// Flags of an element name, for the model of the parser's stack.
const SPECIAL: u16 = 1;
const SCOPE: u16 = 1 << 1; // boundary of "in scope" (and of the narrower scopes)
const BUTTON: u16 = 1 << 2; // extra boundary of "in button scope"
const MARKER: u16 = 1 << 3; // pushes a marker on the list of active formatting elements
const FORMATTING: u16 = 1 << 4;
const HEADING: u16 = 1 << 5;
const CLOSES_P: u16 = 1 << 6;
const VOID: u16 = 1 << 7;
const RAWTEXT: u16 = 1 << 8;
const TABLE_SCOPE: u16 = 1 << 9; // boundary of "in table scope"
const NOT_PUSHED: u16 = 1 << 10; // html, head, body, frameset: never nested by the parser
                                 // Facts about a name kept with its interned id (not element flags).
const BREAKS_OUT: u16 = 1 << 11; // ends foreign content (see `breaks_out`)
const FOREIGN_ROOT: u16 = 1 << 12; // svg, math
const HTML_OR_BODY: u16 = 1 << 13;
const TABLE_PART: u16 = 1 << 14; // its end tag looks in table scope
const PREFORMATTED: u16 = 1 << 15; // pre, listing: whitespace inside is text byte for byte
const NAME_BITS: u16 = BREAKS_OUT | FOREIGN_ROOT | HTML_OR_BODY | TABLE_PART;

/// The names the model looks for by name (their interned ids are kept in `Scan::known`,
/// indexed by the variant).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Known {
    P,
    Li,
    Dd,
    Dt,
    Tr,
    Td,
    Th,
    Tbody,
    Thead,
    Tfoot,
    Button,
    Option,
    A,
    Address,
    Div,
}

impl Known {
    /// How many names there are (the length of `Scan::known`).
    const COUNT: usize = 15;

    /// The variant of an element name, if the model looks for it.
    fn of(name: &str) -> Option<Known> {
        Some(match name {
            "p" => Known::P,
            "li" => Known::Li,
            "dd" => Known::Dd,
            "dt" => Known::Dt,
            "tr" => Known::Tr,
            "td" => Known::Td,
            "th" => Known::Th,
            "tbody" => Known::Tbody,
            "thead" => Known::Thead,
            "tfoot" => Known::Tfoot,
            "button" => Known::Button,
            "option" => Known::Option,
            "a" => Known::A,
            "address" => Known::Address,
            "div" => Known::Div,
            _ => return None,
        })
    }
}

/// The model's flags of an element name: its categories ([`crate::html_facts`]) and the
/// scopes it bounds.
fn flags(name: &str) -> u16 {
    let facts = [
        (is_special(name), SPECIAL),
        (closes_p(name), CLOSES_P),
        (is_heading(name), HEADING),
        // `image` is read as `img`.
        (is_void(name) || name == "image", VOID),
        (is_raw_text(name), RAWTEXT),
        (is_formatting(name), FORMATTING),
        // The preformatted elements that hold markup (the others are raw text).
        (is_preformatted(name) && !is_raw_text(name), PREFORMATTED),
    ];
    let scopes = match name {
        "table" => SCOPE | TABLE_SCOPE,
        "td" | "th" | "caption" | "applet" | "marquee" | "object" => SCOPE | MARKER,
        "template" => SCOPE | MARKER | TABLE_SCOPE,
        "html" => SCOPE | TABLE_SCOPE | NOT_PUSHED,
        "head" | "body" | "frameset" => NOT_PUSHED,
        "button" => BUTTON,
        _ => 0,
    };
    facts
        .iter()
        .filter(|(is, _)| *is)
        .fold(scopes, |f, (_, flag)| f | flag)
}

/// HTML start tags that end foreign (svg/math) content when they appear inside it.
fn breaks_out(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
            | "font"
    )
}

/// What a start tag closes before it opens (besides a `p`), by its name.
#[derive(Clone, Copy)]
enum Closes {
    Nothing,
    /// `li`: an open `li`.
    Li,
    /// `dd`, `dt`: an open `dd` or `dt`.
    DdDt,
    /// `tr`: an open row.
    Tr,
    /// `td`, `th`: an open cell.
    Cell,
    /// `tbody`, `thead`, `tfoot`, `caption`, `colgroup`: an open row group.
    Section,
    /// `option`, `optgroup`: an `option` right above.
    Option,
    /// `button`: an open button.
    Button,
}

/// One element the model believes open.
struct Open {
    /// Interned name.
    name: u32,
    flags: u16,
    foreign: bool,
    /// Id of its entry in the list of active formatting elements, if any.
    fmt: Option<u32>,
}

/// One entry of the model's list of active formatting elements.
enum Fmt {
    Marker,
    Element {
        id: u32,
        name: u32,
        /// Where the tag's raw attribute text is in the source (Noah's Ark compares name
        /// and attributes).
        attrs: (usize, usize),
        open: bool,
    },
}

struct Scan<'a> {
    src: &'a str,
    out: Option<String>,
    copied: usize,
    /// Interned names.
    names: FxHashMap<Cow<'a, str>, u32>,
    /// Every interned name by id: borrowed from the source when written in lower case there.
    name_list: Vec<Cow<'a, str>>,
    /// [`flags`] and [`NAME_BITS`] of each interned name.
    name_flags: Vec<u16>,
    /// Ids of the names the model looks for by name (by [`Known`] variant), once interned.
    known: [Option<u32>; Known::COUNT],
    /// What a start tag of each interned name closes first.
    closes: Vec<Closes>,
    lower: String,
    stack: Vec<Open>,
    fmt: Vec<Fmt>,
    /// Formatting entries (after the last marker) whose element is closed: the parser will
    /// reopen them at the next text or start tag.
    closed: usize,
    next_fmt_id: u32,
    /// Start tags cut, by interned name, whose end tags are still to come.
    pending_end: Vec<usize>,
    html_body_attrs: usize,
    dropped_tags: usize,
    dropped_attrs: usize,
    /// Set once a tag has ended SVG or MathML content early: from then on this model may be
    /// out of step with the parser's (integration points are not modelled), so nothing more
    /// is left out (see [`Scan::may_leave_out`]).
    left_foreign: bool,
    /// Where the current start tag's `type` attribute value is (quotes included), if it has one.
    type_value: Option<(usize, usize)>,
    /// The part of a script or style sheet body to leave out (see [`unread_body`]), cut once
    /// the tag's own attributes are done.
    unread: Option<(usize, usize)>,
    /// Whether indentation between tags and unread `data-*` attributes go (see
    /// [`limit_markup_for_cleaning`]).
    cleaning: bool,
    /// The current start tag's unread `data-*` attributes, cut once the tag is modelled.
    unread_attrs: Vec<(usize, usize)>,
    /// How many elements on the model's stack are [`PREFORMATTED`].
    preformatted: usize,
}

impl<'a> Scan<'a> {
    fn new(src: &'a str) -> Self {
        // Room for the names and nesting of a typical post, so the tables rarely grow.
        const NAMES: usize = 32;
        Scan {
            src,
            out: None,
            copied: 0,
            names: FxHashMap::with_capacity_and_hasher(NAMES, Default::default()),
            name_list: Vec::with_capacity(NAMES),
            name_flags: Vec::with_capacity(NAMES),
            known: [None; Known::COUNT],
            closes: Vec::with_capacity(NAMES),
            lower: String::new(),
            stack: Vec::with_capacity(NAMES),
            fmt: Vec::new(),
            closed: 0,
            next_fmt_id: 0,
            pending_end: Vec::with_capacity(NAMES),
            html_body_attrs: 0,
            dropped_tags: 0,
            dropped_attrs: 0,
            left_foreign: false,
            type_value: None,
            unread: None,
            cleaning: false,
            unread_attrs: Vec::new(),
            preformatted: 0,
        }
    }

    /// Removes `src[from..to]` from the output.
    fn cut(&mut self, from: usize, to: usize) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.src.len()));
        out.push_str(&self.src[self.copied..from]);
        self.copied = to;
    }

    fn run(&mut self) {
        let b = self.src.as_bytes();
        let mut i = 0;
        let mut text_from = 0;
        // Whether the text from `text_from` follows markup (or the start) rather than a `<`
        // that the tokenizer reads as text.
        let mut after_markup = true;
        while i < b.len() {
            let Some(at) = find_byte(self.src, i, b'<') else {
                break;
            };
            i = at;
            // Whether the `<` starts a tag, comment, declaration or `</>` (else it is text).
            let markup = match b.get(i + 1) {
                Some(b'!' | b'?') => true,
                Some(b'/') => i + 2 < b.len(),
                Some(c) => c.is_ascii_alphabetic(),
                None => false,
            };
            if i > text_from {
                if self.cleaning && after_markup && markup {
                    self.drop_indentation_in(text_from, i);
                }
                self.reconstruct();
            }
            after_markup = markup;
            i = match b.get(i + 1) {
                Some(b'!') => {
                    let end = declaration_end(self.src, i);
                    if let Some((from, to)) = unread_comment(self.src, i, end) {
                        if self.may_leave_out() {
                            self.cut(from, to);
                        }
                    }
                    end
                }
                Some(b'?') => skip_past(self.src, i + 2, b'>'),
                Some(b'/') => match b.get(i + 2) {
                    Some(c) if c.is_ascii_alphabetic() => self.tag(i, true),
                    Some(b'>') => i + 3,
                    Some(_) => skip_past(self.src, i + 2, b'>'),
                    None => b.len(),
                },
                Some(c) if c.is_ascii_alphabetic() => self.tag(i, false),
                _ => i + 1,
            };
            text_from = i;
        }
    }

    /// Cuts the spaces, tabs and form feeds of `src[from..to]`, a text run between two tags,
    /// when the run is whitespace holding a line break, outside preformatted elements and
    /// foreign content (see [`limit_markup_for_cleaning`]).
    fn drop_indentation_in(&mut self, from: usize, to: usize) {
        if self.preformatted > 0 || !self.may_leave_out() {
            return;
        }
        let b = self.src.as_bytes();
        let mut breaks = false;
        for &c in &b[from..to] {
            match c {
                b'\n' | b'\r' => breaks = true,
                b' ' | b'\t' | b'\x0C' => {}
                _ => return,
            }
        }
        if !breaks {
            return;
        }
        let mut k = from;
        while k < to {
            let start = k;
            while k < to && !matches!(b[k], b'\n' | b'\r') {
                k += 1;
            }
            if k > start {
                self.cut(start, k);
            }
            k += 1;
        }
    }

    /// A start or end tag at `i` (`<` followed by a letter, or `</` and a letter).
    fn tag(&mut self, i: usize, end: bool) -> usize {
        let b = self.src.as_bytes();
        let name_from = if end { i + 2 } else { i + 1 };
        let mut j = name_from;
        let mut upper = false;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            upper |= b[j].is_ascii_uppercase();
            j += 1;
        }
        let src: &'a str = self.src;
        let raw = &src[name_from..j];
        // The lower-cased name: the source itself when already lower case (no copy).
        let mut name_str = std::mem::take(&mut self.lower);
        let in_src = !upper;
        if !in_src {
            name_str.clear();
            name_str.push_str(raw);
            name_str.make_ascii_lowercase();
        }
        let id = if in_src {
            self.intern(raw, Some(raw))
        } else {
            self.intern(&name_str, None)
        };
        let name_flags = self.name_flags[id as usize];
        let fl = name_flags & !NAME_BITS;
        let is_html_or_body = name_flags & HTML_OR_BODY != 0;
        // Attributes.
        let attrs_from = j;
        let mut count = 0usize;
        let mut self_closing = false;
        let mut cut_from: Option<usize> = None;
        let mut last_attr_end = j;
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                self_closing = b[j] == b'/';
                j += 1;
            }
            if j >= b.len() {
                // EOF inside a tag: the tokenizer drops the tag; nothing to model.
                self.lower = name_str;
                return b.len();
            }
            if b[j] == b'>' {
                break;
            }
            self_closing = false;
            let attr_from = j;
            // Attribute name (a leading `=` belongs to the name).
            j += 1;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=')
            {
                j += 1;
            }
            let name_end = j;
            let is_type = b[attr_from..j].eq_ignore_ascii_case(b"type");
            let mut k = j;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value_from = k;
            if k < b.len() && b[k] == b'=' {
                k += 1;
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                value_from = k;
                match b.get(k) {
                    Some(&q @ (b'"' | b'\'')) => k = skip_past(self.src, k + 1, q),
                    Some(b'>') | None => {}
                    Some(_) => {
                        while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                            k += 1;
                        }
                    }
                }
                j = k;
            }
            last_attr_end = j;
            count += 1;
            // The first of duplicate attributes is the one the tokenizer keeps.
            if is_type && !end && self.type_value.is_none() {
                self.type_value = Some((value_from.min(j), j));
            }
            let limit = if is_html_or_body && !end {
                MAX_ATTRS.saturating_sub(self.html_body_attrs)
            } else {
                MAX_ATTRS
            };
            if count > limit {
                self.dropped_attrs += 1;
                cut_from.get_or_insert(attr_from);
            } else if let Some(from) = cut_from.take() {
                self.cut(from, attr_from);
            } else if self.cleaning
                && !end
                && fl & FORMATTING == 0
                && name_flags & FOREIGN_ROOT == 0
                && self.may_leave_out()
                && is_unread_data_attribute(&b[attr_from..name_end])
            {
                self.unread_attrs.push((attr_from, j));
            }
        }
        if is_html_or_body && !end {
            self.html_body_attrs = (self.html_body_attrs + count).min(MAX_ATTRS);
        }
        let tag_end = j + 1;
        let next = if end {
            self.end_tag(id, fl, i, tag_end);
            tag_end
        } else {
            let attrs = (attrs_from, j);
            let name = if in_src { raw } else { &name_str };
            self.start_tag(id, name, name_flags, self_closing, attrs, i, tag_end)
        };
        // Attributes go now, after the tag itself was modelled: when the whole tag was cut
        // the output is already past them; when an end tag was put before it, still before
        // them. First the unread `data-*` ones (all before any past the limit), then those
        // past the limit.
        for k in 0..self.unread_attrs.len() {
            let (from, to) = self.unread_attrs[k];
            if self.copied <= from {
                self.cut(from, to);
            }
        }
        self.unread_attrs.clear();
        if let Some(from) = cut_from {
            if self.copied < last_attr_end {
                self.cut(from, last_attr_end);
            }
        }
        if let Some((from, to)) = self.unread.take() {
            self.cut(from, to);
        }
        self.type_value = None;
        self.lower = name_str;
        next
    }

    /// The id of the lower-case `name`; `in_src` is the same text borrowed from the source,
    /// kept instead of a copy when the name is new.
    fn intern(&mut self, name: &str, in_src: Option<&'a str>) -> u32 {
        if let Some(&id) = self.names.get(name) {
            return id;
        }
        let id = self.name_list.len() as u32;
        let key: Cow<'a, str> = match in_src {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(name.to_owned()),
        };
        self.name_list.push(key.clone());
        self.names.insert(key, id);
        let mut fl = flags(name);
        if breaks_out(name) {
            fl |= BREAKS_OUT;
        }
        if matches!(name, "svg" | "math") {
            fl |= FOREIGN_ROOT;
        }
        if matches!(name, "html" | "body") {
            fl |= HTML_OR_BODY;
        }
        if matches!(
            name,
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" | "colgroup"
        ) {
            fl |= TABLE_PART;
        }
        if let Some(k) = Known::of(name) {
            self.known[k as usize] = Some(id);
        }
        self.closes.push(match name {
            "li" => Closes::Li,
            "dd" | "dt" => Closes::DdDt,
            "tr" => Closes::Tr,
            "td" | "th" => Closes::Cell,
            "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => Closes::Section,
            "option" | "optgroup" => Closes::Option,
            "button" => Closes::Button,
            _ => Closes::Nothing,
        });
        self.name_flags.push(fl);
        self.pending_end.push(0);
        id
    }

    /// Whether an unread body may be left out here: outside SVG and MathML (where an HTML
    /// integration point such as `foreignObject` or `mtext` reads `<xmp>` or `<textarea>` as
    /// text, which this model does not know), and only while no tag has broken out of them
    /// (a `<font>` without attributes does not in the parser; after one, the model and the
    /// parser may disagree on where foreign content ends).
    fn may_leave_out(&self) -> bool {
        !self.left_foreign && !self.in_foreign()
    }

    fn in_foreign(&self) -> bool {
        self.stack.last().is_some_and(|o| o.foreign)
    }

    #[allow(clippy::too_many_arguments)]
    fn start_tag(
        &mut self,
        id: u32,
        name: &str,
        name_flags: u16,
        self_closing: bool,
        attrs: (usize, usize),
        from: usize,
        to: usize,
    ) -> usize {
        let fl = name_flags & !NAME_BITS;
        let mut foreign = self.in_foreign();
        if foreign && name_flags & BREAKS_OUT != 0 {
            while self.stack.last().is_some_and(|o| o.foreign) {
                self.pop();
            }
            foreign = false;
            self.left_foreign = true;
        }
        if name_flags & FOREIGN_ROOT != 0 {
            foreign = true;
        }
        if foreign {
            if self_closing {
                return to;
            }
            return self.push_or_cut(id, 0, true, None, from, to);
        }
        if fl & NOT_PUSHED != 0 {
            return to;
        }
        self.implicit_closes(id, fl);
        if fl & RAWTEXT != 0 {
            // Raw text elements hold no elements: skip to their end tag.
            if name == "plaintext" {
                return self.src.len();
            }
            let end = find_end_tag(self.src, to, name.as_bytes()).unwrap_or(self.src.len());
            let ty = self.type_value.and_then(|(a, b)| self.src.get(a..b));
            if self.may_leave_out() {
                self.unread = unread_body(self.src, name, ty.unwrap_or(""), to, end);
            }
            return end;
        }
        if fl & VOID != 0 {
            return to;
        }
        if fl & FORMATTING != 0 {
            return self.push_formatting(id, attrs, from, to);
        }
        self.push_or_cut(id, fl, false, None, from, to)
    }

    fn push_or_cut(
        &mut self,
        id: u32,
        fl: u16,
        foreign: bool,
        fmt: Option<u32>,
        from: usize,
        to: usize,
    ) -> usize {
        if !self.make_room(from) {
            self.drop_start(id, from, to);
            return to;
        }
        if fl & MARKER != 0 {
            self.fmt.push(Fmt::Marker);
            self.closed = 0;
        }
        if fl & PREFORMATTED != 0 {
            self.preformatted += 1;
        }
        self.stack.push(Open {
            name: id,
            flags: fl,
            foreign,
            fmt,
        });
        to
    }

    /// At the depth cap, closes the current element with an end tag inserted before the start
    /// tag at `from`, so the new element becomes its sibling (as Chromium does past 512
    /// levels); the input's own end tag for it is cut later. False when nothing can close.
    fn make_room(&mut self, from: usize) -> bool {
        if self.stack.len() + self.closed < MAX_DEPTH {
            return true;
        }
        let Some(top) = self.stack.last() else {
            return false;
        };
        let (name, fid) = (top.name, top.fmt);
        if let Some(fid) = fid {
            // An explicit end tag takes a formatting element off the list too.
            if let Some(pos) = self
                .fmt
                .iter()
                .rposition(|f| matches!(f, Fmt::Element { id, .. } if *id == fid))
            {
                self.fmt.remove(pos);
            }
            if let Some(t) = self.stack.last_mut() {
                t.fmt = None;
            }
        }
        self.pop();
        let end_tag = format!("</{}>", self.name_list[name as usize]);
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.src.len()));
        out.push_str(&self.src[self.copied..from]);
        out.push_str(&end_tag);
        self.copied = from;
        self.pending_end[name as usize] += 1;
        self.dropped_tags += 1;
        self.stack.len() + self.closed < MAX_DEPTH
    }

    fn drop_start(&mut self, id: u32, from: usize, to: usize) {
        self.dropped_tags += 1;
        self.pending_end[id as usize] += 1;
        self.cut(from, to);
    }

    fn push_formatting(&mut self, id: u32, attrs: (usize, usize), from: usize, to: usize) -> usize {
        let since_marker = self
            .fmt
            .iter()
            .rev()
            .take_while(|f| !matches!(f, Fmt::Marker))
            .count();
        if since_marker >= MAX_FORMATTING || !self.make_room(from) {
            self.drop_start(id, from, to);
            return to;
        }
        // `<a>` while an `a` is active: the parser closes the earlier one.
        if self.name_is(id, Known::A) {
            if let Some(pos) = self.last_fmt(id) {
                self.close_fmt_at(pos);
            }
        }
        // Noah's Ark: at most three identical entries after the last marker.
        let same: Vec<usize> = (self.fmt.len() - since_marker.min(self.fmt.len())..self.fmt.len())
            .filter(|&p| {
                matches!(self.fmt[p], Fmt::Element { name, attrs: a, .. }
                    if name == id && self.same_attrs(a, attrs))
            })
            .collect();
        if same.len() >= 3 {
            self.remove_fmt_entry(same[0]);
        }
        let fid = self.next_fmt_id;
        self.next_fmt_id = self.next_fmt_id.wrapping_add(1);
        self.fmt.push(Fmt::Element {
            id: fid,
            name: id,
            attrs,
            open: true,
        });
        self.stack.push(Open {
            name: id,
            flags: FORMATTING,
            foreign: false,
            fmt: Some(fid),
        });
        to
    }

    /// Whether two tags' raw attribute texts are the same (ASCII case aside).
    fn same_attrs(&self, a: (usize, usize), b: (usize, usize)) -> bool {
        let s = self.src.as_bytes();
        a.1 - a.0 == b.1 - b.0 && s[a.0..a.1].eq_ignore_ascii_case(&s[b.0..b.1])
    }

    /// A predicate: is this open element named `known`?
    fn named(&self, known: Known) -> impl Fn(&Open) -> bool {
        let id = self.known[known as usize];
        move |o: &Open| Some(o.name) == id
    }

    fn name_is(&self, id: u32, known: Known) -> bool {
        self.known[known as usize] == Some(id)
    }

    /// Position of the last formatting entry named `id` after the last marker.
    fn last_fmt(&self, id: u32) -> Option<usize> {
        for (p, f) in self.fmt.iter().enumerate().rev() {
            match f {
                Fmt::Marker => return None,
                Fmt::Element { name, .. } if *name == id => return Some(p),
                _ => {}
            }
        }
        None
    }

    /// Removes a formatting entry (and unlinks its element, if still open).
    fn remove_fmt_entry(&mut self, pos: usize) {
        if let Fmt::Element { id, open, .. } = self.fmt.remove(pos) {
            if open {
                if let Some(o) = self.stack.iter_mut().rev().find(|o| o.fmt == Some(id)) {
                    o.fmt = None;
                }
            } else {
                self.closed = self.closed.saturating_sub(1);
            }
        }
    }

    /// Closes the element of the formatting entry at `pos` as the adoption agency would
    /// when nothing special is open inside it; otherwise the nesting depth stays as it is.
    fn close_fmt_at(&mut self, pos: usize) {
        let Fmt::Element { id, open, .. } = self.fmt[pos] else {
            return;
        };
        if !open {
            self.remove_fmt_entry(pos);
            return;
        }
        let Some(spos) = self.stack.iter().rposition(|o| o.fmt == Some(id)) else {
            self.remove_fmt_entry(pos);
            return;
        };
        if self.stack[spos + 1..]
            .iter()
            .any(|o| o.flags & SPECIAL != 0 || o.foreign)
        {
            // A furthest block exists: the parser re-parents, the depth does not shrink.
            return;
        }
        self.fmt.remove(pos);
        self.stack[spos].fmt = None;
        while self.stack.len() > spos {
            self.pop();
        }
    }

    /// Pops the current element; a formatting element popped this way stays in the list of
    /// active formatting elements (closed) and the parser will reopen it.
    fn pop(&mut self) {
        let Some(o) = self.stack.pop() else {
            return;
        };
        if o.flags & PREFORMATTED != 0 {
            self.preformatted -= 1;
        }
        if let Some(fid) = o.fmt {
            if let Some(Fmt::Element { open, .. }) = self
                .fmt
                .iter_mut()
                .rev()
                .find(|f| matches!(f, Fmt::Element { id, .. } if *id == fid))
            {
                *open = false;
                self.closed += 1;
            }
        }
        if o.flags & MARKER != 0 {
            // Clear the list up to the last marker.
            while let Some(f) = self.fmt.pop() {
                if matches!(f, Fmt::Marker) {
                    break;
                }
            }
            self.closed = self
                .fmt
                .iter()
                .rev()
                .take_while(|f| !matches!(f, Fmt::Marker))
                .filter(|f| matches!(f, Fmt::Element { open: false, .. }))
                .count();
        }
    }

    fn pop_to(&mut self, pos: usize) {
        while self.stack.len() > pos {
            self.pop();
        }
    }

    /// Reopens closed formatting elements, as the parser does before text and most tags.
    fn reconstruct(&mut self) {
        if self.closed == 0 {
            return;
        }
        let start = self
            .fmt
            .iter()
            .rposition(|f| matches!(f, Fmt::Marker))
            .map_or(0, |p| p + 1);
        let mut reopen = Vec::new();
        for f in &mut self.fmt[start..] {
            if let Fmt::Element { id, name, open, .. } = f {
                if !*open {
                    *open = true;
                    reopen.push((*id, *name));
                }
            }
        }
        self.closed = 0;
        for (fid, name) in reopen {
            self.stack.push(Open {
                name,
                flags: FORMATTING,
                foreign: false,
                fmt: Some(fid),
            });
        }
    }

    /// Position in the stack of the nearest open element satisfying `is`, searching down to
    /// the first element with one of the `stop` flags.
    fn find_open(&self, is: impl Fn(&Open) -> bool, stop: u16) -> Option<usize> {
        for (p, o) in self.stack.iter().enumerate().rev() {
            if is(o) {
                return Some(p);
            }
            if o.flags & stop != 0 || o.foreign {
                return None;
            }
        }
        None
    }

    fn implicit_closes(&mut self, id: u32, fl: u16) {
        match self.closes[id as usize] {
            Closes::Li => {
                if let Some(p) = self.find_list_item(&[Known::Li]) {
                    self.pop_to(p);
                }
            }
            Closes::DdDt => {
                if let Some(p) = self.find_list_item(&[Known::Dd, Known::Dt]) {
                    self.pop_to(p);
                }
            }
            Closes::Tr => {
                if let Some(p) = self.find_open(self.named(Known::Tr), TABLE_SCOPE) {
                    self.pop_to(p);
                }
            }
            Closes::Cell => {
                let (td, th) = (self.named(Known::Td), self.named(Known::Th));
                if let Some(p) = self.find_open(|o| td(o) || th(o), TABLE_SCOPE) {
                    self.pop_to(p);
                }
            }
            Closes::Section => {
                let (a, b, c) = (
                    self.named(Known::Tbody),
                    self.named(Known::Thead),
                    self.named(Known::Tfoot),
                );
                if let Some(p) = self.find_open(|o| a(o) || b(o) || c(o), TABLE_SCOPE) {
                    self.pop_to(p);
                }
            }
            Closes::Option
                if self
                    .stack
                    .last()
                    .is_some_and(|o| self.name_is(o.name, Known::Option)) =>
            {
                self.pop();
            }
            Closes::Button => {
                if let Some(p) = self.find_open(self.named(Known::Button), SCOPE) {
                    self.pop_to(p);
                }
            }
            _ => {}
        }
        if fl & CLOSES_P != 0 {
            if let Some(p) = self.find_open(self.named(Known::P), SCOPE | BUTTON) {
                self.pop_to(p);
            }
        }
        if fl & HEADING != 0 && self.stack.last().is_some_and(|o| o.flags & HEADING != 0) {
            self.pop();
        }
    }

    /// For `li`/`dd`/`dt`: the nearest open one of `names`, above any special element other
    /// than `address`, `div` and `p`.
    fn find_list_item(&self, names: &[Known]) -> Option<usize> {
        let id = |k: Known| self.known[k as usize];
        let ids = [id(names[0]), names.get(1).and_then(|&k| id(k))];
        let transparent = [id(Known::Address), id(Known::Div), id(Known::P)];
        for (p, o) in self.stack.iter().enumerate().rev() {
            if ids.contains(&Some(o.name)) {
                return Some(p);
            }
            if (o.flags & SPECIAL != 0 && !transparent.contains(&Some(o.name))) || o.foreign {
                return None;
            }
        }
        None
    }

    fn end_tag(&mut self, id: u32, fl: u16, from: usize, to: usize) {
        if let Some(n) = self.pending_end.get_mut(id as usize) {
            if *n > 0 {
                *n -= 1;
                self.cut(from, to);
                return;
            }
        }
        // Foreign content: the nearest foreign element of that name, if any.
        if self.in_foreign() {
            let mut p = self.stack.len();
            while p > 0 && self.stack[p - 1].foreign {
                p -= 1;
                if self.stack[p].name == id {
                    self.pop_to(p);
                    return;
                }
            }
        }
        if fl & FORMATTING != 0 {
            match self.last_fmt(id) {
                Some(pos) => self.close_fmt_at(pos),
                None => self.end_other(id),
            }
            return;
        }
        if fl & HEADING != 0 {
            if let Some(p) = self.find_open(|o| o.flags & HEADING != 0, SCOPE) {
                self.pop_to(p);
            }
            return;
        }
        if fl & SPECIAL != 0 {
            let stop = if self.name_flags[id as usize] & TABLE_PART != 0 {
                TABLE_SCOPE
            } else if self.name_is(id, Known::P) {
                SCOPE | BUTTON
            } else {
                SCOPE
            };
            if let Some(p) = self.find_open(|o| o.name == id, stop) {
                self.pop_to(p);
            }
            return;
        }
        self.end_other(id);
    }

    /// "Any other end tag": closes the nearest element of that name unless a special
    /// element is open inside it.
    fn end_other(&mut self, id: u32) {
        if let Some(p) = self.find_open(|o| o.name == id, SPECIAL) {
            self.pop_to(p);
        }
    }
}

/// Position of the first occurrence of the two-byte `needle` at or after `from` in `s`.
fn find(s: &str, from: usize, needle: &[u8; 2]) -> Option<usize> {
    let mut from = from;
    while let Some(at) = find_byte(s, from, needle[0]) {
        if s.as_bytes().get(at + 1) == Some(&needle[1]) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether the attribute named `name` (as written) is a `data-*` attribute that no stage
/// reads ([`is_read_data_attribute`]): the cleaner's pre-pass leaves it out, as the parser
/// would spend more on its name and value than on most text.
fn is_unread_data_attribute(name: &[u8]) -> bool {
    name.len() > 5 && name[..5].eq_ignore_ascii_case(b"data-") && !is_read_data_attribute(name)
}

/// Index of the first byte `c` at or after `from` in `s`. The pre-passes read every byte of
/// the input (both passes scan whole pages, scripts included), so this is their inner loop.
pub(crate) fn find_byte(s: &str, from: usize, c: u8) -> Option<usize> {
    position(s.as_bytes().get(from..)?, c).map(|k| from + k)
}

/// The first `c` in `b`, natively: a plain loop (the next `<` is usually a few dozen bytes
/// away, where `memchr`'s set-up costs more than its word-at-a-time search saves).
#[cfg(not(target_arch = "wasm32"))]
fn position(b: &[u8], c: u8) -> Option<usize> {
    b.iter().position(|&x| x == c)
}

/// The first `c` in `b`, in the `.wasm`: the first 16 bytes one by one (the next `<` is often
/// that close), then 16 at a time with WebAssembly SIMD (compare, then the lanes' bitmask).
/// Whole pages take 0.976 of the time (benches/compare-builds.mjs). Using `simd128` anywhere
/// lets wasm-opt move memory 16 bytes at a time everywhere, which made the module 700 bytes
/// smaller (gzip). Every engine the package supports has SIMD (docs/performance.md, Size).
#[cfg(target_arch = "wasm32")]
#[target_feature(enable = "simd128")]
fn position(b: &[u8], c: u8) -> Option<usize> {
    use core::arch::wasm32::{u8x16, u8x16_bitmask, u8x16_eq, u8x16_splat};
    let head = b.len().min(16);
    if let Some(k) = b[..head].iter().position(|&x| x == c) {
        return Some(k);
    }
    let needle = u8x16_splat(c);
    let mut at = head;
    let mut chunks = b[head..].chunks_exact(16);
    for x in &mut chunks {
        let v = u8x16(
            x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8], x[9], x[10], x[11], x[12], x[13],
            x[14], x[15],
        );
        let m = u8x16_bitmask(u8x16_eq(v, needle));
        if m != 0 {
            return Some(at + m.trailing_zeros() as usize);
        }
        at += 16;
    }
    chunks
        .remainder()
        .iter()
        .position(|&x| x == c)
        .map(|k| at + k)
}

/// The index just past the next `c` at or after `from`, or the end.
/// Past the next byte `c` at or after `from`, or the end of `s`.
pub(crate) fn skip_past(s: &str, from: usize, c: u8) -> usize {
    match find_byte(s, from, c) {
        Some(k) => k + 1,
        None => s.len(),
    }
}

/// The part of a `<script>` or `<style>` body (`src[from..to]`, up to its end tag) that no
/// later stage reads, to leave out of what the parser sees: the body of a style sheet or of
/// a script the browser would run (see [`is_script_code_type`]; data blocks such as JSON-LD
/// and templates are read, so they stay whole). A whole page's scripts and style sheets are
/// often half its bytes, and parsing them only to remove them was a tenth of the time.
///
/// The body's head stays, up to [`EXCERPT_CHARS`] + 1 printable ASCII characters, so
/// the report line that quotes a removed script or style sheet reads the same. Only a body of
/// [`UNREAD_BODY_MIN_BYTES`] or more is cut, and only when it holds no `<!--`: the tokenizer
/// reads `<!--<script>` as the start of an escaped section, where the first `</script>` does
/// not end the element, and this pass does not model that.
fn unread_body(src: &str, name: &str, ty: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let read = match name {
        "style" => false,
        "script" => !is_script_code_type(ty),
        _ => true,
    };
    let body = src.get(..to)?;
    // `<!` rather than `<!--`: the pass's own search, and a body that holds `<!` is rare.
    if read || find(body, from, b"<!").is_some() {
        return None;
    }
    unread_tail(body, from)
}

/// The tail of `src[from..]` past its quoted head (up to [`EXCERPT_CHARS`] + 1 printable
/// ASCII characters, which are never whitespace, so a report's quote of the whole reads the
/// same as of the head), when the whole is at least [`UNREAD_BODY_MIN_BYTES`] long and the
/// tail at least half that.
fn unread_tail(src: &str, from: usize) -> Option<(usize, usize)> {
    let rest = src.as_bytes().get(from..)?;
    if rest.len() < UNREAD_BODY_MIN_BYTES {
        return None;
    }
    let mut seen = 0;
    let keep = from
        + rest.iter().position(|b| {
            seen += usize::from(b.is_ascii_graphic());
            seen > EXCERPT_CHARS + 1
        })?;
    (src.len() - keep >= UNREAD_BODY_MIN_BYTES / 2).then_some((keep, src.len()))
}

/// The part of a long comment's text to leave out: every later stage removes comments,
/// quoting their first words in the report (see [`unread_tail`]). `from..to` is the whole
/// `<!--…-->`; a comment the input leaves open is kept whole.
fn unread_comment(src: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let whole = src.get(from..to)?;
    let text = whole.strip_prefix("<!--")?;
    let text = text
        .strip_suffix("--!>")
        .or_else(|| text.strip_suffix("-->"))?;
    unread_tail(src.get(..from + 4 + text.len())?, from + 4)
}

/// Past the `<!--…-->`, `<!DOCTYPE …>`, `<![CDATA[…]]>` or other bogus comment that starts
/// at `i` (a comment ends at the first `-->` or `--!>`; `<!-->` and `<!--->` are empty ones).
pub(crate) fn declaration_end(src: &str, i: usize) -> usize {
    let b = src.as_bytes();
    if !b[i..].starts_with(b"<!--") {
        return skip_past(src, i + 2, b'>');
    }
    let mut j = i + 2;
    while let Some(at) = find(src, j, b"--") {
        if b.get(at + 2) == Some(&b'>') {
            return at + 3;
        }
        if b.get(at + 2) == Some(&b'!') && b.get(at + 3) == Some(&b'>') {
            return at + 4;
        }
        j = at + 1;
    }
    b.len()
}

/// The index of the first end tag `</name` (followed by whitespace, `/`, `>` or the end of
/// the input; ASCII case ignored) at or after `from`: where a raw text element whose content
/// starts at `from` ends.
pub(crate) fn find_end_tag(src: &str, from: usize, name: &[u8]) -> Option<usize> {
    let b = src.as_bytes();
    let mut j = from;
    while let Some(at) = find(src, j, b"</") {
        let after = at + 2 + name.len();
        if b.len() >= after
            && b[at + 2..after].eq_ignore_ascii_case(name)
            && b.get(after)
                .is_none_or(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
        {
            return Some(at);
        }
        j = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_name_has_its_own_slot() {
        let names = "p li dd dt tr td th tbody thead tfoot button option a address div";
        let mut slots: Vec<usize> = names
            .split(' ')
            .map(|n| Known::of(n).map(|k| k as usize).expect(n))
            .collect();
        slots.sort_unstable();
        assert_eq!(slots, (0..Known::COUNT).collect::<Vec<_>>());
        assert_eq!(Known::of("span"), None);
    }

    #[test]
    fn byte_search_matches_a_naive_scan() {
        let mut x: u32 = 12345;
        let hay: String = (0..300)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                ['a', '<', '-', 'é', '中', '>'][(x >> 16) as usize % 6]
            })
            .collect();
        let bytes = hay.as_bytes();
        // (Starting inside a multi-byte character too.)
        for from in 0..bytes.len() + 2 {
            for c in [b'<', b'-', 0xa9, 0xe4, b'>', b'z'] {
                let naive = bytes
                    .get(from..)
                    .and_then(|s| s.iter().position(|&b| b == c))
                    .map(|k| from + k);
                assert_eq!(find_byte(&hay, from, c), naive, "from {from} byte {c}");
            }
            let naive = bytes
                .get(from..)
                .and_then(|s| s.windows(2).position(|w| w == b"<-"))
                .map(|k| from + k);
            assert_eq!(find(&hay, from, b"<-"), naive);
        }
    }
}

//! A JSON reader for the page's JSON-LD blocks ([`crate::extract`]) and options written as JSON
//! ([`crate::Options::from_json`]).
//!
//! It accepts exactly the texts `serde_json::from_str::<Value>` accepts (the same grammar, the
//! same nesting limit of 127, lone surrogates and numbers beyond `f64` rejected: a unit test
//! compares the two) and builds the same `Value`, except that a number that is not an integer
//! holds an approximation of its value (the metadata reader never looks at numbers). It
//! replaces serde's deserializer, whose generic code weighed ~7 KB of the gzipped `.wasm`.

use serde_json::{Map, Number, Value};

/// Parses `s` as one JSON value (surrounding JSON whitespace allowed); `None` when
/// `serde_json` would reject it.
pub(crate) fn parse(s: &str) -> Option<Value> {
    let mut p = Reader {
        s,
        i: 0,
        depth: 128,
    };
    let v = p.value()?;
    p.space();
    (p.i == s.len()).then_some(v)
}

struct Reader<'a> {
    s: &'a str,
    i: usize,
    /// serde_json's `remaining_depth`: an array or object that brings it to 0 is an error.
    depth: u8,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.space();
        let c = self.peek()?;
        let literal = |p: &mut Self, word: &str, v: Value| {
            p.s[p.i..].starts_with(word).then(|| {
                p.i += word.len();
                v
            })
        };
        match c {
            b'n' => literal(self, "null", Value::Null),
            b't' => literal(self, "true", Value::Bool(true)),
            b'f' => literal(self, "false", Value::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            b'"' => {
                self.i += 1;
                self.string().map(Value::String)
            }
            b'[' | b'{' => {
                self.depth -= 1;
                if self.depth == 0 {
                    return None;
                }
                self.i += 1;
                let v = if c == b'[' {
                    self.array()
                } else {
                    self.object()
                };
                self.depth += 1;
                v
            }
            _ => None,
        }
    }

    fn array(&mut self) -> Option<Value> {
        let mut out = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Some(Value::Array(out));
        }
        loop {
            out.push(self.value()?);
            self.space();
            match self.next()? {
                b',' => {}
                b']' => return Some(Value::Array(out)),
                _ => return None,
            }
        }
    }

    fn object(&mut self) -> Option<Value> {
        let mut out = Map::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Some(Value::Object(out));
        }
        loop {
            self.space();
            if self.next()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.space();
            if self.next()? != b':' {
                return None;
            }
            let v = self.value()?;
            out.insert(key, v);
            self.space();
            match self.next()? {
                b',' => {}
                b'}' => return Some(Value::Object(out)),
                _ => return None,
            }
        }
    }

    /// The rest of a string whose opening quote was read.
    fn string(&mut self) -> Option<String> {
        let mut out = String::new();
        loop {
            let start = self.i;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.i += 1;
            }
            out.push_str(&self.s[start..self.i]);
            match self.next()? {
                b'"' => return Some(out),
                b'\\' => {}
                _ => return None, // a control character
            }
            let c = match self.next()? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\x08',
                b'f' => '\x0c',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let n = self.hex4()?;
                    let n = match n {
                        0xD800..=0xDBFF => {
                            if !self.s[self.i..].starts_with("\\u") {
                                return None;
                            }
                            self.i += 2;
                            let low = self.hex4()?;
                            if !(0xDC00..=0xDFFF).contains(&low) {
                                return None;
                            }
                            0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00)
                        }
                        0xDC00..=0xDFFF => return None,
                        n => n,
                    };
                    char::from_u32(n)?
                }
                _ => return None,
            };
            out.push(c);
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + char::from(self.next()?).to_digit(16)?;
        }
        Some(n)
    }

    /// A number, following serde_json's parser step by step (its significand overflow and
    /// exponent rules decide which numbers are out of range).
    fn number(&mut self) -> Option<Value> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let digit = |p: &Self| {
            p.peek()
                .filter(u8::is_ascii_digit)
                .map(|d| u64::from(d - b'0'))
        };
        let mut sig: u64 = 0;
        let mut exp: i32 = 0;
        match self.next()? {
            b'0' => {
                if digit(self).is_some() {
                    return None;
                }
            }
            d @ b'1'..=b'9' => {
                sig = u64::from(d - b'0');
                // Integer digits: once the significand is full, further digits count in
                // the exponent.
                while let Some(d) = digit(self) {
                    self.i += 1;
                    match sig.checked_mul(10).and_then(|s| s.checked_add(d)) {
                        Some(s) if exp == 0 => sig = s,
                        _ => exp += 1,
                    }
                }
            }
            _ => return None,
        }
        let mut float = exp != 0;
        if self.peek() == Some(b'.') {
            self.i += 1;
            float = true;
            digit(self)?;
            // Fraction digits: once the significand is full, the rest are ignored.
            let mut full = false;
            while let Some(d) = digit(self) {
                self.i += 1;
                match sig.checked_mul(10).and_then(|s| s.checked_add(d)) {
                    Some(s) if !full => {
                        sig = s;
                        exp -= 1;
                    }
                    _ => full = true,
                }
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            float = true;
            let positive = match self.peek() {
                Some(b'+') => {
                    self.i += 1;
                    true
                }
                Some(b'-') => {
                    self.i += 1;
                    false
                }
                _ => true,
            };
            digit(self)?;
            let mut e: i32 = 0;
            let mut overflow = false;
            while let Some(d) = digit(self) {
                self.i += 1;
                match e.checked_mul(10).and_then(|e| e.checked_add(d as i32)) {
                    Some(v) if !overflow => e = v,
                    _ => overflow = true,
                }
            }
            if overflow {
                // serde_json: an error instead of infinity, zero instead of an underflow.
                if sig != 0 && positive {
                    return None;
                }
                return Some(Value::from(if negative { -0.0 } else { 0.0 }));
            }
            exp = if positive {
                exp.saturating_add(e)
            } else {
                exp.saturating_sub(e)
            };
        }
        if !float {
            return Some(Value::Number(if !negative {
                Number::from(sig)
            } else if (sig as i64).wrapping_neg() < 0 {
                Number::from((sig as i64).wrapping_neg())
            } else {
                return Some(Value::from(-(sig as f64)));
            }));
        }
        // Out of range exactly when serde_json's `significand * 10^exp` is infinite; below
        // 10^289 a `u64` significand cannot overflow.
        const POW10_289: [f64; 20] = [
            1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300,
            1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
        ];
        let mut f = sig as f64;
        if sig != 0 && exp >= 0 {
            f *= if exp >= 289 {
                *POW10_289.get(exp as usize - 289)?
            } else {
                10f64.powi(exp)
            };
            if f.is_infinite() {
                return None;
            }
        } else if sig != 0 {
            while exp < -308 {
                f /= 1e308;
                exp += 308;
            }
            f /= 10f64.powi(-exp);
        }
        Some(Value::from(if negative { -f } else { f }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Same acceptance as serde_json, and the same value up to float rounding.
    fn check(s: &str) {
        let theirs = serde_json::from_str::<Value>(s).ok();
        let ours = parse(s);
        assert_eq!(
            ours.is_some(),
            theirs.is_some(),
            "{s:?}: {ours:?} vs {theirs:?}"
        );
        if let (Some(a), Some(b)) = (ours, theirs) {
            assert!(same(&a, &b), "{s:?}: {a:?} vs {b:?}");
        }
    }

    fn same(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                x == y || ((x - y) / y).abs() < 1e-9
            }
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| a.0 == b.0 && same(a.1, b.1))
            }
            _ => a == b,
        }
    }

    const CASES: &[&str] = &[
        "", " ", "null", " null ", "nul", "nulll", "true", "false", "True", "[]", "{}", "[ ]",
        "{ }", "[1,]", "[,1]", "[1 2]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{\"a\":}", "{,}",
        "{\"a\":1,\"a\":2}", "[1]x", "[1] ", "\t[\n1\r]\n", "\u{a0}1", "\"\"", "\"a\"", "\"a",
        "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\x\"", "\"\\u00e9\\u00E9\"", "\"\\u12\"",
        "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"",
        "\"\\ud83d\\ud83d\\ude00\"", "\"\\ud83dx\"", "\"\\ud83d\\n\"", "\"a\u{1}b\"", "\"\u{7f}\"",
        "\"é中😀\"", "\"\\u0000\"", "0", "-0", "00", "01", "-", "-a", "1.", "1.0", ".5", "1e",
        "1e+", "1e-", "1e5", "1E5", "1e+5", "1e-5", "-1.5e-3", "1.5e308", "1.8e308", "1e309",
        "0e999999", "1e-999999", "0.0e400", "1e400", "-1e400", "1e2147483647", "1e2147483648",
        "1e99999999999", "1e-99999999999", "0e99999999999", "18446744073709551615",
        "18446744073709551616", "-9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "1.7976931348623157e308", "1.7976931348623159e308",
        "17976931348623157081452742373170435679807056752584499659891747680315726078002853876058955863276687817154045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845513394230458323690322294816580855933212334827479782620414472316873817718091929988125040402618412485836800",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
        "0.00000000000000000000000000000000000000001", "1.00000000000000000000000000000000000001",
        "18446744073709551616.5", "1844674407370955161.6e290", "[[[[]]]]", "[{\"@graph\":[]}]",
        "[1,[2,[3]]]", "{\"a\":[{\"b\":null}]}", "\u{feff}{}",
    ];

    #[test]
    fn accepts_what_serde_json_accepts() {
        for s in CASES {
            check(s);
        }
        for depth in [126, 127, 128, 129, 300] {
            check(&("[".repeat(depth) + &"]".repeat(depth)));
            check(&("{\"a\":".repeat(depth) + "1" + &"}".repeat(depth)));
        }
    }

    /// Every byte changed, dropped or doubled at every position of a few documents.
    #[test]
    fn mutations_agree_with_serde_json() {
        let docs = [
            r#"{"@context":"https://schema.org","@type":["NewsArticle"],"headline":"H \u00e9\ud83d\ude00","n":-12.5e-3,"a":[1,true,null,{}],"x":""}"#,
            r#"[0,-0,1e5,18446744073709551615,"\n\\",{"k":[[]]}]"#,
        ];
        let bytes: &[u8] = b"\"\\/{}[],:.-+eE0123456789 \tnulltrfase\x01\x7fu";
        for doc in docs {
            for i in 0..doc.len() {
                if !doc.is_char_boundary(i) {
                    continue;
                }
                let end = doc[i..].chars().next().map_or(i, |c| i + c.len_utf8());
                check(&format!("{}{}", &doc[..i], &doc[end..]));
                check(&format!("{}{}", &doc[..end], &doc[i..]));
                for &b in bytes {
                    check(&format!("{}{}{}", &doc[..i], char::from(b), &doc[end..]));
                }
            }
        }
    }

    /// Short random texts over JSON's alphabet (a fixed-seed generator).
    #[test]
    fn random_texts_agree_with_serde_json() {
        let tokens = [
            "0",
            "1",
            "9",
            "-",
            "+",
            ".",
            "e",
            "E",
            "\"",
            "\\",
            "u",
            "d83d",
            "de00",
            "[",
            "]",
            "{",
            "}",
            ",",
            ":",
            " ",
            "\n",
            "null",
            "true",
            "a",
            "é",
            "\u{1}",
            "0000",
            "1e308",
            "18446744073709551615",
            "e400",
            "e-400",
        ];
        let mut next = crate::test_rng::rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..200_000 {
            let len = next(10);
            let s: String = (0..len).map(|_| tokens[next(tokens.len())]).collect();
            check(&s);
        }
    }

    /// Every JSON-LD block of the pages under `dir` (and half of each); how many were found.
    fn json_ld_blocks_agree(dir: std::path::PathBuf) -> usize {
        let mut found = 0;
        let mut dirs = vec![dir];
        while let Some(d) = dirs.pop() {
            for entry in std::fs::read_dir(&d).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let html = scraper::Html::parse_document(&text);
                for node in html.tree.nodes() {
                    let Some(el) = scraper::ElementRef::wrap(node) else {
                        continue;
                    };
                    if el.value().name() == "script"
                        && crate::dom::get_attr(el.value(), "type")
                            .is_some_and(|t| t.contains("ld+json"))
                    {
                        let t: String = el.text().collect();
                        check(t.trim());
                        let mut half = t.len() / 2;
                        while !t.is_char_boundary(half) {
                            half -= 1;
                        }
                        check(&t[..half]);
                        found += 1;
                    }
                }
            }
        }
        found
    }

    /// The JSON-LD blocks of the page fixtures (`tests/fixtures/pages`).
    #[test]
    fn fixture_pages_agree_with_serde_json() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
        assert!(json_ld_blocks_agree(dir) > 0);
    }

    /// Every JSON-LD block of the shared pages.
    #[test]
    #[ignore = "needs ../shared (set CLEAN_ARTICLE_SHARED)"]
    fn shared_pages_agree_with_serde_json() {
        let dir = std::env::var_os("CLEAN_ARTICLE_SHARED")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")
            });
        assert!(json_ld_blocks_agree(dir.join("bench")) > 0);
    }
}

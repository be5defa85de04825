//! Fast "does this string contain any of these words" for the keyword lists the stages apply
//! to every element (class/id fragments). One pass over the haystack instead of one
//! substring search per keyword: tables built at compile time give, for each pair of
//! adjacent bytes, the keywords that may start there (bytes are folded to 32 classes to keep
//! the tables small; a candidate is always confirmed by comparing the whole keyword).

/// A list of lower-case ASCII keywords (at most 64, at least two bytes each, no whitespace).
pub(crate) struct Needles {
    list: &'static [&'static str],
    /// For each byte class, the keywords (bit `i` = `list[i]`) whose first byte is in it.
    first: [u64; 32],
    /// For each byte class, the keywords whose second byte is in it.
    second: [u64; 32],
}

/// The class of a byte in the tables (ASCII case folded first).
const fn class(b: u8) -> usize {
    (b.to_ascii_lowercase() & 31) as usize
}

impl Needles {
    /// Indexes `list`; fails to compile when a keyword breaks the rules above.
    pub(crate) const fn new(list: &'static [&'static str]) -> Needles {
        assert!(list.len() <= 64, "at most 64 keywords");
        let mut first = [0u64; 32];
        let mut second = [0u64; 32];
        let mut i = 0;
        while i < list.len() {
            let b = list[i].as_bytes();
            assert!(b.len() >= 2, "keywords have at least two bytes");
            let mut k = 0;
            while k < b.len() {
                assert!(
                    b[k].is_ascii() && !b[k].is_ascii_uppercase() && !b[k].is_ascii_whitespace(),
                    "keywords are lower-case ASCII without whitespace"
                );
                k += 1;
            }
            first[class(b[0])] |= 1u64 << i;
            second[class(b[1])] |= 1u64 << i;
            i += 1;
        }
        Needles {
            list,
            first,
            second,
        }
    }

    /// Whether any keyword occurs in `hay`, ASCII case ignored (the same answer as
    /// `hay.to_ascii_lowercase().contains(keyword)` for some keyword).
    pub(crate) fn in_ignoring_case(&self, hay: &str) -> bool {
        self.any_occurrence(hay, |_, _| true)
    }

    /// Whether `accept(keyword, at)` holds for some occurrence of a keyword at byte `at` of
    /// `hay` (ASCII case ignored), trying the occurrences in order of position: one pass
    /// over `hay` for all the keywords.
    pub(crate) fn any_occurrence(
        &self,
        hay: &str,
        mut accept: impl FnMut(&'static str, usize) -> bool,
    ) -> bool {
        let h = hay.as_bytes();
        for (i, pair) in h.windows(2).enumerate() {
            let mut m = self.first[class(pair[0])] & self.second[class(pair[1])];
            while m != 0 {
                let k = m.trailing_zeros() as usize;
                m &= m - 1;
                let n = self.list[k];
                if h.len() - i >= n.len()
                    && h[i..i + n.len()].eq_ignore_ascii_case(n.as_bytes())
                    && accept(n, i)
                {
                    return true;
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: &[&str] = &["ad", "-ad-", "comment", "com-", "xy", "share"];
    const SET: Needles = Needles::new(WORDS);

    #[test]
    fn agrees_with_contains() {
        for hay in [
            "",
            "a",
            "AD",
            "-Ad-block",
            "Comments",
            "co",
            "com",
            "com-x",
            "xY",
            "x",
            "sHaRe-bar",
            "shar",
            "中文 comment",
            "中文",
            "é",
            "post-body",
            // Bytes that share a class with keyword bytes.
            "m-ad-",
            "-Mad",
            "pqrs_0123 -_ mAD",
            "\u{e1}\u{cd}",
        ] {
            let expect = WORDS.iter().any(|w| hay.to_ascii_lowercase().contains(w));
            assert_eq!(SET.in_ignoring_case(hay), expect, "{hay:?}");
        }
    }
}

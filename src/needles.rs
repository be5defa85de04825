//! Fast "does this string contain any of these words" for the keyword lists the stages apply
//! to every element (class/id fragments). One pass over the haystack instead of one
//! substring search per keyword: a table built at compile time maps each byte to the
//! keywords that start with it.

/// A list of lower-case ASCII keywords (at most 64, at least two bytes each, no whitespace).
pub(crate) struct Needles {
    list: &'static [&'static str],
    /// For each byte, the keywords (bit `i` = `list[i]`) whose first byte it is.
    first: [u64; 256],
    /// For each byte, the keywords whose second byte it is.
    second: [u64; 256],
}

impl Needles {
    /// Indexes `list`; fails to compile when a keyword breaks the rules above.
    pub(crate) const fn new(list: &'static [&'static str]) -> Needles {
        assert!(list.len() <= 64, "at most 64 keywords");
        let mut first = [0u64; 256];
        let mut second = [0u64; 256];
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
            first[b[0] as usize] |= 1u64 << i;
            second[b[1] as usize] |= 1u64 << i;
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
        let h = hay.as_bytes();
        for (i, pair) in h.windows(2).enumerate() {
            let mut m = self.first[usize::from(pair[0].to_ascii_lowercase())]
                & self.second[usize::from(pair[1].to_ascii_lowercase())];
            while m != 0 {
                let k = m.trailing_zeros() as usize;
                m &= m - 1;
                let n = self.list[k].as_bytes();
                if h.len() - i >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n) {
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
        ] {
            let expect = WORDS.iter().any(|w| hay.to_ascii_lowercase().contains(w));
            assert_eq!(SET.in_ignoring_case(hay), expect, "{hay:?}");
        }
    }
}

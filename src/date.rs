//! Dates to ISO 8601, without inventing information: a date with a zone keeps it (UTC as
//! `Z`), a date without one stays zone-less, a date without a time stays a date.
//!
//! Accepted: RFC 2822 (`Tue, 10 Aug 2021 13:16:24 GMT`, `10 Aug 2021 13:16 +0800`),
//! ISO 8601 / RFC 3339 (`2021-08-10T13:16:24.5+08:00`), `YYYY-MM-DD[ HH:MM[:SS]]` with `-`,
//! `/` or `.`, Chinese dates (`2021年8月10日 13:16`, `2021年08月10日13时16分`), JavaScript's
//! `Date.prototype.toString()` (`Tue Aug 10 2021 21:16:24 GMT+0800 (China Standard Time)`)
//! and, through [`from_unix`], Unix timestamps.
//!
//! Anything else (`Invalid Date`, `yesterday`) is `None`; the caller warns.

/// Parses `s` into ISO 8601, or `None` when it is not a date this module understands.
pub(crate) fn to_iso8601(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    parse_rfc2822(s)
        .or_else(|| parse_numeric(s))
        .or_else(|| parse_js(s))
}

/// A Unix timestamp (seconds, or milliseconds when it has 13 digits or more) as UTC.
pub(crate) fn from_unix(n: i64) -> Option<String> {
    let secs = if n.unsigned_abs() >= 100_000_000_000 {
        n.div_euclid(1000)
    } else {
        n
    };
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Parts {
        year: u32::try_from(year).ok()?,
        month: month as u32,
        day: day as u32,
        time: Some((
            (rem / 3600) as u32,
            (rem % 3600 / 60) as u32,
            (rem % 60) as u32,
        )),
        offset: Some(0),
    }
    .format()
}

/// JavaScript's `Date.prototype.toString()`: `Tue Aug 10 2021 21:16:24 GMT+0800 (…)`.
fn parse_js(s: &str) -> Option<String> {
    let s = match s.find('(') {
        Some(i) if s.ends_with(')') => s[..i].trim_end(),
        _ => s,
    };
    let mut words = s.split_whitespace();
    let dow = words.next()?;
    if !dow.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let month = month_from_name(words.next()?)?;
    let day: u32 = words.next()?.parse().ok()?;
    let year: u32 = words.next()?.parse().ok()?;
    let time = parse_hms(words.next()?)?;
    let offset = match words.next() {
        None => None,
        Some(z) => {
            let upper = z.to_ascii_uppercase();
            match upper
                .strip_prefix("GMT")
                .or_else(|| upper.strip_prefix("UTC"))
            {
                Some("") => Some(0),
                Some(rest) => Some(parse_zone(rest)?),
                None => Some(parse_zone(z)?),
            }
        }
    };
    if words.next().is_some() {
        return None;
    }
    Parts {
        year,
        month,
        day,
        time: Some(time),
        offset,
    }
    .format()
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Parts {
    year: u32,
    month: u32,
    day: u32,
    time: Option<(u32, u32, u32)>,
    /// Offset from UTC in minutes; `None` when the source had no zone.
    offset: Option<i32>,
}

impl Parts {
    fn valid(&self) -> bool {
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0) => 29,
            2 => 28,
            _ => return false,
        };
        (1000..=9999).contains(&self.year)
            && (1..=days).contains(&self.day)
            && self
                .time
                .is_none_or(|(h, m, s)| h < 24 && m < 60 && s <= 60)
            && self.offset.is_none_or(|o| o.abs() < 24 * 60)
    }

    fn format(&self) -> Option<String> {
        if !self.valid() {
            return None;
        }
        // Written digit by digit into one string (`format!` costs more than the parsing).
        let mut out = String::with_capacity(25);
        push_digits(&mut out, self.year, 4);
        out.push('-');
        push_digits(&mut out, self.month, 2);
        out.push('-');
        push_digits(&mut out, self.day, 2);
        if let Some((h, m, s)) = self.time {
            out.push('T');
            push_digits(&mut out, h, 2);
            out.push(':');
            push_digits(&mut out, m, 2);
            out.push(':');
            push_digits(&mut out, s, 2);
            match self.offset {
                Some(0) => out.push('Z'),
                Some(o) => {
                    out.push(if o < 0 { '-' } else { '+' });
                    push_digits(&mut out, o.unsigned_abs() / 60, 2);
                    out.push(':');
                    push_digits(&mut out, o.unsigned_abs() % 60, 2);
                }
                None => {}
            }
        }
        Some(out)
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` digits (as `{n:0width$}`).
fn push_digits(out: &mut String, n: u32, width: usize) {
    let mut digits = [0u8; 10];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    for _ in len..width {
        out.push('0');
    }
    for &d in digits[..len].iter().rev() {
        out.push(char::from(d));
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_from_name(s: &str) -> Option<u32> {
    if s.len() < 3 || !s.is_ascii() {
        return None;
    }
    let head = &s.as_bytes()[..3];
    MONTHS
        .iter()
        .position(|m| head.eq_ignore_ascii_case(m.as_bytes()))
        .map(|i| i as u32 + 1)
}

/// `[Day,] DD Mon YYYY HH:MM[:SS] [zone]`.
fn parse_rfc2822(s: &str) -> Option<String> {
    let rest = match s.split_once(',') {
        Some((day, rest)) if day.trim().chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => s,
    };
    let mut words = rest.split_whitespace();
    let day: u32 = words.next()?.parse().ok()?;
    let month = month_from_name(words.next()?)?;
    let year: u32 = words.next()?.parse().ok()?;
    let time = parse_hms(words.next()?)?;
    let offset = match words.next() {
        None => None,
        Some(z) => Some(parse_zone(z)?),
    };
    if words.next().is_some() {
        return None;
    }
    Parts {
        year,
        month,
        day,
        time: Some(time),
        offset,
    }
    .format()
}

fn parse_hms(s: &str) -> Option<(u32, u32, u32)> {
    let mut it = s.split(':');
    let h = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let sec = match it.next() {
        Some(x) => {
            // Fractions of a second are dropped.
            let whole = x.split(['.', ',']).next()?;
            whole.parse().ok()?
        }
        None => 0,
    };
    if it.next().is_some() {
        return None;
    }
    Some((h, m, sec))
}

fn parse_zone(z: &str) -> Option<i32> {
    const NAMED: [(&str, i32); 12] = [
        ("GMT", 0),
        ("UT", 0),
        ("UTC", 0),
        ("Z", 0),
        ("EST", -5 * 60),
        ("EDT", -4 * 60),
        ("CST", -6 * 60),
        ("CDT", -5 * 60),
        ("MST", -7 * 60),
        ("MDT", -6 * 60),
        ("PST", -8 * 60),
        ("PDT", -7 * 60),
    ];
    if let Some(&(_, offset)) = NAMED.iter().find(|(name, _)| z.eq_ignore_ascii_case(name)) {
        return Some(offset);
    }
    let (sign, digits) = match z.as_bytes().first()? {
        b'+' => (1, &z[1..]),
        b'-' => (-1, &z[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    Some(sign * (h * 60 + m))
}

/// ISO 8601 and the numeric forms: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`,
/// `YYYY年M月D日`, each optionally followed by a time and a zone.
fn parse_numeric(s: &str) -> Option<String> {
    let (date, rest) = split_date(s)?;
    let mut parts = Parts {
        year: date.0,
        month: date.1,
        day: date.2,
        ..Parts::default()
    };
    let rest = rest.trim_start_matches(['T', 't', ' ', '\u{3000}']).trim();
    if !rest.is_empty() {
        let rest = if rest.contains(['时', '点', '分', '秒']) {
            std::borrow::Cow::Owned(
                rest.replace(['时', '点'], ":")
                    .replace('分', ":")
                    .replace('秒', ""),
            )
        } else {
            std::borrow::Cow::Borrowed(rest)
        };
        let rest = rest.trim_end_matches(':');
        let zone_at = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| matches!(c, 'Z' | 'z' | '+' | '-' | ' '))
            .map(|(i, _)| i);
        let (time, zone) = match zone_at {
            Some(i) => (&rest[..i], rest[i..].trim()),
            None => (rest, ""),
        };
        parts.time = Some(parse_hms(time)?);
        if !zone.is_empty() {
            parts.offset = Some(parse_zone(zone)?);
        }
    }
    parts.format()
}

/// Reads a leading `YYYY?MM?DD` (separators `-`, `/`, `.`, or 年/月/日).
fn split_date(s: &str) -> Option<((u32, u32, u32), &str)> {
    let mut nums = [0u32; 3];
    let mut idx = 0;
    let mut pos = 0;
    let bytes = s.as_bytes();
    for (n, slot) in nums.iter_mut().enumerate() {
        let start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        let len = pos - start;
        let ok = if n == 0 {
            len == 4
        } else {
            (1..=2).contains(&len)
        };
        if !ok {
            return None;
        }
        *slot = s[start..pos].parse().ok()?;
        idx = n;
        // Separator after this number.
        let tail = &s[pos..];
        let sep = if n < 2 {
            ["-", "/", ".", "年", "月"]
                .iter()
                .find(|p| tail.starts_with(**p))
        } else {
            ["日"].iter().find(|p| tail.starts_with(**p))
        };
        match (n, sep) {
            (0 | 1, Some(p)) => pos += p.len(),
            (0 | 1, None) => return None,
            (_, Some(p)) => pos += p.len(),
            (_, None) => {}
        }
    }
    debug_assert_eq!(idx, 2);
    Some(((nums[0], nums[1], nums[2]), &s[pos..]))
}

#[cfg(test)]
mod tests {
    use super::to_iso8601 as iso;

    #[test]
    fn rfc2822() {
        assert_eq!(
            iso("Tue, 10 Aug 2021 13:16:24 GMT").as_deref(),
            Some("2021-08-10T13:16:24Z")
        );
        assert_eq!(
            iso("10 Aug 2021 13:16 +0800").as_deref(),
            Some("2021-08-10T13:16:00+08:00")
        );
        assert_eq!(iso("Tue, 31 Feb 2021 13:16:24 GMT"), None);
    }

    #[test]
    fn zone_less_stays_zone_less() {
        assert_eq!(
            iso("2021-08-10 13:16:24").as_deref(),
            Some("2021-08-10T13:16:24")
        );
        assert_eq!(iso("2021/8/10").as_deref(), Some("2021-08-10"));
    }

    #[test]
    fn iso_and_chinese() {
        assert_eq!(
            iso("2021-08-10T13:16:24.123+08:00").as_deref(),
            Some("2021-08-10T13:16:24+08:00")
        );
        assert_eq!(
            iso("2021-08-10T13:16:24Z").as_deref(),
            Some("2021-08-10T13:16:24Z")
        );
        assert_eq!(
            iso("2021年8月10日 13:16").as_deref(),
            Some("2021-08-10T13:16:00")
        );
        assert_eq!(
            iso("2021年08月10日13时16分").as_deref(),
            Some("2021-08-10T13:16:00")
        );
    }

    #[test]
    fn javascript_and_unix() {
        assert_eq!(
            iso("Tue Aug 10 2021 21:16:24 GMT+0800 (China Standard Time)").as_deref(),
            Some("2021-08-10T21:16:24+08:00")
        );
        assert_eq!(
            iso("Tue Aug 10 2021 13:16:24 GMT").as_deref(),
            Some("2021-08-10T13:16:24Z")
        );
        assert_eq!(
            super::from_unix(1_628_601_384).as_deref(),
            Some("2021-08-10T13:16:24Z")
        );
        assert_eq!(
            super::from_unix(1_628_601_384_000).as_deref(),
            Some("2021-08-10T13:16:24Z")
        );
        assert_eq!(super::from_unix(0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            super::from_unix(951_782_400).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(super::from_unix(i64::MAX), None);
        assert_eq!(super::from_unix(i64::MIN), None);
    }

    #[test]
    fn rejects_garbage() {
        for s in [
            "Invalid Date",
            "",
            "2021",
            "13:16",
            "2021-13-01",
            "yesterday",
            "２０２１",
        ] {
            assert_eq!(iso(s), None, "{s}");
        }
    }
}

//! Decimal text to `f64`, correctly rounded: the same results as `str::parse::<f64>`.
//!
//! Front-matter numbers (`weight: 1.5`) are the only floats this library reads. The standard
//! parser carries a 10 KB table of powers of five (~10 KB of the gzipped `.wasm`, as much as
//! the rest of the front-matter code); this one takes an exact path instead: one
//! floating-point operation when the digits and the power of ten are exact in `f64`, else
//! big-integer division. Unit tests compare it with the standard parser on random numbers,
//! every rounding boundary kind (halfway cases, subnormals, overflow) and long inputs.

/// `s.parse::<f64>().ok()`.
pub(crate) fn parse(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, b) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if b.is_empty() {
        return None;
    }
    let v = match decimal(b) {
        Some(v) => v,
        None if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") => {
            f64::INFINITY
        }
        None if b.eq_ignore_ascii_case(b"nan") => f64::NAN,
        None => return None,
    };
    Some(if negative { -v } else { v })
}

/// Significant digits kept: a rounding boundary of `f64` has at most 767 of them, so the
/// digits beyond only matter as "something more" (a trailing 1 stands for them).
const MAX_DIGITS: usize = 800;

/// `digits[.digits][(e|E)[+|-]digits]` (at least one mantissa digit), as a positive `f64`.
fn decimal(b: &[u8]) -> Option<f64> {
    let mut digits: Vec<u8> = Vec::new();
    let mut truncated = false;
    // The value is `digits × 10^exp`.
    let mut exp: i64 = 0;
    let mut seen = false;
    let mut fraction = false;
    let mut i = 0;
    loop {
        match b.get(i) {
            Some(&c) if c.is_ascii_digit() => {
                seen = true;
                let d = c - b'0';
                if digits.len() < MAX_DIGITS {
                    if d != 0 || !digits.is_empty() {
                        digits.push(d);
                    }
                } else {
                    exp += 1;
                    truncated |= d != 0;
                }
                if fraction {
                    exp -= 1;
                }
            }
            Some(b'.') if !fraction => fraction = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        let negative = b.get(i) == Some(&b'-');
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        b.get(i).filter(|c| c.is_ascii_digit())?;
        let mut e: i64 = 0;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // The standard parser's saturation, so huge exponents agree too.
            if e < 0x10000 {
                e = 10 * e + i64::from(c - b'0');
            }
            i += 1;
        }
        exp += if negative { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    if truncated {
        digits.push(1);
        exp -= 1;
    }
    let n = digits.len() as i64;
    if exp + n - 1 > 308 {
        return Some(f64::INFINITY); // at least 1e309
    }
    if exp + n < -324 {
        return Some(0.0); // below 1e-324, under half the smallest subnormal
    }
    // Exact operands, one rounding.
    if n <= 15 && (-22..=22).contains(&exp) {
        let m = digits.iter().fold(0.0, |m, &d| m * 10.0 + f64::from(d));
        let p = (0..exp.abs()).fold(1.0, |p, _| p * 10.0);
        return Some(if exp < 0 { m / p } else { m * p });
    }
    Some(exact(&digits, exp))
}

/// `digits × 10^exp` rounded to nearest, ties to even, by big-integer division.
fn exact(digits: &[u8], exp: i64) -> f64 {
    let mut num = Big(Vec::new());
    for &d in digits {
        num.mul_add(10, u32::from(d));
    }
    let mut den = Big(vec![1]);
    for _ in 0..exp.unsigned_abs() {
        if exp > 0 {
            num.mul_add(10, 0);
        } else {
            den.mul_add(10, 0);
        }
    }
    // Scale so that q = floor(num / den) has 65 or 66 bits: value = (q + rest) × 2^shift.
    let shift = num.bits() - den.bits() - 65;
    if shift >= 0 {
        den.shl(shift as u64);
    } else {
        num.shl(shift.unsigned_abs());
    }
    den.shl(67);
    let mut q: u128 = 0;
    for bit in (0..67).rev() {
        den.shr1();
        if num.ge(&den) {
            num.sub(&den);
            q |= 1 << bit;
        }
    }
    let sticky = !num.0.is_empty();
    let len = 128 - i64::from(q.leading_zeros());
    let e = shift + len - 1; // value in [2^e, 2^(e+1))
    if e > 1023 {
        return f64::INFINITY;
    }
    let bits = if e >= -1022 { 53 } else { e + 1075 };
    if bits < 0 {
        return 0.0; // below 2^-1075
    }
    let drop = (len - bits) as u32;
    let mut keep = q >> drop;
    let rest = q & ((1 << drop) - 1);
    let half = 1 << (drop - 1);
    if rest > half || (rest == half && (sticky || keep & 1 == 1)) {
        keep += 1;
    }
    // keep ≤ 2^53 and the power of two are exact; the product is the rounded value (or
    // infinity when rounding carried past the largest finite value).
    let k = e + 1 - bits;
    let pow2 = if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (k + 1074))
    };
    keep as f64 * pow2
}

/// A non-negative big integer: little-endian 32-bit limbs, no zero limb on top.
struct Big(Vec<u32>);

impl Big {
    /// `self = self × m + a`.
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn bits(&self) -> i64 {
        self.0.last().map_or(0, |top| {
            32 * self.0.len() as i64 - i64::from(top.leading_zeros())
        })
    }

    fn shl(&mut self, n: u64) {
        if n % 32 > 0 {
            self.mul_add(1 << (n % 32), 0);
        }
        self.0
            .splice(0..0, std::iter::repeat_n(0, (n / 32) as usize));
    }

    fn shr1(&mut self) {
        let mut carry = 0;
        for limb in self.0.iter_mut().rev() {
            let low = *limb & 1;
            *limb = (*limb >> 1) | (carry << 31);
            carry = low;
        }
        self.trim();
    }

    fn ge(&self, other: &Big) -> bool {
        if self.0.len() != other.0.len() {
            return self.0.len() > other.0.len();
        }
        for (a, b) in self.0.iter().rev().zip(other.0.iter().rev()) {
            if a != b {
                return a > b;
            }
        }
        true
    }

    /// `self -= other` (`other <= self`).
    fn sub(&mut self, other: &Big) {
        let mut borrow = false;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let (v, b1) = limb.overflowing_sub(other.0.get(i).copied().unwrap_or(0));
            let (v, b2) = v.overflowing_sub(u32::from(borrow));
            *limb = v;
            borrow = b1 || b2;
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str) {
        let ours = parse(s);
        let std = s.parse::<f64>().ok();
        assert_eq!(
            ours.map(f64::to_bits),
            std.map(f64::to_bits),
            "{s:?}: {ours:?} vs {std:?}"
        );
    }

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    #[test]
    fn edge_cases_agree_with_std() {
        for s in [
            "", "+", "-", ".", "e5", "1e", "1e+", "1e-", "1.e5", ".5", "5.", "+.5", "-.5e-3", "1..2",
            "1.2.3", "1e5.5", " 1", "1 ", "1_0", "0x10", "inf", "-Inf", "infinity", "INFINITY",
            "infinit", "nan", "NaN", "-nan", "+nan", "in", ".inf", "1inf", "0", "-0", "+0", "0.0",
            "00", "007", "0e999999", "1e999999", "1e-999999", "1e308", "1e309", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
            "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
            "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9e-324", "5e-324",
            "2.4703282292062327e-324", "2.4703282292062328e-324", "2.470328229206232720e-324",
            "1e-324", "3e-324", "7.4e-324", "7.5e-324", "9007199254740993", "9007199254740992.5",
            "9007199254740993.000000000000000000000000000001", "0.1", "0.2", "0.3", "1.5", "100.0",
            "123456789012345678901234567890", "1e22", "1e23", "8.98846567431158e307",
            "2.225073858507201136057409796709131975934819546351645648e-308",
            "4.4501477170144022721148195934182639518696390927032912960468522194496444440421538910330590478162701758282983178260792422137401728773891892910553144148156412434867599762821265346585071045737627442980259622449029037796981144446145705102663115100318287949527959668236039986479250965780342141637013812613333119898765515451440315261253813266652951306000184917766328660755595837392240989947807556594098101021612198814605258742579179000071675999344145086087205681577915435923018910334964869420614052182892431445797605163650903606514140377217442262561590244668525767372446430075513332450079650686719491377688478005309963967709758965844137894433796621993967316936280457084866613206797017728916080020698679408551343728867675409720757232455434770912461317493580281734466552734375e-308",
        ] {
            check(s);
        }
        let long_one = format!("0.{}1e400", "0".repeat(5000));
        check(&long_one);
        check(&format!("1{}e-5000", "0".repeat(5000)));
        check(&format!("{}1", "0".repeat(3000)));
        check(&format!("1.{}", "9".repeat(3000)));
        check(&format!("1{}e-999999", "0".repeat(70000)));
    }

    #[test]
    fn random_numbers_agree_with_std() {
        let mut r = Rng(0x2545_F491_4F6C_DD1D);
        for _ in 0..300_000 {
            let n = 1 + r.below(25) as usize;
            let mut s: String = (0..n)
                .map(|_| char::from(b'0' + r.below(10) as u8))
                .collect();
            if r.below(2) == 0 {
                s.insert(r.below(n as u64 + 1) as usize, '.');
            }
            if r.below(3) > 0 {
                let e = r.below(800) as i64 - 400;
                s = format!("{s}e{e}");
            }
            if r.below(4) == 0 {
                s.insert(0, '-');
            }
            check(&s);
        }
    }

    #[test]
    fn printed_floats_agree_with_std() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        for i in 0..100_000 {
            let x = f64::from_bits(match i % 4 {
                0 => r.next(),
                1 => r.next() & 0x000F_FFFF_FFFF_FFFF, // subnormal
                2 => 0x7FEF_FFFF_FFFF_FFFF - r.below(1 << 20), // near the largest
                _ => 0x3FF0_0000_0000_0000 + r.below(1 << 52),
            });
            if !x.is_finite() {
                continue;
            }
            check(&format!("{x:e}"));
            check(&format!("{x}"));
            for p in [0, 3, 15, 16, 17, 25] {
                check(&format!("{x:.p$e}"));
            }
        }
    }

    /// The exact decimal expansion of `(2m + 1) × 2^k`: the point halfway between two
    /// neighbouring floats.
    fn halfway(m: u64, k: i64) -> String {
        let mut digits: Vec<u8> = (2 * u128::from(m) + 1)
            .to_string()
            .bytes()
            .map(|b| b - b'0')
            .collect(); // most significant first
        let times = |digits: &mut Vec<u8>, f: u8| {
            let mut carry = 0;
            for d in digits.iter_mut().rev() {
                let v = *d * f + carry;
                *d = v % 10;
                carry = v / 10;
            }
            while carry > 0 {
                digits.insert(0, carry % 10);
                carry /= 10;
            }
        };
        let mut exp10 = 0;
        for _ in 0..k.unsigned_abs() {
            if k > 0 {
                times(&mut digits, 2);
            } else {
                times(&mut digits, 5); // ÷2 = ×5 ÷10
                exp10 -= 1;
            }
        }
        let s: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
        format!("{s}e{exp10}")
    }

    #[test]
    fn halfway_cases_agree_with_std() {
        let mut r = Rng(0x1234_5678_9ABC_DEF1);
        for i in 0..3_000 {
            let bits = match i % 3 {
                0 => r.below(0x7FF0_0000_0000_0000),
                1 => r.below(1 << 52),                         // subnormal
                _ => 0x7FEF_FFFF_FFFF_FFFF - r.below(1 << 10), // near the largest
            };
            let x = f64::from_bits(bits);
            // x = m × 2^e with the significand's implicit bit.
            let (m, e) = if bits >> 52 == 0 {
                (bits, -1074)
            } else {
                (
                    (bits & ((1 << 52) - 1)) | (1 << 52),
                    (bits >> 52) as i64 - 1075,
                )
            };
            let back = if e < -900 {
                m as f64 * 2f64.powi(e as i32 + 600) * 2f64.powi(-600)
            } else {
                m as f64 * 2f64.powi(e as i32)
            };
            assert_eq!(back, x);
            let h = halfway(m, e - 1);
            check(&h);
            let (mantissa, exp) = h.split_once('e').unwrap();
            check(&format!(
                "{mantissa}0000000000000000000000000001e{}",
                exp.parse::<i64>().unwrap() - 28
            ));
            check(&format!(
                "{}e{}",
                &mantissa[..mantissa.len() - 1],
                exp.parse::<i64>().unwrap() + 1
            ));
            check(&format!(
                "{mantissa}{}1e{}",
                "0".repeat(900),
                exp.parse::<i64>().unwrap() - 901
            ));
        }
    }
}

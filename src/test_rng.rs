//! A small deterministic pseudo-random generator for the randomized differential tests
//! (xorshift64): the same seed gives the same cases on every machine.

/// Returns a generator of numbers in `0..n` for each call `next(n)` (`n` must be > 0).
pub(crate) fn rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

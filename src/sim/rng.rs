//! A tiny, portable, seeded random number generator (SplitMix64).
//!
//! Exercises and Monte Carlo runs must give the same numbers for the same seed on every platform
//! and across dependency upgrades (an exercise card's text must not change under its stable id),
//! so the simulators use this fixed algorithm rather than a library generator whose stream may
//! change between versions.

/// SplitMix64 (Steele, Lea and Flood 2014): fast, 64 bits of state, good enough statistics for
/// arrival times and exercise parameters.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// A generator seeded from several parts (model name, seed, index), so that streams for
    /// different parts do not overlap in practice.
    pub fn from_parts(name: &str, seed: u64, index: u64) -> Self {
        // FNV-1a over the name, then mix in seed and index.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in name.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // Chain full SplitMix64 mixes so that neighbouring seeds and indices give unrelated streams.
        let a = SplitMix64::new(h).next_u64() ^ seed;
        let b = SplitMix64::new(a).next_u64() ^ index;
        SplitMix64::new(SplitMix64::new(b).next_u64())
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `(0, 1]` (safe to take the logarithm of).
    pub fn next_open01(&mut self) -> f64 {
        1.0 - self.next_f64()
    }

    /// Exponentially distributed with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -self.next_open01().ln() * mean
    }

    /// Uniform integer in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// One of a non-empty list of numbers.
    pub fn num(&mut self, items: &[f64]) -> f64 {
        self.pick(items)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.next_f64() < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_range() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        for _ in 0..1000 {
            let x = a.next_f64();
            assert!((0.0..1.0).contains(&x));
            assert!(a.below(10) < 10);
        }
        // Known first output of SplitMix64 for seed 0.
        assert_eq!(SplitMix64::new(0).next_u64(), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn exponential_mean_is_close() {
        let mut g = SplitMix64::new(3);
        let n = 200_000;
        let mean = (0..n).map(|_| g.exp(2.0)).sum::<f64>() / n as f64;
        assert!((mean - 2.0).abs() < 0.03, "{mean}");
    }
}

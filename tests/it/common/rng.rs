//! A fixed pseudo-random generator (no rand crate), for reproducible generated inputs.

/// A linear congruential generator (Knuth's MMIX constants): the same seed gives the
/// same sequence on every machine.
pub struct Lcg(pub u64);

impl Lcg {
    /// The next number, 31 bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

//! Helpers shared by the library's unit tests (compiled only for tests).

use crate::font::Family;
use crate::geom::Rgb;
use crate::style::TextStyle;

/// xorshift64*: deterministic test data without a crate.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    /// A number below `n`.
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    /// One of `items`.
    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Plain black 10pt sans text, nothing else set.
pub(crate) fn plain_style() -> TextStyle {
    TextStyle {
        family: Family::Sans,
        bold: false,
        italic: false,
        size: 10.0,
        color: Rgb::BLACK,
        underline: false,
        strike: false,
        shift: 0.0,
        background: None,
        frame: None,
        pad: Default::default(),
        hyphens: false,
        letter_spacing: 0.0,
    }
}

//! Fonts: the bundled faces, selection by family/weight/style, and per-character
//! fallback. Serves layout (metrics, shaping) and pdf (font data).

use std::sync::{Arc, OnceLock};

/// Index of a face in the [`FontBook`].
pub type FontId = usize;

/// A font family the styles can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Family {
    /// The sans-serif text face (Roboto).
    #[default]
    Sans,
    /// The monospace face (DejaVu Sans Mono).
    Mono,
}

/// Raw font file bytes, shared with the PDF writer.
pub type FontData = &'static [u8];

/// One face: its data, its shaping face and the metrics layout needs.
pub struct FontFace {
    /// PostScript-ish name, for listings and diagnostics.
    pub name: &'static str,
    /// The font file.
    pub data: FontData,
    /// The family it serves (`None` for pure fallbacks).
    pub family: Option<Family>,
    /// Bold face.
    pub bold: bool,
    /// Italic face.
    pub italic: bool,
    /// Units per em.
    pub units_per_em: f32,
    /// Ascender in font units (positive).
    pub ascender: f32,
    /// Descender in font units (positive, below the baseline).
    pub descender: f32,
    /// The shaping face.
    pub face: rustybuzz::Face<'static>,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFace").field("name", &self.name).finish()
    }
}

impl FontFace {
    fn new(
        name: &'static str,
        data: FontData,
        family: Option<Family>,
        bold: bool,
        italic: bool,
    ) -> Option<Self> {
        let face = rustybuzz::Face::from_slice(data, 0)?;
        let units_per_em = face.units_per_em() as f32;
        // The line box must hold every glyph, so take the font's bounding box where it
        // reaches further than the typographic ascender and descender.
        let bbox = face.global_bounding_box();
        let ascender = f32::from(face.ascender()).max(f32::from(bbox.y_max));
        let descender = (-f32::from(face.descender())).max(-f32::from(bbox.y_min));
        Some(Self { name, data, family, bold, italic, units_per_em, ascender, descender, face })
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.face.glyph_index(c).is_some_and(|g| g.0 != 0)
    }
}

/// The set of faces available to layout, in fallback order.
#[derive(Debug)]
pub struct FontBook {
    faces: Vec<FontFace>,
}

macro_rules! bundled {
    ($file:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file)).as_slice()
    };
}

impl FontBook {
    /// The fonts built into the binary. Parsed once per process.
    pub fn bundled() -> Arc<FontBook> {
        static BOOK: OnceLock<Arc<FontBook>> = OnceLock::new();
        BOOK.get_or_init(|| {
            let specs: [(&str, FontData, Option<Family>, bool, bool); 7] = [
                ("Roboto-Regular", bundled!("Roboto-Regular.ttf"), Some(Family::Sans), false, false),
                ("Roboto-Bold", bundled!("Roboto-Bold.ttf"), Some(Family::Sans), true, false),
                ("Roboto-Italic", bundled!("Roboto-Italic.ttf"), Some(Family::Sans), false, true),
                ("Roboto-BoldItalic", bundled!("Roboto-BoldItalic.ttf"), Some(Family::Sans), true, true),
                ("DejaVuSansMono", bundled!("DejaVuSansMono.ttf"), Some(Family::Mono), false, false),
                ("DejaVuSansMono-Bold", bundled!("DejaVuSansMono-Bold.ttf"), Some(Family::Mono), true, false),
                ("DejaVuSans", bundled!("DejaVuSans.ttf"), None, false, false),
            ];
            // The bundled files are ours and known to parse; a face that did not would
            // simply be left out, and selection falls back to the next one.
            let faces = specs
                .into_iter()
                .filter_map(|(n, d, f, b, i)| FontFace::new(n, d, f, b, i))
                .collect();
            Arc::new(FontBook { faces })
        })
        .clone()
    }

    /// All faces.
    pub fn faces(&self) -> &[FontFace] {
        &self.faces
    }

    /// The face with this id.
    ///
    /// # Panics
    /// If the id did not come from this book.
    #[track_caller]
    pub fn face(&self, id: FontId) -> &FontFace {
        &self.faces[id]
    }

    /// The best face for a family, weight and style.
    pub fn select(&self, family: Family, bold: bool, italic: bool) -> FontId {
        let score = |f: &FontFace| {
            let mut s = 0;
            if f.family == Some(family) {
                s += 100;
            } else if f.family.is_some() {
                s += 50;
            }
            if f.bold == bold {
                s += 10;
            }
            if f.italic == italic {
                s += 5;
            }
            s
        };
        (0..self.faces.len()).max_by_key(|&i| (score(&self.faces[i]), usize::MAX - i)).unwrap_or(0)
    }

    /// The face to draw `c` with when `primary` is asked for: the primary face if it has
    /// the glyph, then the sans face of the same weight and style, then the fallbacks.
    /// `None` if no face has it.
    pub fn fallback(&self, primary: FontId, c: char) -> Option<FontId> {
        if self.faces.get(primary)?.has_char(c) {
            return Some(primary);
        }
        let p = &self.faces[primary];
        let sans = self.select(Family::Sans, p.bold, p.italic);
        if self.faces[sans].has_char(c) {
            return Some(sans);
        }
        (0..self.faces.len()).find(|&i| self.faces[i].has_char(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_and_falls_back() {
        let book = FontBook::bundled();
        let bold = book.select(Family::Sans, true, false);
        assert_eq!(book.face(bold).name, "Roboto-Bold");
        let mono = book.select(Family::Mono, false, true);
        assert_eq!(book.face(mono).name, "DejaVuSansMono");
        // Latin, Greek, Cyrillic, currency, bullets and arrows are covered.
        for c in "Aé€£₹•Ωж→✓".chars() {
            assert!(book.fallback(0, c).is_some(), "{c} not covered");
        }
        assert_eq!(book.fallback(0, '\u{E000}'), None);
    }
}

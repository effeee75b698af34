//! Fonts: the bundled faces, selection by family/weight/style, per-character
//! fallback, and faces from a [`FontSource`] (the system's fonts, which the binary
//! finds) for scripts no bundled face covers (CJK). Serves layout (metrics, shaping)
//! and pdf (font data). It reads no file: font data comes bundled, from the loader
//! (the front matter's `fonts`) or from the [`FontSource`].

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use yoke::{Yoke, Yokeable};

use crate::diag::Diagnostic;

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

/// Raw font file bytes, shared with the PDF writer. Bundled fonts are part of the
/// binary; a system or user font file is read once and kept while a face of it is
/// alive (see `KeptFiles`), then freed.
pub type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A parsed face borrowing its file, and the file, together.
#[derive(Yokeable, Clone)]
struct Parsed<'a>(ttf_parser::Face<'a>);

/// A shaping face borrowing its file, and the file, together.
#[derive(Yokeable, Clone)]
struct Shaper<'a>(rustybuzz::Face<'a>);

/// One face: its data, its shaping face and the metrics layout needs.
#[derive(Clone)]
pub struct FontFace {
    /// A name for listings and diagnostics.
    pub name: String,
    /// The font file.
    pub data: FontData,
    /// Tells this face's file apart from every other file of the process, alive or
    /// freed (shaping caches are keyed by it).
    key: u64,
    /// The face's index in the file (collections such as `.ttc`).
    pub index: u32,
    /// The family it serves (`None` for fallbacks).
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
    /// The typographic ascender (hhea, or OS/2 when the font asks for it), font units.
    pub typo_ascender: f32,
    /// The typographic descender (positive), font units.
    pub typo_descender: f32,
    /// The parsed font: character map, metrics.
    face: Yoke<Parsed<'static>, FontData>,
    /// The shaping face (its substitution and positioning tables), built the first
    /// time the face shapes text: a document uses few of the bundled faces.
    shaper: OnceLock<Yoke<Shaper<'static>, FontData>>,
}

impl std::fmt::Debug for FontFace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFace").field("name", &self.name).finish()
    }
}

impl FontFace {
    fn new(name: String, (data, key): (FontData, u64), index: u32, family: Option<Family>, bold: bool, italic: bool) -> Option<Self> {
        let parsed: Yoke<Parsed<'static>, FontData> =
            Yoke::try_attach_to_cart(data.clone(), |d| ttf_parser::Face::parse((*d).as_ref(), index).map(Parsed)).ok()?;
        let face = &parsed.get().0;
        let units_per_em = (face.units_per_em() as f32).max(1.0);
        // The line box must hold every glyph, so take the font's bounding box where it
        // reaches further than the typographic ascender and descender.
        let bbox = face.global_bounding_box();
        let ascender = f32::from(face.ascender()).max(f32::from(bbox.y_max));
        let descender = (-f32::from(face.descender())).max(-f32::from(bbox.y_min));
        let (typo_ascender, typo_descender) = (f32::from(face.ascender()), -f32::from(face.descender()));
        Some(Self {
            name,
            data,
            key,
            index,
            family,
            bold,
            italic,
            units_per_em,
            ascender,
            descender,
            typo_ascender,
            typo_descender,
            face: parsed,
            shaper: OnceLock::new(),
        })
    }

    /// The parsed font: character map, metrics.
    pub fn face(&self) -> &ttf_parser::Face<'_> {
        &self.face.get().0
    }

    /// The shaping face, built on first use.
    pub fn shaper(&self) -> &rustybuzz::Face<'_> {
        let shaper =
            self.shaper.get_or_init(|| self.face.map_project_cloned(|parsed, _| Shaper(rustybuzz::Face::from_face(parsed.0.clone()))));
        &shaper.get().0
    }

    /// A key telling this face's file and index apart from every other in the
    /// process, for caches.
    pub fn key(&self) -> (u64, u32) {
        (self.key, self.index)
    }

    /// Whether text in this face can be shaped a word at a time (each word with the
    /// spaces around it) and give the same glyphs as shaped whole: true of the bundled
    /// family faces, whose kerning and ligatures never involve the space (a test in
    /// `layout::shape` checks it); other fonts are shaped a segment at a time.
    pub fn shapes_word_by_word(&self) -> bool {
        (1..=BUNDLED.len() as u64).contains(&self.key)
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.face().glyph_index(c).is_some_and(|g| g.0 != 0)
    }
}

/// The set of faces available to layout, in fallback order.
#[derive(Debug, Clone)]
pub struct FontBook {
    faces: Vec<FontFace>,
}

macro_rules! bundled {
    ($file:literal) => {
        include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/", $file)).as_slice()
    };
}

macro_rules! deflated {
    ($file:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $file, ".deflate")).as_slice()
    };
}

/// A bundled face: name, data, family, bold, italic.
type Bundled = (&'static str, &'static [u8], Option<Family>, bool, bool);

/// The bundled family faces, always loaded.
const BUNDLED: [Bundled; 6] = [
    ("Roboto-Regular", bundled!("Roboto-Regular.ttf"), Some(Family::Sans), false, false),
    ("Roboto-Bold", bundled!("Roboto-Bold.ttf"), Some(Family::Sans), true, false),
    ("Roboto-Italic", bundled!("Roboto-Italic.ttf"), Some(Family::Sans), false, true),
    ("Roboto-BoldItalic", bundled!("Roboto-BoldItalic.ttf"), Some(Family::Sans), true, true),
    ("DejaVuSansMono", bundled!("DejaVuSansMono.ttf"), Some(Family::Mono), false, false),
    ("DejaVuSansMono-Bold", bundled!("DejaVuSansMono-Bold.ttf"), Some(Family::Mono), true, false),
];

/// A bundled fallback face, kept deflated in the binary (build.rs) and inflated the
/// first time a document has a character that only it may draw: most documents
/// never need one, and the binary is 1.3 MB smaller for it.
struct Fallback {
    name: &'static str,
    deflated: &'static [u8],
    /// The characters the face has that some sans face lacks, as ranges (a
    /// superset, so that whether a document may need the face is known without
    /// inflating it; a unit test checks it against the face). Empty: any character.
    hint: &'static [(u32, u32)],
}

/// The bundled fallback faces, in fallback order.
const FALLBACKS: [Fallback; 5] = [
    Fallback { name: "DejaVuSans", deflated: deflated!("DejaVuSans.ttf"), hint: &[] },
    Fallback { name: "NotoSansArabic", deflated: deflated!("NotoSansArabic-Regular.ttf"), hint: ARABIC },
    Fallback { name: "NotoSansHebrew", deflated: deflated!("NotoSansHebrew-Regular.ttf"), hint: HEBREW },
    Fallback { name: "NotoSansDevanagari", deflated: deflated!("NotoSansDevanagari-Regular.ttf"), hint: DEVANAGARI },
    Fallback { name: "NotoEmoji", deflated: deflated!("NotoEmoji-Regular.ttf"), hint: EMOJI },
];

// What each face has beyond the family faces (the unit test prints it), rounded out.
const ARABIC: &[(u32, u32)] = &[(0x034F, 0x034F), (0x0600, 0x08FF), (0x204F, 0x204F), (0x25CC, 0x25CC), (0x2E41, 0x2E41), (0xFB50, 0xFEFF)];
const HEBREW: &[(u32, u32)] = &[(0x0590, 0x05FF), (0x25CC, 0x25CC), (0xFB1D, 0xFB4F)];
const DEVANAGARI: &[(u32, u32)] =
    &[(0x0900, 0x097F), (0x1CD0, 0x1CFF), (0x20F0, 0x20F0), (0x25CC, 0x25CC), (0xA830, 0xA83F), (0xA8E0, 0xA8FF)];
const EMOJI: &[(u32, u32)] = &[(0x20E3, 0x32FF), (0x1F000, 0x1FAFF), (0xE0000, 0xE007F)];

impl Fallback {
    /// Whether the face may have `c` (beyond the family faces).
    fn may_have(&self, c: char) -> bool {
        self.hint.is_empty() || self.hint.iter().any(|&(lo, hi)| (lo..=hi).contains(&(c as u32)))
    }
}

/// Whether every sans face of the book has `c`.
fn sans_has(book: &FontBook, c: char) -> bool {
    book.faces.iter().filter(|f| f.family == Some(Family::Sans)).all(|f| f.has_char(c))
}

/// The fallback face at `i` of [`FALLBACKS`], inflated and parsed once per process.
fn fallback_face(i: usize) -> Option<&'static FontFace> {
    static FACES: [OnceLock<Option<FontFace>>; 5] = [const { OnceLock::new() }; 5];
    let fallback = FALLBACKS.get(i)?;
    FACES[i]
        .get_or_init(|| {
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::DeflateDecoder::new(fallback.deflated), &mut data).ok()?;
            // Keys follow the family faces' (1..=6) so each file keeps its own.
            FontFace::new(fallback.name.to_string(), (Arc::new(data), BUNDLED.len() as u64 + 1 + i as u64), 0, None, false, false)
        })
        .as_ref()
}

impl FontBook {
    /// The bundled family faces (Roboto, DejaVu Sans Mono). Parsed once per process.
    pub fn bundled() -> Arc<FontBook> {
        static BOOK: OnceLock<Arc<FontBook>> = OnceLock::new();
        BOOK.get_or_init(|| {
            // The bundled files are ours and known to parse; a face that did not would
            // simply be left out, and selection falls back to the next one.
            let faces = BUNDLED
                .iter()
                .zip(1..)
                .filter_map(|((n, d, f, b, i), key)| FontFace::new((*n).to_string(), (Arc::new(*d), key), 0, *f, *b, *i))
                .collect();
            Arc::new(FontBook { faces })
        })
        .clone()
    }

    /// Every bundled face, the fallbacks included (inflating them): for listings and
    /// for SVG text, whose characters are not known in advance.
    pub fn bundled_all() -> Arc<FontBook> {
        static BOOK: OnceLock<Arc<FontBook>> = OnceLock::new();
        BOOK.get_or_init(|| {
            let mut book = (*Self::bundled()).clone();
            book.faces.extend((0..FALLBACKS.len()).filter_map(fallback_face).cloned());
            Arc::new(book)
        })
        .clone()
    }

    /// The bundled fonts plus, for the characters of `text` that none of them has,
    /// faces found among the system fonts, then the user's font files (front matter
    /// `fonts`). Warns about characters still without one.
    pub fn for_text(
        text: &BTreeSet<char>,
        system: Option<&dyn FontSource>,
        lang: Option<&str>,
        user: &[FontFace],
    ) -> (Arc<FontBook>, Vec<Diagnostic>) {
        let bundled = Self::bundled();
        // Characters some sans face lacks: only for them may `fallback` reach past
        // the styled face and the sans face of its weight, so only for them are
        // fallback faces loaded (the choice is the same as with all of them loaded).
        let uncommon: Vec<char> = text.iter().copied().filter(|&c| needs_glyph(c) && !sans_has(&bundled, c)).collect();
        if uncommon.is_empty() && user.is_empty() {
            return (bundled, vec![]);
        }
        let mut book = (*bundled).clone();
        for (i, fallback) in FALLBACKS.iter().enumerate() {
            if !uncommon.iter().any(|&c| fallback.may_have(c)) {
                continue;
            }
            if let Some(face) = fallback_face(i).filter(|f| uncommon.iter().any(|&c| f.has_char(c))) {
                book.faces.push(face.clone());
            }
        }
        let missing: Vec<char> = uncommon.into_iter().filter(|&c| !book.faces.iter().any(|f| f.has_char(c))).collect();
        if missing.is_empty() {
            book.faces.extend(user.iter().cloned());
            return (Arc::new(book), vec![]);
        }
        if let Some(system) = system {
            let region = cjk_region(text, lang);
            for &c in &missing {
                if book.faces.iter().any(|f| f.has_char(c)) {
                    continue;
                }
                for face in system.faces_for(c, region) {
                    if !book.faces.iter().any(|f| f.key() == face.key()) {
                        book.faces.push(face);
                    }
                }
            }
        }
        book.faces.extend(user.iter().cloned());
        (Arc::new(book), vec![])
    }

    /// A face from a font file the user names. The file is kept while faces of it are
    /// alive (once per distinct file), like system fonts.
    pub fn user_face(name: &str, data: Vec<u8>) -> Option<FontFace> {
        let data = kept_files().lock().ok()?.keep(data);
        FontFace::new(name.to_string(), data, 0, None, false, false)
    }

    /// A face of a system font file, for a [`FontSource`]: face `index` of the file at
    /// `path`, named `name`. The path only identifies the file: its bytes come from
    /// `read`, which is called only when no face of that file is alive (a batch or
    /// `--watch` run reads each file once). `italic` is the face's style; `bold` says
    /// it serves bold text.
    pub fn system_face(
        path: &Path,
        index: u32,
        name: String,
        bold: bool,
        italic: bool,
        read: impl FnOnce() -> Option<Vec<u8>>,
    ) -> Option<FontFace> {
        let data = kept_files().lock().ok()?.keep_path(path, read)?;
        FontFace::new(name, data, index, None, bold, italic)
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
    /// the glyph, then the sans face of the same weight and style, then the first
    /// fallback that has it, preferring one of the same weight. `None` if no face has it.
    pub fn fallback(&self, primary: FontId, c: char) -> Option<FontId> {
        if self.faces.get(primary)?.has_char(c) {
            return Some(primary);
        }
        let p = &self.faces[primary];
        let (bold, italic) = (p.bold, p.italic);
        let sans = self.select(Family::Sans, bold, italic);
        if self.faces[sans].has_char(c) {
            return Some(sans);
        }
        // A face made for the character's script comes first (Noto Sans Arabic for
        // Arabic rather than DejaVu's), then fallbacks before other families (so
        // that Arabic never lands in the monospace face).
        if let Some(script) = script_face(c) {
            if let Some(i) = self.faces.iter().position(|f| f.name.starts_with(script) && f.has_char(c)) {
                return Some(i);
            }
        }
        let first = (0..self.faces.len()).filter(|&i| self.faces[i].has_char(c)).min_by_key(|&i| (self.faces[i].family.is_some(), i))?;
        // A later face of the same file family with the right weight (system CJK bold).
        let better = (first + 1..self.faces.len()).find(|&i| {
            let f = &self.faces[i];
            f.bold == bold && f.italic == italic && f.has_char(c) && f.family.is_none()
        });
        match better {
            Some(b) if self.faces[first].bold != bold => Some(b),
            _ => Some(first),
        }
    }
}

/// The bundled face made for a character's script, by name prefix.
fn script_face(c: char) -> Option<&'static str> {
    match c as u32 {
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Some("NotoSansArabic"),
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Some("NotoSansHebrew"),
        0x0900..=0x097F | 0xA8E0..=0xA8FF => Some("NotoSansDevanagari"),
        0x1F000..=0x1FAFF => Some("NotoEmoji"),
        _ => None,
    }
}

/// Whether a character is drawn with a glyph (not white space or a control).
fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}' | '\u{ad}' | '\u{fffc}' | '\u{115f}' | '\u{1160}' | '\u{3164}' | '\u{ffa0}'))
}

/// Whether a character is Chinese, Japanese or Korean.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3130..=0x318F | 0x31C0..=0x31FF
        | 0x3200..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x3134F)
}

/// Which regional CJK face suits the text: Japanese if it has kana, Korean if it has
/// Hangul, else what `lang` says, else Simplified Chinese.
fn cjk_region(text: &BTreeSet<char>, lang: Option<&str>) -> &'static str {
    let has = |lo: u32, hi: u32| text.iter().any(|&c| (lo..=hi).contains(&(c as u32)));
    let lang = lang.unwrap_or("").to_ascii_lowercase();
    if has(0x3040, 0x30FF) || lang.starts_with("ja") {
        "JP"
    } else if has(0xAC00, 0xD7AF) || lang.starts_with("ko") {
        "KR"
    } else if lang.starts_with("zh-tw") || lang.starts_with("zh-hant") {
        "TC"
    } else if lang.starts_with("zh-hk") {
        "HK"
    } else {
        "SC"
    }
}

/// Faces for the characters no bundled face has (CJK, say): the system's fonts. The
/// library reads no font file itself; the binary provides one of these (it finds
/// the standard font folders' faces with fontdb and reads the files it picks).
pub trait FontSource: Send + Sync + std::fmt::Debug {
    /// Faces that have `c`, best first: the regular face and, if there is one, its
    /// bold sibling. `region` is the CJK region the text asks for (`JP`, `KR`,
    /// `SC` or `TC`). Build them with [`FontBook::system_face`], which keeps each
    /// file once while faces of it are alive. The choice must be stable: the same
    /// fonts give the same faces, so that the output is the same.
    fn faces_for(&self, c: char, region: &str) -> Vec<FontFace>;
}

/// The font files read in this process (system fonts by path, the user's by
/// content), each distinct file kept once while a face of it is alive (a batch or
/// `--watch` run reuses them), and freed with the last document that uses it.
#[derive(Default)]
struct KeptFiles {
    by_path: HashMap<PathBuf, (Weak<Vec<u8>>, u64)>,
    files: Vec<(Weak<Vec<u8>>, u64)>,
}

/// Keys for font files; the bundled faces have the first ones.
static NEXT_KEY: AtomicU64 = AtomicU64::new(1000);

impl KeptFiles {
    /// The kept copy of these bytes: an identical file kept before, or these.
    fn keep(&mut self, bytes: Vec<u8>) -> (FontData, u64) {
        self.files.retain(|(f, _)| f.strong_count() > 0);
        self.by_path.retain(|_, (f, _)| f.strong_count() > 0);
        for (file, key) in &self.files {
            if let Some(d) = file.upgrade().filter(|d| **d == bytes) {
                return (d as FontData, *key);
            }
        }
        let d = Arc::new(bytes);
        let key = NEXT_KEY.fetch_add(1, Ordering::Relaxed);
        self.files.push((Arc::downgrade(&d), key));
        (d as FontData, key)
    }

    /// The kept file at `path`, read with `read` the first time it is asked for
    /// (again once it was freed).
    fn keep_path(&mut self, path: &Path, read: impl FnOnce() -> Option<Vec<u8>>) -> Option<(FontData, u64)> {
        if let Some((file, key)) = self.by_path.get(path) {
            if let Some(d) = file.upgrade() {
                return Some((d as FontData, *key));
            }
        }
        let bytes = read()?;
        let (d, key) = self.keep(bytes);
        let weak = self.files.iter().find(|(_, k)| *k == key).map(|(f, _)| f.clone()).unwrap_or_default();
        self.by_path.insert(path.to_path_buf(), (weak, key));
        Some((d, key))
    }
}

fn kept_files() -> &'static Mutex<KeptFiles> {
    static FILES: OnceLock<Mutex<KeptFiles>> = OnceLock::new();
    FILES.get_or_init(Mutex::default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selects_and_falls_back() {
        let book = FontBook::bundled_all();
        let bold = book.select(Family::Sans, true, false);
        assert_eq!(book.face(bold).name, "Roboto-Bold");
        let mono = book.select(Family::Mono, false, true);
        assert_eq!(book.face(mono).name, "DejaVuSansMono");
        // Latin, Greek, Cyrillic, currency, bullets, arrows, Arabic, Hebrew,
        // Devanagari and emoji are covered.
        for c in "Aé€£₹•Ωж→✓بשक😀🧱".chars() {
            assert!(book.fallback(0, c).is_some(), "{c} not covered");
        }
        assert_eq!(book.fallback(0, '\u{E000}'), None);
    }

    #[test]
    fn only_missing_characters_reach_the_system() {
        let text: BTreeSet<char> = "Hello".chars().collect();
        let (book, _) = FontBook::for_text(&text, None, None, &[]);
        assert!(Arc::ptr_eq(&book, &FontBook::bundled()));
    }

    /// A source that serves one face, counting how often it reads its "file".
    #[derive(Debug)]
    struct OneFace {
        bytes: Vec<u8>,
        reads: std::sync::atomic::AtomicUsize,
    }

    impl FontSource for OneFace {
        fn faces_for(&self, _: char, _: &str) -> Vec<FontFace> {
            let read = || {
                self.reads.fetch_add(1, Ordering::Relaxed);
                Some(self.bytes.clone())
            };
            FontBook::system_face(Path::new("/nowhere/one-face.ttf"), 0, "OneFace".into(), false, false, read).into_iter().collect()
        }
    }

    #[test]
    fn faces_from_a_source_are_read_through_it_once_while_alive() {
        // A bundled font with bytes of its own after it, so that no other file is
        // the same (files are kept once per content too).
        let mut bytes = FontBook::bundled().face(0).data.as_ref().as_ref().to_vec();
        bytes.extend_from_slice(b"faces_from_a_source_are_read_through_it_once_while_alive");
        let source = OneFace { bytes, reads: Default::default() };
        let text: BTreeSet<char> = "Private \u{E000}".chars().collect();
        let (first, _) = FontBook::for_text(&text, Some(&source), None, &[]);
        assert!(first.faces().iter().any(|f| f.name == "OneFace"), "{:?}", first.faces());
        // While a face of the file is alive, the kept copy serves it.
        let (second, _) = FontBook::for_text(&text, Some(&source), None, &[]);
        assert!(second.faces().iter().any(|f| f.name == "OneFace"));
        assert_eq!(source.reads.load(Ordering::Relaxed), 1);
        // Once the last face is gone, the file is read again.
        drop((first, second));
        let (_third, _) = FontBook::for_text(&text, Some(&source), None, &[]);
        assert_eq!(source.reads.load(Ordering::Relaxed), 2);
    }

    /// Every character of a face's character map.
    fn coverage(face: &FontFace) -> BTreeSet<u32> {
        let mut out = BTreeSet::new();
        for table in face.face().tables().cmap.into_iter().flat_map(|c| c.subtables) {
            if table.is_unicode() {
                table.codepoints(|c| {
                    if char::from_u32(c).is_some_and(|ch| face.has_char(ch)) {
                        out.insert(c);
                    }
                });
            }
        }
        out
    }

    /// A fallback face is left out of a document unless one of its characters that
    /// some sans face lacks is in it: its hint must name every such character.
    #[test]
    fn fallback_hints_cover_what_the_family_faces_lack() {
        let family = FontBook::bundled();
        for (i, fallback) in FALLBACKS.iter().enumerate() {
            let face = fallback_face(i).expect("bundled fallback parses");
            let uncommon: Vec<u32> = coverage(face)
                .into_iter()
                .filter(|&c| char::from_u32(c).is_some_and(|ch| needs_glyph(ch) && !sans_has(&family, ch)))
                .collect();
            let outside: Vec<String> =
                uncommon.iter().filter(|&&c| !fallback.may_have(char::from_u32(c).unwrap_or('\0'))).map(|c| format!("{c:04X}")).collect();
            let mut ranges: Vec<(u32, u32)> = vec![];
            for &c in &uncommon {
                match ranges.last_mut() {
                    Some(r) if c <= r.1 + 32 => r.1 = c,
                    _ => ranges.push((c, c)),
                }
            }
            let ranges: Vec<String> = ranges.iter().map(|(a, b)| format!("(0x{a:04X}, 0x{b:04X})")).collect();
            assert!(outside.is_empty(), "{}: not in its hint: {outside:?}\nits characters: {}", fallback.name, ranges.join(", "));
            eprintln!("{}: {}", fallback.name, ranges.join(", "));
        }
    }

    #[test]
    fn documents_without_uncommon_characters_inflate_no_fallback() {
        let text: BTreeSet<char> = "Plain Latin text, 100% (ok) — “quoted” é ß ő ư Ωж".chars().collect();
        let (book, _) = FontBook::for_text(&text, None, None, &[]);
        assert!(book.faces().iter().all(|f| f.family.is_some()), "{:?}", book.faces());
        let text: BTreeSet<char> = "Emoji 🧱 and arrow →".chars().collect();
        let (book, _) = FontBook::for_text(&text, None, None, &[]);
        let names: Vec<&str> = book.faces().iter().map(|f| f.name.as_str()).collect();
        assert!(names.contains(&"NotoEmoji") && !names.contains(&"NotoSansArabic"), "{names:?}");
    }

    #[test]
    fn cjk_region_follows_the_script() {
        let ja: BTreeSet<char> = "職務経歴書です".chars().collect();
        let ko: BTreeSet<char> = "경력".chars().collect();
        let zh: BTreeSet<char> = "简历".chars().collect();
        assert_eq!(cjk_region(&ja, None), "JP");
        assert_eq!(cjk_region(&ko, None), "KR");
        assert_eq!(cjk_region(&zh, None), "SC");
        assert_eq!(cjk_region(&zh, Some("zh-TW")), "TC");
    }
}

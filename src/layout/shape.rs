//! Shaping: the runs of a paragraph become glyphs, each from the first font that has
//! its character, measured with the same advances that are drawn.

use std::ops::Range;

use rustybuzz::{Direction, Feature, UnicodeBuffer};
use ttf_parser::Tag;

use crate::diag::Diagnostic;
use crate::font::{FontBook, FontId};
use crate::style::Run;

/// Characters without a glyph are reported one by one up to this many; the rest are
/// summed up in one warning (a CJK document would otherwise give hundreds).
pub const MAX_GLYPH_WARNINGS: usize = 10;

/// A glyph of a shaped paragraph, in logical order.
#[derive(Debug, Clone)]
pub struct ShapedGlyph {
    /// Glyph id.
    pub id: u16,
    /// Font.
    pub font: FontId,
    /// Index of the run it belongs to.
    pub run: usize,
    /// Byte range of its cluster in the paragraph text.
    pub cluster: Range<usize>,
    /// Advance in points.
    pub advance: f32,
    /// Advance in ems.
    pub x_advance: f32,
    /// Offsets in ems.
    pub x_offset: f32,
    /// Vertical offset in ems.
    pub y_offset: f32,
    /// Not drawn (line feeds).
    pub hidden: bool,
}

/// A paragraph's text with its glyphs.
#[derive(Debug, Clone)]
pub struct Shaped {
    /// The paragraph text: all runs concatenated.
    pub text: String,
    /// Byte range of each run in `text`.
    pub run_ranges: Vec<Range<usize>>,
    /// Glyphs in logical order; clusters never decrease.
    pub glyphs: Vec<ShapedGlyph>,
    /// `prefix[i]` is the total advance of glyphs `0..i`.
    prefix: Vec<f32>,
    /// Bidi embedding level of each byte of `text`, if it has right-to-left text.
    pub levels: Option<Vec<u8>>,
    /// The paragraph runs right to left (its first strong character is RTL).
    pub rtl: bool,
}

// Longer than 120 lines (about 130): font selection per character, bidi levels,
// segmentation and shaping through the caches in one pass that shares the segment
// being built; the word cache and the segment loop could be split. Left for later.
/// Shapes the runs of one paragraph. Characters no font has are drawn with the
/// primary font's `.notdef` and reported once each.
pub fn shape(
    runs: &[Run],
    book: &FontBook,
    max_object_width: f32,
    base_rtl: Option<bool>,
    warnings: &mut Vec<Diagnostic>,
    warned: &mut Vec<char>,
) -> Shaped {
    let mut text = String::new();
    let mut run_ranges = Vec::with_capacity(runs.len());
    for r in runs {
        let s = text.len();
        text.push_str(&r.text);
        run_ranges.push(s..text.len());
    }
    // The Unicode bidi algorithm, only for text that has right-to-left characters.
    let (levels, para_rtl) = if text.chars().any(is_rtl) || base_rtl == Some(true) {
        let base = base_rtl.map(|r| if r { unicode_bidi::Level::rtl() } else { unicode_bidi::Level::ltr() });
        let info = unicode_bidi::BidiInfo::new(&text, base);
        let rtl = info.paragraphs.first().is_some_and(|p| p.level.is_rtl());
        (Some(info.levels.iter().map(|l| l.number()).collect::<Vec<u8>>()), rtl)
    } else {
        (None, false)
    };
    let level_at = |i: usize| levels.as_ref().and_then(|l| l.get(i).copied()).unwrap_or(0);
    // About one glyph per character: sized once, not grown push by push.
    let mut glyphs = Vec::with_capacity(text.len());
    for (ri, run) in runs.iter().enumerate() {
        let st = &run.style;
        let primary = book.select(st.family, st.bold, st.italic);
        let base = run_ranges[ri].start;
        if let Some(obj) = &run.object {
            // An image or a gauge is one unbreakable box, never wider than the line.
            glyphs.push(ShapedGlyph {
                id: 0,
                font: primary,
                run: ri,
                cluster: base..base + run.text.len(),
                advance: obj.width_in(max_object_width),
                x_advance: 0.0,
                x_offset: 0.0,
                y_offset: 0.0,
                hidden: false,
            });
            continue;
        }
        // Split the run into segments of one font each.
        let mut seg_start = 0;
        let mut seg_font: Option<FontId> = None;
        let mut segments: Vec<(Range<usize>, FontId)> = Vec::new();
        for (i, c) in run.text.char_indices() {
            let font = if c.is_whitespace() && book.face(primary).has_char(c) {
                // A space is the text font's, whatever font drew the character
                // before it (an emoji's or a CJK face's space is far wider).
                primary
            } else if c.is_whitespace() || c.is_control() || is_invisible(c) || is_filler(c) {
                // Joiners and variation selectors stay with the character they
                // join or select, and shape with its font.
                seg_font.unwrap_or(primary)
            } else {
                match book.fallback(primary, c) {
                    Some(f) => f,
                    None => {
                        if !warned.contains(&c) {
                            warned.push(c);
                        }
                        if warned.len() <= MAX_GLYPH_WARNINGS
                            && warned.last() == Some(&c)
                            && !warnings.iter().any(|w| w.message.contains(&format!("`{c}`")))
                        {
                            warnings.push(
                                Diagnostic::warning(
                                    run.span.clone(),
                                    format!("no bundled font has the character `{c}` (U+{:04X})", c as u32),
                                )
                                .with_hint(if crate::font::is_cjk(c) {
                                    "install Debian's `fonts-noto-cjk` (or any CJK font), or pass a folder of fonts with --font-dir"
                                } else {
                                    "it is drawn as a box; pass a font that has it with --font-dir"
                                }),
                            );
                        }
                        primary
                    }
                }
            };
            // A new segment where the font or the bidi level changes.
            let level_change = levels.is_some() && i > seg_start && level_at(base + i) != level_at(base + seg_start);
            if seg_font.is_some_and(|f| f != font) || level_change {
                segments.push((seg_start..i, seg_font.unwrap_or(primary)));
                seg_start = i;
            }
            seg_font = Some(font);
        }
        if seg_start < run.text.len() {
            segments.push((seg_start..run.text.len(), seg_font.unwrap_or(primary)));
        }
        let first = glyphs.len();
        for (range, font) in segments {
            let rtl = levels.as_ref().map(|_| level_at(base + range.start) % 2 == 1);
            shape_segment(&run.text[range.clone()], base + range.start, font, ri, st.size, rtl, book, &mut glyphs);
        }
        if st.letter_spacing != 0.0 {
            letter_space(&mut glyphs[first..], &text, st.letter_spacing, st.size);
        }
        // An inline element's horizontal padding: room before its first glyph and
        // after its last, inside its background.
        let (left, right) = (st.pad.left, st.pad.right);
        if left > 0.0 {
            if let Some(g) = glyphs.get_mut(first).filter(|g| !g.hidden) {
                g.advance += left;
                g.x_advance += left / st.size.max(0.1);
                g.x_offset += left / st.size.max(0.1);
            }
        }
        if right > 0.0 {
            if let Some(g) = glyphs[first..].iter_mut().rev().find(|g| !g.hidden) {
                g.advance += right;
                g.x_advance += right / st.size.max(0.1);
            }
        }
    }
    let mut prefix = Vec::with_capacity(glyphs.len() + 1);
    let mut sum = 0.0;
    prefix.push(0.0);
    for g in &glyphs {
        sum += g.advance;
        prefix.push(sum);
    }
    Shaped { text, run_ranges, glyphs, prefix, levels, rtl: para_rtl }
}

/// CSS `letter-spacing`: `spacing` points after each character, as browsers add
/// it (after the last one of a line too). A cluster of several characters (a
/// ligature) gets the room of each; marks, joiners and variation selectors add none.
/// Negative spacing tightens words but leaves the spaces between them as they
/// are: a narrower space would join the words for text extractors.
fn letter_space(glyphs: &mut [ShapedGlyph], text: &str, spacing: f32, size: f32) {
    let mut i = 0;
    while i < glyphs.len() {
        let cluster = glyphs[i].cluster.clone();
        let n = glyphs[i..].iter().take_while(|g| g.cluster == cluster).count().max(1);
        let last = i + n - 1;
        let s = text.get(cluster).unwrap_or("");
        let chars = s.chars().filter(|&c| !is_mark(c) && !is_invisible(c) && !c.is_control()).count();
        let blank = s.chars().all(char::is_whitespace);
        let g = &mut glyphs[last];
        if !g.hidden && chars > 0 && !(spacing < 0.0 && blank) {
            // Negative spacing brings glyphs closer, never makes an advance negative.
            let extra = (spacing * chars as f32).max(-g.advance);
            g.advance += extra;
            g.x_advance += extra / size.max(0.1);
        }
        i += n;
    }
}

/// Combining marks (the common blocks): they sit on the letter before them.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200D)
}

/// Whether a character is strongly right-to-left (Hebrew, Arabic and related blocks).
fn is_rtl(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Blank letters (Hangul fillers) that people use as invisible indentation. No font
/// needs a glyph for them: they are drawn as a space and extract as themselves.
fn is_filler(c: char) -> bool {
    matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{ad}' | '\u{2060}' | '\u{feff}' | '\u{fe0e}' | '\u{fe0f}')
}

/// A shaped glyph as cached: id, cluster, x advance, x offset, y offset (font units).
type CachedGlyph = (u32, u32, i32, i32, i32);

/// Segments shaped at most this many times per thread before the cache starts over.
const SHAPE_CACHE_LIMIT: usize = 20_000;

/// Key of a shape plan: face key (`FontFace::key`), direction, script, language.
type PlanKey = ((u64, u32), Direction, Option<rustybuzz::Script>, Option<rustybuzz::Language>);
/// Key of a shaped segment: face key, direction, text.
type SegmentKey = ((u64, u32), Direction, String);
type PlanCache = std::cell::RefCell<std::collections::HashMap<PlanKey, std::rc::Rc<rustybuzz::ShapePlan>>>;
type SegmentCache = std::cell::RefCell<std::collections::HashMap<SegmentKey, std::rc::Rc<Vec<CachedGlyph>>>>;

thread_local! {
    /// Shape plans by face, direction, script and language: building a plan costs
    /// more than shaping a short segment with it.
    static PLANS: PlanCache = Default::default();
    /// Shaped segments by face, direction and text: résumés repeat words, dates and
    /// table cells, as browsers' word caches know.
    static SEGMENTS: SegmentCache = Default::default();
}

/// Shapes a buffer with the face, through the plan and segment caches. The result is
/// the same as shaping afresh.
fn shape_cached(face: &crate::font::FontFace, s: &str, buf: UnicodeBuffer) -> std::rc::Rc<Vec<CachedGlyph>> {
    let dir = buf.direction();
    shape_keyed(face, s, dir, || buf)
}

/// [`shape_cached`] for text in direction `dir`, whose buffer is built only when the
/// cache does not have it (guessing a buffer's script reads every character).
fn shape_keyed(
    face: &crate::font::FontFace,
    s: &str,
    dir: Direction,
    buf: impl FnOnce() -> UnicodeBuffer,
) -> std::rc::Rc<Vec<CachedGlyph>> {
    let face_key = face.key();
    let seg_key = (face_key, dir, s.to_string());
    if let Some(hit) = SEGMENTS.with(|c| c.borrow().get(&seg_key).cloned()) {
        return hit;
    }
    let buf = buf();
    let (script, lang) = (Some(buf.script()), buf.language());
    let plan_key = (face_key, dir, script, lang.clone());
    let plan = PLANS.with(|c| {
        c.borrow_mut()
            .entry(plan_key)
            .or_insert_with(|| {
                // Standard ligatures and kerning on (rustybuzz's defaults, spelled
                // out): a ligature glyph carries its cluster's text, so the PDF maps
                // it back to its letters ("fi", never U+FB01) for extractors.
                let features = [
                    Feature::new(Tag::from_bytes(b"liga"), 1, ..),
                    Feature::new(Tag::from_bytes(b"clig"), 1, ..),
                    Feature::new(Tag::from_bytes(b"kern"), 1, ..),
                ];
                std::rc::Rc::new(rustybuzz::ShapePlan::new(face.shaper(), dir, script, lang.as_ref(), &features))
            })
            .clone()
    });
    let shaped = rustybuzz::shape_with_plan(face.shaper(), &plan, buf);
    let glyphs: Vec<CachedGlyph> = shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(i, p)| (i.glyph_id, i.cluster, p.x_advance, p.x_offset, p.y_offset))
        .collect();
    let glyphs = std::rc::Rc::new(glyphs);
    SEGMENTS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= SHAPE_CACHE_LIMIT {
            c.clear();
        }
        c.insert(seg_key, glyphs.clone());
    });
    glyphs
}

#[allow(clippy::too_many_arguments)]
fn shape_segment(
    s: &str,
    offset: usize,
    font: FontId,
    run: usize,
    size: f32,
    rtl: Option<bool>,
    book: &FontBook,
    out: &mut Vec<ShapedGlyph>,
) {
    let face = book.face(font);
    let mut buf = UnicodeBuffer::new();
    buf.push_str(s);
    buf.guess_segment_properties();
    // The bidi level decides the direction where it was computed.
    if let Some(rtl) = rtl {
        buf.set_direction(if rtl { Direction::RightToLeft } else { Direction::LeftToRight });
    }
    let rtl = buf.direction() == Direction::RightToLeft;
    let start = out.len();
    if !rtl && s.len() > WORD_SHAPING_MIN && face.shapes_word_by_word() {
        push_glyphs(&shape_by_words(face, s), s, offset, font, run, size, face, out);
    } else {
        push_glyphs(&shape_cached(face, s, buf), s, offset, font, run, size, face, out);
    }
    if rtl {
        out[start..].reverse();
    }
    // Cluster ends: the next larger cluster start, or the segment end.
    let end = offset + s.len();
    let mut next = end;
    for g in out[start..].iter_mut().rev() {
        if g.cluster.start < next {
            g.cluster.end = next;
            next = g.cluster.start;
        } else {
            g.cluster.end = next.max(g.cluster.start);
            // Same cluster as the following glyph: share its end.
        }
    }
    let mut i = out.len();
    while i > start + 1 {
        i -= 1;
        if out[i - 1].cluster.start == out[i].cluster.start {
            out[i - 1].cluster.end = out[i].cluster.end;
        }
    }
}

/// Segments longer than this (bytes) are shaped word by word.
const WORD_SHAPING_MIN: usize = 24;

/// Shapes a segment word by word through the cache, each word with the spaces
/// before it: a long paragraph repeats its words (browsers' word caches do the
/// same). Fonts kern a space with the letters on both sides (Roboto: `T` and space,
/// space and `T`), so each word is shaped with the space after it too, and that
/// space's glyph is left to the next word, which shapes it with its own letters.
/// Clusters are relative to `s`.
fn shape_by_words(face: &crate::font::FontFace, s: &str) -> Vec<CachedGlyph> {
    let mut out = Vec::with_capacity(s.len());
    for (at, word) in words(s) {
        let end = at + word.len();
        let piece = &s[at..if s[end..].starts_with(' ') { end + 1 } else { end }];
        // The segment runs left to right, and so does each word of it.
        let shaped = shape_keyed(face, piece, Direction::LeftToRight, || {
            let mut buf = UnicodeBuffer::new();
            buf.push_str(piece);
            buf.guess_segment_properties();
            buf.set_direction(Direction::LeftToRight);
            buf
        });
        out.extend(shaped.iter().filter(|g| (g.1 as usize) < word.len()).map(|&(g, c, a, x, y)| (g, c + at as u32, a, x, y)));
    }
    out
}

/// The words of `s`, each with the spaces before it, and where each starts (fonts
/// kern a space with the letter after it: Roboto's space before `T`).
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= s.len() {
            return None;
        }
        let rest = &s[start..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let end = spaces + rest[spaces..].find(' ').unwrap_or(rest.len() - spaces);
        let at = start;
        start += end;
        Some((at, &rest[..end]))
    })
}

/// Appends the glyphs of a shaped piece of a segment; `offset` is the piece's byte
/// position in the paragraph (cluster ends are set by the caller).
#[allow(clippy::too_many_arguments)]
fn push_glyphs(
    shaped: &[CachedGlyph],
    s: &str,
    offset: usize,
    font: FontId,
    run: usize,
    size: f32,
    face: &crate::font::FontFace,
    out: &mut Vec<ShapedGlyph>,
) {
    let upem = face.units_per_em;
    for &(glyph_id, cluster, adv, dx, dy) in shaped.iter() {
        let cluster = cluster as usize;
        let hidden = s[cluster..].starts_with(['\n', '\r']);
        let mut x_advance = if hidden { 0.0 } else { adv as f32 / upem };
        let mut id = glyph_id as u16;
        if id == 0 && s[cluster..].starts_with(is_filler) {
            // Drawn as a narrow space: wide enough that extractors keep every
            // filler (they drop characters drawn on top of each other), narrow enough
            // that they do not see a word gap and split the word it is glued to.
            if let Some(space) = face.face().glyph_index(' ') {
                id = space.0;
                x_advance = 0.25;
            }
        }
        out.push(ShapedGlyph {
            id,
            font,
            run,
            cluster: offset + cluster..offset + cluster,
            advance: x_advance * size,
            x_advance,
            x_offset: dx as f32 / upem,
            y_offset: dy as f32 / upem,
            hidden,
        });
    }
}

impl Shaped {
    /// Index of the first glyph whose cluster starts at or after byte `pos`.
    pub fn glyph_at(&self, pos: usize) -> usize {
        self.glyphs.partition_point(|g| g.cluster.start < pos)
    }

    /// Width of the text in `range`, in points.
    pub fn width(&self, range: Range<usize>) -> f32 {
        let a = self.glyph_at(range.start);
        let b = self.glyph_at(range.end).max(a);
        self.prefix[b] - self.prefix[a]
    }

    /// Width of the text in `range` without trailing white space.
    pub fn trimmed_width(&self, range: Range<usize>) -> f32 {
        let end = self.trim_end(range.clone());
        self.width(range.start..end)
    }

    /// The end of `range` without trailing white space.
    pub fn trim_end(&self, range: Range<usize>) -> usize {
        let s = &self.text[range.clone()];
        range.start + s.trim_end_matches(|c: char| c.is_whitespace() && c != '\u{a0}').len()
    }

    /// The width of the widest piece between break opportunities (min-content).
    pub fn min_width(&self) -> f32 {
        let mut start = 0;
        let mut best: f32 = 0.0;
        for (pos, _) in unicode_linebreak::linebreaks(&self.text) {
            best = best.max(self.trimmed_width(start..pos));
            start = pos;
        }
        best
    }

    /// The width of the widest forced line (max-content).
    pub fn max_width(&self) -> f32 {
        let mut start = 0;
        let mut best: f32 = 0.0;
        for (pos, opp) in unicode_linebreak::linebreaks(&self.text) {
            if opp == unicode_linebreak::BreakOpportunity::Mandatory {
                best = best.max(self.trimmed_width(start..pos));
                start = pos;
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(face: &crate::font::FontFace, s: &str) -> Vec<CachedGlyph> {
        let mut buf = UnicodeBuffer::new();
        buf.push_str(s);
        buf.guess_segment_properties();
        shape_cached(face, s, buf).to_vec()
    }

    /// Shaping word by word gives exactly the glyphs shaping whole segments gives, for
    /// every face that claims it: kerning pairs, ligatures, digits, punctuation,
    /// accented Latin, Cyrillic, Greek, runs of spaces.
    #[test]
    fn word_by_word_shaping_matches_whole_segments() {
        let samples = [
            "Senior platform engineer — led the migration of 40 services to Kubernetes; cut p99 latency by 35 %.",
            "AVA Tokyo, WAVE: office; LTA fi fl ffi \"quoted\" (brackets) [2019–2024] V. A. Y. T. r, y. f. 'Ty' “We” Wa Yo To. P. F. L' 7. 1/2",
            "Ärger über Öl; Ça déjà vu: naïve façade — Москва, Привет мир; Ελληνικά κείμενα; Ŧest ǅ ﬁ",
            "   leading and   doubled  spaces  and trailing   ",
        ];
        let book = FontBook::bundled();
        let faces: Vec<_> = book.faces().iter().filter(|f| f.shapes_word_by_word()).collect();
        assert_eq!(faces.len(), 6, "the bundled family faces");
        for face in faces {
            for s in samples {
                assert_eq!(shaped(face, s), shape_by_words(face, s), "{} shapes `{s}` differently word by word", face.name);
            }
            // Every pair of printable ASCII characters and common accented capitals
            // around a space (checked with all of Latin-1 too: 60 s in a debug build).
            let chars: Vec<char> = ('!'..='~').chain("ÀÄÅÇÉÖÜ«»“”‘’„".chars()).collect();
            for &a in &chars {
                for &b in &chars {
                    let s = format!("{a} {b}  {a}");
                    assert_eq!(shaped(face, &s), shape_by_words(face, &s), "{} kerns across the space in `{s}`", face.name);
                }
            }
        }
    }

    #[test]
    fn words_keep_their_spaces() {
        let w: Vec<_> = words("  ab  c d ").collect();
        assert_eq!(w, [(0, "  ab"), (4, "  c"), (7, " d"), (9, " ")]);
        assert_eq!(words("").count(), 0);
        assert_eq!(words("é").collect::<Vec<_>>(), [(0, "é")]);
    }
}

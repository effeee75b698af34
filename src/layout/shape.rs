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
            let font = if c.is_whitespace() || c.is_control() || is_invisible(c) || is_filler(c) {
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
    let face_key = face.key();
    let dir = buf.direction();
    let seg_key = (face_key, dir, s.to_string());
    if let Some(hit) = SEGMENTS.with(|c| c.borrow().get(&seg_key).cloned()) {
        return hit;
    }
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
    let shaped = shape_cached(face, s, buf);
    let upem = face.units_per_em;
    let start = out.len();
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

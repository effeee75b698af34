//! Finalizing lines: each line of a paragraph becomes a fragment of positioned text
//! items, with its decorations (code backgrounds, underlines) and link areas.

use std::sync::Arc;

use super::flow::Fragment;
use super::linebreak::{Line, LineRoom};
use super::shape::{Shaped, ShapedGlyph};
use super::{FrameItem, Glyph, TextItem};
use crate::font::FontBook;
use crate::geom::{Point, Size};
use crate::style::{GaugeLook, InlineContent, Run, TextAlign};

/// A cluster's text (a letter and its marks) longer than this many UTF-16 units is
/// shared out among the cluster's glyphs: the PDF maps a glyph to its text in a
/// ToUnicode entry, and poppler rejects an entry longer than this, which drops the
/// whole cluster from the text layer.
const MAX_CLUSTER_UTF16: usize = 63;

/// How far synthetic oblique leans glyphs: a quarter of their height (Chromium's
/// slant for a face without italics, about 14°).
const SYNTHETIC_SKEW: f32 = 0.25;

/// The stroke that emboldens a face without bold, in ems: Chromium's (Skia's)
/// outline growth, 1/24 of the size at 9 px and below, 1/32 at 36 px and above,
/// linear between.
fn synthetic_bold(size_pt: f32) -> f32 {
    let px = size_pt / 0.75;
    let t = ((px - 9.0) / (36.0 - 9.0)).clamp(0.0, 1.0);
    1.0 / 24.0 + t * (1.0 / 32.0 - 1.0 / 24.0)
}

/// Line layout parameters.
#[derive(Debug, Clone, Copy)]
pub struct LineSetup {
    /// Left edge of the lines.
    pub x: f32,
    /// Width available.
    pub width: f32,
    /// Alignment.
    pub align: TextAlign,
    /// Line height multiplier.
    pub line_height: f32,
}

/// The order in which a line's glyphs are drawn, left to right: the logical order,
/// with runs of right-to-left levels reversed (Unicode bidi rule L2).
fn visual_order(p: &Shaped, glyphs: &[ShapedGlyph]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..glyphs.len()).collect();
    let Some(levels) = &p.levels else { return order };
    let level: Vec<u8> = glyphs.iter().map(|g| levels.get(g.cluster.start).copied().unwrap_or(0)).collect();
    let max = level.iter().copied().max().unwrap_or(0);
    let min_odd = level.iter().copied().filter(|l| l % 2 == 1).min().unwrap_or(max + 1);
    let mut lev = max;
    while lev >= min_odd && lev > 0 {
        let mut i = 0;
        while i < order.len() {
            if level[order[i]] >= lev {
                let start = i;
                while i < order.len() && level[order[i]] >= lev {
                    i += 1;
                }
                order[start..i].reverse();
            } else {
                i += 1;
            }
        }
        lev -= 1;
    }
    order
}

/// Turns broken lines into fragments, one per line, each where `room` puts it in
/// the paragraph's `setup`. `links` has each run's link target, shared by the link
/// areas of every line (`None`: not linked).
pub fn finalize(
    p: &Shaped,
    runs: &[Run],
    links: &[Option<Arc<str>>],
    lines: &[Line],
    (setup, room): (&LineSetup, &LineRoom),
    book: &FontBook,
) -> Vec<Fragment> {
    let metrics = paragraph_metrics(p, runs, setup, book);
    let place = |k: usize| {
        let (dx, width) = room.line(k);
        LineSetup { x: setup.x + dx, width, ..*setup }
    };
    lines.iter().enumerate().map(|(k, line)| finalize_line(p, runs, links, line, &place(k), book, &metrics)).collect()
}

/// The vertical metrics of a paragraph, worked out once for all its lines.
struct ParagraphMetrics {
    /// Per run, the room above and below the baseline of its line box: its line
    /// height, centred on its primary font's typographic ascent and descent (CSS
    /// half-leading).
    run_boxes: Vec<(f32, f32)>,
    /// The room above and below the baseline that the glyphs of fallback fonts
    /// (Arabic, CJK, emoji) need, over the whole paragraph. Every line of the
    /// paragraph gets it, so that the rhythm stays even and no line's glyphs reach
    /// into the next (which would also confuse text extractors, which read lines by
    /// their boxes).
    floor: (f32, f32),
}

fn paragraph_metrics(p: &Shaped, runs: &[Run], setup: &LineSetup, book: &FontBook) -> ParagraphMetrics {
    let primary: Vec<usize> = runs.iter().map(|r| book.select(r.style.family, r.style.bold, r.style.italic)).collect();
    let run_boxes = runs
        .iter()
        .zip(&primary)
        .map(|(r, &id)| {
            let (f, size) = (book.face(id), r.style.size);
            // CSS: the line box is the line height, centred on the typographic ascent
            // and descent, even when that is less than the glyphs' extent (browsers
            // set `line-height: 1.1` headings that tight).
            let (a, d) = (f.typo_ascender / f.units_per_em * size, f.typo_descender / f.units_per_em * size);
            let half_leading = (size * setup.line_height - (a + d)) / 2.0;
            (a + half_leading, d + half_leading)
        })
        .collect();
    let (mut above, mut below) = (0.0f32, 0.0f32);
    for g in p.glyphs.iter().filter(|g| !g.hidden) {
        let Some(run) = runs.get(g.run) else { continue };
        if run.object.is_some() || primary.get(g.run) == Some(&g.font) {
            continue;
        }
        let f = book.face(g.font);
        above = above.max(f.typo_ascender / f.units_per_em * run.style.size);
        below = below.max(f.typo_descender / f.units_per_em * run.style.size);
    }
    ParagraphMetrics { run_boxes, floor: (above, below) }
}

// Longer than 120 lines (about 230): one pass over a line's glyphs that builds its
// text items, decorations (code backgrounds, underlines, frames), link areas and
// inline boxes together, sharing the pen position and the open item; splitting it
// wants that state as a struct of its own. Left for a later change.
fn finalize_line(
    p: &Shaped,
    runs: &[Run],
    links: &[Option<Arc<str>>],
    line: &Line,
    setup: &LineSetup,
    book: &FontBook,
    metrics: &ParagraphMetrics,
) -> Fragment {
    let end = p.trim_end(line.range.clone());
    let first = p.glyph_at(line.range.start);
    let last = p.glyph_at(end).max(first);
    let mut owned: Vec<ShapedGlyph> = p.glyphs[first..last].to_vec();
    if line.hyphen {
        // A hyphen after a word broken at a hyphenation point or a soft hyphen; it
        // extracts as "-" before the line break, which readers join again.
        if let Some(g) = owned.iter().rev().find(|g| !g.hidden).cloned() {
            let face = book.face(g.font);
            let size = runs.get(g.run).map_or(12.0, |r| r.style.size);
            if let Some(id) = face.face().glyph_index('-') {
                let adv = face.face().glyph_hor_advance(id).map_or(0.0, f32::from) / face.units_per_em;
                owned.push(ShapedGlyph {
                    id: id.0,
                    advance: adv * size,
                    x_advance: adv,
                    x_offset: 0.0,
                    y_offset: 0.0,
                    cluster: end..end,
                    hidden: false,
                    ..g
                });
            }
        }
    }
    // Justified lines stretch their spaces to the full width.
    if setup.align == TextAlign::Justify && !line.last {
        let natural: f32 = owned.iter().map(|g| g.advance).sum();
        let spaces: Vec<usize> = (0..owned.len()).filter(|&i| p.text.get(owned[i].cluster.clone()) == Some(" ")).collect();
        let extra = setup.width - natural;
        if !spaces.is_empty() && extra > 0.0 {
            let per = extra / spaces.len() as f32;
            for i in spaces {
                let size = runs.get(owned[i].run).map_or(12.0, |r| r.style.size).max(0.01);
                owned[i].advance += per;
                owned[i].x_advance += per / size;
            }
        }
    }
    let glyphs = &owned[..];

    // Vertical metrics, as CSS sets a line: the line spans the boxes of its runs
    // (see `ParagraphMetrics`). Glyphs from a fallback font (CJK, emoji) sit in their
    // run's box, as in browsers, widened for the whole paragraph where the fallback
    // reaches further, so that every line of a paragraph has the same height and the
    // baselines keep an even rhythm.
    let mut above: f32 = 0.0;
    let mut below: f32 = 0.0;
    let mut measure = |run: usize| {
        if let Some(&(a, d)) = metrics.run_boxes.get(run) {
            above = above.max(a);
            below = below.max(d);
        }
    };
    let mut object_height: Option<f32> = None;
    let mut object_depth: f32 = 0.0;
    let mut measured = false;
    for g in glyphs.iter().filter(|g| !g.hidden) {
        match &runs[g.run].object {
            Some(obj) => {
                let h = obj.height_at(g.advance);
                object_height = Some(object_height.unwrap_or(0.0).max(h - obj.depth));
                object_depth = object_depth.max(obj.depth);
            }
            None => {
                measure(g.run);
                measured = true;
            }
        }
    }
    if !measured && object_height.is_none() {
        // An empty line: take the metrics of the run it starts in.
        let ri = p.run_ranges.iter().position(|r| r.contains(&line.range.start)).unwrap_or(0);
        if ri < runs.len() {
            measure(ri);
        } else if !runs.is_empty() {
            measure(0);
        } else {
            let f = book.face(0);
            above = f.ascender / f.units_per_em * 12.0;
            below = f.descender / f.units_per_em * 12.0;
        }
    }
    let floor = metrics.floor;
    let above = above.max(object_height.unwrap_or(0.0)).max(floor.0);
    let below = below.max(floor.1).max(object_depth).max(0.0);
    let height = (above + below).max(0.0);
    let baseline = above;

    let width: f32 = glyphs.iter().map(|g| g.advance).sum();
    // Right-to-left paragraphs are aligned right unless asked otherwise.
    let align = if p.rtl && setup.align == TextAlign::Left { TextAlign::Right } else { setup.align };
    let order = visual_order(p, glyphs);
    let visual: Vec<&ShapedGlyph> = order.iter().map(|&i| &glyphs[i]).collect();
    let glyphs = visual;
    let mut x = setup.x
        + match align {
            TextAlign::Left | TextAlign::Justify => 0.0,
            TextAlign::Center => ((setup.width - width) / 2.0).max(0.0),
            TextAlign::Right => (setup.width - width).max(0.0),
        };

    let mut back = Vec::new();
    let mut items = Vec::new();
    let mut areas: Vec<(f32, f32, Arc<str>)> = Vec::new();
    let link_of = |run: usize| links.get(run).and_then(Option::as_ref);
    let mut i = 0;
    while i < glyphs.len() {
        let g0 = glyphs[i];
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].font == g0.font && glyphs[j].run == g0.run {
            j += 1;
        }
        let group = &glyphs[i..j];
        i = j;
        let run = &runs[g0.run];
        let st = &run.style;
        let w: f32 = group.iter().map(|g| g.advance).sum();
        if let Some(obj) = &run.object {
            let h = obj.height_at(w);
            let top = baseline + obj.depth - h;
            items.push(match &obj.content {
                InlineContent::Image(image) => {
                    (Point::new(x, top), FrameItem::Image { size: Size::new(w, h), image: image.clone(), alt: obj.alt.clone(), tag: None })
                }
                InlineContent::Gauge(look) => gauge_item(look, Point::new(x, top), Size::new(w, h)),
            });
            if let Some(url) = link_of(g0.run) {
                areas.push((x, x + w, url.clone()));
            }
            x += w;
            continue;
        }
        // The text the glyphs stand for, cluster by cluster in drawing order. In a
        // right-to-left run a cluster of several characters (a lam-alef ligature, a
        // letter with its marks) is written reversed, so that extractors, which
        // reverse right-to-left lines into reading order, get it back in order.
        let level_of = |g: &ShapedGlyph| p.levels.as_ref().and_then(|l| l.get(g.cluster.start).copied()).unwrap_or(0);
        let mut text = String::new();
        let mut out: Vec<Glyph> = Vec::with_capacity(group.len());
        let mut last: Option<(std::ops::Range<usize>, std::ops::Range<u32>)> = None;
        for g in group.iter().filter(|g| !g.hidden) {
            let range = match &last {
                Some((cluster, range)) if *cluster == g.cluster => range.clone(),
                _ => {
                    // A drawn hyphen has an empty cluster and stands for "-".
                    let s = if g.cluster.is_empty() { "-" } else { &p.text[g.cluster.clone()] };
                    let start = text.len();
                    if level_of(g) % 2 == 1 && s.chars().nth(1).is_some() {
                        text.extend(s.chars().rev());
                    } else {
                        text.push_str(s);
                    }
                    // A text item is one line's run, far below 4 GiB (inputs are capped).
                    let range = start as u32..text.len() as u32;
                    last = Some((g.cluster.clone(), range.clone()));
                    range
                }
            };
            out.push(Glyph { id: g.id, x_advance: g.x_advance, x_offset: g.x_offset, y_offset: g.y_offset, range });
        }
        split_long_clusters(&mut out, &text);

        // The background and frame cover the glyphs and the element's padding (the
        // horizontal padding is part of the advances already).
        let (top, height) = (baseline - st.size * 0.95 - st.shift - st.pad.top, st.size * 1.3 + st.pad.top + st.pad.bottom);
        if let Some(bg) = st.background {
            let grow = if st.frame.is_some() || st.pad != Default::default() { 0.0 } else { 1.0 };
            back.push((
                Point::new(x - grow, top),
                FrameItem::Rect { size: Size::new(w + 2.0 * grow, height), fill: Some(bg), stroke: None },
            ));
        }
        if let Some(frame) = st.frame {
            // Around the glyphs exactly: neighbouring frames keep the space between.
            back.push((Point::new(x, top), FrameItem::Rect { size: Size::new(w, height), fill: None, stroke: Some(frame) }));
        }
        let y = baseline - st.shift;
        if st.underline {
            items.push((
                Point::new(x, y + st.size * 0.12),
                FrameItem::Line { delta: Point::new(w, 0.0), width: st.size * 0.06, color: st.color },
            ));
        }
        if st.strike {
            items.push((
                Point::new(x, y - st.size * 0.28),
                FrameItem::Line { delta: Point::new(w, 0.0), width: st.size * 0.06, color: st.color },
            ));
        }
        if !out.is_empty() {
            let face = book.face(g0.font);
            let item = TextItem {
                font: g0.font,
                size: st.size,
                fill: st.color,
                text,
                glyphs: out,
                tag: None,
                skew: if st.italic && !face.italic { SYNTHETIC_SKEW } else { 0.0 },
                embolden: if st.bold && !face.bold { synthetic_bold(st.size) } else { 0.0 },
                spaced: st.letter_spacing.abs() > 0.001 * st.size,
            };
            items.push((Point::new(x, y), FrameItem::Text(item)));
        }
        if let Some(url) = link_of(g0.run) {
            match areas.last_mut() {
                Some((_, end, u)) if u == url && (*end - x).abs() < 0.01 => *end = x + w,
                _ => areas.push((x, x + w, url.clone())),
            }
        }
        x += w;
    }
    for (x0, x1, url) in areas {
        if x1 > x0 {
            items.push((Point::new(x0, 0.0), FrameItem::Link { size: Size::new(x1 - x0, height), url }));
        }
    }
    back.extend(items);
    Fragment { height, items: back, baseline: Some(baseline), ..Fragment::default() }
}

/// Gives each glyph of a cluster with a long text (more than `MAX_CLUSTER_UTF16`
/// units) a character of its own, in order, the last glyph the rest: every character
/// stays in the text layer, in short mappings. Shorter clusters keep one text for
/// all their glyphs.
fn split_long_clusters(glyphs: &mut [Glyph], text: &str) {
    let mut i = 0;
    while i < glyphs.len() {
        let range = glyphs[i].range.clone();
        let n = glyphs[i..].iter().take_while(|g| g.range == range).count();
        let cluster = &text[range.start as usize..range.end as usize];
        if cluster.len() > MAX_CLUSTER_UTF16 && cluster.encode_utf16().nth(MAX_CLUSTER_UTF16).is_some() {
            let mut starts = cluster.char_indices().map(|(o, _)| range.start + o as u32).take(n).collect::<Vec<_>>();
            starts.push(range.end);
            for (k, g) in glyphs[i..i + n].iter_mut().enumerate() {
                // More glyphs than characters: the last ones share the last character.
                let at = k.min(starts.len() - 2);
                let end = if k + 1 == n { range.end } else { starts[at + 1] };
                g.range = starts[at]..end.max(starts[at]);
            }
        }
        i += n.max(1);
    }
}

/// The bar of a gauge in its box: as tall as its look asks, centred in the box.
fn gauge_item(look: &GaugeLook, at: Point, size: Size) -> (Point, FrameItem) {
    let h = look.bar_height.min(size.height);
    let item = FrameItem::Gauge {
        size: Size::new(size.width, h),
        radius: look.radius.min(h / 2.0).min(size.width / 2.0),
        track: look.track,
        fill: look.fill,
        fraction: look.fraction.unwrap_or(0.0).clamp(0.0, 1.0),
        border: look.border,
        inset: look.inset.min(h / 2.0),
    };
    (Point::new(at.x, at.y + (size.height - h) / 2.0), item)
}

//! Bridges across the gap of a row: a title at the left and its dates pushed to
//! the right end of the same line (a flex row with `justify-content:
//! space-between`, a floated span) are far apart, and text extractors that guess
//! columns from where words are (`pdftotext` in its default mode, and the ATS
//! parsers built like it) read the dates as a column of their own, after
//! everything else on the page. A bridge drawn in the gap joins the two into one
//! line, so that they read as "title dates", as they do in `-layout` mode: blank
//! glyphs (no-break spaces) that together stand for one zero-width space (their
//! `ActualText`). Extractors skip white space when they look for lines, so the
//! bridge is a character that is not white space but shows and says nothing; in
//! tagged PDFs it is an artifact. Only items with a single line in the row are
//! bridged: a sidebar beside a main column keeps reading as a column of its own.

use std::collections::{HashMap, HashSet};

use super::{FrameItem, Glyph, TextItem};
use crate::font::FontBook;
use crate::geom::{Point, Rgb};

/// Gaps narrower than this many ems are left alone (extractors read them as the
/// space between words of one line).
const MIN_GAP_EM: f32 = 1.5;

/// What a bridge reads as: a zero-width space.
pub const BRIDGE: &str = "\u{200b}";

/// Baselines closer than this, in points, are one line.
const SAME_LINE: f32 = 0.5;

/// A text of the row: where it starts and ends on its baseline, and whose it is.
struct Piece {
    index: usize,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
    owner: usize,
}

/// Draws a bridge into each wide gap between texts of different items (`owner`
/// of each of `items`) on one baseline, for items whose text in the row is one
/// line. Each bridge goes into the content stream just before the text at its
/// right.
pub(super) fn bridge(items: &mut Vec<(Point, FrameItem)>, owners: &[usize], book: &FontBook) {
    let mut pieces: Vec<Piece> = items
        .iter()
        .zip(owners)
        .enumerate()
        .filter_map(|(index, ((at, item), &owner))| match item {
            FrameItem::Text(t) if !t.text.trim().is_empty() => {
                Some(Piece { index, x0: at.x, x1: at.x + t.width(), y: at.y, size: t.size, owner })
            }
            _ => None,
        })
        .collect();
    if pieces.len() < 2 {
        return;
    }
    let one_line = one_line_owners(&pieces);
    pieces.sort_by(|a, b| line_key(a.y).cmp(&line_key(b.y)).then(a.x0.total_cmp(&b.x0)));
    let mut bridges: Vec<(usize, (Point, FrameItem))> = Vec::new();
    for pair in pieces.windows(2) {
        let (l, r) = (&pair[0], &pair[1]);
        let wide = r.x0 - l.x1 > MIN_GAP_EM * r.size;
        if l.owner == r.owner || line_key(l.y) != line_key(r.y) || (l.size - r.size).abs() > 0.5 || !wide {
            continue;
        }
        if !(one_line.contains(&l.owner) && one_line.contains(&r.owner)) {
            continue;
        }
        let FrameItem::Text(left) = &items[l.index].1 else { continue };
        if let Some(b) = filler(book, left, l.x1, r.x0, r.y) {
            bridges.push((r.index, b));
        }
    }
    if bridges.is_empty() {
        return;
    }
    // Each bridge just before the text at its right, in one pass.
    bridges.sort_by_key(|b| b.0);
    let mut bridges = bridges.into_iter().peekable();
    let old = std::mem::take(items);
    items.reserve(old.len() + bridges.len());
    for (k, item) in old.into_iter().enumerate() {
        while let Some((_, b)) = bridges.next_if(|b| b.0 == k) {
            items.push(b);
        }
        items.push(item);
    }
}

/// The baseline of a line, in half points (texts within [`SAME_LINE`] share it).
fn line_key(y: f32) -> i64 {
    (y / SAME_LINE).round() as i64
}

/// The owners whose texts in the row sit on one baseline.
fn one_line_owners(pieces: &[Piece]) -> HashSet<usize> {
    // Each owner's baseline, and whether all its texts share it.
    let mut lines: HashMap<usize, (i64, bool)> = HashMap::new();
    for p in pieces {
        let key = line_key(p.y);
        let line = lines.entry(p.owner).or_insert((key, true));
        line.1 &= line.0 == key;
    }
    lines.into_iter().filter(|(_, (_, one))| *one).map(|(owner, _)| owner).collect()
}

/// Blank glyphs (no-break spaces) in `left`'s font and size filling `x0..x1` on
/// the baseline `y`, a space's width clear of each end (so that each side keeps
/// its words), all standing for one zero-width space. `None` if the font has no
/// such glyph or the gap holds none.
fn filler(book: &FontBook, left: &TextItem, x0: f32, x1: f32, y: f32) -> Option<(Point, FrameItem)> {
    let face = book.face(left.font).face();
    let id = face.glyph_index('\u{a0}')?;
    let advance = f32::from(face.glyph_hor_advance(id)?) / f32::from(face.units_per_em());
    let step = advance * left.size;
    if step <= 0.0 {
        return None;
    }
    let n = ((x1 - x0) / step - 2.0).floor();
    if n < 1.0 {
        return None;
    }
    let n = n as usize;
    let start = x0 + ((x1 - x0) - n as f32 * step) / 2.0;
    let glyphs =
        (0..n).map(|_| Glyph { id: id.0, x_advance: advance, x_offset: 0.0, y_offset: 0.0, range: 0..BRIDGE.len() as u32 }).collect();
    let text = TextItem {
        font: left.font,
        size: left.size,
        fill: Rgb(0, 0, 0),
        text: BRIDGE.into(),
        glyphs,
        tag: None,
        skew: 0.0,
        embolden: 0.0,
        spaced: false,
    };
    Some((Point::new(start, y), FrameItem::Text(text)))
}

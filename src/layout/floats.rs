//! Floats: a block with `float: left | right` sits at that edge, and the blocks
//! after it are laid out in the room beside it as long as they start above its
//! bottom, or until one has `clear`. A paragraph that runs past the float's bottom
//! wraps line by line, as in CSS: its lines beside the float are narrower, the
//! ones below it take the whole width (other blocks, lists and boxes, keep the
//! narrower width to their end). The float and what is beside it become one row,
//! like a flex row: it moves to the next page with its anchor, or is cut into bands
//! between lines when taller than a page. The text beside the float comes first in
//! the content stream, then the float's.

use super::boxes::{column_height, join, Laid};
use super::flow::{gap, Beside, Flow, Fragment};
use super::StructKind;
use crate::style::boxes::{Arrange, FloatSide};
use crate::style::{StyledBlock, StyledKind};

/// Beside a float, at least this much room, in points; else the float stands
/// alone and what follows goes below it.
const MIN_BESIDE: f32 = 60.0;

/// Lays out the float `blocks[0]` and the blocks beside it in a line `width`
/// wide at `x`; returns the row's fragments and how many blocks it took.
pub(super) fn layout(flow: &mut Flow<'_>, blocks: &[StyledBlock], side: FloatSide, x: f32, width: f32) -> (Vec<Fragment>, usize) {
    let float = &blocks[0];
    let fw = float_width(flow, float, width);
    let fx = match side {
        FloatSide::Left => x,
        FloatSide::Right => x + width - fw,
    };
    let parent = flow.current();
    flow.open(StructKind::Div);
    let float_frags = flow.item(float, fx, fw);
    flow.restore(parent);
    let (fh, _) = column_height(&float_frags);
    let room = width - fw;
    if room < MIN_BESIDE {
        return (float_frags, 1);
    }
    let bx = match side {
        FloatSide::Left => x + fw,
        FloatSide::Right => x,
    };
    // The blocks that start above the float's bottom; the lines of a paragraph
    // that runs past it go below the row.
    let mut beside: Vec<Fragment> = Vec::new();
    let mut below: Vec<Fragment> = Vec::new();
    let mut taken = 1;
    for b in &blocks[1..] {
        if b.style.place.clear || b.style.place.float.is_some() || column_height(&beside).0 >= fh {
            break;
        }
        let one = std::slice::from_ref(b);
        taken += 1;
        // A paragraph is tried at the narrow width to see whether it runs past the
        // float; any other block keeps the narrow width, so it is laid out once.
        let lines = if wraps_by_line(b) {
            let narrow = flow.trial(|f| f.blocks(one, bx, room));
            Some(lines_above(&beside, &narrow, fh)).filter(|&n| n < narrow.len())
        } else {
            None
        };
        let Some(lines) = lines else {
            beside.extend(flow.blocks(one, bx, room));
            continue;
        };
        // Past the float: its first lines beside it, the rest the whole width.
        flow.line_ask.beside = Some(Beside { lines, left: bx, right: bx + room });
        let mut frags = flow.blocks(one, x, width);
        let cut = lines_above(&beside, &frags, fh).min(frags.len());
        below = frags.split_off(cut);
        beside.extend(frags);
        break;
    }
    // The first block's space above is the row's.
    let (above, neg) = beside.first_mut().map_or((0.0, 0.0), |f| (std::mem::take(&mut f.space_before), std::mem::take(&mut f.neg_before)));
    let (bh, _) = column_height(&beside);
    let height = fh.max(bh);
    let items = vec![Laid { y: 0.0, height: bh, frags: beside }, Laid { y: 0.0, height: fh, frags: float_frags }];
    let group = flow.new_group();
    let mut out = join(items, height, (flow.page_h, flow.book), group);
    if let Some(first) = out.first_mut() {
        first.space_before = first.space_before.max(above);
        first.neg_before = first.neg_before.min(neg);
    }
    out.extend(below);
    (out, taken)
}

/// Whether a block beside a float wraps line by line (a paragraph or heading with
/// no box of its own drawn around it) rather than keeping the narrower width.
fn wraps_by_line(b: &StyledBlock) -> bool {
    let s = &b.style;
    matches!(b.kind, StyledKind::Text { .. })
        && s.arrange == Arrange::Flow
        && s.background.is_none()
        && s.border.is_none()
        && [s.border_left, s.border_right, s.border_top, s.border_bottom].iter().all(Option::is_none)
}

/// How many of `frags` (laid out after `beside`) start above `bottom`, from the
/// row's top (the first fragment's space above is the row's).
fn lines_above(beside: &[Fragment], frags: &[Fragment], bottom: f32) -> usize {
    let mut y = 0.0;
    let mut after = None;
    for (k, f) in beside.iter().chain(frags).enumerate() {
        if let Some(a) = after {
            y += gap(a, f);
        }
        if k >= beside.len() && y >= bottom {
            return k - beside.len();
        }
        y += f.height;
        after = Some(f.after());
    }
    frags.len()
}

/// The float's width: as its CSS sizes ask, its content's widest when `width` is
/// not set, at most the line.
fn float_width(flow: &mut Flow<'_>, b: &StyledBlock, width: f32) -> f32 {
    let auto = if b.style.sizes.width.is_some() { width } else { flow.trial(|f| f.intrinsic(b)).1 };
    super::sizes::box_width(&b.style, width, auto)
}

#[cfg(test)]
mod tests {
    use crate::font::FontBook;
    use crate::layout::flow::{Flow, Fragment};
    use crate::layout::FrameItem;
    use crate::style::boxes::{BoxSizes, FloatSide};
    use crate::style::{BoxStyle, Run, StyledBlock, StyledKind, Width};

    fn text(t: &str) -> StyledBlock {
        let run = Run { text: t.into(), style: crate::testing::plain_style(), link: None, span: 0..0, object: None };
        let style = BoxStyle { line_height: 1.2, margin_bottom: 10.0, ..BoxStyle::default() };
        StyledBlock { kind: StyledKind::Text { runs: vec![run], pre: false, anchors: vec![] }, style, span: 0..0, anchors: vec![] }
    }

    /// (first word, x, y) of each text item, in content-stream order.
    fn words(frags: &[Fragment]) -> Vec<(String, f32, f32)> {
        let mut out = vec![];
        let mut y = 0.0;
        for f in frags {
            y += f.space_before;
            for (at, item) in &f.items {
                if let FrameItem::Text(t) = item {
                    out.push((t.text.split_whitespace().next().unwrap_or("").to_string(), at.x, y + at.y));
                }
            }
            y += f.height;
        }
        out
    }

    #[test]
    fn text_after_a_right_float_is_laid_out_beside_it_until_it_ends() {
        let book = FontBook::bundled();
        let mut flow = Flow::new(&book);
        let mut photo = text("Photo Photo Photo Photo Photo Photo Photo Photo Photo");
        photo.style.place.float = Some(FloatSide::Right);
        photo.style.sizes = BoxSizes { width: Some(Width::Points(60.0)), ..BoxSizes::default() };
        let long: String = (0..30).map(|k| format!("beside{k} ")).collect();
        let mut cleared = text("Below the float");
        cleared.style.place.clear = true;
        let frags = flow.blocks(&[photo, text(&long), cleared], 0.0, 300.0);
        let w = words(&frags);
        let float_x = w.iter().find(|w| w.0 == "Photo").map(|w| w.1).expect("float");
        assert!((float_x - 240.0).abs() < 0.01, "at the right edge: {w:?}");
        let beside: Vec<_> = w.iter().filter(|w| w.0.starts_with("beside")).collect();
        assert!(beside.iter().all(|w| w.1 < 1.0), "beside text starts at the left: {w:?}");
        let first_beside = w.iter().position(|w| w.0.starts_with("beside")).expect("beside");
        let first_photo = w.iter().position(|w| w.0 == "Photo").expect("photo");
        assert!(first_beside < first_photo, "text beside comes first in the stream");
        let below = w.iter().find(|w| w.0 == "Below").expect("cleared");
        let float_bottom = w.iter().filter(|w| w.0 == "Photo").map(|w| w.2).fold(0.0, f32::max);
        assert!(below.2 > float_bottom, "a cleared block below the float: {w:?}");
    }
}

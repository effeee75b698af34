//! The sizes CSS asks of a block in the normal flow: `width`, `min-width` and
//! `max-width` narrow its box (`auto` margins centre it, or push it to the right),
//! `height` and `min-height` make it at least so tall. Items of flex and grid
//! containers get theirs from taffy instead.

use super::flow::{border_edges, Deco, Fragment};
use crate::style::boxes::SideMargin;
use crate::style::{BoxStyle, Width};

/// The left edge and width of a block's box in a line `width` wide at `x`.
pub(super) fn sized_box(s: &BoxStyle, x: f32, width: f32) -> (f32, f32) {
    let z = &s.sizes;
    if z.width.is_none() && z.max_width.is_none() && z.min_width.is_none() {
        return (x, width);
    }
    let w = box_width(s, width, width);
    let free = width - w;
    let left = match (s.place.margin_left, s.place.margin_right) {
        (SideMargin::Auto, SideMargin::Auto) => free / 2.0,
        (SideMargin::Auto, _) => free,
        _ => 0.0,
    };
    (x + left, w)
}

/// The width of a block's box in a line `width` wide, as its `width`, `min-width`
/// and `max-width` ask; `auto` is its width when `width` is not set (the line, or
/// a float's content).
pub(super) fn box_width(s: &BoxStyle, width: f32, auto: f32) -> f32 {
    let z = &s.sizes;
    // Without `box-sizing: border-box` a width is the content's: padding and
    // borders come on top.
    let extra = if z.border_box { 0.0 } else { horizontal_edges(s) };
    let resolve = |w: Width| w.resolve(width) + if matches!(w, Width::Points(_)) { extra } else { 0.0 };
    let mut w = z.width.map_or(auto, resolve);
    if let Some(max) = z.max_width {
        w = w.min(resolve(max));
    }
    if let Some(min) = z.min_width {
        w = w.max(resolve(min));
    }
    // Never wider than the line (a box past the page's edge would be cut off), nor
    // narrower than its padding and a few points.
    w.min(width).max((horizontal_edges(s) + 8.0).min(width))
}

/// Makes a block's fragments at least as tall as its `height` or `min-height`
/// asks: a spacer below the last, carrying the block's own background.
pub(super) fn grow_to_height(s: &BoxStyle, frags: &mut Vec<Fragment>) {
    let z = &s.sizes;
    let wanted = [z.height, z.min_height].into_iter().flatten().filter_map(|h| match h {
        Width::Points(p) => Some(p),
        // A percentage of a height the page decides: ignored, as browsers do for
        // blocks whose container's height is not set.
        Width::Percent(_) => None,
    });
    let Some(mut wanted) = wanted.reduce(f32::max) else { return };
    if !z.border_box {
        wanted += vertical_edges(s);
    }
    let Some(first) = frags.first() else { return };
    let mut height = 0.0;
    let mut after = (0.0, 0.0);
    for (k, f) in frags.iter().enumerate() {
        if k > 0 {
            height += super::flow::gap(after, f);
        }
        height += f.height;
        after = f.after();
    }
    if height >= wanted {
        return;
    }
    // The decorations every fragment of the block carries are the block's own.
    let own: Vec<Deco> = first.decos.iter().filter(|d| frags.iter().all(|f| f.decos.iter().any(|e| e.group == d.group))).cloned().collect();
    if let Some(last) = frags.last_mut() {
        last.keep_with_next = true;
    }
    frags.push(Fragment { height: wanted - height, decos: own, ..Fragment::default() });
}

/// A block's left and right padding and borders.
pub(super) fn horizontal_edges(s: &BoxStyle) -> f32 {
    let b = border_edges(s);
    s.padding.left + s.padding.right + width(b.left) + width(b.right)
}

/// A block's top and bottom padding and borders.
pub(super) fn vertical_edges(s: &BoxStyle) -> f32 {
    let b = border_edges(s);
    s.padding.top + s.padding.bottom + width(b.top) + width(b.bottom)
}

fn width(b: Option<crate::style::Border>) -> f32 {
    b.map_or(0.0, |b| b.width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::FontBook;
    use crate::layout::flow::Flow;
    use crate::layout::FrameItem;
    use crate::style::boxes::BoxSizes;
    use crate::style::{Run, StyledBlock, StyledKind};

    fn text(style: BoxStyle) -> StyledBlock {
        let run = Run { text: "Ada Example".into(), style: crate::testing::plain_style(), link: None, span: 0..0, object: None };
        StyledBlock { kind: StyledKind::Text { runs: vec![run], pre: false, anchors: vec![] }, style, span: 0..0, anchors: vec![] }
    }

    fn first_x(frags: &[Fragment]) -> f32 {
        frags.iter().flat_map(|f| &f.items).find(|(_, i)| matches!(i, FrameItem::Text(_))).map(|(at, _)| at.x).unwrap_or(f32::NAN)
    }

    #[test]
    fn a_width_with_auto_margins_centres_the_box_and_max_width_caps_it() {
        let book = FontBook::bundled();
        let mut flow = Flow::new(&book);
        let mut style = BoxStyle { line_height: 1.2, ..BoxStyle::default() };
        style.sizes = BoxSizes { width: Some(Width::Points(100.0)), ..BoxSizes::default() };
        style.place.margin_left = SideMargin::Auto;
        style.place.margin_right = SideMargin::Auto;
        let frags = flow.blocks(&[text(style.clone())], 0.0, 400.0);
        assert!((first_x(&frags) - 150.0).abs() < 0.01, "{}", first_x(&frags));
        // Pushed right by a left auto margin alone, capped by max-width.
        style.place.margin_right = SideMargin::Points(0.0);
        style.sizes = BoxSizes { width: Some(Width::Percent(80.0)), max_width: Some(Width::Points(50.0)), ..BoxSizes::default() };
        let frags = flow.blocks(&[text(style)], 0.0, 400.0);
        assert!((first_x(&frags) - 350.0).abs() < 0.01, "{}", first_x(&frags));
    }

    #[test]
    fn min_height_makes_the_block_that_tall() {
        let book = FontBook::bundled();
        let mut flow = Flow::new(&book);
        let mut style = BoxStyle { line_height: 1.2, ..BoxStyle::default() };
        style.sizes = BoxSizes { min_height: Some(Width::Points(90.0)), ..BoxSizes::default() };
        let frags = flow.blocks(&[text(style)], 0.0, 400.0);
        let total: f32 = frags.iter().map(|f| f.height).sum();
        assert!((total - 90.0).abs() < 0.01, "{total}");
    }
}

//! Margin boxes: header and footer content laid out inside the top or bottom margin.

use super::flow::Flow;
use super::FrameItem;
use crate::font::FontBook;
use crate::geom::{Point, Rect};
use crate::style::StyledBlock;

/// Where a margin box sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// In the top margin.
    Top,
    /// In the bottom margin.
    Bottom,
}

/// Lays out blocks in `area` (a page margin), centred vertically, and returns the
/// positioned items. Content taller than the area is clipped to its first lines.
pub fn place(blocks: &[StyledBlock], area: Rect, edge: Edge, book: &FontBook) -> Vec<(Point, FrameItem)> {
    let mut flow = Flow::new(book);
    let frags = flow.blocks(blocks, 0.0, area.width.max(1.0));
    let mut y = 0.0;
    let mut prev_after: Option<(f32, f32)> = None;
    let mut placed = Vec::new();
    for f in frags {
        let space = prev_after.map_or(0.0, |a| super::flow::gap(a, &f));
        let after = f.after();
        if y + space + f.height > area.height && !placed.is_empty() {
            break;
        }
        // Targets in a header or footer would repeat on every page: they are left out.
        let items = f.items.into_iter().filter(|(_, i)| !matches!(i, FrameItem::Anchor { .. })).collect::<Vec<_>>();
        placed.push((y + space, items));
        y += space + f.height;
        prev_after = Some(after);
    }
    if y > area.height + 0.01 {
        // A single line taller than the margin: drop it rather than draw on the body.
        return vec![];
    }
    let top = match edge {
        Edge::Top => area.y + (area.height - y) / 2.0,
        Edge::Bottom => area.y + (area.height - y) / 2.0,
    };
    placed
        .into_iter()
        .flat_map(|(fy, items)| {
            items.into_iter().map(move |(p, mut item)| {
                // Headers and footers are page furniture: artifacts, not structure.
                match &mut item {
                    FrameItem::Text(t) => t.tag = None,
                    FrameItem::Image { tag, .. } => *tag = None,
                    _ => {}
                }
                (Point::new(area.x + p.x, top + fy + p.y), item)
            })
        })
        .collect()
}

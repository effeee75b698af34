//! Multi-column layout (`columns: 3`): a block's content laid out at the width of
//! one column, then dealt out to the columns in order (balanced by default), each
//! group kept whole (list items, `break-inside: avoid`). The columns sit side by
//! side in one fragment per page's worth; each column's text comes before the next
//! one's in the content stream, so extractors read them in source order. A child
//! with `column-span: all` takes the whole width: the columns before it are
//! balanced above it and start again below it.

use super::flow::{gap, Flow, Fragment};
use super::{FrameItem, StructKind};
use crate::geom::{Point, Size};
use crate::style::boxes::{Arrange, Columns};
use crate::style::{StyledBlock, StyledKind};

/// How many columns fit, and how wide each is, in a box `width` wide.
pub(super) fn count_and_width(c: &Columns, width: f32) -> (usize, f32) {
    let by_width = c.width.filter(|w| *w > 0.0).map(|w| (((width + c.gap) / (w + c.gap)).floor() as usize).max(1));
    let n = match (c.count.map(|n| n as usize), by_width) {
        (Some(n), Some(w)) => n.min(w),
        (Some(n), None) => n,
        (None, Some(w)) => w,
        (None, None) => 1,
    }
    .clamp(1, 32);
    // Columns never get narrower than a few letters.
    let n = n.min(((width + c.gap) / (24.0 + c.gap)).floor().max(1.0) as usize);
    let w = (width - c.gap * (n - 1) as f32) / n as f32;
    (n, w)
}

/// Lays out `b`'s content (its own box, padding and decorations are the caller's)
/// in columns inside a box `width` wide at `x`.
pub(super) fn layout(flow: &mut Flow<'_>, b: &StyledBlock, c: &Columns, x: f32, width: f32) -> Vec<Fragment> {
    let StyledKind::Container(children) = &b.kind else { return columns(flow, b, c, x, width) };
    if !children.iter().any(|k| k.style.place.span_columns) {
        return columns(flow, b, c, x, width);
    }
    let mut out = Vec::new();
    for part in children.split_inclusive(|k| k.style.place.span_columns) {
        let (before, span) = match part.split_last() {
            Some((last, before)) if last.style.place.span_columns => (before, Some(last)),
            _ => (part, None),
        };
        if !before.is_empty() {
            let group =
                StyledBlock { kind: StyledKind::Container(before.to_vec()), style: b.style.clone(), span: b.span.clone(), anchors: vec![] };
            out.extend(columns(flow, &group, c, x, width));
        }
        if let Some(span) = span {
            out.extend(flow.blocks(std::slice::from_ref(span), x, width));
        }
    }
    out
}

/// Lays out `b`'s content in columns (see [`layout`]), under a structure node of
/// its own.
fn columns(flow: &mut Flow<'_>, b: &StyledBlock, c: &Columns, x: f32, width: f32) -> Vec<Fragment> {
    let parent = flow.current();
    flow.open(StructKind::Div);
    let out = deal_out(flow, b, c, x, width);
    flow.restore(parent);
    out
}

/// Lays out `b`'s content at a column's width and deals it out to the columns.
fn deal_out(flow: &mut Flow<'_>, b: &StyledBlock, c: &Columns, x: f32, width: f32) -> Vec<Fragment> {
    let (n, col_w) = count_and_width(c, width);
    let mut inner = b.clone();
    inner.style = crate::style::BoxStyle {
        arrange: Arrange::Flow,
        line_height: b.style.line_height,
        align: b.style.align,
        rtl: b.style.rtl,
        marker_width: b.style.marker_width,
        min_lines: b.style.min_lines,
        // A list keeps its indent in each column, for the markers; padding of
        // other blocks is the caller's.
        padding: match b.kind {
            crate::style::StyledKind::List { .. } => crate::geom::Sides { top: 0.0, bottom: 0.0, ..b.style.padding },
            _ => Default::default(),
        },
        ..Default::default()
    };
    let frags = flow.block_inner(&inner, x, col_w);
    if n == 1 || frags.is_empty() {
        return frags;
    }
    let units = units(frags);
    let page_h = flow.page_h;
    let mut out = Vec::new();
    let mut rest = &units[..];
    while !rest.is_empty() {
        // Balanced: the least height that fits the rest in n columns; when that is
        // taller than a page (or the columns are to fill), a page's worth column by
        // column.
        let target = if c.balance || !page_h.is_finite() { balanced(rest, n) } else { page_h };
        let (cols, used) = deal(rest, n, target.min(page_h));
        out.push(side_by_side(&cols, x, col_w, c));
        rest = &rest[used.max(1)..];
    }
    out
}

/// Fragments that stay together in one column: a group kept together, else one
/// fragment; with the space above each.
struct Unit {
    frags: Vec<Fragment>,
    /// Its height, from its first fragment's top to its last's bottom.
    height: f32,
    /// The space between it and the unit before it.
    space: f32,
}

fn units(frags: Vec<Fragment>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut after = (0.0, 0.0);
    for f in frags {
        let space = gap(after, &f);
        after = f.after();
        let joins =
            matches!((out.last().and_then(|u| u.frags.last()).and_then(|l| l.together), f.together), (Some(a), Some(b)) if a.0 == b.0);
        match out.last_mut() {
            Some(u) if joins => {
                u.height += space + f.height;
                u.frags.push(f);
            }
            _ => out.push(Unit { height: f.height, space, frags: vec![f] }),
        }
    }
    out
}

/// The column height that fits all of `units` in `n` columns, found by bisection
/// between the tallest unit and the whole.
fn balanced(units: &[Unit], n: usize) -> f32 {
    let tallest = units.iter().map(|u| u.height).fold(0.0, f32::max);
    let total: f32 = units.iter().map(|u| u.height + u.space).sum();
    let (mut lo, mut hi) = (tallest, total.max(tallest));
    for _ in 0..30 {
        let mid = (lo + hi) / 2.0;
        if deal(units, n, mid).1 == units.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

/// Deals units out to at most `n` columns of `height`; returns the columns (each
/// unit with its top in the column) and how many units were placed. A column
/// takes at least one unit.
fn deal(units: &[Unit], n: usize, height: f32) -> (Vec<Vec<(f32, &Unit)>>, usize) {
    let mut cols: Vec<Vec<(f32, &Unit)>> = Vec::new();
    let mut col: Vec<(f32, &Unit)> = Vec::new();
    let mut y = 0.0;
    let mut used = 0;
    for u in units {
        let top = if col.is_empty() { 0.0 } else { y + u.space };
        if top + u.height > height + 0.01 && !col.is_empty() {
            if cols.len() + 1 == n {
                break;
            }
            cols.push(std::mem::take(&mut col));
            col.push((0.0, u));
            y = u.height;
        } else {
            col.push((top, u));
            y = top + u.height;
        }
        used += 1;
    }
    cols.push(col);
    (cols, used)
}

/// One fragment holding the columns side by side, column by column in the
/// content stream, with a rule between columns if asked.
fn side_by_side(cols: &[Vec<(f32, &Unit)>], x: f32, col_w: f32, c: &Columns) -> Fragment {
    let mut f = Fragment::default();
    let mut tallest: f32 = 0.0;
    for (k, col) in cols.iter().enumerate() {
        let dx = k as f32 * (col_w + c.gap);
        for (top, unit) in col {
            let mut y = *top;
            let mut after = None;
            for frag in &unit.frags {
                if let Some(a) = after {
                    y += gap(a, frag);
                }
                if f.baseline.is_none() {
                    f.baseline = frag.baseline.map(|b| y + b);
                }
                // Decorations of the content (code backgrounds, quote bars) become
                // rectangles beside their fragment.
                for d in &frag.decos {
                    f.items.push((Point::new(d.x + dx, y), super::boxes::rect(d, frag.height)));
                }
                f.items.extend(frag.items.iter().map(|(at, item)| (Point::new(at.x + dx, at.y + y), item.clone())));
                y += frag.height;
                after = Some(frag.after());
            }
            tallest = tallest.max(y);
        }
    }
    f.height = tallest;
    if let Some(rule) = c.rule {
        for k in 1..cols.len() {
            let at = x + k as f32 * (col_w + c.gap) - c.gap / 2.0 - rule.width / 2.0;
            let line = FrameItem::Rect { size: Size::new(rule.width, f.height), fill: Some(rule.color), stroke: None };
            f.items.insert(0, (Point::new(at, 0.0), line));
        }
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::FontBook;
    use crate::style::{BoxStyle, Marker, Run, StyledItem, StyledKind};

    fn list(n: usize, columns: Columns) -> StyledBlock {
        let items = (0..n)
            .map(|k| {
                let run = Run { text: format!("Skill{k}"), style: crate::testing::plain_style(), link: None, span: 0..0, object: None };
                let style = BoxStyle { line_height: 1.2, ..BoxStyle::default() };
                let text = StyledBlock {
                    kind: StyledKind::Text { runs: vec![run], pre: false, anchors: vec![] },
                    style,
                    span: 0..0,
                    anchors: vec![],
                };
                StyledItem { marker: Marker::Text("•".into(), crate::testing::plain_style()), blocks: vec![text] }
            })
            .collect();
        let style = BoxStyle { arrange: Arrange::Columns(columns), line_height: 1.2, marker_width: 20.0, ..BoxStyle::default() };
        StyledBlock { kind: StyledKind::List { items }, style, span: 0..0, anchors: vec![] }
    }

    /// (text, x, y) of each word, in content-stream order.
    fn words(frags: &[Fragment]) -> Vec<(String, f32, f32)> {
        let mut out = vec![];
        for f in frags {
            for (at, item) in &f.items {
                if let FrameItem::Text(t) = item {
                    if t.text.starts_with("Skill") {
                        out.push((t.text.trim().to_string(), at.x, at.y));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn three_columns_balance_nine_items_in_source_order() {
        let book = FontBook::bundled();
        let mut flow = Flow::new(&book);
        let c = Columns { count: Some(3), width: None, gap: 12.0, rule: None, balance: true };
        let frags = flow.blocks(&[list(9, c)], 0.0, 312.0);
        assert_eq!(frags.len(), 1);
        let w = words(&frags);
        let names: Vec<&str> = w.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(names, ["Skill0", "Skill1", "Skill2", "Skill3", "Skill4", "Skill5", "Skill6", "Skill7", "Skill8"]);
        // Three to a column, each (312 - 2 × 12) / 3 = 96 wide and 12 apart.
        assert!((w[3].1 - w[0].1 - 108.0).abs() < 0.01 && (w[6].1 - w[3].1 - 108.0).abs() < 0.01, "{w:?}");
        assert!((w[3].2 - w[0].2).abs() < 0.01, "each column starts at the top: {w:?}");
    }

    #[test]
    fn column_width_decides_the_count() {
        let c = Columns { count: None, width: Some(150.0), gap: 10.0, rule: None, balance: true };
        assert_eq!(count_and_width(&c, 480.0).0, 3);
        assert_eq!(count_and_width(&Columns { count: Some(2), ..c }, 480.0).0, 2);
        assert_eq!(count_and_width(&Columns { count: Some(1000), width: None, ..c }, 480.0).0, 14);
    }
}

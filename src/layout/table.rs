//! Tables: column widths from content, wrapped cells, bold header, rules, alignment.
//! Each row is one fragment; the header row keeps with the first body row.

use super::flow::{Flow, Fragment};
use super::FrameItem;
use crate::geom::{Point, Size};
use crate::style::{StyledTable, TextAlign};

/// Lays out a table at `x` in `width`.
pub fn layout(flow: &mut Flow<'_>, t: &StyledTable, x: f32, width: f32) -> Vec<Fragment> {
    let ncols = t.rows.iter().map(Vec::len).max().unwrap_or(0).max(t.aligns.len());
    if ncols == 0 {
        return vec![];
    }
    let pad = t.padding;
    let pad_x = pad.left + pad.right;
    let mut min = vec![pad_x; ncols];
    let mut max = vec![pad_x; ncols];
    for row in &t.rows {
        for (i, cell) in row.iter().enumerate() {
            let (lo, hi) = flow.measure(cell);
            min[i] = min[i].max(lo + pad_x);
            max[i] = max[i].max(hi + pad_x);
        }
    }
    let sum_min: f32 = min.iter().sum();
    let sum_max: f32 = max.iter().sum();
    let widths: Vec<f32> = if sum_max <= width {
        max.clone()
    } else if sum_min <= width {
        let extra = (width - sum_min) / (sum_max - sum_min).max(0.001);
        min.iter().zip(&max).map(|(lo, hi)| lo + (hi - lo) * extra).collect()
    } else {
        min.iter().map(|m| m * width / sum_min).collect()
    };

    let mut out = Vec::new();
    for (ri, row) in t.rows.iter().enumerate() {
        let mut cells = Vec::new();
        let mut row_h: f32 = 0.0;
        let mut cx = x;
        for (ci, w) in widths.iter().enumerate() {
            let align = t.aligns.get(ci).copied().unwrap_or(TextAlign::Left);
            let inner = (w - pad_x).max(1.0);
            let lines = match row.get(ci) {
                Some(runs) if !runs.is_empty() => flow.text(runs, cx + pad.left, inner, align, t.line_height),
                _ => vec![],
            };
            let h: f32 = lines.iter().map(|f| f.height).sum::<f32>() + pad.top + pad.bottom;
            row_h = row_h.max(h);
            cells.push((cx, *w, lines));
            cx += w;
        }
        let is_head = t.header && ri == 0;
        let body_index = if t.header { ri.wrapping_sub(1) } else { ri };
        let mut items = Vec::new();
        let total: f32 = widths.iter().sum();
        if let (Some(stripe), false) = (t.stripe, is_head) {
            if body_index % 2 == 1 {
                items.push((Point::new(x, 0.0), FrameItem::Rect { size: Size::new(total, row_h), fill: Some(stripe), stroke: None }));
            }
        }
        let mut first_baseline = None;
        for (cx, w, lines) in cells {
            items.push((Point::new(cx, 0.0), FrameItem::Rect { size: Size::new(w, row_h), fill: None, stroke: Some((t.border, 0.75)) }));
            let mut y = pad.top;
            for f in lines {
                if first_baseline.is_none() {
                    first_baseline = f.baseline.map(|b| b + y);
                }
                for (p, item) in f.items {
                    items.push((Point::new(p.x, p.y + y), item));
                }
                y += f.height;
            }
        }
        out.push(Fragment {
            height: row_h,
            items,
            keep_with_next: is_head,
            baseline: first_baseline,
            ..Fragment::default()
        });
    }
    out
}

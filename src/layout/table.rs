//! Tables: column widths from content, wrapped cells, bold header, rules, alignment,
//! cells spanning columns. Each row is one fragment; the header row keeps with the
//! first body row.

use super::flow::{Flow, Fragment};
use super::{FrameItem, StructKind};
use crate::geom::{Point, Size};
use crate::style::{StyledTable, TextAlign};

/// Lays out a table at `x` in `width`.
pub fn layout(flow: &mut Flow<'_>, t: &StyledTable, x: f32, width: f32) -> Vec<Fragment> {
    let row_cols = |row: &[crate::style::StyledCell]| row.iter().map(|c| c.colspan).sum::<usize>();
    let ncols = t.rows.iter().map(|r| row_cols(r)).max().unwrap_or(0).max(t.aligns.len());
    if ncols == 0 {
        return vec![];
    }
    let pad = t.padding;
    let pad_x = pad.left + pad.right;
    let mut min = vec![pad_x; ncols];
    let mut max = vec![pad_x; ncols];
    // Single-column cells first; then spanning cells widen the columns they cover
    // evenly when those are too narrow for them.
    let mut spanning = Vec::new();
    for row in &t.rows {
        let mut col = 0;
        for cell in row {
            let (lo, hi) = flow.measure(&cell.runs);
            if cell.colspan == 1 {
                min[col] = min[col].max(lo + pad_x);
                max[col] = max[col].max(hi + pad_x);
            } else {
                spanning.push((col, cell.colspan, lo + pad_x, hi + pad_x));
            }
            col += cell.colspan;
        }
    }
    for (col, span, lo, hi) in spanning {
        let cols = col..(col + span).min(ncols);
        let n = cols.len().max(1) as f32;
        let have_lo: f32 = min[cols.clone()].iter().sum();
        let have_hi: f32 = max[cols.clone()].iter().sum();
        for c in cols {
            if lo > have_lo {
                min[c] += (lo - have_lo) / n;
            }
            if hi > have_hi {
                max[c] += (hi - have_hi) / n;
            }
        }
    }
    let sum_min: f32 = min.iter().sum();
    let sum_max: f32 = max.iter().sum();
    // A width from CSS (never wider than the line): the columns grow to fill it in
    // proportion to their content, or wrap within it.
    let line_width = width;
    let wanted = t.width.map(|w| w.resolve(width).clamp(sum_min.min(width), width));
    let width = wanted.unwrap_or(width);
    let widths: Vec<f32> = if let Some(w) = wanted.filter(|w| sum_max < *w) {
        max.iter().map(|m| m * w / sum_max.max(0.001)).collect()
    } else if sum_max <= width {
        max.clone()
    } else if sum_min <= width {
        // When every column but the last fits its content on one line and the last
        // still gets a fair share, only the last column wraps: extractors read a
        // row line by line across its cells, so the row's text stays in order
        // (dates and titles on one line, the description wrapping). Otherwise the
        // room beyond the minimum goes to each column in proportion, as browsers do.
        let head: f32 = max[..ncols - 1].iter().sum();
        let last = width - head;
        if ncols > 1 && last >= min[ncols - 1] && last >= (0.25 * width).min(max[ncols - 1]) {
            max[..ncols - 1].iter().copied().chain(std::iter::once(last)).collect()
        } else {
            narrow_first(&min, &max, width).unwrap_or_else(|| {
                let extra = (width - sum_min) / (sum_max - sum_min).max(0.001);
                min.iter().zip(&max).map(|(lo, hi)| lo + (hi - lo) * extra).collect()
            })
        }
    } else {
        min.iter().map(|m| m * width / sum_min).collect()
    };
    let x = if t.centred { x + ((line_width - widths.iter().sum::<f32>()) / 2.0).max(0.0) } else { x };
    let col_x: Vec<f32> = widths
        .iter()
        .scan(x, |acc, w| {
            let at = *acc;
            *acc += w;
            Some(at)
        })
        .collect();
    let total: f32 = widths.iter().sum();

    let mut out = Vec::new();
    let table_node = flow.current();
    let table_id = flow.new_group();
    for (ri, row) in t.rows.iter().enumerate() {
        flow.restore(table_node);
        let tr = flow.open(StructKind::TableRow);
        let is_head = t.header && ri == 0;
        let mut cells = Vec::new();
        let mut row_h: f32 = 0.0;
        let mut col = 0;
        for cell in row {
            if col >= ncols {
                break;
            }
            let end = (col + cell.colspan).min(ncols);
            let cx = col_x[col];
            let w: f32 = widths[col..end].iter().sum();
            flow.restore(Some(tr));
            flow.open(if is_head { StructKind::TableHeader } else { StructKind::TableCell });
            let align = cell.align.or_else(|| t.aligns.get(col).copied()).unwrap_or(TextAlign::Left);
            let inner = (w - pad_x).max(1.0);
            let lines = if cell.runs.is_empty() {
                let at = Point::new(cx + pad.left, 0.0);
                let items = cell.anchors.iter().map(|a| (at, FrameItem::Anchor { name: a.name.clone() })).collect();
                vec![Fragment { items, ..Fragment::default() }]
            } else {
                flow.text(&cell.runs, &cell.anchors, cx + pad.left, inner, align, t.line_height)
            };
            let h: f32 = lines.iter().map(|f| f.height).sum::<f32>() + pad.top + pad.bottom;
            row_h = row_h.max(h);
            cells.push((cx, w, lines));
            col = end;
        }
        // Missing cells at the end of a short row still get their borders.
        while col < ncols {
            cells.push((col_x[col], widths[col], vec![]));
            col += 1;
        }
        // Cells share their first baseline (CSS `vertical-align: baseline`), so that
        // a row reads as one line even when its cells use different fonts.
        let first_baselines: Vec<f32> = cells.iter().map(|(_, _, lines)| lines.first().and_then(|f| f.baseline).unwrap_or(0.0)).collect();
        let row_baseline = first_baselines.iter().copied().fold(0.0, f32::max);
        let mut shifts = Vec::with_capacity(cells.len());
        for ((_, _, lines), b) in cells.iter().zip(&first_baselines) {
            let shift = if lines.is_empty() { 0.0 } else { row_baseline - b };
            let h: f32 = lines.iter().map(|f| f.height).sum::<f32>() + pad.top + pad.bottom + shift;
            row_h = row_h.max(h);
            shifts.push(shift);
        }
        row_h = row_h.max(pad.top + pad.bottom);
        let body_index = if t.header { ri.wrapping_sub(1) } else { ri };
        let mut items = Vec::new();
        if let (Some(stripe), false) = (t.stripe, is_head) {
            if body_index % 2 == 1 {
                items.push((Point::new(x, 0.0), FrameItem::Rect { size: Size::new(total, row_h), fill: Some(stripe), stroke: None }));
            }
        }
        let mut first_baseline = None;
        for ((cx, w, lines), shift) in cells.into_iter().zip(shifts) {
            items.push((Point::new(cx, 0.0), FrameItem::Rect { size: Size::new(w, row_h), fill: None, stroke: Some((t.border, 0.75)) }));
            let mut y = pad.top + shift;
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
            table_row: Some((table_id, is_head)),
            ..Fragment::default()
        });
    }
    flow.restore(table_node);
    out
}

/// Column widths that wrap as few cells as they can: the columns with the
/// narrowest one-line width keep it, narrowest first, as long as every other column
/// can still have a fifth of the table (or its own one-line width, if less); the
/// rest share what is left in proportion, as browsers share. `None` when no column
/// can keep its width that way, or the others would get less than their share.
fn narrow_first(min: &[f32], max: &[f32], width: f32) -> Option<Vec<f32>> {
    let n = min.len();
    let floor = |c: usize| min[c].max((0.2 * width).min(max[c]));
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| max[a].total_cmp(&max[b]));
    let mut fixed = vec![false; n];
    let mut used = 0.0;
    for &c in &order {
        let rest: f32 = (0..n).filter(|&k| !fixed[k] && k != c).map(floor).sum();
        if used + max[c] + rest > width {
            break;
        }
        fixed[c] = true;
        used += max[c];
    }
    let free: Vec<usize> = (0..n).filter(|&k| !fixed[k]).collect();
    if free.is_empty() || free.len() == n {
        return None;
    }
    let left = width - used;
    let (fmin, fmax) = free.iter().fold((0.0, 0.0), |(a, b), &k| (a + min[k], b + max[k]));
    let extra = ((left - fmin) / (fmax - fmin).max(0.001)).clamp(0.0, 1.0);
    let widths: Vec<f32> = (0..n).map(|k| if fixed[k] { max[k] } else { min[k] + (max[k] - min[k]) * extra }).collect();
    free.iter().all(|&k| widths[k] >= floor(k) - 0.01).then_some(widths)
}

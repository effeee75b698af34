//! Tables: column widths from content, wrapped cells, bold header, rules, alignment,
//! cells spanning columns. Each row is one fragment; the header row keeps with the
//! first body row.

use super::flow::{Deco, Flow, Fragment};
use super::pages::MAX_WASTE_SHARE;
use super::{FrameItem, StructKind};
use crate::diag::Diagnostic;
use crate::geom::{Point, Sides, Size};
use crate::style::{StyledTable, TextAlign};

/// A header row repeats on every page its table continues on only when it has at
/// most this many glyphs (and takes at most half the page): each page holds a copy.
const MAX_REPEATED_GLYPHS: usize = 2000;

fn glyph_count(item: &FrameItem) -> usize {
    match item {
        FrameItem::Text(t) => t.glyphs.len(),
        _ => 0,
    }
}

/// Lays out a table at `x` in `width`.
pub fn layout(flow: &mut Flow<'_>, t: &StyledTable, x: f32, width: f32, span: &std::ops::Range<usize>) -> Vec<Fragment> {
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
    // The height of the header row that repeats on every page the table continues
    // on (none when it is taller than half the page, or very long).
    let mut header_h = 0.0;
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
        let stripe = t.stripe.filter(|_| !is_head && body_index % 2 == 1);
        let cells: Vec<Cell> = cells.into_iter().zip(shifts).map(|((x, w, lines), shift)| Cell { x, w, lines, shift }).collect();
        let shape = RowShape { x, total, pad, border: t.border, stripe };
        // A row taller than the page (a repeated header takes room at the top of
        // each) is split between lines, every cell advancing together; a header row
        // that tall is not repeated. A row taller than a third of the page is cut
        // into bands of lines kept together as a preference: pagination moves it
        // whole when that leaves little of the page empty, and otherwise starts it
        // where it is and breaks it between bands.
        let budget = flow.page_h - if is_head { 0.0 } else { header_h };
        if row_h > budget + 0.01 {
            let span = row.iter().flat_map(|c| &c.runs).map(|r| r.span.clone()).find(|s| !s.is_empty()).unwrap_or_else(|| span.clone());
            flow.warnings.push(
                Diagnostic::warning(span, "a table row is taller than the page; it is split between pages")
                    .with_hint("put less in one row, or make the type or the cell padding smaller"),
            );
        }
        if row_h > budget + 0.01 || (!is_head && row_h > flow.page_h * MAX_WASTE_SHARE) {
            let bands = row_bands(flow, cells, row_h, &shape);
            let (lines, group) = (flow.new_group(), flow.new_group());
            let n = bands.len();
            for (k, band) in bands.into_iter().enumerate() {
                out.push(Fragment {
                    table_row: Some((table_id, false)),
                    line: Some((lines, k, n)),
                    min_lines: (2, 2),
                    together: Some((group, true)),
                    ..band
                });
            }
            continue;
        }
        let glyphs: usize = cells.iter().flat_map(|c| &c.lines).flat_map(|f| &f.items).map(|(_, item)| glyph_count(item)).sum();
        if is_head && row_h <= flow.page_h / 2.0 && glyphs <= MAX_REPEATED_GLYPHS {
            header_h = row_h;
        }
        out.push(Fragment {
            keep_with_next: is_head,
            table_row: Some((table_id, is_head && header_h > 0.0)),
            ..row_fragment(cells, row_h, &shape)
        });
    }
    flow.restore(table_node);
    out
}

/// A cell of a row: its left edge, width, lines, and the shift that puts its first
/// baseline on the row's.
struct Cell {
    x: f32,
    w: f32,
    lines: Vec<Fragment>,
    shift: f32,
}

/// What every piece of a row shares: the table's left edge and width, the cell
/// padding, the border colour and the row's stripe.
struct RowShape {
    x: f32,
    total: f32,
    pad: Sides<f32>,
    border: crate::geom::Rgb,
    stripe: Option<crate::geom::Rgb>,
}

/// The fragment of a row (or of a piece of one) `height` tall: the stripe, each
/// cell's border and its lines.
fn row_fragment(cells: Vec<Cell>, height: f32, shape: &RowShape) -> Fragment {
    let mut items = Vec::new();
    if let Some(stripe) = shape.stripe {
        items.push((Point::new(shape.x, 0.0), FrameItem::Rect { size: Size::new(shape.total, height), fill: Some(stripe), stroke: None }));
    }
    let mut first_baseline = None;
    for cell in cells {
        items.push((
            Point::new(cell.x, 0.0),
            FrameItem::Rect { size: Size::new(cell.w, height), fill: None, stroke: Some((shape.border, 0.75)) },
        ));
        let mut y = shape.pad.top + cell.shift;
        for f in cell.lines {
            if first_baseline.is_none() {
                first_baseline = f.baseline.map(|b| b + y);
            }
            for (p, item) in f.items {
                items.push((Point::new(p.x, p.y + y), item));
            }
            y += f.height;
        }
    }
    Fragment { height, items, baseline: first_baseline, ..Fragment::default() }
}

/// Cuts a row into bands, one per line of its tallest cell, so that it can break
/// between pages like a paragraph. The cell borders and the stripe become
/// decorations, one box per page over the row's bands. A line of another cell that
/// a cut would go through moves down to start the next band.
fn row_bands(flow: &mut Flow<'_>, cells: Vec<Cell>, height: f32, shape: &RowShape) -> Vec<Fragment> {
    let pad = shape.pad;
    let content = |c: &Cell| pad.top + c.shift + c.lines.iter().map(|f| f.height).sum::<f32>();
    let guide = cells.iter().enumerate().max_by(|a, b| content(a.1).total_cmp(&content(b.1))).map_or(0, |(k, _)| k);
    // The cuts: below each line of the tallest cell but its last.
    let mut cuts = vec![0.0];
    if let Some(c) = cells.get(guide) {
        let mut y = pad.top + c.shift;
        for f in c.lines.iter().take(c.lines.len().saturating_sub(1)) {
            y += f.height;
            if y > cuts.last().copied().unwrap_or(0.0) + 0.01 {
                cuts.push(y);
            }
        }
    }
    let n = cuts.len();
    let mut bands: Vec<Fragment> = (0..n).map(|_| Fragment::default()).collect();
    let mut end = height;
    let mut decos = Vec::new();
    if let Some(stripe) = shape.stripe {
        decos.push(Deco { group: flow.new_group(), x: shape.x, width: shape.total, fill: Some(stripe), stroke: None });
    }
    for cell in cells {
        decos.push(Deco { group: flow.new_group(), x: cell.x, width: cell.w, fill: None, stroke: Some((shape.border, 0.75)) });
        let mut y = pad.top + cell.shift;
        let mut b = 0;
        for f in cell.lines {
            while b + 1 < n && y >= cuts[b + 1] - 0.01 {
                b += 1;
            }
            if b + 1 < n && y + f.height > cuts[b + 1] + 0.01 && y > cuts[b] + 0.01 {
                // The line would straddle the cut: it starts the next band.
                b += 1;
                y = cuts[b];
            }
            // A line taller than its band (an image) holds the bands it covers
            // together, so that no page break cuts through it.
            for k in b..n - 1 {
                if cuts[k + 1] >= y + f.height - 0.01 {
                    break;
                }
                bands[k].keep_with_next = true;
            }
            let band = &mut bands[b];
            if band.baseline.is_none() {
                band.baseline = f.baseline.map(|bl| bl + y - cuts[b]);
            }
            for (p, item) in f.items {
                band.items.push((Point::new(p.x, p.y + y - cuts[b]), item));
            }
            y += f.height;
        }
        end = end.max(y + pad.bottom);
    }
    for (k, band) in bands.iter_mut().enumerate() {
        let bottom = cuts.get(k + 1).copied().unwrap_or(end);
        band.height = bottom - cuts[k];
        band.decos = decos.clone();
    }
    bands
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

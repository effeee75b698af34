//! Tables: column widths from content, wrapped cells, bold header, rules, alignment,
//! cells spanning columns and rows. Each row is one fragment (rows joined by a cell
//! spanning them are one together); the header row keeps with the first body row.

use super::flow::{Deco, Flow, Fragment};
use super::pages::MAX_WASTE_SHARE;
use super::{FrameItem, StructKind};
use crate::diag::Diagnostic;
use crate::geom::{Point, Rgb, Sides, Size};
use crate::style::{StyledTable, TextAlign, VerticalAlign};

/// A header row repeats on every page its table continues on only when it has at
/// most this many glyphs (and takes at most half the page): each page holds a copy.
const MAX_REPEATED_GLYPHS: usize = 2000;

fn glyph_count(item: &FrameItem) -> usize {
    match item {
        FrameItem::Text(t) => t.glyphs.len(),
        _ => 0,
    }
}

/// A cell pushed right, past the columns cells from rows above still take, keeps
/// within this many columns more than the widest row has; past that it is placed
/// where it stands in its row, over them (with a warning).
const MAX_SHIFT: usize = 64;

/// Where a cell goes: its first column, the column after it, and how many rows it
/// spans (at least 1, and never past the table's last row).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    col: usize,
    end: usize,
    rows: usize,
}

/// Places the cells on the grid as HTML does: each cell takes the next columns that
/// no cell from a row above still spans. Returns the slots of each row's cells, the
/// number of columns, and whether a cell had to be placed over another.
fn place(rows: &[Vec<crate::style::StyledCell>], header: bool) -> (Vec<Vec<Slot>>, usize, bool) {
    let widest = rows.iter().map(|r| r.iter().map(|c| c.colspan).sum::<usize>()).max().unwrap_or(0);
    let cap = widest + MAX_SHIFT;
    // For each column, how many rows below the current one a cell above still takes.
    let mut busy: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(rows.len());
    let (mut ncols, mut overlapped) = (0, false);
    for (ri, row) in rows.iter().enumerate() {
        // A header row's cells never reach into the body, as `<thead>`'s do not.
        let left = if header && ri == 0 { 1 } else { rows.len() - ri };
        let mut slots = Vec::with_capacity(row.len());
        let mut col = 0;
        for cell in row {
            let mut at = col;
            while busy.get(at).is_some_and(|b| *b > 0) {
                at += 1;
            }
            if at + cell.colspan > cap {
                at = col;
                overlapped = true;
            }
            let end = at + cell.colspan;
            slots.push(Slot { col: at, end, rows: cell.rowspan.clamp(1, left) });
            ncols = ncols.max(end);
            col = end;
        }
        for b in &mut busy {
            *b = b.saturating_sub(1);
        }
        for s in slots.iter().filter(|s| s.rows > 1) {
            if busy.len() < s.end {
                busy.resize(s.end, 0);
            }
            for b in &mut busy[s.col..s.end] {
                *b = (*b).max(s.rows - 1);
            }
        }
        out.push(slots);
    }
    (out, ncols, overlapped)
}

/// A cell laid out: its edges, lines, baseline shift, and the rows it spans.
struct Laid {
    cell: Cell,
    rows: usize,
}

// Longer than 120 lines (about 230): the steps of a table in order (grid
// placement, column widths, each row's cells and their vertical alignment,
// spanning cells shared out over rows, bands of tall rows, header repeats),
// sharing the measured columns and the fragments built so far. Left for a later
// change: each step could take a struct of that state.
/// Lays out a table at `x` in `width`.
pub fn layout(flow: &mut Flow<'_>, t: &StyledTable, x: f32, width: f32, span: &std::ops::Range<usize>) -> Vec<Fragment> {
    let (slots, ncols, overlapped) = place(&t.rows, t.header);
    let ncols = ncols.max(t.aligns.len());
    if ncols == 0 {
        return vec![];
    }
    if overlapped {
        flow.warnings.push(
            Diagnostic::warning(
                span.clone(),
                "cells spanning rows leave no room in a row of this table; some of its cells are drawn over them",
            )
            .with_hint("check the `rowspan` and `colspan` of its cells: each row should fill the same columns"),
        );
    }
    let pad = t.padding;
    let pad_x = pad.left + pad.right;
    let mut min = vec![pad_x; ncols];
    let mut max = vec![pad_x; ncols];
    // Single-column cells first; then spanning cells widen the columns they cover
    // evenly when those are too narrow for them.
    let mut spanning = Vec::new();
    for (row, slots) in t.rows.iter().zip(&slots) {
        for (cell, slot) in row.iter().zip(slots) {
            let (lo, hi) = flow.measure(&cell.runs);
            if slot.end - slot.col == 1 {
                min[slot.col] = min[slot.col].max(lo + pad_x);
                max[slot.col] = max[slot.col].max(hi + pad_x);
            } else {
                spanning.push((slot.col, slot.end - slot.col, lo + pad_x, hi + pad_x));
            }
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

    let pads = pad.top + pad.bottom;
    let nrows = t.rows.len();
    let table_node = flow.current();
    let table_id = flow.new_group();
    // Every row's cells, laid out; a row is as tall as its cells that span no other
    // row need.
    let mut laid: Vec<Vec<Laid>> = Vec::with_capacity(nrows);
    let mut row_h = vec![0.0_f32; nrows];
    let mut busy = vec![0_usize; ncols];
    for (ri, (row, slots)) in t.rows.iter().zip(&slots).enumerate() {
        flow.restore(table_node);
        let tr = flow.open(StructKind::TableRow);
        let is_head = t.header && ri == 0;
        let mut cells = Vec::with_capacity(row.len());
        let mut taken: Vec<bool> = busy.iter().map(|b| *b > 0).collect();
        // Each laid cell's `vertical-align`, in the order of `cells`.
        let mut valigns = Vec::with_capacity(row.len());
        for (cell, slot) in row.iter().zip(slots) {
            let (col, end) = (slot.col, slot.end.min(ncols));
            taken[col..end].iter_mut().for_each(|t| *t = true);
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
            cells.push(Laid { cell: Cell { x: cx, w, lines, shift: 0.0, piece: None, fill: cell.background }, rows: slot.rows });
            valigns.push(cell.valign);
        }
        // Columns no cell takes (a short row) still get their borders.
        for (c, _) in taken.iter().enumerate().filter(|(_, t)| !**t) {
            cells.push(Laid { cell: Cell { x: col_x[c], w: widths[c], lines: vec![], shift: 0.0, piece: None, fill: None }, rows: 1 });
        }
        for b in &mut busy {
            *b = b.saturating_sub(1);
        }
        for s in slots.iter().filter(|s| s.rows > 1) {
            busy[s.col..s.end.min(ncols)].iter_mut().for_each(|b| *b = (*b).max(s.rows - 1));
        }
        // Cells share their first baseline (CSS `vertical-align: baseline`), so that
        // a row reads as one line even when its cells use different fonts; a cell
        // spanning rows is on its first row's.
        let first = |l: &Laid| l.cell.lines.first().and_then(|f| f.baseline).unwrap_or(0.0);
        let row_baseline = cells.iter().map(first).fold(0.0, f32::max);
        let mut h = pads;
        for l in &mut cells {
            l.cell.shift = if l.cell.lines.is_empty() { 0.0 } else { row_baseline - first(l) };
            if l.rows == 1 {
                h = h.max(l.cell.height(pads));
            }
        }
        // Cells aligned to the top, middle or bottom of their row take the room
        // their lines leave.
        for (l, va) in cells.iter_mut().zip(&valigns).filter(|(l, _)| l.rows == 1 && !l.cell.lines.is_empty()) {
            let free = (h - l.cell.lines.iter().map(|f| f.height).sum::<f32>() - pads).max(0.0);
            l.cell.shift = match va {
                VerticalAlign::Baseline => l.cell.shift,
                VerticalAlign::Top => 0.0,
                VerticalAlign::Middle => free / 2.0,
                VerticalAlign::Bottom => free,
            };
        }
        row_h[ri] = h;
        laid.push(cells);
    }
    flow.restore(table_node);
    // A cell spanning rows taller than they are makes them taller, each in
    // proportion to its height (the shortest spans first, as browsers do).
    let mut spans: Vec<(usize, usize, f32)> = laid
        .iter()
        .enumerate()
        .flat_map(|(ri, cells)| cells.iter().filter(|l| l.rows > 1).map(move |l| (ri, l.rows, l.cell.height(pads))))
        .collect();
    spans.sort_by_key(|s| s.1);
    for (r0, n, need) in spans {
        let rows = &mut row_h[r0..r0 + n];
        let have: f32 = rows.iter().sum();
        if need > have + 0.01 {
            let extra = need - have;
            rows.iter_mut().for_each(|h| *h += if have > 0.0 { extra * *h / have } else { extra / n as f32 });
        }
    }

    let mut out = Vec::new();
    // The height of the header row that repeats on every page the table continues
    // on (none when it is taller than half the page, or very long).
    let mut header_h = 0.0;
    let stripe_of = |r: usize| {
        let body_index = if t.header { r.wrapping_sub(1) } else { r };
        t.stripe.filter(|_| !(t.header && r == 0) && body_index % 2 == 1)
    };
    let mut ri = 0;
    while ri < nrows {
        // Rows joined by cells spanning them go together.
        let mut end = ri + 1;
        let mut k = ri;
        while k < end {
            end = end.max(k + laid[k].iter().map(|l| l.rows).max().unwrap_or(1));
            k += 1;
        }
        let is_head = t.header && ri == 0;
        let budget = flow.page_h - if is_head { 0.0 } else { header_h };
        let shape = |r: usize| RowShape { x, total, pad, border: t.border, stripe: stripe_of(r) };
        if end == ri + 1 {
            let cells: Vec<Cell> = std::mem::take(&mut laid[ri]).into_iter().map(|l| l.cell).collect();
            let row = Row { cells, height: row_h[ri], is_head, budget, runs: &t.rows[ri] };
            push_row(flow, &mut out, row, &shape(ri), table_id, &mut header_h, span);
        } else if row_h[ri..end].iter().sum::<f32>() <= budget + 0.01 {
            // They fit on a page: one fragment, kept whole.
            let rows: Vec<Vec<Laid>> = laid[ri..end].iter_mut().map(std::mem::take).collect();
            let stripes: Vec<_> = (ri..end).map(stripe_of).collect();
            let f = group_fragment(rows, &row_h[ri..end], &stripes, &shape(ri));
            out.push(Fragment { table_row: Some((table_id, false)), ..f });
        } else {
            let at = t.rows[ri..end].iter().flatten().flat_map(|c| &c.runs).map(|r| r.span.clone()).find(|s| !s.is_empty());
            flow.warnings.push(
                Diagnostic::warning(
                    at.unwrap_or_else(|| span.clone()),
                    "rows joined by a cell spanning them are taller than the page; the spanning cell is split between its rows",
                )
                .with_hint("let the cell span fewer rows, or put less in it"),
            );
            let rows: Vec<Vec<Laid>> = laid[ri..end].iter_mut().map(std::mem::take).collect();
            let stripes: Vec<_> = (ri..end).map(stripe_of).collect();
            for (k, cells) in split_spans(rows, &mut row_h[ri..end], &stripes, pads).into_iter().enumerate() {
                let r = ri + k;
                let row = Row { cells, height: row_h[r], is_head: false, budget, runs: &t.rows[r] };
                push_row(flow, &mut out, row, &shape(r), table_id, &mut header_h, span);
            }
        }
        ri = end;
    }
    out
}

/// A row ready to be placed: its cells, height and the room a page has for it.
struct Row<'a> {
    cells: Vec<Cell>,
    height: f32,
    is_head: bool,
    budget: f32,
    runs: &'a [crate::style::StyledCell],
}

/// Adds a row's fragment, or its bands when it is taller than a third of the page
/// (see `row_bands`; a header row that tall is not repeated).
fn push_row(
    flow: &mut Flow<'_>,
    out: &mut Vec<Fragment>,
    row: Row<'_>,
    shape: &RowShape,
    table_id: usize,
    header_h: &mut f32,
    span: &std::ops::Range<usize>,
) {
    if row.height > row.budget + 0.01 {
        let at = row.runs.iter().flat_map(|c| &c.runs).map(|r| r.span.clone()).find(|s| !s.is_empty()).unwrap_or_else(|| span.clone());
        flow.warnings.push(
            Diagnostic::warning(at, "a table row is taller than the page; it is split between pages")
                .with_hint("put less in one row, or make the type or the cell padding smaller"),
        );
    }
    // A row taller than a third of the page is cut into bands of lines kept together
    // as a preference: pagination moves it whole when that leaves little of the page
    // empty, and otherwise starts it where it is and breaks it between bands.
    if row.height > row.budget + 0.01 || (!row.is_head && row.height > flow.page_h * MAX_WASTE_SHARE) {
        let bands = row_bands(flow, row.cells, row.height, shape);
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
        return;
    }
    let glyphs: usize = row.cells.iter().flat_map(|c| &c.lines).flat_map(|f| &f.items).map(|(_, item)| glyph_count(item)).sum();
    if row.is_head && row.height <= flow.page_h / 2.0 && glyphs <= MAX_REPEATED_GLYPHS {
        *header_h = row.height;
    }
    out.push(Fragment {
        keep_with_next: row.is_head,
        table_row: Some((table_id, row.is_head && *header_h > 0.0)),
        ..row_fragment(row.cells, row.height, shape)
    });
}

/// One fragment for rows joined by cells spanning them (`heights`: each row's):
/// each cell as tall as the rows it spans, on its own row's stripe.
fn group_fragment(rows: Vec<Vec<Laid>>, heights: &[f32], stripes: &[Option<Rgb>], shape: &RowShape) -> Fragment {
    let tops: Vec<f32> = heights
        .iter()
        .scan(0.0, |acc, h| {
            let at = *acc;
            *acc += h;
            Some(at)
        })
        .collect();
    let tall = |k: usize, n: usize| heights[k..(k + n).min(heights.len())].iter().sum::<f32>();
    let mut items = Vec::new();
    for (k, row) in rows.iter().enumerate() {
        for l in row {
            if let Some(fill) = l.cell.fill.or(stripes[k]) {
                let size = Size::new(l.cell.w, tall(k, l.rows));
                items.push((Point::new(l.cell.x, tops[k]), FrameItem::Rect { size, fill: Some(fill), stroke: None }));
            }
        }
    }
    let mut first_baseline = None;
    for (k, row) in rows.into_iter().enumerate() {
        for l in row {
            let size = Size::new(l.cell.w, tall(k, l.rows));
            items.push((Point::new(l.cell.x, tops[k]), FrameItem::Rect { size, fill: None, stroke: Some((shape.border, 0.75)) }));
            let mut y = tops[k] + shape.pad.top + l.cell.shift;
            for f in l.cell.lines {
                if first_baseline.is_none() {
                    first_baseline = f.baseline.map(|b| b + y);
                }
                for (p, item) in f.items {
                    items.push((Point::new(p.x, p.y + y), item));
                }
                y += f.height;
            }
        }
    }
    Fragment { height: heights.iter().sum(), items, baseline: first_baseline, ..Fragment::default() }
}

/// Rows joined by cells spanning them, taller than a page, as rows of their own:
/// each spanning cell gives each of its rows the lines that fit in it, and its last
/// row the rest (which grows it). Returns each row's cells.
fn split_spans(rows: Vec<Vec<Laid>>, heights: &mut [f32], stripes: &[Option<Rgb>], pads: f32) -> Vec<Vec<Cell>> {
    let mut out: Vec<Vec<Cell>> = (0..rows.len()).map(|_| Vec::new()).collect();
    for (k, row) in rows.into_iter().enumerate() {
        for l in row {
            if l.rows == 1 {
                out[k].push(l.cell);
                continue;
            }
            let last = (k + l.rows).min(heights.len()) - 1;
            let mut lines: std::collections::VecDeque<Fragment> = l.cell.lines.into();
            for r in k..=last {
                let shift = if r == k { l.cell.shift } else { 0.0 };
                let mut used = pads + shift;
                let mut take = Vec::new();
                while let Some(f) = lines.front() {
                    if r < last && used + f.height > heights[r] + 0.01 {
                        break;
                    }
                    used += f.height;
                    take.extend(lines.pop_front());
                }
                heights[r] = heights[r].max(used);
                let piece = Piece { first: r == k, last: r == last, stripe: stripes[k] };
                out[r].push(Cell { x: l.cell.x, w: l.cell.w, lines: take, shift, piece: Some(piece), fill: l.cell.fill });
            }
        }
    }
    out
}

/// A cell of a row: its left edge, width, lines, and the shift that puts its first
/// baseline on the row's.
struct Cell {
    x: f32,
    w: f32,
    lines: Vec<Fragment>,
    shift: f32,
    /// For the part, in one row, of a cell spanning rows that were set apart.
    piece: Option<Piece>,
    /// Its own background (CSS on the cell or its row), over the stripe.
    fill: Option<Rgb>,
}

/// The part of a cell spanning rows that one of them holds: whether it is the
/// first and the last (which draw the cell's top and bottom edge), and the stripe
/// of the cell's own row.
#[derive(Debug, Clone, Copy)]
struct Piece {
    first: bool,
    last: bool,
    stripe: Option<Rgb>,
}

impl Cell {
    /// The height it needs, with the cell's vertical padding `pads`.
    fn height(&self, pads: f32) -> f32 {
        self.lines.iter().map(|f| f.height).sum::<f32>() + pads + self.shift
    }
}

/// What every piece of a row shares: the table's left edge and width, the cell
/// padding, the border colour and the row's stripe.
struct RowShape {
    x: f32,
    total: f32,
    pad: Sides<f32>,
    border: Rgb,
    stripe: Option<Rgb>,
}

/// The fragment of a row (or of a piece of one) `height` tall: the stripe, each
/// cell's border and its lines.
fn row_fragment(cells: Vec<Cell>, height: f32, shape: &RowShape) -> Fragment {
    let mut items = Vec::new();
    let stripe = |at: Point, w: f32, fill: Rgb| (at, FrameItem::Rect { size: Size::new(w, height), fill: Some(fill), stroke: None });
    if cells.iter().all(|c| c.piece.is_none() && c.fill.is_none()) {
        items.extend(shape.stripe.map(|s| stripe(Point::new(shape.x, 0.0), shape.total, s)));
    } else {
        // The parts of cells spanning rows keep their own row's stripe; a cell's
        // own background covers it.
        for c in &cells {
            items.extend(c.fill.or(c.piece.map_or(shape.stripe, |p| p.stripe)).map(|s| stripe(Point::new(c.x, 0.0), c.w, s)));
        }
    }
    let mut first_baseline = None;
    for cell in cells {
        let rect = FrameItem::Rect { size: Size::new(cell.w, height), fill: None, stroke: Some((shape.border, 0.75)) };
        match cell.piece {
            Some(p) if !(p.first && p.last) => {
                // Its sides, and its top or bottom edge where the cell starts or ends.
                let line = |delta: Point| FrameItem::Line { delta, width: 0.75, color: shape.border };
                items.push((Point::new(cell.x, 0.0), line(Point::new(0.0, height))));
                items.push((Point::new(cell.x + cell.w, 0.0), line(Point::new(0.0, height))));
                if p.first {
                    items.push((Point::new(cell.x, 0.0), line(Point::new(cell.w, 0.0))));
                }
                if p.last {
                    items.push((Point::new(cell.x, height), line(Point::new(cell.w, 0.0))));
                }
            }
            _ => items.push((Point::new(cell.x, 0.0), rect)),
        }
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
    if cells.iter().all(|c| c.fill.is_none()) {
        if let Some(stripe) = shape.stripe {
            decos.push(Deco { group: flow.new_group(), x: shape.x, width: shape.total, fill: Some(stripe), stroke: None, radius: 0.0 });
        }
    } else {
        for c in &cells {
            if let Some(fill) = c.fill.or(shape.stripe) {
                decos.push(Deco { group: flow.new_group(), x: c.x, width: c.w, fill: Some(fill), stroke: None, radius: 0.0 });
            }
        }
    }
    for cell in cells {
        decos.push(Deco { group: flow.new_group(), x: cell.x, width: cell.w, fill: None, stroke: Some((shape.border, 0.75)), radius: 0.0 });
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

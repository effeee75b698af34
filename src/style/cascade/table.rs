//! Tables as a browser styles them: the header row is a `tr` in a `thead`, the
//! body rows `tr`s in a `tbody`, each cell a `th` or `td`. When the document's
//! rules ask where elements stand (`tr:nth-child(even)`, `td:first-child`,
//! `tr + tr`), every row and cell is matched at its own place, for its text style
//! and background; otherwise one match serves all rows. Padding and the rule colour
//! are one per table (those of a plain `td`), as layout draws them.

use super::blocks::text_align;
use super::{BoxOverrides, Cascade, Ctx};
use crate::diag::Diagnostic;
use crate::geom::{Rgb, Sides};
use crate::model::{Align, Cell, Span};
use crate::style::css::{ElInfo, Position, Siblings};
use crate::style::{StyledCell, StyledKind, StyledTable, TextAlign, VerticalAlign, Width};

/// Where the `index`-th (0-based) of `count` elements of one tag stands.
fn place(index: usize, count: usize) -> Position {
    let index = (index + 1).min(u32::MAX as usize) as u32;
    let count = count.min(u32::MAX as usize) as u32;
    Position { index, count, type_index: index, type_count: count }
}

/// A row or a cell as CSS sees it; its place among its siblings only when the
/// rules need it (`prev`: the siblings before it, updated to include it).
fn element(tag: &str, at: Option<(usize, usize)>, prev: &mut Siblings) -> ElInfo {
    let Some((index, count)) = at else { return ElInfo::tag(tag) };
    let el = ElInfo { pos: Some(place(index, count)), prev: std::mem::take(prev), ..ElInfo::tag(tag) };
    *prev = el.as_prev();
    el
}

/// What CSS gives a row or a cell: its text style and background.
#[derive(Clone)]
struct Look {
    ctx: Ctx,
    background: Option<Rgb>,
    padding: Sides<Option<f32>>,
    valign: Option<VerticalAlign>,
}

/// The table's own box settings the arm of `block_inner` passes on.
pub(super) struct TableBox {
    pub(super) width: Option<Width>,
    pub(super) centred: bool,
}

impl Cascade<'_> {
    /// The styled table from a Markdown or HTML table.
    pub(super) fn table(
        &mut self,
        aligns: &[Align],
        head: &[Cell],
        rows: &[Vec<Cell>],
        ctx: &Ctx,
        own: TableBox,
        span: &Span,
    ) -> StyledKind {
        let t = self.theme;
        let px16 = t.paragraph_space * t.font_size;
        let structural = self.sheets.uses_structure();
        let mut out = Vec::new();
        let header = !head.is_empty() && head.iter().any(|c| !c.content.is_empty());
        let mut groups = Siblings::default();
        let groups_count = if header { 2 } else { 1 };
        let group_at = |i: usize| structural.then_some((i, groups_count));
        // The padding and rule colour of a plain `td` (not at any place: selectors
        // that need one do not match it, and that is no loss worth a warning).
        let plain = {
            self.stack.push(ElInfo::tag("tbody"));
            self.stack.push(ElInfo::tag("tr"));
            let (_, cell_box) = self.quiet_style("td", ctx);
            self.stack.truncate(self.stack.len() - 2);
            cell_box
        };
        let mut uneven = false;
        if header {
            self.stack.push(element("thead", group_at(0), &mut groups));
            // Header cells follow the cell, then the column, then CSS `th {
            // text-align }`. Browsers centre them by default; cvpdf keeps them
            // left, over their column's text, because extractors read a
            // centred header line apart from its row (out of reading order).
            let mut rows_before = Siblings::default();
            let row = self.row_look(ctx, structural.then_some((0, 1)), &mut rows_before);
            self.stack.push(row.1);
            let looks = self.cell_looks("th", head.len(), &row.0, structural, |c| Ctx { bold: true, ..c.clone() });
            let mut col = 0;
            let mut cells = Vec::with_capacity(head.len());
            for (c, look) in head.iter().zip(looks) {
                let css_aligned = look.ctx.align != ctx.align;
                uneven |= look.padding != plain.padding;
                let mut cell = self.cell(c, &look.ctx);
                if css_aligned && cell.align.is_none() && aligns.get(col).is_none_or(|a| *a == Align::None) {
                    cell.align = Some(look.ctx.align);
                }
                cell.background = look.background;
                cell.valign = look.valign.unwrap_or_default();
                col += cell.colspan;
                cells.push(cell);
            }
            out.push(cells);
            self.stack.truncate(self.stack.len() - 2);
        }
        self.stack.push(element("tbody", group_at(groups_count - 1), &mut groups));
        let mut rows_before = Siblings::default();
        // Without rules that need places, every row looks the same.
        let mut shared: Option<Vec<Look>> = None;
        for (ri, row) in rows.iter().enumerate() {
            let looks = match &shared {
                Some(l) if !structural && l.len() >= row.len() => l[..row.len()].to_vec(),
                _ => {
                    let (rlook, tr) = self.row_look(ctx, structural.then_some((ri, rows.len())), &mut rows_before);
                    self.stack.push(tr);
                    let looks = self.cell_looks("td", row.len(), &rlook, structural, Ctx::clone);
                    self.stack.pop();
                    if !structural {
                        shared = Some(looks.clone());
                    }
                    looks
                }
            };
            let mut cells = Vec::with_capacity(row.len());
            for (c, look) in row.iter().zip(looks) {
                uneven |= look.padding != plain.padding;
                let mut cell = self.cell(c, &look.ctx);
                cell.background = look.background;
                cell.valign = look.valign.unwrap_or_default();
                cells.push(cell);
            }
            out.push(cells);
        }
        self.stack.truncate(self.stack.len() - 1);
        if uneven {
            self.warn_once("table cell padding", |_| {
                Diagnostic::warning(
                    Some(span.clone()),
                    "CSS padding on some cells of a table (`td:first-child`, a row's cells, …) is not laid out: every cell of a table gets the padding of its `td` rule",
                )
                .with_hint("set the padding on `td` (or `th, td`) for the whole table")
            });
        }
        StyledKind::Table(StyledTable {
            aligns: aligns.iter().map(|a| text_align(*a, TextAlign::Left)).collect(),
            rows: out,
            header,
            // Cell padding and rule colour from CSS on `td` (md-to-pdf's sheet:
            // `0.5em 1em`, gainsboro), else GitHub's `padding: 6px 13px`.
            padding: {
                let p = plain.padding;
                let d = Sides::new(0.375 * px16, 0.8125 * px16, 0.375 * px16, 0.8125 * px16);
                Sides::new(p.top.unwrap_or(d.top), p.right.unwrap_or(d.right), p.bottom.unwrap_or(d.bottom), p.left.unwrap_or(d.left))
            },
            border: plain.borders.bottom.value().or(plain.borders.left.value()).map_or(t.border, |b| b.color),
            line_height: ctx.line_height,
            stripe: self.print_background.then_some(Rgb(0xf6, 0xf8, 0xfa)),
            width: own.width,
            centred: own.centred,
        })
    }

    /// A row's look and its element (at its place among `count` rows when the
    /// rules need it).
    fn row_look(&mut self, parent: &Ctx, at: Option<(usize, usize)>, before: &mut Siblings) -> (Look, ElInfo) {
        let tr = element("tr", at, before);
        let (ctx, ov) = self.element_style_of(tr.clone(), parent, parent.clone());
        (Look { ctx, background: ov.background.value(), padding: ov.padding, valign: ov.boxes.valign }, tr)
    }

    /// The looks of the `n` cells of a row (the row's element on top of the stack):
    /// one match for all of them unless the rules need each cell's place.
    fn cell_looks(&mut self, tag: &str, n: usize, row: &Look, structural: bool, defaults: impl Fn(&Ctx) -> Ctx) -> Vec<Look> {
        let mut before = Siblings::default();
        let mut one = |this: &mut Self, at| {
            let el = element(tag, at, &mut before);
            let (ctx, ov) = this.element_style_of(el, &row.ctx, defaults(&row.ctx));
            // A cell without a background of its own shows its row's.
            // `vertical-align` too (cells inherit their row's, as browsers' own
            // stylesheet says).
            Look { ctx, background: ov.background.value().or(row.background), padding: ov.padding, valign: ov.boxes.valign.or(row.valign) }
        };
        if structural {
            (0..n).map(|i| one(self, Some((i, n)))).collect()
        } else {
            let look = one(self, None);
            vec![look; n]
        }
    }

    /// The text style and box of a plain element of `tag` (no place known) without
    /// noting the selectors that would need one.
    fn quiet_style(&mut self, tag: &str, parent: &Ctx) -> (Ctx, BoxOverrides) {
        self.stack.push(ElInfo::tag(tag));
        let decls = self.sheets.matching(&self.stack);
        let _ = self.sheets.take_blind();
        let mut ctx = parent.clone();
        let mut ov = BoxOverrides::default();
        self.apply(&decls, &mut ctx, &mut ov, &None, parent.as_parent());
        self.stack.pop();
        (ctx, ov)
    }

    pub(super) fn cell(&mut self, c: &Cell, ctx: &Ctx) -> StyledCell {
        let align = (c.align != Align::None).then(|| text_align(c.align, TextAlign::Left));
        let (runs, anchors) = self.runs(&c.content, ctx, false);
        StyledCell {
            runs,
            colspan: c.colspan.max(1),
            rowspan: c.rowspan.max(1),
            align,
            anchors,
            background: None,
            valign: Default::default(),
        }
    }
}

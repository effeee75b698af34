//! The footnotes section.

use super::{Cascade, Ctx};
use crate::geom::Rgb;
use crate::geom::Sides;
use crate::model::Footnote;
use crate::style::{BoxStyle, Marker, Run, StyledBlock, StyledItem, StyledKind, TextStyle};

/// Adds a `↩` link back to the first reference at the end of a footnote.
fn back_reference(blocks: &mut Vec<StyledBlock>, number: usize, ctx: &Ctx, link: Rgb) {
    let style = TextStyle { color: link, ..ctx.text_style() };
    let run = Run { text: "\u{a0}↩".into(), style, link: Some(format!("#fnref-{number}")), span: 0..0, object: None };
    match blocks.last_mut() {
        Some(StyledBlock { kind: StyledKind::Text { runs, pre: false, .. }, .. }) => runs.push(run),
        _ => blocks.push(StyledBlock {
            kind: StyledKind::Text { runs: vec![run], pre: false, anchors: vec![] },
            style: BoxStyle { line_height: ctx.line_height, ..Default::default() },
            span: 0..0,
            anchors: vec![],
        }),
    }
}

impl Cascade<'_> {
    /// Appends the footnotes section to `blocks`: a short rule, then the footnotes as
    /// a numbered list in smaller, muted text, each the target of its reference and
    /// linking back to it.
    pub(super) fn footnotes_section(&mut self, notes: &[Footnote], ctx: &Ctx, blocks: &mut Vec<StyledBlock>) {
        let body = ctx.size;
        blocks.push(StyledBlock {
            kind: StyledKind::Rule { color: self.theme.border, width: 1.0 },
            style: BoxStyle { margin_top: body, margin_bottom: body * 0.5, ..Default::default() },
            span: 0..0,
            anchors: vec![],
        });
        let fctx = Ctx { size: body * 0.85, color: self.theme.muted, ..ctx.clone() };
        let items = notes
            .iter()
            .map(|f| {
                let mut blocks = self.blocks(&f.blocks, &fctx, 1);
                // The footnote is the target of its reference, and links back to it.
                if let Some(first) = blocks.first_mut() {
                    first.anchors.insert(0, format!("fn-{}", f.number));
                }
                if self.footnote_refs.contains(&f.number) {
                    back_reference(&mut blocks, f.number, &fctx, self.theme.link);
                }
                StyledItem { marker: Marker::Text(format!("{}.", f.number), fctx.text_style()), blocks }
            })
            .collect();
        blocks.push(StyledBlock {
            kind: StyledKind::List { items },
            style: BoxStyle {
                margin_bottom: fctx.size,
                padding: Sides::new(0.0, 0.0, 0.0, self.theme.list_indent * fctx.size),
                marker_width: self.theme.list_indent * fctx.size,
                line_height: ctx.line_height,
                ..Default::default()
            },
            span: 0..0,
            anchors: vec![],
        });
    }
}

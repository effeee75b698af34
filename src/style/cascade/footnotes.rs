//! The footnotes section.

use super::Ctx;
use crate::geom::Rgb;
use crate::style::{BoxStyle, Run, StyledBlock, StyledKind, TextStyle};

/// Adds a `↩` link back to the first reference at the end of a footnote.
pub(super) fn back_reference(blocks: &mut Vec<StyledBlock>, number: usize, ctx: &Ctx, link: Rgb) {
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

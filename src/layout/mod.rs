//! Layout: turns the styled document into pages of positioned items.
//!
//! Steps, one file each: [`shape`] (runs → glyphs with font fallback), [`linebreak`]
//! (glyphs → lines), [`inline`] (lines → positioned text items), [`flow`] (blocks →
//! fragments), [`table`] (tables → fragments), [`pages`] (fragments → pages).

mod flow;
mod inline;
mod linebreak;
pub mod margin;
mod pages;
mod shape;
mod table;

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::font::{FontBook, FontId};
use crate::geom::{Point, Rgb, Size};
use crate::style::{DocMeta, StyledDocument};

/// A laid-out document: pages of positioned items, plus what the PDF needs.
#[derive(Debug, Clone)]
pub struct PagedDocument {
    /// The pages in order.
    pub pages: Vec<Page>,
    /// The fonts that `FrameItem::Text` refers to.
    pub fonts: Arc<FontBook>,
    /// Metadata.
    pub meta: DocMeta,
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Its size.
    pub size: Size,
    /// Items at fixed positions (top-left origin, y down), in drawing order.
    pub items: Vec<(Point, FrameItem)>,
}

/// Something drawn at a position.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameItem {
    /// Glyphs of one font, size and colour; the position is the baseline start.
    Text(TextItem),
    /// A rectangle; the position is its top-left corner.
    Rect {
        /// Its size.
        size: Size,
        /// Fill colour.
        fill: Option<Rgb>,
        /// Stroke colour and width.
        stroke: Option<(Rgb, f32)>,
    },
    /// A straight line from the position to the position plus `delta`.
    Line {
        /// Offset of the end point.
        delta: Point,
        /// Thickness.
        width: f32,
        /// Colour.
        color: Rgb,
    },
    /// An image; the position is its top-left corner.
    Image {
        /// Its size on the page.
        size: Size,
        /// The image file.
        image: crate::image::ImageData,
    },
    /// A clickable area; the position is its top-left corner.
    Link {
        /// Its size.
        size: Size,
        /// The target URL.
        url: String,
    },
}

/// A run of shaped glyphs in one font, size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct TextItem {
    /// The font.
    pub font: FontId,
    /// Size in points.
    pub size: f32,
    /// Fill colour.
    pub fill: Rgb,
    /// The text the glyphs stand for.
    pub text: String,
    /// The glyphs, in drawing order.
    pub glyphs: Vec<Glyph>,
}

impl TextItem {
    /// The width of the run in points.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.x_advance).sum::<f32>() * self.size
    }
}

/// One positioned glyph; advances and offsets are in ems.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the font.
    pub id: u16,
    /// Horizontal advance, in ems.
    pub x_advance: f32,
    /// Horizontal offset, in ems.
    pub x_offset: f32,
    /// Vertical offset, in ems.
    pub y_offset: f32,
    /// The bytes of `TextItem::text` this glyph's cluster covers.
    pub range: std::ops::Range<usize>,
}

/// Lays out a styled document into pages.
pub fn layout(doc: &StyledDocument, fonts: Arc<FontBook>) -> (PagedDocument, Vec<Diagnostic>) {
    let page = doc.page;
    let width = (page.size.width - page.margin.left - page.margin.right).max(1.0) / page.scale;
    let mut flow = flow::Flow::new(&fonts);
    let fragments = flow.blocks(&doc.blocks, 0.0, width);
    let mut warnings = flow.warnings;
    let missing = &flow.warned_chars;
    if missing.len() > shape::MAX_GLYPH_WARNINGS {
        let rest: String = missing[shape::MAX_GLYPH_WARNINGS..].iter().take(40).collect();
        warnings.push(
            Diagnostic::warning(None, format!(
                "{} more characters have no glyph in the bundled fonts: {rest}{}",
                missing.len() - shape::MAX_GLYPH_WARNINGS,
                if missing.len() > shape::MAX_GLYPH_WARNINGS + 40 { "…" } else { "" }
            ))
            .with_hint("they are drawn as boxes; for Chinese, Japanese and Korean install Debian's `fonts-noto-cjk`, or pass fonts with --font-dir"),
        );
    }
    let pages = pages::distribute(fragments, &page, &mut warnings);
    (PagedDocument { pages, fonts, meta: doc.meta.clone() }, warnings)
}

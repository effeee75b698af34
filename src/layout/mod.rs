//! Layout: turns the styled document into pages of positioned items.
//!
//! Steps, one file each: `shape` (runs → glyphs with font fallback), `linebreak`
//! (glyphs → lines), `inline` (lines → positioned text items), `flow` (blocks →
//! fragments), `table` (tables → fragments), `pages` (fragments → pages); `text`
//! reads the pages' text back as plain text ([`text_layer`]).

mod boxes;
mod bridge;
mod columns;
mod floats;
mod flow;
mod inline;
mod linebreak;
pub mod margin;
mod pages;
mod shape;
mod sizes;
mod table;
mod text;

use std::borrow::Cow;
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::font::{FontBook, FontId};
use crate::geom::{Point, Rgb, Sides, Size};
use crate::style::{DocMeta, StyledDocument};
pub use text::{text_layer, text_lines, TextLine};

/// A laid-out document: pages of positioned items, plus what the PDF needs.
#[derive(Debug, Clone)]
pub struct PagedDocument {
    /// The pages in order.
    pub pages: Vec<Page>,
    /// The fonts that `FrameItem::Text` refers to.
    pub fonts: Arc<FontBook>,
    /// Metadata.
    pub meta: DocMeta,
    /// Bookmarks: the headings down to the document's outline depth, in order.
    pub outline: Vec<OutlineEntry>,
    /// The logical structure (for tagged PDF): nodes in document order, each with
    /// its parent; text and images refer to them by index.
    pub structure: Vec<StructNode>,
    /// The scale `fit_pages` shrank the document to, if it had to.
    pub fit_scale: Option<f32>,
}

/// Index of a node in [`PagedDocument::structure`].
pub type StructId = usize;

/// A node of the logical structure.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    /// What it is.
    pub kind: StructKind,
    /// The node it belongs to; `None` at the top.
    pub parent: Option<StructId>,
}

/// The kinds of structure node (PDF standard structure types).
#[derive(Debug, Clone, PartialEq)]
pub enum StructKind {
    /// A heading of level 1–6, with its text.
    Heading(u8, String),
    /// A paragraph.
    P,
    /// A code block.
    Code,
    /// A block quote.
    BlockQuote,
    /// A list (ordered or not).
    List(bool),
    /// A list item.
    ListItem,
    /// A list item's marker.
    Label,
    /// A list item's content.
    ListBody,
    /// A table.
    Table,
    /// A table row.
    TableRow,
    /// A header cell.
    TableHeader,
    /// A data cell.
    TableCell,
    /// An image, with its alternative text.
    Figure(String),
    /// The footnotes.
    Note,
    /// A box of its own beside others: a flex or grid item, a float, a
    /// multi-column block (each its own run of the reading order).
    Div,
}

/// A heading in the document outline (a PDF bookmark).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// The heading level, 1–6; deeper levels nest under the entry before them.
    pub level: u8,
    /// The heading's text.
    pub title: String,
    /// The index of its page.
    pub page: usize,
    /// The top of its first line on that page.
    pub y: f32,
}

impl PagedDocument {
    /// The link targets, in drawing order: name, page index and top-left point.
    pub fn anchors(&self) -> impl Iterator<Item = (&str, usize, Point)> + '_ {
        self.pages.iter().enumerate().flat_map(|(i, page)| {
            page.items.iter().filter_map(move |(p, item)| match item {
                FrameItem::Anchor { name } => Some((name.as_str(), i, *p)),
                _ => None,
            })
        })
    }

    /// Where a link to a place in the document goes: the page index and point of the
    /// first target named by a `#name` URL (`#` and `#top` without such a target
    /// mean the top of the first page). `None` for other URLs and missing targets.
    pub fn link_target(&self, url: &str) -> Option<(usize, Point)> {
        crate::link::Targets::new(self.anchors(), self.pages.len()).resolve(url)
    }
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Its size.
    pub size: Size,
    /// Its margins: the content is laid out inside them (headers and footers are
    /// drawn in them). What a preview outlines.
    pub margin: Sides<f32>,
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
    /// A rectangle with rounded corners (CSS `border-radius`); the position is its
    /// top-left corner.
    RoundRect {
        /// Its size.
        size: Size,
        /// The radius of its corners (at most half its smaller side when drawn).
        radius: f32,
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
    /// A gauge bar (`<progress>`, `<meter>`): a track with rounded corners, filled
    /// from the left; the position is its top-left corner.
    Gauge {
        /// The track's size.
        size: Size,
        /// The radius of its corners.
        radius: f32,
        /// The track's colour.
        track: Rgb,
        /// The filled part's colour.
        fill: Rgb,
        /// How much of the track is filled, 0–1.
        fraction: f32,
        /// A border inside the track's edge: colour and width.
        border: Option<(Rgb, f32)>,
        /// How far the filled part stays inside the track's edge.
        inset: f32,
    },
    /// An image; the position is its top-left corner.
    Image {
        /// Its size on the page.
        size: Size,
        /// The image file.
        image: crate::image::ImageData,
        /// Its alternative text.
        alt: String,
        /// The structure node (a figure) it belongs to.
        tag: Option<StructId>,
    },
    /// A clickable area; the position is its top-left corner.
    Link {
        /// Its size.
        size: Size,
        /// The target: a URL, or `#name` for a place in the document. The areas of
        /// one link (one per line it covers) share it.
        url: Arc<str>,
    },
    /// A link target (`#name`): nothing is drawn; the position is the top-left corner
    /// of the line or block it names.
    Anchor {
        /// Its name.
        name: String,
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
    /// The structure node it belongs to; `None` for decorations (list markers of
    /// header and footer templates, page furniture), which are artifacts.
    pub tag: Option<StructId>,
    /// Synthetic oblique: the glyphs lean right by this much of their height above
    /// the baseline (0: upright). Set when italic is asked of a face without italics.
    pub skew: f32,
    /// Synthetic bold: the glyphs are also stroked in their fill colour with a line
    /// this wide, in ems (0: none). Set when bold is asked of a face without bold.
    pub embolden: f32,
    /// Letter-spaced text: the glyphs of each word (between spaces) stand for the
    /// word together, so that text extractors read it as one word despite the gaps.
    pub spaced: bool,
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
    /// The bytes of `TextItem::text` this glyph's cluster covers (32-bit: a glyph
    /// is kept per character of the document, so its size is the layout's memory).
    pub range: std::ops::Range<u32>,
}

impl Glyph {
    /// The bytes of `TextItem::text` this glyph's cluster covers.
    pub fn text_range(&self) -> std::ops::Range<usize> {
        self.range.start as usize..self.range.end as usize
    }
}

/// Lays out a styled document into pages. The diagnostics are warnings, and errors
/// for a document too large to lay out (whose pages are then incomplete).
pub fn layout(doc: &StyledDocument, fonts: Arc<FontBook>) -> (PagedDocument, Vec<Diagnostic>) {
    // Footnotes are laid out one by one, to sit at the foot of the page of their
    // first reference; the body is everything before them.
    let (body, notes) = match doc.footnotes_at {
        Some(i) if i <= doc.blocks.len() => doc.blocks.split_at(i),
        _ => (&doc.blocks[..], &[][..]),
    };
    lay_out(doc, body.iter().map(Cow::Borrowed), notes, fonts)
}

/// Like [`layout`], but drops each body block as soon as it is laid out, which
/// keeps the memory of long documents down (the styled blocks and the pages they
/// become are never all held at once).
pub fn layout_owned(mut doc: StyledDocument, fonts: Arc<FontBook>) -> (PagedDocument, Vec<Diagnostic>) {
    let mut body = std::mem::take(&mut doc.blocks);
    let notes = match doc.footnotes_at {
        Some(i) if i <= body.len() => body.split_off(i),
        _ => Vec::new(),
    };
    lay_out(&doc, body.into_iter().map(Cow::Owned), &notes, fonts)
}

/// The smallest and largest page side, in points: the limits of PDF 1.7 (Annex C:
/// 3 to 14,400 units), which viewers enforce.
pub const PAGE_SIDE: std::ops::RangeInclusive<f32> = 3.0..=14_400.0;

/// The largest coordinate or size of an item, in points: far outside any page (at
/// most 14,400 pt), and far inside what PDF readers accept.
pub const MAX_COORD: f32 = 1.0e6;

/// Makes a page setup one that can be laid out and written: sides within
/// [`PAGE_SIDE`], margins finite, at least 0 and leaving a quarter of the page in
/// each direction (they shrink in proportion when they would not), the scale within
/// 0.1–2. Returns a warning for each change; a setup that needs none is kept as it is.
pub fn check_page(page: &mut crate::style::PageSetup) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let side = |v: f32| if v.is_nan() { *PAGE_SIDE.start() } else { v.clamp(*PAGE_SIDE.start(), *PAGE_SIDE.end()) };
    let size = Size::new(side(page.size.width), side(page.size.height));
    if size != page.size {
        warnings.push(
            Diagnostic::warning(
                None,
                format!("the page size {} x {} pt is changed to {} x {} pt", page.size.width, page.size.height, size.width, size.height),
            )
            .with_hint("a page side is 3 to 14,400 pt (about 1 mm to 5 m); check `pdf_options` `width` and `height` or `@page { size }`"),
        );
        page.size = size;
    }
    let m = page.margin;
    let fix = |v: f32| if v.is_finite() { v.clamp(0.0, *PAGE_SIDE.end()) } else { 0.0 };
    let mut margin = crate::geom::Sides::new(fix(m.top), fix(m.right), fix(m.bottom), fix(m.left));
    let kx = (size.width * 0.75 / (margin.left + margin.right)).min(1.0);
    let ky = (size.height * 0.75 / (margin.top + margin.bottom)).min(1.0);
    margin.left *= kx;
    margin.right *= kx;
    margin.top *= ky;
    margin.bottom *= ky;
    if margin != m {
        warnings.push(
            Diagnostic::warning(
                None,
                format!(
                    "the page margins ({} {} {} {} pt) leave too little room on a {} x {} pt page; they are reduced to {} {} {} {} pt",
                    m.top, m.right, m.bottom, m.left, size.width, size.height, margin.top, margin.right, margin.bottom, margin.left
                ),
            )
            .with_hint("the margins may take at most three quarters of the page's width and height"),
        );
        page.margin = margin;
    }
    let scale = if page.scale.is_finite() { page.scale.clamp(0.1, 2.0) } else { 1.0 };
    if scale != page.scale {
        warnings.push(
            Diagnostic::warning(None, format!("the scale {} is changed to {scale}", page.scale)).with_hint("use a scale from 0.1 to 2"),
        );
        page.scale = scale;
    }
    warnings
}

/// Whether an item can be written: every coordinate and size finite and within
/// [`MAX_COORD`].
fn item_in_bounds(pos: Point, item: &FrameItem) -> bool {
    let ok = |v: f32| v.is_finite() && v.abs() <= MAX_COORD;
    let size_ok = |s: Size| ok(s.width) && ok(s.height);
    ok(pos.x)
        && ok(pos.y)
        && match item {
            FrameItem::Text(t) => {
                ok(t.size)
                    && t.glyphs.iter().all(|g| ok(g.x_advance * t.size) && ok(g.x_offset * t.size) && ok(g.y_offset * t.size))
                    && ok(t.width())
            }
            FrameItem::Rect { size, stroke, .. } => size_ok(*size) && stroke.is_none_or(|(_, w)| ok(w)),
            FrameItem::RoundRect { size, radius, stroke, .. } => size_ok(*size) && ok(*radius) && stroke.is_none_or(|(_, w)| ok(w)),
            FrameItem::Line { delta, width, .. } => ok(delta.x) && ok(delta.y) && ok(*width),
            FrameItem::Gauge { size, radius, border, inset, .. } => {
                size_ok(*size) && ok(*radius) && ok(*inset) && border.is_none_or(|(_, w)| ok(w))
            }
            FrameItem::Image { size, .. } | FrameItem::Link { size, .. } => size_ok(*size),
            FrameItem::Anchor { .. } => true,
        }
}

/// Drops the items of the pages that could not be written (a coordinate or size
/// not finite, or beyond [`MAX_COORD`]: nothing a page shows), with a warning.
pub fn drop_impossible_items(pages: &mut [Page]) -> Option<Diagnostic> {
    let mut dropped = 0usize;
    for page in pages {
        let before = page.items.len();
        page.items.retain(|(pos, item)| item_in_bounds(*pos, item));
        dropped += before - page.items.len();
    }
    (dropped > 0).then(|| {
        Diagnostic::warning(None, format!("{dropped} items far outside the page (beyond {MAX_COORD} pt) are left out"))
            .with_hint("look for huge sizes, margins or positions in the CSS or `pdf_options`")
    })
}

/// The most blocks after a float that are laid out with it (those that fit beside
/// it; the rest follow at full width).
const MAX_BESIDE_FLOAT: usize = 32;

fn lay_out<'a>(
    doc: &StyledDocument,
    body: impl Iterator<Item = Cow<'a, crate::style::StyledBlock>>,
    notes_section: &[crate::style::StyledBlock],
    fonts: Arc<FontBook>,
) -> (PagedDocument, Vec<Diagnostic>) {
    let mut page = doc.page;
    let mut warnings = check_page(&mut page);
    let width = (page.size.width - page.margin.left - page.margin.right).max(1.0) / page.scale;
    let mut flow = flow::Flow::new(&fonts);
    flow.lang = doc.meta.lang.as_deref().and_then(|l| {
        let b = l.as_bytes();
        (b.len() >= 2).then(|| hypher::Lang::from_iso([b[0].to_ascii_lowercase(), b[1].to_ascii_lowercase()])).flatten()
    });
    // The body's own margins and padding: its content sits inside them (in
    // proportion, when they would leave less than a quarter of the width).
    let body_box = doc.body;
    let (left, right) = (body_box.margin.left + body_box.padding.left, body_box.margin.right + body_box.padding.right);
    let k = if left + right > width * 0.75 { width * 0.75 / (left + right) } else { 1.0 };
    let x = left * k;
    let width = (width - (left + right) * k).max(1.0);
    let mut fragments = Vec::new();
    let area_h = (page.size.height - page.margin.top - page.margin.bottom).max(1.0) / page.scale;
    flow.page_h = area_h;
    // (At most half a page, so that the first block still starts on the first.)
    let top = (body_box.margin.top + body_box.padding.top).min(area_h / 2.0);
    if top > 0.0 {
        // Space above the first block on the first page; kept with that block.
        fragments.push(flow::Fragment { height: top, keep_with_next: true, ..Default::default() });
    }
    let mut body = body.peekable();
    while let Some(block) = body.next() {
        let first = fragments.len();
        // A float takes the blocks after it beside it: they are laid out together.
        let mut group = vec![block];
        if group[0].style.place.float.is_some() {
            while let Some(next) = body.next_if(|b| !b.style.place.clear && b.style.place.float.is_none() && group.len() < MAX_BESIDE_FLOAT)
            {
                group.push(next);
            }
        }
        let group: Vec<crate::style::StyledBlock> = match group.len() {
            1 => {
                fragments.extend(flow.blocks(std::slice::from_ref(group[0].as_ref()), x, width));
                vec![]
            }
            _ => group.into_iter().map(Cow::into_owned).collect(),
        };
        if !group.is_empty() {
            fragments.extend(flow.blocks(&group, x, width));
        }
        if first == 1 && top > 0.0 && body_box.padding.top == 0.0 {
            // With no padding between them, the body's top margin and the first
            // block's collapse into the larger of the two.
            if let Some(f) = fragments.get_mut(1) {
                f.space_before = (f.space_before - body_box.margin.top).max(0.0);
            }
        }
    }
    let mut notes = Vec::new();
    if let Some(list) = notes_section.iter().find(|b| matches!(b.kind, crate::style::StyledKind::List { .. })) {
        if let crate::style::StyledKind::List { items } = &list.kind {
            flow.restore(None);
            let note = flow.open(StructKind::Note);
            for item in items {
                let number = item.blocks.first().and_then(|b| b.anchors.iter().find_map(|a| a.strip_prefix("fn-")?.parse::<usize>().ok()));
                let one = crate::style::StyledBlock {
                    kind: crate::style::StyledKind::List { items: vec![item.clone()] },
                    style: crate::style::BoxStyle { margin_top: 0.0, margin_bottom: 2.0, ..list.style.clone() },
                    span: list.span.clone(),
                    anchors: vec![],
                };
                flow.restore(Some(note));
                let frags = flow.blocks(std::slice::from_ref(&one), x, width);
                notes.push((number, frags));
            }
            flow.restore(None);
        }
    }
    let rule_color = notes_section.iter().find_map(|b| match b.kind {
        crate::style::StyledKind::Rule { color, .. } => Some(color),
        _ => None,
    });
    // Targets after the last thing shown stay at the end of the document.
    let rest = std::mem::take(&mut flow.pending_anchors);
    if let Some(last) = fragments.last_mut() {
        last.items.extend(rest.into_iter().map(|name| (Point::new(0.0, last.height), FrameItem::Anchor { name })));
    }
    warnings.append(&mut flow.warnings);
    if let Some(span) = flow.too_many_lines.take() {
        warnings.push(
            Diagnostic::error(span, format!("the document has more than {} lines of text, more than the limit", flow::MAX_LINES))
                .with_hint("a résumé has a few hundred lines; look for tiny type, a very narrow page or generated text"),
        );
    }
    let mut flow_structure = std::mem::take(&mut flow.structure);
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
    let (mut pages, mut outline) =
        pages::distribute(fragments, notes, rule_color.unwrap_or(Rgb(0xdf, 0xe2, 0xe5)), (x, width), &page, &mut warnings);
    warnings.extend(drop_impossible_items(&mut pages));
    outline.retain(|e| e.level <= doc.outline_depth);
    let structure = std::mem::take(&mut flow_structure);
    (PagedDocument { pages, fonts, meta: doc.meta.clone(), outline, structure, fit_scale: None }, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::PageSetup;

    #[test]
    fn items_that_cannot_be_written_are_dropped_with_a_warning() {
        let rect = |w: f32| FrameItem::Rect { size: Size::new(w, 10.0), fill: None, stroke: None };
        let mut pages = vec![Page {
            size: Size::new(100.0, 100.0),
            margin: Sides::splat(10.0),
            items: vec![
                (Point::new(1.0, 2.0), rect(10.0)),
                (Point::new(f32::NAN, 2.0), rect(10.0)),
                (Point::new(1.0, 2.0), rect(1e30)),
                (Point::new(1.0, -2e9), FrameItem::Anchor { name: "far".into() }),
                (Point::new(1.0, 2.0), FrameItem::Line { delta: Point::new(f32::INFINITY, 0.0), width: 1.0, color: Rgb::BLACK }),
            ],
        }];
        let w = drop_impossible_items(&mut pages).expect("a warning");
        assert!(w.message.starts_with("4 items far outside the page"), "{}", w.message);
        assert_eq!(pages[0].items.len(), 1);
        assert!(drop_impossible_items(&mut pages).is_none());
    }

    #[test]
    fn page_setups_are_made_writable() {
        let a4 = PageSetup { size: Size::new(595.0, 842.0), margin: Sides::splat(72.0), scale: 1.0 };
        let mut page = a4;
        assert!(check_page(&mut page).is_empty());
        assert_eq!(page, a4);
        let mut page = PageSetup { size: Size::new(1e30, f32::NAN), margin: Sides::new(f32::INFINITY, -5.0, 1e9, 10.0), scale: f32::NAN };
        let w = check_page(&mut page);
        assert_eq!(w.len(), 3, "{w:?}");
        assert_eq!(page.size, Size::new(14_400.0, 3.0));
        assert_eq!(page.margin.top + page.margin.bottom, 3.0 * 0.75);
        assert_eq!(page.margin.right, 0.0);
        assert_eq!(page.scale, 1.0);
    }
}

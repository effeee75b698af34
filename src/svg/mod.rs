//! SVG and PNG: a second backend from the same laid-out pages as [`pdf`](mod@crate::pdf).
//! Each page becomes one SVG document; [`png()`] rasterises such a page with resvg.
//! Decides nothing: every position, colour and glyph is already in the pages.
//!
//! Glyphs are drawn as paths, their outlines read from the fonts with ttf-parser: one
//! `<path>` per glyph in `<defs>`, placed with `<use>`. That needs no font in the
//! viewer, draws exactly the glyphs the PDF embeds, and gives the same bytes on every
//! machine. The text itself follows each run as invisible `<text>`, so that a browser
//! can find and select it. Links are `<a>` areas, raster images `data:` URIs of their
//! file, SVG images `data:` URIs of the SVG as cvpdf reads it (its text as paths, its
//! scripts and external references gone).
//!
//! Steps, one file each: `write` (numbers, colours, escaping), `glyphs` (outlines and
//! text runs), `shapes` (rectangles, lines, gauges), `images`, `links` (link areas
//! and the targets of `#name` links), `raster` (SVG → PNG).

mod glyphs;
mod images;
mod links;
mod raster;
mod shapes;
mod write;

use crate::diag::{Diagnostic, Warned};
use crate::layout::{FrameItem, PagedDocument};

pub use raster::{png, DEFAULT_PPI, MAX_PIXELS};

/// How the pages are written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SvgOptions {
    /// Put before every `id` the SVG defines (glyphs, clip paths, link targets), so
    /// that several pages, or several renders, can share one HTML page.
    pub id_prefix: String,
    /// Where the other pages are, for links to a `#name` target on another page: the
    /// file name with `{page}` standing for its number from 1 (`resume-{page}.svg`).
    /// `None` writes such links as `#name` alone, which works when every page is
    /// inlined into one HTML page.
    pub page_href: Option<String>,
}

/// Writes each page as an SVG document. The same document and options always give
/// the same text. The warnings name links left out.
pub fn pages(doc: &PagedDocument, options: &SvgOptions) -> Warned<Vec<String>> {
    let targets = links::Targets::of(doc);
    let mut warnings = Vec::new();
    let pages = (0..doc.pages.len()).map(|i| page_with(doc, i, options, &targets, &mut warnings)).collect();
    Warned { output: pages, warnings }
}

/// Writes one page (index from 0) as an SVG document; `None` past the last page.
pub fn page(doc: &PagedDocument, index: usize, options: &SvgOptions) -> Option<Warned<String>> {
    (index < doc.pages.len()).then(|| {
        let mut warnings = Vec::new();
        let svg = page_with(doc, index, options, &links::Targets::of(doc), &mut warnings);
        Warned { output: svg, warnings }
    })
}

fn page_with(doc: &PagedDocument, index: usize, options: &SvgOptions, targets: &links::Targets, warnings: &mut Vec<Diagnostic>) -> String {
    let page = &doc.pages[index];
    let ids = write::Ids { prefix: &options.id_prefix, page: index + 1 };
    let mut body = String::new();
    let mut defs = glyphs::Defs::default();
    let mut clips = String::new();
    let mut areas = links::Areas::default();
    for (pos, item) in &page.items {
        match item {
            FrameItem::Text(text) => glyphs::text(&mut body, &mut defs, &ids, *pos, text, doc),
            FrameItem::Rect { size, fill, stroke } => shapes::rect(&mut body, *pos, *size, *fill, *stroke),
            FrameItem::RoundRect { size, radius, fill, stroke } => shapes::round_rect(&mut body, *pos, *size, *radius, *fill, *stroke),
            FrameItem::Line { delta, width, color } => shapes::line(&mut body, *pos, *delta, *width, *color),
            FrameItem::Gauge { size, radius, track, fill, fraction, border, inset } => {
                let gauge = shapes::Gauge {
                    size: *size,
                    radius: *radius,
                    track: *track,
                    fill: *fill,
                    fraction: *fraction,
                    border: *border,
                    inset: *inset,
                };
                shapes::gauge(&mut body, &mut clips, &ids, *pos, &gauge);
            }
            FrameItem::Image { size, image, alt, .. } => images::image(&mut body, *pos, *size, image, alt),
            FrameItem::Link { size, url } => areas.add(*pos, *size, url),
            FrameItem::Anchor { .. } => {}
        }
    }
    let mut out = String::with_capacity(body.len() + 4096);
    write::open(&mut out, page.size, doc.meta.title.as_deref());
    defs.write(&mut out, &ids);
    if !clips.is_empty() {
        out.push_str("<defs>\n");
        out.push_str(&clips);
        out.push_str("</defs>\n");
    }
    out.push_str(&body);
    areas.write(&mut out, index, &ids, options, targets, warnings);
    targets.write_anchors(&mut out, index, &ids);
    out.push_str("</svg>\n");
    out
}

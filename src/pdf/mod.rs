//! PDF: translates laid-out pages into PDF bytes with krilla. Decides nothing: every
//! position, colour and glyph is already in the pages. All krilla calls live here.

use std::ops::Range;

use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point as KPoint, Rect as KRect, Size as KSize, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::{Location, Surface};
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};

use crate::diag::{DiagResult, Diagnostic};
use crate::geom::{Point, Rgb, Size};
use crate::image::{ImageData, ImageKind};
use crate::layout::{FrameItem, Glyph, PagedDocument, TextItem};

/// Writes the document as PDF bytes. The same document always gives the same bytes.
pub fn pdf(doc: &PagedDocument) -> DiagResult<Vec<u8>> {
    let settings = SerializeSettings { enable_tagging: false, ..SerializeSettings::default() };
    let mut document = Document::new_with(settings);
    let mut fonts: Vec<Option<Font>> = vec![None; doc.fonts.faces().len()];
    for page in &doc.pages {
        let Some(settings) = PageSettings::from_wh(page.size.width, page.size.height) else {
            return Err(vec![Diagnostic::error(None, format!(
                "invalid page size {} x {} pt", page.size.width, page.size.height
            )).with_hint("check `pdf_options.format`, `width` and `height`")]);
        };
        let mut p = document.start_page_with(settings);
        let mut annotations = Vec::new();
        {
            let mut surface = p.surface();
            for (pos, item) in &page.items {
                match item {
                    FrameItem::Text(text) => draw_text(&mut surface, *pos, text, doc, &mut fonts),
                    FrameItem::Rect { size, fill, stroke } => {
                        draw_rect(&mut surface, *pos, *size, *fill, *stroke);
                    }
                    FrameItem::Line { delta, width, color } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(pos.x, pos.y);
                        pb.line_to(pos.x + delta.x, pos.y + delta.y);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(None);
                            surface.set_stroke(Some(stroke(*color, *width)));
                            surface.draw_path(&path);
                            surface.set_stroke(None);
                        }
                    }
                    FrameItem::Image { size, image } => draw_image(&mut surface, *pos, *size, image),
                    FrameItem::Link { size, url } => {
                        if let Some(rect) = KRect::from_xywh(pos.x, pos.y, size.width, size.height) {
                            let target = Target::Action(LinkAction::new(url.clone()).into());
                            annotations.push(Annotation::new_link(LinkAnnotation::new(rect, target), None));
                        }
                    }
                }
            }
            surface.finish();
        }
        for a in annotations {
            p.add_annotation(a);
        }
        p.finish();
    }
    document.set_metadata(metadata(doc));
    document.finish().map_err(|e| {
        vec![Diagnostic::error(None, format!("failed to write PDF ({e:?})"))
            .with_hint("this is a bug in cvpdf; please report it with the input file")]
    })
}

fn metadata(doc: &PagedDocument) -> Metadata {
    let m = &doc.meta;
    let mut md = Metadata::new().creator(format!("cvpdf {}", env!("CARGO_PKG_VERSION")));
    if let Some(t) = &m.title {
        md = md.title(t.clone());
    }
    if let Some(a) = &m.author {
        md = md.authors(vec![a.clone()]);
    }
    if let Some(d) = &m.description {
        md = md.description(d.clone());
    }
    if !m.keywords.is_empty() {
        md = md.keywords(m.keywords.clone());
    }
    if let Some(l) = &m.lang {
        md = md.language(l.clone());
    }
    md
}

fn color(c: Rgb) -> rgb::Color {
    rgb::Color::new(c.0, c.1, c.2)
}

fn fill(c: Rgb) -> Fill {
    Fill { paint: color(c).into(), ..Fill::default() }
}

fn stroke(c: Rgb, width: f32) -> Stroke {
    Stroke { paint: color(c).into(), width, ..Stroke::default() }
}

fn draw_rect(surface: &mut Surface<'_>, pos: Point, size: Size, f: Option<Rgb>, s: Option<(Rgb, f32)>) {
    let Some(rect) = KRect::from_xywh(pos.x, pos.y, size.width.max(0.01), size.height.max(0.01)) else {
        return;
    };
    let mut pb = PathBuilder::new();
    pb.push_rect(rect);
    let Some(path) = pb.finish() else { return };
    surface.set_fill(f.map(fill));
    surface.set_stroke(s.map(|(c, w)| stroke(c, w)));
    surface.draw_path(&path);
    surface.set_fill(None);
    surface.set_stroke(None);
}

fn draw_image(surface: &mut Surface<'_>, pos: Point, size: Size, image: &ImageData) {
    if image.kind == ImageKind::Svg {
        use krilla_svg::{SurfaceExt, SvgSettings};
        let (Ok(tree), Some(ksize)) = (crate::image::parse_svg(&image.data), KSize::from_wh(size.width, size.height)) else {
            return;
        };
        surface.push_transform(&Transform::from_translate(pos.x, pos.y));
        // Text inside an image is drawn as outlines: it is not part of the document's text.
        surface.draw_svg(&tree, ksize, SvgSettings { embed_text: false, ..SvgSettings::default() });
        surface.pop();
        return;
    }
    let data: krilla::Data = image.data.clone().into();
    let decoded = match image.kind {
        ImageKind::Svg => return,
        ImageKind::Png => Image::from_png(data, true),
        ImageKind::Jpeg => Image::from_jpeg(data, true),
        ImageKind::Gif => Image::from_gif(data, true),
        ImageKind::Webp => Image::from_webp(data, true),
    };
    let (Ok(img), Some(ksize)) = (decoded, KSize::from_wh(size.width, size.height)) else { return };
    surface.push_transform(&Transform::from_translate(pos.x, pos.y));
    surface.draw_image(img, ksize);
    surface.pop();
}

fn draw_text(
    surface: &mut Surface<'_>,
    pos: Point,
    text: &TextItem,
    doc: &PagedDocument,
    fonts: &mut [Option<Font>],
) {
    let Some(slot) = fonts.get_mut(text.font) else { return };
    if slot.is_none() {
        let face = doc.fonts.face(text.font);
        *slot = Font::new(face.data.into(), face.index);
    }
    let Some(font) = slot.clone() else { return };
    let glyphs: Vec<PdfGlyph<'_>> = text.glyphs.iter().map(PdfGlyph).collect();
    surface.set_fill(Some(fill(text.fill)));
    surface.set_stroke(None);
    surface.draw_glyphs(KPoint::from_xy(pos.x, pos.y), &glyphs, font, &text.text, text.size, false);
}

/// A laid-out glyph seen through krilla's glyph trait.
struct PdfGlyph<'a>(&'a Glyph);

impl krilla::text::Glyph for PdfGlyph<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.0.id))
    }
    fn text_range(&self) -> Range<usize> {
        self.0.range.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.0.x_advance * size
    }
    fn x_offset(&self, size: f32) -> f32 {
        self.0.x_offset * size
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.0.y_offset * size
    }
    fn y_advance(&self, _size: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<Location> {
        None
    }
}

//! PDF: translates laid-out pages into PDF bytes with krilla. Decides nothing: every
//! position, colour and glyph is already in the pages. All krilla calls live here.

use std::ops::Range;

use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::color::rgb;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::error::KrillaError;
use krilla::geom::{PathBuilder, Point as KPoint, Quadrilateral, Rect as KRect, Size as KSize, Transform};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::{Location, Surface};
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};
use krilla::text::{Font, GlyphId};
use krilla::{Document, SerializeSettings};

use crate::diag::{DiagResult, Diagnostic};
use crate::geom::{Point, Rgb, Size};
use crate::image::{ImageData, ImageKind};
use crate::layout::{FrameItem, Glyph, OutlineEntry, PagedDocument, StructId, StructKind, StructNode, TextItem};

/// What the PDF needs besides the document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfOptions {
    /// The creation date, in seconds since the Unix epoch (UTC); `None` writes no date,
    /// so that the same input gives the same bytes.
    pub timestamp: Option<i64>,
    /// Write a tagged PDF: the logical structure (headings, paragraphs, lists,
    /// tables, figures) with every other mark an artifact.
    pub tagged: bool,
    /// Write PDF/A-2b, checked by krilla's validator.
    pub pdfa: bool,
    /// The render's time limit (`Options::deadline`), for the error when the
    /// deadline passes while the PDF is written (checked before each page and image).
    pub deadline: Option<std::time::Duration>,
}

/// Writes the document as PDF bytes. The same document and options always give the
/// same bytes.
pub fn pdf(doc: &PagedDocument, options: &PdfOptions) -> DiagResult<Vec<u8>> {
    write(doc, doc.pages.iter().map(std::borrow::Cow::Borrowed), options)
}

/// Like [`pdf`], but drops each page as soon as it is written, which keeps the
/// memory of long documents down.
pub fn pdf_owned(mut doc: PagedDocument, options: &PdfOptions) -> DiagResult<Vec<u8>> {
    let pages = std::mem::take(&mut doc.pages);
    let targets = link_targets(&pages);
    write_with(&doc, pages.into_iter().map(std::borrow::Cow::Owned), options, targets)
}

/// The first place of every `#name` target.
fn link_targets(pages: &[crate::layout::Page]) -> crate::link::Targets {
    let anchors = pages.iter().enumerate().flat_map(|(i, page)| {
        page.items.iter().filter_map(move |(p, item)| match item {
            FrameItem::Anchor { name } => Some((name.as_str(), i, *p)),
            _ => None,
        })
    });
    crate::link::Targets::new(anchors, pages.len())
}

fn write<'a>(
    doc: &PagedDocument,
    pages: impl Iterator<Item = std::borrow::Cow<'a, crate::layout::Page>>,
    options: &PdfOptions,
) -> DiagResult<Vec<u8>> {
    let targets = link_targets(&doc.pages);
    write_with(doc, pages, options, targets)
}

// Longer than 120 lines (about 180): krilla's settings (PDF/A, tagging), then each
// page's items translated in one match with their structure tags, then the page's
// link annotations, then the outline and metadata; the page loop shares the krilla
// surface and the tagger. Left for a later change: the item match could be its own
// function.
fn write_with<'a>(
    doc: &PagedDocument,
    pages: impl Iterator<Item = std::borrow::Cow<'a, crate::layout::Page>>,
    options: &PdfOptions,
    targets: crate::link::Targets,
) -> DiagResult<Vec<u8>> {
    let mut settings = SerializeSettings { enable_tagging: options.tagged, ..SerializeSettings::default() };
    if options.pdfa {
        // PDF/A-2b, checked by krilla's validator as it writes.
        let configuration = ConfigurationBuilder::new().with_archival_validator(Archival::A2_B).finish();
        match configuration {
            Ok(c) => settings.configuration = c,
            Err(e) => {
                return Err(vec![Diagnostic::error(None, format!("failed to set up PDF/A-2b ({e:?})"))
                    .with_hint("this is a bug in cvpdf; please report it")]);
            }
        }
    }
    let mut document = Document::new_with(settings);
    let mut tagger = Tagger::new(&doc.structure);
    let mut fonts: Vec<Option<Font>> = vec![None; doc.fonts.faces().len()];
    let late = || -> Vec<Diagnostic> {
        let limit = options.deadline.map_or(String::new(), |l| format!(" {} ms", l.as_millis()));
        vec![Diagnostic::error(None, format!("rendering took longer than{limit} (stopped while writing the PDF)"))
            .with_hint("the document is too large or too complex to render in time")]
    };
    for page in pages {
        if crate::deadline::passed() {
            return Err(late());
        }
        let page = page.as_ref();
        let Some(settings) = PageSettings::from_wh(page.size.width, page.size.height) else {
            return Err(vec![Diagnostic::error(None, format!("invalid page size {} x {} pt", page.size.width, page.size.height))
                .with_hint("check `pdf_options.format`, `width` and `height`")]);
        };
        let mut p = document.start_page_with(settings);
        let mut links = PageLinks::default();
        {
            let mut surface = p.surface();
            // The structure node of the last text drawn: links belong to it.
            let mut last_tag: Option<StructId> = None;
            // The marked-content section open now: consecutive marks of the same
            // node (or consecutive artifacts) share one, which keeps the file small.
            let mut open: Option<(bool, Option<StructId>)> = None;
            for (pos, item) in &page.items {
                // Text and images are marked content of their structure node; all
                // other marks (rules, backgrounds, borders, header and footer) are
                // artifacts.
                let node = match item {
                    FrameItem::Text(t) => t.tag,
                    FrameItem::Image { tag, .. } => *tag,
                    _ => None,
                };
                let visible = !matches!(item, FrameItem::Link { .. } | FrameItem::Anchor { .. });
                if options.tagged && visible {
                    let is_text = matches!(item, FrameItem::Text(_));
                    let key = (is_text || node.is_none(), node);
                    if open != Some(key) {
                        if open.is_some() {
                            surface.end_tagged();
                        }
                        let tag = match (is_text, node) {
                            (true, Some(_)) => ContentTag::Span(SpanTag::empty()),
                            (false, Some(_)) => ContentTag::Other,
                            _ => ContentTag::Artifact(Artifact::with_kind(ArtifactType::Other)),
                        };
                        let id = surface.start_tagged(tag);
                        if let Some(n) = node {
                            tagger.leaf(n, id);
                        }
                        open = Some(key);
                    }
                    if let Some(n) = node {
                        last_tag = Some(n);
                    }
                }
                match item {
                    FrameItem::Text(text) => draw_text(&mut surface, *pos, text, doc, &mut fonts),
                    FrameItem::Rect { size, fill, stroke } => {
                        draw_rect(&mut surface, *pos, *size, *fill, *stroke);
                    }
                    FrameItem::RoundRect { size, radius, fill: f, stroke: s } => {
                        if let Some(path) = rounded_rect(*pos, *size, *radius) {
                            surface.set_fill(f.map(fill));
                            surface.set_stroke(s.map(|(c, w)| stroke(c, w)));
                            surface.draw_path(&path);
                            surface.set_fill(None);
                            surface.set_stroke(None);
                        }
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
                    FrameItem::Gauge { size, radius, track, fill, fraction, border, inset } => {
                        draw_gauge(&mut surface, *pos, *size, *radius, (*track, *fill, *fraction), *border, *inset);
                    }
                    FrameItem::Image { size, image, .. } => {
                        if crate::deadline::passed() {
                            return Err(late());
                        }
                        draw_image(&mut surface, *pos, *size, image, !options.pdfa);
                    }
                    FrameItem::Link { size, url } => {
                        if let Some(rect) = KRect::from_xywh(pos.x, pos.y, size.width, size.height) {
                            links.add(url, last_tag, rect);
                        }
                    }
                    FrameItem::Anchor { .. } => {}
                }
            }
            if open.is_some() {
                surface.end_tagged();
            }
            surface.finish();
        }
        for (url, node, rects) in links.annotations() {
            // `#name` goes to a place in the document; a missing target was warned
            // about in the style stage and gets no link.
            let target = if url.starts_with('#') {
                let found = targets.resolve(&url);
                found.map(|(page, p)| Target::Destination(XyzDestination::new(page, KPoint::from_xy(p.x, p.y)).into()))
            } else {
                Some(Target::Action(LinkAction::new(url.to_string()).into()))
            };
            let Some(target) = target else { continue };
            let link = match rects[..] {
                [rect] => LinkAnnotation::new(rect, target),
                _ => LinkAnnotation::new_with_quad_points(rects.into_iter().map(Quadrilateral::from).collect(), target),
            };
            let a = Annotation::new_link(link, Some(url.to_string()));
            match (options.tagged, node) {
                (true, Some(n)) => {
                    let id = p.add_tagged_annotation(a);
                    tagger.link(n, id);
                }
                _ => p.add_annotation(a),
            }
        }
        p.finish();
    }
    if !doc.outline.is_empty() {
        document.set_outline(outline(&doc.outline));
    }
    document.set_metadata(metadata(doc, options));
    if options.tagged {
        document.set_tag_tree(tagger.finish(doc.meta.lang.clone()));
    }
    let mut bytes = document.finish().map_err(|e| match e {
        KrillaError::Validation(errors) => errors
            .into_iter()
            .map(|(err, _)| {
                Diagnostic::error(None, format!("the document cannot be PDF/A-2b: {err:?}"))
                    .with_hint("write it without `--pdfa` / `pdf_options.pdfa`, or remove what the message names")
            })
            .collect(),
        KrillaError::Image(_, _, e) => vec![Diagnostic::error(None, format!("failed to write an image into the PDF ({e})"))
            .with_hint("this is a bug in cvpdf (images are checked when loaded); please report it with the image")],
        KrillaError::Font(font, e) => {
            let i = fonts.iter().position(|f| f.as_ref() == Some(&font));
            let name = i.map_or("?", |i| doc.fonts.face(i).name.as_str());
            vec![Diagnostic::error(None, format!("failed to embed font `{name}` into the PDF ({e})"))
                .with_hint("this is a bug in cvpdf (fonts are checked when loaded); please report it with the font")]
        }
        e => vec![Diagnostic::error(None, format!("failed to write PDF ({e:?})"))
            .with_hint("this is a bug in cvpdf; please report it with the input file")],
    })?;
    if options.tagged {
        blank_suspects(&mut bytes);
    }
    Ok(bytes)
}

/// Checks that krilla can embed a font file the document names (its outlines can be
/// read and subset), by writing the glyphs it has for `text` (and its first glyphs)
/// into a scratch PDF. The error says what is wrong, for a warning naming the file.
pub fn check_font(face: &crate::font::FontFace, text: &std::collections::BTreeSet<char>) -> Result<(), String> {
    let Some(font) = Font::new(face.data.clone().into(), face.index) else {
        return Err("the PDF writer cannot read it".into());
    };
    let count = face.face().number_of_glyphs();
    let ids = text.iter().filter_map(|&c| face.face().glyph_index(c)).map(|g| g.0).chain(0..4.min(count));
    let glyphs: Vec<Glyph> = ids.map(|id| Glyph { id, x_advance: 0.5, x_offset: 0.0, y_offset: 0.0, range: 0..0 }).collect();
    let glyphs: Vec<PdfGlyph<'_>> = glyphs.iter().map(PdfGlyph).collect();
    let mut document = Document::new();
    let mut page = document.start_page_with(PageSettings::from_wh(100.0, 100.0).ok_or("no page")?);
    let mut surface = page.surface();
    surface.draw_glyphs(KPoint::from_xy(0.0, 50.0), &glyphs, font, "", 10.0, false);
    surface.finish();
    page.finish();
    match document.finish() {
        Ok(_) => Ok(()),
        Err(KrillaError::Font(_, e)) => Err(e),
        Err(e) => Err(format!("{e}")),
    }
}

/// A link with more areas than this on one page (a long URL wrapped over many
/// lines) is one annotation there, its areas the annotation's quadrilaterals, so
/// that its target is written once per page rather than once per line.
const MAX_LINK_AREAS: usize = 8;

/// A link annotation to write: its target, structure node and areas.
type LinkAreas = (std::sync::Arc<str>, Option<StructId>, Vec<KRect>);

/// The link areas of a page, by link (the areas of one link share its target
/// string) and structure node, in drawing order.
#[derive(Default)]
struct PageLinks {
    /// Each link: its target, structure node and areas.
    links: Vec<LinkAreas>,
    /// The link of each area, in order.
    order: Vec<usize>,
    /// The index of each link by target (pointer) and node.
    index: std::collections::HashMap<(usize, Option<StructId>), usize>,
}

impl PageLinks {
    fn add(&mut self, url: &std::sync::Arc<str>, node: Option<StructId>, rect: KRect) {
        let key = (std::sync::Arc::as_ptr(url).cast::<u8>() as usize, node);
        let i = *self.index.entry(key).or_insert_with(|| {
            self.links.push((url.clone(), node, Vec::new()));
            self.links.len() - 1
        });
        self.links[i].2.push(rect);
        self.order.push(i);
    }

    /// The annotations to write, in drawing order: one per area, except that a link
    /// with more than [`MAX_LINK_AREAS`] areas is one annotation where it first appears.
    fn annotations(self) -> Vec<LinkAreas> {
        let mut links: Vec<Option<LinkAreas>> = self.links.into_iter().map(Some).collect();
        let mut seen = vec![0usize; links.len()];
        let mut out = Vec::new();
        for i in self.order {
            let Some((url, node, rects)) = &links[i] else { continue };
            if rects.len() > MAX_LINK_AREAS {
                out.extend(links[i].take());
            } else {
                out.push((url.clone(), *node, vec![rects[seen[i]]]));
                seen[i] += 1;
            }
        }
        out
    }
}

/// Blanks out `/Suspects false` in the catalog's mark info. The entry only restates
/// the default, but poppler up to 22.x (Debian 12) reports every PDF that has it as
/// a syntax error ("Suspects object is wrong type"). Spaces of the same length keep
/// every byte offset, so the cross-reference table stays valid.
fn blank_suspects(bytes: &mut [u8]) {
    const ENTRY: &[u8] = b"/Suspects false";
    if let Some(at) = bytes.windows(ENTRY.len()).position(|w| w == ENTRY) {
        bytes[at..at + ENTRY.len()].fill(b' ');
    }
}

/// Builds the tag tree from the structure nodes, in the order their content is
/// drawn. A node joins its parent when its first content is drawn, so empty nodes
/// are left out and children follow the reading order.
struct Tagger<'a> {
    structure: &'a [StructNode],
    entries: Vec<Vec<Entry>>,
    attached: Vec<bool>,
    root: Vec<StructId>,
}

enum Entry {
    Leaf(Identifier),
    Child(StructId),
    Link(Identifier),
}

impl<'a> Tagger<'a> {
    fn new(structure: &'a [StructNode]) -> Self {
        let n = structure.len();
        Self { structure, entries: (0..n).map(|_| Vec::new()).collect(), attached: vec![false; n], root: vec![] }
    }

    /// Joins `node` and its unjoined ancestors to the tree.
    fn attach(&mut self, node: StructId) {
        let mut chain = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur.filter(|&n| n < self.attached.len() && !self.attached[n]) {
            chain.push(n);
            cur = self.structure[n].parent;
        }
        for &n in chain.iter().rev() {
            self.attached[n] = true;
            match self.structure[n].parent {
                Some(p) if p < self.entries.len() => self.entries[p].push(Entry::Child(n)),
                _ => self.root.push(n),
            }
        }
    }

    fn leaf(&mut self, node: StructId, id: Identifier) {
        if node < self.entries.len() {
            self.attach(node);
            self.entries[node].push(Entry::Leaf(id));
        }
    }

    fn link(&mut self, node: StructId, id: Identifier) {
        if node < self.entries.len() {
            self.attach(node);
            self.entries[node].push(Entry::Link(id));
        }
    }

    fn finish(mut self, lang: Option<String>) -> TagTree {
        let mut tree = TagTree::new().with_lang(lang);
        for n in std::mem::take(&mut self.root) {
            tree.push(self.group(n));
        }
        tree
    }

    fn group(&mut self, n: StructId) -> TagGroup {
        let mut g = TagGroup::new(tag_kind(&self.structure[n].kind));
        for e in std::mem::take(&mut self.entries[n]) {
            match e {
                Entry::Leaf(id) => g.push(Node::Leaf(id)),
                Entry::Child(c) => g.push(Node::Group(self.group(c))),
                Entry::Link(id) => g.push(Node::Group(TagGroup::with_children(Tag::Link, vec![Node::Leaf(id)]))),
            }
        }
        g
    }
}

fn tag_kind(kind: &StructKind) -> TagKind {
    match kind {
        StructKind::Heading(level, title) => {
            let level = std::num::NonZeroU16::new(u16::from((*level).max(1))).unwrap_or(std::num::NonZeroU16::MIN);
            Tag::Hn(level, Some(title.clone())).into()
        }
        StructKind::P => Tag::P.into(),
        StructKind::Code => Tag::Code.into(),
        StructKind::BlockQuote => Tag::BlockQuote.into(),
        StructKind::List(ordered) => Tag::L(if *ordered { ListNumbering::Decimal } else { ListNumbering::Disc }).into(),
        StructKind::ListItem => Tag::LI.into(),
        StructKind::Label => Tag::Lbl.into(),
        StructKind::ListBody => Tag::LBody.into(),
        StructKind::Table => Tag::Table.into(),
        StructKind::TableRow => Tag::TR.into(),
        StructKind::TableHeader => Tag::TH(TableHeaderScope::Column).into(),
        StructKind::TableCell => Tag::TD.into(),
        StructKind::Figure(alt) => Tag::Figure(Some(alt.clone())).into(),
        StructKind::Note => Tag::Note.into(),
        StructKind::Div => Tag::Div.into(),
    }
}

/// Nests the entries by level: each goes under the nearest entry before it with a
/// lower level.
fn outline(entries: &[OutlineEntry]) -> Outline {
    fn node(e: &OutlineEntry) -> OutlineNode {
        OutlineNode::new(e.title.clone(), XyzDestination::new(e.page, KPoint::from_xy(0.0, e.y)))
    }
    // Builds the children of the entry at `entries[*i - 1]` (level `parent`).
    fn children(entries: &[OutlineEntry], i: &mut usize, parent: u8) -> Vec<OutlineNode> {
        let mut out = Vec::new();
        while let Some(e) = entries.get(*i).filter(|e| e.level > parent) {
            *i += 1;
            let mut n = node(e);
            for c in children(entries, i, e.level) {
                n.push_child(c);
            }
            out.push(n);
        }
        out
    }
    let mut root = Outline::new();
    let mut i = 0;
    for n in children(entries, &mut i, 0) {
        root.push_child(n);
    }
    root
}

/// A Unix time as a UTC date and time.
fn date_time(secs: i64) -> DateTime {
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::date::civil_from_days(secs.div_euclid(86_400));
    // The casts are in range: the year is clamped, the rest come from remainders.
    DateTime::new(y.clamp(0, 9999) as u16)
        .month(m as u8)
        .day(d as u8)
        .hour((rem / 3600) as u8)
        .minute((rem / 60 % 60) as u8)
        .second((rem % 60) as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn metadata(doc: &PagedDocument, options: &PdfOptions) -> Metadata {
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
    if let Some(t) = options.timestamp {
        md = md.creation_date(date_time(t));
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

/// A rectangle with rounded corners (radius at most half its smaller side).
fn rounded_rect(pos: Point, size: Size, radius: f32) -> Option<krilla::geom::Path> {
    let (x, y, w, h) = (pos.x, pos.y, size.width.max(0.01), size.height.max(0.01));
    let r = radius.clamp(0.0, w.min(h) / 2.0);
    let mut pb = PathBuilder::new();
    if r <= 0.01 {
        pb.push_rect(KRect::from_xywh(x, y, w, h)?);
        return pb.finish();
    }
    // A quarter circle as one cubic: control points this far along the tangents.
    let k = r * (1.0 - 0.552_284_8);
    pb.move_to(x + r, y);
    pb.line_to(x + w - r, y);
    pb.cubic_to(x + w - k, y, x + w, y + k, x + w, y + r);
    pb.line_to(x + w, y + h - r);
    pb.cubic_to(x + w, y + h - k, x + w - k, y + h, x + w - r, y + h);
    pb.line_to(x + r, y + h);
    pb.cubic_to(x + k, y + h, x, y + h - k, x, y + h - r);
    pb.line_to(x, y + r);
    pb.cubic_to(x, y + k, x + k, y, x + r, y);
    pb.close();
    pb.finish()
}

/// Draws a gauge bar: the track, the filled part (clipped to the track inset by
/// `inset`), then the border inside the track's edge.
fn draw_gauge(
    surface: &mut Surface<'_>,
    pos: Point,
    size: Size,
    radius: f32,
    (track, fill_color, fraction): (Rgb, Rgb, f32),
    border: Option<(Rgb, f32)>,
    inset: f32,
) {
    let Some(outer) = rounded_rect(pos, size, radius) else { return };
    surface.set_stroke(None);
    surface.set_fill(Some(fill(track)));
    surface.draw_path(&outer);
    let inner_pos = Point::new(pos.x + inset, pos.y + inset);
    let inner = Size::new(size.width - 2.0 * inset, size.height - 2.0 * inset);
    if fraction > 0.0 && inner.width > 0.0 && inner.height > 0.0 {
        let clip = rounded_rect(inner_pos, inner, (radius - inset).max(0.0));
        let bar = KRect::from_xywh(inner_pos.x, inner_pos.y, inner.width * fraction.min(1.0), inner.height);
        if let (Some(clip), Some(bar)) = (clip, bar) {
            let mut pb = PathBuilder::new();
            pb.push_rect(bar);
            if let Some(bar) = pb.finish() {
                surface.push_clip_path(&clip, &krilla::paint::FillRule::NonZero);
                surface.set_fill(Some(fill(fill_color)));
                surface.draw_path(&bar);
                surface.pop();
            }
        }
    }
    if let Some((color, width)) = border.filter(|(_, w)| *w > 0.0 && size.width > *w && size.height > *w) {
        let half = width / 2.0;
        let edge = rounded_rect(
            Point::new(pos.x + half, pos.y + half),
            Size::new(size.width - width, size.height - width),
            (radius - half).max(0.0),
        );
        if let Some(edge) = edge {
            surface.set_fill(None);
            surface.set_stroke(Some(stroke(color, width)));
            surface.draw_path(&edge);
            surface.set_stroke(None);
        }
    }
    surface.set_fill(None);
}

/// Draws an image; `interpolate` smooths upscaled pixels (PDF/A forbids it).
/// Images were decoded once when loaded (`image::probe`), so krilla's decoding here
/// succeeds; one that does not is left out rather than failing the document.
fn draw_image(surface: &mut Surface<'_>, pos: Point, size: Size, image: &ImageData, interpolate: bool) {
    let Some(ksize) = KSize::from_wh(size.width, size.height) else { return };
    if image.kind == ImageKind::Svg {
        use krilla_svg::{SurfaceExt, SvgSettings};
        let Ok(tree) = crate::image::parse_svg(&image.data) else { return };
        // Filters are drawn as pixels: at a resolution that bounds their work at the
        // size drawn here (it was checked at the image's own size when loaded).
        let pt_per_unit = (size.width / tree.size().width()).max(size.height / tree.size().height());
        let Some(filter_scale) = crate::image::filter_scale(&tree, pt_per_unit) else { return };
        surface.push_transform(&Transform::from_translate(pos.x, pos.y));
        // Text inside an image is drawn as outlines: it is not part of the document's text.
        surface.draw_svg(&tree, ksize, SvgSettings { embed_text: false, filter_scale });
        surface.pop();
        return;
    }
    let data: krilla::Data = image.data.clone().into();
    let decoded = match image.kind {
        ImageKind::Svg => return,
        ImageKind::Png => Image::from_png(data, interpolate),
        ImageKind::Jpeg => Image::from_jpeg(data, interpolate),
        // krilla's GIF decoder has a fixed 50 MB limit and ignores the frame's place
        // on the canvas; cvpdf decodes other GIFs itself (`image::decode_gif`).
        ImageKind::Gif => match crate::image::decode_gif(&image.data) {
            Ok(rgba) if rgba.plain => Image::from_gif(data, interpolate),
            Ok(rgba) => Image::from_custom(Pixels::from(rgba), interpolate),
            Err(e) => Err(e),
        },
        ImageKind::Webp => Image::from_webp(data, interpolate),
    };
    let Ok(img) = decoded else { return };
    surface.push_transform(&Transform::from_translate(pos.x, pos.y));
    surface.draw_image(img, ksize);
    surface.pop();
}

/// Decoded RGBA pixels as krilla's custom image: colour and alpha apart (no alpha
/// when every pixel is opaque), as krilla splits its own decoded GIFs.
#[derive(Clone, Hash)]
struct Pixels {
    color: std::sync::Arc<Vec<u8>>,
    alpha: Option<std::sync::Arc<Vec<u8>>>,
    width: u32,
    height: u32,
}

impl From<crate::image::Rgba> for Pixels {
    fn from(rgba: crate::image::Rgba) -> Self {
        let mut color = Vec::with_capacity(rgba.pixels.len() / 4 * 3);
        let mut alpha = Vec::with_capacity(rgba.pixels.len() / 4);
        for p in rgba.pixels.chunks_exact(4) {
            color.extend_from_slice(&p[..3]);
            alpha.push(p[3]);
        }
        let alpha = alpha.iter().any(|&a| a != 255).then(|| alpha.into());
        Pixels { color: color.into(), alpha, width: rgba.width, height: rgba.height }
    }
}

impl krilla::image::CustomImage for Pixels {
    fn color_channel(&self) -> &[u8] {
        &self.color
    }
    fn alpha_channel(&self) -> Option<&[u8]> {
        self.alpha.as_deref().map(Vec::as_slice)
    }
    fn bits_per_component(&self) -> krilla::image::BitsPerComponent {
        krilla::image::BitsPerComponent::Eight
    }
    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }
    fn color_space(&self) -> krilla::image::ImageColorspace {
        krilla::image::ImageColorspace::Rgb
    }
}

fn draw_text(surface: &mut Surface<'_>, pos: Point, text: &TextItem, doc: &PagedDocument, fonts: &mut [Option<Font>]) {
    let Some(slot) = fonts.get_mut(text.font) else { return };
    if slot.is_none() {
        let face = doc.fonts.face(text.font);
        *slot = Font::new(face.data.clone().into(), face.index);
    }
    let Some(font) = slot.clone() else { return };
    let start = KPoint::from_xy(pos.x, pos.y);
    let glyphs: Vec<PdfGlyph<'_>> = text.glyphs.iter().map(PdfGlyph).collect();
    let words = if text.spaced { word_glyphs(text) } else { None };
    if words.is_some() {
        // Each glyph's own text first goes into the font's character map (drawn into
        // a stream that is never used), so that the word mapping below only becomes
        // the word's marked `ActualText`, never a glyph's mapping.
        let mut scratch = surface.stream_builder();
        let mut s = scratch.surface();
        s.set_fill(Some(fill(text.fill)));
        s.draw_glyphs(start, &glyphs, font.clone(), &text.text, text.size, false);
        s.finish();
        let _unused = scratch.finish();
    }
    surface.set_fill(Some(fill(text.fill)));
    let bold =
        (text.embolden > 0.0).then(|| Stroke { line_join: krilla::paint::LineJoin::Round, ..stroke(text.fill, text.embolden * text.size) });
    surface.set_stroke(bold);
    if text.skew != 0.0 {
        // Leaning about the baseline: x moves right by `skew` per unit above it.
        surface.push_transform(&Transform::from_row(1.0, 0.0, -text.skew, 1.0, text.skew * pos.y, 0.0));
    }
    match &words {
        Some(words) => {
            let glyphs: Vec<PdfGlyph<'_>> = words.iter().map(PdfGlyph).collect();
            surface.draw_glyphs(start, &glyphs, font, &text.text, text.size, false);
        }
        None => surface.draw_glyphs(start, &glyphs, font, &text.text, text.size, false),
    }
    if text.skew != 0.0 {
        surface.pop();
    }
    surface.set_stroke(None);
}

/// The glyphs of letter-spaced text with each word's glyphs standing for the whole
/// word: krilla marks glyphs that share their text as one `ActualText` span, which
/// extractors read as the word, where the gaps between its letters would split it.
/// `None` where nothing changes, or the text does not run left to right.
fn word_glyphs(text: &TextItem) -> Option<Vec<Glyph>> {
    let mut out = text.glyphs.clone();
    if out.windows(2).any(|w| w[1].range.start < w[0].range.start) {
        return None;
    }
    let blank = |g: &Glyph| text.text.get(g.text_range()).is_none_or(|s| s.chars().all(char::is_whitespace));
    let mut changed = false;
    let mut i = 0;
    while i < out.len() {
        if blank(&out[i]) {
            i += 1;
            continue;
        }
        let n = out[i..].iter().take_while(|g| !blank(g)).count();
        let word = out[i].range.start..out[i + n - 1].range.end;
        for g in &mut out[i..i + n] {
            changed |= g.range != word;
            g.range = word.clone();
        }
        i += n;
    }
    changed.then_some(out)
}

/// A laid-out glyph seen through krilla's glyph trait.
struct PdfGlyph<'a>(&'a Glyph);

impl krilla::text::Glyph for PdfGlyph<'_> {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.0.id))
    }
    fn text_range(&self) -> Range<usize> {
        self.0.text_range()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passed_deadline_stops_pdf_writing() {
        let doc = crate::compile("# Ada Example\n\nText.\n", &crate::Options::default()).output.expect("compiles");
        let _deadline = crate::deadline::start(Some(std::time::Duration::ZERO));
        let options = PdfOptions { deadline: Some(std::time::Duration::from_millis(5)), ..PdfOptions::default() };
        let errors = pdf(&doc, &options).expect_err("the deadline has passed");
        assert!(errors[0].message.contains("rendering took longer than 5 ms (stopped while writing the PDF)"), "{:?}", errors[0].message);
    }
}

//! The ATS view: what an applicant tracking system reads from the laid-out pages.
//! [`analyze`] takes the text layer line by line in reading order (the lines of
//! [`text_lines`], what `pdftotext -raw` reads), each with its page and the area
//! it covers, and finds in it the section headings (marked up, or set apart by
//! their look), the contact details ([`contacts`]) and what an extractor loses or
//! garbles ([`WarningKind`]). The pages carry no source spans, so everything is
//! placed by page and area (points, top-left origin, y down).
//!
//! The report serializes (serde) to the JSON the preview page fetches.

pub mod contacts;
mod headings;
mod warnings;

use serde::Serialize;

use crate::layout::{text_lines, PagedDocument, TextLine};
pub use contacts::ContactKind;
pub use headings::HeadingSource;
pub use warnings::WarningKind;

/// What an applicant tracking system reads from a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtsReport {
    /// The size of each page, in points.
    pub pages: Vec<PageSize>,
    /// The text layer in reading order, one entry per line.
    pub lines: Vec<AtsLine>,
    /// The section headings found, in reading order.
    pub headings: Vec<Heading>,
    /// The contact details found, in reading order.
    pub contacts: Vec<Contact>,
    /// What an extractor would lose or garble, in page order.
    pub warnings: Vec<AtsWarning>,
}

/// The size of a page, in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageSize {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// An area of a page, in points from its top-left corner (y down).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Area {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Area {
    /// The bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// The right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    /// The smallest area covering both.
    fn union(self, other: Area) -> Area {
        let (x, y) = (self.x.min(other.x), self.y.min(other.y));
        Area { x, y, width: self.right().max(other.right()) - x, height: self.bottom().max(other.bottom()) - y }
    }

    /// How far the two overlap horizontally (negative: the gap between them).
    fn x_overlap(&self, other: &Area) -> f32 {
        self.right().min(other.right()) - self.x.max(other.x)
    }

    /// Whether the two overlap.
    fn intersects(&self, other: &Area) -> bool {
        self.x_overlap(other) > 0.0 && self.bottom().min(other.bottom()) - self.y.max(other.y) > 0.0
    }
}

/// A line of the text layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtsLine {
    /// The index of its page (0 for the first).
    pub page: usize,
    /// What an extractor reads (the line of `--emit text`).
    pub text: String,
    /// The area its glyphs cover (from the fonts' ascent to their descent).
    pub area: Area,
    /// Page furniture: a header or footer template, a repeated table header. It
    /// is in the text layer, drawn after the page's content (so read after it).
    pub artifact: bool,
}

/// A section heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// The index of its first line in [`AtsReport::lines`].
    pub line: usize,
    /// How many lines it takes.
    pub lines: usize,
    /// Its level (1–6) when it is a Markdown or HTML heading.
    pub level: Option<u8>,
    /// Its text.
    pub text: String,
    /// How it was found.
    pub found: HeadingSource,
}

/// A contact detail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    /// What it is.
    pub kind: ContactKind,
    /// Its text, as the line has it.
    pub text: String,
    /// The index of its line in [`AtsReport::lines`].
    pub line: usize,
    /// Where it starts in the line's text, in characters (Unicode scalar values).
    pub start: usize,
    /// Where it ends in the line's text, in characters.
    pub end: usize,
}

/// Something an extractor would lose or garble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtsWarning {
    /// What it is.
    pub kind: WarningKind,
    /// What happens and what to do, in words.
    pub message: String,
    /// The index of its page.
    pub page: usize,
    /// The area it concerns.
    pub area: Area,
    /// The index of the line it concerns in [`AtsReport::lines`], if it is text.
    pub line: Option<usize>,
}

/// Reads the pages as an applicant tracking system does (see the module's
/// documentation).
pub fn analyze(doc: &PagedDocument) -> AtsReport {
    let text = text_lines(doc);
    let lines: Vec<AtsLine> =
        text.iter().map(|l| AtsLine { page: l.page, text: l.text.clone(), area: area(doc, l), artifact: artifact(l) }).collect();
    let headings = headings::find(doc, &text, &lines);
    let contacts = find_contacts(&lines, &headings);
    let warnings = warnings::find(doc, &text, &lines);
    let pages = doc.pages.iter().map(|p| PageSize { width: p.size.width, height: p.size.height }).collect();
    AtsReport { pages, lines, headings, contacts, warnings }
}

/// The area a line's glyphs cover, from the typographic ascent to the descent.
fn area(doc: &PagedDocument, line: &TextLine<'_>) -> Area {
    let runs = line.runs.iter().map(|(at, t)| {
        let face = doc.fonts.face(t.font);
        let em = t.size / face.units_per_em.max(1.0);
        let (ascent, descent) = (face.typo_ascender * em, face.typo_descender * em);
        Area { x: at.x, y: at.y - ascent, width: t.width(), height: ascent + descent }
    });
    runs.reduce(Area::union).unwrap_or_default()
}

/// Whether all of a line is page furniture (no structure node: an artifact).
fn artifact(line: &TextLine<'_>) -> bool {
    line.runs.iter().all(|(_, t)| t.tag.is_none())
}

/// The contact details of each line, and the places (`City, Region`) among them:
/// in a line with other contact details, or alone in one of the first lines of
/// the first page above its first heading.
fn find_contacts(lines: &[AtsLine], headings: &[Heading]) -> Vec<Contact> {
    /// How many lines at the top of the first page may hold a place on its own.
    const TOP_LINES: usize = 8;
    let first_heading = headings.iter().find(|h| h.line > 0).map_or(usize::MAX, |h| h.line);
    let mut out = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let mut found = contacts::contacts(&line.text);
        let top = line.page == 0 && index < TOP_LINES && index < first_heading;
        if !found.is_empty() || top {
            found.extend(contacts::locations(&line.text).into_iter().map(|r| (ContactKind::Location, r)));
            found.sort_by_key(|(_, r)| r.start);
        }
        let chars = |byte: usize| line.text[..byte].chars().count();
        out.extend(found.into_iter().map(|(kind, r)| Contact {
            kind,
            text: line.text[r.clone()].to_string(),
            line: index,
            start: chars(r.start),
            end: chars(r.end),
        }));
    }
    out
}

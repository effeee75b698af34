//! The text layer of laid-out pages as plain text: what a PDF text extractor (or
//! an applicant tracking system) reads, taken from the pages before they are
//! written, so that no PDF is parsed. [`text_lines`] is the one walk over the
//! pages; [`text_layer`] joins its lines, and the ATS analysis (`crate::ats`)
//! reads them with their runs and places.

use std::borrow::Cow;

use super::{FrameItem, PagedDocument, TextItem};
use crate::geom::Point;

/// How far apart two baselines may be, in ems of the larger text, and still be one
/// line (superscripts, a bigger word in a title row).
const SAME_LINE_EMS: f32 = 0.5;

/// A gap wider than this, in ems, between two runs on one line is a word break.
const WORD_GAP_EMS: f32 = 0.15;

/// One line of the text layer: the runs that follow each other on one baseline in
/// drawing order, and the text they read as.
#[derive(Debug, Clone)]
pub struct TextLine<'a> {
    /// The index of its page.
    pub page: usize,
    /// What an extractor reads: the runs' text joined, with a space where they are
    /// apart, no-break spaces as spaces, trimmed at both ends (never empty), and
    /// without characters no font has (drawn as `.notdef`, which maps to no text).
    pub text: String,
    /// The runs, in drawing order, each with its baseline start. Bridges (see
    /// `bridge`) are left out: they read as the space between two runs.
    pub runs: Vec<(Point, &'a TextItem)>,
}

/// The lines of every page's text in drawing order (the order the content stream
/// has it, which is the reading order: a sidebar's lines, then the main column's),
/// one per laid-out line: runs that follow each other on one baseline are one
/// line. Images and decorations without text are left out (an image's alt text is
/// in the tagged structure, not the text layer).
pub fn text_lines(doc: &PagedDocument) -> Vec<TextLine<'_>> {
    let mut lines: Vec<TextLine<'_>> = Vec::new();
    for (index, page) in doc.pages.iter().enumerate() {
        // The previous run: baseline, right end, size.
        let mut last: Option<(f32, f32, f32)> = None;
        for (pos, item) in &page.items {
            let FrameItem::Text(t) = item else { continue };
            let read = extracted(t);
            let text = read.trim_end_matches(['\n', '\r']);
            // A bridge across a row's gap (see `bridge`) is the space it reads as.
            if text.trim().is_empty() || text == super::bridge::BRIDGE {
                continue;
            }
            let (y, x, end) = (pos.y, pos.x, pos.x + t.width());
            let line = match (last, lines.last_mut()) {
                (Some((ly, lend, lsize)), Some(line))
                    if (y - ly).abs() <= SAME_LINE_EMS * lsize.max(t.size) && x >= lend - WORD_GAP_EMS * t.size =>
                {
                    let apart = x - lend > WORD_GAP_EMS * t.size.min(lsize);
                    if apart && !line.text.ends_with(char::is_whitespace) && !text.starts_with(char::is_whitespace) {
                        line.text.push(' ');
                    }
                    line.text.push_str(text);
                    line
                }
                _ => {
                    lines.push(TextLine { page: index, text: text.trim_start().to_string(), runs: Vec::new() });
                    let Some(line) = lines.last_mut() else { continue };
                    line
                }
            };
            line.runs.push((*pos, t));
            last = Some((y, end, t.size));
        }
    }
    for line in &mut lines {
        // No-break spaces read as spaces (as pdftotext has them): a diff shows none.
        let text: String = line.text.chars().map(|c| if is_no_break_space(c) { ' ' } else { c }).collect();
        line.text = in_reading_order(text.trim_end_matches([' ', '\t'])).into_owned();
    }
    lines
}

/// The text of a run as an extractor reads it: without the characters drawn as
/// the font's `.notdef` (glyph 0, a character no font has), which the PDF maps to
/// no text.
fn extracted(run: &TextItem) -> Cow<'_, str> {
    if run.glyphs.iter().all(|g| g.id != 0) {
        return Cow::Borrowed(&run.text);
    }
    let missing: Vec<std::ops::Range<usize>> = run.glyphs.iter().filter(|g| g.id == 0).map(|g| g.text_range()).collect();
    run.text.char_indices().filter(|(i, _)| !missing.iter().any(|r| r.contains(i))).map(|(_, c)| c).collect()
}

/// The line with its right-to-left letters in reading order. A right-to-left
/// run's text is in drawing order, its characters reversed (see `inline`), and
/// extractors (pdftotext) put each run of right-to-left letters back in reading
/// order, keeping the runs (words) in drawing order: so does this.
fn in_reading_order(text: &str) -> Cow<'_, str> {
    use unicode_bidi::{bidi_class, BidiClass};
    // Marks go with the letters they sit on (before them, in drawing order).
    let rtl = |c: char| matches!(bidi_class(c), BidiClass::R | BidiClass::AL | BidiClass::NSM);
    if !text.chars().any(|c| matches!(bidi_class(c), BidiClass::R | BidiClass::AL)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    for c in text.chars() {
        if rtl(c) {
            run.push(c);
        } else {
            out.extend(run.drain(..).rev());
            out.push(c);
        }
    }
    out.extend(run.drain(..).rev());
    Cow::Owned(out)
}

/// A no-break space of some width.
fn is_no_break_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}')
}

/// The text of every page, one line per [`text_lines`] line, and each page ending
/// with a form feed. This is what `pdftotext -raw` reads from the PDF.
pub fn text_layer(doc: &PagedDocument) -> String {
    let lines = text_lines(doc);
    let mut out = String::new();
    let mut next = lines.iter().peekable();
    for index in 0..doc.pages.len() {
        while let Some(line) = next.next_if(|l| l.page == index) {
            out.push_str(&line.text);
            out.push('\n');
        }
        out.push('\u{c}');
    }
    out
}

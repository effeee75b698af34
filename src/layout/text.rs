//! The text layer of laid-out pages as plain text: what a PDF text extractor (or
//! an applicant tracking system) reads, taken from the pages before they are
//! written, so that no PDF is parsed.

use super::{FrameItem, PagedDocument};

/// How far apart two baselines may be, in ems of the larger text, and still be one
/// line (superscripts, a bigger word in a title row).
const SAME_LINE_EMS: f32 = 0.5;

/// A gap wider than this, in ems, between two runs on one line is a word break.
const WORD_GAP_EMS: f32 = 0.15;

/// The text of every page in drawing order (the order the content stream has it,
/// which is the reading order: a sidebar's lines, then the main column's), one
/// line per laid-out line: runs that follow each other on one baseline are joined,
/// with a space where they are apart, and each page ends with a form feed. This is
/// what `pdftotext -raw` reads from the PDF. Images and decorations without text
/// are left out (an image's alt text is in the tagged structure, not the text
/// layer).
pub fn text_layer(doc: &PagedDocument) -> String {
    let mut out = String::new();
    for page in &doc.pages {
        // The previous run: baseline, right end, size.
        let mut last: Option<(f32, f32, f32)> = None;
        for (pos, item) in &page.items {
            let FrameItem::Text(t) = item else { continue };
            let text = t.text.trim_end_matches(['\n', '\r']);
            // A bridge across a row's gap (see `bridge`) is the space it reads as.
            if text.trim().is_empty() || text == super::bridge::BRIDGE {
                continue;
            }
            let (y, x, end) = (pos.y, pos.x, pos.x + t.width());
            match last {
                Some((ly, lend, lsize)) if (y - ly).abs() <= SAME_LINE_EMS * lsize.max(t.size) && x >= lend - WORD_GAP_EMS * t.size => {
                    let apart = x - lend > WORD_GAP_EMS * t.size.min(lsize);
                    if apart && !out.ends_with(char::is_whitespace) && !text.starts_with(char::is_whitespace) {
                        out.push(' ');
                    }
                }
                Some(_) => {
                    trim_line_end(&mut out);
                    out.push('\n');
                }
                None => {}
            }
            let text = if last.is_none() || out.ends_with('\n') { text.trim_start() } else { text };
            // No-break spaces read as spaces (as pdftotext has them): a diff shows none.
            out.extend(text.chars().map(|c| if matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}') { ' ' } else { c }));
            last = Some((y, end, t.size));
        }
        trim_line_end(&mut out);
        if last.is_some() {
            out.push('\n');
        }
        out.push('\u{c}');
    }
    out
}

/// Drops the spaces at the end of the last line.
fn trim_line_end(out: &mut String) {
    let kept = out.trim_end_matches([' ', '\t']).len();
    out.truncate(kept);
}

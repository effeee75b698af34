//! cvpdf: Markdown résumé to PDF.
//!
//! The pipeline, one data type per stage, flowing one way:
//! source → [`front_matter`] + [`model`] → [`style`] → [`layout`] → [`pdf`].
//! The library computes and returns diagnostics; it never prints or touches files.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diag;
pub mod font;
pub mod front_matter;
pub mod geom;
pub mod layout;
pub mod model;
pub mod pdf;
pub mod style;

use diag::{DiagResult, Diagnostic, Warned};
use layout::PagedDocument;

/// Everything the library needs besides the Markdown text.
#[derive(Debug, Clone, Default)]
pub struct Options {}

/// Parses, styles and lays out a Markdown source (front matter included).
pub fn compile(source: &str, options: &Options) -> Warned<DiagResult<PagedDocument>> {
    let _ = options;
    let Warned { output, mut warnings } = front_matter::parse(source);
    let fm = match output {
        Ok(fm) => fm,
        Err(errors) => return Warned { output: Err(errors), warnings },
    };
    let body_start = diag::floor_char_boundary(source, fm.body_start);
    let (doc, w) = model::build(&source[body_start..], body_start);
    warnings.extend(w);
    let theme = style::Theme::default();
    let (styled, w) = style::cascade(&doc, &fm, &theme);
    warnings.extend(w);
    let (paged, w) = layout::layout(&styled, font::FontBook::bundled());
    warnings.extend(w);
    Warned { output: Ok(paged), warnings }
}

/// Renders a Markdown source (front matter included) to PDF bytes.
pub fn render(source: &str, options: &Options) -> Warned<DiagResult<Vec<u8>>> {
    let Warned { output, warnings } = compile(source, options);
    let output = output.and_then(|doc| pdf::pdf(&doc));
    Warned { output, warnings }
}

/// Sorts diagnostics by position, errors and warnings interleaved, for printing.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
}

//! cvpdf: Markdown résumé to PDF.
//!
//! The pipeline, one data type per stage, flowing one way:
//! source → [`front_matter`] + [`model`] → [`style`] → [`layout`] → [`pdf`].
//! The library computes and returns diagnostics; it never prints or touches files.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod diag;
pub mod front_matter;
pub mod geom;

use diag::{DiagResult, Warned};

/// Everything the library needs besides the Markdown text.
#[derive(Debug, Clone, Default)]
pub struct Options {}

/// Renders a Markdown source (front matter included) to PDF bytes.
pub fn render(source: &str, options: &Options) -> Warned<DiagResult<Vec<u8>>> {
    let _ = (source, options);
    todo!("pipeline")
}

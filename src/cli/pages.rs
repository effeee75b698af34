//! `-o NAME.svg` and `-o NAME.png`: the pages as images instead of a PDF, one file
//! per page (`NAME-1.svg`, `NAME-2.svg`, …), made by [`cvpdf::svg`] from the same
//! laid-out pages the PDF is written from.

use std::path::{Path, PathBuf};

use cvpdf::diag::{DiagResult, Diagnostic};
use cvpdf::layout::PagedDocument;

use super::plan::{Output, Plan, UsageError};
use super::report::reason;

/// An image format for the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// SVG, glyphs as paths.
    Svg,
    /// PNG, the SVG drawn at a resolution.
    Png,
}

/// The image format an output path asks for by its extension (any case), if any.
pub fn format(path: &Path) -> Option<Format> {
    let ext = path.extension()?;
    if ext.eq_ignore_ascii_case("svg") {
        Some(Format::Svg)
    } else if ext.eq_ignore_ascii_case("png") {
        Some(Format::Png)
    } else {
        None
    }
}

/// The file of page `n` (from 1): `NAME-n.EXT` beside `path`. Every page is numbered,
/// a single one too, so that the first page's name does not change as the document
/// grows.
pub fn page_path(path: &Path, n: usize) -> PathBuf {
    path.with_file_name(page_name(path, &n.to_string()))
}

/// The file name of page `n` of `path` (`n` may be a placeholder).
fn page_name(path: &Path, n: &str) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{stem}-{n}.{ext}")
}

/// Applies `--ppi` to a planned batch: it is the resolution of PNG pages, so it needs
/// `-o NAME.png`.
pub fn plan(plan: Plan, ppi: Option<u32>) -> Result<Plan, UsageError> {
    let Plan::Batch(mut batch) = plan else { return Ok(plan) };
    if let Some(ppi) = ppi {
        let png = batch.jobs.iter().any(|j| matches!(&j.output, Output::File(p) if format(p) == Some(Format::Png)));
        if !png {
            return Err(UsageError("--ppi is the resolution of PNG pages: pass -o NAME.png with it".into()));
        }
        batch.ppi = ppi;
    }
    Ok(Plan::Batch(batch))
}

/// Page files: each one's path and bytes.
pub type Files = Vec<(PathBuf, Vec<u8>)>;

/// The page files of a document for `-o path`, and the warnings of the SVG writer.
pub fn render(doc: &PagedDocument, path: &Path, ppi: u32) -> DiagResult<(Files, Vec<Diagnostic>)> {
    let Some(format) = format(path) else { return Ok((Vec::new(), Vec::new())) };
    // A link to another page's `#name` target goes to that page's file, beside this one.
    let href: String = page_name(path, "{page}")
        .chars()
        .map(|c| match c {
            ' ' | '#' | '%' | '?' | '"' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect();
    let options = cvpdf::svg::SvgOptions { page_href: Some(href), ..Default::default() };
    let svgs = cvpdf::svg::pages(doc, &options);
    let mut files = Vec::with_capacity(svgs.output.len());
    for (i, svg) in svgs.output.into_iter().enumerate() {
        let bytes = match format {
            Format::Svg => svg.into_bytes(),
            Format::Png => cvpdf::svg::png(&svg, ppi as f32)?,
        };
        files.push((page_path(path, i + 1), bytes));
    }
    Ok((files, svgs.warnings))
}

/// Writes the page files, each atomically, creating the missing folders above them.
pub fn write(files: &[(PathBuf, Vec<u8>)]) -> Result<(), String> {
    for (path, bytes) in files {
        super::write::create_parent(path)
            .and_then(|()| super::write::write_output(path, bytes))
            .map_err(|e| format!("failed to write `{}` ({})", path.display(), reason(&e)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_numbered_beside_the_output() {
        assert_eq!(page_path(Path::new("out/cv.svg"), 1), PathBuf::from("out/cv-1.svg"));
        assert_eq!(page_path(Path::new("cv.v2.PNG"), 12), PathBuf::from("cv.v2-12.PNG"));
        assert_eq!(format(Path::new("a.Svg")), Some(Format::Svg));
        assert_eq!(format(Path::new("a.pdf")), None);
    }
}

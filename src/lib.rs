//! cvpdf: Markdown résumé to PDF.
//!
//! The pipeline, one data type per stage, flowing one way:
//! source → [`front_matter`] + [`model`] → [`style`] → [`layout`] → [`pdf`](mod@pdf).
//! The library computes and returns diagnostics; it never prints, and it touches no
//! file and no environment variable: files the document names come through
//! [`Options::loader`], system fonts through [`Options::system_fonts`], both given
//! by the caller (the `cvpdf` binary, built with the default `cli` feature).
//!
//! [`render`] is [`compile`] (to laid-out pages) then [`pdf()`] (to bytes); [`svg`]
//! writes the same pages as SVG and PNG images instead. A caller that wants to look
//! at the pages too calls both, inside one [`deadline()`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod ats;
pub mod color;
pub mod date;
mod deadline;
pub mod diag;
pub mod encoding;
pub mod font;
pub mod front_matter;
pub mod geom;
pub mod image;
pub mod layout;
mod link;
pub mod model;
pub mod pdf;
pub mod style;
pub mod svg;
#[cfg(test)]
mod testing;
pub mod units;

mod header;

use std::sync::Arc;

use diag::{DiagResult, Diagnostic, Warned};
use layout::PagedDocument;

/// Reads a file named by the document (a stylesheet, an image, a font), relative to
/// the document's folder. The binary provides it and decides what may be read.
pub type Loader = Arc<dyn Fn(&str) -> Result<Vec<u8>, String> + Send + Sync>;

/// Everything the library needs besides the Markdown text.
#[derive(Clone, Default)]
pub struct Options {
    /// The date printed by `<span class="date">` in headers and footers.
    pub date: Option<String>,
    /// The document URL printed by `<span class="url">`.
    pub url: Option<String>,
    /// Reads files the document refers to; `None` reads nothing.
    pub loader: Option<Loader>,
    /// Fonts for characters no bundled font has (the binary's finder of system
    /// fonts); `None` uses the bundled fonts only (what tests do, for output that is
    /// the same on every machine).
    pub system_fonts: Option<Arc<dyn font::FontSource>>,
    /// Write a tagged PDF (the logical structure: headings, paragraphs, lists,
    /// tables, figures). Off by default: it makes a résumé about 60% larger. Front
    /// matter can also ask for it (`pdf_options.tagged`).
    pub tagged: bool,
    /// Write PDF/A-2b; front matter can also ask for it (`pdf_options.pdfa`).
    pub pdfa: bool,
    /// Shrink type and spacing until the document fits this many pages (over the
    /// front matter's `fit_pages`).
    pub fit_pages: Option<u32>,
    /// The PDF's creation date, in seconds since the Unix epoch; `None` writes none
    /// (the binary takes it from `SOURCE_DATE_EPOCH`).
    pub timestamp: Option<i64>,
    /// Pass `http://` and `https://` stylesheets and images to the loader instead of
    /// refusing them (the binary's `--allow-remote`; the loader does the fetching).
    /// Front matter cannot turn this on.
    pub remote: bool,
    /// Give up with an error once rendering has taken this long (checked between
    /// stages, and inside the long loops of a stage: see `deadline`).
    pub deadline: Option<std::time::Duration>,
    /// Values under the document's front matter (the binary's configuration file).
    pub defaults: front_matter::Settings,
    /// Values over the document's front matter (the binary's command-line flags).
    pub overrides: front_matter::Settings,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("date", &self.date)
            .field("url", &self.url)
            .field("loader", &self.loader.is_some())
            .field("system_fonts", &self.system_fonts)
            .field("timestamp", &self.timestamp)
            .field("tagged", &self.tagged)
            .field("pdfa", &self.pdfa)
            .field("fit_pages", &self.fit_pages)
            .field("remote", &self.remote)
            .field("deadline", &self.deadline)
            .field("defaults", &self.defaults)
            .field("overrides", &self.overrides)
            .finish()
    }
}

/// Sources longer than this many bytes are refused with an error (a résumé is a few
/// kilobytes; this bounds the work and memory of every stage).
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// Documents that lay out to more than this many pages are an error, not a PDF.
pub const MAX_PAGES: usize = 2000;

/// Parses, styles and lays out a Markdown source (front matter included).
pub fn compile(source: &str, options: &Options) -> Warned<DiagResult<PagedDocument>> {
    let _deadline = deadline(options);
    let late = |stage: &str| -> Option<Vec<Diagnostic>> {
        let limit = options.deadline?;
        deadline::passed().then(|| {
            vec![Diagnostic::error(None, format!("rendering took longer than {} ms (stopped after {stage})", limit.as_millis()))
                .with_hint("the document is too large or too complex to render in time")]
        })
    };
    if source.len() > MAX_INPUT_BYTES {
        let d = Diagnostic::error(None, format!("the document is larger than {} MB", MAX_INPUT_BYTES / 1024 / 1024))
            .with_hint("a résumé is a few kilobytes; split the file or remove embedded data");
        return Warned { output: Err(vec![d]), warnings: vec![] };
    }
    let Warned { output, mut warnings } = front_matter::parse_with(source, &options.defaults, &options.overrides);
    let fm = match output {
        Ok(fm) => fm,
        Err(errors) => return Warned { output: Err(errors), warnings },
    };
    let body_start = diag::floor_char_boundary(source, fm.body_start);
    let (doc, w) = model::build(&source[body_start..], body_start);
    warnings.extend(w);
    if let Some(e) = late("reading the Markdown") {
        return Warned { output: Err(e), warnings };
    }
    let theme = style::Theme::default();
    let (styled, w) = style::cascade_with_remote(&doc, &fm, &theme, options.loader.as_ref(), source, options.remote);
    // The styled document holds everything layout needs; the tree is a third of a
    // long document's memory at the peak, during layout.
    drop(doc);
    warnings.extend(w);
    if let Some(e) = late("styling") {
        return Warned { output: Err(e), warnings };
    }
    let user_fonts = user_fonts(&fm, &styled, options, &mut warnings);
    let bundled = font::FontBook::bundled();
    let font_chars = styled.chars_for_fonts(|c, s| bundled.face(bundled.select(s.family, s.bold, s.italic)).has_char(c));
    let (fonts, w) = font::FontBook::for_text(&font_chars, options.system_fonts.as_deref(), styled.meta.lang.as_deref(), &user_fonts);
    warnings.extend(w);
    // A page that can be laid out and written (layout checks it again; headers and
    // footers use it too).
    let mut styled = styled;
    warnings.extend(layout::check_page(&mut styled.page));
    let page_setup = styled.page;
    let (mut paged, w) = match options.fit_pages.or(fm.fit_pages) {
        Some(n) => match fit(&styled, &fonts, n as usize, fm.fit_floor.unwrap_or(DEFAULT_FIT_FLOOR)) {
            Ok(r) => r,
            Err(e) => return Warned { output: Err(vec![e]), warnings },
        },
        None => layout::layout_owned(styled, fonts),
    };
    let (errors, w): (Vec<Diagnostic>, Vec<Diagnostic>) = w.into_iter().partition(Diagnostic::is_error);
    warnings.extend(w);
    if !errors.is_empty() {
        return Warned { output: Err(errors), warnings };
    }
    if let Some(e) = late("layout") {
        return Warned { output: Err(e), warnings };
    }
    if paged.pages.len() > MAX_PAGES {
        // (Layout stops filling pages once it passes the limit.)
        let d = Diagnostic::error(None, format!("the document takes more than the limit of {MAX_PAGES} pages"))
            .with_hint("a résumé is a page or two; look for runaway page breaks or generated content");
        return Warned { output: Err(vec![d]), warnings };
    }
    if let Some(s) = paged.fit_scale {
        warnings.push(Diagnostic::note(format!(
            "scaled type and spacing to {:.1}% to fit {} page{}",
            s * 100.0,
            paged.pages.len(),
            if paged.pages.len() == 1 { "" } else { "s" }
        )));
    }
    warnings.extend(header::decorate(&mut paged, &fm, &page_setup, options));
    warnings.extend(layout::drop_impossible_items(&mut paged.pages));
    if let Some(spec) = &fm.page.page_ranges {
        match page_ranges(spec, paged.pages.len()) {
            Ok(keep) => {
                // Each page's index among the pages kept, if it is kept.
                let mut new_index = vec![None; paged.pages.len()];
                for (i, &k) in keep.iter().enumerate() {
                    if let Some(slot) = new_index.get_mut(k - 1) {
                        *slot = Some(i);
                    }
                }
                let pages = std::mem::take(&mut paged.pages);
                paged.pages = pages.into_iter().zip(&new_index).filter(|(_, n)| n.is_some()).map(|(p, _)| p).collect();
                // Bookmarks follow their pages; those on pages left out go.
                paged.outline.retain(|e| new_index.get(e.page).is_some_and(Option::is_some));
                for e in &mut paged.outline {
                    e.page = new_index.get(e.page).copied().flatten().unwrap_or(0);
                }
            }
            Err(e) => warnings.push(
                Diagnostic::warning(None, format!("`pageRanges: {spec}` is ignored ({e})"))
                    .with_hint("write page numbers and ranges like `1-2, 4`"),
            ),
        }
    }
    Warned { output: Ok(paged), warnings }
}

/// The font files the front matter names (`fonts`), read through the loader (the
/// binary's); one that cannot be read, parsed or embedded is a warning.
fn user_fonts(
    fm: &front_matter::FrontMatter,
    styled: &style::StyledDocument,
    options: &Options,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<font::FontFace> {
    let mut user_fonts = Vec::new();
    let chars = if fm.fonts.is_empty() { Default::default() } else { styled.chars() };
    for name in &fm.fonts {
        let loaded = match &options.loader {
            Some(load) => load(name),
            None => Err("no files can be read here".into()),
        };
        match loaded.map(|data| font::FontBook::user_face(name, data)) {
            // A font the PDF writer cannot embed is left out (the bundled fonts draw
            // what they can) rather than failing the document.
            Ok(Some(face)) => match pdf::check_font(&face, &chars) {
                Ok(()) => user_fonts.push(face),
                Err(e) => warnings.push(
                    Diagnostic::warning(None, format!("font `{name}` is not used: it cannot be embedded in a PDF ({e})"))
                        .with_hint("check the file with a font tool, or use another font"),
                ),
            },
            Ok(None) => warnings.push(Diagnostic::warning(None, format!("font `{name}` is not a font cvpdf can read"))),
            Err(e) => warnings.push(Diagnostic::warning(None, format!("font `{name}` is not used: {e}"))),
        }
    }
    user_fonts
}

/// Renders a Markdown source (front matter included) to PDF bytes: [`compile`], then
/// [`pdf()`].
pub fn render(source: &str, options: &Options) -> Warned<DiagResult<Vec<u8>>> {
    let _deadline = deadline(options);
    let Warned { output, warnings } = compile(source, options);
    Warned { output: output.and_then(|doc| pdf(doc, options)), warnings }
}

/// Writes a document [`compile`] laid out as PDF bytes (tagged, PDF/A and the
/// creation date as `options` and the front matter ask).
pub fn pdf(doc: PagedDocument, options: &Options) -> DiagResult<Vec<u8>> {
    let _deadline = deadline(options);
    if let Some(limit) = options.deadline {
        if deadline::passed() {
            return Err(vec![Diagnostic::error(
                None,
                format!("rendering took longer than {} ms (stopped before writing the PDF)", limit.as_millis()),
            )
            .with_hint("the document is too large or too complex to render in time")]);
        }
    }
    let pdfa = options.pdfa || doc.meta.pdfa;
    // PDF/A needs a creation date: SOURCE_DATE_EPOCH (via the binary), else the
    // front matter's `date`.
    let timestamp = options.timestamp.or_else(|| if pdfa { doc.meta.date.as_deref().and_then(date::parse) } else { None });
    if pdfa && timestamp.is_none() {
        return Err(vec![Diagnostic::error(None, "PDF/A-2b needs a creation date and the document has none")
            .with_hint("add `date: 2026-01-31` to the front matter, or set SOURCE_DATE_EPOCH")]);
    }
    let pdf_options = pdf::PdfOptions { timestamp, tagged: options.tagged || doc.meta.tagged, pdfa, deadline: options.deadline };
    pdf::pdf_owned(doc, &pdf_options)
}

/// Starts `options.deadline` on this thread until the guard is dropped, so that
/// [`compile`] and [`pdf()`] called one after the other share it, as in [`render`]
/// (each alone starts its own; a deadline already running is kept when it ends
/// earlier).
pub fn deadline(options: &Options) -> DeadlineGuard {
    DeadlineGuard { _held: deadline::start(options.deadline) }
}

/// Holds a render deadline while it lives (see [`deadline()`]).
#[must_use = "the deadline holds only while the guard lives"]
pub struct DeadlineGuard {
    _held: deadline::Guard,
}

impl std::fmt::Debug for DeadlineGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeadlineGuard")
    }
}

/// The smallest scale `fit_pages` uses unless `fit_floor` says otherwise.
pub const DEFAULT_FIT_FLOOR: f32 = 0.7;

/// Lays out the document at the largest scale (at most 1, at least `floor`) at which
/// it takes at most `pages` pages. Type and spacing shrink; page and margins stay.
/// The scale used is in `PagedDocument::fit_scale`.
fn fit(
    styled: &style::StyledDocument,
    fonts: &Arc<font::FontBook>,
    pages: usize,
    floor: f32,
) -> Result<(PagedDocument, Vec<Diagnostic>), Diagnostic> {
    let base = styled.page.scale;
    let at = |s: f32| {
        let mut st = styled.clone();
        st.page.scale = base * s;
        layout::layout(&st, fonts.clone())
    };
    let full = at(1.0);
    if full.0.pages.len() <= pages {
        return Ok(full);
    }
    let lowest = at(floor);
    if lowest.0.pages.len() > pages {
        return Err(Diagnostic::error(
            None,
            format!(
                "the document does not fit {pages} page{} even at {:.0}%: it takes {} pages there",
                if pages == 1 { "" } else { "s" },
                floor * 100.0,
                lowest.0.pages.len()
            ),
        )
        .with_hint("shorten it, allow more pages, or lower `fit_floor` (the smallest scale, 0.3–1)"));
    }
    // Binary search for the largest scale that fits, to half a percent.
    let (mut lo, mut hi, mut best) = (floor, 1.0f32, lowest);
    while hi - lo > 0.005 {
        let mid = (lo + hi) / 2.0;
        let r = at(mid);
        if r.0.pages.len() <= pages {
            lo = mid;
            best = r;
        } else {
            hi = mid;
        }
    }
    best.0.fit_scale = Some(lo);
    Ok(best)
}

/// The 1-based page numbers a Chrome-style `pageRanges` value selects, in order. Time
/// is linear in the value and the page count, however many parts and however wide
/// their ranges (each range only marks where it starts and ends).
fn page_ranges(spec: &str, pages: usize) -> Result<Vec<usize>, String> {
    // +1 where a range starts, -1 after it ends: a page is kept if more start than end
    // at or before it.
    let mut edges = vec![0i64; pages + 2];
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let num = |s: &str, default: usize| -> Result<usize, String> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(default);
            }
            s.parse::<usize>().map_err(|_| format!("`{s}` is not a page number"))
        };
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (num(a, 1)?, num(b, pages)?),
            None => {
                let n = num(part, 1)?;
                (n, n)
            }
        };
        if a == 0 || a > b || a > pages {
            return Err(format!("`{part}` is outside pages 1-{pages}"));
        }
        edges[a] += 1;
        edges[b.min(pages) + 1] -= 1;
    }
    let mut open = 0;
    let mut keep = Vec::new();
    for (n, e) in edges.iter().enumerate().take(pages + 1) {
        open += e;
        if open > 0 {
            keep.push(n);
        }
    }
    if keep.is_empty() {
        return Err("it selects no page".into());
    }
    Ok(keep)
}

/// Sorts diagnostics by position, errors and warnings interleaved, for printing.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compile_then_pdf_is_render() {
        let src = "---\ntitle: Ada Example\n---\n# Ada Example\n\nEngineer. *Analytical* engines.\n";
        let options = Options { tagged: true, ..Options::default() };
        let rendered = render(src, &options).output.expect("renders");
        let _deadline = deadline(&options);
        let doc = compile(src, &options).output.expect("compiles");
        assert_eq!(pdf(doc, &options).expect("writes"), rendered);
    }

    #[test]
    fn pdf_keeps_the_deadline_it_shares_with_compile() {
        let options = Options { deadline: Some(std::time::Duration::from_secs(3600)), ..Options::default() };
        let doc = compile("# Ada Example\n", &options).output.expect("compiles");
        // A deadline already running that has passed stops the writing.
        let passed = Options { deadline: Some(std::time::Duration::ZERO), ..Options::default() };
        let _deadline = deadline(&passed);
        let errors = pdf(doc, &options).expect_err("the deadline passed");
        assert!(errors[0].message.contains("stopped before writing the PDF"), "{errors:?}");
    }

    #[test]
    fn page_ranges_select_pages() {
        assert_eq!(page_ranges("1-2, 4", 5), Ok(vec![1, 2, 4]));
        assert_eq!(page_ranges("3-", 4), Ok(vec![3, 4]));
        assert!(page_ranges("7", 4).is_err());
        assert!(page_ranges("x", 4).is_err());
        assert_eq!(page_ranges("4, 2-3, 3, 1-1, 2-", 5), Ok(vec![1, 2, 3, 4, 5]), "overlaps count once, in page order");
        assert!(page_ranges("0-2", 4).is_err() && page_ranges("3-2", 4).is_err());
    }

    #[test]
    fn page_ranges_take_linear_time() {
        // 15,000 parts each over 2,000 pages: 30 million `contains` calls on a list of
        // up to 2,000 pages before (minutes in a debug build).
        let spec = vec!["1-2000"; 15_000].join(",");
        let start = std::time::Instant::now();
        assert_eq!(page_ranges(&spec, 2000).map(|k| k.len()), Ok(2000));
        // A range as wide as a number can be is not walked page by page.
        assert_eq!(page_ranges("2-999999999999999", 3), Ok(vec![2, 3]));
        assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    }
}

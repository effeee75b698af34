//! Front matter: finds the YAML (`---`) or TOML (`+++`) block at the very start of the
//! source, and turns it into typed options plus warnings.
//!
//! One job per file: `block` finds the block, `yaml` and `toml` parse it into the value
//! tree of `tree`, `read` converts values to types, `keys` dispatches the top-level
//! keys, `page` reads page sizes, margins and `pdf_options`, `settings` reads a
//! configuration file's text the same way ([`parse_settings`]); this file has the types
//! and the entry points ([`parse`], [`parse_with`]) with defaults and overrides.

mod block;
mod keys;
mod page;
mod read;
mod settings;
mod toml;
mod tree;
mod yaml;

pub use crate::units::{parse_length, MAX_LENGTH_PT};
pub use page::{format_size, FORMATS, MIN_PAGE_SIDE_PT};
pub use settings::{parse_settings, SETTINGS_KEYS};

use crate::diag::{DiagResult, Diagnostic, Warned};
use crate::geom::{Sides, Size, PT_PER_MM};
use block::{find_block, Found};
use keys::read_top_level;
use page::{finish_page, PageInput};
use read::Cx;

/// Which syntax the front matter was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// YAML between `---` lines (closed by `---` or `...`).
    Yaml,
    /// TOML between `+++` lines (Hugo).
    Toml,
}

/// The typed result of reading the front matter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FrontMatter {
    /// Syntax of the block, or `None` if the source has no front matter.
    pub syntax: Option<Syntax>,
    /// Byte offset in the source where the Markdown body starts (after the closing line).
    pub body_start: usize,
    /// Page and PDF options (`pdf_options` in md-to-pdf).
    pub page: PageOptions,
    /// Document metadata.
    pub meta: Meta,
    /// Inline CSS (`css`).
    pub css: Option<String>,
    /// Stylesheet paths or URLs (`stylesheet`, string or list), in order.
    pub stylesheets: Vec<String>,
    /// Classes put on the root element (`body_class`, string or list).
    pub body_class: Vec<String>,
    /// Built-in theme name (`theme`).
    pub theme: Option<String>,
    /// `page_media_type` (md-to-pdf; `screen` by default).
    pub page_media_type: Option<String>,
    /// `fonts`: font files next to the document, used after the bundled and system
    /// fonts for characters none of them has.
    pub fonts: Vec<String>,
    /// `outline_depth`: headings down to this level (0–6) become PDF bookmarks;
    /// `None` when absent (3 is used), 0 for no bookmarks.
    pub outline_depth: Option<u8>,
    /// `fit_pages`: shrink type and spacing until the document fits this many pages.
    pub fit_pages: Option<u32>,
    /// `fit_floor`: the smallest scale `fit_pages` may use (0.3–1, default 0.7).
    pub fit_floor: Option<f32>,
    /// `max_pages`: the most pages the document should have (`cvpdf check` warns
    /// when it has more); `None` when absent.
    pub max_pages: Option<u32>,
}

/// Values that sit under the document's own front matter (`defaults`, from a
/// configuration file) or over it (`overrides`, from command-line flags). `None` or
/// empty leaves the value alone. The binary builds them; the library reads no file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// Page size, portrait (as `format`).
    pub format: Option<Size>,
    /// `landscape`.
    pub landscape: Option<bool>,
    /// Margins in points.
    pub margin: Option<Sides<f32>>,
    /// `theme`.
    pub theme: Option<String>,
    /// `css` (text); as a default it gives way to the document's `css`, as an
    /// override it is added after it.
    pub css: Option<String>,
    /// `stylesheet` paths, relative to the document.
    pub stylesheets: Vec<String>,
    /// `document_title`.
    pub title: Option<String>,
    /// `headerTemplate` (HTML).
    pub header_template: Option<String>,
    /// `footerTemplate` (HTML).
    pub footer_template: Option<String>,
    /// `max_pages`.
    pub max_pages: Option<u32>,
}

/// Page geometry and PDF options, with md-to-pdf's names and defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct PageOptions {
    /// Page size in points, with `landscape` already applied.
    pub size: Size,
    /// Margins in points. Default 30mm 40mm 30mm 20mm (top right bottom left).
    pub margin: Sides<f32>,
    /// `landscape`.
    pub landscape: bool,
    /// `printBackground`.
    pub print_background: bool,
    /// `scale` (0.1–2, default 1).
    pub scale: f32,
    /// `displayHeaderFooter` as given (`None` if absent).
    pub display_header_footer: Option<bool>,
    /// `headerTemplate`.
    pub header_template: Option<String>,
    /// `footerTemplate`.
    pub footer_template: Option<String>,
    /// `pageRanges`.
    pub page_ranges: Option<String>,
    /// `preferCSSPageSize`.
    pub prefer_css_page_size: bool,
    /// `omitBackground`.
    pub omit_background: bool,
    /// `tagged`: write a tagged PDF (Chrome's name for it).
    pub tagged: bool,
    /// `pdfa`: write PDF/A-2b.
    pub pdfa: bool,
}

/// Document metadata, from md-to-pdf and site-generator keys.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// `document_title`.
    pub document_title: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `author` (a list is joined with ", ").
    pub author: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `keywords` and `tags`.
    pub keywords: Vec<String>,
    /// `date`, as written.
    pub date: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
}

/// A4 in points.
pub const A4: Size = Size::new(595.28, 841.89);

// ---------------------------------------------------------------------------
// Defaults and constants
// ---------------------------------------------------------------------------

impl Default for PageOptions {
    fn default() -> Self {
        Self {
            size: A4,
            margin: default_margin(),
            landscape: false,
            // md-to-pdf's default configuration prints backgrounds.
            print_background: true,
            scale: 1.0,
            display_header_footer: None,
            header_template: None,
            footer_template: None,
            page_ranges: None,
            prefer_css_page_size: false,
            omit_background: false,
            tagged: false,
            pdfa: false,
        }
    }
}

/// md-to-pdf's default margin: 30mm 40mm 30mm 20mm (top right bottom left).
pub(super) fn default_margin() -> Sides<f32> {
    Sides::new(30.0 * PT_PER_MM, 40.0 * PT_PER_MM, 30.0 * PT_PER_MM, 20.0 * PT_PER_MM)
}

/// Front matter longer than this many bytes is an error (it holds settings, and a
/// YAML parser's work grows with it).
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Reads the front matter at the start of `source`.
///
/// Invalid YAML or TOML, or a value of the wrong type, is an error with its span;
/// unknown keys are warnings with a did-you-mean hint.
pub fn parse(source: &str) -> Warned<DiagResult<FrontMatter>> {
    parse_with(source, &Settings::default(), &Settings::default())
}

/// Like [`parse`], with `defaults` under the document's keys and `overrides` over them
/// (precedence: built-in < `defaults` < front matter < `overrides`).
pub fn parse_with(source: &str, defaults: &Settings, overrides: &Settings) -> Warned<DiagResult<FrontMatter>> {
    let mut result = parse_under(source, defaults);
    if let Ok(fm) = &mut result.output {
        apply_overrides(fm, overrides);
    }
    result
}

fn seed_defaults(fm: &mut FrontMatter, d: &Settings) {
    fm.theme = d.theme.clone();
    fm.css = d.css.clone();
    fm.stylesheets = d.stylesheets.clone();
    fm.meta.document_title = d.title.clone();
    fm.page.header_template = d.header_template.clone();
    fm.page.footer_template = d.footer_template.clone();
    fm.max_pages = d.max_pages;
    finish_page(fm, &PageInput::default(), d);
}

fn apply_overrides(fm: &mut FrontMatter, o: &Settings) {
    if o.format.is_some() || o.landscape.is_some() {
        let s = fm.page.size;
        let portrait = o.format.unwrap_or(Size::new(s.width.min(s.height), s.width.max(s.height)));
        let landscape = o.landscape.unwrap_or(fm.page.landscape);
        let (w, h) = (portrait.width.min(portrait.height), portrait.width.max(portrait.height));
        fm.page.size = if landscape { Size::new(h, w) } else { Size::new(w, h) };
        fm.page.landscape = landscape;
    }
    if let Some(m) = o.margin {
        fm.page.margin = m;
    }
    let set = |slot: &mut Option<String>, v: &Option<String>| {
        if v.is_some() {
            slot.clone_from(v);
        }
    };
    set(&mut fm.theme, &o.theme);
    if let Some(css) = &o.css {
        // Flags add CSS after the document's own.
        fm.css = Some(match fm.css.take() {
            Some(doc) => format!("{doc}\n{css}"),
            None => css.clone(),
        });
    }
    set(&mut fm.meta.document_title, &o.title);
    set(&mut fm.page.header_template, &o.header_template);
    set(&mut fm.page.footer_template, &o.footer_template);
    if !o.stylesheets.is_empty() {
        fm.stylesheets.clone_from(&o.stylesheets);
    }
    if o.max_pages.is_some() {
        fm.max_pages = o.max_pages;
    }
}

fn parse_under(source: &str, defaults: &Settings) -> Warned<DiagResult<FrontMatter>> {
    let bom = if source.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut fm = FrontMatter { body_start: bom, ..FrontMatter::default() };
    seed_defaults(&mut fm, defaults);
    let block = match find_block(source, bom) {
        Found::None => return Warned { output: Ok(fm), warnings: vec![] },
        // gray-matter (md-to-pdf) would take the whole file for front matter and
        // print nothing of it; the text is shown, as the reader more likely wants.
        Found::Unclosed(close, span) => {
            let d = Diagnostic::warning(span, "the front matter is not closed, so it is shown as text and none of its settings apply")
                .with_hint(format!("end the front matter with a `{close}` line, or remove this line if it is not front matter"));
            return Warned { output: Ok(fm), warnings: vec![d] };
        }
        Found::Language(lang, span) => {
            let d = Diagnostic::error(
                span,
                format!("front matter in language `{lang}` is not supported; nothing in a document is ever executed"),
            )
            .with_hint("use YAML between `---` lines or TOML between `+++` lines");
            return Warned { output: Err(vec![d]), warnings: vec![] };
        }
        Found::Block(b) => b,
    };
    if block.content_end.saturating_sub(block.content_start) > MAX_FRONT_MATTER_BYTES {
        let d = Diagnostic::error(
            block.content_start..block.content_start,
            format!("the front matter is larger than {} KB", MAX_FRONT_MATTER_BYTES / 1024),
        )
        .with_hint("front matter holds settings; put long text in the body");
        return Warned { output: Err(vec![d]), warnings: vec![] };
    }
    fm.syntax = Some(block.syntax);
    fm.body_start = block.body_start;
    let root = match block.syntax {
        Syntax::Yaml => yaml::parse_yaml(source, &block, "front matter", "front matter is YAML between `---` lines"),
        Syntax::Toml => toml::parse_toml(source, &block, "front matter", "front matter is TOML between `+++` lines"),
    };
    let root = match root {
        Ok(r) => r,
        Err(d) => return Warned { output: Err(vec![d]), warnings: vec![] },
    };
    let mut cx = Cx { source, errors: vec![], warnings: vec![] };
    read_top_level(&mut cx, &mut fm, &root, defaults);
    let output = if cx.errors.is_empty() { Ok(fm) } else { Err(cx.errors) };
    Warned { output, warnings: cx.warnings }
}

#[cfg(test)]
mod tests;

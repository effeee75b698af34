//! The built-in themes: the element defaults' resolved values (GitHub's look) and the
//! theme CSS over them (md-to-pdf's default stylesheet, or GitHub's extra rules).

use crate::geom::Rgb;

/// Resolved values of a theme. Sizes in points.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Body text size.
    pub font_size: f32,
    /// Body line height multiplier.
    pub line_height: f32,
    /// Body text colour.
    pub color: Rgb,
    /// Link colour.
    pub link: Rgb,
    /// Muted text (block quotes).
    pub muted: Rgb,
    /// Rules and table borders.
    pub border: Rgb,
    /// Code background.
    pub code_background: Rgb,
    /// Heading sizes h1–h6 as multiples of the body size.
    pub heading_scale: [f32; 6],
    /// Space after a paragraph, as a multiple of the body size.
    pub paragraph_space: f32,
    /// Indent of list content.
    pub list_indent: f32,
}

impl Default for Theme {
    fn default() -> Self {
        // md-to-pdf's markdown.css: 16px body text, line-height 1.5, GitHub-like
        // headings, rules and code. 16 px = 12 pt.
        Self {
            font_size: 12.0,
            line_height: 1.5,
            color: Rgb(0x24, 0x29, 0x2e),
            link: Rgb(0x03, 0x66, 0xd6),
            muted: Rgb(0x6a, 0x73, 0x7d),
            border: Rgb(0xdf, 0xe2, 0xe5),
            code_background: Rgb(0xf6, 0xf8, 0xfa),
            heading_scale: [2.0, 1.5, 1.25, 1.0, 0.875, 0.85],
            paragraph_space: 1.0,
            list_indent: 2.0,
        }
    }
}

/// The built-in rules every theme has: the page-break class (md-to-pdf's default
/// stylesheet has it), the browser's own margin around the body, which
/// github-markdown-css leaves as it is (md-to-pdf's stylesheet sets it to 0), and
/// no top margin on the first block (both stylesheets have that rule).
pub(super) const BASE_CSS: &str = ".page-break { page-break-after: always; } body { margin: 8px; } body > :first-child { margin-top: 0; }";

/// The built-in themes: `default` is md-to-pdf's own stylesheet (what a file without
/// `stylesheet` gets there), `github` is github-markdown-css.
pub const THEMES: &[&str] = &["default", "github"];

/// md-to-pdf's default stylesheet (its `markdown.css`, as md-to-pdf 5 ships it), in
/// the CSS subset cvpdf reads. The built-in element defaults are GitHub's look; this
/// turns them into md-to-pdf's: 11 px text at line height 1.6, headings without
/// rules spaced by padding, lists indented 2.5 em, italic quotes with a grey bar,
/// code on light grey (its `1.2em` is Chrome's monospace size, 13/16 of the body's:
/// 0.975 em here). Left out: the zebra rows of tables (`:nth-child`).
pub(super) const DEFAULT_THEME_CSS: &str = "
body { font-size: 11px; line-height: 1.6; color: #111; margin: 0; }
body > :first-child { padding-top: 0; margin-top: 0; }
h1, h2, h3, h4, h5, h6 { margin: 0; padding: 0.5em 0 0.25em; border-bottom: none; color: #111; line-height: inherit; }
h1 { font-size: 2em; } h2 { font-size: 1.5em; } h3 { font-size: 1.17em; } h4 { font-size: 1em; }
h5 { font-size: 1em; padding: 0; } h6 { font-size: 0.875em; padding: 0; text-transform: uppercase; }
p { margin: 0.25em 0 1em; }
blockquote { margin: 0.5em 0 1em; padding-left: 0.5em; padding-right: 1em; border-left: 4px solid #dcdcdc; font-style: italic; color: #111; }
ul, ol { margin: 0 0 0 1em; padding: 0 1.5em 0.5em; }
code { font-family: monospace; font-size: 0.975em; background-color: #f8f8f8; }
pre { margin: 1em 0; padding: 0.5em; font-family: monospace; font-size: 0.975em; background-color: #f8f8f8; }
table { margin: 0 0 1em; }
hr { margin: 0.5em 0; border: 0; border-top: 1px solid #999; height: 0; }
th, td { padding: 0.5em 1em; border: 1px solid #dcdcdc; }
";

/// The GitHub theme's rules beyond the built-in element defaults.
pub(super) const GITHUB_THEME_CSS: &str = "li + li { margin-top: 0.25em; } li > p { margin-top: 16px; }";

/// Stylesheet URLs that mean the GitHub look, which is built in.
pub(super) const GITHUB_CSS: &str = "github-markdown-css";

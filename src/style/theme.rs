//! The built-in theme: the look of md-to-pdf's default stylesheet, in resolved values.

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

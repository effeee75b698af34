//! Writing SVG text: numbers, colours, escaped strings, the document's start, ids.

use std::fmt::Write;

use crate::geom::{Rgb, Size};

/// A number as SVG text: at most two decimals (a hundredth of a point, or of a font
/// unit), no trailing zeros, never `-0`. Rust formats floats the same on every
/// machine, so the text is deterministic.
pub(super) fn num(v: f32) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut s = format!("{v:.2}");
    if s.contains('.') {
        s.truncate(s.trim_end_matches('0').trim_end_matches('.').len());
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

/// A colour as `#rrggbb`.
pub(super) fn color(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Appends `text` escaped for an attribute value or element content.
pub(super) fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow are left out (a tab, line feed and
            // carriage return are allowed, as are all others from U+0020).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// The `fill` and `stroke` attributes of a shape (` fill="none"` when it has no fill).
pub(super) fn paint(out: &mut String, fill: Option<Rgb>, stroke: Option<(Rgb, f32)>) {
    match fill {
        Some(c) => {
            let _ = write!(out, " fill=\"{}\"", color(c));
        }
        None => out.push_str(" fill=\"none\""),
    }
    if let Some((c, w)) = stroke {
        let _ = write!(out, " stroke=\"{}\" stroke-width=\"{}\"", color(c), num(w));
    }
}

/// The start of a page's document: its size in points (a browser shows it at its
/// printed size), the paper (white, as a PDF viewer shows a page) and its title.
pub(super) fn open(out: &mut String, size: Size, title: Option<&str>) {
    let (w, h) = (num(size.width), num(size.height));
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\">"
    );
    if let Some(title) = title {
        out.push_str("<title>");
        escape(out, title);
        out.push_str("</title>\n");
    }
    let _ = writeln!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>");
}

/// How a page names what it defines: the caller's prefix and the page's number.
pub(super) struct Ids<'a> {
    /// [`super::SvgOptions::id_prefix`].
    pub(super) prefix: &'a str,
    /// The page's number, from 1.
    pub(super) page: usize,
}

impl Ids<'_> {
    /// The id of something the page defines: `{prefix}{kind}-{page}-{n}`.
    pub(super) fn local(&self, kind: &str, n: impl std::fmt::Display) -> String {
        format!("{}{kind}-{}-{n}", self.prefix, self.page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(0.004), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-3.256), "-3.26");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn text_is_escaped_for_xml() {
        let mut s = String::new();
        escape(&mut s, "a<b & \"c\" 'd'\u{1}e");
        assert_eq!(s, "a&lt;b &amp; &quot;c&quot; &apos;d&apos;e");
    }
}

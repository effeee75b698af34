//! Text runs: each glyph's outline once per page in `<defs>`, placed with `<use>`,
//! and the run's text as invisible `<text>` for finding and selecting it.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::write::{color, escape, num, Ids};
use crate::font::FontId;
use crate::geom::Point;
use crate::layout::{PagedDocument, TextItem};

/// The glyph outlines a page uses, by font and glyph id: the path in font units
/// (y up), or `None` for a glyph with no outline (a space).
#[derive(Default)]
pub(super) struct Defs {
    paths: BTreeMap<(FontId, u16), Option<String>>,
}

impl Defs {
    /// Whether the glyph has an outline, read on its first use.
    fn has_outline(&mut self, doc: &PagedDocument, font: FontId, id: u16) -> bool {
        self.paths.entry((font, id)).or_insert_with(|| outline(doc, font, id)).is_some()
    }

    /// Writes the `<defs>` of the outlines used (nothing when there are none).
    pub(super) fn write(&self, out: &mut String, ids: &Ids<'_>) {
        let mut any = false;
        for ((font, id), path) in &self.paths {
            let Some(d) = path else { continue };
            if !any {
                out.push_str("<defs>\n");
                any = true;
            }
            let _ = writeln!(out, "<path id=\"{}\" d=\"{d}\"/>", glyph_id(ids, *font, *id));
        }
        if any {
            out.push_str("</defs>\n");
        }
    }
}

/// The id of a glyph's outline.
fn glyph_id(ids: &Ids<'_>, font: FontId, id: u16) -> String {
    ids.local("glyph", format_args!("{font}-{id}"))
}

/// A glyph's outline as SVG path data in font units, y up; `None` without one.
fn outline(doc: &PagedDocument, font: FontId, id: u16) -> Option<String> {
    let face = doc.fonts.faces().get(font)?;
    let mut path = PathData(String::new());
    face.face().outline_glyph(ttf_parser::GlyphId(id), &mut path)?;
    (!path.0.is_empty()).then_some(path.0)
}

/// Collects an outline as SVG path data.
struct PathData(String);

impl ttf_parser::OutlineBuilder for PathData {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "M{} {}", num(x), num(y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.0, "L{} {}", num(x), num(y));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let _ = write!(self.0, "Q{} {} {} {}", num(x1), num(y1), num(x), num(y));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let _ = write!(self.0, "C{} {} {} {} {} {}", num(x1), num(y1), num(x2), num(y2), num(x), num(y));
    }
    fn close(&mut self) {
        self.0.push('Z');
    }
}

/// Writes a run of glyphs: a group scaled from font units to the text size, flipped
/// (font units point up) and leaning by the run's `skew`, filled (and, for synthetic
/// bold, stroked) in its colour, with one `<use>` per glyph that has an outline;
/// then its text, invisible.
pub(super) fn text(out: &mut String, defs: &mut Defs, ids: &Ids<'_>, pos: Point, text: &TextItem, doc: &PagedDocument) {
    let Some(face) = doc.fonts.faces().get(text.font) else { return };
    let upem = face.units_per_em;
    if upem.is_nan() || upem <= 0.0 {
        return;
    }
    let scale = text.size / upem;
    let fill = color(text.fill);
    let _ = write!(
        out,
        "<g fill=\"{fill}\" transform=\"matrix({} 0 {} {} {} {})\"",
        num_fine(scale),
        num_fine(text.skew * scale),
        num_fine(-scale),
        num(pos.x),
        num(pos.y)
    );
    if text.embolden > 0.0 {
        let _ = write!(out, " stroke=\"{fill}\" stroke-width=\"{}\" stroke-linejoin=\"round\"", num(text.embolden * upem));
    }
    out.push_str(">\n");
    let mut pen = 0.0f32;
    for g in &text.glyphs {
        if defs.has_outline(doc, text.font, g.id) {
            let x = (pen + g.x_offset) * upem;
            let y = g.y_offset * upem;
            let _ = write!(out, "<use xlink:href=\"#{}\" x=\"{}\"", glyph_id(ids, text.font, g.id), num(x));
            if y != 0.0 {
                let _ = write!(out, " y=\"{}\"", num(y));
            }
            out.push_str("/>\n");
        }
        pen += g.x_advance;
    }
    out.push_str("</g>\n");
    invisible_text(out, pos, text);
}

/// The run's text at its place and width, transparent: what a browser finds and
/// selects (a viewer draws it with its own fonts, so it only roughly covers the
/// glyphs).
fn invisible_text(out: &mut String, pos: Point, text: &TextItem) {
    let shown = text.text.trim_matches(|c: char| c.is_whitespace() || c == '\u{200B}');
    if shown.is_empty() {
        return;
    }
    let _ = write!(out, "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill-opacity=\"0\"", num(pos.x), num(pos.y), num(text.size));
    let width = text.width();
    if width > 0.0 {
        let _ = write!(out, " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"", num(width));
    }
    out.push('>');
    escape(out, &text.text);
    out.push_str("</text>\n");
}

/// A scale factor as SVG text: font units are small (a 10 pt run in a 2048-unit
/// font is 0.0049 pt per unit), so it keeps eight significant digits.
fn num_fine(v: f32) -> String {
    if !v.is_finite() || v == 0.0 {
        return "0".into();
    }
    let s = format!("{v:.8e}");
    // `1.23400000e-3` → `1.234e-3`: trim the mantissa's zeros.
    match s.split_once('e') {
        Some((m, e)) => {
            let m = if m.contains('.') { m.trim_end_matches('0').trim_end_matches('.') } else { m };
            if e == "0" {
                m.to_string()
            } else {
                format!("{m}e{e}")
            }
        }
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::num_fine;

    #[test]
    fn fine_numbers_keep_their_digits() {
        assert_eq!(num_fine(0.0048828125), "4.8828125e-3");
        assert_eq!(num_fine(-0.5), "-5e-1");
        assert_eq!(num_fine(1.0), "1");
        assert_eq!(num_fine(0.0), "0");
    }
}

//! Rectangles, rounded rectangles, lines and gauge bars, as the PDF draws them.

use std::fmt::Write;

use super::write::{color, num, paint, Ids};
use crate::geom::{Point, Rgb, Size};

/// A rectangle (at least 0.01 pt on each side, as in the PDF).
pub(super) fn rect(out: &mut String, pos: Point, size: Size, fill: Option<Rgb>, stroke: Option<(Rgb, f32)>) {
    let (w, h) = (size.width.max(0.01), size.height.max(0.01));
    let _ = write!(out, "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"", num(pos.x), num(pos.y), num(w), num(h));
    paint(out, fill, stroke);
    out.push_str("/>\n");
}

/// A rectangle with rounded corners: the radius at most half the smaller side, the
/// same in both directions (SVG alone would clamp `rx` and `ry` apart).
pub(super) fn round_rect(out: &mut String, pos: Point, size: Size, radius: f32, fill: Option<Rgb>, stroke: Option<(Rgb, f32)>) {
    round_rect_element(out, pos, size, radius, "");
    paint(out, fill, stroke);
    out.push_str("/>\n");
}

/// The opening of a `<rect>` with rounded corners, `extra` attributes after its
/// geometry; the caller closes it.
fn round_rect_element(out: &mut String, pos: Point, size: Size, radius: f32, extra: &str) {
    let (w, h) = (size.width.max(0.01), size.height.max(0.01));
    let r = radius.clamp(0.0, w.min(h) / 2.0);
    let _ = write!(out, "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"", num(pos.x), num(pos.y), num(w), num(h));
    if r > 0.01 {
        let _ = write!(out, " rx=\"{0}\" ry=\"{0}\"", num(r));
    }
    out.push_str(extra);
}

/// A straight line.
pub(super) fn line(out: &mut String, pos: Point, delta: Point, width: f32, c: Rgb) {
    let _ = writeln!(
        out,
        "<path d=\"M{} {}L{} {}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"/>",
        num(pos.x),
        num(pos.y),
        num(pos.x + delta.x),
        num(pos.y + delta.y),
        color(c),
        num(width)
    );
}

/// A gauge bar's geometry and colours (`FrameItem::Gauge`).
pub(super) struct Gauge {
    pub(super) size: Size,
    pub(super) radius: f32,
    pub(super) track: Rgb,
    pub(super) fill: Rgb,
    pub(super) fraction: f32,
    pub(super) border: Option<(Rgb, f32)>,
    pub(super) inset: f32,
}

/// A gauge bar: the track, the filled part clipped to the track inset by `inset`
/// (its clip path goes to `clips`, for the page's `<defs>`), then the border inside
/// the track's edge.
pub(super) fn gauge(out: &mut String, clips: &mut String, ids: &Ids<'_>, pos: Point, g: &Gauge) {
    round_rect(out, pos, g.size, g.radius, Some(g.track), None);
    let inner_pos = Point::new(pos.x + g.inset, pos.y + g.inset);
    let inner = Size::new(g.size.width - 2.0 * g.inset, g.size.height - 2.0 * g.inset);
    if g.fraction > 0.0 && inner.width > 0.0 && inner.height > 0.0 {
        let id = ids.local("clip", clips.matches("<clipPath").count());
        let _ = write!(clips, "<clipPath id=\"{id}\">");
        round_rect_element(clips, inner_pos, inner, (g.radius - g.inset).max(0.0), "/>");
        clips.push_str("</clipPath>\n");
        let bar = Size::new(inner.width * g.fraction.min(1.0), inner.height);
        let _ = write!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            num(inner_pos.x),
            num(inner_pos.y),
            num(bar.width),
            num(bar.height)
        );
        let _ = writeln!(out, " fill=\"{}\" clip-path=\"url(#{id})\"/>", color(g.fill));
    }
    if let Some((c, width)) = g.border.filter(|(_, w)| *w > 0.0 && g.size.width > *w && g.size.height > *w) {
        let half = width / 2.0;
        let edge_pos = Point::new(pos.x + half, pos.y + half);
        let edge = Size::new(g.size.width - width, g.size.height - width);
        round_rect(out, edge_pos, edge, (g.radius - half).max(0.0), None, Some((c, width)));
    }
}

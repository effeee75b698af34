//! A human-readable dump of a laid-out document ([`cvpdf::PagedDocument`] from
//! [`cvpdf::compile`]), one line per positioned item, for the reference tests
//! (`tests/it/reference.rs`, `tests/ref/*.txt`) and for failure messages.
//!
//! Format (coordinates in points, top-left origin, y down, rounded to 0.01 pt):
//!
//! ```text
//! page 1 size=595.28x841.89
//! p1 text  x=56.69 y=99.21 Roboto-Bold 24.75 #333333 "Ada Example"
//! p1 link  x=… y=… w=… h=… -> https://example.com
//! p1 rect  x=… y=… w=… h=… fill=#f0f0f0 stroke=none
//! p1 line  x=… y=… dx=… dy=… width=0.75 #cccccc
//! p1 gauge x=… y=… w=… h=… r=… track=#… fill=#… fraction=0.75 border=none inset=0.00
//! p1 image x=… y=… w=… h=… 40x20px "alt text"
//! p1 anchor x=… y=… #name
//! ```
//!
//! A text line gives the baseline start, the font's name, the size, the colour and
//! the text; synthetic styles and letter-spacing follow as `skew=`, `embolden=` and
//! `spaced`. The outline (bookmarks) and the warnings come last.

use std::fmt::Write;

use cvpdf::diag::Diagnostic;
use cvpdf::geom::Rgb;
use cvpdf::layout::{FrameItem, PagedDocument};

/// A number rounded to 0.01, never `-0.00`.
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    if s == "-0.00" {
        "0.00".to_owned()
    } else {
        s
    }
}

fn rgb(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// The dump of `doc`, with `warnings` (the compile's diagnostics) at the end.
pub fn frame_dump(doc: &PagedDocument, warnings: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, page) in doc.pages.iter().enumerate() {
        let n = i + 1;
        let _ = writeln!(out, "page {n} size={}x{}", num(page.size.width), num(page.size.height));
        for (p, item) in &page.items {
            let (x, y) = (num(p.x), num(p.y));
            let _ = match item {
                FrameItem::Text(t) => {
                    let face = doc.fonts.face(t.font);
                    let mut extra = String::new();
                    if t.skew != 0.0 {
                        extra.push_str(&format!(" skew={}", num(t.skew)));
                    }
                    if t.embolden != 0.0 {
                        extra.push_str(&format!(" embolden={:.3}", t.embolden));
                    }
                    if t.spaced {
                        extra.push_str(" spaced");
                    }
                    writeln!(out, "p{n} text  x={x} y={y} {} {} {}{extra} {:?}", face.name, num(t.size), rgb(t.fill), t.text)
                }
                FrameItem::Link { size, url } => {
                    writeln!(out, "p{n} link  x={x} y={y} w={} h={} -> {url}", num(size.width), num(size.height))
                }
                FrameItem::Rect { size, fill, stroke } => {
                    let fill = fill.map_or("none".to_owned(), rgb);
                    let stroke = stroke.map_or("none".to_owned(), |(c, w)| format!("{}@{}", rgb(c), num(w)));
                    writeln!(out, "p{n} rect  x={x} y={y} w={} h={} fill={fill} stroke={stroke}", num(size.width), num(size.height))
                }
                FrameItem::RoundRect { size, radius, fill, stroke } => {
                    let fill = fill.map_or("none".to_owned(), rgb);
                    let stroke = stroke.map_or("none".to_owned(), |(c, w)| format!("{}@{}", rgb(c), num(w)));
                    let (w, h, r) = (num(size.width), num(size.height), num(*radius));
                    writeln!(out, "p{n} rrect x={x} y={y} w={w} h={h} r={r} fill={fill} stroke={stroke}")
                }
                FrameItem::Line { delta, width, color } => {
                    writeln!(out, "p{n} line  x={x} y={y} dx={} dy={} width={} {}", num(delta.x), num(delta.y), num(*width), rgb(*color))
                }
                FrameItem::Gauge { size, radius, track, fill, fraction, border, inset } => {
                    let border = border.map_or("none".to_owned(), |(c, w)| format!("{}@{}", rgb(c), num(w)));
                    writeln!(
                        out,
                        "p{n} gauge x={x} y={y} w={} h={} r={} track={} fill={} fraction={} border={border} inset={}",
                        num(size.width),
                        num(size.height),
                        num(*radius),
                        rgb(*track),
                        rgb(*fill),
                        num(*fraction),
                        num(*inset)
                    )
                }
                FrameItem::Image { size, image, alt, .. } => writeln!(
                    out,
                    "p{n} image x={x} y={y} w={} h={} {}x{}px {alt:?}",
                    num(size.width),
                    num(size.height),
                    image.width,
                    image.height
                ),
                FrameItem::Anchor { name } => writeln!(out, "p{n} anchor x={x} y={y} #{name}"),
            };
        }
    }
    for e in &doc.outline {
        let _ = writeln!(out, "outline level={} page={} y={} {:?}", e.level, e.page + 1, num(e.y), e.title);
    }
    for w in warnings {
        let _ = writeln!(out, "warning: {}", w.message);
    }
    out
}

/// The dump of `doc` without warnings: for failure messages and comparisons.
pub fn dump(doc: &PagedDocument) -> String {
    frame_dump(doc, &[])
}

//! Where the preview's pages and ATS view come from: the two calls to swap for
//! `cvpdf::svg` and `cvpdf::ats` when those land (issue 18). Until then, a
//! stand-in: each page as an SVG of its boxes, rules and text runs (in a generic
//! font, at their positions), and the text layer a line at a time.

use std::fmt::Write;

use cvpdf::geom::Rgb;
use cvpdf::layout::{FrameItem, PagedDocument};

/// One SVG document a page, in points.
pub fn svgs(doc: &PagedDocument) -> Vec<String> {
    doc.pages
        .iter()
        .map(|page| {
            let (w, h) = (page.size.width, page.size.height);
            let mut svg = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}pt\" height=\"{h}pt\" viewBox=\"0 0 {w} {h}\">\
                 <rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>"
            );
            for (p, item) in &page.items {
                let _ = match item {
                    FrameItem::Text(t) => write!(
                        svg,
                        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{}\" font-family=\"sans-serif\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\">{}</text>",
                        p.x,
                        p.y,
                        t.size,
                        hex(t.fill),
                        t.width().max(0.01),
                        escape(&t.text)
                    ),
                    FrameItem::Rect { size, fill, stroke } | FrameItem::RoundRect { size, fill, stroke, .. } => write!(
                        svg,
                        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
                        p.x,
                        p.y,
                        size.width,
                        size.height,
                        fill.map_or("none".into(), hex),
                        stroke.map_or("none".into(), |s| hex(s.0)),
                        stroke.map_or(0.0, |s| s.1)
                    ),
                    FrameItem::Line { delta, width, color } => write!(
                        svg,
                        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{width}\"/>",
                        p.x,
                        p.y,
                        p.x + delta.x,
                        p.y + delta.y,
                        hex(*color)
                    ),
                    _ => Ok(()),
                };
            }
            svg.push_str("</svg>");
            svg
        })
        .collect()
}

/// The ATS view: the text layer, a line at a time (`{"lines": […]}`).
pub fn ats(doc: &PagedDocument) -> String {
    let text = cvpdf::layout::text_layer(doc);
    serde_json::json!({ "lines": text.lines().collect::<Vec<_>>() }).to_string()
}

fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

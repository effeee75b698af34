//! Page options: paper formats, lengths and margins, `pdf_options`, pandoc's
//! `papersize` and `geometry`, and the final page size and margins.

use super::keys::PDF_OPTION_KEYS;
use super::read::{key_name, Cx};
use super::tree::{Kind, Node};
use super::{default_margin, FrontMatter, Settings, A4};
use crate::diag::{did_you_mean, Diagnostic};
use crate::geom::{Sides, Size, PT_PER_MM};
use crate::units::{parse_length, parse_margin as parse_margin_shorthand, UNITS};

/// Paper formats accepted by `pdf_options.format`, as written in error messages.
pub const FORMATS: &[&str] = &["A0", "A1", "A2", "A3", "A4", "A5", "A6", "Letter", "Legal", "Tabloid", "Ledger"];

/// The size of a named paper format (case-insensitive), portrait, in points.
pub fn format_size(name: &str) -> Option<Size> {
    let mm = |w: f32, h: f32| Size::new(w * PT_PER_MM, h * PT_PER_MM);
    let name = name.trim().to_ascii_lowercase();
    Some(match name.as_str() {
        "a0" => mm(841.0, 1189.0),
        "a1" => mm(594.0, 841.0),
        "a2" => mm(420.0, 594.0),
        "a3" => mm(297.0, 420.0),
        "a4" => A4,
        "a5" => mm(148.0, 210.0),
        "a6" => mm(105.0, 148.0),
        "letter" => Size::new(612.0, 792.0),
        "legal" => Size::new(612.0, 1008.0),
        "tabloid" => Size::new(792.0, 1224.0),
        "ledger" => Size::new(1224.0, 792.0),
        _ => return None,
    })
}

/// The shortest page side, in points (PDF 1.7, Annex C).
pub const MIN_PAGE_SIDE_PT: f32 = 3.0;

/// Page settings gathered before computing the final size.
#[derive(Default)]
pub(super) struct PageInput {
    pub(super) format: Option<Size>,
    pub(super) width: Option<f32>,
    pub(super) height: Option<f32>,
    pub(super) landscape: Option<bool>,
    pub(super) margin: Option<Sides<f32>>,
    /// pandoc `papersize`.
    pub(super) papersize: Option<Size>,
    /// pandoc `geometry` margins (each side optional).
    pub(super) geometry: [Option<f32>; 4],
}

pub(super) fn read_pdf_options(cx: &mut Cx<'_>, fm: &mut FrontMatter, input: &mut PageInput, key: &Node, value: &Node) {
    let entries = match &value.kind {
        Kind::Null => return,
        Kind::Map(e) => e,
        _ => {
            cx.expected(key, "pdf_options", value, "a mapping of options");
            return;
        }
    };
    let page = &mut fm.page;
    for (k, v) in entries {
        let Some(name) = key_name(k) else {
            cx.errors.push(Diagnostic::error(k.span.clone(), "an option name must be a string"));
            continue;
        };
        let n = name.as_str();
        match n {
            "format" => input.format = read_format(cx, k, v).or(input.format),
            "width" => input.width = cx.page_side(k, "width", v).or(input.width),
            "height" => input.height = cx.page_side(k, "height", v).or(input.height),
            "landscape" => input.landscape = cx.bool(k, n, v).or(input.landscape),
            "margin" => {
                if let Some(m) = read_margin(cx, k, v) {
                    input.margin = Some(m);
                }
            }
            "printBackground" => page.print_background = cx.bool(k, n, v).unwrap_or(page.print_background),
            "scale" => {
                if let Some(s) = cx.number_in(k, n, v, 0.1..=2.0, false, "use a number from 0.1 to 2") {
                    page.scale = s as f32;
                }
            }
            "displayHeaderFooter" => {
                if let Some(b) = cx.bool(k, n, v) {
                    page.display_header_footer = Some(b);
                }
            }
            "headerTemplate" => page.header_template = cx.opt_string(k, n, v).or(page.header_template.take()),
            "footerTemplate" => page.footer_template = cx.opt_string(k, n, v).or(page.footer_template.take()),
            "pageRanges" => {
                page.page_ranges = match &v.kind {
                    Kind::Int(_) => cx.scalar_text(v),
                    _ => cx.opt_string(k, n, v),
                }
                .or(page.page_ranges.take())
            }
            "preferCSSPageSize" => page.prefer_css_page_size = cx.bool(k, n, v).unwrap_or(page.prefer_css_page_size),
            "omitBackground" => page.omit_background = cx.bool(k, n, v).unwrap_or(page.omit_background),
            "path" => cx.warnings.push(
                Diagnostic::warning(k.span.clone(), "`pdf_options.path` is ignored for safety")
                    .with_hint("front matter cannot choose the output path; pass it on the command line"),
            ),
            "tagged" => page.tagged = cx.bool(k, n, v).unwrap_or(page.tagged),
            "pdfa" => page.pdfa = cx.bool(k, n, v).unwrap_or(page.pdfa),
            "timeout" | "outline" | "waitForFonts" => {}
            _ => {
                let mut w = Diagnostic::warning(k.span.clone(), format!("unknown `pdf_options` key `{n}`"));
                if let Some(m) = did_you_mean(n, PDF_OPTION_KEYS) {
                    w = w.with_hint(format!("did you mean `{m}`?"));
                }
                cx.warnings.push(w);
            }
        }
    }
}

/// A paper format's name (`format`), portrait size; an unknown name is an error
/// with the valid ones and a did-you-mean hint.
pub(super) fn read_format(cx: &mut Cx<'_>, key: &Node, value: &Node) -> Option<Size> {
    match &value.kind {
        Kind::Null => None,
        Kind::Str(s) => {
            let size = format_size(s);
            if size.is_none() {
                let mut d = Diagnostic::error(cx.value_span(key, value), format!("unknown paper format `{}`", s.trim()))
                    .with_hint(format!("valid formats are {}", FORMATS.join(", ")));
                if let Some(m) = did_you_mean(s.trim(), FORMATS) {
                    d = d.with_hint(format!("did you mean `{m}`?"));
                }
                cx.errors.push(d);
            }
            size
        }
        _ => {
            cx.expected(key, "format", value, "a paper format name like `A4`");
            None
        }
    }
}

pub(super) fn read_margin(cx: &mut Cx<'_>, key: &Node, value: &Node) -> Option<Sides<f32>> {
    match &value.kind {
        Kind::Null => None,
        Kind::Str(s) => match parse_margin_shorthand(s) {
            Ok(m) => Some(m),
            Err(msg) => {
                cx.errors.push(Diagnostic::error(cx.value_span(key, value), format!("`margin`: {msg}")).with_hint(format!(
                    "write 1 to 4 lengths like `15mm 20mm`, or a mapping with top, right, bottom, left; units: {UNITS}"
                )));
                None
            }
        },
        Kind::Int(_) | Kind::Float(_) => cx.length(key, "margin", value).map(Sides::splat),
        Kind::Map(entries) => {
            let mut m = Sides::splat(0.0);
            let mut ok = true;
            for (k, v) in entries {
                let name = key_name(k).unwrap_or_default();
                let slot = match name.as_str() {
                    "top" => &mut m.top,
                    "right" => &mut m.right,
                    "bottom" => &mut m.bottom,
                    "left" => &mut m.left,
                    _ => {
                        let mut w = Diagnostic::warning(k.span.clone(), format!("unknown margin side `{name}`"));
                        if let Some(s) = did_you_mean(&name, &["top", "right", "bottom", "left"]) {
                            w = w.with_hint(format!("did you mean `{s}`?"));
                        }
                        cx.warnings.push(w);
                        continue;
                    }
                };
                match cx.length(k, &format!("margin.{name}"), v) {
                    Some(l) => *slot = l,
                    None => ok &= matches!(v.kind, Kind::Null),
                }
            }
            ok.then_some(m)
        }
        _ => {
            cx.expected(key, "margin", value, "a string like `15mm 20mm` or a mapping with top, right, bottom, left");
            None
        }
    }
}

/// pandoc `geometry`: `margin=1in`, `top=2cm,left=1cm`, or a list of such.
pub(super) fn read_geometry(cx: &Cx<'_>, value: &Node, out: &mut [Option<f32>; 4]) {
    let mut parts: Vec<String> = vec![];
    match &value.kind {
        Kind::Str(s) => parts.push(s.clone()),
        Kind::Seq(items) => parts.extend(items.iter().filter_map(|i| cx.scalar_text(i))),
        _ => {}
    }
    for part in parts.iter().flat_map(|p| p.split(',')) {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let Ok(len) = parse_length(v) else { continue };
        let sides: &[usize] = match k.trim() {
            "margin" => &[0, 1, 2, 3],
            "top" | "tmargin" => &[0],
            "right" | "rmargin" => &[1],
            "bottom" | "bmargin" => &[2],
            "left" | "lmargin" => &[3],
            "hmargin" => &[1, 3],
            "vmargin" => &[0, 2],
            _ => &[],
        };
        for &i in sides {
            out[i] = Some(len);
        }
    }
}

/// Computes the page size and margins from what the document gave, over `defaults`.
pub(super) fn finish_page(fm: &mut FrontMatter, input: &PageInput, defaults: &Settings) {
    // Page size: format (or pandoc papersize), then width/height, then landscape.
    let base = input.format.or(input.papersize).or(defaults.format).unwrap_or(A4);
    let mut size = Size::new(input.width.unwrap_or(base.width), input.height.unwrap_or(base.height));
    let landscape = input.landscape.or(defaults.landscape).unwrap_or(false);
    if landscape {
        size = Size::new(size.height, size.width);
    }
    fm.page.size = size;
    fm.page.landscape = landscape;
    fm.page.margin = match input.margin {
        Some(m) => m,
        None => {
            let d = defaults.margin.unwrap_or_else(default_margin);
            let g = input.geometry;
            Sides::new(g[0].unwrap_or(d.top), g[1].unwrap_or(d.right), g[2].unwrap_or(d.bottom), g[3].unwrap_or(d.left))
        }
    };
}

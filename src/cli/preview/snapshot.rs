//! What the preview serves of one render: the pages as SVG, their geometry, the
//! text an ATS reads, and the state the page shows (pages, diagnostics), made on
//! the render thread and then only read by the server.

use std::sync::Arc;
use std::time::Instant;

use cvpdf::layout::{FrameItem, PagedDocument};
use serde_json::{json, Value};

use super::super::batch::{isolate, load, panicked, Outcome};
use super::super::plan::{Batch, Job};
use super::super::report::diagnostic_value;

/// The rendered pages and what is derived from them: kept from the last render
/// that gave pages, while later ones fail.
pub struct Pages {
    /// One SVG document a page.
    pub svgs: Vec<String>,
    /// The page sizes, in points.
    pub sizes: Vec<(f32, f32)>,
    /// The margins and boxes of each page (`/geometry.json`).
    pub geometry: String,
    /// The ATS view (`/ats.json`).
    pub ats: String,
}

/// One state of the preview.
pub struct Snapshot {
    /// Counts the renders, from 1.
    pub version: u64,
    /// The last good pages (none before the first).
    pub pages: Arc<Pages>,
    /// The state as the page reads it (JSON, one line): version, page sizes,
    /// diagnostics, whether this render gave the pages.
    pub state: String,
}

impl Snapshot {
    /// The state before anything was rendered.
    pub fn empty() -> Snapshot {
        let pages = Pages { svgs: vec![], sizes: vec![], geometry: "[]".into(), ats: "{}".into() };
        Snapshot { version: 0, pages: Arc::new(pages), state: json!({"version": 0, "pages": [], "diagnostics": []}).to_string() }
    }
}

/// Renders the job into the next snapshot (the previous one's pages kept when this
/// render gives none), with the outcome to print; a panic is the render's error.
pub fn render(batch: &Batch, overrides: &cvpdf::front_matter::Settings, job: &Job, previous: &Snapshot) -> (Snapshot, Outcome) {
    let start = Instant::now();
    let (outcome, pages) = isolate(|| compile(batch, overrides, job)).unwrap_or_else(|what| (panicked(job, &what), None));
    let fresh = pages.is_some();
    let pages = pages.map_or_else(|| previous.pages.clone(), Arc::new);
    let version = previous.version + 1;
    let state = state(version, fresh, &pages, &outcome, start.elapsed().as_secs_f64() * 1000.0);
    (Snapshot { version, pages, state }, outcome)
}

/// Reads and compiles the job, and makes its pages (within the render deadline).
fn compile(batch: &Batch, overrides: &cvpdf::front_matter::Settings, job: &Job) -> (Outcome, Option<Pages>) {
    let mut out = Outcome::new(job);
    let Some(loaded) = load(batch, overrides, job, &mut out) else { return (out, None) };
    let pages = {
        let _deadline = cvpdf::deadline(&loaded.options);
        let compiled = cvpdf::compile(&loaded.source, &loaded.options);
        out.diags.extend(compiled.warnings);
        match compiled.output {
            Ok(doc) => Some(Pages::of(&doc, &mut out.diags)),
            Err(errors) => {
                out.diags.extend(errors);
                None
            }
        }
    };
    out.finish(loaded);
    (out, pages)
}

impl Pages {
    /// The pages of a document: each as SVG (`cvpdf::svg`, whose warnings go to
    /// `diags`), their geometry, and what an ATS reads (`cvpdf::ats`).
    pub fn of(doc: &PagedDocument, diags: &mut Vec<cvpdf::diag::Diagnostic>) -> Pages {
        let svgs = cvpdf::svg::pages(doc, &cvpdf::svg::SvgOptions::default());
        diags.extend(svgs.warnings);
        let ats = serde_json::to_string(&cvpdf::ats::analyze(doc)).unwrap_or_else(|_| "{}".into());
        Pages {
            svgs: svgs.output,
            sizes: doc.pages.iter().map(|p| (p.size.width, p.size.height)).collect(),
            geometry: geometry(doc).to_string(),
            ats,
        }
    }
}

/// The state event: `{version, fresh, ms, pages: [[w, h]…], diagnostics: […]}`.
fn state(version: u64, fresh: bool, pages: &Pages, out: &Outcome, ms: f64) -> String {
    let mut diags: Vec<Value> = Vec::new();
    if let Some(config) = &out.config_file {
        diags.extend(config.diags.iter().map(|d| diagnostic_value(&config.name, &config.text, d)));
    }
    diags.extend(out.diags.iter().map(|d| diagnostic_value(&out.name, &out.source, d)));
    if let Some((msg, _)) = &out.failure {
        diags.push(diagnostic_value(&out.name, "", &cvpdf::diag::Diagnostic::error(None, msg.clone())));
    }
    let sizes: Vec<[f64; 2]> = pages.sizes.iter().map(|&(w, h)| [round(w), round(h)]).collect();
    json!({"version": version, "fresh": fresh, "ms": (ms * 10.0).round() / 10.0, "name": out.name, "pages": sizes, "diagnostics": diags})
        .to_string()
}

/// Each page's margins `[top, right, bottom, left]` and the boxes of what is drawn
/// on it, `[kind, x, y, width, height]` in points from the top-left corner.
fn geometry(doc: &PagedDocument) -> Value {
    let pages: Vec<Value> = doc
        .pages
        .iter()
        .map(|page| {
            let m = page.margin;
            let boxes: Vec<Value> = page
                .items
                .iter()
                .filter_map(|(p, item)| {
                    let (kind, x, y, w, h) = match item {
                        FrameItem::Text(t) if t.text.trim().is_empty() => return None,
                        FrameItem::Text(t) => ("text", p.x, p.y - 0.8 * t.size, t.width(), t.size),
                        FrameItem::Rect { size, .. } | FrameItem::RoundRect { size, .. } => ("box", p.x, p.y, size.width, size.height),
                        FrameItem::Gauge { size, .. } => ("box", p.x, p.y, size.width, size.height),
                        FrameItem::Image { size, .. } => ("image", p.x, p.y, size.width, size.height),
                        FrameItem::Link { size, .. } => ("link", p.x, p.y, size.width, size.height),
                        FrameItem::Line { delta, .. } => {
                            ("line", p.x.min(p.x + delta.x), p.y.min(p.y + delta.y), delta.x.abs(), delta.y.abs())
                        }
                        FrameItem::Anchor { .. } => return None,
                    };
                    Some(json!([kind, round(x), round(y), round(w), round(h)]))
                })
                .collect();
            json!({"margin": [round(m.top), round(m.right), round(m.bottom), round(m.left)], "boxes": boxes})
        })
        .collect();
    Value::Array(pages)
}

/// A length to 0.01 pt, as JSON shows it (`595.28`, not `595.280029296875`).
fn round(v: f32) -> f64 {
    (f64::from(v) * 100.0).round() / 100.0
}

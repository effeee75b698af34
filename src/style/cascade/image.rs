//! Images: loaded once each through the loader, sized by attributes and CSS.

use super::attr::StyleAttr;
use super::{shown, Cascade, Ctx};
use crate::diag::Diagnostic;
use crate::model::ImageRef;
use crate::style::css::{self, ElInfo};
use crate::style::{InlineContent, InlineImage};

impl Cascade<'_> {
    // Longer than 120 lines (about 125): loading (local, remote, data: refused) with
    // one warning per image, then sizing from attributes and CSS; the two halves
    // could be split at `let image = loaded.ok()?`. Left for a later change.
    /// Loads and sizes an image; `None` (with a warning) if it cannot be drawn.
    pub(super) fn image(&mut self, img: &ImageRef, ctx: &Ctx) -> Option<InlineImage> {
        let ImageRef { url, alt, attrs, style_at, span } = img;
        let lower = url.to_ascii_lowercase();
        let remote = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//");
        let loaded = match self.images.iter().find(|(u, _)| u == url) {
            Some((_, r)) => r.clone(),
            None => {
                let r = if remote && !self.remote {
                    Err("remote images are not fetched; cvpdf goes on the network only when asked".to_string())
                } else if remote {
                    match self.loader {
                        Some(load) if lower.starts_with("//") => load(&format!("https:{url}")).and_then(crate::image::probe_noted),
                        Some(load) => load(url).and_then(crate::image::probe_noted),
                        None => Err("no files can be read here".to_string()),
                    }
                } else if lower.starts_with("data:") {
                    Err("data: URLs are not supported".to_string())
                } else if url.trim().is_empty() {
                    Err("it has no source".to_string())
                } else {
                    match self.loader {
                        Some(load) => load(url).and_then(crate::image::probe_noted),
                        None => Err("no files can be read here".to_string()),
                    }
                };
                // What of the image is left out (an SVG's embedded images) is said once.
                let r = r.map(|(image, notes)| {
                    for note in notes {
                        self.warnings.push(Diagnostic::warning(span.clone(), format!("image `{url}`: {note}")));
                    }
                    image
                });
                if let Err(e) = &r {
                    let mut d = Diagnostic::warning(span.clone(), format!("image `{url}` is shown as its alt text: {e}"));
                    if remote && !self.remote {
                        d = d.with_hint("pass `--allow-remote` to fetch it, or download the image next to the document");
                    }
                    self.warnings.push(d);
                }
                self.images.push((url.to_string(), r.clone()));
                r
            }
        };
        let image = loaded.ok()?;
        // Size: attributes, then CSS (style attribute and rules for `img`), else the
        // intrinsic size at 96 pixels per inch.
        let mut width = None;
        let mut height = None;
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let root = self.root_size;
        let px = |v: &str| {
            let v = v.trim();
            if v.ends_with('%') {
                None
            } else if let Ok(n) = v.parse::<f32>() {
                Some(n * 0.75)
            } else {
                css::length(v, ctx.size, root, 0.0)
            }
        };
        if let Some(w) = attr("width").and_then(px) {
            width = Some(w);
        }
        if let Some(h) = attr("height").and_then(px) {
            height = Some(h);
        }
        self.stack.push(ElInfo {
            id: attr("id").map(str::to_string),
            classes: attr("class").map(|c| c.split_whitespace().map(str::to_string).collect()).unwrap_or_default(),
            ..ElInfo::tag("img")
        });
        let style = attr("style").map(|s| StyleAttr::new(s, style_at.as_ref(), self.source));
        let decls = self.matching(style.as_ref(), Some(span));
        self.stack.pop();
        let mut max_width = None;
        self.pending_float = None;
        for d in decls {
            match d.name {
                "width" => width = px(d.value).filter(|w| *w > 0.0).or(width),
                "height" => height = px(d.value).filter(|h| *h > 0.0).or(height),
                "max-width" => max_width = px(d.value),
                "float" => {
                    self.pending_float = match d.value.trim().to_ascii_lowercase().as_str() {
                        "left" | "inline-start" => Some(crate::style::boxes::FloatSide::Left),
                        "right" | "inline-end" => Some(crate::style::boxes::FloatSide::Right),
                        _ => None,
                    }
                }
                _ => {}
            }
        }
        let (iw, ih) = (image.width as f32 * 0.75, image.height as f32 * 0.75);
        let (mut w, mut h) = match (width, height) {
            (Some(w), Some(h)) => (w, h),
            (Some(w), None) => (w, ih * w / iw),
            (None, Some(h)) => (iw * h / ih, h),
            (None, None) => (iw, ih),
        };
        if let Some(m) = max_width.filter(|m| *m > 0.0 && w > *m) {
            h *= m / w;
            w = m;
        }
        let big = w.max(h);
        if big.is_finite() && big > css::MAX_LENGTH {
            w *= css::MAX_LENGTH / big;
            h *= css::MAX_LENGTH / big;
            self.warnings.push(Diagnostic::warning(
                span.clone(),
                format!(
                    "image `{}` is {big:.0}pt across, larger than cvpdf lays out; it is scaled down to {}pt",
                    shown(url),
                    css::MAX_LENGTH
                ),
            ));
        }
        let alt = alt.to_string();
        (w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()).then_some(InlineImage {
            content: InlineContent::Image(image),
            width: w,
            height: h,
            depth: 0.0,
            percent: None,
            alt,
        })
    }
}

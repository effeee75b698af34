//! Links: `<a>` areas over the page (drawn last, so that nothing covers them), and an
//! element with an `id` at each place a `#name` link goes to.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;

use super::write::{escape, num, Ids};
use super::SvgOptions;
use crate::diag::Diagnostic;
use crate::geom::{Point, Size};
use crate::layout::{FrameItem, PagedDocument};

/// Where the document's `#name` links go: by the link's URL, the page index and
/// point of its target.
pub(super) struct Targets {
    places: BTreeMap<String, (usize, Point)>,
}

impl Targets {
    /// The targets of every `#name` link of the document that has one.
    pub(super) fn of(doc: &PagedDocument) -> Self {
        let mut places = BTreeMap::new();
        for page in &doc.pages {
            for (_, item) in &page.items {
                if let FrameItem::Link { url, .. } = item {
                    if url.starts_with('#') && !places.contains_key(&url[..]) {
                        if let Some(place) = doc.link_target(url) {
                            places.insert(url.to_string(), place);
                        }
                    }
                }
            }
        }
        Targets { places }
    }

    /// Writes an invisible point with the target's id at each target on the page.
    pub(super) fn write_anchors(&self, out: &mut String, page: usize, ids: &Ids<'_>) {
        for (url, (p, at)) in &self.places {
            if *p == page {
                out.push_str("<rect id=\"");
                escape(out, &anchor_id(ids, url));
                let _ = writeln!(out, "\" x=\"{}\" y=\"{}\" width=\"1\" height=\"1\" fill=\"none\"/>", num(at.x), num(at.y));
            }
        }
    }
}

/// The id of the target of a `#name` link: the name as written in the URL (`top` for
/// `#`), after the prefix.
fn anchor_id(ids: &Ids<'_>, url: &str) -> String {
    let name = url.strip_prefix('#').unwrap_or(url);
    format!("{}{}", ids.prefix, if name.is_empty() { "top" } else { name })
}

/// A link's URL and its areas (top-left corner and size).
type Link = (Arc<str>, Vec<(Point, Size)>);

/// The link areas of a page, by URL in order of first appearance.
#[derive(Default)]
pub(super) struct Areas {
    links: Vec<Link>,
}

impl Areas {
    pub(super) fn add(&mut self, pos: Point, size: Size, url: &Arc<str>) {
        match self.links.iter_mut().find(|(u, _)| u == url) {
            Some((_, areas)) => areas.push((pos, size)),
            None => self.links.push((url.clone(), vec![(pos, size)])),
        }
    }

    /// Writes one `<a>` per link with a transparent rectangle per area. A `#name`
    /// link without a target is left out (the style stage warned about it), and so
    /// is one a browser would run as a script, with a warning.
    pub(super) fn write(
        &self,
        out: &mut String,
        page: usize,
        ids: &Ids<'_>,
        options: &SvgOptions,
        targets: &Targets,
        warnings: &mut Vec<Diagnostic>,
    ) {
        for (url, areas) in &self.links {
            let href = if url.starts_with('#') {
                let Some((p, _)) = targets.places.get(&url[..]) else { continue };
                let file = match &options.page_href {
                    Some(pattern) if *p != page => pattern.replace("{page}", &(p + 1).to_string()),
                    _ => String::new(),
                };
                format!("{file}#{}", anchor_id(ids, url))
            } else if runs_script(url) {
                let message = format!("the link to `{url}` is left out of the SVG: a browser would run it as a script");
                if !warnings.iter().any(|w| w.message == message) {
                    warnings.push(Diagnostic::warning(None, message).with_hint("link to an `https:` or `mailto:` address instead"));
                }
                continue;
            } else {
                url.to_string()
            };
            out.push_str("<a xlink:href=\"");
            escape(out, &href);
            out.push_str("\">");
            for (pos, size) in areas {
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" pointer-events=\"all\"/>",
                    num(pos.x),
                    num(pos.y),
                    num(size.width),
                    num(size.height)
                );
            }
            out.push_str("</a>\n");
        }
    }
}

/// Whether a browser would run the URL as a script (`javascript:`, `vbscript:`) or
/// open it as a document of its own making (`data:`). Browsers ignore tabs and line
/// breaks in a URL and read the scheme in any case.
fn runs_script(url: &str) -> bool {
    let scheme: String =
        url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).take(11).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| scheme.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::runs_script;

    #[test]
    fn script_urls_are_recognised() {
        assert!(runs_script("javascript:alert(1)"));
        assert!(runs_script(" Java\tScript:alert(1)"));
        assert!(runs_script("data:text/html,<script>"));
        assert!(!runs_script("https://example.com/javascript:"));
        assert!(!runs_script("mailto:ada@example.com"));
    }
}

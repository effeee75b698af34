//! `cvpdf check`: the facts about a rendered document, and hints for applicant
//! tracking systems (ATS).

use std::fmt::Write as _;

use cvpdf::ats::{contacts, AtsReport, ContactKind};
use cvpdf::diag::Diagnostic;
use cvpdf::front_matter::FrontMatter;
use cvpdf::layout::{FrameItem, PagedDocument};

/// What `check` found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Number of pages.
    pub pages: usize,
    /// `max_pages`, if set.
    pub max_pages: Option<u32>,
    /// Font names, in order of first use.
    pub fonts: Vec<String>,
    /// Characters drawn without a glyph (the font's `.notdef`).
    pub missing_glyphs: Vec<char>,
    /// Number of images.
    pub images: usize,
    /// Images without alternative text.
    pub images_without_alt: usize,
    /// Link targets, in order, without repeats.
    pub links: Vec<String>,
    /// Hints for applicant tracking systems.
    pub ats_hints: Vec<String>,
    /// What an applicant tracking system reads ([`cvpdf::ats::analyze`]).
    pub ats: Option<AtsReport>,
    /// The configuration file used, if any.
    pub config: Option<String>,
}

/// Gathers the facts; returns the report and the diagnostics it adds (images without
/// alt text are warnings, more pages than `max_pages` is an error).
pub fn inspect(source: &str, fm: &FrontMatter, doc: &PagedDocument) -> (Report, Vec<Diagnostic>) {
    let mut r = Report { pages: doc.pages.len(), max_pages: fm.max_pages, ..Report::default() };
    let mut diags = Vec::new();
    // The links listed so far (a set: a document may have many).
    let mut seen_links: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for page in &doc.pages {
        for (_, item) in &page.items {
            match item {
                FrameItem::Text(t) => {
                    let name = &doc.fonts.face(t.font).name;
                    if !r.fonts.contains(name) {
                        r.fonts.push(name.clone());
                    }
                    for g in t.glyphs.iter().filter(|g| g.id == 0) {
                        for c in t.text.get(g.text_range()).unwrap_or("").chars() {
                            if !c.is_whitespace() && !r.missing_glyphs.contains(&c) {
                                r.missing_glyphs.push(c);
                            }
                        }
                    }
                }
                FrameItem::Image { alt, .. } => {
                    r.images += 1;
                    if alt.trim().is_empty() {
                        r.images_without_alt += 1;
                    }
                }
                FrameItem::Link { url, .. } if seen_links.insert(url) => r.links.push(url.to_string()),
                _ => {}
            }
        }
    }
    if r.images_without_alt > 0 {
        diags.push(
            Diagnostic::warning(None, format!("{} image(s) without alt text", r.images_without_alt))
                .with_hint("write `![what it shows](file.png)`; screen readers and ATS read the alt text"),
        );
    }
    if let Some(max) = fm.max_pages {
        if r.pages > max as usize {
            let span = source.get(..fm.body_start).and_then(|fmt| fmt.find("max_pages")).map(|i| i..i + 9);
            diags.push(
                Diagnostic::error(span, format!("the document has {} pages, more than `max_pages: {max}`", r.pages))
                    .with_hint("shorten it, or reduce the margins or the font size"),
            );
        }
    }
    let body = source.get(fm.body_start..).unwrap_or("");
    let templates = [&fm.page.header_template, &fm.page.footer_template].into_iter().flatten().fold(String::new(), |acc, t| acc + t + "\n");
    let found = |kind: ContactKind, text: &str| contacts::contacts(text).iter().any(|(k, _)| *k == kind);
    for (what, kind) in [("e-mail address", ContactKind::Email), ("phone number", ContactKind::Phone)] {
        if found(kind, &templates) && !found(kind, body) {
            r.ats_hints.push(format!("the {what} is only in the header or footer template; many ATS skip those, so repeat it in the body"));
        }
    }
    if fm.max_pages.is_none() && r.pages > 2 {
        r.ats_hints.push(format!("{} pages; most résumés fit on one or two (set `max_pages` to check)", r.pages));
    }
    r.ats = Some(cvpdf::ats::analyze(doc));
    (r, diags)
}

/// The report in words, for people.
pub fn human(file: &str, r: &Report) -> String {
    let mut out = String::new();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let max = r.max_pages.map_or(String::new(), |m| format!(" (max_pages: {m})"));
    let _ = writeln!(out, "{}: {}{max}", super::report::echo(file), plural(r.pages, "page"));
    let fonts: Vec<String> = r.fonts.iter().map(|f| super::report::echo(f)).collect();
    let _ = writeln!(out, "  fonts: {}", if fonts.is_empty() { "none".into() } else { fonts.join(", ") });
    let shown = |c: &char| super::report::escaped_char(*c).map_or_else(|| format!("{c:?}"), |e| format!("'{e}'"));
    let missing: String = r.missing_glyphs.iter().map(|c| format!("{} U+{:04X} ", shown(c), *c as u32)).collect();
    let _ = writeln!(out, "  characters without glyphs: {}", if missing.is_empty() { "none" } else { missing.trim_end() });
    let _ = writeln!(out, "  images: {} ({} without alt text)", r.images, r.images_without_alt);
    let _ = writeln!(out, "  links: {}", plural(r.links.len(), "link"));
    for link in &r.links {
        let _ = writeln!(out, "    {}", super::report::echo(link));
    }
    if let Some(ats) = &r.ats {
        ats_summary(&mut out, ats);
    }
    for hint in &r.ats_hints {
        let _ = writeln!(out, "  ats: {}", super::report::echo(hint));
    }
    let _ = writeln!(out, "  configuration: {}", r.config.as_deref().map_or("none".into(), super::report::echo));
    out
}

/// What an applicant tracking system reads, in a few lines: the headings and
/// contact details found, then each warning with its page.
fn ats_summary(out: &mut String, ats: &AtsReport) {
    let headings: Vec<String> = ats.headings.iter().map(|h| super::report::echo(&h.text)).collect();
    let _ = writeln!(out, "  ats: headings: {}", if headings.is_empty() { "none found".into() } else { headings.join(" · ") });
    let contacts: Vec<String> = ats.contacts.iter().map(|c| format!("{} {}", contact_name(c.kind), super::report::echo(&c.text))).collect();
    let _ = writeln!(out, "  ats: contact details: {}", if contacts.is_empty() { "none found".into() } else { contacts.join(" · ") });
    for w in &ats.warnings {
        let _ = writeln!(out, "  ats: page {}: {}", w.page + 1, super::report::echo(&w.message));
    }
}

/// A contact detail's kind in words.
fn contact_name(kind: ContactKind) -> &'static str {
    match kind {
        ContactKind::Email => "e-mail",
        ContactKind::Phone => "phone",
        ContactKind::Linkedin => "LinkedIn",
        ContactKind::Github => "GitHub",
        ContactKind::Url => "web",
        ContactKind::Location => "place",
    }
}

/// The report as one JSON object on one line.
pub fn json(file: &str, r: &Report) -> String {
    let value = serde_json::json!({
        "type": "report",
        "file": super::report::echo(file),
        "pages": r.pages,
        "max_pages": r.max_pages,
        "fonts": r.fonts.iter().map(|f| super::report::echo(f)).collect::<Vec<_>>(),
        "missing_glyphs": r.missing_glyphs.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        "images": r.images,
        "images_without_alt": r.images_without_alt,
        "links": r.links.iter().map(|l| super::report::echo(l)).collect::<Vec<_>>(),
        "ats_hints": r.ats_hints.iter().map(|h| super::report::echo(h)).collect::<Vec<_>>(),
        "config": r.config.as_deref().map(super::report::echo),
        "ats": r.ats.as_ref().and_then(|a| serde_json::to_value(a).ok()),
    });
    format!("{value}\n")
}

//! Gathering the document's style sheets, matching their rules against the element
//! stack, and pointing warnings at the CSS that caused them.

use super::attr::StyleAttr;
use super::{shown, Cascade};
use crate::diag::Diagnostic;
use crate::front_matter::FrontMatter;
use crate::geom::Sides;
use crate::model::{Document, Span};
use crate::style::css::{self, PageRule};
use crate::style::load::SheetReader;
use crate::style::origins::{align, strip_comments, Mapped};
use crate::style::theme::{BASE_CSS, DEFAULT_THEME_CSS, GITHUB_CSS, GITHUB_THEME_CSS, THEMES};
use crate::style::PageSetup;
use crate::Loader;
use simplecss::Declaration;

/// Applies `@page { size; margin }` as Chrome does with `preferCSSPageSize`. Returns
/// the properties (`size`, `margin`) with a length out of range: a page side is at
/// most [`css::MAX_LENGTH`], a margin from 0 to that.
pub(super) fn apply_page_rule(rule: &PageRule, page: &mut PageSetup) -> Vec<&'static str> {
    let mut out_of_range = Vec::new();
    if let Some(size) = &rule.size {
        let words: Vec<&str> = size.split_whitespace().collect();
        let landscape = words.iter().any(|w| w.eq_ignore_ascii_case("landscape"));
        let named = words.iter().find_map(|w| crate::front_matter::format_size(w));
        let lengths: Vec<f32> = words.iter().filter_map(|w| css::length(w, 12.0, 12.0, 0.0)).collect();
        if lengths.iter().any(|l| *l > css::MAX_LENGTH) {
            out_of_range.push("size");
        }
        let lengths: Vec<f32> = lengths.into_iter().map(|l| l.min(css::MAX_LENGTH)).collect();
        let mut s = match (named, lengths.as_slice()) {
            (Some(s), _) => s,
            (None, [w, h]) => crate::geom::Size::new(*w, *h),
            (None, [w]) => crate::geom::Size::new(*w, *w),
            _ => page.size,
        };
        if landscape && s.width < s.height {
            s = crate::geom::Size::new(s.height, s.width);
        }
        if s.width > 1.0 && s.height > 1.0 {
            page.size = s;
        }
    }
    if let Some(m) = &rule.margin {
        let v: Vec<f32> = m.split_whitespace().filter_map(|w| css::length(w, 12.0, 12.0, 0.0)).collect();
        if v.iter().any(|l| !(0.0..=css::MAX_LENGTH).contains(l)) {
            out_of_range.push("margin");
        }
        let v: Vec<f32> = v.into_iter().map(|l| l.clamp(0.0, css::MAX_LENGTH)).collect();
        if let Some(s) = Sides::from_shorthand(&v) {
            page.margin = s;
        }
    }
    out_of_range
}

impl<'t> Cascade<'t> {
    /// The declarations for the element on top of the stack (its rules, then its
    /// `style` attribute), with a warning the first time the document's rules have
    /// cost too much to match (`span`: where the element is). The attribute's way
    /// back to the source is kept for [`Cascade::span_of_declaration`] until the next
    /// element is matched.
    pub(super) fn matching<'s>(&mut self, style: Option<&'s StyleAttr<'_>>, span: Option<&Span>) -> Vec<Declaration<'s>>
    where
        't: 's,
    {
        self.style_attr = style.map(|s| s.back.clone()).unwrap_or_default();
        let decls = self.sheets.matching_with_style(&self.stack, style.map(|s| s.text.as_ref()));
        for sel in self.sheets.take_blind() {
            let tag = self.stack.last().map(|e| e.tag.clone()).unwrap_or_default();
            self.warn_once(format!("blind selector {sel}"), |_| {
                Diagnostic::warning(
                    span.cloned(),
                    format!(
                        "CSS selector `{}` needs the siblings of a `<{tag}>`, which cvpdf does not track (images, `<progress>` and `<meter>`): it does not match there",
                        shown(sel)
                    ),
                )
                .with_hint("structural pseudo-classes (`:nth-child()`, `:last-child`, …) and sibling combinators (`+`, `~`) match blocks, list items, table rows and cells, and inline elements")
            });
        }
        if self.sheets.over_budget() {
            let rules = self.sheets.user_rules();
            self.warnings.push(
                Diagnostic::warning(
                    span.cloned(),
                    format!(
                        "the document's {rules} CSS rules take too long to match against its elements (over {} selector tests); from here on only the theme's rules apply",
                        css::MAX_MATCH_WORK
                    ),
                )
                .with_hint("use fewer rules, or simpler selectors (classes rather than long descendant chains)"),
            );
        }
        decls
    }

    /// One warning per selector no element can match (the first few; then one for
    /// the rest), at the selector where the document writes it.
    pub(super) fn warn_selectors(&mut self, selectors: &[css::Unsupported]) {
        const SHOWN: usize = 5;
        for (sel, why, at) in selectors.iter().take(SHOWN) {
            self.warnings.push(
                Diagnostic::warning(at.clone(), format!("CSS selector `{}` is not supported ({why}); its rule is ignored", shown(sel)))
                    .with_hint(css::supported_hint()),
            );
        }
        if selectors.len() > SHOWN {
            let rest: Vec<_> = selectors[SHOWN..].iter().map(|(s, _, _)| shown(s)).take(8).collect();
            let more = if selectors.len() > SHOWN + 8 { ", …" } else { "" };
            self.warnings.push(Diagnostic::warning(
                None,
                format!(
                    "{} more CSS selectors are not supported and their rules are ignored: {}{more}",
                    selectors.len() - SHOWN,
                    rest.join(", ")
                ),
            ));
        }
    }

    /// Where a declaration is written in the document: recorded when its rule was
    /// read, or, for one of the `style` attribute last matched, from where the model
    /// says the attribute's value is; else the element's span.
    pub(super) fn span_of_declaration(&self, d: &Declaration<'_>, span: &Option<Span>) -> Option<Span> {
        self.sheets.span_of(d).or_else(|| self.style_attr.span_of(d.name)).or_else(|| span.clone())
    }
}

/// Where the declarations that set some box properties are written (the last that
/// applied of each), for the warnings about what they set, given once all of an
/// element's declarations have applied.
#[derive(Debug, Clone, Default)]
pub(super) struct SetAt {
    height: Option<Span>,
    display: Option<Span>,
}

impl SetAt {
    /// Notes that a declaration of `name`, written at `at`, has set its property.
    pub(super) fn note(&mut self, name: &str, at: impl FnOnce() -> Option<Span>) {
        let slot = match name {
            "height" => &mut self.height,
            "display" => &mut self.display,
            _ => return,
        };
        *slot = at();
    }

    /// Where the declaration that set `height` is written.
    pub(super) fn height(&self) -> Option<Span> {
        self.height.clone()
    }

    /// Where the declaration that set `display` is written.
    pub(super) fn display(&self) -> Option<Span> {
        self.display.clone()
    }
}

/// The CSS texts of the document, lowest priority first: the built-in rules and
/// theme, the stylesheets it names, its front matter `css` and its `<style>`s, each
/// after the texts it imports, at-rules resolved and comments stripped, with the way
/// back to where the document writes it. Also the `@page` declarations. `load` is
/// the loader, whether remote URLs go to it, and whether the medium is print.
pub(super) fn gather(
    doc: &Document,
    fm: &FrontMatter,
    (loader, remote, print): (Option<&Loader>, bool, bool),
    source: &str,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Mapped>, PageRule) {
    let mut reader = SheetReader::new(loader, remote, print);
    let mut texts = vec![Mapped::elsewhere(BASE_CSS.to_string())];
    // md-to-pdf replaces its own stylesheet with the ones the document names; a
    // github-markdown-css URL or `theme: github` means GitHub's look, which is the
    // built-in element defaults.
    let github_sheet = fm.stylesheets.iter().any(|s| s.to_ascii_lowercase().contains(GITHUB_CSS));
    let theme_name = fm.theme.as_deref().map(str::to_ascii_lowercase);
    let use_default_theme = match theme_name.as_deref() {
        Some("github") => false,
        Some("default") => true,
        _ => !github_sheet,
    };
    texts.push(Mapped::elsewhere(if use_default_theme { DEFAULT_THEME_CSS } else { GITHUB_THEME_CSS }.to_string()));
    for sheet in &fm.stylesheets {
        let lower = sheet.to_ascii_lowercase();
        if lower.contains(GITHUB_CSS) {
            continue; // the built-in theme is GitHub's look
        }
        let is_remote = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//");
        if is_remote && !remote {
            warnings.push(
                Diagnostic::warning(None, format!("stylesheet `{sheet}` is not fetched; the built-in theme is used"))
                    .with_hint("pass `--allow-remote` to fetch it, or save the stylesheet next to the document"),
            );
            continue;
        }
        let https = format!("https:{sheet}");
        let loaded = match loader {
            Some(load) if lower.starts_with("//") => load(&https),
            Some(load) => load(sheet),
            None => Err("no files can be read here".into()),
        };
        match loaded {
            Ok(bytes) => {
                reader.read(&String::from_utf8_lossy(&bytes), if lower.starts_with("//") { &https } else { sheet }, &mut texts, None)
            }
            Err(e) => warnings.push(Diagnostic::warning(None, format!("stylesheet `{sheet}` is not used: {e}"))),
        }
    }
    if let Some(name) = &fm.theme {
        if !THEMES.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            warnings.push(
                Diagnostic::warning(None, format!("unknown theme `{name}`; the default theme is used"))
                    .with_hint(format!("built-in themes: {}", THEMES.join(", "))),
            );
        }
    }
    // The document's own CSS, each text with the way back to where it is written.
    if let Some(css) = &fm.css {
        let origin = align(css, source, 0..fm.body_start.min(source.len()));
        reader.read(css, "", &mut texts, origin);
    }
    for (css, span) in &doc.styles {
        let origin = align(css, source, style_region(source, span));
        reader.read(css, "", &mut texts, origin);
    }
    warnings.append(&mut reader.warnings);
    let at_rules = reader.at;
    for name in &at_rules.skipped {
        let what = match name.as_str() {
            "font-face" => "`@font-face` is skipped: web fonts are not loaded; text is set in cvpdf's bundled fonts".to_string(),
            "supports" => "`@supports` conditions are not tested: the rules inside apply".to_string(),
            "layer" => "`@layer` order is not applied: layered rules cascade in source order".to_string(),
            "container" => "`@container` queries are not tested: the rules inside do not apply".to_string(),
            _ => format!("`@{}` rules are skipped", shown(name)),
        };
        warnings.push(Diagnostic::warning(None, what));
    }
    if at_rules.too_deep > 0 {
        warnings.push(Diagnostic::warning(
            None,
            format!("{} `@media` blocks nested deeper than {} levels are ignored", at_rules.too_deep, css::MAX_MEDIA_DEPTH),
        ));
    }
    // One rule per selector, so that a selector cvpdf cannot match drops its own
    // rule only; those selectors are reported below. The first two texts are built in.
    for t in &mut texts {
        let (text, stripped) = strip_comments(&t.text);
        t.text = text;
        t.stages.push(stripped);
    }
    (texts, at_rules.page)
}

/// The part of the source a `<style>` element at `span` holds: to its `</style>`.
pub(super) fn style_region(source: &str, span: &Span) -> Span {
    let start = span.start.min(source.len());
    let end = source.get(start..).and_then(|s| s.find("</style>")).map_or(source.len(), |e| start + e);
    start..end
}

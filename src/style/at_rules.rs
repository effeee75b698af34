//! At-rules, read before the rules: `@media` blocks kept or dropped, `@page`
//! declarations collected, `@import`s listed for the loader, the others skipped.
//! The text is read statement by statement, each at-rule's prelude up to its `;` or
//! `{` outside strings and parentheses (`url(…;…)` and `'…{…'` stay whole), each
//! block up to its matching `}` outside strings.

use super::css::{custom_names_mapped, inline_declarations};
use super::origins::{replace, strip_comments, Origins};
use crate::model::Span;

/// Page settings found in `@page` rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageRule {
    /// The `size` value.
    pub size: Option<String>,
    /// The `margin` value.
    pub margin: Option<String>,
    /// Where the document writes the `size` declaration (its name), if it does.
    pub size_at: Option<Span>,
    /// Where the document writes the `margin` declaration (its name), if it does.
    pub margin_at: Option<Span>,
}

/// `@media` (and `@supports`, `@layer`) blocks nest at most this deep; deeper ones
/// are dropped (each level is one more pass over its text).
pub const MAX_MEDIA_DEPTH: usize = 16;

/// An `@import` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The URL as written (unquoted).
    pub url: String,
    /// Its media list allows the medium cvpdf renders for (none written: yes).
    pub media: bool,
    /// It came after other rules (or inside a block), where browsers ignore it.
    pub late: bool,
    /// Where the document writes the rule (`@import` to its `;`), if it does.
    pub at: Option<Span>,
}

/// What [`preprocess`] found besides the rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AtRules {
    /// The declarations of `@page` rules.
    pub page: PageRule,
    /// How many `@media` blocks were dropped for nesting deeper than
    /// [`MAX_MEDIA_DEPTH`].
    pub too_deep: usize,
    /// The `@import` rules of the text last read, in order (the reader takes them).
    pub imports: Vec<Import>,
    /// The names of other at-rules skipped (`font-face`, `keyframes`, …) and of those
    /// read approximately (`supports`, `layer`), each once, lowercase.
    pub skipped: Vec<String>,
}

/// Resolves at-rules simplecss skips: keeps the content of `@media screen` (and of
/// `@media print` when `print`), of `@supports` and `@layer`, drops other media
/// blocks and other at-rules, lists `@import`s and collects `@page` declarations.
pub fn preprocess(css: &str, print: bool, at: &mut AtRules) -> String {
    preprocess_mapped(css, print, at, None).0
}

/// [`preprocess`], and where the result came from: the rewrites' [`Origins`], first
/// to last. `origin` leads from `css` to the document's source when the document
/// writes it there: the `@import` and `@page` declarations read get their spans.
pub fn preprocess_mapped(css: &str, print: bool, at: &mut AtRules, origin: Option<&Origins>) -> (String, Vec<Origins>) {
    let (css, stripped) = strip_comments(css);
    let mut rules_before = false;
    let mut out = String::with_capacity(css.len());
    let mut kept = Origins::default();
    // The statements record spans in the text they read (comments stripped); they
    // are taken to the source here, the ends on their own.
    let to_source = |r: Option<Span>| {
        let (r, o) = (r?, origin?);
        Some(o.get(stripped.get(r.start))..o.get(stripped.get(r.end)))
    };
    let earlier = std::mem::take(&mut at.page);
    let imports_before = at.imports.len();
    statements(&css, 0, print, at, 0, &mut rules_before, (&mut out, &mut kept));
    let page = std::mem::replace(&mut at.page, earlier);
    if page.size.is_some() {
        (at.page.size, at.page.size_at) = (page.size, to_source(page.size_at));
    }
    if page.margin.is_some() {
        (at.page.margin, at.page.margin_at) = (page.margin, to_source(page.margin_at));
    }
    for import in &mut at.imports[imports_before..] {
        import.at = to_source(import.at.take());
    }
    // `:root` is the `html` element (simplecss knows no `:root`).
    let (out, root) = replace(&out, ":root", "html");
    let (out, custom) = custom_names_mapped(&out);
    (out, vec![stripped, kept, root, custom])
}

/// Whether a media query list applies to the page (`screen`, `all`, or `print`
/// when rendering for print).
fn media_applies(media: &str, print: bool) -> bool {
    let media = media.to_ascii_lowercase();
    media.contains("all") || media.contains("screen") && !media.contains("not") || print && media.contains("print")
}

/// The index of the first of `stops` at or after `from` outside strings,
/// parentheses and brackets; the text's length if there is none.
fn scan_to(css: &str, from: usize, stops: &[u8]) -> usize {
    let b = css.as_bytes();
    let mut depth = 0usize;
    let mut quote = None;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) => {
                if c == b'\\' {
                    i += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                _ if depth == 0 && stops.contains(&c) => return i,
                b'\\' => i += 1,
                b'"' | b'\'' => quote = Some(c),
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        i += 1;
    }
    b.len()
}

/// The index of the `}` closing the block opened at `open`, outside strings; the
/// text's length if it is not closed.
fn block_end(css: &str, open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    loop {
        i = scan_to(css, i, b"{}");
        match css.as_bytes().get(i) {
            Some(b'{') => depth += 1,
            Some(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i;
                }
            }
            None => return i,
        }
        i += 1;
    }
}

/// The URL of an `@import` prelude (`url(x)`, `url('x')`, `"x"`) and what follows it.
fn import_url(prelude: &str) -> Option<(String, &str)> {
    let p = prelude.trim_start();
    let unquote = |s: &str| -> Option<(String, usize)> {
        let q = s.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let close = 1 + s[1..].find(q)?;
        Some((s[1..close].to_string(), close + 1))
    };
    if p.len() >= 4 && p[..4].eq_ignore_ascii_case("url(") {
        let close = scan_to(p, 4, b")");
        let inner = p[4..close.min(p.len())].trim();
        let url = match unquote(inner) {
            Some((u, _)) => u,
            None => inner.to_string(),
        };
        return Some((url, p.get(close + 1..).unwrap_or("")));
    }
    let (url, used) = unquote(p)?;
    Some((url, &p[used..]))
}

/// Reads the statements of `css`: rules are kept as written, at-rules resolved.
/// `rules_before` says whether a rule (or an at-rule other than `@charset` and
/// `@layer` lists) came before, which makes a later `@import` invalid.
/// The kept text goes to `out`, and where it came from (offsets from `base`, where
/// `css` starts in the text read) to `origins`.
fn statements(
    css: &str,
    base: usize,
    print: bool,
    at: &mut AtRules,
    depth: usize,
    rules_before: &mut bool,
    (out, origins): (&mut String, &mut Origins),
) {
    let b = css.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            origins.copied(out.len(), base + i);
            out.push(b[i] as char);
            i += 1;
            continue;
        }
        if b[i] != b'@' {
            // A rule: its selectors up to `{`, then its block.
            let open = scan_to(css, i, b"{");
            let close = block_end(css, open);
            origins.copied(out.len(), base + i);
            out.push_str(&css[i..(close + 1).min(b.len())]);
            i = close + 1;
            *rules_before = true;
            continue;
        }
        let name_end = i + 1 + css[i + 1..].find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_')).unwrap_or(css.len() - i - 1);
        let name = css[i + 1..name_end].to_ascii_lowercase();
        let stop = scan_to(css, name_end, b";{}");
        let prelude = css[name_end..stop].trim();
        if b.get(stop) != Some(&b'{') {
            // A statement: `@import …;`, `@charset …;`, `@layer a, b;`.
            match name.as_str() {
                "import" => {
                    if let Some((url, media)) = import_url(prelude) {
                        // `layer(…)` and `supports(…)` are left out: the rules apply
                        // as if unlayered.
                        let list = strip_functions(media);
                        let applies = list.trim().is_empty() || media_applies(&list, print);
                        let end = if b.get(stop) == Some(&b';') { stop + 1 } else { stop };
                        let written = Some(base + i..base + end);
                        at.imports.push(Import { url, media: applies, late: *rules_before || depth > 0, at: written });
                    }
                }
                "charset" | "layer" | "namespace" => {}
                _ => skipped(at, &name),
            }
            if !matches!(name.as_str(), "import" | "charset" | "layer") {
                *rules_before = true;
            }
            i = stop + 1;
            continue;
        }
        *rules_before = true;
        let close = block_end(css, stop);
        let body = &css[stop + 1..close.min(b.len())];
        match name.as_str() {
            "media" | "supports" | "layer" | "container" => {
                let keep = match name.as_str() {
                    "media" => media_applies(prelude, print),
                    "container" => false,
                    _ => true,
                };
                if name != "media" {
                    skipped(at, &name);
                }
                if keep && depth >= MAX_MEDIA_DEPTH {
                    at.too_deep += 1;
                } else if keep {
                    statements(body, base + stop + 1, print, at, depth + 1, rules_before, (&mut *out, &mut *origins));
                }
            }
            "page" => {
                for d in inline_declarations(body) {
                    let name_at = base + (d.name.as_ptr() as usize - css.as_ptr() as usize);
                    let written = Some(name_at..name_at + d.name.len());
                    match d.name {
                        "size" => (at.page.size, at.page.size_at) = (Some(d.value.to_string()), written),
                        "margin" => (at.page.margin, at.page.margin_at) = (Some(d.value.to_string()), written),
                        _ => {}
                    }
                }
            }
            _ => skipped(at, &name),
        }
        i = close + 1;
    }
}

/// A media list without `layer(…)`, `supports(…)` and a bare `layer`.
fn strip_functions(media: &str) -> String {
    let mut out = String::new();
    let mut rest = media;
    while !rest.is_empty() {
        let lower = rest.to_ascii_lowercase();
        if lower.starts_with("layer(") || lower.starts_with("supports(") {
            let open = rest.find('(').unwrap_or(0);
            rest = rest.get(scan_to(rest, open + 1, b")") + 1..).unwrap_or("");
            continue;
        }
        if lower.starts_with("layer") && lower[5..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '-') {
            rest = &rest[5..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Notes an at-rule skipped (or read approximately), once per name.
fn skipped(at: &mut AtRules, name: &str) {
    if !at.skipped.iter().any(|n| n == name) && at.skipped.len() < 32 {
        at.skipped.push(name.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_and_page_rules() {
        let mut at = AtRules::default();
        let css = "@import url(x.css);\n@media print { h1 { color: red } }\n@media screen { p { color: blue } }\n@page { size: A4; margin: 1cm }\nb { color: green }";
        let out = preprocess(css, false, &mut at);
        assert!(!out.contains("red") && out.contains("blue") && out.contains("green"));
        assert_eq!(at.page.margin.as_deref(), Some("1cm"));
        assert!(preprocess(css, true, &mut at).contains("red"));
    }

    #[test]
    fn media_blocks_nest_a_bounded_depth() {
        let mut at = AtRules::default();
        let css = format!("{}p {{ color: red }}{}", "@media all {".repeat(100_000), "}".repeat(100_000));
        let out = preprocess(&css, false, &mut at);
        assert_eq!(at.too_deep, 1);
        assert!(!out.contains("red"));
        let css = format!("{}p {{ color: red }}{}", "@media all {".repeat(MAX_MEDIA_DEPTH), "}".repeat(MAX_MEDIA_DEPTH));
        assert!(preprocess(&css, false, &mut AtRules::default()).contains("red"));
    }

    #[test]
    fn imports_keep_their_urls_whole() {
        let mut at = AtRules::default();
        let css = "@charset \"utf-8\";\n@import url('https://fonts.example/css2?family=Inter:wght@400;500;600;700&display=swap');\n\
                   @import \"local.css\" print;\n@import url(a;b.css) screen and (min-width: 1px);\n@import 'l.css' layer(base);\n\
                   h1 { color: red }\n@import \"late.css\";\np { content: \"@x;{\" }";
        let out = preprocess(css, false, &mut at);
        let urls: Vec<(&str, bool, bool)> = at.imports.iter().map(|i| (i.url.as_str(), i.media, i.late)).collect();
        assert_eq!(
            urls,
            [
                ("https://fonts.example/css2?family=Inter:wght@400;500;600;700&display=swap", true, false),
                ("local.css", false, false),
                ("a;b.css", true, false),
                ("l.css", true, false),
                ("late.css", true, true),
            ]
        );
        assert_eq!(out.trim(), "h1 { color: red }\n\np { content: \"@x;{\" }");
    }

    #[test]
    fn other_at_rules_are_skipped_whole() {
        let mut at = AtRules::default();
        let css = "@font-face { font-family: X; src: url('x}.woff') }\n@keyframes k { from { top: 0 } to { top: 1px } }\n\
                   @supports (display: grid) { h2 { color: blue } }\np { color: red }";
        let out = preprocess(css, false, &mut at);
        assert_eq!(at.skipped, ["font-face", "keyframes", "supports"]);
        assert!(out.contains("h2 { color: blue }") && out.contains("p { color: red }") && !out.contains("woff"), "{out}");
    }
}

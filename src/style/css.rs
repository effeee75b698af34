//! CSS: stylesheets parsed with simplecss, matched against the element stack, and
//! values turned into absolute units.

use simplecss::{AttributeOperator, Declaration, PseudoClass, StyleSheet};

use crate::geom::Rgb;

/// What a selector can see of an element.
#[derive(Debug, Clone, Default)]
pub struct ElInfo {
    /// Tag name.
    pub tag: String,
    /// Id.
    pub id: Option<String>,
    /// Classes.
    pub classes: Vec<String>,
    /// No element comes before it among its siblings (`:first-child`).
    pub first: bool,
    /// The element just before it among its siblings (`a + b`), without its own
    /// previous sibling: chains of `+` look one sibling back.
    pub prev: Option<Box<ElInfo>>,
}

impl ElInfo {
    /// An element with this tag and nothing else known.
    pub fn tag(tag: &str) -> Self {
        Self { tag: tag.into(), ..Default::default() }
    }

    /// The element as the previous sibling of the next one.
    pub fn as_prev(&self) -> Box<ElInfo> {
        Box::new(ElInfo { tag: self.tag.clone(), id: self.id.clone(), classes: self.classes.clone(), first: self.first, prev: None })
    }
}

/// An element in the stack of open elements (or the previous sibling of one), for
/// selector matching.
#[derive(Clone, Copy)]
struct ElRef<'a> {
    stack: &'a [ElInfo],
    /// Its parent is `stack[idx - 1]`.
    idx: usize,
    el: &'a ElInfo,
}

impl simplecss::Element for ElRef<'_> {
    fn parent_element(&self) -> Option<Self> {
        let idx = self.idx.checked_sub(1)?;
        Some(ElRef { stack: self.stack, idx, el: &self.stack[idx] })
    }
    fn prev_sibling_element(&self) -> Option<Self> {
        self.el.prev.as_deref().map(|el| ElRef { el, ..*self })
    }
    fn has_local_name(&self, name: &str) -> bool {
        self.el.tag.eq_ignore_ascii_case(name)
    }
    fn attribute_matches(&self, name: &str, op: AttributeOperator<'_>) -> bool {
        let el = self.el;
        match name {
            "class" => match op {
                AttributeOperator::Contains(c) => el.classes.iter().any(|x| x == c),
                _ => op.matches(&el.classes.join(" ")),
            },
            "id" => el.id.as_deref().is_some_and(|v| op.matches(v)),
            _ => false,
        }
    }
    fn pseudo_class_matches(&self, class: PseudoClass<'_>) -> bool {
        // On paper nothing is hovered, focused, active or visited.
        match class {
            PseudoClass::FirstChild => self.el.first,
            PseudoClass::Link => self.el.tag == "a",
            _ => false,
        }
    }
}

/// One origin of style rules, in cascade order.
pub struct Sheet<'a> {
    /// The parsed rules.
    pub sheet: StyleSheet<'a>,
}

/// All stylesheets, lowest priority first.
pub struct Sheets<'a> {
    sheets: Vec<Sheet<'a>>,
}

impl<'a> Sheets<'a> {
    /// Parses the given CSS texts (already preprocessed), lowest priority first.
    pub fn parse(texts: &'a [String]) -> Self {
        Self { sheets: texts.iter().map(|t| Sheet { sheet: StyleSheet::parse(t) }).collect() }
    }

    /// The declarations that apply to the top of `stack`, in cascade order
    /// (later wins): by importance, then specificity, then source order.
    pub fn matching(&self, stack: &[ElInfo]) -> Vec<Declaration<'a>> {
        let Some(idx) = stack.len().checked_sub(1) else { return vec![] };
        let el = ElRef { stack, idx, el: &stack[idx] };
        let mut found: Vec<(bool, [u8; 3], usize, usize, Declaration<'a>)> = Vec::new();
        let mut order = 0;
        for (si, s) in self.sheets.iter().enumerate() {
            for rule in &s.sheet.rules {
                order += 1;
                if rule.selector.matches(&el) {
                    for d in &rule.declarations {
                        found.push((d.important, rule.selector.specificity(), si, order, *d));
                    }
                }
            }
        }
        found.sort_by_key(|f| (f.0, f.1, f.2, f.3));
        found.into_iter().map(|f| f.4).collect()
    }

    /// [`matching`](Self::matching), then the declarations of the element's `style`
    /// attribute (as [`style_attribute`] gives it), which win over every rule.
    pub fn matching_with_style<'s>(&self, stack: &[ElInfo], style: Option<&'s str>) -> Vec<Declaration<'s>>
    where
        'a: 's,
    {
        let mut decls = self.matching(stack);
        if let Some(s) = style {
            decls.extend(inline_declarations(s));
        }
        decls
    }
}

/// A `style` attribute as cvpdf parses it: custom properties renamed like those of
/// stylesheets (see [`CUSTOM_PREFIX`]); unchanged (borrowed) when it has none.
pub fn style_attribute(style: &str) -> std::borrow::Cow<'_, str> {
    if style.contains("--") {
        std::borrow::Cow::Owned(custom_names(style))
    } else {
        std::borrow::Cow::Borrowed(style)
    }
}

/// Parses declarations of a `style` attribute (after [`style_attribute`]).
pub fn inline_declarations(style: &str) -> Vec<Declaration<'_>> {
    simplecss::DeclarationTokenizer::from(style).collect()
}

/// Page settings found in `@page` rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageRule {
    /// The `size` value.
    pub size: Option<String>,
    /// The `margin` value.
    pub margin: Option<String>,
}

/// Resolves at-rules simplecss skips: keeps the content of `@media screen` (and of
/// `@media print` when `print`), drops other media blocks, `@import` and `@font-face`,
/// and collects `@page` declarations.
pub fn preprocess(css: &str, print: bool, page: &mut PageRule) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let head_end = tail.find(['{', ';']).unwrap_or(tail.len());
        let head = tail[..head_end].to_ascii_lowercase();
        if tail[head_end..].starts_with(';') || head_end == tail.len() {
            rest = tail.get(head_end + 1..).unwrap_or("");
            continue;
        }
        let body_start = head_end + 1;
        let body_end = matching_brace(tail, head_end).unwrap_or(tail.len());
        let body = &tail[body_start..body_end.min(tail.len())];
        if head.starts_with("@media") {
            let media = head.trim_start_matches("@media");
            let keep = media.contains("all") || media.contains("screen") && !media.contains("not") || print && media.contains("print");
            if keep {
                out.push_str(&preprocess(body, print, page));
            }
        } else if head.starts_with("@page") {
            for d in inline_declarations(body) {
                match d.name {
                    "size" => page.size = Some(d.value.to_string()),
                    "margin" => page.margin = Some(d.value.to_string()),
                    _ => {}
                }
            }
        }
        rest = tail.get(body_end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    // `:root` is the `html` element (simplecss knows no `:root`).
    custom_names(&out.replace(":root", "html"))
}

/// The prefix custom properties (`--name`) get, because simplecss's identifiers may
/// not start with two hyphens: `--accent: red` is read as `-cv-accent: red`.
pub const CUSTOM_PREFIX: &str = "-cv-";

/// Renames each custom property (`--name` where a name can start) to
/// [`CUSTOM_PREFIX`]`name`.
fn custom_names(css: &str) -> String {
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let mut last = 0;
    for i in 0..b.len().saturating_sub(2) {
        let starts = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'{' | b';' | b'(' | b',');
        if starts && b[i] == b'-' && b[i + 1] == b'-' && (b[i + 2].is_ascii_alphanumeric() || b[i + 2] == b'_') {
            out.push_str(&css[last..i]);
            out.push_str(CUSTOM_PREFIX);
            last = i + 2;
        }
    }
    out.push_str(&css[last..]);
    out
}

/// The name a custom property is stored under: `--x` and `-cv-x` are the same.
pub fn custom_key(name: &str) -> std::borrow::Cow<'_, str> {
    match name.strip_prefix("--") {
        Some(n) => std::borrow::Cow::Owned(format!("{CUSTOM_PREFIX}{n}")),
        None => std::borrow::Cow::Borrowed(name),
    }
}

/// A custom property's name as written (`--x`).
pub fn custom_display(name: &str) -> String {
    match name.strip_prefix(CUSTOM_PREFIX) {
        Some(n) => format!("--{n}"),
        None => name.to_string(),
    }
}

/// Replaces each `var(--name)` or `var(--name, fallback)` in a value with the
/// custom property's value (the last one given wins), or the fallback; variables
/// whose values use variables resolve too (a cycle, or nesting deeper than eight,
/// counts as undefined). The name of a variable with no value is the error.
pub fn substitute_vars<'v>(value: &'v str, vars: &[(String, String)]) -> Result<std::borrow::Cow<'v, str>, String> {
    if !value.contains("var(") {
        return Ok(std::borrow::Cow::Borrowed(value));
    }
    substitute(value, vars, 0).map(std::borrow::Cow::Owned)
}

fn substitute(value: &str, vars: &[(String, String)], depth: usize) -> Result<String, String> {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find("var(") {
        out.push_str(&rest[..at]);
        let open = at + 3;
        let close = matching_paren(rest, open).unwrap_or(rest.len());
        let inner = rest.get(open + 1..close).unwrap_or("");
        let (name, fallback) = match inner.find(',') {
            Some(c) => (inner[..c].trim(), Some(inner[c + 1..].trim())),
            None => (inner.trim(), None),
        };
        let key = custom_key(name);
        let found = vars.iter().rev().find(|(n, _)| *n == key).map(|(_, v)| v.as_str()).or(fallback);
        match found {
            Some(v) if depth < 8 => out.push_str(&substitute(v, vars, depth + 1)?),
            _ => return Err(custom_display(name)),
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(out)
}

/// Rewrites rules with a selector list (`a, b { … }`) as one rule per selector, and
/// returns the selectors simplecss cannot parse (pseudo-elements such as `::after`,
/// `:last-child`, `~`): their rules are dropped, one by one rather than with the rest
/// of their list. `css` is preprocessed (no at-rules left).
pub fn split_rules(css: &str) -> (String, Vec<String>) {
    let text = strip_comments(css);
    let mut out = String::with_capacity(text.len());
    let mut bad = Vec::new();
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let close = matching_brace(rest, open).unwrap_or(rest.len().saturating_sub(1));
        let block = rest.get(open..=close).unwrap_or(&rest[open..]);
        for selector in rest[..open].split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if simplecss::Selector::parse(selector).is_some() {
                out.push_str(selector);
                out.push(' ');
                out.push_str(block);
                out.push('\n');
            } else {
                bad.push(selector.to_string());
            }
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    (out, bad)
}

/// `css` without its comments.
fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn matching_brace(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in s[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Parses a CSS length to points. `em` is relative to `font_size`, `rem` to `root`,
/// `%` to `percent_of`.
pub fn length(value: &str, font_size: f32, root: f32, percent_of: f32) -> Option<f32> {
    let v = value.trim().to_ascii_lowercase();
    if v == "0" || v == "auto" {
        return Some(0.0);
    }
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))?;
    let (num, unit) = v.split_at(split);
    let n: f32 = num.parse().ok()?;
    let pt = match unit.trim() {
        "px" => n * 0.75,
        "pt" => n,
        "em" => n * font_size,
        "rem" => n * root,
        "%" => n / 100.0 * percent_of,
        "mm" => n * 72.0 / 25.4,
        "cm" => n * 72.0 / 2.54,
        "in" => n * 72.0,
        "pc" => n * 12.0,
        "ex" | "ch" => n * font_size * 0.5,
        _ => return None,
    };
    pt.is_finite().then_some(pt)
}

/// Parses a font size, keywords included.
pub fn font_size(value: &str, parent: f32, root: f32) -> Option<f32> {
    let px = match value.trim().to_ascii_lowercase().as_str() {
        "xx-small" => 9.0,
        "x-small" => 10.0,
        "small" => 13.0,
        "medium" => 16.0,
        "large" => 18.0,
        "x-large" => 24.0,
        "xx-large" => 32.0,
        "smaller" => return Some(parent / 1.2),
        "larger" => return Some(parent * 1.2),
        _ => return length(value, parent, root, parent).filter(|s| *s > 0.0),
    };
    Some(px * 0.75)
}

/// Parses a CSS colour.
pub fn color(value: &str) -> Option<Rgb> {
    let v = value.trim().to_ascii_lowercase();
    if let Some(hex) = v.strip_prefix('#') {
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None; // also keeps the byte slicing below on character boundaries
        }
        let h = |s: &str| u8::from_str_radix(s, 16).ok();
        return match hex.len() {
            3 | 4 => {
                let d: Vec<u8> = hex.chars().filter_map(|c| c.to_digit(16).map(|d| d as u8 * 17)).collect();
                (d.len() >= 3).then(|| Rgb(d[0], d[1], d[2]))
            }
            6 | 8 => Some(Rgb(h(&hex[0..2])?, h(&hex[2..4])?, h(&hex[4..6])?)),
            _ => None,
        };
    }
    if let Some(args) = v.strip_prefix("rgba(").or_else(|| v.strip_prefix("rgb(")) {
        let n: Vec<u8> = args
            .trim_end_matches(')')
            .split([',', ' ', '/'])
            .filter(|s| !s.is_empty())
            .take(3)
            .filter_map(|s| {
                if let Some(p) = s.strip_suffix('%') {
                    p.parse::<f32>().ok().map(|p| (p * 2.55).clamp(0.0, 255.0) as u8)
                } else {
                    s.parse::<f32>().ok().map(|x| x.clamp(0.0, 255.0) as u8)
                }
            })
            .collect();
        return (n.len() == 3).then(|| Rgb(n[0], n[1], n[2]));
    }
    let named = match v.as_str() {
        "black" => Rgb(0, 0, 0),
        "white" => Rgb(255, 255, 255),
        "red" => Rgb(255, 0, 0),
        "green" => Rgb(0, 128, 0),
        "blue" => Rgb(0, 0, 255),
        "gray" | "grey" => Rgb(128, 128, 128),
        "darkgray" | "darkgrey" => Rgb(169, 169, 169),
        "lightgray" | "lightgrey" => Rgb(211, 211, 211),
        "dimgray" | "dimgrey" => Rgb(105, 105, 105),
        "silver" => Rgb(192, 192, 192),
        "navy" => Rgb(0, 0, 128),
        "teal" => Rgb(0, 128, 128),
        "maroon" => Rgb(128, 0, 0),
        "purple" => Rgb(128, 0, 128),
        "orange" => Rgb(255, 165, 0),
        "yellow" => Rgb(255, 255, 0),
        "darkblue" => Rgb(0, 0, 139),
        "darkred" => Rgb(139, 0, 0),
        "darkgreen" => Rgb(0, 100, 0),
        "steelblue" => Rgb(70, 130, 180),
        "royalblue" => Rgb(65, 105, 225),
        "slategray" | "slategrey" => Rgb(112, 128, 144),
        "crimson" => Rgb(220, 20, 60),
        "gold" => Rgb(255, 215, 0),
        "brown" => Rgb(165, 42, 42),
        "pink" => Rgb(255, 192, 203),
        _ => return None,
    };
    Some(named)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_colors() {
        assert_eq!(length("16px", 12.0, 12.0, 0.0), Some(12.0));
        assert_eq!(length("2em", 10.0, 12.0, 0.0), Some(20.0));
        assert!((length("15mm", 0.0, 0.0, 0.0).unwrap() - 42.52).abs() < 0.01);
        assert_eq!(font_size("13px", 12.0, 12.0), Some(9.75));
        assert_eq!(color("#f00"), Some(Rgb(255, 0, 0)));
        assert_eq!(color("rgb(1, 2, 3)"), Some(Rgb(1, 2, 3)));
        assert_eq!(color("nonsense"), None);
    }

    #[test]
    fn media_and_page_rules() {
        let mut page = PageRule::default();
        let css = "@import url(x.css);\n@media print { h1 { color: red } }\n@media screen { p { color: blue } }\n@page { size: A4; margin: 1cm }\nb { color: green }";
        let out = preprocess(css, false, &mut page);
        assert!(!out.contains("red") && out.contains("blue") && out.contains("green"));
        assert_eq!(page.margin.as_deref(), Some("1cm"));
        assert!(preprocess(css, true, &mut page).contains("red"));
    }

    #[test]
    fn selectors_match_the_stack() {
        let texts = vec![".markdown-body p { color: red }".to_string(), "body > p { color: blue }".to_string()];
        let sheets = Sheets::parse(&texts);
        let body = ElInfo { classes: vec!["markdown-body".into()], ..ElInfo::tag("body") };
        let p = ElInfo::tag("p");
        let d = sheets.matching(&[body, p]);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].value, "red", "the class selector is more specific");
    }
}

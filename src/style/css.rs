//! CSS: stylesheets read with simplecss's tokenizers (and its grammar), matched
//! against the element stack, and values turned into absolute units. The
//! declaration reader is in `declarations.rs` and the rules in `rules.rs`; this
//! module gathers them with custom properties, `var()` and values.

use std::collections::BTreeMap;
use std::rc::Rc;

use simplecss::Declaration;

pub use super::at_rules::{preprocess, AtRules, Import, PageRule, MAX_MEDIA_DEPTH};
pub use super::declarations::declarations;
pub use super::rules::{Sheets, Unsupported, MAX_MATCH_WORK};
pub use super::selector::{positions, supported_hint, ElInfo, Position, Selector, Siblings};
use crate::geom::Rgb;
use crate::units::CssLength;

/// A `style` attribute as cvpdf parses it: custom properties renamed like those of
/// stylesheets (see [`CUSTOM_PREFIX`]); unchanged (borrowed) when it has none.
pub fn style_attribute(style: &str) -> std::borrow::Cow<'_, str> {
    style_attribute_mapped(style).0
}

/// [`style_attribute`], and where the renamed text came from (`None`: unchanged).
pub(super) fn style_attribute_mapped(style: &str) -> (std::borrow::Cow<'_, str>, Option<super::origins::Origins>) {
    if style.contains("--") {
        let (text, origins) = custom_names_mapped(style);
        (std::borrow::Cow::Owned(text), Some(origins))
    } else {
        (std::borrow::Cow::Borrowed(style), None)
    }
}

/// Parses declarations of a `style` attribute (after [`style_attribute`]).
pub fn inline_declarations(style: &str) -> Vec<Declaration<'_>> {
    declarations(style)
}

/// The prefix custom properties (`--name`) get, because simplecss's identifiers may
/// not start with two hyphens: `--accent: red` is read as `-cv-accent: red`.
pub const CUSTOM_PREFIX: &str = "-cv-";

/// Renames each custom property (`--name` where a name can start) to
/// [`CUSTOM_PREFIX`]`name`; also returns where the result came from.
pub(super) fn custom_names_mapped(css: &str) -> (String, super::origins::Origins) {
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let mut origins = super::origins::Origins::default();
    let mut last = 0;
    for i in 0..b.len().saturating_sub(2) {
        let starts = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'{' | b';' | b'(' | b',');
        if starts && b[i] == b'-' && b[i + 1] == b'-' && (b[i + 2].is_ascii_alphanumeric() || b[i + 2] == b'_') {
            origins.copied(out.len(), last);
            out.push_str(&css[last..i]);
            origins.copied(out.len(), i);
            out.push_str(CUSTOM_PREFIX);
            last = i + 2;
        }
    }
    origins.copied(out.len(), last);
    out.push_str(&css[last..]);
    (out, origins)
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

/// CSS text for a warning as the user wrote it: each renamed custom property
/// ([`CUSTOM_PREFIX`]`name`, where a `--name` was renamed) is `--name` again.
pub fn as_written(css: &str) -> std::borrow::Cow<'_, str> {
    if !css.contains(CUSTOM_PREFIX) {
        return std::borrow::Cow::Borrowed(css);
    }
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let mut last = 0;
    for (i, _) in css.match_indices(CUSTOM_PREFIX) {
        let starts = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'{' | b';' | b'(' | b',');
        let named = b.get(i + CUSTOM_PREFIX.len()).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
        if starts && named {
            out.push_str(&css[last..i]);
            out.push_str("--");
            last = i + CUSTOM_PREFIX.len();
        }
    }
    out.push_str(&css[last..]);
    std::borrow::Cow::Owned(out)
}

/// The custom properties in scope: name (as [`custom_key`] gives it) to value.
pub type Vars = BTreeMap<Rc<str>, Rc<str>>;

/// Why `var()` could not be substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarError {
    /// This variable (as written, `--x`) has no value and no fallback.
    Undefined(String),
    /// The substitutions took more than [`MAX_VAR_SUBSTITUTIONS`] steps or made a value
    /// longer than [`MAX_VAR_BYTES`] (variables that each use another several times
    /// grow exponentially).
    TooLarge,
    /// The document's substitutions have read [`MAX_VAR_SCAN`] bytes.
    Exhausted,
}

/// The most bytes of values substitution reads over a whole document (each use of a
/// variable reads its value again).
pub const MAX_VAR_SCAN: usize = 64 << 20;

/// The most `var()` substitutions one value may take.
pub const MAX_VAR_SUBSTITUTIONS: usize = 1000;

/// The longest value (in bytes) substitution may make, unless the value was longer.
pub const MAX_VAR_BYTES: usize = 64 * 1024;

/// Replaces each `var(--name)` or `var(--name, fallback)` in a value with the
/// custom property's value, or the fallback; variables whose values use variables
/// resolve too (a cycle, or nesting deeper than eight, counts as undefined). `scan`
/// is what the document may still read (see [`MAX_VAR_SCAN`]); it goes down by the
/// length of each variable's value read.
pub fn substitute_vars<'v>(value: &'v str, vars: &Vars, scan: &mut usize) -> Result<std::borrow::Cow<'v, str>, VarError> {
    if !value.contains("var(") {
        return Ok(std::borrow::Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    let mut limits = Limits { steps: MAX_VAR_SUBSTITUTIONS, max_len: MAX_VAR_BYTES.max(value.len()), scan };
    substitute(value, vars, 0, &mut out, &mut limits)?;
    Ok(std::borrow::Cow::Owned(out))
}

/// What one value's substitution may still do.
struct Limits<'s> {
    steps: usize,
    max_len: usize,
    scan: &'s mut usize,
}

fn substitute(value: &str, vars: &Vars, depth: usize, out: &mut String, limits: &mut Limits<'_>) -> Result<(), VarError> {
    // Every byte of the value is read once (for `var(` and the parentheses).
    *limits.scan = limits.scan.checked_sub(value.len()).ok_or(VarError::Exhausted)?;
    let max_len = limits.max_len;
    let mut rest = value;
    while let Some(at) = rest.find("var(") {
        if out.len() + at > max_len {
            return Err(VarError::TooLarge);
        }
        out.push_str(&rest[..at]);
        let open = at + 3;
        let close = matching_paren(rest, open).unwrap_or(rest.len());
        let inner = rest.get(open + 1..close).unwrap_or("");
        let (name, fallback) = match inner.find(',') {
            Some(c) => (inner[..c].trim(), Some(inner[c + 1..].trim())),
            None => (inner.trim(), None),
        };
        let key = custom_key(name);
        let found = vars.get(key.as_ref()).map(|v| &**v).or(fallback);
        match found {
            Some(v) if depth < 8 => {
                limits.steps = limits.steps.checked_sub(1).ok_or(VarError::TooLarge)?;
                if v.len() > max_len {
                    return Err(VarError::TooLarge);
                }
                substitute(v, vars, depth + 1, out, limits)?;
            }
            _ => return Err(VarError::Undefined(custom_display(name))),
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    if out.len() + rest.len() > max_len {
        return Err(VarError::TooLarge);
    }
    out.push_str(rest);
    Ok(())
}

/// `css` without its comments.
pub fn strip_comments(css: &str) -> String {
    super::origins::strip_comments(css).0
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

pub(super) fn matching_brace(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.as_bytes()[open..].iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The longest length cvpdf lays out, in points (either sign): 200 inches, the
/// largest page side PDF allows (ISO 32000-1, annex C). Longer CSS lengths (margins,
/// padding, widths, heights, image sizes, `@page` sizes) are cut to it.
pub const MAX_LENGTH: f32 = 14_400.0;

/// The smallest font size cvpdf sets, in points (below it text is a hairline).
pub const MIN_FONT_SIZE: f32 = 0.1;

/// The largest font size cvpdf sets, in points: a letter as tall as a third of A0,
/// so that a line (at most [`MAX_LINE_HEIGHT`] of it) stays within [`MAX_LENGTH`].
pub const MAX_FONT_SIZE: f32 = 1000.0;

/// The largest line height, as a multiple of the font size.
pub const MAX_LINE_HEIGHT: f32 = 10.0;

/// Parses a CSS length to points. `em` is relative to `font_size`, `rem` to `root`,
/// `%` to `percent_of`.
pub fn length(value: &str, font_size: f32, root: f32, percent_of: f32) -> Option<f32> {
    crate::units::css_length(value, font_size, root, percent_of)
}

/// A CSS font size as written: resolved against the parent's size (and the root's)
/// only when it applies to an element.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FontSize {
    /// An absolute keyword (`small`, `x-large`…), in points.
    Points(f32),
    /// `smaller`: the parent's size divided by 1.2.
    Smaller,
    /// `larger`: the parent's size times 1.2.
    Larger,
    /// A positive length (`em` and `%` of the parent's size).
    Length(CssLength),
}

impl FontSize {
    /// Reads a font size, keywords included; `None` when it is not one (a length
    /// that is zero or negative is not).
    pub fn parse(value: &str) -> Option<FontSize> {
        let px = match value.trim().to_ascii_lowercase().as_str() {
            "xx-small" => 9.0,
            "x-small" => 10.0,
            "small" => 13.0,
            "medium" => 16.0,
            "large" => 18.0,
            "x-large" => 24.0,
            "xx-large" => 32.0,
            "smaller" => return Some(FontSize::Smaller),
            "larger" => return Some(FontSize::Larger),
            _ => return CssLength::parse(value).filter(|l| l.value > 0.0).map(FontSize::Length),
        };
        Some(FontSize::Points(px * 0.75))
    }

    /// The size in points for an element whose parent's size is `parent`.
    pub fn resolve(self, parent: f32, root: f32) -> Option<f32> {
        match self {
            FontSize::Points(pt) => Some(pt),
            FontSize::Smaller => Some(parent / 1.2),
            FontSize::Larger => Some(parent * 1.2),
            FontSize::Length(l) => l.resolve(parent, root, parent).filter(|s| *s > 0.0),
        }
    }
}

/// Parses a font size, keywords included.
pub fn font_size(value: &str, parent: f32, root: f32) -> Option<f32> {
    FontSize::parse(value)?.resolve(parent, root)
}

/// Parses a CSS colour.
pub fn color(value: &str) -> Option<Rgb> {
    crate::color::parse(value)
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
    fn variables_substitute_within_bounds() {
        let vars: Vars = [("-cv-a", "1px"), ("-cv-b", "var(--a) var(--a)"), ("-cv-loop", "var(--loop)")]
            .into_iter()
            .map(|(k, v)| (Rc::from(k), Rc::from(v)))
            .collect();
        assert_eq!(substitute_vars("var(--b) 2px", &vars, &mut { MAX_VAR_SCAN }).as_deref(), Ok("1px 1px 2px"));
        assert_eq!(substitute_vars("var(--zz, 3px)", &vars, &mut { MAX_VAR_SCAN }).as_deref(), Ok("3px"));
        assert_eq!(substitute_vars("var(--zz)", &vars, &mut { MAX_VAR_SCAN }), Err(VarError::Undefined("--zz".into())));
        assert_eq!(substitute_vars("var(--loop)", &vars, &mut { MAX_VAR_SCAN }), Err(VarError::Undefined("--loop".into())));
        // Seven levels of eight uses each: two million copies of `x` before.
        let mut vars: Vars = [(Rc::from("-cv-v0"), Rc::from("x"))].into_iter().collect();
        for i in 1..=7 {
            vars.insert(format!("-cv-v{i}").into(), format!("var(--v{})", i - 1).repeat(8).into());
        }
        assert_eq!(substitute_vars("var(--v7)", &vars, &mut { MAX_VAR_SCAN }), Err(VarError::TooLarge));
        assert_eq!(substitute_vars("var(--v3)", &vars, &mut { MAX_VAR_SCAN }).map(|v| v.len()), Ok(512));
        // A long value is refused before it is copied.
        vars.insert("-cv-big".into(), "y".repeat(MAX_VAR_BYTES + 1).into());
        assert_eq!(substitute_vars("var(--big)", &vars, &mut { MAX_VAR_SCAN }), Err(VarError::TooLarge));
        // The document's reading is bounded too.
        let mut scan = 1000;
        assert_eq!(substitute_vars("var(--v3)", &vars, &mut scan), Err(VarError::Exhausted));
    }

    #[test]
    fn custom_properties_are_shown_as_written() {
        for text in ["var(--gap)", "var(--a, var(--b)) 1px", "--x: 1px; color: var( --y )", "a--b x-cv-y", "-cv-"] {
            assert_eq!(as_written(&custom_names_mapped(text).0), text);
        }
    }

    #[test]
    fn selectors_match_the_stack() {
        let texts = vec![".markdown-body p { color: red }".to_string(), "body > p { color: blue }".to_string()];
        let (sheets, _) = Sheets::parse(&texts, 0);
        let body = ElInfo { classes: vec!["markdown-body".into()], ..ElInfo::tag("body") };
        let p = ElInfo::tag("p");
        let d = sheets.matching(&[body, p]);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].value, "red", "the class selector is more specific");
    }
}

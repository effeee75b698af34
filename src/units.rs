//! Lengths: one table of units, and the parsers every length goes through (front
//! matter and its margins, pandoc's `geometry`, the command line's `--margin`, CSS
//! values and `@page`). An absolute unit is converted with the same factor wherever
//! it is written, so `20mm` in CSS is exactly `20mm` in front matter.

use crate::geom::{Sides, PT_PER_MM, PT_PER_PX};

/// A unit of length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// CSS pixels (0.75pt).
    Px,
    /// Points.
    Pt,
    /// Millimetres.
    Mm,
    /// Centimetres.
    Cm,
    /// Inches (72pt).
    In,
    /// Picas (12pt).
    Pc,
    /// The font size.
    Em,
    /// The root font size.
    Rem,
    /// Half the font size (`ex` and `ch`, as cvpdf approximates them).
    Ex,
    /// Percent of a reference length.
    Percent,
}

impl Unit {
    /// The unit named `name` (ASCII case-insensitive; `ch` is read as [`Unit::Ex`]).
    pub fn from_name(name: &str) -> Option<Unit> {
        Some(match name.to_ascii_lowercase().as_str() {
            "px" => Unit::Px,
            "pt" => Unit::Pt,
            "mm" => Unit::Mm,
            "cm" => Unit::Cm,
            "in" => Unit::In,
            "pc" => Unit::Pc,
            "em" => Unit::Em,
            "rem" => Unit::Rem,
            "ex" | "ch" => Unit::Ex,
            "%" => Unit::Percent,
            _ => return None,
        })
    }

    /// Points per unit for an absolute unit; `None` for a relative one.
    pub fn points(self) -> Option<f32> {
        Some(match self {
            Unit::Px => PT_PER_PX,
            Unit::Pt => 1.0,
            Unit::Mm => PT_PER_MM,
            Unit::Cm => 10.0 * PT_PER_MM,
            Unit::In => 72.0,
            Unit::Pc => 12.0,
            Unit::Em | Unit::Rem | Unit::Ex | Unit::Percent => return None,
        })
    }
}

/// Units accepted in settings lengths, as written in hints.
pub const UNITS: &str = "mm, cm, in, px, pt (a bare number is px)";

/// The longest length a page size or margin may have, in points: 200 inches, the
/// largest page side of PDF 1.7 (Annex C). Longer ones are errors.
pub const MAX_LENGTH_PT: f32 = 14_400.0;

/// Parses a settings length (front matter, pandoc `geometry`, `--margin`): `15mm`,
/// `1in`, `2.5 cm`, `20px`, `12pt`, bare `20` = px, an exponent allowed (`1e1mm`),
/// into points.
///
/// Returns an error message (lowercase, no period) for negative, unparseable or too
/// large lengths, and for units that are not absolute (`em`, `%`).
pub fn parse_length(text: &str) -> Result<f32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("expected a length, found an empty string".into());
    }
    let split =
        t.char_indices().find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))).map_or(t.len(), |(i, _)| i);
    // `e` may start a unit name (`em`); only treat it as an exponent when digits follow.
    let (mut num, mut unit) = t.split_at(split);
    if let Some(pos) = num.find(['e', 'E']) {
        let after = &num[pos + 1..];
        if after.is_empty() || !after.trim_start_matches(['+', '-']).starts_with(|c: char| c.is_ascii_digit()) {
            unit = &t[pos..];
            num = &t[..pos];
        }
    }
    let value: f32 = num.trim().parse().map_err(|_| format!("invalid length `{t}`"))?;
    let unit = unit.trim();
    let factor = match Unit::from_name(if unit.is_empty() { "px" } else { unit }) {
        Some(u @ (Unit::Px | Unit::Pt | Unit::Mm | Unit::Cm | Unit::In)) => u.points().unwrap_or(1.0),
        _ => return Err(format!("invalid length `{t}`: unknown unit")),
    };
    if !value.is_finite() {
        return Err(format!("invalid length `{t}`"));
    }
    if value < 0.0 {
        return Err(format!("length `{t}` is negative"));
    }
    let pt = value * factor;
    if !pt.is_finite() || pt > MAX_LENGTH_PT {
        return Err(format!("length `{t}` is too large (at most 200in, which is 14400pt)"));
    }
    Ok(pt)
}

/// Parses a margin shorthand of 1 to 4 settings lengths (CSS order: top right bottom
/// left); a lone unit (`16 px`) joins the number before it.
pub fn parse_margin(text: &str) -> Result<Sides<f32>, String> {
    let mut parts: Vec<String> = Vec::new();
    for tok in text.split_whitespace() {
        match parts.last_mut() {
            Some(prev) if tok.chars().all(|c| c.is_ascii_alphabetic()) && prev.ends_with(|c: char| c.is_ascii_digit() || c == '.') => {
                prev.push_str(tok)
            }
            _ => parts.push(tok.to_string()),
        }
    }
    let mut v = Vec::with_capacity(4);
    for p in &parts {
        v.push(parse_length(p)?);
    }
    Sides::from_shorthand(&v).ok_or_else(|| match v.len() {
        0 => "expected a margin, found an empty string".to_string(),
        n => format!("a margin has 1 to 4 lengths, found {n}"),
    })
}

/// A CSS length as written: a number and its unit, not yet in points, because `em`,
/// `rem`, `ex` and `%` depend on the element it applies to (see [`CssLength::resolve`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CssLength {
    /// The number (finite).
    pub value: f32,
    /// Its unit.
    pub unit: Unit,
}

impl CssLength {
    /// Zero, which is also what `0` and `auto` read as.
    pub const ZERO: CssLength = CssLength::pt(0.0);

    /// A length in points.
    pub const fn pt(value: f32) -> CssLength {
        CssLength { value, unit: Unit::Pt }
    }

    /// Reads a CSS length: `0` and `auto` are zero, a number needs a unit (ASCII
    /// case-insensitive). `None` when it is not a length or its number is not finite.
    pub fn parse(value: &str) -> Option<CssLength> {
        let v = value.trim().to_ascii_lowercase();
        if v == "0" || v == "auto" {
            return Some(CssLength::ZERO);
        }
        let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))?;
        let (num, unit) = v.split_at(split);
        let value: f32 = num.parse().ok().filter(|n: &f32| n.is_finite())?;
        Some(CssLength { value, unit: Unit::from_name(unit.trim())? })
    }

    /// The length in points: `em` relative to `font_size`, `rem` to `root`, `%` to
    /// `percent_of`. `None` when that is not finite.
    pub fn resolve(self, font_size: f32, root: f32, percent_of: f32) -> Option<f32> {
        let n = self.value;
        let pt = match self.unit {
            Unit::Em => n * font_size,
            Unit::Rem => n * root,
            Unit::Ex => n * font_size * 0.5,
            Unit::Percent => n / 100.0 * percent_of,
            absolute => n * absolute.points()?,
        };
        pt.is_finite().then_some(pt)
    }
}

/// Parses a CSS length to points: `0` and `auto` are 0, a number needs a unit, `em`
/// is relative to `font_size`, `rem` to `root`, `%` to `percent_of`. `None` when it is
/// not a length or not finite.
pub fn css_length(value: &str, font_size: f32, root: f32, percent_of: f32) -> Option<f32> {
    CssLength::parse(value)?.resolve(font_size, root, percent_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.001
    }

    #[test]
    fn settings_lengths() {
        let cases: &[(&str, Result<f32, &str>)] = &[
            ("12pt", Ok(12.0)),
            ("16px", Ok(12.0)),
            ("16", Ok(12.0)),
            ("16 px", Ok(12.0)),
            ("1in", Ok(72.0)),
            ("2.54cm", Ok(72.0)),
            ("25.4mm", Ok(72.0)),
            ("0.5IN", Ok(36.0)),
            ("1e1mm", Ok(28.346457)),
            ("", Err("expected a length, found an empty string")),
            ("-5mm", Err("length `-5mm` is negative")),
            ("2em", Err("invalid length `2em`: unknown unit")),
            ("5%", Err("invalid length `5%`: unknown unit")),
            ("abc", Err("invalid length `abc`")),
            ("201in", Err("length `201in` is too large (at most 200in, which is 14400pt)")),
        ];
        for (text, want) in cases {
            match (parse_length(text), want) {
                (Ok(got), Ok(w)) => assert!(close(got, *w), "{text}: {got} != {w}"),
                (Err(got), Err(w)) => assert_eq!(got, *w, "{text}"),
                (got, w) => panic!("{text}: {got:?} != {w:?}"),
            }
        }
    }

    #[test]
    fn css_lengths() {
        // (value, font size, root, percent of, points)
        let cases: &[(&str, f32, f32, f32, Option<f32>)] = &[
            ("16px", 12.0, 12.0, 0.0, Some(12.0)),
            ("2em", 10.0, 12.0, 0.0, Some(20.0)),
            ("2rem", 10.0, 12.0, 0.0, Some(24.0)),
            ("2ex", 10.0, 12.0, 0.0, Some(10.0)),
            ("2ch", 10.0, 12.0, 0.0, Some(10.0)),
            ("50%", 10.0, 12.0, 300.0, Some(150.0)),
            ("1pc", 0.0, 0.0, 0.0, Some(12.0)),
            ("1in", 0.0, 0.0, 0.0, Some(72.0)),
            ("0", 0.0, 0.0, 0.0, Some(0.0)),
            ("auto", 0.0, 0.0, 0.0, Some(0.0)),
            ("-3pt", 0.0, 0.0, 0.0, Some(-3.0)),
            ("12", 0.0, 0.0, 0.0, None),
            ("12furlongs", 0.0, 0.0, 0.0, None),
            ("red", 0.0, 0.0, 0.0, None),
        ];
        for &(value, font, root, pct, want) in cases {
            assert_eq!(css_length(value, font, root, pct), want, "{value}");
        }
    }

    #[test]
    fn css_lengths_stay_unresolved_until_the_element_is_known() {
        let cases: &[(&str, Option<CssLength>)] = &[
            ("2em", Some(CssLength { value: 2.0, unit: Unit::Em })),
            (" 1.5REM ", Some(CssLength { value: 1.5, unit: Unit::Rem })),
            ("50%", Some(CssLength { value: 50.0, unit: Unit::Percent })),
            ("-3pt", Some(CssLength::pt(-3.0))),
            ("auto", Some(CssLength::ZERO)),
            ("0", Some(CssLength::ZERO)),
            ("12", None),
            ("1e3px", None),
            ("", None),
        ];
        for &(value, want) in cases {
            assert_eq!(CssLength::parse(value), want, "{value}");
        }
        let huge = format!("{}px", "9".repeat(60));
        assert_eq!(CssLength::parse(&huge), None, "a number too large for f32 is not a length");
        let em = CssLength { value: 1e38, unit: Unit::Em };
        assert_eq!(em.resolve(1000.0, 0.0, 0.0), None, "an overflow does not resolve");
    }

    #[test]
    fn an_absolute_length_is_the_same_in_css_and_settings() {
        for text in ["20mm", "1.5cm", "0.3mm", "0.7in", "10px", "11pt"] {
            assert_eq!(css_length(text, 0.0, 0.0, 0.0), parse_length(text).ok(), "{text}");
        }
    }

    #[test]
    fn margins() {
        assert_eq!(parse_margin("1in 36pt"), Ok(Sides::new(72.0, 36.0, 72.0, 36.0)));
        assert_eq!(parse_margin("16 px"), Ok(Sides::splat(12.0)));
        assert_eq!(parse_margin(""), Err("expected a margin, found an empty string".to_string()));
        assert_eq!(parse_margin("1pt 2pt 3pt 4pt 5pt"), Err("a margin has 1 to 4 lengths, found 5".to_string()));
        assert_eq!(parse_margin("1pt -2pt"), Err("length `-2pt` is negative".to_string()));
    }
}

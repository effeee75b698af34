//! CSS declarations read into typed properties. [`parse`] is a pure function of a
//! declaration's name and value (after `var()` substitution): what depends on the
//! element (`em`, `rem`, `%`, the text colour) stays unresolved until `props.rs`
//! applies the property.

use super::{Display, Transform};
use crate::font::Family;
use crate::geom::{Rgb, Sides};
use crate::style::css::{self, FontSize};
use crate::style::whitespace::WhiteSpace;
use crate::style::TextAlign;
use crate::units::CssLength;

/// One CSS declaration cvpdf understands, its value read.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Property {
    /// `color`.
    Color(Rgb),
    /// `font-size`.
    FontSize(FontSize),
    /// `font-family`: the bundled family its first name picks.
    FontFamily(Family),
    /// `font-weight`: bold or not; `None` for a weight cvpdf does not read, which
    /// leaves the weight as it was.
    FontWeight { bold: Option<bool> },
    /// `font-style`: `italic` and `oblique` are italic, anything else is not.
    FontStyle { italic: bool },
    /// The `font` shorthand.
    Font(Font),
    /// `text-align`.
    TextAlign(TextAlign),
    /// `text-decoration` and `text-decoration-line`.
    TextDecoration { underline: bool, strike: bool },
    /// `line-height`.
    LineHeight(LineHeight),
    /// `margin` (all four sides) or one of its longhands (one side, the others `None`).
    Margin(Sides<Option<Margin>>),
    /// `padding` or one of its longhands, like [`Property::Margin`].
    Padding(Sides<Option<CssLength>>),
    /// `background` and `background-color`: its colour; `None` for `none` and
    /// `transparent`.
    Background(Option<Rgb>),
    /// The `border` shorthand: the same line on all four sides (`None`: no border).
    Border(Option<BorderLine>),
    /// `border-top`, `border-right`, `border-bottom` or `border-left`.
    BorderSide(Side, Option<BorderLine>),
    /// `border-width` (its first value), for all four sides.
    BorderWidth(CssLength),
    /// `border-style` (its first value): whether it draws a line (`none` and
    /// `hidden` do not).
    BorderStyle { drawn: bool },
    /// `border-color` (its first value).
    BorderColor(Rgb),
    /// `break-before` and `page-break-before`: whether a page break comes before.
    BreakBefore(bool),
    /// `break-after` and `page-break-after`: whether a page break comes after.
    BreakAfter(bool),
    /// `break-inside` and `page-break-inside`: `avoid…` or not.
    BreakInside { avoid: bool },
    /// `display`, and the keyword when cvpdf only approximates it (`flex`, `grid`,
    /// the table values), for the warning.
    Display { display: Display, approximated: Option<&'static str> },
    /// `orphans`: at least 1, at most 10.
    Orphans(u8),
    /// `widows`: at least 1, at most 10.
    Widows(u8),
    /// `text-transform`.
    TextTransform(Transform),
    /// `letter-spacing` (`normal` is zero).
    LetterSpacing(CssLength),
    /// `hyphens` and `-webkit-hyphens`: only `auto` hyphenates.
    Hyphens { auto: bool },
    /// `direction`: `rtl` or `ltr`; `None` for another value, which leaves it as it was.
    Direction { rtl: Option<bool> },
    /// `white-space`, and whether it was `nowrap` (which cvpdf still wraps).
    WhiteSpace { mode: WhiteSpace, nowrap: bool },
    /// `text-indent` (its first value: `hanging` and `each-line` are not read).
    TextIndent(BoxWidth),
    /// `list-style-type` and `list-style`: the first word (a marker name).
    ListStyle(Option<String>),
    /// `height`; `None` when the value is not a length, which unsets the height.
    Height(Option<CssLength>),
    /// `width`; `None` for `auto` and for values that are not a positive width.
    Width(Option<BoxWidth>),
    /// A property cvpdf understands and approximates by deciding the layout itself
    /// ([`IGNORED`]): accepted, without effect.
    Ignored(&'static str),
}

/// Why a declaration is not a [`Property`]; either way it is ignored, with a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unsupported {
    /// cvpdf does not know the property.
    UnknownProperty,
    /// The property is known, but not this value.
    BadValue,
}

/// The `font` shorthand, as far as cvpdf reads it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Font {
    /// Whether it says `bold` (it never makes text lighter).
    pub bold: bool,
    /// Whether it says `italic`.
    pub italic: bool,
    /// Each word that is a font size (before a `/line-height`), in order: each is
    /// relative to the size the one before it set.
    pub sizes: Vec<FontSize>,
    /// The bundled family it names.
    pub family: Family,
}

/// A `line-height`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum LineHeight {
    /// A positive multiple of the font size (`normal` is 1.2).
    Multiple(f32),
    /// A positive length.
    Length(CssLength),
}

/// One side of `margin`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Margin {
    /// A length.
    Length(CssLength),
    /// `auto`: zero, and two of them left and right centre a table.
    Auto,
}

/// A border line as the `border` shorthands give it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct BorderLine {
    /// Its width (the first length in the value, else 0.75pt); positive.
    pub width: CssLength,
    /// Its colour (the first colour in the value, else GitHub's light grey).
    pub color: Rgb,
}

/// A side of a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Top,
    Right,
    Bottom,
    Left,
}

/// A `width` or a `text-indent`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum BoxWidth {
    /// A percentage of the containing block (positive for a `width`).
    Percent(f32),
    /// A length (one that is not positive unsets the width when it applies).
    Length(CssLength),
}

/// Properties cvpdf accepts and approximates: layout details it decides itself.
pub(super) const IGNORED: &[&str] = &[
    "max-width",
    "min-width",
    "max-height",
    "min-height",
    "border-radius",
    "border-collapse",
    "border-spacing",
    "box-sizing",
    "vertical-align",
    "word-wrap",
    "overflow-wrap",
    "word-break",
    "overflow",
    "text-rendering",
    "-webkit-print-color-adjust",
    "print-color-adjust",
    "color-adjust",
];

/// The `display` values cvpdf lays out, what it makes of them, and whether that is
/// an approximation (flex, grid and table layouts: their children stand one under
/// another, or run on in the line).
const DISPLAYS: &[(&str, Display, bool)] = &[
    ("none", Display::None, false),
    ("block", Display::Block, false),
    ("list-item", Display::Block, false),
    ("flow-root", Display::Block, false),
    ("inline", Display::Inline, false),
    ("inline-block", Display::Inline, false),
    ("contents", Display::Inline, false),
    ("flex", Display::Block, true),
    ("grid", Display::Block, true),
    ("table", Display::Block, true),
    ("table-row", Display::Block, true),
    ("table-cell", Display::Block, true),
    ("inline-flex", Display::Inline, true),
    ("inline-grid", Display::Inline, true),
    ("inline-table", Display::Inline, true),
];

/// Reads the declaration `name: value` (a value with its `var()`s substituted, and
/// not a CSS-wide keyword such as `inherit`). Names are case-sensitive, values not.
pub(super) fn parse(name: &str, value: &str) -> Result<Property, Unsupported> {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    let parsed = match text_property(name, v, &lower).or_else(|| box_property(name, v, &lower)) {
        Some(parsed) => parsed,
        None => match IGNORED.iter().find(|n| **n == name) {
            Some(n) => Some(Property::Ignored(n)),
            None => return Err(Unsupported::UnknownProperty),
        },
    };
    parsed.ok_or(Unsupported::BadValue)
}

/// The inherited (text) properties: `None` for another name, `Some(None)` for a bad
/// value.
fn text_property(name: &str, v: &str, lower: &str) -> Option<Option<Property>> {
    let first = lower.split_whitespace().next();
    Some(match name {
        "color" => css::color(v).map(Property::Color),
        // `em` and `%` in font-size are relative to the parent's size.
        "font-size" => FontSize::parse(v).map(Property::FontSize),
        "font-family" => Some(Property::FontFamily(family(lower))),
        "font-weight" => Some(Property::FontWeight {
            bold: match lower {
                "bold" | "bolder" => Some(true),
                "normal" | "lighter" => Some(false),
                n => n.parse::<u32>().ok().map(|w| w >= 600),
            },
        }),
        "font-style" => Some(Property::FontStyle { italic: lower == "italic" || lower == "oblique" }),
        "font" => Some(Property::Font(font(lower))),
        "text-align" => Some(Property::TextAlign(match lower {
            "center" => TextAlign::Center,
            "right" | "end" => TextAlign::Right,
            "justify" => TextAlign::Justify,
            _ => TextAlign::Left,
        })),
        "text-decoration" | "text-decoration-line" => {
            Some(Property::TextDecoration { underline: lower.contains("underline"), strike: lower.contains("line-through") })
        }
        "line-height" => line_height(lower).map(Property::LineHeight),
        "orphans" | "widows" => {
            let n = lower.parse::<u8>().ok().filter(|n| *n >= 1).map(|n| n.min(10));
            n.map(if name == "orphans" { Property::Orphans } else { Property::Widows })
        }
        "text-transform" => match lower {
            "uppercase" => Some(Transform::Uppercase),
            "lowercase" => Some(Transform::Lowercase),
            "capitalize" => Some(Transform::Capitalize),
            "none" => Some(Transform::None),
            _ => None,
        }
        .map(Property::TextTransform),
        "letter-spacing" if lower == "normal" => Some(Property::LetterSpacing(CssLength::ZERO)),
        "letter-spacing" => CssLength::parse(v).map(Property::LetterSpacing),
        "hyphens" | "-webkit-hyphens" => Some(Property::Hyphens { auto: lower == "auto" }),
        "direction" => Some(Property::Direction {
            rtl: match lower {
                "rtl" => Some(true),
                "ltr" => Some(false),
                _ => None,
            },
        }),
        "white-space" => WhiteSpace::parse(lower).map(|mode| Property::WhiteSpace { mode, nowrap: lower == "nowrap" }),
        "list-style-type" | "list-style" => Some(Property::ListStyle(first.map(str::to_string))),
        "text-indent" => length_or_percent(first.unwrap_or("")).map(Property::TextIndent),
        _ => return None,
    })
}

/// The box (not inherited) properties, like [`text_property`].
fn box_property(name: &str, v: &str, lower: &str) -> Option<Option<Property>> {
    let first = lower.split_whitespace().next();
    Some(match name {
        "margin" => shorthand(v, margin).map(Property::Margin),
        "padding" => shorthand(v, CssLength::parse).map(Property::Padding),
        "margin-top" | "margin-right" | "margin-bottom" | "margin-left" => {
            let side = side_of(name)?;
            margin(v).map(|m| Property::Margin(one_side(side, m)))
        }
        "padding-top" | "padding-right" | "padding-bottom" | "padding-left" => {
            let side = side_of(name)?;
            CssLength::parse(v).map(|l| Property::Padding(one_side(side, l)))
        }
        "background-color" | "background" if lower == "none" || lower == "transparent" => Some(Property::Background(None)),
        "background-color" | "background" => {
            css::color(v).or_else(|| lower.split_whitespace().find_map(css::color)).map(|c| Property::Background(Some(c)))
        }
        "border" => Some(Property::Border(border(lower))),
        "border-top" | "border-right" | "border-bottom" | "border-left" => Some(Property::BorderSide(side_of(name)?, border(lower))),
        "border-width" => CssLength::parse(v.split_whitespace().next().unwrap_or(v)).map(Property::BorderWidth),
        "border-style" => Some(Property::BorderStyle { drawn: !matches!(first.unwrap_or(""), "none" | "hidden") }),
        "border-color" => css::color(v.split_whitespace().next().unwrap_or(v)).map(Property::BorderColor),
        "page-break-before" | "break-before" => Some(Property::BreakBefore(breaks(lower))),
        "page-break-after" | "break-after" => Some(Property::BreakAfter(breaks(lower))),
        "page-break-inside" | "break-inside" => Some(Property::BreakInside { avoid: lower.starts_with("avoid") }),
        "display" => DISPLAYS
            .iter()
            .find(|(k, _, _)| *k == lower)
            .map(|&(k, display, approximated)| Property::Display { display, approximated: approximated.then_some(k) }),
        "height" => Some(Property::Height(CssLength::parse(v))),
        "width" => Some(Property::Width(width(lower))),
        _ => return None,
    })
}

/// The side a longhand (`margin-left`, `border-top`…) names.
fn side_of(name: &str) -> Option<Side> {
    Some(match name.rsplit('-').next()? {
        "top" => Side::Top,
        "right" => Side::Right,
        "bottom" => Side::Bottom,
        "left" => Side::Left,
        _ => return None,
    })
}

/// `value` on one side, `None` on the others.
fn one_side<T: Copy>(side: Side, value: T) -> Sides<Option<T>> {
    let mut sides = Sides::new(None, None, None, None);
    *match side {
        Side::Top => &mut sides.top,
        Side::Right => &mut sides.right,
        Side::Bottom => &mut sides.bottom,
        Side::Left => &mut sides.left,
    } = Some(value);
    sides
}

/// A shorthand of one to four values (CSS order: top right bottom left). One value
/// that `read` refuses (`margin: 1em foo`) drops the declaration, as browsers do,
/// rather than shifting the others.
fn shorthand<T: Copy>(value: &str, read: impl Fn(&str) -> Option<T>) -> Option<Sides<Option<T>>> {
    let values: Vec<Option<T>> = value.split_whitespace().map(|w| read(w).map(Some)).collect::<Option<_>>()?;
    Sides::from_shorthand(&values)
}

/// One side of `margin`.
fn margin(value: &str) -> Option<Margin> {
    if value.trim().eq_ignore_ascii_case("auto") {
        return Some(Margin::Auto);
    }
    CssLength::parse(value).map(Margin::Length)
}

/// The values of `break-before` and `break-after` that break the page.
fn breaks(lower: &str) -> bool {
    matches!(lower, "always" | "page" | "left" | "right")
}

/// A `line-height` (lowercase).
fn line_height(lower: &str) -> Option<LineHeight> {
    if lower == "normal" {
        return Some(LineHeight::Multiple(1.2));
    }
    if let Ok(n) = lower.parse::<f32>() {
        return (n.is_finite() && n > 0.0).then_some(LineHeight::Multiple(n));
    }
    CssLength::parse(lower).filter(|l| l.value > 0.0).map(LineHeight::Length)
}

/// A length or a percentage (lowercase), of any finite size: a `text-indent`
/// (negative hangs the line out).
fn length_or_percent(lower: &str) -> Option<BoxWidth> {
    match lower.strip_suffix('%').map(|p| p.trim().parse::<f32>()) {
        Some(Ok(p)) if p.is_finite() => Some(BoxWidth::Percent(p)),
        Some(_) => None,
        None => CssLength::parse(lower).map(BoxWidth::Length),
    }
}

/// A `width` (lowercase): a positive length or percentage (`auto` and the rest
/// are none).
fn width(lower: &str) -> Option<BoxWidth> {
    length_or_percent(lower).filter(|w| match w {
        BoxWidth::Percent(p) => *p > 0.0,
        BoxWidth::Length(l) => l.value > 0.0,
    })
}

/// The `font` shorthand (lowercase): `bold`, `italic`, sizes and the family.
fn font(lower: &str) -> Font {
    let words = || lower.split_whitespace();
    Font {
        bold: words().any(|w| w == "bold"),
        italic: words().any(|w| w == "italic"),
        sizes: words()
            .filter(|w| !matches!(*w, "bold" | "italic"))
            .filter_map(|w| FontSize::parse(w.split('/').next().unwrap_or(w)))
            .collect(),
        family: family(lower),
    }
}

/// The bundled family for a CSS `font-family` list (lowercase).
fn family(value: &str) -> Family {
    let mono = ["monospace", "mono", "courier", "consolas", "menlo", "monaco", "code"];
    let first = value.split(',').next().unwrap_or(value);
    if mono.iter().any(|m| first.contains(m)) {
        Family::Mono
    } else {
        Family::Sans
    }
}

/// A `border` shorthand (lowercase); `None` when it draws no border (`none`, `0`, a
/// width that is not positive).
fn border(value: &str) -> Option<BorderLine> {
    if value.contains("none") || value.trim() == "0" {
        return None;
    }
    let width = value.split_whitespace().find_map(CssLength::parse).unwrap_or(CssLength::pt(0.75));
    let color = value.split_whitespace().find_map(css::color).unwrap_or(Rgb(0xdf, 0xe2, 0xe5));
    (width.value > 0.0).then_some(BorderLine { width, color })
}

#[cfg(test)]
#[path = "property_tests.rs"]
mod tests;

//! Tests of `property::parse`: a declaration in, a property out, or why not.

use super::Unsupported::{BadValue, UnknownProperty};
use super::*;
use crate::units::Unit;

fn len(value: f32, unit: Unit) -> CssLength {
    CssLength { value, unit }
}

fn px(value: f32) -> CssLength {
    len(value, Unit::Px)
}

fn em(value: f32) -> CssLength {
    len(value, Unit::Em)
}

fn all<T: Copy>(top: T, right: T, bottom: T, left: T) -> Sides<Option<T>> {
    Sides::new(Some(top), Some(right), Some(bottom), Some(left))
}

fn line(width: CssLength, color: Rgb) -> Option<BorderLine> {
    Some(BorderLine { width, color })
}

const GREY: Rgb = Rgb(0xdf, 0xe2, 0xe5);
const RED: Rgb = Rgb(255, 0, 0);

/// Checks each `(name, value, expected)`.
fn check(cases: &[(&str, &str, Result<Property, Unsupported>)]) {
    for (name, value, want) in cases {
        assert_eq!(&parse(name, value), want, "{name}: {value}");
    }
}

#[test]
fn text_properties() {
    use Property as P;
    check(&[
        ("color", "red", Ok(P::Color(RED))),
        ("color", " #F00 ", Ok(P::Color(RED))),
        ("color", "currentColor", Err(BadValue)),
        ("color", "transparent", Err(BadValue)),
        ("font-size", "12px", Ok(P::FontSize(FontSize::Length(px(12.0))))),
        ("font-size", "1.5em", Ok(P::FontSize(FontSize::Length(em(1.5))))),
        ("font-size", "120%", Ok(P::FontSize(FontSize::Length(len(120.0, Unit::Percent))))),
        ("font-size", "small", Ok(P::FontSize(FontSize::Points(9.75)))),
        ("font-size", "larger", Ok(P::FontSize(FontSize::Larger))),
        ("font-size", "smaller", Ok(P::FontSize(FontSize::Smaller))),
        ("font-size", "0", Err(BadValue)),
        ("font-size", "-2px", Err(BadValue)),
        ("font-size", "big", Err(BadValue)),
        ("font-family", "\"Fira Code\", monospace", Ok(P::FontFamily(Family::Mono))),
        ("font-family", "Georgia, monospace", Ok(P::FontFamily(Family::Sans))),
        ("font-weight", "bold", Ok(P::FontWeight { bold: Some(true) })),
        ("font-weight", "bolder", Ok(P::FontWeight { bold: Some(true) })),
        ("font-weight", "600", Ok(P::FontWeight { bold: Some(true) })),
        ("font-weight", "500", Ok(P::FontWeight { bold: Some(false) })),
        ("font-weight", "lighter", Ok(P::FontWeight { bold: Some(false) })),
        ("font-weight", "heavy", Ok(P::FontWeight { bold: None })),
        ("font-style", "Oblique", Ok(P::FontStyle { italic: true })),
        ("font-style", "normal", Ok(P::FontStyle { italic: false })),
        ("text-align", "center", Ok(P::TextAlign(TextAlign::Center))),
        ("text-align", "end", Ok(P::TextAlign(TextAlign::Right))),
        ("text-align", "justify", Ok(P::TextAlign(TextAlign::Justify))),
        ("text-align", "start", Ok(P::TextAlign(TextAlign::Left))),
        ("text-decoration", "underline line-through", Ok(P::TextDecoration { underline: true, strike: true })),
        ("text-decoration-line", "none", Ok(P::TextDecoration { underline: false, strike: false })),
        ("line-height", "normal", Ok(P::LineHeight(LineHeight::Multiple(1.2)))),
        ("line-height", "1.5", Ok(P::LineHeight(LineHeight::Multiple(1.5)))),
        ("line-height", "20", Ok(P::LineHeight(LineHeight::Multiple(20.0)))),
        ("line-height", "18px", Ok(P::LineHeight(LineHeight::Length(px(18.0))))),
        ("line-height", "0", Err(BadValue)),
        ("line-height", "-1em", Err(BadValue)),
        ("line-height", "inf", Err(BadValue)),
        ("line-height", "tall", Err(BadValue)),
        ("orphans", "3", Ok(P::Orphans(3))),
        ("widows", "50", Ok(P::Widows(10))),
        ("widows", "0", Err(BadValue)),
        ("orphans", "300", Err(BadValue)),
        ("text-transform", "uppercase", Ok(P::TextTransform(Transform::Uppercase))),
        ("text-transform", "lowercase", Ok(P::TextTransform(Transform::Lowercase))),
        ("text-transform", "Capitalize", Ok(P::TextTransform(Transform::Capitalize))),
        ("text-transform", "none", Ok(P::TextTransform(Transform::None))),
        ("text-transform", "full-width", Err(BadValue)),
        ("letter-spacing", "normal", Ok(P::LetterSpacing(CssLength::ZERO))),
        ("letter-spacing", "0.1em", Ok(P::LetterSpacing(em(0.1)))),
        ("letter-spacing", "-1px", Ok(P::LetterSpacing(px(-1.0)))),
        ("letter-spacing", "wide", Err(BadValue)),
        ("hyphens", "auto", Ok(P::Hyphens { auto: true })),
        ("-webkit-hyphens", "manual", Ok(P::Hyphens { auto: false })),
        ("direction", "rtl", Ok(P::Direction { rtl: Some(true) })),
        ("direction", "ltr", Ok(P::Direction { rtl: Some(false) })),
        ("direction", "sideways", Ok(P::Direction { rtl: None })),
        ("white-space", "pre-wrap", Ok(P::WhiteSpace { mode: WhiteSpace::Pre, nowrap: false })),
        ("white-space", "pre-line", Ok(P::WhiteSpace { mode: WhiteSpace::PreLine, nowrap: false })),
        ("white-space", "nowrap", Ok(P::WhiteSpace { mode: WhiteSpace::Normal, nowrap: true })),
        ("white-space", "squish", Err(BadValue)),
        ("list-style", "Square inside", Ok(P::ListStyle(Some("square".into())))),
        ("list-style-type", "", Ok(P::ListStyle(None))),
    ]);
}

#[test]
fn the_font_shorthand_reads_what_cvpdf_sets() {
    let font = |bold, italic, sizes: Vec<FontSize>, family| Ok(Property::Font(Font { bold, italic, sizes, family }));
    check(&[
        ("font", "italic bold 12px/1.5 Menlo, monospace", font(true, true, vec![FontSize::Length(px(12.0))], Family::Mono)),
        ("font", "large sans-serif", font(false, false, vec![FontSize::Points(13.5)], Family::Sans)),
        // Each size is of the one before it.
        ("font", "2em 2em serif", font(false, false, vec![FontSize::Length(em(2.0)); 2], Family::Sans)),
        ("font", "inherit-ish", font(false, false, vec![], Family::Sans)),
    ]);
}

#[test]
fn margins_and_padding() {
    use Property as P;
    let m = Margin::Length;
    check(&[
        ("margin", "1em", Ok(P::Margin(all(m(em(1.0)), m(em(1.0)), m(em(1.0)), m(em(1.0)))))),
        ("margin", "0 auto", Ok(P::Margin(all(m(CssLength::ZERO), Margin::Auto, m(CssLength::ZERO), Margin::Auto)))),
        ("margin", "1px 2px 3px", Ok(P::Margin(all(m(px(1.0)), m(px(2.0)), m(px(3.0)), m(px(2.0)))))),
        ("margin", "1px 2px 3px 4PX", Ok(P::Margin(all(m(px(1.0)), m(px(2.0)), m(px(3.0)), m(px(4.0)))))),
        // One word that is not a length drops the whole declaration.
        ("margin", "1em foo", Err(BadValue)),
        ("margin", "1px 2px 3px 4px 5px", Err(BadValue)),
        ("margin", "", Err(BadValue)),
        ("margin-left", "AUTO", Ok(P::Margin(Sides::new(None, None, None, Some(Margin::Auto))))),
        ("margin-top", "-4px", Ok(P::Margin(Sides::new(Some(m(px(-4.0))), None, None, None)))),
        ("margin-right", "1em 2em", Err(BadValue)),
        ("margin-bottom", "50%", Ok(P::Margin(Sides::new(None, None, Some(m(len(50.0, Unit::Percent))), None)))),
        ("padding", "2pt 4pt", Ok(P::Padding(all(len(2.0, Unit::Pt), len(4.0, Unit::Pt), len(2.0, Unit::Pt), len(4.0, Unit::Pt))))),
        ("padding", "auto", Ok(P::Padding(all(CssLength::ZERO, CssLength::ZERO, CssLength::ZERO, CssLength::ZERO)))),
        ("padding", "1em x", Err(BadValue)),
        ("padding-left", "1rem", Ok(P::Padding(Sides::new(None, None, None, Some(len(1.0, Unit::Rem)))))),
        ("padding-right", "3mm", Ok(P::Padding(Sides::new(None, Some(len(3.0, Unit::Mm)), None, None)))),
        ("padding-top", "12", Err(BadValue)),
        ("padding-bottom", "1ch", Ok(P::Padding(Sides::new(None, None, Some(len(1.0, Unit::Ex)), None)))),
    ]);
}

#[test]
fn backgrounds_and_borders() {
    use Property as P;
    check(&[
        ("background", "none", Ok(P::Background(None))),
        ("background-color", "Transparent", Ok(P::Background(None))),
        ("background", "url(x.png) #f00 no-repeat", Ok(P::Background(Some(RED)))),
        ("background-color", "rgb(255, 0, 0)", Ok(P::Background(Some(RED)))),
        ("background", "url(x.png)", Err(BadValue)),
        ("border", "none", Ok(P::Border(None))),
        ("border", "0", Ok(P::Border(None))),
        ("border", "1px solid red", Ok(P::Border(line(px(1.0), RED)))),
        ("border", "solid", Ok(P::Border(line(CssLength::pt(0.75), GREY)))),
        ("border", "-2px solid red", Ok(P::Border(None))),
        ("border-left", "3pt solid RED", Ok(P::BorderSide(Side::Left, line(len(3.0, Unit::Pt), RED)))),
        ("border-top", "none", Ok(P::BorderSide(Side::Top, None))),
        ("border-right", "0.1em dotted", Ok(P::BorderSide(Side::Right, line(em(0.1), GREY)))),
        ("border-bottom", "2px", Ok(P::BorderSide(Side::Bottom, line(px(2.0), GREY)))),
        ("border-width", "2px 1px", Ok(P::BorderWidth(px(2.0)))),
        ("border-width", "thick", Err(BadValue)),
        ("border-style", "hidden solid", Ok(P::BorderStyle { drawn: false })),
        ("border-style", "dashed", Ok(P::BorderStyle { drawn: true })),
        ("border-color", "red blue", Ok(P::BorderColor(RED))),
        ("border-color", "currentcolor", Err(BadValue)),
    ]);
}

#[test]
fn breaks_display_and_sizes() {
    use Property as P;
    check(&[
        ("break-before", "page", Ok(P::BreakBefore(true))),
        ("page-break-before", "auto", Ok(P::BreakBefore(false))),
        ("page-break-after", "always", Ok(P::BreakAfter(true))),
        ("break-after", "avoid", Ok(P::BreakAfter(false))),
        ("break-inside", "avoid-page", Ok(P::BreakInside { avoid: true })),
        ("page-break-inside", "auto", Ok(P::BreakInside { avoid: false })),
        ("display", "none", Ok(P::Display { display: Display::None, approximated: None })),
        ("display", "list-item", Ok(P::Display { display: Display::Block, approximated: None })),
        ("display", "inline-block", Ok(P::Display { display: Display::Inline, approximated: None })),
        ("display", "Flex", Ok(P::Display { display: Display::Block, approximated: Some("flex") })),
        ("display", "inline-grid", Ok(P::Display { display: Display::Inline, approximated: Some("inline-grid") })),
        ("display", "ruby", Err(BadValue)),
        ("height", "2px", Ok(P::Height(Some(px(2.0))))),
        ("height", "auto", Ok(P::Height(Some(CssLength::ZERO)))),
        ("height", "tall", Ok(P::Height(None))),
        ("width", "50%", Ok(P::Width(Some(BoxWidth::Percent(50.0))))),
        ("width", "0%", Ok(P::Width(None))),
        ("width", "x%", Ok(P::Width(None))),
        ("width", "auto", Ok(P::Width(None))),
        ("width", "10cm", Ok(P::Width(Some(BoxWidth::Length(len(10.0, Unit::Cm)))))),
        ("width", "-1px", Ok(P::Width(None))),
        ("text-indent", "2em", Ok(P::TextIndent(BoxWidth::Length(len(2.0, Unit::Em))))),
        ("text-indent", "-10%", Ok(P::TextIndent(BoxWidth::Percent(-10.0)))),
        ("text-indent", "1.5em hanging", Ok(P::TextIndent(BoxWidth::Length(len(1.5, Unit::Em))))),
        ("text-indent", "x%", Err(BadValue)),
    ]);
}

#[test]
fn approximated_and_unknown_properties() {
    for name in IGNORED {
        assert_eq!(parse(name, "anything"), Ok(Property::Ignored(name)), "{name}");
    }
    check(&[
        ("gap", "1em", Err(UnknownProperty)),
        ("Color", "red", Err(UnknownProperty)),
        ("float", "left", Err(UnknownProperty)),
        ("", "red", Err(UnknownProperty)),
    ]);
}

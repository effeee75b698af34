//! CSS declarations applied to an element's text context and box overrides: custom
//! properties first, then each declaration's `var()`s substituted, its value read
//! by `property::parse` and applied here, with a warning for what is not supported
//! or out of range.

use simplecss::Declaration;

use super::boxes;
use super::property::{self, BorderLine, BoxWidth, LineHeight, Margin, Property, Side};
use super::{shown, BoxOverrides, Cascade, Ctx, Display, Parent, Set, MAX_CUSTOM_PROPERTIES, MAX_VAR_SCOPE_BYTES};
use crate::diag::Diagnostic;
use crate::geom::{Rgb, Sides};
use crate::model::Span;
use crate::style::css;
use crate::style::{Border, Width};
use crate::units::CssLength;

/// What the warnings for out-of-range values say cvpdf limits.
const LENGTH_RANGE: &str = "lengths to ±14400pt (200in, the largest PDF page)";
const FONT_SIZE_RANGE: &str = "font sizes to 0.1–1000pt";
const LINE_HEIGHT_RANGE: &str = "line heights to 10 times the font size";

/// Whether a declaration sets a custom property (`--name`, read as `-cv-name`).
fn is_custom(name: &str) -> bool {
    name.starts_with(css::CUSTOM_PREFIX) || name.starts_with("--")
}

/// One element's declarations being applied: what they change, and what waits until
/// all of them have applied.
struct Element<'e> {
    ctx: &'e mut Ctx,
    ov: &'e mut BoxOverrides,
    /// The parent's font size (`em` and `%` in `font-size` are of it).
    parent_size: f32,
    longhands: BorderLonghands,
    /// `letter-spacing` as points plus ems, and the index of its declaration: the
    /// ems are of this element's font size, known once all declarations apply.
    letter_spacing: Option<((f32, f32), usize)>,
}

/// Resolves one declaration's lengths and sizes to points, within what layout and
/// PDF can hold; `limited` says what was cut, for the warning.
struct Lengths {
    /// The element's font size (`em`, and `%` but in `font-size`).
    size: f32,
    /// The root's font size (`rem`).
    root: f32,
    limited: Option<&'static str>,
}

impl Lengths {
    fn len(&mut self, l: CssLength) -> Option<f32> {
        let x = l.resolve(self.size, self.root, self.size)?;
        if x.abs() > css::MAX_LENGTH {
            self.limited = Some(LENGTH_RANGE);
        }
        Some(x.clamp(-css::MAX_LENGTH, css::MAX_LENGTH))
    }

    fn font_size(&mut self, s: f32) -> f32 {
        if !(css::MIN_FONT_SIZE..=css::MAX_FONT_SIZE).contains(&s) {
            self.limited = Some(FONT_SIZE_RANGE);
        }
        s.clamp(css::MIN_FONT_SIZE, css::MAX_FONT_SIZE)
    }

    /// Each side that is set, in points; `None` when one does not resolve.
    fn sides<T: Copy>(&mut self, sides: Sides<Option<T>>, mut len: impl FnMut(&mut Self, T) -> Option<f32>) -> Option<Sides<Option<f32>>> {
        let mut side = |s: Option<T>| match s {
            Some(v) => len(self, v).map(Some),
            None => Some(None),
        };
        Some(Sides::new(side(sides.top)?, side(sides.right)?, side(sides.bottom)?, side(sides.left)?))
    }
}

impl Cascade<'_> {
    /// Applies declarations in cascade order to the text context and box overrides.
    pub(super) fn apply(&mut self, decls: &[Declaration<'_>], ctx: &mut Ctx, ov: &mut BoxOverrides, span: &Option<Span>, parent: Parent) {
        // Custom properties first: they apply to this element's own declarations.
        self.custom_properties(decls, ctx, span);
        let mut el = Element { ctx, ov, parent_size: parent.size, longhands: BorderLonghands::default(), letter_spacing: None };
        for (i, d) in decls.iter().enumerate().filter(|(_, d)| !is_custom(d.name)) {
            let resolved = match css::substitute_vars(d.value, &el.ctx.vars, &mut self.var_scan) {
                Ok(v) => v,
                Err(error) => {
                    self.warn_var(&error, d, span);
                    continue;
                }
            };
            let v = resolved.trim();
            let lower = v.to_ascii_lowercase();
            if matches!(lower.as_str(), "inherit" | "initial" | "unset" | "revert") {
                // Inherited properties already inherit, except where an element's
                // defaults set them (a heading's line height): `inherit` and `unset`
                // take the parent's value again. The rest keep their default.
                if d.name == "line-height" && matches!(lower.as_str(), "inherit" | "unset") {
                    el.ctx.line_height = parent.line_height;
                }
                continue;
            }
            let mut lengths = Lengths { size: el.ctx.size, root: self.root_size, limited: None };
            let applied = match boxes::read(d.name, &lower, el.ctx.size, self.root_size, &mut el.ov.boxes) {
                boxes::Read::Set => {
                    if d.name == "display" && !lower.starts_with("inline") {
                        // A flex or grid container is a block (an `inline-flex` one
                        // keeps its element's display: a `<div>` is laid out as a
                        // flex block, a `<span>` as inline text).
                        el.ov.display = Some(Display::Block);
                        el.ov.display_none = false;
                        el.ctx.hidden = false;
                    }
                    true
                }
                boxes::Read::BadValue => false,
                boxes::Read::NotMine => match property::parse(d.name, v) {
                    Ok(p) => self.apply_property(p, &mut el, &mut lengths, (i, d, span)),
                    Err(_) => false,
                },
            };
            if applied {
                el.ov.set_at.note(d.name, || self.span_of_declaration(d, span));
            } else {
                self.warn_once(d.name, |c| {
                    let at = c.span_of_declaration(d, span);
                    let value = css::as_written(d.value);
                    // A stylesheet file's declaration is warned at the element it
                    // matched; the message names the file.
                    let file = c.sheets.file_of(d).map(|f| format!(" in `{}`", shown(f))).unwrap_or_default();
                    Diagnostic::warning(
                        at,
                        format!("CSS property `{}: {}`{file} is not supported and is ignored", shown(d.name), shown(&value)),
                    )
                });
            }
            if let Some(range) = lengths.limited {
                self.warn_out_of_range(d, span, &format!("cvpdf limits {range}"));
            }
        }
        let Element { ctx, ov, longhands, letter_spacing, .. } = el;
        if let Some((parts, i)) = letter_spacing {
            self.apply_letter_spacing(parts, ctx, (&decls[i], span));
        }
        longhands.apply(ov, ctx.color);
    }

    /// Reads this element's custom properties (`--name: value`) into its scope.
    fn custom_properties(&mut self, decls: &[Declaration<'_>], ctx: &mut Ctx, span: &Option<Span>) {
        for d in decls.iter().filter(|d| is_custom(d.name)) {
            let (key, value) = (css::custom_key(d.name), d.value.trim());
            let display = css::custom_display(d.name);
            let name = shown(&display);
            if !ctx.vars.contains_key(key.as_ref()) && ctx.vars.len() >= MAX_CUSTOM_PROPERTIES {
                self.warn_once("too many custom properties", |c| {
                    Diagnostic::warning(
                        c.span_of_declaration(d, span),
                        format!(
                            "CSS custom property `{name}` is ignored: an element has at most {MAX_CUSTOM_PROPERTIES} custom properties"
                        ),
                    )
                });
                continue;
            }
            if self.var_bytes + value.len() > MAX_VAR_SCOPE_BYTES {
                self.warn_once("custom property bytes", |c| {
                    Diagnostic::warning(
                        c.span_of_declaration(d, span),
                        format!(
                            "CSS custom property `{name}` is ignored: the document's custom properties hold more than {} MB of values",
                            MAX_VAR_SCOPE_BYTES >> 20
                        ),
                    )
                });
                continue;
            }
            self.var_bytes += value.len();
            std::rc::Rc::make_mut(&mut ctx.vars).insert(key.as_ref().into(), value.into());
        }
    }

    /// The warning for a declaration whose `var()`s could not be substituted, the
    /// declaration shown as the user wrote it.
    fn warn_var(&mut self, error: &css::VarError, d: &Declaration<'_>, span: &Option<Span>) {
        let key = match error {
            css::VarError::Undefined(name) => format!("var({name})"),
            css::VarError::Exhausted => "var() exhausted".to_string(),
            css::VarError::TooLarge => format!("var() too large: {}", d.name),
        };
        self.warn_once(key, |c| {
            let written = format!("`{}: {}`", shown(d.name), shown(&css::as_written(d.value)));
            match error {
                css::VarError::Undefined(name) => {
                    let name = shown(name);
                    Diagnostic::warning(span.clone(), format!("CSS variable `{name}` is not defined: {written} is ignored"))
                        .with_hint(format!("define it, e.g. `:root {{ {name}: … }}`, or give a fallback: `var({name}, …)`"))
                }
                css::VarError::Exhausted => Diagnostic::warning(
                    c.span_of_declaration(d, span),
                    format!(
                        "CSS {written} is ignored, and later values with `var()`: substituting variables has read more than {} MB of values in this document",
                        css::MAX_VAR_SCAN >> 20
                    ),
                ),
                css::VarError::TooLarge => Diagnostic::warning(
                    c.span_of_declaration(d, span),
                    format!(
                        "CSS {written} is ignored: its variables expand to more than {} KB or take more than {} substitutions",
                        css::MAX_VAR_BYTES >> 10,
                        css::MAX_VAR_SUBSTITUTIONS
                    ),
                ),
            }
        });
    }

    /// The warning for a declaration whose value cvpdf cut to its `limits`.
    fn warn_out_of_range(&mut self, d: &Declaration<'_>, span: &Option<Span>, limits: &str) {
        self.warn_once(format!("out of range: {}: {}", d.name, d.value), |c| {
            let at = c.span_of_declaration(d, span);
            let value = css::as_written(d.value);
            Diagnostic::warning(at, format!("CSS `{}: {}` is out of range: {limits}", shown(d.name), shown(&value)))
        });
    }

    /// Applies one property to the element; `false` when its value does not resolve
    /// for it (a font size or line height that is not positive, a length that is not
    /// a finite number of points). `decl` is the declaration (and its index), for
    /// warnings.
    fn apply_property(
        &mut self,
        p: Property,
        el: &mut Element<'_>,
        len: &mut Lengths,
        decl: (usize, &Declaration<'_>, &Option<Span>),
    ) -> bool {
        let (i, d, span) = decl;
        let ctx = &mut *el.ctx;
        match p {
            Property::Color(c) => ctx.color = c,
            Property::FontSize(s) => match s.resolve(el.parent_size, self.root_size) {
                Some(s) => ctx.size = len.font_size(s),
                None => return false,
            },
            Property::FontFamily(f) => ctx.family = f,
            Property::FontWeight { bold } => ctx.bold = bold.unwrap_or(ctx.bold),
            Property::FontStyle { italic } => ctx.italic = italic,
            Property::Font(font) => {
                ctx.bold |= font.bold;
                ctx.italic |= font.italic;
                for s in font.sizes {
                    if let Some(s) = s.resolve(ctx.size, self.root_size) {
                        ctx.size = len.font_size(s);
                    }
                }
                ctx.family = font.family;
            }
            Property::TextAlign(a) => ctx.align = a,
            Property::TextDecoration { underline, strike } => (ctx.underline, ctx.strike) = (underline, strike),
            Property::LineHeight(lh) => {
                let lh = match lh {
                    LineHeight::Multiple(n) => Some(n),
                    LineHeight::Length(l) => len.len(l).map(|l| l / ctx.size.max(0.1)),
                };
                let Some(lh) = lh.filter(|l| l.is_finite() && *l > 0.0) else { return false };
                if lh > css::MAX_LINE_HEIGHT {
                    len.limited = Some(LINE_HEIGHT_RANGE);
                }
                ctx.line_height = lh.min(css::MAX_LINE_HEIGHT);
            }
            Property::TextIndent(w) => {
                ctx.text_indent = match w {
                    BoxWidth::Percent(p) => Some(Width::Percent(p.clamp(-100.0, 100.0))),
                    BoxWidth::Length(l) => match len.len(l).filter(|l| l.is_finite()) {
                        Some(l) => Some(Width::Points(l)),
                        None => return false,
                    },
                }
            }
            Property::Orphans(n) => ctx.min_lines.0 = n,
            Property::Widows(n) => ctx.min_lines.1 = n,
            Property::TextTransform(t) => ctx.transform = t,
            Property::LetterSpacing(l) => {
                let root = self.root_size;
                let Some((pt, with_em)) = l.resolve(0.0, root, 0.0).zip(l.resolve(1.0, root, 1.0)) else { return false };
                el.letter_spacing = Some(((pt, with_em - pt), i));
            }
            Property::Hyphens { auto } => ctx.hyphens = auto,
            Property::Direction { rtl } => ctx.rtl = rtl.or(ctx.rtl),
            Property::WhiteSpace { mode, nowrap } => {
                if nowrap {
                    self.warn_once("white-space: nowrap", |c| {
                        let at = c.span_of_declaration(d, span);
                        Diagnostic::warning(
                            at,
                            "CSS `white-space: nowrap` collapses white space, but lines still wrap at the edge of the box",
                        )
                    });
                }
                ctx.white_space = mode;
            }
            Property::Display { display, approximated } => {
                if let Some(keyword) = approximated {
                    self.warn_once(format!("display: {keyword}"), |c| {
                        let how = if display == Display::Block { "a block: its children stand one under another" } else { "inline" };
                        Diagnostic::warning(c.span_of_declaration(d, span), format!("CSS `display: {keyword}` is laid out as {how}"))
                    });
                }
                el.ov.display = Some(display);
                el.ov.display_none = display == Display::None;
                ctx.hidden = el.ov.display_none;
            }
            Property::Ignored(_) => {}
            p => return self.apply_box(p, el, len),
        }
        true
    }

    /// Applies a box property (one that is not inherited), like [`Self::apply_property`].
    fn apply_box(&self, p: Property, el: &mut Element<'_>, len: &mut Lengths) -> bool {
        let ov = &mut *el.ov;
        match p {
            Property::Margin(sides) => {
                let resolve = |len: &mut Lengths, m| match m {
                    Margin::Auto => Some(0.0),
                    Margin::Length(l) => len.len(l),
                };
                let Some(pt) = len.sides(sides, resolve) else { return false };
                // Which horizontal margins are `auto` (they centre a table).
                let auto = |m: Option<Margin>| m.map(|m| m == Margin::Auto);
                ov.auto_margins.left = auto(sides.left).unwrap_or(ov.auto_margins.left);
                ov.auto_margins.right = auto(sides.right).unwrap_or(ov.auto_margins.right);
                set_sides(&mut ov.margin, pt);
            }
            Property::Padding(sides) => {
                let Some(pt) = len.sides(sides, Lengths::len) else { return false };
                set_sides(&mut ov.padding, pt);
            }
            Property::Background(None) => ov.background = Set::None,
            Property::Background(Some(c)) if self.print_background => ov.background = Set::Some(c),
            Property::Background(Some(_)) => {}
            Property::Border(line) => {
                let b = Set::to(self.border(line, len.size));
                ov.borders = Sides::splat(b);
                ov.border = b;
            }
            Property::BorderSide(side, line) => {
                let b = Set::to(self.border(line, len.size));
                *match side {
                    Side::Top => &mut ov.borders.top,
                    Side::Right => &mut ov.borders.right,
                    Side::Bottom => &mut ov.borders.bottom,
                    Side::Left => &mut ov.borders.left,
                } = b;
                if ov.border.is_set() {
                    // One side set after the shorthand: that side alone is drawn.
                    ov.border = Set::None;
                }
            }
            // Longhands of `border`, resolved with it once all declarations apply.
            Property::BorderWidth(l) => match len.len(l) {
                Some(w) => el.longhands.width = Some(w),
                None => return false,
            },
            Property::BorderStyle { drawn } => el.longhands.drawn = Some(drawn),
            Property::BorderColor(c) => el.longhands.color = Some(c),
            Property::BreakBefore(b) => ov.break_before = b,
            Property::BreakAfter(b) => ov.break_after = b,
            // Understood and approximated: layout details cvpdf decides itself.
            Property::BreakInside { avoid } => ov.avoid_break = Some(avoid),
            Property::ListStyle(s) => ov.list_style = s,
            Property::Height(h) => ov.height = h.and_then(|h| len.len(h)),
            Property::Width(w) => {
                ov.width = match w {
                    None => None,
                    Some(BoxWidth::Percent(p)) => Some(Width::Percent(p)),
                    Some(BoxWidth::Length(l)) => len.len(l).filter(|w| *w > 0.0).map(Width::Points),
                }
            }
            // The text properties are applied by `apply_property`.
            _ => {}
        }
        true
    }

    /// A border line in points for an element of font size `size`; `None` draws none.
    fn border(&self, line: Option<BorderLine>, size: f32) -> Option<Border> {
        let line = line?;
        let width = line.width.resolve(size, self.root_size, size).filter(|w| *w > 0.0)?;
        // (A border wider than 100pt would leave no room inside the page.)
        Some(Border { width: width.min(100.0), color: line.color })
    }

    /// Sets `letter-spacing` (points plus ems) once the element's font size is known.
    fn apply_letter_spacing(&mut self, (pt, em): (f32, f32), ctx: &mut Ctx, (d, span): (&Declaration<'_>, &Option<Span>)) {
        let ls = pt + em * ctx.size;
        // Glyphs may come closer by a quarter of an em at most (advances stay
        // positive), and move apart by two ems.
        let range = -0.25 * ctx.size..=2.0 * ctx.size;
        if !range.contains(&ls) {
            self.warn_out_of_range(d, span, "cvpdf limits letter spacing to -0.25em–2em");
        }
        ctx.letter_spacing = if ls.is_finite() { ls.clamp(*range.start(), *range.end()) } else { 0.0 };
    }
}

/// Sets the sides of `dst` that `src` has.
fn set_sides(dst: &mut Sides<Option<f32>>, src: Sides<Option<f32>>) {
    for (d, s) in [(&mut dst.top, src.top), (&mut dst.right, src.right), (&mut dst.bottom, src.bottom), (&mut dst.left, src.left)] {
        if s.is_some() {
            *d = s;
        }
    }
}

/// The longhands of `border` an element's declarations set, applied to all four
/// sides once every declaration has been read.
#[derive(Debug, Clone, Copy, Default)]
struct BorderLonghands {
    /// `border-width` (its first value), in points.
    width: Option<f32>,
    /// `border-style`: whether it draws a line (`none` and `hidden` do not).
    drawn: Option<bool>,
    /// `border-color` (its first value).
    color: Option<Rgb>,
}

impl BorderLonghands {
    /// Changes the border on all four sides (a style alone gives a medium border in
    /// the text colour, `text`).
    fn apply(self, ov: &mut BoxOverrides, text: Rgb) {
        let BorderLonghands { width, drawn, color } = self;
        let restyle = |b: Border| {
            Some(Border { width: width.unwrap_or(b.width).clamp(0.0, 100.0), color: color.unwrap_or(b.color) }).filter(|b| b.width > 0.0)
        };
        let b = &mut ov.borders;
        let sides = [&mut ov.border, &mut b.left, &mut b.right, &mut b.top, &mut b.bottom];
        match drawn {
            Some(drawn) => {
                let base = sides[0].value().unwrap_or(Border { width: 2.25, color: text });
                let b = if drawn { restyle(base) } else { None };
                for side in sides {
                    *side = Set::to(b);
                }
            }
            // Without a style, only the borders this element's CSS drew change.
            None if width.is_some() || color.is_some() => {
                for side in sides {
                    if let Set::Some(b) = *side {
                        *side = Set::to(restyle(b));
                    }
                }
            }
            None => {}
        }
    }
}

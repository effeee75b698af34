//! CSS declarations applied to an element's text context and box overrides.

use simplecss::Declaration;

use super::{shown, BoxOverrides, Cascade, Ctx, Display, Transform, MAX_CUSTOM_PROPERTIES, MAX_VAR_SCOPE_BYTES};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::geom::{Rgb, Sides};
use crate::model::Span;
use crate::style::css;
use crate::style::whitespace::WhiteSpace;
use crate::style::{Border, TextAlign, Width};

/// What the warnings for out-of-range values say cvpdf limits.
const LENGTH_RANGE: &str = "lengths to ±14400pt (200in, the largest PDF page)";
const FONT_SIZE_RANGE: &str = "font sizes to 0.1–1000pt";
const LINE_HEIGHT_RANGE: &str = "line heights to 10 times the font size";

impl Cascade<'_> {
    // Long (about 450 lines): one match arm per property, parsing and applying at
    // once. Issue 15 item 1 asks for a typed `Property` parsed by a pure function
    // and applied by a short one; that split is still to do.
    /// Applies declarations in cascade order to the text context and box overrides.
    /// `parent` is the parent's font size and line height.
    pub(super) fn apply(
        &mut self,
        decls: &[Declaration<'_>],
        ctx: &mut Ctx,
        ov: &mut BoxOverrides,
        span: &Option<Span>,
        parent: (f32, f32),
    ) {
        let (parent_size, parent_line_height) = parent;
        // Custom properties first: they apply to this element's own declarations.
        let custom = |name: &str| name.starts_with(css::CUSTOM_PREFIX) || name.starts_with("--");
        for d in decls.iter().filter(|d| custom(d.name)) {
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
        let mut longhands = BorderLonghands::default();
        // `letter-spacing` as points plus ems, and its declaration: the ems are of
        // this element's font size, known once all declarations apply.
        let mut letter_spacing: Option<((f32, f32), &Declaration<'_>)> = None;
        for d in decls {
            if custom(d.name) {
                continue;
            }
            let resolved = match css::substitute_vars(d.value, &ctx.vars, &mut self.var_scan) {
                Ok(v) => v,
                Err(css::VarError::Undefined(name)) => {
                    self.warn_once(format!("var({name})"), |_| {
                        let name = shown(&name);
                        Diagnostic::warning(
                            span.clone(),
                            format!(
                                "CSS variable `{name}` is not defined: `{}: {}` is ignored",
                                shown(d.name),
                                shown(&d.value.replace(css::CUSTOM_PREFIX, "--"))
                            ),
                        )
                        .with_hint(format!("define it, e.g. `:root {{ {name}: … }}`, or give a fallback: `var({name}, …)`"))
                    });
                    continue;
                }
                Err(css::VarError::Exhausted) => {
                    self.warn_once("var() exhausted", |c| {
                        Diagnostic::warning(
                            c.span_of_declaration(d, span),
                            format!(
                                "CSS `{}: {}` is ignored, and later values with `var()`: substituting variables has read more than {} MB of values in this document",
                                shown(d.name),
                                shown(&d.value.replace(css::CUSTOM_PREFIX, "--")),
                                css::MAX_VAR_SCAN >> 20
                            ),
                        )
                    });
                    continue;
                }
                Err(css::VarError::TooLarge) => {
                    self.warn_once(format!("var() too large: {}", d.name), |c| {
                        Diagnostic::warning(
                            c.span_of_declaration(d, span),
                            format!(
                                "CSS `{}: {}` is ignored: its variables expand to more than {} KB or take more than {} substitutions",
                                shown(d.name),
                                shown(&d.value.replace(css::CUSTOM_PREFIX, "--")),
                                css::MAX_VAR_BYTES >> 10,
                                css::MAX_VAR_SUBSTITUTIONS
                            ),
                        )
                    });
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
                    ctx.line_height = parent_line_height;
                }
                continue;
            }
            // Resolved lengths and sizes stay within what layout and PDF can hold;
            // `limited` says what was cut, for the warning below.
            let limited: std::cell::Cell<Option<&str>> = std::cell::Cell::new(None);
            let len = |v: &str| {
                css::length(v, ctx.size, self.root_size, ctx.size).map(|x| {
                    if x.abs() > css::MAX_LENGTH {
                        limited.set(Some(LENGTH_RANGE));
                    }
                    x.clamp(-css::MAX_LENGTH, css::MAX_LENGTH)
                })
            };
            let font_size = |s: f32| {
                if !(css::MIN_FONT_SIZE..=css::MAX_FONT_SIZE).contains(&s) {
                    limited.set(Some(FONT_SIZE_RANGE));
                }
                s.clamp(css::MIN_FONT_SIZE, css::MAX_FONT_SIZE)
            };
            let ok = match d.name {
                "color" => css::color(v).map(|c| ctx.color = c).is_some(),
                // `em` and `%` in font-size are relative to the parent's size.
                "font-size" => css::font_size(v, parent_size, self.root_size).map(|s| ctx.size = font_size(s)).is_some(),
                "font-family" => {
                    ctx.family = family(&lower);
                    true
                }
                "font-weight" => {
                    ctx.bold = match lower.as_str() {
                        "bold" | "bolder" => true,
                        "normal" | "lighter" => false,
                        n => n.parse::<u32>().map_or(ctx.bold, |w| w >= 600),
                    };
                    true
                }
                "font-style" => {
                    ctx.italic = lower == "italic" || lower == "oblique";
                    true
                }
                "font" => {
                    for w in lower.split_whitespace() {
                        if w == "bold" {
                            ctx.bold = true;
                        } else if w == "italic" {
                            ctx.italic = true;
                        } else if let Some(s) = css::font_size(w.split('/').next().unwrap_or(w), ctx.size, self.root_size) {
                            ctx.size = font_size(s);
                        }
                    }
                    ctx.family = family(&lower);
                    true
                }
                "text-align" => {
                    ctx.align = match lower.as_str() {
                        "center" => TextAlign::Center,
                        "right" | "end" => TextAlign::Right,
                        "justify" => TextAlign::Justify,
                        _ => TextAlign::Left,
                    };
                    true
                }
                "text-decoration" | "text-decoration-line" => {
                    ctx.underline = lower.contains("underline");
                    ctx.strike = lower.contains("line-through");
                    true
                }
                "line-height" => {
                    let lh = if lower == "normal" {
                        Some(1.2)
                    } else if let Ok(n) = lower.parse::<f32>() {
                        Some(n)
                    } else {
                        len(v).map(|l| l / ctx.size.max(0.1))
                    };
                    lh.filter(|l| l.is_finite() && *l > 0.0)
                        .map(|l| {
                            if l > css::MAX_LINE_HEIGHT {
                                limited.set(Some(LINE_HEIGHT_RANGE));
                            }
                            ctx.line_height = l.min(css::MAX_LINE_HEIGHT);
                        })
                        .is_some()
                }
                "margin" | "padding" => {
                    // One value that is not a length (`margin: 1em foo`) drops the
                    // declaration, as browsers do, rather than shifting the others.
                    let vals: Option<Vec<f32>> = v.split_whitespace().map(len).collect();
                    let sides = Sides::from_shorthand(vals.as_deref().unwrap_or_default());
                    if d.name == "margin" && sides.is_some() {
                        // Which horizontal margins are `auto` (they centre a table).
                        let auto: Vec<bool> = v.split_whitespace().map(|w| w.eq_ignore_ascii_case("auto")).collect();
                        if let Some(a) = Sides::from_shorthand(&auto) {
                            ov.auto_margins = (a.left, a.right);
                        }
                    }
                    sides
                        .map(|s| {
                            let o = Sides::new(Some(s.top), Some(s.right), Some(s.bottom), Some(s.left));
                            if d.name == "margin" {
                                ov.margin = o
                            } else {
                                ov.padding = o
                            }
                        })
                        .is_some()
                }
                "margin-top" => len(v).map(|x| ov.margin.top = Some(x)).is_some(),
                "margin-bottom" => len(v).map(|x| ov.margin.bottom = Some(x)).is_some(),
                "margin-left" => {
                    ov.auto_margins.0 = lower == "auto";
                    len(v).map(|x| ov.margin.left = Some(x)).is_some()
                }
                "margin-right" => {
                    ov.auto_margins.1 = lower == "auto";
                    len(v).map(|x| ov.margin.right = Some(x)).is_some()
                }
                "padding-top" => len(v).map(|x| ov.padding.top = Some(x)).is_some(),
                "padding-bottom" => len(v).map(|x| ov.padding.bottom = Some(x)).is_some(),
                "padding-left" => len(v).map(|x| ov.padding.left = Some(x)).is_some(),
                "padding-right" => len(v).map(|x| ov.padding.right = Some(x)).is_some(),
                "background-color" | "background" => {
                    if lower == "none" || lower == "transparent" {
                        ov.background = Some(None);
                        true
                    } else {
                        let c = css::color(v).or_else(|| lower.split_whitespace().find_map(css::color));
                        if self.print_background && c.is_some() {
                            ov.background = Some(c);
                        }
                        c.is_some()
                    }
                }
                "border" | "border-left" | "border-bottom" | "border-top" | "border-right" => {
                    let b = border(&lower, ctx.size, self.root_size);
                    if matches!(d.name, "border" | "border-left") {
                        ov.border_left = Some(b);
                    }
                    if matches!(d.name, "border" | "border-bottom") {
                        ov.border_bottom = Some(b);
                    }
                    if matches!(d.name, "border" | "border-top") {
                        ov.border_top = Some(b);
                    }
                    if matches!(d.name, "border" | "border-right") {
                        ov.border_right = Some(b);
                    }
                    if d.name == "border" {
                        ov.border = Some(b);
                    } else if ov.border.is_some() {
                        // One side set after the shorthand: that side alone is drawn.
                        ov.border = Some(None);
                    }
                    true
                }
                "page-break-before" | "break-before" => {
                    ov.break_before = matches!(lower.as_str(), "always" | "page" | "left" | "right");
                    true
                }
                "page-break-after" | "break-after" => {
                    ov.break_after = matches!(lower.as_str(), "always" | "page" | "left" | "right");
                    true
                }
                "display" => {
                    // Flex, grid and table layouts are approximated: their children
                    // stand one under another (block) or run on in the line (inline).
                    let (display, approximated) = match lower.as_str() {
                        "none" => (Some(Display::None), false),
                        "block" | "list-item" | "flow-root" => (Some(Display::Block), false),
                        "inline" | "inline-block" | "contents" => (Some(Display::Inline), false),
                        "flex" | "grid" | "table" | "table-row" | "table-cell" => (Some(Display::Block), true),
                        "inline-flex" | "inline-grid" | "inline-table" => (Some(Display::Inline), true),
                        _ => (None, false),
                    };
                    if approximated {
                        self.warn_once(format!("display: {lower}"), |c| {
                            let how =
                                if display == Some(Display::Block) { "a block: its children stand one under another" } else { "inline" };
                            Diagnostic::warning(c.span_of_declaration(d, span), format!("CSS `display: {lower}` is laid out as {how}"))
                        });
                    }
                    if let Some(display) = display {
                        ov.display = Some(display);
                        ov.display_none = display == Display::None;
                        ctx.hidden = ov.display_none;
                    }
                    display.is_some()
                }
                "orphans" | "widows" => match lower.parse::<u8>() {
                    Ok(n) if n >= 1 => {
                        let (o, w) = ctx.min_lines;
                        ctx.min_lines = if d.name == "orphans" { (n.min(10), w) } else { (o, n.min(10)) };
                        true
                    }
                    _ => false,
                },
                "text-transform" => {
                    let t = match lower.as_str() {
                        "uppercase" => Some(Transform::Uppercase),
                        "lowercase" => Some(Transform::Lowercase),
                        "capitalize" => Some(Transform::Capitalize),
                        "none" => Some(Transform::None),
                        _ => None,
                    };
                    t.map(|t| ctx.transform = t).is_some()
                }
                "letter-spacing" => {
                    let root = self.root_size;
                    let parts = if lower == "normal" {
                        Some((0.0, 0.0))
                    } else {
                        css::length(v, 0.0, root, 0.0).zip(css::length(v, 1.0, root, 1.0)).map(|(pt, with_em)| (pt, with_em - pt))
                    };
                    parts.map(|p| letter_spacing = Some((p, d))).is_some()
                }
                "hyphens" | "-webkit-hyphens" => {
                    ctx.hyphens = lower == "auto";
                    true
                }
                "direction" => {
                    ctx.rtl = match lower.as_str() {
                        "rtl" => Some(true),
                        "ltr" => Some(false),
                        _ => ctx.rtl,
                    };
                    true
                }
                "white-space" => {
                    if lower == "nowrap" {
                        self.warn_once("white-space: nowrap", |c| {
                            let at = c.span_of_declaration(d, span);
                            Diagnostic::warning(
                                at,
                                "CSS `white-space: nowrap` collapses white space, but lines still wrap at the edge of the box",
                            )
                        });
                    }
                    WhiteSpace::parse(&lower).map(|w| ctx.white_space = w).is_some()
                }
                "list-style-type" | "list-style" => {
                    ov.list_style = lower.split_whitespace().next().map(str::to_string);
                    true
                }
                // Understood and approximated: layout details cvpdf decides itself.
                "page-break-inside" | "break-inside" => {
                    ov.avoid_break = Some(lower.starts_with("avoid"));
                    true
                }
                "height" => {
                    ov.height = len(v);
                    true
                }
                "width" => {
                    ov.width = match lower.strip_suffix('%').map(|n| n.trim().parse::<f32>()) {
                        Some(Ok(p)) if p.is_finite() && p > 0.0 => Some(Width::Percent(p)),
                        Some(_) => None,
                        None if lower == "auto" => None,
                        None => len(v).filter(|w| *w > 0.0).map(Width::Points),
                    };
                    true
                }
                // Longhands of `border`, resolved with it once all declarations apply.
                "border-width" => len(v.split_whitespace().next().unwrap_or(v)).map(|w| longhands.width = Some(w)).is_some(),
                "border-style" => {
                    let first = lower.split_whitespace().next().unwrap_or("");
                    longhands.drawn = Some(!matches!(first, "none" | "hidden"));
                    true
                }
                "border-color" => css::color(v.split_whitespace().next().unwrap_or(v)).map(|c| longhands.color = Some(c)).is_some(),
                "max-width"
                | "min-width"
                | "max-height"
                | "min-height"
                | "border-radius"
                | "border-collapse"
                | "border-spacing"
                | "box-sizing"
                | "vertical-align"
                | "word-wrap"
                | "overflow-wrap"
                | "word-break"
                | "overflow"
                | "text-rendering"
                | "-webkit-print-color-adjust"
                | "print-color-adjust"
                | "color-adjust" => true,
                _ => false,
            };
            if ok {
                ov.set_at.note(d.name, || self.span_of_declaration(d, span));
            }
            if !ok {
                self.warn_once(d.name, |c| {
                    let at = c.span_of_declaration(d, span);
                    Diagnostic::warning(at, format!("CSS property `{}: {}` is not supported and is ignored", shown(d.name), shown(d.value)))
                });
            }
            if let Some(range) = limited.take() {
                self.warn_once(format!("out of range: {}: {}", d.name, d.value), |c| {
                    let at = c.span_of_declaration(d, span);
                    Diagnostic::warning(at, format!("CSS `{}: {}` is out of range: cvpdf limits {range}", shown(d.name), shown(d.value)))
                });
            }
        }
        if let Some(((pt, em), d)) = letter_spacing {
            let ls = pt + em * ctx.size;
            // Glyphs may come closer by a quarter of an em at most (advances stay
            // positive), and move apart by two ems.
            let range = -0.25 * ctx.size..=2.0 * ctx.size;
            if !range.contains(&ls) {
                self.warn_once(format!("out of range: {}: {}", d.name, d.value), |c| {
                    let at = c.span_of_declaration(d, span);
                    Diagnostic::warning(
                        at,
                        format!("CSS `{}: {}` is out of range: cvpdf limits letter spacing to -0.25em–2em", shown(d.name), shown(d.value)),
                    )
                });
            }
            ctx.letter_spacing = if ls.is_finite() { ls.clamp(*range.start(), *range.end()) } else { 0.0 };
        }
        // `border-width`, `border-style` and `border-color` change the border on all
        // four sides (a style alone gives a medium border in the text colour).
        let BorderLonghands { width, drawn: style, color } = longhands;
        let restyle = |b: Border| {
            Some(Border { width: width.unwrap_or(b.width).clamp(0.0, 100.0), color: color.unwrap_or(b.color) }).filter(|b| b.width > 0.0)
        };
        match style {
            Some(shown) => {
                let base = ov.border.flatten().unwrap_or(Border { width: 2.25, color: ctx.color });
                let b = if shown { restyle(base) } else { None };
                for side in [&mut ov.border, &mut ov.border_left, &mut ov.border_right, &mut ov.border_top, &mut ov.border_bottom] {
                    *side = Some(b);
                }
            }
            // Without a style, only the borders this element's CSS drew change.
            None if width.is_some() || color.is_some() => {
                for side in [&mut ov.border, &mut ov.border_left, &mut ov.border_right, &mut ov.border_top, &mut ov.border_bottom] {
                    if let Some(Some(b)) = *side {
                        *side = Some(restyle(b));
                    }
                }
            }
            None => {}
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

/// The bundled family for a CSS `font-family` list.
fn family(value: &str) -> Family {
    let mono = ["monospace", "mono", "courier", "consolas", "menlo", "monaco", "code"];
    let first = value.split(',').next().unwrap_or(value);
    if mono.iter().any(|m| first.contains(m)) {
        Family::Mono
    } else {
        Family::Sans
    }
}

/// Parses a `border` shorthand; `none` gives no border.
fn border(value: &str, size: f32, root: f32) -> Option<Border> {
    if value.contains("none") || value.trim() == "0" {
        return None;
    }
    let width = value.split_whitespace().find_map(|w| css::length(w, size, root, size)).unwrap_or(0.75);
    let color = value.split_whitespace().find_map(css::color).unwrap_or(Rgb(0xdf, 0xe2, 0xe5));
    // (A border wider than 100pt would leave no room inside the page.)
    (width > 0.0).then_some(Border { width: width.min(100.0), color })
}

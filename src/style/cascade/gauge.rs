//! `<progress>` and `<meter>` as Chromium draws them: an inline box 10em (a meter:
//! 5em) by 1em, its bottom 0.2em under the baseline, holding a rounded bar half as
//! tall (light grey track, grey border, blue fill; a meter green, yellow or red by
//! its value's region). CSS `width`, `height` and `accent-color` apply; a
//! `background`, a `border` or `appearance: none` gives the plain look browsers fall
//! back to: a bar as tall as the box, square, in the background colour (grey if
//! none), filled in the element's own `color` (green if none).

use super::attr::StyleAttr;
use super::{BoxOverrides, Cascade, Ctx, Display};
use crate::diag::Diagnostic;
use crate::geom::Rgb;
use crate::model::{plain_text, Gauge, GaugeLevel, Inline};
use crate::style::css::{self, ElInfo};
use crate::style::{GaugeLook, InlineContent, InlineImage, Run};

/// Chromium's track, border and progress fill.
const TRACK: Rgb = Rgb(0xef, 0xef, 0xef);
const BORDER: Rgb = Rgb(0x76, 0x76, 0x76);
const FILL: Rgb = Rgb(0x00, 0x75, 0xff);
/// Chromium's meter fills: optimum, suboptimal, even less good.
const METER: [Rgb; 3] = [Rgb(0x10, 0x7c, 0x10), Rgb(0xff, 0xb9, 0x00), Rgb(0xd8, 0x3b, 0x01)];
/// The plain look's track and fills (Chromium's `::-webkit-progress-bar` and
/// `-value`; the meter's are the middle colours of its gradients).
const PLAIN_TRACK: Rgb = Rgb(0x80, 0x80, 0x80);
const PLAIN_FILL: Rgb = Rgb(0x00, 0x80, 0x00);
const PLAIN_METER_TRACK: Rgb = Rgb(0xcc, 0xcc, 0xcc);
const PLAIN_METER: [Rgb; 3] = [Rgb(0x77, 0xaa, 0x33), Rgb(0xdd, 0xbb, 0x33), Rgb(0xdd, 0x44, 0x44)];

/// The properties read here rather than by `apply`, which would call them unsupported.
fn own(name: &str) -> bool {
    matches!(name, "accent-color" | "appearance" | "-webkit-appearance" | "-moz-appearance" | "border-radius")
}

impl Cascade<'_> {
    /// Pushes the run that draws a gauge, and a space before the text written inside
    /// it when there is some (browsers hide that text; cvpdf shows it after the bar,
    /// so that it stays in the text layer). `false` when CSS hides the element, text
    /// and all.
    pub(super) fn push_gauge(&mut self, g: &Gauge, content: &[Inline], ctx: &Ctx, out: &mut Vec<Run>) -> bool {
        let Some(object) = self.gauge(g, ctx) else { return false };
        out.push(Run {
            text: "\u{FFFC}".into(),
            style: ctx.text_style(),
            link: ctx.link.clone(),
            span: g.span.clone(),
            object: Some(Box::new(object)),
        });
        let text = plain_text(content);
        if !text.trim().is_empty() && !text.starts_with(char::is_whitespace) {
            out.push(Run { text: " ".into(), style: ctx.text_style(), link: ctx.link.clone(), span: g.span.clone(), object: None });
        }
        true
    }

    /// The box and look of a gauge after CSS; `None` for `display: none`.
    fn gauge(&mut self, g: &Gauge, ctx: &Ctx) -> Option<InlineImage> {
        let el = &g.el;
        self.stack.push(ElInfo { id: el.id.clone(), classes: el.classes.clone(), ..ElInfo::tag(&el.tag) });
        let attr = el.style.as_deref().map(|s| StyleAttr::new(s, el.style_at.as_ref(), self.source));
        let decls = self.matching(attr.as_ref(), Some(&g.span));
        let (own_decls, rest): (Vec<_>, Vec<_>) = decls.into_iter().partition(|d| own(d.name));
        let mut c = ctx.clone();
        let mut ov = BoxOverrides::default();
        self.apply(&rest, &mut c, &mut ov, &Some(g.span.clone()), ctx.as_parent());
        // Browsers drop the native look for an author's background or border.
        let mut plain = rest.iter().any(|d| d.name.starts_with("background") || d.name.starts_with("border"));
        let background = rest
            .iter()
            .filter(|d| matches!(d.name, "background" | "background-color"))
            .filter_map(|d| self.value(d.value, &c).and_then(|v| css::color(&v).or_else(|| v.split_whitespace().find_map(css::color))))
            .last();
        let color = rest.iter().any(|d| d.name == "color").then_some(c.color);
        let (mut accent, mut radius) = (None, None);
        for d in &own_decls {
            let Some(v) = self.value(d.value, &c) else { continue };
            let lower = v.trim().to_ascii_lowercase();
            match d.name {
                "accent-color" => accent = css::color(&lower).or(accent),
                "border-radius" => radius = lower.split_whitespace().next().and_then(|r| css::length(r, c.size, self.root_size, 0.0)),
                _ => plain |= lower == "none",
            }
        }
        self.stack.pop();
        if ov.display == Some(Display::None) || c.hidden {
            return None;
        }
        if [ov.margin.top, ov.margin.right, ov.margin.bottom, ov.margin.left].iter().flatten().any(|m| *m != 0.0) {
            let tag = el.tag.clone();
            self.warn_once(format!("margin on {tag}"), |_| {
                Diagnostic::warning(g.span.clone(), format!("CSS margin on `<{tag}>` is not supported and is ignored"))
            });
        }
        let em = c.size;
        let meter = g.level != GaugeLevel::Progress;
        let width = match ov.width {
            Some(crate::style::Width::Points(w)) => w,
            _ => em * if meter { 5.0 } else { 10.0 },
        };
        let percent = match ov.width {
            Some(crate::style::Width::Percent(p)) => Some(p.min(100.0)),
            _ => None,
        };
        let height = ov.height.filter(|h| *h > 0.0).unwrap_or(em).min(css::MAX_LENGTH);
        let level = match g.level {
            GaugeLevel::Progress | GaugeLevel::Optimum => 0,
            GaugeLevel::Suboptimal => 1,
            GaugeLevel::EvenLessGood => 2,
        };
        let look = if plain {
            GaugeLook {
                fraction: g.fraction,
                bar_height: height,
                radius: radius.unwrap_or(0.0).clamp(0.0, height / 2.0),
                track: background.unwrap_or(if meter { PLAIN_METER_TRACK } else { PLAIN_TRACK }),
                fill: color.or(accent).unwrap_or(if meter { PLAIN_METER[level] } else { PLAIN_FILL }),
                border: None,
                inset: 0.0,
            }
        } else {
            let bar = height / 2.0;
            let line = 0.75;
            GaugeLook {
                fraction: g.fraction,
                bar_height: bar,
                radius: bar / 2.0,
                track: TRACK,
                fill: if meter { METER[level] } else { accent.unwrap_or(FILL) },
                border: Some((BORDER, line)),
                inset: if meter { line } else { 0.0 },
            }
        };
        if g.fraction.is_none() {
            self.warn_once("indeterminate progress", |_| {
                Diagnostic::warning(g.span.clone(), "a `<progress>` without a `value` is drawn as an empty bar (browsers animate it)")
            });
        }
        Some(InlineImage {
            content: InlineContent::Gauge(look),
            width: width.clamp(1.0, css::MAX_LENGTH),
            height,
            depth: 0.2 * em,
            percent,
            alt: String::new(),
        })
    }

    /// A declared value with its `var()`s substituted; `None` if they do not resolve
    /// (`apply` has said why).
    fn value(&mut self, v: &str, c: &Ctx) -> Option<String> {
        css::substitute_vars(v, &c.vars, &mut self.var_scan).ok().map(|v| v.into_owned())
    }
}

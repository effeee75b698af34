//! Inline content: runs of styled text, inline elements' CSS, and white space
//! collapsed across runs as HTML does.

use super::attr::StyleAttr;
use super::{shift, BoxOverrides, Cascade, Ctx, Display, Parent, Set, MAX_INLINE_DEPTH};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::geom::{Rgb, Sides};
use crate::model::{Inline, Span};
use crate::style::boxes::FloatSide;
use crate::style::css::{self, ElInfo};
use crate::style::{Run, TextAnchor};

impl Cascade<'_> {
    /// The built-in look of an inline element before CSS: bold `strong`, italic
    /// `em`, monospace `code` and so on.
    fn tag_look(&self, tag: &str, ctx: &Ctx) -> Ctx {
        let c = ctx.clone();
        match tag {
            "strong" | "b" => Ctx { bold: true, ..c },
            "em" | "i" | "cite" | "var" | "dfn" => Ctx { italic: true, ..c },
            "del" | "s" | "strike" => Ctx { strike: true, ..c },
            "u" | "ins" => Ctx { underline: true, ..c },
            "small" => Ctx { size: (ctx.size * 0.83).max(css::MIN_FONT_SIZE), ..c },
            "sup" => Ctx { size: (ctx.size * 0.75).max(css::MIN_FONT_SIZE), shift: shift(ctx.shift + ctx.size * 0.35), ..c },
            "sub" => Ctx { size: (ctx.size * 0.75).max(css::MIN_FONT_SIZE), shift: shift(ctx.shift - ctx.size * 0.15), ..c },
            "code" | "kbd" | "samp" | "tt" => Ctx {
                family: Family::Mono,
                size: ctx.size * 0.85,
                background: self.print_background.then_some(self.theme.code_background),
                ..c
            },
            "mark" if self.print_background => Ctx { background: Some(Rgb(0xff, 0xf5, 0x9d)), ..c },
            _ => c,
        }
    }

    /// Flattens inlines into styled runs and the link targets between them;
    /// collapses white space unless `pre`.
    pub(super) fn runs(&mut self, inlines: &[Inline], ctx: &Ctx, pre: bool) -> (Vec<Run>, Vec<TextAnchor>) {
        let outer = std::mem::take(&mut self.text_anchors);
        self.run_floats.clear();
        let mut out = Vec::new();
        self.collect(inlines, ctx, &mut out);
        let mut anchors = std::mem::replace(&mut self.text_anchors, outer);
        if !pre {
            let kept = collapse_whitespace(&mut out);
            for a in &mut anchors {
                a.run = kept.get(a.run).copied().unwrap_or(out.len());
            }
            for (_, r) in &mut self.run_floats {
                *r = kept.get(r.start).copied().unwrap_or(out.len())..kept.get(r.end).copied().unwrap_or(out.len());
            }
        } else {
            // Preformatted text keeps its own line breaks; block edges add none.
            out.iter_mut().filter(|r| r.text.starts_with(BLOCK_EDGE)).for_each(|r| r.text.clear());
        }
        (out, anchors)
    }

    /// Applies CSS for an inline element to a copy of `ctx`.
    fn inline_ctx(
        &mut self,
        mut el: ElInfo,
        style: Option<&StyleAttr<'_>>,
        ctx: Ctx,
        parent: Parent,
    ) -> (Ctx, ElInfo, Option<Display>, Sides<f32>) {
        if let Some((pos, prev)) = self.inline_place.take() {
            el.pos = Some(pos);
            el.prev = prev;
        }
        self.stack.push(el);
        let decls = self.matching(style, None);
        let mut c = ctx;
        let mut ov = BoxOverrides::default();
        self.apply(&decls, &mut c, &mut ov, &None, parent);
        self.pending_float = ov.boxes.place.float;
        ov.background.apply_to(&mut c.background);
        // A border all round frames the text; the other box properties of inline
        // elements are not laid out.
        if ov.border.is_set() {
            c.frame = ov.border.value().map(|b| (b.color, b.width.min(3.0)));
        }
        // (The first side set, in this order, decides: a side set to `none` hides
        // the others from this warning.)
        let b = ov.borders;
        let one_side = [b.left, b.right, b.top, b.bottom].into_iter().find(|s| s.is_set()).and_then(Set::value).is_some();
        let ignored = [
            ("margin", ov.margin.left.or(ov.margin.right).or(ov.margin.top).or(ov.margin.bottom).is_some_and(|v| v != 0.0)),
            ("border on one side", !ov.border.is_set() && one_side),
            ("position: relative", ov.boxes.shift() != (0.0, 0.0)),
            ("display: flex or grid", ov.boxes.mode != super::boxes::Mode::Flow),
        ];
        let tag = self.stack.last().map(|e| e.tag.clone()).unwrap_or_default();
        for (what, _) in ignored.into_iter().filter(|(_, set)| *set) {
            self.warn_once(format!("inline {what}"), |_| {
                Diagnostic::warning(None, format!("CSS {what} on inline elements (here `<{tag}>`) is not supported and is ignored"))
            });
        }
        let el = self.stack.pop().unwrap_or_default();
        let p = ov.padding;
        let pad = Sides::new(p.top.unwrap_or(0.0), p.right.unwrap_or(0.0), p.bottom.unwrap_or(0.0), p.left.unwrap_or(0.0));
        // Horizontal padding is kept to a third of an em a side: with wider gaps
        // between words, extractors (poppler) read a line of padded tags as columns
        // and scramble the reading order. Vertical padding only grows the background.
        let cap = INLINE_PAD_EM * c.size;
        if pad.left > cap || pad.right > cap {
            self.warn_once("inline padding", |_| {
                Diagnostic::warning(
                    None,
                    format!("CSS padding on inline elements (here `<{tag}>`) is limited to {INLINE_PAD_EM}em a side, so that text extractors keep reading the line in order"),
                )
            });
        }
        let pad =
            Sides::new(pad.top.clamp(0.0, c.size), pad.right.clamp(0.0, cap), pad.bottom.clamp(0.0, c.size), pad.left.clamp(0.0, cap));
        (c, el, ov.display, pad)
    }

    /// Notes the runs of an element that floats, when it is at the top level of the
    /// text (a float inside another inline element is laid out inline, with a
    /// warning).
    fn note_float(&mut self, float: Option<FloatSide>, runs: std::ops::Range<usize>) {
        let Some(side) = float else { return };
        if self.inline_depth == 1 && self.run_floats.is_empty() {
            self.run_floats.push((side, runs));
        } else {
            self.warn_once("nested float", |_| {
                Diagnostic::warning(
                    None,
                    "CSS `float` on an element inside another inline element, or on a second one in the same text, is laid out inline",
                )
            });
        }
    }

    /// Flattens inlines into runs; elements nested deeper than [`MAX_INLINE_DEPTH`]
    /// give their text in the style of the last level (each level is a call deeper).
    fn collect(&mut self, inlines: &[Inline], ctx: &Ctx, out: &mut Vec<Run>) {
        if self.inline_depth < MAX_INLINE_DEPTH {
            self.inline_depth += 1;
            self.collect_nested(inlines, ctx, out);
            self.inline_depth -= 1;
            return;
        }
        // Walked with a stack of its own, not the thread's.
        let mut at = None;
        let mut open = vec![inlines.iter()];
        while let Some(level) = open.last_mut() {
            let Some(inline) = level.next() else {
                open.pop();
                continue;
            };
            match inline.children() {
                Some(c) => {
                    if let Inline::Gauge { gauge, content } = inline {
                        if !self.push_gauge(gauge, content, ctx, out) {
                            continue;
                        }
                    }
                    open.push(c.iter());
                }
                None => {
                    if let Inline::Text(_, span) | Inline::Code(_, span) = inline {
                        at = at.or(Some(span.clone()));
                    }
                    self.collect_nested(std::slice::from_ref(inline), ctx, out)
                }
            }
        }
        self.warn_once("inline depth", |_| {
            Diagnostic::warning(
                at,
                format!("inline elements nested deeper than {MAX_INLINE_DEPTH} levels are flattened: their text keeps the style of the level above"),
            )
        });
    }

    // Longer than 120 lines (about 145): one `match` arm per kind of inline (text,
    // code, formatting elements, spans, links, images, gauges, breaks, footnote
    // references, anchors), sharing the element's place among its siblings and the
    // runs built so far; the arms read as the model's inline kinds do.
    fn collect_nested(&mut self, inlines: &[Inline], ctx: &Ctx, out: &mut Vec<Run>) {
        let t = self.theme;
        let tag = |name: &str| ElInfo { tag: name.into(), ..Default::default() };
        // Each element's place among its siblings, when the rules need places.
        let inherited = self.inherit_place.take();
        // (A list longer than a paragraph ever is goes without: its elements then
        // match no rule that needs places, with a warning, at no cost per element.)
        let structural = self.sheets.uses_structure() && inlines.len() <= MAX_PLACED_INLINES;
        let places = if structural { css::positions(&inlines.iter().map(|i| element_of(i).tag).collect::<Vec<_>>()) } else { vec![] };
        let mut before = css::Siblings::default();
        for (i, inline) in inlines.iter().enumerate() {
            self.inline_place = None;
            if ctx.hidden {
                return;
            }
            if let Some(Some(pos)) = places.get(i) {
                let place = match &inherited {
                    Some(p) if inlines.len() == 1 => p.clone(),
                    _ => (*pos, before.clone()),
                };
                let e = element_of(inline);
                let el = ElInfo {
                    pos: Some(place.0),
                    prev: place.1.clone(),
                    id: e.id.map(str::to_string),
                    classes: e.classes.to_vec(),
                    ..ElInfo::tag(e.tag)
                };
                before = el.as_prev();
                self.inline_place = Some(place);
            }
            let push = |out: &mut Vec<Run>, text: String, ctx: &Ctx, span: Span| {
                let text = ctx.transform.apply(text);
                out.push(Run { text, style: ctx.text_style(), link: ctx.link.clone(), span, object: None });
            };
            let nested = |this: &mut Self, name: &str, base: Option<Ctx>, children: &[Inline], out: &mut Vec<Run>| {
                let c = base.unwrap_or_else(|| this.tag_look(name, ctx));
                let (c, el, display, pad) = this.inline_ctx(tag(name), None, c, ctx.as_parent());
                let float = this.pending_float.take();
                this.stack.push(el);
                block_break(out, display, &c);
                let first = out.len();
                this.collect(children, &c, out);
                pad_runs(&mut out[first..], pad);
                block_break(out, display, &c);
                this.stack.pop();
                this.note_float(float, first..out.len());
            };
            match inline {
                // A newline written in the text is a space unless `white-space` keeps it.
                Inline::Text(s, span) => push(out, ctx.white_space.source_text(s), ctx, span.clone()),
                Inline::Code(s, span) => {
                    let c = self.tag_look("code", ctx);
                    let (c, _, _, pad) = self.inline_ctx(tag("code"), None, c, ctx.as_parent());
                    self.pending_float = None;
                    let first = out.len();
                    push(out, s.replace(['\n', '\r', '\t'], " "), &c, span.clone());
                    pad_runs(&mut out[first..], pad);
                }
                Inline::Emph(c) => nested(self, "em", None, c, out),
                Inline::Strong(c) => nested(self, "strong", None, c, out),
                Inline::Strike(c) => nested(self, "del", None, c, out),
                Inline::Underline(c) => nested(self, "u", None, c, out),
                Inline::Small(c) => nested(self, "small", None, c, out),
                Inline::Sup(c) => nested(self, "sup", None, c, out),
                Inline::Sub(c) => nested(self, "sub", None, c, out),
                Inline::Span { el, content } => {
                    let info = ElInfo { id: el.id.clone(), classes: el.classes.clone(), ..ElInfo::tag(&el.tag) };
                    let base = self.tag_look(&el.tag, ctx);
                    let style = el.style.as_deref().map(|s| StyleAttr::new(s, el.style_at.as_ref(), self.source));
                    let (c, info, display, pad) = self.inline_ctx(info, style.as_ref(), base, ctx.as_parent());
                    let float = self.pending_float.take();
                    self.stack.push(info);
                    block_break(out, display, &c);
                    let first = out.len();
                    self.collect(content, &c, out);
                    pad_runs(&mut out[first..], pad);
                    block_break(out, display, &c);
                    self.stack.pop();
                    self.note_float(float, first..out.len());
                }
                Inline::Link { url, content } => {
                    let l = Ctx { link: Some(url.clone()), color: t.link, ..ctx.clone() };
                    match content.as_slice() {
                        // An HTML `<a>` with a class or style: its element is inside.
                        [Inline::Span { el, .. }] if el.tag == "a" => {
                            self.inherit_place = self.inline_place.take();
                            self.collect(content, &l, out)
                        }
                        _ => nested(self, "a", Some(l), content, out),
                    }
                }
                Inline::Image(img) => {
                    let crate::model::ImageRef { url, alt, span, .. } = &**img;
                    self.pending_float = None;
                    let image = self.image(img, ctx);
                    let float = self.pending_float.take();
                    self.note_float(float, out.len()..out.len() + 1);
                    match image {
                        Some(object) => out.push(Run {
                            text: "\u{FFFC}".into(),
                            style: ctx.text_style(),
                            link: ctx.link.clone(),
                            span: span.clone(),
                            object: Some(Box::new(object)),
                        }),
                        None => {
                            // The alt text in a thin frame stands in for the image.
                            let text = if alt.trim().is_empty() { url.rsplit('/').next().unwrap_or(url).to_string() } else { alt.clone() };
                            let mut style = Ctx { italic: true, color: t.muted, ..ctx.clone() }.text_style();
                            style.frame = Some((t.muted, 0.5));
                            out.push(Run { text, style, link: ctx.link.clone(), span: span.clone(), object: None });
                        }
                    }
                }
                Inline::Gauge { gauge, content } => {
                    if self.push_gauge(gauge, content, ctx, out) {
                        self.collect(content, ctx, out);
                    }
                }
                Inline::Break => push(out, "\n".into(), ctx, 0..0),
                Inline::SoftBreak => push(out, if ctx.white_space.keeps_newlines() { "\n" } else { " " }.into(), ctx, 0..0),
                Inline::FootnoteRef { number, span, .. } => {
                    // The reference jumps to the footnote; the first reference to each
                    // is where the footnote's `↩` jumps back to.
                    let exists = self.footnotes.contains(number);
                    if exists && self.footnote_refs.insert(*number) {
                        self.text_anchors.push(TextAnchor { name: format!("fnref-{number}"), run: out.len() });
                    }
                    let s = Ctx {
                        size: (ctx.size * 0.75).max(css::MIN_FONT_SIZE),
                        shift: shift(ctx.shift + ctx.size * 0.35),
                        color: t.link,
                        link: if exists { Some(format!("#fn-{number}")) } else { ctx.link.clone() },
                        ..ctx.clone()
                    };
                    push(out, number.to_string(), &s, span.clone());
                }
                Inline::Anchor { name, .. } => {
                    self.text_anchors.push(TextAnchor { name: name.clone(), run: out.len() });
                }
            }
        }
        // A place no element took (an image's) is not the next list's.
        self.inline_place = None;
    }
}

/// The most inlines in one list whose elements get their places among siblings.
const MAX_PLACED_INLINES: usize = 10_000;

/// What CSS sees of an inline: its element's tag (empty for text), id and classes.
struct InlineElement<'a> {
    tag: &'a str,
    id: Option<&'a str>,
    classes: &'a [String],
}

fn element_of(inline: &Inline) -> InlineElement<'_> {
    let tag = match inline {
        Inline::Span { el, .. } => return InlineElement { tag: &el.tag, id: el.id.as_deref(), classes: &el.classes },
        Inline::Link { content, .. } => match content.as_slice() {
            [Inline::Span { el, .. }] if el.tag == "a" => return InlineElement { tag: "a", id: el.id.as_deref(), classes: &el.classes },
            _ => "a",
        },
        Inline::Gauge { gauge, .. } => return InlineElement { tag: &gauge.el.tag, id: gauge.el.id.as_deref(), classes: &gauge.el.classes },
        Inline::Emph(_) => "em",
        Inline::Strong(_) => "strong",
        Inline::Strike(_) => "del",
        Inline::Underline(_) => "u",
        Inline::Small(_) => "small",
        Inline::Sup(_) | Inline::FootnoteRef { .. } => "sup",
        Inline::Sub(_) => "sub",
        Inline::Code(..) => "code",
        Inline::Image(_) => "img",
        Inline::Break => "br",
        Inline::Text(..) | Inline::SoftBreak | Inline::Anchor { .. } => "",
    };
    InlineElement { tag, id: None, classes: &[] }
}

/// Where an inline element laid out as a block (`display: block`) starts or ends:
/// the line breaks there, unless the paragraph starts or ends there too.
const BLOCK_EDGE: char = '\u{2029}';

/// The most horizontal padding an inline element gets, in ems (see `inline_ctx`).
const INLINE_PAD_EM: f32 = 0.35;

/// Puts an inline element's padding on its runs: the left on the first, the right
/// on the last, top and bottom on all (they only grow the background).
fn pad_runs(runs: &mut [Run], pad: Sides<f32>) {
    if pad == Sides::default() {
        return;
    }
    for r in runs.iter_mut() {
        r.style.pad.top = r.style.pad.top.max(pad.top);
        r.style.pad.bottom = r.style.pad.bottom.max(pad.bottom);
    }
    if let Some(r) = runs.first_mut() {
        r.style.pad.left += pad.left;
    }
    if let Some(r) = runs.last_mut() {
        r.style.pad.right += pad.right;
    }
}

/// Marks a block edge in the runs when `display` makes the element a block.
fn block_break(out: &mut Vec<Run>, display: Option<Display>, ctx: &Ctx) {
    if display == Some(Display::Block) {
        out.push(Run { text: BLOCK_EDGE.into(), style: ctx.text_style(), link: None, span: 0..0, object: None });
    }
}

/// Collapses runs of white space to one space across run boundaries, as HTML does;
/// drops spaces at the start and end of the paragraph and around forced breaks.
/// Returns, for each old run index (and one past the end), the new index of the
/// first run kept at or after it.
fn collapse_whitespace(runs: &mut Vec<Run>) -> Vec<usize> {
    let mut prev_space = true; // at paragraph start
                               // A block edge breaks the line before the next text, if text came before it.
    let (mut edge, mut after_text) = (false, false);
    for run in runs.iter_mut() {
        let mut s = String::with_capacity(run.text.len());
        for ch in run.text.chars() {
            if ch == BLOCK_EDGE {
                edge = after_text;
                prev_space = true;
                continue;
            }
            if edge && !matches!(ch, ' ' | '\t' | '\r' | '\u{c}') {
                edge = false;
                if ch != '\n' {
                    while s.ends_with(' ') {
                        s.pop();
                    }
                    s.push('\n');
                }
            }
            after_text |= !matches!(ch, ' ' | '\t' | '\r' | '\u{c}' | '\n');
            if ch == '\n' {
                while s.ends_with(' ') {
                    s.pop();
                }
                s.push('\n');
                prev_space = true;
            } else if matches!(ch, ' ' | '\t' | '\r' | '\u{c}') {
                if !prev_space {
                    s.push(' ');
                    prev_space = true;
                }
            } else {
                s.push(ch);
                prev_space = false;
            }
        }
        run.text = s;
    }
    // Trailing spaces before a break in a later run, and at the end.
    let mut i = runs.len();
    let mut trailing = true;
    while i > 0 {
        i -= 1;
        if trailing {
            let t = runs[i].text.trim_end_matches(' ').len();
            runs[i].text.truncate(t);
            trailing = runs[i].text.is_empty();
        }
        if runs[i].text.starts_with('\n') && i > 0 {
            let prev = &mut runs[i - 1].text;
            let t = prev.trim_end_matches(' ').len();
            prev.truncate(t);
        }
    }
    let mut kept = Vec::with_capacity(runs.len() + 1);
    let mut n = 0;
    for r in runs.iter() {
        kept.push(n);
        n += usize::from(!r.text.is_empty());
    }
    kept.push(n);
    runs.retain(|r| !r.text.is_empty());
    kept
}

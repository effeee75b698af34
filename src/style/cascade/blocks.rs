//! Blocks: each Markdown or HTML block styled as its element, with its children.

use super::attr::StyleAttr;
use super::{boxes, BoxOverrides, Cascade, Ctx, Display};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::geom::Sides;
use crate::model::Span;
use crate::model::{plain_text, Align, Block, BlockKind, ListItem};
use crate::style::boxes::{Arrange, FloatSide, ItemPlace};
use crate::style::css::{self, ElInfo, Position, Siblings};
use crate::style::whitespace::WhiteSpace;
use crate::style::{Border, BoxStyle, Marker, Run, StyledBlock, StyledItem, StyledKind, TextAlign, TextAnchor};
use std::ops::Range;

/// The `style` attribute of a block's HTML element (`source`: the document's).
fn style_attribute_of<'k>(kind: &'k BlockKind, source: &str) -> Option<StyleAttr<'k>> {
    match kind {
        BlockKind::Div { el, .. } => el.style.as_deref().map(|s| StyleAttr::new(s, el.style_at.as_ref(), source)),
        BlockKind::Heading { el: Some(el), .. } => el.style.as_deref().map(|s| StyleAttr::new(s, el.style_at.as_ref(), source)),
        _ => None,
    }
}

/// A text whose runs `float` came from a floated element (`<span style="float:
/// right">2019 – 2023</span>` in a heading, a floated `<img>`): a container of the
/// float, then the rest of the text, which layout sets beside it. The container
/// keeps the block's box (margins, borders); the text keeps its heading level.
fn float_row(kind: StyledKind, style: BoxStyle, float: Option<&(FloatSide, Range<usize>)>, span: &Span) -> (StyledKind, BoxStyle) {
    let (StyledKind::Text { runs, pre, anchors }, Some((side, range))) = (&kind, float) else { return (kind, style) };
    let range = range.start.min(runs.len())..range.end.min(runs.len());
    let floated: Vec<Run> = runs[range.clone()].to_vec();
    let rest: Vec<Run> = runs[..range.start].iter().chain(&runs[range.end..]).cloned().collect();
    if floated.iter().all(|r| r.text.trim().is_empty()) {
        return (kind, style);
    }
    if rest.iter().all(|r| r.text.trim().is_empty()) {
        // The float is all there is (a paragraph holding a floated image): the
        // block floats, and what follows goes beside it.
        let place = ItemPlace { float: Some(*side), ..ItemPlace::default() };
        return (kind, BoxStyle { place, margin_top: 0.0, margin_bottom: 0.0, ..style });
    }
    let removed = range.len();
    let anchors = anchors
        .iter()
        .map(|a| TextAnchor { run: if a.run >= range.end { a.run - removed } else { a.run.min(range.start) }, ..a.clone() })
        .collect();
    let inner = BoxStyle { line_height: style.line_height, align: style.align, rtl: style.rtl, ..BoxStyle::default() };
    let float_style = BoxStyle { place: ItemPlace { float: Some(*side), ..ItemPlace::default() }, align: TextAlign::Left, ..inner.clone() };
    let text_style = BoxStyle { heading: style.heading, ..inner };
    let block = |kind, style| StyledBlock { kind, style, span: span.clone(), anchors: vec![] };
    let children = vec![
        block(StyledKind::Text { runs: floated, pre: *pre, anchors: vec![] }, float_style),
        block(StyledKind::Text { runs: rest, pre: *pre, anchors }, text_style),
    ];
    (StyledKind::Container(children), BoxStyle { heading: None, ..style })
}

/// The tag name a Markdown block stands for in md-to-pdf's HTML.
fn tag_of(kind: &BlockKind) -> ElInfo {
    let tag = match kind {
        BlockKind::Paragraph(_) => "p".to_string(),
        BlockKind::Text(_) => String::new(),
        BlockKind::Heading { level, .. } => format!("h{}", level.clamp(&1, &6)),
        BlockKind::List { start: Some(_), .. } => "ol".into(),
        BlockKind::List { start: None, .. } => "ul".into(),
        BlockKind::Quote(_) => "blockquote".into(),
        BlockKind::Code { .. } => "pre".into(),
        BlockKind::Rule => "hr".into(),
        BlockKind::Table { .. } => "table".into(),
        BlockKind::Div { el, .. } => {
            return ElInfo { id: el.id.clone(), classes: el.classes.clone(), ..ElInfo::tag(&el.tag) };
        }
    };
    match kind {
        BlockKind::Heading { id, el, .. } => {
            let classes = el.as_ref().map(|el| el.classes.clone()).unwrap_or_default();
            ElInfo { tag, id: id.clone(), classes, ..Default::default() }
        }
        _ => ElInfo { tag, ..Default::default() },
    }
}

impl<'t> Cascade<'t> {
    pub(super) fn blocks(&mut self, blocks: &[Block], ctx: &Ctx, depth: usize) -> Vec<StyledBlock> {
        let mut out = Vec::new();
        let mut pending_break = false;
        // Each block's element, and its place among its siblings (`:last-child`,
        // `:nth-child()`): text outside any element is none.
        let mut els: Vec<ElInfo> = blocks.iter().map(|b| self.element_of(&b.kind)).collect();
        let tags: Vec<&str> = els.iter().map(|e| e.tag.as_str()).collect();
        let places = css::positions(&tags);
        for (el, pos) in els.iter_mut().zip(places) {
            el.pos = pos;
        }
        for (b, el) in blocks.iter().zip(els) {
            // Past the deadline the render fails after this stage: stop early.
            if crate::deadline::passed() {
                break;
            }
            // Targets of blocks that showed nothing land on the next block shown.
            let carried = std::mem::take(&mut self.orphan_anchors);
            match self.block(b, el.clone(), ctx, depth) {
                Some(mut sb) => {
                    sb.style.break_before |= std::mem::take(&mut pending_break);
                    sb.anchors.splice(0..0, carried);
                    out.push(sb);
                }
                None => {
                    // An empty element that asks for a page break still breaks.
                    pending_break |= self.wants_break(b, el);
                    self.orphan_anchors.splice(0..0, carried);
                }
            }
        }
        if pending_break {
            if let Some(last) = out.last_mut() {
                last.style.break_after = true;
            }
        }
        out
    }

    fn wants_break(&mut self, b: &Block, mut el: ElInfo) -> bool {
        // The element as it was matched, before the next one (`display: none`
        // elements are siblings too).
        el.prev = match self.prev_sibling.get() {
            Some(p) if !el.tag.is_empty() => p.prev.clone(),
            _ => self.prev_sibling.clone(),
        };
        self.stack.push(el);
        let attr = style_attribute_of(&b.kind, self.source);
        let decls = self.matching(attr.as_ref(), Some(&b.span));
        self.stack.pop();
        let mut ov = BoxOverrides::default();
        let mut ctx = Ctx::root(self.theme);
        let parent = ctx.as_parent();
        self.apply(&decls, &mut ctx, &mut ov, &Some(b.span.clone()), parent);
        ov.break_after || ov.break_before
    }

    /// Text defaults a tag has before CSS (the theme's element rules).
    fn tag_defaults(&self, kind: &BlockKind, ctx: &Ctx) -> Ctx {
        let t = self.theme;
        match kind {
            BlockKind::Heading { level, .. } => {
                let level = (*level).clamp(1, 6);
                let size = (ctx.size * t.heading_scale[usize::from(level - 1)]).min(css::MAX_FONT_SIZE);
                let c = Ctx { size, bold: true, line_height: 1.25, ..ctx.clone() };
                if level == 6 {
                    Ctx { color: t.muted, ..c }
                } else {
                    c
                }
            }
            BlockKind::Code { .. } => {
                Ctx { family: Family::Mono, size: ctx.size * 0.85, line_height: 1.45, align: TextAlign::Left, ..ctx.clone() }
            }
            BlockKind::Quote(_) => Ctx { color: t.muted, ..ctx.clone() },
            BlockKind::Div { align, el, .. } => {
                let rtl = match el.dir.as_deref() {
                    Some("rtl") => Some(true),
                    Some("ltr") => Some(false),
                    _ => ctx.rtl,
                };
                Ctx { align: text_align(*align, ctx.align), rtl, ..ctx.clone() }
            }
            _ => ctx.clone(),
        }
    }

    /// The element a block is, under the element on top of the stack.
    fn element_of(&self, kind: &BlockKind) -> ElInfo {
        let mut el = tag_of(kind);
        if el.tag == "p" && matches!(kind, BlockKind::Paragraph(_)) && self.stack.last().is_some_and(|p| p.tag == "p") {
            // The text of an HTML `<p>` is that element's own content, not a second `p`.
            el.tag = String::new();
        }
        el
    }

    /// Styles a block as the element `el` (its place among its siblings known).
    fn block(&mut self, block: &Block, mut el: ElInfo, parent: &Ctx, depth: usize) -> Option<StyledBlock> {
        // The siblings before it, for `a + b` and `a ~ b`; a block's children start
        // afresh.
        let prev = std::mem::take(&mut self.prev_sibling);
        el.prev = prev.clone();
        self.stack.push(el);
        let mut ctx = self.tag_defaults(&block.kind, parent);
        let attr = style_attribute_of(&block.kind, self.source);
        let decls = self.matching(attr.as_ref(), Some(&block.span));
        let mut ov = BoxOverrides::default();
        self.apply(&decls, &mut ctx, &mut ov, &Some(block.span.clone()), parent.as_parent());
        // Headings get GitHub's slugs (in document order, shown or not); an explicit
        // id wins. HTML elements keep their `id`.
        let own = match &block.kind {
            BlockKind::Heading { id: Some(id), .. } => Some(self.slugs.reserve(id)),
            BlockKind::Heading { content, .. } => self.slugs.slug(&plain_text(content)),
            BlockKind::Div { el, .. } => el.id.clone().filter(|i| !i.trim().is_empty()),
            _ => None,
        };
        let at = Some(block.span.clone());
        if ov.height.is_some_and(|h| h > 0.0) && matches!(block.kind, BlockKind::Table { .. }) {
            self.warn_once("table height", |_| {
                let at = ov.set_at.height().or_else(|| at.clone());
                Diagnostic::warning(at, "CSS `height` is not laid out on tables; a table is as tall as its rows")
            });
        }
        if ov.display == Some(Display::Inline) {
            let tag = self.stack.last().map(|e| e.tag.clone()).unwrap_or_default();
            self.warn_once(format!("display: inline on {tag}"), |_| {
                let at = ov.set_at.display().or_else(|| at.clone());
                let what = if tag.is_empty() { "a block".to_string() } else { format!("`<{tag}>`") };
                Diagnostic::warning(at, format!("CSS `display: inline` on {what} is not supported: it stays a block"))
            });
        }
        let styled = if ov.display_none { None } else { self.block_inner(block, &ctx, &ov, depth) };
        let el = self.stack.pop().unwrap_or_default();
        // Text outside any element (no tag) is no sibling.
        self.prev_sibling = if el.tag.is_empty() { prev } else { el.as_prev() };
        styled.map(|mut b| {
            ov.apply_to(&mut b.style);
            self.box_props(&mut b, &ov, ctx.size);
            b.style.rtl = ctx.rtl;
            b.style.min_lines = Some(ctx.min_lines);
            // Right-to-left blocks start at the right unless aligned otherwise.
            if ctx.rtl == Some(true) && b.style.align == TextAlign::Left {
                b.style.align = TextAlign::Right;
            }
            if let Some(id) = own {
                b.anchors.insert(0, id);
            }
            b
        })
    }

    // Long (about 150 lines): one arm per kind of block, the table's being under
    // concurrent change; it can be split by kind once that lands.
    fn block_inner(&mut self, block: &Block, ctx: &Ctx, ov: &BoxOverrides, depth: usize) -> Option<StyledBlock> {
        let t = self.theme;
        let em = ctx.size;
        // GitHub's stylesheet gives block margins and code padding in pixels (16 px,
        // headings 24 px above): they stay put when a document changes the font size.
        let px16 = t.paragraph_space * t.font_size;
        let span = block.span.clone();
        let base = BoxStyle {
            margin_bottom: px16,
            line_height: ctx.line_height,
            align: ctx.align,
            text_indent: ctx.text_indent,
            ..Default::default()
        };
        let (kind, style) = match &block.kind {
            BlockKind::Paragraph(content) | BlockKind::Text(content) => {
                let pre = ctx.white_space == WhiteSpace::Pre;
                let (runs, anchors) = self.runs(content, ctx, pre);
                let floats = std::mem::take(&mut self.run_floats);
                if runs.iter().all(|r| r.text.trim().is_empty()) {
                    self.orphan_anchors.extend(anchors.into_iter().map(|a| a.name));
                    return None;
                }
                let style = match block.kind {
                    BlockKind::Text(_) => BoxStyle { margin_bottom: 0.0, ..base },
                    _ => base,
                };
                float_row(StyledKind::Text { runs, pre, anchors }, style, floats.first(), &span)
            }
            BlockKind::Heading { level, content, .. } => {
                let level = (*level).clamp(1, 6);
                let (runs, anchors) = self.runs(content, ctx, false);
                let floats = std::mem::take(&mut self.run_floats);
                let border = (level <= 2).then_some(Border { width: 0.75, color: t.border });
                let style = BoxStyle {
                    margin_top: 1.5 * px16,
                    margin_bottom: px16,
                    heading: Some(level),
                    border_bottom: border,
                    padding: Sides::new(0.0, 0.0, if border.is_some() { 0.3 * em } else { 0.0 }, 0.0),
                    ..base
                };
                float_row(StyledKind::Text { runs, pre: false, anchors }, style, floats.first(), &span)
            }
            BlockKind::Code { text, .. } => {
                let text = expand_tabs(text);
                let run = Run { text, style: ctx.text_style(), link: None, span: span.clone(), object: None };
                let style = BoxStyle {
                    keep_together: true,
                    background: self.print_background.then_some(t.code_background),
                    padding: Sides::splat(px16),
                    margin_bottom: px16,
                    ..base
                };
                (StyledKind::Text { runs: vec![run], pre: true, anchors: vec![] }, style)
            }
            BlockKind::Quote(children) => {
                let style = BoxStyle {
                    keep_together: true,
                    padding: Sides::new(0.0, em, 0.0, em),
                    border_left: Some(Border { width: 3.0, color: t.border }),
                    ..base
                };
                (StyledKind::Container(self.blocks(children, ctx, depth)), style)
            }
            BlockKind::Div { blocks, el, .. } => {
                // `dd` is indented, as browsers do.
                let indent = if el.tag == "dd" { 2.0 * em } else { 0.0 };
                let style = BoxStyle { margin_bottom: 0.0, padding: Sides::new(0.0, 0.0, 0.0, indent), ..base };
                // A flex or grid container's children are its items.
                let children = match ov.boxes.mode {
                    boxes::Mode::Flow => std::borrow::Cow::Borrowed(blocks),
                    _ => std::borrow::Cow::Owned(boxes::blockify(blocks)),
                };
                (StyledKind::Container(self.blocks(&children, ctx, depth)), style)
            }
            BlockKind::Rule => {
                let style = BoxStyle { margin_top: 1.5 * px16, margin_bottom: 1.5 * px16, ..base };
                // GitHub's rule is a 4px grey bar; CSS may draw it with its borders
                // (`border-top: 1px solid`) and/or its height and background.
                let (top, bottom) = (ov.borders.top.value(), ov.borders.bottom.value());
                let css = ov.borders.top.is_set() || ov.borders.bottom.is_set() || ov.height.is_some() || ov.background.is_set();
                let rule = if css {
                    let width = top.map_or(0.0, |b| b.width) + bottom.map_or(0.0, |b| b.width) + ov.height.unwrap_or(0.0).max(0.0);
                    let color = top.or(bottom).map(|b| b.color).or(ov.background.value()).unwrap_or(t.border);
                    StyledKind::Rule { color, width: width.clamp(0.0, 100.0) }
                } else {
                    StyledKind::Rule { color: t.border, width: 3.0 }
                };
                (rule, style)
            }
            BlockKind::List { start, items } => {
                let items = self.items(items, *start, ctx, depth, ov.list_style.as_deref());
                let indent = t.list_indent * em;
                let style = BoxStyle {
                    padding: Sides::new(0.0, 0.0, 0.0, indent),
                    marker_width: indent,
                    margin_bottom: if depth > 0 { 0.0 } else { base.margin_bottom },
                    ..base
                };
                (StyledKind::List { items }, style)
            }
            BlockKind::Table { aligns, head, rows } => {
                let own = super::table::TableBox { width: ov.width, centred: ov.auto_margins.centred() };
                (self.table(aligns, head, rows, ctx, own, &span), base)
            }
        };
        Some(StyledBlock { kind, style, span, anchors: vec![] })
    }

    /// How a block lays out its children, its place as an item, and its sizes, from
    /// its CSS (`em`: its font size, the default column gap). Tables and rules read
    /// their own width and height.
    fn box_props(&mut self, b: &mut StyledBlock, ov: &BoxOverrides, em: f32) {
        let arrange = ov.boxes.arrange(em);
        b.style.arrange = match (&b.kind, arrange) {
            (StyledKind::Container(_) | StyledKind::List { .. }, a) => a,
            (StyledKind::Text { .. }, a @ Arrange::Columns(_)) => a,
            (_, Arrange::Flow) => Arrange::Flow,
            (_, _) => {
                self.warn_once("flex or grid on text", |_| {
                    let at = ov.set_at.display().or_else(|| Some(b.span.clone()));
                    Diagnostic::warning(at, "CSS `display: flex` or `grid` on a paragraph, heading or table lays it out as a block")
                });
                Arrange::Flow
            }
        };
        let (margin_left, margin_right) = boxes::side_margins((ov.auto_margins.left, ov.auto_margins.right));
        // (A text made a float by its floated content keeps floating.)
        let float = ov.boxes.place.float.or(b.style.place.float);
        b.style.place = ItemPlace { margin_left, margin_right, float, shift: ov.boxes.shift(), ..ov.boxes.place.clone() };
        if !matches!(b.kind, StyledKind::Table(_) | StyledKind::Rule { .. }) {
            b.style.sizes = ov.boxes.sizes;
        }
        if let Some(r) = ov.boxes.radius {
            b.style.radius = r;
        }
    }

    /// The text style and the box overrides (padding, borders) of a child element
    /// (a table row or cell, which may know its place) after CSS.
    pub(super) fn element_style_of(&mut self, el: ElInfo, parent: &Ctx, defaults: Ctx) -> (Ctx, BoxOverrides) {
        self.stack.push(el);
        let decls = self.matching(None, None);
        let mut ctx = defaults;
        let mut ov = BoxOverrides::default();
        self.apply(&decls, &mut ctx, &mut ov, &None, parent.as_parent());
        self.stack.pop();
        (ctx, ov)
    }

    fn items(&mut self, items: &[ListItem], start: Option<u64>, ctx: &Ctx, depth: usize, list_style: Option<&str>) -> Vec<StyledItem> {
        let bullets = ["•", "◦", "▪"];
        let loose = items.iter().any(|i| i.loose);
        let mut prev = Siblings::default();
        let count = items.len().min(u32::MAX as usize) as u32;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                // Each item is an `li` element, for `li:first-child` and `li + li`.
                let index = (i + 1).min(u32::MAX as usize) as u32;
                let pos = Position { index, count, type_index: index, type_count: count };
                let li = ElInfo { pos: Some(pos), prev: std::mem::take(&mut prev), ..ElInfo::tag("li") };
                prev = li.as_prev();
                self.stack.push(li);
                let decls = self.matching(None, None);
                let mut ictx = ctx.clone();
                let mut li_box = BoxOverrides::default();
                self.apply(&decls, &mut ictx, &mut li_box, &None, ctx.as_parent());
                let n = start.map(|s| s.saturating_add(i as u64));
                let text = match (list_style.map(str::trim), n) {
                    (Some("none"), _) => String::new(),
                    (Some("disc"), _) => "•".into(),
                    (Some("circle"), _) => "◦".into(),
                    (Some("square"), _) => "▪".into(),
                    (Some("decimal"), _) => format!("{}.", n.unwrap_or(i as u64 + 1)),
                    (_, Some(n)) => format!("{n}."),
                    (_, None) => bullets[depth.min(bullets.len() - 1)].to_string(),
                };
                let marker = match item.task {
                    Some(done) => Marker::Task(done),
                    None => {
                        let mut style = ictx.text_style();
                        if bullets.contains(&text.as_str()) {
                            // DejaVu Sans Mono's bullets are the size browsers draw
                            // discs and circles (a third of the ascent); Roboto's
                            // bullet is two thirds of that.
                            style.family = Family::Mono;
                        }
                        Marker::Text(text, style)
                    }
                };
                self.prev_sibling = Siblings::default();
                let mut blocks = self.blocks(&item.blocks, &ictx, depth + 1);
                self.prev_sibling = Siblings::default();
                self.stack.pop();
                // Paragraphs inside the items of a tight list sit close together; a
                // loose list keeps the paragraphs' own margins (GitHub's look adds
                // `li > p { margin-top }` in its theme CSS).
                for b in &mut blocks {
                    if matches!(b.kind, StyledKind::Text { pre: false, .. }) && b.style.heading.is_none() && !loose {
                        // A tight item's text is not a `<p>`: no paragraph margins.
                        b.style.margin_top = 0.0;
                        b.style.margin_bottom = 0.0;
                    }
                }
                // The item's own margins (GitHub: `li + li { margin-top: .25em }`)
                // go to its first and last blocks, where they collapse as CSS margins do.
                if let Some(first) = blocks.first_mut() {
                    first.style.margin_top = first.style.margin_top.max(li_box.margin.top.unwrap_or(0.0));
                }
                if let Some(last) = blocks.last_mut() {
                    last.style.margin_bottom = last.style.margin_bottom.max(li_box.margin.bottom.unwrap_or(0.0));
                }
                StyledItem { marker, blocks }
            })
            .collect()
    }
}

pub(super) fn text_align(a: Align, inherited: TextAlign) -> TextAlign {
    match a {
        Align::None => inherited,
        Align::Left => TextAlign::Left,
        Align::Center => TextAlign::Center,
        Align::Right => TextAlign::Right,
    }
}

fn expand_tabs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let mut col = 0;
        for ch in line.chars() {
            if ch == '\t' {
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            } else {
                out.push(ch);
                col += 1;
            }
        }
    }
    out.replace('\r', "")
}

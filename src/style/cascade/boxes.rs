//! CSS for boxes side by side: `display: flex | grid`, the flexbox, grid and
//! multi-column properties, item placement and the sizes of any block, read into
//! [`BoxProps`] (typed values from `style::boxes`), which the box overrides carry
//! to the block.

use crate::model::{Align, Block, BlockKind, Inline, Span};
use crate::style::boxes::{
    AlignItems, Arrange, BoxSizes, Columns, Flex, FlexDirection, FlexWrap, FloatSide, Grid, GridLine, GridSpan, ItemPlace, Justify,
    SideMargin, Track,
};
use crate::style::{css, Border, VerticalAlign, Width};

/// The most grid tracks a template may expand to (`repeat(10000, 1fr)`).
const MAX_TRACKS: usize = 100;

/// Which container an element is, as far as `display` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Mode {
    /// Not a flex or grid container.
    #[default]
    Flow,
    /// `display: flex` or `inline-flex`.
    Flex,
    /// `display: grid` or `inline-grid`.
    Grid,
}

/// The box properties an element's declarations set.
#[derive(Debug, Clone, Default)]
pub(super) struct BoxProps {
    pub mode: Mode,
    pub flex: Flex,
    pub grid: Grid,
    /// `column-count`, `column-width`, `column-gap`, `column-rule`, `column-fill`,
    /// as set.
    pub columns: ColumnProps,
    pub place: ItemPlace,
    pub sizes: BoxSizes,
    /// `border-radius` (its first value), in points.
    pub radius: Option<f32>,
    /// `vertical-align`, as table cells read it.
    pub valign: Option<VerticalAlign>,
    /// `position: relative` (other values are not read).
    pub relative: bool,
    /// `top`, `right`, `bottom`, `left`, in points (`auto`: `None`).
    pub offsets: crate::geom::Sides<Option<f32>>,
}

/// The multi-column properties as written (the gap's default is 1em, known when
/// the element's font size is).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ColumnProps {
    pub count: Option<u32>,
    pub width: Option<f32>,
    pub gap: Option<f32>,
    pub rule: Option<Border>,
    pub fill_auto: bool,
}

impl BoxProps {
    /// How far `position: relative` and its offsets move the box: `left` wins over
    /// `right` and `top` over `bottom`, as in CSS.
    pub(super) fn shift(&self) -> (f32, f32) {
        if !self.relative {
            return (0.0, 0.0);
        }
        let o = &self.offsets;
        (o.left.or(o.right.map(|r| -r)).unwrap_or(0.0), o.top.or(o.bottom.map(|b| -b)).unwrap_or(0.0))
    }

    /// How the element lays out its children: flex, grid, columns, or flow. `em`
    /// is its font size (the default column gap).
    pub(super) fn arrange(&self, em: f32) -> Arrange {
        match self.mode {
            Mode::Flex => Arrange::Flex(self.flex.clone()),
            Mode::Grid => Arrange::Grid(self.grid.clone()),
            Mode::Flow => {
                let c = self.columns;
                if c.count.is_some_and(|n| n > 1) || c.width.is_some() {
                    Arrange::Columns(Columns {
                        count: c.count,
                        width: c.width,
                        gap: c.gap.unwrap_or(em),
                        rule: c.rule,
                        balance: !c.fill_auto,
                    })
                } else {
                    Arrange::Flow
                }
            }
        }
    }
}

/// What reading one declaration gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Read {
    /// Not one of these properties.
    NotMine,
    /// Read and set.
    Set,
    /// One of these, with a value cvpdf does not read.
    BadValue,
}

/// Reads one declaration (`lower` is the value in lower case, `var()`s
/// substituted) into `b`; `size` and `root` are the element's and the root's font
/// sizes (for `em` and `rem`).
pub(super) fn read(name: &str, lower: &str, size: f32, root: f32, b: &mut BoxProps) -> Read {
    let units = Units { size, root };
    let groups: [Reader; 4] = [read_flex, read_grid, read_columns, read_sizes];
    groups.into_iter().map(|read| read(name, lower, &units, b)).find(|r| *r != Read::NotMine).unwrap_or(Read::NotMine)
}

/// One group's reader: `Read::NotMine` for a property of another group.
type Reader = fn(&str, &str, &Units, &mut BoxProps) -> Read;

/// The element's font size and the root's, for `em` and `rem`.
struct Units {
    size: f32,
    root: f32,
}

impl Units {
    fn len(&self, v: &str) -> Option<f32> {
        css::length(v, self.size, self.root, 0.0).filter(|x| x.is_finite())
    }

    /// A length or a percentage, not negative.
    fn width(&self, v: &str) -> Option<Width> {
        match v.strip_suffix('%') {
            Some(p) => p.trim().parse::<f32>().ok().filter(|p| p.is_finite() && *p >= 0.0).map(|p| Width::Percent(p.min(1000.0))),
            None => self.len(v).filter(|x| *x >= 0.0).map(|x| Width::Points(x.min(css::MAX_LENGTH))),
        }
    }
}

fn ok(set: bool) -> Read {
    if set {
        Read::Set
    } else {
        Read::BadValue
    }
}

/// `display` and the flex properties (gaps too).
fn read_flex(name: &str, lower: &str, u: &Units, b: &mut BoxProps) -> Read {
    let width = |v: &str| u.width(v);
    match name {
        "display" => {
            b.mode = match lower {
                "flex" | "inline-flex" => Mode::Flex,
                "grid" | "inline-grid" => Mode::Grid,
                // Other values are read where `display` is (none, block, inline…).
                _ => {
                    b.mode = Mode::Flow;
                    return Read::NotMine;
                }
            };
            Read::Set
        }
        "flex-direction" => ok(direction(lower).map(|d| b.flex.direction = d).is_some()),
        "flex-wrap" => ok(wrap(lower).map(|w| b.flex.wrap = w).is_some()),
        "flex-flow" => {
            let mut any = false;
            for w in lower.split_whitespace() {
                if let Some(d) = direction(w) {
                    b.flex.direction = d;
                    any = true;
                } else if let Some(x) = wrap(w) {
                    b.flex.wrap = x;
                    any = true;
                } else {
                    return Read::BadValue;
                }
            }
            ok(any)
        }
        "justify-content" => ok(justify(lower).map(|j| b.flex.justify = j).is_some()),
        "align-content" => ok(justify(lower).map(|j| b.flex.align_content = j).is_some()),
        "align-items" => ok(align(lower)
            .map(|a| {
                b.flex.align_items = a;
                b.grid.align_items = Some(a);
            })
            .is_some()),
        "justify-items" => ok(align(lower).map(|a| b.grid.justify_items = Some(a)).is_some()),
        "align-self" => ok(lower == "auto" || align(lower).map(|a| b.place.align_self = Some(a)).is_some()),
        "justify-self" => ok(lower == "auto" || align(lower).map(|a| b.place.justify_self = Some(a)).is_some()),
        "gap" | "grid-gap" => {
            let parts: Vec<&str> = lower.split_whitespace().collect();
            let one = |v: &str| if v == "normal" { Some(None) } else { width(v).map(Some) };
            match parts.as_slice() {
                [r] => one(r).map(|g| {
                    b.flex.gap.row = g;
                    b.flex.gap.column = g;
                    b.columns.gap = points(g);
                }),
                [r, c] => one(r).zip(one(c)).map(|(r, c)| {
                    b.flex.gap.row = r;
                    b.flex.gap.column = c;
                    b.columns.gap = points(c);
                }),
                _ => None,
            }
            .map(|_| b.grid.gap = b.flex.gap)
            .map_or(Read::BadValue, |_| Read::Set)
        }
        "row-gap" | "grid-row-gap" => {
            let g = if lower == "normal" { Some(None) } else { width(lower).map(Some) };
            ok(g.map(|g| {
                b.flex.gap.row = g;
                b.grid.gap.row = g;
            })
            .is_some())
        }
        "column-gap" | "grid-column-gap" => {
            let g = if lower == "normal" { Some(None) } else { width(lower).map(Some) };
            ok(g.map(|g| {
                b.flex.gap.column = g;
                b.grid.gap.column = g;
                b.columns.gap = points(g);
            })
            .is_some())
        }
        "flex-grow" => ok(number(lower).map(|n| b.place.grow = n).is_some()),
        "flex-shrink" => ok(number(lower).map(|n| b.place.shrink = n).is_some()),
        "flex-basis" => ok(basis(lower, &width).map(|w| b.place.basis = w).is_some()),
        "flex" => ok(flex_shorthand(lower, &width).map(|(g, s, w)| (b.place.grow, b.place.shrink, b.place.basis) = (g, s, w)).is_some()),
        "order" => ok(lower.parse::<i32>().ok().map(|n| b.place.order = n.clamp(-10_000, 10_000)).is_some()),
        _ => Read::NotMine,
    }
}

/// The grid properties.
fn read_grid(name: &str, lower: &str, u: &Units, b: &mut BoxProps) -> Read {
    let width = |v: &str| u.width(v);
    match name {
        "grid-template-columns" => ok(tracks(lower, &width).map(|t| b.grid.columns = t).is_some()),
        "grid-template-rows" => ok(tracks(lower, &width).map(|t| b.grid.rows = t).is_some()),
        "grid-auto-rows" => ok(tracks(lower, &width).map(|t| b.grid.auto_rows = t).is_some()),
        "grid-template-areas" => ok(areas(lower).map(|a| b.grid.areas = a).is_some()),
        "grid-column" => ok(span_pair(lower).map(|s| b.place.column = s).is_some()),
        "grid-row" => ok(span_pair(lower).map(|s| b.place.row = s).is_some()),
        "grid-column-start" => ok(grid_line(lower).map(|l| b.place.column.start = l).is_some()),
        "grid-column-end" => ok(grid_line(lower).map(|l| b.place.column.end = l).is_some()),
        "grid-row-start" => ok(grid_line(lower).map(|l| b.place.row.start = l).is_some()),
        "grid-row-end" => ok(grid_line(lower).map(|l| b.place.row.end = l).is_some()),
        "grid-area" => ok(grid_area(lower, b)),
        _ => Read::NotMine,
    }
}

/// The multi-column properties.
fn read_columns(name: &str, lower: &str, u: &Units, b: &mut BoxProps) -> Read {
    let len = |v: &str| u.len(v);
    match name {
        "columns" => {
            let mut any = false;
            for w in lower.split_whitespace() {
                if w == "auto" {
                    any = true;
                } else if let Ok(n) = w.parse::<u32>() {
                    b.columns.count = Some(n.clamp(1, 32));
                    any = true;
                } else if let Some(x) = len(w).filter(|x| *x > 0.0) {
                    b.columns.width = Some(x);
                    any = true;
                } else {
                    return Read::BadValue;
                }
            }
            ok(any)
        }
        "column-count" => ok(lower == "auto" || lower.parse::<u32>().ok().map(|n| b.columns.count = Some(n.clamp(1, 32))).is_some()),
        "column-width" => ok(lower == "auto" || len(lower).filter(|x| *x > 0.0).map(|x| b.columns.width = Some(x)).is_some()),
        "column-fill" => {
            b.columns.fill_auto = lower == "auto";
            ok(matches!(lower, "auto" | "balance" | "balance-all"))
        }
        "column-span" => {
            b.place.span_columns = lower == "all";
            ok(matches!(lower, "all" | "none"))
        }
        "column-rule" => {
            let rule = if lower.contains("none") || lower.contains("hidden") {
                None
            } else {
                let w = lower.split_whitespace().find_map(len).unwrap_or(0.75);
                let c = lower.split_whitespace().find_map(css::color).unwrap_or(crate::geom::Rgb(0, 0, 0));
                (w > 0.0).then_some(Border { width: w.min(20.0), color: c })
            };
            b.columns.rule = rule;
            Read::Set
        }
        _ => Read::NotMine,
    }
}

/// Floats, `box-sizing` and sizes.
fn read_sizes(name: &str, lower: &str, u: &Units, b: &mut BoxProps) -> Read {
    let width = |v: &str| u.width(v);
    match name {
        "float" => {
            b.place.float = match lower {
                "left" | "inline-start" => Some(FloatSide::Left),
                "right" | "inline-end" => Some(FloatSide::Right),
                "none" => None,
                _ => return Read::BadValue,
            };
            Read::Set
        }
        // Only `relative` (and `static`) are laid out: an absolutely placed block
        // would leave the text layer's reading order.
        "position" => {
            b.relative = lower == "relative";
            ok(matches!(lower, "relative" | "static"))
        }
        "top" | "right" | "bottom" | "left" => {
            let v = if lower == "auto" { None } else { Some(u.len(lower).map(|x| x.clamp(-css::MAX_LENGTH, css::MAX_LENGTH))) };
            let Some(v) = v.map_or(Some(None), |v| v.map(Some)) else { return Read::BadValue };
            let o = &mut b.offsets;
            *match name {
                "top" => &mut o.top,
                "right" => &mut o.right,
                "bottom" => &mut o.bottom,
                _ => &mut o.left,
            } = v;
            Read::Set
        }
        "clear" => {
            b.place.clear = matches!(lower, "left" | "right" | "both" | "inline-start" | "inline-end");
            ok(b.place.clear || lower == "none")
        }
        "vertical-align" => {
            // Table cells read these; inline elements and other values keep the
            // baseline.
            b.valign = Some(match lower {
                "top" | "text-top" => VerticalAlign::Top,
                "middle" => VerticalAlign::Middle,
                "bottom" | "text-bottom" => VerticalAlign::Bottom,
                _ => VerticalAlign::Baseline,
            });
            Read::Set
        }
        "border-radius" => {
            // One radius for all four corners: the first value (of the first
            // corner, before any `/`).
            let first = lower.split(['/', ' ']).next().unwrap_or(lower);
            let r = if first.ends_with('%') { None } else { u.len(first) };
            ok(r.filter(|r| *r >= 0.0).map(|r| b.radius = Some(r.min(css::MAX_LENGTH))).is_some())
        }
        "box-sizing" => {
            b.sizes.border_box = lower == "border-box";
            ok(matches!(lower, "border-box" | "content-box"))
        }
        // Sizes; `width` and `height` are read where tables, images and rules read
        // them too.
        "min-width" => ok(lower == "auto" || width(lower).map(|w| b.sizes.min_width = Some(w)).is_some()),
        "max-width" => ok(lower == "none" || width(lower).map(|w| b.sizes.max_width = Some(w)).is_some()),
        "min-height" => ok(lower == "auto" || width(lower).map(|w| b.sizes.min_height = Some(w)).is_some()),
        "width" => {
            b.sizes.width = width(lower);
            Read::NotMine
        }
        "height" => {
            b.sizes.height = width(lower);
            Read::NotMine
        }
        _ => Read::NotMine,
    }
}

/// The item's left and right margins from the element's margins (`auto` or not).
pub(super) fn side_margins(auto: (bool, bool)) -> (SideMargin, SideMargin) {
    let side = |a: bool| if a { SideMargin::Auto } else { SideMargin::Points(0.0) };
    (side(auto.0), side(auto.1))
}

/// The children of a flex or grid container as its items, as CSS makes them: each
/// block is one; in text directly inside the container, each HTML element (`<span
/// class="date">`) is one and the text between elements another, while white
/// space between items is dropped.
pub(super) fn blockify(blocks: &[Block]) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let BlockKind::Text(inlines) = &b.kind else {
            out.push(b.clone());
            continue;
        };
        let mut loose: Vec<Inline> = Vec::new();
        let flush = |loose: &mut Vec<Inline>, out: &mut Vec<Block>| {
            if !loose.is_empty() {
                let span = span_of(loose).unwrap_or_else(|| b.span.clone());
                out.push(Block { kind: BlockKind::Text(std::mem::take(loose)), span });
            }
        };
        for inline in inlines {
            match inline {
                Inline::Span { el, content } => {
                    flush(&mut loose, &mut out);
                    let span = span_of(content).unwrap_or_else(|| b.span.clone());
                    let text = Block { kind: BlockKind::Text(content.clone()), span: span.clone() };
                    out.push(Block { kind: BlockKind::Div { el: (**el).clone(), align: Align::None, blocks: vec![text] }, span });
                }
                Inline::Text(t, _) if t.trim().is_empty() => flush(&mut loose, &mut out),
                Inline::SoftBreak | Inline::Break => flush(&mut loose, &mut out),
                other => loose.push(other.clone()),
            }
        }
        flush(&mut loose, &mut out);
    }
    out
}

/// From the first text's start to the last text's end, if any text has a place.
fn span_of(inlines: &[Inline]) -> Option<Span> {
    fn spans(inlines: &[Inline], out: &mut Vec<Span>) {
        for i in inlines {
            match i {
                Inline::Text(_, s) | Inline::Code(_, s) => out.push(s.clone()),
                other => spans(other.children().unwrap_or_default(), out),
            }
        }
    }
    let mut all = Vec::new();
    spans(inlines, &mut all);
    Some(all.first()?.start..all.last()?.end)
}

fn points(w: Option<Width>) -> Option<f32> {
    match w {
        Some(Width::Points(p)) => Some(p),
        _ => None,
    }
}

fn number(v: &str) -> Option<f32> {
    v.parse::<f32>().ok().filter(|n| n.is_finite() && *n >= 0.0).map(|n| n.min(1e6))
}

fn direction(v: &str) -> Option<FlexDirection> {
    Some(match v {
        "row" => FlexDirection::Row,
        "row-reverse" => FlexDirection::RowReverse,
        "column" => FlexDirection::Column,
        "column-reverse" => FlexDirection::ColumnReverse,
        _ => return None,
    })
}

fn wrap(v: &str) -> Option<FlexWrap> {
    Some(match v {
        "nowrap" => FlexWrap::NoWrap,
        "wrap" => FlexWrap::Wrap,
        "wrap-reverse" => FlexWrap::WrapReverse,
        _ => return None,
    })
}

fn justify(v: &str) -> Option<Justify> {
    Some(match v.strip_prefix("safe ").or_else(|| v.strip_prefix("unsafe ")).unwrap_or(v) {
        "flex-start" | "start" | "left" => Justify::Start,
        "flex-end" | "end" | "right" => Justify::End,
        "center" => Justify::Center,
        "space-between" => Justify::SpaceBetween,
        "space-around" => Justify::SpaceAround,
        "space-evenly" => Justify::SpaceEvenly,
        "stretch" | "normal" => Justify::Stretch,
        _ => return None,
    })
}

fn align(v: &str) -> Option<AlignItems> {
    Some(match v.strip_prefix("safe ").or_else(|| v.strip_prefix("unsafe ")).unwrap_or(v) {
        "flex-start" | "start" | "self-start" | "left" => AlignItems::Start,
        "flex-end" | "end" | "self-end" | "right" => AlignItems::End,
        "center" => AlignItems::Center,
        "baseline" | "first baseline" | "last baseline" => AlignItems::Baseline,
        "stretch" | "normal" => AlignItems::Stretch,
        _ => return None,
    })
}

/// `flex-basis`: `None` for `auto` and `content`.
fn basis(v: &str, width: &dyn Fn(&str) -> Option<Width>) -> Option<Option<Width>> {
    match v {
        "auto" | "content" => Some(None),
        v => width(v).map(Some),
    }
}

/// The `flex` shorthand: grow, shrink, basis.
fn flex_shorthand(v: &str, width: &dyn Fn(&str) -> Option<Width>) -> Option<(f32, f32, Option<Width>)> {
    let zero = Some(Width::Points(0.0));
    match v {
        "none" => return Some((0.0, 0.0, None)),
        "auto" => return Some((1.0, 1.0, None)),
        "initial" => return Some((0.0, 1.0, None)),
        _ => {}
    }
    let parts: Vec<&str> = v.split_whitespace().collect();
    match parts.as_slice() {
        [a] => match number(a) {
            Some(g) => Some((g, 1.0, zero)),
            None => basis(a, width).map(|b| (1.0, 1.0, b)),
        },
        [a, b] => {
            let g = number(a)?;
            match number(b) {
                Some(s) => Some((g, s, zero)),
                None => basis(b, width).map(|w| (g, 1.0, w)),
            }
        }
        [a, b, c] => Some((number(a)?, number(b)?, basis(c, width)?)),
        _ => None,
    }
}

/// A track list (`140px 1fr`, `repeat(3, minmax(0, 1fr))`, `none`), `repeat()`
/// expanded and line names (`[main]`) skipped; `None` for what cvpdf does not read
/// (`repeat(auto-fill, …)`, `subgrid`).
fn tracks(v: &str, width: &dyn Fn(&str) -> Option<Width>) -> Option<Vec<Track>> {
    if v == "none" {
        return Some(vec![]);
    }
    let mut out = Vec::new();
    for part in top_level_words(v) {
        if part.starts_with('[') {
            continue;
        }
        if let Some(inner) = part.strip_prefix("repeat(").and_then(|p| p.strip_suffix(')')) {
            let (count, list) = inner.split_once(',')?;
            let n: usize = count.trim().parse().ok().filter(|n| (1..=MAX_TRACKS).contains(n))?;
            let one = tracks(list.trim(), width)?;
            for _ in 0..n {
                out.extend(one.iter().cloned());
            }
        } else {
            out.push(track(part, width)?);
        }
        if out.len() > MAX_TRACKS {
            return None;
        }
    }
    Some(out)
}

fn track(v: &str, width: &dyn Fn(&str) -> Option<Width>) -> Option<Track> {
    Some(match v {
        "auto" => Track::Auto,
        "min-content" => Track::MinContent,
        "max-content" => Track::MaxContent,
        v if v.starts_with("minmax(") => {
            let inner = v.strip_prefix("minmax(")?.strip_suffix(')')?;
            let (a, b) = inner.split_once(',')?;
            Track::MinMax(Box::new(track(a.trim(), width)?), Box::new(track(b.trim(), width)?))
        }
        // `fit-content(x)` grows with its content up to x: auto is the nearest.
        v if v.starts_with("fit-content(") => Track::Auto,
        v => match v.strip_suffix("fr") {
            Some(f) => Track::Fr(f.trim().parse::<f32>().ok().filter(|f| f.is_finite() && *f >= 0.0)?.min(1e4)),
            None => match width(v)? {
                Width::Points(p) => Track::Points(p),
                Width::Percent(p) => Track::Percent(p),
            },
        },
    })
}

/// Words of a value, keeping parentheses and brackets whole (`repeat(2, 1fr)`).
fn top_level_words(v: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, None);
    for (i, c) in v.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth <= 0 {
            if let Some(s) = start.take() {
                out.push(&v[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&v[s..]);
    }
    out
}

/// `grid-template-areas`: one row per quoted string.
fn areas(v: &str) -> Option<Vec<Vec<String>>> {
    if v == "none" {
        return Some(vec![]);
    }
    let mut rows = Vec::new();
    let mut rest = v.trim();
    while !rest.is_empty() {
        let q = rest.chars().next()?;
        if q != '"' && q != '\'' {
            return None;
        }
        let end = rest[1..].find(q)? + 1;
        let row: Vec<String> = rest[1..end].split_whitespace().map(str::to_string).collect();
        if row.len() > MAX_TRACKS {
            return None;
        }
        rows.push(row);
        rest = rest[end + 1..].trim_start();
        if rows.len() > MAX_TRACKS {
            return None;
        }
    }
    // Every row names as many cells.
    let n = rows.first().map_or(0, Vec::len);
    rows.iter().all(|r| r.len() == n).then_some(rows)
}

fn grid_line(v: &str) -> Option<GridLine> {
    let v = v.trim();
    if v == "auto" {
        return Some(GridLine::Auto);
    }
    if let Some(n) = v.strip_prefix("span") {
        return n.trim().parse::<u16>().ok().filter(|n| *n >= 1).map(|n| GridLine::Span(n.min(MAX_TRACKS as u16)));
    }
    v.parse::<i16>().ok().filter(|n| *n != 0).map(|n| GridLine::Line(n.clamp(-(MAX_TRACKS as i16), MAX_TRACKS as i16)))
}

/// `grid-column` / `grid-row`: a start, and an end after `/`.
fn span_pair(v: &str) -> Option<GridSpan> {
    let mut parts = v.split('/');
    let start = grid_line(parts.next()?)?;
    let end = match parts.next() {
        Some(e) => grid_line(e)?,
        None => GridLine::Auto,
    };
    parts.next().is_none().then_some(GridSpan { start, end })
}

/// `grid-area`: an area's name, or up to four lines (row start / column start /
/// row end / column end).
fn grid_area(v: &str, b: &mut BoxProps) -> bool {
    let parts: Vec<&str> = v.split('/').map(str::trim).collect();
    if parts.len() == 1 && parts[0].chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') && grid_line(parts[0]).is_none() {
        b.place.area = Some(parts[0].to_string());
        return true;
    }
    let lines: Option<Vec<GridLine>> = parts.iter().map(|p| grid_line(p)).collect();
    let Some(l) = lines.filter(|l| l.len() <= 4) else { return false };
    let at = |k: usize| l.get(k).copied().unwrap_or(GridLine::Auto);
    b.place.row = GridSpan { start: at(0), end: at(2) };
    b.place.column = GridSpan { start: at(1), end: at(3) };
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(decls: &[(&str, &str)]) -> (BoxProps, Vec<Read>) {
        let mut b = BoxProps::default();
        let reads = decls.iter().map(|(n, v)| read(n, v, 10.0, 10.0, &mut b)).collect();
        (b, reads)
    }

    #[test]
    fn flex_container_values() {
        let (b, r) = props(&[("display", "flex"), ("justify-content", "space-between"), ("align-items", "baseline"), ("gap", "8px 2em")]);
        assert_eq!(r, [Read::Set; 4]);
        assert_eq!(b.mode, Mode::Flex);
        assert_eq!(b.flex.justify, Justify::SpaceBetween);
        assert_eq!(b.flex.align_items, AlignItems::Baseline);
        assert_eq!(b.flex.gap.row, Some(Width::Points(6.0)));
        assert_eq!(b.flex.gap.column, Some(Width::Points(20.0)));
        let (b, r) = props(&[("flex-flow", "column wrap"), ("justify-content", "sideways")]);
        assert_eq!((b.flex.direction, b.flex.wrap), (FlexDirection::Column, FlexWrap::Wrap));
        assert_eq!(r[1], Read::BadValue);
        assert_eq!(props(&[("display", "block")]).1, [Read::NotMine]);
    }

    #[test]
    fn flex_shorthand_as_css_expands_it() {
        type Expanded = (f32, f32, Option<Width>);
        let cases: &[(&str, Expanded)] = &[
            ("1", (1.0, 1.0, Some(Width::Points(0.0)))),
            ("none", (0.0, 0.0, None)),
            ("auto", (1.0, 1.0, None)),
            ("2 0", (2.0, 0.0, Some(Width::Points(0.0)))),
            ("1 1 120px", (1.0, 1.0, Some(Width::Points(90.0)))),
            ("30%", (1.0, 1.0, Some(Width::Percent(30.0)))),
        ];
        for (v, want) in cases {
            let (b, r) = props(&[("flex", v)]);
            assert_eq!(r, [Read::Set], "{v}");
            assert_eq!((b.place.grow, b.place.shrink, b.place.basis), *want, "{v}");
        }
        assert_eq!(props(&[("flex", "big")]).1, [Read::BadValue]);
    }

    #[test]
    fn grid_templates_expand_repeat_and_read_areas() {
        let (b, r) = props(&[
            ("grid-template-columns", "[side] 140px repeat(2, minmax(0, 1fr)) auto"),
            ("grid-template-areas", "\"head head\" 'side main'"),
            ("grid-column", "1 / span 2"),
        ]);
        assert_eq!(r, [Read::Set; 3]);
        assert_eq!(
            b.grid.columns,
            [
                Track::Points(105.0),
                Track::MinMax(Box::new(Track::Points(0.0)), Box::new(Track::Fr(1.0))),
                Track::MinMax(Box::new(Track::Points(0.0)), Box::new(Track::Fr(1.0))),
                Track::Auto
            ]
        );
        assert_eq!(b.grid.areas, [["head", "head"], ["side", "main"]]);
        assert_eq!(b.place.column, GridSpan { start: GridLine::Line(1), end: GridLine::Span(2) });
        assert_eq!(props(&[("grid-template-columns", "repeat(auto-fill, 100px)")]).1, [Read::BadValue]);
        assert_eq!(props(&[("grid-template-areas", "\"a b\" \"c\"")]).1, [Read::BadValue], "rows of unequal length");
        let (b, _) = props(&[("grid-area", "main")]);
        assert_eq!(b.place.area.as_deref(), Some("main"));
    }

    #[test]
    fn columns_and_sizes() {
        let (b, r) = props(&[("columns", "3"), ("column-rule", "1px solid #cccccc"), ("max-width", "80%"), ("box-sizing", "border-box")]);
        assert_eq!(r, [Read::Set; 4]);
        let Arrange::Columns(c) = b.arrange(12.0) else { panic!("columns") };
        assert_eq!((c.count, c.gap, c.balance), (Some(3), 12.0, true));
        assert_eq!(c.rule.map(|r| r.width), Some(0.75));
        assert_eq!(b.sizes.max_width, Some(Width::Percent(80.0)));
        assert!(b.sizes.border_box);
        assert_eq!(props(&[("columns", "1")]).0.arrange(12.0), Arrange::Flow, "one column is the normal flow");
    }
}

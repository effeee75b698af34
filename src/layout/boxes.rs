//! Boxes side by side: a flex or grid container's items placed by taffy (CSS's
//! flexbox and grid algorithms), each item measured and then laid out by the flow at
//! the size taffy gives it, and the items joined into fragments: one, which moves to
//! the next page as a whole, or bands between the items' lines when the container is
//! taller than a page.
//!
//! Each item's content keeps its order in the content stream (the first item's text,
//! then the second's), so extractors read an item as one run of text.

use std::collections::HashMap;

use taffy::prelude::{auto, length, line, percent, span, TaffyMaxContent};
use taffy::{AvailableSpace, TaffyTree};

use super::flow::{gap, Deco, Flow, Fragment};
use super::{FrameItem, StructKind};
use crate::font::FontBook;
use crate::geom::Sides;
use crate::geom::{Point, Size};
use crate::style::boxes::{AlignItems, Arrange, Flex, FlexDirection, FlexWrap, Gap, Grid, GridLine, GridSpan, Justify, SideMargin, Track};
use crate::style::{BoxStyle, StyledBlock, StyledItem, StyledKind, Width};

/// Lays out `children` as the items of a flex or grid container whose content box
/// is `width` wide at `x`.
pub(super) fn layout(flow: &mut Flow<'_>, children: &[StyledBlock], arrange: &Arrange, x: f32, width: f32) -> Vec<Fragment> {
    // Each container measures its items before it sets them, and an item that is a
    // container measures its own: the work grows with the power of the depth.
    if flow.box_depth >= MAX_BOX_DEPTH || flow.box_work > MAX_BOX_WORK || crate::deadline::passed() {
        if !flow.box_warned {
            flow.box_warned = true;
            let at = children.first().map(|c| c.span.clone());
            let why = if flow.box_depth >= MAX_BOX_DEPTH {
                format!("flex and grid containers nested deeper than {MAX_BOX_DEPTH} levels")
            } else {
                format!("flex and grid items past the document's first {MAX_BOX_WORK} texts set in them")
            };
            flow.warnings.push(crate::diag::Diagnostic::warning(at, format!("{why} are laid out as blocks, one under another")));
        }
        return flow.blocks(children, x, width);
    }
    flow.box_depth += 1;
    let placed = place(flow, children, arrange, width);
    let out = match placed {
        Some(placed) => set(flow, children, placed, x),
        None => flow.blocks(children, x, width),
    };
    flow.box_depth -= 1;
    out
}

/// Flex and grid containers inside one another up to this depth are laid out as
/// such; deeper ones as blocks.
pub const MAX_BOX_DEPTH: usize = 6;

/// The most texts a document's flex and grid layout sets (measuring an item sets its
/// text again at each width tried); past them, containers are laid out as blocks.
pub const MAX_BOX_WORK: usize = 5_000;

/// Lays each item out where taffy placed it, and joins them.
fn set(flow: &mut Flow<'_>, children: &[StyledBlock], placed: Placed, x: f32) -> Vec<Fragment> {
    let mut items = Vec::with_capacity(children.len());
    let parent = flow.current();
    for (b, p) in children.iter().zip(&placed.items) {
        flow.open(StructKind::Div);
        let frags = flow.item(b, x + p.x, p.width);
        flow.restore(parent);
        items.push(Laid { y: p.y, height: p.height, frags });
    }
    let group = flow.new_group();
    join(items, placed.height, (flow.page_h, flow.book), group)
}

/// Lays out a list whose `display` is flex or grid: each item is an item of the
/// container, a list of one that keeps its marker and indent.
pub(super) fn list_items(flow: &mut Flow<'_>, list: &StyledBlock, items: &[StyledItem], x: f32, width: f32) -> Vec<Fragment> {
    let style = BoxStyle {
        padding: Sides { top: 0.0, bottom: 0.0, ..list.style.padding },
        marker_width: list.style.marker_width,
        line_height: list.style.line_height,
        align: list.style.align,
        rtl: list.style.rtl,
        ..BoxStyle::default()
    };
    let blocks: Vec<StyledBlock> = items
        .iter()
        .map(|item| StyledBlock {
            kind: StyledKind::List { items: vec![item.clone()] },
            style: style.clone(),
            span: list.span.clone(),
            anchors: vec![],
        })
        .collect();
    layout(flow, &blocks, &list.style.arrange, x, width)
}

/// Where taffy put each item, relative to the container's content box.
struct Placed {
    items: Vec<ItemBox>,
    height: f32,
}

/// One item's border box.
#[derive(Debug, Clone, Copy)]
struct ItemBox {
    x: f32,
    y: f32,
    width: f32,
    height: f32,
}

/// Runs taffy over the container and its items. `None` if taffy fails (it does not
/// for the trees built here; the caller then stacks the items).
fn place(flow: &mut Flow<'_>, children: &[StyledBlock], arrange: &Arrange, width: f32) -> Option<Placed> {
    let mut tree: TaffyTree<usize> = TaffyTree::new();
    tree.disable_rounding();
    let mut nodes = Vec::with_capacity(children.len());
    for (k, b) in children.iter().enumerate() {
        nodes.push(tree.new_leaf_with_context(item_style(b, arrange), k).ok()?);
    }
    let mut root_style = container_style(arrange);
    root_style.size.width = length(width);
    let root = tree.new_with_children(root_style, &nodes).ok()?;
    // Intrinsic widths and heights at a width, measured once each.
    let mut widths: HashMap<usize, (f32, f32)> = HashMap::new();
    let mut heights: HashMap<(usize, u32), (f32, Option<f32>)> = HashMap::new();
    let available = taffy::Size { width: AvailableSpace::Definite(width), height: AvailableSpace::MAX_CONTENT };
    tree.compute_layout_with_measure(root, available, |input, _, k, style| {
        let Some(&mut k) = k else { return taffy::LayoutOutput::HIDDEN };
        let b = &children[k];
        let mut baseline = None;
        let mut out = taffy::compute_leaf_layout(
            input,
            style,
            |_, _| 0.0,
            |known, avail| {
                let w = known.width.unwrap_or_else(|| {
                    let (min, max) = *widths.entry(k).or_insert_with(|| flow.trial(|f| f.intrinsic(b)));
                    match avail.width {
                        AvailableSpace::MinContent => min,
                        AvailableSpace::MaxContent => max,
                        AvailableSpace::Definite(room) => room.min(max).max(min),
                    }
                });
                let (h, first) = *heights.entry((k, w.to_bits())).or_insert_with(|| flow.trial(|f| column_height(&f.item(b, 0.0, w))));
                baseline = first;
                taffy::Size { width: w, height: known.height.unwrap_or(h) }
            },
        );
        out.baselines.first = baseline;
        out
    })
    .ok()?;
    let height = tree.layout(root).ok()?.size.height;
    let mut items = Vec::with_capacity(nodes.len());
    for n in &nodes {
        let l = tree.layout(*n).ok()?;
        items.push(ItemBox { x: l.location.x, y: l.location.y, width: l.size.width.max(1.0), height: l.size.height.max(0.0) });
    }
    Some(Placed { items, height })
}

/// An item laid out: its box's top and height in the container, and its fragments.
pub(super) struct Laid {
    pub(super) y: f32,
    pub(super) height: f32,
    pub(super) frags: Vec<Fragment>,
}

/// The height of a column of fragments, margins inside it included, and its first
/// baseline.
pub(super) fn column_height(frags: &[Fragment]) -> (f32, Option<f32>) {
    let mut y = 0.0;
    let mut baseline = None;
    let mut after = (0.0, 0.0);
    for (k, f) in frags.iter().enumerate() {
        y += if k == 0 { f.space_before + f.neg_before } else { gap(after, f) };
        if baseline.is_none() {
            baseline = f.baseline.map(|b| y + b);
        }
        y += f.height;
        after = f.after();
    }
    (y + after.0 + after.1, baseline)
}

/// A fragment's place in the container: its top, its bottom, the item it belongs to.
struct Piece {
    top: f32,
    item: usize,
    frag: Fragment,
}

/// Joins the items' fragments into the container's. A container no taller than a
/// page is one fragment; a taller one is cut into bands between lines (a band ends
/// where no item's fragment crosses it), so that it can break across pages.
pub(super) fn join(items: Vec<Laid>, height: f32, (page_h, book): (f32, &FontBook), group: usize) -> Vec<Fragment> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut backgrounds: Vec<(usize, f32, f32, Deco)> = Vec::new();
    for (k, item) in items.into_iter().enumerate() {
        let n = item.frags.len();
        let mut y = item.y;
        let mut after = (0.0, 0.0);
        // Decorations of each group: the span of its fragments, and whether it covers
        // the item whole (the item's own background, stretched to the item's height).
        let mut spans: Vec<(Deco, f32, f32, usize)> = Vec::new();
        for (j, f) in item.frags.into_iter().enumerate() {
            y += if j == 0 { f.space_before + f.neg_before } else { gap(after, &f) };
            for d in &f.decos {
                match spans.iter_mut().find(|s| s.0.group == d.group) {
                    Some(s) => {
                        s.2 = y + f.height;
                        s.3 += 1;
                    }
                    None => spans.push((d.clone(), y, y + f.height, 1)),
                }
            }
            after = f.after();
            let h = f.height;
            pieces.push(Piece { top: y, item: k, frag: f });
            y += h;
        }
        for (d, top, bottom, count) in spans {
            let (top, bottom) = if count == n { (item.y, item.y + item.height) } else { (top, bottom) };
            backgrounds.push((k, top, bottom, d));
        }
    }
    if height <= page_h {
        return vec![one_fragment(pieces, &backgrounds, height, book)];
    }
    bands(pieces, &backgrounds, group)
}

/// The whole container as one fragment: the items' decorations drawn first, then
/// their content, item by item, with bridges across wide gaps between the items
/// of a line (see [`super::bridge`]).
fn one_fragment(pieces: Vec<Piece>, backgrounds: &[(usize, f32, f32, Deco)], height: f32, book: &FontBook) -> Fragment {
    let mut out = Fragment { height, ..Fragment::default() };
    let mut owners = vec![usize::MAX; backgrounds.len()];
    for (_, top, bottom, d) in backgrounds {
        out.items.push((Point::new(d.x, *top), rect(d, bottom - top)));
    }
    for p in pieces {
        if out.baseline.is_none() {
            out.baseline = p.frag.baseline.map(|b| p.top + b);
        }
        if out.heading.is_none() {
            out.heading = p.frag.heading;
        }
        // A heading in the row keeps it with what follows.
        out.keep_with_next |= p.frag.keep_with_next && p.frag.line.is_some();
        owners.extend(std::iter::repeat_n(p.item, p.frag.items.len()));
        out.items.extend(p.frag.items.into_iter().map(|(at, item)| (Point::new(at.x, at.y + p.top), item)));
    }
    super::bridge::bridge(&mut out.items, &owners, book);
    out
}

/// A decoration as a rectangle `height` tall.
pub(super) fn rect(d: &Deco, height: f32) -> FrameItem {
    let size = Size::new(d.width, height.max(0.0));
    match d.radius {
        r if r > 0.0 => FrameItem::RoundRect { size, radius: r, fill: d.fill, stroke: d.stroke },
        _ => FrameItem::Rect { size, fill: d.fill, stroke: d.stroke },
    }
}

/// The container cut into bands: fragments that overlap share a band; each band is
/// a fragment, carrying the decorations of every item it crosses.
fn bands(mut pieces: Vec<Piece>, backgrounds: &[(usize, f32, f32, Deco)], group: usize) -> Vec<Fragment> {
    pieces.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.item.cmp(&b.item)));
    let mut out: Vec<Fragment> = Vec::new();
    let mut band: Vec<Piece> = Vec::new();
    let mut bottom = f32::NEG_INFINITY;
    let mut last_bottom = 0.0;
    let flush = |band: &mut Vec<Piece>, out: &mut Vec<Fragment>, last_bottom: &mut f32| {
        if band.is_empty() {
            return;
        }
        let top = band.iter().map(|p| p.top).fold(f32::INFINITY, f32::min);
        let end = band.iter().map(|p| p.top + p.frag.height).fold(f32::NEG_INFINITY, f32::max);
        let mut f = Fragment { height: end - top, space_before: (top - *last_bottom).max(0.0), ..Fragment::default() };
        let mut owners: Vec<u32> = Vec::new();
        // Band by band, item by item: each item's lines stay in source order.
        band.sort_by_key(|p| p.item);
        for p in band.drain(..) {
            if f.baseline.is_none() {
                f.baseline = p.frag.baseline.map(|b| p.top - top + b);
            }
            if f.heading.is_none() {
                f.heading = p.frag.heading;
            }
            let dy = p.top - top;
            let item = u32::try_from(p.item).unwrap_or(u32::MAX);
            owners.extend(std::iter::repeat_n(item, p.frag.items.len()));
            f.items.extend(p.frag.items.into_iter().map(|(at, item)| (Point::new(at.x, at.y + dy), item)));
        }
        f.stream = Some((group, owners));
        for (_, t, b, d) in backgrounds {
            if *t < end && *b > top {
                f.decos.push(d.clone());
            }
        }
        *last_bottom = end;
        out.push(f);
    };
    for p in pieces {
        if p.top >= bottom && !band.is_empty() {
            flush(&mut band, &mut out, &mut last_bottom);
        }
        bottom = if band.is_empty() { p.top + p.frag.height } else { bottom.max(p.top + p.frag.height) };
        band.push(p);
    }
    flush(&mut band, &mut out, &mut last_bottom);
    out
}

/// taffy's style for the container.
fn container_style(arrange: &Arrange) -> taffy::Style {
    let mut s = taffy::Style::default();
    match arrange {
        Arrange::Flow | Arrange::Columns(_) => s.display = taffy::Display::Block,
        Arrange::Flex(f) => flex_container(&mut s, f),
        Arrange::Grid(g) => grid_container(&mut s, g),
    }
    s
}

fn flex_container(s: &mut taffy::Style, f: &Flex) {
    s.display = taffy::Display::Flex;
    s.flex_direction = match f.direction {
        FlexDirection::Row => taffy::FlexDirection::Row,
        FlexDirection::RowReverse => taffy::FlexDirection::RowReverse,
        FlexDirection::Column => taffy::FlexDirection::Column,
        FlexDirection::ColumnReverse => taffy::FlexDirection::ColumnReverse,
    };
    s.flex_wrap = match f.wrap {
        FlexWrap::NoWrap => taffy::FlexWrap::NoWrap,
        FlexWrap::Wrap => taffy::FlexWrap::Wrap,
        FlexWrap::WrapReverse => taffy::FlexWrap::WrapReverse,
    };
    s.justify_content = justify(f.justify);
    s.align_items = align(f.align_items);
    s.align_content = justify(f.align_content);
    s.gap = gaps(f.gap);
}

fn grid_container(s: &mut taffy::Style, g: &Grid) {
    s.display = taffy::Display::Grid;
    let tracks = |t: &[Track]| t.iter().map(|t| taffy::GridTemplateComponent::Single(track(t))).collect::<Vec<_>>();
    s.grid_template_columns = tracks(&g.columns);
    s.grid_template_rows = tracks(&g.rows);
    s.grid_auto_rows = g.auto_rows.iter().map(track).collect();
    // Columns that only the areas name are as wide as their content allows.
    let area_columns = g.areas.iter().map(Vec::len).max().unwrap_or(0);
    while s.grid_template_columns.len() < area_columns {
        s.grid_template_columns.push(taffy::GridTemplateComponent::Single(track(&Track::Fr(1.0))));
    }
    s.gap = gaps(g.gap);
    if let Some(a) = g.justify_items {
        s.justify_items = align(a);
    }
    if let Some(a) = g.align_items {
        s.align_items = align(a);
    }
}

fn track(t: &Track) -> taffy::TrackSizingFunction {
    use taffy::{MaxTrackSizingFunction as Max, MinTrackSizingFunction as Min};
    let min = |t: &Track| match t {
        Track::Points(p) => Min::length(*p),
        Track::Percent(p) => Min::percent(p / 100.0),
        Track::MinContent => Min::min_content(),
        Track::MaxContent => Min::max_content(),
        Track::Fr(_) | Track::Auto | Track::MinMax(..) => Min::auto(),
    };
    let max = |t: &Track| match t {
        Track::Points(p) => Max::length(*p),
        Track::Percent(p) => Max::percent(p / 100.0),
        Track::Fr(f) => Max::fr(*f),
        Track::MinContent => Max::min_content(),
        Track::MaxContent => Max::max_content(),
        Track::Auto | Track::MinMax(..) => Max::auto(),
    };
    match t {
        Track::MinMax(lo, hi) => taffy::MinMax { min: min(lo), max: max(hi) },
        t => taffy::MinMax { min: min(t), max: max(t) },
    }
}

fn gaps(g: Gap) -> taffy::Size<taffy::LengthPercentage> {
    let one = |w: Option<Width>| match w {
        Some(Width::Points(p)) => taffy::LengthPercentage::length(p),
        Some(Width::Percent(p)) => taffy::LengthPercentage::percent(p / 100.0),
        None => taffy::LengthPercentage::length(0.0),
    };
    taffy::Size { width: one(g.column), height: one(g.row) }
}

fn justify(j: Justify) -> taffy::AlignContent {
    match j {
        Justify::Start => taffy::AlignContent::FLEX_START,
        Justify::End => taffy::AlignContent::FLEX_END,
        Justify::Center => taffy::AlignContent::CENTER,
        Justify::SpaceBetween => taffy::AlignContent::SPACE_BETWEEN,
        Justify::SpaceAround => taffy::AlignContent::SPACE_AROUND,
        Justify::SpaceEvenly => taffy::AlignContent::SPACE_EVENLY,
        Justify::Stretch => taffy::AlignContent::STRETCH,
    }
}

fn align(a: AlignItems) -> taffy::AlignItems {
    match a {
        AlignItems::Start => taffy::AlignItems::FLEX_START,
        AlignItems::End => taffy::AlignItems::FLEX_END,
        AlignItems::Center => taffy::AlignItems::CENTER,
        AlignItems::Baseline => taffy::AlignItems::BASELINE,
        AlignItems::Stretch => taffy::AlignItems::STRETCH,
    }
}

/// taffy's style for an item: its place, its sizes and its margins (its padding
/// and borders are inside the box the flow lays out).
fn item_style(b: &StyledBlock, arrange: &Arrange) -> taffy::Style {
    let p = &b.style.place;
    let mut s = taffy::Style { flex_grow: p.grow, flex_shrink: p.shrink, ..taffy::Style::default() };
    s.flex_basis = p.basis.map_or(auto(), dimension);
    s.align_self = p.align_self.map(align);
    s.justify_self = p.justify_self.map(align);
    let (pad_x, pad_y) = edges(b);
    let sizes = &b.style.sizes;
    let grow = |w: Option<Width>, extra: f32| match w {
        Some(Width::Points(v)) if !sizes.border_box => Some(Width::Points(v + extra)),
        w => w,
    };
    s.size = taffy::Size {
        width: grow(sizes.width, pad_x).map_or(auto(), dimension),
        height: grow(sizes.height, pad_y).map_or(auto(), dimension),
    };
    s.min_size = taffy::Size {
        width: grow(sizes.min_width, pad_x).map_or(auto(), bound),
        height: grow(sizes.min_height, pad_y).map_or(auto(), bound),
    };
    s.max_size.width = grow(sizes.max_width, pad_x).map_or(auto(), bound);
    s.margin = taffy::Rect {
        left: side_margin(p.margin_left),
        right: side_margin(p.margin_right),
        top: taffy::LengthPercentageAuto::length(b.style.margin_top),
        bottom: taffy::LengthPercentageAuto::length(b.style.margin_bottom),
    };
    if let Arrange::Grid(g) = arrange {
        let (column, row) = match p.area.as_deref().and_then(|name| area(g, name)) {
            Some(found) => found,
            None => (p.column, p.row),
        };
        s.grid_column = grid_line(column);
        s.grid_row = grid_line(row);
    }
    s
}

fn side_margin(m: SideMargin) -> taffy::LengthPercentageAuto {
    match m {
        SideMargin::Points(p) => taffy::LengthPercentageAuto::length(p),
        SideMargin::Auto => taffy::LengthPercentageAuto::auto(),
    }
}

fn dimension(w: Width) -> taffy::Dimension {
    match w {
        Width::Points(p) => length(p),
        Width::Percent(p) => percent(p / 100.0),
    }
}

fn bound(w: Width) -> taffy::LengthPercentageAuto {
    match w {
        Width::Points(p) => taffy::LengthPercentageAuto::length(p),
        Width::Percent(p) => taffy::LengthPercentageAuto::percent(p / 100.0),
    }
}

fn grid_line(s: GridSpan) -> taffy::Line<taffy::GridPlacement> {
    let one = |l: GridLine| match l {
        GridLine::Auto => taffy::GridPlacement::Auto,
        GridLine::Line(n) => line(n),
        GridLine::Span(n) => span(n.max(1)),
    };
    taffy::Line { start: one(s.start), end: one(s.end) }
}

/// The lines of the area `name` in `grid-template-areas`: the rectangle its name
/// covers (the first and last row and column it appears in).
fn area(g: &Grid, name: &str) -> Option<(GridSpan, GridSpan)> {
    let mut rows = (usize::MAX, 0);
    let mut cols = (usize::MAX, 0);
    for (r, row) in g.areas.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if cell == name {
                rows = (rows.0.min(r), rows.1.max(r));
                cols = (cols.0.min(c), cols.1.max(c));
            }
        }
    }
    if rows.0 == usize::MAX {
        return None;
    }
    let l = |n: usize| GridLine::Line(i16::try_from(n + 1).unwrap_or(i16::MAX));
    Some((GridSpan { start: l(cols.0), end: l(cols.1 + 1) }, GridSpan { start: l(rows.0), end: l(rows.1 + 1) }))
}

/// A block's padding and borders, across and down.
fn edges(b: &StyledBlock) -> (f32, f32) {
    (super::sizes::horizontal_edges(&b.style), super::sizes::vertical_edges(&b.style))
}

impl Flow<'_> {
    /// The narrowest and widest a block can be laid out (min-content and
    /// max-content widths), its padding and borders included.
    pub(super) fn intrinsic(&mut self, b: &StyledBlock) -> (f32, f32) {
        if let Some(Width::Points(w)) = b.style.sizes.width {
            let w = if b.style.sizes.border_box { w } else { w + edges(b).0 };
            return (w, w);
        }
        let (min, max) = match &b.kind {
            StyledKind::Text { runs, .. } => self.measure(runs),
            StyledKind::Container(children) => {
                let each: Vec<(f32, f32)> = children.iter().map(|c| self.intrinsic(c)).collect();
                let widest = each.iter().fold((0.0f32, 0.0f32), |a, w| (a.0.max(w.0), a.1.max(w.1)));
                match &b.style.arrange {
                    Arrange::Flex(f) if matches!(f.direction, FlexDirection::Row | FlexDirection::RowReverse) => {
                        let gaps = f.gap.column.map_or(0.0, |g| g.resolve(0.0)) * each.len().saturating_sub(1) as f32;
                        let sum = each.iter().map(|w| w.1).sum::<f32>() + gaps;
                        let min = if f.wrap == FlexWrap::NoWrap { each.iter().map(|w| w.0).sum::<f32>() + gaps } else { widest.0 };
                        (min, sum)
                    }
                    Arrange::Grid(g) => {
                        let columns = g.columns.len().max(1);
                        let fixed: f32 = g.columns.iter().map(|t| if let Track::Points(p) = t { *p } else { 0.0 }).sum();
                        let gaps = g.gap.column.map_or(0.0, |g| g.resolve(0.0)) * (columns - 1) as f32;
                        (widest.0 + fixed + gaps, widest.1 * columns as f32 + fixed + gaps)
                    }
                    _ => widest,
                }
            }
            StyledKind::List { items } => {
                let mut w = (0.0f32, 0.0f32);
                for item in items {
                    for c in &item.blocks {
                        let m = self.intrinsic(c);
                        w = (w.0.max(m.0), w.1.max(m.1));
                    }
                }
                (w.0 + b.style.marker_width, w.1 + b.style.marker_width)
            }
            StyledKind::Table(t) => {
                let mut w = (0.0f32, 0.0f32);
                for row in &t.rows {
                    let cells: Vec<(f32, f32)> = row.iter().map(|c| self.measure(&c.runs)).collect();
                    let pad = (t.padding.left + t.padding.right) * row.len() as f32;
                    w = (w.0.max(cells.iter().map(|c| c.0).sum::<f32>() + pad), w.1.max(cells.iter().map(|c| c.1).sum::<f32>() + pad));
                }
                w
            }
            StyledKind::Rule { .. } => (0.0, 0.0),
        };
        let extra = edges(b).0;
        (min + extra, max.max(min) + extra)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::FontBook;
    use crate::style::boxes::ItemPlace;
    use crate::style::{BoxStyle, Run};

    fn text(t: &str) -> StyledBlock {
        let run = Run { text: t.into(), style: crate::testing::plain_style(), link: None, span: 0..0, object: None };
        let style = BoxStyle { line_height: 1.2, ..BoxStyle::default() };
        StyledBlock { kind: StyledKind::Text { runs: vec![run], pre: false, anchors: vec![] }, style, span: 0..0, anchors: vec![] }
    }

    fn container(arrange: Arrange, items: Vec<StyledBlock>) -> StyledBlock {
        let style = BoxStyle { arrange, line_height: 1.2, ..BoxStyle::default() };
        StyledBlock { kind: StyledKind::Container(items), style, span: 0..0, anchors: vec![] }
    }

    /// Each text item's left edge and baseline, in the order written (bridges
    /// across gaps left out).
    fn texts(frags: &[Fragment]) -> Vec<(String, f32, f32)> {
        all_texts(frags).into_iter().filter(|t| t.0 != crate::layout::bridge::BRIDGE).collect()
    }

    fn all_texts(frags: &[Fragment]) -> Vec<(String, f32, f32)> {
        let mut out = vec![];
        let mut y = 0.0;
        for f in frags {
            for (at, item) in &f.items {
                if let FrameItem::Text(t) = item {
                    out.push((t.text.clone(), at.x, y + at.y));
                }
            }
            y += f.height;
        }
        out
    }

    fn lay(b: StyledBlock, width: f32) -> Vec<Fragment> {
        let book = FontBook::bundled();
        let mut flow = Flow::new(&book);
        flow.blocks(&[b], 0.0, width)
    }

    #[test]
    fn space_between_puts_the_last_item_at_the_right_end() {
        let flex = Flex { justify: Justify::SpaceBetween, ..Flex::default() };
        let frags = lay(container(Arrange::Flex(flex), vec![text("Staff Engineer"), text("2019 – 2023")]), 400.0);
        assert_eq!(frags.len(), 1, "a short row is one fragment");
        let t = texts(&frags);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(t[0].1.abs() < 0.01, "title at the left: {t:?}");
        assert!(t[1].1 > 300.0, "dates at the right: {t:?}");
        assert!((t[0].2 - t[1].2).abs() < 0.01, "one baseline: {t:?}");
        // A bridge across the gap, on the baseline, just before the dates.
        let all = all_texts(&frags);
        assert_eq!(all.len(), 3, "{all:?}");
        let b = &all[1];
        assert!(b.0 == crate::layout::bridge::BRIDGE && b.1 > 60.0 && b.1 < t[1].1 && (b.2 - t[1].2).abs() < 0.01, "{all:?}");
    }

    #[test]
    fn grow_shares_the_free_room_and_column_stacks() {
        let mut wide = text("b");
        wide.style.place = ItemPlace { grow: 1.0, ..ItemPlace::default() };
        let frags = lay(container(Arrange::Flex(Flex::default()), vec![text("a"), wide, text("c")]), 300.0);
        let t = texts(&frags);
        assert!(t[2].1 > 290.0 && t[2].1 < 300.0, "the last item pushed to the end by the growing one: {t:?}");
        let column = Flex { direction: FlexDirection::Column, ..Flex::default() };
        let frags = lay(container(Arrange::Flex(column), vec![text("a"), text("b")]), 300.0);
        let t = texts(&frags);
        assert!(t[1].2 > t[0].2 + 10.0 && t[0].1 == t[1].1, "one under the other: {t:?}");
    }

    #[test]
    fn grid_columns_take_their_tracks() {
        let grid = Grid { columns: vec![Track::Points(100.0), Track::Fr(1.0)], ..Grid::default() };
        let frags = lay(container(Arrange::Grid(grid), vec![text("side"), text("main"), text("next row")]), 400.0);
        let t = texts(&frags);
        assert!((t[1].1 - 100.0).abs() < 0.01, "second column at 100pt: {t:?}");
        assert!(t[2].1.abs() < 0.01 && t[2].2 > t[0].2, "third item on the next row: {t:?}");
    }

    #[test]
    fn a_container_taller_than_a_page_is_cut_into_bands_between_lines() {
        let grid = Grid { columns: vec![Track::Fr(1.0), Track::Fr(1.0)], ..Grid::default() };
        let long: String = (0..400).map(|k| format!("word{k} ")).collect();
        let book = FontBook::bundled();
        let mut flow = Flow::new(&book);
        flow.page_h = 200.0;
        let frags = flow.blocks(&[container(Arrange::Grid(grid), vec![text("short"), text(&long)])], 0.0, 400.0);
        assert!(frags.len() > 10, "bands: {}", frags.len());
        assert!(frags.iter().all(|f| f.height < 200.0));
        let t = texts(&frags);
        assert_eq!(t[0].0.trim(), "short");
        assert!(t.iter().filter(|x| x.0.contains("word399")).count() == 1, "every word kept");
    }
}

//! Flow: blocks become a column of fragments (lines, rows, rules) with the spacing
//! between them, ready to be distributed onto pages.

use std::sync::Arc;

use super::inline::{finalize, LineSetup};
use super::linebreak::{linebreak, BreakOptions, LineRoom};
use super::shape::shape;
use super::{boxes, columns, floats, sizes, table, FrameItem, StructId, StructKind, StructNode};
use crate::diag::Diagnostic;
use crate::font::FontBook;
use crate::geom::{Point, Rgb, Sides, Size};
use crate::style::boxes::Arrange;
use crate::style::{Border, BoxStyle, Marker, Run, StyledBlock, StyledKind, TextAlign, TextAnchor};

/// Link targets longer than this many bytes are not links (their text is kept): every
/// line a link covers repeats its target in the PDF, and browsers and servers refuse
/// URLs far shorter.
pub const MAX_URL_BYTES: usize = 8 * 1024;

/// A document with more lines of text than this is refused: each line holds close
/// to a kilobyte until the PDF is written, and 2,000 pages of 8pt type hold about
/// 180,000. Tiny type or a page a letter wide could otherwise turn a 10 MB paragraph
/// into 10 million lines.
pub const MAX_LINES: usize = 250_000;

/// A code block of at most this many lines is kept on one page (when that does not
/// leave much of a page empty); a longer one breaks between its lines.
pub const MAX_KEPT_CODE_LINES: usize = 8;

/// A piece of the column that is never split across pages.
#[derive(Debug, Clone, Default)]
pub struct Fragment {
    /// Its height.
    pub height: f32,
    /// Space wanted above (collapses with the previous fragment's `space_after`).
    pub space_before: f32,
    /// Space wanted below.
    pub space_after: f32,
    /// The most negative margin above and below (zero or less): CSS adds the most
    /// negative of the margins that meet to the largest positive one.
    pub neg_before: f32,
    pub neg_after: f32,
    /// Items; x from the content area's left edge, y from the fragment's top.
    pub items: Vec<(Point, FrameItem)>,
    /// Must stay on the same page as the next fragment (headings).
    pub keep_with_next: bool,
    /// The first baseline, from the top, if it holds text.
    pub baseline: Option<f32>,
    /// Decorations that span consecutive fragments (quote rules, code backgrounds).
    pub decos: Vec<Deco>,
    /// Starts a new page.
    pub break_before: bool,
    /// The next fragment starts a new page.
    pub break_after: bool,
    /// For a line of a paragraph: the paragraph's id, the line's index and the
    /// paragraph's line count (for widow and orphan control).
    pub line: Option<(usize, usize, usize)>,
    /// A group of fragments to keep on one page, and whether it was asked for
    /// (`break-inside: avoid`, code blocks, quotes) rather than a default (list items).
    pub together: Option<(usize, bool)>,
    /// Orphans and widows of the paragraph this line belongs to.
    pub min_lines: (u8, u8),
    /// A table row: the table's id and whether it is the header row, which is
    /// repeated at the top of every page the table continues on.
    pub table_row: Option<(usize, bool)>,
    /// For the first fragment of a heading: its level and text, for the outline.
    pub heading: Option<(u8, String)>,
    /// For a band of a flex or grid container taller than a page: the container's
    /// id and, for each of `items`, the item it belongs to. A page writes the items
    /// of consecutive bands item by item, so that each item reads as one run.
    pub stream: Option<(usize, Vec<u32>)>,
}

impl Fragment {
    /// The margins below it: the largest positive and the most negative.
    pub fn after(&self) -> (f32, f32) {
        (self.space_after, self.neg_after)
    }

    /// Folds a margin into the space above it.
    fn add_before(&mut self, margin: f32) {
        self.space_before = self.space_before.max(margin);
        self.neg_before = self.neg_before.min(margin);
    }

    /// Folds a margin into the space below it.
    fn add_after(&mut self, margin: f32) {
        self.space_after = self.space_after.max(margin);
        self.neg_after = self.neg_after.min(margin);
    }
}

/// The space between a fragment whose margins below are `after` (see
/// [`Fragment::after`]) and the next one `f`: adjoining margins collapse as CSS
/// says, into the largest positive margin plus the most negative one.
pub fn gap(after: (f32, f32), f: &Fragment) -> f32 {
    after.0.max(f.space_before) + after.1.min(f.neg_before)
}

/// What the next paragraph asks of its lines beyond its box's width: set by the
/// block about to be laid out, taken by [`Flow::text`].
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct LineAsk {
    /// The first line's `text-indent`, in points (negative hangs it out).
    pub indent: f32,
    /// The first lines sit beside a float.
    pub beside: Option<Beside>,
}

/// The lines of a paragraph beside a float: how many, and the room left to them
/// (absolute left and right edges).
#[derive(Debug, Clone, Copy)]
pub(super) struct Beside {
    /// How many of its first lines.
    pub lines: usize,
    /// The left edge of their room.
    pub left: f32,
    /// The right edge of their room.
    pub right: f32,
}

impl LineAsk {
    /// The room of a paragraph's lines in a box `width` wide at `x`; `rtl`: the
    /// paragraph runs right to left (its first line is indented from the right).
    fn room(&self, x: f32, width: f32, rtl: bool) -> LineRoom {
        let mut first = match self.beside {
            Some(b) => {
                let (left, right) = (b.left.max(x), b.right.min(x + width));
                vec![(left - x, (right - left).max(1.0)); b.lines.min(MAX_LINES)]
            }
            None => Vec::new(),
        };
        if self.indent != 0.0 && self.indent.is_finite() {
            if first.is_empty() {
                first.push((0.0, width));
            }
            let (dx, w) = first[0];
            // Never more than the line: a first line keeps room for a letter.
            let indent = self.indent.min(w - 1.0);
            first[0] = if rtl { (dx, w - indent) } else { (dx + indent, w - indent) };
        }
        LineRoom { first, ..LineRoom::uniform(width) }
    }
}

/// A decoration drawn once per page over all fragments of its group.
#[derive(Debug, Clone, PartialEq)]
pub struct Deco {
    /// Fragments with the same group share one rectangle per page.
    pub group: usize,
    /// Left edge.
    pub x: f32,
    /// Width.
    pub width: f32,
    /// Fill.
    pub fill: Option<Rgb>,
    /// Outline: colour and width.
    pub stroke: Option<(Rgb, f32)>,
    /// The radius of its corners (CSS `border-radius`).
    pub radius: f32,
}

/// Draws fragments `dx` right and `dy` down of where they were laid out
/// (`position: relative`); their heights, and so what follows, stay.
fn shift(frags: &mut [Fragment], (dx, dy): (f32, f32)) {
    for f in frags {
        for (at, _) in &mut f.items {
            *at = Point::new(at.x + dx, at.y + dy);
        }
        for d in &mut f.decos {
            d.x += dx;
        }
    }
}

/// Puts the text and images of fragments that have no structure node yet under
/// `node`; an image gets a figure node of its own.
fn tag_items(frags: &mut [Fragment], node: StructId) {
    for f in frags {
        for (_, item) in &mut f.items {
            match item {
                FrameItem::Text(t) if t.tag.is_none() => t.tag = Some(node),
                FrameItem::Image { tag, .. } if tag.is_none() => *tag = Some(node),
                _ => {}
            }
        }
    }
}

/// The state of the flow layout.
pub struct Flow<'a> {
    pub(super) book: &'a FontBook,
    next_group: usize,
    /// Warnings raised.
    pub warnings: Vec<Diagnostic>,
    /// Characters no font has, in order of appearance.
    pub warned_chars: Vec<char>,
    /// The direction of the block being laid out (`None`: from its text).
    rtl: Option<bool>,
    /// Link targets of blocks that produced nothing, for the next fragment.
    pub pending_anchors: Vec<String>,
    /// The logical structure built so far, in document order.
    pub structure: Vec<StructNode>,
    /// The structure node new content belongs to.
    current: Option<StructId>,
    /// Hyphenation patterns for the document's language.
    pub lang: Option<hypher::Lang>,
    /// Orphans and widows of the block being laid out.
    min_lines: (u8, u8),
    /// Lines of text set so far.
    lines: usize,
    /// Where the text that passed [`MAX_LINES`] starts, once it has.
    pub too_many_lines: Option<std::ops::Range<usize>>,
    /// The height of the page's content area: table rows taller than this are
    /// split between lines (infinite where there are no pages, as in margins).
    pub page_h: f32,
    /// How many flex or grid containers the block being laid out is inside.
    pub(super) box_depth: usize,
    /// Items measured for flex and grid layout so far in this document.
    pub(super) box_work: usize,
    /// Whether the warning for flex and grid laid out as blocks has been given.
    pub(super) box_warned: bool,
    /// What the next paragraph asks of its lines (see [`LineAsk`]).
    pub(super) line_ask: LineAsk,
}

impl<'a> Flow<'a> {
    /// Creates a flow over a font book.
    pub fn new(book: &'a FontBook) -> Self {
        Self {
            book,
            next_group: 0,
            warnings: vec![],
            warned_chars: vec![],
            rtl: None,
            pending_anchors: vec![],
            structure: vec![],
            current: None,
            lang: None,
            min_lines: (2, 2),
            page_h: f32::INFINITY,
            lines: 0,
            too_many_lines: None,
            box_depth: 0,
            box_work: 0,
            box_warned: false,
            line_ask: LineAsk::default(),
        }
    }

    /// Lays out blocks in a column at `x` of `width`.
    pub fn blocks(&mut self, blocks: &[StyledBlock], x: f32, width: f32) -> Vec<Fragment> {
        let mut out: Vec<Fragment> = Vec::new();
        // The margins of empty blocks, which collapse with those of their neighbours.
        let mut pending: Vec<f32> = Vec::new();
        let mut k = 0;
        while k < blocks.len() {
            let b = &blocks[k];
            let (bx, bw) = sizes::sized_box(&b.style, x, width);
            let mut frags = match b.style.place.float {
                Some(side) => {
                    let (frags, taken) = floats::layout(self, &blocks[k..], side, x, width);
                    k += taken;
                    frags
                }
                None => {
                    k += 1;
                    self.block(b, bx, bw)
                }
            };
            sizes::grow_to_height(&b.style, &mut frags);
            if frags.is_empty() && (b.style.break_before || b.style.break_after) {
                // An empty element that asks for a page break still breaks.
                frags.push(Fragment::default());
            }
            if frags.is_empty() {
                pending.extend([b.style.margin_top, b.style.margin_bottom]);
            } else if let Some(f) = frags.first_mut() {
                for m in pending.drain(..) {
                    f.add_before(m);
                }
            }
            // The block's targets sit at its top-left corner; those of an empty block
            // wait for the next fragment.
            match frags.first_mut() {
                Some(f) => {
                    let names = std::mem::take(&mut self.pending_anchors).into_iter().chain(b.anchors.iter().cloned());
                    let new: Vec<_> = names.map(|name| (Point::new(bx, 0.0), FrameItem::Anchor { name })).collect();
                    f.items.splice(0..0, new);
                }
                None => self.pending_anchors.extend(b.anchors.iter().cloned()),
            }
            if let Some(f) = frags.first_mut() {
                f.add_before(b.style.margin_top);
                f.break_before |= b.style.break_before;
            }
            if let Some(f) = frags.last_mut() {
                f.add_after(b.style.margin_bottom);
                f.break_after |= b.style.break_after;
            }
            out.extend(frags);
        }
        // Empty blocks at the end collapse with the margin of the block before them.
        if let Some(f) = out.last_mut() {
            for m in pending {
                f.add_after(m);
            }
        }
        out
    }

    /// Lays out one block as the item of a flex or grid container, `width` wide at
    /// `x`: its own margins are the container's business; its link targets sit at
    /// its top-left corner.
    pub(super) fn item(&mut self, b: &StyledBlock, x: f32, width: f32) -> Vec<Fragment> {
        let mut frags = self.block(b, x, width);
        let names = std::mem::take(&mut self.pending_anchors).into_iter().chain(b.anchors.iter().cloned());
        let anchors: Vec<_> = names.map(|name| (Point::new(x, 0.0), FrameItem::Anchor { name })).collect();
        if !anchors.is_empty() {
            if frags.is_empty() {
                frags.push(Fragment::default());
            }
            frags[0].items.splice(0..0, anchors);
        }
        frags
    }

    /// Runs `f` (a measurement) and forgets what it left behind: its structure
    /// nodes, warnings, missing characters, line count and link targets. Layout
    /// measures an item before it lays it out for good.
    pub(super) fn trial<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let (structure, warnings, chars, lines) = (self.structure.len(), self.warnings.len(), self.warned_chars.len(), self.lines);
        let (current, rtl, min_lines, box_warned) = (self.current, self.rtl, self.min_lines, self.box_warned);
        let pending = self.pending_anchors.clone();
        let too_many = self.too_many_lines.clone();
        let out = f(self);
        self.structure.truncate(structure);
        self.warnings.truncate(warnings);
        self.warned_chars.truncate(chars);
        self.lines = lines;
        (self.current, self.rtl, self.min_lines, self.box_warned) = (current, rtl, min_lines, box_warned);
        self.pending_anchors = pending;
        self.too_many_lines = too_many;
        out
    }

    /// A fresh id for a group of fragments.
    pub fn new_group(&mut self) -> usize {
        self.group()
    }

    fn group(&mut self) -> usize {
        self.next_group += 1;
        self.next_group
    }

    /// Sets runs of text in lines; each target marks the top-left of its line.
    pub fn text(&mut self, runs: &[Run], anchors: &[TextAnchor], x: f32, width: f32, align: TextAlign, line_height: f32) -> Vec<Fragment> {
        let ask = std::mem::take(&mut self.line_ask);
        if self.lines >= MAX_LINES {
            return vec![];
        }
        // Text set inside flex and grid containers counts towards their budget
        // (measuring sets an item's text again at each width tried).
        if self.box_depth > 0 {
            self.box_work += 1;
        }
        let p = shape(runs, self.book, width, self.rtl, &mut self.warnings, &mut self.warned_chars);
        let opts = BreakOptions { justify: align == TextAlign::Justify, lang: self.lang };
        let room = ask.room(x, width, p.rtl);
        let mut lines = linebreak(&p, runs, self.book, &room, opts);
        if lines.len() > MAX_LINES - self.lines {
            // Past the limit the document is refused (see `too_many_lines`); the
            // lines beyond it are not set.
            lines.truncate(MAX_LINES - self.lines);
            self.too_many_lines = Some(runs.iter().map(|r| r.span.clone()).find(|s| !s.is_empty()).unwrap_or(0..0));
        }
        self.lines += lines.len();
        let setup = LineSetup { x, width, align, line_height };
        let links = self.links(runs);
        let mut frags = finalize(&p, runs, &links, &lines, (&setup, &room), self.book);
        // Text belongs to the current structure node; an image to a figure in it.
        for f in &mut frags {
            for (_, item) in &mut f.items {
                match item {
                    FrameItem::Text(t) => t.tag = self.current,
                    FrameItem::Image { alt, tag, .. } => {
                        self.structure.push(StructNode { kind: StructKind::Figure(alt.clone()), parent: self.current });
                        *tag = Some(self.structure.len() - 1);
                    }
                    _ => {}
                }
            }
        }
        for a in anchors {
            let at = p.run_ranges.get(a.run).map_or(p.text.len(), |r| r.start);
            let k = lines.iter().position(|l| at < l.range.end).unwrap_or(lines.len().saturating_sub(1));
            if let Some(f) = frags.get_mut(k) {
                f.items.insert(0, (Point::new(x, 0.0), FrameItem::Anchor { name: a.name.clone() }));
            }
        }
        let id = self.group();
        let n = frags.len();
        for (k, f) in frags.iter_mut().enumerate() {
            f.line = Some((id, k, n));
            f.min_lines = self.min_lines;
        }
        frags
    }

    /// Each run's link target, one shared string per link (consecutive runs of a
    /// link share it); a target longer than [`MAX_URL_BYTES`] is left out, with a
    /// warning.
    fn links(&mut self, runs: &[Run]) -> Vec<Option<Arc<str>>> {
        let mut out: Vec<Option<Arc<str>>> = Vec::with_capacity(runs.len());
        let mut prev: Option<&str> = None;
        for run in runs {
            let link = match run.link.as_deref() {
                Some(url) if prev == Some(url) => out.last().cloned().flatten(),
                Some(url) if url.len() > MAX_URL_BYTES => {
                    let message = format!(
                        "a link target of {} KB is too long to be a link (the limit is {} KB); its text is kept",
                        url.len() / 1024,
                        MAX_URL_BYTES / 1024
                    );
                    self.warnings.push(Diagnostic::warning(run.span.clone(), message).with_hint("link to a shorter URL"));
                    None
                }
                Some(url) => Some(Arc::from(url)),
                None => None,
            };
            prev = run.link.as_deref();
            out.push(link);
        }
        out
    }

    /// Shapes runs and returns (min-content, max-content) widths.
    pub fn measure(&mut self, runs: &[Run]) -> (f32, f32) {
        let p = shape(runs, self.book, f32::INFINITY, self.rtl, &mut self.warnings, &mut self.warned_chars);
        (p.min_width(), p.max_width())
    }

    fn block(&mut self, b: &StyledBlock, x: f32, width: f32) -> Vec<Fragment> {
        let outer = self.rtl;
        self.rtl = b.style.rtl;
        let outer_lines = self.min_lines;
        self.min_lines = b.style.min_lines.unwrap_or(outer_lines);
        let kind = match &b.kind {
            StyledKind::Text { runs, pre, .. } => Some(match b.style.heading {
                Some(level) => {
                    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                    StructKind::Heading(level, text.split_whitespace().collect::<Vec<_>>().join(" "))
                }
                None if *pre => StructKind::Code,
                None => StructKind::P,
            }),
            StyledKind::Container(_) if b.style.border_left.is_some() => Some(StructKind::BlockQuote),
            StyledKind::List { items } => {
                Some(StructKind::List(items.iter().any(|i| matches!(&i.marker, Marker::Text(t, _) if t.ends_with('.')))))
            }
            StyledKind::Table(_) => Some(StructKind::Table),
            _ => None,
        };
        let parent = self.current;
        let node = kind.map(|k| self.open(k));
        let mut frags = self.block_inner(b, x, width);
        if let Some(id) = node {
            tag_items(&mut frags, id);
        }
        if b.style.place.shift != (0.0, 0.0) {
            shift(&mut frags, b.style.place.shift);
        }
        // A code block longer than a few lines breaks between its lines like a
        // paragraph: kept whole, it would leave much of a page empty.
        let long_code =
            matches!(b.kind, StyledKind::Text { pre: true, .. }) && frags.iter().filter(|f| f.line.is_some()).count() > MAX_KEPT_CODE_LINES;
        if b.style.keep_together && !long_code {
            self.keep_together(&mut frags, true);
        }
        self.current = parent;
        self.rtl = outer;
        self.min_lines = outer_lines;
        frags
    }

    /// Marks fragments as one group to keep on a page; groups already inside keep
    /// theirs (the innermost wins).
    fn keep_together(&mut self, frags: &mut [Fragment], strict: bool) {
        let g = self.group();
        for f in frags.iter_mut().filter(|f| f.together.is_none()) {
            f.together = Some((g, strict));
        }
    }

    /// Starts a structure node under the current one and makes it current.
    pub fn open(&mut self, kind: StructKind) -> StructId {
        self.structure.push(StructNode { kind, parent: self.current });
        let id = self.structure.len() - 1;
        self.current = Some(id);
        id
    }

    /// Makes `node` current again (after its children).
    pub fn restore(&mut self, node: Option<StructId>) {
        self.current = node;
    }

    /// The current structure node.
    pub fn current(&self) -> Option<StructId> {
        self.current
    }

    pub(super) fn block_inner(&mut self, b: &StyledBlock, x: f32, width: f32) -> Vec<Fragment> {
        let s = &b.style;
        let mut pad = s.padding;
        // Borders take room inside the block's width and above and below its content.
        let edges = border_edges(s);
        let bw = |b: Option<Border>| b.map_or(0.0, |b| b.width);
        let border = bw(edges.left);
        // Indents never squeeze the content below a quarter of the width (or push it
        // off the page): beyond that they shrink in proportion.
        let room = (width * 0.75 - border - bw(edges.right)).max(0.0);
        if pad.left + pad.right > room {
            let k = room / (pad.left + pad.right);
            pad.left *= k;
            pad.right *= k;
        }
        let inner_x = x + pad.left + border;
        let inner_w = (width - pad.left - pad.right - border - bw(edges.right)).max(8.0);
        let (top, bottom) = (pad.top + bw(edges.top), pad.bottom + bw(edges.bottom));
        if let Arrange::Columns(c) = &s.arrange {
            // A list's columns each keep its indent, for the markers.
            let (cx, cw) = match b.kind {
                StyledKind::List { .. } => (x + border, width - border - bw(edges.right)),
                _ => (inner_x, inner_w),
            };
            let mut frags = columns::layout(self, b, c, cx, cw);
            pad_vertically(&mut frags, top, bottom);
            self.decorate(&mut frags, s, x, width);
            return frags;
        }
        match &b.kind {
            StyledKind::Text { runs, pre: _, anchors } => {
                self.line_ask.indent = s.text_indent.map_or(0.0, |i| i.resolve(inner_w));
                let mut frags = self.text(runs, anchors, inner_x, inner_w, s.align, s.line_height);
                pad_vertically(&mut frags, top, bottom);
                self.decorate(&mut frags, s, x, width);
                if s.heading.is_some() {
                    for f in &mut frags {
                        f.keep_with_next = true;
                    }
                }
                if let (Some(level), Some(first)) = (s.heading, frags.first_mut()) {
                    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
                    let title = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    first.heading = Some((level, title));
                }
                frags
            }
            StyledKind::Container(children) => {
                let mut frags = match &s.arrange {
                    Arrange::Flow => self.blocks(children, inner_x, inner_w),
                    arrange => boxes::layout(self, children, arrange, inner_x, inner_w),
                };
                pad_vertically(&mut frags, top, bottom);
                self.decorate(&mut frags, s, x, width);
                frags
            }
            StyledKind::Rule { color, width: w } => {
                let rule = FrameItem::Rect { size: Size::new(width, *w), fill: Some(*color), stroke: None };
                vec![Fragment { height: *w, items: vec![(Point::new(x, 0.0), rule)], ..Fragment::default() }]
            }
            StyledKind::List { items } if matches!(s.arrange, Arrange::Flex(_) | Arrange::Grid(_)) => {
                // Each item a one-item list, keeping its marker and indent.
                let (lx, lw) = (x + border, width - border - bw(edges.right));
                let mut frags = boxes::list_items(self, b, items, lx, lw);
                pad_vertically(&mut frags, top, bottom);
                self.decorate(&mut frags, s, x, width);
                frags
            }
            StyledKind::List { items } => {
                let mut out = Vec::new();
                // A right-to-left list is mirrored: the indent and the markers are on
                // the right.
                let rtl = s.rtl == Some(true);
                let indent = s.padding.left.max(s.marker_width.min(12.0));
                let content_x = if rtl { x + s.padding.right + border } else { inner_x };
                let list = self.current;
                for item in items {
                    // LI holds the marker (Lbl) and the content (LBody), in that order.
                    self.restore(list);
                    let li = self.open(StructKind::ListItem);
                    let label = self.open(StructKind::Label);
                    self.restore(Some(li));
                    self.open(StructKind::ListBody);
                    let mut frags = self.blocks(&item.blocks, content_x, inner_w);
                    self.restore(Some(label));
                    if frags.is_empty() {
                        frags.push(Fragment { height: 12.0 * s.line_height.max(1.0), baseline: Some(12.0), ..Fragment::default() });
                    }
                    if rtl {
                        self.marker_rtl(&item.marker, &mut frags[0], content_x + inner_w, indent);
                    } else {
                        // The marker hangs in the list's left padding.
                        self.marker(&item.marker, &mut frags[0], inner_x, indent);
                    }
                    self.restore(list);
                    self.keep_together(&mut frags, false);
                    out.extend(frags);
                }
                pad_vertically(&mut out, top, bottom);
                self.decorate(&mut out, s, x, width);
                out
            }
            StyledKind::Table(t) => table::layout(self, t, inner_x, inner_w, &b.span),
        }
    }

    /// Draws a block's background and borders. The background and a border on all
    /// four sides are one box per page behind all its fragments; a left or right
    /// border alone is a bar beside them on every page; a top or bottom border alone
    /// is a rule over the first or under the last (in the room `pad_vertically` made
    /// for it).
    fn decorate(&mut self, frags: &mut [Fragment], s: &BoxStyle, x: f32, width: f32) {
        if frags.is_empty() {
            return;
        }
        if s.background.is_some() || s.border.is_some() {
            let group = self.group();
            // The outline is stroked on its centre line: inset by half its width, it
            // stays inside the box.
            let half = s.border.map_or(0.0, |b| b.width / 2.0);
            let stroke = s.border.map(|b| (b.color, b.width));
            for f in frags.iter_mut() {
                f.decos.push(Deco { group, x: x + half, width: width - 2.0 * half, fill: s.background, stroke, radius: s.radius });
            }
        }
        if s.border.is_some() {
            return;
        }
        for (side, at) in [(s.border_left, 0.0), (s.border_right, 1.0)] {
            if let Some(b) = side {
                let group = self.group();
                let bar_x = x + at * (width - b.width);
                for f in frags.iter_mut() {
                    f.decos.push(Deco { group, x: bar_x, width: b.width, fill: Some(b.color), stroke: None, radius: 0.0 });
                }
            }
        }
        let rule = |b: Border| FrameItem::Rect { size: Size::new(width, b.width), fill: Some(b.color), stroke: None };
        if let (Some(b), Some(first)) = (s.border_top, frags.first_mut()) {
            first.items.push((Point::new(x, 0.0), rule(b)));
        }
        if let (Some(b), Some(last)) = (s.border_bottom, frags.last_mut()) {
            last.items.push((Point::new(x, last.height - b.width), rule(b)));
        }
    }

    /// Puts a list marker right of the first line of an item (right-to-left lists).
    fn marker_rtl(&mut self, marker: &Marker, first: &mut Fragment, content_end: f32, marker_width: f32) {
        let Marker::Text(text, style) = marker else {
            return self.marker(marker, first, content_end + marker_width, marker_width);
        };
        let run = Run { text: text.clone(), style: style.clone(), link: None, span: 0..0, object: None };
        let gap = style.size * 0.4;
        let frags = self.text(std::slice::from_ref(&run), &[], content_end + gap, (marker_width - gap).max(1.0), TextAlign::Left, 1.0);
        let Some(f) = frags.into_iter().next() else { return };
        let baseline = first.baseline.unwrap_or(f.baseline.unwrap_or(0.0));
        let dy = baseline - f.baseline.unwrap_or(0.0);
        // Markers come first in the content stream: extractors read "• item".
        let marker: Vec<_> = f.items.into_iter().map(|(p, item)| (Point::new(p.x, p.y + dy), item)).collect();
        first.items.splice(0..0, marker);
    }

    /// Puts a list marker left of the first line of an item.
    fn marker(&mut self, marker: &Marker, first: &mut Fragment, content_x: f32, marker_width: f32) {
        match marker {
            Marker::Text(text, style) => {
                let run = Run { text: text.clone(), style: style.clone(), link: None, span: 0..0, object: None };
                let gap = style.size * 0.4;
                let frags = self.text(
                    std::slice::from_ref(&run),
                    &[],
                    content_x - marker_width,
                    (marker_width - gap).max(1.0),
                    TextAlign::Right,
                    1.0,
                );
                let Some(f) = frags.into_iter().next() else { return };
                let baseline = first.baseline.unwrap_or(f.baseline.unwrap_or(0.0));
                let dy = baseline - f.baseline.unwrap_or(0.0);
                // Markers come first in the content stream: extractors read "1. item".
                let marker: Vec<_> = f.items.into_iter().map(|(p, item)| (Point::new(p.x, p.y + dy), item)).collect();
                first.items.splice(0..0, marker);
            }
            Marker::Task(done) => {
                let baseline = first.baseline.unwrap_or(12.0);
                let b = 9.0;
                let x = content_x - b - 5.0;
                let y = baseline - b + 1.0;
                let color = Rgb(0x58, 0x60, 0x69);
                first.items.push((Point::new(x, y), FrameItem::Rect { size: Size::new(b, b), fill: None, stroke: Some((color, 0.8)) }));
                if *done {
                    first
                        .items
                        .push((Point::new(x + 2.0, y + b * 0.5), FrameItem::Line { delta: Point::new(2.2, 2.5), width: 1.2, color }));
                    first.items.push((
                        Point::new(x + 4.2, y + b * 0.5 + 2.5),
                        FrameItem::Line { delta: Point::new(3.0, -5.0), width: 1.2, color },
                    ));
                }
            }
        }
    }
}

/// The border on each side of a block: the box border on all four, else each
/// side's own.
pub(super) fn border_edges(s: &BoxStyle) -> Sides<Option<Border>> {
    match s.border {
        Some(b) => Sides::splat(Some(b)),
        None => Sides::new(s.border_top, s.border_right, s.border_bottom, s.border_left),
    }
}

/// Padding without a background: space that belongs to the block (it never
/// collapses with margins), above the first fragment and kept with it, and below
/// the last. Nothing for a block that draws nothing.
fn pad_vertically(frags: &mut Vec<Fragment>, top: f32, bottom: f32) {
    if frags.is_empty() {
        return;
    }
    if top > 0.0 {
        // The spacer carries the first line's baseline, so that a list marker beside
        // the block lines up with its text.
        let baseline = frags.first().and_then(|f| f.baseline).map(|b| b + top);
        frags.insert(0, Fragment { height: top, keep_with_next: true, baseline, ..Fragment::default() });
    }
    if bottom > 0.0 {
        // The last line keeps with the padding below it: the padding alone never
        // starts a page.
        if let Some(last) = frags.last_mut() {
            last.keep_with_next = true;
        }
        frags.push(Fragment { height: bottom, ..Fragment::default() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, span: std::ops::Range<usize>) -> Run {
        Run { text: text.into(), style: crate::testing::plain_style(), link: None, span, object: None }
    }

    #[test]
    fn lines_past_the_limit_are_not_set_and_name_their_text() {
        let book = FontBook::bundled();
        let mut flow = Flow::new(&book);
        flow.lines = MAX_LINES - 3;
        let frags = flow.text(&[run("one\ntwo\nthree\nfour\nfive", 40..63)], &[], 0.0, 100.0, TextAlign::Left, 1.2);
        assert_eq!(frags.len(), 3);
        assert_eq!(flow.too_many_lines, Some(40..63));
        // Past the limit, nothing more is set.
        assert!(flow.text(&[run("six", 70..73)], &[], 0.0, 100.0, TextAlign::Left, 1.2).is_empty());
    }

    #[test]
    fn the_areas_of_a_link_share_its_target_and_long_targets_are_dropped() {
        let book = FontBook::bundled();
        let mut flow = Flow::new(&book);
        let mut a = run("see https://example.org/a/long/path/that/wraps", 0..46);
        a.link = Some("https://example.org/a/long/path/that/wraps".into());
        let frags = flow.text(&[a.clone()], &[], 0.0, 60.0, TextAlign::Left, 1.2);
        let urls: Vec<&Arc<str>> = frags
            .iter()
            .flat_map(|f| &f.items)
            .filter_map(|(_, item)| match item {
                FrameItem::Link { url, .. } => Some(url),
                _ => None,
            })
            .collect();
        assert!(urls.len() > 2, "{urls:?}");
        assert!(urls.iter().all(|u| Arc::ptr_eq(u, urls[0])));
        a.link = Some(format!("https://example.org/{}", "x".repeat(MAX_URL_BYTES)));
        let frags = flow.text(&[a], &[], 0.0, 60.0, TextAlign::Left, 1.2);
        assert!(!frags.iter().flat_map(|f| &f.items).any(|(_, item)| matches!(item, FrameItem::Link { .. })));
        assert!(flow.warnings.iter().any(|w| w.message.contains("too long to be a link") && w.span == Some(0..46)), "{:?}", flow.warnings);
    }
}

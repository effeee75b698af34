//! Pagination: fragments are distributed onto pages of the content area. A heading
//! is kept with what follows it; spacing collapses and vanishes at a page top.

use std::collections::{HashMap, HashSet};

use super::flow::{gap, Fragment};
use super::{FrameItem, OutlineEntry, Page};
use crate::diag::Diagnostic;
use crate::geom::{Point, Size};
use crate::style::PageSetup;

/// How many fragments a keep-with-next chain may hold before it is ignored.
const MAX_CHAIN: usize = 8;

/// A group kept together by default (a list item) may take at most this share of
/// the page; longer ones break as usual rather than leave a large gap.
const DEFAULT_GROUP_SHARE: f32 = 0.25;

/// A block asked to stay whole (`break-inside: avoid`, a short code block, a quote,
/// a tall table row) goes to the next page only when that leaves at most this share
/// of the page empty (counting the heading that goes with it); otherwise it starts
/// where it is and breaks between its lines, as a paragraph does.
pub(super) const MAX_WASTE_SHARE: f32 = 1.0 / 3.0;

/// The same for a group kept together only by default (a list item, which browsers
/// break like any block): it moves only when the gap it leaves is small.
const DEFAULT_WASTE_SHARE: f32 = 0.15;

/// The height of the consecutive fragments of group `g` from `frags[0]`.
fn group_height(frags: &[Fragment], g: usize) -> f32 {
    let n = frags.iter().take_while(|f| f.together.map(|t| t.0) == Some(g)).count();
    stack_height(&frags[..n])
}

/// Fewest lines of a paragraph left at the foot of a page (orphans) or carried to
/// the next page (widows): CSS's default of 2.
const MIN_LINES: usize = 2;

/// Height of the footnote separator (space and a short rule) above the footnotes.
const NOTE_SEPARATOR: f32 = 10.0;

/// The footnote numbers a fragment refers to (its `#fn-N` links), in order.
fn note_refs(f: &Fragment) -> Vec<usize> {
    let mut out = Vec::new();
    for (_, item) in &f.items {
        if let FrameItem::Link { url, .. } = item {
            if let Some(n) = url.strip_prefix("#fn-").and_then(|n| n.parse::<usize>().ok()) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
    }
    out
}

/// The height of fragments stacked with collapsing spacing.
fn stack_height(frags: &[Fragment]) -> f32 {
    let mut h = 0.0;
    let mut prev_after: Option<(f32, f32)> = None;
    for f in frags {
        h += prev_after.map_or(0.0, |a| gap(a, f)) + f.height;
        prev_after = Some(f.after());
    }
    h
}

/// Distributes fragments onto pages, each footnote at the foot of the page of its
/// first reference (one taller than half a page, or never referred to, follows the
/// body instead). Returns the pages and the headings' places.
pub fn distribute(
    frags: Vec<Fragment>,
    notes: Vec<(Option<usize>, Vec<Fragment>)>,
    rule: crate::geom::Rgb,
    (x, width): (f32, f32),
    setup: &PageSetup,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let area_h = (setup.size.height - setup.margin.top - setup.margin.bottom).max(1.0) / setup.scale;
    let separator = note_separator(x, width, rule);
    let (frags, foot) = split_notes(frags, notes, area_h, &separator);
    let note_h: HashMap<usize, f32> = foot.iter().map(|n| (n.number, n.height)).collect();
    let mut pages = Filler::new(&frags, area_h, &note_h).run(warnings);
    drop_empty_pages(&mut pages, &frags);
    let outline = outline_entries(&pages, &frags, setup);
    place_footnotes(&mut pages, &frags, foot, &note_h, area_h, &separator);
    let mut frags = frags;
    let pages = pages.into_iter().map(|placed| build_page(placed, &mut frags, setup)).collect();
    (pages, outline)
}

/// A page being filled: its fragments, each with its top in the content area.
/// Pages hold fragments by index (moved out at the end, never cloned); repeated
/// table headers and footnotes are copies.
type PlacedPage = Vec<(f32, Placed)>;

/// A footnote set at the foot of a page: its number, height and fragments.
struct Footnote {
    number: usize,
    height: f32,
    frags: Vec<Fragment>,
}

/// The separator (space and a short rule) above the footnotes.
fn note_separator(x: f32, width: f32, rule: crate::geom::Rgb) -> Fragment {
    Fragment {
        height: NOTE_SEPARATOR,
        items: vec![(
            Point::new(x, NOTE_SEPARATOR / 2.0),
            FrameItem::Rect { size: Size::new(width * 0.3, 0.5), fill: Some(rule), stroke: None },
        )],
        ..Fragment::default()
    }
}

/// Decides which footnotes go to the foot of a page: referred to, and not taller
/// than half a page. The others follow the body, after a separator; returns the
/// body so extended and the footnotes for the foot of pages.
fn split_notes(
    mut frags: Vec<Fragment>,
    notes: Vec<(Option<usize>, Vec<Fragment>)>,
    area_h: f32,
    separator: &Fragment,
) -> (Vec<Fragment>, Vec<Footnote>) {
    let referred: HashSet<usize> = frags.iter().flat_map(note_refs).collect();
    let mut foot = Vec::new();
    let mut tail: Vec<Fragment> = Vec::new();
    for (number, nf) in notes {
        let h = stack_height(&nf);
        match number {
            Some(n) if referred.contains(&n) && h <= area_h * 0.5 => foot.push(Footnote { number: n, height: h, frags: nf }),
            _ => tail.extend(nf),
        }
    }
    if !tail.is_empty() {
        frags.push(Fragment { space_before: 12.0, ..separator.clone() });
        frags.extend(tail);
    }
    (frags, foot)
}

/// How a fragment fits the rest of the page being filled.
struct Fit {
    /// The spacing above it (none at the top of a page).
    space: f32,
    /// The footnotes it brings onto the page, and the room they take at its foot
    /// (with the separator, for the page's first).
    notes: Vec<usize>,
    notes_h: f32,
    /// Whether it fits by itself.
    fits_alone: bool,
    /// Whether its keep-with-next chain does not fit but would fit a page.
    chain_breaks: bool,
    /// Whether it starts a group kept together that should start a new page.
    group_break: bool,
    /// Whether a break is forced before it (or after the previous fragment).
    forced: bool,
}

/// The page-filling loop's state: the pages filled so far and the one being filled.
struct Filler<'a> {
    frags: &'a [Fragment],
    area_h: f32,
    /// The height of each footnote set at the foot of a page.
    note_h: &'a HashMap<usize, f32>,
    pages: Vec<PlacedPage>,
    page: PlacedPage,
    /// Where the page's content ends, and the margins below its last fragment.
    y: f32,
    prev_after: (f32, f32),
    /// The footnotes reserved on the page, and their height.
    page_notes: Vec<usize>,
    notes_h: f32,
    /// The header row of each table seen so far, to repeat on continuation pages.
    headers: HashMap<usize, Fragment>,
    /// A break is due after the last fragment placed.
    forced: bool,
    overflow_warned: bool,
    /// How many of the pages closed so far show something.
    visible_pages: usize,
}

impl<'a> Filler<'a> {
    fn new(frags: &'a [Fragment], area_h: f32, note_h: &'a HashMap<usize, f32>) -> Self {
        Filler {
            frags,
            area_h,
            note_h,
            pages: Vec::new(),
            page: Vec::new(),
            y: 0.0,
            prev_after: (0.0, 0.0),
            page_notes: Vec::new(),
            notes_h: 0.0,
            headers: HashMap::new(),
            forced: false,
            overflow_warned: false,
            visible_pages: 0,
        }
    }

    /// Places every fragment, starting a page where one must break; returns the pages.
    /// Every page gets at least one of the fragments, so the loop ends; it stops early
    /// once more than `MAX_PAGES` pages show something (the caller refuses so many),
    /// which bounds the work and memory.
    fn run(mut self, warnings: &mut Vec<Diagnostic>) -> Vec<PlacedPage> {
        let frags = self.frags;
        let mut i = 0;
        while i < frags.len() && self.visible_pages <= crate::MAX_PAGES {
            self.repeat_header(i);
            if let Some((t, true)) = frags[i].table_row {
                self.headers.insert(t, frags[i].clone());
            }
            let forced = std::mem::take(&mut self.forced) || frags[i].break_before;
            let fit = self.fit(i, forced);
            if self.breaks_before(&fit) {
                // Fragments carried back are placed again on the next page.
                i -= self.carry_back(i, &fit);
                self.new_page();
                continue;
            }
            self.place(i, fit, warnings);
            i += 1;
        }
        self.pages.push(self.page);
        self.pages
    }

    /// On a new page that continues a table, repeats the table's header row at the top.
    fn repeat_header(&mut self, i: usize) {
        let (true, Some((t, false))) = (self.page.is_empty() && i > 0, self.frags[i].table_row) else { return };
        let Some(h) = self.headers.get(&t) else { return };
        // A repeated header is page furniture: an artifact in tagged PDF.
        let mut h = h.clone();
        h.items.retain(|(_, item)| !matches!(item, FrameItem::Anchor { .. }));
        for (_, item) in &mut h.items {
            if let FrameItem::Text(text) = item {
                text.tag = None;
            }
        }
        h.heading = None;
        self.y = h.height;
        self.prev_after = (0.0, 0.0);
        self.page.push((0.0, Placed::Copy(Box::new(h))));
    }

    /// Measures how fragment `i` fits the rest of the page.
    fn fit(&self, i: usize, forced: bool) -> Fit {
        let frags = self.frags;
        let f = &frags[i];
        let space = if self.page.is_empty() { 0.0 } else { gap(self.prev_after, f) };
        // Footnotes this fragment brings onto the page take room at its foot.
        let notes: Vec<usize> = note_refs(f).into_iter().filter(|n| self.note_h.contains_key(n) && !self.page_notes.contains(n)).collect();
        let mut notes_h: f32 = notes.iter().filter_map(|n| self.note_h.get(n).copied()).sum();
        if notes_h > 0.0 && self.page_notes.is_empty() {
            notes_h += NOTE_SEPARATOR;
        }
        let free = self.area_h - self.notes_h - self.y - space + 0.01;
        let needed = if f.keep_with_next { chain_height(&frags[i..]) } else { f.height };
        // A block kept together (`break-inside: avoid`) starts on a new page when it
        // does not fit the rest of this one but fits a page (a default group, such
        // as a list item, only when it is short).
        // The move must not leave more than a share of the page empty (with the
        // heading that would go along): a longer block starts here and breaks.
        let group_break = match f.together {
            Some((g, strict)) if i == 0 || frags[i - 1].together.map(|t| t.0) != Some(g) => {
                let h = group_height(&frags[i..], g);
                let (limit, waste) = if strict { (1.0, MAX_WASTE_SHARE) } else { (DEFAULT_GROUP_SHARE, DEFAULT_WASTE_SHARE) };
                h <= self.area_h * limit && h > free && self.gap_if_moved(self.kept_back(i)) <= self.area_h * waste
            }
            _ => false,
        };
        Fit {
            space,
            notes,
            notes_h,
            fits_alone: f.height + notes_h <= free,
            chain_breaks: needed + notes_h > free && needed <= self.area_h,
            group_break,
            forced,
        }
    }

    /// Whether the page ends before the fragment. A page without content (empty,
    /// or holding only a repeated table header) never ends, so a block taller than
    /// the page still goes somewhere.
    fn breaks_before(&self, fit: &Fit) -> bool {
        self.content() > 0 && (fit.forced || !fit.fits_alone || fit.chain_breaks || fit.group_break)
    }

    /// How many fragments of the flow the page holds (copies, such as a repeated
    /// table header, come first and are not counted).
    fn content(&self) -> usize {
        self.page.iter().filter(|(_, p)| matches!(p, Placed::Index(_))).count()
    }

    /// Before a break at fragment `i`, takes off the page the fragments that go to
    /// the next one with it, and returns how many.
    fn carry_back(&mut self, i: usize, fit: &Fit) -> usize {
        let frags = self.frags;
        // Fragments carried back leave at least one on the page (copies are first).
        let on_page = self.content();
        let back = if fit.group_break && fit.fits_alone && !fit.forced {
            // The heading just before the group goes with it.
            self.kept_back(i)
        } else if !fit.forced && (!fit.fits_alone || fit.chain_breaks) {
            // Widows and orphans: move lines of this paragraph along with it (also
            // when its last line goes with what follows, such as a block's padding).
            lines_to_carry(frags, i, on_page)
        } else {
            0
        };
        self.page.truncate(self.page.len() - back);
        back
    }

    /// How many fragments just before `i` on the page (a heading) keep with it and
    /// would go to the next page with it; none if that would empty the page.
    fn kept_back(&self, i: usize) -> usize {
        let on_page = self.content();
        let back = (1..=i.min(on_page)).take_while(|b| self.frags[i - b].keep_with_next).count();
        if back < on_page {
            back
        } else {
            0
        }
    }

    /// The room left empty at the foot of the page if its last `back` fragments
    /// went to the next one.
    fn gap_if_moved(&self, back: usize) -> f32 {
        let stays = self.page.len().saturating_sub(back);
        let bottom = stays.checked_sub(1).map_or(0.0, |j| self.page[j].0 + self.page[j].1.get(self.frags).height);
        self.area_h - self.notes_h - bottom
    }

    /// Puts fragment `i` on the page below what is there, with its footnotes' room.
    fn place(&mut self, i: usize, fit: Fit, warnings: &mut Vec<Diagnostic>) {
        let f = &self.frags[i];
        if f.height > self.area_h + 0.01 && !self.overflow_warned {
            self.overflow_warned = true;
            warnings.push(Diagnostic::warning(None, "a block is taller than the page and runs into the bottom margin"));
        }
        self.page_notes.extend(fit.notes);
        self.notes_h += fit.notes_h;
        let top = self.y + fit.space;
        self.y = top + f.height;
        self.prev_after = f.after();
        self.forced = f.break_after;
        self.page.push((top, Placed::Index(i)));
    }

    /// Closes the page and starts an empty one.
    fn new_page(&mut self) {
        if shows_something(&self.page, self.frags) {
            self.visible_pages += 1;
        }
        self.pages.push(std::mem::take(&mut self.page));
        self.y = 0.0;
        self.prev_after = (0.0, 0.0);
        self.page_notes.clear();
        self.notes_h = 0.0;
    }
}

/// Drops pages that hold nothing visible (made by consecutive forced breaks),
/// keeping at least one.
fn drop_empty_pages(pages: &mut Vec<PlacedPage>, frags: &[Fragment]) {
    pages.retain(|placed| shows_something(placed, frags));
    if pages.is_empty() {
        pages.push(vec![]);
    }
}

/// Whether a page draws anything.
fn shows_something(placed: &PlacedPage, frags: &[Fragment]) -> bool {
    placed.iter().any(|(_, p)| {
        let f = p.get(frags);
        !f.items.is_empty() || !f.decos.is_empty()
    })
}

/// The headings' places, for the document outline.
fn outline_entries(pages: &[PlacedPage], frags: &[Fragment], setup: &PageSetup) -> Vec<OutlineEntry> {
    let mut outline = Vec::new();
    for (page, placed) in pages.iter().enumerate() {
        for (top, p) in placed {
            if let Some((level, title)) = &p.get(frags).heading {
                outline.push(OutlineEntry { level: *level, title: title.clone(), page, y: setup.margin.top + top * setup.scale });
            }
        }
    }
    outline
}

/// Puts each footnote at the foot of the first page that refers to it, below the
/// separator (the filling loop kept room for them).
fn place_footnotes(
    pages: &mut [PlacedPage],
    frags: &[Fragment],
    mut foot: Vec<Footnote>,
    note_h: &HashMap<usize, f32>,
    area_h: f32,
    separator: &Fragment,
) {
    let mut done: HashSet<usize> = HashSet::new();
    for placed in pages.iter_mut() {
        let mut here: Vec<usize> = Vec::new();
        for (_, p) in placed.iter() {
            for n in note_refs(p.get(frags)) {
                if !done.contains(&n) && !here.contains(&n) && note_h.contains_key(&n) {
                    here.push(n);
                }
            }
        }
        if here.is_empty() {
            continue;
        }
        let total = NOTE_SEPARATOR + here.iter().filter_map(|n| note_h.get(n).copied()).sum::<f32>();
        let mut cursor = (area_h - total).max(0.0);
        placed.push((cursor, Placed::Copy(Box::new(separator.clone()))));
        cursor += NOTE_SEPARATOR;
        for n in &here {
            if let Some(note) = foot.iter_mut().find(|f| f.number == *n) {
                let mut prev_after: Option<(f32, f32)> = None;
                for f in std::mem::take(&mut note.frags) {
                    cursor += prev_after.map_or(0.0, |a| gap(a, &f));
                    prev_after = Some(f.after());
                    let h = f.height;
                    placed.push((cursor, Placed::Copy(Box::new(f))));
                    cursor += h;
                }
            }
        }
        done.extend(here);
    }
}

/// Builds a page's items, moving its fragments out of `frags`: the decoration
/// groups first (so that text is drawn over them), then the fragments' items, all
/// placed in the margins and scaled.
fn build_page(placed: PlacedPage, frags: &mut [Fragment], setup: &PageSetup) -> Page {
    let m = setup.margin;
    let scale = setup.scale;
    let mut items = Vec::with_capacity(placed.iter().map(|(_, p)| p.get(frags).items.len()).sum());
    // Per group: the decoration and the top and bottom of its fragments on this page.
    let mut groups: Vec<(&crate::layout::flow::Deco, f32, f32)> = Vec::new();
    for (top, p) in &placed {
        let f = p.get(frags);
        for d in &f.decos {
            match groups.iter_mut().find(|g| g.0.group == d.group) {
                Some(g) => g.2 = top + f.height,
                None => groups.push((d, *top, top + f.height)),
            }
        }
    }
    let boxes: Vec<_> = groups
        .into_iter()
        .map(|(d, top, bottom)| {
            let half = d.stroke.map_or(0.0, |s| s.1 / 2.0);
            let size = Size::new(d.width * scale, (bottom - top - 2.0 * half).max(0.0) * scale);
            let stroke = d.stroke.map(|(c, w)| (c, w * scale));
            let item = match d.radius {
                r if r > 0.0 => FrameItem::RoundRect { size, radius: r * scale, fill: d.fill, stroke },
                _ => FrameItem::Rect { size, fill: d.fill, stroke },
            };
            (Point::new(m.left + d.x * scale, m.top + (top + half) * scale), item)
        })
        .collect();
    items.extend(boxes);
    // The items of consecutive bands of one container, held back to be written
    // item by item: (container, item, position, frame item).
    let mut held: Vec<(usize, u32, Point, FrameItem)> = Vec::new();
    let flush = |held: &mut Vec<(usize, u32, Point, FrameItem)>, items: &mut Vec<(Point, FrameItem)>| {
        held.sort_by_key(|h| h.1);
        items.extend(held.drain(..).map(|(_, _, pos, item)| (pos, item)));
    };
    for (top, placed) in placed {
        let f = placed.take(frags);
        if held.first().is_some_and(|h| f.stream.as_ref().is_none_or(|s| s.0 != h.0)) {
            flush(&mut held, &mut items);
        }
        let owners = f.stream;
        for (k, (p, item)) in f.items.into_iter().enumerate() {
            let pos = Point::new(m.left + p.x * scale, m.top + (top + p.y) * scale);
            match &owners {
                Some((container, owners)) => held.push((*container, owners.get(k).copied().unwrap_or(u32::MAX), pos, scaled(item, scale))),
                None => items.push((pos, scaled(item, scale))),
            }
        }
    }
    flush(&mut held, &mut items);
    Page { size: setup.size, margin: setup.margin, items }
}

/// A fragment on a page: one of the flow's, or a copy (a repeated table header).
enum Placed {
    Index(usize),
    Copy(Box<Fragment>),
}

impl Placed {
    fn get<'a>(&'a self, frags: &'a [Fragment]) -> &'a Fragment {
        match self {
            Placed::Index(i) => &frags[*i],
            Placed::Copy(f) => f,
        }
    }

    fn take(self, frags: &mut [Fragment]) -> Fragment {
        match self {
            Placed::Index(i) => std::mem::take(&mut frags[i]),
            Placed::Copy(f) => *f,
        }
    }
}

/// Scales an item's own size (its position is scaled by the caller).
fn scaled(item: FrameItem, s: f32) -> FrameItem {
    if s == 1.0 {
        return item;
    }
    let sz = |z: Size| Size::new(z.width * s, z.height * s);
    match item {
        FrameItem::Text(mut t) => {
            t.size *= s;
            FrameItem::Text(t)
        }
        FrameItem::Rect { size, fill, stroke } => FrameItem::Rect { size: sz(size), fill, stroke: stroke.map(|(c, w)| (c, w * s)) },
        FrameItem::RoundRect { size, radius, fill, stroke } => {
            FrameItem::RoundRect { size: sz(size), radius: radius * s, fill, stroke: stroke.map(|(c, w)| (c, w * s)) }
        }
        FrameItem::Line { delta, width, color } => FrameItem::Line { delta: Point::new(delta.x * s, delta.y * s), width: width * s, color },
        FrameItem::Gauge { size, radius, track, fill, fraction, border, inset } => FrameItem::Gauge {
            size: sz(size),
            radius: radius * s,
            track,
            fill,
            fraction,
            border: border.map(|(c, w)| (c, w * s)),
            inset: inset * s,
        },
        FrameItem::Image { size, image, alt, tag } => FrameItem::Image { size: sz(size), image, alt, tag },
        FrameItem::Link { size, url } => FrameItem::Link { size: sz(size), url },
        FrameItem::Anchor { name } => FrameItem::Anchor { name },
    }
}

/// How many fragments before `i` (already on the current page, which holds
/// `on_page`) must move to the next page with it, so that neither page keeps fewer
/// than `MIN_LINES` lines of the paragraph.
fn lines_to_carry(frags: &[Fragment], i: usize, on_page: usize) -> usize {
    let Some((id, k, n)) = frags[i].line else { return 0 };
    let (orphans, widows) = (usize::from(frags[i].min_lines.0.max(1)), usize::from(frags[i].min_lines.1.max(1)));
    if n < orphans + widows && k > 0 && n - k < widows {
        // Too short to split well: move it whole, if the page keeps something else.
        return if k < on_page { k } else { 0 };
    }
    let mut back = 0;
    // Widow: carry lines back until `widows` lines go to the next page.
    if n - k < widows {
        back = (widows - (n - k)).min(k);
    }
    // Orphan: if fewer than `orphans` lines would stay, carry the whole start.
    if k - back > 0 && k - back < orphans {
        back = k;
    }
    // Only lines of this paragraph that are on this page can move, and the page
    // must keep something.
    let movable = (1..=k.min(on_page)).take_while(|b| frags[i - b].line.is_some_and(|l| l.0 == id)).count();
    if back > movable {
        return 0;
    }
    // A heading just before the moved lines goes with them.
    while back > 0 && back < on_page && frags[i - back - 1].keep_with_next {
        back += 1;
    }
    if back >= on_page {
        return 0;
    }
    back
}

/// The height of a keep-with-next chain starting at `frags[0]`, including the first
/// fragment that does not keep with its next.
fn chain_height(frags: &[Fragment]) -> f32 {
    let mut h = 0.0;
    let mut prev_after = None;
    for (n, f) in frags.iter().enumerate() {
        if n >= MAX_CHAIN {
            return f32::INFINITY;
        }
        h += prev_after.map_or(0.0, |a| gap(a, f)) + f.height;
        prev_after = Some(f.after());
        if !f.keep_with_next {
            // A heading keeps the first lines of a paragraph that would not split
            // (orphan control would move a lone first line away from it).
            if let Some((id, 0, len)) = f.line {
                // A paragraph too short to split comes whole; else its first lines.
                let want = if len < 2 * MIN_LINES { len } else { MIN_LINES };
                for next in frags[n + 1..].iter().take(want - 1) {
                    if next.line.is_some_and(|l| l.0 == id) {
                        h += next.height;
                    }
                }
            }
            break;
        }
    }
    h
}

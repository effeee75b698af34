//! Pagination: fragments are distributed onto pages of the content area. A heading
//! is kept with what follows it; spacing collapses and vanishes at a page top.

use std::collections::{HashMap, HashSet};

use super::flow::Fragment;
use super::{FrameItem, OutlineEntry, Page};
use crate::diag::Diagnostic;
use crate::geom::{Point, Size};
use crate::style::PageSetup;

/// How many fragments a keep-with-next chain may hold before it is ignored.
const MAX_CHAIN: usize = 8;

/// A group kept together by default (a list item) may take at most this share of
/// the page; longer ones break as usual rather than leave a large gap.
const DEFAULT_GROUP_SHARE: f32 = 0.25;

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
    let mut prev_after: Option<f32> = None;
    for f in frags {
        h += prev_after.map_or(0.0, |a| a.max(f.space_before)) + f.height;
        prev_after = Some(f.space_after);
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
    width: f32,
    setup: &PageSetup,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Page>, Vec<OutlineEntry>) {
    let m = setup.margin;
    let scale = setup.scale;
    let area_h = (setup.size.height - m.top - m.bottom).max(1.0) / scale;
    let separator = || Fragment {
        height: NOTE_SEPARATOR,
        items: vec![(
            Point::new(0.0, NOTE_SEPARATOR / 2.0),
            FrameItem::Rect { size: Size::new(width * 0.3, 0.5), fill: Some(rule), stroke: None },
        )],
        ..Fragment::default()
    };
    // Which footnotes go to the foot of a page: referred to, and not too tall.
    let referred: HashSet<usize> = frags.iter().flat_map(note_refs).collect();
    let mut foot: Vec<(usize, f32, Vec<Fragment>)> = Vec::new();
    let mut tail: Vec<Fragment> = Vec::new();
    for (number, nf) in notes {
        let h = stack_height(&nf);
        match number {
            Some(n) if referred.contains(&n) && h <= area_h * 0.5 => foot.push((n, h, nf)),
            _ => tail.extend(nf),
        }
    }
    let mut frags = frags;
    if !tail.is_empty() {
        frags.push(Fragment { space_before: 12.0, ..separator() });
        frags.extend(tail);
    }
    let heights: HashMap<usize, f32> = foot.iter().map(|f| (f.0, f.1)).collect();
    let note_h = |n: usize| heights.get(&n).copied();
    // The footnotes reserved on the page being filled, and their height.
    let mut page_notes: Vec<usize> = Vec::new();
    let mut notes_h = 0.0f32;
    // Pages hold fragments by index (moved out at the end, never cloned); repeated
    // table headers are the only copies.
    let mut pages: Vec<Vec<(f32, Placed)>> = vec![vec![]];
    let mut y = 0.0;
    let mut prev_after = 0.0f32;
    let mut overflow_warned = false;
    let mut forced = false;
    // The header row of each table seen so far, to repeat on continuation pages.
    let mut headers: HashMap<usize, Fragment> = HashMap::new();
    let mut i = 0;
    while i < frags.len() {
        let empty = pages.last().is_none_or(Vec::is_empty);
        if let (true, Some((t, false))) = (empty && i > 0, frags[i].table_row) {
            if let Some(h) = headers.get(&t) {
                // A repeated header is page furniture: an artifact in tagged PDF.
                let mut h = h.clone();
                h.items.retain(|(_, item)| !matches!(item, FrameItem::Anchor { .. }));
                for (_, item) in &mut h.items {
                    if let FrameItem::Text(text) = item {
                        text.tag = None;
                    }
                }
                h.heading = None;
                y = h.height;
                prev_after = 0.0;
                if let Some(p) = pages.last_mut() {
                    p.push((0.0, Placed::Copy(Box::new(h))));
                }
            }
        }
        let empty = pages.last().is_none_or(Vec::is_empty);
        let f = &frags[i];
        if let Some((t, true)) = f.table_row {
            headers.insert(t, f.clone());
        }
        let space = if empty { 0.0 } else { prev_after.max(f.space_before) };
        // Footnotes this fragment brings onto the page take room at its foot.
        let new_notes: Vec<usize> = note_refs(f).into_iter().filter(|n| note_h(*n).is_some() && !page_notes.contains(n)).collect();
        let mut extra: f32 = new_notes.iter().filter_map(|n| note_h(*n)).sum();
        if extra > 0.0 && page_notes.is_empty() {
            extra += NOTE_SEPARATOR;
        }
        let room = area_h - notes_h;
        let needed = if f.keep_with_next { chain_height(&frags[i..]) } else { f.height };
        let fits_alone = f.height + extra <= room - y - space + 0.01;
        let chain_fits = needed + extra <= room - y - space + 0.01;
        let forced_here = std::mem::take(&mut forced) || f.break_before;
        // A block kept together (`break-inside: avoid`) starts on a new page when it
        // does not fit the rest of this one but fits a page (a default group, such
        // as a list item, only when it is short).
        let group_break = match f.together {
            Some((g, strict)) if i == 0 || frags[i - 1].together.map(|t| t.0) != Some(g) => {
                let h = group_height(&frags[i..], g);
                let limit = if strict { area_h } else { area_h * DEFAULT_GROUP_SHARE };
                h <= limit && h > room - y - space + 0.01
            }
            _ => false,
        };
        if !empty && (forced_here || !fits_alone || (!chain_fits && needed <= area_h) || group_break) {
            if group_break && fits_alone && !forced_here {
                // The heading just before the group goes with it.
                let on_page = pages.last().map_or(0, Vec::len);
                let back = (1..=i.min(on_page)).take_while(|b| frags[i - b].keep_with_next).count();
                if back > 0 && back < on_page {
                    if let Some(page) = pages.last_mut() {
                        page.truncate(page.len() - back);
                    }
                    i -= back;
                }
            } else if !forced_here && !fits_alone {
                // Widows and orphans: move lines of this paragraph along with it.
                let back = lines_to_carry(&frags, i, pages.last().map_or(0, Vec::len));
                if back > 0 {
                    if let Some(page) = pages.last_mut() {
                        page.truncate(page.len() - back);
                    }
                    i -= back;
                }
            }
            pages.push(vec![]);
            y = 0.0;
            prev_after = 0.0;
            page_notes.clear();
            notes_h = 0.0;
            continue;
        }
        if f.height > area_h + 0.01 && !overflow_warned {
            overflow_warned = true;
            warnings.push(Diagnostic::warning(None, "a block is taller than the page and runs into the bottom margin"));
        }
        page_notes.extend(new_notes);
        notes_h += extra;
        let top = y + space;
        y = top + f.height;
        prev_after = f.space_after;
        forced = f.break_after;
        if let Some(p) = pages.last_mut() {
            p.push((top, Placed::Index(i)));
        }
        i += 1;
    }
    let mut frags: Vec<Fragment> = frags;
    // Pages that hold nothing visible (made by consecutive forced breaks) are dropped.
    pages.retain(|placed| {
        placed.iter().any(|(_, p)| {
            let f = p.get(&frags);
            !f.items.is_empty() || !f.decos.is_empty()
        })
    });
    if pages.is_empty() {
        pages.push(vec![]);
    }
    let mut outline = Vec::new();
    for (page, placed) in pages.iter().enumerate() {
        for (top, p) in placed {
            if let Some((level, title)) = &p.get(&frags).heading {
                outline.push(OutlineEntry { level: *level, title: title.clone(), page, y: m.top + top * scale });
            }
        }
    }
    // Each footnote goes to the foot of the first page that refers to it.
    let mut done: HashSet<usize> = HashSet::new();
    for placed in pages.iter_mut() {
        let mut here: Vec<usize> = Vec::new();
        for (_, p) in placed.iter() {
            for n in note_refs(p.get(&frags)) {
                if !done.contains(&n) && !here.contains(&n) && note_h(n).is_some() {
                    here.push(n);
                }
            }
        }
        if here.is_empty() {
            continue;
        }
        let total = NOTE_SEPARATOR + here.iter().filter_map(|n| note_h(*n)).sum::<f32>();
        let mut cursor = (area_h - total).max(0.0);
        placed.push((cursor, Placed::Copy(Box::new(separator()))));
        cursor += NOTE_SEPARATOR;
        for n in &here {
            if let Some(entry) = foot.iter_mut().find(|f| f.0 == *n) {
                let mut prev_after: Option<f32> = None;
                for f in std::mem::take(&mut entry.2) {
                    cursor += prev_after.map_or(0.0, |a| a.max(f.space_before));
                    prev_after = Some(f.space_after);
                    let h = f.height;
                    placed.push((cursor, Placed::Copy(Box::new(f))));
                    cursor += h;
                }
            }
        }
        done.extend(here);
    }
    let pages = pages
        .into_iter()
        .map(|placed| {
            let mut items = Vec::with_capacity(placed.iter().map(|(_, p)| p.get(&frags).items.len()).sum());
            // Decorations first, so that text is drawn over them.
            let mut groups: Vec<(usize, f32, f32, f32, f32, crate::geom::Rgb)> = Vec::new();
            for (top, p) in &placed {
                let f = p.get(&frags);
                for d in &f.decos {
                    match groups.iter_mut().find(|g| g.0 == d.group) {
                        Some(g) => g.4 = top + f.height,
                        None => groups.push((d.group, d.x, d.width, *top, top + f.height, d.fill)),
                    }
                }
            }
            for (_, x, w, top, bottom, fill) in groups {
                items.push((
                    Point::new(m.left + x * scale, m.top + top * scale),
                    FrameItem::Rect { size: Size::new(w * scale, (bottom - top) * scale), fill: Some(fill), stroke: None },
                ));
            }
            for (top, placed) in placed {
                let f = placed.take(&mut frags);
                for (p, item) in f.items {
                    let pos = Point::new(m.left + p.x * scale, m.top + (top + p.y) * scale);
                    items.push((pos, scaled(item, scale)));
                }
            }
            Page { size: setup.size, items }
        })
        .collect();
    (pages, outline)
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
        FrameItem::Rect { size, fill, stroke } => {
            FrameItem::Rect { size: sz(size), fill, stroke: stroke.map(|(c, w)| (c, w * s)) }
        }
        FrameItem::Line { delta, width, color } => {
            FrameItem::Line { delta: Point::new(delta.x * s, delta.y * s), width: width * s, color }
        }
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
        h += prev_after.map_or(0.0, |a: f32| a.max(f.space_before)) + f.height;
        prev_after = Some(f.space_after);
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

//! Line breaking: Knuth–Plass total fit over Unicode line-break opportunities and
//! hyphenation points, measured with the shaped advances; first fit for very long
//! paragraphs. A piece wider than the line is broken at the margin.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::shape::Shaped;
use crate::font::FontBook;
use crate::style::Run;

/// A broken line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Byte range of the paragraph text (with trailing spaces and line feed).
    pub range: Range<usize>,
    /// The line ends inside a word, so a hyphen is drawn after it.
    pub hyphen: bool,
    /// The line ends at a forced break or the paragraph's end (never justified).
    pub last: bool,
}

/// How to break a paragraph.
#[derive(Debug, Clone, Copy, Default)]
pub struct BreakOptions {
    /// Lines will be justified (spaces stretch), which changes what is a good break.
    pub justify: bool,
    /// Hyphenation patterns for runs that allow it (`hyphens: auto`).
    pub lang: Option<hypher::Lang>,
}

/// Where the lines of a paragraph go: the first lines may have a left edge and a
/// width of their own (a first line indented by `text-indent`, lines beside a
/// float); the others start at the paragraph's left edge and take `width`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LineRoom {
    /// For each of the first lines: its left edge from the paragraph's, and its width.
    pub first: Vec<(f32, f32)>,
    /// The width of the other lines.
    pub width: f32,
}

impl LineRoom {
    /// Every line `width` wide.
    pub fn uniform(width: f32) -> Self {
        LineRoom { first: Vec::new(), width }
    }

    /// Line `k`'s left edge (from the paragraph's) and width.
    pub fn line(&self, k: usize) -> (f32, f32) {
        self.first.get(k).copied().unwrap_or((0.0, self.width))
    }

    /// Line `k`'s width.
    fn width(&self, k: usize) -> f32 {
        self.line(k).1
    }
}

/// Paragraphs with more break opportunities than this are broken first-fit.
const MAX_OPTIMAL: usize = 4000;
/// Total fit keeps, at each opportunity, the earlier ones a line could still start
/// from (about the words a line holds); a paragraph where more than this many are
/// open at once (tiny type on a wide page) is broken first-fit, which bounds the
/// work at `MAX_OPTIMAL * MAX_ACTIVE` line measurements.
const MAX_ACTIVE: usize = 256;
/// Cost of a hyphenated line break (Knuth–Plass's usual 50).
const HYPHEN_PENALTY: f32 = 50.0;
/// Extra cost when two lines in a row end with a hyphen.
const DOUBLE_HYPHEN: f32 = 3000.0;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Allowed,
    Mandatory,
    Hyphen,
}

/// Breaks the paragraph into lines no wider than `room` allows each.
pub fn linebreak(p: &Shaped, runs: &[Run], book: &FontBook, room: &LineRoom, opts: BreakOptions) -> Vec<Line> {
    let candidates = candidates(p, runs, opts.lang);
    let lines = if candidates.len() <= MAX_OPTIMAL { optimal(p, runs, book, room, &candidates, opts) } else { None };
    lines.unwrap_or_else(|| first_fit(p, runs, book, room, &candidates))
}

/// Break opportunities in text order: UAX #14 ones, soft hyphens, and the
/// hyphenation points of words in runs that allow it.
fn candidates(p: &Shaped, runs: &[Run], lang: Option<hypher::Lang>) -> Vec<(usize, Kind)> {
    let mut out: Vec<(usize, Kind)> = linebreaks(&p.text)
        .map(|(pos, opp)| {
            let kind = match opp {
                BreakOpportunity::Mandatory => Kind::Mandatory,
                _ if p.text[..pos].ends_with('\u{ad}') => Kind::Hyphen,
                _ => Kind::Allowed,
            };
            (pos, kind)
        })
        .collect();
    if let Some(lang) = lang {
        for (run, range) in runs.iter().zip(&p.run_ranges) {
            let st = &run.style;
            // Never inside links (URLs, e-mail addresses), code or images.
            if !st.hyphens || run.link.is_some() || run.object.is_some() || st.family == crate::font::Family::Mono {
                continue;
            }
            let text = &p.text[range.clone()];
            for (start, word) in words(text) {
                if word.chars().count() < 5 || word.contains(['@', '/', ':']) {
                    continue;
                }
                let mut at = range.start + start;
                let syllables: Vec<&str> = hypher::hyphenate(word, lang).collect();
                for syl in &syllables[..syllables.len().saturating_sub(1)] {
                    at += syl.len();
                    out.push((at, Kind::Hyphen));
                }
            }
        }
        out.sort_by_key(|c| c.0);
        out.dedup_by_key(|c| c.0);
    }
    // A break inside a glyph cluster (a hyphenation point inside the "ffl" of
    // "afflicted", which one ligature glyph draws) would misplace the hyphen; such a
    // point is skipped, as TeX does without discretionary ligatures.
    out.retain(|&(pos, kind)| {
        kind == Kind::Mandatory || {
            let i = p.glyph_at(pos);
            // The glyph before `glyph_at` starts before `pos`: inside it unless it ends by then.
            i == 0 || p.glyphs.get(i - 1).is_none_or(|g| g.cluster.end <= pos)
        }
    });
    out
}

/// The alphabetic words of a text with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

/// The width of the hyphen drawn after the glyph before `pos`.
pub fn hyphen_width(p: &Shaped, runs: &[Run], book: &FontBook, pos: usize) -> f32 {
    let i = p.glyph_at(pos).saturating_sub(1);
    let Some(g) = p.glyphs.get(i) else { return 0.0 };
    let face = book.face(g.font);
    let size = runs.get(g.run).map_or(12.0, |r| r.style.size);
    face.face()
        .glyph_index('-')
        .and_then(|id| face.face().glyph_hor_advance(id))
        .map_or(0.0, |adv| f32::from(adv) / face.units_per_em * size)
}

/// The natural width of a line from `a` to the candidate `(b, kind)`.
fn line_width(p: &Shaped, runs: &[Run], book: &FontBook, a: usize, b: usize, kind: Kind) -> f32 {
    let w = p.trimmed_width(a..b);
    if kind == Kind::Hyphen && !p.text[..b].ends_with(['-', '\u{2010}']) {
        w + hyphen_width(p, runs, book, b)
    } else {
        w
    }
}

/// Knuth–Plass total fit: the breaks that minimise the sum of the lines' demerits.
/// `None` if some piece is wider than the line (first fit then breaks it). Where
/// the lines' widths differ, a line from a break takes the width of the line the
/// best path to that break makes it (TeX keeps every line number apart; the
/// difference is in which of two nearly equal paths wins).
fn optimal(
    p: &Shaped,
    runs: &[Run],
    book: &FontBook,
    room: &LineRoom,
    candidates: &[(usize, Kind)],
    opts: BreakOptions,
) -> Option<Vec<Line>> {
    // Node 0 is the paragraph start; node k + 1 is candidate k.
    let n = candidates.len();
    let pos = |k: usize| if k == 0 { 0 } else { candidates[k - 1].0 };
    let kind = |k: usize| if k == 0 { Kind::Mandatory } else { candidates[k - 1].1 };
    let mut best = vec![f32::INFINITY; n + 1];
    let mut prev = vec![0usize; n + 1];
    // The line number that starts at each node, on the best path to it.
    let mut line_no = vec![0usize; n + 1];
    best[0] = 0.0;
    let mut active: Vec<usize> = vec![0];
    // The nodes still active after each candidate (swapped with `active`, so that a
    // paragraph allocates two lists, not one per word).
    let mut keep: Vec<usize> = Vec::new();
    let space = p.glyphs.first().map_or(3.0, |g| runs.get(g.run).map_or(12.0, |r| r.style.size) * 0.25);
    // The spaces a justified line stretches, counted once for the whole paragraph.
    let spaces = if opts.justify { space_counts(p, candidates) } else { Vec::new() };
    for j in 1..=n {
        if active.len() > MAX_ACTIVE || (j % 64 == 0 && crate::deadline::passed()) {
            return None;
        }
        let (b, k) = (pos(j), kind(j));
        let last = k == Kind::Mandatory || j == n;
        keep.clear();
        for &i in &active {
            let a = pos(i);
            let width = room.width(line_no[i]);
            let w = line_width(p, runs, book, a, b, k);
            if w > width + 0.01 {
                // Lines from `i` only get wider: it never breaks again.
                continue;
            }
            keep.push(i);
            let slack = width - w;
            let badness = if last {
                0.0
            } else if opts.justify {
                // The spaces from `a` to the end of the line's last word.
                let spaces = spaces[j].0.saturating_sub(spaces[j].1).saturating_sub(spaces[i].0) as f32;
                let stretch = (spaces * space * 1.5).max(0.01);
                (100.0 * (slack / stretch).powi(3)).min(10_000.0)
            } else {
                (100.0 * (slack / (width * 0.3).max(1.0)).powi(3)).min(10_000.0)
            };
            let mut penalty = if k == Kind::Hyphen { HYPHEN_PENALTY * HYPHEN_PENALTY } else { 0.0 };
            if k == Kind::Hyphen && kind(i) == Kind::Hyphen {
                penalty += DOUBLE_HYPHEN;
            }
            let demerits = (10.0 + badness).powi(2) + penalty;
            if best[i] + demerits < best[j] {
                best[j] = best[i] + demerits;
                prev[j] = i;
                line_no[j] = line_no[i] + 1;
            }
        }
        std::mem::swap(&mut active, &mut keep);
        if best[j].is_finite() {
            if k == Kind::Mandatory {
                active.clear();
            }
            active.push(j);
        } else if k == Kind::Mandatory || active.is_empty() {
            // Nothing fits up to here: a piece is wider than the line.
            return None;
        }
    }
    if !best[n].is_finite() {
        return None;
    }
    let mut ends = Vec::new();
    let mut j = n;
    while j > 0 {
        ends.push(j);
        j = prev[j];
    }
    ends.reverse();
    let mut lines = Vec::with_capacity(ends.len());
    let mut start = 0;
    for &e in &ends {
        let (b, k) = (pos(e), kind(e));
        let hyphen = k == Kind::Hyphen && !p.text[..b].ends_with(['-', '\u{2010}']);
        lines.push(Line { range: start..b, hyphen, last: k == Kind::Mandatory || e == n });
        start = b;
    }
    if start < p.text.len() || lines.is_empty() {
        lines.push(Line { range: start..p.text.len(), hyphen: false, last: true });
    }
    Some(lines)
}

/// For node 0 (the paragraph start) and each candidate: the spaces (U+0020) before
/// it, and how many of them are in the white space that ends there (which a line
/// ending there trims).
fn space_counts(p: &Shaped, candidates: &[(usize, Kind)]) -> Vec<(usize, usize)> {
    let spaces = |s: &str| s.bytes().filter(|&c| c == b' ').count();
    let mut out = Vec::with_capacity(candidates.len() + 1);
    out.push((0, 0));
    let (mut count, mut trailing, mut at) = (0, 0, 0);
    for &(pos, _) in candidates {
        let piece = &p.text[at..pos];
        let end = p.trim_end(at..pos) - at;
        // White space all the way back continues the run that ended at `at`.
        trailing = if end == 0 { trailing + spaces(piece) } else { spaces(&piece[end..]) };
        count += spaces(piece);
        at = pos;
        out.push((count, trailing));
    }
    out
}

/// First fit: each line takes as much as fits; a piece wider than the line is
/// broken at the margin. Past `MAX_LINES` lines, the rest is one last line.
fn first_fit(p: &Shaped, runs: &[Run], book: &FontBook, room: &LineRoom, candidates: &[(usize, Kind)]) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut start = 0;
    let mut candidate: Option<(usize, Kind)> = None;
    // Tolerance for rounding: a line that fits within a hundredth of a point fits.
    let width = |lines: &[Line]| room.width(lines.len()) + 0.01;
    let line = |range: Range<usize>, kind: Kind| {
        let hyphen = kind == Kind::Hyphen && !p.text[..range.end].ends_with(['-', '\u{2010}']);
        Line { range, hyphen, last: kind == Kind::Mandatory }
    };
    for &(pos, kind) in candidates {
        if lines.len() > super::flow::MAX_LINES {
            // More lines than a document may have (it is refused): the rest is one.
            break;
        }
        loop {
            if pos <= start || lines.len() > super::flow::MAX_LINES {
                break;
            }
            if line_width(p, runs, book, start, pos, kind) <= width(&lines) {
                if kind == Kind::Mandatory {
                    lines.push(line(start..pos, kind));
                    start = pos;
                    candidate = None;
                } else {
                    candidate = Some((pos, kind));
                }
                break;
            }
            if let Some((c, k)) = candidate.take() {
                lines.push(line(start..c, k));
                start = c;
                continue;
            }
            // Nothing fits: break inside the piece at the margin.
            let cut = fit_prefix(p, start, pos, width(&lines));
            lines.push(line(start..cut, Kind::Allowed));
            start = cut;
        }
    }
    if start < p.text.len() || lines.is_empty() {
        lines.push(Line { range: start..p.text.len(), hyphen: false, last: true });
    }
    if let Some(l) = lines.last_mut() {
        l.last = true;
    }
    lines
}

/// The longest prefix of `start..end` (at cluster boundaries) that fits `width`; at
/// least one cluster, so that breaking always makes progress.
fn fit_prefix(p: &Shaped, start: usize, end: usize, width: f32) -> usize {
    let mut w = 0.0;
    for g in &p.glyphs[p.glyph_at(start)..] {
        if g.cluster.start >= end {
            break;
        }
        if g.cluster.start > start && w + g.advance > width {
            return g.cluster.start;
        }
        w += g.advance;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font::FontBook;
    use crate::layout::shape::shape;
    use crate::style::{Run, TextStyle};

    fn run(text: &str) -> Run {
        Run { text: text.into(), style: style(), link: None, span: 0..0, object: None }
    }

    fn style() -> TextStyle {
        crate::testing::plain_style()
    }

    fn lines(text: &str, width: f32) -> (Shaped, Vec<Range<usize>>) {
        let p = shaped(text);
        let l = linebreak(&p, &[run(text)], &FontBook::bundled(), &LineRoom::uniform(width), BreakOptions::default());
        (p, l.into_iter().map(|l| l.range).collect())
    }

    /// A run of `text` that asks for hyphenation (`hyphens: auto`), and its shape.
    fn hyphenating(text: &str) -> (Run, Shaped) {
        let mut r = run(text);
        r.style.hyphens = true;
        let p = shape(std::slice::from_ref(&r), &FontBook::bundled(), f32::INFINITY, None, &mut vec![], &mut vec![]);
        (r, p)
    }

    fn shaped(text: &str) -> Shaped {
        shape(&[run(text)], &FontBook::bundled(), f32::INFINITY, None, &mut vec![], &mut vec![])
    }

    /// Sum over lines but the last of the squared slack: lower is more even.
    fn raggedness(p: &Shaped, lines: &[Range<usize>], width: f32) -> f32 {
        lines[..lines.len() - 1].iter().map(|l| (width - p.trimmed_width(l.clone())).powi(2)).sum()
    }

    const TEXT: &str = "Designed and built a distributed ingestion pipeline in Rust that \
        handles two terabytes of sensor data a day, mentored four engineers, and cut \
        cloud costs by a third by moving batch jobs to spot instances at night.";

    #[test]
    fn lines_fit_and_keep_all_text() {
        let (p, lines) = lines("The quick brown fox jumps over the lazy dog again and again.", 80.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(p.trimmed_width(l.clone()) <= 80.01, "{:?}", &p.text[l.clone()]);
        }
        let joined: String = lines.iter().map(|l| &p.text[l.clone()]).collect();
        assert_eq!(joined, p.text);
    }

    #[test]
    fn long_words_break_at_the_margin() {
        let (p, lines) = lines("https://example.org/a/very/long/path/that/never/ends/at/all/really", 50.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(p.trimmed_width(l.clone()) <= 50.01);
        }
    }

    #[test]
    fn the_first_lines_take_widths_of_their_own() {
        let text = "word ".repeat(60);
        let p = shaped(&text);
        let runs = [run(&text)];
        let book = FontBook::bundled();
        let room = LineRoom { first: vec![(40.0, 70.0), (40.0, 70.0)], width: 200.0 };
        let cands = candidates(&p, &runs, None);
        let total = optimal(&p, &runs, &book, &room, &cands, BreakOptions::default()).expect("total fit");
        for lines in [total, first_fit(&p, &runs, &book, &room, &cands)] {
            let widths: Vec<f32> = lines.iter().map(|l| p.trimmed_width(l.range.clone())).collect();
            assert!(widths[..2].iter().all(|w| *w <= 70.01), "{widths:?}");
            assert!(widths[2] > 150.0 && widths[2] <= 200.01, "the third line takes the whole width: {widths:?}");
        }
    }

    #[test]
    fn forced_breaks_are_kept() {
        assert_eq!(lines("one\ntwo", 500.0).1.len(), 2);
    }

    #[test]
    fn zero_width_still_progresses() {
        assert!(lines("abc def", 0.0).1.len() >= 3);
    }

    #[test]
    fn total_fit_is_more_even_than_first_fit() {
        let p = shaped(TEXT);
        let runs = [run(TEXT)];
        let book = FontBook::bundled();
        let mut better = 0;
        for width in [120.0, 150.0, 180.0, 210.0, 240.0] {
            let cands = candidates(&p, &runs, None);
            let opt: Vec<_> = optimal(&p, &runs, &book, &LineRoom::uniform(width), &cands, BreakOptions::default())
                .unwrap()
                .into_iter()
                .map(|l| l.range)
                .collect();
            let ff: Vec<_> = first_fit(&p, &runs, &book, &LineRoom::uniform(width), &cands).into_iter().map(|l| l.range).collect();
            for l in &opt {
                assert!(p.trimmed_width(l.clone()) <= width + 0.01);
            }
            let (a, b) = (raggedness(&p, &opt, width), raggedness(&p, &ff, width));
            assert!(a <= b + 0.01, "width {width}: total fit {a} vs first fit {b}");
            if a < b - 0.01 {
                better += 1;
            }
        }
        assert!(better > 0, "total fit improves at least one width");
    }

    #[test]
    fn hyphenation_breaks_inside_words_only_where_allowed() {
        let (r, p) = hyphenating("Internationalization responsibilities");
        let opts = BreakOptions { justify: false, lang: Some(hypher::Lang::English) };
        let lines = linebreak(&p, std::slice::from_ref(&r), &FontBook::bundled(), &LineRoom::uniform(70.0), opts);
        assert!(lines.iter().any(|l| l.hyphen), "{lines:?}");
        for l in lines.iter().filter(|l| l.hyphen) {
            let before = p.text[..l.range.end].chars().last().unwrap();
            let after = p.text[l.range.end..].chars().next().unwrap();
            assert!(before.is_alphabetic() && after.is_alphabetic());
        }
        // Links are never hyphenated.
        let mut link = r.clone();
        link.link = Some("https://example.org".into());
        let lines = linebreak(&p, &[link], &FontBook::bundled(), &LineRoom::uniform(70.0), opts);
        assert!(lines.iter().all(|l| !l.hyphen), "{lines:?}");
    }

    #[test]
    fn hyphenation_skips_points_inside_a_ligature() {
        // Roboto draws "ffl" in "afflicted" and "shuffling" as one glyph: the
        // syllable breaks "af-flicted" and "shuf-fling" fall inside it and are not
        // offered; breaks at cluster edges ("offi-cial" after the "ffi") still are.
        let text = "afflicted shuffling officially";
        let (r, p) = hyphenating(text);
        assert!(p.glyphs.iter().any(|g| g.cluster.len() == 3), "the font sets the ffl ligature: {:?}", p.glyphs);
        let cands = candidates(&p, std::slice::from_ref(&r), Some(hypher::Lang::English));
        let hyphen_points: Vec<&str> = cands.iter().filter(|c| c.1 == Kind::Hyphen).map(|c| &text[..c.0]).collect();
        assert!(!hyphen_points.contains(&"af") && !hyphen_points.contains(&"afflicted shuf"), "{hyphen_points:?}");
        for c in &cands {
            let i = p.glyph_at(c.0);
            assert!(i == 0 || p.glyphs[i - 1].cluster.end <= c.0, "break at {} inside a cluster", c.0);
        }
        assert!(hyphen_points.contains(&"afflicted shuffling offi"), "{hyphen_points:?}");
    }

    #[test]
    fn space_counts_give_the_spaces_of_every_line() {
        for text in ["a b  c\u{a0}d \n e   f\tg h ", "  lead\n\n\n trail   ", "one", "x \u{3000} y  \n"] {
            let p = shaped(text);
            let cands = candidates(&p, &[run(text)], None);
            let counts = space_counts(&p, &cands);
            let pos = |k: usize| if k == 0 { 0 } else { cands[k - 1].0 };
            for j in 1..=cands.len() {
                for i in 0..j {
                    let (a, b) = (pos(i), pos(j));
                    let naive = p.text[a..p.trim_end(a..b)].matches(' ').count();
                    let fast = counts[j].0.saturating_sub(counts[j].1).saturating_sub(counts[i].0);
                    assert_eq!(naive, fast, "{text:?} {a}..{b}");
                }
            }
        }
    }

    #[test]
    fn many_open_breakpoints_fall_back_to_first_fit() {
        // Tiny type: every opportunity could start a line that reaches the last.
        let text: String = (0..2 * MAX_ACTIVE).map(|i| format!("w{i} ")).collect();
        let p = shaped(&text);
        let runs = [run(&text)];
        let cands = candidates(&p, &runs, None);
        let opts = BreakOptions { justify: true, lang: None };
        assert!(optimal(&p, &runs, &FontBook::bundled(), &LineRoom::uniform(1e6), &cands, opts).is_none());
        let lines = linebreak(&p, &runs, &FontBook::bundled(), &LineRoom::uniform(1e6), opts);
        assert_eq!(lines.len(), 1);
    }

    #[test]
    fn soft_hyphens_are_break_points() {
        let text = "super\u{ad}cali\u{ad}fragilistic";
        let p = shaped(text);
        let lines = linebreak(&p, &[run(text)], &FontBook::bundled(), &LineRoom::uniform(45.0), BreakOptions::default());
        assert!(lines.len() >= 2 && lines[0].hyphen, "{lines:?}");
    }
}

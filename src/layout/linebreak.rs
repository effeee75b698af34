//! Line breaking: first-fit over Unicode line-break opportunities, measured with the
//! shaped advances. A piece wider than the line is broken at the margin.

use std::ops::Range;

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::shape::Shaped;

/// Breaks the paragraph into lines no wider than `width`; returns byte ranges of the
/// paragraph text (each line includes its trailing spaces and line feed).
pub fn linebreak(p: &Shaped, width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut candidate: Option<usize> = None;
    // Tolerance for rounding: a line that fits within a hundredth of a point fits.
    let width = width + 0.01;
    for (pos, opp) in linebreaks(&p.text) {
        loop {
            if pos <= start {
                break;
            }
            if p.trimmed_width(start..pos) <= width {
                if opp == BreakOpportunity::Mandatory {
                    lines.push(start..pos);
                    start = pos;
                    candidate = None;
                } else {
                    candidate = Some(pos);
                }
                break;
            }
            if let Some(c) = candidate.take() {
                lines.push(start..c);
                start = c;
                continue;
            }
            // Nothing fits: break inside the piece at the margin.
            let cut = fit_prefix(p, start, pos, width);
            lines.push(start..cut);
            start = cut;
        }
    }
    if start < p.text.len() || lines.is_empty() {
        lines.push(start..p.text.len());
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
    use crate::font::{Family, FontBook};
    use crate::geom::Rgb;
    use crate::layout::shape::shape;
    use crate::style::{Run, TextStyle};

    fn shaped(text: &str) -> Shaped {
        let style = TextStyle {
            family: Family::Sans,
            bold: false,
            italic: false,
            size: 10.0,
            color: Rgb::BLACK,
            underline: false,
            strike: false,
            shift: 0.0,
            background: None,
            frame: false,
        };
        let run = Run { text: text.into(), style, link: None, span: 0..0, object: None };
        shape(&[run], &FontBook::bundled(), f32::INFINITY, None, &mut vec![], &mut vec![])
    }

    #[test]
    fn lines_fit_and_keep_all_text() {
        let p = shaped("The quick brown fox jumps over the lazy dog again and again.");
        let lines = linebreak(&p, 80.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(p.trimmed_width(l.clone()) <= 80.01, "{:?}", &p.text[l.clone()]);
        }
        let joined: String = lines.iter().map(|l| &p.text[l.clone()]).collect();
        assert_eq!(joined, p.text);
    }

    #[test]
    fn long_words_break_at_the_margin() {
        let p = shaped("https://example.org/a/very/long/path/that/never/ends/at/all/really");
        let lines = linebreak(&p, 50.0);
        assert!(lines.len() > 3);
        for l in &lines {
            assert!(p.trimmed_width(l.clone()) <= 50.01);
        }
    }

    #[test]
    fn forced_breaks_are_kept() {
        let p = shaped("one\ntwo");
        assert_eq!(linebreak(&p, 500.0).len(), 2);
    }

    #[test]
    fn zero_width_still_progresses() {
        let p = shaped("abc def");
        let lines = linebreak(&p, 0.0);
        assert!(lines.len() >= 3);
    }
}

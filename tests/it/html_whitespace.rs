//! White space inside raw HTML, as a browser lays it out (CSS `white-space: normal`):
//! a newline written between tags or words is a space, never a line break; only
//! `<br>` and block elements end lines. `<pre>` and `white-space: pre*` keep the
//! newlines as written, and a blank line still ends an HTML block (Markdown resumes).
//!
//! Each test renders a small fictional résumé with the `cvpdf` binary and reads the
//! lines back from `pdftotext -bbox`: words whose boxes share a baseline are one line.

use crate::common;

use common::{arg, assert_exit, stderr, word_boxes, TestDir};

/// One line of text as a reader sees it: its top and its words, left to right.
#[derive(Debug)]
struct Line {
    page: usize,
    top: f64,
    height: f64,
    words: Vec<String>,
}

impl Line {
    fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// Renders `src` (with small square icons `a.svg`, `b.svg`, `c.svg` beside it) and
/// returns its lines, in reading order. Any warning but one about `<progress>`
/// fails the test.
fn lines(test: &str, src: &str) -> Vec<Line> {
    lines_warned(test, src, &[])
}

/// [`lines`], where warnings that contain one of `expected` are allowed, and each
/// of `expected` must be warned about.
fn lines_warned(test: &str, src: &str, expected: &[&str]) -> Vec<Line> {
    let dir = TestDir::sealed(test);
    let icon = r##"<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12"><rect width="12" height="12" fill="#36c"/></svg>"##;
    for name in ["a.svg", "b.svg", "c.svg"] {
        dir.write(name, icon);
    }
    let md = dir.write("cv.md", src);
    let pdf = dir.path("cv.pdf");
    let out = dir.run(&[arg(&md), "-o", arg(&pdf)]);
    assert_exit(&out, 0);
    // Nothing here is dropped or approximated but `<progress>`, if it is not drawn.
    let err = stderr(&out);
    let warnings: Vec<_> = err.lines().filter(|l| l.contains("warning:")).collect();
    let unexpected: Vec<_> = warnings.iter().filter(|l| !l.contains("progress") && !expected.iter().any(|e| l.contains(e))).collect();
    assert!(unexpected.is_empty(), "unexpected warnings: {unexpected:?}");
    for e in expected {
        assert!(warnings.iter().any(|l| l.contains(e)), "no warning about {e:?}: {err}");
    }
    let mut boxes = word_boxes(&pdf);
    boxes.sort_by(|a, b| (a.page, a.y_max).partial_cmp(&(b.page, b.y_max)).unwrap());
    let mut out: Vec<Line> = Vec::new();
    let mut xs: Vec<Vec<(f64, String)>> = Vec::new();
    for b in boxes {
        // Words of one line share their baseline (their boxes' bottoms, for one font size).
        match out.last_mut() {
            Some(l) if l.page == b.page && (l.top + l.height - b.y_max).abs() < 1.0 => {
                if let Some(x) = xs.last_mut() {
                    x.push((b.x_min, b.text));
                }
            }
            _ => {
                out.push(Line { page: b.page, top: b.y_min, height: b.y_max - b.y_min, words: vec![] });
                xs.push(vec![(b.x_min, b.text)]);
            }
        }
    }
    // Words of a line from left to right.
    for (l, mut x) in out.iter_mut().zip(xs) {
        x.sort_by(|a, b| a.0.total_cmp(&b.0));
        l.words = x.into_iter().map(|(_, w)| w).collect();
    }
    out
}

fn line_with<'a>(lines: &'a [Line], word: &str) -> &'a Line {
    lines.iter().find(|l| l.words.iter().any(|w| w == word)).unwrap_or_else(|| panic!("no line holds {word:?}: {lines:#?}"))
}

fn index_of(lines: &[Line], word: &str) -> usize {
    lines.iter().position(|l| l.words.iter().any(|w| w == word)).unwrap_or_else(|| panic!("no line holds {word:?}: {lines:#?}"))
}

#[test]
fn contact_items_in_a_centred_div_share_one_line() {
    // Indented items, one per source line, as résumé headers write them.
    let src = "# Ada Example\n\n<center>\n<div>\n    <span><img src=\"a.svg\" width=\"12\"> ada@example.com</span> ·\n    \
               <span><img src=\"b.svg\" width=\"12\"> +1 555 0100</span> ·\n    \
               <span><img src=\"c.svg\" width=\"12\"> example.org</span>\n</div>\n</center>\n\nAfter.\n";
    let lines = lines("contact", src);
    let line = line_with(&lines, "ada@example.com");
    assert_eq!(line.text(), "ada@example.com · +1 555 0100 · example.org", "{lines:#?}");
    // Then the paragraph after it: three lines in all.
    assert_eq!(lines.len(), 3, "{lines:#?}");
}

/// The distance from one line's top to the next.
fn step(lines: &[Line], a: &str, b: &str) -> f64 {
    line_with(lines, b).top - line_with(lines, a).top
}

#[test]
fn br_at_the_end_of_a_source_line_adds_no_empty_line() {
    // The same three lines broken by `<br>` + newline in HTML, and by Markdown hard
    // breaks: the lines are as far apart.
    let src = "<div>\nAlpha one<br>\nBravo two<br>\nCharlie three\n</div>\n\nDelta four\\\nEcho five\\\nFoxtrot six\n";
    let lines = lines("br", src);
    assert_eq!(lines.len(), 6, "{lines:#?}");
    let (html, markdown) = (step(&lines, "Alpha", "Bravo"), step(&lines, "Delta", "Echo"));
    assert!((html - markdown).abs() < 0.5, "HTML lines {html} apart, Markdown lines {markdown}: {lines:#?}");
    assert!((step(&lines, "Bravo", "Charlie") - markdown).abs() < 0.5, "{lines:#?}");
}

#[test]
fn newlines_between_divs_add_no_empty_line() {
    let src = "<div>\n  <div>Alpha one</div>\n  <div>Bravo two</div>\n</div>\n<div>Charlie three</div>\n\nDelta four\\\nEcho five\n";
    let lines = lines("divs", src);
    assert_eq!(lines.iter().map(Line::text).collect::<Vec<_>>(), ["Alpha one", "Bravo two", "Charlie three", "Delta four", "Echo five"]);
    let markdown = step(&lines, "Delta", "Echo");
    for (a, b) in [("Alpha", "Bravo"), ("Bravo", "Charlie")] {
        assert!((step(&lines, a, b) - markdown).abs() < 0.5, "{a} to {b}: {lines:#?}");
    }
}

#[test]
fn div_lines_in_a_table_cell_are_single_spaced_with_no_empty_first_line() {
    let src = "<table>\n<tr>\n<td>\n<div>Alpha one</div>\n<div>Bravo two</div>\n<div>Charlie three</div>\n</td>\n<td>Right cell</td>\n</tr>\n</table>\n\n\
               Delta four\\\nEcho five\n";
    let lines = lines("cell", src);
    // The first line of the cell is no lower than the other cell's only line (top or
    // middle alignment), and the lines follow each other as a paragraph's do.
    assert!(line_with(&lines, "Alpha").top <= line_with(&lines, "Right").top + 0.5, "{lines:#?}");
    let markdown = step(&lines, "Delta", "Echo");
    for (a, b) in [("Alpha", "Bravo"), ("Bravo", "Charlie")] {
        assert!((step(&lines, a, b) - markdown).abs() < 0.5, "{a} to {b}: {lines:#?}");
    }
    assert_eq!(index_of(&lines, "Charlie") - index_of(&lines, "Alpha"), 2, "{lines:#?}");
}

#[test]
fn text_after_a_block_in_a_cell_starts_a_new_line() {
    // A browser puts what follows a `<div>` on the next line; the break it ends the
    // cell with adds no empty line.
    let src = "<table><tr><td><div>Alpha one</div>Bravo two<p>Charlie three</p></td></tr></table>\n\nDelta four\\\nEcho five\n";
    let lines = lines("after-block", src);
    let texts: Vec<_> = lines.iter().map(Line::text).collect();
    assert_eq!(texts, ["Alpha one", "Bravo two", "Charlie three", "Delta four", "Echo five"]);
    let markdown = step(&lines, "Delta", "Echo");
    assert!((step(&lines, "Alpha", "Bravo") - markdown).abs() < 0.5, "{lines:#?}");
}

#[test]
fn labels_written_on_lines_of_a_p_share_one_line() {
    let src = "<p>\nRust: <progress value=\"80\" max=\"100\"></progress>\nGo: <progress value=\"60\" max=\"100\"></progress>\n\
               SQL: <progress value=\"40\" max=\"100\"></progress>\n</p>\n";
    let lines = lines("progress", src);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_eq!(lines[0].text(), "Rust: Go: SQL:");
}

#[test]
fn pre_and_white_space_pre_keep_their_newlines() {
    let src = "<pre>\nAlpha   one\nBravo two\n</pre>\n\n\
               <div style=\"white-space: pre-line\">\nCharlie   three\nDelta four\n</div>\n\n\
               <div style=\"white-space: pre-wrap\">Echo five\nFoxtrot six</div>\n\n\
               <div style=\"white-space: nowrap\">Golf seven\nHotel eight</div>\n";
    // `nowrap` collapses as `normal` does; that lines still wrap is a warning.
    let lines = lines_warned("pre", src, &["white-space: nowrap"]);
    let texts: Vec<_> = lines.iter().map(Line::text).collect();
    assert_eq!(texts, ["Alpha one", "Bravo two", "Charlie three", "Delta four", "Echo five", "Foxtrot six", "Golf seven Hotel eight"]);
}

#[test]
fn markdown_resumes_after_a_blank_line_in_html() {
    // A blank line ends the HTML block: the list is Markdown again, one item a line.
    let src = "<div>\n<b>Skills</b>\n\n- Alpha one\n- Bravo two\n\n</div>\n";
    let lines = lines("markdown", src);
    let texts: Vec<_> = lines.iter().map(Line::text).collect();
    assert_eq!(texts, ["Skills", "• Alpha one", "• Bravo two"]);
}

#[test]
fn a_pre_in_a_table_cell_keeps_its_lines_with_no_empty_first_line() {
    let src = "<table><tr><td>Top<pre>\nAlpha one\nBravo two\n</pre>Charlie three</td><td>Right</td></tr></table>\n";
    let lines = lines("cell-pre", src);
    let texts: Vec<_> = lines.iter().map(Line::text).collect();
    assert_eq!(texts, ["Top Right", "Alpha one", "Bravo two", "Charlie three"]);
    let line = step(&lines, "Alpha", "Bravo");
    assert!((step(&lines, "Top", "Alpha") - line).abs() < 0.5, "{lines:#?}");
    assert!((step(&lines, "Bravo", "Charlie") - line).abs() < 0.5, "{lines:#?}");
}

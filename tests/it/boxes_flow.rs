//! The rest of issue 16's block properties, checked where a reader of the PDF sees
//! them (word positions from `pdftotext -bbox`, and the order `pdftotext` reads):
//! `text-indent`, text wrapping line by line around a float, `column-span: all`,
//! `position: relative`, styles on HTML headings and `display: inline-flex` on
//! inline elements. Every person and employer here is fictional.

use crate::boxes::{assert_in_order, pdf, texts, word};
use crate::common;

use common::{word_boxes, TestDir, WordBox};
use cvpdf::{render, Options};

/// md-to-pdf's page: A4, 20 mm left and 40 mm right margins (points).
const LEFT: f64 = 20.0 * 72.0 / 25.4;
const RIGHT: f64 = 595.28 - 40.0 * 72.0 / 25.4;

/// The first word of each printed line, with its box, top to bottom.
fn line_starts(boxes: &[WordBox]) -> Vec<&WordBox> {
    let mut out: Vec<&WordBox> = Vec::new();
    for b in boxes {
        if out.last().is_none_or(|l| (l.y_max - b.y_max).abs() > 1.0) {
            out.push(b);
        }
    }
    out
}

const LONG: &str = "Sam Example designs imaginary bridges for fictional rivers and writes about them at length, \
    with more words here so that the paragraph wraps over several lines of the page and shows where each of \
    its lines begins and ends, line after line, until it stops.";

#[test]
fn text_indent_moves_the_first_line_only() {
    let dir = TestDir::new("flow-indent");
    let cases = [
        (format!("<p style=\"text-indent: 24px\">{LONG}</p>\n"), 18.0),
        (format!("---\ncss: 'p {{ text-indent: 10% }}'\n---\n\n{LONG}\n"), 0.1 * (RIGHT - LEFT)),
        // Inherited from a container, as CSS says.
        (format!("<div style=\"text-indent: 30px\">\n\n{LONG}\n\n</div>\n"), 22.5),
    ];
    for (k, (src, indent)) in cases.iter().enumerate() {
        let path = pdf(&dir, &format!("indent-{k}.pdf"), src);
        let boxes = word_boxes(&path);
        let starts = line_starts(&boxes);
        assert!(starts.len() >= 3, "case {k}: several lines: {starts:?}");
        assert!((starts[0].x_min - LEFT - indent).abs() < 1.0, "case {k}: first line indented by {indent}: {:?}", starts[0]);
        for s in &starts[1..] {
            assert!((s.x_min - LEFT).abs() < 1.0, "case {k}: later lines at the margin: {s:?}");
        }
        // Every line still ends inside the right margin.
        assert!(boxes.iter().all(|b| b.x_max <= RIGHT + 0.5), "case {k}");
    }
}

#[test]
fn text_wraps_around_a_float_line_by_line() {
    let dir = TestDir::sealed("flow-float-lines");
    // 60 × 80 px, shown 80 px wide: 60 pt by 80 pt.
    dir.write("portrait.png", common::png(60, 80, "portrait"));
    let long = LONG.repeat(6);
    let src = format!(
        "<img src=\"portrait.png\" style=\"float: right; width: 80px\" alt=\"Portrait of Sam\">\n\n{long}\n\nAfter the paragraph.\n"
    );
    dir.write("cv.md", &src);
    let out = dir.run(&["cv.md", "-o", "cv.pdf"]);
    common::assert_exit(&out, 0);
    let boxes = word_boxes(&dir.path("cv.pdf"));
    let starts = line_starts(&boxes);
    let top = starts[0].y_min;
    let (float_left, float_bottom) = (RIGHT - 60.0, top + 80.0);
    let line_end = |s: &WordBox| boxes.iter().filter(|b| (b.y_max - s.y_max).abs() < 1.0).map(|b| b.x_max).fold(0.0, f64::max);
    let beside: Vec<f64> = starts.iter().filter(|s| s.y_max < float_bottom).map(|s| line_end(s)).collect();
    let below: Vec<f64> = starts.iter().filter(|s| s.y_min > float_bottom + 1.0).map(|s| line_end(s)).collect();
    assert!(beside.len() >= 4 && beside.iter().all(|e| *e <= float_left + 0.5), "lines beside the portrait stay left of it: {beside:?}");
    assert!(below.len() >= 3, "the paragraph runs on below the portrait: {below:?}");
    assert!(below[..below.len() - 2].iter().all(|e| *e > float_left + 20.0), "lines below it take the whole width: {below:?}");
    // One paragraph, read in order, the text after it last.
    let (plain, _, raw) = texts(&dir.path("cv.pdf"));
    for text in [&plain, &raw] {
        assert_in_order(
            text,
            &[
                "Sam Example designs",
                "until it stops.",
                "until it stops.",
                "until it stops.",
                "until it stops.",
                "until it stops.",
                "After the paragraph.",
            ],
        );
    }
}

#[test]
fn column_span_all_crosses_the_columns_between_balanced_parts() {
    let dir = TestDir::new("flow-span");
    let src = "<div style=\"columns: 2\">\n\n- Alpha\n- Bravo\n- Charlie\n- Delta\n\n<h3 style=\"column-span: all\">Spanning heading</h3>\n\n- Echo\n- Foxtrot\n\n</div>\n";
    let path = pdf(&dir, "span.pdf", src);
    let boxes = word_boxes(&path);
    let (alpha, charlie, heading, echo, foxtrot) =
        (word(&boxes, "Alpha"), word(&boxes, "Charlie"), word(&boxes, "Spanning"), word(&boxes, "Echo"), word(&boxes, "Foxtrot"));
    // Above the heading, two balanced columns: Charlie starts the second one.
    assert!((charlie.y_min - alpha.y_min).abs() < 1.0 && charlie.x_min > alpha.x_min + 150.0, "{alpha:?} {charlie:?}");
    // The heading at the left margin, below both columns; the columns start again below it.
    assert!((heading.x_min - LEFT).abs() < 1.0, "{heading:?}");
    assert!(heading.y_min > word(&boxes, "Delta").y_max && heading.y_min > word(&boxes, "Bravo").y_max, "{heading:?}");
    assert!(echo.y_min > heading.y_max && (foxtrot.y_min - echo.y_min).abs() < 1.0 && foxtrot.x_min > echo.x_min + 150.0);
    let (_, _, raw) = texts(&path);
    assert_in_order(&raw, &["Alpha", "Bravo", "Charlie", "Delta", "Spanning heading", "Echo", "Foxtrot"]);
}

#[test]
fn position_relative_moves_the_block_and_nothing_after_it() {
    let dir = TestDir::new("flow-relative");
    let plain = pdf(&dir, "plain.pdf", "<div>Shifted words</div>\n\nNext paragraph.\n");
    let moved = pdf(&dir, "moved.pdf", "<div style=\"position: relative; left: 20px; top: 8px\">Shifted words</div>\n\nNext paragraph.\n");
    let right =
        pdf(&dir, "right.pdf", "<div style=\"position: relative; right: 20px; bottom: 8px\">Shifted words</div>\n\nNext paragraph.\n");
    let (a, b, c) = (word_boxes(&plain), word_boxes(&moved), word_boxes(&right));
    let (sa, sb, sc) = (word(&a, "Shifted"), word(&b, "Shifted"), word(&c, "Shifted"));
    assert!((sb.x_min - sa.x_min - 15.0).abs() < 0.5 && (sb.y_min - sa.y_min - 6.0).abs() < 0.5, "20px right, 8px down: {sa:?} {sb:?}");
    assert!((sc.x_min - sa.x_min + 15.0).abs() < 0.5 && (sc.y_min - sa.y_min + 6.0).abs() < 0.5, "20px left, 8px up: {sa:?} {sc:?}");
    for boxes in [&b, &c] {
        assert!((word(boxes, "Next").y_min - word(&a, "Next").y_min).abs() < 0.01, "what follows stays put");
    }
}

#[test]
fn html_headings_take_their_style_attribute_and_classes() {
    let dir = TestDir::new("flow-html-heading");
    let src = "---\ncss: 'h2.when { text-align: right }'\n---\n\n<h2 style=\"text-align: center\">Centred Heading</h2>\n\n<h2 class=\"when\">Right Heading</h2>\n\n<h3 style=\"unknown-thing: 1\">Plain</h3>\n";
    let out = render(src, &Options::default());
    let warned: Vec<_> = out.warnings.iter().map(|w| w.message.clone()).collect();
    assert!(warned.iter().any(|w| w.contains("unknown-thing")), "a heading's style attribute is read and checked: {warned:?}");
    let path = dir.write("h.pdf", out.output.expect("renders"));
    let boxes = word_boxes(&path);
    let (centred, right) = (word(&boxes, "Heading"), word(&boxes, "Right"));
    let middle = (word(&boxes, "Centred").x_min + centred.x_max) / 2.0;
    assert!((middle - (LEFT + RIGHT) / 2.0).abs() < 1.5, "centred: {middle}");
    let right_end = boxes.iter().filter(|b| (b.y_max - right.y_max).abs() < 1.0).map(|b| b.x_max).fold(0.0, f64::max);
    assert!((right_end - RIGHT).abs() < 1.5, "right-aligned by its class: {right_end}");
}

#[test]
fn an_inline_flex_span_stays_in_its_line_with_a_warning() {
    let dir = TestDir::new("flow-inline-flex");
    let src = "Email: <span style=\"display: inline-flex; gap: 4px\"><b>E</b> kim@example.com</span> Phone: 555 0100\n";
    let out = render(src, &Options::default());
    let warned: Vec<_> = out.warnings.iter().map(|w| w.message.clone()).collect();
    assert!(warned.iter().any(|w| w.contains("display: flex or grid on inline elements")), "{warned:?}");
    let path = dir.write("c.pdf", out.output.expect("renders"));
    let (plain, layout, raw) = texts(&path);
    for text in [&plain, &layout, &raw] {
        let line = text.lines().find(|l| l.contains("Email")).expect("line");
        assert_in_order(line, &["Email:", "E kim@example.com", "Phone: 555 0100"]);
    }
}

#[test]
fn tagged_pdfs_give_each_box_its_own_structure_element() {
    let dir = TestDir::sealed("flow-tagged");
    let src = "<div style=\"display: grid; grid-template-columns: 140px 1fr; gap: 20px\">\n<div>\n\n**Contact**\n\nkim@example.com\n\n</div>\n<div>\n\n## Experience\n\nBuilt imaginary things.\n\n</div>\n</div>\n\n<div style=\"columns: 2\">\n\n- Rust\n- Go\n\n</div>\n";
    dir.write("cv.md", src);
    common::assert_exit(&dir.run(&["--tagged", "cv.md", "-o", "cv.pdf"]), 0);
    let tree = common::tool("pdfinfo", &["-struct-text", common::arg(&dir.path("cv.pdf"))]);
    // Three boxes directly under the document: the sidebar, the main column, the
    // skill columns; each holds its own text, in reading order.
    let divs: Vec<&str> = tree.split("\n  Div").skip(1).collect();
    assert_eq!(divs.len(), 3, "{tree}");
    assert!(divs[0].contains("\"Contact\"") && divs[0].contains("kim@example.com") && !divs[0].contains("Experience"), "{tree}");
    assert!(divs[1].contains("H2 \"Experience\"") && divs[1].contains("Built imaginary things."), "{tree}");
    assert!(divs[2].contains("\"Rust\"") && divs[2].contains("\"Go\"") && divs[2].contains("LI"), "{tree}");
}

//! HTML tables with cells spanning rows, and `<progress>` / `<meter>` bars: what a
//! reader of the PDF sees (word positions from `pdftotext -bbox`, pixels from
//! `pdftoppm`), on small fictional résumés.

use crate::common;

use std::path::PathBuf;

use common::{arg, assert_exit, stderr, tool, word_boxes, TestDir, WordBox};

/// Renders `md` in a sealed folder: the PDF's path, stderr, and the folder (kept
/// alive while the PDF is read).
fn render(name: &str, md: &str) -> (PathBuf, String, TestDir) {
    let dir = TestDir::sealed(name);
    dir.write("cv.md", md);
    let out = dir.run(&["cv.md", "-o", "cv.pdf"]);
    assert_exit(&out, 0);
    (dir.path("cv.pdf"), stderr(&out), dir)
}

/// The box of the first word `text` (on any page).
fn word<'a>(boxes: &'a [WordBox], text: &str) -> &'a WordBox {
    boxes
        .iter()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("no word {text:?} in {:?}", boxes.iter().map(|w| &w.text).collect::<Vec<_>>()))
}

/// The first page rendered at `dpi`: width, height and RGB bytes (from a PPM).
fn pixels(pdf: &std::path::Path, dpi: u32, dir: &TestDir) -> (usize, usize, Vec<u8>) {
    let stem = dir.path("page");
    tool("pdftoppm", &["-r", &dpi.to_string(), "-f", "1", "-l", "1", "-singlefile", arg(pdf), arg(&stem)]);
    let data = std::fs::read(dir.path("page.ppm")).expect("pdftoppm wrote page.ppm");
    let (w, h, px) = common::netpbm(&data, "P6");
    (w, h, px.to_vec())
}

/// Pixels close to `rgb` (within a few levels, for anti-aliased edges): their
/// count, and the smallest and largest x and y among them.
fn colour_area(img: &(usize, usize, Vec<u8>), rgb: (u8, u8, u8)) -> (usize, usize, usize, usize, usize) {
    colour_in(img, rgb, 0..img.1)
}

/// [`colour_area`] within the rows `ys`.
fn colour_in(img: &(usize, usize, Vec<u8>), rgb: (u8, u8, u8), ys: std::ops::Range<usize>) -> (usize, usize, usize, usize, usize) {
    let (w, _, data) = img;
    let near = |a: u8, b: u8| a.abs_diff(b) <= 6;
    let (mut n, mut x0, mut x1, mut y0, mut y1) = (0, usize::MAX, 0, usize::MAX, 0);
    for y in ys {
        for x in 0..*w {
            let p = &data[(y * w + x) * 3..(y * w + x) * 3 + 3];
            if near(p[0], rgb.0) && near(p[1], rgb.1) && near(p[2], rgb.2) {
                n += 1;
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
        }
    }
    (n, x0, x1, y0, y1)
}

// ---------------------------------------------------------------------------------------
// backgrounds of rows and cells
// ---------------------------------------------------------------------------------------

#[test]
fn zebra_rows_and_a_cell_background_from_css_fill_their_cells() {
    let md = "---\ncss: |\n  tr:nth-child(even) { background: #ffcc00 }\n  td:last-child { background-color: rgb(0, 170, 255) }\n---\n\n\
              | Yearhead | Rolehead |\n| --- | --- |\n| Yearone | Alphacell |\n| Yeartwo | Betacell |\n| Yearthree | Gammacell |\n";
    let (pdf, err, dir) = render("zebra", md);
    assert!(!err.contains("warning"), "{err}");
    let b = word_boxes(&pdf);
    let img = pixels(&pdf, 72, &dir);
    let row = |w: &str| {
        let w = word(&b, w);
        (w.y_min as usize)..(w.y_max as usize + 1)
    };
    // The second body row's first cell is yellow; the other rows' first cells are not.
    let (yellow, x0, x1, ..) = colour_in(&img, (0xff, 0xcc, 0x00), row("Yeartwo"));
    let yeartwo = word(&b, "Yeartwo");
    assert!(yellow > 50 && (x0 as f64) < yeartwo.x_min && (x1 as f64) < word(&b, "Betacell").x_min, "yellow {yellow} px at x {x0}–{x1}");
    assert_eq!(colour_in(&img, (0xff, 0xcc, 0x00), row("Yearone")).0, 0);
    assert_eq!(colour_in(&img, (0xff, 0xcc, 0x00), row("Yearthree")).0, 0);
    // The last cell of every body row is blue, over the row's yellow.
    for w in ["Alphacell", "Betacell", "Gammacell"] {
        let (blue, x0, ..) = colour_in(&img, (0x00, 0xaa, 0xff), row(w));
        assert!(blue > 50 && (x0 as f64) > yeartwo.x_max, "{w}: {blue} blue px from x {x0}");
    }
    assert_eq!(colour_in(&img, (0x00, 0xaa, 0xff), row("Rolehead")).0, 0, "the header cell is a `th`");
}

#[test]
fn padding_on_single_cells_warns_that_the_table_keeps_one_padding() {
    let md = "---\ncss: |\n  td:first-child { padding-left: 0 }\n---\n\n| Yearhead | Rolehead |\n| --- | --- |\n| Yearone | Alphacell |\n";
    let (_, err, _dir) = render("cell-padding", md);
    assert!(err.contains("CSS padding on some cells of a table"), "{err}");
}

// ---------------------------------------------------------------------------------------
// rowspan
// ---------------------------------------------------------------------------------------

const PHOTO_TABLE: &str = "# Alex Doe\n\n<table>\n\
<tr><td rowspan=\"4\">Portrait</td><td>Name</td><td>Alex Doe</td></tr>\n\
<tr><td>Email</td><td>alex@example.org</td></tr>\n\
<tr><td>Phone</td><td>+1 555 0100</td></tr>\n\
<tr><td>City</td><td>Springfield</td></tr>\n\
<tr><td colspan=\"3\">Closing row across the table</td></tr>\n\
</table>\n";

#[test]
fn a_cell_spanning_rows_stands_beside_them() {
    let (pdf, err, _dir) = render("rowspan-beside", PHOTO_TABLE);
    assert!(!err.contains("warning"), "{err}");
    let b = word_boxes(&pdf);
    let portrait = word(&b, "Portrait");
    let labels: Vec<&WordBox> = ["Name", "Email", "Phone", "City"].iter().map(|t| word(&b, t)).collect();
    // Every label sits in the second column, right of the spanning cell, one under
    // another.
    for l in &labels {
        assert!(l.x_min > portrait.x_max + 5.0, "{} at x {} is not right of Portrait (ends at {})", l.text, l.x_min, portrait.x_max);
        assert!((l.x_min - labels[0].x_min).abs() < 0.5, "{} is not in the labels' column", l.text);
    }
    // The spanning cell starts on the first row's line.
    assert!((portrait.y_min - labels[0].y_min).abs() < 0.5, "Portrait at y {} and Name at {}", portrait.y_min, labels[0].y_min);
    // The rows are not pushed down: they step evenly, and the row after them
    // follows at the same step.
    let step = labels[1].y_min - labels[0].y_min;
    assert!(step > 10.0 && step < 30.0, "row step {step}");
    for pair in labels.windows(2) {
        assert!((pair[1].y_min - pair[0].y_min - step).abs() < 0.5, "uneven rows: {} then {}", pair[0].text, pair[1].text);
    }
    let closing = word(&b, "Closing");
    assert!(
        (closing.y_min - labels[3].y_min - step).abs() < 0.5,
        "the row after the span is {} below City",
        closing.y_min - labels[3].y_min
    );
    // The row spanning all three columns starts at the table's left edge.
    assert!((closing.x_min - portrait.x_min).abs() < 0.5);
}

#[test]
fn a_cell_spanning_rows_taller_than_them_makes_them_taller() {
    let lines: Vec<String> = (1..=8).map(|i| format!("Line{i}")).collect();
    let md = format!(
        "<table>\n<tr><td rowspan=\"2\">{}</td><td>First</td></tr>\n<tr><td>Second</td></tr>\n<tr><td>After</td><td>Next</td></tr>\n</table>\n",
        lines.join("<br>")
    );
    let (pdf, _, _dir) = render("rowspan-taller", &md);
    let b = word_boxes(&pdf);
    let (first, second, last) = (word(&b, "First"), word(&b, "Second"), word(&b, "Line8"));
    // Second is in the second column, the row right under First's: the tall cell
    // grows both rows rather than pushing the second one down.
    assert!((second.x_min - first.x_min).abs() < 0.5, "Second is in First's column");
    assert!(second.y_min > first.y_max && second.y_min < last.y_min, "Second is beside the spanning cell");
    // The spanning cell's last line ends before the row after the span begins.
    let after = word(&b, "After");
    assert!(after.y_min > last.y_max + 2.0, "After at {} overlaps the spanning cell (ends {})", after.y_min, last.y_max);
    assert!((after.x_min - word(&b, "Line1").x_min).abs() < 0.5, "After is in the first column");
    assert!(word(&b, "Next").x_min > last.x_max, "Next is in the second column");
}

#[test]
fn rows_joined_by_a_span_move_to_the_next_page_together() {
    // The table starts two rows above the first page's foot.
    let filler: String = (1..=29).map(|i| format!("Filler paragraph {i}.\n\n")).collect();
    let md = format!("{filler}{}", PHOTO_TABLE.trim_start_matches("# Alex Doe\n\n"));
    let (pdf, _, _dir) = render("rowspan-together", &md);
    let b = word_boxes(&pdf);
    let on = |t: &str| word(&b, t).page;
    assert!(b.iter().any(|w| w.text == "29." && w.page == 1), "the filler fills the first page");
    assert_eq!(on("Portrait"), 2, "the rows do not fit under the filler");
    assert_eq!(["Portrait", "Name", "Email", "Phone", "City"].map(on), [on("Portrait"); 5], "the spanning cell and its rows share a page");
}

#[test]
fn rows_joined_by_a_span_taller_than_a_page_keep_every_word() {
    let rows: String = (2..=70).map(|i| format!("<tr><td>Entry{i}</td></tr>\n")).collect();
    let md = format!("<table>\n<tr><td rowspan=\"70\">Publications</td><td>Entry1</td></tr>\n{rows}</table>\n");
    let (pdf, err, _dir) = render("rowspan-long", &md);
    assert!(err.contains("taller than the page"), "{err}");
    let b = word_boxes(&pdf);
    for i in 1..=70 {
        let e = word(&b, &format!("Entry{i}"));
        assert!(e.x_min > word(&b, "Publications").x_max, "Entry{i} is in the second column");
    }
    assert!(b.iter().map(|w| w.page).max() >= Some(2));
    // Each page's rows step down the page without overlapping.
    let entries: Vec<&WordBox> = b.iter().filter(|w| w.text.starts_with("Entry")).collect();
    for pair in entries.windows(2).filter(|p| p[0].page == p[1].page) {
        assert!(pair[1].y_min >= pair[0].y_max - 0.5, "{} overlaps {}", pair[1].text, pair[0].text);
    }
}

#[test]
fn cells_spanning_rows_and_columns_leave_their_grid_places_free() {
    let md = "<table>\n\
<tr><td>A1</td><td colspan=\"2\" rowspan=\"2\">Block</td><td>D1</td></tr>\n\
<tr><td>A2</td><td>D2</td></tr>\n\
<tr><td>A3</td><td>B3</td><td>C3</td><td>D3</td></tr>\n\
</table>\n";
    let (pdf, _, _dir) = render("rowspan-colspan", md);
    let b = word_boxes(&pdf);
    let x = |t: &str| word(&b, t).x_min;
    assert!((x("D2") - x("D1")).abs() < 0.5 && (x("D3") - x("D1")).abs() < 0.5, "D1, D2, D3 share the fourth column");
    assert!((x("Block") - x("B3")).abs() < 0.5, "Block starts in the second column");
    assert!(x("C3") > x("B3") && x("C3") < x("D3"));
}

#[test]
fn rowspan_zero_and_overlong_spans_end_with_the_table() {
    let md = "<table>\n<tr><td rowspan=\"0\">Side</td><td>One</td></tr>\n<tr><td>Two</td></tr>\n</table>\n\n\
<table>\n<tr><td rowspan=\"9\">Left</td><td>Three</td></tr>\n</table>\n\nBelow the tables.\n";
    let (pdf, err, _dir) = render("rowspan-zero", md);
    assert!(!err.contains("warning"), "{err}");
    let b = word_boxes(&pdf);
    assert!(word(&b, "Two").x_min > word(&b, "Side").x_max, "Two is beside Side");
    assert!(word(&b, "Below").y_min - word(&b, "Three").y_max < 40.0, "a span past the last row adds no rows");
}

// ---------------------------------------------------------------------------------------
// <progress> and <meter>
// ---------------------------------------------------------------------------------------

const BLUE: (u8, u8, u8) = (0x00, 0x75, 0xff);
const TRACK: (u8, u8, u8) = (0xef, 0xef, 0xef);

#[test]
fn a_progress_bar_is_drawn_filled_to_its_value() {
    let (pdf, err, dir) = render("progress-bar", "Rust <progress value=\"70\" max=\"100\"></progress> expert\n");
    assert!(!err.contains("warning"), "{err}");
    let b = word_boxes(&pdf);
    let (rust, expert) = (word(&b, "Rust"), word(&b, "expert"));
    assert_eq!(b.len(), 2, "the bar adds no words");
    // 10em wide at the body's 11px (8.25pt), with a space each side.
    let gap = expert.x_min - rust.x_max;
    assert!((gap - 82.5).abs() < 8.0, "the bar's gap is {gap}pt");
    let img = pixels(&pdf, 144, &dir);
    let scale = 2.0; // pixels per point
    let (blue, bx0, bx1, by0, by1) = colour_area(&img, BLUE);
    let (track, ..) = colour_in(&img, TRACK, by0..by1 + 1);
    assert!(blue > 50 && track > 20, "bar pixels: {blue} blue, {track} track");
    // The bar ends where its middle row turns white.
    let (w, _, data) = &img;
    let y = (by0 + by1) / 2;
    let white = |x: usize| data[(y * w + x) * 3..(y * w + x) * 3 + 3].iter().all(|c| *c > 250);
    let tx1 = (bx1..*w).find(|x| white(*x)).expect("white after the bar") - 1;
    // Filled from the left to 70%.
    let (left, right) = (rust.x_max * scale, expert.x_min * scale);
    assert!(bx0 as f64 > left && (tx1 as f64) < right, "the bar ({bx0}–{tx1}) lies between the words ({left}–{right})");
    let fill = (bx1 - bx0) as f64 / (tx1 - bx0) as f64;
    assert!((fill - 0.7).abs() < 0.05, "filled {fill}");
    // Half an em tall (less the border over the fill's edges), on the text's line.
    let tall = (by1 - by0 + 1) as f64 / scale;
    assert!((tall - 2.6).abs() < 1.0, "bar {tall}pt tall");
    let (mid, line) = ((by0 + by1) as f64 / 2.0 / scale, (rust.y_min + rust.y_max) / 2.0);
    assert!((mid - line).abs() < 3.0, "bar centre {mid}, text centre {line}");
}

#[test]
fn text_inside_a_progress_follows_the_bar_and_an_empty_one_adds_none() {
    let md = "<p>Go <progress value=\"3\" max=\"4\">75%</progress> then</p>\n\n<p>Ada <progress value=\"1\"></progress> done</p>\n";
    let (pdf, _, _dir) = render("progress-text", md);
    let b = word_boxes(&pdf);
    let words: Vec<&str> = b.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(words, ["Go", "75%", "then", "Ada", "done"]);
    let (go, pct) = (word(&b, "Go"), word(&b, "75%"));
    assert!(pct.x_min - go.x_max > 70.0, "75% comes after the bar: {} → {}", go.x_max, pct.x_min);
}

#[test]
fn meters_are_coloured_by_their_region_and_css_sizes_and_colours_bars() {
    let md = "Low <meter value=\"20\" min=\"0\" max=\"100\" low=\"33\" high=\"66\" optimum=\"80\"></meter> \
good <meter value=\"0.9\"></meter>\n\n\
Sized <progress style=\"width: 200px; height: 20px; accent-color: #cc0000\" value=\"1\" max=\"4\"></progress> end\n";
    let (pdf, _, dir) = render("meter-css", md);
    let b = word_boxes(&pdf);
    let img = pixels(&pdf, 144, &dir);
    let (red, ..) = colour_area(&img, (0xd8, 0x3b, 0x01));
    let (green, ..) = colour_area(&img, (0x10, 0x7c, 0x10));
    assert!(red > 10 && green > 10, "meter fills: {red} red, {green} green");
    // The sized bar: 150pt wide, 15pt tall box (a 7.5pt bar), a quarter in red.
    let gap = word(&b, "end").x_min - word(&b, "Sized").x_max;
    assert!((gap - 150.0).abs() < 8.0, "sized bar gap {gap}");
    let (n, x0, x1, y0, y1) = colour_area(&img, (0xcc, 0x00, 0x00));
    assert!(n > 100, "accent-color fill");
    let w = (x1 - x0 + 1) as f64 / 2.0;
    assert!((w - 37.5).abs() < 3.0, "a quarter of 150pt: {w}");
    let tall = (y1 - y0 + 1) as f64 / 2.0;
    // (the border, 0.75pt, covers the fill's top and bottom edges)
    assert!((tall - 6.0).abs() < 1.0, "bar {tall}pt tall");
}

#[test]
fn a_hidden_progress_draws_nothing_and_hides_its_text() {
    let md = "<style>.gone { display: none }</style>\n\nSkill <progress class=\"gone\" value=\"5\" max=\"10\">half</progress> end\n";
    let (pdf, _, dir) = render("progress-hidden", md);
    let words: Vec<String> = word_boxes(&pdf).into_iter().map(|w| w.text).collect();
    assert_eq!(words, ["Skill", "end"]);
    assert_eq!(colour_area(&pixels(&pdf, 72, &dir), BLUE).0, 0);
}

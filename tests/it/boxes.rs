//! Boxes side by side (issue 16): flex rows, grid sidebars, multi-column lists and
//! sized blocks, checked where a reader of the PDF sees them: word positions from
//! `pdftotext -bbox`, and the order `pdftotext` reads the text in (its default and
//! `-layout` modes). Every person and employer here is fictional.

use crate::common;

use common::{word_boxes, TestDir, WordBox};
use cvpdf::{render, Options};

/// Renders `src` with the bundled fonts and returns the PDF's path.
pub(crate) fn pdf(dir: &TestDir, name: &str, src: &str) -> std::path::PathBuf {
    let out = render(src, &Options::default());
    let bytes = out.output.unwrap_or_else(|e| panic!("render failed: {e:?}"));
    let unexpected: Vec<_> = out.warnings.iter().map(|w| w.message.clone()).collect();
    assert!(unexpected.is_empty(), "warnings: {unexpected:?}");
    dir.write(name, bytes)
}

pub(crate) fn word<'a>(boxes: &'a [WordBox], text: &str) -> &'a WordBox {
    boxes
        .iter()
        .find(|b| b.text == text)
        .unwrap_or_else(|| panic!("no word {text:?} in {:?}", boxes.iter().map(|b| &b.text).collect::<Vec<_>>()))
}

/// The text `pdftotext` reads: in its default mode (which guesses the reading
/// order from where words are), with `-layout` (lines as printed) and with `-raw`
/// (the content stream's order, as most ATS parsers read).
pub(crate) fn texts(pdf: &std::path::Path) -> (String, String, String) {
    let p = common::arg(pdf);
    let mode = |m: &str| common::tool("pdftotext", &[m, "-enc", "UTF-8", p, "-"]);
    (common::tool("pdftotext", &["-enc", "UTF-8", p, "-"]), mode("-layout"), mode("-raw"))
}

/// Where each of `words` first occurs in `text`, which must be in this order.
pub(crate) fn assert_in_order(text: &str, words: &[&str]) {
    let mut from = 0;
    for w in words {
        let at = text[from..].find(w).unwrap_or_else(|| panic!("{w:?} missing or out of order in:\n{text}"));
        from += at + w.len();
    }
}

const TITLE_ROW: &str = r#"# Robin Example

<div style="display: flex; justify-content: space-between; align-items: baseline">
<strong>Staff Engineer, Fictional Widgets</strong>
<span class="dates">2019 – 2023</span>
</div>

Built the widget pipeline.
"#;

#[test]
fn a_flex_title_row_puts_the_dates_at_the_right_end_of_the_same_line() {
    let dir = TestDir::new("boxes-title");
    let path = pdf(&dir, "title.pdf", TITLE_ROW);
    let boxes = word_boxes(&path);
    let (staff, year, after) = (word(&boxes, "Staff"), word(&boxes, "2023"), word(&boxes, "Built"));
    // md-to-pdf's page: A4, 20mm left and 40mm right margins.
    let right_edge = 595.28 - 40.0 * 72.0 / 25.4;
    assert!((year.x_max - right_edge).abs() < 2.0, "dates end at the right margin ({right_edge}): {year:?}");
    assert!((staff.y_max - year.y_max).abs() < 1.0, "one line: {staff:?} {year:?}");
    assert!(after.y_min > staff.y_max, "the next paragraph below the row");
    let (plain, layout, raw) = texts(&path);
    // In every mode, "title dates" on one line: pdftotext's default mode, which
    // guesses columns from where words are, would read the far-apart dates as a
    // column of their own (as it does for a browser's PDF) but for the bridge
    // across the gap, which reads as one zero-width space.
    for text in [&plain, &layout, &raw] {
        let line = text.lines().find(|l| l.contains("Staff Engineer")).expect("title line");
        assert_in_order(line, &["Staff Engineer, Fictional Widgets", "2019 – 2023"]);
        let between = &line[line.find("Widgets").unwrap() + 7..line.find("2019").unwrap()];
        assert!(between.chars().all(|c| c == ' ' || c == '\u{200b}'), "only spaces between: {between:?}");
    }
}

#[test]
fn flex_grow_and_margin_auto_share_the_free_room() {
    let dir = TestDir::new("boxes-grow");
    let src = r#"<div style="display: flex; gap: 12px">
<span style="flex: 1">Alpha</span>
<span style="flex: 1">Beta</span>
<span style="margin-left: auto">Omega</span>
</div>
"#;
    let boxes = word_boxes(&pdf(&dir, "grow.pdf", src));
    let (a, b, o) = (word(&boxes, "Alpha"), word(&boxes, "Beta"), word(&boxes, "Omega"));
    let left = 20.0 * 72.0 / 25.4;
    let right = 595.28 - 40.0 * 72.0 / 25.4;
    assert!((a.x_min - left).abs() < 1.0, "{a:?}");
    assert!((o.x_max - right).abs() < 2.0, "the auto margin pushes the last item to the end: {o:?}");
    // Two growing items of equal share: Beta starts about halfway across the room
    // left of Omega.
    let room = o.x_min - 9.0 - left;
    assert!((b.x_min - (left + room / 2.0 + 4.5)).abs() < 6.0, "Beta at {} of room {room}", b.x_min);
}

const SIDEBAR: &str = r#"# Sam Example

<div style="display: grid; grid-template-columns: 140px 1fr; gap: 16px">
<div style="background: #eef2f7; padding: 8px">

**Skills**

Rust, Go, SQL, Kubernetes, observability and careful writing.

</div>
<div>

**Experience**

Lead engineer at Imaginary Logistics, where the team rebuilt the routing service, moved
every batch job to streaming, and cut the nightly run from four hours to twelve minutes
while keeping every customer report byte for byte the same as before the change.

</div>
</div>
"#;

#[test]
fn a_grid_sidebar_reads_as_one_run_beside_the_main_column() {
    let dir = TestDir::new("boxes-sidebar");
    let path = pdf(&dir, "sidebar.pdf", SIDEBAR);
    let boxes = word_boxes(&path);
    let (skills, exp) = (word(&boxes, "Skills"), word(&boxes, "Experience"));
    let left = 20.0 * 72.0 / 25.4;
    assert!((exp.x_min - (left + 105.0 + 12.0)).abs() < 1.5, "main column after 140px and a 16px gap: {exp:?}");
    assert!(
        (skills.y_min - exp.y_min - 6.0).abs() < 1.0,
        "both columns start at the top, the sidebar's text 8px inside it: {skills:?} {exp:?}"
    );
    assert!(skills.x_min >= left + 5.0, "the sidebar's padding: {skills:?}");
    let (plain, layout, raw) = texts(&path);
    // The sidebar's words are read together, then the main column's: no line of the
    // one between lines of the other.
    let sidebar = ["Skills", "Rust, Go, SQL", "careful writing."];
    let main = ["Experience", "Lead engineer", "twelve minutes", "before the change."];
    for text in [&plain, &raw] {
        assert_in_order(text, &sidebar);
        assert_in_order(text, &main);
        let last_side = text.find("careful writing.").expect("sidebar end");
        let first_main = text.find("Lead engineer").expect("main start");
        let last_main = text.find("before the change.").expect("main end");
        assert!(last_side < first_main || last_side > last_main, "sidebar and main not interleaved:\n{text}");
    }
    // As printed (`-layout`), the sidebar's text is left of the main column's.
    let column = |t: &str| layout.lines().find_map(|l| l.find(t)).unwrap_or_else(|| panic!("{t} in:\n{layout}"));
    assert!(column("Skills") < column("Experience") && column("Rust,") < column("Lead"), "{layout}");
}

#[test]
fn a_three_column_skill_list_is_read_in_source_order() {
    let dir = TestDir::new("boxes-columns");
    let items: String = (1..=9).map(|k| format!("- Skill{k}\n")).collect();
    let src = format!("<style>ul {{ columns: 3; column-gap: 20px }}</style>\n\n# Kim Example\n\n{items}");
    let path = pdf(&dir, "columns.pdf", &src);
    let boxes = word_boxes(&path);
    let xs: Vec<f64> = (1..=9).map(|k| word(&boxes, &format!("Skill{k}")).x_min).collect();
    assert!((xs[0] - xs[2]).abs() < 0.5 && (xs[3] - xs[5]).abs() < 0.5 && (xs[6] - xs[8]).abs() < 0.5, "three to a column: {xs:?}");
    assert!(xs[3] > xs[0] + 100.0 && xs[6] > xs[3] + 100.0, "columns side by side: {xs:?}");
    let y = |k: usize| word(&boxes, &format!("Skill{k}")).y_min;
    assert!((y(1) - y(4)).abs() < 0.5 && (y(4) - y(7)).abs() < 0.5, "balanced: each column starts at the top");
    // In the stream, column by column. (pdftotext's default mode reads these short
    // items row by row unless their lines are close, as it does a browser's PDF.)
    let (_, _, raw) = texts(&path);
    let order: Vec<String> = (1..=9).map(|k| format!("Skill{k}")).collect();
    assert_in_order(&raw, &order.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn a_sized_block_is_centred_by_auto_margins() {
    let dir = TestDir::new("boxes-width");
    let src = "<div style=\"width: 50%; margin: 0 auto; text-align: center\">Centred Summary</div>\n";
    let boxes = word_boxes(&pdf(&dir, "width.pdf", src));
    let (c, s) = (word(&boxes, "Centred"), word(&boxes, "Summary"));
    let (left, right) = (20.0 * 72.0 / 25.4, 595.28 - 40.0 * 72.0 / 25.4);
    let middle = (left + right) / 2.0;
    assert!(((c.x_min + s.x_max) / 2.0 - middle).abs() < 2.0, "centred in the line: {c:?} {s:?}");
}

#[test]
fn a_grid_taller_than_a_page_continues_on_the_next_page_in_its_columns() {
    let dir = TestDir::new("boxes-long");
    let paragraphs: String = (1..=60).map(|k| format!("Project{k} shipped a fictional feature for an imaginary client.\n\n")).collect();
    let src = format!(
        "<div style=\"display: grid; grid-template-columns: 120px 1fr; gap: 10px\">\n<div>\n\nSideNote\n\n</div>\n<div>\n\n{paragraphs}</div>\n</div>\n"
    );
    let path = pdf(&dir, "long.pdf", &src);
    let boxes = word_boxes(&path);
    assert!(boxes.iter().any(|b| b.page >= 2), "more than one page");
    let first = word(&boxes, "Project1");
    let last = word(&boxes, "Project60");
    assert!(last.page > first.page);
    assert!((first.x_min - last.x_min).abs() < 0.5, "the main column keeps its place on the next page");
    for k in 1..=60 {
        word(&boxes, &format!("Project{k}"));
    }
    let (plain, _, raw) = texts(&path);
    let order: Vec<String> = (1..=60).map(|k| format!("Project{k} ")).collect();
    assert_in_order(&plain, &order.iter().map(String::as_str).collect::<Vec<_>>());
    assert_in_order(&raw, &order.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn a_floated_span_in_a_heading_goes_to_the_right_end_of_its_line() {
    let dir = TestDir::new("boxes-float-span");
    let src = "# Lee Example\n\n### Data Analyst, Placeholder Inc <span style=\"float: right\">2020 – 2022</span>\n\nModelled imaginary demand.\n";
    let path = pdf(&dir, "float.pdf", src);
    let boxes = word_boxes(&path);
    let (title, year, next) = (word(&boxes, "Analyst,"), word(&boxes, "2022"), word(&boxes, "Modelled"));
    let right_edge = 595.28 - 40.0 * 72.0 / 25.4;
    assert!((year.x_max - right_edge).abs() < 2.0, "dates at the right margin: {year:?}");
    assert!((title.y_max - year.y_max).abs() < 1.0, "one line: {title:?} {year:?}");
    assert!(next.y_min > title.y_max, "the paragraph below");
    let (plain, layout, raw) = texts(&path);
    for text in [&plain, &layout, &raw] {
        let line = text.lines().find(|l| l.contains("Data Analyst")).expect("title line");
        assert_in_order(line, &["Data Analyst, Placeholder Inc", "2020 – 2022"]);
    }
    // The heading is still a heading: a bookmark in the outline.
    let doc = cvpdf::compile(src, &Options::default()).output.expect("compiles");
    assert!(doc.outline.iter().any(|o| o.title.contains("Data Analyst")), "{:?}", doc.outline);
}

#[test]
fn text_after_a_floated_image_wraps_beside_it() {
    let dir = TestDir::sealed("boxes-float-img");
    dir.write("portrait.png", common::png(60, 80, "portrait"));
    let src = "# Jo Example\n\n<img src=\"portrait.png\" style=\"float: right; width: 80px\" alt=\"Portrait of Jo\">\n\nJo writes software for imaginary companies, and this paragraph sits beside the portrait, wrapping in the room to its left.\n\n<p style=\"clear: both\">Cleared text.</p>\n";
    dir.write("cv.md", src);
    let out = dir.run(&["cv.md", "-o", "cv.pdf"]);
    common::assert_exit(&out, 0);
    let boxes = word_boxes(&dir.path("cv.pdf"));
    let right_edge = 595.28 - 40.0 * 72.0 / 25.4;
    let beside: Vec<&WordBox> =
        boxes.iter().filter(|b| b.y_min < boxes.iter().find(|c| c.text == "Cleared").map_or(0.0, |c| c.y_min)).collect();
    let widest = beside.iter().filter(|b| b.text != "Jo" && b.text != "Example").map(|b| b.x_max).fold(0.0, f64::max);
    assert!(widest < right_edge - 60.0 + 1.0, "the text stays left of the 60pt portrait: {widest}");
    let jo = word(&boxes, "writes");
    let cleared = word(&boxes, "Cleared");
    assert!(cleared.y_min - jo.y_min > 50.0, "the cleared paragraph below the portrait: {jo:?} {cleared:?}");
}

/// The designed looks in `examples/looks` (a sidebar, a classic one with dates at the
/// right and a photo, a compact one with skill columns) render with no warnings,
/// every heading's text in the text layer in order.
#[test]
fn the_example_looks_render_without_warnings() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/looks");
    let cases: [(&str, &[&str]); 3] = [
        (
            "sidebar",
            &["Noor Example", "Contact", "Skills", "Languages", "Experience", "Staff Engineer, Widget Works", "2021 – today", "Education"],
        ),
        ("classic", &["Pat Example", "Experience", "Senior Analyst, Placeholder Inc", "2020 – today", "Education"]),
        ("compact", &["Sam Example", "Summary", "Skills", "TypeScript", "Node.js", "Experience"]),
    ];
    let out = TestDir::sealed("boxes-looks");
    for (name, words) in cases {
        let md = dir.join(format!("{name}.md"));
        let pdf = out.path(&format!("{name}.pdf"));
        let run = out.command(&[common::arg(&md), "-o", common::arg(&pdf)]).output().expect("runs");
        common::assert_exit(&run, 0);
        assert!(common::stderr(&run).trim().is_empty(), "{name}: {}", common::stderr(&run));
        let (_, _, raw) = texts(&pdf);
        assert_in_order(&raw, words);
    }
}

#[test]
fn fit_pages_shrinks_a_grid_sidebar_onto_one_page() {
    let main: String = (1..=45).map(|k| format!("Achievement{k} at a fictional employer, told in one line.\n\n")).collect();
    let body = format!(
        "<div style=\"display: grid; grid-template-columns: 120px 1fr; gap: 12px\">\n<div>\n\nSideSkills\n\n</div>\n<div>\n\n{main}</div>\n</div>\n"
    );
    let pages = |src: &str| cvpdf::compile(src, &Options::default()).output.expect("compiles").pages.len();
    assert!(pages(&body) >= 2, "two pages without fitting");
    let fitted = cvpdf::compile(&format!("---\nfit_pages: 1\n---\n{body}"), &Options::default()).output.expect("compiles");
    assert_eq!(fitted.pages.len(), 1);
    assert!(fitted.fit_scale.is_some_and(|s| s < 1.0));
}

/// A sidebar and a main column both longer than a page: each page's text is the
/// sidebar's part whole, then the main column's part, in the content stream.
#[test]
fn a_long_sidebar_and_main_column_read_column_by_column_on_each_page() {
    let dir = TestDir::new("boxes-long-both");
    let side: String = (0..90).map(|k| format!("Side{k}<br>\n")).collect();
    let main: String = (0..90).map(|k| format!("Main{k} paragraph of fictional text.\n\n")).collect();
    let src = format!(
        "<div style=\"display:grid;grid-template-columns:120px 1fr;gap:10px\">\n<div>\n\n{side}\n</div>\n<div>\n\n{main}</div>\n</div>\n"
    );
    let path = pdf(&dir, "both.pdf", &src);
    let (_, _, raw) = texts(&path);
    let pages: Vec<&str> = raw.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (n, page) in pages.iter().enumerate() {
        let last_side = page.rfind("Side");
        let first_main = page.find("Main");
        if let (Some(s), Some(m)) = (last_side, first_main) {
            assert!(s < m, "page {}: the sidebar's text first, then the main column's:\n{page}", n + 1);
        }
    }
    let order: Vec<String> = (0..90).map(|k| format!("Main{k} ")).collect();
    assert_in_order(&raw, &order.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn border_radius_rounds_a_block_background() {
    let src = "<div style=\"background: #eef2f7; border-radius: 8px; padding: 10px\">\n\nRounded box for Kai Example.\n\n</div>\n\n<div style=\"background: #eef2f7\">Square box.</div>\n";
    let doc = cvpdf::compile(src, &Options::default()).output.expect("compiles");
    let items: Vec<&cvpdf::layout::FrameItem> = doc.pages.iter().flat_map(|p| p.items.iter().map(|(_, i)| i)).collect();
    let rounded: Vec<f32> = items
        .iter()
        .filter_map(|i| if let cvpdf::layout::FrameItem::RoundRect { radius, .. } = i { Some(*radius) } else { None })
        .collect();
    assert_eq!(rounded, [6.0], "one rounded background, 8px = 6pt");
    assert!(items.iter().any(|i| matches!(i, cvpdf::layout::FrameItem::Rect { fill: Some(_), .. })), "the square one stays a rectangle");
}

#[test]
fn vertical_align_places_a_cells_lines_in_its_row() {
    let y_of = |src: &str, word: &str| -> f32 {
        let doc = cvpdf::compile(src, &Options::default()).output.expect("compiles");
        doc.pages[0]
            .items
            .iter()
            .find_map(|(at, i)| match i {
                cvpdf::layout::FrameItem::Text(t) if t.text.contains(word) => Some(at.y),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{word}"))
    };
    let table = "| Role | Notes |\n|---|---|\n| Tester | one<br>two<br>three<br>four |\n";
    let top = y_of(table, "Tester");
    let middle = y_of(&format!("<style>td {{ vertical-align: middle }}</style>\n\n{table}"), "Tester");
    let bottom = y_of(&format!("<style>tr {{ vertical-align: bottom }}</style>\n\n{table}"), "Tester");
    let (first, last) = (y_of(table, "one"), y_of(table, "four"));
    assert!((middle - (first + last) / 2.0).abs() < 1.0, "middle: {middle} between {first} and {last}");
    assert!((bottom - last).abs() < 0.5, "bottom (inherited from the row): {bottom} vs {last}");
    assert!((top - first).abs() < 0.5, "the baseline by default: {top} vs {first}");
}

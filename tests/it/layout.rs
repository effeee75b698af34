//! Frame-dump tests of layout: compile small fictional Markdown sources with
//! `cvpdf::compile` and check the geometry a reader of the PDF would see — text inside
//! the margins, long words broken, headings kept with their text, list markers, tables,
//! link areas, code backgrounds — plus determinism and robustness on odd input.
//!
//! Coordinates are PDF points, top-left origin, y down; a text item's position is the
//! start of its baseline.

use crate::common;

use common::doc::compile_ok;
use common::frame_dump::dump;
use common::rng::Lcg;
use cvpdf::font::Family;
use cvpdf::layout::{FrameItem, PagedDocument};
use cvpdf::{compile, render, Options};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const MM: f32 = 72.0 / 25.4;

/// The default page and margins (md-to-pdf's): A4, 30mm 40mm 30mm 20mm.
const A4: (f32, f32) = (595.28, 841.89);
const DEFAULT_MARGINS: Margins = Margins { top: 30.0 * MM, right: 40.0 * MM, bottom: 30.0 * MM, left: 20.0 * MM };

/// Page margins in points.
#[derive(Debug, Clone, Copy)]
struct Margins {
    top: f32,
    right: f32,
    bottom: f32,
    left: f32,
}

impl Margins {
    fn splat(v: f32) -> Margins {
        Margins { top: v, right: v, bottom: v, left: v }
    }
}

/// A text item as the reader sees it: where its baseline starts, how wide it is.
#[derive(Debug, Clone)]
struct TextBox {
    x: f32,
    baseline: f32,
    width: f32,
    size: f32,
    font: usize,
    text: String,
}

impl TextBox {
    fn right(&self) -> f32 {
        self.x + self.width
    }
}

/// A `FrameItem::Rect` or `FrameItem::Link` area, with its index in the page's items.
#[derive(Debug, Clone)]
struct Area {
    index: usize,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    filled: bool,
    url: Option<String>,
}

/// Renders a source to PDF bytes and fails the test unless it is a PDF.
fn render_ok(src: &str) -> Vec<u8> {
    let warned = render(src, &Options::default());
    match warned.output {
        Ok(bytes) => {
            assert!(bytes.starts_with(b"%PDF-"), "output does not start with %PDF-");
            assert!(bytes.len() > 200, "suspiciously small PDF: {} bytes", bytes.len());
            bytes
        }
        Err(errors) => panic!("render failed: {errors:#?}"),
    }
}

/// Per page, every text item in drawing order.
fn text_boxes(doc: &PagedDocument) -> Vec<Vec<TextBox>> {
    doc.pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .filter_map(|(p, item)| match item {
                    FrameItem::Text(t) => {
                        Some(TextBox { x: p.x, baseline: p.y, width: t.width(), size: t.size, font: t.font, text: t.text.clone() })
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// Per page, every rectangle and link area.
fn areas(doc: &PagedDocument) -> Vec<Vec<Area>> {
    doc.pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .enumerate()
                .filter_map(|(index, (p, item))| match item {
                    FrameItem::Rect { size, fill, .. } => {
                        Some(Area { index, x: p.x, y: p.y, w: size.width, h: size.height, filled: fill.is_some(), url: None })
                    }
                    FrameItem::Link { size, url } => {
                        Some(Area { index, x: p.x, y: p.y, w: size.width, h: size.height, filled: false, url: Some(url.to_string()) })
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The dump, cut to `max` lines for failure messages.
fn short_dump(doc: &PagedDocument, max: usize) -> String {
    let d = dump(doc);
    let n = d.lines().count();
    let mut s: String = d.lines().take(max).map(|l| format!("{l}\n")).collect();
    if n > max {
        s.push_str(&format!("… {} more lines\n", n - max));
    }
    s
}

/// All text in drawing order, items joined with `sep`.
fn joined_text(doc: &PagedDocument, sep: &str) -> String {
    text_boxes(doc).iter().flatten().map(|t| t.text.as_str()).collect::<Vec<_>>().join(sep)
}

/// The alphanumeric words of a text.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Fails unless every word occurs in the document's text, in this order.
fn assert_words_in_order(doc: &PagedDocument, expected: &[String]) {
    let text = joined_text(doc, " ");
    let mut pos = 0;
    for (n, w) in expected.iter().enumerate() {
        match text[pos..].find(w.as_str()) {
            Some(i) => pos += i + w.len(),
            None => {
                panic!("word #{n} {w:?} missing or out of order (searched from byte {pos} of {})\n{}", text.len(), short_dump(doc, 200))
            }
        }
    }
}

/// Descriptions of every text item outside the content area of a page of this size and
/// margins (and of pages of another size).
fn area_violations(doc: &PagedDocument, size: (f32, f32), m: Margins) -> Vec<String> {
    let mut bad = Vec::new();
    for (n, (page, texts)) in doc.pages.iter().zip(text_boxes(doc)).enumerate() {
        let (w, h) = (page.size.width, page.size.height);
        if (w - size.0).abs() > 0.05 || (h - size.1).abs() > 0.05 {
            bad.push(format!("page {}: size {w}x{h}, expected {}x{}", n + 1, size.0, size.1));
        }
        for t in texts {
            let mut why = Vec::new();
            if t.x < m.left - 0.01 {
                why.push(format!("x {:.2} < left margin {:.2}", t.x, m.left));
            }
            if t.right() > w - m.right + 0.01 {
                why.push(format!("right edge {:.2} > {:.2}", t.right(), w - m.right));
            }
            if t.baseline - t.size < m.top - 1.0 {
                why.push(format!("top {:.2} < top margin {:.2}", t.baseline - t.size, m.top));
            }
            if t.baseline > h - m.bottom {
                why.push(format!("baseline {:.2} > {:.2}", t.baseline, h - m.bottom));
            }
            if !why.is_empty() {
                bad.push(format!("page {}: {:?} at ({:.2}, {:.2}): {}", n + 1, t.text, t.x, t.baseline, why.join(", ")));
            }
        }
    }
    bad
}

fn assert_in_area(doc: &PagedDocument, size: (f32, f32), m: Margins) {
    let bad = area_violations(doc, size, m);
    assert!(bad.is_empty(), "{} item(s) outside the content area:\n{}\n--- dump ---\n{}", bad.len(), bad.join("\n"), short_dump(doc, 300));
}

/// Distinct baselines (to 0.01 pt) of a set of text boxes.
fn baselines<'a>(items: impl IntoIterator<Item = &'a TextBox>) -> Vec<f32> {
    let mut v: Vec<f32> = items.into_iter().map(|t| t.baseline).collect();
    v.sort_by(f32::total_cmp);
    v.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    v
}

/// The most common text size: the body size.
fn body_size(doc: &PagedDocument) -> f32 {
    let mut counts: Vec<(f32, usize)> = Vec::new();
    for t in text_boxes(doc).iter().flatten() {
        match counts.iter_mut().find(|(s, _)| (*s - t.size).abs() < 0.01) {
            Some(c) => c.1 += t.text.len(),
            None => counts.push((t.size, t.text.len())),
        }
    }
    counts.into_iter().max_by_key(|c| c.1).map(|c| c.0).expect("document has text")
}

const WORDS: [&str; 16] = [
    "ledger", "orchard", "compiler", "harbour", "lantern", "meadow", "quartz", "signal", "timber", "velvet", "walnut", "yonder", "basil",
    "cobalt", "dune", "ember",
];

/// `n` pseudo-random fictional words.
fn filler(rng: &mut Lcg, n: usize) -> String {
    (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect::<Vec<_>>().join(" ")
}

/// `n` paragraphs of 40 to 120 filler words each.
fn paragraphs(n: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    (0..n)
        .map(|_| {
            let len = 40 + rng.below(80);
            filler(&mut rng, len) + "\n\n"
        })
        .collect()
}

/// `n` paragraphs of `min` to `min + 89` words, each word carrying its paragraph's
/// number (`{prefix}{p}w{k}`), so that a paragraph's lines can be told apart.
fn numbered_paragraphs(rng: &mut Lcg, prefix: &str, n: usize, min: usize) -> String {
    let mut src = String::new();
    for p in 0..n {
        let len = min + rng.below(90);
        let words: Vec<String> = (0..len).map(|w| format!("{prefix}{p}w{}", w % 7)).collect();
        src.push_str(&words.join(" "));
        src.push_str("\n\n");
    }
    src
}

/// For each page that holds lines of the text tagged `tag`, how many lines it holds.
fn lines_per_page(pages: &[Vec<TextBox>], tag: &str) -> Vec<usize> {
    pages
        .iter()
        .map(|page| {
            let mut baselines: Vec<f32> = page.iter().filter(|t| t.text.contains(tag)).map(|t| t.baseline).collect();
            baselines.dedup_by(|a, b| (*a - *b).abs() < 0.01);
            baselines.len()
        })
        .filter(|n| *n > 0)
        .collect()
}

fn with_front_matter(pdf_options: &str, body: &str) -> String {
    format!("---\npdf_options:\n{pdf_options}---\n\n{body}")
}

/// Checks that no page but the last ends with a heading line; headings are the text
/// items larger than the body text or starting with `Section `.
fn assert_no_page_ends_with_heading(doc: &PagedDocument) {
    let body = body_size(doc);
    let texts = text_boxes(doc);
    for (n, page) in texts.iter().enumerate().take(texts.len().saturating_sub(1)) {
        let last = page.iter().map(|t| t.baseline).fold(f32::MIN, f32::max);
        for t in page.iter().filter(|t| (t.baseline - last).abs() < 0.01) {
            assert!(
                t.size <= body + 0.01 && !t.text.starts_with("Section "),
                "page {} ends with heading {:?} (size {}, body {body})\n{}",
                n + 1,
                t.text,
                t.size,
                short_dump(doc, 400)
            );
        }
    }
}

/// Sections whose heading is followed by `follower(section)`, preceded by filler
/// paragraphs of varying length so that headings land at every height of a page.
fn sections_followed_by(follower: impl Fn(usize) -> String) -> String {
    let mut rng = Lcg(77);
    let mut src = String::new();
    for s in 0..40 {
        let len = 5 + rng.below(120);
        src.push_str(&filler(&mut rng, len));
        src.push_str(&format!("\n\n### Section {s} heading\n\n{}\n\n", follower(s)));
    }
    src
}

// ---------------------------------------------------------------------------------------
// Content area and margins
// ---------------------------------------------------------------------------------------

#[test]
fn area_mixed_fixture_stays_inside_default_margins() {
    let doc = compile_ok(&common::fixture("layout-mixed.md"));
    assert!(text_boxes(&doc).iter().flatten().count() > 50, "fixture produced little text:\n{}", dump(&doc));
    assert_in_area(&doc, A4, DEFAULT_MARGINS);
}

#[test]
fn area_mixed_fixture_stays_inside_10mm_margins() {
    let src = with_front_matter("  margin: 10mm\n", &common::fixture("layout-mixed.md"));
    let doc = compile_ok(&src);
    assert_in_area(&doc, A4, Margins::splat(10.0 * MM));
    // The wider area is used: some line reaches past where the default right margin was.
    let max_right = text_boxes(&doc).iter().flatten().map(TextBox::right).fold(0.0, f32::max);
    assert!(max_right > A4.0 - DEFAULT_MARGINS.right + 20.0, "widest line ends at {max_right}");
}

#[test]
fn area_mixed_fixture_stays_inside_letter_landscape() {
    let src = with_front_matter("  format: Letter\n  landscape: true\n", &common::fixture("layout-mixed.md"));
    let doc = compile_ok(&src);
    assert_in_area(&doc, (792.0, 612.0), DEFAULT_MARGINS);
}

#[test]
fn area_margin_1in_keeps_text_72pt_from_every_edge() {
    let body = paragraphs(30, 7);
    let doc = compile_ok(&with_front_matter("  margin: 1in\n", &body));
    assert!(doc.pages.len() > 1, "expected several pages");
    assert_in_area(&doc, A4, Margins::splat(72.0));
    // And the area is actually used up to the 1in margins, not the defaults.
    let texts = text_boxes(&doc);
    let max_right = texts.iter().flatten().map(TextBox::right).fold(0.0, f32::max);
    assert!(max_right > A4.0 - 72.0 - 40.0, "lines end at most at {max_right}");
    let max_base = texts[0].iter().map(|t| t.baseline).fold(0.0, f32::max);
    assert!(max_base > A4.1 - 72.0 - 40.0, "page 1 ends at {max_base}");
    let min_x = texts.iter().flatten().map(|t| t.x).fold(f32::MAX, f32::min);
    assert!((min_x - 72.0).abs() < 0.01, "paragraph text starts at x={min_x}, expected 72");
}

// ---------------------------------------------------------------------------------------
// Line breaking and text content
// ---------------------------------------------------------------------------------------

#[test]
fn linebreak_long_url_breaks_at_margin_keeping_all_characters() {
    let url = format!("https://example.org/{}", (0..40).map(|i| format!("part{i:02}")).collect::<Vec<_>>().join("/"));
    let word = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(12);
    // A URL may break after a `/` (a line-break opportunity), so its lines may end up to
    // one path segment short of the margin; a word without any opportunity is cut at
    // the margin itself, less than one letter short of it.
    for (token, slack) in [(url.as_str(), 50.0), (word.as_str(), 15.0)] {
        let doc = compile_ok(&format!("{token}\n"));
        let texts = text_boxes(&doc);
        let items: Vec<&TextBox> = texts.iter().flatten().collect();
        let lines = baselines(items.iter().copied());
        assert!(lines.len() >= 3, "expected the token on several lines, got {}:\n{}", lines.len(), dump(&doc));
        assert_in_area(&doc, A4, DEFAULT_MARGINS);
        let joined = joined_text(&doc, "");
        assert_eq!(joined, token, "characters lost or reordered:\n{}", dump(&doc));
        // Broken at the margin: every line but the last is nearly full.
        let right = A4.0 - DEFAULT_MARGINS.right;
        for &b in &lines[..lines.len() - 1] {
            let end = items.iter().filter(|t| (t.baseline - b).abs() < 0.01).map(|t| t.right()).fold(0.0, f32::max);
            assert!(end > right - slack, "line at y={b} ends at {end}, far from the margin {right}\n{}", dump(&doc));
        }
    }
}

#[test]
fn content_words_in_order_for_paragraphs_lists_tables_footnotes() {
    let part1 = "Avery Fictional tends an imaginary orchard of walnut trees.[^note1]\n\n\
                 - first bullet about cobalt lanterns\n- second bullet about velvet meadows\n  - nested bullet about quartz dunes\n\n\
                 1. numbered harbour item\n2. numbered timber item\n\n";
    let footnote_text = "Footnote text mentions basil and ember only here.";
    let footnote = format!("[^note1]: {footnote_text}\n\n");
    let part2 = "| Tool | Purpose |\n|------|---------|\n| compiler | turns signal into yonder |\n| lantern | lights the ledger |\n\n\
                 Final paragraph closes the invented story with a long sentence that will certainly wrap across more than one line of the page.\n";
    let src = format!("{part1}{footnote}{part2}");
    let doc = compile_ok(&src);
    // Footnote labels are not drawn; numbers in the source are list markers, which are
    // drawn after their item's first line (and checked by the list tests).
    let drawn = |w: &String| w != "note1" && w.parse::<u64>().is_err();
    let mut expected: Vec<String> = words(part1).into_iter().chain(words(part2)).filter(drawn).collect();
    expected.extend(words(footnote_text));
    assert!(expected.len() > 50);
    assert_words_in_order(&doc, &expected);
}

// ---------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------

#[test]
fn flow_heading_keeps_with_next() {
    let mut rng = Lcg(42);
    let mut src = String::new();
    for s in 0..60 {
        let level = if s % 3 == 0 { "##" } else { "###" };
        src.push_str(&format!("{level} Section {s} heading\n\n"));
        for _ in 0..1 + rng.below(4) {
            let len = 10 + rng.below(90);
            src.push_str(&filler(&mut rng, len));
            src.push_str("\n\n");
        }
    }
    let doc = compile_ok(&src);
    assert!(doc.pages.len() >= 5, "expected many pages, got {}", doc.pages.len());
    assert_no_page_ends_with_heading(&doc);
    let headings_seen = text_boxes(&doc).iter().flatten().filter(|t| t.text.starts_with("Section ")).count();
    assert_eq!(headings_seen, 60, "every heading is drawn once");
}

#[test]
fn flow_heading_keeps_with_list() {
    let doc = compile_ok(&sections_followed_by(|s| format!("- item {s} alpha\n- item {s} bravo\n")));
    assert!(doc.pages.len() >= 4);
    assert_no_page_ends_with_heading(&doc);
}

#[test]
fn flow_heading_keeps_with_table() {
    let doc = compile_ok(&sections_followed_by(|s| format!("| Key | Value |\n|---|---|\n| k{s} | v{s} |\n")));
    assert!(doc.pages.len() >= 4);
    assert_no_page_ends_with_heading(&doc);
}

#[test]
fn flow_heading_keeps_with_quote() {
    let doc = compile_ok(&sections_followed_by(|s| format!("> quoted remark number {s}\n")));
    assert!(doc.pages.len() >= 4);
    assert_no_page_ends_with_heading(&doc);
}

#[test]
fn flow_heading_keeps_with_code_block() {
    let doc = compile_ok(&sections_followed_by(|s| format!("```\nrun_step({s});\nrun_step({s} + 1);\n```\n")));
    assert!(doc.pages.len() >= 4);
    assert_no_page_ends_with_heading(&doc);
}

#[test]
fn pages_grow_linearly_with_paragraphs() {
    let counts: Vec<usize> = [10, 20, 40, 80].iter().map(|&n| compile_ok(&paragraphs(n, 3)).pages.len()).collect();
    assert!(counts.windows(2).all(|w| w[1] > w[0]), "page counts not increasing: {counts:?}");
    let ratio = counts[3] as f32 / counts[2] as f32;
    assert!((1.6..=2.4).contains(&ratio), "doubling the paragraphs gave {counts:?} pages (ratio {ratio})");
}

#[test]
fn pages_are_filled_before_breaking() {
    let doc = compile_ok(&paragraphs(40, 11));
    let texts = text_boxes(&doc);
    assert!(texts.len() > 2);
    let bottom = A4.1 - DEFAULT_MARGINS.bottom;
    for (n, page) in texts[..texts.len() - 1].iter().enumerate() {
        let last = page.iter().map(|t| t.baseline).fold(0.0, f32::max);
        // At most one line (18pt) plus paragraph spacing (12pt) of room is left.
        assert!(last > bottom - 40.0, "page {} ends at y={last}, bottom of area {bottom}", n + 1);
    }
}

// ---------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------

fn is_marker(text: &str) -> bool {
    matches!(text, "•" | "◦" | "▪") || (text.ends_with('.') && text[..text.len() - 1].parse::<u64>().is_ok())
}

#[test]
fn list_markers_sit_left_of_item_text_on_its_baseline() {
    let src = "- alpha item\n- bravo item that is long enough to wrap over the end of the line because it keeps going and going on\n  - charlie nested\n    - delta deeper\n\n\
               1. echo numbered\n2. foxtrot numbered\n\n- [ ] task golf\n";
    let doc = compile_ok(src);
    let texts = text_boxes(&doc);
    let page = &texts[0];
    let markers: Vec<&TextBox> = page.iter().filter(|t| is_marker(&t.text)).collect();
    assert_eq!(markers.len(), 6, "expected 6 text markers\n{}", dump(&doc));
    for m in &markers {
        let on_line: Vec<&TextBox> = page.iter().filter(|t| !is_marker(&t.text) && (t.baseline - m.baseline).abs() < 0.01).collect();
        assert!(!on_line.is_empty(), "marker {:?} at y={} has no item text on its baseline\n{}", m.text, m.baseline, dump(&doc));
        let first = on_line.iter().map(|t| t.x).fold(f32::MAX, f32::min);
        assert!(m.right() <= first + 0.01, "marker {:?} ends at {} but its text starts at {first}", m.text, m.right());
        assert!(first - m.right() < 20.0, "marker {:?} is far from its text ({} to {first})", m.text, m.right());
    }
    // Nested markers are further right.
    let x_of = |s: &str| markers.iter().find(|m| m.text == s).map(|m| m.x).unwrap_or_else(|| panic!("no marker {s}"));
    assert!(x_of("•") < x_of("◦") && x_of("◦") < x_of("▪"));
}

#[test]
fn list_marker_aligns_with_code_block_item() {
    let doc = compile_ok("- ```\n  first_code_line();\n  second_code_line();\n  ```\n- plain item\n");
    let texts = text_boxes(&doc);
    let page = &texts[0];
    let marker = page.iter().find(|t| t.text == "•").unwrap_or_else(|| panic!("no bullet\n{}", dump(&doc)));
    let code = page.iter().find(|t| t.text.contains("first_code_line")).unwrap_or_else(|| panic!("no code\n{}", dump(&doc)));
    assert!(
        (marker.baseline - code.baseline).abs() < 0.01,
        "bullet at y={} but the item's first line at y={}\n{}",
        marker.baseline,
        code.baseline,
        dump(&doc)
    );
    assert!(marker.right() <= code.x + 0.01);
}

#[test]
fn list_numbered_start_is_honoured() {
    let doc = compile_ok("3. third thing\n4. fourth thing\n5. fifth thing\n");
    let markers: Vec<String> = text_boxes(&doc).iter().flatten().filter(|t| is_marker(&t.text)).map(|t| t.text.clone()).collect();
    assert_eq!(markers, ["3.", "4.", "5."], "\n{}", dump(&doc));
}

// ---------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------

#[test]
fn table_header_is_bold_and_right_column_is_aligned() {
    let src = "| Project | Year | Budget |\n|:--------|:----:|-------:|\n| Orchard | 2019 | 1,200 |\n| Harbour | 2021 | 35 |\n| Lantern | 2023 | 987,654 |\n";
    let doc = compile_ok(src);
    let texts = text_boxes(&doc);
    let items = &texts[0];
    let find = |s: &str| items.iter().find(|t| t.text == s).unwrap_or_else(|| panic!("no item {s:?}\n{}", dump(&doc)));
    for h in ["Project", "Year", "Budget"] {
        assert!(doc.fonts.face(find(h).font).bold, "header {h} is not bold");
    }
    for b in ["Orchard", "2019", "1,200", "Lantern"] {
        assert!(!doc.fonts.face(find(b).font).bold, "body cell {b} is bold");
    }
    let rights: Vec<f32> = ["Budget", "1,200", "35", "987,654"].iter().map(|s| find(s).right()).collect();
    let spread = rights.iter().fold(f32::MIN, |a, &b| a.max(b)) - rights.iter().fold(f32::MAX, |a, &b| a.min(b));
    assert!(spread < 0.5, "right-aligned cells end at {rights:?}");
    // Left column starts at one x; the centred column is centred on one axis.
    let lefts: Vec<f32> = ["Project", "Orchard", "Harbour"].iter().map(|s| find(s).x).collect();
    assert!(lefts.iter().all(|x| (x - lefts[0]).abs() < 0.5), "left cells start at {lefts:?}");
    let mids: Vec<f32> = ["Year", "2019", "2021"].iter().map(|s| find(s).x + find(s).width / 2.0).collect();
    assert!(mids.iter().all(|x| (x - mids[0]).abs() < 0.5), "centred cells have middles {mids:?}");
}

#[test]
fn table_row_never_splits_across_pages() {
    let mut src = String::from("Intro paragraph before a long table.\n\n| Name | Notes | More |\n|---|---|---|\n");
    for r in 0..60 {
        let cell = |c: usize, n: usize| (0..n).map(|k| format!("r{r:02}c{c}w{k}")).collect::<Vec<_>>().join(" ");
        src.push_str(&format!("| {} | {} | {} |\n", cell(0, 2), cell(1, 4 + r % 9), cell(2, 3)));
    }
    let doc = compile_ok(&src);
    assert!(doc.pages.len() >= 2, "table should span pages\n{}", short_dump(&doc, 50));
    let mut pages_of_row: Vec<Vec<usize>> = vec![vec![]; 60];
    for (n, page) in text_boxes(&doc).iter().enumerate() {
        for t in page {
            for w in t.text.split_whitespace() {
                if let Some(r) = w.strip_prefix('r').and_then(|s| s.get(..2)).and_then(|s| s.parse::<usize>().ok()) {
                    if !pages_of_row[r].contains(&n) {
                        pages_of_row[r].push(n);
                    }
                }
            }
        }
    }
    for (r, pages) in pages_of_row.iter().enumerate() {
        assert_eq!(pages.len(), 1, "row {r} is on pages {pages:?}");
    }
    assert_in_area(&doc, A4, DEFAULT_MARGINS);
}

// ---------------------------------------------------------------------------------------
// Links
// ---------------------------------------------------------------------------------------

/// Link areas with this URL, per page.
fn links_to<'a>(all: &'a [Vec<Area>], url: &str) -> Vec<(usize, &'a Area)> {
    all.iter().enumerate().flat_map(|(n, p)| p.iter().filter(|a| a.url.as_deref() == Some(url)).map(move |a| (n, a))).collect()
}

fn covers(a: &Area, t: &TextBox) -> bool {
    a.x <= t.x + 0.01 && a.x + a.w >= t.right() - 0.01 && a.y <= t.baseline - t.size * 0.7 && a.y + a.h >= t.baseline
}

#[test]
fn link_rect_covers_its_text() {
    let doc = compile_ok("Before the link, read [the imaginary handbook](https://example.org/handbook) after it.\n");
    let all = areas(&doc);
    let links = links_to(&all, "https://example.org/handbook");
    assert_eq!(links.len(), 1, "\n{}", dump(&doc));
    let texts = text_boxes(&doc);
    let t = texts[0].iter().find(|t| t.text.contains("imaginary handbook")).expect("link text");
    let (_, a) = links[0];
    assert!(covers(a, t), "link area {a:?} does not cover {t:?}");
    // It does not cover the words around it.
    let before = texts[0].iter().find(|t| t.text.contains("Before")).expect("text before");
    assert!(a.x >= before.x + 30.0, "link area starts at {} which covers the text before it", a.x);
}

#[test]
fn link_wrapping_over_lines_gives_one_rect_per_line() {
    let link_words: Vec<String> = (0..40).map(|i| format!("linkword{i:02}")).collect();
    let src = format!("Some words first: [{}](https://example.org/long) and after.\n", link_words.join(" "));
    let doc = compile_ok(&src);
    let all = areas(&doc);
    let links = links_to(&all, "https://example.org/long");
    let texts = text_boxes(&doc);
    let link_texts: Vec<&TextBox> = texts[0].iter().filter(|t| t.text.contains("linkword")).collect();
    let lines = baselines(link_texts.iter().copied());
    assert!(lines.len() >= 2, "link text should wrap\n{}", dump(&doc));
    assert_eq!(links.len(), lines.len(), "one link area per line; areas: {links:?}\n{}", dump(&doc));
    for t in &link_texts {
        assert!(links.iter().any(|(_, a)| covers(a, t)), "no link area covers {t:?}; areas: {links:?}");
    }
}

#[test]
fn link_bare_url_and_email_become_links() {
    let doc = compile_ok("Visit https://example.org today or write to ada@example.com please.\n");
    let all = areas(&doc);
    let texts = text_boxes(&doc);
    for (url, shown) in [("https://example.org", "https://example.org"), ("mailto:ada@example.com", "ada@example.com")] {
        let links = links_to(&all, url);
        assert_eq!(links.len(), 1, "no single link to {url}; areas: {:?}\n{}", all, dump(&doc));
        let t = texts[0].iter().find(|t| t.text == shown).unwrap_or_else(|| panic!("no text item {shown:?}\n{}", dump(&doc)));
        assert!(covers(links[0].1, t), "link {url} area {:?} does not cover {t:?}", links[0].1);
    }
}

// ---------------------------------------------------------------------------------------
// Code blocks
// ---------------------------------------------------------------------------------------

#[test]
fn code_background_encloses_its_lines_on_every_page() {
    let code: String = (0..120).map(|i| format!("step_{i:03} = combine(step_{i:03}, 'invented value');\n")).collect();
    let src = format!("{}```\n{code}```\n\nClosing words.\n", paragraphs(3, 5));
    let doc = compile_ok(&src);
    assert!(doc.pages.len() >= 2, "code block should span pages");
    let mut mono_seen = 0;
    for (n, (texts, rects)) in text_boxes(&doc).iter().zip(areas(&doc)).enumerate() {
        let text_index: Vec<usize> =
            doc.pages[n].items.iter().enumerate().filter(|(_, (_, i))| matches!(i, FrameItem::Text(_))).map(|(i, _)| i).collect();
        for (t, &ti) in texts.iter().zip(&text_index) {
            if doc.fonts.face(t.font).family != Some(Family::Mono) {
                continue;
            }
            mono_seen += 1;
            let bg = rects.iter().find(|r| {
                r.filled
                    && r.x <= t.x + 0.01
                    && r.x + r.w >= t.right() - 0.01
                    && r.y <= t.baseline - t.size
                    && r.y + r.h >= t.baseline + t.size * 0.25
            });
            let bg = bg
                .unwrap_or_else(|| panic!("page {}: code line {:?} at y={} has no background; rects {rects:?}", n + 1, t.text, t.baseline));
            assert!(bg.index < ti, "background drawn over its text");
        }
    }
    assert_eq!(mono_seen, 120, "every code line drawn once in the mono face");
}

// ---------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------

#[test]
fn determinism_compile_and_render_twice_are_identical() {
    let src = common::fixture("layout-mixed.md");
    let a = compile_ok(&src);
    let b = compile_ok(&src);
    assert_eq!(dump(&a), dump(&b));
    let full = |d: &PagedDocument| format!("{:?}", d.pages);
    assert!(full(&a) == full(&b), "page items differ between two compiles");
    assert!(render_ok(&src) == render_ok(&src), "PDF bytes differ between two renders");
}

// ---------------------------------------------------------------------------------------
// Odd input: no panic, a PDF
// ---------------------------------------------------------------------------------------

#[test]
fn odd_empty_string() {
    render_ok("");
}

#[test]
fn odd_only_front_matter() {
    render_ok("---\ntitle: Nobody In Particular\n---\n");
}

#[test]
fn odd_only_dashes() {
    render_ok("---");
    render_ok("---\n");
}

#[test]
fn odd_10000_nested_quotes() {
    render_ok(&format!("{} deep thought\n", ">".repeat(10_000)));
}

#[test]
fn odd_5000_nested_list_items() {
    // 5,000 levels of indentation are 25 MB: over the input limit, a clean error.
    let src: String = (0..5000).map(|i| format!("{}- level {i}\n", "  ".repeat(i))).collect();
    let errors = render(&src, &Options::default()).output.expect_err("over the input limit");
    assert!(errors[0].message.contains("larger than 10 MB"), "{errors:?}");
    // 2,000 levels (4 MB) are under it, and render (flattened past 64).
    let src: String = (0..2000).map(|i| format!("{}- level {i}\n", "  ".repeat(i))).collect();
    render_ok(&src);
}

#[test]
fn odd_one_megabyte_paragraph() {
    let mut rng = Lcg(9);
    let mut src = String::with_capacity(1 << 20);
    while src.len() < 1 << 20 {
        src.push_str(WORDS[rng.below(16)]);
        src.push(' ');
    }
    render_ok(&src);
}

#[test]
fn odd_unclosed_html_tags() {
    let doc = compile_ok("<div><b><details>\n\nText after unclosed tags.\n\n# A heading\n");
    assert!(joined_text(&doc, " ").contains("Text after unclosed tags."), "\n{}", dump(&doc));
    render_ok("<div><b><details>");
    render_ok("<div><b><details>\n\nText after unclosed tags.\n\n# A heading\n");
}

#[test]
fn odd_random_bytes_lossy() {
    let mut rng = Lcg(1234);
    for _ in 0..4 {
        let bytes: Vec<u8> = (0..20_000).map(|_| rng.next() as u8).collect();
        render_ok(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn odd_nul_characters() {
    render_ok("Name\0Surname\0\0 writes\0 code.\n\n\0\n\n- item\0\n");
}

#[test]
fn odd_table_with_200_columns() {
    let head: String = (0..200).map(|i| format!("| h{i} ")).collect::<String>() + "|\n";
    let delim: String = "|---".repeat(200) + "|\n";
    let row: String = (0..200).map(|i| format!("| cell{i} ")).collect::<String>() + "|\n";
    render_ok(&format!("{head}{delim}{row}{row}"));
}

/// Every paragraph split across pages keeps at least two lines on each side: no
/// orphan at a page's foot, no widow at the next page's head.
#[test]
fn pages_keep_two_lines_of_a_split_paragraph_on_each_page() {
    let src = numbered_paragraphs(&mut Lcg(7), "p", 80, 15);
    let doc = compile_ok(&src);
    let pages = text_boxes(&doc);
    assert!(pages.len() > 3, "the fixture spans several pages");
    let mut split = 0;
    for p in 0..80 {
        let on = lines_per_page(&pages, &format!("p{p}w"));
        if on.len() > 1 {
            split += 1;
            assert!(on.iter().all(|n| *n >= 2), "paragraph {p} split as {on:?} lines per page");
        }
    }
    assert!(split > 0, "some paragraph is split, so the rule was exercised");
}

/// `fit_pages: 1` shrinks a two-page résumé onto one page and says by how much;
/// one that cannot fit at the floor fails with the page count it reached.
#[test]
fn fit_pages_shrinks_onto_one_page_and_reports_the_scale() {
    let body: String = (0..10)
        .map(|i| format!("## Section {i}\n\nA paragraph of fictional experience with enough words to wrap over two lines of the page, written for a made-up person.\n\n- one point\n- another point\n\n"))
        .collect();
    let two = compile_ok(&body);
    assert_eq!(two.pages.len(), 2, "the fixture takes two pages unscaled");
    let src = format!("---\nfit_pages: 1\n---\n{body}");
    let r = cvpdf::compile(&src, &cvpdf::Options::default());
    let doc = r.output.expect("fits");
    assert_eq!(doc.pages.len(), 1);
    let scale = doc.fit_scale.expect("a scale was used");
    assert!((0.7..1.0).contains(&scale), "{scale}");
    let note = r.warnings.iter().find(|w| w.severity == cvpdf::diag::Severity::Note).expect("a note");
    assert!(note.message.contains('%'), "{}", note.message);
    // Text got smaller by that scale.
    let size = |d: &PagedDocument| text_boxes(d)[0].iter().map(|t| t.size).fold(f32::MAX, f32::min);
    assert!((size(&doc) - size(&two) * scale).abs() < 0.05, "{} vs {} × {scale}", size(&doc), size(&two));
    // Too long for the floor: an error that names the page count.
    let long = format!("---\nfit_pages: 1\nfit_floor: 0.95\n---\n{body}{body}");
    let err = cvpdf::compile(&long, &cvpdf::Options::default()).output.expect_err("does not fit");
    assert!(err[0].message.contains("does not fit 1 page") && err[0].message.contains("pages there"), "{:?}", err[0]);
}

/// A table longer than a page repeats its header row at the top of every page it
/// continues on, and a row never splits.
#[test]
fn table_header_repeats_on_every_page() {
    let mut src = String::from("| Employer | Role | Years |\n|---|---|---|\n");
    for i in 0..120 {
        src.push_str(&format!("| Example Corp {i} | Engineer | {} |\n", 2000 + i));
    }
    let doc = compile_ok(&src);
    let pages = text_boxes(&doc);
    assert!(pages.len() >= 3, "the table spans several pages");
    for (n, page) in pages.iter().enumerate() {
        let top = page.iter().map(|t| t.baseline).fold(f32::MAX, f32::min);
        let first_line: Vec<&str> = page.iter().filter(|t| (t.baseline - top).abs() < 0.5).map(|t| t.text.as_str()).collect();
        assert!(first_line.contains(&"Employer") && first_line.contains(&"Years"), "page {} starts with {first_line:?}", n + 1);
    }
    // Every data row appears exactly once.
    let all: Vec<String> = pages.iter().flatten().map(|t| t.text.clone()).collect();
    for i in [0, 57, 119] {
        assert_eq!(all.iter().filter(|t| **t == format!("Example Corp {i}")).count(), 1, "row {i}");
    }
}

/// A short code block (up to 8 lines) is not split across pages.
#[test]
fn code_blocks_stay_on_one_page() {
    let mut src = String::new();
    for i in 0..27 {
        src.push_str(&format!("Paragraph {i} of fictional filler text to push the code block towards the page end.\n\n"));
    }
    src.push_str("```\n");
    for i in 0..8 {
        src.push_str(&format!("let line_{i} = {i};\n"));
    }
    src.push_str("```\n");
    let doc = compile_ok(&src);
    let pages = text_boxes(&doc);
    let page_of = |needle: &str| pages.iter().position(|p| p.iter().any(|t| t.text.contains(needle))).unwrap();
    assert_eq!(page_of("line_0"), page_of("line_7"), "the code block is split");
    assert_eq!(page_of("line_0"), 1, "the block would straddle the page end");
}

/// A footnote sits at the foot of the page of its reference, below the body text.
#[test]
fn footnotes_sit_at_the_foot_of_their_page() {
    let mut src = String::from("# Taylor Sample\n\nFirst reference.[^a]\n\n");
    for i in 0..45 {
        src.push_str(&format!("Filler paragraph {i} with enough fictional words to take a line of the page.\n\n"));
    }
    src.push_str("Late reference.[^b]\n\n[^a]: Note alpha text.\n\n[^b]: Note beta text.\n");
    let doc = compile_ok(&src);
    let pages = text_boxes(&doc);
    assert!(pages.len() >= 2, "the fixture spans two pages");
    let find =
        |needle: &str| pages.iter().enumerate().find_map(|(n, p)| p.iter().find(|t| t.text.contains(needle)).map(|t| (n, t.baseline)));
    for (reference, note) in [("First reference", "Note alpha"), ("Late reference", "Note beta")] {
        let (rp, _) = find(reference).expect("reference");
        let (np, ny) = find(note).expect("note");
        assert_eq!(rp, np, "{note} is on the page of its reference");
        // The body's lowest line, leaving out the footnote lines (marker, text, ↩).
        let lowest_body = pages[np]
            .iter()
            .filter(|t| (t.baseline - ny).abs() > 0.5 && !t.text.contains("Note "))
            .map(|t| t.baseline)
            .fold(f32::MIN, f32::max);
        assert!(ny > lowest_body, "{note} is below the body text ({ny} vs {lowest_body})");
    }
}

/// CSS `orphans` and `widows` change how many lines stay on each side of a break.
#[test]
fn css_orphans_and_widows_are_honoured() {
    let mut src = String::from("---\ncss: 'p { orphans: 4; widows: 4 }'\n---\n");
    src.push_str(&numbered_paragraphs(&mut Lcg(11), "q", 60, 40));
    let doc = compile_ok(&src);
    let pages = text_boxes(&doc);
    let mut split = 0;
    for p in 0..60 {
        let on = lines_per_page(&pages, &format!("q{p}w"));
        if on.len() > 1 {
            split += 1;
            assert!(on.iter().all(|n| *n >= 4), "paragraph {p} split as {on:?}");
        }
    }
    assert!(split > 0, "some paragraph is split");
}

/// `compile` lays out with `layout_owned`, which drops each styled block once it is
/// set; `fit_pages` lays out a borrowed document again and again. Both must give the
/// same pages, footnotes at the foot of their page included.
#[test]
fn flow_owned_layout_matches_borrowed_layout() {
    let mut src = String::from("# Rosalind Vey\n\nAn opening line with a note.[^a]\n\n");
    src.push_str(&paragraphs(40, 7));
    src.push_str("\n\nA closing line with another note.[^b]\n\n[^a]: The first note.\n[^b]: The second note.\n");
    let fm = cvpdf::front_matter::parse(&src).output.expect("front matter");
    let (doc, _) = cvpdf::model::build(&src[fm.body_start..], fm.body_start);
    let (styled, _) = cvpdf::style::cascade(&doc, &fm, &cvpdf::style::Theme::default(), None, &src);
    assert!(styled.footnotes_at.is_some(), "the fixture has a footnotes section");
    let fonts = cvpdf::font::FontBook::bundled();
    let (borrowed, _) = cvpdf::layout::layout(&styled, fonts.clone());
    let (owned, _) = cvpdf::layout::layout_owned(styled, fonts);
    assert!(borrowed.pages.len() >= 2, "the fixture spans pages:\n{}", short_dump(&borrowed, 20));
    assert_eq!(format!("{:?}", borrowed.pages), format!("{:?}", owned.pages));
    assert_eq!(borrowed.outline, owned.outline);
    let text = joined_text(&owned, " ");
    assert!(text.contains("The first note.") && text.contains("The second note."), "{text}");
}

/// Glyphs from a taller fallback font (Noto Emoji, Devanagari) sit in their run's
/// line box: the lines that hold them are as tall as the others, so the baselines of
/// a paragraph keep an even rhythm.
#[test]
fn flow_fallback_glyphs_keep_baselines_even() {
    let mut rng = Lcg(11);
    let mut para = String::new();
    for extra in ["🚀 launch", "नमस्ते team", "✈ travel", "🧑‍💻 pairing"] {
        para.push_str(&filler(&mut rng, 14));
        para.push(' ');
        para.push_str(extra);
        para.push(' ');
    }
    para.push_str(&filler(&mut rng, 14));
    let doc = compile_ok(&format!("# Mira Okafor\n\n{para}\n"));
    let boxes = text_boxes(&doc);
    let size = body_size(&doc);
    let body: Vec<&TextBox> = boxes[0].iter().filter(|t| (t.size - size).abs() < 0.01).collect();
    let fallback_fonts: std::collections::BTreeSet<usize> = body.iter().map(|t| t.font).collect();
    assert!(fallback_fonts.len() >= 3, "the paragraph uses fallback fonts:\n{}", short_dump(&doc, 40));
    let lines = baselines(body.iter().copied());
    assert!(lines.len() >= 5, "the paragraph wraps: {lines:?}");
    let steps: Vec<f32> = lines.windows(2).map(|w| w[1] - w[0]).collect();
    for s in &steps {
        assert!((s - steps[0]).abs() < 0.01, "uneven line spacing {steps:?}\n{}", short_dump(&doc, 40));
    }
}

/// With a tight line height, lines of Persian text (Noto Sans Arabic, whose ascender
/// and descender reach far) are spaced by the fallback font's extent, evenly, so no
/// line's glyphs reach into the next one's box (extractors read lines by their boxes).
#[test]
fn flow_tall_fallback_script_widens_every_line_of_its_paragraph() {
    let words = ["مهندس", "نرم", "افزار", "تهران", "دانشگاه", "پروژه", "طراحی", "سامانه"];
    let mut rng = Lcg(5);
    let para: Vec<&str> = (0..90).map(|_| words[rng.below(words.len())]).collect();
    let src = format!("---\ncss: \"p {{ line-height: 1.1 }}\"\n---\n\n# Sara Moradi\n\n{} latin tail\n", para.join(" "));
    let doc = compile_ok(&src);
    let size = body_size(&doc);
    let boxes = text_boxes(&doc);
    let body: Vec<&TextBox> = boxes[0].iter().filter(|t| (t.size - size).abs() < 0.01).collect();
    let arabic = body.iter().find(|t| t.text.contains('م')).expect("Persian text is drawn");
    let face = doc.fonts.face(arabic.font);
    let extent = (face.typo_ascender + face.typo_descender) / face.units_per_em * size;
    assert!(extent > size * 1.1, "the fixture needs a fallback taller than the line height: {extent} vs {size}");
    let lines = baselines(body.iter().copied());
    assert!(lines.len() >= 4, "the paragraph wraps: {lines:?}");
    let steps: Vec<f32> = lines.windows(2).map(|w| w[1] - w[0]).collect();
    for s in &steps {
        assert!((s - steps[0]).abs() < 0.01, "uneven line spacing {steps:?}");
        assert!(*s >= extent - 0.01, "lines {s} pt apart overlap the {extent} pt the font needs");
    }
}

/// GitHub's stylesheet spaces blocks in pixels (16 px after a paragraph, 24 px above
/// a heading), so a smaller body font keeps those gaps, as md-to-pdf prints them.
#[test]
fn flow_github_theme_block_gaps_stay_in_pixels_when_the_font_shrinks() {
    let src = "---\ntheme: github\ncss: \".markdown-body, body { font-size: 13px }\"\n---\n\nFirst paragraph.\n\nSecond paragraph.\n\n## Heading\n\nThird paragraph.\n";
    let doc = compile_ok(src);
    let boxes = text_boxes(&doc);
    let y = |word: &str| boxes[0].iter().find(|t| t.text.starts_with(word)).unwrap_or_else(|| panic!("{word}:\n{}", dump(&doc))).baseline;
    let line = 13.0 * 0.75 * 1.5;
    // Paragraph to paragraph: one line plus 16 px (12 pt).
    assert!((y("Second") - y("First") - (line + 12.0)).abs() < 0.05, "{}", dump(&doc));
    // Paragraph to heading: the gap is 24 px (18 pt), the larger of 16 px and 24 px.
    let heading_top = y("Heading") - y("Second");
    assert!(heading_top > line + 18.0, "{heading_top}\n{}", dump(&doc));
}

/// Vertical padding is space inside the block, whatever the block: a heading's
/// `padding-top` and a list's `padding-bottom` move what follows by their size.
#[test]
fn flow_vertical_padding_of_headings_and_lists_takes_room() {
    let body = "Opening line.\n\n## Experience\n\n- one\n- two\n\nClosing line.\n";
    let plain = compile_ok(body);
    let padded = compile_ok(&format!("---\ncss: \"h2 {{ padding-top: 40px }} ul {{ padding-bottom: 40px }}\"\n---\n\n{body}"));
    let y = |doc: &PagedDocument, word: &str| {
        text_boxes(doc)[0].iter().find(|t| t.text.starts_with(word)).unwrap_or_else(|| panic!("{word}:\n{}", dump(doc))).baseline
    };
    // md-to-pdf's sheet gives h2 0.5 em of top padding (of 1.5 × 8.25 pt) and lists
    // 0.5 em of bottom padding (of 8.25 pt); 40 px is 30 pt.
    let heading_shift = (y(&padded, "Experience") - y(&padded, "Opening")) - (y(&plain, "Experience") - y(&plain, "Opening"));
    assert!((heading_shift - (30.0 - 0.5 * 12.375)).abs() < 0.05, "{heading_shift}\n{}", dump(&padded));
    let list_shift = (y(&padded, "Closing") - y(&padded, "two")) - (y(&plain, "Closing") - y(&plain, "two"));
    assert!((list_shift - (30.0 - 0.5 * 8.25)).abs() < 0.05, "{list_shift}\n{}", dump(&padded));
}

/// md-to-pdf's stylesheet: 11 px text at line height 1.6, and the items of a tight
/// list one line apart (no `li + li` gap as GitHub has), the first heading at the
/// top of the text area (`body > :first-child { padding-top: 0 }`).
#[test]
fn flow_default_theme_spacing_matches_md_to_pdf() {
    let doc = compile_ok("# Tomas Ferreira\n\n- Rust\n- Go\n- SQL\n");
    let boxes = text_boxes(&doc);
    let y = |word: &str| boxes[0].iter().find(|t| t.text.starts_with(word)).unwrap_or_else(|| panic!("{word}:\n{}", dump(&doc))).baseline;
    let line = 8.25 * 1.6;
    assert!((y("Go") - y("Rust") - line).abs() < 0.05, "{}", dump(&doc));
    assert!((y("SQL") - y("Go") - line).abs() < 0.05, "{}", dump(&doc));
    // The h1 (16.5 pt, line height 1.6) starts at the 30 mm top margin: its baseline
    // is within one line box of it.
    let top = 30.0 * MM;
    let h1 = y("Tomas");
    assert!(h1 > top && h1 < top + 16.5 * 1.6, "{h1} vs margin {top}\n{}", dump(&doc));
}

/// A résumé table (period, role, place) wider than the page: the period and role
/// columns keep their one-line width and only the last column wraps, so the text of
/// each row reads in order, line by line across the cells.
#[test]
fn table_only_the_last_column_wraps_when_the_others_fit() {
    let src = "| Period | Role | Place |\n| --- | --- | --- |\n\
        | September 2016 – November 2019 | Senior Platform Engineer Payments | Nordlicht Logistics GmbH, Hamburg harbour district office |\n\
        | March 2012 – August 2016 | Backend Developer | Kettle & Finch Software, Leipzig |\n";
    let doc = compile_ok(src);
    let boxes = text_boxes(&doc);
    let line_of =
        |word: &str| boxes[0].iter().find(|t| t.text.contains(word)).unwrap_or_else(|| panic!("{word}:\n{}", dump(&doc))).baseline;
    // Each cell of the first two columns is on one line with the row's first line.
    assert_eq!(line_of("September"), line_of("2019"), "{}", dump(&doc));
    assert_eq!(line_of("Senior"), line_of("Payments"), "{}", dump(&doc));
    assert_eq!(line_of("Senior"), line_of("September"), "{}", dump(&doc));
    // The place wraps, below the row's first line.
    assert!(line_of("office") > line_of("Nordlicht"), "{}", dump(&doc));
}

/// Header cells sit over their column's text (left, or as the column is aligned in
/// the Markdown); CSS `th { text-align: center }` centres them as browsers do.
#[test]
fn table_header_cells_follow_their_column_or_css() {
    let table = "| Role | Years |\n| --- | ---: |\n| Principal infrastructure engineer | 2019–2024 |\n";
    let x = |doc: &PagedDocument, word: &str| {
        text_boxes(doc)[0].iter().find(|t| t.text.starts_with(word)).unwrap_or_else(|| panic!("{word}")).x
    };
    let right = |doc: &PagedDocument, word: &str| {
        let t = text_boxes(doc)[0].iter().find(|t| t.text.starts_with(word)).cloned().unwrap_or_else(|| panic!("{word}"));
        t.x + t.width
    };
    let doc = compile_ok(table);
    assert!((x(&doc, "Role") - x(&doc, "Principal")).abs() < 0.5, "{}", dump(&doc));
    assert!((right(&doc, "Years") - right(&doc, "2019")).abs() < 0.5, "{}", dump(&doc));
    let centred = compile_ok(&format!("---\ncss: \"th {{ text-align: center }}\"\n---\n\n{table}"));
    assert!(x(&centred, "Role") > x(&centred, "Principal") + 20.0, "{}", dump(&centred));
    // A column's own alignment still wins over the CSS.
    assert!((right(&centred, "Years") - right(&centred, "2019")).abs() < 0.5, "{}", dump(&centred));
}

/// CSS `text-transform` changes the text as drawn and as extracted (what a
/// browser's PDF holds too), is inherited, and draws no warning.
#[test]
fn css_text_transform_uppercases_headings_and_capitalizes_spans() {
    let src = "---\ncss: \"h2 { text-transform: uppercase }\"\n---\n\n## Work history\n\nWritten by <span style=\"text-transform: capitalize\">ada o'brien-lee</span>, <em>edited</em>.\n\n###### small print\n";
    let warned = compile(src, &Options::default());
    assert!(warned.warnings.iter().all(|w| !w.message.contains("text-transform")), "{:?}", warned.warnings);
    let doc = warned.output.expect("compiles");
    let text = joined_text(&doc, " ");
    assert!(text.contains("WORK HISTORY"), "{text}");
    assert!(text.contains("Ada O'brien-Lee"), "{text}");
    assert!(text.contains("edited"), "{text}");
    // md-to-pdf's stylesheet sets h6 in capitals.
    assert!(text.contains("SMALL PRINT"), "{text}");
}

/// When the last column cannot take the wrapping, the column with the widest text
/// wraps and the short ones (dates, languages, places) keep their one line.
#[test]
fn table_short_columns_keep_one_line_when_a_long_one_wraps() {
    let src = "| Period | Project | Stack | Place |\n| --- | --- | --- | --- |\n\
        | 2019–2021 | Rebuilt the invoicing pipeline of a fictional bakery chain from nightly batch files into an event stream with replayable history | Rust, Kafka | Ghent |\n";
    let doc = compile_ok(src);
    let boxes = text_boxes(&doc);
    let line_of =
        |word: &str| boxes[0].iter().find(|t| t.text.contains(word)).unwrap_or_else(|| panic!("{word}:\n{}", dump(&doc))).baseline;
    let first = line_of("2019");
    assert_eq!(line_of("Rust, Kafka"), first, "{}", dump(&doc));
    assert_eq!(line_of("Ghent"), first, "{}", dump(&doc));
    assert_eq!(line_of("Rebuilt"), first, "{}", dump(&doc));
    assert!(line_of("history") > first, "the long cell wraps:\n{}", dump(&doc));
}

/// CSS custom properties: defined on `:root`, any element or a `style` attribute
/// and inherited, used through `var()` in stylesheets and `style` attributes, with
/// fallbacks; an undefined one is a warning that names it, and its declaration is
/// dropped.
#[test]
fn css_custom_properties_resolve_through_var() {
    let css = ":root { --accent: #c0392b; --gap: 40px; --space: var(--gap) } h2 { color: var(--accent); padding-top: var(--space) } .note { color: var(--muted, #00ff00) } em { color: var(--missing) }";
    let src = format!("---\ncss: \"{css}\"\n---\n\nIntro with <span class=\"note\">a note</span> and *stress*.\n\n## Projects\n\n<span style=\"color: var(--accent)\">Accent</span> <span style=\"--local: #0000ff; color: var(--local)\">Local</span>\n");
    let warned = compile(&src, &Options::default());
    let doc = warned.output.expect("compiles");
    let texts: Vec<cvpdf::layout::TextItem> = doc.pages[0]
        .items
        .iter()
        .filter_map(|(_, i)| match i {
            FrameItem::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    let fill = |word: &str| texts.iter().find(|t| t.text.contains(word)).unwrap_or_else(|| panic!("{word}")).fill;
    let accent = cvpdf::geom::Rgb(0xc0, 0x39, 0x2b);
    assert_eq!(fill("Projects"), accent);
    assert_eq!(fill("Accent"), accent);
    // A custom property defined in a `style` attribute applies to its element.
    assert_eq!(fill("Local"), cvpdf::geom::Rgb(0, 0, 0xff));
    assert_eq!(fill("a note"), cvpdf::geom::Rgb(0, 0xff, 0));
    assert_eq!(fill("stress"), fill("Intro"), "an undefined variable leaves the colour inherited");
    let missing: Vec<_> = warned.warnings.iter().filter(|w| w.message.contains("--missing")).collect();
    assert_eq!(missing.len(), 1, "{:?}", warned.warnings);
    assert!(warned.warnings.iter().all(|w| !w.message.contains("--accent") && !w.message.contains("--gap")), "{:?}", warned.warnings);
    // `--space` is `var(--gap)`: 40 px = 30 pt of padding above the heading (the
    // theme's own is 0.5 em of 12.375 pt).
    let plain = compile_ok("Intro with a note and stress.\n\n## Projects\n");
    let gap = |doc: &PagedDocument| {
        let b = text_boxes(doc);
        let y = |w: &str| b[0].iter().find(|t| t.text.contains(w)).unwrap_or_else(|| panic!("{w}")).baseline;
        y("Projects") - y("Intro")
    };
    assert!((gap(&doc) - gap(&plain) - (30.0 - 0.5 * 12.375)).abs() < 0.05, "{} vs {}", gap(&doc), gap(&plain));
}

/// Cell padding comes from CSS on `td` (md-to-pdf's sheet gives `0.5em 1em`).
#[test]
fn table_cell_padding_follows_css() {
    let table = "| Tool | Years |\n| --- | --- |\n| Rust | 6 |\n";
    let x = |doc: &PagedDocument| text_boxes(doc)[0].iter().find(|t| t.text == "Rust").unwrap_or_else(|| panic!("{}", dump(doc))).x;
    let plain = compile_ok(table);
    let padded = compile_ok(&format!("---\ncss: \"td {{ padding-left: 40px }}\"\n---\n\n{table}"));
    // 40 px is 30 pt; the theme's is 1 em of 8.25 pt.
    assert!((x(&padded) - x(&plain) - (30.0 - 8.25)).abs() < 0.05, "{} vs {}", x(&padded), x(&plain));
}

//! Pagination and vertical spacing as a reader of the PDF sees them: where blocks
//! that prefer not to break go, how much of a page is left empty, and the gaps
//! between headings and the text below them (compared with what Chromium prints
//! with the same stylesheet). Positions come from `pdftotext -bbox` on PDFs the
//! sealed binary writes (bundled fonts only) from small fictional documents.

use crate::common;

use common::{word_boxes, TestDir, WordBox};

/// The default page (A4) and md-to-pdf's default top and bottom margins (30 mm).
const PAGE_H: f64 = 841.89;
const MARGIN: f64 = 30.0 * 72.0 / 25.4;
const AREA_BOTTOM: f64 = PAGE_H - MARGIN;
const AREA_H: f64 = PAGE_H - 2.0 * MARGIN;

/// The bundled Roboto's ascent and ascent plus descent, as the PDF's font descriptor
/// gives them (in ems): `pdftotext -bbox` boxes span them.
const ASCENT: f64 = 2146.0 / 2048.0;
const EXTENT: f64 = (2146.0 + 555.0) / 2048.0;

/// Renders `doc` (with `files` beside it) and returns its word boxes and stderr.
fn render(test: &str, doc: &str, files: &[(&str, &str)]) -> (Vec<WordBox>, String) {
    let dir = TestDir::sealed(test);
    dir.write("in.md", doc);
    for (name, contents) in files {
        dir.write(name, contents);
    }
    let out = dir.run(&["in.md", "-o", "out.pdf"]);
    let stderr = common::stderr(&out);
    assert_eq!(common::code(&out), 0, "{stderr}");
    (word_boxes(&dir.path("out.pdf")), stderr)
}

/// The page (from 1) of the first word equal to `word`.
fn page_of(words: &[WordBox], word: &str) -> usize {
    words.iter().find(|w| w.text == word).unwrap_or_else(|| panic!("no word {word:?}")).page
}

/// The baseline of the first word equal to `word`.
fn baseline(words: &[WordBox], word: &str) -> f64 {
    let w = words.iter().find(|w| w.text == word).unwrap_or_else(|| panic!("no word {word:?}"));
    let size = (w.y_max - w.y_min) / EXTENT;
    w.y_min + ASCENT * size
}

fn page_count(words: &[WordBox]) -> usize {
    words.iter().map(|w| w.page).max().unwrap_or(0)
}

/// The bottom of the last word on `page`.
fn page_end(words: &[WordBox], page: usize) -> f64 {
    words.iter().filter(|w| w.page == page).map(|w| w.y_max).fold(0.0, f64::max)
}

/// Paragraphs of fictional filler, each about two lines.
fn filler(n: usize) -> String {
    (0..n)
        .map(|i| format!("Filler paragraph {i} about the fictional Example Cooperative and its orchard logistics work over the years.\n\n"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Blocks that prefer not to break
// ---------------------------------------------------------------------------------------

/// A résumé written as indented code blocks of 20–40 lines (as Japanese 職務経歴書
/// often are): the blocks break between their lines, keeping two lines on each side,
/// so that no page is left a third empty and no page ends with a heading.
#[test]
fn long_code_blocks_break_between_lines_like_paragraphs() {
    let mut doc = String::from("# Working History of Rin Fictive\n\n");
    let sizes = [24, 32, 40, 20, 28, 36];
    for (s, n) in sizes.iter().enumerate() {
        doc.push_str(&format!("## Section {}: Example Works\n\n", s + 1));
        for i in 0..*n {
            doc.push_str(&format!("    s{}l{:02} maintained the fictional billing service and its nightly jobs\n", s + 1, i + 1));
        }
        doc.push('\n');
    }
    let (words, _) = render("long-code", &doc, &[]);
    let pages = page_count(&words);
    // Chromium (md-to-pdf) prints it on 4 pages; kept whole, the blocks took 5.
    assert!(pages <= 4, "{pages} pages");
    for page in 1..pages {
        let end = page_end(&words, page);
        assert!(end > AREA_BOTTOM - AREA_H / 3.0, "page {page} ends at {end:.0}, more than a third of it empty");
        let last = words.iter().filter(|w| w.page == page).max_by(|a, b| a.y_max.total_cmp(&b.y_max)).map(|w| w.text.as_str());
        assert_ne!(last, Some("Works"), "page {page} ends with a heading");
    }
    // Each block keeps at least two lines on every page it is on.
    for (s, n) in sizes.iter().enumerate() {
        let mut per_page = std::collections::BTreeMap::new();
        for i in 0..*n {
            *per_page.entry(page_of(&words, &format!("s{}l{:02}", s + 1, i + 1))).or_insert(0) += 1;
        }
        assert!(per_page.values().all(|&k| k >= 2), "block {}: lines per page {per_page:?}", s + 1);
    }
}

/// A block that asks not to break (a quote) moves to the next page when little room
/// is left, but starts where it is when moving it would leave most of the page empty.
#[test]
fn a_block_kept_together_moves_only_when_little_room_is_wasted() {
    let quote: String = (0..26).map(|i| format!("> quoted line q{i:02} of the fictional reference letter\n>\n")).collect();
    // A quarter of the page filled: the quote (most of a page) starts on page 1.
    let (words, _) = render("quote-starts", &format!("{}{quote}", filler(6)), &[]);
    assert_eq!(page_of(&words, "q00"), 1, "the quote moved, leaving page 1 mostly empty");
    assert!(page_of(&words, "q25") == 2);
    // Most of the page filled: the quote moves whole to page 2.
    let (words, _) = render("quote-moves", &format!("{}{quote}", filler(24)), &[]);
    let end = page_end(&words, 1);
    assert!(end > AREA_BOTTOM - AREA_H / 3.0, "page 1 ends at {end:.0}");
    assert_eq!((page_of(&words, "q00"), page_of(&words, "q25")), (2, 2));
}

/// A heading with an icon image, followed by a list item of two paragraphs near the
/// foot of a page, stays on that page: the item breaks between its paragraphs rather
/// than take the heading along and leave a large gap.
#[test]
fn a_heading_and_a_two_paragraph_item_do_not_leave_a_large_gap() {
    let icon = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="200" height="200"><circle cx="512" cy="512" r="448" fill="#3366cc"/></svg>"##;
    let para =
        "Designed the fictional ticketing pipeline, moved its reports to a shared store and trained the on-call rota of the example team.";
    let mut doc = String::from("# Lin Example\n\nFictional engineer, Harbour City\n\n");
    doc.push_str(&filler(21));
    doc.push_str("Short line.\n\nShort line.\n\n");
    doc.push_str("## <img src=\"icon.svg\" width=\"30px\"> Projects\n\n");
    for k in 1..=2 {
        doc.push_str(&format!(
            "- **Project{k}** example system, backend services and data pipelines.\n\n  {para} {para} {para} {para}\n\n"
        ));
    }
    let (words, _) = render("icon-heading", &doc, &[("icon.svg", icon)]);
    assert_eq!(page_of(&words, "Projects"), 1, "the section went to page 2");
    let end = page_end(&words, 1);
    assert!(end > AREA_BOTTOM - 0.15 * AREA_H, "page 1 ends at {end:.0}");
}

/// A table row taller than the page starts on the page it comes to, below the
/// header, as Chromium prints it, instead of leaving that page with only a heading.
#[test]
fn a_table_row_taller_than_the_page_starts_where_it_is() {
    let lines: Vec<String> = (0..60).map(|i| format!("Entry{i}")).collect();
    let doc = format!(
        "---\npdf_options:\n  format: A6\n---\n## Fictional Timeline\n\n| Year | Notes |\n|---|---|\n| 2020 | {} |\n| 2021 | Closing row |\n",
        lines.join("<br>")
    );
    let (words, stderr) = render("a6-row", &doc, &[]);
    assert!(stderr.contains("a table row is taller than the page"), "{stderr}");
    assert_eq!(page_of(&words, "Entry0"), 1);
    assert_eq!(page_of(&words, "2020"), 1);
    // Every line is there once, and the header repeats on the pages the row continues on.
    for l in &lines {
        assert_eq!(words.iter().filter(|w| &w.text == l).count(), 1, "{l}");
    }
    let pages = page_count(&words);
    assert!(words.iter().filter(|w| w.text == "Notes").count() >= pages.min(3), "header not repeated");
    // A row a bit shorter than a page, coming where half the page is left, starts there too.
    let lines: Vec<String> = (0..22).map(|i| format!("Item{i}")).collect();
    let doc = format!(
        "---\npdf_options:\n  format: A6\n---\n{}| Year | Notes |\n|---|---|\n| 2020 | {} |\n",
        "Opening paragraph of the fictional timeline, long enough to fill a few lines of the small page.\n\n".repeat(2),
        lines.join("<br>")
    );
    let (words, _) = render("a6-row-half", &doc, &[]);
    assert_eq!(page_of(&words, "Item0"), 1);
}

// ---------------------------------------------------------------------------------------
// Gaps between headings and text
// ---------------------------------------------------------------------------------------

/// Asserts the baseline-to-baseline distances between consecutive words of `pairs`
/// match Chromium's (measured with md-to-pdf 5.2.5 on the same document with the
/// same Roboto faces) within 1.25 pt: Chromium puts baselines on whole pixels.
fn assert_gaps(words: &[WordBox], pairs: &[(&str, &str, f64)]) {
    for (a, b, chrome) in pairs {
        let gap = baseline(words, b) - baseline(words, a);
        assert!((gap - chrome).abs() < 1.25, "{a} → {b}: {gap:.2} pt, Chromium {chrome:.2} pt");
    }
}

/// `h1` + subtitle and `h2` + `h3` with a stylesheet that sets margins and the body's
/// line height: headings inherit the line height (the built-in theme no longer sets
/// its own), and a line box is exactly its line height, as in CSS.
#[test]
fn heading_gaps_match_chromium_with_a_stylesheet() {
    let doc = "---\ncss: |-\n  body { font-size: 11pt; line-height: 1.4; }\n  h1 { margin: 0 0 4pt; font-size: 24pt; }\n  h1 + p { margin-top: 10pt; font-size: 12pt; }\n  h2 { margin: 18pt 0 12pt; font-size: 16pt; }\n  h3 { margin: 14pt 0 6pt; font-size: 13pt; }\n  p { margin: 0 0 8pt; }\n---\n\n# Ada Fictitia\n\nSenior Platform Engineer\n\n## Experience\n\n### Example Corp\n\nBuilt things for fictional customers over several years.\n";
    let (words, _) = render("heading-gaps", doc, &[]);
    assert_gaps(
        &words,
        &[("Ada", "Senior", 36.75), ("Senior", "Experience", 47.25), ("Experience", "Example", 44.25), ("Example", "Built", 24.75)],
    );
}

/// Negative margins collapse as CSS says (the largest positive margin plus the most
/// negative one), and a heading's own small line height is kept.
#[test]
fn negative_margins_and_tight_heading_lines_follow_css() {
    let doc = "---\ncss: |-\n  body { font-size: 11pt; line-height: 1.3; }\n  p { margin: 6pt 0 6pt; }\n  .neg { margin-bottom: -4pt; }\n  h2 { margin: 18pt 0 4pt; font-size: 16pt; line-height: 1.1; }\n  h3 { margin: 14pt 0 2pt; font-size: 13pt; }\n---\n\nAlpha first paragraph.\n\n<p class=\"neg\">Bravo negative bottom.</p>\n\nCharlie after negative.\n\n## Juliet heading\n\n### Kilo subheading\n\nLima text.\n";
    let (words, _) = render("negative-margins", doc, &[]);
    assert_gaps(
        &words,
        &[
            ("Alpha", "Bravo", 20.25),
            ("Bravo", "Charlie", 16.5),
            ("Charlie", "Juliet", 44.25),
            ("Juliet", "Kilo", 40.5),
            ("Kilo", "Lima", 23.25),
        ],
    );
}

/// With md-to-pdf's default stylesheet, a loose list's paragraphs keep their own
/// margins (0.25em above), so a heading and the first item sit as close as in Chromium.
#[test]
fn a_loose_list_after_a_heading_keeps_the_paragraph_margins() {
    let doc = "# Mina Example\n\nSubtitle line here\n\n## Projects\n\n- Alpha project line\n\n  Bravo second paragraph\n\n- Charlie project line\n\n  Delta second paragraph\n\n## Skills\n\n- Echo tight\n- Foxtrot tight\n\nGolf paragraph.\n";
    let (words, _) = render("loose-list", doc, &[]);
    assert_gaps(
        &words,
        &[
            ("Subtitle", "Projects", 32.25),
            ("Projects", "Alpha", 21.0),
            ("Alpha", "Bravo", 21.0),
            ("Bravo", "Charlie", 21.75),
            ("Delta", "Skills", 36.75),
        ],
    );
}

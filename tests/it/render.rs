//! What a reader sees: inline HTML, CSS, page setup, headers and footers, and images.
//!
//! Library tests compile small fictional Markdown sources with `cvpdf::compile` and an
//! in-memory loader, then look at the laid-out items (fonts, colours, sizes, positions).
//! CLI tests run the `cvpdf` binary in a temporary folder and read the PDF back with
//! poppler-utils (`pdftotext`, `pdfinfo`, `pdfimages`) and `qpdf`.
//!
//! Coordinates are PDF points, top-left origin, y down; a text item's position is the
//! start of its baseline.

use crate::common;

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use common::frame_dump::dump;
use common::{arg, assert_exit, fixture, qpdf_check, stderr, tool, TestDir};

use cvpdf::diag::{line_col, Diagnostic};
use cvpdf::font::Family;
use cvpdf::geom::Rgb;
use cvpdf::layout::{FrameItem, PagedDocument, TextItem};
use cvpdf::{Loader, Options};

// ---------------------------------------------------------------------------------------
// Helpers: compiling
// ---------------------------------------------------------------------------------------

const MM: f32 = 72.0 / 25.4;
/// md-to-pdf's default page: A4 with margins 30mm 40mm 30mm 20mm.
const A4: (f32, f32) = (595.28, 841.89);
const DEFAULT_LEFT: f32 = 20.0 * MM;
const DEFAULT_RIGHT: f32 = 40.0 * MM;
const DEFAULT_TOP: f32 = 30.0 * MM;
const DEFAULT_BOTTOM: f32 = 30.0 * MM;
/// Body text size of the built-in theme (16 px).
/// Body text size of the default theme (md-to-pdf's 11 px).
const BODY: f32 = 8.25;
/// Tolerance for positions and sizes in points.
const EPS: f32 = 0.05;

/// An in-memory loader over named files, recording every name it is asked for.
struct Files {
    loader: Loader,
    calls: Arc<Mutex<Vec<String>>>,
    count: Arc<AtomicUsize>,
}

impl Files {
    fn new(files: &[(&str, Vec<u8>)]) -> Files {
        let map: HashMap<String, Vec<u8>> = files.iter().map(|(n, d)| (n.to_string(), d.clone())).collect();
        let calls = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let (c, n) = (calls.clone(), count.clone());
        let loader: Loader = Arc::new(move |name: &str| {
            n.fetch_add(1, Ordering::SeqCst);
            c.lock().unwrap().push(name.to_string());
            map.get(name).cloned().ok_or_else(|| format!("no such file `{name}`"))
        });
        Files { loader, calls, count }
    }

    fn options(&self) -> Options {
        Options { loader: Some(self.loader.clone()), ..Options::default() }
    }

    fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }
}

/// Compiles with an empty loader.
fn compile_src(src: &str) -> (PagedDocument, Vec<Diagnostic>) {
    common::doc::compile_with(src, &Files::new(&[]).options())
}

/// A text item with its page (0-based) and baseline start.
#[derive(Debug, Clone)]
struct Txt {
    page: usize,
    x: f32,
    y: f32,
    item: TextItem,
}

impl Txt {
    fn width(&self) -> f32 {
        self.item.width()
    }
    fn right(&self) -> f32 {
        self.x + self.width()
    }
    fn center(&self) -> f32 {
        self.x + self.width() / 2.0
    }
}

fn texts(doc: &PagedDocument) -> Vec<Txt> {
    let mut out = Vec::new();
    for (page, p) in doc.pages.iter().enumerate() {
        for (pos, item) in &p.items {
            if let FrameItem::Text(t) = item {
                out.push(Txt { page, x: pos.x, y: pos.y, item: t.clone() });
            }
        }
    }
    out
}

/// All text of the document, items joined with nothing between them.
fn all_text(doc: &PagedDocument) -> String {
    texts(doc).iter().map(|t| t.item.text.as_str()).collect()
}

/// The text of one page (0-based).
fn page_text(doc: &PagedDocument, page: usize) -> String {
    texts(doc).iter().filter(|t| t.page == page).map(|t| t.item.text.as_str()).collect()
}

/// The one text item holding `word`; fails if there is none or several.
#[track_caller]
fn item(doc: &PagedDocument, word: &str) -> Txt {
    let found: Vec<Txt> = texts(doc).into_iter().filter(|t| t.item.text.contains(word)).collect();
    assert_eq!(found.len(), 1, "expected one text item holding {word:?}:\n{}", dump(doc));
    found.into_iter().next().unwrap()
}

fn bold(doc: &PagedDocument, t: &Txt) -> bool {
    doc.fonts.face(t.item.font).bold
}

fn italic(doc: &PagedDocument, t: &Txt) -> bool {
    doc.fonts.face(t.item.font).italic
}

fn family(doc: &PagedDocument, t: &Txt) -> Option<Family> {
    doc.fonts.face(t.item.font).family
}

/// Images as (page, x, y, w, h, pixel width, pixel height).
fn images(doc: &PagedDocument) -> Vec<(usize, f32, f32, f32, f32, u32, u32)> {
    let mut out = Vec::new();
    for (page, p) in doc.pages.iter().enumerate() {
        for (pos, item) in &p.items {
            if let FrameItem::Image { size, image, .. } = item {
                out.push((page, pos.x, pos.y, size.width, size.height, image.width, image.height));
            }
        }
    }
    out
}

/// Link areas as (page, x, y, w, h, url).
fn links(doc: &PagedDocument) -> Vec<(usize, f32, f32, f32, f32, String)> {
    let mut out = Vec::new();
    for (page, p) in doc.pages.iter().enumerate() {
        for (pos, item) in &p.items {
            if let FrameItem::Link { size, url } = item {
                out.push((page, pos.x, pos.y, size.width, size.height, url.to_string()));
            }
        }
    }
    out
}

/// Warnings whose message contains `needle`.
fn warnings_about<'a>(warnings: &'a [Diagnostic], needle: &str) -> Vec<&'a Diagnostic> {
    warnings.iter().filter(|w| w.message.contains(needle)).collect()
}

#[track_caller]
fn assert_close(actual: f32, expected: f32, what: &str) {
    assert!((actual - expected).abs() <= EPS, "{what}: {actual} is not {expected}");
}

/// A front-matter block setting equal margins of `mm` on every side.
fn margins_mm(mm: u32) -> String {
    format!("---\npdf_options:\n  margin: {mm}mm\n---\n")
}

// ---------------------------------------------------------------------------------------
// Helpers: images
// ---------------------------------------------------------------------------------------

/// A valid RGB PNG of `w`×`h` pixels (a simple gradient).
fn png(w: u32, h: u32) -> Vec<u8> {
    common::png(w, h, "")
}

#[test]
fn helpers_png_is_valid() {
    // Known CRC of "IEND" and the probe of the library agree with the encoder.
    assert_eq!(common::crc32(b"IEND"), 0xae42_6082);
    let img = cvpdf::image::probe(png(40, 20)).expect("our PNG is recognised");
    assert_eq!((img.width, img.height), (40, 20));
}

// ---------------------------------------------------------------------------------------
// Helpers: reading PDFs
// ---------------------------------------------------------------------------------------

/// Rows of `pdfimages -list` (the two header lines dropped).
fn pdfimages_rows(pdf: &Path) -> Vec<String> {
    tool("pdfimages", &["-list", arg(pdf)]).lines().skip(2).filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
}

/// Text of one page (1-based) of a PDF.
fn pdf_page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-enc", "UTF-8", "-f", &p, "-l", &p, "-layout", arg(pdf), "-"])
}

/// Word boxes of a PDF: (page, page height, yMin, yMax, text).
fn word_boxes(pdf: &Path) -> Vec<(usize, f64, f64, f64, String)> {
    common::word_boxes(pdf).into_iter().map(|w| (w.page, w.page_h, w.y_min, w.y_max, w.text)).collect()
}

// ---------------------------------------------------------------------------------------
// Inline HTML
// ---------------------------------------------------------------------------------------

#[test]
fn html_bold_and_italic_faces() {
    let (doc, _) = compile_src("Plainword <b>Boldword</b> and <i>Slantword</i> and <strong>Strongword</strong>\n");
    let plain = item(&doc, "Plainword");
    assert!(!bold(&doc, &plain) && !italic(&doc, &plain), "{}", dump(&doc));
    let b = item(&doc, "Boldword");
    assert!(bold(&doc, &b) && !italic(&doc, &b), "<b> is bold, upright:\n{}", dump(&doc));
    let i = item(&doc, "Slantword");
    assert!(italic(&doc, &i) && !bold(&doc, &i), "<i> is italic, regular weight:\n{}", dump(&doc));
    assert!(bold(&doc, &item(&doc, "Strongword")));
}

#[test]
fn html_underline_draws_a_line_under_the_text() {
    let (doc, _) = compile_src("Before <u>Underlined</u> after\n");
    let t = item(&doc, "Underlined");
    let lines: Vec<_> = doc.pages[0]
        .items
        .iter()
        .filter_map(|(p, i)| match i {
            FrameItem::Line { delta, .. } => Some((p.x, p.y, delta.x, delta.y)),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 1, "one decoration line: {lines:?}");
    let (x, y, dx, dy) = lines[0];
    assert_close(x, t.x, "underline start");
    assert_close(dx, t.width(), "underline length");
    assert_close(dy, 0.0, "underline is horizontal");
    assert!(y > t.y && y < t.y + t.item.size * 0.3, "underline just below the baseline {}: y={y}", t.y);
}

#[test]
fn html_strike_draws_a_line_through_the_text() {
    let (doc, _) = compile_src("Before <s>Struckword</s> after\n");
    let t = item(&doc, "Struckword");
    let lines: Vec<_> = doc.pages[0]
        .items
        .iter()
        .filter_map(|(p, i)| match i {
            FrameItem::Line { delta, .. } => Some((p.x, p.y, delta.x)),
            _ => None,
        })
        .collect();
    assert_eq!(lines.len(), 1, "one decoration line: {lines:?}");
    let (x, y, dx) = lines[0];
    assert_close(x, t.x, "strike start");
    assert_close(dx, t.width(), "strike length");
    // Through the lower-case letters: above the baseline, below the cap height.
    assert!(y < t.y - t.item.size * 0.1 && y > t.y - t.item.size * 0.7, "strike at y={y}, baseline {}", t.y);
}

#[test]
fn html_code_and_kbd_are_monospace_and_not_larger() {
    let (doc, _) = compile_src("Press <kbd>Ctrlkey</kbd> then run <code>buildcmd</code> now\n");
    let body = item(&doc, "Press");
    assert_eq!(family(&doc, &body), Some(Family::Sans));
    for word in ["Ctrlkey", "buildcmd"] {
        let t = item(&doc, word);
        assert_eq!(family(&doc, &t), Some(Family::Mono), "{word} in a monospace face:\n{}", dump(&doc));
        assert!(t.item.size <= body.item.size, "{word} not larger than body text:\n{}", dump(&doc));
    }
}

#[test]
fn html_sup_and_sub_are_smaller_and_shifted() {
    let (doc, _) = compile_src("Water H<sub>2</sub>O and x<sup>10</sup> here\n");
    let body = item(&doc, "Water");
    let sub = item(&doc, "2");
    let sup = item(&doc, "10");
    assert!(sub.item.size < body.item.size && sup.item.size < body.item.size, "{}", dump(&doc));
    assert!(sup.y < body.y - 1.0, "superscript raised: {} vs {}", sup.y, body.y);
    assert!(sub.y > body.y + 0.5, "subscript lowered: {} vs {}", sub.y, body.y);
}

#[test]
fn html_small_is_smaller() {
    let (doc, _) = compile_src("Normal words <small>fineprint</small> here\n");
    let body = item(&doc, "Normal");
    let small = item(&doc, "fineprint");
    let ratio = small.item.size / body.item.size;
    assert!(ratio > 0.7 && ratio < 0.9, "small text ratio {ratio}:\n{}", dump(&doc));
    assert_close(small.y, body.y, "same baseline");
}

#[test]
fn html_mark_has_a_highlight_behind_it() {
    let (doc, _) = compile_src("Some <mark>Highlighted</mark> words\n");
    let t = item(&doc, "Highlighted");
    let rects: Vec<_> = doc.pages[0]
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, (p, it))| match it {
            FrameItem::Rect { size, fill: Some(fill), .. } => Some((i, p.x, p.y, size.width, size.height, *fill)),
            _ => None,
        })
        .collect();
    let text_index =
        doc.pages[0].items.iter().position(|(_, it)| matches!(it, FrameItem::Text(x) if x.text.contains("Highlighted"))).unwrap();
    let hit = rects.iter().find(|r| r.1 <= t.x + EPS && r.1 + r.3 >= t.right() - EPS && r.2 < t.y && r.2 + r.4 > t.y);
    let (i, .., fill) = hit.unwrap_or_else(|| panic!("no filled rectangle behind the marked text: {rects:?}"));
    assert!(*i < text_index, "the highlight is drawn before (under) the text");
    assert!(fill.0 > 200 && fill.1 > 200 && fill.2 < fill.0, "a yellowish highlight: {fill:?}");
}

#[test]
fn html_span_style_color() {
    let (doc, _) = compile_src("Black <span style=\"color:#c00\">Redword</span> black\n");
    assert_eq!(item(&doc, "Redword").item.fill, Rgb(0xcc, 0, 0));
    assert_ne!(item(&doc, "Black").item.fill, Rgb(0xcc, 0, 0));
}

#[test]
fn html_formatting_elements_keep_their_class_style_and_id() {
    let src = "---\ncss: |\n  .hot { color: #ff0000 }\n  a.plain { color: #00aa00 }\n  code.tag { color: #0000ff }\n---\n\
               Normal <strong class=\"hot\">Hotword</strong> <em style=\"color: #00ff00\">Greenem</em> \
               <a class=\"plain\" href=\"https://example.com\">Plainlink</a> \
               <code class=\"tag\">Codeword https://x.example</code> <b id=\"here\">Anchored</b> [Jump](#here)\n";
    let (doc, warnings) = compile_src(src);
    let hot = item(&doc, "Hotword");
    assert_eq!(hot.item.fill, Rgb(0xff, 0, 0), "class on <strong>:\n{}", dump(&doc));
    assert!(bold(&doc, &hot), "still bold");
    let green = item(&doc, "Greenem");
    assert_eq!(green.item.fill, Rgb(0, 0xff, 0), "style on <em>");
    assert!(italic(&doc, &green), "still italic");
    assert_eq!(item(&doc, "Plainlink").item.fill, Rgb(0, 0xaa, 0), "a.plain");
    let code = item(&doc, "Codeword");
    assert_eq!(code.item.fill, Rgb(0, 0, 0xff), "code.tag");
    assert_eq!(family(&doc, &code), Some(Family::Mono), "still monospace");
    let urls: Vec<String> = links(&doc).into_iter().map(|l| l.5).collect();
    assert!(urls.iter().any(|u| u == "https://example.com"), "a styled <a> is still a link: {urls:?}");
    assert!(!urls.iter().any(|u| u.contains("x.example")), "no autolink inside code: {urls:?}");
    assert!(urls.iter().any(|u| u == "#here"), "the id on <b> is a target: {urls:?}");
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn css_display_block_on_an_inline_element_gives_it_its_own_line() {
    let src = "Before <span style=\"display: block\">Blockspan</span> after\n\n<strong style=\"display:block\">Lonely</strong> tail\n";
    let (doc, warnings) = compile_src(src);
    let (before, block, after) = (item(&doc, "Before"), item(&doc, "Blockspan"), item(&doc, "after"));
    assert!(block.y > before.y && after.y > block.y, "three lines:\n{}", dump(&doc));
    assert_close(block.x, before.x, "the block starts at the left edge");
    // At the start of a paragraph there is no empty line above.
    let (lonely, tail) = (item(&doc, "Lonely"), item(&doc, "tail"));
    assert!(tail.y > lonely.y, "{}", dump(&doc));
    assert!(lonely.y - after.y < 3.0 * BODY * 1.6, "no blank line before the block:\n{}", dump(&doc));
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn css_width_and_height_on_plain_blocks_are_laid_out() {
    let src = "<div style=\"height:128px;width:128px\">\n\nBoxword\n\n</div>\n\n<div style=\"width: 100%\">Fullword</div>\n";
    let (doc, warnings) = compile_src(src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let (boxed, full) = (item(&doc, "Boxword"), item(&doc, "Fullword"));
    assert!(full.y - boxed.y >= 96.0, "the 128px-tall box keeps what follows below it: {} vs {}", boxed.y, full.y);
}

#[test]
fn css_display_values_laid_out_otherwise_are_warnings() {
    let src = "<div style=\"display: table\">\n\nOne\n\n</div>\n\n<p style=\"display: inline\">Two</p>\n\n<span style=\"display: inline-block\">Three</span>\n";
    let (_, warnings) = compile_src(src);
    assert_eq!(warnings_about(&warnings, "display: table").len(), 1, "{warnings:#?}");
    assert_eq!(warnings_about(&warnings, "display: inline` on `<p>`").len(), 1, "{warnings:#?}");
    assert!(warnings_about(&warnings, "inline-block").is_empty(), "inline-block is inline: {warnings:#?}");
}

#[test]
fn html_br_breaks_the_line() {
    let (doc, _) = compile_src("Firstline<br>Secondline\n");
    let a = item(&doc, "Firstline");
    let b = item(&doc, "Secondline");
    assert!(b.y > a.y + BODY, "second line below the first: {} vs {}", b.y, a.y);
    assert_close(b.x, a.x, "both lines start at the left edge");
}

#[test]
fn html_details_shows_summary_bold_and_content() {
    let src = "<details><summary>More</summary>\n\nHidden text\n\n</details>\n";
    let (doc, _) = compile_src(src);
    let summary = item(&doc, "More");
    let content = item(&doc, "Hidden");
    assert!(bold(&doc, &summary), "summary is bold:\n{}", dump(&doc));
    assert!(!bold(&doc, &content), "content is not bold:\n{}", dump(&doc));
    assert!(content.y > summary.y, "content below the summary");
}

#[test]
fn html_entities_are_decoded() {
    let (doc, _) = compile_src("Aa&nbsp;Bb &amp; Cc &mdash; Dd &#8212; Ee\n");
    let text = all_text(&doc);
    assert!(text.contains("Aa\u{a0}Bb & Cc — Dd — Ee"), "decoded text: {text:?}");
    assert!(!text.contains("&amp;") && !text.contains("&mdash;") && !text.contains("&#"), "{text:?}");
}

#[test]
fn html_script_is_dropped_with_one_warning() {
    let src = "Visible one\n\n<script>alert(1)</script>\n\nVisible <script>alert(2)</script> two\n";
    let (doc, warnings) = compile_src(src);
    let text = all_text(&doc);
    assert!(text.contains("Visible") && !text.contains("alert"), "{text:?}");
    assert_eq!(warnings_about(&warnings, "<script>").len(), 1, "{warnings:#?}");
}

#[test]
fn html_unknown_tag_keeps_text_and_warns_once_per_name() {
    let src = "<blink>Alpha</blink> and <blink>Beta</blink> and <marquee>Gamma</marquee>\n";
    let (doc, warnings) = compile_src(src);
    let text = all_text(&doc);
    for w in ["Alpha", "Beta", "Gamma"] {
        assert!(text.contains(w), "{w} kept: {text:?}");
    }
    assert!(!text.contains("blink") && !text.contains('<'), "{text:?}");
    assert_eq!(warnings_about(&warnings, "<blink>").len(), 1, "{warnings:#?}");
    assert_eq!(warnings_about(&warnings, "<marquee>").len(), 1, "{warnings:#?}");
}

#[test]
fn html_comments_are_absent() {
    let src = "Before <!-- inline secret --> after\n\n<!-- one-line secret -->\n\nEnd\n";
    let (doc, warnings) = compile_src(src);
    let text = all_text(&doc);
    assert!(text.contains("Before") && text.contains("after") && text.contains("End"), "{text:?}");
    assert!(!text.contains("secret") && !text.contains("<!--") && !text.contains("-->"), "{text:?}");
    assert!(warnings.is_empty(), "{warnings:#?}");
}

#[test]
fn html_multiline_comment_is_absent() {
    let src = "Before\n\n<!--\nblock secret\n-->\n\nEnd\n";
    let (doc, _) = compile_src(src);
    let text = all_text(&doc);
    assert!(text.contains("Before") && text.contains("End"), "{text:?}");
    assert!(!text.contains("secret") && !text.contains("-->"), "{text:?}");
}

/// The horizontal middle of the content area with 20 mm margins on A4.
fn middle_20mm() -> f32 {
    A4.0 / 2.0
}

#[test]
fn html_div_align_center_centres_lines() {
    let src = format!("{}Leftword\n\n<div align=\"center\">\n\nCentredword\n\n</div>\n", margins_mm(20));
    let (doc, _) = compile_src(&src);
    let c = item(&doc, "Centredword");
    assert!((c.center() - middle_20mm()).abs() < 0.5, "centre {} vs {}:\n{}", c.center(), middle_20mm(), dump(&doc));
    assert_close(item(&doc, "Leftword").x, 20.0 * MM, "a plain paragraph stays left");
}

#[test]
fn html_center_element_centres_lines() {
    let src = format!("{}<center>Middleword</center>\n", margins_mm(20));
    let (doc, _) = compile_src(&src);
    let c = item(&doc, "Middleword");
    assert!((c.center() - middle_20mm()).abs() < 0.5, "centre {} vs {}:\n{}", c.center(), middle_20mm(), dump(&doc));
}

#[test]
fn html_heading_align_center() {
    let src = format!("{}<h2 align=\"center\">Centred Heading</h2>\n\nBody text\n", margins_mm(20));
    let (doc, _) = compile_src(&src);
    let h = item(&doc, "Centred");
    assert!(bold(&doc, &h), "still a heading");
    assert!((h.center() - middle_20mm()).abs() < 0.5, "centre {} vs {}:\n{}", h.center(), middle_20mm(), dump(&doc));
    assert_close(item(&doc, "Body").x, 20.0 * MM, "text after it is left-aligned");
}

// ---------------------------------------------------------------------------------------
// CSS
// ---------------------------------------------------------------------------------------

#[test]
fn css_front_matter_changes_h1_colour_and_size() {
    let src = "---\ncss: 'h1 { color: #123456; font-size: 30px }'\n---\n# Fictional Name\n\nBody text\n";
    let (doc, _) = compile_src(src);
    let h = item(&doc, "Fictional");
    assert_eq!(h.item.fill, Rgb(0x12, 0x34, 0x56));
    assert_close(h.item.size, 22.5, "30px is 22.5pt");
    assert_ne!(item(&doc, "Body").item.fill, Rgb(0x12, 0x34, 0x56), "only h1 changes");
}

#[test]
fn css_body_class_selector_applies() {
    let with = "---\nbody_class: markdown-body\ncss: '.markdown-body p { font-size: 20px }'\n---\nSome text\n";
    let (doc, _) = compile_src(with);
    assert_close(item(&doc, "Some").item.size, 15.0, "20px is 15pt under .markdown-body");
    let without = "---\ncss: '.markdown-body p { font-size: 20px }'\n---\nSome text\n";
    let (doc, _) = compile_src(without);
    assert_close(item(&doc, "Some").item.size, BODY, "without body_class the rule does not match");
}

#[test]
fn css_specificity_id_beats_class_beats_type_on_spans() {
    // Rules written from most to least specific, so source order alone would give `span`.
    let src = "---\ncss: |\n  #x { color: #ff0000 }\n  .c { color: #00aa00 }\n  span { color: #0000ff }\n---\n\
               <span id=\"x\" class=\"c\">Idword</span> <span class=\"c\">Classword</span> <span>Typeword</span>\n";
    let (doc, _) = compile_src(src);
    assert_eq!(item(&doc, "Idword").item.fill, Rgb(0xff, 0, 0), "#x wins:\n{}", dump(&doc));
    assert_eq!(item(&doc, "Classword").item.fill, Rgb(0, 0xaa, 0), ".c wins over span");
    assert_eq!(item(&doc, "Typeword").item.fill, Rgb(0, 0, 0xff), "span applies");
}

#[test]
fn css_specificity_on_html_paragraphs() {
    let src = "---\ncss: |\n  #x { color: #ff0000 }\n  .c { color: #00aa00 }\n  p { color: #0000ff }\n---\n\
               <p id=\"x\" class=\"c\">Idword</p>\n\n<p class=\"c\">Classword</p>\n\n<p>Typeword</p>\n";
    let (doc, _) = compile_src(src);
    assert_eq!(item(&doc, "Idword").item.fill, Rgb(0xff, 0, 0), "#x wins:\n{}", dump(&doc));
    assert_eq!(item(&doc, "Classword").item.fill, Rgb(0, 0xaa, 0), ".c wins over p:\n{}", dump(&doc));
    assert_eq!(item(&doc, "Typeword").item.fill, Rgb(0, 0, 0xff), "p applies");
}

#[test]
fn css_style_attribute_beats_style_element_beats_front_matter() {
    let src = "---\ncss: 'span { color: #0000ff } em { color: #0000ff }'\n---\n\
               <style>span { color: #00aa00 }</style>\n\n\
               <span style=\"color: #ff0000\">Attrword</span> <span>Elementword</span> *Frontword*\n";
    let (doc, _) = compile_src(src);
    assert_eq!(item(&doc, "Attrword").item.fill, Rgb(0xff, 0, 0), "style attribute wins:\n{}", dump(&doc));
    assert_eq!(item(&doc, "Elementword").item.fill, Rgb(0, 0xaa, 0), "<style> beats front matter css");
    assert_eq!(item(&doc, "Frontword").item.fill, Rgb(0, 0, 0xff), "front matter css applies");
}

#[test]
fn css_display_none_hides() {
    let src = "---\ncss: '.secret { display: none }'\n---\nShown text\n\n<div class=\"secret\">\n\nHidden block\n\n</div>\n\nAlso <span class=\"secret\">hiddenspan</span> shown\n";
    let (doc, _) = compile_src(src);
    let text = all_text(&doc);
    assert!(text.contains("Shown") && text.contains("Also"), "{text:?}");
    assert!(!text.contains("Hidden") && !text.contains("hiddenspan"), "{text:?}");
}

#[test]
fn css_text_align_right() {
    let src = format!(
        "{}Leftword\n\n<p class=\"r\">Rightword</p>\n",
        margins_mm(20).replace("---\npdf", "---\ncss: '.r { text-align: right }'\npdf")
    );
    let (doc, _) = compile_src(&src);
    let r = item(&doc, "Rightword");
    assert!((r.right() - (A4.0 - 20.0 * MM)).abs() < 0.5, "right edge {} vs {}:\n{}", r.right(), A4.0 - 20.0 * MM, dump(&doc));
    assert_close(item(&doc, "Leftword").x, 20.0 * MM, "other text stays left");
}

#[test]
fn css_body_padding_insets_the_content_and_its_top_only_on_the_first_page() {
    // github-markdown-css's demo rule, often copied into résumés: 45px = 33.75pt.
    let body = "# Name\n\nSome text\n\n<p class=\"r\">Rightword</p>\n\n<div class=\"page-break\"></div>\n\nSecondpage text\n";
    let css = "---\nbody_class: markdown-body\ncss: |\n  .markdown-body { margin: 0 auto; padding: 45px; max-width: 980px }\n  .r { text-align: right }\npdf";
    let (plain, _) = compile_src(&format!("{}{body}", margins_mm(20).replace("---\npdf", "---\ncss: '.r { text-align: right }'\npdf")));
    let (doc, warnings) = compile_src(&format!("{}{body}", margins_mm(20).replace("---\npdf", css)));
    let pad = 33.75;
    assert_close(item(&plain, "Some").x, 20.0 * MM, "without a body box");
    assert_close(item(&doc, "Some").x, 20.0 * MM + pad, "left padding");
    assert_close(item(&doc, "Rightword").right(), A4.0 - 20.0 * MM - pad, "right padding");
    assert_close(item(&doc, "Name").y - item(&plain, "Name").y, pad, "top padding on the first page");
    let (second, second_plain) = (item(&doc, "Secondpage"), item(&plain, "Secondpage"));
    assert_eq!((second.page, second_plain.page), (1, 1));
    assert_close(second.y, second_plain.y, "no top padding on later pages");
    assert_close(second.x, 20.0 * MM + pad, "left padding on later pages");
    assert!(warnings_about(&warnings, "margin").is_empty() && warnings_about(&warnings, "padding").is_empty(), "{warnings:#?}");
}

#[test]
fn github_stylesheet_keeps_the_browsers_body_margin() {
    // github-markdown-css does not reset the browser's `body { margin: 8px }` (6pt);
    // md-to-pdf's own stylesheet does.
    let github = format!(
        "{}# Name\n\nSome text\n",
        margins_mm(20).replace("---\npdf", "---\nstylesheet: https://cdn.example/github-markdown-css/5.0.0/github-markdown.min.css\npdf")
    );
    let (doc, _) = compile_src(&github);
    assert_close(item(&doc, "Some").x, 20.0 * MM + 6.0, "github: 8px body margin");
    let (doc, _) = compile_src(&format!("{}# Name\n\nSome text\n", margins_mm(20)));
    assert_close(item(&doc, "Some").x, 20.0 * MM, "default theme: no body margin");
}

/// A rectangle as drawn: x, y, width, height, fill, stroke colour.
type DrawnRect = (f32, f32, f32, f32, Option<Rgb>, Option<Rgb>);

/// Every rectangle of a page.
fn page_rects(doc: &PagedDocument, page: usize) -> Vec<DrawnRect> {
    doc.pages[page]
        .items
        .iter()
        .filter_map(|(p, i)| match i {
            FrameItem::Rect { size, fill, stroke } => Some((p.x, p.y, size.width, size.height, *fill, stroke.map(|s| s.0))),
            _ => None,
        })
        .collect()
}

#[test]
fn css_border_draws_a_box_around_the_block_with_the_text_inside() {
    let src = format!(
        "{}<div class=\"card\">\n\nCardtext in a box with a background.\n\n- Itemtext\n\n</div>\n\n\
         <p class=\"boxed\">Boxedtext</p>\n\nAfterword\n",
        margins_mm(20).replace(
            "---\npdf_options:",
            "---\ncss: |\n  .card { border: 2px solid #3b82f6; padding: 8px; background: #eeeeff }\n  .boxed { border: 1px solid #999999 }\npdf_options:\n  printBackground: true"
        )
    );
    let (doc, warnings) = compile_src(&src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let rects = page_rects(&doc, 0);
    let card = rects.iter().find(|r| r.5 == Some(Rgb(0x3b, 0x82, 0xf6))).unwrap_or_else(|| panic!("no blue box: {rects:?}"));
    assert_eq!(card.4, Some(Rgb(0xee, 0xee, 0xff)), "filled with the background");
    let (inside, item_text) = (item(&doc, "Cardtext"), item(&doc, "Itemtext"));
    // The box spans the content width; its text sits inside border + padding (1.5 + 6pt).
    assert!((card.0 - 20.0 * MM).abs() < 1.0 && (card.0 + card.2 - (A4.0 - 20.0 * MM)).abs() < 1.0, "{card:?}");
    assert_close(inside.x, 20.0 * MM + 7.5, "text inside the border and padding");
    assert!(card.1 < inside.y - BODY && card.1 + card.3 > item_text.y, "the box holds both blocks: {card:?}\n{}", dump(&doc));
    let boxed = rects.iter().find(|r| r.5 == Some(Rgb(0x99, 0x99, 0x99))).unwrap_or_else(|| panic!("no grey box: {rects:?}"));
    let t = item(&doc, "Boxedtext");
    assert!(boxed.1 < t.y - BODY * 0.7 && boxed.1 + boxed.3 > t.y, "around its text: {boxed:?} {t:?}");
    // Text of an HTML element is no paragraph: the box is one line tall (line height 1.6).
    assert!(boxed.3 < BODY * 1.6 + 2.0, "no paragraph margin inside the box: {boxed:?}");
    assert!(item(&doc, "Afterword").y > boxed.1 + boxed.3, "what follows is below the box");
}

#[test]
fn css_first_child_and_adjacent_sibling_selectors_match() {
    let src = "---\ncss: |\n  li:first-child { color: #ff0000 }\n  h2 + p { color: #00aa00 }\n  li + li { color: #0000ff }\n---\n\
               ## Skills\n\nRightafter the heading.\n\nLaterpara here.\n\n- Firstitem\n- Seconditem\n- Thirditem\n";
    let (doc, warnings) = compile_src(src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(item(&doc, "Firstitem").item.fill, Rgb(0xff, 0, 0), ":first-child:\n{}", dump(&doc));
    assert_eq!(item(&doc, "Seconditem").item.fill, Rgb(0, 0, 0xff), "li + li");
    assert_eq!(item(&doc, "Thirditem").item.fill, Rgb(0, 0, 0xff), "li + li");
    assert_eq!(item(&doc, "Rightafter").item.fill, Rgb(0, 0xaa, 0), "h2 + p");
    assert_ne!(item(&doc, "Laterpara").item.fill, Rgb(0, 0xaa, 0), "only the p right after the h2");
}

#[test]
fn css_margins_on_list_items_space_the_items() {
    let list = "- Oneitem\n- Twoitem\n- Threeitem\n";
    let (plain, _) = compile_src(list);
    let (doc, _) = compile_src(&format!("---\ncss: 'li {{ margin-bottom: 20px }}'\n---\n{list}"));
    let gap = |d: &PagedDocument, a: &str, b: &str| item(d, b).y - item(d, a).y;
    assert_close(gap(&doc, "Oneitem", "Twoitem") - gap(&plain, "Oneitem", "Twoitem"), 15.0, "20px = 15pt more between items");
    assert_close(gap(&doc, "Twoitem", "Threeitem"), gap(&doc, "Oneitem", "Twoitem"), "every item");
}

#[test]
fn css_selectors_that_cannot_match_are_warnings_and_drop_only_their_rule() {
    let src = "---\ncss: |\n  h2::after, p, a:has(b) { color: #00aa00 }\n---\nSome text\n";
    let (doc, warnings) = compile_src(src);
    assert_eq!(item(&doc, "Some").item.fill, Rgb(0, 0xaa, 0), "`p` in the same list still applies");
    for sel in ["h2::after", "a:has(b)"] {
        let w = warnings_about(&warnings, &format!("`{sel}`"));
        assert_eq!(w.len(), 1, "{sel}: {warnings:#?}");
        let span = w[0].span.clone().expect("points at the selector");
        assert_eq!(&src[span], sel);
    }
}

#[test]
fn horizontal_rule_is_a_thin_grey_line_by_default_and_follows_css() {
    let rule = |doc: &PagedDocument| {
        page_rects(doc, 0).into_iter().find(|r| r.2 > 300.0 && r.4.is_some()).unwrap_or_else(|| panic!("no rule:\n{}", dump(doc)))
    };
    let (doc, _) = compile_src("Above\n\n---\n\nBelow\n");
    let r = rule(&doc);
    assert!(r.3 < 1.0, "md-to-pdf's rule is 1px thin: {r:?}");
    let (doc, _) = compile_src("---\ncss: 'hr { border: none; border-top: 2px solid #ff0000 }'\n---\nAbove\n\n---\n\nBelow\n");
    let r = rule(&doc);
    assert_eq!(r.4, Some(Rgb(0xff, 0, 0)), "{r:?}");
    assert_close(r.3, 1.5, "2px");
}

#[test]
fn css_border_longhands_set_and_change_the_box() {
    let src = "---\ncss: |\n  .a { border-style: solid; border-width: 2px; border-color: #ff0000 }\n  .b { border: 1px solid #00ff00; border-color: #0000ff }\n  .c { border: 1px solid #00ff00; border-style: none }\n---\n\
               <div class=\"a\">Aword</div>\n\n<div class=\"b\">Bword</div>\n\n<div class=\"c\">Cword</div>\n";
    let (doc, warnings) = compile_src(src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let rects = page_rects(&doc, 0);
    assert!(rects.iter().any(|r| r.5 == Some(Rgb(0xff, 0, 0))), "longhands alone draw a box: {rects:?}");
    assert!(rects.iter().any(|r| r.5 == Some(Rgb(0, 0, 0xff))), "border-color recolours the shorthand's box: {rects:?}");
    assert!(!rects.iter().any(|r| r.5 == Some(Rgb(0, 0xff, 0))), "no green left: {rects:?}");
}

#[test]
fn css_single_borders_draw_rules_on_their_side() {
    let src = "---\ncss: |\n  .top { border-top: 3px solid #ff0000 }\n  .bot { border-bottom: 2px solid #0000ff }\n  .right { border-right: 4px solid #00aa00 }\n---\n\
               <div class=\"top\">Topword</div>\n\n<p class=\"bot\">Bottomword</p>\n\n<div class=\"right\">Rightword</div>\n";
    let (doc, warnings) = compile_src(src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let rects = page_rects(&doc, 0);
    let find = |c: Rgb| *rects.iter().find(|r| r.4 == Some(c)).unwrap_or_else(|| panic!("no {c:?} rule: {rects:?}"));
    let (top, bot, right) = (find(Rgb(0xff, 0, 0)), find(Rgb(0, 0, 0xff)), find(Rgb(0, 0xaa, 0)));
    let (tw, bw, rw) = (item(&doc, "Topword"), item(&doc, "Bottomword"), item(&doc, "Rightword"));
    assert!(top.1 + top.3 <= tw.y - BODY * 0.7 && top.2 > 300.0, "a rule above its text: {top:?} {tw:?}");
    assert!(bot.1 >= bw.y && bot.2 > 300.0, "a rule below its text: {bot:?} {bw:?}");
    assert!(right.2 < 4.0 && right.0 > rw.right() && right.1 < rw.y && right.1 + right.3 > rw.y, "a bar right of its text: {right:?}");
}

#[test]
fn css_huge_padding_and_borders_keep_the_text_on_the_page() {
    let src =
        "---\ncss: |\n  .b { border: 99999px solid #ff0000; padding: 0 99999px; margin: 0 50000px }\n  li { margin-left: 99999px }\n---\n\
               <div class=\"b\">Insideword</div>\n\n- Itemword\n";
    let (doc, _) = compile_src(src);
    for word in ["Insideword", "Itemword"] {
        let t = item(&doc, word);
        assert!(t.x >= 0.0 && t.right() <= A4.0, "{word} on the page:\n{}", dump(&doc));
    }
    let (doc, _) = compile_src("---\ncss: 'body { margin: 9999999px; padding: 0 99999px 0 0 }'\n---\nBodyword here\n");
    let t = item(&doc, "Bodyword");
    assert!(t.page == 0 && t.x >= 0.0 && t.right() <= A4.0 && t.y < A4.1, "on the first page:\n{}", dump(&doc));
}

#[test]
fn css_border_and_padding_on_an_inline_element_frame_its_text() {
    let src =
        "---\ncss: '.tag { border: 1px solid #3b82f6; padding: 2px 3px }'\n---\nSkills: <span class=\"tag\">Rustword</span> and more\n";
    let (doc, warnings) = compile_src(src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let t = item(&doc, "Rustword");
    let rects = page_rects(&doc, 0);
    let frame = rects.iter().find(|r| r.5 == Some(Rgb(0x3b, 0x82, 0xf6))).unwrap_or_else(|| panic!("no frame: {rects:?}"));
    // 3px = 2.25pt of padding on each side of the word, inside the frame.
    let (plain, _) = compile_src("Skills: <span>Rustword</span> and more\n");
    assert_close(frame.2 - item(&plain, "Rustword").width(), 4.5, "frame width = text + padding");
    assert!(frame.0 <= t.x + EPS && frame.1 < t.y && frame.1 + frame.3 > t.y, "{frame:?} {t:?}");
    assert!(item(&doc, "and").x >= frame.0 + frame.2 - EPS, "what follows starts after the frame");
}

#[test]
fn css_wide_inline_padding_is_capped_so_that_extractors_keep_the_order() {
    let chips: Vec<String> = (0..40).map(|i| format!("<span class=\"tag\">Chip{i}x</span>")).collect();
    let src = format!("---\ncss: '.tag {{ padding: 2px 12px; background: #eeeeff }}'\n---\n{}\n", chips.join(" "));
    let (doc, warnings) = compile_src(&src);
    assert_eq!(warnings_about(&warnings, "limited to 0.35em").len(), 1, "{warnings:#?}");
    let (a, b) = (item(&doc, "Chip0x"), item(&doc, "Chip1x"));
    assert!(b.x - a.right() <= BODY, "the gap between words stays under an em: {}", b.x - a.right());
}

#[test]
fn css_margin_with_a_value_that_is_not_a_length_is_dropped_with_a_warning() {
    let src = "---\ncss: 'p { margin: 1em sideways }'\n---\nSome text\n";
    let (_, warnings) = compile_src(src);
    assert_eq!(warnings_about(&warnings, "margin: 1em sideways").len(), 1, "{warnings:#?}");
}

#[test]
fn css_unsupported_property_warns_once_at_its_declaration() {
    let src = "---\ncss: |\n  p { color: #123456 }\n  h1 { transform: none }\n  p { transform: none }\n---\n# Name\n\nText\n";
    let (_, warnings) = compile_src(src);
    let float = warnings_about(&warnings, "transform");
    assert_eq!(float.len(), 1, "one warning for `transform`: {warnings:#?}");
    let span = float[0].span.clone().expect("the warning points into the source");
    // Line 4 is `  h1 { transform: none }`; `transform` starts at column 8.
    assert_eq!(line_col(src, span.start), (4, 8), "{:?}", float[0]);
    assert!(warnings_about(&warnings, "color").is_empty(), "supported properties do not warn");
}

#[test]
fn css_unsupported_property_in_style_element_points_at_it() {
    // The property name also occurs earlier in the prose; the warning must point at the CSS.
    let src = "Note on transform: values\n\n<style>\np { transform: none }\n</style>\n\nText\n";
    let (_, warnings) = compile_src(src);
    let float = warnings_about(&warnings, "transform");
    assert_eq!(float.len(), 1, "{warnings:#?}");
    let span = float[0].span.clone().expect("a span");
    assert_eq!(line_col(src, span.start), (4, 5), "{:?}", float[0]);
}

#[test]
fn css_media_print_is_ignored_by_default() {
    let src = "---\ncss: '@media print { p { color: #ff0000 } }'\n---\nPrinted text\n";
    let (doc, _) = compile_src(src);
    assert_ne!(item(&doc, "Printed").item.fill, Rgb(0xff, 0, 0));
}

#[test]
fn css_media_print_applies_with_page_media_type_print() {
    let src = "---\npage_media_type: print\ncss: '@media print { p { color: #ff0000 } }'\n---\nPrinted text\n";
    let (doc, _) = compile_src(src);
    assert_eq!(item(&doc, "Printed").item.fill, Rgb(0xff, 0, 0));
}

#[test]
fn css_page_rule_needs_prefer_css_page_size() {
    let css = "css: '@page { size: A5; margin: 10mm }'\n";
    let (doc, _) = compile_src(&format!("---\n{css}---\nPage text\n"));
    assert_close(doc.pages[0].size.width, A4.0, "A4 width without preferCSSPageSize");
    assert_close(item(&doc, "Page").x, DEFAULT_LEFT, "default left margin");

    let (doc, _) = compile_src(&format!("---\n{css}pdf_options:\n  preferCSSPageSize: true\n---\nPage text\n"));
    let size = doc.pages[0].size;
    assert!((size.width - 148.0 * MM).abs() < 0.1 && (size.height - 210.0 * MM).abs() < 0.1, "A5: {size:?}");
    assert_close(item(&doc, "Page").x, 10.0 * MM, "the @page margin");
}

#[test]
fn css_stylesheet_file_through_the_loader() {
    let files = Files::new(&[("theme/cv.css", b"p { color: #336699 }".to_vec())]);
    let (doc, warnings) = common::doc::compile_with("---\nstylesheet: theme/cv.css\n---\nStyled text\n", &files.options());
    assert_eq!(item(&doc, "Styled").item.fill, Rgb(0x33, 0x66, 0x99), "{warnings:#?}");
    assert_eq!(files.calls(), vec!["theme/cv.css".to_string()]);
}

#[test]
fn css_remote_stylesheet_is_not_fetched() {
    let files = Files::new(&[]);
    let url = "https://example.com/fictional.css";
    let (doc, warnings) = common::doc::compile_with(&format!("---\nstylesheet: {url}\n---\nPlain text\n"), &files.options());
    assert_eq!(files.count.load(Ordering::SeqCst), 0, "the loader is never called: {:?}", files.calls());
    assert_eq!(warnings_about(&warnings, url).len(), 1, "{warnings:#?}");
    assert!(all_text(&doc).contains("Plain"));
}

// ---------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------

/// The page (0-based) of the one text item holding `word`.
fn page_of(doc: &PagedDocument, word: &str) -> usize {
    item(doc, word).page
}

#[test]
fn pages_page_break_div_starts_a_new_page() {
    let (doc, _) = compile_src("Firstpage text\n\n<div class=\"page-break\"></div>\n\nSecondpage text\n");
    assert_eq!(doc.pages.len(), 2, "{}", dump(&doc));
    assert_eq!(page_of(&doc, "Firstpage"), 0);
    assert_eq!(page_of(&doc, "Secondpage"), 1);
    assert_close(item(&doc, "Secondpage").y, item(&doc, "Firstpage").y, "at the top of page 2");
}

#[test]
fn pages_css_page_break_before() {
    let src = "---\ncss: 'h2 { page-break-before: always }'\n---\n# Name\n\nIntro\n\n## Alpha\n\nOne\n\n## Beta\n\nTwo\n";
    let (doc, _) = compile_src(src);
    assert_eq!(doc.pages.len(), 3, "{}", dump(&doc));
    assert_eq!((page_of(&doc, "Intro"), page_of(&doc, "Alpha"), page_of(&doc, "Beta")), (0, 1, 2));
    assert_eq!(page_of(&doc, "Two"), 2);
}

#[test]
fn pages_no_empty_page_at_the_end() {
    for src in ["Only text\n\n<div class=\"page-break\"></div>\n", "---\ncss: 'p { page-break-after: always }'\n---\nOnly text\n"] {
        let (doc, _) = compile_src(src);
        assert_eq!(doc.pages.len(), 1, "source {src:?}:\n{}", dump(&doc));
        for (n, page) in doc.pages.iter().enumerate() {
            assert!(page.items.iter().any(|(_, i)| matches!(i, FrameItem::Text(_))), "page {} is empty: {src:?}", n + 1);
        }
    }
}

#[test]
fn pages_two_trailing_page_breaks_add_no_blank_page() {
    let (doc, _) = compile_src("Only text\n\n<div class=\"page-break\"></div>\n\n<div class=\"page-break\"></div>\n");
    assert_eq!(doc.pages.len(), 1, "{}", dump(&doc));
}

#[test]
fn pages_scale_halves_text() {
    let (full, _) = compile_src("Scaled words\n");
    let (half, _) = compile_src("---\npdf_options:\n  scale: 0.5\n---\nScaled words\n");
    let (a, b) = (item(&full, "Scaled"), item(&half, "Scaled"));
    assert_close(b.item.size, a.item.size / 2.0, "text size");
    assert!((b.width() - a.width() / 2.0).abs() < 0.1, "text width {} vs {}", b.width(), a.width());
    assert_close(b.x, a.x, "the margins do not scale");
    assert_eq!(half.pages[0].size, full.pages[0].size, "the page does not scale");
}

#[test]
fn pages_page_ranges_keep_one_page() {
    let body = "Pageone\n\n<div class=\"page-break\"></div>\n\nPagetwo\n\n<div class=\"page-break\"></div>\n\nPagethree\n";
    let (all, _) = compile_src(body);
    assert_eq!(all.pages.len(), 3);
    let (doc, warnings) = compile_src(&format!("---\npdf_options:\n  pageRanges: '2'\n---\n{body}"));
    assert_eq!(doc.pages.len(), 1, "{warnings:#?}");
    let text = page_text(&doc, 0);
    assert!(text.contains("Pagetwo") && !text.contains("Pageone") && !text.contains("Pagethree"), "{text:?}");
}

#[test]
fn pages_landscape_swaps_the_sides() {
    let (doc, _) = compile_src("---\npdf_options:\n  landscape: true\n---\nWide page\n");
    let s = doc.pages[0].size;
    assert!((s.width - A4.1).abs() < 0.1 && (s.height - A4.0).abs() < 0.1, "landscape A4: {s:?}");
}

#[test]
fn pages_width_and_height() {
    let (doc, _) = compile_src("---\npdf_options:\n  width: 100mm\n  height: 150mm\n  margin: 10mm\n---\nCustom page\n");
    let s = doc.pages[0].size;
    assert!((s.width - 100.0 * MM).abs() < 0.1 && (s.height - 150.0 * MM).abs() < 0.1, "100x150mm: {s:?}");
    let t = item(&doc, "Custom");
    assert_close(t.x, 10.0 * MM, "left margin");
    assert!(t.right() < s.width - 10.0 * MM);
}

// ---------------------------------------------------------------------------------------
// Headers and footers
// ---------------------------------------------------------------------------------------

#[test]
fn footer_page_numbers_cli() {
    let dir = TestDir::new("footer");
    dir.write("cv/resume.md", fixture("render-footer.md"));
    let out = dir.run_in("cv", &["resume.md"]);
    assert_exit(&out, 0);
    let pdf = dir.path("cv/resume.pdf");
    qpdf_check(&pdf);
    let norm = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let p1 = norm(pdf_page_text(&pdf, 1));
    let p2 = norm(pdf_page_text(&pdf, 2));
    assert_eq!(p1.matches("Page 1 of 2").count(), 1, "page 1: {p1:?}");
    assert_eq!(p2.matches("Page 2 of 2").count(), 1, "page 2: {p2:?}");
    assert!(!p1.contains("Page 2") && !p2.contains("Page 1"), "{p1:?} / {p2:?}");
    // The footer lies in the bottom margin, below the page area.
    let footer: Vec<_> = word_boxes(&pdf).into_iter().filter(|w| w.4 == "Page").collect();
    assert_eq!(footer.len(), 2, "{footer:?}");
    for (page, height, y_min, y_max, _) in &footer {
        let area_bottom = height - f64::from(DEFAULT_BOTTOM);
        assert!(*y_min > area_bottom - 0.5 && *y_max < *height, "page {page}: footer at {y_min}..{y_max}, area ends at {area_bottom}");
    }
}

/// Text items outside the content area (in the margins) of a page.
fn margin_texts(doc: &PagedDocument, page: usize) -> Vec<Txt> {
    let h = doc.pages[page].size.height;
    texts(doc).into_iter().filter(|t| t.page == page && (t.y < DEFAULT_TOP || t.y > h - DEFAULT_BOTTOM)).collect()
}

#[test]
fn header_with_only_link_and_style_draws_nothing() {
    let body = "# Robin Example\n\nSome text\n";
    let (plain, _) = compile_src(body);
    let fm = "---\npdf_options:\n  headerTemplate: '<link rel=\"stylesheet\" href=\"x.css\"><style>span { color: red }</style>'\n---\n";
    let (doc, _) = compile_src(&format!("{fm}{body}"));
    assert!(margin_texts(&doc, 0).is_empty(), "{}", dump(&doc));
    assert_eq!(doc.pages[0].items.len(), plain.pages[0].items.len(), "no extra items:\n{}", dump(&doc));
}

#[test]
fn header_title_class_shows_the_document_title() {
    let src = "---\ntitle: Imaginary Engineer CV\npdf_options:\n  headerTemplate: '<div><span class=\"title\"></span></div>'\n---\nFirst\n\n<div class=\"page-break\"></div>\n\nSecond\n";
    let (doc, _) = compile_src(src);
    assert_eq!(doc.pages.len(), 2);
    for page in 0..2 {
        let header: String = margin_texts(&doc, page).iter().map(|t| t.item.text.as_str()).collect();
        assert_eq!(header, "Imaginary Engineer CV", "page {}:\n{}", page + 1, dump(&doc));
        assert!(margin_texts(&doc, page).iter().all(|t| t.y < DEFAULT_TOP), "in the top margin");
    }
}

#[test]
fn header_footer_display_false_draws_nothing() {
    let src = "---\npdf_options:\n  displayHeaderFooter: false\n  footerTemplate: '<span>Footerword</span>'\n  headerTemplate: '<span>Headerword</span>'\n---\nBody text\n";
    let (doc, _) = compile_src(src);
    let text = all_text(&doc);
    assert!(text.contains("Body") && !text.contains("Footerword") && !text.contains("Headerword"), "{text:?}");
    // The same templates are drawn when displayHeaderFooter is left out.
    let (shown, _) = compile_src(&src.replace("  displayHeaderFooter: false\n", ""));
    let text = all_text(&shown);
    assert!(text.contains("Footerword") && text.contains("Headerword"), "{text:?}");
}

// ---------------------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------------------

/// The width of a line with the default margins.
const LINE_WIDTH: f32 = A4.0 - DEFAULT_LEFT - DEFAULT_RIGHT;

#[test]
fn image_png_has_its_intrinsic_size_at_96_dpi() {
    let files = Files::new(&[("photo.png", png(40, 20))]);
    let (doc, warnings) = common::doc::compile_with("Before\n\n![Photo](photo.png)\n\nAfter\n", &files.options());
    let imgs = images(&doc);
    assert_eq!(imgs.len(), 1, "{warnings:#?}");
    let (_, x, _, w, h, pw, ph) = imgs[0];
    assert_eq!((pw, ph), (40, 20));
    assert_close(w, 30.0, "40 px wide");
    assert_close(h, 15.0, "20 px high");
    assert_close(x, DEFAULT_LEFT, "at the left margin");
    assert_eq!(files.calls(), vec!["photo.png".to_string()]);
}

#[test]
fn image_width_attribute_scales_proportionally() {
    let files = Files::new(&[("photo.png", png(40, 20))]);
    let (doc, warnings) = common::doc::compile_with("<img src=\"photo.png\" width=\"80\" alt=\"Photo\">\n", &files.options());
    let imgs = images(&doc);
    assert_eq!(imgs.len(), 1, "{warnings:#?}");
    assert_close(imgs[0].3, 60.0, "80 px wide");
    assert_close(imgs[0].4, 30.0, "height keeps the aspect ratio");
}

#[test]
fn image_wider_than_the_line_is_scaled_to_the_line() {
    let files = Files::new(&[("banner.png", png(2000, 100))]);
    let (doc, warnings) = common::doc::compile_with("![Banner](banner.png)\n", &files.options());
    let imgs = images(&doc);
    assert_eq!(imgs.len(), 1, "{warnings:#?}");
    let (_, x, _, w, h, ..) = imgs[0];
    assert!((w - LINE_WIDTH).abs() < 0.1, "width {w} vs line {LINE_WIDTH}");
    assert!((h - w / 20.0).abs() < 0.05, "aspect ratio kept: {w}x{h}");
    assert!(x + w <= A4.0 - DEFAULT_RIGHT + EPS, "inside the right margin");
}

#[test]
fn image_inside_a_link_is_clickable() {
    let files = Files::new(&[("logo.png", png(40, 20))]);
    let (doc, warnings) = common::doc::compile_with("[![Logo](logo.png)](https://example.org/fictional)\n", &files.options());
    let imgs = images(&doc);
    assert_eq!(imgs.len(), 1, "{warnings:#?}");
    let (page, x, y, w, h, ..) = imgs[0];
    let ls = links(&doc);
    let hit = ls.iter().find(|l| l.0 == page && l.1 <= x + EPS && l.1 + l.3 >= x + w - EPS && l.2 <= y + EPS && l.2 + l.4 >= y + h - EPS);
    let l = hit.unwrap_or_else(|| panic!("no link area over the image at ({x},{y}) {w}x{h}: {ls:?}"));
    assert_eq!(l.5, "https://example.org/fictional");
}

#[test]
fn image_missing_shows_alt_text_and_warns() {
    let files = Files::new(&[]);
    let (doc, warnings) = common::doc::compile_with("![Company logo](missing.png)\n", &files.options());
    assert!(images(&doc).is_empty());
    assert!(all_text(&doc).contains("Company logo"), "{}", dump(&doc));
    assert_eq!(warnings_about(&warnings, "missing.png").len(), 1, "{warnings:#?}");
    assert_eq!(files.calls(), vec!["missing.png".to_string()]);
}

#[test]
fn image_remote_is_not_fetched() {
    let files = Files::new(&[("https://example.com/p.png", png(4, 4))]);
    let (doc, warnings) = common::doc::compile_with("![Remote portrait](https://example.com/p.png)\n", &files.options());
    assert_eq!(files.count.load(Ordering::SeqCst), 0, "loader called: {:?}", files.calls());
    assert!(images(&doc).is_empty());
    assert!(all_text(&doc).contains("Remote portrait"), "{}", dump(&doc));
    let w = warnings_about(&warnings, "https://example.com/p.png");
    assert_eq!(w.len(), 1, "{warnings:#?}");
    let all = format!("{} {}", w[0].message, w[0].hints.join(" "));
    assert!(all.contains("--allow-remote"), "the warning names the option: {all:?}");
}

#[test]
fn image_cli_refuses_paths_outside_the_folder() {
    let dir = TestDir::new("img-outside");
    dir.write("secret.png", png(8, 8));
    dir.write(
        "a/b/resume.md",
        "# Robin Example\n\n<img src=\"../../secret.png\" alt=\"Upward\">\n\n<img src=\"/etc/passwd\" alt=\"Absolute\">\n",
    );
    let out = dir.run_in("a/b", &["resume.md"]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert!(err.contains("../../secret.png") && err.contains("outside"), "{err}");
    assert!(err.contains("/etc/passwd") && err.contains("absolute"), "{err}");
    let pdf = dir.path("a/b/resume.pdf");
    qpdf_check(&pdf);
    assert!(pdfimages_rows(&pdf).is_empty(), "{:?}", pdfimages_rows(&pdf));
    let text = pdf_page_text(&pdf, 1);
    assert!(text.contains("Upward") && text.contains("Absolute") && !text.contains("root:"), "{text}");
}

#[test]
fn image_cli_embeds_a_local_image() {
    let dir = TestDir::new("img-local");
    dir.write("cv/img/photo.png", png(40, 20));
    dir.write("cv/resume.md", "# Robin Example\n\n<img src=\"img/photo.png\" alt=\"Portrait\">\n");
    let out = dir.run_in("cv", &["resume.md"]);
    assert_exit(&out, 0);
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
    let pdf = dir.path("cv/resume.pdf");
    qpdf_check(&pdf);
    let rows = pdfimages_rows(&pdf);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let cols: Vec<&str> = rows[0].split_whitespace().collect();
    assert_eq!((cols[3], cols[4]), ("40", "20"), "pixel size in `pdfimages -list`: {rows:?}");
}

// ---------------------------------------------------------------------------
// tables
// ---------------------------------------------------------------------------

/// The stroked cell borders of the page, as (x, y, width).
fn cell_boxes(doc: &PagedDocument) -> Vec<(f32, f32, f32)> {
    page_rects(doc, 0).into_iter().filter(|r| r.5.is_some() && r.4.is_none()).map(|r| (r.0, r.1, r.2)).collect()
}

#[test]
fn css_table_width_stretches_the_columns() {
    let table = "| Aa | Bb |\n|---|---|\n| one | two |\n";
    let span = |doc: &PagedDocument| {
        let boxes = cell_boxes(doc);
        let left = boxes.iter().map(|b| b.0).fold(f32::MAX, f32::min);
        let right = boxes.iter().map(|b| b.0 + b.2).fold(0.0, f32::max);
        (left, right)
    };
    let (doc, _) = compile_src(&format!("{}{table}", margins_mm(20)));
    let (_, natural) = span(&doc);
    assert!(natural < A4.0 / 2.0, "a small table keeps to its content: {natural}");
    let (doc, warnings) = compile_src(&format!("{}{table}", margins_mm(20).replace("---\npdf", "---\ncss: 'table { width: 100% }'\npdf")));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let (left, right) = span(&doc);
    assert_close(left, 20.0 * MM, "starts at the margin");
    assert_close(right, A4.0 - 20.0 * MM, "100% reaches the right margin");
    let (doc, _) = compile_src(&format!("{}{table}", margins_mm(20).replace("---\npdf", "---\ncss: 'table { width: 300pt }'\npdf")));
    let (left, right) = span(&doc);
    assert_close(right - left, 300.0, "an absolute width");
}

#[test]
fn css_auto_margins_centre_a_table() {
    let table = "| Aa | Bb |\n|---|---|\n| one | two |\n";
    let (doc, warnings) =
        compile_src(&format!("{}{table}", margins_mm(20).replace("---\npdf", "---\ncss: 'table { margin: 0 auto 1em }'\npdf")));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let boxes = cell_boxes(&doc);
    let left = boxes.iter().map(|b| b.0).fold(f32::MAX, f32::min);
    let right = boxes.iter().map(|b| b.0 + b.2).fold(0.0, f32::max);
    assert!(right - left < 200.0, "still as narrow as its content");
    assert_close(left - 20.0 * MM, A4.0 - 20.0 * MM - right, "as far from both margins");
}

#[test]
fn html_table_colspan_spans_its_columns_and_align_is_honoured() {
    let src = "<table>\n<tr><th>Skill</th><th>Level</th><th>Years</th></tr>\n\
               <tr><td colspan=\"2\">Spanning both</td><td align=\"right\">5</td></tr>\n\
               <tr><td>Rust</td><td>Expert</td><td align=\"right\">12</td></tr>\n</table>\n";
    let (doc, _) = compile_src(src);
    let boxes = cell_boxes(&doc);
    // Rows top to bottom: 3 header cells, 2 cells (one spanning), 3 cells.
    let mut ys: Vec<f32> = boxes.iter().map(|b| b.1).collect();
    ys.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    assert_eq!(ys.len(), 3, "{boxes:?}");
    let row = |y: f32| boxes.iter().filter(|b| (b.1 - y).abs() < 0.01).copied().collect::<Vec<_>>();
    let (head, span_row) = (row(ys[0]), row(ys[1]));
    assert_eq!((head.len(), span_row.len()), (3, 2), "{boxes:?}");
    assert_close(span_row[0].2, head[0].2 + head[1].2, "spanning cell width");
    assert_close(span_row[1].0, head[2].0, "third column start");
    // Right-aligned numbers end at the same x.
    let five = item(&doc, "5");
    let twelve = item(&doc, "12");
    assert_close(five.right(), twelve.right(), "right edges");
    assert!(five.x > head[2].0 + head[2].2 / 2.0, "5 is right-aligned: {}", dump(&doc));
}

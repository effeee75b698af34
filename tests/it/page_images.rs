//! SVG and PNG pages (`cvpdf::svg`, `-o NAME.svg`, `-o NAME.png`): the PNG of a page
//! matches poppler's rendering of the PDF of the same document (so the two backends
//! cannot drift apart), the output is byte-identical from run to run, and the
//! command line writes one file per page.

use std::path::Path;
use std::sync::Arc;

use cvpdf::layout::{FrameItem, PagedDocument};
use cvpdf::{Loader, Options};

use crate::common::{self, TestDir};

/// A fictional résumé with every kind of item: headings, text in several faces,
/// lists, a table with a striped row, a rule, a coloured box with rounded corners, a
/// gauge, a raster and an SVG image, and links (out and within the document).
const DOC: &str = r##"---
title: Grace Sample
pdf_options:
  format: A5
  margin: 12mm
---

# Grace Sample

**Data engineer** · Sampleton · [grace@example.com](mailto:grace@example.com) · [Projects](#projects)

<div style="background: #dde8f4; border-radius: 6px; padding: 6px; border: 1px solid #8aa">Open to *remote* work, from <code>2026</code>.</div>

## Experience

- Moved the nightly batch to a *streaming* pipeline; cut latency by **70 %**.
- Wrote the `ingest` library:
  1. schema checks;
  2. retries with back-off.

***

## Skills

| Area | Level |
| --- | ---: |
| SQL | <progress value="0.8"></progress> |
| Rust | 4 years |
| Python | 6 years |

## Projects

![A gradient](gradient.png) ![A circle](circle.svg)

See [the archive](https://example.com/archive) for more.
"##;

/// An SVG image: a filled circle and a square.
const CIRCLE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" viewBox="0 0 40 30"><circle cx="15" cy="15" r="12" fill="#c33"/><rect x="28" y="4" width="10" height="10" fill="#36c"/></svg>"##;

/// The document's folder: the images it shows.
fn folder(test: &str) -> TestDir {
    let dir = TestDir::new(test);
    dir.write("gradient.png", common::png(48, 24, "gradient"));
    dir.write("circle.svg", CIRCLE);
    dir
}

/// Options reading the images from `dir`, bundled fonts only.
fn options(dir: &Path) -> Options {
    let dir = dir.to_path_buf();
    let loader: Loader = Arc::new(move |name: &str| std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}")));
    Options { loader: Some(loader), system_fonts: None, ..Options::default() }
}

fn compile(dir: &TestDir) -> PagedDocument {
    let compiled = cvpdf::compile(DOC, &options(dir.root()));
    assert!(compiled.warnings.is_empty(), "{:?}", compiled.warnings);
    compiled.output.expect("compiles")
}

/// An RGB image: width, height, 3 bytes a pixel.
struct Rgb {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

fn decode(bytes: &[u8]) -> Rgb {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("PNG size")];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()].chunks_exact(channels).flat_map(|p| [p[0], p[1 % channels], p[2 % channels]]).collect();
    Rgb { width: info.width as usize, height: info.height as usize, pixels }
}

/// How far two renderings of a page are apart, per pixel the largest difference of
/// its three channels (0–255).
#[derive(Debug)]
struct Difference {
    /// The mean over the page.
    mean: f64,
    /// The largest mean over a square tile of [`TILE`] pixels a side, and the
    /// top-left pixel of that tile.
    worst_tile: (f64, usize, usize),
}

/// A tile of 24 pixels a side is a sixth of an inch at 144 ppi: a line of body text
/// is about one tile high and a word a few tiles wide, so a word drawn in the wrong
/// place raises the mean of its tiles far above the faint edges that anti-aliasing
/// and font hinting leave along every glyph.
const TILE: usize = 24;

/// The difference of two pixels: the largest of their three channels', less
/// [`GREY_ALLOWANCE`].
fn pixel_difference(a: &Rgb, i: usize, b: &Rgb, j: usize) -> u32 {
    let d = (0..3).map(|c| u32::from(a.pixels[i * 3 + c].abs_diff(b.pixels[j * 3 + c]))).max().unwrap_or(0);
    d.saturating_sub(GREY_ALLOWANCE)
}

/// How much two pixels may differ in grey level and still count as the same: the
/// two rasterisers shade a glyph's edge pixels differently (poppler's hinting makes
/// a thin stroke one dark row where resvg gives two grey ones), while ink where
/// there should be paper, or the reverse, differs by far more.
const GREY_ALLOWANCE: u32 = 64;

/// How far a pixel of `a` is from `b`: the least difference with `b`'s pixels at
/// the same place or one pixel away. Poppler hints glyphs (their edges snap to
/// whole pixels) and resvg does not, so the same edge may fall a pixel apart; a
/// glyph two points (four pixels) off is still far from everything near it.
fn nearest_difference(a: &Rgb, b: &Rgb, x: usize, y: usize) -> u32 {
    let mut least = u32::MAX;
    for ny in y.saturating_sub(1)..(y + 2).min(b.height) {
        for nx in x.saturating_sub(1)..(x + 2).min(b.width) {
            least = least.min(pixel_difference(a, y * a.width + x, b, ny * b.width + nx));
        }
    }
    least
}

fn difference(a: &Rgb, b: &Rgb) -> Difference {
    assert_eq!((a.width, a.height), (b.width, b.height), "the two renderings differ in size");
    let d: Vec<u32> = (0..a.height)
        .flat_map(|y| (0..a.width).map(move |x| (x, y)))
        .map(|(x, y)| nearest_difference(a, b, x, y).max(nearest_difference(b, a, x, y)))
        .collect();
    let mean = d.iter().map(|&v| f64::from(v)).sum::<f64>() / d.len() as f64;
    let mut worst_tile = (0.0, 0, 0);
    for ty in (0..a.height).step_by(TILE) {
        for tx in (0..a.width).step_by(TILE) {
            let (mut sum, mut n) = (0u64, 0u64);
            for y in ty..(ty + TILE).min(a.height) {
                for x in tx..(tx + TILE).min(a.width) {
                    sum += u64::from(d[y * a.width + x]);
                    n += 1;
                }
            }
            let tile = sum as f64 / n as f64;
            if tile > worst_tile.0 {
                worst_tile = (tile, tx, ty);
            }
        }
    }
    Difference { mean, worst_tile }
}

/// Poppler's rendering of the document's PDF at 144 ppi, page by page.
fn poppler_pages(dir: &TestDir, doc: PagedDocument) -> Vec<Rgb> {
    let pdf = cvpdf::pdf(doc, &Options::default()).expect("PDF");
    let path = dir.write("page.pdf", pdf);
    common::tool("pdftoppm", &["-r", "144", "-png", common::arg(&path), common::arg(&dir.path("poppler"))]);
    let mut names: Vec<String> = dir.listing(".").into_iter().filter(|n| n.starts_with("poppler")).collect();
    names.sort();
    names.iter().map(|n| decode(&std::fs::read(dir.path(n)).expect("read poppler page"))).collect()
}

/// cvpdf's own PNG of each page at 144 ppi.
fn cvpdf_pages(doc: &PagedDocument) -> Vec<Rgb> {
    let svgs = cvpdf::svg::pages(doc, &cvpdf::svg::SvgOptions::default());
    assert!(svgs.warnings.is_empty(), "{:?}", svgs.warnings);
    svgs.output.iter().map(|svg| decode(&cvpdf::svg::png(svg, 144.0).expect("PNG"))).collect()
}

/// The most a page's mean difference may be. With the one-pixel tolerance and the
/// [`GREY_ALLOWANCE`], what is left of the rasterisers' differences is near 0 (0.01
/// on the fixture, 0.02 on a page of bold Japanese headings); a page drawn wrong as
/// a whole (a wrong scale, a missing background) is far above it. A word moved adds
/// little to it (0.05), so it is the tiles that catch that.
const MAX_MEAN: f64 = 0.5;
/// The most any tile's mean difference may be: 0.6 at worst on the fixture, 3.7 on
/// dense bold CJK headings (hinted strokes), and 13 where one run of body text is
/// drawn 2 pt to the right; the threshold leaves about twice the room either way.
const MAX_TILE: f64 = 6.0;

/// Whether two renderings of a page are alike within [`MAX_MEAN`] and [`MAX_TILE`].
fn alike(d: &Difference) -> bool {
    d.mean < MAX_MEAN && d.worst_tile.0 < MAX_TILE
}

#[test]
fn png_pages_match_poppler_rendering_of_the_pdf() {
    let dir = folder("png-vs-poppler");
    let doc = compile(&dir);
    let ours = cvpdf_pages(&doc);
    let theirs = poppler_pages(&dir, doc);
    assert_eq!(ours.len(), theirs.len(), "page count");
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        let d = difference(a, b);
        eprintln!("page {}: {d:?}", i + 1);
        assert!(alike(&d), "page {}: {d:?}", i + 1);
    }
}

#[test]
fn the_comparison_sees_a_word_moved_by_two_points() {
    let dir = folder("png-vs-poppler-shifted");
    let doc = compile(&dir);
    let mut shifted = doc.clone();
    // Move a run of body text 2 pt to the right: the SVG backend drawing one item off
    // by so little must fail the comparison above.
    let page = &mut shifted.pages[0];
    let (pos, _) = page.items.iter_mut().find(|(_, item)| matches!(item, FrameItem::Text(t) if t.text.contains("nightly"))).expect("text");
    pos.x += 2.0;
    let ours = cvpdf_pages(&shifted);
    let theirs = poppler_pages(&dir, doc);
    let d = difference(&ours[0], &theirs[0]);
    eprintln!("shifted: {d:?}");
    assert!(!alike(&d), "a text item moved by 2 pt went unnoticed: {d:?}");
}

/// With `CVPDF_COMPARE_DIR` set (to `../shared/seeds`, say), every `.md` file in that
/// folder is rendered by the binary, as a user would (system fonts too), to a PDF and
/// to PNG pages, and each page must match poppler's rendering of the PDF. Without
/// it, the test has nothing to compare (the documents are not in the repository).
#[test]
fn png_pages_of_a_folder_match_poppler() {
    let Some(folder) = std::env::var_os("CVPDF_COMPARE_DIR") else {
        eprintln!("CVPDF_COMPARE_DIR is not set: no folder of documents to compare");
        return;
    };
    let mut inputs: Vec<_> = std::fs::read_dir(&folder)
        .expect("read CVPDF_COMPARE_DIR")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    inputs.sort();
    let mut failures = Vec::new();
    for input in &inputs {
        let name = input.file_stem().expect("name").to_string_lossy().into_owned();
        let dir = TestDir::new(&format!("compare-{name}"));
        let cwd = input.parent().expect("folder");
        for output in ["page.pdf", "page.png"] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_cvpdf"))
                .current_dir(cwd)
                .arg(input)
                .arg("-o")
                .arg(dir.path(output))
                .output()
                .expect("run cvpdf");
            assert!(out.status.success(), "{name}: {}", common::stderr(&out));
        }
        common::tool("pdftoppm", &["-r", "144", "-png", common::arg(&dir.path("page.pdf")), common::arg(&dir.path("poppler"))]);
        let listed = dir.listing(".");
        // Poppler pads the page numbers, so its names sort in page order; ours do not.
        let theirs: Vec<_> = listed.iter().filter(|n| n.starts_with("poppler")).collect();
        let ours: Vec<_> = (1..=listed.iter().filter(|n| n.starts_with("page-")).count()).map(|i| format!("page-{i}.png")).collect();
        assert_eq!(ours.len(), theirs.len(), "{name}: page count");
        for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
            let read = |n: &str| decode(&std::fs::read(dir.path(n)).expect("read page"));
            let d = difference(&read(a), &read(b));
            eprintln!("{name} page {}: {d:?}", i + 1);
            if !alike(&d) {
                failures.push(format!("{name} page {}: {d:?}", i + 1));
            }
        }
    }
    assert!(failures.is_empty(), "pages that differ from poppler's:\n{}", failures.join("\n"));
}

/// Two A6 pages: a link on the first goes to a heading on the second.
const TWO_PAGES: &str = r##"---
pdf_options:
  format: A6
---

# Noor Placeholder

[Write to Noor](mailto:noor@example.com) · [Awards](#awards) · [Never run](javascript:alert(1))

<div style="break-after: page"></div>

## Awards

Second prize, Sampleton hackathon.
"##;

#[test]
fn cli_writes_one_numbered_svg_per_page() {
    let dir = TestDir::sealed("svg-cli");
    dir.write("cv.md", TWO_PAGES);
    let out = dir.run(&["cv.md", "-o", "out/cv.svg"]);
    common::assert_exit(&out, 0);
    assert_eq!(dir.listing("out"), ["cv-1.svg", "cv-2.svg"]);
    let first = std::fs::read_to_string(dir.path("out/cv-1.svg")).expect("page 1");
    let second = std::fs::read_to_string(dir.path("out/cv-2.svg")).expect("page 2");
    assert!(first.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{first}");
    // A6 is 105 x 148 mm.
    assert!(first.contains("width=\"297.64pt\" height=\"419.53pt\""), "{first}");
    assert!(first.contains("<a xlink:href=\"mailto:noor@example.com\">"), "{first}");
    // The link to a heading on the next page goes to that page's file.
    assert!(first.contains("<a xlink:href=\"cv-2.svg#awards\">"), "{first}");
    assert!(second.contains("<rect id=\"awards\""), "{second}");
    // A script link is left out, with a warning.
    assert!(!first.contains("javascript"), "{first}");
    assert!(common::stderr(&out).contains("the link to `javascript:alert(1)` is left out of the SVG"), "{}", common::stderr(&out));
    // The text is there to find, beside the glyph outlines.
    assert!(first.contains(">Write to Noor</text>"), "{first}");
    assert!(first.contains("<use xlink:href=\"#glyph-1-"), "{first}");
}

#[test]
fn cli_writes_png_pages_at_the_resolution_asked() {
    let dir = TestDir::sealed("png-cli");
    dir.write("cv.md", TWO_PAGES);
    common::assert_exit(&dir.run(&["cv.md", "-o", "cv.png", "--ppi", "72"]), 0);
    assert_eq!(dir.listing(".").iter().filter(|n| n.ends_with(".png")).collect::<Vec<_>>(), ["cv-1.png", "cv-2.png"]);
    let page = decode(&std::fs::read(dir.path("cv-1.png")).expect("page 1"));
    // 72 ppi: a pixel a point (297.64 x 419.53 pt, rounded up).
    assert_eq!((page.width, page.height), (298, 420));
    let page = decode(&std::fs::read(dir.path("cv-2.png")).expect("page 2"));
    assert_eq!((page.width, page.height), (298, 420));
    // The default is 144 ppi.
    common::assert_exit(&dir.run(&["cv.md", "-o", "big.png"]), 0);
    let page = decode(&std::fs::read(dir.path("big-1.png")).expect("page 1"));
    assert_eq!((page.width, page.height), (596, 840));
}

#[test]
fn ppi_needs_a_png_output() {
    let dir = TestDir::sealed("ppi-usage");
    dir.write("cv.md", TWO_PAGES);
    let out = dir.run(&["cv.md", "-o", "cv.pdf", "--ppi", "72"]);
    common::assert_exit(&out, 2);
    assert!(common::stderr(&out).contains("--ppi is the resolution of PNG pages: pass -o NAME.png with it"), "{}", common::stderr(&out));
    let out = dir.run(&["cv.md", "-o", "cv.png", "--ppi", "0"]);
    common::assert_exit(&out, 2);
    assert!(dir.listing(".").iter().all(|n| !n.ends_with(".png")));
}

#[test]
fn svg_and_png_pages_are_byte_identical_from_run_to_run() {
    let dir = TestDir::sealed("pages-deterministic");
    dir.write("cv.md", TWO_PAGES);
    for run in ["a", "b"] {
        common::assert_exit(&dir.run(&["cv.md", "-o", &format!("{run}/cv.svg")]), 0);
        common::assert_exit(&dir.run(&["cv.md", "-o", &format!("{run}/cv.png")]), 0);
    }
    for name in ["cv-1.svg", "cv-2.svg", "cv-1.png", "cv-2.png"] {
        let a = std::fs::read(dir.path(&format!("a/{name}"))).expect("first run");
        let b = std::fs::read(dir.path(&format!("b/{name}"))).expect("second run");
        assert!(a == b, "{name} differs between two runs");
    }
    // And in the library, the same document compiled twice.
    let folder = folder("pages-deterministic-lib");
    let (one, two) = (compile(&folder), compile(&folder));
    let options = cvpdf::svg::SvgOptions::default();
    let (one, two) = (cvpdf::svg::pages(&one, &options).output, cvpdf::svg::pages(&two, &options).output);
    assert_eq!(one, two);
    assert_eq!(cvpdf::svg::png(&one[0], 144.0).expect("PNG"), cvpdf::svg::png(&two[0], 144.0).expect("PNG"));
}

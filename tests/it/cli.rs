//! End-to-end tests of the `cvpdf` binary: run it as a user would, then read the PDF back
//! with poppler-utils (`pdftotext`, `pdfinfo`) and `qpdf`. `scripts/test.sh` installs
//! those; a missing tool fails the test with a message saying so.

use crate::common;

use std::fs;
use std::path::Path;

use common::{assert_exit, fixture, info_field, pdftotext, qpdf_check, stderr, word_boxes, TestDir};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const MM: f64 = 72.0 / 25.4;
/// Slack for word boxes measured by `pdftotext -bbox`.
const SLACK: f64 = 1.0;

/// The `Pages:` count from `pdfinfo`.
fn page_count(pdf: &Path) -> usize {
    info_field(pdf, "Pages").parse().expect("page count")
}

/// The `Page size:` line of `pdfinfo`, e.g. `595.28 x 841.89 pts (A4)`.
fn page_size(pdf: &Path) -> String {
    info_field(pdf, "Page size")
}

/// Lowercase words with punctuation stripped; empty tokens (bullets, `#`) dropped.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Asserts every word lies inside the page minus the given margins (top, right, bottom, left).
#[track_caller]
fn assert_inside_margins(pdf: &Path, [top, right, bottom, left]: [f64; 4]) {
    let boxes = word_boxes(pdf);
    assert!(!boxes.is_empty(), "no words in the PDF");
    for b in &boxes {
        let ok = b.x_min >= left - SLACK
            && b.y_min >= top - SLACK
            && b.x_max <= b.page_w - right + SLACK
            && b.y_max <= b.page_h - bottom + SLACK;
        assert!(ok, "word outside the margins {:?}: {b:?}", [top, right, bottom, left]);
    }
}

#[track_caller]
fn assert_pdf_bytes(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF: {:?}", String::from_utf8_lossy(&bytes[..bytes.len().min(40)]));
}

// ---------------------------------------------------------------------------------------
// Paths, streams and exit codes
// ---------------------------------------------------------------------------------------

#[test]
fn default_output_is_input_with_pdf_extension() {
    let dir = TestDir::new("default-output");
    dir.fixture("resume.md", "resume.md");
    let out = dir.run(&["resume.md"]);
    assert_exit(&out, 0);
    assert!(out.stdout.is_empty(), "nothing on stdout when writing a file");
    assert_eq!(dir.listing("."), ["resume.md", "resume.pdf"], "no temporary file left");
    let pdf = dir.path("resume.pdf");
    assert_pdf_bytes(&fs::read(&pdf).unwrap());
    assert_eq!(page_size(&pdf), "595.28 x 841.89 pts (A4)");
    qpdf_check(&pdf);
    assert!(pdftotext(&pdf).contains("Ada Example"));
}

#[test]
fn explicit_output_path() {
    let dir = TestDir::new("explicit-output");
    dir.fixture("resume.md", "resume.md");
    fs::create_dir(dir.path("out")).unwrap();
    let out = dir.run(&["resume.md", "-o", "out/cv.pdf"]);
    assert_exit(&out, 0);
    assert_eq!(dir.listing("."), ["out", "resume.md"]);
    qpdf_check(&dir.path("out/cv.pdf"));
    assert_eq!(fs::read_dir(dir.path("out")).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn dash_output_writes_pdf_to_stdout() {
    let dir = TestDir::new("stdout");
    dir.fixture("resume.md", "resume.md");
    let out = dir.run(&["resume.md", "-o", "-"]);
    assert_exit(&out, 0);
    assert_pdf_bytes(&out.stdout);
    assert_eq!(dir.listing("."), ["resume.md"], "no file written");
    let pdf = dir.write("captured.pdf", &out.stdout);
    qpdf_check(&pdf);
    assert!(pdftotext(&pdf).contains("Ada Example"));
}

#[test]
fn dash_input_reads_stdin_and_writes_stdout() {
    let dir = TestDir::new("stdin");
    let out = dir.run_with_stdin(&["-"], fixture("resume.md").as_bytes());
    assert_exit(&out, 0);
    assert_pdf_bytes(&out.stdout);
    assert!(dir.listing(".").is_empty(), "no file written");
    let pdf = dir.write("captured.pdf", &out.stdout);
    assert!(pdftotext(&pdf).contains("Ada Example"));

    let out = dir.run_with_stdin(&["-", "-o", "from-stdin.pdf"], b"# Jordan Sample\n");
    assert_exit(&out, 0);
    assert!(out.stdout.is_empty());
    assert!(pdftotext(&dir.path("from-stdin.pdf")).contains("Jordan Sample"));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let dir = TestDir::new("usage");
    dir.fixture("resume.md", "resume.md");
    let out = dir.run(&["--frobnicate", "resume.md"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--frobnicate"), "stderr: {}", stderr(&out));
    let out = dir.run(&[]);
    assert_exit(&out, 2);
    assert_eq!(dir.listing("."), ["resume.md"]);
}

#[test]
fn version_and_help() {
    let dir = TestDir::new("version");
    let out = dir.run(&["--version"]);
    assert_exit(&out, 0);
    let stdout = common::stdout(&out);
    assert_eq!(stdout.trim(), format!("cvpdf {}", env!("CARGO_PKG_VERSION")));
    let out = dir.run(&["--help"]);
    assert_exit(&out, 0);
    let stdout = common::stdout(&out);
    assert!(stdout.contains("INPUT") && stdout.contains("--output"), "help:\n{stdout}");
}

#[test]
fn missing_input_file_names_it() {
    let dir = TestDir::new("missing-input");
    let out = dir.run(&["nothere.md"]);
    assert_exit(&out, 4);
    let err = stderr(&out);
    assert!(err.starts_with("cvpdf: error: failed to read `nothere.md`"), "stderr: {err}");
    assert!(dir.listing(".").is_empty(), "no PDF created");
}

#[test]
fn refuses_to_overwrite_the_input() {
    let dir = TestDir::new("overwrite-input");
    let md = dir.fixture("resume.md", "resume.md");
    let out = dir.run(&["resume.md", "-o", "./resume.md"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("input"), "stderr: {}", stderr(&out));
    assert_eq!(fs::read_to_string(md).unwrap(), fixture("resume.md"));
    assert_eq!(dir.listing("."), ["resume.md"]);
}

#[test]
fn unwritable_output_is_an_error_and_leaves_nothing() {
    let dir = TestDir::new("unwritable");
    dir.fixture("resume.md", "resume.md");
    dir.write("blocker", "a file where a folder would be");
    let out = dir.run(&["resume.md", "-o", "blocker/cv.pdf"]);
    assert_exit(&out, 4);
    let err = stderr(&out);
    assert!(err.starts_with("cvpdf: error: failed to write `blocker/cv.pdf` (`blocker` is a file, not a folder)"), "stderr: {err}");
    assert_eq!(dir.listing("."), ["blocker", "resume.md"]);
}

// ---------------------------------------------------------------------------------------
// Diagnostics
// ---------------------------------------------------------------------------------------

/// The `LINE` of the first `{file}:LINE:COL: error:` line of stderr.
#[track_caller]
fn error_line(stderr: &str, file: &str) -> usize {
    let line = stderr
        .lines()
        .find(|l| l.starts_with(&format!("{file}:")) && l.contains(": error: "))
        .unwrap_or_else(|| panic!("no `{file}:LINE:COL: error:` line in stderr:\n{stderr}"));
    let mut parts = line[file.len() + 1..].splitn(3, ':');
    let line_no = parts.next().unwrap().parse().unwrap_or_else(|_| panic!("LINE in {line}"));
    let col: usize = parts.next().unwrap().parse().unwrap_or_else(|_| panic!("COL in {line}"));
    assert!(col >= 1, "{line}");
    line_no
}

#[test]
fn invalid_yaml_is_an_error_with_location_and_no_pdf() {
    let dir = TestDir::new("bad-yaml");
    dir.fixture("bad-yaml.md", "bad.md");
    let out = dir.run(&["bad.md"]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    // The `[` opens on line 2; a parser may report it there or where the block ends (3).
    let line = error_line(&err, "bad.md");
    assert!((2..=3).contains(&line), "line {line}; stderr:\n{err}");
    assert!(err.contains(" | ") && err.contains('^'), "source line and caret:\n{err}");
    assert_eq!(dir.listing("."), ["bad.md"], "no bad.pdf, no temporary file");
}

#[test]
fn invalid_yaml_reports_the_right_line() {
    let dir = TestDir::new("bad-yaml-line");
    dir.fixture("bad-yaml-line3.md", "bad.md");
    let out = dir.run(&["bad.md"]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert_eq!(error_line(&err, "bad.md"), 3, "stderr:\n{err}");
    assert!(err.contains(" 3 | title: a: b\n"), "source line shown:\n{err}");
    assert_eq!(dir.listing("."), ["bad.md"]);
}

#[test]
fn failed_render_leaves_existing_pdf_untouched() {
    let dir = TestDir::new("keep-old-pdf");
    dir.fixture("bad-yaml-line3.md", "bad.md");
    let old = b"%PDF-1.7\n% an earlier, good PDF\n".to_vec();
    dir.write("bad.pdf", &old);
    let out = dir.run(&["bad.md"]);
    assert_exit(&out, 1);
    assert_eq!(fs::read(dir.path("bad.pdf")).unwrap(), old, "bad.pdf changed");
    assert_eq!(dir.listing("."), ["bad.md", "bad.pdf"], "no temporary file");
}

#[test]
fn stdin_diagnostics_are_named_stdin() {
    let dir = TestDir::new("stdin-diag");
    let out = dir.run_with_stdin(&["-"], fixture("bad-yaml-line3.md").as_bytes());
    assert_exit(&out, 1);
    assert!(out.stdout.is_empty(), "no PDF on stdout");
    assert_eq!(error_line(&stderr(&out), "<stdin>"), 3);
}

#[test]
fn unknown_front_matter_key_warns_with_suggestion() {
    let dir = TestDir::new("unknown-key");
    dir.fixture("unknown-key.md", "cv.md");
    let out = dir.run(&["cv.md"]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    let warning = err.lines().find(|l| l.contains("warning:")).unwrap_or_else(|| panic!("no warning in stderr:\n{err}"));
    assert!(warning.starts_with("cv.md:2:"), "warning points at line 2: {warning}");
    assert!(warning.contains("pdf_optoins"), "warning names the key: {warning}");
    let lower = err.to_lowercase();
    assert!(lower.contains("did you mean") && lower.contains("pdf_options"), "hint:\n{err}");
    assert_pdf_bytes(&fs::read(dir.path("cv.pdf")).expect("cv.pdf written despite the warning"));
}

// ---------------------------------------------------------------------------------------
// What the PDF holds
// ---------------------------------------------------------------------------------------

#[test]
fn text_keeps_every_word_in_order() {
    let dir = TestDir::new("words");
    dir.fixture("words.md", "words.md");
    let out = dir.run(&["words.md"]);
    assert_exit(&out, 0);
    let text = pdftotext(&dir.path("words.pdf"));
    assert_eq!(words(&text), words(&fixture("words.md")), "extracted text:\n{text}");
}

#[test]
fn same_input_gives_identical_bytes() {
    let dir = TestDir::new("deterministic");
    dir.fixture("resume.md", "resume.md");
    assert_exit(&dir.run(&["resume.md"]), 0);
    let first = fs::read(dir.path("resume.pdf")).unwrap();
    assert_exit(&dir.run(&["resume.md"]), 0);
    let second = fs::read(dir.path("resume.pdf")).unwrap();
    assert!(first == second, "two runs gave different PDFs");
    let stdout = dir.run(&["resume.md", "-o", "-"]);
    assert_exit(&stdout, 0);
    assert!(stdout.stdout == first, "stdout differs from the file");
}

#[test]
fn front_matter_margins_are_honoured() {
    let dir = TestDir::new("margins-1in");
    dir.fixture("margins-1in.md", "cv.md");
    assert_exit(&dir.run(&["cv.md"]), 0);
    assert_inside_margins(&dir.path("cv.pdf"), [72.0; 4]);
}

#[test]
fn default_margins() {
    let dir = TestDir::new("margins-default");
    dir.fixture("words.md", "cv.md");
    assert_exit(&dir.run(&["cv.md"]), 0);
    // md-to-pdf's defaults: 30mm 40mm 30mm 20mm (top right bottom left).
    assert_inside_margins(&dir.path("cv.pdf"), [30.0 * MM, 40.0 * MM, 30.0 * MM, 20.0 * MM]);
}

#[test]
fn long_document_has_more_pages() {
    let dir = TestDir::new("pages");
    dir.write("short.md", "# Ada Example\n\nOne short paragraph.\n");
    let mut long = String::from("# Ada Example\n\n");
    for i in 1..=200 {
        long.push_str(&format!("Paragraph {i} of a long fictional career history, written only to fill pages.\n\n"));
    }
    dir.write("long.md", &long);
    assert_exit(&dir.run(&["short.md"]), 0);
    assert_exit(&dir.run(&["long.md"]), 0);
    let (short, long) = (page_count(&dir.path("short.pdf")), page_count(&dir.path("long.pdf")));
    assert_eq!(short, 1);
    assert!(long > short, "long: {long} pages, short: {short}");
    qpdf_check(&dir.path("long.pdf"));
    let boxes = word_boxes(&dir.path("long.pdf"));
    assert_eq!(boxes.iter().map(|b| b.page).max(), Some(long), "text on the last page");
    assert!(boxes.iter().any(|b| b.text == "200"), "last paragraph present");
}

#[test]
fn a4_landscape() {
    let dir = TestDir::new("landscape");
    dir.fixture("landscape.md", "wide.md");
    assert_exit(&dir.run(&["wide.md"]), 0);
    let size = page_size(&dir.path("wide.pdf"));
    assert!(size.starts_with("841.89 x 595.28 pts"), "page size: {size}");
}

//! Hostile input to layout and the PDF writer: rows and blocks taller than the page,
//! tiny and huge pages, huge links, paragraphs that are slow to break. Each runs the
//! binary under a memory limit (`ulimit -v`) and a wall-clock bound, killed when the
//! bound passes, so that a regression fails instead of hanging or swapping.

use crate::common;

use std::path::Path;
use std::time::Duration;

use common::{arg, qpdf_check, run_bounded, tool, TestDir, BOUNDS};

/// What a bounded run left behind.
struct Run {
    code: i32,
    stderr: String,
    elapsed: Duration,
}

/// Runs the sealed binary in `dir` with `args` within [`common::BOUNDS`] (2 GB of
/// address space, 30 s); fails when it breaks them or dies by a signal (an abort on a
/// failed allocation).
fn run(dir: &TestDir, args: &[&str]) -> Run {
    let run = run_bounded(&dir.command(args), BOUNDS);
    let stderr = common::stderr(&run.output);
    if let Some(why) = run.broken() {
        panic!("cvpdf {args:?} {why}:\n{stderr}");
    }
    Run { code: common::code(&run.output), stderr, elapsed: run.took }
}

/// Runs `doc` as `in.md` and expects a PDF (exit 0) that `qpdf --check` accepts.
fn render_ok(dir: &TestDir, doc: &str) -> Run {
    dir.write("in.md", doc);
    let r = run(dir, &["in.md", "-o", "out.pdf"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    qpdf_check(&dir.path("out.pdf"));
    r
}

fn text(pdf: &Path) -> String {
    common::pdftotext(pdf)
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[arg(pdf)]);
    info.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("page count")
}

/// The first number beyond 1e9 in the PDF's objects and content streams
/// (uncompressed by qpdf), if any: PDF integers stop at 2^31, and such numbers are
/// far outside any page.
fn huge_number(dir: &TestDir, pdf: &str) -> Option<String> {
    let qdf = dir.path("qdf.pdf");
    tool("qpdf", &["--qdf", "--object-streams=disable", arg(&dir.path(pdf)), arg(&qdf)]);
    let bytes = std::fs::read(&qdf).expect("qdf");
    let number = |b: u8| b.is_ascii_digit() || b == b'.' || b == b'-';
    // A number token starts after white space or `[` (not inside a hex string, where
    // glyph ids are runs of digits) and ends at white space or a delimiter.
    let mut i = 0;
    while i < bytes.len() {
        if number(bytes[i]) && i > 0 && (bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'[') {
            let end = (i..bytes.len()).find(|&j| !number(bytes[j])).unwrap_or(bytes.len());
            let delimited = bytes.get(end).is_none_or(|&b| b.is_ascii_whitespace() || b"[]<>/()".contains(&b));
            let token = String::from_utf8_lossy(&bytes[i..end]).into_owned();
            if delimited && token.parse::<f64>().is_ok_and(|v| v.abs() > 1e9) {
                return Some(token);
            }
            i = end;
        }
        i += 1;
    }
    None
}

/// A GFM table whose second row has a cell of `n` lines (joined by `<br>`).
fn tall_row_table(n: usize) -> String {
    let lines: Vec<String> = (0..n).map(|i| format!("entry{i}")).collect();
    format!("# Casey Fictional\n\n| Year | Notes |\n|---|---|\n| 2024 | {} |\n| 2025 | closing |\n", lines.join("<br>"))
}

// ---------------------------------------------------------------------------------------
// Rows and blocks taller than the page
// ---------------------------------------------------------------------------------------

#[test]
fn a_table_row_taller_than_the_page_is_split_between_pages() {
    let dir = TestDir::sealed("tall-row");
    let r = render_ok(&dir, &tall_row_table(120));
    // The warning names the row's line (line 5 of the file).
    assert!(r.stderr.contains("in.md:5:") && r.stderr.contains("a table row is taller than the page"), "{}", r.stderr);
    let pdf = dir.path("out.pdf");
    let t = text(&pdf);
    for i in 0..120 {
        assert!(t.contains(&format!("entry{i}\n")), "entry{i} is missing:\n{t}");
    }
    assert!(t.contains("closing"));
    let n = pages(&pdf);
    assert!((2..=6).contains(&n), "{n} pages");
    // The header repeats on the pages the row continues on.
    assert!(t.matches("Notes").count() >= 2, "{t}");
}

#[test]
fn table_rows_on_tiny_pages_finish() {
    let dir = TestDir::sealed("tiny-page");
    let rows: String = (0..6).map(|i| format!("| w{i}a<br>w{i}b<br>w{i}c | x{i} |\n")).collect();
    let doc = format!("---\npdf_options:\n  width: 300px\n  height: 60px\n  margin: 4px\n---\n| A | B |\n|---|---|\n{rows}");
    let r = render_ok(&dir, &doc);
    assert!(r.stderr.contains("a table row is taller than the page"), "{}", r.stderr);
    let t = text(&dir.path("out.pdf"));
    for i in 0..6 {
        for w in [format!("w{i}a"), format!("w{i}b"), format!("w{i}c"), format!("x{i}")] {
            assert!(t.contains(&w), "{w} is missing:\n{t}");
        }
    }
}

#[test]
fn margins_larger_than_the_page_shrink() {
    // md-to-pdf's default margins are wider than this page: without a change the
    // text would sit outside it.
    let dir = TestDir::sealed("big-margins");
    let r = render_ok(&dir, "---\npdf_options:\n  width: 200px\n  height: 150px\n---\nRiley Example\n");
    assert!(r.stderr.contains("the page margins") && r.stderr.contains("they are reduced"), "{}", r.stderr);
    let t = text(&dir.path("out.pdf"));
    assert!(t.contains("Riley") && t.contains("Example"), "{t}");
}

#[test]
fn a_css_page_smaller_than_a_row_finishes() {
    let dir = TestDir::sealed("css-page");
    let doc = "---\npdf_options:\n  preferCSSPageSize: true\n---\n<style>@page { size: 100px 100px }</style>\n\n\
               | A | B |\n|---|---|\n| one two three | x |\n| four | five |\n";
    let r = render_ok(&dir, doc);
    assert!(r.stderr.contains("a table row is taller than the page"), "{}", r.stderr);
    assert!(pages(&dir.path("out.pdf")) < 100);
}

#[test]
fn large_type_in_a_cell_finishes() {
    // One line of the cell is taller than the page: it goes on a page of its own.
    let dir = TestDir::sealed("big-type");
    let doc = "| A | B |\n|---|---|\n| <span style=\"font-size: 400px\">Ox</span> <span style=\"font-size: 400px\">Ax</span> | x |\n\
               | after | row |\n";
    render_ok(&dir, doc);
    let t = text(&dir.path("out.pdf"));
    for w in ["Ox", "Ax", "after", "row"] {
        assert!(t.contains(w), "{w} is missing:\n{t}");
    }
}

#[test]
fn a_header_row_taller_than_the_page_is_not_repeated() {
    let dir = TestDir::sealed("tall-header");
    let head: Vec<String> = (0..80).map(|i| format!("h{i}")).collect();
    let body: String = (0..200).map(|i| format!("| r{i} | x |\n")).collect();
    let doc = format!("| {} | B |\n|---|---|\n{body}", head.join("<br>"));
    render_ok(&dir, &doc);
    let t = text(&dir.path("out.pdf"));
    assert!(t.contains("h79") && t.contains("r199"), "{t}");
    assert_eq!(t.matches("h79").count(), 1, "the header is not repeated");
}

#[test]
fn a_very_long_header_row_is_not_repeated() {
    // Every page a table continues on holds a copy of its header row: a long one
    // (here 3,000 letters in tiny type) is shown once.
    let dir = TestDir::sealed("long-header");
    let words: Vec<String> = (0..500).map(|i| format!("hw{i:03}")).collect();
    let cell: Vec<String> = (0..30).map(|i| format!("l{i}")).collect();
    let rows: String = (0..8).map(|_| format!("| {} | x |\n", cell.join("<br>"))).collect();
    let doc = format!("| <span style=\"font-size: 2px\">{}</span> | B |\n|---|---|\n{rows}", words.join(" "));
    render_ok(&dir, &doc);
    let pdf = dir.path("out.pdf");
    assert!(pages(&pdf) > 2);
    assert_eq!(text(&pdf).matches("hw499").count(), 1);
}

#[test]
fn runaway_page_counts_stop_at_the_limit() {
    // 3,000 rows of nearly a page each: layout stops at the page limit rather than
    // laying out every page first.
    let dir = TestDir::sealed("runaway");
    let cell: Vec<String> = (0..40).map(|i| format!("l{i}")).collect();
    let rows: String = (0..3000).map(|_| format!("| {} |\n", cell.join("<br>"))).collect();
    dir.write("in.md", format!("| A |\n|---|\n{rows}"));
    let r = run(&dir, &["in.md", "-o", "out.pdf"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("more than the limit of 2000 pages"), "{}", r.stderr);
    assert!(!dir.path("out.pdf").exists());
}

// ---------------------------------------------------------------------------------------
// Page geometry and huge numbers
// ---------------------------------------------------------------------------------------

#[test]
fn page_sizes_and_margins_beyond_pdf_limits_are_errors_naming_the_line() {
    let dir = TestDir::sealed("huge-page");
    // (The option, the line it is on, what the error says.)
    for (options, line, needle) in [
        ("width: 1e30in", 4, "`width`: length `1e30in` is too large"),
        ("height: 15000pt", 4, "`height`: length `15000pt` is too large"),
        ("margin: 1e30in", 4, "`margin`: length `1e30in` is too large"),
        ("margin:\n    top: 1e25mm", 5, "`margin.top`: length `1e25mm` is too large"),
        ("width: 0", 4, "`width`: a page side of 0pt is too small"),
    ] {
        for extra in [&[][..], &["--pdfa"][..]] {
            dir.write("in.md", format!("---\ndate: 2024-05-01\npdf_options:\n  {options}\n---\nRiley Example\n"));
            let _ = std::fs::remove_file(dir.path("out.pdf"));
            let mut args = vec!["in.md", "-o", "out.pdf"];
            args.extend_from_slice(extra);
            let r = run(&dir, &args);
            assert_eq!(r.code, 1, "{options}: {}", r.stderr);
            assert!(r.stderr.contains(&format!("in.md:{line}:")) && r.stderr.contains(needle), "{options}: {}", r.stderr);
            assert!(!dir.path("out.pdf").exists());
        }
    }
    // The same limit on the command line.
    dir.write("in.md", "Riley Example\n");
    let r = run(&dir, &["--margin", "1e30in", "in.md", "-o", "out.pdf"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("too large"), "{}", r.stderr);
}

#[test]
fn huge_numbers_in_css_never_reach_the_pdf() {
    let dir = TestDir::sealed("huge-css");
    for doc in [
        "---\npdf_options:\n  preferCSSPageSize: true\n---\n<style>@page { size: 1e30px 1e30px; margin: 1e30px }</style>\n\nRiley Example\n",
        "---\npdf_options:\n  preferCSSPageSize: true\n---\n<style>@page { size: 20000pt 1pt }</style>\n\nRiley Example\n",
        "<p style=\"font-size: 1e23px\">Riley Example</p>\n\n<p style=\"font-size: 1e7px\">Riley</p>\n",
        "<p style=\"margin-left: 1e30px; padding-top: 1e30px\">Riley Example</p>\n",
        "<img src=\"data:,\" style=\"width: 1e30px; height: 1e30px\" alt=\"x\">\n\nRiley Example\n",
    ] {
        dir.write("in.md", doc);
        let r = run(&dir, &["in.md", "-o", "out.pdf"]);
        assert_eq!(r.code, 0, "{doc}: {}", r.stderr);
        qpdf_check(&dir.path("out.pdf"));
        assert_eq!(huge_number(&dir, "out.pdf"), None, "{doc}");
    }
    // A page larger than PDF allows (200 inches a side) is made that large.
    let doc = "---\npdf_options:\n  preferCSSPageSize: true\n---\n<style>@page { size: 20000pt 20000pt }</style>\n\nRiley Example\n";
    let r = render_ok(&dir, doc);
    // The style stage clamps it, naming the declaration; layout's own check would too.
    assert!(
        r.stderr.contains("in.md:5:16: warning: CSS `@page { size: 20000pt 20000pt }` is out of range")
            || r.stderr.contains("the page size 20000 x 20000 pt is changed to 14400 x 14400 pt"),
        "{}",
        r.stderr
    );
    assert!(tool("pdfinfo", &[arg(&dir.path("out.pdf"))]).contains("14400 x 14400 pts"));
}

// ---------------------------------------------------------------------------------------
// Long links
// ---------------------------------------------------------------------------------------

#[test]
fn a_huge_url_is_text_not_a_link() {
    // Every line of a link carried its target: a 60 KB URL made a 77 MB PDF.
    let dir = TestDir::sealed("huge-url");
    let url = format!("https://example.org/{}", "a".repeat(60_000));
    let r = render_ok(&dir, &format!("# Robin Sample\n\n{url}\n"));
    // The model stage drops targets over 2 KB first, naming the line (layout's own
    // 8 KB cap is the guard behind it).
    assert!(r.stderr.contains("in.md:3:1: warning: a link target longer than 2048 bytes is not kept"), "{}", r.stderr);
    let pdf = dir.path("out.pdf");
    let size = std::fs::metadata(&pdf).expect("pdf").len();
    assert!(size < 1_000_000, "{size} bytes");
    // The text is all there.
    assert!(text(&pdf).matches('a').count() >= 60_000);
    assert!(!tool("pdfinfo", &["-url", arg(&pdf)]).contains("example.org"));
}

#[test]
fn a_link_wrapped_over_many_lines_is_one_annotation_per_page() {
    // A 2 KB URL on a small page wraps over hundreds of lines; its target is
    // written once per page, not once per line.
    let dir = TestDir::sealed("long-link");
    let url = format!("https://example.org/{}", "a".repeat(2_000));
    render_ok(&dir, &format!("---\npdf_options:\n  width: 60pt\n  height: 200pt\n  margin: 4pt\n---\n{url}\n"));
    let pdf = dir.path("out.pdf");
    let size = std::fs::metadata(&pdf).expect("pdf").len();
    assert!(size < 1_000_000, "{size} bytes");
    let pages = pages(&pdf);
    let links = tool("pdfinfo", &["-url", arg(&pdf)]).lines().filter(|l| l.contains(&url)).count();
    // One annotation per page; a page holding 8 lines of the link or fewer (the
    // last) keeps one per line.
    assert!(pages > 5 && links >= pages && links < pages + 8, "{links} links on {pages} pages");
}

// ---------------------------------------------------------------------------------------
// Slow paragraphs
// ---------------------------------------------------------------------------------------

#[test]
fn tiny_justified_type_breaks_in_time() {
    // Total fit kept every opportunity open (each line could reach the last) and
    // counted each candidate line's spaces again: minutes for 4,000 words.
    let dir = TestDir::sealed("tiny-type");
    let words: Vec<String> = (0..4000).map(|i| format!("word{i}")).collect();
    for style in ["text-align: justify; font-size: 0.0001px", "font-size: 0.001px", "text-align: justify; font-size: 0.5px"] {
        let r = render_ok(&dir, &format!("<p style=\"{style}\">{}</p>\n", words.join(" ")));
        assert!(r.elapsed < Duration::from_secs(15), "{style}: {:?}", r.elapsed);
        let t = text(&dir.path("out.pdf"));
        assert!(t.contains("word0") && t.contains("word3999"), "{style}");
    }
}

#[test]
fn a_long_paragraph_on_a_narrow_page_finishes() {
    // Every letter on its own line: more pages than the limit, quickly refused.
    let dir = TestDir::sealed("narrow");
    let words: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
    dir.write("in.md", format!("---\npdf_options:\n  width: 4pt\n  height: 100pt\n  margin: 0\n---\n{}\n", words.join(" ")));
    let r = run(&dir, &["in.md", "-o", "out.pdf"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("more than the limit of 2000 pages"), "{}", r.stderr);
}

/// Flex and grid containers measure their items before setting them, and an item
/// that is a container measures its own: without bounds, the work grows with the
/// power of the nesting depth (30 nested flex rows took minutes). Deep nesting,
/// bushy trees of containers and huge grids finish within bounds, every word kept.
#[test]
fn nested_and_bushy_flex_and_grid_containers_render_within_bounds() {
    let dir = TestDir::sealed("hostile-boxes");
    let deep: String = (0..40).map(|k| format!("<div style=\"display:flex\"><div style=\"flex:1\">level{k}</div>\n")).collect::<String>()
        + "core"
        + &"</div></div>".repeat(40);
    let r = render_ok(&dir, &format!("{deep}\n"));
    assert!(r.stderr.contains("laid out as blocks"), "{}", r.stderr);
    let t = text(&dir.path("out.pdf"));
    assert!(t.contains("level0") && t.contains("level39") && t.contains("core"), "{t}");
    fn tree(d: usize) -> String {
        if d == 0 {
            return "leaf".into();
        }
        let child = format!("<div style=\"flex:1\">{}</div>", tree(d - 1));
        format!("<div style=\"display:flex;flex-wrap:wrap\">{}</div>", child.repeat(4))
    }
    render_ok(&dir, &format!("{}\n", tree(7)));
    let grid = format!("<div style=\"display:grid;grid-template-columns:repeat(4,1fr)\">{}</div>\n", "<div>cell</div>".repeat(20_000));
    render_ok(&dir, &grid);
}

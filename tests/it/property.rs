//! A bounded property test: thousands of generated and mutated documents (built from
//! fictional snippets: front matter, headings, lists, tables, HTML, CSS, entities,
//! emoji, right-to-left text, random bytes) never panic, give a PDF (`%PDF-` …
//! `%%EOF`) or a clean list of errors, and each renders in bounded time.
//!
//! A second test renders hostile shapes from `tests/shapes` (deep nesting, long
//! lines, repetition, huge numbers, selector shapes) on the test thread's 2 MB stack.
//!
//! `CVPDF_PROPERTY_CASES` sets the number of documents (default 2000; a tenth of that
//! for the shapes), and `CVPDF_PROPERTY_SEED` the seed.

use crate::common;
use crate::shapes;

use common::rng::Lcg;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

/// The most one document may take (debug build).
const TIME_BOUND: Duration = Duration::from_secs(2);

const SNIPPETS: &[&str] = &[
    "---\ntitle: Sam Placeholder\nauthor: Alex Fictional\n---\n",
    "---\npdf_options:\n  format: A5\n  margin: 10mm\n  landscape: true\ncss: |\n  h1 { color: red; font-size: 40px }\n---\n",
    "+++\ntitle = \"Toml Person\"\nfit_pages = 1\n+++\n",
    "---\na: &x [1, 2]\nb: *x\nc: {d: [e, {f: g}]}\n---\n",
    "---\ncss: \"@page { size: 100px 100px; margin: 40px } body { font-size: 0.1px; line-height: 900 }\"\n---\n",
    "---\ncss: \":root { --a: var(--b); --b: var(--a) var(--a); --c: 9999px } h2, li, td { padding: var(--c) 0 var(--a, 3px); color: var(--zz, var(( } p { text-transform: capitalize; padding-bottom: var(--c\"\n---\n",
    "<style>:root{--x:--y;--y:var(--x)} ul{padding:var(--x,2em) 0 var(--y)} th{text-align:var(--q,center)} h1{text-transform:uppercase}</style>\n\n",
    "---\nheader_template: '<span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span>'\ndisplayHeaderFooter: true\n---\n",
    "# Sam Placeholder\n\n",
    "## Experience\n\n### Job {#job}\n\n",
    "Setext\n======\n\n",
    "- one\n- two\n  - nested\n    1. ordered\n- [x] task\n\n",
    "> quote\n>> deeper\n> - list in quote\n\n",
    "| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | `3` |\n| x |\n\n",
    "<div class=\"page-break\"></div>\n\n",
    "<table><tr><td rowspan=3>t</td><th>h</th></tr></table>\n\n",
    "<p align=\"center\" style=\"color: #f00; margin: -50px; width: 1e9px\">styled</p>\n\n",
    "<span class=\"date\"></span> <span class=\"url\"></span> <br> <hr>\n",
    "<style>p { color: blue } @media print { h1 { page-break-before: always } }</style>\n\n",
    "<img src=\"missing.png\" width=\"99999\" height=\"-5\" alt=\"img\">\n\n",
    "![alt *text*](img.png \"title\")\n\n",
    "[link](https://example.invalid) [ref][r] [^1] <https://auto.invalid>\n\n[r]: #job\n[^1]: A footnote.\n\n",
    "&amp; &lt; &#x1F600; &#0; &#xD800; &nbsp; &bogus; &#99999999;\n\n",
    "Emoji 📚🧑‍💻👍🏽 and flags 🇫🇷\n\n",
    "العربية نص من اليمين إلى اليسار עברית\n\n",
    "Ελληνικά Кириллица 中文 日本語 한국어 ไทย\n\n",
    "```rust\nfn main() { println!(\"hi\"); }\n```\n\n",
    "    indented code\n\n",
    "*emphasis* **strong** ~~strike~~ `code` <b><i>html</i></b> <u>u</u> <sub>s</sub><sup>s</sup>\n\n",
    "Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword\n\n",
    "<!-- comment --> <![CDATA[x]]> <?pi?> <!DOCTYPE x>\n\n",
    "\u{202e}reversed\u{202c} \u{200b}zero\u{200d}width\u{00ad}soft\n\n",
    "---\n\n***\n\n___\n\n",
    "<div><div><div><section><article>deep</article></section></div></div></div>\n\n",
    "1. a\n\n   para\n\n2. b\n\n",
    "Term\n: definition?\n\n",
    "<style>body{margin:9e9px;padding:-3px 1e30px} li:first-child,h2+p,a::after,x~y,:not(p){border:99999px solid red;padding:1e9px;display:flex} hr{height:1e9px;border-top:-1px}</style>\n\n",
    "<span style=\"display:block;padding:0 1e9px;border:1px solid\">blk</span><strong class=\"a\" style=\"display:grid\">g</strong><a href=\"#\" style=\"border:2px solid\">a</a>\n\n",
    "<div style=\"border:1px solid;background:#eee\">boxed</div>\n<p style=\"display:inline;border-left:3px solid;border-right:200px solid\">p</p>\n\n",
    "<style>table{width:1e9%} td{width:-1px}</style>\n\n| x | y |\n|-|-|\n| 1 | 2 |\n\n",
];

/// A document: snippets in a random order, then some byte-level mutations.
fn generate(rng: &mut Lcg) -> String {
    let mut bytes = Vec::new();
    for _ in 0..1 + rng.below(12) {
        bytes.extend_from_slice(SNIPPETS[rng.below(SNIPPETS.len())].as_bytes());
    }
    let mutations = match rng.below(4) {
        0 => 0,
        1 => 1 + rng.below(3),
        _ => 1 + rng.below(20),
    };
    for _ in 0..mutations {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if at < bytes.len() => bytes[at] ^= 1 << rng.below(8),
            1 => bytes.insert(at, rng.next() as u8),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            3 => {
                // Duplicate a slice (nesting, repetition).
                let len = rng.below(64).min(bytes.len() - at.min(bytes.len()));
                let slice = bytes[at..at + len].to_vec();
                for _ in 0..1 + rng.below(8) {
                    bytes.splice(at..at, slice.iter().copied());
                }
            }
            4 => {
                let special: &[&[u8]] =
                    &[b"<", b">", b"`", b"|", b"\n", b"\r", b"---\n", b"\0", b"&#", b"\xff", b"[", b"](", b"<div>", b"> "];
                let s = special[rng.below(special.len())];
                bytes.splice(at..at, s.iter().copied());
            }
            5 => bytes.truncate(at),
            _ => {
                let random: Vec<u8> = (0..rng.below(16)).map(|_| rng.next() as u8).collect();
                bytes.splice(at..at, random);
            }
        }
    }
    cvpdf::encoding::decode(&bytes, rng.below(2) == 0).text
}

#[test]
fn generated_documents_never_panic_and_render_in_bounded_time() {
    let cases: usize = std::env::var("CVPDF_PROPERTY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    let seed: u64 = std::env::var("CVPDF_PROPERTY_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x00c0_ffee);
    let mut rng = Lcg(seed);
    let options = cvpdf::Options::default();
    let (mut pdfs, mut errors) = (0, 0);
    for case in 0..cases {
        let doc = generate(&mut rng);
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| cvpdf::render(&doc, &options)));
        let took = started.elapsed();
        let Ok(result) = result else {
            panic!("case {case} (seed {seed}) panicked on:\n{doc:?}");
        };
        match result.output {
            Ok(pdf) => {
                assert!(pdf.starts_with(b"%PDF-"), "case {case}: not a PDF");
                assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"), "case {case}: no %%EOF");
                pdfs += 1;
            }
            Err(diags) => {
                assert!(!diags.is_empty(), "case {case}: an error without diagnostics");
                assert!(diags.iter().all(|d| !d.message.is_empty()), "case {case}: an empty message");
                errors += 1;
            }
        }
        assert!(took < TIME_BOUND, "case {case} (seed {seed}) took {took:?}:\n{doc:?}");
    }
    eprintln!("{cases} documents: {pdfs} PDFs, {errors} rejected with errors");
    assert!(pdfs > cases / 4, "too few documents rendered: {pdfs} of {cases}");
}

/// The most one generated shape document may take (debug build, up to 30 KB).
const SHAPE_TIME_BOUND: Duration = Duration::from_secs(8);

#[test]
fn hostile_shapes_never_panic_and_render_in_bounded_time() {
    let cases: usize = std::env::var("CVPDF_PROPERTY_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000) / 10;
    let seed: u64 = std::env::var("CVPDF_PROPERTY_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5eed_5a9e);
    let mut rng = Lcg(seed);
    let options = cvpdf::Options::default();
    for case in 0..cases {
        let program: Vec<u8> = (0..4 + rng.below(40)).map(|_| rng.next() as u8).collect();
        let doc = shapes::document(&program, 30_000);
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| cvpdf::render(&doc, &options)));
        let took = started.elapsed();
        let Ok(result) = result else {
            panic!("case {case} (seed {seed}) panicked on program {program:?}");
        };
        if let Ok(pdf) = &result.output {
            assert!(pdf.starts_with(b"%PDF-") && pdf.trim_ascii_end().ends_with(b"%%EOF"), "case {case}: not a PDF");
        } else if let Err(diags) = &result.output {
            assert!(diags.iter().all(|d| !d.message.is_empty()), "case {case}: an empty message");
        }
        assert!(took < SHAPE_TIME_BOUND, "case {case} (seed {seed}) took {took:?} on program {program:?} ({} bytes)", doc.len());
    }
}

/// The fuzz targets' mode switch: a first byte with its top bit set makes the rest a
/// shape program; any other input is left to the target.
#[test]
fn structured_mode_reads_the_rest_as_a_shape_program() {
    let program = [0x91, 7, 200, 3, 44];
    assert_eq!(shapes::structured(&program, 30_000), Some(shapes::document(&program[1..], 30_000)));
    assert_eq!(shapes::structured(b"# Plain Markdown", 30_000), None);
    assert_eq!(shapes::structured(b"", 30_000), None);
}

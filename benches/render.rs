//! In-process benchmarks of each pipeline stage, with divan.
//!
//! `cargo bench --bench render` times front matter, model, style, layout and pdf on
//! `examples/resume.md` and on generated documents of about 1, 10, 100 and 1,000
//! pages (the generator is `bench/generate.py`, mirrored here), and the whole
//! `cvpdf::render`.

use std::hint::black_box;
use std::sync::Arc;

use cvpdf::diag::floor_char_boundary;
use cvpdf::font::FontBook;
use cvpdf::{front_matter, layout, model, pdf, style, Options};

fn main() {
    divan::main();
}

const RESUME: &str = include_str!("../examples/resume.md");

/// A fictional résumé of about `pages` pages (the same text as bench/generate.py).
fn generated(pages: usize) -> String {
    let mut out = String::from(
        "---\ndocument_title: Avery Benchmark\npdf_options:\n  format: A4\n  margin: 20mm\n---\n\n# Avery Benchmark\n\n\
         Staff engineer · Exampleton · [avery@example.com](mailto:avery@example.com) · <https://example.org/avery>\n\n",
    );
    for i in 0..pages * 4 {
        out.push_str(&format!(
            "## Engineer, Example Corp {i} ({}–{})\n\nBuilt and ran the *ingestion* platform: two terabytes of sensor data a day through \
             `rust` services, with **99.99 %** availability and a cost per event cut by a third.\n\n\
             - Designed the partitioned storage layer and its compaction scheduler\n\
             - Led four engineers through a migration to spot instances, saving 30 % of the cloud bill\n\
             - Wrote the incident runbooks and the on-call training for the whole team\n\n\
             | Skill | Level | Years |\n|---|---|---:|\n| Rust | expert | {} |\n| SQL | advanced | 7 |\n\n",
            2000 + i % 25,
            2001 + i % 25,
            i % 10 + 2
        ));
    }
    out
}

/// The same text as [`generated`], laid out with boxes side by side: a grid with a
/// sidebar, each job's title and dates a flex row, the skills in columns.
fn generated_boxes(pages: usize) -> String {
    let plain = generated(pages);
    let (head, body) = plain.split_once("\n## ").map(|(h, b)| (h.to_string(), format!("## {b}"))).unwrap_or((plain.clone(), String::new()));
    let mut body = body;
    for i in 0..pages * 4 {
        let title = format!("## Engineer, Example Corp {i} ({}–{})", 2000 + i % 25, 2001 + i % 25);
        let row = format!("<div style=\"display: flex; justify-content: space-between\"><strong>Engineer, Example Corp {i}</strong><span>{}–{}</span></div>", 2000 + i % 25, 2001 + i % 25);
        body = body.replacen(&title, &row, 1);
    }
    format!(
        "{head}\n<div style=\"display: grid; grid-template-columns: 130px 1fr; gap: 16px\">\n<div style=\"background: #f1f4f8; padding: 8px\">\n\n**Skills**\n\n<div style=\"columns: 2\">Rust<br>SQL<br>Go<br>Kafka</div>\n\n</div>\n<div>\n\n{body}\n</div>\n</div>\n"
    )
}

fn source(name: &str) -> String {
    match name {
        "resume" => RESUME.to_string(),
        n if n.ends_with("p-boxes") => generated_boxes(n.trim_end_matches("p-boxes").parse().expect("a page count")),
        n => generated(n.trim_end_matches("p").parse().expect("a page count")),
    }
}

const INPUTS: &[&str] = &["resume", "1p", "1p-boxes", "10p", "10p-boxes", "100p", "1000p"];

#[divan::bench(args = INPUTS, sample_count = 20)]
fn render(bencher: divan::Bencher, input: &str) {
    let src = source(input);
    bencher.bench(|| black_box(cvpdf::render(black_box(&src), &Options::default()).output.expect("renders")));
}

#[divan::bench(args = INPUTS, sample_count = 20)]
fn stage_front_matter(bencher: divan::Bencher, input: &str) {
    let src = source(input);
    bencher.bench(|| black_box(front_matter::parse(black_box(&src))));
}

#[divan::bench(args = INPUTS, sample_count = 20)]
fn stage_model(bencher: divan::Bencher, input: &str) {
    let src = source(input);
    let start = floor_char_boundary(&src, front_matter::parse(&src).output.expect("valid").body_start);
    bencher.bench(|| black_box(model::build(black_box(&src[start..]), start)));
}

struct Prepared {
    src: String,
    fm: front_matter::FrontMatter,
    doc: model::Document,
}

fn prepare(input: &str) -> Prepared {
    let src = source(input);
    let fm = front_matter::parse(&src).output.expect("valid");
    let start = floor_char_boundary(&src, fm.body_start);
    let (doc, _) = model::build(&src[start..], start);
    Prepared { src, fm, doc }
}

#[divan::bench(args = INPUTS, sample_count = 20)]
fn stage_style(bencher: divan::Bencher, input: &str) {
    let p = prepare(input);
    let theme = style::Theme::default();
    bencher.bench(|| black_box(style::cascade(black_box(&p.doc), &p.fm, &theme, None, &p.src)));
}

#[divan::bench(args = INPUTS, sample_count = 20)]
fn stage_layout(bencher: divan::Bencher, input: &str) {
    let p = prepare(input);
    let (styled, _) = style::cascade(&p.doc, &p.fm, &style::Theme::default(), None, &p.src);
    let fonts: Arc<FontBook> = FontBook::bundled();
    bencher.bench(|| black_box(layout::layout(black_box(&styled), fonts.clone())));
}

#[divan::bench(args = INPUTS, sample_count = 20)]
fn stage_pdf(bencher: divan::Bencher, input: &str) {
    let p = prepare(input);
    let (styled, _) = style::cascade(&p.doc, &p.fm, &style::Theme::default(), None, &p.src);
    let (paged, _) = layout::layout(&styled, FontBook::bundled());
    bencher.bench(|| black_box(pdf::pdf(black_box(&paged), &pdf::PdfOptions::default()).expect("writes")));
}

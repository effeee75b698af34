//! In-process benchmark of the pipeline, with `std::time::Instant` only.
//!
//! Run with `cargo bench --bench render`. Renders `examples/resume.md` and a generated
//! ten-page document many times, and prints the median and minimum per iteration for
//! the whole `cvpdf::render` call and for each stage separately.
//!
//! Set `CVPDF_BENCH_ITERS` to change the number of timed iterations (default 200).

use std::hint::black_box;
use std::time::{Duration, Instant};

use cvpdf::diag::floor_char_boundary;
use cvpdf::font::FontBook;
use cvpdf::{front_matter, layout, model, pdf, style, Options};

const WARMUP: usize = 20;

fn main() {
    let iters: usize = std::env::var("CVPDF_BENCH_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(200);
    let resume = include_str!("../examples/resume.md");
    let long = ten_pages(resume);

    println!("cvpdf render benchmark: {WARMUP} warm-up, {iters} timed iterations, release build");
    for (name, source) in [("examples/resume.md", resume), ("generated document", long.as_str())] {
        let pages = page_count(source);
        let bytes = render_bytes(source).len();
        println!();
        println!("{name}: {} bytes of Markdown, {pages} page(s), {bytes} bytes of PDF", source.len());
        println!("  {:<22} {:>10} {:>10}", "stage", "median ms", "min ms");
        report("render (all stages)", iters, || {
            black_box(render_bytes(black_box(source)));
        });
        stages(source, iters);
    }
}

/// A document of ten or more pages: the résumé body repeated, under one front matter.
fn ten_pages(resume: &str) -> String {
    let fm = front_matter::parse(resume).output.expect("the example's front matter is valid");
    let (head, body) = resume.split_at(fm.body_start);
    let mut source = head.to_owned();
    let mut copies = 0;
    while page_count(&source) < 10 {
        copies += 1;
        source.push_str(&format!("\n## Part {copies}\n\n"));
        source.push_str(body);
    }
    source
}

fn render_bytes(source: &str) -> Vec<u8> {
    let out = cvpdf::render(source, &Options::default());
    assert!(out.warnings.is_empty(), "unexpected warnings: {:?}", out.warnings);
    out.output.expect("renders")
}

fn page_count(source: &str) -> usize {
    cvpdf::compile(source, &Options::default()).output.map_or(0, |d| d.pages.len())
}

/// Times each stage on its own, feeding it the output of the stage before (as
/// `cvpdf::compile` chains them).
fn stages(source: &str, iters: usize) {
    let fonts = FontBook::bundled();
    let theme = style::Theme::default();

    report("front_matter::parse", iters, || {
        black_box(front_matter::parse(black_box(source)));
    });
    let fm = front_matter::parse(source).output.expect("valid front matter");
    let start = floor_char_boundary(source, fm.body_start);
    let body = &source[start..];

    report("model::build", iters, || {
        black_box(model::build(black_box(body), start));
    });
    let (doc, _) = model::build(body, start);

    report("style::cascade", iters, || {
        black_box(style::cascade(black_box(&doc), &fm, &theme, None, source));
    });
    let (styled, _) = style::cascade(&doc, &fm, &theme, None, source);

    report("layout::layout", iters, || {
        black_box(layout::layout(black_box(&styled), fonts.clone()));
    });
    let (paged, _) = layout::layout(&styled, fonts.clone());

    report("pdf::pdf", iters, || {
        black_box(pdf::pdf(black_box(&paged), &pdf::PdfOptions::default()).expect("writes"));
    });
}

/// Runs `f` `WARMUP` times untimed, then `iters` times timed; prints median and minimum.
fn report(name: &str, iters: usize, mut f: impl FnMut()) {
    for _ in 0..WARMUP {
        f();
    }
    let mut times: Vec<Duration> = (0..iters)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("  {:<22} {:>10.3} {:>10.3}", name, ms(times[times.len() / 2]), ms(times[0]));
}

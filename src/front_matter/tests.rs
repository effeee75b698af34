//! Front-matter tests: block detection, keys, types, spans and hostile input.

use super::*;
use crate::diag::line_col;
use std::time::{Duration, Instant};

fn ok(src: &str) -> (FrontMatter, Vec<Diagnostic>) {
    let w = parse(src);
    match w.output {
        Ok(fm) => (fm, w.warnings),
        Err(e) => panic!("unexpected errors for {src:?}: {e:#?}"),
    }
}

fn errs(src: &str) -> Vec<Diagnostic> {
    match parse(src).output {
        Ok(fm) => panic!("expected an error for {src:?}, got {fm:#?}"),
        Err(e) => e,
    }
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

#[test]
fn block_detection() {
    // (source, syntax, body_start, body text)
    let cases: &[(&str, Option<Syntax>, usize)] = &[
        ("# Jane Doe\n", None, 0),
        ("", None, 0),
        ("\u{feff}# Jane\n", None, 3),
        ("---\ntitle: Jane Doe\n---\n# Jane\n", Some(Syntax::Yaml), 24),
        ("---  \r\ntitle: Jane\r\n---\r\nbody", Some(Syntax::Yaml), 25),
        ("\u{feff}---\ntitle: Jane\n---\nbody", Some(Syntax::Yaml), 23),
        ("---\ntitle: Jane\n...\nbody", Some(Syntax::Yaml), 20),
        ("---\n---\nbody", Some(Syntax::Yaml), 8),
        ("---\n# only a comment\n---\n", Some(Syntax::Yaml), 25),
        ("---\ntitle: Jane\n---", Some(Syntax::Yaml), 19),
        ("+++\ntitle = \"Jane\"\n+++\nbody", Some(Syntax::Toml), 23),
        ("---yaml\ntitle: Jane\n---\nbody", Some(Syntax::Yaml), 24),
        ("---toml\ntitle = \"Jane\"\n---\nbody", Some(Syntax::Toml), 27),
        // A thematic break is not an opener.
        ("-----\ntext\n-----\n", None, 0),
        (" ---\na: b\n---\n", None, 0),
    ];
    for &(src, syntax, body_start) in cases {
        let (fm, warnings) = ok(src);
        assert_eq!(fm.syntax, syntax, "{src:?}");
        assert_eq!(fm.body_start, body_start, "{src:?}");
        assert!(warnings.is_empty(), "{src:?}: {warnings:?}");
        if syntax.is_some() && src.contains("title") {
            assert!(fm.meta.title.as_deref().is_some_and(|t| t.starts_with("Jane")), "{src:?}");
        }
    }
    let (fm, _) = ok("---\n---\n");
    assert_eq!(fm.page, PageOptions::default());
}

#[test]
fn an_unclosed_block_is_text_with_a_warning_on_line_1() {
    for (src, close) in [("---\ntitle: Jane\n# Jane\n", "`---`"), ("+++\ntitle = 1\n", "`+++`"), ("\u{feff}---toml\na = 1\n", "`---`")] {
        let (fm, warnings) = ok(src);
        // The whole source is the body, as before.
        assert_eq!((fm.syntax, fm.body_start, fm.meta.title), (None, bom_len(src), None));
        assert_eq!(warnings.len(), 1, "{src:?}: {warnings:?}");
        assert!(warnings[0].message.contains("the front matter is not closed"), "{warnings:?}");
        assert!(warnings[0].hints[0].contains(close), "{warnings:?}");
        let span = warnings[0].span.clone().expect("a span");
        assert_eq!(line_col(src, span.start).0, 1);
    }
}

fn bom_len(src: &str) -> usize {
    if src.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

#[test]
fn defaults() {
    let p = PageOptions::default();
    assert_eq!(p.size, Size::new(595.28, 841.89));
    assert!(close(p.margin.top, mm(30.0)) && close(p.margin.right, mm(40.0)));
    assert!(close(p.margin.bottom, mm(30.0)) && close(p.margin.left, mm(20.0)));
    assert_eq!(p.scale, 1.0);
    assert!(!p.landscape && p.print_background && !p.prefer_css_page_size && !p.omit_background);
    assert_eq!(p.display_header_footer, None);
    let (fm, _) = ok("no front matter");
    assert_eq!(fm.page, p);
    assert_eq!(fm.meta, Meta::default());
}

#[test]
fn language_tags_rejected() {
    for src in ["---js\nmodule.exports = {}\n---\n", "---javascript\n({})\n", "---coffee\n"] {
        let e = errs(src);
        assert_eq!(e.len(), 1);
        assert!(e[0].message.contains("not supported"), "{:?}", e[0]);
        assert!(e[0].message.contains("ever executed"));
        assert_eq!(e[0].span.as_ref().map(|s| s.start), Some(0));
    }
}

#[test]
fn hugo_toml() {
    let src = "+++\ntitle = \"Portfolio\"\ndate = 2024-05-04T21:25:02+01:00\ndraft = false\naliases = [\"cv\"]\n+++\n# Hi\n";
    let (fm, w) = ok(src);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(fm.syntax, Some(Syntax::Toml));
    assert_eq!(fm.meta.title.as_deref(), Some("Portfolio"));
    assert_eq!(fm.meta.date.as_deref(), Some("2024-05-04T21:25:02+01:00"));
    assert_eq!(&src[fm.body_start..], "# Hi\n");
}

#[test]
fn yaml_metadata() {
    let src = "---\ntitle: \"Resume\"\ndate: 2024-05-04T21:25:02+01:00\ndraft: false\nmenu: main\nauthor:\n  - name: Ada Example\n  - name: Bob Sample\nkeywords: rust, pdf,  cv\ntags: [one, two]\nlang: en-GB\nshowToc: false\nleft-column:\n  - 'x'\n---\n";
    let (fm, w) = ok(src);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(fm.meta.title.as_deref(), Some("Resume"));
    assert_eq!(fm.meta.date.as_deref(), Some("2024-05-04T21:25:02+01:00"));
    assert_eq!(fm.meta.author.as_deref(), Some("Ada Example, Bob Sample"));
    assert_eq!(fm.meta.keywords, ["rust", "pdf", "cv", "one", "two"]);
    assert_eq!(fm.meta.lang.as_deref(), Some("en-GB"));
    let (fm, _) = ok("---\nauthor: [Ada, Bob]\ndate: 2024-01-01\n---\n");
    assert_eq!(fm.meta.author.as_deref(), Some("Ada, Bob"));
    assert_eq!(fm.meta.date.as_deref(), Some("2024-01-01"));
}

#[test]
fn md_to_pdf_options() {
    let src = "---\nstylesheet: https://example.com/a.css\nbody_class: markdown-body extra\ncss: |-\n  body { color: red; }\npdf_options:\n  format: Letter\n  landscape: true\n  margin: 15mm 15mm \n  printBackground: true\n  scale: 0.8\n  displayHeaderFooter: false\n  headerTemplate: '<div></div>'\n  pageRanges: 1-2\n---\nbody";
    let (fm, w) = ok(src);
    assert!(w.is_empty(), "{w:?}");
    let p = &fm.page;
    assert_eq!(p.size, Size::new(792.0, 612.0));
    assert!(p.landscape && p.print_background);
    assert!(close(p.margin.top, 42.52) && close(p.margin.right, 42.52));
    assert!(close(p.margin.bottom, 42.52) && close(p.margin.left, 42.52));
    assert!(close(p.scale, 0.8));
    assert_eq!(p.display_header_footer, Some(false));
    assert_eq!(p.header_template.as_deref(), Some("<div></div>"));
    assert_eq!(p.page_ranges.as_deref(), Some("1-2"));
    assert_eq!(fm.stylesheets, ["https://example.com/a.css"]);
    assert_eq!(fm.body_class, ["markdown-body", "extra"]);
    assert_eq!(fm.css.as_deref(), Some("body { color: red; }"));
    assert_eq!(&src[fm.body_start..], "body");
}

#[test]
fn formats_and_sizes() {
    let cases: &[(&str, Size)] = &[
        ("format: a4", A4),
        ("format: A5", Size::new(mm(148.0), mm(210.0))),
        ("format: legal", Size::new(612.0, 1008.0)),
        ("format: Tabloid", Size::new(792.0, 1224.0)),
        ("format: LEDGER", Size::new(1224.0, 792.0)),
        ("format: A4\n  landscape: true", Size::new(841.89, 595.28)),
        ("width: 8.5in\n  height: 11in", Size::new(612.0, 792.0)),
        ("format: A4\n  width: 100mm", Size::new(mm(100.0), 841.89)),
        ("width: 800\n  height: 600px", Size::new(600.0, 450.0)),
    ];
    for (opts, size) in cases {
        let src = format!("---\npdf_options:\n  {opts}\n---\n");
        let (fm, _) = ok(&src);
        assert!(close(fm.page.size.width, size.width) && close(fm.page.size.height, size.height), "{opts}: {:?}", fm.page.size);
    }
    let e = errs("---\npdf_options:\n  format: B5\n---\n");
    assert!(e[0].message.contains("B5"));
    assert!(e[0].hints[0].contains("Letter"));
}

#[test]
fn margins() {
    // (margin YAML, top right bottom left in pt)
    let cases: &[(&str, [f32; 4])] = &[
        ("1in", [72.0; 4]),
        ("10mm 20mm", [mm(10.0), mm(20.0), mm(10.0), mm(20.0)]),
        ("1cm 2cm 3cm", [mm(10.0), mm(20.0), mm(30.0), mm(20.0)]),
        ("1pt 2pt 3pt 4pt", [1.0, 2.0, 3.0, 4.0]),
        ("8px  16 PX", [6.0, 12.0, 6.0, 12.0]),
        ("20", [15.0; 4]),
        ("0", [0.0; 4]),
        ("40", [30.0; 4]),
        ("1.5 IN", [108.0; 4]),
        ("{top: 20mm, left: 1in}", [mm(20.0), 0.0, 0.0, 72.0]),
        ("\n    top: 20mm\n    right: 15mm\n    bottom: 20mm\n    left: 15mm", [mm(20.0), mm(15.0), mm(20.0), mm(15.0)]),
    ];
    for (m, [t, r, b, l]) in cases {
        let src = format!("---\npdf_options:\n  margin: {m}\n---\n");
        let (fm, w) = ok(&src);
        assert!(w.is_empty(), "{m}: {w:?}");
        let g = fm.page.margin;
        assert!(close(g.top, *t) && close(g.right, *r) && close(g.bottom, *b) && close(g.left, *l), "{m}: {g:?}");
    }
    // TOML too.
    let (fm, _) = ok("+++\n[pdf_options]\nmargin = \"1in 2in\"\n+++\n");
    assert_eq!(fm.page.margin, Sides::new(72.0, 144.0, 72.0, 144.0));
}

#[test]
fn lengths() {
    assert_eq!(parse_length("1in"), Ok(72.0));
    assert_eq!(parse_length(" 2 pt "), Ok(2.0));
    assert_eq!(parse_length("4"), Ok(3.0));
    assert!(close(parse_length("1e1mm").unwrap_or(0.0), mm(10.0)));
    for bad in ["-1mm", "abc", "1em", "mm", "", "1 2", "NaNmm", "1e999in"] {
        assert!(parse_length(bad).is_err(), "{bad}");
    }
}

#[test]
fn wrong_types_are_errors_with_spans() {
    // (source, expected line of the first error, text the message contains)
    let cases: &[(&str, usize, &str)] = &[
        ("---\npdf_options:\n  landscape: maybe\n---\n", 3, "landscape"),
        ("---\npdf_options:\n  margin: [1, 2]\n---\n", 3, "margin"),
        ("---\npdf_options: 3\n---\n", 2, "pdf_options"),
        ("---\npdf_options:\n  margin: -5mm\n---\n", 3, "negative"),
        ("---\npdf_options:\n  margin: 5 furlongs\n---\n", 3, "margin"),
        ("---\npdf_options:\n  margin:\n    top: wide\n---\n", 4, "margin.top"),
        ("---\npdf_options:\n  scale: 3\n---\n", 3, "scale"),
        ("---\ncss: 42\n---\n", 2, "css"),
        ("---\nstylesheet: {a: b}\n---\n", 2, "stylesheet"),
        ("---\n- a\n- b\n---\n", 2, "mapping"),
        ("---\njust a string\n---\n", 2, "mapping"),
        ("+++\n[pdf_options]\nlandscape = \"yes please\"\n+++\n", 3, "landscape"),
    ];
    for &(src, line, text) in cases {
        let e = errs(src);
        assert!(e.iter().all(Diagnostic::is_error));
        assert!(e[0].message.contains(text), "{src:?}: {:?}", e[0]);
        let span = e[0].span.clone().unwrap_or_else(|| panic!("{src:?}: no span"));
        assert_eq!(line_col(src, span.start).0, line, "{src:?}: {:?}", e[0]);
    }
    // Several errors at once.
    let e = errs("---\npdf_options:\n  landscape: maybe\n  scale: 9\n---\n");
    assert_eq!(e.len(), 2);
}

#[test]
fn invalid_yaml_and_toml_point_at_the_right_place() {
    let src = "# x\n";
    assert!(parse(src).output.is_ok());
    // (source, line, column)
    let cases: &[(&str, usize, usize)] = &[
        ("---\ntitle: Jane\npdf_options:\n  format: [A4\n---\nbody\n", 4, 11),
        ("---\ntitle: \"unclosed\n---\n", 0, 0),
        ("---\na: b\n c: d: e\n---\n", 3, 0),
        ("\u{feff}---\ntitle: a\ntitle: b\n---\n", 3, 1),
        ("+++\ntitle = \"x\"\ndate = \n+++\n", 3, 0),
        ("+++\ntitle = 'x\n+++\n", 2, 0),
    ];
    for &(src, line, col) in cases {
        let e = errs(src);
        assert_eq!(e.len(), 1);
        assert!(e[0].message.starts_with("failed to parse front matter ("), "{:?}", e[0]);
        let span = e[0].span.clone().unwrap_or_else(|| panic!("{src:?}: no span"));
        let (l, c) = line_col(src, span.start);
        assert!(l >= 2, "{src:?}: error at line {l}");
        if line != 0 {
            assert_eq!(l, line, "{src:?}: {:?}", e[0]);
        }
        if col != 0 {
            assert_eq!(c, col, "{src:?}: {:?}", e[0]);
        }
    }
}

#[test]
fn unknown_keys_warn_with_suggestions() {
    let src = "---\ntitle: Jane\npdf_option:\n  format: A4\nstylesheets: a.css\nxyzzy_plugh: 1\n---\n";
    let (fm, w) = ok(src);
    assert_eq!(fm.page.size, A4);
    assert_eq!(w.len(), 3, "{w:?}");
    assert_eq!(w[0].message, "unknown front-matter key `pdf_option`");
    assert_eq!(w[0].hints, ["did you mean `pdf_options`?"]);
    let s = w[0].span.clone().unwrap_or(0..0);
    assert_eq!(line_col(src, s.start), (3, 1));
    assert_eq!(&src[s], "pdf_option");
    assert_eq!(w[1].hints, ["did you mean `stylesheet`?"]);
    assert_eq!(line_col(src, w[1].span.clone().unwrap_or(0..0).start).0, 5);
    assert!(w[2].hints.is_empty());

    // pdf_options keys at the top level.
    let src = "---\nheaderTemplate: x\n---\n";
    let (fm, w) = ok(src);
    assert_eq!(fm.page.header_template, None);
    assert_eq!(w[0].message, "unknown front-matter key `headerTemplate`");
    assert!(w[0].hints[0].contains("only under `pdf_options`"));

    // Unknown pdf_options key, TOML key span.
    let src = "+++\ntitel = \"x\"\n[pdf_options]\nlandscap = true\n+++\n";
    let (_, w) = ok(src);
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(w[0].hints, ["did you mean `title`?"]);
    assert_eq!(&src[w[0].span.clone().unwrap_or(0..0)], "titel");
    assert_eq!(w[1].hints, ["did you mean `landscape`?"]);
    assert_eq!(line_col(src, w[1].span.clone().unwrap_or(0..0).start), (4, 1));
}

#[test]
fn unsafe_keys_warn() {
    let src = "---\ndest: /etc/passwd\nscript: [{url: x.js}]\nlaunch_options: {headless: false}\npdf_options:\n  path: out.pdf\n  timeout: 10\nhighlight_style: github\n---\n";
    let (_, w) = ok(src);
    assert_eq!(w.len(), 4, "{w:?}");
    assert!(w.iter().all(|w| w.message.contains("ignored for safety")), "{w:?}");
    // Warnings come back with errors too.
    let w = parse("---\ndest: x\npdf_options: 3\n---\n");
    assert!(w.output.is_err());
    assert_eq!(w.warnings.len(), 1);
}

#[test]
fn pandoc_papersize_and_geometry() {
    let (fm, _) = ok("---\npapersize: letter\ngeometry: margin=1in\n---\n");
    assert_eq!(fm.page.size, Size::new(612.0, 792.0));
    assert_eq!(fm.page.margin, Sides::splat(72.0));
    let (fm, _) = ok("---\npapersize: a4\ngeometry:\n  - top=1cm\n  - left=2cm\npdf_options:\n  format: Letter\n---\n");
    assert_eq!(fm.page.size, Size::new(612.0, 792.0));
    assert!(close(fm.page.margin.top, mm(10.0)) && close(fm.page.margin.left, mm(20.0)));
    assert!(close(fm.page.margin.right, mm(40.0)));
}

#[test]
fn hostile_input_fails_fast() {
    let mut bomb = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        bomb.push_str(&format!("{}: &{} [{}]\n", w[1], w[1], refs));
    }
    bomb.push_str("---\n");
    let deep = format!("---\nx: {}{}\n---\n", "[".repeat(10_000), "]".repeat(10_000));
    let unclosed_deep = format!("---\nx: {}\n---\n", "[".repeat(10_000));
    let deep_map = format!("---\nx: {}\n---\n", "{a: ".repeat(10_000));
    let mut deep_block = String::from("---\n");
    for d in 0..1000 {
        deep_block.push_str(&format!("{}k:\n", "  ".repeat(d)));
    }
    deep_block.push_str("---\n");
    let deep_toml = format!("+++\nx = {}{}\n+++\n", "[".repeat(10_000), "]".repeat(10_000));
    for src in [&bomb, &deep, &unclosed_deep, &deep_map, &deep_block, &deep_toml] {
        let t = Instant::now();
        let e = errs(src);
        assert!(t.elapsed() < Duration::from_secs(2), "too slow");
        // The 1,000-level block is over a megabyte: the size limit stops it first.
        assert!(
            e[0].message.starts_with("failed to parse front matter") || e[0].message.starts_with("the front matter is larger than"),
            "{:?}",
            e[0]
        );
    }
}

#[test]
fn never_panics_on_odd_input() {
    let cases = [
        "---",
        "---\n",
        "---\r\n---\r\n",
        "+++\n+++",
        "\u{feff}",
        "\u{feff}---\n---",
        "---\nä: ö\n---\n",
        "---\n\"é\": [\n---\n",
        "---\n? [a, b]\n: c\n---\n",
        "---\n1: 2\nnull: 3\n---\n",
        "---\n!!binary aGk=\n---\n",
        "---\na: !custom x\n---\n",
        "---\n*x\n---\n",
        "---\na: *unknown\n---\n",
        "---\n%YAML 1.2\n---\n",
        "---\n\t- x\n---\n",
        "+++\n[[a]]\n[a]\n+++\n",
        "+++\na = 9999999999999999999999\n+++\n",
        "---\npdf_options:\n  margin: {}\n  format: ~\n---\n",
        "---\ndate: 1.50\n---\n",
        "---\nauthor: {first: A}\n---\n",
        "---\nkeywords: [[a]]\n---\n",
    ];
    for src in cases {
        let _ = parse(src);
    }
    // Every prefix of a busy document.
    let doc = "\u{feff}---\r\ntitle: \"Jäne\"\r\npdf_options:\r\n  margin: {top: 1in}\r\n  format: A4\r\n...\r\nbody";
    for (i, _) in doc.char_indices() {
        let _ = parse(&doc[..i]);
    }
}

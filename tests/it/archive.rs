//! The PDF every reader trusts: tagged structure, PDF/A-2b, and a clean bill of
//! health from qpdf, poppler, MuPDF, Ghostscript and pypdf. Fictional fixtures only.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A rich fictional résumé: every kind of block the structure tree knows.
const RICH: &str = r#"---
title: Jordan Sample
author: Jordan Sample
pdf_options:
  footerTemplate: '<div style="font-size:9px; text-align:center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
---
# Jordan Sample

Platform engineer in [Exampleville](https://example.org/city), reachable at <jordan@example.com>.[^1]

![Portrait of Jordan](photo.png)

## Experience

### Lead Engineer, Sample Systems

- Ran the build farm with `bazel` and *care*
- Cut costs by **30 %**
  1. first step
  2. second step

> Quoted praise from a fictional colleague.

| Skill | Years |
|-------|------:|
| Rust  | 8     |
| Go    | 5     |

```
fn main() { println!("hello"); }
```

[^1]: Footnote with more detail.
"#;

/// A 4×2 PNG (the shared test encoder).
fn png() -> Vec<u8> {
    common::png(4, 2, "")
}

/// A fresh folder holding the rich résumé and its photo.
fn workdir() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!("cvpdf-archive-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("resume.md"), RICH).unwrap();
    std::fs::write(dir.join("photo.png"), png()).unwrap();
    dir
}

fn cvpdf(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cvpdf"));
    cmd.current_dir(dir).args(args).env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("runs cvpdf")
}

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program).args(args).output().unwrap_or_else(|e| panic!("`{program}` is needed ({e}); scripts/test.sh installs it"))
}

/// Opens the PDF in every independent reader and fails on any error or warning.
fn assert_readers_are_happy(pdf: &Path) {
    let p = pdf.to_str().unwrap();
    let quiet = |what: &str, out: Output, ignore: &[&str]| {
        let err = String::from_utf8_lossy(&out.stderr);
        let noise: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty() && !ignore.iter().any(|i| l.contains(i))).collect();
        assert!(out.status.success() && noise.is_empty(), "{what} on {p}: status {:?}, stderr {noise:?}", out.status);
    };
    let q = run("qpdf", &["--check", p]);
    assert!(String::from_utf8_lossy(&q.stdout).contains("No syntax or stream encoding errors"), "qpdf: {q:?}");
    quiet("qpdf --check", q, &[]);
    quiet("pdftotext", run("pdftotext", &[p, "/dev/null"]), &[]);
    quiet("pdfinfo", run("pdfinfo", &[p]), &[]);
    // This MuPDF build says so about itself for every file.
    quiet("mutool draw", run("mutool", &["draw", "-q", "-o", "/dev/null", p]), &["ICC support is not available"]);
    quiet("gs", run("gs", &["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", p]), &[]);
    let py = "import sys, warnings, pypdf\nwarnings.simplefilter('error')\nr = pypdf.PdfReader(sys.argv[1], strict=True)\nfor page in r.pages: page.extract_text()\nr.metadata\n";
    quiet("pypdf", run("python3", &["-c", py, p]), &[]);
}

#[test]
fn default_output_passes_every_reader() {
    let dir = workdir();
    let out = cvpdf(&dir, &["resume.md"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join("resume.pdf");
    assert_readers_are_happy(&pdf);
    let info = String::from_utf8_lossy(&run("pdfinfo", &[pdf.to_str().unwrap()]).stdout).into_owned();
    assert!(info.contains("Tagged:          no"), "untagged by default:\n{info}");
}

#[test]
fn tagged_output_has_the_structure_and_passes_every_reader() {
    let dir = workdir();
    let out = cvpdf(&dir, &["--tagged", "resume.md"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join("resume.pdf");
    assert_readers_are_happy(&pdf);
    let p = pdf.to_str().unwrap();
    let info = String::from_utf8_lossy(&run("pdfinfo", &[p]).stdout).into_owned();
    assert!(info.contains("Tagged:          yes"), "{info}");
    let s = run("pdfinfo", &["-struct", p]);
    let tree = String::from_utf8_lossy(&s.stdout).into_owned();
    for tag in [
        "H1 \"Jordan Sample\"",
        "H2 \"Experience\"",
        "H3",
        "P",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "Figure",
        "Link",
        "Code",
        "BlockQuote",
    ] {
        assert!(tree.contains(tag), "no {tag} in the structure:\n{tree}");
    }
    // The footer is page furniture, not structure: its text is not in any element.
    let text = String::from_utf8_lossy(&run("pdfinfo", &["-struct-text", p]).stdout).into_owned();
    assert!(text.contains("Platform engineer") && !text.contains("Page 1 of"), "{text}");
    // Headings come in document order.
    let h1 = tree.find("H1").unwrap();
    let h2 = tree.find("H2").unwrap();
    let h3 = tree.find("H3").unwrap();
    assert!(h1 < h2 && h2 < h3, "{tree}");
}

#[test]
fn front_matter_can_ask_for_tags() {
    let dir = workdir();
    let src = RICH.replacen("pdf_options:\n", "pdf_options:\n  tagged: true\n", 1);
    std::fs::write(dir.join("resume.md"), src).unwrap();
    assert!(cvpdf(&dir, &["resume.md"], &[]).status.success());
    let info = String::from_utf8_lossy(&run("pdfinfo", &[dir.join("resume.pdf").to_str().unwrap()]).stdout).into_owned();
    assert!(info.contains("Tagged:          yes"), "{info}");
}

#[test]
fn pdfa_2b_carries_its_identification_and_passes_every_reader() {
    let dir = workdir();
    let out = cvpdf(&dir, &["--pdfa", "resume.md"], &[("SOURCE_DATE_EPOCH", "1795392000")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = dir.join("resume.pdf");
    let bytes = std::fs::read(&pdf).unwrap();
    let xmp = String::from_utf8_lossy(&bytes);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert_readers_are_happy(&pdf);
    // Tagged and archival together.
    let out = cvpdf(&dir, &["--pdfa", "--tagged", "resume.md", "-o", "both.pdf"], &[("SOURCE_DATE_EPOCH", "1795392000")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_readers_are_happy(&dir.join("both.pdf"));
}

#[test]
fn pdfa_without_a_date_is_an_error_that_says_why() {
    let dir = workdir();
    let out = cvpdf(&dir, &["--pdfa", "resume.md"], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("PDF/A-2b needs a creation date") && err.contains("SOURCE_DATE_EPOCH"), "{err}");
    assert!(!dir.join("resume.pdf").exists(), "no PDF is written");
    // A front-matter date is enough.
    std::fs::write(dir.join("resume.md"), RICH.replacen("title:", "date: 2026-01-31\ntitle:", 1)).unwrap();
    let out = cvpdf(&dir, &["--pdfa", "resume.md"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn every_mode_is_byte_identical_twice() {
    let dir = workdir();
    for args in [&["resume.md", "-o", "a.pdf"][..], &["--tagged", "resume.md", "-o", "a.pdf"]] {
        assert!(cvpdf(&dir, args, &[]).status.success());
        let first = std::fs::read(dir.join("a.pdf")).unwrap();
        assert!(cvpdf(&dir, args, &[]).status.success());
        assert_eq!(first, std::fs::read(dir.join("a.pdf")).unwrap(), "{args:?}");
    }
}

//! Reference tests: each `tests/ref/NAME.md` is compiled with `cvpdf::compile`
//! (bundled fonts only, a fixed date and URL, files read from `tests/ref/`) and its
//! frame dump (`common::frame_dump`) must equal `tests/ref/NAME.txt` exactly, so that
//! any drift of a position, a font, a size, a colour or a line break fails a test.
//!
//! After a deliberate change, `UPDATE=1 cargo test --test it reference::` rewrites the
//! `.txt` files; look at their diff before committing them. A new fixture is a new
//! `tests/ref/NAME.md` plus one `reference!(NAME)` line below.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::frame_dump::frame_dump;
use cvpdf::{compile, Loader, Options};

fn ref_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ref")
}

/// Options of every reference: bundled fonts only, fixed date and URL, and a loader
/// reading plain file names from `tests/ref/` (nothing else).
fn options() -> Options {
    let dir = ref_dir();
    let loader: Loader = Arc::new(move |name: &str| {
        if name.contains('/') || name.contains('\\') || name.starts_with('.') {
            return Err(format!("reference fixtures only read files next to them, not `{name}`"));
        }
        std::fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"))
    });
    Options {
        date: Some("6 December 2026".to_owned()),
        url: Some("https://example.com/ada".to_owned()),
        loader: Some(loader),
        system_fonts: None,
        ..Options::default()
    }
}

/// The first lines where `expected` and `actual` differ, with a little context, as
/// `-expected` / `+actual` lines.
fn short_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
    let mut out = format!("@@ first difference at line {} ({} lines expected, {} actual) @@\n", first + 1, e.len(), a.len());
    for line in &e[first.saturating_sub(2)..first] {
        out.push_str(&format!(" {line}\n"));
    }
    for line in e.iter().skip(first).take(8) {
        out.push_str(&format!("-{line}\n"));
    }
    for line in a.iter().skip(first).take(8) {
        out.push_str(&format!("+{line}\n"));
    }
    out
}

fn check(name: &str) {
    let dir = ref_dir();
    let md = dir.join(format!("{name}.md"));
    let source = std::fs::read_to_string(&md).unwrap_or_else(|e| panic!("read {}: {e}", md.display()));
    let warned = compile(&source, &options());
    let doc = warned.output.unwrap_or_else(|errors| panic!("{name}.md does not compile: {errors:#?}"));
    let actual = frame_dump(&doc, &warned.warnings);
    let txt = dir.join(format!("{name}.txt"));
    if std::env::var_os("UPDATE").is_some_and(|v| v == "1") {
        std::fs::write(&txt, &actual).unwrap_or_else(|e| panic!("write {}: {e}", txt.display()));
        return;
    }
    let expected = std::fs::read_to_string(&txt).unwrap_or_default();
    if expected != actual {
        panic!(
            "the frame dump of tests/ref/{name}.md differs from tests/ref/{name}.txt\n{}\n\
             If the change is intended, run `UPDATE=1 cargo test --test it reference::` to accept it \
             (and review the diff of tests/ref/*.txt).",
            short_diff(&expected, &actual)
        );
    }
}

macro_rules! reference {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(&stringify!($name).replace('_', "-"));
            }
        )*
        /// Every `tests/ref/*.md` has a test above (a fixture without one would never run).
        #[test]
        fn every_fixture_has_a_test() {
            let known = [$(stringify!($name).replace('_', "-")),*];
            let mut missing = Vec::new();
            for entry in std::fs::read_dir(ref_dir()).expect("list tests/ref") {
                let path = entry.expect("entry").path();
                if path.extension().is_some_and(|e| e == "md") {
                    let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                    if !known.contains(&stem) {
                        missing.push(stem);
                    }
                }
            }
            assert!(missing.is_empty(), "add `reference!(…)` entries in tests/reference.rs for: {missing:?}");
        }
    };
}

reference!(
    plain_resume,
    md_to_pdf_front_matter,
    hugo_toml,
    inline_html,
    tables_spans,
    code_long,
    footnotes,
    cjk,
    rtl_arabic,
    emoji,
    style_selectors,
    gauges,
    pagination_small_page,
);

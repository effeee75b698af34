//! CSS from the front matter and `<style>` is parsed and cascaded without panics.
//! Inputs whose first byte has its top bit set are read as a program for the
//! structured generator in `tests/shapes` (selector shapes, many rules, huge numbers),
//! whose document is compiled as it is.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/shapes/mod.rs"]
#[allow(dead_code)]
mod shapes;

fuzz_target!(|data: &[u8]| {
    if let Some(doc) = shapes::structured(data, 400_000) {
        let _ = cvpdf::compile(&doc, &cvpdf::Options::default());
        return;
    }
    let css = String::from_utf8_lossy(data);
    let mut options = cvpdf::Options::default();
    options.overrides.css = Some(css.to_string());
    let body = "# Name\n\n<p class=\"a\" id=\"b\" style=\"color: red\">text <span class=\"date\">x</span></p>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item\n";
    let _ = cvpdf::compile(body, &options);
    let _ = cvpdf::compile(&format!("<style>{css}</style>\n\n{body}<p style=\"{css}\">y</p>\n"), &cvpdf::Options::default());
});

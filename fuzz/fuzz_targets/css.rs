//! CSS from the front matter and `<style>` is parsed and cascaded without panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let css = String::from_utf8_lossy(data);
    let mut options = cvpdf::Options::default();
    options.overrides.css = Some(css.to_string());
    let body = "# Name\n\n<p class=\"a\" id=\"b\" style=\"color: red\">text <span class=\"date\">x</span></p>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item\n";
    let _ = cvpdf::compile(body, &options);
    let _ = cvpdf::compile(&format!("<style>{css}</style>\n\n{body}<p style=\"{css}\">y</p>\n"), &cvpdf::Options::default());
});

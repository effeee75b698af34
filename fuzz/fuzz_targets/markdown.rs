//! Building the document model (Markdown and inline HTML) never panics. Inputs whose
//! first byte has its top bit set are read as a program for the structured generator
//! in `tests/shapes`.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/shapes/mod.rs"]
#[allow(dead_code)]
mod shapes;

fuzz_target!(|data: &[u8]| {
    let text = shapes::structured(data, 2_000_000).unwrap_or_else(|| String::from_utf8_lossy(data).into_owned());
    let _ = cvpdf::model::build(&text, 0);
});

//! The whole pipeline, Markdown to PDF bytes, never panics. Inputs whose first byte
//! has its top bit set are read as a program for the structured generator in
//! `tests/shapes` (deep nesting, long lines, repetition, huge numbers, selectors).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/shapes/mod.rs"]
#[allow(dead_code)]
mod shapes;

fuzz_target!(|data: &[u8]| {
    let text = shapes::structured(data, 400_000)
        .unwrap_or_else(|| cvpdf::encoding::decode(data, data.first().is_some_and(|b| b & 1 == 1)).text);
    let _ = cvpdf::render(&text, &cvpdf::Options::default());
});

//! The whole pipeline, Markdown to PDF bytes, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let decoded = cvpdf::encoding::decode(data, data.first().is_some_and(|b| b & 1 == 1));
    let _ = cvpdf::render(&decoded.text, &cvpdf::Options::default());
});

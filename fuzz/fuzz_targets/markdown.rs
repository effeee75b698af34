//! Building the document model (Markdown and inline HTML) never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = cvpdf::model::build(&text, 0);
});

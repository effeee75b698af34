//! Front matter (YAML and TOML, with serde-saphyr's limits) never panics. Inputs whose
//! first byte has its top bit set are read as a program for the structured generator
//! in `tests/shapes`, which starts a quarter of its documents with hostile geometry.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/shapes/mod.rs"]
#[allow(dead_code)]
mod shapes;

fuzz_target!(|data: &[u8]| {
    if let Some(doc) = shapes::structured(data, 200_000) {
        let _ = cvpdf::front_matter::parse(&doc);
        return;
    }
    let text = String::from_utf8_lossy(data);
    // As a whole document, and wrapped in YAML and TOML fences.
    let _ = cvpdf::front_matter::parse(&text);
    let _ = cvpdf::front_matter::parse(&format!("---\n{text}\n---\n# x\n"));
    let _ = cvpdf::front_matter::parse(&format!("+++\n{text}\n+++\n"));
});

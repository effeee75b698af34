//! Front matter (YAML and TOML, with serde-saphyr's limits) never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // As a whole document, and wrapped in YAML and TOML fences.
    let _ = cvpdf::front_matter::parse(&text);
    let _ = cvpdf::front_matter::parse(&format!("---\n{text}\n---\n# x\n"));
    let _ = cvpdf::front_matter::parse(&format!("+++\n{text}\n+++\n"));
});

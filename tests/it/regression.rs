//! Inputs that once crashed cvpdf (found by `tests/property.rs` or `cargo fuzz`),
//! one named test each: they must render (or fail cleanly) without a panic.

fn renders_without_panic(source: &str) {
    let result = std::panic::catch_unwind(|| cvpdf::render(source, &cvpdf::Options::default()));
    let result = result.unwrap_or_else(|_| panic!("panicked on {source:?}"));
    if let Ok(pdf) = result.output {
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

/// Found by the property test: a hex colour with multi-byte characters was sliced
/// inside a character (`src/style/css.rs`, `color`).
#[test]
fn css_hex_colour_with_multibyte_characters() {
    renders_without_panic("<p style=\"color: #bd\u{fffd}\u{fffd}\">styled</p>\n");
    renders_without_panic("---\ncss: \"h1 { color: #\u{e9}\u{e9}\u{e9}\u{e9} }\"\n---\n# x\n");
}

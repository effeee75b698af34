//! CSS warnings point at the declaration or selector that caused them, as recorded
//! when the CSS was read, even when the same text is written more than once.

fn warnings(source: &str) -> Vec<cvpdf::diag::Diagnostic> {
    cvpdf::compile(source, &cvpdf::Options::default()).warnings
}

/// The span of the warning whose message contains `needle`.
fn span_of(source: &str, needle: &str) -> std::ops::Range<usize> {
    let all = warnings(source);
    let found = all.iter().find(|d| d.message.contains(needle));
    found.and_then(|d| d.span.clone()).unwrap_or_else(|| panic!("no warning with a span says {needle:?}: {all:#?}"))
}

#[test]
fn a_bad_value_after_a_good_one_of_the_same_property_is_pointed_at() {
    // The good `color: red` starts with the bad value `re`: searching the text found it.
    let source = "<style>\nh2 { color: red }\np { color: re }\n</style>\n\nAda Example.\n";
    let second = source.rfind("color").unwrap();
    assert_eq!(span_of(source, "`color: re`"), second..second + 5);
}

#[test]
fn a_commented_out_declaration_is_not_pointed_at() {
    let source = "<style>\n/* p { color: re } */\np { color: re }\n</style>\n\nAda Example.\n";
    let real = source.rfind("color").unwrap();
    assert_eq!(span_of(source, "`color: re`"), real..real + 5);
}

#[test]
fn front_matter_css_is_pointed_at_through_custom_properties() {
    let source = "---\ntitle: Ada Example\ncss: |\n  :root { --gap: 1em; }\n  h1 { --gap: 2em; }\n  p { margin: 0; gap: var(--gap); }\n---\n\nAda Example.\n";
    let gap = source.rfind("gap:").unwrap();
    assert_eq!(span_of(source, "`gap: var("), gap..gap + 3);
}

#[test]
fn an_unsupported_selector_is_pointed_at_where_it_is_read() {
    let source = "<style>\n/* p::after */\np::after { color: red }\n</style>\n\nAda Example.\n";
    let at = source.rfind("p::after").unwrap();
    assert_eq!(span_of(source, "`p::after`"), at..at + "p::after".len());
}

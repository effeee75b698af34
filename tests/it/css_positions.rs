//! CSS warnings point at the declaration, selector or `@import` that caused them (in
//! `<style>`, front matter `css` or a `style` attribute), as recorded
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
    let source = "---\ntitle: Ada Example\ncss: |\n  :root { --gap: 1em; }\n  h1 { --gap: 2em; }\n  p { margin: 0; transform: var(--gap); }\n---\n\nAda Example.\n";
    let at = source.rfind("transform:").unwrap();
    assert_eq!(span_of(source, "`transform: var("), at..at + "transform".len());
}

#[test]
fn an_unsupported_selector_is_pointed_at_where_it_is_read() {
    let source = "<style>\n/* p::after */\np::after { color: red }\n</style>\n\nAda Example.\n";
    let at = source.rfind("p::after").unwrap();
    assert_eq!(span_of(source, "`p::after`"), at..at + "p::after".len());
}

/// The span of `part`, the `nth` time (from 0) it is written in `source`.
fn nth(source: &str, part: &str, n: usize) -> std::ops::Range<usize> {
    let at = source.match_indices(part).nth(n).map(|(i, _)| i).unwrap_or_else(|| panic!("{part:?} is written {} times", n + 1));
    at..at + part.len()
}

#[test]
fn a_bad_value_written_second_in_a_style_attribute_is_pointed_at() {
    // `re` starts the good value as well: a search for `color: re` found the first.
    let source = "<div style=\"color: red; color: re\">\n\nAda Example.\n\n</div>\n";
    assert_eq!(span_of(source, "`color: re`"), nth(source, "color", 1));
    // In a `style` attribute of an inline element, within a paragraph that writes
    // the property too (no element span to search in at all).
    let source = "Ada sets color: red on <span style=\"color: red; color: re\">Rust</span>.\n";
    assert_eq!(span_of(source, "`color: re`"), nth(source, "color", 2));
}

#[test]
fn a_style_attribute_is_pointed_at_not_the_text_of_its_element() {
    // The comment hides the value from a search; the element's text does not.
    let source = "<div style=\"color: /* was blue */ re\">\n\nAda writes color: re here.\n\n</div>\n";
    assert_eq!(span_of(source, "`color: re`"), nth(source, "color", 0));
}

#[test]
fn a_style_attribute_with_an_entity_is_pointed_at_whole() {
    // `&#114;` is `r`: the offsets of the decoded value are not those of the source,
    // so the warning covers the attribute's value.
    let source = "<div style=\"color: &#114;e\">\n\nAda writes color: re here.\n\n</div>\n";
    assert_eq!(span_of(source, "`color: re`"), nth(source, "color: &#114;e", 0));
}

#[test]
fn a_display_warning_points_at_the_display_that_applies() {
    let source = "<style>\np { display: block; display: inline }\n</style>\n\nAda Example.\n";
    assert_eq!(span_of(source, "CSS `display: inline` on"), nth(source, "display", 1));
}

#[test]
fn an_out_of_range_page_margin_points_at_the_margin_that_applies() {
    // The bad value starts the first one: a search for it found the first.
    let source = "---\npdf_options:\n  preferCSSPageSize: true\n---\n\n<style>\n@page { margin: 99999cm 1cm; margin: 99999cm }\n</style>\n\nAda Example.\n";
    assert_eq!(span_of(source, "`@page { margin: 99999cm }`"), nth(source, "margin", 1));
}

#[test]
fn each_import_of_a_missing_sheet_is_pointed_at_where_it_is_written() {
    let source =
        "---\ntitle: Ada Example\ncss: |\n  @import \"gone.css\";\n---\n\n<style>\n@import \"gone.css\";\n</style>\n\nAda Example.\n";
    let imports: Vec<_> = warnings(source).into_iter().filter(|d| d.message.contains("`gone.css` is not used")).map(|d| d.span).collect();
    let rule = "@import \"gone.css\";";
    assert_eq!(imports, [Some(nth(source, rule, 0)), Some(nth(source, rule, 1))]);
}

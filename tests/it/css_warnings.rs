//! CSS warnings quote declarations as the user wrote them: custom properties are
//! `--name`, never the `-cv-name` cvpdf reads them as.

fn messages(source: &str) -> Vec<String> {
    cvpdf::compile(source, &cvpdf::Options::default()).warnings.into_iter().map(|d| d.message).collect()
}

/// The one warning that says `needle`, checked to quote custom properties as written.
fn warning(source: &str, needle: &str) -> String {
    let all = messages(source);
    let found: Vec<&String> = all.iter().filter(|m| m.contains(needle)).collect();
    assert_eq!(found.len(), 1, "one warning says {needle:?}: {all:#?}");
    assert!(!found[0].contains("-cv-"), "{}", found[0]);
    found[0].clone()
}

#[test]
fn an_undefined_variable_is_quoted_as_written() {
    for css in ["<style>\np { margin: var(--gap) }\n</style>\n\n", "---\ncss: \"p { margin: var(--gap) }\"\n---\n\n"] {
        let source = format!("{css}Ada Example, engineer.\n");
        let w = warning(&source, "is not defined");
        assert!(w.contains("CSS variable `--gap` is not defined: `margin: var(--gap)` is ignored"), "{w}");
    }
}

#[test]
fn an_unsupported_property_is_quoted_as_written() {
    let source = "<style>\np { --x: 4px; transform: var(--x) }\n</style>\n\nAda Example, engineer.\n";
    let w = warning(source, "is not supported");
    assert!(w.contains("`transform: var(--x)`"), "{w}");
    // In a `style` attribute too, with a fallback.
    let source = "<p style=\"--x: left; float: var(--x) var(--y, none)\">Ada Example</p>\n";
    let w = warning(source, "is not supported");
    assert!(w.contains("`float: var(--x) var(--y, none)`"), "{w}");
}

#[test]
fn a_value_out_of_range_is_quoted_as_written() {
    let source = "<style>\n:root { --huge: 99999px }\np { margin-top: var(--huge) }\n</style>\n\nAda Example, engineer.\n";
    let w = warning(source, "is out of range");
    assert!(w.contains("CSS `margin-top: var(--huge)` is out of range"), "{w}");
}

#[test]
fn a_stylesheet_files_unsupported_declaration_names_the_file() {
    // The warning stands at the element the rule matched (it cannot point into
    // another file); the message says which file the declaration is in.
    let dir = crate::common::TestDir::sealed("sheet-file-warning");
    dir.write("look.css", "h1 { colr: red }\n");
    dir.write("cv.md", "---\nstylesheet: look.css\n---\n# Sky Example\n");
    let out = dir.run(&["cv.md", "-o", "cv.pdf"]);
    crate::common::assert_exit(&out, 0);
    let err = crate::common::stderr(&out);
    assert!(err.contains("cv.md:4:1: warning: CSS property `colr: red` in `look.css` is not supported and is ignored"), "{err}");
}

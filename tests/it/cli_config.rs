//! Configuration files (`cvpdf.toml`, `.cvpdf.yaml`) with mistakes: each is shown as
//! front-matter errors are (`file:line:col`, the line and a caret, did-you-mean),
//! once, and stops the render. Every document here is fictional.

use crate::common;

use common::{assert_exit, stderr, TestDir};

const CV: &str = "# Robin Invented\n\nA fictional résumé.\n";

/// Runs `cvpdf cv.md` beside a configuration file `name` holding `text`; the
/// exit status must be 1 and no PDF written. Returns stderr.
fn config_error(test: &str, name: &str, text: &str) -> String {
    let dir = TestDir::new(test);
    dir.write(name, text);
    dir.write("cv.md", CV);
    let out = dir.run(&["--no-system-fonts", "cv.md"]);
    assert_exit(&out, 1);
    assert!(!dir.path("cv.pdf").exists(), "no PDF with a broken configuration");
    stderr(&out)
}

#[test]
fn an_unknown_key_points_at_it_with_a_suggestion() {
    let err = config_error("config-typo", "cvpdf.toml", "format = \"A4\"\nthem = \"github\"\n");
    assert!(
        err.starts_with(
            "cvpdf.toml:2:1: error: unknown configuration key `them`\n 2 | them = \"github\"\n   | ^^^^\n   = hint: did you mean `theme`?\n"
        ),
        "{err}"
    );
    assert!(err.contains("`cv.md` was not rendered: its configuration file `cvpdf.toml` has errors"), "{err}");
}

#[test]
fn a_value_of_the_wrong_type_points_at_the_value() {
    let err = config_error("config-type", "cvpdf.toml", "format = \"A4\"\nlandscape = \"yes\"\n");
    assert!(
        err.starts_with("cvpdf.toml:2:13: error: `landscape` must be `true` or `false`, found a string\n 2 | landscape = \"yes\"\n   |             ^^^^^\n"),
        "{err}"
    );
}

/// serde-saphyr's message named line 2 for a key on line 4 (the first line of the
/// mapping) and repeated itself inside its own snippet.
#[test]
fn a_yaml_configuration_error_is_on_its_own_line_and_said_once() {
    let err = config_error("config-yaml", ".cvpdf.yaml", "# shared settings\nformat: A4\n\nthem: github\n");
    assert!(
        err.starts_with(
            ".cvpdf.yaml:4:1: error: unknown configuration key `them`\n 4 | them: github\n   | ^^^^\n   = hint: did you mean `theme`?\n"
        ),
        "{err}"
    );
    assert_eq!(err.matches("unknown configuration key").count(), 1, "{err}");
    let err = config_error("config-yaml-type", ".cvpdf.yaml", "format: A4\nmargin: [1in]\n");
    assert!(err.starts_with(".cvpdf.yaml:2:9: error: `margin` must be "), "{err}");
}

#[test]
fn max_pages_zero_is_refused_as_in_front_matter() {
    let err = config_error("config-max-pages", "cvpdf.toml", "max_pages = 0\n");
    assert!(err.starts_with("cvpdf.toml:1:13: error: `max_pages` is 0, out of range\n"), "{err}");
    assert!(err.contains("= hint: use a whole number of pages, 1 or more"), "{err}");
    // The same words as front matter's.
    let dir = TestDir::new("fm-max-pages");
    dir.write("cv.md", "---\nmax_pages: 0\n---\n# Robin\n");
    let out = dir.run(&["--no-system-fonts", "--no-config", "cv.md"]);
    assert_exit(&out, 1);
    assert!(stderr(&out).starts_with("cv.md:2:12: error: `max_pages` is 0, out of range\n"), "{}", stderr(&out));
}

/// A configuration shared by a batch's inputs: its errors once, each input named.
#[test]
fn a_shared_configuration_error_is_printed_once() {
    let dir = TestDir::new("config-once");
    dir.write("cvpdf.toml", "formt = \"A4\"\n");
    dir.write("a.md", CV);
    dir.write("b.md", CV);
    let out = dir.run(&["--no-system-fonts", "a.md", "b.md"]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert_eq!(err.matches("unknown configuration key `formt`").count(), 1, "{err}");
    assert!(err.contains("did you mean `format`?"), "{err}");
    assert!(err.contains("`a.md` was not rendered") && err.contains("`b.md` was not rendered"), "{err}");
    // In CI form, an annotation on the file and line.
    let out = dir.run(&["--no-system-fonts", "--message-format", "github", "a.md"]);
    assert!(stderr(&out).contains("::error file=cvpdf.toml,line=1,col=1::unknown configuration key `formt`"), "{}", stderr(&out));
}

//! `--emit text` and `-o NAME.txt`: the PDF's text layer as plain text, made from
//! the laid-out pages, checked against what pdftotext reads from the PDF. Every
//! document here is fictional.

use crate::common;

use std::fs;

use common::{arg, assert_exit, stderr, tool, TestDir};

/// A title row (name and dates at both ends of one line), a list and a table.
const CV: &str = "---\ncss: |\n  .row { display: flex; justify-content: space-between; }\n---\n# Jamie Placeholder\n\n\
    <div class=\"row\"><strong>Staff Engineer, Example Works</strong><span>2021 – 2024</span></div>\n\n\
    - Led the invented migration of twelve services.\n- Cut build times by half for a made-up team.\n\n\
    | Skill | Level |\n| --- | --- |\n| Rust | Expert |\n| SQL | Fluent |\n\nContact: jamie@example.org\n";

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

#[test]
fn emit_text_writes_the_text_layer_beside_the_pdf() {
    let dir = TestDir::sealed("emit-text");
    dir.write("cv.md", CV);
    let out = dir.run(&["--emit", "text", "cv.md"]);
    assert_exit(&out, 0);
    let pdf = dir.path("cv.pdf");
    let text = fs::read_to_string(dir.path("cv.txt")).expect("cv.txt beside cv.pdf");
    assert_eq!(
        text,
        "Jamie Placeholder\nStaff Engineer, Example Works 2021 – 2024\n• Led the invented migration of twelve services.\n\
         • Cut build times by half for a made-up team.\nSkill Level\nRust Expert\nSQL Fluent\nContact: jamie@example.org\n\u{c}"
    );
    // What pdftotext reads from the PDF in content order, line for line (the
    // bridge across the title row's gap reads as a zero-width space there, and is
    // the space it stands for here).
    let bridged = |s: String| s.replace(" \u{200b} ", " ");
    assert_eq!(text, bridged(tool("pdftotext", &["-enc", "UTF-8", "-raw", arg(&pdf), "-"])));
    // In its layout and default modes, the same words in the same order (the
    // default mode, which guesses columns, keeps the dates on the title's line).
    assert_eq!(words(&text), words(&bridged(tool("pdftotext", &["-enc", "UTF-8", "-layout", arg(&pdf), "-"]))));
    assert_eq!(words(&text), words(&bridged(common::pdftotext(&pdf))));
}

#[test]
fn a_txt_output_gets_only_the_text() {
    let dir = TestDir::sealed("emit-txt-only");
    dir.write("cv.md", CV);
    assert_exit(&dir.run(&["--emit", "text", "cv.md", "-o", "both.pdf"]), 0);
    assert_exit(&dir.run(&["cv.md", "-o", "only.txt"]), 0);
    assert_eq!(dir.listing("."), ["both.pdf", "both.txt", "cv.md", "only.txt"]);
    assert_eq!(fs::read_to_string(dir.path("only.txt")).unwrap(), fs::read_to_string(dir.path("both.txt")).unwrap());
    // A folder output: NAME.txt beside each NAME.pdf.
    dir.write("other.md", "# Sam Invented\n\nA second fictional résumé.\n");
    assert_exit(&dir.run(&["--emit", "text", "cv.md", "other.md", "-o", "out/"]), 0);
    assert_eq!(dir.listing("out"), ["cv.pdf", "cv.txt", "other.pdf", "other.txt"]);
    assert_eq!(fs::read_to_string(dir.path("out/other.txt")).unwrap(), "Sam Invented\nA second fictional résumé.\n\u{c}");
}

#[test]
fn a_changed_word_is_one_changed_line() {
    let dir = TestDir::sealed("emit-diff");
    dir.write("cv.md", CV);
    assert_exit(&dir.run(&["cv.md", "-o", "before.txt"]), 0);
    dir.write("cv.md", CV.replace("twelve", "thirteen"));
    assert_exit(&dir.run(&["cv.md", "-o", "after.txt"]), 0);
    let (before, after) = (fs::read_to_string(dir.path("before.txt")).unwrap(), fs::read_to_string(dir.path("after.txt")).unwrap());
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed, [("• Led the invented migration of twelve services.", "• Led the invented migration of thirteen services.")]);
}

#[test]
fn emit_text_needs_a_file_and_never_replaces_the_input() {
    let dir = TestDir::sealed("emit-usage");
    dir.write("cv.md", CV);
    let out = dir.run(&["--emit", "text", "cv.md", "-o", "-"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--emit text writes NAME.txt beside the PDF"), "{}", stderr(&out));
    dir.write("notes.txt", "# Notes in Markdown\n");
    let out = dir.run(&["--emit", "text", "notes.txt"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("the text output `notes.txt` is the input file itself"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(dir.path("notes.txt")).unwrap(), "# Notes in Markdown\n");
}

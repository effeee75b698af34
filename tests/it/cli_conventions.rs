//! The command line's conventions (issue 17, items 4 and 5): `check` and the render
//! take the same flags and report the same diagnostics, `--deny-warnings` writes
//! nothing, and the habits of ripgrep, cargo and md-to-pdf (`--color`, `--quiet`,
//! `--config`, stdin without `-`, `--css` text and `--stylesheet` files, no PDF to a
//! terminal, parent folders made). Every document here is fictional.

use crate::common;

use std::fs;

use common::{assert_exit, stderr, stdout, TestDir};

/// A résumé whose name has characters no bundled font has: a warning for each with
/// `--no-system-fonts`.
const CJK_NAME: &str = "---\ntitle: Taro Example\n---\n# 山田 太郎\n\nA fictional engineer in Sampleville.\n";

const PLAIN: &str = "# Robin Example\n\nA fictional analyst in Testtown.\n";

/// The bundled fonts only and no configuration file, as flags (a sealed [`TestDir`]
/// puts them before the subcommand, where `check` cannot follow).
const SEALED: [&str; 2] = ["--no-system-fonts", "--no-config"];

/// `args` after [`SEALED`].
fn sealed<'a>(args: &[&'a str]) -> Vec<&'a str> {
    match args.split_first() {
        Some((&"check", rest)) => [&["check"][..], &SEALED, rest].concat(),
        _ => [&SEALED[..], args].concat(),
    }
}

// ---------------------------------------------------------------------------------------
// Item 4: one behaviour in check and render
// ---------------------------------------------------------------------------------------

#[test]
fn check_reports_what_the_render_would() {
    let dir = TestDir::new("check-render-parity");
    dir.write("cv.md", CJK_NAME);
    let render = dir.run(&sealed(&["cv.md", "-o", "out.pdf"]));
    let check = dir.run(&sealed(&["check", "cv.md"]));
    assert_exit(&render, 0);
    assert_exit(&check, 0);
    let warnings = |text: &str| text.lines().filter(|l| l.contains(": warning: ")).map(str::to_owned).collect::<Vec<_>>();
    let (from_render, from_check) = (warnings(&stderr(&render)), warnings(&stderr(&check)));
    assert_eq!(from_render.len(), 4, "one warning a character: {}", stderr(&render));
    assert!(from_render[0].contains("no bundled font has the character `山`"), "{from_render:?}");
    assert_eq!(from_render, from_check, "check prints the render's warnings");
    assert!(stdout(&check).contains("characters without glyphs: '山' U+5C71"), "{}", stdout(&check));
    // Both fail alike under --deny-warnings.
    assert_exit(&dir.run(&sealed(&["cv.md", "--deny-warnings", "-o", "denied.pdf"])), 3);
    assert_exit(&dir.run(&sealed(&["check", "--deny-warnings", "cv.md"])), 3);
}

#[test]
fn deny_warnings_writes_no_pdf_and_keeps_the_previous_one() {
    let dir = TestDir::new("deny-warnings-keeps");
    dir.write("cv.md", CJK_NAME);
    dir.write("ok.md", PLAIN);
    // The last good PDF, from before the name was changed.
    let previous = b"%PDF-1.7 the previous render\n".to_vec();
    dir.write("cv.pdf", &previous);
    let out = dir.run(&sealed(&["--deny-warnings", "cv.md"]));
    assert_exit(&out, 3);
    let err = stderr(&out);
    assert!(err.contains("cv.md:4:3: warning: no bundled font has the character `山`"), "{err}");
    assert!(err.contains("cv.md: note: nothing was written to `cv.pdf`: --deny-warnings makes warnings fail"), "{err}");
    assert_eq!(fs::read(dir.path("cv.pdf")).unwrap(), previous, "the previous PDF is byte-unchanged");
    assert_eq!(dir.listing("."), ["cv.md", "cv.pdf", "ok.md"], "no temporary file left");

    // Nothing on standard output either.
    let out = dir.run(&sealed(&["--deny-warnings", "cv.md", "-o", "-"]));
    assert_exit(&out, 3);
    assert!(out.stdout.is_empty(), "{} bytes on stdout", out.stdout.len());
    assert!(stderr(&out).contains("note: nothing was written to standard output"), "{}", stderr(&out));

    // In a batch, the clean file is written and the summary does not count the other.
    let out = dir.run(&sealed(&["--deny-warnings", "cv.md", "ok.md", "-o", "out/"]));
    assert_exit(&out, 3);
    assert_eq!(dir.listing("out"), ["ok.pdf"]);
    assert!(stderr(&out).contains("rendered 1 file of 2 (4 warnings)"), "{}", stderr(&out));

    // Without the flag, the same document is written (warnings allowed).
    assert_exit(&dir.run(&sealed(&["cv.md"])), 0);
    assert!(fs::read(dir.path("cv.pdf")).unwrap().starts_with(b"%PDF-") && fs::read(dir.path("cv.pdf")).unwrap() != previous);
}

//! The hostile corpus (`tests/hostile/`, all fictional) run through the binary, with
//! the expected outcome of each file; plus generated inputs too large to store
//! (a 5,000-page document, 70 KB of front matter, 11 MB of Markdown) and crash
//! safety (SIGKILL during a render leaves the previous PDF as it was).
//!
//! Every case runs under a memory limit (`ulimit -v`) and a wall-clock bound
//! ([`common::BOUNDS`]): a regression that loops or allocates without end fails the
//! case instead of hanging the suite or the machine.

use crate::common;

use std::fs;
use std::process::Output;
use std::time::Duration;

use common::{code, contains_bytes, png, run_bounded, stderr, TestDir, BOUNDS};

/// One corpus file and what cvpdf must do with it.
struct Case {
    /// The file in `tests/hostile/`.
    file: &'static str,
    /// Extra arguments.
    args: &'static [&'static str],
    /// The exit status.
    exit: i32,
    /// Substrings every one of which stderr must contain.
    stderr: &'static [&'static str],
    /// Substrings stderr must not contain.
    not_stderr: &'static [&'static str],
    /// Whether a PDF is written.
    output: bool,
}

const NO_EXEC: &str = "nothing in a document is ever executed";

/// The manifest: every file in `tests/hostile/*.md` has a row.
const CASES: &[Case] = &[
    Case {
        file: "alias-bomb.md",
        args: &[],
        exit: 1,
        stderr: &["error: failed to parse front matter", "alias"],
        not_stderr: &[],
        output: false,
    },
    Case { file: "deep-yaml.md", args: &[], exit: 1, stderr: &["nested more than 64 levels deep"], not_stderr: &[], output: false },
    Case {
        file: "deep-nesting.md",
        args: &[],
        exit: 0,
        stderr: &["warning: nesting deeper than 64 levels is flattened"],
        not_stderr: &["error"],
        output: true,
    },
    Case { file: "js.md", args: &[], exit: 1, stderr: &["language `js` is not supported", NO_EXEC], not_stderr: &[], output: false },
    Case {
        file: "javascript.md",
        args: &[],
        exit: 1,
        stderr: &["language `javascript` is not supported", NO_EXEC],
        not_stderr: &[],
        output: false,
    },
    Case {
        file: "coffee.md",
        args: &[],
        exit: 1,
        stderr: &["language `coffee` is not supported", NO_EXEC],
        not_stderr: &[],
        output: false,
    },
    Case {
        file: "path-escape.md",
        args: &[],
        exit: 0,
        stderr: &[
            "stylesheet `../../outside.css` is not used: it is outside the document's folder",
            "`dest` is ignored for safety",
            "`pdf_options.path` is ignored for safety",
            "image `../../secret.png` is shown as its alt text: it is outside",
            "image `/etc/passwd` is shown as its alt text: absolute paths are refused",
            "image `file:///etc/passwd` is shown as its alt text: `file:` URLs are refused",
            "image `%2e%2e/%2e%2e/secret.png` is shown as its alt text: it is outside",
        ],
        not_stderr: &["error"],
        output: true,
    },
    Case {
        file: "svg-refs.md",
        args: &[],
        exit: 0,
        stderr: &["image `xxe.svg` is shown as its alt text: not a valid SVG", "unknown entity"],
        not_stderr: &["evil.svg"],
        output: true,
    },
    Case {
        file: "huge-image.md",
        args: &[],
        exit: 0,
        stderr: &["100000 x 100000 pixels, more than the limit"],
        not_stderr: &["error"],
        output: true,
    },
    Case {
        file: "huge-table.md",
        args: &[],
        exit: 0,
        stderr: &["a table with 300 columns keeps only the first 200"],
        not_stderr: &["error"],
        output: true,
    },
    Case {
        file: "broken-utf8.md",
        args: &[],
        exit: 0,
        stderr: &["broken-utf8.md:4:8: warning: the file is not valid UTF-8", "first on line 4"],
        not_stderr: &["error"],
        output: true,
    },
    Case { file: "utf16le.md", args: &["--deny-warnings"], exit: 0, stderr: &[], not_stderr: &["warning", "error"], output: true },
    Case { file: "utf16be.md", args: &["--deny-warnings"], exit: 0, stderr: &[], not_stderr: &["warning", "error"], output: true },
    Case { file: "bom-crlf.md", args: &["--deny-warnings"], exit: 0, stderr: &[], not_stderr: &["warning", "error"], output: true },
    Case { file: "cr-only.md", args: &["--deny-warnings"], exit: 0, stderr: &[], not_stderr: &["warning", "error"], output: true },
    Case {
        file: "mojibake.md",
        args: &[],
        exit: 0,
        stderr: &["looks like mojibake", "--fix-encoding"],
        not_stderr: &["error"],
        output: true,
    },
    Case {
        file: "mojibake.md",
        args: &["--fix-encoding", "--deny-warnings"],
        exit: 0,
        stderr: &["repaired 3 mojibake sequences"],
        not_stderr: &["warning", "error"],
        output: true,
    },
    Case { file: "unclosed-tags.md", args: &[], exit: 0, stderr: &[], not_stderr: &["error"], output: true },
    Case {
        file: "nul-bytes.md",
        args: &[],
        exit: 0,
        stderr: &["nul-bytes.md:1:6: warning: the file contains NUL bytes (first on line 1)"],
        not_stderr: &["error"],
        output: true,
    },
    Case { file: "control-chars.md", args: &[], exit: 0, stderr: &[], not_stderr: &["error"], output: true },
    Case {
        file: "front-matter-network.md",
        args: &[],
        exit: 0,
        stderr: &["unknown front-matter key `allow_remote`", "unknown front-matter key `allow_path`", "remote images are not fetched"],
        not_stderr: &["error"],
        output: true,
    },
];

/// Runs the binary in `dir/sub` within [`BOUNDS`], failing the test if it breaks them.
#[track_caller]
fn bounded(dir: &TestDir, sub: &str, args: &[&str]) -> Output {
    let run = run_bounded(&dir.command_in(sub, args), BOUNDS);
    if let Some(why) = run.broken() {
        panic!("cvpdf {args:?} {why}; stderr:\n{}", stderr(&run.output));
    }
    run.output
}

/// Copies the corpus into `root/a/b/` and puts bait files two folders up.
fn corpus(dir: &TestDir) {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    for entry in fs::read_dir(src).expect("tests/hostile") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        dir.write(&format!("a/b/{name}"), fs::read(entry.path()).expect("read corpus file"));
    }
    dir.write("secret.png", png(4, 4, "SECRET-MARKER-PNG"));
    dir.write("outside.css", "body { color: red } /* SECRET-MARKER-CSS */");
}

#[test]
fn hostile_corpus_has_a_row_for_every_file() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    for entry in fs::read_dir(src).expect("tests/hostile") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            assert!(CASES.iter().any(|c| c.file == name), "{name} has no row in CASES");
        }
    }
}

#[test]
fn hostile_corpus_gives_the_expected_outcomes() {
    let dir = TestDir::sealed("corpus");
    corpus(&dir);
    let mut failures = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let out_name = format!("out-{i}.pdf");
        let mut args: Vec<&str> = case.args.to_vec();
        args.extend([case.file, "-o", &out_name]);
        let run = run_bounded(&dir.command_in("a/b", &args), BOUNDS);
        let (out, took) = (&run.output, run.took);
        let err = stderr(out);
        let pdf = fs::read(dir.path(&format!("a/b/{out_name}"))).ok();
        let mut problems: Vec<String> = run.broken().into_iter().collect();
        if code(out) != case.exit {
            problems.push(format!("exit {} (want {})", code(out), case.exit));
        }
        for s in case.stderr {
            if !err.contains(s) {
                problems.push(format!("stderr lacks `{s}`"));
            }
        }
        for s in case.not_stderr {
            if err.contains(s) {
                problems.push(format!("stderr has `{s}`"));
            }
        }
        if pdf.is_some() != case.output {
            problems.push(format!("output exists: {} (want {})", pdf.is_some(), case.output));
        }
        if let Some(pdf) = &pdf {
            if !pdf.starts_with(b"%PDF-") {
                problems.push("output is not a PDF".into());
            }
            for bait in [&b"SECRET-MARKER"[..], b"root:"] {
                if contains_bytes(pdf, bait) {
                    problems.push(format!("the PDF contains `{}`", String::from_utf8_lossy(bait)));
                }
            }
        }
        if took > Duration::from_secs(20) {
            problems.push(format!("took {took:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{} {:?}: {}\n{err}", case.file, case.args, problems.join("; ")));
        }
    }
    for owned in ["/tmp/cvpdf-hostile-owned.pdf", "/tmp/cvpdf-hostile-owned2.pdf"] {
        if std::path::Path::new(owned).exists() {
            failures.push(format!("front matter chose the output path {owned}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// An SVG's own references (`../../secret.png`, `/etc/passwd`, `http://`) are never
/// followed: the SVG is drawn without them.
#[test]
fn svg_references_are_not_followed() {
    let dir = TestDir::sealed("svg");
    corpus(&dir);
    let out = bounded(&dir, "a/b", &["svg-refs.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let pdf = fs::read(dir.path("a/b/svg-refs.pdf")).expect("pdf");
    for image in [&b"/Subtype /Image"[..], b"/Subtype/Image"] {
        assert!(!contains_bytes(&pdf, image), "an image from outside was embedded");
    }
}

#[test]
fn a_symlink_out_of_the_folder_is_refused_unless_allowed() {
    let dir = TestDir::sealed("symlink");
    dir.write("secret.png", png(4, 4, "SECRET-MARKER-PNG"));
    dir.write("cv/resume.md", "# Sam Placeholder\n\n<img src=\"link.png\" alt=\"Linked\">\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path("secret.png"), dir.path("cv/link.png")).expect("symlink");
    #[cfg(not(unix))]
    return;
    let out = bounded(&dir, "cv", &["resume.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("image `link.png` is shown as its alt text: it is outside"), "{}", stderr(&out));
    assert!(!contains_bytes(&fs::read(dir.path("cv/resume.pdf")).expect("pdf"), b"SECRET-MARKER"));
    // `--allow-path` widens it (the command line can; front matter cannot).
    let out = bounded(&dir, "cv", &["--allow-path", "..", "--deny-warnings", "resume.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn an_absolute_path_needs_allow_path() {
    let dir = TestDir::sealed("absolute");
    let img = dir.write("elsewhere/photo.png", png(4, 4, "x"));
    dir.write("cv/resume.md", format!("# Sam Placeholder\n\n<img src=\"{}\" alt=\"Abs\">\n", img.display()));
    let out = bounded(&dir, "cv", &["resume.md"]);
    assert!(stderr(&out).contains("absolute paths are refused"), "{}", stderr(&out));
    let allowed = dir.path("elsewhere");
    let out = bounded(&dir, "cv", &["--allow-path", allowed.to_str().expect("utf-8 path"), "--deny-warnings", "resume.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

#[test]
fn five_thousand_pages_are_an_error() {
    let dir = TestDir::sealed("pages");
    let doc = "x\n\n<div class=\"page-break\"></div>\n\n".repeat(5000);
    dir.write("long.md", format!("# Sam Placeholder\n\n{doc}"));
    let out = bounded(&dir, ".", &["long.md"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("more than the limit of 2000"), "{}", stderr(&out));
    assert!(!dir.path("long.pdf").exists());
}

#[test]
fn front_matter_over_64_kb_is_an_error() {
    let dir = TestDir::sealed("fm-size");
    let filler: String = (0..3000).map(|i| format!("k{i}: value number {i}\n")).collect();
    dir.write("big.md", format!("---\n{filler}---\n# Sam Placeholder\n"));
    let out = bounded(&dir, ".", &["big.md"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("the front matter is larger than 64 KB"), "{}", stderr(&out));
}

#[test]
fn input_over_10_mb_is_an_error() {
    let dir = TestDir::sealed("input-size");
    dir.write("huge.md", "a".repeat(cvpdf::MAX_INPUT_BYTES + 10));
    let out = bounded(&dir, ".", &["huge.md"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("is larger than 10 MB"), "{}", stderr(&out));
    assert!(!dir.path("huge.pdf").exists());
}

#[test]
fn a_deadline_stops_a_render() {
    let body = "A paragraph of fictional text for the deadline.\n\n".repeat(200);
    let options = cvpdf::Options { deadline: Some(Duration::ZERO), ..cvpdf::Options::default() };
    let result = cvpdf::render(&body, &options);
    let errors = result.output.expect_err("a zero deadline is exceeded");
    assert!(errors[0].message.contains("rendering took longer than 0 ms"), "{errors:?}");
}

/// SIGKILL at any moment leaves the previous PDF byte-identical; the next run leaves
/// no temporary files, even ones a killed run left behind.
#[test]
fn killing_a_render_keeps_the_previous_pdf() {
    let dir = TestDir::sealed("kill");
    dir.write("cv.md", "# Sam Placeholder\n\nThe first version.\n");
    let out = bounded(&dir, ".", &["cv.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let before = fs::read(dir.path("cv.pdf")).expect("first pdf");
    let long: String = (0..3000).map(|i| format!("Paragraph {i} of a long fictional résumé, with enough words to wrap.\n\n")).collect();
    dir.write("cv.md", format!("# Sam Placeholder\n\n{long}"));
    for delay in [20u64, 80, 200, 400, 800, 1500] {
        let mut child = dir.command(&["cv.md"]).spawn().expect("spawn");
        std::thread::sleep(Duration::from_millis(delay));
        let finished = child.try_wait().expect("try_wait").is_some();
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        let now = fs::read(dir.path("cv.pdf")).expect("pdf still there");
        if finished {
            break; // it won the race; the kill tested nothing more
        }
        assert_eq!(now, before, "killed after {delay} ms, the old PDF changed");
    }
    // A leftover from a killed run whose process is gone.
    dir.write(".cv.pdf.cvpdf-tmp-4000000000", b"half a PDF");
    let out = bounded(&dir, ".", &["cv.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let listing = dir.listing(".");
    assert!(listing.iter().all(|n| !n.contains("cvpdf-tmp")), "{listing:?}");
    assert_ne!(fs::read(dir.path("cv.pdf")).expect("new pdf"), before);
}

/// The harness itself: a run past its wall-clock bound is killed and reported, and
/// the memory limit reaches the binary.
#[test]
fn the_bounds_stop_a_runaway() {
    let dir = TestDir::sealed("bounds");
    let long: String = (0..3000).map(|i| format!("Paragraph {i} of a long fictional résumé.\n\n")).collect();
    dir.write("cv.md", &long);
    let run = run_bounded(&dir.command(&["cv.md"]), common::Bounds { wall: Duration::from_millis(1), ..BOUNDS });
    assert!(run.timed_out && run.broken().is_some(), "{:?}", run.output.status);
    let run = run_bounded(&dir.command(&["cv.md"]), common::Bounds { memory_kib: 20_000, ..BOUNDS });
    assert!(code(&run.output) != 0 || run.broken().is_some(), "20 MB of address space is too little for a render");
    let run = run_bounded(&dir.command(&["cv.md"]), BOUNDS);
    assert!(run.broken().is_none() && code(&run.output) == 0, "{}", stderr(&run.output));
}

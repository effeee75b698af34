//! End-to-end tests of the `cvpdf` binary for people and for CI: many inputs, watch,
//! `check`, message formats, exit codes, configuration files and completions (the CI
//! recipes in `examples/ci/` are in `ci_scripts`). Every document here is fictional.

use crate::common;

use std::fs;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{assert_exit, info_field, stderr, stdout, TestDir};

fn is_pdf(path: &Path) -> bool {
    fs::read(path).is_ok_and(|b| b.starts_with(b"%PDF-"))
}

/// The first page's width and height in points, rounded.
fn page_size(pdf: &Path) -> (i64, i64) {
    let text = info_field(pdf, "Page size");
    let nums: Vec<f64> = text.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (nums[0].round() as i64, nums[1].round() as i64)
}

const RESUME: &str = "---\ntitle: Jordan Sample\n---\n# Jordan Sample\n\nPlatform engineer in Sampleville. \
    [Portfolio](https://example.org/jordan)\n\n## Experience\n\n- Kept the sample service running.\n";
const UNKNOWN_KEY: &str = "---\ntitel: Typo\n---\n# Riley Placeholder\n\nText.\n";
const BAD_YAML: &str = "---\ntitle: a: b\n---\n# Broken\n";

fn long_document(max_pages: u32) -> String {
    let mut s = format!("---\nmax_pages: {max_pages}\n---\n# Casey Fictional\n\n");
    for i in 0..120 {
        s.push_str(&format!("Paragraph {i}: an invented achievement at an invented company.\n\n"));
    }
    s
}

// ---------------------------------------------------------------------------------------
// Many inputs, streams
// ---------------------------------------------------------------------------------------

#[test]
fn several_files_into_a_folder() {
    let dir = TestDir::new("batch");
    dir.write("a.md", RESUME);
    dir.write("b.md", UNKNOWN_KEY);
    dir.write("docs/c.md", RESUME);
    let out = dir.run(&["a.md", "b.md", "docs/c.md", "-o", "out/"]);
    assert_exit(&out, 0);
    for name in ["a", "b", "c"] {
        assert!(is_pdf(&dir.path(&format!("out/{name}.pdf"))), "out/{name}.pdf");
    }
    let err = stderr(&out);
    assert!(err.contains("rendered 3 files of 3 (1 warning) in "), "summary: {err}");
    // An existing folder works without the trailing slash.
    let out = dir.run(&["a.md", "b.md", "-o", "out"]);
    assert_exit(&out, 0);
}

#[test]
fn several_inputs_with_a_file_output_is_a_usage_error() {
    let dir = TestDir::new("batch-usage");
    dir.write("a.md", RESUME);
    dir.write("b.md", RESUME);
    let out = dir.run(&["a.md", "b.md", "-o", "both.pdf"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("-o must be a folder"), "{}", stderr(&out));
    assert!(!dir.path("both.pdf").exists());
}

#[test]
fn stdin_to_stdout() {
    let dir = TestDir::new("stdin");
    let out = dir.run_with_stdin(&["-"], RESUME.as_bytes());
    assert_exit(&out, 0);
    assert!(out.stdout.starts_with(b"%PDF-"), "stdout is a PDF");
}

#[test]
fn a_reader_that_stops_reading_is_not_an_error() {
    // `cvpdf cv.md -o - | head -c 5`: the pipe is closed before the PDF is written.
    let dir = TestDir::new("closed-pipe");
    dir.write("cv.md", RESUME);
    let mut child =
        dir.command(&["cv.md", "-o", "-"]).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_exit(&out, 0);
    assert!(!stderr(&out).contains("failed to write"), "{}", stderr(&out));
}

#[test]
fn failing_render_in_a_batch_leaves_the_old_pdf() {
    let dir = TestDir::new("batch-fail");
    dir.write("good.md", RESUME);
    dir.write("bad.md", BAD_YAML);
    dir.write("out/bad.pdf", "old PDF");
    let out = dir.run(&["good.md", "bad.md", "-o", "out/"]);
    assert_exit(&out, 1);
    assert_eq!(fs::read(dir.path("out/bad.pdf")).unwrap(), b"old PDF");
    assert!(is_pdf(&dir.path("out/good.pdf")));
    let names: Vec<_> = fs::read_dir(dir.path("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
}

// ---------------------------------------------------------------------------------------
// Exit codes and message formats
// ---------------------------------------------------------------------------------------

#[test]
fn exit_codes() {
    let dir = TestDir::new("exit");
    dir.write("ok.md", RESUME);
    dir.write("warn.md", UNKNOWN_KEY);
    dir.write("bad.md", BAD_YAML);
    assert_exit(&dir.run(&["ok.md"]), 0);
    assert_exit(&dir.run(&["warn.md"]), 0);
    assert_exit(&dir.run(&["bad.md"]), 1);
    assert_exit(&dir.run(&["--no-such-flag", "ok.md"]), 2);
    assert_exit(&dir.run(&["--format", "B7", "ok.md"]), 2);
    assert_exit(&dir.run(&["--deny-warnings", "warn.md"]), 3);
    assert_exit(&dir.run(&["check", "--deny-warnings", "warn.md"]), 3);
    assert_exit(&dir.run(&["--deny-warnings", "ok.md"]), 0);
    assert_exit(&dir.run(&["missing.md"]), 4);
    assert_exit(&dir.run(&["ok.md", "-o", "ok.md/x.pdf"]), 4);
    assert_exit(&dir.run(&["--stylesheet", "missing.css", "ok.md"]), 4);
    // I/O beats input errors beats warnings.
    assert_exit(&dir.run(&["bad.md", "missing.md", "warn.md", "-o", "out/"]), 4);
    let help = stdout(&dir.run(&["--help"]));
    for code in ["0  success", "1  errors in the input", "2  usage", "3  warnings", "4  I/O"] {
        assert!(help.contains(code), "--help documents `{code}`");
    }
}

#[test]
fn json_messages_parse_back() {
    let dir = TestDir::new("json");
    dir.write("cv.md", UNKNOWN_KEY);
    dir.write("bad.md", BAD_YAML);
    let out = dir.run(&["--message-format", "json", "cv.md"]);
    assert_exit(&out, 0);
    let lines: Vec<serde_json::Value> = stderr(&out).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let d = &lines[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "cv.md");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(1)));
    assert!(d["message"].as_str().unwrap().contains("titel"));
    assert_eq!(d["hints"][0], "did you mean `title`?");

    let out = dir.run(&["--message-format", "json", "bad.md", "missing.md", "-o", "out/"]);
    assert_exit(&out, 4);
    let lines: Vec<serde_json::Value> = stderr(&out).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert!(lines.iter().any(|d| d["severity"] == "error" && d["file"] == "bad.md" && d["line"] == 2));
    assert!(lines.iter().any(|d| d["file"] == "missing.md" && d["line"].is_null()));
}

#[test]
fn github_messages() {
    let dir = TestDir::new("github");
    dir.write("cv.md", UNKNOWN_KEY);
    dir.write("bad.md", BAD_YAML);
    let out = dir.run(&["--message-format", "github", "cv.md"]);
    assert_exit(&out, 0);
    let err = stderr(&out);
    assert_eq!(err.trim_end(), "::warning file=cv.md,line=2,col=1::unknown front-matter key `titel`%0Ahint: did you mean `title`?");
    // The default on GitHub Actions.
    let out = dir.run_env(&["bad.md"], &[("GITHUB_ACTIONS", "true")]);
    assert_exit(&out, 1);
    let err = stderr(&out);
    let line = err.lines().next().unwrap();
    assert!(line.starts_with("::error file=bad.md,line=2,col="), "{err}");
    let (props, message) = line[2..].split_once("::").expect("::error props::message");
    assert!(props.starts_with("error file="));
    assert!(!message.is_empty());
}

#[test]
fn no_color_disables_colour() {
    let dir = TestDir::new("color");
    dir.write("cv.md", UNKNOWN_KEY);
    let forced = dir.run_env(&["cv.md"], &[("CLICOLOR_FORCE", "1")]);
    assert!(stderr(&forced).contains("\x1b["), "forced colour: {}", stderr(&forced));
    let plain = dir.run_env(&["cv.md"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!stderr(&plain).contains('\x1b'), "NO_COLOR: {:?}", stderr(&plain));
    assert!(stderr(&plain).starts_with("cv.md:2:1: warning: unknown front-matter key `titel`"));
    // Not a terminal: no colour either.
    assert!(!stderr(&dir.run(&["cv.md"])).contains('\x1b'));
}

// ---------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------

#[test]
fn check_catches_more_pages_than_max_pages() {
    let dir = TestDir::new("check-pages");
    dir.write("long.md", long_document(1));
    let out = dir.run(&["check", "long.md"]);
    assert_exit(&out, 1);
    assert!(stderr(&out).contains("more than `max_pages: 1`"), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("long.md:2:1: error:"), "points at the key: {}", stderr(&out));
    assert!(!dir.path("long.pdf").exists(), "check writes nothing");
    dir.write("ok.md", long_document(10));
    assert_exit(&dir.run(&["check", "ok.md"]), 0);
}

#[test]
fn check_reports_facts() {
    let dir = TestDir::new("check-report");
    let doc = "---\npdf_options:\n  footerTemplate: '<span>sam@example.net</span>'\n---\n# Sam Invented\n\n\
        [Site](https://example.com/sam)\n";
    dir.write("cv.md", doc);
    let out = dir.run(&["check", "cv.md"]);
    assert_exit(&out, 0);
    let report = stdout(&out);
    assert!(report.starts_with("cv.md: 1 page\n"), "{report}");
    assert!(report.contains("fonts: Roboto"), "{report}");
    assert!(report.contains("https://example.com/sam"), "{report}");
    assert!(report.contains("e-mail address is only in the header or footer"), "{report}");
    let out = dir.run(&["check", "--message-format", "json", "cv.md"]);
    let json: serde_json::Value = serde_json::from_str(stdout(&out).trim()).expect("JSON report");
    assert_eq!(json["pages"], 1);
    assert_eq!(json["links"][0], "https://example.com/sam");
    assert!(!dir.path("cv.pdf").exists());
}

// ---------------------------------------------------------------------------------------
// watch
// ---------------------------------------------------------------------------------------

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until `f` holds, for at most `limit`.
fn poll(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    f()
}

#[test]
fn watch_renders_again_after_a_change() {
    let dir = TestDir::new("watch");
    dir.write("cv.md", "---\nstylesheet: cv.css\n---\n# Morgan Madeup\n\nFirst version.\n");
    dir.write("cv.css", "h1 { color: #000 }\n");
    let pdf = dir.path("cv.pdf");
    let child = dir.command(&["--watch", "cv.md"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
    let _guard = Killed(child);
    assert!(poll(Duration::from_secs(20), || is_pdf(&pdf)), "first render");
    // Let the watcher settle after the first render.
    std::thread::sleep(Duration::from_millis(300));

    let first = fs::read(&pdf).unwrap();
    dir.write("cv.md", "---\nstylesheet: cv.css\n---\n# Morgan Madeup\n\nSecond version, longer.\n");
    assert!(
        poll(Duration::from_secs(2), || fs::read(&pdf).is_ok_and(|b| b != first && is_pdf(&pdf))),
        "re-rendered after the Markdown changed"
    );

    let second = fs::read(&pdf).unwrap();
    dir.write("cv.css", "h1 { color: #c00 }\n");
    assert!(
        poll(Duration::from_secs(2), || fs::read(&pdf).is_ok_and(|b| b != second && is_pdf(&pdf))),
        "re-rendered after the stylesheet changed"
    );

    // An error keeps the last good PDF.
    std::thread::sleep(Duration::from_millis(200));
    let good = fs::read(&pdf).unwrap();
    dir.write("cv.md", BAD_YAML);
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(fs::read(&pdf).unwrap(), good);
}

/// A missing image (in a folder not made yet) and a missing stylesheet were never
/// looked at again: only files a render read were watched.
#[test]
fn watch_renders_again_when_a_missing_file_appears() {
    let dir = TestDir::sealed("watch-missing");
    dir.write("cv.md", "---\nstylesheet: cv.css\n---\n# Morgan Madeup\n\n![Portrait](img/photo.png)\n");
    let pdf = dir.path("cv.pdf");
    let child = dir.command(&["--watch", "cv.md"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn");
    let mut guard = Killed(child);
    assert!(poll(Duration::from_secs(20), || is_pdf(&pdf)), "first render, with warnings");
    std::thread::sleep(Duration::from_millis(300));

    let first = fs::read(&pdf).unwrap();
    dir.write("img/photo.png", common::png(8, 8, "watched-photo"));
    assert!(
        poll(Duration::from_secs(3), || fs::read(&pdf).is_ok_and(|b| b != first && is_pdf(&pdf))),
        "re-rendered once the image and its folder appeared"
    );
    std::thread::sleep(Duration::from_millis(300));
    let second = fs::read(&pdf).unwrap();
    dir.write("cv.css", "h1 { color: #c00 }\n");
    assert!(
        poll(Duration::from_secs(3), || fs::read(&pdf).is_ok_and(|b| b != second && is_pdf(&pdf))),
        "re-rendered once the stylesheet appeared"
    );

    // The last "wrote" line follows the rename; then no render more (nothing changed).
    std::thread::sleep(Duration::from_millis(500));
    let _ = guard.0.kill();
    let mut err = String::new();
    std::io::Read::read_to_string(guard.0.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert_eq!(err.matches("cvpdf: wrote cv.pdf").count(), 3, "{err}");
}

// ---------------------------------------------------------------------------------------
// Configuration and flags
// ---------------------------------------------------------------------------------------

#[test]
fn config_front_matter_and_flags_in_that_order() {
    let dir = TestDir::new("config");
    dir.write("cvpdf.toml", "format = \"A5\"\ntitle = \"From config\"\n");
    dir.write("cv/plain.md", "# Quinn Fictitious\n\nNo front matter.\n");
    dir.write("cv/own.md", "---\ndocument_title: From front matter\npdf_options:\n  format: Letter\n---\n# Quinn\n");
    assert_exit(&dir.run(&["cv/plain.md", "cv/own.md", "-o", "out/"]), 0);
    // Config under everything.
    assert_eq!(page_size(&dir.path("out/plain.pdf")), (420, 595), "A5 from config");
    assert_eq!(info_field(&dir.path("out/plain.pdf"), "Title"), "From config");
    // Front matter over the config.
    assert_eq!(page_size(&dir.path("out/own.pdf")), (612, 792), "Letter from front matter");
    assert_eq!(info_field(&dir.path("out/own.pdf"), "Title"), "From front matter");
    // Flags over the front matter.
    assert_exit(&dir.run(&["cv/own.md", "--format", "A4", "--landscape", "--title", "From flag", "-o", "flag.pdf"]), 0);
    assert_eq!(page_size(&dir.path("flag.pdf")), (842, 595), "A4 landscape from flags");
    assert_eq!(info_field(&dir.path("flag.pdf"), "Title"), "From flag");
    // --no-config ignores the file.
    assert_exit(&dir.run(&["cv/plain.md", "--no-config", "-o", "plain.pdf"]), 0);
    assert_eq!(page_size(&dir.path("plain.pdf")), (595, 842), "A4 built in");
    // A bad config file is an error in the input.
    dir.write("cv/.cvpdf.yaml", "colour: red\n");
    let out = dir.run(&["cv/plain.md"]);
    assert_exit(&out, 1);
    assert!(stderr(&out).contains(".cvpdf.yaml"), "{}", stderr(&out));
}

#[test]
fn settings_sit_under_and_over_the_front_matter() {
    use cvpdf::front_matter::{format_size, parse_with, Settings};
    let defaults = Settings { format: format_size("A5"), max_pages: Some(3), css: Some("a{}".into()), ..Settings::default() };
    let doc = "---\npdf_options:\n  landscape: true\ncss: 'b{}'\nmax_pages: 2\n---\n# x\n";
    let fm = parse_with(doc, &defaults, &Settings::default()).output.unwrap();
    let a5 = format_size("A5").unwrap();
    assert_eq!((fm.page.size.width, fm.page.size.height), (a5.height, a5.width), "A5 from defaults, landscape from the document");
    assert_eq!((fm.max_pages, fm.css.as_deref()), (Some(2), Some("b{}")));
    let overrides = Settings { landscape: Some(false), css: Some("c{}".into()), ..Settings::default() };
    let fm = parse_with(doc, &defaults, &overrides).output.unwrap();
    assert_eq!((fm.page.size.width, fm.page.size.height), (a5.width, a5.height), "portrait from the flag");
    assert_eq!(fm.css.as_deref(), Some("b{}\nc{}"), "flag CSS comes after the document's");
    let fm = parse_with("# no front matter\n", &defaults, &Settings::default()).output.unwrap();
    assert_eq!((fm.page.size, fm.max_pages), (a5, Some(3)));
    let bad = parse_with("---\nmax_pages: 0\n---\n", &Settings::default(), &Settings::default());
    assert!(bad.output.is_err());
}

// ---------------------------------------------------------------------------------------
// Helpers for people
// ---------------------------------------------------------------------------------------

#[test]
fn completions_and_man_page() {
    let dir = TestDir::new("completions");
    let bash = dir.run(&["completions", "bash"]);
    assert_exit(&bash, 0);
    assert!(stdout(&bash).contains("complete"), "bash completion");
    for shell in ["zsh", "fish", "powershell"] {
        let out = dir.run(&["completions", shell]);
        assert_exit(&out, 0);
        assert!(stdout(&out).contains("cvpdf"), "{shell} completion");
    }
    let man = dir.run(&["man"]);
    assert_exit(&man, 0);
    let text = stdout(&man);
    assert!(text.starts_with(".TH") || text.starts_with(".ie"), "roff: {}", &text[..40.min(text.len())]);
    assert!(text.contains("deny\\-warnings") || text.contains("deny-warnings"));
}

#[test]
fn init_themes_fonts() {
    let dir = TestDir::new("init");
    assert_exit(&dir.run(&["init"]), 0);
    let starter = fs::read_to_string(dir.path("resume.md")).unwrap();
    assert!(starter.contains("# pdf_options") || starter.contains("pdf_options:"));
    assert_exit(&dir.run(&["init"]), 2);
    assert_eq!(fs::read_to_string(dir.path("resume.md")).unwrap(), starter, "never overwritten");
    assert_exit(&dir.run(&["check", "--deny-warnings", "resume.md"]), 0);
    assert_exit(&dir.run(&["resume.md"]), 0);
    assert_exit(&dir.run(&["init", "other.md"]), 0);

    let themes = stdout(&dir.run(&["themes"]));
    assert!(themes.lines().any(|l| l == "github"), "{themes}");
    let fonts = stdout(&dir.run(&["fonts"]));
    assert!(fonts.contains("Roboto-Regular"), "{fonts}");
}

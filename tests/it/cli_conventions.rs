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

// ---------------------------------------------------------------------------------------
// Item 5: --color, -q/--quiet
// ---------------------------------------------------------------------------------------

/// An unknown front-matter key: a warning, and the PDF is still written.
const UNKNOWN_KEY: &str = "---\ntitel: Typo\n---\n# Riley Placeholder\n\nA fictional designer.\n";

/// Front matter that does not parse: an error, no PDF.
const BAD_YAML: &str = "---\ntitle: a: b\n---\n# Broken Example\n";

#[test]
fn color_flag_overrides_the_environment() {
    let dir = TestDir::new("color");
    dir.write("cv.md", UNKNOWN_KEY);
    let escapes = |args: &[&str], env: &[(&str, &str)]| {
        let out = dir.run_env(&sealed(args), env);
        assert_exit(&out, 0);
        assert!(stderr(&out).contains("unknown front-matter key `titel`"), "{}", stderr(&out));
        stderr(&out).contains('\u{1b}')
    };
    // auto: never into a pipe, unless CLICOLOR_FORCE; NO_COLOR wins over it.
    assert!(!escapes(&["cv.md"], &[]), "no colour into a pipe");
    assert!(escapes(&["cv.md"], &[("CLICOLOR_FORCE", "1")]), "CLICOLOR_FORCE forces colour");
    assert!(!escapes(&["cv.md"], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]), "NO_COLOR wins");
    assert!(!escapes(&["--color", "auto", "cv.md"], &[("NO_COLOR", "1")]));
    // always and never: whatever the environment says.
    assert!(escapes(&["--color", "always", "cv.md"], &[("NO_COLOR", "1")]), "--color always beats NO_COLOR");
    assert!(escapes(&["check", "--color", "always", "cv.md"], &[]), "check takes it too");
    assert!(!escapes(&["--color", "never", "cv.md"], &[("CLICOLOR_FORCE", "1")]), "--color never beats CLICOLOR_FORCE");
    let out = dir.run(&["--color", "sometimes", "cv.md"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("invalid value 'sometimes' for '--color <WHEN>'"), "{}", stderr(&out));
    assert!(stderr(&out).contains("[possible values: auto, always, never]"), "{}", stderr(&out));
}

#[test]
fn quiet_prints_only_errors() {
    let dir = TestDir::new("quiet");
    dir.write("warn.md", UNKNOWN_KEY);
    dir.write("bad.md", BAD_YAML);
    dir.write("ok.md", PLAIN);
    // A warning is not printed; the PDF is written.
    let out = dir.run(&sealed(&["-q", "warn.md"]));
    assert_exit(&out, 0);
    assert_eq!(stderr(&out), "");
    assert!(fs::read(dir.path("warn.pdf")).unwrap().starts_with(b"%PDF-"));
    // No summary or progress in a batch either.
    let out = dir.run(&sealed(&["--quiet", "warn.md", "ok.md", "-o", "out/"]));
    assert_exit(&out, 0);
    assert_eq!(stderr(&out), "");
    assert_eq!(dir.listing("out"), ["ok.pdf", "warn.pdf"]);
    // Errors are still printed, and only they.
    let out = dir.run(&sealed(&["-q", "bad.md", "warn.md", "-o", "out2/"]));
    assert_exit(&out, 1);
    let err = stderr(&out);
    assert!(err.starts_with("bad.md:2:9: error: "), "{err}");
    assert!(!err.contains("warning") && !err.contains("rendered"), "{err}");
    // Under --deny-warnings, warnings fail, so they are printed.
    let out = dir.run(&sealed(&["-q", "--deny-warnings", "warn.md", "-o", "denied.pdf"]));
    assert_exit(&out, 3);
    assert!(stderr(&out).contains("warn.md:2:1: warning: unknown front-matter key `titel`"), "{}", stderr(&out));
    assert!(!dir.path("denied.pdf").exists());
    // check's report is on standard output, which -q leaves alone.
    let out = dir.run(&sealed(&["check", "-q", "warn.md"]));
    assert_exit(&out, 0);
    assert_eq!(stderr(&out), "");
    assert!(stdout(&out).starts_with("warn.md: 1 page"), "{}", stdout(&out));
    // -q and -v contradict each other.
    let out = dir.run(&sealed(&["-q", "-v", "ok.md"]));
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("'--quiet' cannot be used with '--verbose'"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// Item 5: --config
// ---------------------------------------------------------------------------------------

#[test]
fn config_names_the_file_instead_of_the_search() {
    let dir = TestDir::new("config-flag");
    dir.write("cvpdf.toml", "format = \"A5\"\n");
    dir.write("settings/letter.yaml", "format: Letter\ntitle: From the named file\n");
    dir.write("cv.md", PLAIN);
    dir.write("other.md", PLAIN);
    let flags = ["--no-system-fonts"];
    let size = |pdf: &str| common::info_field(&dir.path(pdf), "Page size");
    assert_exit(&dir.run(&[&flags[..], &["cv.md", "-o", "found.pdf"]].concat()), 0);
    assert!(size("found.pdf").starts_with("419.5"), "A5 from cvpdf.toml: {}", size("found.pdf"));
    let out = dir.run(&[&flags[..], &["--config", "settings/letter.yaml", "-v", "cv.md", "-o", "named.pdf"]].concat());
    assert_exit(&out, 0);
    assert!(size("named.pdf").starts_with("612 x 792"), "Letter from --config: {}", size("named.pdf"));
    assert_eq!(common::info_field(&dir.path("named.pdf"), "Title"), "From the named file");
    assert!(stderr(&out).contains("cvpdf: cv.md: configuration from `settings/letter.yaml`"), "{}", stderr(&out));
    // check reads it the same way.
    let out = dir.run(&["check", "--no-system-fonts", "--config", "settings/letter.yaml", "cv.md"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("  configuration: settings/letter.yaml\n"), "{}", stdout(&out));

    // A file that is not there is an error, said once, and nothing is written.
    let out = dir.run(&[&flags[..], &["--config", "nope.toml", "cv.md", "other.md", "-o", "out/"]].concat());
    assert_exit(&out, 4);
    assert_eq!(
        stderr(&out),
        "cvpdf: error: failed to read the configuration file `nope.toml` (No such file or directory) named by --config\n"
    );
    assert!(!dir.path("out").exists());
    let out = dir.run(&[&flags[..], &["--config", "settings", "cv.md", "-o", "folder.pdf"]].concat());
    assert_exit(&out, 4);
    assert!(stderr(&out).contains("`settings` (it is a folder, not a file)"), "{}", stderr(&out));
    assert!(!dir.path("folder.pdf").exists());
    // A bad one is an error in the input, naming it.
    dir.write("settings/bad.toml", "colour = \"red\"\n");
    let out = dir.run(&[&flags[..], &["--config", "settings/bad.toml", "cv.md", "-o", "bad.pdf"]].concat());
    assert_exit(&out, 1);
    assert!(stderr(&out).contains("settings/bad.toml") && stderr(&out).contains("colour"), "{}", stderr(&out));
    assert!(!dir.path("bad.pdf").exists());
    // --config and --no-config contradict each other.
    let out = dir.run(&["--config", "settings/letter.yaml", "--no-config", "cv.md"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("'--config <FILE>' cannot be used with '--no-config'"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// Item 5: no input, piped input, and never a PDF on a terminal
// ---------------------------------------------------------------------------------------

/// Runs `command` (a shell command line; `cvpdf` is the binary under test) in `dir`
/// on a pseudo-terminal, with `script` from util-linux: standard input, output and
/// error are the terminal unless the command line redirects them. What the terminal
/// showed comes back as stdout.
fn on_a_terminal(dir: &TestDir, command: &str) -> std::process::Output {
    let line = command.replacen("cvpdf", &format!("'{}'", common::BIN), 1);
    std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(dir.root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CI")
        .env("TERM", "dumb")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("`script` (util-linux) runs a command on a pseudo-terminal; install util-linux")
}

#[test]
fn no_input_prints_a_short_help_with_status_2() {
    let dir = TestDir::new("short-help");
    let short = |text: &str| {
        text.contains("Usage: cvpdf [OPTIONS] INPUT...")
            && text.contains("cvpdf check [OPTIONS] INPUT...")
            && text.contains("Try `cvpdf --help` for the options")
    };
    // Standard input the harness gives (`/dev/null`) has nothing to read.
    for args in [&[][..], &["check"], &["--format", "Letter"]] {
        let out = dir.run(args);
        assert_exit(&out, 2);
        assert!(short(&stderr(&out)), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Nor does a terminal.
    let out = on_a_terminal(&dir, "cvpdf");
    assert_exit(&out, 2);
    assert!(short(&stdout(&out)), "{}", stdout(&out));
    assert!(dir.listing(".").is_empty(), "{:?}", dir.listing("."));
}

#[test]
fn piped_input_is_read_without_a_dash() {
    let dir = TestDir::new("stdin-no-dash");
    let md = dir.write("cv.md", PLAIN);
    let out = dir.run_with_stdin(&sealed(&[]), PLAIN.as_bytes());
    assert_exit(&out, 0);
    assert!(out.stdout.starts_with(b"%PDF-"), "the PDF on stdout");
    assert_eq!(stderr(&out), "");
    // As a `-` would, the same bytes.
    let dash = dir.run_with_stdin(&sealed(&["-"]), PLAIN.as_bytes());
    assert_eq!(dash.stdout, out.stdout);
    // -o still chooses the file.
    assert_exit(&dir.run_with_stdin(&sealed(&["-o", "piped.pdf"]), PLAIN.as_bytes()), 0);
    assert_eq!(fs::read(dir.path("piped.pdf")).unwrap(), out.stdout);
    // Redirected from a file (`cvpdf < cv.md`), and into check.
    let from_file = dir.command(&sealed(&["-o", "redirected.pdf"])).stdin(fs::File::open(&md).unwrap()).output().unwrap();
    assert_exit(&from_file, 0);
    assert_eq!(fs::read(dir.path("redirected.pdf")).unwrap(), out.stdout);
    let check = dir.run_with_stdin(&sealed(&["check"]), PLAIN.as_bytes());
    assert_exit(&check, 0);
    assert!(stdout(&check).starts_with("<stdin>: 1 page\n"), "{}", stdout(&check));
    // --watch needs files.
    let out = dir.run_with_stdin(&sealed(&["--watch", "-o", "w.pdf"]), PLAIN.as_bytes());
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--watch needs files"), "{}", stderr(&out));
}

#[test]
fn a_pdf_is_never_written_to_a_terminal() {
    let dir = TestDir::new("no-pdf-on-tty");
    dir.write("cv.md", PLAIN);
    for command in ["cvpdf --no-system-fonts < cv.md", "cvpdf --no-system-fonts - < cv.md", "cvpdf --no-system-fonts cv.md -o -"] {
        let out = on_a_terminal(&dir, command);
        assert_exit(&out, 2);
        let shown = stdout(&out);
        assert!(shown.contains("error: standard output is a terminal, where a PDF is unreadable bytes; redirect it"), "{command}: {shown}");
        assert!(shown.contains("or pass `-o FILE`"), "{command}: {shown}");
        assert!(!shown.contains("%PDF"), "{command}: no PDF bytes on the terminal");
    }
    // Into a file, a terminal is no obstacle; nor is a redirect.
    assert_exit(&on_a_terminal(&dir, "cvpdf --no-system-fonts cv.md"), 0);
    assert!(fs::read(dir.path("cv.pdf")).unwrap().starts_with(b"%PDF-"));
    assert_exit(&on_a_terminal(&dir, "cvpdf --no-system-fonts < cv.md > piped.pdf"), 0);
    assert!(fs::read(dir.path("piped.pdf")).unwrap().starts_with(b"%PDF-"));
}

// ---------------------------------------------------------------------------------------
// Item 5: --css takes text, --stylesheet a file (as in md-to-pdf)
// ---------------------------------------------------------------------------------------

#[test]
fn css_takes_text_and_stylesheet_takes_a_file() {
    let dir = TestDir::new("css-text");
    dir.write("cv.md", PLAIN);
    dir.write("upper.css", "h1 { text-transform: uppercase }\n");
    dir.write("notes", "h1 color red\n");
    let text = |args: &[&str], pdf: &str| {
        let out = dir.run(&sealed(&[args, &["cv.md", "-o", pdf]].concat()));
        assert_exit(&out, 0);
        assert_eq!(stderr(&out), "", "{args:?}");
        common::pdftotext(&dir.path(pdf))
    };
    assert!(text(&[], "plain.pdf").contains("Robin Example"));
    assert!(text(&["--css", "h1 { text-transform: uppercase }"], "text.pdf").contains("ROBIN EXAMPLE"));
    assert!(text(&["--stylesheet", "upper.css"], "file.pdf").contains("ROBIN EXAMPLE"));
    // --css comes after --stylesheet, whatever the order typed.
    let both = text(&["--css", "h1 { text-transform: none }", "--stylesheet", "upper.css"], "both.pdf");
    assert!(both.contains("Robin Example"), "{both}");

    // A file given to --css (what it took before) is a usage error that names the fix.
    for (value, what) in [("upper.css", "an existing .css file"), ("gone.css", "a .css name"), ("notes", "an existing file")] {
        for check in [false, true] {
            let args = [&["--css", value][..], &["cv.md", "-o", "css-file.pdf"]].concat();
            let args = if check { [&["check"][..], &args[..3]].concat() } else { args };
            let out = dir.run(&sealed(&args));
            assert_exit(&out, 2);
            let expected = format!(
                "error: --css takes CSS text (as in md-to-pdf: `--css 'h1 {{ color: navy }}'`), not a file; \
                 to apply the file `{value}`, pass `--stylesheet {value}`"
            );
            assert!(stderr(&out).starts_with(&expected), "{what}, check: {check}: {}", stderr(&out));
            assert!(!dir.path("css-file.pdf").exists());
        }
    }
}

// ---------------------------------------------------------------------------------------
// Item 5: folders made for -o and init; init to standard output
// ---------------------------------------------------------------------------------------

#[test]
fn output_folders_are_created_when_the_pdf_is_written() {
    let dir = TestDir::new("output-parents");
    dir.write("cv.md", PLAIN);
    dir.write("bad.md", BAD_YAML);
    dir.write("warn.md", CJK_NAME);
    let out = dir.run(&sealed(&["cv.md", "-o", "a/b/c.pdf"]));
    assert_exit(&out, 0);
    assert_eq!(stderr(&out), "");
    assert!(fs::read(dir.path("a/b/c.pdf")).unwrap().starts_with(b"%PDF-"));
    // Only a written PDF gets folders: not a failed render, nor a denied one.
    let out = dir.run(&sealed(&["bad.md", "-o", "failed/x/bad.pdf"]));
    assert_exit(&out, 1);
    let out = dir.run(&sealed(&["--deny-warnings", "warn.md", "-o", "denied/x/warn.pdf"]));
    assert_exit(&out, 3);
    assert_eq!(dir.listing("."), ["a", "bad.md", "cv.md", "warn.md"]);
    // A file in the way is an I/O error that says so.
    let out = dir.run(&sealed(&["cv.md", "-o", "cv.md/x/c.pdf"]));
    assert_exit(&out, 4);
    assert_eq!(stderr(&out), "cvpdf: error: failed to write `cv.md/x/c.pdf` (`cv.md` is a file, not a folder)\n");
}

#[test]
fn init_makes_folders_and_writes_to_standard_output() {
    let dir = TestDir::new("init-parents");
    let out = dir.run(&["init", "cv/2026/resume.md"]);
    assert_exit(&out, 0);
    assert_eq!(stderr(&out), "cvpdf: wrote cv/2026/resume.md; render it with `cvpdf cv/2026/resume.md`\n");
    let starter = fs::read(dir.path("cv/2026/resume.md")).unwrap();
    assert!(String::from_utf8_lossy(&starter).contains("pdf_options"), "a starter résumé");
    // `-`: the same text on standard output, no file.
    let out = dir.run(&["init", "-"]);
    assert_exit(&out, 0);
    assert_eq!(out.stdout, starter);
    assert_eq!(stderr(&out), "");
    assert_eq!(dir.listing("."), ["cv"]);
    // Piped into a render, it makes a PDF.
    let render = dir.run_with_stdin(&sealed(&["-o", "starter.pdf"]), &out.stdout);
    assert_exit(&render, 0);
    assert!(fs::read(dir.path("starter.pdf")).unwrap().starts_with(b"%PDF-"));
    // A file in the way.
    dir.write("taken", "a file");
    let out = dir.run(&["init", "taken/resume.md"]);
    assert_exit(&out, 4);
    assert_eq!(stderr(&out), "cvpdf: error: failed to write `taken/resume.md` (`taken` is a file, not a folder)\n");
}

#[test]
fn help_and_man_page_name_the_new_flags() {
    let dir = TestDir::new("help-flags");
    let help = stdout(&dir.run(&["--help"]));
    let man = stdout(&dir.run(&["man"]));
    for flag in ["color", "quiet", "config", "stylesheet"] {
        assert!(help.contains(&format!("--{flag}")), "--help names --{flag}");
        assert!(man.contains(&format!("\\-\\-{flag}")), "the man page names --{flag}");
    }
    assert!(help.contains("--css <CSS>") && help.contains("CSS text applied after everything else"), "{help}");
    assert!(help.contains("3  warnings, with --deny-warnings (no PDF written)"), "{help}");
    let init = stdout(&dir.run(&["init", "--help"]));
    assert!(init.contains("or `-` for standard") && init.contains("missing folders are created"), "{init}");
}

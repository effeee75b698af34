//! Hostile input, round two, at the command line: outputs that are not regular files,
//! deep inputs in a batch, FIFOs named by a document, slow remote servers, floods of
//! diagnostics, control characters in what is echoed, configuration files from
//! strangers. Each test runs the binary with a wall-clock bound and kills it when the
//! bound passes, so that a regression fails instead of hanging.

use crate::common;

use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{assert_exit, code, qpdf_check, stderr, TestDir};

const CV: &str = "# Ada Quill\n\nStaff engineer. Builds quiet, durable systems.\n";

/// Runs a command under [`common::BOUNDS`]' memory limit and a wall-clock bound
/// `limit`: kills it and fails once `limit` passes.
fn run_bounded(cmd: Command, limit: Duration) -> (Output, Duration) {
    let run = common::run_bounded(&cmd, common::Bounds { wall: limit, ..common::BOUNDS });
    assert!(!run.timed_out, "cvpdf still ran after {limit:?}; killed\n{}", stderr(&run.output));
    (run.output, run.took)
}

fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-") && bytes.windows(5).any(|w| w == b"%%EOF")
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Reads a FIFO to its end on another thread (opening it blocks until a writer comes).
#[cfg(unix)]
fn drain(path: &Path) -> std::thread::JoinHandle<Vec<u8>> {
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Ok(mut f) = fs::File::open(&path) {
            let _ = f.read_to_end(&mut bytes);
        }
        bytes
    })
}

// ---------------------------------------------------------------------------------------
// 1. -o to something that is not a regular file
// ---------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn output_to_a_fifo_is_written_into_not_renamed_over() {
    use std::os::unix::fs::FileTypeExt;
    let dir = TestDir::sealed("out-fifo");
    dir.write("cv.md", CV);
    let fifo = dir.path("pipe.pdf");
    mkfifo(&fifo);
    let reader = drain(&fifo);
    let (out, _) = run_bounded(dir.command(&["cv.md", "-o", "pipe.pdf"]), Duration::from_secs(30));
    assert_exit(&out, 0);
    // Checked before joining: a reader of a FIFO that was renamed over waits forever.
    assert!(fs::symlink_metadata(&fifo).expect("still there").file_type().is_fifo(), "the FIFO was replaced");
    let bytes = reader.join().expect("reader");
    assert!(is_pdf(&bytes), "the reader got {} bytes, not a PDF", bytes.len());
    assert_eq!(dir.listing("."), ["cv.md", "pipe.pdf"], "no temporary file left");
}

#[cfg(unix)]
#[test]
fn output_to_a_symlink_to_a_fifo_writes_into_the_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = TestDir::sealed("out-fifo-link");
    dir.write("cv.md", CV);
    let fifo = dir.path("pipe");
    mkfifo(&fifo);
    std::os::unix::fs::symlink("pipe", dir.path("cv.pdf")).expect("symlink");
    let reader = drain(&fifo);
    let (out, _) = run_bounded(dir.command(&["cv.md", "-o", "cv.pdf"]), Duration::from_secs(30));
    assert_exit(&out, 0);
    assert!(fs::symlink_metadata(dir.path("cv.pdf")).unwrap().file_type().is_symlink(), "the link was replaced");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
    assert!(is_pdf(&reader.join().expect("reader")));
}

/// A character device: as root, a copy of the null device made in the test's own
/// folder (so that a regression deletes only that); otherwise `/dev/null` itself,
/// which an ordinary user cannot rename over (the old code failed there).
#[cfg(target_os = "linux")]
#[test]
fn output_to_a_character_device_is_written_into() {
    use std::os::unix::fs::FileTypeExt;
    let dir = TestDir::sealed("out-null");
    dir.write("cv.md", CV);
    let own = dir.path("null");
    let made = Command::new("mknod").arg(&own).args(["c", "1", "3"]).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
    let target = if made { own.clone() } else { Path::new("/dev/null").to_path_buf() };
    let (out, _) = run_bounded(dir.command(&["cv.md", "-o", target.to_str().unwrap()]), Duration::from_secs(30));
    assert_exit(&out, 0);
    assert!(fs::symlink_metadata(&target).unwrap().file_type().is_char_device(), "{} is no longer a device", target.display());
    assert!(fs::symlink_metadata("/dev/null").unwrap().file_type().is_char_device(), "/dev/null is no longer a device");
    if made {
        assert_eq!(dir.listing("."), ["cv.md", "null"], "no temporary file left");
    }
}

/// `/dev/fd/1` (what `/dev/stdout` leads to): the PDF comes out on standard output.
#[cfg(target_os = "linux")]
#[test]
fn output_to_a_descriptor_path_writes_to_that_descriptor() {
    let dir = TestDir::sealed("out-fd");
    dir.write("cv.md", CV);
    let (out, _) = run_bounded(dir.command(&["cv.md", "-o", "/dev/fd/1"]), Duration::from_secs(30));
    assert_exit(&out, 0);
    assert!(is_pdf(&out.stdout), "stdout has {} bytes, not a PDF; stderr:\n{}", out.stdout.len(), stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_regular_file_is_still_replaced_atomically_and_a_link_to_one_is_kept() {
    use std::os::unix::fs::MetadataExt;
    let dir = TestDir::sealed("out-regular");
    dir.write("cv.md", CV);
    let old = dir.write("cv.pdf", "old");
    let inode = fs::metadata(&old).unwrap().ino();
    assert_exit(&dir.run(&["cv.md"]), 0);
    assert_ne!(fs::metadata(&old).unwrap().ino(), inode, "replaced by a rename, not rewritten in place");
    qpdf_check(&old);

    dir.write("real/target.pdf", "old");
    std::os::unix::fs::symlink("real/target.pdf", dir.path("link.pdf")).unwrap();
    assert_exit(&dir.run(&["cv.md", "-o", "link.pdf"]), 0);
    assert!(fs::symlink_metadata(dir.path("link.pdf")).unwrap().file_type().is_symlink(), "the link was replaced by a file");
    assert!(is_pdf(&fs::read(dir.path("real/target.pdf")).unwrap()), "the link's target holds the PDF");
    assert_eq!(dir.listing("real"), ["target.pdf"], "no temporary file left");

    std::os::unix::fs::symlink("real/new.pdf", dir.path("dangling.pdf")).unwrap();
    assert_exit(&dir.run(&["cv.md", "-o", "dangling.pdf"]), 0);
    assert!(fs::symlink_metadata(dir.path("dangling.pdf")).unwrap().file_type().is_symlink());
    assert!(is_pdf(&fs::read(dir.path("real/new.pdf")).unwrap()));
}

// ---------------------------------------------------------------------------------------
// 2. A deep input in a batch or under --watch
// ---------------------------------------------------------------------------------------

fn deep_inputs(dir: &TestDir) {
    dir.write("good.md", CV);
    dir.write("spans.md", format!("{}deep{}\n", "<span>".repeat(5000), "</span>".repeat(5000)));
    dir.write("stars.md", format!("{}deep{}\n", "*".repeat(5000), "*".repeat(5000)));
}

/// A deep file overflowed a rayon thread's 2 MB stack and the whole batch died with
/// a signal, nothing said about the other files. Now each file gets its own result.
#[test]
fn a_deep_file_in_a_batch_does_not_take_the_others_down() {
    let dir = TestDir::sealed("deep-batch");
    deep_inputs(&dir);
    let (out, _) = run_bounded(dir.command(&["spans.md", "good.md", "stars.md"]), Duration::from_secs(60));
    let err = stderr(&out);
    assert!(out.status.code().is_some(), "killed by a signal: {:?}\n{err}", out.status);
    qpdf_check(&dir.path("good.pdf"));
    assert!(err.contains("of 3"), "the batch summary is printed:\n{err}");
    for deep in ["spans", "stars"] {
        let rendered = dir.path(&format!("{deep}.pdf")).exists();
        assert!(rendered || err.contains(&format!("{deep}.md")), "{deep}.md is neither rendered nor reported:\n{err}");
    }
    let ok = dir.path("spans.pdf").exists() && dir.path("stars.pdf").exists();
    assert_eq!(code(&out), if ok { 0 } else { 1 }, "{err}");
}

#[test]
fn a_deep_file_does_not_end_watch() {
    let dir = TestDir::sealed("deep-watch");
    deep_inputs(&dir);
    let mut child = dir.command(&["--watch", "spans.md", "stars.md", "good.md"]).stderr(Stdio::piped()).spawn().expect("run cvpdf");
    let pipe = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = String::new();
    let watching = loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(line) if line.contains("watching for changes") => break true,
            Ok(line) => seen.push_str(&(line + "\n")),
            Err(_) => break false,
        }
    };
    let died = child.try_wait().expect("wait").is_some();
    let _ = child.kill();
    let _ = child.wait();
    assert!(watching && !died, "--watch did not get to watching:\n{seen}");
    qpdf_check(&dir.path("good.pdf"));
}

// ---------------------------------------------------------------------------------------
// 10. FIFOs named by the document; slow remote servers
// ---------------------------------------------------------------------------------------

/// A FIFO as an image or a stylesheet blocked `read` forever (nobody writes to it).
#[cfg(unix)]
#[test]
fn a_fifo_image_or_stylesheet_is_refused_not_waited_for() {
    let dir = TestDir::sealed("fifo-input");
    mkfifo(&dir.path("photo.png"));
    mkfifo(&dir.path("style.css"));
    dir.write("cv.md", format!("---\nstylesheet: style.css\n---\n{CV}\n![Portrait](photo.png)\n"));
    let (out, _) = run_bounded(dir.command(&["cv.md"]), Duration::from_secs(30));
    let err = stderr(&out);
    assert_exit(&out, 0);
    assert!(err.contains("photo.png") && err.contains("style.css"), "{err}");
    assert_eq!(err.matches("a FIFO (named pipe), not a regular file").count(), 2, "{err}");
    qpdf_check(&dir.path("cv.pdf"));
}

/// A server that accepts connections and never answers.
fn silent_server() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().map_while(Result::ok) {
            counter.fetch_add(1, Ordering::SeqCst);
            held.push(stream);
        }
    });
    (port, hits)
}

/// Fetches ran one after another with 10 s each: six silent servers' images took a
/// minute against `--timeout 5`. They now share the render's deadline.
#[test]
fn slow_remote_images_share_the_render_timeout() {
    let dir = TestDir::sealed("slow-remote");
    let (port, hits) = silent_server();
    let images: String = (1..=6).map(|i| format!("![Logo {i}](http://127.0.0.1:{port}/logo{i}.png)\n\n")).collect();
    dir.write("cv.md", format!("{CV}\n{images}"));
    let cache = dir.path("cache");
    let args = ["cv.md", "--timeout", "5", "--allow-remote", "--allow-remote-host", "127.0.0.1", "--remote-cache", cache.to_str().unwrap()];
    let (out, elapsed) = run_bounded(dir.command(&args), Duration::from_secs(40));
    let err = stderr(&out);
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}:\n{err}");
    assert!(hits.load(Ordering::SeqCst) >= 1, "the server was asked");
    // Either every image is accounted for, or the render stopped at its deadline.
    assert!(err.contains("logo6.png") || err.contains("rendering took longer than 5000 ms"), "{err}");
    assert!(code(&out) == 0 || code(&out) == 1, "{err}");
}

// ---------------------------------------------------------------------------------------
// 11. Floods of diagnostics; 12. control characters in what is echoed
// ---------------------------------------------------------------------------------------

const FORMATS: [&str; 3] = ["human", "json", "github"];

/// Every diagnostic echoed the whole source line: 5,000 missing `#anchor` links on one
/// 76 KB line printed 440 MB. Now a window of the line, and at most ten alike.
#[test]
fn many_diagnostics_on_one_long_line_print_kilobytes() {
    let dir = TestDir::sealed("diag-flood");
    let links: Vec<String> = (0..3000).map(|i| format!("[item](#missing-{i})")).collect();
    dir.write("cv.md", format!("{CV}\n{}\n", links.join(" ")));
    for format in FORMATS {
        let (out, _) = run_bounded(dir.command(&["cv.md", "--message-format", format]), Duration::from_secs(60));
        let err = stderr(&out);
        assert_exit(&out, 0);
        assert!(out.stderr.len() < 16 * 1024, "{format}: {} bytes of diagnostics", out.stderr.len());
        // The style stage names 16 missing targets and counts the rest in one
        // warning; the binary prints 10 alike and counts the other 6.
        assert!(err.contains("6 more warnings like this one"), "{format}:\n{err}");
        assert!(err.contains("2984 more targets not in the document"), "{format}:\n{err}");
        assert_eq!(err.matches("link target `#missing-").count(), 10, "{format}:\n{err}");
    }
    let out = dir.run(&["cv.md", "--deny-warnings"]);
    assert_exit(&out, 3);
}

/// ESC, OSC, CR, C1 and bidi controls from the document and its file name reached
/// stderr raw (a CR can overwrite a warning in a CI log). Now they are escaped, in
/// every format, and the caret still stands under the span.
#[test]
fn control_and_bidi_characters_are_escaped_in_every_format() {
    let dir = TestDir::sealed("diag-controls");
    let name = "cv\u{202e}dm.\u{1b}[2J.md";
    let doc = "---\n\"\\e]0;owned\\a\\rall good\": 1\nti\u{9b}2Jtle\u{1b}[31m: x\n---\n# Ada\n\n[one](#a&#27;[31m) [two](#b&#13;fine) [three](#c\u{202e}d)\n";
    dir.write(name, doc);
    for format in FORMATS {
        let (out, _) = run_bounded(dir.command(&[name, "-o", "cv.pdf", "--message-format", format]), Duration::from_secs(30));
        assert_exit(&out, 0);
        // JSON doubles the backslash of an escape.
        let err = if format == "json" { stderr(&out).replace(r"\\", r"\") } else { stderr(&out) };
        for bad in ['\u{1b}', '\u{d}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!err.contains(bad), "{format}: {bad:?} reached stderr raw:\n{err}");
        }
        assert!(err.contains(r"\u{1b}]0;owned\u{7}\u{d}all good"), "{format}:\n{err}");
        assert!(err.contains(r"cv\u{202e}dm.\u{1b}[2J.md"), "{format}: the file name is escaped:\n{err}");
        assert!(err.contains(r"#a\u{1b}[31m") && err.contains(r"#b\u{d}fine"), "{format}:\n{err}");
    }
    // The carets count the escapes' width: from the key's first letter to its `:`.
    let out = dir.run(&[name, "-o", "cv.pdf"]);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(" 3 | ")).expect("line 3 shown");
    assert_eq!(lines[at], r" 3 | ti\u{9b}2Jtle\u{1b}[31m: x");
    let colon = lines[at].find(':').expect("colon");
    assert_eq!(lines[at + 1], format!("   | {}", "^".repeat(colon + 1 - " 3 | ".len())), "{err}");
}

// ---------------------------------------------------------------------------------------
// 16. Configuration files from strangers
// ---------------------------------------------------------------------------------------

const FORGED: &str = "title = \"Forged by someone else\"\nheader_template = \"<span>Forged</span>\"\n";

fn title_of(pdf: &Path) -> String {
    common::info_field(pdf, "Title")
}

/// A `cvpdf.toml` in a world-writable parent (think `/tmp`) was applied: anyone could
/// put a header on everyone's résumés. Sticky or not, such a folder is not trusted.
#[cfg(unix)]
#[test]
fn a_configuration_in_a_world_writable_folder_is_ignored_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    for mode in [0o777, 0o1777] {
        let dir = TestDir::new("config-shared");
        dir.write("shared/cvpdf.toml", FORGED);
        dir.write("shared/ada/cv.md", CV);
        fs::set_permissions(dir.path("shared"), fs::Permissions::from_mode(mode)).unwrap();
        let out = dir.run_in("shared/ada", &["--no-system-fonts", "cv.md"]);
        let err = stderr(&out);
        assert_exit(&out, 0);
        assert_eq!(title_of(&dir.path("shared/ada/cv.pdf")), "Ada Quill");
        assert!(err.contains("ignored the configuration file") && err.contains("is writable by every user"), "{mode:o}:\n{err}");
        let out = dir.run_in("shared/ada", &["--no-system-fonts", "-v", "cv.md"]);
        assert!(stderr(&out).contains("cv.md: no configuration file"), "{}", stderr(&out));
        assert_exit(&dir.run_in("shared/ada", &["--no-system-fonts", "--deny-warnings", "cv.md"]), 3);
    }
}

/// The search stops at the repository root: a file above it is someone else's.
#[test]
fn the_search_stops_at_the_repository_root() {
    let dir = TestDir::new("config-repo");
    dir.write("cvpdf.toml", FORGED);
    fs::create_dir_all(dir.path("repo/.git")).unwrap();
    dir.write("repo/docs/cv.md", CV);
    let out = dir.run_in("repo/docs", &["--no-system-fonts", "cv.md"]);
    assert_exit(&out, 0);
    assert_eq!(title_of(&dir.path("repo/docs/cv.pdf")), "Ada Quill", "{}", stderr(&out));
    // Inside the repository it is found, and `check` and `-v` say which it is.
    dir.write("repo/cvpdf.toml", "title = \"Ada's CV\"\n");
    let out = dir.run_in("repo/docs", &["--no-system-fonts", "-v", "cv.md"]);
    assert_exit(&out, 0);
    assert_eq!(title_of(&dir.path("repo/docs/cv.pdf")), "Ada's CV");
    let used = fs::canonicalize(dir.path("repo/cvpdf.toml")).unwrap();
    assert!(stderr(&out).contains(&format!("cv.md: configuration from `{}`", used.display())), "{}", stderr(&out));
    let out = dir.run_in("repo/docs", &["check", "--no-system-fonts", "cv.md"]);
    assert!(common::stdout(&out).contains(&format!("configuration: {}", used.display())), "{}", common::stdout(&out));
}

/// A file another user owns is not trusted (as root, a file given to another uid).
#[cfg(unix)]
#[test]
fn a_configuration_owned_by_another_user_is_ignored() {
    use std::os::unix::fs::MetadataExt;
    let dir = TestDir::new("config-owner");
    let config = dir.write("cvpdf.toml", FORGED);
    dir.write("cv.md", CV);
    if std::os::unix::fs::chown(&config, Some(4242), Some(4242)).is_err() {
        return; // not root: another user's file cannot be made here
    }
    assert_eq!(fs::metadata(&config).unwrap().uid(), 4242);
    let out = dir.run(&["--no-system-fonts", "cv.md"]);
    assert_exit(&out, 0);
    assert!(stderr(&out).contains("it belongs to another user (uid 4242)"), "{}", stderr(&out));
    assert_eq!(title_of(&dir.path("cv.pdf")), "Ada Quill");
}

/// A 3 GB configuration was read whole. Over 1 MB it is now an error, read no further.
#[test]
fn a_huge_configuration_is_an_error() {
    let dir = TestDir::new("config-huge");
    let mut big = String::from("title = \"Ada\"\n");
    while big.len() <= 1024 * 1024 {
        big.push_str("# a comment that makes the file large, and larger\n");
    }
    dir.write("cvpdf.toml", big);
    dir.write("cv.md", CV);
    let out = dir.run(&["--no-system-fonts", "cv.md"]);
    assert_exit(&out, 1);
    assert!(stderr(&out).contains("is larger than 1 MB"), "{}", stderr(&out));
    assert!(!dir.path("cv.pdf").exists());
}

/// `--stylesheet` may be a FIFO (`--stylesheet <(…)`), so it is not refused like a
/// document's stylesheet, but `/dev/zero` (given to `--css`, which then took a file)
/// read until memory ran out. Now 32 MB at most.
#[cfg(unix)]
#[test]
fn a_flag_file_that_never_ends_is_cut_off() {
    let dir = TestDir::sealed("css-zero");
    dir.write("cv.md", CV);
    let (out, _) = run_bounded(dir.command(&["cv.md", "--stylesheet", "/dev/zero"]), Duration::from_secs(60));
    assert_exit(&out, 4);
    assert!(stderr(&out).contains("failed to read `/dev/zero` (it is larger than 32 MB)"), "{}", stderr(&out));
}

//! The harness shared by the integration tests: a scratch folder, running the `cvpdf`
//! binary and reading what it printed, reading PDFs back with external tools
//! (poppler-utils, `qpdf`), and PNG files (the `png` crate). Submodules: `doc`
//! (compiling with the library), `frame_dump` (a readable dump of laid-out pages),
//! `rng` (a reproducible generator).
//!
//! Not every test file uses every helper.
#![allow(dead_code)]

pub mod doc;
pub mod frame_dump;
pub mod preview;
pub mod rng;
pub mod webdriver;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_cvpdf");

/// Flags of a sealed [`TestDir`]: bundled fonts only, no configuration files.
pub const SEALED_ARGS: [&str; 2] = ["--no-system-fonts", "--no-config"];

// ---------------------------------------------------------------------------------------
// A scratch folder and running the binary in it
// ---------------------------------------------------------------------------------------

/// A fresh folder under the system temp dir, removed when the test passes (kept for
/// inspection when it fails).
///
/// The binary runs in it (or in a folder inside it) in a clean environment: no
/// `GITHUB_ACTIONS`, `NO_COLOR`, `CLICOLOR_FORCE`, `CI` or `SOURCE_DATE_EPOCH` from the
/// caller, stdin empty unless given. [`TestDir::new`] runs it as a user would (their
/// configuration files and system fonts count); [`TestDir::sealed`] adds
/// [`SEALED_ARGS`] before the arguments and sets `NO_COLOR=1`.
pub struct TestDir {
    root: PathBuf,
    sealed: bool,
}

impl TestDir {
    /// A folder whose runs see the binary as a user would.
    pub fn new(test: &str) -> TestDir {
        TestDir::create(test, false)
    }

    /// A folder whose runs use bundled fonts only, no configuration files, no colour.
    pub fn sealed(test: &str) -> TestDir {
        TestDir::create(test, true)
    }

    fn create(test: &str, sealed: bool) -> TestDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("cvpdf-{}-{test}-{}-{n}", env!("CARGO_CRATE_NAME"), std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).expect("create test dir");
        TestDir { root, sealed }
    }

    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// Writes `name` (parent folders created as needed).
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent");
        }
        fs::write(&path, contents).expect("write test file");
        path
    }

    /// Copies `tests/fixtures/{fixture_name}` into the folder as `name`.
    pub fn fixture(&self, fixture_name: &str, name: &str) -> PathBuf {
        self.write(name, fixture(fixture_name))
    }

    /// File names in `sub` (`"."` for the folder itself), sorted.
    pub fn listing(&self, sub: &str) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path(sub))
            .expect("list test dir")
            .map(|e| e.expect("dir entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The binary with `args`, in `sub`, not started: for spawning or more settings.
    pub fn command_in(&self, sub: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(self.path(sub))
            .env_remove("GITHUB_ACTIONS")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("SOURCE_DATE_EPOCH")
            // CI=true makes the terminal crates colour output even where it is not
            // a terminal's.
            .env_remove("CI")
            .stdin(Stdio::null());
        if self.sealed {
            cmd.args(SEALED_ARGS).env("NO_COLOR", "1");
        }
        cmd.args(args);
        cmd
    }

    /// [`TestDir::command_in`] the folder itself.
    pub fn command(&self, args: &[&str]) -> Command {
        self.command_in(".", args)
    }

    /// Runs the binary in the folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_in(".", args)
    }

    /// Runs the binary in `sub` (a folder inside this one).
    pub fn run_in(&self, sub: &str, args: &[&str]) -> Output {
        self.command_in(sub, args).output().expect("run cvpdf")
    }

    /// Runs the binary in the folder with `env` set on top of the clean environment.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.command(args).envs(env.iter().copied()).output().expect("run cvpdf")
    }

    /// Runs the binary in the folder with `input` on its stdin.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = self.command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run cvpdf");
        let mut pipe = child.stdin.take().expect("stdin pipe");
        pipe.write_all(input).expect("write stdin");
        drop(pipe);
        child.wait_with_output().expect("wait for cvpdf")
    }
}

/// The limits of a bounded run: address space (as `ulimit -v`, in KiB) and wall-clock.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    /// The most memory the process may map, in KiB.
    pub memory_kib: u64,
    /// The most time it may take before it is killed.
    pub wall: std::time::Duration,
}

/// 2 GB of address space and 30 s: what a résumé renderer must never need, even a
/// debug build on a busy machine.
pub const BOUNDS: Bounds = Bounds { memory_kib: 2_000_000, wall: std::time::Duration::from_secs(30) };

/// What a bounded run gave: its output, and whether it was killed for taking too long.
pub struct Bounded {
    /// Exit status and what it printed.
    pub output: Output,
    /// How long it ran.
    pub took: std::time::Duration,
    /// Killed at the wall-clock bound.
    pub timed_out: bool,
}

impl Bounded {
    /// Why this run broke its bounds or aborted, if it did: a timeout, or death by a
    /// signal (SIGABRT from a stack overflow or a failed allocation under the limit,
    /// SIGSEGV, SIGKILL).
    pub fn broken(&self) -> Option<String> {
        if self.timed_out {
            return Some(format!("killed after {:?}", self.took));
        }
        match self.output.status.code() {
            Some(_) => None,
            None => Some(format!("died by a signal ({:?})", self.output.status)),
        }
    }
}

/// Runs `cmd` under `ulimit -v` and a wall-clock bound (through `sh`, keeping its
/// arguments, environment and folder), killing it at the bound. Stdout and stderr are
/// read as it runs, so a flood cannot block it.
pub fn run_bounded(cmd: &Command, bounds: Bounds) -> Bounded {
    let mut sh = Command::new("sh");
    sh.arg("-c").arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", bounds.memory_kib)).arg(cmd.get_program()).args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => sh.env(key, v),
            None => sh.env_remove(key),
        };
    }
    if let Some(dir) = cmd.get_current_dir() {
        sh.current_dir(dir);
    }
    let started = std::time::Instant::now();
    let mut child = sh.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run sh");
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = std::io::copy(&mut (&mut p).take(64 << 20), &mut buf);
                let _ = std::io::copy(&mut p, &mut std::io::sink());
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > bounds.wall {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait after kill");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let took = started.elapsed();
    let output = Output { status, stdout: out.join().unwrap_or_default(), stderr: err.join().unwrap_or_default() };
    Bounded { output, took, timed_out }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.root);
        }
    }
}

// ---------------------------------------------------------------------------------------
// What the binary printed
// ---------------------------------------------------------------------------------------

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The exit code, -1 when killed by a signal.
pub fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// Asserts the exit status, showing stderr when it is wrong.
#[track_caller]
pub fn assert_exit(out: &Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "exit status; stderr:\n{}", stderr(out));
}

// ---------------------------------------------------------------------------------------
// Fixtures and PDF tools
// ---------------------------------------------------------------------------------------

/// The text of `tests/fixtures/{name}`.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Runs an external PDF tool and returns its stdout, failing clearly if it is not
/// installed or fails.
pub fn tool(program: &str, args: &[&str]) -> String {
    let out = match Command::new(program).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`{program}` is not installed; it is needed to check PDFs \
             (apt-get install poppler-utils qpdf, or run scripts/test.sh)"
        ),
        Err(e) => panic!("could not run `{program}`: {e}"),
    };
    assert!(
        out.status.success(),
        "`{program} {}` failed ({}):\n{}{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text layer of a PDF in reading order (`pdftotext -enc UTF-8`).
pub fn pdftotext(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", arg(pdf), "-"])
}

/// A path as a tool argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// `qpdf --check` must find no problems (it exits non-zero on errors, 3 on warnings).
pub fn qpdf_check(pdf: &Path) {
    let out = tool("qpdf", &["--check", arg(pdf)]);
    assert!(out.contains("No syntax or stream encoding errors"), "qpdf --check:\n{out}");
}

pub fn pdfinfo(pdf: &Path) -> String {
    tool("pdfinfo", &[arg(pdf)])
}

/// The value of `{field}:` in `pdfinfo` output, trimmed.
pub fn info_field(pdf: &Path, field: &str) -> String {
    let info = pdfinfo(pdf);
    let prefix = format!("{field}:");
    info.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap_or_else(|| panic!("no {prefix} in pdfinfo output:\n{info}")).trim().to_owned()
}

/// One word box from `pdftotext -bbox`.
#[derive(Debug)]
pub struct WordBox {
    pub page: usize,
    pub page_w: f64,
    pub page_h: f64,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
    pub text: String,
}

/// Every word box of a PDF (pages from 1; y grows downwards from the top of the page).
pub fn word_boxes(pdf: &Path) -> Vec<WordBox> {
    let html = tool("pdftotext", &["-bbox", "-enc", "UTF-8", arg(pdf), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 2;
        let end = start + tag[start..].find('"').expect("closing quote");
        tag[start..end].parse().expect("number")
    };
    let mut boxes = Vec::new();
    let (mut page, mut page_w, mut page_h) = (0, 0.0, 0.0);
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page += 1;
            page_w = attr(line, "width");
            page_h = attr(line, "height");
        } else if line.starts_with("<word ") {
            let text_start = line.find('>').expect("word tag end") + 1;
            let text_end = line.rfind("</word>").expect("word close");
            boxes.push(WordBox {
                page,
                page_w,
                page_h,
                x_min: attr(line, "xMin"),
                y_min: attr(line, "yMin"),
                x_max: attr(line, "xMax"),
                y_max: attr(line, "yMax"),
                text: line[text_start..text_end].to_owned(),
            });
        }
    }
    boxes
}

// ---------------------------------------------------------------------------------------
// Bytes and images
// ---------------------------------------------------------------------------------------

/// Whether `needle` occurs in `hay`.
pub fn contains_bytes(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A valid RGB PNG of `w`×`h` pixels, with a `tEXt` chunk holding `marker` (to look
/// for in a PDF).
pub fn png(w: u32, h: u32, marker: &str) -> Vec<u8> {
    let mut pixels = Vec::with_capacity(w as usize * h as usize * 3);
    for y in 0..h {
        for x in 0..w {
            pixels.extend_from_slice(&[(x * 7) as u8, (y * 11) as u8, 0x80]);
        }
    }
    encode_png(w, h, png::ColorType::Rgb, &pixels, Some(marker))
}

/// A PNG of 8-bit `pixels` in colour type `color`, with a `tEXt` `Comment` chunk
/// holding `comment` when given.
pub fn encode_png(w: u32, h: u32, color: png::ColorType, pixels: &[u8], comment: Option<&str>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    if let Some(text) = comment {
        encoder.add_text_chunk("Comment".to_owned(), text.to_owned()).expect("tEXt chunk");
    }
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(pixels).expect("PNG data");
    writer.finish().expect("PNG end");
    out
}

/// Reads a binary Netpbm image as pdftoppm writes it (`P5` grey, `P6` RGB): its
/// width, height and pixel bytes, after checking the magic number `magic`.
pub fn netpbm<'b>(bytes: &'b [u8], magic: &str) -> (usize, usize, &'b [u8]) {
    // The magic, width, height and maximum value, each a token followed by one
    // white space.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!(fields[0], magic, "a binary Netpbm image");
    let (w, h): (usize, usize) = (fields[1].parse().expect("width"), fields[2].parse().expect("height"));
    (w, h, &bytes[at + 1..])
}

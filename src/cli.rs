//! The command line: what the user typed ([`Args`]), what we will do about it ([`Plan`]),
//! how diagnostics are shown ([`render_diagnostic`]) and how the PDF is written
//! ([`write_atomically`]).
//!
//! As in ripgrep, parsing and resolving are split: [`Args`] holds only what was typed,
//! [`Plan::from_args`] turns it into paths and library options, and nothing before
//! [`Plan`] touches the file system except to compare paths.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Parser;
use cvpdf::diag::{line_col, line_text, Diagnostic};

/// What the user typed.
#[derive(Debug, Parser)]
#[command(
    name = "cvpdf",
    version,
    about = "Markdown résumé to PDF",
    long_about = "Markdown résumé to PDF.\n\n\
        Renders INPUT (Markdown with optional YAML `---` or TOML `+++` front matter) to a PDF. \
        The PDF is written next to the input with its extension replaced by `.pdf`, \
        unless -o is given.",
    after_help = "Exit status: 0 on success (warnings allowed), 1 if the input could not be \
        read or rendered or the PDF could not be written, 2 on usage errors."
)]
pub struct Args {
    /// Markdown file to render, or `-` for standard input.
    #[arg(value_name = "INPUT")]
    pub input: OsString,

    /// Where to write the PDF, or `-` for standard output.
    /// [default: INPUT with the extension `.pdf`; standard output if INPUT is `-`]
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: Option<OsString>,

    /// Also look for fonts in this folder (before the system's font folders).
    /// May be given several times.
    #[arg(long, value_name = "DIR")]
    pub font_dir: Vec<PathBuf>,

    /// Use only the bundled fonts, never the system's (for reproducible output
    /// across machines).
    #[arg(long)]
    pub no_system_fonts: bool,

    /// Write a tagged PDF: the document's logical structure (headings, lists,
    /// tables, figures) for screen readers and extractors.
    #[arg(long)]
    pub tagged: bool,

    /// Write PDF/A-2b (archival; implies embedded fonts and XMP metadata).
    #[arg(long)]
    pub pdfa: bool,

    /// Shrink type and spacing (down to 70%, or `fit_floor`) until the résumé fits
    /// N pages.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub fit_pages: Option<u32>,
}

/// Where the Markdown comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file, as the user typed it.
    File(PathBuf),
}

impl Input {
    /// The name used in diagnostics: the path as typed, or `<stdin>`.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) => path.display().to_string(),
        }
    }
}

/// Where the PDF goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output.
    Stdout,
    /// A file, replaced atomically.
    File(PathBuf),
}

/// The resolved plan: everything [`crate::run`] needs, with defaults applied.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Where to read the Markdown.
    pub input: Input,
    /// Where to write the PDF.
    pub output: Output,
    /// Options for the library.
    pub options: cvpdf::Options,
}

/// A problem with the command line that clap cannot see (reported with exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl Plan {
    /// Resolves what was typed into paths and options.
    pub fn from_args(args: Args) -> Result<Plan, UsageError> {
        let input =
            if args.input == "-" { Input::Stdin } else { Input::File(PathBuf::from(args.input)) };
        let output = match (&args.output, &input) {
            (Some(out), _) if out == "-" => Output::Stdout,
            (Some(out), _) => Output::File(PathBuf::from(out)),
            (None, Input::Stdin) => Output::Stdout,
            (None, Input::File(path)) => Output::File(path.with_extension("pdf")),
        };
        if let (Input::File(input), Output::File(output)) = (&input, &output) {
            if same_file(input, output) {
                return Err(UsageError(format!(
                    "the output `{}` is the input file itself; choose another with -o",
                    output.display()
                )));
            }
        }
        let url = match &input {
            Input::Stdin => None,
            Input::File(p) => Some(p.display().to_string()),
        };
        let timestamp = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
        let date = timestamp.map(iso_date);
        let base = match &input {
            Input::Stdin => PathBuf::from("."),
            Input::File(p) => match p.parent() {
                Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
                _ => PathBuf::from("."),
            },
        };
        let system_fonts = (!args.no_system_fonts || !args.font_dir.is_empty()).then(|| {
            let mut fonts = cvpdf::font::SystemFonts::new(args.font_dir.clone());
            if args.no_system_fonts {
                fonts = cvpdf::font::SystemFonts::only(args.font_dir.clone());
            }
            std::sync::Arc::new(fonts)
        });
        let options = cvpdf::Options { date, url, loader: Some(confined_loader(base)), system_fonts, timestamp, tagged: args.tagged, pdfa: args.pdfa, fit_pages: args.fit_pages };
        Ok(Plan { input, output, options })
    }
}

/// A loader that reads files named by the document, relative to its folder, and
/// refuses anything outside that folder (absolute paths, `..`, symbolic links out).
fn confined_loader(base: PathBuf) -> cvpdf::Loader {
    std::sync::Arc::new(move |name: &str| {
        let name = name.split(['?', '#']).next().unwrap_or(name);
        let name = percent_decode(name);
        if name.to_ascii_lowercase().starts_with("file:") {
            return Err("`file:` URLs are refused; use a path relative to the document".into());
        }
        let rel = Path::new(&name);
        if rel.is_absolute() {
            return Err("absolute paths are refused; use a path relative to the document".into());
        }
        let root = base.canonicalize().map_err(|e| format!("cannot resolve the document folder ({e})"))?;
        let full = root.join(rel).canonicalize().map_err(|e| format!("cannot open it ({})", io_reason(&e)))?;
        if !full.starts_with(&root) {
            return Err("it is outside the document's folder".into());
        }
        const MAX_FILE: u64 = 32 * 1024 * 1024;
        let meta = fs::metadata(&full).map_err(|e| format!("cannot open it ({})", io_reason(&e)))?;
        if meta.len() > MAX_FILE {
            return Err(format!("it is larger than {} MB", MAX_FILE / 1024 / 1024));
        }
        fs::read(&full).map_err(|e| format!("cannot read it ({})", io_reason(&e)))
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Decodes `%20`-style escapes in a relative URL.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Formats seconds since the Unix epoch as an ISO date (`2026-11-23`), UTC.
fn iso_date(secs: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whether two paths name the same file: equal as typed, or equal once resolved
/// (symbolic links, `..`, hard links on Unix).
fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    match (fs::canonicalize(a), resolve_maybe_missing(b)) {
        (Ok(ca), Some(cb)) => ca == cb,
        _ => false,
    }
}

/// Canonical form of a path whose last component may not exist yet.
fn resolve_maybe_missing(path: &Path) -> Option<PathBuf> {
    if let Ok(c) = fs::canonicalize(path) {
        return Some(c);
    }
    let name = path.file_name()?;
    let parent = parent_dir(path);
    Some(fs::canonicalize(parent).ok()?.join(name))
}

/// The folder holding `path` (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Width of a tab in the printed source line.
const TAB_WIDTH: usize = 4;

/// Renders one diagnostic, gcc/rustc short style:
///
/// ```text
/// resume.md:3:12: error: mapping values are not allowed in this context
///  3 | title: a: b
///    |         ^
///    = hint: quote the value
/// ```
///
/// Without a span, the first line is `resume.md: error: message` and no source is shown.
/// A span covering several characters gets one caret per character, cut at the end of
/// its first line.
pub fn render_diagnostic(file: &str, source: &str, diag: &Diagnostic) -> String {
    let mut out = String::new();
    let Some(span) = diag.span.clone() else {
        let _ = writeln!(out, "{file}: {}: {}", diag.severity, diag.message);
        for hint in &diag.hints {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        return out;
    };
    let (line, col) = line_col(source, span.start);
    let _ = writeln!(out, "{file}:{line}:{col}: {}: {}", diag.severity, diag.message);

    let text = line_text(source, span.start);
    let gutter = " ".repeat(line.to_string().len());
    let before: String = text.chars().take(col - 1).collect();
    let rest = text.chars().skip(col - 1);
    let span_chars = source
        .get(span.start.min(source.len())..span.end.clamp(span.start, source.len()))
        .map_or(0, |s| s.chars().count());
    let carets = rest.take(span_chars).count().max(1);
    let _ = writeln!(out, " {line} | {}", expand_tabs(text));
    let _ =
        writeln!(out, " {gutter} | {}{}", " ".repeat(display_width(&before)), "^".repeat(carets));
    for hint in &diag.hints {
        let _ = writeln!(out, " {gutter} = hint: {hint}");
    }
    out
}

fn expand_tabs(s: &str) -> String {
    s.replace('\t', &" ".repeat(TAB_WIDTH))
}

fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c == '\t' { TAB_WIDTH } else { 1 }).sum()
}

/// Writes `bytes` to `target` without ever leaving a half-written file: the bytes go to
/// `.{name}.cvpdf-tmp-{pid}` in the same folder, are flushed and synced, and the
/// temporary file is renamed over `target`. On error the temporary file is removed and
/// `target` is left as it was.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = target.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the output path has no file name")
    })?;
    let dir = parent_dir(target);
    let mut tmp_name = OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".cvpdf-tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);

    let file = match create_new(&tmp) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            // A leftover of an earlier run that had our process id; it is ours to replace.
            fs::remove_file(&tmp)?;
            create_new(&tmp)?
        }
        other => other?,
    };
    let result = fill_and_rename(file, &tmp, target, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn create_new(path: &Path) -> io::Result<File> {
    OpenOptions::new().write(true).create_new(true).open(path)
}

fn fill_and_rename(mut file: File, tmp: &Path, target: &Path, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.flush()?;
    if let Ok(meta) = fs::metadata(target) {
        // Keep the permissions of the PDF we replace.
        if meta.is_file() {
            file.set_permissions(meta.permissions())?;
        }
    }
    file.sync_all()?;
    drop(file);
    fs::rename(tmp, target)?;
    #[cfg(unix)]
    if let Ok(dir) = File::open(parent_dir(target)) {
        // Make the rename itself durable; not every file system supports this.
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cvpdf::diag::Diagnostic;

    fn plan(args: &[&str]) -> Result<Plan, UsageError> {
        let args = Args::try_parse_from(std::iter::once("cvpdf").chain(args.iter().copied()))
            .expect("arguments parse");
        Plan::from_args(args)
    }

    #[test]
    fn output_defaults_next_to_input() {
        let p = plan(&["cv/resume.md"]).unwrap();
        assert_eq!(p.input, Input::File("cv/resume.md".into()));
        assert_eq!(p.output, Output::File("cv/resume.pdf".into()));
        assert_eq!(plan(&["resume"]).unwrap().output, Output::File("resume.pdf".into()));
    }

    #[test]
    fn dash_means_standard_streams() {
        let p = plan(&["-"]).unwrap();
        assert_eq!((p.input, p.output), (Input::Stdin, Output::Stdout));
        assert_eq!(plan(&["a.md", "-o", "-"]).unwrap().output, Output::Stdout);
        assert_eq!(plan(&["-", "-o", "x.pdf"]).unwrap().output, Output::File("x.pdf".into()));
    }

    #[test]
    fn refuses_to_overwrite_input() {
        assert!(plan(&["cv.pdf"]).is_err());
        assert!(plan(&["a.md", "-o", "a.md"]).is_err());
    }

    #[test]
    fn renders_caret_under_span() {
        let src = "---\ntitle: a: b\n---\n";
        let d = Diagnostic::error(12..13, "mapping values are not allowed")
            .with_hint("quote the value");
        assert_eq!(
            render_diagnostic("bad.md", src, &d),
            "bad.md:2:9: error: mapping values are not allowed\n 2 | title: a: b\n   |         ^\n   = hint: quote the value\n"
        );
    }

    #[test]
    fn multi_char_span_stops_at_line_end() {
        let src = "ab\tcdef\nxyz\n";
        let d = Diagnostic::warning(3..11, "w");
        assert_eq!(
            render_diagnostic("<stdin>", src, &d),
            "<stdin>:1:4: warning: w\n 1 | ab    cdef\n   |       ^^^^\n"
        );
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_795_392_000), "2026-11-23");
    }

    #[test]
    fn spanless_diagnostic() {
        let d = Diagnostic::error(None, "no fonts").with_hint("reinstall");
        assert_eq!(
            render_diagnostic("a.md", "", &d),
            "a.md: error: no fonts\n  = hint: reinstall\n"
        );
    }

    #[test]
    fn empty_span_at_end_of_file() {
        let src = "# x";
        let d = Diagnostic::error(3..3, "e");
        assert_eq!(render_diagnostic("a.md", src, &d), "a.md:1:4: error: e\n 1 | # x\n   |    ^\n");
    }
}

//! The command line: what the user typed ([`Args`]), what we will do about it ([`Plan`]),
//! how diagnostics are shown ([`render_diagnostic`]) and how the PDF is written
//! ([`write_output`]).
//!
//! As in ripgrep, parsing and resolving are split: [`Args`] holds only what was typed,
//! [`Plan::from_args`] turns it into paths and library options, and nothing before
//! [`Plan`] touches the file system except to compare paths.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use clap::{Parser, Subcommand, ValueEnum};
use cvpdf::diag::{line_col, line_text, Diagnostic, Severity};
use cvpdf::front_matter::Settings;
use cvpdf::geom::Sides;

pub mod check;
pub mod config;
pub mod remote;
pub mod watch;

/// The exit statuses, as documented in `--help` and the README.
pub const EXIT_HELP: &str = "Exit status:
  0  success (warnings allowed)
  1  errors in the input (nothing written for that file)
  2  usage error (bad arguments, or the output would overwrite the input)
  3  warnings, with --deny-warnings
  4  I/O failure (unreadable input, unwritable output)";

/// What the user typed.
#[derive(Debug, Parser)]
#[command(
    name = "cvpdf",
    version,
    about = "Markdown résumé to PDF",
    long_about = "Markdown résumé to PDF.\n\n\
        Renders each INPUT (Markdown with optional YAML `---` or TOML `+++` front matter) to a PDF. \
        The PDF is written next to the input with its extension replaced by `.pdf`, \
        unless -o is given. Defaults come from `cvpdf.toml` or `.cvpdf.yaml` in the \
        document's folder or above; precedence: built-in < config file < front matter < flags.",
    after_help = EXIT_HELP,
    subcommand_negates_reqs = true,
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    /// What to do instead of rendering.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Markdown files to render, or `-` for standard input.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<OsString>,

    /// Where to write the PDF, or `-` for standard output. A folder (existing, or
    /// ending in `/`) takes one PDF per input.
    /// [default: INPUT with the extension `.pdf`; standard output if INPUT is `-`]
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: Option<OsString>,

    /// Render again whenever the input or a file it uses changes (Ctrl-C ends).
    #[arg(short, long)]
    pub watch: bool,

    #[command(flatten)]
    pub doc: DocArgs,

    #[command(flatten)]
    pub report: ReportArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render without writing and report pages, fonts, missing glyphs, images,
    /// links and ATS hints.
    #[command(after_help = EXIT_HELP)]
    Check(Box<CheckArgs>),
    /// Write a starter résumé (fictional) with the common front-matter keys.
    Init {
        /// Where to write it (never overwritten).
        #[arg(value_name = "FILE", default_value = "resume.md")]
        file: PathBuf,
    },
    /// List the built-in themes.
    Themes,
    /// List the bundled fonts.
    Fonts,
    /// Print a shell completion script.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    Man,
}

/// `cvpdf check`'s arguments.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Markdown files to check, or `-` for standard input.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<OsString>,
    #[command(flatten)]
    pub doc: DocArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Options about the document; they override its front matter.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DocArgs {
    /// Paper format (A0-A6, Letter, Legal, Tabloid, Ledger).
    #[arg(long, value_name = "NAME", help_heading = "Document")]
    pub format: Option<String>,

    /// Margins: 1-4 lengths in CSS order, e.g. `20mm` or `1in 2cm`.
    #[arg(long, value_name = "LENGTHS", help_heading = "Document")]
    pub margin: Option<String>,

    /// Landscape orientation.
    #[arg(long, help_heading = "Document")]
    pub landscape: bool,

    /// Built-in theme (see `cvpdf themes`).
    #[arg(long, value_name = "NAME", help_heading = "Document")]
    pub theme: Option<String>,

    /// CSS file applied after everything else. May be given several times.
    #[arg(long, value_name = "FILE", help_heading = "Document")]
    pub css: Vec<PathBuf>,

    /// Stylesheet file applied after the document's own CSS (before --css).
    #[arg(long, value_name = "FILE", help_heading = "Document")]
    pub stylesheet: Vec<PathBuf>,

    /// PDF title.
    #[arg(long, value_name = "TEXT", help_heading = "Document")]
    pub title: Option<String>,

    /// HTML file drawn in the top margin of every page.
    #[arg(long, value_name = "FILE", help_heading = "Document")]
    pub header_template: Option<PathBuf>,

    /// HTML file drawn in the bottom margin of every page.
    #[arg(long, value_name = "FILE", help_heading = "Document")]
    pub footer_template: Option<PathBuf>,

    /// Also look for fonts in this folder (before the system's font folders).
    /// May be given several times.
    #[arg(long, value_name = "DIR", help_heading = "Document")]
    pub font_dir: Vec<PathBuf>,

    /// Use only the bundled fonts, never the system's (for reproducible output
    /// across machines).
    #[arg(long, help_heading = "Document")]
    pub no_system_fonts: bool,

    /// Write a tagged PDF: the document's logical structure (headings, lists,
    /// tables, figures) for screen readers and extractors.
    #[arg(long, help_heading = "Document")]
    pub tagged: bool,

    /// Write PDF/A-2b (archival; implies embedded fonts and XMP metadata).
    #[arg(long, help_heading = "Document")]
    pub pdfa: bool,

    /// Shrink type and spacing (down to 70%, or `fit_floor`) until the résumé fits
    /// N pages.
    #[arg(long, help_heading = "Document", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub fit_pages: Option<u32>,

    /// Give up on a document that takes longer than this many seconds to render
    /// (an error; the previous PDF stays).
    #[arg(long, help_heading = "Document", value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// Read no `cvpdf.toml` / `.cvpdf.yaml`.
    #[arg(long, help_heading = "Document")]
    pub no_config: bool,

    /// Repair mojibake (UTF-8 that was read as Windows-1252, like `â€™` or `Ã©`)
    /// in the input; without it, it only gets a warning.
    #[arg(long, help_heading = "Document")]
    pub fix_encoding: bool,

    /// Also let the document read images and stylesheets from this folder (by
    /// default only its own folder tree). May be given several times.
    #[arg(long, value_name = "DIR", help_heading = "Security")]
    pub allow_path: Vec<PathBuf>,

    /// Fetch `http`/`https` images and stylesheets the document names (10 s
    /// timeout, 10 MB cap; never from loopback, private, link-local or metadata
    /// addresses). Off by default: cvpdf goes on the network only when asked.
    #[arg(long, help_heading = "Security")]
    pub allow_remote: bool,

    /// With --allow-remote, allow this host even if it resolves to a loopback or
    /// private address (for local test servers). May be given several times.
    #[arg(long, value_name = "HOST", help_heading = "Security", requires = "allow_remote")]
    pub allow_remote_host: Vec<String>,

    /// Where fetched files are cached, keyed by a hash of the URL, so that reruns
    /// need no network [default: $XDG_CACHE_HOME/cvpdf, else ~/.cache/cvpdf].
    #[arg(long, value_name = "DIR", help_heading = "Security", requires = "allow_remote")]
    pub remote_cache: Option<PathBuf>,
}

/// Options about diagnostics.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ReportArgs {
    /// How to print errors and warnings [default: github when GITHUB_ACTIONS=true,
    /// else human].
    #[arg(long, value_enum, value_name = "FORMAT", help_heading = "Diagnostics")]
    pub message_format: Option<MessageFormat>,

    /// Treat warnings as failures (exit status 3).
    #[arg(long, help_heading = "Diagnostics")]
    pub deny_warnings: bool,

    /// Also say which configuration file each document used.
    #[arg(short, long, help_heading = "Diagnostics")]
    pub verbose: bool,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// `file:line:col: warning: message`, the source line and a caret (coloured on a
    /// terminal unless NO_COLOR is set).
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::warning file=…`).
    Github,
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

    /// The document's folder (the current folder for standard input).
    pub fn folder(&self) -> PathBuf {
        match self {
            Input::Stdin => PathBuf::from("."),
            Input::File(p) => parent_dir(p).to_path_buf(),
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
    /// Nowhere (`cvpdf check`).
    None,
}

/// One input and its output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Where to read the Markdown.
    pub input: Input,
    /// Where to write the PDF.
    pub output: Output,
}

/// The resolved plan: what [`crate::run`] does.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Render (or check) files.
    Batch(Box<Batch>),
    /// Write a starter résumé.
    Init(PathBuf),
    /// List themes.
    Themes,
    /// List fonts.
    Fonts,
    /// Print completions.
    Completions(clap_complete::Shell),
    /// Print the man page.
    Man,
}

/// Files to render or check, and how.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The inputs and outputs, in the order given.
    pub jobs: Vec<Job>,
    /// The output folder given with -o (created if missing).
    pub out_dir: Option<PathBuf>,
    /// Check only (`cvpdf check`): nothing is written.
    pub check: bool,
    /// Re-render on changes.
    pub watch: bool,
    /// Diagnostics format.
    pub format: MessageFormat,
    /// Warnings fail (exit 3).
    pub deny_warnings: bool,
    /// Say which configuration file was used (`-v`).
    pub verbose: bool,
    /// Flag values, before the files they name are read.
    pub flags: Flags,
}

/// The document flags, resolved (files they name are read later, in `run`).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// Values over the front matter (everything but file contents).
    pub overrides: Settings,
    /// `--stylesheet` then `--css` files, in that order.
    pub css_files: Vec<PathBuf>,
    /// `--header-template`.
    pub header_template: Option<PathBuf>,
    /// `--footer-template`.
    pub footer_template: Option<PathBuf>,
    /// Font folders (watched too).
    pub font_dirs: Vec<PathBuf>,
    /// System fonts to fall back on.
    pub system_fonts: Option<Arc<cvpdf::font::SystemFonts>>,
    /// `--tagged`.
    pub tagged: bool,
    /// `--pdfa`.
    pub pdfa: bool,
    /// From `SOURCE_DATE_EPOCH`.
    pub timestamp: Option<i64>,
    /// `--fit-pages`.
    pub fit_pages: Option<u32>,
    /// `--timeout`, the render deadline.
    pub deadline: std::time::Duration,
    /// Read configuration files.
    pub use_config: bool,
    /// `--fix-encoding`.
    pub fix_encoding: bool,
    /// `--allow-path` folders, besides the document's own.
    pub allow_paths: Vec<PathBuf>,
    /// `--allow-remote` (with its hosts and cache), or `None`.
    pub remote: Option<Arc<remote::Remote>>,
}

/// A problem with the command line that clap cannot see (reported with exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl Plan {
    /// Resolves what was typed into paths and options.
    pub fn from_args(args: Args) -> Result<Plan, UsageError> {
        let github = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
        let batch = |inputs: Vec<OsString>, output: Option<OsString>, doc: DocArgs, report: ReportArgs, check: bool, watch: bool| {
            let format = report.message_format.unwrap_or(if github { MessageFormat::Github } else { MessageFormat::Human });
            let (jobs, out_dir) = resolve_jobs(inputs, output, check)?;
            if watch && jobs.iter().any(|j| j.input == Input::Stdin || j.output == Output::Stdout) {
                return Err(UsageError("--watch needs files, not standard input or output".into()));
            }
            Ok(Plan::Batch(Box::new(Batch {
                jobs,
                out_dir,
                check,
                watch,
                format,
                deny_warnings: report.deny_warnings,
                verbose: report.verbose,
                flags: resolve_flags(doc)?,
            })))
        };
        match args.command {
            None => batch(args.inputs, args.output, args.doc, args.report, false, args.watch),
            Some(Command::Check(c)) => {
                let c = *c;
                batch(c.inputs, None, c.doc, c.report, true, false)
            }
            Some(Command::Init { file }) => Ok(Plan::Init(file)),
            Some(Command::Themes) => Ok(Plan::Themes),
            Some(Command::Fonts) => Ok(Plan::Fonts),
            Some(Command::Completions { shell }) => Ok(Plan::Completions(shell)),
            Some(Command::Man) => Ok(Plan::Man),
        }
    }
}

/// Pairs inputs with outputs.
fn resolve_jobs(inputs: Vec<OsString>, output: Option<OsString>, check: bool) -> Result<(Vec<Job>, Option<PathBuf>), UsageError> {
    let inputs: Vec<Input> = inputs.into_iter().map(|i| if i == "-" { Input::Stdin } else { Input::File(PathBuf::from(i)) }).collect();
    if inputs.len() > 1 && inputs.contains(&Input::Stdin) {
        return Err(UsageError("`-` (standard input) cannot be combined with other inputs".into()));
    }
    if check {
        return Ok((inputs.into_iter().map(|input| Job { input, output: Output::None }).collect(), None));
    }
    let folder = match &output {
        Some(out) if out != "-" => {
            let text = out.to_string_lossy();
            let path = PathBuf::from(out);
            (text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) || path.is_dir()).then_some(path)
        }
        _ => None,
    };
    if inputs.len() > 1 && output.is_some() && folder.is_none() {
        return Err(UsageError("with several inputs, -o must be a folder (an existing one, or a path ending in `/`)".into()));
    }
    let mut jobs = Vec::new();
    for input in inputs {
        let output = match (&output, &folder, &input) {
            (_, Some(dir), Input::File(path)) => {
                let name = path.file_name().map_or_else(|| "document".into(), |n| n.to_os_string());
                Output::File(dir.join(Path::new(&name).with_extension("pdf")))
            }
            (_, Some(dir), Input::Stdin) => Output::File(dir.join("stdin.pdf")),
            (Some(out), None, _) if out == "-" => Output::Stdout,
            (Some(out), None, _) => Output::File(PathBuf::from(out)),
            (None, None, Input::Stdin) => Output::Stdout,
            (None, None, Input::File(path)) => Output::File(path.with_extension("pdf")),
        };
        if let (Input::File(input), Output::File(output)) = (&input, &output) {
            if same_file(input, output) {
                return Err(UsageError(format!("the output `{}` is the input file itself; choose another with -o", output.display())));
            }
        }
        if let Output::File(out) = &output {
            if jobs.iter().any(|j: &Job| j.output == Output::File(out.clone())) {
                return Err(UsageError(format!("two inputs would both be written to `{}`", out.display())));
            }
        }
        jobs.push(Job { input, output });
    }
    Ok((jobs, folder))
}

/// Checks and converts the document flags.
fn resolve_flags(doc: DocArgs) -> Result<Flags, UsageError> {
    let format = match &doc.format {
        Some(name) => Some(
            cvpdf::front_matter::format_size(name)
                .ok_or_else(|| UsageError(format!("unknown paper format `{name}` (valid: {})", cvpdf::front_matter::FORMATS.join(", "))))?,
        ),
        None => None,
    };
    let margin = match &doc.margin {
        Some(m) => Some(parse_margin(m).map_err(|e| UsageError(format!("--margin `{m}`: {e}")))?),
        None => None,
    };
    if let Some(theme) = &doc.theme {
        if !cvpdf::style::THEMES.contains(&theme.as_str()) {
            return Err(UsageError(format!("unknown theme `{theme}` (valid: {})", cvpdf::style::THEMES.join(", "))));
        }
    }
    let overrides =
        Settings { format, landscape: doc.landscape.then_some(true), margin, theme: doc.theme, title: doc.title, ..Settings::default() };
    let system_fonts = (!doc.no_system_fonts || !doc.font_dir.is_empty()).then(|| {
        let fonts = if doc.no_system_fonts {
            cvpdf::font::SystemFonts::only(doc.font_dir.clone())
        } else {
            cvpdf::font::SystemFonts::new(doc.font_dir.clone())
        };
        Arc::new(fonts)
    });
    let timestamp = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let mut css_files = doc.stylesheet;
    css_files.extend(doc.css);
    Ok(Flags {
        overrides,
        css_files,
        header_template: doc.header_template,
        footer_template: doc.footer_template,
        font_dirs: doc.font_dir,
        system_fonts,
        tagged: doc.tagged,
        pdfa: doc.pdfa,
        fit_pages: doc.fit_pages,
        deadline: std::time::Duration::from_secs(doc.timeout),
        timestamp,
        use_config: !doc.no_config,
        fix_encoding: doc.fix_encoding,
        allow_paths: doc.allow_path,
        remote: doc.allow_remote.then(|| Arc::new(remote::Remote::new(doc.allow_remote_host, doc.remote_cache))),
    })
}

/// Parses 1-4 lengths in CSS order (top right bottom left).
pub fn parse_margin(text: &str) -> Result<Sides<f32>, String> {
    let parts: Vec<f32> = text.split_whitespace().map(cvpdf::units::parse_length).collect::<Result<_, _>>()?;
    if parts.iter().any(|l| *l < 0.0) {
        return Err("a margin cannot be negative".into());
    }
    Ok(match parts[..] {
        [a] => Sides::new(a, a, a, a),
        [v, h] => Sides::new(v, h, v, h),
        [t, h, b] => Sides::new(t, h, b, h),
        [t, r, b, l] => Sides::new(t, r, b, l),
        _ => return Err("give 1 to 4 lengths, like `20mm` or `1in 2cm`".into()),
    })
}

/// The files a render read (canonical paths), for `--watch`.
pub type ReadSet = Arc<Mutex<BTreeSet<PathBuf>>>;

/// Library options for one document: `defaults` from its configuration file,
/// `overrides` from the flags (with the files they name already read).
pub fn job_options(flags: &Flags, overrides: &Settings, defaults: Settings, input: &Input, read: &ReadSet) -> cvpdf::Options {
    let url = match input {
        Input::Stdin => None,
        Input::File(p) => Some(p.display().to_string()),
    };
    cvpdf::Options {
        date: flags.timestamp.map(iso_date),
        url,
        loader: Some(confined_loader(
            input.folder(),
            &flags.allow_paths,
            flags.remote.clone().map(|r| (r, std::time::Instant::now() + flags.deadline)),
            Some(read.clone()),
        )),
        system_fonts: flags.system_fonts.clone(),
        tagged: flags.tagged,
        pdfa: flags.pdfa,
        timestamp: flags.timestamp,
        fit_pages: flags.fit_pages,
        remote: flags.remote.is_some(),
        deadline: Some(flags.deadline),
        defaults,
        overrides: overrides.clone(),
    }
}

/// Files larger than this are not read (images, stylesheets).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// A loader that reads files named by the document, relative to its folder, and
/// refuses anything outside that folder (absolute paths, `..`, symbolic links out)
/// and the `allowed` folders (`--allow-path`); `file:` URLs are refused. Paths are
/// resolved (symbolic links followed) before they are compared. With `remote`, it
/// fetches `http(s)://` URLs, all of them within the one deadline given with it (the
/// render's `--timeout`); without, it refuses them. The canonical path of each file
/// served is added to `record`.
pub fn confined_loader(
    base: PathBuf,
    allowed: &[PathBuf],
    remote: Option<(Arc<remote::Remote>, std::time::Instant)>,
    record: Option<ReadSet>,
) -> cvpdf::Loader {
    let allowed: Vec<PathBuf> = allowed.iter().filter_map(|p| p.canonicalize().ok()).collect();
    Arc::new(move |name: &str| {
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            return match &remote {
                Some((r, until)) => r.fetch(name, *until),
                None => Err("remote files are not fetched; pass `--allow-remote`".into()),
            };
        }
        let name = name.split(['?', '#']).next().unwrap_or(name);
        let name = percent_decode(name);
        if name.to_ascii_lowercase().starts_with("file:") {
            return Err("`file:` URLs are refused; use a path relative to the document".into());
        }
        let rel = Path::new(&name);
        let in_allowed = |p: &Path| allowed.iter().any(|a| p.starts_with(a));
        if rel.is_absolute() && !rel.canonicalize().is_ok_and(|p| in_allowed(&p)) {
            return Err("absolute paths are refused; use a path relative to the document (or pass `--allow-path`)".into());
        }
        let root = base.canonicalize().map_err(|e| format!("cannot resolve the document folder ({e})"))?;
        let full = root.join(rel).canonicalize().map_err(|e| format!("cannot open it ({})", io_reason(&e)))?;
        if !full.starts_with(&root) && !in_allowed(&full) {
            return Err("it is outside the document's folder (pass `--allow-path DIR` to allow another folder)".into());
        }
        if let Some(record) = &record {
            if let Ok(mut set) = record.lock() {
                set.insert(full.clone());
            }
        }
        read_regular_file(&full, MAX_FILE_BYTES)
    })
}

/// Reads a regular file of at most `limit` bytes. Anything else is refused without
/// waiting: a FIFO would block `read` until someone writes to it, a device like
/// `/dev/zero` never ends. The file is opened non-blocking and its type checked on
/// the open handle, so it cannot be swapped for a FIFO in between.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| format!("cannot open it ({})", io_reason(&e)))?;
    let meta = file.metadata().map_err(|e| format!("cannot open it ({})", io_reason(&e)))?;
    if meta.is_dir() {
        return Err("it is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err(format!("it is {}, not a regular file; only regular files are read", special_file_kind(&meta)));
    }
    if meta.len() > limit {
        return Err(format!("it is larger than {} MB", limit / 1024 / 1024));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read it ({})", io_reason(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(format!("it is larger than {} MB", limit / 1024 / 1024));
    }
    Ok(bytes)
}

/// What a file that is neither regular nor a folder is, in words.
fn special_file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        } else if t.is_char_device() || t.is_block_device() {
            return "a device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
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
pub fn iso_date(secs: i64) -> String {
    let (y, m, d) = cvpdf::date::civil_from_days(secs.div_euclid(86_400));
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
pub fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Width of a tab in the printed source line.
const TAB_WIDTH: usize = 4;

/// The most columns of a source line shown under a diagnostic; a longer line is cut
/// to a window around the span, with `…` where it was cut.
pub const EXCERPT_COLUMNS: usize = 100;

/// Of [`EXCERPT_COLUMNS`], the most shown before the span.
const EXCERPT_BEFORE: usize = 40;

/// The most characters of a message, hint or file name echoed; longer ones keep
/// their start and end around a `…`.
pub const MAX_ECHOED_CHARS: usize = 400;

/// The most diagnostics printed for one file, and of one kind (the same severity and
/// message once the parts in backquotes and the numbers are set aside); a note says
/// how many more there were.
pub const MAX_SHOWN_PER_FILE: usize = 100;

/// See [`MAX_SHOWN_PER_FILE`].
pub const MAX_SHOWN_ALIKE: usize = 10;

/// How a character that must not reach a terminal or a log raw is shown: C0
/// controls (tab aside), DEL, C1 controls (U+009B is a CSI on some terminals), bidi
/// controls (which reorder what is shown) and line and paragraph separators become
/// `\u{1b}`-style escapes; `None` for every other character.
pub fn escaped_char(c: char) -> Option<String> {
    let bad = matches!(c, '\0'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}');
    bad.then(|| format!("\\u{{{:x}}}", c as u32))
}

/// `text` with [`escaped_char`] applied, and tabs too when `tabs` is set.
pub fn escape_text(text: &str, tabs: bool) -> std::borrow::Cow<'_, str> {
    let needs = |c: char| (tabs && c == '\t') || escaped_char(c).is_some();
    if !text.chars().any(needs) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match escaped_char(c) {
            Some(e) => out.push_str(&e),
            None if tabs && c == '\t' => out.push_str("\\t"),
            None => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A string from the document or the file system made safe to echo: at most
/// [`MAX_ECHOED_CHARS`] characters (start and end kept around `…`), control and bidi
/// characters escaped (tabs too: an echoed string stays on one line).
pub fn echo(text: &str) -> String {
    let count = text.chars().count();
    if count <= MAX_ECHOED_CHARS {
        return escape_text(text, true).into_owned();
    }
    let head: String = text.chars().take(MAX_ECHOED_CHARS * 3 / 4).collect();
    let tail_start = text.char_indices().nth(count - MAX_ECHOED_CHARS / 4).map_or(text.len(), |(i, _)| i);
    format!("{}…{}", escape_text(&head, true), escape_text(&text[tail_start..], true))
}

/// Columns a character of a source line takes once shown.
fn shown_width(c: char) -> usize {
    match c {
        '\t' => TAB_WIDTH,
        c => escaped_char(c).map_or(1, |e| e.len()),
    }
}

fn push_shown(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str(&" ".repeat(TAB_WIDTH)),
        c => match escaped_char(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        },
    }
}

/// The shown form of a source line for a span starting at (1-based) character `col`
/// and `span_chars` long: the text (cut to a window of [`EXCERPT_COLUMNS`] around the
/// span when longer, tabs expanded, controls escaped), the columns before the span's
/// first caret, and the number of carets.
fn excerpt(text: &str, col: usize, span_chars: usize) -> (String, usize, usize) {
    let start_byte = text.char_indices().nth(col.saturating_sub(1)).map_or(text.len(), |(i, _)| i);
    let start = text[..start_byte].chars().count();
    let total: usize = text.chars().map(shown_width).sum();
    let (from, to) = if total <= EXCERPT_COLUMNS {
        (0, usize::MAX)
    } else {
        let mut used = 0;
        let mut from = start;
        for c in text[..start_byte].chars().rev() {
            if used + shown_width(c) > EXCERPT_BEFORE {
                break;
            }
            used += shown_width(c);
            from -= 1;
        }
        let mut to = start;
        for c in text[start_byte..].chars() {
            if used + shown_width(c) > EXCERPT_COLUMNS && to > start {
                break;
            }
            used += shown_width(c);
            to += 1;
        }
        (from, to)
    };
    let mut shown = String::new();
    let mut pad = 0;
    let mut carets = 0;
    if from > 0 {
        shown.push('…');
        pad += 1;
    }
    for (i, c) in text.chars().enumerate().skip(from) {
        if i >= to {
            shown.push('…');
            break;
        }
        push_shown(&mut shown, c);
        if i < start {
            pad += shown_width(c);
        } else if i < start + span_chars {
            carets += shown_width(c);
        }
    }
    (shown, pad, carets.max(1))
}

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
/// A span covering several characters gets one caret per column, cut at the end of
/// its first line. A long line is cut to a window around the span ([`excerpt`]);
/// file name, message and hints go through [`echo`], so nothing from the document
/// reaches the terminal raw.
pub fn render_diagnostic(file: &str, source: &str, diag: &Diagnostic) -> String {
    let mut out = String::new();
    let file = echo(file);
    let message = echo(&diag.message);
    let Some(span) = diag.span.clone() else {
        let _ = writeln!(out, "{file}: {}: {message}", diag.severity);
        for hint in &diag.hints {
            let _ = writeln!(out, "  = hint: {}", echo(hint));
        }
        return out;
    };
    let (line, col) = line_col(source, span.start);
    let _ = writeln!(out, "{file}:{line}:{col}: {}: {message}", diag.severity);

    let text = line_text(source, span.start);
    let gutter = " ".repeat(line.to_string().len());
    let span_chars = source.get(span.start.min(source.len())..span.end.clamp(span.start, source.len())).map_or(0, |s| s.chars().count());
    let (shown, pad, carets) = excerpt(text, col, span_chars);
    let _ = writeln!(out, " {line} | {shown}");
    let _ = writeln!(out, " {gutter} | {}{}", " ".repeat(pad), "^".repeat(carets));
    for hint in &diag.hints {
        let _ = writeln!(out, " {gutter} = hint: {}", echo(hint));
    }
    out
}

/// Adds ANSI colours to a diagnostic rendered by [`render_diagnostic`]. The caller
/// writes through `anstream`, which drops them unless stderr is a terminal and
/// `NO_COLOR` is unset.
pub fn colorize(text: &str, severity: Severity) -> String {
    use anstyle::{AnsiColor, Style};
    let sev = match severity {
        Severity::Error => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::Warning => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Note => Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
    };
    let bold = Style::new().bold();
    let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            let label = format!(": {severity}: ");
            match line.find(&label) {
                Some(at) => {
                    let (loc, rest) = line.split_at(at);
                    let msg = &rest[label.len()..];
                    let _ = write!(out, "{bold}{loc}{bold:#}: {sev}{severity}{sev:#}: {bold}{msg}{bold:#}");
                }
                None => out.push_str(line),
            }
        } else if let Some(bar) = line.find(" | ").or_else(|| line.find(" = ")) {
            let (gutter, rest) = line.split_at(bar + 3);
            if rest.trim_start().starts_with('^') && rest.trim().chars().all(|c| c == '^') {
                let pad = rest.len() - rest.trim_start().len();
                let _ = write!(out, "{blue}{gutter}{blue:#}{}{sev}{}{sev:#}", &rest[..pad], &rest[pad..]);
            } else {
                let _ = write!(out, "{blue}{gutter}{blue:#}{rest}");
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// One diagnostic as a JSON object on one line (`line` and `column` are 1-based,
/// `null` without a position).
pub fn json_diagnostic(file: &str, source: &str, diag: &Diagnostic) -> String {
    let (line, column) = match &diag.span {
        Some(span) => {
            let (l, c) = line_col(source, span.start);
            (serde_json::Value::from(l), serde_json::Value::from(c))
        }
        None => (serde_json::Value::Null, serde_json::Value::Null),
    };
    let value = serde_json::json!({
        "type": "diagnostic",
        "severity": diag.severity.to_string(),
        "file": echo(file),
        "line": line,
        "column": column,
        "message": echo(&diag.message),
        "hints": diag.hints.iter().map(|h| echo(h)).collect::<Vec<_>>(),
    });
    format!("{value}\n")
}

/// One diagnostic as a GitHub Actions workflow command; hints go on extra lines of
/// the message.
pub fn github_diagnostic(file: &str, source: &str, diag: &Diagnostic) -> String {
    let mut props = format!("file={}", gh_property(&echo(file)));
    if let Some(span) = &diag.span {
        let (l, c) = line_col(source, span.start);
        let _ = write!(props, ",line={l},col={c}");
    }
    let mut message = echo(&diag.message);
    for hint in &diag.hints {
        let _ = write!(message, "\nhint: {}", echo(hint));
    }
    // GitHub calls a note a notice.
    let command = match diag.severity {
        Severity::Note => "notice".to_string(),
        s => s.to_string(),
    };
    format!("::{command} {props}::{}\n", gh_data(&message))
}

fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Formats a diagnostic in the chosen format (human form without colour; see
/// [`colorize`]).
pub fn format_diagnostic(format: MessageFormat, file: &str, source: &str, diag: &Diagnostic) -> String {
    match format {
        MessageFormat::Human => render_diagnostic(file, source, diag),
        MessageFormat::Json => json_diagnostic(file, source, diag),
        MessageFormat::Github => github_diagnostic(file, source, diag),
    }
}

/// What is printed of one file's diagnostics (given in order): each is shown unless
/// [`MAX_SHOWN_ALIKE`] of its kind or [`MAX_SHOWN_PER_FILE`] in all were shown
/// already; a note follows the last one shown of a kind that has more, and a note
/// at the end counts the rest. Counting (exit status, summary) is not affected.
pub fn shown_diagnostics(diags: &[Diagnostic]) -> Vec<std::borrow::Cow<'_, Diagnostic>> {
    use std::borrow::Cow;
    use std::collections::HashMap;
    let kind = |d: &Diagnostic| {
        let outside_quotes = d.message.split('`').step_by(2).collect::<Vec<_>>().join("`…`");
        let key: String = outside_quotes.chars().filter(|c| !c.is_ascii_digit()).collect();
        (d.severity, key)
    };
    let mut totals: HashMap<(Severity, String), usize> = HashMap::new();
    for d in diags {
        *totals.entry(kind(d)).or_default() += 1;
    }
    let mut seen: HashMap<(Severity, String), usize> = HashMap::new();
    let mut announced = std::collections::HashSet::new();
    let mut out = Vec::new();
    let mut shown = 0;
    let mut left = [0usize; 3];
    for d in diags {
        let k = kind(d);
        let n = seen.entry(k.clone()).or_default();
        *n += 1;
        if *n > MAX_SHOWN_ALIKE && announced.contains(&k) {
            continue;
        }
        if *n > MAX_SHOWN_ALIKE || shown >= MAX_SHOWN_PER_FILE {
            left[d.severity as usize] += 1;
            continue;
        }
        shown += 1;
        out.push(Cow::Borrowed(d));
        let total = totals.get(&k).copied().unwrap_or(0);
        if *n == MAX_SHOWN_ALIKE && total > MAX_SHOWN_ALIKE {
            let more = total - MAX_SHOWN_ALIKE;
            let what = d.severity;
            out.push(Cow::Owned(Diagnostic::note(format!(
                "… and {} more {what}{} like this one, not shown",
                thousands(more),
                plural(more)
            ))));
            announced.insert(k);
        }
    }
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Note]
        .into_iter()
        .filter(|s| left[*s as usize] > 0)
        .map(|s| format!("{} more {s}{}", thousands(left[s as usize]), plural(left[s as usize])))
        .collect();
    if !parts.is_empty() {
        out.push(Cow::Owned(Diagnostic::note(format!(
            "… and {}, not shown (at most {MAX_SHOWN_PER_FILE} diagnostics are printed per file)",
            parts.join(" and ")
        ))));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `4990` as `4,990`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Writes the PDF to `target`, the way its kind of file needs:
///
/// - a regular file (or a path with nothing there yet) is replaced atomically
///   ([`write_atomically`]);
/// - a symbolic link to a regular file (or to nothing yet) keeps the link: its target
///   is replaced atomically;
/// - anything else (a device like `/dev/null`, a FIFO, `-o >(cmd)`, `/dev/stdout`,
///   `/dev/fd/N`) is opened and written into, never renamed over (renaming over
///   `/dev/null` as root would delete the device);
/// - a folder is an error.
pub fn write_output(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let link = fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink());
    match fs::metadata(target) {
        Ok(meta) if meta.is_dir() => Err(io::Error::other("it is a folder")),
        Ok(meta) if !meta.is_file() || through_descriptor(target) => write_into(target, bytes, meta.is_file()),
        Ok(_) if link => write_atomically(&fs::canonicalize(target)?, bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound && link => match link_target(target) {
            Some(path) => write_atomically(&path, bytes),
            None => Err(io::Error::new(io::ErrorKind::NotFound, "it is a symbolic link that leads nowhere")),
        },
        _ => write_atomically(target, bytes),
    }
}

/// Whether a path names an open file descriptor (`/dev/stdout`, `/dev/fd/N`,
/// `/proc/self/fd/N`): what it leads to belongs to whoever opened it, so it is
/// written into even when it is a regular file (`-o /dev/stdout > cv.pdf`).
fn through_descriptor(path: &Path) -> bool {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let text = current.to_string_lossy();
        if text.starts_with("/dev/fd/") || text.starts_with("/proc/") {
            return true;
        }
        match fs::read_link(&current) {
            Ok(next) => current = parent_dir(&current).join(next),
            Err(_) => return false,
        }
    }
    false
}

/// Where a chain of symbolic links ends (a path that may not exist yet), or `None`
/// for a loop.
fn link_target(path: &Path) -> Option<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::read_link(&current) {
            Ok(next) => current = parent_dir(&current).join(next),
            Err(_) => return Some(current),
        }
    }
    None
}

/// Writes into an existing non-regular file (a device, a FIFO, a descriptor),
/// truncating it first only when it is a regular file behind a descriptor path.
fn write_into(target: &Path, bytes: &[u8], truncate: bool) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).truncate(truncate).open(target)?;
    file.write_all(bytes)?;
    file.flush()
}

/// Writes `bytes` to `target` without ever leaving a half-written file: the bytes go to
/// `.{name}.cvpdf-tmp-{pid}` in the same folder, are flushed and synced, and the
/// temporary file is renamed over `target`. On error the temporary file is removed and
/// `target` is left as it was. Temporary files for the same target left by runs that
/// were killed (their process is gone) are removed first.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = target.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the output path has no file name"))?;
    let dir = parent_dir(target);
    remove_stale_temps(dir, name);
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

/// Removes `.{name}.cvpdf-tmp-{pid}` files in `dir` whose process no longer runs.
fn remove_stale_temps(dir: &Path, name: &std::ffi::OsStr) {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".cvpdf-tmp-");
    let prefix = prefix.to_string_lossy().into_owned();
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)).and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id runs (on systems without `/proc`, assume it does:
/// a leftover is better than removing another run's file).
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        true
    }
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

    fn plan(args: &[&str]) -> Result<Job, UsageError> {
        jobs(args).map(|mut j| j.remove(0))
    }

    fn jobs(args: &[&str]) -> Result<Vec<Job>, UsageError> {
        let args = Args::try_parse_from(std::iter::once("cvpdf").chain(args.iter().copied())).expect("arguments parse");
        match Plan::from_args(args)? {
            Plan::Batch(b) => Ok(b.jobs),
            other => panic!("not a batch: {other:?}"),
        }
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
    fn several_inputs_need_a_folder() {
        let j = jobs(&["a.md", "cv/b.md", "-o", "out/"]).unwrap();
        assert_eq!(j[1].output, Output::File("out/b.pdf".into()));
        assert!(jobs(&["a.md", "b.md", "-o", "x.pdf"]).is_err());
        assert!(jobs(&["a.md", "-"]).is_err());
        assert_eq!(jobs(&["a.md", "b.md"]).unwrap()[1].output, Output::File("b.pdf".into()));
    }

    #[test]
    fn margins_parse_in_css_order() {
        let m = parse_margin("10pt 20pt").unwrap();
        assert_eq!((m.top, m.right, m.bottom, m.left), (10.0, 20.0, 10.0, 20.0));
        assert!(parse_margin("").is_err());
        assert!(parse_margin("1 2 3 4 5").is_err());
    }

    #[test]
    fn github_commands_escape() {
        let d = Diagnostic::warning(0..1, "a,b: 50%").with_hint("h");
        assert_eq!(github_diagnostic("d:c,v.md", "x", &d), "::warning file=d%3Ac%2Cv.md,line=1,col=1::a,b: 50%25%0Ahint: h\n");
        // A line break from the document stays inside the message, escaped.
        let d = Diagnostic::warning(0..1, "a\r::notice::all good\nb");
        assert_eq!(github_diagnostic("cv.md", "x", &d), "::warning file=cv.md,line=1,col=1::a\\u{d}::notice::all good\\u{a}b\n");
    }

    #[test]
    fn refuses_to_overwrite_input() {
        assert!(plan(&["cv.pdf"]).is_err());
        assert!(plan(&["a.md", "-o", "a.md"]).is_err());
    }

    #[test]
    fn renders_caret_under_span() {
        let src = "---\ntitle: a: b\n---\n";
        let d = Diagnostic::error(12..13, "mapping values are not allowed").with_hint("quote the value");
        assert_eq!(
            render_diagnostic("bad.md", src, &d),
            "bad.md:2:9: error: mapping values are not allowed\n 2 | title: a: b\n   |         ^\n   = hint: quote the value\n"
        );
    }

    #[test]
    fn multi_char_span_stops_at_line_end() {
        let src = "ab\tcdef\nxyz\n";
        let d = Diagnostic::warning(3..11, "w");
        assert_eq!(render_diagnostic("<stdin>", src, &d), "<stdin>:1:4: warning: w\n 1 | ab    cdef\n   |       ^^^^\n");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_span() {
        let src = format!("{}TARGET{}\n", "a".repeat(5000), "b".repeat(5000));
        let d = Diagnostic::warning(5000..5006, "w");
        let text = render_diagnostic("cv.md", &src, &d);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], format!(" 1 | …{}TARGET{}…", "a".repeat(40), "b".repeat(54)));
        assert_eq!(lines[2], format!("   | {}^^^^^^", " ".repeat(41)));
        // At the start and at the end of a long line, only one side is cut.
        let d = Diagnostic::warning(0..1, "w");
        assert_eq!(render_diagnostic("cv.md", &src, &d).lines().nth(1), Some(format!(" 1 | {}…", "a".repeat(100)).as_str()));
        let d = Diagnostic::warning(10_006..10_006, "w");
        assert_eq!(render_diagnostic("cv.md", &src, &d).lines().nth(1), Some(format!(" 1 | …{}", "b".repeat(40)).as_str()));
        // A long message or file name keeps its start and end.
        let d = Diagnostic::warning(None, format!("no `{}` here", "x".repeat(10_000)));
        let text = render_diagnostic(&"f".repeat(1000), "", &d);
        assert!(text.len() < 1000 && text.ends_with("` here\n") && text.contains('…'), "{text}");
    }

    #[test]
    fn controls_are_escaped_and_carets_follow_them() {
        let src = "a\u{1b}[2Jb\u{202e}c\rd\n";
        let d = Diagnostic::warning(9..10, "bad \u{9b}31m\r\nall good").with_hint("\u{1b}]8;;x\u{7}");
        assert_eq!(
            render_diagnostic("f\u{1b}.md", src, &d),
            "f\\u{1b}.md:1:8: warning: bad \\u{9b}31m\\u{d}\\u{a}all good\n 1 | a\\u{1b}[2Jb\\u{202e}c\\u{d}d\n   |                    ^\n   = hint: \\u{1b}]8;;x\\u{7}\n"
        );
    }

    #[test]
    fn at_most_ten_alike_and_a_hundred_per_file_are_shown() {
        let alike: Vec<Diagnostic> = (0..5000).map(|i| Diagnostic::warning(i..i + 1, format!("link target `#a{i}` is missing"))).collect();
        let shown = shown_diagnostics(&alike);
        assert_eq!(shown.len(), 11);
        assert_eq!(shown[10].message, "… and 4,990 more warnings like this one, not shown");
        let mut different: Vec<Diagnostic> =
            (0..150).map(|i| Diagnostic::warning(i..i + 1, format!("problem {}", "x".repeat(i)))).collect();
        different.push(Diagnostic::error(None, "and an error"));
        let shown = shown_diagnostics(&different);
        assert_eq!(shown.len(), 101);
        assert_eq!(shown[100].message, "… and 1 more error and 50 more warnings, not shown (at most 100 diagnostics are printed per file)");
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_795_392_000), "2026-11-23");
    }

    #[test]
    fn spanless_diagnostic() {
        let d = Diagnostic::error(None, "no fonts").with_hint("reinstall");
        assert_eq!(render_diagnostic("a.md", "", &d), "a.md: error: no fonts\n  = hint: reinstall\n");
    }

    #[test]
    fn empty_span_at_end_of_file() {
        let src = "# x";
        let d = Diagnostic::error(3..3, "e");
        assert_eq!(render_diagnostic("a.md", src, &d), "a.md:1:4: error: e\n 1 | # x\n   |    ^\n");
    }
}

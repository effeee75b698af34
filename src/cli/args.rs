//! What the user typed: the command line as clap reads it ([`Args`]). Nothing here
//! touches the file system; [`super::plan`] resolves it.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// The exit statuses, as documented in `--help` and the README.
pub const EXIT_HELP: &str = "Exit status:
  0  success (warnings allowed)
  1  errors in the input (nothing written for that file)
  2  usage error (bad arguments, no input, the output would overwrite the input
     or is a terminal)
  3  warnings, with --deny-warnings (no PDF written)
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
        document's folder or above (or the --config file); precedence: built-in < config file < front matter < flags.",
    after_help = EXIT_HELP,
    subcommand_negates_reqs = true,
    args_conflicts_with_subcommands = true
)]
pub struct Args {
    /// What to do instead of rendering.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Markdown files to render, or `-` for standard input [default: standard input
    /// when it is a pipe or a file; without INPUT on a terminal, a short help].
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<OsString>,

    /// Where to write the PDF, or `-` for standard output (never a terminal). A
    /// folder (existing, or ending in `/`) takes one PDF per input; missing parent
    /// folders are created.
    /// [default: INPUT with the extension `.pdf`; standard output if INPUT is `-`]
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: Option<OsString>,

    /// Render again whenever the input or a file it uses changes (Ctrl-C ends).
    #[arg(short, long)]
    pub watch: bool,

    /// Also write the PDF's text layer (what an applicant tracking system reads) as
    /// plain text beside the PDF, as NAME.txt, so that a diff shows what changed.
    /// (`-o NAME.txt` writes only the text.)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub emit: Option<Emit>,

    /// The resolution of PNG pages (`-o NAME.png`), in pixels per inch [default: 144].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=2400))]
    pub ppi: Option<u32>,

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
    /// Serve a live preview of INPUT on 127.0.0.1: the pages as they will print,
    /// updated on every save, with errors, margins and box outlines, and the ATS view.
    Preview(Box<PreviewArgs>),
    /// Write a starter résumé (fictional) with the common front-matter keys.
    Init {
        /// Where to write it (never overwritten; missing folders are created), or `-`
        /// for standard output.
        #[arg(value_name = "FILE", default_value = "resume.md")]
        file: PathBuf,
    },
    /// List the built-in themes.
    Themes,
    /// List the bundled fonts, then the system's and --font-dir ones used for
    /// characters the bundled fonts lack.
    Fonts {
        /// Also list the fonts in this folder. May be given several times.
        #[arg(long, value_name = "DIR")]
        font_dir: Vec<PathBuf>,
        /// Leave out the system's fonts (as a render with it does).
        #[arg(long)]
        no_system_fonts: bool,
    },
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
    /// Markdown files to check, or `-` for standard input [default: standard input
    /// when it is a pipe or a file].
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<OsString>,
    #[command(flatten)]
    pub doc: DocArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// `cvpdf preview`'s arguments.
#[derive(Debug, clap::Args)]
pub struct PreviewArgs {
    /// The Markdown file to preview.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,
    /// The port to serve on, on 127.0.0.1 only [default: one the system chooses].
    #[arg(long, value_name = "PORT", default_value_t = 0)]
    pub port: u16,
    /// Open the page in the default web browser.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub doc: DocArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Options about the document; they override its front matter.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct DocArgs {
    /// Paper format (any case).
    #[arg(long, value_name = "NAME", help_heading = "Document", ignore_case = true, value_parser = names(cvpdf::front_matter::FORMATS))]
    pub format: Option<String>,

    /// Margins: 1-4 lengths in CSS order, e.g. `20mm` or `1in 2cm`.
    #[arg(long, value_name = "LENGTHS", help_heading = "Document")]
    pub margin: Option<String>,

    /// Landscape orientation.
    #[arg(long, help_heading = "Document")]
    pub landscape: bool,

    /// Built-in theme (see `cvpdf themes`).
    #[arg(long, value_name = "NAME", help_heading = "Document", value_parser = names(cvpdf::style::THEMES))]
    pub theme: Option<String>,

    /// CSS text applied after everything else, as in md-to-pdf (`--css 'h1 { color:
    /// navy }'`; a file goes to --stylesheet). May be given several times.
    #[arg(long, value_name = "CSS", help_heading = "Document")]
    pub css: Vec<String>,

    /// Stylesheet file applied after the document's own CSS (before --css). May be
    /// given several times.
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

    /// Use this configuration file instead of looking for `cvpdf.toml` /
    /// `.cvpdf.yaml` from the document's folder up (an error if it cannot be read).
    #[arg(long, value_name = "FILE", help_heading = "Document", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

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

    /// Treat warnings as failures: exit status 3, and no PDF is written (the
    /// previous one stays), as `cargo` under `-D warnings` builds nothing.
    #[arg(long, help_heading = "Diagnostics")]
    pub deny_warnings: bool,

    /// Also say which configuration file each document used.
    #[arg(short, long, help_heading = "Diagnostics")]
    pub verbose: bool,

    /// Print only errors on standard error: no warnings, notes, progress or summary
    /// (under --deny-warnings, warnings fail and are still printed).
    #[arg(short, long, help_heading = "Diagnostics", conflicts_with = "verbose")]
    pub quiet: bool,

    /// When to colour diagnostics: `auto` on a terminal unless NO_COLOR is set
    /// (CLICOLOR_FORCE=1 forces it), `always` or `never` (whatever the environment).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto, help_heading = "Diagnostics")]
    pub color: ColorWhen,
}

/// When diagnostics are coloured (`--color`), as in ripgrep and cargo.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set; `CLICOLOR_FORCE=1` forces colour.
    #[default]
    Auto,
    /// Always, even into a pipe or with `NO_COLOR` set.
    Always,
    /// Never.
    Never,
}

/// What `--emit` adds beside the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Emit {
    /// The text layer as plain text (NAME.txt).
    Text,
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

/// A flag's values from one of the library's lists, for `--help` and completions.
fn names(list: &'static [&'static str]) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(list.iter().copied())
}

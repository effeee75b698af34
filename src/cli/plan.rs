//! What we will do about the command line ([`Plan`]): inputs paired with outputs,
//! flags checked and converted into library settings.
//!
//! As in ripgrep, parsing and resolving are split: [`super::args::Args`] holds only
//! what was typed, [`Plan::from_args`] turns it into paths and library options, and
//! nothing before [`Plan`] touches the file system except to compare paths.

use std::ffi::OsString;
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cvpdf::front_matter::Settings;
use cvpdf::geom::Sides;

use super::args::{Args, ColorWhen, Command, DocArgs, MessageFormat, ReportArgs};
use super::fonts::SystemFonts;
use super::remote;

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

/// The resolved plan: what `main` does.
#[derive(Debug, Clone)]
pub enum Plan {
    /// Render (or check) files.
    Batch(Box<Batch>),
    /// Serve a live preview of one file.
    Preview(Box<Batch>, super::preview::Serve),
    /// Write a starter résumé.
    Init(PathBuf),
    /// List themes.
    Themes,
    /// List fonts: the bundled ones and those of the system's and `--font-dir`
    /// folders.
    Fonts(Option<Arc<SystemFonts>>),
    /// Print completions.
    Completions(clap_complete::Shell),
    /// Print the man page.
    Man,
    /// No input given, and standard input is a terminal: say how to use cvpdf.
    ShortHelp,
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
    /// Print only errors (`-q`).
    pub quiet: bool,
    /// When to colour diagnostics (`--color`).
    pub color: ColorWhen,
    /// Also write the text layer beside each PDF (`--emit text`).
    pub emit_text: bool,
    /// The resolution of PNG pages (`-o NAME.png`, `--ppi`), in pixels per inch.
    pub ppi: u32,
    /// Flag values, before the files they name are read.
    pub flags: Flags,
}

/// The document flags, resolved (the files they name are read later, by
/// [`super::loader::read_flag_files`]).
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// Values over the front matter (everything but file contents).
    pub overrides: Settings,
    /// `--stylesheet` files, applied before [`Flags::css_texts`].
    pub css_files: Vec<PathBuf>,
    /// `--css` texts.
    pub css_texts: Vec<String>,
    /// `--header-template`.
    pub header_template: Option<PathBuf>,
    /// `--footer-template`.
    pub footer_template: Option<PathBuf>,
    /// Font folders (watched too).
    pub font_dirs: Vec<PathBuf>,
    /// System fonts to fall back on.
    pub system_fonts: Option<Arc<SystemFonts>>,
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
    /// `--config`: the configuration file to use instead of looking for one.
    pub config_file: Option<PathBuf>,
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
        let batch = |mut inputs: Vec<OsString>, output: Option<OsString>, doc: DocArgs, report: ReportArgs, check: bool, watch: bool| {
            let format = report.message_format.unwrap_or(if github { MessageFormat::Github } else { MessageFormat::Human });
            if inputs.is_empty() {
                // As ripgrep: standard input when something is piped or redirected in.
                match super::loader::stdin_is_readable() {
                    true => inputs.push("-".into()),
                    false => return Ok(Plan::ShortHelp),
                }
            }
            let (jobs, out_dir) = resolve_jobs(inputs, output, check)?;
            if watch && jobs.iter().any(|j| j.input == Input::Stdin || j.output == Output::Stdout) {
                return Err(UsageError("--watch needs files, not standard input or output".into()));
            }
            if jobs.iter().any(|j| j.output == Output::Stdout) && std::io::stdout().is_terminal() {
                return Err(UsageError(
                    "standard output is a terminal, where a PDF is unreadable bytes; redirect it (`cvpdf - < cv.md > cv.pdf`) or pass `-o FILE`"
                        .into(),
                ));
            }
            Ok(Plan::Batch(Box::new(Batch {
                jobs,
                out_dir,
                check,
                watch,
                format,
                deny_warnings: report.deny_warnings,
                verbose: report.verbose,
                quiet: report.quiet,
                color: report.color,
                emit_text: false,
                ppi: cvpdf::svg::DEFAULT_PPI as u32,
                flags: resolve_flags(doc)?,
            })))
        };
        match args.command {
            None => batch(args.inputs, args.output, args.doc, args.report, false, args.watch)
                .and_then(|p| super::emit::plan(p, args.emit))
                .and_then(|p| super::pages::plan(p, args.ppi)),
            Some(Command::Check(c)) => {
                let c = *c;
                batch(c.inputs, None, c.doc, c.report, true, false)
            }
            Some(Command::Preview(p)) => {
                let p = *p;
                if p.input.as_os_str() == "-" {
                    return Err(UsageError("preview needs a file to watch, not standard input".into()));
                }
                let serve = super::preview::Serve { port: p.port, open: p.open };
                match batch(vec![p.input.into_os_string()], None, p.doc, p.report, true, true)? {
                    Plan::Batch(mut b) => {
                        b.check = false;
                        Ok(Plan::Preview(b, serve))
                    }
                    other => Ok(other),
                }
            }
            Some(Command::Init { file }) => Ok(Plan::Init(file)),
            Some(Command::Themes) => Ok(Plan::Themes),
            Some(Command::Fonts { font_dir, no_system_fonts }) => Ok(Plan::Fonts(system_fonts(&font_dir, no_system_fonts))),
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
    let overrides =
        Settings { format, landscape: doc.landscape.then_some(true), margin, theme: doc.theme, title: doc.title, ..Settings::default() };
    let system_fonts = system_fonts(&doc.font_dir, doc.no_system_fonts);
    let timestamp = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    if let Some(file) = doc.css.iter().find(|css| names_a_file(css)) {
        return Err(UsageError(format!(
            "--css takes CSS text (as in md-to-pdf: `--css 'h1 {{ color: navy }}'`), not a file; \
             to apply the file `{file}`, pass `--stylesheet {file}`"
        )));
    }
    Ok(Flags {
        overrides,
        css_files: doc.stylesheet,
        css_texts: doc.css,
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
        config_file: doc.config,
        fix_encoding: doc.fix_encoding,
        allow_paths: doc.allow_path,
        remote: doc.allow_remote.then(|| Arc::new(remote::Remote::new(doc.allow_remote_host, doc.remote_cache))),
    })
}

/// Whether a `--css` value is a file's name rather than CSS text (which `--css`
/// took before it took text): no rule in it, and a name ending in `.css` or an
/// existing file.
fn names_a_file(css: &str) -> bool {
    let css = css.trim();
    !css.contains('{') && (css.to_ascii_lowercase().ends_with(".css") || Path::new(css).is_file())
}

/// The fonts beyond the bundled ones: the `--font-dir` folders, then the system's
/// unless `--no-system-fonts`; `None` when that leaves none.
fn system_fonts(font_dirs: &[PathBuf], no_system_fonts: bool) -> Option<Arc<SystemFonts>> {
    (!no_system_fonts || !font_dirs.is_empty()).then(|| {
        let fonts = if no_system_fonts { SystemFonts::only(font_dirs.to_vec()) } else { SystemFonts::new(font_dirs.to_vec()) };
        Arc::new(fonts)
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

/// Whether two paths name the same file: equal as typed, or equal once resolved
/// (symbolic links, `..`, hard links on Unix).
pub fn same_file(a: &Path, b: &Path) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

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
    fn check_takes_every_flag_of_the_render() {
        use clap::CommandFactory;
        let render = Args::command();
        let flags = |c: &clap::Command| -> Vec<String> {
            let mut v: Vec<String> =
                c.get_arguments().map(|a| format!("{} {:?} {:?} {:?}", a.get_id(), a.get_long(), a.get_short(), a.get_help())).collect();
            // What to write and when: the render's own (check writes nothing).
            v.retain(|f| !["output ", "watch ", "inputs ", "emit ", "ppi "].iter().any(|p| f.starts_with(p)));
            v.sort();
            v
        };
        let check = render.find_subcommand("check").expect("a check subcommand");
        assert!(flags(&render).len() > 20, "{:?}", flags(&render));
        assert_eq!(flags(&render), flags(check), "the same flags, with the same meaning");
    }

    #[test]
    fn refuses_to_overwrite_input() {
        assert!(plan(&["cv.pdf"]).is_err());
        assert!(plan(&["a.md", "-o", "a.md"]).is_err());
    }
}

//! The `cvpdf` binary: reads Markdown, calls [`cvpdf::render`], prints diagnostics on
//! stderr and writes the PDFs atomically.
//!
//! Exit status: 0 on success (warnings allowed), 1 for errors in the input, 2 on usage
//! errors (clap's code, also used when the output would overwrite the input), 3 for
//! warnings under `--deny-warnings`, 4 for I/O failures. Several inputs give the
//! highest-priority status among them: 4, then 1, then 3.

#![forbid(unsafe_code)]

mod cli;

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use clap::{CommandFactory, Parser};
use cli::{Args, Batch, Input, Job, MessageFormat, Output, Plan};
use cvpdf::diag::{Diagnostic, Severity};
use cvpdf::front_matter::Settings;
use rayon::prelude::*;

fn main() -> ExitCode {
    let args = Args::parse();
    let plan = match Plan::from_args(args) {
        Ok(plan) => plan,
        Err(cli::UsageError(msg)) => Args::command().error(clap::error::ErrorKind::ArgumentConflict, msg).exit(),
    };
    match plan {
        Plan::Batch(batch) => {
            let overrides = match read_flag_files(&batch.flags) {
                Ok(o) => o,
                Err(msg) => {
                    print_failure(batch.format, "cvpdf", &msg);
                    return ExitCode::from(4);
                }
            };
            if let Some(dir) = &batch.out_dir {
                if let Err(e) = std::fs::create_dir_all(dir) {
                    let msg = format!("failed to create the folder `{}` ({})", dir.display(), reason(&e));
                    print_failure(batch.format, "cvpdf", &msg);
                    return ExitCode::from(4);
                }
            }
            if batch.watch {
                cli::watch::run(&batch, &overrides)
            } else {
                run_batch(&batch, &overrides)
            }
        }
        Plan::Init(path) => init(&path),
        Plan::Themes => {
            for theme in cvpdf::style::THEMES {
                println!("{theme}");
            }
            ExitCode::SUCCESS
        }
        Plan::Fonts => {
            for face in cvpdf::font::FontBook::bundled().faces() {
                let style = match (face.bold, face.italic) {
                    (true, true) => "bold italic",
                    (true, false) => "bold",
                    (false, true) => "italic",
                    (false, false) => "regular",
                };
                let role = face.family.map_or("fallback".to_owned(), |f| format!("{f:?}").to_lowercase());
                println!("{}\t{style}\t{role}", face.name);
            }
            ExitCode::SUCCESS
        }
        Plan::Completions(shell) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Args::command(), "cvpdf", &mut script);
            print_bytes(&script)
        }
        Plan::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Args::command()).render(&mut page) {
                Ok(()) => print_bytes(&page),
                Err(e) => {
                    eprintln!("cvpdf: error: failed to write the man page ({})", reason(&e));
                    ExitCode::from(4)
                }
            }
        }
    }
}

/// Writes to standard output; a closed pipe (`cvpdf man | head`) is not an error.
fn print_bytes(bytes: &[u8]) -> ExitCode {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("cvpdf: error: failed to write to standard output ({})", reason(&e));
            ExitCode::from(4)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The flag values with the files they name read (`--css`, `--stylesheet`,
/// `--header-template`, `--footer-template`). `Err` is an I/O message.
fn read_flag_files(flags: &cli::Flags) -> Result<Settings, String> {
    let read = |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("failed to read `{}` ({})", p.display(), reason(&e)));
    let mut o = flags.overrides.clone();
    if !flags.css_files.is_empty() {
        let texts: Vec<String> = flags.css_files.iter().map(read).collect::<Result<_, _>>()?;
        o.css = Some(texts.join("\n"));
    }
    o.header_template = flags.header_template.as_ref().map(read).transpose()?;
    o.footer_template = flags.footer_template.as_ref().map(read).transpose()?;
    Ok(o)
}

/// What rendering or checking one input gave.
pub struct Outcome {
    /// The input's name in diagnostics.
    pub name: String,
    /// The output's name in messages.
    pub output_name: String,
    /// The Markdown (empty if it could not be read).
    pub source: String,
    /// Errors and warnings, by position.
    pub diags: Vec<Diagnostic>,
    /// A failure without a position: `(message, is_io)`.
    pub failure: Option<(String, bool)>,
    /// `cvpdf check`'s findings.
    pub report: Option<cli::check::Report>,
    /// Canonical paths of the files the render read.
    pub read: BTreeSet<PathBuf>,
    /// Whether a PDF was written.
    pub written: bool,
}

impl Outcome {
    fn errors(&self) -> usize {
        self.diags.iter().filter(|d| d.severity == Severity::Error).count() + usize::from(self.failure.as_ref().is_some_and(|f| !f.1))
    }

    fn warnings(&self) -> usize {
        self.diags.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    fn io_failed(&self) -> bool {
        self.failure.as_ref().is_some_and(|f| f.1)
    }
}

/// Reads, renders (or checks) and writes one input. Never panics on bad input; all
/// problems end up in the outcome.
pub fn render_one(batch: &Batch, overrides: &Settings, job: &Job) -> Outcome {
    let mut out = Outcome {
        name: job.input.display_name(),
        output_name: match &job.output {
            Output::File(p) => p.display().to_string(),
            Output::Stdout => "<stdout>".into(),
            Output::None => String::new(),
        },
        source: String::new(),
        diags: vec![],
        failure: None,
        report: None,
        read: BTreeSet::new(),
        written: false,
    };
    if let Input::File(p) = &job.input {
        if let (Ok(dir), Some(name)) = (job.input.folder().canonicalize(), p.file_name()) {
            out.read.insert(dir.join(name));
        }
    }
    let source = match read_input(&job.input, batch.flags.fix_encoding) {
        Ok((s, warnings)) => {
            out.diags.extend(warnings);
            s
        }
        Err((msg, io)) => {
            out.failure = Some((msg, io));
            return out;
        }
    };
    let defaults = if batch.flags.use_config {
        match cli::config::find(&job.input.folder()) {
            Some(path) => {
                out.read.insert(path.clone());
                let parsed = std::fs::read_to_string(&path)
                    .map_err(|e| (format!("failed to read `{}` ({})", path.display(), reason(&e)), true))
                    .and_then(|text| cli::config::parse(&path, &text).map_err(|e| (format!("{}: {e}", path.display()), false)));
                match parsed {
                    Ok(s) => s,
                    Err(f) => {
                        out.source = source;
                        out.failure = Some(f);
                        return out;
                    }
                }
            }
            None => Settings::default(),
        }
    } else {
        Settings::default()
    };
    let read: cli::ReadSet = Arc::new(Mutex::new(BTreeSet::new()));
    let options = cli::job_options(&batch.flags, overrides, defaults, &job.input, &read);

    let rendered = cvpdf::render(&source, &options);
    out.diags.extend(rendered.warnings);
    let pdf = match rendered.output {
        Ok(pdf) => Some(pdf),
        Err(errors) => {
            out.diags.extend(errors);
            None
        }
    };
    if batch.check && pdf.is_some() {
        let compiled = cvpdf::compile(&source, &options);
        let fm = cvpdf::front_matter::parse_with(&source, &options.defaults, &options.overrides).output;
        if let (Ok(doc), Ok(fm)) = (compiled.output, fm) {
            let (report, diags) = cli::check::inspect(&source, &fm, &doc);
            out.diags.extend(diags);
            out.report = Some(report);
        }
    }
    cvpdf::sort_diagnostics(&mut out.diags);
    if let Ok(set) = read.lock() {
        out.read.extend(set.iter().cloned());
    }
    out.source = source;
    let Some(pdf) = pdf else { return out };
    let written = match &job.output {
        Output::None => return out,
        Output::Stdout => {
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(&pdf)
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("failed to write the PDF to standard output ({})", reason(&e)))
        }
        Output::File(path) => cli::write_output(path, &pdf).map_err(|e| format!("failed to write `{}` ({})", path.display(), reason(&e))),
    };
    match written {
        Ok(()) => out.written = true,
        Err(msg) => out.failure = Some((msg, true)),
    }
    out
}

/// Renders every job (in parallel), prints what they gave in input order, a
/// summary when there were several, and returns the exit status.
fn run_batch(batch: &Batch, overrides: &Settings) -> ExitCode {
    let start = Instant::now();
    let many = batch.jobs.len() > 1;
    let bar = (many && batch.format == MessageFormat::Human && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(Some(batch.jobs.len() as u64), indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
            bar.set_style(style);
        }
        bar
    });
    let outcomes: Vec<Outcome> = batch
        .jobs
        .par_iter()
        .map(|job| {
            let outcome = render_one(batch, overrides, job);
            if let Some(bar) = &bar {
                bar.set_message(outcome.name.clone());
                bar.inc(1);
            }
            outcome
        })
        .collect();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for outcome in &outcomes {
        print_outcome(batch.format, outcome);
    }
    let errors: usize = outcomes.iter().map(Outcome::errors).sum();
    let warnings: usize = outcomes.iter().map(Outcome::warnings).sum();
    let io_failures = outcomes.iter().filter(|o| o.io_failed()).count();
    if many && batch.format == MessageFormat::Human {
        let ok = outcomes.iter().filter(|o| o.failure.is_none() && o.errors() == 0).count();
        let verb = if batch.check { "checked" } else { "rendered" };
        let mut notes = Vec::new();
        let count = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        if errors > 0 {
            notes.push(count(errors, "error"));
        }
        if warnings > 0 {
            notes.push(count(warnings, "warning"));
        }
        if io_failures > 0 {
            notes.push(format!("{io_failures} I/O failure{}", if io_failures == 1 { "" } else { "s" }));
        }
        let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
        eprintln!("{verb} {} of {}{notes} in {} ms", count(ok, "file"), batch.jobs.len(), start.elapsed().as_millis());
    }
    if io_failures > 0 {
        ExitCode::from(4)
    } else if errors > 0 {
        ExitCode::from(1)
    } else if batch.deny_warnings && warnings > 0 {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

/// Prints an outcome's diagnostics (stderr) and report (stdout).
pub fn print_outcome(format: MessageFormat, outcome: &Outcome) {
    let mut stderr = anstream::stderr().lock();
    for diag in &outcome.diags {
        let text = cli::format_diagnostic(format, &outcome.name, &outcome.source, diag);
        let text = if format == MessageFormat::Human { cli::colorize(&text, diag.severity) } else { text };
        let _ = stderr.write_all(text.as_bytes());
    }
    drop(stderr);
    if let Some((msg, _)) = &outcome.failure {
        print_failure(format, &outcome.name, msg);
    }
    if let Some(report) = &outcome.report {
        let text = match format {
            MessageFormat::Json => cli::check::json(&outcome.name, report),
            _ => cli::check::human(&outcome.name, report),
        };
        let _ = io::stdout().lock().write_all(text.as_bytes());
    }
}

/// Prints an error without a position (I/O, configuration).
fn print_failure(format: MessageFormat, file: &str, msg: &str) {
    let diag = Diagnostic::error(None, msg);
    let text = match format {
        MessageFormat::Human => {
            let style = anstyle::Style::new().bold().fg_color(Some(anstyle::AnsiColor::Red.into()));
            format!("cvpdf: {style}error{style:#}: {msg}\n")
        }
        other => cli::format_diagnostic(other, file, "", &diag),
    };
    let _ = anstream::stderr().lock().write_all(text.as_bytes());
}

/// Reads the whole input and decodes it ([`cvpdf::encoding::decode`]: BOMs, UTF-16,
/// line endings, invalid UTF-8, mojibake); `Err((message, is_io))`. Inputs over
/// [`cvpdf::MAX_INPUT_BYTES`] are refused before they are read in full.
fn read_input(input: &Input, fix_encoding: bool) -> Result<(String, Vec<Diagnostic>), (String, bool)> {
    let limit = cvpdf::MAX_INPUT_BYTES as u64;
    let too_big = |name: &str| (format!("{name} is larger than {} MB", limit / 1024 / 1024), false);
    let (bytes, name) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| (format!("failed to read standard input ({})", reason(&e)), true))?;
            (bytes, "standard input".to_owned())
        }
        Input::File(path) => {
            let name = format!("`{}`", path.display());
            let file = std::fs::File::open(path).map_err(|e| (format!("failed to read `{}` ({})", path.display(), reason(&e)), true))?;
            let mut bytes = Vec::new();
            file.take(limit + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| (format!("failed to read `{}` ({})", path.display(), reason(&e)), true))?;
            (bytes, name)
        }
    };
    if bytes.len() as u64 > limit {
        return Err(too_big(&name));
    }
    let decoded = cvpdf::encoding::decode(&bytes, fix_encoding);
    Ok((decoded.text, decoded.warnings))
}

/// `cvpdf init`: writes the starter résumé, never over an existing file.
fn init(path: &std::path::Path) -> ExitCode {
    const STARTER: &str = include_str!("cli/starter.md");
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(path);
    let result = file.and_then(|mut f| f.write_all(STARTER.as_bytes()).and_then(|()| f.flush()));
    match result {
        Ok(()) => {
            eprintln!("cvpdf: wrote {}; render it with `cvpdf {}`", path.display(), path.display());
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("cvpdf: error: `{}` exists; cvpdf init never overwrites a file", path.display());
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("cvpdf: error: failed to write `{}` ({})", path.display(), reason(&e));
            ExitCode::from(4)
        }
    }
}

/// The operating system's wording of an I/O error, without the `(os error N)` suffix.
fn reason(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

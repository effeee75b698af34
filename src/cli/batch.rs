//! Rendering a batch of inputs: each read, compiled, checked and written on render
//! threads with large stacks (in parallel), a panic kept to its file, then the
//! outcomes printed in input order with a summary and the exit status.

use std::collections::BTreeSet;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use cvpdf::diag::{Diagnostic, Severity};
use cvpdf::front_matter::Settings;
use rayon::prelude::*;

use super::args::MessageFormat;
use super::plan::{Batch, Input, Job, Output};
use super::report::{echo, print_outcome, reason};
use super::{check, config, emit, loader, pages, write};

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
    pub report: Option<check::Report>,
    /// Canonical paths of the files the render read.
    pub read: BTreeSet<PathBuf>,
    /// Whether a PDF was written.
    pub written: bool,
    /// The configuration file used, if any.
    pub config: Option<PathBuf>,
    /// That file as read, with its diagnostics.
    pub config_file: Option<config::Loaded>,
}

impl Outcome {
    /// The diagnostics of the document and of its configuration file.
    fn all_diags(&self) -> impl Iterator<Item = &Diagnostic> {
        self.config_file.iter().flat_map(|c| &c.diags).chain(&self.diags)
    }

    fn errors(&self) -> usize {
        self.all_diags().filter(|d| d.severity == Severity::Error).count() + usize::from(self.failure.as_ref().is_some_and(|f| !f.1))
    }

    fn warnings(&self) -> usize {
        self.all_diags().filter(|d| d.severity == Severity::Warning).count()
    }

    fn io_failed(&self) -> bool {
        self.failure.as_ref().is_some_and(|f| f.1)
    }
}

impl Outcome {
    /// An outcome with nothing in it yet.
    pub fn new(job: &Job) -> Outcome {
        Outcome {
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
            config: None,
            config_file: None,
        }
    }
}

/// The stack of each thread that renders. Rendering recurses over the document's
/// nesting; a thread's default stack (2 MB under rayon, 8 MB for the main thread)
/// ran out on 8 KB of nested emphasis. The memory is reserved, not used: only the
/// pages a render touches are.
pub const RENDER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// A pool of `threads` threads with [`RENDER_STACK_BYTES`] stacks (smaller ones if
/// the address space is limited, `ulimit -v`), or `None` if no thread can be started.
pub fn render_pool(threads: usize) -> Option<rayon::ThreadPool> {
    [RENDER_STACK_BYTES, RENDER_STACK_BYTES / 8].into_iter().find_map(|stack| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .stack_size(stack)
            .thread_name(|i| format!("cvpdf-render-{i}"))
            .build()
            .ok()
    })
}

thread_local! {
    /// Where and why the last panic on this thread happened, when a render is
    /// isolated ([`render_isolated`]); `None` otherwise (the default hook prints).
    static PANICKED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Makes panics inside [`render_isolated`] quiet: their message becomes the file's
/// error instead of a `thread panicked` line of its own.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let isolated = PANICKED.with(|p| {
            let mut p = p.borrow_mut();
            p.as_mut().map(|text| *text = info.to_string().replace('\n', " ")).is_some()
        });
        if !isolated {
            default(info);
        }
    }));
}

/// Runs `f`, turning a panic into `Err` with where and why it happened.
pub fn isolate<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    PANICKED.with(|p| *p.borrow_mut() = Some(String::new()));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    let what = PANICKED.with(|p| p.borrow_mut().take()).unwrap_or_default();
    result.map_err(|payload| {
        if !what.is_empty() {
            return what;
        }
        match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
            (Some(s), _) => (*s).to_owned(),
            (_, Some(s)) => s.clone(),
            _ => "a panic".to_owned(),
        }
    })
}

/// [`render_one`], with a panic turned into this file's error, so that a bug hit by
/// one input of a batch (or of `--watch`) leaves the others rendered. (The release
/// profile unwinds on panic for this; a stack overflow still aborts the process,
/// which is what the large stacks of [`render_pool`] are for.)
pub fn render_isolated(batch: &Batch, overrides: &Settings, job: &Job) -> Outcome {
    isolate(|| render_one(batch, overrides, job)).unwrap_or_else(|what| panicked(job, &what))
}

/// The outcome of a render that panicked (`what`: where and why).
pub fn panicked(job: &Job, what: &str) -> Outcome {
    let mut out = Outcome::new(job);
    out.failure = Some((
        format!(
            "internal error while rendering `{}` ({what}); nothing was written for it. \
             This is a bug in cvpdf: please report it, with the input if you can",
            out.name
        ),
        false,
    ));
    out
}

/// A job's input read and its options made: what rendering it starts from.
pub struct Loaded {
    /// The Markdown.
    pub source: String,
    /// The library options (loader, fonts, settings).
    pub options: cvpdf::Options,
    /// The files the loader reads, gathered during the render.
    pub read: loader::ReadSet,
}

/// Reads a job's input and its configuration file and makes its options; an
/// outcome holding the failure (and what was read) when it cannot be rendered.
pub fn load(batch: &Batch, overrides: &Settings, job: &Job, out: &mut Outcome) -> Option<Loaded> {
    if let Input::File(p) = &job.input {
        if let (Ok(dir), Some(name)) = (job.input.folder().canonicalize(), p.file_name()) {
            out.read.insert(dir.join(name));
        }
    }
    let source = match loader::read_input(&job.input, batch.flags.fix_encoding) {
        Ok((s, warnings)) => {
            out.diags.extend(warnings);
            s
        }
        Err((msg, io)) => {
            out.failure = Some((msg, io));
            return None;
        }
    };
    let defaults = match configuration(batch, job, out) {
        Ok(Some(defaults)) => defaults,
        Ok(None) => {
            let (verb, config) = (if batch.check { "checked" } else { "rendered" }, out.config_file.as_ref().map_or("", |c| &c.name));
            out.failure = Some((format!("`{}` was not {verb}: its configuration file `{config}` has errors", out.name), false));
            out.source = source;
            return None;
        }
        Err(failure) => {
            out.source = source;
            out.failure = Some(failure);
            return None;
        }
    };
    let read: loader::ReadSet = Arc::new(Mutex::new(BTreeSet::new()));
    let options = loader::job_options(&batch.flags, overrides, defaults, &job.input, &read);
    Some(Loaded { source, options, read })
}

impl Outcome {
    /// Takes what a render gave back: its diagnostics sorted, the files it read
    /// and the source.
    pub fn finish(&mut self, loaded: Loaded) {
        cvpdf::sort_diagnostics(&mut self.diags);
        if let Ok(set) = loaded.read.lock() {
            self.read.extend(set.iter().cloned());
        }
        self.source = loaded.source;
    }
}

/// Reads, renders (or checks) and writes one input. Never panics on bad input; all
/// problems end up in the outcome.
pub fn render_one(batch: &Batch, overrides: &Settings, job: &Job) -> Outcome {
    let mut out = Outcome::new(job);
    let Some(loaded) = load(batch, overrides, job, &mut out) else { return out };
    let text_path = emit::text_path(batch, &job.output);
    let pages = match &job.output {
        Output::File(path) if pages::format(path).is_some() => Some((path.as_path(), batch.ppi)),
        _ => None,
    };
    let pdf = render_and_check(batch.check, text_path.is_some(), pages, &loaded.source, &loaded.options, &mut out);
    out.finish(loaded);
    let Some((pdf, text)) = pdf else { return out };
    if job.output != Output::None && batch.deny_warnings && out.warnings() > 0 {
        // As `cargo build` under `-D warnings` produces nothing: the previous PDF stays.
        let target = if job.output == Output::Stdout { "standard output".to_owned() } else { format!("`{}`", out.output_name) };
        out.diags.push(Diagnostic::note(format!("nothing was written to {target}: --deny-warnings makes warnings fail")));
        return out;
    }
    let written = match (&job.output, pdf) {
        (Output::None, _) => return out,
        (_, Rendered::Pages(files)) => pages::write(&files),
        (Output::File(path), _) if emit::text_only(path) => Ok(()),
        (Output::Stdout, Rendered::Pdf(pdf)) => {
            let mut stdout = io::stdout().lock();
            match stdout.write_all(&pdf).and_then(|()| stdout.flush()) {
                // The reader stopped reading (`cvpdf cv.md -o - | head -c 5`): its
                // choice, as for `cat` and ripgrep, not a failure.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                done => done.map_err(|e| format!("failed to write the PDF to standard output ({})", reason(&e))),
            }
        }
        (Output::File(path), Rendered::Pdf(pdf)) => write::create_parent(path)
            .and_then(|()| write::write_output(path, &pdf))
            .map_err(|e| format!("failed to write `{}` ({})", path.display(), reason(&e))),
    };
    let written = match (written, text_path, text) {
        (Ok(()), Some(path), Some(text)) => {
            write::write_output(&path, text.as_bytes()).map_err(|e| format!("failed to write `{}` ({})", path.display(), reason(&e)))
        }
        (written, ..) => written,
    };
    match written {
        Ok(()) => out.written = true,
        Err(msg) => out.failure = Some((msg, true)),
    }
    out
}

/// The settings of the document's configuration file (the `--config` file, or the
/// one found from its folder up; none with `--no-config`), noting the file and its
/// diagnostics in `out`: `Ok(None)` when it has errors, `Err((message, is_io))`
/// when it cannot be read.
fn configuration(batch: &Batch, job: &Job, out: &mut Outcome) -> Result<Option<Settings>, (String, bool)> {
    if !batch.flags.use_config {
        return Ok(Some(Settings::default()));
    }
    let path = match &batch.flags.config_file {
        Some(path) => path.clone(),
        None => {
            let found = config::find(&job.input.folder());
            for why in found.ignored {
                out.diags.push(
                    Diagnostic::warning(None, why)
                        .with_hint("move the settings to the document's folder or its repository, or pass --no-config to read none"),
                );
            }
            let Some(path) = found.path else { return Ok(Some(Settings::default())) };
            path
        }
    };
    out.read.insert(path.canonicalize().unwrap_or_else(|_| path.clone()));
    out.config = Some(path.clone());
    let mut loaded = config::read(&path)?;
    let settings = loaded.settings.take();
    out.config_file = Some(loaded);
    Ok(settings)
}

/// What a document was rendered to.
enum Rendered {
    /// The PDF's bytes.
    Pdf(Vec<u8>),
    /// The page images (`-o NAME.svg`, `-o NAME.png`): each page's file and bytes.
    Pages(pages::Files),
}

/// Compiles the document once, inspects the pages for `cvpdf check` (when `check`),
/// reads their text layer (when `text`), and writes them as PDF bytes, or as page
/// images for `pages` (the output path and PNG resolution), all within the one
/// render deadline. Diagnostics go to `out`, and the report too, but only when the
/// PDF could be written (as a failed PDF gets no report).
fn render_and_check(
    check: bool,
    text: bool,
    pages: Option<(&std::path::Path, u32)>,
    source: &str,
    options: &cvpdf::Options,
    out: &mut Outcome,
) -> Option<(Rendered, Option<String>)> {
    let _deadline = cvpdf::deadline(options);
    let compiled = cvpdf::compile(source, options);
    out.diags.extend(compiled.warnings);
    let doc = match compiled.output {
        Ok(doc) => doc,
        Err(errors) => {
            out.diags.extend(errors);
            return None;
        }
    };
    // The front matter again (cheap: no layout), for what `check` compares with it.
    let inspected = if check {
        cvpdf::front_matter::parse_with(source, &options.defaults, &options.overrides)
            .output
            .ok()
            .map(|fm| check::inspect(source, &fm, &doc))
    } else {
        None
    };
    let text = text.then(|| cvpdf::layout::text_layer(&doc));
    let rendered = match pages {
        Some((path, ppi)) => pages::render(&doc, path, ppi).map(|(files, warnings)| {
            out.diags.extend(warnings);
            Rendered::Pages(files)
        }),
        None => cvpdf::pdf(doc, options).map(Rendered::Pdf),
    };
    match rendered {
        Ok(pdf) => {
            if let Some((mut report, diags)) = inspected {
                report.config = out.config.as_ref().map(|p| p.display().to_string());
                out.diags.extend(diags);
                out.report = Some(report);
            }
            Some((pdf, text))
        }
        Err(errors) => {
            out.diags.extend(errors);
            None
        }
    }
}

/// Renders every job (in parallel), prints what they gave in input order, a
/// summary when there were several, and returns the exit status.
pub fn run(batch: &Batch, overrides: &Settings) -> ExitCode {
    let start = Instant::now();
    let many = batch.jobs.len() > 1;
    let bar = (many && !batch.quiet && batch.format == MessageFormat::Human && io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(Some(batch.jobs.len() as u64), indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
            bar.set_style(style);
        }
        bar
    });
    let render = |job: &Job| {
        let outcome = render_isolated(batch, overrides, job);
        if let Some(bar) = &bar {
            bar.set_message(echo(&outcome.name));
            bar.inc(1);
        }
        outcome
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(batch.jobs.len());
    let outcomes: Vec<Outcome> = match render_pool(threads) {
        Some(pool) => pool.install(|| batch.jobs.par_iter().map(render).collect()),
        None => batch.jobs.iter().map(render).collect(),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let mut outcomes = outcomes;
    let mut configs_shown = BTreeSet::new();
    for outcome in &mut outcomes {
        // A configuration file shared by several inputs: its diagnostics once.
        if outcome.config.as_ref().is_some_and(|p| !configs_shown.insert(p.clone())) {
            outcome.config_file = None;
        }
        print_outcome(batch, outcome);
    }
    let errors: usize = outcomes.iter().map(Outcome::errors).sum();
    let warnings: usize = outcomes.iter().map(Outcome::warnings).sum();
    let io_failures = outcomes.iter().filter(|o| o.io_failed()).count();
    if many && !batch.quiet && batch.format == MessageFormat::Human {
        let ok = outcomes.iter().filter(|o| o.failure.is_none() && o.errors() == 0 && !(batch.deny_warnings && o.warnings() > 0)).count();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_isolated_with_its_place() {
        install_panic_hook();
        let err = isolate(|| -> u32 { panic!("boom in a layout loop") }).unwrap_err();
        assert!(err.contains("boom in a layout loop") && err.contains("src/cli/batch.rs"), "{err}");
        assert_eq!(isolate(|| 7), Ok(7));
    }

    #[test]
    fn render_threads_have_large_stacks() {
        fn depth(n: u64) -> u64 {
            let pad = std::hint::black_box([n; 64]);
            if n == 0 {
                0
            } else {
                1 + depth(n - 1) + pad[0] - n
            }
        }
        // About 40 MB of stack: far more than rayon's default 2 MB.
        let pool = render_pool(1).expect("a render thread");
        assert_eq!(pool.install(|| depth(60_000)), 60_000);
    }
}

//! The subcommands that render nothing: `init`, `themes`, `fonts`, `completions`
//! and `man`, and the batch's start (the files flags name read, the output folder
//! made) before [`super::batch::run`], [`super::watch::run`] or [`super::preview::run`].

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use super::args::Args;
use super::fonts::SystemFonts;
use super::plan::Batch;
use super::report::{echo, print_failure, reason};
use super::write::{create_parent, print_bytes};
use super::{batch, loader, watch};

/// Renders (or checks, or watches) the batch's files.
pub fn render(batch: &Batch) -> ExitCode {
    match start(batch) {
        Ok(overrides) if batch.watch => watch::run(batch, &overrides),
        Ok(overrides) => batch::run(batch, &overrides),
        Err(code) => code,
    }
}

/// `cvpdf preview`: serves the batch's one file until interrupted.
pub fn preview(batch: &Batch, serve: &super::preview::Serve) -> ExitCode {
    match start(batch) {
        Ok(overrides) => super::preview::run(batch, &overrides, serve),
        Err(code) => code,
    }
}

/// The batch's start: the files flags name read (the settings over the front
/// matter), the `--config` file checked, the output folder made.
fn start(batch: &Batch) -> Result<cvpdf::front_matter::Settings, ExitCode> {
    super::report::use_color(batch.color);
    let overrides = match loader::read_flag_files(&batch.flags) {
        Ok(o) => o,
        Err(msg) => {
            print_failure(batch.format, "cvpdf", &msg);
            return Err(ExitCode::from(4));
        }
    };
    if let Some(path) = &batch.flags.config_file {
        // Said once here rather than once per input; its contents are read per input.
        let problem = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Some("it is a folder, not a file".to_owned()),
            Ok(_) => None,
            Err(e) => Some(reason(&e)),
        };
        if let Some(why) = problem {
            let msg = format!("failed to read the configuration file `{}` ({why}) named by --config", path.display());
            print_failure(batch.format, "cvpdf", &msg);
            return Err(ExitCode::from(4));
        }
    }
    if let Some(dir) = &batch.out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            let msg = format!("failed to create the folder `{}` ({})", dir.display(), reason(&e));
            print_failure(batch.format, "cvpdf", &msg);
            return Err(ExitCode::from(4));
        }
    }
    Ok(overrides)
}

/// `cvpdf init`: writes the starter résumé, never over an existing file (its
/// missing folders created), or to standard output for `-`.
pub fn init(path: &Path) -> ExitCode {
    const STARTER: &str = include_str!("starter.md");
    if path == Path::new("-") {
        return print_bytes(STARTER.as_bytes());
    }
    let shown = echo(&path.display().to_string());
    let file = create_parent(path).and_then(|()| std::fs::OpenOptions::new().write(true).create_new(true).open(path));
    let result = file.and_then(|mut f| f.write_all(STARTER.as_bytes()).and_then(|()| f.flush()));
    match result {
        Ok(()) => {
            eprintln!("cvpdf: wrote {shown}; render it with `cvpdf {shown}`");
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("cvpdf: error: `{shown}` exists; cvpdf init never overwrites a file");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("cvpdf: error: failed to write `{shown}` ({})", reason(&e));
            ExitCode::from(4)
        }
    }
}

/// What `cvpdf` alone prints (on standard error, exit status 2, as ripgrep does):
/// the ways to call it, and where the rest is.
pub fn short_help() -> ExitCode {
    eprintln!(
        "cvpdf {}: Markdown résumé to PDF\n\n\
         Usage: cvpdf [OPTIONS] INPUT...          render each INPUT to a PDF beside it\n       \
         cvpdf [OPTIONS] < cv.md > cv.pdf  render standard input (or `-`)\n       \
         cvpdf check [OPTIONS] INPUT...    render without writing, and report\n       \
         cvpdf init [FILE]                 write a starter résumé (default resume.md)\n\n\
         Try `cvpdf --help` for the options, `cvpdf init` to begin.",
        env!("CARGO_PKG_VERSION")
    );
    ExitCode::from(2)
}

/// `cvpdf themes`: the built-in themes, one a line.
pub fn themes() -> ExitCode {
    for theme in cvpdf::style::THEMES {
        println!("{theme}");
    }
    ExitCode::SUCCESS
}

/// `cvpdf fonts`: the bundled faces, their style and role, then the faces of
/// `system` (the system's and `--font-dir` folders), each with its file.
pub fn fonts(system: Option<&SystemFonts>) -> ExitCode {
    let style = |bold: bool, italic: bool| match (bold, italic) {
        (true, true) => "bold italic",
        (true, false) => "bold",
        (false, true) => "italic",
        (false, false) => "regular",
    };
    let mut out = String::new();
    for face in cvpdf::font::FontBook::bundled_all().faces() {
        let role = face.family.map_or("fallback".to_owned(), |f| format!("{f:?}").to_lowercase());
        out += &format!("{}\t{}\t{role}\n", face.name, style(face.bold, face.italic));
    }
    for (name, bold, italic, path, user) in system.map(SystemFonts::list).unwrap_or_default() {
        let role = if user { "font-dir" } else { "system" };
        out += &format!("{}\t{}\t{role}\t{}\n", echo(&name), style(bold, italic), echo(&path.display().to_string()));
    }
    print_bytes(out.as_bytes())
}

/// `cvpdf completions SHELL`: the shell's completion script.
pub fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Args::command(), "cvpdf", &mut script);
    print_bytes(&script)
}

/// `cvpdf man`: the man page (roff).
pub fn man() -> ExitCode {
    match super::manpage::render() {
        Ok(page) => print_bytes(&page),
        Err(e) => {
            eprintln!("cvpdf: error: failed to write the man page ({})", reason(&e));
            ExitCode::from(4)
        }
    }
}

//! The `cvpdf` binary: reads Markdown, calls [`cvpdf::compile`] and [`cvpdf::pdf`],
//! prints diagnostics on stderr and writes the PDFs atomically. The work is in
//! [`cli`]; this file only dispatches.
//!
//! Exit status: 0 on success (warnings allowed), 1 for errors in the input, 2 on usage
//! errors (clap's code, also used when the output would overwrite the input), 3 for
//! warnings under `--deny-warnings` (no PDF written), 4 for I/O failures. Several
//! inputs give the highest-priority status among them: 4, then 1, then 3.

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use cli::args::Args;
use cli::commands;
use cli::plan::{Plan, UsageError};

fn main() -> ExitCode {
    cli::batch::install_panic_hook();
    let plan = match Plan::from_args(Args::parse()) {
        Ok(plan) => plan,
        Err(UsageError(msg)) => Args::command().error(clap::error::ErrorKind::ArgumentConflict, msg).exit(),
    };
    match plan {
        Plan::Batch(batch) => commands::render(&batch),
        Plan::Preview(batch, serve) => commands::preview(&batch, &serve),
        Plan::Init(path) => commands::init(&path),
        Plan::Themes => commands::themes(),
        Plan::Fonts(system) => commands::fonts(system.as_deref()),
        Plan::Completions(shell) => commands::completions(shell),
        Plan::Man => commands::man(),
        Plan::ShortHelp => commands::short_help(),
    }
}

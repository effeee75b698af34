//! The `cvpdf` binary: reads Markdown, calls [`cvpdf::render`], prints diagnostics on
//! stderr and writes the PDF atomically.
//!
//! Exit status: 0 on success (warnings allowed), 1 when the input cannot be read or
//! rendered or the PDF cannot be written, 2 on usage errors (clap's code, also used when
//! the output would overwrite the input).

#![forbid(unsafe_code)]

mod cli;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser};
use cli::{Args, Input, Output, Plan};
use cvpdf::diag::Diagnostic;

fn main() -> ExitCode {
    let args = Args::parse();
    let plan = match Plan::from_args(args) {
        Ok(plan) => plan,
        Err(cli::UsageError(msg)) => {
            Args::command().error(clap::error::ErrorKind::ArgumentConflict, msg).exit()
        }
    };
    match run(&plan) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("cvpdf: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Carries out the plan. `Err` is an I/O problem; render errors are printed here and
/// give exit status 1.
fn run(plan: &Plan) -> Result<ExitCode> {
    let name = plan.input.display_name();
    let source = read_input(&plan.input)?;

    let rendered = cvpdf::render(&source, &plan.options);
    let mut stderr = io::stderr().lock();
    let show = |stderr: &mut io::StderrLock<'_>, diags: &[Diagnostic]| {
        for diag in diags {
            let _ = stderr.write_all(cli::render_diagnostic(&name, &source, diag).as_bytes());
        }
    };
    show(&mut stderr, &rendered.warnings);
    let pdf = match rendered.output {
        Ok(pdf) => pdf,
        Err(errors) => {
            show(&mut stderr, &errors);
            return Ok(ExitCode::from(1));
        }
    };
    drop(stderr);

    match &plan.output {
        Output::Stdout => {
            let mut stdout = io::stdout().lock();
            stdout
                .write_all(&pdf)
                .and_then(|()| stdout.flush())
                .context("failed to write the PDF to standard output")?;
        }
        Output::File(path) => cli::write_atomically(path, &pdf)
            .with_context(|| format!("failed to write `{}`", path.display()))
            .map_err(io_reason)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the whole input as UTF-8.
fn read_input(input: &Input) -> Result<String> {
    let (bytes, name) = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| anyhow::anyhow!("failed to read standard input ({})", reason(&e)))?;
            (bytes, "standard input".to_owned())
        }
        Input::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                anyhow::anyhow!("failed to read `{}` ({})", path.display(), reason(&e))
            })?;
            (bytes, format!("`{}`", path.display()))
        }
    };
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!("{name} is not valid UTF-8 (byte {})", e.utf8_error().valid_up_to())
    })
}

/// The operating system's wording of an I/O error, without the `(os error N)` suffix.
fn reason(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Turns `context: io error` into `context (reason)`, matching the read errors.
fn io_reason(err: anyhow::Error) -> anyhow::Error {
    match err.downcast_ref::<io::Error>() {
        Some(io) => anyhow::anyhow!("{} ({})", err, reason(io)),
        None => err,
    }
}

//! `--emit text` and `-o NAME.txt`: the PDF's text layer ([`cvpdf::layout::text_layer`],
//! what an applicant tracking system reads) as plain text, beside the PDF or
//! instead of it, so that a commit's diff shows what changed in the résumé.

use std::path::{Path, PathBuf};

use super::args::Emit;
use super::plan::{same_file, Batch, Input, Output, Plan, UsageError};

/// Whether an output path asks for the text only: it ends in `.txt` (any case).
pub fn text_only(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// Where a job's text goes: the output itself when it is a `.txt` file, beside the
/// PDF (`NAME.txt`) with `--emit text`, else nowhere.
pub fn text_path(batch: &Batch, output: &Output) -> Option<PathBuf> {
    match output {
        Output::File(p) if text_only(p) => Some(p.clone()),
        Output::File(p) if batch.emit_text => Some(p.with_extension("txt")),
        _ => None,
    }
}

/// Applies `--emit` to a planned batch: the text needs a file to go beside, and
/// must not replace an input.
pub fn plan(plan: Plan, emit: Option<Emit>) -> Result<Plan, UsageError> {
    let Plan::Batch(mut batch) = plan else { return Ok(plan) };
    batch.emit_text = emit == Some(Emit::Text);
    if batch.emit_text && batch.jobs.iter().any(|j| j.output == Output::Stdout) {
        return Err(UsageError("--emit text writes NAME.txt beside the PDF, so the PDF needs a file: pass -o FILE".into()));
    }
    for job in &batch.jobs {
        if let (Input::File(input), Some(text)) = (&job.input, text_path(&batch, &job.output)) {
            if same_file(input, &text) {
                return Err(UsageError(format!("the text output `{}` is the input file itself; choose another with -o", text.display())));
            }
        }
    }
    Ok(Plan::Batch(batch))
}

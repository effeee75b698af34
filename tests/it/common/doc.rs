//! Compiling sources with the library, failing the test on errors.

use cvpdf::diag::Diagnostic;
use cvpdf::layout::PagedDocument;
use cvpdf::{compile, Options};

/// Compiles with `options`; fails the test on errors. Returns the warnings too.
#[track_caller]
pub fn compile_with(src: &str, options: &Options) -> (PagedDocument, Vec<Diagnostic>) {
    let warned = compile(src, options);
    match warned.output {
        Ok(doc) => (doc, warned.warnings),
        Err(errors) => panic!("compile failed: {errors:#?}"),
    }
}

/// Compiles with the default options (bundled fonts only); fails the test on errors.
#[track_caller]
pub fn compile_ok(src: &str) -> PagedDocument {
    compile_with(src, &Options::default()).0
}

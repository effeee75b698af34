//! The command line, one concern a module: what the user typed ([`args`]), what we
//! will do about it ([`plan`]), the files read ([`loader`], and the system fonts,
//! [`fonts`]), rendering a batch ([`batch`], [`watch`]), how diagnostics and
//! reports are shown ([`report`], [`check`]), how the PDF is written
//! ([`write`]), with its text ([`emit`]), or the pages as SVG or PNG images
//! ([`pages`]), the live preview ([`preview`]) and the man page ([`manpage`]).
//! The library does no I/O;
//! everything here does it for it.

pub mod args;
pub mod batch;
pub mod check;
pub mod commands;
pub mod config;
pub mod emit;
pub mod fonts;
pub mod loader;
pub mod manpage;
pub mod pages;
pub mod plan;
pub mod preview;
pub mod remote;
pub mod report;
pub mod watch;
pub mod write;

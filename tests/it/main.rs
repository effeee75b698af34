//! The integration tests, in one binary (one link instead of one per file):
//! `cargo test --test it` runs them all, `cargo test --test it layout::` one module.
//!
//! `common` holds the shared helpers; `shapes` (in `tests/shapes`, shared with the
//! fuzz targets) the structured generators of hostile documents.

mod common;
#[path = "../shapes/mod.rs"]
mod shapes;

mod archive;
mod ats;
mod boxes;
mod boxes_flow;
mod ci_scripts;
mod cli;
mod cli_ci;
mod cli_config;
mod cli_conventions;
mod cli_emit;
mod cli_help;
mod css_positions;
mod css_warnings;
mod hostile;
mod hostile_cli;
mod hostile_layout;
mod hostile_media;
mod hostile_model;
mod hostile_style;
mod html_whitespace;
mod layout;
mod links;
mod page_images;
mod pagination;
mod preview;
mod preview_browser;
mod property;
mod reference;
mod regression;
mod remote;
mod render;
mod scripts;
mod selectors;
mod tables_widgets;
mod text_shaping;

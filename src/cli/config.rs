//! `cvpdf.toml` / `.cvpdf.yaml`: defaults found in the document's folder or above (up
//! to the repository root or the home folder, and only files the user can trust).
//!
//! ```toml
//! format = "Letter"
//! margin = "20mm"
//! landscape = false
//! theme = "github"
//! css = "h1 { color: #234 }"
//! stylesheet = ["cv.css"]          # relative to the document
//! title = "Curriculum vitae"
//! header_template = "<span class='title'></span>"
//! footer_template = "<span class='pageNumber'></span>"
//! max_pages = 2
//! ```

use std::path::{Path, PathBuf};

use cvpdf::diag::Diagnostic;
use cvpdf::front_matter::{parse_settings, Settings, Syntax};

/// The names looked for, in this order, in each folder from the document's up.
pub const NAMES: &[&str] = &["cvpdf.toml", ".cvpdf.yaml", ".cvpdf.yml"];

/// Configuration files larger than this are an error (a configuration is a few lines).
pub const MAX_BYTES: u64 = 1024 * 1024;

/// What looking for a configuration file found.
#[derive(Debug, Default)]
pub struct Found {
    /// The file to use, if any.
    pub path: Option<PathBuf>,
    /// Files passed over, and why (each a warning for the user).
    pub ignored: Vec<String>,
}

/// The nearest trusted configuration file at or above `folder`.
///
/// The search goes up from the document's folder and stops after the repository root
/// (a folder with `.git`) or the home folder, so that a file in a shared parent like
/// `/tmp` or `/home` is not picked up. A file found on the way is passed over (and
/// named in [`Found::ignored`]) when another user owns it (root aside), when anyone
/// may write it, or when its folder is writable by every user (sticky or not:
/// another user may have put it there).
pub fn find(folder: &Path) -> Found {
    let mut found = Found::default();
    let Ok(start) = folder.canonicalize() else { return found };
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).and_then(|h| PathBuf::from(h).canonicalize().ok());
    let user = current_user();
    for dir in start.ancestors() {
        for name in NAMES {
            let path = dir.join(name);
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            if !meta.is_file() {
                continue;
            }
            match distrust(dir, &meta, user) {
                Some(why) => found.ignored.push(format!("ignored the configuration file `{}`: {why}", path.display())),
                None => {
                    found.path = Some(path);
                    return found;
                }
            }
        }
        if dir.join(".git").exists() || home.as_deref() == Some(dir) {
            break;
        }
    }
    found
}

/// Why a configuration file in `dir` cannot be trusted, if it cannot.
#[cfg(unix)]
fn distrust(dir: &Path, meta: &std::fs::Metadata, user: Option<u32>) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    if std::fs::metadata(dir).is_ok_and(|d| d.mode() & 0o002 != 0) {
        return Some(format!("its folder `{}` is writable by every user", dir.display()));
    }
    if meta.mode() & 0o002 != 0 {
        return Some("it is writable by every user".into());
    }
    match user {
        Some(uid) if meta.uid() != uid && meta.uid() != 0 => Some(format!("it belongs to another user (uid {})", meta.uid())),
        _ => None,
    }
}

#[cfg(not(unix))]
fn distrust(_: &Path, _: &std::fs::Metadata, _: Option<u32>) -> Option<String> {
    None
}

/// The user this process runs as (its effective user id): the owner of `/proc/self`
/// on Linux, elsewhere the owner of a file it creates (std has no `geteuid`, and
/// the binary has no unsafe code).
#[cfg(unix)]
fn current_user() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    if let Ok(meta) = std::fs::metadata("/proc/self") {
        return Some(meta.uid());
    }
    let probe = std::env::temp_dir().join(format!(".cvpdf-uid-{}", std::process::id()));
    let file = std::fs::OpenOptions::new().write(true).create_new(true).open(&probe).ok()?;
    let uid = file.metadata().ok().map(|m| m.uid());
    let _ = std::fs::remove_file(&probe);
    uid
}

#[cfg(not(unix))]
fn current_user() -> Option<u32> {
    None
}

/// A configuration file read: its text and what reading it gave, for diagnostics
/// in the same form as the document's.
#[derive(Debug)]
pub struct Loaded {
    /// The file's name in diagnostics ([`shown_name`]).
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Its settings, or `None` when it has errors.
    pub settings: Option<Settings>,
    /// Errors and warnings, with spans into `text`.
    pub diags: Vec<Diagnostic>,
}

/// Reads a configuration file (a regular file of at most [`MAX_BYTES`]) and its
/// settings; `Err((message, is_io))` when it cannot be read as text.
pub fn read(path: &Path) -> Result<Loaded, (String, bool)> {
    let bytes = super::loader::read_regular_file(path, MAX_BYTES).map_err(|why| {
        let too_big = why.starts_with("it is larger");
        let what = if too_big { "; a configuration file is a few lines" } else { "" };
        (format!("failed to read the configuration file `{}` ({why}){what}", path.display()), !too_big)
    })?;
    let text = String::from_utf8(bytes).map_err(|_| (format!("{}: the configuration file is not UTF-8 text", path.display()), false))?;
    let syntax = if path.extension().is_some_and(|e| e == "toml") { Syntax::Toml } else { Syntax::Yaml };
    let result = parse_settings(&text, syntax);
    let mut diags = result.warnings;
    let settings = match result.output {
        Ok(settings) => Some(settings),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    };
    cvpdf::sort_diagnostics(&mut diags);
    Ok(Loaded { name: shown_name(path), text, settings, diags })
}

/// How a configuration file is named in diagnostics: relative to the current folder
/// when it is inside it (as CI annotations want), else as found.
pub fn shown_name(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf()).display().to_string()
}

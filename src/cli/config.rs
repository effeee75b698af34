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

use cvpdf::front_matter::Settings;
use serde::Deserialize;

/// The names looked for, in this order, in each folder from the document's up.
pub const NAMES: &[&str] = &["cvpdf.toml", ".cvpdf.yaml", ".cvpdf.yml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    format: Option<String>,
    margin: Option<String>,
    landscape: Option<bool>,
    theme: Option<String>,
    css: Option<String>,
    stylesheet: Option<OneOrMany>,
    title: Option<String>,
    header_template: Option<String>,
    footer_template: Option<String>,
    max_pages: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

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

/// Reads a configuration file (a regular file of at most [`MAX_BYTES`]) into
/// [`Settings`]; `Err((message, is_io))`.
pub fn read(path: &Path) -> Result<Settings, (String, bool)> {
    let bytes = super::loader::read_regular_file(path, MAX_BYTES).map_err(|why| {
        let too_big = why.starts_with("it is larger");
        let what = if too_big { "; a configuration file is a few lines" } else { "" };
        (format!("failed to read the configuration file `{}` ({why}){what}", path.display()), !too_big)
    })?;
    let text = String::from_utf8(bytes).map_err(|_| (format!("{}: the configuration file is not UTF-8 text", path.display()), false))?;
    parse(path, &text).map_err(|e| (format!("{}: {e}", path.display()), false))
}

/// Reads a configuration file's text into [`Settings`]; `Err` is a message for the
/// user (an error in the input, exit status 1).
pub fn parse(path: &Path, text: &str) -> Result<Settings, String> {
    let is_toml = path.extension().is_some_and(|e| e == "toml");
    let file: File = if is_toml {
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_owned())?
    } else if text.trim().is_empty() {
        File::default()
    } else {
        serde_saphyr::from_str(text).map_err(|e| e.to_string())?
    };
    let format = match &file.format {
        Some(name) => Some(
            cvpdf::front_matter::format_size(name)
                .ok_or_else(|| format!("unknown paper format `{name}` (valid: {})", cvpdf::front_matter::FORMATS.join(", ")))?,
        ),
        None => None,
    };
    let margin = match &file.margin {
        Some(m) => Some(super::plan::parse_margin(m).map_err(|e| format!("margin `{m}`: {e}"))?),
        None => None,
    };
    if let Some(theme) = &file.theme {
        if !cvpdf::style::THEMES.contains(&theme.as_str()) {
            return Err(format!("unknown theme `{theme}` (valid: {})", cvpdf::style::THEMES.join(", ")));
        }
    }
    Ok(Settings {
        format,
        landscape: file.landscape,
        margin,
        theme: file.theme,
        css: file.css,
        stylesheets: match file.stylesheet {
            None => vec![],
            Some(OneOrMany::One(s)) => vec![s],
            Some(OneOrMany::Many(v)) => v,
        },
        title: file.title,
        header_template: file.header_template,
        footer_template: file.footer_template,
        max_pages: file.max_pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_yaml() {
        let s = parse(Path::new("cvpdf.toml"), "format = \"Letter\"\nmax_pages = 2\nstylesheet = \"a.css\"\n").unwrap();
        assert_eq!(s.format, cvpdf::front_matter::format_size("Letter"));
        assert_eq!((s.max_pages, s.stylesheets), (Some(2), vec!["a.css".to_owned()]));
        let s = parse(Path::new(".cvpdf.yaml"), "landscape: true\nmargin: 1in\n").unwrap();
        assert_eq!(s.landscape, Some(true));
        assert_eq!(s.margin.map(|m| m.left), Some(72.0));
        assert!(parse(Path::new("cvpdf.toml"), "colour = 1\n").is_err());
        assert!(parse(Path::new("cvpdf.toml"), "format = \"B5\"\n").is_err());
    }
}

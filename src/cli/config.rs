//! `cvpdf.toml` / `.cvpdf.yaml`: defaults found in the document's folder or above.
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

/// The nearest configuration file at or above `folder`, if any.
pub fn find(folder: &Path) -> Option<PathBuf> {
    let start = folder.canonicalize().ok()?;
    start.ancestors().find_map(|dir| NAMES.iter().map(|n| dir.join(n)).find(|p| p.is_file()))
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
        Some(m) => Some(super::parse_margin(m).map_err(|e| format!("margin `{m}`: {e}"))?),
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

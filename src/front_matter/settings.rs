//! A configuration file's text (`cvpdf.toml`, `.cvpdf.yaml`) read into [`Settings`]
//! by the front matter's own parsers and value readers: its errors carry spans into
//! the file, with the same wording, ranges and did-you-mean hints as front matter.

use super::block::Block;
use super::keys::read_max_pages;
use super::page::{read_format, read_margin};
use super::read::{keep_whole, key_name, Cx};
use super::tree::Kind;
use super::{toml, yaml, Settings, Syntax};
use crate::diag::{did_you_mean, DiagResult, Diagnostic, Warned};

/// The keys a configuration file may hold.
pub const SETTINGS_KEYS: &[&str] =
    &["format", "margin", "landscape", "theme", "css", "stylesheet", "title", "header_template", "footer_template", "max_pages"];

/// Reads a configuration file's whole `text`, written in `syntax`, into [`Settings`].
///
/// Invalid YAML or TOML, a value of the wrong type or out of range, an unknown
/// paper format or theme, and an unknown key are errors (a configuration file holds
/// only cvpdf's settings, so a key it does not know is a mistake); each has its
/// span in `text` and, where one is close, a did-you-mean hint.
pub fn parse_settings(text: &str, syntax: Syntax) -> Warned<DiagResult<Settings>> {
    let block = Block { syntax, content_start: 0, content_end: text.len(), body_start: text.len() };
    let root = match syntax {
        Syntax::Yaml => yaml::parse_yaml(text, &block, "the configuration file", "a YAML configuration holds one `key: value` a line"),
        Syntax::Toml => toml::parse_toml(text, &block, "the configuration file", "a TOML configuration holds one `key = value` a line"),
    };
    let root = match root {
        Ok(root) => root,
        Err(d) => return Warned { output: Err(vec![d]), warnings: vec![] },
    };
    let mut cx = Cx { source: text, errors: vec![], warnings: vec![] };
    let mut settings = Settings::default();
    match &root.kind {
        Kind::Map(entries) => {
            for (k, v) in entries {
                let Some(name) = key_name(k) else {
                    cx.errors.push(Diagnostic::error(k.span.clone(), "a configuration key must be a string"));
                    continue;
                };
                let n = name.as_str();
                let s = &mut settings;
                match n {
                    "format" => s.format = read_format(&mut cx, k, v),
                    "margin" => s.margin = read_margin(&mut cx, k, v),
                    "landscape" => s.landscape = cx.bool(k, n, v),
                    "theme" => s.theme = read_theme(&mut cx, k, v),
                    "css" => s.css = cx.opt_string(k, n, v),
                    "stylesheet" => s.stylesheets = cx.string_list(k, n, v, keep_whole),
                    "title" => s.title = cx.opt_string(k, n, v),
                    "header_template" => s.header_template = cx.opt_string(k, n, v),
                    "footer_template" => s.footer_template = cx.opt_string(k, n, v),
                    "max_pages" => s.max_pages = read_max_pages(&mut cx, k, v),
                    _ => {
                        let mut d = Diagnostic::error(k.span.clone(), format!("unknown configuration key `{n}`"));
                        d = match did_you_mean(n, SETTINGS_KEYS) {
                            Some(m) => d.with_hint(format!("did you mean `{m}`?")),
                            None => d.with_hint(format!("a configuration file may set {}", SETTINGS_KEYS.join(", "))),
                        };
                        cx.errors.push(d);
                    }
                }
            }
        }
        Kind::Null => {}
        other => {
            let span = cx.value_span(&root, &root);
            cx.errors.push(
                Diagnostic::error(span, format!("a configuration file must be a mapping of keys to values, found {}", other.describe()))
                    .with_hint(format!("set some of {}", SETTINGS_KEYS.join(", "))),
            );
        }
    }
    let output = if cx.errors.is_empty() { Ok(settings) } else { Err(cx.errors) };
    Warned { output, warnings: cx.warnings }
}

/// `theme`: one of [`crate::style::THEMES`].
fn read_theme(cx: &mut Cx<'_>, key: &super::tree::Node, value: &super::tree::Node) -> Option<String> {
    let themes = crate::style::THEMES;
    let name = cx.opt_string(key, "theme", value)?;
    if themes.contains(&name.as_str()) {
        return Some(name);
    }
    let mut d = Diagnostic::error(cx.value_span(key, value), format!("unknown theme `{name}`"))
        .with_hint(format!("built-in themes: {}", themes.join(", ")));
    if let Some(m) = did_you_mean(&name, themes) {
        d = d.with_hint(format!("did you mean `{m}`?"));
    }
    cx.errors.push(d);
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::line_col;

    fn errors(text: &str, syntax: Syntax) -> Vec<((usize, usize), String, Vec<String>)> {
        let result = parse_settings(text, syntax);
        let errors = result.output.expect_err("errors");
        errors.into_iter().map(|d| (line_col(text, d.span.map_or(0, |s| s.start)), d.message, d.hints)).collect()
    }

    #[test]
    fn reads_every_key_in_both_syntaxes() {
        let toml = "format = \"Letter\"\nmax_pages = 2\nstylesheet = \"a.css\"\ntheme = \"github\"\n";
        let s = parse_settings(toml, Syntax::Toml).output.unwrap();
        assert_eq!(s.format, super::super::format_size("Letter"));
        assert_eq!((s.max_pages, s.stylesheets, s.theme.as_deref()), (Some(2), vec!["a.css".to_owned()], Some("github")));
        let s = parse_settings("# defaults\nlandscape: true\nmargin: 1in\nstylesheet: [a.css, b.css]\n", Syntax::Yaml).output.unwrap();
        assert_eq!((s.landscape, s.margin.map(|m| m.left)), (Some(true), Some(72.0)));
        assert_eq!(s.stylesheets, ["a.css", "b.css"]);
        assert_eq!(parse_settings("# nothing yet\n", Syntax::Yaml).output.unwrap(), Settings::default());
    }

    #[test]
    fn errors_point_into_the_file() {
        let e = errors("format: A4\n\n# theme next\nthem: github\n", Syntax::Yaml);
        assert_eq!(e, [((4, 1), "unknown configuration key `them`".into(), vec!["did you mean `theme`?".into()])]);
        let e = errors("format = \"A4\"\nlandscape = \"yes\"\n", Syntax::Toml);
        assert_eq!(e, [((2, 13), "`landscape` must be `true` or `false`, found a string".into(), vec![])]);
        let e = errors("max_pages = 0\n", Syntax::Toml);
        assert_eq!(e[0].0, (1, 13));
        assert_eq!(e[0].1, "`max_pages` is 0, out of range");
        let e = errors("theme: githb\nformat: B5\n", Syntax::Yaml);
        assert_eq!((e[0].0, e[0].2.last().map(String::as_str)), ((1, 8), Some("did you mean `github`?")));
        assert_eq!((e[1].0, e[1].1.as_str()), ((2, 9), "unknown paper format `B5`"));
        let e = errors("a: [\n", Syntax::Yaml);
        assert!(e[0].1.starts_with("failed to parse the configuration file ("), "{e:?}");
        let e = errors("- a\n- b\n", Syntax::Yaml);
        assert!(e[0].1.starts_with("a configuration file must be a mapping"), "{e:?}");
    }
}

//! Reads the document's CSS texts and the stylesheets they `@import`, through the
//! loader the library is given (which confines local files to the document's
//! folder and fetches remote ones only when allowed), imports first as CSS orders
//! them, within a depth and count limit and without cycles.

use super::css::{AtRules, Import};
use super::origins::{Mapped, Origins};
use crate::diag::Diagnostic;
use crate::Loader;

/// Imports nest at most this deep.
pub const MAX_IMPORT_DEPTH: usize = 8;

/// The most stylesheets one document imports.
pub const MAX_IMPORTS: usize = 64;

/// Hosts that serve web fonts: their stylesheets hold only `@font-face` rules.
const FONT_HOSTS: &[&str] = &["fonts.googleapis.com", "fonts.bunny.net", "use.typekit.net", "fonts.cdnfonts.com", "use.fontawesome.com"];

/// Reads CSS texts with their imports.
pub struct SheetReader<'a> {
    pub loader: Option<&'a Loader>,
    /// Remote URLs may go to the loader (`--allow-remote`).
    pub remote: bool,
    pub print: bool,
    pub at: AtRules,
    pub warnings: Vec<Diagnostic>,
    /// Stylesheets imported so far.
    imported: usize,
}

impl<'a> SheetReader<'a> {
    pub fn new(loader: Option<&'a Loader>, remote: bool, print: bool) -> Self {
        SheetReader { loader, remote, print, at: AtRules::default(), warnings: Vec::new(), imported: 0 }
    }

    /// Reads `css`, found at `name` (a path relative to the document, a URL, or ""
    /// for the document itself), pushing the texts it imports, then its own, to
    /// `texts`. `origin` leads from `css` to the document's source, where the
    /// document writes it.
    pub fn read(&mut self, css: &str, name: &str, texts: &mut Vec<Mapped>, origin: Option<Origins>) {
        let mut chain = if name.is_empty() { vec![] } else { vec![resolve("", name)] };
        self.read_in(css, name, texts, &mut chain, origin);
    }

    fn read_in(&mut self, css: &str, name: &str, texts: &mut Vec<Mapped>, chain: &mut Vec<String>, origin: Option<Origins>) {
        let (text, rewrites) = super::at_rules::preprocess_mapped(css, self.print, &mut self.at, origin.as_ref());
        for import in std::mem::take(&mut self.at.imports) {
            self.import(&import, name, texts, chain);
        }
        let in_source = origin.is_some();
        let file = (!in_source && !name.is_empty()).then(|| name.to_string());
        texts.push(Mapped { text, stages: origin.into_iter().chain(rewrites).collect(), in_source, file });
    }

    /// A warning about `import`, where the document writes it (recorded when the
    /// rule was read; nowhere for an import in a stylesheet file).
    fn warn(&mut self, import: &Import, message: String, hint: Option<&str>) {
        let mut d = Diagnostic::warning(import.at.clone(), message);
        if let Some(h) = hint {
            d = d.with_hint(h);
        }
        self.warnings.push(d);
    }

    fn import(&mut self, import: &Import, from: &str, texts: &mut Vec<Mapped>, chain: &mut Vec<String>) {
        let written = import.url.as_str();
        let shown = super::cascade::shown(written).into_owned();
        if import.late {
            let hint = Some("move `@import` rules to the top of the stylesheet");
            return self.warn(
                import,
                format!("`@import` of `{shown}` is ignored: it comes after other rules, where browsers ignore it too"),
                hint,
            );
        }
        if !import.media {
            return; // for another medium, as `@media print` is
        }
        let url = resolve(from, written);
        let lower = url.to_ascii_lowercase();
        let remote = lower.starts_with("http://") || lower.starts_with("https://");
        if remote && FONT_HOSTS.iter().any(|h| host(&lower) == *h) {
            let hint = Some("cvpdf sets text in its bundled fonts (and system fonts where they lack a character); `font-family` chooses among sans-serif and monospace");
            return self.warn(import, format!("`@import` of web fonts `{shown}` is skipped: web fonts are not loaded"), hint);
        }
        if remote && !self.remote {
            let hint =
                Some("pass `--allow-remote` to fetch it, or save the stylesheet next to the document and import it by a relative path");
            return self.warn(
                import,
                format!(
                    "`@import` of `{shown}` is skipped: remote stylesheets are fetched only with `--allow-remote`; its rules do not apply"
                ),
                hint,
            );
        }
        if chain.contains(&url) {
            let path: Vec<&str> = chain.iter().map(String::as_str).chain([url.as_str()]).collect();
            return self.warn(import, format!("`@import` of `{shown}` is skipped: it imports itself ({})", path.join(" → ")), None);
        }
        if chain.len() >= MAX_IMPORT_DEPTH {
            return self.warn(
                import,
                format!("`@import` of `{shown}` is skipped: imports nest deeper than {MAX_IMPORT_DEPTH} levels"),
                None,
            );
        }
        if self.imported >= MAX_IMPORTS {
            return self.warn(
                import,
                format!("`@import` of `{shown}` is skipped: the document imports more than {MAX_IMPORTS} stylesheets"),
                None,
            );
        }
        self.imported += 1;
        let loaded = match self.loader {
            Some(load) => load(&url),
            None => Err("no files can be read here".into()),
        };
        match loaded {
            Ok(bytes) => {
                chain.push(url.clone());
                self.read_in(&String::from_utf8_lossy(&bytes), &url, texts, chain, None);
                chain.pop();
            }
            Err(e) => self.warn(import, format!("`@import` of `{shown}` is not used: {e}"), None),
        }
    }
}

/// The host of an `http(s)://` URL (lowercase input).
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    &rest[..end]
}

/// `url` as written in a stylesheet found at `base` (a path relative to the
/// document, a URL, or "" for the document itself): a URL, or a path relative to
/// the document (with `.` and `..` steps folded where they can be).
pub fn resolve(base: &str, url: &str) -> String {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.contains(':') && !lower.starts_with('.') {
        return url.to_string();
    }
    if url.starts_with("//") {
        return format!("https:{url}");
    }
    let base = base.split(['?', '#']).next().unwrap_or(base);
    let base_lower = base.to_ascii_lowercase();
    if base_lower.starts_with("http://") || base_lower.starts_with("https://") {
        let after = base.find("://").map_or(0, |i| i + 3);
        let path_start = base[after..].find('/').map_or(base.len(), |p| after + p);
        if url.starts_with('/') {
            return format!("{}{url}", &base[..path_start]);
        }
        let dir = match base[path_start..].rfind('/') {
            Some(i) => base[..path_start + i + 1].to_string(),
            None => format!("{base}/"),
        };
        return format!("{}{}", &dir[..path_start.min(dir.len())], fold(&format!("{}{url}", &dir[path_start.min(dir.len())..])));
    }
    if url.starts_with('/') {
        return url.to_string(); // absolute: the loader decides
    }
    let dir = base.rfind('/').map_or("", |i| &base[..=i]);
    fold(&format!("{dir}{url}"))
}

/// Folds `.` and `..` steps of a path.
fn fold(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for (i, step) in path.split('/').enumerate() {
        match step {
            "." => {}
            "" if i > 0 => {}
            ".." if out.last().is_some_and(|s| *s != ".." && !s.is_empty()) => {
                out.pop();
            }
            _ => out.push(step),
        }
    }
    out.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve_against_the_importing_sheet() {
        assert_eq!(resolve("", "base.css"), "base.css");
        assert_eq!(resolve("css/main.css", "base.css"), "css/base.css");
        assert_eq!(resolve("css/main.css", "../x/./y.css"), "x/y.css");
        assert_eq!(resolve("css/main.css", "../../y.css"), "../y.css");
        assert_eq!(resolve("", "//cdn.example/a.css"), "https://cdn.example/a.css");
        assert_eq!(resolve("https://cdn.example/lib/a.css?v=1", "b.css"), "https://cdn.example/lib/b.css");
        assert_eq!(resolve("https://cdn.example/lib/a.css", "/root.css"), "https://cdn.example/root.css");
        assert_eq!(resolve("https://cdn.example", "b.css"), "https://cdn.example/b.css");
        assert_eq!(resolve("css/a.css", "https://x.example/y.css"), "https://x.example/y.css");
        assert_eq!(host("https://fonts.googleapis.com/css2?family=x"), "fonts.googleapis.com");
    }
}

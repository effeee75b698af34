//! Diagnostics: errors and warnings as data, with byte spans into the source.
//!
//! The library never prints. It returns [`Diagnostic`]s; the binary renders them as
//! `file:line:col: severity: message` with the source line and a caret.

use std::fmt;
use std::ops::Range;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Information about what was done (for example the scale `fit_pages` used).
    Note,
    /// Output is still produced; something was dropped or approximated.
    Warning,
    /// No output is produced.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One error or warning, with the byte range of the source it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Byte range into the Markdown source (front matter included), if known.
    pub span: Option<Range<usize>>,
    /// Lowercase message without a final period.
    pub message: String,
    /// Ways to fix it, each printed as `hint: …`.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// Creates an error at a span.
    pub fn error(span: impl Into<Option<Range<usize>>>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, span: span.into(), message: message.into(), hints: vec![] }
    }

    /// Creates a warning at a span.
    pub fn warning(span: impl Into<Option<Range<usize>>>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, span: span.into(), message: message.into(), hints: vec![] }
    }

    /// Creates a note: information, neither a problem nor a failure.
    pub fn note(message: impl Into<String>) -> Self {
        Self { severity: Severity::Note, span: None, message: message.into(), hints: vec![] }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A result whose error side holds one or more diagnostics.
pub type DiagResult<T> = Result<T, Vec<Diagnostic>>;

/// An output with the warnings raised while making it.
#[derive(Debug, Clone)]
pub struct Warned<T> {
    /// The output.
    pub output: T,
    /// Warnings raised on the way (never errors).
    pub warnings: Vec<Diagnostic>,
}

/// One-based line and column (in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The text of the line that holds a byte offset, without its line ending.
pub fn line_text(source: &str, offset: usize) -> &str {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[offset..].find('\n').map_or(source.len(), |i| offset + i);
    source[start..end].trim_end_matches('\r')
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Words longer than this (in bytes) get no suggestion: the edit distance costs the
/// product of the two lengths.
const MAX_SUGGEST_LEN: usize = 256;

/// Suggests the closest of `candidates` to `word`, if one is close enough.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if word.len() > MAX_SUGGEST_LEN {
        return None;
    }
    let word = word.to_ascii_lowercase();
    let word_chars = word.chars().count();
    let close_enough = |c: &str| (c.len() / 3).max(1) + 1;
    candidates
        .iter()
        // The distance is at least the difference in length (in characters, at most
        // that in bytes apart from multi-byte ones): skip what cannot be close.
        .filter(|c| c.len() <= MAX_SUGGEST_LEN && c.chars().count().abs_diff(word_chars) <= close_enough(c))
        .map(|c| (levenshtein(&word, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= close_enough(c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        let s = "ab\ncé d\n";
        assert_eq!(line_col(s, 0), (1, 1));
        assert_eq!(line_col(s, 3), (2, 1));
        assert_eq!(line_col(s, 7), (2, 4));
        assert_eq!(line_text(s, 4), "cé d");
    }

    #[test]
    fn suggests_close_keys() {
        assert_eq!(did_you_mean("pdf_option", &["pdf_options", "css"]), Some("pdf_options"));
        assert_eq!(did_you_mean("zzzzzz", &["pdf_options", "css"]), None);
    }
}

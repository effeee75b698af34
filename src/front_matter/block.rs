//! Finding the front-matter block: a YAML `---` or TOML `+++` opening line at the
//! start of the source (after a BOM) and its closing line.

use std::ops::Range;

use super::Syntax;

/// Where the block is in the source.
pub(super) struct Block {
    pub(super) syntax: Syntax,
    /// Byte offset of the content (after the opening line).
    pub(super) content_start: usize,
    /// Byte offset of the end of the content (start of the closing line).
    pub(super) content_end: usize,
    /// Byte offset right after the closing line.
    pub(super) body_start: usize,
}

pub(super) enum Found {
    None,
    Block(Block),
    /// `---lang` opening line: (language, span of the opening line).
    Language(String, Range<usize>),
    /// An opening line with no closing line: (the closing line expected, span of the
    /// opening line).
    Unclosed(&'static str, Range<usize>),
}

/// Splits `text` (starting at byte `start` of the source) into lines:
/// (line start, line end without line ending, next line start).
pub(super) fn lines_from(source: &str, start: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= source.len() {
            return None;
        }
        let rest = &source[pos..];
        let (end, next) = match rest.find('\n') {
            Some(i) => (pos + i, pos + i + 1),
            None => (source.len(), source.len()),
        };
        let line_start = pos;
        let mut content_end = end;
        if source[line_start..content_end].ends_with('\r') {
            content_end -= 1;
        }
        pos = next;
        Some((line_start, content_end, next))
    })
}

pub(super) fn is_word_like(s: &str) -> bool {
    s.starts_with(|c: char| c.is_alphabetic()) && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
}

pub(super) fn find_block(source: &str, bom: usize) -> Found {
    let mut lines = lines_from(source, bom);
    let Some((first_start, first_end, first_next)) = lines.next() else {
        return Found::None;
    };
    let first = source[first_start..first_end].trim_end_matches([' ', '\t']);
    // gray-matter allows a language after the opening dashes: `---yaml`, `---toml`.
    let (syntax, dashes) = match first {
        "---" => (Syntax::Yaml, true),
        "+++" => (Syntax::Toml, false),
        _ => {
            let Some(lang) = first.strip_prefix("---").map(str::trim) else {
                return Found::None;
            };
            match lang.to_ascii_lowercase().as_str() {
                "yaml" | "yml" => (Syntax::Yaml, true),
                "toml" => (Syntax::Toml, true),
                _ if is_word_like(lang) => {
                    return Found::Language(lang.to_string(), first_start..first_end);
                }
                _ => return Found::None,
            }
        }
    };
    for (start, end, next) in lines {
        let line = source[start..end].trim_end_matches([' ', '\t']);
        let closes = match (syntax, dashes) {
            (Syntax::Yaml, _) => line == "---" || line == "...",
            (Syntax::Toml, true) => line == "---",
            (Syntax::Toml, false) => line == "+++",
        };
        if closes {
            return Found::Block(Block { syntax, content_start: first_next, content_end: start, body_start: next });
        }
    }
    Found::Unclosed(if dashes { "---" } else { "+++" }, first_start..first_end)
}

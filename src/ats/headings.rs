//! Section headings: lines that are Markdown or HTML headings (their structure
//! node), and lines that look like one to a reader who sees no markup: bold or in
//! capitals, short, and alone in their paragraph.

use std::collections::HashMap;

use serde::Serialize;

use super::{AtsLine, Heading};
use crate::layout::{PagedDocument, StructId, StructKind, TextLine};

/// A line longer than this is text, however it is set.
const MAX_CHARS: usize = 40;

/// A line of more words than this is text, however it is set.
const MAX_WORDS: usize = 5;

/// How a heading was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadingSource {
    /// A Markdown or HTML heading (`#`, `<h2>`).
    Markup,
    /// A line on its own in bold or in capitals.
    Look,
}

/// The headings among the lines, in order (a heading over several lines once).
pub(super) fn find(doc: &PagedDocument, text: &[TextLine<'_>], lines: &[AtsLine]) -> Vec<Heading> {
    let tags: Vec<Vec<StructId>> = text.iter().map(tags).collect();
    let mut shared: HashMap<StructId, usize> = HashMap::new();
    for tag in tags.iter().flatten() {
        *shared.entry(*tag).or_default() += 1;
    }
    let mut out: Vec<Heading> = Vec::new();
    // The heading node of the last heading found, to join its lines.
    let mut last_node: Option<StructId> = None;
    for (index, line) in lines.iter().enumerate() {
        let marked = tags[index].iter().find_map(|&t| heading_of(doc, t));
        match (marked, out.last_mut()) {
            (Some((node, _)), Some(h)) if last_node == Some(node) && h.line + h.lines == index => {
                h.lines += 1;
                h.text = format!("{} {}", h.text, line.text);
            }
            (Some((node, level)), _) => {
                out.push(Heading { line: index, lines: 1, level: Some(level), text: line.text.clone(), found: HeadingSource::Markup });
                last_node = Some(node);
            }
            (None, _) if !line.artifact && looks_like_heading(doc, &text[index], &line.text) && alone(doc, &tags[index], &shared) => {
                out.push(Heading { line: index, lines: 1, level: None, text: line.text.clone(), found: HeadingSource::Look });
                last_node = None;
            }
            (None, _) => last_node = None,
        }
    }
    out
}

/// The structure nodes of a line's runs, without repeats.
fn tags(line: &TextLine<'_>) -> Vec<StructId> {
    let mut out: Vec<StructId> = Vec::new();
    for tag in line.runs.iter().filter_map(|(_, t)| t.tag) {
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// `tag` and the nodes above it up to the top (a bounded walk: parents come
/// before their children, but a malformed tree must not loop).
fn ancestors(doc: &PagedDocument, tag: StructId) -> impl Iterator<Item = StructId> + '_ {
    std::iter::successors(Some(tag), |&t| doc.structure.get(t).and_then(|n| n.parent).filter(|&p| p < t)).take(64)
}

/// The kind of a structure node.
fn kind(doc: &PagedDocument, tag: StructId) -> Option<&StructKind> {
    doc.structure.get(tag).map(|n| &n.kind)
}

/// The heading node `tag` is in, and its level.
fn heading_of(doc: &PagedDocument, tag: StructId) -> Option<(StructId, u8)> {
    ancestors(doc, tag).find_map(|t| match kind(doc, t) {
        Some(StructKind::Heading(level, _)) => Some((t, *level)),
        _ => None,
    })
}

/// Whether a line looks like a heading: short, with letters, not ending a
/// sentence or holding contact details, and all its letters bold or capitals.
fn looks_like_heading(doc: &PagedDocument, line: &TextLine<'_>, text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let short = text.chars().count() <= MAX_CHARS && text.split_whitespace().count() <= MAX_WORDS;
    if letters < 3 || !short || text.ends_with(['.', ',', ';']) || !super::contacts::contacts(text).is_empty() {
        return false;
    }
    let lettered = line.runs.iter().filter(|(_, t)| t.text.chars().any(char::is_alphabetic));
    let bold = lettered.clone().all(|(_, t)| doc.fonts.face(t.font).bold || t.embolden > 0.0);
    let capitals = !text.chars().any(char::is_lowercase) && text.chars().any(char::is_uppercase);
    bold || capitals
}

/// Whether a line stands alone: no other line shares a structure node with it
/// (`shared` counts the lines of each node), and it is not in a table or a list's
/// marker (a bold table header is no section).
fn alone(doc: &PagedDocument, own: &[StructId], shared: &HashMap<StructId, usize>) -> bool {
    let single = own.iter().all(|t| shared.get(t) == Some(&1));
    let tabular = own.iter().any(|&t| ancestors(doc, t).any(|a| matches!(kind(doc, a), Some(StructKind::Table | StructKind::Label))));
    !own.is_empty() && single && !tabular
}

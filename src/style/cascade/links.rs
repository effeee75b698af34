//! Link targets: GitHub's heading slugs, and `#name` links checked against the
//! document's targets.

use std::collections::HashSet;

use crate::diag::Diagnostic;
use crate::link::{fragment, means_top};
use crate::style::{Run, StyledBlock, StyledKind};

/// GitHub's anchor for a heading's text (github-slugger): lowercase, punctuation and
/// symbols removed except `-` and `_`, each space a `-`; letters and digits of every
/// script are kept.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Gives headings unique slugs in document order: the second `skills` is `skills-1`.
#[derive(Debug, Default)]
pub(super) struct Slugger {
    /// Each name given, with how many times its base was asked for again (a map: a
    /// long document has thousands of headings).
    seen: std::collections::HashMap<String, usize>,
}

impl Slugger {
    /// The unique slug of a heading's text; `None` if the text has no letter or digit.
    pub(super) fn slug(&mut self, text: &str) -> Option<String> {
        let base = slug(text);
        if base.is_empty() {
            return None;
        }
        let mut name = base.clone();
        while self.seen.contains_key(&name) {
            let count = match self.seen.get_mut(&base) {
                Some(n) => {
                    *n += 1;
                    *n
                }
                None => 1,
            };
            name = format!("{base}-{count}");
        }
        self.seen.insert(name.clone(), 0);
        Some(name)
    }

    /// Records an explicit id, so that no slug repeats it.
    pub(super) fn reserve(&mut self, id: &str) -> String {
        self.seen.entry(id.to_string()).or_insert(0);
        id.to_string()
    }
}

/// The names of all link targets in blocks, in document order.
fn anchor_names<'a>(blocks: &'a [StyledBlock], out: &mut Vec<&'a str>) {
    for b in blocks {
        out.extend(b.anchors.iter().map(String::as_str));
        match &b.kind {
            StyledKind::Text { anchors, .. } => out.extend(anchors.iter().map(|a| a.name.as_str())),
            StyledKind::List { items } => items.iter().for_each(|i| anchor_names(&i.blocks, out)),
            StyledKind::Container(children) => anchor_names(children, out),
            StyledKind::Table(t) => {
                out.extend(t.rows.iter().flatten().flat_map(|c| c.anchors.iter().map(|a| a.name.as_str())));
            }
            StyledKind::Rule { .. } => {}
        }
    }
}

/// Calls `f` on every run of text in blocks, in document order.
fn visit_runs(blocks: &mut [StyledBlock], f: &mut dyn FnMut(&mut Run)) {
    for b in blocks {
        match &mut b.kind {
            StyledKind::Text { runs, .. } => runs.iter_mut().for_each(&mut *f),
            StyledKind::List { items } => items.iter_mut().for_each(|i| visit_runs(&mut i.blocks, f)),
            StyledKind::Container(children) => visit_runs(children, f),
            StyledKind::Table(t) => t.rows.iter_mut().flatten().flat_map(|c| c.runs.iter_mut()).for_each(&mut *f),
            StyledKind::Rule { .. } => {}
        }
    }
}

/// Links to `#name` with no such target in the document: one warning per name, and
/// the text stays without a link.
pub(super) fn check_links(blocks: &mut [StyledBlock], warnings: &mut Vec<Diagnostic>) {
    let mut names = Vec::new();
    anchor_names(blocks, &mut names);
    let mut names: Vec<String> = names.into_iter().map(str::to_string).collect();
    names.sort_unstable();
    names.dedup();
    // The targets by their name without `-` at the ends (looked up per link: a walk
    // over all names per link is quadratic in a document of many links).
    let mut loose: std::collections::HashMap<&str, Vec<&String>> = std::collections::HashMap::new();
    for n in &names {
        loose.entry(n.trim_matches('-')).or_default().push(n);
    }
    let mut warned: HashSet<String> = HashSet::new();
    visit_runs(blocks, &mut |run: &mut Run| {
        let Some(name) = run.link.as_deref().and_then(fragment) else { return };
        if means_top(&name) || names.binary_search(&name).is_ok() {
            return;
        }
        // `#projects` for a heading `Projects 🚀` (slug `projects-`): the one target
        // that differs only by `-` at its ends is meant.
        if let (false, Some([only])) = (name.is_empty(), loose.get(name.trim_matches('-')).map(Vec::as_slice)) {
            run.link = Some(format!("#{only}"));
            return;
        }
        run.link = None;
        if warned.len() >= MAX_LINK_WARNINGS || warned.contains(&name) {
            warned.insert(name);
            return;
        }
        let mut d = Diagnostic::warning(
            (run.span.end > run.span.start).then(|| run.span.clone()),
            format!("link target `#{name}` is not in the document; the text is left without a link"),
        );
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        d = match crate::diag::did_you_mean(&name, &candidates) {
            Some(m) => d.with_hint(format!("did you mean `#{m}`?")),
            None => d.with_hint("a heading's target is its text in lowercase, with `-` for spaces and no punctuation"),
        };
        warnings.push(d);
        warned.insert(name);
    });
    if let Some(unnamed) = warned.len().checked_sub(MAX_LINK_WARNINGS).filter(|&n| n > 0) {
        warnings.push(Diagnostic::warning(
            None,
            format!("links to {unnamed} more targets not in the document are left without a link (only the first {MAX_LINK_WARNINGS} are named)"),
        ));
    }
}

/// Links to missing targets are named in a warning each up to this many; the rest
/// are counted in one warning (each warning looks for a near name among all targets).
const MAX_LINK_WARNINGS: usize = 16;

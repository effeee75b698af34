//! Link fragments and targets, shared by style (which checks `#name` links), layout
//! (which finds their targets) and pdf (which writes them).

use std::collections::HashMap;

use crate::geom::Point;

/// The target name of a `#name` link, percent-decoded.
pub(crate) fn fragment(url: &str) -> Option<String> {
    let raw = url.strip_prefix('#')?;
    let b = raw.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' {
            if let (Some(h), Some(l)) = (b.get(i + 1).and_then(|c| hex(*c)), b.get(i + 2).and_then(|c| hex(*c))) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Whether a `#name` link means the top of the document when no target has that
/// name (`#` and `#top`, as in browsers).
pub(crate) fn means_top(name: &str) -> bool {
    name.is_empty() || name.eq_ignore_ascii_case("top")
}

/// The places `#name` links go to: the first target of each name, by page index and
/// top-left point.
#[derive(Debug, Default)]
pub(crate) struct Targets {
    first: HashMap<String, (usize, Point)>,
    /// Whether the document has a page (for `#top`).
    paged: bool,
}

impl Targets {
    /// The targets of a document of `pages` pages, met in drawing order (name, page
    /// index, point); the first of each name wins.
    pub(crate) fn new<'a>(anchors: impl IntoIterator<Item = (&'a str, usize, Point)>, pages: usize) -> Self {
        let mut first = HashMap::new();
        for (name, page, at) in anchors {
            first.entry(name.to_string()).or_insert((page, at));
        }
        Targets { first, paged: pages > 0 }
    }

    /// Where a link goes: the target a `#name` URL names (`#` and `#top` without such
    /// a target mean the top of the first page). `None` for other URLs and missing
    /// targets.
    pub(crate) fn resolve(&self, url: &str) -> Option<(usize, Point)> {
        let name = fragment(url)?;
        let found = self.first.get(&name).copied();
        found.or_else(|| (means_top(&name) && self.paged).then_some((0, Point::new(0.0, 0.0))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_resolve_to_the_first_target_or_the_top() {
        let targets = Targets::new([("a b", 1, Point::new(1.0, 2.0)), ("a b", 2, Point::new(3.0, 4.0))], 3);
        assert_eq!(targets.resolve("#a%20b"), Some((1, Point::new(1.0, 2.0))));
        assert_eq!(targets.resolve("#top"), Some((0, Point::new(0.0, 0.0))));
        assert_eq!(Targets::new([], 0).resolve("#"), None);
        assert_eq!(targets.resolve("#missing"), None);
        assert_eq!(targets.resolve("https://example.com/#a%20b"), None);
    }
}

//! CSS `white-space`: what a newline written in the source means.
//!
//! In HTML a newline in the text is white space like any other (`white-space:
//! normal`): it becomes a space, and runs of spaces collapse to one (the collapsing
//! across runs is `collapse_whitespace` in the cascade). Only `<br>` (the model's
//! `Inline::Break`) and block edges end a line. `pre-line` keeps newlines and
//! collapses spaces; `pre`, `pre-wrap` and `break-spaces` keep both.
//!
//! The runs handed to layout mark a forced line break with `'\n'`, so a newline
//! written in the text must be turned into a space here, before the runs are joined,
//! while it can still be told apart from a `<br>`.

/// The part of CSS `white-space` that decides how source white space is kept.
/// (`nowrap` collapses as `normal` does; cvpdf always wraps.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum WhiteSpace {
    /// `normal`, `nowrap`: newlines are spaces, spaces collapse.
    #[default]
    Normal,
    /// `pre-line`: newlines break the line, spaces collapse.
    PreLine,
    /// `pre`, `pre-wrap`, `break-spaces`: spaces and newlines are kept as written.
    Pre,
}

impl WhiteSpace {
    /// Reads a `white-space` value (lowercase); `None` for one not known.
    pub(super) fn parse(value: &str) -> Option<WhiteSpace> {
        // `white-space-collapse` values are accepted as well (CSS Text 4).
        match value.trim() {
            "normal" | "nowrap" | "collapse" => Some(WhiteSpace::Normal),
            "pre-line" | "preserve-breaks" => Some(WhiteSpace::PreLine),
            "pre" | "pre-wrap" | "break-spaces" | "preserve" | "preserve-spaces" => Some(WhiteSpace::Pre),
            _ => None,
        }
    }

    /// Whether a newline in the source ends the line.
    pub(super) fn keeps_newlines(self) -> bool {
        self != WhiteSpace::Normal
    }

    /// The text of a source text node as a run holds it: under `normal` each
    /// newline (and carriage return) is a space, to be collapsed with its
    /// neighbours; otherwise the text is as written.
    pub(super) fn source_text(self, text: &str) -> String {
        if self.keeps_newlines() || !text.contains(['\n', '\r']) {
            return text.to_string();
        }
        text.replace(['\n', '\r'], " ")
    }
}

#[cfg(test)]
mod tests {
    use super::WhiteSpace;

    #[test]
    fn reads_the_values() {
        assert_eq!(WhiteSpace::parse("nowrap"), Some(WhiteSpace::Normal));
        assert_eq!(WhiteSpace::parse("pre-line"), Some(WhiteSpace::PreLine));
        assert_eq!(WhiteSpace::parse("pre-wrap"), Some(WhiteSpace::Pre));
        assert_eq!(WhiteSpace::parse("inherit"), None);
    }

    #[test]
    fn newlines_are_spaces_only_under_normal() {
        assert_eq!(WhiteSpace::Normal.source_text("a\r\n  b\n"), "a    b ");
        assert_eq!(WhiteSpace::PreLine.source_text("a\n b"), "a\n b");
        assert_eq!(WhiteSpace::Pre.source_text("a\n b"), "a\n b");
    }
}

//! Where each byte of a rewritten CSS text came from. Reading CSS rewrites it
//! (comments stripped, at-rules resolved, `:root` and `--name` renamed); each
//! rewrite records its [`Origins`], so that a declaration or selector found in the
//! final text knows its place in the text the document wrote, without searching.

use crate::model::Span;

/// A piecewise map from the offsets of a rewritten text to those of the text it was
/// made from: each run of copied bytes starts at an output offset and an input
/// offset. Inserted text maps to where it stands in for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    runs: Vec<(usize, usize)>,
}

impl Origins {
    /// Notes that the output from `out_at` on is copied from the input at `from`.
    pub fn copied(&mut self, out_at: usize, from: usize) {
        if let Some(&(o, i)) = self.runs.last() {
            if out_at >= o && from >= i && out_at - o == from - i {
                return; // continues the last run
            }
            if o == out_at {
                self.runs.pop();
            }
        }
        self.runs.push((out_at, from));
    }

    /// The input offset of an output offset.
    pub fn get(&self, at: usize) -> usize {
        match self.runs.partition_point(|r| r.0 <= at).checked_sub(1) {
            Some(k) => {
                let (o, i) = self.runs[k];
                i + (at - o)
            }
            None => at,
        }
    }

    /// The origins of `text` copied whole from `from` on.
    pub fn shifted(from: usize) -> Self {
        Origins { runs: vec![(0, from)] }
    }
}

/// A CSS text as cascade reads it, with the way back to the document's source when
/// the document wrote it (front matter `css`, `<style>`).
#[derive(Debug, Clone, Default)]
pub struct Mapped {
    /// The text after every rewrite.
    pub text: String,
    /// The rewrites, first to last (the first maps to the source when `in_source`).
    pub stages: Vec<Origins>,
    /// Whether the first stage leads into the document's source.
    pub in_source: bool,
    /// The stylesheet file (or URL) it was read from, as named, when it is not the
    /// document's own CSS or a built-in sheet: for warnings, which cannot point
    /// into it.
    pub file: Option<String>,
}

impl Mapped {
    /// A text that is not in the document (built in, or a stylesheet file).
    pub fn elsewhere(text: String) -> Self {
        Mapped { text, stages: vec![], in_source: false, file: None }
    }

    /// The source span of `part`, a slice of [`Mapped::text`]; `None` if the text is
    /// not in the document or `part` is not a slice of it.
    pub fn span_of(&self, part: &str) -> Option<Span> {
        if !self.in_source || part.is_empty() {
            return None;
        }
        let start = (part.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize)?;
        if start + part.len() > self.text.len() {
            return None;
        }
        let back = |at: usize| self.stages.iter().rev().fold(at, |at, s| s.get(at));
        // The end is mapped as a place of its own, so that a replaced name (`:root`)
        // covers all it replaces.
        Some(back(start)..back(start + part.len()))
    }
}

/// `css` without its comments, and where the rest came from.
pub fn strip_comments(css: &str) -> (String, Origins) {
    let mut out = String::with_capacity(css.len());
    let mut origins = Origins::default();
    let mut rest = css;
    let mut at = 0;
    while let Some(start) = rest.find("/*") {
        origins.copied(out.len(), at);
        out.push_str(&rest[..start]);
        let skip = rest[start + 2..].find("*/").map_or(rest.len(), |end| start + 2 + end + 2);
        rest = &rest[skip..];
        at += skip;
    }
    origins.copied(out.len(), at);
    out.push_str(rest);
    (out, origins)
}

/// `text` with each `from` replaced by `to`, and where the result came from.
pub fn replace(text: &str, from: &str, to: &str) -> (String, Origins) {
    let mut out = String::with_capacity(text.len());
    let mut origins = Origins::default();
    let mut last = 0;
    for (i, _) in text.match_indices(from) {
        origins.copied(out.len(), last);
        out.push_str(&text[last..i]);
        origins.copied(out.len(), i);
        out.push_str(to);
        last = i + from.len();
    }
    origins.copied(out.len(), last);
    out.push_str(&text[last..]);
    (out, origins)
}

/// Where a text the document gives (the value of front matter `css`, the content
/// of a `<style>` element) is in `region` of the source, which holds it with
/// characters left out (indentation, quotes, container prefixes): the text's first
/// line is looked up once, then each character is matched to the next equal one.
pub fn align(text: &str, source: &str, region: Span) -> Option<Origins> {
    let region_text = source.get(region.clone())?;
    let first = text.trim_start().lines().next().unwrap_or("");
    let lead = text.len() - text.trim_start().len();
    let mut src = region.start + region_text.find(first)?;
    let mut origins = Origins::default();
    let bytes = source.as_bytes();
    for (i, b) in text.bytes().enumerate().skip(lead) {
        let look = bytes.get(src..region.end.min(bytes.len()))?;
        // A character of the text the source writes otherwise (an escape): it
        // stands where the source is now.
        let found = look.iter().take(64).position(|&c| c == b).unwrap_or(0);
        src += found;
        origins.copied(i, src);
        src += 1;
    }
    Some(origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_lead_back_to_the_written_text() {
        let css = "/* note */ :root { --a: red } p { color: red; color: var(--a) }";
        let (stripped, s1) = strip_comments(css);
        let (renamed, s2) = replace(&stripped, ":root", "html");
        let (custom, s3) = crate::style::css::custom_names_mapped(&renamed);
        let m = Mapped { text: custom, stages: vec![s1, s2, s3], in_source: true, file: None };
        let second = m.text.rfind("color").unwrap();
        let span = m.span_of(&m.text[second..second + 5]).unwrap();
        assert_eq!(span, css.rfind("color").unwrap()..css.rfind("color").unwrap() + 5);
        let html = m.text.find("html").unwrap();
        assert_eq!(m.span_of(&m.text[html..html + 4]), Some(11..16));
        let var = m.text.find("-cv-a").unwrap();
        assert_eq!(m.span_of(&m.text[var..var + 5]), Some(19..22));
    }

    #[test]
    fn document_texts_align_with_their_source() {
        let source = "---\ntitle: Ada\ncss: |\n  p { color: red }\n  h1 { color: blue }\n---\n";
        let text = "p { color: red }\nh1 { color: blue }\n";
        let o = align(text, source, 0..source.len()).unwrap();
        let m = Mapped { text: text.into(), stages: vec![o], in_source: true, file: None };
        let at = m.text.find("blue").unwrap();
        let span = m.span_of(&m.text[at..at + 4]).unwrap();
        assert_eq!(&source[span], "blue");
    }
}

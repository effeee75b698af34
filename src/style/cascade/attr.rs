//! A `style` attribute as the cascade reads it, with the way back to where the
//! document writes each of its declarations (from the value's span the model
//! records, not by searching the source).

use std::borrow::Cow;
use std::ops::Range;

use crate::model::Span;
use crate::style::css::style_attribute_mapped;
use crate::style::origins::Origins;

/// A `style` attribute's text as cascade parses it (custom properties renamed, as
/// [`css::style_attribute`](crate::style::css::style_attribute) renames them), and
/// the way back to the source.
pub(super) struct StyleAttr<'a> {
    pub(super) text: Cow<'a, str>,
    pub(super) back: WayBack,
}

/// Leads from a slice of a [`StyleAttr`]'s text to where the document writes it.
#[derive(Debug, Clone, Default)]
pub(super) struct WayBack {
    /// The addresses of the text's bytes (an empty range: no text).
    addr: Range<usize>,
    /// From the renamed text to the value (`None`: the same text).
    renamed: Option<Origins>,
    /// Where the value is written in the source, if known.
    at: Option<Span>,
    /// The source there is the value byte for byte (no entity was decoded), so that
    /// offsets in the value are offsets from `at.start`.
    verbatim: bool,
}

impl<'a> StyleAttr<'a> {
    /// The attribute whose (entity-decoded) `value` the model says is written at
    /// `at` in `source`.
    pub(super) fn new(value: &'a str, at: Option<&Span>, source: &str) -> Self {
        let (text, renamed) = style_attribute_mapped(value);
        let verbatim = at.is_some_and(|a| source.get(a.clone()) == Some(value));
        let start = text.as_ptr() as usize;
        let back = WayBack { addr: start..start + text.len(), renamed, at: at.cloned(), verbatim };
        StyleAttr { text, back }
    }
}

impl WayBack {
    /// Where the document writes `part`, a slice of the attribute's text: exactly
    /// when the value is written verbatim, else the whole value (an entity was
    /// decoded, so offsets no longer match); `None` if `part` is not from this
    /// attribute or its value's place is unknown.
    pub(super) fn span_of(&self, part: &str) -> Option<Span> {
        let start = part.as_ptr() as usize;
        if self.addr.is_empty() || start < self.addr.start || start + part.len() > self.addr.end {
            return None;
        }
        let at = self.at.clone()?;
        if !self.verbatim {
            return Some(at);
        }
        let back = |o: usize| at.start + self.renamed.as_ref().map_or(o, |r| r.get(o));
        // The end is mapped on its own, so that a renamed `--name` covers `--`.
        let offset = start - self.addr.start;
        Some(back(offset)..back(offset + part.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_lead_back_to_the_attribute_value() {
        let source = "<p style=\"--gap: 1em; color: red; color: re\">";
        let value = "--gap: 1em; color: red; color: re";
        let at = source.find(value).unwrap()..source.find(value).unwrap() + value.len();
        let attr = StyleAttr::new(value, Some(&at), source);
        let second = attr.text.rfind("color").unwrap();
        let span = attr.back.span_of(&attr.text[second..second + 5]).unwrap();
        assert_eq!(span.start, source.rfind("color").unwrap());
        assert_eq!(&source[span], "color");
        let gap = attr.text.find("-cv-gap").unwrap();
        assert_eq!(&source[attr.back.span_of(&attr.text[gap..gap + 7]).unwrap()], "--gap");
        // Not a slice of this attribute's text.
        assert_eq!(attr.back.span_of("color"), None);
    }

    #[test]
    fn a_decoded_value_leads_back_to_the_whole_value() {
        let source = "<p style=\"color: &#114;e\">";
        let at = 10..source.len() - 2;
        let attr = StyleAttr::new("color: re", Some(&at), source);
        assert_eq!(attr.back.span_of(&attr.text[0..5]), Some(at));
        let unknown = StyleAttr::new("color: re", None, source);
        assert_eq!(unknown.back.span_of(&unknown.text[0..5]), None);
    }
}

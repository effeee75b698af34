//! Typed reading of values: strings, booleans, numbers in a range, lengths, lists and
//! metadata, each wrong type an error (or, for metadata, a warning) at the value's span.

use std::ops::Range;

use super::page::MIN_PAGE_SIDE_PT;
use super::tree::{Kind, Node};
use crate::diag::Diagnostic;
use crate::units::{parse_length, UNITS};

pub(super) struct Cx<'a> {
    pub(super) source: &'a str,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl Cx<'_> {
    /// A span for a value: the value itself, or the rest of its line if unknown/empty.
    pub(super) fn value_span(&self, key: &Node, value: &Node) -> Range<usize> {
        let s = &value.span;
        if s.end > s.start && s.end <= self.source.len() {
            return s.clone();
        }
        if s.start >= key.span.start {
            if let Some(rest) = self.source.get(s.start..) {
                let end = s.start + rest.find(['\n', '\r']).unwrap_or(rest.len());
                if end > s.start {
                    return s.start..end;
                }
            }
        }
        key.span.clone()
    }

    pub(super) fn expected(&mut self, key: &Node, name: &str, value: &Node, what: &str) {
        let span = self.value_span(key, value);
        self.errors.push(Diagnostic::error(span, format!("`{name}` must be {what}, found {}", value.kind.describe())));
    }

    /// A scalar as text: strings as they are, numbers and booleans as written.
    pub(super) fn scalar_text(&self, node: &Node) -> Option<String> {
        match &node.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Int(_) | Kind::Float(_) => {
                let raw = self.source.get(node.span.clone()).map(str::trim).unwrap_or("");
                if !raw.is_empty() && !raw.contains('\n') && raw.chars().any(|c| c.is_ascii_digit()) {
                    Some(raw.to_string())
                } else if let Kind::Int(i) = node.kind {
                    Some(i.to_string())
                } else if let Kind::Float(f) = node.kind {
                    Some(f.to_string())
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    pub(super) fn opt_string(&mut self, key: &Node, name: &str, value: &Node) -> Option<String> {
        match &value.kind {
            Kind::Null => None,
            Kind::Str(s) => Some(s.clone()),
            _ => {
                self.expected(key, name, value, "a string");
                None
            }
        }
    }

    pub(super) fn bool(&mut self, key: &Node, name: &str, value: &Node) -> Option<bool> {
        match value.kind {
            Kind::Null => None,
            Kind::Bool(b) => Some(b),
            _ => {
                self.expected(key, name, value, "`true` or `false`");
                None
            }
        }
    }

    /// A number within `range` (a whole one if `whole`); one outside it is an error
    /// that names the key, with `hint` on how to write it.
    pub(super) fn number_in(
        &mut self,
        key: &Node,
        name: &str,
        value: &Node,
        range: std::ops::RangeInclusive<f64>,
        whole: bool,
        hint: &str,
    ) -> Option<f64> {
        let d = self.number(key, name, value)?;
        if range.contains(&d) && (!whole || d.fract() == 0.0) {
            return Some(d);
        }
        self.errors
            .push(Diagnostic::error(self.value_span(key, value), format!("`{name}` is {d}, out of range")).with_hint(hint.to_string()));
        None
    }

    pub(super) fn number(&mut self, key: &Node, name: &str, value: &Node) -> Option<f64> {
        match &value.kind {
            Kind::Null => None,
            Kind::Int(i) => Some(*i as f64),
            Kind::Float(f) => Some(*f),
            Kind::Str(s) if s.trim().parse::<f64>().is_ok() => s.trim().parse().ok(),
            _ => {
                self.expected(key, name, value, "a number");
                None
            }
        }
    }

    pub(super) fn length(&mut self, key: &Node, name: &str, value: &Node) -> Option<f32> {
        let span = self.value_span(key, value);
        let result = match &value.kind {
            Kind::Null => return None,
            Kind::Str(s) => parse_length(s),
            Kind::Int(i) => parse_length(&i.to_string()),
            Kind::Float(f) => parse_length(&f.to_string()),
            _ => {
                self.expected(key, name, value, "a length like `15mm`");
                return None;
            }
        };
        match result {
            Ok(v) => Some(v),
            Err(msg) => {
                self.errors.push(
                    Diagnostic::error(span, format!("`{name}`: {msg}"))
                        .with_hint(format!("use a non-negative number with a unit: {UNITS}")),
                );
                None
            }
        }
    }

    /// A page side: a length of at least [`MIN_PAGE_SIDE_PT`].
    pub(super) fn page_side(&mut self, key: &Node, name: &str, value: &Node) -> Option<f32> {
        let v = self.length(key, name, value)?;
        if v < MIN_PAGE_SIDE_PT {
            self.errors.push(
                Diagnostic::error(self.value_span(key, value), format!("`{name}`: a page side of {v}pt is too small"))
                    .with_hint("a page side is 3pt to 200in (14400pt); leave it out for the format's"),
            );
            return None;
        }
        Some(v)
    }

    /// A string or a list of strings, each string split by `split`.
    pub(super) fn string_list(&mut self, key: &Node, name: &str, value: &Node, split: fn(&str) -> Vec<String>) -> Vec<String> {
        let what = "a string or a list of strings";
        match &value.kind {
            Kind::Null => vec![],
            Kind::Str(s) => split(s),
            Kind::Seq(items) => {
                let mut out = vec![];
                for item in items {
                    match &item.kind {
                        Kind::Str(s) => out.extend(split(s)),
                        Kind::Null => {}
                        _ => {
                            self.expected(key, name, item, what);
                        }
                    }
                }
                out
            }
            _ => {
                self.expected(key, name, value, what);
                vec![]
            }
        }
    }

    /// A metadata string list (keywords, tags): scalars are stringified; never an error.
    pub(super) fn meta_list(&mut self, key: &Node, name: &str, value: &Node) -> Vec<String> {
        let split = |s: &str| -> Vec<String> { s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect() };
        match &value.kind {
            Kind::Null => vec![],
            Kind::Seq(items) => items.iter().filter_map(|i| self.scalar_text(i)).flat_map(|s| split(&s)).collect(),
            _ => match self.scalar_text(value) {
                Some(s) => split(&s),
                None => {
                    self.meta_warning(key, name, value, "a string or a list of strings");
                    vec![]
                }
            },
        }
    }

    pub(super) fn meta_text(&mut self, key: &Node, name: &str, value: &Node) -> Option<String> {
        match &value.kind {
            Kind::Null => None,
            _ => match self.scalar_text(value) {
                Some(s) => Some(s),
                None => {
                    self.meta_warning(key, name, value, "a string");
                    None
                }
            },
        }
    }

    pub(super) fn meta_warning(&mut self, key: &Node, name: &str, value: &Node, what: &str) {
        let span = self.value_span(key, value);
        self.warnings.push(Diagnostic::warning(span, format!("`{name}` should be {what}, found {}; it is ignored", value.kind.describe())));
    }

    /// `author`: a string, a list of strings, or a list of maps with `name`.
    pub(super) fn authors(&mut self, key: &Node, name: &str, value: &Node) -> Option<String> {
        fn one(cx: &Cx<'_>, n: &Node) -> Option<String> {
            match &n.kind {
                Kind::Map(entries) => {
                    entries.iter().find(|(k, _)| matches!(&k.kind, Kind::Str(s) if s == "name")).and_then(|(_, v)| cx.scalar_text(v))
                }
                _ => cx.scalar_text(n),
            }
        }
        let names: Vec<String> = match &value.kind {
            Kind::Null => return None,
            Kind::Seq(items) => items.iter().filter_map(|i| one(self, i)).collect(),
            _ => one(self, value).into_iter().collect(),
        };
        if names.is_empty() {
            if !matches!(&value.kind, Kind::Seq(v) if v.is_empty()) {
                self.meta_warning(key, name, value, "a string, a list of strings or a list of maps with `name`");
            }
            return None;
        }
        Some(names.join(", "))
    }
}

pub(super) fn split_ws(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

pub(super) fn keep_whole(s: &str) -> Vec<String> {
    let t = s.trim();
    if t.is_empty() {
        vec![]
    } else {
        vec![t.to_string()]
    }
}

pub(super) fn key_name(key: &Node) -> Option<String> {
    match &key.kind {
        Kind::Str(s) => Some(s.clone()),
        Kind::Bool(b) => Some(b.to_string()),
        Kind::Int(i) => Some(i.to_string()),
        Kind::Float(f) => Some(f.to_string()),
        Kind::Null => Some("null".into()),
        Kind::Seq(_) | Kind::Map(_) => None,
    }
}

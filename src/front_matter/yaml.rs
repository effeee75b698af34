//! YAML front matter: serde-saphyr (with safety limits) into the value tree, its
//! character locations turned into byte spans.

use std::ops::Range;

use super::block::Block;
use super::tree::{Kind, Node};
use crate::diag::Diagnostic;

mod de {
    //! The serde visitor: any YAML value, with its character location.

    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_saphyr::{Location, Spanned};
    use std::fmt;

    pub(super) struct YNode {
        pub(super) loc: Location,
        pub(super) kind: YKind,
    }

    pub(super) enum YKind {
        Null,
        Bool(bool),
        Int(i64),
        Float(f64),
        Str(String),
        Seq(Vec<YNode>),
        Map(Vec<(YNode, YNode)>),
    }

    impl<'de> Deserialize<'de> for YNode {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = Spanned::<YKind>::deserialize(d)?;
            Ok(YNode { loc: s.referenced, kind: s.value })
        }
    }

    impl<'de> Deserialize<'de> for YKind {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(KindVisitor)
        }
    }

    struct KindVisitor;

    impl<'de> Visitor<'de> for KindVisitor {
        type Value = YKind;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<YKind, E> {
            Ok(YKind::Bool(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<YKind, E> {
            Ok(YKind::Int(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<YKind, E> {
            Ok(i64::try_from(v).map_or(YKind::Float(v as f64), YKind::Int))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<YKind, E> {
            Ok(i64::try_from(v).map_or(YKind::Float(v as f64), YKind::Int))
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<YKind, E> {
            Ok(i64::try_from(v).map_or(YKind::Float(v as f64), YKind::Int))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<YKind, E> {
            Ok(YKind::Float(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<YKind, E> {
            Ok(YKind::Str(v.to_string()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<YKind, E> {
            Ok(YKind::Str(v))
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<YKind, E> {
            Ok(YKind::Str(String::from_utf8_lossy(v).into_owned()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<YKind, E> {
            Ok(YKind::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<YKind, E> {
            Ok(YKind::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<YKind, D::Error> {
            YKind::deserialize(d)
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<YKind, D::Error> {
            YKind::deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YKind, A::Error> {
            let mut v = Vec::new();
            while let Some(n) = seq.next_element::<YNode>()? {
                v.push(n);
            }
            Ok(YKind::Seq(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YKind, A::Error> {
            let mut v = Vec::new();
            while let Some(entry) = map.next_entry::<YNode, YNode>()? {
                v.push(entry);
            }
            Ok(YKind::Map(v))
        }
    }
}

/// Converts character offsets of a block's content into byte offsets of the whole source.
pub(super) struct CharMap<'a> {
    content: &'a str,
    base: usize,
    /// Byte offset of every character start, plus the content length.
    starts: Vec<usize>,
    /// Byte offset of every line start.
    line_starts: Vec<usize>,
}

impl<'a> CharMap<'a> {
    fn new(content: &'a str, base: usize) -> Self {
        let mut starts: Vec<usize> = content.char_indices().map(|(i, _)| i).collect();
        starts.push(content.len());
        let mut line_starts = vec![0];
        line_starts.extend(content.match_indices('\n').map(|(i, _)| i + 1));
        Self { content, base, starts, line_starts }
    }

    /// Byte offset (in the whole source) of a saphyr location.
    fn offset(&self, loc: &serde_saphyr::Location) -> Option<usize> {
        if loc.line() == 0 {
            return None;
        }
        let by_span = self.starts.get(loc.span().offset()).copied();
        // Cross-check with line/column; prefer line/column when they disagree.
        let line = usize::try_from(loc.line()).ok()?.checked_sub(1)?;
        let col = usize::try_from(loc.column()).ok()?.saturating_sub(1);
        let by_line = self.line_starts.get(line).map(|&ls| {
            let line_end = self.content[ls..].find('\n').map_or(self.content.len(), |i| ls + i);
            self.content[ls..line_end].char_indices().nth(col).map_or(line_end, |(i, _)| ls + i)
        });
        let local = match (by_span, by_line) {
            (Some(s), Some(l)) if s == l => s,
            (_, Some(l)) => l,
            (Some(s), None) => s,
            (None, None) => return None,
        };
        Some(self.base + local)
    }

    fn span(&self, loc: &serde_saphyr::Location) -> Range<usize> {
        let Some(start) = self.offset(loc) else {
            return self.base..self.base;
        };
        let local = start - self.base;
        let ci = self.starts.partition_point(|&b| b < local);
        let end_ci = ci.saturating_add(loc.span().len());
        let end = self.starts.get(end_ci).copied().unwrap_or(self.content.len());
        start..self.base + end.max(local)
    }

    fn convert(&self, node: de::YNode) -> Node {
        let span = self.span(&node.loc);
        let kind = match node.kind {
            de::YKind::Null => Kind::Null,
            de::YKind::Bool(b) => Kind::Bool(b),
            de::YKind::Int(i) => Kind::Int(i),
            de::YKind::Float(f) => Kind::Float(f),
            de::YKind::Str(s) => Kind::Str(s),
            de::YKind::Seq(v) => Kind::Seq(v.into_iter().map(|n| self.convert(n)).collect()),
            de::YKind::Map(v) => Kind::Map(v.into_iter().map(|(k, v)| (self.convert(k), self.convert(v))).collect()),
        };
        Node { span, kind }
    }
}

/// Removes serde-saphyr's ` at line N, column M` suffix.
pub(super) fn strip_location_suffix(msg: &str) -> &str {
    if let Some(i) = msg.rfind(" at line ") {
        let rest = &msg[i + " at line ".len()..];
        if rest.chars().all(|c| c.is_ascii_digit() || c == ',' || c == ' ' || c.is_ascii_alphabetic()) && rest.contains("column") {
            return &msg[..i];
        }
    }
    msg
}

/// Parses the block's YAML; a failure is an error saying "failed to parse {what}",
/// with `hint`.
pub(super) fn parse_yaml(source: &str, block: &Block, what: &str, hint: &str) -> Result<Node, Diagnostic> {
    let content = &source[block.content_start..block.content_end];
    let map = CharMap::new(content, block.content_start);
    let empty = Node { span: block.content_start..block.content_start, kind: Kind::Map(vec![]) };
    if content.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Ok(empty);
    }
    let budget = serde_saphyr::Budget {
        max_depth: 64,
        max_events: 100_000,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_nodes: 50_000,
        max_documents: 1,
        ..serde_saphyr::Budget::default()
    };
    let options = serde_saphyr::Options {
        budget: Some(budget),
        alias_limits: serde_saphyr::options::AliasLimits {
            max_total_replayed_events: 10_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
        with_snippet: false,
        crop_radius: 0,
        ..serde_saphyr::Options::default()
    };
    match serde_saphyr::from_str_with_options::<de::YNode>(content, options) {
        Ok(node) => {
            let node = map.convert(node);
            Ok(match node.kind {
                Kind::Null => empty,
                _ => node,
            })
        }
        Err(e) => {
            let inner = e.without_snippet();
            let span = inner
                .location()
                .and_then(|loc| map.offset(&loc))
                .map_or(block.content_start..block.content_start, |o| o..next_char_end(source, o, block.content_end));
            let text = match inner {
                serde_saphyr::Error::Budget { breach, .. } => budget_message(breach),
                other => other.to_string(),
            };
            let cause = strip_location_suffix(&text);
            Err(Diagnostic::error(span, format!("failed to parse {what} ({cause})")).with_hint(hint))
        }
    }
}

/// A readable cause for a safety-limit breach.
pub(super) fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { depth } => format!("nested more than {} levels deep", depth.saturating_sub(1)),
        B::Aliases { .. } | B::AliasAnchorRatio { .. } => "too many aliases".into(),
        B::Anchors { .. } => "too many anchors".into(),
        B::Documents { .. } => "more than one YAML document".into(),
        B::Events { .. } | B::Nodes { .. } | B::ScalarBytes { .. } | B::InputBytes { .. } => "front matter is too large".into(),
        B::MergeKeys { .. } => "too many merge keys".into(),
        B::SequenceUnbalanced => "unbalanced nesting".into(),
    }
}

/// End of the character starting at `o`, not beyond `limit` (or `o` if at the end).
pub(super) fn next_char_end(source: &str, o: usize, limit: usize) -> usize {
    source.get(o..).and_then(|s| s.chars().next()).filter(|c| *c != '\n' && *c != '\r').map_or(o, |c| (o + c.len_utf8()).min(limit.max(o)))
}

//! TOML front matter (Hugo's `+++`): toml's spanned tables into the value tree.

use super::block::Block;
use super::tree::{Kind, Node};
use crate::diag::{floor_char_boundary, Diagnostic};

/// Parses the block's TOML; a failure is an error saying "failed to parse {what}",
/// with `hint`.
pub(super) fn parse_toml(source: &str, block: &Block, what: &str, hint: &str) -> Result<Node, Diagnostic> {
    use toml::de::{DeTable, DeValue};
    let content = &source[block.content_start..block.content_end];
    let base = block.content_start;
    match DeTable::parse(content) {
        Ok(table) => {
            fn conv(v: toml::Spanned<DeValue<'_>>, base: usize) -> Node {
                let r = v.span();
                let span = base + r.start..base + r.end;
                let kind = match v.into_inner() {
                    DeValue::String(s) => Kind::Str(s.into_owned()),
                    DeValue::Integer(i) => {
                        let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
                        let digits =
                            digits.trim_start_matches('+').trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
                        match i64::from_str_radix(digits, i.radix()) {
                            Ok(n) => Kind::Int(n),
                            Err(_) => Kind::Str(i.as_str().to_string()),
                        }
                    }
                    DeValue::Float(f) => {
                        let t: String = f.as_str().chars().filter(|c| *c != '_').collect();
                        match t.as_str() {
                            "inf" | "+inf" => Kind::Float(f64::INFINITY),
                            "-inf" => Kind::Float(f64::NEG_INFINITY),
                            "nan" | "+nan" | "-nan" => Kind::Float(f64::NAN),
                            _ => t.parse().map_or(Kind::Str(t.clone()), Kind::Float),
                        }
                    }
                    DeValue::Boolean(b) => Kind::Bool(b),
                    DeValue::Datetime(d) => Kind::Str(d.to_string()),
                    DeValue::Array(a) => Kind::Seq(a.into_iter().map(|v| conv(v, base)).collect()),
                    DeValue::Table(t) => Kind::Map(conv_table(t, base)),
                };
                Node { span, kind }
            }
            fn conv_table(t: DeTable<'_>, base: usize) -> Vec<(Node, Node)> {
                let mut entries: Vec<(Node, Node)> = t
                    .into_iter()
                    .map(|(k, v)| {
                        let r = k.span();
                        let key = Node { span: base + r.start..base + r.end, kind: Kind::Str(k.into_inner().into_owned()) };
                        (key, conv(v, base))
                    })
                    .collect();
                entries.sort_by_key(|(k, _)| k.span.start);
                entries
            }
            let span = table.span();
            Ok(Node { span: base + span.start..base + span.end, kind: Kind::Map(conv_table(table.into_inner(), base)) })
        }
        Err(e) => {
            let span = e.span().map_or(base..base, |r| {
                let s = floor_char_boundary(content, r.start);
                let e = floor_char_boundary(content, r.end.max(r.start));
                base + s..base + e
            });
            let msg = e.message().trim().trim_end_matches('.').to_string();
            Err(Diagnostic::error(span, format!("failed to parse {what} ({msg})")).with_hint(hint))
        }
    }
}

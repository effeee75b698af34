//! A small HTML tokenizer for the inline and block HTML that Markdown allows.
//!
//! pulldown-cmark hands over raw HTML one fragment per event; this splits such a
//! fragment into tags, text and comments. Text is entity-decoded.

use std::ops::Range;

/// One piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// An opening tag (`self_closing` for `<br/>`).
    Open {
        /// Lowercase tag name.
        name: String,
        /// Attributes, names lowercase, values entity-decoded.
        attrs: Vec<(String, String)>,
        /// Where each attribute's value is written in the fragment, in the order of
        /// `attrs`: the text between the quotes (an empty range after the name of an
        /// attribute without a value). It holds the value as written, before its
        /// entities are decoded.
        values: Vec<Range<usize>>,
        /// Written as `<x/>`.
        self_closing: bool,
        /// Byte offset of `<` in the fragment.
        offset: usize,
    },
    /// A closing tag.
    Close {
        /// Lowercase tag name.
        name: String,
        /// Byte offset of `<` in the fragment.
        offset: usize,
    },
    /// Text between tags, entities decoded.
    Text(String, usize),
}

/// Splits an HTML fragment into tokens. Comments, doctypes and processing
/// instructions vanish. Never fails: anything that is not a tag is text.
///
/// Linear in the fragment: every `<` is tried as a tag, and a try that fails
/// leaves a note where it got stuck, so that later tries stop there (see
/// `TagReader`).
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut reader = TagReader::new(src);
    tokenize_with(src, |i| reader.tag_at(i))
}

/// [`tokenize`] with `tag_at` reading the tag whose `<` is at an offset (its end
/// and token).
fn tokenize_with(src: &str, mut tag_at: impl FnMut(usize) -> Option<(usize, Token)>) -> Vec<Token> {
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    let flush = |out: &mut Vec<Token>, from: usize, to: usize| {
        if to > from {
            out.push(Token::Text(decode_entities(&src[from..to]), from));
        }
    };
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &src[i..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            flush(&mut out, text_start, i);
            let end = comment.find("-->").map_or(src.len(), |e| i + 4 + e + 3);
            i = end;
            text_start = i;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            flush(&mut out, text_start, i);
            i = rest.find('>').map_or(src.len(), |e| i + e + 1);
            text_start = i;
            continue;
        }
        match tag_at(i) {
            Some((end, tok)) => {
                flush(&mut out, text_start, i);
                out.push(tok);
                i = end;
                text_start = i;
            }
            None => i += 1,
        }
    }
    flush(&mut out, text_start, src.len());
    out
}

/// The end of a tag name starting at `i` (after `<` or `</`), if one starts there.
fn tag_name_end(b: &[u8], i: usize) -> Option<usize> {
    let end = i + b[i.min(b.len())..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
    (end > i && b[i].is_ascii_alphabetic()).then_some(end)
}

/// The next offset from `i` that is not ASCII white space.
fn skip_space(b: &[u8], i: usize) -> usize {
    i + b[i.min(b.len())..].iter().take_while(|c| c.is_ascii_whitespace()).count()
}

/// One attribute read from `i` (where its name starts): where reading stopped, its
/// lowercase name, its value (entities decoded) and where the value is written
/// (quotes left out). `closes(quote, at)` says whether a quote opened at `at` can
/// close at all. `None` when the name is empty or the value's quote never closes.
#[allow(clippy::type_complexity)]
fn attribute(s: &str, mut i: usize, closes: impl Fn(u8, usize) -> bool) -> Option<(usize, (String, String), Range<usize>)> {
    let b = s.as_bytes();
    let an_start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
        i += 1;
    }
    if i == an_start {
        return None;
    }
    let aname = s[an_start..i].to_ascii_lowercase();
    let mut at = i..i;
    i = skip_space(b, i);
    if b.get(i) == Some(&b'=') {
        i = skip_space(b, i + 1);
        match b.get(i)? {
            q @ (b'"' | b'\'') => {
                if !closes(*q, i) {
                    return None;
                }
                let end = s[i + 1..].find(*q as char)? + i + 1;
                at = i + 1..end;
                i = end + 1;
            }
            _ => {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                at = vs..i;
            }
        }
    }
    Some((i, (aname, decode_entities(&s[at.clone()])), at))
}

/// Reads tags in one fragment, trying them at any `<`.
///
/// Reading a tag's attributes from a given position goes the same way whichever
/// `<` the tag began at. So when a try fails (no `>` ends the tag, a quote is never
/// closed, an attribute name is empty), every position where it stood between
/// attributes is marked, and a later try that reaches one of them fails at once.
/// Without this, `<div ` repeated or `<a x="` repeated is read again from each `<`
/// to the end: quadratic.
struct TagReader<'a> {
    src: &'a str,
    /// Positions between attributes from which no tag can be read to its end
    /// (allocated at the first failure).
    dead: Vec<bool>,
    /// The last `>`, `"` and `'`: after them no tag ends and no quoted value closes.
    last_gt: Option<usize>,
    last_dquote: Option<usize>,
    last_squote: Option<usize>,
}

/// What [`TagReader::attributes`] reads: where the tag ends, the attributes, where
/// their values are written, and whether the tag is written `<x/>`.
type Attributes = (usize, Vec<(String, String)>, Vec<Range<usize>>, bool);

impl<'a> TagReader<'a> {
    fn new(src: &'a str) -> Self {
        Self { src, dead: Vec::new(), last_gt: src.rfind('>'), last_dquote: src.rfind('"'), last_squote: src.rfind('\'') }
    }

    /// Reads the tag whose `<` is at `start`: the end of the tag and its token.
    fn tag_at(&mut self, start: usize) -> Option<(usize, Token)> {
        let (s, b) = (self.src, self.src.as_bytes());
        let closing = b.get(start + 1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let i = tag_name_end(b, name_start)?;
        let name = s[name_start..i].to_ascii_lowercase();
        // Every tag ends at a `>`.
        if self.last_gt.is_none_or(|g| g < i) {
            return None;
        }
        if closing {
            // Anything between the name and the `>` is ignored.
            let end = i + s[i..].find('>')? + 1;
            return Some((end, Token::Close { name, offset: start }));
        }
        let mut visited = Vec::new();
        match self.attributes(i, &mut visited) {
            Some((end, attrs, values, self_closing)) => Some((end, Token::Open { name, attrs, values, self_closing, offset: start })),
            None => {
                if self.dead.is_empty() {
                    self.dead = vec![false; b.len() + 1];
                }
                for v in visited {
                    self.dead[v] = true;
                }
                None
            }
        }
    }

    /// Reads attributes from `i` up to and including the `>` that ends the tag.
    /// The positions between attributes go into `visited`.
    fn attributes(&self, mut i: usize, visited: &mut Vec<usize>) -> Option<Attributes> {
        let b = self.src.as_bytes();
        let dead = |i: usize| self.dead.get(i).copied().unwrap_or(false);
        // A quoted value closes only before the last quote of its kind.
        let closes = |q: u8, at: usize| {
            let last = if q == b'"' { self.last_dquote } else { self.last_squote };
            last.is_some_and(|l| l > at)
        };
        let (mut attrs, mut values) = (Vec::new(), Vec::new());
        let mut self_closing = false;
        loop {
            visited.push(i);
            if dead(i) {
                return None;
            }
            i = skip_space(b, i);
            visited.push(i);
            if dead(i) {
                return None;
            }
            match b.get(i)? {
                b'>' => return Some((i + 1, attrs, values, self_closing)),
                b'/' => {
                    self_closing = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let (end, attr, at) = attribute(self.src, i, closes)?;
            i = end;
            attrs.push(attr);
            values.push(at);
        }
    }
}

/// Decodes HTML character references (`&amp;`, `&#8212;`, `&#x2014;`, common names).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        // A reference is short: look for its `;` nearby only, or `&` repeated would
        // search to the end each time.
        let window = &rest.as_bytes()[1..rest.len().min(33)];
        let end = window.iter().position(|&c| c == b';').map(|e| e + 1);
        let decoded = end.and_then(|e| decode_one(&rest[1..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push_str(&c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_one(name: &str) -> Option<String> {
    if let Some(num) = name.strip_prefix('#') {
        let code =
            if let Some(hex) = num.strip_prefix(['x', 'X']) { u32::from_str_radix(hex, 16).ok()? } else { num.parse::<u32>().ok()? };
        let c = char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{FFFD}');
        return Some(c.to_string());
    }
    let c = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "middot" => "·",
        "bull" => "•",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "euro" => "€",
        "pound" => "£",
        "yen" => "¥",
        "cent" => "¢",
        "deg" => "°",
        "times" => "×",
        "divide" => "÷",
        "plusmn" => "±",
        "larr" => "←",
        "rarr" => "→",
        "uarr" => "↑",
        "darr" => "↓",
        "harr" => "↔",
        "rArr" => "⇒",
        "check" => "✓",
        "star" => "☆",
        "hearts" => "♥",
        "sect" => "§",
        "para" => "¶",
        "shy" => "\u{ad}",
        "zwj" => "\u{200d}",
        "zwnj" => "\u{200c}",
        "eacute" => "é",
        "egrave" => "è",
        "aacute" => "á",
        "agrave" => "à",
        "iacute" => "í",
        "oacute" => "ó",
        "uacute" => "ú",
        "ntilde" => "ñ",
        "ccedil" => "ç",
        "auml" => "ä",
        "ouml" => "ö",
        "uuml" => "ü",
        "Auml" => "Ä",
        "Ouml" => "Ö",
        "Uuml" => "Ü",
        "szlig" => "ß",
        _ => return None,
    };
    Some(c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_tags_text_and_comments() {
        let t = tokenize("<b class=\"x\">Hi &amp; bye</b><!-- gone --><br/>");
        assert_eq!(t.len(), 4);
        assert!(matches!(&t[0], Token::Open { name, attrs, .. } if name == "b" && attrs[0].1 == "x"));
        assert_eq!(t[1], Token::Text("Hi & bye".into(), 13));
        assert!(matches!(&t[2], Token::Close { name, .. } if name == "b"));
        assert!(matches!(&t[3], Token::Open { name, self_closing: true, .. } if name == "br"));
    }

    #[test]
    fn attribute_values_know_where_they_are_written() {
        let src = "<p id=x style = 'color: red' hidden title=\"a &amp; b\">";
        let Some(Token::Open { attrs, values, .. }) = tokenize(src).into_iter().next() else { panic!("a tag") };
        let written: Vec<&str> = values.iter().map(|v| &src[v.clone()]).collect();
        assert_eq!(written, ["x", "color: red", "", "a &amp; b"]);
        assert_eq!(attrs[3].1, "a & b");
        assert_eq!(values[2], src.find(" title").unwrap()..src.find(" title").unwrap());
    }

    #[test]
    fn a_lone_angle_bracket_is_text() {
        let t = tokenize("a < b and <3");
        assert_eq!(t, vec![Token::Text("a < b and <3".into(), 0)]);
    }

    /// The tokenizer before it remembered failed tries (quadratic on `<div ` repeated):
    /// each tag read from its `<` to its end with nothing known beforehand. The one
    /// above must give the same tokens.
    fn tokenize_naive(src: &str) -> Vec<Token> {
        let parse_tag = |start: usize| -> Option<(usize, Token)> {
            let b = src.as_bytes();
            let closing = b.get(start + 1) == Some(&b'/');
            let name_start = start + 1 + usize::from(closing);
            let mut i = tag_name_end(b, name_start)?;
            let name = src[name_start..i].to_ascii_lowercase();
            let (mut attrs, mut values) = (Vec::new(), Vec::new());
            let mut self_closing = false;
            loop {
                i = skip_space(b, i);
                match b.get(i)? {
                    b'>' => break,
                    b'/' => {
                        self_closing = true;
                        i += 1;
                        continue;
                    }
                    _ => {}
                }
                if closing {
                    i += src[i..].find('>')?;
                    continue;
                }
                let (end, attr, at) = attribute(src, i, |_, _| true)?;
                i = end;
                attrs.push(attr);
                values.push(at);
            }
            let tok = if closing {
                Token::Close { name, offset: start }
            } else {
                Token::Open { name, attrs, values, self_closing, offset: start }
            };
            Some((i + 1, tok))
        };
        tokenize_with(src, parse_tag)
    }

    #[test]
    fn remembering_failed_tags_changes_no_tokens() {
        // Fragments drawn from the characters that steer the tokenizer.
        let pieces = ["<", ">", "/", " ", "=", "\"", "'", "a", "b", "div", "x=", "!", "-", "&", ";", "\n", "é"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let src: String = (0..len).map(|_| pieces[(next() % pieces.len() as u64) as usize]).collect();
            assert_eq!(tokenize(&src), tokenize_naive(&src), "{src:?}");
        }
    }

    #[test]
    fn decodes_numeric_and_named() {
        assert_eq!(decode_entities("&#8212;&#x2014;&mdash;&nbsp;&bogus;"), "———\u{a0}&bogus;");
    }
}

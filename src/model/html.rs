//! A small HTML tokenizer for the inline and block HTML that Markdown allows.
//!
//! pulldown-cmark hands over raw HTML one fragment per event; this splits such a
//! fragment into tags, text and comments. Text is entity-decoded.

/// One piece of an HTML fragment.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// An opening tag (`self_closing` for `<br/>`).
    Open {
        /// Lowercase tag name.
        name: String,
        /// Attributes, names lowercase, values entity-decoded.
        attrs: Vec<(String, String)>,
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
    let mut out = Vec::new();
    let bytes = src.as_bytes();
    let mut reader = TagReader::new(src);
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
        match reader.tag_at(i) {
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

impl<'a> TagReader<'a> {
    fn new(src: &'a str) -> Self {
        Self { src, dead: Vec::new(), last_gt: src.rfind('>'), last_dquote: src.rfind('"'), last_squote: src.rfind('\'') }
    }

    /// Reads the tag whose `<` is at `start`: the end of the tag and its token.
    fn tag_at(&mut self, start: usize) -> Option<(usize, Token)> {
        let (s, b) = (self.src, self.src.as_bytes());
        let mut i = start + 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let name_start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        if i == name_start || !b[name_start].is_ascii_alphabetic() {
            return None;
        }
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
            Some((end, attrs, self_closing)) => Some((end, Token::Open { name, attrs, self_closing, offset: start })),
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

    /// Reads attributes from `i` up to and including the `>` that ends the tag:
    /// the end, the attributes and whether the tag is written `<x/>`. The positions
    /// between attributes go into `visited`.
    #[allow(clippy::type_complexity)]
    fn attributes(&self, mut i: usize, visited: &mut Vec<usize>) -> Option<(usize, Vec<(String, String)>, bool)> {
        let (s, b) = (self.src, self.src.as_bytes());
        let dead = |i: usize| self.dead.get(i).copied().unwrap_or(false);
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            visited.push(i);
            if dead(i) {
                return None;
            }
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            visited.push(i);
            if dead(i) {
                return None;
            }
            match b.get(i)? {
                b'>' => return Some((i + 1, attrs, self_closing)),
                b'/' => {
                    self_closing = true;
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let an_start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            if i == an_start {
                return None;
            }
            let aname = s[an_start..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let last = if *q == b'"' { self.last_dquote } else { self.last_squote };
                        if last.is_none_or(|l| l <= i) {
                            return None;
                        }
                        let end = s[i + 1..].find(*q as char)? + i + 1;
                        value = decode_entities(&s[i + 1..end]);
                        i = end + 1;
                    }
                    _ => {
                        let vs = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        value = decode_entities(&s[vs..i]);
                    }
                }
            }
            attrs.push((aname, value));
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
    fn a_lone_angle_bracket_is_text() {
        let t = tokenize("a < b and <3");
        assert_eq!(t, vec![Token::Text("a < b and <3".into(), 0)]);
    }

    /// The tokenizer before it remembered failed tries (quadratic on `<div ` repeated):
    /// the one above must give the same tokens.
    fn tokenize_naive(src: &str) -> Vec<Token> {
        fn parse_tag(s: &str) -> Option<(usize, Token)> {
            let b = s.as_bytes();
            let mut i = 1;
            let closing = b.get(1) == Some(&b'/');
            if closing {
                i += 1;
            }
            let name_start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
                i += 1;
            }
            if i == name_start || !b[name_start].is_ascii_alphabetic() {
                return None;
            }
            let name = s[name_start..i].to_ascii_lowercase();
            let mut attrs = Vec::new();
            let mut self_closing = false;
            loop {
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i)? {
                    b'>' => {
                        i += 1;
                        break;
                    }
                    b'/' => {
                        self_closing = true;
                        i += 1;
                        continue;
                    }
                    _ => {}
                }
                if closing {
                    i += s[i..].find('>')?;
                    continue;
                }
                let an_start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                    i += 1;
                }
                if i == an_start {
                    return None;
                }
                let aname = s[an_start..i].to_ascii_lowercase();
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let mut value = String::new();
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match b.get(i)? {
                        q @ (b'"' | b'\'') => {
                            let end = s[i + 1..].find(*q as char)? + i + 1;
                            value = decode_entities(&s[i + 1..end]);
                            i = end + 1;
                        }
                        _ => {
                            let vs = i;
                            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                                i += 1;
                            }
                            value = decode_entities(&s[vs..i]);
                        }
                    }
                }
                attrs.push((aname, value));
            }
            let tok = if closing { Token::Close { name, offset: 0 } } else { Token::Open { name, attrs, self_closing, offset: 0 } };
            Some((i, tok))
        }
        let mut out = Vec::new();
        let bytes = src.as_bytes();
        let (mut i, mut text_start) = (0, 0);
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
                i = comment.find("-->").map_or(src.len(), |e| i + 4 + e + 3);
                text_start = i;
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                flush(&mut out, text_start, i);
                i = rest.find('>').map_or(src.len(), |e| i + e + 1);
                text_start = i;
                continue;
            }
            match parse_tag(rest) {
                Some((len, tok)) => {
                    flush(&mut out, text_start, i);
                    out.push(match tok {
                        Token::Open { name, attrs, self_closing, .. } => Token::Open { name, attrs, self_closing, offset: i },
                        Token::Close { name, .. } => Token::Close { name, offset: i },
                        t => t,
                    });
                    i += len;
                    text_start = i;
                }
                None => i += 1,
            }
        }
        flush(&mut out, text_start, src.len());
        out
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

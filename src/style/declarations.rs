//! CSS declarations read with simplecss's grammar, in linear time.

use simplecss::Declaration;

/// A CSS text being read the way simplecss's `Stream` reads it.
pub(super) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

/// Bytes simplecss skips as white space.
fn css_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

impl<'a> Cursor<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn curr(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next_byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos + 1).copied()
    }

    fn consume_byte(&mut self, b: u8) -> Result<(), ()> {
        if self.curr() != Some(b) {
            return Err(());
        }
        self.pos += 1;
        Ok(())
    }

    fn skip_spaces(&mut self) {
        while self.curr().is_some_and(css_space) {
            self.pos += 1;
        }
    }

    fn skip_spaces_and_comments(&mut self) -> Result<(), ()> {
        self.skip_spaces();
        while self.curr() == Some(b'/') && self.next_byte() == Some(b'*') {
            self.pos += 2;
            while self.curr().is_some() && (self.curr(), self.next_byte()) != (Some(b'*'), Some(b'/')) {
                self.pos += 1;
            }
            self.consume_byte(b'*')?;
            self.consume_byte(b'/')?;
            self.skip_spaces();
        }
        Ok(())
    }

    /// An identifier, as simplecss reads one (a failure may leave a `-` consumed).
    fn consume_ident(&mut self) -> Result<&'a str, ()> {
        let start = self.pos;
        match read_ident(self.text, start) {
            Ok(end) => {
                self.pos = end;
                Ok(&self.text[start..end])
            }
            Err(at) => {
                self.pos = at;
                Err(())
            }
        }
    }

    fn consume_string(&mut self) -> Result<(), ()> {
        let quote = self.curr().ok_or(())?;
        if quote != b'\'' && quote != b'"' {
            return self.consume_ident().map(drop);
        }
        let mut prev = quote;
        self.pos += 1;
        while let Some(b) = self.curr() {
            if b == quote && prev != b'\\' {
                break;
            }
            prev = b;
            self.pos += 1;
        }
        self.consume_byte(quote)
    }

    fn skip_digits(&mut self) {
        while self.curr().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// A function's arguments, from its `(` to the `)` that closes it: nested
    /// functions (`var(--a, var(--b))`, `repeat(3, minmax(0, 1fr))`) and quoted
    /// strings are read whole. (simplecss stops at the first `)`, which cut such a
    /// value short and lost the declarations after it.)
    fn consume_parenthesized(&mut self) -> Result<(), ()> {
        let mut depth = 0usize;
        while let Some(b) = self.curr() {
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return Ok(());
                    }
                }
                b'\'' | b'"' => {
                    self.consume_string()?;
                    continue;
                }
                _ => {}
            }
            self.pos += 1;
        }
        Err(())
    }

    /// One term of a value (simplecss's `consume_term`).
    fn consume_term(&mut self) -> Result<(), ()> {
        match self.curr().ok_or(())? {
            b'#' => {
                self.pos += 1;
                if self.consume_ident().is_err() {
                    while self.curr().is_some_and(|b| b.is_ascii_hexdigit()) {
                        self.pos += 1;
                    }
                }
            }
            b'+' | b'-' | b'0'..=b'9' | b'.' => {
                self.pos += 1;
                self.skip_digits();
                if self.curr() == Some(b'.') {
                    self.pos += 1;
                    self.skip_digits();
                }
                if self.curr() == Some(b'%') {
                    self.pos += 1;
                } else {
                    let _ = self.consume_ident();
                }
            }
            b'\'' | b'"' => self.consume_string()?,
            b',' => self.pos += 1,
            _ => {
                self.consume_ident()?;
                if self.curr() == Some(b'(') {
                    self.consume_parenthesized()?;
                }
            }
        }
        Ok(())
    }

    /// One declaration (simplecss's `consume_declaration`).
    fn consume_declaration(&mut self) -> Result<Declaration<'a>, ()> {
        self.skip_spaces_and_comments()?;
        if self.curr() == Some(b'*') {
            self.pos += 1;
        }
        let name = self.consume_ident()?;
        self.skip_spaces_and_comments()?;
        self.consume_byte(b':')?;
        self.skip_spaces_and_comments()?;
        let start = self.pos;
        let mut end = self.pos;
        while self.consume_term().is_ok() {
            end = self.pos;
            self.skip_spaces_and_comments()?;
        }
        let value = self.text[start..end].trim();
        self.skip_spaces_and_comments()?;
        let mut important = false;
        if self.curr() == Some(b'!') {
            self.pos += 1;
            self.skip_spaces_and_comments()?;
            if self.text[self.pos..].starts_with("important") {
                self.pos += 9;
                important = true;
            }
        }
        self.skip_spaces_and_comments()?;
        while self.curr() == Some(b';') {
            self.pos += 1;
            self.skip_spaces_and_comments()?;
        }
        if value.is_empty() {
            return Err(());
        }
        Ok(Declaration { name, value, important })
    }
}

/// The declarations of a `style` attribute or a rule's block, up to the first one
/// that cannot be read: what simplecss's `DeclarationTokenizer` gives, in linear
/// time (simplecss works out a line and column for every failed term, counting from
/// the start of the text: quadratic in the number of declarations).
pub fn declarations(text: &str) -> Vec<Declaration<'_>> {
    let mut cursor = Cursor { text, pos: 0 };
    let mut out = Vec::new();
    loop {
        let _ = cursor.skip_spaces_and_comments();
        if cursor.at_end() {
            return out;
        }
        match cursor.consume_declaration() {
            Ok(d) => out.push(d),
            Err(()) => return out,
        }
    }
}

/// Reads an identifier from `pos` as simplecss does: where it ends, or where
/// reading stopped (past a leading `-`, which simplecss leaves consumed).
pub(super) fn read_ident(text: &str, pos: usize) -> Result<usize, usize> {
    let start = pos;
    let mut pos = pos;
    if text.as_bytes().get(pos) == Some(&b'-') {
        pos += 1;
    }
    // simplecss counts every character above U+00ED as a letter.
    let letter = |c: char| c == '_' || c.is_ascii_alphabetic() || c as u32 > 237;
    let mut chars = text[pos..].chars();
    if let Some(c) = chars.next() {
        if !letter(c) {
            return Err(pos);
        }
        pos += c.len_utf8();
    }
    for c in chars {
        if !(letter(c) || c.is_ascii_digit() || c == '-') {
            break;
        }
        pos += c.len_utf8();
    }
    if start == pos {
        return Err(pos);
    }
    Ok(pos)
}

#[cfg(test)]
mod tests {
    use super::declarations;

    #[test]
    fn nested_functions_and_strings_are_read_whole() {
        let d = declarations(
            "color: var(--y, var(--x)); font-weight: bold; grid-template-columns: repeat(3, minmax(0, 1fr)); content: \")\"; gap: 1px",
        );
        let read: Vec<(&str, &str)> = d.iter().map(|d| (d.name, d.value)).collect();
        assert_eq!(
            read,
            [
                ("color", "var(--y, var(--x))"),
                ("font-weight", "bold"),
                ("grid-template-columns", "repeat(3, minmax(0, 1fr))"),
                ("content", "\")\""),
                ("gap", "1px")
            ]
        );
        // An unclosed function ends the block, as before.
        assert_eq!(declarations("color: rgb(1, 2; margin: 0").len(), 0);
    }
}

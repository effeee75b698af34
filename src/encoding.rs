//! Turning the bytes of a Markdown file into text: UTF-8 (with or without a byte
//! order mark), UTF-16 with a byte order mark, any line endings, and text that was
//! garbled by an earlier program reading UTF-8 as Windows-1252 ("mojibake").
//!
//! This does no I/O: the binary reads the file and calls [`decode`].

use crate::diag::Diagnostic;

/// The text of a file and the warnings decoding it gave (spans point into the text).
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, with `\n` line endings and no byte order mark.
    pub text: String,
    /// Invalid bytes, suspected or repaired mojibake.
    pub warnings: Vec<Diagnostic>,
}

/// Decodes a Markdown file. UTF-16 needs a byte order mark; anything else is read as
/// UTF-8, with invalid bytes replaced by U+FFFD (and a warning naming the first bad
/// line). CRLF and lone CR become `\n`. With `fix_mojibake`, sequences that are UTF-8
/// read as Windows-1252 (`â€™`, `Ã©`, `ðŸ“š`) are repaired where that round-trips;
/// without it they only get a warning.
pub fn decode(bytes: &[u8], fix_mojibake: bool) -> Decoded {
    let mut warnings = Vec::new();
    let (text, bad) = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let (t, bad) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        (t.into_owned(), bad.then_some("UTF-16"))
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let (t, bad) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        (t.into_owned(), bad.then_some("UTF-16"))
    } else {
        let rest = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        match std::str::from_utf8(rest) {
            Ok(t) => (t.to_owned(), None),
            Err(_) => (String::from_utf8_lossy(rest).into_owned(), Some("UTF-8")),
        }
    };
    let (text, mut moji) = repair(normalize_newlines(text), fix_mojibake);
    if let Some(enc) = bad {
        if let Some(at) = text.find('\u{FFFD}') {
            let line = text[..at].matches('\n').count() + 1;
            warnings.push(
                Diagnostic::warning(
                    at..at + '\u{FFFD}'.len_utf8(),
                    format!("the file is not valid {enc}: bad bytes (first on line {line}) are shown as �"),
                )
                .with_hint("save the file as UTF-8"),
            );
        }
    }
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        warnings.push(
            Diagnostic::warning(at..at + 1, format!("the file contains NUL bytes (first on line {line}); they are shown as �"))
                .with_hint("this is a binary file or a UTF-16 file without a byte order mark; save it as UTF-8"),
        );
    }
    warnings.append(&mut moji);
    Decoded { text, warnings }
}

/// Repairs mojibake (with `fix`) or warns about its first occurrence.
fn repair(text: String, fix: bool) -> (String, Vec<Diagnostic>) {
    let found = mojibake(&text);
    let Some((first, fixed)) = found.first().cloned() else {
        return (text, vec![]);
    };
    if fix {
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (range, repl) in &found {
            out.push_str(&text[pos..range.start]);
            out.push_str(repl);
            pos = range.end;
        }
        out.push_str(&text[pos..]);
        let note = Diagnostic::note(format!(
            "repaired {} mojibake sequence{} (UTF-8 that had been read as Windows-1252)",
            found.len(),
            if found.len() == 1 { "" } else { "s" }
        ));
        return (out, vec![note]);
    }
    let seen = &text[first.clone()];
    let line = text[..first.start].matches('\n').count() + 1;
    let d = Diagnostic::warning(
        first.clone(),
        format!("`{seen}` on line {line} looks like mojibake: UTF-8 read as Windows-1252 (it should be `{fixed}`)"),
    )
    .with_hint("pass `--fix-encoding` to repair it, or fix the program that saved the file");
    (text, vec![d])
}

/// Replaces CRLF and lone CR with LF.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The Windows-1252 byte of a character, if it has one (only non-ASCII ones matter).
fn cp1252_byte(c: char) -> Option<u8> {
    if (c as u32) < 0x80 {
        return None;
    }
    let mut buf = [0u8; 4];
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
    match (&*bytes, bad) {
        ([b], false) if *b >= 0x80 => Some(*b),
        _ => None,
    }
}

/// Mojibake sequences in `text`: byte ranges and the characters they stand for.
/// A sequence is a Windows-1252 character whose byte is a UTF-8 lead byte, followed
/// by the right number of characters whose bytes are continuation bytes, together
/// forming valid UTF-8 for a non-ASCII character.
pub fn mojibake(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let lead = cp1252_byte(chars[i].1);
        let need = match lead {
            Some(0xC2..=0xDF) => 1,
            Some(0xE0..=0xEF) => 2,
            Some(0xF0..=0xF4) => 3,
            _ => 0,
        };
        if need > 0 && i + need < chars.len() {
            let mut bytes = vec![lead.unwrap_or(0)];
            bytes.extend(chars[i + 1..=i + need].iter().filter_map(|&(_, c)| cp1252_byte(c)));
            if bytes.len() == need + 1 {
                if let Ok(s) = std::str::from_utf8(&bytes) {
                    let end = chars.get(i + need + 1).map_or(text.len(), |&(at, _)| at);
                    found.push((chars[i].0..end, s.to_owned()));
                    i += need + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_line_endings() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc", false).text, "a\nb\nc");
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("é\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode(&le, false).text, "é\n");
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("é".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&be, false).text, "é");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let d = decode(b"ok\nbad \xFF here\n", false);
        assert_eq!(d.text, "ok\nbad \u{FFFD} here\n");
        assert!(d.warnings[0].message.contains("line 2"), "{:?}", d.warnings);
    }

    #[test]
    fn mojibake_is_found_and_fixed() {
        let src = "It\u{e2}\u{20ac}\u{2122}s caf\u{c3}\u{a9} \u{f0}\u{178}\u{201c}\u{161} and real caf\u{e9}";
        let d = decode(src.as_bytes(), false);
        assert_eq!(d.text, src);
        assert!(d.warnings[0].message.contains("mojibake"));
        let d = decode(src.as_bytes(), true);
        assert_eq!(d.text, "It’s café 📚 and real café");
        assert!(mojibake("naïve Zürich façade — “quotes”").is_empty());
    }
}

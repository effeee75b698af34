//! Inline helpers: blank inlines, plain text and bare URLs and emails made links.

use super::*;

pub(super) fn is_blank(i: &Inline) -> bool {
    match i {
        Inline::Text(t, _) => t.trim().is_empty(),
        Inline::SoftBreak | Inline::Break => true,
        _ => false,
    }
}

/// The text of inlines without formatting (alt text, code from HTML).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        if let Some(c) = i.children() {
            s.push_str(&plain_text(c));
            continue;
        }
        match i {
            Inline::Text(t, _) | Inline::Code(t, _) => s.push_str(t),
            Inline::Image(img) => s.push_str(&img.alt),
            Inline::Break | Inline::SoftBreak => s.push(' '),
            Inline::FootnoteRef { number, .. } => s.push_str(&number.to_string()),
            _ => {}
        }
    }
    s
}

/// Splits text into plain text and links for bare URLs and e-mail addresses, as GitHub
/// and md-to-pdf do (`https://…`, `www.…`, `name@host.tld`). One longer than
/// `MAX_URL_BYTES` stays text; the flag says whether there was one.
pub(super) fn autolink(text: &str, span: Span) -> (Vec<Inline>, bool) {
    let mut too_long = false;
    let verbatim = span.end - span.start == text.len();
    let sub = |a: usize, b: usize| if verbatim { span.start + a..span.start + b } else { span.clone() };
    let mut out = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let at_word_start = i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric());
        let found = if at_word_start && (rest.starts_with("https://") || rest.starts_with("http://")) {
            Some((i, url_end(text, i), ""))
        } else if at_word_start && rest.starts_with("www.") {
            Some((i, url_end(text, i), "http://"))
        } else if rest.starts_with('@') && i > 0 {
            email_bounds(text, i).map(|(s, e)| (s, e, "mailto:"))
        } else {
            None
        };
        match found {
            Some((s, e, _)) if e.saturating_sub(s) > MAX_URL_BYTES => {
                too_long = true;
                i = e;
            }
            Some((s, e, prefix)) if e > s + 4 && s >= last => {
                if s > last {
                    out.push(Inline::Text(text[last..s].to_string(), sub(last, s)));
                }
                let url = format!("{prefix}{}", &text[s..e]);
                out.push(Inline::Link { url, content: vec![Inline::Text(text[s..e].to_string(), sub(s, e))] });
                last = e;
                i = e;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if last < text.len() {
        out.push(Inline::Text(text[last..].to_string(), sub(last, text.len())));
    }
    (out, too_long)
}

pub(super) fn url_end(text: &str, start: usize) -> usize {
    let mut end = text[start..].find(|c: char| c.is_whitespace() || c == '<' || c == '"').map_or(text.len(), |e| start + e);
    // Parentheses are counted once and kept up to date as the end moves back: a
    // count per character dropped is quadratic on `)` repeated.
    let url = &text[start..end];
    let (opening, mut closing) = (url.matches('(').count(), url.matches(')').count());
    while let Some(last) = text[start..end].chars().next_back() {
        let unbalanced_paren = last == ')' && opening < closing;
        if matches!(last, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~') || unbalanced_paren {
            end -= last.len_utf8();
            closing -= usize::from(last == ')');
        } else {
            break;
        }
    }
    end
}

pub(super) fn email_bounds(text: &str, at: usize) -> Option<(usize, usize)> {
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let start = text[..at].char_indices().rev().take_while(|(_, c)| is_local(*c)).last()?.0;
    let is_domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let mut end = text[at + 1..].find(|c: char| !is_domain(c)).map_or(text.len(), |e| at + 1 + e);
    while text[..end].ends_with(['.', '-']) {
        end -= 1;
    }
    let domain = &text[at + 1..end];
    let ok = start < at && domain.contains('.') && !domain.starts_with('.');
    ok.then_some((start, end))
}

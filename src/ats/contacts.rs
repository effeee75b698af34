//! Contact details in a line of text, found by small hand-written scanners (no
//! regular expressions): e-mail addresses, phone numbers, web addresses (LinkedIn
//! and GitHub told apart) and a place (`City, Region`). Each scanner returns byte
//! ranges into the text it was given.

use std::ops::Range;

use serde::Serialize;

/// What a contact detail is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
    /// A LinkedIn profile.
    Linkedin,
    /// A GitHub profile or repository (`github.com/NAME…`).
    Github,
    /// Another web address.
    Url,
    /// A place: `City, Region` or `City, Country`.
    Location,
}

/// Hosts that are web addresses even without `https://` or a path.
const KNOWN_HOSTS: [&str; 12] = [
    "linkedin.com",
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "stackoverflow.com",
    "twitter.com",
    "x.com",
    "medium.com",
    "behance.net",
    "dribbble.com",
    "codeberg.org",
    "github.io",
];

/// Top-level domains that make `name.tld/path` a web address without `https://`
/// (`Node.js/Express` is not one: `js` is not listed).
const COMMON_TLDS: [&str; 30] = [
    "com", "org", "net", "io", "dev", "me", "co", "app", "ai", "tech", "page", "site", "xyz", "info", "eu", "de", "uk", "fr", "es", "it",
    "nl", "ch", "at", "se", "pl", "jp", "in", "br", "ca", "au",
];

/// Words of a job title, which a `Title, Team` line has and a place has not.
const ROLE_WORDS: [&str; 16] = [
    "engineer",
    "developer",
    "manager",
    "designer",
    "scientist",
    "analyst",
    "consultant",
    "lead",
    "senior",
    "intern",
    "student",
    "architect",
    "director",
    "backend",
    "frontend",
    "specialist",
];

/// The e-mail addresses, phone numbers and web addresses in `text`, in order, none
/// overlapping another (an address inside a URL is part of the URL).
pub fn contacts(text: &str) -> Vec<(ContactKind, Range<usize>)> {
    let mut found: Vec<(ContactKind, Range<usize>)> = urls(text);
    for (kind, list) in [(ContactKind::Email, emails(text)), (ContactKind::Phone, phones(text))] {
        for r in list {
            if !found.iter().any(|(_, f)| f.start < r.end && r.start < f.end) {
                found.push((kind, r));
            }
        }
    }
    found.sort_by_key(|(_, r)| r.start);
    found
}

/// The e-mail addresses: `local@host.tld`, the local part of ASCII letters, digits
/// and `._%+-`, the host of two or more labels ending in letters.
pub fn emails(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let host = |b: u8| b.is_ascii_alphanumeric() || b".-".contains(&b);
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = bytes[..at].iter().rposition(|&b| !local(b)).map_or(0, |i| i + 1);
        let mut end = bytes[at + 1..].iter().position(|&b| !host(b)).map_or(bytes.len(), |i| at + 1 + i);
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let (user, domain) = (&text[start..at], &text[at + 1..end]);
        if !user.is_empty() && !user.starts_with('.') && is_domain(domain) && out.last().is_none_or(|l: &Range<usize>| l.end <= start) {
            out.push(start..end);
        }
    }
    out
}

/// Whether `host` is a domain name: two or more labels of letters, digits and
/// hyphens, the last of two or more letters.
fn is_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && labels.last().is_some_and(|t| t.len() >= 2 && t.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// The phone numbers: 9 to 15 digits with one or two separators (space, `-`, `.`,
/// `/`, brackets) between groups, a leading `+` or `(` included. Two or more years
/// among the groups make it a date range (`03/2019-05/2021`), not a number.
pub fn phones(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    // The current candidate: its start, the end of its last digit, its digits and
    // the separators since that digit.
    let mut run: Option<(usize, usize, usize)> = None;
    let mut gap = 0;
    let close = |run: &mut Option<(usize, usize, usize)>, out: &mut Vec<Range<usize>>| {
        if let Some((start, end, digits)) = run.take() {
            if (9..=15).contains(&digits) && !is_date_range(&text[start..end]) && !is_reference(&text[start..end]) {
                out.push(start..end);
            }
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            match &mut run {
                Some((_, end, digits)) => {
                    *end = i + 1;
                    *digits += 1;
                }
                None => {
                    let before = text[..i].chars().next_back();
                    if before.is_some_and(char::is_alphanumeric) {
                        continue;
                    }
                    let start = match before {
                        Some('+') if text[..i - 1].ends_with('(') => i - 2,
                        Some('+' | '(') => i - 1,
                        _ => i,
                    };
                    run = Some((start, i + 1, 1));
                }
            }
            gap = 0;
        } else if run.is_some() && " -.()/\u{a0}".contains(c) && gap < 2 {
            gap += 1;
        } else {
            close(&mut run, &mut out);
            gap = 0;
        }
    }
    close(&mut run, &mut out);
    out
}

/// Whether a number is a reference, not a phone: an ISBN-13 (`978-…`), or
/// groups split by `.` or `/` and also by other separators (a DOI
/// `10.1111/2041-210`, pages and a volume `247-250 10.1111`); a phone number
/// split by dots or a slash uses only those (`555.010.0000`, `030/1234567`).
fn is_reference(number: &str) -> bool {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let isbn = digits.len() == 13 && (digits.starts_with("978") || digits.starts_with("979"));
    let mut separators: Vec<char> = number.chars().filter(|c| " -./\u{a0}".contains(*c)).collect();
    separators.sort_unstable();
    separators.dedup();
    let mixed = separators.len() > 1 && separators.iter().any(|c| matches!(c, '.' | '/'));
    isbn || mixed
}

/// Whether two or more digit groups of `number` are years (1950–2099).
fn is_date_range(number: &str) -> bool {
    let years = number
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| g.len() == 4 && g.parse::<u32>().is_ok_and(|y| (1950..=2099).contains(&y)))
        .count();
    years >= 2
}

/// The web addresses: a word starting with `http://`, `https://` or `www.`, on a
/// known host (LinkedIn, GitHub…), or `name.tld/path` with a common top-level
/// domain; trailing punctuation is left out.
pub fn urls(text: &str) -> Vec<(ContactKind, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_whitespace() || "|·•<>()[]\"'‹›«»,;".contains(c) {
            let word = text[start..i].trim_end_matches(['.', ':', '!', '?']);
            if let Some(kind) = url_kind(word) {
                out.push((kind, start..start + word.len()));
            }
            start = i + c.len_utf8();
        }
    }
    out
}

/// What kind of web address `word` is, if it is one.
fn url_kind(word: &str) -> Option<ContactKind> {
    let lower = word.to_ascii_lowercase();
    let (rest, scheme) = match lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        Some(rest) => (rest, true),
        None => (lower.as_str(), false),
    };
    let (rest, www) = match rest.strip_prefix("www.") {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    // Mixed case in a bare host is a product name (`ASP.NET/Core`).
    let bare_case = word.len() - rest.len();
    let plain_host = word.get(bare_case..bare_case + host.len()).is_some_and(|h| !h.bytes().any(|b| b.is_ascii_uppercase()));
    if !is_domain(host) || (word.contains('@') && !scheme) {
        return None;
    }
    let known = KNOWN_HOSTS.iter().any(|k| host == *k || host.ends_with(&format!(".{k}")));
    let tld = host.rsplit('.').next().unwrap_or("");
    let bare = path.len() > 1 && plain_host && COMMON_TLDS.contains(&tld);
    if !(scheme || www || known || bare) {
        return None;
    }
    Some(if host == "linkedin.com" || host.ends_with(".linkedin.com") {
        ContactKind::Linkedin
    } else if host == "github.com" && path.len() > 1 {
        ContactKind::Github
    } else {
        ContactKind::Url
    })
}

/// The places in a line of contact details: parts between separators (`|`, `·`,
/// `•`, `—`, ` – `, ` - `) that read `City, Region` (one to three capitalised words
/// a side, one or two commas; a region may be an abbreviation and a postal code:
/// `Austin, TX 78701`), and are not a job title (`Engineer, Platform`).
pub fn locations(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bounds = text.char_indices().filter(|&(_, c)| "|·•—–".contains(c)).map(|(i, c)| (i, i + c.len_utf8()));
    let spaced_hyphens = text.match_indices(" - ").map(|(i, _)| (i, i + 3));
    let mut cuts: Vec<(usize, usize)> = bounds.chain(spaced_hyphens).collect();
    cuts.sort_unstable();
    cuts.push((text.len(), text.len()));
    for (cut, next) in cuts {
        if cut < start {
            continue;
        }
        let part = &text[start..cut];
        let trimmed = part.trim();
        if is_place(trimmed) {
            let lead = part.len() - part.trim_start().len();
            out.push(start + lead..start + lead + trimmed.len());
        }
        start = next;
    }
    out
}

/// Whether `part` reads `City, Region` (see [`locations`]).
fn is_place(part: &str) -> bool {
    let sides: Vec<&str> = part.split(',').map(str::trim).collect();
    if !(2..=3).contains(&sides.len()) || part.chars().count() > 50 {
        return false;
    }
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| c.is_alphabetic() || "-.'’".contains(c))
    };
    let postal =
        |w: &str| w.len() <= 10 && w.chars().any(|c| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    let side_ok = |s: &str| {
        let words: Vec<&str> = s.split_whitespace().collect();
        let names = words.iter().filter(|w| !postal(w)).count();
        (1..=3).contains(&names) && words.len() <= 4 && words.iter().all(|w| capitalised(w) || postal(w))
    };
    let role = part.split(|c: char| !c.is_alphabetic()).any(|w| ROLE_WORDS.contains(&w.to_lowercase().as_str()));
    // Three sides are a city, a region and a country, one of them abbreviated
    // (`Austin, TX, USA`); else they are more likely a list (`Rust, Go, Python`).
    let abbreviation = |s: &&str| (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase());
    let three_ok = sides.len() == 2 || sides[1..].iter().any(abbreviation);
    !role && three_ok && sides.iter().all(|s| side_ok(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, found: &[Range<usize>]) -> Vec<&'a str> {
        found.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn emails_are_found_whole() {
        let t = "Mail: ada.lovelace+cv@mail.example.org. Or <b.c@x.io>";
        assert_eq!(texts(t, &emails(t)), ["ada.lovelace+cv@mail.example.org", "b.c@x.io"]);
        for none in ["@handle", "a@b", "user@.com", "a@b.c1", "x@ y.com", "name@localhost"] {
            assert!(emails(none).is_empty(), "{none}");
        }
    }

    #[test]
    fn phones_need_nine_digits_and_are_not_dates() {
        let t = "Tel +44 20 7946 0000 · (555) 010-0000 · 030/1234567 · (+91) 98316 57983 · 555.010.0000";
        assert_eq!(texts(t, &phones(t)), ["+44 20 7946 0000", "(555) 010-0000", "030/1234567", "(+91) 98316 57983", "555.010.0000"]);
        for none in [
            "2019 - 2024",
            "2019-2024",
            "03/2019-05/2021",
            "01.2018 - 12.2020",
            "ID A123456789",
            "12345678",
            "1234567890123456",
            "10.1111/2041-210",
            "247-250 10.1111",
            "978-0470414644",
        ] {
            assert!(phones(none).is_empty(), "{none}: {:?}", phones(none));
        }
    }

    #[test]
    fn urls_are_told_apart() {
        assert_eq!(url_kind("https://github.com/"), Some(ContactKind::Url));
        let t = "https://example.dev/blog, linkedin.com/in/ada-placeholder · github.com/adap. www.ada.example (site: ada.dev/cv)";
        let found: Vec<(ContactKind, &str)> = urls(t).into_iter().map(|(k, r)| (k, &t[r])).collect();
        assert_eq!(
            found,
            [
                (ContactKind::Url, "https://example.dev/blog"),
                (ContactKind::Linkedin, "linkedin.com/in/ada-placeholder"),
                (ContactKind::Github, "github.com/adap"),
                (ContactKind::Url, "www.ada.example"),
                (ContactKind::Url, "ada.dev/cv"),
            ]
        );
        for none in ["Node.js/Express", "ASP.NET/Core", "e.g. this", "Vue.js", "v1.2/3", "ada@example.org", "example.org"] {
            assert!(urls(none).is_empty(), "{none}: {:?}", urls(none));
        }
    }

    #[test]
    fn contacts_do_not_overlap() {
        let t = "ada@example.org | https://medium.com/@ada | +1 555 010 0000";
        let kinds: Vec<ContactKind> = contacts(t).into_iter().map(|(k, _)| k).collect();
        assert_eq!(kinds, [ContactKind::Email, ContactKind::Url, ContactKind::Phone]);
    }

    #[test]
    fn places_read_city_comma_region() {
        let t = "Berlin, Germany | Austin, TX 78701 · São Paulo, SP, Brasil — ada@example.org";
        assert_eq!(texts(t, &locations(t)), ["Berlin, Germany", "Austin, TX 78701", "São Paulo, SP, Brasil"]);
        for none in
            ["Senior Engineer, Platform", "Rust, Go, Python, SQL", "Rust, Go, Python", "I lived there, then moved", "Berlin", "10, 20"]
        {
            assert!(locations(none).is_empty(), "{none}: {:?}", locations(none));
        }
    }
}

//! Link fragments and targets, shared by style (which checks `#name` links), layout
//! (which finds their targets) and pdf (which writes them).

/// The target name of a `#name` link, percent-decoded.
pub(crate) fn fragment(url: &str) -> Option<String> {
    let raw = url.strip_prefix('#')?;
    let b = raw.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' {
            if let (Some(h), Some(l)) = (b.get(i + 1).and_then(|c| hex(*c)), b.get(i + 2).and_then(|c| hex(*c))) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Whether a `#name` link means the top of the document when no target has that
/// name (`#` and `#top`, as in browsers).
pub(crate) fn means_top(name: &str) -> bool {
    name.is_empty() || name.eq_ignore_ascii_case("top")
}

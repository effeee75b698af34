//! The document's language, guessed from the script of its text.

use crate::style::{Run, StyledBlock, StyledKind};

/// Calls `f` on every run of text in blocks, in document order, read only.
fn visit_text(blocks: &[StyledBlock], f: &mut dyn FnMut(&Run)) {
    for b in blocks {
        match &b.kind {
            StyledKind::Text { runs, .. } => runs.iter().for_each(&mut *f),
            StyledKind::List { items } => items.iter().for_each(|i| visit_text(&i.blocks, f)),
            StyledKind::Container(children) => visit_text(children, f),
            StyledKind::Table(t) => t.rows.iter().flatten().flat_map(|c| c.runs.iter()).for_each(&mut *f),
            StyledKind::Rule { .. } => {}
        }
    }
}

/// The document's language guessed from the script of its letters: the script with
/// the most letters wins, and Latin (or no letters) means English. A Han, kana or
/// Hangul character counts as three letters (about a short word), so that a Japanese
/// or Korean résumé full of English tool names is still Japanese or Korean.
pub(super) fn guess_language(blocks: &[StyledBlock]) -> &'static str {
    // Han, kana, Hangul, Cyrillic, Arabic, Persian letters, Hebrew, Greek, Latin.
    let mut n = [0usize; 9];
    visit_text(blocks, &mut |run: &Run| {
        for c in run.text.chars() {
            let i = match c as u32 {
                0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => 0,
                0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => 1,
                0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => 2,
                0x0400..=0x052F => 3,
                0x067E | 0x0686 | 0x0698 | 0x06AF => 5,
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => 4,
                0x0590..=0x05FF => 6,
                0x0370..=0x03FF | 0x1F00..=0x1FFF => 7,
                _ if c.is_alphabetic() => 8,
                _ => continue,
            };
            n[i] += 1;
        }
    });
    // Japanese is written with Han and kana together; Persian is Arabic script.
    let groups = [
        (3 * (n[0] + n[1]), if n[1] > 0 { "ja" } else { "zh" }),
        (3 * n[2], "ko"),
        (n[3], "ru"),
        (n[4] + n[5], if n[5] > 0 { "fa" } else { "ar" }),
        (n[6], "he"),
        (n[7], "el"),
    ];
    let (count, lang) = groups.iter().copied().max_by_key(|(c, _)| *c).unwrap_or((0, "en"));
    if count > n[8] {
        lang
    } else {
        "en"
    }
}

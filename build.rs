//! Compresses the bundled fallback fonts (DejaVu Sans, Noto Sans Arabic, Hebrew and
//! Devanagari, Noto Emoji) into `OUT_DIR`: they are 3.4 MB raw, 2.1 MB compressed,
//! and most documents never use them, so the binary carries them deflated and
//! `font.rs` inflates one the first time a document needs a character from it.

use std::path::Path;

/// The fonts kept compressed, as `font.rs` names them (`fonts/<name>`).
const COMPRESSED: [&str; 5] = [
    "DejaVuSans.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansHebrew-Regular.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoEmoji-Regular.ttf",
];

fn main() {
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    for name in COMPRESSED {
        let source = Path::new("fonts").join(name);
        println!("cargo::rerun-if-changed={}", source.display());
        let data = std::fs::read(&source).unwrap_or_else(|e| panic!("reading {}: {e}", source.display()));
        let deflated = miniz_oxide::deflate::compress_to_vec(&data, 9);
        let target = Path::new(&out).join(format!("{name}.deflate"));
        std::fs::write(&target, deflated).unwrap_or_else(|e| panic!("writing {}: {e}", target.display()));
    }
    println!("cargo::rerun-if-changed=build.rs");
}

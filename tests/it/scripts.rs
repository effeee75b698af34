//! Every script: font fallback (bundled and system), right-to-left text, emoji,
//! characters without a glyph, and an ATS-safe text layer. Fictional text only.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use cvpdf::diag::{line_col, Diagnostic};
use cvpdf::layout::{FrameItem, PagedDocument};
use cvpdf::Options;

fn compile_with(src: &str, options: &Options) -> (PagedDocument, Vec<Diagnostic>) {
    let r = cvpdf::compile(src, options);
    (r.output.expect("compiles"), r.warnings)
}

fn compile(src: &str) -> (PagedDocument, Vec<Diagnostic>) {
    compile_with(src, &Options::default())
}

/// (x, baseline, width, font name, text) of every text item on the first page.
fn items(doc: &PagedDocument) -> Vec<(f32, f32, f32, String, String)> {
    doc.pages[0]
        .items
        .iter()
        .filter_map(|(p, i)| match i {
            FrameItem::Text(t) => Some((p.x, p.y, t.width(), doc.fonts.face(t.font).name.clone(), t.text.clone())),
            _ => None,
        })
        .collect()
}

/// Renders through the library and returns `pdftotext` of the PDF.
fn pdf_text(src: &str, options: &Options) -> String {
    let bytes = cvpdf::render(src, options).output.expect("renders");
    let dir = std::env::temp_dir().join(format!("cvpdf-scripts-{}-{}", std::process::id(), src.len()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf: PathBuf = dir.join("out.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext from poppler-utils is installed (scripts/test.sh installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn cjk_installed() -> bool {
    std::path::Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists()
}

#[test]
fn arabic_uses_an_arabic_face_and_aligns_right() {
    let (doc, warnings) = compile("مرحبا بالعالم، هذه سيرة ذاتية تجريبية.\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    let items = items(&doc);
    assert!(items.iter().any(|i| i.3 == "NotoSansArabic"), "{items:?}");
    // A right-to-left paragraph ends at the right edge of the content area.
    let right = items.iter().map(|i| i.0 + i.2).fold(f32::MIN, f32::max);
    let content_right = 595.28 - 40.0 * 72.0 / 25.4;
    assert!((right - content_right).abs() < 1.0, "right edge {right} vs {content_right}");
}

#[test]
fn arabic_words_extract_whole_ligatures_included() {
    // "اطلاعات" has the lam-alef ligature; an extractor must read the word back.
    let text = pdf_text("اطلاعات شخصی\n", &Options::default());
    let words: Vec<String> = text.split_whitespace().map(|w| w.chars().filter(|c| c.is_alphabetic()).collect()).collect();
    let want = "اطلاعات";
    let reversed: String = want.chars().rev().collect();
    assert!(words.iter().any(|w| w == want || *w == reversed), "{text:?}");
}

#[test]
fn mixed_direction_keeps_latin_words_in_order() {
    let (doc, _) = compile("The Hebrew word שלום means peace.\n");
    let items = items(&doc);
    let x_of = |needle: &str| items.iter().find(|i| i.4.contains(needle)).map(|i| i.0).unwrap();
    assert!(x_of("The") < x_of("means"), "{items:?}");
    assert!(items.iter().any(|i| i.3 == "NotoSansHebrew"), "{items:?}");
}

#[test]
fn rtl_direction_mirrors_lists() {
    let src = "<div dir=\"rtl\">\n\n- نام: آزمون\n- شهر: نمونه\n\n</div>\n";
    let (doc, _) = compile(src);
    let page = &doc.pages[0];
    let texts: Vec<(f32, f32, String, String)> = page
        .items
        .iter()
        .filter_map(|(p, i)| match i {
            FrameItem::Text(t) => Some((p.x, t.width(), t.text.clone(), doc.fonts.face(t.font).name.clone())),
            _ => None,
        })
        .collect();
    let bullet = texts.iter().find(|t| t.2 == "•").expect("a bullet");
    // The rightmost piece of the first item's Arabic text.
    let item =
        texts.iter().filter(|t| t.3 == "NotoSansArabic" && t.0 < bullet.0).max_by(|a, b| a.0.total_cmp(&b.0)).expect("the item text");
    assert!(bullet.0 > item.0 + item.1, "the bullet sits right of its item: {texts:?}");
}

#[test]
fn emoji_use_the_emoji_face_and_extract_as_themselves() {
    let (doc, warnings) = compile("Shipped 🚀 and celebrated 🎉 with the team 👩‍💻.\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(items(&doc).iter().any(|i| i.3 == "NotoEmoji"));
    let text = pdf_text("Shipped 🚀 and celebrated 🎉.\n", &Options::default());
    assert!(text.contains('🚀') && text.contains('🎉'), "{text:?}");
}

#[test]
fn greek_cyrillic_and_currency_need_no_warning() {
    let (_, warnings) = compile("Ωμέγα, Привет, €20, £5, ₹300 → done ✓\n");
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_character_no_font_has_warns_with_its_line() {
    let src = "First line\n\nSecond \u{E123} line\n";
    let (_, warnings) = compile(src);
    let w = warnings.iter().find(|w| w.message.contains("U+E123")).expect("a warning for U+E123");
    let (line, _) = line_col(src, w.span.clone().unwrap().start);
    assert_eq!(line, 3);
}

#[test]
fn cjk_without_system_fonts_warns_and_names_the_package() {
    let (_, warnings) = compile("職務経歴書\n");
    assert!(!warnings.is_empty());
    let text = warnings.iter().flat_map(|w| w.hints.iter()).cloned().collect::<Vec<_>>().join(" ");
    assert!(text.contains("fonts-noto-cjk"), "{warnings:?}");
}

/// System fonts are the binary's (the library reads no font file), so this runs it:
/// `cvpdf check` names the faces used, and the PDF has the text.
#[test]
#[cfg(feature = "cli")]
fn cjk_comes_from_system_fonts() {
    assert!(cjk_installed(), "fonts-noto-cjk must be installed (scripts/test.sh installs it)");
    let dir = std::env::temp_dir().join(format!("cvpdf-scripts-cjk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("cv.md"), "職務経歴書です。경력 기술서.\n").unwrap();
    let cvpdf = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_cvpdf")).args(args).current_dir(&dir).output().expect("cvpdf runs");
    let out = cvpdf(&["check", "--no-config", "cv.md"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && stderr.is_empty(), "{stderr}");
    let fonts = stdout.lines().find_map(|l| l.trim().strip_prefix("fonts: ")).expect("a fonts line");
    // Kana in the text asks for the Japanese face.
    assert!(fonts.split(", ").any(|n| n.contains("CJK") && n.to_ascii_lowercase().contains("jp")), "{fonts}");
    let out = cvpdf(&["--no-config", "cv.md", "-o", "cv.pdf"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(dir.join("cv.pdf")).arg("-").output().expect("pdftotext runs");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("職務経歴書です"), "{text:?}");
}

#[test]
fn ligatures_extract_as_letters() {
    // The fi/ffi/fl ligatures are set (fewer glyphs than letters)...
    let (doc, _) = compile("office efficiency fluff affine\n");
    let ligated = doc.pages[0].items.iter().any(|(_, item)| match item {
        FrameItem::Text(t) => t.text.contains("ffi") && t.glyphs.len() < t.text.chars().count(),
        _ => false,
    });
    assert!(ligated, "no ligature glyph was used");
    // ...and read back as their letters.
    let text = pdf_text("office efficiency fluff affine\n", &Options::default());
    assert!(text.contains("office efficiency fluff affine"), "{text:?}");
    assert!(!text.contains('\u{FB01}') && !text.contains('\u{FB03}'), "{text:?}");
}

#[test]
fn words_are_separated_by_real_spaces() {
    let text = pdf_text("**Bold**plain *italic* `code` [link](https://example.org) end\n", &Options::default());
    assert!(text.contains("Boldplain italic code link end"), "{text:?}");
}

#[test]
fn front_matter_fonts_fill_in_missing_characters() {
    assert!(cjk_installed(), "fonts-noto-cjk must be installed (scripts/test.sh installs it)");
    let font = std::fs::read("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").unwrap();
    let loader: cvpdf::Loader =
        Arc::new(move |name: &str| if name == "fonts/cjk.ttc" { Ok(font.clone()) } else { Err("no such file".into()) });
    let options = Options { loader: Some(loader), ..Options::default() };
    let src = "---\nfonts: [fonts/cjk.ttc]\n---\n職務経歴書\n";
    let (doc, warnings) = compile_with(src, &options);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(items(&doc).iter().any(|i| i.3 == "fonts/cjk.ttc"), "{:?}", items(&doc));
    // A font that cannot be read is a warning, and the text still renders.
    let (_, warnings) = compile_with("---\nfonts: [missing.ttf]\n---\nHello\n", &options);
    assert!(warnings.iter().any(|w| w.message.contains("missing.ttf")), "{warnings:?}");
}

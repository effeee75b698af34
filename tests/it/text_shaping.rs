//! Text as a reader sees it on the page: the space after an emoji, synthetic oblique
//! and bold for faces without italics or bold, and `letter-spacing` with words that
//! extractors still read whole.
//!
//! Each test renders a small fictional résumé with the `cvpdf` binary and reads the
//! PDF back with poppler-utils: word boxes (`pdftotext -bbox`), the text layer
//! (`pdftotext`, `pdftotext -raw`) and the pixels (`pdftoppm -gray`).

use crate::common;

use std::path::{Path, PathBuf};

use common::{arg, assert_exit, qpdf_check, stderr, tool, word_boxes, TestDir, WordBox};

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Renders `source` in a sealed folder (bundled fonts only) to `name.pdf`, checking
/// that it renders and that the PDF is sound. Returns the PDF and stderr.
fn render_in(dir: &TestDir, name: &str, source: &str, extra: &[&str]) -> (PathBuf, String) {
    let md = dir.write(&format!("{name}.md"), source);
    let pdf = dir.path(&format!("{name}.pdf"));
    let mut args = vec![arg(&md), "-o", arg(&pdf)];
    args.extend_from_slice(extra);
    let out = dir.run(&args);
    assert_exit(&out, 0);
    qpdf_check(&pdf);
    (pdf, stderr(&out))
}

/// The first word box whose text is `text`.
fn word<'a>(boxes: &'a [WordBox], text: &str) -> &'a WordBox {
    boxes
        .iter()
        .find(|b| b.text == text)
        .unwrap_or_else(|| panic!("no word {text:?} in {:?}", boxes.iter().map(|b| &b.text).collect::<Vec<_>>()))
}

/// The text layer, every run of white space one space.
fn text_of(pdf: &Path, raw: bool) -> String {
    let mut args = vec!["-enc", "UTF-8"];
    if raw {
        args.push("-raw");
    }
    args.extend([arg(pdf), "-"]);
    tool("pdftotext", &args).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The PDF's page content, uncompressed (`qpdf --qdf`).
fn content(pdf: &Path) -> String {
    let out = pdf.with_extension("qdf.pdf");
    tool("qpdf", &["--qdf", "--object-streams=disable", arg(pdf), arg(&out)]);
    String::from_utf8_lossy(&std::fs::read(&out).expect("read the qdf")).into_owned()
}

/// A grey-scale picture of page 1: width, height and one byte per pixel (0 black).
struct Gray {
    w: usize,
    h: usize,
    px: Vec<u8>,
}

/// Renders page 1 at `dpi` as a PGM and reads it.
fn gray(pdf: &Path, dpi: u32) -> Gray {
    let prefix = pdf.with_extension("");
    let dpi = dpi.to_string();
    tool("pdftoppm", &["-gray", "-r", &dpi, "-f", "1", "-l", "1", "-singlefile", arg(pdf), arg(&prefix)]);
    let bytes = std::fs::read(prefix.with_extension("pgm")).expect("read the PGM");
    let (w, h, px) = common::netpbm(&bytes, "P5");
    let px = px.to_vec();
    assert_eq!(px.len(), w * h, "one byte per pixel");
    Gray { w, h, px }
}

impl Gray {
    /// The ink (darkness) of each pixel.
    fn ink(&self, x: usize, y: usize) -> f64 {
        f64::from(255 - self.px[y * self.w + x])
    }

    /// The rows that have ink.
    fn inked_rows(&self) -> std::ops::Range<usize> {
        let inked = |y: usize| (0..self.w).any(|x| self.ink(x, y) > 64.0);
        let top = (0..self.h).find(|&y| inked(y)).expect("the page has ink");
        let bottom = (0..self.h).rev().find(|&y| inked(y)).expect("the page has ink");
        top..bottom + 1
    }

    /// The horizontal centre of the ink in `rows`, in pixels.
    fn centre(&self, rows: std::ops::Range<usize>) -> f64 {
        let (mut sum, mut weight) = (0.0, 0.0);
        for y in rows {
            for x in 0..self.w {
                sum += self.ink(x, y) * x as f64;
                weight += self.ink(x, y);
            }
        }
        sum / weight
    }

    /// How far the ink of the upper half of the text lies right of the lower half's,
    /// in pixels: about zero for upright letters, positive for leaning ones.
    fn lean(&self) -> f64 {
        let rows = self.inked_rows();
        let mid = (rows.start + rows.end) / 2;
        self.centre(rows.start..mid) - self.centre(mid..rows.end)
    }

    /// All the ink on the page.
    fn total_ink(&self) -> f64 {
        (0..self.h).flat_map(|y| (0..self.w).map(move |x| (x, y))).map(|(x, y)| self.ink(x, y)).sum()
    }
}

/// A page just big enough for one short line, so that the picture is small.
const ONE_LINE: &str = "---\npdf_options:\n  width: 300px\n  height: 80px\n  margin: 10px\n---\n\n";

// ---------------------------------------------------------------------------------------
// The space after an emoji
// ---------------------------------------------------------------------------------------

/// The gap between two words on the same line, in points.
fn gap(boxes: &[WordBox], left: &str, right: &str) -> f64 {
    word(boxes, right).x_min - word(boxes, left).x_max
}

#[test]
fn the_space_after_an_emoji_is_a_normal_space() {
    let dir = TestDir::sealed("emoji-space");
    let source = "🥊 Advanced boxing\n\n✅ Robert Example\n\n🔗 Profile page\n";
    let (pdf, _) = render_in(&dir, "cv", source, &[]);
    let boxes = word_boxes(&pdf);
    // The text font's space: the gap between two ordinary words.
    let normal = gap(&boxes, "Advanced", "boxing");
    assert!((1.5..3.0).contains(&normal), "a space at 11 px is about 2 pt, got {normal}");
    for (emoji, next) in [("🥊", "Advanced"), ("✅", "Robert"), ("🔗", "Profile")] {
        let after = gap(&boxes, emoji, next);
        assert!((after - normal).abs() < 0.3, "the space after {emoji} is {after:.2} pt, a normal space {normal:.2} pt");
    }
}

#[test]
fn variation_selectors_and_joiners_add_no_width() {
    let dir = TestDir::sealed("emoji-selectors");
    // The same line with and without U+FE0F after the emoji, and a ZWJ sequence
    // against its two emoji side by side.
    let (plain, _) = render_in(&dir, "plain", "✅ Robert\n\n👩💻 Ada\n", &[]);
    let (selected, _) = render_in(&dir, "selected", "✅\u{fe0f} Robert\n\n👩\u{200d}💻 Ada\n", &[]);
    let (a, b) = (word_boxes(&plain), word_boxes(&selected));
    let x = |boxes: &[WordBox], w: &str| word(boxes, w).x_min;
    assert!((x(&a, "Robert") - x(&b, "Robert")).abs() < 0.05, "U+FE0F moved the next word: {} vs {}", x(&a, "Robert"), x(&b, "Robert"));
    assert!(x(&b, "Ada") <= x(&a, "Ada") + 0.05, "the joiner added width: {} vs {}", x(&b, "Ada"), x(&a, "Ada"));
    // The gap before the next word is the text font's space either way.
    let normal = gap(&a, "✅", "Robert");
    assert!((1.5..3.0).contains(&normal), "{normal}");
}

// ---------------------------------------------------------------------------------------
// Synthetic oblique and bold
// ---------------------------------------------------------------------------------------

/// Armenian capitals: drawn by the bundled DejaVu Sans, which has no italic and no
/// bold face.
const ARMENIAN: &str = "ՀԱՅԿ ԱՐԱՄ ՆԱՐԵԿ";

#[test]
fn emphasis_slants_a_face_without_italics() {
    let dir = TestDir::sealed("oblique");
    let (upright, _) = render_in(&dir, "upright", &format!("{ONE_LINE}{ARMENIAN}\n"), &[]);
    let (slanted, _) = render_in(&dir, "slanted", &format!("{ONE_LINE}*{ARMENIAN}*\n"), &[]);
    let (up, sl) = (gray(&upright, 300).lean(), gray(&slanted, 300).lean());
    // 300 dpi, 11 px type: a quarter of the distance between the centres of the
    // upper and lower halves of the capitals is about 3 px.
    assert!(sl > up + 2.0, "emphasised letters lean by {sl:.2} px, upright ones {up:.2} px");
    // The page content shears the text (a quarter of its height, as Chromium does).
    assert!(content(&slanted).lines().any(|l| l.contains(" -0.25 ") && l.contains(" cm")), "no shear in the content");
    // The text layer is the same.
    assert_eq!(text_of(&upright, false), text_of(&slanted, false));
    assert_eq!(text_of(&slanted, true), ARMENIAN);
}

#[test]
fn strong_emboldens_a_face_without_bold() {
    let dir = TestDir::sealed("embolden");
    let (regular, _) = render_in(&dir, "regular", &format!("{ONE_LINE}{ARMENIAN}\n"), &[]);
    let (bold, _) = render_in(&dir, "bold", &format!("{ONE_LINE}**{ARMENIAN}**\n"), &[]);
    let (r, b) = (gray(&regular, 300).total_ink(), gray(&bold, 300).total_ink());
    assert!(b > r * 1.15, "bold ink {b:.0} against regular {r:.0}");
    // Filled and stroked text (rendering mode 2): still text, not outlines.
    assert!(content(&bold).contains("2 Tr"), "bold is drawn as stroked text");
    assert_eq!(text_of(&bold, false), ARMENIAN);
    // The words stay where they were: the stroke grows the letters, not the advances.
    let (rb, bb) = (word_boxes(&regular), word_boxes(&bold));
    assert_eq!(rb.len(), bb.len());
    for (x, y) in rb.iter().zip(&bb) {
        assert!((x.x_min - y.x_min).abs() < 0.05 && (x.x_max - y.x_max).abs() < 0.05, "{x:?} vs {y:?}");
    }
}

#[test]
fn faces_with_italics_and_bold_are_not_synthesised() {
    // Roboto has both: emphasis draws its italic (which leans by design, by about
    // the same amount) and strong its bold, with no extra slant or stroke.
    let dir = TestDir::sealed("real-italic");
    let (italic, _) = render_in(&dir, "italic", &format!("{ONE_LINE}*Ada Example*\n"), &[]);
    let lean = gray(&italic, 300).lean();
    assert!(lean > 0.5 && lean < 4.0, "Roboto Italic leans by {lean:.2} px");
    let (bold, _) = render_in(&dir, "bold", &format!("{ONE_LINE}**Ada Example**\n"), &[]);
    // Text drawn with fill and stroke (rendering mode 2) appears only with synthetic
    // bold, and a shear only with synthetic oblique.
    let (bold, italic) = (content(&bold), content(&italic));
    assert!(bold.contains("0 Tr") && !bold.contains("2 Tr"), "Roboto Bold was stroked");
    assert!(!italic.lines().any(|l| l.contains(" cm") && l.contains(" -0.25 ")), "Roboto Italic was sheared");
}

/// Whether the system has a CJK font (Debian's fonts-noto-cjk); CJK tests are
/// skipped without one.
fn has_cjk_font() -> bool {
    ["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"]
        .iter()
        .any(|p| Path::new(p).exists())
}

#[test]
fn emphasis_slants_chinese_and_japanese() {
    if !has_cjk_font() {
        eprintln!("skipped: no CJK system font (install fonts-noto-cjk)");
        return;
    }
    // System fonts allowed: the CJK face comes from the system and has no italic.
    let dir = TestDir::new("cjk-oblique");
    let line = "职务经历书 プロジェクト";
    let (upright, _) = render_in(&dir, "upright", &format!("{ONE_LINE}{line}\n"), &["--no-config"]);
    let (slanted, _) = render_in(&dir, "slanted", &format!("{ONE_LINE}*{line}*\n"), &["--no-config"]);
    let (up, sl) = (gray(&upright, 300).lean(), gray(&slanted, 300).lean());
    assert!(sl > up + 2.0, "emphasised CJK leans by {sl:.2} px, plain CJK by {up:.2} px");
    assert_eq!(text_of(&upright, false), text_of(&slanted, false));
}

// ---------------------------------------------------------------------------------------
// letter-spacing
// ---------------------------------------------------------------------------------------

#[test]
fn letter_spacing_widens_words_that_extract_whole() {
    let dir = TestDir::sealed("letter-spacing");
    let body = "## Work Experience\n\nSenior engineer at Example Works, <span class=\"caps\">SKILLS</span> and more words.\n";
    let (plain, _) = render_in(&dir, "plain", body, &[]);
    let css = "---\ncss: |-\n  h2 { letter-spacing: 0.15em; }\n  .caps { letter-spacing: 3px; }\n---\n\n";
    let (spaced, warnings) = render_in(&dir, "spaced", &format!("{css}{body}"), &[]);
    assert!(!warnings.contains("letter-spacing"), "letter-spacing is supported:\n{warnings}");
    let (a, b) = (word_boxes(&plain), word_boxes(&spaced));
    // The heading is 1.5 em (h2): ten letters, each 0.15 em wider (the last one's
    // spacing trails, outside the word's box, as in browsers).
    let h2 = 8.25 * 1.5;
    let grown =
        (word(&b, "Experience").x_max - word(&b, "Experience").x_min) - (word(&a, "Experience").x_max - word(&a, "Experience").x_min);
    assert!((grown - 9.0 * 0.15 * h2).abs() < 0.6, "`Experience` grew by {grown:.2} pt");
    let grown = (word(&b, "SKILLS").x_max - word(&b, "SKILLS").x_min) - (word(&a, "SKILLS").x_max - word(&a, "SKILLS").x_min);
    assert!((grown - 5.0 * 2.25).abs() < 0.5, "`SKILLS` grew by {grown:.2} pt");
    // Every word reads whole, in reading order and in raw order, and the line's
    // other words are untouched.
    for raw in [false, true] {
        let text = text_of(&spaced, raw);
        assert_eq!(text, text_of(&plain, raw), "raw: {raw}");
        assert!(text.contains("Work Experience Senior engineer at Example Works, SKILLS and more words."), "raw: {raw}: {text}");
    }
    // Also in a tagged PDF, where the words are marked content inside their spans.
    let (tagged, _) = render_in(&dir, "tagged", &format!("{css}{body}"), &["--tagged"]);
    for raw in [false, true] {
        assert_eq!(text_of(&tagged, raw), text_of(&plain, raw), "tagged, raw: {raw}");
    }
}

#[test]
fn letter_spacing_in_ems_follows_the_element_font_size() {
    // `em` is of the element's own font size, whichever order the declarations
    // come in; the spacing is inherited as a length.
    let dir = TestDir::sealed("letter-spacing-em");
    let body = "<p class=\"big\">ABCDEFGHIJ <span class=\"small\">klmnopqrst</span></p>\n";
    let (plain, _) = render_in(
        &dir,
        "plain",
        &format!("---\ncss: |-\n  .big {{ font-size: 20px }}\n  .small {{ font-size: 10px }}\n---\n\n{body}"),
        &[],
    );
    let css = "---\ncss: |-\n  .big { letter-spacing: 0.1em; font-size: 20px }\n  .small { font-size: 10px }\n---\n\n";
    let (spaced, _) = render_in(&dir, "spaced", &format!("{css}{body}"), &[]);
    let (a, b) = (word_boxes(&plain), word_boxes(&spaced));
    let width = |boxes: &[WordBox], w: &str| word(boxes, w).x_max - word(boxes, w).x_min;
    // 20 px = 15 pt; 0.1 em = 1.5 pt after each of nine letters inside the box.
    let big = width(&b, "ABCDEFGHIJ") - width(&a, "ABCDEFGHIJ");
    assert!((big - 9.0 * 1.5).abs() < 0.3, "{big}");
    // The span inherits 1.5 pt, not 0.1 of its own size.
    let small = width(&b, "klmnopqrst") - width(&a, "klmnopqrst");
    assert!((small - 9.0 * 1.5).abs() < 0.3, "{small}");
}

#[test]
fn extreme_letter_spacing_is_limited_with_a_warning() {
    let dir = TestDir::sealed("letter-spacing-range");
    let css = "---\ncss: |-\n  p { letter-spacing: -3em; }\n  h1 { letter-spacing: 40em; }\n---\n\n";
    let (pdf, warnings) = render_in(&dir, "cv", &format!("{css}# Ada Example\n\nSenior engineer.\n"), &[]);
    assert!(warnings.contains("letter-spacing: -3em") && warnings.contains("out of range"), "{warnings}");
    assert!(warnings.contains("letter-spacing: 40em"), "{warnings}");
    // Squeezed as far as allowed, the letters still extract.
    assert_eq!(text_of(&pdf, false).replace(' ', ""), "AdaExampleSeniorengineer.");
}

#[test]
fn tight_letter_spacing_keeps_the_spaces_between_words() {
    let dir = TestDir::sealed("letter-spacing-tight");
    let css = "---
css: |-
  p { letter-spacing: -0.08em; }
---

";
    let (pdf, warnings) = render_in(&dir, "cv", &format!("{css}Senior engineer at Example Works.\n"), &[]);
    assert!(!warnings.contains("letter-spacing"), "{warnings}");
    for raw in [false, true] {
        assert_eq!(text_of(&pdf, raw), "Senior engineer at Example Works.", "raw: {raw}");
    }
}

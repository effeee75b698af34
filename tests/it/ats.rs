//! The ATS view (`cvpdf::ats::analyze`, issue 18): the text layer line by line in
//! the order `pdftotext -raw` reads it, with the headings and contact details an
//! applicant tracking system finds, and warnings where it loses text; and the
//! section `cvpdf check` prints from it. Every person and employer here is
//! fictional.

use std::sync::Arc;

use crate::common;

use common::{arg, assert_exit, stdout, tool, TestDir};
use cvpdf::ats::{analyze, AtsReport, ContactKind, HeadingSource, WarningKind};
use cvpdf::Options;

/// A résumé with a contact line, headings, a sidebar grid (a column read whole,
/// then the other: in order) and a row with its dates pushed right (bridged).
const SIDEBAR: &str = "# Robin Example

robin@example.org · +1 555 010 0199 · https://github.com/robin-example · Springfield, IL

## Experience

<div style=\"display: grid; grid-template-columns: 1fr 2fr; gap: 12px\">
<div>

**Skills**

Rust, SQL and invented tools, in a sidebar of several lines that wrap in it.

</div>
<div>

Built the invented payroll tool at Example Works, in a main column whose text
wraps onto a second and a third line beside the sidebar, to read after it.

</div>
</div>

## Education

<div style=\"display: flex; justify-content: space-between\"><span>Example University</span><span>2015 – 2019</span></div>
";

/// Options that load `files` by name.
fn loading(files: Vec<(&'static str, Vec<u8>)>) -> Options {
    let loader: cvpdf::Loader = Arc::new(move |name: &str| {
        files.iter().find(|(n, _)| *n == name).map(|(_, data)| data.clone()).ok_or_else(|| format!("no file {name}"))
    });
    Options { loader: Some(loader), ..Options::default() }
}

/// The analysis of `src`, and its PDF's text as `pdftotext -raw` reads it (the
/// bridges across a row's gap read as the spaces they stand for).
fn analyze_and_read(dir: &TestDir, src: &str, options: &Options) -> (AtsReport, String) {
    let doc = cvpdf::compile(src, options).output.unwrap_or_else(|e| panic!("compile failed: {e:?}"));
    let report = analyze(&doc);
    let pdf = cvpdf::pdf(doc, options).unwrap_or_else(|e| panic!("pdf failed: {e:?}"));
    let path = dir.write("cv.pdf", pdf);
    let raw = tool("pdftotext", &["-enc", "UTF-8", "-raw", arg(&path), "-"]).replace(" \u{200b} ", " ");
    (report, raw)
}

/// The report's lines as `pdftotext -raw` prints them: a line each, a form feed
/// after each page.
fn as_raw(report: &AtsReport) -> String {
    let mut out = String::new();
    for page in 0..report.pages.len() {
        for line in report.lines.iter().filter(|l| l.page == page) {
            out += &line.text;
            out.push('\n');
        }
        out.push('\u{c}');
    }
    out
}

fn kinds(report: &AtsReport) -> Vec<WarningKind> {
    report.warnings.iter().map(|w| w.kind).collect()
}

#[test]
fn a_sidebar_resume_reads_in_order_with_its_headings_and_contacts() {
    let dir = TestDir::new("ats-sidebar");
    let (report, raw) = analyze_and_read(&dir, SIDEBAR, &Options::default());
    assert_eq!(as_raw(&report), raw);
    let texts: Vec<&str> = report.lines.iter().map(|l| l.text.as_str()).collect();
    let at = |start: &str| texts.iter().position(|t| t.starts_with(start)).unwrap_or_else(|| panic!("no line {start:?} in {texts:?}"));
    // The sidebar is read whole, then the main column beside it.
    assert!(at("Skills") < at("Rust, SQL") && at("Rust, SQL") < at("Built the invented"), "{texts:?}");
    let headings: Vec<(&str, Option<u8>, HeadingSource)> = report.headings.iter().map(|h| (h.text.as_str(), h.level, h.found)).collect();
    assert_eq!(
        headings,
        [
            ("Robin Example", Some(1), HeadingSource::Markup),
            ("Experience", Some(2), HeadingSource::Markup),
            ("Skills", None, HeadingSource::Look),
            ("Education", Some(2), HeadingSource::Markup),
        ]
    );
    let contacts: Vec<(ContactKind, &str, usize)> = report.contacts.iter().map(|c| (c.kind, c.text.as_str(), c.line)).collect();
    let line = at("robin@");
    assert_eq!(
        contacts,
        [
            (ContactKind::Email, "robin@example.org", line),
            (ContactKind::Phone, "+1 555 010 0199", line),
            (ContactKind::Github, "https://github.com/robin-example", line),
            (ContactKind::Location, "Springfield, IL", line),
        ]
    );
    // Character offsets into the line's text.
    let phone = &report.contacts[1];
    assert_eq!(report.lines[line].text.chars().skip(phone.start).take(phone.end - phone.start).collect::<String>(), "+1 555 010 0199");
    assert_eq!(kinds(&report), [], "{:?}", report.warnings);
    // The bridge across the row's gap reads as a space.
    assert_eq!(texts.last(), Some(&"Example University 2015 – 2019"));
    // Each line's area is on its page and below the line before it in its column.
    let (name, contact) = (&report.lines[0].area, &report.lines[line].area);
    assert!(name.y > 0.0 && name.height > 10.0 && name.bottom() <= contact.y + 1.0, "{name:?} {contact:?}");
    let (skills, built) = (&report.lines[at("Skills")].area, &report.lines[at("Built")].area);
    assert!(skills.right() < built.x && (skills.y - built.y).abs() < 20.0, "sidebar {skills:?} beside main {built:?}");
}

#[test]
fn a_float_with_text_beside_it_reads_in_order() {
    let dir = TestDir::new("ats-float");
    let src = "# Kim Sample\n\n<div style=\"float: right; width: 150px\">\n\nkim@example.org\n\n+44 20 7946 0000\n\n</div>\n\n\
               Kim designs invented bridges for a fictional city, in a paragraph long enough to wrap beside the float on its left.\n\n\
               A second paragraph of invented work, still beside the float or below it.\n";
    let (report, raw) = analyze_and_read(&dir, src, &Options::default());
    assert_eq!(as_raw(&report), raw);
    assert_eq!(kinds(&report), [], "{:?}", report.warnings);
    let found: Vec<ContactKind> = report.contacts.iter().map(|c| c.kind).collect();
    assert_eq!(found, [ContactKind::Email, ContactKind::Phone]);
}

#[test]
fn a_column_read_bottom_up_is_out_of_order() {
    let dir = TestDir::new("ats-reverse");
    let src = "<div style=\"display: flex; flex-direction: column-reverse\">\n<div>\n\nFirst in the source, drawn last\n\n</div>\n<div>\n\nSecond in the source, drawn first\n\n</div>\n</div>\n";
    let (report, raw) = analyze_and_read(&dir, src, &Options::default());
    assert_eq!(as_raw(&report), raw);
    assert_eq!(kinds(&report), [WarningKind::ReadingOrder], "{:?}", report.warnings);
    let w = &report.warnings[0];
    assert_eq!(report.lines[w.line.expect("a line")].text, "Second in the source, drawn first");
    assert!(w.message.contains("is read after “First in the source, drawn last”"), "{}", w.message);
}

#[test]
fn lost_and_garbled_text_is_warned() {
    let dir = TestDir::new("ats-lost");
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="2" y="20">Rust expert</text></svg>"#;
    let options = loading(vec![("chart.png", common::png(40, 20, "chart")), ("badge.svg", svg.to_vec())]);
    let src = "# Lee Invented\n\n\u{f0e0} lee@example.org · [LinkedIn](https://www.linkedin.com/in/lee-invented)\n\n\
               ![Sales grew 40% in an invented year](chart.png)\n\n![](badge.svg)\n\n\
               Led the ﬁnance team of a made-up firm.\n\n<span style=\"font-size: 5px\">fine print in invented words</span>\n\n\
               <span style=\"color: #fefefe\">hidden keywords</span>\n\nplain words at the end\n";
    let doc = cvpdf::compile(src, &options).output.unwrap_or_else(|e| panic!("compile failed: {e:?}"));
    let report = analyze(&doc);
    assert_eq!(as_raw(&report), cvpdf::layout::text_layer(&doc));
    let (_, raw) = analyze_and_read(&dir, src, &options);
    assert_eq!(as_raw(&report), raw);
    let mut found = kinds(&report);
    found.sort_by_key(|k| format!("{k:?}"));
    use WarningKind::*;
    assert_eq!(found, [HiddenLink, ImageText, ImageText, InvisibleText, Ligature, PrivateUse, TinyText], "{:#?}", report.warnings);
    let message = |kind: WarningKind| report.warnings.iter().filter(|w| w.kind == kind).map(|w| w.message.as_str()).collect::<Vec<_>>();
    assert!(
        message(ImageText).iter().any(|m| m.contains("“Sales grew 40% in an invented year” is not in the text layer")),
        "{:?}",
        message(ImageText)
    );
    assert!(message(ImageText).iter().any(|m| m.contains("this SVG draws the text “Rust expert”")), "{:?}", message(ImageText));
    assert!(message(PrivateUse)[0].contains("U+F0E0"), "{:?}", message(PrivateUse));
    assert!(message(Ligature)[0].contains("U+FB01"), "{:?}", message(Ligature));
    assert!(message(TinyText)[0].contains("3.8 pt"), "{:?}", message(TinyText));
    assert!(message(InvisibleText)[0].contains("#fefefe on #ffffff"), "{:?}", message(InvisibleText));
    assert!(message(HiddenLink)[0].contains("linkedin.com/in/lee-invented"), "{:?}", message(HiddenLink));
    // Warnings about a line point at it; an image's, at the image.
    let line_of =
        |kind: WarningKind| report.warnings.iter().find(|w| w.kind == kind).and_then(|w| w.line).map(|l| report.lines[l].text.as_str());
    assert_eq!(line_of(TinyText), Some("fine print in invented words"));
    assert_eq!(line_of(InvisibleText), Some("hidden keywords"));
    let image = report.warnings.iter().find(|w| w.kind == ImageText).expect("an image warning");
    assert!(image.line.is_none() && image.area.width > 0.0 && image.area.height > 0.0, "{image:?}");
}

#[test]
fn check_prints_what_an_ats_reads() {
    let dir = TestDir::new("ats-check");
    dir.write("cv.md", SIDEBAR.replace("Springfield, IL", "Springfield, IL · \u{f0e0}"));
    let out = dir.run(&["check", "cv.md"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("  ats: headings: Robin Example · Experience · Skills · Education\n"), "{text}");
    assert!(
        text.contains("  ats: contact details: e-mail robin@example.org · phone +1 555 010 0199 · GitHub https://github.com/robin-example · place Springfield, IL\n"),
        "{text}"
    );
    assert!(text.contains("  ats: page 1: an icon from a private-use code point (U+F0E0)"), "{text}");
    // The JSON report carries the whole analysis (what the preview page shows).
    let out = dir.run(&["check", "--message-format", "json", "cv.md"]);
    let report: serde_json::Value = stdout(&out).lines().find_map(|l| serde_json::from_str(l).ok()).expect("a JSON report");
    let ats = &report["ats"];
    assert_eq!(ats["headings"][0]["text"], "Robin Example");
    assert_eq!(ats["headings"][2]["found"], "look");
    assert_eq!(ats["contacts"][0]["kind"], "email");
    assert_eq!(ats["warnings"][0]["kind"], "private_use");
    assert!(ats["lines"][0]["area"]["width"].as_f64().is_some_and(|w| w > 50.0), "{ats}");
    assert!(ats["pages"][0]["width"].as_f64().is_some_and(|w| w > 500.0), "{ats}");
}

#[test]
fn right_to_left_words_read_in_reading_order() {
    let dir = TestDir::new("ats-rtl");
    // Persian and Hebrew words, one with a lam-alef ligature and one with a mark.
    let src = "سلام دنیا\n\nabc عکس آپلود def لا\n\nשלום עולם שָׁלוֹם\n";
    let (report, raw) = analyze_and_read(&dir, src, &Options::default());
    // pdftotext wraps each right-to-left word in embedding marks; the words and
    // their letters are the same (but for the pointed word, which it splits
    // after its marks).
    let lines = |text: &str| text.lines().take(2).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(lines(&as_raw(&report)), lines(&raw.replace(['\u{202b}', '\u{202c}'], "")));
    // Words in drawing order (right-to-left words right to left), letters in
    // reading order: what a search for a word finds.
    assert_eq!(report.lines[0].text, "دنیا سلام");
    assert_eq!(report.lines[1].text, "abc آپلود عکس def لا");
    assert_eq!(report.lines[2].text, "שָׁלוֹם עולם שלום");
}

//! Links inside the document, footnote links, bookmarks and metadata: what a reader
//! sees when clicking or opening the bookmarks panel.
//!
//! Sources are small fictional résumés. Library tests look at the laid-out pages
//! (`PagedDocument::anchors`, `link_target`, `outline`); PDF tests read the written
//! file back with `qpdf --json` and `pdfinfo` (apt-get install qpdf poppler-utils).

use crate::common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use cvpdf::diag::Diagnostic;
use cvpdf::layout::{FrameItem, PagedDocument};
use cvpdf::{render, Options};
use serde_json::Value;

/// Compiles a source with the default options; fails the test on errors.
fn compile_ok(src: &str) -> (PagedDocument, Vec<Diagnostic>) {
    common::doc::compile_with(src, &Options::default())
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/// Renders a source to PDF bytes with options; fails the test on errors.
fn render_with(src: &str, options: &Options) -> Vec<u8> {
    match render(src, options).output {
        Ok(bytes) => bytes,
        Err(e) => panic!("render failed: {e:#?}"),
    }
}

/// Writes PDF bytes to a fresh temporary file.
fn write_temp(bytes: &[u8]) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("cvpdf-links-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, bytes).expect("write temp PDF");
    path
}

/// Runs a PDF tool and returns its standard output.
fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("could not run `{program}` ({e}); apt-get install qpdf poppler-utils"));
    assert!(out.status.success(), "`{program}` failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The written PDF as qpdf sees it: its objects and its page objects in order.
struct Pdf {
    objects: serde_json::Map<String, Value>,
    pages: Vec<String>,
}

impl Pdf {
    fn read(bytes: &[u8]) -> Pdf {
        let path = write_temp(bytes);
        let p = path.to_str().expect("UTF-8 temp path");
        let json: Value =
            serde_json::from_str(&tool("qpdf", &["--json", "--json-key=qpdf", "--json-key=pages", p])).expect("qpdf prints JSON");
        let _ = std::fs::remove_file(&path);
        let objects = json["qpdf"][1].as_object().expect("qpdf objects").clone();
        let pages = json["pages"].as_array().expect("pages").iter().map(|p| p["object"].as_str().expect("page ref").to_string()).collect();
        Pdf { objects, pages }
    }

    /// An object's value; references (`"12 0 R"`) are followed.
    fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.as_str() {
            Some(s) if s.ends_with(" R") => &self.objects[&format!("obj:{s}")]["value"],
            _ => v,
        }
    }

    fn catalog(&self) -> &Value {
        self.objects.values().map(|o| &o["value"]).find(|v| v["/Type"] == "/Catalog").expect("a catalog")
    }

    /// The link annotations of a page (0-based).
    fn links(&self, page: usize) -> Vec<&Value> {
        let page = &self.objects[&format!("obj:{}", self.pages[page])]["value"];
        match page.get("/Annots") {
            Some(a) => self.resolve(a).as_array().expect("annots").iter().map(|a| self.resolve(a)).collect(),
            None => vec![],
        }
    }

    /// Where a link annotation goes: (page index, y in PDF coordinates), for a GoTo.
    fn dest(&self, annot: &Value) -> Option<(usize, f64)> {
        let d = self.resolve(annot.get("/Dest")?).as_array()?;
        let page = self.pages.iter().position(|p| d[0] == *p.as_str())?;
        assert_eq!(d[1], "/XYZ");
        Some((page, d[3].as_f64()?))
    }

    /// The outline as (depth, title) in reading order.
    fn outline(&self) -> Vec<(usize, String)> {
        fn walk(pdf: &Pdf, first: Option<&Value>, depth: usize, out: &mut Vec<(usize, String)>) {
            let mut next = first;
            while let Some(r) = next {
                let item = pdf.resolve(r);
                let title = item["/Title"].as_str().expect("title");
                out.push((depth, title.trim_start_matches("u:").to_string()));
                walk(pdf, item.get("/First"), depth + 1, out);
                next = item.get("/Next");
            }
        }
        let mut out = Vec::new();
        if let Some(o) = self.catalog().get("/Outlines") {
            walk(self, self.resolve(o).get("/First"), 0, &mut out);
        }
        out
    }
}

/// The page index and top y of the first text item that starts with `text`.
fn text_position(doc: &PagedDocument, text: &str) -> (usize, f32) {
    for (i, page) in doc.pages.iter().enumerate() {
        for (p, item) in &page.items {
            if let FrameItem::Text(t) = item {
                if t.text.starts_with(text) {
                    return (i, p.y - t.size);
                }
            }
        }
    }
    panic!("no text `{text}`");
}

/// The link areas with this URL: (page, top y) each.
fn link_areas(doc: &PagedDocument, url: &str) -> Vec<(usize, f32)> {
    let mut out = Vec::new();
    for (i, page) in doc.pages.iter().enumerate() {
        for (p, item) in &page.items {
            if matches!(item, FrameItem::Link { url: u, .. } if &**u == url) {
                out.push((i, p.y));
            }
        }
    }
    out
}

fn anchor_names(doc: &PagedDocument) -> Vec<&str> {
    doc.anchors().map(|(n, _, _)| n).collect()
}

/// Filler that fills most of a page, so that what follows starts on page 2.
fn filler() -> String {
    (0..60).map(|i| format!("Line {i} of a long list of fictional achievements.\n\n")).collect()
}

// ---------------------------------------------------------------------------------------
// Internal links
// ---------------------------------------------------------------------------------------

#[test]
fn internal_link_is_a_goto_to_the_heading_page() {
    let src = format!("# Ada Example\n\n[see skills](#skills) or [the site](https://example.org)\n\n{}## Skills\n\nRust\n", filler());
    let (doc, warnings) = compile_ok(&src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let (skills_page, skills_top) = text_position(&doc, "Skills");
    assert!(skills_page >= 1, "the fixture puts Skills on a later page");
    let (page, at) = doc.link_target("#skills").expect("resolved");
    assert_eq!(page, skills_page);
    assert!((at.y - skills_top).abs() < 12.0, "anchor {} vs text top {skills_top}", at.y);

    // The written PDF: a GoTo with an XYZ destination on that page, no URI action.
    let pdf = Pdf::read(&render_with(&src, &Options::default()));
    let links = pdf.links(0);
    let goto: Vec<_> = links.iter().filter_map(|a| pdf.dest(a)).collect();
    assert_eq!(goto.len(), 1, "{links:#?}");
    let height = f64::from(doc.pages[page].size.height);
    assert_eq!(goto[0].0, skills_page);
    assert!((goto[0].1 - (height - f64::from(at.y))).abs() < 0.5, "{goto:?}");
    let goto_annot = links.iter().find(|a| a.get("/Dest").is_some()).expect("goto");
    assert!(goto_annot.get("/A").is_none(), "an internal link has no URI action");
    // The external link is still a URI action.
    let uri = links.iter().find_map(|a| a.get("/A")).map(|a| pdf.resolve(a)).expect("uri link");
    assert_eq!(uri["/URI"], "u:https://example.org");
}

#[test]
fn wrapped_internal_link_has_one_area_per_line() {
    let src = "---\npdf_options:\n  format: A6\n---\n\
        [a long link text that has to wrap over several lines of this narrow page](#contact)\n\n## Contact\n\nmail\n";
    let (doc, _) = compile_ok(src);
    let areas = link_areas(&doc, "#contact");
    assert!(areas.len() >= 2, "{areas:?}");
    let mut ys: Vec<f32> = areas.iter().map(|a| a.1).collect();
    ys.dedup_by(|a, b| (*a - *b).abs() < 0.01);
    assert_eq!(ys.len(), areas.len(), "one area per line: {areas:?}");
    let pdf = Pdf::read(&render_with(src, &Options::default()));
    let dests: Vec<_> = pdf.links(0).iter().filter_map(|a| pdf.dest(a)).collect();
    assert_eq!(dests.len(), areas.len());
    assert!(dests.windows(2).all(|w| w[0] == w[1]), "all go to the same place: {dests:?}");
}

#[test]
fn headings_get_github_slugs_and_duplicates_are_numbered() {
    let src = "## Experience\n\nx\n\n## Experience\n\ny\n\n## Experience\n\n## C++ & Rust!\n\n\
        ## Résumé Ünïcode\n\n## Custom {#mine}\n\n[a](#experience-2) [b](#c--rust) [c](#résumé-ünïcode) [d](#mine)\n";
    let (doc, warnings) = compile_ok(src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let names = anchor_names(&doc);
    for n in ["experience", "experience-1", "experience-2", "c--rust", "résumé-ünïcode", "mine"] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    assert!(!names.contains(&"custom"), "an explicit id replaces the slug");
    // Each link lands on its own heading.
    let third = doc.link_target("#experience-2").expect("third").1.y;
    let first = doc.link_target("#experience").expect("first").1.y;
    assert!(third > first);
    assert_eq!(link_areas(&doc, "#mine").len(), 1);
}

#[test]
fn link_without_the_dash_of_a_dropped_emoji_still_works() {
    // GitHub's slug of `Projects 🚀` is `projects-`; `#projects` means it.
    let (doc, warnings) = compile_ok("[p](#projects)\n\n## Projects 🚀\n\nx\n");
    assert!(warnings.iter().all(|w| !w.message.contains("link target")), "{warnings:#?}");
    assert!(anchor_names(&doc).contains(&"projects-"));
    assert_eq!(link_areas(&doc, "#projects-").len(), 1);
}

#[test]
fn html_ids_and_a_name_are_targets() {
    let src = "<a name=\"contact\"></a>\n## Contact details\n\n\
        Some text and <span id=\"phone\">a phone</span>.\n\n<div id=\"box\">\n\nInside a box.\n\n</div>\n\n\
        [c](#contact) [p](#phone) [b](#box)\n";
    let (doc, warnings) = compile_ok(src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let (_, contact_top) = text_position(&doc, "Contact");
    let contact = doc.link_target("#contact").expect("a name").1;
    assert!((contact.y - contact_top).abs() < 12.0, "<a name> sits at the heading: {} vs {contact_top}", contact.y);
    let phone = doc.link_target("#phone").expect("span id").1;
    let (_, text_top) = text_position(&doc, "Some text");
    assert!((phone.y - text_top).abs() < 6.0);
    let boxed = doc.link_target("#box").expect("div id").1;
    let (_, inside_top) = text_position(&doc, "Inside");
    assert!(boxed.y <= inside_top + 1.0 && boxed.y > phone.y);
    assert_eq!(link_areas(&doc, "#box").len(), 1);
}

#[test]
fn missing_target_warns_once_and_is_not_a_link() {
    let src = "# Ada\n\n[one](#nowhere) and [two](#nowhere) and [top](#)\n";
    let (doc, warnings) = compile_ok(src);
    let missing: Vec<_> = warnings.iter().filter(|w| w.message.contains("#nowhere")).collect();
    assert_eq!(missing.len(), 1, "{warnings:#?}");
    assert!(missing[0].span.is_some(), "the warning points at the link");
    assert!(link_areas(&doc, "#nowhere").is_empty());
    // `#` means the top of the document, as in browsers.
    assert_eq!(doc.link_target("#").map(|t| t.0), Some(0));
    let pdf = Pdf::read(&render_with(src, &Options::default()));
    assert_eq!(pdf.links(0).len(), 1, "only the `#` link");
    let text = tool_text(src);
    assert!(text.contains("one and two"), "the text stays: {text}");
}

fn tool_text(src: &str) -> String {
    let path = write_temp(&render_with(src, &Options::default()));
    let text = tool("pdftotext", &[path.to_str().expect("path"), "-"]);
    let _ = std::fs::remove_file(&path);
    text
}

// ---------------------------------------------------------------------------------------
// Footnotes
// ---------------------------------------------------------------------------------------

#[test]
fn footnote_reference_and_back_reference_link_both_ways() {
    let src = "# Ada\n\nShipped a compiler[^c].\n\n[^c]: A fictional one.\n";
    let (doc, warnings) = compile_ok(src);
    assert!(warnings.is_empty(), "{warnings:#?}");
    let (_, note_top) = text_position(&doc, "A fictional");
    let (_, ref_top) = text_position(&doc, "Shipped");
    let to_note = doc.link_target("#fn-1").expect("footnote target").1;
    assert!((to_note.y - note_top).abs() < 8.0, "{} vs {note_top}", to_note.y);
    let back = doc.link_target("#fnref-1").expect("reference target").1;
    assert!((back.y - ref_top).abs() < 8.0, "{} vs {ref_top}", back.y);
    assert_eq!(link_areas(&doc, "#fn-1").len(), 1);
    assert_eq!(link_areas(&doc, "#fnref-1").len(), 1);
    assert!(tool_text(src).contains('↩'));
    let pdf = Pdf::read(&render_with(src, &Options::default()));
    let dests: Vec<_> = pdf.links(0).iter().filter_map(|a| pdf.dest(a)).collect();
    assert_eq!(dests.len(), 2, "{dests:?}");
}

// ---------------------------------------------------------------------------------------
// Outline
// ---------------------------------------------------------------------------------------

const OUTLINE_SRC: &str = "# Ada Example\n\n### Contact\n\n## Experience\n\n### Acme *Corp*\n\n#### Detail\n\n## Skills\n\n# Appendix\n";

#[test]
fn outline_nests_headings_in_document_order() {
    let pdf = Pdf::read(&render_with(OUTLINE_SRC, &Options::default()));
    let expected = [(0, "Ada Example"), (1, "Contact"), (1, "Experience"), (2, "Acme Corp"), (1, "Skills"), (0, "Appendix")];
    let got = pdf.outline();
    let got: Vec<(usize, &str)> = got.iter().map(|(d, t)| (*d, t.as_str())).collect();
    assert_eq!(got, expected);
    let (doc, _) = compile_ok(OUTLINE_SRC);
    let (page, top) = text_position(&doc, "Skills");
    let entry = doc.outline.iter().find(|e| e.title == "Skills").expect("entry");
    assert_eq!(entry.page, page);
    assert!((entry.y - top).abs() < 12.0);
}

#[test]
fn outline_depth_front_matter() {
    let one = format!("---\noutline_depth: 1\n---\n{OUTLINE_SRC}");
    let pdf = Pdf::read(&render_with(&one, &Options::default()));
    let titles: Vec<String> = pdf.outline().into_iter().map(|(_, t)| t).collect();
    assert_eq!(titles, ["Ada Example", "Appendix"]);
    let none = format!("---\noutline_depth: 0\n---\n{OUTLINE_SRC}");
    let pdf = Pdf::read(&render_with(&none, &Options::default()));
    assert!(pdf.catalog().get("/Outlines").is_none());
    let bad = render("---\noutline_depth: 9\n---\n# A\n", &Options::default());
    let errors = bad.output.expect_err("out of range");
    assert!(errors[0].message.contains("outline_depth"), "{errors:#?}");
}

// ---------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------

fn pdfinfo(bytes: &[u8]) -> String {
    let path = write_temp(bytes);
    let info = tool("pdfinfo", &[path.to_str().expect("path")]);
    let _ = std::fs::remove_file(&path);
    info
}

fn info_field<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(':')).map(str::trim)
}

#[test]
fn metadata_from_front_matter() {
    let src = "---\ntitle: Ada Example — CV\nauthor: Ada Example\ndescription: Fictional engineer\n\
        keywords: [rust, pdf]\ntags: cv\n---\n# Ada\n\ntext\n";
    let bytes = render_with(src, &Options::default());
    let info = pdfinfo(&bytes);
    assert_eq!(info_field(&info, "Title"), Some("Ada Example — CV"));
    assert_eq!(info_field(&info, "Author"), Some("Ada Example"));
    assert_eq!(info_field(&info, "Subject"), Some("Fictional engineer"));
    assert_eq!(info_field(&info, "Keywords"), Some("rust, pdf, cv"));
    assert_eq!(info_field(&info, "Creator"), Some(concat!("cvpdf ", env!("CARGO_PKG_VERSION"))));
    assert_eq!(info_field(&info, "CreationDate"), None, "no date unless asked for");
    assert_eq!(Pdf::read(&bytes).catalog()["/Lang"], "u:en");
}

#[test]
fn language_is_guessed_from_the_script() {
    let cases = [
        ("# Иван Пример\n\nИнженер-программист, Москва.\n", "ru"),
        ("# نمونه\n\nمهندس نرم‌افزار، پروژه‌های گوناگون.\n", "fa"),
        ("# مثال\n\nمهندس برمجيات في الشركة.\n", "ar"),
        ("# 山田太郎\n\nソフトウェアエンジニアです。\n", "ja"),
        ("# 张伟\n\n软件工程师。\n", "zh"),
        ("# 김민준\n\n소프트웨어 엔지니어\n", "ko"),
        ("# 김민준\n\n백엔드 개발자: Kotlin, Spring Boot, PostgreSQL\n", "ko"),
        ("# Ada\n\nEngineer with one word Привет.\n", "en"),
        ("---\nlang: de\n---\n# Иван\n", "de"),
    ];
    for (src, lang) in cases {
        let (doc, _) = compile_ok(src);
        assert_eq!(doc.meta.lang.as_deref(), Some(lang), "{src}");
    }
}

#[test]
fn creation_date_only_with_a_timestamp() {
    let src = "# Ada\n";
    let opts = Options { timestamp: Some(1_700_000_000), ..Options::default() };
    let info = pdfinfo(&render_with(src, &opts));
    let date = info_field(&info, "CreationDate").expect("a creation date");
    assert!(date.contains("2023"), "{date}");
    // The binary takes it from SOURCE_DATE_EPOCH.
    let dir = std::env::temp_dir().join(format!("cvpdf-links-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("cv.md"), src).expect("write");
    let run = |epoch: Option<&str>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cvpdf"));
        cmd.arg(dir.join("cv.md")).arg("-o").arg(dir.join("cv.pdf")).env_remove("SOURCE_DATE_EPOCH");
        if let Some(e) = epoch {
            cmd.env("SOURCE_DATE_EPOCH", e);
        }
        assert!(cmd.status().expect("run cvpdf").success());
        pdfinfo(&std::fs::read(dir.join("cv.pdf")).expect("read"))
    };
    assert!(info_field(&run(None), "CreationDate").is_none());
    assert!(info_field(&run(Some("1700000000")), "CreationDate").is_some_and(|d| d.contains("2023")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn same_input_gives_identical_bytes() {
    let src = format!("{OUTLINE_SRC}\n[s](#skills) and a note[^a] <a name=\"x\"></a>\n\n[^a]: Note.\n");
    let a = render_with(&src, &Options::default());
    let b = render_with(&src, &Options::default());
    assert!(a == b, "two renders differ");
}

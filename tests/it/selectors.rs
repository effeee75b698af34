//! CSS selectors and `@import` as a reader sees them (issue 14, items 5 and 6):
//! fictional résumés whose stylesheets give chosen lines a chosen font size, read
//! back with `pdftotext -bbox` (a word's box is as tall as its font is large), and
//! the warnings the binary prints.
//!
//! Chromium (md-to-pdf 5.2.5) gives the same lines the same sizes on these fixtures.

use crate::common;

use std::collections::HashMap;

use common::*;

/// Renders `in.md` in `dir`; stderr and each word's box height (its first box).
fn render(dir: &TestDir) -> (String, HashMap<String, f64>) {
    render_in(dir, ".")
}

/// [`render`] in the folder `sub` of `dir`.
fn render_in(dir: &TestDir, sub: &str) -> (String, HashMap<String, f64>) {
    let out = dir.run_in(sub, &["in.md", "-o", "out.pdf"]);
    assert_exit(&out, 0);
    let mut heights = HashMap::new();
    for w in word_boxes(&dir.path(&format!("{sub}/out.pdf"))) {
        heights.entry(w.text).or_insert(w.y_max - w.y_min);
    }
    (stderr(&out), heights)
}

/// The words (of `words`) whose boxes are as tall as `size` px type gives (within
/// 10%), relative to the `base` word's 11 px.
fn sized(heights: &HashMap<String, f64>, words: &[&str], size: f64) -> Vec<String> {
    let unit = heights["Plainword"] / 11.0;
    words.iter().filter(|w| (heights[**w] / unit - size).abs() < size * 0.1).map(|w| w.to_string()).collect()
}

/// A name, a subtitle, two contact lines, then a section of paragraphs and a list.
const RESUME: &str = "# Casey Example\n\nSubtitleword\n\nMailword\n\nTownword\n\n## Skills\n\nAlphaword\n\n\
                      - Oneitem\n- Twoitem\n- Threeitem\n- Fouritem\n\nBetaword\n\nPlainword\n";

const WORDS: &[&str] = &["Subtitleword", "Mailword", "Townword", "Alphaword", "Oneitem", "Twoitem", "Threeitem", "Fouritem", "Betaword"];

fn resume_with(css: &str) -> TestDir {
    let dir = TestDir::sealed("selectors");
    let css: String = css.lines().map(|l| format!("  {l}\n")).collect();
    dir.write("in.md", format!("---\ncss: |\n{css}---\n\n{RESUME}"));
    dir
}

#[test]
fn chains_of_adjacent_siblings_style_the_subtitle_and_contact_lines() {
    // `h1 + p + p` matched nothing before, silently.
    let dir = resume_with("h1 + p { font-size: 20px }\nh1 + p + p { font-size: 24px }\nh1 + p + p + p { font-size: 30px }");
    let (err, h) = render(&dir);
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(sized(&h, WORDS, 20.0), ["Subtitleword"]);
    assert_eq!(sized(&h, WORDS, 24.0), ["Mailword"]);
    assert_eq!(sized(&h, WORDS, 30.0), ["Townword"]);
}

#[test]
fn general_siblings_and_structural_pseudo_classes_match() {
    let css = "h2 ~ p { font-size: 18px }\n\
               body > :last-child { font-size: 11px }\n\
               ul ~ p:nth-last-child(2) { font-size: 28px }\n\
               li:nth-child(even) { font-size: 20px }\n\
               li:first-of-type { font-size: 8px }\n\
               li:not(:first-child):not(:nth-child(2n)) { font-size: 24px }";
    let (err, h) = render(&resume_with(css));
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(sized(&h, WORDS, 18.0), ["Alphaword"], "`h2 ~ p`, less specific than the rules below");
    assert_eq!(sized(&h, WORDS, 28.0), ["Betaword"], "`:nth-last-child(2)` after the list");
    assert_eq!(sized(&h, WORDS, 20.0), ["Twoitem", "Fouritem"]);
    assert_eq!(sized(&h, WORDS, 8.0), ["Oneitem"]);
    assert_eq!(sized(&h, WORDS, 24.0), ["Threeitem"]);
    assert_eq!(sized(&h, WORDS, 11.0), ["Subtitleword", "Mailword", "Townword"], "before the `h2`");
}

#[test]
fn unsupported_selectors_say_what_is_not_supported() {
    let (err, h) = render(&resume_with("p::after { font-size: 30px }\nh2 ~ p:hover, h2 + p { font-size: 18px }"));
    assert!(err.contains("CSS selector `p::after` is not supported (pseudo-elements such as `::after` are not drawn)"), "{err}");
    assert!(err.contains("`~`") && err.contains(":nth-child()"), "the hint lists what is matched: {err}");
    assert_eq!(err.matches("is not supported").count(), 1, "`:hover` is read (it never matches on paper): {err}");
    assert_eq!(sized(&h, WORDS, 18.0), ["Alphaword"]);
}

#[test]
fn structural_selectors_and_sibling_combinators_match_table_rows_and_cells() {
    let dir = TestDir::sealed("cells");
    let css = "td:nth-child(2) { font-size: 30px }\n\
               tr:nth-child(even) td:nth-child(2) { font-size: 20px }\n\
               tr:last-child td:first-child { font-size: 8px }\n\
               tr + tr > td:first-child { font-size: 15px }\n\
               th:last-child { font-size: 25px }";
    let css: String = css.lines().map(|l| format!("  {}\n", l.trim())).collect();
    dir.write(
        "in.md",
        format!(
            "---\ncss: |\n{css}---\n\n| Yearhead | Rolehead |\n| --- | --- |\n| Yearone | Alphacell |\n| Yeartwo | Betacell |\n| Yearthree | Gammacell |\n\nPlainword\n"
        ),
    );
    let (err, h) = render(&dir);
    assert!(!err.contains("selector"), "{err}");
    let all = ["Yearhead", "Rolehead", "Yearone", "Alphacell", "Yeartwo", "Betacell", "Yearthree", "Gammacell"];
    assert_eq!(sized(&h, &all, 30.0), ["Alphacell", "Gammacell"], "`td:nth-child(2)`");
    assert_eq!(sized(&h, &all, 20.0), ["Betacell"], "the second body row");
    assert_eq!(sized(&h, &all, 8.0), ["Yearthree"], "`tr:last-child`, more specific than `tr + tr`");
    assert_eq!(sized(&h, &all, 15.0), ["Yeartwo"], "`tr + tr`: not the first body row");
    assert_eq!(sized(&h, &all, 25.0), ["Rolehead"], "the header row's last cell");
    assert_eq!(sized(&h, &all, 11.0), ["Yearhead", "Yearone"]);
}

#[test]
fn structural_selectors_and_sibling_combinators_match_inline_elements() {
    let dir = TestDir::sealed("inline-siblings");
    let css = "span + span { font-size: 30px }\n\
               p > em:first-child { font-size: 20px }\n\
               a.site + a.site { font-size: 25px }\n\
               strong:nth-of-type(2) { font-size: 15px }";
    let css: String = css.lines().map(|l| format!("  {}\n", l.trim())).collect();
    dir.write(
        "in.md",
        format!(
            "---\ncss: |\n{css}---\n\n<span>Onespan</span> <span>Twospan</span>\n\n\
             *Firstem* and *Secondem* then **Onestrong** **Twostrong**\n\n\
             <a class=\"site\" href=\"https://example.org/a\">Onelink</a> · <a class=\"site\" href=\"https://example.org/b\">Twolink</a>\n\n\
             Plainword\n"
        ),
    );
    let (err, h) = render(&dir);
    assert!(!err.contains("selector"), "{err}");
    let all = ["Onespan", "Twospan", "Firstem", "Secondem", "Onestrong", "Twostrong", "Onelink", "Twolink"];
    assert_eq!(sized(&h, &all, 30.0), ["Twospan"], "`span + span`");
    assert_eq!(sized(&h, &all, 20.0), ["Firstem"], "the paragraph's first element");
    assert_eq!(sized(&h, &all, 25.0), ["Twolink"], "an HTML link after another");
    assert_eq!(sized(&h, &all, 15.0), ["Twostrong"], "the second `strong`");
    assert_eq!(sized(&h, &all, 11.0), ["Onespan", "Secondem", "Onestrong", "Onelink"]);
}

/// The stylesheet of the issue: a web font import whose URL holds `;` and `@`.
const FONT_IMPORT: &str = "@import url('https://fonts.googleapis.com/css2?family=Inter:wght@400;500;600;700&display=swap');";

#[test]
fn an_import_of_web_fonts_is_skipped_with_one_warning_and_the_next_rule_applies() {
    // The `;` inside the URL ended the import before: the rest of it and the next
    // rule made one broken selector, quoted in a warning.
    let dir = TestDir::sealed("font-import");
    dir.write("in.md", format!("<style>\n{FONT_IMPORT}\nh2 {{ font-size: 30px }}\n</style>\n\n{RESUME}"));
    let (err, h) = render(&dir);
    assert!(err.contains("in.md:2:1: warning: `@import` of web fonts `https://fonts.googleapis.com/css2?family=Inter:wght@400;500;600;700&display=swap` is skipped: web fonts are not loaded"), "{err}");
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(!err.contains("selector"), "{err}");
    assert_eq!(sized(&h, &["Skills"], 30.0), ["Skills"]);
}

#[test]
fn a_remote_import_names_the_flag_that_fetches_it() {
    let dir = TestDir::sealed("remote-import");
    dir.write("in.md", "---\ncss: |\n  @import \"https://cdn.example.org/theme.css\";\n  h2 { font-size: 30px }\n---\n\n# Riley Sample\n\n## Skills\n\nPlainword\n");
    let (err, h) = render(&dir);
    assert!(
        err.contains(
            "`@import` of `https://cdn.example.org/theme.css` is skipped: remote stylesheets are fetched only with `--allow-remote`"
        ),
        "{err}"
    );
    assert!(err.contains("hint: pass `--allow-remote` to fetch it"), "{err}");
    assert_eq!(sized(&h, &["Skills"], 30.0), ["Skills"]);
}

#[test]
fn local_imports_are_read_relative_to_the_stylesheet_and_confined() {
    let dir = TestDir::sealed("local-import");
    dir.write("doc/in.md", format!("---\nstylesheet: css/main.css\n---\n\n{RESUME}"));
    // Imports come first in the cascade: `main.css` overrides what they set.
    dir.write(
        "doc/css/main.css",
        "@import \"parts/names.css\";\n@import url(parts/print.css) print;\n@import '../../outside.css';\n\
         h1 + p + p { font-size: 24px }\n@import \"parts/late.css\";\n",
    );
    dir.write(
        "doc/css/parts/names.css",
        "@import \"../main.css\";\n@import 'lists.css' screen;\nh1 + p { font-size: 20px }\nh1 + p + p { font-size: 8px }\n",
    );
    dir.write("doc/css/parts/lists.css", "li { font-size: 18px }\n");
    dir.write("doc/css/parts/print.css", "li { font-size: 30px }\n");
    dir.write("doc/css/parts/late.css", "p { font-size: 30px }\n");
    dir.write("outside.css", "p { font-size: 30px }\n");
    let (err, h) = render_in(&dir, "doc");
    assert_eq!(sized(&h, WORDS, 20.0), ["Subtitleword"], "names.css");
    assert_eq!(sized(&h, WORDS, 24.0), ["Mailword"], "main.css wins over what it imports");
    assert_eq!(sized(&h, WORDS, 18.0), ["Oneitem", "Twoitem", "Threeitem", "Fouritem"], "lists.css, relative to names.css");
    assert!(sized(&h, WORDS, 30.0).is_empty(), "print.css, outside.css and late.css do not apply");
    assert!(
        err.contains("`@import` of `../main.css` is skipped: it imports itself (css/main.css → css/parts/names.css → css/main.css)"),
        "{err}"
    );
    assert!(err.contains("`@import` of `../../outside.css` is not used: it is outside the document's folder"), "{err}");
    assert!(err.contains("`@import` of `parts/late.css` is ignored: it comes after other rules"), "{err}");
}

#[test]
fn text_outside_any_element_is_not_matched_by_the_universal_selector() {
    // The text directly in the `div` is no element (Chromium gives it the `div`'s
    // size); `*` matched it as if it were one before.
    let dir = TestDir::sealed("anonymous");
    dir.write(
        "in.md",
        "<style>.box > *:not(h2) { font-size: 30px }</style>\n\n<div class=\"box\">\nLooseword\n<p>Paraword</p>\n</div>\n\nPlainword\n",
    );
    let (err, h) = render(&dir);
    assert!(!err.contains("warning"), "{err}");
    assert_eq!(sized(&h, &["Looseword", "Paraword"], 30.0), ["Paraword"]);
    assert_eq!(sized(&h, &["Looseword", "Paraword"], 11.0), ["Looseword"]);
}

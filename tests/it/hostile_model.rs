//! Hostile input for the model stage (issue 13, round two): deep inline nesting must
//! not need a large stack, tokenising must stay linear, and no text may be lost to
//! flattening or to an unclosed block (all names and text fictional).

use crate::common;

use std::process::Command;

use common::{arg, code, stderr, tool, TestDir};

// ---------------------------------------------------------------------------------------
// Deep nesting on a small stack
// ---------------------------------------------------------------------------------------

/// Renders `source` with the library on a thread with a 2 MB stack (rayon's worker
/// size), returning the PDF and the warning messages. A stack overflow aborts the test
/// process, so a regression fails loudly.
fn render_small_stack(source: String) -> (Vec<u8>, Vec<String>) {
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let options = cvpdf::Options::default();
            let result = cvpdf::render(&source, &options);
            let warnings: Vec<String> = result.warnings.iter().map(|d| d.message.clone()).collect();
            let pdf = result.output.unwrap_or_else(|e| panic!("render failed: {e:?}"));
            (pdf, warnings)
        })
        .expect("spawn a 2 MB thread");
    handle.join().expect("the render thread panicked")
}

/// The text layer of a PDF, through `pdftotext`.
fn pdf_text(dir: &TestDir, pdf: &[u8]) -> String {
    let path = dir.write("out.pdf", pdf);
    common::pdftotext(&path)
}

/// Deep nesting renders on a 2 MB stack, keeps its words and says it flattened.
/// (Deep blocks leave a narrow column, a letter a line: spaces are not compared.)
#[track_caller]
fn deep_case(name: &str, source: String, words: &[&str]) {
    let dir = TestDir::sealed(name);
    let (pdf, warnings) = render_small_stack(source);
    let text: String = pdf_text(&dir, &pdf).split_whitespace().collect();
    for w in words {
        let w: String = w.split_whitespace().collect();
        assert!(text.contains(&w), "{name}: `{w}` missing from the PDF text:\n{}", &text[..text.len().min(2000)]);
    }
    assert!(warnings.iter().any(|w| w.contains("flattened")), "{name}: no warning about flattening: {warnings:?}");
}

#[test]
fn ten_thousand_emphasis_delimiters_render_on_a_small_stack() {
    for (name, d) in [("stars", "*"), ("underscores", "_"), ("double-stars", "**")] {
        let n = 10_000 / d.len();
        let src = format!("# Sam Placeholder\n\nBefore {}Deepword{} after.\n", d.repeat(n), d.repeat(n));
        deep_case(name, src, &["Before", "Deepword", "after."]);
    }
    // A run of more than two tildes is no strikethrough; words in between nest it.
    let src = format!("Before {}Deepword{} after.\n", "~~s ".repeat(5_000), " t~~".repeat(5_000));
    deep_case("tildes", src, &["Before", "Deepword", "after."]);
    let (_, _) = render_small_stack(format!("{}x{}\n", "~".repeat(10_000), "~".repeat(10_000)));
    // Emphasis opened one by one, each with its own word.
    let src = format!("{}core{}\n", "*a ".repeat(5_000), " b*".repeat(5_000));
    deep_case("stars-words", src, &["core"]);
}

#[test]
fn ten_thousand_nested_html_elements_render_on_a_small_stack() {
    let n = 10_000;
    let spans = format!("Start {}Deepword{} end.\n", "<span>".repeat(n), "</span>".repeat(n));
    deep_case("spans", spans, &["Start", "Deepword", "end."]);
    let unclosed = format!("Start {}Deepword\n\nAfter the spans.\n", "<span class=\"x\">".repeat(n));
    deep_case("spans-unclosed", unclosed, &["Start", "Deepword", "After the spans."]);
    let bold = format!("{}Deepword{}\n", "<b>".repeat(n), "</b>".repeat(n));
    deep_case("bold", bold, &["Deepword"]);
    let links = format!("{}Deepword{}\n", "<a href=\"https://example.org/\">".repeat(n), "</a>".repeat(n));
    deep_case("links", links, &["Deepword"]);
    let mix: String = (0..n).map(|i| ["<b>", "<i>", "<span>", "<a href=\"#x\">", "<em>", "<u>", "<sup>", "<small>"][i % 8]).collect();
    deep_case("mix", format!("{mix}Deepword after\n\nNext paragraph.\n"), &["Deepword", "Next paragraph."]);
    let code = format!("{}Deepword{}\n", "<code><b>".repeat(n / 2), "</b></code>".repeat(n / 2));
    deep_case("code", code, &["Deepword"]);
}

#[test]
fn deep_link_brackets_quotes_and_lists_render_on_a_small_stack() {
    let brackets = format!("{}Deepword{}\n", "[".repeat(10_000), "](https://example.org/)".repeat(10_000));
    let (_, _) = render_small_stack(brackets);
    let images = format!("{}Deepword{}\n", "![".repeat(5_000), "](a.png)".repeat(5_000));
    let (_, _) = render_small_stack(images);
    // Block nesting with inline nesting inside, in quotes and in list items.
    let quoted = format!("{}{}Deepword{}\n", "> ".repeat(200), "*".repeat(5_000), "*".repeat(5_000));
    deep_case("quotes", quoted, &["Deepword"]);
    let listed: String =
        (0..100).map(|i| format!("{}- item{i} {}inner{i}{}\n", "  ".repeat(i), "<span>".repeat(200), "</span>".repeat(200))).collect();
    deep_case("lists", listed, &["item99", "inner99"]);
    let html = format!("{}{}Deepword\n", "<blockquote><ul><li>".repeat(100), "<b><i>".repeat(5_000));
    deep_case("html-blocks", html, &["Deepword"]);
    let table = format!("| a | b |\n|---|---|\n| {}Deepword | c |\n", "<span>".repeat(10_000));
    deep_case("table", table, &["Deepword"]);
    let footnote = format!("Text[^1]\n\n[^1]: {}Deepword\n", "<b>".repeat(10_000));
    deep_case("footnote", footnote, &["Deepword"]);
}

#[test]
fn a_deep_header_template_renders_on_a_small_stack() {
    let n = 20_000;
    // Unclosed: the front matter holds at most 64 KB.
    let template = format!("{}Headerword", "<b>".repeat(n));
    let src = format!("---\npdf_options:\n  headerTemplate: '{template}'\n---\n# Sam Placeholder\n\nBody text.\n");
    let dir = TestDir::sealed("header");
    let (pdf, warnings) = render_small_stack(src);
    let text = pdf_text(&dir, &pdf);
    assert!(text.contains("Headerword") && text.contains("Body text."), "{text}");
    assert!(warnings.iter().any(|w| w.contains("header or footer template") && w.contains("flattened")), "{warnings:?}");
}

// ---------------------------------------------------------------------------------------
// Linear tokenising: generated inputs through the binary, with a wall-clock bound
// ---------------------------------------------------------------------------------------

/// Runs the binary on `source` within [`common::BOUNDS`] (2 GB of address space,
/// 30 s: generous for a debug build on a busy machine; the fixed code takes a second
/// or two for each input below, the old code minutes or hours): exit code, stderr and
/// the size of the PDF written.
fn run_bounded(name: &str, source: &str) -> (i32, String, u64) {
    let dir = TestDir::sealed(name);
    dir.write("in.md", source);
    let run = common::run_bounded(&dir.command(&["in.md"]), common::BOUNDS);
    let err = stderr(&run.output);
    if let Some(why) = run.broken() {
        panic!("{name}: {why}\n{err}");
    }
    let size = std::fs::metadata(dir.path("in.pdf")).map_or(0, |m| m.len());
    (code(&run.output), err, size)
}

/// `count` copies of `unit`.
fn many(unit: &str, count: usize) -> String {
    unit.repeat(count)
}

#[test]
fn unclosed_tags_and_quotes_tokenise_in_linear_time() {
    // Inside `<script>` the fragment is tokenised but nothing is laid out: the time is
    // the tokenizer's. Each line is one fragment with no `>` (or no closing quote),
    // which the old tokenizer read to its end again from every `<`.
    let cases = [
        ("div-space", many("<div ", 200_000)),
        ("div-quote", many("<div x=\"", 120_000)),
        ("div-squote", many("<b x='", 160_000)),
        ("attr-names", many("<a b ", 200_000) + "="),
        ("close-junk", many("</a ", 250_000)),
        ("amp", many("&", 1_000_000)),
        ("amp-hash", many("&#", 500_000)),
        ("lt", many("<", 1_000_000)),
        ("comment", many("<!--", 250_000)),
        ("cdata", many("<![CDATA[", 100_000)),
    ];
    for (name, line) in cases {
        let (code, err, _) = run_bounded(name, &format!("<script>\n{line}\n</script>\n\nAfter the script.\n"));
        assert_eq!(code, 0, "{name}: {}", &err[..err.len().min(500)]);
    }
    // A style sheet full of `<`: every `<a{}` was tried as a tag to the end.
    let (code, _, _) = run_bounded("style", &format!("<style>\n{}\n</style>\n\nText.\n", many("a{}<", 250_000)));
    assert_eq!(code, 0);
    // An attribute value full of `&`.
    let (code, _, _) = run_bounded("amp-attr", &format!("Text <span title=\"{}\">x</span>\n", many("&", 1_000_000)));
    assert_eq!(code, 0);
}

#[test]
fn many_inline_elements_and_links_build_in_linear_time() {
    // Closing tags that match no open element looked through every open one.
    let (code, err, _) = run_bounded("closes", &format!("{}{}\n\nAfter.\n", many("<span>", 100_000), many("</b>", 100_000)));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("flattened"), "{err}");
    // Distinct unknown elements were looked up in a list, each warned about.
    let tags: String = (0..120_000).map(|i| format!("<x{i}>")).collect();
    let (code, err, _) = run_bounded("tags", &format!("{tags}\n\nAfter.\n"));
    assert_eq!(code, 0);
    // The model names 16 and counts the rest in one more; the binary prints 10 alike.
    assert_eq!(err.matches("warning:").count(), 11, "{}", &err[..err.len().min(2000)]);
    assert!(err.contains("and 6 more warnings like this one, not shown"), "{}", &err[..err.len().min(2000)]);
    assert!(err.contains("only the first 16 are named"), "{}", &err[..err.len().min(2000)]);
    // Links to missing targets: each looked for a near name among all targets.
    let links: String = (0..10_000).map(|i| format!("[a](#missing{i}) <a name=\"t{i}\"></a>")).collect();
    let (code, err, _) = run_bounded("missing-links", &format!("{links}\n"));
    assert_eq!(code, 0);
    assert!(err.contains("links to 9984 more targets not in the document"), "{}", &err[..err.len().min(2000)]);
    // A bare URL ending in `)`: the parentheses were counted again per `)` dropped.
    let (code, _, _) = run_bounded("url-parens", &format!("http://example.org/{}\n", many(")", 100_000)));
    assert_eq!(code, 0);
}

/// A long bare URL was written into the PDF once per line of its text: 100 KB of
/// `www.` made a 240 MB PDF.
#[test]
fn a_long_url_keeps_its_text_without_the_link() {
    let (code, err, size) = run_bounded("www", &format!("{}\n", many("www.", 25_000)));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("a link target longer than 2048 bytes is not kept"), "{}", &err[..err.len().min(500)]);
    assert!(size < 5_000_000, "the PDF takes {size} bytes");
    let dir = TestDir::sealed("long-link");
    let url = format!("https://example.org/{}", "a".repeat(3000));
    let (pdf, warnings) = render_small_stack(format!("Before [the link]({url}) after.\n"));
    assert!(pdf_text(&dir, &pdf).contains("Before the link after."));
    assert!(warnings.iter().any(|w| w.contains("not kept")), "{warnings:?}");
}

// ---------------------------------------------------------------------------------------
// No content lost
// ---------------------------------------------------------------------------------------

#[test]
fn deep_lists_keep_every_item_at_the_deepest_level() {
    let md: String = (0..40).map(|i| format!("{}- level{i}\n", "  ".repeat(i))).collect::<String>() + "\nAfter the list.\n";
    let html = format!("{}deepest{}\n\nAfter the list.\n", "<ul><li>item ".repeat(40), "</li></ul>".repeat(40));
    let unclosed = format!("{}deepest\n\nAfter the list.\n", "<ul><li>item ".repeat(40));
    let quoted = format!("{}- a\n{}  - b\n{}    - deepest\n\nAfter the list.\n", "> ".repeat(62), "> ".repeat(62), "> ".repeat(62));
    for (name, src) in [("md", md), ("html", html), ("unclosed", unclosed), ("quoted", quoted)] {
        let dir = TestDir::sealed(name);
        let (pdf, warnings) = render_small_stack(src.clone());
        let text: String = pdf_text(&dir, &pdf).split_whitespace().collect();
        let words: Vec<&str> = src.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 1 && !matches!(*w, "ul" | "li")).collect();
        for w in words {
            assert!(text.contains(w), "{name}: `{w}` lost:\n{text}");
        }
        assert!(text.ends_with("Afterthelist."), "{name}: {text}");
        assert!(warnings.iter().any(|w| w.contains("nesting deeper than 64 levels is flattened")), "{name}: {warnings:?}");
    }
}

#[test]
fn text_after_html_lists_is_kept() {
    let cases = [
        "<ul><li>a<ul><li>b</li></ul></li></ul>\n\nAfter the list.\n",
        "<ul><li>a<ul><li>b\n\nAfter the list.\n",
        "<ul><li>a<ul><li>b</ul>\n\nAfter the list.\n",
        "<ul>before items<li>a</li> between <li>b</li></ul>\n\nAfter the list.\n",
        "- item\n\n  <ul><li>a<ul><li>b</li></ul></li></ul>\n\nAfter the list.\n",
        "<table><tr><td><ul><li>a<ul><li>b</li></ul></li></ul></td></tr></table>\n\nAfter the list.\n",
    ];
    for (i, src) in cases.iter().enumerate() {
        let dir = TestDir::sealed("html-list");
        let (pdf, _) = render_small_stack(src.to_string());
        let text = pdf_text(&dir, &pdf);
        let text: Vec<&str> = text.split_whitespace().collect();
        let text = text.join(" ");
        for w in ["a", "b", "After the list.", "before items", "between"] {
            if src.contains(w) {
                assert!(text.contains(w), "case {i}: `{w}` lost: {text}");
            }
        }
    }
}

#[test]
fn a_table_past_the_nesting_limit_keeps_its_cells() {
    let q = "> ".repeat(70);
    let src = format!("{q}| head |\n{q}|---|\n{q}| cellword |\n\nAfter.\n");
    let dir = TestDir::sealed("deep-table");
    let (pdf, _) = render_small_stack(src);
    let text: String = pdf_text(&dir, &pdf).split_whitespace().collect();
    assert!(text.contains("head") && text.contains("cellword") && text.contains("After."), "{text}");
}

#[test]
fn unclosed_front_matter_warns_on_line_1() {
    let dir = TestDir::sealed("unclosed-fm");
    dir.write("cv.md", "---\ntitle: Sam Placeholder\n\n# Sam Placeholder\n\nBody text.\n");
    let out = dir.run(&["cv.md"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("cv.md:1:1: warning: the front matter is not closed"), "{err}");
    assert!(err.contains("end the front matter with a `---` line"), "{err}");
    let text = tool("pdftotext", &[arg(&dir.path("cv.pdf")), "-"]);
    assert!(text.contains("title: Sam Placeholder") && text.contains("Body text."), "{text}");
    let out = dir.run(&["--deny-warnings", "cv.md"]);
    assert_eq!(code(&out), 3, "{}", stderr(&out));
}

/// A letter with 70 marks made a ToUnicode entry too long for poppler, which dropped
/// the letter and its marks from the text layer.
#[test]
fn a_letter_with_many_marks_stays_in_the_text_layer() {
    let dir = TestDir::sealed("marks");
    let (pdf, _) = render_small_stack(format!("Before a{} after.\n", "\u{301}".repeat(70)));
    let path = dir.write("marks.pdf", &pdf);
    let out = Command::new("pdftotext").args(["-raw", "-enc", "UTF-8", arg(&path), "-"]).output().expect("run pdftotext");
    let (text, err) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!err.contains("Illegal entry"), "{err}");
    assert!(text.contains("Before") && text.contains("after."), "{text}");
    let marks = text.matches('\u{301}').count() + text.matches('á').count();
    assert!(marks >= 60, "{marks} of 70 marks in the text layer: {text:?}");
}

/// pulldown-cmark splits text at every `[`, `](`, escape and entity; each piece was its
/// own text node and styled run, shaped on its own, and a 10 MB line of `[` took 30 s
/// in a release build. The model joins adjacent text now. (In a debug build the
/// shaping itself dominates, so this bound is loose; the unit test
/// `adjacent_text_events_join_into_one_node` checks the joining.)
#[test]
fn text_split_by_the_parser_renders_as_one_run() {
    for (name, unit, count) in [("brackets", "[", 100_000), ("open-links", "[a](", 25_000), ("escapes", "\\[&amp;", 15_000)] {
        let (code, err, size) = run_bounded(name, &many(unit, count));
        assert_eq!(code, 0, "{name}: {err}");
        assert!(size > 0, "{name}: no PDF");
    }
}

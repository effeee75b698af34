//! Tree-building tests.

use super::*;

fn doc(src: &str) -> Document {
    build(src, 0).0
}

#[test]
fn adjacent_text_events_join_into_one_node() {
    // pulldown-cmark splits this line at each `[`, escape and entity; the model
    // joins the pieces, and the span covers them all (from byte 4: "Ann ").
    let src = "Ann [[a\\*b &amp; [c](\n";
    let d = doc(src);
    let BlockKind::Paragraph(c) = &d.blocks[0].kind else { panic!("{:?}", d.blocks) };
    assert_eq!(c, &[Inline::Text("Ann [[a*b & [c](".into(), 0..src.len() - 1)]);
    // Text next to other inlines stays apart from them.
    let d = doc("x[ *y* [z\n");
    let BlockKind::Paragraph(c) = &d.blocks[0].kind else { panic!() };
    assert_eq!(c.len(), 3, "{c:?}");
    assert!(matches!(&c[0], Inline::Text(t, s) if t == "x[ " && *s == (0..3)));
    assert!(matches!(&c[2], Inline::Text(t, s) if t == " [z" && *s == (6..9)));
}

#[test]
fn tight_list_items_get_paragraphs() {
    let d = doc("- one\n- two\n  - three\n");
    let BlockKind::List { items, start: None } = &d.blocks[0].kind else { panic!() };
    assert_eq!(items.len(), 2);
    assert!(matches!(items[1].blocks[1].kind, BlockKind::List { .. }));
}

#[test]
fn inline_html_bold_and_break() {
    let d = doc("<b>Projects</b> here<br>next\n");
    let BlockKind::Paragraph(c) = &d.blocks[0].kind else { panic!() };
    assert!(matches!(&c[0], Inline::Strong(x) if plain_text(x) == "Projects"));
    assert!(c.contains(&Inline::Break));
}

#[test]
fn html_heading_block_and_comment() {
    let d = doc("<h3>Engineer, Example Corp</h3>\n\n<!-- hidden -->\n\ntext\n");
    assert!(matches!(&d.blocks[0].kind, BlockKind::Heading { level: 3, .. }));
    assert_eq!(d.blocks.len(), 2);
}

#[test]
fn style_content_is_not_text() {
    let d = doc("<style>\nh1 { color: red }\n</style>\n\nHello\n");
    assert_eq!(d.blocks.len(), 1);
    assert!(d.styles[0].0.contains("color: red"));
}

#[test]
fn bare_urls_and_emails_become_links() {
    let d = doc("see https://example.org/x. or mail ada@example.com\n");
    let BlockKind::Paragraph(c) = &d.blocks[0].kind else { panic!() };
    let urls: Vec<_> = c.iter().filter_map(|i| if let Inline::Link { url, .. } = i { Some(url.as_str()) } else { None }).collect();
    assert_eq!(urls, ["https://example.org/x", "mailto:ada@example.com"]);
}

#[test]
fn footnotes_are_numbered_by_reference() {
    let d = doc("a[^b] c[^a]\n\n[^a]: first def\n[^b]: second def\n");
    assert_eq!(d.footnotes[0].label, "b");
    assert_eq!(d.footnotes[0].number, 1);
}

#[test]
fn heading_ids_and_inline_anchors() {
    let d = doc("## Skills {#abilities}\n\n## Tools {Rust}\n\nSee <a name=\"x\"></a><span id=\"y\">y</span>\n");
    assert!(matches!(&d.blocks[0].kind, BlockKind::Heading { id: Some(i), .. } if i == "abilities"));
    let BlockKind::Heading { content, .. } = &d.blocks[1].kind else { panic!() };
    assert_eq!(plain_text(content), "Tools {Rust}");
    let BlockKind::Paragraph(c) = &d.blocks[2].kind else { panic!() };
    let names: Vec<_> = c.iter().filter_map(|i| if let Inline::Anchor { name, .. } = i { Some(name.as_str()) } else { None }).collect();
    assert_eq!(names, ["x", "y"]);
}

#[test]
fn deep_nesting_is_flattened() {
    let src = ">".repeat(500) + " deep\n";
    let (d, w) = build(&src, 0);
    assert!(!d.blocks.is_empty());
    assert_eq!(w.len(), 1);
}

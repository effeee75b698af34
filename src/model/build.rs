//! Builds the document tree from pulldown-cmark events and the inline HTML between them.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::html::{tokenize, Token};
use super::{Align, Block, BlockKind, Cell, Document, Element, Footnote, Gauge, ImageRef, Inline, ListItem, Span, ROWSPAN_TO_END};
use crate::diag::Diagnostic;

/// Containers nest at most this deep; deeper ones are flattened into their parent.
const MAX_DEPTH: usize = 64;

/// Inline elements (emphasis, links, HTML spans, …) nest at most this deep; deeper
/// ones are flattened into their parent, their text kept. Every later stage walks the
/// inline tree recursively, so this bounds the stack they need.
pub const MAX_INLINE_DEPTH: usize = 64;

/// Table columns past this many are dropped with a warning (each column costs
/// layout work on every row).
pub const MAX_TABLE_COLUMNS: usize = 200;

/// Link targets longer than this are dropped (the link text stays) with a warning:
/// a link's target is written again for every line the link text takes, so a long
/// target that is also long text (a bare URL) makes a PDF quadratic in its length.
pub const MAX_URL_BYTES: usize = 2048;

/// Unsupported HTML elements are named in a warning each, up to this many names;
/// then one warning says there are more. Deep regions flattened are warned about up
/// to this many times too.
const MAX_TAG_WARNINGS: usize = 16;

/// Parses the Markdown body (which starts at byte `offset` of the whole source) into a
/// document. Never fails; what cannot be represented becomes a warning.
pub fn build(body: &str, offset: usize) -> (Document, Vec<Diagnostic>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut b = Builder::new(offset);
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let span = range.start + offset..range.end + offset;
        // Only `{#id}` is read from a heading's attribute block; any other `{…}` at
        // its end is text, as it was before attributes were read.
        if let Event::Start(Tag::Heading { id: None, classes, attrs, .. }) = &event {
            if !classes.is_empty() || !attrs.is_empty() {
                let line = body[range.clone()].lines().next().unwrap_or("").trim_end();
                if let Some(open) = line.rfind('{') {
                    let at = range.start + offset + open;
                    b.heading_tail = Some((format!(" {}", &line[open..]), at..at + line.len() - open));
                }
            }
        }
        b.event(event, span);
    }
    b.finish()
}

#[derive(Debug)]
enum ContainerKind {
    Root,
    Quote,
    List { start: Option<u64>, items: Vec<ListItem> },
    Item { task: Option<bool>, loose: bool },
    Footnote { label: String },
    Table { aligns: Vec<Align>, head: Vec<Cell>, rows: Vec<Vec<Cell>>, row: Vec<Cell> },
    Div { align: Align, el: Element },
}

#[derive(Debug)]
struct Container {
    kind: ContainerKind,
    blocks: Vec<Block>,
    start: usize,
    /// The HTML tag that opened it; `None` for Markdown containers.
    tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum LeafKind {
    Para,
    /// Text outside any paragraph: a tight list item's, or inside an HTML element.
    Text,
    Heading {
        level: u8,
        id: Option<String>,
    },
    Cell,
}

#[derive(Debug, Clone, PartialEq)]
enum FrameKind {
    Root,
    Emph,
    Strong,
    Strike,
    Underline,
    Sup,
    Sub,
    Small,
    Plain,
    Span(Element),
    Code,
    /// A link; an HTML `<a>` with a class, id or style keeps its element.
    Link(String, Option<Element>),
    Image(String),
    /// A `<progress>` or `<meter>`, holding the text inside it.
    Gauge(Box<Gauge>),
}

#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    /// Its content so far; always empty for a `Plain` frame, whose content goes
    /// straight to its `target`.
    children: Vec<Inline>,
    /// The HTML tag that opened it, or `None` for Markdown.
    html: Option<String>,
    start: usize,
    /// The index of the frame that receives this frame's content: itself, or for a
    /// `Plain` frame the innermost frame under it that is not plain.
    target: usize,
    /// How many inline elements hold this frame's content, itself included.
    depth: usize,
    /// Inside a link, an image or code: text is kept as written, never autolinked.
    literal: bool,
}

struct Builder {
    offset: usize,
    containers: Vec<Container>,
    /// Markdown containers not opened because of `MAX_DEPTH`, so their ends are
    /// skipped too.
    flattened: usize,
    /// Whether block nesting past `MAX_DEPTH` has been warned about since the
    /// containers were last below it, and how many times it has.
    block_flattened: bool,
    block_flattened_warnings: usize,
    leaf: Option<(LeafKind, usize)>,
    frames: Vec<Frame>,
    /// For each HTML tag name, the indices in `frames` of the frames it opened, so
    /// that a closing tag finds its frame without a walk down the stack.
    html_frames: HashMap<String, Vec<usize>>,
    /// Whether inline nesting past `MAX_INLINE_DEPTH` has been warned about.
    inline_flattened: bool,
    /// Whether a link target over `MAX_URL_BYTES` has been warned about.
    url_too_long: bool,
    code: Option<(Option<String>, String, usize)>,
    /// HTML element whose content is skipped (`style`, `script`, …).
    skip: Option<String>,
    /// Footnote numbers by label, in order of first reference.
    footnote_numbers: HashMap<String, usize>,
    footnote_defs: Vec<(String, Vec<Block>)>,
    warnings: Vec<Diagnostic>,
    warned_tags: HashSet<String>,
    styles: Vec<(String, Span)>,
    /// Container depths of the wrappers of aligned HTML headings.
    aligned_headings: Vec<usize>,
    /// The text of an open HTML `<pre>` and where it started.
    pre: Option<(String, usize)>,
    /// Whether every cell of the current HTML table row so far is a `th`.
    row_all_th: bool,
    /// Inside an HTML comment that has not closed yet.
    in_comment: bool,
    /// `colspan` and `align` of the HTML cell being read.
    cell_attrs: (usize, usize, Align),
    /// How many `<pre>` elements are open inside the table cell being read: their
    /// newlines are the cell's line breaks.
    cell_pre: usize,
    /// Whether the open leaf has text since its start or its last line break
    /// (white space and anchors are no text).
    line_has_text: bool,
    /// A heading's `{…}` that held no id, given back as text at its end.
    heading_tail: Option<(String, Span)>,
}

impl Builder {
    fn new(offset: usize) -> Self {
        Self {
            offset,
            containers: vec![Container { kind: ContainerKind::Root, blocks: vec![], start: offset, tag: None }],
            flattened: 0,
            block_flattened: false,
            block_flattened_warnings: 0,
            leaf: None,
            frames: vec![],
            html_frames: HashMap::new(),
            inline_flattened: false,
            url_too_long: false,
            code: None,
            skip: None,
            footnote_numbers: HashMap::new(),
            footnote_defs: vec![],
            warnings: vec![],
            warned_tags: HashSet::new(),
            styles: vec![],
            aligned_headings: vec![],
            pre: None,
            row_all_th: true,
            in_comment: false,
            cell_attrs: (1, 1, Align::None),
            cell_pre: 0,
            line_has_text: false,
            heading_tail: None,
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) {
        if let Some((_, text, _)) = &mut self.code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, mut text, start) = self.code.take().unwrap_or_default();
                    if text.ends_with('\n') {
                        text.pop();
                    }
                    self.push_block(BlockKind::Code { lang, text }, start..span.end);
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag, span),
            Event::Text(t) => self.text(&t, span),
            Event::Code(t) => {
                if self.skip.is_none() {
                    self.ensure_leaf(span.start);
                    self.push_inline(Inline::Code(t.to_string(), span));
                }
            }
            Event::SoftBreak => {
                if self.skip.is_none() && self.leaf.is_some() {
                    self.push_inline(Inline::SoftBreak);
                }
            }
            Event::HardBreak => {
                if self.skip.is_none() {
                    self.ensure_leaf(span.start);
                    self.push_inline(Inline::Break);
                }
            }
            Event::Rule => {
                self.close_leaf(span.start);
                self.push_block(BlockKind::Rule, span);
            }
            Event::Html(h) => self.html(&h, span, true),
            Event::InlineHtml(h) => self.html(&h, span, false),
            Event::FootnoteReference(label) => {
                let label = label.to_string();
                let number = self.footnote_number(&label);
                self.ensure_leaf(span.start);
                self.push_inline(Inline::FootnoteRef { label, number, span });
            }
            Event::TaskListMarker(checked) => {
                if let Some(Container { kind: ContainerKind::Item { task, .. }, .. }) = self.containers.last_mut() {
                    *task = Some(checked);
                }
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, span),
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        match tag {
            Tag::Paragraph => {
                self.close_leaf(span.start);
                // pulldown-cmark wraps item text in paragraphs only in loose lists.
                if let Some(Container { kind: ContainerKind::Item { loose, .. }, .. }) = self.containers.last_mut() {
                    *loose = true;
                }
                self.leaf = Some((LeafKind::Para, span.start));
            }
            Tag::Heading { level, id, .. } => {
                self.close_leaf(span.start);
                let id = id.map(|i| i.to_string());
                self.leaf = Some((LeafKind::Heading { level: level as u8, id }, span.start));
            }
            Tag::BlockQuote(_) => self.push_markdown_container(ContainerKind::Quote, span),
            Tag::CodeBlock(kind) => {
                self.close_leaf(span.start);
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new(), span.start));
            }
            Tag::HtmlBlock => {}
            Tag::List(start) => {
                self.push_markdown_container(ContainerKind::List { start, items: vec![] }, span);
            }
            Tag::Item => self.push_markdown_container(ContainerKind::Item { task: None, loose: false }, span),
            Tag::FootnoteDefinition(label) => {
                self.push_markdown_container(ContainerKind::Footnote { label: label.to_string() }, span);
            }
            Tag::Table(aligns) => {
                let aligns = aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::None => Align::None,
                        Alignment::Left => Align::Left,
                        Alignment::Center => Align::Center,
                        Alignment::Right => Align::Right,
                    })
                    .collect();
                let kind = ContainerKind::Table { aligns, head: vec![], rows: vec![], row: vec![] };
                self.push_markdown_container(kind, span);
            }
            Tag::TableHead | Tag::TableRow => {
                self.close_leaf(span.start);
                if let Some(ContainerKind::Table { row, .. }) = self.table_mut() {
                    row.clear();
                }
            }
            Tag::TableCell => {
                self.close_leaf(span.start);
                self.leaf = Some((LeafKind::Cell, span.start));
            }
            Tag::Emphasis => self.push_frame(FrameKind::Emph, None, span.start),
            Tag::Strong => self.push_frame(FrameKind::Strong, None, span.start),
            Tag::Strikethrough => self.push_frame(FrameKind::Strike, None, span.start),
            Tag::Superscript => self.push_frame(FrameKind::Sup, None, span.start),
            Tag::Subscript => self.push_frame(FrameKind::Sub, None, span.start),
            Tag::Link { link_type, dest_url, .. } => {
                let url = if link_type == pulldown_cmark::LinkType::Email && !dest_url.starts_with("mailto:") {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                self.push_frame(FrameKind::Link(url, None), None, span.start);
            }
            Tag::Image { dest_url, .. } => {
                self.push_frame(FrameKind::Image(dest_url.to_string()), None, span.start);
            }
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition | Tag::MetadataBlock(_) => {}
        }
    }

    fn end(&mut self, tag: TagEnd, span: Span) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                if let Some((text, at)) = self.heading_tail.take() {
                    self.push_inline(Inline::Text(text, at));
                }
                self.close_leaf(span.end);
            }
            TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition | TagEnd::Table => {
                self.pop_container(span.end)
            }
            TagEnd::HtmlBlock => {
                // An HTML block ends at a blank line; Markdown after it starts afresh.
                self.close_leaf(span.end);
            }
            TagEnd::TableCell => {
                let start = self.leaf.as_ref().map_or(span.start, |l| l.1);
                let content = self.take_leaf_inlines(span.end);
                self.push_cell(Cell { content, colspan: 1, rowspan: 1, align: Align::None }, start..span.end);
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                self.close_leaf(span.end);
                let is_head = tag == TagEnd::TableHead;
                if let Some(ContainerKind::Table { head, rows, row, .. }) = self.table_mut() {
                    let r = std::mem::take(row);
                    if is_head {
                        *head = r;
                    } else {
                        rows.push(r);
                    }
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image => self.pop_markdown_frame(span.end),
            TagEnd::CodeBlock
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    fn text(&mut self, text: &str, span: Span) {
        if self.skip.is_some() {
            return;
        }
        self.ensure_leaf(span.start);
        if self.frames.last().is_some_and(|f| f.literal) {
            self.push_inline(Inline::Text(text.to_string(), span));
        } else {
            let (inlines, too_long) = autolink(text, span.clone());
            for inline in inlines {
                self.push_inline(inline);
            }
            if too_long {
                self.warn_long_url(span.start);
            }
        }
    }

    /// Handles a fragment of raw HTML, inline or block.
    fn html(&mut self, html: &str, span: Span, block: bool) {
        // A comment may span several HTML events (one per line of an HTML block).
        let (html, span) = if self.in_comment {
            match html.find("-->") {
                Some(e) => {
                    self.in_comment = false;
                    let cut = e + 3;
                    let start = (span.start + cut).min(span.end);
                    (&html[cut..], start..span.end)
                }
                None => return,
            }
        } else {
            (html, span)
        };
        if let Some(open) = html.rfind("<!--") {
            if !html[open + 4..].contains("-->") {
                self.in_comment = true;
            }
        }
        // Offsets inside the fragment map to the source when the fragment is verbatim.
        let verbatim = span.end - span.start == html.len();
        for token in tokenize(html) {
            let at = |o: usize| if verbatim { span.start + o..span.start + o + 1 } else { span.clone() };
            match token {
                Token::Text(t, o) => {
                    if let Some((text, _)) = &mut self.pre {
                        text.push_str(&t);
                        continue;
                    }
                    if self.skip.as_deref() == Some("style") {
                        match self.styles.last_mut() {
                            Some((css, _)) => css.push_str(&t),
                            None => self.styles.push((t, at(o))),
                        }
                        continue;
                    }
                    if self.skip.is_some() {
                        continue;
                    }
                    if block && self.leaf.is_none() && t.trim().is_empty() {
                        continue;
                    }
                    self.ensure_leaf(at(o).start);
                    let end = if verbatim { span.start + o + t.len().min(html.len() - o) } else { span.end };
                    if self.cell_pre > 0 && matches!(self.leaf, Some((LeafKind::Cell, _))) {
                        // A `<pre>` in a cell: its newlines break the cell's lines.
                        self.push_cell_pre_text(&t, at(o).start..end);
                        continue;
                    }
                    self.push_inline(Inline::Text(t, at(o).start..end));
                }
                Token::Open { name, attrs, self_closing, offset } => {
                    if self.skip.is_some() {
                        continue;
                    }
                    self.open_tag(&name, &attrs, self_closing, at(offset));
                }
                Token::Close { name, offset } => {
                    if let Some(skip) = &self.skip {
                        if *skip == name {
                            self.skip = None;
                        }
                        continue;
                    }
                    self.close_tag(&name, at(offset));
                }
            }
        }
    }

    fn open_tag(&mut self, name: &str, attrs: &[(String, String)], self_closing: bool, span: Span) {
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let align = match attr("align").map(str::to_ascii_lowercase).as_deref() {
            Some("center") => Align::Center,
            Some("right") => Align::Right,
            Some("left") => Align::Left,
            _ => Align::None,
        };
        if self.pre.is_some() {
            return;
        }
        if matches!(self.leaf, Some((LeafKind::Cell, _))) && is_block_tag(name) && !matches!(name, "td" | "th" | "tr" | "table") {
            // Block elements inside a table cell become lines of the cell: a block
            // starts a new line unless the cell's text is at the start of one (white
            // space, such as the newline before a `<div>`, is no text).
            self.ensure_leaf(span.start);
            if !self.at_line_start() {
                self.push_inline(Inline::Break);
            }
            if name == "pre" && !self_closing {
                self.cell_pre += 1;
            }
            if name == "li" {
                self.push_inline(Inline::Text("• ".into(), span));
            }
            return;
        }
        // An `id` on an inline element, or the `name` of an `<a>`, is a link target
        // where it stands; block elements carry theirs on the block.
        let target = attr("id").or_else(|| if name == "a" { attr("name") } else { None });
        let target = target.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        if let Some(t) = &target {
            if !is_block_tag(name) && !is_hidden_tag(name) {
                self.ensure_leaf(span.start);
                self.push_inline(Inline::Anchor { name: t.clone(), span: span.clone() });
            }
        }
        self.open_tag_inner(name, attrs, self_closing, span.clone(), align);
        if let Some(t) = target {
            if matches!(name, "li" | "blockquote" | "td" | "th" | "dt" | "summary") && !self_closing {
                self.ensure_leaf(span.start);
                self.push_inline(Inline::Anchor { name: t, span });
            }
        }
    }

    fn open_tag_inner(&mut self, name: &str, attrs: &[(String, String)], self_closing: bool, span: Span, align: Align) {
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let html = Some(name.to_string());
        if let Some(kind) = formatting_frame(name) {
            // A formatting element with a class, id or style stays an element, so
            // that CSS can select and restyle it (style applies its own look).
            let styled = !self_closing && attrs.iter().any(|(k, _)| matches!(k.as_str(), "class" | "id" | "style"));
            let kind = if styled { FrameKind::Span(Element::from_attrs(name, attrs)) } else { kind };
            return self.push_frame(kind, html, span.start);
        }
        match name {
            "ul" | "ol" if !self_closing => {
                self.close_leaf(span.start);
                let start = (name == "ol").then(|| attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1));
                self.push_html_container(ContainerKind::List { start, items: vec![] }, name, span);
            }
            "li" if !self_closing => {
                self.close_leaf(span.start);
                if self.top_tag() == Some("li") {
                    self.pop_one(span.start);
                }
                if !matches!(self.containers.last(), Some(Container { kind: ContainerKind::List { .. }, .. })) {
                    self.push_html_container(ContainerKind::List { start: None, items: vec![] }, "ul", span.clone());
                }
                self.push_html_container(ContainerKind::Item { task: None, loose: false }, "li", span);
            }
            "blockquote" if !self_closing => {
                self.close_leaf(span.start);
                self.push_html_container(ContainerKind::Quote, name, span);
            }
            "table" if !self_closing => {
                self.close_leaf(span.start);
                let kind = ContainerKind::Table { aligns: vec![], head: vec![], rows: vec![], row: vec![] };
                self.push_html_container(kind, name, span);
                self.row_all_th = true;
            }
            "tr" if self.top_tag() == Some("table") => {
                self.close_leaf(span.start);
                self.commit_html_row();
            }
            "td" | "th" if self.top_tag() == Some("table") => {
                self.close_leaf(span.start);
                self.row_all_th &= name == "th";
                let colspan = attr("colspan").and_then(|c| c.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                // `rowspan="0"` spans to the end of the table; layout clamps it to the rows there are.
                let rowspan = match attr("rowspan").and_then(|c| c.trim().parse::<usize>().ok()) {
                    Some(0) => ROWSPAN_TO_END,
                    r => r.unwrap_or(1).clamp(1, ROWSPAN_TO_END),
                };
                self.cell_attrs = (colspan, rowspan, align);
                self.leaf = Some((LeafKind::Cell, span.start));
                if name == "th" {
                    self.push_frame(FrameKind::Strong, html, span.start);
                }
            }
            "dd" if !self_closing => {
                self.close_leaf(span.start);
                let el = Element::from_attrs(name, attrs);
                self.push_html_container(ContainerKind::Div { align, el }, name, span);
            }
            "dt" => {
                self.close_leaf(span.start);
                self.ensure_leaf(span.start);
                self.push_frame(FrameKind::Strong, html, span.start);
            }
            "pre" if !self_closing => {
                self.close_leaf(span.start);
                self.pre = Some((String::new(), span.start));
            }
            "br" => {
                self.ensure_leaf(span.start);
                self.push_inline(Inline::Break);
            }
            "hr" => {
                self.close_leaf(span.start);
                self.push_block(BlockKind::Rule, span);
            }
            "img" => {
                self.ensure_leaf(span.start);
                let url = attr("src").unwrap_or_default().to_string();
                let alt = attr("alt").unwrap_or_default().to_string();
                let attrs =
                    attrs.iter().filter(|(n, _)| matches!(n.as_str(), "width" | "height" | "style" | "class" | "id")).cloned().collect();
                self.push_inline(Inline::Image(Box::new(ImageRef { url, alt, attrs, span })));
            }
            "progress" | "meter" => {
                // A bar; the text inside, if any, follows it (see `Inline::Gauge`).
                let gauge = Box::new(super::gauge::gauge(name, attrs, span.clone()));
                if self_closing {
                    self.ensure_leaf(span.start);
                    self.push_inline(Inline::Gauge { gauge, content: vec![] });
                } else {
                    self.push_frame(FrameKind::Gauge(gauge), html, span.start);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_leaf(span.start);
                let level = name.as_bytes()[1] - b'0';
                let id = attr("id").map(str::to_string);
                if align != Align::None {
                    // An aligned heading: a wrapper carries the alignment.
                    let el = Element { tag: "div".into(), ..Element::default() };
                    self.push_html_container(ContainerKind::Div { align, el }, "h", span.clone());
                    self.aligned_headings.push(self.containers.len());
                }
                self.leaf = Some((LeafKind::Heading { level, id }, span.start));
            }
            "div" | "center" | "details" | "section" | "article" | "header" | "footer" | "main" | "nav" | "aside" | "figure" => {
                self.close_leaf(span.start);
                if self_closing {
                    return;
                }
                let align = if name == "center" { Align::Center } else { align };
                let el = Element::from_attrs(name, attrs);
                self.push_html_container(ContainerKind::Div { align, el }, name, span);
            }
            "p" if !self_closing => {
                self.close_leaf(span.start);
                let el = Element::from_attrs(name, attrs);
                self.push_html_container(ContainerKind::Div { align, el }, name, span);
            }
            "p" | "dd" | "li" | "tr" | "ul" | "ol" | "dl" | "table" | "thead" | "tbody" | "tfoot" | "blockquote" | "pre" | "figcaption"
            | "caption" => {
                self.close_leaf(span.start);
            }
            "td" | "th" => {
                // Cells of an HTML table: keep their text apart, in order.
                if self.leaf.is_some() {
                    self.push_inline(Inline::Text(" ".into(), span));
                }
            }
            "summary" => {
                self.close_leaf(span.start);
                self.ensure_leaf(span.start);
                self.push_frame(FrameKind::Strong, html, span.start);
            }
            "a" => match attr("href") {
                Some(href) if !self_closing => {
                    let styled = attrs.iter().any(|(k, _)| matches!(k.as_str(), "class" | "style"));
                    let el = styled.then(|| Element::from_attrs(name, attrs));
                    self.push_frame(FrameKind::Link(href.to_string(), el), html, span.start);
                }
                _ if !self_closing => self.push_frame(FrameKind::Plain, html, span.start),
                _ => {}
            },
            "style" | "script" | "head" | "title" | "noscript" | "template" | "iframe" | "object" | "textarea" | "select" => {
                if !self_closing {
                    self.skip = Some(name.to_string());
                    if name == "style" {
                        self.styles.push((String::new(), span.clone()));
                    }
                }
                if matches!(name, "script" | "iframe" | "object") {
                    self.warn_tag(name, span, "is never loaded or run");
                }
            }
            "span" | "font" | "mark" | "abbr" | "label" | "time" | "q" | "bdi" | "bdo" => {
                if !self_closing {
                    let el = Element::from_attrs(name, attrs);
                    self.push_frame(FrameKind::Span(el), html, span.start);
                }
            }
            "link" | "meta" | "base" | "embed" | "wbr" | "input" | "source" | "picture" | "html" | "body" => {
                if matches!(name, "embed" | "link") {
                    self.warn_tag(name, span, "is never loaded or run");
                }
            }
            _ => {
                self.warn_tag(name, span.clone(), "is not supported; its content is kept");
                if !self_closing {
                    self.push_frame(FrameKind::Plain, html, span.start);
                }
            }
        }
    }

    fn close_tag(&mut self, name: &str, span: Span) {
        if name == "pre" {
            if let Some((text, start)) = self.pre.take() {
                let text = text.trim_start_matches(['\r', '\n']).trim_end().to_string();
                self.push_block(BlockKind::Code { lang: None, text }, start..span.end);
                return;
            }
            if self.cell_pre == 0 {
                return;
            }
            self.cell_pre -= 1;
        }
        if self.pre.is_some() {
            return;
        }
        if matches!(self.leaf, Some((LeafKind::Cell, _))) && is_block_tag(name) && !matches!(name, "td" | "th" | "tr" | "table") {
            // What follows a block inside a cell starts a new line. (A break left at
            // the end of the cell ends its last line and adds none.)
            if !self.at_line_start() {
                self.push_inline(Inline::Break);
            }
            return;
        }
        match name {
            "ul" | "ol" | "li" | "blockquote" | "dd" => {
                self.close_leaf(span.end);
                self.close_html(name, span.end);
                return;
            }
            "td" | "th" => {
                self.close_leaf(span.end);
                return;
            }
            "tr" => {
                self.close_leaf(span.end);
                self.commit_html_row();
                return;
            }
            "table" => {
                self.close_leaf(span.end);
                self.commit_html_row();
                self.close_html(name, span.end);
                return;
            }
            _ => {}
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_leaf(span.end);
                if self.aligned_headings.last() == Some(&self.containers.len()) {
                    self.aligned_headings.pop();
                    self.close_html("h", span.end);
                }
            }
            "li" | "dt" | "dd" | "tr" | "ul" | "ol" | "dl" | "table" | "blockquote" | "pre" | "summary" | "figcaption" => {
                self.close_leaf(span.end);
            }
            "p" | "div" | "center" | "details" | "section" | "article" | "header" | "footer" | "main" | "nav" | "aside" | "figure" => {
                self.close_leaf(span.end);
                self.close_html(name, span.end);
            }
            _ => {
                // Close the innermost inline frame opened by this tag, and any above it.
                if let Some(&pos) = self.html_frames.get(name).and_then(|v| v.last()) {
                    while self.frames.len() > pos {
                        self.pop_frame();
                    }
                }
            }
        }
    }

    /// Warns, once, that a link target is too long to keep.
    fn warn_long_url(&mut self, at: usize) {
        if !std::mem::replace(&mut self.url_too_long, true) {
            let message = format!("a link target longer than {MAX_URL_BYTES} bytes is not kept; its text stays, without the link");
            self.warnings.push(Diagnostic::warning(at..at + 1, message));
        }
    }

    /// Warns once per element name, for the first `MAX_TAG_WARNINGS` names; then
    /// once that there are more.
    fn warn_tag(&mut self, name: &str, span: Span, what: &str) {
        if self.warned_tags.contains(name) || self.warned_tags.len() > MAX_TAG_WARNINGS {
            return;
        }
        self.warned_tags.insert(name.to_string());
        if self.warned_tags.len() > MAX_TAG_WARNINGS {
            let message = format!("more HTML elements are not supported or never loaded; only the first {MAX_TAG_WARNINGS} are named");
            self.warnings.push(Diagnostic::warning(span, message));
        } else {
            self.warnings.push(Diagnostic::warning(span, format!("HTML element `<{name}>` {what}")));
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self.footnote_numbers.entry(label.to_string()).or_insert(next)
    }

    fn table_mut(&mut self) -> Option<&mut ContainerKind> {
        self.containers.iter_mut().rev().map(|c| &mut c.kind).find(|k| matches!(k, ContainerKind::Table { .. }))
    }

    fn push_html_container(&mut self, kind: ContainerKind, tag: &str, span: Span) {
        if self.push_container(kind, span) {
            if let Some(c) = self.containers.last_mut() {
                c.tag = Some(tag.to_string());
            }
        }
    }

    /// Opens a container for a Markdown start event; one not opened (too deep) is
    /// counted, so that its end event is skipped too. (HTML containers are closed by
    /// name, and one never opened is never found.)
    fn push_markdown_container(&mut self, kind: ContainerKind, span: Span) {
        if !self.push_container(kind, span) {
            self.flattened += 1;
        }
    }

    /// The HTML tag of the innermost container, if it came from HTML.
    fn top_tag(&self) -> Option<&str> {
        self.containers.last().and_then(|c| c.tag.as_deref())
    }

    /// Closes the innermost HTML container opened by `tag`, and the HTML containers
    /// left open inside it. A Markdown container in between stops the search: HTML
    /// cannot close what Markdown opened.
    fn close_html(&mut self, tag: &str, end: usize) {
        let found = self.containers.iter().rev().take_while(|c| c.tag.is_some()).position(|c| c.tag.as_deref() == Some(tag));
        if let Some(n) = found {
            for _ in 0..=n {
                self.pop_one(end);
            }
        }
    }

    /// Ends the current row of an HTML table: a first row of `th` cells is the header.
    fn commit_html_row(&mut self) {
        let all_th = std::mem::replace(&mut self.row_all_th, true);
        if let Some(ContainerKind::Table { head, rows, row, .. }) = self.table_mut() {
            if row.is_empty() {
                return;
            }
            let r = std::mem::take(row);
            if all_th && head.is_empty() && rows.is_empty() {
                *head = r;
            } else {
                rows.push(r);
            }
        }
    }

    /// Opens a container, unless containers are already `MAX_DEPTH` deep: then its
    /// content goes to the innermost open container, and this returns false. A list
    /// at the limit still gets its items (one level more), so that the content of
    /// deeper lists is kept in them.
    fn push_container(&mut self, kind: ContainerKind, span: Span) -> bool {
        self.close_leaf(span.start);
        let item_of_list = matches!(kind, ContainerKind::Item { .. })
            && matches!(self.containers.last(), Some(Container { kind: ContainerKind::List { .. }, .. }));
        if self.containers.len() >= MAX_DEPTH && !item_of_list {
            // Once per deep region (a warning names each), up to `MAX_TAG_WARNINGS`.
            if !std::mem::replace(&mut self.block_flattened, true) && self.block_flattened_warnings < MAX_TAG_WARNINGS {
                self.block_flattened_warnings += 1;
                self.warnings.push(Diagnostic::warning(span.clone(), format!("nesting deeper than {MAX_DEPTH} levels is flattened")));
            }
            return false;
        }
        self.containers.push(Container { kind, blocks: vec![], start: span.start, tag: None });
        true
    }

    fn pop_container(&mut self, end: usize) {
        self.close_leaf(end);
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        // Close HTML containers left open inside this Markdown container first.
        while self.containers.last().is_some_and(|c| c.tag.is_some()) && self.containers.len() > 1 {
            self.pop_one(end);
        }
        if self.containers.len() > 1 {
            self.pop_one(end);
        }
    }

    fn pop_one(&mut self, end: usize) {
        let Some(c) = self.containers.pop() else { return };
        if self.containers.len() < MAX_DEPTH {
            self.block_flattened = false;
        }
        let span = c.start..end;
        match c.kind {
            ContainerKind::Root => self.containers.push(c),
            ContainerKind::Quote => self.push_block(BlockKind::Quote(c.blocks), span),
            ContainerKind::Div { align, el } => {
                self.push_block(BlockKind::Div { el, align, blocks: c.blocks }, span);
            }
            ContainerKind::List { start, items } => {
                // Content before the first item (text after an HTML `<ul>`) precedes it.
                for b in c.blocks {
                    self.push_block(b.kind, b.span);
                }
                self.push_block(BlockKind::List { start, items }, span);
            }
            ContainerKind::Item { task, loose } => {
                let item = ListItem { task, loose, blocks: c.blocks, span: span.clone() };
                match self.containers.last_mut() {
                    Some(Container { kind: ContainerKind::List { items, .. }, .. }) => {
                        items.push(item);
                    }
                    _ => {
                        let kind = BlockKind::List { start: None, items: vec![item] };
                        self.push_block(kind, span);
                    }
                }
            }
            ContainerKind::Footnote { label } => self.footnote_defs.push((label, c.blocks)),
            ContainerKind::Table { mut aligns, mut head, rows, row } => {
                let mut rows = rows;
                if !row.is_empty() {
                    rows.push(row);
                }
                let widest = rows.iter().map(Vec::len).chain([head.len(), aligns.len()]).max().unwrap_or(0);
                if widest > MAX_TABLE_COLUMNS {
                    self.warnings.push(Diagnostic::warning(
                        span.clone(),
                        format!("a table with {widest} columns keeps only the first {MAX_TABLE_COLUMNS}"),
                    ));
                    aligns.truncate(MAX_TABLE_COLUMNS);
                    head.truncate(MAX_TABLE_COLUMNS);
                    for r in &mut rows {
                        r.truncate(MAX_TABLE_COLUMNS);
                    }
                }
                self.push_block(BlockKind::Table { aligns, head, rows }, span);
                // Blocks that ended up inside the table (stray Markdown) follow it.
                for b in c.blocks {
                    self.push_block(b.kind, b.span);
                }
            }
        }
    }

    /// Adds a block to the innermost container. In a list, outside any item (text
    /// between HTML `<li>`s), it joins the item before it.
    fn push_block(&mut self, kind: BlockKind, span: Span) {
        if let Some(c) = self.containers.last_mut() {
            match &mut c.kind {
                ContainerKind::List { items, .. } if !items.is_empty() => {
                    if let Some(item) = items.last_mut() {
                        item.span.end = item.span.end.max(span.end);
                        item.blocks.push(Block { kind, span });
                    }
                }
                _ => c.blocks.push(Block { kind, span }),
            }
        }
    }

    fn ensure_leaf(&mut self, at: usize) {
        if self.leaf.is_none() {
            self.leaf = Some((LeafKind::Text, at));
        }
        if self.frames.is_empty() {
            let root = Frame { kind: FrameKind::Root, children: vec![], html: None, start: at, target: 0, depth: 0, literal: false };
            self.frames.push(root);
        }
    }

    /// Opens an inline element. Past `MAX_INLINE_DEPTH` an element that would hold
    /// its content one level deeper is flattened: its content goes to its parent.
    fn push_frame(&mut self, kind: FrameKind, html: Option<String>, at: usize) {
        self.ensure_leaf(at);
        let Some(parent) = self.frames.last() else { return };
        let literal = parent.literal
            || match &kind {
                FrameKind::Link(..) | FrameKind::Image(_) | FrameKind::Code => true,
                FrameKind::Span(el) => is_code_tag(&el.tag),
                _ => false,
            };
        // Images and code become one inline without children (their content is
        // read as text), so they stay; they still count, to bound what is inside.
        let leaf = matches!(kind, FrameKind::Image(_) | FrameKind::Code);
        let (parent_depth, parent_target) = (parent.depth, parent.target);
        let kind = match kind {
            FrameKind::Link(url, el) if url.len() > MAX_URL_BYTES => {
                self.warn_long_url(at);
                el.map_or(FrameKind::Plain, FrameKind::Span)
            }
            kind => kind,
        };
        let kind = if parent_depth >= MAX_INLINE_DEPTH && !leaf && kind != FrameKind::Plain {
            if !std::mem::replace(&mut self.inline_flattened, true) {
                self.warnings.push(Diagnostic::warning(
                    at..at + 1,
                    format!("inline elements nested deeper than {MAX_INLINE_DEPTH} levels are flattened (their text is kept)"),
                ));
            }
            if let FrameKind::Gauge(gauge) = kind {
                // The bar stays; the text inside it follows it.
                self.push_inline(Inline::Gauge { gauge, content: vec![] });
            }
            FrameKind::Plain
        } else {
            kind
        };
        let index = self.frames.len();
        let (target, depth) = if kind == FrameKind::Plain { (parent_target, parent_depth) } else { (index, parent_depth + 1) };
        if let Some(name) = &html {
            self.html_frames.entry(name.clone()).or_default().push(index);
        }
        self.frames.push(Frame { kind, children: vec![], html, start: at, target, depth, literal });
    }

    /// Adds an inline to the innermost frame that takes children. Plain text right
    /// after plain text joins it (its span grows to cover both), as a browser joins
    /// adjacent text: pulldown-cmark splits text at every `[`, entity and escape, and
    /// millions of one-character nodes would each become a run shaped on its own.
    fn push_inline(&mut self, inline: Inline) {
        let target = self.frames.last().map_or(0, |f| f.target);
        let Some(f) = self.frames.get_mut(target) else { return };
        self.line_has_text = match &inline {
            Inline::Break => false,
            Inline::Anchor { .. } | Inline::SoftBreak => self.line_has_text,
            // An element's content counted as it came; its direct children are read
            // again here only for content pushed whole (an autolink).
            i => match i.children() {
                Some(c) => self.line_has_text || c.iter().any(|i| !is_blank(i) && !matches!(i, Inline::Anchor { .. })),
                None => self.line_has_text || !is_blank(i),
            },
        };
        if let (Inline::Text(text, span), Some(Inline::Text(prev, prev_span))) = (&inline, f.children.last_mut()) {
            prev.push_str(text);
            prev_span.start = prev_span.start.min(span.start);
            prev_span.end = prev_span.end.max(span.end);
            return;
        }
        f.children.push(inline);
    }

    /// Adds the text of a `<pre>` inside a table cell: each newline ends a line (the
    /// newline right after `<pre>` is dropped, as HTML does). Its spaces collapse.
    fn push_cell_pre_text(&mut self, text: &str, span: Span) {
        if text.contains("  ") || text.contains('\t') || text.trim_matches('\n').contains("\n\n") {
            self.warn_tag(
                "pre",
                span.clone(),
                "inside a table cell keeps its line breaks, but its runs of spaces and blank lines collapse",
            );
        }
        for (i, line) in text.split('\n').enumerate() {
            // (Blank lines inside it are dropped: an approximation.)
            if i > 0 && !self.at_line_start() {
                self.push_inline(Inline::Break);
            }
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.is_empty() {
                self.push_inline(Inline::Text(line.to_string(), span.clone()));
            }
        }
    }

    /// Whether the open leaf has no text since its start or its last line break:
    /// only white space, anchors or nothing.
    fn at_line_start(&self) -> bool {
        !self.line_has_text
    }

    /// Drops the open inline elements (outside any leaf).
    fn clear_frames(&mut self) {
        self.frames.clear();
        self.html_frames.clear();
        self.line_has_text = false;
    }

    /// Pops the innermost Markdown frame, closing HTML frames opened inside it.
    fn pop_markdown_frame(&mut self, _end: usize) {
        while let Some(f) = self.frames.last() {
            if f.kind == FrameKind::Root {
                return;
            }
            let html = f.html.is_some();
            self.pop_frame();
            if !html {
                return;
            }
        }
    }

    fn pop_frame(&mut self) {
        if self.frames.len() < 2 {
            return;
        }
        let Some(f) = self.frames.pop() else { return };
        if let Some(name) = &f.html {
            if let Some(open) = self.html_frames.get_mut(name) {
                open.pop();
            }
        }
        let c = f.children;
        let inline = match f.kind {
            FrameKind::Root => return,
            FrameKind::Emph => Inline::Emph(c),
            FrameKind::Strong => Inline::Strong(c),
            FrameKind::Strike => Inline::Strike(c),
            FrameKind::Underline => Inline::Underline(c),
            FrameKind::Sup => Inline::Sup(c),
            FrameKind::Sub => Inline::Sub(c),
            FrameKind::Small => Inline::Small(c),
            // The link's own element goes inside it, where the cascade finds it.
            FrameKind::Link(url, Some(el)) => Inline::Link { url, content: vec![Inline::Span { el: Box::new(el), content: c }] },
            FrameKind::Link(url, None) => Inline::Link { url, content: c },
            FrameKind::Image(url) => {
                let alt = plain_text(&c);
                Inline::Image(Box::new(ImageRef { url, alt, attrs: vec![], span: f.start..f.start + 1 }))
            }
            FrameKind::Code => {
                let text = plain_text(&c);
                Inline::Code(text, f.start..f.start + 1)
            }
            FrameKind::Span(el) => Inline::Span { el: Box::new(el), content: c },
            FrameKind::Gauge(gauge) => Inline::Gauge { gauge, content: c },
            // Its content went to its target as it came.
            FrameKind::Plain => return,
        };
        self.push_inline(inline);
    }

    fn take_leaf_inlines(&mut self, _end: usize) -> Vec<Inline> {
        while self.frames.len() > 1 {
            self.pop_frame();
        }
        self.leaf = None;
        let root = self.frames.pop().map(|f| f.children).unwrap_or_default();
        self.clear_frames();
        root
    }

    fn close_leaf(&mut self, end: usize) {
        let Some((kind, start)) = self.leaf.clone() else {
            self.clear_frames();
            return;
        };
        let content = self.take_leaf_inlines(end);
        let span = start..end.max(start);
        match kind {
            LeafKind::Para => {
                if content.iter().any(|i| !is_blank(i)) {
                    self.push_block(BlockKind::Paragraph(content), span);
                }
            }
            LeafKind::Text => {
                if content.iter().any(|i| !is_blank(i)) {
                    self.push_block(BlockKind::Text(content), span);
                }
            }
            LeafKind::Heading { level, id } => {
                self.push_block(BlockKind::Heading { level, content, id }, span);
            }
            LeafKind::Cell => {
                self.cell_pre = 0;
                let (colspan, rowspan, align) = std::mem::replace(&mut self.cell_attrs, (1, 1, Align::None));
                self.push_cell(Cell { content, colspan, rowspan, align }, span);
            }
        }
    }

    /// Adds a cell to the current row; outside any table (one flattened away by
    /// `MAX_DEPTH`) its content is kept as text.
    fn push_cell(&mut self, cell: Cell, span: Span) {
        if let Some(ContainerKind::Table { row, .. }) = self.table_mut() {
            row.push(cell);
        } else if cell.content.iter().any(|i| !is_blank(i)) {
            self.push_block(BlockKind::Text(cell.content), span);
        }
    }

    fn finish(mut self) -> (Document, Vec<Diagnostic>) {
        let end = self.containers.first().map_or(self.offset, |c| c.start);
        self.close_leaf(end);
        self.flattened = 0;
        while self.containers.len() > 1 {
            self.pop_one(end);
        }
        let blocks = self.containers.pop().map(|c| c.blocks).unwrap_or_default();
        let mut footnotes = Vec::new();
        for (label, blocks) in std::mem::take(&mut self.footnote_defs) {
            let number = self.footnote_number(&label);
            footnotes.push(Footnote { label, number, blocks });
        }
        footnotes.sort_by_key(|f| f.number);
        let styles = std::mem::take(&mut self.styles);
        (Document { blocks, footnotes, styles }, self.warnings)
    }
}

/// Elements whose content is never shown.
fn is_hidden_tag(name: &str) -> bool {
    matches!(
        name,
        "style"
            | "script"
            | "head"
            | "title"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "textarea"
            | "select"
            | "link"
            | "meta"
            | "base"
            | "html"
            | "body"
    )
}

/// Elements that start a block in HTML.
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "aside"
            | "figure"
            | "figcaption"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
    )
}

fn is_blank(i: &Inline) -> bool {
    match i {
        Inline::Text(t, _) => t.trim().is_empty(),
        Inline::SoftBreak | Inline::Break => true,
        _ => false,
    }
}

/// The text of inlines without formatting (alt text, code from HTML).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for i in inlines {
        if let Some(c) = i.children() {
            s.push_str(&plain_text(c));
            continue;
        }
        match i {
            Inline::Text(t, _) | Inline::Code(t, _) => s.push_str(t),
            Inline::Image(img) => s.push_str(&img.alt),
            Inline::Break | Inline::SoftBreak => s.push(' '),
            Inline::FootnoteRef { number, .. } => s.push_str(&number.to_string()),
            _ => {}
        }
    }
    s
}

/// Splits text into plain text and links for bare URLs and e-mail addresses, as GitHub
/// and md-to-pdf do (`https://…`, `www.…`, `name@host.tld`). One longer than
/// `MAX_URL_BYTES` stays text; the flag says whether there was one.
fn autolink(text: &str, span: Span) -> (Vec<Inline>, bool) {
    let mut too_long = false;
    let verbatim = span.end - span.start == text.len();
    let sub = |a: usize, b: usize| if verbatim { span.start + a..span.start + b } else { span.clone() };
    let mut out = Vec::new();
    let mut last = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let at_word_start = i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric());
        let found = if at_word_start && (rest.starts_with("https://") || rest.starts_with("http://")) {
            Some((i, url_end(text, i), ""))
        } else if at_word_start && rest.starts_with("www.") {
            Some((i, url_end(text, i), "http://"))
        } else if rest.starts_with('@') && i > 0 {
            email_bounds(text, i).map(|(s, e)| (s, e, "mailto:"))
        } else {
            None
        };
        match found {
            Some((s, e, _)) if e.saturating_sub(s) > MAX_URL_BYTES => {
                too_long = true;
                i = e;
            }
            Some((s, e, prefix)) if e > s + 4 && s >= last => {
                if s > last {
                    out.push(Inline::Text(text[last..s].to_string(), sub(last, s)));
                }
                let url = format!("{prefix}{}", &text[s..e]);
                out.push(Inline::Link { url, content: vec![Inline::Text(text[s..e].to_string(), sub(s, e))] });
                last = e;
                i = e;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    if last < text.len() {
        out.push(Inline::Text(text[last..].to_string(), sub(last, text.len())));
    }
    (out, too_long)
}

fn url_end(text: &str, start: usize) -> usize {
    let mut end = text[start..].find(|c: char| c.is_whitespace() || c == '<' || c == '"').map_or(text.len(), |e| start + e);
    // Parentheses are counted once and kept up to date as the end moves back: a
    // count per character dropped is quadratic on `)` repeated.
    let url = &text[start..end];
    let (opening, mut closing) = (url.matches('(').count(), url.matches(')').count());
    while let Some(last) = text[start..end].chars().next_back() {
        let unbalanced_paren = last == ')' && opening < closing;
        if matches!(last, '.' | ',' | ':' | ';' | '!' | '?' | '\'' | '*' | '_' | '~') || unbalanced_paren {
            end -= last.len_utf8();
            closing -= usize::from(last == ')');
        } else {
            break;
        }
    }
    end
}

fn email_bounds(text: &str, at: usize) -> Option<(usize, usize)> {
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+');
    let start = text[..at].char_indices().rev().take_while(|(_, c)| is_local(*c)).last()?.0;
    let is_domain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-');
    let mut end = text[at + 1..].find(|c: char| !is_domain(c)).map_or(text.len(), |e| at + 1 + e);
    while text[..end].ends_with(['.', '-']) {
        end -= 1;
    }
    let domain = &text[at + 1..end];
    let ok = start < at && domain.contains('.') && !domain.starts_with('.');
    ok.then_some((start, end))
}

/// The frame of an HTML formatting element (`strong`, `em`, `code`, …).
fn formatting_frame(tag: &str) -> Option<FrameKind> {
    Some(match tag {
        "b" | "strong" => FrameKind::Strong,
        "i" | "em" | "cite" | "var" | "dfn" => FrameKind::Emph,
        "s" | "strike" | "del" => FrameKind::Strike,
        "u" | "ins" => FrameKind::Underline,
        "sup" => FrameKind::Sup,
        "sub" => FrameKind::Sub,
        "small" => FrameKind::Small,
        _ if is_code_tag(tag) => FrameKind::Code,
        _ => return None,
    })
}

/// Tags whose content is code: shown as written, never autolinked.
fn is_code_tag(tag: &str) -> bool {
    matches!(tag, "code" | "kbd" | "samp" | "tt")
}

#[cfg(test)]
mod tests {
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
}

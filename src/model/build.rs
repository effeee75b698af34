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
        el: Option<Box<crate::model::Element>>,
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
                self.leaf = Some((LeafKind::Heading { level: level as u8, id, el: None }, span.start));
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

mod blocks;
mod html;
mod inlines;

use html::is_code_tag;
pub use inlines::plain_text;
use inlines::{autolink, is_blank};

#[cfg(test)]
mod tests;

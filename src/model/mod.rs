//! The document model: a tree of blocks and inlines built from Markdown and inline
//! HTML, every node with the byte span of the source it came from.

mod build;
mod gauge;
mod html;

pub use self::build::{build, plain_text};
pub use self::html::{decode_entities, tokenize, Token};

use std::ops::Range;

/// A byte range into the Markdown source (front matter included).
pub type Span = Range<usize>;

/// A parsed document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The body, in source order.
    pub blocks: Vec<Block>,
    /// Footnote definitions, numbered in order of first reference.
    pub footnotes: Vec<Footnote>,
    /// The text of `<style>` elements, with the span of each.
    pub styles: Vec<(String, Span)>,
}

/// An HTML element's name and the attributes that styles can select.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    /// Lowercase tag name.
    pub tag: String,
    /// The `id` attribute.
    pub id: Option<String>,
    /// The `class` attribute, split.
    pub classes: Vec<String>,
    /// The `style` attribute.
    pub style: Option<String>,
    /// Where the `style` attribute's value is written in the source (between its
    /// quotes, before entities are decoded), when the fragment it is in is the
    /// source's text as written.
    pub style_at: Option<Span>,
    /// The `dir` attribute (`rtl`, `ltr`, `auto`).
    pub dir: Option<String>,
}

impl Element {
    /// Creates an element from a tag name and its attributes.
    pub fn from_attrs(tag: &str, attrs: &[(String, String)]) -> Self {
        let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        Self {
            tag: tag.to_string(),
            id: get("id").or_else(|| get("name")),
            classes: get("class").map(|c| c.split_whitespace().map(str::to_string).collect()).unwrap_or_default(),
            style: get("style"),
            style_at: None,
            dir: get("dir").map(|d| d.to_ascii_lowercase()),
        }
    }
}

/// A footnote definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    /// The label as written (`[^label]`).
    pub label: String,
    /// Its number, from the order of first reference (1-based).
    pub number: usize,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A block with its source span.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Where it came from.
    pub span: Span,
}

/// Horizontal alignment asked for by the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Not specified.
    #[default]
    None,
    /// Left.
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
}

/// The kinds of block.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// Text outside any paragraph (CSS's anonymous block): a tight list item's
    /// text, or text inside an HTML element. No `p` rules and no paragraph margins.
    Text(Vec<Inline>),
    /// A heading of level 1–6.
    Heading {
        /// 1–6.
        level: u8,
        /// Its text.
        content: Vec<Inline>,
        /// An explicit id (`{#id}` or HTML `id`).
        id: Option<String>,
        /// For an HTML heading (`<h3 class="…" style="…">`): its element, whose
        /// classes and style attribute the cascade reads.
        el: Option<Box<Element>>,
    },
    /// A list.
    List {
        /// The first number of an ordered list; `None` for bullets.
        start: Option<u64>,
        /// Its items.
        items: Vec<ListItem>,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// A code block (fenced or indented, or HTML `pre`).
    Code {
        /// The info string's first word.
        lang: Option<String>,
        /// The literal text.
        text: String,
    },
    /// A thematic break.
    Rule,
    /// A table.
    Table {
        /// Column alignments.
        aligns: Vec<Align>,
        /// Header row cells.
        head: Vec<Cell>,
        /// Body rows.
        rows: Vec<Vec<Cell>>,
    },
    /// A generic container (HTML `div`, `center`, `details`, …).
    Div {
        /// The HTML element.
        el: Element,
        /// Alignment from `align` or `<center>`.
        align: Align,
        /// Its children.
        blocks: Vec<Block>,
    },
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// Its content.
    pub content: Vec<Inline>,
    /// How many columns it spans (HTML `colspan`), at least 1.
    pub colspan: usize,
    /// How many rows it spans (HTML `rowspan`), at least 1; `rowspan="0"` (to the
    /// end of the table) is [`ROWSPAN_TO_END`].
    pub rowspan: usize,
    /// Its own alignment (HTML `align`), over the column's.
    pub align: Align,
}

/// The `rowspan` of a cell that spans to the end of its table (`rowspan="0"`).
pub const ROWSPAN_TO_END: usize = 65_534;

/// A gauge: an HTML `<progress>` or `<meter>`, drawn as a bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Gauge {
    /// The element (`progress` or `meter`), for CSS.
    pub el: Element,
    /// How full it is, 0–1; `None` for a `<progress>` without a value
    /// (indeterminate).
    pub fraction: Option<f32>,
    /// How good a meter's value is; `GaugeLevel::Progress` for a `<progress>`.
    pub level: GaugeLevel,
    /// Where it came from.
    pub span: Span,
}

/// Where a `<meter>`'s value lies against its `low`, `high` and `optimum`, as HTML
/// defines it (browsers colour the bar by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GaugeLevel {
    /// A `<progress>`.
    Progress,
    /// In the optimum region.
    Optimum,
    /// In a region next to the optimum one.
    Suboptimal,
    /// In the region furthest from the optimum one.
    EvenLessGood,
}

/// One list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(checked)` for a task-list item.
    pub task: Option<bool>,
    /// Its paragraphs are separated by blank lines (a loose list, spaced out).
    pub loose: bool,
    /// Its content.
    pub blocks: Vec<Block>,
    /// Where it came from.
    pub span: Span,
}

/// An image in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    /// The source path or URL.
    pub url: String,
    /// The alt text.
    pub alt: String,
    /// `width`, `height` and `style` attributes of an HTML `<img>`.
    pub attrs: Vec<(String, String)>,
    /// Where the `style` attribute's value is written in the source (as
    /// [`Element::style_at`]).
    pub style_at: Option<Span>,
    /// Where it came from.
    pub span: Span,
}

/// An inline node.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String, Span),
    /// A code span.
    Code(String, Span),
    /// Emphasis (italic).
    Emph(Vec<Inline>),
    /// Strong emphasis (bold).
    Strong(Vec<Inline>),
    /// Strikethrough.
    Strike(Vec<Inline>),
    /// Underline (HTML `u`, `ins`).
    Underline(Vec<Inline>),
    /// Superscript.
    Sup(Vec<Inline>),
    /// Subscript.
    Sub(Vec<Inline>),
    /// Smaller text.
    Small(Vec<Inline>),
    /// An HTML inline element that styles may select (`span`, `mark`, …).
    Span {
        /// The element.
        el: Box<Element>,
        /// Its content.
        content: Vec<Inline>,
    },
    /// A link.
    Link {
        /// The target.
        url: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// An image (boxed, as is an element: text nodes, the common case, stay small).
    Image(Box<ImageRef>),
    /// A `<progress>` or `<meter>` bar, and the text written inside it (which
    /// browsers show only when they cannot draw the bar).
    Gauge {
        /// The bar.
        gauge: Box<Gauge>,
        /// The text inside the element.
        content: Vec<Inline>,
    },
    /// A hard line break.
    Break,
    /// A soft line break (a space when rendered).
    SoftBreak,
    /// A named position in the text: an HTML `id` on an inline element, or the
    /// `name` of an `<a>`. Links to `#name` jump here.
    Anchor {
        /// The name, as written.
        name: String,
        /// Where it came from.
        span: Span,
    },
    /// A reference to a footnote.
    FootnoteRef {
        /// The label.
        label: String,
        /// The footnote number.
        number: usize,
        /// Where it came from.
        span: Span,
    },
}

impl Inline {
    /// The inlines inside a formatting element, a span, a link or a gauge; `None`
    /// for a leaf.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Underline(c)
            | Inline::Sup(c)
            | Inline::Sub(c)
            | Inline::Small(c)
            | Inline::Span { content: c, .. }
            | Inline::Gauge { content: c, .. }
            | Inline::Link { content: c, .. } => Some(c),
            _ => None,
        }
    }
}

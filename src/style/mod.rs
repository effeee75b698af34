//! Styles: the document tree with every style resolved to absolute values (points,
//! RGB, a font request), ready for layout. Layout never parses a string.

mod at_rules;
pub mod boxes;
mod cascade;
pub mod css;
mod declarations;
mod load;
mod origins;
mod rules;
mod selector;
mod theme;
mod whitespace;

pub use self::cascade::{cascade, cascade_with_remote, slug, THEMES};
pub use self::theme::Theme;

use crate::font::Family;
use crate::geom::{Rgb, Sides, Size};
use crate::model::Span;

/// The styled document, input of layout.
#[derive(Debug, Clone)]
pub struct StyledDocument {
    /// Page size and margins.
    pub page: PageSetup,
    /// Metadata for the PDF.
    pub meta: DocMeta,
    /// The body blocks, then the footnotes section if any.
    pub blocks: Vec<StyledBlock>,
    /// Headings of this level and above become PDF bookmarks (`outline_depth`, 0–6;
    /// 0 means none).
    pub outline_depth: u8,
    /// The margins and padding of the `html` and `body` elements, in points: the
    /// body's content sits this far inside the page margins (left and right on every
    /// page, top on the first).
    pub body: BodyBox,
    /// Index in `blocks` where the footnotes section (a rule, then a list of the
    /// footnotes) starts, if there is one. Layout puts each footnote at the foot of
    /// the page of its first reference.
    pub footnotes_at: Option<usize>,
}

/// The box of the `html` and `body` elements around the document's content.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BodyBox {
    /// Margins (collapse with the first block's top margin, as CSS margins do).
    pub margin: Sides<f32>,
    /// Padding.
    pub padding: Sides<f32>,
}

impl StyledDocument {
    /// Every character the document draws.
    pub fn chars(&self) -> std::collections::BTreeSet<char> {
        self.chars_for_fonts(|_, _| false)
    }

    /// Every character the document draws that font selection must find a face for:
    /// a list marker's character is left out where `has_face` says the face its
    /// style selects has it (the `◦` of nested lists, from the monospace face).
    pub fn chars_for_fonts(&self, has_face: impl Fn(char, &TextStyle) -> bool) -> std::collections::BTreeSet<char> {
        fn walk(blocks: &[StyledBlock], has_face: &dyn Fn(char, &TextStyle) -> bool, out: &mut std::collections::BTreeSet<char>) {
            let runs = |runs: &[Run], out: &mut std::collections::BTreeSet<char>| {
                for r in runs {
                    out.extend(r.text.chars());
                }
            };
            for b in blocks {
                match &b.kind {
                    StyledKind::Text { runs: r, .. } => runs(r, out),
                    StyledKind::List { items } => {
                        for i in items {
                            if let Marker::Text(t, style) = &i.marker {
                                out.extend(t.chars().filter(|&c| !has_face(c, style)));
                            }
                            walk(&i.blocks, has_face, out);
                        }
                    }
                    StyledKind::Container(c) => walk(c, has_face, out),
                    StyledKind::Rule { .. } => {}
                    StyledKind::Table(t) => {
                        for row in &t.rows {
                            for cell in row {
                                runs(&cell.runs, out);
                            }
                        }
                    }
                }
            }
        }
        let mut out = std::collections::BTreeSet::new();
        walk(&self.blocks, &has_face, &mut out);
        out
    }
}

/// Page size and margins, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Page size.
    pub size: Size,
    /// Margins.
    pub margin: Sides<f32>,
    /// Content scale (`pdf_options.scale`): type and boxes shrink or grow, the page
    /// and its margins stay.
    pub scale: f32,
}

/// Document metadata, resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocMeta {
    /// Title (`document_title` > `title` > first h1).
    pub title: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Subject.
    pub description: Option<String>,
    /// Keywords.
    pub keywords: Vec<String>,
    /// Language tag.
    pub lang: Option<String>,
    /// The front matter's `date`, as written.
    pub date: Option<String>,
    /// Front matter asks for a tagged PDF (`pdf_options.tagged`).
    pub tagged: bool,
    /// Front matter asks for PDF/A-2b (`pdf_options.pdfa`).
    pub pdfa: bool,
}

/// A block with its resolved box style.
#[derive(Debug, Clone)]
pub struct StyledBlock {
    /// What it holds.
    pub kind: StyledKind,
    /// How its box looks.
    pub style: BoxStyle,
    /// Where it came from.
    pub span: Span,
    /// Link targets at the block's top-left corner: a heading's slug or id, an HTML
    /// element's `id`, a footnote's `fn-N`.
    pub anchors: Vec<String>,
}

/// A link target inside a block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextAnchor {
    /// The name a `#name` link refers to.
    pub name: String,
    /// The index of the run it stands before (the number of runs if at the end).
    pub run: usize,
}

/// The kinds of styled block.
#[derive(Debug, Clone)]
pub enum StyledKind {
    /// Text set in lines: a paragraph, a heading, a code block.
    Text {
        /// The styled runs, in order.
        runs: Vec<Run>,
        /// Keep spaces and line breaks as written (code blocks).
        pre: bool,
        /// Link targets inside the text.
        anchors: Vec<TextAnchor>,
    },
    /// A list.
    List {
        /// Its items.
        items: Vec<StyledItem>,
    },
    /// A container of blocks (block quote, div).
    Container(Vec<StyledBlock>),
    /// A horizontal rule.
    Rule {
        /// Its colour.
        color: Rgb,
        /// Its thickness.
        width: f32,
    },
    /// A table.
    Table(StyledTable),
}

/// A list item with its marker.
#[derive(Debug, Clone)]
pub struct StyledItem {
    /// The marker.
    pub marker: Marker,
    /// The item's content.
    pub blocks: Vec<StyledBlock>,
}

/// A list marker.
#[derive(Debug, Clone, PartialEq)]
pub enum Marker {
    /// Text such as `•` or `3.`, drawn in this style.
    Text(String, TextStyle),
    /// A task box, checked or not.
    Task(bool),
}

/// A table, styled.
#[derive(Debug, Clone)]
pub struct StyledTable {
    /// Column alignments.
    pub aligns: Vec<TextAlign>,
    /// Rows, the header row first if `header` is set.
    pub rows: Vec<Vec<StyledCell>>,
    /// Whether the first row is a header row.
    pub header: bool,
    /// Cell padding.
    pub padding: Sides<f32>,
    /// Border colour.
    pub border: Rgb,
    /// Line height multiplier for cell text.
    pub line_height: f32,
    /// Background of every other body row.
    pub stripe: Option<Rgb>,
    /// The width CSS asks for (`table { width: 100% }`); else as wide as its
    /// content needs, up to the line.
    pub width: Option<Width>,
    /// Centred in the line (CSS `margin: 0 auto`) when narrower than it.
    pub centred: bool,
}

/// A CSS width: absolute, or a share of the containing block's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// Points.
    Points(f32),
    /// Percent of the containing block.
    Percent(f32),
}

impl Width {
    /// The width in points inside a containing block of `of` points.
    pub fn resolve(self, of: f32) -> f32 {
        match self {
            Width::Points(p) => p,
            Width::Percent(f) => of * f / 100.0,
        }
    }
}

/// A table cell, styled.
#[derive(Debug, Clone)]
pub struct StyledCell {
    /// Its text.
    pub runs: Vec<Run>,
    /// Columns it spans, at least 1.
    pub colspan: usize,
    /// Rows it spans, at least 1 (layout clamps it to the rows below).
    pub rowspan: usize,
    /// Its own alignment, over the column's.
    pub align: Option<TextAlign>,
    /// Link targets inside its text.
    pub anchors: Vec<TextAnchor>,
    /// Its fill (CSS `background` on the cell, else on its row), over the table's
    /// stripes.
    pub background: Option<Rgb>,
    /// Where its lines sit in its row (CSS `vertical-align` on the cell, else on
    /// its row).
    pub valign: VerticalAlign,
}

/// Where a table cell's lines sit in its row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerticalAlign {
    /// First baselines lined up across the row (the default).
    #[default]
    Baseline,
    /// At the top.
    Top,
    /// In the middle.
    Middle,
    /// At the bottom.
    Bottom,
}

/// Horizontal alignment of lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextAlign {
    /// Left.
    #[default]
    Left,
    /// Centre.
    Center,
    /// Right.
    Right,
    /// Both edges (the last line and lines before a forced break: left).
    Justify,
}

/// A border line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Border {
    /// Thickness in points.
    pub width: f32,
    /// Colour.
    pub color: Rgb,
}

/// The resolved box of a block.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BoxStyle {
    /// Space above.
    pub margin_top: f32,
    /// Space below.
    pub margin_bottom: f32,
    /// Extra indent on the left (lists, quotes).
    pub padding: Sides<f32>,
    /// A rule on the left (block quotes).
    pub border_left: Option<Border>,
    /// A rule below (h1, h2).
    pub border_bottom: Option<Border>,
    /// A rule above.
    pub border_top: Option<Border>,
    /// A rule on the right.
    pub border_right: Option<Border>,
    /// A border on all four sides (CSS `border`); when set, it is drawn instead of
    /// `border_left` and `border_bottom`.
    pub border: Option<Border>,
    /// Background fill (code blocks).
    pub background: Option<Rgb>,
    /// The radius of the corners of its background and border box (CSS
    /// `border-radius`, its first value).
    pub radius: f32,
    /// Alignment of its lines.
    pub align: TextAlign,
    /// Line height as a multiple of the font size.
    pub line_height: f32,
    /// The heading level, for keep-with-next and the outline.
    pub heading: Option<u8>,
    /// Width of the marker column of a list.
    pub marker_width: f32,
    /// Text direction: `Some(true)` right to left, `Some(false)` left to right,
    /// `None` from the text (its first strong character).
    pub rtl: Option<bool>,
    /// Start on a new page.
    pub break_before: bool,
    /// Start a new page after it.
    pub break_after: bool,
    /// Keep it on one page if it fits on one (`break-inside: avoid`).
    pub keep_together: bool,
    /// CSS `orphans` and `widows`: the fewest lines of a paragraph left at a page's
    /// foot and carried to the next page (`None`: 2, CSS's default).
    pub min_lines: Option<(u8, u8)>,
    /// How a container lays out its children: one under another, or as a flex or
    /// grid container.
    pub arrange: boxes::Arrange,
    /// Its place as an item of a flex or grid container.
    pub place: boxes::ItemPlace,
    /// The sizes CSS asks of it (in a flex or grid container; elsewhere tables and
    /// images read their own).
    pub sizes: boxes::BoxSizes,
    /// CSS `text-indent`: how far its first line of text is indented (negative
    /// hangs it out); `None` for none.
    pub text_indent: Option<Width>,
}

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text (`\n` is a forced line break).
    pub text: String,
    /// Its style.
    pub style: TextStyle,
    /// The link target, if it is part of a link: a URL, or `#name` for a place in
    /// the document.
    pub link: Option<String>,
    /// Where it came from.
    pub span: Span,
    /// An image drawn in place of the text (which is then U+FFFC).
    pub object: Option<Box<InlineImage>>,
}

/// An image or a gauge bar in a line of text, sized in points.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineImage {
    /// What is drawn.
    pub content: InlineContent,
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// How far its bottom sits below the baseline (CSS `vertical-align`; 0 for
    /// images, whose bottom is on the baseline).
    pub depth: f32,
    /// A width in percent of the line, which layout resolves (`width` is then the
    /// width it is measured with).
    pub percent: Option<f32>,
    /// Its alternative text.
    pub alt: String,
}

impl InlineImage {
    /// Its height when drawn `w` wide: an image keeps its proportions, a gauge its
    /// height.
    pub fn height_at(&self, w: f32) -> f32 {
        match self.content {
            InlineContent::Image(_) => self.height * w / self.width.max(0.01),
            InlineContent::Gauge(_) => self.height,
        }
    }

    /// Its width in a line `line` wide (infinite when measuring).
    pub fn width_in(&self, line: f32) -> f32 {
        match self.percent {
            Some(p) if line.is_finite() => line * p / 100.0,
            _ => self.width,
        }
        .min(line.max(1.0))
    }
}

/// What an inline box draws.
#[derive(Debug, Clone, PartialEq)]
pub enum InlineContent {
    /// An image, scaled to the box.
    Image(crate::image::ImageData),
    /// A bar (`<progress>`, `<meter>`), centred in the box's height.
    Gauge(GaugeLook),
}

/// How a gauge bar looks: a track, filled from the left, with an optional border.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaugeLook {
    /// How full, 0–1; `None` draws the track alone (an indeterminate progress).
    pub fraction: Option<f32>,
    /// The bar's height (at most the box's), in points.
    pub bar_height: f32,
    /// The radius of its corners.
    pub radius: f32,
    /// The track's colour.
    pub track: Rgb,
    /// The filled part's colour.
    pub fill: Rgb,
    /// A border inside the track's edge: colour and width.
    pub border: Option<(Rgb, f32)>,
    /// How far the filled part stays inside the track's edge.
    pub inset: f32,
}

/// A resolved text style.
#[derive(Debug, Clone, PartialEq)]
pub struct TextStyle {
    /// Font family.
    pub family: Family,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Size in points.
    pub size: f32,
    /// Colour.
    pub color: Rgb,
    /// Underlined.
    pub underline: bool,
    /// Struck through.
    pub strike: bool,
    /// Baseline shift in points, positive up (superscript).
    pub shift: f32,
    /// Background behind the text (code spans).
    pub background: Option<Rgb>,
    /// A frame around the text: colour and line width (alt text of a missing
    /// image; CSS `border` on an inline element).
    pub frame: Option<(Rgb, f32)>,
    /// Padding of the inline element around it (CSS `padding` on a span): the left
    /// on the element's first run, the right on its last; top and bottom only
    /// grow its background and frame.
    pub pad: Sides<f32>,
    /// Words may be hyphenated at line ends (CSS `hyphens: auto`).
    pub hyphens: bool,
    /// Extra room after each character, in points (CSS `letter-spacing`).
    pub letter_spacing: f32,
}

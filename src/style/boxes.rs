//! Boxes side by side: CSS flexbox and grid containers, the place of each of their
//! items, and the sizes any block may ask for, as typed values in points that
//! layout hands to its box algorithm. Nothing here is a string.

use crate::style::Width;

/// How a container lays out its children.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Arrange {
    /// One under another (CSS's normal flow of blocks).
    #[default]
    Flow,
    /// A flex container (`display: flex`).
    Flex(Flex),
    /// A grid container (`display: grid`).
    Grid(Grid),
    /// A multi-column container (`columns`, `column-count`, `column-width`).
    Columns(Columns),
}

/// A multi-column container's properties.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Columns {
    /// `column-count` (`None`: as many as `width` allows).
    pub count: Option<u32>,
    /// `column-width`: the narrowest a column may be, in points.
    pub width: Option<f32>,
    /// `column-gap`, in points.
    pub gap: f32,
    /// `column-rule`: a line between columns.
    pub rule: Option<crate::style::Border>,
    /// `column-fill: balance` (the default): the columns end at about the same
    /// height; else each column fills before the next starts.
    pub balance: bool,
}

/// A flex container's properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Flex {
    /// `flex-direction`.
    pub direction: FlexDirection,
    /// `flex-wrap`.
    pub wrap: FlexWrap,
    /// `justify-content`.
    pub justify: Justify,
    /// `align-items`.
    pub align_items: AlignItems,
    /// `align-content`, for the lines of a wrapping container.
    pub align_content: Justify,
    /// Gaps between rows and between columns (`gap`, `row-gap`, `column-gap`).
    pub gap: Gap,
}

impl Default for Flex {
    fn default() -> Self {
        Flex {
            direction: FlexDirection::Row,
            wrap: FlexWrap::NoWrap,
            justify: Justify::Start,
            align_items: AlignItems::Stretch,
            align_content: Justify::Stretch,
            gap: Gap::default(),
        }
    }
}

/// `flex-direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlexDirection {
    /// Left to right.
    Row,
    /// Right to left.
    RowReverse,
    /// Top to bottom.
    Column,
    /// Bottom to top.
    ColumnReverse,
}

/// `flex-wrap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlexWrap {
    /// One line.
    NoWrap,
    /// As many lines as needed.
    Wrap,
    /// As many lines as needed, the last first.
    WrapReverse,
}

/// Distribution along an axis (`justify-content`, `align-content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Justify {
    /// At the start.
    Start,
    /// At the end.
    End,
    /// Centred.
    Center,
    /// The first at the start, the last at the end, equal gaps between.
    SpaceBetween,
    /// Equal room around each.
    SpaceAround,
    /// Equal gaps, the edges included.
    SpaceEvenly,
    /// Stretched to fill (`align-content` only; `justify-content` treats it as
    /// `Start`).
    Stretch,
}

/// Alignment across an axis (`align-items`, `align-self`, `justify-items`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlignItems {
    /// At the start.
    Start,
    /// At the end.
    End,
    /// Centred.
    Center,
    /// First baselines lined up.
    Baseline,
    /// Stretched to fill.
    Stretch,
}

/// Gaps between rows and columns, in points or percent of the container.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Gap {
    /// Between rows.
    pub row: Option<Width>,
    /// Between columns.
    pub column: Option<Width>,
}

/// A grid container's properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Grid {
    /// `grid-template-columns`, `repeat()` expanded.
    pub columns: Vec<Track>,
    /// `grid-template-rows`, `repeat()` expanded.
    pub rows: Vec<Track>,
    /// `grid-auto-rows` (empty: `auto`).
    pub auto_rows: Vec<Track>,
    /// `grid-template-areas`: a row of area names per string (`.` is none).
    pub areas: Vec<Vec<String>>,
    /// Gaps between rows and columns.
    pub gap: Gap,
    /// `justify-items` (`None`: stretch).
    pub justify_items: Option<AlignItems>,
    /// `align-items` (`None`: stretch).
    pub align_items: Option<AlignItems>,
}

/// The size of one grid track.
#[derive(Debug, Clone, PartialEq)]
pub enum Track {
    /// Fixed, in points.
    Points(f32),
    /// A share of the container's width (or height).
    Percent(f32),
    /// A fraction of the free room (`fr`).
    Fr(f32),
    /// As its content needs, stretched when there is room.
    Auto,
    /// The content's narrowest.
    MinContent,
    /// The content's widest.
    MaxContent,
    /// `minmax(min, max)`.
    MinMax(Box<Track>, Box<Track>),
}

/// Where an item goes in its container, and how it grows and shrinks (CSS's
/// properties of flex and grid items; a block outside such a container ignores
/// them).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemPlace {
    /// `flex-grow`.
    pub grow: f32,
    /// `flex-shrink`.
    pub shrink: f32,
    /// `flex-basis` (`None`: `auto`, the item's width or content).
    pub basis: Option<Width>,
    /// `align-self` (`None`: the container's `align-items`).
    pub align_self: Option<AlignItems>,
    /// `justify-self` in a grid.
    pub justify_self: Option<AlignItems>,
    /// `order`.
    pub order: i32,
    /// `grid-column`: start and end lines.
    pub column: GridSpan,
    /// `grid-row`: start and end lines.
    pub row: GridSpan,
    /// `grid-area` naming an area of `grid-template-areas`.
    pub area: Option<String>,
    /// The left margin (`auto` takes the free room: `margin-left: auto` pushes an
    /// item to the right end of a row).
    pub margin_left: SideMargin,
    /// The right margin.
    pub margin_right: SideMargin,
    /// `float`: the block sits at the left or right edge and the blocks after it
    /// are laid out beside it while it lasts.
    pub float: Option<FloatSide>,
    /// `clear`: the block starts below any float before it.
    pub clear: bool,
    /// `column-span: all`: in a multi-column container, the block spans all the
    /// columns (the columns before it are balanced above it; they start again below).
    pub span_columns: bool,
    /// `position: relative` with `left`/`right` and `top`/`bottom`: where the block
    /// is drawn, from where it is laid out, in points (what follows it stays put).
    pub shift: (f32, f32),
}

/// The side a block floats to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatSide {
    /// `float: left`.
    Left,
    /// `float: right`.
    Right,
}

/// A left or right margin of an item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SideMargin {
    /// In points.
    Points(f32),
    /// `auto`.
    Auto,
}

impl Default for SideMargin {
    fn default() -> Self {
        SideMargin::Points(0.0)
    }
}

impl Default for ItemPlace {
    fn default() -> Self {
        ItemPlace {
            grow: 0.0,
            shrink: 1.0,
            basis: None,
            align_self: None,
            justify_self: None,
            order: 0,
            column: GridSpan::default(),
            row: GridSpan::default(),
            area: None,
            margin_left: SideMargin::default(),
            margin_right: SideMargin::default(),
            float: None,
            clear: false,
            span_columns: false,
            shift: (0.0, 0.0),
        }
    }
}

/// The start and end of an item in a grid (`grid-column: 1 / 3`, `span 2`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GridSpan {
    /// The start line.
    pub start: GridLine,
    /// The end line.
    pub end: GridLine,
}

/// One edge of a grid item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GridLine {
    /// Placed automatically.
    #[default]
    Auto,
    /// A line number (negative: from the end).
    Line(i16),
    /// So many tracks from the other edge.
    Span(u16),
}

/// The sizes CSS asks of a block (`width`, `min-width`, `max-width`, `height`,
/// `min-height`), as `box-sizing` says to read them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct BoxSizes {
    /// `width`.
    pub width: Option<Width>,
    /// `min-width`.
    pub min_width: Option<Width>,
    /// `max-width`.
    pub max_width: Option<Width>,
    /// `height`.
    pub height: Option<Width>,
    /// `min-height`.
    pub min_height: Option<Width>,
    /// `box-sizing: border-box`: the sizes include padding and borders.
    pub border_box: bool,
}

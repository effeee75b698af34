//! Geometry: absolute lengths in PDF points, sizes, points, rectangles and sides.

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;
/// Points per CSS pixel (96 px to the inch).
pub const PT_PER_PX: f32 = 0.75;

/// A size in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
}

impl Size {
    /// Creates a size from width and height in points.
    pub const fn new(width: f32, height: f32) -> Self {
        Self { width, height }
    }
}

/// A point in points, y growing downwards from the top of the page.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal position.
    pub x: f32,
    /// Vertical position, from the top.
    pub y: f32,
}

impl Point {
    /// Creates a point.
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// An axis-aligned rectangle, y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

impl Rect {
    /// Creates a rectangle from its top-left corner and size.
    pub const fn from_xywh(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self { x, y, width, height }
    }
}

/// Four values, one per side, in CSS order.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sides<T> {
    /// Top side.
    pub top: T,
    /// Right side.
    pub right: T,
    /// Bottom side.
    pub bottom: T,
    /// Left side.
    pub left: T,
}

impl<T: Copy> Sides<T> {
    /// The same value on every side.
    pub const fn splat(v: T) -> Self {
        Self { top: v, right: v, bottom: v, left: v }
    }

    /// Creates sides in CSS order: top, right, bottom, left.
    pub const fn new(top: T, right: T, bottom: T, left: T) -> Self {
        Self { top, right, bottom, left }
    }

    /// The sides a CSS shorthand of one to four values gives (`margin: 1em 2em`:
    /// vertical, then horizontal); `None` for no value or more than four.
    pub fn from_shorthand(values: &[T]) -> Option<Self> {
        match *values {
            [a] => Some(Self::splat(a)),
            [v, h] => Some(Self::new(v, h, v, h)),
            [t, h, b] => Some(Self::new(t, h, b, h)),
            [t, r, b, l] => Some(Self::new(t, r, b, l)),
            _ => None,
        }
    }
}

/// An RGB colour, each channel 0–255.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Black.
    pub const BLACK: Rgb = Rgb(0, 0, 0);
}

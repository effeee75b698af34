//! What an extractor loses or garbles: text drawn inside images, icons from
//! private-use code points, ligatures written as one character, text too small to
//! read or nearly invisible, lines read out of place, and contact links whose
//! address is not in the text.

use std::collections::HashMap;

use serde::Serialize;

use super::contacts::ContactKind;
use super::{Area, AtsLine, AtsWarning};
use crate::geom::{Point, Rgb};
use crate::image::ImageKind;
use crate::layout::{FrameItem, PagedDocument, TextItem, TextLine};

/// Text smaller than this, in points, is too small to read.
const MIN_SIZE: f32 = 6.0;

/// A contrast ratio (WCAG) under this between text and what is behind it makes the
/// text nearly invisible (white on white is 1; `#ccc` on white, faint but
/// readable, is 1.6).
const MIN_CONTRAST: f32 = 1.3;

/// What is lost or garbled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// An image with something to say (alt text, or an SVG with text): its text
    /// is not in the text layer.
    ImageText,
    /// Characters from a private-use area (icon fonts): they read as nothing
    /// meaningful.
    PrivateUse,
    /// A ligature written as one character (`ﬁ`), which searches for its
    /// letters miss.
    Ligature,
    /// Text smaller than 6 pt.
    TinyText,
    /// Text nearly the colour of what is behind it.
    InvisibleText,
    /// A line read after lines it is drawn below: the reading order jumps back up
    /// the same column.
    ReadingOrder,
    /// A contact link (e-mail, phone, LinkedIn, GitHub) whose address is only in
    /// the link, not in the text.
    HiddenLink,
}

/// The warnings, page by page.
pub(super) fn find(doc: &PagedDocument, text: &[TextLine<'_>], lines: &[AtsLine]) -> Vec<AtsWarning> {
    let mut out = Vec::new();
    for (index, page) in doc.pages.iter().enumerate() {
        images(index, &page.items, &mut out);
        let backdrop = Backdrop::new(&page.items);
        let on_page = |l: &&(usize, (&TextLine<'_>, &AtsLine))| l.1 .0.page == index;
        let page_lines: Vec<(usize, (&TextLine<'_>, &AtsLine))> = text.iter().zip(lines).enumerate().filter(|l| on_page(&l)).collect();
        for &(i, (t, l)) in &page_lines {
            line_warnings(&backdrop, i, t, l, &mut out);
        }
        private_use(index, &page.items, &page_lines, &mut out);
        reading_order(&page_lines, &mut out);
        hidden_links(index, &page.items, &page_lines, &mut out);
    }
    out
}

/// A warning about a line.
fn on_line(kind: WarningKind, message: String, index: usize, line: &AtsLine) -> AtsWarning {
    AtsWarning { kind, message, page: line.page, area: line.area, line: Some(index) }
}

/// The images with something to say.
fn images(page: usize, items: &[(Point, FrameItem)], out: &mut Vec<AtsWarning>) {
    for (at, item) in items {
        let FrameItem::Image { size, image, alt, .. } = item else { continue };
        let area = Area { x: at.x, y: at.y, width: size.width, height: size.height };
        let svg_text = (image.kind == ImageKind::Svg).then(|| crate::image::svg_text(&image.data)).flatten();
        let message = match (svg_text, alt.trim()) {
            (Some(words), _) => format!(
                "this SVG draws the text “{}”, which is not in the text layer: an ATS reads nothing of it; write it as text",
                shorten(&words)
            ),
            (None, "") => continue,
            (None, alt) => {
                format!("the image “{}” is not in the text layer: an ATS reads nothing from it; write what it says as text", shorten(alt))
            }
        };
        out.push(AtsWarning { kind: WarningKind::ImageText, message, page, area, line: None });
    }
}

/// At most 60 characters of `text`.
fn shorten(text: &str) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match words.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &words[..cut]),
        None => words,
    }
}

/// Private-use characters, ligatures, tiny and invisible text in a line.
fn line_warnings(backdrop: &Backdrop, index: usize, text: &TextLine<'_>, line: &AtsLine, out: &mut Vec<AtsWarning>) {
    let codes = |pick: fn(char) -> bool| {
        let mut found: Vec<String> = Vec::new();
        for c in line.text.chars().filter(|&c| pick(c)) {
            let code = format!("U+{:04X}", c as u32);
            if !found.contains(&code) {
                found.push(code);
            }
        }
        found.join(", ")
    };
    let ligatures = codes(|c| ('\u{fb00}'..='\u{fb06}').contains(&c));
    if !ligatures.is_empty() {
        let message = format!("a ligature character ({ligatures}) reads as one character, not its letters: a search for the word misses it; write the letters");
        out.push(on_line(WarningKind::Ligature, message, index, line));
    }
    let visible = text.runs.iter().filter(|(_, t)| !t.text.trim().is_empty());
    if let Some(size) = visible.clone().map(|(_, t)| t.size).reduce(f32::min).filter(|&s| s < MIN_SIZE) {
        let message = format!(
            "text at {size:.1} pt, under {MIN_SIZE} pt: too small to read, and text no one can read may be taken for keyword stuffing"
        );
        out.push(on_line(WarningKind::TinyText, message, index, line));
    }
    let faint = visible.map(|(at, t)| (t.fill, backdrop.behind(*at, t))).find(|&(fill, back)| contrast(fill, back) < MIN_CONTRAST);
    if let Some((fill, back)) = faint {
        let message = format!(
            "text in {} on {}, nearly invisible: an ATS reads it though no one sees it, and hidden text may be taken for keyword stuffing",
            hex(fill),
            hex(back)
        );
        out.push(on_line(WarningKind::InvisibleText, message, index, line));
    }
}

/// Icons from private-use code points, one warning per line. The runs are read
/// from the page, not the line's text: an icon no font has a glyph for is drawn
/// (as a box) but reads as nothing, so it is in no line; it belongs to the line
/// its baseline is on, else it is warned where it is.
fn private_use(page: usize, items: &[(Point, FrameItem)], lines: &[(usize, (&TextLine<'_>, &AtsLine))], out: &mut Vec<AtsWarning>) {
    // Per line (`None`: in no line), the area and the code points found.
    let mut found: Vec<(Option<usize>, Area, Vec<String>)> = Vec::new();
    for (at, item) in items {
        let FrameItem::Text(t) = item else { continue };
        let codes = t.text.chars().filter(|&c| is_private_use(c)).map(|c| format!("U+{:04X}", c as u32));
        let codes: Vec<String> = codes.collect();
        if codes.is_empty() {
            continue;
        }
        let middle = Point::new(at.x + t.width() / 2.0, at.y - t.size * 0.3);
        let on = lines
            .iter()
            .find(|(_, (_, l))| (l.area.x..=l.area.right()).contains(&middle.x) && (l.area.y..=l.area.bottom()).contains(&middle.y));
        let (line, area) = match on {
            Some(&(i, (_, l))) => (Some(i), l.area),
            None => (None, Area { x: at.x, y: at.y - t.size, width: t.width(), height: t.size * 1.2 }),
        };
        match found.iter_mut().find(|f| f.0.is_some() && f.0 == line) {
            Some(f) => f.2.extend(codes),
            None => found.push((line, area, codes)),
        }
    }
    for (line, area, mut codes) in found {
        codes.sort_unstable();
        codes.dedup();
        let message = format!(
            "an icon from a private-use code point ({}) reads as a meaningless character, or as nothing when the font has no glyph for it: an ATS loses it; write the word (“E-mail:”, “Phone:”) beside or instead of it",
            codes.join(", ")
        );
        out.push(AtsWarning { kind: WarningKind::PrivateUse, message, page, area, line });
    }
}

/// Whether `c` is in a private-use area (the BMP's, or planes 15 and 16).
fn is_private_use(c: char) -> bool {
    matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{f0000}'..='\u{ffffd}' | '\u{100000}'..='\u{10fffd}')
}

/// What is drawn behind text on a page: the filled rectangles, each with the
/// number of the page's items before it, and where each run is in the items.
struct Backdrop {
    /// Filled rectangles in drawing order: items before, area, fill.
    fills: Vec<(usize, Area, Rgb)>,
    /// Each run's place among the items, by its address.
    runs: HashMap<usize, usize>,
}

impl Backdrop {
    fn new(items: &[(Point, FrameItem)]) -> Self {
        let mut fills = Vec::new();
        let mut runs = HashMap::new();
        for (i, (at, item)) in items.iter().enumerate() {
            match item {
                FrameItem::Rect { size, fill: Some(fill), .. } | FrameItem::RoundRect { size, fill: Some(fill), .. } => {
                    fills.push((i, Area { x: at.x, y: at.y, width: size.width, height: size.height }, *fill));
                }
                FrameItem::Text(t) => {
                    runs.insert(std::ptr::from_ref(t) as usize, i);
                }
                _ => {}
            }
        }
        Backdrop { fills, runs }
    }

    /// The colour behind a run: the fill of the last rectangle drawn before it that
    /// covers the middle of its first glyph, else the page's white.
    fn behind(&self, at: Point, run: &TextItem) -> Rgb {
        let place = self.runs.get(&(std::ptr::from_ref(run) as usize)).copied().unwrap_or(usize::MAX);
        let (x, y) = (at.x + run.size * 0.25, at.y - run.size * 0.3);
        let covering = self
            .fills
            .iter()
            .take_while(|f| f.0 < place)
            .filter(|(_, a, _)| (a.x..=a.right()).contains(&x) && (a.y..=a.bottom()).contains(&y));
        covering.last().map_or(Rgb(255, 255, 255), |f| f.2)
    }
}

/// The WCAG contrast ratio of two colours (1 to 21).
fn contrast(a: Rgb, b: Rgb) -> f32 {
    let channel = |v: u8| {
        let v = f32::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = |c: Rgb| 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2);
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A colour as CSS writes it.
fn hex(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Lines read out of place. Lines in reading order go down a column; at the end
/// of a column the order jumps up to the top of the next, which sits beside it (a
/// sidebar, a grid's next item, a float's neighbours, the next of several
/// columns). A line that comes wholly above the line before it *and* shares
/// its horizontal extent is read after text it is drawn above, in the same
/// column: content placed up the page out of its source order (a grid area or
/// `order` moving an item up, a reversed direction), which an ATS reads in the
/// wrong place. Page furniture (headers and footers, drawn after the content) is
/// left out.
fn reading_order(lines: &[(usize, (&TextLine<'_>, &AtsLine))], out: &mut Vec<AtsWarning>) {
    let body = lines.iter().filter(|(_, (_, l))| !l.artifact);
    let mut previous: Option<&AtsLine> = None;
    for &(index, (_, line)) in body {
        if let Some(prev) = previous {
            let above = line.area.bottom() <= prev.area.y;
            let same_column = line.area.x_overlap(&prev.area) > 1.0;
            if above && same_column {
                let message = format!(
                    "this line is read after “{}”, which is drawn below it in the same column: an ATS reads the page in a different order than people do; keep the source order of the content the order it shows in",
                    shorten(&prev.text)
                );
                out.push(on_line(WarningKind::ReadingOrder, message, index, line));
            }
        }
        previous = Some(line);
    }
}

/// Contact links (e-mail, phone, LinkedIn, GitHub) whose address the text under
/// them does not show: an ATS reads only the text (“LinkedIn”), not the link.
fn hidden_links(page: usize, items: &[(Point, FrameItem)], lines: &[(usize, (&TextLine<'_>, &AtsLine))], out: &mut Vec<AtsWarning>) {
    let mut warned: Vec<&str> = Vec::new();
    for (at, item) in items {
        let FrameItem::Link { size, url } = item else { continue };
        let Some(address) = contact_address(url) else { continue };
        if warned.contains(&&**url) {
            continue;
        }
        let area = Area { x: at.x, y: at.y, width: size.width, height: size.height };
        let under: Vec<&(usize, (&TextLine<'_>, &AtsLine))> = lines.iter().filter(|(_, (_, l))| l.area.intersects(&area)).collect();
        let simple =
            |s: &str| s.chars().filter(|c| !c.is_whitespace() && !"-().".contains(*c)).flat_map(char::to_lowercase).collect::<String>();
        if under.iter().any(|(_, (_, l))| simple(&l.text).contains(&simple(&address))) {
            continue;
        }
        warned.push(url);
        let line = under.first().map(|(i, _)| *i);
        let message = format!("this link goes to {address}, but an ATS reads only the text, not the link: write the address itself");
        out.push(AtsWarning { kind: WarningKind::HiddenLink, message, page, area, line });
    }
}

/// The address a contact link's text should show: an e-mail address, a phone
/// number, a LinkedIn or GitHub profile (`github.com/NAME`, not a project under
/// it) without `https://` and `www.`.
fn contact_address(url: &str) -> Option<String> {
    if let Some(mail) = url.strip_prefix("mailto:") {
        return Some(mail.split('?').next().unwrap_or(mail).to_string());
    }
    if let Some(phone) = url.strip_prefix("tel:") {
        return Some(phone.to_string());
    }
    let kind = super::contacts::urls(url).first().map(|(k, _)| *k)?;
    let bare = url.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.").trim_end_matches('/');
    let profile = match kind {
        ContactKind::Linkedin => true,
        ContactKind::Github => bare.split('/').filter(|s| !s.is_empty()).count() == 2,
        _ => false,
    };
    profile.then(|| bare.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_wcag() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((contrast(Rgb(255, 255, 255), Rgb(255, 255, 255)) - 1.0).abs() < 0.01);
        assert!(contrast(Rgb(0xcc, 0xcc, 0xcc), Rgb(255, 255, 255)) > MIN_CONTRAST);
        assert!(contrast(Rgb(0xf4, 0xf4, 0xf4), Rgb(255, 255, 255)) < MIN_CONTRAST);
    }

    #[test]
    fn private_use_areas() {
        assert!(is_private_use('\u{f0e0}') && is_private_use('\u{f0001}') && is_private_use('\u{10fffd}'));
        assert!(!is_private_use('a') && !is_private_use('\u{2709}'));
    }

    #[test]
    fn contact_addresses() {
        assert_eq!(contact_address("mailto:ada@example.org?subject=hi").as_deref(), Some("ada@example.org"));
        assert_eq!(contact_address("https://www.linkedin.com/in/ada/").as_deref(), Some("linkedin.com/in/ada"));
        assert_eq!(contact_address("https://github.com/ada").as_deref(), Some("github.com/ada"));
        assert_eq!(contact_address("https://example.org/project"), None);
        assert_eq!(contact_address("https://github.com/ada/project"), None);
    }
}

//! PNG: a page's SVG drawn by resvg at a resolution, then encoded without any
//! timestamp, so that the same SVG gives the same bytes.

use crate::diag::{DiagResult, Diagnostic};

/// The resolution `cvpdf -o page.png` draws at unless `--ppi` says otherwise, in
/// pixels per inch (twice a screen's 72 ppi: sharp on high-density displays).
pub const DEFAULT_PPI: f32 = 144.0;

/// The most pixels a page may have (a Letter page at 1,200 ppi is 135 million): each
/// takes four bytes while it is drawn.
pub const MAX_PIXELS: u64 = 150_000_000;

/// Draws a page's SVG (one of [`super::pages`]) as PNG bytes at `ppi` pixels per inch,
/// the resolution recorded in the file. Embedded SVG images are read with the limits
/// of document images; nothing outside the SVG is read.
pub fn png(svg: &str, ppi: f32) -> DiagResult<Vec<u8>> {
    if !(ppi.is_finite() && ppi > 0.0) {
        return Err(vec![Diagnostic::error(None, format!("the resolution {ppi} ppi is not a positive number"))
            .with_hint("give a resolution such as 144 (pixels per inch)")]);
    }
    let mut options = usvg::Options::default();
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    options.image_href_resolver.resolve_data = Box::new(|_, data, _| embedded(data));
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| {
        vec![Diagnostic::error(None, format!("failed to read the page's SVG ({e})"))
            .with_hint("this is a bug in cvpdf; please report it with the input file")]
    })?;
    // The SVG's size is in points, which usvg turns into CSS pixels (96 per inch).
    let scale = ppi / 96.0;
    let (w, h) = ((tree.size().width() * scale).ceil(), (tree.size().height() * scale).ceil());
    let pixels = f64::from(w) * f64::from(h);
    if !(pixels >= 1.0 && pixels <= MAX_PIXELS as f64) {
        return Err(vec![Diagnostic::error(None, format!("a page at {ppi} ppi would be {w} x {h} pixels, more than {MAX_PIXELS}"))
            .with_hint("lower the resolution (`--ppi`)")]);
    }
    // In range: both sides are at least 1 and their product at most MAX_PIXELS.
    let (w, h) = (w as u32, h as u32);
    let Some(mut pixmap) = resvg::tiny_skia::Pixmap::new(w, h) else {
        return Err(vec![
            Diagnostic::error(None, format!("failed to make a {w} x {h} pixel image")).with_hint("lower the resolution (`--ppi`)")
        ]);
    };
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    // Opaque (the page is white under everything), so the colour is the RGB of the
    // premultiplied pixels as they are.
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    encode(w, h, png::ColorType::Rgb, &rgb, Some(ppi)).map_err(|e| {
        vec![Diagnostic::error(None, format!("failed to encode the PNG ({e})"))
            .with_hint("this is a bug in cvpdf; please report it with the input file")]
    })
}

/// An image embedded in a page's SVG: its format read from its bytes, an SVG read
/// with the limits of document images.
fn embedded(data: std::sync::Arc<Vec<u8>>) -> Option<usvg::ImageKind> {
    match imagesize::image_type(&data) {
        Ok(imagesize::ImageType::Png) => Some(usvg::ImageKind::PNG(data)),
        Ok(imagesize::ImageType::Jpeg) => Some(usvg::ImageKind::JPEG(data)),
        Ok(imagesize::ImageType::Webp) => Some(usvg::ImageKind::WEBP(data)),
        Ok(imagesize::ImageType::Gif) => Some(usvg::ImageKind::GIF(data)),
        _ => crate::image::parse_svg(&data).ok().map(usvg::ImageKind::SVG),
    }
}

/// Encodes 8-bit pixels as PNG, with the resolution when given and nothing else
/// (no time, no text): the same pixels always give the same bytes.
pub(super) fn encode(w: u32, h: u32, color: png::ColorType, pixels: &[u8], ppi: Option<f32>) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    if let Some(ppi) = ppi {
        // Pixels per metre, as PNG records it.
        let ppm = (ppi / 0.0254).round() as u32;
        encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
    }
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixels)?;
    writer.finish()?;
    Ok(out)
}

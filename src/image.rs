//! Images: recognises the raster formats cvpdf draws and reads their pixel size
//! without decoding them.

use std::sync::Arc;

/// Images with more pixels than this are refused (decompression bombs).
pub const MAX_PIXELS: u64 = 40_000_000;

/// A raster format cvpdf can embed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (first frame).
    Gif,
    /// WebP.
    Webp,
    /// SVG, drawn as vectors.
    Svg,
}

/// An image file with its format and size in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageData {
    /// The file.
    pub data: Arc<Vec<u8>>,
    /// Its format.
    pub kind: ImageKind,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// Recognises an image file. The error says why it cannot be drawn.
pub fn probe(data: Vec<u8>) -> Result<ImageData, String> {
    let kind = match imagesize::image_type(&data) {
        Ok(imagesize::ImageType::Png) => ImageKind::Png,
        Ok(imagesize::ImageType::Jpeg) => ImageKind::Jpeg,
        Ok(imagesize::ImageType::Gif) => ImageKind::Gif,
        Ok(imagesize::ImageType::Webp) => ImageKind::Webp,
        Ok(other) => return Err(format!("{other:?} images are not supported (use PNG, JPEG, GIF or WebP)")),
        Err(_) if looks_like_svg(&data) => return probe_svg(data),
        Err(_) => return Err("not a PNG, JPEG, GIF or WebP image".into()),
    };
    let size = imagesize::blob_size(&data).map_err(|e| format!("cannot read its size ({e})"))?;
    let (w, h) = (size.width as u64, size.height as u64);
    if w == 0 || h == 0 {
        return Err("it has no pixels".into());
    }
    if w.saturating_mul(h) > MAX_PIXELS {
        return Err(format!("it has {w} x {h} pixels, more than the limit of {MAX_PIXELS}"));
    }
    Ok(ImageData { data: Arc::new(data), kind, width: w as u32, height: h as u32 })
}

fn probe_svg(data: Vec<u8>) -> Result<ImageData, String> {
    let tree = parse_svg(&data)?;
    let size = tree.size();
    let (w, h) = (size.width().round().max(1.0), size.height().round().max(1.0));
    if !(w.is_finite() && h.is_finite()) || f64::from(w) * f64::from(h) > MAX_PIXELS as f64 {
        return Err("its size is out of range".into());
    }
    Ok(ImageData { data: Arc::new(data), kind: ImageKind::Svg, width: w as u32, height: h as u32 })
}

/// Parses an SVG with the bundled fonts for its text. It reads nothing else: images it
/// refers to by file name or URL are left out; only embedded `data:` images are used.
pub fn parse_svg(data: &[u8]) -> Result<usvg::Tree, String> {
    let mut opt = usvg::Options::default();
    opt.image_href_resolver.resolve_string = Box::new(|_, _| None);
    opt.font_family = "Roboto".into();
    let db = opt.fontdb_mut();
    for face in crate::font::FontBook::bundled().faces() {
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face.data)));
    }
    usvg::Tree::from_data(data, &opt).map_err(|e| format!("not a valid SVG ({e})"))
}

fn looks_like_svg(data: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&data[..data.len().min(512)]).to_ascii_lowercase();
    head.contains("<svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 PNG.
    pub const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
        0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63,
        0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
        0xAE, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn probes_png_and_refuses_junk() {
        let img = probe(PNG_1X1.to_vec()).unwrap();
        assert_eq!((img.kind, img.width, img.height), (ImageKind::Png, 1, 1));
        assert!(probe(b"hello".to_vec()).is_err());
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'><rect width='40' height='20'/></svg>";
        let img = probe(svg.to_vec()).unwrap();
        assert_eq!((img.kind, img.width, img.height), (ImageKind::Svg, 40, 20));
        assert!(probe(b"<svg broken".to_vec()).is_err());
    }
}

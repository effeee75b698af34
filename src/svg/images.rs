//! Images as `data:` URIs: PNG, JPEG and WebP files as they were loaded, a GIF's
//! first frame as PNG (the frame the PDF shows; a browser would animate the GIF), an
//! SVG as cvpdf reads it, written again by usvg (text as paths, no scripts, no
//! external references), so that the page shows what the PDF shows.

use std::fmt::Write;

use base64::Engine;

use super::write::{escape, num};
use crate::geom::{Point, Size};
use crate::image::{ImageData, ImageKind};

/// An image stretched to its box, as the PDF draws it. An image that cannot be read
/// again (it was checked when loaded, so this does not happen) is left out, as the
/// PDF leaves it out.
pub(super) fn image(out: &mut String, pos: Point, size: Size, image: &ImageData, alt: &str) {
    let Some((mime, bytes)) = encoded(image) else { return };
    let _ = write!(
        out,
        "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\"",
        num(pos.x),
        num(pos.y),
        num(size.width),
        num(size.height)
    );
    let _ = write!(out, " xlink:href=\"data:{mime};base64,");
    base64::engine::general_purpose::STANDARD.encode_string(&bytes[..], out);
    out.push_str("\">");
    if !alt.is_empty() {
        out.push_str("<title>");
        escape(out, alt);
        out.push_str("</title>");
    }
    out.push_str("</image>\n");
}

/// The MIME type and bytes to embed.
fn encoded(image: &ImageData) -> Option<(&'static str, std::borrow::Cow<'_, [u8]>)> {
    use std::borrow::Cow;
    Some(match image.kind {
        ImageKind::Png => ("image/png", Cow::Borrowed(&image.data[..])),
        ImageKind::Jpeg => ("image/jpeg", Cow::Borrowed(&image.data[..])),
        ImageKind::Webp => ("image/webp", Cow::Borrowed(&image.data[..])),
        ImageKind::Gif => {
            let rgba = crate::image::decode_gif(&image.data).ok()?;
            let png = super::raster::encode(rgba.width, rgba.height, png::ColorType::Rgba, &rgba.pixels, None).ok()?;
            ("image/png", Cow::Owned(png))
        }
        ImageKind::Svg => {
            let tree = crate::image::parse_svg(&image.data).ok()?;
            let options = usvg::WriteOptions { indent: usvg::Indent::None, attributes_indent: usvg::Indent::None, ..Default::default() };
            ("image/svg+xml", Cow::Owned(tree.to_string(&options).into_bytes()))
        }
    })
}

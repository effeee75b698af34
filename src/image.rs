//! Images: recognises the raster formats cvpdf draws, reads their pixel size and
//! decodes them once to make sure the PDF writer can; parses SVGs within limits
//! (nesting, references, embedded images, geometry, filter work) so that drawing
//! them is bounded in stack, memory and time.

use std::sync::{Arc, Mutex};

/// Images with more pixels than this are refused (decompression bombs). The limit
/// holds for raster images inside SVGs too.
pub const MAX_PIXELS: u64 = 40_000_000;

/// SVGs whose elements nest deeper than this, counting the chains of references
/// (`<use>`, masks, clip paths, filters, markers, patterns) as nesting, are refused:
/// the SVG libraries parse and draw them recursively.
pub const MAX_SVG_DEPTH: u32 = 64;

/// SVGs with more elements than this, once every `<use>` and reference is expanded,
/// are refused (billion-laughs style copies).
pub const MAX_SVG_ELEMENTS: u64 = 100_000;

/// SVG coordinates, sizes and transform factors larger than this (in absolute
/// value) are refused: PDF readers cannot represent them.
pub const MAX_SVG_COORDINATE: f32 = 1_000_000.0;

/// SVG filters are drawn as pixels. Filters that would take more than this many
/// pixel operations (region × per-pixel work, summed over the SVG) are drawn at a
/// lower resolution, and an SVG whose filters exceed it even at the lowest is refused.
pub const MAX_FILTER_WORK: f64 = 400_000_000.0;

/// SVG images inside SVG images are followed this many levels deep.
const MAX_SVG_NESTING: usize = 3;

/// The resolution filters are drawn at, in pixels per point (krilla-svg's default),
/// and the lowest cvpdf goes down to.
const FILTER_SCALE: f32 = 4.0;
const MIN_FILTER_SCALE: f32 = 0.25;

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

/// Recognises an image file and decodes it once. The error says why it cannot be
/// drawn.
pub fn probe(data: Vec<u8>) -> Result<ImageData, String> {
    probe_noted(data).map(|(image, _)| image)
}

/// Like [`probe`], and also says what of the image is left out (an SVG's embedded
/// images that cannot be drawn), one sentence each.
pub fn probe_noted(data: Vec<u8>) -> Result<(ImageData, Vec<String>), String> {
    let kind = match imagesize::image_type(&data) {
        Ok(imagesize::ImageType::Png) => ImageKind::Png,
        Ok(imagesize::ImageType::Jpeg) => ImageKind::Jpeg,
        Ok(imagesize::ImageType::Gif) => ImageKind::Gif,
        Ok(imagesize::ImageType::Webp) => ImageKind::Webp,
        Ok(other) => return Err(format!("{other:?} images are not supported (use PNG, JPEG, GIF or WebP)")),
        Err(_) if looks_like_svg(&data) => return probe_svg(data),
        Err(_) => return Err("not a PNG, JPEG, GIF or WebP image".into()),
    };
    let (width, height) = pixel_size(&data)?;
    decode_check(kind, &data)?;
    Ok((ImageData { data: Arc::new(data), kind, width, height }, vec![]))
}

/// The declared size of a raster image, within [`MAX_PIXELS`].
fn pixel_size(data: &[u8]) -> Result<(u32, u32), String> {
    let size = imagesize::blob_size(data).map_err(|e| format!("cannot read its size ({e})"))?;
    let (w, h) = (size.width as u64, size.height as u64);
    if w == 0 || h == 0 {
        return Err("it has no pixels".into());
    }
    if w.saturating_mul(h) > MAX_PIXELS {
        return Err(format!("it has {w} x {h} pixels, more than the limit of {MAX_PIXELS}"));
    }
    Ok((w as u32, h as u32))
}

/// Decodes a raster image the way the PDF writer will, so that a broken file is
/// found here (and shown as its alt text) rather than failing the whole PDF.
fn decode_check(kind: ImageKind, data: &[u8]) -> Result<(), String> {
    let broken = |e: &dyn std::fmt::Display| format!("it cannot be decoded ({})", e.to_string().to_lowercase());
    match kind {
        ImageKind::Png => {
            let mut decoder = png::Decoder::new(std::io::Cursor::new(data));
            decoder.set_transformations(png::Transformations::EXPAND);
            let mut reader = decoder.read_info().map_err(|e| broken(&e))?;
            while reader.next_row().map_err(|e| broken(&e))?.is_some() {}
            Ok(())
        }
        ImageKind::Jpeg => {
            use zune_jpeg::zune_core::colorspace::ColorSpace;
            use zune_jpeg::zune_core::options::DecoderOptions;
            // Strict: a truncated or corrupt file is an error, not grey blocks (the PDF
            // embeds the file as it is, and readers would fail on it).
            let options = DecoderOptions::default().set_strict_mode(true).set_max_width(1 << 16).set_max_height(1 << 16);
            let mut decoder = zune_jpeg::JpegDecoder::new_with_options(std::io::Cursor::new(data), options);
            decoder.decode_headers().map_err(|e| broken(&e))?;
            // The colour spaces the PDF writer embeds.
            let known = matches!(
                decoder.input_colorspace(),
                Some(ColorSpace::Luma | ColorSpace::YCbCr | ColorSpace::RGB | ColorSpace::CMYK | ColorSpace::YCCK)
            );
            if !known {
                return Err("its colour space is not supported".into());
            }
            decoder.decode().map(drop).map_err(|e| broken(&e))
        }
        ImageKind::Gif => decode_gif(data).map(drop),
        ImageKind::Webp => {
            let mut decoder = image_webp::WebPDecoder::new(std::io::Cursor::new(data)).map_err(|e| broken(&e))?;
            let len = decoder.output_buffer_size().ok_or("it is too large")?;
            let mut buf = vec![0; len];
            decoder.read_image(&mut buf).map_err(|e| broken(&e))
        }
        ImageKind::Svg => Ok(()),
    }
}

/// The first frame of a GIF, decoded to RGBA and placed on its canvas (the logical
/// screen), with the decoder's memory limit following [`MAX_PIXELS`].
pub fn decode_gif(data: &[u8]) -> Result<Rgba, String> {
    let (width, height) = pixel_size(data)?;
    let broken = |e: gif::DecodingError| format!("it cannot be decoded ({})", e.to_string().to_lowercase());
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    // The canvas and one frame of at most the limit, 4 bytes a pixel.
    let limit = std::num::NonZeroU64::new(MAX_PIXELS * 4).map_or(gif::MemoryLimit::Unlimited, gif::MemoryLimit::Bytes);
    options.set_memory_limit(limit);
    let mut decoder = options.read_info(data).map_err(broken)?;
    let frame = decoder.read_next_frame().map_err(broken)?.ok_or("it has no frames")?;
    let (w, h) = (width as usize, height as usize);
    let (fw, fh) = (usize::from(frame.width), usize::from(frame.height));
    let (left, top) = (usize::from(frame.left), usize::from(frame.top));
    if (left, top, fw, fh) == (0, 0, w, h) && frame.buffer.len() == w * h * 4 {
        // krilla's own decoder reads such a GIF alike if it is within its limit.
        let plain = w * h * 4 <= 50_000_000;
        return Ok(Rgba { pixels: frame.buffer.to_vec(), width, height, plain });
    }
    let mut pixels = vec![0u8; w * h * 4];
    for y in 0..fh.min(h.saturating_sub(top)) {
        let cols = fw.min(w.saturating_sub(left));
        let (src, dst) = (y * fw * 4, ((top + y) * w + left) * 4);
        if let (Some(s), Some(d)) = (frame.buffer.get(src..src + cols * 4), pixels.get_mut(dst..dst + cols * 4)) {
            d.copy_from_slice(s);
        }
    }
    Ok(Rgba { pixels, width, height, plain: false })
}

/// Decoded pixels, 4 bytes (red, green, blue, alpha) each, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgba {
    /// The pixels.
    pub pixels: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// A GIF whose first frame fills its canvas and that krilla's decoder (limited to
    /// 50 MB) reads alike.
    pub plain: bool,
}

fn probe_svg(data: Vec<u8>) -> Result<(ImageData, Vec<String>), String> {
    let (tree, notes) = parse_svg_noted(&data)?;
    let size = tree.size();
    let (w, h) = (size.width().round().max(1.0), size.height().round().max(1.0));
    if !(w.is_finite() && h.is_finite()) || f64::from(w) * f64::from(h) > MAX_PIXELS as f64 {
        return Err("its size is out of range".into());
    }
    // Filters at the size the SVG is drawn at by default (96 pixels per inch), and
    // at least at the size of a large page, since CSS may enlarge it.
    let pt_per_unit = (0.75f32).max(1200.0 / size.width().max(size.height()));
    if filter_scale(&tree, pt_per_unit).is_none() {
        return Err(format!("its filters would take too long to draw (more than {MAX_FILTER_WORK} pixel operations)"));
    }
    Ok((ImageData { data: Arc::new(data), kind: ImageKind::Svg, width: w as u32, height: h as u32 }, notes))
}

/// The text an SVG draws (its `<text>` elements' words, joined by spaces), if it
/// draws any; `None` also for an SVG that does not parse (one that loaded was
/// checked by [`probe`]).
pub fn svg_text(data: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(data).ok()?;
    let xml_options = usvg::roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: 4_000_000, ..Default::default() };
    let doc = usvg::roxmltree::Document::parse_with_options(text, xml_options).ok()?;
    let texts = doc.descendants().filter(|n| n.has_tag_name("text"));
    let words: Vec<&str> =
        texts.flat_map(|n| n.descendants().filter(|d| d.is_text()).filter_map(|d| d.text()).flat_map(str::split_whitespace)).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Parses an SVG with the bundled fonts for its text, within the limits above. It
/// reads nothing else: images it refers to by file name or URL are left out; only
/// embedded `data:` images are used, and only those that decode within the limits.
pub fn parse_svg(data: &[u8]) -> Result<usvg::Tree, String> {
    parse_svg_noted(data).map(|(tree, _)| tree)
}

/// Like [`parse_svg`], with what was left out.
fn parse_svg_noted(data: &[u8]) -> Result<(usvg::Tree, Vec<String>), String> {
    let notes = Arc::new(Mutex::new(Vec::new()));
    let tree = parse_svg_at(data, 0, &notes)?;
    let notes = notes.lock().map(|mut n| std::mem::take(&mut *n)).unwrap_or_default();
    Ok((tree, notes))
}

fn parse_svg_at(data: &[u8], nesting: usize, notes: &Arc<Mutex<Vec<String>>>) -> Result<usvg::Tree, String> {
    if data.starts_with(&[0x1f, 0x8b]) {
        return Err("compressed SVGs (SVGZ) are not supported".into());
    }
    let text = std::str::from_utf8(data).map_err(|_| "not a valid SVG (it is not UTF-8 text)".to_string())?;
    let xml_options = usvg::roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: 4_000_000, ..Default::default() };
    let doc = usvg::roxmltree::Document::parse_with_options(text, xml_options).map_err(|e| format!("not a valid SVG ({e})"))?;
    let line = |pos: usvg::roxmltree::TextPos| pos.row;
    svg_structure(&doc).map_err(|(e, at)| format!("{e} (line {} of the SVG)", line(doc.text_pos_at(at))))?;
    let mut opt = usvg::Options::default();
    let resolver_notes = notes.clone();
    opt.image_href_resolver.resolve_string = Box::new(|_, _| None);
    opt.image_href_resolver.resolve_data = Box::new(move |mime, data, _| {
        let result = embedded_image(mime, data, nesting, &resolver_notes);
        match result {
            Ok(kind) => Some(kind),
            Err(e) => {
                if let Ok(mut n) = resolver_notes.lock() {
                    n.push(format!("an embedded image is left out: {e}"));
                }
                None
            }
        }
    });
    opt.font_family = "Roboto".into();
    let db = opt.fontdb_mut();
    for face in crate::font::FontBook::bundled_all().faces() {
        db.load_font_source(usvg::fontdb::Source::Binary(face.data.clone()));
    }
    let tree = usvg::Tree::from_xmltree(&doc, &opt).map_err(|e| format!("not a valid SVG ({e})"))?;
    svg_geometry(&tree)?;
    Ok(tree)
}

/// An image embedded in an SVG as a `data:` URL, checked like an image of the
/// document (the format is read from the bytes, not trusted from the MIME type).
fn embedded_image(mime: &str, data: Arc<Vec<u8>>, nesting: usize, notes: &Arc<Mutex<Vec<String>>>) -> Result<usvg::ImageKind, String> {
    let kind = match imagesize::image_type(&data) {
        Ok(imagesize::ImageType::Png) => ImageKind::Png,
        Ok(imagesize::ImageType::Jpeg) => ImageKind::Jpeg,
        Ok(imagesize::ImageType::Gif) => ImageKind::Gif,
        Ok(imagesize::ImageType::Webp) => ImageKind::Webp,
        _ if mime == "image/svg+xml" || looks_like_svg(&data) => ImageKind::Svg,
        _ => return Err("it is not a PNG, JPEG, GIF, WebP or SVG image".into()),
    };
    if kind == ImageKind::Svg {
        if nesting + 1 >= MAX_SVG_NESTING {
            return Err(format!("SVG images are followed only {MAX_SVG_NESTING} levels deep"));
        }
        return parse_svg_at(&data, nesting + 1, notes).map(usvg::ImageKind::SVG);
    }
    pixel_size(&data)?;
    decode_check(kind, &data)?;
    Ok(match kind {
        ImageKind::Png => usvg::ImageKind::PNG(data),
        ImageKind::Jpeg => usvg::ImageKind::JPEG(data),
        ImageKind::Gif => usvg::ImageKind::GIF(data),
        _ => usvg::ImageKind::WEBP(data),
    })
}

/// Checks the nesting and the references of an SVG before the SVG libraries, which
/// work recursively, see it. The error comes with the position of the element.
fn svg_structure(doc: &usvg::roxmltree::Document<'_>) -> Result<(), (String, usize)> {
    use std::collections::HashMap;
    let nodes: Vec<usvg::roxmltree::Node<'_, '_>> = doc.descendants().filter(|n| n.is_element()).collect();
    let index: HashMap<usvg::roxmltree::NodeId, usize> = nodes.iter().enumerate().map(|(i, n)| (n.id(), i)).collect();
    let ids: HashMap<&str, usize> = nodes.iter().enumerate().filter_map(|(i, n)| n.attribute("id").map(|id| (id, i))).collect();
    // Plain nesting first: it is what the parser itself recurses on.
    let mut depth = vec![0u32; nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        let parent = n.parent_element().and_then(|p| index.get(&p.id()).copied());
        depth[i] = parent.map_or(1, |p| depth[p] + 1);
        if depth[i] > MAX_SVG_DEPTH {
            return Err((format!("its elements nest more than {MAX_SVG_DEPTH} deep"), n.range().start));
        }
    }
    // The edges: children, then the elements each one refers to.
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        if let Some(p) = n.parent_element().and_then(|p| index.get(&p.id()).copied()) {
            edges[p].push(i);
        }
    }
    // Rules of `<style>` sheets that refer to elements are counted as references
    // from every element (a cautious over-estimate: selectors are not matched).
    let mut sheet_refs = Vec::new();
    for n in nodes.iter().filter(|n| n.tag_name().name() == "style") {
        for text in n.children().filter_map(|c| c.text()) {
            references(text, &mut |id| sheet_refs.extend(ids.get(id).copied()));
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        for a in n.attributes() {
            let value = a.value();
            if a.name() == "href" {
                if let Some(id) = value.trim().strip_prefix('#') {
                    edges[i].extend(ids.get(id).copied());
                }
            } else {
                references(value, &mut |id| edges[i].extend(ids.get(id).copied()));
            }
        }
        edges[i].extend(sheet_refs.iter().copied());
    }
    // Depth and expanded size of each element's drawing, memoised, without recursion.
    // An element met again while its own drawing is measured is a cycle, which the
    // SVG parser cuts; it counts as nothing here.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done(u32, u64),
    }
    let mut state = vec![State::New; nodes.len()];
    for root in 0..nodes.len() {
        if state[root] != State::New {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = State::Open;
        while let Some(&mut (n, ref mut next)) = stack.last_mut() {
            if let Some(&child) = edges[n].get(*next) {
                *next += 1;
                if state[child] == State::New {
                    state[child] = State::Open;
                    stack.push((child, 0));
                }
                continue;
            }
            let (mut d, mut size) = (0u32, 1u64);
            for &c in &edges[n] {
                if let State::Done(cd, cs) = state[c] {
                    d = d.max(cd);
                    size = size.saturating_add(cs);
                }
            }
            let d = d + 1;
            if d > MAX_SVG_DEPTH {
                return Err((
                    format!("its references (`<use>`, masks, clip paths, filters) chain more than {MAX_SVG_DEPTH} deep"),
                    nodes[n].range().start,
                ));
            }
            if size > MAX_SVG_ELEMENTS {
                return Err((
                    format!("it draws more than {MAX_SVG_ELEMENTS} elements once `<use>` copies are counted"),
                    nodes[n].range().start,
                ));
            }
            state[n] = State::Done(d, size);
            stack.pop();
        }
    }
    Ok(())
}

/// Calls `f` with the id of every `url(#id)` in a value.
fn references(value: &str, f: &mut dyn FnMut(&str)) {
    let mut rest = value;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let inner = rest.trim_start().trim_start_matches(['"', '\'']);
        if let Some(id) = inner.strip_prefix('#') {
            let end = id.find([')', '"', '\'', ' ']).unwrap_or(id.len());
            f(&id[..end]);
        }
    }
}

/// Calls `f` with every group of a parsed SVG, subroots (masks, clip paths,
/// patterns, filter images, text outlines) included. Recursive: the structure check
/// before parsing bounds the depth.
fn each_group<'a>(group: &'a usvg::Group, f: &mut dyn FnMut(&usvg::Group) -> Result<(), String>) -> Result<(), String> {
    f(group)?;
    let mut result = Ok(());
    for node in group.children() {
        if let usvg::Node::Group(g) = node {
            each_group(g, f)?;
        }
        node.subroots(|g| {
            if result.is_ok() {
                result = each_group(g, f);
            }
        });
        result.clone()?;
    }
    Ok(())
}

/// Checks that every coordinate, size and transform of a parsed SVG is within
/// [`MAX_SVG_COORDINATE`] (huge numbers make invalid PDFs) and that the SVG's own
/// size is neither huge nor vanishingly small (which scales everything up).
fn svg_geometry(tree: &usvg::Tree) -> Result<(), String> {
    let size = tree.size();
    let ok = |v: f32| v.is_finite() && v.abs() <= MAX_SVG_COORDINATE;
    if !(ok(size.width()) && ok(size.height())) || size.width().min(size.height()) < 1.0 / MAX_SVG_COORDINATE.sqrt() {
        return Err("its size is out of range".into());
    }
    let transform_ok = |t: usvg::Transform| [t.sx, t.kx, t.ky, t.sy, t.tx, t.ty].into_iter().all(ok);
    let rect_ok = |r: usvg::Rect| [r.left(), r.top(), r.right(), r.bottom()].into_iter().all(ok);
    each_group(tree.root(), &mut |group| {
        let mut fine = transform_ok(group.transform()) && transform_ok(group.abs_transform());
        for node in group.children() {
            fine &= transform_ok(node.abs_transform()) && rect_ok(node.bounding_box()) && rect_ok(node.abs_bounding_box());
        }
        if fine {
            Ok(())
        } else {
            Err(format!("its geometry is out of range (a size, coordinate or scale beyond {MAX_SVG_COORDINATE})"))
        }
    })
}

/// The resolution (pixels per point) to draw an SVG's filters at when the SVG is
/// drawn at `pt_per_unit` points per SVG unit: krilla-svg's default, or lower if the
/// filters would take more than [`MAX_FILTER_WORK`] there; `None` if they would even
/// at the lowest resolution.
pub fn filter_scale(tree: &usvg::Tree, pt_per_unit: f32) -> Option<f32> {
    let mut filtered = Vec::new();
    let _ = each_group(tree.root(), &mut |group| {
        if !group.filters().is_empty() {
            filtered.push(FilteredGroup::of(group));
        }
        Ok(())
    });
    let mut scale = FILTER_SCALE;
    loop {
        let work: f64 = filtered.iter().map(|g| g.work(pt_per_unit * scale)).sum();
        if work <= MAX_FILTER_WORK {
            return Some(scale);
        }
        if scale <= MIN_FILTER_SCALE {
            return None;
        }
        scale /= 2.0;
    }
}

/// What the work of drawing a group's filters depends on: its layer's size and
/// scale in SVG units, and each primitive's work per pixel (a morphology's by its
/// radii, in the group's units).
struct FilteredGroup {
    width: f64,
    height: f64,
    scale: f64,
    primitives: Vec<Primitive>,
}

enum Primitive {
    PerPixel(f64),
    Morphology(f64, f64),
}

impl FilteredGroup {
    fn of(group: &usvg::Group) -> Self {
        let layer = group.abs_layer_bounding_box();
        let (sx, sy) = group.abs_transform().get_scale();
        let mut primitives = Vec::new();
        for filter in group.filters() {
            for p in filter.primitives() {
                primitives.push(match p.kind() {
                    usvg::filter::Kind::Morphology(m) => {
                        Primitive::Morphology(f64::from(m.radius_x().get()), f64::from(m.radius_y().get()))
                    }
                    usvg::filter::Kind::ConvolveMatrix(c) => {
                        Primitive::PerPixel(f64::from(c.matrix().columns()) * f64::from(c.matrix().rows()))
                    }
                    usvg::filter::Kind::Turbulence(t) => Primitive::PerPixel(8.0 * f64::from(t.num_octaves().max(1))),
                    _ => Primitive::PerPixel(8.0),
                });
            }
        }
        let scale = f64::from(sx.max(sy));
        Self { width: f64::from(layer.width()), height: f64::from(layer.height()), scale, primitives }
    }

    /// The pixel operations at `px_per_unit` pixels per SVG unit, the way
    /// krilla-svg draws filters (one picture of the layer, at most 5000 pixels a
    /// side).
    fn work(&self, px_per_unit: f32) -> f64 {
        let scale = f64::from(px_per_unit).min(5000.0 / self.width.max(self.height).max(1e-9));
        let (w, h) = ((self.width * scale).ceil().max(1.0), (self.height * scale).ceil().max(1.0));
        let unit = scale * self.scale;
        let per_pixel: f64 = self
            .primitives
            .iter()
            .map(|p| match *p {
                Primitive::PerPixel(n) => n,
                Primitive::Morphology(rx, ry) => ((rx * unit).ceil() * 2.0).clamp(1.0, w) * ((ry * unit).ceil() * 2.0).clamp(1.0, h),
            })
            .sum();
        w * h * per_pixel
    }
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

    #[test]
    fn a_truncated_png_is_refused() {
        let cut = &PNG_1X1[..PNG_1X1.len() - 20];
        let e = probe(cut.to_vec()).unwrap_err();
        assert!(e.contains("cannot be decoded"), "{e}");
    }

    #[test]
    fn svg_references_are_counted() {
        let mut ids = Vec::new();
        references("fill: url(#a); mask:url( '#b' ) url(x)", &mut |id| ids.push(id.to_string()));
        assert_eq!(ids, ["a", "b"]);
        let chain: String =
            (0..200).map(|i| format!("<mask id='m{i}' mask='url(#m{})'><rect width='1' height='1'/></mask>", i + 1)).collect();
        let svg = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'>{chain}<rect mask='url(#m0)' width='4' height='4'/></svg>"
        );
        let e = probe(svg.into_bytes()).unwrap_err();
        assert!(e.contains("chain more than"), "{e}");
    }
}

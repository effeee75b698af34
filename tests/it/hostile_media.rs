//! Hostile images, SVGs and fonts (issue 13, round two), generated here: each is run
//! through the binary under a memory limit (`ulimit -v`) and a wall-clock bound, and
//! must give a valid PDF, with what cannot be drawn named in a warning with its line.
//! Plus fonts kept for a process's life (memory of repeated renders in one process).

use crate::common;

use std::fs;
use std::io::Write;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{contains_bytes, qpdf_check, stderr, TestDir};

// ---------------------------------------------------------------------------------------
// Running the binary within bounds
// ---------------------------------------------------------------------------------------

/// Runs the sealed binary in `dir` under [`common::BOUNDS`]' memory limit (2 GB of
/// address space), killing it after `limit`. Panics (the test fails) if it has not
/// finished by then.
fn run_bounded(dir: &TestDir, args: &[&str], limit: Duration) -> Output {
    let run = common::run_bounded(&dir.command(args), common::Bounds { wall: limit, ..common::BOUNDS });
    assert!(!run.timed_out, "cvpdf {args:?} ran longer than {limit:?}; stderr so far:\n{}", stderr(&run.output));
    run.output
}

/// Renders `cv.md` (already written) to `cv.pdf` within bounds, and checks what every
/// hostile input must give: exit 0, a PDF that `qpdf --check` accepts and that has
/// no number too large for PDF readers, and the text after the images.
fn render_ok(dir: &TestDir, extra: &[&str]) -> String {
    let mut args = vec!["cv.md", "-o", "cv.pdf"];
    args.extend(extra);
    let out = run_bounded(dir, &args, Duration::from_secs(30));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "exit status; stderr:\n{err}");
    let pdf = dir.path("cv.pdf");
    qpdf_check(&pdf);
    let bytes = fs::read(&pdf).expect("pdf");
    assert!(!has_huge_number(&bytes), "the PDF has a number of 12 or more digits");
    let text = common::tool("pdftotext", &[common::arg(&pdf), "-"]);
    assert!(text.contains("The end"), "text after the images is missing:\n{text}");
    err
}

/// Whether the PDF's uncompressed parts or its content streams (inflated) hold a
/// number with 12 or more integer digits.
fn has_huge_number(pdf: &[u8]) -> bool {
    let mut texts = vec![pdf.to_vec()];
    // Inflate every stream that inflates (content streams are Flate-compressed).
    let mut at = 0;
    while let Some(start) = find(pdf, b"stream\n", at) {
        let body = start + 7;
        let Some(end) = find(pdf, b"endstream", body) else { break };
        let mut inflated = Vec::new();
        if std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&pdf[body..end]), &mut inflated).is_ok() {
            texts.push(inflated);
        }
        at = end;
    }
    texts.iter().any(|t| {
        let mut run = 0;
        for &b in t {
            if b.is_ascii_digit() {
                run += 1;
                if run >= 12 {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        false
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// A document with one image per line after the heading (line 3, 5, 7…), then text.
fn document(dir: &TestDir, images: &[(&str, Vec<u8>)]) {
    let mut md = String::from("# Ada Example\n");
    for (name, bytes) in images {
        dir.write(name, bytes);
        md.push_str(&format!("\n![{name}]({name})\n"));
    }
    md.push_str("\nThe end.\n");
    dir.write("cv.md", md);
}

/// The line of image `i` (from 0) in [`document`].
fn line_of(i: usize) -> usize {
    3 + 2 * i
}

/// Asserts that stderr warns about image `name` on `line`, with `reason`.
#[track_caller]
fn assert_warned(err: &str, line: usize, name: &str, reason: &str) {
    let at = format!("cv.md:{line}:");
    let found = err.lines().any(|l| l.contains(&at) && l.contains(&format!("image `{name}`")) && l.contains(reason));
    assert!(found, "no warning `{at} … image `{name}` … {reason}` in:\n{err}");
}

// ---------------------------------------------------------------------------------------
// Generated files
// ---------------------------------------------------------------------------------------

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&common::crc32(&body).to_be_bytes());
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data).expect("deflate");
    z.finish().expect("deflate")
}

/// A grey PNG of `w`×`h` pixels (the `png` crate's encoder).
fn png_gray(w: u32, h: u32) -> Vec<u8> {
    common::encode_png(w, h, png::ColorType::Grayscale, &vec![0x80; w as usize * h as usize], None)
}

/// A PNG with this header and image data (colour type `color`, 8 bits), written by
/// hand: the header may promise far more pixels than the data holds, which no
/// encoder would write.
fn png_with(w: u32, h: u32, color: u8, idat: &[u8]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, color, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", idat);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A GIF of `w`×`h` pixels in two colours (stripes), LZW-compressed.
fn gif(w: u16, h: u16) -> Vec<u8> {
    let mut out = b"GIF89a".to_vec();
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.extend_from_slice(&[0x80, 0, 0]); // global colour table of 2 entries
    out.extend_from_slice(&[0x20, 0x40, 0x80, 0xf0, 0xe0, 0xd0]);
    out.push(0x2c);
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.push(0);
    let pixels: Vec<u8> = (0..usize::from(w) * usize::from(h)).map(|i| u8::from((i / usize::from(w)) % 64 < 32)).collect();
    out.push(2); // minimum code size
    for block in lzw(&pixels, 2).chunks(255) {
        out.push(block.len() as u8);
        out.extend_from_slice(block);
    }
    out.push(0);
    out.push(0x3b);
    out
}

/// GIF's LZW (variable code width, clear when the table is full).
fn lzw(data: &[u8], min: u8) -> Vec<u8> {
    use std::collections::HashMap;
    let clear = 1u32 << min;
    let end = clear + 1;
    let mut table: HashMap<(u32, u8), u32> = HashMap::new();
    let (mut next, mut width) = (end + 1, u32::from(min) + 1);
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u64, 0u32);
    let mut emit = |code: u32, width: u32, out: &mut Vec<u8>| {
        acc |= u64::from(code) << bits;
        bits += width;
        while bits >= 8 {
            out.push(acc as u8);
            acc >>= 8;
            bits -= 8;
        }
    };
    emit(clear, width, &mut out);
    let mut prefix: Option<u32> = None;
    for &b in data {
        let Some(p) = prefix else {
            prefix = Some(u32::from(b));
            continue;
        };
        if let Some(&code) = table.get(&(p, b)) {
            prefix = Some(code);
            continue;
        }
        emit(p, width, &mut out);
        if next < 4096 {
            table.insert((p, b), next);
            if next == 1 << width && width < 12 {
                width += 1;
            }
            next += 1;
        } else {
            emit(clear, width, &mut out);
            table.clear();
            next = end + 1;
            width = u32::from(min) + 1;
        }
        prefix = Some(u32::from(b));
    }
    if let Some(p) = prefix {
        emit(p, width, &mut out);
    }
    emit(end, width, &mut out);
    if bits > 0 {
        out.push(acc as u8);
    }
    out
}

/// A grey baseline JPEG of `w`×`h` pixels (every block flat), written by hand.
fn jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut out = vec![0xff, 0xd8];
    out.extend_from_slice(&[0xff, 0xdb, 0, 67, 0]);
    out.extend_from_slice(&[1; 64]);
    out.extend_from_slice(&[0xff, 0xc0, 0, 11, 8]);
    out.extend_from_slice(&h.to_be_bytes());
    out.extend_from_slice(&w.to_be_bytes());
    out.extend_from_slice(&[1, 1, 0x11, 0]);
    for class in [0x00, 0x10] {
        // One code of length 1 for symbol 0 (DC: no difference; AC: end of block).
        out.extend_from_slice(&[0xff, 0xc4, 0, 20, class, 1]);
        out.extend_from_slice(&[0; 15]);
        out.push(0);
    }
    out.extend_from_slice(&[0xff, 0xda, 0, 8, 1, 1, 0x00, 0, 63, 0]);
    let blocks = usize::from(w.div_ceil(8)) * usize::from(h.div_ceil(8));
    // Two zero bits a block, then padding with ones.
    let bits = blocks * 2;
    out.extend(std::iter::repeat_n(0u8, bits / 8));
    if bits % 8 != 0 {
        out.push(0xff >> (bits % 8));
    }
    out.extend_from_slice(&[0xff, 0xd9]);
    out
}

/// An SVG of 40×40 units around `body` (and `defs`).
fn svg(defs: &str, body: &str) -> Vec<u8> {
    format!("<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' width='40' height='40'><defs>{defs}</defs>{body}</svg>").into_bytes()
}

fn base64(data: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                s.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

// ---------------------------------------------------------------------------------------
// Item 2: SVG nesting and reference chains
// ---------------------------------------------------------------------------------------

#[test]
fn deep_and_chained_svgs_are_refused_with_a_warning() {
    let n = 2000;
    let masks: String =
        (0..n).map(|i| format!("<mask id='m{i}' mask='url(#m{})'><rect width='40' height='40' fill='white'/></mask>", i + 1)).collect();
    let clips: String =
        (0..n).map(|i| format!("<clipPath id='c{i}' clip-path='url(#c{})'><rect width='40' height='40'/></clipPath>", i + 1)).collect();
    let filters: String = (0..n)
        .map(|i| {
            format!(
                "<filter id='f{i}'><feImage xlink:href='#g{i}'/></filter><g id='g{i}' filter='url(#f{})'><rect width='4' height='4'/></g>",
                i + 1
            )
        })
        .collect();
    let uses: String = (0..n).map(|i| format!("<g id='u{}'><use xlink:href='#u{i}'/></g>", i + 1)).collect();
    let bomb: String = (0..9).map(|i| format!("<g id='b{}'>{}</g>", i + 1, format!("<use xlink:href='#b{i}'/>").repeat(10))).collect();
    let deep = format!("{}<rect width='4' height='4'/>{}", "<g>".repeat(10_000), "</g>".repeat(10_000));
    let dir = TestDir::sealed("svg-depth");
    let images = [
        ("masks.svg", svg(&masks, "<rect mask='url(#m0)' width='40' height='40'/>")),
        ("clips.svg", svg(&clips, "<rect clip-path='url(#c0)' width='40' height='40'/>")),
        ("filters.svg", svg(&filters, "<rect filter='url(#f0)' width='40' height='40'/>")),
        ("uses.svg", svg(&format!("<g id='u0'><rect width='4' height='4'/></g>{uses}"), &format!("<use xlink:href='#u{n}'/>"))),
        ("bomb.svg", svg(&format!("<g id='b0'><rect width='4' height='4'/></g>{bomb}"), "<use xlink:href='#b9'/>")),
        ("deep.svg", svg("", &deep)),
    ];
    document(&dir, &images);
    let err = render_ok(&dir, &[]);
    for (i, (name, _)) in images.iter().enumerate() {
        assert_warned(&err, line_of(i), name, "is shown as its alt text");
    }
    assert!(err.contains("chain more than 64 deep"), "{err}");
    assert!(err.contains("more than 100000 elements"), "{err}");
    assert!(err.contains("nest more than 64 deep"), "{err}");
}

#[test]
fn ordinary_svgs_with_references_still_draw() {
    let dir = TestDir::sealed("svg-ok");
    let defs = "<linearGradient id='g'><stop offset='0' stop-color='red'/><stop offset='1' stop-color='blue'/></linearGradient>\
                <mask id='m'><rect width='40' height='40' fill='white'/></mask><g id='dot'><circle r='3' cx='5' cy='5' fill='url(#g)'/></g>";
    let body: String = (0..20).map(|i| format!("<use xlink:href='#dot' x='{}' mask='url(#m)'/>", i * 2)).collect();
    document(&dir, &[("fine.svg", svg(defs, &body))]);
    let err = render_ok(&dir, &[]);
    assert!(!err.contains("fine.svg"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Item 4: the pixel limit inside SVGs
// ---------------------------------------------------------------------------------------

#[test]
fn images_inside_svgs_keep_the_pixel_limit() {
    // 60000 x 60000 declared, a few bytes of data: 14 GB if decoded.
    let huge = png_with(60_000, 60_000, 2, &zlib(&[0; 64]));
    let inside = svg("", &format!("<image width='40' height='40' xlink:href='data:image/png;base64,{}'/>", base64(&huge)));
    // A small valid PNG next to it still draws.
    let fine = svg("", &format!("<image width='40' height='40' xlink:href='data:image/png;base64,{}'/>", base64(&png_gray(8, 8))));
    // An SVG inside an SVG inside an SVG… is followed 3 levels deep.
    let mut nested = svg("", "<rect width='4' height='4'/>");
    for _ in 0..5 {
        nested = svg("", &format!("<image width='40' height='40' xlink:href='data:image/svg+xml;base64,{}'/>", base64(&nested)));
    }
    let huge_svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='1e20' height='1e20'><rect width='4' height='4'/></svg>".to_vec();
    let dir = TestDir::sealed("svg-pixels");
    let images = [("inside.svg", inside), ("fine.svg", fine), ("nested.svg", nested), ("huge.svg", huge_svg)];
    document(&dir, &images);
    let err = render_ok(&dir, &[]);
    assert_warned(
        &err,
        line_of(0),
        "inside.svg",
        "an embedded image is left out: it has 60000 x 60000 pixels, more than the limit of 40000000",
    );
    assert!(!err.contains("fine.svg"), "{err}");
    assert_warned(&err, line_of(2), "nested.svg", "SVG images are followed only 3 levels deep");
    assert_warned(&err, line_of(3), "huge.svg", "its size is out of range");
}

// ---------------------------------------------------------------------------------------
// Item 7: filter work and the deadline
// ---------------------------------------------------------------------------------------

#[test]
fn svg_filters_are_bounded_in_time() {
    // A blur and a wide dilation over the whole picture: minutes of pixel work at
    // krilla-svg's resolution.
    let slow = b"<svg xmlns='http://www.w3.org/2000/svg' width='2000' height='2000'><filter id='f' x='0' y='0' width='1' height='1'>\
<feGaussianBlur stdDeviation='40'/><feMorphology operator='dilate' radius='300'/></filter>\
<rect width='2000' height='2000' fill='teal' filter='url(#f)'/></svg>"
        .to_vec();
    let octaves = b"<svg xmlns='http://www.w3.org/2000/svg' width='400' height='400'><filter id='t'><feTurbulence baseFrequency='0.05' numOctaves='1000000000'/></filter>\
<rect width='400' height='400' filter='url(#t)'/></svg>"
        .to_vec();
    // A small drop shadow is cheap and still drawn.
    let shadow =
        b"<svg xmlns='http://www.w3.org/2000/svg' width='100' height='60'><filter id='s'><feGaussianBlur stdDeviation='2'/></filter>\
<rect x='10' y='10' width='60' height='30' fill='gray' filter='url(#s)'/></svg>"
            .to_vec();
    let dir = TestDir::sealed("svg-filter");
    let images = [("slow.svg", slow), ("octaves.svg", octaves), ("shadow.svg", shadow)];
    document(&dir, &images);
    let started = Instant::now();
    let err = render_ok(&dir, &["--timeout", "3"]);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_warned(&err, line_of(0), "slow.svg", "its filters would take too long to draw");
    assert_warned(&err, line_of(1), "octaves.svg", "its filters would take too long to draw");
    assert!(!err.contains("shadow.svg"), "{err}");
    let pdf = fs::read(dir.path("cv.pdf")).expect("pdf");
    assert!(contains_bytes(&pdf, b"/Subtype/Image"), "the shadow is drawn as an image");
}

// ---------------------------------------------------------------------------------------
// Item 13: numbers out of range, unchecked JPEGs
// ---------------------------------------------------------------------------------------

#[test]
fn svg_geometry_out_of_range_is_refused() {
    let wide = svg("", "<rect width='1e20' height='4'/>");
    let scaled = svg("", "<g transform='scale(1e25)'><rect width='1' height='1'/></g>");
    let tiny = b"<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100' viewBox='0 0 1e-30 1e-30'><rect width='1e-30' height='1e-30'/></svg>".to_vec();
    let dir = TestDir::sealed("svg-numbers");
    let images = [("wide.svg", wide), ("scaled.svg", scaled), ("tiny.svg", tiny)];
    document(&dir, &images);
    let err = render_ok(&dir, &[]);
    assert_warned(&err, line_of(0), "wide.svg", "its geometry is out of range");
    assert_warned(&err, line_of(1), "scaled.svg", "its geometry is out of range");
    assert_warned(&err, line_of(2), "tiny.svg", "is shown as its alt text");
}

#[test]
fn broken_jpegs_are_refused_and_good_ones_drawn() {
    let good = jpeg(64, 48);
    let cut = good[..good.len() - 10].to_vec();
    let dir = TestDir::sealed("jpeg");
    let images = [("good.jpg", good), ("cut.jpg", cut)];
    document(&dir, &images);
    let err = render_ok(&dir, &[]);
    assert!(!err.contains("good.jpg"), "{err}");
    assert_warned(&err, line_of(1), "cut.jpg", "it cannot be decoded");
    let pdf = fs::read(dir.path("cv.pdf")).expect("pdf");
    assert!(contains_bytes(&pdf, b"/DCTDecode"), "the good JPEG is embedded");
}

// ---------------------------------------------------------------------------------------
// Item 14: one bad image or font does not fail the document
// ---------------------------------------------------------------------------------------

#[test]
fn broken_raster_images_become_alt_text() {
    let png = png_gray(40, 30);
    let gif = gif(40, 30);
    let mut images: Vec<(String, Vec<u8>)> = vec![("cut.png".into(), png[..png.len() - 30].to_vec())];
    // Bytes flipped at spread-out places: each file must draw or warn.
    for (base, ext) in [(&png, "png"), (&gif, "gif")] {
        for k in 0..12 {
            let mut b = base.clone();
            let at = 8 + (k * 7919) % (b.len() - 8);
            b[at] ^= 0x5a;
            let len = b.len();
            b[(at * 3) % len] = 0xff;
            images.push((format!("fuzz{k}.{ext}"), b));
        }
    }
    images.push((
        "junk.webp".into(),
        b"RIFF\x30\0\0\0WEBPVP8L\x20\0\0\0\x2f\x0f\xc0\x03\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec(),
    ));
    let dir = TestDir::sealed("raster");
    let named: Vec<(&str, Vec<u8>)> = images.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    document(&dir, &named);
    let err = render_ok(&dir, &[]);
    assert_warned(&err, line_of(0), "cut.png", "it cannot be decoded");
    assert!(!err.contains("this is a bug"), "{err}");
}

#[test]
fn a_large_ordinary_gif_is_drawn() {
    let dir = TestDir::sealed("gif");
    document(&dir, &[("photo.gif", gif(3600, 3600)), ("small.gif", gif(40, 30))]);
    let err = render_ok(&dir, &[]);
    assert!(!err.contains("photo.gif") && !err.contains("small.gif"), "{err}");
    let pdf = fs::read(dir.path("cv.pdf")).expect("pdf");
    assert!(contains_bytes(&pdf, b"/Width 3600"), "the GIF is embedded");
}

/// A TrueType font with glyph 1 (a square) for U+E000, which no bundled font has;
/// with its glyph's location past the end of its outlines if `broken` (the font
/// parses, but cannot be subset), and with a table of `padding` bytes (marked with
/// `mark`) to make it as large as wanted.
fn ttf(broken: bool, padding: usize, mark: u8) -> Vec<u8> {
    let be16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_be_bytes());
    let mut tables: Vec<(&[u8; 4], Vec<u8>)> = Vec::new();
    // cmap: one format 4 subtable, U+E000 → glyph 1.
    let mut cmap = Vec::new();
    for x in [0u16, 1, 3, 1, 0, 12, 4, 32, 0, 4, 4, 1, 0, 0xE000, 0xFFFF, 0, 0xE000, 0xFFFF, 1u16.wrapping_sub(0xE000), 1, 0, 0] {
        be16(&mut cmap, x);
    }
    tables.push((b"cmap", cmap));
    {
        let mut glyf = Vec::new();
        for x in [1u16, 0, 0, 500, 500, 3, 0] {
            be16(&mut glyf, x);
        }
        glyf.extend_from_slice(&[1, 1, 1, 1]);
        for x in [0i16, 500, 0, -500, 0, 0, 500, 0] {
            glyf.extend_from_slice(&x.to_be_bytes());
        }
        glyf.resize(36, 0);
        tables.push((b"glyf", glyf));
    }
    let mut head = Vec::new();
    for x in [1u16, 0, 1, 0, 0, 0, 0x5F0F, 0x3CF5, 0, 1000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 500, 500, 0, 8, 2, 1, 0] {
        be16(&mut head, x);
    }
    tables.push((b"head", head));
    let mut hhea = Vec::new();
    for x in [1u16, 0, 800, (-200i16) as u16, 0, 600, 0, 0, 500, 1, 0, 0, 0, 0, 0, 0, 0, 2] {
        be16(&mut hhea, x);
    }
    tables.push((b"hhea", hhea));
    tables.push((b"hmtx", [600u16, 0, 600, 0].iter().flat_map(|x| x.to_be_bytes()).collect()));
    let end = if broken { 4000u32 } else { 36 };
    tables.push((b"loca", [0u32, 0, end].iter().flat_map(|x| x.to_be_bytes()).collect()));
    let mut maxp = Vec::new();
    for x in [1u16, 0, 2, 4, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] {
        be16(&mut maxp, x);
    }
    tables.push((b"maxp", maxp));
    let mut post = Vec::new();
    for x in [3u16, 0, 0, 0, (-100i16) as u16, 50, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] {
        be16(&mut post, x);
    }
    tables.push((b"post", post));
    if padding > 0 {
        tables.push((b"zpad", vec![mark; padding]));
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for x in [tables.len() as u16, 16, 0, 0] {
        be16(&mut out, x);
    }
    let mut offset = 12 + 16 * tables.len();
    let mut body = Vec::new();
    for (tag, data) in &tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&0u32.to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        body.extend_from_slice(data);
        while body.len() % 4 != 0 {
            body.push(0);
        }
        offset = 12 + 16 * tables.len() + body.len();
    }
    out.extend_from_slice(&body);
    out
}

#[test]
fn a_font_the_pdf_cannot_embed_is_left_out_with_a_warning() {
    let dir = TestDir::sealed("font");
    dir.write("broken.ttf", ttf(true, 0, 0));
    dir.write("good.ttf", ttf(false, 0, 0));
    dir.write("cv.md", "---\nfonts: [broken.ttf]\n---\n# Ada Example\n\nA private sign: \u{E000}\n\nThe end.\n");
    let err = render_ok(&dir, &[]);
    assert!(err.contains("font `broken.ttf` is not used: it cannot be embedded in a PDF"), "{err}");
    // A sound font is used.
    dir.write("cv.md", "---\nfonts: [good.ttf]\n---\n# Ada Example\n\nA private sign: \u{E000}\n\nThe end.\n");
    let err = render_ok(&dir, &[]);
    assert!(!err.contains("good.ttf"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Item 17: fonts are not kept for the process's life
// ---------------------------------------------------------------------------------------

/// The resident memory of this process, in bytes.
fn resident() -> u64 {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kb.unwrap_or(0) * 1024
}

/// Run in a process of its own by [`user_fonts_are_freed_after_each_render`] (so that
/// other tests do not blur the measure): renders 12 documents, each with its own 20 MB
/// font, in one process.
#[test]
#[ignore = "run by user_fonts_are_freed_after_each_render in a process of its own"]
fn renders_with_big_fonts_in_one_process() {
    const MB: usize = 1024 * 1024;
    let mut before = 0;
    for i in 0..12u8 {
        let font = std::sync::Arc::new(ttf(false, 20 * MB, i));
        let loader: cvpdf::Loader = std::sync::Arc::new(move |_: &str| Ok(font.to_vec()));
        let options = cvpdf::Options { loader: Some(loader), ..cvpdf::Options::default() };
        let out = cvpdf::render("---\nfonts: [big.ttf]\n---\n# Ada Example\n\nA private sign: \u{E000}\n", &options);
        let pdf = out.output.expect("renders");
        assert!(pdf.starts_with(b"%PDF-"));
        if i == 1 {
            before = resident();
        }
    }
    let grown = resident().saturating_sub(before);
    println!("RESIDENT-GROWTH {grown}");
    assert!(grown < (100 * MB) as u64, "memory grew by {} MB over 10 renders with a 20 MB font each", grown / MB as u64);
}

#[test]
fn user_fonts_are_freed_after_each_render() {
    let exe = std::env::current_exe().expect("test binary");
    let out = Command::new(exe)
        .args(["--exact", "hostile_media::renders_with_big_fonts_in_one_process", "--ignored", "--nocapture", "--test-threads", "1"])
        .output()
        .expect("run the test binary");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && text.contains("RESIDENT-GROWTH"), "{text}");
}

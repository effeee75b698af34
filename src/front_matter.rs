//! Front matter: finds the YAML (`---`) or TOML (`+++`) block at the very start of the
//! source, and turns it into typed options plus warnings.

use std::ops::Range;

use crate::diag::{did_you_mean, floor_char_boundary, DiagResult, Diagnostic, Warned};
use crate::geom::{Sides, Size, PT_PER_MM, PT_PER_PX};

/// Which syntax the front matter was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// YAML between `---` lines (closed by `---` or `...`).
    Yaml,
    /// TOML between `+++` lines (Hugo).
    Toml,
}

/// The typed result of reading the front matter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FrontMatter {
    /// Syntax of the block, or `None` if the source has no front matter.
    pub syntax: Option<Syntax>,
    /// Byte offset in the source where the Markdown body starts (after the closing line).
    pub body_start: usize,
    /// Page and PDF options (`pdf_options` in md-to-pdf).
    pub page: PageOptions,
    /// Document metadata.
    pub meta: Meta,
    /// Inline CSS (`css`).
    pub css: Option<String>,
    /// Stylesheet paths or URLs (`stylesheet`, string or list), in order.
    pub stylesheets: Vec<String>,
    /// Classes put on the root element (`body_class`, string or list).
    pub body_class: Vec<String>,
    /// Built-in theme name (`theme`).
    pub theme: Option<String>,
    /// `page_media_type` (md-to-pdf; `screen` by default).
    pub page_media_type: Option<String>,
    /// `fonts`: font files next to the document, used after the bundled and system
    /// fonts for characters none of them has.
    pub fonts: Vec<String>,
    /// `outline_depth`: headings down to this level (0–6) become PDF bookmarks;
    /// `None` when absent (3 is used), 0 for no bookmarks.
    pub outline_depth: Option<u8>,
    /// `fit_pages`: shrink type and spacing until the document fits this many pages.
    pub fit_pages: Option<u32>,
    /// `fit_floor`: the smallest scale `fit_pages` may use (0.3–1, default 0.7).
    pub fit_floor: Option<f32>,
    /// `max_pages`: the most pages the document should have (`cvpdf check` warns
    /// when it has more); `None` when absent.
    pub max_pages: Option<u32>,
}

/// Values that sit under the document's own front matter (`defaults`, from a
/// configuration file) or over it (`overrides`, from command-line flags). `None` or
/// empty leaves the value alone. The binary builds them; the library reads no file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Settings {
    /// Page size, portrait (as `format`).
    pub format: Option<Size>,
    /// `landscape`.
    pub landscape: Option<bool>,
    /// Margins in points.
    pub margin: Option<Sides<f32>>,
    /// `theme`.
    pub theme: Option<String>,
    /// `css` (text); as a default it gives way to the document's `css`, as an
    /// override it is added after it.
    pub css: Option<String>,
    /// `stylesheet` paths, relative to the document.
    pub stylesheets: Vec<String>,
    /// `document_title`.
    pub title: Option<String>,
    /// `headerTemplate` (HTML).
    pub header_template: Option<String>,
    /// `footerTemplate` (HTML).
    pub footer_template: Option<String>,
    /// `max_pages`.
    pub max_pages: Option<u32>,
}

/// Page geometry and PDF options, with md-to-pdf's names and defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct PageOptions {
    /// Page size in points, with `landscape` already applied.
    pub size: Size,
    /// Margins in points. Default 30mm 40mm 30mm 20mm (top right bottom left).
    pub margin: Sides<f32>,
    /// `landscape`.
    pub landscape: bool,
    /// `printBackground`.
    pub print_background: bool,
    /// `scale` (0.1–2, default 1).
    pub scale: f32,
    /// `displayHeaderFooter` as given (`None` if absent).
    pub display_header_footer: Option<bool>,
    /// `headerTemplate`.
    pub header_template: Option<String>,
    /// `footerTemplate`.
    pub footer_template: Option<String>,
    /// `pageRanges`.
    pub page_ranges: Option<String>,
    /// `preferCSSPageSize`.
    pub prefer_css_page_size: bool,
    /// `omitBackground`.
    pub omit_background: bool,
    /// `tagged`: write a tagged PDF (Chrome's name for it).
    pub tagged: bool,
    /// `pdfa`: write PDF/A-2b.
    pub pdfa: bool,
}

/// Document metadata, from md-to-pdf and site-generator keys.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    /// `document_title`.
    pub document_title: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `author` (a list is joined with ", ").
    pub author: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `keywords` and `tags`.
    pub keywords: Vec<String>,
    /// `date`, as written.
    pub date: Option<String>,
    /// `lang`.
    pub lang: Option<String>,
}

/// A4 in points.
pub const A4: Size = Size::new(595.28, 841.89);

// ---------------------------------------------------------------------------
// Defaults and constants
// ---------------------------------------------------------------------------

impl Default for PageOptions {
    fn default() -> Self {
        Self {
            size: A4,
            margin: default_margin(),
            landscape: false,
            // md-to-pdf's default configuration prints backgrounds.
            print_background: true,
            scale: 1.0,
            display_header_footer: None,
            header_template: None,
            footer_template: None,
            page_ranges: None,
            prefer_css_page_size: false,
            omit_background: false,
            tagged: false,
            pdfa: false,
        }
    }
}

/// md-to-pdf's default margin: 30mm 40mm 30mm 20mm (top right bottom left).
fn default_margin() -> Sides<f32> {
    Sides::new(30.0 * PT_PER_MM, 40.0 * PT_PER_MM, 30.0 * PT_PER_MM, 20.0 * PT_PER_MM)
}

/// Paper formats accepted by `pdf_options.format`, as written in error messages.
pub const FORMATS: &[&str] = &["A0", "A1", "A2", "A3", "A4", "A5", "A6", "Letter", "Legal", "Tabloid", "Ledger"];

/// The size of a named paper format (case-insensitive), portrait, in points.
pub fn format_size(name: &str) -> Option<Size> {
    let mm = |w: f32, h: f32| Size::new(w * PT_PER_MM, h * PT_PER_MM);
    let name = name.trim().to_ascii_lowercase();
    Some(match name.as_str() {
        "a0" => mm(841.0, 1189.0),
        "a1" => mm(594.0, 841.0),
        "a2" => mm(420.0, 594.0),
        "a3" => mm(297.0, 420.0),
        "a4" => A4,
        "a5" => mm(148.0, 210.0),
        "a6" => mm(105.0, 148.0),
        "letter" => Size::new(612.0, 792.0),
        "legal" => Size::new(612.0, 1008.0),
        "tabloid" => Size::new(792.0, 1224.0),
        "ledger" => Size::new(1224.0, 792.0),
        _ => return None,
    })
}

/// Units accepted in lengths, as written in hints.
const UNITS: &str = "mm, cm, in, px, pt (a bare number is px)";

/// Parses a CSS length (`15mm`, `1in`, `2.5 cm`, `20px`, `12pt`, bare `20` = px) into points.
///
/// Returns an error message (lowercase, no period) for negative or unparseable lengths.
pub fn parse_length(text: &str) -> Result<f32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("expected a length, found an empty string".into());
    }
    let split =
        t.char_indices().find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))).map_or(t.len(), |(i, _)| i);
    // `e` may start a unit name (`em`); only treat it as an exponent when digits follow.
    let (mut num, mut unit) = t.split_at(split);
    if let Some(pos) = num.find(['e', 'E']) {
        let after = &num[pos + 1..];
        if after.is_empty() || !after.trim_start_matches(['+', '-']).starts_with(|c: char| c.is_ascii_digit()) {
            unit = &t[pos..];
            num = &t[..pos];
        }
    }
    let value: f32 = num.trim().parse().map_err(|_| format!("invalid length `{t}`"))?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "px" => PT_PER_PX,
        "pt" => 1.0,
        "mm" => PT_PER_MM,
        "cm" => 10.0 * PT_PER_MM,
        "in" => 72.0,
        _ => return Err(format!("invalid length `{t}`: unknown unit")),
    };
    if !value.is_finite() {
        return Err(format!("invalid length `{t}`"));
    }
    if value < 0.0 {
        return Err(format!("length `{t}` is negative"));
    }
    let pt = value * factor;
    if !pt.is_finite() || pt > MAX_LENGTH_PT {
        return Err(format!("length `{t}` is too large (at most 200in, which is 14400pt)"));
    }
    Ok(pt)
}

/// The longest length a page size or margin may have, in points: 200 inches, the
/// largest page side of PDF 1.7 (Annex C). Longer ones are errors.
pub const MAX_LENGTH_PT: f32 = 14_400.0;

/// The shortest page side, in points (PDF 1.7, Annex C).
pub const MIN_PAGE_SIDE_PT: f32 = 3.0;

/// Parses a CSS margin shorthand with 1 to 4 lengths.
fn parse_margin_shorthand(text: &str) -> Result<Sides<f32>, String> {
    // Tokens; a lone unit (`16 px`) joins the number before it.
    let mut parts: Vec<String> = Vec::new();
    for tok in text.split_whitespace() {
        match parts.last_mut() {
            Some(prev) if tok.chars().all(|c| c.is_ascii_alphabetic()) && prev.ends_with(|c: char| c.is_ascii_digit() || c == '.') => {
                prev.push_str(tok)
            }
            _ => parts.push(tok.to_string()),
        }
    }
    let mut v = Vec::with_capacity(4);
    for p in &parts {
        v.push(parse_length(p)?);
    }
    Sides::from_shorthand(&v).ok_or_else(|| match v.len() {
        0 => "expected a margin, found an empty string".to_string(),
        n => format!("a margin has 1 to 4 lengths, found {n}"),
    })
}

// ---------------------------------------------------------------------------
// Key tables
// ---------------------------------------------------------------------------

/// md-to-pdf keys that are accepted and ignored.
const IGNORED_MD_TO_PDF_KEYS: &[&str] = &[
    "highlight_style",
    "marked_options",
    "md_file_encoding",
    "stylesheet_encoding",
    "as_html",
    "devtools",
    "basedir",
    "port",
    "marked_extensions",
    "gray_matter_options",
    "watch_options",
];

/// md-to-pdf keys ignored with a warning, because they do I/O or run code.
const UNSAFE_KEYS: &[&str] = &["dest", "script", "launch_options"];

/// Metadata keys of site generators and pandoc, accepted silently.
const SILENT_META_KEYS: &[&str] = &[
    // common
    "summary",
    "subtitle",
    "categories",
    "category",
    "draft",
    "layout",
    "menu",
    "menus",
    "output",
    "outputs",
    "params",
    "slug",
    "weight",
    "lastmod",
    "url",
    "aliases",
    "type",
    "permalink",
    "published",
    "excerpt",
    "excerpt_separator",
    "name",
    "email",
    "phone",
    "mobile",
    "website",
    "homepage",
    "location",
    "address",
    "linkedin",
    "github",
    "twitter",
    "photo",
    "avatar",
    "image",
    "images",
    "cover",
    "position",
    "role",
    "jobtitle",
    "abstract",
    "subject",
    "comments",
    "share",
    "sitemap",
    "toc",
    "toc_sticky",
    "toc_label",
    "redirect_from",
    "redirect_to",
    "author_profile",
    "header",
    "sidebar",
    "classes",
    "last_modified_at",
    "read_time",
    "nav_order",
    "parent",
    "nav_exclude",
    "search_exclude",
    "hidden",
    "robots",
    "noindex",
    "canonicalURL",
    "math",
    "mermaid",
    // Hugo
    "cascade",
    "expiryDate",
    "publishDate",
    "headless",
    "isCJKLanguage",
    "linkTitle",
    "markup",
    "resources",
    "translationKey",
    "build",
    "showToc",
    "TocOpen",
    "hidemeta",
    "disableShare",
    "disableHLJS",
    "hideSummary",
    "searchHidden",
    "ShowReadingTime",
    "ShowBreadCrumbs",
    "ShowPostNavLinks",
    "ShowWordCount",
    "ShowRssButtonInSectionTermList",
    "UseHugoToc",
    "editPost",
    "showDate",
    "showReadTime",
    "showShare",
    "hideFooter",
    "series",
    "showTitle",
    "showAuthor",
    "showTags",
    "showPagination",
    // pandoc and R Markdown
    "header-includes",
    "include-before",
    "include-after",
    "geometry",
    "fontsize",
    "mainfont",
    "mainfontoptions",
    "sansfont",
    "monofont",
    "mathfont",
    "CJKmainfont",
    "fontfamily",
    "fontfamilyoptions",
    "documentclass",
    "classoption",
    "papersize",
    "linkcolor",
    "urlcolor",
    "citecolor",
    "toccolor",
    "filecolor",
    "colorlinks",
    "numbersections",
    "secnumdepth",
    "toc-depth",
    "toc-title",
    "lof",
    "lot",
    "linestretch",
    "pagestyle",
    "indent",
    "dir",
    "margin-left",
    "margin-right",
    "margin-top",
    "margin-bottom",
    "bibliography",
    "csl",
    "nocite",
    "link-citations",
    "thanks",
    "institute",
    "date-format",
    "left-column",
    "right-column",
    "vertical-align",
    "mainlang",
    "otherlangs",
    "hyperrefoptions",
    "pdf-engine",
    "template",
    "variables",
    "metadata",
    "version",
];

/// `pdf_options` keys.
const PDF_OPTION_KEYS: &[&str] = &[
    "format",
    "width",
    "height",
    "landscape",
    "margin",
    "printBackground",
    "scale",
    "displayHeaderFooter",
    "headerTemplate",
    "footerTemplate",
    "pageRanges",
    "preferCSSPageSize",
    "omitBackground",
    "path",
    "timeout",
    "tagged",
    "outline",
    "waitForFonts",
    "pdfa",
];

/// Candidates for top-level did-you-mean hints.
const SUGGEST_KEYS: &[&str] = &[
    "pdf_options",
    "css",
    "stylesheet",
    "body_class",
    "document_title",
    "theme",
    "page_media_type",
    "fonts",
    "outline_depth",
    "fit_pages",
    "fit_floor",
    "max_pages",
    "highlight_style",
    "marked_options",
    "launch_options",
    "md_file_encoding",
    "stylesheet_encoding",
    "as_html",
    "devtools",
    "basedir",
    "marked_extensions",
    "title",
    "author",
    "authors",
    "date",
    "description",
    "summary",
    "subtitle",
    "keywords",
    "tags",
    "categories",
    "lang",
    "language",
    "draft",
    "layout",
    "papersize",
    "geometry",
];

// ---------------------------------------------------------------------------
// Locating the block
// ---------------------------------------------------------------------------

/// Where the block is in the source.
struct Block {
    syntax: Syntax,
    /// Byte offset of the content (after the opening line).
    content_start: usize,
    /// Byte offset of the end of the content (start of the closing line).
    content_end: usize,
    /// Byte offset right after the closing line.
    body_start: usize,
}

enum Found {
    None,
    Block(Block),
    /// `---lang` opening line: (language, span of the opening line).
    Language(String, Range<usize>),
    /// An opening line with no closing line: (the closing line expected, span of the
    /// opening line).
    Unclosed(&'static str, Range<usize>),
}

/// Splits `text` (starting at byte `start` of the source) into lines:
/// (line start, line end without line ending, next line start).
fn lines_from(source: &str, start: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= source.len() {
            return None;
        }
        let rest = &source[pos..];
        let (end, next) = match rest.find('\n') {
            Some(i) => (pos + i, pos + i + 1),
            None => (source.len(), source.len()),
        };
        let line_start = pos;
        let mut content_end = end;
        if source[line_start..content_end].ends_with('\r') {
            content_end -= 1;
        }
        pos = next;
        Some((line_start, content_end, next))
    })
}

fn is_word_like(s: &str) -> bool {
    s.starts_with(|c: char| c.is_alphabetic()) && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
}

fn find_block(source: &str, bom: usize) -> Found {
    let mut lines = lines_from(source, bom);
    let Some((first_start, first_end, first_next)) = lines.next() else {
        return Found::None;
    };
    let first = source[first_start..first_end].trim_end_matches([' ', '\t']);
    // gray-matter allows a language after the opening dashes: `---yaml`, `---toml`.
    let (syntax, dashes) = match first {
        "---" => (Syntax::Yaml, true),
        "+++" => (Syntax::Toml, false),
        _ => {
            let Some(lang) = first.strip_prefix("---").map(str::trim) else {
                return Found::None;
            };
            match lang.to_ascii_lowercase().as_str() {
                "yaml" | "yml" => (Syntax::Yaml, true),
                "toml" => (Syntax::Toml, true),
                _ if is_word_like(lang) => {
                    return Found::Language(lang.to_string(), first_start..first_end);
                }
                _ => return Found::None,
            }
        }
    };
    for (start, end, next) in lines {
        let line = source[start..end].trim_end_matches([' ', '\t']);
        let closes = match (syntax, dashes) {
            (Syntax::Yaml, _) => line == "---" || line == "...",
            (Syntax::Toml, true) => line == "---",
            (Syntax::Toml, false) => line == "+++",
        };
        if closes {
            return Found::Block(Block { syntax, content_start: first_next, content_end: start, body_start: next });
        }
    }
    Found::Unclosed(if dashes { "---" } else { "+++" }, first_start..first_end)
}

// ---------------------------------------------------------------------------
// A small value tree with byte spans into the whole source
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Node {
    /// Byte range into the whole source (may be empty when unknown).
    span: Range<usize>,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Kind {
    fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "nothing",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) | Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

mod yaml {
    //! Deserializes YAML through serde-saphyr into a tree with character locations.

    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_saphyr::{Location, Spanned};
    use std::fmt;

    pub(super) struct YNode {
        pub(super) loc: Location,
        pub(super) kind: YKind,
    }

    pub(super) enum YKind {
        Null,
        Bool(bool),
        Int(i64),
        Float(f64),
        Str(String),
        Seq(Vec<YNode>),
        Map(Vec<(YNode, YNode)>),
    }

    impl<'de> Deserialize<'de> for YNode {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = Spanned::<YKind>::deserialize(d)?;
            Ok(YNode { loc: s.referenced, kind: s.value })
        }
    }

    impl<'de> Deserialize<'de> for YKind {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(KindVisitor)
        }
    }

    struct KindVisitor;

    impl<'de> Visitor<'de> for KindVisitor {
        type Value = YKind;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<YKind, E> {
            Ok(YKind::Bool(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<YKind, E> {
            Ok(YKind::Int(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<YKind, E> {
            Ok(i64::try_from(v).map_or(YKind::Float(v as f64), YKind::Int))
        }
        fn visit_i128<E: de::Error>(self, v: i128) -> Result<YKind, E> {
            Ok(i64::try_from(v).map_or(YKind::Float(v as f64), YKind::Int))
        }
        fn visit_u128<E: de::Error>(self, v: u128) -> Result<YKind, E> {
            Ok(i64::try_from(v).map_or(YKind::Float(v as f64), YKind::Int))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<YKind, E> {
            Ok(YKind::Float(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<YKind, E> {
            Ok(YKind::Str(v.to_string()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<YKind, E> {
            Ok(YKind::Str(v))
        }
        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<YKind, E> {
            Ok(YKind::Str(String::from_utf8_lossy(v).into_owned()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<YKind, E> {
            Ok(YKind::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<YKind, E> {
            Ok(YKind::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<YKind, D::Error> {
            YKind::deserialize(d)
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<YKind, D::Error> {
            YKind::deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YKind, A::Error> {
            let mut v = Vec::new();
            while let Some(n) = seq.next_element::<YNode>()? {
                v.push(n);
            }
            Ok(YKind::Seq(v))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YKind, A::Error> {
            let mut v = Vec::new();
            while let Some(entry) = map.next_entry::<YNode, YNode>()? {
                v.push(entry);
            }
            Ok(YKind::Map(v))
        }
    }
}

/// Converts character offsets of a block's content into byte offsets of the whole source.
struct CharMap<'a> {
    content: &'a str,
    base: usize,
    /// Byte offset of every character start, plus the content length.
    starts: Vec<usize>,
    /// Byte offset of every line start.
    line_starts: Vec<usize>,
}

impl<'a> CharMap<'a> {
    fn new(content: &'a str, base: usize) -> Self {
        let mut starts: Vec<usize> = content.char_indices().map(|(i, _)| i).collect();
        starts.push(content.len());
        let mut line_starts = vec![0];
        line_starts.extend(content.match_indices('\n').map(|(i, _)| i + 1));
        Self { content, base, starts, line_starts }
    }

    /// Byte offset (in the whole source) of a saphyr location.
    fn offset(&self, loc: &serde_saphyr::Location) -> Option<usize> {
        if loc.line() == 0 {
            return None;
        }
        let by_span = self.starts.get(loc.span().offset()).copied();
        // Cross-check with line/column; prefer line/column when they disagree.
        let line = usize::try_from(loc.line()).ok()?.checked_sub(1)?;
        let col = usize::try_from(loc.column()).ok()?.saturating_sub(1);
        let by_line = self.line_starts.get(line).map(|&ls| {
            let line_end = self.content[ls..].find('\n').map_or(self.content.len(), |i| ls + i);
            self.content[ls..line_end].char_indices().nth(col).map_or(line_end, |(i, _)| ls + i)
        });
        let local = match (by_span, by_line) {
            (Some(s), Some(l)) if s == l => s,
            (_, Some(l)) => l,
            (Some(s), None) => s,
            (None, None) => return None,
        };
        Some(self.base + local)
    }

    fn span(&self, loc: &serde_saphyr::Location) -> Range<usize> {
        let Some(start) = self.offset(loc) else {
            return self.base..self.base;
        };
        let local = start - self.base;
        let ci = self.starts.partition_point(|&b| b < local);
        let end_ci = ci.saturating_add(loc.span().len());
        let end = self.starts.get(end_ci).copied().unwrap_or(self.content.len());
        start..self.base + end.max(local)
    }

    fn convert(&self, node: yaml::YNode) -> Node {
        let span = self.span(&node.loc);
        let kind = match node.kind {
            yaml::YKind::Null => Kind::Null,
            yaml::YKind::Bool(b) => Kind::Bool(b),
            yaml::YKind::Int(i) => Kind::Int(i),
            yaml::YKind::Float(f) => Kind::Float(f),
            yaml::YKind::Str(s) => Kind::Str(s),
            yaml::YKind::Seq(v) => Kind::Seq(v.into_iter().map(|n| self.convert(n)).collect()),
            yaml::YKind::Map(v) => Kind::Map(v.into_iter().map(|(k, v)| (self.convert(k), self.convert(v))).collect()),
        };
        Node { span, kind }
    }
}

/// Removes serde-saphyr's ` at line N, column M` suffix.
fn strip_location_suffix(msg: &str) -> &str {
    if let Some(i) = msg.rfind(" at line ") {
        let rest = &msg[i + " at line ".len()..];
        if rest.chars().all(|c| c.is_ascii_digit() || c == ',' || c == ' ' || c.is_ascii_alphabetic()) && rest.contains("column") {
            return &msg[..i];
        }
    }
    msg
}

fn parse_yaml(source: &str, block: &Block) -> Result<Node, Diagnostic> {
    let content = &source[block.content_start..block.content_end];
    let map = CharMap::new(content, block.content_start);
    let empty = Node { span: block.content_start..block.content_start, kind: Kind::Map(vec![]) };
    if content.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Ok(empty);
    }
    let budget = serde_saphyr::Budget {
        max_depth: 64,
        max_events: 100_000,
        max_aliases: 1_000,
        max_anchors: 1_000,
        max_nodes: 50_000,
        max_documents: 1,
        ..serde_saphyr::Budget::default()
    };
    let options = serde_saphyr::Options {
        budget: Some(budget),
        alias_limits: serde_saphyr::options::AliasLimits {
            max_total_replayed_events: 10_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 1_000,
        },
        with_snippet: false,
        crop_radius: 0,
        ..serde_saphyr::Options::default()
    };
    match serde_saphyr::from_str_with_options::<yaml::YNode>(content, options) {
        Ok(node) => {
            let node = map.convert(node);
            Ok(match node.kind {
                Kind::Null => empty,
                _ => node,
            })
        }
        Err(e) => {
            let inner = e.without_snippet();
            let span = inner
                .location()
                .and_then(|loc| map.offset(&loc))
                .map_or(block.content_start..block.content_start, |o| o..next_char_end(source, o, block.content_end));
            let text = match inner {
                serde_saphyr::Error::Budget { breach, .. } => budget_message(breach),
                other => other.to_string(),
            };
            let cause = strip_location_suffix(&text);
            Err(Diagnostic::error(span, format!("failed to parse front matter ({cause})"))
                .with_hint("front matter is YAML between `---` lines"))
        }
    }
}

/// A readable cause for a safety-limit breach.
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    match breach {
        B::Depth { depth } => format!("nested more than {} levels deep", depth.saturating_sub(1)),
        B::Aliases { .. } | B::AliasAnchorRatio { .. } => "too many aliases".into(),
        B::Anchors { .. } => "too many anchors".into(),
        B::Documents { .. } => "more than one YAML document".into(),
        B::Events { .. } | B::Nodes { .. } | B::ScalarBytes { .. } | B::InputBytes { .. } => "front matter is too large".into(),
        B::MergeKeys { .. } => "too many merge keys".into(),
        B::SequenceUnbalanced => "unbalanced nesting".into(),
    }
}

/// End of the character starting at `o`, not beyond `limit` (or `o` if at the end).
fn next_char_end(source: &str, o: usize, limit: usize) -> usize {
    source.get(o..).and_then(|s| s.chars().next()).filter(|c| *c != '\n' && *c != '\r').map_or(o, |c| (o + c.len_utf8()).min(limit.max(o)))
}

fn parse_toml(source: &str, block: &Block) -> Result<Node, Diagnostic> {
    use toml::de::{DeTable, DeValue};
    let content = &source[block.content_start..block.content_end];
    let base = block.content_start;
    match DeTable::parse(content) {
        Ok(table) => {
            fn conv(v: toml::Spanned<DeValue<'_>>, base: usize) -> Node {
                let r = v.span();
                let span = base + r.start..base + r.end;
                let kind = match v.into_inner() {
                    DeValue::String(s) => Kind::Str(s.into_owned()),
                    DeValue::Integer(i) => {
                        let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
                        let digits =
                            digits.trim_start_matches('+').trim_start_matches("0x").trim_start_matches("0o").trim_start_matches("0b");
                        match i64::from_str_radix(digits, i.radix()) {
                            Ok(n) => Kind::Int(n),
                            Err(_) => Kind::Str(i.as_str().to_string()),
                        }
                    }
                    DeValue::Float(f) => {
                        let t: String = f.as_str().chars().filter(|c| *c != '_').collect();
                        match t.as_str() {
                            "inf" | "+inf" => Kind::Float(f64::INFINITY),
                            "-inf" => Kind::Float(f64::NEG_INFINITY),
                            "nan" | "+nan" | "-nan" => Kind::Float(f64::NAN),
                            _ => t.parse().map_or(Kind::Str(t.clone()), Kind::Float),
                        }
                    }
                    DeValue::Boolean(b) => Kind::Bool(b),
                    DeValue::Datetime(d) => Kind::Str(d.to_string()),
                    DeValue::Array(a) => Kind::Seq(a.into_iter().map(|v| conv(v, base)).collect()),
                    DeValue::Table(t) => Kind::Map(conv_table(t, base)),
                };
                Node { span, kind }
            }
            fn conv_table(t: DeTable<'_>, base: usize) -> Vec<(Node, Node)> {
                let mut entries: Vec<(Node, Node)> = t
                    .into_iter()
                    .map(|(k, v)| {
                        let r = k.span();
                        let key = Node { span: base + r.start..base + r.end, kind: Kind::Str(k.into_inner().into_owned()) };
                        (key, conv(v, base))
                    })
                    .collect();
                entries.sort_by_key(|(k, _)| k.span.start);
                entries
            }
            let span = table.span();
            Ok(Node { span: base + span.start..base + span.end, kind: Kind::Map(conv_table(table.into_inner(), base)) })
        }
        Err(e) => {
            let span = e.span().map_or(base..base, |r| {
                let s = floor_char_boundary(content, r.start);
                let e = floor_char_boundary(content, r.end.max(r.start));
                base + s..base + e
            });
            let msg = e.message().trim().trim_end_matches('.').to_string();
            Err(Diagnostic::error(span, format!("failed to parse front matter ({msg})"))
                .with_hint("front matter is TOML between `+++` lines"))
        }
    }
}

// ---------------------------------------------------------------------------
// Typed reading
// ---------------------------------------------------------------------------

struct Cx<'a> {
    source: &'a str,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Cx<'_> {
    /// A span for a value: the value itself, or the rest of its line if unknown/empty.
    fn value_span(&self, key: &Node, value: &Node) -> Range<usize> {
        let s = &value.span;
        if s.end > s.start && s.end <= self.source.len() {
            return s.clone();
        }
        if s.start >= key.span.start {
            if let Some(rest) = self.source.get(s.start..) {
                let end = s.start + rest.find(['\n', '\r']).unwrap_or(rest.len());
                if end > s.start {
                    return s.start..end;
                }
            }
        }
        key.span.clone()
    }

    fn expected(&mut self, key: &Node, name: &str, value: &Node, what: &str) {
        let span = self.value_span(key, value);
        self.errors.push(Diagnostic::error(span, format!("`{name}` must be {what}, found {}", value.kind.describe())));
    }

    /// A scalar as text: strings as they are, numbers and booleans as written.
    fn scalar_text(&self, node: &Node) -> Option<String> {
        match &node.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Int(_) | Kind::Float(_) => {
                let raw = self.source.get(node.span.clone()).map(str::trim).unwrap_or("");
                if !raw.is_empty() && !raw.contains('\n') && raw.chars().any(|c| c.is_ascii_digit()) {
                    Some(raw.to_string())
                } else if let Kind::Int(i) = node.kind {
                    Some(i.to_string())
                } else if let Kind::Float(f) = node.kind {
                    Some(f.to_string())
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    fn opt_string(&mut self, key: &Node, name: &str, value: &Node) -> Option<String> {
        match &value.kind {
            Kind::Null => None,
            Kind::Str(s) => Some(s.clone()),
            _ => {
                self.expected(key, name, value, "a string");
                None
            }
        }
    }

    fn bool(&mut self, key: &Node, name: &str, value: &Node) -> Option<bool> {
        match value.kind {
            Kind::Null => None,
            Kind::Bool(b) => Some(b),
            _ => {
                self.expected(key, name, value, "`true` or `false`");
                None
            }
        }
    }

    /// A number within `range` (a whole one if `whole`); one outside it is an error
    /// that names the key, with `hint` on how to write it.
    fn number_in(
        &mut self,
        key: &Node,
        name: &str,
        value: &Node,
        range: std::ops::RangeInclusive<f64>,
        whole: bool,
        hint: &str,
    ) -> Option<f64> {
        let d = self.number(key, name, value)?;
        if range.contains(&d) && (!whole || d.fract() == 0.0) {
            return Some(d);
        }
        self.errors
            .push(Diagnostic::error(self.value_span(key, value), format!("`{name}` is {d}, out of range")).with_hint(hint.to_string()));
        None
    }

    fn number(&mut self, key: &Node, name: &str, value: &Node) -> Option<f64> {
        match &value.kind {
            Kind::Null => None,
            Kind::Int(i) => Some(*i as f64),
            Kind::Float(f) => Some(*f),
            Kind::Str(s) if s.trim().parse::<f64>().is_ok() => s.trim().parse().ok(),
            _ => {
                self.expected(key, name, value, "a number");
                None
            }
        }
    }

    fn length(&mut self, key: &Node, name: &str, value: &Node) -> Option<f32> {
        let span = self.value_span(key, value);
        let result = match &value.kind {
            Kind::Null => return None,
            Kind::Str(s) => parse_length(s),
            Kind::Int(i) => parse_length(&i.to_string()),
            Kind::Float(f) => parse_length(&f.to_string()),
            _ => {
                self.expected(key, name, value, "a length like `15mm`");
                return None;
            }
        };
        match result {
            Ok(v) => Some(v),
            Err(msg) => {
                self.errors.push(
                    Diagnostic::error(span, format!("`{name}`: {msg}"))
                        .with_hint(format!("use a non-negative number with a unit: {UNITS}")),
                );
                None
            }
        }
    }

    /// A page side: a length of at least [`MIN_PAGE_SIDE_PT`].
    fn page_side(&mut self, key: &Node, name: &str, value: &Node) -> Option<f32> {
        let v = self.length(key, name, value)?;
        if v < MIN_PAGE_SIDE_PT {
            self.errors.push(
                Diagnostic::error(self.value_span(key, value), format!("`{name}`: a page side of {v}pt is too small"))
                    .with_hint("a page side is 3pt to 200in (14400pt); leave it out for the format's"),
            );
            return None;
        }
        Some(v)
    }

    /// A string or a list of strings, each string split by `split`.
    fn string_list(&mut self, key: &Node, name: &str, value: &Node, split: fn(&str) -> Vec<String>) -> Vec<String> {
        let what = "a string or a list of strings";
        match &value.kind {
            Kind::Null => vec![],
            Kind::Str(s) => split(s),
            Kind::Seq(items) => {
                let mut out = vec![];
                for item in items {
                    match &item.kind {
                        Kind::Str(s) => out.extend(split(s)),
                        Kind::Null => {}
                        _ => {
                            self.expected(key, name, item, what);
                        }
                    }
                }
                out
            }
            _ => {
                self.expected(key, name, value, what);
                vec![]
            }
        }
    }

    /// A metadata string list (keywords, tags): scalars are stringified; never an error.
    fn meta_list(&mut self, key: &Node, name: &str, value: &Node) -> Vec<String> {
        let split = |s: &str| -> Vec<String> { s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect() };
        match &value.kind {
            Kind::Null => vec![],
            Kind::Seq(items) => items.iter().filter_map(|i| self.scalar_text(i)).flat_map(|s| split(&s)).collect(),
            _ => match self.scalar_text(value) {
                Some(s) => split(&s),
                None => {
                    self.meta_warning(key, name, value, "a string or a list of strings");
                    vec![]
                }
            },
        }
    }

    fn meta_text(&mut self, key: &Node, name: &str, value: &Node) -> Option<String> {
        match &value.kind {
            Kind::Null => None,
            _ => match self.scalar_text(value) {
                Some(s) => Some(s),
                None => {
                    self.meta_warning(key, name, value, "a string");
                    None
                }
            },
        }
    }

    fn meta_warning(&mut self, key: &Node, name: &str, value: &Node, what: &str) {
        let span = self.value_span(key, value);
        self.warnings.push(Diagnostic::warning(span, format!("`{name}` should be {what}, found {}; it is ignored", value.kind.describe())));
    }

    /// `author`: a string, a list of strings, or a list of maps with `name`.
    fn authors(&mut self, key: &Node, name: &str, value: &Node) -> Option<String> {
        fn one(cx: &Cx<'_>, n: &Node) -> Option<String> {
            match &n.kind {
                Kind::Map(entries) => {
                    entries.iter().find(|(k, _)| matches!(&k.kind, Kind::Str(s) if s == "name")).and_then(|(_, v)| cx.scalar_text(v))
                }
                _ => cx.scalar_text(n),
            }
        }
        let names: Vec<String> = match &value.kind {
            Kind::Null => return None,
            Kind::Seq(items) => items.iter().filter_map(|i| one(self, i)).collect(),
            _ => one(self, value).into_iter().collect(),
        };
        if names.is_empty() {
            if !matches!(&value.kind, Kind::Seq(v) if v.is_empty()) {
                self.meta_warning(key, name, value, "a string, a list of strings or a list of maps with `name`");
            }
            return None;
        }
        Some(names.join(", "))
    }
}

fn split_ws(s: &str) -> Vec<String> {
    s.split_whitespace().map(String::from).collect()
}

fn keep_whole(s: &str) -> Vec<String> {
    let t = s.trim();
    if t.is_empty() {
        vec![]
    } else {
        vec![t.to_string()]
    }
}

fn key_name(key: &Node) -> Option<String> {
    match &key.kind {
        Kind::Str(s) => Some(s.clone()),
        Kind::Bool(b) => Some(b.to_string()),
        Kind::Int(i) => Some(i.to_string()),
        Kind::Float(f) => Some(f.to_string()),
        Kind::Null => Some("null".into()),
        Kind::Seq(_) | Kind::Map(_) => None,
    }
}

/// Page settings gathered before computing the final size.
#[derive(Default)]
struct PageInput {
    format: Option<Size>,
    width: Option<f32>,
    height: Option<f32>,
    landscape: Option<bool>,
    margin: Option<Sides<f32>>,
    /// pandoc `papersize`.
    papersize: Option<Size>,
    /// pandoc `geometry` margins (each side optional).
    geometry: [Option<f32>; 4],
}

fn read_pdf_options(cx: &mut Cx<'_>, fm: &mut FrontMatter, input: &mut PageInput, key: &Node, value: &Node) {
    let entries = match &value.kind {
        Kind::Null => return,
        Kind::Map(e) => e,
        _ => {
            cx.expected(key, "pdf_options", value, "a mapping of options");
            return;
        }
    };
    let page = &mut fm.page;
    for (k, v) in entries {
        let Some(name) = key_name(k) else {
            cx.errors.push(Diagnostic::error(k.span.clone(), "an option name must be a string"));
            continue;
        };
        let n = name.as_str();
        match n {
            "format" => match &v.kind {
                Kind::Null => {}
                Kind::Str(s) => match format_size(s) {
                    Some(size) => input.format = Some(size),
                    None => {
                        let mut d = Diagnostic::error(cx.value_span(k, v), format!("unknown paper format `{}`", s.trim()))
                            .with_hint(format!("valid formats are {}", FORMATS.join(", ")));
                        if let Some(m) = did_you_mean(s.trim(), FORMATS) {
                            d = d.with_hint(format!("did you mean `{m}`?"));
                        }
                        cx.errors.push(d);
                    }
                },
                _ => cx.expected(k, "format", v, "a paper format name like `A4`"),
            },
            "width" => input.width = cx.page_side(k, "width", v).or(input.width),
            "height" => input.height = cx.page_side(k, "height", v).or(input.height),
            "landscape" => input.landscape = cx.bool(k, n, v).or(input.landscape),
            "margin" => {
                if let Some(m) = read_margin(cx, k, v) {
                    input.margin = Some(m);
                }
            }
            "printBackground" => page.print_background = cx.bool(k, n, v).unwrap_or(page.print_background),
            "scale" => {
                if let Some(s) = cx.number_in(k, n, v, 0.1..=2.0, false, "use a number from 0.1 to 2") {
                    page.scale = s as f32;
                }
            }
            "displayHeaderFooter" => {
                if let Some(b) = cx.bool(k, n, v) {
                    page.display_header_footer = Some(b);
                }
            }
            "headerTemplate" => page.header_template = cx.opt_string(k, n, v).or(page.header_template.take()),
            "footerTemplate" => page.footer_template = cx.opt_string(k, n, v).or(page.footer_template.take()),
            "pageRanges" => {
                page.page_ranges = match &v.kind {
                    Kind::Int(_) => cx.scalar_text(v),
                    _ => cx.opt_string(k, n, v),
                }
                .or(page.page_ranges.take())
            }
            "preferCSSPageSize" => page.prefer_css_page_size = cx.bool(k, n, v).unwrap_or(page.prefer_css_page_size),
            "omitBackground" => page.omit_background = cx.bool(k, n, v).unwrap_or(page.omit_background),
            "path" => cx.warnings.push(
                Diagnostic::warning(k.span.clone(), "`pdf_options.path` is ignored for safety")
                    .with_hint("front matter cannot choose the output path; pass it on the command line"),
            ),
            "tagged" => page.tagged = cx.bool(k, n, v).unwrap_or(page.tagged),
            "pdfa" => page.pdfa = cx.bool(k, n, v).unwrap_or(page.pdfa),
            "timeout" | "outline" | "waitForFonts" => {}
            _ => {
                let mut w = Diagnostic::warning(k.span.clone(), format!("unknown `pdf_options` key `{n}`"));
                if let Some(m) = did_you_mean(n, PDF_OPTION_KEYS) {
                    w = w.with_hint(format!("did you mean `{m}`?"));
                }
                cx.warnings.push(w);
            }
        }
    }
}

fn read_margin(cx: &mut Cx<'_>, key: &Node, value: &Node) -> Option<Sides<f32>> {
    match &value.kind {
        Kind::Null => None,
        Kind::Str(s) => match parse_margin_shorthand(s) {
            Ok(m) => Some(m),
            Err(msg) => {
                cx.errors.push(Diagnostic::error(cx.value_span(key, value), format!("`margin`: {msg}")).with_hint(format!(
                    "write 1 to 4 lengths like `15mm 20mm`, or a mapping with top, right, bottom, left; units: {UNITS}"
                )));
                None
            }
        },
        Kind::Int(_) | Kind::Float(_) => cx.length(key, "margin", value).map(Sides::splat),
        Kind::Map(entries) => {
            let mut m = Sides::splat(0.0);
            let mut ok = true;
            for (k, v) in entries {
                let name = key_name(k).unwrap_or_default();
                let slot = match name.as_str() {
                    "top" => &mut m.top,
                    "right" => &mut m.right,
                    "bottom" => &mut m.bottom,
                    "left" => &mut m.left,
                    _ => {
                        let mut w = Diagnostic::warning(k.span.clone(), format!("unknown margin side `{name}`"));
                        if let Some(s) = did_you_mean(&name, &["top", "right", "bottom", "left"]) {
                            w = w.with_hint(format!("did you mean `{s}`?"));
                        }
                        cx.warnings.push(w);
                        continue;
                    }
                };
                match cx.length(k, &format!("margin.{name}"), v) {
                    Some(l) => *slot = l,
                    None => ok &= matches!(v.kind, Kind::Null),
                }
            }
            ok.then_some(m)
        }
        _ => {
            cx.expected(key, "margin", value, "a string like `15mm 20mm` or a mapping with top, right, bottom, left");
            None
        }
    }
}

/// pandoc `geometry`: `margin=1in`, `top=2cm,left=1cm`, or a list of such.
fn read_geometry(cx: &Cx<'_>, value: &Node, out: &mut [Option<f32>; 4]) {
    let mut parts: Vec<String> = vec![];
    match &value.kind {
        Kind::Str(s) => parts.push(s.clone()),
        Kind::Seq(items) => parts.extend(items.iter().filter_map(|i| cx.scalar_text(i))),
        _ => {}
    }
    for part in parts.iter().flat_map(|p| p.split(',')) {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let Ok(len) = parse_length(v) else { continue };
        let sides: &[usize] = match k.trim() {
            "margin" => &[0, 1, 2, 3],
            "top" | "tmargin" => &[0],
            "right" | "rmargin" => &[1],
            "bottom" | "bmargin" => &[2],
            "left" | "lmargin" => &[3],
            "hmargin" => &[1, 3],
            "vmargin" => &[0, 2],
            _ => &[],
        };
        for &i in sides {
            out[i] = Some(len);
        }
    }
}

fn read_top_level(cx: &mut Cx<'_>, fm: &mut FrontMatter, root: &Node, defaults: &Settings) {
    let entries = match &root.kind {
        Kind::Map(e) => e,
        other => {
            let span = cx.value_span(root, root);
            cx.errors.push(
                Diagnostic::error(span, format!("front matter must be a mapping of keys to values, found {}", other.describe()))
                    .with_hint("write one `key: value` per line"),
            );
            return;
        }
    };
    let mut input = PageInput::default();
    let mut keywords: Vec<String> = vec![];
    let mut tags: Vec<String> = vec![];
    let mut authors: Option<String> = None;
    let mut language: Option<String> = None;
    for (k, v) in entries {
        let Some(name) = key_name(k) else {
            cx.errors.push(Diagnostic::error(k.span.clone(), "a front-matter key must be a string"));
            continue;
        };
        let n = name.as_str();
        match n {
            "pdf_options" => read_pdf_options(cx, fm, &mut input, k, v),
            "css" => fm.css = cx.opt_string(k, n, v).or(fm.css.take()),
            "stylesheet" => fm.stylesheets = cx.string_list(k, n, v, keep_whole),
            "fonts" => fm.fonts = cx.string_list(k, n, v, keep_whole),
            "body_class" => fm.body_class = cx.string_list(k, n, v, split_ws),
            "document_title" => fm.meta.document_title = cx.opt_string(k, n, v).or(fm.meta.document_title.take()),
            "theme" => fm.theme = cx.opt_string(k, n, v).or(fm.theme.take()),
            "page_media_type" => fm.page_media_type = cx.opt_string(k, n, v).or(fm.page_media_type.take()),
            "outline_depth" => {
                let hint = "use a whole number from 0 (no bookmarks) to 6";
                if let Some(d) = cx.number_in(k, n, v, 0.0..=6.0, true, hint) {
                    fm.outline_depth = Some(d as u8);
                }
            }
            "fit_pages" => {
                let hint = "use a whole number of pages, such as 1 or 2";
                if let Some(d) = cx.number_in(k, n, v, 1.0..=1000.0, true, hint) {
                    fm.fit_pages = Some(d as u32);
                }
            }
            "fit_floor" => {
                let hint = "use a scale from 0.3 to 1, such as 0.7 (70%)";
                if let Some(d) = cx.number_in(k, n, v, 0.3..=1.0, false, hint) {
                    fm.fit_floor = Some(d as f32);
                }
            }
            "max_pages" => {
                let hint = "use a whole number of pages, 1 or more";
                if let Some(d) = cx.number_in(k, n, v, 1.0..=10_000.0, true, hint) {
                    fm.max_pages = Some(d as u32);
                }
            }
            "title" => fm.meta.title = cx.meta_text(k, n, v),
            "author" => fm.meta.author = cx.authors(k, n, v),
            "authors" => authors = cx.authors(k, n, v),
            "date" => fm.meta.date = cx.meta_text(k, n, v),
            "description" => fm.meta.description = cx.meta_text(k, n, v),
            "keywords" => keywords = cx.meta_list(k, n, v),
            "tags" => tags = cx.meta_list(k, n, v),
            "lang" => fm.meta.lang = cx.meta_text(k, n, v),
            "language" => language = cx.meta_text(k, n, v),
            "papersize" => {
                input.papersize = cx.scalar_text(v).and_then(|s| {
                    let s = s.trim().to_ascii_lowercase();
                    format_size(s.strip_suffix("paper").unwrap_or(&s))
                })
            }
            "geometry" => read_geometry(cx, v, &mut input.geometry),
            _ if UNSAFE_KEYS.contains(&n) => {
                let why = match n {
                    "dest" => "front matter cannot choose the output path; pass it on the command line",
                    "script" => "front matter cannot run scripts; nothing in a document is ever executed",
                    _ => "front matter cannot launch anything; cvpdf renders natively without a browser",
                };
                cx.warnings.push(Diagnostic::warning(k.span.clone(), format!("`{n}` is ignored for safety")).with_hint(why));
            }
            _ if IGNORED_MD_TO_PDF_KEYS.contains(&n) || SILENT_META_KEYS.contains(&n) => {}
            _ if PDF_OPTION_KEYS.contains(&n) => cx.warnings.push(
                Diagnostic::warning(k.span.clone(), format!("unknown front-matter key `{n}`"))
                    .with_hint("md-to-pdf reads it only under `pdf_options`"),
            ),
            _ => {
                let mut w = Diagnostic::warning(k.span.clone(), format!("unknown front-matter key `{n}`"));
                if let Some(m) = did_you_mean(n, SUGGEST_KEYS) {
                    w = w.with_hint(format!("did you mean `{m}`?"));
                }
                cx.warnings.push(w);
            }
        }
    }
    if fm.meta.author.is_none() {
        fm.meta.author = authors;
    }
    if fm.meta.lang.is_none() {
        fm.meta.lang = language;
    }
    keywords.extend(tags);
    fm.meta.keywords = keywords;
    finish_page(fm, &input, defaults);
}

/// Computes the page size and margins from what the document gave, over `defaults`.
fn finish_page(fm: &mut FrontMatter, input: &PageInput, defaults: &Settings) {
    // Page size: format (or pandoc papersize), then width/height, then landscape.
    let base = input.format.or(input.papersize).or(defaults.format).unwrap_or(A4);
    let mut size = Size::new(input.width.unwrap_or(base.width), input.height.unwrap_or(base.height));
    let landscape = input.landscape.or(defaults.landscape).unwrap_or(false);
    if landscape {
        size = Size::new(size.height, size.width);
    }
    fm.page.size = size;
    fm.page.landscape = landscape;
    fm.page.margin = match input.margin {
        Some(m) => m,
        None => {
            let d = defaults.margin.unwrap_or_else(default_margin);
            let g = input.geometry;
            Sides::new(g[0].unwrap_or(d.top), g[1].unwrap_or(d.right), g[2].unwrap_or(d.bottom), g[3].unwrap_or(d.left))
        }
    };
}

/// Front matter longer than this many bytes is an error (it holds settings, and a
/// YAML parser's work grows with it).
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Reads the front matter at the start of `source`.
///
/// Invalid YAML or TOML, or a value of the wrong type, is an error with its span;
/// unknown keys are warnings with a did-you-mean hint.
pub fn parse(source: &str) -> Warned<DiagResult<FrontMatter>> {
    parse_with(source, &Settings::default(), &Settings::default())
}

/// Like [`parse`], with `defaults` under the document's keys and `overrides` over them
/// (precedence: built-in < `defaults` < front matter < `overrides`).
pub fn parse_with(source: &str, defaults: &Settings, overrides: &Settings) -> Warned<DiagResult<FrontMatter>> {
    let mut result = parse_under(source, defaults);
    if let Ok(fm) = &mut result.output {
        apply_overrides(fm, overrides);
    }
    result
}

fn seed_defaults(fm: &mut FrontMatter, d: &Settings) {
    fm.theme = d.theme.clone();
    fm.css = d.css.clone();
    fm.stylesheets = d.stylesheets.clone();
    fm.meta.document_title = d.title.clone();
    fm.page.header_template = d.header_template.clone();
    fm.page.footer_template = d.footer_template.clone();
    fm.max_pages = d.max_pages;
    finish_page(fm, &PageInput::default(), d);
}

fn apply_overrides(fm: &mut FrontMatter, o: &Settings) {
    if o.format.is_some() || o.landscape.is_some() {
        let s = fm.page.size;
        let portrait = o.format.unwrap_or(Size::new(s.width.min(s.height), s.width.max(s.height)));
        let landscape = o.landscape.unwrap_or(fm.page.landscape);
        let (w, h) = (portrait.width.min(portrait.height), portrait.width.max(portrait.height));
        fm.page.size = if landscape { Size::new(h, w) } else { Size::new(w, h) };
        fm.page.landscape = landscape;
    }
    if let Some(m) = o.margin {
        fm.page.margin = m;
    }
    let set = |slot: &mut Option<String>, v: &Option<String>| {
        if v.is_some() {
            slot.clone_from(v);
        }
    };
    set(&mut fm.theme, &o.theme);
    if let Some(css) = &o.css {
        // Flags add CSS after the document's own.
        fm.css = Some(match fm.css.take() {
            Some(doc) => format!("{doc}\n{css}"),
            None => css.clone(),
        });
    }
    set(&mut fm.meta.document_title, &o.title);
    set(&mut fm.page.header_template, &o.header_template);
    set(&mut fm.page.footer_template, &o.footer_template);
    if !o.stylesheets.is_empty() {
        fm.stylesheets.clone_from(&o.stylesheets);
    }
    if o.max_pages.is_some() {
        fm.max_pages = o.max_pages;
    }
}

fn parse_under(source: &str, defaults: &Settings) -> Warned<DiagResult<FrontMatter>> {
    let bom = if source.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut fm = FrontMatter { body_start: bom, ..FrontMatter::default() };
    seed_defaults(&mut fm, defaults);
    let block = match find_block(source, bom) {
        Found::None => return Warned { output: Ok(fm), warnings: vec![] },
        // gray-matter (md-to-pdf) would take the whole file for front matter and
        // print nothing of it; the text is shown, as the reader more likely wants.
        Found::Unclosed(close, span) => {
            let d = Diagnostic::warning(span, "the front matter is not closed, so it is shown as text and none of its settings apply")
                .with_hint(format!("end the front matter with a `{close}` line, or remove this line if it is not front matter"));
            return Warned { output: Ok(fm), warnings: vec![d] };
        }
        Found::Language(lang, span) => {
            let d = Diagnostic::error(
                span,
                format!("front matter in language `{lang}` is not supported; nothing in a document is ever executed"),
            )
            .with_hint("use YAML between `---` lines or TOML between `+++` lines");
            return Warned { output: Err(vec![d]), warnings: vec![] };
        }
        Found::Block(b) => b,
    };
    if block.content_end.saturating_sub(block.content_start) > MAX_FRONT_MATTER_BYTES {
        let d = Diagnostic::error(
            block.content_start..block.content_start,
            format!("the front matter is larger than {} KB", MAX_FRONT_MATTER_BYTES / 1024),
        )
        .with_hint("front matter holds settings; put long text in the body");
        return Warned { output: Err(vec![d]), warnings: vec![] };
    }
    fm.syntax = Some(block.syntax);
    fm.body_start = block.body_start;
    let root = match block.syntax {
        Syntax::Yaml => parse_yaml(source, &block),
        Syntax::Toml => parse_toml(source, &block),
    };
    let root = match root {
        Ok(r) => r,
        Err(d) => return Warned { output: Err(vec![d]), warnings: vec![] },
    };
    let mut cx = Cx { source, errors: vec![], warnings: vec![] };
    read_top_level(&mut cx, &mut fm, &root, defaults);
    let output = if cx.errors.is_empty() { Ok(fm) } else { Err(cx.errors) };
    Warned { output, warnings: cx.warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::line_col;
    use std::time::{Duration, Instant};

    fn ok(src: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let w = parse(src);
        match w.output {
            Ok(fm) => (fm, w.warnings),
            Err(e) => panic!("unexpected errors for {src:?}: {e:#?}"),
        }
    }

    fn errs(src: &str) -> Vec<Diagnostic> {
        match parse(src).output {
            Ok(fm) => panic!("expected an error for {src:?}, got {fm:#?}"),
            Err(e) => e,
        }
    }

    fn close(a: f32, b: f32) -> bool {
        (a - b).abs() < 0.01
    }

    fn mm(v: f32) -> f32 {
        v * PT_PER_MM
    }

    #[test]
    fn block_detection() {
        // (source, syntax, body_start, body text)
        let cases: &[(&str, Option<Syntax>, usize)] = &[
            ("# Jane Doe\n", None, 0),
            ("", None, 0),
            ("\u{feff}# Jane\n", None, 3),
            ("---\ntitle: Jane Doe\n---\n# Jane\n", Some(Syntax::Yaml), 24),
            ("---  \r\ntitle: Jane\r\n---\r\nbody", Some(Syntax::Yaml), 25),
            ("\u{feff}---\ntitle: Jane\n---\nbody", Some(Syntax::Yaml), 23),
            ("---\ntitle: Jane\n...\nbody", Some(Syntax::Yaml), 20),
            ("---\n---\nbody", Some(Syntax::Yaml), 8),
            ("---\n# only a comment\n---\n", Some(Syntax::Yaml), 25),
            ("---\ntitle: Jane\n---", Some(Syntax::Yaml), 19),
            ("+++\ntitle = \"Jane\"\n+++\nbody", Some(Syntax::Toml), 23),
            ("---yaml\ntitle: Jane\n---\nbody", Some(Syntax::Yaml), 24),
            ("---toml\ntitle = \"Jane\"\n---\nbody", Some(Syntax::Toml), 27),
            // A thematic break is not an opener.
            ("-----\ntext\n-----\n", None, 0),
            (" ---\na: b\n---\n", None, 0),
        ];
        for &(src, syntax, body_start) in cases {
            let (fm, warnings) = ok(src);
            assert_eq!(fm.syntax, syntax, "{src:?}");
            assert_eq!(fm.body_start, body_start, "{src:?}");
            assert!(warnings.is_empty(), "{src:?}: {warnings:?}");
            if syntax.is_some() && src.contains("title") {
                assert!(fm.meta.title.as_deref().is_some_and(|t| t.starts_with("Jane")), "{src:?}");
            }
        }
        let (fm, _) = ok("---\n---\n");
        assert_eq!(fm.page, PageOptions::default());
    }

    #[test]
    fn an_unclosed_block_is_text_with_a_warning_on_line_1() {
        for (src, close) in [("---\ntitle: Jane\n# Jane\n", "`---`"), ("+++\ntitle = 1\n", "`+++`"), ("\u{feff}---toml\na = 1\n", "`---`")]
        {
            let (fm, warnings) = ok(src);
            // The whole source is the body, as before.
            assert_eq!((fm.syntax, fm.body_start, fm.meta.title), (None, bom_len(src), None));
            assert_eq!(warnings.len(), 1, "{src:?}: {warnings:?}");
            assert!(warnings[0].message.contains("the front matter is not closed"), "{warnings:?}");
            assert!(warnings[0].hints[0].contains(close), "{warnings:?}");
            let span = warnings[0].span.clone().expect("a span");
            assert_eq!(line_col(src, span.start).0, 1);
        }
    }

    fn bom_len(src: &str) -> usize {
        if src.starts_with('\u{feff}') {
            3
        } else {
            0
        }
    }

    #[test]
    fn defaults() {
        let p = PageOptions::default();
        assert_eq!(p.size, Size::new(595.28, 841.89));
        assert!(close(p.margin.top, mm(30.0)) && close(p.margin.right, mm(40.0)));
        assert!(close(p.margin.bottom, mm(30.0)) && close(p.margin.left, mm(20.0)));
        assert_eq!(p.scale, 1.0);
        assert!(!p.landscape && p.print_background && !p.prefer_css_page_size && !p.omit_background);
        assert_eq!(p.display_header_footer, None);
        let (fm, _) = ok("no front matter");
        assert_eq!(fm.page, p);
        assert_eq!(fm.meta, Meta::default());
    }

    #[test]
    fn language_tags_rejected() {
        for src in ["---js\nmodule.exports = {}\n---\n", "---javascript\n({})\n", "---coffee\n"] {
            let e = errs(src);
            assert_eq!(e.len(), 1);
            assert!(e[0].message.contains("not supported"), "{:?}", e[0]);
            assert!(e[0].message.contains("ever executed"));
            assert_eq!(e[0].span.as_ref().map(|s| s.start), Some(0));
        }
    }

    #[test]
    fn hugo_toml() {
        let src = "+++\ntitle = \"Portfolio\"\ndate = 2024-05-04T21:25:02+01:00\ndraft = false\naliases = [\"cv\"]\n+++\n# Hi\n";
        let (fm, w) = ok(src);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(fm.syntax, Some(Syntax::Toml));
        assert_eq!(fm.meta.title.as_deref(), Some("Portfolio"));
        assert_eq!(fm.meta.date.as_deref(), Some("2024-05-04T21:25:02+01:00"));
        assert_eq!(&src[fm.body_start..], "# Hi\n");
    }

    #[test]
    fn yaml_metadata() {
        let src = "---\ntitle: \"Resume\"\ndate: 2024-05-04T21:25:02+01:00\ndraft: false\nmenu: main\nauthor:\n  - name: Ada Example\n  - name: Bob Sample\nkeywords: rust, pdf,  cv\ntags: [one, two]\nlang: en-GB\nshowToc: false\nleft-column:\n  - 'x'\n---\n";
        let (fm, w) = ok(src);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(fm.meta.title.as_deref(), Some("Resume"));
        assert_eq!(fm.meta.date.as_deref(), Some("2024-05-04T21:25:02+01:00"));
        assert_eq!(fm.meta.author.as_deref(), Some("Ada Example, Bob Sample"));
        assert_eq!(fm.meta.keywords, ["rust", "pdf", "cv", "one", "two"]);
        assert_eq!(fm.meta.lang.as_deref(), Some("en-GB"));
        let (fm, _) = ok("---\nauthor: [Ada, Bob]\ndate: 2024-01-01\n---\n");
        assert_eq!(fm.meta.author.as_deref(), Some("Ada, Bob"));
        assert_eq!(fm.meta.date.as_deref(), Some("2024-01-01"));
    }

    #[test]
    fn md_to_pdf_options() {
        let src = "---\nstylesheet: https://example.com/a.css\nbody_class: markdown-body extra\ncss: |-\n  body { color: red; }\npdf_options:\n  format: Letter\n  landscape: true\n  margin: 15mm 15mm \n  printBackground: true\n  scale: 0.8\n  displayHeaderFooter: false\n  headerTemplate: '<div></div>'\n  pageRanges: 1-2\n---\nbody";
        let (fm, w) = ok(src);
        assert!(w.is_empty(), "{w:?}");
        let p = &fm.page;
        assert_eq!(p.size, Size::new(792.0, 612.0));
        assert!(p.landscape && p.print_background);
        assert!(close(p.margin.top, 42.52) && close(p.margin.right, 42.52));
        assert!(close(p.margin.bottom, 42.52) && close(p.margin.left, 42.52));
        assert!(close(p.scale, 0.8));
        assert_eq!(p.display_header_footer, Some(false));
        assert_eq!(p.header_template.as_deref(), Some("<div></div>"));
        assert_eq!(p.page_ranges.as_deref(), Some("1-2"));
        assert_eq!(fm.stylesheets, ["https://example.com/a.css"]);
        assert_eq!(fm.body_class, ["markdown-body", "extra"]);
        assert_eq!(fm.css.as_deref(), Some("body { color: red; }"));
        assert_eq!(&src[fm.body_start..], "body");
    }

    #[test]
    fn formats_and_sizes() {
        let cases: &[(&str, Size)] = &[
            ("format: a4", A4),
            ("format: A5", Size::new(mm(148.0), mm(210.0))),
            ("format: legal", Size::new(612.0, 1008.0)),
            ("format: Tabloid", Size::new(792.0, 1224.0)),
            ("format: LEDGER", Size::new(1224.0, 792.0)),
            ("format: A4\n  landscape: true", Size::new(841.89, 595.28)),
            ("width: 8.5in\n  height: 11in", Size::new(612.0, 792.0)),
            ("format: A4\n  width: 100mm", Size::new(mm(100.0), 841.89)),
            ("width: 800\n  height: 600px", Size::new(600.0, 450.0)),
        ];
        for (opts, size) in cases {
            let src = format!("---\npdf_options:\n  {opts}\n---\n");
            let (fm, _) = ok(&src);
            assert!(close(fm.page.size.width, size.width) && close(fm.page.size.height, size.height), "{opts}: {:?}", fm.page.size);
        }
        let e = errs("---\npdf_options:\n  format: B5\n---\n");
        assert!(e[0].message.contains("B5"));
        assert!(e[0].hints[0].contains("Letter"));
    }

    #[test]
    fn margins() {
        // (margin YAML, top right bottom left in pt)
        let cases: &[(&str, [f32; 4])] = &[
            ("1in", [72.0; 4]),
            ("10mm 20mm", [mm(10.0), mm(20.0), mm(10.0), mm(20.0)]),
            ("1cm 2cm 3cm", [mm(10.0), mm(20.0), mm(30.0), mm(20.0)]),
            ("1pt 2pt 3pt 4pt", [1.0, 2.0, 3.0, 4.0]),
            ("8px  16 PX", [6.0, 12.0, 6.0, 12.0]),
            ("20", [15.0; 4]),
            ("0", [0.0; 4]),
            ("40", [30.0; 4]),
            ("1.5 IN", [108.0; 4]),
            ("{top: 20mm, left: 1in}", [mm(20.0), 0.0, 0.0, 72.0]),
            ("\n    top: 20mm\n    right: 15mm\n    bottom: 20mm\n    left: 15mm", [mm(20.0), mm(15.0), mm(20.0), mm(15.0)]),
        ];
        for (m, [t, r, b, l]) in cases {
            let src = format!("---\npdf_options:\n  margin: {m}\n---\n");
            let (fm, w) = ok(&src);
            assert!(w.is_empty(), "{m}: {w:?}");
            let g = fm.page.margin;
            assert!(close(g.top, *t) && close(g.right, *r) && close(g.bottom, *b) && close(g.left, *l), "{m}: {g:?}");
        }
        // TOML too.
        let (fm, _) = ok("+++\n[pdf_options]\nmargin = \"1in 2in\"\n+++\n");
        assert_eq!(fm.page.margin, Sides::new(72.0, 144.0, 72.0, 144.0));
    }

    #[test]
    fn lengths() {
        assert_eq!(parse_length("1in"), Ok(72.0));
        assert_eq!(parse_length(" 2 pt "), Ok(2.0));
        assert_eq!(parse_length("4"), Ok(3.0));
        assert!(close(parse_length("1e1mm").unwrap_or(0.0), mm(10.0)));
        for bad in ["-1mm", "abc", "1em", "mm", "", "1 2", "NaNmm", "1e999in"] {
            assert!(parse_length(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn wrong_types_are_errors_with_spans() {
        // (source, expected line of the first error, text the message contains)
        let cases: &[(&str, usize, &str)] = &[
            ("---\npdf_options:\n  landscape: maybe\n---\n", 3, "landscape"),
            ("---\npdf_options:\n  margin: [1, 2]\n---\n", 3, "margin"),
            ("---\npdf_options: 3\n---\n", 2, "pdf_options"),
            ("---\npdf_options:\n  margin: -5mm\n---\n", 3, "negative"),
            ("---\npdf_options:\n  margin: 5 furlongs\n---\n", 3, "margin"),
            ("---\npdf_options:\n  margin:\n    top: wide\n---\n", 4, "margin.top"),
            ("---\npdf_options:\n  scale: 3\n---\n", 3, "scale"),
            ("---\ncss: 42\n---\n", 2, "css"),
            ("---\nstylesheet: {a: b}\n---\n", 2, "stylesheet"),
            ("---\n- a\n- b\n---\n", 2, "mapping"),
            ("---\njust a string\n---\n", 2, "mapping"),
            ("+++\n[pdf_options]\nlandscape = \"yes please\"\n+++\n", 3, "landscape"),
        ];
        for &(src, line, text) in cases {
            let e = errs(src);
            assert!(e.iter().all(Diagnostic::is_error));
            assert!(e[0].message.contains(text), "{src:?}: {:?}", e[0]);
            let span = e[0].span.clone().unwrap_or_else(|| panic!("{src:?}: no span"));
            assert_eq!(line_col(src, span.start).0, line, "{src:?}: {:?}", e[0]);
        }
        // Several errors at once.
        let e = errs("---\npdf_options:\n  landscape: maybe\n  scale: 9\n---\n");
        assert_eq!(e.len(), 2);
    }

    #[test]
    fn invalid_yaml_and_toml_point_at_the_right_place() {
        let src = "# x\n";
        assert!(parse(src).output.is_ok());
        // (source, line, column)
        let cases: &[(&str, usize, usize)] = &[
            ("---\ntitle: Jane\npdf_options:\n  format: [A4\n---\nbody\n", 4, 11),
            ("---\ntitle: \"unclosed\n---\n", 0, 0),
            ("---\na: b\n c: d: e\n---\n", 3, 0),
            ("\u{feff}---\ntitle: a\ntitle: b\n---\n", 3, 1),
            ("+++\ntitle = \"x\"\ndate = \n+++\n", 3, 0),
            ("+++\ntitle = 'x\n+++\n", 2, 0),
        ];
        for &(src, line, col) in cases {
            let e = errs(src);
            assert_eq!(e.len(), 1);
            assert!(e[0].message.starts_with("failed to parse front matter ("), "{:?}", e[0]);
            let span = e[0].span.clone().unwrap_or_else(|| panic!("{src:?}: no span"));
            let (l, c) = line_col(src, span.start);
            assert!(l >= 2, "{src:?}: error at line {l}");
            if line != 0 {
                assert_eq!(l, line, "{src:?}: {:?}", e[0]);
            }
            if col != 0 {
                assert_eq!(c, col, "{src:?}: {:?}", e[0]);
            }
        }
    }

    #[test]
    fn unknown_keys_warn_with_suggestions() {
        let src = "---\ntitle: Jane\npdf_option:\n  format: A4\nstylesheets: a.css\nxyzzy_plugh: 1\n---\n";
        let (fm, w) = ok(src);
        assert_eq!(fm.page.size, A4);
        assert_eq!(w.len(), 3, "{w:?}");
        assert_eq!(w[0].message, "unknown front-matter key `pdf_option`");
        assert_eq!(w[0].hints, ["did you mean `pdf_options`?"]);
        let s = w[0].span.clone().unwrap_or(0..0);
        assert_eq!(line_col(src, s.start), (3, 1));
        assert_eq!(&src[s], "pdf_option");
        assert_eq!(w[1].hints, ["did you mean `stylesheet`?"]);
        assert_eq!(line_col(src, w[1].span.clone().unwrap_or(0..0).start).0, 5);
        assert!(w[2].hints.is_empty());

        // pdf_options keys at the top level.
        let src = "---\nheaderTemplate: x\n---\n";
        let (fm, w) = ok(src);
        assert_eq!(fm.page.header_template, None);
        assert_eq!(w[0].message, "unknown front-matter key `headerTemplate`");
        assert!(w[0].hints[0].contains("only under `pdf_options`"));

        // Unknown pdf_options key, TOML key span.
        let src = "+++\ntitel = \"x\"\n[pdf_options]\nlandscap = true\n+++\n";
        let (_, w) = ok(src);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].hints, ["did you mean `title`?"]);
        assert_eq!(&src[w[0].span.clone().unwrap_or(0..0)], "titel");
        assert_eq!(w[1].hints, ["did you mean `landscape`?"]);
        assert_eq!(line_col(src, w[1].span.clone().unwrap_or(0..0).start), (4, 1));
    }

    #[test]
    fn unsafe_keys_warn() {
        let src = "---\ndest: /etc/passwd\nscript: [{url: x.js}]\nlaunch_options: {headless: false}\npdf_options:\n  path: out.pdf\n  timeout: 10\nhighlight_style: github\n---\n";
        let (_, w) = ok(src);
        assert_eq!(w.len(), 4, "{w:?}");
        assert!(w.iter().all(|w| w.message.contains("ignored for safety")), "{w:?}");
        // Warnings come back with errors too.
        let w = parse("---\ndest: x\npdf_options: 3\n---\n");
        assert!(w.output.is_err());
        assert_eq!(w.warnings.len(), 1);
    }

    #[test]
    fn pandoc_papersize_and_geometry() {
        let (fm, _) = ok("---\npapersize: letter\ngeometry: margin=1in\n---\n");
        assert_eq!(fm.page.size, Size::new(612.0, 792.0));
        assert_eq!(fm.page.margin, Sides::splat(72.0));
        let (fm, _) = ok("---\npapersize: a4\ngeometry:\n  - top=1cm\n  - left=2cm\npdf_options:\n  format: Letter\n---\n");
        assert_eq!(fm.page.size, Size::new(612.0, 792.0));
        assert!(close(fm.page.margin.top, mm(10.0)) && close(fm.page.margin.left, mm(20.0)));
        assert!(close(fm.page.margin.right, mm(40.0)));
    }

    #[test]
    fn hostile_input_fails_fast() {
        let mut bomb = String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            let refs = vec![format!("*{}", w[0]); 9].join(",");
            bomb.push_str(&format!("{}: &{} [{}]\n", w[1], w[1], refs));
        }
        bomb.push_str("---\n");
        let deep = format!("---\nx: {}{}\n---\n", "[".repeat(10_000), "]".repeat(10_000));
        let unclosed_deep = format!("---\nx: {}\n---\n", "[".repeat(10_000));
        let deep_map = format!("---\nx: {}\n---\n", "{a: ".repeat(10_000));
        let mut deep_block = String::from("---\n");
        for d in 0..1000 {
            deep_block.push_str(&format!("{}k:\n", "  ".repeat(d)));
        }
        deep_block.push_str("---\n");
        let deep_toml = format!("+++\nx = {}{}\n+++\n", "[".repeat(10_000), "]".repeat(10_000));
        for src in [&bomb, &deep, &unclosed_deep, &deep_map, &deep_block, &deep_toml] {
            let t = Instant::now();
            let e = errs(src);
            assert!(t.elapsed() < Duration::from_secs(2), "too slow");
            // The 1,000-level block is over a megabyte: the size limit stops it first.
            assert!(
                e[0].message.starts_with("failed to parse front matter") || e[0].message.starts_with("the front matter is larger than"),
                "{:?}",
                e[0]
            );
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let cases = [
            "---",
            "---\n",
            "---\r\n---\r\n",
            "+++\n+++",
            "\u{feff}",
            "\u{feff}---\n---",
            "---\nä: ö\n---\n",
            "---\n\"é\": [\n---\n",
            "---\n? [a, b]\n: c\n---\n",
            "---\n1: 2\nnull: 3\n---\n",
            "---\n!!binary aGk=\n---\n",
            "---\na: !custom x\n---\n",
            "---\n*x\n---\n",
            "---\na: *unknown\n---\n",
            "---\n%YAML 1.2\n---\n",
            "---\n\t- x\n---\n",
            "+++\n[[a]]\n[a]\n+++\n",
            "+++\na = 9999999999999999999999\n+++\n",
            "---\npdf_options:\n  margin: {}\n  format: ~\n---\n",
            "---\ndate: 1.50\n---\n",
            "---\nauthor: {first: A}\n---\n",
            "---\nkeywords: [[a]]\n---\n",
        ];
        for src in cases {
            let _ = parse(src);
        }
        // Every prefix of a busy document.
        let doc = "\u{feff}---\r\ntitle: \"Jäne\"\r\npdf_options:\r\n  margin: {top: 1in}\r\n  format: A4\r\n...\r\nbody";
        for (i, _) in doc.char_indices() {
            let _ = parse(&doc[..i]);
        }
    }
}

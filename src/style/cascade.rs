//! Resolves the model into styled blocks with the built-in theme.

use std::collections::HashSet;

use simplecss::Declaration;

use super::css::{self, ElInfo, PageRule, Position, Sheets, Siblings};
use super::load::SheetReader;
use super::whitespace::WhiteSpace;
use super::{
    BodyBox, Border, BoxStyle, DocMeta, InlineContent, InlineImage, Marker, PageSetup, Run, StyledBlock, StyledCell, StyledDocument,
    StyledItem, StyledKind, StyledTable, TextAlign, TextAnchor, TextStyle, Theme, Width,
};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::front_matter::FrontMatter;
use crate::geom::{Rgb, Sides};
use crate::image::ImageData;
use crate::model::{plain_text, Align, Block, BlockKind, Cell, Document, Inline, ListItem, Span};
use crate::Loader;

mod gauge;

/// The built-in rules every theme has: the page-break class (md-to-pdf's default
/// stylesheet has it), the browser's own margin around the body, which
/// github-markdown-css leaves as it is (md-to-pdf's stylesheet sets it to 0), and
/// no top margin on the first block (both stylesheets have that rule).
const BASE_CSS: &str = ".page-break { page-break-after: always; } body { margin: 8px; } body > :first-child { margin-top: 0; }";

/// The built-in themes: `default` is md-to-pdf's own stylesheet (what a file without
/// `stylesheet` gets there), `github` is github-markdown-css.
pub const THEMES: &[&str] = &["default", "github"];

/// md-to-pdf's default stylesheet (its `markdown.css`, as md-to-pdf 5 ships it), in
/// the CSS subset cvpdf reads. The built-in element defaults are GitHub's look; this
/// turns them into md-to-pdf's: 11 px text at line height 1.6, headings without
/// rules spaced by padding, lists indented 2.5 em, italic quotes with a grey bar,
/// code on light grey (its `1.2em` is Chrome's monospace size, 13/16 of the body's:
/// 0.975 em here). Left out: the zebra rows of tables (`:nth-child`).
const DEFAULT_THEME_CSS: &str = "
body { font-size: 11px; line-height: 1.6; color: #111; margin: 0; }
body > :first-child { padding-top: 0; margin-top: 0; }
h1, h2, h3, h4, h5, h6 { margin: 0; padding: 0.5em 0 0.25em; border-bottom: none; color: #111; line-height: inherit; }
h1 { font-size: 2em; } h2 { font-size: 1.5em; } h3 { font-size: 1.17em; } h4 { font-size: 1em; }
h5 { font-size: 1em; padding: 0; } h6 { font-size: 0.875em; padding: 0; text-transform: uppercase; }
p { margin: 0.25em 0 1em; }
blockquote { margin: 0.5em 0 1em; padding-left: 0.5em; padding-right: 1em; border-left: 4px solid #dcdcdc; font-style: italic; color: #111; }
ul, ol { margin: 0 0 0 1em; padding: 0 1.5em 0.5em; }
code { font-family: monospace; font-size: 0.975em; background-color: #f8f8f8; }
pre { margin: 1em 0; padding: 0.5em; font-family: monospace; font-size: 0.975em; background-color: #f8f8f8; }
table { margin: 0 0 1em; }
hr { margin: 0.5em 0; border: 0; border-top: 1px solid #999; height: 0; }
th, td { padding: 0.5em 1em; border: 1px solid #dcdcdc; }
";

/// The GitHub theme's rules beyond the built-in element defaults.
const GITHUB_THEME_CSS: &str = "li + li { margin-top: 0.25em; } li > p { margin-top: 16px; }";

/// The most once-per-document CSS warnings shown (one per unsupported property, undefined
/// variable, …); one more warning counts the rest.
pub const MAX_CSS_WARNINGS: usize = 100;

/// Inline elements nest at most this deep in styling; deeper ones are flattened.
pub const MAX_INLINE_DEPTH: usize = 100;

/// The most custom properties (`--name`) one element has in scope.
pub const MAX_CUSTOM_PROPERTIES: usize = 1000;

/// The most bytes of custom property values copied into elements' scopes over the
/// whole document (each element a rule gives a custom property holds its own copy).
pub const MAX_VAR_SCOPE_BYTES: usize = 16 << 20;

/// What the warnings for out-of-range values say cvpdf limits.
const LENGTH_RANGE: &str = "lengths to ±14400pt (200in, the largest PDF page)";
const FONT_SIZE_RANGE: &str = "font sizes to 0.1–1000pt";
const LINE_HEIGHT_RANGE: &str = "line heights to 10 times the font size";

/// A baseline shift (nested `sup` and `sub` add up), within a font size either way.
fn shift(s: f32) -> f32 {
    s.clamp(-css::MAX_FONT_SIZE, css::MAX_FONT_SIZE)
}

/// The longest CSS text (a value, a selector) quoted in a warning, in characters.
const SHOWN_CHARS: usize = 200;

/// `text` for a warning: at most [`SHOWN_CHARS`] characters, then `…`.
pub(super) fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Stylesheet URLs that mean the GitHub look, which is built in.
const GITHUB_CSS: &str = "github-markdown-css";

/// Resolves every style of the document. Returns the styled document and warnings.
/// Remote (`http:`, `https:`) stylesheets and images are refused.
pub fn cascade(
    doc: &Document,
    fm: &FrontMatter,
    theme: &Theme,
    loader: Option<&Loader>,
    source: &str,
) -> (StyledDocument, Vec<Diagnostic>) {
    cascade_with_remote(doc, fm, theme, loader, source, false)
}

/// Like [`cascade`]; with `remote`, `http(s)://` stylesheets and images (and `//host`
/// ones, as `https:`) go to the loader, which decides whether and how to fetch them.
pub fn cascade_with_remote(
    doc: &Document,
    fm: &FrontMatter,
    theme: &Theme,
    loader: Option<&Loader>,
    source: &str,
    remote: bool,
) -> (StyledDocument, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let print = fm.page_media_type.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("print"));
    let regions = css_regions(source, fm, doc);
    let mut reader = SheetReader::new(loader, remote, print, source, &regions);
    let mut texts = vec![BASE_CSS.to_string()];
    // md-to-pdf replaces its own stylesheet with the ones the document names; a
    // github-markdown-css URL or `theme: github` means GitHub's look, which is the
    // built-in element defaults.
    let github_sheet = fm.stylesheets.iter().any(|s| s.to_ascii_lowercase().contains(GITHUB_CSS));
    let theme_name = fm.theme.as_deref().map(str::to_ascii_lowercase);
    let use_default_theme = match theme_name.as_deref() {
        Some("github") => false,
        Some("default") => true,
        _ => !github_sheet,
    };
    texts.push(if use_default_theme { DEFAULT_THEME_CSS } else { GITHUB_THEME_CSS }.to_string());
    for sheet in &fm.stylesheets {
        let lower = sheet.to_ascii_lowercase();
        if lower.contains(GITHUB_CSS) {
            continue; // the built-in theme is GitHub's look
        }
        let is_remote = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//");
        if is_remote && !remote {
            warnings.push(
                Diagnostic::warning(None, format!("stylesheet `{sheet}` is not fetched; the built-in theme is used"))
                    .with_hint("pass `--allow-remote` to fetch it, or save the stylesheet next to the document"),
            );
            continue;
        }
        let https = format!("https:{sheet}");
        let loaded = match loader {
            Some(load) if lower.starts_with("//") => load(&https),
            Some(load) => load(sheet),
            None => Err("no files can be read here".into()),
        };
        match loaded {
            Ok(bytes) => reader.read(&String::from_utf8_lossy(&bytes), if lower.starts_with("//") { &https } else { sheet }, &mut texts),
            Err(e) => warnings.push(Diagnostic::warning(None, format!("stylesheet `{sheet}` is not used: {e}"))),
        }
    }
    if let Some(name) = &fm.theme {
        if !THEMES.iter().any(|t| t.eq_ignore_ascii_case(name)) {
            warnings.push(
                Diagnostic::warning(None, format!("unknown theme `{name}`; the default theme is used"))
                    .with_hint(format!("built-in themes: {}", THEMES.join(", "))),
            );
        }
    }
    if let Some(css) = &fm.css {
        reader.read(css, "", &mut texts);
    }
    for (css, _) in &doc.styles {
        reader.read(css, "", &mut texts);
    }
    warnings.append(&mut reader.warnings);
    let at_rules = reader.at;
    for name in &at_rules.skipped {
        let what = match name.as_str() {
            "font-face" => "`@font-face` is skipped: web fonts are not loaded; text is set in cvpdf's bundled fonts".to_string(),
            "supports" => "`@supports` conditions are not tested: the rules inside apply".to_string(),
            "layer" => "`@layer` order is not applied: layered rules cascade in source order".to_string(),
            "container" => "`@container` queries are not tested: the rules inside do not apply".to_string(),
            _ => format!("`@{}` rules are skipped", shown(name)),
        };
        warnings.push(Diagnostic::warning(None, what));
    }
    if at_rules.too_deep > 0 {
        warnings.push(Diagnostic::warning(
            None,
            format!("{} `@media` blocks nested deeper than {} levels are ignored", at_rules.too_deep, css::MAX_MEDIA_DEPTH),
        ));
    }
    let page_rule = at_rules.page;
    // One rule per selector, so that a selector cvpdf cannot match drops its own
    // rule only; those selectors are reported below. The first two texts are built in.
    let texts: Vec<String> = texts.iter().map(|t| css::strip_comments(t)).collect();
    let (sheets, unsupported) = Sheets::parse(&texts, 2);
    // The root is an only child; the body follows the head.
    let root = ElInfo { pos: Some(Position { index: 1, count: 1, type_index: 1, type_count: 1 }), ..ElInfo::tag("html") };
    let head = ElInfo { pos: Some(Position { index: 1, count: 2, type_index: 1, type_count: 1 }), ..ElInfo::tag("head") };
    let body = ElInfo {
        classes: fm.body_class.clone(),
        pos: Some(Position { index: 2, count: 2, type_index: 1, type_count: 1 }),
        prev: head.as_prev(),
        ..ElInfo::tag("body")
    };
    let mut c = Cascade {
        theme,
        sheets,
        stack: vec![root],
        root_size: theme.font_size,
        warnings,
        warned_props: Default::default(),
        unshown: 0,
        var_bytes: 0,
        var_scan: css::MAX_VAR_SCAN,
        print_background: fm.page.print_background,
        loader,
        remote,
        images: vec![],
        source,
        css_regions: regions.clone(),
        slugs: Slugger::default(),
        text_anchors: vec![],
        orphan_anchors: vec![],
        footnotes: doc.footnotes.iter().map(|f| f.number).collect(),
        footnote_refs: HashSet::new(),
        prev_sibling: Siblings::default(),
        inline_depth: 0,
    };
    c.warn_selectors(&unsupported);
    // The root and body elements may change the inherited text style.
    let mut ctx = Ctx::root(theme);
    let mut root_box = BoxOverrides::default();
    let decls = c.matching(None, None);
    let parent = (ctx.size, ctx.line_height);
    c.apply(&decls, &mut ctx, &mut root_box, &None, parent);
    c.root_size = ctx.size;
    c.stack.push(body);
    let mut body_box = BoxOverrides::default();
    let decls = c.matching(None, None);
    let parent = (ctx.size, ctx.line_height);
    c.apply(&decls, &mut ctx, &mut body_box, &None, parent);
    let sum = |a: Sides<Option<f32>>, b: Sides<Option<f32>>| {
        let add = |x: Option<f32>, y: Option<f32>| (x.unwrap_or(0.0) + y.unwrap_or(0.0)).max(0.0);
        Sides::new(add(a.top, b.top), add(a.right, b.right), add(a.bottom, b.bottom), add(a.left, b.left))
    };
    let body_box = BodyBox { margin: sum(root_box.margin, body_box.margin), padding: sum(root_box.padding, body_box.padding) };

    let mut blocks = c.blocks(&doc.blocks, &ctx, 0);
    let footnotes_at = (!doc.footnotes.is_empty()).then_some(blocks.len());
    if !doc.footnotes.is_empty() {
        let body = ctx.size;
        blocks.push(StyledBlock {
            kind: StyledKind::Rule { color: theme.border, width: 1.0 },
            style: BoxStyle { margin_top: body, margin_bottom: body * 0.5, ..Default::default() },
            span: 0..0,
            anchors: vec![],
        });
        let fctx = Ctx { size: body * 0.85, color: theme.muted, ..ctx.clone() };
        let items = doc
            .footnotes
            .iter()
            .map(|f| {
                let mut blocks = c.blocks(&f.blocks, &fctx, 1);
                // The footnote is the target of its reference, and links back to it.
                if let Some(first) = blocks.first_mut() {
                    first.anchors.insert(0, format!("fn-{}", f.number));
                }
                if c.footnote_refs.contains(&f.number) {
                    back_reference(&mut blocks, f.number, &fctx, theme.link);
                }
                StyledItem { marker: Marker::Text(format!("{}.", f.number), fctx.text_style()), blocks }
            })
            .collect();
        blocks.push(StyledBlock {
            kind: StyledKind::List { items },
            style: BoxStyle {
                margin_bottom: fctx.size,
                padding: Sides::new(0.0, 0.0, 0.0, theme.list_indent * fctx.size),
                marker_width: theme.list_indent * fctx.size,
                line_height: ctx.line_height,
                ..Default::default()
            },
            span: 0..0,
            anchors: vec![],
        });
    }
    // Targets left over at the very end (an empty last paragraph) go to the last block.
    let rest = std::mem::take(&mut c.orphan_anchors);
    if let Some(last) = blocks.last_mut() {
        last.anchors.extend(rest);
    }
    check_links(&mut blocks, &mut c.warnings);
    if c.unshown > 0 {
        c.warnings.push(Diagnostic::warning(
            None,
            format!("{} more CSS warnings (unsupported properties, undefined variables, values out of range, …) are not shown", c.unshown),
        ));
    }
    let first_h1 = doc.blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading { level: 1, content, .. } => Some(plain_text(content).trim().to_string()),
        _ => None,
    });
    let meta = DocMeta {
        title: fm.meta.document_title.clone().or_else(|| fm.meta.title.clone()).or(first_h1),
        author: fm.meta.author.clone(),
        description: fm.meta.description.clone(),
        keywords: fm.meta.keywords.clone(),
        lang: fm.meta.lang.clone().or_else(|| Some(guess_language(&blocks).to_string())),
        date: fm.meta.date.clone(),
        tagged: fm.page.tagged,
        pdfa: fm.page.pdfa,
    };
    let mut page = PageSetup { size: fm.page.size, margin: fm.page.margin, scale: fm.page.scale.clamp(0.1, 2.0) };
    if fm.page.prefer_css_page_size {
        for name in apply_page_rule(&page_rule, &mut page) {
            let value = if name == "size" { &page_rule.size } else { &page_rule.margin };
            let value = value.as_deref().unwrap_or_default();
            let at = c.declaration_span(name, value, &None);
            let range = if name == "size" { "page sides to 14400pt (200in, the largest PDF page)" } else { "page margins to 0–14400pt" };
            c.warnings
                .push(Diagnostic::warning(at, format!("CSS `@page {{ {name}: {} }}` is out of range: cvpdf limits {range}", shown(value))));
        }
    }
    let outline_depth = fm.outline_depth.unwrap_or(DEFAULT_OUTLINE_DEPTH).min(6);
    (StyledDocument { page, meta, blocks, outline_depth, body: body_box, footnotes_at }, c.warnings)
}

/// Applies `@page { size; margin }` as Chrome does with `preferCSSPageSize`. Returns
/// the properties (`size`, `margin`) with a length out of range: a page side is at
/// most [`css::MAX_LENGTH`], a margin from 0 to that.
fn apply_page_rule(rule: &PageRule, page: &mut PageSetup) -> Vec<&'static str> {
    let mut out_of_range = Vec::new();
    if let Some(size) = &rule.size {
        let words: Vec<&str> = size.split_whitespace().collect();
        let landscape = words.iter().any(|w| w.eq_ignore_ascii_case("landscape"));
        let named = words.iter().find_map(|w| crate::front_matter::format_size(w));
        let lengths: Vec<f32> = words.iter().filter_map(|w| css::length(w, 12.0, 12.0, 0.0)).collect();
        if lengths.iter().any(|l| *l > css::MAX_LENGTH) {
            out_of_range.push("size");
        }
        let lengths: Vec<f32> = lengths.into_iter().map(|l| l.min(css::MAX_LENGTH)).collect();
        let mut s = match (named, lengths.as_slice()) {
            (Some(s), _) => s,
            (None, [w, h]) => crate::geom::Size::new(*w, *h),
            (None, [w]) => crate::geom::Size::new(*w, *w),
            _ => page.size,
        };
        if landscape && s.width < s.height {
            s = crate::geom::Size::new(s.height, s.width);
        }
        if s.width > 1.0 && s.height > 1.0 {
            page.size = s;
        }
    }
    if let Some(m) = &rule.margin {
        let v: Vec<f32> = m.split_whitespace().filter_map(|w| css::length(w, 12.0, 12.0, 0.0)).collect();
        if v.iter().any(|l| !(0.0..=css::MAX_LENGTH).contains(l)) {
            out_of_range.push("margin");
        }
        let v: Vec<f32> = v.into_iter().map(|l| l.clamp(0.0, css::MAX_LENGTH)).collect();
        if let Some(s) = Sides::from_shorthand(&v) {
            page.margin = s;
        }
    }
    out_of_range
}

/// The inherited text properties at a point of the tree.
#[derive(Debug, Clone)]
struct Ctx {
    family: Family,
    bold: bool,
    italic: bool,
    size: f32,
    color: Rgb,
    underline: bool,
    strike: bool,
    shift: f32,
    background: Option<Rgb>,
    /// A frame around inline text (CSS `border` on an inline element): colour, width.
    frame: Option<(Rgb, f32)>,
    link: Option<String>,
    align: TextAlign,
    line_height: f32,
    hidden: bool,
    /// Direction from CSS `direction` or the `dir` attribute.
    rtl: Option<bool>,
    /// CSS `hyphens: auto`.
    hyphens: bool,
    /// CSS `orphans` and `widows` (inherited).
    min_lines: (u8, u8),
    /// CSS `text-transform` (inherited).
    transform: Transform,
    /// CSS `letter-spacing` in points (inherited as a length).
    letter_spacing: f32,
    /// CSS `white-space` (inherited): whether source newlines break lines.
    white_space: WhiteSpace,
    /// CSS custom properties (`--name: value`, inherited), later ones first found
    /// from the end.
    vars: std::rc::Rc<css::Vars>,
}

/// CSS `text-transform`: the text is drawn, and extracted, as transformed, as in
/// browsers' PDFs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Transform {
    #[default]
    None,
    Uppercase,
    Lowercase,
    /// The first letter of each word in capitals.
    Capitalize,
}

impl Transform {
    fn apply(self, text: String) -> String {
        match self {
            Transform::None => text,
            Transform::Uppercase => text.to_uppercase(),
            Transform::Lowercase => text.to_lowercase(),
            Transform::Capitalize => {
                let mut out = String::with_capacity(text.len());
                let mut start = true;
                for c in text.chars() {
                    if start && c.is_alphabetic() {
                        out.extend(c.to_uppercase());
                    } else {
                        out.push(c);
                    }
                    start = !c.is_alphanumeric() && c != '\'' && c != '’';
                }
                out
            }
        }
    }
}

impl Ctx {
    fn root(theme: &Theme) -> Self {
        Self {
            family: Family::Sans,
            bold: false,
            italic: false,
            size: theme.font_size,
            color: theme.color,
            underline: false,
            strike: false,
            shift: 0.0,
            background: None,
            frame: None,
            link: None,
            align: TextAlign::Left,
            line_height: theme.line_height,
            hidden: false,
            rtl: None,
            hyphens: false,
            min_lines: (2, 2),
            transform: Transform::None,
            letter_spacing: 0.0,
            white_space: WhiteSpace::Normal,
            vars: Default::default(),
        }
    }

    fn text_style(&self) -> TextStyle {
        TextStyle {
            family: self.family,
            bold: self.bold,
            italic: self.italic,
            size: self.size,
            color: self.color,
            underline: self.underline,
            strike: self.strike,
            shift: self.shift,
            background: self.background,
            frame: self.frame,
            pad: Sides::default(),
            hyphens: self.hyphens,
            letter_spacing: self.letter_spacing,
        }
    }
}

/// Box properties set by CSS on one element (not inherited).
#[derive(Debug, Clone, Default)]
struct BoxOverrides {
    margin: Sides<Option<f32>>,
    padding: Sides<Option<f32>>,
    background: Option<Option<Rgb>>,
    border_left: Option<Option<Border>>,
    border_bottom: Option<Option<Border>>,
    /// The `border` shorthand: the same border on all four sides.
    border: Option<Option<Border>>,
    /// The top border.
    border_top: Option<Option<Border>>,
    /// The right border.
    border_right: Option<Option<Border>>,
    /// `height` (rules: the thickness of `hr`).
    height: Option<f32>,
    /// `width` (tables).
    width: Option<Width>,
    /// Whether the left and right margins are `auto`.
    auto_margins: (bool, bool),
    break_before: bool,
    break_after: bool,
    /// `Some(true)` for `break-inside: avoid`, `Some(false)` for `auto`.
    avoid_break: Option<bool>,
    display_none: bool,
    /// The last `display` that applied, if it is one cvpdf lays out.
    display: Option<Display>,
    list_style: Option<String>,
}

/// What CSS `display` makes of an element, as far as cvpdf lays it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Display {
    Block,
    Inline,
    None,
}

impl BoxOverrides {
    fn apply_to(&self, b: &mut BoxStyle) {
        if let Some(v) = self.margin.top {
            b.margin_top = v;
        }
        if let Some(v) = self.margin.bottom {
            b.margin_bottom = v;
        }
        if let Some(v) = self.margin.left {
            b.padding.left += v;
        }
        if let Some(v) = self.margin.right {
            b.padding.right += v;
        }
        for (dst, src) in [(&mut b.padding.top, self.padding.top), (&mut b.padding.bottom, self.padding.bottom)] {
            if let Some(v) = src {
                *dst = v;
            }
        }
        if let Some(v) = self.padding.left {
            b.padding.left = v + self.margin.left.unwrap_or(0.0);
        }
        if let Some(v) = self.padding.right {
            b.padding.right = v + self.margin.right.unwrap_or(0.0);
        }
        if let Some(bg) = self.background {
            b.background = bg;
        }
        if let Some(border) = self.border_left {
            b.border_left = border;
        }
        if let Some(border) = self.border_bottom {
            b.border_bottom = border;
        }
        if let Some(border) = self.border {
            b.border = border;
        }
        if let Some(border) = self.border_top {
            b.border_top = border;
        }
        if let Some(border) = self.border_right {
            b.border_right = border;
        }
        b.break_before |= self.break_before;
        b.break_after |= self.break_after;
        if let Some(avoid) = self.avoid_break {
            b.keep_together = avoid;
        }
    }
}

struct Cascade<'t> {
    theme: &'t Theme,
    sheets: Sheets<'t>,
    stack: Vec<ElInfo>,
    root_size: f32,
    warnings: Vec<Diagnostic>,
    /// Keys of the warnings given once per document (a property name, a variable,
    /// a `display` value, …).
    warned_props: std::collections::HashSet<String>,
    /// Once-per-document warnings not shown because [`MAX_CSS_WARNINGS`] were.
    unshown: usize,
    /// Bytes of custom property values copied into scopes so far (see
    /// [`MAX_VAR_SCOPE_BYTES`]).
    var_bytes: usize,
    /// What `var()` substitution may still read (see [`css::MAX_VAR_SCAN`]).
    var_scan: usize,
    print_background: bool,
    loader: Option<&'t Loader>,
    /// Whether remote URLs go to the loader (else they are refused here).
    remote: bool,
    /// Images already loaded, by URL, so each file is read once.
    images: Vec<(String, Result<ImageData, String>)>,
    /// The Markdown source, to point at CSS written in it.
    source: &'t str,
    /// Where CSS is written in the source: the front matter, `<style>` elements.
    css_regions: Vec<Span>,
    /// The heading slugs given so far.
    slugs: Slugger,
    /// Link targets met while collecting the runs of one text.
    text_anchors: Vec<TextAnchor>,
    /// Link targets of blocks that show nothing, for the next block.
    orphan_anchors: Vec<String>,
    /// The numbers of the footnotes that exist (a set: a list searched per reference
    /// is quadratic in a document of many footnotes).
    footnotes: HashSet<usize>,
    /// The footnotes referred to so far (each reference's target is `fnref-N`).
    footnote_refs: HashSet<usize>,
    /// The elements before the next block among its siblings.
    prev_sibling: Siblings,
    /// How deep `collect` is in nested inline elements.
    inline_depth: usize,
}

/// The `style` attribute of a block's HTML element, read as [`css::style_attribute`]
/// reads it.
fn style_attribute_of(kind: &BlockKind) -> Option<std::borrow::Cow<'_, str>> {
    match kind {
        BlockKind::Div { el, .. } => el.style.as_deref().map(css::style_attribute),
        _ => None,
    }
}

/// The tag name a Markdown block stands for in md-to-pdf's HTML.
fn tag_of(kind: &BlockKind) -> ElInfo {
    let tag = match kind {
        BlockKind::Paragraph(_) => "p".to_string(),
        BlockKind::Text(_) => String::new(),
        BlockKind::Heading { level, .. } => format!("h{}", level.clamp(&1, &6)),
        BlockKind::List { start: Some(_), .. } => "ol".into(),
        BlockKind::List { start: None, .. } => "ul".into(),
        BlockKind::Quote(_) => "blockquote".into(),
        BlockKind::Code { .. } => "pre".into(),
        BlockKind::Rule => "hr".into(),
        BlockKind::Table { .. } => "table".into(),
        BlockKind::Div { el, .. } => {
            return ElInfo { id: el.id.clone(), classes: el.classes.clone(), ..ElInfo::tag(&el.tag) };
        }
    };
    let id = match kind {
        BlockKind::Heading { id, .. } => id.clone(),
        _ => None,
    };
    ElInfo { tag, id, ..Default::default() }
}

impl<'t> Cascade<'t> {
    fn blocks(&mut self, blocks: &[Block], ctx: &Ctx, depth: usize) -> Vec<StyledBlock> {
        let mut out = Vec::new();
        let mut pending_break = false;
        // Each block's element, and its place among its siblings (`:last-child`,
        // `:nth-child()`): text outside any element is none.
        let mut els: Vec<ElInfo> = blocks.iter().map(|b| self.element_of(&b.kind)).collect();
        let tags: Vec<&str> = els.iter().map(|e| e.tag.as_str()).collect();
        let places = css::positions(&tags);
        for (el, pos) in els.iter_mut().zip(places) {
            el.pos = pos;
        }
        for (b, el) in blocks.iter().zip(els) {
            // Past the deadline the render fails after this stage: stop early.
            if crate::deadline::passed() {
                break;
            }
            // Targets of blocks that showed nothing land on the next block shown.
            let carried = std::mem::take(&mut self.orphan_anchors);
            match self.block(b, el.clone(), ctx, depth) {
                Some(mut sb) => {
                    sb.style.break_before |= std::mem::take(&mut pending_break);
                    sb.anchors.splice(0..0, carried);
                    out.push(sb);
                }
                None => {
                    // An empty element that asks for a page break still breaks.
                    pending_break |= self.wants_break(b, el);
                    self.orphan_anchors.splice(0..0, carried);
                }
            }
        }
        if pending_break {
            if let Some(last) = out.last_mut() {
                last.style.break_after = true;
            }
        }
        out
    }

    fn wants_break(&mut self, b: &Block, mut el: ElInfo) -> bool {
        // The element as it was matched, before the next one (`display: none`
        // elements are siblings too).
        el.prev = match self.prev_sibling.get() {
            Some(p) if !el.tag.is_empty() => p.prev.clone(),
            _ => self.prev_sibling.clone(),
        };
        self.stack.push(el);
        let attr_css = style_attribute_of(&b.kind);
        let decls = self.matching(attr_css.as_deref(), Some(&b.span));
        self.stack.pop();
        let mut ov = BoxOverrides::default();
        let mut ctx = Ctx::root(self.theme);
        let (size, line_height) = (ctx.size, ctx.line_height);
        self.apply(&decls, &mut ctx, &mut ov, &Some(b.span.clone()), (size, line_height));
        ov.break_after || ov.break_before
    }

    /// Text defaults a tag has before CSS (the theme's element rules).
    fn tag_defaults(&self, kind: &BlockKind, ctx: &Ctx) -> Ctx {
        let t = self.theme;
        match kind {
            BlockKind::Heading { level, .. } => {
                let level = (*level).clamp(1, 6);
                let size = (ctx.size * t.heading_scale[usize::from(level - 1)]).min(css::MAX_FONT_SIZE);
                let c = Ctx { size, bold: true, line_height: 1.25, ..ctx.clone() };
                if level == 6 {
                    Ctx { color: t.muted, ..c }
                } else {
                    c
                }
            }
            BlockKind::Code { .. } => {
                Ctx { family: Family::Mono, size: ctx.size * 0.85, line_height: 1.45, align: TextAlign::Left, ..ctx.clone() }
            }
            BlockKind::Quote(_) => Ctx { color: t.muted, ..ctx.clone() },
            BlockKind::Div { align, el, .. } => {
                let rtl = match el.dir.as_deref() {
                    Some("rtl") => Some(true),
                    Some("ltr") => Some(false),
                    _ => ctx.rtl,
                };
                Ctx { align: text_align(*align, ctx.align), rtl, ..ctx.clone() }
            }
            _ => ctx.clone(),
        }
    }

    /// The element a block is, under the element on top of the stack.
    fn element_of(&self, kind: &BlockKind) -> ElInfo {
        let mut el = tag_of(kind);
        if el.tag == "p" && matches!(kind, BlockKind::Paragraph(_)) && self.stack.last().is_some_and(|p| p.tag == "p") {
            // The text of an HTML `<p>` is that element's own content, not a second `p`.
            el.tag = String::new();
        }
        el
    }

    /// Styles a block as the element `el` (its place among its siblings known).
    fn block(&mut self, block: &Block, mut el: ElInfo, parent: &Ctx, depth: usize) -> Option<StyledBlock> {
        // The siblings before it, for `a + b` and `a ~ b`; a block's children start
        // afresh.
        let prev = std::mem::take(&mut self.prev_sibling);
        el.prev = prev.clone();
        self.stack.push(el);
        let mut ctx = self.tag_defaults(&block.kind, parent);
        let attr_css = style_attribute_of(&block.kind);
        let decls = self.matching(attr_css.as_deref(), Some(&block.span));
        let mut ov = BoxOverrides::default();
        self.apply(&decls, &mut ctx, &mut ov, &Some(block.span.clone()), (parent.size, parent.line_height));
        // Headings get GitHub's slugs (in document order, shown or not); an explicit
        // id wins. HTML elements keep their `id`.
        let own = match &block.kind {
            BlockKind::Heading { id: Some(id), .. } => Some(self.slugs.reserve(id)),
            BlockKind::Heading { content, .. } => self.slugs.slug(&plain_text(content)),
            BlockKind::Div { el, .. } => el.id.clone().filter(|i| !i.trim().is_empty()),
            _ => None,
        };
        let at = Some(block.span.clone());
        let narrowed = ov.width.is_some_and(|w| !matches!(w, Width::Percent(p) if p >= 100.0));
        if narrowed && !matches!(block.kind, BlockKind::Table { .. }) {
            self.warn_once("block width", |c| {
                let at = c.declaration_span("width", "", &at);
                Diagnostic::warning(at, "CSS `width` is laid out on tables and images only; other blocks take the full width of the line")
            });
        }
        if ov.height.is_some_and(|h| h > 0.0) && !matches!(block.kind, BlockKind::Rule) {
            self.warn_once("block height", |c| {
                let at = c.declaration_span("height", "", &at);
                Diagnostic::warning(at, "CSS `height` is laid out on images and rules only; other blocks are as tall as their content")
            });
        }
        if ov.display == Some(Display::Inline) {
            let tag = self.stack.last().map(|e| e.tag.clone()).unwrap_or_default();
            self.warn_once(format!("display: inline on {tag}"), |c| {
                let at = c.declaration_span("display", "inline", &at);
                let what = if tag.is_empty() { "a block".to_string() } else { format!("`<{tag}>`") };
                Diagnostic::warning(at, format!("CSS `display: inline` on {what} is not supported: it stays a block"))
            });
        }
        let styled = if ov.display_none { None } else { self.block_inner(block, &ctx, &ov, depth) };
        let el = self.stack.pop().unwrap_or_default();
        // Text outside any element (no tag) is no sibling.
        self.prev_sibling = if el.tag.is_empty() { prev } else { el.as_prev() };
        styled.map(|mut b| {
            ov.apply_to(&mut b.style);
            b.style.rtl = ctx.rtl;
            b.style.min_lines = Some(ctx.min_lines);
            // Right-to-left blocks start at the right unless aligned otherwise.
            if ctx.rtl == Some(true) && b.style.align == TextAlign::Left {
                b.style.align = TextAlign::Right;
            }
            if let Some(id) = own {
                b.anchors.insert(0, id);
            }
            b
        })
    }

    fn block_inner(&mut self, block: &Block, ctx: &Ctx, ov: &BoxOverrides, depth: usize) -> Option<StyledBlock> {
        let t = self.theme;
        let em = ctx.size;
        // GitHub's stylesheet gives block margins and code padding in pixels (16 px,
        // headings 24 px above): they stay put when a document changes the font size.
        let px16 = t.paragraph_space * t.font_size;
        let span = block.span.clone();
        let base = BoxStyle { margin_bottom: px16, line_height: ctx.line_height, align: ctx.align, ..Default::default() };
        let (kind, style) = match &block.kind {
            BlockKind::Paragraph(content) | BlockKind::Text(content) => {
                let pre = ctx.white_space == WhiteSpace::Pre;
                let (runs, anchors) = self.runs(content, ctx, pre);
                if runs.iter().all(|r| r.text.trim().is_empty()) {
                    self.orphan_anchors.extend(anchors.into_iter().map(|a| a.name));
                    return None;
                }
                let style = match block.kind {
                    BlockKind::Text(_) => BoxStyle { margin_bottom: 0.0, ..base },
                    _ => base,
                };
                (StyledKind::Text { runs, pre, anchors }, style)
            }
            BlockKind::Heading { level, content, .. } => {
                let level = (*level).clamp(1, 6);
                let (runs, anchors) = self.runs(content, ctx, false);
                let border = (level <= 2).then_some(Border { width: 0.75, color: t.border });
                let style = BoxStyle {
                    margin_top: 1.5 * px16,
                    margin_bottom: px16,
                    heading: Some(level),
                    border_bottom: border,
                    padding: Sides::new(0.0, 0.0, if border.is_some() { 0.3 * em } else { 0.0 }, 0.0),
                    ..base
                };
                (StyledKind::Text { runs, pre: false, anchors }, style)
            }
            BlockKind::Code { text, .. } => {
                let text = expand_tabs(text);
                let run = Run { text, style: ctx.text_style(), link: None, span: span.clone(), object: None };
                let style = BoxStyle {
                    keep_together: true,
                    background: self.print_background.then_some(t.code_background),
                    padding: Sides::splat(px16),
                    margin_bottom: px16,
                    ..base
                };
                (StyledKind::Text { runs: vec![run], pre: true, anchors: vec![] }, style)
            }
            BlockKind::Quote(children) => {
                let style = BoxStyle {
                    keep_together: true,
                    padding: Sides::new(0.0, em, 0.0, em),
                    border_left: Some(Border { width: 3.0, color: t.border }),
                    ..base
                };
                (StyledKind::Container(self.blocks(children, ctx, depth)), style)
            }
            BlockKind::Div { blocks, el, .. } => {
                // `dd` is indented, as browsers do.
                let indent = if el.tag == "dd" { 2.0 * em } else { 0.0 };
                let style = BoxStyle { margin_bottom: 0.0, padding: Sides::new(0.0, 0.0, 0.0, indent), ..base };
                (StyledKind::Container(self.blocks(blocks, ctx, depth)), style)
            }
            BlockKind::Rule => {
                let style = BoxStyle { margin_top: 1.5 * px16, margin_bottom: 1.5 * px16, ..base };
                // GitHub's rule is a 4px grey bar; CSS may draw it with its borders
                // (`border-top: 1px solid`) and/or its height and background.
                let (top, bottom) = (ov.border_top.flatten(), ov.border_bottom.flatten());
                let css = ov.border_top.is_some() || ov.border_bottom.is_some() || ov.height.is_some() || ov.background.is_some();
                let rule = if css {
                    let width = top.map_or(0.0, |b| b.width) + bottom.map_or(0.0, |b| b.width) + ov.height.unwrap_or(0.0).max(0.0);
                    let color = top.or(bottom).map(|b| b.color).or(ov.background.flatten()).unwrap_or(t.border);
                    StyledKind::Rule { color, width: width.clamp(0.0, 100.0) }
                } else {
                    StyledKind::Rule { color: t.border, width: 3.0 }
                };
                (rule, style)
            }
            BlockKind::List { start, items } => {
                let items = self.items(items, *start, ctx, depth, ov.list_style.as_deref());
                let indent = t.list_indent * em;
                let style = BoxStyle {
                    padding: Sides::new(0.0, 0.0, 0.0, indent),
                    marker_width: indent,
                    margin_bottom: if depth > 0 { 0.0 } else { base.margin_bottom },
                    ..base
                };
                (StyledKind::List { items }, style)
            }
            BlockKind::Table { aligns, head, rows } => {
                let mut out = Vec::new();
                let header = !head.is_empty() && head.iter().any(|c| !c.content.is_empty());
                if header {
                    self.stack.push(ElInfo { tag: "thead".into(), ..Default::default() });
                    self.stack.push(ElInfo { tag: "tr".into(), ..Default::default() });
                    // Header cells follow the cell, then the column, then CSS `th {
                    // text-align }`. Browsers centre them by default; cvpdf keeps them
                    // left, over their column's text, because extractors read a
                    // centred header line apart from its row (out of reading order).
                    let hctx = self.element_ctx("th", ctx, Ctx { bold: true, ..ctx.clone() });
                    let mut col = 0;
                    let mut cells = Vec::with_capacity(head.len());
                    let css_aligned = hctx.align != ctx.align;
                    for c in head {
                        let mut cell = self.cell(c, &hctx);
                        if css_aligned && cell.align.is_none() && aligns.get(col).is_none_or(|a| *a == Align::None) {
                            cell.align = Some(hctx.align);
                        }
                        col += cell.colspan;
                        cells.push(cell);
                    }
                    out.push(cells);
                    self.stack.truncate(self.stack.len() - 2);
                }
                self.stack.push(ElInfo { tag: "tbody".into(), ..Default::default() });
                self.stack.push(ElInfo { tag: "tr".into(), ..Default::default() });
                let (dctx, cell_box) = self.element_style("td", ctx, ctx.clone());
                for row in rows {
                    out.push(row.iter().map(|c| self.cell(c, &dctx)).collect());
                }
                self.stack.truncate(self.stack.len() - 2);
                let table = StyledTable {
                    aligns: aligns.iter().map(|a| text_align(*a, TextAlign::Left)).collect(),
                    rows: out,
                    header,
                    // Cell padding and rule colour from CSS on `td` (md-to-pdf's sheet:
                    // `0.5em 1em`, gainsboro), else GitHub's `padding: 6px 13px`.
                    padding: {
                        let p = cell_box.padding;
                        let d = Sides::new(0.375 * px16, 0.8125 * px16, 0.375 * px16, 0.8125 * px16);
                        Sides::new(
                            p.top.unwrap_or(d.top),
                            p.right.unwrap_or(d.right),
                            p.bottom.unwrap_or(d.bottom),
                            p.left.unwrap_or(d.left),
                        )
                    },
                    border: cell_box.border_bottom.flatten().or(cell_box.border_left.flatten()).map_or(t.border, |b| b.color),
                    line_height: ctx.line_height,
                    stripe: self.print_background.then_some(Rgb(0xf6, 0xf8, 0xfa)),
                    width: ov.width,
                    centred: ov.auto_margins == (true, true),
                };
                (StyledKind::Table(table), base)
            }
        };
        Some(StyledBlock { kind, style, span, anchors: vec![] })
    }

    fn cell(&mut self, c: &Cell, ctx: &Ctx) -> StyledCell {
        let align = (c.align != Align::None).then(|| text_align(c.align, TextAlign::Left));
        let (runs, anchors) = self.runs(&c.content, ctx, false);
        StyledCell { runs, colspan: c.colspan.max(1), rowspan: c.rowspan.max(1), align, anchors }
    }

    /// The text style of a child element (`th`, `td`, `li`) after CSS.
    fn element_ctx(&mut self, tag: &str, parent: &Ctx, defaults: Ctx) -> Ctx {
        self.element_style(tag, parent, defaults).0
    }

    /// The text style and the box overrides (padding, borders) of a child element
    /// after CSS.
    fn element_style(&mut self, tag: &str, parent: &Ctx, defaults: Ctx) -> (Ctx, BoxOverrides) {
        self.stack.push(ElInfo { tag: tag.into(), ..Default::default() });
        let decls = self.matching(None, None);
        let mut ctx = defaults;
        let mut ov = BoxOverrides::default();
        self.apply(&decls, &mut ctx, &mut ov, &None, (parent.size, parent.line_height));
        self.stack.pop();
        (ctx, ov)
    }

    fn items(&mut self, items: &[ListItem], start: Option<u64>, ctx: &Ctx, depth: usize, list_style: Option<&str>) -> Vec<StyledItem> {
        let bullets = ["•", "◦", "▪"];
        let loose = items.iter().any(|i| i.loose);
        let mut prev = Siblings::default();
        let count = items.len().min(u32::MAX as usize) as u32;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                // Each item is an `li` element, for `li:first-child` and `li + li`.
                let index = (i + 1).min(u32::MAX as usize) as u32;
                let pos = Position { index, count, type_index: index, type_count: count };
                let li = ElInfo { pos: Some(pos), prev: std::mem::take(&mut prev), ..ElInfo::tag("li") };
                prev = li.as_prev();
                self.stack.push(li);
                let decls = self.matching(None, None);
                let mut ictx = ctx.clone();
                let mut li_box = BoxOverrides::default();
                self.apply(&decls, &mut ictx, &mut li_box, &None, (ctx.size, ctx.line_height));
                let n = start.map(|s| s.saturating_add(i as u64));
                let text = match (list_style.map(str::trim), n) {
                    (Some("none"), _) => String::new(),
                    (Some("disc"), _) => "•".into(),
                    (Some("circle"), _) => "◦".into(),
                    (Some("square"), _) => "▪".into(),
                    (Some("decimal"), _) => format!("{}.", n.unwrap_or(i as u64 + 1)),
                    (_, Some(n)) => format!("{n}."),
                    (_, None) => bullets[depth.min(bullets.len() - 1)].to_string(),
                };
                let marker = match item.task {
                    Some(done) => Marker::Task(done),
                    None => {
                        let mut style = ictx.text_style();
                        if bullets.contains(&text.as_str()) {
                            // DejaVu Sans Mono's bullets are the size browsers draw
                            // discs and circles (a third of the ascent); Roboto's
                            // bullet is two thirds of that.
                            style.family = Family::Mono;
                        }
                        Marker::Text(text, style)
                    }
                };
                self.prev_sibling = Siblings::default();
                let mut blocks = self.blocks(&item.blocks, &ictx, depth + 1);
                self.prev_sibling = Siblings::default();
                self.stack.pop();
                // Paragraphs inside the items of a tight list sit close together; a
                // loose list keeps the paragraphs' own margins (GitHub's look adds
                // `li > p { margin-top }` in its theme CSS).
                for b in &mut blocks {
                    if matches!(b.kind, StyledKind::Text { pre: false, .. }) && b.style.heading.is_none() && !loose {
                        // A tight item's text is not a `<p>`: no paragraph margins.
                        b.style.margin_top = 0.0;
                        b.style.margin_bottom = 0.0;
                    }
                }
                // The item's own margins (GitHub: `li + li { margin-top: .25em }`)
                // go to its first and last blocks, where they collapse as CSS margins do.
                if let Some(first) = blocks.first_mut() {
                    first.style.margin_top = first.style.margin_top.max(li_box.margin.top.unwrap_or(0.0));
                }
                if let Some(last) = blocks.last_mut() {
                    last.style.margin_bottom = last.style.margin_bottom.max(li_box.margin.bottom.unwrap_or(0.0));
                }
                StyledItem { marker, blocks }
            })
            .collect()
    }

    /// Applies declarations in cascade order to the text context and box overrides.
    /// `parent` is the parent's font size and line height.
    fn apply(&mut self, decls: &[Declaration<'_>], ctx: &mut Ctx, ov: &mut BoxOverrides, span: &Option<Span>, parent: (f32, f32)) {
        let (parent_size, parent_line_height) = parent;
        // Custom properties first: they apply to this element's own declarations.
        let custom = |name: &str| name.starts_with(css::CUSTOM_PREFIX) || name.starts_with("--");
        for d in decls.iter().filter(|d| custom(d.name)) {
            let (key, value) = (css::custom_key(d.name), d.value.trim());
            let display = css::custom_display(d.name);
            let name = shown(&display);
            if !ctx.vars.contains_key(key.as_ref()) && ctx.vars.len() >= MAX_CUSTOM_PROPERTIES {
                self.warn_once("too many custom properties", |c| {
                    Diagnostic::warning(
                        c.declaration_span(d.name, d.value, span),
                        format!(
                            "CSS custom property `{name}` is ignored: an element has at most {MAX_CUSTOM_PROPERTIES} custom properties"
                        ),
                    )
                });
                continue;
            }
            if self.var_bytes + value.len() > MAX_VAR_SCOPE_BYTES {
                self.warn_once("custom property bytes", |c| {
                    Diagnostic::warning(
                        c.declaration_span(d.name, d.value, span),
                        format!(
                            "CSS custom property `{name}` is ignored: the document's custom properties hold more than {} MB of values",
                            MAX_VAR_SCOPE_BYTES >> 20
                        ),
                    )
                });
                continue;
            }
            self.var_bytes += value.len();
            std::rc::Rc::make_mut(&mut ctx.vars).insert(key.as_ref().into(), value.into());
        }
        let mut longhands: (Option<f32>, Option<bool>, Option<Rgb>) = (None, None, None);
        // `letter-spacing` as points plus ems, and its declaration: the ems are of
        // this element's font size, known once all declarations apply.
        let mut letter_spacing: Option<((f32, f32), &Declaration<'_>)> = None;
        for d in decls {
            if custom(d.name) {
                continue;
            }
            let resolved = match css::substitute_vars(d.value, &ctx.vars, &mut self.var_scan) {
                Ok(v) => v,
                Err(css::VarError::Undefined(name)) => {
                    self.warn_once(format!("var({name})"), |_| {
                        let name = shown(&name);
                        Diagnostic::warning(
                            span.clone(),
                            format!(
                                "CSS variable `{name}` is not defined: `{}: {}` is ignored",
                                shown(d.name),
                                shown(&d.value.replace(css::CUSTOM_PREFIX, "--"))
                            ),
                        )
                        .with_hint(format!("define it, e.g. `:root {{ {name}: … }}`, or give a fallback: `var({name}, …)`"))
                    });
                    continue;
                }
                Err(css::VarError::Exhausted) => {
                    self.warn_once("var() exhausted", |c| {
                        Diagnostic::warning(
                            c.declaration_span(d.name, d.value, span),
                            format!(
                                "CSS `{}: {}` is ignored, and later values with `var()`: substituting variables has read more than {} MB of values in this document",
                                shown(d.name),
                                shown(&d.value.replace(css::CUSTOM_PREFIX, "--")),
                                css::MAX_VAR_SCAN >> 20
                            ),
                        )
                    });
                    continue;
                }
                Err(css::VarError::TooLarge) => {
                    self.warn_once(format!("var() too large: {}", d.name), |c| {
                        Diagnostic::warning(
                            c.declaration_span(d.name, d.value, span),
                            format!(
                                "CSS `{}: {}` is ignored: its variables expand to more than {} KB or take more than {} substitutions",
                                shown(d.name),
                                shown(&d.value.replace(css::CUSTOM_PREFIX, "--")),
                                css::MAX_VAR_BYTES >> 10,
                                css::MAX_VAR_SUBSTITUTIONS
                            ),
                        )
                    });
                    continue;
                }
            };
            let v = resolved.trim();
            let lower = v.to_ascii_lowercase();
            if matches!(lower.as_str(), "inherit" | "initial" | "unset" | "revert") {
                // Inherited properties already inherit, except where an element's
                // defaults set them (a heading's line height): `inherit` and `unset`
                // take the parent's value again. The rest keep their default.
                if d.name == "line-height" && matches!(lower.as_str(), "inherit" | "unset") {
                    ctx.line_height = parent_line_height;
                }
                continue;
            }
            // Resolved lengths and sizes stay within what layout and PDF can hold;
            // `limited` says what was cut, for the warning below.
            let limited: std::cell::Cell<Option<&str>> = std::cell::Cell::new(None);
            let len = |v: &str| {
                css::length(v, ctx.size, self.root_size, ctx.size).map(|x| {
                    if x.abs() > css::MAX_LENGTH {
                        limited.set(Some(LENGTH_RANGE));
                    }
                    x.clamp(-css::MAX_LENGTH, css::MAX_LENGTH)
                })
            };
            let font_size = |s: f32| {
                if !(css::MIN_FONT_SIZE..=css::MAX_FONT_SIZE).contains(&s) {
                    limited.set(Some(FONT_SIZE_RANGE));
                }
                s.clamp(css::MIN_FONT_SIZE, css::MAX_FONT_SIZE)
            };
            let ok = match d.name {
                "color" => css::color(v).map(|c| ctx.color = c).is_some(),
                // `em` and `%` in font-size are relative to the parent's size.
                "font-size" => css::font_size(v, parent_size, self.root_size).map(|s| ctx.size = font_size(s)).is_some(),
                "font-family" => {
                    ctx.family = family(&lower);
                    true
                }
                "font-weight" => {
                    ctx.bold = match lower.as_str() {
                        "bold" | "bolder" => true,
                        "normal" | "lighter" => false,
                        n => n.parse::<u32>().map_or(ctx.bold, |w| w >= 600),
                    };
                    true
                }
                "font-style" => {
                    ctx.italic = lower == "italic" || lower == "oblique";
                    true
                }
                "font" => {
                    for w in lower.split_whitespace() {
                        if w == "bold" {
                            ctx.bold = true;
                        } else if w == "italic" {
                            ctx.italic = true;
                        } else if let Some(s) = css::font_size(w.split('/').next().unwrap_or(w), ctx.size, self.root_size) {
                            ctx.size = font_size(s);
                        }
                    }
                    ctx.family = family(&lower);
                    true
                }
                "text-align" => {
                    ctx.align = match lower.as_str() {
                        "center" => TextAlign::Center,
                        "right" | "end" => TextAlign::Right,
                        "justify" => TextAlign::Justify,
                        _ => TextAlign::Left,
                    };
                    true
                }
                "text-decoration" | "text-decoration-line" => {
                    ctx.underline = lower.contains("underline");
                    ctx.strike = lower.contains("line-through");
                    true
                }
                "line-height" => {
                    let lh = if lower == "normal" {
                        Some(1.2)
                    } else if let Ok(n) = lower.parse::<f32>() {
                        Some(n)
                    } else {
                        len(v).map(|l| l / ctx.size.max(0.1))
                    };
                    lh.filter(|l| l.is_finite() && *l > 0.0)
                        .map(|l| {
                            if l > css::MAX_LINE_HEIGHT {
                                limited.set(Some(LINE_HEIGHT_RANGE));
                            }
                            ctx.line_height = l.min(css::MAX_LINE_HEIGHT);
                        })
                        .is_some()
                }
                "margin" | "padding" => {
                    // One value that is not a length (`margin: 1em foo`) drops the
                    // declaration, as browsers do, rather than shifting the others.
                    let vals: Option<Vec<f32>> = v.split_whitespace().map(len).collect();
                    let sides = Sides::from_shorthand(vals.as_deref().unwrap_or_default());
                    if d.name == "margin" && sides.is_some() {
                        // Which horizontal margins are `auto` (they centre a table).
                        let auto: Vec<bool> = v.split_whitespace().map(|w| w.eq_ignore_ascii_case("auto")).collect();
                        if let Some(a) = Sides::from_shorthand(&auto) {
                            ov.auto_margins = (a.left, a.right);
                        }
                    }
                    sides
                        .map(|s| {
                            let o = Sides::new(Some(s.top), Some(s.right), Some(s.bottom), Some(s.left));
                            if d.name == "margin" {
                                ov.margin = o
                            } else {
                                ov.padding = o
                            }
                        })
                        .is_some()
                }
                "margin-top" => len(v).map(|x| ov.margin.top = Some(x)).is_some(),
                "margin-bottom" => len(v).map(|x| ov.margin.bottom = Some(x)).is_some(),
                "margin-left" => {
                    ov.auto_margins.0 = lower == "auto";
                    len(v).map(|x| ov.margin.left = Some(x)).is_some()
                }
                "margin-right" => {
                    ov.auto_margins.1 = lower == "auto";
                    len(v).map(|x| ov.margin.right = Some(x)).is_some()
                }
                "padding-top" => len(v).map(|x| ov.padding.top = Some(x)).is_some(),
                "padding-bottom" => len(v).map(|x| ov.padding.bottom = Some(x)).is_some(),
                "padding-left" => len(v).map(|x| ov.padding.left = Some(x)).is_some(),
                "padding-right" => len(v).map(|x| ov.padding.right = Some(x)).is_some(),
                "background-color" | "background" => {
                    if lower == "none" || lower == "transparent" {
                        ov.background = Some(None);
                        true
                    } else {
                        let c = css::color(v).or_else(|| lower.split_whitespace().find_map(css::color));
                        if self.print_background && c.is_some() {
                            ov.background = Some(c);
                        }
                        c.is_some()
                    }
                }
                "border" | "border-left" | "border-bottom" | "border-top" | "border-right" => {
                    let b = border(&lower, ctx.size, self.root_size);
                    if matches!(d.name, "border" | "border-left") {
                        ov.border_left = Some(b);
                    }
                    if matches!(d.name, "border" | "border-bottom") {
                        ov.border_bottom = Some(b);
                    }
                    if matches!(d.name, "border" | "border-top") {
                        ov.border_top = Some(b);
                    }
                    if matches!(d.name, "border" | "border-right") {
                        ov.border_right = Some(b);
                    }
                    if d.name == "border" {
                        ov.border = Some(b);
                    } else if ov.border.is_some() {
                        // One side set after the shorthand: that side alone is drawn.
                        ov.border = Some(None);
                    }
                    true
                }
                "page-break-before" | "break-before" => {
                    ov.break_before = matches!(lower.as_str(), "always" | "page" | "left" | "right");
                    true
                }
                "page-break-after" | "break-after" => {
                    ov.break_after = matches!(lower.as_str(), "always" | "page" | "left" | "right");
                    true
                }
                "display" => {
                    // Flex, grid and table layouts are approximated: their children
                    // stand one under another (block) or run on in the line (inline).
                    let (display, approximated) = match lower.as_str() {
                        "none" => (Some(Display::None), false),
                        "block" | "list-item" | "flow-root" => (Some(Display::Block), false),
                        "inline" | "inline-block" | "contents" => (Some(Display::Inline), false),
                        "flex" | "grid" | "table" | "table-row" | "table-cell" => (Some(Display::Block), true),
                        "inline-flex" | "inline-grid" | "inline-table" => (Some(Display::Inline), true),
                        _ => (None, false),
                    };
                    if approximated {
                        self.warn_once(format!("display: {lower}"), |c| {
                            let how =
                                if display == Some(Display::Block) { "a block: its children stand one under another" } else { "inline" };
                            Diagnostic::warning(
                                c.declaration_span(d.name, d.value, span),
                                format!("CSS `display: {lower}` is laid out as {how}"),
                            )
                        });
                    }
                    if let Some(display) = display {
                        ov.display = Some(display);
                        ov.display_none = display == Display::None;
                        ctx.hidden = ov.display_none;
                    }
                    display.is_some()
                }
                "orphans" | "widows" => match lower.parse::<u8>() {
                    Ok(n) if n >= 1 => {
                        let (o, w) = ctx.min_lines;
                        ctx.min_lines = if d.name == "orphans" { (n.min(10), w) } else { (o, n.min(10)) };
                        true
                    }
                    _ => false,
                },
                "text-transform" => {
                    let t = match lower.as_str() {
                        "uppercase" => Some(Transform::Uppercase),
                        "lowercase" => Some(Transform::Lowercase),
                        "capitalize" => Some(Transform::Capitalize),
                        "none" => Some(Transform::None),
                        _ => None,
                    };
                    t.map(|t| ctx.transform = t).is_some()
                }
                "letter-spacing" => {
                    let root = self.root_size;
                    let parts = if lower == "normal" {
                        Some((0.0, 0.0))
                    } else {
                        css::length(v, 0.0, root, 0.0).zip(css::length(v, 1.0, root, 1.0)).map(|(pt, with_em)| (pt, with_em - pt))
                    };
                    parts.map(|p| letter_spacing = Some((p, d))).is_some()
                }
                "hyphens" | "-webkit-hyphens" => {
                    ctx.hyphens = lower == "auto";
                    true
                }
                "direction" => {
                    ctx.rtl = match lower.as_str() {
                        "rtl" => Some(true),
                        "ltr" => Some(false),
                        _ => ctx.rtl,
                    };
                    true
                }
                "white-space" => {
                    if lower == "nowrap" {
                        self.warn_once("white-space: nowrap", |c| {
                            let at = c.declaration_span(d.name, d.value, span);
                            Diagnostic::warning(
                                at,
                                "CSS `white-space: nowrap` collapses white space, but lines still wrap at the edge of the box",
                            )
                        });
                    }
                    WhiteSpace::parse(&lower).map(|w| ctx.white_space = w).is_some()
                }
                "list-style-type" | "list-style" => {
                    ov.list_style = lower.split_whitespace().next().map(str::to_string);
                    true
                }
                // Understood and approximated: layout details cvpdf decides itself.
                "page-break-inside" | "break-inside" => {
                    ov.avoid_break = Some(lower.starts_with("avoid"));
                    true
                }
                "height" => {
                    ov.height = len(v);
                    true
                }
                "width" => {
                    ov.width = match lower.strip_suffix('%').map(|n| n.trim().parse::<f32>()) {
                        Some(Ok(p)) if p.is_finite() && p > 0.0 => Some(Width::Percent(p)),
                        Some(_) => None,
                        None if lower == "auto" => None,
                        None => len(v).filter(|w| *w > 0.0).map(Width::Points),
                    };
                    true
                }
                // Longhands of `border`, resolved with it once all declarations apply.
                "border-width" => len(v.split_whitespace().next().unwrap_or(v)).map(|w| longhands.0 = Some(w)).is_some(),
                "border-style" => {
                    let first = lower.split_whitespace().next().unwrap_or("");
                    longhands.1 = Some(!matches!(first, "none" | "hidden"));
                    true
                }
                "border-color" => css::color(v.split_whitespace().next().unwrap_or(v)).map(|c| longhands.2 = Some(c)).is_some(),
                "max-width"
                | "min-width"
                | "max-height"
                | "min-height"
                | "border-radius"
                | "border-collapse"
                | "border-spacing"
                | "box-sizing"
                | "vertical-align"
                | "word-wrap"
                | "overflow-wrap"
                | "word-break"
                | "overflow"
                | "text-rendering"
                | "-webkit-print-color-adjust"
                | "print-color-adjust"
                | "color-adjust" => true,
                _ => false,
            };
            if !ok {
                self.warn_once(d.name, |c| {
                    let at = c.declaration_span(d.name, d.value, span);
                    Diagnostic::warning(at, format!("CSS property `{}: {}` is not supported and is ignored", shown(d.name), shown(d.value)))
                });
            }
            if let Some(range) = limited.take() {
                self.warn_once(format!("out of range: {}: {}", d.name, d.value), |c| {
                    let at = c.declaration_span(d.name, d.value, span);
                    Diagnostic::warning(at, format!("CSS `{}: {}` is out of range: cvpdf limits {range}", shown(d.name), shown(d.value)))
                });
            }
        }
        if let Some(((pt, em), d)) = letter_spacing {
            let ls = pt + em * ctx.size;
            // Glyphs may come closer by a quarter of an em at most (advances stay
            // positive), and move apart by two ems.
            let range = -0.25 * ctx.size..=2.0 * ctx.size;
            if !range.contains(&ls) {
                self.warn_once(format!("out of range: {}: {}", d.name, d.value), |c| {
                    let at = c.declaration_span(d.name, d.value, span);
                    Diagnostic::warning(
                        at,
                        format!("CSS `{}: {}` is out of range: cvpdf limits letter spacing to -0.25em–2em", shown(d.name), shown(d.value)),
                    )
                });
            }
            ctx.letter_spacing = if ls.is_finite() { ls.clamp(*range.start(), *range.end()) } else { 0.0 };
        }
        // `border-width`, `border-style` and `border-color` change the border on all
        // four sides (a style alone gives a medium border in the text colour).
        let (width, style, color) = longhands;
        let restyle = |b: Border| {
            Some(Border { width: width.unwrap_or(b.width).clamp(0.0, 100.0), color: color.unwrap_or(b.color) }).filter(|b| b.width > 0.0)
        };
        match style {
            Some(shown) => {
                let base = ov.border.flatten().unwrap_or(Border { width: 2.25, color: ctx.color });
                let b = if shown { restyle(base) } else { None };
                for side in [&mut ov.border, &mut ov.border_left, &mut ov.border_right, &mut ov.border_top, &mut ov.border_bottom] {
                    *side = Some(b);
                }
            }
            // Without a style, only the borders this element's CSS drew change.
            None if width.is_some() || color.is_some() => {
                for side in [&mut ov.border, &mut ov.border_left, &mut ov.border_right, &mut ov.border_top, &mut ov.border_bottom] {
                    if let Some(Some(b)) = *side {
                        *side = Some(restyle(b));
                    }
                }
            }
            None => {}
        }
    }

    /// Gives the warning `make` builds, unless one with this key was given already
    /// (or [`MAX_CSS_WARNINGS`] were: the rest are counted, and one warning at the
    /// end says how many).
    fn warn_once(&mut self, key: impl Into<String>, make: impl FnOnce(&Self) -> Diagnostic) {
        let key = key.into();
        if self.warned_props.contains(&key) {
            return;
        }
        if self.warned_props.len() >= MAX_CSS_WARNINGS {
            self.unshown += 1;
        } else {
            let warning = make(self);
            self.warnings.push(warning);
        }
        self.warned_props.insert(key);
    }

    /// The declarations for the element on top of the stack (its rules, then its
    /// `style` attribute), with a warning the first time the document's rules have
    /// cost too much to match (`span`: where the element is).
    fn matching<'s>(&mut self, style: Option<&'s str>, span: Option<&Span>) -> Vec<Declaration<'s>>
    where
        't: 's,
    {
        let decls = self.sheets.matching_with_style(&self.stack, style);
        for sel in self.sheets.take_blind() {
            let tag = self.stack.last().map(|e| e.tag.clone()).unwrap_or_default();
            self.warn_once(format!("blind selector {sel}"), |_| {
                Diagnostic::warning(
                    span.cloned(),
                    format!(
                        "CSS selector `{}` needs the siblings of a `<{tag}>`, which cvpdf does not track (table rows and cells, inline elements): it does not match there",
                        shown(sel)
                    ),
                )
                .with_hint("structural pseudo-classes (`:nth-child()`, `:last-child`, …) and sibling combinators (`+`, `~`) match blocks and list items")
            });
        }
        if self.sheets.over_budget() {
            let rules = self.sheets.user_rules();
            self.warnings.push(
                Diagnostic::warning(
                    span.cloned(),
                    format!(
                        "the document's {rules} CSS rules take too long to match against its elements (over {} selector tests); from here on only the theme's rules apply",
                        css::MAX_MATCH_WORK
                    ),
                )
                .with_hint("use fewer rules, or simpler selectors (classes rather than long descendant chains)"),
            );
        }
        decls
    }

    /// One warning per selector no element can match (the first few; then one for
    /// the rest), at the selector where the document writes it.
    fn warn_selectors(&mut self, selectors: &[(String, String)]) {
        const SHOWN: usize = 5;
        for (sel, why) in selectors.iter().take(SHOWN) {
            let at = self
                .css_regions
                .iter()
                .find_map(|r| self.source[r.clone()].find(sel.as_str()).map(|i| r.start + i..r.start + i + sel.len()));
            self.warnings.push(
                Diagnostic::warning(at, format!("CSS selector `{}` is not supported ({why}); its rule is ignored", shown(sel)))
                    .with_hint(css::supported_hint()),
            );
        }
        if selectors.len() > SHOWN {
            let rest: Vec<_> = selectors[SHOWN..].iter().map(|(s, _)| shown(s)).take(8).collect();
            let more = if selectors.len() > SHOWN + 8 { ", …" } else { "" };
            self.warnings.push(Diagnostic::warning(
                None,
                format!(
                    "{} more CSS selectors are not supported and their rules are ignored: {}{more}",
                    selectors.len() - SHOWN,
                    rest.join(", ")
                ),
            ));
        }
    }

    /// The built-in look of an inline element before CSS: bold `strong`, italic
    /// `em`, monospace `code` and so on.
    fn tag_look(&self, tag: &str, ctx: &Ctx) -> Ctx {
        let c = ctx.clone();
        match tag {
            "strong" | "b" => Ctx { bold: true, ..c },
            "em" | "i" | "cite" | "var" | "dfn" => Ctx { italic: true, ..c },
            "del" | "s" | "strike" => Ctx { strike: true, ..c },
            "u" | "ins" => Ctx { underline: true, ..c },
            "small" => Ctx { size: (ctx.size * 0.83).max(css::MIN_FONT_SIZE), ..c },
            "sup" => Ctx { size: (ctx.size * 0.75).max(css::MIN_FONT_SIZE), shift: shift(ctx.shift + ctx.size * 0.35), ..c },
            "sub" => Ctx { size: (ctx.size * 0.75).max(css::MIN_FONT_SIZE), shift: shift(ctx.shift - ctx.size * 0.15), ..c },
            "code" | "kbd" | "samp" | "tt" => Ctx {
                family: Family::Mono,
                size: ctx.size * 0.85,
                background: self.print_background.then_some(self.theme.code_background),
                ..c
            },
            "mark" if self.print_background => Ctx { background: Some(Rgb(0xff, 0xf5, 0x9d)), ..c },
            _ => c,
        }
    }

    /// Where a declaration of `name` is written in the document (front matter `css`,
    /// `<style>`, `style` attribute): the one with this value if it can be found,
    /// else the first of that name; else the element's span.
    fn declaration_span(&self, name: &str, value: &str, span: &Option<Span>) -> Option<Span> {
        let find = |value: Option<&str>| {
            self.css_regions
                .iter()
                .find_map(|r| find_declaration(&self.source[r.clone()], name, value).map(|s| s.start + r.start..s.end + r.start))
                .or_else(|| {
                    span.clone().and_then(|s| {
                        let s = s.start..s.end.min(self.source.len());
                        find_declaration(self.source.get(s.clone())?, name, value).map(|f| f.start + s.start..f.end + s.start)
                    })
                })
        };
        find(Some(value.trim())).or_else(|| find(None)).or_else(|| span.clone())
    }

    /// Flattens inlines into styled runs and the link targets between them;
    /// collapses white space unless `pre`.
    fn runs(&mut self, inlines: &[Inline], ctx: &Ctx, pre: bool) -> (Vec<Run>, Vec<TextAnchor>) {
        let outer = std::mem::take(&mut self.text_anchors);
        let mut out = Vec::new();
        self.collect(inlines, ctx, &mut out);
        let mut anchors = std::mem::replace(&mut self.text_anchors, outer);
        if !pre {
            let kept = collapse_whitespace(&mut out);
            for a in &mut anchors {
                a.run = kept.get(a.run).copied().unwrap_or(out.len());
            }
        } else {
            // Preformatted text keeps its own line breaks; block edges add none.
            out.iter_mut().filter(|r| r.text.starts_with(BLOCK_EDGE)).for_each(|r| r.text.clear());
        }
        (out, anchors)
    }

    /// Applies CSS for an inline element to a copy of `ctx`.
    fn inline_ctx(&mut self, el: ElInfo, style: Option<&str>, ctx: Ctx, parent: (f32, f32)) -> (Ctx, ElInfo, Option<Display>, Sides<f32>) {
        self.stack.push(el);
        let attr_css = style.map(css::style_attribute);
        let decls = self.matching(attr_css.as_deref(), None);
        let mut c = ctx;
        let mut ov = BoxOverrides::default();
        self.apply(&decls, &mut c, &mut ov, &None, parent);
        if let Some(bg) = ov.background {
            c.background = bg;
        }
        // A border all round frames the text; the other box properties of inline
        // elements are not laid out.
        if let Some(b) = ov.border {
            c.frame = b.map(|b| (b.color, b.width.min(3.0)));
        }
        let ignored = [
            ("margin", ov.margin.left.or(ov.margin.right).or(ov.margin.top).or(ov.margin.bottom).is_some_and(|v| v != 0.0)),
            (
                "border on one side",
                ov.border.is_none() && (ov.border_left.or(ov.border_right).or(ov.border_top).or(ov.border_bottom)).flatten().is_some(),
            ),
        ];
        let tag = self.stack.last().map(|e| e.tag.clone()).unwrap_or_default();
        for (what, _) in ignored.into_iter().filter(|(_, set)| *set) {
            self.warn_once(format!("inline {what}"), |_| {
                Diagnostic::warning(None, format!("CSS {what} on inline elements (here `<{tag}>`) is not supported and is ignored"))
            });
        }
        let el = self.stack.pop().unwrap_or_default();
        let p = ov.padding;
        let pad = Sides::new(p.top.unwrap_or(0.0), p.right.unwrap_or(0.0), p.bottom.unwrap_or(0.0), p.left.unwrap_or(0.0));
        // Horizontal padding is kept to a third of an em a side: with wider gaps
        // between words, extractors (poppler) read a line of padded tags as columns
        // and scramble the reading order. Vertical padding only grows the background.
        let cap = INLINE_PAD_EM * c.size;
        if pad.left > cap || pad.right > cap {
            self.warn_once("inline padding", |_| {
                Diagnostic::warning(
                    None,
                    format!("CSS padding on inline elements (here `<{tag}>`) is limited to {INLINE_PAD_EM}em a side, so that text extractors keep reading the line in order"),
                )
            });
        }
        let pad =
            Sides::new(pad.top.clamp(0.0, c.size), pad.right.clamp(0.0, cap), pad.bottom.clamp(0.0, c.size), pad.left.clamp(0.0, cap));
        (c, el, ov.display, pad)
    }

    /// Flattens inlines into runs; elements nested deeper than [`MAX_INLINE_DEPTH`]
    /// give their text in the style of the last level (each level is a call deeper).
    fn collect(&mut self, inlines: &[Inline], ctx: &Ctx, out: &mut Vec<Run>) {
        if self.inline_depth < MAX_INLINE_DEPTH {
            self.inline_depth += 1;
            self.collect_nested(inlines, ctx, out);
            self.inline_depth -= 1;
            return;
        }
        // Walked with a stack of its own, not the thread's.
        let mut at = None;
        let mut open = vec![inlines.iter()];
        while let Some(level) = open.last_mut() {
            let Some(inline) = level.next() else {
                open.pop();
                continue;
            };
            match inline.children() {
                Some(c) => {
                    if let Inline::Gauge { gauge, content } = inline {
                        if !self.push_gauge(gauge, content, ctx, out) {
                            continue;
                        }
                    }
                    open.push(c.iter());
                }
                None => {
                    if let Inline::Text(_, span) | Inline::Code(_, span) = inline {
                        at = at.or(Some(span.clone()));
                    }
                    self.collect_nested(std::slice::from_ref(inline), ctx, out)
                }
            }
        }
        self.warn_once("inline depth", |_| {
            Diagnostic::warning(
                at,
                format!("inline elements nested deeper than {MAX_INLINE_DEPTH} levels are flattened: their text keeps the style of the level above"),
            )
        });
    }

    fn collect_nested(&mut self, inlines: &[Inline], ctx: &Ctx, out: &mut Vec<Run>) {
        let t = self.theme;
        let tag = |name: &str| ElInfo { tag: name.into(), ..Default::default() };
        for inline in inlines {
            if ctx.hidden {
                return;
            }
            let push = |out: &mut Vec<Run>, text: String, ctx: &Ctx, span: Span| {
                let text = ctx.transform.apply(text);
                out.push(Run { text, style: ctx.text_style(), link: ctx.link.clone(), span, object: None });
            };
            let nested = |this: &mut Self, name: &str, base: Option<Ctx>, children: &[Inline], out: &mut Vec<Run>| {
                let c = base.unwrap_or_else(|| this.tag_look(name, ctx));
                let (c, el, display, pad) = this.inline_ctx(tag(name), None, c, (ctx.size, ctx.line_height));
                this.stack.push(el);
                block_break(out, display, &c);
                let first = out.len();
                this.collect(children, &c, out);
                pad_runs(&mut out[first..], pad);
                block_break(out, display, &c);
                this.stack.pop();
            };
            match inline {
                // A newline written in the text is a space unless `white-space` keeps it.
                Inline::Text(s, span) => push(out, ctx.white_space.source_text(s), ctx, span.clone()),
                Inline::Code(s, span) => {
                    let c = self.tag_look("code", ctx);
                    let (c, _, _, pad) = self.inline_ctx(tag("code"), None, c, (ctx.size, ctx.line_height));
                    let first = out.len();
                    push(out, s.replace(['\n', '\r', '\t'], " "), &c, span.clone());
                    pad_runs(&mut out[first..], pad);
                }
                Inline::Emph(c) => nested(self, "em", None, c, out),
                Inline::Strong(c) => nested(self, "strong", None, c, out),
                Inline::Strike(c) => nested(self, "del", None, c, out),
                Inline::Underline(c) => nested(self, "u", None, c, out),
                Inline::Small(c) => nested(self, "small", None, c, out),
                Inline::Sup(c) => nested(self, "sup", None, c, out),
                Inline::Sub(c) => nested(self, "sub", None, c, out),
                Inline::Span { el, content } => {
                    let info = ElInfo { id: el.id.clone(), classes: el.classes.clone(), ..ElInfo::tag(&el.tag) };
                    let base = self.tag_look(&el.tag, ctx);
                    let (c, info, display, pad) = self.inline_ctx(info, el.style.as_deref(), base, (ctx.size, ctx.line_height));
                    self.stack.push(info);
                    block_break(out, display, &c);
                    let first = out.len();
                    self.collect(content, &c, out);
                    pad_runs(&mut out[first..], pad);
                    block_break(out, display, &c);
                    self.stack.pop();
                }
                Inline::Link { url, content } => {
                    let l = Ctx { link: Some(url.clone()), color: t.link, ..ctx.clone() };
                    match content.as_slice() {
                        // An HTML `<a>` with a class or style: its element is inside.
                        [Inline::Span { el, .. }] if el.tag == "a" => self.collect(content, &l, out),
                        _ => nested(self, "a", Some(l), content, out),
                    }
                }
                Inline::Image(img) => {
                    let crate::model::ImageRef { url, alt, attrs, span } = &**img;
                    match self.image(url, alt, attrs, ctx, span) {
                        Some(object) => out.push(Run {
                            text: "\u{FFFC}".into(),
                            style: ctx.text_style(),
                            link: ctx.link.clone(),
                            span: span.clone(),
                            object: Some(Box::new(object)),
                        }),
                        None => {
                            // The alt text in a thin frame stands in for the image.
                            let text = if alt.trim().is_empty() { url.rsplit('/').next().unwrap_or(url).to_string() } else { alt.clone() };
                            let mut style = Ctx { italic: true, color: t.muted, ..ctx.clone() }.text_style();
                            style.frame = Some((t.muted, 0.5));
                            out.push(Run { text, style, link: ctx.link.clone(), span: span.clone(), object: None });
                        }
                    }
                }
                Inline::Gauge { gauge, content } => {
                    if self.push_gauge(gauge, content, ctx, out) {
                        self.collect(content, ctx, out);
                    }
                }
                Inline::Break => push(out, "\n".into(), ctx, 0..0),
                Inline::SoftBreak => push(out, if ctx.white_space.keeps_newlines() { "\n" } else { " " }.into(), ctx, 0..0),
                Inline::FootnoteRef { number, span, .. } => {
                    // The reference jumps to the footnote; the first reference to each
                    // is where the footnote's `↩` jumps back to.
                    let exists = self.footnotes.contains(number);
                    if exists && self.footnote_refs.insert(*number) {
                        self.text_anchors.push(TextAnchor { name: format!("fnref-{number}"), run: out.len() });
                    }
                    let s = Ctx {
                        size: (ctx.size * 0.75).max(css::MIN_FONT_SIZE),
                        shift: shift(ctx.shift + ctx.size * 0.35),
                        color: t.link,
                        link: if exists { Some(format!("#fn-{number}")) } else { ctx.link.clone() },
                        ..ctx.clone()
                    };
                    push(out, number.to_string(), &s, span.clone());
                }
                Inline::Anchor { name, .. } => {
                    self.text_anchors.push(TextAnchor { name: name.clone(), run: out.len() });
                }
            }
        }
    }
}

impl Cascade<'_> {
    /// Loads and sizes an image; `None` (with a warning) if it cannot be drawn.
    fn image(&mut self, url: &str, alt: &str, attrs: &[(String, String)], ctx: &Ctx, span: &Span) -> Option<InlineImage> {
        let lower = url.to_ascii_lowercase();
        let remote = lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//");
        let loaded = match self.images.iter().find(|(u, _)| u == url) {
            Some((_, r)) => r.clone(),
            None => {
                let r = if remote && !self.remote {
                    Err("remote images are not fetched; cvpdf goes on the network only when asked".to_string())
                } else if remote {
                    match self.loader {
                        Some(load) if lower.starts_with("//") => load(&format!("https:{url}")).and_then(crate::image::probe_noted),
                        Some(load) => load(url).and_then(crate::image::probe_noted),
                        None => Err("no files can be read here".to_string()),
                    }
                } else if lower.starts_with("data:") {
                    Err("data: URLs are not supported".to_string())
                } else if url.trim().is_empty() {
                    Err("it has no source".to_string())
                } else {
                    match self.loader {
                        Some(load) => load(url).and_then(crate::image::probe_noted),
                        None => Err("no files can be read here".to_string()),
                    }
                };
                // What of the image is left out (an SVG's embedded images) is said once.
                let r = r.map(|(image, notes)| {
                    for note in notes {
                        self.warnings.push(Diagnostic::warning(span.clone(), format!("image `{url}`: {note}")));
                    }
                    image
                });
                if let Err(e) = &r {
                    let mut d = Diagnostic::warning(span.clone(), format!("image `{url}` is shown as its alt text: {e}"));
                    if remote && !self.remote {
                        d = d.with_hint("pass `--allow-remote` to fetch it, or download the image next to the document");
                    }
                    self.warnings.push(d);
                }
                self.images.push((url.to_string(), r.clone()));
                r
            }
        };
        let image = loaded.ok()?;
        // Size: attributes, then CSS (style attribute and rules for `img`), else the
        // intrinsic size at 96 pixels per inch.
        let mut width = None;
        let mut height = None;
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let root = self.root_size;
        let px = |v: &str| {
            let v = v.trim();
            if v.ends_with('%') {
                None
            } else if let Ok(n) = v.parse::<f32>() {
                Some(n * 0.75)
            } else {
                css::length(v, ctx.size, root, 0.0)
            }
        };
        if let Some(w) = attr("width").and_then(px) {
            width = Some(w);
        }
        if let Some(h) = attr("height").and_then(px) {
            height = Some(h);
        }
        self.stack.push(ElInfo {
            id: attr("id").map(str::to_string),
            classes: attr("class").map(|c| c.split_whitespace().map(str::to_string).collect()).unwrap_or_default(),
            ..ElInfo::tag("img")
        });
        let attr_css = attr("style").map(css::style_attribute);
        let decls = self.matching(attr_css.as_deref(), Some(span));
        self.stack.pop();
        let mut max_width = None;
        for d in decls {
            match d.name {
                "width" => width = px(d.value).filter(|w| *w > 0.0).or(width),
                "height" => height = px(d.value).filter(|h| *h > 0.0).or(height),
                "max-width" => max_width = px(d.value),
                _ => {}
            }
        }
        let (iw, ih) = (image.width as f32 * 0.75, image.height as f32 * 0.75);
        let (mut w, mut h) = match (width, height) {
            (Some(w), Some(h)) => (w, h),
            (Some(w), None) => (w, ih * w / iw),
            (None, Some(h)) => (iw * h / ih, h),
            (None, None) => (iw, ih),
        };
        if let Some(m) = max_width.filter(|m| *m > 0.0 && w > *m) {
            h *= m / w;
            w = m;
        }
        let big = w.max(h);
        if big.is_finite() && big > css::MAX_LENGTH {
            w *= css::MAX_LENGTH / big;
            h *= css::MAX_LENGTH / big;
            self.warnings.push(Diagnostic::warning(
                span.clone(),
                format!(
                    "image `{}` is {big:.0}pt across, larger than cvpdf lays out; it is scaled down to {}pt",
                    shown(url),
                    css::MAX_LENGTH
                ),
            ));
        }
        let alt = alt.to_string();
        (w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()).then_some(InlineImage {
            content: InlineContent::Image(image),
            width: w,
            height: h,
            depth: 0.0,
            percent: None,
            alt,
        })
    }
}

/// The parts of the source that hold CSS: the front matter (its `css` key) and the
/// `<style>` elements.
fn css_regions(source: &str, fm: &FrontMatter, doc: &Document) -> Vec<Span> {
    let mut regions = Vec::new();
    if fm.css.is_some() {
        regions.push(0..fm.body_start.min(source.len()));
    }
    for (_, span) in &doc.styles {
        let start = span.start.min(source.len());
        let end = source[start..].find("</style>").map_or(source.len(), |e| start + e);
        regions.push(start..end);
    }
    regions.retain(|r| source.is_char_boundary(r.start) && source.is_char_boundary(r.end));
    regions
}

/// Where `name: value` is declared in `source` (any value when `value` is `None`):
/// the span of the property name.
fn find_declaration(source: &str, name: &str, value: Option<&str>) -> Option<Span> {
    let mut from = 0;
    while let Some(i) = source[from..].find(name) {
        let at = from + i;
        let before = source[..at].chars().next_back();
        let after = source[at + name.len()..].trim_start_matches([' ', '\t']);
        let boundary = before.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
        let value_matches = || {
            value.is_none_or(|v| {
                let given = after[1..].trim_start();
                given.get(..v.len()).is_some_and(|g| g.eq_ignore_ascii_case(v))
            })
        };
        if boundary && after.starts_with(':') && value_matches() {
            return Some(at..at + name.len());
        }
        from = at + name.len();
    }
    None
}

/// The bundled family for a CSS `font-family` list.
fn family(value: &str) -> Family {
    let mono = ["monospace", "mono", "courier", "consolas", "menlo", "monaco", "code"];
    let first = value.split(',').next().unwrap_or(value);
    if mono.iter().any(|m| first.contains(m)) {
        Family::Mono
    } else {
        Family::Sans
    }
}

/// Parses a `border` shorthand; `none` gives no border.
fn border(value: &str, size: f32, root: f32) -> Option<Border> {
    if value.contains("none") || value.trim() == "0" {
        return None;
    }
    let width = value.split_whitespace().find_map(|w| css::length(w, size, root, size)).unwrap_or(0.75);
    let color = value.split_whitespace().find_map(css::color).unwrap_or(Rgb(0xdf, 0xe2, 0xe5));
    // (A border wider than 100pt would leave no room inside the page.)
    (width > 0.0).then_some(Border { width: width.min(100.0), color })
}

fn text_align(a: Align, inherited: TextAlign) -> TextAlign {
    match a {
        Align::None => inherited,
        Align::Left => TextAlign::Left,
        Align::Center => TextAlign::Center,
        Align::Right => TextAlign::Right,
    }
}

fn expand_tabs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let mut col = 0;
        for ch in line.chars() {
            if ch == '\t' {
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            } else {
                out.push(ch);
                col += 1;
            }
        }
    }
    out.replace('\r', "")
}

/// Where an inline element laid out as a block (`display: block`) starts or ends:
/// the line breaks there, unless the paragraph starts or ends there too.
const BLOCK_EDGE: char = '\u{2029}';

/// The most horizontal padding an inline element gets, in ems (see `inline_ctx`).
const INLINE_PAD_EM: f32 = 0.35;

/// Puts an inline element's padding on its runs: the left on the first, the right
/// on the last, top and bottom on all (they only grow the background).
fn pad_runs(runs: &mut [Run], pad: Sides<f32>) {
    if pad == Sides::default() {
        return;
    }
    for r in runs.iter_mut() {
        r.style.pad.top = r.style.pad.top.max(pad.top);
        r.style.pad.bottom = r.style.pad.bottom.max(pad.bottom);
    }
    if let Some(r) = runs.first_mut() {
        r.style.pad.left += pad.left;
    }
    if let Some(r) = runs.last_mut() {
        r.style.pad.right += pad.right;
    }
}

/// Marks a block edge in the runs when `display` makes the element a block.
fn block_break(out: &mut Vec<Run>, display: Option<Display>, ctx: &Ctx) {
    if display == Some(Display::Block) {
        out.push(Run { text: BLOCK_EDGE.into(), style: ctx.text_style(), link: None, span: 0..0, object: None });
    }
}

/// Collapses runs of white space to one space across run boundaries, as HTML does;
/// drops spaces at the start and end of the paragraph and around forced breaks.
/// Returns, for each old run index (and one past the end), the new index of the
/// first run kept at or after it.
fn collapse_whitespace(runs: &mut Vec<Run>) -> Vec<usize> {
    let mut prev_space = true; // at paragraph start
                               // A block edge breaks the line before the next text, if text came before it.
    let (mut edge, mut after_text) = (false, false);
    for run in runs.iter_mut() {
        let mut s = String::with_capacity(run.text.len());
        for ch in run.text.chars() {
            if ch == BLOCK_EDGE {
                edge = after_text;
                prev_space = true;
                continue;
            }
            if edge && !matches!(ch, ' ' | '\t' | '\r' | '\u{c}') {
                edge = false;
                if ch != '\n' {
                    while s.ends_with(' ') {
                        s.pop();
                    }
                    s.push('\n');
                }
            }
            after_text |= !matches!(ch, ' ' | '\t' | '\r' | '\u{c}' | '\n');
            if ch == '\n' {
                while s.ends_with(' ') {
                    s.pop();
                }
                s.push('\n');
                prev_space = true;
            } else if matches!(ch, ' ' | '\t' | '\r' | '\u{c}') {
                if !prev_space {
                    s.push(' ');
                    prev_space = true;
                }
            } else {
                s.push(ch);
                prev_space = false;
            }
        }
        run.text = s;
    }
    // Trailing spaces before a break in a later run, and at the end.
    let mut i = runs.len();
    let mut trailing = true;
    while i > 0 {
        i -= 1;
        if trailing {
            let t = runs[i].text.trim_end_matches(' ').len();
            runs[i].text.truncate(t);
            trailing = runs[i].text.is_empty();
        }
        if runs[i].text.starts_with('\n') && i > 0 {
            let prev = &mut runs[i - 1].text;
            let t = prev.trim_end_matches(' ').len();
            prev.truncate(t);
        }
    }
    let mut kept = Vec::with_capacity(runs.len() + 1);
    let mut n = 0;
    for r in runs.iter() {
        kept.push(n);
        n += usize::from(!r.text.is_empty());
    }
    kept.push(n);
    runs.retain(|r| !r.text.is_empty());
    kept
}

/// Headings down to this level become bookmarks unless `outline_depth` says otherwise.
const DEFAULT_OUTLINE_DEPTH: u8 = 3;

/// GitHub's anchor for a heading's text (github-slugger): lowercase, punctuation and
/// symbols removed except `-` and `_`, each space a `-`; letters and digits of every
/// script are kept.
pub fn slug(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Gives headings unique slugs in document order: the second `skills` is `skills-1`.
#[derive(Debug, Default)]
struct Slugger {
    /// Each name given, with how many times its base was asked for again (a map: a
    /// long document has thousands of headings).
    seen: std::collections::HashMap<String, usize>,
}

impl Slugger {
    /// The unique slug of a heading's text; `None` if the text has no letter or digit.
    fn slug(&mut self, text: &str) -> Option<String> {
        let base = slug(text);
        if base.is_empty() {
            return None;
        }
        let mut name = base.clone();
        while self.seen.contains_key(&name) {
            let count = match self.seen.get_mut(&base) {
                Some(n) => {
                    *n += 1;
                    *n
                }
                None => 1,
            };
            name = format!("{base}-{count}");
        }
        self.seen.insert(name.clone(), 0);
        Some(name)
    }

    /// Records an explicit id, so that no slug repeats it.
    fn reserve(&mut self, id: &str) -> String {
        self.seen.entry(id.to_string()).or_insert(0);
        id.to_string()
    }
}

/// Adds a `↩` link back to the first reference at the end of a footnote.
fn back_reference(blocks: &mut Vec<StyledBlock>, number: usize, ctx: &Ctx, link: Rgb) {
    let style = TextStyle { color: link, ..ctx.text_style() };
    let run = Run { text: "\u{a0}↩".into(), style, link: Some(format!("#fnref-{number}")), span: 0..0, object: None };
    match blocks.last_mut() {
        Some(StyledBlock { kind: StyledKind::Text { runs, pre: false, .. }, .. }) => runs.push(run),
        _ => blocks.push(StyledBlock {
            kind: StyledKind::Text { runs: vec![run], pre: false, anchors: vec![] },
            style: BoxStyle { line_height: ctx.line_height, ..Default::default() },
            span: 0..0,
            anchors: vec![],
        }),
    }
}

/// The names of all link targets in blocks, in document order.
fn anchor_names<'a>(blocks: &'a [StyledBlock], out: &mut Vec<&'a str>) {
    for b in blocks {
        out.extend(b.anchors.iter().map(String::as_str));
        match &b.kind {
            StyledKind::Text { anchors, .. } => out.extend(anchors.iter().map(|a| a.name.as_str())),
            StyledKind::List { items } => items.iter().for_each(|i| anchor_names(&i.blocks, out)),
            StyledKind::Container(children) => anchor_names(children, out),
            StyledKind::Table(t) => {
                out.extend(t.rows.iter().flatten().flat_map(|c| c.anchors.iter().map(|a| a.name.as_str())));
            }
            StyledKind::Rule { .. } => {}
        }
    }
}

/// Calls `f` on every run of text in blocks, in document order.
fn visit_runs(blocks: &mut [StyledBlock], f: &mut dyn FnMut(&mut Run)) {
    for b in blocks {
        match &mut b.kind {
            StyledKind::Text { runs, .. } => runs.iter_mut().for_each(&mut *f),
            StyledKind::List { items } => items.iter_mut().for_each(|i| visit_runs(&mut i.blocks, f)),
            StyledKind::Container(children) => visit_runs(children, f),
            StyledKind::Table(t) => t.rows.iter_mut().flatten().flat_map(|c| c.runs.iter_mut()).for_each(&mut *f),
            StyledKind::Rule { .. } => {}
        }
    }
}

/// Calls `f` on every run of text in blocks, in document order, read only.
fn visit_text(blocks: &[StyledBlock], f: &mut dyn FnMut(&Run)) {
    for b in blocks {
        match &b.kind {
            StyledKind::Text { runs, .. } => runs.iter().for_each(&mut *f),
            StyledKind::List { items } => items.iter().for_each(|i| visit_text(&i.blocks, f)),
            StyledKind::Container(children) => visit_text(children, f),
            StyledKind::Table(t) => t.rows.iter().flatten().flat_map(|c| c.runs.iter()).for_each(&mut *f),
            StyledKind::Rule { .. } => {}
        }
    }
}

/// The target name of a `#name` link, percent-decoded.
pub(crate) fn fragment(url: &str) -> Option<String> {
    let raw = url.strip_prefix('#')?;
    let b = raw.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' {
            if let (Some(h), Some(l)) = (b.get(i + 1).and_then(|c| hex(*c)), b.get(i + 2).and_then(|c| hex(*c))) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Whether a `#name` link means the top of the document when no target has that
/// name (`#` and `#top`, as in browsers).
pub(crate) fn means_top(name: &str) -> bool {
    name.is_empty() || name.eq_ignore_ascii_case("top")
}

/// Links to `#name` with no such target in the document: one warning per name, and
/// the text stays without a link.
fn check_links(blocks: &mut [StyledBlock], warnings: &mut Vec<Diagnostic>) {
    let mut names = Vec::new();
    anchor_names(blocks, &mut names);
    let mut names: Vec<String> = names.into_iter().map(str::to_string).collect();
    names.sort_unstable();
    names.dedup();
    // The targets by their name without `-` at the ends (looked up per link: a walk
    // over all names per link is quadratic in a document of many links).
    let mut loose: std::collections::HashMap<&str, Vec<&String>> = std::collections::HashMap::new();
    for n in &names {
        loose.entry(n.trim_matches('-')).or_default().push(n);
    }
    let mut warned: HashSet<String> = HashSet::new();
    visit_runs(blocks, &mut |run: &mut Run| {
        let Some(name) = run.link.as_deref().and_then(fragment) else { return };
        if means_top(&name) || names.binary_search(&name).is_ok() {
            return;
        }
        // `#projects` for a heading `Projects 🚀` (slug `projects-`): the one target
        // that differs only by `-` at its ends is meant.
        if let (false, Some([only])) = (name.is_empty(), loose.get(name.trim_matches('-')).map(Vec::as_slice)) {
            run.link = Some(format!("#{only}"));
            return;
        }
        run.link = None;
        if warned.len() >= MAX_LINK_WARNINGS || warned.contains(&name) {
            warned.insert(name);
            return;
        }
        let mut d = Diagnostic::warning(
            (run.span.end > run.span.start).then(|| run.span.clone()),
            format!("link target `#{name}` is not in the document; the text is left without a link"),
        );
        let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
        d = match crate::diag::did_you_mean(&name, &candidates) {
            Some(m) => d.with_hint(format!("did you mean `#{m}`?")),
            None => d.with_hint("a heading's target is its text in lowercase, with `-` for spaces and no punctuation"),
        };
        warnings.push(d);
        warned.insert(name);
    });
    if let Some(unnamed) = warned.len().checked_sub(MAX_LINK_WARNINGS).filter(|&n| n > 0) {
        warnings.push(Diagnostic::warning(
            None,
            format!("links to {unnamed} more targets not in the document are left without a link (only the first {MAX_LINK_WARNINGS} are named)"),
        ));
    }
}

/// Links to missing targets are named in a warning each up to this many; the rest
/// are counted in one warning (each warning looks for a near name among all targets).
const MAX_LINK_WARNINGS: usize = 16;

/// The document's language guessed from the script of its letters: the script with
/// the most letters wins, and Latin (or no letters) means English. A Han, kana or
/// Hangul character counts as three letters (about a short word), so that a Japanese
/// or Korean résumé full of English tool names is still Japanese or Korean.
fn guess_language(blocks: &[StyledBlock]) -> &'static str {
    // Han, kana, Hangul, Cyrillic, Arabic, Persian letters, Hebrew, Greek, Latin.
    let mut n = [0usize; 9];
    visit_text(blocks, &mut |run: &Run| {
        for c in run.text.chars() {
            let i = match c as u32 {
                0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => 0,
                0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => 1,
                0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => 2,
                0x0400..=0x052F => 3,
                0x067E | 0x0686 | 0x0698 | 0x06AF => 5,
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => 4,
                0x0590..=0x05FF => 6,
                0x0370..=0x03FF | 0x1F00..=0x1FFF => 7,
                _ if c.is_alphabetic() => 8,
                _ => continue,
            };
            n[i] += 1;
        }
    });
    // Japanese is written with Han and kana together; Persian is Arabic script.
    let groups = [
        (3 * (n[0] + n[1]), if n[1] > 0 { "ja" } else { "zh" }),
        (3 * n[2], "ko"),
        (n[3], "ru"),
        (n[4] + n[5], if n[5] > 0 { "fa" } else { "ar" }),
        (n[6], "he"),
        (n[7], "el"),
    ];
    let (count, lang) = groups.iter().copied().max_by_key(|(c, _)| *c).unwrap_or((0, "en"));
    if count > n[8] {
        lang
    } else {
        "en"
    }
}

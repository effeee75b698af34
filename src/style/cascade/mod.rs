//! Resolves the model into styled blocks with the built-in theme.

use std::collections::HashSet;

use super::css::{self, ElInfo, Position, Sheets, Siblings};
pub use super::theme::THEMES;
use super::whitespace::WhiteSpace;
use super::{BodyBox, Border, BoxStyle, DocMeta, PageSetup, StyledDocument, TextAlign, TextAnchor, TextStyle, Theme, Width};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::front_matter::FrontMatter;
use crate::geom::{Rgb, Sides};
use crate::image::ImageData;
use crate::model::{plain_text, BlockKind, Document};
use crate::style::boxes::FloatSide;
use crate::Loader;

mod attr;
mod blocks;
mod boxes;
mod footnotes;
mod gauge;
mod image;
mod inline;
mod language;
mod links;
mod property;
mod props;
mod sheets;
mod table;

use self::language::guess_language;
pub use self::links::slug;
use self::links::{check_links, Slugger};
use self::sheets::{apply_page_rule, SetAt};

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
    let (texts, page_rule) = sheets::gather(doc, fm, (loader, remote, print), source, &mut warnings);
    let (sheets, unsupported) = Sheets::parse_mapped(&texts, 2);
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
        style_attr: Default::default(),
        slugs: Slugger::default(),
        text_anchors: vec![],
        pending_float: None,
        run_floats: vec![],
        orphan_anchors: vec![],
        footnotes: doc.footnotes.iter().map(|f| f.number).collect(),
        footnote_refs: HashSet::new(),
        prev_sibling: Siblings::default(),
        inline_depth: 0,
        inline_place: None,
        inherit_place: None,
    };
    c.warn_selectors(&unsupported);
    // The root and body elements may change the inherited text style.
    let mut ctx = Ctx::root(theme);
    let mut root_box = BoxOverrides::default();
    let decls = c.matching(None, None);
    let parent = ctx.as_parent();
    c.apply(&decls, &mut ctx, &mut root_box, &None, parent);
    c.root_size = ctx.size;
    c.stack.push(body);
    let mut body_box = BoxOverrides::default();
    let decls = c.matching(None, None);
    let parent = ctx.as_parent();
    c.apply(&decls, &mut ctx, &mut body_box, &None, parent);
    let sum = |a: Sides<Option<f32>>, b: Sides<Option<f32>>| {
        let add = |x: Option<f32>, y: Option<f32>| (x.unwrap_or(0.0) + y.unwrap_or(0.0)).max(0.0);
        Sides::new(add(a.top, b.top), add(a.right, b.right), add(a.bottom, b.bottom), add(a.left, b.left))
    };
    let body_box = BodyBox { margin: sum(root_box.margin, body_box.margin), padding: sum(root_box.padding, body_box.padding) };

    let mut blocks = c.blocks(&doc.blocks, &ctx, 0);
    let footnotes_at = (!doc.footnotes.is_empty()).then_some(blocks.len());
    if !doc.footnotes.is_empty() {
        c.footnotes_section(&doc.footnotes, &ctx, &mut blocks);
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
            let (value, at) =
                if name == "size" { (&page_rule.size, &page_rule.size_at) } else { (&page_rule.margin, &page_rule.margin_at) };
            let (value, at) = (value.as_deref().unwrap_or_default(), at.clone());
            let value = css::as_written(value);
            let range = if name == "size" { "page sides to 14400pt (200in, the largest PDF page)" } else { "page margins to 0–14400pt" };
            c.warnings.push(Diagnostic::warning(
                at,
                format!("CSS `@page {{ {name}: {} }}` is out of range: cvpdf limits {range}", shown(&value)),
            ));
        }
    }
    let outline_depth = fm.outline_depth.unwrap_or(DEFAULT_OUTLINE_DEPTH).min(6);
    (StyledDocument { page, meta, blocks, outline_depth, body: body_box, footnotes_at }, c.warnings)
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
    /// CSS `text-indent` (inherited: a length as computed where it is set, or a
    /// percentage of the block's width).
    text_indent: Option<Width>,
    /// CSS custom properties (`--name: value`, inherited), later ones first found
    /// from the end.
    vars: std::rc::Rc<css::Vars>,
}

/// What an element's declarations read of its parent's text: the font size (`em`
/// and `%` in `font-size` are of it) and the line height (`line-height: inherit`).
#[derive(Debug, Clone, Copy)]
struct Parent {
    size: f32,
    line_height: f32,
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
    pub(super) fn apply(self, text: String) -> String {
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
            text_indent: None,
            vars: Default::default(),
        }
    }

    /// What this context's children read of it.
    fn as_parent(&self) -> Parent {
        Parent { size: self.size, line_height: self.line_height }
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
    background: Set<Rgb>,
    /// The `border` shorthand: the same border on all four sides.
    border: Set<Border>,
    /// Each side's border (the shorthand sets them too).
    borders: Sides<Set<Border>>,
    /// `height` (rules: the thickness of `hr`).
    height: Option<f32>,
    /// `width` (tables).
    width: Option<Width>,
    auto_margins: AutoMargins,
    break_before: bool,
    break_after: bool,
    /// `Some(true)` for `break-inside: avoid`, `Some(false)` for `auto`.
    avoid_break: Option<bool>,
    display_none: bool,
    /// The last `display` that applied, if it is one cvpdf lays out.
    display: Option<Display>,
    list_style: Option<String>,
    /// Where the declarations that set `width`, `height` and `display` are written.
    set_at: SetAt,
    /// Flex, grid and column properties, item placement and sizes.
    boxes: boxes::BoxProps,
}

/// A box property CSS may set: not at all, to nothing (`none`), or to a value.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
enum Set<T> {
    /// No declaration set it: the element's default stays.
    #[default]
    Unset,
    /// Set to nothing (`background: none`, `border: none`).
    None,
    /// Set to this.
    Some(T),
}

impl<T: Copy> Set<T> {
    /// Set to `value` (`None`: to nothing).
    fn to(value: Option<T>) -> Self {
        value.map_or(Set::None, Set::Some)
    }

    /// Whether a declaration set it (to nothing or to a value).
    fn is_set(self) -> bool {
        !matches!(self, Set::Unset)
    }

    /// The value it was set to, if any.
    fn value(self) -> Option<T> {
        match self {
            Set::Some(v) => Some(v),
            Set::Unset | Set::None => None,
        }
    }

    /// Overrides `dst` when it was set.
    fn apply_to(self, dst: &mut Option<T>) {
        if self.is_set() {
            *dst = self.value();
        }
    }
}

/// Whether the left and right margins are `auto`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct AutoMargins {
    left: bool,
    right: bool,
}

impl AutoMargins {
    /// Both are `auto`: a table is centred.
    fn centred(self) -> bool {
        self.left && self.right
    }
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
        self.background.apply_to(&mut b.background);
        self.borders.left.apply_to(&mut b.border_left);
        self.borders.bottom.apply_to(&mut b.border_bottom);
        self.border.apply_to(&mut b.border);
        self.borders.top.apply_to(&mut b.border_top);
        self.borders.right.apply_to(&mut b.border_right);
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
    /// The Markdown source, to tell whether a `style` attribute is written as the
    /// model reads it.
    source: &'t str,
    /// The way back to the source of the `style` attribute last matched.
    style_attr: attr::WayBack,
    /// The heading slugs given so far.
    slugs: Slugger,
    /// Link targets met while collecting the runs of one text.
    text_anchors: Vec<TextAnchor>,
    /// The float the inline element just matched asks for (taken by the caller).
    pending_float: Option<FloatSide>,
    /// Floated elements at the top level of the text being collected: their side
    /// and the runs they gave.
    run_floats: Vec<(FloatSide, std::ops::Range<usize>)>,
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
    /// The place among its siblings of the inline element about to be matched
    /// (set only when the rules need places; taken by `inline_ctx`).
    inline_place: Option<(Position, Siblings)>,
    /// A place the next list of inlines hands to its one element (an HTML `<a>`
    /// inside the link that wraps it).
    inherit_place: Option<(Position, Siblings)>,
}

impl Cascade<'_> {
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
}

/// Headings down to this level become bookmarks unless `outline_depth` says otherwise.
const DEFAULT_OUTLINE_DEPTH: u8 = 3;

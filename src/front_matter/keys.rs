//! The top-level keys: which are read, ignored, refused for safety or unknown (with a
//! did-you-mean hint), and where each one's value goes.

use super::page::{finish_page, format_size, read_geometry, read_pdf_options, PageInput};
use super::read::{keep_whole, key_name, split_ws, Cx};
use super::tree::{Kind, Node};
use super::{FrontMatter, Settings};
use crate::diag::{did_you_mean, Diagnostic};

/// md-to-pdf keys that are accepted and ignored.
pub(super) const IGNORED_MD_TO_PDF_KEYS: &[&str] = &[
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
pub(super) const UNSAFE_KEYS: &[&str] = &["dest", "script", "launch_options"];

/// Metadata keys of site generators and pandoc, accepted silently.
pub(super) const SILENT_META_KEYS: &[&str] = &[
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
pub(super) const PDF_OPTION_KEYS: &[&str] = &[
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
pub(super) const SUGGEST_KEYS: &[&str] = &[
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

/// `max_pages`: a whole number of pages, 1 or more.
pub(super) fn read_max_pages(cx: &mut Cx<'_>, key: &Node, value: &Node) -> Option<u32> {
    let hint = "use a whole number of pages, 1 or more";
    cx.number_in(key, "max_pages", value, 1.0..=10_000.0, true, hint).map(|d| d as u32)
}

pub(super) fn read_top_level(cx: &mut Cx<'_>, fm: &mut FrontMatter, root: &Node, defaults: &Settings) {
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
            "max_pages" => fm.max_pages = read_max_pages(cx, k, v).or(fm.max_pages),
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

//! Resolves the model into styled blocks with the built-in theme.

use super::{
    Border, BoxStyle, DocMeta, Marker, PageSetup, Run, StyledBlock, StyledDocument, StyledItem,
    StyledKind, StyledTable, TextAlign, TextStyle, Theme,
};
use crate::diag::Diagnostic;
use crate::font::Family;
use crate::front_matter::FrontMatter;
use crate::geom::{Rgb, Sides};
use crate::model::{plain_text, Align, Block, BlockKind, Document, Inline, ListItem, Span};

/// Resolves every style of the document. Returns the styled document and warnings.
pub fn cascade(doc: &Document, fm: &FrontMatter, theme: &Theme) -> (StyledDocument, Vec<Diagnostic>) {
    let mut c = Cascade { theme, warnings: vec![] };
    let mut blocks = c.blocks(&doc.blocks, &Ctx::root(theme), 0);
    if !doc.footnotes.is_empty() {
        blocks.push(StyledBlock {
            kind: StyledKind::Rule { color: theme.border, width: 1.0 },
            style: BoxStyle { margin_top: theme.font_size, margin_bottom: theme.font_size * 0.5, ..Default::default() },
            span: 0..0,
        });
        let ctx = Ctx { size: theme.font_size * 0.85, color: theme.muted, ..Ctx::root(theme) };
        let items = doc
            .footnotes
            .iter()
            .map(|f| StyledItem {
                marker: Marker::Text(format!("{}.", f.number), ctx.text_style(theme)),
                blocks: c.blocks(&f.blocks, &ctx, 1),
            })
            .collect();
        blocks.push(StyledBlock {
            kind: StyledKind::List { items },
            style: BoxStyle {
                margin_bottom: ctx.size,
                padding: Sides::new(0.0, 0.0, 0.0, theme.list_indent * ctx.size),
                marker_width: theme.list_indent * ctx.size,
                line_height: theme.line_height,
                ..Default::default()
            },
            span: 0..0,
        });
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
        lang: fm.meta.lang.clone(),
    };
    let page = PageSetup { size: fm.page.size, margin: fm.page.margin };
    (StyledDocument { page, meta, blocks }, c.warnings)
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
    link: Option<String>,
    align: TextAlign,
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
            link: None,
            align: TextAlign::Left,
        }
    }

    fn text_style(&self, _theme: &Theme) -> TextStyle {
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
        }
    }
}

struct Cascade<'t> {
    theme: &'t Theme,
    warnings: Vec<Diagnostic>,
}

impl Cascade<'_> {
    fn blocks(&mut self, blocks: &[Block], ctx: &Ctx, depth: usize) -> Vec<StyledBlock> {
        blocks.iter().filter_map(|b| self.block(b, ctx, depth)).collect()
    }

    fn block(&mut self, block: &Block, ctx: &Ctx, depth: usize) -> Option<StyledBlock> {
        let t = self.theme;
        let body = t.font_size;
        let span = block.span.clone();
        let base = BoxStyle {
            margin_bottom: t.paragraph_space * body,
            line_height: t.line_height,
            align: ctx.align,
            ..Default::default()
        };
        let (kind, style) = match &block.kind {
            BlockKind::Paragraph(content) => {
                let runs = self.runs(content, ctx, false);
                if runs.iter().all(|r| r.text.trim().is_empty()) {
                    return None;
                }
                (StyledKind::Text { runs, pre: false }, base)
            }
            BlockKind::Heading { level, content, .. } => {
                let level = (*level).clamp(1, 6);
                let size = body * t.heading_scale[usize::from(level - 1)];
                let hctx = Ctx { size, bold: true, ..ctx.clone() };
                let hctx = if level == 6 { Ctx { color: t.muted, ..hctx } } else { hctx };
                let runs = self.runs(content, &hctx, false);
                let border = (level <= 2).then_some(Border { width: 0.75, color: t.border });
                let style = BoxStyle {
                    margin_top: 1.5 * body,
                    margin_bottom: body,
                    line_height: 1.25,
                    heading: Some(level),
                    border_bottom: border,
                    padding: Sides::new(0.0, 0.0, if border.is_some() { 0.3 * size } else { 0.0 }, 0.0),
                    ..base
                };
                (StyledKind::Text { runs, pre: false }, style)
            }
            BlockKind::Code { text, .. } => {
                let cctx = Ctx { family: Family::Mono, size: body * 0.85, ..ctx.clone() };
                let text = expand_tabs(text);
                let run = Run { text, style: cctx.text_style(t), link: None, span: span.clone() };
                let style = BoxStyle {
                    background: Some(t.code_background),
                    padding: Sides::splat(body),
                    line_height: 1.45,
                    align: TextAlign::Left,
                    ..base
                };
                (StyledKind::Text { runs: vec![run], pre: true }, style)
            }
            BlockKind::Quote(children) => {
                let qctx = Ctx { color: t.muted, ..ctx.clone() };
                let style = BoxStyle {
                    padding: Sides::new(0.0, body, 0.0, body),
                    border_left: Some(Border { width: 3.0, color: t.border }),
                    ..base
                };
                (StyledKind::Container(self.blocks(children, &qctx, depth)), style)
            }
            BlockKind::Div { align, blocks } => {
                let dctx = Ctx { align: text_align(*align, ctx.align), ..ctx.clone() };
                let style = BoxStyle { margin_bottom: 0.0, ..base };
                (StyledKind::Container(self.blocks(blocks, &dctx, depth)), style)
            }
            BlockKind::Rule => {
                let style = BoxStyle { margin_top: 1.5 * body, margin_bottom: 1.5 * body, ..base };
                (StyledKind::Rule { color: t.border, width: 3.0 }, style)
            }
            BlockKind::List { start, items } => {
                let items = self.items(items, *start, ctx, depth);
                let indent = t.list_indent * body;
                let style = BoxStyle {
                    padding: Sides::new(0.0, 0.0, 0.0, indent),
                    marker_width: indent,
                    margin_bottom: if depth > 0 { 0.0 } else { base.margin_bottom },
                    ..base
                };
                (StyledKind::List { items }, style)
            }
            BlockKind::Table { aligns, head, rows } => {
                let hctx = Ctx { bold: true, ..ctx.clone() };
                let mut out = Vec::new();
                let header = !head.is_empty() && head.iter().any(|c| !c.is_empty());
                if header {
                    out.push(head.iter().map(|c| self.runs(c, &hctx, false)).collect());
                }
                for row in rows {
                    out.push(row.iter().map(|c| self.runs(c, ctx, false)).collect());
                }
                let table = StyledTable {
                    aligns: aligns.iter().map(|a| text_align(*a, TextAlign::Left)).collect(),
                    rows: out,
                    header,
                    padding: Sides::new(0.3 * body, 0.6 * body, 0.3 * body, 0.6 * body),
                    border: t.border,
                    line_height: 1.35,
                    stripe: Some(Rgb(0xf6, 0xf8, 0xfa)),
                };
                (StyledKind::Table(table), base)
            }
        };
        Some(StyledBlock { kind, style, span })
    }

    fn items(&mut self, items: &[ListItem], start: Option<u64>, ctx: &Ctx, depth: usize) -> Vec<StyledItem> {
        let bullets = ["•", "◦", "▪"];
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let marker = match (item.task, start) {
                    (Some(done), _) => Marker::Task(done),
                    (None, Some(n)) => Marker::Text(
                        format!("{}.", n.saturating_add(i as u64)),
                        ctx.text_style(self.theme),
                    ),
                    (None, None) => Marker::Text(
                        bullets[depth.min(bullets.len() - 1)].to_string(),
                        ctx.text_style(self.theme),
                    ),
                };
                let mut blocks = self.blocks(&item.blocks, ctx, depth + 1);
                // Paragraphs inside list items sit closer together than in the body.
                for b in &mut blocks {
                    if matches!(b.kind, StyledKind::Text { pre: false, .. }) && b.style.heading.is_none() {
                        b.style.margin_bottom = b.style.margin_bottom.min(0.25 * self.theme.font_size);
                    }
                }
                StyledItem { marker, blocks }
            })
            .collect()
    }

    /// Flattens inlines into styled runs; collapses white space unless `pre`.
    fn runs(&mut self, inlines: &[Inline], ctx: &Ctx, pre: bool) -> Vec<Run> {
        let mut out = Vec::new();
        self.collect(inlines, ctx, &mut out);
        if !pre {
            collapse_whitespace(&mut out);
        }
        out
    }

    fn collect(&mut self, inlines: &[Inline], ctx: &Ctx, out: &mut Vec<Run>) {
        let t = self.theme;
        for inline in inlines {
            let push = |out: &mut Vec<Run>, text: String, ctx: &Ctx, span: Span| {
                out.push(Run { text, style: ctx.text_style(t), link: ctx.link.clone(), span });
            };
            match inline {
                Inline::Text(s, span) => push(out, s.clone(), ctx, span.clone()),
                Inline::Code(s, span) => {
                    let c = Ctx {
                        family: Family::Mono,
                        size: ctx.size * 0.85,
                        background: Some(t.code_background),
                        ..ctx.clone()
                    };
                    push(out, s.replace(['\n', '\r', '\t'], " "), &c, span.clone());
                }
                Inline::Emph(c) => self.collect(c, &Ctx { italic: true, ..ctx.clone() }, out),
                Inline::Strong(c) => self.collect(c, &Ctx { bold: true, ..ctx.clone() }, out),
                Inline::Strike(c) => self.collect(c, &Ctx { strike: true, ..ctx.clone() }, out),
                Inline::Underline(c) => self.collect(c, &Ctx { underline: true, ..ctx.clone() }, out),
                Inline::Small(c) => self.collect(c, &Ctx { size: ctx.size * 0.83, ..ctx.clone() }, out),
                Inline::Sup(c) => {
                    let s = Ctx { size: ctx.size * 0.75, shift: ctx.shift + ctx.size * 0.35, ..ctx.clone() };
                    self.collect(c, &s, out);
                }
                Inline::Sub(c) => {
                    let s = Ctx { size: ctx.size * 0.75, shift: ctx.shift - ctx.size * 0.15, ..ctx.clone() };
                    self.collect(c, &s, out);
                }
                Inline::Link { url, content } => {
                    let l = Ctx { link: Some(url.clone()), color: t.link, ..ctx.clone() };
                    self.collect(content, &l, out);
                }
                Inline::Image { url, alt, span } => {
                    self.warnings.push(
                        Diagnostic::warning(span.clone(), format!("image `{url}` is shown as its alt text"))
                            .with_hint("drawing images comes in a later version of cvpdf"),
                    );
                    let text = if alt.trim().is_empty() { format!("[{url}]") } else { alt.clone() };
                    push(out, text, &Ctx { italic: true, color: t.muted, ..ctx.clone() }, span.clone());
                }
                Inline::Break => push(out, "\n".into(), ctx, 0..0),
                Inline::SoftBreak => push(out, " ".into(), ctx, 0..0),
                Inline::FootnoteRef { number, span, .. } => {
                    let s = Ctx {
                        size: ctx.size * 0.75,
                        shift: ctx.shift + ctx.size * 0.35,
                        color: t.link,
                        ..ctx.clone()
                    };
                    push(out, number.to_string(), &s, span.clone());
                }
            }
        }
    }
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

/// Collapses runs of white space to one space across run boundaries, as HTML does;
/// drops spaces at the start and end of the paragraph and around forced breaks.
fn collapse_whitespace(runs: &mut Vec<Run>) {
    let mut prev_space = true; // at paragraph start
    for run in runs.iter_mut() {
        let mut s = String::with_capacity(run.text.len());
        for ch in run.text.chars() {
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
    runs.retain(|r| !r.text.is_empty());
}

//! The container and frame stacks: blocks, lists, tables, footnotes and inline frames
//! opened and closed, and flattened past their depth limits.

use super::*;

impl Builder {
    pub(super) fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self.footnote_numbers.entry(label.to_string()).or_insert(next)
    }

    pub(super) fn table_mut(&mut self) -> Option<&mut ContainerKind> {
        self.containers.iter_mut().rev().map(|c| &mut c.kind).find(|k| matches!(k, ContainerKind::Table { .. }))
    }

    /// Opens a container for a Markdown start event; one not opened (too deep) is
    /// counted, so that its end event is skipped too. (HTML containers are closed by
    /// name, and one never opened is never found.)
    pub(super) fn push_markdown_container(&mut self, kind: ContainerKind, span: Span) {
        if !self.push_container(kind, span) {
            self.flattened += 1;
        }
    }

    /// Opens a container, unless containers are already `MAX_DEPTH` deep: then its
    /// content goes to the innermost open container, and this returns false. A list
    /// at the limit still gets its items (one level more), so that the content of
    /// deeper lists is kept in them.
    pub(super) fn push_container(&mut self, kind: ContainerKind, span: Span) -> bool {
        self.close_leaf(span.start);
        let item_of_list = matches!(kind, ContainerKind::Item { .. })
            && matches!(self.containers.last(), Some(Container { kind: ContainerKind::List { .. }, .. }));
        if self.containers.len() >= MAX_DEPTH && !item_of_list {
            // Once per deep region (a warning names each), up to `MAX_TAG_WARNINGS`.
            if !std::mem::replace(&mut self.block_flattened, true) && self.block_flattened_warnings < MAX_TAG_WARNINGS {
                self.block_flattened_warnings += 1;
                self.warnings.push(Diagnostic::warning(span.clone(), format!("nesting deeper than {MAX_DEPTH} levels is flattened")));
            }
            return false;
        }
        self.containers.push(Container { kind, blocks: vec![], start: span.start, tag: None });
        true
    }

    pub(super) fn pop_container(&mut self, end: usize) {
        self.close_leaf(end);
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        // Close HTML containers left open inside this Markdown container first.
        while self.containers.last().is_some_and(|c| c.tag.is_some()) && self.containers.len() > 1 {
            self.pop_one(end);
        }
        if self.containers.len() > 1 {
            self.pop_one(end);
        }
    }

    pub(super) fn pop_one(&mut self, end: usize) {
        let Some(c) = self.containers.pop() else { return };
        if self.containers.len() < MAX_DEPTH {
            self.block_flattened = false;
        }
        let span = c.start..end;
        match c.kind {
            ContainerKind::Root => self.containers.push(c),
            ContainerKind::Quote => self.push_block(BlockKind::Quote(c.blocks), span),
            ContainerKind::Div { align, el } => {
                self.push_block(BlockKind::Div { el, align, blocks: c.blocks }, span);
            }
            ContainerKind::List { start, items } => {
                // Content before the first item (text after an HTML `<ul>`) precedes it.
                for b in c.blocks {
                    self.push_block(b.kind, b.span);
                }
                self.push_block(BlockKind::List { start, items }, span);
            }
            ContainerKind::Item { task, loose } => {
                let item = ListItem { task, loose, blocks: c.blocks, span: span.clone() };
                match self.containers.last_mut() {
                    Some(Container { kind: ContainerKind::List { items, .. }, .. }) => {
                        items.push(item);
                    }
                    _ => {
                        let kind = BlockKind::List { start: None, items: vec![item] };
                        self.push_block(kind, span);
                    }
                }
            }
            ContainerKind::Footnote { label } => self.footnote_defs.push((label, c.blocks)),
            ContainerKind::Table { mut aligns, mut head, rows, row } => {
                let mut rows = rows;
                if !row.is_empty() {
                    rows.push(row);
                }
                let widest = rows.iter().map(Vec::len).chain([head.len(), aligns.len()]).max().unwrap_or(0);
                if widest > MAX_TABLE_COLUMNS {
                    self.warnings.push(Diagnostic::warning(
                        span.clone(),
                        format!("a table with {widest} columns keeps only the first {MAX_TABLE_COLUMNS}"),
                    ));
                    aligns.truncate(MAX_TABLE_COLUMNS);
                    head.truncate(MAX_TABLE_COLUMNS);
                    for r in &mut rows {
                        r.truncate(MAX_TABLE_COLUMNS);
                    }
                }
                self.push_block(BlockKind::Table { aligns, head, rows }, span);
                // Blocks that ended up inside the table (stray Markdown) follow it.
                for b in c.blocks {
                    self.push_block(b.kind, b.span);
                }
            }
        }
    }

    /// Adds a block to the innermost container. In a list, outside any item (text
    /// between HTML `<li>`s), it joins the item before it.
    pub(super) fn push_block(&mut self, kind: BlockKind, span: Span) {
        if let Some(c) = self.containers.last_mut() {
            match &mut c.kind {
                ContainerKind::List { items, .. } if !items.is_empty() => {
                    if let Some(item) = items.last_mut() {
                        item.span.end = item.span.end.max(span.end);
                        item.blocks.push(Block { kind, span });
                    }
                }
                _ => c.blocks.push(Block { kind, span }),
            }
        }
    }

    pub(super) fn ensure_leaf(&mut self, at: usize) {
        if self.leaf.is_none() {
            self.leaf = Some((LeafKind::Text, at));
        }
        if self.frames.is_empty() {
            let root = Frame { kind: FrameKind::Root, children: vec![], html: None, start: at, target: 0, depth: 0, literal: false };
            self.frames.push(root);
        }
    }

    /// Opens an inline element. Past `MAX_INLINE_DEPTH` an element that would hold
    /// its content one level deeper is flattened: its content goes to its parent.
    pub(super) fn push_frame(&mut self, kind: FrameKind, html: Option<String>, at: usize) {
        self.ensure_leaf(at);
        let Some(parent) = self.frames.last() else { return };
        let literal = parent.literal
            || match &kind {
                FrameKind::Link(..) | FrameKind::Image(_) | FrameKind::Code => true,
                FrameKind::Span(el) => is_code_tag(&el.tag),
                _ => false,
            };
        // Images and code become one inline without children (their content is
        // read as text), so they stay; they still count, to bound what is inside.
        let leaf = matches!(kind, FrameKind::Image(_) | FrameKind::Code);
        let (parent_depth, parent_target) = (parent.depth, parent.target);
        let kind = match kind {
            FrameKind::Link(url, el) if url.len() > MAX_URL_BYTES => {
                self.warn_long_url(at);
                el.map_or(FrameKind::Plain, FrameKind::Span)
            }
            kind => kind,
        };
        let kind = if parent_depth >= MAX_INLINE_DEPTH && !leaf && kind != FrameKind::Plain {
            if !std::mem::replace(&mut self.inline_flattened, true) {
                self.warnings.push(Diagnostic::warning(
                    at..at + 1,
                    format!("inline elements nested deeper than {MAX_INLINE_DEPTH} levels are flattened (their text is kept)"),
                ));
            }
            if let FrameKind::Gauge(gauge) = kind {
                // The bar stays; the text inside it follows it.
                self.push_inline(Inline::Gauge { gauge, content: vec![] });
            }
            FrameKind::Plain
        } else {
            kind
        };
        let index = self.frames.len();
        let (target, depth) = if kind == FrameKind::Plain { (parent_target, parent_depth) } else { (index, parent_depth + 1) };
        if let Some(name) = &html {
            self.html_frames.entry(name.clone()).or_default().push(index);
        }
        self.frames.push(Frame { kind, children: vec![], html, start: at, target, depth, literal });
    }

    /// Adds an inline to the innermost frame that takes children. Plain text right
    /// after plain text joins it (its span grows to cover both), as a browser joins
    /// adjacent text: pulldown-cmark splits text at every `[`, entity and escape, and
    /// millions of one-character nodes would each become a run shaped on its own.
    pub(super) fn push_inline(&mut self, inline: Inline) {
        let target = self.frames.last().map_or(0, |f| f.target);
        let Some(f) = self.frames.get_mut(target) else { return };
        self.line_has_text = match &inline {
            Inline::Break => false,
            Inline::Anchor { .. } | Inline::SoftBreak => self.line_has_text,
            // An element's content counted as it came; its direct children are read
            // again here only for content pushed whole (an autolink).
            i => match i.children() {
                Some(c) => self.line_has_text || c.iter().any(|i| !is_blank(i) && !matches!(i, Inline::Anchor { .. })),
                None => self.line_has_text || !is_blank(i),
            },
        };
        if let (Inline::Text(text, span), Some(Inline::Text(prev, prev_span))) = (&inline, f.children.last_mut()) {
            prev.push_str(text);
            prev_span.start = prev_span.start.min(span.start);
            prev_span.end = prev_span.end.max(span.end);
            return;
        }
        f.children.push(inline);
    }

    /// Adds the text of a `<pre>` inside a table cell: each newline ends a line (the
    /// newline right after `<pre>` is dropped, as HTML does). Its spaces collapse.
    pub(super) fn push_cell_pre_text(&mut self, text: &str, span: Span) {
        if text.contains("  ") || text.contains('\t') || text.trim_matches('\n').contains("\n\n") {
            self.warn_tag(
                "pre",
                span.clone(),
                "inside a table cell keeps its line breaks, but its runs of spaces and blank lines collapse",
            );
        }
        for (i, line) in text.split('\n').enumerate() {
            // (Blank lines inside it are dropped: an approximation.)
            if i > 0 && !self.at_line_start() {
                self.push_inline(Inline::Break);
            }
            let line = line.strip_suffix('\r').unwrap_or(line);
            if !line.is_empty() {
                self.push_inline(Inline::Text(line.to_string(), span.clone()));
            }
        }
    }

    /// Whether the open leaf has no text since its start or its last line break:
    /// only white space, anchors or nothing.
    pub(super) fn at_line_start(&self) -> bool {
        !self.line_has_text
    }

    /// Drops the open inline elements (outside any leaf).
    pub(super) fn clear_frames(&mut self) {
        self.frames.clear();
        self.html_frames.clear();
        self.line_has_text = false;
    }

    /// Pops the innermost Markdown frame, closing HTML frames opened inside it.
    pub(super) fn pop_markdown_frame(&mut self, _end: usize) {
        while let Some(f) = self.frames.last() {
            if f.kind == FrameKind::Root {
                return;
            }
            let html = f.html.is_some();
            self.pop_frame();
            if !html {
                return;
            }
        }
    }

    pub(super) fn pop_frame(&mut self) {
        if self.frames.len() < 2 {
            return;
        }
        let Some(f) = self.frames.pop() else { return };
        if let Some(name) = &f.html {
            if let Some(open) = self.html_frames.get_mut(name) {
                open.pop();
            }
        }
        let c = f.children;
        let inline = match f.kind {
            FrameKind::Root => return,
            FrameKind::Emph => Inline::Emph(c),
            FrameKind::Strong => Inline::Strong(c),
            FrameKind::Strike => Inline::Strike(c),
            FrameKind::Underline => Inline::Underline(c),
            FrameKind::Sup => Inline::Sup(c),
            FrameKind::Sub => Inline::Sub(c),
            FrameKind::Small => Inline::Small(c),
            // The link's own element goes inside it, where the cascade finds it.
            FrameKind::Link(url, Some(el)) => Inline::Link { url, content: vec![Inline::Span { el: Box::new(el), content: c }] },
            FrameKind::Link(url, None) => Inline::Link { url, content: c },
            FrameKind::Image(url) => {
                let alt = plain_text(&c);
                Inline::Image(Box::new(ImageRef { url, alt, attrs: vec![], style_at: None, span: f.start..f.start + 1 }))
            }
            FrameKind::Code => {
                let text = plain_text(&c);
                Inline::Code(text, f.start..f.start + 1)
            }
            FrameKind::Span(el) => Inline::Span { el: Box::new(el), content: c },
            FrameKind::Gauge(gauge) => Inline::Gauge { gauge, content: c },
            // Its content went to its target as it came.
            FrameKind::Plain => return,
        };
        self.push_inline(inline);
    }

    pub(super) fn take_leaf_inlines(&mut self, _end: usize) -> Vec<Inline> {
        while self.frames.len() > 1 {
            self.pop_frame();
        }
        self.leaf = None;
        let root = self.frames.pop().map(|f| f.children).unwrap_or_default();
        self.clear_frames();
        root
    }

    pub(super) fn close_leaf(&mut self, end: usize) {
        let Some((kind, start)) = self.leaf.clone() else {
            self.clear_frames();
            return;
        };
        let content = self.take_leaf_inlines(end);
        let span = start..end.max(start);
        match kind {
            LeafKind::Para => {
                if content.iter().any(|i| !is_blank(i)) {
                    self.push_block(BlockKind::Paragraph(content), span);
                }
            }
            LeafKind::Text => {
                if content.iter().any(|i| !is_blank(i)) {
                    self.push_block(BlockKind::Text(content), span);
                }
            }
            LeafKind::Heading { level, id, el } => {
                self.push_block(BlockKind::Heading { level, content, id, el }, span);
            }
            LeafKind::Cell => {
                self.cell_pre = 0;
                let (colspan, rowspan, align) = std::mem::replace(&mut self.cell_attrs, (1, 1, Align::None));
                self.push_cell(Cell { content, colspan, rowspan, align }, span);
            }
        }
    }

    /// Adds a cell to the current row; outside any table (one flattened away by
    /// `MAX_DEPTH`) its content is kept as text.
    pub(super) fn push_cell(&mut self, cell: Cell, span: Span) {
        if let Some(ContainerKind::Table { row, .. }) = self.table_mut() {
            row.push(cell);
        } else if cell.content.iter().any(|i| !is_blank(i)) {
            self.push_block(BlockKind::Text(cell.content), span);
        }
    }
}

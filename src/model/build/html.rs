//! Inline and block HTML: opening and closing tags, the elements cvpdf represents, and
//! warnings for those it does not.

use super::*;

impl Builder {
    /// Handles a fragment of raw HTML, inline or block.
    pub(super) fn html(&mut self, html: &str, span: Span, block: bool) {
        // A comment may span several HTML events (one per line of an HTML block).
        let (html, span) = if self.in_comment {
            match html.find("-->") {
                Some(e) => {
                    self.in_comment = false;
                    let cut = e + 3;
                    let start = (span.start + cut).min(span.end);
                    (&html[cut..], start..span.end)
                }
                None => return,
            }
        } else {
            (html, span)
        };
        if let Some(open) = html.rfind("<!--") {
            if !html[open + 4..].contains("-->") {
                self.in_comment = true;
            }
        }
        // Offsets inside the fragment map to the source when the fragment is verbatim.
        let verbatim = span.end - span.start == html.len();
        for token in tokenize(html) {
            let at = |o: usize| if verbatim { span.start + o..span.start + o + 1 } else { span.clone() };
            match token {
                Token::Text(t, o) => {
                    if let Some((text, _)) = &mut self.pre {
                        text.push_str(&t);
                        continue;
                    }
                    if self.skip.as_deref() == Some("style") {
                        match self.styles.last_mut() {
                            Some((css, _)) => css.push_str(&t),
                            None => self.styles.push((t, at(o))),
                        }
                        continue;
                    }
                    if self.skip.is_some() {
                        continue;
                    }
                    if block && self.leaf.is_none() && t.trim().is_empty() {
                        continue;
                    }
                    self.ensure_leaf(at(o).start);
                    let end = if verbatim { span.start + o + t.len().min(html.len() - o) } else { span.end };
                    if self.cell_pre > 0 && matches!(self.leaf, Some((LeafKind::Cell, _))) {
                        // A `<pre>` in a cell: its newlines break the cell's lines.
                        self.push_cell_pre_text(&t, at(o).start..end);
                        continue;
                    }
                    self.push_inline(Inline::Text(t, at(o).start..end));
                }
                Token::Open { name, attrs, values, self_closing, offset } => {
                    if self.skip.is_some() {
                        continue;
                    }
                    // Where the `style` attribute's value is written, for CSS warnings.
                    let style = attrs.iter().position(|(n, _)| n == "style").and_then(|i| values.get(i)).filter(|_| verbatim);
                    let style_at = style.map(|v| span.start + v.start..span.start + v.end);
                    self.open_tag(&name, (&attrs, style_at), self_closing, at(offset));
                }
                Token::Close { name, offset } => {
                    if let Some(skip) = &self.skip {
                        if *skip == name {
                            self.skip = None;
                        }
                        continue;
                    }
                    self.close_tag(&name, at(offset));
                }
            }
        }
    }

    /// Opens the element `name` with its attributes (and where its `style`
    /// attribute's value is written in the source, if known).
    pub(super) fn open_tag(&mut self, name: &str, (attrs, style_at): (&[(String, String)], Option<Span>), self_closing: bool, span: Span) {
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let align = match attr("align").map(str::to_ascii_lowercase).as_deref() {
            Some("center") => Align::Center,
            Some("right") => Align::Right,
            Some("left") => Align::Left,
            _ => Align::None,
        };
        if self.pre.is_some() {
            return;
        }
        if matches!(self.leaf, Some((LeafKind::Cell, _))) && is_block_tag(name) && !matches!(name, "td" | "th" | "tr" | "table") {
            // Block elements inside a table cell become lines of the cell: a block
            // starts a new line unless the cell's text is at the start of one (white
            // space, such as the newline before a `<div>`, is no text).
            self.ensure_leaf(span.start);
            if !self.at_line_start() {
                self.push_inline(Inline::Break);
            }
            if name == "pre" && !self_closing {
                self.cell_pre += 1;
            }
            if name == "li" {
                self.push_inline(Inline::Text("• ".into(), span));
            }
            return;
        }
        // An `id` on an inline element, or the `name` of an `<a>`, is a link target
        // where it stands; block elements carry theirs on the block.
        let target = attr("id").or_else(|| if name == "a" { attr("name") } else { None });
        let target = target.map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
        if let Some(t) = &target {
            if !is_block_tag(name) && !is_hidden_tag(name) {
                self.ensure_leaf(span.start);
                self.push_inline(Inline::Anchor { name: t.clone(), span: span.clone() });
            }
        }
        self.open_tag_inner(name, (attrs, style_at), self_closing, span.clone(), align);
        if let Some(t) = target {
            if matches!(name, "li" | "blockquote" | "td" | "th" | "dt" | "summary") && !self_closing {
                self.ensure_leaf(span.start);
                self.push_inline(Inline::Anchor { name: t, span });
            }
        }
    }

    // Longer than 120 lines: one `match` arm per HTML element cvpdf represents, each a few
    // lines; splitting it would scatter that table of elements over several functions.
    pub(super) fn open_tag_inner(
        &mut self,
        name: &str,
        (attrs, style_at): (&[(String, String)], Option<Span>),
        self_closing: bool,
        span: Span,
        align: Align,
    ) {
        let attr = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let element = || Element { style_at: style_at.clone(), ..Element::from_attrs(name, attrs) };
        let html = Some(name.to_string());
        if let Some(kind) = formatting_frame(name) {
            // A formatting element with a class, id or style stays an element, so
            // that CSS can select and restyle it (style applies its own look).
            let styled = !self_closing && attrs.iter().any(|(k, _)| matches!(k.as_str(), "class" | "id" | "style"));
            let kind = if styled { FrameKind::Span(element()) } else { kind };
            return self.push_frame(kind, html, span.start);
        }
        match name {
            "ul" | "ol" if !self_closing => {
                self.close_leaf(span.start);
                let start = (name == "ol").then(|| attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1));
                self.push_html_container(ContainerKind::List { start, items: vec![] }, name, span);
            }
            "li" if !self_closing => {
                self.close_leaf(span.start);
                if self.top_tag() == Some("li") {
                    self.pop_one(span.start);
                }
                if !matches!(self.containers.last(), Some(Container { kind: ContainerKind::List { .. }, .. })) {
                    self.push_html_container(ContainerKind::List { start: None, items: vec![] }, "ul", span.clone());
                }
                self.push_html_container(ContainerKind::Item { task: None, loose: false }, "li", span);
            }
            "blockquote" if !self_closing => {
                self.close_leaf(span.start);
                self.push_html_container(ContainerKind::Quote, name, span);
            }
            "table" if !self_closing => {
                self.close_leaf(span.start);
                let kind = ContainerKind::Table { aligns: vec![], head: vec![], rows: vec![], row: vec![] };
                self.push_html_container(kind, name, span);
                self.row_all_th = true;
            }
            "tr" if self.top_tag() == Some("table") => {
                self.close_leaf(span.start);
                self.commit_html_row();
            }
            "td" | "th" if self.top_tag() == Some("table") => {
                self.close_leaf(span.start);
                self.row_all_th &= name == "th";
                let colspan = attr("colspan").and_then(|c| c.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                // `rowspan="0"` spans to the end of the table; layout clamps it to the rows there are.
                let rowspan = match attr("rowspan").and_then(|c| c.trim().parse::<usize>().ok()) {
                    Some(0) => ROWSPAN_TO_END,
                    r => r.unwrap_or(1).clamp(1, ROWSPAN_TO_END),
                };
                self.cell_attrs = (colspan, rowspan, align);
                self.leaf = Some((LeafKind::Cell, span.start));
                if name == "th" {
                    self.push_frame(FrameKind::Strong, html, span.start);
                }
            }
            "dd" if !self_closing => {
                self.close_leaf(span.start);
                let el = element();
                self.push_html_container(ContainerKind::Div { align, el }, name, span);
            }
            "dt" => {
                self.close_leaf(span.start);
                self.ensure_leaf(span.start);
                self.push_frame(FrameKind::Strong, html, span.start);
            }
            "pre" if !self_closing => {
                self.close_leaf(span.start);
                self.pre = Some((String::new(), span.start));
            }
            "br" => {
                self.ensure_leaf(span.start);
                self.push_inline(Inline::Break);
            }
            "hr" => {
                self.close_leaf(span.start);
                self.push_block(BlockKind::Rule, span);
            }
            "img" => {
                self.ensure_leaf(span.start);
                let url = attr("src").unwrap_or_default().to_string();
                let alt = attr("alt").unwrap_or_default().to_string();
                let attrs =
                    attrs.iter().filter(|(n, _)| matches!(n.as_str(), "width" | "height" | "style" | "class" | "id")).cloned().collect();
                self.push_inline(Inline::Image(Box::new(ImageRef { url, alt, attrs, style_at: style_at.clone(), span })));
            }
            "progress" | "meter" => {
                // A bar; the text inside, if any, follows it (see `Inline::Gauge`).
                let mut gauge = Box::new(crate::model::gauge::gauge(name, attrs, span.clone()));
                gauge.el.style_at = style_at.clone();
                if self_closing {
                    self.ensure_leaf(span.start);
                    self.push_inline(Inline::Gauge { gauge, content: vec![] });
                } else {
                    self.push_frame(FrameKind::Gauge(gauge), html, span.start);
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_leaf(span.start);
                let level = name.as_bytes()[1] - b'0';
                let id = attr("id").map(str::to_string);
                if align != Align::None {
                    // An aligned heading: a wrapper carries the alignment.
                    let el = Element { tag: "div".into(), ..Element::default() };
                    self.push_html_container(ContainerKind::Div { align, el }, "h", span.clone());
                    self.aligned_headings.push(self.containers.len());
                }
                let el = Some(Box::new(element()));
                self.leaf = Some((LeafKind::Heading { level, id, el }, span.start));
            }
            "div" | "center" | "details" | "section" | "article" | "header" | "footer" | "main" | "nav" | "aside" | "figure" => {
                self.close_leaf(span.start);
                if self_closing {
                    return;
                }
                let align = if name == "center" { Align::Center } else { align };
                let el = element();
                self.push_html_container(ContainerKind::Div { align, el }, name, span);
            }
            "p" if !self_closing => {
                self.close_leaf(span.start);
                let el = element();
                self.push_html_container(ContainerKind::Div { align, el }, name, span);
            }
            "p" | "dd" | "li" | "tr" | "ul" | "ol" | "dl" | "table" | "thead" | "tbody" | "tfoot" | "blockquote" | "pre" | "figcaption"
            | "caption" => {
                self.close_leaf(span.start);
            }
            "td" | "th" => {
                // Cells of an HTML table: keep their text apart, in order.
                if self.leaf.is_some() {
                    self.push_inline(Inline::Text(" ".into(), span));
                }
            }
            "summary" => {
                self.close_leaf(span.start);
                self.ensure_leaf(span.start);
                self.push_frame(FrameKind::Strong, html, span.start);
            }
            "a" => match attr("href") {
                Some(href) if !self_closing => {
                    let styled = attrs.iter().any(|(k, _)| matches!(k.as_str(), "class" | "style"));
                    let el = styled.then(element);
                    self.push_frame(FrameKind::Link(href.to_string(), el), html, span.start);
                }
                _ if !self_closing => self.push_frame(FrameKind::Plain, html, span.start),
                _ => {}
            },
            "style" | "script" | "head" | "title" | "noscript" | "template" | "iframe" | "object" | "textarea" | "select" => {
                if !self_closing {
                    self.skip = Some(name.to_string());
                    if name == "style" {
                        self.styles.push((String::new(), span.clone()));
                    }
                }
                if matches!(name, "script" | "iframe" | "object") {
                    self.warn_tag(name, span, "is never loaded or run");
                }
            }
            "span" | "font" | "mark" | "abbr" | "label" | "time" | "q" | "bdi" | "bdo" => {
                if !self_closing {
                    let el = element();
                    self.push_frame(FrameKind::Span(el), html, span.start);
                }
            }
            "link" | "meta" | "base" | "embed" | "wbr" | "input" | "source" | "picture" | "html" | "body" => {
                if matches!(name, "embed" | "link") {
                    self.warn_tag(name, span, "is never loaded or run");
                }
            }
            _ => {
                self.warn_tag(name, span.clone(), "is not supported; its content is kept");
                if !self_closing {
                    self.push_frame(FrameKind::Plain, html, span.start);
                }
            }
        }
    }

    pub(super) fn close_tag(&mut self, name: &str, span: Span) {
        if name == "pre" {
            if let Some((text, start)) = self.pre.take() {
                let text = text.trim_start_matches(['\r', '\n']).trim_end().to_string();
                self.push_block(BlockKind::Code { lang: None, text }, start..span.end);
                return;
            }
            if self.cell_pre == 0 {
                return;
            }
            self.cell_pre -= 1;
        }
        if self.pre.is_some() {
            return;
        }
        if matches!(self.leaf, Some((LeafKind::Cell, _))) && is_block_tag(name) && !matches!(name, "td" | "th" | "tr" | "table") {
            // What follows a block inside a cell starts a new line. (A break left at
            // the end of the cell ends its last line and adds none.)
            if !self.at_line_start() {
                self.push_inline(Inline::Break);
            }
            return;
        }
        match name {
            "ul" | "ol" | "li" | "blockquote" | "dd" => {
                self.close_leaf(span.end);
                self.close_html(name, span.end);
                return;
            }
            "td" | "th" => {
                self.close_leaf(span.end);
                return;
            }
            "tr" => {
                self.close_leaf(span.end);
                self.commit_html_row();
                return;
            }
            "table" => {
                self.close_leaf(span.end);
                self.commit_html_row();
                self.close_html(name, span.end);
                return;
            }
            _ => {}
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.close_leaf(span.end);
                if self.aligned_headings.last() == Some(&self.containers.len()) {
                    self.aligned_headings.pop();
                    self.close_html("h", span.end);
                }
            }
            "li" | "dt" | "dd" | "tr" | "ul" | "ol" | "dl" | "table" | "blockquote" | "pre" | "summary" | "figcaption" => {
                self.close_leaf(span.end);
            }
            "p" | "div" | "center" | "details" | "section" | "article" | "header" | "footer" | "main" | "nav" | "aside" | "figure" => {
                self.close_leaf(span.end);
                self.close_html(name, span.end);
            }
            _ => {
                // Close the innermost inline frame opened by this tag, and any above it.
                if let Some(&pos) = self.html_frames.get(name).and_then(|v| v.last()) {
                    while self.frames.len() > pos {
                        self.pop_frame();
                    }
                }
            }
        }
    }

    /// Warns, once, that a link target is too long to keep.
    pub(super) fn warn_long_url(&mut self, at: usize) {
        if !std::mem::replace(&mut self.url_too_long, true) {
            let message = format!("a link target longer than {MAX_URL_BYTES} bytes is not kept; its text stays, without the link");
            self.warnings.push(Diagnostic::warning(at..at + 1, message));
        }
    }

    /// Warns once per element name, for the first `MAX_TAG_WARNINGS` names; then
    /// once that there are more.
    pub(super) fn warn_tag(&mut self, name: &str, span: Span, what: &str) {
        if self.warned_tags.contains(name) || self.warned_tags.len() > MAX_TAG_WARNINGS {
            return;
        }
        self.warned_tags.insert(name.to_string());
        if self.warned_tags.len() > MAX_TAG_WARNINGS {
            let message = format!("more HTML elements are not supported or never loaded; only the first {MAX_TAG_WARNINGS} are named");
            self.warnings.push(Diagnostic::warning(span, message));
        } else {
            self.warnings.push(Diagnostic::warning(span, format!("HTML element `<{name}>` {what}")));
        }
    }

    pub(super) fn push_html_container(&mut self, kind: ContainerKind, tag: &str, span: Span) {
        if self.push_container(kind, span) {
            if let Some(c) = self.containers.last_mut() {
                c.tag = Some(tag.to_string());
            }
        }
    }

    /// The HTML tag of the innermost container, if it came from HTML.
    pub(super) fn top_tag(&self) -> Option<&str> {
        self.containers.last().and_then(|c| c.tag.as_deref())
    }

    /// Closes the innermost HTML container opened by `tag`, and the HTML containers
    /// left open inside it. A Markdown container in between stops the search: HTML
    /// cannot close what Markdown opened.
    pub(super) fn close_html(&mut self, tag: &str, end: usize) {
        let found = self.containers.iter().rev().take_while(|c| c.tag.is_some()).position(|c| c.tag.as_deref() == Some(tag));
        if let Some(n) = found {
            for _ in 0..=n {
                self.pop_one(end);
            }
        }
    }

    /// Ends the current row of an HTML table: a first row of `th` cells is the header.
    pub(super) fn commit_html_row(&mut self) {
        let all_th = std::mem::replace(&mut self.row_all_th, true);
        if let Some(ContainerKind::Table { head, rows, row, .. }) = self.table_mut() {
            if row.is_empty() {
                return;
            }
            let r = std::mem::take(row);
            if all_th && head.is_empty() && rows.is_empty() {
                *head = r;
            } else {
                rows.push(r);
            }
        }
    }
}

/// Elements whose content is never shown.
pub(super) fn is_hidden_tag(name: &str) -> bool {
    matches!(
        name,
        "style"
            | "script"
            | "head"
            | "title"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "textarea"
            | "select"
            | "link"
            | "meta"
            | "base"
            | "html"
            | "body"
    )
}

/// Elements that start a block in HTML.
pub(super) fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "main"
            | "nav"
            | "aside"
            | "figure"
            | "figcaption"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
    )
}

/// The frame of an HTML formatting element (`strong`, `em`, `code`, …).
pub(super) fn formatting_frame(tag: &str) -> Option<FrameKind> {
    Some(match tag {
        "b" | "strong" => FrameKind::Strong,
        "i" | "em" | "cite" | "var" | "dfn" => FrameKind::Emph,
        "s" | "strike" | "del" => FrameKind::Strike,
        "u" | "ins" => FrameKind::Underline,
        "sup" => FrameKind::Sup,
        "sub" => FrameKind::Sub,
        "small" => FrameKind::Small,
        _ if is_code_tag(tag) => FrameKind::Code,
        _ => return None,
    })
}

/// Tags whose content is code: shown as written, never autolinked.
pub(super) fn is_code_tag(tag: &str) -> bool {
    matches!(tag, "code" | "kbd" | "samp" | "tt")
}

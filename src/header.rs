//! Headers and footers: md-to-pdf's `headerTemplate` and `footerTemplate`, HTML with
//! classes `pageNumber`, `totalPages`, `title`, `date` and `url` filled in per page,
//! run through the same model → style → layout steps and drawn in the margins.

use crate::diag::Diagnostic;
use crate::front_matter::FrontMatter;
use crate::geom::Rect;
use crate::layout::margin::{place, Edge};
use crate::layout::PagedDocument;
use crate::model::{tokenize, Token};
use crate::style::{cascade, PageSetup, Theme};
use crate::Options;

/// Chrome's default header when `displayHeaderFooter` is on without a template.
const DEFAULT_HEADER: &str = r#"<div style="display:flex"><span class="date"></span> <span class="title"></span></div>"#;
/// Chrome's default footer.
const DEFAULT_FOOTER: &str = r#"<div><span class="url"></span> <span class="pageNumber"></span>/<span class="totalPages"></span></div>"#;

/// Draws the header and footer templates on every page. Returns warnings.
pub fn decorate(doc: &mut PagedDocument, fm: &FrontMatter, page: &PageSetup, options: &Options) -> Vec<Diagnostic> {
    let p = &fm.page;
    let any_template = p.header_template.is_some() || p.footer_template.is_some();
    // md-to-pdf switches the header and footer on when a template is given.
    if !p.display_header_footer.unwrap_or(any_template) {
        return vec![];
    }
    let header = p.header_template.as_deref().unwrap_or(if any_template { "" } else { DEFAULT_HEADER });
    let footer = p.footer_template.as_deref().unwrap_or(if any_template { "" } else { DEFAULT_FOOTER });
    // Templates are small print: Chrome shows them at about 10 px unless styled.
    let theme = Theme { font_size: 7.5, ..Theme::default() };
    let tfm = FrontMatter::default();
    let total = doc.pages.len();
    let title = doc.meta.title.clone().unwrap_or_default();
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let m = page.margin;
    for (i, pg) in doc.pages.iter_mut().enumerate() {
        let values = [
            ("pageNumber", (i + 1).to_string()),
            ("totalPages", total.to_string()),
            ("title", title.clone()),
            ("date", options.date.clone().unwrap_or_default()),
            ("url", options.url.clone().unwrap_or_default()),
        ];
        let w = pg.size.width;
        let boxes = [
            (header, Rect::from_xywh(m.left, 0.0, w - m.left - m.right, m.top), Edge::Top),
            (footer, Rect::from_xywh(m.left, pg.size.height - m.bottom, w - m.left - m.right, m.bottom), Edge::Bottom),
        ];
        for (template, area, edge) in boxes {
            if template.trim().is_empty() || area.height <= 1.0 {
                continue;
            }
            let html = fill(template, &values);
            let (model, mw) = crate::model::build(&html, 0);
            let (styled, sw) = cascade(&model, &tfm, &theme, None, &html);
            for mut d in mw.into_iter().chain(sw) {
                d.span = None;
                d.message = format!("in a header or footer template: {}", d.message);
                if !warnings.iter().any(|x| x.message == d.message) {
                    warnings.push(d);
                }
            }
            let items = place(&styled.blocks, area, edge, &doc.fonts);
            pg.items.extend(items);
        }
    }
    warnings
}

/// Puts each value inside the elements whose class names it.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut last = 0;
    for token in tokenize(template) {
        let Token::Open { attrs, offset, self_closing: false, .. } = token else { continue };
        let Some((_, class)) = attrs.iter().find(|(n, _)| n == "class") else { continue };
        let Some((_, value)) = values.iter().find(|(k, _)| class.split_whitespace().any(|c| c == *k)) else {
            continue;
        };
        let Some(end) = template[offset..].find('>').map(|e| offset + e + 1) else { continue };
        out.push_str(&template[last..end]);
        out.push_str(&escape(value));
        last = end;
    }
    out.push_str(&template[last..]);
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_classes() {
        let t = r#"Page <span class="pageNumber"></span> of <span class="totalPages"></span>"#;
        let v = [("pageNumber", "2".to_string()), ("totalPages", "3".to_string())];
        assert_eq!(fill(t, &v), r#"Page <span class="pageNumber">2</span> of <span class="totalPages">3</span>"#);
    }
}

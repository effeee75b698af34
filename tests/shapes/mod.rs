//! Structured generators of hostile document shapes, shared by the property test
//! (`tests/it/property.rs`) and the fuzz targets (`fuzz/fuzz_targets/*.rs`, which
//! include this file by path).
//!
//! Random bytes are a poor way to reach the classes of input that break a renderer:
//! deep nesting, long lines, huge repetition counts, huge or non-finite numbers,
//! selector shapes that make matching backtrack. [`document`] reads its input bytes as
//! a program: each step picks a shape, a size on a logarithmic scale (so that both 3
//! and 50,000 are likely) and a few variations, and appends it. Every document is
//! fictional text; the total size is capped by the caller's `budget`.

/// Reads choices from the input bytes; zeros once they run out.
pub struct Choices<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Choices<'a> {
    /// Choices read from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Choices { data, at: 0 }
    }

    /// Whether every byte has been read.
    pub fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    /// The next byte.
    pub fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.byte() as usize % items.len()]
    }

    /// A count from 1 to `max`, spread evenly over orders of magnitude.
    pub fn count(&mut self, max: usize) -> usize {
        let (a, b) = (self.byte() as u32, self.byte() as u32);
        let bits = usize::BITS - max.leading_zeros();
        let shift = a % (bits + 1);
        let n = if shift == 0 { 1 } else { (1usize << (shift - 1)) + (b as usize * 257 + a as usize) % (1usize << (shift - 1)) };
        n.clamp(1, max.max(1))
    }
}

/// Inline markers that nest: (open, close).
const INLINE: &[(&str, &str)] = &[
    ("*", "*"),
    ("**", "**"),
    ("_", "_"),
    ("~~", "~~"),
    ("[", "](https://example.org)"),
    ("<span>", "</span>"),
    ("<b>", "</b>"),
    ("<i>", "</i>"),
    ("<a href=\"#top\">", "</a>"),
    ("<span style=\"color:red\">", "</span>"),
    ("<code>", "</code>"),
    ("<sub>", "</sub>"),
    ("<strong class=\"x\">", "</strong>"),
];

/// Block openers that nest, each with its closer ("" when it closes itself).
const BLOCK: &[(&str, &str)] = &[
    ("> ", ""),
    ("- ", ""),
    ("1. ", ""),
    ("<div>", "</div>"),
    ("<blockquote>", "</blockquote>"),
    ("<ul><li>", "</li></ul>"),
    ("<details><summary>s</summary>", "</details>"),
    ("<table><tr><td>", "</td></tr></table>"),
    ("<section>", "</section>"),
];

/// Tokens that have made tokenisers quadratic when repeated.
const REPEAT: &[&str] = &[
    "<div ",
    "<div x=\"",
    "&",
    "&#",
    "&amp",
    "<",
    "<!--",
    "<![CDATA[",
    "[",
    "`",
    "|",
    "*",
    "\\",
    "](",
    "<br>",
    "\u{301}",
    "\u{fe0f}",
    "\u{200d}",
    "👍🏽",
    "<p>",
    "</div>",
    "<style>",
    "<img src=x>",
    "[x](#missing) ",
    "[^n] ",
];

/// Numbers that break geometry.
const NUMBERS: &[&str] = &["1e30", "-1e30", "1e400", "1e23", "0.0001", "1e-30", "NaN", "inf", "99999999999999999999", "-0", "0", "3.4e38"];

/// Units for those numbers.
const UNITS: &[&str] = &["px", "pt", "in", "mm", "em", "%", "", "rem", "cm"];

/// CSS properties that take lengths or numbers.
const PROPERTIES: &[&str] = &[
    "font-size",
    "line-height",
    "margin",
    "padding",
    "border",
    "width",
    "height",
    "letter-spacing",
    "text-indent",
    "border-top",
    "margin-left",
    "padding-right",
];

/// Selectors for the generated rules.
const SELECTORS: &[&str] = &["p", "div", "li", "h1", "td", "section div p", "div > p", "li + li", "p:first-child", "body", "*", ".x", "#y"];

/// Front-matter page keys that take lengths.
const PAGE_KEYS: &[&str] = &["width", "height", "scale"];

/// The fuzz targets' structured mode: when the first byte has its top bit set, the
/// rest is a program for [`document`] and this is its document; else `None` (the
/// bytes are the target's own input).
pub fn structured(data: &[u8], budget: usize) -> Option<String> {
    match data.split_first() {
        Some((&mode, program)) if mode >= 0x80 => Some(document(program, budget)),
        _ => None,
    }
}

/// A generated document of at most about `budget` bytes.
pub fn document(data: &[u8], budget: usize) -> String {
    let mut c = Choices::new(data);
    let mut out = String::new();
    if c.byte().is_multiple_of(4) {
        front_matter(&mut c, &mut out, budget);
    }
    while !c.done() && out.len() < budget {
        let room = budget.saturating_sub(out.len()).max(16);
        shape(&mut c, &mut out, room);
    }
    out
}

/// A front matter with geometry from [`NUMBERS`], sometimes unclosed.
fn front_matter(c: &mut Choices, out: &mut String, budget: usize) {
    out.push_str("---\ntitle: Sam Placeholder\npdf_options:\n");
    for _ in 0..1 + c.byte() % 3 {
        let key = c.pick(PAGE_KEYS);
        let value =
            if key == "scale" { c.pick(NUMBERS).to_string() } else { format!("{}{}", c.pick(NUMBERS), c.pick(&["px", "in", "mm", "cm"])) };
        out.push_str(&format!("  {key}: {value}\n"));
    }
    out.push_str(&format!("  margin: {}{}\n", c.pick(NUMBERS), c.pick(UNITS)));
    if c.byte().is_multiple_of(3) {
        out.push_str(&format!("  pageRanges: '{}'\n", "1-2,".repeat(c.count(budget / 8))));
    }
    if c.byte().is_multiple_of(4) {
        let n = c.count(budget / 16);
        out.push_str(&format!("headerTemplate: '{}h{}'\ndisplayHeaderFooter: true\n", "<b>".repeat(n), "</b>".repeat(n)));
    }
    if !c.byte().is_multiple_of(8) {
        out.push_str("---\n");
    }
}

/// Appends one shape of at most about `room` bytes.
fn shape(c: &mut Choices, out: &mut String, room: usize) {
    match c.byte() % 11 {
        // Inline nesting: `*`×n x `*`×n, <span>×n, mixes.
        0 => {
            let (open, close) = c.pick(INLINE);
            let n = c.count(room / (open.len() + close.len()).max(1));
            let mix = c.pick(INLINE);
            for i in 0..n {
                out.push_str(if i % 7 == 3 { mix.0 } else { open });
            }
            out.push_str("Alex Example");
            for i in (0..n).rev() {
                out.push_str(if i % 7 == 3 { mix.1 } else { close });
            }
            out.push_str("\n\n");
        }
        // Block nesting.
        1 => {
            let (open, close) = c.pick(BLOCK);
            let n = c.count(room / (open.len() + close.len() + 1));
            let indent = c.byte().is_multiple_of(2);
            for i in 0..n {
                if indent && close.is_empty() && i < 40 {
                    out.push_str(&" ".repeat(i * 2));
                }
                out.push_str(open);
            }
            out.push_str("item text\n");
            for _ in 0..n {
                out.push_str(close);
            }
            out.push_str("\n\nAfter the nesting.\n\n");
        }
        // A token repeated.
        2 => {
            let token = c.pick(REPEAT);
            let n = c.count(room / token.len());
            let base = if token.starts_with('\u{301}') || token.starts_with('\u{fe0f}') { "e" } else { "" };
            out.push_str(base);
            out.push_str(&token.repeat(n));
            out.push_str("\n\n");
        }
        // A long line: a word, a URL, or many links on one line.
        3 => {
            let n = c.count(room);
            match c.byte() % 3 {
                0 => out.push_str(&"a".repeat(n)),
                1 => {
                    out.push_str("https://example.org/");
                    out.push_str(&"a".repeat(n));
                }
                _ => out.push_str(&"[x](#missing) ".repeat(n / 14 + 1)),
            }
            out.push_str("\n\n");
        }
        // A huge number in CSS.
        4 => {
            let (p, sel) = (c.pick(PROPERTIES), c.pick(SELECTORS));
            let value = format!("{}{}", c.pick(NUMBERS), c.pick(UNITS));
            if c.byte().is_multiple_of(2) {
                out.push_str(&format!("<style>{sel} {{ {p}: {value} }}</style>\n\n"));
            } else {
                out.push_str(&format!("<p style=\"{p}: {value}\">Styled text</p>\n\n"));
            }
        }
        // A descendant selector against deeply nested elements.
        5 => {
            let k = c.count(24);
            let n = c.count(80);
            out.push_str("<style>section");
            out.push_str(&" div".repeat(k));
            out.push_str(" p { color: red }</style>\n\n");
            out.push_str(&"<div>".repeat(n));
            out.push_str("<p>Deep paragraph</p>");
            out.push_str(&"</div>".repeat(n));
            out.push_str("\n\n");
        }
        // Many CSS rules or one long selector list.
        6 => {
            let n = c.count(room / 20);
            out.push_str("<style>");
            if c.byte().is_multiple_of(2) {
                for i in 0..n {
                    out.push_str(&format!(".c{i} {{ color: red }}"));
                }
            } else {
                out.push_str(&"p, ".repeat(n));
                out.push_str("a::after { color: red }");
            }
            out.push_str("</style>\n\n");
        }
        // A table row taller than the page.
        7 => {
            let n = c.count(room / 8);
            out.push_str("| Role | Years |\n|---|---|\n| Engineer");
            out.push_str(&"<br>line".repeat(n));
            out.push_str(" | 2019 |\n\n");
        }
        // Plain text with spacing that stresses line breaking.
        8 => {
            let n = c.count(room / 6);
            let size = c.pick(&["0.0001px", "1e-9px", "200px", "1e5px", "11px"]);
            out.push_str(&format!("<p style=\"text-align: justify; font-size: {size}\">"));
            out.push_str(&"word ".repeat(n));
            out.push_str("</p>\n\n");
        }
        // Boxes side by side: flex, grid, columns and floats, nested, with huge or
        // tiny numbers and many items.
        9 => {
            let depth = c.count(40);
            let items = c.count(room / 64 + 1).min(5_000);
            let number = format!("{}{}", c.pick(NUMBERS), c.pick(UNITS));
            let container = match c.byte() % 5 {
                0 => format!("display: flex; flex-wrap: wrap; gap: {number}"),
                1 => format!("display: grid; grid-template-columns: repeat({}, minmax(0, 1fr)) {number}", 1 + c.byte() % 12),
                2 => format!("columns: {}; column-gap: {number}", c.byte()),
                3 => format!("display: flex; flex-direction: column; width: {number}"),
                _ => format!("display: grid; grid-template-areas: 'a b' 'c c'; min-height: {number}"),
            };
            let item = c.pick(&[
                "flex: 1",
                "float: right; width: 30%",
                "grid-column: span 3",
                "grid-area: c",
                "margin-left: auto",
                "max-width: 1e9px",
                "order: -5",
            ]);
            for _ in 0..depth {
                out.push_str(&format!("<div style=\"{container}\">\n"));
            }
            for i in 0..items {
                out.push_str(&format!("<span style=\"{item}\">Skill {i}</span> "));
            }
            out.push('\n');
            out.push_str(&"</div>\n".repeat(depth));
            out.push('\n');
        }
        // Ordinary résumé text, so that ordinary paths run between the hostile ones.
        _ => {
            out.push_str(c.pick(&[
                "# Sam Placeholder\n\n",
                "## Experience\n\n- Built things at Example Corp\n- Led a team\n\n",
                "| a | b |\n|---|---|\n| 1 | 2 |\n\n",
                "Some *text* with **weight** and `code`.\n\n",
                "<div align=\"center\"><img src=\"x.png\" alt=\"photo\"></div>\n\n",
            ]));
        }
    }
}

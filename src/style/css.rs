//! CSS: stylesheets read with simplecss's tokenizers (and its grammar), matched
//! against the element stack, and values turned into absolute units.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use simplecss::Declaration;

pub use super::at_rules::{preprocess, AtRules, Import, PageRule, MAX_MEDIA_DEPTH};
pub use super::selector::{positions, supported_hint, ElInfo, Position, Selector, Siblings};
use super::selector::{Key, Memo};
use crate::geom::Rgb;

/// A CSS text being read the way simplecss's `Stream` reads it.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

/// Bytes simplecss skips as white space.
fn css_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

impl<'a> Cursor<'a> {
    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn curr(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next_byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos + 1).copied()
    }

    fn consume_byte(&mut self, b: u8) -> Result<(), ()> {
        if self.curr() != Some(b) {
            return Err(());
        }
        self.pos += 1;
        Ok(())
    }

    fn skip_spaces(&mut self) {
        while self.curr().is_some_and(css_space) {
            self.pos += 1;
        }
    }

    fn skip_spaces_and_comments(&mut self) -> Result<(), ()> {
        self.skip_spaces();
        while self.curr() == Some(b'/') && self.next_byte() == Some(b'*') {
            self.pos += 2;
            while self.curr().is_some() && (self.curr(), self.next_byte()) != (Some(b'*'), Some(b'/')) {
                self.pos += 1;
            }
            self.consume_byte(b'*')?;
            self.consume_byte(b'/')?;
            self.skip_spaces();
        }
        Ok(())
    }

    /// An identifier, as simplecss reads one (a failure may leave a `-` consumed).
    fn consume_ident(&mut self) -> Result<&'a str, ()> {
        let start = self.pos;
        if self.curr() == Some(b'-') {
            self.pos += 1;
        }
        // simplecss counts every character above U+00ED as a letter.
        let letter = |c: char| c == '_' || c.is_ascii_alphabetic() || c as u32 > 237;
        let mut chars = self.text[self.pos..].chars();
        if let Some(c) = chars.next() {
            if !letter(c) {
                return Err(());
            }
            self.pos += c.len_utf8();
        }
        for c in chars {
            if !(letter(c) || c.is_ascii_digit() || c == '-') {
                break;
            }
            self.pos += c.len_utf8();
        }
        if start == self.pos {
            return Err(());
        }
        Ok(&self.text[start..self.pos])
    }

    fn consume_string(&mut self) -> Result<(), ()> {
        let quote = self.curr().ok_or(())?;
        if quote != b'\'' && quote != b'"' {
            return self.consume_ident().map(drop);
        }
        let mut prev = quote;
        self.pos += 1;
        while let Some(b) = self.curr() {
            if b == quote && prev != b'\\' {
                break;
            }
            prev = b;
            self.pos += 1;
        }
        self.consume_byte(quote)
    }

    fn skip_digits(&mut self) {
        while self.curr().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// One term of a value (simplecss's `consume_term`).
    fn consume_term(&mut self) -> Result<(), ()> {
        match self.curr().ok_or(())? {
            b'#' => {
                self.pos += 1;
                if self.consume_ident().is_err() {
                    while self.curr().is_some_and(|b| b.is_ascii_hexdigit()) {
                        self.pos += 1;
                    }
                }
            }
            b'+' | b'-' | b'0'..=b'9' | b'.' => {
                self.pos += 1;
                self.skip_digits();
                if self.curr() == Some(b'.') {
                    self.pos += 1;
                    self.skip_digits();
                }
                if self.curr() == Some(b'%') {
                    self.pos += 1;
                } else {
                    let _ = self.consume_ident();
                }
            }
            b'\'' | b'"' => self.consume_string()?,
            b',' => self.pos += 1,
            _ => {
                self.consume_ident()?;
                if self.curr() == Some(b'(') {
                    while self.curr().is_some_and(|b| b != b')') {
                        self.pos += 1;
                    }
                    self.consume_byte(b')')?;
                }
            }
        }
        Ok(())
    }

    /// One declaration (simplecss's `consume_declaration`).
    fn consume_declaration(&mut self) -> Result<Declaration<'a>, ()> {
        self.skip_spaces_and_comments()?;
        if self.curr() == Some(b'*') {
            self.pos += 1;
        }
        let name = self.consume_ident()?;
        self.skip_spaces_and_comments()?;
        self.consume_byte(b':')?;
        self.skip_spaces_and_comments()?;
        let start = self.pos;
        let mut end = self.pos;
        while self.consume_term().is_ok() {
            end = self.pos;
            self.skip_spaces_and_comments()?;
        }
        let value = self.text[start..end].trim();
        self.skip_spaces_and_comments()?;
        let mut important = false;
        if self.curr() == Some(b'!') {
            self.pos += 1;
            self.skip_spaces_and_comments()?;
            if self.text[self.pos..].starts_with("important") {
                self.pos += 9;
                important = true;
            }
        }
        self.skip_spaces_and_comments()?;
        while self.curr() == Some(b';') {
            self.pos += 1;
            self.skip_spaces_and_comments()?;
        }
        if value.is_empty() {
            return Err(());
        }
        Ok(Declaration { name, value, important })
    }
}

/// The declarations of a `style` attribute or a rule's block, up to the first one
/// that cannot be read: what simplecss's `DeclarationTokenizer` gives, in linear
/// time (simplecss works out a line and column for every failed term, counting from
/// the start of the text: quadratic in the number of declarations).
pub fn declarations(text: &str) -> Vec<Declaration<'_>> {
    let mut cursor = Cursor { text, pos: 0 };
    let mut out = Vec::new();
    loop {
        let _ = cursor.skip_spaces_and_comments();
        if cursor.at_end() {
            return out;
        }
        match cursor.consume_declaration() {
            Ok(d) => out.push(d),
            Err(()) => return out,
        }
    }
}

/// How much selector matching the document's own rules may cost: compound tests plus
/// declarations collected, over the whole document. A long résumé costs a few
/// hundred thousand; past this, only the built-in theme's rules apply.
pub const MAX_MATCH_WORK: u64 = 20_000_000;

/// One rule: one selector of a selector list, with that list's declarations.
struct Rule<'a> {
    selector: Selector<'a>,
    /// The selector as written, for warnings.
    text: &'a str,
    specificity: [u8; 3],
    /// Index of its declarations in `Sheets::blocks`.
    block: usize,
    /// From the document (its stylesheets, `css`, `<style>`), not built in.
    user: bool,
}

/// Rules (their indices) by what their last compound selector needs.
#[derive(Default)]
struct Index<'a> {
    by_id: HashMap<&'a str, Vec<usize>>,
    by_class: HashMap<&'a str, Vec<usize>>,
    by_tag: HashMap<String, Vec<usize>>,
    any: Vec<usize>,
}

impl<'a> Index<'a> {
    fn add(&mut self, key: Key<'a>, rule: usize) {
        match key {
            Key::Id(id) => self.by_id.entry(id).or_default().push(rule),
            Key::Class(class) => self.by_class.entry(class).or_default().push(rule),
            Key::Tag(tag) => self.by_tag.entry(tag).or_default().push(rule),
            Key::Any => self.any.push(rule),
        }
    }

    /// The rules that could match `el` (some more than once).
    fn candidates(&self, el: &ElInfo, out: &mut Vec<usize>) {
        if let Some(rules) = el.id.as_deref().and_then(|id| self.by_id.get(id)) {
            out.extend(rules);
        }
        for class in &el.classes {
            if let Some(rules) = self.by_class.get(class.as_str()) {
                out.extend(rules);
            }
        }
        let tag = if el.tag.bytes().any(|b| b.is_ascii_uppercase()) { el.tag.to_ascii_lowercase() } else { el.tag.clone() };
        if let Some(rules) = self.by_tag.get(tag.as_str()) {
            out.extend(rules);
        }
        out.extend(&self.any);
    }
}

/// All stylesheets' rules, lowest priority first, indexed by what their last
/// compound selector needs (an id, a class, a tag) so that an element tests only the
/// rules that could match it.
pub struct Sheets<'a> {
    rules: Vec<Rule<'a>>,
    blocks: Vec<Vec<Declaration<'a>>>,
    /// The built-in rules.
    builtin: Index<'a>,
    /// The document's rules.
    user: Index<'a>,
    /// The matching work of the document's rules so far.
    work: Cell<u64>,
    /// The work passed [`MAX_MATCH_WORK`]: the document's rules no longer apply.
    over: Cell<bool>,
    /// [`Sheets::over_budget`] has said so.
    told: Cell<bool>,
    /// The sibling searches made so far.
    memo: RefCell<Memo>,
    /// Rules (their selectors) that met elements whose siblings cvpdf does not know
    /// (table rows and cells, inline elements), each once.
    blind: RefCell<Vec<&'a str>>,
}

impl<'a> Sheets<'a> {
    /// Reads the rules of the given CSS texts (preprocessed, comments stripped),
    /// lowest priority first; texts from `user_from` on are the document's. A
    /// selector list (`a, b { … }`) gives one rule per selector sharing one block, so
    /// that a selector cvpdf cannot match drops only itself (a selector repeated in
    /// one list counts once). Also returns the selectors that cannot be matched
    /// (pseudo-elements such as `::after`, `:hover`), each once, with the reason.
    pub fn parse(texts: &'a [String], user_from: usize) -> (Self, Vec<(String, String)>) {
        let mut sheets = Sheets {
            rules: Vec::new(),
            blocks: Vec::new(),
            builtin: Index::default(),
            user: Index::default(),
            work: Cell::new(0),
            over: Cell::new(false),
            told: Cell::new(false),
            memo: RefCell::new(Memo::default()),
            blind: RefCell::new(Vec::new()),
        };
        let mut bad = Vec::new();
        let mut bad_seen: HashSet<&str> = HashSet::new();
        for (ti, text) in texts.iter().enumerate() {
            let mut rest = text.as_str();
            while let Some(open) = rest.find('{') {
                let (inner, next) = match matching_brace(rest, open) {
                    Some(close) => (&rest[open + 1..close], &rest[close + 1..]),
                    None => (&rest[open + 1..], ""),
                };
                let mut block = None;
                let mut in_list: HashSet<&str> = HashSet::new();
                for text in rest[..open].split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if !in_list.insert(text) {
                        continue;
                    }
                    match Selector::parse(text) {
                        Ok(selector) => {
                            let block = *block.get_or_insert_with(|| {
                                sheets.blocks.push(declarations(inner));
                                sheets.blocks.len() - 1
                            });
                            sheets.add(Rule { specificity: selector.specificity(), selector, text, block, user: ti >= user_from });
                        }
                        Err(why) => {
                            if bad_seen.insert(text) {
                                bad.push((text.to_string(), why));
                            }
                        }
                    }
                }
                rest = next;
            }
        }
        (sheets, bad)
    }

    fn add(&mut self, rule: Rule<'a>) {
        let i = self.rules.len();
        let index = if rule.user { &mut self.user } else { &mut self.builtin };
        index.add(rule.selector.key(), i);
        self.rules.push(rule);
    }

    /// The declarations that apply to the top of `stack`, in cascade order
    /// (later wins): by importance, then specificity, then source order. Once the
    /// document's rules have cost [`MAX_MATCH_WORK`], only the built-in ones apply;
    /// once the render deadline has passed, none do.
    pub fn matching(&self, stack: &[ElInfo]) -> Vec<Declaration<'a>> {
        let Some(el) = stack.last() else { return vec![] };
        if crate::deadline::passed() {
            return vec![];
        }
        let mut candidates: Vec<usize> = Vec::new();
        self.builtin.candidates(el, &mut candidates);
        if !self.over.get() {
            self.user.candidates(el, &mut candidates);
            // Gathering them is work too.
            self.work.set(self.work.get() + candidates.len() as u64);
        }
        // In source order; a rule found twice (`class="a a"`) counts once.
        candidates.sort_unstable();
        candidates.dedup();
        let mut found: Vec<(bool, [u8; 3], usize, Declaration<'a>)> = Vec::new();
        let mut work = self.work.get();
        for i in candidates {
            let rule = &self.rules[i];
            if !rule.user {
                let mut free = 0;
                if rule.selector.matches(stack, &mut free, u64::MAX) {
                    found.extend(self.blocks[rule.block].iter().map(|d| (d.important, rule.specificity, i, *d)));
                }
                continue;
            }
            if self.over.get() {
                continue;
            }
            work += 1;
            let (matched, blind) = rule.selector.matches_memo(stack, &mut work, MAX_MATCH_WORK, &mut self.memo.borrow_mut(), i);
            if blind {
                let mut seen = self.blind.borrow_mut();
                if seen.len() < 20 && !seen.contains(&rule.text) {
                    seen.push(rule.text);
                }
            }
            if matched {
                let decls = &self.blocks[rule.block];
                work += decls.len() as u64;
                found.extend(decls.iter().map(|d| (d.important, rule.specificity, i, *d)));
            }
            if work > MAX_MATCH_WORK {
                self.over.set(true);
            }
        }
        self.work.set(work);
        found.sort_by_key(|f| (f.0, f.1, f.2));
        found.into_iter().map(|f| f.3).collect()
    }

    /// [`matching`](Self::matching), then the declarations of the element's `style`
    /// attribute (as [`style_attribute`] gives it), which win over every rule.
    pub fn matching_with_style<'s>(&self, stack: &[ElInfo], style: Option<&'s str>) -> Vec<Declaration<'s>>
    where
        'a: 's,
    {
        let mut decls = self.matching(stack);
        if let Some(s) = style {
            decls.extend(inline_declarations(s));
        }
        decls
    }

    /// True once, right after the document's rules have cost [`MAX_MATCH_WORK`]
    /// (from then on only the built-in rules apply).
    pub fn over_budget(&self) -> bool {
        let now = self.over.get() && !self.told.get();
        self.told.set(self.told.get() || now);
        now
    }

    /// The selectors (new since the last call) that met elements whose siblings
    /// cvpdf does not know, so that they may not have matched where a browser would.
    pub fn take_blind(&self) -> Vec<&'a str> {
        std::mem::take(&mut *self.blind.borrow_mut())
    }

    /// How many rules the document's stylesheets have (one per selector).
    pub fn user_rules(&self) -> usize {
        self.rules.iter().filter(|r| r.user).count()
    }
}

/// A `style` attribute as cvpdf parses it: custom properties renamed like those of
/// stylesheets (see [`CUSTOM_PREFIX`]); unchanged (borrowed) when it has none.
pub fn style_attribute(style: &str) -> std::borrow::Cow<'_, str> {
    if style.contains("--") {
        std::borrow::Cow::Owned(custom_names(style))
    } else {
        std::borrow::Cow::Borrowed(style)
    }
}

/// Parses declarations of a `style` attribute (after [`style_attribute`]).
pub fn inline_declarations(style: &str) -> Vec<Declaration<'_>> {
    declarations(style)
}

/// The prefix custom properties (`--name`) get, because simplecss's identifiers may
/// not start with two hyphens: `--accent: red` is read as `-cv-accent: red`.
pub const CUSTOM_PREFIX: &str = "-cv-";

/// Renames each custom property (`--name` where a name can start) to
/// [`CUSTOM_PREFIX`]`name`.
pub(super) fn custom_names(css: &str) -> String {
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let mut last = 0;
    for i in 0..b.len().saturating_sub(2) {
        let starts = i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'\r' | b'{' | b';' | b'(' | b',');
        if starts && b[i] == b'-' && b[i + 1] == b'-' && (b[i + 2].is_ascii_alphanumeric() || b[i + 2] == b'_') {
            out.push_str(&css[last..i]);
            out.push_str(CUSTOM_PREFIX);
            last = i + 2;
        }
    }
    out.push_str(&css[last..]);
    out
}

/// The name a custom property is stored under: `--x` and `-cv-x` are the same.
pub fn custom_key(name: &str) -> std::borrow::Cow<'_, str> {
    match name.strip_prefix("--") {
        Some(n) => std::borrow::Cow::Owned(format!("{CUSTOM_PREFIX}{n}")),
        None => std::borrow::Cow::Borrowed(name),
    }
}

/// A custom property's name as written (`--x`).
pub fn custom_display(name: &str) -> String {
    match name.strip_prefix(CUSTOM_PREFIX) {
        Some(n) => format!("--{n}"),
        None => name.to_string(),
    }
}

/// The custom properties in scope: name (as [`custom_key`] gives it) to value.
pub type Vars = BTreeMap<Rc<str>, Rc<str>>;

/// Why `var()` could not be substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarError {
    /// This variable (as written, `--x`) has no value and no fallback.
    Undefined(String),
    /// The substitutions took more than [`MAX_VAR_SUBSTITUTIONS`] steps or made a value
    /// longer than [`MAX_VAR_BYTES`] (variables that each use another several times
    /// grow exponentially).
    TooLarge,
    /// The document's substitutions have read [`MAX_VAR_SCAN`] bytes.
    Exhausted,
}

/// The most bytes of values substitution reads over a whole document (each use of a
/// variable reads its value again).
pub const MAX_VAR_SCAN: usize = 64 << 20;

/// The most `var()` substitutions one value may take.
pub const MAX_VAR_SUBSTITUTIONS: usize = 1000;

/// The longest value (in bytes) substitution may make, unless the value was longer.
pub const MAX_VAR_BYTES: usize = 64 * 1024;

/// Replaces each `var(--name)` or `var(--name, fallback)` in a value with the
/// custom property's value, or the fallback; variables whose values use variables
/// resolve too (a cycle, or nesting deeper than eight, counts as undefined). `scan`
/// is what the document may still read (see [`MAX_VAR_SCAN`]); it goes down by the
/// length of each variable's value read.
pub fn substitute_vars<'v>(value: &'v str, vars: &Vars, scan: &mut usize) -> Result<std::borrow::Cow<'v, str>, VarError> {
    if !value.contains("var(") {
        return Ok(std::borrow::Cow::Borrowed(value));
    }
    let mut out = String::with_capacity(value.len());
    let mut limits = Limits { steps: MAX_VAR_SUBSTITUTIONS, max_len: MAX_VAR_BYTES.max(value.len()), scan };
    substitute(value, vars, 0, &mut out, &mut limits)?;
    Ok(std::borrow::Cow::Owned(out))
}

/// What one value's substitution may still do.
struct Limits<'s> {
    steps: usize,
    max_len: usize,
    scan: &'s mut usize,
}

fn substitute(value: &str, vars: &Vars, depth: usize, out: &mut String, limits: &mut Limits<'_>) -> Result<(), VarError> {
    // Every byte of the value is read once (for `var(` and the parentheses).
    *limits.scan = limits.scan.checked_sub(value.len()).ok_or(VarError::Exhausted)?;
    let max_len = limits.max_len;
    let mut rest = value;
    while let Some(at) = rest.find("var(") {
        if out.len() + at > max_len {
            return Err(VarError::TooLarge);
        }
        out.push_str(&rest[..at]);
        let open = at + 3;
        let close = matching_paren(rest, open).unwrap_or(rest.len());
        let inner = rest.get(open + 1..close).unwrap_or("");
        let (name, fallback) = match inner.find(',') {
            Some(c) => (inner[..c].trim(), Some(inner[c + 1..].trim())),
            None => (inner.trim(), None),
        };
        let key = custom_key(name);
        let found = vars.get(key.as_ref()).map(|v| &**v).or(fallback);
        match found {
            Some(v) if depth < 8 => {
                limits.steps = limits.steps.checked_sub(1).ok_or(VarError::TooLarge)?;
                if v.len() > max_len {
                    return Err(VarError::TooLarge);
                }
                substitute(v, vars, depth + 1, out, limits)?;
            }
            _ => return Err(VarError::Undefined(custom_display(name))),
        }
        rest = rest.get(close + 1..).unwrap_or("");
    }
    if out.len() + rest.len() > max_len {
        return Err(VarError::TooLarge);
    }
    out.push_str(rest);
    Ok(())
}

/// `css` without its comments.
pub fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

fn matching_paren(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.bytes().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

fn matching_brace(s: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in s.as_bytes()[open..].iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The longest length cvpdf lays out, in points (either sign): 200 inches, the
/// largest page side PDF allows (ISO 32000-1, annex C). Longer CSS lengths (margins,
/// padding, widths, heights, image sizes, `@page` sizes) are cut to it.
pub const MAX_LENGTH: f32 = 14_400.0;

/// The smallest font size cvpdf sets, in points (below it text is a hairline).
pub const MIN_FONT_SIZE: f32 = 0.1;

/// The largest font size cvpdf sets, in points: a letter as tall as a third of A0,
/// so that a line (at most [`MAX_LINE_HEIGHT`] of it) stays within [`MAX_LENGTH`].
pub const MAX_FONT_SIZE: f32 = 1000.0;

/// The largest line height, as a multiple of the font size.
pub const MAX_LINE_HEIGHT: f32 = 10.0;

/// Parses a CSS length to points. `em` is relative to `font_size`, `rem` to `root`,
/// `%` to `percent_of`.
pub fn length(value: &str, font_size: f32, root: f32, percent_of: f32) -> Option<f32> {
    crate::units::css_length(value, font_size, root, percent_of)
}

/// Parses a font size, keywords included.
pub fn font_size(value: &str, parent: f32, root: f32) -> Option<f32> {
    let px = match value.trim().to_ascii_lowercase().as_str() {
        "xx-small" => 9.0,
        "x-small" => 10.0,
        "small" => 13.0,
        "medium" => 16.0,
        "large" => 18.0,
        "x-large" => 24.0,
        "xx-large" => 32.0,
        "smaller" => return Some(parent / 1.2),
        "larger" => return Some(parent * 1.2),
        _ => return length(value, parent, root, parent).filter(|s| *s > 0.0),
    };
    Some(px * 0.75)
}

/// Parses a CSS colour.
pub fn color(value: &str) -> Option<Rgb> {
    crate::color::parse(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_and_colors() {
        assert_eq!(length("16px", 12.0, 12.0, 0.0), Some(12.0));
        assert_eq!(length("2em", 10.0, 12.0, 0.0), Some(20.0));
        assert!((length("15mm", 0.0, 0.0, 0.0).unwrap() - 42.52).abs() < 0.01);
        assert_eq!(font_size("13px", 12.0, 12.0), Some(9.75));
        assert_eq!(color("#f00"), Some(Rgb(255, 0, 0)));
        assert_eq!(color("rgb(1, 2, 3)"), Some(Rgb(1, 2, 3)));
        assert_eq!(color("nonsense"), None);
    }

    #[test]
    fn variables_substitute_within_bounds() {
        let vars: Vars = [("-cv-a", "1px"), ("-cv-b", "var(--a) var(--a)"), ("-cv-loop", "var(--loop)")]
            .into_iter()
            .map(|(k, v)| (Rc::from(k), Rc::from(v)))
            .collect();
        assert_eq!(substitute_vars("var(--b) 2px", &vars, &mut { MAX_VAR_SCAN }).as_deref(), Ok("1px 1px 2px"));
        assert_eq!(substitute_vars("var(--zz, 3px)", &vars, &mut { MAX_VAR_SCAN }).as_deref(), Ok("3px"));
        assert_eq!(substitute_vars("var(--zz)", &vars, &mut { MAX_VAR_SCAN }), Err(VarError::Undefined("--zz".into())));
        assert_eq!(substitute_vars("var(--loop)", &vars, &mut { MAX_VAR_SCAN }), Err(VarError::Undefined("--loop".into())));
        // Seven levels of eight uses each: two million copies of `x` before.
        let mut vars: Vars = [(Rc::from("-cv-v0"), Rc::from("x"))].into_iter().collect();
        for i in 1..=7 {
            vars.insert(format!("-cv-v{i}").into(), format!("var(--v{})", i - 1).repeat(8).into());
        }
        assert_eq!(substitute_vars("var(--v7)", &vars, &mut { MAX_VAR_SCAN }), Err(VarError::TooLarge));
        assert_eq!(substitute_vars("var(--v3)", &vars, &mut { MAX_VAR_SCAN }).map(|v| v.len()), Ok(512));
        // A long value is refused before it is copied.
        vars.insert("-cv-big".into(), "y".repeat(MAX_VAR_BYTES + 1).into());
        assert_eq!(substitute_vars("var(--big)", &vars, &mut { MAX_VAR_SCAN }), Err(VarError::TooLarge));
        // The document's reading is bounded too.
        let mut scan = 1000;
        assert_eq!(substitute_vars("var(--v3)", &vars, &mut scan), Err(VarError::Exhausted));
    }

    #[test]
    fn selectors_match_the_stack() {
        let texts = vec![".markdown-body p { color: red }".to_string(), "body > p { color: blue }".to_string()];
        let (sheets, _) = Sheets::parse(&texts, 0);
        let body = ElInfo { classes: vec!["markdown-body".into()], ..ElInfo::tag("body") };
        let p = ElInfo::tag("p");
        let d = sheets.matching(&[body, p]);
        assert_eq!(d.len(), 2);
        assert_eq!(d[1].value, "red", "the class selector is more specific");
    }
}

#[cfg(test)]
mod matcher_tests {
    //! The selector matcher and the declaration reader against simplecss's own (the
    //! reference: what cvpdf used before), on generated selectors, stacks and CSS.

    use super::*;
    use simplecss::{AttributeOperator, PseudoClass};

    /// simplecss's view of an element (cvpdf's adapter before its own matcher).
    #[derive(Clone, Copy)]
    struct ElRef<'a> {
        stack: &'a [ElInfo],
        idx: usize,
        el: &'a ElInfo,
    }

    impl simplecss::Element for ElRef<'_> {
        fn parent_element(&self) -> Option<Self> {
            let idx = self.idx.checked_sub(1)?;
            Some(ElRef { stack: self.stack, idx, el: &self.stack[idx] })
        }
        fn prev_sibling_element(&self) -> Option<Self> {
            self.el.prev.get().map(|el| ElRef { el, ..*self })
        }
        fn has_local_name(&self, name: &str) -> bool {
            self.el.tag.eq_ignore_ascii_case(name)
        }
        fn attribute_matches(&self, name: &str, op: AttributeOperator<'_>) -> bool {
            match name {
                "class" => match op {
                    AttributeOperator::Contains(c) => self.el.classes.iter().any(|x| x == c),
                    _ => op.matches(&self.el.classes.join(" ")),
                },
                "id" => self.el.id.as_deref().is_some_and(|v| op.matches(v)),
                _ => false,
            }
        }
        fn pseudo_class_matches(&self, class: PseudoClass<'_>) -> bool {
            match class {
                PseudoClass::FirstChild => self.el.first(),
                PseudoClass::Link => self.el.tag == "a",
                _ => false,
            }
        }
    }

    fn reference_matches(selector: &str, stack: &[ElInfo]) -> bool {
        let sel = simplecss::Selector::parse(selector).expect("parses");
        let idx = stack.len() - 1;
        sel.matches(&ElRef { stack, idx, el: &stack[idx] })
    }

    /// xorshift64*: deterministic test data without a crate.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    fn element(rng: &mut Rng) -> ElInfo {
        let tags = ["div", "p", "span", "a", "section", "DIV"];
        let mut el = ElInfo::tag(rng.pick(&tags));
        if rng.below(3) == 0 {
            el.id = Some(rng.pick(&["x", "y", "x-1"]).to_string());
        }
        for class in ["c", "d"] {
            if rng.below(3) == 0 {
                el.classes.push(class.to_string());
            }
        }
        el
    }

    /// Each level an element after 0 to 3 siblings (maybe followed by more).
    fn stack(rng: &mut Rng) -> Vec<ElInfo> {
        (0..1 + rng.below(7))
            .map(|_| {
                let before = rng.below(4);
                let count = (before + 1 + rng.below(2)) as u32;
                let mut prev = Siblings::default();
                for i in 0..=before {
                    let mut el = element(rng);
                    el.pos = Some(Position { index: i as u32 + 1, count, ..Default::default() });
                    el.prev = std::mem::take(&mut prev);
                    if i == before {
                        return el;
                    }
                    prev = el.as_prev();
                }
                unreachable!()
            })
            .collect()
    }

    fn selector(rng: &mut Rng) -> String {
        let tags = ["div", "p", "span", "a", "section", "*", "", "Div"];
        let conditions = [
            ".c",
            ".d",
            "#x",
            "#y",
            "[class=c]",
            "[class~=d]",
            "[class='c d']",
            "[id]",
            "[id|=x]",
            ":first-child",
            ":link",
            ":hover",
            "[href]",
            ":lang(en)",
        ];
        let combinators = [" ", " ", " > ", " + ", ">", "+"];
        let mut out = String::new();
        for i in 0..1 + rng.below(5) {
            if i > 0 {
                out.push_str(rng.pick(&combinators));
            }
            let tag = rng.pick(&tags);
            out.push_str(tag);
            for _ in 0..rng.below(3) + usize::from(tag.is_empty()) {
                out.push_str(rng.pick(&conditions));
            }
        }
        out
    }

    #[test]
    fn generated_selectors_match_as_simplecss_matches() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut matched = 0;
        for _ in 0..20_000 {
            let text = selector(&mut rng);
            let ours = Selector::parse(&text).ok();
            let theirs = simplecss::Selector::parse(&text);
            assert_eq!(ours.is_some(), theirs.is_some(), "{text:?} parses the same");
            let (Some(ours), Some(theirs)) = (ours, theirs) else { continue };
            assert_eq!(ours.specificity(), theirs.specificity(), "{text:?}");
            for _ in 0..5 {
                let stack = stack(&mut rng);
                let expected = reference_matches(&text, &stack);
                assert_eq!(ours.matches(&stack, &mut 0, u64::MAX), expected, "{text:?} on {stack:?}");
                matched += usize::from(expected);
            }
        }
        assert!(matched > 1000, "the generated cases match often enough to mean something ({matched})");
    }

    #[test]
    fn descendant_chains_match_in_linear_work() {
        // simplecss tries every way of placing 20 `div`s on 60 nested ones: 60
        // choose 20 ways, hours. The segment matcher tests each compound a few times.
        let mut stack = vec![ElInfo::tag("html"), ElInfo::tag("body")];
        stack.extend((0..60).map(|_| ElInfo::tag("div")));
        stack.push(ElInfo::tag("p"));
        for (sel, expected) in [(format!("section {}p", "div ".repeat(20)), false), (format!("body {}p", "div ".repeat(20)), true)] {
            let sel = Selector::parse(&sel).unwrap();
            let mut work = 0;
            assert_eq!(sel.matches(&stack, &mut work, u64::MAX), expected);
            assert!(work < 200, "{work} compound tests");
        }
        // A chain longer than the stack is deep fails before any test.
        let long = format!("{}p", "div > ".repeat(10_000));
        let mut work = 0;
        assert!(!Selector::parse(&long).unwrap().matches(&stack, &mut work, u64::MAX));
        assert_eq!(work, 0);
        // Past its limit, matching gives up.
        let sel = Selector::parse("section div > div p").unwrap();
        let mut work = 0;
        assert!(!sel.matches(&stack, &mut work, 10));
        assert!(work <= 20, "{work}");
    }

    #[test]
    fn generated_declarations_read_as_simplecss_reads_them() {
        let pieces = [
            "color",
            ":",
            ";",
            " ",
            "red",
            "!",
            "important",
            "/*",
            "*/",
            "\"",
            "'",
            "(",
            ")",
            "#",
            "#fff",
            "1",
            "1.5",
            "2em",
            "-",
            "--x",
            ".",
            "%",
            ",",
            "\\",
            "é",
            "ï",
            "}",
            "{",
            "*",
            "url(a;b)",
            "var(--a, b)",
            "\n",
            "_",
            "9px",
            "+",
        ];
        let mut rng = Rng(7);
        for _ in 0..50_000 {
            let text: String = (0..rng.below(14)).map(|_| rng.pick(&pieces)).collect();
            let theirs: Vec<Declaration<'_>> = simplecss::DeclarationTokenizer::from(text.as_str()).collect();
            assert_eq!(declarations(&text), theirs, "{text:?}");
        }
    }

    /// cvpdf's rules before: each selector of a list written as its own rule, the
    /// whole text parsed by simplecss, rules matched by simplecss.
    fn reference_matching(texts: &[String], stack: &[ElInfo]) -> Vec<(String, String, bool)> {
        let split: Vec<String> = texts
            .iter()
            .map(|css| {
                let text = strip_comments(css);
                let mut out = String::new();
                let mut rest = text.as_str();
                while let Some(open) = rest.find('{') {
                    let close = matching_brace(rest, open).unwrap_or(rest.len().saturating_sub(1));
                    let block = rest.get(open..=close).unwrap_or(&rest[open..]);
                    for selector in rest[..open].split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        if simplecss::Selector::parse(selector).is_some() {
                            out.push_str(&format!("{selector} {block}\n"));
                        }
                    }
                    rest = rest.get(close + 1..).unwrap_or("");
                }
                out
            })
            .collect();
        let sheets: Vec<simplecss::StyleSheet<'_>> = split.iter().map(|t| simplecss::StyleSheet::parse(t)).collect();
        let idx = stack.len() - 1;
        let el = ElRef { stack, idx, el: &stack[idx] };
        let mut found = Vec::new();
        let mut order = 0;
        for (si, s) in sheets.iter().enumerate() {
            for rule in &s.rules {
                order += 1;
                if rule.selector.matches(&el) {
                    for d in &rule.declarations {
                        found.push((d.important, rule.selector.specificity(), si, order, *d));
                    }
                }
            }
        }
        found.sort_by_key(|f| (f.0, f.1, f.2, f.3));
        found.into_iter().map(|f| (f.4.name.to_string(), f.4.value.to_string(), f.4.important)).collect()
    }

    #[test]
    fn generated_sheets_cascade_as_before() {
        let mut rng = Rng(42);
        let decls = [
            "color: red",
            "color: blue !important",
            "margin: 0 1em",
            "font-weight: bold",
            "x: 'a;b'",
            "padding:1px;",
            "border: 1px solid #ccc",
        ];
        for _ in 0..2000 {
            let texts: Vec<String> = (0..1 + rng.below(3))
                .map(|_| {
                    (0..1 + rng.below(5))
                        .map(|_| {
                            // (A selector repeated in one list counts once now: see
                            // `a_selector_repeated_in_a_list_counts_once`.)
                            let mut list: Vec<String> = Vec::new();
                            for _ in 0..1 + rng.below(3) {
                                let s = selector(&mut rng);
                                if !list.contains(&s) {
                                    list.push(s);
                                }
                            }
                            let block: Vec<&str> = (0..rng.below(4)).map(|_| rng.pick(&decls)).collect();
                            let comment = if rng.below(4) == 0 { "/* note, { */" } else { "" };
                            format!("{comment}{} {{ {} }}\n", list.join(", "), block.join("; "))
                        })
                        .collect()
                })
                .collect();
            let stripped: Vec<String> = texts.iter().map(|t| strip_comments(t)).collect();
            let (sheets, _) = Sheets::parse(&stripped, 0);
            for _ in 0..5 {
                let stack = stack(&mut rng);
                let ours: Vec<(String, String, bool)> =
                    sheets.matching(&stack).iter().map(|d| (d.name.to_string(), d.value.to_string(), d.important)).collect();
                assert_eq!(ours, reference_matching(&texts, &stack), "{texts:?} on {stack:?}");
            }
        }
    }

    #[test]
    fn a_selector_repeated_in_a_list_counts_once() {
        // `a, a, a, …` made one rule per entry before: 100,000 copies of the block,
        // each applied to every link.
        let list = vec!["a, a , p,a".repeat(3) + " { color: red }"];
        let (sheets, bad) = Sheets::parse(&list, 0);
        assert!(bad.is_empty());
        assert_eq!(sheets.rules.len(), 3, "`a`, `p`, and `aa` (where the repeats join)");
        assert_eq!(sheets.matching(&[ElInfo::tag("a")]).len(), 1);
    }

    #[test]
    fn unsupported_selectors_are_reported_once() {
        let texts = vec!["p::after, li:hover:nth-child(x) { color: red } p::after { color: blue } ok { x: y }".to_string()];
        let (sheets, bad) = Sheets::parse(&texts, 0);
        let bad: Vec<&str> = bad.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(bad, ["p::after", "li:hover:nth-child(x)"]);
        assert_eq!(sheets.rules.len(), 1);
    }

    #[test]
    fn the_work_budget_stops_the_documents_rules_only() {
        // 2,000 rules that all reach the ancestor test, against a deep stack.
        let user = (0..2000).map(|i| format!(".c{i} p {{ color: red }}")).collect::<String>();
        let texts = vec!["p { margin: 0 }".to_string(), user];
        let (sheets, _) = Sheets::parse(&texts, 1);
        let mut stack: Vec<ElInfo> = (0..100).map(|_| ElInfo::tag("div")).collect();
        stack.push(ElInfo::tag("p"));
        let mut rounds = 0;
        while !sheets.over_budget() {
            let found = sheets.matching(&stack);
            assert_eq!(found.len(), 1, "no user rule matches; the built-in one does");
            rounds += 1;
            assert!(rounds < 1000, "the budget ends the matching");
        }
        assert!(!sheets.over_budget(), "said once");
        assert_eq!(sheets.matching(&stack).len(), 1, "the built-in rule still applies");
        assert!(sheets.work.get() <= MAX_MATCH_WORK + 200, "{}", sheets.work.get());
    }
}

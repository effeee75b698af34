//! Selectors: read (simplecss's grammar, plus `~`, `:last-child`, `:nth-child()`
//! and its kin, and `:not()`) and matched against the element stack without
//! backtracking.

use std::collections::HashMap;

use simplecss::{AttributeOperator, PseudoClass};

mod element;

pub use element::{positions, ElInfo, Position, Siblings};

/// How a compound selector is joined to the one on its left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Combinator {
    /// `a b`: an ancestor.
    Descendant,
    /// `a > b`: the parent.
    Child,
    /// `a + b`: the previous sibling.
    Adjacent,
    /// `a ~ b`: any previous sibling.
    Sibling,
}

/// `:nth-child(an+b)` and its kin: the element's place (counted from the end, or
/// among its type) is `a·k + b` for some `k ≥ 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Nth {
    a: i64,
    b: i64,
    of_type: bool,
    from_end: bool,
    /// `:only-child`, `:only-of-type`: first and last.
    only: bool,
}

impl Nth {
    fn matches(self, p: Position) -> bool {
        let (index, count) = if self.of_type { (p.type_index, p.type_count) } else { (p.index, p.count) };
        if self.only {
            return index == 1 && count == 1;
        }
        let i = if self.from_end { i64::from(count) - i64::from(index) + 1 } else { i64::from(index) };
        if self.a == 0 {
            return i == self.b;
        }
        let d = i - self.b;
        d % self.a == 0 && d / self.a >= 0
    }
}

/// One condition of a compound selector besides its tag.
#[derive(Debug, Clone, PartialEq)]
enum Condition<'a> {
    /// `.class` (as `[class~=…]`), `#id` (as `[id=…]`) and attribute selectors.
    Attribute(&'a str, AttributeOperator<'a>),
    /// `:link`, `:hover`, … (`:hover` and the like never match on paper).
    Pseudo(PseudoClass<'a>),
    /// `:first-child`, `:last-child`, `:nth-child()`, … (one per side for `:only-…`).
    Nth(Nth),
    /// `:not(a, b)`: none of these compounds.
    Not(Vec<Compound<'a>>),
}

/// A compound selector (`p.note:first-child`) and its combinator.
#[derive(Debug, Clone, PartialEq)]
struct Compound<'a> {
    /// The tag, `None` for `*` or none written.
    tag: Option<&'a str>,
    conditions: Vec<Condition<'a>>,
    /// How it is joined to the compound on its left; `None` for the first.
    combinator: Option<Combinator>,
}

/// The state of one match: its work, and whether it needed what is not known.
struct Cx<'m> {
    work: &'m mut u64,
    limit: u64,
    /// The memo of sibling searches and the rule's number in it.
    memo: Option<(&'m mut Memo, usize)>,
    /// A structural pseudo-class or sibling combinator met an element whose
    /// siblings are not known.
    unknown: bool,
}

impl Compound<'_> {
    /// Whether the element satisfies the tag and every condition.
    fn matches(&self, el: &ElInfo, cx: &mut Cx<'_>) -> bool {
        // Text outside any element (an anonymous block) is no element: `*` and
        // `:not(…)` do not match it.
        if el.tag.is_empty() || self.tag.is_some_and(|t| !el.tag.eq_ignore_ascii_case(t)) {
            return false;
        }
        self.conditions.iter().all(|c| match c {
            Condition::Attribute("class", AttributeOperator::Contains(c)) => el.classes.iter().any(|x| x == *c),
            Condition::Attribute("class", op) => op.matches(&el.classes.join(" ")),
            Condition::Attribute("id", op) => el.id.as_deref().is_some_and(|v| op.matches(v)),
            Condition::Attribute(..) => false,
            Condition::Nth(nth) => match el.pos {
                Some(p) => nth.matches(p),
                None => {
                    cx.unknown |= !el.tag.is_empty();
                    false
                }
            },
            Condition::Not(list) => {
                let structural = list.iter().any(|c| c.conditions.iter().any(|c| matches!(c, Condition::Nth(_))));
                if el.pos.is_none() && structural {
                    // Not knowing, it does not match either way.
                    cx.unknown |= !el.tag.is_empty();
                    return false;
                }
                !list.iter().any(|c| c.matches(el, cx))
            }
            // On paper nothing is hovered, focused, active or visited.
            Condition::Pseudo(PseudoClass::Link) => el.tag == "a",
            Condition::Pseudo(_) => false,
        })
    }

    /// Ids, other conditions, tags (`:not()` counts its most specific compound).
    fn specificity(&self) -> [u8; 3] {
        let mut spec = [0u8; 3];
        if self.tag.is_some() {
            spec[2] = 1;
        }
        for c in &self.conditions {
            match c {
                Condition::Attribute("id", _) => spec[0] = spec[0].saturating_add(1),
                Condition::Not(list) => {
                    let most = list.iter().map(Compound::specificity).max().unwrap_or_default();
                    for i in 0..3 {
                        spec[i] = spec[i].saturating_add(most[i]);
                    }
                }
                _ => spec[1] = spec[1].saturating_add(1),
            }
        }
        spec
    }
}

/// Sibling searches already made, by rule, compound and sibling node: where the
/// search found the nearest fit (what comes before it), or `None`. Cleared when it
/// holds [`MEMO_ENTRIES`].
#[derive(Default)]
pub struct Memo(HashMap<(usize, usize, u64), Option<Siblings>>);

/// The most entries the memo keeps.
const MEMO_ENTRIES: usize = 1 << 20;

/// A selector (no list): compound selectors joined by descendant, child and sibling
/// combinators, matched in time linear in the selector and the elements it looks at.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector<'a> {
    /// Left to right; the first has no combinator.
    parts: Vec<Compound<'a>>,
}

/// Why a selector cannot be read or matched, for a warning.
pub type Unsupported = String;

/// The pseudo-classes read, besides those with arguments.
const PSEUDO_CLASSES: &str = "`:first-child`, `:last-child`, `:only-child`, `:first-of-type`, `:last-of-type`, `:only-of-type`, `:nth-child()`, `:nth-last-child()`, `:nth-of-type()`, `:nth-last-of-type()`, `:not()`, `:link`";

/// What the warning about an unsupported selector lists as supported.
pub const SUPPORTED: &str = "cvpdf matches type, class, id and attribute (`[a]`, `[a=v]`, `[a~=v]`, `[a|=v]`) selectors, descendant (` `), child (`>`), adjacent (`+`) and general sibling (`~`) combinators, and";

/// The hint of that warning.
pub fn supported_hint() -> String {
    format!("{SUPPORTED} {PSEUDO_CLASSES}")
}

/// Reads a selector the way simplecss's tokenizer does (its identifiers, strings,
/// comments and errors), with `~` and more pseudo-classes.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

impl<'a> Reader<'a> {
    fn curr(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> Result<(), Unsupported> {
        if self.curr() != Some(b) {
            return Err(syntax(self.text));
        }
        self.pos += 1;
        Ok(())
    }

    /// An identifier as simplecss reads one.
    fn ident(&mut self) -> Result<&'a str, Unsupported> {
        let start = self.pos;
        match super::declarations::read_ident(self.text, start) {
            Ok(end) => {
                self.pos = end;
                Ok(&self.text[start..end])
            }
            Err(at) => {
                self.pos = at;
                Err(syntax(self.text))
            }
        }
    }

    /// A quoted string's content, or an identifier (simplecss's `consume_string`).
    fn string(&mut self) -> Result<&'a str, Unsupported> {
        let quote = self.curr().ok_or_else(|| syntax(self.text))?;
        if quote != b'\'' && quote != b'"' {
            return self.ident();
        }
        self.pos += 1;
        let start = self.pos;
        let mut prev = quote;
        while let Some(b) = self.curr() {
            if b == quote && prev != b'\\' {
                break;
            }
            prev = b;
            self.pos += 1;
        }
        let value = &self.text[start..self.pos];
        self.eat(quote)?;
        Ok(value)
    }

    fn skip_comment(&mut self) -> Result<(), Unsupported> {
        self.pos += 2;
        match self.text[self.pos..].find("*/") {
            Some(end) => {
                self.pos += end + 2;
                Ok(())
            }
            None => Err(syntax(self.text)),
        }
    }

    /// The text inside the parentheses that start here, nested ones included.
    fn arguments(&mut self) -> Result<&'a str, Unsupported> {
        self.eat(b'(')?;
        let start = self.pos;
        let mut depth = 1;
        while let Some(b) = self.curr() {
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        let inside = &self.text[start..self.pos];
                        self.pos += 1;
                        return Ok(inside);
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        Err(syntax(self.text))
    }
}

fn syntax(text: &str) -> Unsupported {
    if text.contains("::") {
        let name = text.split("::").nth(1).unwrap_or("");
        let name: String = name.chars().take_while(|c| c.is_alphanumeric() || *c == '-').collect();
        return format!("pseudo-elements such as `::{name}` are not drawn");
    }
    "it cannot be read".into()
}

/// `an+b`, `odd`, `even` (spaces allowed around the sign of `b`).
fn parse_nth(arg: &str, of_type: bool, from_end: bool) -> Option<Nth> {
    let s: String = arg.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    let int = |t: &str| -> Option<i64> {
        let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (a, b) = match s.as_str() {
        "odd" => (2, 1),
        "even" => (2, 0),
        _ => match s.split_once('n') {
            Some((a, b)) => {
                let a = match a {
                    "" | "+" => 1,
                    "-" => -1,
                    _ => int(a)?,
                };
                let b = if b.is_empty() {
                    0
                } else if b.starts_with(['+', '-']) {
                    int(b)?
                } else {
                    return None;
                };
                (a, b)
            }
            None => (0, int(&s)?),
        },
    };
    Some(Nth { a, b, of_type, from_end, only: false })
}

impl<'a> Selector<'a> {
    /// Parses one selector (no `,`), or says why it cannot be matched.
    pub fn parse(text: &'a str) -> Result<Self, Unsupported> {
        Self::parse_nested(text, false)
    }

    // Longer than 120 lines: one loop over the selector's bytes with one `match` arm per
    // token (`.`, `#`, `[…]`, `:…`, combinators), each sharing the reader and the parts
    // built so far; the arms read as the grammar does.
    fn parse_nested(text: &'a str, in_not: bool) -> Result<Self, Unsupported> {
        let mut r = Reader { text, pos: 0 };
        let mut parts: Vec<Compound<'a>> = Vec::new();
        let mut combinator = None;
        let mut after_combinator = true;
        let add = |parts: &mut Vec<Compound<'a>>, combinator: &mut Option<Combinator>, c: Condition<'a>| match parts.last_mut() {
            Some(last) if combinator.is_none() => last.conditions.push(c),
            _ => parts.push(Compound { tag: None, conditions: vec![c], combinator: combinator.take() }),
        };
        while let Some(b) = r.curr() {
            match b {
                b'*' => {
                    if !after_combinator {
                        return Err(syntax(text));
                    }
                    after_combinator = false;
                    r.pos += 1;
                    parts.push(Compound { tag: None, conditions: vec![], combinator: combinator.take() });
                }
                b'#' | b'.' => {
                    after_combinator = false;
                    r.pos += 1;
                    let name = r.ident()?;
                    let c = if b == b'#' {
                        Condition::Attribute("id", AttributeOperator::Matches(name))
                    } else {
                        Condition::Attribute("class", AttributeOperator::Contains(name))
                    };
                    add(&mut parts, &mut combinator, c);
                }
                b'[' => {
                    after_combinator = false;
                    r.pos += 1;
                    let name = r.ident()?;
                    let op = match r.curr() {
                        Some(b']') => AttributeOperator::Exists,
                        Some(b'=') => {
                            r.pos += 1;
                            AttributeOperator::Matches(r.string()?)
                        }
                        Some(b'~') => {
                            r.pos += 1;
                            r.eat(b'=')?;
                            AttributeOperator::Contains(r.string()?)
                        }
                        Some(b'|') => {
                            r.pos += 1;
                            r.eat(b'=')?;
                            AttributeOperator::StartsWith(r.string()?)
                        }
                        Some(b'^' | b'$' | b'*') => return Err("attribute selectors with `^=`, `$=` or `*=` are not matched".into()),
                        _ => return Err(syntax(text)),
                    };
                    r.eat(b']')?;
                    add(&mut parts, &mut combinator, Condition::Attribute(name, op));
                }
                b':' => {
                    after_combinator = false;
                    r.pos += 1;
                    let name = r.ident()?;
                    let lower = name.to_ascii_lowercase();
                    let nth = |of_type, from_end, only| Condition::Nth(Nth { a: 0, b: 1, of_type, from_end, only });
                    let condition = match lower.as_str() {
                        "lang" => {
                            // simplecss: up to the first `)`, trimmed.
                            r.eat(b'(')?;
                            let end = r.text[r.pos..].find(')').ok_or_else(|| syntax(text))?;
                            let lang = r.text[r.pos..r.pos + end].trim();
                            r.pos += end + 1;
                            if lang.is_empty() {
                                return Err(syntax(text));
                            }
                            Condition::Pseudo(PseudoClass::Lang(lang))
                        }
                        "first-child" => nth(false, false, false),
                        "last-child" => nth(false, true, false),
                        "only-child" => nth(false, false, true),
                        "first-of-type" => nth(true, false, false),
                        "last-of-type" => nth(true, true, false),
                        "only-of-type" => nth(true, false, true),
                        "link" => Condition::Pseudo(PseudoClass::Link),
                        "visited" => Condition::Pseudo(PseudoClass::Visited),
                        "hover" => Condition::Pseudo(PseudoClass::Hover),
                        "active" => Condition::Pseudo(PseudoClass::Active),
                        "focus" => Condition::Pseudo(PseudoClass::Focus),
                        "nth-child" | "nth-last-child" | "nth-of-type" | "nth-last-of-type" if r.curr() == Some(b'(') => {
                            let arg = r.arguments()?;
                            let (of_type, from_end) = (lower.ends_with("of-type"), lower.starts_with("nth-last"));
                            let nth = parse_nth(arg, of_type, from_end)
                                .ok_or_else(|| format!("`:{name}({arg})` is not read: cvpdf reads `an+b`, `odd` and `even`"))?;
                            Condition::Nth(nth)
                        }
                        "not" if r.curr() == Some(b'(') => {
                            if in_not {
                                return Err("`:not()` inside `:not()` is not matched".into());
                            }
                            let arg = r.arguments()?;
                            let mut list = Vec::new();
                            for one in arg.split(',').map(str::trim) {
                                let inner = Self::parse_nested(one, true)?;
                                match <[Compound<'a>; 1]>::try_from(inner.parts) {
                                    Ok([c]) => list.push(c),
                                    Err(_) => {
                                        return Err(format!(
                                            "`:not({arg})` is not matched: cvpdf reads `:not()` of compound selectors only, without combinators"
                                        ))
                                    }
                                }
                            }
                            Condition::Not(list)
                        }
                        _ => return Err(format!("the pseudo-class `:{name}` is not matched")),
                    };
                    if r.curr() == Some(b'(') {
                        return Err(format!("the pseudo-class `:{name}()` is not matched"));
                    }
                    add(&mut parts, &mut combinator, condition);
                }
                b'>' | b'+' | b'~' => {
                    if after_combinator {
                        return Err(syntax(text));
                    }
                    r.pos += 1;
                    after_combinator = true;
                    combinator = Some(match b {
                        b'>' => Combinator::Child,
                        b'+' => Combinator::Adjacent,
                        _ => Combinator::Sibling,
                    });
                }
                b if is_space(b) => {
                    while r.curr().is_some_and(is_space) {
                        r.pos += 1;
                    }
                    if after_combinator {
                        continue;
                    }
                    while r.curr() == Some(b'/') && r.text.as_bytes().get(r.pos + 1) == Some(&b'*') {
                        r.skip_comment()?;
                        while r.curr().is_some_and(is_space) {
                            r.pos += 1;
                        }
                    }
                    if !matches!(r.curr(), None | Some(b'>' | b'+' | b'~' | b',' | b'{')) {
                        after_combinator = true;
                        combinator = Some(Combinator::Descendant);
                    }
                }
                b'/' => {
                    if r.text.as_bytes().get(r.pos + 1) == Some(&b'*') {
                        r.skip_comment()?;
                    } else {
                        break;
                    }
                }
                b',' | b'{' => break,
                _ => {
                    let name = r.ident()?;
                    if !after_combinator {
                        return Err(syntax(text));
                    }
                    after_combinator = false;
                    parts.push(Compound { tag: Some(name), conditions: vec![], combinator: combinator.take() });
                }
            }
        }
        if after_combinator || parts.first().is_none_or(|p| p.combinator.is_some()) {
            return Err(syntax(text));
        }
        Ok(Selector { parts })
    }

    /// The specificity: ids (any `[id…]`), other conditions, tags; each saturating
    /// at 255.
    pub fn specificity(&self) -> [u8; 3] {
        let mut spec = [0u8; 3];
        for part in &self.parts {
            let s = part.specificity();
            for i in 0..3 {
                spec[i] = spec[i].saturating_add(s[i]);
            }
        }
        spec
    }

    /// Whether the selector matches the top of `stack` (whose parent is the element
    /// below it; each element knows the siblings before it). `work` counts the
    /// compound tests; matching gives up (no match) once it passes `limit`.
    pub fn matches(&self, stack: &[ElInfo], work: &mut u64, limit: u64) -> bool {
        self.matches_in(stack, &mut Cx { work, limit, memo: None, unknown: false })
    }

    /// [`matches`](Self::matches) with a memo of sibling searches (`rule` names this
    /// selector in it); also whether the match met an element whose siblings are not
    /// known (where it then does not match).
    pub fn matches_memo(&self, stack: &[ElInfo], work: &mut u64, limit: u64, memo: &mut Memo, rule: usize) -> (bool, bool) {
        let mut cx = Cx { work, limit, memo: Some((memo, rule)), unknown: false };
        let m = self.matches_in(stack, &mut cx);
        (m, cx.unknown)
    }

    /// The selector is cut at its descendant combinators into segments, each a
    /// chain of `>` steps between groups of siblings. The rightmost segment is placed
    /// on the element; every other one, right to left, on the nearest ancestor above
    /// the segment to its right where it fits. The nearest place leaves the most
    /// ancestors to the segments further left, so if any placement works this one
    /// does: no backtracking, and at most (ancestors × segment length) tests. The
    /// same holds among siblings (see [`Self::group_at`]).
    fn matches_in(&self, stack: &[ElInfo], cx: &mut Cx<'_>) -> bool {
        let Some(top) = stack.len().checked_sub(1) else { return false };
        // Each `>` and descendant combinator climbs one level at least.
        let climbs = self.parts.iter().filter(|p| matches!(p.combinator, Some(Combinator::Child | Combinator::Descendant))).count();
        if climbs > top {
            return false;
        }
        let mut end = self.parts.len();
        let mut above: Option<usize> = None;
        loop {
            let start = self.parts[..end].iter().rposition(|p| p.combinator == Some(Combinator::Descendant)).unwrap_or(0);
            let placed = match above {
                None => self.segment_at(start, end, stack, top, cx),
                Some(bound) => {
                    let mut found = None;
                    for anchor in (0..bound).rev() {
                        if *cx.work > cx.limit {
                            return false;
                        }
                        found = self.segment_at(start, end, stack, anchor, cx);
                        if found.is_some() {
                            break;
                        }
                    }
                    found
                }
            };
            let Some(level) = placed else { return false };
            if start == 0 {
                return true;
            }
            above = Some(level);
            end = start;
        }
    }

    /// Places `parts[start..end]` (no descendant combinator inside) with its last
    /// compound on `stack[anchor]`; the level (stack index) its first compound lands
    /// on (on that element or one of its previous siblings).
    fn segment_at(&self, start: usize, end: usize, stack: &[ElInfo], anchor: usize, cx: &mut Cx<'_>) -> Option<usize> {
        let (mut level, mut end) = (anchor, end);
        loop {
            // The group of siblings joined to the rest by `>` (or the segment's start).
            let group = (start..end).rev().find(|&k| self.parts[k].combinator == Some(Combinator::Child)).unwrap_or(start);
            if !self.group_at(group, end, &stack[level], cx) {
                return None;
            }
            if group == start {
                return Some(level);
            }
            level = level.checked_sub(1)?;
            end = group;
        }
    }

    /// Whether `parts[start..end]` (joined by `+` and `~` only) fits with its last
    /// compound on `el` and the others on its previous siblings. Cut at the `~`s,
    /// it is a list of rigid runs (joined by `+`); each run, right to left, goes on
    /// the nearest siblings before the run to its right where it fits, which leaves
    /// the most siblings to the runs further left: no backtracking.
    fn group_at(&self, start: usize, end: usize, el: &ElInfo, cx: &mut Cx<'_>) -> bool {
        let run = (start..end).rev().find(|&k| self.parts[k].combinator == Some(Combinator::Sibling)).unwrap_or(start);
        let Some(mut before) = self.run_at(run, end, el, cx) else { return false };
        let mut end = run;
        while end > start {
            let run = (start..end).rev().find(|&k| self.parts[k].combinator == Some(Combinator::Sibling)).unwrap_or(start);
            match self.nearest(run, end, before, cx) {
                Some(b) => before = b,
                None => return false,
            }
            end = run;
        }
        true
    }

    /// Whether `parts[start..end]` (joined by `+`) fits with its last compound on
    /// `el`; then the siblings before the one its first lands on.
    fn run_at(&self, start: usize, end: usize, el: &ElInfo, cx: &mut Cx<'_>) -> Option<Siblings> {
        let mut at = el;
        for j in (start..end).rev() {
            *cx.work += 1;
            if !self.parts[j].matches(at, cx) {
                return None;
            }
            if j == start {
                break;
            }
            at = sibling_before(at, cx)?;
        }
        if start > 0 && self.parts[start].combinator == Some(Combinator::Sibling) && at.pos.is_none() && !at.tag.is_empty() {
            cx.unknown = true;
            return None;
        }
        Some(at.prev.clone())
    }

    /// The nearest sibling in `from` (and those before it) where `parts[start..end]`
    /// fits with its last compound; the siblings before its first. Memoised per rule,
    /// run and sibling, so that each sibling list is searched once per run.
    fn nearest(&self, start: usize, end: usize, from: Siblings, cx: &mut Cx<'_>) -> Option<Siblings> {
        let mut visited = Vec::new();
        let mut cur = from;
        let found = loop {
            let Some(node) = cur.0.clone() else { break None };
            if let Some((memo, rule)) = &cx.memo {
                if let Some(known) = memo.0.get(&(*rule, start, node.serial)) {
                    break known.clone();
                }
            }
            if *cx.work > cx.limit {
                return None;
            }
            visited.push(node.serial);
            if let Some(before) = self.run_at(start, end, &node, cx) {
                break Some(before);
            }
            cur = node.prev.clone();
        };
        if let Some((memo, rule)) = &mut cx.memo {
            if memo.0.len() + visited.len() > MEMO_ENTRIES {
                memo.0.clear();
            }
            *cx.work += visited.len() as u64;
            for serial in visited {
                memo.0.insert((*rule, start, serial), found.clone());
            }
        }
        found
    }

    /// Whether it needs to know where elements stand among their siblings: a
    /// sibling combinator (`+`, `~`) or a structural pseudo-class (`:nth-child()`,
    /// `:last-child`, …, also inside `:not()`).
    pub fn structural(&self) -> bool {
        fn nth(c: &Compound<'_>) -> bool {
            c.conditions.iter().any(|c| match c {
                Condition::Nth(_) => true,
                Condition::Not(list) => list.iter().any(nth),
                _ => false,
            })
        }
        self.parts.iter().any(|p| matches!(p.combinator, Some(Combinator::Adjacent | Combinator::Sibling)) || nth(p))
    }

    /// What the rules index keys this selector by: its last compound's id, else its
    /// first class, else its tag (lowercase).
    pub(super) fn key(&self) -> Key<'a> {
        let Some(last) = self.parts.last() else { return Key::Any };
        let id = last.conditions.iter().find_map(|c| match *c {
            Condition::Attribute("id", AttributeOperator::Matches(v)) => Some(v),
            _ => None,
        });
        let class = || {
            last.conditions.iter().find_map(|c| match *c {
                Condition::Attribute("class", AttributeOperator::Contains(v)) => Some(v),
                _ => None,
            })
        };
        match (id, class(), last.tag) {
            (Some(id), _, _) => Key::Id(id),
            (None, Some(class), _) => Key::Class(class),
            (None, None, Some(tag)) => Key::Tag(tag.to_ascii_lowercase()),
            (None, None, None) => Key::Any,
        }
    }
}

/// The element just before `el`, noting when its siblings are not known.
fn sibling_before<'e>(el: &'e ElInfo, cx: &mut Cx<'_>) -> Option<&'e ElInfo> {
    if el.pos.is_none() && !el.tag.is_empty() {
        cx.unknown = true;
    }
    el.prev.get()
}

/// What an element must have for a rule to be worth testing.
pub(super) enum Key<'a> {
    Id(&'a str),
    Class(&'a str),
    Tag(String),
    Any,
}

#[cfg(test)]
mod tests;

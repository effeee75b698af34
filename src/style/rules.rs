//! The stylesheets' rules, indexed by what their last compound selector needs, and
//! matched against the element stack within a work budget.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use simplecss::Declaration;

use super::css::{declarations, inline_declarations, matching_brace};
use super::origins::Mapped;
use super::selector::{ElInfo, Key, Memo, Selector};
use crate::model::Span;

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
    /// (images and bars inside text), each once.
    blind: RefCell<Vec<&'a str>>,
    /// Some document rule needs to know where elements stand among their siblings.
    structural: bool,
    /// Where the document writes each declaration of its own CSS, by the address of
    /// the declaration's name in the text read (recorded as it is read).
    spans: HashMap<usize, Span>,
    /// The stylesheet file each declaration of a stylesheet file is in, by the same
    /// address.
    files: HashMap<usize, &'a str>,
}

/// A selector cvpdf cannot match: as written, why, and where the document writes it.
pub type Unsupported = (String, String, Option<Span>);

impl<'a> Sheets<'a> {
    /// [`Sheets::parse_mapped`] for texts that are nowhere in the document (tests).
    #[cfg(test)]
    pub fn parse(texts: &'a [String], user_from: usize) -> (Self, Vec<(String, String)>) {
        let (sheets, bad) = Self::read(texts.iter().map(|t| (t.as_str(), None)), user_from);
        (sheets, bad.into_iter().map(|(s, why, _)| (s, why)).collect())
    }

    /// Reads the rules of the given CSS texts (preprocessed, comments stripped),
    /// lowest priority first; texts from `user_from` on are the document's. A
    /// selector list (`a, b { … }`) gives one rule per selector sharing one block, so
    /// that a selector cvpdf cannot match drops only itself (a selector repeated in
    /// one list counts once). Also returns the selectors that cannot be matched
    /// (pseudo-elements such as `::after`, `:hover`), each once, with the reason.
    /// Each declaration's span is recorded ([`Sheets::span_of`]) where the text
    /// knows where the document writes it, and each unsupported selector's.
    pub fn parse_mapped(texts: &'a [Mapped], user_from: usize) -> (Self, Vec<Unsupported>) {
        Self::read(texts.iter().map(|t| (t.text.as_str(), Some(t))), user_from)
    }

    fn read(texts: impl Iterator<Item = (&'a str, Option<&'a Mapped>)>, user_from: usize) -> (Self, Vec<Unsupported>) {
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
            structural: false,
            spans: HashMap::new(),
            files: HashMap::new(),
        };
        let mut bad = Vec::new();
        let mut bad_seen: HashSet<&str> = HashSet::new();
        for (ti, (text, mapped)) in texts.enumerate() {
            let mut rest = text;
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
                                let decls = declarations(inner);
                                for d in decls.iter() {
                                    if let Some(span) = mapped.and_then(|m| m.span_of(d.name)) {
                                        sheets.spans.insert(d.name.as_ptr() as usize, span);
                                    }
                                    if let Some(file) = mapped.and_then(|m| m.file.as_deref()) {
                                        sheets.files.insert(d.name.as_ptr() as usize, file);
                                    }
                                }
                                sheets.blocks.push(decls);
                                sheets.blocks.len() - 1
                            });
                            sheets.add(Rule { specificity: selector.specificity(), selector, text, block, user: ti >= user_from });
                        }
                        Err(why) => {
                            if bad_seen.insert(text) {
                                bad.push((text.to_string(), why, mapped.and_then(|m| m.span_of(text))));
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
        self.structural |= rule.user && rule.selector.structural();
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
    /// attribute (as [`style_attribute`](super::css::style_attribute) gives it), which win over every rule.
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

    /// Where the document writes a declaration its rules hold (not one of a `style`
    /// attribute, or of a stylesheet file).
    pub fn span_of(&self, d: &Declaration<'_>) -> Option<Span> {
        self.spans.get(&(d.name.as_ptr() as usize)).cloned()
    }

    /// The stylesheet file a declaration is written in, as the document names it
    /// (`None` for the document's own CSS and the built-in sheets).
    pub fn file_of(&self, d: &Declaration<'_>) -> Option<&'a str> {
        self.files.get(&(d.name.as_ptr() as usize)).copied()
    }

    /// Whether some document rule needs to know where elements stand among their
    /// siblings (`+`, `~`, `:nth-child()`, …): only then are the places of inline
    /// elements and table cells worked out.
    pub fn uses_structure(&self) -> bool {
        self.structural
    }

    /// How many rules the document's stylesheets have (one per selector).
    pub fn user_rules(&self) -> usize {
        self.rules.iter().filter(|r| r.user).count()
    }
}

#[cfg(test)]
mod matcher_tests {
    //! The selector matcher and the declaration reader against simplecss's own (the
    //! reference: what cvpdf used before), on generated selectors, stacks and CSS.

    use super::*;
    use crate::style::css::strip_comments;
    use crate::style::selector::{Position, Siblings};
    use crate::testing::Rng;
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
            // simplecss ends a function at its first `)`; cvpdf reads nested
            // functions and strings whole, so where they nest the two differ on purpose.
            let nested = {
                let mut open = false;
                text.bytes().any(|b| match b {
                    b'(' | b'\'' | b'"' if open => true,
                    b'(' => {
                        open = true;
                        false
                    }
                    b')' => {
                        open = false;
                        false
                    }
                    _ => false,
                })
            };
            if nested {
                continue;
            }
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

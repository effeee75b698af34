//! Selector tests: reading, specificity and matching against element stacks.

use super::*;
use crate::testing::Rng;

/// The siblings `tags` (the last one is the element), with their places.
fn row(tags: &[&str]) -> ElInfo {
    let places = positions(tags);
    let mut prev = Siblings::default();
    let mut last = None;
    for (tag, pos) in tags.iter().zip(places) {
        let el = ElInfo { pos, prev: std::mem::take(&mut prev), ..ElInfo::tag(tag) };
        prev = el.as_prev();
        last = Some(el);
    }
    last.expect("one tag at least")
}

/// The element at `index` (0-based) of the siblings `tags`.
fn at(tags: &[&str], index: usize) -> ElInfo {
    let mut el = row(&tags[..=index]);
    let all = positions(tags);
    el.pos = all[index];
    el
}

fn matches(selector: &str, stack: &[ElInfo]) -> bool {
    Selector::parse(selector).unwrap_or_else(|e| panic!("{selector}: {e}")).matches(stack, &mut 0, u64::MAX)
}

#[test]
fn selector_semantics() {
    let el = |tag: &str| ElInfo::tag(tag);
    let classy = ElInfo { id: Some("x".into()), classes: vec!["c".into(), "d".into()], ..ElInfo::tag("div") };
    let body_p = [el("html"), el("body"), at(&["p", "p"], 0)];
    assert!(matches("body > :first-child", &body_p));
    assert!(matches("html p", &body_p));
    assert!(matches("html > body > p:first-child", &body_p));
    assert!(!matches("html > p", &body_p), "`>` is the parent only");
    assert!(!matches("p p", &body_p), "an element is not its own ancestor");
    assert!(matches("BODY P", &body_p), "tags match in any case");
    let li = [el("ul"), at(&["li", "li", "li"], 1)];
    assert!(matches("li + li", &li));
    assert!(matches("ul > li + li", &li), "the sibling's parent is the element's");
    assert!(!matches("li + li + li", &li));
    assert!(!matches("ul + li", &li));
    assert!(!matches("li:first-child", &li) && !matches("li:last-child", &li) && matches("li:nth-child(2)", &li));
    let c = [el("body"), classy.clone()];
    assert!(matches("#x.c.d", &c) && matches("div[class='c d']", &c) && matches("[class~=d]", &c) && matches("[id|=x]", &c));
    assert!(!matches(".e", &c) && !matches("#y", &c) && !matches("[class=c]", &c) && !matches("[title]", &c));
    assert!(matches("a:link", &[el("a")]) && !matches("a:hover", &[el("a")]) && !matches("a:visited", &[el("a")]));
    // Greedy placement needs the nearest ancestor that fits, then looks above it.
    let stack = [el("section"), el("div"), el("div"), el("p")];
    assert!(matches("section div div p", &stack));
    assert!(matches("section > div div p", &stack));
    assert!(!matches("section div div div p", &stack));
    assert!(matches("section div > div > p", &stack));
    assert!(!matches("div > section p", &stack));
    // `x + y` anchored on an ancestor: y is that ancestor, x its previous sibling.
    let stack = [el("body"), row(&["h2", "div"]), el("p")];
    assert!(matches("body h2 + div p", &stack) && matches("h2 + div > p", &stack) && !matches("h2 + p", &stack));
    assert!(!matches("div h2 + div p", &stack), "the sibling's ancestors are the element's ancestors");
    for bad in ["p::after", "a:hover::before", "p:nth-child(2n of .x)", "p:empty", "a[href^=x]", "p:not(div p)", "", ">", "a >", "a ~"] {
        assert!(Selector::parse(bad).is_err(), "{bad:?} is not supported");
    }
    assert!(Selector::parse("p::after").unwrap_err().contains("`::after`"));
}

#[test]
fn sibling_chains_and_structural_pseudo_classes() {
    // A name, a subtitle and two contact lines.
    let tags = ["h1", "p", "p", "p", "ul", "p"];
    let body = ElInfo::tag("body");
    let m = |sel: &str, i: usize| matches(sel, &[body.clone(), at(&tags, i)]);
    assert!(m("h1 + p", 1) && !m("h1 + p", 2));
    assert!(m("h1 + p + p", 2) && !m("h1 + p + p", 1) && !m("h1 + p + p", 3));
    assert!(m("h1 + p + p + p", 3) && !m("h1 + p + p + p", 5));
    assert!(m("h1 ~ p", 1) && m("h1 ~ p", 3) && m("h1 ~ p", 5) && !m("h1 ~ h1", 0));
    assert!(m("h1 ~ ul + p", 5) && m("h1 + p ~ p", 5) && !m("h1 + p ~ h1", 5) && m("body > h1 ~ p", 5));
    assert!(m("p ~ p + p ~ ul", 4) && !m("ul ~ p ~ p", 5) && m("h1 ~ p ~ ul ~ p", 5));
    assert!(m("p:last-child", 5) && !m("p:last-child", 3) && m(":first-child", 0) && m("ul:only-of-type", 4));
    assert!(m("p:nth-child(2)", 1) && m("p:nth-child(even)", 3) && m("p:nth-child(odd)", 2) && !m("p:nth-child(odd)", 1));
    assert!(m(":nth-child(-n+2)", 1) && !m(":nth-child(-n+2)", 2) && m(":nth-child(3n)", 5) && m(":nth-last-child(1)", 5));
    assert!(m("p:nth-of-type(2)", 2) && m("p:last-of-type", 5) && m("p:first-of-type", 1) && !m("p:first-of-type", 2));
    assert!(m("p:not(:last-child)", 3) && !m("p:not(:last-child)", 5) && m(":not(p, ul)", 0) && !m(":not(p, ul)", 4));
    assert!(m("p:nth-child( 2n + 1 )", 2) && m(":only-child", 0) == (tags.len() == 1));
    // Specificity: structural pseudo-classes count as classes; `:not()` as its
    // most specific argument.
    let spec = |s: &str| Selector::parse(s).unwrap().specificity();
    assert_eq!(spec("h1 + p ~ p:last-child"), [0, 1, 3]);
    assert_eq!(spec("p:not(#x, .y)"), [1, 0, 1]);
    assert_eq!(spec(":only-child"), [0, 1, 0]);
}

#[test]
fn unknown_siblings_never_match_and_are_noted() {
    // Cells and inline elements have no known place.
    let td = ElInfo::tag("td");
    for sel in ["td:first-child", "td:not(:last-child)", "th + td", "th ~ td", "td:nth-child(2)"] {
        let (mut work, mut memo) = (0, Memo::default());
        let (matched, unknown) =
            Selector::parse(sel).unwrap().matches_memo(&[ElInfo::tag("tr"), td.clone()], &mut work, u64::MAX, &mut memo, 0);
        assert!(!matched && unknown, "{sel}");
    }
    let (matched, unknown) =
        Selector::parse("td").unwrap().matches_memo(std::slice::from_ref(&td), &mut 0, u64::MAX, &mut Memo::default(), 0);
    assert!(matched && !unknown);
}

/// Every placement tried: exponential, but small here.
fn brute(sel: &Selector<'_>, j: usize, el: &ElInfo, stack: &[ElInfo], level: usize) -> bool {
    let mut work = 0;
    let mut cx = Cx { work: &mut work, limit: u64::MAX, memo: None, unknown: false };
    if !sel.parts[j].matches(el, &mut cx) {
        return false;
    }
    let siblings = || std::iter::successors(el.prev.get(), |p| p.prev.get());
    match sel.parts[j].combinator {
        None => true,
        Some(Combinator::Child) => level > 0 && brute(sel, j - 1, &stack[level - 1], stack, level - 1),
        Some(Combinator::Descendant) => (0..level).any(|l| brute(sel, j - 1, &stack[l], stack, l)),
        Some(Combinator::Adjacent) => el.prev.get().is_some_and(|p| brute(sel, j - 1, p, stack, level)),
        Some(Combinator::Sibling) => siblings().any(|p| brute(sel, j - 1, p, stack, level)),
    }
}

#[test]
fn generated_selectors_match_as_trying_every_placement() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let tags = ["a", "b", "c"];
    let mut matched = 0;
    let mut memo = Memo::default();
    for round in 0..20_000 {
        let mut text = String::new();
        for i in 0..1 + rng.below(5) {
            if i > 0 {
                text.push_str(rng.pick(&[" ", " > ", " + ", " ~ ", "+", "~"]));
            }
            text.push_str(rng.pick(&["a", "b", "c", "*"]));
            if rng.below(3) == 0 {
                text.push_str(rng.pick(&[
                    ":first-child",
                    ":last-child",
                    ":nth-child(odd)",
                    ":nth-of-type(2)",
                    ":not(b)",
                    ":not(:first-child)",
                    ".k",
                ]));
            }
        }
        let sel = Selector::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        // A stack of rows of siblings; every element of the top row is tried.
        let mut stack: Vec<ElInfo> = Vec::new();
        for _ in 0..rng.below(5) {
            let n = 1 + rng.below(4);
            let row: Vec<&str> = (0..n).map(|_| rng.pick(&tags)).collect();
            stack.push(at(&row, rng.below(n)));
        }
        let n = 1 + rng.below(6);
        let top: Vec<&str> = (0..n).map(|_| rng.pick(&tags)).collect();
        for i in 0..n {
            let mut s = stack.clone();
            let mut el = at(&top, i);
            if rng.below(4) == 0 {
                el.classes.push("k".into());
            }
            s.push(el);
            let expected = brute(&sel, sel.parts.len() - 1, &s[s.len() - 1], &s, s.len() - 1);
            assert_eq!(sel.matches(&s, &mut 0, u64::MAX), expected, "{text:?} on {s:?}");
            let (with_memo, _) = sel.matches_memo(&s, &mut 0, u64::MAX, &mut memo, round);
            assert_eq!(with_memo, expected, "{text:?} on {s:?} (memo)");
            matched += usize::from(expected);
        }
    }
    assert!(matched > 2000, "{matched}");
}

#[test]
fn a_long_sibling_list_drops_without_recursion() {
    // A million list items: one drop call per node would overflow a small stack.
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let mut prev = Siblings::default();
            for _ in 0..1_000_000 {
                prev = ElInfo { prev: std::mem::take(&mut prev), ..ElInfo::tag("li") }.as_prev();
            }
            drop(prev);
        })
        .expect("thread")
        .join()
        .expect("no overflow");
}

#[test]
fn general_siblings_match_in_linear_work() {
    // `h1 ~ p` over 20,000 paragraphs after one heading: each paragraph would
    // look back to the heading (200 million tests); the memo keeps each search
    // to the siblings not searched before.
    let sel = Selector::parse("h1 ~ p").unwrap();
    let miss = Selector::parse("h2 ~ div ~ p").unwrap();
    let (mut memo, mut work) = (Memo::default(), 0);
    let mut prev = ElInfo::tag("h1").as_prev();
    let parent = ElInfo::tag("body");
    for i in 0..20_000u32 {
        let pos = Some(Position { index: i + 2, count: 20_001, type_index: i + 1, type_count: 20_000 });
        let p = ElInfo { pos, prev: std::mem::take(&mut prev), ..ElInfo::tag("p") };
        let stack = [parent.clone(), p];
        assert!(sel.matches_memo(&stack, &mut work, u64::MAX, &mut memo, 0).0);
        assert!(!miss.matches_memo(&stack, &mut work, u64::MAX, &mut memo, 1).0);
        prev = stack[1].as_prev();
    }
    assert!(work < 200_000, "{work} tests");
}

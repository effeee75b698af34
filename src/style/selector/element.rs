//! What a selector is matched against: an element's place among its siblings and the
//! siblings before it.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

/// Where an element stands among its parent's element children (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Its place among all element siblings (`:nth-child`).
    pub index: u32,
    /// How many element siblings there are, itself included (`:last-child`).
    pub count: u32,
    /// Its place among the siblings with its tag (`:nth-of-type`).
    pub type_index: u32,
    /// How many siblings have its tag, itself included.
    pub type_count: u32,
}

/// The positions of a list of siblings given by their tags; an empty tag (text
/// outside any element) is no element and has none.
pub fn positions(tags: &[&str]) -> Vec<Option<Position>> {
    let lower: Vec<String> = tags.iter().map(|t| t.to_ascii_lowercase()).collect();
    let mut totals: HashMap<&str, u32> = HashMap::new();
    for t in lower.iter().filter(|t| !t.is_empty()) {
        *totals.entry(t).or_default() += 1;
    }
    let count = tags.iter().filter(|t| !t.is_empty()).count() as u32;
    let mut seen: HashMap<&str, u32> = HashMap::new();
    let mut index = 0;
    lower
        .iter()
        .map(|t| {
            if t.is_empty() {
                return None;
            }
            index += 1;
            let n = seen.entry(t).or_default();
            *n += 1;
            Some(Position { index, count, type_index: *n, type_count: totals[t.as_str()] })
        })
        .collect()
}

/// The elements before one among its siblings, nearest first: a shared list, so
/// that each sibling costs one node (dropped without recursion).
#[derive(Debug, Clone, Default)]
pub struct Siblings(pub(in crate::style::selector) Option<Rc<ElInfo>>);

impl Siblings {
    /// The previous sibling.
    pub fn get(&self) -> Option<&ElInfo> {
        self.0.as_deref()
    }

    /// Whether there is none.
    pub fn is_none(&self) -> bool {
        self.0.is_none()
    }
}

impl Drop for Siblings {
    fn drop(&mut self) {
        // A long list would drop one node per call level.
        let mut next = self.0.take();
        while let Some(rc) = next {
            match Rc::try_unwrap(rc) {
                Ok(mut el) => next = el.prev.0.take(),
                Err(_) => break,
            }
        }
    }
}

thread_local! {
    /// The serial number of the next sibling node (a key for the matcher's memo).
    static NEXT_SERIAL: Cell<u64> = const { Cell::new(1) };
}

/// What a selector can see of an element.
#[derive(Debug, Clone, Default)]
pub struct ElInfo {
    /// Tag name.
    pub tag: String,
    /// Id.
    pub id: Option<String>,
    /// Classes.
    pub classes: Vec<String>,
    /// Where it stands among its siblings; `None` where cvpdf does not know (images
    /// and bars inside text; table rows and cells and inline elements when no rule
    /// needs it): structural pseudo-classes and sibling combinators do not match it.
    pub pos: Option<Position>,
    /// The element siblings before it, nearest first (`a + b`, `a ~ b`).
    pub prev: Siblings,
    /// Identifies the element as a node of [`Siblings`] (0: not one; set by
    /// [`ElInfo::as_prev`]).
    pub(in crate::style) serial: u64,
}

impl ElInfo {
    /// An element with this tag and nothing else known.
    pub fn tag(tag: &str) -> Self {
        Self { tag: tag.into(), ..Default::default() }
    }

    /// The siblings before the element after this one: this one, then its own.
    pub fn as_prev(&self) -> Siblings {
        let serial = NEXT_SERIAL.with(|n| {
            let s = n.get();
            n.set(s + 1);
            s
        });
        Siblings(Some(Rc::new(ElInfo { serial, ..self.clone() })))
    }

    /// Whether it is the first of its siblings (`:first-child`).
    pub fn first(&self) -> bool {
        self.pos.is_some_and(|p| p.index == 1)
    }
}

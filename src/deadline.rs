//! The render deadline (`Options::deadline`), seen by every stage on the thread
//! that renders, so that a long loop deep in a stage can stop early (or switch to a
//! cheaper method) without a parameter threaded through every function.
//!
//! [`start`] sets it for the current thread until the returned guard is dropped;
//! [`passed`] tells whether it has passed. Nested starts keep the earlier deadline.
//! The library renders a document on one thread, so a thread-local is enough.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    static UNTIL: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Restores the previous deadline when dropped.
#[must_use = "the deadline holds only while the guard lives"]
pub(crate) struct Guard {
    previous: Option<Instant>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        UNTIL.with(|u| u.set(self.previous));
    }
}

/// Sets a deadline `limit` from now on this thread (none if `limit` is `None`),
/// keeping an earlier deadline already set.
pub(crate) fn start(limit: Option<Duration>) -> Guard {
    let previous = UNTIL.with(Cell::get);
    let new = limit.and_then(|l| Instant::now().checked_add(l));
    let until = match (previous, new) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    UNTIL.with(|u| u.set(until));
    Guard { previous }
}

/// Whether this thread's deadline has passed (never, when none is set).
pub(crate) fn passed() -> bool {
    UNTIL.with(|u| u.get().is_some_and(|t| Instant::now() >= t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_holds_while_its_guard_lives() {
        assert!(!passed());
        {
            let _g = start(Some(Duration::ZERO));
            assert!(passed());
            {
                // A later deadline inside keeps the earlier one.
                let _inner = start(Some(Duration::from_secs(3600)));
                assert!(passed());
            }
            assert!(passed());
        }
        assert!(!passed());
        let _g = start(None);
        assert!(!passed());
    }
}

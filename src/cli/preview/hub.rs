//! The current snapshot, shared between the render thread (which publishes) and
//! the server's threads (which read it, and wait for the next one).

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use super::snapshot::Snapshot;

/// The latest snapshot and a way to wait for a newer one.
pub struct Hub {
    current: Mutex<Arc<Snapshot>>,
    changed: Condvar,
}

impl Hub {
    /// A hub holding the empty snapshot.
    pub fn new() -> Hub {
        Hub { current: Mutex::new(Arc::new(Snapshot::empty())), changed: Condvar::new() }
    }

    fn lock(&self) -> MutexGuard<'_, Arc<Snapshot>> {
        // A snapshot is replaced whole: one left by a panicking thread is still whole.
        self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The latest snapshot.
    pub fn current(&self) -> Arc<Snapshot> {
        self.lock().clone()
    }

    /// Makes `snapshot` the latest and wakes those waiting.
    pub fn publish(&self, snapshot: Snapshot) {
        *self.lock() = Arc::new(snapshot);
        self.changed.notify_all();
    }

    /// The latest snapshot once its version passes `seen`, or `None` after `timeout`.
    pub fn newer(&self, seen: u64, timeout: Duration) -> Option<Arc<Snapshot>> {
        let guard = self.lock();
        let (guard, _) = self.changed.wait_timeout_while(guard, timeout, |s| s.version <= seen).unwrap_or_else(PoisonError::into_inner);
        (guard.version > seen).then(|| guard.clone())
    }
}

//! Cases' pages kept on PostgreSQL, each for as long as its row stays the same version.
//!
//! A case's page is one statement of seven subqueries (storage/nested.rs); on PostgreSQL most
//! of its cost is starting that plan's executor for every run (about 170 µs of the server's CPU
//! against 75 µs for a one-row lookup; docs/scaling.md "Case page"). So a page read once is
//! kept with the case's *mark*, and a later read asks only for the mark: when it is the same,
//! nothing the page shows has changed.
//!
//! The mark is the case row's `xmin` (the transaction that wrote its current version) and the
//! organisations' version (`register_versions`, bumped by trigger on every change to `orgs`,
//! whose names the page shows). Every write to a case's lists — parties, history, sessions,
//! return visits, deadlines, attachments — touches the case row by trigger (migration 0063), so
//! it gets a new `xmin` whichever process wrote. SQLite reads the page in-process for less than
//! the mark would cost over a connection, and keeps nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What a kept page was read at: the case row's `xmin` and the organisations' version.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FileMark {
    pub row_version: String,
    pub names_version: i64,
}

/// Pages kept beyond this many bytes (their lists' JSON, as read) are dropped wholesale: a
/// miss costs one read of the page.
const CAPACITY_BYTES: usize = 16 << 20;

/// Cases kept beyond this are dropped wholesale, however small.
const CAPACITY_CASES: usize = 4096;

pub struct CaseFileCache<T> {
    inner: Mutex<Inner<T>>,
}

struct Inner<T> {
    entries: HashMap<i64, (FileMark, Arc<T>, usize)>,
    bytes: usize,
}

impl<T> Default for CaseFileCache<T> {
    fn default() -> Self {
        CaseFileCache {
            inner: Mutex::new(Inner {
                entries: HashMap::new(),
                bytes: 0,
            }),
        }
    }
}

impl<T> CaseFileCache<T> {
    /// The page of case `id`, if it was kept at `mark`.
    pub fn get(&self, id: i64, mark: &FileMark) -> Option<Arc<T>> {
        self.lock()
            .entries
            .get(&id)
            .filter(|(kept_at, _, _)| kept_at == mark)
            .map(|(_, file, _)| Arc::clone(file))
    }

    /// Keeps the page of case `id` read at `mark`, `bytes` long as read.
    pub fn put(&self, id: i64, mark: FileMark, file: Arc<T>, bytes: usize) {
        let mut inner = self.lock();
        if inner.entries.len() >= CAPACITY_CASES || inner.bytes + bytes > CAPACITY_BYTES {
            inner.entries.clear();
            inner.bytes = 0;
        }
        if bytes > CAPACITY_BYTES {
            return;
        }
        if let Some((_, _, before)) = inner.entries.insert(id, (mark, file, bytes)) {
            inner.bytes -= before;
        }
        inner.bytes += bytes;
    }

    /// Cases kept; never above [`CAPACITY_CASES`].
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<T>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(row: &str, names: i64) -> FileMark {
        FileMark {
            row_version: row.to_owned(),
            names_version: names,
        }
    }

    #[test]
    fn a_page_is_found_only_at_the_mark_it_was_read_at() {
        let cache = CaseFileCache::default();
        cache.put(7, mark("100", 3), Arc::new("第一版"), 10);
        assert_eq!(cache.get(7, &mark("100", 3)).as_deref(), Some(&"第一版"));
        assert!(
            cache.get(7, &mark("101", 3)).is_none(),
            "the case was written"
        );
        assert!(
            cache.get(7, &mark("100", 4)).is_none(),
            "an organisation changed"
        );
        assert!(cache.get(8, &mark("100", 3)).is_none());
        cache.put(7, mark("101", 3), Arc::new("第二版"), 10);
        assert_eq!(cache.get(7, &mark("101", 3)).as_deref(), Some(&"第二版"));
        assert_eq!(cache.len(), 1);
    }

    #[test]
    fn memory_follows_the_limits_not_the_cases_read() {
        let cache = CaseFileCache::default();
        for id in 0..(CAPACITY_CASES as i64 * 3) {
            cache.put(id, mark("1", 1), Arc::new(()), 1);
            assert!(cache.len() <= CAPACITY_CASES);
        }
        let big = CAPACITY_BYTES / 3;
        for id in 0..10 {
            cache.put(id, mark("1", 1), Arc::new(()), big);
            assert!(cache.lock().bytes <= CAPACITY_BYTES);
        }
        cache.put(99, mark("1", 1), Arc::new(()), CAPACITY_BYTES + 1);
        assert!(cache.get(99, &mark("1", 1)).is_none(), "too big to keep");
        assert!(cache.lock().bytes <= CAPACITY_BYTES);
    }
}

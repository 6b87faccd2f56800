//! Counts of filtered lists, kept per database handle and valid for one version of their
//! register (`register_versions`, bumped by a trigger on every write from any process). The
//! smaller registers count through `db::page_with_total`; without this each of their list pages
//! counted the whole filtered set, which at 300,000 records cost a hundred times what it did at
//! 3,000.

use std::collections::HashMap;
use std::sync::Mutex;

/// Entries beyond this are dropped wholesale; a miss costs one count.
const CAPACITY: usize = 1024;
/// Longer keys (a search of many long words) are counted every time rather than stored, so the
/// memory a request can claim here stays bounded.
const MAX_KEY_BYTES: usize = 2048;

/// The registers whose lists are counted once per version (migration 0014 keeps their versions).
pub(crate) const VERSIONED: &[&str] = &["publicity_events", "study_sessions", "law_exams"];

#[derive(Default)]
pub(crate) struct CountCache {
    entries: Mutex<HashMap<String, (i64, i64)>>,
}

impl CountCache {
    pub(crate) fn get(&self, key: &str, version: i64) -> Option<i64> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, n)| *n)
    }

    pub(crate) fn put(&self, key: String, version: i64, count: i64) {
        if key.len() > MAX_KEY_BYTES {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, (version, count));
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_hold_for_one_version_and_stay_bounded() {
        let cache = CountCache::default();
        cache.put("a".into(), 1, 10);
        assert_eq!(cache.get("a", 1), Some(10));
        assert_eq!(cache.get("a", 2), None, "a write makes it stale");
        cache.put("x".repeat(MAX_KEY_BYTES + 1), 1, 3);
        assert_eq!(cache.len(), 1, "an over-long key is not stored");
        for i in 0..CAPACITY * 3 {
            cache.put(format!("k{i}"), 1, 1);
        }
        assert!(cache.len() <= CAPACITY);
    }
}

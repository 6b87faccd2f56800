//! Totals of filtered lists, remembered per (caller's scope, filter) and valid for one version
//! of the register (`register_versions`, bumped by a trigger on every write from any process).
//! Counting 100,000 cases on every list page is what kept the list at a few requests a second;
//! a page now costs a version lookup and a 25-row index scan, and counts stay exact.

use std::collections::HashMap;
use std::sync::Mutex;

/// Entries beyond this are dropped wholesale: filters are few in practice and a miss only costs
/// one count.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub struct TotalsCache<T> {
    entries: Mutex<HashMap<String, (i64, T)>>,
}

impl<T: Clone> TotalsCache<T> {
    /// The totals stored for `key` at `version`, if any.
    pub fn get(&self, key: &str, version: i64) -> Option<T> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, t)| t.clone())
    }

    pub fn put(&self, key: String, version: i64, totals: T) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        entries.insert(key, (version, totals));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_version_invalidates_what_was_stored() {
        let cache = TotalsCache::default();
        cache.put("k".into(), 1, 10);
        assert_eq!(cache.get("k", 1), Some(10));
        assert_eq!(cache.get("k", 2), None);
        assert_eq!(cache.get("other", 1), None);
    }
}

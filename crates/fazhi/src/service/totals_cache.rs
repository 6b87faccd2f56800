//! Totals of filtered lists, remembered per (caller's scope, filter) and valid for one version
//! of the register (`register_versions`, bumped by a trigger on every write from any process).
//! Counting 100,000 cases on every list page is what kept the list at a few requests a second;
//! a page now costs a version lookup and a 25-row index scan, and counts stay exact.
//!
//! A miss is counted once: requests that arrive while the same totals are being counted wait
//! for that count instead of starting sixteen more (which kept the first second after a write
//! at over a second per page).
//!
//! Keys are stored as SHA-256 digests: a filter holds whatever text a caller searched for, and
//! 4,096 long search strings must not pin hundreds of megabytes (issue #12 item 1).

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

type Key = [u8; 32];

fn digest(key: &str) -> Key {
    Sha256::digest(key.as_bytes()).into()
}

/// Entries beyond this are dropped wholesale: filters are few in practice and a miss only costs
/// one count.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub struct TotalsCache<T> {
    entries: Mutex<HashMap<Key, (i64, T)>>,
    /// One gate per key being counted; removed when the count ends, however it ends.
    counting: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

/// Removes a key's gate when its count finishes, fails or is abandoned (the client went away).
struct GateGuard<'a> {
    counting: &'a Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
    key: Key,
}

impl Drop for GateGuard<'_> {
    fn drop(&mut self) {
        self.counting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

impl<T: Clone> TotalsCache<T> {
    /// The totals for `key` at `version`: stored ones, or counted by `count` (once, however
    /// many callers ask at the same time) and stored.
    pub async fn get_or_count<E, Fut>(
        &self,
        key: String,
        version: i64,
        count: impl FnOnce() -> Fut,
    ) -> Result<T, E>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        let key = digest(&key);
        if let Some(totals) = self.get_digest(&key, version) {
            return Ok(totals);
        }
        let gate = {
            let mut counting = self.counting.lock().unwrap_or_else(|e| e.into_inner());
            counting.entry(key).or_default().clone()
        };
        let _turn = gate.lock().await;
        if let Some(totals) = self.get_digest(&key, version) {
            return Ok(totals);
        }
        // Later callers find the stored totals; those already waiting hold their own handle.
        let _gate = GateGuard {
            counting: &self.counting,
            key,
        };
        let totals = count().await?;
        self.put_digest(key, version, totals.clone());
        Ok(totals)
    }

    /// The totals stored for `key` at `version`, if any.
    pub fn get(&self, key: &str, version: i64) -> Option<T> {
        self.get_digest(&digest(key), version)
    }

    pub fn put(&self, key: String, version: i64, totals: T) {
        self.put_digest(digest(&key), version, totals);
    }

    /// Gates held for counts in progress; none once every count has ended.
    pub fn counting_len(&self) -> usize {
        self.counting
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    fn get_digest(&self, key: &Key, version: i64) -> Option<T> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(key)
            .filter(|(v, _)| *v == version)
            .map(|(_, t)| t.clone())
    }

    fn put_digest(&self, key: Key, version: i64, totals: T) {
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

    #[tokio::test]
    async fn callers_arriving_together_share_one_count() {
        let cache = Arc::new(TotalsCache::default());
        let counts = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let callers = (0..8).map(|_| {
            let (cache, counts) = (cache.clone(), counts.clone());
            tokio::spawn(async move {
                cache
                    .get_or_count("k".into(), 1, || async {
                        counts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                        Ok::<_, ()>(42)
                    })
                    .await
            })
        });
        for caller in callers.collect::<Vec<_>>() {
            assert_eq!(caller.await.unwrap(), Ok(42));
        }
        assert_eq!(counts.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert_eq!(cache.counting_len(), 0);
    }

    /// A failed count used to leave its gate behind for good: one per distinct failing filter.
    #[tokio::test]
    async fn a_failed_count_leaves_no_gate_behind() {
        let cache = TotalsCache::<i64>::default();
        let got = cache
            .get_or_count("k".into(), 1, || async { Err::<i64, _>("down") })
            .await;
        assert_eq!(got, Err("down"));
        assert_eq!(cache.counting_len(), 0);
    }
}

//! The public portal's page cache: rendered pages kept in memory per URL, each tagged with the
//! portal generation it was rendered in. Any staff write bumps the generation (the web layer
//! does, `web::portal_cache`), so a publish shows at once; an entry also expires after
//! [`MAX_AGE`], since a command-line import writes from another process. Bounded in entries
//! and in page size, so a crawler asking for endless query strings cannot grow it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// How long a browser or proxy, and this cache, may reuse a page (`Cache-Control: max-age`).
pub const MAX_AGE: Duration = Duration::from_secs(60);
/// Pages kept at most; a full cache is emptied and fills again with what is asked for.
pub const MAX_ENTRIES: usize = 1_024;
/// Larger pages (a long report) are served uncached.
pub const MAX_BODY: usize = 1024 * 1024;

/// A cached page.
pub struct Entry {
    pub generation: u64,
    pub stored: Instant,
    /// The strong validator: a hash of the body, quoted (`"…"`).
    pub etag: String,
    pub content_type: String,
    pub body: axum::body::Bytes,
}

#[derive(Default)]
pub struct PortalCache {
    generation: AtomicU64,
    entries: RwLock<HashMap<String, Arc<Entry>>>,
}

impl PortalCache {
    /// The generation now: read before rendering, so a write during the rendering leaves the
    /// page stored already stale.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Something the portal shows may have changed: every cached page is stale.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The page cached for `key`, if still current.
    pub fn get(&self, key: &str) -> Option<Arc<Entry>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let e = entries.get(key)?;
        (e.generation == self.generation() && e.stored.elapsed() < MAX_AGE).then(|| e.clone())
    }

    /// Keeps a page rendered in `generation`; answers its entry (with its ETag).
    pub fn put(
        &self,
        key: String,
        generation: u64,
        content_type: String,
        body: axum::body::Bytes,
    ) -> Arc<Entry> {
        let entry = Arc::new(Entry {
            generation,
            stored: Instant::now(),
            etag: etag_of(&body),
            content_type,
            body,
        });
        if entry.body.len() <= MAX_BODY && key.len() <= 1_024 {
            let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(key, entry.clone());
        }
        entry
    }
}

/// A strong ETag of `body`: the first 16 bytes of its SHA-256, in hex.
pub fn etag_of(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-None-Match` header value names `etag` (or is `*`).
pub fn matches(if_none_match: &str, etag: &str) -> bool {
    if_none_match
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bump_makes_every_page_stale_and_the_cache_stays_bounded() {
        let c = PortalCache::default();
        let g = c.generation();
        c.put("/public/".into(), g, "text/html".into(), "a".into());
        assert!(c.get("/public/").is_some());
        c.bump();
        assert!(c.get("/public/").is_none());
        for i in 0..MAX_ENTRIES + 5 {
            c.put(
                format!("/public/?p={i}"),
                c.generation(),
                "text/html".into(),
                "b".into(),
            );
        }
        assert!(c.entries.read().unwrap().len() <= MAX_ENTRIES);
        let e = c.put("/x".into(), c.generation(), "text/html".into(), "b".into());
        assert!(matches(&format!("W/{}, \"zz\"", e.etag), &e.etag));
        assert!(!matches("\"zz\"", &e.etag));
    }
}

//! Signed-in sessions remembered for a few seconds, so that a burst of requests with one token
//! costs one lookup instead of one per request. Sign-outs and password changes in this process
//! forget everything at once; one made by another process (another server on the same
//! PostgreSQL, or the command line) takes effect here within [`TTL`].

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::storage::sessions::{SessionKind, SessionUser};

/// How long a looked-up session is trusted without asking the database again.
pub const TTL: Duration = Duration::from_secs(5);

/// Entries beyond this are dropped wholesale: signed-in users are few; a miss costs one lookup.
const CAPACITY: usize = 4096;

#[derive(Default)]
pub struct SessionCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<(String, SessionKind), (Instant, SessionUser)>,
    /// Bumped by every [`SessionCache::forget_all`], so that a lookup that raced a sign-out
    /// cannot put the signed-out session back.
    generation: u64,
}

impl SessionCache {
    /// The session behind this token hash, if it was looked up less than [`TTL`] ago.
    pub fn get(&self, token_hash: &str, kind: SessionKind, now: Instant) -> Option<SessionUser> {
        self.lock()
            .entries
            .get(&(token_hash.to_owned(), kind))
            .filter(|(at, _)| now.saturating_duration_since(*at) < TTL)
            .map(|(_, user)| user.clone())
    }

    /// Taken before looking a session up in the database, and handed back to [`Self::put`].
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Remembers a session looked up at `generation`, unless everything was forgotten since.
    pub fn put(
        &self,
        generation: u64,
        token_hash: String,
        kind: SessionKind,
        user: SessionUser,
        now: Instant,
    ) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if inner.entries.len() >= CAPACITY {
            inner.entries.clear();
        }
        inner.entries.insert((token_hash, kind), (now, user));
    }

    /// Forgets every session: after a sign-out or a password change, which are rare enough
    /// that working out which entries they touch is not worth it.
    pub fn forget_all(&self) {
        let mut inner = self.lock();
        inner.entries.clear();
        inner.generation += 1;
    }

    /// Sessions held; never above [`CAPACITY`].
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> SessionUser {
        SessionUser {
            session_id: 1,
            csrf_token: "c".into(),
            user_id: 2,
            username: "u".into(),
            display_name: "用户".into(),
            role: "staff".into(),
            must_change_password: false,
            org_id: 3,
            org_name: "镇".into(),
            org_path: "/3/".into(),
            org_kind: "town".into(),
            org_code: "T".into(),
            org_region: None,
            org_town_id: Some(1),
        }
    }

    #[test]
    fn a_session_is_remembered_for_its_ttl_and_per_kind() {
        let cache = SessionCache::default();
        let t0 = Instant::now();
        cache.put(cache.generation(), "h".into(), SessionKind::Api, user(), t0);
        assert_eq!(
            cache.get("h", SessionKind::Api, t0).map(|u| u.user_id),
            Some(2)
        );
        assert!(cache.get("h", SessionKind::Browser, t0).is_none());
        assert!(cache.get("h", SessionKind::Api, t0 + TTL).is_none());
    }

    /// Issue #12 item 1: however many tokens are presented, the cache stays bounded.
    #[test]
    fn the_cache_stays_bounded() {
        let cache = SessionCache::default();
        let t0 = Instant::now();
        for i in 0..CAPACITY * 2 + 5 {
            cache.put(
                cache.generation(),
                format!("{i:064}"),
                SessionKind::Api,
                user(),
                t0,
            );
        }
        assert!(cache.len() <= CAPACITY, "{}", cache.len());
    }

    #[test]
    fn forgetting_drops_every_session() {
        let cache = SessionCache::default();
        let t0 = Instant::now();
        let generation = cache.generation();
        cache.put(generation, "h".into(), SessionKind::Api, user(), t0);
        cache.forget_all();
        assert!(cache.get("h", SessionKind::Api, t0).is_none());
        // A lookup that started before the sign-out does not bring the session back.
        cache.put(generation, "h".into(), SessionKind::Api, user(), t0);
        assert!(cache.get("h", SessionKind::Api, t0).is_none());
    }
}

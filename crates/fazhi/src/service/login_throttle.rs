//! Sign-in throttling (issue #12 items 1 and 11).
//!
//! Wrong passwords are counted per (username, client address): after [`FREE_FAILURES`] of them
//! that pair waits [`FIRST_WAIT`], doubling with every further one up to [`MAX_WAIT`]. Nobody is
//! locked out: the right password from another address signs in at once, and a success clears
//! the streak. Each address may also fail [`ADDR_FAILURES_PER_MINUTE`] times a minute over all
//! usernames, against password spraying.
//!
//! Anyone can reach the login without signing in, so nothing here may grow with what they send:
//! keys are SHA-256 digests of the (length-capped) username and address, and each map holds at
//! most [`CAPACITY`] entries, the stale ones pruned first and then the least recently touched.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// Wrong passwords one (username, address) may send before waiting begins.
pub const FREE_FAILURES: u32 = 5;
/// The first wait; it doubles with each further wrong password.
pub const FIRST_WAIT: Duration = Duration::from_secs(2);
/// The longest wait between two attempts.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// A streak is forgotten this long after its last wrong password.
pub const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// Wrong passwords one address may send per minute, whatever the usernames.
pub const ADDR_FAILURES_PER_MINUTE: u32 = 60;
/// Entries per map: 10,000 × ~80 bytes is under a megabyte, and far more than the people
/// signing in wrongly within an hour.
pub const CAPACITY: usize = 10_000;

const MINUTE: Duration = Duration::from_secs(60);

type Key = [u8; 32];

struct Entry {
    /// Wrong passwords in the streak (pairs) or in the minute starting at `since` (addresses).
    failures: u32,
    /// The last wrong password (pairs) or the start of the minute (addresses).
    since: Instant,
    /// When the entry was last touched, for evicting the least recently used.
    touched: u64,
}

#[derive(Default)]
pub struct LoginThrottle {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    pairs: HashMap<Key, Entry>,
    addrs: HashMap<Key, Entry>,
    clock: u64,
}

/// How long to wait after `failures` wrong passwords in a row; `None` while still free.
pub fn wait_after(failures: u32) -> Option<Duration> {
    let over = failures.checked_sub(FREE_FAILURES)?;
    let factor = 1u32 << over.min(16);
    Some((FIRST_WAIT * factor).min(MAX_WAIT))
}

impl LoginThrottle {
    /// `Err(wait)` when an attempt for `username` from `addr` must wait that long first.
    pub fn check(&self, username: &str, addr: &str, now: Instant) -> Result<(), Duration> {
        let inner = self.lock();
        if let Some(e) = inner.addrs.get(&addr_key(addr)) {
            let end = e.since + MINUTE;
            if e.failures >= ADDR_FAILURES_PER_MINUTE && now < end {
                return Err(end - now);
            }
        }
        if let Some(e) = inner.pairs.get(&pair_key(username, addr)) {
            if let Some(wait) = wait_after(e.failures) {
                let end = e.since + wait;
                if now < end {
                    return Err(end - now);
                }
            }
        }
        Ok(())
    }

    /// Counts a wrong password for `username` from `addr`.
    pub fn record_failure(&self, username: &str, addr: &str, now: Instant) {
        let mut inner = self.lock();
        inner.clock += 1;
        let touched = inner.clock;
        let inner = &mut *inner;
        // A pair's back-off runs from its latest failure; an address's minute from its first.
        count_failure(
            &mut inner.pairs,
            pair_key(username, addr),
            now,
            touched,
            FORGET_AFTER,
            true,
        );
        count_failure(
            &mut inner.addrs,
            addr_key(addr),
            now,
            touched,
            MINUTE,
            false,
        );
    }

    /// Clears the streak of `username` from `addr` after the right password.
    pub fn record_success(&self, username: &str, addr: &str) {
        self.lock().pairs.remove(&pair_key(username, addr));
    }

    /// Entries held in all, for tests and the memory bench.
    pub fn len(&self) -> usize {
        let inner = self.lock();
        inner.pairs.len() + inner.addrs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Before a new key goes into a full map: drop the stale entries, and if that is not enough,
/// the least recently touched one. Only a full map pays for the scan.
/// Counts one failure under `key`: an entry older than `expiry` starts again from zero, and
/// `sliding` moves its start to `now` on every failure.
fn count_failure(
    map: &mut HashMap<Key, Entry>,
    key: Key,
    now: Instant,
    touched: u64,
    expiry: Duration,
    sliding: bool,
) {
    let expired = |e: &Entry| now.saturating_duration_since(e.since) >= expiry;
    if !map.contains_key(&key) {
        make_room(map, expired);
    }
    let entry = map.entry(key).or_insert(Entry {
        failures: 0,
        since: now,
        touched,
    });
    if expired(entry) {
        entry.failures = 0;
        entry.since = now;
    }
    if sliding {
        entry.since = now;
    }
    entry.failures = entry.failures.saturating_add(1);
    entry.touched = touched;
}

fn make_room(map: &mut HashMap<Key, Entry>, stale: impl Fn(&Entry) -> bool) {
    if map.len() < CAPACITY {
        return;
    }
    map.retain(|_, e| !stale(e));
    if map.len() >= CAPACITY {
        if let Some(oldest) = map.iter().min_by_key(|(_, e)| e.touched).map(|(k, _)| *k) {
            map.remove(&oldest);
        }
    }
}

fn pair_key(username: &str, addr: &str) -> Key {
    let mut h = Sha256::new();
    h.update(b"pair\0");
    h.update(username.to_lowercase().as_bytes());
    h.update(b"\0");
    h.update(addr.as_bytes());
    h.finalize().into()
}

fn addr_key(addr: &str) -> Key {
    let mut h = Sha256::new();
    h.update(b"addr\0");
    h.update(addr.as_bytes());
    h.finalize().into()
}

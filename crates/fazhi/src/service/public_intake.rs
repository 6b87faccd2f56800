//! What the portal's no-account intakes share (依申请公开 requests and 信访 complaints): the
//! tracking code read out over the phone, the per-address throttle, and the status lookup that
//! answers the same 404 after the same password check for any wrong code–password pair.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::app::App;
use crate::auth;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::portal;

/// A verifier for unknown codes, so that a wrong code costs as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Zt4q3iXbQnJ2v6c3Qf1Vq2n3J4cN0sXf2m9Yk8Rr7aA";

/// The longest code or password the status query reads.
const MAX_CREDENTIAL: usize = 64;

/// A tracking code people can read out: `prefix` and ten characters without 0/O, 1/I/L.
pub fn tracking_code_with(prefix: &str) -> String {
    let password = auth::generate_password().to_uppercase();
    let code: String = password
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() && !matches!(c, 'O' | 'I' | 'L'))
        .take(10)
        .collect();
    format!("{prefix}{code}")
}

/// Refuses a burst of portal submissions from one address (see `App::portal_throttle`).
pub fn throttled(wait: Duration) -> AppError {
    AppError::new(
        ErrorKind::TooManyRequests,
        "too_many_requests",
        format!(
            "提交过于频繁，请 {} 秒后再试；如需帮助，请拨打政务公开咨询电话",
            wait.as_secs().max(1)
        ),
    )
}

/// Counts one submission against `who` under `key`, a refused one too: a flood waits longer
/// and longer while other addresses are not slowed (the throttle's maps are bounded).
pub fn count_submission(app: &App, key: &str, who: &str) -> AppResult<()> {
    let now = Instant::now();
    app.portal_throttle
        .check(key, who, now)
        .map_err(throttled)?;
    app.portal_throttle.record_failure(key, who, now);
    Ok(())
}

/// A status lookup from `addr`, throttled under `key`: only failed lookups count.
pub async fn throttled_status<T>(
    app: &App,
    key: &str,
    addr: &str,
    lookup: impl Future<Output = AppResult<T>>,
) -> AppResult<T> {
    let now = Instant::now();
    app.portal_throttle
        .check(key, addr, now)
        .map_err(throttled)?;
    let result = lookup.await;
    if result.is_err() {
        app.portal_throttle.record_failure(key, addr, now);
    }
    result
}

/// The id of the submission in `table` that `code` and `password` open; 404 for any wrong pair,
/// after the same password check whether or not the code exists.
pub async fn opened_id(
    app: &App,
    table: &'static str,
    code: &str,
    password: &str,
) -> AppResult<i64> {
    let code = code.trim().to_uppercase();
    if code.len() > MAX_CREDENTIAL || password.len() > MAX_CREDENTIAL {
        return Err(AppError::not_found());
    }
    let found = portal::credentials(&app.db, table, &code).await?;
    let hash = found
        .as_ref()
        .map_or(DUMMY_HASH.to_owned(), |(_, hash)| hash.clone());
    let pw = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&pw, &hash)).await?;
    found
        .filter(|_| ok)
        .map(|(id, _)| id)
        .ok_or_else(AppError::not_found)
}

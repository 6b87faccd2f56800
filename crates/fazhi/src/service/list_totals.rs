//! The totals of a register's filtered list, counted once per version of the register and
//! then served from memory (see `totals_cache`): a list page then costs the same at 300,000
//! records as at 300 — a version lookup and one page read from the date index.

use std::future::Future;

use crate::error::AppResult;
use crate::storage::{db::register_version, Db, Scope, StorageError};

use super::totals_cache::TotalsCache;

/// The totals of `filter` (anything `Debug`) in `scope`, from `cache` while `register` has not
/// changed, otherwise counted by `count`.
pub async fn cached<T, Fut>(
    db: &Db,
    cache: &TotalsCache<T>,
    register: &str,
    scope: &Scope,
    filter: &impl std::fmt::Debug,
    count: impl FnOnce() -> Fut,
) -> AppResult<T>
where
    T: Clone,
    Fut: Future<Output = Result<T, StorageError>>,
{
    let version = register_version(db, register).await?;
    let key = format!("{scope:?}|{filter:?}");
    Ok(cache.get_or_count(key, version, count).await?)
}

/// Whether a page starting at `offset` can hold any of `total` records; a page past the last
/// match is not read at all.
pub fn page_has_rows(offset: i64, total: i64) -> bool {
    offset < total
}

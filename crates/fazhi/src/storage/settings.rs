//! Small key/value settings (e.g. whether first-run set-up has happened).

use super::{db::On, Query, StorageError};

pub async fn get<'a>(on: impl Into<On<'a>>, key: &str) -> Result<Option<String>, StorageError> {
    Query::new("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_scalars::<String>(on)
        .await
        .map(|v| v.into_iter().next())
}

pub async fn set<'a>(on: impl Into<On<'a>>, key: &str, value: &str) -> Result<(), StorageError> {
    Query::new(
        "INSERT INTO settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(on)
    .await?;
    Ok(())
}

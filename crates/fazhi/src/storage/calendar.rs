//! Calendar files as loaded, in load order (a later file's record for a date wins).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::{db::On, Query, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CalendarFileRow {
    pub id: i64,
    /// `None` for a national schedule, e.g. `新疆` for an overlay.
    pub region: Option<String>,
    pub title: String,
    #[serde(skip)]
    pub content: String,
    pub loaded_at: DateTime<Utc>,
    pub loaded_by: String,
}

pub async fn all<'a>(on: impl Into<On<'a>>) -> Result<Vec<CalendarFileRow>, StorageError> {
    Query::new(
        "SELECT id, region, title, content, loaded_at, loaded_by FROM calendar_files ORDER BY id",
    )
    .fetch_all(on)
    .await
}

pub async fn insert(
    tx: &mut Tx,
    actor: &Actor,
    region: Option<&str>,
    title: &str,
    content: &str,
) -> Result<i64, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO calendar_files (region, title, content, loaded_at, loaded_by) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(region)
    .bind(title)
    .bind(content)
    .bind(crate::clock::now())
    .bind(actor.name.as_str())
    .fetch_scalar(&mut *tx)
    .await?;
    audit::record(
        tx,
        actor,
        Change::new("load", "calendar_file", id).after(&serde_json::json!({
            "region": region, "title": title, "bytes": content.len(),
        })),
    )
    .await?;
    Ok(id)
}

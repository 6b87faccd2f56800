//! Calendar files as loaded, in load order (a later file's record for a date wins).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::audit::{Actor, Change};
use super::case_lists::insert_logged;
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
    let row = vec![
        ("region", region.into()),
        ("title", title.into()),
        ("content", content.into()),
        ("loaded_at", crate::clock::now().into()),
        ("loaded_by", actor.name.as_str().into()),
    ];
    let after = serde_json::json!({
        "region": region, "title": title, "bytes": content.len(),
    });
    insert_logged(tx, actor, "calendar_files", row, |id| {
        Change::new("load", "calendar_file", id).after(&after)
    })
    .await
}

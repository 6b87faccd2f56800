//! Attachments of any register's records (photos, scans, audio): the rows that point at files
//! stored by content hash; the files themselves are written by `service::attachments`.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::{db::On, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, serde::Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Attachment {
    pub id: i64,
    pub org_id: i64,
    pub entity: String,
    pub entity_id: i64,
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

pub struct NewAttachment<'a> {
    pub org_id: i64,
    pub entity: &'a str,
    pub entity_id: i64,
    pub sha256: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
}

pub const COLUMNS: &str = "id, org_id, entity, entity_id, sha256, file_name, content_type, \
     size_bytes, uploaded_by, uploaded_at";

pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    a: NewAttachment<'_>,
) -> Result<Attachment, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO attachments (org_id, entity, entity_id, sha256, file_name, content_type, \
         size_bytes, uploaded_by, uploaded_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
    )
    .bind(a.org_id)
    .bind(a.entity)
    .bind(a.entity_id)
    .bind(a.sha256)
    .bind(a.file_name)
    .bind(a.content_type)
    .bind(a.size_bytes)
    .bind(actor.name.as_str())
    .bind(crate::clock::now())
    .fetch_scalar(&mut *tx)
    .await?;
    let row = get_in(&mut *tx, &Scope::everything(), id).await?;
    audit::record(
        tx,
        actor,
        Change::new("attach", a.entity, a.entity_id)
            .org(a.org_id)
            .after(&row),
    )
    .await?;
    Ok(row)
}

/// An attachment, if its record's organisation lies within `scope`.
pub async fn get_in<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<Attachment, StorageError> {
    let mut q = Query::new(format!("SELECT {COLUMNS} FROM attachments WHERE id = $1")).bind(id);
    scope.restrict(&mut q, "org_id");
    q.fetch_one(on).await
}

/// The attachments of one record, oldest first.
pub async fn list_for<'a>(
    on: impl Into<On<'a>>,
    entity: &str,
    entity_id: i64,
) -> Result<Vec<Attachment>, StorageError> {
    Query::new(format!(
        "SELECT {COLUMNS} FROM attachments WHERE entity = $1 AND entity_id = $2 ORDER BY id"
    ))
    .bind(entity)
    .bind(entity_id)
    .fetch_all(on)
    .await
}

//! What the public portal reads and its one table of its own: each organisation's portal
//! profile (address, office hours, phones, the leader responsible for 政务公开, the disclosure
//! guide), the 普法 news (valid publicity events with their first photo) and the check that a
//! photo may be shown to the public.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::attachments::Attachment;
use super::audit::{self, Actor, Change};
use super::{records, Db, Query, Scope, StorageError, Tx};

/// An organisation's portal profile, as stored.
#[derive(Clone, Debug, Default, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// 办公地址
    pub address: String,
    /// 办公时间
    pub office_hours: String,
    /// 联系电话 (several, one a line)
    pub phones: String,
    /// 分管政务公开工作的负责人
    pub disclosure_leader: String,
    /// 政府信息公开指南 (政府信息公开条例 第十二条)
    pub guide: String,
}

pub async fn profile(db: &Db, org_id: i64) -> Result<Option<Profile>, StorageError> {
    Query::new(
        "SELECT address, office_hours, phones, disclosure_leader, guide FROM portal_profiles \
         WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_optional(db)
    .await
}

/// Writes `org_id`'s profile and logs it with what it replaced.
pub async fn save_profile(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    before: Option<&Profile>,
    p: &Profile,
) -> Result<(), StorageError> {
    let now = crate::clock::now();
    Query::new(
        "INSERT INTO portal_profiles (org_id, address, office_hours, phones, disclosure_leader, \
         guide, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (org_id) DO UPDATE SET address = excluded.address, \
         office_hours = excluded.office_hours, phones = excluded.phones, \
         disclosure_leader = excluded.disclosure_leader, guide = excluded.guide, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(org_id)
    .bind(p.address.as_str())
    .bind(p.office_hours.as_str())
    .bind(p.phones.as_str())
    .bind(p.disclosure_leader.as_str())
    .bind(p.guide.as_str())
    .bind(now)
    .bind(actor.user_id)
    .execute(&mut *tx)
    .await?;
    let mut change = Change::new("update", "portal_profile", org_id)
        .org(org_id)
        .after(p);
    if let Some(b) = before {
        change = change.before(b);
    }
    audit::record(tx, actor, change).await
}

/// A 普法 news item: a valid publicity event and its first photo, if any.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct NewsRow {
    pub id: i64,
    pub org_name: String,
    pub held_on: NaiveDate,
    pub name: String,
    pub themes: String,
    pub form: Option<String>,
    pub beneficiaries: i64,
    pub created_at: DateTime<Utc>,
    pub photo_id: Option<i64>,
}

/// The newest `limit` valid publicity events of `scope`.
pub async fn news(db: &Db, scope: &Scope, limit: i64) -> Result<Vec<NewsRow>, StorageError> {
    let mut q = Query::new(
        "SELECT e.id, o.name AS org_name, e.held_on, e.name, e.themes, e.form, e.beneficiaries, \
         e.created_at, (SELECT MIN(a.id) FROM attachments a WHERE a.entity = 'publicity_event' \
         AND a.entity_id = e.id AND a.content_type LIKE 'image/%') AS photo_id \
         FROM publicity_events e JOIN orgs o ON o.id = e.org_id",
    );
    q.append(&records::listed("e", false));
    scope.restrict(&mut q, "e.org_id");
    q.push(" ORDER BY e.held_on DESC, e.id DESC LIMIT ")
        .push_bind(limit);
    q.fetch_all(db).await
}

/// Photo `id` if it is an image of a valid publicity event in `scope`: what the portal may show.
pub async fn news_photo(db: &Db, scope: &Scope, id: i64) -> Result<Attachment, StorageError> {
    let mut q = Query::new(
        "SELECT a.id, a.org_id, a.entity, a.entity_id, a.sha256, a.file_name, a.content_type, \
         a.size_bytes, a.uploaded_by, a.uploaded_at FROM attachments a \
         JOIN publicity_events e ON e.id = a.entity_id WHERE a.id = $1 \
         AND a.entity = 'publicity_event' AND a.content_type LIKE 'image/%' \
         AND e.withdrawn_at IS NULL",
    )
    .bind(id);
    scope.restrict(&mut q, "e.org_id");
    q.fetch_one(db).await
}

/// The id and query-password hash of the portal submission with tracking code `code` in
/// `table` (a register with `tracking_code` and `password_hash` columns).
pub async fn credentials(
    db: &Db,
    table: &'static str,
    code: &str,
) -> Result<Option<(i64, String)>, StorageError> {
    let mut q = Query::new(format!(
        "SELECT id, password_hash FROM {table} \
         WHERE password_hash IS NOT NULL AND tracking_code = "
    ));
    q.push_bind(code);
    q.fetch_optional(db).await
}

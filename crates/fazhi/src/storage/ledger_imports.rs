//! Ledger profiles (an organisation's own headers mapped onto a ledger's columns) and the files
//! imported, by SHA-256 (migration 0028).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor, Change};
use super::case_lists::insert_logged;
use super::db::On;
use super::{Db, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct ProfileRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub ledger: String,
    pub name: String,
    /// JSON: `[{"header", "column", "split"}]`.
    pub mapping: String,
    pub saved_at: DateTime<Utc>,
}

const PROFILE: &str = "SELECT p.id, p.org_id, o.name AS org_name, p.ledger, p.name, p.mapping, \
                       p.saved_at FROM ledger_profiles p JOIN orgs o ON o.id = p.org_id \
                       WHERE p.ledger = $1 AND $2 LIKE (o.path || '%')";

/// The profile an import into the organisation at `org_path` uses: the one named `name`, else
/// the last saved; the organisation's own before its town's or county's.
pub async fn profile_for<'a>(
    on: impl Into<On<'a>>,
    ledger: &str,
    org_path: &str,
    name: Option<&str>,
) -> Result<Option<ProfileRow>, StorageError> {
    let mut q = Query::new(PROFILE).bind(ledger).bind(org_path);
    if let Some(name) = name {
        q.push(" AND p.name = ").push_bind(name);
    }
    q.push(" ORDER BY LENGTH(o.path) DESC, p.saved_at DESC, p.id DESC")
        .limit(1, 0);
    q.fetch_optional(on).await
}

/// Every profile of `ledger` an import into the organisation at `org_path` may use.
pub async fn profiles_for(
    db: &Db,
    ledger: &str,
    org_path: &str,
) -> Result<Vec<ProfileRow>, StorageError> {
    let mut q = Query::new(PROFILE).bind(ledger).bind(org_path);
    q.push(" ORDER BY LENGTH(o.path) DESC, p.name");
    q.fetch_all(db).await
}

/// Saves (or replaces) `org_id`'s profile `name` of `ledger`, audited in the same transaction
/// as `save_profile` with the mapping before and after.
pub async fn save_profile(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    org_path: &str,
    ledger: &str,
    name: &str,
    mapping: &serde_json::Value,
) -> Result<i64, StorageError> {
    let old = profile_for(&mut *tx, ledger, org_path, Some(name))
        .await?
        .filter(|p| p.org_id == org_id);
    let text = mapping.to_string();
    let now = crate::clock::now();
    match old {
        Some(old) => {
            Query::new("UPDATE ledger_profiles SET mapping = $1, saved_at = $2, saved_by = $3 WHERE id = $4")
                .bind(text.as_str())
                .bind(now)
                .bind(actor.user_id)
                .bind(old.id)
                .execute(&mut *tx)
                .await?;
            let before: serde_json::Value = serde_json::from_str(&old.mapping).unwrap_or_default();
            let change = Change::new("save_profile", "ledger_profile", old.id)
                .org(org_id)
                .before(&serde_json::json!({ "ledger": ledger, "name": name, "mapping": before }))
                .after(&serde_json::json!({ "ledger": ledger, "name": name, "mapping": mapping }));
            audit::record(tx, actor, change).await?;
            Ok(old.id)
        }
        None => {
            let row = vec![
                ("org_id", org_id.into()),
                ("ledger", ledger.into()),
                ("name", name.into()),
                ("mapping", text.as_str().into()),
                ("saved_at", now.into()),
                ("saved_by", actor.user_id.into()),
            ];
            insert_logged(tx, actor, "ledger_profiles", row, |id| {
                Change::new("save_profile", "ledger_profile", id)
                    .org(org_id)
                    .after(
                        &serde_json::json!({ "ledger": ledger, "name": name, "mapping": mapping }),
                    )
            })
            .await
        }
    }
}

/// A file imported before.
#[derive(Clone, Debug, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ImportedFile {
    pub org_name: String,
    pub file_name: String,
    pub rows_imported: i64,
    pub imported_at: DateTime<Utc>,
    pub imported_by_name: String,
}

/// The imports of the file with this SHA-256 into `ledger` within `scope`, newest first.
pub async fn imported_before(
    db: &Db,
    scope: &Scope,
    ledger: &str,
    sha256: &str,
) -> Result<Vec<ImportedFile>, StorageError> {
    let mut q = Query::new(
        "SELECT o.name AS org_name, i.file_name, i.rows_imported, i.imported_at, \
         i.imported_by_name FROM ledger_imports i JOIN orgs o ON o.id = i.org_id \
         WHERE i.ledger = $1 AND i.sha256 = $2",
    )
    .bind(ledger)
    .bind(sha256);
    scope.restrict(&mut q, "i.org_id");
    q.push(" ORDER BY i.imported_at DESC, i.id DESC")
        .limit(20, 0);
    q.fetch_all(db).await
}

/// Records an imported file, audited as `record_file`.
pub async fn record_import(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    ledger: &str,
    sha256: &str,
    file_name: &str,
    rows: i64,
) -> Result<i64, StorageError> {
    let row = vec![
        ("org_id", org_id.into()),
        ("ledger", ledger.into()),
        ("sha256", sha256.into()),
        ("file_name", file_name.into()),
        ("rows_imported", rows.into()),
        ("imported_at", crate::clock::now().into()),
        ("imported_by", actor.user_id.into()),
        ("imported_by_name", actor.name.as_str().into()),
    ];
    insert_logged(tx, actor, "ledger_imports", row, |id| {
        Change::new("record_file", "ledger_import", id)
            .org(org_id)
            .after(&serde_json::json!({
                "ledger": ledger, "sha256": sha256, "file_name": file_name, "rows": rows
            }))
    })
    .await
}

/// The registers whose 备注 column came with migration 0028 (publicity events and study
/// sessions keep theirs in `notes`).
const REMARKS_TABLES: [&str; 5] = [
    "disputes",
    "consultations",
    "legal_aid_referrals",
    "law_exams",
    "trainings",
];

/// Sets the 备注 of record `id` of `table`, imported in the same transaction (its creation
/// is audited with the import).
pub async fn set_remarks(
    tx: &mut Tx,
    table: &'static str,
    id: i64,
    remarks: &str,
) -> Result<(), StorageError> {
    debug_assert!(REMARKS_TABLES.contains(&table));
    Query::new(format!("UPDATE {table} SET remarks = $1 WHERE id = $2"))
        .bind(remarks)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// The 备注 of record `id` of `table`, if any (a record's page and the tests read it).
pub async fn remarks(
    db: &Db,
    table: &'static str,
    id: i64,
) -> Result<Option<String>, StorageError> {
    debug_assert!(REMARKS_TABLES.contains(&table));
    Query::new(format!("SELECT remarks FROM {table} WHERE id = $1"))
        .bind(id)
        .fetch_scalar::<Option<String>>(db)
        .await
}

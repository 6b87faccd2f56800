//! The clean-up campaigns table and their documents: rows with their counts by result, the
//! filtered list, one campaign, the documents in its scope with their results, the published
//! campaigns the portal shows, and the year's results for the figures (the register kit claims
//! versions and logs edits).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::storage::records::{self, Columns, Revision};
use crate::storage::year_lists::{push_year, Filed, YearList};
use crate::storage::{db::On, Db, Query, Scope, StorageError, Tx};

/// The most documents one campaign looks at (a town has tens; a county department a few hundred).
pub const MAX_DOCUMENTS: i64 = 2_000;

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CleanupRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The year the campaign started.
    pub year: i64,
    /// 清理名称, e.g. 2023年度行政规范性文件清理.
    pub title: String,
    /// 清理依据, e.g. the county's notice.
    pub basis: String,
    pub started_on: NaiveDate,
    /// The day the results were applied (清理完成).
    pub finished_on: Option<NaiveDate>,
    /// The day the lists went on the portal.
    pub published_on: Option<NaiveDate>,
    /// 说明
    pub note: Option<String>,
    /// Documents in its scope, and of them those with a result, by result.
    pub documents: i64,
    pub decided: i64,
    pub kept: i64,
    pub amended: i64,
    pub repealed: i64,
    pub invalidated: i64,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

fn count(result: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM normative_cleanup_items i WHERE i.cleanup_id = c.id{result}) AS "
    )
}

pub fn select() -> String {
    format!(
        "SELECT c.id, c.org_id, o.name AS org_name, c.year, c.title, c.basis, c.started_on, \
         c.finished_on, c.published_on, c.note, {}documents, {}decided, {}kept, {}amended, \
         {}repealed, {}invalidated, c.created_at, {} \
         FROM normative_cleanups c JOIN orgs o ON o.id = c.org_id",
        count(""),
        count(" AND i.result IS NOT NULL"),
        count(" AND i.result = 'keep'"),
        count(" AND i.result = 'amend'"),
        count(" AND i.result = 'repeal'"),
        count(" AND i.result = 'invalidate'"),
        Revision::columns("c")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "normative_cleanups c",
    entity: "normative_cleanup",
    select,
    filed: Filed::Year("c.year"),
    page_org: "c.org_id",
    // Open campaigns first, then the newest finished.
    order: "c.year DESC, c.finished_on IS NULL DESC, c.started_on DESC, c.id DESC",
};

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<CleanupRow, StorageError> {
    LIST.one(on, scope, id).await
}

/// One document of a campaign, with what the campaign decided about it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ItemRow {
    pub id: i64,
    pub cleanup_id: i64,
    pub document_id: i64,
    /// 文件名称
    pub title: String,
    /// 文号
    pub doc_number: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    /// keep | amend | repeal | invalidate, none while undecided.
    pub result: Option<String>,
    /// 理由
    pub reason: Option<String>,
}

const ITEMS: &str = "SELECT i.id, i.cleanup_id, i.document_id, d.title, d.doc_number, d.issued_on, \
     d.effective_on, i.result, i.reason FROM normative_cleanup_items i \
     JOIN normative_documents d ON d.id = i.document_id";

/// The documents of campaign `cleanup_id`, oldest issued first.
pub async fn items<'a>(on: impl Into<On<'a>>, cleanup_id: i64) -> Result<Vec<ItemRow>, StorageError> {
    let mut q = Query::new(format!("{ITEMS} WHERE i.cleanup_id = "));
    q.push_bind(cleanup_id)
        .push(" ORDER BY d.issued_on, d.id LIMIT ")
        .push_bind(MAX_DOCUMENTS);
    q.fetch_all(on).await
}

/// Puts documents into campaign `cleanup_id`'s scope, undecided.
pub async fn add_items(tx: &mut Tx, cleanup_id: i64, documents: &[i64]) -> Result<(), StorageError> {
    for d in documents {
        let columns: Columns = vec![("cleanup_id", cleanup_id.into()), ("document_id", (*d).into())];
        records::insert(tx, "normative_cleanup_items", columns).await?;
    }
    Ok(())
}

/// Records the result of item `id` and its reason.
pub async fn set_result(tx: &mut Tx, id: i64, result: &str, reason: &str) -> Result<(), StorageError> {
    let columns: Columns = vec![("result", result.into()), ("reason", reason.into())];
    records::update(tx, "normative_cleanup_items", id, columns).await
}

/// Replaces campaign `id`'s columns (its version is claimed by the caller).
pub async fn update(tx: &mut Tx, id: i64, columns: Columns) -> Result<(), StorageError> {
    LIST.update(tx, id, columns).await
}

/// The published campaigns of active organisations (of `scope`), newest first: the portal's.
pub async fn published(db: &Db, scope: &Scope) -> Result<Vec<CleanupRow>, StorageError> {
    let mut q = Query::new(format!(
        "{} WHERE c.withdrawn_at IS NULL AND o.active AND c.published_on IS NOT NULL",
        select()
    ));
    scope.restrict(&mut q, "c.org_id");
    q.push(" ORDER BY c.published_on DESC, c.id DESC LIMIT 500");
    q.fetch_all(db).await
}

/// How many campaigns of `scope` were finished in `year` (withdrawn ones left out), and the
/// results they gave, one per document: the year's figures.
pub async fn year_results(
    db: &Db,
    scope: &Scope,
    year: i32,
) -> Result<(i64, Vec<String>), StorageError> {
    let finished = |what: &str| {
        let mut q = Query::new(format!("{what} WHERE c.withdrawn_at IS NULL"));
        push_year(&mut q, "c.finished_on", Some(year));
        scope.restrict(&mut q, "c.org_id");
        q
    };
    let campaigns = finished("SELECT COUNT(*) FROM normative_cleanups c")
        .fetch_scalar(db)
        .await?;
    let mut results = finished(
        "SELECT i.result FROM normative_cleanup_items i \
         JOIN normative_cleanups c ON c.id = i.cleanup_id",
    );
    results.push(" AND i.result IS NOT NULL");
    Ok((campaigns, results.fetch_scalars(db).await?))
}

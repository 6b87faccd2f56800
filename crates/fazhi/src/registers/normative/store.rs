//! The normative documents table and their comments: rows, the filtered list with its totals,
//! one record, the documents the portal shows, and the comments citizens leave (the register kit
//! claims versions and logs edits).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::storage::audit::{self, Actor, Change};
use crate::storage::records::{self, Columns, Revision};
use crate::storage::year_lists::{Filed, YearFilter, YearList};
use crate::storage::{db::On, revision::Target, Db, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct NormativeRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The year of issue, or of registration while not issued.
    pub year: i64,
    /// 文件名称
    pub title: String,
    /// 起草单位
    pub drafting_unit: String,
    /// 统一登记编号 (三统一).
    pub registration_number: Option<String>,
    /// 文号, e.g. 某政规〔2025〕1号.
    pub doc_number: Option<String>,
    pub drafted_on: Option<NaiveDate>,
    /// Closely tied to businesses' operations: the comment period is at least 30 days.
    pub affects_business: bool,
    pub comment_from: Option<NaiveDate>,
    pub comment_to: Option<NaiveDate>,
    /// Why the comment period was shortened, when it was.
    pub comment_note: Option<String>,
    /// The legality review (of kind 行政规范性文件) it went through.
    pub review_id: Option<i64>,
    pub review_number: Option<String>,
    pub deliberated_on: Option<NaiveDate>,
    /// 审议会议, e.g. 镇政府第5次常务会议.
    pub meeting: Option<String>,
    pub issued_on: Option<NaiveDate>,
    pub published_on: Option<NaiveDate>,
    /// 公布载体: 政府网站, 公示栏 …
    pub channel: Option<String>,
    /// 政策解读
    pub interpretation: Option<String>,
    pub effective_on: Option<NaiveDate>,
    pub validity_years: Option<i64>,
    /// The last day in force.
    pub expires_on: Option<NaiveDate>,
    /// The evaluation is due by this day (six months before expiry by default).
    pub evaluation_due: Option<NaiveDate>,
    pub filed_on: Option<NaiveDate>,
    pub filing_body: Option<String>,
    pub evaluated_on: Option<NaiveDate>,
    /// keep | amend | repeal
    pub evaluation_result: Option<String>,
    pub evaluation_note: Option<String>,
    /// The day it was amended or repealed.
    pub ended_on: Option<NaiveDate>,
    /// amended | repealed
    pub ended_how: Option<String>,
    /// The document that amended or repealed it.
    pub ended_by_id: Option<i64>,
    pub ended_by_title: Option<String>,
    /// The clean-up campaign that repealed it or declared it invalid (registers/normative_cleanups).
    pub cleanup_id: Option<i64>,
    pub cleanup_title: Option<String>,
    pub full_text: Option<String>,
    /// Registered as predating fazhi: let through the review gate, and marked so.
    pub historical: bool,
    /// Comments received from the portal, all of them (shown or not).
    pub comments_received: i64,
    /// Of them, those staff approved for showing.
    pub comments_shown: i64,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

pub fn select() -> String {
    format!(
        "SELECT d.id, d.org_id, o.name AS org_name, d.year, d.title, d.drafting_unit, \
         d.registration_number, d.doc_number, d.drafted_on, d.affects_business, d.comment_from, \
         d.comment_to, d.comment_note, d.review_id, rv.number AS review_number, d.deliberated_on, \
         d.meeting, d.issued_on, d.published_on, d.channel, d.interpretation, d.effective_on, \
         d.validity_years, d.expires_on, d.evaluation_due, d.filed_on, d.filing_body, \
         d.evaluated_on, d.evaluation_result, d.evaluation_note, d.ended_on, d.ended_how, \
         d.ended_by_id, e.title AS ended_by_title, d.cleanup_id, cl.title AS cleanup_title, d.full_text, d.historical, \
         (SELECT COUNT(*) FROM normative_comments c WHERE c.document_id = d.id) AS comments_received, \
         (SELECT COUNT(*) FROM normative_comments c WHERE c.document_id = d.id \
          AND c.state = 'approved') AS comments_shown, \
         d.created_at, {} \
         FROM normative_documents d JOIN orgs o ON o.id = d.org_id \
         LEFT JOIN review_requests rv ON rv.id = d.review_id \
         LEFT JOIN normative_documents e ON e.id = d.ended_by_id \
         LEFT JOIN normative_cleanups cl ON cl.id = d.cleanup_id",
        Revision::columns("d")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "normative_documents d",
    entity: "normative_document",
    select,
    filed: Filed::Year("d.year"),
    page_org: "d.org_id",
    // Drafts (not yet issued) first, then the newest issued.
    order: "d.year DESC, d.issued_on IS NULL DESC, d.issued_on DESC, d.id DESC",
};

/// The totals of a filtered set.
#[derive(Clone, Copy, Debug, Default, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct NormativeTotals {
    pub documents: i64,
    pub issued: i64,
    pub published: i64,
    pub filed: i64,
    pub repealed: i64,
}

/// The totals of every document `f` selects in `scope`, counted by the database.
pub async fn totals(db: &Db, scope: &Scope, f: YearFilter) -> Result<NormativeTotals, StorageError> {
    let mut sums = Query::new(
        "SELECT COUNT(*) AS documents, COUNT(d.issued_on) AS issued, \
         COUNT(d.published_on) AS published, COUNT(d.filed_on) AS filed, \
         COUNT(CASE WHEN d.ended_how = 'repealed' THEN 1 END) AS repealed \
         FROM normative_documents d",
    );
    sums.append(&LIST.totals_filter(scope, f));
    sums.fetch_one(db).await
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<NormativeRow, StorageError> {
    LIST.one(on, scope, id).await
}

/// Every valid document of `scope`, for the figures and the links between documents.
pub async fn all_valid(db: &Db, scope: &Scope) -> Result<Vec<NormativeRow>, StorageError> {
    Ok(LIST.page(db, scope, YearFilter::default(), None).await?.0)
}

/// The valid documents of organisation `org_id` itself (not its subtree), for a clean-up's scope.
pub async fn of_org(db: &Db, org_id: i64) -> Result<Vec<NormativeRow>, StorageError> {
    let mut q = Query::new(format!("{} WHERE d.withdrawn_at IS NULL AND d.org_id = ", select()));
    q.push_bind(org_id).push(" ORDER BY d.issued_on, d.id LIMIT 5000");
    q.fetch_all(db).await
}

/// The document of `org_id` numbered `doc_number`, if `scope` reaches it.
pub async fn by_number<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    org_id: i64,
    doc_number: &str,
) -> Result<Option<NormativeRow>, StorageError> {
    let mut q = Query::new(format!("{} WHERE d.doc_number = ", select()));
    q.push_bind(doc_number).push(" AND d.org_id = ").push_bind(org_id);
    scope.restrict(&mut q, "d.org_id");
    q.fetch_optional(on).await
}

/// The valid documents the portal may show: published ones and drafts with a comment period,
/// of active organisations (of `scope` when a town is chosen), newest first.
pub async fn public(db: &Db, scope: &Scope) -> Result<Vec<NormativeRow>, StorageError> {
    let mut q = Query::new(format!(
        "{} WHERE d.withdrawn_at IS NULL AND o.active \
         AND (d.published_on IS NOT NULL OR d.comment_from IS NOT NULL)",
        select()
    ));
    scope.restrict(&mut q, "d.org_id");
    q.push(" ORDER BY d.published_on DESC, d.comment_from DESC, d.id DESC LIMIT 1000");
    q.fetch_all(db).await
}

pub fn target(d: &NormativeRow) -> Target {
    LIST.target(d.id, d.org_id)
}

/// Replaces a document's columns (the kit has claimed its version).
pub async fn update(tx: &mut Tx, id: i64, columns: Columns) -> Result<(), StorageError> {
    LIST.update(tx, id, columns).await
}

/// A comment as stored.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CommentRow {
    pub id: i64,
    pub document_id: i64,
    pub org_id: i64,
    /// The name the citizen gave, if any.
    pub author: Option<String>,
    pub body: String,
    pub received_at: DateTime<Utc>,
    /// pending | approved | hidden
    pub state: String,
    pub moderated_at: Option<DateTime<Utc>>,
}

const COMMENT_COLUMNS: &str =
    "SELECT id, document_id, org_id, author, body, received_at, state, moderated_at \
     FROM normative_comments";

/// The comments on document `id`, oldest first; only the approved ones with `shown_only`.
pub async fn comments(
    db: &Db,
    document_id: i64,
    shown_only: bool,
) -> Result<Vec<CommentRow>, StorageError> {
    let mut q = Query::new(format!("{COMMENT_COLUMNS} WHERE document_id = "));
    q.push_bind(document_id);
    if shown_only {
        q.push(" AND state = 'approved'");
    }
    q.push(" ORDER BY received_at, id LIMIT 2000");
    q.fetch_all(db).await
}

/// Keeps a citizen's comment on document `document_id` of `org_id`, logged as received.
pub async fn add_comment(
    tx: &mut Tx,
    actor: &Actor,
    (document_id, org_id): (i64, i64),
    author: Option<&str>,
    body: &str,
) -> Result<i64, StorageError> {
    let columns: Columns = vec![
        ("document_id", document_id.into()),
        ("org_id", org_id.into()),
        ("author", author.into()),
        ("body", body.into()),
        ("received_at", crate::clock::now().into()),
        ("state", "pending".into()),
    ];
    let id = records::insert(tx, "normative_comments", columns).await?;
    audit::record(
        tx,
        actor,
        Change::new("comment_received", "normative_comment", id)
            .org(org_id)
            .after(&serde_json::json!({ "document_id": document_id, "author": author })),
    )
    .await?;
    Ok(id)
}

/// Comment `id` of document `document_id`.
pub async fn comment<'a>(
    on: impl Into<On<'a>>,
    document_id: i64,
    id: i64,
) -> Result<CommentRow, StorageError> {
    let mut q = Query::new(format!("{COMMENT_COLUMNS} WHERE id = "));
    q.push_bind(id).push(" AND document_id = ").push_bind(document_id);
    q.fetch_one(on).await
}

/// Shows (`approved`) or hides a comment, logged with its state before and after.
pub async fn moderate(
    tx: &mut Tx,
    actor: &Actor,
    before: &CommentRow,
    state: &str,
    action: &str,
) -> Result<CommentRow, StorageError> {
    records::update(
        tx,
        "normative_comments",
        before.id,
        vec![
            ("state", state.into()),
            ("moderated_at", crate::clock::now().into()),
            ("moderated_by", actor.user_id.into()),
        ],
    )
    .await?;
    let after = comment(&mut *tx, before.document_id, before.id).await?;
    audit::record(
        tx,
        actor,
        Change::new(action, "normative_comment", before.id)
            .org(before.org_id)
            .before(&serde_json::json!({ "state": before.state }))
            .after(&serde_json::json!({ "state": after.state })),
    )
    .await?;
    Ok(after)
}

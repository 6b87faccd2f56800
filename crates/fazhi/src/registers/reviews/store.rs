//! The review requests table: rows, the list (all of a scope, or one adviser's queue), one
//! record, the request's number, the opinion and adoption steps, the advisers a request may be
//! sent to, and the figures (the register kit claims versions and logs edits).

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::review::{Adoption, Conclusion, NewRequest, Opinion, ReviewKind, ReviewOutcome};
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, Only, YearFilter, YearList};
use crate::storage::{db::On, revision::Target, Db, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ReviewRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The year of sending, the year of its number.
    pub year: i64,
    /// 审查编号, e.g. 合审〔2025〕3号.
    pub number: String,
    /// major_decision | contract | penalty | mediation_plan | normative_document
    pub kind: String,
    pub title: String,
    pub requesting_unit: String,
    pub subject: String,
    pub basis: Option<String>,
    pub procedure: Option<String>,
    /// The legal adviser it is sent to.
    pub adviser_id: i64,
    pub adviser_name: String,
    pub sent_on: NaiveDate,
    /// When the opinion is due (never sooner than the minimum review time).
    pub due_on: NaiveDate,
    /// lawful | lawful_after_changes | unlawful | risk_noted; none while not answered.
    pub conclusion: Option<String>,
    pub opinion: Option<String>,
    pub answered_on: Option<NaiveDate>,
    /// Whether the requester adopted the opinion; none until they say.
    pub adopted: Option<bool>,
    pub not_adopted_reason: Option<String>,
    /// Recorded after the fact: the review predates fazhi.
    pub historical: bool,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl ReviewRow {
    /// The review as the gate of another register sees it.
    pub fn outcome(&self) -> Option<ReviewOutcome> {
        Some(ReviewOutcome {
            number: self.number.clone(),
            kind: ReviewKind::parse(&self.kind)?,
            conclusion: self.conclusion.as_deref().and_then(Conclusion::parse),
            adopted: self.adopted,
            withdrawn: self.revision.is_withdrawn(),
        })
    }
}

pub fn select() -> String {
    format!(
        "SELECT r.id, r.org_id, o.name AS org_name, r.year, r.number, r.kind, r.title, \
         r.requesting_unit, r.subject, r.basis, r.procedure, r.adviser_id, \
         u.display_name AS adviser_name, r.sent_on, r.due_on, r.conclusion, r.opinion, \
         r.answered_on, r.adopted, r.not_adopted_reason, r.historical, r.created_at, {} \
         FROM review_requests r JOIN orgs o ON o.id = r.org_id JOIN users u ON u.id = r.adviser_id",
        Revision::columns("r")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "review_requests r",
    entity: "review_request",
    select,
    filed: Filed::Year("r.year"),
    page_org: "r.org_id",
    // A queue: the requests still waiting for an opinion first, soonest due first.
    order: "r.year DESC, r.conclusion IS NOT NULL, r.due_on, r.id DESC",
};

/// The list narrowed to the requests one legality figure counts, under the conditions
/// `storage::figures::legality` counts them with (the dashboard's bars link so).
pub fn figure_only(key: &str) -> Option<Only> {
    use crate::storage::figures::legality::{conclusion_key, kind_key};
    use fazhi_domain::report::legality_keys as k;
    match key {
        k::REVIEWS => Some(Only::Sql("r.id IS NOT NULL")),
        k::REVIEW_OPINIONS => Some(Only::Sql("r.conclusion IS NOT NULL")),
        k::REVIEWS_REPORTED => Some(Only::Sql("r.adopted IS NOT NULL")),
        k::REVIEWS_ADOPTED => Some(Only::Sql("r.adopted = TRUE")),
        _ => ReviewKind::ALL
            .iter()
            .find(|kind| kind_key(**kind) == key)
            .map(|kind| Only::Equals("r.kind", kind.code()))
            .or_else(|| {
                Conclusion::ALL
                    .iter()
                    .find(|c| conclusion_key(**c) == key)
                    .map(|c| Only::Equals("r.conclusion", c.code()))
            }),
    }
}

/// Only the requests sent to adviser `adviser` (their queue), when given.
fn filter(scope: &Scope, f: YearFilter, adviser: Option<i64>, org_column: &str) -> Query {
    let mut w = LIST.filter_on(scope, f, org_column);
    if let Some(a) = adviser {
        w.push(" AND r.adviser_id = ").push_bind(a);
    }
    w
}

/// A page of the requests `f` selects in `scope` (only `adviser`'s, when given), with the
/// total of the filtered set.
pub async fn page(
    db: &Db,
    scope: &Scope,
    f: YearFilter,
    adviser: Option<i64>,
    page: Option<(u32, u32)>,
) -> Result<(Vec<ReviewRow>, i64), StorageError> {
    LIST.page_of(db, &filter(scope, f, adviser, LIST.page_org), page)
        .await
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<ReviewRow, StorageError> {
    LIST.one(on, scope, id).await
}

/// The next number of `org_id`'s requests of `year` (read in the registering transaction; the
/// unique index refuses a second request taking the same).
pub async fn next_seq(tx: &mut Tx, org_id: i64, year: i32) -> Result<i64, StorageError> {
    let mut q = Query::new("SELECT COALESCE(MAX(seq), 0) + 1 FROM review_requests WHERE org_id = ");
    q.push_bind(org_id)
        .push(" AND year = ")
        .push_bind(i64::from(year));
    q.fetch_scalar(&mut *tx).await
}

/// The request's own columns as an edit writes them (the number stays).
pub fn columns(r: &NewRequest, adviser_id: i64) -> records::Columns {
    vec![
        ("kind", r.kind.code().into()),
        ("title", r.title.as_str().into()),
        ("requesting_unit", r.requesting_unit.as_str().into()),
        ("subject", r.subject.as_str().into()),
        ("basis", r.basis.clone().into()),
        ("procedure", r.procedure.clone().into()),
        ("adviser_id", adviser_id.into()),
        ("sent_on", r.sent_on.into()),
        ("due_on", r.due_on.into()),
    ]
}

/// The columns of a new request: its number `number` (`seq` of `year`) and `historical`.
pub fn new_columns(
    r: &NewRequest,
    adviser_id: i64,
    (year, seq, number): (i32, i64, String),
    historical: bool,
) -> records::Columns {
    let mut c = vec![
        ("year", i64::from(year).into()),
        ("seq", seq.into()),
        ("number", number.into()),
    ];
    c.extend(columns(r, adviser_id));
    c.push(("historical", historical.into()));
    c
}

/// Records the adviser's opinion.
pub async fn set_opinion(tx: &mut Tx, id: i64, o: &Opinion) -> Result<(), StorageError> {
    records::update(
        tx,
        "review_requests",
        id,
        vec![
            ("conclusion", o.conclusion.code().into()),
            ("opinion", o.text.as_str().into()),
            ("answered_on", o.answered_on.into()),
        ],
    )
    .await
}

/// Records whether the opinion was adopted, and why not.
pub async fn set_adoption(tx: &mut Tx, id: i64, a: &Adoption) -> Result<(), StorageError> {
    records::update(
        tx,
        "review_requests",
        id,
        vec![
            ("adopted", a.adopted.into()),
            ("not_adopted_reason", a.reason.clone().into()),
        ],
    )
    .await
}

pub fn target(r: &ReviewRow) -> Target {
    LIST.target(r.id, r.org_id)
}

/// A legal adviser a request may be sent to.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Adviser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// Their organisation's materialised path.
    #[serde(skip)]
    pub org_path: String,
}

/// Every active user with the adviser role, with their organisation's path.
pub async fn advisers<'a>(on: impl Into<On<'a>>) -> Result<Vec<Adviser>, StorageError> {
    Query::new(
        "SELECT u.id, u.username, u.display_name, o.path AS org_path FROM users u \
         JOIN orgs o ON o.id = u.org_id WHERE u.role = 'adviser' AND u.active \
         ORDER BY u.display_name, u.id",
    )
    .fetch_all(on)
    .await
}

/// Requests of one kind and conclusion, counted.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct KindCount {
    pub kind: String,
    pub conclusion: Option<String>,
    pub requests: i64,
    /// Of them, how many opinions the requester reported adopted.
    pub adopted: i64,
    /// Of them, how many the requester reported on (adopted or not).
    pub reported: i64,
}

/// The valid requests `f` selects in `scope`, by kind and conclusion.
pub async fn figures(db: &Db, scope: &Scope, f: YearFilter) -> Result<Vec<KindCount>, StorageError> {
    let mut q = Query::new(
        "SELECT r.kind, r.conclusion, COUNT(*) AS requests, \
         COUNT(CASE WHEN r.adopted THEN 1 END) AS adopted, COUNT(r.adopted) AS reported \
         FROM review_requests r",
    );
    q.append(&LIST.totals_filter(scope, f));
    q.push(" GROUP BY r.kind, r.conclusion ORDER BY r.kind, r.conclusion");
    q.fetch_all(db).await
}

/// The request numbered `number` of organisation `org_id`, if `scope` reaches it.
pub async fn by_number<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    org_id: i64,
    number: &str,
) -> Result<Option<ReviewRow>, StorageError> {
    let mut q = Query::new(format!("{} WHERE r.number = ", select()));
    q.push_bind(number).push(" AND r.org_id = ").push_bind(org_id);
    scope.restrict(&mut q, "r.org_id");
    q.fetch_optional(on).await
}

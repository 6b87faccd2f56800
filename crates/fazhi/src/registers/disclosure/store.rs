//! The disclosure-requests table: rows, the filtered list with its totals, one record, the
//! public side's credentials, and the writes (the register kit claims versions and logs edits).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use fazhi_domain::disclosure::NewRequest;
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearFilter, YearList};
use crate::storage::{db::On, revision::Target, Db, Query, Scope, StorageError};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RequestRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The year of receipt.
    pub year: i64,
    pub channel: String,
    pub applicant_kind: String,
    pub applicant_name: String,
    /// Phone or other contact: masked for roles that may not see personal data.
    pub applicant_phone: String,
    pub information: String,
    pub form_wanted: Option<String>,
    pub submitted_on: Option<NaiveDate>,
    pub signed_for_on: Option<NaiveDate>,
    pub confirmed_on: Option<NaiveDate>,
    pub received_on: NaiveDate,
    pub correction_noticed_on: Option<NaiveDate>,
    pub corrected_on: Option<NaiveDate>,
    pub consulted_from: Option<NaiveDate>,
    pub consulted_to: Option<NaiveDate>,
    pub consulted_whom: Option<String>,
    pub extension_days: Option<i64>,
    pub extension_approved_by: Option<String>,
    /// The reply's due date when last written (pages recompute it with its explanation).
    pub due_on: Option<NaiveDate>,
    /// How the due date was counted (the deadline engine's explanation, one step a line).
    pub due_explained: Option<String>,
    pub replied_on: Option<NaiveDate>,
    pub reply_type: Option<String>,
    pub reply_text: Option<String>,
    /// Set for a request filed on the portal.
    pub tracking_code: Option<String>,
    /// The correction period the notice gave (第三十条).
    pub correction_due_on: Option<NaiveDate>,
    /// `third_party` or `other_body` (第三十二、三十四条).
    pub consulted_kind: Option<String>,
    pub extension_approved_on: Option<NaiveDate>,
    /// 信息处理费, in fen.
    pub fee_fen: Option<i64>,
    pub fee_noticed_on: Option<NaiveDate>,
    pub fee_paid_on: Option<NaiveDate>,
    /// A later 行政复议 or 行政诉讼 over the reply: `review`, `lawsuit`, `lawsuit_after_review`.
    pub remedy_kind: Option<String>,
    pub remedy_filed_on: Option<NaiveDate>,
    /// `upheld`, `corrected`, `other`, `pending`.
    pub remedy_result: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

pub fn select() -> String {
    format!(
        "SELECT r.id, r.org_id, o.name AS org_name, r.year, r.channel, r.applicant_kind, \
         r.applicant_name, r.applicant_phone, r.information, r.form_wanted, r.submitted_on, \
         r.signed_for_on, r.confirmed_on, r.received_on, r.correction_noticed_on, r.corrected_on, \
         r.consulted_from, r.consulted_to, r.consulted_whom, r.extension_days, \
         r.extension_approved_by, r.due_on, r.due_explained, r.replied_on, r.reply_type, r.reply_text, \
         r.tracking_code, r.correction_due_on, r.consulted_kind, r.extension_approved_on, \
         r.fee_fen, r.fee_noticed_on, r.fee_paid_on, r.remedy_kind, r.remedy_filed_on, \
         r.remedy_result, r.created_at, {} \
         FROM disclosure_requests r JOIN orgs o ON o.id = r.org_id",
        Revision::columns("r")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "disclosure_requests r",
    entity: "disclosure_request",
    select,
    filed: Filed::Year("r.year"),
    page_org: "r.org_id",
    // Unanswered first, soonest due first; then the newest answered.
    order: "r.replied_on IS NULL DESC, r.due_on ASC, r.received_on DESC, r.id DESC",
};

/// The totals of a filtered set.
#[derive(Clone, Copy, Debug, Default, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct RequestTotals {
    pub requests: i64,
    pub answered: i64,
}

pub async fn totals(db: &Db, scope: &Scope, f: YearFilter) -> Result<RequestTotals, StorageError> {
    let mut sums = Query::new(
        "SELECT COUNT(*) AS requests, COUNT(r.replied_on) AS answered FROM disclosure_requests r",
    );
    sums.append(&LIST.totals_filter(scope, f));
    sums.fetch_one(db).await
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<RequestRow, StorageError> {
    LIST.one(on, scope, id).await
}

/// A request's own columns, as its INSERT and its UPDATE write them.
pub fn columns(r: &NewRequest, due: Option<(NaiveDate, String)>) -> records::Columns {
    let c = &r.clock;
    let received = c.received_on.unwrap_or_else(crate::clock::today);
    let consultation = c.consultations.first();
    let extension = c.extension.as_ref();
    vec![
        ("year", i64::from(received.year()).into()),
        ("channel", r.channel.code().into()),
        ("applicant_kind", r.applicant_kind.code().into()),
        ("applicant_name", r.applicant_name.as_str().into()),
        ("applicant_phone", r.contact.as_str().into()),
        ("information", r.information.as_str().into()),
        ("form_wanted", r.form_wanted.clone().into()),
        ("submitted_on", r.arrival.submitted_on.into()),
        ("signed_for_on", r.arrival.signed_for_on.into()),
        ("confirmed_on", r.arrival.confirmed_on.into()),
        ("received_on", received.into()),
        ("correction_noticed_on", c.correction_noticed_on.into()),
        ("corrected_on", c.corrected_on.into()),
        ("consulted_from", consultation.map(|d| d.from).into()),
        ("consulted_to", consultation.map(|d| d.to).into()),
        ("consulted_whom", r.consulted_whom.clone().into()),
        ("extension_days", extension.map(|e| i64::from(e.length)).into()),
        (
            "extension_approved_by",
            extension.map(|e| e.approved_by.clone()).into(),
        ),
        ("due_on", due.as_ref().map(|d| d.0).into()),
        ("due_explained", due.map(|d| d.1).into()),
        ("replied_on", r.replied_on.into()),
        ("reply_type", r.reply_type.map(|t| t.code()).into()),
        ("reply_text", r.reply_text.clone().into()),
    ]
}

pub fn target(r: &RequestRow) -> Target {
    LIST.target(r.id, r.org_id)
}

/// The applicants (name, contact) of an organisation's requests received in `[from, to)`, not
/// withdrawn: the monthly count matches them by phone digits (`service::month_count`).
pub async fn month_contacts(
    db: &Db,
    org_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, String)>, StorageError> {
    let mut q = Query::new(
        "SELECT applicant_name, applicant_phone FROM disclosure_requests \
         WHERE withdrawn_at IS NULL AND org_id = ",
    );
    q.push_bind(org_id);
    q.push(" AND received_on >= ");
    q.push_bind(from);
    q.push(" AND received_on < ");
    q.push_bind(to);
    q.push(" LIMIT 10000");
    q.fetch_all(db).await
}

/// What the annual disclosure report reads of one request.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReportFacts {
    pub applicant_kind: String,
    pub received_on: NaiveDate,
    pub correction_noticed_on: Option<NaiveDate>,
    pub corrected_on: Option<NaiveDate>,
    pub correction_due_on: Option<NaiveDate>,
    pub replied_on: Option<NaiveDate>,
    pub reply_type: Option<String>,
    pub fee_fen: Option<i64>,
    pub fee_noticed_on: Option<NaiveDate>,
    pub remedy_kind: Option<String>,
    pub remedy_filed_on: Option<NaiveDate>,
    pub remedy_result: Option<String>,
}

/// The requests of `scope` received up to `until` (not withdrawn), for the annual report:
/// those of earlier years are its 上年结转.
pub async fn report_facts(
    db: &Db,
    scope: &Scope,
    until: NaiveDate,
) -> Result<Vec<ReportFacts>, StorageError> {
    let mut q = Query::new(
        "SELECT applicant_kind, received_on, correction_noticed_on, corrected_on, \
         correction_due_on, replied_on, reply_type, fee_fen, fee_noticed_on, remedy_kind, remedy_filed_on, \
         remedy_result FROM disclosure_requests WHERE withdrawn_at IS NULL AND received_on <= ",
    );
    q.push_bind(until);
    scope.restrict(&mut q, "org_id");
    q.fetch_all(db).await
}

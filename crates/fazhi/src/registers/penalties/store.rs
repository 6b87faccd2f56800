//! The penalties table: rows, the filtered list with its totals, one record, and the writes
//! (the register kit claims versions and logs edits).

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::contract::yuan_label;
use fazhi_domain::penalty::NewPenalty;
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearFilter, YearList};
use crate::storage::{Db, Query, Scope, StorageError};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PenaltyRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The year of the decision, or of the case's filing while undecided.
    pub year: i64,
    /// 案号
    pub case_no: String,
    /// 行政处罚决定书文号
    pub decision_no: Option<String>,
    /// 当事人
    pub party: String,
    /// The party's 身份证号码 or 统一社会信用代码; masked for roles that may not see it.
    pub party_id_no: Option<String>,
    /// 违法事实
    pub facts: String,
    /// 法律依据
    pub basis: String,
    /// 处罚种类, a code of `fazhi_domain::penalty::PenaltyKind`.
    pub kind: String,
    /// 罚款金额 in fen (分).
    pub fine_fen: Option<i64>,
    /// 承办机构及执法人员
    pub handled_by: String,
    pub filed_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    pub hearing_requested: bool,
    pub hearing_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub served_on: Option<NaiveDate>,
    /// 执行情况
    pub enforcement: Option<String>,
    /// The legality review (of kind 行政处罚) the decision went through.
    pub review_id: Option<i64>,
    /// That review's number, e.g. 合审〔2025〕3号.
    pub review_number: Option<String>,
    /// Registered as predating fazhi: let through the review gate, and marked so.
    pub historical: bool,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl PenaltyRow {
    /// The fine in yuan, blank when there is none.
    pub fn fine(&self) -> String {
        self.fine_fen.map(yuan_label).unwrap_or_default()
    }
}

pub fn select() -> String {
    format!(
        "SELECT p.id, p.org_id, o.name AS org_name, p.year, p.case_no, p.decision_no, p.party, \
         p.party_id_no, p.facts, p.basis, p.kind, p.fine_fen, p.handled_by, p.filed_on, \
         p.notified_on, p.hearing_requested, p.hearing_on, p.decided_on, p.served_on, \
         p.enforcement, p.review_id, rv.number AS review_number, p.historical, p.created_at, {} \
         FROM penalties p JOIN orgs o ON o.id = p.org_id \
         LEFT JOIN review_requests rv ON rv.id = p.review_id",
        Revision::columns("p")
    )
}

/// The totals of a filtered set: how many cases, how many decided, and the fines decided.
#[derive(Clone, Copy, Debug, Default, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PenaltyTotals {
    pub cases: i64,
    pub decided: i64,
    /// The fines of the decided cases, in fen.
    pub fines_fen: i64,
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "penalties p",
    entity: "penalty",
    select,
    filed: Filed::Year("p.year"),
    page_org: "p.org_id",
    // Undecided cases (still being investigated or reviewed) first, then the newest decided.
    order: "p.year DESC, p.decided_on IS NULL DESC, p.decided_on DESC, p.id DESC",
};

/// The totals of every case `f` selects in `scope`, summed by the database.
pub async fn totals(db: &Db, scope: &Scope, f: YearFilter) -> Result<PenaltyTotals, StorageError> {
    let mut sums = Query::new(
        "SELECT COUNT(*) AS cases, COUNT(p.decided_on) AS decided, \
         CAST(COALESCE(SUM(CASE WHEN p.decided_on IS NULL THEN 0 ELSE p.fine_fen END), 0) AS BIGINT) \
         AS fines_fen FROM penalties p",
    );
    sums.append(&LIST.totals_filter(scope, f));
    sums.fetch_one(db).await
}

/// A case's own columns, as its INSERT and its UPDATE write them; `year` is the year it is
/// filed under, `review_id` the review it links.
pub fn columns(year: i32, p: &NewPenalty, review_id: Option<i64>) -> records::Columns {
    vec![
        ("year", i64::from(year).into()),
        ("case_no", p.case_no.as_str().into()),
        ("decision_no", p.decision_no.clone().into()),
        ("party", p.party.as_str().into()),
        ("party_id_no", p.party_id_no.clone().into()),
        ("facts", p.facts.as_str().into()),
        ("basis", p.basis.as_str().into()),
        ("kind", p.kind.code().into()),
        ("fine_fen", p.fine_fen.into()),
        ("handled_by", p.handled_by.as_str().into()),
        ("filed_on", p.filed_on.into()),
        ("notified_on", p.notified_on.into()),
        ("hearing_requested", p.hearing_requested.into()),
        ("hearing_on", p.hearing_on.into()),
        ("decided_on", p.decided_on.into()),
        ("served_on", p.served_on.into()),
        ("enforcement", p.enforcement.clone().into()),
        ("review_id", review_id.into()),
    ]
}

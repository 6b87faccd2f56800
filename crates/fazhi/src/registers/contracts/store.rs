//! The contracts table: rows, the filtered list with its totals, one record, and the writes
//! (the register kit claims versions and logs edits).

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::contract::{yuan_label, NewContract};
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearFilter, YearList};
use crate::storage::{Db, Query, Scope, StorageError};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ContractRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The year of signing, or of registration while unsigned.
    pub year: i64,
    pub title: String,
    pub counterparty: String,
    pub counterparty_code: Option<String>,
    /// 合同金额 in fen (分).
    pub amount_fen: Option<i64>,
    pub handled_by: String,
    pub signed_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// The free-text review note of contracts registered before reviews were linked.
    pub review_ref: Option<String>,
    /// The legality review (of kind 合同协议) the contract went through.
    pub review_id: Option<i64>,
    /// That review's number, e.g. 合审〔2025〕3号.
    pub review_number: Option<String>,
    /// Registered as predating fazhi: let through the review gate, and marked so.
    pub historical: bool,
    pub performance: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl ContractRow {
    /// The amount in yuan, blank when there is none.
    pub fn amount(&self) -> String {
        self.amount_fen.map(yuan_label).unwrap_or_default()
    }
}

pub fn select() -> String {
    format!(
        "SELECT c.id, c.org_id, o.name AS org_name, c.year, c.title, c.counterparty, \
         c.counterparty_code, c.amount_fen, c.handled_by, c.signed_on, c.starts_on, c.ends_on, \
         c.review_ref, c.review_id, rv.number AS review_number, c.historical, c.performance, \
         c.created_at, {} \
         FROM contracts c JOIN orgs o ON o.id = c.org_id \
         LEFT JOIN review_requests rv ON rv.id = c.review_id",
        Revision::columns("c")
    )
}

/// The totals of a filtered set: how many contracts, how many signed, and their amount.
#[derive(Clone, Copy, Debug, Default, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ContractTotals {
    pub contracts: i64,
    pub signed: i64,
    pub amount_fen: i64,
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "contracts c",
    entity: "contract",
    select,
    filed: Filed::Year("c.year"),
    page_org: "c.org_id",
    // Unsigned contracts (still being negotiated or reviewed) first, then the newest signed.
    order: "c.year DESC, c.signed_on IS NULL DESC, c.signed_on DESC, c.id DESC",
};

/// The totals of every contract `f` selects in `scope`, summed by the database.
pub async fn totals(db: &Db, scope: &Scope, f: YearFilter) -> Result<ContractTotals, StorageError> {
    let mut sums = Query::new(
        "SELECT COUNT(*) AS contracts, COUNT(c.signed_on) AS signed, \
         CAST(COALESCE(SUM(c.amount_fen), 0) AS BIGINT) AS amount_fen FROM contracts c",
    );
    sums.append(&LIST.totals_filter(scope, f));
    sums.fetch_one(db).await
}

/// A contract's own columns, as its INSERT and its UPDATE write them; `year` is the year it
/// is filed under, `review_id` the review it links.
pub fn columns(year: i32, c: &NewContract, review_id: Option<i64>) -> records::Columns {
    vec![
        ("year", i64::from(year).into()),
        ("title", c.title.as_str().into()),
        ("counterparty", c.counterparty.as_str().into()),
        ("counterparty_code", c.counterparty_code.clone().into()),
        ("amount_fen", c.amount_fen.into()),
        ("handled_by", c.handled_by.as_str().into()),
        ("signed_on", c.signed_on.into()),
        ("starts_on", c.starts_on.into()),
        ("ends_on", c.ends_on.into()),
        ("review_ref", c.review_ref.clone().into()),
        ("review_id", review_id.into()),
        ("performance", c.performance.clone().into()),
    ]
}

//! The work rules table: rows and the register as the year-list kit reads it.

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::leadership::NewWorkRule;
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearList};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct WorkRuleRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// 制度名称
    pub title: String,
    /// 制定日期
    pub adopted_on: NaiveDate,
    /// 制定机关或会议
    pub adopted_by: String,
    /// 文件文号
    pub document: Option<String>,
    /// 状态, a code of `fazhi_domain::leadership::RuleStatus`.
    pub status: String,
    /// 评估日期: when the rule is next reviewed.
    pub review_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

pub fn select() -> String {
    format!(
        "SELECT w.id, w.org_id, o.name AS org_name, w.title, w.adopted_on, w.adopted_by, \
         w.document, w.status, w.review_on, w.created_at, {} \
         FROM work_rules w JOIN orgs o ON o.id = w.org_id",
        Revision::columns("w")
    )
}

/// The register as the year-list kit reads it: filed by the year of adoption.
pub const LIST: YearList = YearList {
    from: "work_rules w",
    entity: "work_rule",
    select,
    filed: Filed::Date("w.adopted_on"),
    page_org: "w.org_id",
    order: "w.adopted_on DESC, w.id DESC",
};

/// A rule's own columns, as its INSERT and its UPDATE write them.
pub fn columns(w: &NewWorkRule) -> records::Columns {
    vec![
        ("title", w.title.as_str().into()),
        ("adopted_on", w.adopted_on.into()),
        ("adopted_by", w.adopted_by.as_str().into()),
        ("document", w.document.clone().into()),
        ("status", w.status.code().into()),
        ("review_on", w.review_on.into()),
    ]
}

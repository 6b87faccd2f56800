//! The leading groups table: rows and the register as the year-list kit reads it.

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::leadership::NewLeadingGroup;
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearList};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct LeadingGroupRow {
    pub id: i64,
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
    /// 领导小组名称
    pub name: String,
    /// 成立日期
    pub set_up_on: NaiveDate,
    /// 成立文件
    pub document: String,
    /// 领导小组办公室
    pub office: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

pub fn select() -> String {
    format!(
        "SELECT g.id, g.org_id, o.code AS org_code, o.name AS org_name, g.name, g.set_up_on, \
         g.document, g.office, g.created_at, {} \
         FROM leading_groups g JOIN orgs o ON o.id = g.org_id",
        Revision::columns("g")
    )
}

/// The register as the year-list kit reads it: filed by the year it was set up.
pub const LIST: YearList = YearList {
    from: "leading_groups g",
    entity: "leading_group",
    select,
    filed: Filed::Date("g.set_up_on"),
    page_org: "g.org_id",
    order: "g.set_up_on DESC, g.id DESC",
};

/// A group's own columns, as its INSERT and its UPDATE write them.
pub fn columns(g: &NewLeadingGroup) -> records::Columns {
    vec![
        ("name", g.name.as_str().into()),
        ("set_up_on", g.set_up_on.into()),
        ("document", g.document.as_str().into()),
        ("office", g.office.clone().into()),
    ]
}

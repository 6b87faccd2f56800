//! The budget lines table: rows and the register as the year-list kit reads it.

use chrono::{DateTime, Utc};
use fazhi_domain::contract::yuan_label;
use fazhi_domain::leadership::NewBudgetLine;
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearList};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct BudgetLineRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub year: i64,
    /// 经费项目, a code of `fazhi_domain::leadership::BudgetLineKind`.
    pub line: String,
    /// 预算金额 in fen (分).
    pub budgeted_fen: i64,
    /// 实际支出 in fen (分).
    pub spent_fen: i64,
    /// 说明
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl BudgetLineRow {
    /// The amounts in yuan, two decimals: (budgeted, spent).
    pub fn yuan(&self) -> (String, String) {
        (yuan_label(self.budgeted_fen), yuan_label(self.spent_fen))
    }
}

pub fn select() -> String {
    format!(
        "SELECT b.id, b.org_id, o.name AS org_name, b.year, b.line, b.budgeted_fen, \
         b.spent_fen, b.note, b.created_at, {} \
         FROM budget_lines b JOIN orgs o ON o.id = b.org_id",
        Revision::columns("b")
    )
}

/// The register as the year-list kit reads it: filed by its budget year.
pub const LIST: YearList = YearList {
    from: "budget_lines b",
    entity: "budget_line",
    select,
    filed: Filed::Year("b.year"),
    page_org: "b.org_id",
    order: "b.year DESC, b.line, b.id DESC",
};

/// A line's own columns, as its INSERT and its UPDATE write them.
pub fn columns(b: &NewBudgetLine) -> records::Columns {
    vec![
        ("year", i64::from(b.year).into()),
        ("line", b.line.code().into()),
        ("budgeted_fen", b.budgeted_fen.into()),
        ("spent_fen", b.spent_fen.into()),
        ("note", b.note.clone().into()),
    ]
}

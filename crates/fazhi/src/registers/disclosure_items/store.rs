//! The disclosure-items table: rows, the filtered list, one record, the next index number's
//! sequence, the published catalogue the portal reads, and the writes (the register kit claims
//! versions and logs edits).

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::disclosure_item::{category_label, NewItem};
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearList};
use crate::storage::{Db, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ItemRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_code: String,
    /// The year the information was formed (its index number's year).
    pub year: i64,
    /// 索引号: `机构代码/年份-流水号`.
    pub index_no: String,
    /// 名称
    pub title: String,
    /// 内容概述
    pub summary: Option<String>,
    /// A category code (`fazhi_domain::disclosure_item::CATEGORIES`).
    pub category: String,
    /// 生成日期: the day the information was formed or changed.
    pub formed_on: NaiveDate,
    /// 发布日期, blank until published.
    pub published_on: Option<NaiveDate>,
    /// The publication deadline (第二十六条) while unpublished.
    pub due_on: Option<NaiveDate>,
    /// How it was counted, one step a line.
    pub due_explained: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl ItemRow {
    pub fn category_label(&self) -> &'static str {
        category_label(&self.category).unwrap_or("其他")
    }
}

pub fn select() -> String {
    format!(
        "SELECT i.id, i.org_id, o.name AS org_name, o.code AS org_code, i.year, i.index_no, \
         i.title, i.summary, i.category, i.formed_on, i.published_on, i.due_on, i.due_explained, \
         i.created_at, {} FROM disclosure_items i JOIN orgs o ON o.id = i.org_id",
        Revision::columns("i")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "disclosure_items i",
    entity: "disclosure_item",
    select,
    filed: Filed::Year("i.year"),
    page_org: "i.org_id",
    // Unpublished first (soonest due first), then the newest published.
    order: "i.published_on IS NULL DESC, i.due_on ASC, i.published_on DESC, i.id DESC",
};

/// The next sequence number of `org_id`'s items formed in `year`, read in the registering
/// transaction (the unique key `(org_id, year, seq)` refuses a concurrent duplicate).
pub async fn next_seq(tx: &mut Tx, org_id: i64, year: i64) -> Result<i64, StorageError> {
    Query::new(
        "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) FROM disclosure_items \
         WHERE org_id = $1 AND year = $2",
    )
    .bind(org_id)
    .bind(year)
    .fetch_scalar(tx)
    .await
}

/// The columns an edit may change; the index number and its year stay as first given.
pub fn columns(item: &NewItem, due: Option<(NaiveDate, String)>) -> records::Columns {
    let (due_on, explained) = due.unzip();
    vec![
        ("title", item.title.as_str().into()),
        ("summary", item.summary.clone().into()),
        ("category", item.category.into()),
        ("formed_on", item.formed_on.into()),
        ("published_on", item.published_on.into()),
        ("due_on", due_on.into()),
        ("due_explained", explained.into()),
    ]
}

/// The published, valid items of `scope`, newest first: the portal's catalogue (at most
/// `limit`, of `year` if given).
pub async fn published(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
    limit: i64,
) -> Result<Vec<ItemRow>, StorageError> {
    let mut q = Query::new(select());
    q.append(&records::listed("i", false));
    scope.restrict(&mut q, "i.org_id");
    q.push(" AND i.published_on IS NOT NULL");
    if let Some(y) = year {
        q.push(" AND i.year = ").push_bind(i64::from(y));
    }
    q.push(" ORDER BY i.published_on DESC, i.id DESC LIMIT ")
        .push_bind(limit);
    q.fetch_all(db).await
}

/// The valid items of `scope` published between `from` and `to` (inclusive): what the annual
/// disclosure report counts for its year.
pub async fn published_between(
    db: &Db,
    scope: &Scope,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ItemRow>, StorageError> {
    let mut q = Query::new(select());
    q.append(&records::listed("i", false));
    scope.restrict(&mut q, "i.org_id");
    q.push(" AND i.published_on >= ").push_bind(from);
    q.push(" AND i.published_on <= ").push_bind(to);
    q.push(" ORDER BY i.id");
    q.fetch_all(db).await
}

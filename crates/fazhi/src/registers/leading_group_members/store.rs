//! The leading group members table: rows, the register as the year-list kit reads it, and the
//! members serving on a day.

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::leadership::NewMember;
use serde::Serialize;

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearList};
use crate::storage::{Db, Query, Scope, StorageError};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MemberRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub group_id: i64,
    /// The group's name.
    pub group_name: String,
    /// 姓名
    pub person: String,
    /// 职务, e.g. 镇党委书记.
    pub post: String,
    /// 小组职务, a code of `fazhi_domain::leadership::MemberRole`.
    pub role: String,
    /// 任职日期
    pub from_on: NaiveDate,
    /// 离任日期 (the last day), `None` while serving.
    pub to_on: Option<NaiveDate>,
    /// 任免文件
    pub document: String,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

pub fn select() -> String {
    format!(
        "SELECT gm.id, gm.org_id, o.name AS org_name, gm.group_id, g.name AS group_name, \
         gm.person, gm.post, gm.role, gm.from_on, gm.to_on, gm.document, gm.created_at, {} \
         FROM leading_group_members gm JOIN orgs o ON o.id = gm.org_id \
         JOIN leading_groups g ON g.id = gm.group_id",
        Revision::columns("gm")
    )
}

/// The register as the year-list kit reads it: filed by the year the membership began.
pub const LIST: YearList = YearList {
    from: "leading_group_members gm",
    entity: "leading_group_member",
    select,
    filed: Filed::Date("gm.from_on"),
    page_org: "gm.org_id",
    order: "gm.from_on DESC, gm.id DESC",
};

/// A membership's own columns, as its INSERT and its UPDATE write them.
pub fn columns(group_id: i64, m: &NewMember) -> records::Columns {
    vec![
        ("group_id", group_id.into()),
        ("person", m.person.as_str().into()),
        ("post", m.post.as_str().into()),
        ("role", m.role.code().into()),
        ("from_on", m.from_on.into()),
        ("to_on", m.to_on.into()),
        ("document", m.document.as_str().into()),
    ]
}

/// The valid memberships of group `group_id` (in `scope`) covering `day`, both ends included:
/// 组长, 副组长, 成员, each by the day they joined.
pub async fn serving(
    db: &Db,
    scope: &Scope,
    group_id: i64,
    day: NaiveDate,
) -> Result<Vec<MemberRow>, StorageError> {
    let mut q = Query::new(select());
    q.push(" WHERE gm.withdrawn_at IS NULL AND gm.group_id = ")
        .push_bind(group_id)
        .push(" AND gm.from_on <= ")
        .push_bind(day)
        .push(" AND (gm.to_on IS NULL OR gm.to_on >= ")
        .push_bind(day)
        .push(")");
    scope.restrict(&mut q, "gm.org_id");
    q.push(
        " ORDER BY CASE gm.role WHEN 'leader' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, \
         gm.from_on, gm.id",
    );
    q.fetch_all(db).await
}

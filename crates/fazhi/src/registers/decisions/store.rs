//! The decisions table: rows, the filtered list with its totals, one record, the public
//! catalogue, and the writes (the register kit claims versions and logs edits and steps).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::decision::{CommentWindow, Discussion, Procedure, ProcedureRecord};
use serde::{Serialize, Serializer};

use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, Only, YearFilter, YearList};
use crate::storage::{db::On, revision::Target, Db, Query, Scope, StorageError};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DecisionRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The catalogue year (决策事项目录的年度).
    pub year: i64,
    /// 决策事项名称
    pub title: String,
    /// 决策事项类别 (条例 第三条 的五类之一, as typed).
    pub category: Option<String>,
    /// 决策承办单位
    pub lead_unit: String,
    /// 计划完成时间
    pub planned_on: Option<NaiveDate>,
    /// When the item was published in the year's catalogue; none while unpublished.
    pub listed_on: Option<NaiveDate>,
    /// The procedures before collective discussion, by code: public_participation,
    /// expert_review, risk_assessment (each {applicable, reason, done_on, evidence}).
    #[serde(serialize_with = "as_json")]
    #[schema(value_type = Object)]
    pub procedures: String,
    /// 公开征求意见 from … to (at least 30 days, 条例 第十五条).
    pub comment_starts_on: Option<NaiveDate>,
    pub comment_ends_on: Option<NaiveDate>,
    pub comment_shortened_reason: Option<String>,
    pub comments_received: Option<i64>,
    pub comments_adopted: Option<i64>,
    /// The legality review (kind 重大行政决策) it went through.
    pub review_id: Option<i64>,
    /// That review's number, e.g. 合审〔2025〕3号.
    pub review_number: Option<String>,
    /// The collective discussion (集体讨论决定, 条例 第三十条); none until decided.
    #[serde(serialize_with = "as_json_opt")]
    #[schema(value_type = Option<Object>)]
    pub discussion: Option<String>,
    /// 决定日期 (the meeting's).
    pub decided_on: Option<NaiveDate>,
    /// Made through every procedure that applied (fixed when decided).
    pub procedures_followed: bool,
    /// 决策公布 (条例 第三十二条).
    pub published_on: Option<NaiveDate>,
    pub published_channel: Option<String>,
    /// 决策归档 (条例 第三十三条).
    pub archived_on: Option<NaiveDate>,
    pub archive_ref: Option<String>,
    /// 决策后评估 (条例 第三十六条).
    pub evaluated_on: Option<NaiveDate>,
    pub evaluation: Option<String>,
    /// Registered as predating fazhi: let through the review gate, and marked so.
    pub historical: bool,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

fn as_json<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    serde_json::from_str::<serde_json::Value>(v)
        .unwrap_or_default()
        .serialize(s)
}

fn as_json_opt<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    as_json(v.as_deref().unwrap_or("null"), s)
}

/// The stored procedures, by code.
pub type Procedures = BTreeMap<String, ProcedureRecord>;

impl DecisionRow {
    /// The procedures as recorded (the legality review is read from the linked review).
    pub fn procedures(&self) -> Procedures {
        serde_json::from_str(&self.procedures).unwrap_or_default()
    }

    /// The record of `p`, blank when nothing is recorded.
    pub fn record(&self, p: Procedure) -> ProcedureRecord {
        self.procedures().remove(p.code()).unwrap_or_default()
    }

    pub fn window(&self) -> CommentWindow {
        CommentWindow {
            starts_on: self.comment_starts_on,
            ends_on: self.comment_ends_on,
            shortened_reason: self.comment_shortened_reason.clone().unwrap_or_default(),
        }
    }

    pub fn discussion(&self) -> Option<Discussion> {
        self.discussion
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
    }
}

pub fn select() -> String {
    format!(
        "SELECT d.id, d.org_id, o.name AS org_name, d.year, d.title, d.category, d.lead_unit, \
         d.planned_on, d.listed_on, d.procedures, d.comment_starts_on, d.comment_ends_on, \
         d.comment_shortened_reason, d.comments_received, d.comments_adopted, d.review_id, \
         rv.number AS review_number, d.discussion, d.decided_on, d.procedures_followed, \
         d.published_on, d.published_channel, d.archived_on, d.archive_ref, d.evaluated_on, \
         d.evaluation, d.historical, d.created_at, {} \
         FROM decisions d JOIN orgs o ON o.id = d.org_id \
         LEFT JOIN review_requests rv ON rv.id = d.review_id",
        Revision::columns("d")
    )
}

/// The totals of a filtered set: decisions, those in the published catalogue, those made, and
/// those made through every procedure.
#[derive(Clone, Copy, Debug, Default, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DecisionTotals {
    pub decisions: i64,
    pub listed: i64,
    pub decided: i64,
    pub followed: i64,
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "decisions d",
    entity: "decision",
    select,
    filed: Filed::Year("d.year"),
    page_org: "d.org_id",
    // Undecided items first (the work still to do), then the newest decided.
    order: "d.year DESC, d.decided_on IS NULL DESC, d.decided_on DESC, d.id DESC",
};

/// The list narrowed to the decisions one legality figure counts: made in the year (by
/// `decided_on`, as `storage::figures::legality` counts them, not the catalogue's year), and of
/// those, made through every procedure.
pub fn figure_only(key: &str) -> Option<Only> {
    use fazhi_domain::report::legality_keys as k;
    match key {
        k::DECISIONS_MADE => Some(Only::DatedIn("d.decided_on", "")),
        k::DECISIONS_FOLLOWED => Some(Only::DatedIn(
            "d.decided_on",
            "d.procedures_followed = TRUE",
        )),
        _ => None,
    }
}

/// The totals of every decision `f` selects in `scope`, summed by the database.
pub async fn totals(db: &Db, scope: &Scope, f: YearFilter) -> Result<DecisionTotals, StorageError> {
    let mut sums = Query::new(
        "SELECT COUNT(*) AS decisions, COUNT(d.listed_on) AS listed, \
         COUNT(d.decided_on) AS decided, \
         COUNT(CASE WHEN d.procedures_followed THEN 1 END) AS followed FROM decisions d",
    );
    sums.append(&LIST.totals_filter(scope, f));
    sums.fetch_one(db).await
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<DecisionRow, StorageError> {
    LIST.one(on, scope, id).await
}

/// The published entries of organisation `org_id`'s catalogue of `year` (valid ones only), in
/// the order they were registered.
pub async fn catalogue(db: &Db, org_id: i64, year: i32) -> Result<Vec<DecisionRow>, StorageError> {
    let mut q = Query::new(format!(
        "{} WHERE d.withdrawn_at IS NULL AND d.listed_on IS NOT NULL AND d.org_id = ",
        select()
    ));
    q.push_bind(org_id)
        .push(" AND d.year = ")
        .push_bind(i64::from(year))
        .push(" ORDER BY d.listed_on, d.id");
    q.fetch_all(db).await
}

/// Organisation `org_id`'s decisions made and published (决策公布), newest first.
pub async fn published(db: &Db, org_id: i64, year: i32) -> Result<Vec<DecisionRow>, StorageError> {
    let mut q = Query::new(format!(
        "{} WHERE d.withdrawn_at IS NULL AND d.decided_on IS NOT NULL \
         AND d.published_on IS NOT NULL AND d.org_id = ",
        select()
    ));
    q.push_bind(org_id)
        .push(" AND d.year = ")
        .push_bind(i64::from(year))
        .push(" ORDER BY d.published_on DESC, d.id DESC");
    q.fetch_all(db).await
}

pub fn target(d: &DecisionRow) -> Target {
    LIST.target(d.id, d.org_id)
}

/// Every column of a new decision besides its catalogue entry: nothing done yet.
pub fn blank_steps() -> records::Columns {
    vec![("procedures", "{}".into())]
}

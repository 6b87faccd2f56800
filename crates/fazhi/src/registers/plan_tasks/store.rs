//! The plan_tasks table: rows, the list filed by the task's year, one record, the writes (the
//! register kit claims versions and logs edits) and the tasks a report's plan already made.

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::plan::{NewPlanTask, PlanStatus};
use serde::Serialize;

use crate::storage::audit::Actor;
use crate::storage::records::{self, Revision};
use crate::storage::year_lists::{Filed, YearList};
use crate::storage::{Db, Query, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PlanTaskRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    /// The year the task is to be done in (the report that announced it is the year before's).
    pub year: i64,
    /// 目标任务
    pub task: String,
    /// 责任单位或责任人
    pub owner: Option<String>,
    /// 完成时限
    pub due_on: Option<NaiveDate>,
    /// 完成情况, a code of `fazhi_domain::plan::PlanStatus`.
    pub status: String,
    /// 佐证说明
    pub evidence_note: Option<String>,
    /// 佐证链接, one a line.
    pub evidence_links: Option<String>,
    /// The finalised report whose plan section the task came from.
    pub source_report_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl PlanTaskRow {
    pub fn status_label(&self) -> &'static str {
        PlanStatus::parse(&self.status).map_or("", PlanStatus::label)
    }

    /// The evidence links, one each.
    pub fn links(&self) -> Vec<&str> {
        self.evidence_links
            .as_deref()
            .map(|l| l.lines().collect())
            .unwrap_or_default()
    }
}

pub fn select() -> String {
    format!(
        "SELECT p.id, p.org_id, o.name AS org_name, p.year, p.task, p.owner, p.due_on, p.status, \
         p.evidence_note, p.evidence_links, p.source_report_id, p.created_at, {} \
         FROM plan_tasks p JOIN orgs o ON o.id = p.org_id",
        Revision::columns("p")
    )
}

/// The register as the year-list kit reads it (`storage::year_lists`).
pub const LIST: YearList = YearList {
    from: "plan_tasks p",
    entity: "plan_task",
    select,
    filed: Filed::Year("p.year"),
    page_org: "p.org_id",
    // A plan reads in the order the report listed it.
    order: "p.year DESC, p.org_id, p.source_seq, p.id",
};

/// A task's own columns, as its INSERT and its UPDATE write them.
pub fn columns(t: &NewPlanTask) -> records::Columns {
    vec![
        ("year", i64::from(t.year).into()),
        ("task", t.task.as_str().into()),
        ("owner", t.owner.clone().into()),
        ("due_on", t.due_on.into()),
        ("status", t.status.code().into()),
        ("evidence_note", t.evidence_note.clone().into()),
        ("evidence_links", t.evidence_links.clone().into()),
    ]
}

/// How many tasks report `report_id`'s plan already made (withdrawn ones too: a task the town
/// withdrew stays withdrawn when the list is made again).
pub async fn made_from(db: &Db, report_id: i64) -> Result<i64, StorageError> {
    let mut q = Query::new("SELECT COUNT(*) FROM plan_tasks WHERE source_report_id = ");
    q.push_bind(report_id);
    q.fetch_scalar(db).await
}

/// Writes the tasks of report `report_id`'s plan into `org_id`, numbered in the report's order,
/// each registered through the kit (its audit entry included).
pub async fn insert_from_report(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    report_id: i64,
    tasks: &[NewPlanTask],
) -> Result<Vec<PlanTaskRow>, StorageError> {
    let mut rows = Vec::with_capacity(tasks.len());
    for (seq, t) in tasks.iter().enumerate() {
        let mut c = columns(t);
        c.push(("source_report_id", report_id.into()));
        c.push(("source_seq", (seq as i64 + 1).into()));
        rows.push(LIST.register(tx, actor, org_id, c).await?);
    }
    Ok(rows)
}

/// The year's tasks of `org_id` (valid ones), in the plan's order: the report's follow-up.
pub async fn of_year(db: &Db, org_id: i64, year: i32) -> Result<Vec<PlanTaskRow>, StorageError> {
    let mut q = Query::new(select());
    q.append(&records::listed("p", false));
    q.push(" AND p.org_id = ").push_bind(org_id);
    q.push(" AND p.year = ").push_bind(i64::from(year));
    q.push(" ORDER BY ").push(LIST.order);
    q.fetch_all(db).await
}

//! The year's plan tasks (目标任务): registration, the list by year, the export, the kit's edit,
//! withdraw, restore and history (`Register`); the list made in one step from a finalised
//! report's plan section; and the next year's report sentence on what was done.

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::plan::{
    follow_up_sentence, tasks_of_plan, NewPlanTask, PlanStatus, PlanTaskDraft, TaskOutcome,
};
use fazhi_domain::publicity::FieldErrors;
use fazhi_ledger::Format;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::PlanTaskRow;
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::publicity::date_field;
use crate::service::report;
use crate::service::revision::Register;
use crate::service::study::checked;
use crate::service::year_lists::{ledger_file, year_list_record, YearQuery, YearRegister};
use crate::service::Caller;
use crate::storage::{orgs, reports, Tx};

/// The plan is the report's, so it sits with the reports: who reads and writes the report
/// reads and writes its tasks.
pub const AREA: Area = Area::Reports;

/// A task as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PlanTaskInput {
    /// Code of the organisation whose task it is; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// The year the task is to be done in, e.g. 2024.
    #[schema(value_type = String)]
    #[serde(deserialize_with = "crate::registers::reviews::service::id_or_text")]
    pub year: String,
    /// 目标任务, e.g. 持续落实推进综合行政执法改革.
    pub task: String,
    /// 责任单位或责任人
    pub owner: String,
    /// 完成时限: 2024-12-31 (also 2024/12/31, 2024年12月31日).
    pub due_on: String,
    /// 完成情况: a code (not_started, in_progress, done, not_done) or its name (未开始, 推进中,
    /// 已完成, 未完成); 未开始 when left out.
    pub status: String,
    /// 佐证说明
    pub evidence_note: String,
    /// 佐证链接, one a line (the records or files that show the work).
    pub evidence_links: String,
}

fn parse(input: PlanTaskInput) -> AppResult<NewPlanTask> {
    let mut own = FieldErrors::new();
    let year = match input.year.trim() {
        "" => None,
        y => match y.trim_end_matches('年').parse::<i64>() {
            Ok(y) => Some(y),
            Err(_) => {
                own.insert("year".to_owned(), format!("年度「{y}」不正确，例如 2024"));
                None
            }
        },
    };
    let draft = PlanTaskDraft {
        year,
        due_on: date_field("due_on", &input.due_on, &mut own),
        task: input.task,
        owner: input.owner,
        status: input.status,
        evidence_note: input.evidence_note,
        evidence_links: input.evidence_links,
    };
    checked(NewPlanTask::parse(draft), own)
}

/// The register as the year-list kit reads and writes it.
const TASKS: YearRegister<PlanTaskRow> = YearRegister::new(AREA, &store::LIST);

/// A page (`None`: all) of the tasks `q` selects, and how many it selects in all.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    page: Option<(u32, u32)>,
) -> AppResult<(Vec<PlanTaskRow>, i64)> {
    TASKS.page(app, caller, q, page).await
}

pub async fn create(app: &App, caller: &Caller, input: PlanTaskInput) -> AppResult<PlanTaskRow> {
    let org = input.org.clone();
    let checked = || async { Ok(store::columns(&parse(input)?)) };
    TASKS
        .register(app, caller, org.as_deref(), checked, AppError::from)
        .await
}

/// What making the list from a report did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FromReport {
    /// Tasks made now: 0 when the report's plan was made into tasks before.
    pub created: usize,
    /// The year the tasks are for (the report's year + 1).
    pub year: i64,
    /// The organisation's tasks of that year, in the plan's order.
    pub items: Vec<PlanTaskRow>,
}

/// Makes the tasks of the plan section (「下一年度重点工作」) of finalised report `report_id` the
/// next year's task list, each 未开始 and due at that year's end. Idempotent: a report whose
/// plan was made into tasks before makes none again. A report outside the caller's scope is not
/// found; a report without a plan is a conflict.
pub async fn from_report(app: &App, caller: &Caller, report_id: i64) -> AppResult<FromReport> {
    caller.require_write(AREA)?;
    let snapshot = reports::snapshot_by_id(&app.db, report_id)
        .await
        .map_err(|_| AppError::not_found())?;
    let org = orgs::get_in(&app.db, &caller.scope, snapshot.org_id).await?;
    let year = i32::try_from(snapshot.year).map_err(AppError::internal)?;
    let next = year + 1;
    if store::made_from(&app.db, report_id).await? == 0 {
        let narratives = report::narratives(app, &org, year).await?;
        let plan = narratives.get("plans").map(|(t, _)| t.as_str()).unwrap_or("");
        let due_on = NaiveDate::from_ymd_opt(next, 12, 31);
        let tasks: Vec<NewPlanTask> = tasks_of_plan(plan)
            .into_iter()
            .map(|task| NewPlanTask {
                year: next,
                task,
                owner: None,
                due_on,
                status: PlanStatus::NotStarted,
                evidence_note: None,
                evidence_links: None,
            })
            .collect();
        if tasks.is_empty() {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "plan_empty",
                format!("{year}年度报告的「下一年度重点工作」部分没有可列为目标任务的内容"),
            ));
        }
        let mut tx = app.db.begin().await?;
        let made =
            store::insert_from_report(&mut tx, &caller.actor(), org.id, report_id, &tasks).await;
        match made {
            Ok(_) => tx.commit().await?,
            // Made by a request that ran alongside: the unique key kept one list.
            Err(crate::storage::StorageError::Conflict(_)) => {}
            Err(e) => return Err(e.into()),
        }
        let items = store::of_year(&app.db, org.id, next).await?;
        return Ok(FromReport {
            created: tasks.len(),
            year: next.into(),
            items,
        });
    }
    Ok(FromReport {
        created: 0,
        year: next.into(),
        items: store::of_year(&app.db, org.id, next).await?,
    })
}

/// [`from_report`] for the finalised report of organisation `org` (a code in the caller's scope)
/// of `year`, as the report's page names it; 409 while that report is not finalised.
pub async fn from_report_of(
    app: &App,
    caller: &Caller,
    org: &str,
    year: i32,
) -> AppResult<(String, FromReport)> {
    caller.require_write(AREA)?;
    let org = orgs::by_code_in(&app.db, &caller.scope, org.trim())
        .await?
        .ok_or_else(AppError::not_found)?;
    let Some(snapshot) = reports::snapshot(&app.db, org.id, year).await? else {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "report_not_final",
            format!("{}{year}年度报告尚未定稿：定稿后才能将下一年度重点工作转为任务", org.name),
        ));
    };
    Ok((org.code, from_report(app, caller, snapshot.id).await?))
}

/// The sentence year `year`'s report of `org_id` opens its 「主要举措和成效」 with: the tasks of
/// the plan for `year` done and, by name, not done. `None` without tasks.
pub async fn follow_up(app: &App, org_id: i64, year: i32) -> AppResult<Option<String>> {
    let tasks: Vec<TaskOutcome> = store::of_year(&app.db, org_id, year)
        .await?
        .into_iter()
        .map(|t| TaskOutcome {
            status: PlanStatus::parse(&t.status).unwrap_or(PlanStatus::NotStarted),
            task: t.task,
        })
        .collect();
    Ok(follow_up_sentence(year, &tasks))
}

/// The ledger's columns, in the order of `ledger_row`.
const LEDGER_COLUMNS: &[&str] = &[
    "年度",
    "目标任务",
    "责任单位或责任人",
    "完成时限",
    "完成情况",
    "佐证说明",
    "佐证链接",
    "所属组织",
];

fn ledger_row(t: PlanTaskRow) -> Vec<String> {
    let status = t.status_label().to_owned();
    vec![
        t.year.to_string(),
        t.task,
        t.owner.unwrap_or_default(),
        t.due_on.map(|d| d.to_string()).unwrap_or_default(),
        status,
        t.evidence_note.unwrap_or_default(),
        t.evidence_links.unwrap_or_default(),
        t.org_name,
    ]
}

/// The filtered set (its valid tasks) as an Excel or CSV file: `年度目标任务台账-2024年.xlsx`.
pub async fn export(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    format: Format,
) -> AppResult<(String, Vec<u8>)> {
    let (items, _) = list(app, caller, &q.valid(), None).await?;
    let rows = items.into_iter().map(ledger_row).collect();
    ledger_file("年度目标任务台账", LEDGER_COLUMNS, rows, q.year, format).await
}

/// A task's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(t: &PlanTaskRow) -> PlanTaskInput {
    PlanTaskInput {
        org: None,
        year: t.year.to_string(),
        task: t.task.clone(),
        owner: t.owner.clone().unwrap_or_default(),
        due_on: t.due_on.map(|d| d.to_string()).unwrap_or_default(),
        status: t.status.clone(),
        evidence_note: t.evidence_note.clone().unwrap_or_default(),
        evidence_links: t.evidence_links.clone().unwrap_or_default(),
    }
}

/// A stored status as people read it.
fn status_label(code: &str) -> String {
    PlanStatus::parse(code).map_or_else(|| code.to_owned(), |s| s.label().to_owned())
}

/// The register of plan tasks, for the kit.
pub struct PlanTasks;

impl Register for PlanTasks {
    type Record = PlanTaskRow;
    type Input = PlanTaskInput;
    type Valid = NewPlanTask;

    const AREA: Area = AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("year", "年度"),
        ("task", "目标任务"),
        ("owner", "责任单位或责任人"),
        ("due_on", "完成时限"),
        ("status", "完成情况"),
        ("evidence_note", "佐证说明"),
        ("evidence_links", "佐证链接"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    year_list_record!(PlanTaskRow, store::LIST);

    async fn current_input(_app: &App, t: &PlanTaskRow) -> AppResult<PlanTaskInput> {
        Ok(input_of(t))
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        _before: &PlanTaskRow,
        input: PlanTaskInput,
    ) -> AppResult<NewPlanTask> {
        parse(input)
    }

    async fn write(tx: &mut Tx, before: &PlanTaskRow, v: &NewPlanTask) -> AppResult<()> {
        Ok(store::LIST.update(tx, before.id, store::columns(v)).await?)
    }

    fn present(t: PlanTaskRow) -> PlanTaskRow {
        t
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        if change.label == "完成情况" {
            for v in [&mut change.before, &mut change.after] {
                *v = status_label(v);
            }
        }
    }
}

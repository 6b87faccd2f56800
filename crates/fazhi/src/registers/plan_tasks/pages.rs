//! The plan tasks' pages: the list by year with its export, the form to add a task, a task's
//! page, and (from the kit) its 编辑, 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::plan::PlanStatus;

use super::service::{self, FromReport, PlanTaskInput, PlanTaskRow, PlanTasks, AREA};
use crate::app::SharedApp;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision::Revision;
use crate::web::error::PageError;
use crate::web::pages::fields::{Field, Fields};
use crate::web::pages::kit;
use crate::web::pages::list_page::Pager;
use crate::web::pages::records::{FieldsRegister, Place};
use crate::web::pages::year_list::{input_list_pages, YearListQuery};
use crate::web::pages::{render, Ctx};
use crate::web::session::{CsrfForm, Session};
use serde::Deserialize;

const PAGE: &str = "/plan-tasks";

/// The form's fields, filled with `t` (what is on file or was typed).
fn fields(t: &PlanTaskInput) -> Vec<Field> {
    let status = PlanStatus::parse(&t.status).map_or(t.status.as_str(), |s| s.label());
    let choices = PlanStatus::ALL.iter().map(|s| (s.label(), s.label())).collect();
    vec![
        Field::number("year", "年度", &t.year)
            .required()
            .hint("任务应完成的年度，如 2024"),
        Field::area("task", "目标任务", &t.task)
            .required()
            .hint("如 持续落实推进综合行政执法改革"),
        Field::text("owner", "责任单位或责任人", &t.owner),
        Field::date("due_on", "完成时限", &t.due_on),
        Field::choice("status", "完成情况", status, choices),
        Field::area("evidence_note", "佐证说明", &t.evidence_note),
        Field::area("evidence_links", "佐证链接", &t.evidence_links)
            .hint("每行一条，如 /study?year=2024 或文件地址"),
    ]
}

struct OrgChoice {
    org: String,
}

#[derive(Template)]
#[template(path = "plan_tasks/list.html")]
struct ListPage {
    ctx: Ctx,
    q: YearListQuery,
    withdrawn: bool,
    items: Vec<PlanTaskRow>,
    total: i64,
    orgs: Vec<Org>,
    pager: Pager,
    form: OrgChoice,
    fields: String,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

impl ListPage {
    fn summary(&self) -> String {
        let done = self
            .items
            .iter()
            .filter(|t| t.status == PlanStatus::Done.code())
            .count();
        format!("目标任务 {} 项，本页已完成 {done} 项", self.total)
    }
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: PlanTaskInput,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let orgs = orgs_service::visible(app, caller).await?;
    let paging = q.paging();
    let page = Some((paging.page, paging.per_page));
    let (items, total) = service::list(app, caller, &q.query()?, page).await?;
    let fields = Fields {
        fields: &fields(&form),
        errors: &errors,
    }
    .render()?;
    render(&ListPage {
        ctx: Ctx::new(session, "plan_tasks"),
        pager: q.pager(PAGE, total),
        items,
        total,
        orgs,
        withdrawn: q.withdrawn(),
        q,
        form: OrgChoice {
            org: form.org.unwrap_or_default(),
        },
        fields,
        errors,
        can_write: caller.role.can_write(AREA),
    })
}

input_list_pages!(list, create, export, list_page, PlanTaskInput, service::create, service::export, PAGE);

#[derive(Template)]
#[template(path = "plan_tasks/from_report.html")]
struct FromReportPage {
    ctx: Ctx,
    org: String,
    /// The report's year.
    year: i32,
    made: FromReport,
}

#[derive(Deserialize)]
struct ReportForm {
    org: String,
    year: i32,
}

/// `POST /plan-tasks/from-report` (the finalised report's button 「将本报告的下一年度重点工作转为
/// 任务」): makes the tasks once and says how many were made, with the year's list.
async fn from_report(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<ReportForm>,
) -> Result<Html<String>, PageError> {
    let (org, made) = service::from_report_of(&app, &session.caller, &form.org, form.year).await?;
    render(&FromReportPage {
        ctx: Ctx::new(&session, "plan_tasks"),
        org,
        year: form.year,
        made,
    })
}

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/plan-tasks/from-report", post(from_report))
        .route("/plan-tasks/export", get(export))
        .route("/plan-tasks/{id}", get(kit::show::<PlanTasks>))
        .merge(kit::routes::<PlanTasks>())
}

impl FieldsRegister for PlanTasks {
    const PAGE: &'static str = PAGE;

    fn place(t: &PlanTaskRow) -> Place {
        Place {
            area: "考核与报告",
            list: (PAGE, "年度目标任务"),
            nav: "plan_tasks",
            noun: "目标任务",
            name: format!("{}年 {}", t.year, t.task.chars().take(30).collect::<String>()),
        }
    }

    fn fields(input: &PlanTaskInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(t: &PlanTaskRow) -> Vec<(&'static str, String)> {
        let mut facts = vec![("所属组织", t.org_name.clone())];
        if let Some(id) = t.source_report_id {
            facts.push(("来源", format!("年度报告（编号 {id}）的下一年度重点工作")));
        }
        facts
    }

    fn state(t: &PlanTaskRow) -> (&Revision, DateTime<Utc>) {
        (&t.revision, t.created_at)
    }
}

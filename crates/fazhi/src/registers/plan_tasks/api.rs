//! Plan tasks over JSON: the list, registration and the list made from a finalised report; the
//! kit adds `GET`/`PATCH /plan-tasks/{id}`, withdraw, restore and history.

use axum::extract::{Request, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, FromReport, PlanTaskInput, PlanTaskRow, PlanTasks};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::{body_of_writer, ApiRegister};
use crate::web::api::year_lists::{create, YearParams};
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;

/// A page of plan tasks and how many the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PlanTaskPage {
    pub items: Vec<PlanTaskRow>,
    pub total: i64,
}

#[utoipa::path(get, path = "/plan-tasks", tag = "plan-tasks", params(YearParams),
    responses((status = 200, body = PlanTaskPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_plan_tasks(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<PlanTaskPage>> {
    let (q, page) = p.split();
    let (items, total) = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(PlanTaskPage { items, total }))
}

create!(create_plan_task, "/plan-tasks", "plan-tasks", PlanTaskInput, service::create => PlanTaskRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

/// The finalised report whose plan section becomes the next year's tasks.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromReportInput {
    /// The report's id (`/api/v1/reports/…` and the portal give it).
    pub report: i64,
}

/// Makes the plan section (「下一年度重点工作」) of a finalised annual report the next year's
/// task list, in one step; asked again for the same report it makes nothing more.
#[utoipa::path(post, path = "/plan-tasks/from-report", tag = "plan-tasks",
    request_body = FromReportInput,
    responses((status = 200, body = FromReport),
        (status = 404, description = "No such report in the caller's organisations",
            body = crate::web::error::ErrorBody),
        (status = 409, description = "The report's plan section is empty: `plan_empty`",
            body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn plan_tasks_from_report(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    request: Request,
) -> AppResult<Json<FromReport>> {
    let input: FromReportInput = body_of_writer::<PlanTasks, _>(&session.caller, request).await?;
    Ok(Json(
        service::from_report(&app, &session.caller, input.report).await?,
    ))
}

impl ApiRegister for PlanTasks {
    const PATH: &'static str = "/plan-tasks";
    const TAG: &'static str = "plan-tasks";
    const NOUN: &'static str = "年度目标任务";
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(
        list_plan_tasks,
        create_plan_task,
    )).routes(routes!(plan_tasks_from_report))
}

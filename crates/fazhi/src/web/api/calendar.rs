//! The working-day calendar, deadline explanations and the to-do list.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::app::SharedApp;
use crate::error::{AppError, AppResult};
use crate::service::deadlines::{self, DeadlineView, Todo};
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DayParams {
    /// YYYY-MM-DD
    pub date: NaiveDate,
    /// A regional overlay, e.g. 新疆; 全国 (or empty) for the national calendar alone;
    /// defaults to the caller's organisation's region.
    pub region: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DayAnswer {
    pub date: NaiveDate,
    pub workday: bool,
    /// 工作日 / 周末 / 春节 / 调休上班日（国庆节）…
    pub reason: String,
    /// False when the year's schedule is not (fully) loaded.
    pub known: bool,
    /// The year's national notice is not loaded: statutory holidays and weekends only
    /// (调休安排未公布).
    pub provisional: bool,
    /// Set when only the region's schedule of the year is missing or partial.
    pub regional_note: Option<String>,
}

#[utoipa::path(get, path = "/calendar/day", tag = "calendar", params(DayParams),
    responses((status = 200, body = DayAnswer)), security(("bearer" = [])))]
pub async fn day(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<DayParams>,
) -> Json<DayAnswer> {
    let info = app
        .calendar
        .current()
        .chosen(p.region.as_deref(), session.user.org_region.as_deref())
        .day(p.date);
    Json(DayAnswer {
        date: p.date,
        workday: info.workday,
        reason: info.reason.to_string(),
        known: info.known,
        provisional: info.provisional,
        regional_note: info.regional_note,
    })
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExplainParams {
    /// A rule code, e.g. `disclosure.request_reply`.
    pub rule: String,
    /// The start event's date, YYYY-MM-DD.
    pub start: NaiveDate,
    pub region: Option<String>,
}

#[utoipa::path(get, path = "/deadlines/explain", tag = "calendar", params(ExplainParams),
    responses((status = 200, body = DeadlineView), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn explain(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<ExplainParams>,
) -> AppResult<Json<DeadlineView>> {
    let region = crate::service::calendar::chosen_region(
        p.region.as_deref(),
        session.user.org_region.as_deref(),
    );
    Ok(Json(deadlines::explain(&app, &p.rule, p.start, region)?))
}

#[utoipa::path(get, path = "/todo", tag = "calendar",
    responses((status = 200, body = Todo)), security(("bearer" = [])))]
pub async fn todo(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
) -> AppResult<Json<Todo>> {
    Ok(Json(
        deadlines::todo(
            &app,
            session.caller.role,
            &session.caller.scope,
            deadlines::today(),
        )
        .await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LoadAnswer {
    pub file_id: i64,
    pub region: Option<String>,
    pub years: Vec<i32>,
    pub moved: Vec<crate::service::deadlines::ChangeRow>,
}

#[utoipa::path(post, path = "/calendar/files", tag = "calendar",
    request_body(content = String, content_type = "text/csv", description = "日历文件，格式见 docs/calendar.md"),
    responses((status = 200, body = LoadAnswer), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn load(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    body: axum::body::Body,
) -> AppResult<Json<LoadAnswer>> {
    // Who may load is decided before the body is read.
    crate::service::calendar::require_may_load(&app, &session.caller).await?;
    let bytes = axum::body::to_bytes(body, crate::web::BODY_LIMIT)
        .await
        .map_err(|_| AppError::bad_request("payload_too_large", "日历文件过大或上传中断"))?;
    let body = String::from_utf8(bytes.to_vec())
        .map_err(|_| AppError::bad_request("not_utf8", "日历文件须为 UTF-8 编码的 CSV"))?;
    if body.trim().is_empty() {
        return Err(AppError::bad_request(
            "empty_body",
            "请在请求体中提供日历文件内容",
        ));
    }
    let o = crate::service::calendar::load_file(&app, &session.caller, &body).await?;
    Ok(Json(LoadAnswer {
        file_id: o.file_id,
        region: o.region,
        years: o.years,
        moved: o.moved,
    }))
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(day))
        .routes(routes!(load))
        .routes(routes!(explain))
        .routes(routes!(todo))
}

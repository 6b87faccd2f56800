//! The annual report and its figures.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::app::SharedApp;
use crate::error::{AppError, AppResult};
use crate::service::report::{self, Format, TownRow};
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// Organisation code; defaults to the caller's own.
    pub org: Option<String>,
    pub year: i32,
    /// `md`, `html`, `docx` (report) — default `docx`.
    pub format: Option<String>,
}

#[utoipa::path(get, path = "/reports/annual", tag = "reports", params(ReportParams),
    responses((status = 200, description = "报告文件（DOCX / HTML / Markdown）"),
              (status = 400, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn annual(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<ReportParams>,
) -> AppResult<Response> {
    let org = report::report_org(&app, &session.caller, p.org.as_deref()).await?;
    let format = Format::parse(p.format.as_deref().unwrap_or("docx"))
        .ok_or_else(|| AppError::field("format", "格式只能是 docx、html 或 md"))?;
    check_year(p.year)?;
    let rendered = report::render(&app, &org, p.year, format).await?;
    Ok(crate::web::pages::file_download(rendered).into_response())
}

fn check_year(year: i32) -> AppResult<()> {
    fazhi_domain::record_year(year)
        .map(|_| ())
        .map_err(|m| AppError::field("year", m))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FigureParams {
    pub org: Option<String>,
    pub year: i32,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FiguresAnswer {
    pub org: String,
    pub year: i32,
    /// Counts and sums by key (disputes, village_level, posters …).
    pub values: std::collections::BTreeMap<String, i64>,
    /// Breakdowns by key (dispute_type, dispute_month, publicity_venue …), largest first.
    pub breakdowns: std::collections::BTreeMap<String, Vec<(String, i64)>>,
    /// The report's computed sentences.
    pub sentences: Vec<String>,
    /// For a county: each town's main figures.
    pub towns: Vec<TownRow>,
}

#[utoipa::path(get, path = "/figures", tag = "reports", params(FigureParams),
    responses((status = 200, body = FiguresAnswer)), security(("bearer" = [])))]
pub async fn figures(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<FigureParams>,
) -> AppResult<Json<FiguresAnswer>> {
    let org = report::report_org(&app, &session.caller, p.org.as_deref()).await?;
    check_year(p.year)?;
    let f = report::figures_for(&app, &org, p.year).await?;
    Ok(Json(FiguresAnswer {
        sentences: fazhi_domain::report::sentences(&f)
            .into_iter()
            .map(|s| s.text)
            .collect(),
        towns: report::per_town(&app, &org, p.year).await?,
        org: org.code,
        year: p.year,
        values: f.values,
        breakdowns: f.breakdowns,
    }))
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(annual))
        .routes(routes!(figures))
}

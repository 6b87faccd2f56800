//! The assessment over JSON: the indicator tree (read, set, import from the county's ledger),
//! a town's sheet (read, self-assessment, the county's scores) and the county's ranking.

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, IndicatorInput, Ranking, Sheet, SheetInput, Tree};
use crate::app::SharedApp;
use crate::error::{AppError, AppResult};
use crate::service::ledger::ImportReport;
use crate::web::api::imports::{declared_too_large, too_large};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::session::ApiUser;

/// An indicator list is a few hundred rows: a file larger than this is not one.
pub(super) const INDICATOR_FILE_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct YearParam {
    pub year: i32,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SheetParams {
    pub year: i32,
    /// The town's code; the caller's own town by default.
    pub town: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    pub year: i32,
    /// `xlsx` (default) or `csv`.
    pub format: Option<String>,
    /// Check only, write nothing.
    pub dry_run: Option<bool>,
}

/// The county's table of a year: every town's self-assessed and scored totals and its place
/// (equal totals share it). County users only.
#[utoipa::path(get, path = "/assessments", tag = "assessments", params(YearParam),
    responses((status = 200, body = Ranking), (status = 403, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn assessment_ranking(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParam>,
) -> AppResult<Json<Ranking>> {
    Ok(Json(service::ranking(&app, &session.caller, p.year).await?))
}

/// The indicator tree of a year of the caller's county (a town's: the county above it).
#[utoipa::path(get, path = "/assessments/indicators", tag = "assessments", params(YearParam),
    responses((status = 200, body = Tree)), security(("bearer" = [])))]
pub async fn assessment_indicators(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParam>,
) -> AppResult<Json<Tree>> {
    Ok(Json(service::tree(&app, &session.caller, p.year).await?))
}

/// A year's indicators as the county sets them: the whole tree.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TreeInput {
    pub year: i32,
    pub indicators: Vec<IndicatorInput>,
}

/// Sets the county's indicator tree of a year (codes left out are deleted, unless a town
/// has assessed them: 409 `indicator_in_use`). County staff only.
#[utoipa::path(post, path = "/assessments/indicators", tag = "assessments",
    request_body = TreeInput,
    responses((status = 200, body = Tree), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_assessment_indicators(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    request: Request,
) -> AppResult<Json<Tree>> {
    // The right and the role first: a viewer's body is never read (issue #12).
    service::may_import(&app, &session.caller).await?;
    let ApiJson(input) = ApiJson::<TreeInput>::from_request(request, &()).await?;
    let tree = service::set_indicators(&app, &session.caller, input.year, input.indicators).await?;
    Ok(Json(tree))
}

/// Imports the county's indicator list (法治建设考核指标表, XLSX or CSV; the file is the body),
/// all or nothing: 400 with every row's problem, nothing written.
#[utoipa::path(post, path = "/assessments/indicators/import", tag = "assessments",
    params(ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 400, body = ImportReport),
        (status = 403, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn import_assessment_indicators(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    request: Request,
) -> AppResult<(StatusCode, Json<ImportReport>)> {
    // Neither the query nor the body is read until the caller may import (issue #12).
    service::may_import(&app, &session.caller).await?;
    let (mut parts, body) = request.into_parts();
    let ApiQuery(p) = ApiQuery::<ImportParams>::from_request_parts(&mut parts, &()).await?;
    if declared_too_large(&parts.headers) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, INDICATOR_FILE_LIMIT)
        .await
        .map_err(|_| AppError::field("file", "考核指标表不应超过 4 MB"))?;
    let name = format!("考核指标表.{}", p.format.as_deref().unwrap_or("xlsx"));
    let dry_run = p.dry_run.unwrap_or(false);
    let report = service::import_indicators(
        &app,
        &session.caller,
        p.year,
        &name,
        bytes.to_vec(),
        dry_run,
    )
    .await?;
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, Json(report)))
}

/// A town's sheet of a year: each indicator with the self-assessment, its evidence and the
/// county's score. A town reads its own only (another town's: 404).
#[utoipa::path(get, path = "/assessments/self", tag = "assessments", params(SheetParams),
    responses((status = 200, body = Sheet), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn assessment_sheet(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<SheetParams>,
) -> AppResult<Json<Sheet>> {
    let sheet = service::sheet(&app, &session.caller, p.year, p.town.as_deref()).await?;
    Ok(Json(sheet))
}

/// A town's self-assessment: self-scores (at most each indicator's points), notes and evidence
/// links. The town's own staff only (the county: 403; another town: 404).
#[utoipa::path(post, path = "/assessments/self", tag = "assessments", request_body = SheetInput,
    responses((status = 200, body = Sheet), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn save_assessment_self(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    request: Request,
) -> AppResult<Json<Sheet>> {
    service::may_save_self(&app, &session.caller).await?;
    let ApiJson(input) = ApiJson::<SheetInput>::from_request(request, &()).await?;
    Ok(Json(
        service::save_self(&app, &session.caller, input).await?,
    ))
}

/// The county's scores and comments of one town. County staff only (a town: 403).
#[utoipa::path(post, path = "/assessments/scores", tag = "assessments", request_body = SheetInput,
    responses((status = 200, body = Sheet), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn save_assessment_scores(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    request: Request,
) -> AppResult<Json<Sheet>> {
    service::may_save_scores(&app, &session.caller).await?;
    let ApiJson(input) = ApiJson::<SheetInput>::from_request(request, &()).await?;
    Ok(Json(
        service::save_scores(&app, &session.caller, input).await?,
    ))
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(assessment_ranking))
        .routes(routes!(assessment_indicators, set_assessment_indicators))
        .routes(routes!(import_assessment_indicators))
        .routes(routes!(assessment_sheet, save_assessment_self))
        .routes(routes!(save_assessment_scores))
}

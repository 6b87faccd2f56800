//! Screening rounds over JSON.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::screening::Round;
use crate::service::screening::{self as service, NewRoundInput, ReportInput, RoundView};
use crate::service::screening_revisions::{Reports, Rounds};
use crate::web::api::disputes::Created;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundParams {
    /// `true` lists the withdrawn rounds (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
}

#[utoipa::path(get, path = "/screening-rounds", tag = "screening", params(RoundParams),
    responses((status = 200, body = Page<Round>)), security(("bearer" = [])))]
pub async fn list_rounds(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<RoundParams>,
) -> AppResult<Json<Page<Round>>> {
    let withdrawn = p.withdrawn.unwrap_or(false);
    let items = service::list_rounds(&app, &session.caller, withdrawn).await?;
    Ok(Json(Page {
        total: items.len() as i64,
        items,
    }))
}

#[utoipa::path(post, path = "/screening-rounds", tag = "screening", request_body = NewRoundInput,
    responses((status = 201, body = Round), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_round(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(input): ApiJson<NewRoundInput>,
) -> AppResult<(StatusCode, Json<Round>)> {
    let r = service::create_round(&app, &session.caller, input).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

#[utoipa::path(get, path = "/screening-rounds/{id}", tag = "screening",
    params(("id" = i64, Path)),
    responses((status = 200, body = RoundView), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_round(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<RoundView>> {
    Ok(Json(service::get_round(&app, &session.caller, id).await?))
}

/// A village's report (`found`, 0 = 零报告).
#[utoipa::path(post, path = "/screening-rounds/{id}/reports", tag = "screening",
    params(("id" = i64, Path)), request_body = ReportInput,
    responses((status = 201, body = Created), (status = 400, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_report(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ReportInput>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let id = service::report(&app, &session.caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

impl super::kit::ApiRegister for Rounds {
    const PATH: &'static str = "/screening-rounds";
    const TAG: &'static str = "screening";
    const NOUN: &'static str = "排查";
    /// Its own `GET` carries the villages' reports.
    const GET: bool = false;
}

impl super::kit::ApiRegister for Reports {
    const PATH: &'static str = "/screening-reports";
    const TAG: &'static str = "screening";
    const NOUN: &'static str = "村（社区）排查报告";
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_rounds, create_round))
        .routes(routes!(get_round))
        .routes(routes!(add_report))
}

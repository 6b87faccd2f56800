//! Mediation committees and mediators over JSON.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::committee_revisions::{Committees, Mediators};
use crate::service::committees::{
    self as service, CommitteeInput, CommitteeSummary, CommitteeView,
};
use crate::service::mediators::MediatorRow;
use crate::service::mediators::{self, MediatorInput};
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CommitteeParams {
    /// `true` lists the withdrawn committees (作废) instead of the valid ones.
    #[serde(default)]
    pub withdrawn: bool,
}

/// Every committee the caller can see, each with its size and composition warnings.
#[utoipa::path(get, path = "/committees", tag = "committees", params(CommitteeParams),
    responses((status = 200, body = Page<CommitteeSummary>)), security(("bearer" = [])))]
pub async fn list_committees(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<CommitteeParams>,
) -> AppResult<Json<Page<CommitteeSummary>>> {
    let items = service::list(&app, &session.caller, p.withdrawn).await?;
    let total = items.len() as i64;
    Ok(Json(Page { items, total }))
}

#[utoipa::path(post, path = "/committees", tag = "committees",
    request_body = CommitteeInput,
    responses((status = 201, body = CommitteeView), (status = 400, body = crate::web::error::ErrorBody),
        (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_committee(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(input): ApiJson<CommitteeInput>,
) -> AppResult<(StatusCode, Json<CommitteeView>)> {
    let c = service::create(&app, &session.caller, input).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// A committee with its people (phones masked) and its warnings.
#[utoipa::path(get, path = "/committees/{id}", tag = "committees",
    params(("id" = i64, Path)),
    responses((status = 200, body = CommitteeView), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_committee(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<CommitteeView>> {
    Ok(Json(service::get(&app, &session.caller, id).await?))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MediatorParams {
    /// Only this committee's people.
    pub committee_id: Option<i64>,
    /// Include people who have left (default: active only).
    #[serde(default)]
    pub inactive: bool,
    /// `true` lists the withdrawn people (作废) instead of the valid ones.
    #[serde(default)]
    pub withdrawn: bool,
}

/// Mediators the caller can see; phones masked.
#[utoipa::path(get, path = "/mediators", tag = "committees", params(MediatorParams),
    responses((status = 200, body = Page<MediatorRow>)), security(("bearer" = [])))]
pub async fn list_mediators(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<MediatorParams>,
) -> AppResult<Json<Page<MediatorRow>>> {
    let items = mediators::list(
        &app,
        &session.caller,
        p.committee_id,
        p.inactive,
        p.withdrawn,
    )
    .await?;
    let total = items.len() as i64;
    Ok(Json(Page { items, total }))
}

#[utoipa::path(post, path = "/mediators", tag = "committees", request_body = MediatorInput,
    responses((status = 201, body = MediatorRow), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_mediator(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(input): ApiJson<MediatorInput>,
) -> AppResult<(StatusCode, Json<MediatorRow>)> {
    let m = mediators::create(&app, &session.caller, input).await?;
    Ok((StatusCode::CREATED, Json(m)))
}

/// One mediator; the full phone for roles that handle cases (the view is logged).
#[utoipa::path(get, path = "/mediators/{id}", tag = "committees",
    params(("id" = i64, Path)),
    responses((status = 200, body = MediatorRow), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_mediator(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<MediatorRow>> {
    Ok(Json(mediators::get(&app, &session.caller, id).await?))
}

impl super::kit::ApiRegister for Committees {
    const PATH: &'static str = "/committees";
    const TAG: &'static str = "committees";
    const NOUN: &'static str = "人民调解委员会";
    /// Its own `GET` lists the committee's members too.
    const GET: bool = false;
}

impl super::kit::ApiRegister for Mediators {
    const PATH: &'static str = "/mediators";
    const TAG: &'static str = "committees";
    const NOUN: &'static str = "人民调解员";
    /// Its own `GET` shows the full phone to roles that handle cases (a logged view).
    const GET: bool = false;
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_committees, create_committee))
        .routes(routes!(get_committee))
        .routes(routes!(list_mediators, create_mediator))
        .routes(routes!(get_mediator))
}

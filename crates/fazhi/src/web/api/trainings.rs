//! Mediation trainings over JSON.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::training_revisions::Trainings;
use crate::service::trainings::{self as service, TotalsView, TrainingInput, TrainingQuery};
use crate::storage::trainings::TrainingRow;
use crate::web::extract::{ApiJson, ApiQuery, Paging};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct TrainingParams {
    pub year: Option<i32>,
    /// An organisation code within the caller's subtree.
    pub org: Option<String>,
    /// `true` lists the withdrawn trainings (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// A page of trainings and the totals of every training the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TrainingPage {
    pub items: Vec<TrainingRow>,
    pub total: i64,
    pub totals: TotalsView,
}

#[utoipa::path(get, path = "/trainings", tag = "trainings", params(TrainingParams),
    responses((status = 200, body = TrainingPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_trainings(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<TrainingParams>,
) -> AppResult<Json<TrainingPage>> {
    let paging = Paging::new(p.page, p.per_page);
    let q = TrainingQuery {
        year: p.year,
        org: p.org.as_deref(),
        withdrawn: p.withdrawn.unwrap_or(false),
    };
    let list = service::list(
        &app,
        &session.caller,
        &q,
        Some((paging.page, paging.per_page)),
    )
    .await?;
    Ok(Json(TrainingPage {
        items: list.items,
        total: list.totals.trainings,
        totals: list.totals.into(),
    }))
}

#[utoipa::path(post, path = "/trainings", tag = "trainings", request_body = TrainingInput,
    responses((status = 201, body = TrainingRow), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_training(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(input): ApiJson<TrainingInput>,
) -> AppResult<(StatusCode, Json<TrainingRow>)> {
    let t = service::create(&app, &session.caller, input).await?;
    Ok((StatusCode::CREATED, Json(t)))
}

impl super::kit::ApiRegister for Trainings {
    const PATH: &'static str = "/trainings";
    const TAG: &'static str = "trainings";
    const NOUN: &'static str = "调解培训";
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(list_trainings, create_training))
}

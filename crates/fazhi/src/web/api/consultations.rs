//! Legal consultations over JSON.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::casework::ShowParams;
use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::consultation_revisions::Consultations;
use crate::service::consultations::Consultation;
use crate::service::consultations::{self as service, ConsultationView, NewConsultationInput};
use crate::web::extract::{ApiJson, ApiPath, ApiQuery, Paging};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ConsultationParams {
    pub year: Option<i32>,
    /// Words in the person's name or the topic.
    pub q: Option<String>,
    /// `true` lists the withdrawn consultations (作废) instead of the valid ones.
    pub withdrawn: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/consultations", tag = "consultations",
    params(ConsultationParams), responses((status = 200, body = Page<Consultation>)),
    security(("bearer" = [])))]
pub async fn list_consultations(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<ConsultationParams>,
) -> AppResult<Json<Page<Consultation>>> {
    let paging = Paging::new(p.page, p.per_page);
    let q = p.q.filter(|q| !q.trim().is_empty());
    let (items, total) = service::list(
        &app,
        &session.caller,
        p.year,
        q,
        p.withdrawn.unwrap_or(false),
        i64::from(paging.per_page),
        paging.offset(),
    )
    .await?;
    Ok(Json(Page { items, total }))
}

#[utoipa::path(post, path = "/consultations", tag = "consultations",
    request_body = NewConsultationInput,
    responses((status = 201, body = Consultation), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_consultation(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(input): ApiJson<NewConsultationInput>,
) -> AppResult<(StatusCode, Json<Consultation>)> {
    let c = service::create(&app, &session.caller, input).await?;
    Ok((StatusCode::CREATED, Json(c)))
}

/// A consultation; its phone is masked unless `reveal=true` is asked for.
#[utoipa::path(get, path = "/consultations/{id}", tag = "consultations",
    params(("id" = i64, Path), ShowParams),
    responses((status = 200, body = ConsultationView), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_consultation(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<ShowParams>,
) -> AppResult<Json<ConsultationView>> {
    let v = service::get(&app, &session.caller, id, p.reveal.unwrap_or(false)).await?;
    Ok(Json(v))
}

impl super::kit::ApiRegister for Consultations {
    const PATH: &'static str = "/consultations";
    const TAG: &'static str = "consultations";
    const NOUN: &'static str = "法律咨询";
    const GET: bool = false;
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_consultations, create_consultation))
        .routes(routes!(get_consultation))
}

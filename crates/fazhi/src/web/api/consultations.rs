//! Legal consultations over JSON.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;

use super::casework::{get_shown, paged, post_create};
use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::consultation_revisions::Consultations;
use crate::service::consultations::Consultation;
use crate::service::consultations::{self as service, ConsultationView, NewConsultationInput};
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
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
    let q = p.q.filter(|q| !q.trim().is_empty());
    let withdrawn = p.withdrawn.unwrap_or(false);
    paged(p.page, p.per_page, |limit, offset| {
        service::list(&app, &session.caller, p.year, q, withdrawn, limit, offset)
    })
    .await
}

post_create!(
    create_consultation,
    "/consultations",
    "consultations",
    NewConsultationInput,
    service::create,
    Consultation
);

get_shown!(
    /// A consultation; its phone is masked unless `reveal=true` is asked for.
    get_consultation,
    "/consultations/{id}",
    "consultations",
    service::get,
    ConsultationView
);

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

//! Legal consultations over JSON.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use super::publicity::WithdrawRequest;
use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::consultation_revisions as revisions;
use crate::service::consultations::{self as service, ConsultationView, NewConsultationInput};
use crate::service::revision::HistoryEntry;
use crate::storage::consultations::Consultation;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, ApiPath, ApiQuery, Paging};
use crate::web::session::ApiUser;

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

#[utoipa::path(get, path = "/api/v1/consultations", tag = "consultations",
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

#[utoipa::path(post, path = "/api/v1/consultations", tag = "consultations",
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

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ShowParams {
    /// `true` to show the full phone (roles that handle cases only; logged).
    pub reveal: Option<bool>,
}

/// A consultation; its phone is masked unless `reveal=true` is asked for.
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "consultations",
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

/// A partial correction of a consultation: the fields given replace the stored ones (`phone`
/// `""` clears it); `version` is the version the correction was based on (from the
/// consultation as last read). The link to a dispute is not edited here.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsultationPatch {
    pub version: i64,
    pub consulted_on: Option<String>,
    pub channel: Option<String>,
    /// Code of the person's village; `""` for none.
    pub village: Option<String>,
    pub person: Option<String>,
    pub phone: Option<String>,
    pub topic: Option<String>,
    pub category: Option<String>,
    pub answer: Option<String>,
    pub aid_explained: Option<bool>,
    pub handler: Option<String>,
    pub follow_up: Option<String>,
}

impl ConsultationPatch {
    fn apply(self, mut input: NewConsultationInput) -> NewConsultationInput {
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(v) = self.$field { input.$field = v; } )* };
        }
        take!(
            consulted_on,
            channel,
            village,
            person,
            phone,
            topic,
            category,
            answer,
            aid_explained,
            handler,
            follow_up
        );
        input
    }
}

/// Corrects a consultation. A `version` other than the stored one answers 409
/// `stale_version` and changes nothing; a withdrawn consultation answers 409 `withdrawn`.
#[utoipa::path(patch, path = "/api/v1/consultations/{id}", tag = "consultations",
    params(("id" = i64, Path)), request_body = ConsultationPatch,
    responses((status = 200, body = Consultation), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn patch_consultation(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(patch): ApiJson<ConsultationPatch>,
) -> AppResult<Json<Consultation>> {
    let version = patch.version;
    Ok(Json(
        revisions::update(&app, &session.caller, id, version, |input| {
            patch.apply(input)
        })
        .await?,
    ))
}

/// Withdraws a consultation (作废): kept, but no longer counted in lists, totals, the
/// dashboard, the annual report or exports (`?withdrawn=true` lists the withdrawn ones).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/withdraw", tag = "consultations",
    params(("id" = i64, Path)), request_body = WithdrawRequest,
    responses((status = 200, body = Consultation), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn withdraw_consultation(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiJson(r): ApiJson<WithdrawRequest>,
) -> AppResult<Json<Consultation>> {
    Ok(Json(
        revisions::withdraw(&app, &session.caller, id, &r.reason).await?,
    ))
}

/// Restores a withdrawn consultation (administrators).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/restore", tag = "consultations",
    params(("id" = i64, Path)),
    responses((status = 200, body = Consultation), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn restore_consultation(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Consultation>> {
    Ok(Json(revisions::restore(&app, &session.caller, id).await?))
}

/// The consultation's history (修改记录): every change with who, when, and each field's old →
/// new value under its Chinese label (phones masked).
#[utoipa::path(get, path = "/api/v1/consultations/{id}/history", tag = "consultations",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn consultation_history(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Vec<HistoryEntry>>> {
    Ok(Json(revisions::history(&app, &session.caller, id).await?))
}

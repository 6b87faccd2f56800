//! A body's portal profile over JSON: its address, office hours, phones, the leader
//! responsible for 政务公开 and its 政府信息公开指南, read and replaced by staff with the 政务公开
//! right, within their subtree (404 outside it).

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::SharedApp;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::portal::{self, Profile};
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::session::ApiUser;

/// A body's portal profile and where it shows.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProfileView {
    pub org: String,
    pub org_name: String,
    /// The body's portal home, `/public/{org}/`.
    pub portal: String,
    #[serde(flatten)]
    pub profile: Profile,
}

fn view(org: crate::service::orgs::Org, profile: Profile) -> ProfileView {
    ProfileView {
        portal: format!("/public/{}/", org.code),
        org: org.code,
        org_name: org.name,
        profile,
    }
}

/// An organisation outside the caller's subtree is not found, as every record outside it.
fn outside_is_missing(e: AppError) -> AppError {
    if e.kind == ErrorKind::BadRequest && e.fields.contains_key("org") {
        AppError::not_found()
    } else {
        e
    }
}

/// The portal profile of organisation `org` (its default guide until one is saved).
#[utoipa::path(get, path = "/portal-profiles/{org}", tag = "portal",
    params(("org" = String, Path, description = "organisation code")),
    responses((status = 200, body = ProfileView), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_profile(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(org): ApiPath<String>,
) -> AppResult<Json<ProfileView>> {
    let (org, p) = portal::profile_for(&app, &session.caller, Some(&org))
        .await
        .map_err(outside_is_missing)?;
    Ok(Json(view(org, p)))
}

/// Replaces the portal profile of `org`; the portal shows it at once.
#[utoipa::path(put, path = "/portal-profiles/{org}", tag = "portal",
    params(("org" = String, Path, description = "organisation code")), request_body = Profile,
    responses((status = 200, body = ProfileView), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn put_profile(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(org): ApiPath<String>,
    ApiJson(p): ApiJson<Profile>,
) -> AppResult<Json<ProfileView>> {
    let (org, p) = portal::save_profile(&app, &session.caller, Some(&org), p)
        .await
        .map_err(outside_is_missing)?;
    Ok(Json(view(org, p)))
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(get_profile, put_profile))
}

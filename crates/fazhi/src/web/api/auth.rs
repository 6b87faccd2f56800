//! Sign-in for programs: a bearer token per login, revocable.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::accounts;
use crate::storage::sessions::SessionKind;
use crate::web::extract::ApiJson;
use crate::web::middleware::ClientAddr;
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
}

#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse), (status = 400, body = crate::web::error::ErrorBody),
              (status = 401, body = crate::web::error::ErrorBody),
              (status = 429, body = crate::web::error::ErrorBody)))]
pub async fn login(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    ApiJson(req): ApiJson<LoginRequest>,
) -> AppResult<Json<LoginResponse>> {
    let (token, _) =
        accounts::login(&app, &req.username, &req.password, &addr, SessionKind::Api).await?;
    Ok(Json(LoginResponse { token }))
}

#[utoipa::path(post, path = "/auth/logout", tag = "auth",
    responses((status = 204, description = "令牌已注销")), security(("bearer" = [])))]
pub async fn logout(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
) -> AppResult<StatusCode> {
    accounts::logout(&app, &session.caller, session.user.session_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
}

#[utoipa::path(get, path = "/me", tag = "auth",
    responses((status = 200, body = Me)), security(("bearer" = [])))]
pub async fn me(ApiUser(session): ApiUser) -> Json<Me> {
    let u = session.user;
    Json(Me {
        id: u.user_id,
        username: u.username,
        display_name: u.display_name,
        role: u.role,
        org_id: u.org_id,
        org_code: u.org_code,
        org_name: u.org_name,
    })
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
}

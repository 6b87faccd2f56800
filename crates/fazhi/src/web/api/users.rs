//! Administering accounts (`PATCH /users/{id}`, `POST /users/{id}/reset-password`) and a
//! user's own sign-ins (`GET /me/tokens`, `DELETE /me/tokens/{id}`).

use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::Json;
use fazhi_domain::access::Area;
use serde::{Deserialize, Serialize};

use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::accounts::UserRow;
use crate::service::user_admin::{self, OwnSession, UserChanges};

use crate::web::extract::{ApiJson, ApiPath};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// false disables the account (its sessions and tokens stop at once); true enables it.
    pub active: Option<bool>,
    /// admin | leader | staff | mediator | adviser | enforcer | viewer
    pub role: Option<String>,
    /// Code of the organisation to move the user to (within the caller's scope).
    pub org: Option<String>,
    /// The name shown for the user (姓名), at most 50 characters.
    pub display_name: Option<String>,
}

/// Changes any of a user's active state, role, organisation and display name, each change
/// audited (`user_enabled`, `user_disabled`, `role_changed`, `user_moved`, `user_renamed`).
/// The last active administrator of an organisation cannot be disabled, demoted or moved (409).
#[utoipa::path(patch, path = "/users/{id}", tag = "admin", request_body = UserPatch,
    params(("id" = i64, Path, description = "用户 ID")),
    responses((status = 200, body = UserRow), (status = 400, body = crate::web::error::ErrorBody),
              (status = 404, body = crate::web::error::ErrorBody),
              (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn update_user(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> AppResult<Json<UserRow>> {
    // Who may act is checked before the body is read.
    session.caller.require_write(Area::Users)?;
    let ApiJson(p) = ApiJson::<UserPatch>::from_request(request, &()).await?;
    let row = user_admin::update(
        &app,
        &session.caller,
        id,
        UserChanges {
            active: p.active,
            role: p.role.as_deref(),
            org: p.org.as_deref(),
            display_name: p.display_name.as_deref(),
        },
    )
    .await?;
    Ok(Json(row))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PasswordReset {
    pub username: String,
    /// The one-time password: shown this once, to be changed at the next sign-in.
    pub password: String,
}

/// Gives a user a one-time password (answered once, never stored in clear); they must change
/// it at their next sign-in, and all their sessions and tokens end now. Audited as
/// `password_reset`.
#[utoipa::path(post, path = "/users/{id}/reset-password", tag = "admin",
    params(("id" = i64, Path, description = "用户 ID")),
    responses((status = 200, body = PasswordReset), (status = 404, body = crate::web::error::ErrorBody),
              (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn reset_password(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<PasswordReset>> {
    let (user, password) = user_admin::reset_password(&app, &session.caller, id).await?;
    Ok(Json(PasswordReset {
        username: user.username,
        password,
    }))
}

/// The caller's own live sign-ins: browser sessions (`browser`) and API tokens (`api`), with
/// when each was created and expires (UTC); `current` marks the token of this request.
#[utoipa::path(get, path = "/me/tokens", tag = "auth",
    responses((status = 200, body = Page<OwnSession>)), security(("bearer" = [])))]
pub async fn list_own_tokens(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
) -> AppResult<Json<Page<OwnSession>>> {
    let items = user_admin::own_sessions(&app, &session.caller, session.user.session_id).await?;
    Ok(Json(Page {
        total: items.len() as i64,
        items,
    }))
}

/// Revokes one of the caller's own sessions or tokens; another user's is not found (404).
#[utoipa::path(delete, path = "/me/tokens/{id}", tag = "auth",
    params(("id" = i64, Path, description = "会话或令牌 ID")),
    responses((status = 204, description = "已注销"), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn revoke_own_token(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<StatusCode> {
    user_admin::revoke_own_session(&app, &session.caller, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`).
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(update_user))
        .routes(routes!(reset_password))
        .routes(routes!(list_own_tokens))
        .routes(routes!(revoke_own_token))
}

//! Organisations, users and the audit log.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use fazhi_domain::access::Area;
use serde::Deserialize;

use super::Page;
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::accounts::{User, UserRow};
use crate::service::audit_log::{AuditQuery, ReadableEntry};
use crate::service::orgs::Org;
use crate::service::{accounts, audit_log, orgs as org_service};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[utoipa::path(get, path = "/orgs", tag = "admin",
    responses((status = 200, body = Page<Org>)), security(("bearer" = [])))]
pub async fn list_orgs(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
) -> AppResult<Json<Page<Org>>> {
    session.caller.require_read(Area::Orgs)?;
    let items = org_service::visible(&app, &session.caller).await?;
    Ok(Json(Page {
        total: items.len() as i64,
        items,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrgRequest {
    pub code: String,
    pub name: String,
    /// county | town | village | committee
    pub kind: String,
    /// Code of the parent organisation.
    pub parent: String,
}

#[utoipa::path(post, path = "/orgs", tag = "admin", request_body = NewOrgRequest,
    responses((status = 201, body = Org), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_org(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(req): ApiJson<NewOrgRequest>,
) -> AppResult<(StatusCode, Json<Org>)> {
    let org = org_service::create_org(
        &app,
        &session.caller,
        org_service::NewOrgInput {
            code: &req.code,
            name: &req.name,
            kind: &req.kind,
            parent_code: Some(&req.parent),
            region: None,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(org)))
}

#[utoipa::path(get, path = "/users", tag = "admin",
    responses((status = 200, body = Page<UserRow>)), security(("bearer" = [])))]
pub async fn list_users(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
) -> AppResult<Json<Page<UserRow>>> {
    let items = accounts::list_users(&app, &session.caller).await?;
    Ok(Json(Page {
        total: items.len() as i64,
        items,
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserRequest {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    /// admin | leader | staff | mediator | adviser | enforcer | viewer
    pub role: String,
    /// Code of the user's organisation.
    pub org: String,
    /// Initial password; the user must change it at first sign-in.
    pub password: String,
}

#[utoipa::path(post, path = "/users", tag = "admin", request_body = NewUserRequest,
    responses((status = 201, body = User), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn create_user(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiJson(req): ApiJson<NewUserRequest>,
) -> AppResult<(StatusCode, Json<User>)> {
    let user = accounts::create_user(
        &app,
        &session.caller,
        accounts::NewUserInput {
            username: &req.username,
            display_name: &req.display_name,
            role: &req.role,
            org_code: &req.org,
            password: &req.password,
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// The audit log, newest first, each entry with its actions, record kind and values in Chinese
/// as well as its codes and JSON; `entity` and `action` accept codes or Chinese (纠纷, 编辑). ID
/// numbers and phones in the recorded values are masked unless `reveal=true`.
#[utoipa::path(get, path = "/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, body = Page<ReadableEntry>)), security(("bearer" = [])))]
pub async fn list_audit(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> AppResult<Json<Page<ReadableEntry>>> {
    let view = audit_log::list(&app, &session.caller, &q).await?;
    Ok(Json(Page {
        items: view.entries,
        total: view.total,
    }))
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_orgs, create_org))
        .routes(routes!(list_users, create_user))
        .routes(routes!(list_audit))
}

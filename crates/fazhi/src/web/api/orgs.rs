//! One organisation: read it, and rename, recode, move or switch it off (administrators, within
//! their subtree; 404 outside it).

use axum::extract::{FromRequest, Request, State};
use axum::Json;
use fazhi_domain::access::Area;

use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::orgs::{self as org_service, OrgChange, OrgDetail};
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, ApiPath};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// An organisation with its parent and former codes.
#[utoipa::path(get, path = "/orgs/{id}", tag = "admin",
    params(("id" = i64, Path)),
    responses((status = 200, body = OrgDetail), (status = 404, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_org(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<OrgDetail>> {
    session.caller.require_read(Area::Orgs)?;
    Ok(Json(org_service::get(&app, &session.caller, id).await?))
}

/// Renames (`name`), recodes (`code`; the old code stays valid), moves under another parent
/// (`parent`, a code: the whole subtree and its records go with it) or switches off and on
/// (`active`) an organisation; any of them, in one transaction. A move into its own subtree is
/// refused; `active: false` refuses new records in it and everything below it.
#[utoipa::path(patch, path = "/orgs/{id}", tag = "admin",
    params(("id" = i64, Path)), request_body = OrgChange,
    responses((status = 200, body = OrgDetail), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn patch_org(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> AppResult<Json<OrgDetail>> {
    // Who may act, and on what, before the body is read.
    org_service::may_change(&app, &session.caller, id).await?;
    let ApiJson(change) = ApiJson::<OrgChange>::from_request(request, &()).await?;
    Ok(Json(
        org_service::change(&app, &session.caller, id, change).await?,
    ))
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`).
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(get_org, patch_org))
}

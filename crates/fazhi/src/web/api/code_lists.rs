//! Code lists: what the caller's organisation sees, and an administrator's additions (a local
//! code or an alias).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::code_lists::{self, AliasRow, CodeRow, ListView};
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::session::ApiUser;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CodeListParams {
    /// Organisation code within the caller's subtree; defaults to the caller's own.
    pub org: Option<String>,
}

/// The codes (national, and those of the organisation and the ones above it) and aliases of
/// one list. `list`: dispute-types, dispute-sources, consultation-categories,
/// consultation-handling, publicity-themes, publicity-forms, venue-types, campaigns,
/// study-forms.
#[utoipa::path(get, path = "/code-lists/{list}", tag = "admin",
    params(("list" = String, Path), CodeListParams),
    responses((status = 200, body = ListView), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn get_code_list(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(list): ApiPath<String>,
    ApiQuery(q): ApiQuery<CodeListParams>,
) -> AppResult<Json<ListView>> {
    let list = code_lists::list_name(&list)?;
    Ok(Json(
        code_lists::view(&app, &session.caller, list, q.org.as_deref()).await?,
    ))
}

/// A new local code (`{"name": …}`) or an alias (`{"alias": …, "name": …}`), for `org` (an
/// organisation code within the caller's subtree; default the caller's own).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeListAddition {
    /// The new code's name, or (with `alias`) the code the alias stands for.
    pub name: String,
    /// Another spelling of `name`, accepted by imports, forms and search.
    pub alias: Option<String>,
    pub org: Option<String>,
}

/// What was added: `code` or `alias`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CodeListAdded {
    pub code: Option<CodeRow>,
    pub alias: Option<AliasRow>,
}

/// Adds a local code or an alias (administrators; 201).
#[utoipa::path(post, path = "/code-lists/{list}", tag = "admin",
    params(("list" = String, Path)), request_body = CodeListAddition,
    responses((status = 201, body = CodeListAdded), (status = 400, body = crate::web::error::ErrorBody),
        (status = 403, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_to_code_list(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(list): ApiPath<String>,
    ApiJson(req): ApiJson<CodeListAddition>,
) -> AppResult<(StatusCode, Json<CodeListAdded>)> {
    let caller = &session.caller;
    let list = code_lists::list_name(&list)?;
    let org = req.org.as_deref();
    let added = match &req.alias {
        Some(alias) => CodeListAdded {
            code: None,
            alias: Some(code_lists::add_alias(&app, caller, list, alias, &req.name, org).await?),
        },
        None => CodeListAdded {
            code: Some(code_lists::add_code(&app, caller, list, &req.name, org).await?),
            alias: None,
        },
    };
    Ok((StatusCode::CREATED, Json(added)))
}

/// `{"active": false}` deactivates a code (refused for new records, kept on old ones);
/// `{"active": true}` brings it back.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeActivation {
    pub active: bool,
}

/// Deactivates or reactivates one code (administrators over the organisation that added it;
/// national codes: administrators of a top-level organisation). 404 outside the caller's scope.
#[utoipa::path(post, path = "/code-lists/{list}/codes/{id}", tag = "admin",
    params(("list" = String, Path), ("id" = i64, Path)), request_body = CodeActivation,
    responses((status = 200, body = CodeRow), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn set_code_active(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath((list, id)): ApiPath<(String, i64)>,
    ApiJson(req): ApiJson<CodeActivation>,
) -> AppResult<Json<CodeRow>> {
    let list = code_lists::list_name(&list)?;
    Ok(Json(
        code_lists::set_active(&app, &session.caller, list, id, req.active).await?,
    ))
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(get_code_list, add_to_code_list))
        .routes(routes!(set_code_active))
}

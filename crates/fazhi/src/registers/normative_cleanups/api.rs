//! Clean-up campaigns over JSON: the list, registration, a campaign with its documents, and one
//! `POST /normative-cleanups/{id}/{step}` per step (`result`, `finish`, `publish`); the kit adds
//! `GET`/`PATCH /normative-cleanups/{id}`, withdraw, restore and history.

use axum::extract::{Request, State};
use axum::Json;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, CleanupInput, CleanupRow, CleanupView, NormativeCleanups, StepInput};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::{body_of_writer, ApiRegister};
use crate::web::api::year_lists::{create, YearParams};
use crate::web::extract::{ApiPath, ApiQuery};
use crate::web::session::ApiUser;

/// A page of campaigns and how many the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CleanupPage {
    pub items: Vec<CleanupRow>,
    pub total: i64,
}

#[utoipa::path(get, path = "/normative-cleanups", tag = "normative-cleanups", params(YearParams),
    responses((status = 200, body = CleanupPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_cleanups(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<CleanupPage>> {
    let (q, page) = p.split();
    let (items, total) = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(CleanupPage { items, total }))
}

create!(create_cleanup, "/normative-cleanups", "normative-cleanups", CleanupInput,
    service::create => CleanupRow,
    responses((status = 400, body = crate::web::error::ErrorBody),
        (status = 404, description = "a document named is another organisation's", body = crate::web::error::ErrorBody),
        (status = 409, description = "a document named is not in force on the start: `not_in_force`",
            body = crate::web::error::ErrorBody)));

/// The campaign's documents with their results.
#[utoipa::path(get, path = "/normative-cleanups/{id}/documents", tag = "normative-cleanups",
    params(("id" = i64, Path)),
    responses((status = 200, body = CleanupView), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn cleanup_documents(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<CleanupView>> {
    Ok(Json(service::view(&app, &session.caller, id).await?))
}

/// A step: `result` (document, result: keep | amend | repeal | invalidate, reason; a document
/// not in force on the start is refused with 409 `not_in_force`), `finish` (finished_on: every
/// document needs a result, else 409 `results_missing`; 废止 and 宣布失效 repeal the document,
/// 修改 puts it on the to-do list, in one transaction) and `publish` (published_on: the lists go
/// on the portal). A field of another step is refused by name.
#[utoipa::path(post, path = "/normative-cleanups/{id}/{step}", tag = "normative-cleanups",
    params(("id" = i64, Path), ("step" = String, Path, description = "result | finish | publish")),
    request_body = StepInput,
    responses((status = 200, body = CleanupView), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody), (status = 409, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn take_step(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath((id, step)): ApiPath<(i64, String)>,
    request: Request,
) -> AppResult<Json<CleanupView>> {
    let input: StepInput = body_of_writer::<NormativeCleanups, _>(&session.caller, request).await?;
    Ok(Json(
        service::take_step(&app, &session.caller, id, &step, input).await?,
    ))
}

impl ApiRegister for NormativeCleanups {
    const PATH: &'static str = "/normative-cleanups";
    const TAG: &'static str = "normative-cleanups";
    const NOUN: &'static str = "规范性文件清理";
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_cleanups, create_cleanup))
        .routes(routes!(cleanup_documents))
        .routes(routes!(take_step))
}

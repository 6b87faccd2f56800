//! Meetings over JSON: the list and registration (`simple_api!`), the kit's `GET`/`PATCH
//! /meetings/{id}`, withdraw, restore and history, and the minutes (会议纪要) as attachments.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;

use super::service::{self, MeetingInput, MeetingRow, Meetings};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::attachments::Attachment;
use crate::web::api::files::FileParams;
use crate::web::api::year_lists::simple_api;
use crate::web::extract::{ApiPath, ApiQuery};
use crate::web::session::ApiUser;

mod register {
    use super::*;
    simple_api!(Meetings, MeetingInput, MeetingRow, "/meetings", "meetings", "会议",
        list_meetings, create_meeting);
}

/// Attaches the minutes (a PDF scan or a photo, at most 20 MB; the body is the file) to a
/// meeting the caller may change.
#[utoipa::path(post, path = "/meetings/{id}/minutes", tag = "meetings",
    params(("id" = i64, Path), FileParams),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 201, body = Attachment), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn attach_minutes(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<FileParams>,
    body: Bytes,
) -> AppResult<(StatusCode, Json<Attachment>)> {
    let a = service::attach_minutes(&app, &session.caller, id, &p.name, body.to_vec()).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// A meeting's minutes (the files attached to it).
#[utoipa::path(get, path = "/meetings/{id}/minutes", tag = "meetings",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<Attachment>), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_minutes(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
) -> AppResult<Json<Vec<Attachment>>> {
    Ok(Json(service::minutes(&app, &session.caller, id).await?))
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    register::routes().routes(utoipa_axum::routes!(attach_minutes, list_minutes))
}

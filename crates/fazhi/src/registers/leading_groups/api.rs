//! Leading groups over JSON: the list and registration (`simple_api!`), the kit's `GET`/`PATCH
//! /leading-groups/{id}`, withdraw, restore and history; a group's composition on a date and
//! adding a member. A member's leaving is an edit of that membership (`PATCH
//! /leading-group-members/{id}` with `to_on` and the `document`), never a deletion.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;

use super::service::{self, Composition, LeadingGroupInput, LeadingGroupRow, LeadingGroups};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::registers::leading_group_members::service::{MemberInput, MemberRow};
use crate::web::api::kit::body_of_writer;
use crate::web::api::year_lists::simple_api;
use crate::web::extract::{ApiPath, ApiQuery};
use crate::web::session::ApiUser;

mod register {
    use super::*;
    simple_api!(LeadingGroups, LeadingGroupInput, LeadingGroupRow, "/leading-groups",
        "leading-groups", "法治建设领导小组", list_leading_groups, create_leading_group);
}

/// The day whose composition is read.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CompositionParams {
    /// e.g. 2023-06-30; today (Beijing) when left out.
    pub on: Option<NaiveDate>,
}

/// The group and its members on a day: the current composition, or the one on `on`.
#[utoipa::path(get, path = "/leading-groups/{id}/members", tag = "leading-groups",
    params(("id" = i64, Path, description = "the leading group"), CompositionParams),
    responses((status = 200, body = Composition), (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn group_composition(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<CompositionParams>,
) -> AppResult<Json<Composition>> {
    Ok(Json(service::composition(&app, &session.caller, id, p.on).await?))
}

/// Adds a member (person, post, role, from date, the document that appointed them); `org` and
/// `group` are the group's.
#[utoipa::path(post, path = "/leading-groups/{id}/members", tag = "leading-groups",
    params(("id" = i64, Path)),
    request_body = MemberInput,
    responses((status = 201, body = MemberRow), (status = 400, body = crate::web::error::ErrorBody),
        (status = 404, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn add_member(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(id): ApiPath<i64>,
    request: Request,
) -> AppResult<(StatusCode, Json<MemberRow>)> {
    let input: MemberInput = body_of_writer::<LeadingGroups, _>(&session.caller, request).await?;
    let row = service::add_member(&app, &session.caller, id, input).await?;
    Ok((StatusCode::CREATED, Json(row)))
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    register::routes().routes(utoipa_axum::routes!(group_composition, add_member))
}

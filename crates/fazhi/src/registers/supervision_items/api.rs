//! Supervision items over JSON: the list and registration, and the steps
//! `POST /supervision-items/{id}/reply` and `…/rectify`; the kit adds `GET`/`PATCH
//! /supervision-items/{id}`, withdraw, restore and history.

use axum::extract::{FromRequest, Request, State};
use axum::Json;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, ItemInput, RectifyInput, ReplyInput, SupervisionItemRow, SupervisionItems, AREA};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::files::files_api;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, YearParams};
use crate::web::extract::{ApiJson, ApiPath, ApiQuery};
use crate::web::session::ApiUser;

/// A page of items and how many the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SupervisionItemPage {
    pub items: Vec<SupervisionItemRow>,
    pub total: i64,
}

#[utoipa::path(get, path = "/supervision-items", tag = "supervision-items", params(YearParams),
    responses((status = 200, body = SupervisionItemPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_supervision_items(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<SupervisionItemPage>> {
    let (q, page) = p.split();
    let (items, total) = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(SupervisionItemPage { items, total }))
}

create!(create_supervision_item, "/supervision-items", "supervision-items", ItemInput,
    service::create => SupervisionItemRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

/// A step `POST /supervision-items/{id}/<step>`: the caller's right is checked before the body
/// is read.
macro_rules! step {
    ($name:ident, $path:literal, $input:ty, $service:path, $doc:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "supervision-items",
            params(("id" = i64, Path)), request_body = $input,
            responses((status = 200, body = SupervisionItemRow), (status = 400, body = crate::web::error::ErrorBody),
                (status = 403, body = crate::web::error::ErrorBody), (status = 404, body = crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            State(app): State<SharedApp>,
            ApiUser(session): ApiUser,
            ApiPath(id): ApiPath<i64>,
            request: Request,
        ) -> AppResult<Json<SupervisionItemRow>> {
            session.caller.require_write(AREA)?;
            let ApiJson(input) = ApiJson::<$input>::from_request(request, &()).await?;
            Ok(Json($service(&app, &session.caller, id, input).await?))
        }
    };
}

step!(reply_supervision_item, "/supervision-items/{id}/reply", ReplyInput, service::reply,
    "The reply to a suggestion, proposal or letter, or the published response to a media issue.");
step!(rectify_supervision_item, "/supervision-items/{id}/rectify", RectifyInput, service::rectify,
    "A finding's rectification: measures, deadline, evidence and completion date.");

impl ApiRegister for SupervisionItems {
    const PATH: &'static str = "/supervision-items";
    const TAG: &'static str = "supervision-items";
    const NOUN: &'static str = "监督事项";
}

files_api!(SupervisionItems, "/supervision-items/{id}/attachments", "supervision-items",
    "evidence (整改佐证材料、答复函扫描件)", attach_evidence, list_evidence);

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(list_supervision_items, create_supervision_item))
        .routes(routes!(reply_supervision_item))
        .routes(routes!(rectify_supervision_item))
        .routes(routes!(attach_evidence, list_evidence))
}

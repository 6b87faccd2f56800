//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.

pub mod admin;
pub mod auth;
pub mod calendar;
pub mod casework;
pub mod code_lists;
pub mod committees;
pub mod consultations;
pub mod disputes;
pub mod evidence;
pub mod files;
pub mod imports;
pub mod kit;
pub mod legal_aid;
pub mod orgs;
pub mod portal;
pub mod publicity;
pub mod report;
pub mod screening;
pub mod trainings;
pub mod users;
pub mod year_lists;

use axum::routing::get;
use axum::Router;
use serde::Serialize;
use utoipa::openapi::OpenApi;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;

use crate::app::SharedApp;

/// The API's router and its OpenAPI document, from one declaration: each module lists its
/// handlers once (`routes()`), the registers on the kit come from `kit`'s one list.
pub fn router_and_document() -> (Router<SharedApp>, OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(super::openapi::ApiDoc::openapi())
        .merge(auth::routes())
        .merge(admin::routes())
        .merge(users::routes())
        .merge(orgs::routes())
        .merge(portal::routes())
        .merge(code_lists::routes())
        .merge(publicity::routes())
        .merge(calendar::routes())
        .merge(report::routes())
        .merge(evidence::routes())
        .merge(disputes::routes())
        .merge(consultations::routes())
        .merge(legal_aid::routes())
        .merge(committees::routes())
        .merge(trainings::routes())
        .merge(screening::routes())
        .merge(imports::routes())
        .merge(crate::registers::api_routes())
        .split_for_parts();
    // The handlers' paths are relative to where the API is mounted.
    doc.paths.paths = std::mem::take(&mut doc.paths.paths)
        .into_iter()
        .map(|(path, item)| (format!("/api/v1{path}"), item))
        .collect();
    kit::document_all(&mut doc);
    (router.merge(kit::router()), doc)
}

pub fn router() -> Router<SharedApp> {
    router_and_document()
        .0
        .route("/openapi.json", get(super::openapi::openapi_json))
}

/// Every list answers in this shape.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

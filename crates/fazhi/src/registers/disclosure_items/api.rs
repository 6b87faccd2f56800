//! Disclosure items over JSON: the staff list and registration; the kit adds `GET`/`PATCH
//! /disclosure-items/{id}` (publishing is an edit that fills 发布日期), withdraw, restore and
//! history.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, DisclosureItems, ItemInput, ItemRow};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, YearParams};
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;

/// A page of items and how many the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ItemPage {
    pub items: Vec<ItemRow>,
    pub total: i64,
}

#[utoipa::path(get, path = "/disclosure-items", tag = "disclosure-items", params(YearParams),
    responses((status = 200, body = ItemPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_items(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<ItemPage>> {
    let (q, page) = p.split();
    let (items, total) = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(ItemPage { items, total }))
}

create!(create_item, "/disclosure-items", "disclosure-items", ItemInput, service::create => ItemRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

impl ApiRegister for DisclosureItems {
    const PATH: &'static str = "/disclosure-items";
    const TAG: &'static str = "disclosure-items";
    const NOUN: &'static str = "主动公开信息";
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(list_items, create_item))
}

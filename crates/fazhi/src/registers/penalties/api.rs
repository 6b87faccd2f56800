//! Penalty decisions over JSON: the list with its totals and registration; the kit adds
//! `GET`/`PATCH /penalties/{id}`, withdraw, restore and history.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, PenaltyInput, PenaltyRow, PenaltyTotals, Penalties};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, YearParams};
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;

/// A page of penalty cases and the totals of every case the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PenaltyPage {
    pub items: Vec<PenaltyRow>,
    pub total: i64,
    pub totals: PenaltyTotals,
}

#[utoipa::path(get, path = "/penalties", tag = "penalties", params(YearParams),
    responses((status = 200, body = PenaltyPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_penalties(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<PenaltyPage>> {
    let (q, page) = p.split();
    let list = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(PenaltyPage {
        items: list.items,
        total: list.totals.cases,
        totals: list.totals,
    }))
}

create!(create_penalty, "/penalties", "penalties", PenaltyInput, service::create => PenaltyRow,
    responses((status = 400, body = crate::web::error::ErrorBody),
        (status = 409, description = "决定日期 without a passing review: `review_required`",
            body = crate::web::error::ErrorBody)));

impl ApiRegister for Penalties {
    const PATH: &'static str = "/penalties";
    const TAG: &'static str = "penalties";
    const NOUN: &'static str = "行政处罚决定";
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(list_penalties, create_penalty))
}

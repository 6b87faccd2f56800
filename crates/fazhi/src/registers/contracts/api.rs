//! Contracts over JSON: the list with its totals and registration; the kit adds `GET`/`PATCH
//! /contracts/{id}`, withdraw, restore and history.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, ContractInput, ContractRow, ContractTotals, Contracts};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, YearParams};
use crate::web::extract::ApiQuery;
use crate::web::session::ApiUser;

/// A page of contracts and the totals of every contract the filter matches.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ContractPage {
    pub items: Vec<ContractRow>,
    pub total: i64,
    pub totals: ContractTotals,
}

#[utoipa::path(get, path = "/contracts", tag = "contracts", params(YearParams),
    responses((status = 200, body = ContractPage), (status = 400, body = crate::web::error::ErrorBody)),
    security(("bearer" = [])))]
pub async fn list_contracts(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiQuery(p): ApiQuery<YearParams>,
) -> AppResult<Json<ContractPage>> {
    let (q, page) = p.split();
    let list = service::list(&app, &session.caller, &q, page).await?;
    Ok(Json(ContractPage {
        items: list.items,
        total: list.totals.contracts,
        totals: list.totals,
    }))
}

create!(create_contract, "/contracts", "contracts", ContractInput, service::create => ContractRow,
    responses((status = 400, body = crate::web::error::ErrorBody)));

impl ApiRegister for Contracts {
    const PATH: &'static str = "/contracts";
    const TAG: &'static str = "contracts";
    const NOUN: &'static str = "对外协议合同";
}

pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new().routes(routes!(list_contracts, create_contract))
}

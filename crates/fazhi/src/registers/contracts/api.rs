//! Contracts over JSON: the list with its totals and registration; the kit adds `GET`/`PATCH
//! /contracts/{id}`, withdraw, restore and history.

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, ContractInput, ContractRow, ContractTotals, Contracts};
use crate::app::SharedApp;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, totalled_page};

totalled_page!(
    /// A page of contracts and the totals of every contract the filter matches.
    ContractPage { items: ContractRow, totals: ContractTotals, total: contracts },
    list_contracts, "/contracts", "contracts", service::list
);

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

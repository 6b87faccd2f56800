//! Penalty decisions over JSON: the list with its totals and registration; the kit adds
//! `GET`/`PATCH /penalties/{id}`, withdraw, restore and history.

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::service::{self, PenaltyInput, PenaltyRow, PenaltyTotals, Penalties};
use crate::app::SharedApp;
use crate::web::api::kit::ApiRegister;
use crate::web::api::year_lists::{create, totalled_page};

totalled_page!(
    /// A page of penalty cases and the totals of every case the filter matches.
    PenaltyPage { items: PenaltyRow, totals: PenaltyTotals, total: cases },
    list_penalties, "/penalties", "penalties", service::list
);

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

//! Administrative penalty decisions (行政处罚决定): each case with its party (personal data
//! masked), facts, legal basis, the kind of penalty of 行政处罚法 第九条, the fine, the officers,
//! the dates of filing, notice, hearing, decision and service, and how it is being enforced. A
//! decision date needs a passing legality review of kind 行政处罚 (第五十八条; the gate
//! `fazhi_domain::review::PENALTY_DECIDED`). Rules in `fazhi_domain::penalty`; pages at
//! `/penalties`, API at `/api/v1/penalties`.

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{PenaltyInput, PenaltyRow, Penalties};

impl super::FolderRegister for Penalties {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes()
    }
}

//! External agreements and contracts (对外协议合同): the contracts the town signs with companies
//! and people, each put before the legal adviser first (statutes.md §3), with the counterparty's
//! 统一社会信用代码 checked, the amount, the term and how it is being performed. Rules in
//! `fazhi_domain::contract`; pages at `/contracts`, API at `/api/v1/contracts`.

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{ContractInput, Contracts};
pub use service::ContractRow;

impl super::FolderRegister for Contracts {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes()
    }
}

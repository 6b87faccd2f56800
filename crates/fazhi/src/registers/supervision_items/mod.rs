//! Supervision items (接受监督, issue #18 item 4): 人大代表建议 and 政协提案 with the deputy's
//! satisfaction, 审计 and 监察 findings with their rectification, 司法建议 and 检察建议, and
//! issues the media raise, told apart by `kind`. Each carries its reply (or rectification) due
//! date, explained and on the to-do list until answered. Rules in
//! `fazhi_domain::supervision_item`; pages at `/supervision-items`, API at
//! `/api/v1/supervision-items` (steps `reply` and `rectify`).

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{ItemInput, SupervisionItemRow, SupervisionItems};

impl super::FolderRegister for SupervisionItems {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes()
    }
}

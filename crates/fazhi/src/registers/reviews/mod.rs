//! Legality review requests (合法性审查): matters sent to the town's legal adviser before they are
//! decided, signed or carried out (statutes.md §3, §5.2), the adviser's queue and opinion, the
//! requester's adoption, the printed 合法性审查意见书, and the gate other registers declare
//! (`service::check_gate`). Rules in `fazhi_domain::review`; pages at `/review-requests`, API at
//! `/api/v1/review-requests`.

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{ReviewInput, ReviewRow, Reviews};

impl super::FolderRegister for Reviews {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes()
    }
}

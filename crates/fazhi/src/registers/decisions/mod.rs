//! Major administrative decisions (重大行政决策): the yearly decision catalogue (目录, published
//! on the portal) and each decision's statutory procedures (公众参与, 专家论证, 风险评估,
//! 合法性审查, 集体讨论决定), the package checked before collective discussion and the review
//! gate, then publication, archiving and post-evaluation (statutes.md §4). Rules in
//! `fazhi_domain::decision`; pages at `/decisions`, API at `/api/v1/decisions`, portal at
//! `/public/decisions`.

mod api;
mod pages;
mod portal;
pub mod service;
mod store;

pub use service::{DecisionInput, DecisionRow, Decisions};

impl super::FolderRegister for Decisions {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes().merge(portal::routes())
    }
}

//! Clean-up campaigns of normative documents (行政规范性文件清理, statutes.md §5.1, §5.3): a
//! campaign of one organisation over its documents in force when it starts, a result with its
//! reason for each (继续有效, 修改, 废止, 宣布失效), finishing that applies them, and the published
//! lists of documents kept, to be amended and repealed. Rules in
//! `fazhi_domain::normative::cleanup`; staff pages at `/normative-cleanups`, the citizen's at
//! `/public/normative-documents/cleanups` and `/public/{org}/normative-cleanups`, API at
//! `/api/v1/normative-cleanups`.

mod api;
mod pages;
mod portal;
pub mod service;
mod store;

pub use service::{CleanupInput, CleanupRow, NormativeCleanups};

impl super::FolderRegister for NormativeCleanups {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes().merge(portal::routes())
    }
}

//! Normative documents (行政规范性文件): drafted, put out for comment, reviewed for legality,
//! deliberated, registered and numbered (三统一), issued behind the review gate, published with
//! their 解读, filed with the county, in force for a validity period, evaluated before expiry,
//! and amended or repealed (statutes.md §5). Rules in `fazhi_domain::normative`; staff pages at
//! `/normative-documents`, the citizen's at `/public/normative-documents`, API at
//! `/api/v1/normative-documents`, ledger `normative-documents`.

mod api;
pub mod by_cleanup;
mod pages;
mod portal;
pub mod service;
mod store;

pub use service::{NormativeDocuments, NormativeInput, NormativeRow};

impl super::FolderRegister for NormativeDocuments {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes().merge(portal::routes())
    }
}

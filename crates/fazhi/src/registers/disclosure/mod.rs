//! Government information disclosure on request (依申请公开): requests received by letter, visit,
//! fax or on the portal, each with the reply clock of 政府信息公开条例 第三十三条 (its correction
//! restart, consultation stops and extension), the national format's reply types, and the
//! applicant's tracking code and query password. Rules in `fazhi_domain::disclosure`; staff pages
//! at `/disclosure-requests`, the citizen's at `/public/disclosure`, API at
//! `/api/v1/disclosure-requests` and `/api/v1/public/disclosure-requests`.

mod api;
pub mod letter;
mod pages;
mod portal;
pub mod report;
pub mod service;
pub mod steps;
mod store;

pub use service::{DisclosureRequests, RequestInput, RequestRow};

impl super::FolderRegister for DisclosureRequests {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes().merge(portal::routes())
    }
}

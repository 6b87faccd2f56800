//! Complaints, reports and petitions (举报投诉 / 信访, 信访工作条例 2022): cases received on the
//! portal, by phone, visit, letter, from the media, 12345 or the county's 信访 office, each with
//! its acceptance and conclusion clocks (the approved extension, 复查 and 复核), graded
//! warnings, 督办 orders, satisfaction callbacks and repeat detection. Rules in
//! `fazhi_domain::complaint`; staff pages at `/complaints`, the citizen's at
//! `/public/complaints`, API at `/api/v1/complaints` and `/api/v1/public/complaints`.

mod api;
mod pages;
mod portal;
pub mod service;
mod store;

pub use service::{ComplaintInput, ComplaintRow, Complaints};

impl super::FolderRegister for Complaints {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes().merge(portal::routes())
    }
}

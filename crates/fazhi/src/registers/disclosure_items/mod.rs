//! Proactively disclosed government information (主动公开, 政府信息公开条例 第十九至二十六条):
//! the catalogue's items with their 索引号, each to be published within 20 working days of being
//! formed (a deadline on the to-do list until it is). Rules in `fazhi_domain::disclosure_item`;
//! staff pages at `/disclosure-items`, the public catalogue and guide at
//! `/public/{org}/disclosure-catalogue` and `/public/{org}/disclosure-guide`, API at
//! `/api/v1/disclosure-items`.

mod api;
mod pages;
mod portal;
pub mod service;
mod store;

pub use service::{DisclosureItems, ItemInput, ItemRow};

impl super::FolderRegister for DisclosureItems {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes().merge(portal::routes())
    }
}

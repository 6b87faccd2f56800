//! The 法治政府建设领导小组 of each organisation: its name, the document that set it up, its
//! office; its members over time are the register beside it (`leading_group_members`), read
//! here as the composition on a date. 《党政主要负责人履行推进法治建设第一责任人职责规定》
//! 第五条; the seed's 一(一) 「成立以党委书记为组长的法治政府建设工作领导小组」. Pages at
//! `/leading-groups`, API at `/api/v1/leading-groups`.

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{LeadingGroupInput, LeadingGroupRow, LeadingGroups};

impl super::FolderRegister for LeadingGroups {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        crate::web::pages::simple_list::routes::<LeadingGroups>()
    }
}

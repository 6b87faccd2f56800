//! The year's rule-of-law budget lines (经费: 普法, 人民调解, 法律顾问, 法律援助, 其他) with the
//! amounts budgeted and spent, in fen; the report writes 「落实法治建设经费{x}万元」 from the
//! amounts spent. 第一责任人职责规定 第五条 (经费保障). Pages at `/budget-lines`, API at
//! `/api/v1/budget-lines`.

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{BudgetLineInput, BudgetLineRow, BudgetLines};

impl super::FolderRegister for BudgetLines {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        crate::web::pages::simple_list::routes::<BudgetLines>()
    }
}

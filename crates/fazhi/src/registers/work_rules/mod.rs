//! Work rules (工作制度) of rule-of-law work: title, adopted date and by whom, document, status
//! (在用 / 已修订 / 已废止) and the date of its next review; the report counts the rules adopted in
//! the year (「制定完善{m}项工作制度」). Rules in `fazhi_domain::leadership`; pages at
//! `/work-rules`, API at `/api/v1/work-rules`.

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{WorkRuleInput, WorkRuleRow, WorkRules};

impl super::FolderRegister for WorkRules {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        crate::web::pages::simple_list::routes::<WorkRules>()
    }
}

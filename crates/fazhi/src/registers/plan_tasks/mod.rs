//! The year's plan (目标任务, issue #19 item 5): the tasks a town's annual report announces for
//! the next year (「下一年度重点工作」), each with its owner, due date, status (未开始 / 推进中 /
//! 已完成 / 未完成) and evidence. A finalised report's plan becomes the next year's list in one
//! step (`POST /api/v1/plan-tasks/from-report`), and the next year's report says what was done
//! and names what was not (`service::follow_up`). Rules in `fazhi_domain::plan`; pages at
//! `/plan-tasks`, API at `/api/v1/plan-tasks`.

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{PlanTaskInput, PlanTaskRow, PlanTasks};

impl super::FolderRegister for PlanTasks {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        pages::routes()
    }
}

//! Meetings that studied rule-of-law work (党委会, 政府常务会, 领导小组会议, 专题会): date, kind,
//! topics, attendees, decisions and the minutes as an attachment; a meeting may also be a study
//! session of the study register (`study_session_id`), counted once in the report
//! (`storage::figures::leadership`). 《党政主要负责人履行推进法治建设第一责任人职责规定》第五条.
//! Rules in `fazhi_domain::leadership`; pages at `/meetings`, API at `/api/v1/meetings`.

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{MeetingInput, MeetingRow, Meetings};

impl super::FolderRegister for Meetings {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        crate::web::pages::simple_list::routes::<Meetings>()
            .merge(crate::web::pages::record_files::routes::<Meetings>())
    }
}

//! Members of the leading groups over time: person, post, role (组长 / 副组长 / 成员), from and
//! to dates and the document that made the change. A member who leaves gets a 离任日期 (an
//! edit, logged), never a deletion, so a group's composition on any date can be read
//! (`leading_groups::service::composition`). Pages at `/leading-group-members`, API at
//! `/api/v1/leading-group-members` (and a group's own `/api/v1/leading-groups/{id}/members`).

mod api;
mod pages;
pub mod service;
mod store;

pub use service::{LeadingGroupMembers, MemberInput, MemberRow};

impl super::FolderRegister for LeadingGroupMembers {
    fn api_routes() -> utoipa_axum::router::OpenApiRouter<crate::app::SharedApp> {
        api::routes()
    }

    fn page_routes() -> axum::Router<crate::app::SharedApp> {
        crate::web::pages::simple_list::routes::<LeadingGroupMembers>()
    }
}

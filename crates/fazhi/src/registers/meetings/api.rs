//! Meetings over JSON: the list and registration (`simple_api!`), the kit's `GET`/`PATCH
//! /meetings/{id}`, withdraw, restore and history, and the minutes (会议纪要) as attachments.

use utoipa_axum::router::OpenApiRouter;

use super::service::{MeetingInput, MeetingRow, Meetings};
use crate::app::SharedApp;
use crate::web::api::files::files_api;
use crate::web::api::year_lists::simple_api;

mod register {
    use super::*;
    simple_api!(Meetings, MeetingInput, MeetingRow, "/meetings", "meetings", "会议",
        list_meetings, create_meeting);
}

files_api!(Meetings, "/meetings/{id}/minutes", "meetings", "the minutes (会议纪要)",
    attach_minutes, list_minutes);

pub fn routes() -> OpenApiRouter<SharedApp> {
    register::routes().routes(utoipa_axum::routes!(attach_minutes, list_minutes))
}

//! Leading group memberships over JSON: the list and registration (`simple_api!`); the kit adds
//! `GET`/`PATCH /leading-group-members/{id}` (a member's leaving: `to_on` and the `document`),
//! withdraw, restore and history.

use super::service::{LeadingGroupMembers, MemberInput, MemberRow};
use crate::web::api::year_lists::simple_api;

simple_api!(LeadingGroupMembers, MemberInput, MemberRow, "/leading-group-members",
    "leading-groups", "领导小组成员", list_group_members, create_group_member);

//! Work rules over JSON: the list and registration (`simple_api!`); the kit adds `GET`/`PATCH
//! /work-rules/{id}` (a revision or repeal is an edit of the status), withdraw, restore and
//! history.

use super::service::{WorkRuleInput, WorkRuleRow, WorkRules};
use crate::web::api::year_lists::simple_api;

simple_api!(WorkRules, WorkRuleInput, WorkRuleRow, "/work-rules", "work-rules", "工作制度",
    list_work_rules, create_work_rule);

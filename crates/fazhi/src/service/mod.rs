//! Services: validation, permissions and transactions around the storage layer. The command
//! line, the staff pages and the JSON API all call these, so each rule lives in one place.

pub mod accounts;
pub mod annual_reports;
pub mod attachments;
pub mod audit_log;
pub mod calendar;
pub mod code_lists;
pub mod committee_revisions;
pub mod committees;
pub mod consultation_revisions;
pub mod consultations;
pub mod deadlines;
pub mod demo;
mod demo_assessment;
pub mod demo_leadership;
pub mod dispute_plans;
pub mod dispute_print;
pub mod dispute_revisions;
pub mod disputes;
pub mod duty_revisions;
pub mod evidence;
pub mod import_preview;
pub mod import_trainings;
pub mod import_values;
pub mod ledger;
pub mod legal_aid;
pub mod legal_aid_clock;
pub mod legal_aid_revisions;
pub mod list_params;
pub mod list_totals;
pub mod login_throttle;
pub mod mediators;
pub mod orgs;
pub mod overview;
pub mod portal;
pub mod portal_cache;
pub mod public_intake;
pub mod publicity;
pub mod publicity_revisions;
pub mod register_kit;
pub mod report;
pub mod revision;
pub mod screening;
pub mod screening_revisions;
pub mod session_cache;
pub mod simple_register;
pub mod study;
pub mod study_revisions;
pub mod totals_cache;
pub mod training_revisions;
pub mod trainings;
pub mod user_admin;
pub mod words_queue;
pub mod year_lists;

use fazhi_domain::access::{Area, Role};

use crate::error::{AppError, AppResult};
use crate::storage::audit::Actor;
use crate::storage::Scope;

/// Who is asking: the signed-in user (or the operator at the command line), their role and the
/// subtree they may see. Every service call takes one.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user_id: i64,
    pub name: String,
    pub role: Role,
    pub org_id: i64,
    pub scope: Scope,
}

impl Caller {
    /// The operator running `fazhi` on the server: the whole database, as an administrator.
    pub fn operator() -> Caller {
        Caller {
            user_id: 0,
            name: "命令行".to_owned(),
            role: Role::Admin,
            org_id: 0,
            scope: Scope::everything(),
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            user_id: (self.user_id != 0).then_some(self.user_id),
            name: self.name.clone(),
        }
    }

    pub fn require_read(&self, area: Area) -> AppResult<()> {
        if self.role.can_read(area) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }

    pub fn require_write(&self, area: Area) -> AppResult<()> {
        if self.role.can_write(area) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

/// A record that a request names by id (`dispute_id`, `consultation_id`, …) must lie within the
/// caller's scope. Anything else — another town's record or no record at all — answers 404 the
/// same way, so a body can neither link to nor probe for records the caller may not see.
pub async fn require_linked(
    app: &crate::app::App,
    caller: &Caller,
    linked: crate::storage::linked::Linked,
    id: Option<i64>,
) -> AppResult<()> {
    let Some(id) = id else { return Ok(()) };
    if crate::storage::linked::exists_in(&app.db, &caller.scope, linked, id).await? {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

//! A complaint mediated through the disputes register (issue #18 item 3): the case is linked to
//! a dispute, not copied into it, so each register keeps its own record and time limits (人民
//! 调解法 第十八条: a matter suited to mediation may be referred to a people's mediation
//! committee). The dispute named must lie in the caller's scope (404 otherwise,
//! `service::require_linked`).

use super::*;
use crate::service::require_linked;
use crate::storage::linked::Linked;
pub use super::store::LinkedComplaint;

/// The audit action of linking a dispute.
pub const LINK_DISPUTE: &str = "complaint_link_dispute";

/// The dispute a complaint is mediated in.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkDisputeInput {
    /// The dispute's id (within the caller's scope).
    pub dispute: i64,
}

pub async fn link_dispute(
    app: &App,
    caller: &Caller,
    id: i64,
    i: LinkDisputeInput,
) -> AppResult<ComplaintRow> {
    caller.require_write(AREA)?;
    require_linked(app, caller, Linked::Dispute, Some(i.dispute)).await?;
    steps::step(app, caller, id, LINK_DISPUTE, |r, _| {
        if r.dispute_id == Some(i.dispute) {
            return Err(steps::conflict("already_linked", "该信访事项已关联此纠纷案件"));
        }
        Ok(steps::StepWrite {
            columns: vec![("dispute_id", i.dispute.into())],
            ..steps::StepWrite::default()
        })
    })
    .await
}

/// The complaints mediated through dispute `dispute_id` that the caller may read (none for a
/// role that does not read complaints).
pub async fn linked_to_dispute(
    app: &App,
    caller: &Caller,
    dispute_id: i64,
) -> AppResult<Vec<LinkedComplaint>> {
    if !caller.role.can_read(AREA) {
        return Ok(Vec::new());
    }
    Ok(store::linked_to_dispute(&app.db, &caller.scope, dispute_id).await?)
}

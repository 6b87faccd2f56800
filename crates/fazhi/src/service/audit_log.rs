//! Browsing the audit log. The stored entries keep every value (the hash chain covers them);
//! what a user sees has ID numbers and phones masked as the registers mask them, unless the user
//! may see personal data and asks to (`reveal`), which is itself logged.

use fazhi_domain::access::Area;
use fazhi_domain::mask;

use super::Caller;
use crate::app::App;
use crate::error::AppResult;
use crate::storage::audit::{self, AuditEntry, AuditFilter, Change};

/// A page of the log as the caller may see it.
pub struct AuditView {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
    /// Whether ID numbers and phones are shown in full.
    pub personal_data_shown: bool,
    /// Whether the caller may ask to see them in full.
    pub may_reveal: bool,
}

/// Masks an entry's before/after values for a caller who may not see personal data.
pub fn mask_entry(e: &mut AuditEntry) -> bool {
    let mut masked = false;
    for json in [&mut e.before_json, &mut e.after_json]
        .into_iter()
        .flatten()
    {
        let (text, changed) = mask::mask_personal_json_text(json);
        if changed {
            *json = text;
            masked = true;
        }
    }
    masked
}

pub async fn list(
    app: &App,
    caller: &Caller,
    filter: &AuditFilter,
    page: u32,
    per_page: u32,
    reveal: bool,
) -> AppResult<AuditView> {
    // Who reads the log is `Role::can_read(Area::Audit)`, the menu's rule too.
    caller.require_read(Area::Audit)?;
    let (mut entries, total) = audit::list(&app.db, &caller.scope, filter, page, per_page).await?;
    let may_reveal = caller.role.may_see_personal_data();
    let mut masked_any = false;
    let full = entries.clone();
    for e in &mut entries {
        masked_any |= mask_entry(e);
    }
    let shown = reveal && may_reveal && masked_any;
    if shown {
        // As a register's reveal: who saw which page of the log in full.
        let mut tx = app.db.begin().await?;
        audit::record(
            &mut tx,
            &caller.actor(),
            Change {
                action: "view_personal_data",
                entity: "audit_log",
                entity_id: None,
                org_id: Some(caller.org_id).filter(|&id| id != 0),
                before: None,
                after: Some(serde_json::json!({
                    "entries": full.iter().map(|e| e.id).collect::<Vec<_>>(),
                    "entity": filter.entity, "actor": filter.actor,
                    "from": filter.from, "to": filter.to, "page": page,
                })),
            },
        )
        .await?;
        tx.commit().await?;
        entries = full;
    }
    Ok(AuditView {
        entries,
        total,
        personal_data_shown: shown,
        may_reveal,
    })
}

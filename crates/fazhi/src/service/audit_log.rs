//! Browsing the audit log. The stored entries keep every value (the hash chain covers them);
//! what a user sees has ID numbers and phones masked as the registers mask them, unless the user
//! may see personal data and asks to (`reveal`), which is itself logged.

use fazhi_domain::access::Area;
use fazhi_domain::mask;

use super::Caller;
use crate::app::App;
use crate::error::AppResult;
use crate::storage::audit::{self, Change};
pub use crate::storage::audit::{AuditEntry, AuditFilter};

/// What a reader asks of the log: the API's query string, and what the audit page reads its
/// form into.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub actor: Option<String>,
    /// YYYY-MM-DD
    pub from: Option<chrono::NaiveDate>,
    /// YYYY-MM-DD
    pub to: Option<chrono::NaiveDate>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    /// Full ID numbers and phones in `before_json`/`after_json` (roles that may see personal
    /// data only; logged). Otherwise they are masked.
    pub reveal: Option<bool>,
}

/// A page of the log as the caller may see it.
pub struct AuditView {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
    /// The page shown (from 1) and its size (1–200, 25 unless asked).
    pub page: u32,
    pub per_page: u32,
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

pub async fn list(app: &App, caller: &Caller, q: &AuditQuery) -> AppResult<AuditView> {
    // Who reads the log is `Role::can_read(Area::Audit)`, the menu's rule too.
    caller.require_read(Area::Audit)?;
    let filter = &AuditFilter {
        entity: q.entity.clone(),
        actor: q.actor.clone(),
        from: q.from,
        to: q.to,
    };
    let page = q.page.unwrap_or(1).max(1);
    let per_page = q.per_page.unwrap_or(25).clamp(1, 200);
    let reveal = q.reveal.unwrap_or(false);
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
        page,
        per_page,
        personal_data_shown: shown,
        may_reveal,
    })
}

//! The service half of correcting records, shared by every register on the kit: a record's
//! history (修改记录) read from the audit log, field by field under Chinese labels, with personal
//! data masked as in the registers; and the checks every edit, withdrawal and restoration
//! passes (the version the person saw, the reason, who may restore).

use chrono::{DateTime, FixedOffset, Utc};
use fazhi_domain::access::Role;
use fazhi_domain::mask::mask_personal_json;
use fazhi_domain::revision::{self, FieldChange};
use serde::Serialize;
use serde_json::Value;

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::audit;

use super::Caller;

/// One change in a record's history.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// Beijing time, `2024-03-05 14:30`.
    pub at: String,
    pub actor: String,
    /// 登记 / 修改 / 更正 / 作废 / 恢复 …
    pub action: String,
    /// The reason given for a withdrawal or a correction.
    pub reason: Option<String>,
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<FieldChange>,
}

/// What a person reads for an audit action.
fn action_label(action: &str) -> &str {
    match action {
        "create" => "登记",
        "update" => "修改",
        "correct" => "更正",
        "withdraw" => "作废",
        "restore" => "恢复",
        "import" => "导入",
        other => other,
    }
}

/// An instant as people in China read it (UTC+8, no daylight saving).
pub fn beijing(at: DateTime<Utc>) -> String {
    let offset = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset");
    at.with_timezone(&offset)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn parsed(json: Option<&str>) -> Value {
    let mut v = json
        .and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null);
    // The same masking as the registers' lists: the history is read by everyone who reads the
    // record; a full value is on the record itself, behind the logged reveal.
    mask_personal_json(&mut v);
    v
}

/// The history of record `id` of `entity`, oldest first; `labels` names the fields shown
/// (`(field, 中文标签)`). The caller has already been allowed to read the record.
pub async fn history(
    app: &App,
    entity: &str,
    id: i64,
    labels: &[(&str, &str)],
) -> AppResult<Vec<HistoryEntry>> {
    let entries = audit::for_record(&app.db, entity, id).await?;
    Ok(entries
        .into_iter()
        .filter(|e| e.action != "view_personal_data")
        .map(|e| {
            let before = parsed(e.before_json.as_deref());
            let after = parsed(e.after_json.as_deref());
            let reason = after
                .get("withdrawn_reason")
                .and_then(Value::as_str)
                .filter(|_| e.action == "withdraw")
                .map(str::to_owned);
            HistoryEntry {
                at: beijing(e.at),
                actor: e.actor,
                action: action_label(&e.action).to_owned(),
                reason,
                changes: if e.action == "update" || e.action == "correct" {
                    revision::field_changes(labels, &before, &after)
                } else {
                    Vec::new()
                },
            }
        })
        .collect())
}

/// An edit based on an old copy: 409 `stale_version`, nothing changed.
pub fn stale(e: revision::StaleVersion) -> AppError {
    AppError::new(ErrorKind::Conflict, "stale_version", e.to_string())
}

/// A withdrawal's reason, or the field error that asks for one.
pub fn reason(text: &str) -> AppResult<String> {
    revision::reason(text).map_err(|m| AppError::field("reason", m))
}

/// Only an administrator restores a withdrawn record (a withdrawal is a decision to take it out
/// of every figure; undoing it is an administrator's).
pub fn require_restore(caller: &Caller) -> AppResult<()> {
    if caller.role == Role::Admin {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorKind::Forbidden,
            "forbidden",
            "只有系统管理员可以恢复已作废的记录",
        ))
    }
}

/// A record of a register on the kit, as the shared withdraw and restore steps need it.
pub trait KitRecord: Serialize + Send + Sync + Sized {
    fn target(&self) -> crate::storage::revision::Target;
    fn is_withdrawn(&self) -> bool;
    /// The record as it stands inside `tx`, after a change.
    fn reload<'a>(
        tx: &'a mut crate::storage::Tx,
        id: i64,
    ) -> impl std::future::Future<Output = Result<Self, crate::storage::StorageError>> + Send + 'a;
}

/// An edit or withdrawal of a record already withdrawn: 409 `withdrawn`.
pub fn withdrawn_refusal() -> AppError {
    AppError::new(
        ErrorKind::Conflict,
        "withdrawn",
        "该记录已作废，不能修改；如需使用请先由管理员恢复",
    )
}

/// Withdraws `before` (loaded within the caller's scope, write right checked) with a reason:
/// kept, shown as 已作废, counted nowhere.
pub async fn withdraw<R: KitRecord>(
    app: &App,
    caller: &Caller,
    before: &R,
    reason_text: &str,
) -> AppResult<R> {
    let reason = reason(reason_text)?;
    if before.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    mark(app, caller, before, Some(&reason)).await
}

/// Restores a withdrawn record (administrators only).
pub async fn restore<R: KitRecord>(app: &App, caller: &Caller, before: &R) -> AppResult<R> {
    require_restore(caller)?;
    if !before.is_withdrawn() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "not_withdrawn",
            "该记录未作废，无需恢复",
        ));
    }
    mark(app, caller, before, None).await
}

async fn mark<R: KitRecord>(
    app: &App,
    caller: &Caller,
    before: &R,
    reason: Option<&str>,
) -> AppResult<R> {
    use crate::storage::revision as kit;
    let target = before.target();
    let mut tx = app.db.begin().await?;
    kit::mark(&mut tx, target, reason).await?;
    let after = R::reload(&mut tx, target.id).await?;
    let action = if reason.is_some() {
        "withdraw"
    } else {
        "restore"
    };
    kit::log(&mut tx, &caller.actor(), action, target, before, &after).await?;
    tx.commit().await?;
    Ok(after)
}

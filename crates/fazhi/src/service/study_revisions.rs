//! Correcting cadre law study records on the revision kit (`service::revision`,
//! `storage::revision`), as `publicity_revisions` does for events: edit on the version seen,
//! withdraw (作废) with a reason, restore, and the history. A record stays with its organisation;
//! an edit changes what was entered.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::split_list;
use fazhi_domain::revision::check_version;

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::study::{self as store, StudySessionRow};
use crate::storage::{revision as kit, Scope};

use super::revision::{self, HistoryEntry};
use super::study::{parse_session, SessionInput};
use super::Caller;

/// The session fields the history shows, under the study ledger's column names
/// (`study::SESSIONS_LEDGER`).
pub const SESSION_LABELS: &[(&str, &str)] = &[
    ("held_on", "日期"),
    ("form", "形式"),
    ("laws", "学习内容"),
    ("speaker", "主讲人"),
    ("attendees", "参加人员"),
    ("attendee_count", "参加人数"),
    ("hours", "学时"),
    ("notes", "备注"),
];

const SESSION: &str = "study_session";

fn withdrawn_refusal() -> AppError {
    AppError::new(
        ErrorKind::Conflict,
        "withdrawn",
        "该记录已作废，不能修改；如需使用请先由管理员恢复",
    )
}

fn not_withdrawn() -> AppError {
    AppError::new(
        ErrorKind::Conflict,
        "not_withdrawn",
        "该记录未作废，无需恢复",
    )
}

// ---------------------------------------------------------------------------------------------
// Study sessions

/// Replaces the session's fields with `input`, if the caller may write it and it is still at
/// version `based_on` (otherwise 409 `stale_version`, and nothing changes).
pub async fn update_session(
    app: &App,
    caller: &Caller,
    id: i64,
    based_on: i64,
    input: SessionInput,
) -> AppResult<StudySessionRow> {
    caller.require_write(Area::Study)?;
    let before = store::get_session(&app.db, &caller.scope, id).await?;
    if before.withdrawn_at.is_some() {
        return Err(withdrawn_refusal());
    }
    check_version(based_on, before.version).map_err(revision::stale)?;
    let session = parse_session(input)?;
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, store::session_target(&before), based_on).await? {
        // Changed between the read above and this transaction.
        let now = store::get_session(&mut tx, &Scope::everything(), id).await?;
        return Err(revision::stale(
            check_version(based_on, now.version).expect_err("claim failed"),
        ));
    }
    let after = store::update_session(&mut tx, &caller.actor(), &before, &session).await?;
    tx.commit().await?;
    Ok(after)
}

/// Withdraws the session with a reason: kept, shown as 已作废, counted nowhere.
pub async fn withdraw_session(
    app: &App,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> AppResult<StudySessionRow> {
    caller.require_write(Area::Study)?;
    let before = store::get_session(&app.db, &caller.scope, id).await?;
    let reason = revision::reason(reason)?;
    if before.withdrawn_at.is_some() {
        return Err(withdrawn_refusal());
    }
    mark_session(app, caller, &before, Some(&reason)).await
}

/// Restores a withdrawn session (administrators only).
pub async fn restore_session(app: &App, caller: &Caller, id: i64) -> AppResult<StudySessionRow> {
    revision::require_restore(caller)?;
    let before = store::get_session(&app.db, &caller.scope, id).await?;
    if before.withdrawn_at.is_none() {
        return Err(not_withdrawn());
    }
    mark_session(app, caller, &before, None).await
}

async fn mark_session(
    app: &App,
    caller: &Caller,
    before: &StudySessionRow,
    reason: Option<&str>,
) -> AppResult<StudySessionRow> {
    let target = store::session_target(before);
    let mut tx = app.db.begin().await?;
    kit::mark(&mut tx, target, reason).await?;
    let after = store::get_session(&mut tx, &Scope::everything(), before.id).await?;
    kit::log(
        &mut tx,
        &caller.actor(),
        action(reason),
        target,
        before,
        &after,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

fn action(reason: Option<&str>) -> &'static str {
    if reason.is_some() {
        "withdraw"
    } else {
        "restore"
    }
}

/// The session's history, for whoever may read the session.
pub async fn session_history(app: &App, caller: &Caller, id: i64) -> AppResult<Vec<HistoryEntry>> {
    caller.require_read(Area::Study)?;
    store::get_session(&app.db, &caller.scope, id).await?;
    revision::history(app, SESSION, id, SESSION_LABELS).await
}

/// The session's current values as input: the edit form starts from them, and a partial
/// `PATCH` replaces only the fields it names.
pub fn current_session_input(s: &StudySessionRow) -> SessionInput {
    SessionInput {
        org: None,
        held_on: s.held_on.to_string(),
        form: s.form.clone(),
        laws: s.laws.clone(),
        speaker: s.speaker.clone().unwrap_or_default(),
        attendees: split_list(&s.attendees),
        attendee_count: Some(s.attendee_count),
        hours: Some(s.hours),
        notes: s.notes.clone().unwrap_or_default(),
    }
}

//! Correcting cadre law study records on the revision kit (`service::revision`,
//! `storage::revision`), as `publicity_revisions` does for events: edit on the version seen,
//! withdraw (作废) with a reason, restore, and the history. A record stays with its organisation;
//! an edit changes what was entered.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::split_list;
use fazhi_domain::revision::check_version;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::study::{self as store, LawExamRow, StudySessionRow};
use crate::storage::{revision as kit, Scope};

use super::revision::{self, HistoryEntry};
use super::study::{exam_conflict, parse_exam, parse_session, ExamInput, SessionInput};
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

/// The exam result fields the history shows, under the exam ledger's column names
/// (`study::EXAMS_LEDGER`).
pub const EXAM_LABELS: &[(&str, &str)] = &[
    ("year", "年度"),
    ("cadre", "姓名"),
    ("post", "职务"),
    ("score", "成绩"),
    ("passed", "是否合格"),
    ("taken_on", "考试日期"),
];

const SESSION: &str = "study_session";
const EXAM: &str = "law_exam";

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
        return Err(revision::withdrawn_refusal());
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
    revision::withdraw(app, caller, &before, reason).await
}

/// Restores a withdrawn session (administrators only).
pub async fn restore_session(app: &App, caller: &Caller, id: i64) -> AppResult<StudySessionRow> {
    revision::require_restore(caller)?;
    let before = store::get_session(&app.db, &caller.scope, id).await?;
    revision::restore(app, caller, &before).await
}

impl revision::KitRecord for StudySessionRow {
    fn target(&self) -> kit::Target {
        store::session_target(self)
    }

    fn is_withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }

    async fn reload(
        tx: &mut crate::storage::Tx,
        id: i64,
    ) -> Result<Self, crate::storage::StorageError> {
        store::get_session(tx, &Scope::everything(), id).await
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

// ---------------------------------------------------------------------------------------------
// Law exams

/// Replaces the result's fields with `input`, if the caller may write it and it is still at
/// version `based_on` (otherwise 409 `stale_version`, and nothing changes). A second result for
/// the same cadre and year answers 409 on 姓名, as at registration.
pub async fn update_exam(
    app: &App,
    caller: &Caller,
    id: i64,
    based_on: i64,
    input: ExamInput,
) -> AppResult<LawExamRow> {
    caller.require_write(Area::Study)?;
    let before = store::get_exam(&app.db, &caller.scope, id).await?;
    if before.withdrawn_at.is_some() {
        return Err(revision::withdrawn_refusal());
    }
    check_version(based_on, before.version).map_err(revision::stale)?;
    let exam = parse_exam(input)?;
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, store::exam_target(&before), based_on).await? {
        // Changed between the read above and this transaction.
        let now = store::get_exam(&mut tx, &Scope::everything(), id).await?;
        return Err(revision::stale(
            check_version(based_on, now.version).expect_err("claim failed"),
        ));
    }
    let after = store::update_exam(&mut tx, &caller.actor(), &before, &exam)
        .await
        .map_err(exam_conflict)?;
    tx.commit().await?;
    Ok(after)
}

/// Withdraws the result with a reason: kept, shown as 已作废, counted nowhere.
pub async fn withdraw_exam(
    app: &App,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> AppResult<LawExamRow> {
    caller.require_write(Area::Study)?;
    let before = store::get_exam(&app.db, &caller.scope, id).await?;
    revision::withdraw(app, caller, &before, reason).await
}

/// Restores a withdrawn result (administrators only).
pub async fn restore_exam(app: &App, caller: &Caller, id: i64) -> AppResult<LawExamRow> {
    revision::require_restore(caller)?;
    let before = store::get_exam(&app.db, &caller.scope, id).await?;
    revision::restore(app, caller, &before).await
}

impl revision::KitRecord for LawExamRow {
    fn target(&self) -> kit::Target {
        store::exam_target(self)
    }

    fn is_withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }

    async fn reload(
        tx: &mut crate::storage::Tx,
        id: i64,
    ) -> Result<Self, crate::storage::StorageError> {
        store::get_exam(tx, &Scope::everything(), id).await
    }
}

/// The result's history, for whoever may read the result.
pub async fn exam_history(app: &App, caller: &Caller, id: i64) -> AppResult<Vec<HistoryEntry>> {
    caller.require_read(Area::Study)?;
    store::get_exam(&app.db, &caller.scope, id).await?;
    revision::history(app, EXAM, id, EXAM_LABELS).await
}

/// The result's current values as input (see `current_session_input`).
pub fn current_exam_input(x: &LawExamRow) -> ExamInput {
    ExamInput {
        org: None,
        year: i32::try_from(x.year).ok(),
        cadre: x.cadre.clone(),
        post: x.post.clone().unwrap_or_default(),
        score: x.score,
        passed: Some(x.passed),
        taken_on: x.taken_on.map(|d| d.to_string()).unwrap_or_default(),
    }
}

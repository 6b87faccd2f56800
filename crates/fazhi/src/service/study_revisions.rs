//! Cadre law study records on the register kit (`service::revision::Register`), as publicity
//! events (`publicity_revisions`): edit on the version seen, withdraw (作废) with a reason,
//! restore, and the history. A record stays with its organisation; an edit changes what was
//! entered.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::{split_list, NewLawExam, NewStudySession};
use serde_json::{Map, Value};

use crate::app::App;
use crate::error::AppResult;
use crate::storage::db::On;
use crate::storage::study::{self as store, LawExamRow, StudySessionRow};
use crate::storage::{revision as kit, Scope, StorageError, Tx};

use super::revision::Register;
use super::study::{exam_conflict, parse_exam, parse_session, ExamInput, SessionInput};
use super::Caller;

/// The register of study sessions, for the kit.
pub struct Sessions;

impl Register for Sessions {
    type Record = StudySessionRow;
    type Input = SessionInput;
    type Valid = NewStudySession;

    const AREA: Area = Area::Study;
    /// The study ledger's column names (`study::SESSIONS_LEDGER`).
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("held_on", "日期"),
        ("form", "形式"),
        ("laws", "学习内容"),
        ("speaker", "主讲人"),
        ("attendees", "参加人员"),
        ("attendee_count", "参加人数"),
        ("hours", "学时"),
        ("notes", "备注"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &StudySessionRow) -> kit::Target {
        store::session_target(r)
    }
    fn version(r: &StudySessionRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &StudySessionRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<StudySessionRow, StorageError> {
        store::get_session(on, scope, id).await
    }

    async fn current_input(_app: &App, s: &StudySessionRow) -> AppResult<SessionInput> {
        Ok(current_session_input(s))
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        _before: &StudySessionRow,
        input: SessionInput,
    ) -> AppResult<NewStudySession> {
        parse_session(input)
    }

    async fn write(tx: &mut Tx, before: &StudySessionRow, s: &NewStudySession) -> AppResult<()> {
        Ok(store::update_session(tx, before, s).await?)
    }

    /// A count that was only the number of names follows new names.
    fn patched(named: &Map<String, Value>, current: &SessionInput, input: &mut SessionInput) {
        let counted_names = current.attendee_count == Some(current.attendees.len() as i64);
        if named.contains_key("attendees") && !named.contains_key("attendee_count") && counted_names
        {
            input.attendee_count = None;
        }
    }
}

/// The session's current values as input.
pub fn current_session_input(s: &StudySessionRow) -> SessionInput {
    SessionInput {
        org: None,
        held_on: s.held_on.to_string(),
        form: s.form.clone(),
        laws: s.laws.clone(),
        speaker: s.speaker.clone().unwrap_or_default(),
        attendee_count: Some(s.attendee_count),
        attendees: split_list(&s.attendees),
        hours: Some(s.hours),
        notes: s.notes.clone().unwrap_or_default(),
    }
}

/// The register of law exam results, for the kit. A second result for the same cadre and
/// year answers 409 on 姓名, as at registration.
pub struct Exams;

impl Register for Exams {
    type Record = LawExamRow;
    type Input = ExamInput;
    type Valid = NewLawExam;

    const AREA: Area = Area::Study;
    /// The exam ledger's column names (`study::EXAMS_LEDGER`).
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("year", "年度"),
        ("cadre", "姓名"),
        ("post", "职务"),
        ("score", "成绩"),
        ("passed", "是否合格"),
        ("taken_on", "考试日期"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &LawExamRow) -> kit::Target {
        store::exam_target(r)
    }
    fn version(r: &LawExamRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &LawExamRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<LawExamRow, StorageError> {
        store::get_exam(on, scope, id).await
    }

    async fn current_input(_app: &App, x: &LawExamRow) -> AppResult<ExamInput> {
        Ok(current_exam_input(x))
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        _before: &LawExamRow,
        input: ExamInput,
    ) -> AppResult<NewLawExam> {
        parse_exam(input)
    }

    async fn write(tx: &mut Tx, before: &LawExamRow, x: &NewLawExam) -> AppResult<()> {
        store::update_exam(tx, before, x)
            .await
            .map_err(exam_conflict)
    }

    /// A new score without `passed` lets the pass follow the score again (60 and above), as at
    /// registration.
    fn patched(named: &Map<String, Value>, _current: &ExamInput, input: &mut ExamInput) {
        if named.contains_key("score") && !named.contains_key("passed") {
            input.passed = None;
        }
    }
}

/// The result's current values as input.
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

//! Cadre law study (学法用法): study sessions, the yearly law exam and year-end 述职述法.

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::publicity::{
    join_list, DutyReportForm, NewDutyReport, NewLawExam, NewStudySession, StudyForm,
};
use serde::Serialize;

use super::db::On;
use super::records::{self, Revision};
use super::revision;
use super::year_lists::{as_list, Filed, YearFilter, YearList};
use super::{Db, Query, Scope, StorageError, Tx};

// ---------------------------------------------------------------------------------------------
// Study sessions

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct StudySessionRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub held_on: NaiveDate,
    /// central_group | pre_meeting | agency_collective | lecture | training_course | online
    pub form: String,
    pub laws: String,
    pub speaker: Option<String>,
    #[serde(serialize_with = "as_list")]
    #[schema(value_type = Vec<String>)]
    pub attendees: String,
    pub attendee_count: i64,
    pub hours: f64,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl StudySessionRow {
    pub fn form_label(&self) -> &'static str {
        StudyForm::parse(&self.form).map_or("", StudyForm::label)
    }
}

fn session_select() -> String {
    format!(
        "SELECT s.id, s.org_id, o.name AS org_name, s.held_on, s.form, s.laws, s.speaker, \
         s.attendees, s.attendee_count, s.hours, s.notes, s.created_at, {} \
         FROM study_sessions s JOIN orgs o ON o.id = s.org_id",
        Revision::columns("s")
    )
}

/// Study sessions on the list kit: the page, its hours and the export walk the date index
/// (`+s.org_id`).
pub const SESSIONS: YearList = YearList {
    from: "study_sessions s",
    entity: "study_session",
    select: session_select,
    filed: Filed::Date("s.held_on"),
    page_org: "+s.org_id",
    order: "s.held_on DESC, s.id DESC",
};

/// Sessions (newest first) in `scope` as `f` selects them, of one form if given, and the
/// total count.
pub async fn list_sessions(
    db: &Db,
    scope: &Scope,
    f: YearFilter,
    form: Option<StudyForm>,
    page: Option<(u32, u32)>,
) -> Result<(Vec<StudySessionRow>, i64), StorageError> {
    let mut w = SESSIONS.page_filter(scope, f);
    if let Some(form) = form {
        w.push(" AND s.form = ").push_bind(form.code());
    }
    SESSIONS.page_of(db, &w, page).await
}

pub async fn get_session<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<StudySessionRow, StorageError> {
    SESSIONS.one(on, scope, id).await
}

/// A session's own columns, as its registration, its import and its UPDATE write them.
pub fn session_columns(s: &NewStudySession) -> records::Columns {
    vec![
        ("held_on", s.held_on.into()),
        ("form", s.form.code().into()),
        ("laws", s.laws.as_str().into()),
        ("speaker", s.speaker.clone().into()),
        ("attendees", join_list(&s.attendees).into()),
        ("attendee_count", s.attendee_count.into()),
        ("hours", s.hours.into()),
        ("notes", s.notes.clone().into()),
    ]
}

/// Replaces a session's fields (the kit has claimed its version and logs the edit).
pub async fn update_session(
    tx: &mut Tx,
    before: &StudySessionRow,
    s: &NewStudySession,
) -> Result<(), StorageError> {
    SESSIONS.update(tx, before.id, session_columns(s)).await
}

/// The session as a record of the revision kit.
pub fn session_target(s: &StudySessionRow) -> revision::Target {
    SESSIONS.target(s.id, s.org_id)
}

// ---------------------------------------------------------------------------------------------
// Law exams

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct LawExamRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub year: i64,
    pub cadre: String,
    pub post: Option<String>,
    pub score: Option<f64>,
    pub passed: bool,
    pub taken_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

fn exam_select() -> String {
    format!(
        "SELECT x.id, x.org_id, o.name AS org_name, x.year, x.cadre, x.post, x.score, \
         x.passed, x.taken_on, x.created_at, {} FROM law_exams x JOIN orgs o ON o.id = x.org_id",
        Revision::columns("x")
    )
}

/// Law exam results on the list kit; a page walks the year index (`+x.org_id`).
pub const EXAMS: YearList = YearList {
    from: "law_exams x",
    entity: "law_exam",
    select: exam_select,
    filed: Filed::Year("x.year"),
    page_org: "+x.org_id",
    order: "x.year DESC, x.cadre, x.id",
};

/// How many took the exam and how many passed.
pub async fn exam_counts(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
) -> Result<(i64, i64), StorageError> {
    let valid = EXAMS.totals_filter(
        scope,
        YearFilter {
            year,
            withdrawn: false,
            only: None,
        },
    );
    let mut q = Query::new("SELECT COUNT(*) FROM law_exams x");
    q.append(&valid);
    let taken: i64 = q.fetch_scalar(db).await?;
    let mut q = Query::new("SELECT COUNT(*) FROM law_exams x");
    q.append(&valid);
    q.push(" AND x.passed = ").push_bind(true);
    let passed: i64 = q.fetch_scalar(db).await?;
    Ok((taken, passed))
}

pub async fn get_exam<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<LawExamRow, StorageError> {
    EXAMS.one(on, scope, id).await
}

/// A result's own columns, as its registration, its import and its UPDATE write them.
pub fn exam_columns(x: &NewLawExam) -> records::Columns {
    vec![
        ("year", i64::from(x.year).into()),
        ("cadre", x.cadre.as_str().into()),
        ("post", x.post.clone().into()),
        ("score", x.score.into()),
        ("passed", x.passed.into()),
        ("taken_on", x.taken_on.into()),
    ]
}

/// Replaces a result's fields (the kit has claimed its version and logs the edit). A second
/// result for the same cadre and year is the unique key's conflict.
pub async fn update_exam(
    tx: &mut Tx,
    before: &LawExamRow,
    x: &NewLawExam,
) -> Result<(), StorageError> {
    EXAMS.update(tx, before.id, exam_columns(x)).await
}

/// The result as a record of the revision kit.
pub fn exam_target(x: &LawExamRow) -> revision::Target {
    EXAMS.target(x.id, x.org_id)
}

// ---------------------------------------------------------------------------------------------
// Year-end 述职述法

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DutyReportRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub year: i64,
    pub leader: String,
    pub post: Option<String>,
    pub reported_on: NaiveDate,
    /// written | oral | meeting
    pub form: String,
    pub evaluation: Option<String>,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl DutyReportRow {
    pub fn form_label(&self) -> &'static str {
        DutyReportForm::parse(&self.form).map_or("", DutyReportForm::label)
    }
}

fn report_select() -> String {
    format!(
        "SELECT d.id, d.org_id, o.name AS org_name, d.year, d.leader, d.post, d.reported_on, \
         d.form, d.evaluation, d.notes, d.created_at, {} \
         FROM duty_reports d JOIN orgs o ON o.id = d.org_id",
        Revision::columns("d")
    )
}

/// 述职述法 reports on the list kit.
pub const REPORTS: YearList = YearList {
    from: "duty_reports d",
    entity: "duty_report",
    select: report_select,
    filed: Filed::Year("d.year"),
    page_org: "d.org_id",
    order: "d.year DESC, d.reported_on DESC, d.id DESC",
};

pub async fn get_report<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<DutyReportRow, StorageError> {
    REPORTS.one(on, scope, id).await
}

/// A report's own columns, as its registration and its UPDATE write them.
pub fn report_columns(r: &NewDutyReport) -> records::Columns {
    vec![
        ("year", i64::from(r.year).into()),
        ("leader", r.leader.as_str().into()),
        ("post", r.post.clone().into()),
        ("reported_on", r.reported_on.into()),
        ("form", r.form.code().into()),
        ("evaluation", r.evaluation.clone().into()),
        ("notes", r.notes.clone().into()),
    ]
}

/// Replaces a report's fields (the kit has claimed its version and logs the edit). A second
/// report of the same leader and year is the unique key's conflict.
pub async fn update_report(
    tx: &mut Tx,
    before: &DutyReportRow,
    r: &NewDutyReport,
) -> Result<(), StorageError> {
    REPORTS.update(tx, before.id, report_columns(r)).await
}

/// The report as a record of the revision kit.
pub fn report_target(r: &DutyReportRow) -> revision::Target {
    REPORTS.target(r.id, r.org_id)
}

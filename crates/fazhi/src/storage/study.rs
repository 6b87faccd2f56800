//! Cadre law study (学法用法): study sessions, the yearly law exam and year-end 述职述法.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use fazhi_domain::publicity::{
    join_list, DutyReportForm, NewDutyReport, NewLawExam, NewStudySession, StudyForm,
};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::db::{page_with_total, On};
use super::publicity::{as_list, insert_batched, push_year};
use super::records::{self, Revision};
use super::revision;
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
    /// Raised by every edit; an edit must name the version it was based on.
    pub version: i64,
    /// Set when the session was withdrawn (作废): kept, but counted nowhere.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

impl StudySessionRow {
    pub fn form_label(&self) -> &'static str {
        StudyForm::parse(&self.form).map_or("", StudyForm::label)
    }
}

const SESSION_COLUMNS: &str = "s.id, s.org_id, o.name AS org_name, s.held_on, s.form, s.laws, \
     s.speaker, s.attendees, s.attendee_count, s.hours, s.notes, s.created_at, s.version, \
     s.withdrawn_at, s.withdrawn_reason";

/// Sessions (newest first) in `scope`, of one year and form if given, and the total count;
/// `withdrawn` lists the withdrawn sessions (and only those) instead of the valid ones.
pub async fn list_sessions(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
    form: Option<StudyForm>,
    withdrawn: bool,
    page: Option<(u32, u32)>,
) -> Result<(Vec<StudySessionRow>, i64), StorageError> {
    let mut w = Query::new(if withdrawn {
        " WHERE s.withdrawn_at IS NOT NULL"
    } else {
        // A withdrawn session counts nowhere: not in the list, the hours or the export.
        " WHERE s.withdrawn_at IS NULL"
    });
    // `+` keeps SQLite on the date index for the page (see `publicity::event_where`).
    scope.restrict(&mut w, "+s.org_id");
    push_year(&mut w, "s.held_on", year);
    if let Some(f) = form {
        w.push(" AND s.form = ").push_bind(f.code());
    }
    page_with_total(
        db,
        "study_sessions s",
        format!("SELECT {SESSION_COLUMNS} FROM study_sessions s JOIN orgs o ON o.id = s.org_id"),
        &w,
        "s.held_on DESC, s.id DESC",
        page,
    )
    .await
}

pub async fn get_session<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<StudySessionRow, StorageError> {
    let mut q = Query::new(format!(
        "SELECT {SESSION_COLUMNS} FROM study_sessions s JOIN orgs o ON o.id = s.org_id \
         WHERE s.id = "
    ));
    q.push_bind(id);
    scope.restrict(&mut q, "s.org_id");
    q.fetch_one(on).await
}

const INSERT_SESSION: &str = "INSERT INTO study_sessions (org_id, held_on, form, laws, speaker, \
     attendees, attendee_count, hours, notes, created_at, created_by) VALUES ";

fn push_session(
    q: &mut Query,
    org_id: i64,
    s: &NewStudySession,
    at: DateTime<Utc>,
    by: Option<i64>,
) {
    q.push("(")
        .push_bind(org_id)
        .push(", ")
        .push_bind(s.held_on)
        .push(", ")
        .push_bind(s.form.code())
        .push(", ")
        .push_bind(s.laws.as_str())
        .push(", ")
        .push_bind(s.speaker.clone())
        .push(", ")
        .push_bind(join_list(&s.attendees))
        .push(", ")
        .push_bind(s.attendee_count)
        .push(", ")
        .push_bind(s.hours)
        .push(", ")
        .push_bind(s.notes.clone())
        .push(", ")
        .push_bind(at)
        .push(", ")
        .push_bind(by)
        .push(")");
}

pub async fn create_session(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    s: &NewStudySession,
) -> Result<StudySessionRow, StorageError> {
    let mut q = Query::new(INSERT_SESSION);
    push_session(
        &mut q,
        org_id,
        s,
        Utc::now().trunc_subsecs(6),
        actor.user_id,
    );
    q.push(" RETURNING id");
    let id: i64 = q.fetch_scalar(&mut *tx).await?;
    let row = get_session(&mut *tx, &Scope::everything(), id).await?;
    audit::record(
        tx,
        actor,
        Change::new("create", "study_session", id)
            .org(org_id)
            .after(&row),
    )
    .await?;
    Ok(row)
}

/// Replaces a session's fields (the kit has claimed its version and logs the edit).
pub async fn update_session(
    tx: &mut Tx,
    before: &StudySessionRow,
    s: &NewStudySession,
) -> Result<(), StorageError> {
    Query::new(
        "UPDATE study_sessions SET held_on = $1, form = $2, laws = $3, speaker = $4, \
         attendees = $5, attendee_count = $6, hours = $7, notes = $8 WHERE id = $9",
    )
    .bind(s.held_on)
    .bind(s.form.code())
    .bind(s.laws.as_str())
    .bind(s.speaker.clone())
    .bind(join_list(&s.attendees))
    .bind(s.attendee_count)
    .bind(s.hours)
    .bind(s.notes.clone())
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The session as a record of the revision kit.
pub fn session_target(s: &StudySessionRow) -> revision::Target {
    revision::Target {
        table: "study_sessions",
        entity: "study_session",
        id: s.id,
        org_id: s.org_id,
    }
}

pub async fn insert_sessions(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    sessions: &[NewStudySession],
    source: &str,
) -> Result<u64, StorageError> {
    let at = Utc::now().trunc_subsecs(6);
    let by = actor.user_id;
    insert_batched(
        tx,
        actor,
        org_id,
        sessions,
        (INSERT_SESSION, "study_session"),
        |q, x| push_session(q, org_id, x, at, by),
        source,
    )
    .await
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
    /// Raised by every edit; an edit must name the version it was based on.
    pub version: i64,
    /// Set when the result was withdrawn (作废): kept, but counted nowhere.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

const EXAM_COLUMNS: &str = "x.id, x.org_id, o.name AS org_name, x.year, x.cadre, x.post, \
     x.score, x.passed, x.taken_on, x.created_at, x.version, x.withdrawn_at, x.withdrawn_reason";

/// `org_column` as in `publicity::event_where`: `+x.org_id` for a page of the list;
/// `withdrawn` selects the withdrawn results (and only those) instead of the valid ones.
fn exam_where(scope: &Scope, year: Option<i32>, withdrawn: bool, org_column: &str) -> Query {
    let mut w = Query::new(if withdrawn {
        " WHERE x.withdrawn_at IS NOT NULL"
    } else {
        // A withdrawn result counts nowhere: not in the list, the pass rate or the export.
        " WHERE x.withdrawn_at IS NULL"
    });
    scope.restrict(&mut w, org_column);
    if let Some(y) = year {
        w.push(" AND x.year = ").push_bind(i64::from(y));
    }
    w
}

pub async fn list_exams(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
    withdrawn: bool,
    page: Option<(u32, u32)>,
) -> Result<(Vec<LawExamRow>, i64), StorageError> {
    let w = exam_where(scope, year, withdrawn, "+x.org_id");
    page_with_total(
        db,
        "law_exams x",
        format!("SELECT {EXAM_COLUMNS} FROM law_exams x JOIN orgs o ON o.id = x.org_id"),
        &w,
        "x.year DESC, x.cadre, x.id",
        page,
    )
    .await
}

/// How many took the exam and how many passed.
pub async fn exam_counts(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
) -> Result<(i64, i64), StorageError> {
    let mut q = Query::new("SELECT COUNT(*) FROM law_exams x");
    q.append(&exam_where(scope, year, false, "x.org_id"));
    let taken: i64 = q.fetch_scalar(db).await?;
    let mut q = Query::new("SELECT COUNT(*) FROM law_exams x");
    q.append(&exam_where(scope, year, false, "x.org_id"));
    q.push(" AND x.passed = ").push_bind(true);
    let passed: i64 = q.fetch_scalar(db).await?;
    Ok((taken, passed))
}

pub async fn get_exam<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<LawExamRow, StorageError> {
    let mut q = Query::new(format!(
        "SELECT {EXAM_COLUMNS} FROM law_exams x JOIN orgs o ON o.id = x.org_id WHERE x.id = "
    ));
    q.push_bind(id);
    scope.restrict(&mut q, "x.org_id");
    q.fetch_one(on).await
}

const INSERT_EXAM: &str = "INSERT INTO law_exams (org_id, year, cadre, post, score, passed, \
     taken_on, created_at, created_by) VALUES ";

fn push_exam(q: &mut Query, org_id: i64, x: &NewLawExam, at: DateTime<Utc>, by: Option<i64>) {
    q.push("(")
        .push_bind(org_id)
        .push(", ")
        .push_bind(i64::from(x.year))
        .push(", ")
        .push_bind(x.cadre.as_str())
        .push(", ")
        .push_bind(x.post.clone())
        .push(", ")
        .push_bind(x.score)
        .push(", ")
        .push_bind(x.passed)
        .push(", ")
        .push_bind(x.taken_on)
        .push(", ")
        .push_bind(at)
        .push(", ")
        .push_bind(by)
        .push(")");
}

pub async fn create_exam(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    x: &NewLawExam,
) -> Result<LawExamRow, StorageError> {
    let mut q = Query::new(INSERT_EXAM);
    push_exam(
        &mut q,
        org_id,
        x,
        Utc::now().trunc_subsecs(6),
        actor.user_id,
    );
    q.push(" RETURNING id");
    let id: i64 = q.fetch_scalar(&mut *tx).await?;
    let row = get_exam(&mut *tx, &Scope::everything(), id).await?;
    audit::record(
        tx,
        actor,
        Change::new("create", "law_exam", id)
            .org(org_id)
            .after(&row),
    )
    .await?;
    Ok(row)
}

/// Replaces a result's fields (the kit has claimed its version and logs the edit). A second result for the same cadre and year is the unique key's conflict.
pub async fn update_exam(
    tx: &mut Tx,
    before: &LawExamRow,
    x: &NewLawExam,
) -> Result<(), StorageError> {
    Query::new(
        "UPDATE law_exams SET year = $1, cadre = $2, post = $3, score = $4, passed = $5, \
         taken_on = $6 WHERE id = $7",
    )
    .bind(i64::from(x.year))
    .bind(x.cadre.as_str())
    .bind(x.post.clone())
    .bind(x.score)
    .bind(x.passed)
    .bind(x.taken_on)
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The result as a record of the revision kit.
pub fn exam_target(x: &LawExamRow) -> revision::Target {
    revision::Target {
        table: "law_exams",
        entity: "law_exam",
        id: x.id,
        org_id: x.org_id,
    }
}

pub async fn insert_exams(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    exams: &[NewLawExam],
    source: &str,
) -> Result<u64, StorageError> {
    let at = Utc::now().trunc_subsecs(6);
    let by = actor.user_id;
    insert_batched(
        tx,
        actor,
        org_id,
        exams,
        (INSERT_EXAM, "law_exam"),
        |q, x| push_exam(q, org_id, x, at, by),
        source,
    )
    .await
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

/// `withdrawn` lists the withdrawn reports (and only those) instead of the valid ones.
pub async fn list_reports(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
    withdrawn: bool,
    page: Option<(u32, u32)>,
) -> Result<(Vec<DutyReportRow>, i64), StorageError> {
    records::page_by_year(
        db,
        "duty_reports d",
        report_select(),
        scope,
        year,
        withdrawn,
        "d.year DESC, d.reported_on DESC, d.id DESC",
        page,
    )
    .await
}

pub async fn get_report<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<DutyReportRow, StorageError> {
    records::one(on, &report_select(), "d", scope, id).await
}

pub async fn create_report(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    r: &NewDutyReport,
) -> Result<DutyReportRow, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO duty_reports (org_id, year, leader, post, reported_on, form, evaluation, \
         notes, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
    )
    .bind(org_id)
    .bind(i64::from(r.year))
    .bind(r.leader.as_str())
    .bind(r.post.clone())
    .bind(r.reported_on)
    .bind(r.form.code())
    .bind(r.evaluation.clone())
    .bind(r.notes.clone())
    .bind(Utc::now().trunc_subsecs(6))
    .bind(actor.user_id)
    .fetch_scalar(&mut *tx)
    .await?;
    let row = get_report(&mut *tx, &Scope::everything(), id).await?;
    records::log_created(tx, actor, "duty_report", id, org_id, &row).await?;
    Ok(row)
}

/// Replaces a report's fields (the kit has claimed its version and logs the edit). A second
/// report of the same leader and year is the unique key's conflict.
pub async fn update_report(
    tx: &mut Tx,
    before: &DutyReportRow,
    r: &NewDutyReport,
) -> Result<(), StorageError> {
    Query::new(
        "UPDATE duty_reports SET year = $1, leader = $2, post = $3, reported_on = $4, form = $5, \
         evaluation = $6, notes = $7 WHERE id = $8",
    )
    .bind(i64::from(r.year))
    .bind(r.leader.as_str())
    .bind(r.post.clone())
    .bind(r.reported_on)
    .bind(r.form.code())
    .bind(r.evaluation.clone())
    .bind(r.notes.clone())
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The report as a record of the revision kit.
pub fn report_target(r: &DutyReportRow) -> revision::Target {
    records::target("duty_reports", "duty_report", r.id, r.org_id)
}

//! Cadre law study (学法用法): study sessions, the yearly law exam and year-end 述职述法, with
//! the `study-sessions` and `law-exams` ledgers.

use std::collections::BTreeMap;

use fazhi_domain::access::Area;
use fazhi_domain::publicity::{
    hours_per_cadre, parse_passed, split_list, DutyReportDraft, ExamDraft, ExamStats, FieldErrors,
    NewDutyReport, NewLawExam, NewStudySession, StudyDraft, StudyForm,
};
use fazhi_ledger::{RowError, Sheet};

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::storage::orgs::Org;
use crate::storage::study as store;
use crate::storage::year_lists::YearFilter;
use crate::storage::StorageError;

use super::code_lists::{self, ListName};
use super::publicity::{date_field, merge};
use super::year_lists::{self as kit, YearQuery, YearRegister};
use super::Caller;
pub use crate::storage::study::{DutyReportRow, LawExamRow, StudySessionRow};

/// The three registers on the list kit of registers filed by year.
pub const SESSIONS: YearRegister<StudySessionRow> =
    YearRegister::new(Area::Study, &store::SESSIONS);
pub const EXAMS: YearRegister<LawExamRow> = YearRegister::new(Area::Study, &store::EXAMS);
pub const REPORTS: YearRegister<DutyReportRow> = YearRegister::new(Area::Study, &store::REPORTS);

// ---------------------------------------------------------------------------------------------
// Study sessions

pub struct SessionList {
    pub items: Vec<StudySessionRow>,
    pub total: i64,
    /// Hours of every matching session added up.
    pub hours: f64,
    /// Yearly hours per named attendee, most first.
    pub hours_per_cadre: Vec<(String, f64)>,
}

/// A page of the sessions `q` selects (of one form if given), with the hours of them all.
pub async fn list_sessions(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    form: Option<&str>,
    page: Option<(u32, u32)>,
) -> AppResult<SessionList> {
    let (scope, f) = q.resolve(app, caller, Area::Study).await?;
    let form = match form.map(str::trim).filter(|f| !f.is_empty()) {
        None => None,
        Some(f) => Some(StudyForm::parse(f).ok_or_else(|| {
            AppError::field(
                "form",
                format!("学法形式「{f}」无法识别，请选择：{}", StudyForm::choices()),
            )
        })?),
    };
    let (items, total) = store::list_sessions(&app.db, &scope, f, form, page).await?;
    // Per-cadre hours need every matching session, not just this page: added up once per
    // version of the register and kept (`list_totals`), so a page costs the same at 300,000
    // sessions as at 3,000.
    let (hours, hours_per_cadre) = super::list_totals::cached(
        &app.db,
        &app.study_hours,
        "study_sessions",
        &scope,
        &(f.year, form, f.withdrawn),
        || async {
            let (all, _) = store::list_sessions(&app.db, &scope, f, form, None).await?;
            let lists: Vec<(Vec<String>, f64)> = all
                .iter()
                .map(|s| (split_list(&s.attendees), s.hours))
                .collect();
            Ok((
                all.iter().map(|s| s.hours).sum(),
                hours_per_cadre(lists.iter().map(|(a, h)| (a.as_slice(), *h))),
            ))
        },
    )
    .await?;
    Ok(SessionList {
        items,
        total,
        hours,
        hours_per_cadre,
    })
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SessionInput {
    /// Organisation code; blank means the caller's own organisation.
    pub org: Option<String>,
    /// YYYY-MM-DD (2024/3/5 and 2024年3月5日 are accepted too).
    pub held_on: String,
    /// 理论学习中心组 | 会前学法 | 机关集中学法 | 专题讲座 | 培训班 | 在线 (or the codes)
    pub form: String,
    pub laws: String,
    pub speaker: String,
    pub attendees: Vec<String>,
    pub attendee_count: Option<i64>,
    pub hours: Option<f64>,
    pub notes: String,
}

fn session_draft(input: SessionInput, own: &mut FieldErrors) -> StudyDraft {
    StudyDraft {
        held_on: date_field("held_on", &input.held_on, own),
        form: input.form,
        laws: input.laws,
        speaker: input.speaker,
        attendees: input.attendees,
        attendee_count: input.attendee_count,
        hours: input.hours,
        notes: input.notes,
    }
}

pub(crate) fn checked<T>(parsed: Result<T, FieldErrors>, own: FieldErrors) -> AppResult<T> {
    match parsed {
        Ok(v) if own.is_empty() => Ok(v),
        Ok(_) => Err(merge(BTreeMap::new(), own)),
        Err(domain) => Err(merge(domain, own)),
    }
}

pub async fn create_session(
    app: &App,
    caller: &Caller,
    mut input: SessionInput,
) -> AppResult<StudySessionRow> {
    let org = input.org.clone();
    // An alias of a study form (the list's data) is stored as the form it names.
    let target = match org.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => crate::storage::orgs::by_code_in(&app.db, &caller.scope, code).await?,
        None => None,
    };
    let lists = match &target {
        Some(o) => code_lists::for_org(app, o).await?,
        None => code_lists::for_caller(app, caller).await?,
    };
    input.form = lists.get(ListName::StudyForms).canonical(&input.form);
    let checked = || async { Ok(store::session_columns(&parse_session(input)?)) };
    SESSIONS
        .register(app, caller, org.as_deref(), checked, AppError::from)
        .await
}

/// Checks a session as entered (registration and edit alike).
pub(crate) fn parse_session(input: SessionInput) -> AppResult<NewStudySession> {
    let mut own = FieldErrors::new();
    let draft = session_draft(input, &mut own);
    checked(NewStudySession::parse(draft), own)
}

// ---------------------------------------------------------------------------------------------
// Law exams

pub struct ExamList {
    pub items: Vec<LawExamRow>,
    pub total: i64,
    pub stats: ExamStats,
}

/// A page of the results `q` selects, with the pass figures of the year's valid results.
pub async fn list_exams(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    page: Option<(u32, u32)>,
) -> AppResult<ExamList> {
    let (scope, f) = q.resolve(app, caller, Area::Study).await?;
    let (items, total) = EXAMS.list.page(&app.db, &scope, f, page).await?;
    let (taken, passed) = super::list_totals::cached(
        &app.db,
        &app.exam_counts,
        "law_exams",
        &scope,
        &f.year,
        || store::exam_counts(&app.db, &scope, f.year),
    )
    .await?;
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(ExamList {
        items,
        total,
        stats: ExamStats::new(n(taken), n(passed)),
    })
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ExamInput {
    /// Organisation code; blank means the caller's own organisation.
    pub org: Option<String>,
    pub year: Option<i32>,
    pub cadre: String,
    pub post: String,
    pub score: Option<f64>,
    pub passed: Option<bool>,
    pub taken_on: String,
}

/// One exam result per cadre, organisation and year.
pub(crate) fn exam_conflict(e: StorageError) -> AppError {
    match e {
        StorageError::Conflict(name) if name == "law_exams_org_id_year_cadre_key" => conflict(
            "cadre",
            "该干部本年度的考试成绩已登记，如需更正请联系管理员",
        ),
        StorageError::Conflict(name) if name == "duty_reports_org_id_year_leader_key" => {
            conflict("leader", "该领导本年度的述职述法已登记")
        }
        other => other.into(),
    }
}

/// A field error answered as 409 `conflict`.
fn conflict(field: &str, message: &str) -> AppError {
    let mut err = AppError::field(field, message);
    err.kind = ErrorKind::Conflict;
    err.code = "conflict";
    err
}

pub async fn create_exam(app: &App, caller: &Caller, input: ExamInput) -> AppResult<LawExamRow> {
    let org = input.org.clone();
    let checked = || async { Ok(store::exam_columns(&parse_exam(input)?)) };
    EXAMS
        .register(app, caller, org.as_deref(), checked, exam_conflict)
        .await
}

/// Checks a result as entered (registration and edit alike).
pub(crate) fn parse_exam(input: ExamInput) -> AppResult<NewLawExam> {
    let mut own = FieldErrors::new();
    let draft = ExamDraft {
        year: input.year,
        cadre: input.cadre,
        post: input.post,
        score: input.score,
        passed: input.passed,
        taken_on: date_field("taken_on", &input.taken_on, &mut own),
    };
    checked(NewLawExam::parse(draft), own)
}

// ---------------------------------------------------------------------------------------------
// Year-end 述职述法

/// A 述职述法 report as entered: registration, the edit form and a `PATCH` (with `version`)
/// fill it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = DutyReportInput)]
pub struct ReportInput {
    /// Organisation code; the caller's own when left out. Only on registration.
    pub org: Option<String>,
    pub year: Option<i32>,
    pub leader: String,
    pub post: String,
    /// e.g. 2024-01-15
    pub reported_on: String,
    /// 书面 | 口头 | 会议 (or written | oral | meeting)
    pub form: String,
    pub evaluation: String,
    pub notes: String,
}

pub async fn create_report(
    app: &App,
    caller: &Caller,
    input: ReportInput,
) -> AppResult<DutyReportRow> {
    let org = input.org.clone();
    let checked = || async { Ok(store::report_columns(&parse_report(input)?)) };
    REPORTS
        .register(app, caller, org.as_deref(), checked, exam_conflict)
        .await
}

/// Checks a report as entered (registration and edit alike).
pub(crate) fn parse_report(input: ReportInput) -> AppResult<NewDutyReport> {
    let mut own = FieldErrors::new();
    let draft = DutyReportDraft {
        year: input.year,
        leader: input.leader,
        post: input.post,
        reported_on: date_field("reported_on", &input.reported_on, &mut own),
        form: input.form,
        evaluation: input.evaluation,
        notes: input.notes,
    };
    checked(NewDutyReport::parse(draft), own)
}

// ---------------------------------------------------------------------------------------------
// Ledgers

// The specs live with every other ledger's, in `fazhi_ledger::specs`.
pub use fazhi_ledger::specs::{LAW_EXAMS as EXAMS_LEDGER, STUDY_SESSIONS as SESSIONS_LEDGER};

/// Domain field → ledger column, for each ledger.
fn session_column(field: &str) -> &'static str {
    match field {
        "held_on" => "日期",
        "form" => "形式",
        "laws" => "学习内容",
        "speaker" => "主讲人",
        "attendee_count" => "参加人数",
        "hours" => "学时",
        "notes" => fazhi_ledger::specs::REMARKS,
        _ => "",
    }
}

fn exam_column(field: &str) -> &'static str {
    match field {
        "year" => "年度",
        "cadre" => "姓名",
        "post" => "职务",
        "score" => "成绩",
        "passed" => "是否合格",
        "taken_on" => "考试日期",
        _ => "",
    }
}

/// A ledger row's record, if neither the domain nor the cell reader (`own`, which wins per
/// field) found anything wrong; otherwise its errors under the ledger's column names.
fn row_record<T>(
    row: usize,
    own: FieldErrors,
    parsed: Result<T, FieldErrors>,
    column: fn(&str) -> &'static str,
    errors: &mut Vec<RowError>,
) -> Option<T> {
    let mut all = match parsed {
        Ok(v) if own.is_empty() => return Some(v),
        Ok(_) => FieldErrors::new(),
        Err(domain) => domain,
    };
    all.extend(own);
    errors.extend(
        all.into_iter()
            .map(|(f, m)| RowError::new(row, column(&f), m)),
    );
    None
}

/// Every row's record, or every row's errors.
fn all_or_errors<T>(records: Vec<T>, errors: Vec<RowError>) -> Result<Vec<T>, Vec<RowError>> {
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

fn number_cell(field: &str, s: &str, what: &str, own: &mut FieldErrors) -> Option<f64> {
    let s = s.trim().trim_end_matches(['分', '时', '小']).trim();
    if s.is_empty() {
        return None;
    }
    match s.parse::<f64>() {
        Ok(v) => Some(v),
        Err(_) => {
            own.insert(field.to_owned(), format!("「{s}」不是数字，请填写{what}"));
            None
        }
    }
}

/// [`parse_session_rows_with`] the national study forms.
pub fn parse_session_rows(sheet: &Sheet) -> Result<Vec<NewStudySession>, Vec<RowError>> {
    parse_session_rows_with(
        sheet,
        &fazhi_domain::code_list::CodeList::national(ListName::StudyForms),
    )
}

/// The rows as sessions, a form given by an alias of `forms` stored as the form it names.
pub fn parse_session_rows_with(
    sheet: &Sheet,
    forms: &fazhi_domain::code_list::CodeList,
) -> Result<Vec<NewStudySession>, Vec<RowError>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &sheet.rows {
        let mut own = FieldErrors::new();
        let attendee_count = match row.get("参加人数").trim() {
            "" => None,
            s => match fazhi_ledger::parse_count(s) {
                Ok(n) => Some(i64::from(n)),
                Err(m) => {
                    own.insert("attendee_count".to_owned(), m);
                    None
                }
            },
        };
        let input = SessionInput {
            org: None,
            held_on: row.get("日期").to_owned(),
            form: forms.canonical(row.get("形式")),
            laws: row.get("学习内容").to_owned(),
            speaker: row.get("主讲人").to_owned(),
            attendees: split_list(row.get("参加人员")),
            attendee_count,
            hours: number_cell("hours", row.get("学时"), "小时数，如 1.5", &mut own),
            notes: row.get(fazhi_ledger::specs::REMARKS).to_owned(),
        };
        let parsed = NewStudySession::parse(session_draft(input, &mut own));
        out.extend(row_record(
            row.number,
            own,
            parsed,
            session_column,
            &mut errors,
        ));
    }
    all_or_errors(out, errors)
}

pub fn parse_exam_rows(sheet: &Sheet) -> Result<Vec<NewLawExam>, Vec<RowError>> {
    let mut out: Vec<NewLawExam> = Vec::new();
    let mut errors = Vec::new();
    for row in &sheet.rows {
        let mut own = FieldErrors::new();
        let year = match row.get("年度").trim().trim_end_matches('年') {
            "" => None,
            s => match s.parse::<i32>() {
                Ok(y) => Some(y),
                Err(_) => {
                    own.insert("year".to_owned(), format!("「{s}」不是年份，请写成 2024"));
                    None
                }
            },
        };
        let passed = match row.get("是否合格").trim() {
            "" => None,
            s => match parse_passed(s) {
                Some(p) => Some(p),
                None => {
                    own.insert(
                        "passed".to_owned(),
                        format!("「{s}」无法识别，请填写 合格 或 不合格"),
                    );
                    None
                }
            },
        };
        let draft = ExamDraft {
            year,
            cadre: row.get("姓名").to_owned(),
            post: row.get("职务").to_owned(),
            score: number_cell("score", row.get("成绩"), "分数，如 86", &mut own),
            passed,
            taken_on: date_field("taken_on", row.get("考试日期"), &mut own),
        };
        let parsed = NewLawExam::parse(draft);
        let Some(x) = row_record(row.number, own, parsed, exam_column, &mut errors) else {
            continue;
        };
        // The table allows one result per cadre and year; say so by row.
        if out.iter().any(|o| o.year == x.year && o.cadre == x.cadre) {
            errors.push(RowError::new(
                row.number,
                "姓名",
                format!("{}在{}年度的成绩在文件中出现了两次", x.cadre, x.year),
            ));
        } else {
            out.push(x);
        }
    }
    all_or_errors(out, errors)
}

/// All-or-nothing import of study sessions into `org` (see `publicity::import_rows`).
pub async fn import_session_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    sheet: &Sheet,
    source: &str,
    dry_run: bool,
) -> AppResult<Result<u64, Vec<RowError>>> {
    kit::require_org(caller, Area::Study, org, true)?;
    let lists = code_lists::for_org(app, org).await?;
    let sessions = match parse_session_rows_with(sheet, lists.get(ListName::StudyForms)) {
        Ok(s) => s,
        Err(rows) => return Ok(Err(rows)),
    };
    let import = SESSIONS.import(source, dry_run, AppError::from);
    import
        .write(app, caller, org, &sessions, store::session_columns)
        .await
}

/// All-or-nothing import of exam results (e.g. the provincial platform's export) into `org`.
/// A cadre already recorded for the year is reported as a bad row.
pub async fn import_exam_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    sheet: &Sheet,
    source: &str,
    dry_run: bool,
) -> AppResult<Result<u64, Vec<RowError>>> {
    kit::require_org(caller, Area::Study, org, true)?;
    let exams = match parse_exam_rows(sheet) {
        Ok(x) => x,
        Err(rows) => return Ok(Err(rows)),
    };
    // Clash with results already stored: one query for the years in the file.
    let mut clashes = Vec::new();
    let mut years: Vec<i32> = exams.iter().map(|x| x.year).collect();
    years.sort_unstable();
    years.dedup();
    for y in years {
        let f = YearFilter {
            year: Some(y),
            withdrawn: false,
            only: None,
        };
        let (existing, _): (Vec<LawExamRow>, _) =
            EXAMS.list.page(&app.db, &org.scope(), f, None).await?;
        for (x, row) in exams.iter().zip(&sheet.rows) {
            if x.year == y
                && existing
                    .iter()
                    .any(|e| e.org_id == org.id && e.cadre == x.cadre)
            {
                clashes.push(RowError::new(
                    row.number,
                    "姓名",
                    format!("{}在{}年度的成绩已登记，请删去这一行", x.cadre, y),
                ));
            }
        }
    }
    if !clashes.is_empty() {
        return Ok(Err(clashes));
    }
    // Each result with its row's 备注 (every row gave one result).
    let with_remarks: Vec<(&NewLawExam, Option<&str>)> = exams
        .iter()
        .zip(&sheet.rows)
        .map(|(x, row)| (x, row.opt(fazhi_ledger::specs::REMARKS)))
        .collect();
    let import = EXAMS.import(source, dry_run, exam_conflict);
    let columns = |(x, remarks): &(&NewLawExam, Option<&str>)| {
        let mut c = store::exam_columns(x);
        c.push(("remarks", remarks.map(str::to_owned).into()));
        c
    };
    import.write(app, caller, org, &with_remarks, columns).await
}

pub async fn export_session_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    year: Option<i32>,
) -> AppResult<(Vec<&'static str>, Vec<Vec<String>>)> {
    let items = SESSIONS.ledger_set(app, caller, org, year).await?;
    let rows = items
        .iter()
        .rev()
        .map(|s| {
            vec![
                s.held_on.format("%Y-%m-%d").to_string(),
                s.form_label().to_owned(),
                s.laws.clone(),
                s.speaker.clone().unwrap_or_default(),
                s.attendees.clone(),
                s.attendee_count.to_string(),
                s.hours.to_string(),
            ]
        })
        .collect();
    Ok((SESSIONS_LEDGER.column_names(), rows))
}

pub async fn export_exam_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    year: Option<i32>,
) -> AppResult<(Vec<&'static str>, Vec<Vec<String>>)> {
    let items = EXAMS.ledger_set(app, caller, org, year).await?;
    let rows = items
        .iter()
        .map(|x| {
            vec![
                x.year.to_string(),
                x.cadre.clone(),
                x.post.clone().unwrap_or_default(),
                x.score.map(|s| s.to_string()).unwrap_or_default(),
                if x.passed { "合格" } else { "不合格" }.to_owned(),
                x.taken_on
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Ok((EXAMS_LEDGER.column_names(), rows))
}

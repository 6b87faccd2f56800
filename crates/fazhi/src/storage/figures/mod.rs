//! The one query layer behind the annual report, the dashboards and the figures API, so their
//! numbers always agree. Each register contributes its own figures in its own file here; the
//! report only sees the resulting [`Figures`].

mod complaints;
mod disputes;
mod leadership;
pub(crate) mod legality;
mod normative;
mod publicity;
mod study;
mod supervision_items;

use chrono::NaiveDate;
use fazhi_domain::report::Figures;

use super::{Backend, Db, Query, Scope, StorageError};

/// The calendar year as a half-open date range, bound as dates so both backends compare them
/// as dates.
pub(crate) fn year_range(year: i32) -> (NaiveDate, NaiveDate) {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid year");
    let to = NaiveDate::from_ymd_opt(year + 1, 1, 1).expect("valid year");
    (from, to)
}

/// `SELECT COUNT(*) FROM <table> WHERE <date_col> in year` within `scope`, plus `extra`.
pub(crate) async fn count(
    db: &Db,
    scope: &Scope,
    table: &str,
    date_col: &str,
    year: i32,
    extra: &str,
) -> Result<i64, StorageError> {
    let (from, to) = year_range(year);
    let mut q = Query::new(format!("SELECT COUNT(*) FROM {table} WHERE {date_col} >= "));
    q.push_bind(from)
        .push(&format!(" AND {date_col} < "))
        .push_bind(to);
    q.push(extra);
    scope.restrict(&mut q, "org_id");
    q.fetch_scalar(db).await
}

#[derive(sqlx::FromRow)]
pub(crate) struct LabelCount {
    pub label: String,
    pub n: i64,
}

/// `select` over the rows of `table` in `scope` whose `date_col` falls in `year`; a withdrawn
/// record of a kit table counts nowhere, its breakdowns and months included.
fn in_year(select: &str, scope: &Scope, table: &str, date_col: &str, year: i32) -> Query {
    let (from, to) = year_range(year);
    let mut q = Query::new(format!("{select} FROM {table} WHERE {date_col} >= "));
    q.push_bind(from)
        .push(&format!(" AND {date_col} < "))
        .push_bind(to);
    scope.restrict(&mut q, "org_id");
    if super::revision::KIT_TABLES.contains(&table) {
        q.push(" AND withdrawn_at IS NULL");
    }
    q
}

/// Every figure for the organisations in `scope`, for `year`.
/// What each register's `contribute` returns, having added its figures.
pub type Contributed = Result<(), StorageError>;

pub async fn annual(db: &Db, scope: &Scope, year: i32) -> Result<Figures, StorageError> {
    let mut f = Figures::default();
    disputes::contribute(db, scope, year, &mut f).await?;
    publicity::contribute(db, scope, year, &mut f).await?;
    study::contribute(db, scope, year, &mut f).await?;
    legality::contribute(db, scope, year, &mut f).await?;
    normative::contribute(db, scope, year, &mut f).await?;
    complaints::contribute(db, scope, year, &mut f).await?;
    leadership::contribute(db, scope, year, &mut f).await?;
    supervision_items::contribute(db, scope, year, &mut f).await?;
    Ok(f)
}

/// The month ('01'–'12') of a date column, as text on both backends: SQLite keeps dates as
/// `YYYY-MM-DD` text.
pub(crate) fn month_of(backend: Backend, date_col: &str) -> String {
    match backend {
        Backend::Sqlite => format!("substr({date_col}, 6, 2)"),
        Backend::Postgres => format!("to_char({date_col}, 'MM')"),
    }
}

/// Twelve month counts as the breakdown's rows ('01' … '12', in calendar order).
pub(crate) fn month_rows(months: [i64; 12]) -> Vec<(String, i64)> {
    months
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("{:02}", i + 1), *n))
        .collect()
}

/// Counts by month (1–12) of rows whose `date_col` falls in `year`, grouped by the database
/// (twelve rows back, not every record's date).
pub(crate) async fn by_month(
    db: &Db,
    scope: &Scope,
    table: &str,
    date_col: &str,
    year: i32,
) -> Result<Vec<(String, i64)>, StorageError> {
    let month = month_of(db.backend(), date_col);
    let mut q = in_year(
        &format!("SELECT {month} AS label, COUNT(*) AS n"),
        scope,
        table,
        date_col,
        year,
    );
    q.push(&format!(" GROUP BY {month}"));
    let rows: Vec<LabelCount> = q.fetch_all(db).await?;
    let mut months = [0i64; 12];
    for r in rows {
        if let Some(m) = r
            .label
            .parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
        {
            months[m - 1] += r.n;
        }
    }
    Ok(month_rows(months))
}

/// The registers (and the organisations, whose paths scope the figures and whose names label
/// them) every figure is read from: their versions (`register_versions`, bumped by triggers on
/// every write, migrations 0007, 0013, 0014, 0049, 0041, 0055) say when computed figures are stale.
pub const SOURCES: &[&str] = &[
    "disputes",
    "consultations",
    "legal_aid",
    "trainings",
    "screening_rounds",
    "publicity_events",
    "study_sessions",
    "law_exams",
    "duty_reports",
    "review_requests",
    "decisions",
    "contracts",
    "normative_documents",
    "normative_cleanups",
    "complaints",
    "leading_groups",
    "leading_group_members",
    "meetings",
    "work_rules",
    "budget_lines",
    "supervision_items",
    "orgs",
];

/// One number that changes whenever any of [`SOURCES`] changes: the sum of their versions.
/// Versions only ever grow, so a write anywhere makes the sum grow; it never returns to a value
/// figures were computed at.
pub async fn version(db: &Db) -> Result<i64, StorageError> {
    let mut q = Query::new(
        "SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM register_versions WHERE register IN (",
    );
    for (i, register) in SOURCES.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(*register);
    }
    q.push(")");
    q.fetch_scalar(db).await
}

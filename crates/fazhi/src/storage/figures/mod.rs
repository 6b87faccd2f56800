//! The one query layer behind the annual report, the dashboards and the figures API, so their
//! numbers always agree. Each register contributes its own figures in its own file here; the
//! report only sees the resulting [`Figures`].

mod disputes;
mod legality;
mod publicity;
mod study;

use chrono::NaiveDate;
use fazhi_domain::report::Figures;

use super::{Db, Query, Scope, StorageError};

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

/// Counts grouped by a column's value.
pub(crate) async fn grouped(
    db: &Db,
    scope: &Scope,
    table: &str,
    date_col: &str,
    year: i32,
    group_expr: &str,
) -> Result<Vec<(String, i64)>, StorageError> {
    let select = format!("SELECT {group_expr} AS label, COUNT(*) AS n");
    let mut q = in_year(&select, scope, table, date_col, year);
    q.push(&format!(" GROUP BY {group_expr}"));
    let rows: Vec<LabelCount> = q.fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| (r.label, r.n)).collect())
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
    Ok(f)
}

/// Counts by month (1–12) of rows whose `date_col` falls in `year`; months are derived in Rust
/// from the dates themselves so no backend-specific date function is needed.
pub(crate) async fn by_month(
    db: &Db,
    scope: &Scope,
    table: &str,
    date_col: &str,
    year: i32,
) -> Result<Vec<(String, i64)>, StorageError> {
    let q = in_year(&format!("SELECT {date_col}"), scope, table, date_col, year);
    let dates: Vec<NaiveDate> = q.fetch_scalars(db).await?;
    let mut months = [0i64; 12];
    for d in dates {
        use chrono::Datelike;
        months[d.month0() as usize] += 1;
    }
    Ok(months
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("{:02}", i + 1), *n))
        .collect())
}

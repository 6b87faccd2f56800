//! What the case registers' storage shares (disputes, legal consultations, legal-aid
//! referrals): the start of a list's filter (valid or withdrawn records, the caller's scope, a
//! chosen village or town, a calendar year of the record's date), the page and the ledger order
//! of a filtered set, an edit written as a table of columns, and an insert with its audit entry.
//! Consultations and legal aid also share their whole list query ([`CaseList`]: one filter,
//! totals, page and ledger order); disputes add a word index and an overdue test of their own.

use std::fmt::Debug;

use chrono::NaiveDate;

use super::audit::{self, Actor, Change};
use super::db::{multi_insert, Row};
use super::records::listed;
use super::{Backend, Db, Query, Scope, StorageError, Tx, Value};

/// The filter every case list starts from, on table `alias` whose record date is `date`.
pub struct ListStart<'a> {
    pub alias: &'a str,
    pub date: &'a str,
    pub withdrawn: bool,
    pub under: Option<&'a Scope>,
    pub year: Option<i32>,
    /// The column holding each row's town, on a backend that uses it (Scope::restrict_in_town).
    pub towns: Option<(Backend, &'a str)>,
}

impl<'a> ListStart<'a> {
    pub fn new(
        alias: &'a str,
        date: &'a str,
        withdrawn: bool,
        under: Option<&'a Scope>,
        year: Option<i32>,
    ) -> Self {
        ListStart {
            alias,
            date,
            withdrawn,
            under,
            year,
            towns: None,
        }
    }

    /// The rows carry their town in `column`: scopes within a town say it (on PostgreSQL).
    pub fn with_towns(self, backend: Backend, column: &'a str) -> Self {
        ListStart {
            towns: Some((backend, column)),
            ..self
        }
    }

    /// `WHERE`: the valid records (a withdrawn one counts nowhere: not in lists, totals, the
    /// report or exports) or only the withdrawn ones, in `scope` through `org_column`, under the
    /// chosen organisation (the record's village, else its organisation), in the year.
    pub fn clause(&self, scope: &Scope, org_column: &str) -> Query {
        let a = self.alias;
        let mut w = listed(a, self.withdrawn);
        let under_column = format!("COALESCE({a}.village_id, {a}.org_id)");
        for (scope, column) in [(Some(scope), org_column), (self.under, &under_column)] {
            match (scope, self.towns) {
                (Some(s), Some((backend, town))) => {
                    s.restrict_in_town(backend, &mut w, column, town)
                }
                (Some(s), None) => s.restrict(&mut w, column),
                (None, _) => {}
            }
        }
        if let Some(y) = self.year {
            if let (Some(from), Some(to)) = (
                NaiveDate::from_ymd_opt(y, 1, 1),
                NaiveDate::from_ymd_opt(y + 1, 1, 1),
            ) {
                w.push(&format!(" AND {a}.{} >= ", self.date))
                    .push_bind(from)
                    .push(&format!(" AND {a}.{} < ", self.date))
                    .push_bind(to);
            }
        }
        w
    }

    /// A page of `select` filtered by `w`, newest first (by date, then id).
    pub async fn page<T: Row>(
        &self,
        db: &Db,
        select: &str,
        w: &Query,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<T>, StorageError> {
        let mut q = Query::new(select);
        q.append(w);
        q.push(&format!(
            " ORDER BY {a}.{d} DESC, {a}.id DESC",
            a = self.alias,
            d = self.date
        ))
        .limit(limit, offset);
        q.fetch_all(db.kept_plans()).await
    }

    /// Every record of `select` filtered by `w`, oldest first (the order of a paper ledger).
    pub async fn all<T: Row>(
        &self,
        db: &Db,
        select: &str,
        w: &Query,
    ) -> Result<Vec<T>, StorageError> {
        let mut q = Query::new(select);
        q.append(w);
        q.push(&format!(
            " ORDER BY {a}.{d}, {a}.id",
            a = self.alias,
            d = self.date
        ));
        q.fetch_all(db).await
    }
}

/// A case list's filter: what every case register's list filters by, and the register's own
/// filters (`more`).
#[derive(Clone, Debug, Default)]
pub struct Filter<M> {
    pub year: Option<i32>,
    /// Only the records of this village or town (the record's village, else its organisation).
    pub under: Option<Scope>,
    /// Only the records linked to this dispute.
    pub dispute_id: Option<i64>,
    /// List the withdrawn records (and only those) instead of the valid ones.
    pub withdrawn: bool,
    pub more: M,
}

/// A case register whose list is read through [`totals`], [`page`] and [`all`].
pub trait CaseList {
    /// The table's alias in [`Self::SELECT`] and [`Self::COUNT`] (`c`).
    const ALIAS: &'static str;
    /// The record's date, which orders the list and chooses the year.
    const DATE: &'static str;
    /// The records with their organisation's and village's names, without `WHERE`.
    const SELECT: &'static str;
    /// `SELECT` of the totals' columns `FROM` the table, without `WHERE`.
    const COUNT: &'static str;
    type Row: Row;
    type Totals: Row;
    /// The register's own filters.
    type More: Clone + Debug + Default + Send + Sync;

    /// Adds the register's own filters to `w` (a word search is written for `backend`,
    /// storage/search.rs).
    fn narrow(w: &mut Query, more: &Self::More, backend: Backend);
}

fn start<L: CaseList>(f: &Filter<L::More>) -> ListStart<'_> {
    ListStart::new(L::ALIAS, L::DATE, f.withdrawn, f.under.as_ref(), f.year)
}

fn where_clause<L: CaseList>(
    backend: Backend,
    scope: &Scope,
    f: &Filter<L::More>,
    org_column: &str,
) -> Query {
    let mut w = start::<L>(f).clause(scope, org_column);
    if let Some(id) = f.dispute_id {
        w.push(&format!(" AND {}.dispute_id = ", L::ALIAS))
            .push_bind(id);
    }
    L::narrow(&mut w, &f.more, backend);
    w
}

/// Counts of the whole filtered set.
pub async fn totals<L: CaseList>(
    db: &Db,
    scope: &Scope,
    f: &Filter<L::More>,
) -> Result<L::Totals, StorageError> {
    let mut count = Query::new(L::COUNT);
    count.append(&where_clause::<L>(
        db.backend(),
        scope,
        f,
        &format!("{}.org_id", L::ALIAS),
    ));
    count.fetch_one(db).await
}

/// A page of the filtered list, newest first.
pub async fn page<L: CaseList>(
    db: &Db,
    scope: &Scope,
    f: &Filter<L::More>,
    limit: i64,
    offset: i64,
) -> Result<Vec<L::Row>, StorageError> {
    // `+org_id` keeps SQLite off the organisation index: walking the date index newest first
    // and stopping after a page costs the same at 300,000 records as at 300 (as for disputes).
    let w = where_clause::<L>(db.backend(), scope, f, &format!("+{}.org_id", L::ALIAS));
    start::<L>(f).page(db, L::SELECT, &w, limit, offset).await
}

/// Every record of the filtered set, oldest first (the order of a paper ledger).
pub async fn all<L: CaseList>(
    db: &Db,
    scope: &Scope,
    f: &Filter<L::More>,
) -> Result<Vec<L::Row>, StorageError> {
    let w = where_clause::<L>(db.backend(), scope, f, &format!("{}.org_id", L::ALIAS));
    start::<L>(f).all(db, L::SELECT, &w).await
}

/// Writes `sets` (column, value) to record `id` of `table`; the caller has claimed its version
/// and the kit logs the edit.
pub async fn update_columns(
    tx: &mut Tx,
    table: &str,
    id: i64,
    sets: Vec<(&str, Value)>,
) -> Result<(), StorageError> {
    let mut q = Query::new(format!("UPDATE {table} SET "));
    for (i, (col, v)) in sets.into_iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push(col).push(" = ").push_bind(v);
    }
    q.push(" WHERE id = ").push_bind(id);
    q.execute(&mut *tx).await?;
    Ok(())
}

/// Inserts one `row` (column, value) into `table` and audits it with `change` of the new id,
/// in the same transaction: a record is never written without its audit entry.
pub async fn insert_logged<'c>(
    tx: &mut Tx,
    actor: &Actor,
    table: &str,
    row: Vec<(&str, Value)>,
    change: impl FnOnce(i64) -> Change<'c>,
) -> Result<i64, StorageError> {
    let (columns, values): (Vec<&str>, Vec<Value>) = row.into_iter().unzip();
    let mut q = multi_insert(table, &columns, &[values]);
    q.push(" RETURNING id");
    let id: i64 = q.fetch_scalar(&mut *tx).await?;
    audit::record(tx, actor, change(id)).await?;
    Ok(id)
}

//! What the case registers' storage shares (disputes, legal consultations, legal-aid
//! referrals): the start of a list's filter (valid or withdrawn records, the caller's scope, a
//! chosen village or town, a calendar year of the record's date), the page and the ledger order
//! of a filtered set, an edit written as a table of columns, and an insert with its audit entry.

use chrono::NaiveDate;

use super::audit::{self, Actor, Change};
use super::db::{multi_insert, Row};
use super::records::listed;
use super::{Db, Query, Scope, StorageError, Tx, Value};

/// The filter every case list starts from, on table `alias` whose record date is `date`.
pub struct ListStart<'a> {
    pub alias: &'a str,
    pub date: &'a str,
    pub withdrawn: bool,
    pub under: Option<&'a Scope>,
    pub year: Option<i32>,
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
        }
    }

    /// `WHERE`: the valid records (a withdrawn one counts nowhere: not in lists, totals, the
    /// report or exports) or only the withdrawn ones, in `scope` through `org_column`, under the
    /// chosen organisation (the record's village, else its organisation), in the year.
    pub fn clause(&self, scope: &Scope, org_column: &str) -> Query {
        let a = self.alias;
        let mut w = listed(a, self.withdrawn);
        scope.restrict(&mut w, org_column);
        if let Some(u) = self.under {
            u.restrict(&mut w, &format!("COALESCE({a}.village_id, {a}.org_id)"));
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
        q.fetch_all(db).await
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

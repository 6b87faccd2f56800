//! The list kit of the registers filed by year (publicity events, study sessions, law exams,
//! the responsibility list, 述职述法, trainings, and any new simple register): one filter —
//! year, organisation subtree, valid or withdrawn — gives the `WHERE` of a list's page, of its
//! totals and of its export alike, so the three always cover the same set. A register
//! describes itself once in a [`YearList`] and gets its page with the total of the filtered
//! set, its one-record read, its logged registration, its edit and its ledger import.

use chrono::{NaiveDate, SubsecRound, Utc};
use fazhi_domain::publicity::split_list;
use serde::{Serialize, Serializer};

use super::audit::{self, Actor, Change};
use super::db::{insert_all, page_with_total, On, Row};
use super::records::{self, Columns};
use super::revision::Target;
use super::{Db, Query, Scope, StorageError, Tx, Value};

/// Multi-valued text columns (joined by 、) go out as JSON arrays.
pub(crate) fn as_list<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(split_list(v))
}

/// How a register's records are filed by year.
#[derive(Clone, Copy, Debug)]
pub enum Filed {
    /// By a year column (`x.year`).
    Year(&'static str),
    /// By a date column (`t.held_on`): a year is the half-open range of its days.
    Date(&'static str),
}

/// Which records a list, its totals and its export cover; the organisation is the `Scope`
/// passed alongside (a sub-organisation's subtree, already checked to lie in the caller's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct YearFilter {
    pub year: Option<i32>,
    /// The withdrawn records (and only those) instead of the valid ones.
    pub withdrawn: bool,
    /// Only the records one figure counts (a dashboard bar's), on top of the year.
    pub only: Option<Only>,
}

/// A figure's own condition on its register's list, so that the list a dashboard bar opens
/// holds exactly the records the bar counts. Literal SQL over the list's alias from the
/// register's fixed table, never input; a code compared is bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Only {
    /// A condition: `c.decided_on <= c.acceptance_due`.
    Sql(&'static str),
    /// A column equal to a code: `("c.channel", "visit")`.
    Equals(&'static str, &'static str),
    /// Counted by a date column's year rather than the list's own year (a decision is counted
    /// in the year it was made, listed under its catalogue's year), and a condition (or "").
    DatedIn(&'static str, &'static str),
}

/// A register filed by year, described once.
pub struct YearList {
    /// The table and its alias, as counted: `trainings t`.
    pub from: &'static str,
    /// The audit entity of its records (`training`).
    pub entity: &'static str,
    /// The rows' `SELECT … FROM <table> <alias> …`, without `WHERE`.
    pub select: fn() -> String,
    pub filed: Filed,
    /// The organisation column of a page's filter: `+e.org_id` keeps SQLite off the
    /// organisation index, so it walks the date index newest first and stops after a page.
    pub page_org: &'static str,
    /// The list's order, newest first.
    pub order: &'static str,
}

impl YearList {
    pub fn table(&self) -> &'static str {
        self.from.split_whitespace().next().unwrap_or(self.from)
    }

    pub fn alias(&self) -> &'static str {
        self.from.split_whitespace().last().unwrap_or(self.from)
    }

    /// ` WHERE …` of the records `f` selects in `scope`, restricted through `org_column`;
    /// a register with more filters appends its own.
    pub fn filter_on(&self, scope: &Scope, f: YearFilter, org_column: &str) -> Query {
        let mut w = records::listed(self.alias(), f.withdrawn);
        scope.restrict(&mut w, org_column);
        match f.only {
            Some(Only::DatedIn(column, condition)) => {
                push_year(&mut w, column, f.year);
                if !condition.is_empty() {
                    w.push(" AND ").push(condition);
                }
                return w;
            }
            Some(Only::Sql(condition)) => {
                w.push(" AND ").push(condition);
            }
            Some(Only::Equals(column, code)) => {
                w.push(" AND ").push(column).push(" = ").push_bind(code);
            }
            None => {}
        }
        match self.filed {
            Filed::Year(column) => {
                if let Some(y) = f.year {
                    w.push(" AND ")
                        .push(column)
                        .push(" = ")
                        .push_bind(i64::from(y));
                }
            }
            Filed::Date(column) => push_year(&mut w, column, f.year),
        }
        w
    }

    /// The filter of a page of the list.
    pub fn page_filter(&self, scope: &Scope, f: YearFilter) -> Query {
        self.filter_on(scope, f, self.page_org)
    }

    /// The filter of totals and figures (they read every matching row, by organisation).
    pub fn totals_filter(&self, scope: &Scope, f: YearFilter) -> Query {
        self.filter_on(scope, f, &format!("{}.org_id", self.alias()))
    }

    /// A page of the rows `filter` selects, in the list's order, and how many it selects in
    /// all; `page` `None` returns them all (exports).
    pub async fn page_of<T: Row>(
        &self,
        db: &Db,
        filter: &Query,
        page: Option<(u32, u32)>,
    ) -> Result<(Vec<T>, i64), StorageError> {
        page_with_total(db, self.from, (self.select)(), filter, self.order, page).await
    }

    /// A page of the records `f` selects in `scope`, with the total of the filtered set.
    pub async fn page<T: Row>(
        &self,
        db: &Db,
        scope: &Scope,
        f: YearFilter,
        page: Option<(u32, u32)>,
    ) -> Result<(Vec<T>, i64), StorageError> {
        self.page_of(db, &self.page_filter(scope, f), page).await
    }

    /// Record `id`, if `scope` reaches it; not found otherwise.
    pub async fn one<'a, T: Row>(
        &self,
        on: impl Into<On<'a>>,
        scope: &Scope,
        id: i64,
    ) -> Result<T, StorageError> {
        records::one(on, &(self.select)(), self.alias(), scope, id).await
    }

    /// Registers a record of `columns` in `org_id` and logs it as read back.
    pub async fn register<T: Row + Serialize>(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        org_id: i64,
        columns: Columns,
    ) -> Result<T, StorageError> {
        let id = records::register(tx, actor, self.table(), org_id, columns).await?;
        let row: T = self.one(&mut *tx, &Scope::everything(), id).await?;
        records::log_created(tx, actor, self.entity, id, org_id, &row).await?;
        Ok(row)
    }

    /// Replaces record `id`'s `columns` (the revision kit has claimed its version and logs
    /// the edit).
    pub async fn update(&self, tx: &mut Tx, id: i64, columns: Columns) -> Result<(), StorageError> {
        records::update(tx, self.table(), id, columns).await
    }

    /// Record `id` of `org_id` as a record of the revision kit.
    pub fn target(&self, id: i64, org_id: i64) -> Target {
        records::target(self.table(), self.entity, id, org_id)
    }

    /// Writes a ledger import into `org_id` (see [`insert_batched`]): every row registered now
    /// by `actor`, `columns` giving a record's own columns.
    pub async fn import<T: Sync>(
        &self,
        tx: &mut Tx,
        actor: &Actor,
        org_id: i64,
        items: &[T],
        columns: impl Fn(&T) -> Columns + Send + Sync,
        source: &str,
    ) -> Result<u64, StorageError> {
        let at = Utc::now().trunc_subsecs(6);
        let by = actor.user_id;
        let rows = |x: &T| records::registered(org_id, columns(x), at, by);
        insert_batched(
            tx,
            actor,
            org_id,
            items,
            (self.table(), self.entity),
            rows,
            source,
        )
        .await
    }
}

/// `column` within calendar year `year`.
pub(crate) fn push_year(w: &mut Query, column: &str, year: Option<i32>) {
    let Some(y) = year else { return };
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(y, 1, 1),
        NaiveDate::from_ymd_opt(y + 1, 1, 1),
    ) else {
        return;
    };
    w.push(" AND ")
        .push(column)
        .push(" >= ")
        .push_bind(from)
        .push(" AND ")
        .push(column)
        .push(" < ")
        .push_bind(to);
}

/// Writes an import with [`insert_all`] (COPY on PostgreSQL, multi-row INSERTs on SQLite)
/// inside the caller's transaction and a single audit entry for the whole import into `table`
/// (audit entity `entity`); `columns` gives one row's columns (the same names for every row).
pub(crate) async fn insert_batched<T: Sync>(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    items: &[T],
    (table, entity): (&str, &str),
    columns: impl Fn(&T) -> Columns + Send + Sync,
    source: &str,
) -> Result<u64, StorageError> {
    let inserted = match items.first() {
        None => 0,
        Some(first) => {
            let names: Vec<&str> = columns(first).iter().map(|(name, _)| *name).collect();
            let mut rows: Box<dyn Iterator<Item = Vec<Value>> + Send + '_> =
                Box::new(items.iter().map(|x| {
                    columns(x)
                        .into_iter()
                        .map(|(_, v)| v)
                        .collect::<Vec<Value>>()
                }));
            insert_all(tx, table, &names, &mut rows).await?
        }
    };
    audit::record(
        tx,
        actor,
        Change::new("import", entity, source)
            .org(org_id)
            .after(&serde_json::json!({ "rows": inserted, "source": source })),
    )
    .await?;
    Ok(inserted)
}

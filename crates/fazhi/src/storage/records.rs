//! Pieces every smaller register's storage shares (committees, mediators, trainings, the
//! responsibility list, 述职述法): a record's revision state on the kit, one record read within
//! a scope, the start of a list's filter (valid or withdrawn records), and the audit entry of a
//! registration.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::db::{On, Row};
use super::revision::Target;
use super::{Query, Scope, StorageError, Tx, Value};

/// A record's state on the revision kit (`storage::revision`): read from the columns
/// `version`, `withdrawn_at` and `withdrawn_reason` every kit table has.
#[derive(Clone, Debug, Default, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Revision {
    /// Raised by every edit; an edit must name the version it was based on.
    pub version: i64,
    /// Set when the record was withdrawn (作废): kept, but counted nowhere.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

impl Revision {
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }

    /// The columns of table `alias`, for a `SELECT` list.
    pub fn columns(alias: &str) -> String {
        format!("{alias}.version, {alias}.withdrawn_at, {alias}.withdrawn_reason")
    }
}

/// `WHERE` for the records of table `alias` a list shows: the valid ones, or with `withdrawn`
/// the withdrawn ones (and only those). A withdrawn record counts nowhere else.
pub fn listed(alias: &str, withdrawn: bool) -> Query {
    Query::new(format!(
        " WHERE {alias}.withdrawn_at IS {}NULL",
        if withdrawn { "NOT " } else { "" }
    ))
}

/// Record `id` of `select` (a `SELECT … FROM <table> <alias> …` without `WHERE`), if `scope`
/// reaches it through `<alias>.org_id`; not found otherwise.
pub async fn one<'a, T: Row>(
    on: impl Into<On<'a>>,
    select: &str,
    alias: &str,
    scope: &Scope,
    id: i64,
) -> Result<T, StorageError> {
    let mut q = Query::new(format!("{select} WHERE {alias}.id = "));
    q.push_bind(id);
    scope.restrict(&mut q, &format!("{alias}.org_id"));
    q.fetch_one(on).await
}

/// Logs the registration of record `id` of `entity` with what was entered.
pub async fn log_created<T: Serialize>(
    tx: &mut Tx,
    actor: &Actor,
    entity: &str,
    id: i64,
    org_id: i64,
    after: &T,
) -> Result<(), StorageError> {
    audit::record(
        tx,
        actor,
        Change::new("create", entity, id).org(org_id).after(after),
    )
    .await
}

/// A record's own columns and their values, listed once for both its INSERT and its UPDATE so
/// the two statements cannot disagree about a column.
pub type Columns = Vec<(&'static str, Value)>;

/// Appends one row's values, `(v1, v2, …)`, for an `INSERT … VALUES ` whose column list
/// names them in this order (one row, or one of a multi-row import).
pub fn push_row(q: &mut Query, values: impl IntoIterator<Item = Value>) {
    q.push("(");
    for (i, v) in values.into_iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(v);
    }
    q.push(")");
}

/// `INSERT INTO <table> (<the names of columns>) VALUES `, for rows of those columns.
pub fn insert_into(table: &str, columns: &Columns) -> Query {
    let names: Vec<&str> = columns.iter().map(|(c, _)| *c).collect();
    Query::new(format!(
        "INSERT INTO {table} ({}) VALUES ",
        names.join(", ")
    ))
}

/// `INSERT INTO <table> (…) VALUES (…) RETURNING id` of `columns`; the new record's id.
pub async fn insert(tx: &mut Tx, table: &str, columns: Columns) -> Result<i64, StorageError> {
    let mut q = insert_into(table, &columns);
    push_row(&mut q, columns.into_iter().map(|(_, v)| v));
    q.push(" RETURNING id");
    q.fetch_scalar(&mut *tx).await
}

/// A record's `columns` as its registration writes them: after `org_id`, before `created_at`
/// and `created_by`.
pub fn registered(org_id: i64, columns: Columns, at: DateTime<Utc>, by: Option<i64>) -> Columns {
    let mut all = vec![("org_id", org_id.into())];
    all.extend(columns);
    all.push(("created_at", at.into()));
    all.push(("created_by", by.into()));
    all
}

/// Registers a record of `table` in organisation `org_id` by `actor`; its id.
pub async fn register(
    tx: &mut Tx,
    actor: &Actor,
    table: &str,
    org_id: i64,
    columns: Columns,
) -> Result<i64, StorageError> {
    let at = Utc::now().trunc_subsecs(6);
    insert(tx, table, registered(org_id, columns, at, actor.user_id)).await
}

/// Replaces `columns` of record `id` of `table` (the kit has claimed its version and logs the
/// edit).
pub async fn update(
    tx: &mut Tx,
    table: &str,
    id: i64,
    columns: Columns,
) -> Result<(), StorageError> {
    let mut q = Query::new(format!("UPDATE {table} SET "));
    for (i, (column, v)) in columns.into_iter().enumerate() {
        q.push(if i > 0 { ", " } else { "" })
            .push(column)
            .push(" = ")
            .push_bind(v);
    }
    q.push(" WHERE id = ").push_bind(id);
    q.execute(&mut *tx).await?;
    Ok(())
}

/// Record `id` of `table` (audit entity `entity`) as a record of the revision kit.
pub fn target(table: &'static str, entity: &'static str, id: i64, org_id: i64) -> Target {
    Target {
        table,
        entity,
        id,
        org_id,
    }
}

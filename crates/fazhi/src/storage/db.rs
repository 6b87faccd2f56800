//! One query path for SQLite and PostgreSQL.
//!
//! Statements are written once in a portable SQL subset with `$1`-style placeholders and bound
//! with [`Value`]s; [`Query`] renders them for the backend chosen at run time. Rows decode through
//! `sqlx::FromRow`, which is derived generically and so works for both backends.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::postgres::{PgPool, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Decode, FromRow, Postgres, Sqlite, Type};
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::audit::{Head, Seal};
use super::StorageError;

/// Which database engine a deployment runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How long a pooled PostgreSQL connection may sit unused before it is pinged before use.
const PING_AFTER_IDLE: std::time::Duration = std::time::Duration::from_secs(30);

/// A PostgreSQL pool. A pooled connection is pinged before use only after a while idle (a
/// server restart or a dropped link shows there), not before every statement as sqlx does by
/// default: that is a round trip per statement, on a list page as many as the page's queries.
async fn pg_pool(options: sqlx::postgres::PgConnectOptions) -> Result<PgPool, StorageError> {
    PgPoolOptions::new()
        .max_connections(16)
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for < PING_AFTER_IDLE {
                    return Ok(true);
                }
                // A connection that does not answer is dropped and another one taken.
                Ok(sqlx::Connection::ping(conn).await.is_ok())
            })
        })
        .connect_with(options)
        .await
        .map_err(|e| StorageError::Connect(e.to_string()))
}

/// A connection pool to either backend.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    /// SQLite allows one writer at a time; taking this lock before a write transaction turns
    /// would-be `SQLITE_BUSY` failures into an orderly queue.
    write_lock: Arc<Mutex<()>>,
    /// Counts of filtered lists of the versioned registers (`storage::counts`).
    counts: Arc<super::counts::CountCache>,
    /// The audit chain's key and anchor (storage/audit.rs).
    seal: Arc<Seal>,
    /// How common each pair of the search indexes is (storage/search.rs, PostgreSQL).
    pair_shares: Arc<super::search::PairSharesCache>,
    /// PostgreSQL connections that keep one plan per statement, for list pages ([`On::KeptPlans`]).
    kept_plans: Option<PgPool>,
    /// Cases' pages kept while their rows stay the same version (PostgreSQL only;
    /// storage/case_file_cache.rs).
    case_files: Option<Arc<super::case_file_cache::CaseFileCache<super::disputes::CaseFile>>>,
}

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A write transaction. The audit log is appended inside the same transaction as the change.
pub struct Tx {
    inner: TxInner,
    _write_guard: Option<OwnedMutexGuard<()>>,
    pub(crate) seal: Arc<Seal>,
    /// The chain's head after the audit entries this transaction appended, for the anchor.
    pub(crate) appended: Option<Head>,
}

enum TxInner {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
}

impl Db {
    /// Opens `sqlite://path` or `postgres://…`. A SQLite file is created if missing, in WAL
    /// mode with foreign keys on and a busy timeout, and `synchronous=FULL` so that an
    /// acknowledged write survives a power cut.
    pub async fn connect(url: &str) -> Result<Db, StorageError> {
        let mut kept_plans = None;
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options = url
                .parse::<sqlx::postgres::PgConnectOptions>()
                .map_err(|e| StorageError::Connect(e.to_string()))?;
            let pool = pg_pool(options.clone()).await?;
            // List pages run on connections that plan each statement once and keep the plan
            // (a generic plan), instead of planning again for every run's values as PostgreSQL
            // does whenever that looks cheaper: planning a list page cost ten times running it
            // (1.2 ms against 0.12 ms). Their statements choose what depends on the values in
            // their text (a town's index, a word's lookup, scopes read apart). A case's page
            // with its six lists (storage/nested.rs) is one plan of seven subqueries, planned
            // in 1–4 ms and run in 0.3 ms; found by id, its plan never changes. Bulk statements
            // (figures, counts) keep per-run plans, which see how many rows the values select.
            // Measured in docs/scaling.md.
            kept_plans =
                Some(pg_pool(options.options([("plan_cache_mode", "force_generic_plan")])).await?);
            Pool::Postgres(pool)
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or(url.strip_prefix("sqlite:"))
        {
            // Create the file 0600 before SQLite does (it would follow the umask); its -wal and
            // -shm files take the database file's permissions.
            if !path.is_empty()
                && path != ":memory:"
                && !path.contains('?')
                && !std::path::Path::new(path).exists()
            {
                let _ = super::files::create_new_private(std::path::Path::new(path));
            }
            let options = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(std::time::Duration::from_secs(10));
            // An embedded database cannot hang up: nothing to ping before each use.
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .connect_with(options)
                .await
                .map_err(|e| StorageError::Connect(e.to_string()))?;
            Pool::Sqlite(pool)
        } else {
            return Err(StorageError::Connect(format!(
                "无法识别的数据库地址「{url}」：应以 sqlite:// 或 postgres:// 开头"
            )));
        };
        Ok(Db {
            pool,
            write_lock: Arc::new(Mutex::new(())),
            counts: Arc::default(),
            seal: Arc::new(Seal::default()),
            pair_shares: Arc::default(),
            case_files: kept_plans.as_ref().map(|_| Arc::default()),
            kept_plans,
        })
    }

    /// This database with the audit chain's key and anchor.
    pub fn with_seal(mut self, seal: Seal) -> Db {
        self.seal = Arc::new(seal);
        self
    }

    pub fn seal(&self) -> &Seal {
        &self.seal
    }

    pub(crate) fn case_file_cache(
        &self,
    ) -> Option<&super::case_file_cache::CaseFileCache<super::disputes::CaseFile>> {
        self.case_files.as_deref()
    }

    pub(crate) fn pair_shares_cache(&self) -> &super::search::PairSharesCache {
        &self.pair_shares
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub(crate) fn sqlite_pool(&self) -> Option<&SqlitePool> {
        match &self.pool {
            Pool::Sqlite(p) => Some(p),
            Pool::Postgres(_) => None,
        }
    }

    pub(crate) fn postgres_pool(&self) -> Option<&PgPool> {
        match &self.pool {
            Pool::Postgres(p) => Some(p),
            Pool::Sqlite(_) => None,
        }
    }

    /// Begins a write transaction. On PostgreSQL an advisory lock serialises writers so the
    /// audit hash chain stays a single chain. On SQLite it begins as a writer (`BEGIN
    /// IMMEDIATE`), so a writer in another process (the command line next to the server) makes it
    /// wait on the busy timeout; a deferred transaction that reads first and then writes would
    /// fail with `database is locked` at once instead, since SQLite cannot wait for an upgrade.
    pub async fn begin(&self) -> Result<Tx, StorageError> {
        match &self.pool {
            Pool::Sqlite(p) => {
                let guard = self.write_lock.clone().lock_owned().await;
                let tx = p.begin_with("BEGIN IMMEDIATE").await?;
                Ok(Tx {
                    inner: TxInner::Sqlite(tx),
                    _write_guard: Some(guard),
                    seal: self.seal.clone(),
                    appended: None,
                })
            }
            Pool::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock(7271)")
                    .execute(&mut *tx)
                    .await?;
                Ok(Tx {
                    inner: TxInner::Postgres(tx),
                    _write_guard: None,
                    seal: self.seal.clone(),
                    appended: None,
                })
            }
        }
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
        if let Some(p) = &self.kept_plans {
            p.close().await;
        }
    }

    /// Where a list page's or a record page's statement runs ([`On::KeptPlans`]).
    pub fn kept_plans(&self) -> On<'_> {
        On::KeptPlans(self)
    }
}

impl Tx {
    /// Commits, then moves the audit anchor to the entries appended. The anchor is written
    /// after the commit, so a crash in between leaves it behind the database (which `verify`
    /// accepts), never ahead. A failed anchor write is logged, not returned: the change is
    /// committed, and the next commit moves the anchor on.
    pub async fn commit(self) -> Result<(), StorageError> {
        match self.inner {
            TxInner::Sqlite(tx) => tx.commit().await?,
            TxInner::Postgres(tx) => tx.commit().await?,
        }
        if let Some(head) = &self.appended {
            if let Err(e) = self.seal.advance_anchor(head) {
                tracing::error!("{e}");
            }
        }
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            TxInner::Sqlite(_) => Backend::Sqlite,
            TxInner::Postgres(_) => Backend::Postgres,
        }
    }
}

/// A bound value. Nulls are typed so PostgreSQL can infer parameter types.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Float(Option<f64>),
    Date(Option<NaiveDate>),
    Time(Option<DateTime<Utc>>),
    /// Binary content (attachment files kept in the database, storage/blobs.rs).
    Bytes(Option<Vec<u8>>),
}

macro_rules! value_from {
    ($t:ty, $variant:ident, $conv:expr) => {
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::$variant(Some($conv(v)))
            }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Self {
                Value::$variant(v.map($conv))
            }
        }
    };
}
value_from!(i64, Int, |v| v);
value_from!(i32, Int, i64::from);
value_from!(u32, Int, i64::from);
value_from!(String, Text, |v| v);
value_from!(&str, Text, str::to_owned);
value_from!(&String, Text, String::clone);
value_from!(bool, Bool, |v| v);
value_from!(f64, Float, |v| v);
value_from!(NaiveDate, Date, |v| v);
value_from!(DateTime<Utc>, Time, |v| v);
value_from!(Vec<u8>, Bytes, |v| v);

/// A statement and its arguments, built once and run on either backend.
#[derive(Clone, Debug, Default)]
pub struct Query {
    sql: String,
    args: Vec<Value>,
}

/// Rows that decode from both backends (derive `sqlx::FromRow`).
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// Scalars that decode from both backends.
pub trait Scalar:
    for<'r> Decode<'r, Sqlite>
    + Type<Sqlite>
    + for<'r> Decode<'r, Postgres>
    + Type<Postgres>
    + Send
    + Unpin
{
}
impl<T> Scalar for T where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + Send
        + Unpin
{
}

/// Where a query runs: the pool (reads) or a write transaction.
pub enum On<'a> {
    Db(&'a Db),
    Tx(&'a mut Tx),
    /// A statement whose best plan does not depend on its values (a list page, a case's page by
    /// id): on PostgreSQL, run where plans are kept (see [`Db::connect`]).
    KeptPlans(&'a Db),
}

impl On<'_> {
    /// The same place for one more query, keeping this one for later ones.
    pub fn reborrow(&mut self) -> On<'_> {
        match self {
            On::Db(db) => On::Db(db),
            On::Tx(tx) => On::Tx(tx),
            On::KeptPlans(db) => On::KeptPlans(db),
        }
    }
}

impl<'a> From<&'a Db> for On<'a> {
    fn from(db: &'a Db) -> Self {
        On::Db(db)
    }
}
impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        On::Tx(tx)
    }
}

macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Value::Int(v) => q.bind(v),
                Value::Text(v) => q.bind(v),
                Value::Bool(v) => q.bind(v),
                Value::Float(v) => q.bind(v),
                Value::Date(v) => q.bind(v),
                Value::Time(v) => q.bind(v),
                Value::Bytes(v) => q.bind(v),
            };
        }
        q
    }};
}

/// Runs `$body` with `$q` bound to a query of the right backend and `$exec` the executor.
macro_rules! dispatch {
    ($self:ident, $on:ident, $ctor:path, |$q:ident, $exec:ident| $body:expr) => {{
        match $on.into() {
            On::Db(db) => match &db.pool {
                Pool::Sqlite(p) => {
                    let $q = bind_all!($ctor(AssertSqlSafe($self.sqlite_sql())), $self.args);
                    let $exec = p;
                    $body
                }
                Pool::Postgres(p) => {
                    let $q = bind_all!($ctor(AssertSqlSafe($self.sql)), $self.args);
                    let $exec = p;
                    $body
                }
            },
            On::KeptPlans(db) => match (&db.pool, &db.kept_plans) {
                (Pool::Postgres(_), Some(p)) | (Pool::Postgres(p), None) => {
                    let $q = bind_all!($ctor(AssertSqlSafe($self.sql)), $self.args);
                    let $exec = p;
                    $body
                }
                (Pool::Sqlite(p), _) => {
                    let $q = bind_all!($ctor(AssertSqlSafe($self.sqlite_sql())), $self.args);
                    let $exec = p;
                    $body
                }
            },
            On::Tx(tx) => match &mut tx.inner {
                TxInner::Sqlite(t) => {
                    let $q = bind_all!($ctor(AssertSqlSafe($self.sqlite_sql())), $self.args);
                    let $exec = &mut **t;
                    $body
                }
                TxInner::Postgres(t) => {
                    let $q = bind_all!($ctor(AssertSqlSafe($self.sql)), $self.args);
                    let $exec = &mut **t;
                    $body
                }
            },
        }
    }};
}

impl Query {
    pub fn new(sql: impl Into<String>) -> Query {
        Query {
            sql: sql.into(),
            args: Vec::new(),
        }
    }

    /// Appends SQL text. Only ever pass fixed fragments here; values go through [`Query::bind`].
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn push_bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.args.push(value.into());
        let n = self.args.len();
        self.sql.push('$');
        self.sql.push_str(&n.to_string());
        self
    }

    /// Appends a fragment built separately (e.g. a WHERE clause shared by a count and a page
    /// query), renumbering its placeholders after this query's own.
    pub fn append(&mut self, fragment: &Query) -> &mut Self {
        let offset = self.args.len();
        let mut chars = fragment.sql.chars().peekable();
        while let Some(c) = chars.next() {
            self.sql.push(c);
            if c == '$' {
                let mut n = 0usize;
                while let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    n = n * 10 + d as usize;
                    chars.next();
                }
                self.sql.push_str(&(n + offset).to_string());
            }
        }
        self.args.extend(fragment.args.iter().cloned());
        self
    }

    /// Appends ` LIMIT limit OFFSET offset` with the numbers written into the text. Not bound:
    /// SQLite reads a bound LIMIT while planning and then prepares the statement again on every
    /// run (measured: a sixth of a list page's CPU). Integers need no escaping.
    pub fn limit(&mut self, limit: i64, offset: i64) -> &mut Self {
        self.sql
            .push_str(&format!(" LIMIT {} OFFSET {}", limit.max(0), offset.max(0)));
        self
    }

    /// [`Query::limit`] for page `page` (from 1) of `per_page` rows, if a page is asked for.
    pub fn page(&mut self, page: Option<(u32, u32)>) -> &mut Self {
        if let Some((page, per_page)) = page {
            let per_page = i64::from(per_page);
            self.limit(per_page, i64::from(page.saturating_sub(1)) * per_page);
        }
        self
    }

    /// Appends "`expr` contains `word`": a LIKE in which `%`, `_` and `\` of the word stand for
    /// themselves. The pattern is built in SQL around the bound word, not bound whole: SQLite
    /// reads a bound LIKE pattern while planning and then prepares the statement again on every
    /// run.
    pub fn push_contains(&mut self, expr: &str, word: &str) -> &mut Self {
        let mut escaped = String::with_capacity(word.len());
        for c in word.chars() {
            if matches!(c, '%' | '_' | '\\') {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        self.push(expr)
            .push(" LIKE ('%' || ")
            .push_bind(escaped)
            .push(" || '%') ESCAPE '\\'")
    }

    /// Adds an argument for a placeholder already written in the SQL text.
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    pub fn sql(&self) -> &str {
        &self.sql
    }

    pub fn args(&self) -> &[Value] {
        &self.args
    }

    /// SQLite spells numbered parameters `?N`; the portable text uses `$N`.
    /// The statement in SQLite's syntax. Placeholders used once each, in order (what
    /// [`Query::push_bind`] builds), become anonymous `?`: sqlx looks up the name of every
    /// numbered `?N` with `sqlite3_bind_parameter_name`, a linear scan, which made a 30,000-value
    /// INSERT quadratic. Reused or reordered `$N` keep their numbers as `?N`.
    fn sqlite_sql(&self) -> String {
        let found = placeholders(&self.sql);
        let sequential = found.iter().map(|p| p.number).eq(1..=found.len());
        let mut out = String::with_capacity(self.sql.len());
        let mut copied = 0;
        for p in &found {
            out.push_str(&self.sql[copied..p.start]);
            out.push('?');
            if !sequential {
                out.push_str(&self.sql[p.start + 1..p.end]);
            }
            copied = p.end;
        }
        out.push_str(&self.sql[copied..]);
        out
    }

    pub async fn execute<'a>(self, on: impl Into<On<'a>>) -> Result<u64, StorageError> {
        let affected = dispatch!(self, on, sqlx::query, |q, exec| q
            .execute(exec)
            .await?
            .rows_affected());
        Ok(affected)
    }

    pub async fn fetch_all<'a, T: Row>(
        self,
        on: impl Into<On<'a>>,
    ) -> Result<Vec<T>, StorageError> {
        let rows = dispatch!(self, on, sqlx::query_as, |q, exec| q
            .fetch_all(exec)
            .await?);
        Ok(rows)
    }

    pub async fn fetch_optional<'a, T: Row>(
        self,
        on: impl Into<On<'a>>,
    ) -> Result<Option<T>, StorageError> {
        let row = dispatch!(self, on, sqlx::query_as, |q, exec| q
            .fetch_optional(exec)
            .await?);
        Ok(row)
    }

    pub async fn fetch_one<'a, T: Row>(self, on: impl Into<On<'a>>) -> Result<T, StorageError> {
        self.fetch_optional(on).await?.ok_or(StorageError::NotFound)
    }

    pub async fn fetch_scalar<'a, T: Scalar>(
        self,
        on: impl Into<On<'a>>,
    ) -> Result<T, StorageError> {
        let v = dispatch!(self, on, sqlx::query_scalar, |q, exec| q
            .fetch_one(exec)
            .await?);
        Ok(v)
    }

    pub async fn fetch_scalars<'a, T: Scalar>(
        self,
        on: impl Into<On<'a>>,
    ) -> Result<Vec<T>, StorageError> {
        let v = dispatch!(self, on, sqlx::query_scalar, |q, exec| q
            .fetch_all(exec)
            .await?);
        Ok(v)
    }
}

/// A `$N` placeholder outside string literals: its byte range in the statement and its number.
struct Placeholder {
    start: usize,
    end: usize,
    number: usize,
}

fn placeholders(sql: &str) -> Vec<Placeholder> {
    let bytes = sql.as_bytes();
    let mut found = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => in_string = !in_string,
            b'$' if !in_string && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let end = (i + 1..bytes.len())
                    .find(|&j| !bytes[j].is_ascii_digit())
                    .unwrap_or(bytes.len());
                found.push(Placeholder {
                    start: i,
                    end,
                    number: sql[i + 1..end].parse().unwrap_or(0),
                });
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Refreshes PostgreSQL's planner statistics of `table` after a bulk change (SQLite plans
/// these queries well without them). `table` is one of the registers' own names.
pub async fn refresh_statistics(db: &Db, table: &str) -> Result<(), StorageError> {
    if db.backend() == Backend::Postgres {
        super::search::merge_pending_pairs(db, table).await?;
        Query::new(format!("ANALYZE {table}")).execute(db).await?;
    }
    Ok(())
}

/// A register's version (`register_versions`): bumped by a trigger on every write from any
/// process, so totals cached against it know when they are stale (migrations 0007, 0013).
pub async fn register_version(db: &Db, register: &str) -> Result<i64, StorageError> {
    Query::new("SELECT version FROM register_versions WHERE register = $1")
        .bind(register)
        .fetch_scalar(db)
        .await
}

/// A page of a filtered list and how many rows the filter finds in all: `SELECT COUNT(*) FROM
/// {counted}{filter}`, then `{select}{filter} ORDER BY {order}` with the page's LIMIT (every
/// row when `page` is `None`, as exports ask). `filter` starts with ` WHERE`.
pub(crate) async fn page_with_total<T: Row>(
    db: &Db,
    counted: &str,
    select: impl Into<String>,
    filter: &Query,
    order: &str,
    page: Option<(u32, u32)>,
) -> Result<(Vec<T>, i64), StorageError> {
    let mut count = Query::new(format!("SELECT COUNT(*) FROM {counted}"));
    count.append(filter);
    let table = counted.split_whitespace().next().unwrap_or(counted);
    let total: i64 = if super::counts::VERSIONED.contains(&table) {
        let version = register_version(db, table).await?;
        let key = format!("{}|{:?}", count.sql, count.args);
        match db.counts.get(&key, version) {
            Some(n) => n,
            None => {
                let n = count.fetch_scalar(db).await?;
                db.counts.put(key, version, n);
                n
            }
        }
    } else {
        count.fetch_scalar(db).await?
    };
    // A page past the last match is not read.
    if let Some((number, size)) = page {
        if i64::from(number.saturating_sub(1)) * i64::from(size) >= total {
            return Ok((Vec::new(), total));
        }
    }
    let mut q = Query::new(select);
    q.append(filter);
    q.push(" ORDER BY ").push(order);
    q.page(page);
    Ok((q.fetch_all(db).await?, total))
}

/// `INSERT INTO table (columns) VALUES (…), (…)` with every value bound: one statement for
/// many rows (callers chunk by [`rows_per_insert`]).
pub(crate) fn multi_insert(table: &str, columns: &[&str], rows: &[Vec<Value>]) -> Query {
    let mut q = Query::new(format!(
        "INSERT INTO {table} ({}) VALUES ",
        columns.join(", ")
    ));
    for (i, row) in rows.iter().enumerate() {
        q.push(if i == 0 { "(" } else { ", (" });
        for (j, v) in row.iter().enumerate() {
            if j > 0 {
                q.push(", ");
            }
            q.push_bind(v.clone());
        }
        q.push(")");
    }
    q
}

/// Inserts `rows` into `table` inside the caller's transaction; how many were written. On
/// PostgreSQL as one `COPY … FROM STDIN` stream ([`copy_in`]): the server parses the rows as
/// they arrive instead of planning a statement of 30,000 bound values at a time. On SQLite as
/// multi-row INSERTs a full statement at a time (see [`rows_per_insert`]), each built while the
/// database runs the one before: on a bulk import the two take turns otherwise.
pub(crate) async fn insert_all(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: &mut (dyn Iterator<Item = Vec<Value>> + Send),
) -> Result<u64, StorageError> {
    if let TxInner::Postgres(t) = &mut tx.inner {
        return copy_in(t, table, columns, rows).await;
    }
    let mut batches = statements(table, columns, rows);
    let mut next = batches.next();
    let mut written = 0;
    while let Some(statement) = next.take() {
        let (done, following) = tokio::join!(statement.execute(&mut *tx), async { batches.next() });
        written += done?;
        next = following;
    }
    Ok(written)
}

/// [`insert_all`] of rows that need their new ids (for the rows that refer to them): the ids
/// in the rows' order. `count` is how many rows `rows` yields. On PostgreSQL the ids are drawn
/// from the table's identity sequence first and copied with the rows (COPY returns nothing);
/// on SQLite each statement returns its ids, which rise in the order of its rows (a new rowid
/// is one more than the largest, and the statement's rows are inserted in order).
pub(crate) async fn insert_all_with_ids(
    tx: &mut Tx,
    table: &str,
    columns: &[&str],
    rows: &mut (dyn Iterator<Item = Vec<Value>> + Send),
    count: usize,
) -> Result<Vec<i64>, StorageError> {
    if tx.backend() == Backend::Postgres {
        let mut ids: Vec<i64> = Query::new(
            "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)",
        )
        .bind(table)
        .bind(count as i64)
        .fetch_scalars(&mut *tx)
        .await?;
        ids.sort_unstable();
        let with_id: Vec<&str> = std::iter::once("id")
            .chain(columns.iter().copied())
            .collect();
        let mut numbered = ids.iter().zip(rows).map(|(id, mut row)| {
            row.insert(0, Value::from(*id));
            row
        });
        let written = insert_all(tx, table, &with_id, &mut numbered).await?;
        if written != ids.len() as u64 {
            return Err(StorageError::Corrupt(format!(
                "导入 {table} 时写入 {written} 行，应为 {} 行",
                ids.len()
            )));
        }
        return Ok(ids);
    }
    let mut ids = Vec::with_capacity(count);
    let mut batches = statements(table, columns, rows).map(|mut q| {
        q.push(" RETURNING id");
        q
    });
    let mut next = batches.next();
    while let Some(statement) = next.take() {
        let (done, following) = tokio::join!(statement.fetch_scalars::<i64>(&mut *tx), async {
            batches.next()
        });
        let mut got = done?;
        got.sort_unstable();
        ids.extend(got);
        next = following;
    }
    Ok(ids)
}

/// Bytes of COPY data sent at a time: large enough that the messages cost nothing, small enough
/// that the next chunk is built while the server parses this one.
const COPY_CHUNK: usize = 256 * 1024;

/// `COPY table (columns) FROM STDIN` of `rows` in the text format ([`copy_row`]). A row the
/// server refuses (a unique key, a foreign key, a check) fails the whole COPY with the same
/// database error an INSERT gets, so callers map conflicts as before; the caller's transaction
/// is then rolled back, leaving nothing behind.
async fn copy_in(
    conn: &mut sqlx::PgConnection,
    table: &str,
    columns: &[&str],
    rows: &mut (dyn Iterator<Item = Vec<Value>> + Send),
) -> Result<u64, StorageError> {
    let mut copy = conn
        .copy_in_raw(&format!("COPY {table} ({}) FROM STDIN", columns.join(", ")))
        .await?;
    let mut buf = Vec::with_capacity(COPY_CHUNK + 4096);
    for row in rows {
        copy_row(&mut buf, &row);
        if buf.len() >= COPY_CHUNK {
            copy.send(std::mem::replace(
                &mut buf,
                Vec::with_capacity(COPY_CHUNK + 4096),
            ))
            .await?;
        }
    }
    if !buf.is_empty() {
        copy.send(buf).await?;
    }
    Ok(copy.finish().await?)
}

/// One row of COPY's text format: values separated by tabs, `\N` for NULL, and a backslash
/// before each backslash, tab, newline and carriage return of a text (so a text `\N` stays
/// text). Dates and times are written in ISO form, which the server reads whatever its
/// `DateStyle`.
fn copy_row(buf: &mut Vec<u8>, row: &[Value]) {
    use std::io::Write;
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            buf.push(b'\t');
        }
        // Writing into a Vec cannot fail.
        let _ = match v {
            Value::Int(Some(n)) => write!(buf, "{n}"),
            Value::Bool(Some(b)) => write!(buf, "{}", if *b { 't' } else { 'f' }),
            Value::Float(Some(f)) if f.is_nan() => write!(buf, "NaN"),
            Value::Float(Some(f)) if f.is_infinite() => {
                write!(buf, "{}Infinity", if *f < 0.0 { "-" } else { "" })
            }
            Value::Float(Some(f)) => write!(buf, "{f}"),
            Value::Date(Some(d)) => write!(buf, "{}", d.format("%Y-%m-%d")),
            Value::Time(Some(t)) => write!(buf, "{}", t.format("%Y-%m-%d %H:%M:%S%.6f+00")),
            Value::Text(Some(s)) => {
                copy_text(buf, s);
                Ok(())
            }
            // bytea's hex form `\x…`, its backslash doubled for COPY.
            Value::Bytes(Some(b)) => {
                buf.extend_from_slice(b"\\\\x");
                b.iter().try_for_each(|byte| write!(buf, "{byte:02x}"))
            }
            Value::Int(None)
            | Value::Bool(None)
            | Value::Float(None)
            | Value::Date(None)
            | Value::Time(None)
            | Value::Text(None)
            | Value::Bytes(None) => write!(buf, "\\N"),
        };
    }
    buf.push(b'\n');
}

fn copy_text(buf: &mut Vec<u8>, s: &str) {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped: &[u8] = match b {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => continue,
        };
        buf.extend_from_slice(&s.as_bytes()[plain..i]);
        buf.extend_from_slice(escaped);
        plain = i + 1;
    }
    buf.extend_from_slice(&s.as_bytes()[plain..]);
}

/// `rows` as multi-row INSERT statements of at most [`rows_per_insert`] rows each, built one by
/// one as they are asked for.
fn statements<'a>(
    table: &'a str,
    columns: &'a [&'a str],
    rows: &'a mut (dyn Iterator<Item = Vec<Value>> + Send),
) -> impl Iterator<Item = Query> + 'a {
    let per_statement = rows_per_insert(columns.len());
    std::iter::from_fn(move || {
        let batch: Vec<Vec<Value>> = (&mut *rows).take(per_statement).collect();
        (!batch.is_empty()).then(|| multi_insert(table, columns, &batch))
    })
}

/// How many rows of `columns` values fit one statement: SQLite allows 32,766 bound values,
/// PostgreSQL 65,535; staying under 30,000 keeps both happy with room for extra binds.
pub(crate) fn rows_per_insert(columns: usize) -> usize {
    (30_000 / columns.max(1)).max(1)
}

/// A month of a year as a half-open date range.
pub fn month_range(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::from_ymd_opt(year, month, 1)?;
    let to = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_placeholders_leave_strings_alone() {
        let mut q = Query::new("SELECT '$1' FROM t WHERE a = ");
        q.push_bind(1i64).push(" AND b = ").push_bind("x");
        assert_eq!(q.sqlite_sql(), "SELECT '$1' FROM t WHERE a = ? AND b = ?");
        assert_eq!(q.sql(), "SELECT '$1' FROM t WHERE a = $1 AND b = $2");
    }

    #[test]
    fn reused_or_reordered_placeholders_keep_their_numbers_in_sqlite() {
        let q = Query::new("UPDATE t SET a = $1, b = $1 WHERE c = $2");
        assert_eq!(q.sqlite_sql(), "UPDATE t SET a = ?1, b = ?1 WHERE c = ?2");
        let q = Query::new("SELECT $2, $1, $10");
        assert_eq!(q.sqlite_sql(), "SELECT ?2, ?1, ?10");
    }

    #[test]
    fn pages_are_written_into_the_text_not_bound() {
        let mut q = Query::new("SELECT * FROM t WHERE a = ");
        q.push_bind(1i64).page(Some((3, 25)));
        assert_eq!(q.sql(), "SELECT * FROM t WHERE a = $1 LIMIT 25 OFFSET 50");
        assert_eq!(q.args().len(), 1);
        let mut q = Query::new("SELECT * FROM t");
        q.page(None).limit(-5, -1);
        assert_eq!(q.sql(), "SELECT * FROM t LIMIT 0 OFFSET 0");
    }

    #[test]
    fn contains_takes_wildcards_literally_and_binds_only_the_word() {
        let mut q = Query::new("SELECT 1 WHERE ");
        q.push_contains("a", "50%_\\x");
        assert_eq!(
            q.sql(),
            "SELECT 1 WHERE a LIKE ('%' || $1 || '%') ESCAPE '\\'"
        );
        assert_eq!(q.args(), &[Value::from("50\\%\\_\\\\x")]);
    }

    #[test]
    fn appended_fragments_are_renumbered() {
        let mut where_ = Query::new(" WHERE x = ");
        where_.push_bind(7i64).push(" AND y = ").push_bind(8i64);
        let mut q = Query::new("SELECT * FROM t");
        q.push(" JOIN u ON u.k = ").push_bind(1i64);
        q.append(&where_);
        assert_eq!(
            q.sql(),
            "SELECT * FROM t JOIN u ON u.k = $1 WHERE x = $2 AND y = $3"
        );
        assert_eq!(q.args().len(), 3);
    }

    #[test]
    fn copy_rows_escape_what_the_text_format_reads_specially() {
        let mut buf = Vec::new();
        copy_row(
            &mut buf,
            &[
                Value::from("a\tb\nc\rd\\e \\N 王"),
                Value::Text(None),
                Value::from(""),
                Value::from(-7i64),
                Value::from(true),
                Value::from(1.5f64),
                Value::Date(NaiveDate::from_ymd_opt(2024, 3, 5)),
                Value::Time(DateTime::from_timestamp(1_700_000_000, 123_456_000)),
                Value::Bytes(Some(vec![0, 0xab, b'\\'])),
                Value::Bytes(None),
            ],
        );
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "a\\tb\\nc\\rd\\\\e \\\\N 王\t\\N\t\t-7\tt\t1.5\t2024-03-05\t\
             2023-11-14 22:13:20.123456+00\t\\\\x00ab5c\t\\N\n"
        );
    }
}

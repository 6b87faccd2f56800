//! Running statutory deadlines of every register: the index behind the to-do list and the
//! recomputation after a calendar change.

use chrono::NaiveDate;
use serde::Serialize;

use super::db::{multi_insert, rows_per_insert, On};
use super::{Query, Scope, StorageError, Tx, Value};

#[derive(Clone, Debug, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct DeadlineRow {
    pub id: i64,
    pub register: String,
    pub record_id: i64,
    pub org_id: i64,
    pub rule_code: String,
    pub label: String,
    pub link: String,
    pub region: Option<String>,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    #[serde(deserialize_with = "super::nested::flag")]
    pub provisional: bool,
    pub suspensions_json: Option<String>,
    pub extensions_json: Option<String>,
}

pub const COLUMNS: &str =
    "id, register, record_id, org_id, rule_code, label, link, region, start_date, \
                       due_date, provisional, suspensions_json, extensions_json";

pub struct Upsert<'a> {
    pub register: &'a str,
    pub record_id: i64,
    pub org_id: i64,
    pub rule_code: &'a str,
    pub label: &'a str,
    pub link: &'a str,
    pub region: Option<&'a str>,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub provisional: bool,
    pub suspensions_json: Option<String>,
    pub extensions_json: Option<String>,
}

/// Starts tracking a deadline, or restarts it (e.g. a correction restarts the clock).
pub async fn upsert(tx: &mut Tx, d: Upsert<'_>) -> Result<(), StorageError> {
    upsert_many(tx, std::slice::from_ref(&d)).await
}

const UPSERT_COLUMNS: &[&str] = &[
    "register",
    "record_id",
    "org_id",
    "rule_code",
    "label",
    "link",
    "region",
    "start_date",
    "due_date",
    "provisional",
    "suspensions_json",
    "extensions_json",
    "settled_at",
    "updated_at",
];

/// [`upsert`] for many deadlines in a few statements (an import tracks thousands at once).
/// Each (register, record, rule) may appear once: PostgreSQL refuses to update a row twice in
/// one statement.
pub async fn upsert_many(tx: &mut Tx, deadlines: &[Upsert<'_>]) -> Result<(), StorageError> {
    let now = crate::clock::now();
    for chunk in deadlines.chunks(rows_per_insert(UPSERT_COLUMNS.len())) {
        let rows: Vec<Vec<Value>> = chunk
            .iter()
            .map(|d| {
                vec![
                    d.register.into(),
                    d.record_id.into(),
                    d.org_id.into(),
                    d.rule_code.into(),
                    d.label.into(),
                    d.link.into(),
                    d.region.into(),
                    d.start.into(),
                    d.due.into(),
                    d.provisional.into(),
                    d.suspensions_json.as_deref().into(),
                    d.extensions_json.as_deref().into(),
                    Value::Time(None),
                    now.into(),
                ]
            })
            .collect();
        let mut q = multi_insert("deadlines", UPSERT_COLUMNS, &rows);
        q.push(
            " ON CONFLICT (register, record_id, rule_code) DO UPDATE SET org_id = excluded.org_id, \
             label = excluded.label, link = excluded.link, region = excluded.region, \
             start_date = excluded.start_date, due_date = excluded.due_date, \
             provisional = excluded.provisional, suspensions_json = excluded.suspensions_json, \
             extensions_json = excluded.extensions_json, settled_at = NULL, \
             updated_at = excluded.updated_at",
        );
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

pub async fn settle(
    tx: &mut Tx,
    register: &str,
    record_id: i64,
    rule_code: &str,
) -> Result<(), StorageError> {
    let now = crate::clock::now();
    Query::new(
        "UPDATE deadlines SET settled_at = $1, updated_at = $1 \
         WHERE register = $2 AND record_id = $3 AND rule_code = $4 AND settled_at IS NULL",
    )
    .bind(now)
    .bind(register)
    .bind(record_id)
    .bind(rule_code)
    .execute(tx)
    .await?;
    Ok(())
}

/// Settles every running deadline of a record at once (it was withdrawn: 作废).
pub async fn settle_all(tx: &mut Tx, register: &str, record_id: i64) -> Result<(), StorageError> {
    let now = crate::clock::now();
    Query::new(
        "UPDATE deadlines SET settled_at = $1, updated_at = $1 \
         WHERE register = $2 AND record_id = $3 AND settled_at IS NULL",
    )
    .bind(now)
    .bind(register)
    .bind(record_id)
    .execute(tx)
    .await?;
    Ok(())
}

/// Runs a record's settled deadlines of `rule_codes` again (it was restored), with their
/// dates as they were.
pub async fn reopen(
    tx: &mut Tx,
    register: &str,
    record_id: i64,
    rule_codes: &[&str],
) -> Result<(), StorageError> {
    let now = crate::clock::now();
    for rule in rule_codes {
        Query::new(
            "UPDATE deadlines SET settled_at = NULL, updated_at = $1 \
             WHERE register = $2 AND record_id = $3 AND rule_code = $4 \
             AND settled_at IS NOT NULL",
        )
        .bind(now)
        .bind(register)
        .bind(record_id)
        .bind(*rule)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Running (unsettled) deadlines of one record.
pub async fn running_for_record<'a>(
    on: impl Into<On<'a>>,
    register: &str,
    record_id: i64,
) -> Result<Vec<DeadlineRow>, StorageError> {
    Query::new(format!(
        "SELECT {COLUMNS} FROM deadlines WHERE register = $1 AND record_id = $2 \
         AND settled_at IS NULL ORDER BY due_date"
    ))
    .bind(register)
    .bind(record_id)
    .fetch_all(on)
    .await
}

/// Running deadlines in `scope` due on or before `until`, soonest first, of `registers` only
/// (`None`: every register).
pub async fn running_until<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    registers: Option<&[&str]>,
    until: NaiveDate,
    limit: i64,
) -> Result<Vec<DeadlineRow>, StorageError> {
    if registers.is_some_and(<[&str]>::is_empty) {
        return Ok(Vec::new());
    }
    let mut q = Query::new(format!(
        "SELECT {COLUMNS} FROM deadlines WHERE settled_at IS NULL AND due_date <= "
    ));
    q.push_bind(until);
    scope.restrict(&mut q, "org_id");
    if let Some(registers) = registers {
        q.push(" AND register IN (");
        for (i, r) in registers.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.push_bind(*r);
        }
        q.push(")");
    }
    q.push(" ORDER BY due_date, id").limit(limit, 0);
    q.fetch_all(on).await
}

/// Running deadlines without suspensions or extensions that share a rule, a region and a
/// start date, and so share a due date: recomputation works on these groups, not on rows.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StartGroup {
    pub rule_code: String,
    pub region: Option<String>,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub provisional: bool,
}

const PLAIN_RUNNING: &str =
    "settled_at IS NULL AND suspensions_json IS NULL AND extensions_json IS NULL";

/// Every group of plain running deadlines (one scan, grouped in the database).
pub async fn running_groups<'a>(on: impl Into<On<'a>>) -> Result<Vec<StartGroup>, StorageError> {
    Query::new(format!(
        "SELECT rule_code, region, start_date, due_date, provisional FROM deadlines \
         WHERE {PLAIN_RUNNING} GROUP BY rule_code, region, start_date, due_date, provisional"
    ))
    .fetch_all(on)
    .await
}

/// Moves every deadline of `group` to `new_due`, logging each move against the calendar file
/// that caused it: two set-based statements however many records the group holds. Returns how
/// many moved.
pub async fn move_group(
    tx: &mut Tx,
    file_id: i64,
    group: &StartGroup,
    new_due: NaiveDate,
    provisional: bool,
) -> Result<usize, StorageError> {
    let members = |q: &mut Query| {
        q.push(" WHERE ")
            .push(PLAIN_RUNNING)
            .push(" AND rule_code = ")
            .push_bind(group.rule_code.as_str())
            .push(" AND region IS NOT DISTINCT FROM ")
            .push_bind(group.region.as_deref())
            .push(" AND start_date = ")
            .push_bind(group.start_date)
            .push(" AND due_date = ")
            .push_bind(group.due_date)
            .push(" AND provisional = ")
            .push_bind(group.provisional);
    };
    let mut log = Query::new(
        "INSERT INTO deadline_changes (calendar_file_id, deadline_id, old_due, new_due) SELECT ",
    );
    log.push_bind(file_id)
        .push(", id, due_date, ")
        .push_bind(new_due)
        .push(" FROM deadlines");
    members(&mut log);
    log.execute(&mut *tx).await?;

    let mut update = Query::new("UPDATE deadlines SET due_date = ");
    update
        .push_bind(new_due)
        .push(", provisional = ")
        .push_bind(provisional)
        .push(", updated_at = ")
        .push_bind(crate::clock::now());
    members(&mut update);
    let moved = update.execute(&mut *tx).await?;
    Ok(usize::try_from(moved).unwrap_or(usize::MAX))
}

/// A page of the running deadlines that carry suspensions or extensions (each has its own due
/// date), after `after_id`.
pub async fn running_adjusted_page<'a>(
    on: impl Into<On<'a>>,
    after_id: i64,
    limit: i64,
) -> Result<Vec<DeadlineRow>, StorageError> {
    let mut q = Query::new(format!(
        "SELECT {COLUMNS} FROM deadlines WHERE settled_at IS NULL \
         AND (suspensions_json IS NOT NULL OR extensions_json IS NOT NULL) \
         AND id > $1 ORDER BY id"
    ))
    .bind(after_id);
    q.limit(limit, 0);
    q.fetch_all(on).await
}

/// One recomputed due date of a deadline with its own suspensions or extensions.
pub struct Moved {
    pub id: i64,
    pub old_due: NaiveDate,
    pub new_due: NaiveDate,
    pub provisional: bool,
}

/// Writes one recomputed deadline and logs the move.
pub async fn move_one(tx: &mut Tx, file_id: i64, m: &Moved) -> Result<(), StorageError> {
    Query::new(
        "UPDATE deadlines SET due_date = $1, provisional = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(m.new_due)
    .bind(m.provisional)
    .bind(crate::clock::now())
    .bind(m.id)
    .execute(&mut *tx)
    .await?;
    Query::new(
        "INSERT INTO deadline_changes (calendar_file_id, deadline_id, old_due, new_due) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(file_id)
    .bind(m.id)
    .bind(m.old_due)
    .bind(m.new_due)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ChangeRow {
    pub label: String,
    pub link: String,
    pub rule_code: String,
    pub old_due: NaiveDate,
    pub new_due: NaiveDate,
}

/// The deadlines a calendar file moved, within `scope`.
pub async fn changes_of_file<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    file_id: i64,
) -> Result<Vec<ChangeRow>, StorageError> {
    let mut q = Query::new(
        "SELECT d.label, d.link, d.rule_code, c.old_due, c.new_due FROM deadline_changes c \
         JOIN deadlines d ON d.id = c.deadline_id WHERE c.calendar_file_id = ",
    );
    q.push_bind(file_id);
    scope.restrict(&mut q, "d.org_id");
    q.push(" ORDER BY c.new_due LIMIT 1000");
    q.fetch_all(on).await
}

/// Whether the record has any deadline, running or settled (records imported from a ledger
/// have none, and an edit starts none for them).
pub async fn any_for_record<'a>(
    on: impl Into<On<'a>>,
    register: &str,
    record_id: i64,
) -> Result<bool, StorageError> {
    let n: i64 =
        Query::new("SELECT COUNT(*) FROM deadlines WHERE register = $1 AND record_id = $2")
            .bind(register)
            .bind(record_id)
            .fetch_scalar(on)
            .await?;
    Ok(n > 0)
}

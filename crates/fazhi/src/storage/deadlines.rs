//! Running statutory deadlines of every register: the index behind the to-do list and the
//! recomputation after a calendar change.

use chrono::{NaiveDate, SubsecRound, Utc};
use serde::Serialize;

use super::{db::On, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
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
    pub provisional: bool,
    pub suspensions_json: Option<String>,
    pub extensions_json: Option<String>,
}

const COLUMNS: &str =
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
    Query::new(
        "INSERT INTO deadlines (register, record_id, org_id, rule_code, label, link, region, \
         start_date, due_date, provisional, suspensions_json, extensions_json, settled_at, updated_at) \
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,NULL,$13) \
         ON CONFLICT (register, record_id, rule_code) DO UPDATE SET org_id = excluded.org_id, \
         label = excluded.label, link = excluded.link, region = excluded.region, \
         start_date = excluded.start_date, due_date = excluded.due_date, \
         provisional = excluded.provisional, suspensions_json = excluded.suspensions_json, \
         extensions_json = excluded.extensions_json, settled_at = NULL, updated_at = excluded.updated_at",
    )
    .bind(d.register)
    .bind(d.record_id)
    .bind(d.org_id)
    .bind(d.rule_code)
    .bind(d.label)
    .bind(d.link)
    .bind(d.region)
    .bind(d.start)
    .bind(d.due)
    .bind(d.provisional)
    .bind(d.suspensions_json)
    .bind(d.extensions_json)
    .bind(Utc::now().trunc_subsecs(6))
    .execute(tx)
    .await?;
    Ok(())
}

pub async fn settle(
    tx: &mut Tx,
    register: &str,
    record_id: i64,
    rule_code: &str,
) -> Result<(), StorageError> {
    let now = Utc::now().trunc_subsecs(6);
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

/// Running deadlines in `scope` due on or before `until`, soonest first.
pub async fn running_until<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    until: NaiveDate,
    limit: i64,
) -> Result<Vec<DeadlineRow>, StorageError> {
    let mut q = Query::new(format!(
        "SELECT {COLUMNS} FROM deadlines WHERE settled_at IS NULL AND due_date <= "
    ));
    q.push_bind(until);
    scope.restrict(&mut q, "org_id");
    q.push(" ORDER BY due_date, id LIMIT ").push_bind(limit);
    q.fetch_all(on).await
}

/// A page of all running deadlines after `after_id`, for recomputation.
pub async fn running_page<'a>(
    on: impl Into<On<'a>>,
    after_id: i64,
    limit: i64,
) -> Result<Vec<DeadlineRow>, StorageError> {
    Query::new(format!(
        "SELECT {COLUMNS} FROM deadlines WHERE settled_at IS NULL AND id > $1 ORDER BY id LIMIT $2"
    ))
    .bind(after_id)
    .bind(limit)
    .fetch_all(on)
    .await
}

/// One recomputed due date.
pub struct Moved {
    pub id: i64,
    pub old_due: NaiveDate,
    pub new_due: NaiveDate,
    pub provisional: bool,
}

/// Writes recomputed due dates in batches (one statement per 300 rows keeps 100,000 changes
/// to a few hundred statements) and records each move against the calendar file that caused it.
pub async fn apply_moves(tx: &mut Tx, file_id: i64, moves: &[Moved]) -> Result<(), StorageError> {
    let now = Utc::now().trunc_subsecs(6);
    for chunk in moves.chunks(300) {
        let mut due = Query::new("UPDATE deadlines SET updated_at = ");
        due.push_bind(now).push(", due_date = CASE id");
        for m in chunk {
            due.push(" WHEN ")
                .push_bind(m.id)
                .push(" THEN ")
                .push_bind(m.new_due);
        }
        due.push(" END, provisional = CASE id");
        for m in chunk {
            due.push(" WHEN ")
                .push_bind(m.id)
                .push(" THEN ")
                .push_bind(m.provisional);
        }
        due.push(" END WHERE id IN (");
        for (i, m) in chunk.iter().enumerate() {
            if i > 0 {
                due.push(", ");
            }
            due.push_bind(m.id);
        }
        due.push(")");
        due.execute(&mut *tx).await?;

        let mut log = Query::new(
            "INSERT INTO deadline_changes (calendar_file_id, deadline_id, old_due, new_due) VALUES ",
        );
        for (i, m) in chunk.iter().enumerate() {
            if i > 0 {
                log.push(", ");
            }
            log.push("(")
                .push_bind(file_id)
                .push(", ")
                .push_bind(m.id)
                .push(", ")
                .push_bind(m.old_due)
                .push(", ")
                .push_bind(m.new_due)
                .push(")");
        }
        log.execute(&mut *tx).await?;
    }
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

//! The records behind one figure, read a page at a time for an evidence pack (issue #19
//! item 7): the same conditions as `storage::figures`, so a pack holds exactly what the figure
//! counts, and keyset pages (`id > last`) so a pack of any size is read in bounded memory.

use chrono::NaiveDate;

use super::figures::year_range;
use super::{Db, Query, Scope, StorageError};

/// Where one figure's records are: a table, its date column, the columns an index shows and
/// the condition that narrows the register to the figure (literal SQL, never user input).
#[derive(Clone, Copy, Debug)]
pub struct RecordSource {
    pub table: &'static str,
    pub date: &'static str,
    /// The record's number as people read it (the case number), as SQL over alias `t`.
    pub number: &'static str,
    pub title: &'static str,
    /// The people named (parties, applicant), or `''`.
    pub people: &'static str,
    /// The figure's own condition on top of the year, the scope and `withdrawn_at IS NULL`.
    pub extra: &'static str,
    /// `attachments.entity` of the register's files.
    pub entity: &'static str,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EvidenceRow {
    pub id: i64,
    pub number: String,
    pub on_date: NaiveDate,
    pub title: String,
    pub people: String,
    pub org_name: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EvidenceFile {
    pub entity_id: i64,
    pub file_name: String,
    pub sha256: String,
}

/// Which of a register's records: a year's (as a figure counts them), or the records named by
/// id (an assessment indicator's evidence links to single records, of any year).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Within {
    Year(i32),
    Ids(Vec<i64>),
}

/// The figure's condition: the year (or the ids), the scope (by the record's organisation, as
/// the figures count) and the register's validity.
fn matching(src: &RecordSource, scope: &Scope, within: &Within, select: &str) -> Query {
    let mut q = Query::new(format!(
        "{select} FROM {table} t JOIN orgs o ON o.id = t.org_id WHERE t.withdrawn_at IS NULL",
        table = src.table,
    ));
    match within {
        Within::Year(year) => {
            let (from, to) = year_range(*year);
            q.push(&format!(" AND t.{} >= ", src.date))
                .push_bind(from)
                .push(&format!(" AND t.{} < ", src.date))
                .push_bind(to);
        }
        Within::Ids(ids) => {
            q.push(" AND t.id IN (");
            push_ids(&mut q, ids);
            q.push(")");
        }
    }
    scope.restrict(&mut q, "t.org_id");
    q.push(src.extra);
    q
}

/// `ids` as a bound list; `NULL` (matching nothing) when empty.
fn push_ids(q: &mut Query, ids: &[i64]) {
    if ids.is_empty() {
        q.push("NULL");
    }
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind(*id);
    }
}

/// How many records the figure counts: the figure's own value, counted again.
pub async fn count(
    db: &Db,
    src: &RecordSource,
    scope: &Scope,
    within: &Within,
) -> Result<i64, StorageError> {
    matching(src, scope, within, "SELECT COUNT(*)")
        .fetch_scalar(db)
        .await
}

/// The next `limit` records after `after` (the last one's date and id), oldest first as a paper
/// ledger runs. Keyset on `(date, id)` as a row value, which both backends compare along the
/// registers' `(date, id)` indexes: the 200th page of a 100,000-record year costs what the first
/// does (an id keyset re-sorted the whole year on every page).
pub async fn page(
    db: &Db,
    src: &RecordSource,
    scope: &Scope,
    within: &Within,
    after: Option<(NaiveDate, i64)>,
    limit: i64,
) -> Result<Vec<EvidenceRow>, StorageError> {
    let select = format!(
        "SELECT t.id, {number} AS number, t.{date} AS on_date, {title} AS title, \
         {people} AS people, o.name AS org_name",
        number = src.number,
        date = src.date,
        title = src.title,
        people = src.people,
    );
    let mut q = matching(src, scope, within, &select);
    if let Some((date, id)) = after {
        q.push(&format!(" AND (t.{}, t.id) > (", src.date))
            .push_bind(date)
            .push(", ")
            .push_bind(id)
            .push(")");
    }
    q.push(&format!(" ORDER BY t.{}, t.id", src.date));
    q.limit(limit, 0);
    q.fetch_all(db).await
}

/// The attachments of these records, by record then upload order.
pub async fn files(db: &Db, entity: &str, ids: &[i64]) -> Result<Vec<EvidenceFile>, StorageError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Query::new("SELECT entity_id, file_name, sha256 FROM attachments WHERE entity = ");
    q.push_bind(entity).push(" AND entity_id IN (");
    push_ids(&mut q, ids);
    q.push(") ORDER BY entity_id, id");
    q.fetch_all(db).await
}

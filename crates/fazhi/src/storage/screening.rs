//! Screening rounds (排查): a town opens a round; each village reports what it found, or a
//! zero report (零报告).

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::Serialize;

use super::audit::{Actor, Change};
use super::case_lists::insert_logged;
use super::{db::On, revision, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Round {
    pub id: i64,
    pub org_id: i64,
    pub name: String,
    pub kind: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub org_name: String,
    pub org_path: String,
    /// Raised by every edit; an edit must name the version it was based on.
    pub version: i64,
    /// Set when the round was withdrawn (作废): kept, but counted nowhere.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Report {
    pub id: i64,
    pub round_id: i64,
    pub village_id: i64,
    pub village_name: String,
    pub reported_on: NaiveDate,
    pub found: i64,
    pub zero_report: bool,
    pub reporter: String,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
    /// Set when the report was withdrawn (作废): kept, but not counted in its round.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

pub struct NewRound<'a> {
    pub org_id: i64,
    pub name: &'a str,
    pub kind: &'a str,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

pub async fn create_round(
    tx: &mut Tx,
    actor: &Actor,
    r: NewRound<'_>,
) -> Result<i64, StorageError> {
    let row = vec![
        ("org_id", r.org_id.into()),
        ("name", r.name.into()),
        ("kind", r.kind.into()),
        ("starts_on", r.starts_on.into()),
        ("ends_on", r.ends_on.into()),
        ("created_at", now().into()),
    ];
    let after = serde_json::json!({
        "name": r.name, "kind": r.kind, "starts_on": r.starts_on, "ends_on": r.ends_on,
    });
    insert_logged(tx, actor, "screening_rounds", row, |id| {
        Change::new("create", "screening_round", id)
            .org(r.org_id)
            .after(&after)
    })
    .await
}

const SELECT_ROUND: &str = "SELECT r.id, r.org_id, r.name, r.kind, r.starts_on, r.ends_on, \
     r.created_at, o.name AS org_name, o.path AS org_path, r.version, r.withdrawn_at, \
     r.withdrawn_reason FROM screening_rounds r JOIN orgs o ON o.id = r.org_id";

/// A round by id; the caller decides whether it may see it (rounds of its own organisation, of
/// those above it, or of those below it).
pub async fn get_round<'a>(on: impl Into<On<'a>>, id: i64) -> Result<Round, StorageError> {
    Query::new(format!("{SELECT_ROUND} WHERE r.id = $1"))
        .bind(id)
        .fetch_one(on)
        .await
}

/// Rounds whose organisation lies on `path` (ancestors and itself) or below it: the valid ones,
/// or (`withdrawn`) only the withdrawn ones.
pub async fn list_rounds<'a>(
    on: impl Into<On<'a>>,
    path: &str,
    withdrawn: bool,
) -> Result<Vec<Round>, StorageError> {
    let mut q = Query::new(format!(
        "{SELECT_ROUND} WHERE r.withdrawn_at IS {} AND (",
        if withdrawn { "NOT NULL" } else { "NULL" }
    ));
    super::scope::path_starts_with(&mut q, "o.path", path);
    let ancestors: Vec<i64> = path.split('/').filter_map(|s| s.parse().ok()).collect();
    for id in ancestors {
        q.push(" OR r.org_id = ").push_bind(id);
    }
    q.push(") ORDER BY r.starts_on DESC, r.id DESC");
    q.fetch_all(on).await
}

pub struct NewReport<'a> {
    pub round_id: i64,
    pub village_id: i64,
    pub reported_on: NaiveDate,
    pub found: i64,
    pub reporter: &'a str,
    pub note: &'a str,
}

pub async fn add_report(tx: &mut Tx, actor: &Actor, r: NewReport<'_>) -> Result<i64, StorageError> {
    // A report is filed under its village (`org_id` = `village_id`).
    let row = vec![
        ("round_id", r.round_id.into()),
        ("village_id", r.village_id.into()),
        ("org_id", r.village_id.into()),
        ("reported_on", r.reported_on.into()),
        ("found", r.found.into()),
        ("zero_report", (r.found == 0).into()),
        ("reporter", r.reporter.into()),
        ("note", r.note.into()),
        ("created_at", now().into()),
    ];
    let after = serde_json::json!({
        "round_id": r.round_id, "village_id": r.village_id, "found": r.found,
        "zero_report": r.found == 0, "reported_on": r.reported_on, "note": r.note,
    });
    insert_logged(tx, actor, "screening_reports", row, |id| {
        // Logged as the report's own record (its 修改记录 starts here), naming its round.
        Change::new("create", "screening_report", id)
            .org(r.village_id)
            .after(&after)
    })
    .await
}

const SELECT_REPORT: &str = "SELECT s.id, s.round_id, s.village_id, o.name AS village_name, \
     s.reported_on, s.found, s.zero_report, s.reporter, s.note, s.created_at, s.version, s.withdrawn_at, \
     s.withdrawn_reason FROM screening_reports s JOIN orgs o ON o.id = s.village_id";

/// A round's reports, withdrawn ones included (the caller counts only the valid ones).
pub async fn reports<'a>(
    on: impl Into<On<'a>>,
    round_id: i64,
) -> Result<Vec<Report>, StorageError> {
    Query::new(format!(
        "{SELECT_REPORT} WHERE s.round_id = $1 ORDER BY o.path, s.id"
    ))
    .bind(round_id)
    .fetch_all(on)
    .await
}

/// One report, if its village lies in `scope`.
pub async fn get_report<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<Report, StorageError> {
    let mut q = Query::new(format!("{SELECT_REPORT} WHERE s.id = $1")).bind(id);
    scope.restrict(&mut q, "s.org_id");
    q.fetch_one(on).await
}

/// Corrects a round's name, kind and period (the kit claims the version and logs the edit).
pub async fn update_round(tx: &mut Tx, id: i64, r: &NewRound<'_>) -> Result<(), StorageError> {
    Query::new(
        "UPDATE screening_rounds SET name = $1, kind = $2, starts_on = $3, ends_on = $4 \
         WHERE id = $5",
    )
    .bind(r.name)
    .bind(r.kind)
    .bind(r.starts_on)
    .bind(r.ends_on)
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}

/// Corrects a report's date, count and note (the kit claims the version and logs the edit).
pub async fn update_report(
    tx: &mut Tx,
    id: i64,
    reported_on: NaiveDate,
    found: i64,
    note: &str,
) -> Result<(), StorageError> {
    Query::new(
        "UPDATE screening_reports SET reported_on = $1, found = $2, zero_report = $3, note = $4 \
         WHERE id = $5",
    )
    .bind(reported_on)
    .bind(found)
    .bind(found == 0)
    .bind(note)
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}

pub fn round_target(r: &Round) -> revision::Target {
    revision::Target {
        table: "screening_rounds",
        entity: "screening_round",
        id: r.id,
        org_id: r.org_id,
    }
}

pub fn report_target(r: &Report) -> revision::Target {
    revision::Target {
        table: "screening_reports",
        entity: "screening_report",
        id: r.id,
        org_id: r.village_id,
    }
}

//! Narrative parts of the annual report and its final snapshots.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::case_lists::insert_logged;
use super::db::multi_insert;
use super::{db::On, Query, StorageError, Tx, Value};

#[derive(sqlx::FromRow)]
struct NarrativeRow {
    section: String,
    body: String,
}

/// The saved narrative parts of one organisation's report for one year, by section.
pub async fn narratives<'a>(
    on: impl Into<On<'a>>,
    org_id: i64,
    year: i32,
) -> Result<BTreeMap<String, String>, StorageError> {
    let rows: Vec<NarrativeRow> =
        Query::new("SELECT section, body FROM report_narratives WHERE org_id = $1 AND year = $2")
            .bind(org_id)
            .bind(i64::from(year))
            .fetch_all(on)
            .await?;
    Ok(rows.into_iter().map(|r| (r.section, r.body)).collect())
}

#[derive(sqlx::FromRow)]
struct YearBody {
    year: i64,
    body: String,
}

/// The years `org_id` has saved `section` for, newest first, with its text.
pub async fn section_years<'a>(
    on: impl Into<On<'a>>,
    org_id: i64,
    section: &str,
) -> Result<Vec<(i32, String)>, StorageError> {
    let rows: Vec<YearBody> = Query::new(
        "SELECT year, body FROM report_narratives WHERE org_id = $1 AND section = $2 \
         ORDER BY year DESC LIMIT 100",
    )
    .bind(org_id)
    .bind(section)
    .fetch_all(on)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((i32::try_from(r.year).ok()?, r.body)))
        .collect())
}

/// Saves one section's text; the previous text goes to the audit log as its history.
pub async fn save_narrative(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    year: i32,
    section: &str,
    body: &str,
) -> Result<(), StorageError> {
    let before = narratives(&mut *tx, org_id, year).await?.remove(section);
    let mut key = report_key(org_id, year);
    key.push(("section", section.into()));
    let change = Change::new(
        "save_narrative",
        "report",
        format!("{org_id}/{year}/{section}"),
    )
    .org(org_id)
    .before(&before)
    .after(&body);
    let body = vec![("body", body.into())];
    save_part(tx, actor, "report_narratives", key, body, change).await
}

/// A report's settings as stored (codes of `fazhi_domain::report::{ReportTitle, Signatories}`).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SettingsRow {
    pub title_kind: String,
    pub signatories: String,
}

pub async fn settings<'a>(
    on: impl Into<On<'a>>,
    org_id: i64,
    year: i32,
) -> Result<Option<SettingsRow>, StorageError> {
    Query::new(
        "SELECT title_kind, signatories FROM report_settings WHERE org_id = $1 AND year = $2",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .fetch_optional(on)
    .await
}

/// Saves a report's settings; the change is audited like a narrative part.
pub async fn save_settings(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    year: i32,
    title_kind: &str,
    signatories: &str,
) -> Result<(), StorageError> {
    let json = |t: &str, s: &str| serde_json::json!({"title_kind": t, "signatories": s});
    let before = settings(&mut *tx, org_id, year)
        .await?
        .map(|r| json(&r.title_kind, &r.signatories));
    let after = json(title_kind, signatories);
    let change = Change::new("save_settings", "report", format!("{org_id}/{year}"))
        .org(org_id)
        .before(&before)
        .after(&after);
    let set = vec![
        ("title_kind", title_kind.into()),
        ("signatories", signatories.into()),
    ];
    let key = report_key(org_id, year);
    save_part(tx, actor, "report_settings", key, set, change).await
}

/// The key columns every part of a report is saved under.
fn report_key(org_id: i64, year: i32) -> Vec<(&'static str, Value)> {
    vec![("org_id", org_id.into()), ("year", i64::from(year).into())]
}

/// Writes one row of a report's part (`set`) under `key`, replacing the one saved before, with
/// who saved it and when, and audits `change` in the same transaction.
async fn save_part(
    tx: &mut Tx,
    actor: &Actor,
    table: &str,
    key: Vec<(&'static str, Value)>,
    set: Vec<(&'static str, Value)>,
    change: Change<'_>,
) -> Result<(), StorageError> {
    let keys: Vec<&str> = key.iter().map(|(c, _)| *c).collect();
    let mut row = key;
    row.extend(set);
    row.push(("updated_at", crate::clock::now().into()));
    row.push(("updated_by", actor.name.as_str().into()));
    let (columns, values): (Vec<&str>, Vec<Value>) = row.into_iter().unzip();
    let updates: Vec<String> = columns
        .iter()
        .filter(|c| !keys.contains(c))
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    let mut q = multi_insert(table, &columns, &[values]);
    q.push(&format!(
        " ON CONFLICT ({}) DO UPDATE SET {}",
        keys.join(", "),
        updates.join(", ")
    ));
    q.execute(&mut *tx).await?;
    audit::record(tx, actor, change).await
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Snapshot {
    pub id: i64,
    pub org_id: i64,
    pub year: i64,
    pub title: String,
    #[serde(skip)]
    pub figures_json: String,
    #[serde(skip)]
    pub markdown: String,
    #[serde(skip)]
    pub html: String,
    pub finalized_at: DateTime<Utc>,
    pub finalized_by: String,
}

const SNAPSHOT_COLUMNS: &str =
    "id, org_id, year, title, figures_json, markdown, html, finalized_at, finalized_by";

pub async fn snapshot<'a>(
    on: impl Into<On<'a>>,
    org_id: i64,
    year: i32,
) -> Result<Option<Snapshot>, StorageError> {
    Query::new(format!(
        "SELECT {SNAPSHOT_COLUMNS} FROM report_snapshots WHERE org_id = $1 AND year = $2"
    ))
    .bind(org_id)
    .bind(i64::from(year))
    .fetch_optional(on)
    .await
}

pub async fn snapshot_by_id<'a>(on: impl Into<On<'a>>, id: i64) -> Result<Snapshot, StorageError> {
    Query::new(format!(
        "SELECT {SNAPSHOT_COLUMNS} FROM report_snapshots WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(on)
    .await
}

/// Every published report, newest year first (the public portal lists them all).
pub async fn published<'a>(on: impl Into<On<'a>>) -> Result<Vec<Snapshot>, StorageError> {
    Query::new(format!(
        "SELECT {SNAPSHOT_COLUMNS} FROM report_snapshots ORDER BY year DESC, id DESC"
    ))
    .fetch_all(on)
    .await
}

pub struct NewSnapshot<'a> {
    pub org_id: i64,
    pub year: i32,
    pub title: &'a str,
    pub figures_json: &'a str,
    pub markdown: &'a str,
    pub html: &'a str,
}

pub async fn insert_snapshot(
    tx: &mut Tx,
    actor: &Actor,
    s: NewSnapshot<'_>,
) -> Result<i64, StorageError> {
    let row = vec![
        ("org_id", s.org_id.into()),
        ("year", i64::from(s.year).into()),
        ("title", s.title.into()),
        ("figures_json", s.figures_json.into()),
        ("markdown", s.markdown.into()),
        ("html", s.html.into()),
        ("finalized_at", crate::clock::now().into()),
        ("finalized_by", actor.name.as_str().into()),
    ];
    let after = serde_json::json!({"year": s.year, "title": s.title});
    insert_logged(tx, actor, "report_snapshots", row, |id| {
        Change::new("finalize", "report", id)
            .org(s.org_id)
            .after(&after)
    })
    .await
}

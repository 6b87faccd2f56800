//! Narrative parts of the annual report and its final snapshots.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::case_lists::insert_logged;
use super::{db::On, Query, StorageError, Tx};

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
    Query::new(
        "INSERT INTO report_narratives (org_id, year, section, body, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, year, section) DO UPDATE SET \
         body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .bind(section)
    .bind(body)
    .bind(crate::clock::now())
    .bind(actor.name.as_str())
    .execute(&mut *tx)
    .await?;
    audit::record(
        tx,
        actor,
        Change::new(
            "save_narrative",
            "report",
            format!("{org_id}/{year}/{section}"),
        )
        .org(org_id)
        .before(&before)
        .after(&body),
    )
    .await
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
    let before = settings(&mut *tx, org_id, year)
        .await?
        .map(|r| serde_json::json!({"title_kind": r.title_kind, "signatories": r.signatories}));
    Query::new(
        "INSERT INTO report_settings (org_id, year, title_kind, signatories, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, year) DO UPDATE SET \
         title_kind = excluded.title_kind, signatories = excluded.signatories, \
         updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(org_id)
    .bind(i64::from(year))
    .bind(title_kind)
    .bind(signatories)
    .bind(crate::clock::now())
    .bind(actor.name.as_str())
    .execute(&mut *tx)
    .await?;
    audit::record(
        tx,
        actor,
        Change::new("save_settings", "report", format!("{org_id}/{year}"))
            .org(org_id)
            .before(&before)
            .after(&serde_json::json!({"title_kind": title_kind, "signatories": signatories})),
    )
    .await
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

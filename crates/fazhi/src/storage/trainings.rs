//! People's-mediation trainings (人民调解业务培训): the register and its totals.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use fazhi_domain::publicity::join_list;
use fazhi_domain::training::{hours_label, NewTraining, TrainingTotals};
use serde::Serialize;

use super::audit::Actor;
use super::records::{self, Revision};
use super::year_lists::{as_list, Filed, YearFilter, YearList};
use super::{db::On, revision, Db, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct TrainingRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub held_on: NaiveDate,
    pub topic: String,
    pub trainer: String,
    /// 参训人数
    pub attendees: i64,
    #[serde(serialize_with = "as_list")]
    #[schema(value_type = Vec<String>)]
    pub attendee_names: String,
    /// Length in minutes (hours × 60).
    pub minutes: i64,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl TrainingRow {
    pub fn hours(&self) -> String {
        hours_label(self.minutes)
    }
}

fn select() -> String {
    format!(
        "SELECT t.id, t.org_id, o.name AS org_name, t.held_on, t.topic, t.trainer, t.attendees, \
         t.attendee_names, t.minutes, t.created_at, {} \
         FROM trainings t JOIN orgs o ON o.id = t.org_id",
        Revision::columns("t")
    )
}

/// Trainings on the list kit.
pub const TRAININGS: YearList = YearList {
    from: "trainings t",
    entity: "training",
    select,
    filed: Filed::Date("t.held_on"),
    page_org: "t.org_id",
    order: "t.held_on DESC, t.id DESC",
};

/// A page of trainings in `scope` as `f` selects them, newest first, and how many it selects;
/// `page` `None` returns them all (exports).
pub async fn list(
    db: &Db,
    scope: &Scope,
    f: YearFilter,
    page: Option<(u32, u32)>,
) -> Result<(Vec<TrainingRow>, i64), StorageError> {
    TRAININGS.page(db, scope, f, page).await
}

#[derive(sqlx::FromRow)]
struct Sums {
    trainings: i64,
    attendees: i64,
    minutes: i64,
}

/// Count, attendees and minutes of every training the filter matches, summed by the database.
pub async fn totals(db: &Db, scope: &Scope, f: YearFilter) -> Result<TrainingTotals, StorageError> {
    let mut q = Query::new(
        "SELECT COUNT(*) AS trainings, CAST(COALESCE(SUM(t.attendees), 0) AS BIGINT) AS attendees, \
         CAST(COALESCE(SUM(t.minutes), 0) AS BIGINT) AS minutes FROM trainings t",
    );
    q.append(&TRAININGS.totals_filter(scope, f));
    let s: Sums = q.fetch_one(db).await?;
    Ok(TrainingTotals {
        trainings: s.trainings,
        attendees: s.attendees,
        minutes: s.minutes,
    })
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<TrainingRow, StorageError> {
    TRAININGS.one(on, scope, id).await
}

/// A training's own columns, as its INSERT and its UPDATE write them.
fn columns(t: &NewTraining) -> records::Columns {
    vec![
        ("held_on", t.held_on.into()),
        ("topic", t.topic.as_str().into()),
        ("trainer", t.trainer.as_str().into()),
        ("attendees", t.attendees.into()),
        ("attendee_names", join_list(&t.attendee_names).into()),
        ("minutes", t.minutes.into()),
    ]
}

pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    t: &NewTraining,
) -> Result<i64, StorageError> {
    let mut c = vec![("org_id", org_id.into())];
    c.extend(columns(t));
    c.push(("created_at", Utc::now().trunc_subsecs(6).into()));
    // No `created_by` column here: the audit entry names who registered it (the checked
    // training, as entered).
    let id = records::insert(tx, TRAININGS.table(), c).await?;
    records::log_created(tx, actor, TRAININGS.entity, id, org_id, t).await?;
    Ok(id)
}

/// Replaces a training's fields (the kit has claimed its version and logs the edit).
pub async fn update(
    tx: &mut Tx,
    before: &TrainingRow,
    t: &NewTraining,
) -> Result<(), StorageError> {
    TRAININGS.update(tx, before.id, columns(t)).await
}

/// The training as a record of the revision kit.
pub fn target(t: &TrainingRow) -> revision::Target {
    TRAININGS.target(t.id, t.org_id)
}

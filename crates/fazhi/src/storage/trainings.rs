//! People's-mediation trainings (人民调解业务培训): the register and its totals.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use fazhi_domain::publicity::join_list;
use fazhi_domain::training::{hours_label, NewTraining, TrainingTotals};
use serde::Serialize;

use super::audit::Actor;
use super::publicity::{as_list, push_year};
use super::records::{self, Revision};
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

/// `withdrawn` selects the withdrawn trainings (and only those) instead of the valid ones.
fn where_clause(scope: &Scope, year: Option<i32>, withdrawn: bool) -> Query {
    let mut w = records::listed("t", withdrawn);
    scope.restrict(&mut w, "t.org_id");
    push_year(&mut w, "t.held_on", year);
    w
}

/// A page of trainings in `scope` (of one year if given), newest first; `page` `None` returns
/// them all (exports).
pub async fn list(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
    withdrawn: bool,
    page: Option<(u32, u32)>,
) -> Result<Vec<TrainingRow>, StorageError> {
    let mut q = Query::new(select());
    q.append(&where_clause(scope, year, withdrawn));
    q.push(" ORDER BY t.held_on DESC, t.id DESC");
    q.page(page);
    q.fetch_all(db).await
}

#[derive(sqlx::FromRow)]
struct Sums {
    trainings: i64,
    attendees: i64,
    minutes: i64,
}

/// Count, attendees and minutes of every training the filter matches, summed by the database.
pub async fn totals(
    db: &Db,
    scope: &Scope,
    year: Option<i32>,
    withdrawn: bool,
) -> Result<TrainingTotals, StorageError> {
    let mut q = Query::new(
        "SELECT COUNT(*) AS trainings, CAST(COALESCE(SUM(t.attendees), 0) AS BIGINT) AS attendees, \
         CAST(COALESCE(SUM(t.minutes), 0) AS BIGINT) AS minutes FROM trainings t",
    );
    q.append(&where_clause(scope, year, withdrawn));
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
    records::one(on, &select(), "t", scope, id).await
}

pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    t: &NewTraining,
) -> Result<i64, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO trainings (org_id, held_on, topic, trainer, attendees, attendee_names, \
         minutes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(org_id)
    .bind(t.held_on)
    .bind(t.topic.as_str())
    .bind(t.trainer.as_str())
    .bind(t.attendees)
    .bind(join_list(&t.attendee_names))
    .bind(t.minutes)
    .bind(Utc::now().trunc_subsecs(6))
    .fetch_scalar(&mut *tx)
    .await?;
    records::log_created(tx, actor, "training", id, org_id, t).await?;
    Ok(id)
}

/// Replaces a training's fields (the kit has claimed its version and logs the edit).
pub async fn update(
    tx: &mut Tx,
    before: &TrainingRow,
    t: &NewTraining,
) -> Result<(), StorageError> {
    Query::new(
        "UPDATE trainings SET held_on = $1, topic = $2, trainer = $3, attendees = $4, \
         attendee_names = $5, minutes = $6 WHERE id = $7",
    )
    .bind(t.held_on)
    .bind(t.topic.as_str())
    .bind(t.trainer.as_str())
    .bind(t.attendees)
    .bind(join_list(&t.attendee_names))
    .bind(t.minutes)
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The training as a record of the revision kit.
pub fn target(t: &TrainingRow) -> revision::Target {
    records::target("trainings", "training", t.id, t.org_id)
}

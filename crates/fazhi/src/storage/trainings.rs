//! People's-mediation trainings (人民调解业务培训): the register and its totals.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use fazhi_domain::publicity::join_list;
use fazhi_domain::training::{hours_label, NewTraining, TrainingTotals};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::publicity::{as_list, push_year};
use super::{db::On, Db, Query, Scope, StorageError, Tx};

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
}

impl TrainingRow {
    pub fn hours(&self) -> String {
        hours_label(self.minutes)
    }
}

const SELECT: &str = "SELECT t.id, t.org_id, o.name AS org_name, t.held_on, t.topic, t.trainer, \
     t.attendees, t.attendee_names, t.minutes, t.created_at \
     FROM trainings t JOIN orgs o ON o.id = t.org_id";

fn where_clause(scope: &Scope, year: Option<i32>) -> Query {
    let mut w = Query::new(" WHERE 1=1");
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
    page: Option<(u32, u32)>,
) -> Result<Vec<TrainingRow>, StorageError> {
    let mut q = Query::new(SELECT);
    q.append(&where_clause(scope, year));
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
) -> Result<TrainingTotals, StorageError> {
    let mut q = Query::new(
        "SELECT COUNT(*) AS trainings, CAST(COALESCE(SUM(t.attendees), 0) AS BIGINT) AS attendees, \
         CAST(COALESCE(SUM(t.minutes), 0) AS BIGINT) AS minutes FROM trainings t",
    );
    q.append(&where_clause(scope, year));
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
    let mut q = Query::new(format!("{SELECT} WHERE t.id = $1")).bind(id);
    scope.restrict(&mut q, "t.org_id");
    q.fetch_one(on).await
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
    audit::record(
        tx,
        actor,
        Change::new("create", "training", id).org(org_id).after(t),
    )
    .await?;
    Ok(id)
}

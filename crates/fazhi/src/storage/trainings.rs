//! People's-mediation trainings (人民调解业务培训).

use chrono::{NaiveDate, SubsecRound, Utc};

use super::audit::{self, Actor, Change};
use super::{Db, Query, StorageError};

pub struct NewTraining<'a> {
    pub org_id: i64,
    pub held_on: NaiveDate,
    pub topic: &'a str,
    pub trainer: &'a str,
    pub attendees: i64,
    pub attendee_names: &'a str,
    pub minutes: i64,
}

pub async fn insert(db: &Db, actor: &Actor, t: NewTraining<'_>) -> Result<i64, StorageError> {
    let mut tx = db.begin().await?;
    let id: i64 = Query::new(
        "INSERT INTO trainings (org_id, held_on, topic, trainer, attendees, attendee_names, minutes, \
         created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
    )
    .bind(t.org_id)
    .bind(t.held_on)
    .bind(t.topic)
    .bind(t.trainer)
    .bind(t.attendees)
    .bind(t.attendee_names)
    .bind(t.minutes)
    .bind(Utc::now().trunc_subsecs(6))
    .fetch_scalar(&mut tx)
    .await?;
    audit::record(
        &mut tx,
        actor,
        Change::new("create", "training", id)
            .org(t.org_id)
            .after(&serde_json::json!({
                "held_on": t.held_on, "topic": t.topic, "trainer": t.trainer,
                "attendees": t.attendees, "minutes": t.minutes,
            })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

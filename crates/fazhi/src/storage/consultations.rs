//! Legal consultations (法律咨询): who asked what, the answer, whether the right to legal aid
//! was explained, and what followed.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::case_lists::{self, insert_logged, update_columns, CaseList};
use super::db::insert_all;
use super::revision;
use super::search;
use super::{db::On, Db, Query, Scope, StorageError, Tx, Value};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Consultation {
    pub id: i64,
    pub org_id: i64,
    pub village_id: Option<i64>,
    pub consulted_on: NaiveDate,
    pub channel: String,
    pub person: String,
    pub phone: Option<String>,
    pub topic: String,
    pub category: String,
    pub answer: String,
    pub aid_explained: bool,
    pub handler: String,
    pub follow_up: String,
    pub dispute_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub org_name: String,
    pub village_name: Option<String>,
    /// Raised by every edit; an edit must name the version it was based on.
    pub version: i64,
    /// Set when the consultation was withdrawn (作废): kept, but counted nowhere.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NewConsultation {
    pub org_id: i64,
    pub village_id: Option<i64>,
    pub consulted_on: NaiveDate,
    pub channel: String,
    pub person: String,
    pub phone: Option<String>,
    pub topic: String,
    pub category: String,
    pub answer: String,
    pub aid_explained: bool,
    pub handler: String,
    pub follow_up: String,
    pub dispute_id: Option<i64>,
    /// 备注 of an imported ledger row; forms leave it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

const COLUMNS: &[&str] = &[
    "org_id",
    "village_id",
    "consulted_on",
    "channel",
    "person",
    "phone",
    "topic",
    "category",
    "answer",
    "aid_explained",
    "handler",
    "follow_up",
    "dispute_id",
    "created_at",
    "remarks",
];

fn values(c: &NewConsultation, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        c.org_id.into(),
        c.village_id.into(),
        c.consulted_on.into(),
        c.channel.as_str().into(),
        c.person.as_str().into(),
        c.phone.clone().into(),
        c.topic.as_str().into(),
        c.category.as_str().into(),
        c.answer.as_str().into(),
        c.aid_explained.into(),
        c.handler.as_str().into(),
        c.follow_up.as_str().into(),
        c.dispute_id.into(),
        now.into(),
        c.remarks.clone().into(),
    ]
}

pub async fn create(tx: &mut Tx, actor: &Actor, c: &NewConsultation) -> Result<i64, StorageError> {
    let row = COLUMNS
        .iter()
        .copied()
        .zip(values(c, Utc::now().trunc_subsecs(6)));
    insert_logged(tx, actor, "consultations", row.collect(), |id| {
        Change::new("create", "consultation", id)
            .org(c.org_id)
            .after(c)
    })
    .await
}

/// Inserts an import's rows ([`insert_all`]: COPY on PostgreSQL); the caller audits the import
/// once.
pub async fn create_many(tx: &mut Tx, rows: &[NewConsultation]) -> Result<(), StorageError> {
    let now = Utc::now().trunc_subsecs(6);
    let mut values: Box<dyn Iterator<Item = Vec<Value>> + Send + '_> =
        Box::new(rows.iter().map(|c| self::values(c, now)));
    insert_all(tx, "consultations", COLUMNS, &mut values).await?;
    Ok(())
}

const SELECT: &str = "SELECT c.*, o.name AS org_name, v.name AS village_name \
     FROM consultations c JOIN orgs o ON o.id = c.org_id LEFT JOIN orgs v ON v.id = c.village_id";

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<Consultation, StorageError> {
    let mut q = Query::new(format!("{SELECT} WHERE c.id = $1")).bind(id);
    scope.restrict(&mut q, "c.org_id");
    q.fetch_one(on).await
}

/// Replaces a consultation's registered fields (the caller has claimed its version; the link to
/// a dispute is a step of its own, `link_dispute`, and stays); the kit logs the edit.
pub async fn update(
    tx: &mut Tx,
    before: &Consultation,
    c: &NewConsultation,
) -> Result<(), StorageError> {
    // The registered columns: all but the link to a dispute and the time of creation.
    let sets = COLUMNS[..12]
        .iter()
        .copied()
        .zip(values(c, before.created_at));
    update_columns(tx, "consultations", before.id, sets.collect()).await
}

/// The consultation as a record of the revision kit.
pub fn target(c: &Consultation) -> revision::Target {
    revision::Target {
        table: "consultations",
        entity: "consultation",
        id: c.id,
        org_id: c.org_id,
    }
}

/// Links a consultation to the dispute registered from it (转为纠纷登记), audited as
/// `link_dispute`. Only an unlinked consultation is changed: `None` when it was linked
/// meanwhile.
pub async fn link_dispute(
    tx: &mut Tx,
    actor: &Actor,
    before: &Consultation,
    dispute_id: i64,
) -> Result<Option<Consultation>, StorageError> {
    let changed =
        Query::new("UPDATE consultations SET dispute_id = $1 WHERE id = $2 AND dispute_id IS NULL")
            .bind(dispute_id)
            .bind(before.id)
            .execute(&mut *tx)
            .await?;
    if changed == 0 {
        return Ok(None);
    }
    let after = get(&mut *tx, &Scope::everything(), before.id).await?;
    audit::record(
        tx,
        actor,
        Change::new("link_dispute", "consultation", before.id)
            .org(before.org_id)
            .before(before)
            .after(&after),
    )
    .await?;
    Ok(Some(after))
}

/// The consultations list's filter.
pub type Filter = case_lists::Filter<Filters>;

/// The consultations' own list filters.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Words in the person's name or the topic.
    pub q: Option<String>,
    pub category: Option<String>,
    /// `Some(true)`: only consultations linked to a dispute; `Some(false)`: only unlinked.
    pub linked: Option<bool>,
}

/// Counts of the filtered set, for 「共 N 次，关联纠纷 X 次，已告知法律援助权利 Y 次」.
#[derive(Clone, Debug, Default, Serialize, sqlx::FromRow)]
pub struct Totals {
    pub total: i64,
    pub linked: i64,
    pub aid_explained: i64,
}

/// The consultations register's list: by the day they were made.
pub struct Consultations;

impl CaseList for Consultations {
    const ALIAS: &'static str = "c";
    const DATE: &'static str = "consulted_on";
    const SELECT: &'static str = SELECT;
    const COUNT: &'static str = "SELECT COUNT(*) AS total, \
         COALESCE(CAST(SUM(CASE WHEN c.dispute_id IS NULL THEN 0 ELSE 1 END) AS BIGINT), 0) AS linked, \
         COALESCE(CAST(SUM(CASE WHEN c.aid_explained THEN 1 ELSE 0 END) AS BIGINT), 0) AS aid_explained \
         FROM consultations c";
    type Row = Consultation;
    type Totals = Totals;
    type More = Filters;

    fn narrow(w: &mut Query, f: &Filters, backend: super::Backend) {
        if let Some(c) = &f.category {
            w.push(" AND c.category = ").push_bind(c.as_str());
        }
        match f.linked {
            Some(true) => {
                w.push(" AND c.dispute_id IS NOT NULL");
            }
            Some(false) => {
                w.push(" AND c.dispute_id IS NULL");
            }
            None => {}
        }
        if let Some(q) = &f.q {
            // The fields in the order of their index (migration 0048); storage/search.rs.
            let fields = search::Fields {
                columns: &["c.person", "c.topic"],
                queue: None,
            };
            // Short lists: every pair of a word is looked up (no statistics read here).
            search::push_words(
                w,
                backend,
                fields,
                q,
                search::WordLookup::Index,
                &search::PairShares::default(),
            );
        }
    }
}

/// The categories used in the caller's subtree, for the list's filter.
pub async fn categories(db: &Db, scope: &Scope) -> Result<Vec<String>, StorageError> {
    let mut q =
        Query::new("SELECT DISTINCT c.category FROM consultations c WHERE c.category <> '' AND c.withdrawn_at IS NULL");
    scope.restrict(&mut q, "c.org_id");
    q.push(" ORDER BY c.category");
    q.fetch_scalars(db).await
}

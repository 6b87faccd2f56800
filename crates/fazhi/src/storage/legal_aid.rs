//! Legal-aid referrals (法律援助): applications the township passes to the county legal-aid
//! centre, with the centre's decision (7 days) and the lawyer's assignment (3 days).

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::Serialize;

use super::audit::{self, Actor, Change};
use super::case_lists::{self, insert_logged, update_columns, CaseList};
use super::db::insert_all_with_ids;
use super::revision;
use super::{db::On, Query, Scope, StorageError, Tx, Value};

#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Referral {
    pub id: i64,
    pub org_id: i64,
    pub village_id: Option<i64>,
    pub applied_on: NaiveDate,
    pub applicant: String,
    pub id_no: Option<String>,
    pub phone: Option<String>,
    pub matter: String,
    pub institution: String,
    pub referred_on: Option<NaiveDate>,
    pub decision: String,
    pub decided_on: Option<NaiveDate>,
    pub refusal_reason: Option<String>,
    pub lawyer: Option<String>,
    pub assigned_on: Option<NaiveDate>,
    pub result: String,
    pub consultation_id: Option<i64>,
    pub dispute_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub org_name: String,
    pub village_name: Option<String>,
    /// The day the centre asked for missing materials all at once (一次性告知).
    pub materials_requested_on: Option<NaiveDate>,
    /// The day the applicant supplied them: the days between are not counted in the 7 days.
    pub materials_supplied_on: Option<NaiveDate>,
    /// Raised by every edit; an edit must name the version it was based on.
    pub version: i64,
    /// Set when the referral was withdrawn (作废): kept, but counted nowhere.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NewReferral {
    pub org_id: i64,
    pub village_id: Option<i64>,
    pub applied_on: NaiveDate,
    pub applicant: String,
    pub id_no: Option<String>,
    pub phone: Option<String>,
    pub matter: String,
    pub institution: String,
    pub referred_on: Option<NaiveDate>,
    pub materials_requested_on: Option<NaiveDate>,
    pub materials_supplied_on: Option<NaiveDate>,
    pub result: String,
    pub consultation_id: Option<i64>,
    pub dispute_id: Option<i64>,
    /// 备注 of an imported ledger row; forms leave it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

const COLUMNS: &[&str] = &[
    "org_id",
    "village_id",
    "applied_on",
    "applicant",
    "id_no",
    "phone",
    "matter",
    "institution",
    "referred_on",
    "materials_requested_on",
    "materials_supplied_on",
    "decision",
    "result",
    "consultation_id",
    "dispute_id",
    "created_at",
    "remarks",
];

fn values(r: &NewReferral, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        r.org_id.into(),
        r.village_id.into(),
        r.applied_on.into(),
        r.applicant.as_str().into(),
        r.id_no.clone().into(),
        r.phone.clone().into(),
        r.matter.as_str().into(),
        r.institution.as_str().into(),
        r.referred_on.into(),
        r.materials_requested_on.into(),
        r.materials_supplied_on.into(),
        "pending".into(),
        r.result.as_str().into(),
        r.consultation_id.into(),
        r.dispute_id.into(),
        now.into(),
        r.remarks.clone().into(),
    ]
}

pub async fn create(tx: &mut Tx, actor: &Actor, r: &NewReferral) -> Result<i64, StorageError> {
    let row = COLUMNS
        .iter()
        .copied()
        .zip(values(r, Utc::now().trunc_subsecs(6)));
    insert_logged(tx, actor, "legal_aid_referrals", row.collect(), |id| {
        Change::new("create", "legal_aid", id)
            .org(r.org_id)
            .after(r)
    })
    .await
}

/// Inserts an import's rows ([`insert_all_with_ids`]: COPY on PostgreSQL), returning their ids
/// in order (for their deadlines).
pub async fn create_many(tx: &mut Tx, rows: &[NewReferral]) -> Result<Vec<i64>, StorageError> {
    let now = Utc::now().trunc_subsecs(6);
    let mut values: Box<dyn Iterator<Item = Vec<Value>> + Send + '_> =
        Box::new(rows.iter().map(|r| self::values(r, now)));
    insert_all_with_ids(tx, "legal_aid_referrals", COLUMNS, &mut values, rows.len()).await
}

const SELECT: &str = "SELECT r.*, o.name AS org_name, v.name AS village_name \
     FROM legal_aid_referrals r JOIN orgs o ON o.id = r.org_id \
     LEFT JOIN orgs v ON v.id = r.village_id";

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<Referral, StorageError> {
    let mut q = Query::new(format!("{SELECT} WHERE r.id = $1")).bind(id);
    scope.restrict(&mut q, "r.org_id");
    q.fetch_one(on).await
}

/// Records a step (the transfer, the centre's decision, the lawyer's assignment), audited with
/// before and after.
pub async fn record_step(
    tx: &mut Tx,
    actor: &Actor,
    before: &Referral,
    action: &str,
    sets: Vec<(&'static str, Value)>,
) -> Result<Referral, StorageError> {
    update_columns(tx, "legal_aid_referrals", before.id, sets).await?;
    let after = get(&mut *tx, &Scope::everything(), before.id).await?;
    audit::record(
        tx,
        actor,
        Change::new(action, "legal_aid", before.id)
            .org(before.org_id)
            .before(before)
            .after(&after),
    )
    .await?;
    Ok(after)
}

/// The fields a correction writes (the caller has claimed the version; the kit logs the edit).
/// The links to a consultation and a dispute are made at registration and stay.
#[derive(Clone, Debug)]
pub struct Corrected {
    pub new: NewReferral,
    pub decided_on: Option<NaiveDate>,
    pub refusal_reason: Option<String>,
    pub lawyer: Option<String>,
    pub assigned_on: Option<NaiveDate>,
}

pub async fn update(tx: &mut Tx, before: &Referral, c: &Corrected) -> Result<(), StorageError> {
    // The registered columns up to the materials' days (not the decision, the result, the
    // links or the time of creation), then the corrected steps.
    let mut sets: Vec<(&str, Value)> = COLUMNS[..11]
        .iter()
        .copied()
        .zip(values(&c.new, before.created_at))
        .collect();
    sets.extend([
        ("decided_on", c.decided_on.into()),
        ("refusal_reason", c.refusal_reason.clone().into()),
        ("lawyer", c.lawyer.clone().into()),
        ("assigned_on", c.assigned_on.into()),
    ]);
    update_columns(tx, "legal_aid_referrals", before.id, sets).await
}

/// The referral as a record of the revision kit.
pub fn target(r: &Referral) -> revision::Target {
    revision::Target {
        table: "legal_aid_referrals",
        entity: "legal_aid",
        id: r.id,
        org_id: r.org_id,
    }
}

/// The referrals list's filter.
pub type Filter = case_lists::Filter<Filters>;

/// The referrals' own list filters.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// `pending`, `granted` or `refused`.
    pub decision: Option<String>,
}

/// Counts of the filtered set, for 「共 N 件，待决定 X，给予援助 Y，不予援助 Z」.
#[derive(Clone, Debug, Default, Serialize, sqlx::FromRow)]
pub struct Totals {
    pub total: i64,
    pub pending: i64,
    pub granted: i64,
    pub refused: i64,
}

/// The legal-aid register's list: referrals by the day of the application.
pub struct Referrals;

impl CaseList for Referrals {
    const ALIAS: &'static str = "r";
    const DATE: &'static str = "applied_on";
    const SELECT: &'static str = SELECT;
    const COUNT: &'static str = "SELECT COUNT(*) AS total, \
         COALESCE(CAST(SUM(CASE WHEN r.decision = 'pending' THEN 1 ELSE 0 END) AS BIGINT), 0) AS pending, \
         COALESCE(CAST(SUM(CASE WHEN r.decision = 'granted' THEN 1 ELSE 0 END) AS BIGINT), 0) AS granted, \
         COALESCE(CAST(SUM(CASE WHEN r.decision = 'refused' THEN 1 ELSE 0 END) AS BIGINT), 0) AS refused \
         FROM legal_aid_referrals r";
    type Row = Referral;
    type Totals = Totals;
    type More = Filters;

    fn narrow(w: &mut Query, f: &Filters, _backend: super::Backend) {
        if let Some(d) = &f.decision {
            w.push(" AND r.decision = ").push_bind(d.as_str());
        }
    }
}

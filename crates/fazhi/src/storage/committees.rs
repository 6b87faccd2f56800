//! People's mediation committees (人民调解委员会). A committee belongs to the organisation it
//! serves (a village, or the town's committee node), which decides who sees it.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use fazhi_domain::mediation_org::{CommitteeKind, NewCommittee};
use serde::Serialize;

use super::audit::Actor;
use super::records::{self, Revision};
use super::{db::On, revision, Db, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct CommitteeRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub org_code: String,
    pub name: String,
    /// village | town | industry
    pub kind: String,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    /// In a multi-ethnic area the committee needs a member of a smaller ethnic group.
    pub multi_ethnic: bool,
    /// The local 人数较少民族 (「锡伯族、柯尔克孜族」); empty: any member not of 汉族 counts.
    pub smaller_ethnic_groups: String,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl CommitteeRow {
    pub fn kind_label(&self) -> &'static str {
        CommitteeKind::parse(&self.kind).map_or("", CommitteeKind::label)
    }
}

fn select() -> String {
    format!(
        "SELECT c.id, c.org_id, o.name AS org_name, o.code AS org_code, c.name, c.kind, \
         c.term_start, c.term_end, c.multi_ethnic, c.smaller_ethnic_groups, c.created_at, {} \
         FROM committees c JOIN orgs o ON o.id = c.org_id",
        Revision::columns("c")
    )
}

/// Every committee in `scope` (or, with `withdrawn`, every withdrawn one), by organisation path
/// and name.
pub async fn list(
    db: &Db,
    scope: &Scope,
    withdrawn: bool,
) -> Result<Vec<CommitteeRow>, StorageError> {
    let mut q = Query::new(select());
    q.append(&records::listed("c", withdrawn));
    scope.restrict(&mut q, "c.org_id");
    q.push(" ORDER BY o.path, c.name, c.id");
    q.fetch_all(db).await
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<CommitteeRow, StorageError> {
    records::one(on, &select(), "c", scope, id).await
}

/// Binds a committee's own fields as `$1`…`$6` (name, kind, term start and end, multi-ethnic,
/// smaller groups), in the order both the INSERT and the UPDATE name them.
fn bind_fields(q: Query, c: &NewCommittee) -> Query {
    q.bind(c.name.as_str())
        .bind(c.kind.code())
        .bind(c.term_start)
        .bind(c.term_end)
        .bind(c.multi_ethnic)
        .bind(c.smaller_ethnic_groups.as_str())
}

pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    c: &NewCommittee,
) -> Result<i64, StorageError> {
    let id: i64 = bind_fields(
        Query::new(
            "INSERT INTO committees (name, kind, term_start, term_end, multi_ethnic, \
             smaller_ethnic_groups, org_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        ),
        c,
    )
    .bind(org_id)
    .bind(Utc::now().trunc_subsecs(6))
    .fetch_scalar(&mut *tx)
    .await?;
    records::log_created(tx, actor, "committee", id, org_id, c).await?;
    Ok(id)
}

/// Replaces a committee's fields (the kit has claimed its version and logs the edit); its
/// organisation stays.
pub async fn update(
    tx: &mut Tx,
    before: &CommitteeRow,
    c: &NewCommittee,
) -> Result<(), StorageError> {
    bind_fields(
        Query::new(
            "UPDATE committees SET name = $1, kind = $2, term_start = $3, term_end = $4, \
             multi_ethnic = $5, smaller_ethnic_groups = $6 WHERE id = $7",
        ),
        c,
    )
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The committee as a record of the revision kit.
pub fn target(c: &CommitteeRow) -> revision::Target {
    records::target("committees", "committee", c.id, c.org_id)
}

//! People's mediators (人民调解员): the members of a committee and the mediators it hires. A
//! mediator's organisation is their committee's, so the committee's visibility is theirs.
//! People who leave are deactivated, never deleted: past cases name them.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use fazhi_domain::dispute::Sex;
use fazhi_domain::mediation_org::{NewMediator, Person, Position};
use serde::Serialize;

use super::audit::Actor;
use super::records::{self, Revision};
use super::{db::On, revision, Query, Scope, StorageError, Tx};

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct MediatorRow {
    pub id: i64,
    pub org_id: i64,
    pub committee_id: Option<i64>,
    pub committee_name: Option<String>,
    pub name: String,
    /// male | female
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    /// Masked (`138****5678`) in lists and for roles that may not see personal data.
    pub phone: Option<String>,
    /// director | deputy_director | member | mediator
    pub position: String,
    pub full_time: bool,
    pub education: Option<String>,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl MediatorRow {
    pub fn position_label(&self) -> &'static str {
        Position::parse(&self.position).map_or("", Position::label)
    }

    pub fn sex_label(&self) -> &'static str {
        self.sex
            .as_deref()
            .and_then(Sex::parse)
            .map_or("", Sex::label)
    }

    /// What the composition rules need to know about this person.
    pub fn as_person(&self) -> Person<'_> {
        Person {
            name: &self.name,
            position: Position::parse(&self.position).unwrap_or(Position::Mediator),
            sex: self.sex.as_deref().and_then(Sex::parse),
            ethnicity: self.ethnicity.as_deref(),
            term_end: self.term_end,
        }
    }
}

fn select() -> String {
    format!(
        "SELECT m.id, m.org_id, m.committee_id, c.name AS committee_name, m.name, m.sex, \
         m.ethnicity, m.phone, m.position, m.full_time, m.education, m.term_start, m.term_end, \
         m.active, m.created_at, {} \
         FROM mediators m LEFT JOIN committees c ON c.id = m.committee_id",
        Revision::columns("m")
    )
}

/// Mediators in `scope`: of one committee if given, active ones unless `with_inactive`;
/// committee by committee, directors first. Withdrawn people (作废) are left out, and so are,
/// across committees, the people of a withdrawn committee; `withdrawn` lists the withdrawn
/// people instead.
pub async fn list<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    committee_id: Option<i64>,
    with_inactive: bool,
    withdrawn: bool,
) -> Result<Vec<MediatorRow>, StorageError> {
    let mut q = Query::new(select());
    q.append(&records::listed("m", withdrawn));
    scope.restrict(&mut q, "m.org_id");
    match committee_id {
        Some(c) => {
            q.push(" AND m.committee_id = ").push_bind(c);
        }
        None if !withdrawn => {
            q.push(" AND c.withdrawn_at IS NULL");
        }
        None => {}
    }
    if !with_inactive {
        q.push(" AND m.active = ").push_bind(true);
    }
    q.push(
        " ORDER BY m.committee_id, m.active DESC, CASE m.position WHEN 'director' THEN 0 \
         WHEN 'deputy_director' THEN 1 WHEN 'member' THEN 2 ELSE 3 END, m.id",
    );
    q.fetch_all(on).await
}

pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<MediatorRow, StorageError> {
    records::one(on, &select(), "m", scope, id).await
}

pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    committee_id: i64,
    m: &NewMediator,
) -> Result<i64, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO mediators (org_id, committee_id, name, sex, ethnicity, phone, position, \
         full_time, education, term_start, term_end, active, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(org_id)
    .bind(committee_id)
    .bind(m.name.as_str())
    .bind(m.sex.code())
    .bind(m.ethnicity.clone())
    .bind(m.phone.clone())
    .bind(m.position.code())
    .bind(m.full_time)
    .bind(m.education.clone())
    .bind(m.term_start)
    .bind(m.term_end)
    .bind(true)
    .bind(Utc::now().trunc_subsecs(6))
    .fetch_scalar(&mut *tx)
    .await?;
    let after = serde_json::json!({ "committee_id": committee_id, "mediator": m });
    records::log_created(tx, actor, "mediator", id, org_id, &after).await?;
    Ok(id)
}

/// Replaces a mediator's fields (the kit has claimed the version and logs the edit); `active`
/// false marks someone who has left.
pub async fn update(
    tx: &mut Tx,
    before: &MediatorRow,
    m: &NewMediator,
    active: bool,
) -> Result<(), StorageError> {
    Query::new(
        "UPDATE mediators SET name = $1, sex = $2, ethnicity = $3, phone = $4, position = $5, \
         full_time = $6, education = $7, term_start = $8, term_end = $9, active = $10 \
         WHERE id = $11",
    )
    .bind(m.name.as_str())
    .bind(m.sex.code())
    .bind(m.ethnicity.clone())
    .bind(m.phone.clone())
    .bind(m.position.code())
    .bind(m.full_time)
    .bind(m.education.clone())
    .bind(m.term_start)
    .bind(m.term_end)
    .bind(active)
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The mediator as a record of the revision kit.
pub fn target(m: &MediatorRow) -> revision::Target {
    records::target("mediators", "mediator", m.id, m.org_id)
}

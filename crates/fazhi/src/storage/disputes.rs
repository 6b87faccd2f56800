//! The disputes register: cases, their parties, sessions, history and return visits.
//!
//! Every read on a user's behalf is restricted to their subtree by the handling organisation
//! (`org_id`), so a case outside it is simply "not found".

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use super::audit::{self, Actor, Change};
use super::case_file_cache::FileMark;
use super::case_lists::{insert_logged, update_columns, ListStart};
use super::nested::{self, Children};
use super::{attachments, deadlines};
use super::{db::On, search, Backend, Db, Query, Scope, StorageError, Tx, Value};

/// A case as stored, with the names of its handling organisation and village.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Dispute {
    pub id: i64,
    pub org_id: i64,
    pub town_id: i64,
    pub village_id: Option<i64>,
    pub case_no: String,
    pub case_year: i64,
    pub case_seq: Option<i64>,
    pub registered_on: NaiveDate,
    pub accepted_on: Option<NaiveDate>,
    pub source: String,
    pub dispute_type: String,
    pub parties_text: String,
    pub summary: String,
    pub claims: String,
    pub risk: String,
    pub level: String,
    pub status: String,
    pub committee_id: Option<i64>,
    pub mediators: String,
    pub people_involved: i64,
    pub group_dispute: bool,
    pub screening_round_id: Option<i64>,
    pub amount_fen: Option<i64>,
    pub outcome_reason: Option<String>,
    pub transfer_target: Option<String>,
    pub escalated_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub agreement_form: String,
    pub agreement_terms: Option<String>,
    pub performance_terms: Option<String>,
    pub responsibility: Option<String>,
    pub signatures_complete: bool,
    pub agreement_effective_on: Option<NaiveDate>,
    pub performance: Option<String>,
    pub confirmation_applied: bool,
    pub confirmation_applied_on: Option<NaiveDate>,
    pub confirmation_court: Option<String>,
    pub confirmation_ruling: Option<String>,
    pub confirmation_ruled_on: Option<NaiveDate>,
    pub police_reported: bool,
    pub police_reported_on: Option<NaiveDate>,
    pub police_recipient: Option<String>,
    pub overdue_reason: Option<String>,
    /// 重大矛盾纠纷调处方案 (`service::dispute_plans`): its text, the day it was drawn up, the
    /// legality review it went through (and that review's number), the day it was carried out,
    /// and whether it predates fazhi (let through the review gate, marked so).
    pub plan_text: Option<String>,
    pub plan_drawn_on: Option<NaiveDate>,
    pub plan_review_id: Option<i64>,
    pub plan_review_number: Option<String>,
    pub plan_carried_out_on: Option<NaiveDate>,
    pub plan_historical: bool,
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Raised by every edit, step, withdrawal and restoration (the revision kit).
    pub version: i64,
    /// Set when the case is withdrawn (作废): kept, but counted nowhere.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
    pub org_name: String,
    pub village_name: Option<String>,
}

/// A line of the list.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct DisputeRow {
    pub id: i64,
    pub org_id: i64,
    pub village_id: Option<i64>,
    pub case_no: String,
    pub registered_on: NaiveDate,
    pub source: String,
    pub dispute_type: String,
    pub parties_text: String,
    pub summary: String,
    pub risk: String,
    pub level: String,
    pub status: String,
    pub mediators: String,
    pub closed_on: Option<NaiveDate>,
    pub agreement_form: String,
    pub amount_fen: Option<i64>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub org_name: String,
    pub village_name: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Party {
    pub id: i64,
    pub dispute_id: i64,
    pub position: i64,
    pub kind: String,
    pub name: String,
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub id_no: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Session {
    pub id: i64,
    pub dispute_id: i64,
    pub held_on: NaiveDate,
    pub place: String,
    pub mediators: String,
    pub record: String,
    /// When it was recorded: orders the 办理经过 among the steps of the same date.
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Event {
    pub id: i64,
    pub dispute_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub level: String,
    pub on_date: NaiveDate,
    pub note: String,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ReturnVisit {
    pub id: i64,
    pub dispute_id: i64,
    pub visited_on: NaiveDate,
    pub visitor: String,
    pub performance: String,
    pub note: String,
    /// When it was recorded: orders the 办理经过 among the steps of the same date.
    pub created_at: DateTime<Utc>,
}

/// A new case, already checked by the service.
#[derive(Clone, Debug, Serialize)]
pub struct NewDispute {
    pub org_id: i64,
    pub town_id: i64,
    pub village_id: Option<i64>,
    pub case_no: String,
    pub case_year: i64,
    pub case_seq: Option<i64>,
    pub registered_on: NaiveDate,
    pub accepted_on: Option<NaiveDate>,
    pub source: String,
    pub dispute_type: String,
    pub summary: String,
    pub claims: String,
    pub risk: String,
    pub level: String,
    pub status: String,
    pub mediators: String,
    pub people_involved: i64,
    pub group_dispute: bool,
    pub amount_fen: Option<i64>,
    pub closed_on: Option<NaiveDate>,
    pub agreement_form: String,
    pub police_reported: bool,
    pub police_reported_on: Option<NaiveDate>,
    pub police_recipient: Option<String>,
    pub parties: Vec<NewParty>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NewParty {
    pub kind: String,
    pub name: String,
    pub sex: Option<String>,
    pub ethnicity: Option<String>,
    pub id_no: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

impl NewDispute {
    fn parties_text(&self) -> String {
        self.parties
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

const DISPUTE_COLUMNS: &[&str] = &[
    "org_id",
    "town_id",
    "village_id",
    "case_no",
    "case_year",
    "case_seq",
    "registered_on",
    "accepted_on",
    "source",
    "dispute_type",
    "parties_text",
    "summary",
    "claims",
    "risk",
    "level",
    "status",
    "mediators",
    "people_involved",
    "group_dispute",
    "amount_fen",
    "closed_on",
    "agreement_form",
    "signatures_complete",
    "confirmation_applied",
    "police_reported",
    "police_reported_on",
    "police_recipient",
    "created_by",
    "created_at",
    "updated_at",
];

fn dispute_values(d: &NewDispute, created_by: Option<i64>, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        d.org_id.into(),
        d.town_id.into(),
        d.village_id.into(),
        d.case_no.as_str().into(),
        d.case_year.into(),
        d.case_seq.into(),
        d.registered_on.into(),
        d.accepted_on.into(),
        d.source.as_str().into(),
        d.dispute_type.as_str().into(),
        d.parties_text().into(),
        d.summary.as_str().into(),
        d.claims.as_str().into(),
        d.risk.as_str().into(),
        d.level.as_str().into(),
        d.status.as_str().into(),
        d.mediators.as_str().into(),
        d.people_involved.into(),
        d.group_dispute.into(),
        d.amount_fen.into(),
        d.closed_on.into(),
        d.agreement_form.as_str().into(),
        false.into(),
        false.into(),
        d.police_reported.into(),
        d.police_reported_on.into(),
        d.police_recipient.clone().into(),
        created_by.into(),
        now.into(),
        now.into(),
    ]
}

const PARTY_COLUMNS: &[&str] = &[
    "dispute_id",
    "position",
    "kind",
    "name",
    "sex",
    "ethnicity",
    "id_no",
    "phone",
    "address",
];

fn party_values(dispute_id: i64, position: usize, p: &NewParty) -> Vec<Value> {
    vec![
        dispute_id.into(),
        (position as i64).into(),
        p.kind.as_str().into(),
        p.name.as_str().into(),
        p.sex.clone().into(),
        p.ethnicity.clone().into(),
        p.id_no.clone().into(),
        p.phone.clone().into(),
        p.address.clone().into(),
    ]
}

use super::db::{insert_all, insert_all_with_ids, multi_insert};

fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// The highest sequence number used in a town's year, so the next case continues after it.
pub async fn max_case_seq(tx: &mut Tx, town_id: i64, year: i32) -> Result<i64, StorageError> {
    let v: Option<i64> = Query::new(
        "SELECT CAST(MAX(case_seq) AS BIGINT) FROM disputes WHERE town_id = $1 AND case_year = $2",
    )
    .bind(town_id)
    .bind(i64::from(year))
    .fetch_scalar(&mut *tx)
    .await?;
    Ok(v.unwrap_or(0))
}

/// Registers one case with its parties and first history entry, and audits it.
pub async fn create(tx: &mut Tx, actor: &Actor, d: &NewDispute) -> Result<i64, StorageError> {
    let now = now();
    let mut q = multi_insert(
        "disputes",
        DISPUTE_COLUMNS,
        &[dispute_values(d, actor.user_id, now)],
    );
    q.push(" RETURNING id");
    let id: i64 = q.fetch_scalar(&mut *tx).await?;
    if !d.parties.is_empty() {
        let rows: Vec<Vec<Value>> = d
            .parties
            .iter()
            .enumerate()
            .map(|(i, p)| party_values(id, i + 1, p))
            .collect();
        multi_insert("dispute_parties", PARTY_COLUMNS, &rows)
            .execute(&mut *tx)
            .await?;
    }
    add_event(
        tx,
        actor,
        NewEvent {
            dispute_id: id,
            org_id: d.org_id,
            action: "register",
            from_status: None,
            to_status: &d.status,
            level: &d.level,
            on_date: d.registered_on,
            note: "",
        },
    )
    .await?;
    audit::record(
        tx,
        actor,
        Change::new("create", "dispute", id).org(d.org_id).after(d),
    )
    .await?;
    Ok(id)
}

/// Inserts many cases (an import) with their parties and first history entries, a statement
/// (SQLite) or a COPY stream (PostgreSQL) at a time; returns their ids in input order. The
/// caller records one audit entry for the whole import.
pub async fn create_many(
    tx: &mut Tx,
    actor: &Actor,
    disputes: &[NewDispute],
    words: WordsIndexed,
) -> Result<Vec<i64>, StorageError> {
    let now = now();
    // Queued on PostgreSQL only: SQLite's trigram table has no queue (migration 0061).
    let queued = words == WordsIndexed::Afterwards && tx.backend() == super::Backend::Postgres;
    let mut columns = DISPUTE_COLUMNS.to_vec();
    if queued {
        columns.push("words_queued");
    }
    let mut cases: Box<dyn Iterator<Item = Vec<Value>> + Send + '_> =
        Box::new(disputes.iter().map(|d| {
            let mut row = dispute_values(d, actor.user_id, now);
            if queued {
                row.push(true.into());
            }
            row
        }));
    let ids = insert_all_with_ids(tx, "disputes", &columns, &mut cases, disputes.len()).await?;
    drop(cases);
    // The lists below are all of the cases just created, whose pages no one can have kept: the
    // touch of their rows is skipped (migration 0063), until the end of the lists.
    new_cases_lists(tx, true).await?;
    // Parties and history entries are built a statement at a time, not all 300,000 at once.
    // Boxed: a closure-typed iterator held across an await trips the compiler's `Send` check.
    let mut parties: Box<dyn Iterator<Item = Vec<Value>> + Send + '_> =
        Box::new(disputes.iter().zip(&ids).flat_map(|(d, id)| {
            d.parties
                .iter()
                .enumerate()
                .map(move |(i, p)| party_values(*id, i + 1, p))
        }));
    insert_all(tx, "dispute_parties", PARTY_COLUMNS, &mut parties).await?;
    drop(parties);
    let mut events: Box<dyn Iterator<Item = Vec<Value>> + Send + '_> =
        Box::new(disputes.iter().zip(&ids).map(|(d, id)| {
            vec![
                Value::from(*id),
                d.org_id.into(),
                "import".into(),
                Value::Text(None),
                d.status.as_str().into(),
                d.level.as_str().into(),
                d.registered_on.into(),
                "".into(),
                actor.name.as_str().into(),
                now.into(),
            ]
        }));
    insert_all(tx, "dispute_events", EVENT_COLUMNS, &mut events).await?;
    drop(events);
    new_cases_lists(tx, false).await?;
    Ok(ids)
}

/// Says whether the lists written next are of cases created in this transaction (PostgreSQL;
/// migration 0063).
async fn new_cases_lists(tx: &mut Tx, new: bool) -> Result<(), StorageError> {
    if tx.backend() != Backend::Postgres {
        return Ok(());
    }
    let setting = if new { "on" } else { "off" };
    Query::new(format!("SET LOCAL fazhi.lists_of_new_cases = {setting}"))
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// When the words of cases written together enter the search index (migration 0061).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WordsIndexed {
    /// As they are written, in the same transaction.
    AtOnce,
    /// After the writing transaction, by [`index_queued_words`]: a large import's cases are
    /// found by LIKE until then.
    Afterwards,
}

/// Moves the cases a large import queued into the search index (PostgreSQL): how many.
pub async fn index_queued_words(db: &Db) -> Result<u64, StorageError> {
    search::index_queued_words(db, "disputes").await
}

const EVENT_COLUMNS: &[&str] = &[
    "dispute_id",
    "org_id",
    "action",
    "from_status",
    "to_status",
    "level",
    "on_date",
    "note",
    "actor",
    "at",
];

pub struct NewEvent<'a> {
    pub dispute_id: i64,
    pub org_id: i64,
    pub action: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: &'a str,
    pub level: &'a str,
    pub on_date: NaiveDate,
    pub note: &'a str,
}

async fn add_event(tx: &mut Tx, actor: &Actor, e: NewEvent<'_>) -> Result<(), StorageError> {
    let row = vec![
        Value::from(e.dispute_id),
        e.org_id.into(),
        e.action.into(),
        e.from_status.into(),
        e.to_status.into(),
        e.level.into(),
        e.on_date.into(),
        e.note.into(),
        actor.name.as_str().into(),
        now().into(),
    ];
    multi_insert("dispute_events", EVENT_COLUMNS, &[row])
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A case's columns, then (after any further columns) where they come from, for case `$1`.
const SELECT_DISPUTE: &str = "SELECT d.*, o.name AS org_name, v.name AS village_name, \
     rv.number AS plan_review_number";
const DISPUTE_FROM: &str = " FROM disputes d JOIN orgs o ON o.id = d.org_id \
     LEFT JOIN orgs v ON v.id = d.village_id \
     LEFT JOIN review_requests rv ON rv.id = d.plan_review_id WHERE d.id = $1";

/// One case, if it lies within `scope`.
pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<Dispute, StorageError> {
    let mut q = Query::new([SELECT_DISPUTE, DISPUTE_FROM].concat()).bind(id);
    scope.restrict(&mut q, "d.org_id");
    q.fetch_one(on).await
}

/// One case within `scope` with its parties: the record the revision kit edits and logs.
pub async fn with_parties(
    on: On<'_>,
    scope: &Scope,
    id: i64,
) -> Result<(Dispute, Vec<Party>), StorageError> {
    match on {
        On::Db(db) | On::KeptPlans(db) => Ok((get(db, scope, id).await?, parties(db, id).await?)),
        On::Tx(tx) => {
            let d = get(&mut *tx, scope, id).await?;
            Ok((d, parties(&mut *tx, id).await?))
        }
    }
}

/// A case's parties, in their order.
const PARTIES: Children<'static> = Children {
    columns: "id, dispute_id, position, kind, name, sex, ethnicity, id_no, phone, address",
    from: "dispute_parties",
    parent: "dispute_id",
    filter: "",
    order_by: "position",
};

/// A case's mediation sessions, as held.
const SESSIONS: Children<'static> = Children {
    columns: "id, dispute_id, held_on, place, mediators, record, created_at",
    from: "dispute_sessions",
    parent: "dispute_id",
    filter: "",
    order_by: "held_on, id",
};

/// A case's history (办理经过), with the name of the organisation of each step.
const EVENTS: Children<'static> = Children {
    columns: "e.id, e.dispute_id, e.org_id, eo.name AS org_name, e.action, e.from_status, \
              e.to_status, e.level, e.on_date, e.note, e.actor, e.at",
    from: "dispute_events e JOIN orgs eo ON eo.id = e.org_id",
    parent: "e.dispute_id",
    filter: "",
    order_by: "e.id",
};

/// A case's return visits (回访).
const RETURN_VISITS: Children<'static> = Children {
    columns: "id, dispute_id, visited_on, visitor, performance, note, created_at",
    from: "return_visits",
    parent: "dispute_id",
    filter: "",
    order_by: "visited_on, id",
};

/// A case's running statutory deadlines (storage/deadlines.rs).
const RUNNING_DEADLINES: Children<'static> = Children {
    columns: deadlines::COLUMNS,
    from: "deadlines",
    parent: "record_id",
    filter: " AND register = 'dispute' AND settled_at IS NULL",
    order_by: "due_date, id",
};

/// A case's photos, scans and recordings (storage/attachments.rs).
const ATTACHMENTS: Children<'static> = Children {
    columns: attachments::COLUMNS,
    from: "attachments",
    parent: "entity_id",
    filter: " AND entity = 'dispute'",
    order_by: "id",
};

/// A case's parties alone (the revision kit's record; a case's page reads them in `case_file`).
pub async fn parties<'a>(on: impl Into<On<'a>>, id: i64) -> Result<Vec<Party>, StorageError> {
    Query::new(PARTIES.select()).bind(id).fetch_all(on).await
}

/// A case with everything its page shows, read in one statement (storage/nested.rs).
#[derive(Clone)]
pub struct CaseFile {
    pub dispute: Dispute,
    pub parties: Vec<Party>,
    pub sessions: Vec<Session>,
    pub events: Vec<Event>,
    pub return_visits: Vec<ReturnVisit>,
    pub deadlines: Vec<deadlines::DeadlineRow>,
    pub attachments: Vec<attachments::Attachment>,
}

#[derive(sqlx::FromRow)]
struct CaseFileRow {
    #[sqlx(flatten)]
    dispute: Dispute,
    parties_json: String,
    sessions_json: String,
    events_json: String,
    return_visits_json: String,
    deadlines_json: String,
    attachments_json: String,
    /// The case's mark, read on PostgreSQL only (`FILE_MARK`).
    #[sqlx(default)]
    row_version: Option<String>,
    #[sqlx(default)]
    names_version: Option<i64>,
}

/// The columns of a case's mark (storage/case_file_cache.rs), PostgreSQL only.
const FILE_MARK: &str = ", CAST(d.xmin AS TEXT) AS row_version, \
     (SELECT version FROM register_versions WHERE register = 'orgs') AS names_version";

/// One case within `scope` with its child lists: on PostgreSQL the page kept at the case's
/// current mark, if there is one (storage/case_file_cache.rs).
pub async fn case_file(db: &Db, scope: &Scope, id: i64) -> Result<CaseFile, StorageError> {
    let Some(cache) = db.case_file_cache() else {
        return Ok(read_case_file(db, scope, id).await?.0);
    };
    let mut q = Query::new(["SELECT d.id", FILE_MARK, " FROM disputes d WHERE d.id = $1"].concat())
        .bind(id);
    scope.restrict(&mut q, "d.org_id");
    let mark: FileMark = q.fetch_one(db.kept_plans()).await?;
    if let Some(file) = cache.get(id, &mark) {
        return Ok(CaseFile::clone(&file));
    }
    let (file, mark, bytes) = read_case_file(db, scope, id).await?;
    let file = Arc::new(file);
    if let Some(mark) = mark {
        cache.put(id, mark, Arc::clone(&file), bytes);
    }
    Ok(Arc::unwrap_or_clone(file))
}

/// One case within `scope` with its child lists, read in one statement, with its mark on
/// PostgreSQL and the length of its lists as read.
async fn read_case_file(
    db: &Db,
    scope: &Scope,
    id: i64,
) -> Result<(CaseFile, Option<FileMark>, usize), StorageError> {
    let lists = [
        (&PARTIES, "parties_json"),
        (&SESSIONS, "sessions_json"),
        (&EVENTS, "events_json"),
        (&RETURN_VISITS, "return_visits_json"),
        (&RUNNING_DEADLINES, "deadlines_json"),
        (&ATTACHMENTS, "attachments_json"),
    ]
    .map(|(list, name)| format!(", {} AS {name}", list.json_array(db.backend(), "d.id")))
    .concat();
    let mark = match db.backend() {
        Backend::Postgres => FILE_MARK,
        Backend::Sqlite => "",
    };
    let mut q = Query::new([SELECT_DISPUTE, &lists, mark, DISPUTE_FROM].concat()).bind(id);
    scope.restrict(&mut q, "d.org_id");
    // Found by id, its plan is the same for every case: kept (storage/db.rs).
    let mut row: CaseFileRow = q.fetch_one(db.kept_plans()).await?;
    let mark = row
        .row_version
        .take()
        .zip(row.names_version)
        .map(|(row_version, names_version)| FileMark {
            row_version,
            names_version,
        });
    let bytes = [
        &row.parties_json,
        &row.sessions_json,
        &row.events_json,
        &row.return_visits_json,
        &row.deadlines_json,
        &row.attachments_json,
    ]
    .iter()
    .map(|json| json.len())
    .sum::<usize>()
        + std::mem::size_of::<CaseFile>()
        + 2048;
    let file = CaseFile {
        parties: nested::parse(&row.parties_json, "当事人")?,
        sessions: nested::parse(&row.sessions_json, "调解记录")?,
        events: nested::parse(&row.events_json, "办理经过")?,
        return_visits: nested::parse(&row.return_visits_json, "回访记录")?,
        deadlines: nested::parse(&row.deadlines_json, "办理期限")?,
        attachments: nested::parse(&row.attachments_json, "附件")?,
        dispute: row.dispute,
    };
    Ok((file, mark, bytes))
}

/// A change of a case: the columns to set, and the history entry that explains it.
pub struct Update<'a> {
    pub sets: Vec<(&'static str, Value)>,
    pub event: Option<NewEvent<'a>>,
    pub action: &'a str,
}

/// Applies `update` to `before` (already read within the caller's scope), records the history
/// entry and audits before and after.
pub async fn apply(
    tx: &mut Tx,
    actor: &Actor,
    before: &Dispute,
    update: Update<'_>,
) -> Result<Dispute, StorageError> {
    let mut sets = vec![("updated_at", now().into())];
    sets.extend(update.sets);
    update_columns(tx, "disputes", before.id, sets).await?;
    if let Some(e) = update.event {
        add_event(tx, actor, e).await?;
    }
    let after = get(&mut *tx, &Scope::everything(), before.id).await?;
    audit::record(
        tx,
        actor,
        Change::new(update.action, "dispute", before.id)
            .org(after.org_id)
            .before(before)
            .after(&after),
    )
    .await?;
    Ok(after)
}

/// The case as the revision kit names it.
pub fn target(d: &Dispute) -> super::revision::Target {
    super::revision::Target {
        table: "disputes",
        entity: "dispute",
        id: d.id,
        org_id: d.org_id,
    }
}

/// The texts a concluded case's closing step wrote, as an edit corrects them.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ClosingTexts {
    pub agreement_terms: Option<String>,
    pub performance_terms: Option<String>,
    pub responsibility: Option<String>,
    pub outcome_reason: Option<String>,
}

/// Writes a checked edit of `before` (the registration's fields, the parties and the closing
/// texts; never the state, which only steps change). The version is already claimed and the kit
/// logs the change. Parties are replaced as a list: the audit entry keeps the old ones.
pub async fn update(
    tx: &mut Tx,
    before: &Dispute,
    d: &NewDispute,
    closing: &ClosingTexts,
) -> Result<(), StorageError> {
    let sets = vec![
        ("updated_at", now().into()),
        ("org_id", d.org_id.into()),
        ("village_id", d.village_id.into()),
        ("case_no", d.case_no.as_str().into()),
        ("case_seq", d.case_seq.into()),
        ("registered_on", d.registered_on.into()),
        ("source", d.source.as_str().into()),
        ("dispute_type", d.dispute_type.as_str().into()),
        ("parties_text", d.parties_text().into()),
        ("summary", d.summary.as_str().into()),
        ("claims", d.claims.as_str().into()),
        ("risk", d.risk.as_str().into()),
        ("mediators", d.mediators.as_str().into()),
        ("people_involved", d.people_involved.into()),
        ("group_dispute", d.group_dispute.into()),
        ("amount_fen", d.amount_fen.into()),
        ("police_reported", d.police_reported.into()),
        ("police_reported_on", d.police_reported_on.into()),
        ("police_recipient", d.police_recipient.clone().into()),
        ("agreement_terms", closing.agreement_terms.clone().into()),
        (
            "performance_terms",
            closing.performance_terms.clone().into(),
        ),
        ("responsibility", closing.responsibility.clone().into()),
        ("outcome_reason", closing.outcome_reason.clone().into()),
    ];
    update_columns(tx, "disputes", before.id, sets).await?;
    Query::new("DELETE FROM dispute_parties WHERE dispute_id = $1")
        .bind(before.id)
        .execute(&mut *tx)
        .await?;
    let rows: Vec<Vec<Value>> = d
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| party_values(before.id, i + 1, p))
        .collect();
    if !rows.is_empty() {
        multi_insert("dispute_parties", PARTY_COLUMNS, &rows)
            .execute(&mut *tx)
            .await?;
    }
    // The case's deadlines follow it on the to-do list: its organisation and its number.
    Query::new(
        "UPDATE deadlines SET org_id = $1, label = REPLACE(label, $2, $3) \
         WHERE register = 'dispute' AND record_id = $4",
    )
    .bind(d.org_id)
    .bind(before.case_no.as_str())
    .bind(d.case_no.as_str())
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub struct NewSession<'a> {
    pub held_on: NaiveDate,
    pub place: &'a str,
    pub mediators: &'a str,
    pub record: &'a str,
}

pub async fn add_session(
    tx: &mut Tx,
    actor: &Actor,
    dispute: &Dispute,
    s: NewSession<'_>,
) -> Result<i64, StorageError> {
    let entered = [
        ("held_on", s.held_on.into()),
        ("place", s.place.into()),
        ("mediators", s.mediators.into()),
        ("record", s.record.into()),
    ];
    let after = serde_json::json!({
        "held_on": s.held_on, "place": s.place, "mediators": s.mediators, "record": s.record,
    });
    add_to_case(
        tx,
        actor,
        dispute,
        "dispute_sessions",
        "add_session",
        entered,
        after,
    )
    .await
}

/// Adds a record that belongs to `dispute` (a mediation session, a return visit) to `table`,
/// with the case and the time of creation, and audits it on the case as `action`: what was
/// entered and the new record's id (`session_id`, `return_visit_id`).
async fn add_to_case<const N: usize>(
    tx: &mut Tx,
    actor: &Actor,
    dispute: &Dispute,
    table: &str,
    action: &str,
    entered: [(&str, Value); N],
    mut after: serde_json::Value,
) -> Result<i64, StorageError> {
    let mut row = vec![("dispute_id", Value::from(dispute.id))];
    row.extend(entered);
    row.push(("created_at", now().into()));
    let id_key = format!(
        "{}_id",
        table.trim_start_matches("dispute_").trim_end_matches('s')
    );
    insert_logged(tx, actor, table, row, |id| {
        after[id_key] = id.into();
        Change::new(action, "dispute", dispute.id)
            .org(dispute.org_id)
            .after(&after)
    })
    .await
}

pub struct NewReturnVisit<'a> {
    pub visited_on: NaiveDate,
    pub visitor: &'a str,
    pub performance: &'a str,
    pub note: &'a str,
}

pub async fn add_return_visit(
    tx: &mut Tx,
    actor: &Actor,
    dispute: &Dispute,
    v: NewReturnVisit<'_>,
) -> Result<i64, StorageError> {
    Query::new("UPDATE disputes SET performance = $1, updated_at = $2 WHERE id = $3")
        .bind(v.performance)
        .bind(now())
        .bind(dispute.id)
        .execute(&mut *tx)
        .await?;
    let entered = [
        ("visited_on", v.visited_on.into()),
        ("visitor", v.visitor.into()),
        ("performance", v.performance.into()),
        ("note", v.note.into()),
    ];
    let after = serde_json::json!({
        "visited_on": v.visited_on, "visitor": v.visitor, "performance": v.performance,
        "note": v.note,
    });
    add_to_case(
        tx,
        actor,
        dispute,
        "return_visits",
        "add_return_visit",
        entered,
        after,
    )
    .await
}

/// List filters; all optional.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub year: Option<i32>,
    /// Only cases of this organisation's subtree (handling organisation or village).
    pub under: Option<Scope>,
    pub dispute_type: Option<String>,
    pub level: Option<String>,
    pub status: Option<String>,
    pub risk: Option<String>,
    /// Only cases registered in this month (1–12) of `year`.
    pub month: Option<u32>,
    /// Only cases without a village (镇本级 in the figures, storage/figures/disputes.rs).
    pub without_village: bool,
    /// Only cases past the one-month norm and still open, as of this date.
    pub overdue_on: Option<NaiveDate>,
    /// Words searched in the case number, parties, summary and type (「草场纠纷」 finds the
    /// cases of that type).
    pub q: Option<String>,
    /// The withdrawn cases (作废) instead of the others: a withdrawn case counts nowhere else.
    pub withdrawn: bool,
}

/// Counts of the filtered set, for 「共 N 起，村级 X，镇级 Y」.
#[derive(Clone, Debug, Default, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Totals {
    pub total: i64,
    pub village: i64,
    pub town: i64,
}

/// A word as an FTS5 phrase: quoted, so that every character is literal.
fn fts_phrase(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

pub use super::search::WordLookup;

/// The fields a dispute search looks in, in the order of its index (migration 0048).
const SEARCHED: search::Fields<'static> = search::Fields {
    columns: &["d.case_no", "d.parties_text", "d.summary", "d.dispute_type"],
    queue: Some("d.words_queued"),
};

/// The pairs index of the disputes' searched fields (migration 0048).
const WORDS_INDEX: &str = "disputes_words_idx";

/// How common each pair is among the cases, for a word's lookup (storage/search.rs).
pub async fn pair_shares(db: &Db) -> Result<Arc<PairShares>, StorageError> {
    search::pair_shares(db, WORDS_INDEX).await
}

pub use super::search::PairShares;

fn where_clause(
    backend: Backend,
    scope: &Scope,
    f: &Filter,
    org_column: &str,
    lookup: WordLookup,
    shares: &PairShares,
) -> Query {
    let start = ListStart::new("d", "registered_on", f.withdrawn, f.under.as_ref(), f.year)
        .with_towns(backend, "d.town_id");
    let mut w = start.clause(scope, org_column);
    if let Some(t) = &f.dispute_type {
        w.push(" AND d.dispute_type = ").push_bind(t.as_str());
    }
    if let Some(l) = &f.level {
        w.push(" AND d.level = ").push_bind(l.as_str());
    }
    if let Some(s) = &f.status {
        w.push(" AND d.status = ").push_bind(s.as_str());
    }
    if let Some(r) = &f.risk {
        w.push(" AND d.risk = ").push_bind(r.as_str());
    }
    if let Some((from, to)) = f
        .year
        .zip(f.month)
        .and_then(|(y, m)| super::db::month_range(y, m))
    {
        w.push(" AND d.registered_on >= ")
            .push_bind(from)
            .push(" AND d.registered_on < ")
            .push_bind(to);
    }
    if f.without_village {
        w.push(" AND d.village_id IS NULL");
    }
    if let Some(today) = f.overdue_on {
        w.push(
            " AND EXISTS (SELECT 1 FROM deadlines dl WHERE dl.register = 'dispute' \
             AND dl.record_id = d.id AND dl.rule_code = 'dispute.mediation_month' \
             AND dl.settled_at IS NULL AND dl.due_date < ",
        )
        .push_bind(today)
        .push(")");
    }
    if let Some(q) = &f.q {
        // Every word must match one of the fields (storage/search.rs). SQLite looks words of
        // three characters or more up in its trigram table (migration 0008).
        for word in search::words(q) {
            if backend == Backend::Sqlite
                && lookup == WordLookup::Index
                && word.chars().count() >= 3
            {
                w.push(
                    " AND d.id IN (SELECT rowid FROM disputes_search WHERE disputes_search MATCH ",
                )
                .push_bind(fts_phrase(word))
                .push(")");
                continue;
            }
            search::push_word(&mut w, backend, SEARCHED, word, lookup, shares);
        }
    }
    w
}

const FROM_ROWS: &str = "SELECT d.id, d.org_id, d.village_id, d.case_no, d.registered_on, \
     d.source, d.dispute_type, d.parties_text, d.summary, d.risk, d.level, d.status, \
     d.mediators, d.closed_on, d.agreement_form, d.amount_fen, d.withdrawn_at, \
     o.name AS org_name, \
     v.name AS village_name FROM disputes d JOIN orgs o ON o.id = d.org_id \
     LEFT JOIN orgs v ON v.id = d.village_id";

/// The register's version: bumped by a trigger on every write, so cached totals know when
/// they are stale.
pub async fn version(db: &Db) -> Result<i64, StorageError> {
    super::db::register_version(db, "disputes").await
}

/// Refreshes the planner's statistics of the register after a bulk change (PostgreSQL; SQLite
/// plans these queries well without them, so its plans are left as measured).
pub async fn refresh_statistics(db: &Db) -> Result<(), StorageError> {
    if db.backend() == super::Backend::Postgres {
        search::merge_pending_pairs(db, "disputes").await?;
        // A 6,000-row sample (not the default 30,000) is plenty to plan these queries and
        // takes a fifth of the time; autovacuum refines the statistics later.
        let mut tx = db.begin().await?;
        Query::new("SET LOCAL default_statistics_target = 20")
            .execute(&mut tx)
            .await?;
        Query::new("ANALYZE disputes, dispute_parties, deadlines, orgs")
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Counts of the whole filtered set, its words found by `lookup` (the same count either way).
pub async fn totals(
    db: &Db,
    scope: &Scope,
    f: &Filter,
    lookup: WordLookup,
) -> Result<Totals, StorageError> {
    let mut count = Query::new(
        "SELECT COUNT(*) AS total, \
         COALESCE(CAST(SUM(CASE WHEN d.level = 'village' THEN 1 ELSE 0 END) AS BIGINT), 0) AS village, \
         COALESCE(CAST(SUM(CASE WHEN d.level = 'town' THEN 1 ELSE 0 END) AS BIGINT), 0) AS town \
         FROM disputes d",
    );
    let shares = pair_shares(db).await?;
    count.append(&where_clause(
        db.backend(),
        scope,
        f,
        "d.org_id",
        lookup,
        &shares,
    ));
    count.fetch_one(db).await
}

/// A page of the filtered list, newest first.
pub async fn page(
    db: &Db,
    scope: &Scope,
    f: &Filter,
    lookup: WordLookup,
    limit: i64,
    offset: i64,
) -> Result<Vec<DisputeRow>, StorageError> {
    let shares = pair_shares(db).await?;
    // A page without words runs where plans are kept (storage/db.rs). A search is planned for
    // its words: a kept plan cannot see how many organisations the scope has, and joined them
    // first, looking the words up once for each (a case number 2 → 8 ms at one town, far worse
    // across a province).
    let on = if f.q.is_some() {
        On::Db(db)
    } else {
        db.kept_plans()
    };
    page_query(db.backend(), scope, f, lookup, &shares, limit, offset)
        .fetch_all(on)
        .await
}

/// The statement [`page`] runs; its plan is guarded by tests/it/search_plans.rs.
pub fn page_query(
    backend: Backend,
    scope: &Scope,
    f: &Filter,
    lookup: WordLookup,
    shares: &PairShares,
    limit: i64,
    offset: i64,
) -> Query {
    let mut q = Query::new(FROM_ROWS);
    // `+org_id` keeps SQLite off the organisation index here: walking the date index newest
    // first and stopping after a page beats sorting the whole filtered set (PostgreSQL plans
    // this itself; unary plus changes nothing there).
    q.append(&where_clause(
        backend,
        scope,
        f,
        "+d.org_id",
        lookup,
        shares,
    ));
    q.push(" ORDER BY d.registered_on DESC, d.id DESC")
        .limit(limit, offset);
    q
}

/// Every case of the filtered set with its parties, for an export, in registration order.
pub async fn export(
    db: &Db,
    scope: &Scope,
    f: &Filter,
) -> Result<Vec<(DisputeRow, Vec<Party>)>, StorageError> {
    let shares = pair_shares(db).await?;
    let w = where_clause(
        db.backend(),
        scope,
        f,
        "d.org_id",
        WordLookup::Index,
        &shares,
    );
    let mut q = Query::new(FROM_ROWS);
    q.append(&w);
    q.push(" ORDER BY d.registered_on, d.id");
    let rows: Vec<DisputeRow> = q.fetch_all(db).await?;
    let mut pq =
        Query::new("SELECT p.* FROM dispute_parties p JOIN disputes d ON d.id = p.dispute_id");
    pq.append(&w);
    pq.push(" ORDER BY p.dispute_id, p.position");
    let all: Vec<Party> = pq.fetch_all(db).await?;
    let mut by_dispute: std::collections::HashMap<i64, Vec<Party>> =
        std::collections::HashMap::new();
    for p in all {
        by_dispute.entry(p.dispute_id).or_default().push(p);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let parties = by_dispute.remove(&r.id).unwrap_or_default();
            (r, parties)
        })
        .collect())
}

/// Case numbers already used in a town, for checking an import before it runs.
pub async fn case_nos_in_town<'a>(
    on: impl Into<On<'a>>,
    town_id: i64,
) -> Result<Vec<String>, StorageError> {
    Query::new("SELECT case_no FROM disputes WHERE town_id = $1")
        .bind(town_id)
        .fetch_scalars(on)
        .await
}

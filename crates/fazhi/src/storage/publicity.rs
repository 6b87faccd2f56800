//! Publicity events (普法活动) and the 谁执法谁普法 responsibility list (普法责任清单).
//!
//! Themes and campaigns are stored as text joined by 、; a filter on one tag matches it between
//! separators, and totals per tag are folded from groups the database has already summed.

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use fazhi_domain::publicity::{
    join_list, split_list, NewPublicityEvent, NewResponsibilityItem, PublicityTotals, Tally,
    VenueType,
};
use serde::{Serialize, Serializer};

use super::audit::{self, Actor, Change};
use super::db::{page_with_total, On};
use super::records::{self, Revision};
use super::revision;
use super::{Query, Scope, StorageError, Tx};

/// Multi-valued text columns go out as JSON arrays.
pub(crate) fn as_list<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(split_list(v))
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct PublicityEventRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub held_on: NaiveDate,
    pub name: String,
    pub organiser: Option<String>,
    /// enterprise | village | school | agency | grid | religious | other
    pub venue_type: String,
    #[serde(serialize_with = "as_list")]
    #[schema(value_type = Vec<String>)]
    pub themes: String,
    #[serde(serialize_with = "as_list")]
    #[schema(value_type = Vec<String>)]
    pub campaigns: String,
    pub form: Option<String>,
    pub large_posters: i64,
    pub small_posters: i64,
    pub banners: i64,
    pub materials: i64,
    pub vehicle_trips: i64,
    pub beneficiaries: i64,
    pub responsibility_item_id: Option<i64>,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    /// Raised by every edit; an edit must name the version it was based on.
    pub version: i64,
    /// Set when the event was withdrawn (作废): kept, but counted nowhere.
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawn_reason: Option<String>,
}

impl PublicityEventRow {
    pub fn venue_label(&self) -> &'static str {
        VenueType::parse(&self.venue_type).map_or("其他", VenueType::label)
    }
}

const EVENT_COLUMNS: &str = "e.id, e.org_id, o.name AS org_name, e.held_on, e.name, e.organiser, \
     e.venue_type, e.themes, e.campaigns, e.form, e.large_posters, e.small_posters, e.banners, \
     e.materials, e.vehicle_trips, e.beneficiaries, e.responsibility_item_id, e.notes, e.created_at, \
     e.version, e.withdrawn_at, e.withdrawn_reason";

/// Which events a list, a total or an export covers. The organisation filter is the `Scope`
/// passed alongside (a sub-organisation's subtree, already checked to lie in the caller's).
#[derive(Clone, Debug, Default)]
pub struct PublicityFilter {
    pub year: Option<i32>,
    pub venue_type: Option<VenueType>,
    pub theme: Option<String>,
    pub campaign: Option<String>,
    /// List the withdrawn events (and only those) instead of the valid ones.
    pub withdrawn: bool,
}

/// `column` within calendar year `year`.
pub(crate) fn push_year(w: &mut Query, column: &str, year: Option<i32>) {
    let Some(y) = year else { return };
    let (Some(from), Some(to)) = (
        NaiveDate::from_ymd_opt(y, 1, 1),
        NaiveDate::from_ymd_opt(y + 1, 1, 1),
    ) else {
        return;
    };
    w.push(" AND ")
        .push(column)
        .push(" >= ")
        .push_bind(from)
        .push(" AND ")
        .push(column)
        .push(" < ")
        .push_bind(to);
}

/// A tag between separators in a 、-joined column.
fn push_tag(w: &mut Query, column: &str, tag: &str) {
    w.push(" AND ").push_contains(
        &format!("('、' || {column} || '、')"),
        &format!("、{tag}、"),
    );
}

/// `org_column` is `e.org_id`, or `+e.org_id` for a page of the list: that keeps SQLite off
/// the organisation index, so it walks the date index newest first and stops after a page.
fn event_where(scope: &Scope, f: &PublicityFilter, org_column: &str) -> Query {
    let mut w = Query::new(if f.withdrawn {
        " WHERE e.withdrawn_at IS NOT NULL"
    } else {
        // A withdrawn event counts nowhere: not in lists, totals, the report or exports.
        " WHERE e.withdrawn_at IS NULL"
    });
    scope.restrict(&mut w, org_column);
    push_year(&mut w, "e.held_on", f.year);
    if let Some(v) = f.venue_type {
        w.push(" AND e.venue_type = ").push_bind(v.code());
    }
    if let Some(t) = f.theme.as_deref().filter(|t| !t.is_empty()) {
        push_tag(&mut w, "e.themes", t);
    }
    if let Some(c) = f.campaign.as_deref().filter(|c| !c.is_empty()) {
        push_tag(&mut w, "e.campaigns", c);
    }
    w
}

/// A page of events, newest first, and how many match in all. `page` `None` returns every
/// matching event (exports).
pub async fn list(
    db: &super::Db,
    scope: &Scope,
    f: &PublicityFilter,
    page: Option<(u32, u32)>,
) -> Result<(Vec<PublicityEventRow>, i64), StorageError> {
    let w = event_where(scope, f, "+e.org_id");
    page_with_total(
        db,
        "publicity_events e",
        format!("SELECT {EVENT_COLUMNS} FROM publicity_events e JOIN orgs o ON o.id = e.org_id"),
        &w,
        "e.held_on DESC, e.id DESC",
        page,
    )
    .await
}

#[derive(sqlx::FromRow)]
struct TallyRow {
    venue_type: String,
    themes: String,
    campaigns: String,
    events: i64,
    large_posters: i64,
    small_posters: i64,
    banners: i64,
    materials: i64,
    vehicle_trips: i64,
    beneficiaries: i64,
}

/// The totals of every event matching the filter. The database sums per (venue type, themes,
/// campaigns) group; the domain folds the groups, splitting the tag lists.
pub async fn totals(
    db: &super::Db,
    scope: &Scope,
    f: &PublicityFilter,
) -> Result<PublicityTotals, StorageError> {
    let mut q = Query::new(
        "SELECT e.venue_type, e.themes, e.campaigns, COUNT(*) AS events, \
         CAST(SUM(e.large_posters) AS BIGINT) AS large_posters, \
         CAST(SUM(e.small_posters) AS BIGINT) AS small_posters, \
         CAST(SUM(e.banners) AS BIGINT) AS banners, \
         CAST(SUM(e.materials) AS BIGINT) AS materials, \
         CAST(SUM(e.vehicle_trips) AS BIGINT) AS vehicle_trips, \
         CAST(SUM(e.beneficiaries) AS BIGINT) AS beneficiaries \
         FROM publicity_events e",
    );
    q.append(&event_where(scope, f, "e.org_id"));
    q.push(" GROUP BY e.venue_type, e.themes, e.campaigns");
    let rows: Vec<TallyRow> = q.fetch_all(db).await?;
    let split: Vec<(Vec<String>, Vec<String>)> = rows
        .iter()
        .map(|r| (split_list(&r.themes), split_list(&r.campaigns)))
        .collect();
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(PublicityTotals::from_tallies(rows.iter().zip(&split).map(
        |(r, (themes, campaigns))| Tally {
            venue_type: VenueType::parse(&r.venue_type).unwrap_or(VenueType::Other),
            themes,
            campaigns,
            events: n(r.events),
            large_posters: n(r.large_posters),
            small_posters: n(r.small_posters),
            banners: n(r.banners),
            materials: n(r.materials),
            vehicle_trips: n(r.vehicle_trips),
            beneficiaries: n(r.beneficiaries),
        },
    )))
}

#[derive(sqlx::FromRow)]
struct DayCount {
    held_on: NaiveDate,
    events: i64,
}

/// Events per month (index 0 = January) of the matching events, for the summary chart.
pub async fn events_by_month(
    db: &super::Db,
    scope: &Scope,
    f: &PublicityFilter,
) -> Result<[u64; 12], StorageError> {
    let mut q = Query::new("SELECT e.held_on, COUNT(*) AS events FROM publicity_events e");
    q.append(&event_where(scope, f, "e.org_id"));
    q.push(" GROUP BY e.held_on");
    let days: Vec<DayCount> = q.fetch_all(db).await?;
    let mut out = [0u64; 12];
    for d in days {
        let months = fazhi_domain::publicity::events_by_month([d.held_on]);
        for (o, m) in out.iter_mut().zip(months) {
            *o += m * u64::try_from(d.events).unwrap_or(0);
        }
    }
    Ok(out)
}

/// One event, if it lies within `scope`.
pub async fn get<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<PublicityEventRow, StorageError> {
    let mut q = Query::new(format!(
        "SELECT {EVENT_COLUMNS} FROM publicity_events e JOIN orgs o ON o.id = e.org_id \
         WHERE e.id = "
    ));
    q.push_bind(id);
    scope.restrict(&mut q, "e.org_id");
    q.fetch_one(on).await
}

const INSERT_EVENT: &str = "INSERT INTO publicity_events (org_id, held_on, name, organiser, \
     venue_type, themes, campaigns, form, large_posters, small_posters, banners, materials, \
     vehicle_trips, beneficiaries, responsibility_item_id, notes, created_at, created_by) VALUES ";

fn push_event_values(
    q: &mut Query,
    org_id: i64,
    e: &NewPublicityEvent,
    item: Option<i64>,
    at: DateTime<Utc>,
    by: Option<i64>,
) {
    let c = &e.counts;
    q.push("(")
        .push_bind(org_id)
        .push(", ")
        .push_bind(e.held_on)
        .push(", ")
        .push_bind(e.name.as_str())
        .push(", ")
        .push_bind(e.organiser.clone())
        .push(", ")
        .push_bind(e.venue_type.code())
        .push(", ")
        .push_bind(join_list(&e.themes))
        .push(", ")
        .push_bind(join_list(&e.campaigns))
        .push(", ")
        .push_bind(e.form.clone());
    for n in [
        c.large_posters,
        c.small_posters,
        c.banners,
        c.materials,
        c.vehicle_trips,
        c.beneficiaries,
    ] {
        q.push(", ").push_bind(n);
    }
    q.push(", ")
        .push_bind(item)
        .push(", ")
        .push_bind(e.notes.clone())
        .push(", ")
        .push_bind(at)
        .push(", ")
        .push_bind(by)
        .push(")");
}

/// Records one event (the caller has checked `org_id` and `item` lie in the user's scope).
pub async fn create(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    e: &NewPublicityEvent,
    item: Option<i64>,
) -> Result<PublicityEventRow, StorageError> {
    let mut q = Query::new(INSERT_EVENT);
    push_event_values(
        &mut q,
        org_id,
        e,
        item,
        Utc::now().trunc_subsecs(6),
        actor.user_id,
    );
    q.push(" RETURNING id");
    let id: i64 = q.fetch_scalar(&mut *tx).await?;
    let row = get(&mut *tx, &Scope::everything(), id).await?;
    audit::record(
        tx,
        actor,
        Change::new("create", "publicity_event", id)
            .org(org_id)
            .after(&row),
    )
    .await?;
    Ok(row)
}

/// Replaces an event's fields (the kit has claimed its version and logs the edit; the caller
/// checked `item`).
pub async fn update(
    tx: &mut Tx,
    before: &PublicityEventRow,
    e: &NewPublicityEvent,
    item: Option<i64>,
) -> Result<(), StorageError> {
    let c = &e.counts;
    let mut q = Query::new("UPDATE publicity_events SET held_on = ");
    q.push_bind(e.held_on)
        .push(", name = ")
        .push_bind(e.name.as_str())
        .push(", organiser = ")
        .push_bind(e.organiser.clone())
        .push(", venue_type = ")
        .push_bind(e.venue_type.code())
        .push(", themes = ")
        .push_bind(join_list(&e.themes))
        .push(", campaigns = ")
        .push_bind(join_list(&e.campaigns))
        .push(", form = ")
        .push_bind(e.form.clone());
    for (column, n) in [
        ("large_posters", c.large_posters),
        ("small_posters", c.small_posters),
        ("banners", c.banners),
        ("materials", c.materials),
        ("vehicle_trips", c.vehicle_trips),
        ("beneficiaries", c.beneficiaries),
    ] {
        q.push(", ").push(column).push(" = ").push_bind(n);
    }
    q.push(", responsibility_item_id = ")
        .push_bind(item)
        .push(", notes = ")
        .push_bind(e.notes.clone())
        .push(" WHERE id = ")
        .push_bind(before.id);
    q.execute(&mut *tx).await?;
    Ok(())
}

/// The event as a record of the revision kit.
pub fn target(e: &PublicityEventRow) -> revision::Target {
    revision::Target {
        table: "publicity_events",
        entity: "publicity_event",
        id: e.id,
        org_id: e.org_id,
    }
}

/// Rows per multi-row INSERT: 18 parameters each stays far below both backends' limits.
const BATCH: usize = 100;

/// Writes an import: multi-row INSERTs of [`BATCH`] rows inside the caller's transaction and a
/// single audit entry for the whole import. `insert` is the statement up to `VALUES `; `push`
/// appends one row's parenthesised values.
pub(crate) async fn insert_batched<T>(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    items: &[T],
    (insert, entity): (&str, &str),
    push: impl Fn(&mut Query, &T),
    source: &str,
) -> Result<u64, StorageError> {
    let mut inserted = 0;
    for chunk in items.chunks(BATCH) {
        let mut q = Query::new(insert);
        for (i, item) in chunk.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            push(&mut q, item);
        }
        inserted += q.execute(&mut *tx).await?;
    }
    audit::record(
        tx,
        actor,
        Change::new("import", entity, source)
            .org(org_id)
            .after(&serde_json::json!({ "rows": inserted, "source": source })),
    )
    .await?;
    Ok(inserted)
}

/// Imports many events into one organisation (see [`insert_batched`]).
pub async fn insert_many(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    events: &[NewPublicityEvent],
    source: &str,
) -> Result<u64, StorageError> {
    let at = Utc::now().trunc_subsecs(6);
    let by = actor.user_id;
    insert_batched(
        tx,
        actor,
        org_id,
        events,
        (INSERT_EVENT, "publicity_event"),
        |q, e| push_event_values(q, org_id, e, None, at, by),
        source,
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// The responsibility list

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ResponsibilityItemRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub year: i64,
    pub unit: String,
    pub laws: String,
    pub audiences: Option<String>,
    pub measures: Option<String>,
    pub responsible: Option<String>,
    /// Events recorded against this line (withdrawn ones not counted): zero means it has not
    /// been carried out yet.
    pub events: i64,
    pub created_at: DateTime<Utc>,
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

fn item_select() -> String {
    format!(
        "SELECT r.id, r.org_id, o.name AS org_name, r.year, r.unit, r.laws, r.audiences, \
         r.measures, r.responsible, \
         (SELECT COUNT(*) FROM publicity_events e WHERE e.responsibility_item_id = r.id \
         AND e.withdrawn_at IS NULL) AS events, r.created_at, {} \
         FROM responsibility_items r JOIN orgs o ON o.id = r.org_id",
        Revision::columns("r")
    )
}

/// `withdrawn` lists the withdrawn lines (and only those) instead of the valid ones.
pub async fn list_items(
    db: &super::Db,
    scope: &Scope,
    year: Option<i32>,
    withdrawn: bool,
    page: Option<(u32, u32)>,
) -> Result<(Vec<ResponsibilityItemRow>, i64), StorageError> {
    records::page_by_year(
        db,
        "responsibility_items r",
        item_select(),
        scope,
        year,
        withdrawn,
        "r.year DESC, r.unit, r.id",
        page,
    )
    .await
}

pub async fn get_item<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<ResponsibilityItemRow, StorageError> {
    records::one(on, &item_select(), "r", scope, id).await
}

pub async fn create_item(
    tx: &mut Tx,
    actor: &Actor,
    org_id: i64,
    item: &NewResponsibilityItem,
) -> Result<ResponsibilityItemRow, StorageError> {
    let id: i64 = Query::new(
        "INSERT INTO responsibility_items (org_id, year, unit, laws, audiences, measures, \
         responsible, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
    )
    .bind(org_id)
    .bind(i64::from(item.year))
    .bind(item.unit.as_str())
    .bind(item.laws.as_str())
    .bind(item.audiences.clone())
    .bind(item.measures.clone())
    .bind(item.responsible.clone())
    .bind(Utc::now().trunc_subsecs(6))
    .bind(actor.user_id)
    .fetch_scalar(&mut *tx)
    .await?;
    let row = get_item(&mut *tx, &Scope::everything(), id).await?;
    records::log_created(tx, actor, "responsibility_item", id, org_id, &row).await?;
    Ok(row)
}

/// Replaces a line's fields (the kit has claimed its version and logs the edit).
pub async fn update_item(
    tx: &mut Tx,
    before: &ResponsibilityItemRow,
    item: &NewResponsibilityItem,
) -> Result<(), StorageError> {
    Query::new(
        "UPDATE responsibility_items SET year = $1, unit = $2, laws = $3, audiences = $4, \
         measures = $5, responsible = $6 WHERE id = $7",
    )
    .bind(i64::from(item.year))
    .bind(item.unit.as_str())
    .bind(item.laws.as_str())
    .bind(item.audiences.clone())
    .bind(item.measures.clone())
    .bind(item.responsible.clone())
    .bind(before.id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The line as a record of the revision kit.
pub fn item_target(r: &ResponsibilityItemRow) -> revision::Target {
    records::target(
        "responsibility_items",
        "responsibility_item",
        r.id,
        r.org_id,
    )
}

//! Publicity events (普法活动) and the 谁执法谁普法 responsibility list (普法责任清单).
//!
//! Themes and campaigns are stored as text joined by 、; a filter on one tag matches it between
//! separators, and totals per tag are folded from groups the database has already summed.

use chrono::{DateTime, NaiveDate, Utc};
use fazhi_domain::publicity::{
    join_list, split_list, NewPublicityEvent, NewResponsibilityItem, PublicityTotals, Tally,
    VenueType,
};
use serde::Serialize;

use super::db::On;
use super::records::{self, Revision};
use super::revision;
pub(crate) use super::year_lists::as_list;
use super::year_lists::{Filed, YearFilter, YearList};
use super::{Query, Scope, StorageError, Tx};

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
    #[serde(flatten)]
    #[sqlx(flatten)]
    pub revision: Revision,
}

impl PublicityEventRow {
    pub fn venue_label(&self) -> &'static str {
        VenueType::parse(&self.venue_type).map_or("其他", VenueType::label)
    }
}

fn event_select() -> String {
    format!(
        "SELECT e.id, e.org_id, o.name AS org_name, e.held_on, e.name, e.organiser, \
         e.venue_type, e.themes, e.campaigns, e.form, e.large_posters, e.small_posters, \
         e.banners, e.materials, e.vehicle_trips, e.beneficiaries, e.responsibility_item_id, \
         e.notes, e.created_at, {} FROM publicity_events e JOIN orgs o ON o.id = e.org_id",
        Revision::columns("e")
    )
}

/// Events on the list kit; a page walks the date index (`+e.org_id`).
pub const EVENTS: YearList = YearList {
    from: "publicity_events e",
    entity: "publicity_event",
    select: event_select,
    filed: Filed::Date("e.held_on"),
    page_org: "+e.org_id",
    order: "e.held_on DESC, e.id DESC",
};

/// Which events a list, a total or an export covers. The organisation filter is the `Scope`
/// passed alongside (a sub-organisation's subtree, already checked to lie in the caller's).
#[derive(Clone, Debug, Default)]
pub struct PublicityFilter {
    pub year: Option<i32>,
    pub venue_type: Option<VenueType>,
    pub theme: Option<String>,
    pub campaign: Option<String>,
    /// Only the events of this month (1–12) of `year`.
    pub month: Option<u32>,
    /// List the withdrawn events (and only those) instead of the valid ones.
    pub withdrawn: bool,
}

/// A tag between separators in a 、-joined column.
fn push_tag(w: &mut Query, column: &str, tag: &str) {
    w.push(" AND ").push_contains(
        &format!("('、' || {column} || '、')"),
        &format!("、{tag}、"),
    );
}

/// The kit's filter (`page`: a page of the list, else totals) and the event's own filters.
fn event_where(scope: &Scope, f: &PublicityFilter, page: bool) -> Query {
    let kit = YearFilter {
        year: f.year,
        withdrawn: f.withdrawn,
        only: None,
    };
    let mut w = if page {
        EVENTS.page_filter(scope, kit)
    } else {
        EVENTS.totals_filter(scope, kit)
    };
    if let Some(v) = f.venue_type {
        w.push(" AND e.venue_type = ").push_bind(v.code());
    }
    if let Some((from, to)) = f
        .year
        .zip(f.month)
        .and_then(|(y, m)| super::db::month_range(y, m))
    {
        w.push(" AND e.held_on >= ")
            .push_bind(from)
            .push(" AND e.held_on < ")
            .push_bind(to);
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
    EVENTS.page_of(db, &event_where(scope, f, true), page).await
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
    q.append(&event_where(scope, f, false));
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
    q.append(&event_where(scope, f, false));
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
    EVENTS.one(on, scope, id).await
}

/// An event's own columns (`item`: its line of the responsibility list), as its registration,
/// its import and its UPDATE write them.
pub fn event_columns(e: &NewPublicityEvent, item: Option<i64>) -> records::Columns {
    let c = &e.counts;
    vec![
        ("held_on", e.held_on.into()),
        ("name", e.name.as_str().into()),
        ("organiser", e.organiser.clone().into()),
        ("venue_type", e.venue_type.code().into()),
        ("themes", join_list(&e.themes).into()),
        ("campaigns", join_list(&e.campaigns).into()),
        ("form", e.form.clone().into()),
        ("large_posters", c.large_posters.into()),
        ("small_posters", c.small_posters.into()),
        ("banners", c.banners.into()),
        ("materials", c.materials.into()),
        ("vehicle_trips", c.vehicle_trips.into()),
        ("beneficiaries", c.beneficiaries.into()),
        ("responsibility_item_id", item.into()),
        ("notes", e.notes.clone().into()),
    ]
}

/// Replaces an event's fields (the kit has claimed its version and logs the edit; the caller
/// checked `item`).
pub async fn update(
    tx: &mut Tx,
    before: &PublicityEventRow,
    e: &NewPublicityEvent,
    item: Option<i64>,
) -> Result<(), StorageError> {
    EVENTS.update(tx, before.id, event_columns(e, item)).await
}

/// The event as a record of the revision kit.
pub fn target(e: &PublicityEventRow) -> revision::Target {
    EVENTS.target(e.id, e.org_id)
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

/// The responsibility list on the list kit.
pub const ITEMS: YearList = YearList {
    from: "responsibility_items r",
    entity: "responsibility_item",
    select: item_select,
    filed: Filed::Year("r.year"),
    page_org: "r.org_id",
    order: "r.year DESC, r.unit, r.id",
};

pub async fn get_item<'a>(
    on: impl Into<On<'a>>,
    scope: &Scope,
    id: i64,
) -> Result<ResponsibilityItemRow, StorageError> {
    ITEMS.one(on, scope, id).await
}

/// A line's own columns, as its registration and its UPDATE write them.
pub fn item_columns(item: &NewResponsibilityItem) -> records::Columns {
    vec![
        ("year", i64::from(item.year).into()),
        ("unit", item.unit.as_str().into()),
        ("laws", item.laws.as_str().into()),
        ("audiences", item.audiences.clone().into()),
        ("measures", item.measures.clone().into()),
        ("responsible", item.responsible.clone().into()),
    ]
}

/// Replaces a line's fields (the kit has claimed its version and logs the edit).
pub async fn update_item(
    tx: &mut Tx,
    before: &ResponsibilityItemRow,
    item: &NewResponsibilityItem,
) -> Result<(), StorageError> {
    ITEMS.update(tx, before.id, item_columns(item)).await
}

/// The line as a record of the revision kit.
pub fn item_target(r: &ResponsibilityItemRow) -> revision::Target {
    ITEMS.target(r.id, r.org_id)
}

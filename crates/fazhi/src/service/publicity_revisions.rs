//! Correcting publicity events on the revision kit (`service::revision`,
//! `storage::revision`): edit on the version seen, withdraw (作废) with a reason, restore, and
//! the history. The event stays with its organisation; an edit changes what was entered.

use fazhi_domain::access::Area;
use fazhi_domain::revision::check_version;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::publicity::{self as store, PublicityEventRow};
use crate::storage::{revision as kit, Scope};

use super::publicity::{parse_event, EventInput};
use super::revision::{self, HistoryEntry};
use super::Caller;

/// The fields the history shows, with the ledger's Chinese names.
pub const LABELS: &[(&str, &str)] = &[
    ("held_on", "日期"),
    ("name", "活动名称"),
    ("organiser", "主办单位"),
    ("venue_type", "地点类型"),
    ("themes", "主题"),
    ("campaigns", "专项活动"),
    ("form", "形式"),
    ("large_posters", "大型海报"),
    ("small_posters", "小型海报"),
    ("banners", "横幅"),
    ("materials", "宣传品份数"),
    ("vehicle_trips", "宣传车台次"),
    ("beneficiaries", "受益人次"),
    ("responsibility_item_id", "普法责任清单条目"),
    ("notes", "备注"),
];

const ENTITY: &str = "publicity_event";

/// Replaces the event's fields with `input`, if the caller may write it and it is still at
/// version `based_on` (otherwise 409 `stale_version`, and nothing changes).
pub async fn update_event(
    app: &App,
    caller: &Caller,
    id: i64,
    based_on: i64,
    input: EventInput,
) -> AppResult<PublicityEventRow> {
    caller.require_write(Area::Publicity)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    if before.withdrawn_at.is_some() {
        return Err(revision::withdrawn_refusal());
    }
    check_version(based_on, before.version).map_err(revision::stale)?;
    let item = input.responsibility_item_id;
    let event = parse_event(app, caller, input).await?;
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, store::target(&before), based_on).await? {
        // Changed between the read above and this transaction.
        let now = store::get(&mut tx, &Scope::everything(), id).await?;
        return Err(revision::stale(
            check_version(based_on, now.version).expect_err("claim failed"),
        ));
    }
    let after = store::update(&mut tx, &caller.actor(), &before, &event, item).await?;
    tx.commit().await?;
    Ok(after)
}

/// Withdraws the event with a reason: kept, shown as 已作废, counted nowhere.
pub async fn withdraw_event(
    app: &App,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> AppResult<PublicityEventRow> {
    caller.require_write(Area::Publicity)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    revision::withdraw(app, caller, &before, reason).await
}

/// Restores a withdrawn event (administrators only).
pub async fn restore_event(app: &App, caller: &Caller, id: i64) -> AppResult<PublicityEventRow> {
    revision::require_restore(caller)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    revision::restore(app, caller, &before).await
}

impl revision::KitRecord for PublicityEventRow {
    fn target(&self) -> kit::Target {
        store::target(self)
    }

    fn is_withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }

    async fn reload(
        tx: &mut crate::storage::Tx,
        id: i64,
    ) -> Result<Self, crate::storage::StorageError> {
        store::get(tx, &Scope::everything(), id).await
    }
}

/// The event's history, for whoever may read the event.
pub async fn history(app: &App, caller: &Caller, id: i64) -> AppResult<Vec<HistoryEntry>> {
    caller.require_read(Area::Publicity)?;
    store::get(&app.db, &caller.scope, id).await?;
    revision::history(app, ENTITY, id, LABELS).await
}

/// The event's current values as input: the edit form starts from them, and a partial `PATCH`
/// replaces only the fields it names.
pub fn current_input(e: &PublicityEventRow) -> EventInput {
    let list = fazhi_domain::publicity::split_list;
    EventInput {
        org: None,
        held_on: e.held_on.to_string(),
        name: e.name.clone(),
        organiser: e.organiser.clone().unwrap_or_default(),
        venue_type: e.venue_type.clone(),
        themes: list(&e.themes),
        campaigns: list(&e.campaigns),
        form: e.form.clone().unwrap_or_default(),
        large_posters: Some(e.large_posters),
        small_posters: Some(e.small_posters),
        banners: Some(e.banners),
        materials: Some(e.materials),
        vehicle_trips: Some(e.vehicle_trips),
        beneficiaries: Some(e.beneficiaries),
        responsibility_item_id: e.responsibility_item_id,
        notes: e.notes.clone().unwrap_or_default(),
    }
}

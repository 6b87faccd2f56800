//! Publicity events on the register kit (`service::revision::Register`): edit on the version
//! seen, withdraw (作废) with a reason, restore, and the history. The event stays with its
//! organisation; an edit changes what was entered.

use fazhi_domain::access::Area;
use fazhi_domain::publicity::NewPublicityEvent;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::db::On;
use crate::storage::publicity::{self as store, PublicityEventRow};
use crate::storage::{revision as kit, Scope, StorageError, Tx};

use super::publicity::{parse_event, EventInput};
use super::revision::Register;
use super::Caller;

/// The register of publicity events, for the kit.
pub struct Events;

impl Register for Events {
    type Record = PublicityEventRow;
    type Input = EventInput;
    type Valid = (NewPublicityEvent, Option<i64>);

    const AREA: Area = Area::Publicity;
    /// The ledger's Chinese names.
    const LABELS: &'static [(&'static str, &'static str)] = &[
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
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &PublicityEventRow) -> kit::Target {
        store::target(r)
    }
    fn version(r: &PublicityEventRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &PublicityEventRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<PublicityEventRow, StorageError> {
        store::get(on, scope, id).await
    }

    async fn current_input(_app: &App, e: &PublicityEventRow) -> AppResult<EventInput> {
        Ok(current_input(e))
    }

    async fn check(
        app: &App,
        caller: &Caller,
        _before: &PublicityEventRow,
        input: EventInput,
    ) -> AppResult<Self::Valid> {
        let item = input.responsibility_item_id;
        Ok((parse_event(app, caller, input).await?, item))
    }

    async fn write(tx: &mut Tx, before: &PublicityEventRow, valid: &Self::Valid) -> AppResult<()> {
        Ok(store::update(tx, before, &valid.0, valid.1).await?)
    }
}

/// The event's current values as input.
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

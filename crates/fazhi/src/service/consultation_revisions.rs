//! Correcting legal consultations on the revision kit (`service::revision`,
//! `storage::revision`), as publicity events (`publicity_revisions`): edit on the version seen,
//! withdraw (作废) with a reason, restore, and the history. The link to a dispute (转为纠纷登记)
//! is a step of its own and no edit changes it.

use fazhi_domain::access::Area;
use fazhi_domain::dispute::Channel;
use fazhi_domain::revision::check_version;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::consultations::{self as store, Consultation};
use crate::storage::{orgs, revision as kit, Scope};

use super::consultations::{masked, parse_input, NewConsultationInput};
use super::revision::{self, HistoryEntry};
use super::Caller;

/// The fields the history shows, with the ledger's Chinese names (fazhi-ledger specs
/// CONSULTATIONS, and the form's labels for the fields the ledger lacks).
pub const LABELS: &[(&str, &str)] = &[
    ("consulted_on", "日期"),
    ("channel", CHANNEL_LABEL),
    ("village_name", "所属村"),
    ("person", "咨询人"),
    ("phone", "手机号码"),
    ("topic", "咨询事项"),
    ("category", "类别"),
    ("answer", "答复内容"),
    ("aid_explained", "已告知法律援助权利"),
    ("handler", "答复人"),
    ("follow_up", "处理方式"),
];

const CHANNEL_LABEL: &str = "咨询方式";

const ENTITY: &str = "consultation";

/// Corrects the consultation: `edit` receives its current values (the phone in full: it is
/// re-validated, never shown) and returns the corrected ones. Refused unless the caller may
/// write it and it is still at version `based_on` (otherwise 409 `stale_version`, and nothing
/// changes). The answer masks the phone, as every answer does.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    based_on: i64,
    edit: impl FnOnce(NewConsultationInput) -> NewConsultationInput,
) -> AppResult<Consultation> {
    caller.require_write(Area::Consultations)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    if before.withdrawn_at.is_some() {
        return Err(revision::withdrawn_refusal());
    }
    check_version(based_on, before.version).map_err(revision::stale)?;
    let mut input = edit(current_input(app, &before).await?);
    // The dispute link is kept whatever the input says.
    input.dispute_id = before.dispute_id;
    // Without a village it stays with the unit it was recorded for, if it had none before.
    let default_org = if before.village_id.is_none() {
        before.org_id
    } else {
        caller.org_id
    };
    let new = parse_input(app, caller, input, default_org).await?;
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, store::target(&before), based_on).await? {
        // Changed between the read above and this transaction.
        let now = store::get(&mut tx, &Scope::everything(), id).await?;
        return Err(revision::stale(
            check_version(based_on, now.version).expect_err("claim failed"),
        ));
    }
    let after = store::update(&mut tx, &caller.actor(), &before, &new).await?;
    tx.commit().await?;
    Ok(masked(after))
}

/// Withdraws the consultation with a reason: kept, shown as 已作废, counted nowhere.
pub async fn withdraw(
    app: &App,
    caller: &Caller,
    id: i64,
    reason: &str,
) -> AppResult<Consultation> {
    caller.require_write(Area::Consultations)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    Ok(masked(
        revision::withdraw(app, caller, &before, reason).await?,
    ))
}

/// Restores a withdrawn consultation (administrators only).
pub async fn restore(app: &App, caller: &Caller, id: i64) -> AppResult<Consultation> {
    revision::require_restore(caller)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    Ok(masked(revision::restore(app, caller, &before).await?))
}

impl revision::KitRecord for Consultation {
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

/// The consultation's history, for whoever may read it (phones masked, by field name).
pub async fn history(app: &App, caller: &Caller, id: i64) -> AppResult<Vec<HistoryEntry>> {
    caller.require_read(Area::Consultations)?;
    store::get(&app.db, &caller.scope, id).await?;
    let mut entries = revision::history(app, ENTITY, id, LABELS).await?;
    // The channel is stored as a code; people read 窗口 / 电话 / 网络 / 下村.
    for c in entries.iter_mut().flat_map(|e| e.changes.iter_mut()) {
        if c.label == CHANNEL_LABEL {
            for v in [&mut c.before, &mut c.after] {
                if let Some(ch) = Channel::parse(v) {
                    *v = ch.label().to_owned();
                }
            }
        }
    }
    Ok(entries)
}

/// The consultation's current values as input: a partial `PATCH` replaces only the fields it
/// names, and the edit form starts from them (without the phone, see the page).
pub async fn current_input(app: &App, c: &Consultation) -> AppResult<NewConsultationInput> {
    let village = match c.village_id {
        Some(id) => orgs::get(&app.db, id).await?.code,
        None => String::new(),
    };
    Ok(NewConsultationInput {
        consulted_on: c.consulted_on.to_string(),
        channel: c.channel.clone(),
        village,
        person: c.person.clone(),
        phone: c.phone.clone().unwrap_or_default(),
        topic: c.topic.clone(),
        category: c.category.clone(),
        answer: c.answer.clone(),
        aid_explained: c.aid_explained,
        handler: c.handler.clone(),
        follow_up: c.follow_up.clone(),
        dispute_id: c.dispute_id,
    })
}

//! Legal consultations on the register kit (`service::revision::Register`), as publicity events
//! (`publicity_revisions`): edit on the version seen, withdraw (作废) with a reason, restore, and
//! the history. The link to a dispute (转为纠纷登记) is a step of its own and no edit changes it.

use fazhi_domain::access::Area;
use fazhi_domain::dispute::Channel;
use fazhi_domain::revision::FieldChange;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::consultations::{self as store, Consultation, NewConsultation};
use crate::storage::db::On;
use crate::storage::{orgs, revision as kit, Scope, StorageError, Tx};

use super::consultations::{masked, parse_input, NewConsultationInput};
use super::revision::Register;
use super::Caller;

const CHANNEL_LABEL: &str = "咨询方式";

/// The register of legal consultations, for the kit.
pub struct Consultations;

impl Register for Consultations {
    type Record = Consultation;
    type Input = NewConsultationInput;
    type Valid = NewConsultation;

    const AREA: Area = Area::Consultations;
    /// The ledger's Chinese names (fazhi-ledger specs CONSULTATIONS), and the form's labels for
    /// the fields the ledger lacks.
    const LABELS: &'static [(&'static str, &'static str)] = &[
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
    const FIXED: &'static [&'static str] = &["dispute_id"];

    fn target(r: &Consultation) -> kit::Target {
        store::target(r)
    }
    fn version(r: &Consultation) -> i64 {
        r.version
    }
    fn is_withdrawn(r: &Consultation) -> bool {
        r.withdrawn_at.is_some()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<Consultation, StorageError> {
        store::get(on, scope, id).await
    }

    /// The phone in full: it is re-validated, never shown (the edit form leaves it out).
    async fn current_input(app: &App, c: &Consultation) -> AppResult<NewConsultationInput> {
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

    async fn check(
        app: &App,
        caller: &Caller,
        before: &Consultation,
        mut input: NewConsultationInput,
    ) -> AppResult<NewConsultation> {
        // The dispute link is kept whatever the input says.
        input.dispute_id = before.dispute_id;
        // Without a village it stays with the unit it was recorded for, if it had none before.
        let default_org = if before.village_id.is_none() {
            before.org_id
        } else {
            caller.org_id
        };
        parse_input(app, caller, input, default_org).await
    }

    async fn write(tx: &mut Tx, before: &Consultation, c: &NewConsultation) -> AppResult<()> {
        Ok(store::update(tx, before, c).await?)
    }

    fn present(c: Consultation) -> Consultation {
        masked(c)
    }

    /// The channel is stored as a code; people read 窗口 / 电话 / 网络 / 下村.
    fn relabel(c: &mut FieldChange) {
        if c.label == CHANNEL_LABEL {
            for v in [&mut c.before, &mut c.after] {
                if let Some(ch) = Channel::parse(v) {
                    *v = ch.label().to_owned();
                }
            }
        }
    }
}

//! Legal-aid referrals on the register kit (`service::revision::Register`), as consultations
//! (`consultation_revisions`): edit on the version seen, withdraw (作废) with a reason —
//! which stops the case's clocks in the same transaction — restore, and the history. Once the
//! centre has decided, a change is a 更正 with a reason. The links to a consultation and a
//! dispute are made at registration and no edit changes them.

use fazhi_domain::access::Area;
use fazhi_domain::dispute::AidDecision;

use crate::app::App;
use crate::error::AppResult;
use crate::storage::db::On;
use crate::storage::legal_aid::{self as store, Corrected, Referral};
use crate::storage::{
    deadlines as store_deadlines, orgs, revision as kit, Scope, StorageError, Tx,
};

use super::legal_aid::{masked, parse_input, NewReferralInput, REGISTER};
use super::legal_aid_clock::{self as clock, ClockPlan};
use super::revision::Register;
use super::Caller;

/// The register of legal-aid referrals, for the kit.
pub struct LegalAid;

/// A checked correction, and the clocks it restarts (worked out before the transaction, on the
/// organisation's calendar).
pub struct Checked {
    fields: Corrected,
    clocks: Option<ClockPlan>,
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl Register for LegalAid {
    type Record = Referral;
    type Input = NewReferralInput;
    type Valid = Checked;

    const AREA: Area = Area::LegalAid;
    /// The ledger's Chinese names (fazhi-ledger specs LEGAL_AID), and the page's labels for the
    /// fields the ledger lacks.
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("applied_on", "申请日期"),
        ("applicant", "申请人"),
        ("id_no", "身份证号码"),
        ("phone", "手机号码"),
        ("village_name", "所属村"),
        ("matter", "事项"),
        ("institution", "转交机构"),
        ("referred_on", "转交日期"),
        ("materials_requested_on", "告知补充材料日期"),
        ("materials_supplied_on", "补齐材料日期"),
        ("decided_on", "决定日期"),
        ("refusal_reason", "不予援助理由"),
        ("lawyer", "指派律师"),
        ("assigned_on", "指派日期"),
    ];
    const FIXED: &'static [&'static str] = &["consultation_id", "dispute_id"];

    fn target(r: &Referral) -> kit::Target {
        store::target(r)
    }
    fn version(r: &Referral) -> i64 {
        r.version
    }
    fn is_withdrawn(r: &Referral) -> bool {
        r.withdrawn_at.is_some()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<Referral, StorageError> {
        store::get(on, scope, id).await
    }

    /// The ID number and phone in full: re-validated, never shown (the edit form leaves them
    /// out).
    async fn current_input(app: &App, r: &Referral) -> AppResult<NewReferralInput> {
        let village = match r.village_id {
            Some(id) => orgs::get(&app.db, id).await?.code,
            None => String::new(),
        };
        Ok(NewReferralInput {
            applied_on: r.applied_on.to_string(),
            applicant: r.applicant.clone(),
            id_no: r.id_no.clone().unwrap_or_default(),
            phone: r.phone.clone().unwrap_or_default(),
            village,
            matter: r.matter.clone(),
            institution: r.institution.clone(),
            referred_on: date_text(r.referred_on),
            materials_requested_on: date_text(r.materials_requested_on),
            materials_supplied_on: date_text(r.materials_supplied_on),
            decided_on: date_text(r.decided_on),
            refusal_reason: r.refusal_reason.clone().unwrap_or_default(),
            lawyer: r.lawyer.clone().unwrap_or_default(),
            assigned_on: date_text(r.assigned_on),
            consultation_id: r.consultation_id,
            dispute_id: r.dispute_id,
        })
    }

    async fn check(
        app: &App,
        caller: &Caller,
        before: &Referral,
        mut input: NewReferralInput,
    ) -> AppResult<Checked> {
        input.consultation_id = before.consultation_id;
        input.dispute_id = before.dispute_id;
        let default_org = if before.village_id.is_none() {
            before.org_id
        } else {
            caller.org_id
        };
        let fields = parse_input(app, caller, input, Some(before), default_org).await?;
        // The clocks follow the corrected dates (a referral imported from a ledger has none,
        // and gets none from an edit).
        let clocks = if store_deadlines::any_for_record(&app.db, REGISTER, before.id).await? {
            Some(clock::plan(&app.db, app, &corrected(before, &fields)).await?)
        } else {
            None
        };
        Ok(Checked { fields, clocks })
    }

    async fn write(tx: &mut Tx, before: &Referral, c: &Checked) -> AppResult<()> {
        store::update(tx, before, &c.fields).await?;
        if let Some(plan) = &c.clocks {
            clock::apply(tx, before.id, plan).await?;
        }
        Ok(())
    }

    /// After the centre's decision the case is decided: any change is a 更正.
    fn is_correction(before: &Referral, c: &Checked) -> bool {
        before.decision != AidDecision::Pending.code() && corrected(before, &c.fields) != *before
    }

    fn present(r: Referral) -> Referral {
        masked(r)
    }

    async fn on_mark(tx: &mut Tx, r: &Referral, withdrawn: bool) -> AppResult<()> {
        clock::on_mark(tx, r, withdrawn).await
    }
}

/// The referral as it will read after the correction (for its clocks, and to tell whether
/// anything changed).
fn corrected(before: &Referral, c: &Corrected) -> Referral {
    let n = &c.new;
    Referral {
        org_id: n.org_id,
        village_id: n.village_id,
        applied_on: n.applied_on,
        applicant: n.applicant.clone(),
        id_no: n.id_no.clone(),
        phone: n.phone.clone(),
        matter: n.matter.clone(),
        institution: n.institution.clone(),
        referred_on: n.referred_on,
        materials_requested_on: n.materials_requested_on,
        materials_supplied_on: n.materials_supplied_on,
        decided_on: c.decided_on,
        refusal_reason: c.refusal_reason.clone(),
        lawyer: c.lawyer.clone(),
        assigned_on: c.assigned_on,
        ..before.clone()
    }
}

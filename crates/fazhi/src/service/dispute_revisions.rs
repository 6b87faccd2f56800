//! Disputes on the register kit (`service::revision::Register`): a case is corrected on the
//! version seen, withdrawn (作废) with a reason and restored, and its history lists each change,
//! the parties one by one. An edit changes what was registered, the parties (added, corrected,
//! removed) and a closing step's texts; never the state, which only steps move (人民调解法 第二十
//! 八条 ff.). Once a case is concluded, changing what its agreement or closing holds is a 更正
//! with a reason.

use fazhi_domain::access::Area;
use fazhi_domain::dispute::{self as rules, history, Risk, Source, Status};
use fazhi_domain::mask;
use fazhi_domain::revision::FieldChange;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::app::App;
use crate::error::AppResult;
use crate::storage::db::On;
use crate::storage::disputes::{self as store, Dispute, Party};
use crate::storage::{deadlines, orgs, revision as kit, Scope, StorageError, Tx};

use super::disputes::{check_input, yuan, Checked, NewDisputeInput, PartyInput, REGISTER};
use super::revision::Register;
use super::Caller;

/// A case with its parties: what an edit changes and the audit log keeps before and after.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DisputeRecord {
    #[serde(flatten)]
    pub dispute: Dispute,
    pub parties: Vec<Party>,
}

/// The disputes register, for the kit.
pub struct Disputes;

const SOURCE_LABEL: &str = "来源";
const RISK_LABEL: &str = "风险等级";
const AMOUNT_LABEL: &str = "涉及金额（元）";

/// The fields an edit changes, in the history's order.
const LABELS: &[(&str, &str)] = &[
    ("case_no", "编号"),
    ("registered_on", "登记日期"),
    ("village_name", "所属村"),
    ("org_name", "办理单位"),
    ("dispute_type", "纠纷类型"),
    ("source", SOURCE_LABEL),
    ("summary", "简要情况"),
    ("claims", "当事人诉求"),
    ("risk", RISK_LABEL),
    ("mediators", "调解员"),
    ("people_involved", "涉及人数"),
    ("group_dispute", "群体性纠纷"),
    ("amount_fen", AMOUNT_LABEL),
    ("police_reported", "已向公安机关报告"),
    ("police_reported_on", "报告日期"),
    ("police_recipient", "接收单位"),
    ("agreement_terms", "协议内容"),
    ("performance_terms", "履行方式、地点和期限"),
    ("responsibility", "各方责任"),
    ("outcome_reason", "理由"),
];

/// The fields a concluded case's closing and agreement rest on: changing one is a 更正.
fn final_content<P: Serialize>(d: &Dispute, parties: &[P]) -> Value {
    // Parties compared by the fields people enter, whatever their stored ids and positions.
    let party = |p: &P| {
        let v = serde_json::to_value(p).unwrap_or_default();
        history::PARTY_LABELS
            .iter()
            .map(|(field, _)| v.get(field).cloned().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    serde_json::json!({
        "case_no": d.case_no, "summary": d.summary, "claims": d.claims,
        "mediators": d.mediators, "agreement_terms": d.agreement_terms,
        "performance_terms": d.performance_terms, "responsibility": d.responsibility,
        "outcome_reason": d.outcome_reason,
        "parties": parties.iter().map(party).collect::<Vec<_>>(),
    })
}

/// A masked value (`6501**********1234`) given back for the value on file is that value: an
/// API client can send back what it read, and the edit form shows numbers only masked.
fn unmasked(given: &str, on_file: &str, mask: fn(&str) -> String) -> Option<String> {
    (given.contains('*') && !on_file.is_empty() && mask(on_file) == given.trim())
        .then(|| on_file.to_owned())
}

/// Restores the full ID numbers and phones of parties given back masked: the party on file of
/// the same name, else the one in the same place.
pub fn keep_masked(current: &NewDisputeInput, input: &mut NewDisputeInput) {
    for (i, p) in input.parties.iter_mut().enumerate() {
        let candidates = current
            .parties
            .iter()
            .filter(|c| c.name.trim() == p.name.trim())
            .chain(current.parties.get(i));
        for c in candidates {
            if let Some(v) = unmasked(&p.id_no, &c.id_no, mask::mask_id_card) {
                p.id_no = v;
            }
            if let Some(v) = unmasked(&p.phone, &c.phone, mask::mask_phone) {
                p.phone = v;
            }
        }
    }
}

impl Register for Disputes {
    type Record = DisputeRecord;
    type Input = NewDisputeInput;
    type Valid = Checked;

    const AREA: Area = Area::Disputes;
    const LABELS: &'static [(&'static str, &'static str)] = LABELS;
    /// The level moves by 上报 and the consultation link by 转为纠纷登记 (steps of their own);
    /// acceptance is a step too.
    const FIXED: &'static [&'static str] = &["level", "accept_now", "consultation_id"];

    fn target(r: &DisputeRecord) -> kit::Target {
        store::target(&r.dispute)
    }
    fn version(r: &DisputeRecord) -> i64 {
        r.dispute.version
    }
    fn is_withdrawn(r: &DisputeRecord) -> bool {
        r.dispute.withdrawn_at.is_some()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<DisputeRecord, StorageError> {
        let (dispute, parties) = store::with_parties(on, scope, id).await?;
        Ok(DisputeRecord { dispute, parties })
    }

    /// ID numbers and phones in full: they are checked again, and shown only masked.
    async fn current_input(app: &App, r: &DisputeRecord) -> AppResult<NewDisputeInput> {
        let d = &r.dispute;
        let village = match d.village_id {
            Some(id) => orgs::get(&app.db, id).await?.code,
            None => String::new(),
        };
        let or_blank = |s: &Option<String>| s.clone().unwrap_or_default();
        Ok(NewDisputeInput {
            case_no: d.case_no.clone(),
            registered_on: d.registered_on.to_string(),
            village,
            source: d.source.clone(),
            dispute_type: d.dispute_type.clone(),
            summary: d.summary.clone(),
            claims: d.claims.clone(),
            risk: d.risk.clone(),
            level: d.level.clone(),
            mediators: d.mediators.clone(),
            people_involved: Some(d.people_involved),
            group_dispute: d.group_dispute,
            amount: d.amount_fen.map(yuan).unwrap_or_default(),
            police_reported: d.police_reported,
            police_reported_on: d
                .police_reported_on
                .map(|on| on.to_string())
                .unwrap_or_default(),
            police_recipient: or_blank(&d.police_recipient),
            accept_now: false,
            parties: r
                .parties
                .iter()
                .map(|p| PartyInput {
                    kind: p.kind.clone(),
                    name: p.name.clone(),
                    sex: or_blank(&p.sex),
                    ethnicity: or_blank(&p.ethnicity),
                    id_no: or_blank(&p.id_no),
                    phone: or_blank(&p.phone),
                    address: or_blank(&p.address),
                })
                .collect(),
            consultation_id: None,
            agreement_terms: or_blank(&d.agreement_terms),
            performance_terms: or_blank(&d.performance_terms),
            responsibility: or_blank(&d.responsibility),
            outcome_reason: or_blank(&d.outcome_reason),
        })
    }

    async fn check(
        app: &App,
        caller: &Caller,
        before: &DisputeRecord,
        input: NewDisputeInput,
    ) -> AppResult<Checked> {
        check_input(app, caller, input, Some(&before.dispute)).await
    }

    async fn write(tx: &mut Tx, before: &DisputeRecord, c: &Checked) -> AppResult<()> {
        Ok(store::update(tx, &before.dispute, &c.dispute, &c.closing).await?)
    }

    /// A concluded case's parties, facts, agreement and closing texts are final.
    fn is_correction(before: &DisputeRecord, c: &Checked) -> bool {
        let d = &before.dispute;
        if !Status::parse(&d.status).is_some_and(rules::correction::is_final) {
            return false;
        }
        let mut after = d.clone();
        after.case_no = c.dispute.case_no.clone();
        after.summary = c.dispute.summary.clone();
        after.claims = c.dispute.claims.clone();
        after.mediators = c.dispute.mediators.clone();
        after.agreement_terms = c.closing.agreement_terms.clone();
        after.performance_terms = c.closing.performance_terms.clone();
        after.responsibility = c.closing.responsibility.clone();
        after.outcome_reason = c.closing.outcome_reason.clone();
        final_content(d, &before.parties) != final_content(&after, &c.dispute.parties)
    }

    /// ID numbers and phones masked, as on the case page.
    fn present(mut r: DisputeRecord) -> DisputeRecord {
        for p in &mut r.parties {
            p.id_no = p.id_no.as_deref().map(mask::mask_id_card);
            p.phone = p.phone.as_deref().map(mask::mask_phone);
        }
        r
    }

    /// A party given back masked keeps the number on file.
    fn patched(named: &Map<String, Value>, current: &NewDisputeInput, input: &mut NewDisputeInput) {
        if named.contains_key("parties") {
            keep_masked(current, input);
        }
    }

    fn relabel(c: &mut FieldChange) {
        for v in [&mut c.before, &mut c.after] {
            let label = match c.label.as_str() {
                SOURCE_LABEL => Source::parse(v).map(|s| s.label().to_owned()),
                RISK_LABEL => Risk::parse(v).map(|r| r.label().to_owned()),
                AMOUNT_LABEL => v.parse::<i64>().ok().map(yuan),
                _ => None,
            };
            if let Some(l) = label {
                *v = l;
            }
        }
    }

    fn changes(before: &Value, after: &Value) -> Vec<FieldChange> {
        let mut changes = fazhi_domain::revision::field_changes(LABELS, before, after);
        changes.extend(history::party_changes(before, after));
        changes
    }

    /// The lifecycle steps under their names on the case page.
    fn action_label(action: &str) -> Option<&'static str> {
        match action {
            "add_session" => Some("记录调解"),
            "add_return_visit" => Some("回访"),
            "judicial_confirmation" => Some("司法确认"),
            other => rules::Action::ALL
                .iter()
                .find(|a| a.code() == other)
                .map(|a| a.label()),
        }
    }

    /// A withdrawn case's deadlines leave the to-do list; a restored one's running deadlines
    /// (those its state still runs) come back.
    async fn on_mark(tx: &mut Tx, r: &DisputeRecord, withdrawn: bool) -> AppResult<()> {
        let id = r.dispute.id;
        if withdrawn {
            return Ok(deadlines::settle_all(tx, REGISTER, id).await?);
        }
        let d = &r.dispute;
        let mut running = Vec::new();
        if Status::parse(&d.status).is_some_and(Status::mediation_clock_runs) {
            running.push(super::disputes::RULE_MONTH);
        }
        if d.agreement_effective_on.is_some() && !d.confirmation_applied {
            running.push(super::disputes::RULE_CONFIRMATION);
        }
        Ok(deadlines::reopen(tx, REGISTER, id, &running).await?)
    }
}

//! Staff pages of the legal-aid referral register (法律援助台账): the filtered list with totals
//! and exports, the referral form, and a referral's page with its two deadlines (decision in 7
//! days, lawyer in 3) and the steps the service allows next.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use fazhi_domain::access::Area;
use fazhi_domain::dispute::AidDecision;
use fazhi_domain::mask;

use super::case_list::list_page;
use super::case_page::{detail_page_is_case_page, Case, CasePage, Shown};
use super::disputes::{not_found, FormState};
use super::kit::{PageRegister, Revisions};
use super::register_pages::{
    fill, form_register, read_input, revisions, village_code, village_options, At, FormView, Frame,
    NewForm, RegForm,
};
use super::{render, Ctx};
use crate::app::App;
use crate::error::AppResult;
use crate::service::legal_aid::{
    self as service, NewReferralInput, Referral, ReferralStep, ReferralView,
};
use crate::service::legal_aid_revisions::LegalAid;
use crate::service::orgs::Org;
use crate::service::Caller;
use crate::web::error::PageError;

list_page!(LegalAid, "legal_aid/list.html");

impl ListPage {
    fn decisions(&self) -> Vec<(&'static str, &'static str)> {
        AidDecision::options()
    }
}

#[derive(Template)]
#[template(path = "legal_aid/new.html")]
struct FormPage {
    ctx: Ctx,
    frame: Frame,
    /// A correction of a decided case: a 更正, which needs a reason.
    correction: bool,
    /// Which steps' fields a correction shows (recorded by the steps, corrected here).
    decided: bool,
    refused: bool,
    assigned: bool,
    /// A correction's ID number and phone on file, masked: left blank to keep them.
    id_no_on_file: Option<String>,
    phone_on_file: Option<String>,
    form: FormState,
    errors: BTreeMap<String, String>,
    villages: Vec<Org>,
}

impl RegForm for LegalAid {
    const HEADINGS: [&'static str; 2] = ["登记法律援助申请", "修改法律援助申请"];
    const DATED: &'static [&'static str] = &["applied_on", "referred_on"];

    /// Referred from a consultation: who asked, about what, from where; from a case: linked
    /// to it.
    async fn new_form(new: &mut NewForm<'_>) -> Result<(), PageError> {
        let At { app, session } = new.at;
        if let Some(cid) = new.from.consultation() {
            let c = crate::service::consultations::for_follow_up(app, &session.caller, cid).await?;
            new.set("consultation_id", cid.to_string());
            new.set("applicant", c.person);
            new.set("matter", c.topic);
            if let Some(d) = c.dispute_id {
                new.set("dispute_id", d.to_string());
            }
            if let Some(code) = village_code(app, session, c.village_id).await? {
                new.set("village", code);
            }
        }
        new.from.link_dispute(&mut new.form);
        Ok(())
    }

    fn input(f: &FormState) -> AppResult<NewReferralInput> {
        Ok(read_input!(f => NewReferralInput {
            text: [applied_on, applicant, id_no, phone, village, matter, institution,
                referred_on, materials_requested_on, materials_supplied_on, decided_on,
                refusal_reason, lawyer, assigned_on],
            checked: [],
            numbers: [consultation_id, dispute_id],
        }))
    }

    async fn create(app: &App, caller: &Caller, input: NewReferralInput) -> AppResult<i64> {
        Ok(service::create(app, caller, input).await?.id)
    }

    /// A correction shows the fields of the steps the case has taken, asks for a reason once
    /// it is decided, and shows the ID number and phone on file masked.
    async fn form_page(v: FormView<'_, Self>) -> Result<Html<String>, PageError> {
        let r = v.editing.as_ref().map(|e| e.record);
        render(&FormPage {
            ctx: Ctx::new(v.at.session, "legal_aid"),
            frame: v.frame(),
            correction: r.is_some_and(|r| r.decision != AidDecision::Pending.code()),
            decided: r.is_some_and(|r| r.decided_on.is_some()),
            refused: r.is_some_and(|r| r.decision == AidDecision::Refused.code()),
            assigned: r.is_some_and(|r| r.assigned_on.is_some()),
            id_no_on_file: r.and_then(|r| r.id_no.as_deref().map(mask::mask_id_card)),
            phone_on_file: r.and_then(|r| r.phone.as_deref().map(mask::mask_phone)),
            form: v.form,
            errors: v.errors,
            villages: village_options(v.at.app, v.at.session).await?,
        })
    }
}

#[derive(Template)]
#[template(path = "legal_aid/detail.html")]
struct DetailPage {
    ctx: Ctx,
    v: ReferralView,
    may_transfer: bool,
    may_decide: bool,
    may_assign: bool,
    errors: BTreeMap<String, String>,
    /// The step whose form is open (after an error).
    open_step: String,
    form: FormState,
    today: String,
    rv: Revisions,
}

impl CasePage for LegalAid {
    async fn case_page(case: Case<'_>, shown: Shown) -> Result<Html<String>, PageError> {
        let Case { app, session, id } = case;
        let v = service::get(app, &session.caller, id, shown.reveal).await?;
        let may_write = session.caller.role.can_write(Area::LegalAid);
        let r = &v.referral;
        let rv = revisions::<LegalAid>(app, &session.caller, id, r, true).await?;
        render(&DetailPage {
            rv,
            ctx: Ctx::new(session, "legal_aid"),
            may_transfer: may_write && service::may_transfer(&v.referral),
            may_decide: may_write && service::may_decide(&v.referral),
            may_assign: may_write && service::may_assign(&v.referral),
            v,
            errors: shown.errors,
            open_step: shown.step,
            form: shown.form,
            today: crate::service::deadlines::today().to_string(),
        })
    }

    /// The transfer to the centre, its decision or the lawyer's assignment.
    async fn step(case: Case<'_>, posted: &mut Shown) -> Result<AppResult<String>, PageError> {
        let Case { app, session, id } = case;
        let f = |key: &str| posted.form.v(key).to_owned();
        let input = ReferralStep {
            decision: f("decision"),
            date: f("date"),
            reason: f("reason"),
            lawyer: f("lawyer"),
            institution: f("institution"),
        };
        let caller = &session.caller;
        let result = match posted.step.as_str() {
            "transfer" => service::transfer(app, caller, id, input).await,
            "decision" => service::decide(app, caller, id, input).await,
            "assignment" => service::assign(app, caller, id, input).await,
            _ => return Err(not_found()),
        };
        Ok(result.map(|_| format!("/legal-aid/{id}")))
    }
}

impl PageRegister for LegalAid {
    const PAGE: &'static str = "/legal-aid";
    form_register!();

    /// The ID number and phone are left blank (shown masked beside them) so that editing never
    /// reveals them.
    fn form_of(i: NewReferralInput, _r: &Referral) -> FormState {
        fill!(i: applied_on, applicant, village, matter, institution, referred_on,
            materials_requested_on, materials_supplied_on, decided_on, refusal_reason, lawyer,
            assigned_on)
    }

    /// A blank ID number or phone keeps the one on file (the form never shows them in full).
    fn entered(current: NewReferralInput, entered: NewReferralInput) -> NewReferralInput {
        let keep = |now: String, typed: String| if typed.trim().is_empty() { now } else { typed };
        NewReferralInput {
            id_no: keep(current.id_no, entered.id_no),
            phone: keep(current.phone, entered.phone),
            ..entered
        }
    }

    detail_page_is_case_page!();
}

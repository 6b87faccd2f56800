//! Staff pages of the legal-aid referral register (法律援助台账): the filtered list with totals
//! and exports, the referral form, and a referral's page with its two deadlines (decision in 7
//! days, lawyer in 3) and the steps the service allows next.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use fazhi_domain::access::Area;
use fazhi_domain::dispute::AidDecision;
use fazhi_domain::mask;
use serde::Deserialize;

use super::case_list::list_page;
use super::case_page::{detail_page_is_case_page, CasePage, Shown};
use super::disputes::{not_found, org_options, FormState};
use super::kit::{self, PageRegister, Revisions};
use super::register_pages::{answer, filled, read_posted, village_options};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::legal_aid::{
    self as service, NewReferralInput, Referral, ReferralStep, ReferralView,
};
use crate::service::legal_aid_revisions::LegalAid;
use crate::service::orgs::Org;
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

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
    /// Where the form posts: `/legal-aid`, or `/legal-aid/{id}/edit` for a correction.
    action: String,
    heading: &'static str,
    /// The version a correction is based on.
    version: Option<i64>,
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

impl FormPage {
    async fn new(
        app: &SharedApp,
        session: &Session,
        form: FormState,
        errors: BTreeMap<String, String>,
        editing: Option<&Referral>,
        version: Option<i64>,
    ) -> Result<FormPage, PageError> {
        session.caller.require_write(Area::LegalAid)?;
        let decided = editing.is_some_and(|r| r.decided_on.is_some());
        Ok(FormPage {
            ctx: Ctx::new(session, "legal_aid"),
            action: editing.map_or_else(
                || "/legal-aid".to_owned(),
                |r| format!("/legal-aid/{}/edit", r.id),
            ),
            heading: if editing.is_some() {
                "修改法律援助申请"
            } else {
                "登记法律援助申请"
            },
            version,
            correction: editing.is_some_and(|r| r.decision != AidDecision::Pending.code()),
            decided,
            refused: editing.is_some_and(|r| r.decision == AidDecision::Refused.code()),
            assigned: editing.is_some_and(|r| r.assigned_on.is_some()),
            id_no_on_file: editing.and_then(|r| r.id_no.as_deref().map(mask::mask_id_card)),
            phone_on_file: editing.and_then(|r| r.phone.as_deref().map(mask::mask_phone)),
            form,
            errors,
            villages: village_options(app, session).await?,
        })
    }
}

async fn form_page(
    app: &SharedApp,
    session: &Session,
    form: FormState,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    render(&FormPage::new(app, session, form, errors, None, None).await?)
}

#[derive(Deserialize)]
pub struct NewParams {
    #[serde(default)]
    consultation: Option<String>,
    #[serde(default)]
    dispute: Option<String>,
}

pub async fn new_form(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<NewParams>,
) -> Result<Response, PageError> {
    let today = crate::service::deadlines::today().to_string();
    let mut form = FormState::default();
    form.0.insert("applied_on".into(), today.clone());
    form.0.insert("referred_on".into(), today);
    // Referred from a consultation: carry over who asked, about what, from where.
    if let Some(cid) = p.consultation.and_then(|c| c.parse::<i64>().ok()) {
        let c = crate::service::consultations::for_follow_up(&app, &session.caller, cid).await?;
        form.0.insert("consultation_id".into(), cid.to_string());
        form.0.insert("applicant".into(), c.person);
        form.0.insert("matter".into(), c.topic);
        if let Some(d) = c.dispute_id {
            form.0.insert("dispute_id".into(), d.to_string());
        }
        if c.village_id.is_some() {
            let code = org_options(&app, &session)
                .await?
                .into_iter()
                .find(|o| Some(o.id) == c.village_id)
                .map(|o| o.code);
            form.0.insert("village".into(), code.unwrap_or_default());
        }
    }
    if let Some(d) = p.dispute.filter(|d| d.parse::<i64>().is_ok()) {
        form.0.insert("dispute_id".into(), d);
    }
    Ok(form_page(&app, &session, form, BTreeMap::new())
        .await?
        .into_response())
}

fn input_from_form(f: &FormState) -> NewReferralInput {
    NewReferralInput {
        applied_on: f.v("applied_on").to_owned(),
        applicant: f.v("applicant").to_owned(),
        id_no: f.v("id_no").to_owned(),
        phone: f.v("phone").to_owned(),
        village: f.v("village").to_owned(),
        matter: f.v("matter").to_owned(),
        institution: f.v("institution").to_owned(),
        referred_on: f.v("referred_on").to_owned(),
        materials_requested_on: f.v("materials_requested_on").to_owned(),
        materials_supplied_on: f.v("materials_supplied_on").to_owned(),
        decided_on: f.v("decided_on").to_owned(),
        refusal_reason: f.v("refusal_reason").to_owned(),
        lawyer: f.v("lawyer").to_owned(),
        assigned_on: f.v("assigned_on").to_owned(),
        consultation_id: f.v("consultation_id").trim().parse().ok(),
        dispute_id: f.v("dispute_id").trim().parse().ok(),
    }
}

pub async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, mut form): CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    form.remove("_csrf");
    let form = FormState(form);
    let result = service::create(&app, &session.caller, input_from_form(&form)).await;
    answer(
        result.map(|r| format!("/legal-aid/{}", r.id)),
        "_",
        |errors| form_page(&app, &session, form, errors),
    )
    .await
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
    async fn case_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        shown: Shown,
    ) -> Result<Html<String>, PageError> {
        let v = service::get(app, &session.caller, id, shown.reveal).await?;
        let may_write = session.caller.role.can_write(Area::LegalAid);
        let r = &v.referral;
        let rv = kit::revisions::<LegalAid>(
            app,
            &session.caller,
            id,
            r.withdrawn_reason.as_deref(),
            r.withdrawn_at.is_some(),
            r.created_at,
        )
        .await?;
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
    async fn step(
        app: &SharedApp,
        session: &Session,
        id: i64,
        step: &str,
        form: &mut BTreeMap<String, String>,
    ) -> Result<AppResult<String>, PageError> {
        let f = |key: &str| form.get(key).cloned().unwrap_or_default();
        let input = ReferralStep {
            decision: f("decision"),
            date: f("date"),
            reason: f("reason"),
            lawyer: f("lawyer"),
            institution: f("institution"),
        };
        let caller = &session.caller;
        let result = match step {
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
    type Form = FormState;

    fn read_form(pairs: &[(String, String)]) -> (FormState, AppResult<NewReferralInput>) {
        read_posted(pairs, input_from_form)
    }

    /// The ID number and phone are left blank (shown masked beside them) so that editing never
    /// reveals them.
    fn form_of(i: NewReferralInput, _r: &Referral) -> FormState {
        filled([
            ("applied_on", i.applied_on),
            ("applicant", i.applicant),
            ("village", i.village),
            ("matter", i.matter),
            ("institution", i.institution),
            ("referred_on", i.referred_on),
            ("materials_requested_on", i.materials_requested_on),
            ("materials_supplied_on", i.materials_supplied_on),
            ("decided_on", i.decided_on),
            ("refusal_reason", i.refusal_reason),
            ("lawyer", i.lawyer),
            ("assigned_on", i.assigned_on),
        ])
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

    async fn edit_page(
        app: &SharedApp,
        session: &Session,
        form: FormState,
        errors: BTreeMap<String, String>,
        editing: kit::Editing<'_, Referral>,
    ) -> Result<Html<String>, PageError> {
        let page = FormPage::new(
            app,
            session,
            form,
            errors,
            Some(editing.record),
            Some(editing.version),
        )
        .await?;
        render(&page)
    }

    detail_page_is_case_page!();
}

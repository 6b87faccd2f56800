//! Staff pages of the legal-consultation register (法律咨询台账): the filtered list with totals
//! and exports, the recording form (usable on a phone), and a consultation's page with the
//! dispute it is linked to.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use fazhi_domain::access::Area;
use fazhi_domain::dispute::{Channel, CONSULTATION_FOLLOW_UPS};
use fazhi_domain::mask;

use super::case_list::list_page;
use super::case_page::{detail_page_is_case_page, Case, CasePage, Shown};
use super::disputes::FormState;
use super::kit::{PageRegister, Revisions};
use super::register_pages::{
    fill, form_register, read_input, revisions, village_options, At, FormView, Frame, NewForm,
    RegForm,
};
use super::{render, Ctx};
use crate::app::App;
use crate::error::AppResult;
use crate::service::consultation_revisions::Consultations;
use crate::service::consultations::{self as service, Consultation, NewConsultationInput};
use crate::service::orgs::Org;
use crate::service::Caller;
use crate::web::error::PageError;

fn channel_label(code: &str) -> &'static str {
    Channel::parse(code).map_or("", Channel::label)
}

list_page!(Consultations, "consultations/list.html");

impl ListPage {
    fn channel(&self, code: &str) -> &'static str {
        channel_label(code)
    }
}

#[derive(Template)]
#[template(path = "consultations/new.html")]
struct FormPage {
    ctx: Ctx,
    frame: Frame,
    /// A correction's stored phone, masked: the phone field is left blank to keep it.
    phone_on_file: Option<String>,
    form: FormState,
    errors: BTreeMap<String, String>,
    villages: Vec<Org>,
    channels: Vec<(&'static str, &'static str)>,
    follow_ups: &'static [&'static str],
    categories: Vec<String>,
}

impl RegForm for Consultations {
    const HEADINGS: [&'static str; 2] = ["登记法律咨询", "修改法律咨询"];
    const DATED: &'static [&'static str] = &["consulted_on"];

    /// Recorded from a case's page: linked to the case.
    async fn new_form(new: &mut NewForm<'_>) -> Result<(), PageError> {
        new.set("channel", Channel::Counter.code().into());
        new.set("handler", new.at.session.caller.name.clone());
        new.from.link_dispute(&mut new.form);
        Ok(())
    }

    fn input(f: &FormState) -> AppResult<NewConsultationInput> {
        Ok(read_input!(f => NewConsultationInput {
            text: [consulted_on, channel, village, person, phone, topic, category, answer,
                handler, follow_up],
            checked: [aid_explained],
            numbers: [dispute_id],
        }))
    }

    async fn create(app: &App, caller: &Caller, input: NewConsultationInput) -> AppResult<i64> {
        Ok(service::create(app, caller, input).await?.id)
    }

    /// A correction shows the stored phone masked and leaves the field blank to keep it.
    async fn form_page(v: FormView<'_, Self>) -> Result<Html<String>, PageError> {
        let At { app, session } = v.at;
        let phone = v.editing.as_ref().and_then(|e| e.record.phone.clone());
        render(&FormPage {
            ctx: Ctx::new(session, "consultations"),
            frame: v.frame(),
            phone_on_file: phone.as_deref().map(mask::mask_phone),
            form: v.form,
            errors: v.errors,
            villages: village_options(app, session).await?,
            channels: Channel::options(),
            follow_ups: CONSULTATION_FOLLOW_UPS,
            categories: service::categories(app, &session.caller).await?,
        })
    }
}

#[derive(Template)]
#[template(path = "consultations/detail.html")]
struct DetailPage {
    ctx: Ctx,
    c: Consultation,
    /// Whether the phone is shown in full (a logged view).
    personal_data_shown: bool,
    may_reveal: bool,
    channel: &'static str,
    /// The linked dispute's case number, when the caller may see it.
    dispute_case_no: Option<String>,
    can_refer: bool,
    /// Whether the caller may register a dispute from this (unlinked) consultation.
    can_register_dispute: bool,
    rv: Revisions,
    errors: BTreeMap<String, String>,
}

impl CasePage for Consultations {
    async fn case_page(case: Case<'_>, shown: Shown) -> Result<Html<String>, PageError> {
        let Case { app, session, id } = case;
        let caller = &session.caller;
        let v = service::get(app, caller, id, shown.reveal).await?;
        let c = v.consultation;
        let dispute_case_no = service::linked_case_no(app, caller, &c).await?;
        let live = c.withdrawn_at.is_none();
        let page = DetailPage {
            ctx: Ctx::new(session, "consultations"),
            channel: channel_label(&c.channel),
            dispute_case_no,
            can_refer: live && caller.role.can_write(Area::LegalAid),
            can_register_dispute: live
                && c.dispute_id.is_none()
                && caller.role.can_write(Area::Disputes)
                && caller.role.can_write(Area::Consultations),
            rv: revisions::<Consultations>(app, caller, id, &c, true).await?,
            errors: shown.errors,
            c,
            personal_data_shown: v.personal_data_shown,
            may_reveal: v.may_reveal,
        };
        render(&page)
    }
}

impl PageRegister for Consultations {
    const PAGE: &'static str = "/consultations";
    form_register!();

    /// The phone is left blank (shown masked beside it) so that editing never reveals it.
    fn form_of(i: NewConsultationInput, _c: &Consultation) -> FormState {
        let mut form = fill!(i: consulted_on, channel, village, person, topic, category, answer,
            handler, follow_up);
        if i.aid_explained {
            form.0.insert("aid_explained".into(), "on".into());
        }
        form
    }

    /// A blank phone keeps the one on file (the form never shows it in full).
    fn entered(
        current: NewConsultationInput,
        entered: NewConsultationInput,
    ) -> NewConsultationInput {
        NewConsultationInput {
            phone: if entered.phone.trim().is_empty() {
                current.phone
            } else {
                entered.phone
            },
            ..entered
        }
    }

    detail_page_is_case_page!();
}

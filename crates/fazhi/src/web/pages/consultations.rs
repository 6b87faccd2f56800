//! Staff pages of the legal-consultation register (法律咨询台账): the filtered list with totals
//! and exports, the recording form (usable on a phone), and a consultation's page with the
//! dispute it is linked to.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use fazhi_domain::access::Area;
use fazhi_domain::dispute::{Channel, CONSULTATION_FOLLOW_UPS};
use fazhi_domain::mask;
use serde::Deserialize;

use super::case_list::list_page;
use super::case_page::{detail_page_is_case_page, CasePage, Shown};
use super::disputes::FormState;
use super::kit::{self, PageRegister, Revisions};
use super::register_pages::{answer, filled, read_posted, village_options};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppResult;
use crate::service::consultation_revisions::Consultations;
use crate::service::consultations::{self as service, Consultation, NewConsultationInput};
use crate::service::orgs::Org;
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

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
    /// Where the form posts: `/consultations`, or `/consultations/{id}/edit` for a correction.
    action: String,
    heading: &'static str,
    /// The version a correction is based on.
    version: Option<i64>,
    /// A correction's stored phone, masked: the phone field is left blank to keep it.
    phone_on_file: Option<String>,
    form: FormState,
    errors: BTreeMap<String, String>,
    villages: Vec<Org>,
    channels: Vec<(&'static str, &'static str)>,
    follow_ups: &'static [&'static str],
    categories: Vec<String>,
}

async fn form_page(
    app: &SharedApp,
    session: &Session,
    form: FormState,
    errors: BTreeMap<String, String>,
) -> Result<FormPage, PageError> {
    edit_page(app, session, form, errors, None).await
}

/// A correction being made: the consultation, the version it is based on, its phone masked.
struct Editing {
    id: i64,
    version: i64,
    phone_on_file: Option<String>,
}

/// The consultation form: a new consultation, or (`editing`) a correction of one.
async fn edit_page(
    app: &SharedApp,
    session: &Session,
    form: FormState,
    errors: BTreeMap<String, String>,
    editing: Option<Editing>,
) -> Result<FormPage, PageError> {
    session.caller.require_write(Area::Consultations)?;
    Ok(FormPage {
        ctx: Ctx::new(session, "consultations"),
        action: editing.as_ref().map_or_else(
            || "/consultations".to_owned(),
            |e| format!("/consultations/{}/edit", e.id),
        ),
        heading: if editing.is_some() {
            "修改法律咨询"
        } else {
            "登记法律咨询"
        },
        version: editing.as_ref().map(|e| e.version),
        phone_on_file: editing.and_then(|e| e.phone_on_file),
        form,
        errors,
        villages: village_options(app, session).await?,
        channels: Channel::options(),
        follow_ups: CONSULTATION_FOLLOW_UPS,
        categories: service::categories(app, &session.caller).await?,
    })
}

#[derive(Deserialize)]
pub struct NewParams {
    /// The dispute this consultation belongs to, when recorded from the case page.
    #[serde(default)]
    dispute: Option<String>,
}

pub async fn new_form(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<NewParams>,
) -> Result<Response, PageError> {
    let mut form = FormState::default();
    form.0.insert(
        "consulted_on".into(),
        crate::service::deadlines::today().to_string(),
    );
    form.0
        .insert("channel".into(), Channel::Counter.code().into());
    form.0.insert("handler".into(), session.caller.name.clone());
    if let Some(d) = p.dispute.filter(|d| d.parse::<i64>().is_ok()) {
        form.0.insert("dispute_id".into(), d);
    }
    let page = form_page(&app, &session, form, BTreeMap::new()).await?;
    Ok(render(&page)?.into_response())
}

fn input_from_form(f: &FormState) -> NewConsultationInput {
    NewConsultationInput {
        consulted_on: f.v("consulted_on").to_owned(),
        channel: f.v("channel").to_owned(),
        village: f.v("village").to_owned(),
        person: f.v("person").to_owned(),
        phone: f.v("phone").to_owned(),
        topic: f.v("topic").to_owned(),
        category: f.v("category").to_owned(),
        answer: f.v("answer").to_owned(),
        aid_explained: f.checked("aid_explained"),
        handler: f.v("handler").to_owned(),
        follow_up: f.v("follow_up").to_owned(),
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
        result.map(|c| format!("/consultations/{}", c.id)),
        "_",
        |errors| async { render(&form_page(&app, &session, form, errors).await?) },
    )
    .await
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
    async fn case_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        shown: Shown,
    ) -> Result<Html<String>, PageError> {
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
            rv: kit::revisions::<Consultations>(
                app,
                caller,
                id,
                c.withdrawn_reason.as_deref(),
                c.withdrawn_at.is_some(),
                c.created_at,
            )
            .await?,
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
    type Form = FormState;

    fn read_form(pairs: &[(String, String)]) -> (FormState, AppResult<NewConsultationInput>) {
        read_posted(pairs, input_from_form)
    }

    /// The phone is left blank (shown masked beside it) so that editing never reveals it.
    fn form_of(i: NewConsultationInput, _c: &Consultation) -> FormState {
        let mut form = filled([
            ("consulted_on", i.consulted_on),
            ("channel", i.channel),
            ("village", i.village),
            ("person", i.person),
            ("topic", i.topic),
            ("category", i.category),
            ("answer", i.answer),
            ("handler", i.handler),
            ("follow_up", i.follow_up),
        ]);
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

    async fn edit_page(
        app: &SharedApp,
        session: &Session,
        form: FormState,
        errors: BTreeMap<String, String>,
        editing: kit::Editing<'_, Consultation>,
    ) -> Result<Html<String>, PageError> {
        let editing = Editing {
            id: editing.id,
            version: editing.version,
            phone_on_file: editing.record.phone.as_deref().map(mask::mask_phone),
        };
        render(&edit_page(app, session, form, errors, Some(editing)).await?)
    }

    detail_page_is_case_page!();
}

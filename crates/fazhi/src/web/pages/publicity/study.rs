//! Cadre law study sessions (学法记录): the list with hours per cadre, a new session, a session's
//! page and its correction (the register kit).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use fazhi_domain::access::Area;
use fazhi_domain::publicity::StudyForm;

use super::{count_field, non_empty, read_pairs, revisions_of, Pairs, YearListQuery};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision;
use crate::service::study::StudySessionRow;
use crate::service::study::{self, SessionInput};
use crate::service::study_revisions::Sessions;
use crate::web::error::PageError;
use crate::web::pages::admin::form_result;
use crate::web::pages::kit::{Editing, PageRegister, Revisions};
use crate::web::pages::list_page::Pager;
use crate::web::pages::{render, Ctx};
use crate::web::session::{CsrfForm, PageUser, Session};

// ---------------------------------------------------------------------------------------------
// Study sessions

#[derive(Default)]
pub struct SessionForm {
    org: String,
    held_on: String,
    form: String,
    laws: String,
    speaker: String,
    attendees: String,
    attendee_count: String,
    hours: String,
    notes: String,
}

#[derive(Template)]
#[template(path = "publicity/study.html")]
struct StudyPage {
    ctx: Ctx,
    year: String,
    items: Vec<StudySessionRow>,
    total: i64,
    hours: f64,
    per_cadre: Vec<(String, f64)>,
    study_forms: Vec<(&'static str, &'static str)>,
    orgs: Vec<Org>,
    form: SessionForm,
    errors: BTreeMap<String, String>,
    pager: Pager,
    can_write: bool,
    /// Listing the withdrawn sessions.
    withdrawn: bool,
}

async fn study_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: SessionForm,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let page = Some((q.paging().page, q.paging().per_page));
    let list = study::list_sessions(app, caller, &q.query()?, None, page).await?;
    render(&StudyPage {
        withdrawn: q.withdrawn(),
        ctx: Ctx::new(session, "study"),
        pager: q.pager("/study", list.total),
        year: q.year,
        items: list.items,
        total: list.total,
        hours: list.hours,
        per_cadre: list.hours_per_cadre,
        study_forms: StudyForm::ALL.map(|f| (f.code(), f.label())).to_vec(),
        orgs: orgs_service::visible(app, caller).await?,
        form,
        errors,
        can_write: caller.role.can_write(Area::Study),
    })
}

pub async fn sessions(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearListQuery>,
) -> Result<Html<String>, PageError> {
    let form = SessionForm {
        held_on: crate::clock::today().to_string(),
        ..SessionForm::default()
    };
    study_page(&app, &session, q, form, BTreeMap::new()).await
}

/// The session form as posted: what to show again, the input for the service, and what the
/// page itself could not read (a number that is not one).
fn read_session_form(p: &Pairs) -> (SessionForm, SessionInput, BTreeMap<String, String>) {
    let form = SessionForm {
        org: p.get("org"),
        held_on: p.get("held_on"),
        form: p.get("form"),
        laws: p.get("laws"),
        speaker: p.get("speaker"),
        attendees: p.get("attendees"),
        attendee_count: p.get("attendee_count"),
        hours: p.get("hours"),
        notes: p.get("notes"),
    };
    let mut own = BTreeMap::new();
    let attendee_count = count_field(p, "attendee_count", "参加人数", &mut own);
    let hours = match form.hours.trim() {
        "" => None,
        h => match h.parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) => {
                own.insert(
                    "hours".to_owned(),
                    "「学时」请填写数字，例如 1.5".to_owned(),
                );
                None
            }
        },
    };
    let input = SessionInput {
        org: non_empty(&form.org),
        held_on: form.held_on.clone(),
        form: form.form.clone(),
        laws: form.laws.clone(),
        speaker: form.speaker.clone(),
        attendees: vec![form.attendees.clone()],
        attendee_count,
        hours,
        notes: form.notes.clone(),
    };
    (form, input, own)
}

pub async fn create_session(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let (form, input) = read_pairs(&pairs, read_session_form);
    let result = match input {
        Ok(input) => study::create_session(&app, &session.caller, input).await,
        Err(e) => Err(e),
    };
    form_result(
        result,
        |errors| study_page(&app, &session, YearListQuery::default(), form, errors),
        "/study",
    )
    .await
}

#[derive(Template)]
#[template(path = "publicity/study_detail.html")]
struct SessionDetailPage {
    ctx: Ctx,
    s: StudySessionRow,
    errors: BTreeMap<String, String>,
    rv: Revisions,
}

#[derive(Template)]
#[template(path = "publicity/study_edit.html")]
struct SessionEditPage {
    ctx: Ctx,
    id: i64,
    /// The version the correction is based on.
    version: i64,
    study_forms: Vec<(&'static str, &'static str)>,
    form: SessionForm,
    errors: BTreeMap<String, String>,
}

impl PageRegister for Sessions {
    const PAGE: &'static str = "/study";
    type Form = SessionForm;

    fn read_form(pairs: &[(String, String)]) -> (SessionForm, Result<SessionInput, AppError>) {
        read_pairs(pairs, read_session_form)
    }

    fn form_of(i: SessionInput, s: &StudySessionRow) -> SessionForm {
        SessionForm {
            org: String::new(),
            held_on: i.held_on,
            form: i.form,
            laws: i.laws,
            speaker: i.speaker,
            attendees: i.attendees.join("、"),
            attendee_count: s.attendee_count.to_string(),
            hours: s.hours.to_string(),
            notes: i.notes,
        }
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: SessionForm,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, StudySessionRow>,
    ) -> Result<Html<String>, PageError> {
        session.caller.require_write(Area::Study)?;
        render(&SessionEditPage {
            ctx: Ctx::new(session, "study"),
            id: editing.id,
            version: editing.version,
            study_forms: StudyForm::ALL.map(|f| (f.code(), f.label())).to_vec(),
            form,
            errors,
        })
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let caller = &session.caller;
        let s = revision::get::<Sessions>(app, caller, id).await?;
        let rv = revisions_of::<Sessions>(app, caller, id, (&s.revision, s.created_at)).await?;
        render(&SessionDetailPage {
            ctx: Ctx::new(session, "study"),
            errors,
            rv,
            s,
        })
    }
}

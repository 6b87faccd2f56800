//! Staff pages for people's mediation committees and their people: the list with each
//! committee's size and warnings, the new-committee form, a committee's page (people, warnings,
//! edit, add a person) and a person's edit form.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use fazhi_domain::access::Area;
use fazhi_domain::dispute::Sex;
use fazhi_domain::mediation_org::{CommitteeKind, Position};
use serde::Deserialize;

use super::admin::form_result;
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::{AppError, ErrorKind};
use crate::service::committees::{
    self as service, CommitteeInput, CommitteeSummary, CommitteeView,
};
use crate::service::mediators::{self, MediatorInput};
use crate::storage::mediators::MediatorRow;
use crate::storage::orgs::{self, Org};
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::session::{CsrfForm, PageUser, Session};

type Errors = BTreeMap<String, String>;

fn kinds() -> Vec<(&'static str, &'static str)> {
    CommitteeKind::options()
}

fn positions() -> Vec<(&'static str, &'static str)> {
    Position::options()
}

fn sexes() -> Vec<(&'static str, &'static str)> {
    Sex::options()
}

/// A form's validation errors re-render it with status 400; anything else is the error page.
fn invalid(result: &Result<(), AppError>) -> Option<Errors> {
    match result {
        Err(e) if matches!(e.kind, ErrorKind::BadRequest | ErrorKind::Conflict) => {
            let mut errors = e.fields.clone();
            if errors.is_empty() {
                errors.insert("_".to_owned(), e.message.clone());
            }
            Some(errors)
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The list

#[derive(Template)]
#[template(path = "committees/list.html")]
struct ListPage {
    ctx: Ctx,
    items: Vec<CommitteeSummary>,
    warned: usize,
    can_write: bool,
}

pub async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let items = service::list(&app, caller).await?;
    render(&ListPage {
        ctx: Ctx::new(&session, "committees"),
        warned: items.iter().filter(|c| !c.warnings.is_empty()).count(),
        items,
        can_write: caller.role.can_write(Area::Mediation),
    })
}

// ---------------------------------------------------------------------------------------------
// New and edited committees

#[derive(Deserialize, Default, Clone)]
pub struct CommitteeForm {
    #[serde(default)]
    org: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    term_start: String,
    #[serde(default)]
    term_end: String,
    #[serde(default)]
    multi_ethnic: String,
}

impl CommitteeForm {
    fn multi_ethnic(&self) -> bool {
        !self.multi_ethnic.is_empty()
    }

    fn input(&self, with_org: bool) -> CommitteeInput {
        CommitteeInput {
            org: with_org.then(|| self.org.clone()),
            name: Some(self.name.clone()),
            kind: Some(self.kind.clone()),
            term_start: Some(self.term_start.clone()),
            term_end: Some(self.term_end.clone()),
            multi_ethnic: Some(self.multi_ethnic()),
        }
    }

    fn of(v: &CommitteeView) -> CommitteeForm {
        let c = &v.summary.committee;
        CommitteeForm {
            org: c.org_code.clone(),
            name: c.name.clone(),
            kind: c.kind.clone(),
            term_start: c.term_start.map(|d| d.to_string()).unwrap_or_default(),
            term_end: c.term_end.map(|d| d.to_string()).unwrap_or_default(),
            multi_ethnic: if c.multi_ethnic {
                "on".into()
            } else {
                String::new()
            },
        }
    }
}

#[derive(Template)]
#[template(path = "committees/new.html")]
struct NewPage {
    ctx: Ctx,
    orgs: Vec<Org>,
    kinds: Vec<(&'static str, &'static str)>,
    cform: CommitteeForm,
    cerrors: Errors,
}

async fn new_page(
    app: &SharedApp,
    session: &Session,
    cform: CommitteeForm,
    cerrors: Errors,
) -> Result<Html<String>, PageError> {
    session.caller.require_write(Area::Mediation)?;
    render(&NewPage {
        ctx: Ctx::new(session, "committees"),
        orgs: orgs::list(&app.db, &session.caller.scope).await?,
        kinds: kinds(),
        cform,
        cerrors,
    })
}

pub async fn new_form(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Html<String>, PageError> {
    let cform = CommitteeForm {
        multi_ethnic: "on".into(),
        ..CommitteeForm::default()
    };
    new_page(&app, &session, cform, Errors::new()).await
}

pub async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<CommitteeForm>,
) -> Result<Response, PageError> {
    let input = form.input(true);
    match service::create(&app, &session.caller, input).await {
        Ok(v) => {
            Ok(Redirect::to(&format!("/committees/{}", v.summary.committee.id)).into_response())
        }
        Err(e) => {
            form_result(
                Err::<(), _>(e),
                |errors| new_page(&app, &session, form, errors),
                "/committees",
            )
            .await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A committee's page

#[derive(Template)]
#[template(path = "committees/detail.html")]
struct DetailPage {
    ctx: Ctx,
    v: CommitteeView,
    active: Vec<MediatorRow>,
    former: Vec<MediatorRow>,
    kinds: Vec<(&'static str, &'static str)>,
    positions: Vec<(&'static str, &'static str)>,
    sexes: Vec<(&'static str, &'static str)>,
    cform: CommitteeForm,
    cerrors: Errors,
    mform: MediatorForm,
    merrors: Errors,
    can_write: bool,
}

async fn detail_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    cform: Option<(CommitteeForm, Errors)>,
    mform: Option<(MediatorForm, Errors)>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let v = service::get(app, caller, id).await?;
    let (cform, cerrors) = cform.unwrap_or_else(|| (CommitteeForm::of(&v), Errors::new()));
    let (mform, merrors) = mform.unwrap_or_default();
    let (active, former): (Vec<_>, Vec<_>) = v.mediators.iter().cloned().partition(|m| m.active);
    render(&DetailPage {
        ctx: Ctx::new(session, "committees"),
        active,
        former,
        kinds: kinds(),
        positions: positions(),
        sexes: sexes(),
        cform,
        cerrors,
        mform,
        merrors,
        can_write: caller.role.can_write(Area::Mediation),
        v,
    })
}

pub async fn detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    detail_page(&app, &session, id, None, None).await
}

/// Re-renders a committee's page with one form's errors, or redirects back to it.
async fn back_to_committee(
    app: &SharedApp,
    session: &Session,
    id: i64,
    result: Result<(), AppError>,
    cform: Option<CommitteeForm>,
    mform: Option<MediatorForm>,
) -> Result<Response, PageError> {
    let Some(errors) = invalid(&result) else {
        result?;
        return Ok(Redirect::to(&format!("/committees/{id}")).into_response());
    };
    let page = detail_page(
        app,
        session,
        id,
        cform.map(|f| (f, errors.clone())),
        mform.map(|f| (f, errors)),
    )
    .await?;
    Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
}

pub async fn update(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, form): CsrfForm<CommitteeForm>,
) -> Result<Response, PageError> {
    let result = service::update(&app, &session.caller, id, form.input(false))
        .await
        .map(|_| ());
    back_to_committee(&app, &session, id, result, Some(form), None).await
}

// ---------------------------------------------------------------------------------------------
// People

#[derive(Deserialize, Default, Clone)]
pub struct MediatorForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    ethnicity: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    position: String,
    #[serde(default)]
    full_time: String,
    #[serde(default)]
    education: String,
    #[serde(default)]
    term_start: String,
    #[serde(default)]
    term_end: String,
}

impl MediatorForm {
    fn full_time(&self) -> bool {
        !self.full_time.is_empty()
    }

    /// On creation, blank term dates mean the committee's term.
    fn input(&self, committee_id: Option<i64>) -> MediatorInput {
        let date = |s: &str| match (committee_id, s.trim()) {
            (Some(_), "") => None,
            _ => Some(s.to_owned()),
        };
        MediatorInput {
            committee_id,
            name: Some(self.name.clone()),
            sex: Some(self.sex.clone()),
            ethnicity: Some(self.ethnicity.clone()),
            phone: Some(self.phone.clone()),
            position: Some(self.position.clone()),
            full_time: Some(self.full_time()),
            education: Some(self.education.clone()),
            term_start: date(&self.term_start),
            term_end: date(&self.term_end),
            active: None,
        }
    }

    fn of(m: &MediatorRow) -> MediatorForm {
        MediatorForm {
            name: m.name.clone(),
            sex: m.sex.clone().unwrap_or_default(),
            ethnicity: m.ethnicity.clone().unwrap_or_default(),
            phone: m.phone.clone().unwrap_or_default(),
            position: m.position.clone(),
            full_time: if m.full_time {
                "on".into()
            } else {
                String::new()
            },
            education: m.education.clone().unwrap_or_default(),
            term_start: m.term_start.map(|d| d.to_string()).unwrap_or_default(),
            term_end: m.term_end.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

pub async fn add_mediator(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, form): CsrfForm<MediatorForm>,
) -> Result<Response, PageError> {
    // Outside the caller's subtree the committee is simply not found.
    service::get(&app, &session.caller, id).await?;
    let result = mediators::create(&app, &session.caller, form.input(Some(id)))
        .await
        .map(|_| ());
    back_to_committee(&app, &session, id, result, None, Some(form)).await
}

#[derive(Template)]
#[template(path = "committees/mediator.html")]
struct MediatorPage {
    ctx: Ctx,
    m: MediatorRow,
    positions: Vec<(&'static str, &'static str)>,
    sexes: Vec<(&'static str, &'static str)>,
    mform: MediatorForm,
    merrors: Errors,
    can_write: bool,
}

async fn mediator_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    form: Option<(MediatorForm, Errors)>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let m = mediators::get(app, caller, id).await?;
    let (mform, merrors) = form.unwrap_or_else(|| (MediatorForm::of(&m), Errors::new()));
    render(&MediatorPage {
        ctx: Ctx::new(session, "committees"),
        positions: positions(),
        sexes: sexes(),
        mform,
        merrors,
        can_write: caller.role.can_write(Area::Mediation),
        m,
    })
}

pub async fn mediator(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    mediator_page(&app, &session, id, None).await
}

pub async fn update_mediator(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, form): CsrfForm<MediatorForm>,
) -> Result<Response, PageError> {
    match mediators::update(&app, &session.caller, id, form.input(None)).await {
        Ok(m) => Ok(Redirect::to(&committee_url(&m)).into_response()),
        Err(e) => {
            form_result(
                Err::<(), _>(e),
                |errors| mediator_page(&app, &session, id, Some((form, errors))),
                "/committees",
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn deactivate_mediator(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, _): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    let m = mediators::deactivate(&app, &session.caller, id).await?;
    Ok(Redirect::to(&committee_url(&m)).into_response())
}

fn committee_url(m: &MediatorRow) -> String {
    m.committee_id
        .map_or_else(|| "/committees".to_owned(), |c| format!("/committees/{c}"))
}

//! Staff pages for people's mediation committees and their people: the list with each
//! committee's size and warnings, the new-committee form, a committee's page (people, warnings,
//! edit, add a person) and a person's edit form.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use fazhi_domain::access::Area;
use fazhi_domain::dispute::Sex;
use fazhi_domain::mediation_org::{CommitteeKind, Position};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::admin::form_result;
use super::kit::{self, Editing, PageRegister, Revisions};
use super::records::{self, form_from, Place};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::{AppError, ErrorKind};
pub use crate::service::committee_revisions::{Committees, Mediators};
use crate::service::committees::{
    self as service, CommitteeInput, CommitteeSummary, CommitteeView,
};
use crate::service::mediators::MediatorRow;
use crate::service::mediators::{self, MediatorInput};
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision::Revision;
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
    /// Listing the withdrawn committees.
    withdrawn: bool,
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    /// `1` lists the withdrawn committees (作废) instead.
    #[serde(default)]
    withdrawn: String,
}

pub async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let withdrawn = q.withdrawn == "1";
    let items = service::list(&app, caller, withdrawn).await?;
    render(&ListPage {
        withdrawn,
        ctx: Ctx::new(&session, "committees"),
        warned: items.iter().filter(|c| !c.warnings.is_empty()).count(),
        items,
        can_write: caller.role.can_write(Area::Mediation),
    })
}

// ---------------------------------------------------------------------------------------------
// New and edited committees

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CommitteeForm {
    org: String,
    name: String,
    kind: String,
    term_start: String,
    term_end: String,
    multi_ethnic: String,
    smaller_ethnic_groups: String,
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
            smaller_ethnic_groups: Some(self.smaller_ethnic_groups.clone()),
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
        orgs: orgs_service::visible(app, &session.caller).await?,
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
    positions: Vec<(&'static str, &'static str)>,
    sexes: Vec<(&'static str, &'static str)>,
    mform: MediatorForm,
    merrors: Errors,
    /// From a refused 作废 or 恢复.
    errors: Errors,
    can_write: bool,
    rv: Revisions,
}

async fn detail_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    mform: Option<(MediatorForm, Errors)>,
    errors: Errors,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let v = service::get(app, caller, id).await?;
    let (mform, merrors) = mform.unwrap_or_default();
    let (active, former): (Vec<_>, Vec<_>) = v.mediators.iter().cloned().partition(|m| m.active);
    let c = &v.summary.committee;
    let rv = revisions::<Committees>(app, session, id, &c.revision, c.created_at).await?;
    render(&DetailPage {
        ctx: Ctx::new(session, "committees"),
        active,
        former,
        positions: positions(),
        sexes: sexes(),
        mform,
        merrors,
        errors,
        can_write: caller.role.can_write(Area::Mediation) && !rv.is_withdrawn(),
        rv,
        v,
    })
}

/// A committee's page: its people and warnings, adding a person, and (the register kit)
/// 编辑 / 作废 / 恢复 with its 修改记录.
pub async fn detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    detail_page(&app, &session, id, None, Errors::new()).await
}

/// Re-renders a committee's page with the add-a-person form's errors, or redirects back to it.
async fn back_to_committee(
    app: &SharedApp,
    session: &Session,
    id: i64,
    result: Result<(), AppError>,
    mform: MediatorForm,
) -> Result<Response, PageError> {
    let Some(errors) = invalid(&result) else {
        result?;
        return Ok(Redirect::to(&format!("/committees/{id}")).into_response());
    };
    let page = detail_page(app, session, id, Some((mform, errors)), Errors::new()).await?;
    Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
}

// ---------------------------------------------------------------------------------------------
// People

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct MediatorForm {
    name: String,
    sex: String,
    ethnicity: String,
    phone: String,
    position: String,
    full_time: String,
    education: String,
    term_start: String,
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
    back_to_committee(&app, &session, id, result, form).await
}

#[derive(Template)]
#[template(path = "committees/mediator.html")]
struct MediatorPage {
    ctx: Ctx,
    m: MediatorRow,
    errors: Errors,
    rv: Revisions,
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

// ---------------------------------------------------------------------------------------------
// Corrections (the register kit)

/// The 编辑 page of a committee or a person (`noun`), around the register's field partial.
fn edit_page<R: PageRegister>(
    session: &Session,
    noun: &'static str,
    name: &str,
    editing: &Editing<'_, R::Record>,
    fields: &impl Template,
    errors: &Errors,
) -> Result<Html<String>, PageError> {
    let place = Place {
        area: "矛盾纠纷化解",
        list: ("/committees", "调解组织"),
        nav: "committees",
        noun,
        name: name.to_owned(),
    };
    let at = (editing.id, editing.version);
    records::edit_page::<R>(session, place, at, fields, errors.clone())
}

/// A committee's or a person's 修改记录 and 作废 state.
async fn revisions<R: PageRegister>(
    app: &SharedApp,
    session: &Session,
    id: i64,
    rev: &Revision,
    created_at: DateTime<Utc>,
) -> Result<Revisions, PageError> {
    let reason = rev.withdrawn_reason.as_deref();
    kit::revisions::<R>(
        app,
        &session.caller,
        id,
        reason,
        rev.is_withdrawn(),
        created_at,
    )
    .await
}

/// A posted form read from its pairs, with its input (these forms have no errors of their own).
fn read<F: DeserializeOwned + Default, I>(
    pairs: &[(String, String)],
    input: impl FnOnce(&F) -> I,
) -> (F, Result<I, AppError>) {
    let form: F = form_from(pairs);
    let input = input(&form);
    (form, Ok(input))
}

/// A checkbox's form value: `on` when ticked.
fn checkbox(ticked: Option<bool>) -> String {
    if ticked == Some(true) {
        "on".into()
    } else {
        String::new()
    }
}

#[derive(Template)]
#[template(path = "committees/_committee_fields.html")]
struct CommitteeFields<'a> {
    cform: &'a CommitteeForm,
    cerrors: &'a Errors,
    kinds: Vec<(&'static str, &'static str)>,
}

impl PageRegister for Committees {
    const PAGE: &'static str = "/committees";
    type Form = CommitteeForm;

    fn read_form(pairs: &[(String, String)]) -> (CommitteeForm, Result<CommitteeInput, AppError>) {
        read(pairs, |f: &CommitteeForm| f.input(false))
    }

    fn form_of(i: CommitteeInput, _s: &CommitteeSummary) -> CommitteeForm {
        CommitteeForm {
            org: String::new(),
            name: i.name.unwrap_or_default(),
            kind: i.kind.unwrap_or_default(),
            term_start: i.term_start.unwrap_or_default(),
            term_end: i.term_end.unwrap_or_default(),
            multi_ethnic: checkbox(i.multi_ethnic),
            smaller_ethnic_groups: i.smaller_ethnic_groups.unwrap_or_default(),
        }
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: CommitteeForm,
        errors: Errors,
        editing: Editing<'_, CommitteeSummary>,
    ) -> Result<Html<String>, PageError> {
        let fields = CommitteeFields {
            cform: &form,
            cerrors: &errors,
            kinds: kinds(),
        };
        let name = &editing.record.committee.name;
        edit_page::<Self>(session, "调解委员会信息", name, &editing, &fields, &errors)
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: Errors,
    ) -> Result<Html<String>, PageError> {
        detail_page(app, session, id, None, errors).await
    }
}

#[derive(Template)]
#[template(path = "committees/_mediator_fields.html")]
struct MediatorFields<'a> {
    mform: &'a MediatorForm,
    merrors: &'a Errors,
    positions: Vec<(&'static str, &'static str)>,
    sexes: Vec<(&'static str, &'static str)>,
}

impl PageRegister for Mediators {
    const PAGE: &'static str = "/mediators";
    type Form = MediatorForm;

    fn read_form(pairs: &[(String, String)]) -> (MediatorForm, Result<MediatorInput, AppError>) {
        read(pairs, |f: &MediatorForm| f.input(None))
    }

    fn form_of(i: MediatorInput, _m: &MediatorRow) -> MediatorForm {
        MediatorForm {
            name: i.name.unwrap_or_default(),
            sex: i.sex.unwrap_or_default(),
            ethnicity: i.ethnicity.unwrap_or_default(),
            phone: i.phone.unwrap_or_default(),
            position: i.position.unwrap_or_default(),
            full_time: checkbox(i.full_time),
            education: i.education.unwrap_or_default(),
            term_start: i.term_start.unwrap_or_default(),
            term_end: i.term_end.unwrap_or_default(),
        }
    }

    /// The form names neither the committee nor whether the person still serves (停用 is a
    /// step of its own): both stay as on file.
    fn entered(current: MediatorInput, entered: MediatorInput) -> MediatorInput {
        MediatorInput {
            committee_id: current.committee_id,
            active: current.active,
            ..entered
        }
    }

    async fn edit_page(
        app: &SharedApp,
        session: &Session,
        form: MediatorForm,
        errors: Errors,
        editing: Editing<'_, MediatorRow>,
    ) -> Result<Html<String>, PageError> {
        // The form shows the phone in full: logged as a view of personal data, as the page is.
        mediators::get(app, &session.caller, editing.id).await?;
        let fields = MediatorFields {
            mform: &form,
            merrors: &errors,
            positions: positions(),
            sexes: sexes(),
        };
        let name = &editing.record.name;
        edit_page::<Self>(session, "调解员信息", name, &editing, &fields, &errors)
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: Errors,
    ) -> Result<Html<String>, PageError> {
        let m = mediators::get(app, &session.caller, id).await?;
        let rv = revisions::<Mediators>(app, session, id, &m.revision, m.created_at).await?;
        render(&MediatorPage {
            ctx: Ctx::new(session, "committees"),
            m,
            errors,
            rv,
        })
    }
}

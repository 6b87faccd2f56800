//! Staff pages of screening rounds (排查): the rounds, a new round (routine or special, with its
//! period), and a round's page with every village's report or zero report, the villages that
//! have not reported first, and the form a village uses to report.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_domain::access::Area;

use super::disputes::{not_found, FormState};
use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::ErrorKind;
use crate::service::screening::{self as service, NewRoundInput, ReportInput, RoundView};
use crate::storage::orgs::Org;
use crate::storage::screening::{Report, Round};
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "routine" => "常规排查",
        "special" => "专项排查",
        _ => "",
    }
}

#[derive(Template)]
#[template(path = "screening/list.html")]
struct ListPage {
    ctx: Ctx,
    rounds: Vec<Round>,
    can_write: bool,
}

impl ListPage {
    fn kind(&self, kind: &str) -> &'static str {
        kind_label(kind)
    }
}

pub async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Response, PageError> {
    let rounds = service::list_rounds(&app, &session.caller).await?;
    let page = ListPage {
        ctx: Ctx::new(&session, "screening"),
        rounds,
        can_write: session.caller.role.can_write(Area::Screening),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "screening/new.html")]
struct NewPage {
    ctx: Ctx,
    form: FormState,
    errors: BTreeMap<String, String>,
}

fn new_page(session: &Session, form: FormState, errors: BTreeMap<String, String>) -> NewPage {
    NewPage {
        ctx: Ctx::new(session, "screening"),
        form,
        errors,
    }
}

pub async fn new_form(PageUser(session): PageUser) -> Result<Response, PageError> {
    session.caller.require_write(Area::Screening)?;
    let today = crate::service::deadlines::today().to_string();
    let mut form = FormState::default();
    form.0.insert("kind".into(), "routine".into());
    form.0.insert("starts_on".into(), today.clone());
    form.0.insert("ends_on".into(), today);
    Ok(render(&new_page(&session, form, BTreeMap::new()))?.into_response())
}

pub async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, mut form): CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    form.remove("_csrf");
    let form = FormState(form);
    let input = NewRoundInput {
        name: form.v("name").to_owned(),
        kind: form.v("kind").to_owned(),
        starts_on: form.v("starts_on").to_owned(),
        ends_on: form.v("ends_on").to_owned(),
    };
    match service::create_round(&app, &session.caller, input).await {
        Ok(r) => Ok(Redirect::to(&format!("/screening/{}", r.id)).into_response()),
        Err(e) if matches!(e.kind, ErrorKind::BadRequest | ErrorKind::Conflict) => {
            let mut errors = e.fields;
            if errors.is_empty() {
                errors.insert("_".into(), e.message);
            }
            let page = new_page(&session, form, errors);
            Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "screening/detail.html")]
struct DetailPage {
    ctx: Ctx,
    v: RoundView,
    /// Villages the caller may still report for in this round.
    can_report: Vec<Org>,
    form: FormState,
    errors: BTreeMap<String, String>,
}

async fn detail_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    form: FormState,
    errors: BTreeMap<String, String>,
) -> Result<DetailPage, PageError> {
    let v = service::get_round_scoped(app, &session.caller, id).await?;
    let can_report = if session.caller.role.can_write(Area::Screening) {
        service::reporting_villages(app, &session.caller, &v.round)
            .await?
            .into_iter()
            .filter(|o| !v.reports.iter().any(|r| r.village_id == o.id))
            .collect()
    } else {
        Vec::new()
    };
    Ok(DetailPage {
        ctx: Ctx::new(session, "screening"),
        v,
        can_report,
        form,
        errors,
    })
}

pub async fn detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let page = detail_page(&app, &session, id, FormState::default(), BTreeMap::new()).await?;
    Ok(render(&page)?.into_response())
}

/// A village's report or zero report, posted from the round's page.
pub async fn report(
    State(app): State<SharedApp>,
    Path(id): Path<String>,
    CsrfForm(session, mut form): CsrfForm<BTreeMap<String, String>>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    form.remove("_csrf");
    let form = FormState(form);
    // 零报告 is its own button so a village cannot send "0" by leaving the count blank.
    let found = if form.v("zero") == "1" {
        Some(0)
    } else {
        form.v("found").trim().parse::<i64>().ok()
    };
    let result = match found {
        Some(found) => {
            let input = ReportInput {
                village: form.v("village").to_owned(),
                found,
                reported_on: form.v("reported_on").to_owned(),
                note: form.v("note").to_owned(),
            };
            service::report(&app, &session.caller, id, input).await
        }
        None => Err(crate::error::AppError::field(
            "found",
            "请填写排查发现的纠纷数（整数，例如 2）；没有发现纠纷请点「零报告」",
        )),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/screening/{id}")).into_response()),
        Err(e) if matches!(e.kind, ErrorKind::BadRequest | ErrorKind::Conflict) => {
            let mut errors = e.fields;
            if errors.is_empty() {
                errors.insert("village".into(), e.message);
            }
            let page = detail_page(&app, &session, id, form, errors).await?;
            Ok((StatusCode::BAD_REQUEST, render(&page)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "screening/report.html")]
struct ReportPage {
    ctx: Ctx,
    v: RoundView,
    r: Report,
}

/// One village's report (404 for a village outside the caller's subtree).
pub async fn report_detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path((id, report_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let report_id: i64 = report_id.parse().map_err(|_| not_found())?;
    let (v, r) = service::get_report(&app, &session.caller, id, report_id).await?;
    let page = ReportPage {
        ctx: Ctx::new(&session, "screening"),
        v,
        r,
    };
    Ok(render(&page)?.into_response())
}

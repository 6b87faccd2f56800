//! Staff pages of screening rounds (排查): the rounds, a new round (routine or special, with its
//! period), and a round's page with every village's report or zero report, the villages that
//! have not reported first, and the form a village uses to report.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use fazhi_domain::access::Area;
use serde::Deserialize;

use super::case_page::Case;
use super::disputes::{not_found, FormState};
use super::kit::{self, PageRegister, Revisions};
use super::register_pages::{
    answer, fill, filled, form_register, posted, read_input, revisions, FormView, Frame, NewForm,
    RegForm,
};
use super::{render, Ctx};
use crate::app::{App, SharedApp};
use crate::error::AppResult;
use crate::service::orgs::Org;
use crate::service::screening::{self as service, NewRoundInput, ReportInput, RoundView};
use crate::service::screening::{Report, Round};
use crate::service::screening_revisions::{Reports, Rounds};
use crate::service::Caller;
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

#[derive(Template)]
#[template(path = "screening/list.html")]
struct ListPage {
    ctx: Ctx,
    rounds: Vec<Round>,
    can_write: bool,
    /// Listing the withdrawn rounds (作废) instead of the valid ones.
    withdrawn: bool,
}

impl ListPage {
    fn kind(&self, kind: &str) -> &'static str {
        service::kind_label(kind)
    }
}

#[derive(Deserialize)]
pub struct ListParams {
    #[serde(default)]
    withdrawn: Option<String>,
}

pub async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<ListParams>,
) -> Result<Response, PageError> {
    let withdrawn = p.withdrawn.as_deref() == Some("1");
    let rounds = service::list_rounds(&app, &session.caller, withdrawn).await?;
    let page = ListPage {
        ctx: Ctx::new(&session, "screening"),
        rounds,
        can_write: session.caller.role.can_write(Area::Screening),
        withdrawn,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "screening/new.html")]
struct NewPage {
    ctx: Ctx,
    form: FormState,
    errors: BTreeMap<String, String>,
    frame: Frame,
}

impl RegForm for Rounds {
    const HEADINGS: [&'static str; 2] = ["新建排查", "修改排查"];
    const DATED: &'static [&'static str] = &["starts_on", "ends_on"];

    async fn new_form(new: &mut NewForm<'_>) -> Result<(), PageError> {
        new.set("kind", "routine".into());
        Ok(())
    }

    fn input(f: &FormState) -> AppResult<NewRoundInput> {
        Ok(read_input!(f => NewRoundInput {
            text: [name, kind, starts_on, ends_on],
            checked: [],
            numbers: [],
        }))
    }

    async fn create(app: &App, caller: &Caller, input: NewRoundInput) -> AppResult<i64> {
        Ok(service::create_round(app, caller, input).await?.id)
    }

    async fn form_page(v: FormView<'_, Self>) -> Result<Html<String>, PageError> {
        render(&NewPage {
            ctx: Ctx::new(v.at.session, "screening"),
            frame: v.frame(),
            form: v.form,
            errors: v.errors,
        })
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
    rv: Revisions,
}

async fn detail_page(
    round: Case<'_>,
    form: FormState,
    errors: BTreeMap<String, String>,
) -> Result<DetailPage, PageError> {
    let Case { app, session, id } = round;
    let v = service::get_round_scoped(app, &session.caller, id).await?;
    let round = &v.round;
    let editable = session.caller.scope.contains_path(&round.org_path);
    let rv = revisions::<Rounds>(app, &session.caller, id, round, editable).await?;
    let can_report = if session.caller.role.can_write(Area::Screening) && !rv.is_withdrawn() {
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
        rv,
    })
}

pub async fn detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let round = Case {
        app: &app,
        session: &session,
        id,
    };
    let page = detail_page(round, FormState::default(), BTreeMap::new()).await?;
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
    // A refusal of no field is shown at the village's select box.
    answer(
        result.map(|_| format!("/screening/{id}")),
        "village",
        |errors| async move {
            let round = Case {
                app: &app,
                session: &session,
                id,
            };
            render(&detail_page(round, form, errors).await?)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "screening/report.html")]
struct ReportPage {
    ctx: Ctx,
    v: RoundView,
    r: Report,
    rv: Revisions,
}

async fn report_page(
    app: &SharedApp,
    session: &Session,
    round_id: i64,
    report_id: i64,
) -> Result<Html<String>, PageError> {
    let (v, r) = service::get_report(app, &session.caller, round_id, report_id).await?;
    let rv = revisions::<Reports>(app, &session.caller, report_id, &r, true).await?;
    render(&ReportPage {
        ctx: Ctx::new(session, "screening"),
        v,
        r,
        rv,
    })
}

/// One village's report (404 for a village outside the caller's subtree).
pub async fn report_detail(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path((id, report_id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let report_id: i64 = report_id.parse().map_err(|_| not_found())?;
    Ok(report_page(&app, &session, id, report_id)
        .await?
        .into_response())
}

/// A report at its own address (`/screening/reports/{id}`), where the kit's 编辑, 作废 and 恢复
/// come back to.
pub async fn report_by_id(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(report_id): Path<String>,
) -> Result<Response, PageError> {
    let report_id: i64 = report_id.parse().map_err(|_| not_found())?;
    let round_id = service::round_of_report(&app, &session.caller, report_id).await?;
    Ok(report_page(&app, &session, round_id, report_id)
        .await?
        .into_response())
}

#[derive(Template)]
#[template(path = "screening/report_edit.html")]
struct ReportEditPage {
    ctx: Ctx,
    r: Report,
    version: i64,
    form: FormState,
    errors: BTreeMap<String, String>,
}

impl PageRegister for Rounds {
    const PAGE: &'static str = "/screening";
    form_register!();

    fn form_of(i: NewRoundInput, _r: &Round) -> FormState {
        fill!(i: name, kind, starts_on, ends_on)
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        let round = Case { app, session, id };
        render(&detail_page(round, FormState::default(), errors).await?)
    }
}

impl PageRegister for Reports {
    const PAGE: &'static str = "/screening/reports";
    type Form = FormState;

    fn read_form(pairs: &[(String, String)]) -> (FormState, AppResult<ReportInput>) {
        let form = posted(pairs);
        let input = form
            .v("found")
            .trim()
            .parse::<i64>()
            .map(|found| ReportInput {
                village: String::new(),
                found,
                reported_on: form.v("reported_on").to_owned(),
                note: form.v("note").to_owned(),
            })
            .map_err(|_| {
                crate::error::AppError::field("found", "请填写排查发现的纠纷数（整数，0 即零报告）")
            });
        (form, input)
    }

    fn form_of(i: ReportInput, _r: &Report) -> FormState {
        filled([
            ("found", i.found.to_string()),
            ("reported_on", i.reported_on),
            ("note", i.note),
        ])
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: FormState,
        errors: BTreeMap<String, String>,
        editing: kit::Editing<'_, Report>,
    ) -> Result<Html<String>, PageError> {
        render(&ReportEditPage {
            ctx: Ctx::new(session, "screening"),
            r: editing.record.clone(),
            version: editing.version,
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
        let round_id = service::round_of_report(app, &session.caller, id).await?;
        let _ = errors;
        report_page(app, session, round_id, id).await
    }
}

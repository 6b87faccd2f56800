//! The annual report page: preview, narrative editing, downloads, finalising.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Datelike;
use fazhi_domain::access::Area;
use fazhi_domain::org::OrgKind;
use fazhi_domain::report::{ReportTitle, Signatories};
use serde::Deserialize;

use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::report::{self, Format, SECTIONS};
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

#[derive(Deserialize, Default)]
pub struct ReportQuery {
    pub org: Option<String>,
    pub year: Option<i32>,
    pub format: Option<String>,
}

pub struct SectionForm {
    key: &'static str,
    heading: &'static str,
    hint: &'static str,
    body: String,
    prefilled: bool,
}

#[derive(Template)]
#[template(path = "report/annual.html")]
struct ReportPage {
    ctx: Ctx,
    org: Org,
    /// The report's title and signatories (issue #15 item 8).
    settings: report::ReportSettings,
    titles: [ReportTitle; 2],
    signatories: [Signatories; 2],
    orgs: Vec<Org>,
    year: i32,
    years: Vec<i32>,
    preview: String,
    /// Each figure of the report linked to its records and its evidence pack.
    sources: String,
    sections: Vec<SectionForm>,
    is_final: bool,
    can_edit: bool,
    /// A finalised report's plan can be made next year's tasks (plan tasks share its area).
    can_plan: bool,
}

/// The year a report or the dashboard opens on when none is asked for: last year (the report is
/// written early in the following year) if `org` has records in it; otherwise the latest earlier
/// year that has (the demo's records end in 2024), and only then this year; last year when
/// there are none at all. A page never opens on an empty year while another has records.
pub async fn default_year(
    app: &SharedApp,
    org: &Org,
    asked: Option<i32>,
) -> Result<i32, PageError> {
    /// How many years before last year are looked at.
    const LOOK_BACK: i32 = 5;
    /// The figures that count records of the registers a report is made from.
    const RECORDS: &[&str] = &[
        "disputes",
        "consultations",
        "legal_aid",
        "publicity_events",
        "trainings",
    ];
    if let Some(year) = asked {
        return Ok(year);
    }
    let this_year = crate::service::deadlines::today().year();
    let last = this_year - 1;
    for year in (last - LOOK_BACK..=last).rev().chain([this_year]) {
        let f = report::figures_for(app, org, year).await?;
        if RECORDS.iter().any(|k| f.get(k) > 0) {
            return Ok(year);
        }
    }
    Ok(last)
}

/// Organisations a report can be made for: towns and counties in the caller's subtree.
pub async fn report_orgs(app: &SharedApp, session: &Session) -> Result<Vec<Org>, PageError> {
    Ok(orgs_service::visible(app, &session.caller)
        .await?
        .into_iter()
        .filter(|o| matches!(o.kind(), OrgKind::Town | OrgKind::County))
        .collect())
}

pub async fn annual(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>, PageError> {
    let org = report::report_org(&app, &session.caller, q.org.as_deref()).await?;
    let year = default_year(&app, &org, q.year).await?;
    let doc = report::build(&app, &org, year).await?;
    let narratives = report::narratives(&app, &org, year).await?;
    let is_final = report::is_final(&app, &org, year).await?;
    let this_year = crate::service::deadlines::today().year();
    render(&ReportPage {
        ctx: Ctx::new(&session, "reports"),
        orgs: report_orgs(&app, &session).await?,
        years: (2020..=this_year).rev().collect(),
        preview: fazhi_docs::render_html_fragment(&doc),
        sources: {
            let f = report::figures_for(&app, &org, year).await?;
            crate::service::evidence::sources_html(&crate::service::evidence::sources(
                &f, &org, year,
            ))
        },
        sections: SECTIONS
            .iter()
            .map(|(key, heading, hint)| {
                let (body, prefilled) = narratives.get(*key).cloned().unwrap_or_default();
                SectionForm {
                    key,
                    heading,
                    hint,
                    body,
                    prefilled,
                }
            })
            .collect(),
        is_final,
        can_edit: session.caller.role.can_write(Area::Reports) && !is_final,
        can_plan: session.caller.role.can_write(Area::Reports) && is_final,
        settings: report::settings(&app, &org, year).await?,
        titles: ReportTitle::ALL,
        signatories: Signatories::ALL,
        org,
        year,
    })
}

pub async fn download(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let org = report::report_org(&app, &session.caller, q.org.as_deref()).await?;
    let year = default_year(&app, &org, q.year).await?;
    let format = Format::parse(q.format.as_deref().unwrap_or("docx"))
        .ok_or_else(|| AppError::field("format", "格式只能是 docx、html 或 md"))?;
    Ok(file_response(
        report::render(&app, &org, year, format).await?,
    ))
}

/// A figure's evidence pack (issue #19 item 7), linked from the report and its HTML twin.
pub async fn evidence(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<crate::web::api::evidence::EvidenceParams>,
) -> Result<Response, PageError> {
    Ok(crate::web::api::evidence::stream(app, &session.caller, p).await?)
}

/// A download with a file name people can read.
pub fn file_response(r: report::Rendered) -> Response {
    super::disputes::download(&r.file_name, r.content_type, r.bytes)
}

#[derive(Deserialize)]
pub struct NarrativeForm {
    org: String,
    year: i32,
    section: String,
    #[serde(default)]
    body: String,
}

pub async fn save_narrative(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<NarrativeForm>,
) -> Result<Response, PageError> {
    let org = report::report_org(&app, &session.caller, Some(&form.org)).await?;
    report::save_narrative(
        &app,
        &session.caller,
        &org,
        form.year,
        &form.section,
        &form.body,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/reports/annual?org={}&year={}#section-{}",
        org.code, form.year, form.section
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct SettingsForm {
    org: String,
    year: i32,
    #[serde(default)]
    title: String,
    #[serde(default)]
    signatories: String,
}

pub async fn save_settings(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<SettingsForm>,
) -> Result<Response, PageError> {
    let org = report::report_org(&app, &session.caller, Some(&form.org)).await?;
    report::save_settings(
        &app,
        &session.caller,
        &org,
        form.year,
        &form.title,
        &form.signatories,
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/reports/annual?org={}&year={}#report-settings",
        org.code, form.year
    ))
    .into_response())
}

#[derive(Deserialize)]
pub struct FinalizeForm {
    org: String,
    year: i32,
    #[serde(default)]
    confirm: String,
}

pub async fn finalize(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<FinalizeForm>,
) -> Result<Response, PageError> {
    let org = report::report_org(&app, &session.caller, Some(&form.org)).await?;
    if form.confirm != "yes" {
        return Err(AppError::field("confirm", "请勾选“确认定稿”后再提交").into());
    }
    report::finalize(&app, &session.caller, &org, form.year).await?;
    Ok(Redirect::to(&format!(
        "/reports/annual?org={}&year={}",
        org.code, form.year
    ))
    .into_response())
}

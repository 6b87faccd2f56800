//! The portal's disclosure pages for citizens (no account, no JavaScript): what may be asked and
//! how, the request form, the receipt with its tracking code and query password (printable), and
//! the status page, which answers only to the right pair and takes the password in a POST body.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use fazhi_domain::disclosure::ApplicantKind;

use super::service::{self, PublicRequestInput, PublicStatus, Receipt};
use crate::app::SharedApp;
use crate::storage::orgs::Org;
use crate::web::error::PageError;
use crate::web::middleware::ClientAddr;
use crate::web::public_intake::{self, StatusForm};
use crate::web::pages::records::form_from;
use crate::web::pages::render;

#[derive(Template)]
#[template(path = "public/disclosure.html")]
struct Guide {
    orgs: Vec<Org>,
    kinds: Vec<(&'static str, &'static str)>,
    form: PublicRequestInput,
    errors: BTreeMap<String, String>,
    /// The status query's own message (a wrong pair, a throttle).
    status_error: String,
}

impl Guide {
    fn error(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

async fn guide_page(
    app: &SharedApp,
    form: PublicRequestInput,
    errors: BTreeMap<String, String>,
    status_error: String,
) -> Result<Html<String>, PageError> {
    render(&Guide {
        orgs: service::portal_orgs(app).await?,
        kinds: ApplicantKind::options(),
        form,
        errors,
        status_error,
    })
}

async fn guide(State(app): State<SharedApp>) -> Result<Html<String>, PageError> {
    guide_page(&app, PublicRequestInput::default(), BTreeMap::new(), String::new()).await
}

#[derive(Template)]
#[template(path = "public/disclosure_receipt.html")]
struct ReceiptPage {
    receipt: Receipt,
}

async fn apply(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    // The honeypot (templates/public/disclosure.html): a robot that fills every field gets the
    // form back as if nothing happened; nothing is stored and nothing counts against anyone.
    let (trap, pairs): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|(k, _)| k == HONEYPOT);
    if trap.iter().any(|(_, v)| !v.trim().is_empty()) {
        let page = guide_page(&app, PublicRequestInput::default(), BTreeMap::new(), String::new());
        return Ok(page.await?.into_response());
    }
    let form: PublicRequestInput = form_from(&pairs);
    match service::submit(&app, &addr, form.clone()).await {
        Ok(receipt) => Ok((StatusCode::CREATED, render(&ReceiptPage { receipt })?).into_response()),
        Err(e) => {
            let (status, errors) = public_intake::form_errors(e)?;
            Ok((status, guide_page(&app, form, errors, String::new()).await?).into_response())
        }
    }
}

/// The portal form's honeypot field.
const HONEYPOT: &str = "website";

#[derive(Template)]
#[template(path = "public/disclosure_status.html")]
struct StatusPage {
    status: PublicStatus,
}

async fn status(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    Form(q): Form<StatusForm>,
) -> Result<Response, PageError> {
    match service::status(&app, &addr, &q.code, &q.password).await {
        Ok(status) => Ok(render(&StatusPage { status })?.into_response()),
        Err(e) => {
            let (code, message) = public_intake::status_error(e, "未查到申请：查询码或查询密码不正确，请核对回执后重新输入")?;
            let page = guide_page(&app, PublicRequestInput::default(), BTreeMap::new(), message);
            Ok((code, page.await?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "public/disclosure_reports.html")]
struct ReportsPage {
    org: Org,
    section: &'static str,
    /// The published years, newest first, with the day each was published and whether it is
    /// the one shown.
    years: Vec<(i32, String, bool)>,
    /// The year shown, if one is chosen and published.
    year: Option<i32>,
    /// That year's report as HTML (escaped by the document renderer).
    body: String,
}

#[derive(serde::Deserialize, Default)]
struct ReportsQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    format: String,
}

/// A body's published annual disclosure reports (政府信息公开条例 第四十九条: published by 1月31日):
/// the years staff pressed 公布 for on the report's page, one shown as HTML, or as DOCX with
/// `format=docx`. A year not published is not found.
async fn reports(
    State(app): State<SharedApp>,
    crate::web::extract::ApiPath(code): crate::web::extract::ApiPath<String>,
    axum::extract::Query(q): axum::extract::Query<ReportsQuery>,
) -> Result<Response, PageError> {
    use crate::service::report::Format;
    let org = crate::service::portal::public_body(&app, &code).await?;
    let years = super::report::published_years(&app, &org).await?;
    let year = match q.year.trim() {
        "" => None,
        y => Some(
            y.parse::<i32>()
                .ok()
                .filter(|y| years.iter().any(|(p, _)| p == y))
                .ok_or_else(crate::error::AppError::not_found)?,
        ),
    };
    let format = match q.format.trim() {
        "" | "html" => Format::Html,
        "docx" => Format::Docx,
        _ => return Err(crate::error::AppError::field("format", "格式只能是 html 或 docx").into()),
    };
    if let (Some(y), Format::Docx) = (year, format) {
        let r = super::report::render(&app, &org, y, Format::Docx).await?;
        return Ok(crate::web::pages::file_download(r));
    }
    let body = match year {
        Some(y) => {
            let f = super::report::figures(&app, &org, y).await?;
            let texts = super::report::narratives(&app, &org, y).await?;
            fazhi_docs::render_html_fragment(&super::report::document(&org, y, &f, &texts))
        }
        None => String::new(),
    };
    let years = years
        .into_iter()
        .map(|(y, on)| (y, on, Some(y) == year))
        .collect();
    Ok(render(&ReportsPage {
        org,
        section: "disclosure-reports",
        years,
        year,
        body,
    })?
    .into_response())
}

pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/public/{org}/disclosure-reports", get(reports))
        .route("/public/disclosure", get(guide))
        .route("/public/disclosure/apply", post(apply))
        .route("/public/disclosure/status", post(status))
}

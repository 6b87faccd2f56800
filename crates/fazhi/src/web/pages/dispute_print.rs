//! Printable forms of a dispute (受理登记表, 人民调解协议书, 回访记录): an A4 print view and the same document as
//! DOCX. Scope and masking come from the service, as on the case page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::disputes::{download, not_found};
use super::render;
use crate::app::SharedApp;
use crate::service::dispute_print::{self as service, Form, Printable};
use crate::service::disputes::DOCX_TYPE;
use crate::web::error::PageError;
use crate::web::session::PageUser;

#[derive(Deserialize)]
pub struct PrintParams {
    /// `1` asks for full ID numbers and phones (roles that may; the view is logged).
    #[serde(default)]
    reveal: Option<String>,
}

#[derive(Template)]
#[template(path = "disputes/print.html")]
struct PrintPage {
    p: Printable,
    /// The document, already escaped by `fazhi_docs`.
    body: String,
    css: &'static str,
    /// This view's path, for the links that switch masking.
    path: &'static str,
    docx_path: &'static str,
}

async fn printable(
    app: &SharedApp,
    session: &crate::web::session::Session,
    id: &str,
    form: Form,
    p: &PrintParams,
) -> Result<Printable, PageError> {
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let reveal = p.reveal.as_deref() == Some("1");
    Ok(service::build(app, &session.caller, id, form, reveal).await?)
}

fn paths(form: Form) -> (&'static str, &'static str) {
    match form {
        Form::Intake => ("intake", "intake.docx"),
        Form::Agreement => ("agreement", "agreement.docx"),
        Form::ReturnVisits => ("return-visits/print", "return-visits.docx"),
    }
}

async fn print_view(
    app: SharedApp,
    PageUser(session): PageUser,
    id: String,
    form: Form,
    params: PrintParams,
) -> Result<Response, PageError> {
    let p = printable(&app, &session, &id, form, &params).await?;
    let (path, docx_path) = paths(form);
    let page = PrintPage {
        body: fazhi_docs::render_html_fragment(&p.doc),
        css: fazhi_docs::PRINT_CSS,
        p,
        path,
        docx_path,
    };
    Ok(render(&page)?.into_response())
}

async fn docx_download(
    app: SharedApp,
    PageUser(session): PageUser,
    id: String,
    form: Form,
    params: PrintParams,
) -> Result<Response, PageError> {
    let p = printable(&app, &session, &id, form, &params).await?;
    let bytes = service::docx(&p).await?;
    Ok(download(&p.docx_name(), DOCX_TYPE, bytes))
}

/// `/disputes/{id}/intake`: the 人民调解受理登记表 to print.
pub async fn intake(
    State(app): State<SharedApp>,
    user: PageUser,
    Path(id): Path<String>,
    Query(p): Query<PrintParams>,
) -> Result<Response, PageError> {
    print_view(app, user, id, Form::Intake, p).await
}

pub async fn intake_docx(
    State(app): State<SharedApp>,
    user: PageUser,
    Path(id): Path<String>,
    Query(p): Query<PrintParams>,
) -> Result<Response, PageError> {
    docx_download(app, user, id, Form::Intake, p).await
}

/// `/disputes/{id}/agreement`: the 人民调解协议书 to print (its DOCX is `agreement.docx`,
/// served by the case pages).
pub async fn agreement(
    State(app): State<SharedApp>,
    user: PageUser,
    Path(id): Path<String>,
    Query(p): Query<PrintParams>,
) -> Result<Response, PageError> {
    print_view(app, user, id, Form::Agreement, p).await
}

/// `/disputes/{id}/return-visits/print`: the 人民调解回访记录 to print.
pub async fn return_visits(
    State(app): State<SharedApp>,
    user: PageUser,
    Path(id): Path<String>,
    Query(p): Query<PrintParams>,
) -> Result<Response, PageError> {
    print_view(app, user, id, Form::ReturnVisits, p).await
}

pub async fn return_visits_docx(
    State(app): State<SharedApp>,
    user: PageUser,
    Path(id): Path<String>,
    Query(p): Query<PrintParams>,
) -> Result<Response, PageError> {
    docx_download(app, user, id, Form::ReturnVisits, p).await
}

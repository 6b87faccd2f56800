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

fn paths(form: Form) -> (&'static str, &'static str) {
    match form {
        Form::Intake => ("intake", "intake.docx"),
        Form::Agreement => ("agreement", "agreement.docx"),
        Form::ReturnVisits => ("return-visits/print", "return-visits.docx"),
    }
}

/// The form to print, on an A4 page.
async fn print_view(p: Printable, form: Form) -> Result<Response, PageError> {
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

/// The form as a DOCX file.
async fn docx_download(p: Printable, _form: Form) -> Result<Response, PageError> {
    let bytes = service::docx(&p).await?;
    Ok(download(&p.docx_name(), DOCX_TYPE, bytes))
}

/// The routes' handlers: each builds one form of the case (scope and masking from the service)
/// and shows it to print (`print_view`) or sends its DOCX (`docx_download`).
macro_rules! printed {
    ($($(#[$doc:meta])* $name:ident => $answer:ident($form:expr);)*) => {$(
        $(#[$doc])*
        pub async fn $name(
            State(app): State<SharedApp>,
            PageUser(session): PageUser,
            Path(id): Path<String>,
            Query(p): Query<PrintParams>,
        ) -> Result<Response, PageError> {
            let id: i64 = id.parse().map_err(|_| not_found())?;
            let reveal = p.reveal.as_deref() == Some("1");
            let printable = service::build(&app, &session.caller, id, $form, reveal).await?;
            $answer(printable, $form).await
        }
    )*};
}

printed! {
    /// `/disputes/{id}/intake`: the 人民调解受理登记表 to print.
    intake => print_view(Form::Intake);
    intake_docx => docx_download(Form::Intake);
    /// `/disputes/{id}/agreement`: the 人民调解协议书 to print (its DOCX is `agreement.docx`,
    /// served by the case pages).
    agreement => print_view(Form::Agreement);
    /// `/disputes/{id}/return-visits/print`: the 人民调解回访记录 to print.
    return_visits => print_view(Form::ReturnVisits);
    return_visits_docx => docx_download(Form::ReturnVisits);
}

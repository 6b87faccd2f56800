//! The portal's complaint pages for citizens (no account, no JavaScript, phone-sized): the form,
//! the printable receipt with its tracking code, query password and verification string, and the
//! status page, which answers only to the right pair and takes the password in a POST body.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use fazhi_domain::complaint::Class;

use super::service::{self, PublicComplaintInput, PublicComplaintStatus, PublicReceipt};
use crate::app::SharedApp;
use crate::service::orgs::Org;
use crate::web::error::PageError;
use crate::web::middleware::ClientAddr;
use crate::web::public_intake::{self, StatusForm};
use crate::web::pages::records::form_from;
use crate::web::pages::render;

#[derive(Template)]
#[template(path = "public/complaints.html")]
struct Guide {
    orgs: Vec<Org>,
    classes: Vec<(&'static str, &'static str)>,
    form: PublicComplaintInput,
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
    form: PublicComplaintInput,
    errors: BTreeMap<String, String>,
    status_error: String,
) -> Result<Html<String>, PageError> {
    render(&Guide {
        orgs: crate::registers::disclosure::service::portal_orgs(app).await?,
        classes: Class::options(),
        form,
        errors,
        status_error,
    })
}

async fn guide(State(app): State<SharedApp>) -> Result<Html<String>, PageError> {
    guide_page(&app, PublicComplaintInput::default(), BTreeMap::new(), String::new()).await
}

#[derive(Template)]
#[template(path = "public/complaint_receipt.html")]
struct ReceiptPage {
    receipt: PublicReceipt,
}

async fn submit(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form: PublicComplaintInput = form_from(&pairs);
    match service::submit(&app, &addr, form.clone()).await {
        Ok(receipt) => Ok((StatusCode::CREATED, render(&ReceiptPage { receipt })?).into_response()),
        Err(e) => {
            let (status, errors) = public_intake::form_errors(e)?;
            Ok((status, guide_page(&app, form, errors, String::new()).await?).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "public/complaint_status.html")]
struct StatusPage {
    status: PublicComplaintStatus,
}

async fn status(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    Form(q): Form<StatusForm>,
) -> Result<Response, PageError> {
    match service::status(&app, &addr, &q.code, &q.password).await {
        Ok(status) => Ok(render(&StatusPage { status })?.into_response()),
        Err(e) => {
            let (code, message) = public_intake::status_error(e, "未查到信访事项：查询码或查询密码不正确，请核对回执后重新输入")?;
            let page = guide_page(&app, PublicComplaintInput::default(), BTreeMap::new(), message);
            Ok((code, page.await?).into_response())
        }
    }
}

pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/public/complaints", get(guide))
        .route("/public/complaints/submit", post(submit))
        .route("/public/complaints/status", post(status))
}

//! The portal's normative documents for citizens (no account, no JavaScript): the documents in
//! force with their text, 解读 and validity (per town with `?org=CODE`), the drafts open for
//! comment, and a document's page with the comment form while its comment period runs (kept,
//! shown once staff approve it).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};

use super::service::{self, CommentInput, CommentRow, Commented, NormativeRow};
use crate::app::SharedApp;
use crate::error::ErrorKind;
use crate::storage::orgs::Org;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::middleware::ClientAddr;
use crate::web::pages::records::form_from;
use crate::web::pages::render;

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    org: String,
}

#[derive(Template)]
#[template(path = "public/normative_list.html")]
struct ListPage {
    orgs: Vec<Org>,
    org: String,
    valid: Vec<NormativeRow>,
    drafts: Vec<NormativeRow>,
    error: String,
}

async fn list(
    State(app): State<SharedApp>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let today = crate::clock::today();
    let orgs = crate::registers::disclosure::service::portal_orgs(&app).await?;
    let (status, (valid, drafts), error) = match service::public_lists(&app, Some(&q.org), today).await {
        Ok(lists) => (StatusCode::OK, lists, String::new()),
        Err(e) if e.kind == ErrorKind::BadRequest => {
            (StatusCode::BAD_REQUEST, Default::default(), e.fields.into_values().collect())
        }
        Err(e) => return Err(e.into()),
    };
    let page = render(&ListPage {
        orgs,
        org: q.org,
        valid,
        drafts,
        error,
    })?;
    Ok((status, page).into_response())
}

#[derive(Template)]
#[template(path = "public/normative_document.html")]
struct DocumentPage {
    d: NormativeRow,
    standing: &'static str,
    /// The comment period runs: the form is shown.
    open: bool,
    comments: Vec<CommentRow>,
    form: CommentInput,
    errors: BTreeMap<String, String>,
    /// The comment just sent was received.
    sent: bool,
}

impl DocumentPage {
    fn error(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }

    fn beijing(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        crate::service::revision::beijing(*at)
    }
}

async fn document_page(
    app: &SharedApp,
    id: i64,
    form: CommentInput,
    errors: BTreeMap<String, String>,
    sent: bool,
) -> Result<Html<String>, PageError> {
    let d = service::public_document(app, id).await?;
    let today = crate::clock::today();
    render(&DocumentPage {
        standing: service::standing(&d, today).label(),
        open: service::open_for_comment(&d, today),
        comments: service::shown_comments(app, id).await?,
        d,
        form,
        errors,
        sent,
    })
}

async fn document(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    document_page(&app, id, CommentInput::default(), BTreeMap::new(), false).await
}

async fn comment(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    ApiPath(id): ApiPath<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form: CommentInput = form_from(&pairs);
    match service::comment(&app, &addr, id, form.clone()).await {
        Ok(Commented::Kept | Commented::Dropped) => {
            let page = document_page(&app, id, CommentInput::default(), BTreeMap::new(), true);
            Ok((StatusCode::CREATED, page.await?).into_response())
        }
        Err(e) if matches!(e.kind, ErrorKind::BadRequest | ErrorKind::TooManyRequests | ErrorKind::Conflict) => {
            let status = match e.kind {
                ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
                ErrorKind::Conflict => StatusCode::CONFLICT,
                _ => StatusCode::TOO_MANY_REQUESTS,
            };
            let mut errors = e.fields;
            if errors.is_empty() {
                errors.insert("_".to_owned(), e.message);
            }
            Ok((status, document_page(&app, id, form, errors, false).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/public/normative-documents", get(list))
        .route("/public/normative-documents/{id}", get(document).post(comment))
}

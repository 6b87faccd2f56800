//! Every file a signed-in user takes out of the system — a ledger export, a Word document, an
//! attachment, a template — is recorded in the audit log: who, which address, which file. Files
//! carry personal data, and the log is where a leak is traced. Done here, once, for every
//! response that is a file (it names one in `Content-Disposition`), so no export can forget it.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::accounts;
use crate::service::accounts::{SessionKind, SessionUser};
use crate::web::error::PageError;
use crate::web::session::{cookie_value, COOKIE};

/// The signed-in user a request carries, by its session cookie or bearer token.
async fn caller_of(app: &SharedApp, headers: &HeaderMap) -> Option<SessionUser> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let (token, kind) = match (bearer, cookie_value(headers, COOKIE)) {
        (Some(t), _) => (t.trim().to_owned(), SessionKind::Api),
        (None, Some(t)) => (t.to_owned(), SessionKind::Browser),
        (None, None) => return None,
    };
    accounts::session_for_token(app, &token, kind)
        .await
        .ok()
        .flatten()
}

pub async fn record(State(app): State<SharedApp>, req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let Some(file) = response
        .headers()
        .get(header::CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
    else {
        return response;
    };
    if !response.status().is_success() {
        return response;
    }
    // Public files (the portal's published reports) have no user to record.
    let Some(user) = caller_of(&app, &headers).await else {
        return response;
    };
    let caller = crate::service::Caller::from_session(&user);
    match accounts::log_download(&app, &caller, &path, &file).await {
        Ok(()) => response,
        // A file whose taking cannot be recorded is not handed out.
        Err(e) => PageError(AppError::internal(e)).into_response(),
    }
}

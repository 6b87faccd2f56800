//! Serves the public portal from memory (`service::portal_cache`) and keeps it current: a `GET`
//! below `/public` is answered from the cache when its page is current (or 304 when the
//! browser's `If-None-Match` names it), otherwise rendered, kept and sent with its `ETag` and
//! `Cache-Control: public, max-age=…`; any successful staff write makes every page stale.

use axum::body::{Body, HttpBody};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::SharedApp;
use crate::service::portal_cache::{self, Entry, MAX_AGE, MAX_BODY};

fn is_portal(path: &str) -> bool {
    path == "/public" || path.starts_with("/public/")
}

/// The pages whose forms a citizen fills to act (依申请公开 `/public/disclosure…`,
/// registers/disclosure/portal.rs; 投诉举报 `/public/complaints…`, registers/complaints/portal.rs):
/// cheap to render, and they must never offer a body that stopped accepting submissions, so
/// they are rendered afresh each time. A normative document's page (registers/normative/
/// portal.rs) stays cacheable: its comment form is the same for every visitor, and the service
/// refuses a comment once the period has closed, whatever a page kept for `MAX_AGE` offers.
const FORM_PAGES: &[&str] = &["/public/disclosure", "/public/complaints"];

fn cacheable(path: &str) -> bool {
    is_portal(path)
        && !FORM_PAGES.iter().any(|p| {
            path == *p
                || path
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
}

/// Writes that change nothing the portal shows: signing in and out, a password, and the
/// citizens' own submissions on the portal (a flood of them must not empty the cache).
fn leaves_portal(path: &str) -> bool {
    is_portal(path)
        || path.starts_with("/api/v1/public/")
        || path.starts_with("/api/v1/auth")
        || matches!(path, "/login" | "/logout" | "/password")
}

fn cache_control() -> HeaderValue {
    HeaderValue::from_str(&format!("public, max-age={}", MAX_AGE.as_secs()))
        .unwrap_or(HeaderValue::from_static("no-cache"))
}

fn from_entry(e: &Entry, if_none_match: Option<&str>) -> Response {
    let etag = HeaderValue::from_str(&e.etag).unwrap_or(HeaderValue::from_static("\"\""));
    if if_none_match.is_some_and(|v| portal_cache::matches(v, &e.etag)) {
        return (
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, etag),
                (header::CACHE_CONTROL, cache_control()),
            ],
        )
            .into_response();
    }
    let ct = HeaderValue::from_str(&e.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, ct),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache_control()),
        ],
        Body::from(e.body.clone()),
    )
        .into_response()
}

pub async fn serve(State(app): State<SharedApp>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if req.method() != Method::GET || !cacheable(path) {
        let write = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
            && !leaves_portal(path);
        let resp = next.run(req).await;
        if write && (resp.status().is_success() || resp.status().is_redirection()) {
            app.portal_cache.bump();
        }
        return resp;
    }
    let key = req
        .uri()
        .path_and_query()
        .map_or_else(|| path.to_owned(), |p| p.as_str().to_owned());
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(e) = app.portal_cache.get(&key) {
        return from_entry(&e, if_none_match.as_deref());
    }
    let generation = app.portal_cache.generation();
    let resp = next.run(req).await;
    // Only whole public pages are kept: no cookies, no downloads (their taking may be logged).
    let keep = resp.status() == StatusCode::OK
        && !resp.headers().contains_key(header::SET_COOKIE)
        && !resp.headers().contains_key(header::CONTENT_DISPOSITION);
    if !keep {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    // A page of unknown or large size (a long annual report) is sent as it is, uncached.
    if body.size_hint().exact().is_none_or(|n| n > MAX_BODY as u64) {
        return Response::from_parts(parts, body);
    }
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/html; charset=utf-8")
        .to_owned();
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            let e = app.portal_cache.put(key, generation, content_type, bytes);
            from_entry(&e, if_none_match.as_deref())
        }
        Err(e) => crate::error::AppError::internal(e).into_response(),
    }
}

//! Cross-cutting layers: request ids, tracing, security headers, panics as 500s, and a
//! same-origin check on state-changing browser requests.

use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use std::net::IpAddr;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::app::SharedApp;

static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(Clone, Default)]
struct Counter;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{:x}-{id}", std::process::id()))
            .ok()
            .map(RequestId::new)
    }
}

/// Applies the cross-cutting layers to the finished router.
pub fn wrap(router: Router) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(axum::middleware::from_fn(no_store))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'",
        ))
        .layer(CatchPanicLayer::custom(|_| {
            crate::error::AppError::internal("handler panicked").into_response()
        }))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<axum::body::Body>| {
                let id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID.clone(), Counter))
}

/// The client's address when served over a socket ("local" in tests without one); used to
/// throttle sign-in attempts. Behind a reverse proxy the operator names with `--trusted-proxy`,
/// the address that proxy appended to `X-Forwarded-For`; from any other peer the header is
/// ignored, since a client could write any address there.
pub struct ClientAddr(pub String);

impl axum::extract::FromRequestParts<SharedApp> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        app: &SharedApp,
    ) -> Result<Self, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| client_ip(c.0.ip(), &parts.headers, &app.config.trusted_proxies).to_string())
            .unwrap_or_else(|| "local".to_owned());
        Ok(ClientAddr(addr))
    }
}

/// The rightmost `X-Forwarded-For` entry that is not itself a trusted proxy, when `peer` is
/// one; entries further left were written by the client and prove nothing.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    let lines: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|v| v.to_str().unwrap_or(""))
        .collect();
    for entry in lines.iter().rev().flat_map(|line| line.rsplit(',')) {
        match entry.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => break,
        }
    }
    client
}

/// Browsers send `Origin` on cross-site form posts; refuse writes whose origin is not ours,
/// and `Origin: null` (sandboxed frames, `data:` pages, some cross-site redirects), which no
/// page of ours sends. CSRF tokens are the main defence; this is the second.
pub async fn same_origin_writes(req: Request, next: Next) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let origin_host = req
            .headers()
            .get(header::ORIGIN)
            .map(|v| v.to_str().unwrap_or("null"))
            .map(|o| o.split("://").nth(1).unwrap_or(o).to_owned());
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let refused = match (origin_host.as_deref(), host.as_deref()) {
            (Some("null"), _) => true,
            (Some(origin), Some(host)) => origin != host,
            _ => false,
        };
        if refused {
            return (StatusCode::FORBIDDEN, "跨站请求已被拒绝").into_response();
        }
    }
    next.run(req).await
}

/// `Cache-Control: no-store` on everything but the static assets: staff pages and API answers
/// carry personal data that must not stay in a shared computer's browser cache or a proxy.
pub async fn no_store(req: Request, next: Next) -> Response {
    let cacheable = req.uri().path().starts_with("/assets/");
    let mut resp = next.run(req).await;
    if !cacheable && !resp.headers().contains_key(header::CACHE_CONTROL) {
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

//! HTTP: staff pages at `/`, the public portal at `/public/`, the JSON API at `/api/v1/`.
//! Handlers are thin: extract, call a service, render.

pub mod api;
mod assets;
mod download_audit;
pub mod error;
pub mod extract;
pub mod middleware;
pub mod openapi;
pub mod pages;
mod portal_cache;
pub mod public_intake;
pub mod session;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;

use crate::app::SharedApp;

/// Request bodies above this are refused with 413 (imports have their own, larger limit).
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The whole application as a router, so tests can drive it without a socket.
pub fn router(app: SharedApp) -> Router {
    let routes = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .nest("/api/v1", api::router())
        .merge(pages::router())
        .merge(assets::router())
        .fallback(error::fallback)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(middleware::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            download_audit::record,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            portal_cache::serve,
        ))
        .with_state(app);
    middleware::wrap(routes)
}

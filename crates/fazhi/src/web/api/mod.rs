//! The JSON API under `/api/v1`, described by the OpenAPI document at `/api/v1/openapi.json`.

pub mod admin;
pub mod auth;

use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;

use crate::app::SharedApp;

pub fn router() -> Router<SharedApp> {
    Router::new()
        .route("/openapi.json", get(super::openapi::openapi_json))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/orgs", get(admin::list_orgs).post(admin::create_org))
        .route("/users", get(admin::list_users).post(admin::create_user))
        .route("/audit", get(admin::list_audit))
}

/// Every list answers in this shape.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

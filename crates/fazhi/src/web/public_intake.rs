//! The web side the portal's no-account intakes share (依申请公开 requests, 信访 complaints):
//! the status query's body (the password in a POST body, never in a URL) and how a refusal is
//! shown on the citizen's form again.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde::Deserialize;

use crate::error::{AppError, ErrorKind};

/// The tracking code and query password a receipt gives.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery {
    pub code: String,
    pub password: String,
}

/// The same pair from the portal's status form.
#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub password: String,
}

/// A refused submission as the form shows it again: its status and the errors by field (a
/// message that names no field under `_`); any other error is not the citizen's to fix.
pub fn form_errors(e: AppError) -> Result<(StatusCode, BTreeMap<String, String>), AppError> {
    let status = match e.kind {
        ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        _ => return Err(e),
    };
    let mut errors = e.fields;
    if errors.is_empty() {
        errors.insert("_".to_owned(), e.message);
    }
    Ok((status, errors))
}

/// A failed status query as the guide shows it: 404 with `not_found` for any wrong pair, 429
/// with the throttle's own message.
pub fn status_error(e: AppError, not_found: &str) -> Result<(StatusCode, String), AppError> {
    match e.kind {
        ErrorKind::NotFound => Ok((StatusCode::NOT_FOUND, not_found.to_owned())),
        ErrorKind::TooManyRequests => Ok((StatusCode::TOO_MANY_REQUESTS, e.message)),
        _ => Err(e),
    }
}

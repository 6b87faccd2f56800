//! Ledger imports over HTTP: the file is the request body.

use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

use crate::app::SharedApp;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::ledger::{self, ImportReport};
use crate::service::words_queue;
use crate::web::extract::{ApiPath, ApiQuery};
use crate::web::session::ApiUser;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Imports may be large (a county's year); other bodies stay small.
pub const IMPORT_LIMIT: usize = 64 * 1024 * 1024;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Code of the organisation the ledger belongs to (a town or a village).
    pub org: String,
    /// `csv` (UTF-8 or GBK, with or without BOM) or `xlsx`; default `xlsx`.
    pub format: Option<String>,
    /// `true` to check every row without importing.
    pub dry_run: Option<bool>,
    /// The ledger profile (column mapping saved on the import page) to read the headers with;
    /// without it, the organisation's last saved profile.
    pub profile: Option<String>,
}

/// Imports a ledger (`disputes`, `consultations`, `legal-aid`, `publicity`, `study-sessions`,
/// `law-exams`, `trainings`): all rows or none. Answers 200 with the count, or 400 with every
/// bad row (第N行「列」what to fix) and nothing imported; `imported_before` lists earlier
/// imports of the very same file. A caller without the write right, or an organisation out of
/// scope, is refused before the body is read.
#[utoipa::path(post, path = "/imports/{ledger}", tag = "ledgers",
    params(("ledger" = String, Path), ImportParams),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport), (status = 400, body = ImportReport)),
    security(("bearer" = [])))]
pub async fn import_ledger(
    State(app): State<SharedApp>,
    ApiUser(session): ApiUser,
    ApiPath(key): ApiPath<String>,
    ApiQuery(p): ApiQuery<ImportParams>,
    headers: axum::http::HeaderMap,
    body: Body,
) -> AppResult<(StatusCode, Json<ImportReport>)> {
    let kind = ledger::parse_ledger(&key)?;
    // The body stays unread until the caller may import here (issue #12), and one that says
    // it is too large stays unread too.
    ledger::may_import(&app, &session.caller, kind, &p.org).await?;
    if declared_too_large(&headers) {
        return Err(too_large());
    }
    let bytes = axum::body::to_bytes(body, IMPORT_LIMIT)
        .await
        .map_err(|_| too_large())?;
    let name = format!("upload.{}", p.format.as_deref().unwrap_or("xlsx"));
    let choice = match p.profile {
        Some(name) if !name.trim().is_empty() => ledger::ProfileChoice::Named(name),
        _ => ledger::ProfileChoice::Latest,
    };
    let report = ledger::import_with(
        &app,
        &session.caller,
        kind,
        &p.org,
        &name,
        bytes,
        p.dry_run.unwrap_or(false),
        &choice,
    )
    .await?;
    words_queue::after_import(&app.db, &report);
    let status = if report.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, Json(report)))
}

/// Whether a request's `Content-Length` is over [`IMPORT_LIMIT`]: refused before its body is
/// read.
pub fn declared_too_large(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .is_some_and(|n| n > IMPORT_LIMIT)
}

/// The answer to an upload over [`IMPORT_LIMIT`], saying what to do.
pub fn too_large() -> AppError {
    AppError::new(
        ErrorKind::PayloadTooLarge,
        "payload_too_large",
        format!(
            "文件超过 {} MB 上限，请删去无关的工作表和空白行列，或分成几个文件导入",
            IMPORT_LIMIT / (1024 * 1024)
        ),
    )
}

/// This module's routes with their OpenAPI operations (mounted under `/api/v1`): each
/// handler is named once, and its annotation gives both its path and its documentation.
pub fn routes() -> OpenApiRouter<SharedApp> {
    OpenApiRouter::new()
        .routes(routes!(import_ledger))
        .layer(axum::extract::DefaultBodyLimit::max(IMPORT_LIMIT))
}

//! How errors leave the server: JSON `{"code","message","fields"}` for the API, a page for the
//! staff UI. A 500's cause is logged by [`AppError::internal`] and never shown.

use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use crate::error::{AppError, ErrorKind};

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code for programs, e.g. `validation_failed`.
    pub code: String,
    /// What went wrong and what to do, in Chinese.
    pub message: String,
    /// Per-field messages.
    pub fields: std::collections::BTreeMap<String, String>,
}

pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code.to_owned(),
            message: self.message,
            fields: self.fields,
        };
        (status_of(self.kind), Json(body)).into_response()
    }
}

/// An error on a staff or portal page, shown as a page.
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError(e)
    }
}

impl From<crate::storage::StorageError> for PageError {
    fn from(e: crate::storage::StorageError) -> Self {
        PageError(e.into())
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        PageError(AppError::internal(e))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = status_of(self.0.kind);
        let title = match self.0.kind {
            ErrorKind::NotFound => "找不到页面",
            ErrorKind::Forbidden => "无权操作",
            ErrorKind::Unauthorized => "请先登录",
            ErrorKind::Internal => "系统错误",
            _ => "无法完成操作",
        };
        let message = askama::filters::escape(&self.0.message, askama::filters::Html)
            .map(|m| m.to_string())
            .unwrap_or_default();
        let html = format!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} - 法治工作平台</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head>\
             <body class=\"plain\"><main class=\"narrow\"><h1>{title}</h1><p>{message}</p>\
             <p><a href=\"/\">返回首页</a></p></main></body></html>"
        );
        (status, Html(html)).into_response()
    }
}

/// Unknown routes: JSON under the API, a page elsewhere.
pub async fn fallback(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        AppError::new(
            ErrorKind::NotFound,
            "not_found",
            "没有这个接口，请查看 /api/v1/openapi.json",
        )
        .into_response()
    } else {
        PageError(AppError::new(
            ErrorKind::NotFound,
            "not_found",
            "您访问的页面不存在，请从导航进入",
        ))
        .into_response()
    }
}

//! Files attached to a record over JSON: the body is the file, its name a query parameter (no
//! multipart for API clients), read only once the caller may change the record; listing answers
//! the stored attachments. `files_api!` declares both operations for a register.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::Deserialize;

use crate::error::{AppError, AppResult, ErrorKind};

/// The attached file's name.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FileParams {
    /// e.g. 2023年第3次党委会纪要.pdf, 现场照片1.jpg
    pub name: String,
}

/// The file in the request's body, at most the API's body limit (`web::BODY_LIMIT`).
pub async fn body(request: Request) -> AppResult<Vec<u8>> {
    let bytes = Bytes::from_request(request, &()).await.map_err(|r| {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            let mb = crate::web::BODY_LIMIT / 1024 / 1024;
            let message = format!("文件过大：通过接口上传的文件不超过 {mb} MB");
            AppError::new(ErrorKind::PayloadTooLarge, "payload_too_large", message)
        } else {
            AppError::bad_request("invalid_body", "无法读取上传的文件")
        }
    })?;
    Ok(bytes.to_vec())
}

/// `POST` (attach; the body is the file, `?name=` its name) and `GET` (list) on `$path` for
/// the records of register `$register`, documented under `$tag`.
macro_rules! files_api {
    ($register:ty, $path:literal, $tag:literal, $what:literal, $attach:ident, $list:ident) => {
        #[doc = concat!("Attaches ", $what, " (a photo, a scan or a recording; the body is the file, at most 2 MB) to a record the caller may change.")]
        #[utoipa::path(post, path = $path, tag = $tag,
            params(("id" = i64, Path), $crate::web::api::files::FileParams),
            request_body(content = Vec<u8>, content_type = "application/octet-stream"),
            responses((status = 201, body = $crate::service::attachments::Attachment),
                (status = 400, body = $crate::web::error::ErrorBody),
                (status = 404, body = $crate::web::error::ErrorBody),
                (status = 409, body = $crate::web::error::ErrorBody),
                (status = 413, body = $crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $attach(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiPath(id): $crate::web::extract::ApiPath<i64>,
            $crate::web::extract::ApiQuery(p): $crate::web::extract::ApiQuery<$crate::web::api::files::FileParams>,
            request: axum::extract::Request,
        ) -> $crate::error::AppResult<(
            axum::http::StatusCode,
            axum::Json<$crate::service::attachments::Attachment>,
        )> {
            use $crate::service::attachments;
            let caller = &session.caller;
            attachments::may_attach::<$register>(&app, caller, id).await?;
            let bytes = $crate::web::api::files::body(request).await?;
            let a = attachments::attach_to::<$register>(&app, caller, id, &p.name, bytes).await?;
            Ok((axum::http::StatusCode::CREATED, axum::Json(a)))
        }

        #[doc = concat!("The files attached to a record: ", $what, ".")]
        #[utoipa::path(get, path = $path, tag = $tag, params(("id" = i64, Path)),
            responses((status = 200, body = Vec<$crate::service::attachments::Attachment>),
                (status = 404, body = $crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $list(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiPath(id): $crate::web::extract::ApiPath<i64>,
        ) -> $crate::error::AppResult<axum::Json<Vec<$crate::service::attachments::Attachment>>> {
            let files = $crate::service::attachments::of_record::<$register>(&app, &session.caller, id);
            Ok(axum::Json(files.await?))
        }
    };
}
pub(crate) use files_api;

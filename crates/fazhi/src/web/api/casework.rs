//! What the case registers' JSON handlers share (disputes, consultations, legal aid): the
//! query of a logged full view, and one handler shape each for a registration, a record's
//! view, a step posted to a record, and a page of a list.

use std::future::Future;

use axum::Json;
use serde::Deserialize;

use super::Page;
use crate::error::AppResult;
use crate::web::extract::Paging;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ShowParams {
    /// `true` to show full ID numbers and phones (roles that handle cases only; logged).
    pub reveal: Option<bool>,
}

/// `POST <path>` with a JSON `$input` to record `{id}`: `$service(app, caller, id, input)`,
/// answered by `$answer` of its result; documented per step (`$doc`, `responses`).
macro_rules! post_step {
    ($name:ident, $path:literal, $tag:literal, $doc:literal, $input:ident, $service:path,
        $answer:expr => $out:ty, responses($($responses:tt)*)) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = $tag, params(("id" = i64, Path)),
            request_body = $input, responses($($responses)*), security(("bearer" = [])))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiPath(id): $crate::web::extract::ApiPath<i64>,
            $crate::web::extract::ApiJson(input): $crate::web::extract::ApiJson<$input>,
        ) -> $crate::error::AppResult<$out> {
            let done = $service(&app, &session.caller, id, input).await?;
            let answer = $answer;
            Ok(answer(done))
        }
    };
}
pub(crate) use post_step;

/// `POST <path>`: registers a record from a JSON `$input` with `$service(app, caller, input)`,
/// answered 201 with the record.
macro_rules! post_create {
    ($name:ident, $path:literal, $tag:literal, $input:ident, $service:path, $out:ident) => {
        #[utoipa::path(post, path = $path, tag = $tag, request_body = $input,
            responses((status = 201, body = $out), (status = 400, body = crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiJson(input): $crate::web::extract::ApiJson<$input>,
        ) -> $crate::error::AppResult<(axum::http::StatusCode, axum::Json<$out>)> {
            let created = $service(&app, &session.caller, input).await?;
            Ok((axum::http::StatusCode::CREATED, axum::Json(created)))
        }
    };
}
pub(crate) use post_create;

/// `GET <path>` of record `{id}`: `$service(app, caller, id, reveal)`, with personal data in
/// full only when `reveal=true` is asked for (roles that may; logged).
macro_rules! get_shown {
    ($(#[$doc:meta])* $name:ident, $path:literal, $tag:literal, $service:path, $out:ident) => {
        $(#[$doc])*
        #[utoipa::path(get, path = $path, tag = $tag,
            params(("id" = i64, Path), $crate::web::api::casework::ShowParams),
            responses((status = 200, body = $out), (status = 404, body = crate::web::error::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $name(
            axum::extract::State(app): axum::extract::State<$crate::app::SharedApp>,
            $crate::web::session::ApiUser(session): $crate::web::session::ApiUser,
            $crate::web::extract::ApiPath(id): $crate::web::extract::ApiPath<i64>,
            $crate::web::extract::ApiQuery(p): $crate::web::extract::ApiQuery<
                $crate::web::api::casework::ShowParams,
            >,
        ) -> $crate::error::AppResult<axum::Json<$out>> {
            let shown = $service(&app, &session.caller, id, p.reveal.unwrap_or(false)).await?;
            Ok(axum::Json(shown))
        }
    };
}
pub(crate) use get_shown;

/// A page of a list read by `list(limit, offset)` (the records and their count), for the
/// `page` and `per_page` asked for.
pub async fn paged<T, Fut>(
    page: Option<u32>,
    per_page: Option<u32>,
    list: impl FnOnce(i64, i64) -> Fut,
) -> AppResult<Json<Page<T>>>
where
    Fut: Future<Output = AppResult<(Vec<T>, i64)>>,
{
    let paging = Paging::new(page, per_page);
    let (items, total) = list(i64::from(paging.per_page), paging.offset()).await?;
    Ok(Json(Page { items, total }))
}

//! Extractors whose rejections speak our error format: malformed JSON, wrong types, unknown
//! fields, oversized bodies and bad paths become 4xx with a Chinese message, never a 500.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use crate::error::{AppError, ErrorKind};

/// Wraps one of axum's extractors so that its rejection becomes our error: `$name` extracts
/// what `$inner` does, for a `T` with the bounds `$inner` needs, through trait `$trait`
/// (`$input` is what the trait hands it), and turns a rejection into an [`AppError`] with
/// `$reject`.
macro_rules! extractor {
    (
        $(#[$doc:meta])*
        $name:ident<T: $bound:ident $(+ $more:ident)*>
        by $inner:ty, $trait:ident::$method:ident($input:ty), $reject:expr
    ) => {
        $(#[$doc])*
        pub struct $name<T>(pub T);

        impl<S, T> $trait<S> for $name<T>
        where
            S: Send + Sync,
            T: $bound $(+ $more)*,
        {
            type Rejection = AppError;

            async fn $method(input: $input, state: &S) -> Result<Self, Self::Rejection> {
                <$inner>::$method(input, state)
                    .await
                    .map(|v| $name(v.0))
                    .map_err($reject)
            }
        }
    };
}

extractor!(
    /// JSON body.
    ApiJson<T: DeserializeOwned>
    by axum::Json<T>, FromRequest::from_request(Request), json_rejection
);

extractor!(
    /// Query string.
    ApiQuery<T: DeserializeOwned>
    by axum::extract::Query<T>, FromRequestParts::from_request_parts(&mut Parts), query_rejection
);

extractor!(
    /// Path parameters: anything that does not parse (e.g. `/disputes/abc`) is simply not found.
    ApiPath<T: DeserializeOwned + Send>
    by axum::extract::Path<T>, FromRequestParts::from_request_parts(&mut Parts),
    |_: PathRejection| AppError::not_found()
);

fn json_rejection(r: JsonRejection) -> AppError {
    let detail = r.body_text();
    match r {
        JsonRejection::MissingJsonContentType(_) => AppError::bad_request(
            "unsupported_media_type",
            "请求体须为 JSON，并设置 Content-Type: application/json",
        ),
        JsonRejection::JsonSyntaxError(_) => {
            let mut e =
                AppError::bad_request("invalid_json", "请求体不是合法的 JSON，请检查括号和引号");
            e.fields.insert("body".to_owned(), detail);
            e
        }
        JsonRejection::JsonDataError(_) => {
            let mut e = AppError::bad_request(
                "invalid_body",
                "请求体字段不符合要求（缺少必填字段、类型不对或有未知字段）",
            );
            e.fields.insert("body".to_owned(), detail);
            e
        }
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::new(
            ErrorKind::PayloadTooLarge,
            "payload_too_large",
            "请求体过大",
        ),
        _ => AppError::bad_request("invalid_body", "无法读取请求体"),
    }
}

fn query_rejection(r: QueryRejection) -> AppError {
    let mut e = AppError::bad_request("invalid_query", "查询参数不正确，请检查参数名和取值");
    e.fields.insert("query".to_owned(), r.body_text());
    e
}

/// Page parameters shared by every list.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    pub const MAX_PER_PAGE: u32 = 200;

    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Paging {
        Paging {
            page: page.unwrap_or(1).max(1),
            per_page: per_page.unwrap_or(25).clamp(1, Self::MAX_PER_PAGE),
        }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }
}

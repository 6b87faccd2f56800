//! Who is calling: a browser session (cookie + CSRF token) for pages, a bearer token for the API.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::app::SharedApp;
use crate::error::{AppError, ErrorKind};
use crate::service::accounts::{SessionKind, SessionUser};
use crate::service::{accounts, Caller};
use crate::web::error::PageError;

pub const COOKIE: &str = "fazhi_session";

/// A signed-in caller.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: SessionUser,
    pub caller: Caller,
}

impl Session {
    fn new(user: SessionUser) -> Session {
        Session {
            caller: Caller::from_session(&user),
            user,
        }
    }
}

/// The browser session of a staff page; without one the browser is sent to the login page.
pub struct PageUser(pub Session);

/// The bearer-token session of an API call; without one, 401.
pub struct ApiUser(pub Session);

pub fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The session cookie: HttpOnly, SameSite=Lax, and Secure when the request came over TLS.
pub fn session_cookie(token: &str, headers: &HeaderMap) -> String {
    let secure = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax{}",
        if secure { "; Secure" } else { "" }
    )
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

pub enum PageRejection {
    Login(String),
    Error(PageError),
}

impl IntoResponse for PageRejection {
    fn into_response(self) -> Response {
        match self {
            PageRejection::Login(next) => {
                let target = format!("/login?next={}", urlencode(&next));
                Redirect::to(&target).into_response()
            }
            PageRejection::Error(e) => e.into_response(),
        }
    }
}

fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|v| v.trim_start_matches('=').to_owned())
        .unwrap_or_default()
}

impl FromRequestParts<SharedApp> for PageUser {
    type Rejection = PageRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &SharedApp,
    ) -> Result<Self, Self::Rejection> {
        let next = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        let Some(token) = cookie_value(&parts.headers, COOKIE) else {
            return Err(PageRejection::Login(next));
        };
        match accounts::session_for_token(app, token, SessionKind::Browser).await {
            Ok(Some(user)) => {
                // A forced password change comes before anything else.
                if user.must_change_password && parts.uri.path() != "/password" {
                    return Err(PageRejection::Error(PageError(AppError::new(
                        ErrorKind::Forbidden,
                        "password_change_required",
                        "首次登录请先修改密码：请打开 /password 页面设置新密码",
                    ))));
                }
                Ok(PageUser(Session::new(user)))
            }
            Ok(None) => Err(PageRejection::Login(next)),
            Err(e) => Err(PageRejection::Error(PageError(e))),
        }
    }
}

impl FromRequestParts<SharedApp> for ApiUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &SharedApp,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(AppError::unauthorized)?;
        let user = accounts::session_for_token(app, token.trim(), SessionKind::Api)
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorKind::Unauthorized,
                    "invalid_token",
                    "令牌无效、已过期或已注销，请重新登录获取",
                )
            })?;
        if user.must_change_password {
            return Err(AppError::new(
                ErrorKind::Forbidden,
                "password_change_required",
                "首次登录请先在网页上修改密码",
            ));
        }
        Ok(ApiUser(Session::new(user)))
    }
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    _csrf: String,
}

/// A state-changing form post from a signed-in browser: the session plus the form, accepted only
/// when the form carries the session's CSRF token.
pub struct CsrfForm<T>(pub Session, pub T);

impl<T> FromRequest<SharedApp> for CsrfForm<T>
where
    T: DeserializeOwned,
{
    type Rejection = PageRejection;

    async fn from_request(req: Request, app: &SharedApp) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let PageUser(session) = PageUser::from_request_parts(&mut parts, app).await?;
        let bytes = Bytes::from_request(Request::from_parts(parts, body), app)
            .await
            .map_err(|_| {
                PageRejection::Error(PageError(AppError::new(
                    ErrorKind::PayloadTooLarge,
                    "payload_too_large",
                    "提交的内容过大",
                )))
            })?;
        check_csrf(&session, &bytes)?;
        let form = serde_urlencoded::from_bytes::<T>(&bytes).map_err(|e| {
            PageRejection::Error(PageError(AppError::bad_request(
                "invalid_form",
                format!("表单内容不完整或格式不对：{e}"),
            )))
        })?;
        Ok(CsrfForm(session, form))
    }
}

pub fn check_csrf(session: &Session, body: &[u8]) -> Result<(), PageRejection> {
    let field = serde_urlencoded::from_bytes::<CsrfField>(body)
        .map(|f| f._csrf)
        .unwrap_or_default();
    if csrf_matches(&session.user.csrf_token, &field) {
        Ok(())
    } else {
        Err(PageRejection::Error(csrf_error()))
    }
}

pub fn csrf_error() -> PageError {
    PageError(AppError::new(
        ErrorKind::Forbidden,
        "csrf_failed",
        "页面已过期或来源不明，请刷新页面后重新提交",
    ))
}

/// Compares without an early exit, so timing does not leak how much of a token matched.
pub fn csrf_matches(expected: &str, given: &str) -> bool {
    expected.len() == given.len()
        && !expected.is_empty()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// A multipart form post (file uploads) from a signed-in browser, accepted only with the
/// session's CSRF token in its `_csrf` field.
pub struct CsrfMultipart {
    pub session: Session,
    pub fields: std::collections::BTreeMap<String, String>,
    /// (field name, file name, content) of each uploaded file.
    pub files: Vec<(String, String, Bytes)>,
}

impl FromRequest<SharedApp> for CsrfMultipart {
    type Rejection = PageRejection;

    async fn from_request(req: Request, app: &SharedApp) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let PageUser(session) = PageUser::from_request_parts(&mut parts, app).await?;
        let bad = |m: &str| {
            PageRejection::Error(PageError(AppError::bad_request(
                "invalid_form",
                m.to_owned(),
            )))
        };
        let mut multipart =
            axum::extract::Multipart::from_request(Request::from_parts(parts, body), app)
                .await
                .map_err(|_| bad("上传格式不正确，请用页面上的表单重新选择文件"))?;
        let mut fields = std::collections::BTreeMap::new();
        let mut files = Vec::new();
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|_| bad("文件上传中断或过大，请重试"))?
        {
            let name = field.name().unwrap_or("").to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let data = field
                        .bytes()
                        .await
                        .map_err(|_| bad("文件读取失败，请重试"))?;
                    files.push((name, file_name, data));
                }
                None => {
                    let text = field
                        .text()
                        .await
                        .map_err(|_| bad("表单读取失败，请重试"))?;
                    fields.insert(name, text);
                }
            }
        }
        let token = fields.get("_csrf").map(String::as_str).unwrap_or("");
        if !csrf_matches(&session.user.csrf_token, token) {
            return Err(PageRejection::Error(csrf_error()));
        }
        Ok(CsrfMultipart {
            session,
            fields,
            files,
        })
    }
}

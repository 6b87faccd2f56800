//! Login, logout and password change.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::ErrorKind;
use crate::service::accounts;
use crate::service::accounts::SessionKind;
use crate::web::error::PageError;
use crate::web::middleware::ClientAddr;
use crate::web::session::{self, CsrfForm, PageUser};

#[derive(Template)]
#[template(path = "account/login.html")]
struct LoginPage {
    next: String,
    username: String,
    error: Option<String>,
    csrf: String,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only a path on this site is followed after login (issue #12 item 12): one leading `/`, then
/// no second `/` or `\` (browsers read `/\evil` as `//evil`, another host), no backslash
/// anywhere, and no control characters or spaces (browsers drop tabs and newlines, so
/// `/\t/evil` would become `//evil`). Anything else goes to the home page.
pub fn safe_next(next: Option<&str>) -> String {
    let Some(n) = next else {
        return "/".to_owned();
    };
    let mut chars = n.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !n
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    if local {
        n.to_owned()
    } else {
        "/".to_owned()
    }
}

/// The pre-session cookie of the login form's double-submit CSRF check: a site elsewhere can
/// post the form but can neither read nor set this cookie, so it cannot sign a victim in
/// under the attacker's account.
const LOGIN_CSRF_COOKIE: &str = "fazhi_login_csrf";

fn login_csrf_cookie(token: &str, headers: &HeaderMap) -> String {
    let secure = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    format!(
        "{LOGIN_CSRF_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The login page with a fresh form token and the cookie that matches it.
fn login_page(
    status: StatusCode,
    headers: &HeaderMap,
    next: String,
    username: String,
    error: Option<String>,
) -> Result<Response, PageError> {
    let csrf = crate::auth::random_token();
    let page = render(&LoginPage {
        next,
        username,
        error,
        csrf: csrf.clone(),
    })?;
    Ok((
        status,
        [(header::SET_COOKIE, login_csrf_cookie(&csrf, headers))],
        page,
    )
        .into_response())
}

pub async fn login_form(
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, PageError> {
    login_page(
        StatusCode::OK,
        &headers,
        safe_next(q.next.as_deref()),
        String::new(),
        None,
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
    #[serde(default)]
    _csrf: String,
}

pub async fn login(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
    // Never echo a huge username back into the page.
    let typed: String = form.username.chars().take(64).collect();
    let cookie = session::cookie_value(&headers, LOGIN_CSRF_COOKIE).unwrap_or("");
    if !session::csrf_matches(cookie, &form._csrf) {
        return login_page(
            StatusCode::FORBIDDEN,
            &headers,
            next,
            typed,
            Some("登录页面已过期或来源不明，请重新输入密码登录".to_owned()),
        );
    }
    match accounts::login(
        &app,
        &form.username,
        &form.password,
        &addr,
        SessionKind::Browser,
    )
    .await
    {
        Ok((token, user)) => {
            let target = if user.must_change_password {
                "/password".to_owned()
            } else {
                next
            };
            Ok((
                AppendHeaders([
                    (
                        header::SET_COOKIE,
                        session::session_cookie(&token, &headers),
                    ),
                    (
                        header::SET_COOKIE,
                        format!("{LOGIN_CSRF_COOKIE}=; Path=/login; HttpOnly; Max-Age=0"),
                    ),
                ]),
                Redirect::to(&target),
            )
                .into_response())
        }
        Err(e)
            if matches!(
                e.kind,
                ErrorKind::Unauthorized | ErrorKind::TooManyRequests | ErrorKind::BadRequest
            ) =>
        {
            let status = crate::web::error::status_of(e.kind);
            login_page(status, &headers, next, typed, Some(e.message))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(
    State(app): State<SharedApp>,
    CsrfForm(session, _): CsrfForm<Empty>,
) -> Result<Response, PageError> {
    accounts::logout(&app, &session.caller, session.user.session_id).await?;
    Ok((
        [(header::SET_COOKIE, session::clear_cookie())],
        Redirect::to("/login"),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "account/password.html")]
struct PasswordPage {
    ctx: Ctx,
    forced: bool,
    errors: std::collections::BTreeMap<String, String>,
}

pub async fn password_form(PageUser(session): PageUser) -> Result<Response, PageError> {
    Ok(render(&PasswordPage {
        forced: session.user.must_change_password,
        ctx: Ctx::new(&session, ""),
        errors: Default::default(),
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

pub async fn change_password(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<PasswordForm>,
) -> Result<Response, PageError> {
    let result = if form.new_password != form.confirm_password {
        Err(crate::error::AppError::field(
            "confirm_password",
            "两次输入的新密码不一致，请重新输入",
        ))
    } else {
        accounts::change_password(
            &app,
            &session.caller,
            &form.current_password,
            &form.new_password,
        )
        .await
    };
    match result {
        Ok(()) => Ok((
            [(header::SET_COOKIE, session::clear_cookie())],
            Redirect::to("/login?next=/"),
        )
            .into_response()),
        Err(e) if e.kind == ErrorKind::BadRequest => Ok((
            axum::http::StatusCode::BAD_REQUEST,
            render(&PasswordPage {
                forced: session.user.must_change_password,
                ctx: Ctx::new(&session, ""),
                errors: e.fields,
            })?,
        )
            .into_response()),
        Err(e) => Err(e.into()),
    }
}

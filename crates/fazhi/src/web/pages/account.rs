//! Login, logout and password change.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::ErrorKind;
use crate::service::accounts;
use crate::storage::sessions::SessionKind;
use crate::web::error::PageError;
use crate::web::middleware::ClientAddr;
use crate::web::session::{self, CsrfForm, PageUser};

#[derive(Template)]
#[template(path = "account/login.html")]
struct LoginPage {
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only local paths are followed after login, never another site.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") => n.to_owned(),
        _ => "/".to_owned(),
    }
}

pub async fn login_form(Query(q): Query<NextQuery>) -> Result<Response, PageError> {
    Ok(render(&LoginPage {
        next: safe_next(q.next.as_deref()),
        username: String::new(),
        error: None,
    })?
    .into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(app): State<SharedApp>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let next = safe_next(form.next.as_deref());
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
                [(
                    header::SET_COOKIE,
                    session::session_cookie(&token, &headers),
                )],
                Redirect::to(&target),
            )
                .into_response())
        }
        Err(e) if matches!(e.kind, ErrorKind::Unauthorized | ErrorKind::TooManyRequests) => {
            let status = crate::web::error::status_of(e.kind);
            let page = render(&LoginPage {
                next,
                username: form.username,
                error: Some(e.message),
            })?;
            Ok((status, page).into_response())
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
    accounts::logout(&app, session.user.session_id).await?;
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

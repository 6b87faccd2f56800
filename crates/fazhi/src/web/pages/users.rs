//! A user's page for administrators — rename, change role or organisation, disable or enable,
//! reset the password — and the account page where every user sees and ends their own
//! sign-ins (browser sessions and API tokens).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_domain::access::{Area, Role};
use serde::Deserialize;

use super::{form_result, render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::accounts::UserRow;
use crate::service::orgs as org_service;
use crate::service::orgs::Org;
use crate::service::user_admin::{self, UserChanges};
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::session::{self, CsrfForm, PageUser, Session};

#[derive(Template)]
#[template(path = "admin/users_edit.html")]
struct UserPage {
    ctx: Ctx,
    user: UserRow,
    orgs: Vec<Org>,
    roles: Vec<(&'static str, &'static str)>,
    may_write: bool,
    done: &'static str,
    errors: BTreeMap<String, String>,
}

#[derive(Template)]
#[template(path = "admin/users_reset.html")]
struct ResetPage {
    ctx: Ctx,
    user: UserRow,
    password: String,
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// What the page says after an action succeeded (the redirect carries its name).
fn done_message(action: &str) -> &'static str {
    match action {
        "rename" => "姓名已修改",
        "role" => "角色已修改",
        "org" => "所属组织已修改",
        "disable" => "账号已停用，其全部登录和 API 令牌已失效",
        "enable" => "账号已启用，可以重新登录",
        _ => "",
    }
}

async fn user_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    done: &'static str,
    errors: BTreeMap<String, String>,
) -> Result<UserPage, PageError> {
    Ok(UserPage {
        ctx: Ctx::new(session, "users"),
        user: user_admin::get(app, &session.caller, id).await?,
        orgs: org_service::visible(app, &session.caller).await?,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        may_write: session.caller.role.can_write(Area::Users),
        done,
        errors,
    })
}

pub async fn show(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let page = user_page(&app, &session, id, done_message(&q.done), BTreeMap::new()).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    org: String,
    /// The ticked 「确认」 box of a dangerous action.
    #[serde(default)]
    confirm: String,
}

/// One action of the user page: `rename`, `role`, `org`, `disable`, `enable` or
/// `reset-password`. Disabling and resetting must be confirmed with the form's tick box.
pub async fn act(
    State(app): State<SharedApp>,
    ApiPath((id, action)): ApiPath<(i64, String)>,
    CsrfForm(session, form): CsrfForm<ActionForm>,
) -> Result<Response, PageError> {
    session.caller.require_write(Area::Users)?;
    let unconfirmed = || {
        AppError::field(
            "confirm",
            "请勾选确认框后再提交：此操作会让该用户的全部登录立即失效",
        )
    };
    let confirmed = form.confirm == "yes";
    let changes = match action.as_str() {
        "rename" => UserChanges {
            display_name: Some(form.display_name.as_str()),
            ..Default::default()
        },
        "role" => UserChanges {
            role: Some(form.role.as_str()),
            ..Default::default()
        },
        "org" => UserChanges {
            org: Some(form.org.as_str()),
            ..Default::default()
        },
        "enable" => UserChanges {
            active: Some(true),
            ..Default::default()
        },
        "disable" => UserChanges {
            active: Some(false),
            ..Default::default()
        },
        "reset-password" => {
            let result = if confirmed {
                user_admin::reset_password(&app, &session.caller, id).await
            } else {
                Err(unconfirmed())
            };
            return match result {
                Ok((_, password)) => Ok(render(&ResetPage {
                    ctx: Ctx::new(&session, "users"),
                    user: user_admin::get(&app, &session.caller, id).await?,
                    password,
                })?
                .into_response()),
                Err(e) => rerender_error(&app, &session, id, e).await,
            };
        }
        _ => return Err(AppError::not_found().into()),
    };
    let result = if action == "disable" && !confirmed {
        Err(unconfirmed())
    } else {
        user_admin::update(&app, &session.caller, id, changes).await
    };
    form_result(
        result,
        |errors| async {
            let page = user_page(&app, &session, id, "", errors).await?;
            render(&page)
        },
        &format!("/admin/users/{id}?done={action}"),
    )
    .await
}

async fn rerender_error(
    app: &SharedApp,
    session: &Session,
    id: i64,
    e: AppError,
) -> Result<Response, PageError> {
    form_result::<(), _, _>(
        Err(e),
        |errors| async {
            let page = user_page(app, session, id, "", errors).await?;
            render(&page)
        },
        "",
    )
    .await
}

/// One of the user's own sign-ins as the account page lists it (times in Beijing time).
struct SignIn {
    id: i64,
    kind: &'static str,
    created: String,
    expires: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "account/tokens.html")]
struct TokensPage {
    ctx: Ctx,
    sessions: Vec<SignIn>,
    username: String,
}

pub async fn tokens(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Response, PageError> {
    let list = user_admin::own_sessions(&app, &session.caller, session.user.session_id).await?;
    let sessions = list
        .into_iter()
        .map(|s| SignIn {
            id: s.id,
            kind: s.kind_label(),
            created: crate::clock::beijing(s.created_at),
            expires: crate::clock::beijing(s.expires_at),
            current: s.current,
        })
        .collect();
    Ok(render(&TokensPage {
        username: session.user.username.clone(),
        ctx: Ctx::new(&session, ""),
        sessions,
    })?
    .into_response())
}

/// Ends one of the user's own sign-ins; ending the one in use signs this browser out.
pub async fn revoke_token(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, _): CsrfForm<super::account::Empty>,
) -> Result<Response, PageError> {
    match user_admin::revoke_own_session(&app, &session.caller, id).await {
        Ok(()) if id == session.user.session_id => Ok((
            [(header::SET_COOKIE, session::clear_cookie())],
            Redirect::to("/login"),
        )
            .into_response()),
        Ok(()) => Ok(Redirect::to("/account/tokens").into_response()),
        Err(e) => Err(e.into()),
    }
}

//! Organisation and user management for administrators.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fazhi_domain::access::{Area, Role};
use fazhi_domain::org::OrgKind;
use serde::Deserialize;

use super::{render, Ctx};
use crate::app::SharedApp;
use crate::error::{AppError, ErrorKind};
use crate::service::accounts::UserRow;
use crate::service::orgs::Org;
use crate::service::{accounts, orgs as org_service};
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

#[derive(Template)]
#[template(path = "admin/orgs.html")]
struct OrgsPage {
    ctx: Ctx,
    orgs: Vec<Org>,
    kinds: Vec<(&'static str, &'static str)>,
    form: OrgForm,
    errors: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
pub struct OrgForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent: String,
}

async fn orgs_page(
    app: &SharedApp,
    session: &Session,
    form: OrgForm,
    errors: BTreeMap<String, String>,
) -> Result<OrgsPage, PageError> {
    session.caller.require_read(Area::Orgs)?;
    Ok(OrgsPage {
        ctx: Ctx::new(session, "orgs"),
        orgs: org_service::visible(app, &session.caller).await?,
        kinds: OrgKind::ALL.iter().map(|k| (k.code(), k.label())).collect(),
        form,
        errors,
    })
}

pub async fn orgs(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Response, PageError> {
    let page = orgs_page(&app, &session, OrgForm::default(), BTreeMap::new()).await?;
    Ok(render(&page)?.into_response())
}

pub async fn create_org(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<OrgForm>,
) -> Result<Response, PageError> {
    let result = org_service::create_org(
        &app,
        &session.caller,
        org_service::NewOrgInput {
            code: &form.code,
            name: &form.name,
            kind: &form.kind,
            parent_code: Some(&form.parent),
            region: None,
        },
    )
    .await;
    form_result(
        result,
        |errors| async {
            let page = orgs_page(&app, &session, form, errors).await?;
            render(&page)
        },
        "/admin/orgs",
    )
    .await
}

/// After a form post: redirect on success (so a reload does not post twice), or show the form
/// again with its errors.
pub(crate) async fn form_result<T, F, Fut>(
    result: Result<T, AppError>,
    rerender: F,
    success: &str,
) -> Result<Response, PageError>
where
    F: FnOnce(BTreeMap<String, String>) -> Fut,
    Fut: std::future::Future<Output = Result<axum::response::Html<String>, PageError>>,
{
    match result {
        Ok(_) => Ok(Redirect::to(success).into_response()),
        Err(e) if matches!(e.kind, ErrorKind::BadRequest | ErrorKind::Conflict) => {
            let mut errors = e.fields;
            if errors.is_empty() {
                errors.insert("_".to_owned(), e.message);
            }
            Ok((StatusCode::BAD_REQUEST, rerender(errors).await?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    ctx: Ctx,
    users: Vec<UserRow>,
    orgs: Vec<Org>,
    roles: Vec<(&'static str, &'static str)>,
    form: UserForm,
    errors: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
pub struct UserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    org: String,
    #[serde(default)]
    password: String,
}

async fn users_page(
    app: &SharedApp,
    session: &Session,
    form: UserForm,
    errors: BTreeMap<String, String>,
) -> Result<UsersPage, PageError> {
    session.caller.require_read(Area::Users)?;
    Ok(UsersPage {
        ctx: Ctx::new(session, "users"),
        users: accounts::list_users(app, &session.caller).await?,
        orgs: org_service::visible(app, &session.caller).await?,
        roles: Role::ALL.iter().map(|r| (r.code(), r.label())).collect(),
        form: UserForm {
            password: String::new(),
            ..form
        },
        errors,
    })
}

pub async fn users(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
) -> Result<Response, PageError> {
    let page = users_page(&app, &session, UserForm::default(), BTreeMap::new()).await?;
    Ok(render(&page)?.into_response())
}

pub async fn create_user(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<UserForm>,
) -> Result<Response, PageError> {
    let result = accounts::create_user(
        &app,
        &session.caller,
        accounts::NewUserInput {
            username: &form.username,
            display_name: &form.display_name,
            role: &form.role,
            org_code: &form.org,
            password: &form.password,
        },
    )
    .await;
    form_result(
        result,
        |errors| async {
            let page = users_page(&app, &session, form, errors).await?;
            render(&page)
        },
        "/admin/users",
    )
    .await
}

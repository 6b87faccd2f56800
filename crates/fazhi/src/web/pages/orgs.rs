//! One organisation's page: its details and former codes, and for administrators the forms that
//! rename, recode, move and switch it off or on.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use fazhi_domain::access::Area;
use serde::Deserialize;

use super::{form_result, render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::{self as org_service, Org, OrgChange, OrgDetail};
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

#[derive(Template)]
#[template(path = "admin/orgs_detail.html")]
struct OrgPage {
    ctx: Ctx,
    detail: OrgDetail,
    /// Where it may be moved: organisations of the caller's subtree that may hold it, outside
    /// its own subtree, other than its present parent.
    parents: Vec<Org>,
    can_write: bool,
    form: EditForm,
    errors: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
pub struct EditForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    parent: String,
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

fn id_of(id: &str) -> Result<i64, PageError> {
    id.parse().map_err(|_| AppError::not_found().into())
}

async fn org_page(
    app: &SharedApp,
    session: &Session,
    id: i64,
    form: Option<EditForm>,
    errors: BTreeMap<String, String>,
) -> Result<OrgPage, PageError> {
    let detail = org_service::get(app, &session.caller, id).await?;
    let own = detail.org.scope();
    let kind = detail.org.kind();
    let parents = org_service::visible(app, &session.caller)
        .await?
        .into_iter()
        .filter(|o| !own.contains_path(&o.path) && o.kind().may_contain(kind))
        .filter(|o| Some(o.id) != detail.org.parent_id)
        .collect();
    let form = form.unwrap_or_else(|| EditForm {
        name: detail.org.name.clone(),
        code: detail.org.code.clone(),
        parent: detail.parent_code.clone().unwrap_or_default(),
    });
    Ok(OrgPage {
        ctx: Ctx::new(session, "orgs"),
        can_write: session.caller.role.can_write(Area::Orgs),
        parents,
        detail,
        form,
        errors,
    })
}

pub async fn show(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let page = org_page(&app, &session, id_of(&id)?, None, BTreeMap::new()).await?;
    Ok(render(&page)?.into_response())
}

/// Renames, recodes and moves (the fields that differ from the organisation as it is).
pub async fn edit(
    State(app): State<SharedApp>,
    Path(id): Path<String>,
    CsrfForm(session, form): CsrfForm<EditForm>,
) -> Result<Response, PageError> {
    let id = id_of(&id)?;
    let parent = Some(form.parent.trim().to_owned()).filter(|p| !p.is_empty());
    let change = OrgChange {
        name: Some(form.name.clone()),
        code: Some(form.code.clone()),
        parent,
        active: None,
    };
    let result = org_service::change(&app, &session.caller, id, change).await;
    form_result(
        result,
        |errors| async {
            let page = org_page(&app, &session, id, Some(form), errors).await?;
            render(&page)
        },
        &format!("/admin/orgs/{id}"),
    )
    .await
}

/// Switches the organisation off (停用) or on again (启用).
pub async fn set_active(
    State(app): State<SharedApp>,
    Path(id): Path<String>,
    CsrfForm(session, form): CsrfForm<ActiveForm>,
) -> Result<Response, PageError> {
    let id = id_of(&id)?;
    let change = OrgChange {
        active: Some(form.active == "true"),
        ..OrgChange::default()
    };
    let result = org_service::change(&app, &session.caller, id, change).await;
    form_result(
        result,
        |errors| async {
            let page = org_page(&app, &session, id, None, errors).await?;
            render(&page)
        },
        &format!("/admin/orgs/{id}"),
    )
    .await
}

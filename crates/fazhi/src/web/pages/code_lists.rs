//! 代码表 administration: the lists, and per list its codes (national or local, active or not)
//! with their aliases, and the administrator's forms (add a local code, add an alias,
//! deactivate or reactivate a code).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use fazhi_domain::access::Area;
use fazhi_domain::code_list::ListName;
use serde::Deserialize;

use super::{form_result, render, Ctx};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::code_lists::{self, CodeRow, ListView};
use crate::service::orgs::{self as org_service, Org};
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

#[derive(Template)]
#[template(path = "admin/code_lists.html")]
struct IndexPage {
    ctx: Ctx,
    /// `(name, label, local codes allowed, closed)` of every list.
    lists: Vec<(&'static str, &'static str, bool, bool)>,
}

pub async fn index(PageUser(session): PageUser) -> Result<Response, PageError> {
    session.caller.require_read(Area::Orgs)?;
    let page = IndexPage {
        ctx: Ctx::new(&session, "code_lists"),
        lists: ListName::ALL
            .iter()
            .map(|l| (l.code(), l.label(), l.allows_local_codes(), l.is_closed()))
            .collect(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Template)]
#[template(path = "admin/code_list.html")]
struct ListPage {
    ctx: Ctx,
    view: ListView,
    /// The organisations the administrator may add codes for (their subtree).
    orgs: Vec<Org>,
    can_write: bool,
    form: ChangeForm,
    errors: BTreeMap<String, String>,
}

impl ListPage {
    /// The aliases of one code, joined for the table.
    fn aliases_of(&self, c: &CodeRow) -> String {
        self.view
            .aliases
            .iter()
            .filter(|a| a.name == c.name)
            .map(|a| match &a.org_name {
                Some(o) => format!("{}（{o}）", a.alias),
                None => a.alias.clone(),
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    fn origin(&self, c: &CodeRow) -> String {
        match &c.org_name {
            Some(o) => format!("本地：{o}"),
            None => "全国".to_owned(),
        }
    }
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    org: String,
}

/// The add-code and add-alias forms (one struct: they share `org` and `name`).
#[derive(Deserialize, Default)]
pub struct ChangeForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    alias: String,
    #[serde(default)]
    org: String,
    /// For deactivate/reactivate: `1` switches the code on, anything else off.
    #[serde(default)]
    active: String,
}

fn list_of(s: &str) -> Result<ListName, PageError> {
    ListName::parse(s).ok_or_else(|| PageError(AppError::not_found()))
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    list: ListName,
    org: &str,
    form: ChangeForm,
    errors: BTreeMap<String, String>,
) -> Result<ListPage, PageError> {
    let caller = &session.caller;
    caller.require_read(Area::Orgs)?;
    let org = Some(org.trim()).filter(|o| !o.is_empty());
    Ok(ListPage {
        ctx: Ctx::new(session, "code_lists"),
        view: code_lists::view(app, caller, list, org).await?,
        orgs: org_service::visible(app, caller).await?,
        can_write: caller.role.can_write(Area::Orgs),
        form,
        errors,
    })
}

pub async fn show(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Path(list): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let list = list_of(&list)?;
    let page = list_page(
        &app,
        &session,
        list,
        &q.org,
        ChangeForm::default(),
        BTreeMap::new(),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

fn back(list: ListName, org: &str) -> String {
    match org.trim() {
        "" => format!("/admin/code-lists/{}", list.code()),
        o => format!("/admin/code-lists/{}?org={o}", list.code()),
    }
}

/// After a change to `list`: back to its page, or the page again with the form and the
/// change's errors (with `rename` applied: a form's fields may carry another name on the page).
async fn answered<T>(
    (app, session, list): (&SharedApp, &Session, ListName),
    form: ChangeForm,
    result: Result<T, AppError>,
    rename: fn(&mut BTreeMap<String, String>),
) -> Result<Response, PageError> {
    let success = back(list, &form.org);
    let again = |mut errors| async move {
        rename(&mut errors);
        let org = form.org.clone();
        render(&list_page(app, session, list, &org, form, errors).await?)
    };
    form_result(result, again, &success).await
}

pub async fn add_code(
    State(app): State<SharedApp>,
    Path(list): Path<String>,
    CsrfForm(session, form): CsrfForm<ChangeForm>,
) -> Result<Response, PageError> {
    let list = list_of(&list)?;
    let org = Some(form.org.trim()).filter(|o| !o.is_empty());
    let result = code_lists::add_code(&app, &session.caller, list, &form.name, org).await;
    answered((&app, &session, list), form, result, |_| ()).await
}

pub async fn add_alias(
    State(app): State<SharedApp>,
    Path(list): Path<String>,
    CsrfForm(session, form): CsrfForm<ChangeForm>,
) -> Result<Response, PageError> {
    let list = list_of(&list)?;
    let org = Some(form.org.trim()).filter(|o| !o.is_empty());
    let result =
        code_lists::add_alias(&app, &session.caller, list, &form.alias, &form.name, org).await;
    // The alias form's fields carry an `alias_` prefix on the page.
    let rename = |errors: &mut BTreeMap<String, String>| {
        if let Some(m) = errors.remove("name") {
            errors.insert("alias_name".to_owned(), m);
        }
    };
    answered((&app, &session, list), form, result, rename).await
}

pub async fn set_active(
    State(app): State<SharedApp>,
    Path((list, id)): Path<(String, String)>,
    CsrfForm(session, form): CsrfForm<ChangeForm>,
) -> Result<Response, PageError> {
    let list = list_of(&list)?;
    let id: i64 = id.parse().map_err(|_| PageError(AppError::not_found()))?;
    let result = code_lists::set_active(&app, &session.caller, list, id, form.active == "1").await;
    answered((&app, &session, list), form, result, |_| ()).await
}

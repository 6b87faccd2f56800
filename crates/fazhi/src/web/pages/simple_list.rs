//! The page half of the simple registers (`service::simple_register`): one list page with its
//! filters, the total of the filtered set, its export and its registration form, drawn by
//! `templates/kit/simple_list.html` from the register's headers and cells; the record's page
//! and its 编辑, 作废, 恢复 and 修改记录 come from the kit (`records::FieldsRegister`).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use axum::Router;

use super::fields::Fields;
use super::kit;
use super::list_page::{export_download, ExportParams, Pager};
use super::records::{form_from, FieldsRegister};
use super::year_list::YearListQuery;
use super::{form_result, render, Ctx};
use crate::app::SharedApp;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::simple_register::{self as service, SimpleRegister};
use crate::web::error::PageError;
use crate::web::session::{CsrfForm, PageUser, Session};

/// What a simple register's list page shows of it.
pub trait SimpleListPage: FieldsRegister + SimpleRegister {
    /// The page's heading, e.g. 法治建设会议台账.
    const HEADING: &'static str;
    /// Its area in the breadcrumbs, e.g. 法治建设.
    const AREA_NAME: &'static str;
    /// The navigation entry that is current.
    const NAV: &'static str;
    /// One line under the heading: what the register is for, with its legal basis.
    const INTRO: &'static str;
    /// The registration form's heading, e.g. 登记会议.
    const NEW: &'static str;
    /// The table's column headers; the first cell of a row links to the record.
    const HEADERS: &'static [&'static str];

    /// A record's id and its cells, in the order of `HEADERS`.
    fn cells(record: &Self::Record) -> (i64, Vec<String>);

    /// The totals line of the filtered set (`total` records, `items` the page shown).
    fn summary(total: i64) -> String {
        format!("共 {total} 条")
    }
}

/// The organisation chosen on the registration form (`publicity/_org_field.html`).
struct OrgChoice {
    org: String,
}

#[derive(Template)]
#[template(path = "kit/simple_list.html")]
struct ListPage {
    ctx: Ctx,
    title: &'static str,
    area_name: &'static str,
    intro: &'static str,
    new_heading: &'static str,
    list_path: &'static str,
    headers: &'static [&'static str],
    rows: Vec<(i64, Vec<String>)>,
    total_line: String,
    q: YearListQuery,
    /// Listing the withdrawn records.
    withdrawn: bool,
    orgs: Vec<Org>,
    pager: Pager,
    form: OrgChoice,
    fields: String,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

impl ListPage {
    fn summary(&self) -> &str {
        &self.total_line
    }
}

/// The input as the registration form was filled: its organisation, if any, read back.
fn org_of<R: SimpleListPage>(form: &R::Input) -> String {
    R::org_of(form).unwrap_or_default()
}

async fn list_page<R: SimpleListPage>(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: R::Input,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let orgs = orgs_service::visible(app, caller).await?;
    let paging = q.paging();
    let page = Some((paging.page, paging.per_page));
    let (items, total) = service::list::<R>(app, caller, &q.query()?, page).await?;
    let fields = Fields {
        fields: &R::fields(&form),
        errors: &errors,
    }
    .render()?;
    render(&ListPage {
        ctx: Ctx::new(session, R::NAV),
        title: R::HEADING,
        area_name: R::AREA_NAME,
        intro: R::INTRO,
        new_heading: R::NEW,
        list_path: <R as FieldsRegister>::PAGE,
        headers: R::HEADERS,
        rows: items.iter().map(R::cells).collect(),
        total_line: R::summary(total),
        pager: q.pager(<R as FieldsRegister>::PAGE, total),
        withdrawn: q.withdrawn(),
        q,
        orgs,
        form: OrgChoice {
            org: org_of::<R>(&form),
        },
        fields,
        errors,
        can_write: caller.role.can_write(R::AREA),
    })
}

async fn list<R: SimpleListPage>(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearListQuery>,
) -> Result<Html<String>, PageError> {
    list_page::<R>(&app, &session, q, R::Input::default(), BTreeMap::new()).await
}

async fn create<R: SimpleListPage>(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form: R::Input = form_from(&pairs);
    let result = service::create::<R>(&app, &session.caller, form.clone()).await;
    let again = |errors| list_page::<R>(&app, &session, YearListQuery::default(), form, errors);
    form_result(result, again, <R as FieldsRegister>::PAGE).await
}

async fn export<R: SimpleListPage>(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(p): Query<ExportParams<YearListQuery>>,
) -> Result<Response, PageError> {
    let q = p.filters.query()?;
    export_download(&p.format, |format| {
        service::export::<R>(&app, &session.caller, &q, format)
    })
    .await
}

/// The register's pages: its list (with the registration form), its export, a record's page
/// and the kit's 编辑, 作废 and 恢复.
pub fn routes<R: SimpleListPage>() -> Router<SharedApp> {
    let page = <R as FieldsRegister>::PAGE;
    Router::new()
        .route(page, get(list::<R>).post(create::<R>))
        .route(&format!("{page}/export"), get(export::<R>))
        .route(&format!("{page}/{{id}}"), get(kit::show::<R>))
        .merge(kit::routes::<R>())
}

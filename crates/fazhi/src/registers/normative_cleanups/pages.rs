//! The clean-up campaigns' staff pages: the filtered list with export, the form to start a
//! campaign, a campaign's page with its documents and a result picker per row, the finish and
//! publish forms, and (from the kit) its 编辑, 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use axum::routing::{get, post};
use axum::Router;
use fazhi_domain::normative::cleanup::CampaignState;
use fazhi_domain::normative::CleanupResult;

use super::service::{self, CleanupInput, CleanupRow, ItemRow, NormativeCleanups, StepInput, AREA};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::{self as orgs_service, Org};
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::pages::fields::{Field, Fields};
use crate::web::pages::kit::{self, Editing, PageRegister, Revisions};
use crate::web::pages::list_page::Pager;
use crate::web::pages::records::{self, read_plain, Place};
use crate::web::pages::year_list::{input_list_pages, YearListQuery};
use crate::web::pages::{form_result, render, Ctx};
use crate::web::session::{CsrfForm, Session};

const PAGE: &str = "/normative-cleanups";

/// The form's fields, filled with `c`.
fn fields(c: &CleanupInput) -> Vec<Field> {
    vec![
        Field::text("title", "清理名称", &c.title)
            .required()
            .wide()
            .placeholder("如 2023年度行政规范性文件清理"),
        Field::area("basis", "清理依据", &c.basis)
            .required()
            .hint("如 县人民政府办公室关于开展行政规范性文件清理工作的通知"),
        Field::date("started_on", "开始日期", &c.started_on)
            .required()
            .hint("该日现行有效的本单位规范性文件全部列入清理范围"),
        Field::area("note", "说明", &c.note),
    ]
}

struct OrgChoice {
    org: String,
}

#[derive(Template)]
#[template(path = "normative_cleanups/list.html")]
struct ListPage {
    ctx: Ctx,
    q: YearListQuery,
    withdrawn: bool,
    items: Vec<CleanupRow>,
    total: i64,
    orgs: Vec<Org>,
    pager: Pager,
    form: OrgChoice,
    fields: String,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

impl ListPage {
    fn summary(&self) -> String {
        let documents: i64 = self.items.iter().map(|c| c.documents).sum();
        format!("清理 {} 次；本页清理文件 {documents} 件", self.total)
    }

    fn state(&self, c: &CleanupRow) -> &'static str {
        CampaignState::of(c.finished_on, c.published_on).label()
    }
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: CleanupInput,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let orgs = orgs_service::visible(app, caller).await?;
    let paging = q.paging();
    let page = Some((paging.page, paging.per_page));
    let (items, total) = service::list(app, caller, &q.query()?, page).await?;
    let fields = Fields {
        fields: &fields(&form),
        errors: &errors,
    }
    .render()?;
    render(&ListPage {
        ctx: Ctx::new(session, "normative-cleanups"),
        pager: q.pager(PAGE, total),
        items,
        total,
        orgs,
        withdrawn: q.withdrawn(),
        q,
        form: OrgChoice {
            org: form.org.unwrap_or_default(),
        },
        fields,
        errors,
        can_write: caller.role.can_write(AREA),
    })
}

input_list_pages!(list, create, export, list_page, CleanupInput, service::create, service::export, PAGE);

#[derive(Template)]
#[template(path = "normative_cleanups/detail.html")]
struct DetailPage {
    ctx: Ctx,
    c: CleanupRow,
    state: &'static str,
    documents: Vec<ItemRow>,
    options: Vec<(&'static str, &'static str)>,
    errors: BTreeMap<String, String>,
    rv: Revisions,
    /// Results may still be set (the campaign is open and the caller may write).
    open: bool,
    can_write: bool,
}

impl DetailPage {
    fn result_label(&self, i: &ItemRow) -> &'static str {
        i.result
            .as_deref()
            .and_then(CleanupResult::parse)
            .map_or("未定", CleanupResult::label)
    }

    fn selected(&self, i: &ItemRow, code: &str) -> bool {
        i.result.as_deref() == Some(code)
    }

    fn error(&self, field: &str) -> String {
        self.errors.get(field).cloned().unwrap_or_default()
    }
}

async fn detail(
    app: &SharedApp,
    session: &Session,
    id: i64,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let view = service::view(app, caller, id).await?;
    let c = view.cleanup;
    let rv = kit::revisions::<NormativeCleanups>(
        app,
        caller,
        id,
        c.revision.withdrawn_reason.as_deref(),
        c.revision.is_withdrawn(),
        c.created_at,
    )
    .await?;
    let can_write = caller.role.can_write(AREA) && !c.revision.is_withdrawn();
    render(&DetailPage {
        ctx: Ctx::new(session, "normative-cleanups"),
        state: CampaignState::of(c.finished_on, c.published_on).label(),
        open: can_write && c.finished_on.is_none(),
        documents: view.documents,
        options: CleanupResult::options(),
        c,
        errors,
        rv,
        can_write,
    })
}

async fn take_step(
    State(app): State<SharedApp>,
    ApiPath((id, slug)): ApiPath<(i64, String)>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    session.caller.require_write(AREA)?;
    let mut input: StepInput = records::form_from(&pairs);
    // `form_from` leaves out `reason` (the kit's 更正 reason); here it is the result's own.
    if let Some((_, r)) = pairs.iter().find(|(k, _)| k == "reason") {
        input.reason = r.clone();
    }
    let anchor = if slug == "result" {
        format!("#document-{}", input.document.trim())
    } else {
        String::new()
    };
    let result = service::take_step(&app, &session.caller, id, &slug, input).await;
    let rerender = |errors| detail(&app, &session, id, errors);
    form_result(result, rerender, &format!("{PAGE}/{id}{anchor}")).await
}

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/normative-cleanups/export", get(export))
        .route("/normative-cleanups/{id}", get(kit::show::<NormativeCleanups>))
        .route("/normative-cleanups/{id}/steps/{step}", post(take_step))
        .merge(kit::routes::<NormativeCleanups>())
}

impl PageRegister for NormativeCleanups {
    const PAGE: &'static str = PAGE;
    type Form = CleanupInput;

    fn read_form(pairs: &[(String, String)]) -> (CleanupInput, Result<CleanupInput, AppError>) {
        read_plain(pairs, |f: &CleanupInput| Ok(f.clone()))
    }

    fn form_of(input: CleanupInput, _c: &CleanupRow) -> CleanupInput {
        input
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: CleanupInput,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, CleanupRow>,
    ) -> Result<Html<String>, PageError> {
        let place = Place {
            area: "依法决策与审查",
            list: (PAGE, "规范性文件清理"),
            nav: "normative-cleanups",
            noun: "清理",
            name: editing.record.title.clone(),
        };
        let at = (editing.id, editing.version);
        records::edit_fields_page::<Self>(session, place, at, &fields(&form), errors)
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        detail(app, session, id, errors).await
    }
}

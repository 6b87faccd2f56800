//! The review requests' pages: the list (for an adviser, their queue of requests sent to them,
//! soonest due first), the form to send a request, a request's page with its due date explained,
//! the adviser's opinion form, the requester's adoption form and the 意见书, and (from the kit)
//! its 编辑, 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::access::{Area, Role};
use fazhi_domain::review::{Conclusion, ReviewKind};
use serde::Deserialize;

use super::service::{
    self, AdoptionInput, Adviser, Attachment, DueView, Figures, OpinionInput, ReviewInput, ReviewRow, Reviews,
};
use crate::app::SharedApp;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision::Revision;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::pages::fields::{Field, Fields};
use crate::web::pages::kit::{self, Revisions};
use crate::web::pages::list_page::Pager;
use crate::web::pages::records::{self, or_dash, FieldsRegister, Place};
use crate::web::pages::year_list::YearListQuery;
use crate::web::pages::{download, form_result, render, Ctx};
use crate::web::session::{CsrfForm, CsrfMultipart, PageUser, Session};

const PAGE: &str = "/review-requests";

/// The form's fields, filled with `r` (what is on file or was typed).
fn fields(r: &ReviewInput) -> Vec<Field> {
    vec![
        Field::choice("kind", "审查类型", &r.kind, ReviewKind::options()).required(),
        Field::text("title", "事项名称", &r.title)
            .required()
            .wide()
            .placeholder("如 村级活动场所维修工程施工合同"),
        Field::text("requesting_unit", "送审单位", &r.requesting_unit)
            .required()
            .placeholder("如 党政办"),
        Field::text("adviser", "法律顾问", &r.adviser)
            .required()
            .hint("法律顾问的用户名，见上方名单"),
        Field::date("sent_on", "送审日期", &r.sent_on).required(),
        Field::date("wanted_by", "要求出具意见日期", &r.wanted_by)
            .hint("不填则按最短审查期限"),
        Field::area("subject", "主要内容", &r.subject),
        Field::area("basis", "法律依据", &r.basis),
        Field::area("procedure", "履行程序及材料", &r.procedure),
    ]
}

struct OrgChoice {
    org: String,
}

/// A request on the list, with where its due date stands.
struct Item {
    r: ReviewRow,
    due: DueView,
}

impl Item {
    fn kind(&self) -> &'static str {
        kind_label(&self.r.kind)
    }

    fn conclusion(&self) -> &'static str {
        conclusion_label(&self.r.conclusion)
    }
}

fn kind_label(code: &str) -> &'static str {
    ReviewKind::parse(code).map_or("", ReviewKind::label)
}

fn conclusion_label(code: &Option<String>) -> &'static str {
    code.as_deref()
        .and_then(Conclusion::parse)
        .map_or("", Conclusion::label)
}

fn adoption_label(adopted: Option<bool>) -> &'static str {
    match adopted {
        Some(true) => "已采纳",
        Some(false) => "未采纳",
        None => "",
    }
}

#[derive(Template)]
#[template(path = "reviews/list.html")]
struct ListPage {
    ctx: Ctx,
    q: YearListQuery,
    withdrawn: bool,
    /// The caller's queue as an adviser (only the requests sent to them).
    queue: bool,
    items: Vec<Item>,
    total: i64,
    figures: Option<Figures>,
    advisers: Vec<Adviser>,
    orgs: Vec<Org>,
    pager: Pager,
    form: OrgChoice,
    fields: String,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

impl ListPage {
    fn kind_label(&self, code: &str) -> &'static str {
        kind_label(code)
    }

    fn conclusion_label(&self, code: &Option<String>) -> &'static str {
        match code {
            None => "待审查",
            some => conclusion_label(some),
        }
    }

    fn rate(&self, f: &Figures) -> String {
        f.adoption_rate()
            .map_or_else(|| "—".to_owned(), |r| format!("{r:.1}%"))
    }
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    q: YearListQuery,
    form: ReviewInput,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let queue = caller.role == Role::Adviser;
    let orgs = orgs_service::visible(app, caller).await?;
    let paging = q.paging();
    let query = q.query()?;
    let (rows, total) =
        service::list(app, caller, &query, Some((paging.page, paging.per_page))).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let due = service::due_view(app, &r).await?;
        items.push(Item { r, due });
    }
    let figures = if queue {
        None
    } else {
        Some(service::figures(app, caller, &query).await?)
    };
    let can_write = caller.role.can_write(Area::LegalReview);
    let advisers = if can_write {
        service::advisers_of_caller(app, caller).await?
    } else {
        Vec::new()
    };
    let fields = Fields {
        fields: &fields(&form),
        errors: &errors,
    }
    .render()?;
    render(&ListPage {
        ctx: Ctx::new(session, "reviews"),
        pager: q.pager(PAGE, total),
        withdrawn: q.withdrawn(),
        queue,
        items,
        total,
        figures,
        advisers,
        orgs,
        q,
        form: OrgChoice {
            org: form.org.unwrap_or_default(),
        },
        fields,
        errors,
        can_write,
    })
}

async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearListQuery>,
) -> Result<Html<String>, PageError> {
    list_page(&app, &session, q, ReviewInput::default(), BTreeMap::new()).await
}

async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    session.caller.require_write(Area::LegalReview)?;
    let form: ReviewInput = records::form_from(&pairs);
    let result = service::create(&app, &session.caller, form.clone()).await;
    let rerender = |errors| list_page(&app, &session, YearListQuery::default(), form, errors);
    form_result(result, rerender, PAGE).await
}

#[derive(Template)]
#[template(path = "reviews/detail.html")]
struct DetailPage {
    ctx: Ctx,
    r: ReviewRow,
    due: DueView,
    facts: Vec<(&'static str, String)>,
    errors: BTreeMap<String, String>,
    /// The kit's 修改记录 and 作废 forms: readers of the register only (not an adviser).
    rv: Option<Revisions>,
    /// The caller is the adviser the request was sent to, and may still answer.
    may_answer: bool,
    /// The caller may record the adoption (answered, not yet reported).
    may_report: bool,
    opinion: OpinionInput,
    conclusions: Vec<(&'static str, &'static str)>,
    reason: String,
    /// The materials sent with the request.
    materials: Vec<Attachment>,
    /// The caller may attach materials.
    may_attach: bool,
}

impl DetailPage {
    fn conclusion(&self) -> &'static str {
        conclusion_label(&self.r.conclusion)
    }

    fn adoption(&self) -> &'static str {
        adoption_label(self.r.adopted)
    }
}

/// The forms a page shows again with what was typed.
#[derive(Default)]
struct Typed {
    opinion: OpinionInput,
    reason: String,
}

async fn detail(
    app: &SharedApp,
    session: &Session,
    id: i64,
    errors: BTreeMap<String, String>,
    typed: Typed,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let r = service::get(app, caller, id).await?;
    let due = service::due_view(app, &r).await?;
    let withdrawn = r.revision.is_withdrawn();
    let rv = if caller.role == Role::Adviser {
        None
    } else {
        Some(
            kit::revisions::<Reviews>(
                app,
                caller,
                id,
                r.revision.withdrawn_reason.as_deref(),
                withdrawn,
                r.created_at,
            )
            .await?,
        )
    };
    let facts = vec![
        ("审查类型", kind_label(&r.kind).to_owned()),
        ("送审单位", r.requesting_unit.clone()),
        ("法律顾问", r.adviser_name.clone()),
        ("送审日期", r.sent_on.to_string()),
        ("要求出具意见日期", r.due_on.to_string()),
        ("主要内容", r.subject.clone()),
        ("法律依据", or_dash(&r.basis)),
        ("履行程序及材料", or_dash(&r.procedure)),
        ("所属组织", r.org_name.clone()),
    ];
    let may_answer = caller.user_id == r.adviser_id && !withdrawn && r.adopted.is_none();
    let may_report = caller.role.can_write(Area::LegalReview)
        && !withdrawn
        && r.conclusion.is_some()
        && r.adopted.is_none();
    let mut opinion = typed.opinion;
    if opinion.conclusion.is_empty() {
        opinion.conclusion = r.conclusion.clone().unwrap_or_default();
        opinion.text = r.opinion.clone().unwrap_or_default();
    }
    let materials = service::materials(app, &r).await?;
    let may_attach = caller.role.can_write(Area::LegalReview) && !withdrawn;
    render(&DetailPage {
        ctx: Ctx::new(session, "reviews"),
        materials,
        may_attach,
        r,
        due,
        facts,
        errors,
        rv,
        may_answer,
        may_report,
        opinion,
        conclusions: Conclusion::options(),
        reason: typed.reason,
    })
}

async fn show(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    detail(&app, &session, id, BTreeMap::new(), Typed::default()).await
}

async fn opinion(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    service::require_adviser(&session.caller)?;
    let form: OpinionInput = records::form_from(&pairs);
    let result = service::give_opinion(&app, &session.caller, id, form.clone()).await;
    let typed = Typed {
        opinion: form,
        reason: String::new(),
    };
    let rerender = |errors| detail(&app, &session, id, errors, typed);
    form_result(result, rerender, &format!("{PAGE}/{id}")).await
}

/// The adoption form: `adopted` is 1 (adopted) or 0 (not, with a reason).
#[derive(Clone, Default, Deserialize)]
struct AdoptionForm {
    #[serde(default)]
    adopted: String,
    #[serde(default)]
    reason: String,
}

async fn adoption(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    CsrfForm(session, form): CsrfForm<AdoptionForm>,
) -> Result<Response, PageError> {
    session.caller.require_write(Area::LegalReview)?;
    let result = match form.adopted.as_str() {
        "1" | "0" => {
            let input = AdoptionInput {
                adopted: form.adopted == "1",
                reason: form.reason.clone(),
            };
            service::record_adoption(&app, &session.caller, id, input).await
        }
        _ => Err(crate::error::AppError::field(
            "adopted",
            "请选择是否采纳审查意见",
        )),
    };
    let typed = Typed {
        opinion: OpinionInput::default(),
        reason: form.reason,
    };
    let rerender = |errors| detail(&app, &session, id, errors, typed);
    form_result(result, rerender, &format!("{PAGE}/{id}")).await
}

/// Uploads a material (a PDF scan or a photo) to the request.
async fn upload(
    State(app): State<SharedApp>,
    ApiPath(id): ApiPath<i64>,
    upload: CsrfMultipart,
) -> Result<Response, PageError> {
    let CsrfMultipart { session, files, .. } = upload;
    let (name, bytes) = files
        .into_iter()
        .find(|(field, _, _)| field == "file")
        .map(|(_, name, bytes)| (name, bytes.to_vec()))
        .unwrap_or_default();
    let result = service::attach(&app, &session.caller, id, &name, bytes).await;
    let rerender = |errors| detail(&app, &session, id, errors, Typed::default());
    form_result(result, rerender, &format!("{PAGE}/{id}")).await
}

async fn opinion_docx(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, PageError> {
    let (name, bytes) = service::opinion_document(&app, &session.caller, id).await?;
    Ok(download(&name, crate::service::disputes::DOCX_TYPE, bytes))
}

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/review-requests/{id}", get(show))
        .route("/review-requests/{id}/opinion", post(opinion))
        .route("/review-requests/{id}/adoption", post(adoption))
        .route("/review-requests/{id}/opinion.docx", get(opinion_docx))
        .route(
            "/review-requests/{id}/materials",
            post(upload).layer(axum::extract::DefaultBodyLimit::max(
                service::MAX_UPLOAD + 64 * 1024,
            )),
        )
        .merge(kit::routes::<Reviews>())
}

impl FieldsRegister for Reviews {
    const PAGE: &'static str = PAGE;

    fn place(r: &ReviewRow) -> Place {
        Place {
            area: "依法决策与审查",
            list: (PAGE, "合法性审查"),
            nav: "reviews",
            noun: "审查",
            name: format!("{} {}", r.number, r.title),
        }
    }

    fn fields(input: &ReviewInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(r: &ReviewRow) -> Vec<(&'static str, String)> {
        vec![
            ("审查结论", conclusion_label(&r.conclusion).to_owned()),
            ("采纳情况", adoption_label(r.adopted).to_owned()),
            ("所属组织", r.org_name.clone()),
        ]
    }

    fn state(r: &ReviewRow) -> (&Revision, DateTime<Utc>) {
        (&r.revision, r.created_at)
    }
}

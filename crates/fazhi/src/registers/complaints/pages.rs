//! The complaints register's staff pages: the list (open cases first, soonest due first, each
//! with its graded warning) with a search of the external case number, the form to register a
//! call, visit or letter, a case's page with its time limits explained and the handling steps'
//! forms, receipt verification, the 处理意见书, and (from the kit) 编辑, 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::access::{Area, Role};
use fazhi_domain::complaint::{Acceptance, Channel, Class, Outcome, Satisfaction, StatutoryRoute};
use serde::Deserialize;

use super::service::{
    self, ComplaintInput, ComplaintItem, ComplaintQuery, ComplaintRow, ComplaintView, Complaints,
    VerifyInput, VerifyResult,
};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::orgs::{self as orgs_service, Org};
use crate::service::revision::Revision;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::pages::record_files::{self, record_files, FilesPage, RecordFiles};
use crate::web::pages::fields::{Field, Fields};
use crate::web::pages::kit::{self, Revisions};
use crate::web::pages::list_page::Pager;
use crate::web::pages::records::{form_from, FieldsRegister, Place};
use crate::web::pages::year_list::YearListQuery;
use crate::web::pages::{download, form_result, render, Ctx};
use crate::web::session::{CsrfForm, PageUser, Session};

const PAGE: &str = "/complaints";

fn yes_no() -> Vec<(&'static str, &'static str)> {
    vec![("false", "否"), ("true", "是")]
}

/// The form's fields, filled with `r` (what is on file or was typed).
fn fields(r: &ComplaintInput) -> Vec<Field> {
    let mut routes = vec![("", "（无）")];
    routes.extend(StatutoryRoute::options());
    vec![
        Field::choice("channel", "来源渠道", &r.channel, Channel::options()).required(),
        Field::choice("class", "信访事项类别", &r.class, Class::options()).required(),
        Field::text("matter_type", "事项类型", &r.matter_type)
            .required()
            .placeholder("如 土地征收、环境污染、劳资纠纷"),
        Field::choice("statutory_route", "法定途径", &r.statutory_route, routes)
            .hint("申诉求决类事项可通过诉讼、复议、仲裁解决的，导入法定途径"),
        Field::text("petitioner_name", "信访人", &r.petitioner_name)
            .required()
            .hint("匿名举报的填写「匿名」"),
        Field::text("id_number", "身份证号", &r.id_number),
        Field::text("phone", "联系电话", &r.phone),
        Field::text("address", "住址", &r.address),
        Field::text("representatives", "走访代表", &r.representatives)
            .hint("多人走访的代表，不超过5人，用顿号分隔"),
        Field::text("subject", "事项标题", &r.subject).required().wide(),
        Field::area("content", "主要诉求和事实", &r.content).required(),
        Field::text("external_number", "信访系统编号", &r.external_number)
            .hint("国家信访信息系统或12345平台的编号"),
        Field::date("received_on", "收到日期", &r.received_on).required(),
        Field::choice("referred", "上级转交", &r.referred.to_string(), yes_no())
            .hint("信访部门或上级机关转送、交办的"),
    ]
}

struct OrgChoice {
    org: String,
}

#[derive(Template)]
#[template(path = "complaints/list.html")]
struct ListPage {
    ctx: Ctx,
    q: YearListQuery,
    search: String,
    withdrawn: bool,
    items: Vec<ComplaintItem>,
    total: i64,
    orgs: Vec<Org>,
    pager: Pager,
    form: OrgChoice,
    fields: String,
    errors: BTreeMap<String, String>,
    can_write: bool,
}

impl ListPage {
    fn channel(&self, code: &str) -> String {
        service::channel_label(code).to_owned()
    }

    fn class(&self, code: &str) -> String {
        service::class_label(code).to_owned()
    }

    fn state(&self, r: &ComplaintRow) -> &'static str {
        service::state(r)
    }
}

/// The search box beside the list's filters.
#[derive(Deserialize, Default)]
struct Search {
    #[serde(default)]
    search: String,
}

async fn list_page(
    app: &SharedApp,
    session: &Session,
    (q, search): (YearListQuery, String),
    form: ComplaintInput,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let orgs = orgs_service::visible(app, caller).await?;
    let paging = q.paging();
    let page = Some((paging.page, paging.per_page));
    let query = ComplaintQuery {
        year: q.query()?,
        search: Some(search.clone()),
    };
    let (items, total) = service::list(app, caller, &query, page).await?;
    let filters = q.filters();
    let search_q = serde_urlencoded::to_string([("search", search.as_str())]).unwrap_or_default();
    let pager = Pager::new(paging.page, paging.per_page, total, |p| {
        format!("{PAGE}?{filters}&{search_q}&page={p}")
    });
    let fields = Fields {
        fields: &fields(&form),
        errors: &errors,
    }
    .render()?;
    render(&ListPage {
        ctx: Ctx::new(session, "complaints"),
        pager,
        items,
        total,
        orgs,
        withdrawn: q.withdrawn(),
        q,
        search,
        form: OrgChoice {
            org: form.org.unwrap_or_default(),
        },
        fields,
        errors,
        can_write: caller.role.can_write(Area::Complaints),
    })
}

async fn list(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<YearListQuery>,
    Query(s): Query<Search>,
) -> Result<Html<String>, PageError> {
    let form = ComplaintInput {
        received_on: crate::clock::today().to_string(),
        ..ComplaintInput::default()
    };
    list_page(&app, &session, (q, s.search), form, BTreeMap::new()).await
}

async fn create(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form: ComplaintInput = form_from(&pairs);
    let result = service::create(&app, &session.caller, form.clone()).await;
    let again = |errors| list_page(&app, &session, Default::default(), form, errors);
    form_result(result, again, PAGE).await
}

#[derive(Template)]
#[template(path = "complaints/detail.html")]
struct DetailPage {
    ctx: Ctx,
    v: ComplaintView,
    facts: Vec<(&'static str, String)>,
    errors: BTreeMap<String, String>,
    rv: Revisions,
    /// The steps the caller may take now.
    may_decide: bool,
    may_handle: bool,
    may_conclude: bool,
    may_callback: bool,
    may_review: bool,
    may_recheck: bool,
    may_supervise: bool,
    may_write: bool,
    decisions: Vec<(&'static str, &'static str)>,
    outcomes: Vec<(&'static str, &'static str)>,
    satisfactions: Vec<(&'static str, &'static str)>,
    /// The investigation material (调查材料) and its upload form.
    files: RecordFiles,
}

impl DetailPage {
    fn outcome(&self) -> String {
        self.v.case.outcome.as_deref().map(service::outcome_label).unwrap_or_default().to_owned()
    }

    fn satisfaction(&self) -> String {
        self.v
            .case
            .satisfaction
            .as_deref()
            .map(service::satisfaction_label)
            .unwrap_or_default()
            .to_owned()
    }
}

fn or_dash(v: &Option<String>) -> String {
    v.clone().filter(|s| !s.is_empty()).unwrap_or_default()
}

fn date_or_blank(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

async fn detail(
    app: &SharedApp,
    session: &Session,
    id: i64,
    errors: BTreeMap<String, String>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let v = service::view(app, caller, id).await?;
    let r = &v.case;
    let withdrawn = r.revision.is_withdrawn();
    let rv = kit::revisions::<Complaints>(
        app,
        caller,
        id,
        r.revision.withdrawn_reason.as_deref(),
        withdrawn,
        r.created_at,
    )
    .await?;
    let facts = vec![
        ("状态", service::state(r).to_owned()),
        ("来源渠道", service::channel_label(&r.channel).to_owned()),
        ("信访事项类别", service::class_label(&r.class).to_owned()),
        ("事项类型", r.matter_type.clone()),
        (
            "法定途径",
            r.statutory_route.as_deref().map(service::route_label).unwrap_or_default().to_owned(),
        ),
        ("信访人", r.petitioner_name.clone()),
        ("身份证号", or_dash(&r.id_number)),
        ("联系电话", or_dash(&r.phone)),
        ("住址", or_dash(&r.address)),
        ("走访代表", or_dash(&r.representatives)),
        ("主要诉求和事实", r.content.clone()),
        ("信访系统编号", or_dash(&r.external_number)),
        ("收到日期", r.received_on.to_string()),
        ("上级转交", if r.referred { "是" } else { "否" }.to_owned()),
        (
            "受理决定",
            r.acceptance.as_deref().map(service::acceptance_label).unwrap_or_default().to_owned(),
        ),
        ("告知日期", date_or_blank(r.decided_on)),
        ("受理说明", or_dash(&r.acceptance_note)),
        ("转送机关", or_dash(&r.referred_to)),
        ("承办单位或承办人", or_dash(&r.assignee)),
        (
            "延长办理期限",
            r.extension_days
                .map(|d| {
                    format!(
                        "{d} 日（批准人：{}；理由：{}）",
                        or_dash(&r.extension_approved_by),
                        or_dash(&r.extension_reason)
                    )
                })
                .unwrap_or_default(),
        ),
        ("查询码", or_dash(&r.tracking_code)),
        ("受理机关", r.org_name.clone()),
    ];
    let open = !withdrawn;
    let write = caller.role.can_write(Area::Complaints) && open;
    let accepted = r.acceptance.as_deref() == Some(Acceptance::Accepted.code());
    let page = DetailPage {
        ctx: Ctx::new(session, "complaints"),
        facts,
        errors,
        rv,
        may_decide: write && r.acceptance.is_none(),
        may_handle: write && accepted && r.concluded_on.is_none(),
        may_conclude: write && accepted && r.concluded_on.is_none(),
        may_callback: write && r.concluded_on.is_some() && r.satisfaction.is_none(),
        may_review: write && r.concluded_on.is_some() && r.reviewed_on.is_none(),
        may_recheck: write && r.reviewed_on.is_some() && r.rechecked_on.is_none(),
        may_supervise: open && matches!(caller.role, Role::Leader | Role::Admin),
        may_write: write,
        decisions: vec![
            (Acceptance::Accepted.code(), Acceptance::Accepted.label()),
            (Acceptance::NotAccepted.code(), Acceptance::NotAccepted.label()),
        ],
        outcomes: Outcome::options(),
        satisfactions: Satisfaction::options(),
        files: record_files::<Complaints>(app, caller, id, FILES).await?,
        v,
    };
    render(&page)
}

/// What a complaint's files are: the investigation's material (信访工作条例 第三十一条).
const FILES: &str = "调查材料";

impl FilesPage for Complaints {
    /// A refused upload shows the complaint's own page.
    async fn files_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        detail(app, session, id, errors).await
    }
}

async fn show(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    detail(&app, &session, id, BTreeMap::new()).await
}

/// `POST /complaints/{id}/{step}`: one handler for every step's form.
async fn take_step(
    State(app): State<SharedApp>,
    ApiPath((id, step)): ApiPath<(i64, String)>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let caller = &session.caller;
    let result = match step.as_str() {
        "accept" => service::accept(&app, caller, id, form_from(&pairs)).await,
        "refer" => service::refer(&app, caller, id, form_from(&pairs)).await,
        "assign" => service::assign(&app, caller, id, form_from(&pairs)).await,
        "note" => service::note(&app, caller, id, form_from(&pairs)).await,
        "extend" => service::extend(&app, caller, id, form_from(&pairs)).await,
        "conclude" => service::conclude(&app, caller, id, form_from(&pairs)).await,
        "callback" => service::callback(&app, caller, id, form_from(&pairs)).await,
        "review" => service::review(&app, caller, id, form_from(&pairs)).await,
        "recheck" => service::recheck(&app, caller, id, form_from(&pairs)).await,
        "supervise" => service::supervise(&app, caller, id, form_from(&pairs)).await,
        "supervision-reply" => service::reply_supervision(&app, caller, id, form_from(&pairs)).await,
        "link-dispute" => match dispute_field(&pairs) {
            Ok(dispute) => service::link_dispute(&app, caller, id, service::LinkDisputeInput { dispute }).await,
            Err(e) => Err(e),
        },
        _ => Err(AppError::not_found()),
    };
    let rerender = |errors| detail(&app, &session, id, errors);
    form_result(result, rerender, &format!("{PAGE}/{id}")).await
}

/// The dispute id the link form names.
fn dispute_field(pairs: &[(String, String)]) -> Result<i64, AppError> {
    pairs
        .iter()
        .find(|(k, _)| k == "dispute")
        .and_then(|(_, v)| v.trim().parse().ok())
        .ok_or_else(|| AppError::field("dispute", "请填写纠纷案件的编号（数字 ID）"))
}

async fn opinion_docx(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, PageError> {
    let (name, bytes) = service::opinion_document(&app, &session.caller, id).await?;
    Ok(download(&name, crate::service::disputes::DOCX_TYPE, bytes))
}

#[derive(Template)]
#[template(path = "complaints/verify.html")]
struct VerifyPage {
    ctx: Ctx,
    form: VerifyInput,
    result: Option<VerifyResult>,
}

async fn verify_form(PageUser(session): PageUser) -> Result<Html<String>, PageError> {
    session.caller.require_read(Area::Complaints)?;
    render(&VerifyPage {
        ctx: Ctx::new(&session, "complaints_verify"),
        form: VerifyInput::default(),
        result: None,
    })
}

async fn verify(
    State(app): State<SharedApp>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Html<String>, PageError> {
    let form: VerifyInput = form_from(&pairs);
    let result = service::verify(&app, &session.caller, &form).await?;
    render(&VerifyPage {
        ctx: Ctx::new(&session, "complaints_verify"),
        form,
        result: Some(result),
    })
}

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/complaints/verify", get(verify_form).post(verify))
        .route("/complaints/{id}", get(show))
        .route("/complaints/{id}/opinion.docx", get(opinion_docx))
        .route("/complaints/{id}/{step}", post(take_step))
        .merge(kit::routes::<Complaints>())
        .merge(record_files::routes::<Complaints>())
}

impl FieldsRegister for Complaints {
    const PAGE: &'static str = PAGE;

    fn place(r: &ComplaintRow) -> Place {
        Place {
            area: "接受监督",
            list: (PAGE, "信访事项"),
            nav: "complaints",
            noun: "信访事项",
            name: format!("{}：{}", r.petitioner_name, r.subject),
        }
    }

    fn fields(input: &ComplaintInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(r: &ComplaintRow) -> Vec<(&'static str, String)> {
        vec![
            ("状态", service::state(r).to_owned()),
            ("受理机关", r.org_name.clone()),
        ]
    }

    fn state(r: &ComplaintRow) -> (&Revision, DateTime<Utc>) {
        (&r.revision, r.created_at)
    }
}

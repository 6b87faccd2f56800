//! The disclosure-requests register's staff pages: the queue (unanswered first, soonest due
//! first) with its totals and export, the form to register a letter, visit or fax, a request's
//! page with how its due date was counted, and (from the kit) its 编辑, 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::response::Html;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::access::Area;
use fazhi_domain::disclosure::{
    ApplicantKind, Channel, ConsultedKind, RemedyKind, RemedyResult, ReplyType,
    FREE_REQUESTS_PER_MONTH,
};
use serde::Deserialize;

use super::steps::{self, Step, StepInput};
use super::{letter, report, service::{
    self, applicant_label, channel_label, reply_label, DisclosureRequests, RequestInput,
    RequestRow, RequestTotals,
}};
use crate::app::SharedApp;
use crate::service::revision::Revision;
use crate::web::error::PageError;
use crate::web::pages::fields::Field;
use crate::web::extract::ApiPath;
use crate::web::pages::kit::{self, Revisions};
use crate::web::pages::records::{form_from, FieldsRegister, Place};
use crate::web::pages::year_list::{input_list_pages, totalled_list_page};
use crate::web::pages::{download, file_download, form_result, render, Ctx};
use crate::web::session::{CsrfForm, PageUser, Session};

const PAGE: &str = "/disclosure-requests";

/// The form's fields, filled with `r` (what is on file or was typed).
fn fields(r: &RequestInput) -> Vec<Field> {
    vec![
        Field::choice("channel", "申请方式", &r.channel, Channel::options()).required(),
        Field::choice(
            "applicant_kind",
            "申请人类型",
            &r.applicant_kind,
            ApplicantKind::options(),
        )
        .required(),
        Field::text("applicant_name", "申请人姓名或名称", &r.applicant_name).required(),
        Field::text("applicant_phone", "联系电话", &r.applicant_phone).required(),
        Field::area("information", "申请公开的政府信息", &r.information)
            .required()
            .placeholder("名称、文号或便于查询的特征描述"),
        Field::text("form_wanted", "获取方式", &r.form_wanted).hint("纸质、电子邮件、自行领取等"),
        Field::date("submitted_on", "提交日期", &r.submitted_on).hint("当面提交的填写"),
        Field::date("signed_for_on", "签收日期", &r.signed_for_on).hint("挂号信、快递填写"),
        Field::date("confirmed_on", "确认日期", &r.confirmed_on)
            .hint("平常信函、互联网、传真：与申请人确认之日"),
        Field::date("correction_noticed_on", "告知补正日期", &r.correction_noticed_on)
            .hint("收到申请后7个工作日内一次性告知"),
        Field::date("corrected_on", "收到补正日期", &r.corrected_on)
            .hint("答复期限自此重新计算"),
        Field::date("consulted_from", "征求意见开始", &r.consulted_from)
            .hint("征求第三方或其他机关意见，不计入期限"),
        Field::date("consulted_to", "征求意见结束", &r.consulted_to),
        Field::text("consulted_whom", "征求意见对象", &r.consulted_whom).hint("如 第三方、县自然资源局"),
        Field::number("extension_days", "延长工作日", &r.extension_days).hint("最多20个工作日"),
        Field::text(
            "extension_approved_by",
            "延期批准人",
            &r.extension_approved_by,
        )
        .hint("政府信息公开工作机构负责人"),
        Field::date("replied_on", "答复日期", &r.replied_on),
        Field::choice("reply_type", "答复类型", &r.reply_type, ReplyType::options()).wide(),
        Field::area("reply_text", "答复内容", &r.reply_text),
    ]
}

impl ListPage {
    fn summary(&self) -> String {
        let t = &self.totals;
        format!(
            "收到申请 {} 件，已答复 {} 件，办理中 {} 件",
            t.requests,
            t.answered,
            t.requests - t.answered
        )
    }

    fn overdue(&self, r: &RequestRow) -> bool {
        let today = crate::clock::today();
        r.replied_on.is_none() && r.due_on.is_some_and(|d| d < today)
    }

    fn channel(&self, code: &str) -> String {
        channel_label(code).to_owned()
    }

    fn applicant(&self, code: &str) -> String {
        applicant_label(code).to_owned()
    }

    fn reply(&self, code: &str) -> String {
        reply_label(code).to_owned()
    }
}

totalled_list_page!(
    ListPage("disclosure/list.html") { items: RequestRow, totals: RequestTotals },
    PAGE, "disclosure_requests", Area::Disclosure, RequestInput, service::list, requests, fields
);

input_list_pages!(list, create, export, list_page, RequestInput, service::create, service::export, PAGE);

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/disclosure-requests/export", get(export))
        .route("/disclosure-requests/report", get(report_page).post(save_report_text))
        .route("/disclosure-requests/{id}", get(show))
        .route("/disclosure-requests/{id}/steps/{step}", post(take_step))
        .route("/disclosure-requests/{id}/letter", get(letter_docx))
        .merge(kit::routes::<DisclosureRequests>())
}

impl FieldsRegister for DisclosureRequests {
    const PAGE: &'static str = PAGE;

    fn place(r: &RequestRow) -> Place {
        Place {
            area: "政务公开",
            list: (PAGE, "依申请公开"),
            nav: "disclosure_requests",
            noun: "申请",
            name: format!("{}：{}", r.applicant_name, r.information.chars().take(30).collect::<String>()),
        }
    }

    fn fields(input: &RequestInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(r: &RequestRow) -> Vec<(&'static str, String)> {
        let mut facts = vec![
            ("受理机关", r.org_name.clone()),
            ("收到申请日期", r.received_on.to_string()),
        ];
        facts.push((
            "答复期限",
            match r.due_on {
                Some(d) => d.to_string(),
                None => "待申请人补正，补正后重新计算".to_owned(),
            },
        ));
        if let Some(how) = &r.due_explained {
            facts.push(("期限计算", how.replace('\n', "；")));
        }
        if let Some(code) = &r.tracking_code {
            facts.push(("查询码", code.clone()));
        }
        facts
    }

    fn state(r: &RequestRow) -> (&Revision, DateTime<Utc>) {
        (&r.revision, r.created_at)
    }
}

#[derive(Template)]
#[template(path = "disclosure/detail.html")]
struct DetailPage {
    ctx: Ctx,
    r: RequestRow,
    name: String,
    facts: Vec<(&'static str, String)>,
    errors: BTreeMap<String, String>,
    rv: Revisions,
    /// 已答复, 待补正, 逾期未补正，视为放弃申请 or 办理中.
    state: &'static str,
    month_count: i64,
    free_limit: i64,
    /// The caller may take steps (writer, not withdrawn).
    can_step: bool,
    /// What was typed in the step form that was refused.
    typed: StepInput,
    replies: Vec<(&'static str, &'static str)>,
    consulted_kinds: Vec<(&'static str, &'static str)>,
    remedy_kinds: Vec<(&'static str, &'static str)>,
    remedy_results: Vec<(&'static str, &'static str)>,
}

impl DetailPage {
    fn reply(&self) -> String {
        self.r.reply_type.as_deref().map(reply_label).unwrap_or_default().to_owned()
    }

    fn fee(&self) -> String {
        self.r
            .fee_fen
            .map(|f| format!("{}.{:02} 元", f / 100, f % 100))
            .unwrap_or_default()
    }

    fn remedy(&self) -> String {
        let kind = self.r.remedy_kind.as_deref().and_then(RemedyKind::parse);
        let result = self.r.remedy_result.as_deref().and_then(RemedyResult::parse);
        match (kind, self.r.remedy_filed_on) {
            (Some(k), Some(on)) => format!(
                "{}（{} 提起，{}）",
                k.label(),
                on,
                result.map_or("尚未审结", |r| r.label())
            ),
            _ => String::new(),
        }
    }

    fn over_free_limit(&self) -> bool {
        self.month_count > self.free_limit
    }
}

async fn detail(
    app: &SharedApp,
    session: &Session,
    id: i64,
    errors: BTreeMap<String, String>,
    typed: StepInput,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let v = service::view(app, caller, id).await?;
    let r = v.row;
    let withdrawn = r.revision.is_withdrawn();
    let rv = kit::revisions::<DisclosureRequests>(
        app,
        caller,
        id,
        r.revision.withdrawn_reason.as_deref(),
        withdrawn,
        r.created_at,
    )
    .await?;
    let input = service::input_of(&r);
    let mut facts: Vec<(&'static str, String)> = fields(&input)
        .into_iter()
        .filter(|f| !f.value.is_empty())
        .map(|f| {
            let value = match f.name {
                "channel" => channel_label(&f.value).to_owned(),
                "applicant_kind" => applicant_label(&f.value).to_owned(),
                "reply_type" => reply_label(&f.value).to_owned(),
                _ => f.value,
            };
            (f.label, value)
        })
        .collect();
    facts.extend(<DisclosureRequests as FieldsRegister>::more_facts(&r));
    render(&DetailPage {
        ctx: Ctx::new(session, "disclosure_requests"),
        name: <DisclosureRequests as FieldsRegister>::place(&r).name,
        can_step: caller.role.can_write(Area::Disclosure) && !withdrawn,
        r,
        facts,
        errors,
        rv,
        state: v.state,
        month_count: v.month_count,
        free_limit: FREE_REQUESTS_PER_MONTH,
        typed,
        replies: ReplyType::options(),
        consulted_kinds: ConsultedKind::options(),
        remedy_kinds: RemedyKind::options(),
        remedy_results: RemedyResult::options(),
    })
}

async fn show(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    detail(&app, &session, id, BTreeMap::new(), StepInput::default()).await
}

async fn take_step(
    State(app): State<SharedApp>,
    ApiPath((id, step)): ApiPath<(i64, String)>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let step = Step::parse(&step).ok_or_else(crate::error::AppError::not_found)?;
    let form: StepInput = form_from(&pairs);
    let result = steps::take(&app, &session.caller, id, step, form.clone()).await;
    let rerender = |errors| detail(&app, &session, id, errors, form);
    form_result(result, rerender, &format!("{PAGE}/{id}")).await
}

async fn letter_docx(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, PageError> {
    let (name, bytes) = letter::letter(&app, &session.caller, id).await?;
    Ok(download(&name, crate::service::disputes::DOCX_TYPE, bytes))
}

#[derive(Deserialize, Default)]
struct ReportQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    format: String,
}

#[derive(Template)]
#[template(path = "disclosure/report.html")]
struct ReportPage {
    ctx: Ctx,
    org: String,
    year: i32,
    /// The report as HTML (escaped by the document renderer).
    body: String,
    /// (key, heading, hint, saved text)
    sections: Vec<(&'static str, &'static str, &'static str, String)>,
    can_write: bool,
    errors: BTreeMap<String, String>,
}

async fn report_view(
    app: &SharedApp,
    session: &Session,
    q: ReportQuery,
    errors: BTreeMap<String, String>,
) -> Result<Response, PageError> {
    use axum::response::IntoResponse;
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&crate::clock::today()) - 1);
    let caller = &session.caller;
    if !q.format.is_empty() {
        let rendered =
            service::report_file(app, caller, Some(&q.org).filter(|o| !o.is_empty()).map(String::as_str), year, &q.format)
                .await?;
        return Ok(file_download(rendered));
    }
    let org = (!q.org.is_empty()).then_some(q.org.as_str());
    let view = report::view(app, caller, org, year).await?;
    Ok(render(&ReportPage {
        ctx: Ctx::new(session, "disclosure_requests"),
        org: view.org_code,
        year,
        body: view.html,
        sections: report::SECTIONS
            .iter()
            .map(|(k, h, hint)| (*k, *h, *hint, view.texts.get(*k).cloned().unwrap_or_default()))
            .collect(),
        can_write: caller.role.can_write(Area::Reports),
        errors,
    })?
    .into_response())
}

async fn report_page(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageError> {
    report_view(&app, &session, q, BTreeMap::new()).await
}

#[derive(Deserialize, Default, Clone)]
struct TextForm {
    #[serde(default)]
    org: String,
    #[serde(default)]
    year: i32,
    #[serde(default)]
    section: String,
    #[serde(default)]
    body: String,
}

async fn save_report_text(
    State(app): State<SharedApp>,
    CsrfForm(session, form): CsrfForm<TextForm>,
) -> Result<Response, PageError> {
    use axum::response::IntoResponse;
    let result = report::save_text(
        &app,
        &session.caller,
        &form.org,
        form.year,
        &form.section,
        &form.body,
    )
    .await;
    let q = ReportQuery {
        org: form.org.clone(),
        year: Some(form.year),
        format: String::new(),
    };
    let back = format!("{PAGE}/report?org={}&year={}", form.org, form.year);
    match result {
        Ok(()) => Ok(axum::response::Redirect::to(&back).into_response()),
        Err(e) => {
            let mut errors = e.fields.clone();
            errors.insert("_".to_owned(), e.message.clone());
            if !matches!(e.kind, crate::error::ErrorKind::BadRequest | crate::error::ErrorKind::Conflict) {
                return Err(e.into());
            }
            report_view(&app, &session, q, errors).await
        }
    }
}

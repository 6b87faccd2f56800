//! The normative documents' staff pages: the filtered list with its totals and export, the form
//! to register a draft, a document's page with its stage, deadlines, the forms of the steps it
//! may take next and the comments to moderate, and (from the kit) its 编辑, 作废, 恢复 and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use axum::routing::{get, post};
use axum::Router;
use fazhi_domain::access::Area;
use fazhi_domain::normative::CleanupResult;

use super::service::{
    self, label, CommentRow, ModerationInput, NormativeDocuments, NormativeInput, NormativeRow,
    NormativeTotals, StepInput,
};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::deadlines::DeadlineView;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::pages::fields::{Field, Fields};
use crate::web::pages::kit::{self, Editing, PageRegister, Revisions};
use crate::web::pages::records::{self, read_plain, Place};
use crate::web::pages::year_list::{input_list_pages, totalled_list_page};
use crate::web::pages::{form_result, render, Ctx};
use crate::web::session::{CsrfForm, Session};

const PAGE: &str = "/normative-documents";

/// One field of the register's forms, typed by what it holds.
fn field(name: &'static str, value: &str) -> Field {
    let l = label(name);
    match name {
        "affects_business" => Field::choice(name, l, value, vec![("false", "否"), ("true", "是")])
            .hint("与企业生产经营密切相关的，征求意见不少于30日"),
        "evaluation_result" => Field::choice(name, l, value, CleanupResult::options()),
        "validity_years" => Field::number(name, l, value).hint("不填按最长：5年，暂行、试行2年"),
        "interpretation" | "comment_note" | "evaluation_note" | "full_text" => {
            Field::area(name, l, value)
        }
        "title" => Field::text(name, l, value)
            .required()
            .wide()
            .placeholder("如 关于加强草场管理的暂行规定"),
        "drafting_unit" => Field::text(name, l, value).required().placeholder("如 党政办"),
        "review" => Field::text(name, l, value).hint("审查编号，如 合审〔2025〕3号"),
        "ended_by" => Field::text(name, l, value).hint("文号，如 某政规〔2026〕1号"),
        "doc_number" => Field::text(name, l, value).placeholder("如 某政规〔2025〕1号"),
        "channel" => Field::text(name, l, value).placeholder("如 镇政府网站、政务公开栏"),
        "filing_body" => Field::text(name, l, value).placeholder("如 县司法局"),
        n if n.ends_with("_on") || n.starts_with("comment_") => Field::date(name, l, value),
        _ => Field::text(name, l, value),
    }
}

/// The registration form: a draft and what it is.
fn new_fields(d: &NormativeInput) -> Vec<Field> {
    vec![
        field("title", &d.title),
        field("drafting_unit", &d.drafting_unit),
        field("drafted_on", &d.drafted_on),
        field("affects_business", &d.affects_business.to_string()),
        field("full_text", &d.full_text),
    ]
}

/// The 编辑 form: every field.
fn all_fields(d: &NormativeInput) -> Vec<Field> {
    let v = |name: &str| -> String {
        serde_json::to_value(d)
            .ok()
            .and_then(|m| m.get(name).cloned())
            .map(|v| match v {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    [
        "title", "drafting_unit", "drafted_on", "affects_business", "comment_from", "comment_to",
        "comment_note", "review", "deliberated_on", "meeting", "registration_number",
        "doc_number", "issued_on", "published_on", "channel", "effective_on", "validity_years",
        "filed_on", "filing_body", "evaluated_on", "evaluation_result", "evaluation_note",
        "ended_on", "ended_by", "interpretation", "full_text",
    ]
    .into_iter()
    .map(|name| field(name, &v(name)))
    .collect()
}

/// A document on the list, with its stage today.
struct Item {
    d: NormativeRow,
    stage: &'static str,
}

impl ListPage {
    fn summary(&self) -> String {
        let t = &self.totals;
        format!(
            "规范性文件 {} 件，其中已印发 {} 件、已公布 {} 件、已备案 {} 件、已废止 {} 件",
            t.documents, t.issued, t.published, t.filed, t.repealed
        )
    }
}

totalled_list_page!(
    ListPage("normative/list.html") { items: Item, totals: NormativeTotals },
    PAGE, "normative", Area::LegalReview, NormativeInput, service::list, documents, new_fields,
    items: |rows: Vec<NormativeRow>| {
        let today = crate::clock::today();
        rows.into_iter()
            .map(|d| Item {
                stage: service::stage(&d, today).label(),
                d,
            })
            .collect::<Vec<_>>()
    }
);

input_list_pages!(list, create, export, list_page, NormativeInput, service::create, service::export, PAGE);

/// A step's form on the document's page.
struct StepForm {
    slug: &'static str,
    label: &'static str,
    fields: String,
}

#[derive(Template)]
#[template(path = "normative/detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: NormativeRow,
    stage: &'static str,
    standing: &'static str,
    facts: Vec<(&'static str, String)>,
    errors: BTreeMap<String, String>,
    rv: Revisions,
    deadlines: Vec<DeadlineView>,
    steps: Vec<StepForm>,
    comments: Vec<CommentRow>,
    can_write: bool,
}

impl DetailPage {
    fn comment_state(&self, c: &CommentRow) -> &'static str {
        match c.state.as_str() {
            "approved" => "已公开",
            "hidden" => "不予公开",
            _ => "待审核",
        }
    }

    fn beijing(&self, at: &chrono::DateTime<chrono::Utc>) -> String {
        crate::service::revision::beijing(*at)
    }
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn day(v: Option<chrono::NaiveDate>) -> String {
    v.map(|d| d.to_string()).unwrap_or_default()
}

/// What the page lists about the document.
fn facts(d: &NormativeRow) -> Vec<(&'static str, String)> {
    let ended = match d.ended_how.as_deref() {
        Some("amended") => "已修改",
        Some("repealed") => "已废止",
        _ => "",
    };
    vec![
        ("文号", opt(&d.doc_number)),
        ("统一登记编号", opt(&d.registration_number)),
        ("起草单位", d.drafting_unit.clone()),
        ("起草日期", day(d.drafted_on)),
        ("涉企文件", if d.affects_business { "是" } else { "否" }.to_owned()),
        (
            "征求意见",
            match (d.comment_from, d.comment_to) {
                (Some(f), Some(t)) => format!(
                    "{f} 至 {t}；收到公众意见 {} 条，已公开 {} 条",
                    d.comments_received, d.comments_shown
                ),
                _ => String::new(),
            },
        ),
        ("合法性审核", opt(&d.review_number)),
        ("集体审议", format!("{} {}", day(d.deliberated_on), opt(&d.meeting)).trim().to_owned()),
        ("印发日期", day(d.issued_on)),
        ("公布", format!("{} {}", day(d.published_on), opt(&d.channel)).trim().to_owned()),
        ("施行日期", day(d.effective_on)),
        ("有效期", d.validity_years.map(|y| format!("{y} 年，至 {}", day(d.expires_on))).unwrap_or_default()),
        ("评估期限", day(d.evaluation_due)),
        ("报送备案", format!("{} {}", day(d.filed_on), opt(&d.filing_body)).trim().to_owned()),
        (
            "评估",
            match &d.evaluation_result {
                Some(r) => format!(
                    "{} {}",
                    day(d.evaluated_on),
                    CleanupResult::parse(r).map_or("", CleanupResult::label)
                ),
                None => String::new(),
            },
        ),
        (
            "修改或废止",
            if ended.is_empty() {
                String::new()
            } else {
                let by = d.ended_by_title.as_ref().or(d.cleanup_title.as_ref());
                format!("{} {ended}{}", day(d.ended_on), by.map(|t| format!("（{t}）")).unwrap_or_default())
            },
        ),
        ("所属组织", d.org_name.clone()),
    ]
}

/// Document `id`'s page; `typed` is what a refused step's form held (shown again).
async fn detail(
    app: &SharedApp,
    session: &Session,
    id: i64,
    errors: BTreeMap<String, String>,
    typed: Option<(&str, StepInput)>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let d = service::get(app, caller, id).await?;
    let today = crate::clock::today();
    let rv = kit::revisions::<NormativeDocuments>(
        app,
        caller,
        id,
        d.revision.withdrawn_reason.as_deref(),
        d.revision.is_withdrawn(),
        d.created_at,
    )
    .await?;
    let can_write = caller.role.can_write(Area::LegalReview) && !d.revision.is_withdrawn();
    let typed_value = |slug: &str, name: &str| -> String {
        typed
            .as_ref()
            .filter(|(s, _)| *s == slug)
            .and_then(|(_, input)| serde_json::to_value(input).ok())
            .and_then(|v| v.get(name).and_then(|v| v.as_str()).map(str::to_owned))
            .unwrap_or_default()
    };
    let mut steps = Vec::new();
    if can_write {
        for s in service::STEPS.iter().filter(|s| service::available(s, &d)) {
            let fields: Vec<Field> = s
                .fields
                .iter()
                .map(|&name| {
                    let mut f = field(name, &typed_value(s.slug, name));
                    f.required = s.required.contains(&name);
                    f
                })
                .collect();
            let drawn = Fields {
                fields: &fields,
                errors: &errors,
            }
            .render()?;
            steps.push(StepForm {
                slug: s.slug,
                label: s.label,
                fields: drawn,
            });
        }
    }
    let deadlines = crate::service::deadlines::for_record(app, service::REGISTER, id).await?;
    let comments = service::comments(app, caller, id).await?;
    render(&DetailPage {
        ctx: Ctx::new(session, "normative"),
        stage: service::stage(&d, today).label(),
        standing: service::standing(&d, today).label(),
        facts: facts(&d),
        d,
        errors,
        rv,
        deadlines,
        steps,
        comments,
        can_write,
    })
}

async fn take_step(
    State(app): State<SharedApp>,
    ApiPath((id, slug)): ApiPath<(i64, String)>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    session.caller.require_write(Area::LegalReview)?;
    let input: StepInput = records::form_from(&pairs);
    let result = service::take_step(&app, &session.caller, id, &slug, input.clone()).await;
    let rerender = |errors| detail(&app, &session, id, errors, Some((slug.as_str(), input)));
    form_result(result, rerender, &format!("{PAGE}/{id}")).await
}

#[derive(serde::Deserialize)]
struct Nothing {}

async fn moderate(
    State(app): State<SharedApp>,
    ApiPath((id, comment_id, decision)): ApiPath<(i64, i64, String)>,
    CsrfForm(session, _): CsrfForm<Nothing>,
) -> Result<Response, PageError> {
    let input = ModerationInput { decision };
    let result = service::moderate(&app, &session.caller, id, comment_id, input).await;
    let rerender = |errors| detail(&app, &session, id, errors, None);
    form_result(result, rerender, &format!("{PAGE}/{id}#comments")).await
}

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/normative-documents/export", get(export))
        .route("/normative-documents/{id}", get(kit::show::<NormativeDocuments>))
        .route("/normative-documents/{id}/steps/{step}", post(take_step))
        .route(
            "/normative-documents/{id}/comments/{comment_id}/{decision}",
            post(moderate),
        )
        .merge(kit::routes::<NormativeDocuments>())
}

fn place(d: &NormativeRow) -> Place {
    Place {
        area: "依法决策与审查",
        list: (PAGE, "行政规范性文件"),
        nav: "normative",
        noun: "规范性文件",
        name: if d.historical {
            format!("{}（历史记录）", d.title)
        } else {
            d.title.clone()
        },
    }
}

impl PageRegister for NormativeDocuments {
    const PAGE: &'static str = PAGE;
    type Form = NormativeInput;

    fn read_form(pairs: &[(String, String)]) -> (NormativeInput, Result<NormativeInput, AppError>) {
        read_plain(pairs, |f: &NormativeInput| Ok(f.clone()))
    }

    fn form_of(input: NormativeInput, _d: &NormativeRow) -> NormativeInput {
        input
    }

    /// The form has no field for how the document ended: the amend or repeal step set it.
    fn entered(current: NormativeInput, mut entered: NormativeInput) -> NormativeInput {
        entered.ended_how = current.ended_how;
        entered
    }

    async fn edit_page(
        _app: &SharedApp,
        session: &Session,
        form: NormativeInput,
        errors: BTreeMap<String, String>,
        editing: Editing<'_, NormativeRow>,
    ) -> Result<Html<String>, PageError> {
        let at = (editing.id, editing.version);
        records::edit_fields_page::<Self>(session, place(editing.record), at, &all_fields(&form), errors)
    }

    async fn detail_page(
        app: &SharedApp,
        session: &Session,
        id: i64,
        errors: BTreeMap<String, String>,
    ) -> Result<Html<String>, PageError> {
        detail(app, session, id, errors, None).await
    }
}

//! The decisions register's pages: the filtered list with its totals and export, the form to
//! register a catalogue entry, a decision's page with its procedure checklist (what the package
//! still lacks, 条例 第二十九条) and one form per step, and (from the kit) its 编辑, 作废, 恢复
//! and 修改记录.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use fazhi_domain::access::Area;
use fazhi_domain::decision::Procedure;

use super::service::{
    self, After, CatalogueInput, DatedInput, DecideInput, DecisionInput, DecisionRow,
    DecisionTotals, Decisions, PackageView, ParticipationInput, ProcedureInput, ReviewLinkInput,
};
use crate::app::SharedApp;
use crate::error::AppError;
use crate::service::revision::Revision;
use crate::web::error::PageError;
use crate::web::extract::ApiPath;
use crate::web::pages::fields::{Field, Fields};
use crate::web::pages::kit::{self, Revisions};
use crate::web::pages::records::{form_from, FieldsRegister, Place};
use crate::web::pages::year_list::{input_list_pages, totalled_list_page};
use crate::web::pages::{form_result, render, Ctx};
use crate::web::session::{CsrfForm, PageUser, Session};

const PAGE: &str = "/decisions";

/// The catalogue entry's fields, filled with `d` (what is on file or was typed).
fn fields(d: &DecisionInput) -> Vec<Field> {
    vec![
        Field::number("year", "目录年度", &d.year)
            .required()
            .hint("如 2025"),
        Field::text("title", "决策事项名称", &d.title)
            .required()
            .wide()
            .placeholder("如 镇区农贸市场改造建设项目"),
        Field::text("category", "事项类别", &d.category)
            .placeholder("如 重大公共建设项目")
            .hint("《重大行政决策程序暂行条例》第三条所列类别"),
        Field::text("lead_unit", "决策承办单位", &d.lead_unit)
            .required()
            .placeholder("如 经济发展办公室"),
        Field::date("planned_on", "计划完成时间", &d.planned_on),
    ]
}

impl ListPage {
    fn summary(&self) -> String {
        let t = &self.totals;
        format!(
            "决策事项 {} 项，已列入公布目录 {} 项；已作出决定 {} 项，其中完整履行法定程序 {} 项",
            t.decisions, t.listed, t.decided, t.followed
        )
    }

    fn stage(&self, d: &DecisionRow) -> &'static str {
        stage(d)
    }
}

/// Where a decision stands, in one word.
fn stage(d: &DecisionRow) -> &'static str {
    if d.evaluated_on.is_some() {
        "已评估"
    } else if d.archived_on.is_some() {
        "已归档"
    } else if d.published_on.is_some() {
        "已公布"
    } else if d.decided_on.is_some() {
        "已决定"
    } else {
        "程序进行中"
    }
}

/// The registration form's fields, its year preset to this year's.
fn new_fields(form: &DecisionInput) -> Vec<Field> {
    let mut form = form.clone();
    if form.year.is_empty() {
        use chrono::Datelike;
        form.year = crate::clock::today().year().to_string();
    }
    fields(&form)
}

totalled_list_page!(
    ListPage("decisions/list.html") { items: DecisionRow, totals: DecisionTotals },
    PAGE, "decisions", Area::LegalReview, DecisionInput, service::list, decisions, new_fields
);

input_list_pages!(
    list,
    create,
    export,
    list_page,
    DecisionInput,
    service::create,
    service::export,
    PAGE
);

/// One line of the procedure checklist.
struct Check {
    name: &'static str,
    state: String,
    /// `ok`, `soon` (not yet), `overdue` (missing for the package): for styling only.
    class: &'static str,
}

/// One step's form on the decision's page.
struct StepForm {
    /// The path segment: `/decisions/{id}/steps/<step>`.
    step: &'static str,
    title: &'static str,
    note: String,
    fields: String,
    button: &'static str,
}

#[derive(Template)]
#[template(path = "decisions/detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: DecisionRow,
    facts: Vec<(&'static str, String)>,
    checks: Vec<Check>,
    package: PackageView,
    errors: BTreeMap<String, String>,
    rv: Revisions,
    steps: Vec<StepForm>,
}

impl DetailPage {
    fn stage(&self) -> &'static str {
        stage(&self.d)
    }
}

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The form a step posts, as its fields: values from what was typed (`typed`, after a refusal)
/// or from the record.
fn step_fields(step: &str, d: &DecisionRow, typed: Option<&[(String, String)]>) -> Vec<Field> {
    let v = |name: &str, current: String| -> String {
        match typed {
            Some(pairs) => pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
            None => current,
        }
    };
    let applies = vec![("false", "需要履行"), ("true", "不适用（写明理由）")];
    let procedure = |p: Procedure, evidence: &'static str| {
        let r = d.record(p);
        let skipped = r.applicable == Some(false);
        vec![
            Field::choice(
                "not_applicable",
                "是否需要",
                &v("not_applicable", skipped.to_string()),
                applies.clone(),
            ),
            Field::text("reason", "不适用的理由", &v("reason", r.reason.clone())).wide(),
            Field::date("done_on", "完成日期", &v("done_on", date_text(r.done_on))),
            Field::text("evidence", evidence, &v("evidence", r.evidence.clone()))
                .hint("文件名称或编号"),
        ]
    };
    match step {
        "catalogue" => {
            vec![
                Field::date("listed_on", "目录公布日期", &v("listed_on", String::new()))
                    .hint("不填为今天"),
            ]
        }
        "public-participation" => {
            let mut f = procedure(Procedure::PublicParticipation, "社会公众意见采纳情况");
            f.extend([
                Field::date(
                    "starts_on",
                    "征求意见开始日",
                    &v("starts_on", date_text(d.comment_starts_on)),
                ),
                Field::date(
                    "ends_on",
                    "征求意见截止日",
                    &v("ends_on", date_text(d.comment_ends_on)),
                )
                .hint("一般不少于30日"),
                Field::text(
                    "shortened_reason",
                    "缩短期限的理由",
                    &v(
                        "shortened_reason",
                        d.comment_shortened_reason.clone().unwrap_or_default(),
                    ),
                )
                .wide()
                .hint("不足30日的必填，并应在征求意见时说明"),
                Field::number(
                    "comments_received",
                    "收到意见（条）",
                    &v(
                        "comments_received",
                        d.comments_received
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                    ),
                ),
                Field::number(
                    "comments_adopted",
                    "采纳意见（条）",
                    &v(
                        "comments_adopted",
                        d.comments_adopted
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                    ),
                ),
            ]);
            f
        }
        "expert-review" => procedure(Procedure::ExpertReview, "专家论证意见"),
        "risk-assessment" => procedure(Procedure::RiskAssessment, "风险评估报告"),
        "legality-review" => vec![Field::text(
            "review",
            "合法性审查编号",
            &v("review", d.review_number.clone().unwrap_or_default()),
        )
        .required()
        .hint("如 合审〔2025〕3号；类型须为「重大行政决策」")],
        "decide" => vec![
            Field::date("held_on", "会议日期", &v("held_on", String::new())).required(),
            Field::text("meeting", "会议名称", &v("meeting", String::new()))
                .required()
                .placeholder("如 党政联席会议"),
            Field::area("attendees", "参会人员", &v("attendees", String::new()))
                .required()
                .hint("用顿号或换行分隔"),
            Field::area("views", "讨论意见", &v("views", String::new())),
            Field::area("dissent", "不同意见", &v("dissent", String::new()))
                .hint("如实记录，没有的写“无”"),
            Field::area(
                "conclusion",
                "行政首长的决定意见",
                &v("conclusion", String::new()),
            )
            .required()
            .hint("行政首长最后发表意见"),
            Field::choice(
                "differs_from_majority",
                "决定与多数人意见",
                &v("differs_from_majority", "false".to_owned()),
                vec![("false", "一致"), ("true", "不一致（写明理由）")],
            ),
            Field::text(
                "differs_reason",
                "不一致的理由",
                &v("differs_reason", String::new()),
            )
            .wide(),
        ],
        "publish" => vec![
            Field::date("on", "公布日期", &v("on", date_text(d.published_on))).hint("不填为今天"),
            Field::text(
                "text",
                "公布渠道",
                &v("text", d.published_channel.clone().unwrap_or_default()),
            )
            .required()
            .placeholder("如 镇政府网站、政务公开栏"),
        ],
        "archive" => vec![
            Field::date("on", "归档日期", &v("on", date_text(d.archived_on))).hint("不填为今天"),
            Field::text(
                "text",
                "档案号",
                &v("text", d.archive_ref.clone().unwrap_or_default()),
            )
            .required(),
        ],
        _ => vec![
            Field::date("on", "评估日期", &v("on", date_text(d.evaluated_on))).hint("不填为今天"),
            Field::area(
                "text",
                "评估结论",
                &v("text", d.evaluation.clone().unwrap_or_default()),
            )
            .required(),
        ],
    }
}

/// The steps a decision's page offers now, in order: (step, title, button, note).
fn open_steps(d: &DecisionRow) -> Vec<(&'static str, &'static str, &'static str, String)> {
    let mut out = Vec::new();
    if d.listed_on.is_none() {
        out.push((
            "catalogue",
            "公布决策事项目录",
            "列入公布目录",
            "决策事项目录经同级党委同意后向社会公布（条例 第三条）。".to_owned(),
        ));
    }
    if d.decided_on.is_none() {
        out.extend([
            ("public-participation", "公众参与", "保存公众参与情况", "向社会公开征求意见的期限一般不少于30日（条例 第十五条）。".to_owned()),
            ("expert-review", "专家论证", "保存专家论证情况", "专业性、技术性较强的决策事项应当组织专家论证（条例 第十九条）。".to_owned()),
            ("risk-assessment", "风险评估", "保存风险评估情况", "可能对社会稳定、公共安全等方面造成不利影响的，应当组织风险评估（条例 第二十二条）。".to_owned()),
            ("legality-review", "合法性审查", "关联审查", "合法性审查不得以征求意见等方式代替；未经审查或经审查不合法的，不得提交讨论（条例 第二十五条）。".to_owned()),
            ("decide", "集体讨论决定", "记录决定", "提交讨论前系统核对送审材料是否齐全（条例 第二十九条），并核对合法性审查结论；行政首长最后发表意见（条例 第三十条）。".to_owned()),
        ]);
    } else {
        out.extend([
            (
                "publish",
                "决策公布",
                "记录公布",
                "决策应当及时通过政府网站等途径向社会公布（条例 第三十二条）。".to_owned(),
            ),
            (
                "archive",
                "决策归档",
                "记录归档",
                "决策过程记录和材料应当完整归档（条例 第三十三条）。".to_owned(),
            ),
            (
                "evaluate",
                "决策后评估",
                "记录评估",
                "实施效果明显未达到预期等情形可以组织决策后评估（条例 第三十六条）。".to_owned(),
            ),
        ]);
    }
    out
}

/// A refused step: which one, what was typed and what is wrong.
struct Refused<'a> {
    step: &'a str,
    pairs: &'a [(String, String)],
}

async fn detail(
    app: &SharedApp,
    session: &Session,
    id: i64,
    errors: BTreeMap<String, String>,
    refused: Option<Refused<'_>>,
) -> Result<Html<String>, PageError> {
    let caller = &session.caller;
    let d = service::get(app, caller, id).await?;
    let withdrawn = d.revision.is_withdrawn();
    let rv = kit::revisions::<Decisions>(
        app,
        caller,
        id,
        d.revision.withdrawn_reason.as_deref(),
        withdrawn,
        d.created_at,
    )
    .await?;
    let package = service::package(app, &d).await?;
    let lacks = |code: &str| package.missing.iter().any(|m| m.procedure == code);
    let mut checks: Vec<Check> = [
        Procedure::PublicParticipation,
        Procedure::ExpertReview,
        Procedure::RiskAssessment,
    ]
    .into_iter()
    .map(|p| {
        let r = d.record(p);
        let class = if lacks(p.code()) { "overdue" } else { "ok" };
        Check {
            name: p.label(),
            state: service::procedure_state(&r),
            class,
        }
    })
    .collect();
    checks.push(Check {
        name: "合法性审查",
        state: d
            .review_number
            .clone()
            .map_or_else(|| "未关联审查".to_owned(), |n| format!("已关联 {n}")),
        class: if lacks(Procedure::LegalityReview.code()) {
            "overdue"
        } else {
            "ok"
        },
    });
    checks.push(Check {
        name: "集体讨论决定",
        state: d
            .decided_on
            .map_or_else(|| "未决定".to_owned(), |on| format!("{on} 已决定")),
        class: if d.decided_on.is_some() { "ok" } else { "soon" },
    });
    let mut facts = vec![
        ("目录年度", d.year.to_string()),
        ("事项类别", d.category.clone().unwrap_or_default()),
        ("决策承办单位", d.lead_unit.clone()),
        ("计划完成时间", date_text(d.planned_on)),
        (
            "目录公布日期",
            d.listed_on
                .map_or_else(|| "未公布".to_owned(), |on| on.to_string()),
        ),
        ("所属组织", d.org_name.clone()),
    ];
    if let (Some(a), Some(b)) = (d.comment_starts_on, d.comment_ends_on) {
        let received = d
            .comments_received
            .map(|n| format!("，收到意见{n}条"))
            .unwrap_or_default();
        let adopted = d
            .comments_adopted
            .map(|n| format!("，采纳{n}条"))
            .unwrap_or_default();
        facts.push(("公开征求意见", format!("{a} 至 {b}{received}{adopted}")));
    }
    if let Some(m) = d.discussion() {
        facts.push(("会议", format!("{} {}", date_text(m.held_on), m.meeting)));
        facts.push(("参会人员", m.attendees.join("、")));
        facts.push(("讨论意见", m.views));
        facts.push(("不同意见", m.dissent));
        facts.push(("行政首长决定意见", m.conclusion));
        if m.differs_from_majority {
            facts.push(("与多数人意见不一致的理由", m.differs_reason));
        }
        facts.push((
            "法定程序",
            if d.procedures_followed {
                "完整履行"
            } else {
                "未完整履行"
            }
            .to_owned(),
        ));
    }
    for (label, on, text) in [
        ("决策公布", d.published_on, &d.published_channel),
        ("决策归档", d.archived_on, &d.archive_ref),
        ("决策后评估", d.evaluated_on, &d.evaluation),
    ] {
        if let Some(on) = on {
            facts.push((label, format!("{on} {}", text.clone().unwrap_or_default())));
        }
    }
    let mut steps = Vec::new();
    if caller.role.can_write(Area::LegalReview) && !withdrawn {
        for (step, title, button, note) in open_steps(&d) {
            let (typed, errs) = match &refused {
                Some(r) if r.step == step => (Some(r.pairs), errors.clone()),
                _ => (None, BTreeMap::new()),
            };
            let fields = Fields {
                fields: &step_fields(step, &d, typed),
                errors: &errs,
            }
            .render()?;
            steps.push(StepForm {
                step,
                title,
                note,
                fields,
                button,
            });
        }
    }
    render(&DetailPage {
        ctx: Ctx::new(session, "decisions"),
        d,
        facts,
        checks,
        package,
        errors,
        rv,
        steps,
    })
}

async fn show(
    State(app): State<SharedApp>,
    PageUser(session): PageUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<Html<String>, PageError> {
    detail(&app, &session, id, BTreeMap::new(), None).await
}

/// `POST /decisions/{id}/steps/{step}`: one step's form, through the same service as the API.
async fn step(
    State(app): State<SharedApp>,
    ApiPath((id, step)): ApiPath<(i64, String)>,
    CsrfForm(session, pairs): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let caller = &session.caller;
    caller.require_write(Area::LegalReview)?;
    let app_ref = &app;
    let result = match step.as_str() {
        "catalogue" => {
            service::list_in_catalogue(app_ref, caller, id, form_from::<CatalogueInput>(&pairs))
                .await
        }
        "public-participation" => {
            service::record_participation(
                app_ref,
                caller,
                id,
                form_from::<ParticipationInput>(&pairs),
            )
            .await
        }
        "expert-review" => {
            service::record_procedure(
                app_ref,
                caller,
                id,
                Procedure::ExpertReview,
                form_from::<ProcedureInput>(&pairs),
            )
            .await
        }
        "risk-assessment" => {
            service::record_procedure(
                app_ref,
                caller,
                id,
                Procedure::RiskAssessment,
                form_from::<ProcedureInput>(&pairs),
            )
            .await
        }
        "legality-review" => {
            service::link_review(app_ref, caller, id, form_from::<ReviewLinkInput>(&pairs)).await
        }
        "decide" => service::decide(app_ref, caller, id, form_from::<DecideInput>(&pairs)).await,
        "publish" => {
            service::after_decision(
                app_ref,
                caller,
                id,
                After::Publish,
                form_from::<DatedInput>(&pairs),
            )
            .await
        }
        "archive" => {
            service::after_decision(
                app_ref,
                caller,
                id,
                After::Archive,
                form_from::<DatedInput>(&pairs),
            )
            .await
        }
        "evaluate" => {
            service::after_decision(
                app_ref,
                caller,
                id,
                After::Evaluate,
                form_from::<DatedInput>(&pairs),
            )
            .await
        }
        _ => Err(AppError::not_found()),
    };
    let refused = Refused {
        step: &step,
        pairs: &pairs,
    };
    let rerender = |errors| detail(&app, &session, id, errors, Some(refused));
    form_result(result, rerender, &format!("{PAGE}/{id}")).await
}

/// The register's pages, the kit's included.
pub fn routes() -> Router<SharedApp> {
    Router::new()
        .route(PAGE, get(list).post(create))
        .route("/decisions/export", get(export))
        .route("/decisions/{id}", get(show))
        .route("/decisions/{id}/steps/{step}", post(step))
        .merge(kit::routes::<Decisions>())
}

impl FieldsRegister for Decisions {
    const PAGE: &'static str = PAGE;

    fn place(d: &DecisionRow) -> Place {
        Place {
            area: "依法决策与审查",
            list: (PAGE, "重大行政决策"),
            nav: "decisions",
            noun: "决策事项",
            name: if d.historical {
                format!("{}（历史记录）", d.title)
            } else {
                d.title.clone()
            },
        }
    }

    fn fields(input: &DecisionInput) -> Vec<Field> {
        fields(input)
    }

    fn more_facts(d: &DecisionRow) -> Vec<(&'static str, String)> {
        vec![("所属组织", d.org_name.clone())]
    }

    fn state(d: &DecisionRow) -> (&Revision, DateTime<Utc>) {
        (&d.revision, d.created_at)
    }
}

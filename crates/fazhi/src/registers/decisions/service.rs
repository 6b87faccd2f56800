//! Major administrative decisions (重大行政决策): the yearly catalogue entry, registration, the
//! filtered list with its totals (the page, the API and the export share it), the procedure
//! steps (公众参与, 专家论证, 风险评估, the linked 合法性审查, 集体讨论决定 with the package
//! checked first and the review gate, then 公布, 归档, 决策后评估), the public catalogue, and the
//! register kit's edit, withdraw, restore and history (`Register`). Rules in
//! `fazhi_domain::decision`; 重大行政决策程序暂行条例 applies to townships by reference (第四十二条).

use std::sync::Arc;

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::calendar::Calendar;
use fazhi_domain::decision::{
    self, check_comment_window, check_discussion, check_package, CommentWindow, Discussion,
    Missing, Procedure, ProcedureRecord,
};
use fazhi_domain::publicity::FieldErrors;
use fazhi_domain::review::{ReviewOutcome, DECISION_MADE};
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::{DecisionRow, DecisionTotals};
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::registers::reviews::service::id_or_text;
use crate::registers::reviews::service::{self as reviews, ReviewRow};
use crate::service::publicity::date_field;
use crate::service::revision::{withdrawn_refusal, Register};
use crate::service::year_lists::{totalled_list, year_list_record, YearRegister};
use crate::service::Caller;
use crate::storage::orgs::{self, Org};
use crate::storage::records::Columns;
use crate::storage::revision as kit;
use crate::storage::{Scope, Tx};

/// The longest text of a short field (a title, a unit, a reference) and of a long one (views,
/// findings), in characters.
const SHORT: usize = 200;
const LONG: usize = 5000;

/// A decision's catalogue entry as entered: registration, the edit form and a `PATCH` (with
/// `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DecisionInput {
    /// Code of the deciding organisation; the caller's own when left out. Only on registration.
    pub org: Option<String>,
    /// 目录年度, e.g. 2025.
    #[serde(deserialize_with = "id_or_text")]
    #[schema(value_type = String)]
    pub year: String,
    /// 决策事项名称
    pub title: String,
    /// 决策事项类别 (条例 第三条), e.g. 重大公共建设项目.
    pub category: String,
    /// 决策承办单位
    pub lead_unit: String,
    /// 计划完成时间: 2025-09-30 (also 2025/9/30, 2025年9月30日).
    pub planned_on: String,
    /// Registered as predating fazhi (let through the review gate, marked so on its page).
    /// Only on registration.
    pub historical: bool,
}

/// A checked catalogue entry: the columns it writes.
pub struct ValidDecision {
    pub columns: Columns,
}

/// Text `s` of field `field`, trimmed, refused when required and blank or when longer than
/// `max` characters.
fn text(
    field: &str,
    s: &str,
    required: Option<&str>,
    max: usize,
    errors: &mut FieldErrors,
) -> String {
    let t = s.trim();
    if t.is_empty() {
        if let Some(what) = required {
            errors.insert(field.to_owned(), format!("请填写{what}"));
        }
    } else if t.chars().count() > max {
        errors.insert(field.to_owned(), format!("最多 {max} 个字，请精简"));
    }
    t.to_owned()
}

fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn done(errors: FieldErrors) -> AppResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(errors))
    }
}

/// Checks a catalogue entry as entered (registration and edit alike).
fn parse(input: &DecisionInput) -> AppResult<ValidDecision> {
    let mut e = FieldErrors::new();
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) => fazhi_domain::record_year(y)
            .map_err(|m| e.insert("year".to_owned(), m))
            .ok(),
        Err(_) => {
            e.insert("year".to_owned(), "请填写目录年度，如 2025".to_owned());
            None
        }
    };
    let title = text("title", &input.title, Some("决策事项名称"), SHORT, &mut e);
    let category = text("category", &input.category, None, SHORT, &mut e);
    let lead_unit = text(
        "lead_unit",
        &input.lead_unit,
        Some("决策承办单位"),
        SHORT,
        &mut e,
    );
    let planned_on = date_field("planned_on", &input.planned_on, &mut e);
    done(e)?;
    Ok(ValidDecision {
        columns: vec![
            ("year", year.map(i64::from).into()),
            ("title", title.into()),
            ("category", opt(category).into()),
            ("lead_unit", lead_unit.into()),
            ("planned_on", planned_on.into()),
        ],
    })
}

/// The register as the year-list kit reads and writes it.
const DECISIONS: YearRegister<DecisionRow> = YearRegister::new(Area::LegalReview, &store::LIST);

totalled_list! {
    DecisionList { items: DecisionRow, totals: DecisionTotals }, Area::LegalReview, store,
    figures: store::figure_only;
    ledger: "重大行政决策台账", LEDGER_COLUMNS, ledger_row
}

pub async fn create(app: &App, caller: &Caller, input: DecisionInput) -> AppResult<DecisionRow> {
    let org = input.org.clone();
    let checked = || async {
        let mut columns = parse(&input)?.columns;
        columns.extend(store::blank_steps());
        columns.push(("historical", input.historical.into()));
        Ok(columns)
    };
    DECISIONS
        .register(app, caller, org.as_deref(), checked, AppError::from)
        .await
}

/// Decision `id`, if the caller may read the register and their scope reaches it.
pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<DecisionRow> {
    DECISIONS.get(app, caller, id).await
}

/// The calendar of the decision's organisation (its region's holidays).
async fn calendar(app: &App, org_id: i64) -> AppResult<Arc<Calendar>> {
    let region = orgs::get(&app.db, org_id).await?.region;
    Ok(app.calendar.current().for_region(region.as_deref()))
}

/// The linked review, read again (its opinion and adoption may have changed since it was
/// linked).
async fn linked_review(app: &App, d: &DecisionRow) -> AppResult<Option<ReviewRow>> {
    match d.review_id {
        None => Ok(None),
        Some(id) => Ok(Some(
            crate::registers::reviews::service::get(app, &Caller::operator(), id).await?,
        )),
    }
}

/// The four procedures as the package check reads them: the three recorded here, and the
/// legality review from the linked review (done on the day of its opinion, evidenced by its
/// number).
fn records(d: &DecisionRow, review: Option<&ReviewRow>) -> Vec<(Procedure, ProcedureRecord)> {
    Procedure::ALL
        .iter()
        .map(|p| {
            let record = if *p == Procedure::LegalityReview {
                ProcedureRecord {
                    applicable: Some(true),
                    reason: String::new(),
                    done_on: review.and_then(|r| r.answered_on),
                    evidence: review.map(|r| r.number.clone()).unwrap_or_default(),
                }
            } else {
                d.record(*p)
            };
            (*p, record)
        })
        .collect()
}

fn outcomes(review: Option<&ReviewRow>) -> Vec<ReviewOutcome> {
    review.and_then(ReviewRow::outcome).into_iter().collect()
}

/// What the package tabled for collective discussion still lacks (条例 第二十九条), in the
/// words the page shows; empty when complete.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PackageView {
    /// Ready for collective discussion.
    pub complete: bool,
    pub missing: Vec<MissingItem>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct MissingItem {
    /// public_participation | expert_review | risk_assessment | legality_review
    pub procedure: String,
    pub message: String,
}

/// The package check of decision `d`.
pub async fn package(app: &App, d: &DecisionRow) -> AppResult<PackageView> {
    let review = linked_review(app, d).await?;
    let cal = calendar(app, d.org_id).await?;
    let missing = check_package(
        &records(d, review.as_ref()),
        &d.window(),
        &outcomes(review.as_ref()),
        &cal,
    );
    Ok(view(missing))
}

fn view(missing: Vec<Missing>) -> PackageView {
    PackageView {
        complete: missing.is_empty(),
        missing: missing
            .into_iter()
            .map(|m| MissingItem {
                procedure: m.procedure.code().to_owned(),
                message: m.message,
            })
            .collect(),
    }
}

/// The audit actions of the steps.
pub const CATALOGUE: &str = "decision_catalogue";
pub const PROCEDURE: &str = "decision_procedure";
pub const REVIEW: &str = "decision_review";
pub const DECIDE: &str = "decision_decide";
pub const PUBLISH: &str = "decision_publish";
pub const ARCHIVE: &str = "decision_archive";
pub const EVALUATE: &str = "decision_evaluate";

/// Decision `id` for a step: the caller may change the register, reaches it, and it is not
/// withdrawn.
async fn for_step(app: &App, caller: &Caller, id: i64) -> AppResult<DecisionRow> {
    caller.require_write(Area::LegalReview)?;
    let d = get(app, caller, id).await?;
    if d.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    Ok(d)
}

/// A step after the decision is made refused before it.
fn require_decided(d: &DecisionRow, step: &str) -> AppResult<()> {
    if d.decided_on.is_some() {
        return Ok(());
    }
    Err(AppError::new(
        ErrorKind::Conflict,
        "not_decided",
        format!("「{}」尚未经集体讨论作出决定，不能{step}", d.title),
    ))
}

/// Writes a step's `columns` on the version read, and logs it with the decision before and
/// after.
async fn record_step(
    app: &App,
    caller: &Caller,
    before: &DecisionRow,
    action: &str,
    columns: Columns,
) -> AppResult<DecisionRow> {
    let target = store::target(before);
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, target, before.revision.version).await? {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "stale_version",
            "该决策事项刚被他人修改，请刷新后重试",
        ));
    }
    store::LIST.update(&mut tx, before.id, columns).await?;
    let after = store::get(&mut tx, &Scope::everything(), before.id).await?;
    kit::log(
        &mut tx,
        &caller.actor(),
        action,
        target,
        before,
        &after,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Publishing the entry in the year's decision catalogue (决策事项目录, 条例 第三条: after
/// the Party committee at the same level agrees).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CatalogueInput {
    /// 目录公布日期; blank: today.
    pub listed_on: String,
}

pub async fn list_in_catalogue(
    app: &App,
    caller: &Caller,
    id: i64,
    input: CatalogueInput,
) -> AppResult<DecisionRow> {
    let d = for_step(app, caller, id).await?;
    let mut e = FieldErrors::new();
    let on = date_or_today("listed_on", &input.listed_on, &mut e);
    done(e)?;
    record_step(app, caller, &d, CATALOGUE, vec![("listed_on", on.into())]).await
}

fn date_or_today(field: &str, s: &str, e: &mut FieldErrors) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        Some(crate::clock::today())
    } else {
        date_field(field, s, e)
    }
}

/// One procedure before collective discussion, as recorded (专家论证, 风险评估).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ProcedureInput {
    /// The procedure does not apply to this decision (a reason is required).
    pub not_applicable: bool,
    /// Why it does not apply.
    pub reason: String,
    /// 完成日期
    pub done_on: String,
    /// The document that evidences it: 专家论证意见 / 风险评估报告 (its title or number).
    pub evidence: String,
}

/// Public participation (公众参与, 条例 第十四条至第十八条) with its comment window.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ParticipationInput {
    /// Public participation does not apply (a reason is required).
    pub not_applicable: bool,
    pub reason: String,
    /// 公开征求意见 from and to: normally at least 30 days (条例 第十五条).
    pub starts_on: String,
    pub ends_on: String,
    /// Why the window was shortened (stated when comments were invited).
    pub shortened_reason: String,
    /// 收到意见（条）
    #[serde(deserialize_with = "id_or_text")]
    #[schema(value_type = String)]
    pub comments_received: String,
    /// 采纳意见（条）
    #[serde(deserialize_with = "id_or_text")]
    #[schema(value_type = String)]
    pub comments_adopted: String,
    /// 完成日期 (comments sorted and handled, 第十八条); blank while the window is open.
    pub done_on: String,
    /// 社会公众意见采纳情况 (its title or number); blank while the window is open.
    pub evidence: String,
}

/// The record of a procedure as entered, checked: a skipped one needs its reason (and legality
/// review is never skipped, 第二十五条); a done one its date and evidence when `complete`.
fn procedure_record(
    p: Procedure,
    input: &ProcedureInput,
    complete: bool,
    e: &mut FieldErrors,
) -> ProcedureRecord {
    let reason = text("reason", &input.reason, None, LONG, e);
    let evidence = text("evidence", &input.evidence, None, SHORT, e);
    let done_on = date_field("done_on", &input.done_on, e);
    if input.not_applicable {
        if !p.may_be_skipped() {
            e.insert(
                "not_applicable".to_owned(),
                format!("{}不得省略（条例 第二十五条）", p.label()),
            );
        } else if reason.is_empty() {
            e.insert(
                "reason".to_owned(),
                format!("{}不适用的，请写明理由", p.label()),
            );
        }
        return ProcedureRecord {
            applicable: Some(false),
            reason,
            done_on: None,
            evidence: String::new(),
        };
    }
    if complete && done_on.is_none() && !e.contains_key("done_on") {
        e.insert(
            "done_on".to_owned(),
            format!("请填写{}的完成日期", p.label()),
        );
    }
    if complete && evidence.is_empty() {
        e.insert(
            "evidence".to_owned(),
            format!("请填写{}（文件名称或编号）", p.package_item()),
        );
    }
    ProcedureRecord {
        applicable: Some(true),
        reason: String::new(),
        done_on,
        evidence,
    }
}

/// The procedures with `p`'s record replaced.
fn with_record(d: &DecisionRow, p: Procedure, record: ProcedureRecord) -> AppResult<String> {
    let mut all = d.procedures();
    all.insert(p.code().to_owned(), record);
    serde_json::to_string(&all).map_err(AppError::internal)
}

/// Refuses a procedure step once the decision is made: its record is what was tabled.
fn require_undecided(d: &DecisionRow) -> AppResult<()> {
    match d.decided_on {
        None => Ok(()),
        Some(on) => Err(AppError::new(
            ErrorKind::Conflict,
            "already_decided",
            format!(
                "「{}」已于 {on} 经集体讨论作出决定，决定前的程序记录不能再修改",
                d.title
            ),
        )),
    }
}

/// 专家论证 or 风险评估.
pub async fn record_procedure(
    app: &App,
    caller: &Caller,
    id: i64,
    p: Procedure,
    input: ProcedureInput,
) -> AppResult<DecisionRow> {
    let d = for_step(app, caller, id).await?;
    require_undecided(&d)?;
    let mut e = FieldErrors::new();
    let record = procedure_record(p, &input, true, &mut e);
    done(e)?;
    let procedures = with_record(&d, p, record)?;
    record_step(
        app,
        caller,
        &d,
        PROCEDURE,
        vec![("procedures", procedures.into())],
    )
    .await
}

fn count(field: &str, s: &str, e: &mut FieldErrors) -> Option<i64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<i64>() {
        Ok(n) if (0..=1_000_000).contains(&n) => Some(n),
        _ => {
            e.insert(field.to_owned(), "请填写 0 或正整数，如 12".to_owned());
            None
        }
    }
}

/// 公众参与: the window checked against the least comment period (第十五条).
pub async fn record_participation(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ParticipationInput,
) -> AppResult<DecisionRow> {
    let d = for_step(app, caller, id).await?;
    require_undecided(&d)?;
    let p = Procedure::PublicParticipation;
    let mut e = FieldErrors::new();
    let common = ProcedureInput {
        not_applicable: input.not_applicable,
        reason: input.reason.clone(),
        done_on: input.done_on.clone(),
        evidence: input.evidence.clone(),
    };
    let record = procedure_record(p, &common, false, &mut e);
    let window = CommentWindow {
        starts_on: date_field("starts_on", &input.starts_on, &mut e),
        ends_on: date_field("ends_on", &input.ends_on, &mut e),
        shortened_reason: text(
            "shortened_reason",
            &input.shortened_reason,
            None,
            LONG,
            &mut e,
        ),
    };
    let received = count("comments_received", &input.comments_received, &mut e);
    let adopted = count("comments_adopted", &input.comments_adopted, &mut e);
    if let (Some(r), Some(a)) = (received, adopted) {
        if a > r {
            e.insert(
                "comments_adopted".to_owned(),
                format!("采纳的意见（{a}条）不能多于收到的意见（{r}条）"),
            );
        }
    }
    if !input.not_applicable && !e.contains_key("starts_on") && !e.contains_key("ends_on") {
        let cal = calendar(app, d.org_id).await?;
        if let Err(m) = check_comment_window(&window, &cal) {
            e.insert("ends_on".to_owned(), m);
        }
    }
    done(e)?;
    let procedures = with_record(&d, p, record)?;
    let skipped = input.not_applicable;
    let columns = vec![
        ("procedures", procedures.into()),
        (
            "comment_starts_on",
            window.starts_on.filter(|_| !skipped).into(),
        ),
        (
            "comment_ends_on",
            window.ends_on.filter(|_| !skipped).into(),
        ),
        (
            "comment_shortened_reason",
            opt(window.shortened_reason).filter(|_| !skipped).into(),
        ),
        ("comments_received", received.filter(|_| !skipped).into()),
        ("comments_adopted", adopted.filter(|_| !skipped).into()),
    ];
    record_step(app, caller, &d, PROCEDURE, columns).await
}

/// Linking the legality review (合法性审查, kind 重大行政决策) the draft was sent to.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewLinkInput {
    /// The review's number (合审〔2025〕3号) or id.
    #[serde(deserialize_with = "id_or_text")]
    #[schema(value_type = String)]
    pub review: String,
}

pub async fn link_review(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ReviewLinkInput,
) -> AppResult<DecisionRow> {
    let d = for_step(app, caller, id).await?;
    require_undecided(&d)?;
    if input.review.trim().is_empty() {
        return Err(AppError::field(
            "review",
            "请填写合法性审查编号，如 合审〔2025〕3号（先在「合法性审查」送审，类型选「重大行政决策」）",
        ));
    }
    // Linking checks the kind and the scope only; whether it passes is asked when deciding.
    let field = ("review", Some(input.review.as_str()));
    let review =
        reviews::check_gate(app, &caller.scope, d.org_id, field, DECISION_MADE, true).await?;
    let review_id = review.map(|r| r.id);
    record_step(
        app,
        caller,
        &d,
        REVIEW,
        vec![("review_id", review_id.into())],
    )
    .await
}

/// The collective discussion and decision (集体讨论决定, 条例 第三十条).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DecideInput {
    /// 会议日期 (the decision's date).
    pub held_on: String,
    /// 会议名称, e.g. 党政联席会议, 镇长办公会议.
    pub meeting: String,
    /// 参会人员, separated by 、 or commas or lines.
    pub attendees: String,
    /// 讨论意见 as stated.
    pub views: String,
    /// 不同意见 (recorded truthfully; 第三十八条).
    pub dissent: String,
    /// 行政首长的决定意见 (spoken last).
    pub conclusion: String,
    /// The head's decision differs from the majority view.
    pub differs_from_majority: bool,
    /// Why it differs (stated at the meeting).
    pub differs_reason: String,
}

fn attendees(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Records the decision as made: refused with 409 `review_required` without a passing legality
/// review (an administrator included; a historical record is let through, marked), then with
/// 409 `package_incomplete` naming what the package lacks (第二十九条), then with the
/// discussion's own gaps.
pub async fn decide(
    app: &App,
    caller: &Caller,
    id: i64,
    input: DecideInput,
) -> AppResult<DecisionRow> {
    let d = for_step(app, caller, id).await?;
    require_undecided(&d)?;
    let link = d.review_id.map(|r| r.to_string());
    let field = ("review", link.as_deref());
    let review = reviews::check_gate(
        app,
        &caller.scope,
        d.org_id,
        field,
        DECISION_MADE,
        d.historical,
    )
    .await?;
    let cal = calendar(app, d.org_id).await?;
    let records = records(&d, review.as_ref());
    let outcomes = outcomes(review.as_ref());
    let window = d.window();
    // A decision that predates fazhi is recorded as it was made; its package is not refused,
    // only counted (procedures_followed) as the figures need.
    if !d.historical {
        let missing = check_package(&records, &window, &outcomes, &cal);
        if !missing.is_empty() {
            let items: Vec<String> = missing.into_iter().map(|m| m.message).collect();
            return Err(AppError::new(
                ErrorKind::Conflict,
                "package_incomplete",
                format!(
                    "提请集体讨论的材料不齐全（重大行政决策程序暂行条例 第二十九条）：{}",
                    items.join("；")
                ),
            ));
        }
    }
    let mut e = FieldErrors::new();
    let discussion = Discussion {
        held_on: date_field("held_on", &input.held_on, &mut e),
        meeting: text("meeting", &input.meeting, None, SHORT, &mut e),
        attendees: attendees(&text("attendees", &input.attendees, None, LONG, &mut e)),
        views: text("views", &input.views, None, LONG, &mut e),
        dissent: text("dissent", &input.dissent, None, LONG, &mut e),
        conclusion: text("conclusion", &input.conclusion, None, LONG, &mut e),
        differs_from_majority: input.differs_from_majority,
        differs_reason: text("differs_reason", &input.differs_reason, None, LONG, &mut e),
    };
    for message in check_discussion(&discussion) {
        let field = discussion_field(&message);
        e.entry(field.to_owned()).or_insert(message);
    }
    done(e)?;
    let followed = decision::fully_followed(&records, &window, &outcomes, &discussion, &cal);
    let columns = vec![
        (
            "discussion",
            serde_json::to_string(&discussion)
                .map_err(AppError::internal)?
                .into(),
        ),
        ("decided_on", discussion.held_on.into()),
        ("procedures_followed", followed.into()),
    ];
    record_step(app, caller, &d, DECIDE, columns).await
}

/// The form field a discussion message of `fazhi_domain::decision::check_discussion` is about.
fn discussion_field(message: &str) -> &'static str {
    [
        ("会议日期", "held_on"),
        ("会议名称", "meeting"),
        ("参会人员", "attendees"),
        ("不一致", "differs_reason"),
        ("决定意见", "conclusion"),
    ]
    .iter()
    .find(|(word, _)| message.contains(word))
    .map_or("conclusion", |(_, f)| f)
}

/// A dated step after the decision: 决策公布, 归档, 决策后评估.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DatedInput {
    /// The date; blank: today.
    pub on: String,
    /// 公布渠道 (政府网站、公告栏…) / 档案号 / 评估结论, as the step asks.
    pub text: String,
}

/// The steps after the decision, each a date and a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum After {
    /// 决策公布 (第三十二条): the channel.
    Publish,
    /// 决策归档 (第三十三条): the archive reference.
    Archive,
    /// 决策后评估 (第三十六条): the findings.
    Evaluate,
}

impl After {
    fn columns(self) -> (&'static str, &'static str) {
        match self {
            After::Publish => ("published_on", "published_channel"),
            After::Archive => ("archived_on", "archive_ref"),
            After::Evaluate => ("evaluated_on", "evaluation"),
        }
    }

    fn what(self) -> (&'static str, &'static str, usize) {
        match self {
            After::Publish => ("公布", "公布渠道，如 镇政府网站、政务公开栏", SHORT),
            After::Archive => ("归档", "档案号", SHORT),
            After::Evaluate => ("开展决策后评估", "评估结论", LONG),
        }
    }

    fn action(self) -> &'static str {
        match self {
            After::Publish => PUBLISH,
            After::Archive => ARCHIVE,
            After::Evaluate => EVALUATE,
        }
    }
}

pub async fn after_decision(
    app: &App,
    caller: &Caller,
    id: i64,
    step: After,
    input: DatedInput,
) -> AppResult<DecisionRow> {
    let d = for_step(app, caller, id).await?;
    let (verb, noun, max) = step.what();
    require_decided(&d, verb)?;
    let mut e = FieldErrors::new();
    let on = date_or_today("on", &input.on, &mut e);
    let text = text("text", &input.text, Some(noun), max, &mut e);
    if let (Some(on), Some(decided)) = (on, d.decided_on) {
        if on < decided {
            e.insert("on".to_owned(), format!("不能早于决定日期 {decided}"));
        }
    }
    done(e)?;
    let (date_col, text_col) = step.columns();
    let columns = vec![(date_col, on.into()), (text_col, Some(text).into())];
    record_step(app, caller, &d, step.action(), columns).await
}

/// The public catalogue of one organisation and year: its published entries, and its decisions
/// made and published.
pub struct PublicDecisions {
    pub catalogue: Vec<DecisionRow>,
    pub published: Vec<DecisionRow>,
}

/// What the portal shows of `org` (a public body) for `year`.
pub async fn public(app: &App, org: &Org, year: i32) -> AppResult<PublicDecisions> {
    Ok(PublicDecisions {
        catalogue: store::catalogue(&app.db, org.id, year).await?,
        published: store::published(&app.db, org.id, year).await?,
    })
}

/// The ledger's columns, in the order of `ledger_row`.
const LEDGER_COLUMNS: &[&str] = &[
    "目录年度",
    "决策事项名称",
    "事项类别",
    "承办单位",
    "计划完成时间",
    "目录公布日期",
    "公众参与",
    "征求意见起止",
    "专家论证",
    "风险评估",
    "合法性审查",
    "决定日期",
    "会议",
    "法定程序是否完整",
    "公布日期",
    "归档号",
    "所属组织",
    "历史记录",
];

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A procedure's state in words: 不适用（理由）, 已完成 2025-03-05, 未完成.
pub fn procedure_state(r: &ProcedureRecord) -> String {
    match (r.applicable, r.done_on) {
        (Some(false), _) => format!("不适用（{}）", r.reason),
        (_, Some(on)) => format!("已完成 {on}"),
        (Some(true), None) => "进行中".to_owned(),
        (None, None) => "未确定".to_owned(),
    }
}

fn ledger_row(d: DecisionRow) -> Vec<String> {
    let window = match (d.comment_starts_on, d.comment_ends_on) {
        (Some(a), Some(b)) => format!("{a} 至 {b}"),
        _ => String::new(),
    };
    let meeting = d.discussion().map(|m| m.meeting).unwrap_or_default();
    vec![
        d.year.to_string(),
        d.title.clone(),
        d.category.clone().unwrap_or_default(),
        d.lead_unit.clone(),
        date_text(d.planned_on),
        date_text(d.listed_on),
        procedure_state(&d.record(Procedure::PublicParticipation)),
        window,
        procedure_state(&d.record(Procedure::ExpertReview)),
        procedure_state(&d.record(Procedure::RiskAssessment)),
        d.review_number.clone().unwrap_or_default(),
        date_text(d.decided_on),
        meeting,
        if d.decided_on.is_none() {
            String::new()
        } else if d.procedures_followed {
            "是".to_owned()
        } else {
            "否".to_owned()
        },
        date_text(d.published_on),
        d.archive_ref.clone().unwrap_or_default(),
        d.org_name.clone(),
        if d.historical { "是" } else { "" }.to_owned(),
    ]
}

/// A decision's catalogue entry as input: the edit form starts from it, a `PATCH` replaces some.
pub fn input_of(d: &DecisionRow) -> DecisionInput {
    DecisionInput {
        org: None,
        year: d.year.to_string(),
        title: d.title.clone(),
        category: d.category.clone().unwrap_or_default(),
        lead_unit: d.lead_unit.clone(),
        planned_on: date_text(d.planned_on),
        historical: d.historical,
    }
}

/// The register of major decisions, for the kit.
pub struct Decisions;

impl Register for Decisions {
    type Record = DecisionRow;
    type Input = DecisionInput;
    type Valid = ValidDecision;

    const AREA: Area = Area::LegalReview;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("year", "目录年度"),
        ("title", "决策事项名称"),
        ("category", "事项类别"),
        ("lead_unit", "承办单位"),
        ("planned_on", "计划完成时间"),
        ("listed_on", "目录公布日期"),
        ("comment_starts_on", "征求意见开始日"),
        ("comment_ends_on", "征求意见截止日"),
        ("comment_shortened_reason", "缩短征求意见期限的理由"),
        ("comments_received", "收到意见（条）"),
        ("comments_adopted", "采纳意见（条）"),
        ("review_number", "合法性审查"),
        ("decided_on", "决定日期"),
        ("procedures_followed", "法定程序完整"),
        ("published_on", "公布日期"),
        ("published_channel", "公布渠道"),
        ("archived_on", "归档日期"),
        ("archive_ref", "档案号"),
        ("evaluated_on", "评估日期"),
        ("evaluation", "评估结论"),
    ];
    const FIXED: &'static [&'static str] = &["org", "historical"];

    year_list_record!(DecisionRow, store::LIST);

    async fn current_input(_app: &App, d: &DecisionRow) -> AppResult<DecisionInput> {
        Ok(input_of(d))
    }

    async fn check(
        _app: &App,
        _caller: &Caller,
        _before: &DecisionRow,
        input: DecisionInput,
    ) -> AppResult<ValidDecision> {
        parse(&input)
    }

    async fn write(tx: &mut Tx, before: &DecisionRow, v: &ValidDecision) -> AppResult<()> {
        Ok(store::LIST.update(tx, before.id, v.columns.clone()).await?)
    }

    /// Once made, the decision's entry is what was decided: a change is a 更正.
    fn is_correction(before: &DecisionRow, _v: &ValidDecision) -> bool {
        before.decided_on.is_some()
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        use crate::service::revision::relabel_code;
        relabel_code(change, "法定程序完整", |c| match c {
            "true" => Some("是"),
            "false" => Some("否"),
            _ => None,
        });
    }

    fn action_label(action: &str) -> Option<&'static str> {
        match action {
            CATALOGUE => Some("公布决策目录"),
            PROCEDURE => Some("记录决策程序"),
            REVIEW => Some("关联合法性审查"),
            DECIDE => Some("集体讨论决定"),
            PUBLISH => Some("决策公布"),
            ARCHIVE => Some("决策归档"),
            EVALUATE => Some("决策后评估"),
            _ => None,
        }
    }
}

/// The portal's page of decisions: the public bodies to choose from, the one chosen (by code,
/// else the first town), the year (else the current one) and what it has published.
pub struct PortalView {
    pub orgs: Vec<Org>,
    pub org: Option<Org>,
    pub year: i32,
    pub decisions: PublicDecisions,
}

pub async fn portal(app: &App, code: Option<&str>, year: Option<i32>) -> AppResult<PortalView> {
    use chrono::Datelike;
    let year = match year {
        Some(y) => fazhi_domain::record_year(y).map_err(|m| AppError::field("year", m))?,
        None => crate::clock::today().year(),
    };
    let orgs = orgs::public_bodies(&app.db).await?;
    let code = code.map(str::trim).filter(|c| !c.is_empty());
    let org = match code {
        Some(c) => Some(
            orgs.iter()
                .find(|o| o.code == c)
                .cloned()
                .ok_or_else(AppError::not_found)?,
        ),
        None => orgs
            .iter()
            .find(|o| o.kind() == fazhi_domain::org::OrgKind::Town)
            .or(orgs.first())
            .cloned(),
    };
    let decisions = match &org {
        Some(o) => public(app, o, year).await?,
        None => PublicDecisions {
            catalogue: Vec::new(),
            published: Vec::new(),
        },
    };
    Ok(PortalView {
        orgs,
        org,
        year,
        decisions,
    })
}

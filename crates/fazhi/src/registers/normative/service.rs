//! Normative documents (行政规范性文件): registration, the lifecycle steps (征求意见, 合法性审核,
//! 集体审议, 印发 behind the review gate, 公布 with the validity that fixes expiry and evaluation,
//! 备案, 评估, 修改 and 废止), the filing and evaluation deadlines on the to-do list, the comments
//! citizens leave on a draft and their moderation, the figures, the ledger, and the register
//! kit's edit, withdraw, restore and history (`Register`).

use chrono::{Datelike, NaiveDate};
use fazhi_domain::access::Area;
use fazhi_domain::normative::{self as rules, CleanupResult, Settings, Stage, Standing, Validity};
use fazhi_domain::publicity::{optional_text, required_text, FieldErrors};
use fazhi_domain::review::DOCUMENT_ISSUED;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::{CommentRow, NormativeRow, NormativeTotals};
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::registers::reviews::service::{id_or_text, yes_or_no};
use crate::registers::reviews::service as reviews;
use crate::service::deadlines::{self, Planned, Tracked};
use crate::service::publicity::{date_field, target_org};
use crate::service::revision::{withdrawn_refusal, Register};
use crate::service::study::checked;
use crate::service::year_lists::{totalled_list, year_list_record, YearQuery, YearRegister};
use crate::service::Caller;
use crate::storage::audit::Actor;
use crate::storage::deadlines as store_deadlines;
use crate::storage::orgs::{self, Org};
use crate::storage::records::Columns;
use crate::storage::revision as kit;
use crate::storage::{Scope, StorageError, Tx};

/// A document as entered: registration, the edit form, a `PATCH` (with `version`) and a ledger
/// row fill it; each lifecycle step fills a few of its fields ([`STEPS`]).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NormativeInput {
    /// Code of the issuing organisation; the caller's own when left out. Only on registration.
    pub org: Option<String>,
    /// 文件名称; a title with 暂行 or 试行 is valid two years at most.
    pub title: String,
    /// 起草单位
    pub drafting_unit: String,
    /// 起草日期: 2025-03-05 (also 2025/3/5, 2025年3月5日).
    pub drafted_on: String,
    /// Closely tied to businesses' operations (优化营商环境条例 第六十二条: comments for at least
    /// 30 days): `true`, `是`.
    #[serde(deserialize_with = "yes_or_no")]
    #[schema(value_type = bool)]
    pub affects_business: bool,
    /// 征求意见开始日
    pub comment_from: String,
    /// 征求意见截止日: at least 7 working days after the start (30 days for a document tied to
    /// businesses) unless `comment_note` gives the reason it is shorter.
    pub comment_to: String,
    /// 缩短征求意见期限的理由
    pub comment_note: String,
    /// The legality review (kind 行政规范性文件) it went through: its number (合审〔2025〕3号) or
    /// id. Deliberation and issue need one that passed, unless the document is historical:
    /// otherwise 409 `review_required`.
    #[serde(deserialize_with = "id_or_text")]
    #[schema(value_type = String)]
    pub review: String,
    /// 集体审议日期
    pub deliberated_on: String,
    /// 审议会议, e.g. 镇政府第5次常务会议
    pub meeting: String,
    /// 统一登记编号 (三统一)
    pub registration_number: String,
    /// 文号, e.g. 某政规〔2025〕1号: required once issued.
    pub doc_number: String,
    /// 印发日期
    pub issued_on: String,
    /// 公布日期: an unpublished document is no basis for administration (国办发〔2018〕37号).
    pub published_on: String,
    /// 公布载体: 政府网站, 公示栏 …
    pub channel: String,
    /// 政策解读
    pub interpretation: String,
    /// 施行日期; blank: the publication day.
    pub effective_on: String,
    /// 有效期（年）; blank: the longest allowed (5, or 2 for 暂行/试行).
    pub validity_years: String,
    /// 报送备案日期
    pub filed_on: String,
    /// 备案机关, e.g. 县司法局
    pub filing_body: String,
    /// 评估日期
    pub evaluated_on: String,
    /// 评估结论: keep | amend | repeal (or 继续有效, 修改, 废止).
    pub evaluation_result: String,
    /// 评估情况
    pub evaluation_note: String,
    /// 修改或废止日期
    pub ended_on: String,
    /// amended | repealed (or 修改, 废止); set by the amend and repeal steps.
    pub ended_how: String,
    /// The document that amended or repealed it: its 文号 or id.
    #[serde(deserialize_with = "id_or_text")]
    #[schema(value_type = String)]
    pub ended_by: String,
    /// 文件全文
    pub full_text: String,
    /// Registered as predating fazhi (let through the review gate, marked so). Only on
    /// registration.
    pub historical: bool,
}

/// The labels of the input's fields, as the forms and the error messages name them.
const INPUT_LABELS: &[(&str, &str)] = &[
    ("title", "文件名称"),
    ("drafting_unit", "起草单位"),
    ("drafted_on", "起草日期"),
    ("affects_business", "涉企文件"),
    ("comment_from", "征求意见开始日"),
    ("comment_to", "征求意见截止日"),
    ("comment_note", "缩短征求意见期限的理由"),
    ("review", "合法性审核编号"),
    ("deliberated_on", "集体审议日期"),
    ("meeting", "审议会议"),
    ("registration_number", "统一登记编号"),
    ("doc_number", "文号"),
    ("issued_on", "印发日期"),
    ("published_on", "公布日期"),
    ("channel", "公布载体"),
    ("interpretation", "政策解读"),
    ("effective_on", "施行日期"),
    ("validity_years", "有效期（年）"),
    ("filed_on", "报送备案日期"),
    ("filing_body", "备案机关"),
    ("evaluated_on", "评估日期"),
    ("evaluation_result", "评估结论"),
    ("evaluation_note", "评估情况"),
    ("ended_on", "修改或废止日期"),
    ("ended_by", "修改或废止它的文件"),
    ("full_text", "文件全文"),
];

/// A field's label.
pub fn label(field: &str) -> &'static str {
    INPUT_LABELS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or("", |(_, l)| l)
}

/// The longest full text kept (a long 实施办法 runs to some ten thousand characters).
const MAX_FULL_TEXT: usize = 100_000;
const MAX_TEXT: usize = 10_000;
const MAX_LINE: usize = 200;

/// The register's deadlines on the to-do list.
pub const REGISTER: &str = "normative";
pub const FILING: &str = "normative.filing";
pub const EVALUATION: &str = "normative.evaluation";
/// A clean-up decided the document be amended (registers/normative_cleanups).
pub const CLEANUP_AMEND: &str = "normative.cleanup_amend";

/// The province-set limits: the domain's defaults, the filing days from the shipped rule
/// (`normative.filing`, regional_overridable), so the to-do list and the checks agree.
pub fn settings() -> Settings {
    let mut s = Settings::default();
    if let Some(rule) = fazhi_domain::deadline::shipped_rules().get(FILING) {
        s.filing_days = rule.length;
    }
    s
}

/// A checked document: its columns, and the deadlines it runs.
pub struct ValidDocument {
    pub columns: Columns,
    /// Rule codes to start (with their start day) and to settle.
    pub track: Vec<(&'static str, NaiveDate)>,
    pub settle: Vec<&'static str>,
    /// The deadlines worked out for an edit (the record exists).
    pub planned: Vec<Planned>,
}

fn text(field: &str, s: &str, max: usize, errors: &mut FieldErrors) -> Option<String> {
    optional_text(field, label(field), s, max, errors)
}

fn ended_how(s: &str) -> Option<&'static str> {
    match s.trim() {
        "amended" | "修改" | "已修改" => Some("amended"),
        "repealed" | "废止" | "已废止" => Some("repealed"),
        _ => None,
    }
}

fn need(errors: &mut FieldErrors, field: &str, message: String) {
    errors.entry(field.to_owned()).or_insert(message);
}

/// Checks a document of `org` as entered (registration, edit, step and import alike): its
/// fields, the order of its steps, the comment period, the review gate before deliberation and
/// issue (`DOCUMENT_ISSUED`), and the validity that fixes expiry and evaluation. `id` is the
/// document's own (an edit), so it cannot name itself as amending it.
pub async fn check(
    app: &App,
    scope: &Scope,
    org: &Org,
    input: NormativeInput,
    historical: bool,
    id: Option<i64>,
) -> AppResult<ValidDocument> {
    let mut e = FieldErrors::new();
    let d = |f: &str, s: &str, e: &mut FieldErrors| date_field(f, s, e);
    let drafted_on = d("drafted_on", &input.drafted_on, &mut e);
    let comment_from = d("comment_from", &input.comment_from, &mut e);
    let comment_to = d("comment_to", &input.comment_to, &mut e);
    let deliberated_on = d("deliberated_on", &input.deliberated_on, &mut e);
    let issued_on = d("issued_on", &input.issued_on, &mut e);
    let published_on = d("published_on", &input.published_on, &mut e);
    let effective_on = d("effective_on", &input.effective_on, &mut e);
    let filed_on = d("filed_on", &input.filed_on, &mut e);
    let evaluated_on = d("evaluated_on", &input.evaluated_on, &mut e);
    let ended_on = d("ended_on", &input.ended_on, &mut e);
    let title = required_text("title", "文件名称", "关于加强草场管理的暂行规定", &input.title, MAX_LINE, &mut e);
    let drafting_unit =
        required_text("drafting_unit", "起草单位", "党政办", &input.drafting_unit, MAX_LINE, &mut e);
    let comment_note = text("comment_note", &input.comment_note, MAX_TEXT, &mut e);
    let meeting = text("meeting", &input.meeting, MAX_LINE, &mut e);
    let registration_number = text("registration_number", &input.registration_number, MAX_LINE, &mut e);
    let doc_number = text("doc_number", &input.doc_number, MAX_LINE, &mut e);
    let channel = text("channel", &input.channel, MAX_LINE, &mut e);
    let interpretation = text("interpretation", &input.interpretation, MAX_TEXT, &mut e);
    let filing_body = text("filing_body", &input.filing_body, MAX_LINE, &mut e);
    let evaluation_note = text("evaluation_note", &input.evaluation_note, MAX_TEXT, &mut e);
    let full_text = text("full_text", &input.full_text, MAX_FULL_TEXT, &mut e);
    let years = match input.validity_years.trim().trim_end_matches('年') {
        "" => None,
        y => match y.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                need(&mut e, "validity_years", format!("有效期「{y}」不是年数，请填写如 5"));
                None
            }
        },
    };
    let evaluation_result = match input.evaluation_result.trim() {
        "" => None,
        r => match CleanupResult::parse(r) {
            Some(c) => Some(c),
            None => {
                need(&mut e, "evaluation_result", "评估结论请选择：继续有效、修改或废止".to_owned());
                None
            }
        },
    };
    let how = match input.ended_how.trim() {
        "" => None,
        h => {
            let parsed = ended_how(h);
            if parsed.is_none() {
                need(&mut e, "ended_how", "请写明是「修改」还是「废止」".to_owned());
            }
            parsed
        }
    };

    // The order of the steps (statutes.md §5.1), each date after the one before it.
    let before = |e: &mut FieldErrors, later: (&str, Option<NaiveDate>), earlier: (&str, Option<NaiveDate>)| {
        if let (Some(l), Some(x)) = (later.1, earlier.1) {
            if l < x {
                need(e, later.0, format!("{}不能早于{}（{x}）", label(later.0), label(earlier.0)));
            }
        }
    };
    before(&mut e, ("comment_to", comment_to), ("comment_from", comment_from));
    before(&mut e, ("issued_on", issued_on), ("deliberated_on", deliberated_on));
    before(&mut e, ("published_on", published_on), ("issued_on", issued_on));
    before(&mut e, ("filed_on", filed_on), ("published_on", published_on));
    before(&mut e, ("evaluated_on", evaluated_on), ("published_on", published_on));
    before(&mut e, ("ended_on", ended_on), ("published_on", published_on));
    let missing = |e: &mut FieldErrors, field: &str, needs: &str| {
        need(e, field, format!("请先填写{}，再填写{}", label(needs), label(field)));
    };
    if comment_from.is_some() != comment_to.is_some() {
        let field = if comment_from.is_none() { "comment_from" } else { "comment_to" };
        need(&mut e, field, "征求意见的开始日和截止日都要填写".to_owned());
    }
    if issued_on.is_some() && doc_number.is_none() {
        need(&mut e, "doc_number", "印发的规范性文件须统一编号：请填写文号，如 某政规〔2025〕1号".to_owned());
    }
    if !historical && published_on.is_some() && issued_on.is_none() {
        missing(&mut e, "published_on", "issued_on");
    }
    for (field, value) in [("filed_on", filed_on), ("evaluated_on", evaluated_on), ("ended_on", ended_on)] {
        if value.is_some() && published_on.is_none() {
            missing(&mut e, field, "published_on");
        }
    }
    if ended_on.is_some() != how.is_some() {
        need(&mut e, "ended_on", "修改或废止的，请同时填写日期和方式".to_owned());
    }
    let cal = app.calendar.current().for_region(org.region.as_deref());
    if let (Some(from), Some(to)) = (comment_from, comment_to) {
        let note = comment_note.as_deref().unwrap_or("");
        if let Err(m) = rules::check_comment_period(from, to, input.affects_business, note, &cal) {
            need(&mut e, "comment_to", m);
        }
    }
    let limits = settings();
    let validity = match published_on {
        Some(p) => rules::validity(&title, effective_on.unwrap_or(p), years, &limits)
            .map_err(|m| need(&mut e, "validity_years", m))
            .ok(),
        None => {
            // Not yet in force: only the years asked for are checked against the limit.
            if years.is_some() {
                let from = drafted_on.unwrap_or_else(crate::clock::today);
                if let Err(m) = rules::validity(&title, from, years, &limits) {
                    need(&mut e, "validity_years", m);
                }
            }
            None
        }
    };
    let ended_by = match input.ended_by.trim() {
        "" => None,
        link => linked_document(app, scope, org.id, link, id, &mut e).await?,
    };
    if how == Some("amended") && ended_by.is_none() {
        need(&mut e, "ended_by", "被修改的，请填写修改它的文件（文号）".to_owned());
    }
    checked(Ok(()), e)?;

    // The gate: no deliberation and no issue without a passing legality review (国办发〔2018〕
    // 37号: 未经合法性审核或者经审核不合法的，不得提交集体审议); historical records pass, marked.
    let open = historical || (deliberated_on.is_none() && issued_on.is_none());
    let field = ("review", Some(input.review.as_str()));
    let review = reviews::check_gate(app, scope, org.id, field, DOCUMENT_ISSUED, open).await?;
    if issued_on.is_some() && deliberated_on.is_none() && !historical {
        return Err(AppError::field(
            "deliberated_on",
            rules::IssueRefusal::Deliberation.to_string(),
        ));
    }

    let year = issued_on.unwrap_or_else(crate::clock::today).year();
    let columns: Columns = vec![
        ("year", i64::from(year).into()),
        ("title", title.into()),
        ("drafting_unit", drafting_unit.into()),
        ("registration_number", registration_number.into()),
        ("doc_number", doc_number.into()),
        ("drafted_on", drafted_on.into()),
        ("affects_business", input.affects_business.into()),
        ("comment_from", comment_from.into()),
        ("comment_to", comment_to.into()),
        ("comment_note", comment_note.into()),
        ("review_id", review.map(|r| r.id).into()),
        ("deliberated_on", deliberated_on.into()),
        ("meeting", meeting.into()),
        ("issued_on", issued_on.into()),
        ("published_on", published_on.into()),
        ("channel", channel.into()),
        ("interpretation", interpretation.into()),
        ("effective_on", validity.map(|v| v.effective_on).or(effective_on).into()),
        ("validity_years", validity.map(|v| v.years).or(years).into()),
        ("expires_on", validity.map(|v| v.last_day).into()),
        ("evaluation_due", validity.map(|v| v.evaluation_due).into()),
        ("filed_on", filed_on.into()),
        ("filing_body", filing_body.into()),
        ("evaluated_on", evaluated_on.into()),
        ("evaluation_result", evaluation_result.map(CleanupResult::code).into()),
        ("evaluation_note", evaluation_note.into()),
        ("ended_on", ended_on.into()),
        ("ended_how", how.into()),
        ("ended_by_id", ended_by.into()),
        ("full_text", full_text.into()),
    ];
    // The to-do list: filing runs from publication until filed (a historical record predates
    // the system and is not chased); the evaluation runs back from expiry until evaluated; a
    // document amended or repealed runs neither.
    let mut track = Vec::new();
    let mut settle = Vec::new();
    match (published_on, filed_on, how, historical) {
        (Some(p), None, None, false) => track.push((FILING, p)),
        _ => settle.push(FILING),
    }
    match (validity, evaluated_on, how) {
        (Some(v), None, None) => track.push((EVALUATION, v.last_day)),
        _ => settle.push(EVALUATION),
    }
    // A clean-up's 修改 is done once the document is amended or repealed.
    if how.is_some() {
        settle.push(CLEANUP_AMEND);
    }
    Ok(ValidDocument {
        columns,
        track,
        settle,
        planned: Vec::new(),
    })
}

/// The document a link names (its id or 文号), within the scope and not the document itself.
async fn linked_document(
    app: &App,
    scope: &Scope,
    org_id: i64,
    link: &str,
    own: Option<i64>,
    e: &mut FieldErrors,
) -> AppResult<Option<i64>> {
    let found = match link.parse::<i64>() {
        Ok(id) => store::get(&app.db, scope, id).await.map(Some),
        Err(_) => store::by_number(&app.db, scope, org_id, link).await,
    };
    match found {
        Ok(Some(d)) if Some(d.id) == own => {
            need(e, "ended_by", "文件不能修改或废止它自己：请填写另一份文件的文号".to_owned());
            Ok(None)
        }
        Ok(Some(d)) => Ok(Some(d.id)),
        Ok(None) | Err(StorageError::NotFound) => {
            need(e, "ended_by", format!("找不到文号为「{link}」的规范性文件，或它不在您的管辖范围内"));
            Ok(None)
        }
        Err(err) => Err(err.into()),
    }
}

fn todo_label(rule: &str, title: &str) -> String {
    let short: String = title.chars().take(24).collect();
    if rule == FILING {
        format!("规范性文件报送备案：{short}")
    } else {
        format!("规范性文件届满前评估：{short}")
    }
}

pub fn link(id: i64) -> String {
    format!("/normative-documents/{id}")
}

/// Works out the deadlines of document `id` (of `org_id`, titled `title`) ahead of the
/// transaction that writes it.
async fn plan(app: &App, id: i64, org_id: i64, title: &str, v: &mut ValidDocument) -> AppResult<()> {
    for (rule, start) in v.track.clone() {
        let label = todo_label(rule, title);
        let link = link(id);
        let t = Tracked {
            register: REGISTER,
            record_id: id,
            org_id,
            rule_code: rule,
            start,
            label: &label,
            link: &link,
        };
        v.planned.push(deadlines::plan(&app.db, app, t, Vec::new()).await?);
    }
    Ok(())
}

/// Writes the planned deadlines of document `id` and settles the others, in its transaction.
async fn apply(tx: &mut Tx, id: i64, v: &ValidDocument) -> Result<(), StorageError> {
    deadlines::apply(tx, &v.planned).await?;
    for rule in &v.settle {
        store_deadlines::settle(tx, REGISTER, id, rule).await?;
    }
    Ok(())
}

fn title_of(columns: &Columns) -> String {
    columns
        .iter()
        .find(|(c, _)| *c == "title")
        .and_then(|(_, v)| match v {
            crate::storage::Value::Text(t) => t.clone(),
            _ => None,
        })
        .unwrap_or_default()
}

/// The deadlines a document on file runs (those a restoration runs again).
fn running_rules(d: &NormativeRow) -> Vec<&'static str> {
    let mut rules = Vec::new();
    if d.ended_how.is_none() {
        if d.published_on.is_some() && d.filed_on.is_none() && !d.historical {
            rules.push(FILING);
        }
        if d.expires_on.is_some() && d.evaluated_on.is_none() {
            rules.push(EVALUATION);
        }
    }
    rules
}

/// The register as the year-list kit reads and writes it.
const DOCUMENTS: YearRegister<NormativeRow> = YearRegister::new(Area::LegalReview, &store::LIST);

totalled_list! {
    NormativeList { items: NormativeRow, totals: NormativeTotals }, Area::LegalReview, store;
    ledger: "行政规范性文件台账", LEDGER_COLUMNS, {
        let today = crate::clock::today();
        move |d| ledger_row(d, today)
    }
}

/// Registers a document (a draft, or with `historical` one that predates fazhi at any stage).
pub async fn create(app: &App, caller: &Caller, input: NormativeInput) -> AppResult<NormativeRow> {
    caller.require_write(Area::LegalReview)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let historical = input.historical;
    let v = check(app, &caller.scope, &org, input, historical, None).await?;
    let mut tx = app.db.begin().await?;
    let row = register(&mut tx, app, &caller.actor(), &org, v, historical).await?;
    tx.commit().await?;
    Ok(row)
}

/// Writes a checked document into `org` with its audit entry and its deadlines.
async fn register(
    tx: &mut Tx,
    app: &App,
    actor: &Actor,
    org: &Org,
    v: ValidDocument,
    historical: bool,
) -> AppResult<NormativeRow> {
    let title = title_of(&v.columns);
    let mut columns = v.columns.clone();
    columns.push(("historical", historical.into()));
    let row: NormativeRow = store::LIST.register(tx, actor, org.id, columns).await?;
    let tracked: Vec<(String, String, &'static str, NaiveDate)> = v
        .track
        .iter()
        .map(|(rule, start)| (todo_label(rule, &title), link(row.id), *rule, *start))
        .collect();
    let list: Vec<Tracked> = tracked
        .iter()
        .map(|(label, link, rule, start)| Tracked {
            register: REGISTER,
            record_id: row.id,
            org_id: org.id,
            rule_code: rule,
            start: *start,
            label,
            link,
        })
        .collect();
    deadlines::track_many(tx, app, &list).await?;
    Ok(row)
}

/// Document `id`, if the caller may read it.
pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<NormativeRow> {
    DOCUMENTS.get(app, caller, id).await
}

/// A lifecycle step: the fields it fills, those it requires, and its audit action.
pub struct Step {
    /// In the path: `POST /normative-documents/{id}/<slug>`.
    pub slug: &'static str,
    pub action: &'static str,
    /// 公开征求意见, 印发 …
    pub label: &'static str,
    pub fields: &'static [&'static str],
    pub required: &'static [&'static str],
}

/// The steps, in the order of 国办发〔2018〕37号 (statutes.md §5.1).
pub const STEPS: &[Step] = &[
    Step {
        slug: "open-comment",
        action: "normative_open_comment",
        label: "公开征求意见",
        fields: &["comment_from", "comment_to", "comment_note"],
        required: &["comment_from", "comment_to"],
    },
    Step {
        slug: "send-review",
        action: "normative_send_review",
        label: "关联合法性审核",
        fields: &["review"],
        required: &["review"],
    },
    Step {
        slug: "deliberate",
        action: "normative_deliberate",
        label: "记录集体审议",
        fields: &["deliberated_on", "meeting"],
        required: &["deliberated_on", "meeting"],
    },
    Step {
        slug: "issue",
        action: "normative_issue",
        label: "统一登记编号并印发",
        fields: &["registration_number", "doc_number", "issued_on"],
        required: &["doc_number", "issued_on"],
    },
    Step {
        slug: "publish",
        action: "normative_publish",
        label: "公布",
        fields: &["published_on", "channel", "interpretation", "effective_on", "validity_years"],
        required: &["published_on", "channel"],
    },
    Step {
        slug: "file",
        action: "normative_file",
        label: "报送备案",
        fields: &["filed_on", "filing_body"],
        required: &["filed_on", "filing_body"],
    },
    Step {
        slug: "evaluate",
        action: "normative_evaluate",
        label: "届满前评估",
        fields: &["evaluated_on", "evaluation_result", "evaluation_note"],
        required: &["evaluated_on", "evaluation_result"],
    },
    Step {
        slug: "amend",
        action: "normative_amend",
        label: "记录修改",
        fields: &["ended_on", "ended_by"],
        required: &["ended_on", "ended_by"],
    },
    Step {
        slug: "repeal",
        action: "normative_repeal",
        label: "废止",
        fields: &["ended_on", "ended_by"],
        required: &["ended_on"],
    },
];

pub fn step(slug: &str) -> Option<&'static Step> {
    STEPS.iter().find(|s| s.slug == slug)
}

/// Whether `step` may be taken on `d` now: the drafting steps until issue, then each once.
pub fn available(step: &Step, d: &NormativeRow) -> bool {
    let published = d.published_on.is_some();
    let ended = d.ended_how.is_some();
    match step.slug {
        "open-comment" | "send-review" | "deliberate" | "issue" => d.issued_on.is_none(),
        "publish" => d.issued_on.is_some() && !published,
        "file" => published && d.filed_on.is_none() && !ended,
        "evaluate" | "amend" | "repeal" => published && !ended,
        _ => false,
    }
}

/// What a step fills in, as entered: only its own fields (the others are refused by name).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StepInput {
    pub comment_from: Option<String>,
    pub comment_to: Option<String>,
    pub comment_note: Option<String>,
    /// The legality review's number or id (send-review).
    pub review: Option<String>,
    pub deliberated_on: Option<String>,
    pub meeting: Option<String>,
    pub registration_number: Option<String>,
    pub doc_number: Option<String>,
    pub issued_on: Option<String>,
    pub published_on: Option<String>,
    pub channel: Option<String>,
    pub interpretation: Option<String>,
    pub effective_on: Option<String>,
    pub validity_years: Option<String>,
    pub filed_on: Option<String>,
    pub filing_body: Option<String>,
    pub evaluated_on: Option<String>,
    /// keep | amend | repeal (继续有效, 修改, 废止)
    pub evaluation_result: Option<String>,
    pub evaluation_note: Option<String>,
    pub ended_on: Option<String>,
    /// The amending or repealing document's 文号 or id.
    pub ended_by: Option<String>,
}

impl StepInput {
    /// The fields given, by name.
    fn given(&self) -> Vec<(&'static str, &str)> {
        let all = [
            ("comment_from", &self.comment_from),
            ("comment_to", &self.comment_to),
            ("comment_note", &self.comment_note),
            ("review", &self.review),
            ("deliberated_on", &self.deliberated_on),
            ("meeting", &self.meeting),
            ("registration_number", &self.registration_number),
            ("doc_number", &self.doc_number),
            ("issued_on", &self.issued_on),
            ("published_on", &self.published_on),
            ("channel", &self.channel),
            ("interpretation", &self.interpretation),
            ("effective_on", &self.effective_on),
            ("validity_years", &self.validity_years),
            ("filed_on", &self.filed_on),
            ("filing_body", &self.filing_body),
            ("evaluated_on", &self.evaluated_on),
            ("evaluation_result", &self.evaluation_result),
            ("evaluation_note", &self.evaluation_note),
            ("ended_on", &self.ended_on),
            ("ended_by", &self.ended_by),
        ];
        all.into_iter()
            .filter_map(|(name, v)| v.as_deref().map(|v| (name, v)))
            .collect()
    }
}

/// The input field a step fills.
fn slot<'a>(input: &'a mut NormativeInput, field: &str) -> Option<&'a mut String> {
    Some(match field {
        "comment_from" => &mut input.comment_from,
        "comment_to" => &mut input.comment_to,
        "comment_note" => &mut input.comment_note,
        "review" => &mut input.review,
        "deliberated_on" => &mut input.deliberated_on,
        "meeting" => &mut input.meeting,
        "registration_number" => &mut input.registration_number,
        "doc_number" => &mut input.doc_number,
        "issued_on" => &mut input.issued_on,
        "published_on" => &mut input.published_on,
        "channel" => &mut input.channel,
        "interpretation" => &mut input.interpretation,
        "effective_on" => &mut input.effective_on,
        "validity_years" => &mut input.validity_years,
        "filed_on" => &mut input.filed_on,
        "filing_body" => &mut input.filing_body,
        "evaluated_on" => &mut input.evaluated_on,
        "evaluation_result" => &mut input.evaluation_result,
        "evaluation_note" => &mut input.evaluation_note,
        "ended_on" => &mut input.ended_on,
        "ended_by" => &mut input.ended_by,
        _ => return None,
    })
}

/// Takes step `slug` on document `id`: its fields over the current ones, checked as a whole
/// (the gate included), written on the version read and logged as the step.
pub async fn take_step(
    app: &App,
    caller: &Caller,
    id: i64,
    slug: &str,
    given: StepInput,
) -> AppResult<NormativeRow> {
    caller.require_write(Area::LegalReview)?;
    let step = step(slug).ok_or_else(AppError::not_found)?;
    let before = store::get(&app.db, &caller.scope, id).await?;
    if before.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    if !available(step, &before) {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "step_not_available",
            format!(
                "该文件当前为「{}」，不能办理「{}」",
                stage(&before, crate::clock::today()).label(),
                step.label
            ),
        ));
    }
    let mut input = input_of(&before);
    let mut errors = FieldErrors::new();
    for (field, value) in given.given() {
        match slot(&mut input, field).filter(|_| step.fields.contains(&field)) {
            Some(s) => *s = value.trim().to_owned(),
            None => need(&mut errors, field, format!("「{}」这一步不填写{}", step.label, label(field))),
        }
    }
    for field in step.required {
        if slot(&mut input, field).is_some_and(|s| s.trim().is_empty()) {
            need(&mut errors, field, format!("请填写{}", label(field)));
        }
    }
    match step.slug {
        "amend" => input.ended_how = "amended".to_owned(),
        "repeal" => input.ended_how = "repealed".to_owned(),
        _ => {}
    }
    checked(Ok(()), errors)?;
    let org = orgs::get(&app.db, before.org_id).await?;
    let mut v = check(app, &caller.scope, &org, input, before.historical, Some(id)).await?;
    plan(app, id, before.org_id, &before.title, &mut v).await?;
    let target = store::target(&before);
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, target, before.revision.version).await? {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "stale_version",
            "该文件刚被他人修改，请刷新后重试",
        ));
    }
    store::update(&mut tx, id, v.columns.clone()).await?;
    apply(&mut tx, id, &v).await?;
    let after = store::get(&mut tx, &Scope::everything(), id).await?;
    kit::log(&mut tx, &caller.actor(), step.action, target, &before, &after, None).await?;
    tx.commit().await?;
    Ok(after)
}

/// Where a document stands in its making and its life on `day`.
pub fn stage(d: &NormativeRow, day: NaiveDate) -> Stage {
    match standing(d, day) {
        Standing::Repealed => return Stage::Repealed,
        Standing::Expired => return Stage::Expired,
        _ => {}
    }
    if d.filed_on.is_some() {
        Stage::Filed
    } else if d.published_on.is_some() {
        Stage::Published
    } else if d.issued_on.is_some() {
        Stage::Issued
    } else if d.deliberated_on.is_some() {
        Stage::Deliberated
    } else if d.review_id.is_some() {
        Stage::UnderReview
    } else if d.comment_from.is_some() {
        Stage::Consultation
    } else {
        Stage::Drafting
    }
}

/// The validity on file.
fn validity(d: &NormativeRow) -> Option<Validity> {
    Some(Validity {
        effective_on: d.effective_on?,
        years: u32::try_from(d.validity_years?).ok()?,
        last_day: d.expires_on?,
        evaluation_due: d.evaluation_due?,
    })
}

/// The document's standing on `day` (现行有效, 已废止, 已失效 …).
pub fn standing(d: &NormativeRow, day: NaiveDate) -> Standing {
    let repealed = d.ended_on.filter(|_| d.ended_how.as_deref() == Some("repealed"));
    rules::standing(d.published_on, validity(d).as_ref(), repealed, day)
}

/// Whether the draft takes comments on `day`: its comment period runs and it is not issued.
pub fn open_for_comment(d: &NormativeRow, day: NaiveDate) -> bool {
    d.issued_on.is_none()
        && !d.revision.is_withdrawn()
        && matches!((d.comment_from, d.comment_to), (Some(f), Some(t)) if f <= day && day <= t)
}

/// The figures of one year: documents issued and repealed in it, valid at its end, and how many
/// of those published in it were filed within the filing period.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub year: i32,
    /// 本年制发
    pub issued: i64,
    /// 本年废止
    pub repealed: i64,
    /// 现行有效 (on 31 December, or today in the current year)
    pub valid_at_year_end: i64,
    /// Published this year: the base of the filing rate.
    pub published: i64,
    pub filed: i64,
    /// 按时备案
    pub filed_on_time: i64,
}

impl Figures {
    /// 及时备案率, in per cent of the documents published in the year.
    pub fn filed_on_time_rate(&self) -> Option<f64> {
        (self.published > 0).then(|| self.filed_on_time as f64 * 100.0 / self.published as f64)
    }
}

/// The figures of the year `q` names (the current year if none) over the caller's subtree (or
/// `q.org`'s), for the annual report and the dashboard.
pub async fn figures(app: &App, caller: &Caller, q: &YearQuery) -> AppResult<Figures> {
    let today = crate::clock::today();
    let year = q.year.unwrap_or(today.year());
    let everything = YearQuery {
        year: None,
        ..q.valid()
    };
    if let Some(y) = q.year {
        fazhi_domain::record_year(y).map_err(|m| AppError::field("year", m))?;
    }
    let (scope, _) = everything.resolve(app, caller, Area::LegalReview).await?;
    Ok(year_figures(&app.db, &scope, year, today).await?)
}

/// The figures of `year` over `scope`, without a caller: the annual disclosure report's
/// proactive table (本年制发 / 本年废止 / 现行有效, 国办公开办函〔2021〕30号 第二部分) counts the same.
pub async fn figures_of(app: &App, scope: &Scope, year: i32) -> AppResult<Figures> {
    Ok(year_figures(&app.db, scope, year, crate::clock::today()).await?)
}

/// The figures of `year` over `scope`, as of `today`: the annual report's and the figures API's
/// (storage::figures::normative) and the register's own figures page, so they always agree.
pub async fn year_figures(
    db: &crate::storage::Db,
    scope: &Scope,
    year: i32,
    today: NaiveDate,
) -> Result<Figures, StorageError> {
    Ok(count_year(&store::all_valid(db, scope).await?, year, today))
}

/// Counts `docs` for `year`: issued and repealed in it, in force at its end (today in the
/// current year: what is valid now), and of those published in it, how many were filed and how
/// many within the filing period (国办发〔2018〕37号, the deadline a provincial setting: statutes.md §5.1).
fn count_year(docs: &[NormativeRow], year: i32, today: NaiveDate) -> Figures {
    let end = if year >= today.year() {
        today
    } else {
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today)
    };
    let in_year = |d: Option<NaiveDate>| d.is_some_and(|d| d.year() == year);
    let limits = settings();
    let mut f = Figures {
        year,
        ..Figures::default()
    };
    for d in docs {
        f.issued += i64::from(in_year(d.issued_on));
        f.repealed += i64::from(in_year(d.ended_on) && d.ended_how.as_deref() == Some("repealed"));
        f.valid_at_year_end += i64::from(standing(d, end) == Standing::InForce);
        if let Some(p) = d.published_on.filter(|p| p.year() == year) {
            f.published += 1;
            f.filed += i64::from(d.filed_on.is_some());
            f.filed_on_time += i64::from(
                d.filed_on.is_some() && rules::filed_on_time(p, d.filed_on, today, &limits),
            );
        }
    }
    f
}

/// The ledger's columns, in the order of `ledger_row`: the `normative-documents` ledger's
/// (`fazhi_ledger::specs::NORMATIVE_DOCUMENTS`) without its 备注, so the register's export
/// imports back.
pub const LEDGER_COLUMNS: &[&str] = &[
    "文件名称",
    "文号",
    "统一登记编号",
    "起草单位",
    "合法性审核",
    "集体审议日期",
    "审议会议",
    "印发日期",
    "公布日期",
    "公布载体",
    "施行日期",
    "有效期（年）",
    "有效期至",
    "评估期限",
    "报送备案日期",
    "备案机关",
    "状态",
    "历史记录",
];

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn ledger_row(d: NormativeRow, today: NaiveDate) -> Vec<String> {
    let stage = stage(&d, today).label().to_owned();
    vec![
        d.title,
        d.doc_number.unwrap_or_default(),
        d.registration_number.unwrap_or_default(),
        d.drafting_unit,
        d.review_number.unwrap_or_default(),
        date_text(d.deliberated_on),
        d.meeting.unwrap_or_default(),
        date_text(d.issued_on),
        date_text(d.published_on),
        d.channel.unwrap_or_default(),
        date_text(d.effective_on),
        d.validity_years.map(|y| y.to_string()).unwrap_or_default(),
        date_text(d.expires_on),
        date_text(d.evaluation_due),
        date_text(d.filed_on),
        d.filing_body.unwrap_or_default(),
        stage,
        if d.historical { "是" } else { "" }.to_owned(),
    ]
}

/// The valid documents of `org`'s subtree (of `year`, if given) as ledger rows: the import
/// page's 导出 of the `normative-documents` ledger.
pub async fn ledger_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    year: Option<i32>,
) -> AppResult<Vec<Vec<String>>> {
    let today = crate::clock::today();
    let rows = DOCUMENTS.ledger_set(app, caller, org, year).await?;
    Ok(rows.into_iter().rev().map(|d| ledger_row(d, today)).collect())
}

/// A ledger row as input (the columns of [`LEDGER_COLUMNS`] a town's list has).
fn input_of_row(row: &fazhi_ledger::SheetRow) -> NormativeInput {
    let cell = |c: &str| row.get(c).trim().to_owned();
    NormativeInput {
        title: cell("文件名称"),
        doc_number: cell("文号"),
        registration_number: cell("统一登记编号"),
        drafting_unit: cell("起草单位"),
        review: cell("合法性审核"),
        deliberated_on: cell("集体审议日期"),
        meeting: cell("审议会议"),
        issued_on: cell("印发日期"),
        published_on: cell("公布日期"),
        channel: cell("公布载体"),
        effective_on: cell("施行日期"),
        validity_years: cell("有效期（年）"),
        filed_on: cell("报送备案日期"),
        filing_body: cell("备案机关"),
        historical: matches!(row.get("历史记录").trim(), "是" | "true" | "1"),
        ..NormativeInput::default()
    }
}

/// The ledger column of an input field, for a row's error.
fn ledger_column(field: &str) -> &'static str {
    match field {
        "title" => "文件名称",
        "doc_number" => "文号",
        "registration_number" => "统一登记编号",
        "drafting_unit" => "起草单位",
        "review" => "合法性审核",
        "deliberated_on" => "集体审议日期",
        "meeting" => "审议会议",
        "issued_on" => "印发日期",
        "published_on" => "公布日期",
        "channel" => "公布载体",
        "effective_on" => "施行日期",
        "validity_years" => "有效期（年）",
        "filed_on" => "报送备案日期",
        "filing_body" => "备案机关",
        _ => "",
    }
}

/// All-or-nothing import of a normative documents ledger into `org` (the caller's right and
/// scope are checked by `ledger::may_import`): each row checked as registration checks it (the
/// review gate included, so a row issued without a linked passing review must be marked 历史记录),
/// each registered with its deadlines.
pub async fn import_rows(
    app: &App,
    caller: &Caller,
    org: &Org,
    sheet: &fazhi_ledger::Sheet,
    dry_run: bool,
) -> AppResult<Result<usize, Vec<fazhi_ledger::RowError>>> {
    use fazhi_ledger::RowError;
    caller.require_write(Area::LegalReview)?;
    let mut valid = Vec::with_capacity(sheet.rows.len());
    let mut errors = Vec::new();
    for row in &sheet.rows {
        let input = input_of_row(row);
        let historical = input.historical;
        match check(app, &org.scope(), org, input, historical, None).await {
            Ok(v) => valid.push((v, historical)),
            Err(e) if e.fields.is_empty() => {
                errors.push(RowError::new(row.number, "合法性审核", e.message));
            }
            Err(e) => errors.extend(
                e.fields
                    .into_iter()
                    .map(|(f, m)| RowError::new(row.number, ledger_column(&f), m)),
            ),
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    if dry_run {
        return Ok(Ok(valid.len()));
    }
    let actor = caller.actor();
    let mut tx = app.db.begin().await?;
    let n = valid.len();
    for ((v, historical), row) in valid.into_iter().zip(&sheet.rows) {
        let d = register(&mut tx, app, &actor, org, v, historical).await?;
        if let Some(remarks) = row.opt(fazhi_ledger::specs::REMARKS) {
            crate::storage::ledger_imports::set_remarks(&mut tx, "normative_documents", d.id, remarks)
                .await?;
        }
    }
    crate::service::ledger::audit_import(&mut tx, &actor, "normative_document", "normative-documents", org, n)
        .await?;
    tx.commit().await?;
    Ok(Ok(n))
}

/// A document's values as input: the edit form starts from them, a `PATCH` and a step replace
/// some.
pub fn input_of(d: &NormativeRow) -> NormativeInput {
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    NormativeInput {
        org: None,
        title: d.title.clone(),
        drafting_unit: d.drafting_unit.clone(),
        drafted_on: date_text(d.drafted_on),
        affects_business: d.affects_business,
        comment_from: date_text(d.comment_from),
        comment_to: date_text(d.comment_to),
        comment_note: s(&d.comment_note),
        review: d.review_id.map(|r| r.to_string()).unwrap_or_default(),
        deliberated_on: date_text(d.deliberated_on),
        meeting: s(&d.meeting),
        registration_number: s(&d.registration_number),
        doc_number: s(&d.doc_number),
        issued_on: date_text(d.issued_on),
        published_on: date_text(d.published_on),
        channel: s(&d.channel),
        interpretation: s(&d.interpretation),
        effective_on: date_text(d.effective_on),
        validity_years: d.validity_years.map(|y| y.to_string()).unwrap_or_default(),
        filed_on: date_text(d.filed_on),
        filing_body: s(&d.filing_body),
        evaluated_on: date_text(d.evaluated_on),
        evaluation_result: s(&d.evaluation_result),
        evaluation_note: s(&d.evaluation_note),
        ended_on: date_text(d.ended_on),
        ended_how: s(&d.ended_how),
        ended_by: d.ended_by_id.map(|r| r.to_string()).unwrap_or_default(),
        full_text: s(&d.full_text),
        historical: d.historical,
    }
}

/// A citizen's comment on a draft, as typed on the portal.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CommentInput {
    /// 姓名（可不填）
    pub author: String,
    /// 意见建议
    pub body: String,
    /// Left blank by people; a robot filling every field fills it (the honeypot).
    pub website: String,
}

const MAX_COMMENT: usize = 2_000;
const MAX_AUTHOR: usize = 50;
/// The throttle's key: comments per client address.
const COMMENT: &str = "portal:normative-comment";

/// What a comment came to: kept, or quietly dropped (the honeypot was filled).
pub enum Commented {
    Kept,
    Dropped,
}

/// Keeps a citizen's comment on document `id`, while its comment period runs; every submission
/// counts against its address (`app.portal_throttle`), and a filled honeypot is dropped
/// without saying so.
pub async fn comment(app: &App, addr: &str, id: i64, input: CommentInput) -> AppResult<Commented> {
    let now = std::time::Instant::now();
    app.portal_throttle
        .check(COMMENT, addr, now)
        .map_err(crate::service::public_intake::throttled)?;
    app.portal_throttle.record_failure(COMMENT, addr, now);
    let d = public_document(app, id).await?;
    if !open_for_comment(&d, crate::clock::today()) {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "comment_closed",
            "该草案不在征求意见期内，不能再提交意见",
        ));
    }
    if !input.website.trim().is_empty() {
        return Ok(Commented::Dropped);
    }
    let mut e = FieldErrors::new();
    let body = required_text("body", "意见建议", "建议明确补贴发放时限", &input.body, MAX_COMMENT, &mut e);
    let author = optional_text("author", "姓名", &input.author, MAX_AUTHOR, &mut e);
    checked(Ok(()), e)?;
    let actor = Actor {
        user_id: None,
        name: "公众（网上征求意见）".to_owned(),
    };
    let mut tx = app.db.begin().await?;
    store::add_comment(&mut tx, &actor, (d.id, d.org_id), author.as_deref(), &body).await?;
    tx.commit().await?;
    Ok(Commented::Kept)
}

/// A document the portal may show (published, or a draft put out for comment), of an active
/// organisation; not found otherwise.
pub async fn public_document(app: &App, id: i64) -> AppResult<NormativeRow> {
    let d = store::get(&app.db, &Scope::everything(), id).await?;
    let org = orgs::get(&app.db, d.org_id).await?;
    if d.revision.is_withdrawn() || !org.active || (d.published_on.is_none() && d.comment_from.is_none()) {
        return Err(AppError::not_found());
    }
    Ok(d)
}

/// The portal's lists: the documents in force on `day`, and the drafts open for comment (of
/// the organisation `org` names and its subtree, when given).
pub async fn public_lists(
    app: &App,
    org: Option<&str>,
    day: NaiveDate,
) -> AppResult<(Vec<NormativeRow>, Vec<NormativeRow>)> {
    let scope = match org.map(str::trim).filter(|o| !o.is_empty()) {
        None => Scope::everything(),
        Some(code) => orgs::by_code(&app.db, code)
            .await?
            .filter(|o| o.active)
            .map(|o| o.scope())
            .ok_or_else(|| AppError::field("org", "没有这个单位，请从列表中选择"))?,
    };
    let all = store::public(&app.db, &scope).await?;
    let (drafts, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|d| open_for_comment(d, day));
    let valid = rest
        .into_iter()
        .filter(|d| standing(d, day) == Standing::InForce)
        .collect();
    Ok((valid, drafts))
}

/// The approved comments on document `id`, for the portal.
pub async fn shown_comments(app: &App, id: i64) -> AppResult<Vec<CommentRow>> {
    Ok(store::comments(&app.db, id, true).await?)
}

/// Every comment on document `id`, for whoever may read it.
pub async fn comments(app: &App, caller: &Caller, id: i64) -> AppResult<Vec<CommentRow>> {
    let d = get(app, caller, id).await?;
    Ok(store::comments(&app.db, d.id, false).await?)
}

/// Staff's decision on a comment.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ModerationInput {
    /// approve (shown on the portal) | hide (kept and counted, not shown)
    pub decision: String,
}

/// Shows or hides comment `comment_id` on document `id` (the caller may write the register).
pub async fn moderate(
    app: &App,
    caller: &Caller,
    id: i64,
    comment_id: i64,
    input: ModerationInput,
) -> AppResult<CommentRow> {
    caller.require_write(Area::LegalReview)?;
    let d = store::get(&app.db, &caller.scope, id).await?;
    let (state, action) = match input.decision.trim() {
        "approve" | "公开" => ("approved", "comment_approve"),
        "hide" | "不公开" => ("hidden", "comment_hide"),
        _ => return Err(AppError::field("decision", "请选择公开（approve）或不公开（hide）")),
    };
    let mut tx = app.db.begin().await?;
    let before = store::comment(&mut tx, d.id, comment_id).await?;
    let after = store::moderate(&mut tx, &caller.actor(), &before, state, action).await?;
    tx.commit().await?;
    Ok(after)
}

/// The register of normative documents, for the kit.
pub struct NormativeDocuments;

impl Register for NormativeDocuments {
    type Record = NormativeRow;
    type Input = NormativeInput;
    type Valid = ValidDocument;

    const AREA: Area = Area::LegalReview;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("title", "文件名称"),
        ("drafting_unit", "起草单位"),
        ("registration_number", "统一登记编号"),
        ("doc_number", "文号"),
        ("drafted_on", "起草日期"),
        ("affects_business", "涉企文件"),
        ("comment_from", "征求意见开始日"),
        ("comment_to", "征求意见截止日"),
        ("comment_note", "缩短征求意见期限的理由"),
        ("review_number", "合法性审核"),
        ("deliberated_on", "集体审议日期"),
        ("meeting", "审议会议"),
        ("issued_on", "印发日期"),
        ("published_on", "公布日期"),
        ("channel", "公布载体"),
        ("interpretation", "政策解读"),
        ("effective_on", "施行日期"),
        ("validity_years", "有效期（年）"),
        ("expires_on", "有效期至"),
        ("evaluation_due", "评估期限"),
        ("filed_on", "报送备案日期"),
        ("filing_body", "备案机关"),
        ("evaluated_on", "评估日期"),
        ("evaluation_result", "评估结论"),
        ("evaluation_note", "评估情况"),
        ("ended_on", "修改或废止日期"),
        ("ended_how", "修改或废止"),
        ("ended_by_title", "修改或废止它的文件"),
        ("full_text", "文件全文"),
    ];
    const FIXED: &'static [&'static str] = &["org", "historical"];

    year_list_record!(NormativeRow, store::LIST);

    async fn current_input(_app: &App, d: &NormativeRow) -> AppResult<NormativeInput> {
        Ok(input_of(d))
    }

    /// The same checks as at registration, the gate included (a historical document stays
    /// historical: the flag is set on registration only).
    async fn check(
        app: &App,
        caller: &Caller,
        before: &NormativeRow,
        input: NormativeInput,
    ) -> AppResult<ValidDocument> {
        let org = orgs::get(&app.db, before.org_id).await?;
        let mut v = check(app, &caller.scope, &org, input, before.historical, Some(before.id)).await?;
        plan(app, before.id, before.org_id, &before.title, &mut v).await?;
        Ok(v)
    }

    async fn write(tx: &mut Tx, before: &NormativeRow, v: &ValidDocument) -> AppResult<()> {
        store::update(tx, before.id, v.columns.clone()).await?;
        Ok(apply(tx, before.id, v).await?)
    }

    /// Once issued, the document's text and numbers are final: a change is a 更正.
    fn is_correction(before: &NormativeRow, _v: &ValidDocument) -> bool {
        before.issued_on.is_some()
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        use crate::service::revision::relabel_code;
        relabel_code(change, "评估结论", |c| CleanupResult::parse(c).map(CleanupResult::label));
        relabel_code(change, "修改或废止", |c| match c {
            "amended" => Some("修改"),
            "repealed" => Some("废止"),
            _ => None,
        });
    }

    fn action_label(action: &str) -> Option<&'static str> {
        match action {
            "cleanup_repeal" => Some("清理废止"),
            "cleanup_invalidate" => Some("清理宣布失效"),
            _ => STEPS.iter().find(|s| s.action == action).map(|s| s.label),
        }
    }

    async fn on_mark(tx: &mut Tx, d: &NormativeRow, withdrawn: bool) -> AppResult<()> {
        if withdrawn {
            store_deadlines::settle_all(tx, REGISTER, d.id).await?;
        } else {
            store_deadlines::reopen(tx, REGISTER, d.id, &running_rules(d)).await?;
        }
        Ok(())
    }
}

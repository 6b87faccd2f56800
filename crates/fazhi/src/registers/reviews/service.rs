//! Review requests (合法性审查): sending a matter to a legal adviser with its minimum review time
//! checked, the adviser's queue (an adviser sees only the requests sent to them; any other is not
//! found), the opinion and adoption steps, the 合法性审查意见书, the figures, the register kit's
//! edit, withdraw, restore and history (`Register`), and the gate other registers ask.

use chrono::Datelike;
use fazhi_docs::{Block, OfficialDocument, Signature, SignatureGroup};
use fazhi_domain::access::{Area, Role};
use fazhi_domain::review::{
    self, Adoption, Conclusion, Gate, NewRequest, Opinion, OpinionDraft, RequestDraft, ReviewKind,
};
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::{Adviser, KindCount, ReviewRow};
use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::attachments;
pub use crate::service::attachments::Attachment;
use crate::service::publicity::{date_field, narrowed_scope, target_org};
use crate::service::revision::{withdrawn_refusal, Register};
use crate::service::study::checked;
use crate::service::year_lists::{year_list_record, YearQuery};
use crate::service::Caller;
use crate::storage::orgs::{self, Org};
use crate::storage::revision as kit;
use crate::storage::{Scope, StorageError, Tx};

/// A request as the requesting staff enter it: registration, the edit form and a `PATCH` (with
/// `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewInput {
    /// Code of the requesting organisation; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 审查类型: major_decision | contract | penalty | mediation_plan | normative_document (or
    /// the Chinese name).
    pub kind: String,
    /// 事项名称
    pub title: String,
    /// 送审单位
    pub requesting_unit: String,
    /// 主要内容: what is to be decided, signed or carried out.
    pub subject: String,
    /// 法律依据
    pub basis: String,
    /// 履行程序及材料
    pub procedure: String,
    /// The username of the legal adviser it is sent to (role 法律顾问, of this organisation or
    /// one above or below it).
    pub adviser: String,
    /// 送审日期: 2025-03-05 (also 2025/3/5, 2025年3月5日).
    pub sent_on: String,
    /// 要求出具意见日期; blank: the earliest the minimum review time allows.
    pub wanted_by: String,
    /// Recorded after the fact: the review predates fazhi. Only on registration.
    pub historical: bool,
}

/// A checked request and the adviser it goes to.
pub struct ValidRequest {
    pub request: NewRequest,
    pub adviser_id: i64,
}

/// Whether `a` may be sent requests of `org`: an adviser of the organisation, of one above it
/// (the town's adviser for a village) or of one below it.
fn serves(a: &Adviser, org: &Org) -> bool {
    fazhi_domain::org::in_subtree(&a.org_path, &org.path)
        || fazhi_domain::org::in_subtree(&org.path, &a.org_path)
}

/// The advisers a request of `org` may be sent to.
pub async fn advisers_for(app: &App, org: &Org) -> AppResult<Vec<Adviser>> {
    let all = store::advisers(&app.db).await?;
    Ok(all.into_iter().filter(|a| serves(a, org)).collect())
}

/// The advisers a request of the caller's own organisation may be sent to (the form's list).
pub async fn advisers_of_caller(app: &App, caller: &Caller) -> AppResult<Vec<Adviser>> {
    if caller.org_id == 0 {
        return Ok(Vec::new());
    }
    let own = orgs::get(&app.db, caller.org_id).await?;
    advisers_for(app, &own).await
}

/// Checks a request of `org` as entered (registration and edit alike).
async fn parse(app: &App, org: &Org, input: ReviewInput) -> AppResult<ValidRequest> {
    let mut own = FieldErrors::new();
    let advisers = advisers_for(app, org).await?;
    let wanted = input.adviser.trim();
    let adviser = advisers
        .iter()
        .find(|a| a.username == wanted || a.id.to_string() == wanted);
    if adviser.is_none() {
        let message = if advisers.is_empty() {
            "本单位尚无法律顾问账号：请系统管理员先添加角色为「法律顾问」的用户".to_owned()
        } else {
            let names: Vec<String> = advisers
                .iter()
                .map(|a| format!("{}（{}）", a.display_name, a.username))
                .collect();
            format!("请选择送审的法律顾问：{}", names.join("、"))
        };
        own.insert("adviser".to_owned(), message);
    }
    let draft = RequestDraft {
        sent_on: date_field("sent_on", &input.sent_on, &mut own),
        wanted_by: date_field("wanted_by", &input.wanted_by, &mut own),
        kind: input.kind,
        title: input.title,
        requesting_unit: input.requesting_unit,
        subject: input.subject,
        basis: input.basis,
        procedure: input.procedure,
    };
    let cal = app.calendar.current().for_region(org.region.as_deref());
    let request = checked(NewRequest::parse(draft, &cal), own)?;
    Ok(ValidRequest {
        request,
        adviser_id: adviser.map(|a| a.id).unwrap_or_default(),
    })
}

/// Sends a request: numbered 合审〔year〕n号 within its organisation and the year it is sent.
pub async fn create(app: &App, caller: &Caller, input: ReviewInput) -> AppResult<ReviewRow> {
    caller.require_write(Area::LegalReview)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let historical = input.historical;
    let v = parse(app, &org, input).await?;
    let year = v.request.sent_on.year();
    let mut tx = app.db.begin().await?;
    let seq = store::next_seq(&mut tx, org.id, year).await?;
    let number = format!("合审〔{year}〕{seq}号");
    let columns = store::new_columns(&v.request, v.adviser_id, (year, seq, number), historical);
    let row = store::LIST
        .register(&mut tx, &caller.actor(), org.id, columns)
        .await?;
    tx.commit().await?;
    Ok(row)
}

/// The adviser whose queue the caller reads (advisers see only the requests sent to them), or
/// `None` for a reader of the whole register; refused to anyone else.
fn reader(caller: &Caller) -> AppResult<Option<i64>> {
    if caller.role == Role::Adviser {
        return Ok(Some(caller.user_id));
    }
    caller.require_read(Area::LegalReview)?;
    Ok(None)
}

/// A page of the requests the caller may see (an adviser: only theirs), with the total.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: &YearQuery,
    page: Option<(u32, u32)>,
) -> AppResult<(Vec<ReviewRow>, i64)> {
    let adviser = reader(caller)?;
    if let Some(y) = q.year {
        fazhi_domain::record_year(y).map_err(|m| AppError::field("year", m))?;
    }
    let scope = narrowed_scope(app, caller, q.org.as_deref()).await?;
    let mut f = q.filter();
    f.only = q.only(store::figure_only)?;
    Ok(store::page(&app.db, &scope, f, adviser, page).await?)
}

/// Request `id`, if the caller may see it: in their scope and, for an adviser, sent to them
/// (not found otherwise).
pub async fn get(app: &App, caller: &Caller, id: i64) -> AppResult<ReviewRow> {
    let adviser = reader(caller)?;
    let r = store::get(&app.db, &caller.scope, id).await?;
    match adviser {
        Some(a) if a != r.adviser_id => Err(AppError::not_found()),
        _ => Ok(r),
    }
}

/// Where a request's due date stands today, explained like every deadline.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DueView {
    pub due_on: chrono::NaiveDate,
    /// 未到期 / 即将到期 / 已逾期 / 已出具意见
    pub state: String,
    /// `ok`, `soon`, `overdue`: for styling only.
    pub state_class: &'static str,
    /// Working days left (negative once overdue).
    pub working_days_remaining: i64,
    /// How the due date was computed, line by line.
    pub explanation: Vec<String>,
}

/// The due date of `r` today, with its explanation.
pub async fn due_view(app: &App, r: &ReviewRow) -> AppResult<DueView> {
    let region = orgs::get(&app.db, r.org_id).await?.region;
    let cal = app.calendar.current().for_region(region.as_deref());
    let kind = ReviewKind::parse(&r.kind).unwrap_or(ReviewKind::Contract);
    let status = review::due_status(r.due_on, crate::clock::today(), &cal);
    let (state, state_class) = if r.conclusion.is_some() {
        ("已出具意见".to_owned(), "ok")
    } else {
        let class = match status.state {
            fazhi_domain::deadline::DeadlineState::Overdue => "overdue",
            fazhi_domain::deadline::DeadlineState::DueSoon => "soon",
            _ => "ok",
        };
        (status.state.label().to_owned(), class)
    };
    Ok(DueView {
        due_on: r.due_on,
        state,
        state_class,
        working_days_remaining: status.working_days_remaining,
        explanation: review::due_explanation(kind, r.sent_on, r.due_on, &cal),
    })
}

/// The adviser's opinion as entered.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OpinionInput {
    /// 审查结论: lawful | lawful_after_changes | unlawful | risk_noted (or 合法, 修改后合法,
    /// 不合法, 明示法律风险).
    pub conclusion: String,
    /// 审查意见
    pub text: String,
    /// 出具意见日期; blank: today.
    pub answered_on: String,
}

/// The requester's report on the opinion.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AdoptionInput {
    /// Whether the opinion (and the changes it asks for) was adopted.
    pub adopted: bool,
    /// 未采纳理由: required when not adopted.
    pub reason: String,
}

/// A step of a request's life, as logged.
enum Step {
    Opinion(Opinion),
    Adoption(Adoption),
}

impl Step {
    fn action(&self) -> &'static str {
        match self {
            Step::Opinion(_) => OPINION,
            Step::Adoption(_) => ADOPTION,
        }
    }
}

/// The audit actions of the two steps.
pub const OPINION: &str = "review_opinion";
pub const ADOPTION: &str = "review_adoption";

/// Only an adviser gives opinions: the check made before the body is read.
pub fn require_adviser(caller: &Caller) -> AppResult<()> {
    if caller.role == Role::Adviser {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorKind::Forbidden,
            "forbidden",
            "只有法律顾问可以出具审查意见",
        ))
    }
}

/// The adviser it was sent to answers (another adviser does not see it: not found); again, as
/// long as the requester has not reported on the opinion.
pub async fn give_opinion(
    app: &App,
    caller: &Caller,
    id: i64,
    input: OpinionInput,
) -> AppResult<ReviewRow> {
    require_adviser(caller)?;
    let before = get(app, caller, id).await?;
    if before.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    if before.adopted.is_some() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "review_closed",
            "送审单位已反馈采纳情况，审查意见不能再修改",
        ));
    }
    let mut own = FieldErrors::new();
    let answered_on = if input.answered_on.trim().is_empty() {
        Some(crate::clock::today())
    } else {
        date_field("answered_on", &input.answered_on, &mut own)
    };
    let draft = OpinionDraft {
        conclusion: input.conclusion,
        text: input.text,
        answered_on,
    };
    let opinion = checked(Opinion::parse(draft, before.sent_on), own)?;
    record_step(app, caller, &before, Step::Opinion(opinion)).await
}

/// The requesting staff report whether the opinion was adopted (and why not).
pub async fn record_adoption(
    app: &App,
    caller: &Caller,
    id: i64,
    input: AdoptionInput,
) -> AppResult<ReviewRow> {
    caller.require_write(Area::LegalReview)?;
    let before = get(app, caller, id).await?;
    if before.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    if before.conclusion.is_none() {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "not_answered",
            format!(
                "审查 {} 尚未出具审查意见，不能反馈采纳情况",
                before.number
            ),
        ));
    }
    let adoption = checked(Adoption::parse(input.adopted, &input.reason), FieldErrors::new())?;
    record_step(app, caller, &before, Step::Adoption(adoption)).await
}

/// Writes a step on the version read, and logs it with the request before and after.
async fn record_step(
    app: &App,
    caller: &Caller,
    before: &ReviewRow,
    step: Step,
) -> AppResult<ReviewRow> {
    let target = store::target(before);
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, target, before.revision.version).await? {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "stale_version",
            "该审查刚被他人修改，请刷新后重试",
        ));
    }
    match &step {
        Step::Opinion(o) => store::set_opinion(&mut tx, before.id, o).await?,
        Step::Adoption(a) => store::set_adoption(&mut tx, before.id, a).await?,
    }
    let after = store::get(&mut tx, &Scope::everything(), before.id).await?;
    kit::log(
        &mut tx,
        &caller.actor(),
        step.action(),
        target,
        before,
        &after,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The largest material accepted (the attachments' limit).
pub const MAX_UPLOAD: usize = attachments::MAX_BYTES;

/// The audit entity under which a request's materials are attached (its own).
const MATERIALS: &str = "review_request";

/// Attaches a material (the draft, its basis, consultation records …: a PDF scan or a photo)
/// to a request the caller may change.
pub async fn attach(
    app: &App,
    caller: &Caller,
    id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<Attachment> {
    caller.require_write(Area::LegalReview)?;
    let r = get(app, caller, id).await?;
    if r.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    attachments::store(
        app,
        caller,
        attachments::Upload {
            entity: MATERIALS,
            entity_id: r.id,
            org_id: r.org_id,
            file_name,
            content_type: "",
            bytes,
        },
    )
    .await
}

/// The materials attached to request `r` (the caller may see it).
pub async fn materials(app: &App, r: &ReviewRow) -> AppResult<Vec<Attachment>> {
    attachments::list_for(app, MATERIALS, r.id).await
}

/// A review link given as text (its number) or as a number (an id in JSON), as the registers
/// with a review gate accept it.
pub fn id_or_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Link {
        Text(String),
        Id(i64),
    }
    Ok(match Option::<Link>::deserialize(d)? {
        Some(Link::Text(s)) => s,
        Some(Link::Id(n)) => n.to_string(),
        None => String::new(),
    })
}

/// A yes-or-no given as a JSON boolean or as a form's text (`true`, `是`, `1`; anything else,
/// blank included, is no).
pub fn yes_or_no<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Option::<Flag>::deserialize(d)? {
        Some(Flag::Bool(b)) => b,
        Some(Flag::Text(s)) => matches!(s.trim(), "true" | "是" | "1" | "on"),
        None => false,
    })
}

/// The gate of a record of `org_id` that links review `link` (its id, or its number such as
/// 合审〔2025〕3号): the review must be of the gate's kind and lie in `scope`; then `gate`
/// opens with a passing review or a `historical` record, and answers 409 `review_required`
/// otherwise (an administrator included). `field` names the link in a field error.
pub async fn check_gate(
    app: &App,
    scope: &Scope,
    org_id: i64,
    (field, link): (&str, Option<&str>),
    gate: Gate,
    historical: bool,
) -> AppResult<Option<ReviewRow>> {
    let linked = match link.map(str::trim).filter(|l| !l.is_empty()) {
        None => None,
        Some(l) => Some(linked(app, scope, org_id, field, l, gate.kind).await?),
    };
    let outcomes: Vec<_> = linked.iter().filter_map(ReviewRow::outcome).collect();
    gate.check(&outcomes, historical)
        .map_err(AppError::review_required)?;
    Ok(linked)
}

/// The review a record links to, by id or number, checked to be of `kind`.
async fn linked(
    app: &App,
    scope: &Scope,
    org_id: i64,
    field: &str,
    link: &str,
    kind: ReviewKind,
) -> AppResult<ReviewRow> {
    let found = match link.parse::<i64>() {
        Ok(id) => store::get(&app.db, scope, id).await.map(Some),
        Err(_) => store::by_number(&app.db, scope, org_id, link).await,
    };
    let r = match found {
        Ok(Some(r)) => r,
        Ok(None) | Err(StorageError::NotFound) => {
            return Err(AppError::field(
                field,
                format!("找不到合法性审查「{link}」，或它不在您的管辖范围内：请填写审查编号，如 合审〔2025〕3号"),
            ))
        }
        Err(e) => return Err(e.into()),
    };
    if r.kind != kind.code() {
        return Err(AppError::field(
            field,
            format!(
                "审查 {} 的类型是「{}」，这里需要「{}」类审查",
                r.number,
                ReviewKind::parse(&r.kind).map_or("", ReviewKind::label),
                kind.label()
            ),
        ));
    }
    Ok(r)
}

/// Requests by kind and conclusion, and how many opinions were adopted.
pub struct Figures {
    pub rows: Vec<KindCount>,
    pub requests: i64,
    pub answered: i64,
    pub reported: i64,
    pub adopted: i64,
}

impl Figures {
    /// 采纳率: adopted of those the requesters reported on, in per cent.
    pub fn adoption_rate(&self) -> Option<f64> {
        (self.reported > 0).then(|| self.adopted as f64 * 100.0 / self.reported as f64)
    }
}

/// The figures of the requests `q` selects (readers of the register only).
pub async fn figures(app: &App, caller: &Caller, q: &YearQuery) -> AppResult<Figures> {
    let (scope, f) = q.valid().resolve(app, caller, Area::LegalReview).await?;
    let rows = store::figures(&app.db, &scope, f).await?;
    let sum = |pick: fn(&KindCount) -> i64| rows.iter().map(pick).sum::<i64>();
    Ok(Figures {
        requests: sum(|r| r.requests),
        answered: sum(|r| if r.conclusion.is_some() { r.requests } else { 0 }),
        reported: sum(|r| r.reported),
        adopted: sum(|r| r.adopted),
        rows,
    })
}

/// The 合法性审查意见书 of an answered request (GB/T 9704), for whoever may see the request.
pub async fn opinion_document(app: &App, caller: &Caller, id: i64) -> AppResult<(String, Vec<u8>)> {
    let r = get(app, caller, id).await?;
    let (Some(conclusion), Some(answered_on)) = (
        r.conclusion.as_deref().and_then(Conclusion::parse),
        r.answered_on,
    ) else {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "not_answered",
            format!("审查 {} 尚未出具审查意见，没有意见书可打印", r.number),
        ));
    };
    let kind = ReviewKind::parse(&r.kind).map_or("", ReviewKind::label);
    let text_or_none = |s: &Option<String>| {
        s.clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "（无）".to_owned())
    };
    let grid = vec![
        vec![
            "审查编号".to_owned(),
            r.number.clone(),
            "审查类型".to_owned(),
            kind.to_owned(),
        ],
        vec![
            "送审单位".to_owned(),
            r.requesting_unit.clone(),
            "送审日期".to_owned(),
            r.sent_on.to_string(),
        ],
        vec![
            "审查事项".to_owned(),
            r.title.clone(),
            "出具意见日期".to_owned(),
            answered_on.to_string(),
        ],
    ];
    let doc = OfficialDocument {
        title: "合法性审查意见书".to_owned(),
        doc_number: Some(r.number.clone()),
        addressee: Some(r.requesting_unit.clone()),
        blocks: vec![
            Block::Paragraph(format!(
                "你单位于{}送审的《{}》（{}）收悉。经审查，提出如下意见：",
                r.sent_on.format("%Y年%-m月%-d日"),
                r.title,
                kind
            )),
            Block::Table {
                header: Vec::new(),
                rows: grid,
            },
            Block::Heading1("一、送审事项主要内容".to_owned()),
            Block::Paragraph(r.subject.clone()),
            Block::Heading1("二、法律依据".to_owned()),
            Block::Paragraph(text_or_none(&r.basis)),
            Block::Heading1("三、审查意见".to_owned()),
            Block::Paragraph(text_or_none(&r.opinion)),
            Block::Heading1("四、审查结论".to_owned()),
            Block::Paragraph(format!(
                "{}。送审单位应当研究本意见，未予采纳的，应当说明理由。",
                conclusion.label()
            )),
            Block::Signatories(vec![SignatureGroup {
                role: "法律顾问（签名）".to_owned(),
                names: vec![r.adviser_name.clone()],
            }]),
        ],
        signature: Some(Signature {
            organisation: r.org_name.clone(),
            date: answered_on,
            seal_note: None,
        }),
    };
    let bytes = tokio::task::spawn_blocking(move || fazhi_docs::render_docx(&doc))
        .await?
        .map_err(AppError::internal)?;
    Ok((format!("合法性审查意见书-{}.docx", r.number), bytes))
}

/// A request's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(r: &ReviewRow, adviser: String) -> ReviewInput {
    ReviewInput {
        org: None,
        kind: ReviewKind::parse(&r.kind).map_or_else(|| r.kind.clone(), |k| k.label().to_owned()),
        title: r.title.clone(),
        requesting_unit: r.requesting_unit.clone(),
        subject: r.subject.clone(),
        basis: r.basis.clone().unwrap_or_default(),
        procedure: r.procedure.clone().unwrap_or_default(),
        adviser,
        sent_on: r.sent_on.to_string(),
        wanted_by: r.due_on.to_string(),
        historical: r.historical,
    }
}

/// The register of review requests, for the kit.
pub struct Reviews;

impl Register for Reviews {
    type Record = ReviewRow;
    type Input = ReviewInput;
    type Valid = ValidRequest;

    const AREA: Area = Area::LegalReview;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("kind", "审查类型"),
        ("title", "事项名称"),
        ("requesting_unit", "送审单位"),
        ("subject", "主要内容"),
        ("basis", "法律依据"),
        ("procedure", "履行程序及材料"),
        ("adviser_name", "法律顾问"),
        ("sent_on", "送审日期"),
        ("due_on", "要求出具意见日期"),
        ("conclusion", "审查结论"),
        ("opinion", "审查意见"),
        ("answered_on", "出具意见日期"),
        ("adopted", "是否采纳"),
        ("not_adopted_reason", "未采纳理由"),
    ];
    const FIXED: &'static [&'static str] = &["org", "historical"];

    year_list_record!(ReviewRow, store::LIST);

    async fn current_input(app: &App, r: &ReviewRow) -> AppResult<ReviewInput> {
        let user = crate::storage::users::get(&app.db, r.adviser_id).await?;
        Ok(input_of(r, user.username))
    }

    async fn check(
        app: &App,
        _caller: &Caller,
        before: &ReviewRow,
        input: ReviewInput,
    ) -> AppResult<ValidRequest> {
        let org = orgs::get(&app.db, before.org_id).await?;
        parse(app, &org, input).await
    }

    async fn write(tx: &mut Tx, before: &ReviewRow, v: &ValidRequest) -> AppResult<()> {
        Ok(store::LIST
            .update(tx, before.id, store::columns(&v.request, v.adviser_id))
            .await?)
    }

    /// Once the adviser has answered, the request they answered is final: a change is a 更正.
    fn is_correction(before: &ReviewRow, _v: &ValidRequest) -> bool {
        before.conclusion.is_some()
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        use crate::service::revision::relabel_code;
        relabel_code(change, "审查类型", |c| ReviewKind::parse(c).map(ReviewKind::label));
        relabel_code(change, "审查结论", |c| Conclusion::parse(c).map(Conclusion::label));
        relabel_code(change, "是否采纳", |c| match c {
            "true" => Some("已采纳"),
            "false" => Some("未采纳"),
            _ => None,
        });
    }

    fn action_label(action: &str) -> Option<&'static str> {
        match action {
            OPINION => Some("出具审查意见"),
            ADOPTION => Some("反馈采纳情况"),
            "attach" => Some("上传材料"),
            _ => None,
        }
    }
}

//! Complaints and petitions: registration by staff (a call, a visit, a letter, a referral) and by
//! citizens on the portal, the filtered list with its graded warnings, the case's clocks
//! recomputed and put on the to-do list on every write, the handling steps (accept, refer,
//! assign, note, extend, conclude, callback, 复查, 复核, 督办 and its reply), repeat detection,
//! the portal's receipt (HMAC) and status query, the 处理意见书, the figures, and the register
//! kit's edit, withdraw, restore and history. Rules in `fazhi_domain::complaint`.

use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate};
use fazhi_docs::{Block, OfficialDocument, Signature};
use fazhi_domain::access::{Area, Role};
use fazhi_domain::calendar::Calendar;
use fazhi_domain::complaint::{
    self as rules, Acceptance, CaseClock, Channel, Class, Outcome, Petition, Satisfaction,
    StatutoryRoute, Warning,
};
use fazhi_domain::deadline::{shipped_rules, DateRange, DueDate, GrantedExtension};
use fazhi_domain::mask;
use fazhi_domain::publicity::FieldErrors;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::store;
pub use super::store::{ComplaintRow, Entry};
use crate::app::App;
use crate::auth;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::registers::disclosure::service::{
    throttled, tracking_code_with, DUMMY_HASH, MAX_CREDENTIAL,
};
use crate::service::publicity::{date_field, target_org};
use crate::service::revision::{withdrawn_refusal, Register};
use crate::service::year_lists::YearQuery;
use crate::service::Caller;
use crate::storage::audit::Actor;
use crate::storage::deadlines as store_deadlines;
use crate::storage::orgs::{self, Org};
use crate::storage::records::Columns;
use crate::storage::revision as kit;
use crate::storage::{db::On, revision::Target, Scope, StorageError, Tx};

const AREA: Area = Area::Complaints;
/// The to-do list's register of the `complaint.*` rules (data/deadline_rules.json).
const REGISTER: &str = "complaint";

const ACCEPTANCE: &str = "complaint.acceptance";
const OBJECTION: &str = "complaint.referral_objection";
const CONCLUSION: &str = "complaint.conclusion";
const REVIEW_REPLY: &str = "complaint.review_reply";
const RECHECK_REPLY: &str = "complaint.recheck_reply";
const RULES: [&str; 5] = [ACCEPTANCE, OBJECTION, CONCLUSION, REVIEW_REPLY, RECHECK_REPLY];

/// Bounds of what is typed (characters).
const MAX_NAME: usize = 50;
const MAX_SHORT: usize = 100;
const MAX_ADDRESS: usize = 200;
const MAX_TEXT: usize = 5_000;

/// A case as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintInput {
    /// Code of the organisation handling it; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 来源渠道: portal, phone, visit, letter, media, hotline_12345, petition_referral,
    /// enforcement_supervision (or 电话, 来访 …).
    pub channel: String,
    /// 类别: suggestion, accusation, claim (建议意见类, 检举控告类, 申诉求决类).
    pub class: String,
    /// 事项类型, e.g. 土地征收, 环境污染, 劳资纠纷.
    pub matter_type: String,
    /// 法定途径 of a 申诉求决 matter: litigation, reconsideration, arbitration, other (诉讼,
    /// 行政复议, 仲裁, 其他法定途径); blank when none.
    pub statutory_route: String,
    /// 信访人姓名 (匿名 for an anonymous report)
    pub petitioner_name: String,
    /// 身份证号
    pub id_number: String,
    /// 联系电话
    pub phone: String,
    /// 住址
    pub address: String,
    /// A group visit's representatives, separated by 、 or commas (at most 5).
    pub representatives: String,
    /// 事项标题
    pub subject: String,
    /// 主要诉求和事实
    pub content: String,
    /// The case number in the national 信访信息系统 or the 12345 platform.
    pub external_number: String,
    /// 收到日期: 2025-03-05 (also 2025/3/5, 2025年3月5日).
    pub received_on: String,
    /// Passed down by a 信访部门 or a higher body (an objection is possible within 5 working
    /// days).
    pub referred: bool,
}

/// A case's intake as checked.
#[derive(Clone, Debug)]
pub struct Intake {
    channel: Channel,
    class: Class,
    route: Option<StatutoryRoute>,
    matter_type: String,
    petitioner_name: String,
    id_number: String,
    phone: String,
    address: String,
    representatives: Vec<String>,
    subject: String,
    content: String,
    external_number: String,
    received_on: NaiveDate,
    referred: bool,
}

fn blank_none(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl Intake {
    fn columns(&self) -> Columns {
        vec![
            ("year", i64::from(self.received_on.year()).into()),
            ("channel", self.channel.code().into()),
            ("class", self.class.code().into()),
            ("matter_type", self.matter_type.as_str().into()),
            ("statutory_route", self.route.map(|r| r.code()).into()),
            ("petitioner_name", self.petitioner_name.as_str().into()),
            ("id_number", blank_none(&self.id_number).into()),
            ("phone", blank_none(&self.phone).into()),
            ("address", blank_none(&self.address).into()),
            (
                "representatives",
                blank_none(&self.representatives.join("、")).into(),
            ),
            ("subject", self.subject.as_str().into()),
            ("content", self.content.as_str().into()),
            ("external_number", blank_none(&self.external_number).into()),
            ("received_on", self.received_on.into()),
            ("referred", self.referred.into()),
        ]
    }
}

/// A trimmed text of at most `max` characters; a field error when too long or (`required`)
/// blank.
fn text(field: &str, value: &str, max: usize, required: bool, errors: &mut FieldErrors) -> String {
    let v = value.trim();
    if required && v.is_empty() {
        errors.insert(field.to_owned(), "此项必填".to_owned());
    } else if v.chars().count() > max {
        errors.insert(
            field.to_owned(),
            format!("不能超过 {max} 个字，请精简后再提交"),
        );
    }
    v.to_owned()
}

fn labels<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> String {
    all.iter().map(|v| label(*v)).collect::<Vec<_>>().join("、")
}

/// A date, required or today when blank; never in the future.
fn day(field: &str, value: &str, default_today: bool, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let today = crate::clock::today();
    let d = match date_field(field, value, errors) {
        None if value.trim().is_empty() && default_today => Some(today),
        None => {
            errors
                .entry(field.to_owned())
                .or_insert_with(|| "请填写日期，如 2025-03-05".to_owned());
            None
        }
        d => d,
    }?;
    if d > today {
        errors.insert(field.to_owned(), format!("日期不能晚于今天（{today}）"));
        return None;
    }
    Some(d)
}

/// Checks a case as entered (registration and edit alike).
pub fn parse(input: ComplaintInput) -> AppResult<Intake> {
    let mut e = FieldErrors::new();
    let channel = Channel::parse(&input.channel);
    if channel.is_none() {
        e.insert(
            "channel".to_owned(),
            format!("请选择来源渠道：{}", labels(Channel::ALL, Channel::label)),
        );
    }
    let class = Class::parse(&input.class);
    if class.is_none() {
        e.insert(
            "class".to_owned(),
            format!("请选择信访事项类别：{}", labels(Class::ALL, Class::label)),
        );
    }
    let route = match input.statutory_route.trim() {
        "" => None,
        t => {
            let r = StatutoryRoute::parse(t);
            if r.is_none() {
                e.insert(
                    "statutory_route".to_owned(),
                    format!(
                        "法定途径应为：{}；没有的请留空",
                        labels(StatutoryRoute::ALL, StatutoryRoute::label)
                    ),
                );
            }
            r
        }
    };
    if let (Some(c), Some(_)) = (class, route) {
        if let Err(m) = rules::check_route(c, route) {
            e.insert("statutory_route".to_owned(), m);
        }
    }
    let matter_type = text("matter_type", &input.matter_type, 30, true, &mut e);
    let petitioner_name = text("petitioner_name", &input.petitioner_name, MAX_NAME, true, &mut e);
    let id_number = input.id_number.trim().to_uppercase();
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let id_ok = id_number.is_empty()
        || (id_number.is_ascii()
            && ((id_number.len() == 18
                && digits(&id_number[..17])
                && (digits(&id_number[17..]) || &id_number[17..] == "X"))
                || (id_number.len() == 15 && digits(&id_number))));
    if !id_ok {
        e.insert(
            "id_number".to_owned(),
            "身份证号应为18位（末位可为X）或15位数字".to_owned(),
        );
    }
    let phone: String = input
        .phone
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .collect();
    if phone.chars().count() > 20 || !phone.chars().all(|c| c.is_ascii_digit() || c == '+') {
        e.insert(
            "phone".to_owned(),
            "联系电话只能填写数字，如 13812345678 或 0571-12345678".to_owned(),
        );
    }
    let address = text("address", &input.address, MAX_ADDRESS, false, &mut e);
    let representatives: Vec<String> = input
        .representatives
        .split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().take(MAX_NAME).collect())
        .collect();
    if let Some(c) = channel {
        if let Err(m) = rules::check_representatives(c, &representatives) {
            e.insert("representatives".to_owned(), m);
        }
    }
    let subject = text("subject", &input.subject, MAX_SHORT, true, &mut e);
    let content = text("content", &input.content, MAX_TEXT, true, &mut e);
    let external_number = text("external_number", &input.external_number, 50, false, &mut e);
    let received_on = day("received_on", &input.received_on, false, &mut e);
    match (channel, class, received_on) {
        (Some(channel), Some(class), Some(received_on)) if e.is_empty() => Ok(Intake {
            referred: input.referred || channel == Channel::PetitionReferral,
            channel,
            class,
            route,
            matter_type,
            petitioner_name,
            id_number,
            phone,
            address,
            representatives,
            subject,
            content,
            external_number,
            received_on,
        }),
        _ => Err(AppError::invalid(e)),
    }
}

/// A case's clock as the domain reads it.
pub fn clock_of(r: &ComplaintRow) -> CaseClock {
    CaseClock {
        received_on: Some(r.received_on),
        referred: r.referred,
        accepted_on: r.accepted_on,
        extension: r.extension_days.map(|d| GrantedExtension {
            length: u32::try_from(d).unwrap_or(0),
            approved_by: r.extension_approved_by.clone().unwrap_or_default(),
            approved_on: None,
        }),
        extension_reason: r.extension_reason.clone().unwrap_or_default(),
        replied_on: r.concluded_on,
        review_requested_on: r.review_requested_on,
        reviewed_on: r.reviewed_on,
        recheck_requested_on: r.recheck_requested_on,
        recheck_hearings: hearings(r),
        rechecked_on: r.rechecked_on,
    }
}

fn hearings(r: &ComplaintRow) -> Vec<DateRange> {
    match (r.hearing_from, r.hearing_to) {
        (Some(from), Some(to)) => vec![DateRange {
            from,
            to,
            label: "复核听证".to_owned(),
        }],
        _ => Vec::new(),
    }
}

fn rule_name(code: &str) -> String {
    shipped_rules()
        .get(code)
        .map_or_else(|| code.to_owned(), |r| r.name.clone())
}

/// One of a case's time limits as people read it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DueLine {
    /// The rule's code, e.g. `complaint.conclusion`.
    pub rule: String,
    /// 告知是否受理信访事项, 信访事项办结 …
    pub name: String,
    pub due_on: NaiveDate,
    /// Met, or no longer running (the step was taken).
    pub done: bool,
    /// The graded warning today while it runs: 即将到期, 已超期, 超期15日以上, 超期30日以上.
    pub warning: Option<String>,
    /// How the date was computed, line by line.
    pub explanation: Vec<String>,
}

/// Every time limit of the case so far, in order, each explained; `running` marks those still
/// open (they are on the to-do list).
fn due_lines(r: &ComplaintRow, cal: &Calendar, today: NaiveDate) -> Vec<(DueLine, DueDate)> {
    let c = clock_of(r);
    let decided = r.acceptance.is_some();
    let accepted = r.acceptance.as_deref() == Some(Acceptance::Accepted.code());
    let mut lines: Vec<(&str, Option<DueDate>, bool)> = vec![(ACCEPTANCE, c.acceptance_due(cal), decided)];
    if r.referred {
        lines.push((OBJECTION, c.objection_due(cal), decided));
    }
    if accepted {
        lines.push((CONCLUSION, c.conclusion_due(cal), r.concluded_on.is_some()));
    }
    if r.concluded_on.is_some() {
        lines.push((
            "complaint.review_request",
            c.review_window(cal),
            true,
        ));
    }
    if r.review_requested_on.is_some() {
        lines.push((REVIEW_REPLY, c.review_due(cal), r.reviewed_on.is_some()));
    }
    if r.reviewed_on.is_some() {
        lines.push(("complaint.recheck_request", c.recheck_window(cal), true));
    }
    if r.recheck_requested_on.is_some() {
        lines.push((RECHECK_REPLY, c.recheck_due(cal), r.rechecked_on.is_some()));
    }
    lines
        .into_iter()
        .filter_map(|(code, due, done)| {
            let due = due?;
            let warning = (!done)
                .then(|| Warning::on(due.due, today, cal))
                .flatten()
                .map(|w| w.label().to_owned());
            Some((
                DueLine {
                    rule: code.to_owned(),
                    name: rule_name(code),
                    due_on: due.due,
                    done,
                    warning,
                    explanation: due.explanation.lines(),
                },
                due,
            ))
        })
        .collect()
}

/// Recomputes the case's due dates into its columns and the to-do list, in its transaction:
/// the running limits are tracked, the others settled.
async fn refresh(tx: &mut Tx, id: i64, cal: &Calendar) -> AppResult<ComplaintRow> {
    let r = store::get(&mut *tx, &Scope::everything(), id).await?;
    let lines = due_lines(&r, cal, crate::clock::today());
    let running: Vec<&(DueLine, DueDate)> = lines
        .iter()
        .filter(|(l, _)| !l.done && RULES.contains(&l.rule.as_str()))
        .collect();
    let find = |code: &str| lines.iter().find(|(l, _)| l.rule == code).map(|(l, _)| l.due_on);
    let explained: Vec<String> = lines
        .iter()
        .map(|(l, _)| format!("【{}】{}", l.name, l.explanation.join("；")))
        .collect();
    store::set(
        tx,
        id,
        vec![
            ("acceptance_due", find(ACCEPTANCE).into()),
            ("conclusion_due", find(CONCLUSION).into()),
            (
                "due_on",
                running.iter().map(|(l, _)| l.due_on).min().into(),
            ),
            ("due_explained", blank_none(&explained.join("\n")).into()),
        ],
    )
    .await?;
    let label = format!(
        "信访事项：{}",
        r.subject.chars().take(20).collect::<String>()
    );
    let link = format!("/complaints/{id}");
    let c = clock_of(&r);
    for code in RULES {
        match running.iter().find(|(l, _)| l.rule == code) {
            Some((_, due)) if !r.revision.is_withdrawn() => {
                let suspensions = if code == RECHECK_REPLY {
                    serde_json::to_string(&c.recheck_hearings).ok()
                } else {
                    None
                };
                let extensions = match (&c.extension, code) {
                    (Some(ext), CONCLUSION) => serde_json::to_string(&[ext]).ok(),
                    _ => None,
                };
                store_deadlines::upsert(
                    tx,
                    store_deadlines::Upsert {
                        register: REGISTER,
                        record_id: id,
                        org_id: r.org_id,
                        rule_code: code,
                        label: &label,
                        link: &link,
                        region: r.org_region.as_deref(),
                        start: due.start,
                        due: due.due,
                        provisional: due.provisional,
                        suspensions_json: suspensions.filter(|s| s != "[]"),
                        extensions_json: extensions,
                    },
                )
                .await?;
            }
            _ => store_deadlines::settle(tx, REGISTER, id, code).await?,
        }
    }
    Ok(store::get(&mut *tx, &Scope::everything(), id).await?)
}

/// The graded warning of a case today: of its next due date and of an open 督办 order,
/// whichever is graver.
pub fn warning(r: &ComplaintRow, today: NaiveDate, cal: &Calendar) -> Option<Warning> {
    if r.revision.is_withdrawn() {
        return None;
    }
    [r.due_on, r.supervision_due]
        .into_iter()
        .flatten()
        .filter_map(|d| Warning::on(d, today, cal))
        .max()
}

/// The code of a warning grade, for styling and the API.
pub fn grade_code(w: Warning) -> &'static str {
    match w {
        Warning::DueSoon => "due_soon",
        Warning::Overdue => "overdue",
        Warning::Overdue15 => "overdue_15",
        Warning::Overdue30 => "overdue_30",
    }
}

/// The masked form of a row, for roles that may not see personal data.
fn masked(mut r: ComplaintRow) -> ComplaintRow {
    r.id_number = r.id_number.as_deref().map(mask::mask_id_card);
    r.phone = r.phone.as_deref().map(mask::mask_phone);
    r
}

fn present_for(caller: &Caller, r: ComplaintRow) -> ComplaintRow {
    if caller.role.may_see_personal_data() {
        r
    } else {
        masked(r)
    }
}

/// A case in the list, with its warning today.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ComplaintItem {
    #[serde(flatten)]
    pub case: ComplaintRow,
    /// due_soon | overdue | overdue_15 | overdue_30
    pub warning: Option<String>,
    /// 即将到期 / 已超期 / 超期15日以上 / 超期30日以上
    pub warning_label: Option<String>,
}

/// One query of the list: the year-list filter and a search of the external case number, the
/// petitioner and the subject.
#[derive(Clone, Debug, Default)]
pub struct ComplaintQuery {
    pub year: YearQuery,
    pub search: Option<String>,
}

fn item(app: &App, caller: &Caller, r: ComplaintRow, today: NaiveDate) -> ComplaintItem {
    let cal = app.calendar.current().for_region(r.org_region.as_deref());
    let w = warning(&r, today, &cal);
    ComplaintItem {
        case: present_for(caller, r),
        warning: w.map(|w| grade_code(w).to_owned()),
        warning_label: w.map(|w| w.label().to_owned()),
    }
}

/// Cases in the caller's subtree (or `org`'s within it), of one year if given.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: &ComplaintQuery,
    page: Option<(u32, u32)>,
) -> AppResult<(Vec<ComplaintItem>, i64)> {
    let (scope, f) = q.year.resolve(app, caller, AREA).await?;
    let search: Option<String> = q
        .search
        .as_deref()
        .map(|s| s.trim().chars().take(50).collect());
    let (rows, total) = store::page(&app.db, &scope, f, search.as_deref(), page).await?;
    let today = crate::clock::today();
    let items = rows.into_iter().map(|r| item(app, caller, r, today)).collect();
    Ok((items, total))
}

/// The earlier case of the same person about the same matter within a year, if any (repeat
/// detection: same ID number or phone, same type, overlapping words; `fazhi_domain::complaint`).
async fn find_repeat(tx: &mut Tx, org_id: i64, intake: &Intake) -> AppResult<Option<i64>> {
    if intake.id_number.is_empty() && intake.phone.is_empty() {
        return Ok(None);
    }
    let since = intake.received_on - Duration::days(365);
    let earlier = store::same_person(&mut *tx, &intake.id_number, &intake.phone, since).await?;
    let later_text = format!("{} {}", intake.subject, intake.content);
    let later = Petition {
        received_on: intake.received_on,
        id_number: &intake.id_number,
        phone: &intake.phone,
        matter_type: &intake.matter_type,
        content: &later_text,
    };
    for e in earlier.iter().filter(|e| e.received_on <= intake.received_on) {
        let text = format!("{} {}", e.subject, e.content);
        let before = Petition {
            received_on: e.received_on,
            id_number: e.id_number.as_deref().unwrap_or_default(),
            phone: e.phone.as_deref().unwrap_or_default(),
            matter_type: &e.matter_type,
            content: &text,
        };
        if rules::is_repeat(&before, &later) && same_org(tx, e.id, org_id).await? {
            return Ok(Some(e.id));
        }
    }
    Ok(None)
}

/// Whether case `id` is of organisation `org_id` (repeats are linked within one organisation:
/// its staff can open the earlier case).
async fn same_org(tx: &mut Tx, id: i64, org_id: i64) -> AppResult<bool> {
    Ok(store::get(&mut *tx, &Scope::everything(), id).await?.org_id == org_id)
}

/// Registers `intake` in `org` by `actor`, flagged as a repeat when it is one, with extra
/// columns (a portal case's credentials, a reopened case's link); its row.
async fn register(
    tx: &mut Tx,
    actor: &Actor,
    org: &Org,
    intake: &Intake,
    extra: Columns,
    cal: &Calendar,
) -> AppResult<ComplaintRow> {
    let repeat = find_repeat(tx, org.id, intake).await?;
    let mut columns = intake.columns();
    columns.push(("repeat_of", repeat.into()));
    columns.extend(extra);
    let row: ComplaintRow = store::LIST.register(tx, actor, org.id, columns).await?;
    refresh(tx, row.id, cal).await
}

/// Registers a case received by phone, visit, letter, a referral …
pub async fn create(app: &App, caller: &Caller, input: ComplaintInput) -> AppResult<ComplaintRow> {
    caller.require_write(AREA)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let intake = parse(input)?;
    let cal = app.calendar.current().for_region(org.region.as_deref());
    let mut tx = app.db.begin().await?;
    let row = register(&mut tx, &caller.actor(), &org, &intake, Vec::new(), &cal).await?;
    tx.commit().await?;
    Ok(present_for(caller, row))
}

/// Case `id`, if the caller may read it (in their scope; not found otherwise), unmasked.
async fn load(app: &App, caller: &Caller, id: i64) -> AppResult<ComplaintRow> {
    caller.require_read(AREA)?;
    Ok(store::get(&app.db, &caller.scope, id).await?)
}

/// The earlier case a repeat is linked to, with its conclusion.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct EarlierCase {
    pub id: i64,
    pub received_on: NaiveDate,
    pub subject: String,
    /// 予以支持 … ; none while not concluded.
    pub outcome: Option<String>,
    pub opinion: Option<String>,
    pub concluded_on: Option<NaiveDate>,
}

/// A case with its time limits explained, its notes and 督办 orders, and its links.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ComplaintView {
    #[serde(flatten)]
    pub case: ComplaintRow,
    pub warning: Option<String>,
    pub warning_label: Option<String>,
    /// 待受理, 办理中, 不予受理, 已转送, 已办结 …
    pub state: String,
    pub dues: Vec<DueLine>,
    pub entries: Vec<Entry>,
    /// The earlier case this one repeats, with its conclusion.
    pub repeat: Option<EarlierCase>,
    /// The cases an unsatisfied callback opened from this one.
    pub reopened_as: Vec<i64>,
}

/// Where a case stands, in words.
pub fn state(r: &ComplaintRow) -> &'static str {
    match (
        r.acceptance.as_deref().and_then(Acceptance::parse),
        r.concluded_on,
        r.rechecked_on,
        r.reviewed_on,
        r.recheck_requested_on,
        r.review_requested_on,
    ) {
        (None, ..) => "待受理",
        (Some(Acceptance::NotAccepted), ..) => "不予受理",
        (Some(Acceptance::Referred), ..) => "已转送或提出异议",
        (Some(Acceptance::Accepted), None, ..) => "办理中",
        (_, Some(_), Some(_), ..) => "已复核（终局）",
        (_, Some(_), None, _, Some(_), _) => "复核中",
        (_, Some(_), None, Some(_), None, _) => "已复查",
        (_, Some(_), None, None, None, Some(_)) => "复查中",
        _ => "已办结",
    }
}

/// Case `id` as its page and the API show it.
pub async fn view(app: &App, caller: &Caller, id: i64) -> AppResult<ComplaintView> {
    let r = load(app, caller, id).await?;
    let cal = app.calendar.current().for_region(r.org_region.as_deref());
    let today = crate::clock::today();
    let dues = due_lines(&r, &cal, today).into_iter().map(|(l, _)| l).collect();
    let entries = store::entries(&app.db, r.id).await?;
    let repeat = match r.repeat_of {
        Some(e) => match store::get(&app.db, &caller.scope, e).await {
            Ok(e) => Some(EarlierCase {
                id: e.id,
                received_on: e.received_on,
                subject: e.subject,
                outcome: e
                    .outcome
                    .as_deref()
                    .and_then(Outcome::parse)
                    .map(|o| o.label().to_owned()),
                opinion: e.opinion,
                concluded_on: e.concluded_on,
            }),
            Err(StorageError::NotFound) => None,
            Err(err) => return Err(err.into()),
        },
        None => None,
    };
    let reopened_as = store::reopened_as(&app.db, r.id).await?;
    let w = warning(&r, today, &cal);
    Ok(ComplaintView {
        state: state(&r).to_owned(),
        warning: w.map(|w| grade_code(w).to_owned()),
        warning_label: w.map(|w| w.label().to_owned()),
        case: present_for(caller, r),
        dues,
        entries,
        repeat,
        reopened_as,
    })
}

// ---- steps ----

/// 告知是否受理 (信访工作条例 第二十三条).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AcceptInput {
    /// accepted | not_accepted (受理 / 不予受理)
    pub decision: String,
    /// 告知日期; blank: today.
    pub on: String,
    /// 不予受理的理由 (required then), or a note.
    pub note: String,
}

/// 转送 to the competent body, or an objection to a referral outside the town's powers.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReferInput {
    /// 转送或退回的机关
    pub to: String,
    /// 理由 (why the town is not the body to handle it)
    pub grounds: String,
    /// 日期; blank: today.
    pub on: String,
}

/// 交办 to a unit or a person.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AssignInput {
    /// 承办单位或承办人
    pub assignee: String,
    pub on: String,
}

/// An investigation note (调查核实情况).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NoteInput {
    pub text: String,
    pub on: String,
}

/// The head's approved extension of the conclusion period (第三十四条).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ExtendInput {
    /// 延长天数 (at most 30 in all)
    pub days: String,
    /// 批准的本机关负责人
    pub approved_by: String,
    /// 延期理由 (told to the petitioner)
    pub extension_reason: String,
    /// 批准日期; blank: today.
    pub on: String,
}

/// The written reply (处理意见书).
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConcludeInput {
    /// supported | partly_supported | not_supported | explained | routed (予以支持 …)
    pub outcome: String,
    /// 查明事实
    pub facts: String,
    /// 理由
    pub reasons: String,
    /// 处理意见
    pub opinion: String,
    /// 法律依据
    pub legal_basis: String,
    /// 救济途径 (复查、复核 …)
    pub remedies: String,
    /// 信访人收到处理意见之日; blank: today.
    pub on: String,
}

/// The satisfaction callback.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CallbackInput {
    /// satisfied | mostly_satisfied | unsatisfied (满意 / 基本满意 / 不满意)
    pub satisfaction: String,
    pub on: String,
    /// 回访记录 (what was said on the call)
    pub note: String,
}

/// A 复查 or 复核 passed back by the county: the request and, later, the opinion.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewStepInput {
    /// 请求日期 (required the first time)
    pub requested_on: String,
    /// 意见日期 (when the opinion is given)
    pub answered_on: String,
    pub opinion: String,
    /// 复核听证 from–to (not counted); 复核 only.
    pub hearing_from: String,
    pub hearing_to: String,
}

/// A leader's 督办 order.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SuperviseInput {
    /// 督办要求
    pub order: String,
    /// 办理时限
    pub due_on: String,
}

/// The reply to a 督办 order.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SupervisionReplyInput {
    /// The order's id (from the case's `entries`).
    pub supervision: i64,
    pub reply: String,
    pub on: String,
}

/// The audit actions of the steps.
pub const ACCEPT: &str = "complaint_accept";
pub const REFER: &str = "complaint_refer";
pub const ASSIGN: &str = "complaint_assign";
pub const NOTE: &str = "complaint_note";
pub const EXTEND: &str = "complaint_extend";
pub const CONCLUDE: &str = "complaint_conclude";
pub const CALLBACK: &str = "complaint_callback";
pub const REVIEW: &str = "complaint_review";
pub const RECHECK: &str = "complaint_recheck";
pub const SUPERVISE: &str = "complaint_supervise";
pub const SUPERVISION_REPLY: &str = "complaint_supervision_reply";

/// What a step writes.
#[derive(Default)]
struct StepWrite {
    columns: Columns,
    /// A note or a 督办 order: (kind, date, text, due).
    entry: Option<(&'static str, NaiveDate, String, Option<NaiveDate>)>,
    /// A 督办 reply: (order id, text, date).
    reply: Option<(i64, String, NaiveDate)>,
    /// An unsatisfied callback opens a new case from this one.
    reopen: Option<NaiveDate>,
}

fn conflict(code: &'static str, message: impl Into<String>) -> AppError {
    AppError::new(ErrorKind::Conflict, code, message)
}

fn invalid_unless(e: FieldErrors) -> AppResult<()> {
    if e.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(e))
    }
}

fn is_accepted(r: &ComplaintRow) -> bool {
    r.acceptance.as_deref() == Some(Acceptance::Accepted.code())
}

fn require_open(r: &ComplaintRow) -> AppResult<()> {
    if !is_accepted(r) {
        return Err(conflict(
            "not_accepted",
            "该信访事项尚未受理，请先告知受理",
        ));
    }
    if r.concluded_on.is_some() {
        return Err(conflict("concluded", "该信访事项已出具处理意见"));
    }
    Ok(())
}

/// Only a leader (or an administrator) issues a 督办 order.
pub fn require_leader(caller: &Caller) -> AppResult<()> {
    caller.require_read(AREA)?;
    if matches!(caller.role, Role::Leader | Role::Admin) {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorKind::Forbidden,
            "forbidden",
            "只有领导可以督办信访事项",
        ))
    }
}

/// Runs step `action` on case `id`: `f` decides what to write from the case as it stands; the
/// write is made on the version read, the dues recomputed and the step logged with the case
/// before and after, in one transaction.
async fn step(
    app: &App,
    caller: &Caller,
    id: i64,
    action: &'static str,
    f: impl FnOnce(&ComplaintRow, &Calendar) -> AppResult<StepWrite>,
) -> AppResult<ComplaintRow> {
    if action == SUPERVISE {
        require_leader(caller)?;
    } else {
        caller.require_write(AREA)?;
    }
    let before = load(app, caller, id).await?;
    if before.revision.is_withdrawn() {
        return Err(withdrawn_refusal());
    }
    let cal = app.calendar.current().for_region(before.org_region.as_deref());
    let w = f(&before, cal.as_ref())?;
    let target = store::target(&before);
    let mut tx = app.db.begin().await?;
    if !kit::claim(&mut tx, target, before.revision.version).await? {
        return Err(conflict(
            "stale_version",
            "该信访事项刚被他人修改，请刷新后重试",
        ));
    }
    if !w.columns.is_empty() {
        store::set(&mut tx, id, w.columns).await?;
    }
    if let Some((kind, on, text, due)) = &w.entry {
        store::add_entry(&mut tx, id, kind, (*on, text, *due), Some(caller.user_id)).await?;
    }
    if let Some((entry, text, on)) = &w.reply {
        store::reply_entry(&mut tx, *entry, text, *on).await?;
    }
    let after = refresh(&mut tx, id, &cal).await?;
    kit::log(&mut tx, &caller.actor(), action, target, &before, &after, None).await?;
    if let Some(on) = w.reopen {
        reopen(&mut tx, caller, &after, on, &cal).await?;
    }
    tx.commit().await?;
    Ok(present_for(caller, after))
}

/// The new case an unsatisfied callback opens: the same petitioner and matter, received on the
/// day of the call, linked to the old case (which stays as it was).
async fn reopen(
    tx: &mut Tx,
    caller: &Caller,
    old: &ComplaintRow,
    on: NaiveDate,
    cal: &Calendar,
) -> AppResult<ComplaintRow> {
    let input = input_of(old);
    let mut intake = parse(ComplaintInput {
        received_on: on.to_string(),
        ..input
    })?;
    if let Some(note) = old.callback_note.as_deref().filter(|n| !n.is_empty()) {
        let more = format!("\n回访不满意：{note}");
        if intake.content.chars().count() + more.chars().count() <= MAX_TEXT {
            intake.content.push_str(&more);
        }
    }
    let org = orgs::get(&mut *tx, old.org_id).await?;
    register(
        tx,
        &caller.actor(),
        &org,
        &intake,
        vec![("reopened_from", old.id.into())],
        cal,
    )
    .await
}

pub async fn accept(app: &App, caller: &Caller, id: i64, i: AcceptInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, ACCEPT, |r, _| {
        if r.acceptance.is_some() {
            return Err(conflict("decided", "已作出受理决定，不能重复告知"));
        }
        let mut e = FieldErrors::new();
        let decision = match Acceptance::parse(&i.decision) {
            Some(d @ (Acceptance::Accepted | Acceptance::NotAccepted)) => Some(d),
            _ => {
                e.insert(
                    "decision".to_owned(),
                    "请选择「受理」或「不予受理」；转送或异议请用「转送」".to_owned(),
                );
                None
            }
        };
        let on = day("on", &i.on, true, &mut e);
        if on.is_some_and(|d| d < r.received_on) {
            e.insert("on".to_owned(), format!("告知日期不能早于收到日期 {}", r.received_on));
        }
        let note = text("note", &i.note, MAX_TEXT, decision == Some(Acceptance::NotAccepted), &mut e);
        invalid_unless(e)?;
        let (decision, on) = (decision.unwrap_or(Acceptance::Accepted), on.unwrap_or(r.received_on));
        Ok(StepWrite {
            columns: vec![
                ("acceptance", decision.code().into()),
                (
                    "accepted_on",
                    (decision == Acceptance::Accepted).then_some(on).into(),
                ),
                ("decided_on", on.into()),
                ("acceptance_note", blank_none(&note).into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn refer(app: &App, caller: &Caller, id: i64, i: ReferInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, REFER, |r, cal| {
        if r.acceptance.is_some() {
            return Err(conflict("decided", "已作出受理决定，不能再转送或提出异议"));
        }
        let mut e = FieldErrors::new();
        let to = text("to", &i.to, MAX_SHORT, true, &mut e);
        let reason = text("grounds", &i.grounds, MAX_TEXT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        if let (Some(on), Some(due)) = (on, clock_of(r).objection_due(cal)) {
            if on > due.due {
                e.insert(
                    "on".to_owned(),
                    format!(
                        "对转交事项提出异议的期限已过：应在收到之日起5个工作日内（至 {}）提出",
                        due.due
                    ),
                );
            }
        }
        invalid_unless(e)?;
        Ok(StepWrite {
            columns: vec![
                ("acceptance", Acceptance::Referred.code().into()),
                ("decided_on", on.into()),
                ("referred_to", to.into()),
                ("acceptance_note", reason.into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn assign(app: &App, caller: &Caller, id: i64, i: AssignInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, ASSIGN, |r, _| {
        require_open(r)?;
        let mut e = FieldErrors::new();
        let assignee = text("assignee", &i.assignee, MAX_SHORT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        invalid_unless(e)?;
        Ok(StepWrite {
            columns: vec![("assignee", assignee.into()), ("assigned_on", on.into())],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn note(app: &App, caller: &Caller, id: i64, i: NoteInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, NOTE, |_, _| {
        let mut e = FieldErrors::new();
        let t = text("text", &i.text, MAX_TEXT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        invalid_unless(e)?;
        Ok(StepWrite {
            entry: on.map(|on| ("note", on, t, None)),
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn extend(app: &App, caller: &Caller, id: i64, i: ExtendInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, EXTEND, |r, _| {
        require_open(r)?;
        let mut e = FieldErrors::new();
        let days: Option<u32> = i.days.trim().parse().ok().filter(|d| *d > 0);
        if days.is_none() {
            e.insert("days".to_owned(), "请填写延长天数（1至30的整数）".to_owned());
        }
        let approved_by = text("approved_by", &i.approved_by, MAX_NAME, true, &mut e);
        let reason = text("extension_reason", &i.extension_reason, MAX_TEXT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        invalid_unless(e)?;
        let mut clock = clock_of(r);
        clock
            .extend(
                GrantedExtension {
                    length: days.unwrap_or_default(),
                    approved_by: approved_by.clone(),
                    approved_on: on,
                },
                &reason,
            )
            .map_err(|m| AppError::field("days", m.to_string()))?;
        let total = clock.extension.map_or(0, |x| i64::from(x.length));
        Ok(StepWrite {
            columns: vec![
                ("extension_days", total.into()),
                ("extension_approved_by", approved_by.into()),
                ("extension_reason", reason.into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn conclude(app: &App, caller: &Caller, id: i64, i: ConcludeInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, CONCLUDE, |r, _| {
        require_open(r)?;
        let mut e = FieldErrors::new();
        let outcome = Outcome::parse(&i.outcome);
        if outcome.is_none() {
            e.insert(
                "outcome".to_owned(),
                format!("请选择处理结果：{}", labels(Outcome::ALL, Outcome::label)),
            );
        }
        let facts = text("facts", &i.facts, MAX_TEXT, false, &mut e);
        let reasons = text("reasons", &i.reasons, MAX_TEXT, false, &mut e);
        let opinion = text("opinion", &i.opinion, MAX_TEXT, true, &mut e);
        let legal_basis = text("legal_basis", &i.legal_basis, MAX_TEXT, false, &mut e);
        let remedies = text("remedies", &i.remedies, MAX_TEXT, false, &mut e);
        let on = day("on", &i.on, true, &mut e);
        if let (Some(on), Some(acc)) = (on, r.accepted_on) {
            if on < acc {
                e.insert("on".to_owned(), format!("办结日期不能早于受理日期 {acc}"));
            }
        }
        invalid_unless(e)?;
        Ok(StepWrite {
            columns: vec![
                ("outcome", outcome.map(Outcome::code).into()),
                ("facts", blank_none(&facts).into()),
                ("reasons", blank_none(&reasons).into()),
                ("opinion", opinion.into()),
                ("legal_basis", blank_none(&legal_basis).into()),
                ("remedies", blank_none(&remedies).into()),
                ("concluded_on", on.into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn callback(app: &App, caller: &Caller, id: i64, i: CallbackInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, CALLBACK, |r, _| {
        let Some(concluded) = r.concluded_on else {
            return Err(conflict("not_concluded", "该信访事项尚未办结，不能回访"));
        };
        if r.satisfaction.is_some() {
            return Err(conflict("called_back", "该信访事项已回访；不满意的已另立新件办理"));
        }
        let mut e = FieldErrors::new();
        let s = Satisfaction::parse(&i.satisfaction);
        if s.is_none() {
            e.insert(
                "satisfaction".to_owned(),
                "请选择回访结果：满意、基本满意或不满意".to_owned(),
            );
        }
        let note = text("note", &i.note, 1_000, false, &mut e);
        let on = day("on", &i.on, true, &mut e);
        if on.is_some_and(|d| d < concluded) {
            e.insert("on".to_owned(), format!("回访日期不能早于办结日期 {concluded}"));
        }
        invalid_unless(e)?;
        let s = s.unwrap_or(Satisfaction::Satisfied);
        Ok(StepWrite {
            columns: vec![
                ("satisfaction", s.code().into()),
                ("callback_on", on.into()),
                ("callback_note", blank_none(&note).into()),
            ],
            reopen: on.filter(|_| s.reopens()),
            ..StepWrite::default()
        })
    })
    .await
}

/// The dates and opinion of a 复查 or 复核 step, checked against the stored request (if any).
fn review_dates(
    i: &ReviewStepInput,
    stored: Option<NaiveDate>,
    e: &mut FieldErrors,
) -> (Option<NaiveDate>, Option<NaiveDate>, String) {
    let requested = match stored {
        Some(d) => Some(d),
        None => day("requested_on", &i.requested_on, false, e),
    };
    let answered = match i.answered_on.trim() {
        "" => None,
        t => day("answered_on", t, false, e),
    };
    if let (Some(req), Some(ans)) = (requested, answered) {
        if ans < req {
            e.insert("answered_on".to_owned(), format!("意见日期不能早于请求日期 {req}"));
        }
    }
    let opinion = text("opinion", &i.opinion, MAX_TEXT, answered.is_some(), e);
    (requested, answered, opinion)
}

pub async fn review(app: &App, caller: &Caller, id: i64, i: ReviewStepInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, REVIEW, |r, cal| {
        if r.concluded_on.is_none() {
            return Err(conflict("not_concluded", "该信访事项尚未出具处理意见，不能复查"));
        }
        if r.reviewed_on.is_some() {
            return Err(conflict("reviewed", "已记录复查意见"));
        }
        let mut e = FieldErrors::new();
        let (requested, answered, opinion) = review_dates(&i, r.review_requested_on, &mut e);
        invalid_unless(e)?;
        if r.review_requested_on.is_none() {
            let mut clock = clock_of(r);
            if let Some(on) = requested {
                clock
                    .request_review(on, cal)
                    .map_err(|m| AppError::field("requested_on", m.to_string()))?;
            }
        }
        Ok(StepWrite {
            columns: vec![
                ("review_requested_on", requested.into()),
                ("reviewed_on", answered.into()),
                ("review_opinion", blank_none(&opinion).into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn recheck(app: &App, caller: &Caller, id: i64, i: ReviewStepInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, RECHECK, |r, cal| {
        if r.reviewed_on.is_none() {
            return Err(conflict("not_reviewed", "尚无复查意见，不能复核"));
        }
        let mut clock = clock_of(r);
        if clock.is_final() {
            return Err(conflict("final", rules::ClockRefusal::Final.to_string()));
        }
        let mut e = FieldErrors::new();
        let (requested, answered, opinion) = review_dates(&i, r.recheck_requested_on, &mut e);
        let from = match i.hearing_from.trim() {
            "" => r.hearing_from,
            t => day("hearing_from", t, false, &mut e),
        };
        let to = match i.hearing_to.trim() {
            "" => r.hearing_to,
            t => day("hearing_to", t, false, &mut e),
        };
        if from.is_some() != to.is_some() || matches!((from, to), (Some(f), Some(t)) if t < f) {
            e.insert("hearing_to".to_owned(), "请填写听证的起止日期（止不早于起）".to_owned());
        }
        invalid_unless(e)?;
        if r.recheck_requested_on.is_none() {
            if let Some(on) = requested {
                clock
                    .request_recheck(on, cal)
                    .map_err(|m| AppError::field("requested_on", m.to_string()))?;
            }
        }
        Ok(StepWrite {
            columns: vec![
                ("recheck_requested_on", requested.into()),
                ("hearing_from", from.into()),
                ("hearing_to", to.into()),
                ("rechecked_on", answered.into()),
                ("recheck_opinion", blank_none(&opinion).into()),
            ],
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn supervise(app: &App, caller: &Caller, id: i64, i: SuperviseInput) -> AppResult<ComplaintRow> {
    step(app, caller, id, SUPERVISE, |_, _| {
        let mut e = FieldErrors::new();
        let order = text("order", &i.order, 2_000, true, &mut e);
        let today = crate::clock::today();
        let due = date_field("due_on", &i.due_on, &mut e);
        match due {
            None if !e.contains_key("due_on") => {
                e.insert("due_on".to_owned(), "请填写督办时限，如 2025-03-05".to_owned());
            }
            Some(d) if d < today => {
                e.insert("due_on".to_owned(), format!("督办时限不能早于今天（{today}）"));
            }
            _ => {}
        }
        invalid_unless(e)?;
        Ok(StepWrite {
            entry: Some(("supervision", today, order, due)),
            ..StepWrite::default()
        })
    })
    .await
}

pub async fn reply_supervision(
    app: &App,
    caller: &Caller,
    id: i64,
    i: SupervisionReplyInput,
) -> AppResult<ComplaintRow> {
    caller.require_write(AREA)?;
    let case = load(app, caller, id).await?;
    let order = match store::entry(&app.db, case.id, i.supervision).await {
        Ok(o) if o.kind == "supervision" => o,
        Ok(_) | Err(StorageError::NotFound) => {
            return Err(AppError::field("supervision", "找不到该督办事项"))
        }
        Err(err) => return Err(err.into()),
    };
    if order.replied_on.is_some() {
        return Err(conflict("replied", "该督办事项已回复"));
    }
    step(app, caller, id, SUPERVISION_REPLY, |_, _| {
        let mut e = FieldErrors::new();
        let reply = text("reply", &i.reply, MAX_TEXT, true, &mut e);
        let on = day("on", &i.on, true, &mut e);
        invalid_unless(e)?;
        Ok(StepWrite {
            reply: on.map(|on| (order.id, reply, on)),
            ..StepWrite::default()
        })
    })
    .await
}

// ---- the portal ----

/// What a citizen fills in on the portal: no dates (the day it is filed is the day it is
/// received) and no clock.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PublicComplaintInput {
    /// The organisation addressed (its code, as the portal lists it).
    pub org: String,
    /// suggestion | accusation | claim
    pub class: String,
    pub matter_type: String,
    pub petitioner_name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub subject: String,
    pub content: String,
    /// Left empty by people; a robot that fills every field is refused.
    pub website: String,
}

/// What the citizen keeps: the tracking code and the query password (shown once), and the
/// receipt's verification string over its text.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicReceipt {
    pub code: String,
    pub password: String,
    /// The verification string: HMAC-SHA256 over `receipt_text`, 20 hexadecimal digits.
    pub receipt: String,
    /// The receipt's text, line by line, as printed.
    pub receipt_text: String,
    pub org_name: String,
    pub received_on: NaiveDate,
    pub acceptance_due: Option<NaiveDate>,
}

/// What the status query answers: nothing about the petitioner, only the case's progress.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicComplaintStatus {
    pub org_name: String,
    pub subject: String,
    pub received_on: NaiveDate,
    /// 待受理, 办理中, 不予受理, 已转送或提出异议, 已办结 …
    pub state: String,
    pub acceptance_due: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub conclusion_due: Option<NaiveDate>,
    pub concluded_on: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub opinion: Option<String>,
    pub remedies: Option<String>,
}

/// The throttle's keys: submissions, and wrong code–password pairs.
const SUBMIT: &str = "portal:complaint-submit";
const STATUS: &str = "portal:complaint-status";

/// The receipt's verification key (settings `complaint_receipt_key`, made on first use).
async fn receipt_key(app: &App) -> AppResult<Vec<u8>> {
    let fresh = format!("{}{}", auth::generate_password(), auth::generate_password());
    Ok(store::receipt_key(&app.db, &fresh).await?.into_bytes())
}

/// A receipt's text with its lines trimmed and blank lines dropped: what is signed and what is
/// checked (a receipt copied from the page or typed from paper reads the same).
fn normalised(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The verification string of `text`: the first 20 hexadecimal digits of HMAC-SHA256, in
/// groups of four for reading out.
fn verification(key: &[u8], text: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(normalised(text).as_bytes());
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .take(10)
        .map(|b| format!("{b:02X}"))
        .collect();
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

fn receipt_text(org: &str, code: &str, r: &ComplaintRow) -> String {
    let mut lines = vec![
        "信访事项网上提交回执".to_owned(),
        format!("受理机关：{org}"),
        format!("查询码：{code}"),
        format!("提交日期：{}", r.received_on),
        format!("信访人：{}", mask::mask_name(&r.petitioner_name)),
        format!("事项：{}", r.subject),
    ];
    if let Some(d) = r.acceptance_due {
        lines.push(format!("告知是否受理期限：{d}"));
    }
    lines.join("\n")
}

/// Files a citizen's complaint from the portal: received today, with a tracking code, a query
/// password whose hash is kept, and a receipt whose verification string staff can check.
pub async fn submit(app: &App, addr: &str, input: PublicComplaintInput) -> AppResult<PublicReceipt> {
    // Every submission counts against its address, a refused one too (as the disclosure
    // portal's): a flood waits longer and longer, other addresses are not slowed.
    let now = std::time::Instant::now();
    app.portal_throttle.check(SUBMIT, addr, now).map_err(throttled)?;
    app.portal_throttle.record_failure(SUBMIT, addr, now);
    if !input.website.trim().is_empty() {
        return Err(AppError::bad_request(
            "rejected",
            "提交未被接受：请不要填写隐藏的「网址」一栏",
        ));
    }
    let org = orgs::by_code(&app.db, input.org.trim())
        .await?
        .filter(|o| o.active && !matches!(o.kind(), fazhi_domain::org::OrgKind::Village))
        .ok_or_else(|| AppError::field("org", "请从列表中选择受理机关"))?;
    if input.phone.trim().is_empty() {
        return Err(AppError::field("phone", "请填写联系电话，以便告知受理情况和回访"));
    }
    let intake = parse(ComplaintInput {
        org: None,
        channel: Channel::Portal.code().to_owned(),
        class: input.class,
        matter_type: input.matter_type,
        statutory_route: String::new(),
        petitioner_name: input.petitioner_name,
        id_number: input.id_number,
        phone: input.phone,
        address: input.address,
        representatives: String::new(),
        subject: input.subject,
        content: input.content,
        external_number: String::new(),
        received_on: crate::clock::today().to_string(),
        referred: false,
    })?;
    let cal = app.calendar.current().for_region(org.region.as_deref());
    let password = auth::generate_password();
    let hash = {
        let p = password.clone();
        tokio::task::spawn_blocking(move || auth::hash_password(&p)).await??
    };
    let key = receipt_key(app).await?;
    let actor = Actor {
        user_id: None,
        name: "信访人（网上提交）".to_owned(),
    };
    // A clash of two random codes is all but impossible; one retry covers it.
    for _ in 0..2 {
        let code = tracking_code_with("XF");
        let extra = vec![
            ("tracking_code", code.as_str().into()),
            ("password_hash", hash.as_str().into()),
        ];
        let mut tx = app.db.begin().await?;
        match register(&mut tx, &actor, &org, &intake, extra, &cal).await {
            Ok(row) => {
                let text = receipt_text(&org.name, &code, &row);
                store::set(&mut tx, row.id, vec![("receipt_text", text.as_str().into())]).await?;
                tx.commit().await?;
                return Ok(PublicReceipt {
                    receipt: verification(&key, &text),
                    receipt_text: text,
                    code,
                    password,
                    org_name: org.name,
                    received_on: row.received_on,
                    acceptance_due: row.acceptance_due,
                });
            }
            Err(e) if e.kind == ErrorKind::Conflict => continue,
            Err(e) => return Err(e),
        }
    }
    Err(AppError::internal("no free tracking code"))
}

/// A portal case's progress, for the right code and password only: any wrong pair is the same
/// 404, after the same password check.
pub async fn status(app: &App, addr: &str, code: &str, password: &str) -> AppResult<PublicComplaintStatus> {
    let now = std::time::Instant::now();
    app.portal_throttle.check(STATUS, addr, now).map_err(throttled)?;
    let result = status_of(app, code, password).await;
    if result.is_err() {
        app.portal_throttle.record_failure(STATUS, addr, now);
    }
    result
}

async fn status_of(app: &App, code: &str, password: &str) -> AppResult<PublicComplaintStatus> {
    let code = code.trim().to_uppercase();
    if code.len() > MAX_CREDENTIAL || password.len() > MAX_CREDENTIAL {
        return Err(AppError::not_found());
    }
    let found = store::credentials(&app.db, &code).await?;
    let hash = found
        .as_ref()
        .map_or(DUMMY_HASH.to_owned(), |c| c.password_hash.clone());
    let pw = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&pw, &hash)).await?;
    let Some(id) = found.filter(|_| ok).map(|c| c.id) else {
        return Err(AppError::not_found());
    };
    let r = store::get(&app.db, &Scope::everything(), id).await?;
    if r.revision.is_withdrawn() {
        return Err(AppError::not_found());
    }
    Ok(PublicComplaintStatus {
        state: state(&r).to_owned(),
        org_name: r.org_name,
        subject: r.subject,
        received_on: r.received_on,
        acceptance_due: r.acceptance_due,
        decided_on: r.decided_on,
        conclusion_due: r.conclusion_due,
        concluded_on: r.concluded_on,
        outcome: r
            .outcome
            .as_deref()
            .and_then(Outcome::parse)
            .map(|o| o.label().to_owned()),
        opinion: r.opinion,
        remedies: r.remedies,
    })
}

/// A receipt to check: its text as printed and its verification string.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VerifyInput {
    pub receipt_text: String,
    pub verification: String,
}

/// Whether a receipt is genuine, and the case it names if the caller may see it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct VerifyResult {
    pub valid: bool,
    pub message: String,
    pub case_id: Option<i64>,
}

/// Checks a receipt presented by a citizen (staff who read the register): one changed character
/// in the text or in the verification string fails.
pub async fn verify(app: &App, caller: &Caller, i: &VerifyInput) -> AppResult<VerifyResult> {
    caller.require_read(AREA)?;
    if i.receipt_text.chars().count() > 2_000 || i.verification.len() > 64 {
        return Err(AppError::field("receipt_text", "回执内容过长，请只粘贴回执正文"));
    }
    let key = receipt_key(app).await?;
    let expected: Vec<u8> = verification(&key, &i.receipt_text)
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .collect();
    let given: Vec<u8> = i
        .verification
        .to_uppercase()
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .collect();
    // Compared in full whatever differs first, so the time taken tells nothing.
    let valid = expected.len() == given.len()
        && expected.iter().zip(&given).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    let code = normalised(&i.receipt_text)
        .lines()
        .find_map(|l| l.strip_prefix("查询码：").map(str::to_owned));
    let case_id = match (valid, code) {
        (true, Some(code)) => store::by_code(&app.db, &caller.scope, &code).await?,
        _ => None,
    };
    let message = if valid {
        "回执真实：内容与本系统出具的一致".to_owned()
    } else {
        "回执无法验证：内容或验证码与本系统出具的不一致（可能抄错或被改动）".to_owned()
    };
    Ok(VerifyResult {
        valid,
        message,
        case_id,
    })
}

// ---- figures ----

/// Cases counted under one label.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub label: String,
    pub cases: i64,
}

/// The register's figures for a year (valid cases only).
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Figures {
    pub cases: i64,
    pub by_channel: Vec<Count>,
    pub by_class: Vec<Count>,
    pub by_outcome: Vec<Count>,
    /// Cases with an acceptance decision, and of them those told by the acceptance due date.
    pub decided: i64,
    pub decided_on_time: i64,
    /// Concluded cases, and of them those concluded by the conclusion due date (extension
    /// included).
    pub concluded: i64,
    pub concluded_on_time: i64,
    /// Callbacks made, and of them 满意 or 基本满意.
    pub callbacks: i64,
    pub satisfied: i64,
    /// Cases flagged as repeats, and cases reopened after an unsatisfied callback.
    pub repeats: i64,
    pub reopened: i64,
}

fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

impl Figures {
    pub fn acceptance_rate(&self) -> Option<f64> {
        rate(self.decided_on_time, self.decided)
    }
    pub fn conclusion_rate(&self) -> Option<f64> {
        rate(self.concluded_on_time, self.concluded)
    }
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.satisfied, self.callbacks)
    }

    /// The sentence of the annual report's 一(四) (接受监督) on complaints and petitions.
    pub fn report_sentence(&self) -> String {
        if self.cases == 0 {
            return "本年度未受理群众举报投诉和信访事项。".to_owned();
        }
        let pct = |r: Option<f64>| r.map_or_else(|| "—".to_owned(), |r| format!("{r:.1}%"));
        format!(
            "本年度收到群众举报投诉和信访事项{}件，按期告知受理率{}，办结{}件、按期办结率{}，回访满意率{}，重复信访{}件。",
            self.cases,
            pct(self.acceptance_rate()),
            self.concluded,
            pct(self.conclusion_rate()),
            pct(self.satisfaction_rate()),
            self.repeats
        )
    }
}

fn counted(labels: impl Iterator<Item = String>) -> Vec<Count> {
    let mut out: Vec<Count> = Vec::new();
    for l in labels {
        match out.iter_mut().find(|c| c.label == l) {
            Some(c) => c.cases += 1,
            None => out.push(Count { label: l, cases: 1 }),
        }
    }
    out
}

/// The figures of the cases `q` selects (readers of the register only).
pub async fn figures(app: &App, caller: &Caller, q: &YearQuery) -> AppResult<Figures> {
    let (scope, f) = q.valid().resolve(app, caller, AREA).await?;
    let rows = store::all(&app.db, &scope, f).await?;
    let n = |p: &dyn Fn(&ComplaintRow) -> bool| rows.iter().filter(|r| p(r)).count() as i64;
    let on_time = |done: Option<NaiveDate>, due: Option<NaiveDate>| matches!((done, due), (Some(d), Some(u)) if d <= u);
    Ok(Figures {
        cases: rows.len() as i64,
        by_channel: counted(rows.iter().map(|r| Channel::parse(&r.channel).map_or_else(|| r.channel.clone(), |c| c.label().to_owned()))),
        by_class: counted(rows.iter().map(|r| Class::parse(&r.class).map_or_else(|| r.class.clone(), |c| c.label().to_owned()))),
        by_outcome: counted(rows.iter().filter_map(|r| r.outcome.as_deref()).map(|o| Outcome::parse(o).map_or_else(|| o.to_owned(), |c| c.label().to_owned()))),
        decided: n(&|r| r.decided_on.is_some()),
        decided_on_time: n(&|r| on_time(r.decided_on, r.acceptance_due)),
        concluded: n(&|r| r.concluded_on.is_some()),
        concluded_on_time: n(&|r| on_time(r.concluded_on, r.conclusion_due)),
        callbacks: n(&|r| r.satisfaction.is_some()),
        satisfied: n(&|r| {
            r.satisfaction
                .as_deref()
                .and_then(Satisfaction::parse)
                .is_some_and(Satisfaction::counts_as_satisfied)
        }),
        repeats: n(&|r| r.repeat_of.is_some()),
        reopened: n(&|r| r.reopened_from.is_some()),
    })
}

// ---- the 处理意见书 ----

/// The 信访事项处理意见书 of a concluded case (GB/T 9704): claim, facts, reasons, opinion, legal
/// basis and remedies, for whoever may read the case.
pub async fn opinion_document(app: &App, caller: &Caller, id: i64) -> AppResult<(String, Vec<u8>)> {
    let r = load(app, caller, id).await?;
    let (Some(concluded), Some(outcome)) = (
        r.concluded_on,
        r.outcome.as_deref().and_then(Outcome::parse),
    ) else {
        return Err(conflict("not_concluded", "该信访事项尚未出具处理意见，没有意见书可打印"));
    };
    let or_none = |s: &Option<String>| {
        s.clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "（无）".to_owned())
    };
    let remedies = r.remedies.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| {
        "信访人对本处理意见不服的，可以自收到本意见书之日起30日内请求原办理机关的上一级机关复查（信访工作条例 第三十五条）。".to_owned()
    });
    let number = format!("信处〔{}〕{}号", r.year, r.id);
    let doc = OfficialDocument {
        title: "信访事项处理意见书".to_owned(),
        doc_number: Some(number.clone()),
        addressee: Some(r.petitioner_name.clone()),
        blocks: vec![
            Block::Paragraph(format!(
                "你（你们）于{}提出的信访事项（{}）已收悉，本机关于{}依法受理。现提出处理意见如下：",
                r.received_on.format("%Y年%-m月%-d日"),
                r.subject,
                r.accepted_on.map_or_else(String::new, |d| d.format("%Y年%-m月%-d日").to_string()),
            )),
            Block::Heading1("一、信访诉求".to_owned()),
            Block::Paragraph(r.content.clone()),
            Block::Heading1("二、查明的事实".to_owned()),
            Block::Paragraph(or_none(&r.facts)),
            Block::Heading1("三、理由".to_owned()),
            Block::Paragraph(or_none(&r.reasons)),
            Block::Heading1("四、处理意见".to_owned()),
            Block::Paragraph(format!(
                "{}。{}",
                outcome.label(),
                r.opinion.clone().unwrap_or_default()
            )),
            Block::Heading1("五、法律政策依据".to_owned()),
            Block::Paragraph(or_none(&r.legal_basis)),
            Block::Heading1("六、救济途径".to_owned()),
            Block::Paragraph(remedies),
        ],
        signature: Some(Signature {
            organisation: r.org_name.clone(),
            date: concluded,
            seal_note: None,
        }),
    };
    let bytes = tokio::task::spawn_blocking(move || fazhi_docs::render_docx(&doc))
        .await?
        .map_err(AppError::internal)?;
    Ok((format!("信访事项处理意见书-{number}.docx"), bytes))
}

// ---- the kit ----

/// A case's intake as input: the edit form starts from it, a `PATCH` replaces some.
pub fn input_of(r: &ComplaintRow) -> ComplaintInput {
    ComplaintInput {
        org: None,
        channel: r.channel.clone(),
        class: r.class.clone(),
        matter_type: r.matter_type.clone(),
        statutory_route: r.statutory_route.clone().unwrap_or_default(),
        petitioner_name: r.petitioner_name.clone(),
        id_number: r.id_number.clone().unwrap_or_default(),
        phone: r.phone.clone().unwrap_or_default(),
        address: r.address.clone().unwrap_or_default(),
        representatives: r.representatives.clone().unwrap_or_default(),
        subject: r.subject.clone(),
        content: r.content.clone(),
        external_number: r.external_number.clone().unwrap_or_default(),
        received_on: r.received_on.to_string(),
        referred: r.referred,
    }
}

/// An edit checked, with the calendar its dues are counted on.
pub struct Valid {
    intake: Intake,
    cal: Arc<Calendar>,
}

/// The labels people read for the stored codes.
pub fn channel_label(code: &str) -> &str {
    Channel::parse(code).map_or(code, |c| c.label())
}

pub fn class_label(code: &str) -> &str {
    Class::parse(code).map_or(code, |c| c.label())
}

pub fn outcome_label(code: &str) -> &str {
    Outcome::parse(code).map_or(code, |c| c.label())
}

pub fn satisfaction_label(code: &str) -> &str {
    Satisfaction::parse(code).map_or(code, |c| c.label())
}

pub fn acceptance_label(code: &str) -> &str {
    Acceptance::parse(code).map_or(code, |c| c.label())
}

pub fn route_label(code: &str) -> &str {
    StatutoryRoute::parse(code).map_or(code, |c| c.label())
}

/// The register of complaints and petitions, for the kit.
pub struct Complaints;

impl Register for Complaints {
    type Record = ComplaintRow;
    type Input = ComplaintInput;
    type Valid = Valid;

    const AREA: Area = AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("channel", "来源渠道"),
        ("class", "信访事项类别"),
        ("matter_type", "事项类型"),
        ("statutory_route", "法定途径"),
        ("petitioner_name", "信访人"),
        ("id_number", "身份证号"),
        ("phone", "联系电话"),
        ("address", "住址"),
        ("representatives", "走访代表"),
        ("subject", "事项标题"),
        ("content", "主要诉求和事实"),
        ("external_number", "信访系统编号"),
        ("received_on", "收到日期"),
        ("referred", "上级转交"),
        ("acceptance", "受理决定"),
        ("accepted_on", "受理日期"),
        ("decided_on", "告知日期"),
        ("acceptance_note", "受理说明"),
        ("referred_to", "转送机关"),
        ("assignee", "承办单位或承办人"),
        ("assigned_on", "交办日期"),
        ("extension_days", "延长天数"),
        ("extension_approved_by", "延期批准人"),
        ("extension_reason", "延期理由"),
        ("outcome", "处理结果"),
        ("opinion", "处理意见"),
        ("concluded_on", "办结日期"),
        ("satisfaction", "回访结果"),
        ("callback_on", "回访日期"),
        ("review_requested_on", "请求复查日期"),
        ("reviewed_on", "复查意见日期"),
        ("recheck_requested_on", "请求复核日期"),
        ("rechecked_on", "复核意见日期"),
        ("acceptance_due", "告知受理期限"),
        ("conclusion_due", "办结期限"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    fn target(r: &ComplaintRow) -> Target {
        store::target(r)
    }
    fn version(r: &ComplaintRow) -> i64 {
        r.revision.version
    }
    fn is_withdrawn(r: &ComplaintRow) -> bool {
        r.revision.is_withdrawn()
    }

    async fn load(on: On<'_>, scope: &Scope, id: i64) -> Result<ComplaintRow, StorageError> {
        store::get(on, scope, id).await
    }

    async fn current_input(_app: &App, r: &ComplaintRow) -> AppResult<ComplaintInput> {
        Ok(input_of(r))
    }

    async fn check(
        app: &App,
        _caller: &Caller,
        before: &ComplaintRow,
        input: ComplaintInput,
    ) -> AppResult<Valid> {
        let intake = parse(input)?;
        if before.decided_on.is_some_and(|d| d < intake.received_on) {
            return Err(AppError::field(
                "received_on",
                "收到日期不能晚于已作出的受理决定日期",
            ));
        }
        let cal = app.calendar.current().for_region(before.org_region.as_deref());
        Ok(Valid { intake, cal })
    }

    async fn write(tx: &mut Tx, before: &ComplaintRow, v: &Valid) -> AppResult<()> {
        store::LIST.update(tx, before.id, v.intake.columns()).await?;
        refresh(tx, before.id, &v.cal).await?;
        Ok(())
    }

    /// Once the written reply is out, the case it answered is final: a change is a 更正.
    fn is_correction(before: &ComplaintRow, _v: &Valid) -> bool {
        before.concluded_on.is_some()
    }

    async fn on_mark(tx: &mut Tx, r: &ComplaintRow, withdrawn: bool) -> AppResult<()> {
        if withdrawn {
            store_deadlines::settle_all(tx, REGISTER, r.id).await?;
        } else {
            let running: Vec<&str> = RULES
                .into_iter()
                .filter(|code| match *code {
                    ACCEPTANCE => r.acceptance.is_none(),
                    OBJECTION => r.acceptance.is_none() && r.referred,
                    CONCLUSION => is_accepted(r) && r.concluded_on.is_none(),
                    REVIEW_REPLY => r.review_requested_on.is_some() && r.reviewed_on.is_none(),
                    _ => r.recheck_requested_on.is_some() && r.rechecked_on.is_none(),
                })
                .collect();
            store_deadlines::reopen(tx, REGISTER, r.id, &running).await?;
        }
        Ok(())
    }

    fn present(r: ComplaintRow) -> ComplaintRow {
        masked(r)
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        use crate::service::revision::relabel_code;
        relabel_code(change, "来源渠道", |c| Channel::parse(c).map(Channel::label));
        relabel_code(change, "信访事项类别", |c| Class::parse(c).map(Class::label));
        relabel_code(change, "法定途径", |c| StatutoryRoute::parse(c).map(StatutoryRoute::label));
        relabel_code(change, "受理决定", |c| Acceptance::parse(c).map(Acceptance::label));
        relabel_code(change, "处理结果", |c| Outcome::parse(c).map(Outcome::label));
        relabel_code(change, "回访结果", |c| Satisfaction::parse(c).map(Satisfaction::label));
    }

    fn action_label(action: &str) -> Option<&'static str> {
        match action {
            ACCEPT => Some("告知受理决定"),
            REFER => Some("转送或提出异议"),
            ASSIGN => Some("交办"),
            NOTE => Some("记录调查情况"),
            EXTEND => Some("延长办理期限"),
            CONCLUDE => Some("出具处理意见"),
            CALLBACK => Some("满意度回访"),
            REVIEW => Some("记录复查"),
            RECHECK => Some("记录复核"),
            SUPERVISE => Some("督办"),
            SUPERVISION_REPLY => Some("督办回复"),
            _ => None,
        }
    }
}

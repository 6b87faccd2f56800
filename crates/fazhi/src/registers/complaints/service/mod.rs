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
use crate::service::public_intake;
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

mod intake;
mod clock;
mod steps;
mod portal;
mod figures;
mod opinion;
mod dispute_link;

pub use intake::*;
pub use clock::*;
pub use steps::*;
pub use portal::*;
pub use figures::*;
pub use opinion::*;
pub use dispute_link::*;

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
    let (scope, f) = q
        .year
        .resolve_only(app, caller, AREA, store::figure_only)
        .await?;
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
            let mut running: Vec<&str> = RULES
                .into_iter()
                .filter(|code| match *code {
                    ACCEPTANCE => r.acceptance.is_none(),
                    OBJECTION => r.acceptance.is_none() && r.referred,
                    CONCLUSION => is_accepted(r) && r.concluded_on.is_none(),
                    REVIEW_REPLY => r.review_requested_on.is_some() && r.reviewed_on.is_none(),
                    _ => r.recheck_requested_on.is_some() && r.rechecked_on.is_none(),
                })
                .collect();
            if r.supervision_due.is_some() {
                running.push(clock::SUPERVISION_ORDER);
            }
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
            LINK_DISPUTE => Some("关联调解案件"),
            _ => None,
        }
    }
}

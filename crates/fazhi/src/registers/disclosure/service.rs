//! Disclosure requests: registration by staff (a letter, a visit, a fax) and by citizens on the
//! portal, the filtered list with its totals, the reply clock recomputed on every write, the
//! portal's status query, and the register kit's edit, withdraw, restore and history.

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::calendar::Calendar;
use fazhi_domain::disclosure::{
    ApplicantKind, Arrival, Channel, ClockDraft, ConsultedKind, NewRequest, RemedyKind,
    RemedyResult, ReplyType, RequestDraft,
};
use fazhi_domain::mask;
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::{RequestRow, RequestTotals};
use crate::app::App;
use crate::auth;
use crate::error::{AppError, AppResult};
use crate::service::public_intake;
use crate::service::publicity::{date_field, target_org};
use crate::service::revision::Register;
use crate::service::study::checked;
use crate::service::year_lists::{totalled_list, year_list_record};
use crate::service::Caller;
use crate::storage::audit::Actor;
use crate::storage::orgs::{self, Org};
use crate::storage::{Scope, StorageError, Tx};

/// A request as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RequestInput {
    /// Code of the organisation asked; the caller's own when left out. Only on registration.
    pub org: Option<String>,
    /// 申请方式: `in_person`, `registered_post`, `ordinary_post`, `online`, `fax` (or 当面提交 …).
    pub channel: String,
    /// 申请人类型: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他.
    pub applicant_kind: String,
    /// 申请人姓名或名称
    pub applicant_name: String,
    /// 联系电话 (or another way to reach the applicant)
    pub applicant_phone: String,
    /// 所需政府信息的内容描述
    pub information: String,
    /// 获取方式 (纸质、电子邮件、自行领取 …)
    pub form_wanted: String,
    /// 提交日期 (当面提交)
    pub submitted_on: String,
    /// 签收日期 (挂号信、快递)
    pub signed_for_on: String,
    /// 确认日期 (平常信函、互联网、传真)
    pub confirmed_on: String,
    /// 告知补正日期
    pub correction_noticed_on: String,
    /// 收到补正日期
    pub corrected_on: String,
    /// 征求意见开始日期 (第三方或其他机关; not counted)
    pub consulted_from: String,
    /// 征求意见结束日期
    pub consulted_to: String,
    /// 征求意见对象
    pub consulted_whom: String,
    /// 延长工作日数 (at most 20)
    pub extension_days: String,
    /// 延期批准人
    pub extension_approved_by: String,
    /// 答复日期
    pub replied_on: String,
    /// 答复类型 (code or label of the national format's rows)
    pub reply_type: String,
    /// 答复内容
    pub reply_text: String,
}

/// What a citizen fills in on the portal: no dates (the day it is filed is the day both sides
/// confirm it, 政府信息公开条例 第三十一条) and no clock.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PublicRequestInput {
    /// The organisation asked (its code, as the portal lists it).
    pub org: String,
    pub applicant_kind: String,
    pub applicant_name: String,
    pub applicant_phone: String,
    pub information: String,
    pub form_wanted: String,
}

/// What the applicant keeps: the tracking code and the query password, shown once.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Receipt {
    pub code: String,
    pub password: String,
    pub org_name: String,
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
}

/// What the status query answers: nothing about the applicant, only the request's progress.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PublicStatus {
    pub org_name: String,
    pub information: String,
    pub received_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    /// 办理中, 待补正, or 已答复
    pub state: String,
    pub replied_on: Option<NaiveDate>,
    pub reply_type: Option<String>,
    pub reply_text: Option<String>,
}

const AREA: Area = Area::Disclosure;

fn parse_days(field: &str, s: &str, errors: &mut FieldErrors) -> Option<u32> {
    match s.trim() {
        "" => None,
        t => t.parse().ok().or_else(|| {
            errors.insert(field.to_owned(), "请填写工作日数（整数），例如 10".to_owned());
            None
        }),
    }
}

/// Checks a request as entered against the calendar of the organisation it is filed with.
fn parse(input: RequestInput, cal: &Calendar) -> AppResult<NewRequest> {
    let mut own = FieldErrors::new();
    let arrival = Arrival {
        submitted_on: date_field("submitted_on", &input.submitted_on, &mut own),
        signed_for_on: date_field("signed_for_on", &input.signed_for_on, &mut own),
        confirmed_on: date_field("confirmed_on", &input.confirmed_on, &mut own),
    };
    let clock = ClockDraft {
        correction_noticed_on: date_field(
            "correction_noticed_on",
            &input.correction_noticed_on,
            &mut own,
        ),
        corrected_on: date_field("corrected_on", &input.corrected_on, &mut own),
        consulted_from: date_field("consulted_from", &input.consulted_from, &mut own),
        consulted_to: date_field("consulted_to", &input.consulted_to, &mut own),
        consulted_whom: input.consulted_whom,
        extension_days: parse_days("extension_days", &input.extension_days, &mut own),
        extension_approved_by: input.extension_approved_by,
    };
    let draft = RequestDraft {
        replied_on: date_field("replied_on", &input.replied_on, &mut own),
        channel: input.channel,
        applicant_kind: input.applicant_kind,
        applicant_name: input.applicant_name,
        contact: input.applicant_phone,
        information: input.information,
        form_wanted: input.form_wanted,
        arrival,
        clock,
        reply_type: input.reply_type,
        reply_text: input.reply_text,
    };
    checked(NewRequest::parse(draft, cal), own)
}

/// The reply's due date and how it was counted; `None` while a correction is awaited.
fn due(r: &NewRequest, cal: &Calendar) -> Option<(NaiveDate, String)> {
    r.clock
        .reply_due(cal)
        .map(|d| (d.due, d.explanation.lines().join("\n")))
}

/// A request checked against its organisation's calendar, with what follows from it.
pub struct Checked {
    request: NewRequest,
    due: Option<(NaiveDate, String)>,
    region: Option<String>,
}

impl Checked {
    pub(super) fn columns(&self) -> crate::storage::records::Columns {
        store::columns(&self.request, self.due.clone())
    }
}

const REGISTER: &str = "disclosure";
const RULE: &str = "disclosure.request_reply";

/// Keeps the to-do list's deadline in step with the record, in its transaction: running from
/// the clock's start (consultations not counted, the extension added) until the reply; settled
/// while a correction is awaited and once answered or withdrawn.
pub(super) async fn sync_deadline(tx: &mut Tx, id: i64, org_id: i64, c: &Checked) -> AppResult<()> {
    use crate::storage::deadlines as store_deadlines;
    let clock = &c.request.clock;
    match (c.request.replied_on, &c.due, clock.start()) {
        (None, Some((due, _)), Some(start)) => {
            let label = format!(
                "依申请公开：{}",
                c.request.information.chars().take(20).collect::<String>()
            );
            let link = format!("/disclosure-requests/{id}");
            let json = |v: String| Some(v).filter(|v| v != "[]" && v != "null");
            store_deadlines::upsert(
                tx,
                store_deadlines::Upsert {
                    register: REGISTER,
                    record_id: id,
                    org_id,
                    rule_code: RULE,
                    label: &label,
                    link: &link,
                    region: c.region.as_deref(),
                    start,
                    due: *due,
                    provisional: false,
                    suspensions_json: json(
                        serde_json::to_string(&clock.consultations).unwrap_or_default(),
                    ),
                    extensions_json: json(
                        serde_json::to_string(&clock.extension.iter().collect::<Vec<_>>())
                            .unwrap_or_default(),
                    ),
                },
            )
            .await?;
        }
        _ => store_deadlines::settle_all(tx, REGISTER, id).await?,
    }
    Ok(())
}

/// Checks a request against the calendar of the organisation it is filed with (the steps'
/// check too: `steps.rs`).
pub(super) async fn check_on(app: &App, org: &Org, input: RequestInput) -> AppResult<Checked> {
    check(app, org, input).await
}

async fn check(app: &App, org: &Org, input: RequestInput) -> AppResult<Checked> {
    let cal = app.calendar.current().for_region(org.region.as_deref());
    let request = parse(input, &cal)?;
    let due = due(&request, &cal);
    Ok(Checked {
        request,
        due,
        region: org.region.clone(),
    })
}

/// The masked form of a row, for roles that may not see personal data.
fn masked(mut r: RequestRow) -> RequestRow {
    r.applicant_phone = mask::mask_phone(&r.applicant_phone);
    r
}

totalled_list! {
    RequestList { items: RequestRow, totals: RequestTotals }, AREA, store, masked: masked;
    ledger: "政府信息公开申请台账", LEDGER_COLUMNS, ledger_row
}

/// Registers a request received by letter, visit, fax or post.
pub async fn create(app: &App, caller: &Caller, input: RequestInput) -> AppResult<RequestRow> {
    caller.require_write(AREA)?;
    let org = target_org(app, caller, input.org.as_deref()).await?;
    let checked = check(app, &org, input).await?;
    let mut tx = app.db.begin().await?;
    let row: RequestRow = store::LIST
        .register(&mut tx, &caller.actor(), org.id, checked.columns())
        .await?;
    sync_deadline(&mut tx, row.id, org.id, &checked).await?;
    tx.commit().await?;
    Ok(row)
}

/// The organisations a citizen may address: every active town (and county) on this server.
pub async fn portal_orgs(app: &App) -> AppResult<Vec<Org>> {
    Ok(orgs::public_bodies(&app.db).await?)
}

/// A tracking code people can read out: `GK` and ten characters.
fn tracking_code() -> String {
    public_intake::tracking_code_with("GK")
}

/// Files a citizen's request from the portal: received today (第三十一条: 以双方确认之日为收到
/// 申请之日 — the receipt shown is the confirmation), with a tracking code and a query password
/// whose hash is kept.
pub async fn submit(app: &App, addr: &str, input: PublicRequestInput) -> AppResult<Receipt> {
    public_intake::count_submission(app, SUBMIT, addr)?;
    let org = orgs::by_code(&app.db, input.org.trim())
        .await?
        .filter(|o| o.active && !matches!(o.kind(), fazhi_domain::org::OrgKind::Village))
        .ok_or_else(|| AppError::field("org", "请从列表中选择受理申请的机关"))?;
    let today = crate::clock::today();
    let staff_input = RequestInput {
        channel: Channel::Online.code().to_owned(),
        applicant_kind: input.applicant_kind,
        applicant_name: input.applicant_name,
        applicant_phone: input.applicant_phone,
        information: input.information,
        form_wanted: input.form_wanted,
        confirmed_on: today.to_string(),
        ..RequestInput::default()
    };
    let checked = check(app, &org, staff_input).await?;
    // Per applicant too (their phone, digits only): a flood spread over many addresses in one
    // name still waits. Counted once the request is well-formed, so a typo costs nothing.
    let applicant = applicant_key(&checked.request.contact);
    public_intake::count_submission(app, APPLICANT, &applicant)?;
    let password = auth::generate_password();
    let hash = {
        let p = password.clone();
        tokio::task::spawn_blocking(move || auth::hash_password(&p)).await??
    };
    let actor = Actor {
        user_id: None,
        name: "申请人（网上提交）".to_owned(),
    };
    // A clash of two random codes is all but impossible; one retry covers it.
    for _ in 0..2 {
        let code = tracking_code();
        let mut columns = checked.columns();
        columns.push(("tracking_code", code.as_str().into()));
        columns.push(("password_hash", hash.as_str().into()));
        let mut tx = app.db.begin().await?;
        match store::LIST
            .register::<RequestRow>(&mut tx, &actor, org.id, columns)
            .await
        {
            Ok(row) => {
                sync_deadline(&mut tx, row.id, org.id, &checked).await?;
                tx.commit().await?;
                return Ok(Receipt {
                    code,
                    password,
                    org_name: org.name,
                    received_on: row.received_on,
                    due_on: row.due_on,
                });
            }
            Err(StorageError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("no free tracking code"))
}

/// A portal request's progress, for the right code and password only: any wrong pair is the
/// same 404, after the same password check.
pub async fn status(
    app: &App,
    addr: &str,
    code: &str,
    password: &str,
) -> AppResult<PublicStatus> {
    public_intake::throttled_status(app, STATUS, addr, status_of(app, code, password)).await
}

/// The throttle's keys: submissions, and wrong code–password pairs.
const SUBMIT: &str = "portal:disclosure-submit";
const APPLICANT: &str = "portal:disclosure-applicant";

/// One applicant as the throttle and the monthly count know them: the digits of their phone
/// (spaces, dashes and a +86 prefix do not make another applicant).
pub fn applicant_key(contact: &str) -> String {
    let digits: String = contact.chars().filter(char::is_ascii_digit).collect();
    digits
        .strip_prefix("86")
        .filter(|d| d.len() == 11)
        .map(str::to_owned)
        .unwrap_or(digits)
}

/// How many requests (not withdrawn) the applicant of `r` made to the same body in the month
/// `r` was received, `r` included: the 10-a-month free threshold of 国办函〔2020〕109号 (按件计收)
/// is counted per applicant.
pub async fn month_count(app: &App, r: &RequestRow) -> AppResult<i64> {
    use chrono::Datelike;
    let first = r.received_on.with_day(1).unwrap_or(r.received_on);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let phones = store::month_contacts(&app.db, r.org_id, first, next).await?;
    let key = applicant_key(&r.applicant_phone);
    Ok(phones
        .iter()
        .filter(|(name, phone)| {
            applicant_key(phone) == key || (key.is_empty() && *name == r.applicant_name)
        })
        .count() as i64)
}
const STATUS: &str = "portal:disclosure-status";

async fn status_of(app: &App, code: &str, password: &str) -> AppResult<PublicStatus> {
    let id = public_intake::opened_id(app, "disclosure_requests", code, password).await?;
    let r = store::get(&app.db, &Scope::everything(), id).await?;
    if r.revision.is_withdrawn() {
        return Err(AppError::not_found());
    }
    let state = state_of(&r);
    Ok(PublicStatus {
        org_name: r.org_name,
        information: r.information,
        received_on: r.received_on,
        due_on: r.due_on,
        state: state.to_owned(),
        replied_on: r.replied_on,
        reply_type: r
            .reply_type
            .as_deref()
            .and_then(ReplyType::parse)
            .map(|t| t.label().to_owned()),
        reply_text: r.reply_text,
    })
}

/// The ledger's columns, in the order of `ledger_row`.
const LEDGER_COLUMNS: &[&str] = &[
    "收到申请日期",
    "申请方式",
    "申请人类型",
    "申请人",
    "联系电话",
    "申请内容",
    "答复期限",
    "答复日期",
    "答复类型",
    "查询码",
    "受理机关",
];

fn ledger_row(r: RequestRow) -> Vec<String> {
    vec![
        r.received_on.to_string(),
        channel_label(&r.channel).to_owned(),
        applicant_label(&r.applicant_kind).to_owned(),
        r.applicant_name,
        r.applicant_phone,
        r.information,
        date_text(r.due_on),
        date_text(r.replied_on),
        r.reply_type.as_deref().map(reply_label).unwrap_or_default().to_owned(),
        r.tracking_code.unwrap_or_default(),
        r.org_name,
    ]
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A request's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(r: &RequestRow) -> RequestInput {
    RequestInput {
        org: None,
        channel: r.channel.clone(),
        applicant_kind: r.applicant_kind.clone(),
        applicant_name: r.applicant_name.clone(),
        applicant_phone: r.applicant_phone.clone(),
        information: r.information.clone(),
        form_wanted: r.form_wanted.clone().unwrap_or_default(),
        submitted_on: date_text(r.submitted_on),
        signed_for_on: date_text(r.signed_for_on),
        confirmed_on: date_text(r.confirmed_on),
        correction_noticed_on: date_text(r.correction_noticed_on),
        corrected_on: date_text(r.corrected_on),
        consulted_from: date_text(r.consulted_from),
        consulted_to: date_text(r.consulted_to),
        consulted_whom: r.consulted_whom.clone().unwrap_or_default(),
        extension_days: r.extension_days.map(|d| d.to_string()).unwrap_or_default(),
        extension_approved_by: r.extension_approved_by.clone().unwrap_or_default(),
        replied_on: date_text(r.replied_on),
        reply_type: r.reply_type.clone().unwrap_or_default(),
        reply_text: r.reply_text.clone().unwrap_or_default(),
    }
}

/// The labels people read for the stored codes.
pub fn channel_label(code: &str) -> &str {
    Channel::parse(code).map_or(code, |c| c.label())
}

pub fn applicant_label(code: &str) -> &str {
    ApplicantKind::parse(code).map_or(code, |c| c.label())
}

pub fn reply_label(code: &str) -> &str {
    ReplyType::parse(code).map_or(code, |c| c.label())
}

/// The register of disclosure requests, for the kit.
pub struct DisclosureRequests;

impl Register for DisclosureRequests {
    type Record = RequestRow;
    type Input = RequestInput;
    type Valid = Checked;

    const AREA: Area = AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("channel", "申请方式"),
        ("applicant_kind", "申请人类型"),
        ("applicant_name", "申请人"),
        ("applicant_phone", "联系电话"),
        ("information", "申请内容"),
        ("form_wanted", "获取方式"),
        ("received_on", "收到申请日期"),
        ("correction_noticed_on", "告知补正日期"),
        ("corrected_on", "收到补正日期"),
        ("consulted_from", "征求意见开始"),
        ("consulted_to", "征求意见结束"),
        ("extension_days", "延长工作日"),
        ("extension_approved_by", "延期批准人"),
        ("due_on", "答复期限"),
        ("replied_on", "答复日期"),
        ("reply_type", "答复类型"),
        ("reply_text", "答复内容"),
        ("correction_due_on", "补正期限"),
        ("consulted_kind", "征求意见对象类型"),
        ("extension_approved_on", "批准延期日期"),
        ("fee_fen", "信息处理费（分）"),
        ("fee_noticed_on", "收费通知日期"),
        ("fee_paid_on", "缴费日期"),
        ("remedy_kind", "复议、诉讼"),
        ("remedy_filed_on", "提起日期"),
        ("remedy_result", "复议、诉讼结果"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    year_list_record!(RequestRow, store::LIST);

    async fn current_input(_app: &App, r: &RequestRow) -> AppResult<RequestInput> {
        Ok(input_of(r))
    }

    async fn check(
        app: &App,
        _caller: &Caller,
        before: &RequestRow,
        input: RequestInput,
    ) -> AppResult<Self::Valid> {
        let org = orgs::get(&app.db, before.org_id).await?;
        check(app, &org, input).await
    }

    async fn write(tx: &mut Tx, before: &RequestRow, valid: &Checked) -> AppResult<()> {
        store::LIST.update(tx, before.id, valid.columns()).await?;
        sync_deadline(tx, before.id, before.org_id, valid).await
    }

    async fn on_mark(tx: &mut Tx, r: &RequestRow, withdrawn: bool) -> AppResult<()> {
        use crate::storage::deadlines as store_deadlines;
        if withdrawn {
            store_deadlines::settle_all(tx, REGISTER, r.id).await?;
        } else if r.replied_on.is_none() && r.due_on.is_some() {
            store_deadlines::reopen(tx, REGISTER, r.id, &[RULE]).await?;
        }
        Ok(())
    }

    fn present(r: RequestRow) -> RequestRow {
        masked(r)
    }

    fn action_label(action: &str) -> Option<&'static str> {
        super::steps::Step::ALL
            .iter()
            .find(|s| s.action() == action)
            .map(|s| s.label())
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        let which = change.label.clone();
        for v in [&mut change.before, &mut change.after] {
            let label = match which.as_str() {
                "申请方式" => channel_label(v),
                "申请人类型" => applicant_label(v),
                "答复类型" => reply_label(v),
                "征求意见对象类型" => ConsultedKind::parse(v).map_or(v.as_str(), |k| k.label()),
                "复议、诉讼" => RemedyKind::parse(v).map_or(v.as_str(), |k| k.label()),
                "复议、诉讼结果" => RemedyResult::parse(v).map_or(v.as_str(), |k| k.label()),
                _ => continue,
            };
            *v = label.to_owned();
        }
    }
}


/// The annual disclosure report of `org` (the caller's own by default, else one in their
/// subtree; 404 outside it) for `year`, as `format` (`docx`, `html`, `md`).
pub async fn report_file(
    app: &App,
    caller: &Caller,
    org: Option<&str>,
    year: i32,
    format: &str,
) -> AppResult<crate::service::report::Rendered> {
    use crate::service::report::{self, Format};
    let org = report::report_org(app, caller, org).await?;
    let format = Format::parse(format)
        .ok_or_else(|| AppError::field("format", "格式只能是 docx、html 或 md"))?;
    fazhi_domain::record_year(year).map_err(|m| AppError::field("year", m))?;
    super::report::render(app, &org, year, format).await
}

/// Where a request stands, as staff and the applicant read it.
pub fn state_of(r: &RequestRow) -> &'static str {
    let today = crate::clock::today();
    match (r.replied_on, r.correction_noticed_on, r.corrected_on) {
        (Some(_), _, _) => "已答复",
        _ if fazhi_domain::disclosure::abandoned(
            r.correction_noticed_on,
            r.corrected_on,
            r.correction_due_on,
            today,
        ) =>
        {
            "逾期未补正，视为放弃申请"
        }
        (None, Some(_), None) => "待补正",
        _ => "办理中",
    }
}

/// A request's page: the record (personal data masked for roles that may not see it), where
/// it stands, and how many requests its applicant made that month.
pub struct RequestView {
    pub row: RequestRow,
    pub state: &'static str,
    pub month_count: i64,
}

pub async fn view(app: &App, caller: &Caller, id: i64) -> AppResult<RequestView> {
    caller.require_read(AREA)?;
    let row = store::get(&app.db, &caller.scope, id).await?;
    let month_count = month_count(app, &row).await?;
    let state = state_of(&row);
    let row = if caller.role.may_see_personal_data() {
        row
    } else {
        masked(row)
    };
    Ok(RequestView {
        row,
        state,
        month_count,
    })
}

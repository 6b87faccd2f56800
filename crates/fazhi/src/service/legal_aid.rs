//! Legal-aid referrals (法律援助台账): the application passed to the county legal-aid centre,
//! whose decision is due within 7 days and, when aid is granted, a lawyer within 3 days more
//! (法律援助法 Art. 43). Both appear on the to-do list until recorded.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::dispute::AidDecision;
use fazhi_domain::ident::{IdCardNo, MobileNo};
use fazhi_domain::mask;
use fazhi_ledger::{parse_date, RowError, Sheet};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::accounts;
use crate::service::deadlines::{self, DeadlineView, Tracked};
use crate::storage::legal_aid::{self as store, Filter, NewReferral, Referral, Totals};
use crate::storage::{orgs, Scope, Tx, Value};

use super::list_params::{self, some};
use super::list_totals;
use super::Caller;
use crate::storage::linked::Linked;

pub const REGISTER: &str = "legal_aid";
const RULE_DECISION: &str = "legal_aid.decision";
const RULE_ASSIGNMENT: &str = "legal_aid.assignment";

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReferralInput {
    pub applied_on: String,
    pub applicant: String,
    #[serde(default)]
    pub id_no: String,
    #[serde(default)]
    pub phone: String,
    /// Code of the applicant's village (optional).
    #[serde(default)]
    pub village: String,
    pub matter: String,
    /// The legal-aid centre the application is passed to.
    #[serde(default)]
    pub institution: String,
    /// The day the application was passed on; starts the centre's 7-day decision period.
    #[serde(default)]
    pub referred_on: String,
    #[serde(default)]
    pub consultation_id: Option<i64>,
    #[serde(default)]
    pub dispute_id: Option<i64>,
}

/// The transfer to the centre, its decision, or the lawyer it assigned.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralStep {
    /// 给予援助 / 不予援助 (granted / refused), for a decision.
    #[serde(default)]
    pub decision: String,
    /// The date of the decision or assignment.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub lawyer: String,
    /// The legal-aid centre the application is passed to, for a transfer (needed when the
    /// referral does not name one yet).
    #[serde(default)]
    pub institution: String,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ReferralView {
    pub referral: Referral,
    pub decision_label: &'static str,
    pub deadlines: Vec<DeadlineView>,
    /// Whether the ID number and phone are shown in full.
    pub personal_data_shown: bool,
    /// Whether the caller may ask to see them in full.
    pub may_reveal: bool,
}

/// The transfer to the centre (转交) can be recorded once, for a referral saved without its
/// date, while no decision is recorded.
pub fn may_transfer(r: &Referral) -> bool {
    r.referred_on.is_none() && r.decision == AidDecision::Pending.code()
}

/// The centre's decision can be recorded once, while the application is pending.
pub fn may_decide(r: &Referral) -> bool {
    r.decision == AidDecision::Pending.code()
}

/// The lawyer can be recorded once, after aid was granted.
pub fn may_assign(r: &Referral) -> bool {
    r.decision == AidDecision::Granted.code() && r.assigned_on.is_none()
}

/// The referral with its ID number and phone masked: how every page and response shows it
/// unless the caller explicitly asks to see them in full (see [`get`]).
fn masked(mut r: Referral) -> Referral {
    r.id_no = r.id_no.map(|v| mask::mask_id_card(&v));
    r.phone = r.phone.map(|v| mask::mask_phone(&v));
    r
}

fn date(
    errors: &mut BTreeMap<String, String>,
    field: &str,
    label: &str,
    s: &str,
    required: bool,
) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        if required {
            errors.insert(field.into(), format!("请填写{label}，例如 2024-03-05"));
        }
        return None;
    }
    parse_date(s)
        .map_err(|m| {
            errors.insert(field.into(), format!("{label}：{m}"));
        })
        .ok()
}

async fn track(
    tx: &mut Tx,
    app: &App,
    r: &Referral,
    rule: &str,
    start: NaiveDate,
) -> AppResult<()> {
    deadlines::track(
        tx,
        app,
        Tracked {
            register: REGISTER,
            record_id: r.id,
            org_id: r.org_id,
            rule_code: rule,
            start,
            label: &format!("法律援助：{}（{}）", r.applicant, r.matter),
            link: &format!("/legal-aid/{}", r.id),
        },
    )
    .await?;
    Ok(())
}

pub async fn create(app: &App, caller: &Caller, input: NewReferralInput) -> AppResult<Referral> {
    caller.require_write(Area::LegalAid)?;
    super::require_linked(app, caller, Linked::Dispute, input.dispute_id).await?;
    super::require_linked(app, caller, Linked::Consultation, input.consultation_id).await?;
    let mut errors = BTreeMap::new();
    let applied_on = date(
        &mut errors,
        "applied_on",
        "申请日期",
        &input.applied_on,
        true,
    );
    let referred_on = date(
        &mut errors,
        "referred_on",
        "转交日期",
        &input.referred_on,
        false,
    );
    if input.applicant.trim().is_empty() {
        errors.insert("applicant".into(), "请填写申请人姓名".into());
    }
    if input.matter.trim().is_empty() {
        errors.insert("matter".into(), "请填写申请法律援助的事项".into());
    }
    let id_no = match input.id_no.trim() {
        "" => None,
        v => IdCardNo::parse_on(v, super::deadlines::today())
            .map(|i| i.as_str().to_owned())
            .map_err(|e| errors.insert("id_no".into(), e.to_string()))
            .ok(),
    };
    let phone = match input.phone.trim() {
        "" => None,
        v => MobileNo::parse(v)
            .map(|m| m.as_str().to_owned())
            .map_err(|e| errors.insert("phone".into(), e.to_string()))
            .ok(),
    };
    let village = match input.village.trim() {
        "" => None,
        code => {
            let v = orgs::by_code_in(&app.db, &caller.scope, code).await?;
            if v.is_none() {
                errors.insert("village".into(), format!("找不到所属村「{code}」"));
            }
            v
        }
    };
    let (Some(applied_on), true) = (applied_on, errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let org_id = village.as_ref().map_or(caller.org_id, |v| v.id);
    if org_id == 0 {
        return Err(AppError::field("village", "请选择所属村（社区）"));
    }
    let new = NewReferral {
        org_id,
        village_id: village.map(|v| v.id),
        applied_on,
        applicant: input.applicant.trim().to_owned(),
        id_no,
        phone,
        matter: input.matter.trim().to_owned(),
        institution: input.institution.trim().to_owned(),
        referred_on,
        result: String::new(),
        consultation_id: input.consultation_id,
        dispute_id: input.dispute_id,
    };
    let mut tx = app.db.begin().await?;
    let id = store::create(&mut tx, &caller.actor(), &new).await?;
    let r = store::get(&mut tx, &Scope::everything(), id).await?;
    if let Some(start) = referred_on {
        track(&mut tx, app, &r, RULE_DECISION, start).await?;
    }
    tx.commit().await?;
    Ok(masked(r))
}

/// One referral as the caller may see it; `reveal` asks for the full ID number and phone,
/// which only roles that handle cases get, and which is logged.
pub async fn get(app: &App, caller: &Caller, id: i64, reveal: bool) -> AppResult<ReferralView> {
    caller.require_read(Area::LegalAid)?;
    let r = store::get(&app.db, &caller.scope, id).await?;
    let may_reveal = caller.role.may_see_personal_data();
    let shown = reveal && may_reveal && (r.id_no.is_some() || r.phone.is_some());
    if shown {
        accounts::log_personal_data_view(app, caller, REGISTER, id, r.org_id).await?;
    }
    Ok(ReferralView {
        decision_label: AidDecision::parse(&r.decision).map_or("", AidDecision::label),
        deadlines: deadlines::for_record(app, REGISTER, id).await?,
        personal_data_shown: shown,
        may_reveal,
        referral: if shown { r } else { masked(r) },
    })
}

pub async fn list(
    app: &App,
    caller: &Caller,
    year: Option<i32>,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Referral>, i64)> {
    caller.require_read(Area::LegalAid)?;
    let f = Filter {
        year,
        ..Filter::default()
    };
    let totals = cached_totals(app, caller, &f).await?;
    let rows = if list_totals::page_has_rows(offset, totals.total) {
        store::page(&app.db, &caller.scope, &f, limit, offset).await?
    } else {
        Vec::new()
    };
    let rows = rows.into_iter().map(masked).collect();
    Ok((rows, totals.total))
}

/// The filtered set's totals, counted once per version of the register.
async fn cached_totals(app: &App, caller: &Caller, f: &Filter) -> AppResult<Totals> {
    list_totals::cached(
        &app.db,
        &app.legal_aid_totals,
        "legal_aid",
        &caller.scope,
        f,
        || store::totals(&app.db, &caller.scope, f),
    )
    .await
}

/// Starts a step on a referral: the caller may write, the referral is in their scope, and the
/// step is allowed in its current state (otherwise 409 with `refusal`, which says why).
async fn open_step(
    app: &App,
    caller: &Caller,
    id: i64,
    allowed: fn(&Referral) -> bool,
    refusal: &str,
) -> AppResult<(Tx, Referral)> {
    caller.require_write(Area::LegalAid)?;
    let mut tx = app.db.begin().await?;
    let r = store::get(&mut tx, &caller.scope, id).await?;
    if !allowed(&r) {
        return Err(AppError::new(
            ErrorKind::Conflict,
            "invalid_transition",
            refusal,
        ));
    }
    Ok((tx, r))
}

/// Records the day the application was passed to the legal-aid centre (转交法律援助机构),
/// which starts the centre's 7-day decision period.
pub async fn transfer(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ReferralStep,
) -> AppResult<Referral> {
    let (mut tx, r) = open_step(
        app,
        caller,
        id,
        may_transfer,
        "该申请已记录转交日期或已有决定，不能再次转交",
    )
    .await?;
    let mut errors = BTreeMap::new();
    let on = date(&mut errors, "date", "转交日期", &input.date, true);
    if let Some(on) = on.filter(|on| *on < r.applied_on) {
        errors.insert(
            "date".into(),
            format!("转交日期 {on} 早于申请日期 {}", r.applied_on),
        );
    }
    let institution = match input.institution.trim() {
        "" => r.institution.clone(),
        v => v.to_owned(),
    };
    if institution.is_empty() {
        errors.insert("institution".into(), "请填写转交的法律援助机构".into());
    }
    let (Some(on), true) = (on, errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let after = store::update(
        &mut tx,
        &caller.actor(),
        &r,
        "transfer",
        vec![
            ("referred_on", on.into()),
            ("institution", Value::from(institution.as_str())),
        ],
    )
    .await?;
    track(&mut tx, app, &after, RULE_DECISION, on).await?;
    tx.commit().await?;
    Ok(masked(after))
}

/// Records the centre's decision: a refusal needs its reason; a grant starts the 3-day
/// assignment period.
pub async fn decide(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ReferralStep,
) -> AppResult<Referral> {
    let (mut tx, r) =
        open_step(app, caller, id, may_decide, "该申请已有决定，不能再次记录").await?;
    let mut errors = BTreeMap::new();
    let on = date(&mut errors, "date", "决定日期", &input.date, true);
    let decision = AidDecision::parse(&input.decision).filter(|d| *d != AidDecision::Pending);
    if decision.is_none() {
        errors.insert("decision".into(), "请选择 给予援助 或 不予援助".into());
    }
    if decision == Some(AidDecision::Refused) && input.reason.trim().is_empty() {
        errors.insert("reason".into(), "不予援助须填写书面理由".into());
    }
    let (Some(on), Some(decision), true) = (on, decision, errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let after = store::update(
        &mut tx,
        &caller.actor(),
        &r,
        "decide",
        vec![
            ("decision", decision.code().into()),
            ("decided_on", on.into()),
            (
                "refusal_reason",
                Some(input.reason.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .into(),
            ),
        ],
    )
    .await?;
    deadlines::settle(&mut tx, REGISTER, id, RULE_DECISION).await?;
    if decision == AidDecision::Granted {
        track(&mut tx, app, &after, RULE_ASSIGNMENT, on).await?;
    }
    tx.commit().await?;
    Ok(masked(after))
}

/// Records the lawyer the centre assigned.
pub async fn assign(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ReferralStep,
) -> AppResult<Referral> {
    let (mut tx, r) = open_step(
        app,
        caller,
        id,
        may_assign,
        "只有决定给予援助且尚未指派的申请才能记录指派",
    )
    .await?;
    let mut errors = BTreeMap::new();
    let on = date(&mut errors, "date", "指派日期", &input.date, true);
    if input.lawyer.trim().is_empty() {
        errors.insert("lawyer".into(), "请填写指派的律师或法律援助人员".into());
    }
    let (Some(on), true) = (on, errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let after = store::update(
        &mut tx,
        &caller.actor(),
        &r,
        "assign",
        vec![
            ("lawyer", Value::from(input.lawyer.trim())),
            ("assigned_on", on.into()),
        ],
    )
    .await?;
    deadlines::settle(&mut tx, REGISTER, id, RULE_ASSIGNMENT).await?;
    tx.commit().await?;
    Ok(masked(after))
}

pub async fn export_rows(
    app: &App,
    caller: &Caller,
    under: &orgs::Org,
    year: Option<i32>,
) -> AppResult<Vec<Vec<String>>> {
    caller.require_read(Area::LegalAid)?;
    let f = Filter {
        year,
        under: Some(under.scope()),
        ..Filter::default()
    };
    ledger_rows(app, caller, &f).await
}

/// The filtered set in ledger columns, oldest first (the order of a paper ledger).
async fn ledger_rows(app: &App, caller: &Caller, f: &Filter) -> AppResult<Vec<Vec<String>>> {
    let rows = store::all(&app.db, &caller.scope, f).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let result = if r.result.is_empty() {
                AidDecision::parse(&r.decision)
                    .map_or("", AidDecision::label)
                    .to_owned()
            } else {
                r.result
            };
            vec![
                r.applied_on.to_string(),
                r.applicant,
                r.village_name.unwrap_or_default(),
                r.matter,
                r.institution,
                result,
            ]
        })
        .collect())
}

/// Checks every row of a legal-aid ledger and, unless any is bad or this is a dry run, inserts
/// all in one transaction.
pub async fn import_rows(
    app: &App,
    caller: &Caller,
    org: &orgs::Org,
    sheet: &Sheet,
    dry_run: bool,
) -> AppResult<Result<usize, Vec<RowError>>> {
    caller.require_write(Area::LegalAid)?;
    let mut villages: HashMap<String, i64> = HashMap::new();
    for o in orgs::list(&app.db, &org.scope()).await? {
        villages.insert(o.code.clone(), o.id);
        villages.insert(o.name.clone(), o.id);
    }
    let mut errors = Vec::new();
    let mut rows = Vec::with_capacity(sheet.rows.len());
    for row in &sheet.rows {
        let n = row.number;
        let applied = parse_date(row.get("申请日期"))
            .map_err(|m| errors.push(RowError::new(n, "申请日期", m)))
            .ok();
        let village = match row.opt("所属村") {
            None => None,
            Some(v) => match villages.get(v) {
                Some(id) => Some(*id),
                None => {
                    errors.push(RowError::new(
                        n,
                        "所属村",
                        format!("找不到「{v}」：应为{}所辖村（社区）的名称或代码", org.name),
                    ));
                    None
                }
            },
        };
        if row.get("申请人").is_empty() {
            errors.push(RowError::new(n, "申请人", "请填写申请人姓名"));
        }
        if row.get("事项").is_empty() {
            errors.push(RowError::new(n, "事项", "请填写申请法律援助的事项"));
        }
        if let Some(applied_on) = applied {
            rows.push(NewReferral {
                org_id: village.unwrap_or(org.id),
                village_id: village,
                applied_on,
                applicant: row.get("申请人").to_owned(),
                id_no: None,
                phone: None,
                matter: row.get("事项").to_owned(),
                institution: row.get("转交机构").to_owned(),
                referred_on: None,
                result: row.get("结果").to_owned(),
                consultation_id: None,
                dispute_id: None,
            });
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    if dry_run {
        return Ok(Ok(rows.len()));
    }
    let mut tx = app.db.begin().await?;
    store::create_many(&mut tx, &rows).await?;
    super::ledger::audit_import(
        &mut tx,
        &caller.actor(),
        REGISTER,
        "legal-aid",
        org,
        rows.len(),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(rows.len()))
}

// ---------------------------------------------------------------------------------------------
// The staff list page: filters from the query string, totals, and the export of the filtered set

/// List filters as they come from a query string (blank means "any").
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ListParams {
    pub year: Option<String>,
    /// Code of a village or town: its referrals only.
    pub org: Option<String>,
    /// `pending`, `granted`, `refused` (or their Chinese labels).
    pub decision: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

impl ListParams {
    /// The query string of these filters (for pagination and export links).
    pub fn query_string(&self, page: Option<u32>) -> String {
        list_params::query_string(
            &[
                ("year", &self.year),
                ("org", &self.org),
                ("decision", &self.decision),
            ],
            &self.per_page,
            page,
        )
    }
}

async fn filter(app: &App, caller: &Caller, p: &ListParams) -> AppResult<Filter> {
    let mut errors = BTreeMap::new();
    let mut f = Filter {
        year: list_params::year(&mut errors, &p.year),
        under: list_params::under(app, caller, &mut errors, &p.org).await?,
        ..Filter::default()
    };
    if let Some(d) = some(&p.decision) {
        match AidDecision::parse(d) {
            Some(d) => f.decision = Some(d.code().to_owned()),
            None => {
                errors.insert(
                    "decision".into(),
                    "决定应为 待决定、给予援助 或 不予援助".into(),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(AppError::invalid(errors))
    }
}

/// A list line with its decision label.
#[derive(Clone, Debug)]
pub struct ReferralItem {
    pub referral: Referral,
    pub decision_label: &'static str,
}

impl ReferralItem {
    /// CSS class of the decision label.
    pub fn tone(&self) -> &'static str {
        match AidDecision::parse(&self.referral.decision) {
            Some(AidDecision::Granted) => "ok",
            Some(AidDecision::Pending) => "soon",
            _ => "",
        }
    }
}

pub struct ListResult {
    pub items: Vec<ReferralItem>,
    pub totals: Totals,
    pub page: u32,
    pub per_page: u32,
}

/// One page of the filtered list (ID numbers and phones masked, as in every list) and the
/// totals of the set.
pub async fn search(app: &App, caller: &Caller, p: &ListParams) -> AppResult<ListResult> {
    caller.require_read(Area::LegalAid)?;
    let f = filter(app, caller, p).await?;
    let (page, per_page) = list_params::paging(&p.page, &p.per_page);
    let totals = cached_totals(app, caller, &f).await?;
    let offset = i64::from(page - 1) * i64::from(per_page);
    let rows = if list_totals::page_has_rows(offset, totals.total) {
        store::page(&app.db, &caller.scope, &f, i64::from(per_page), offset).await?
    } else {
        Vec::new()
    };
    Ok(ListResult {
        items: rows
            .into_iter()
            .map(|r| ReferralItem {
                decision_label: AidDecision::parse(&r.decision).map_or("", AidDecision::label),
                referral: masked(r),
            })
            .collect(),
        totals,
        page,
        per_page,
    })
}

/// The referrals linked to a dispute the caller may see.
pub async fn for_dispute(
    app: &App,
    caller: &Caller,
    dispute_id: i64,
) -> AppResult<Vec<ReferralItem>> {
    if !caller.role.can_read(Area::LegalAid) {
        return Ok(Vec::new());
    }
    let f = Filter {
        dispute_id: Some(dispute_id),
        ..Filter::default()
    };
    let rows = store::page(&app.db, &caller.scope, &f, 100, 0).await?;
    Ok(rows
        .into_iter()
        .map(|r| ReferralItem {
            decision_label: AidDecision::parse(&r.decision).map_or("", AidDecision::label),
            referral: masked(r),
        })
        .collect())
}

/// The list's filtered set as a ledger file (`法律援助台账-2024-03-05.xlsx`).
pub async fn export_filtered(
    app: &App,
    caller: &Caller,
    p: &ListParams,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    caller.require_read(Area::LegalAid)?;
    let f = filter(app, caller, p).await?;
    let rows = ledger_rows(app, caller, &f).await?;
    let name = format!(
        "{}-{}",
        fazhi_ledger::specs::LEGAL_AID.name,
        super::deadlines::today().format("%Y-%m-%d")
    );
    super::ledger::write(super::ledger::Ledger::LegalAid, name, rows, format).await
}

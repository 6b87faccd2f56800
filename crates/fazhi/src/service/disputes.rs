//! The disputes register: registering cases, the lifecycle steps, the list with its filters and
//! totals, personal-data masking, and the ledger import and export.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use fazhi_domain::access::Area;
use fazhi_domain::dispute::{
    self as rules, Action, AgreementForm, CaseState, CloseInput, Level, PartyKind, Performance,
    Refusal, Risk, Ruling, Sex, Source, Status,
};
use fazhi_domain::ident::{IdCardNo, MobileNo};
use fazhi_domain::mask;
use fazhi_ledger::{parse_amount_fen, parse_date, split_multi, RowError, Sheet, SheetRow};
use serde::{Deserialize, Deserializer, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::deadlines::{self, DeadlineView, Tracked};
use crate::storage::disputes::{
    self as store, ClosingTexts, DisputeRow, Event, Filter, NewDispute, NewEvent, NewParty, Party,
    ReturnVisit, Session, Update,
};
use crate::storage::{orgs, Scope, Tx, Value};

use super::code_lists::{self, ListName};
use super::list_params::some;
use super::{accounts, Caller};
pub use crate::storage::disputes::{Dispute, Totals};

pub const REGISTER: &str = "dispute";
pub const RULE_MONTH: &str = "dispute.mediation_month";
pub const RULE_CONFIRMATION: &str = "dispute.judicial_confirmation";

/// Accepts `true`/`false` (JSON) and the `on`/`1`/`true` a checked HTML checkbox posts.
pub fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum B {
        Bool(bool),
        Text(String),
    }
    Ok(match B::deserialize(d)? {
        B::Bool(b) => b,
        B::Text(s) => matches!(s.trim(), "on" | "1" | "true" | "是" | "yes"),
    })
}

/// A party as entered.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartyInput {
    /// `person` (default) or `organisation`
    #[serde(default)]
    pub kind: String,
    pub name: String,
    /// `male` / `female` (男 / 女)
    #[serde(default)]
    pub sex: String,
    /// 民族, e.g. 汉族、哈萨克族
    #[serde(default)]
    pub ethnicity: String,
    /// 18-digit resident ID number (checked)
    #[serde(default)]
    pub id_no: String,
    /// Mobile number (checked)
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
}

/// A new case as entered on the form or sent to the API. Dates accept 2024-03-05, 2024/3/5 and
/// 2024年3月5日.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDisputeInput {
    /// Case number; generated (e.g. 西大沟调〔2024〕17号) when blank.
    #[serde(default)]
    pub case_no: String,
    pub registered_on: String,
    /// Code of the village where the dispute arose; blank for a town-level case of the town
    /// itself. A village user's cases are always their own village's.
    #[serde(default)]
    pub village: String,
    /// 排查 / 来访 / 电话 / 网络 / 转办 / 法院委派 / 公安移送 / 其他 (or their codes)
    pub source: String,
    /// A dispute type from the code list, e.g. 草场纠纷
    pub dispute_type: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub claims: String,
    /// 低 / 中 / 高 (default 低)
    #[serde(default)]
    pub risk: String,
    /// 村级 / 镇级 (default: 村级 for a village, 镇级 otherwise)
    #[serde(default)]
    pub level: String,
    /// Mediators' names, separated by 、
    #[serde(default)]
    pub mediators: String,
    #[serde(default)]
    pub people_involved: Option<i64>,
    #[serde(default, deserialize_with = "checkbox")]
    pub group_dispute: bool,
    /// Amount involved in yuan, e.g. 12000 or 1.5万
    #[serde(default)]
    pub amount: String,
    /// Reported to the police because the dispute may turn criminal (人民调解法 Art. 25).
    #[serde(default, deserialize_with = "checkbox")]
    pub police_reported: bool,
    #[serde(default)]
    pub police_reported_on: String,
    #[serde(default)]
    pub police_recipient: String,
    /// Register and accept in one step (受理日期 = 登记日期).
    #[serde(default, deserialize_with = "checkbox")]
    pub accept_now: bool,
    pub parties: Vec<PartyInput>,
    /// The consultation this case is registered from (转为纠纷登记); it is linked to the new
    /// case. It must be unlinked and visible to the caller.
    #[serde(default)]
    pub consultation_id: Option<i64>,
    /// The agreement's terms: written by 结案 (调解成功); blank at registration, corrected by an
    /// edit (a 更正 with a reason once the case is closed).
    #[serde(default)]
    pub agreement_terms: String,
    /// Manner, place and time limit of performance (结案).
    #[serde(default)]
    pub performance_terms: String,
    /// Each party's responsibility (结案).
    #[serde(default)]
    pub responsibility: String,
    /// The reason of 不予受理, 调解不成 or 终止 (written by that step).
    #[serde(default)]
    pub outcome_reason: String,
}

/// The fields of a lifecycle step; each step reads the ones it needs.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StepInput {
    /// The date of the step (受理、调解、结案、回访、申请 date); default today.
    pub date: String,
    pub note: String,
    /// Reason for 不予受理 or 终止.
    pub reason: String,
    /// The body a case is transferred to (移交).
    pub target: String,
    pub place: String,
    pub mediators: String,
    /// The session record (调解记录).
    pub record: String,
    /// 调解成功 / 调解不成 / 已终止 (succeeded / failed / terminated)
    pub outcome: String,
    /// 书面 / 口头 / 无
    pub agreement_form: String,
    pub agreement_terms: String,
    /// Manner, place and time limit of performance.
    pub performance_terms: String,
    pub responsibility: String,
    /// Every party, the mediator and the committee seal are on the written agreement.
    #[serde(deserialize_with = "checkbox")]
    pub signatures_complete: bool,
    pub effective_on: String,
    pub overdue_reason: String,
    pub visitor: String,
    /// 待履行 / 部分履行 / 已履行 / 拒不履行
    pub performance: String,
    pub court: String,
    /// 审查中 / 确认有效 / 确认无效
    pub ruling: String,
    pub ruled_on: String,
}

/// List filters as they come from a query string (blank means "any").
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub year: Option<String>,
    /// Code of a village or town: its cases only.
    pub org: Option<String>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub dispute_type: Option<String>,
    pub level: Option<String>,
    pub status: Option<String>,
    pub risk: Option<String>,
    /// A month (1–12) of the chosen year: the cases registered in it (the dashboard's month
    /// points link here).
    pub month: Option<String>,
    /// `none`: only cases without a village (the dashboard's 镇本级 bar).
    pub village: Option<String>,
    /// `1` for open cases past the one-month norm.
    pub overdue: Option<String>,
    /// Words in the case number, parties or summary.
    pub q: Option<String>,
    /// `1` (or `true`): the withdrawn cases (作废) instead of the others.
    pub withdrawn: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

impl ListParams {
    /// The query string of these filters (for pagination and export links).
    pub fn query_string(&self, page: Option<u32>) -> String {
        super::list_params::query_string(
            &[
                ("year", &self.year),
                ("org", &self.org),
                ("type", &self.dispute_type),
                ("level", &self.level),
                ("status", &self.status),
                ("risk", &self.risk),
                ("month", &self.month),
                ("village", &self.village),
                ("overdue", &self.overdue),
                ("q", &self.q),
                ("withdrawn", &self.withdrawn),
            ],
            &self.per_page,
            page,
        )
    }

    pub fn paging(&self) -> (u32, u32) {
        super::list_params::paging(&self.page, &self.per_page)
    }
}

/// Turns query parameters into a storage filter, refusing values that cannot match.
pub async fn filter(app: &App, caller: &Caller, p: &ListParams) -> AppResult<Filter> {
    let mut errors = BTreeMap::new();
    let mut f = Filter {
        year: super::list_params::year(&mut errors, &p.year),
        under: super::list_params::under(app, caller, &mut errors, &p.org).await?,
        dispute_type: some(&p.dispute_type).map(str::to_owned),
        ..Filter::default()
    };
    // A type filter may name an alias (婚姻纠纷): records store the canonical name.
    if let Some(t) = f.dispute_type.take() {
        let lists = code_lists::for_caller(app, caller).await?;
        f.dispute_type = Some(lists.get(ListName::DisputeTypes).canonical(&t));
    }
    if let Some(l) = some(&p.level) {
        match Level::parse(l) {
            Some(l) => f.level = Some(l.code().to_owned()),
            None => {
                errors.insert("level".into(), "调解层级应为 村级 或 镇级".into());
            }
        }
    }
    if let Some(s) = some(&p.status) {
        match Status::parse_ledger(s) {
            Some(s) => f.status = Some(s.code().to_owned()),
            None => {
                errors.insert("status".into(), "没有这个状态，请从列表中选择".into());
            }
        }
    }
    if let Some(r) = some(&p.risk) {
        match Risk::parse(r) {
            Some(r) => f.risk = Some(r.code().to_owned()),
            None => {
                errors.insert("risk".into(), "风险等级应为 低、中 或 高".into());
            }
        }
    }
    if let Some(m) = some(&p.month) {
        match (
            m.parse::<u32>().ok().filter(|m| (1..=12).contains(m)),
            f.year,
        ) {
            (Some(m), Some(_)) => f.month = Some(m),
            (None, _) => {
                errors.insert("month".into(), "月份应为 1 至 12".into());
            }
            (Some(_), None) => {
                errors.insert("month".into(), "按月查看请同时选择年度".into());
            }
        }
    }
    match some(&p.village) {
        None => {}
        Some("none") => f.without_village = true,
        Some(_) => {
            errors.insert("village".into(), "只能选择 none（镇本级）".into());
        }
    }
    if some(&p.overdue).is_some_and(|v| matches!(v, "1" | "true" | "on" | "是")) {
        f.overdue_on = Some(deadlines::today());
    }
    f.q = some(&p.q).map(str::to_owned);
    f.withdrawn = some(&p.withdrawn).is_some_and(|v| matches!(v, "1" | "true"));
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(AppError::invalid(errors))
    }
}

/// A list line with its labels.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DisputeItem {
    #[serde(flatten)]
    pub row: DisputeRow,
    pub status_label: &'static str,
    pub level_label: &'static str,
    pub source_label: &'static str,
    pub risk_label: &'static str,
}

impl DisputeItem {
    fn new(row: DisputeRow) -> DisputeItem {
        DisputeItem {
            status_label: Status::parse(&row.status).map_or("", Status::label),
            level_label: Level::parse(&row.level).map_or("", Level::label),
            source_label: Source::parse(&row.source).map_or("", Source::label),
            risk_label: Risk::parse(&row.risk).map_or("", Risk::label),
            row,
        }
    }

    pub fn status_tone(&self) -> &'static str {
        Status::parse(&self.row.status).map_or("", Status::tone)
    }

    pub fn village(&self) -> &str {
        self.row
            .village_name
            .as_deref()
            .unwrap_or(&self.row.org_name)
    }
}

pub struct ListResult {
    pub items: Vec<DisputeItem>,
    pub totals: Totals,
    pub page: u32,
    pub per_page: u32,
}

pub async fn list(app: &App, caller: &Caller, p: &ListParams) -> AppResult<ListResult> {
    caller.require_read(Area::Disputes)?;
    let f = filter(app, caller, p).await?;
    let (page, per_page) = p.paging();
    let offset = i64::from(page - 1) * i64::from(per_page);
    let (totals, lookup) = cached_totals(app, caller, &f, offset + i64::from(per_page)).await?;
    // A page past the last match (every page of a search that found nothing) is empty; without
    // an index, finding that out would read the whole register a second time.
    let rows = if offset >= totals.total {
        Vec::new()
    } else {
        store::page(
            &app.db,
            &caller.scope,
            &f,
            lookup,
            i64::from(per_page),
            offset,
        )
        .await?
    };
    Ok(ListResult {
        items: rows.into_iter().map(DisputeItem::new).collect(),
        totals,
        page,
        per_page,
    })
}

/// A search walks the newest cases instead of looking its words up when that walk should find
/// the page within this many cases (the set's size × the cases wanted ÷ the matches): a walk
/// reads cases one by one, the lookup reads all its matches and sorts them. At 100,000 cases a
/// page of 25 walks from 5,000 matches on; in a town's 3,000 cases, from 150.
const WALK_ROWS: i64 = 500;

/// Up to this many cases in the filtered set without its words (a town's decade is ~3,300), the
/// matches are counted by reading those cases rather than the index: the index is the whole
/// database's, and a common word's entries in a province (430,000 for 草场纠纷) cost more to
/// read than the town's cases (137 → a few ms, docs/scaling.md).
const SMALL_SET: i64 = 10_000;

/// The filtered set's totals, counted once per version of the register, and how its words are
/// best found for a page of which `wanted` cases are needed (storage/search.rs): walking the
/// newest cases when the words are dense enough to fill it soon, else the index. The overdue
/// filter also depends on the date and on deadlines, so it is always counted afresh.
async fn cached_totals(
    app: &App,
    caller: &Caller,
    f: &store::Filter,
    wanted: i64,
) -> AppResult<(Totals, store::WordLookup)> {
    if f.overdue_on.is_some() {
        let totals = store::totals(&app.db, &caller.scope, f, store::WordLookup::Index).await?;
        return Ok((totals, store::WordLookup::Index));
    }
    let version = store::version(&app.db).await?;
    let count = |f: store::Filter, lookup| {
        let key = format!("{:?}|{:?}", caller.scope, f);
        app.dispute_totals
            .get_or_count(key, version, move || async move {
                store::totals(&app.db, &caller.scope, &f, lookup).await
            })
    };
    if f.q.is_none() {
        return Ok((
            count(f.clone(), store::WordLookup::Index).await?,
            store::WordLookup::Index,
        ));
    }
    let unsearched = count(
        store::Filter {
            q: None,
            ..f.clone()
        },
        store::WordLookup::Index,
    )
    .await?;
    let counted_by = if unsearched.total <= SMALL_SET {
        store::WordLookup::Scan
    } else {
        store::WordLookup::Index
    };
    let totals = count(f.clone(), counted_by).await?;
    let lookup = if walk_finds_page(unsearched.total, totals.total, wanted) {
        store::WordLookup::Scan
    } else {
        store::WordLookup::Index
    };
    Ok((totals, lookup))
}

/// Whether walking the newest of `cases` finds `wanted` of `matches` within [`WALK_ROWS`].
fn walk_finds_page(cases: i64, matches: i64, wanted: i64) -> bool {
    matches > 0 && cases.saturating_mul(wanted) <= WALK_ROWS.saturating_mul(matches)
}

/// A party as shown: ID number and phone masked unless the caller asked to see them and may.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct PartyView {
    pub position: i64,
    pub kind: String,
    pub kind_label: &'static str,
    pub name: String,
    pub sex: Option<String>,
    pub sex_label: &'static str,
    pub ethnicity: Option<String>,
    pub id_no: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

impl PartyView {
    fn new(p: Party, reveal: bool) -> PartyView {
        PartyView {
            position: p.position,
            kind_label: PartyKind::parse(&p.kind).map_or("", PartyKind::label),
            sex_label: p.sex.as_deref().and_then(Sex::parse).map_or("", Sex::label),
            id_no: p
                .id_no
                .map(|v| if reveal { v } else { mask::mask_id_card(&v) }),
            phone: p
                .phone
                .map(|v| if reveal { v } else { mask::mask_phone(&v) }),
            kind: p.kind,
            name: p.name,
            sex: p.sex,
            ethnicity: p.ethnicity,
            address: p.address,
        }
    }
}

/// A step the caller may take now.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct StepView {
    pub code: &'static str,
    pub label: &'static str,
}

/// A case with everything its page shows.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DisputeView {
    pub dispute: Dispute,
    pub status_label: &'static str,
    pub level_label: &'static str,
    pub source_label: &'static str,
    pub risk_label: &'static str,
    pub agreement_form_label: &'static str,
    pub performance_label: &'static str,
    pub ruling_label: &'static str,
    /// Whether the agreement is in effect (written: all signatures and the seal recorded).
    pub agreement_in_effect: bool,
    pub parties: Vec<PartyView>,
    /// Whether ID numbers and phones are shown in full.
    pub personal_data_shown: bool,
    /// Whether the caller may ask to see them in full.
    pub may_reveal: bool,
    pub sessions: Vec<Session>,
    pub events: Vec<EventView>,
    pub return_visits: Vec<ReturnVisit>,
    pub deadlines: Vec<DeadlineView>,
    pub allowed: Vec<StepView>,
    /// Photos, scans and recordings.
    pub attachments: Vec<crate::storage::attachments::Attachment>,
    /// Whether the caller may attach files.
    pub may_attach: bool,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct EventView {
    #[serde(flatten)]
    pub event: Event,
    pub action_label: &'static str,
    pub to_status_label: &'static str,
    pub level_label: &'static str,
}

fn action_label(code: &str) -> &'static str {
    match code {
        "register" => "登记",
        "import" => "台账导入",
        "escalate" => "上报镇级调解",
        super::dispute_plans::ACTION => "重大矛盾纠纷调处方案",
        other => Action::ALL
            .iter()
            .find(|a| a.code() == other)
            .map_or("", |a| a.label()),
    }
}

fn case_state(d: &Dispute) -> CaseState {
    CaseState {
        status: Status::parse(&d.status).unwrap_or(Status::Registered),
        level: Level::parse(&d.level).unwrap_or(Level::Village),
        agreement_effective_on: d.agreement_effective_on,
    }
}

/// One case as the caller may see it; `reveal` asks for full ID numbers and phones, which is
/// logged.
pub async fn get(app: &App, caller: &Caller, id: i64, reveal: bool) -> AppResult<DisputeView> {
    caller.require_read(Area::Disputes)?;
    let file = store::case_file(&app.db, &caller.scope, id).await?;
    let d = file.dispute;
    let may_reveal = caller.role.may_see_personal_data();
    let parties = file.parties;
    let shown = reveal
        && may_reveal
        && parties
            .iter()
            .any(|p| p.id_no.is_some() || p.phone.is_some());
    if shown {
        accounts::log_personal_data_view(app, caller, REGISTER, id, d.org_id).await?;
    }
    let state = case_state(&d);
    // A withdrawn case takes no steps until it is restored.
    let allowed = rules::allowed_actions(caller.role, &state)
        .into_iter()
        .filter(|_| d.withdrawn_at.is_none())
        .map(|a| StepView {
            code: a.code(),
            label: a.label(),
        })
        .collect();
    let events = file
        .events
        .into_iter()
        .map(|e| EventView {
            action_label: action_label(&e.action),
            to_status_label: Status::parse(&e.to_status).map_or("", Status::label),
            level_label: Level::parse(&e.level).map_or("", Level::label),
            event: e,
        })
        .collect();
    Ok(DisputeView {
        status_label: state.status.label(),
        level_label: state.level.label(),
        source_label: Source::parse(&d.source).map_or("", Source::label),
        risk_label: Risk::parse(&d.risk).map_or("", Risk::label),
        agreement_form_label: AgreementForm::parse(&d.agreement_form)
            .map_or("", AgreementForm::label),
        performance_label: d
            .performance
            .as_deref()
            .and_then(Performance::parse)
            .map_or("", Performance::label),
        ruling_label: d
            .confirmation_ruling
            .as_deref()
            .and_then(Ruling::parse)
            .map_or("", Ruling::label),
        agreement_in_effect: d.agreement_effective_on.is_some(),
        parties: parties
            .into_iter()
            .map(|p| PartyView::new(p, shown))
            .collect(),
        personal_data_shown: shown,
        may_reveal,
        sessions: file.sessions,
        events,
        return_visits: file.return_visits,
        deadlines: deadlines::views(app, &file.deadlines),
        allowed,
        attachments: file.attachments,
        may_attach: caller.role.can_write(Area::Disputes),
        dispute: d,
    })
}

fn date_field(
    errors: &mut BTreeMap<String, String>,
    field: &str,
    label: &str,
    input: &str,
    required: bool,
) -> Option<NaiveDate> {
    let input = input.trim();
    if input.is_empty() {
        if required {
            errors.insert(field.to_owned(), format!("请填写{label}，例如 2024-03-05"));
        }
        return None;
    }
    match parse_date(input) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.insert(field.to_owned(), format!("{label}：{m}"));
            None
        }
    }
}

fn opt_text(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn check_party(
    errors: &mut BTreeMap<String, String>,
    i: usize,
    p: &PartyInput,
) -> Option<NewParty> {
    let n = i + 1;
    let name = p.name.trim();
    if name.is_empty() {
        errors.insert(
            format!("party{n}_name"),
            format!("请填写第{n}位当事人的姓名或单位名称"),
        );
    } else if name.chars().count() > fazhi_domain::dispute::MAX_NAME {
        errors.insert(
            format!("party{n}_name"),
            format!(
                "第{n}位当事人的姓名或单位名称不能超过 {} 字",
                fazhi_domain::dispute::MAX_NAME
            ),
        );
    }
    let kind = match p.kind.trim() {
        "" => Some(PartyKind::Person),
        k => PartyKind::parse(k),
    };
    if kind.is_none() {
        errors.insert(
            format!("party{n}_kind"),
            format!("第{n}位当事人类型应为 自然人 或 法人或其他组织"),
        );
    }
    let sex = match p.sex.trim() {
        "" => None,
        s => match Sex::parse(s) {
            Some(s) => Some(s.code().to_owned()),
            None => {
                errors.insert(
                    format!("party{n}_sex"),
                    format!("第{n}位当事人性别应为 男 或 女"),
                );
                None
            }
        },
    };
    let id_no = match p.id_no.trim() {
        "" => None,
        v => match IdCardNo::parse_on(v, deadlines::today()) {
            Ok(id) => Some(id.as_str().to_owned()),
            Err(e) => {
                errors.insert(format!("party{n}_id_no"), format!("第{n}位当事人{e}"));
                None
            }
        },
    };
    let phone = match p.phone.trim() {
        "" => None,
        v => match MobileNo::parse(v) {
            Ok(m) => Some(m.as_str().to_owned()),
            Err(e) => {
                errors.insert(format!("party{n}_phone"), format!("第{n}位当事人{e}"));
                None
            }
        },
    };
    Some(NewParty {
        kind: kind?.code().to_owned(),
        name: name.to_owned(),
        sex,
        ethnicity: opt_text(&p.ethnicity),
        id_no,
        phone,
        address: opt_text(&p.address),
    })
    .filter(|_| !name.is_empty())
}

/// A registration or an edit that passed the register's checks ([`check_input`]).
pub struct Checked {
    /// The case as it will be stored; at registration a blank `case_no` is generated.
    pub dispute: NewDispute,
    pub town: orgs::Org,
    /// The consultation a new case is registered from.
    pub consultation: Option<crate::storage::consultations::Consultation>,
    /// The texts a closing step wrote, as corrected (all blank for a new case).
    pub closing: ClosingTexts,
}

/// The register's one validation of a case as entered (the form, the API, a `PATCH`): for a new
/// case (`before` is `None`) or an edit of `before`, with the same fields, rules and messages.
/// Parties' ID numbers and phones are checked. An edit keeps what only steps change (the state,
/// the level, the steps' dates) and may change a closing step's texts only where the case has
/// them.
pub async fn check_input(
    app: &App,
    caller: &Caller,
    input: NewDisputeInput,
    before: Option<&Dispute>,
) -> AppResult<Checked> {
    let mut errors = BTreeMap::new();
    let registered_on = date_field(
        &mut errors,
        "registered_on",
        "登记日期",
        &input.registered_on,
        true,
    );
    if registered_on.is_some_and(|d| d > deadlines::today()) {
        errors.insert("registered_on".into(), "登记日期不能晚于今天".into());
    }
    if let (Some(r), Some(b)) = (registered_on, before) {
        // The steps taken since stay where they are: registration comes first.
        for (step, label) in [
            (b.accepted_on, "受理日期"),
            (b.escalated_on, "上报日期"),
            (b.closed_on, "结案日期"),
        ] {
            if let Some(on) = step.filter(|on| r > *on) {
                errors.insert(
                    "registered_on".into(),
                    format!("登记日期不能晚于{label} {on}"),
                );
            }
        }
    }
    let risk = match input.risk.trim() {
        "" => Some(Risk::Low),
        r => Risk::parse(r),
    };
    if risk.is_none() {
        errors.insert("risk".into(), "风险等级应为 低、中 或 高".into());
    }
    if input.summary.trim().is_empty() {
        errors.insert("summary".into(), "请简要写明纠纷情况".into());
    }
    for (field, label, text) in [
        ("summary", "简要情况", &input.summary),
        ("claims", "当事人诉求", &input.claims),
    ] {
        if text.trim().chars().count() > fazhi_domain::dispute::MAX_TEXT {
            errors.insert(
                field.into(),
                format!(
                    "{label}不能超过 {} 字，请精简",
                    fazhi_domain::dispute::MAX_TEXT
                ),
            );
        }
    }
    // Where the case belongs: the village named (or the caller's own village), else the
    // caller's organisation.
    let caller_org = if caller.org_id != 0 {
        Some(orgs::get(&app.db, caller.org_id).await?)
    } else {
        None
    };
    let village = match input.village.trim() {
        "" => caller_org
            .clone()
            .filter(|o| o.kind() == fazhi_domain::org::OrgKind::Village),
        code => match orgs::by_code_in(&app.db, &caller.scope, code).await? {
            Some(o) if o.kind() == fazhi_domain::org::OrgKind::Village => Some(o),
            _ => {
                errors.insert(
                    "village".into(),
                    format!("找不到所属村「{code}」，请从列表中选择"),
                );
                None
            }
        },
    };
    // An edit without a village stays with the organisation handling the case.
    let home = match (&village, before) {
        (Some(v), _) => Some(v.clone()),
        (None, Some(b)) => Some(orgs::get(&app.db, b.org_id).await?),
        (None, None) => caller_org,
    };
    let town = match &home {
        Some(o) => orgs::town_of(&app.db, o).await?,
        None => None,
    };
    if town.is_none() && !errors.contains_key("village") {
        errors.insert(
            "village".into(),
            "请选择纠纷所属的村（社区）；案件须属于某个乡镇".into(),
        );
    }
    if let (Some(t), Some(b)) = (&town, before) {
        if t.id != b.town_id {
            errors.insert(
                "village".into(),
                "案件不能改到其他乡镇；请选择本镇的村（社区）".into(),
            );
        }
    }
    // Checked against the code lists of the organisation the case belongs to (its own codes,
    // its town's and county's, and the national ones).
    let lists = match &home {
        Some(o) => code_lists::for_org(app, o).await?,
        None => code_lists::for_caller(app, caller).await?,
    };
    let org_code = home.as_ref().map(|o| o.code.as_str());
    let kept_source = before
        .and_then(|b| Source::parse(&b.source))
        .map(Source::label);
    let source = match code_lists::check(
        &lists,
        ListName::DisputeSources,
        &input.source,
        kept_source,
        org_code,
    ) {
        Ok(c) => c.and_then(|c| Source::parse(c.code.as_deref().unwrap_or(&c.name))),
        Err(m) => {
            errors.insert("source".into(), m);
            None
        }
    };
    if source.is_none() && !errors.contains_key("source") {
        errors.insert(
            "source".into(),
            "请选择来源：排查、来访、电话、网络、转办、法院委派、公安移送或其他".into(),
        );
    }
    let kept_type = before.map(|b| b.dispute_type.as_str());
    let dispute_type = match code_lists::check(
        &lists,
        ListName::DisputeTypes,
        &input.dispute_type,
        kept_type,
        org_code,
    ) {
        Ok(c) => c.map(|c| c.name),
        Err(m) => {
            errors.insert("dispute_type".into(), m);
            None
        }
    };
    if dispute_type.is_none() && !errors.contains_key("dispute_type") {
        errors.insert(
            "dispute_type".into(),
            "请从列表中选择纠纷类型，例如 草场纠纷".into(),
        );
    }
    // The level is the registration's or escalation's (a step), never an edit's.
    let level_input = before.map_or(input.level.as_str(), |b| b.level.as_str());
    let level = match level_input.trim() {
        "" => Some(if village.is_some() {
            Level::Village
        } else {
            Level::Town
        }),
        l => Level::parse(l),
    };
    match level {
        None => {
            errors.insert("level".into(), "调解层级应为 村级 或 镇级".into());
        }
        Some(Level::Village) if village.is_none() && !errors.contains_key("village") => {
            errors.insert("level".into(), "村级调解的案件须选择所属村".into());
        }
        _ => {}
    }
    if input.parties.iter().all(|p| p.name.trim().is_empty()) {
        errors.insert("party1_name".into(), "请至少填写一位当事人".into());
    }
    if input.parties.len() > fazhi_domain::dispute::MAX_PARTIES {
        // Refused before each party is checked: the list's length is the problem.
        let message = fazhi_domain::dispute::too_many_parties(input.parties.len());
        errors.insert("party1_name".into(), message);
        return Err(AppError::invalid(errors));
    }
    // A row left blank (or emptied to remove a party) is no party.
    let parties: Vec<NewParty> = input
        .parties
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            !p.name.trim().is_empty() || !p.id_no.trim().is_empty() || !p.phone.trim().is_empty()
        })
        .filter_map(|(i, p)| check_party(&mut errors, i, p))
        .collect();
    let amount_fen = match parse_amount_fen(&input.amount) {
        Ok(v) => v,
        Err(m) => {
            errors.insert("amount".into(), format!("涉及金额：{m}"));
            None
        }
    };
    let police_reported_on = date_field(
        &mut errors,
        "police_reported_on",
        "报告公安机关的日期",
        &input.police_reported_on,
        input.police_reported,
    );
    let consultation = match input.consultation_id.filter(|_| before.is_none()) {
        None => None,
        Some(cid) => {
            caller.require_write(Area::Consultations)?;
            match crate::storage::consultations::get(&app.db, &caller.scope, cid).await {
                Ok(c) if c.dispute_id.is_none() => Some(c),
                Ok(_) => {
                    errors.insert(
                        "consultation_id".into(),
                        "该法律咨询已关联纠纷案件，不能再次转为纠纷登记".into(),
                    );
                    None
                }
                // Another town's consultation, or none: 404 like every named id
                // (`super::require_linked`).
                Err(crate::storage::StorageError::NotFound) => return Err(AppError::not_found()),
                Err(e) => return Err(e.into()),
            }
        }
    };
    if let Some(n) = input.people_involved {
        if !(0..=100_000).contains(&n) {
            errors.insert(
                "people_involved".into(),
                "涉及人数请填写 0 以上的整数".into(),
            );
        }
    }
    let state = before.and_then(|b| Status::parse(&b.status));
    let form = before
        .and_then(|b| AgreementForm::parse(&b.agreement_form))
        .unwrap_or(AgreementForm::NoAgreement);
    let closing_draft = rules::correction::ClosingDraft {
        agreement_terms: &input.agreement_terms,
        performance_terms: &input.performance_terms,
        responsibility: &input.responsibility,
        outcome_reason: &input.outcome_reason,
    };
    for (field, message) in rules::correction::check_closing(state, form, &closing_draft) {
        errors.entry(field.to_owned()).or_insert(message);
    }
    let (
        Some(registered_on),
        Some(source),
        Some(dispute_type),
        Some(risk),
        Some(level),
        Some(town),
        Some(home),
        true,
    ) = (
        registered_on,
        source,
        dispute_type,
        risk,
        level,
        town,
        home,
        errors.is_empty(),
    )
    else {
        return Err(AppError::invalid(errors));
    };
    // A town-level case is handled (and seen) by the town; a village-level one by the village.
    let org_id = if level == Level::Town {
        town.id
    } else {
        home.id
    };
    let year = registered_on.year();
    let status = match before {
        Some(b) => b.status.clone(),
        None if input.accept_now => Status::Accepted.code().to_owned(),
        None => Status::Registered.code().to_owned(),
    };
    // An edit leaving the number blank keeps it; a new number continues the same sequence.
    let case_no = match (input.case_no.trim(), before) {
        ("", Some(b)) => b.case_no.clone(),
        (given, _) => given.to_owned(),
    };
    let case_seq = match before {
        Some(b) if b.case_no == case_no => b.case_seq,
        Some(b) => rules::case_no_seq(
            rules::DEFAULT_CASE_NO_PATTERN,
            &town.name,
            b.case_year as i32,
            &case_no,
        ),
        None => None,
    };
    let dispute = NewDispute {
        org_id,
        town_id: town.id,
        village_id: village.as_ref().map(|v| v.id),
        case_no,
        case_year: before.map_or(i64::from(year), |b| b.case_year),
        case_seq,
        registered_on,
        accepted_on: match before {
            Some(b) => b.accepted_on,
            None => input.accept_now.then_some(registered_on),
        },
        source: source.code().to_owned(),
        dispute_type: dispute_type.to_owned(),
        summary: input.summary.trim().to_owned(),
        claims: input.claims.trim().to_owned(),
        risk: risk.code().to_owned(),
        level: level.code().to_owned(),
        status,
        mediators: input.mediators.trim().to_owned(),
        people_involved: input.people_involved.unwrap_or(parties.len() as i64),
        group_dispute: input.group_dispute,
        amount_fen,
        closed_on: before.and_then(|b| b.closed_on),
        agreement_form: form.code().to_owned(),
        police_reported: input.police_reported,
        police_reported_on,
        police_recipient: opt_text(&input.police_recipient),
        parties,
    };
    Ok(Checked {
        dispute,
        town,
        consultation,
        closing: ClosingTexts {
            agreement_terms: opt_text(&input.agreement_terms),
            performance_terms: opt_text(&input.performance_terms),
            responsibility: opt_text(&input.responsibility),
            outcome_reason: opt_text(&input.outcome_reason),
        },
    })
}

/// Registers a case (checked by [`check_input`]); the case number is generated per town and
/// year when not given.
pub async fn create(app: &App, caller: &Caller, input: NewDisputeInput) -> AppResult<Dispute> {
    caller.require_write(Area::Disputes)?;
    let accept_now = input.accept_now;
    let Checked {
        dispute: mut new,
        town,
        consultation,
        ..
    } = check_input(app, caller, input, None).await?;
    let year = new.registered_on.year();
    let mut tx = app.db.begin().await?;
    if new.case_no.is_empty() {
        let seq = store::max_case_seq(&mut tx, town.id, year).await? + 1;
        new.case_no = rules::format_case_no(rules::DEFAULT_CASE_NO_PATTERN, &town.name, year, seq);
        new.case_seq = Some(seq);
    } else {
        new.case_seq = rules::case_no_seq(
            rules::DEFAULT_CASE_NO_PATTERN,
            &town.name,
            year,
            &new.case_no,
        );
    }
    let id = store::create(&mut tx, &caller.actor(), &new).await?;
    if let Some(c) = &consultation {
        let linked =
            crate::storage::consultations::link_dispute(&mut tx, &caller.actor(), c, id).await?;
        if linked.is_none() {
            return Err(AppError::new(
                ErrorKind::Conflict,
                "consultation_linked",
                "该法律咨询已关联纠纷案件，不能再次转为纠纷登记",
            ));
        }
    }
    if accept_now {
        track_month(
            &mut tx,
            app,
            id,
            new.org_id,
            new.registered_on,
            &new.case_no,
        )
        .await?;
    }
    let d = store::get(&mut tx, &Scope::everything(), id).await?;
    tx.commit().await?;
    Ok(d)
}

async fn track_month(
    tx: &mut Tx,
    app: &App,
    id: i64,
    org_id: i64,
    start: NaiveDate,
    case_no: &str,
) -> AppResult<()> {
    deadlines::track(
        tx,
        app,
        Tracked {
            register: REGISTER,
            record_id: id,
            org_id,
            rule_code: RULE_MONTH,
            start,
            label: case_no,
            link: &format!("/disputes/{id}"),
        },
    )
    .await?;
    Ok(())
}

fn refusal(r: Refusal) -> AppError {
    match r {
        Refusal::Role => AppError::forbidden(),
        Refusal::Missing { field, message } => AppError::field(field, message),
        Refusal::ConfirmationLate { .. } => AppError::field("date", r.to_string()),
        other => AppError::new(ErrorKind::Conflict, "invalid_transition", other.to_string()),
    }
}

/// Opens the write transaction of a step: the case within the caller's scope (else 404), and
/// the lifecycle's permission for `action`.
async fn begin_step(
    app: &App,
    caller: &Caller,
    id: i64,
    action: Action,
) -> AppResult<(Tx, Dispute)> {
    caller.require_read(Area::Disputes)?;
    let mut tx = app.db.begin().await?;
    let d = store::get(&mut tx, &caller.scope, id).await?;
    if d.withdrawn_at.is_some() {
        return Err(super::revision::withdrawn_refusal());
    }
    rules::check(caller.role, &case_state(&d), action).map_err(refusal)?;
    Ok((tx, d))
}

fn step_date(errors: &mut BTreeMap<String, String>, input: &StepInput, label: &str) -> NaiveDate {
    date_field(errors, "date", label, &input.date, false).unwrap_or_else(deadlines::today)
}

fn not_before(
    errors: &mut BTreeMap<String, String>,
    date: NaiveDate,
    earliest: NaiveDate,
    label: &str,
) {
    if date < earliest {
        errors.insert("date".into(), format!("{label}不能早于登记日期 {earliest}"));
    }
    if date > deadlines::today() {
        errors.insert("date".into(), format!("{label}不能晚于今天"));
    }
}

/// A step the caller dates, begun: its write transaction, the case, the step's date (today when
/// blank, never before the registration nor after today) and the field errors found so far.
struct DatedStep {
    tx: Tx,
    d: Dispute,
    action: Action,
    on: NaiveDate,
    errors: BTreeMap<String, String>,
}

/// Begins `action` on case `id` (see [`begin_step`]) dated by `input`, the date named `label`.
async fn begin_dated(
    app: &App,
    caller: &Caller,
    id: i64,
    action: Action,
    input: &StepInput,
    label: &str,
) -> AppResult<DatedStep> {
    let (tx, d) = begin_step(app, caller, id, action).await?;
    let mut errors = BTreeMap::new();
    let on = step_date(&mut errors, input, label);
    not_before(&mut errors, on, d.registered_on, label);
    Ok(DatedStep {
        tx,
        d,
        action,
        on,
        errors,
    })
}

impl DatedStep {
    /// Refuses the step with the field errors found, if any.
    fn check(&mut self) -> AppResult<()> {
        fail(std::mem::take(&mut self.errors))
    }

    /// Moves the case to `to` on the step's date, writing `sets` too, with `note` in its history.
    async fn to(
        &mut self,
        caller: &Caller,
        to: Status,
        note: &str,
        sets: Vec<(&'static str, Value)>,
    ) -> AppResult<Dispute> {
        let update = transition(&self.d, self.action.code(), to, self.on, note, sets);
        Ok(store::apply(&mut self.tx, &caller.actor(), &self.d, update).await?)
    }
}

fn fail(errors: BTreeMap<String, String>) -> AppResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(errors))
    }
}

fn transition<'a>(
    d: &'a Dispute,
    action: &'a str,
    to: Status,
    on: NaiveDate,
    note: &'a str,
    mut sets: Vec<(&'static str, Value)>,
) -> Update<'a> {
    sets.push(("status", to.code().into()));
    Update {
        sets,
        event: Some(NewEvent {
            dispute_id: d.id,
            org_id: d.org_id,
            action,
            from_status: Some(&d.status),
            to_status: to.code(),
            level: &d.level,
            on_date: on,
            note,
        }),
        action,
    }
}

/// 受理: starts the one-month mediation norm.
pub async fn accept(app: &App, caller: &Caller, id: i64, input: StepInput) -> AppResult<Dispute> {
    let mut s = begin_dated(app, caller, id, Action::Accept, &input, "受理日期").await?;
    s.check()?;
    let sets = vec![("accepted_on", s.on.into())];
    let after = s
        .to(caller, Status::Accepted, input.note.trim(), sets)
        .await?;
    track_month(&mut s.tx, app, id, s.d.org_id, s.on, &s.d.case_no).await?;
    s.tx.commit().await?;
    Ok(after)
}

/// 不予受理, with the reason.
pub async fn reject(app: &App, caller: &Caller, id: i64, input: StepInput) -> AppResult<Dispute> {
    end_unmediated(app, caller, id, input, Action::Reject).await
}

/// Ends a case without mediation, with a text of its own noted in its history: 不予受理 (the
/// reason) or 移交 (the receiving body). The one-month norm stops (a case not accepted has none).
async fn end_unmediated(
    app: &App,
    caller: &Caller,
    id: i64,
    input: StepInput,
    action: Action,
) -> AppResult<Dispute> {
    type Check = fn(&str) -> Result<(), Refusal>;
    let (label, to, column, text, check): (_, _, _, _, Check) = match action {
        Action::Reject => (
            "决定日期",
            Status::Rejected,
            "outcome_reason",
            &input.reason,
            rules::check_reject,
        ),
        _ => (
            "移交日期",
            Status::Transferred,
            "transfer_target",
            &input.target,
            rules::check_transfer,
        ),
    };
    let mut s = begin_dated(app, caller, id, action, &input, label).await?;
    check(text).map_err(refusal)?;
    s.check()?;
    let text = text.trim();
    let sets = vec![(column, text.into()), ("closed_on", s.on.into())];
    let after = s.to(caller, to, text, sets).await?;
    deadlines::settle(&mut s.tx, REGISTER, id, RULE_MONTH).await?;
    s.tx.commit().await?;
    Ok(after)
}

/// 开始调解, optionally naming the mediators.
pub async fn start(app: &App, caller: &Caller, id: i64, input: StepInput) -> AppResult<Dispute> {
    let mut s = begin_dated(app, caller, id, Action::Start, &input, "开始调解日期").await?;
    s.check()?;
    let sets = opt_text(&input.mediators)
        .map(|m| ("mediators", m.into()))
        .into_iter()
        .collect();
    let after = s
        .to(caller, Status::Mediating, input.note.trim(), sets)
        .await?;
    s.tx.commit().await?;
    Ok(after)
}

/// Records a mediation session (调解记录).
pub async fn record_session(
    app: &App,
    caller: &Caller,
    id: i64,
    input: StepInput,
) -> AppResult<i64> {
    let mut s = begin_dated(app, caller, id, Action::RecordSession, &input, "调解日期").await?;
    if input.place.trim().is_empty() {
        s.errors
            .insert("place".into(), "请填写调解地点，例如 村委会调解室".into());
    }
    if input.record.trim().is_empty() {
        s.errors
            .insert("record".into(), "请填写调解情况记录".into());
    }
    s.check()?;
    let DatedStep { mut tx, d, on, .. } = s;
    let mediators = opt_text(&input.mediators).unwrap_or_else(|| d.mediators.clone());
    let sid = store::add_session(
        &mut tx,
        &caller.actor(),
        &d,
        store::NewSession {
            held_on: on,
            place: input.place.trim(),
            mediators: &mediators,
            record: input.record.trim(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(sid)
}

/// 结案: 调解成功 (with the agreement), 调解不成 or 终止. Past the one-month norm a reason is
/// required. A written agreement in effect starts the 30-day window for judicial confirmation.
pub async fn close(app: &App, caller: &Caller, id: i64, input: StepInput) -> AppResult<Dispute> {
    let (mut tx, d) = begin_step(app, caller, id, Action::Close).await?;
    let mut errors = BTreeMap::new();
    let closed_on = date_field(&mut errors, "date", "结案日期", &input.date, true);
    if let Some(c) = closed_on {
        not_before(&mut errors, c, d.registered_on, "结案日期");
    }
    let effective_on = date_field(
        &mut errors,
        "effective_on",
        "协议生效日期",
        &input.effective_on,
        false,
    );
    let outcome = Status::parse_ledger(&input.outcome);
    let form = match input.agreement_form.trim() {
        "" => None,
        f => match AgreementForm::parse(f) {
            Some(f) => Some(f),
            None => {
                errors.insert(
                    "agreement_form".into(),
                    "协议形式应为 书面、口头 或 无".into(),
                );
                None
            }
        },
    };
    let month_due = deadlines::for_record(app, REGISTER, id)
        .await?
        .into_iter()
        .find(|v| v.rule_code == RULE_MONTH)
        .map(|v| v.due_date);
    let overdue = match (month_due, closed_on) {
        (Some(due), Some(c)) => c > due,
        _ => false,
    };
    let check = CloseInput {
        outcome,
        closed_on,
        agreement_form: form,
        agreement_terms: input.agreement_terms.clone(),
        performance_terms: input.performance_terms.clone(),
        responsibility: input.responsibility.clone(),
        signatures_complete: input.signatures_complete,
        agreement_effective_on: effective_on,
        reason: input.reason.clone(),
        overdue,
        overdue_reason: input.overdue_reason.clone(),
    }
    .check();
    let closing = match check {
        Ok(c) if errors.is_empty() => c,
        Ok(_) => return Err(AppError::invalid(errors)),
        Err(refusals) => {
            for r in refusals {
                let field = if r.field() == "closed_on" {
                    "date"
                } else {
                    r.field()
                };
                errors.insert(field.to_owned(), r.to_string_message());
            }
            return Err(AppError::invalid(errors));
        }
    };
    let mut sets: Vec<(&'static str, Value)> = vec![
        ("closed_on", closing.closed_on.into()),
        ("agreement_form", closing.agreement_form.code().into()),
        (
            "agreement_effective_on",
            closing.agreement_effective_on.into(),
        ),
        ("signatures_complete", input.signatures_complete.into()),
    ];
    if closing.outcome == Status::Succeeded {
        sets.push(("agreement_terms", opt_text(&input.agreement_terms).into()));
        sets.push((
            "performance_terms",
            opt_text(&input.performance_terms).into(),
        ));
        sets.push(("responsibility", opt_text(&input.responsibility).into()));
        sets.push(("performance", Performance::Pending.code().into()));
    } else {
        sets.push(("outcome_reason", opt_text(&input.reason).into()));
    }
    if overdue {
        sets.push(("overdue_reason", opt_text(&input.overdue_reason).into()));
    }
    let note = if closing.outcome == Status::Succeeded {
        String::new()
    } else {
        input.reason.trim().to_owned()
    };
    let update = transition(&d, "close", closing.outcome, closing.closed_on, &note, sets);
    let after = store::apply(&mut tx, &caller.actor(), &d, update).await?;
    deadlines::settle(&mut tx, REGISTER, id, RULE_MONTH).await?;
    if let Some(eff) = closing.agreement_effective_on {
        deadlines::track(
            &mut tx,
            app,
            Tracked {
                register: REGISTER,
                record_id: id,
                org_id: d.org_id,
                rule_code: RULE_CONFIRMATION,
                start: eff,
                label: &format!("{} 司法确认申请期", d.case_no),
                link: &format!("/disputes/{id}"),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(after)
}

trait RefusalMessage {
    fn to_string_message(&self) -> String;
}

impl RefusalMessage for Refusal {
    /// A field refusal's message without its field name prefix.
    fn to_string_message(&self) -> String {
        match self {
            Refusal::Missing { message, .. } => (*message).to_owned(),
            other => other.to_string(),
        }
    }
}

/// 上报镇级调解: the same case moves to the town, keeping its number, status and history.
pub async fn escalate(app: &App, caller: &Caller, id: i64, input: StepInput) -> AppResult<Dispute> {
    let mut s = begin_dated(app, caller, id, Action::Escalate, &input, "上报日期").await?;
    s.check()?;
    let DatedStep { mut tx, d, on, .. } = s;
    let note = input.note.trim();
    let update = Update {
        sets: vec![
            ("level", Level::Town.code().into()),
            ("org_id", d.town_id.into()),
            ("escalated_on", on.into()),
        ],
        event: Some(NewEvent {
            dispute_id: d.id,
            // Recorded at the town, which now handles the case; the village step stays in the
            // history under the village.
            org_id: d.town_id,
            action: "escalate",
            from_status: Some(&d.status),
            to_status: &d.status,
            level: Level::Town.code(),
            on_date: on,
            note,
        }),
        action: "escalate",
    };
    let after = store::apply(&mut tx, &caller.actor(), &d, update).await?;
    // The running deadline moves with the case so the town's to-do list shows it.
    if let (Some(acc), true) = (
        d.accepted_on,
        Status::parse(&d.status).is_some_and(Status::mediation_clock_runs),
    ) {
        track_month(&mut tx, app, id, d.town_id, acc, &d.case_no).await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// 移交 to another body (court, police, a department), with the target.
pub async fn transfer(app: &App, caller: &Caller, id: i64, input: StepInput) -> AppResult<Dispute> {
    end_unmediated(app, caller, id, input, Action::Transfer).await
}

/// 回访: a visit recording how the agreement is being performed.
pub async fn return_visit(app: &App, caller: &Caller, id: i64, input: StepInput) -> AppResult<i64> {
    let mut s = begin_dated(app, caller, id, Action::ReturnVisit, &input, "回访日期").await?;
    let performance = Performance::parse(&input.performance);
    if performance.is_none() {
        s.errors.insert(
            "performance".into(),
            "请选择履行情况：待履行、部分履行、已履行或拒不履行".into(),
        );
    }
    if input.visitor.trim().is_empty() {
        s.errors.insert("visitor".into(), "请填写回访人".into());
    }
    s.check()?;
    let DatedStep { mut tx, d, on, .. } = s;
    let vid = store::add_return_visit(
        &mut tx,
        &caller.actor(),
        &d,
        store::NewReturnVisit {
            visited_on: on,
            visitor: input.visitor.trim(),
            performance: performance.map_or("pending", Performance::code),
            note: input.note.trim(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(vid)
}

/// 司法确认: the application (within 30 days of the agreement taking effect) and the ruling.
pub async fn judicial_confirmation(
    app: &App,
    caller: &Caller,
    id: i64,
    input: StepInput,
) -> AppResult<Dispute> {
    let (mut tx, d) = begin_step(app, caller, id, Action::JudicialConfirmation).await?;
    let mut errors = BTreeMap::new();
    let applied_on = date_field(&mut errors, "date", "申请日期", &input.date, true);
    let ruled_on = date_field(&mut errors, "ruled_on", "裁定日期", &input.ruled_on, false);
    let ruling = match input.ruling.trim() {
        "" => Some(Ruling::Pending),
        r => Ruling::parse(r),
    };
    if ruling.is_none() {
        errors.insert(
            "ruling".into(),
            "裁定结果应为 审查中、确认有效 或 确认无效".into(),
        );
    }
    if input.court.trim().is_empty() {
        errors.insert("court".into(), "请填写受理的人民法院".into());
    }
    let window_end = deadlines::for_record(app, REGISTER, id)
        .await?
        .into_iter()
        .find(|v| v.rule_code == RULE_CONFIRMATION)
        .map(|v| v.due_date);
    if let (Some(eff), Some(applied)) = (d.agreement_effective_on, applied_on) {
        if let Err(r) = rules::check_confirmation(eff, window_end, applied) {
            errors.insert("date".into(), r.to_string_message());
        }
    }
    fail(errors)?;
    let update = Update {
        sets: vec![
            ("confirmation_applied", true.into()),
            ("confirmation_applied_on", applied_on.into()),
            ("confirmation_court", opt_text(&input.court).into()),
            ("confirmation_ruling", ruling.map(Ruling::code).into()),
            ("confirmation_ruled_on", ruled_on.into()),
        ],
        event: None,
        action: "judicial_confirmation",
    };
    let after = store::apply(&mut tx, &caller.actor(), &d, update).await?;
    deadlines::settle(&mut tx, REGISTER, id, RULE_CONFIRMATION).await?;
    tx.commit().await?;
    Ok(after)
}

// ---------------------------------------------------------------------------------------------
// Ledger import and export (纠纷台账, PRODUCT §8.4)

/// The ledger columns in order, for export.
pub fn export_columns() -> Vec<&'static str> {
    fazhi_ledger::specs::DISPUTES.column_names()
}

pub fn yuan(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, (fen % 100).abs())
    }
}

/// The filtered cases as ledger rows.
pub async fn export_rows(app: &App, caller: &Caller, f: &Filter) -> AppResult<Vec<Vec<String>>> {
    caller.require_read(Area::Disputes)?;
    let rows = store::export(&app.db, &caller.scope, f).await?;
    Ok(rows
        .into_iter()
        .map(|(r, parties)| {
            let item = DisputeItem::new(r);
            let r = &item.row;
            let names: Vec<&str> = parties.iter().map(|p| p.name.as_str()).collect();
            vec![
                r.case_no.clone(),
                r.registered_on.to_string(),
                item.village().to_owned(),
                r.dispute_type.clone(),
                item.source_label.to_owned(),
                if names.is_empty() {
                    r.parties_text.clone()
                } else {
                    names.join("、")
                },
                r.summary.clone(),
                item.level_label.to_owned(),
                r.mediators.clone(),
                item.status_label.to_owned(),
                r.closed_on.map(|d| d.to_string()).unwrap_or_default(),
                AgreementForm::parse(&r.agreement_form)
                    .map_or("", AgreementForm::label)
                    .to_owned(),
                r.amount_fen.map(yuan).unwrap_or_default(),
            ]
        })
        .collect())
}

/// Checks ledger rows for one organisation: the villages under it, the case numbers already
/// used in its town (and, as rows are checked, in the file).
struct RowChecker<'a> {
    org: &'a orgs::Org,
    lists: std::sync::Arc<code_lists::Lists>,
    town: &'a orgs::Org,
    villages: HashMap<String, orgs::Org>,
    used: HashSet<String>,
}

impl RowChecker<'_> {
    /// The row as a record, or `None` with its problems added to `errors`. A row checked a second
    /// time (when it is written) reports its own number as used; its record is the same.
    fn check(&mut self, row: &SheetRow, errors: &mut Vec<RowError>) -> Option<NewDispute> {
        let (org, town, villages, used) = (self.org, self.town, &self.villages, &mut self.used);
        let pattern = rules::DEFAULT_CASE_NO_PATTERN;
        let n = row.number;
        let mut err = |col: &str, msg: String| errors.push(RowError::new(n, col, msg));
        let registered_on = match parse_date(row.get("登记日期")) {
            Ok(d) => Some(d),
            Err(m) => {
                err("登记日期", m);
                None
            }
        };
        let village = match villages.get(row.get("所属村")) {
            Some(v) => Some(v),
            None => {
                err(
                    "所属村",
                    format!(
                        "找不到「{}」：应为{}所辖村（社区）的名称或代码",
                        row.get("所属村"),
                        org.name
                    ),
                );
                None
            }
        };
        // Aliases are accepted; the record keeps the canonical name (figures count by it).
        let lists = &self.lists;
        let mut code = |list: ListName, col: &str| match code_lists::check(
            lists,
            list,
            row.get(col),
            None,
            Some(&org.code),
        ) {
            Ok(Some(c)) => Some(c),
            Ok(None) => {
                err(
                    col,
                    format!("请填写{col}，可用：{}", lists.get(list).names().join("、")),
                );
                None
            }
            Err(m) => {
                err(col, m);
                None
            }
        };
        let dispute_type = code(ListName::DisputeTypes, "纠纷类型").map(|c| c.name);
        let source = code(ListName::DisputeSources, "来源")
            .and_then(|c| Source::parse(c.code.as_deref().unwrap_or(&c.name)));
        let names = split_multi(row.get("当事人"));
        if names.is_empty() {
            err("当事人", "请填写当事人姓名，多个用顿号「、」分隔".into());
        }
        if row.get("简要情况").chars().count() > fazhi_domain::dispute::MAX_TEXT {
            err(
                "简要情况",
                format!("不能超过 {} 字，请精简", fazhi_domain::dispute::MAX_TEXT),
            );
        }
        if names.len() > fazhi_domain::dispute::MAX_PARTIES {
            err(
                "当事人",
                fazhi_domain::dispute::too_many_parties(names.len()),
            );
        }
        let level = Level::parse(row.get("调解层级"));
        if level.is_none() {
            err("调解层级", "应为 村级 或 镇级".into());
        }
        let status = Status::parse_ledger(row.get("状态")).filter(|s| {
            matches!(
                s,
                Status::Accepted
                    | Status::Mediating
                    | Status::Succeeded
                    | Status::Failed
                    | Status::Terminated
            )
        });
        if status.is_none() {
            err(
                "状态",
                format!(
                    "「{}」不是有效状态，可用：已受理、调解中、调解成功、调解不成、已终止",
                    row.get("状态")
                ),
            );
        }
        let closed_on = match row.opt("结案日期") {
            None => {
                if status.is_some_and(Status::is_concluded) {
                    err(
                        "结案日期",
                        "已结案的纠纷须填写结案日期，例如 2024-03-05".into(),
                    );
                }
                None
            }
            Some(v) => match parse_date(v) {
                Ok(d) if registered_on.is_some_and(|r| d < r) => {
                    err("结案日期", "结案日期不能早于登记日期".into());
                    None
                }
                Ok(d) => Some(d),
                Err(m) => {
                    err("结案日期", m);
                    None
                }
            },
        };
        let form = match row.opt("协议形式") {
            None => Some(AgreementForm::NoAgreement),
            Some(v) => AgreementForm::parse(v),
        };
        match (form, status) {
            (None, _) => err("协议形式", "应为 书面、口头 或 无".into()),
            (Some(AgreementForm::NoAgreement), Some(Status::Succeeded)) => err(
                "协议形式",
                "调解成功的纠纷须填写协议形式：书面 或 口头".into(),
            ),
            _ => {}
        }
        let amount_fen = match parse_amount_fen(row.get("涉及金额")) {
            Ok(v) => v,
            Err(m) => {
                err("涉及金额", m);
                None
            }
        };
        let case_no = row.get("编号").to_owned();
        if !case_no.is_empty() && !used.insert(case_no.clone()) {
            err(
                "编号",
                format!("编号「{case_no}」在本镇已存在或在文件中重复，请改为唯一编号或留空"),
            );
        }
        if let (
            Some(registered_on),
            Some(village),
            Some(dispute_type),
            Some(source),
            Some(level),
            Some(status),
            Some(form),
        ) = (
            registered_on,
            village,
            dispute_type,
            source,
            level,
            status,
            form,
        ) {
            let year = registered_on.year();
            let record = NewDispute {
                org_id: if level == Level::Town {
                    town.id
                } else {
                    village.id
                },
                town_id: town.id,
                village_id: Some(village.id),
                case_seq: (!case_no.is_empty())
                    .then(|| rules::case_no_seq(pattern, &town.name, year, &case_no))
                    .flatten(),
                case_no,
                case_year: i64::from(year),
                registered_on,
                accepted_on: Some(registered_on),
                source: source.code().to_owned(),
                dispute_type: dispute_type.to_owned(),
                summary: row.get("简要情况").to_owned(),
                claims: String::new(),
                risk: Risk::Low.code().to_owned(),
                level: level.code().to_owned(),
                status: status.code().to_owned(),
                mediators: split_multi(row.get("调解员")).join("、"),
                people_involved: names.len() as i64,
                group_dispute: false,
                amount_fen,
                closed_on,
                agreement_form: form.code().to_owned(),
                police_reported: false,
                police_reported_on: None,
                police_recipient: None,
                parties: names
                    .into_iter()
                    .map(|name| NewParty {
                        kind: PartyKind::Person.code().to_owned(),
                        name,
                        sex: None,
                        ethnicity: None,
                        id_no: None,
                        phone: None,
                        address: None,
                    })
                    .collect(),
            };
            return Some(record);
        }
        None
    }
}

// Rows are written a slice at a time: the records of one slice are held at a time, so an
// import's memory stays that of its file (a 50 MB ledger: bench/import_limits.py).
use super::ledger::WRITE_SLICE;

/// Checks every row of a disputes ledger for `org` (a town or a village) and, when all are
/// good and this is not a dry run, inserts them in one transaction. Returns the number of rows,
/// or every row's problems.
///
/// The rows are checked twice: once to find every problem (and the highest case number of each
/// year, which blank numbers continue from), keeping no records; then again, a slice at a time,
/// inside the one transaction that writes them. All or nothing still holds: nothing is written
/// unless every row is good, and a failure while writing rolls the whole import back.
pub async fn import_rows(
    app: &App,
    caller: &Caller,
    org: &orgs::Org,
    sheet: Sheet,
    dry_run: bool,
) -> AppResult<Result<usize, Vec<RowError>>> {
    caller.require_write(Area::Disputes)?;
    let town = orgs::town_of(&app.db, org)
        .await?
        .ok_or_else(|| AppError::field("org", "导入的组织须是乡镇或其下的村（社区）"))?;
    // Villages under --org, by name and by code.
    let mut villages: HashMap<String, orgs::Org> = HashMap::new();
    for o in orgs::list(&app.db, &org.scope()).await? {
        // A switched-off village takes no new records (issue 14 point 2).
        if o.kind() == fazhi_domain::org::OrgKind::Village && o.active {
            villages.insert(o.code.clone(), o.clone());
            villages.insert(o.name.clone(), o);
        }
    }
    // A village's code before a recode still names it (issue 14 point 2).
    for (code, id) in orgs::former_codes_in(&app.db, &org.scope()).await? {
        if let Some(v) = villages.values().find(|v| v.id == id).cloned() {
            villages.entry(code).or_insert(v);
        }
    }
    let used: HashSet<String> = store::case_nos_in_town(&app.db, town.id)
        .await?
        .into_iter()
        .collect();
    let mut checker = RowChecker {
        org,
        lists: code_lists::for_org(app, org).await?,
        town: &town,
        villages,
        used,
    };
    let mut errors = Vec::new();
    // The highest explicit case number of each year in the file.
    let mut highest: HashMap<i32, i64> = HashMap::new();
    let mut checked = 0;
    for row in &sheet.rows {
        if let Some(d) = checker.check(row, &mut errors) {
            checked += 1;
            let e = highest.entry(d.case_year as i32).or_default();
            *e = (*e).max(d.case_seq.unwrap_or(0));
        }
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    if dry_run {
        return Ok(Ok(checked));
    }
    let pattern = rules::DEFAULT_CASE_NO_PATTERN;
    let mut tx = app.db.begin().await?;
    // Blank numbers continue each year's sequence after the highest in the database or the file.
    let mut next: HashMap<i32, i64> = HashMap::new();
    for (&year, &in_file) in &highest {
        next.insert(
            year,
            store::max_case_seq(&mut tx, town.id, year)
                .await?
                .max(in_file),
        );
    }
    let actor = caller.actor();
    // A large import's words enter the search index after it commits (service/words_queue.rs).
    let words = if checked >= LARGE_IMPORT {
        store::WordsIndexed::Afterwards
    } else {
        store::WordsIndexed::AtOnce
    };
    let mut scratch = Vec::new();
    let mut written = 0;
    for slice in sheet.rows.chunks(WRITE_SLICE) {
        let mut rows: Vec<NewDispute> = slice
            .iter()
            .filter_map(|row| checker.check(row, &mut scratch))
            .collect();
        scratch.clear();
        for d in rows.iter_mut() {
            if d.case_no.is_empty() {
                let y = d.case_year as i32;
                let seq = next.entry(y).or_default();
                *seq += 1;
                d.case_no = rules::format_case_no(pattern, &town.name, y, *seq);
                d.case_seq = Some(*seq);
            }
        }
        let ids = store::create_many(&mut tx, &actor, &rows, words).await?;
        // 备注 goes with the record (every row of the slice was checked good, so they align).
        for (row, id) in slice.iter().zip(&ids) {
            if let Some(remarks) = row.opt(fazhi_ledger::specs::REMARKS) {
                crate::storage::ledger_imports::set_remarks(&mut tx, "disputes", *id, remarks)
                    .await?;
            }
        }
        let links: Vec<(usize, String)> = rows
            .iter()
            .zip(&ids)
            .enumerate()
            .filter(|(_, (d, _))| {
                Status::parse(&d.status).is_some_and(Status::mediation_clock_runs)
            })
            .map(|(i, (_, id))| (i, format!("/disputes/{id}")))
            .collect();
        let tracked: Vec<Tracked> = links
            .iter()
            .map(|(i, link)| Tracked {
                register: REGISTER,
                record_id: ids[*i],
                org_id: rows[*i].org_id,
                rule_code: RULE_MONTH,
                start: rows[*i].registered_on,
                label: &rows[*i].case_no,
                link,
            })
            .collect();
        deadlines::track_many(&mut tx, app, &tracked).await?;
        written += rows.len();
        super::ledger::progress(written, checked);
    }
    drop(checker);
    drop(sheet);
    super::ledger::audit_import(&mut tx, &actor, REGISTER, "disputes", org, checked).await?;
    tx.commit().await?;
    if checked >= LARGE_IMPORT {
        store::refresh_statistics(&app.db).await?;
    }
    Ok(Ok(checked))
}

/// An import this large changes the table enough that PostgreSQL's planner, still working from
/// the old statistics, walks 100,000 rows to show 25 until autovacuum catches up; and its
/// cases' words are indexed after it (about 50 ms of the import's transaction per 1,000 cases).
const LARGE_IMPORT: usize = 1_000;

// ---------------------------------------------------------------------------------------------
// The 人民调解协议书 (人民调解法 Art. 29; 人民调解工作若干规定 Art. 35)

/// The written mediation agreement of a case, as DOCX in the GB/T 9704 layout: its download
/// name (`人民调解协议书-<case no>.docx`) and bytes. Only a case concluded with a written
/// agreement whose terms are recorded has one (`dispute_print::agreement`). Parties' details are
/// printed in full for roles that may see them (the view is logged), masked otherwise.
pub async fn agreement_docx(app: &App, caller: &Caller, id: i64) -> AppResult<(String, Vec<u8>)> {
    use super::dispute_print::{self, Form};
    let p = dispute_print::build(app, caller, id, Form::Agreement, true).await?;
    Ok((p.docx_name(), dispute_print::docx(&p).await?))
}

/// MIME type of DOCX downloads.
pub const DOCX_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Attaches a file (photo, scan, recording) to a case the caller may change.
pub async fn attach(
    app: &App,
    caller: &Caller,
    id: i64,
    file_name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> AppResult<crate::storage::attachments::Attachment> {
    caller.require_read(Area::Disputes)?;
    let d = store::get(&app.db, &caller.scope, id).await?;
    caller.require_write(Area::Disputes)?;
    super::attachments::store(
        app,
        caller,
        super::attachments::Upload {
            entity: REGISTER,
            entity_id: id,
            org_id: d.org_id,
            file_name,
            content_type,
            bytes,
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::walk_finds_page;

    #[test]
    fn a_page_is_walked_to_when_the_words_are_dense_enough() {
        // 100,000 cases: a page of 25 walks from 5,000 matches on.
        assert!(walk_finds_page(100_000, 5_000, 25));
        assert!(!walk_finds_page(100_000, 4_999, 25));
        // A town's 3,000 cases: 草场纠纷 in one of seven is walked, a name in one case is not.
        assert!(walk_finds_page(3_000, 430, 25));
        assert!(!walk_finds_page(3_000, 1, 25));
        // Later pages need more of the walk; no match, no walk.
        assert!(!walk_finds_page(3_000, 430, 500));
        assert!(!walk_finds_page(3_000, 0, 25));
    }
}

//! Legal-aid referrals (法律援助台账): the application the township takes for the county
//! legal-aid centre, whose decision is due within 7 days of it and, when aid is granted, a
//! lawyer within 3 days more (法律援助法 第四十三条; the clocks: `legal_aid_clock`). Both
//! appear on the to-do list until recorded.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use fazhi_domain::access::Area;
use fazhi_domain::dispute::AidDecision;
use fazhi_domain::ident::{IdCardNo, MobileNo};
use fazhi_domain::mask;
use fazhi_ledger::{parse_date, SheetRow};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::service::accounts;
use crate::service::deadlines::{self, DeadlineView};
use crate::storage::legal_aid::{
    self as store, Corrected, Filter, Filters, NewReferral, Referrals,
};
use crate::storage::{Scope, StorageError, Tx, Value};

use super::ledger::Ledger;
use super::legal_aid_clock::{self as clock, AidClocks};
use super::list_params::some;
use super::register_kit::{self as kit, ListResult};
use super::totals_cache::TotalsCache;
use super::Caller;
pub use crate::storage::legal_aid::{Referral, Totals};
use crate::storage::linked::Linked;

pub const REGISTER: &str = "legal_aid";

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
    /// The day the papers were passed on (转交). The centre's 7 days run from `applied_on`,
    /// the day the township received the application for it (法律援助法 第十三条、第四十三条).
    #[serde(default)]
    pub referred_on: String,
    /// The day the centre asked for missing materials, all at once (一次性告知).
    #[serde(default)]
    pub materials_requested_on: String,
    /// The day the applicant supplied them; the days between are not counted in the 7 days.
    #[serde(default)]
    pub materials_supplied_on: String,
    /// A correction of the decision's date (recorded by the decision step, not at registration).
    #[serde(default)]
    pub decided_on: String,
    /// A correction of the written reasons for a refusal.
    #[serde(default)]
    pub refusal_reason: String,
    /// A correction of the lawyer assigned (recorded by the assignment step).
    #[serde(default)]
    pub lawyer: String,
    /// A correction of the assignment's date.
    #[serde(default)]
    pub assigned_on: String,
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
    /// Where the 7-day decision and 3-day assignment periods stand, in words.
    pub clocks: AidClocks,
    /// Whether the ID number and phone are shown in full.
    pub personal_data_shown: bool,
    /// Whether the caller may ask to see them in full.
    pub may_reveal: bool,
}

/// The transfer to the centre (转交) can be recorded once, for a referral saved without its
/// date, while no decision is recorded.
pub fn may_transfer(r: &Referral) -> bool {
    r.withdrawn_at.is_none() && r.referred_on.is_none() && r.decision == AidDecision::Pending.code()
}

/// The centre's decision can be recorded once, while the application is pending.
pub fn may_decide(r: &Referral) -> bool {
    r.withdrawn_at.is_none() && r.decision == AidDecision::Pending.code()
}

/// The lawyer can be recorded once, after aid was granted.
pub fn may_assign(r: &Referral) -> bool {
    r.withdrawn_at.is_none() && r.decision == AidDecision::Granted.code() && r.assigned_on.is_none()
}

/// The referral with its ID number and phone masked: how every page and response shows it
/// unless the caller explicitly asks to see them in full (see [`get`]).
pub(crate) fn masked(mut r: Referral) -> Referral {
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

/// A date that must not come before another (the application, the decision), or a field
/// error saying which.
fn not_before(
    errors: &mut BTreeMap<String, String>,
    field: &str,
    date: Option<NaiveDate>,
    label: &str,
    earlier: Option<NaiveDate>,
    earlier_label: &str,
) {
    if let (Some(d), Some(e)) = (date, earlier) {
        if d < e {
            errors.insert(field.into(), format!("{label} {d} 早于{earlier_label} {e}"));
        }
    }
}

/// Checks a referral as entered, at registration (`before` is `None`) and at correction alike.
/// The steps' fields (the decision's date and reasons, the lawyer) are corrected here only once
/// their step recorded them, and are never cleared: steps stay steps. Without a village the
/// referral belongs to `default_org`.
pub(crate) async fn parse_input(
    app: &App,
    caller: &Caller,
    input: NewReferralInput,
    before: Option<&Referral>,
    default_org: i64,
) -> AppResult<Corrected> {
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
    let requested = date(
        &mut errors,
        "materials_requested_on",
        "告知补充材料日期",
        &input.materials_requested_on,
        false,
    );
    let supplied = date(
        &mut errors,
        "materials_supplied_on",
        "补齐材料日期",
        &input.materials_supplied_on,
        false,
    );
    if input.applicant.trim().is_empty() {
        errors.insert("applicant".into(), "请填写申请人姓名".into());
    }
    if input.matter.trim().is_empty() {
        errors.insert("matter".into(), "请填写申请法律援助的事项".into());
    }
    let id_no = kit::optional_id(&mut errors, "id_no", &input.id_no, |v| {
        IdCardNo::parse_on(v, super::deadlines::today()).map(|i| i.as_str().to_owned())
    });
    let phone = kit::optional_id(&mut errors, "phone", &input.phone, |v| {
        MobileNo::parse(v).map(|m| m.as_str().to_owned())
    });
    let village = kit::village_in(app, &caller.scope, &input.village, &mut errors).await?;
    // Dates in their order (法律援助法 第四十三条): nothing before the application.
    not_before(
        &mut errors,
        "referred_on",
        referred_on,
        "转交日期",
        applied_on,
        "申请日期",
    );
    not_before(
        &mut errors,
        "materials_requested_on",
        requested,
        "告知补充材料日期",
        applied_on,
        "申请日期",
    );
    not_before(
        &mut errors,
        "materials_supplied_on",
        supplied,
        "补齐材料日期",
        requested,
        "告知补充材料日期",
    );
    if supplied.is_some() && requested.is_none() {
        errors.insert(
            "materials_supplied_on".into(),
            "请先填写告知补充材料的日期".into(),
        );
    }
    let steps = StepFields::check(&mut errors, &input, before, applied_on, requested);
    let (Some(applied_on), true) = (applied_on, errors.is_empty()) else {
        return Err(AppError::invalid(errors));
    };
    let org_id = village.as_ref().map_or(default_org, |v| v.id);
    if org_id == 0 {
        return Err(AppError::field("village", "请选择所属村（社区）"));
    }
    Ok(Corrected {
        new: NewReferral {
            org_id,
            village_id: village.map(|v| v.id),
            applied_on,
            applicant: input.applicant.trim().to_owned(),
            id_no,
            phone,
            matter: input.matter.trim().to_owned(),
            institution: input.institution.trim().to_owned(),
            referred_on,
            materials_requested_on: requested,
            materials_supplied_on: supplied,
            result: before.map(|b| b.result.clone()).unwrap_or_default(),
            consultation_id: input.consultation_id,
            dispute_id: input.dispute_id,
            remarks: None,
        },
        decided_on: steps.decided_on,
        refusal_reason: steps.refusal_reason,
        lawyer: steps.lawyer,
        assigned_on: steps.assigned_on,
    })
}

/// The fields the decision and assignment steps record, as a correction may give them.
struct StepFields {
    decided_on: Option<NaiveDate>,
    refusal_reason: Option<String>,
    lawyer: Option<String>,
    assigned_on: Option<NaiveDate>,
}

impl StepFields {
    fn check(
        errors: &mut BTreeMap<String, String>,
        input: &NewReferralInput,
        before: Option<&Referral>,
        applied_on: Option<NaiveDate>,
        requested: Option<NaiveDate>,
    ) -> StepFields {
        let decided = before.is_some_and(|b| b.decided_on.is_some());
        let refused = before.is_some_and(|b| b.decision == AidDecision::Refused.code());
        let assigned = before.is_some_and(|b| b.assigned_on.is_some());
        let mut recorded = |field: &str, label: &str, value: &str, done: bool, step: &str| {
            let value = value.trim();
            match (done, value.is_empty()) {
                (false, false) => {
                    errors.insert(
                        field.into(),
                        format!("{label}由「{step}」记录，登记或修改时不能填写"),
                    );
                }
                (true, true) => {
                    errors.insert(
                        field.into(),
                        format!("已记录的{label}不能清除；如有误，请填写正确的{label}"),
                    );
                }
                _ => {}
            }
            (done && !value.is_empty()).then(|| value.to_owned())
        };
        let decided_text = recorded(
            "decided_on",
            "决定日期",
            &input.decided_on,
            decided,
            "记录决定",
        );
        let lawyer = recorded("lawyer", "指派律师", &input.lawyer, assigned, "记录指派");
        let assigned_text = recorded(
            "assigned_on",
            "指派日期",
            &input.assigned_on,
            assigned,
            "记录指派",
        );
        let reason = input.refusal_reason.trim();
        let refusal_reason = match (refused, reason.is_empty()) {
            (true, true) => {
                errors.insert("refusal_reason".into(), "不予援助须填写书面理由".into());
                None
            }
            (false, false) => {
                errors.insert(
                    "refusal_reason".into(),
                    "只有不予援助的决定才有书面理由".into(),
                );
                None
            }
            (true, false) => Some(reason.to_owned()),
            (false, true) => None,
        };
        let decided_on =
            decided_text.and_then(|t| date(errors, "decided_on", "决定日期", &t, true));
        let assigned_on =
            assigned_text.and_then(|t| date(errors, "assigned_on", "指派日期", &t, true));
        not_before(
            errors,
            "decided_on",
            decided_on,
            "决定日期",
            applied_on,
            "申请日期",
        );
        not_before(
            errors,
            "decided_on",
            decided_on,
            "决定日期",
            requested,
            "告知补充材料日期",
        );
        not_before(
            errors,
            "assigned_on",
            assigned_on,
            "指派日期",
            decided_on,
            "决定日期",
        );
        StepFields {
            decided_on,
            refusal_reason,
            lawyer,
            assigned_on,
        }
    }
}

pub async fn create(app: &App, caller: &Caller, input: NewReferralInput) -> AppResult<Referral> {
    caller.require_write(Area::LegalAid)?;
    super::require_linked(app, caller, Linked::Dispute, input.dispute_id).await?;
    super::require_linked(app, caller, Linked::Consultation, input.consultation_id).await?;
    let new = parse_input(app, caller, input, None, caller.org_id)
        .await?
        .new;
    let mut tx = app.db.begin().await?;
    let id = store::create(&mut tx, &caller.actor(), &new).await?;
    let r = store::get(&mut tx, &Scope::everything(), id).await?;
    // The 7 days run from the application (法律援助法 第四十三条), transferred or not.
    let plan = clock::plan(&mut tx, app, &r).await?;
    clock::apply(&mut tx, id, &plan).await?;
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
        clocks: clock::clocks(app, &r).await?,
        personal_data_shown: shown,
        may_reveal,
        referral: if shown { r } else { masked(r) },
    })
}

pub async fn list(
    app: &App,
    caller: &Caller,
    year: Option<i32>,
    withdrawn: bool,
    limit: i64,
    offset: i64,
) -> AppResult<(Vec<Referral>, i64)> {
    let f = Filter {
        year,
        withdrawn,
        ..Filter::default()
    };
    kit::list::<Referrals>(app, caller, f, limit, offset).await
}

/// A step on a referral: the transfer to the centre, its decision, the lawyer's assignment.
#[derive(Clone, Copy)]
enum Step {
    Transfer,
    Decide,
    Assign,
}

impl Step {
    /// The audit log's action.
    fn code(self) -> &'static str {
        match self {
            Step::Transfer => "transfer",
            Step::Decide => "decide",
            Step::Assign => "assign",
        }
    }

    /// The name of the step's date in messages.
    fn date_label(self) -> &'static str {
        match self {
            Step::Transfer => "转交日期",
            Step::Decide => "决定日期",
            Step::Assign => "指派日期",
        }
    }

    /// Whether the step may be taken in the referral's state, and why not.
    fn allowed(self, r: &Referral) -> Result<(), &'static str> {
        let (may, refusal) = match self {
            Step::Transfer => (
                may_transfer(r),
                "该申请已记录转交日期或已有决定，不能再次转交",
            ),
            Step::Decide => (may_decide(r), "该申请已有决定，不能再次记录"),
            Step::Assign => (
                may_assign(r),
                "只有决定给予援助且尚未指派的申请才能记录指派",
            ),
        };
        if may {
            Ok(())
        } else {
            Err(refusal)
        }
    }
}

/// A step begun: its write transaction, the referral, the step's date as entered and the field
/// errors found so far.
struct OpenStep {
    tx: Tx,
    r: Referral,
    step: Step,
    on: Option<NaiveDate>,
    errors: BTreeMap<String, String>,
}

/// Starts `step` on a referral: the caller may write, the referral is in their scope, and the
/// step is allowed in its current state (otherwise 409, saying why); reads the step's date.
async fn open_step(
    app: &App,
    caller: &Caller,
    id: i64,
    step: Step,
    input: &ReferralStep,
) -> AppResult<OpenStep> {
    caller.require_write(Area::LegalAid)?;
    let mut tx = app.db.begin().await?;
    let r = store::get(&mut tx, &caller.scope, id).await?;
    if r.withdrawn_at.is_some() {
        return Err(super::revision::withdrawn_refusal());
    }
    step.allowed(&r)
        .map_err(|refusal| AppError::new(ErrorKind::Conflict, "invalid_transition", refusal))?;
    let mut errors = BTreeMap::new();
    let on = date(&mut errors, "date", step.date_label(), &input.date, true);
    Ok(OpenStep {
        tx,
        r,
        step,
        on,
        errors,
    })
}

impl OpenStep {
    /// A field error when the step's date is before `earlier` (named `earlier_label`).
    fn not_before(&mut self, earlier: Option<NaiveDate>, earlier_label: &str) {
        let label = self.step.date_label();
        not_before(
            &mut self.errors,
            "date",
            self.on,
            label,
            earlier,
            earlier_label,
        );
    }

    /// The step's date, unless a field error was found.
    fn checked(&mut self) -> AppResult<NaiveDate> {
        match (self.on, self.errors.is_empty()) {
            (Some(on), true) => Ok(on),
            _ => Err(AppError::invalid(std::mem::take(&mut self.errors))),
        }
    }

    /// Writes the step's `sets` (audited with before and after) and, unless it is the transfer
    /// (the 7 days already run from the application), plans the clocks again.
    async fn finish(
        mut self,
        app: &App,
        caller: &Caller,
        sets: Vec<(&'static str, Value)>,
    ) -> AppResult<Referral> {
        let (r, action) = (&self.r, self.step.code());
        let after = store::record_step(&mut self.tx, &caller.actor(), r, action, sets).await?;
        if !matches!(self.step, Step::Transfer) {
            let plan = clock::plan(&mut self.tx, app, &after).await?;
            clock::apply(&mut self.tx, r.id, &plan).await?;
        }
        self.tx.commit().await?;
        Ok(masked(after))
    }
}

/// Records the day the application was passed to the legal-aid centre (转交法律援助机构). The
/// centre's 7 days already run from the application (第十三条、第四十三条).
pub async fn transfer(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ReferralStep,
) -> AppResult<Referral> {
    let mut s = open_step(app, caller, id, Step::Transfer, &input).await?;
    s.not_before(Some(s.r.applied_on), "申请日期");
    let institution = match input.institution.trim() {
        "" => s.r.institution.clone(),
        v => v.to_owned(),
    };
    if institution.is_empty() {
        s.errors
            .insert("institution".into(), "请填写转交的法律援助机构".into());
    }
    let on = s.checked()?;
    let sets = vec![
        ("referred_on", on.into()),
        ("institution", Value::from(institution.as_str())),
    ];
    s.finish(app, caller, sets).await
}

/// Records the centre's decision: a refusal needs its reason; a grant starts the 3-day
/// assignment period.
pub async fn decide(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ReferralStep,
) -> AppResult<Referral> {
    let mut s = open_step(app, caller, id, Step::Decide, &input).await?;
    let decision = AidDecision::parse(&input.decision).filter(|d| *d != AidDecision::Pending);
    if decision.is_none() {
        s.errors
            .insert("decision".into(), "请选择 给予援助 或 不予援助".into());
    }
    if decision == Some(AidDecision::Refused) && input.reason.trim().is_empty() {
        s.errors
            .insert("reason".into(), "不予援助须填写书面理由".into());
    }
    s.not_before(Some(s.r.applied_on), "申请日期");
    s.not_before(s.r.materials_requested_on, "告知补充材料日期");
    let on = s.checked()?;
    let Some(decision) = decision else {
        unreachable!("a missing decision is a field error");
    };
    let reason = Some(input.reason.trim().to_owned()).filter(|t| !t.is_empty());
    let sets = vec![
        ("decision", decision.code().into()),
        ("decided_on", on.into()),
        ("refusal_reason", reason.into()),
    ];
    s.finish(app, caller, sets).await
}

/// Records the lawyer the centre assigned.
pub async fn assign(
    app: &App,
    caller: &Caller,
    id: i64,
    input: ReferralStep,
) -> AppResult<Referral> {
    let mut s = open_step(app, caller, id, Step::Assign, &input).await?;
    if input.lawyer.trim().is_empty() {
        s.errors
            .insert("lawyer".into(), "请填写指派的律师或法律援助人员".into());
    }
    s.not_before(s.r.decided_on, "决定日期");
    let on = s.checked()?;
    let sets = vec![
        ("lawyer", Value::from(input.lawyer.trim())),
        ("assigned_on", on.into()),
    ];
    s.finish(app, caller, sets).await
}

impl kit::ImportRows for NewReferral {
    const REGISTER: &'static str = REGISTER;
    const LEDGER: Ledger = Ledger::LegalAid;
    const DATE: &'static str = "申请日期";
    const REQUIRED: [(&'static str, &'static str); 2] = [
        ("申请人", "请填写申请人姓名"),
        ("事项", "请填写申请法律援助的事项"),
    ];

    fn of_row(row: &SheetRow, applied_on: NaiveDate, org_id: i64, village: Option<i64>) -> Self {
        NewReferral {
            org_id,
            village_id: village,
            applied_on,
            applicant: row.get("申请人").to_owned(),
            id_no: None,
            phone: None,
            matter: row.get("事项").to_owned(),
            institution: row.get("转交机构").to_owned(),
            referred_on: None,
            materials_requested_on: None,
            materials_supplied_on: None,
            result: row.get("结果").to_owned(),
            consultation_id: None,
            dispute_id: None,
            remarks: row.opt(fazhi_ledger::specs::REMARKS).map(str::to_owned),
        }
    }

    async fn insert_all(tx: &mut Tx, rows: &[Self]) -> Result<(), StorageError> {
        store::create_many(tx, rows).await?;
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The staff list page: filters from the query string, totals, and the export of the filtered set

impl kit::CaseRegister for Referrals {
    const AREA: Area = Area::LegalAid;
    const VERSION: &'static str = "legal_aid";
    const LEDGER: Ledger = Ledger::LegalAid;
    type Item = ReferralItem;
    type Params = ListFilters;

    fn totals_cache(app: &App) -> &TotalsCache<Totals> {
        &app.legal_aid_totals
    }

    fn total(t: &Totals) -> i64 {
        t.total
    }

    fn masked(r: Referral) -> Referral {
        masked(r)
    }

    fn item(r: Referral) -> ReferralItem {
        item(r)
    }

    fn ledger_row(r: Referral) -> Vec<String> {
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
    }
}

/// List filters as they come from a query string (blank means "any").
pub type ListParams = kit::ListParams<ListFilters>;

/// The referrals' own list filters as typed.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ListFilters {
    /// `pending`, `granted`, `refused` (or their Chinese labels).
    pub decision: Option<String>,
}

impl kit::OwnFilters for ListFilters {
    type Checked = Filters;

    fn pairs(&self) -> Vec<(&'static str, &Option<String>)> {
        vec![("decision", &self.decision)]
    }

    fn check(&self, errors: &mut BTreeMap<String, String>) -> Filters {
        let decision = some(&self.decision).and_then(|d| {
            let found = AidDecision::parse(d).map(|d| d.code().to_owned());
            if found.is_none() {
                errors.insert(
                    "decision".into(),
                    "决定应为 待决定、给予援助 或 不予援助".into(),
                );
            }
            found
        });
        Filters { decision }
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

/// A list line with its decision label, its ID number and phone masked.
fn item(r: Referral) -> ReferralItem {
    ReferralItem {
        decision_label: AidDecision::parse(&r.decision).map_or("", AidDecision::label),
        referral: masked(r),
    }
}

/// One page of the filtered list (ID numbers and phones masked, as in every list) and the
/// totals of the set.
pub async fn search(
    app: &App,
    caller: &Caller,
    p: &ListParams,
) -> AppResult<ListResult<ReferralItem, Totals>> {
    kit::search::<Referrals>(app, caller, p).await
}

/// The referrals linked to a dispute the caller may see.
pub async fn for_dispute(
    app: &App,
    caller: &Caller,
    dispute_id: i64,
) -> AppResult<Vec<ReferralItem>> {
    kit::for_dispute::<Referrals>(app, caller, dispute_id).await
}

/// The list's filtered set as a ledger file (`法律援助台账-2024-03-05.xlsx`).
pub async fn export_filtered(
    app: &App,
    caller: &Caller,
    p: &ListParams,
    format: fazhi_ledger::Format,
) -> AppResult<(String, Vec<u8>)> {
    kit::export_filtered::<Referrals>(app, caller, p, format).await
}

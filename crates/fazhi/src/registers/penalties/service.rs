//! Penalty decisions: registration, the filtered list with its totals (the page, the API and the
//! export share it), the review gate on the decision (行政处罚法 第五十八条), and the register
//! kit's edit, withdraw, restore and history (`Register`).

use chrono::Datelike;
use fazhi_domain::access::Area;
use fazhi_domain::mask;
use fazhi_domain::penalty::{NewPenalty, PenaltyDraft, PenaltyKind};
use fazhi_domain::publicity::FieldErrors;
use fazhi_domain::review::PENALTY_DECIDED;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::{PenaltyRow, PenaltyTotals};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::registers::reviews::service as reviews;
use crate::service::disputes::checkbox;
use crate::service::publicity::{date_field, target_org};
use crate::service::revision::Register;
use crate::service::study::checked;
use crate::service::year_lists::{totalled_list, year_list_record, YearRegister};
use crate::service::Caller;
use crate::storage::{Scope, Tx};

/// Penalties are decisions that go through the legal adviser first (statutes.md §3), so they
/// sit with the other reviewed matters: the town's staff read and write them, a village
/// mediator does not.
pub const AREA: Area = Area::LegalReview;

/// A penalty case as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PenaltyInput {
    /// Code of the organisation that decides it; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 案号, e.g. 某镇罚立〔2025〕3号.
    pub case_no: String,
    /// 行政处罚决定书文号, once the decision is made.
    pub decision_no: String,
    /// 当事人 (a person's or an organisation's name).
    pub party: String,
    /// The party's 身份证号码 or 统一社会信用代码; shown masked to roles that may not see it.
    pub party_id_no: String,
    /// 违法事实
    pub facts: String,
    /// 法律依据
    pub basis: String,
    /// 处罚种类 (行政处罚法 第九条): a code (warning, fine, …) or its Chinese name (警告, 罚款, …).
    pub kind: String,
    /// 罚款金额 in yuan as typed: `2000`, `0.5万`; required for a fine.
    pub fine: String,
    /// 承办机构及执法人员 (at least two officers, 行政处罚法 第四十二条).
    pub handled_by: String,
    /// 立案日期: 2025-03-05 (also 2025/3/5, 2025年3月5日).
    pub filed_on: String,
    /// 告知日期 (拟处罚告知, 第四十四条); required before a decision.
    pub notified_on: String,
    /// The party asked for a hearing (听证, 第六十三条).
    #[serde(deserialize_with = "checkbox")]
    pub hearing_requested: bool,
    /// 听证日期
    pub hearing_on: String,
    /// 决定日期, blank while undecided. Needs a passing review (合法, or 修改后合法 with the
    /// changes adopted) linked in `review`, unless the case is historical: otherwise 409
    /// `review_required`.
    pub decided_on: String,
    /// 送达日期
    pub served_on: String,
    /// 执行情况
    pub enforcement: String,
    /// The legality review (kind 行政处罚) the decision went through: its number (合审〔2025〕3号)
    /// or id.
    #[serde(deserialize_with = "reviews::id_or_text")]
    #[schema(value_type = String)]
    pub review: String,
    /// Registered as predating fazhi (let through the review gate, marked so on its page). Only
    /// on registration.
    pub historical: bool,
}

/// A checked case and the review it links.
pub struct ValidPenalty {
    pub penalty: NewPenalty,
    pub review_id: Option<i64>,
}

/// Checks a case as entered (registration and edit alike).
fn parse(input: PenaltyInput) -> AppResult<NewPenalty> {
    let mut own = FieldErrors::new();
    let draft = PenaltyDraft {
        filed_on: date_field("filed_on", &input.filed_on, &mut own),
        notified_on: date_field("notified_on", &input.notified_on, &mut own),
        hearing_on: date_field("hearing_on", &input.hearing_on, &mut own),
        decided_on: date_field("decided_on", &input.decided_on, &mut own),
        served_on: date_field("served_on", &input.served_on, &mut own),
        hearing_requested: input.hearing_requested,
        case_no: input.case_no,
        decision_no: input.decision_no,
        party: input.party,
        party_id_no: input.party_id_no,
        facts: input.facts,
        basis: input.basis,
        kind: input.kind,
        fine: input.fine,
        handled_by: input.handled_by,
        enforcement: input.enforcement,
    };
    checked(NewPenalty::parse(draft), own)
}

/// Checks a case and, once it carries a 决定日期, the review gate (`PENALTY_DECIDED`,
/// 行政处罚法 第五十八条): a linked review of kind 行政处罚 in the caller's scope that passed,
/// unless `historical`.
async fn checked_penalty(
    app: &App,
    scope: &Scope,
    org_id: i64,
    input: PenaltyInput,
    historical: bool,
) -> AppResult<ValidPenalty> {
    let link = input.review.clone();
    let penalty = parse(input)?;
    // Undecided, the gate has nothing to stop yet; a link given is still checked.
    let open = historical || penalty.decided_on.is_none();
    let field = ("review", Some(link.as_str()));
    let review = reviews::check_gate(app, scope, org_id, field, PENALTY_DECIDED, open).await?;
    Ok(ValidPenalty {
        penalty,
        review_id: review.map(|r| r.id),
    })
}

/// The register as the year-list kit reads and writes it.
const PENALTIES: YearRegister<PenaltyRow> = YearRegister::new(AREA, &store::LIST);

/// The year a case is filed under: its decision's, or its filing's while undecided.
fn filed_year(p: &NewPenalty) -> i32 {
    p.decided_on.unwrap_or(p.filed_on).year()
}

/// The masked form of a row, for roles that may not see personal data.
fn masked(mut p: PenaltyRow) -> PenaltyRow {
    p.party_id_no = p.party_id_no.map(|n| mask::mask_id_card(&n));
    p
}

totalled_list! {
    PenaltyList { items: PenaltyRow, totals: PenaltyTotals }, AREA, store, masked: masked;
    ledger: "行政处罚台账", LEDGER_COLUMNS, ledger_row
}

pub async fn create(app: &App, caller: &Caller, input: PenaltyInput) -> AppResult<PenaltyRow> {
    let org = input.org.clone();
    let checked = || async {
        let target = target_org(app, caller, org.as_deref()).await?;
        let historical = input.historical;
        let v = checked_penalty(app, &caller.scope, target.id, input, historical).await?;
        let mut columns = store::columns(filed_year(&v.penalty), &v.penalty, v.review_id);
        columns.push(("historical", historical.into()));
        Ok(columns)
    };
    let row = PENALTIES
        .register(app, caller, org.as_deref(), checked, AppError::from)
        .await?;
    Ok(<Penalties as Register>::present(row))
}

/// The ledger's columns, in the order of `ledger_row`.
const LEDGER_COLUMNS: &[&str] = &[
    "案号",
    "决定书文号",
    "当事人",
    "身份证号码/统一社会信用代码",
    "违法事实",
    "法律依据",
    "处罚种类",
    "罚款金额（元）",
    "承办机构及执法人员",
    "立案日期",
    "告知日期",
    "要求听证",
    "听证日期",
    "决定日期",
    "送达日期",
    "执行情况",
    "合法性审查",
    "所属组织",
    "历史记录",
];

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A stored kind as people read it (a code not in the list as it is).
fn kind_label(code: &str) -> String {
    PenaltyKind::parse(code).map_or_else(|| code.to_owned(), |k| k.label().to_owned())
}

fn ledger_row(p: PenaltyRow) -> Vec<String> {
    let fine = p.fine();
    vec![
        p.case_no,
        p.decision_no.unwrap_or_default(),
        p.party,
        p.party_id_no.unwrap_or_default(),
        p.facts,
        p.basis,
        kind_label(&p.kind),
        fine,
        p.handled_by,
        p.filed_on.to_string(),
        date_text(p.notified_on),
        if p.hearing_requested { "是" } else { "" }.to_owned(),
        date_text(p.hearing_on),
        date_text(p.decided_on),
        date_text(p.served_on),
        p.enforcement.unwrap_or_default(),
        p.review_number.unwrap_or_default(),
        p.org_name,
        if p.historical { "是" } else { "" }.to_owned(),
    ]
}

/// A case's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(p: &PenaltyRow) -> PenaltyInput {
    PenaltyInput {
        org: None,
        case_no: p.case_no.clone(),
        decision_no: p.decision_no.clone().unwrap_or_default(),
        party: p.party.clone(),
        party_id_no: p.party_id_no.clone().unwrap_or_default(),
        facts: p.facts.clone(),
        basis: p.basis.clone(),
        kind: p.kind.clone(),
        fine: p.fine(),
        handled_by: p.handled_by.clone(),
        filed_on: p.filed_on.to_string(),
        notified_on: date_text(p.notified_on),
        hearing_requested: p.hearing_requested,
        hearing_on: date_text(p.hearing_on),
        decided_on: date_text(p.decided_on),
        served_on: date_text(p.served_on),
        enforcement: p.enforcement.clone().unwrap_or_default(),
        review: p.review_number.clone().unwrap_or_default(),
        historical: p.historical,
    }
}

/// The register of penalty decisions, for the kit.
pub struct Penalties;

impl Register for Penalties {
    type Record = PenaltyRow;
    type Input = PenaltyInput;
    type Valid = ValidPenalty;

    const AREA: Area = AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("case_no", "案号"),
        ("decision_no", "决定书文号"),
        ("party", "当事人"),
        ("party_id_no", "身份证号码/统一社会信用代码"),
        ("facts", "违法事实"),
        ("basis", "法律依据"),
        ("kind", "处罚种类"),
        ("fine_fen", "罚款金额（分）"),
        ("handled_by", "承办机构及执法人员"),
        ("filed_on", "立案日期"),
        ("notified_on", "告知日期"),
        ("hearing_requested", "要求听证"),
        ("hearing_on", "听证日期"),
        ("decided_on", "决定日期"),
        ("served_on", "送达日期"),
        ("enforcement", "执行情况"),
        ("review_number", "关联审查"),
    ];
    const FIXED: &'static [&'static str] = &["org", "historical"];

    year_list_record!(PenaltyRow, store::LIST);

    async fn current_input(_app: &App, p: &PenaltyRow) -> AppResult<PenaltyInput> {
        Ok(input_of(p))
    }

    /// The same checks as at registration, the review gate included (a historical case stays
    /// historical: the flag is set on registration only).
    async fn check(
        app: &App,
        caller: &Caller,
        before: &PenaltyRow,
        input: PenaltyInput,
    ) -> AppResult<ValidPenalty> {
        checked_penalty(app, &caller.scope, before.org_id, input, before.historical).await
    }

    async fn write(tx: &mut Tx, before: &PenaltyRow, v: &ValidPenalty) -> AppResult<()> {
        let columns = store::columns(filed_year(&v.penalty), &v.penalty, v.review_id);
        Ok(store::LIST.update(tx, before.id, columns).await?)
    }

    fn present(p: PenaltyRow) -> PenaltyRow {
        masked(p)
    }

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        if change.label == "处罚种类" {
            for v in [&mut change.before, &mut change.after] {
                *v = kind_label(v);
            }
        }
    }
}

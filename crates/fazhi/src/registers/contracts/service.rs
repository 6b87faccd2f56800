//! Contracts: registration, the filtered list with its totals (the page, the API and the export
//! share it), and the register kit's edit, withdraw, restore and history (`Register`).

use chrono::Datelike;
use fazhi_domain::access::Area;
use fazhi_domain::contract::{ContractDraft, NewContract};
use fazhi_domain::publicity::FieldErrors;
use fazhi_domain::review::CONTRACT_SIGNED;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::{ContractRow, ContractTotals};
use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::registers::reviews::service as reviews;
use crate::service::publicity::{date_field, target_org};
use crate::service::year_lists::{totalled_list, year_list_record, YearRegister};
use crate::service::revision::Register;
use crate::service::study::checked;
use crate::service::Caller;
use crate::storage::{Scope, Tx};

/// A contract as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContractInput {
    /// Code of the organisation that signs it; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 合同名称
    pub title: String,
    /// 合同相对方
    pub counterparty: String,
    /// The counterparty's 统一社会信用代码 (GB 32100, checked); blank for a natural person.
    pub counterparty_code: String,
    /// 合同金额 in yuan as typed: `120000`, `12.5万`; blank when there is none.
    pub amount: String,
    /// 承办单位/经办人
    pub handled_by: String,
    /// 签订日期, blank while not yet signed: 2024-03-05 (also 2024/3/5, 2024年3月5日).
    pub signed_on: String,
    /// 履行期限自
    pub starts_on: String,
    /// 履行期限至
    pub ends_on: String,
    /// 合法性审查: the legal adviser's opinion it went through (意见书编号 or a note), as
    /// recorded before reviews were linked.
    pub review_ref: String,
    /// The legality review (kind 合同协议) it went through: its number (合审〔2025〕3号) or id.
    /// A contract with a 签订日期 needs one that passed (合法, or 修改后合法 with the changes
    /// adopted), unless it is historical: otherwise 409 `review_required`.
    #[serde(deserialize_with = "reviews::id_or_text")]
    #[schema(value_type = String)]
    pub review: String,
    /// Registered as predating fazhi (let through the review gate, marked so on its page). Only
    /// on registration.
    pub historical: bool,
    /// 履行情况
    pub performance: String,
}

/// A checked contract and the review it links.
pub struct ValidContract {
    pub contract: NewContract,
    pub review_id: Option<i64>,
}

/// Checks a contract as entered and, when it is signed, the review gate (`CONTRACT_SIGNED`):
/// a linked review of kind 合同协议 in the caller's scope that passed, unless `historical`.
async fn checked_contract(
    app: &App,
    scope: &Scope,
    org_id: i64,
    input: ContractInput,
    historical: bool,
) -> AppResult<ValidContract> {
    let link = input.review.clone();
    let contract = parse(input)?;
    // Unsigned, the gate has nothing to stop yet; a link given is still checked.
    let open = historical || contract.signed_on.is_none();
    let field = ("review", Some(link.as_str()));
    let review = reviews::check_gate(app, scope, org_id, field, CONTRACT_SIGNED, open).await?;
    Ok(ValidContract {
        contract,
        review_id: review.map(|r| r.id),
    })
}

/// The register as the year-list kit reads and writes it.
const CONTRACTS: YearRegister<ContractRow> = YearRegister::new(Area::LegalReview, &store::LIST);

/// The year a contract is filed under: its signing's, or the registration's while unsigned.
fn filed_year(c: &NewContract, registered: chrono::NaiveDate) -> i32 {
    c.signed_on.unwrap_or(registered).year()
}

/// Checks a contract as entered (registration and edit alike).
fn parse(input: ContractInput) -> AppResult<NewContract> {
    let mut own = FieldErrors::new();
    let draft = ContractDraft {
        signed_on: date_field("signed_on", &input.signed_on, &mut own),
        starts_on: date_field("starts_on", &input.starts_on, &mut own),
        ends_on: date_field("ends_on", &input.ends_on, &mut own),
        title: input.title,
        counterparty: input.counterparty,
        counterparty_code: input.counterparty_code,
        amount: input.amount,
        handled_by: input.handled_by,
        review_ref: input.review_ref,
        performance: input.performance,
    };
    checked(NewContract::parse(draft), own)
}

totalled_list! {
    ContractList { items: ContractRow, totals: ContractTotals }, Area::LegalReview, store;
    ledger: "对外协议合同台账", LEDGER_COLUMNS, ledger_row
}

pub async fn create(app: &App, caller: &Caller, input: ContractInput) -> AppResult<ContractRow> {
    let org = input.org.clone();
    let checked = || async {
        let target = target_org(app, caller, org.as_deref()).await?;
        let historical = input.historical;
        let v = checked_contract(app, &caller.scope, target.id, input, historical).await?;
        let year = filed_year(&v.contract, crate::clock::today());
        let mut columns = store::columns(year, &v.contract, v.review_id);
        columns.push(("historical", historical.into()));
        Ok(columns)
    };
    CONTRACTS.register(app, caller, org.as_deref(), checked, AppError::from).await
}

/// The ledger's columns, in the order of `ledger_row`.
const LEDGER_COLUMNS: &[&str] = &[
    "合同名称",
    "合同相对方",
    "统一社会信用代码",
    "合同金额（元）",
    "承办单位/经办人",
    "签订日期",
    "履行期限自",
    "履行期限至",
    "合法性审查",
    "审查编号",
    "履行情况",
    "所属组织",
    "历史记录",
];

fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn ledger_row(c: ContractRow) -> Vec<String> {
    let amount = c.amount();
    vec![
        c.title,
        c.counterparty,
        c.counterparty_code.unwrap_or_default(),
        amount,
        c.handled_by,
        date_text(c.signed_on),
        date_text(c.starts_on),
        date_text(c.ends_on),
        c.review_ref.unwrap_or_default(),
        c.review_number.unwrap_or_default(),
        c.performance.unwrap_or_default(),
        c.org_name,
        if c.historical { "是" } else { "" }.to_owned(),
    ]
}

/// A contract's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(c: &ContractRow) -> ContractInput {
    ContractInput {
        org: None,
        title: c.title.clone(),
        counterparty: c.counterparty.clone(),
        counterparty_code: c.counterparty_code.clone().unwrap_or_default(),
        amount: c.amount(),
        handled_by: c.handled_by.clone(),
        signed_on: date_text(c.signed_on),
        starts_on: date_text(c.starts_on),
        ends_on: date_text(c.ends_on),
        review_ref: c.review_ref.clone().unwrap_or_default(),
        review: c.review_number.clone().unwrap_or_default(),
        historical: c.historical,
        performance: c.performance.clone().unwrap_or_default(),
    }
}

/// The register of contracts, for the kit.
pub struct Contracts;

impl Register for Contracts {
    type Record = ContractRow;
    type Input = ContractInput;
    type Valid = ValidContract;

    const AREA: Area = Area::LegalReview;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("title", "合同名称"),
        ("counterparty", "合同相对方"),
        ("counterparty_code", "统一社会信用代码"),
        ("amount_fen", "合同金额（分）"),
        ("handled_by", "承办单位/经办人"),
        ("signed_on", "签订日期"),
        ("starts_on", "履行期限自"),
        ("ends_on", "履行期限至"),
        ("review_ref", "合法性审查"),
        ("review_number", "关联审查"),
        ("performance", "履行情况"),
    ];
    const FIXED: &'static [&'static str] = &["org", "historical"];

    year_list_record!(ContractRow, store::LIST);

    async fn current_input(_app: &App, c: &ContractRow) -> AppResult<ContractInput> {
        Ok(input_of(c))
    }

    /// The same checks as at registration, the review gate included (a historical contract
    /// stays historical: the flag is set on registration only).
    async fn check(
        app: &App,
        caller: &Caller,
        before: &ContractRow,
        input: ContractInput,
    ) -> AppResult<ValidContract> {
        checked_contract(app, &caller.scope, before.org_id, input, before.historical).await
    }

    async fn write(tx: &mut Tx, before: &ContractRow, v: &ValidContract) -> AppResult<()> {
        let year = filed_year(&v.contract, crate::clock::beijing_date(before.created_at));
        let columns = store::columns(year, &v.contract, v.review_id);
        Ok(store::LIST.update(tx, before.id, columns).await?)
    }
}

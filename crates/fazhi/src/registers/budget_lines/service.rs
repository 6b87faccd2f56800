//! Budget lines: the one input (amounts as typed, in yuan; stored in fen, never floats), the
//! check, the ledger and the kit's edit, withdraw, restore and history, all through
//! `service::simple_register`.

use fazhi_domain::access::Area;
use fazhi_domain::leadership::{BudgetLineDraft, BudgetLineKind, NewBudgetLine};
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::BudgetLineRow;
use crate::app::App;
use crate::error::AppResult;
use crate::service::revision::{relabel_code, Register};
use crate::service::simple_register::{simple_register, SimpleRegister};
use crate::service::study::checked;
use crate::service::Caller;
use crate::storage::records::Columns;
use crate::storage::year_lists::YearList;

/// A budget line as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BudgetLineInput {
    /// Code of the organisation whose budget it is; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 年度, e.g. 2023 (text or number).
    #[serde(deserialize_with = "crate::registers::reviews::service::id_or_text")]
    #[schema(value_type = String)]
    pub year: String,
    /// 经费项目: publicity / mediation / adviser / legal_aid / other, or 普法 / 人民调解 /
    /// 法律顾问 / 法律援助 / 其他.
    pub line: String,
    /// 预算金额 in yuan as typed: `20000`, `2万`, `19999.50` (two decimals at most).
    pub budgeted: String,
    /// 实际支出 in yuan, as typed.
    pub spent: String,
    /// 说明
    pub note: String,
}

/// The register of budget lines, for the kit.
pub struct BudgetLines;

/// A stored line as people read it (a code not in the list as it is).
pub fn line_label(code: &str) -> String {
    BudgetLineKind::parse(code).map_or_else(|| code.to_owned(), |k| k.label().to_owned())
}

impl SimpleRegister for BudgetLines {
    const LIST: &'static YearList = &store::LIST;
    const SHEET: &'static str = "法治建设经费台账";
    const LEDGER_COLUMNS: &'static [&'static str] = &[
        "年度",
        "经费项目",
        "预算金额（元）",
        "实际支出（元）",
        "说明",
        "所属组织",
    ];

    fn ledger_row(b: BudgetLineRow) -> Vec<String> {
        let (budgeted, spent) = b.yuan();
        vec![
            b.year.to_string(),
            line_label(&b.line),
            budgeted,
            spent,
            b.note.unwrap_or_default(),
            b.org_name,
        ]
    }

    fn org_of(input: &BudgetLineInput) -> Option<String> {
        input.org.clone()
    }

    async fn validate(
        _app: &App,
        _caller: &Caller,
        _org_id: i64,
        input: BudgetLineInput,
    ) -> AppResult<NewBudgetLine> {
        let mut own = fazhi_domain::publicity::FieldErrors::new();
        let year = match input.year.trim().trim_end_matches('年') {
            "" => None,
            y => match y.parse::<i32>() {
                Ok(y) => Some(y),
                Err(_) => {
                    own.insert("year".to_owned(), format!("年度「{y}」不对，请写成 2023"));
                    None
                }
            },
        };
        let draft = BudgetLineDraft {
            year,
            line: input.line,
            budgeted: input.budgeted,
            spent: input.spent,
            note: input.note,
        };
        checked(NewBudgetLine::parse(draft), own)
    }

    fn columns(v: &NewBudgetLine) -> Columns {
        store::columns(v)
    }
}

/// A line's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(b: &BudgetLineRow) -> BudgetLineInput {
    let (budgeted, spent) = b.yuan();
    BudgetLineInput {
        org: None,
        year: b.year.to_string(),
        line: b.line.clone(),
        budgeted,
        spent,
        note: b.note.clone().unwrap_or_default(),
    }
}

impl Register for BudgetLines {
    type Record = BudgetLineRow;
    type Input = BudgetLineInput;
    type Valid = NewBudgetLine;

    const AREA: Area = crate::registers::meetings::service::AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("year", "年度"),
        ("line", "经费项目"),
        ("budgeted_fen", "预算金额（分）"),
        ("spent_fen", "实际支出（分）"),
        ("note", "说明"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    simple_register!(BudgetLineRow, store::LIST, input_of);

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        relabel_code(change, "经费项目", |c| {
            BudgetLineKind::parse(c).map(BudgetLineKind::label)
        });
    }
}

//! Work rules: the one input, the check, the ledger and the kit's edit, withdraw, restore and
//! history, all through `service::simple_register`.

use fazhi_domain::access::Area;
use fazhi_domain::leadership::{NewWorkRule, RuleStatus, WorkRuleDraft};
use fazhi_domain::publicity::FieldErrors;
use serde::{Deserialize, Serialize};

use super::store;
pub use super::store::WorkRuleRow;
use crate::app::App;
use crate::error::AppResult;
use crate::service::publicity::date_field;
use crate::service::revision::{relabel_code, Register};
use crate::service::simple_register::{date_text, simple_register, SimpleRegister};
use crate::service::study::checked;
use crate::service::Caller;
use crate::storage::records::Columns;
use crate::storage::year_lists::YearList;

/// A work rule as entered: registration, the edit form and a `PATCH` (with `version`) fill it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct WorkRuleInput {
    /// Code of the organisation that adopted it; the caller's own when left out. Only on
    /// registration.
    pub org: Option<String>,
    /// 制度名称
    pub title: String,
    /// 制定日期: 2023-03-05 (also 2023/3/5, 2023年3月5日).
    pub adopted_on: String,
    /// 制定机关或会议, e.g. 镇党委会.
    pub adopted_by: String,
    /// 文件文号
    pub document: String,
    /// 状态: in_force / revised / repealed, or 在用 / 已修订 / 已废止; blank is 在用.
    pub status: String,
    /// 评估日期: when the rule is next reviewed.
    pub review_on: String,
}

/// The register of work rules, for the kit.
pub struct WorkRules;

/// A stored status as people read it (a code not in the list as it is).
pub fn status_label(code: &str) -> String {
    RuleStatus::parse(code).map_or_else(|| code.to_owned(), |s| s.label().to_owned())
}

impl SimpleRegister for WorkRules {
    const LIST: &'static YearList = &store::LIST;
    const SHEET: &'static str = "法治建设工作制度台账";
    const LEDGER_COLUMNS: &'static [&'static str] = &[
        "制度名称",
        "制定日期",
        "制定机关或会议",
        "文件文号",
        "状态",
        "评估日期",
        "所属组织",
    ];

    fn ledger_row(w: WorkRuleRow) -> Vec<String> {
        vec![
            w.title,
            w.adopted_on.to_string(),
            w.adopted_by,
            w.document.unwrap_or_default(),
            status_label(&w.status),
            date_text(w.review_on),
            w.org_name,
        ]
    }

    fn org_of(input: &WorkRuleInput) -> Option<String> {
        input.org.clone()
    }

    async fn validate(
        _app: &App,
        _caller: &Caller,
        _org_id: i64,
        input: WorkRuleInput,
    ) -> AppResult<NewWorkRule> {
        let mut own = FieldErrors::new();
        let draft = WorkRuleDraft {
            adopted_on: date_field("adopted_on", &input.adopted_on, &mut own),
            review_on: date_field("review_on", &input.review_on, &mut own),
            title: input.title,
            adopted_by: input.adopted_by,
            document: input.document,
            status: input.status,
        };
        checked(NewWorkRule::parse(draft), own)
    }

    fn columns(v: &NewWorkRule) -> Columns {
        store::columns(v)
    }
}

/// A rule's values as input: the edit form starts from them, a `PATCH` replaces some.
pub fn input_of(w: &WorkRuleRow) -> WorkRuleInput {
    WorkRuleInput {
        org: None,
        title: w.title.clone(),
        adopted_on: w.adopted_on.to_string(),
        adopted_by: w.adopted_by.clone(),
        document: w.document.clone().unwrap_or_default(),
        status: w.status.clone(),
        review_on: date_text(w.review_on),
    }
}

impl Register for WorkRules {
    type Record = WorkRuleRow;
    type Input = WorkRuleInput;
    type Valid = NewWorkRule;

    const AREA: Area = crate::registers::meetings::service::AREA;
    const LABELS: &'static [(&'static str, &'static str)] = &[
        ("title", "制度名称"),
        ("adopted_on", "制定日期"),
        ("adopted_by", "制定机关或会议"),
        ("document", "文件文号"),
        ("status", "制度状态"),
        ("review_on", "评估日期"),
    ];
    const FIXED: &'static [&'static str] = &["org"];

    simple_register!(WorkRuleRow, store::LIST, input_of);

    fn relabel(change: &mut fazhi_domain::revision::FieldChange) {
        relabel_code(change, "制度状态", |c| RuleStatus::parse(c).map(RuleStatus::label));
    }
}

//! Deadline rules as data (`data/deadline_rules.json`), each with its legal source.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

const SHIPPED_RULES: &str = include_str!("../../../../data/deadline_rules.json");

/// The unit a period is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    CalendarDays,
    WorkingDays,
    Months,
    Hours,
}

impl Unit {
    /// "个工作日", "日", "个月", "小时".
    pub fn label(self) -> &'static str {
        match self {
            Unit::CalendarDays => "日",
            Unit::WorkingDays => "个工作日",
            Unit::Months => "个月",
            Unit::Hours => "小时",
        }
    }
}

/// A deadline ("within n days") or a minimum period ("at least n days").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    #[default]
    Deadline,
    /// The gated act may happen only after the period has run (e.g. ≥ 7 working days of
    /// legality review, ≥ 30 days of public comment).
    Minimum,
}

/// Counted forward from the start event, or back from it ("7日前通知").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    #[default]
    After,
    Before,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Missing it is unlawful: shown as overdue, blocks where the register says so.
    Hard,
    /// A norm ("一般"): warn and record the reason.
    Warning,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    National,
    /// Provincial or sector rules may set another value.
    RegionalOverridable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    Certain,
    Likely,
    Unsure,
}

impl Certainty {
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Certain => "已核对原文",
            Certainty::Likely => "较确定，待核对原文",
            Certainty::Unsure => "不确定，须人工核对",
        }
    }
}

/// Where a rule comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalSource {
    /// 《…》 without the brackets, e.g. 政府信息公开条例（国务院令第711号修订）.
    pub instrument: String,
    /// e.g. 第三十三条; empty for documents cited as a whole.
    pub article: String,
    /// Date of the version relied on (YYYY, YYYY-MM or YYYY-MM-DD).
    pub version_date: String,
    pub certainty: Certainty,
    /// A paraphrase of the rule, not verbatim text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

impl LegalSource {
    /// 《政府信息公开条例（国务院令第711号修订）》第三十三条（2019-04-03版）
    pub fn citation(&self) -> String {
        format!(
            "《{}》{}（{}版）",
            self.instrument, self.article, self.version_date
        )
    }
}

/// How a deadline may be extended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRule {
    /// Longest total extension, in the rule's unit.
    pub max_length: u32,
    /// Role code that may approve (see PRODUCT §1), e.g. `leader`.
    pub approver_role: String,
    /// Who approves, as the law names it, e.g. 政府信息公开工作机构负责人.
    pub approver: String,
}

/// One statutory period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineRule {
    /// Stable code, `register.what`, e.g. `disclosure.request_reply`.
    pub code: String,
    pub name: String,
    pub register: String,
    /// The event the period runs from (or, for `before` rules, back from).
    pub start_event: String,
    #[serde(default)]
    pub kind: RuleKind,
    #[serde(default)]
    pub direction: Direction,
    pub length: u32,
    pub unit: Unit,
    /// Normally false: 民法典 Art. 201 — the start day is not counted.
    pub start_day_counts: bool,
    /// A calendar-day or month period ending on a rest day ends on the next working day.
    pub roll_forward_on_rest: bool,
    pub extension: Option<ExtensionRule>,
    /// Suspension intervals (third-party consultation, hearings …) are not counted.
    pub excludes_suspensions: bool,
    pub severity: Severity,
    pub scope: Scope,
    pub source: LegalSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Deserialize, Serialize)]
struct RulesFile {
    format: String,
    #[serde(default)]
    note: String,
    rules: Vec<DeadlineRule>,
}

/// A validated rule set, looked up by code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSet {
    rules: Vec<DeadlineRule>,
}

impl RuleSet {
    /// Parses a rules JSON document (the shipped format) and checks it.
    pub fn from_json(text: &str) -> Result<RuleSet, String> {
        let file: RulesFile =
            serde_json::from_str(text).map_err(|e| format!("期限规则文件格式错误：{e}"))?;
        if file.format != "fazhi deadline rules v1" {
            return Err(format!("不支持的期限规则文件版本“{}”", file.format));
        }
        let mut problems = Vec::new();
        let mut rules = file.rules;
        rules.sort_by(|a, b| a.code.cmp(&b.code));
        for pair in rules.windows(2) {
            if pair[0].code == pair[1].code {
                problems.push(format!("规则代码“{}”重复", pair[0].code));
            }
        }
        for r in &rules {
            if r.length == 0 {
                problems.push(format!("规则“{}”的期限长度为0", r.code));
            }
            if r.direction == Direction::Before && (r.extension.is_some() || r.roll_forward_on_rest)
            {
                problems.push(format!("规则“{}”向前推算，不能设延长或顺延", r.code));
            }
            if r.unit == Unit::Hours && r.roll_forward_on_rest {
                problems.push(format!("规则“{}”按小时计算，不适用节假日顺延", r.code));
            }
        }
        if problems.is_empty() {
            Ok(RuleSet { rules })
        } else {
            Err(problems.join("；"))
        }
    }

    pub fn get(&self, code: &str) -> Option<&DeadlineRule> {
        self.rules
            .binary_search_by(|r| r.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.rules[i])
    }

    /// All rules, sorted by code.
    pub fn all(&self) -> &[DeadlineRule] {
        &self.rules
    }

    /// Rules of one register (`dispute`, `disclosure` …).
    pub fn for_register<'a>(&'a self, register: &'a str) -> impl Iterator<Item = &'a DeadlineRule> {
        self.rules.iter().filter(move |r| r.register == register)
    }
}

/// The rules shipped in `data/deadline_rules.json`, parsed once.
pub fn shipped_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        RuleSet::from_json(SHIPPED_RULES)
            .expect("shipped deadline_rules.json is checked by the tests")
    })
}

//! Legality review (合法性审查) by the legal adviser, and the gate that other registers declare:
//! "this record cannot reach state X without a passing review of kind K".
//!
//! The seed's town sends four kinds of matter to its legal adviser before they are decided,
//! signed or carried out (statutes.md §3): 重大行政决策, 对外签订协议合同, 行政执法处罚 and
//! 重大矛盾纠纷调处方案; normative documents are reviewed before issue without exception
//! (国办发〔2018〕115号). The minimum review times are deadline rules
//! (`data/deadline_rules.json`: `review.major_decision_min`, 重大行政决策程序暂行条例 第二十六条,
//! and `review.normative_min`), so the earliest day an opinion may be asked for is explained like
//! every other deadline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::deadline::{
    compute_due, shipped_rules, DeadlineState, DeadlineStatus, DueDate, DUE_SOON_WORKING_DAYS,
};
use crate::dispute::code_enum;
use crate::publicity::{optional_text, required_text, FieldErrors};

code_enum! {
    /// What is sent for review.
    ReviewKind {
        MajorDecision = "major_decision", "重大行政决策";
        Contract = "contract", "合同协议";
        Penalty = "penalty", "行政处罚";
        MediationPlan = "mediation_plan", "重大矛盾纠纷调处方案";
        NormativeDocument = "normative_document", "行政规范性文件";
    }
}

impl ReviewKind {
    /// The deadline rule that fixes the least time the reviewer must be given, if any.
    pub fn minimum_rule(self) -> Option<&'static str> {
        match self {
            ReviewKind::MajorDecision => Some("review.major_decision_min"),
            ReviewKind::NormativeDocument => Some("review.normative_min"),
            ReviewKind::Contract | ReviewKind::Penalty | ReviewKind::MediationPlan => None,
        }
    }
}

code_enum! {
    /// The adviser's conclusion (statutes.md §3).
    Conclusion {
        Lawful = "lawful", "合法";
        LawfulAfterChanges = "lawful_after_changes", "修改后合法";
        Unlawful = "unlawful", "不合法";
        RiskNoted = "risk_noted", "明示法律风险";
    }
}

code_enum! {
    /// Where a request stands.
    ReviewStatus {
        Sent = "sent", "待审查";
        Answered = "answered", "已出具意见";
        Closed = "closed", "已反馈采纳情况";
    }
}

/// The longest text of a request or an opinion, in characters.
pub const MAX_TEXT: usize = 10_000;

/// A request as the requesting staff enter it. The adviser is chosen by the service (it must be
/// a user with the adviser role in scope); dates arrive parsed.
#[derive(Clone, Debug, Default)]
pub struct RequestDraft {
    pub kind: String,
    pub title: String,
    pub requesting_unit: String,
    /// What is to be decided, signed or carried out, and why.
    pub subject: String,
    /// The legal and policy basis the requester relies on.
    pub basis: String,
    /// The procedure followed so far (公众参与、专家论证、风险评估 …) and the materials attached.
    pub procedure: String,
    pub sent_on: Option<NaiveDate>,
    /// The day the requester asks for the opinion by; blank means the earliest the rules allow
    /// (or, for a kind without a minimum, five working days).
    pub wanted_by: Option<NaiveDate>,
}

/// A checked request, ready to store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewRequest {
    pub kind: ReviewKind,
    pub title: String,
    pub requesting_unit: String,
    pub subject: String,
    pub basis: Option<String>,
    pub procedure: Option<String>,
    pub sent_on: NaiveDate,
    /// When the opinion is due: never sooner than the minimum review time.
    pub due_on: NaiveDate,
}

/// Working days a kind without a statutory minimum gets when the requester names no date.
pub const DEFAULT_REVIEW_DAYS: u32 = 5;

impl NewRequest {
    pub fn parse(d: RequestDraft, cal: &Calendar) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = ReviewKind::parse(&d.kind);
        if kind.is_none() {
            errors.insert(
                "kind".to_owned(),
                format!(
                    "请选择审查类型：{}",
                    ReviewKind::ALL
                        .iter()
                        .map(|k| k.label())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            );
        }
        let title = required_text(
            "title",
            "事项名称",
            "某村人居环境整治项目施工合同",
            &d.title,
            200,
            &mut errors,
        );
        let requesting_unit = required_text(
            "requesting_unit",
            "送审单位",
            "党政办",
            &d.requesting_unit,
            100,
            &mut errors,
        );
        let subject = required_text(
            "subject",
            "主要内容",
            "拟与某公司签订施工合同，金额 12 万元",
            &d.subject,
            MAX_TEXT,
            &mut errors,
        );
        let basis = optional_text("basis", "法律依据", &d.basis, MAX_TEXT, &mut errors);
        let procedure = optional_text(
            "procedure",
            "履行程序及材料",
            &d.procedure,
            MAX_TEXT,
            &mut errors,
        );
        let Some(sent_on) = d.sent_on else {
            errors.insert("sent_on".to_owned(), "请填写送审日期".to_owned());
            return Err(errors);
        };
        let due_on = kind.and_then(|kind| match review_due(kind, sent_on, d.wanted_by, cal) {
            Ok(due) => Some(due),
            Err(refusal) => {
                errors.insert("wanted_by".to_owned(), refusal.to_string());
                None
            }
        });
        match (kind, due_on) {
            (Some(kind), Some(due_on)) if errors.is_empty() => Ok(NewRequest {
                kind,
                title,
                requesting_unit,
                subject,
                basis,
                procedure,
                sent_on,
                due_on,
            }),
            _ => Err(errors),
        }
    }
}

/// A request that asks for the opinion sooner than the law allows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{kind}的合法性审查时间不得少于{days}个工作日（{citation}）：{sent_on}送审，最早可要求{earliest}出具意见"
)]
pub struct TooSoon {
    pub kind: &'static str,
    pub days: u32,
    pub citation: String,
    pub sent_on: NaiveDate,
    pub earliest: NaiveDate,
}

/// The earliest day an opinion may be asked for, explained; `None` for a kind without a minimum.
pub fn minimum_due(kind: ReviewKind, sent_on: NaiveDate, cal: &Calendar) -> Option<DueDate> {
    let rule = shipped_rules().get(kind.minimum_rule()?)?;
    Some(compute_due(rule, sent_on, &[], &[], cal))
}

/// When the opinion is due: the day asked for if it respects the minimum review time, the
/// minimum itself when none is asked for, and [`DEFAULT_REVIEW_DAYS`] working days for a kind
/// without a minimum.
pub fn review_due(
    kind: ReviewKind,
    sent_on: NaiveDate,
    wanted_by: Option<NaiveDate>,
    cal: &Calendar,
) -> Result<NaiveDate, TooSoon> {
    let Some(minimum) = minimum_due(kind, sent_on, cal) else {
        return Ok(wanted_by.unwrap_or_else(|| cal.add_workdays(sent_on, DEFAULT_REVIEW_DAYS).date));
    };
    match wanted_by {
        None => Ok(minimum.due),
        Some(day) if day >= minimum.due => Ok(day),
        Some(_) => {
            let rule = shipped_rules()
                .get(kind.minimum_rule().unwrap_or_default())
                .map(|r| (r.length, r.source.citation()));
            let (days, citation) = rule.unwrap_or_default();
            Err(TooSoon {
                kind: kind.label(),
                days,
                citation,
                sent_on,
                earliest: minimum.due,
            })
        }
    }
}

/// Where a request's due date stands on `today`, as every deadline is shown (未到期 / 即将到期 /
/// 已逾期), with the working days left (negative once overdue).
pub fn due_status(due_on: NaiveDate, today: NaiveDate, cal: &Calendar) -> DeadlineStatus {
    let remaining = cal.workdays_between(today, due_on);
    let state = if today > due_on {
        DeadlineState::Overdue
    } else if remaining <= DUE_SOON_WORKING_DAYS {
        DeadlineState::DueSoon
    } else {
        DeadlineState::OnTime
    };
    DeadlineStatus {
        state,
        working_days_remaining: remaining,
    }
}

/// How a request's due date was fixed, line by line: the minimum review time counted from the
/// day it was sent (the deadline rule's own explanation), then the later day asked for, if any.
pub fn due_explanation(
    kind: ReviewKind,
    sent_on: NaiveDate,
    due_on: NaiveDate,
    cal: &Calendar,
) -> Vec<String> {
    let mut lines = match minimum_due(kind, sent_on, cal) {
        Some(minimum) => {
            let mut lines = minimum.explanation.lines();
            if due_on > minimum.due {
                lines.push(format!(
                    "送审单位要求于 {due_on} 前出具意见，晚于最短审查期限届满日 {}",
                    minimum.due
                ));
            }
            lines
        }
        None => vec![format!(
            "{}的审查时间无法定最短期限；{sent_on} 送审，未指定日期时给予 {DEFAULT_REVIEW_DAYS} 个工作日",
            kind.label()
        )],
    };
    lines.push(format!("审查意见应于 {due_on} 前出具"));
    lines
}

/// The adviser's opinion as entered.
#[derive(Clone, Debug, Default)]
pub struct OpinionDraft {
    pub conclusion: String,
    pub text: String,
    pub answered_on: Option<NaiveDate>,
}

/// A checked opinion.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Opinion {
    pub conclusion: Conclusion,
    pub text: String,
    pub answered_on: NaiveDate,
}

impl Opinion {
    pub fn parse(d: OpinionDraft, sent_on: NaiveDate) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let conclusion = Conclusion::parse(&d.conclusion);
        if conclusion.is_none() {
            errors.insert(
                "conclusion".to_owned(),
                "请选择审查结论：合法、修改后合法、不合法或明示法律风险".to_owned(),
            );
        }
        let text = required_text(
            "text",
            "审查意见",
            "经审查，该合同主体适格、内容合法，建议在第八条补充违约责任条款",
            &d.text,
            MAX_TEXT,
            &mut errors,
        );
        match d.answered_on {
            None => {
                errors.insert("answered_on".to_owned(), "请填写出具意见日期".to_owned());
            }
            Some(day) if day < sent_on => {
                errors.insert(
                    "answered_on".to_owned(),
                    format!("出具意见日期 {day} 早于送审日期 {sent_on}，请核对"),
                );
            }
            Some(_) => {}
        }
        match (conclusion, d.answered_on) {
            (Some(conclusion), Some(answered_on)) if errors.is_empty() => Ok(Opinion {
                conclusion,
                text,
                answered_on,
            }),
            _ => Err(errors),
        }
    }
}

/// What the requester reports back: whether the opinion was adopted and, if not, why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Adoption {
    pub adopted: bool,
    pub reason: Option<String>,
}

impl Adoption {
    /// A reason is required when the opinion was not adopted (国办发〔2018〕115号: the drafting
    /// unit gives reasons for any part it does not adopt).
    pub fn parse(adopted: bool, reason: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = optional_text("reason", "未采纳理由", reason, MAX_TEXT, &mut errors);
        if !adopted && reason.is_none() {
            errors.insert(
                "reason".to_owned(),
                "未采纳审查意见的，请写明理由".to_owned(),
            );
        }
        if errors.is_empty() {
            Ok(Adoption { adopted, reason })
        } else {
            Err(errors)
        }
    }
}

/// A review as the gate sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewOutcome {
    pub number: String,
    pub kind: ReviewKind,
    pub conclusion: Option<Conclusion>,
    pub adopted: Option<bool>,
    pub withdrawn: bool,
}

impl ReviewOutcome {
    /// 合法, or 修改后合法 with the changes recorded as adopted.
    pub fn passes(&self) -> bool {
        !self.withdrawn
            && match self.conclusion {
                Some(Conclusion::Lawful) => true,
                Some(Conclusion::LawfulAfterChanges) => self.adopted == Some(true),
                _ => false,
            }
    }

    /// Why this review does not open the gate, in the words the page shows.
    fn shortfall(&self) -> String {
        let n = &self.number;
        if self.withdrawn {
            return format!("审查 {n} 已作废");
        }
        match self.conclusion {
            None => format!("审查 {n} 尚未出具意见"),
            Some(Conclusion::LawfulAfterChanges) => {
                format!("审查 {n} 结论为「修改后合法」，但尚未记录已采纳修改意见")
            }
            Some(c) => format!("审查 {n} 结论为「{}」", c.label()),
        }
    }
}

/// A register's declaration that a state needs a passing review first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Gate {
    pub kind: ReviewKind,
    /// What the record would become, e.g. 「签订」.
    pub action: &'static str,
}

/// The gates of statutes.md §3, one per register that declares one.
pub const CONTRACT_SIGNED: Gate = Gate {
    kind: ReviewKind::Contract,
    action: "签订",
};
pub const DECISION_MADE: Gate = Gate {
    kind: ReviewKind::MajorDecision,
    action: "作出决定",
};
pub const DOCUMENT_ISSUED: Gate = Gate {
    kind: ReviewKind::NormativeDocument,
    action: "印发",
};
pub const PENALTY_DECIDED: Gate = Gate {
    kind: ReviewKind::Penalty,
    action: "作出处罚决定",
};
pub const PLAN_CARRIED_OUT: Gate = Gate {
    kind: ReviewKind::MediationPlan,
    action: "实施",
};

/// The gate's refusal: which review is missing and why the linked ones do not count.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ReviewRequired {
    pub kind: ReviewKind,
    pub message: String,
}

impl Gate {
    /// Opens when one linked review of this gate's kind passes. A record imported as historical
    /// (it predates fazhi) is let through and stays marked so; nobody else is, an admin included.
    pub fn check(&self, linked: &[ReviewOutcome], historical: bool) -> Result<(), ReviewRequired> {
        if historical {
            return Ok(());
        }
        let of_kind: Vec<&ReviewOutcome> = linked.iter().filter(|r| r.kind == self.kind).collect();
        if of_kind.iter().any(|r| r.passes()) {
            return Ok(());
        }
        let kind = self.kind.label();
        let base = format!(
            "{}前须经合法性审查（{kind}）：需有结论为「合法」，或「修改后合法」且已采纳修改意见的审查",
            self.action
        );
        let message = if of_kind.is_empty() {
            format!("{base}。请先送请法律顾问审查，并关联该审查")
        } else {
            let why: Vec<String> = of_kind.iter().map(|r| r.shortfall()).collect();
            format!("{base}；{}", why.join("；"))
        };
        Err(ReviewRequired {
            kind: self.kind,
            message,
        })
    }
}

#[cfg(test)]
mod tests;

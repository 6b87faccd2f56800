//! Major administrative decisions (重大行政决策): the five statutory procedures, what the
//! submission package must hold before collective discussion, and the record of that discussion.
//!
//! 重大行政决策程序暂行条例 (国务院令第713号) applies to townships by reference (第四十二条).
//! Its procedures are 公众参与 (第十四至十八条), 专家论证 (第十九至二十一条), 风险评估
//! (第二十二至二十四条), 合法性审查 (第二十五至二十八条) and 集体讨论决定 (第三十条); the package
//! tabled for discussion holds the record of each procedure carried out (第二十九条). Legality
//! review may never be skipped (第二十五条); the other three may be found not applicable, with the
//! reason recorded.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::deadline::{due_date_only, shipped_rules};
use crate::dispute::code_enum;
use crate::review::{ReviewOutcome, ReviewRequired, DECISION_MADE};

code_enum! {
    /// The procedures before collective discussion.
    Procedure {
        PublicParticipation = "public_participation", "公众参与";
        ExpertReview = "expert_review", "专家论证";
        RiskAssessment = "risk_assessment", "风险评估";
        LegalityReview = "legality_review", "合法性审查";
    }
}

impl Procedure {
    /// Whether the procedure may be found not applicable (with a reason).
    pub fn may_be_skipped(self) -> bool {
        !matches!(self, Procedure::LegalityReview)
    }

    /// The document the submission package must hold for it (第二十九条).
    pub fn package_item(self) -> &'static str {
        match self {
            Procedure::PublicParticipation => "社会公众意见采纳情况",
            Procedure::ExpertReview => "专家论证意见及采纳情况",
            Procedure::RiskAssessment => "风险评估报告",
            Procedure::LegalityReview => "合法性审查意见",
        }
    }

    /// The article that sets the procedure, for messages.
    pub fn article(self) -> &'static str {
        match self {
            Procedure::PublicParticipation => "第十四条至第十八条",
            Procedure::ExpertReview => "第十九条至第二十一条",
            Procedure::RiskAssessment => "第二十二条至第二十四条",
            Procedure::LegalityReview => "第二十五条至第二十八条",
        }
    }
}

/// What was done for one procedure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureRecord {
    /// `Some(false)` when found not applicable; `None` while undecided.
    pub applicable: Option<bool>,
    /// Why it does not apply (required when not applicable).
    pub reason: String,
    pub done_on: Option<NaiveDate>,
    /// The attachment or document that evidences it (its id or reference).
    pub evidence: String,
}

/// The public comment window (第十五条).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentWindow {
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// Required when the window is shorter than 30 days: it must be stated when comments are
    /// invited.
    pub shortened_reason: String,
}

/// The least comment window, from the shipped rule `decision.public_comment_min` (第十五条).
pub fn check_comment_window(w: &CommentWindow, cal: &Calendar) -> Result<(), String> {
    let (Some(starts_on), Some(ends_on)) = (w.starts_on, w.ends_on) else {
        return Err("请填写公开征求意见的起止日期".to_owned());
    };
    if ends_on < starts_on {
        return Err(format!(
            "征求意见截止日 {ends_on} 早于开始日 {starts_on}，请核对"
        ));
    }
    let Some(rule) = shipped_rules().get("decision.public_comment_min") else {
        return Ok(());
    };
    let least = due_date_only(rule, starts_on, &[], &[], cal).due;
    if ends_on >= least || !w.shortened_reason.trim().is_empty() {
        return Ok(());
    }
    Err(format!(
        "公开征求意见的期限一般不少于30日（{}）：{starts_on}开始的，应至少征求至 {least}；因情况紧急需要缩短的，请写明理由",
        rule.source.citation()
    ))
}

/// One thing missing from the submission package, in the words the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub procedure: Procedure,
    pub message: String,
}

/// Checks the package before collective discussion (第二十九条): every procedure decided,
/// each applicable one done with its evidence, the comment window long enough, and a passing
/// legality review (第二十五条: a draft not reviewed, or found unlawful, may not be tabled).
pub fn check_package(
    records: &[(Procedure, ProcedureRecord)],
    window: &CommentWindow,
    reviews: &[ReviewOutcome],
    cal: &Calendar,
) -> Vec<Missing> {
    let mut missing = Vec::new();
    for procedure in Procedure::ALL.iter().copied() {
        let record = records
            .iter()
            .find(|(p, _)| *p == procedure)
            .map(|(_, r)| r.clone())
            .unwrap_or_default();
        let name = procedure.label();
        let mut lack = |message: String| {
            missing.push(Missing { procedure, message });
        };
        match record.applicable {
            Some(false) if !procedure.may_be_skipped() => lack(format!(
                "{name}不得省略（重大行政决策程序暂行条例 第二十五条）"
            )),
            Some(false) if record.reason.trim().is_empty() => {
                lack(format!("{name}不适用的，请写明理由"))
            }
            Some(false) => {}
            None if procedure.may_be_skipped() => lack(format!(
                "请确定是否需要{name}（{}），不需要的写明理由",
                procedure.article()
            )),
            _ => {
                if record.done_on.is_none() || record.evidence.trim().is_empty() {
                    lack(format!(
                        "{name}尚未完成：请填写完成日期并附{}",
                        procedure.package_item()
                    ));
                } else if procedure == Procedure::PublicParticipation {
                    if let Err(m) = check_comment_window(window, cal) {
                        lack(m);
                    }
                }
            }
        }
    }
    if let Err(ReviewRequired { message, .. }) = DECISION_MADE.check(reviews, false) {
        missing.push(Missing {
            procedure: Procedure::LegalityReview,
            message,
        });
    }
    missing
}

/// The collective discussion (第三十条).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discussion {
    pub held_on: Option<NaiveDate>,
    /// 党政联席会、镇长办公会 …
    pub meeting: String,
    pub attendees: Vec<String>,
    /// Views as stated, dissent included (recorded truthfully; dissent limits liability, 第三十八条).
    pub views: String,
    pub dissent: String,
    /// The head's conclusion, spoken last.
    pub conclusion: String,
    /// Whether the conclusion differs from the majority view, and if so why.
    pub differs_from_majority: bool,
    pub differs_reason: String,
}

/// What a discussion record needs before the decision can be recorded as made.
pub fn check_discussion(d: &Discussion) -> Vec<String> {
    let mut errors = Vec::new();
    if d.held_on.is_none() {
        errors.push("请填写集体讨论的会议日期".to_owned());
    }
    if d.meeting.trim().is_empty() {
        errors.push("请填写会议名称，例如 党政联席会议".to_owned());
    }
    if d.attendees.is_empty() {
        errors.push("请填写参会人员".to_owned());
    }
    if d.conclusion.trim().is_empty() {
        errors.push("请填写行政首长的决定意见（最后发表）".to_owned());
    }
    if d.differs_from_majority && d.differs_reason.trim().is_empty() {
        errors
            .push("行政首长的决定与多数人意见不一致的，应当在会上说明理由（第三十条）".to_owned());
    }
    errors
}

/// Whether a made decision followed every procedure that applied: the figure behind
/// 「重大行政决策法定程序履行率」.
pub fn fully_followed(
    records: &[(Procedure, ProcedureRecord)],
    window: &CommentWindow,
    reviews: &[ReviewOutcome],
    discussion: &Discussion,
    cal: &Calendar,
) -> bool {
    check_package(records, window, reviews, cal).is_empty()
        && check_discussion(discussion).is_empty()
}

#[cfg(test)]
mod tests;

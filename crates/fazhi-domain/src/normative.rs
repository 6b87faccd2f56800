//! Normative documents (行政规范性文件): their life from draft to repeal, the validity period and
//! the dates that follow from it, the filing deadline and the comment period.
//!
//! The steps are those of 国办发〔2018〕37号 and 115号 (statutes.md §5.1–5.2): draft → public
//! comment → legality review → collective deliberation → unified registration and number (三统一)
//! → publication with its 解读 → filing with the county (备案) → in force for a validity period →
//! evaluation before expiry → continued, amended or repealed. The validity limits and the filing
//! deadline differ by province (statutes.md §5.3, unsure): they are [`Settings`] with the common
//! defaults, not constants the code depends on.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::deadline::{due_date_only, shipped_rules};
use crate::dispute::code_enum;
use crate::review::{ReviewOutcome, ReviewRequired, DOCUMENT_ISSUED};

code_enum! {
    /// Where a document stands in its making and its life.
    Stage {
        Drafting = "drafting", "起草中";
        Consultation = "consultation", "征求意见";
        UnderReview = "under_review", "合法性审核";
        Deliberated = "deliberated", "已集体审议";
        Issued = "issued", "已印发";
        Published = "published", "已公布";
        Filed = "filed", "已备案";
        Expired = "expired", "已失效";
        Repealed = "repealed", "已废止";
    }
}

code_enum! {
    /// What an evaluation or a clean-up decides about a document (清理结果).
    CleanupResult {
        Keep = "keep", "继续有效";
        Amend = "amend", "修改";
        Repeal = "repeal", "废止";
        /// 宣布失效: a document whose basis is gone (its higher law repealed, its task done) is
        /// declared no longer in force rather than repealed (statutes.md §5.3).
        Invalidate = "invalidate", "宣布失效";
    }
}

impl CleanupResult {
    /// Whether the result ends the document (废止 or 宣布失效).
    pub fn ends_document(self) -> bool {
        matches!(self, CleanupResult::Repeal | CleanupResult::Invalidate)
    }
}

/// Province-set limits (statutes.md §5.3); the defaults are the common values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// The longest validity, in years (most provinces: 5).
    pub max_years: u32,
    /// The longest validity of a document titled 暂行 or 试行 (most provinces: 2).
    pub max_provisional_years: u32,
    /// Months before expiry that the evaluation falls due (常见：届满前六个月).
    pub evaluation_months_before: u32,
    /// Days after publication to file with the county (常见 15 或 30 日).
    pub filing_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_years: 5,
            max_provisional_years: 2,
            evaluation_months_before: 6,
            filing_days: 15,
        }
    }
}

/// A trial or interim document: the shorter validity limit applies.
pub fn is_provisional(title: &str) -> bool {
    title.contains("暂行") || title.contains("试行")
}

/// The dates a document's validity fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Validity {
    pub effective_on: NaiveDate,
    pub years: u32,
    /// The last day the document is in force; it lapses the day after unless renewed.
    pub last_day: NaiveDate,
    /// When the evaluation (评估) should be done by, to decide in time whether to renew.
    pub evaluation_due: NaiveDate,
}

/// Checks the validity asked for against the limits and derives the expiry and evaluation
/// dates. `years` blank means the longest the title allows.
pub fn validity(
    title: &str,
    effective_on: NaiveDate,
    years: Option<u32>,
    settings: &Settings,
) -> Result<Validity, String> {
    let (max, why) = if is_provisional(title) {
        (settings.max_provisional_years, "标题含「暂行」或「试行」的")
    } else {
        (settings.max_years, "")
    };
    let years = years.unwrap_or(max);
    if years == 0 || years > max {
        return Err(format!(
            "{why}规范性文件有效期最长 {max} 年，请填写 1 至 {max} 之间的年数"
        ));
    }
    let ends = effective_on
        .checked_add_months(Months::new(12 * years))
        .ok_or_else(|| "生效日期不正确".to_owned())?;
    let last_day = ends.pred_opt().unwrap_or(ends);
    let evaluation_due = last_day
        .checked_sub_months(Months::new(settings.evaluation_months_before))
        .unwrap_or(effective_on);
    Ok(Validity {
        effective_on,
        years,
        last_day,
        evaluation_due,
    })
}

/// The last day to file a published document with the county.
pub fn filing_due(published_on: NaiveDate, settings: &Settings) -> NaiveDate {
    published_on + chrono::Duration::days(i64::from(settings.filing_days))
}

/// Whether filing was on time (a document not yet filed is judged against `today`).
pub fn filed_on_time(
    published_on: NaiveDate,
    filed_on: Option<NaiveDate>,
    today: NaiveDate,
    settings: &Settings,
) -> bool {
    filed_on.unwrap_or(today) <= filing_due(published_on, settings)
}

/// The least comment period, from the shipped deadline rules: 7 working days
/// (`normative.comment_min`), or 30 days for a document closely tied to businesses
/// (`normative.business_comment_min`, 优化营商环境条例 第六十二条). A shorter period needs its
/// reason stated when comments are invited.
pub fn check_comment_period(
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    affects_business: bool,
    shortened_reason: &str,
    cal: &Calendar,
) -> Result<(), String> {
    if ends_on < starts_on {
        return Err(format!(
            "征求意见截止日 {ends_on} 早于开始日 {starts_on}，请核对"
        ));
    }
    let code = if affects_business {
        "normative.business_comment_min"
    } else {
        "normative.comment_min"
    };
    let Some(rule) = shipped_rules().get(code) else {
        return Ok(());
    };
    let least = due_date_only(rule, starts_on, &[], &[], cal).due;
    if ends_on >= least || !shortened_reason.trim().is_empty() {
        return Ok(());
    }
    Err(format!(
        "{}（{}）：{starts_on}开始的，应至少征求至 {least}；确需缩短的，请填写缩短理由",
        rule.source.summary.as_deref().unwrap_or(&rule.name),
        rule.source.citation()
    ))
}

/// What a document must have before it is issued: a passing legality review (it may not be
/// replaced by consultation or co-signature, 国办发〔2018〕37号) and a collective deliberation.
pub fn check_issue(
    reviews: &[ReviewOutcome],
    deliberated_on: Option<NaiveDate>,
    historical: bool,
) -> Result<(), IssueRefusal> {
    DOCUMENT_ISSUED
        .check(reviews, historical)
        .map_err(IssueRefusal::Review)?;
    if deliberated_on.is_none() && !historical {
        return Err(IssueRefusal::Deliberation);
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IssueRefusal {
    #[error("{0}")]
    Review(ReviewRequired),
    #[error("规范性文件须经政府常务会议或全体会议集体审议后印发：请先记录审议会议及日期")]
    Deliberation,
}

/// A document's standing on a given day, for lists and the public portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Standing {
    /// Not yet published: not a basis for administration (国办发〔2018〕37号).
    NotPublished,
    NotYetEffective,
    InForce,
    Expired,
    Repealed,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::NotPublished => "未公布",
            Standing::NotYetEffective => "尚未生效",
            Standing::InForce => "现行有效",
            Standing::Expired => "已失效",
            Standing::Repealed => "已废止",
        }
    }
}

/// The standing of a document on `day`, from its published, validity and repeal dates.
pub fn standing(
    published_on: Option<NaiveDate>,
    validity: Option<&Validity>,
    repealed_on: Option<NaiveDate>,
    day: NaiveDate,
) -> Standing {
    if repealed_on.is_some_and(|r| r <= day) {
        return Standing::Repealed;
    }
    match (published_on, validity) {
        (Some(p), _) if p > day => Standing::NotPublished,
        (None, _) => Standing::NotPublished,
        (Some(_), None) => Standing::InForce,
        (Some(_), Some(v)) if day < v.effective_on => Standing::NotYetEffective,
        (Some(_), Some(v)) if day > v.last_day => Standing::Expired,
        (Some(_), Some(_)) => Standing::InForce,
    }
}

pub mod cleanup;

#[cfg(test)]
mod tests;

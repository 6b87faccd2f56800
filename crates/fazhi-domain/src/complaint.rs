//! Complaints, reports and petitions (举报投诉 / 信访, 信访工作条例 2022): channels and classes,
//! the acceptance and conclusion clocks with the approved extension, 复查 and 复核 windows, the
//! graded warnings petition systems use, satisfaction, and repeat detection.
//!
//! The periods are the shipped deadline rules `complaint.*` (statutes.md §7.1): tell the
//! petitioner within 15 days whether the matter is accepted (第二十三条), object to a referral
//! within 5 working days, conclude within 60 days of acceptance, + up to 30 approved by the head
//! with the reason told (第三十四条), 复查 asked within 30 days of the reply and answered within
//! 30 (第三十五条), 复核 the same, hearing time not counted; a 复核 opinion ends the matter
//! (第三十六条).

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::Calendar;
use crate::deadline::{compute_due, shipped_rules, DateRange, DueDate, GrantedExtension};
use crate::dispute::code_enum;

code_enum! {
    /// How a matter came in.
    Channel {
        Portal = "portal", "网上提交";
        Phone = "phone", "电话";
        Visit = "visit", "来访";
        Letter = "letter", "来信";
        Media = "media", "媒体反映";
        Hotline = "hotline_12345", "12345热线转办";
        PetitionReferral = "petition_referral", "上级信访部门转交";
        EnforcementSupervision = "enforcement_supervision", "执法监督平台";
    }
}

code_enum! {
    /// The class of a petition (信访工作条例: 依法分类处理).
    Class {
        Suggestion = "suggestion", "建议意见类";
        Accusation = "accusation", "检举控告类";
        Claim = "claim", "申诉求决类";
    }
}

code_enum! {
    /// Where a 申诉求决 matter with a statutory route is channelled instead.
    StatutoryRoute {
        Litigation = "litigation", "诉讼";
        Reconsideration = "reconsideration", "行政复议";
        Arbitration = "arbitration", "仲裁";
        OtherRoute = "other", "其他法定途径";
    }
}

code_enum! {
    /// The petitioner's answer at the callback.
    Satisfaction {
        Satisfied = "satisfied", "满意";
        MostlySatisfied = "mostly_satisfied", "基本满意";
        Unsatisfied = "unsatisfied", "不满意";
    }
}

code_enum! {
    /// What the town decided on receipt (信访工作条例 第二十三条: 告知是否受理).
    Acceptance {
        Accepted = "accepted", "受理";
        NotAccepted = "not_accepted", "不予受理";
        Referred = "referred", "转送或异议";
    }
}

code_enum! {
    /// How a case ended (处理意见).
    Outcome {
        Supported = "supported", "予以支持";
        PartlySupported = "partly_supported", "部分支持";
        NotSupported = "not_supported", "不予支持";
        Explained = "explained", "解释说明";
        Routed = "routed", "导入法定途径";
    }
}

impl Satisfaction {
    /// Counted as satisfied in the satisfaction rate.
    pub fn counts_as_satisfied(self) -> bool {
        self != Satisfaction::Unsatisfied
    }

    /// An unsatisfied callback reopens the matter as a new case linked to the old one.
    pub fn reopens(self) -> bool {
        self == Satisfaction::Unsatisfied
    }
}

/// A group visit names at most five representatives (信访工作条例: 多人采用走访形式提出共同的
/// 信访事项的，应当推选代表，代表人数不超过5人).
pub const MAX_REPRESENTATIVES: usize = 5;

/// Checks the representatives of a visit.
pub fn check_representatives(channel: Channel, names: &[String]) -> Result<(), String> {
    if channel == Channel::Visit && names.len() > MAX_REPRESENTATIVES {
        return Err(format!(
            "多人走访的，应推选代表，代表人数不超过 {MAX_REPRESENTATIVES} 人；已填写 {} 人",
            names.len()
        ));
    }
    Ok(())
}

/// Checks the class against a statutory route: only 申诉求决 matters are channelled.
pub fn check_route(class: Class, route: Option<StatutoryRoute>) -> Result<(), String> {
    match (class, route) {
        (Class::Claim, _) | (_, None) => Ok(()),
        (other, Some(route)) => Err(format!(
            "「{}」事项不导入{}程序；只有申诉求决类事项按法定途径分流",
            other.label(),
            route.label()
        )),
    }
}

/// The dates a case's clocks read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseClock {
    pub received_on: Option<NaiveDate>,
    /// Referred by a 信访部门 or a higher body (an objection is then possible within 5 working
    /// days).
    pub referred: bool,
    pub accepted_on: Option<NaiveDate>,
    /// The head's approved extension of the conclusion period, in days, with the reason told.
    pub extension: Option<GrantedExtension>,
    pub extension_reason: String,
    /// The day the petitioner received the written reply (opens the 复查 window).
    pub replied_on: Option<NaiveDate>,
    pub review_requested_on: Option<NaiveDate>,
    pub reviewed_on: Option<NaiveDate>,
    pub recheck_requested_on: Option<NaiveDate>,
    /// Hearings during 复核: not counted.
    pub recheck_hearings: Vec<DateRange>,
    pub rechecked_on: Option<NaiveDate>,
}

fn due(
    code: &str,
    start: Option<NaiveDate>,
    stops: &[DateRange],
    ext: &[GrantedExtension],
    cal: &Calendar,
) -> Option<DueDate> {
    let rule = shipped_rules().get(code)?;
    Some(compute_due(rule, start?, stops, ext, cal))
}

/// Why a clock event is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockRefusal {
    #[error("延长办理期限不得超过30日（信访工作条例 第三十四条），已延长 {so_far} 日")]
    ExtensionTooLong { so_far: u32 },
    #[error("延长办理期限须经本机关负责人批准，并向信访人说明理由：请填写批准人和理由")]
    ExtensionIncomplete,
    #[error("请求复查的期限已过：应在收到处理意见之日起30日内（至 {0}）提出")]
    ReviewWindowClosed(NaiveDate),
    #[error("请求复核的期限已过：应在收到复查意见之日起30日内（至 {0}）提出")]
    RecheckWindowClosed(NaiveDate),
    #[error("复核意见为终局意见，信访人以同一事实和理由再次提出的，不再受理")]
    Final,
}

impl CaseClock {
    /// Tell the petitioner whether the matter is accepted: 15 days from receipt.
    pub fn acceptance_due(&self, cal: &Calendar) -> Option<DueDate> {
        due("complaint.acceptance", self.received_on, &[], &[], cal)
    }

    /// Object to a referral outside the town's powers: 5 working days from receipt.
    pub fn objection_due(&self, cal: &Calendar) -> Option<DueDate> {
        if !self.referred {
            return None;
        }
        due(
            "complaint.referral_objection",
            self.received_on,
            &[],
            &[],
            cal,
        )
    }

    /// Conclude: 60 days from acceptance, plus the approved extension.
    pub fn conclusion_due(&self, cal: &Calendar) -> Option<DueDate> {
        let ext: Vec<GrantedExtension> = self.extension.iter().cloned().collect();
        due("complaint.conclusion", self.accepted_on, &[], &ext, cal)
    }

    /// Grants an extension: at most 30 days in all, approved by a named head, reason given.
    pub fn extend(&mut self, ext: GrantedExtension, reason: &str) -> Result<(), ClockRefusal> {
        if ext.approved_by.trim().is_empty() || reason.trim().is_empty() {
            return Err(ClockRefusal::ExtensionIncomplete);
        }
        let so_far = self.extension.as_ref().map_or(0, |e| e.length);
        let most = shipped_rules()
            .get("complaint.conclusion")
            .and_then(|r| r.extension.as_ref())
            .map_or(30, |e| e.max_length);
        if ext.length == 0 || so_far + ext.length > most {
            return Err(ClockRefusal::ExtensionTooLong { so_far });
        }
        self.extension = Some(GrantedExtension {
            length: so_far + ext.length,
            ..ext
        });
        self.extension_reason = reason.trim().to_owned();
        Ok(())
    }

    /// The last day to ask for 复查 (30 days from receiving the reply).
    pub fn review_window(&self, cal: &Calendar) -> Option<DueDate> {
        due("complaint.review_request", self.replied_on, &[], &[], cal)
    }

    /// The 复查 opinion's due date (30 days from the request).
    pub fn review_due(&self, cal: &Calendar) -> Option<DueDate> {
        due(
            "complaint.review_reply",
            self.review_requested_on,
            &[],
            &[],
            cal,
        )
    }

    /// The last day to ask for 复核 (30 days from receiving the 复查 opinion).
    pub fn recheck_window(&self, cal: &Calendar) -> Option<DueDate> {
        due("complaint.recheck_request", self.reviewed_on, &[], &[], cal)
    }

    /// The 复核 opinion's due date (30 days from the request; hearings not counted).
    pub fn recheck_due(&self, cal: &Calendar) -> Option<DueDate> {
        due(
            "complaint.recheck_reply",
            self.recheck_requested_on,
            &self.recheck_hearings,
            &[],
            cal,
        )
    }

    /// Records a 复查 request, refused once the window has closed.
    pub fn request_review(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockRefusal> {
        if let Some(window) = self.review_window(cal) {
            if on > window.due {
                return Err(ClockRefusal::ReviewWindowClosed(window.due));
            }
        }
        self.review_requested_on = Some(on);
        Ok(())
    }

    /// Records a 复核 request, refused once the window has closed or the matter is final.
    pub fn request_recheck(&mut self, on: NaiveDate, cal: &Calendar) -> Result<(), ClockRefusal> {
        if self.rechecked_on.is_some() {
            return Err(ClockRefusal::Final);
        }
        if let Some(window) = self.recheck_window(cal) {
            if on > window.due {
                return Err(ClockRefusal::RecheckWindowClosed(window.due));
            }
        }
        self.recheck_requested_on = Some(on);
        Ok(())
    }

    /// A 复核 opinion closes the matter for good.
    pub fn is_final(&self) -> bool {
        self.rechecked_on.is_some()
    }
}

/// The four warning grades petition systems show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Warning {
    /// Due within [`DUE_SOON_WORKDAYS`] working days.
    DueSoon,
    Overdue,
    /// Overdue by more than 15 days.
    Overdue15,
    /// Overdue by more than 30 days.
    Overdue30,
}

/// "Due soon" means within this many working days (the to-do list's horizon).
pub const DUE_SOON_WORKDAYS: u32 = 5;

impl Warning {
    pub fn label(self) -> &'static str {
        match self {
            Warning::DueSoon => "即将到期",
            Warning::Overdue => "已超期",
            Warning::Overdue15 => "超期15日以上",
            Warning::Overdue30 => "超期30日以上",
        }
    }

    /// The grade on `today` of something due on `due` and not yet done.
    pub fn on(due: NaiveDate, today: NaiveDate, cal: &Calendar) -> Option<Warning> {
        let late = (today - due).num_days();
        match late {
            d if d > 30 => Some(Warning::Overdue30),
            d if d > 15 => Some(Warning::Overdue15),
            d if d > 0 => Some(Warning::Overdue),
            _ if due <= cal.add_workdays(today, DUE_SOON_WORKDAYS).date => Some(Warning::DueSoon),
            _ => None,
        }
    }
}

/// What repeat detection compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Petition<'a> {
    pub received_on: NaiveDate,
    /// 身份证号 or mobile number, normalised; blank when unknown.
    pub id_number: &'a str,
    pub phone: &'a str,
    pub matter_type: &'a str,
    pub content: &'a str,
}

/// A repeat is the same person (by ID number or phone) about the same matter (same type and
/// overlapping words) within a year.
pub fn is_repeat(earlier: &Petition<'_>, later: &Petition<'_>) -> bool {
    let days = (later.received_on - earlier.received_on).num_days();
    if !(0..=365).contains(&days) {
        return false;
    }
    let same = |a: &str, b: &str| !a.trim().is_empty() && a.trim() == b.trim();
    let same_person = same(earlier.id_number, later.id_number) || same(earlier.phone, later.phone);
    same_person
        && earlier.matter_type == later.matter_type
        && word_overlap(earlier.content, later.content) >= 0.3
}

/// Share of the shorter text's character pairs (Chinese has no spaces; two characters is the
/// shortest common word) that the other text also holds.
pub fn word_overlap(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| -> HashSet<(char, char)> {
        let chars: Vec<char> = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(2_000)
            .collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (a, b) = (pairs(a), pairs(b));
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / smaller as f64
}

#[cfg(test)]
mod tests;

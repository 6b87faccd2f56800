//! The two clocks of a legal-aid application (法律援助法 第四十三条): the centre decides within
//! 7 days of receiving the application, and assigns a lawyer within 3 days of granting aid.
//!
//! - The 7 days run from the day the application was received. The township takes
//!   applications for the county centre (第十三条: 乡镇人民政府、街道办事处 may set up
//!   workstations that accept them), so its own 申请日期 (`applied_on`) is that day — not the
//!   day the papers were passed on (转交), which only moves paper.
//! - The days the applicant takes to supply missing materials, asked for all at once
//!   (一次性告知, 第四十三条), are not counted (办理法律援助案件程序规定, 2023 revision, as its
//!   2012 第十三条 did). While they are awaited the clock stands still.
//! - A decision or assignment recorded after its due date says it was late.

use chrono::{Days, NaiveDate};
use fazhi_domain::deadline::{self, compute_due, DateRange, DeadlineRule};
use fazhi_domain::dispute::AidDecision;
use serde::Serialize;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::deadlines as store_deadlines;
use crate::storage::legal_aid::Referral;
use crate::storage::{orgs, Tx};

use super::deadlines::{self, Planned};

pub const RULE_DECISION: &str = "legal_aid.decision";
pub const RULE_ASSIGNMENT: &str = "legal_aid.assignment";

/// What the record's page and the API say of each period, in words a clerk reads: never
/// 「计算中」 beside an overdue deadline, and a late step says it was late.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct AidClocks {
    /// The 7-day decision period, e.g. 「已逾期：应于 2024-03-12 前作出决定」.
    pub decision: String,
    /// The decision's due date, while it is known (not while materials are awaited).
    pub decision_due: Option<NaiveDate>,
    /// Whether the decision was (or is now) past its due date.
    pub decision_late: bool,
    /// The 3-day assignment period.
    pub assignment: String,
    pub assignment_due: Option<NaiveDate>,
    pub assignment_late: bool,
}

/// The days the applicant took to supply missing materials (the day after the request through
/// the day they came in), which the decision period leaves out.
pub fn materials_pause(
    requested: Option<NaiveDate>,
    supplied: Option<NaiveDate>,
) -> Vec<DateRange> {
    match (requested, supplied) {
        (Some(a), Some(b)) if b > a => vec![DateRange {
            from: a + Days::new(1),
            to: b,
            label: "申请人补充材料".to_owned(),
        }],
        _ => Vec::new(),
    }
}

/// Whether the decision clock stands still: materials asked for and not yet supplied.
pub fn awaiting_materials(r: &Referral) -> bool {
    r.materials_requested_on.is_some() && r.materials_supplied_on.is_none()
}

fn rule(code: &str) -> AppResult<&'static DeadlineRule> {
    deadline::shipped_rules()
        .get(code)
        .ok_or_else(|| AppError::internal(format!("未知的期限规则 {code}")))
}

/// The deadlines a referral has, and which of them stand still: the decision while it is
/// pending (still while materials are awaited), the assignment once aid is granted (still once
/// a lawyer is assigned). A withdrawn referral's stand still.
pub struct ClockPlan {
    pub start: Vec<Planned>,
    pub settle: Vec<&'static str>,
}

pub async fn plan<'a>(
    on: impl Into<crate::storage::db::On<'a>>,
    app: &App,
    r: &Referral,
) -> AppResult<ClockPlan> {
    let mut on = on.into();
    let mut p = ClockPlan {
        start: Vec::new(),
        settle: Vec::new(),
    };
    let decision = AidDecision::parse(&r.decision);
    let label = format!("法律援助：{}（{}）", r.applicant, r.matter);
    let link = format!("/legal-aid/{}", r.id);
    let live = r.withdrawn_at.is_none();
    let tracked = |rule_code, start| deadlines::Tracked {
        register: super::legal_aid::REGISTER,
        record_id: r.id,
        org_id: r.org_id,
        rule_code,
        start,
        label: &label,
        link: &link,
    };
    if decision == Some(AidDecision::Pending) {
        let pause = materials_pause(r.materials_requested_on, r.materials_supplied_on);
        let planned = deadlines::plan(
            on.reborrow(),
            app,
            tracked(RULE_DECISION, r.applied_on),
            pause,
        );
        p.start.push(planned.await?);
        if !live || awaiting_materials(r) {
            p.settle.push(RULE_DECISION);
        }
    } else {
        p.settle.push(RULE_DECISION);
    }
    match (decision, r.decided_on) {
        (Some(AidDecision::Granted), Some(on_day)) => {
            let planned = deadlines::plan(
                on.reborrow(),
                app,
                tracked(RULE_ASSIGNMENT, on_day),
                Vec::new(),
            );
            p.start.push(planned.await?);
            if !live || r.assigned_on.is_some() {
                p.settle.push(RULE_ASSIGNMENT);
            }
        }
        _ => p.settle.push(RULE_ASSIGNMENT),
    }
    Ok(p)
}

/// Writes a plan in the referral's transaction.
pub async fn apply(tx: &mut Tx, record_id: i64, p: &ClockPlan) -> AppResult<()> {
    deadlines::apply(tx, &p.start).await?;
    for rule in &p.settle {
        deadlines::settle(tx, super::legal_aid::REGISTER, record_id, rule).await?;
    }
    Ok(())
}

/// A withdrawal stops both clocks; a restoration runs again the one the referral's state
/// calls for (its due date is unchanged: a withdrawn referral cannot be edited).
pub async fn on_mark(tx: &mut Tx, r: &Referral, withdrawn: bool) -> AppResult<()> {
    let register = super::legal_aid::REGISTER;
    if withdrawn {
        for rule in [RULE_DECISION, RULE_ASSIGNMENT] {
            deadlines::settle(tx, register, r.id, rule).await?;
        }
        return Ok(());
    }
    let decision = AidDecision::parse(&r.decision);
    if decision == Some(AidDecision::Pending) && !awaiting_materials(r) {
        store_deadlines::reopen(tx, register, r.id, &[RULE_DECISION]).await?;
    }
    if decision == Some(AidDecision::Granted) && r.decided_on.is_some() && r.assigned_on.is_none() {
        store_deadlines::reopen(tx, register, r.id, &[RULE_ASSIGNMENT]).await?;
    }
    Ok(())
}

/// Where both periods stand today, as the record's page and the API say it.
pub async fn clocks(app: &App, r: &Referral) -> AppResult<AidClocks> {
    let region = orgs::get(&app.db, r.org_id).await?.region;
    let cal = app.calendar.current().for_region(region.as_deref());
    let today = deadlines::today();
    let mut c = AidClocks::default();
    let decision = AidDecision::parse(&r.decision);

    if awaiting_materials(r) && decision == Some(AidDecision::Pending) {
        c.decision = format!(
            "暂停计算：{} 已一次性告知补充材料，申请人补充材料的时间不计入 7 日",
            r.materials_requested_on
                .map(|d| d.to_string())
                .unwrap_or_default()
        );
    } else {
        let pause = materials_pause(r.materials_requested_on, r.materials_supplied_on);
        let due = compute_due(rule(RULE_DECISION)?, r.applied_on, &pause, &[], &cal);
        c.decision_due = Some(due.due);
        match r.decided_on {
            Some(on) => {
                c.decision_late = on > due.due;
                c.decision = done_sentence("作出决定", on, due.due);
            }
            None => {
                let state = due.status(today, &cal).state;
                c.decision_late = today > due.due;
                c.decision = format!("{}：应于 {} 前作出决定", state.label(), due.due);
            }
        }
    }

    match (decision, r.decided_on) {
        (Some(AidDecision::Granted), Some(decided)) => {
            let due = compute_due(rule(RULE_ASSIGNMENT)?, decided, &[], &[], &cal);
            c.assignment_due = Some(due.due);
            match r.assigned_on {
                Some(on) => {
                    c.assignment_late = on > due.due;
                    c.assignment = done_sentence("指派", on, due.due);
                }
                None => {
                    let state = due.status(today, &cal).state;
                    c.assignment_late = today > due.due;
                    c.assignment = format!("{}：应于 {} 前指派", state.label(), due.due);
                }
            }
        }
        (Some(AidDecision::Refused), _) => c.assignment = "不适用（不予援助）".to_owned(),
        _ => c.assignment = "决定给予援助后起算".to_owned(),
    }
    Ok(c)
}

/// 「已于 X 作出决定（按期）」 or 「已于 X 作出决定，逾期 N 日（应于 Y 前）」.
fn done_sentence(what: &str, on: NaiveDate, due: NaiveDate) -> String {
    if on > due {
        format!(
            "已于 {on} {what}，逾期 {} 日（应于 {due} 前）",
            (on - due).num_days()
        )
    } else {
        format!("已于 {on} {what}（按期，应于 {due} 前）")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_materials_pause_runs_from_the_day_after_the_request_to_the_supply() {
        let p = materials_pause(Some(d("2024-03-05")), Some(d("2024-03-08")));
        assert_eq!((p[0].from, p[0].to), (d("2024-03-06"), d("2024-03-08")));
        assert!(materials_pause(Some(d("2024-03-05")), None).is_empty());
        assert!(materials_pause(Some(d("2024-03-05")), Some(d("2024-03-05"))).is_empty());
    }

    #[test]
    fn a_late_step_says_how_late() {
        assert_eq!(
            done_sentence("作出决定", d("2024-03-15"), d("2024-03-12")),
            "已于 2024-03-15 作出决定，逾期 3 日（应于 2024-03-12 前）"
        );
        assert!(done_sentence("指派", d("2024-03-12"), d("2024-03-12")).contains("按期"));
    }
}

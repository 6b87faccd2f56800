//! Statutory deadlines: rules as data, due dates on the working-day calendar, and an
//! explanation of every due date a clerk can read line by line.

mod explain;
mod rules;
pub mod set_dates;

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::calendar::{date_of, to_day_number, Calendar};

pub use explain::{Explanation, Step};
pub use rules::{
    shipped_rules, Certainty, DeadlineRule, Direction, ExtensionRule, LegalSource, RuleKind,
    RuleSet, Scope, Severity, Unit,
};

/// An interval that does not count (third-party consultation, hearing …), both ends
/// inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// What the interval was, e.g. 第三方征求意见.
    pub label: String,
}

/// An extension granted on a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct GrantedExtension {
    /// In the rule's unit.
    pub length: u32,
    /// Who approved, e.g. 政府信息公开工作机构负责人 张三.
    pub approved_by: String,
    pub approved_on: Option<NaiveDate>,
}

/// A due date without its explanation (the fast path).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PlainDue {
    /// The last day to act (deadline), the day the minimum period completes (minimum), or
    /// the latest day to act before the event (`before` rules).
    pub due: NaiveDate,
    /// The computation touched a year whose schedule is not loaded.
    pub provisional: bool,
}

/// A due date with the steps that produced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DueDate {
    pub rule_code: String,
    pub kind: RuleKind,
    pub severity: Severity,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub provisional: bool,
    /// What the count cannot know yet, e.g. 新疆2026年节日安排未载入…: shown beside the state.
    pub notes: Vec<String>,
    pub explanation: Explanation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    OnTime,
    /// Due within 3 working days (or today).
    DueSoon,
    Overdue,
    /// Not overdue, and the due date rests on an unannounced holiday schedule.
    Provisional,
    /// A minimum period still running: the gated act may not happen yet.
    MinimumRunning,
    /// A minimum period has run.
    MinimumMet,
}

impl DeadlineState {
    pub fn label(self) -> &'static str {
        match self {
            DeadlineState::OnTime => "未到期",
            DeadlineState::DueSoon => "即将到期",
            DeadlineState::Overdue => "已逾期",
            DeadlineState::Provisional => "调休安排未公布，到期日为预估",
            DeadlineState::MinimumRunning => "最短期限未满",
            DeadlineState::MinimumMet => "最短期限已满",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DeadlineStatus {
    pub state: DeadlineState,
    /// Working days after `today` up to and including the due date; negative once overdue.
    pub working_days_remaining: i64,
}

/// Within this many working days a deadline is "due soon".
pub const DUE_SOON_WORKING_DAYS: i64 = 3;

fn status_of(
    kind: RuleKind,
    due: NaiveDate,
    provisional: bool,
    today: NaiveDate,
    cal: &Calendar,
) -> DeadlineStatus {
    let remaining = cal.workdays_between(today, due);
    let state = match kind {
        RuleKind::Minimum if today <= due => DeadlineState::MinimumRunning,
        RuleKind::Minimum => DeadlineState::MinimumMet,
        RuleKind::Deadline if today > due => DeadlineState::Overdue,
        RuleKind::Deadline if provisional => DeadlineState::Provisional,
        RuleKind::Deadline if remaining <= DUE_SOON_WORKING_DAYS => DeadlineState::DueSoon,
        RuleKind::Deadline => DeadlineState::OnTime,
    };
    DeadlineStatus {
        state,
        working_days_remaining: remaining,
    }
}

impl PlainDue {
    pub fn status(&self, kind: RuleKind, today: NaiveDate, cal: &Calendar) -> DeadlineStatus {
        status_of(kind, self.due, self.provisional, today, cal)
    }
}

impl DueDate {
    /// Where the deadline stands on `today`.
    pub fn status(&self, today: NaiveDate, cal: &Calendar) -> DeadlineStatus {
        status_of(self.kind, self.due, self.provisional, today, cal)
    }
}

/// Result of the counting, shared by the fast path and the explained path.
pub(crate) struct Core {
    /// Day number counting runs after (start, or the day before when the start day counts).
    pub(crate) base: i64,
    pub(crate) total: i64,
    /// Merged suspensions actually excluded, as day-number ranges with their labels.
    pub(crate) suspensions: Vec<(i64, i64, usize)>,
    /// End of counting before any roll-forward.
    pub(crate) counted_end: i64,
    pub(crate) due: i64,
    pub(crate) provisional: bool,
    /// The days whose calendar the result rests on (day numbers, inclusive), if any.
    pub(crate) span: Option<(i64, i64)>,
}

/// Sorted, merged suspension intervals (day numbers) with the index of their first label.
fn merge_suspensions(suspensions: &[DateRange]) -> Vec<(i64, i64, usize)> {
    let mut v: Vec<(i64, i64, usize)> = suspensions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.to >= s.from)
        .map(|(i, s)| (to_day_number(s.from), to_day_number(s.to), i))
        .collect();
    v.sort_unstable();
    let mut merged: Vec<(i64, i64, usize)> = Vec::with_capacity(v.len());
    for (a, b, i) in v {
        match merged.last_mut() {
            Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
            _ => merged.push((a, b, i)),
        }
    }
    merged
}

fn add_months_n(n: i64, months: i64) -> i64 {
    let months = u32::try_from(months.max(0)).unwrap_or(u32::MAX);
    let d = date_of(n)
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX);
    to_day_number(d)
}

pub(crate) fn core(
    rule: &DeadlineRule,
    start: NaiveDate,
    suspensions: &[DateRange],
    extensions: &[GrantedExtension],
    cal: &Calendar,
) -> Core {
    let s = to_day_number(start);
    let base = if rule.start_day_counts { s - 1 } else { s };
    let total = i64::from(rule.length)
        + if rule.direction == Direction::After {
            extensions.iter().map(|e| i64::from(e.length)).sum::<i64>()
        } else {
            0
        };
    let merged = if rule.excludes_suspensions
        && rule.direction == Direction::After
        && !suspensions.is_empty()
    {
        merge_suspensions(suspensions)
    } else {
        Vec::new()
    };

    if rule.direction == Direction::Before {
        // Counted back from the event; the event day itself is not counted.
        let (due, provisional) = match rule.unit {
            Unit::WorkingDays => {
                let c = cal.sub_workdays(start, rule.length);
                (to_day_number(c.date), c.provisional)
            }
            Unit::CalendarDays => (s - total, false),
            Unit::Months => (
                to_day_number(
                    start
                        .checked_sub_months(Months::new(rule.length))
                        .unwrap_or(NaiveDate::MIN),
                ),
                false,
            ),
            Unit::Hours => (s - (total + 23) / 24, false),
        };
        return Core {
            base: s,
            total,
            suspensions: merged,
            counted_end: due,
            due,
            provisional,
            span: (rule.unit == Unit::WorkingDays).then_some((due, s - 1)),
        };
    }

    let counted_end = match rule.unit {
        Unit::WorkingDays | Unit::CalendarDays => {
            let working = rule.unit == Unit::WorkingDays;
            let add = |from: i64, n: i64| {
                if working {
                    cal.add_workdays_n(from, n)
                } else {
                    from + n
                }
            };
            let count = |from: i64, to: i64| {
                if to <= from {
                    0
                } else if working {
                    cal.workdays_between_n(from, to)
                } else {
                    to - from
                }
            };
            let mut cur = base;
            let mut remaining = total;
            for &(a, b, _) in &merged {
                if b <= cur {
                    continue;
                }
                if add(cur, remaining) < a {
                    break;
                }
                remaining -= count(cur, a - 1);
                cur = b;
            }
            add(cur, remaining)
        }
        Unit::Months => {
            let mut due = add_months_n(base, total);
            for &(a, b, _) in &merged {
                if a > due {
                    break;
                }
                if b > base {
                    due += b - a.max(base + 1) + 1;
                }
            }
            due
        }
        Unit::Hours => base + (total + 23) / 24,
    };

    let rolls = rule.roll_forward_on_rest
        && matches!(rule.unit, Unit::CalendarDays | Unit::Months)
        && rule.kind == RuleKind::Deadline;
    let due = if rolls && !cal.cell_at(counted_end).status.is_workday() {
        cal.add_workdays_n(counted_end, 1)
    } else {
        counted_end
    };
    let span = match rule.unit {
        Unit::WorkingDays => Some((base + 1, due.max(base + 1))),
        Unit::CalendarDays | Unit::Months if rolls => Some((counted_end, due)),
        _ => None,
    };
    let provisional = span.is_some_and(|(a, b)| !cal.span_known(a, b));
    Core {
        base,
        total,
        suspensions: merged,
        counted_end,
        due,
        provisional,
        span,
    }
}

/// The due date alone, without building an explanation: array lookups only for working-day
/// rules without suspensions.
pub fn due_date_only(
    rule: &DeadlineRule,
    start: NaiveDate,
    suspensions: &[DateRange],
    extensions: &[GrantedExtension],
    cal: &Calendar,
) -> PlainDue {
    let c = core(rule, start, suspensions, extensions, cal);
    PlainDue {
        due: date_of(c.due),
        provisional: c.provisional,
    }
}

/// The due date with an explanation of how it was reached.
pub fn compute_due(
    rule: &DeadlineRule,
    start: NaiveDate,
    suspensions: &[DateRange],
    extensions: &[GrantedExtension],
    cal: &Calendar,
) -> DueDate {
    let c = core(rule, start, suspensions, extensions, cal);
    let explanation = explain::explain(rule, start, suspensions, extensions, cal, &c);
    let notes = c
        .span
        .map(|(a, b)| cal.regional_notes(a, b))
        .unwrap_or_default();
    DueDate {
        notes,
        rule_code: rule.code.clone(),
        kind: rule.kind,
        severity: rule.severity,
        start,
        due: date_of(c.due),
        provisional: c.provisional,
        explanation,
    }
}

#[cfg(test)]
mod tests;

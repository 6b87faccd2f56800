//! The explanation of a due date: structured steps, rendered to Chinese lines.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::rules::{DeadlineRule, Direction, RuleKind, Unit};
use super::{Core, DateRange, GrantedExtension};
use crate::calendar::{date_of, weekday_name, Calendar, Status};

/// One step of how a due date was computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The rule and its legal source.
    Rule {
        code: String,
        name: String,
        length: u32,
        unit_label: String,
        citation: String,
        certainty: String,
        minimum: bool,
    },
    /// The start event and date.
    Start {
        date: NaiveDate,
        event: String,
        counted: bool,
        before: bool,
    },
    /// An extension applied.
    Extension {
        length: u32,
        unit_label: String,
        approved_by: String,
        approved_on: Option<NaiveDate>,
    },
    /// Extensions beyond what the rule allows.
    ExtensionOverLimit {
        granted: u32,
        max: Option<u32>,
        unit_label: String,
    },
    /// An interval not counted.
    Suspension {
        from: NaiveDate,
        to: NaiveDate,
        label: String,
        excluded: i64,
        unit_label: String,
    },
    /// Suspensions given for a rule that does not exclude them.
    SuspensionIgnored {
        from: NaiveDate,
        to: NaiveDate,
        label: String,
    },
    /// A run of rest days skipped (working-day rules).
    RestRun {
        from: NaiveDate,
        to: NaiveDate,
        days: i64,
        labels: Vec<String>,
    },
    /// Plain weekend days skipped, in total.
    Weekends { days: i64 },
    /// A make-up working day that counted.
    MakeupCounted { date: NaiveDate, label: String },
    /// Month arithmetic.
    MonthEnd {
        corresponding: NaiveDate,
        clamped: bool,
    },
    /// The period counted to this day before any roll-forward.
    Counted {
        total: i64,
        unit_label: String,
        end: NaiveDate,
    },
    /// The end day was a rest day.
    RollForward {
        from: NaiveDate,
        to: NaiveDate,
        reason: String,
        holiday: bool,
    },
    /// Hours counted by date.
    Hours { hours: i64 },
    /// Reached into years whose schedule is not loaded.
    Provisional {
        years: Vec<i32>,
        detail: Vec<String>,
    },
    /// The national schedule is known but the region's is missing or partial.
    RegionalNote { note: String },
    /// The result.
    Due {
        date: NaiveDate,
        kind: RuleKind,
        before: bool,
    },
}

/// The steps behind a due date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub steps: Vec<Step>,
}

fn d(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

fn dw(date: NaiveDate) -> String {
    format!("{}（{}）", d(date), weekday_name(date))
}

impl Step {
    /// The step as one Chinese line.
    pub fn line(&self) -> String {
        match self {
            Step::Rule {
                code,
                name,
                length,
                unit_label,
                citation,
                certainty,
                minimum,
            } => {
                let what = if *minimum { "不少于" } else { "" };
                format!("规则：{name}（{code}），{what}{length}{unit_label}；依据{citation}【{certainty}】")
            }
            Step::Start {
                date,
                event,
                counted,
                before,
            } => {
                if *before {
                    format!("自{event}之日{}向前推算，当日不计入", dw(*date))
                } else if *counted {
                    format!("起算：{}{event}，当日计入", dw(*date))
                } else {
                    format!("起算：{}{event}，当日不计入，自次日起算", dw(*date))
                }
            }
            Step::Extension {
                length,
                unit_label,
                approved_by,
                approved_on,
            } => {
                let mut s = format!("经批准延长{length}{unit_label}");
                let mut parts = Vec::new();
                if !approved_by.is_empty() {
                    parts.push(format!("批准：{approved_by}"));
                }
                if let Some(on) = approved_on {
                    parts.push(d(*on));
                }
                if !parts.is_empty() {
                    s.push_str(&format!("（{}）", parts.join("，")));
                }
                s
            }
            Step::ExtensionOverLimit {
                granted,
                max,
                unit_label,
            } => match max {
                Some(m) => {
                    format!("注意：已批准延长共{granted}{unit_label}，超过规定上限{m}{unit_label}")
                }
                None => format!("注意：本期限无延长规定，但记录了延长{granted}{unit_label}"),
            },
            Step::Suspension {
                from,
                to,
                label,
                excluded,
                unit_label,
            } => format!(
                "{label} {} 至 {}，不计入（其中{excluded}{unit_label}）",
                d(*from),
                d(*to)
            ),
            Step::SuspensionIgnored { from, to, label } => format!(
                "{label} {} 至 {}：本期限不扣除该期间，照常计算",
                d(*from),
                d(*to)
            ),
            Step::RestRun {
                from,
                to,
                days,
                labels,
            } => {
                if from == to {
                    format!("{} {}不计", dw(*from), labels.join("、"))
                } else {
                    format!(
                        "{} 至 {} {}（{days}天）不计",
                        d(*from),
                        d(*to),
                        labels.join("、")
                    )
                }
            }
            Step::Weekends { days } => format!("其间周末{days}天不计"),
            Step::MakeupCounted { date, label } => format!("{}{label}，计入", dw(*date)),
            Step::MonthEnd {
                corresponding,
                clamped,
            } => {
                if *clamped {
                    format!("该月无对应日，以月末{}为届满日", dw(*corresponding))
                } else {
                    format!("按月计算，对应日为{}", dw(*corresponding))
                }
            }
            Step::Counted {
                total,
                unit_label,
                end,
            } => format!("共计{total}{unit_label}，计至{}", dw(*end)),
            Step::RollForward {
                from,
                to,
                reason,
                holiday,
            } => format!(
                "期限届满日{}为{}（{reason}），顺延至{}",
                d(*from),
                if *holiday { "节假日" } else { "休息日" },
                dw(*to)
            ),
            Step::Hours { hours } => {
                format!("{hours}小时时限：按日期折算，须按实际收到时刻核对")
            }
            Step::Provisional { detail, .. } => {
                format!(
                    "{}，按法定节假日和周末推算，到期日为预估",
                    detail.join("；")
                )
            }
            Step::RegionalNote { note } => note.clone(),
            Step::Due { date, kind, before } => match (kind, before) {
                (_, true) => format!("最迟应于{}完成", dw(*date)),
                (RuleKind::Minimum, false) => {
                    format!("最短期限届满日：{}，届满后方可进行下一步", dw(*date))
                }
                (RuleKind::Deadline, false) => format!("期限届满日：{}", dw(*date)),
            },
        }
    }
}

impl Explanation {
    /// The explanation as Chinese lines, in order.
    pub fn lines(&self) -> Vec<String> {
        self.steps.iter().map(Step::line).collect()
    }
}

/// Walks the days in `[from, to]` (day numbers), skipping suspended days, and records rest
/// runs and counted make-up days.
fn walk_days(
    cal: &Calendar,
    from: i64,
    to: i64,
    suspended: &[(i64, i64, usize)],
    steps: &mut Vec<Step>,
) {
    let mut weekend_days = 0i64;
    let mut run: Option<(i64, i64, Vec<String>, bool)> = None;
    let flush = |run: &mut Option<(i64, i64, Vec<String>, bool)>,
                 steps: &mut Vec<Step>,
                 weekend_days: &mut i64| {
        if let Some((a, b, labels, special)) = run.take() {
            if special {
                steps.push(Step::RestRun {
                    from: date_of(a),
                    to: date_of(b),
                    days: b - a + 1,
                    labels,
                });
            } else {
                *weekend_days += b - a + 1;
            }
        }
    };
    let mut n = from;
    while n <= to {
        if let Some(&(_, b, _)) = suspended.iter().find(|(a, b, _)| *a <= n && n <= *b) {
            flush(&mut run, steps, &mut weekend_days);
            n = b + 1;
            continue;
        }
        let cell = cal.cell_at(n);
        if cell.status.is_workday() {
            flush(&mut run, steps, &mut weekend_days);
            if cell.status != Status::Weekday {
                steps.push(Step::MakeupCounted {
                    date: date_of(n),
                    label: cal.label(cell),
                });
            }
        } else {
            let label = cal.label(cell);
            let special = cell.status != Status::Weekend;
            match &mut run {
                Some((_, b, labels, sp)) => {
                    *b = n;
                    *sp |= special;
                    if !labels.contains(&label) {
                        labels.push(label);
                    }
                }
                None => run = Some((n, n, vec![label], special)),
            }
        }
        n += 1;
    }
    flush(&mut run, steps, &mut weekend_days);
    if weekend_days > 0 {
        steps.push(Step::Weekends { days: weekend_days });
    }
}

fn provisional_step(cal: &Calendar, from: i64, to: i64) -> Option<Step> {
    if from > to {
        return None;
    }
    let (a, b) = (date_of(from).year(), date_of(to).year());
    let years: Vec<i32> = (a..=b).filter(|&y| !cal.national_known(y)).collect();
    let detail = years
        .iter()
        .map(|y| format!("{y}年调休安排未公布"))
        .collect();
    (!years.is_empty()).then_some(Step::Provisional { years, detail })
}

pub(crate) fn explain(
    rule: &DeadlineRule,
    start: NaiveDate,
    suspensions: &[DateRange],
    extensions: &[GrantedExtension],
    cal: &Calendar,
    c: &Core,
) -> Explanation {
    let unit_label = rule.unit.label().to_owned();
    let before = rule.direction == Direction::Before;
    let mut steps = vec![
        Step::Rule {
            code: rule.code.clone(),
            name: rule.name.clone(),
            length: rule.length,
            unit_label: unit_label.clone(),
            citation: rule.source.citation(),
            certainty: rule.source.certainty.label().to_owned(),
            minimum: rule.kind == RuleKind::Minimum,
        },
        Step::Start {
            date: start,
            event: rule.start_event.clone(),
            counted: rule.start_day_counts,
            before,
        },
    ];

    if !before {
        for e in extensions {
            steps.push(Step::Extension {
                length: e.length,
                unit_label: unit_label.clone(),
                approved_by: e.approved_by.clone(),
                approved_on: e.approved_on,
            });
        }
        let granted: u32 = extensions.iter().map(|e| e.length).sum();
        let max = rule.extension.as_ref().map(|x| x.max_length);
        if granted > 0 && max.is_none_or(|m| granted > m) {
            steps.push(Step::ExtensionOverLimit {
                granted,
                max,
                unit_label: unit_label.clone(),
            });
        }
        if rule.excludes_suspensions {
            for &(a, b, i) in &c.suspensions {
                if b <= c.base || a > c.counted_end {
                    continue;
                }
                let lo = a.max(c.base + 1);
                let excluded = match rule.unit {
                    Unit::WorkingDays => cal.workdays_between_n(lo - 1, b),
                    _ => b - lo + 1,
                };
                let unit = if rule.unit == Unit::WorkingDays {
                    "个工作日"
                } else {
                    "天"
                };
                steps.push(Step::Suspension {
                    from: date_of(a),
                    to: date_of(b),
                    label: suspensions[i].label.clone(),
                    excluded,
                    unit_label: unit.to_owned(),
                });
            }
        } else {
            for s in suspensions {
                steps.push(Step::SuspensionIgnored {
                    from: s.from,
                    to: s.to,
                    label: s.label.clone(),
                });
            }
        }
    }

    match (rule.unit, before) {
        (Unit::WorkingDays, false) => {
            walk_days(cal, c.base + 1, c.counted_end, &c.suspensions, &mut steps);
        }
        (Unit::WorkingDays, true) => {
            walk_days(cal, c.due, c.base - 1, &[], &mut steps);
        }
        (Unit::Months, false) => {
            let corresponding = date_of(c.base)
                .checked_add_months(chrono::Months::new(c.total as u32))
                .unwrap_or(NaiveDate::MAX);
            steps.push(Step::MonthEnd {
                corresponding,
                clamped: corresponding.day() != date_of(c.base).day(),
            });
        }
        (Unit::Hours, _) => steps.push(Step::Hours { hours: c.total }),
        _ => {}
    }
    if !before {
        let counted_unit = if rule.unit == Unit::Hours {
            "小时".to_owned()
        } else {
            unit_label.clone()
        };
        steps.push(Step::Counted {
            total: c.total,
            unit_label: counted_unit,
            end: date_of(c.counted_end),
        });
    }
    if c.due != c.counted_end && !before {
        let cell = cal.cell_at(c.counted_end);
        steps.push(Step::RollForward {
            from: date_of(c.counted_end),
            to: date_of(c.due),
            reason: cal.label(cell),
            holiday: cell.status != Status::Weekend,
        });
    }
    if let Some((from, to)) = c.span {
        if c.provisional {
            if let Some(step) = provisional_step(cal, from, to) {
                steps.push(step);
            }
        }
        for note in cal.regional_notes(from, to) {
            steps.push(Step::RegionalNote { note });
        }
    }
    steps.push(Step::Due {
        date: date_of(c.due),
        kind: rule.kind,
        before,
    });
    Explanation { steps }
}

//! Running deadlines: registers start and settle them; the to-do list and record pages read
//! them; a calendar change recomputes them.

use chrono::{Datelike, Duration, NaiveDate};
use fazhi_domain::deadline::{
    self, compute_due, due_date_only, DateRange, DeadlineRule, DeadlineState, DueDate,
    GrantedExtension,
};
use serde::Serialize;

use crate::app::App;
use crate::error::{AppError, AppResult};
use crate::storage::deadlines::{self as store, DeadlineRow, Moved};
use crate::storage::{orgs, Scope, StorageError, Tx};
use fazhi_domain::access::Role;

use super::calendar::Calendars;
pub use crate::storage::deadlines::ChangeRow;

/// A deadline to start tracking for a record.
pub struct Tracked<'a> {
    /// The register, e.g. `dispute`.
    pub register: &'a str,
    pub record_id: i64,
    pub org_id: i64,
    /// A rule code from `data/deadline_rules.json`, e.g. `dispute.mediation_month`.
    pub rule_code: &'a str,
    pub start: NaiveDate,
    /// What the to-do list shows, e.g. the case number.
    pub label: &'a str,
    /// Where the to-do list links, e.g. `/disputes/17`.
    pub link: &'a str,
}

fn rule(code: &str) -> Result<&'static DeadlineRule, StorageError> {
    deadline::shipped_rules()
        .get(code)
        .ok_or_else(|| StorageError::Corrupt(format!("未知的期限规则 {code}")))
}

/// Starts (or restarts) a deadline inside the record's own transaction.
pub async fn track(tx: &mut Tx, app: &App, t: Tracked<'_>) -> Result<(), StorageError> {
    track_many(tx, app, &[t]).await
}

/// A deadline worked out ahead of the transaction that writes it (a correction checks and
/// plans outside it, then writes it with the record: [`apply`]).
#[derive(Clone, Debug)]
pub struct Planned {
    pub register: String,
    pub record_id: i64,
    pub org_id: i64,
    pub rule_code: &'static str,
    pub label: String,
    pub link: String,
    pub region: Option<String>,
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub provisional: bool,
    /// Days not counted (e.g. the applicant supplying missing materials), when the rule
    /// excludes them.
    pub suspensions: Vec<DateRange>,
}

/// Works out deadline `t` with the days in `suspensions` left out, on the calendar of the
/// record's organisation (read through `on`).
pub async fn plan<'a>(
    on: impl Into<crate::storage::db::On<'a>>,
    app: &App,
    t: Tracked<'_>,
    suspensions: Vec<DateRange>,
) -> Result<Planned, StorageError> {
    let rule = rule(t.rule_code)?;
    let region = orgs::get(on, t.org_id).await?.region;
    let cal = app.calendar.current().for_region(region.as_deref());
    let due = due_date_only(rule, t.start, &suspensions, &[], &cal);
    Ok(Planned {
        register: t.register.to_owned(),
        record_id: t.record_id,
        org_id: t.org_id,
        rule_code: rule.code.as_str(),
        label: t.label.to_owned(),
        link: t.link.to_owned(),
        region,
        start: t.start,
        due: due.due,
        provisional: due.provisional,
        suspensions,
    })
}

/// Starts or restarts planned deadlines, in the record's transaction.
pub async fn apply(tx: &mut Tx, planned: &[Planned]) -> Result<(), StorageError> {
    for p in planned {
        store::upsert(
            tx,
            store::Upsert {
                register: &p.register,
                record_id: p.record_id,
                org_id: p.org_id,
                rule_code: p.rule_code,
                label: &p.label,
                link: &p.link,
                region: p.region.as_deref(),
                start: p.start,
                due: p.due,
                provisional: p.provisional,
                suspensions_json: (!p.suspensions.is_empty())
                    .then(|| serde_json::to_string(&p.suspensions).unwrap_or_default()),
                extensions_json: None,
            },
        )
        .await?;
    }
    Ok(())
}

/// Starts (or restarts) deadlines in the records' transaction; for many new records at once (an
/// import) the organisations' regions are read once each and the deadlines written in a few
/// multi-row statements.
pub async fn track_many(
    tx: &mut Tx,
    app: &App,
    tracked: &[Tracked<'_>],
) -> Result<(), StorageError> {
    let calendars = app.calendar.current();
    let mut regions: std::collections::HashMap<i64, Option<String>> = Default::default();
    for t in tracked {
        if let std::collections::hash_map::Entry::Vacant(e) = regions.entry(t.org_id) {
            e.insert(orgs::get(&mut *tx, t.org_id).await?.region);
        }
    }
    let mut rows = Vec::with_capacity(tracked.len());
    for t in tracked {
        let rule = rule(t.rule_code)?;
        let region = regions[&t.org_id].as_deref();
        let due = due_date_only(rule, t.start, &[], &[], &calendars.for_region(region));
        rows.push(store::Upsert {
            register: t.register,
            record_id: t.record_id,
            org_id: t.org_id,
            rule_code: t.rule_code,
            label: t.label,
            link: t.link,
            region,
            start: t.start,
            due: due.due,
            provisional: due.provisional,
            suspensions_json: None,
            extensions_json: None,
        });
    }
    store::upsert_many(tx, &rows).await
}

/// Marks a deadline as met (e.g. the dispute was concluded).
pub async fn settle(
    tx: &mut Tx,
    register: &str,
    record_id: i64,
    rule_code: &str,
) -> Result<(), StorageError> {
    store::settle(tx, register, record_id, rule_code).await
}

/// A deadline as a person reads it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DeadlineView {
    pub rule_code: String,
    pub rule_name: String,
    pub label: String,
    pub link: String,
    pub due_date: NaiveDate,
    /// 未到期 / 即将到期 / 已逾期 / 调休安排未公布，到期日为预估 …
    pub state: String,
    /// `ok`, `soon`, `overdue`, `provisional`: for styling only; the state is always in words.
    pub state_class: &'static str,
    pub working_days_remaining: i64,
    pub provisional: bool,
    /// What the count cannot know yet and the reader must (新疆2026年节日安排未载入…).
    pub notes: Vec<String>,
    /// How the date was computed, line by line.
    pub explanation: Vec<String>,
    /// The rule's legal source.
    pub source: String,
}

fn parse_json<T: serde::de::DeserializeOwned>(s: &Option<String>) -> Vec<T> {
    s.as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

pub(crate) fn view(
    row: &DeadlineRow,
    calendars: &Calendars,
    today: NaiveDate,
) -> Option<DeadlineView> {
    let Some(rule) = deadline::shipped_rules().get(&row.rule_code) else {
        return set_date_view(row, calendars, today);
    };
    let cal = calendars.for_region(row.region.as_deref());
    let suspensions: Vec<DateRange> = parse_json(&row.suspensions_json);
    let extensions: Vec<GrantedExtension> = parse_json(&row.extensions_json);
    let due = compute_due(rule, row.start_date, &suspensions, &extensions, &cal);
    let status = due.status(today, &cal);
    let state_class = match status.state {
        DeadlineState::Overdue => "overdue",
        DeadlineState::DueSoon => "soon",
        DeadlineState::Provisional => "provisional",
        _ => "ok",
    };
    Some(DeadlineView {
        rule_code: rule.code.clone(),
        rule_name: rule.name.clone(),
        label: row.label.clone(),
        link: row.link.clone(),
        due_date: due.due,
        state: status.state.label().to_owned(),
        state_class,
        working_days_remaining: status.working_days_remaining,
        provisional: due.provisional,
        notes: graded(row, &due, today, &cal),
        explanation: due.explanation.lines(),
        source: rule.source.citation(),
    })
}

/// A deadline whose date a person or a letter set (a 督办 time limit, a letter's reply date,
/// a rectification deadline: `fazhi_domain::deadline::set_dates`): shown as stored.
fn set_date_view(
    row: &DeadlineRow,
    calendars: &Calendars,
    today: NaiveDate,
) -> Option<DeadlineView> {
    let set = deadline::set_dates::set_date(&row.rule_code)?;
    let cal = calendars.for_region(row.region.as_deref());
    let plain = deadline::PlainDue {
        due: row.due_date,
        provisional: false,
    };
    let status = plain.status(deadline::RuleKind::Deadline, today, &cal);
    let state_class = match status.state {
        DeadlineState::Overdue => "overdue",
        DeadlineState::DueSoon => "soon",
        _ => "ok",
    };
    let notes = petition_warning(row, row.due_date, today, &cal)
        .into_iter()
        .collect();
    Some(DeadlineView {
        rule_code: set.code.to_owned(),
        rule_name: set.name.to_owned(),
        label: row.label.clone(),
        link: row.link.clone(),
        due_date: row.due_date,
        state: status.state.label().to_owned(),
        state_class,
        working_days_remaining: status.working_days_remaining,
        provisional: false,
        notes,
        explanation: vec![
            format!("起算：{}", row.start_date),
            format!("期限由{}确定", set.set_by),
            format!("期限届满日：{}", row.due_date),
        ],
        source: set.set_by.to_owned(),
    })
}

/// The notes of a deadline, with a petition's graded warning (即将到期 / 已超期 / 超期15日以上 /
/// 超期30日以上, the four grades petition systems use; `fazhi_domain::complaint::Warning`).
fn graded(
    row: &DeadlineRow,
    due: &DueDate,
    today: NaiveDate,
    cal: &fazhi_domain::calendar::Calendar,
) -> Vec<String> {
    let mut notes = due.notes.clone();
    notes.extend(petition_warning(row, due.due, today, cal));
    notes
}

/// A petition's graded warning on `due`, as a note.
fn petition_warning(
    row: &DeadlineRow,
    due: NaiveDate,
    today: NaiveDate,
    cal: &fazhi_domain::calendar::Calendar,
) -> Option<String> {
    if row.register != "complaint" {
        return None;
    }
    fazhi_domain::complaint::Warning::on(due, today, cal)
        .map(|w| format!("信访预警：{}", w.label()))
}

/// The running deadlines of one record, with explanations.
pub async fn for_record(app: &App, register: &str, record_id: i64) -> AppResult<Vec<DeadlineView>> {
    let rows = store::running_for_record(&app.db, register, record_id).await?;
    Ok(views(app, &rows))
}

/// Running deadlines as shown, counted on the current calendars to today.
pub fn views(app: &App, rows: &[store::DeadlineRow]) -> Vec<DeadlineView> {
    let calendars = app.calendar.current();
    let today = today();
    rows.iter()
        .filter_map(|r| view(r, &calendars, today))
        .collect()
}

/// Today in Beijing, the day statutory periods count in (`crate::clock`).
pub fn today() -> NaiveDate {
    crate::clock::today()
}

/// The to-do list looks this many working days ahead (issue 14 point 7: not only to Sunday).
pub const DUE_SOON_WORKING_DAYS: u32 = 5;

#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct Todo {
    pub overdue: Vec<DeadlineView>,
    /// Due within 3 working days.
    pub due_soon: Vec<DeadlineView>,
    /// Due later, within 5 working days (on the record's own calendar), or later this week.
    pub upcoming: Vec<DeadlineView>,
}

impl Todo {
    pub fn count(&self) -> usize {
        self.overdue.len() + self.due_soon.len() + self.upcoming.len()
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    /// Due within 5 working days and not overdue: [`Self::due_soon`] and [`Self::upcoming`]
    /// less what is due this week beyond the 5 working days.
    pub fn due_within_working_days(&self) -> impl Iterator<Item = &DeadlineView> {
        self.due_soon
            .iter()
            .chain(&self.upcoming)
            .filter(|d| d.working_days_remaining <= i64::from(DUE_SOON_WORKING_DAYS))
    }
}

/// What is overdue, due within 3 working days, and due within 5 working days or this week, in
/// `scope`, of the records `role` may read (an adviser who reads no register sees no applicant's
/// name here either). Working days are counted on each record's own calendar (regional rest
/// days included), so a deadline across a weekend or a holiday is shown only when it falls
/// within 5 of them.
pub async fn todo(app: &App, role: Role, scope: &Scope, today: NaiveDate) -> AppResult<Todo> {
    let calendars = app.calendar.current();
    let national = calendars.for_region(None);
    let end_of_week = today + Duration::days(i64::from(6 - today.weekday().num_days_from_monday()));
    // Read a little further than 5 national working days: a region's extra rest days push its
    // fifth working day later; each deadline is then judged on its own calendar.
    let horizon = end_of_week.max(national.add_workdays(today, DUE_SOON_WORKING_DAYS * 2).date);
    let registers = role.deadline_registers();
    let rows = store::running_until(&app.db, scope, registers.as_deref(), horizon, 500).await?;
    let mut todo = Todo::default();
    let reports = super::annual_reports::running(app, role, scope, &calendars, today).await?;
    let views = rows
        .iter()
        .filter_map(|row| view(row, &calendars, today))
        .chain(reports);
    for v in views {
        match v.state_class {
            "overdue" => todo.overdue.push(v),
            _ if v.working_days_remaining <= 3 => todo.due_soon.push(v),
            _ if v.working_days_remaining <= i64::from(DUE_SOON_WORKING_DAYS)
                || v.due_date <= end_of_week =>
            {
                todo.upcoming.push(v)
            }
            _ => {}
        }
    }
    Ok(todo)
}

/// Recomputes every running deadline against `calendars`, inside the calendar load's
/// transaction, and records which moved. Deadlines without suspensions or extensions are
/// recomputed once per (rule, region, start date) group and moved with set-based statements;
/// the few with their own adjustments one by one.
pub async fn recompute(
    tx: &mut Tx,
    calendars: &Calendars,
    file_id: i64,
) -> Result<usize, StorageError> {
    let mut moved = 0;
    for group in store::running_groups(&mut *tx).await? {
        let Ok(rule) = rule(&group.rule_code) else {
            continue;
        };
        let cal = calendars.for_region(group.region.as_deref());
        let due = due_date_only(rule, group.start_date, &[], &[], &cal);
        if due.due != group.due_date || due.provisional != group.provisional {
            moved += store::move_group(tx, file_id, &group, due.due, due.provisional).await?;
        }
    }
    let mut after = 0i64;
    loop {
        let page = store::running_adjusted_page(&mut *tx, after, 1000).await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for row in &page {
            let Ok(rule) = rule(&row.rule_code) else {
                continue;
            };
            let cal = calendars.for_region(row.region.as_deref());
            let suspensions: Vec<DateRange> = parse_json(&row.suspensions_json);
            let extensions: Vec<GrantedExtension> = parse_json(&row.extensions_json);
            let due = due_date_only(rule, row.start_date, &suspensions, &extensions, &cal);
            if due.due != row.due_date || due.provisional != row.provisional {
                let m = Moved {
                    id: row.id,
                    old_due: row.due_date,
                    new_due: due.due,
                    provisional: due.provisional,
                };
                store::move_one(tx, file_id, &m).await?;
                moved += 1;
            }
        }
    }
    Ok(moved)
}

/// Explains a rule applied to a start date, without a record (the calendar page's calculator).
pub fn explain(
    app: &App,
    rule_code: &str,
    start: NaiveDate,
    region: Option<&str>,
) -> AppResult<DeadlineView> {
    let rule = deadline::shipped_rules()
        .get(rule_code)
        .ok_or_else(|| AppError::field("rule", "没有这个期限规则，请从列表中选择"))?;
    let calendars = app.calendar.current();
    let row = DeadlineRow {
        id: 0,
        register: rule.register.clone(),
        record_id: 0,
        org_id: 0,
        rule_code: rule.code.clone(),
        label: rule.name.clone(),
        link: String::new(),
        region: region.map(str::to_owned),
        start_date: start,
        due_date: start,
        provisional: false,
        suspensions_json: None,
        extensions_json: None,
    };
    view(&row, &calendars, today()).ok_or_else(AppError::not_found)
}

//! China's working-day calendar: national statutory holidays and 调休上班日, plus a regional
//! overlay (新疆 肉孜节 / 古尔邦节), indexed so that working-day arithmetic is O(1).
//!
//! Policy (statutes.md §14): a date is a working day if it is a 调休上班日, or it is Monday to
//! Friday and not inside an announced 放假 range and not a regional rest day. Years without a
//! loaded national notice are *not known*: arithmetic there treats the statutory holidays
//! (`statutory`, 2025–2050) and the weekends as rest, and every result that touches them is
//! flagged provisional (调休 unknown), never presented as certain. A year whose regional
//! overlay alone is missing or partial counts on what is loaded and carries a note instead.

mod file;
mod statutory;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::{Datelike, NaiveDate};

pub use file::{
    parse_calendar_file, weekday_name, CalendarFile, CalendarFileError, CalendarRecord, Notice,
    RecordKind, YearDeclaration, YearScope, FIRST_YEAR, HEADER, LAST_YEAR,
};
pub use statutory::{
    festival_dates, parse_table as parse_statutory_table, statutory_notice, statutory_rest_days,
    FestivalDates, STATUTORY_CSV, STATUTORY_FIRST_YEAR, STATUTORY_LAST_YEAR,
};

/// The shipped national schedule, as text (stored in the database on first start).
pub const NATIONAL_CSV: &str = include_str!("../../../../data/calendar/national.csv");
/// The shipped 新疆 overlay, as text.
pub const XINJIANG_CSV: &str = include_str!("../../../../data/calendar/xinjiang.csv");

/// 新疆 2026, loaded as a partial year (verify.md §1.2: rest days from one secondary copy,
/// the 古尔邦节 make-up days unknown).
pub const XINJIANG_2026_CSV: &str =
    include_str!("../../../../data/calendar/xinjiang_2026_partial.csv");

/// The calendar files shipped with fazhi, in load order: (region, title, text). A database
/// stores each one once, by title (`service::calendar::CalendarCache::load`).
pub const SHIPPED_FILES: [(Option<&str>, &str, &str); 3] = [
    (None, "全国节假日安排 2004–2026", NATIONAL_CSV),
    (
        Some("新疆"),
        "新疆维吾尔自治区 肉孜节、古尔邦节",
        XINJIANG_CSV,
    ),
    (
        Some("新疆"),
        "新疆维吾尔自治区 2026年肉孜节、古尔邦节（部分安排）",
        XINJIANG_2026_CSV,
    ),
];

/// The national file shipped with fazhi (2004 to the latest announced year).
pub fn shipped_national() -> CalendarFile {
    parse_calendar_file(NATIONAL_CSV).expect("shipped national.csv is validated by the tests")
}

/// The 新疆 overlay shipped with fazhi (only the notices verified so far).
pub fn shipped_xinjiang() -> CalendarFile {
    parse_calendar_file(XINJIANG_CSV).expect("shipped xinjiang.csv is validated by the tests")
}

/// The shipped 新疆 2026 partial year.
pub fn shipped_xinjiang_2026() -> CalendarFile {
    parse_calendar_file(XINJIANG_2026_CSV).expect("shipped 2026 file is validated by the tests")
}

/// Why a day is, or is not, a working day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayReason {
    /// Monday to Friday with no announcement.
    Weekday,
    /// Saturday or Sunday with no announcement.
    Weekend,
    /// Inside a national 放假 range.
    Holiday { name: String },
    /// National 调休上班日.
    MakeupWorkday { name: String },
    /// Regional rest day.
    RegionalRest { region: String, name: String },
    /// Regional make-up working day.
    RegionalMakeupWorkday { region: String, name: String },
    /// A national make-up working day the region cancelled: the day is rest there.
    CancelledMakeup { region: String, name: String },
}

impl fmt::Display for DayReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayReason::Weekday => f.write_str("工作日"),
            DayReason::Weekend => f.write_str("周末"),
            DayReason::Holiday { name } => f.write_str(name),
            DayReason::MakeupWorkday { name } => write!(f, "调休上班日（{name}）"),
            DayReason::RegionalRest { region, name } => write!(f, "{region}{name}"),
            DayReason::RegionalMakeupWorkday { region, name } => {
                write!(f, "{region}调休上班日（{name}）")
            }
            DayReason::CancelledMakeup { region, name } => {
                write!(f, "{region}取消调休上班（{name}），正常休息")
            }
        }
    }
}

/// One day as the calendar sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayInfo {
    pub date: NaiveDate,
    pub workday: bool,
    /// False when the year's schedule (national, or regional with an overlay active) is not
    /// loaded: `workday` is then an estimate.
    pub known: bool,
    /// The national notice of the year is not loaded: `workday` counts the statutory holidays
    /// and weekends only (调休安排未公布).
    pub provisional: bool,
    /// Set when only the active region's schedule of the year is missing or partial.
    pub regional_note: Option<String>,
    pub reason: DayReason,
    /// The notice behind the day's status, when a record set it.
    pub notice: Option<Notice>,
}

/// A date reached by counting working days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted {
    pub date: NaiveDate,
    /// The count crossed a day whose year is not known.
    pub provisional: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Status {
    Weekday,
    Weekend,
    Holiday,
    Makeup,
    RegionalRest,
    RegionalMakeup,
    CancelledMakeup,
}

impl Status {
    pub(crate) fn is_workday(self) -> bool {
        matches!(
            self,
            Status::Weekday | Status::Makeup | Status::RegionalMakeup
        )
    }
}

const NO_NAME: u16 = u16::MAX;

/// Compact per-day entry of the index.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cell {
    pub(crate) status: Status,
    name: u16,
    notice: u16,
}

impl Cell {
    /// Day number `n` as no record names it: a weekday or a weekend day, unnamed.
    #[inline]
    fn plain(n: i64) -> Cell {
        Cell {
            status: if is_weekend_number(n) {
                Status::Weekend
            } else {
                Status::Weekday
            },
            name: NO_NAME,
            notice: NO_NAME,
        }
    }
}

/// Monday 2003-12-29 as a day number relative to 2004-01-01 (a Thursday).
const MONDAY_BASE: i64 = -3;

/// Days since 2004-01-01 (negative before).
#[inline]
fn day_number(date: NaiveDate) -> i64 {
    // 2004-01-01 is day 731581 of the common era.
    i64::from(date.num_days_from_ce()) - 731_581
}

#[inline]
fn from_day_number(n: i64) -> NaiveDate {
    let ce = n + 731_581;
    i32::try_from(ce)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .expect("date within chrono's range")
}

/// Monday–Friday days in [MONDAY_BASE, x).
#[inline]
fn weekdays_before(x: i64) -> i64 {
    let y = x - MONDAY_BASE;
    y.div_euclid(7) * 5 + y.rem_euclid(7).min(5)
}

/// The Monday–Friday day `d` with `weekdays_before(d) == m`.
#[inline]
fn weekday_at(m: i64) -> i64 {
    MONDAY_BASE + m.div_euclid(5) * 7 + m.rem_euclid(5)
}

#[inline]
fn is_weekend_number(n: i64) -> bool {
    (n - MONDAY_BASE).rem_euclid(7) >= 5
}

/// The working-day calendar: national files, then an optional regional overlay, applied in
/// load order (a later record for the same date supersedes an earlier one).
#[derive(Clone, Debug)]
pub struct Calendar {
    /// Day 0 is 2004-01-01; one cell per day through the last indexed year.
    cells: Vec<Cell>,
    /// `prefix[i]` = working days in days `[0, i)`; `cells.len() + 1` entries.
    prefix: Vec<u32>,
    /// Day numbers of the working days, ascending: `workdays[k]` is the k-th working day.
    workdays: Vec<u32>,
    /// Per indexed year (from 2004): schedule known.
    known_years: Vec<bool>,
    /// Per indexed year (from 2004): the national schedule known (the regional one may not be).
    national_known: Vec<bool>,
    /// Regional years with only part of their notices loaded (`year_partial`).
    regional_partial: BTreeSet<i32>,
    names: Vec<String>,
    notices: Vec<Notice>,
    region: Option<String>,
    national_years: BTreeSet<i32>,
    regional_years: BTreeSet<i32>,
}

impl Default for Calendar {
    /// A calendar with no data: Monday–Friday less the statutory holidays of 2025–2050,
    /// nothing known.
    fn default() -> Self {
        Calendar::build(&[], &[])
    }
}

impl Calendar {
    /// The shipped national data, without a regional overlay.
    pub fn shipped() -> Calendar {
        Calendar::build(&[shipped_national()], &[])
    }

    /// The shipped national data with the shipped 新疆 overlay.
    pub fn shipped_xinjiang() -> Calendar {
        Calendar::build(
            &[shipped_national()],
            &[shipped_xinjiang(), shipped_xinjiang_2026()],
        )
    }

    /// Builds the index. `national` and `overlay` are applied in the order given; within each,
    /// a later file's record for a date replaces an earlier one (补充通知). A non-empty
    /// `overlay` makes the region active: a year is then known only when both the national
    /// and the regional schedule cover it. Files of the wrong kind in a slice are still
    /// applied by their records' kinds.
    pub fn build(national: &[CalendarFile], overlay: &[CalendarFile]) -> Calendar {
        let mut names: Vec<String> = Vec::new();
        let mut name_ids: HashMap<String, u16> = HashMap::new();
        let mut notices: Vec<Notice> = Vec::new();
        let mut notice_ids: HashMap<(String, String), u16> = HashMap::new();
        let mut intern_name = |s: &str| -> u16 {
            if let Some(&id) = name_ids.get(s) {
                return id;
            }
            let id = u16::try_from(names.len()).unwrap_or(NO_NAME - 1);
            names.push(s.to_owned());
            name_ids.insert(s.to_owned(), id);
            id
        };
        let mut intern_notice = |n: &Notice| -> u16 {
            let key = (n.title.clone(), n.number.clone());
            if let Some(&id) = notice_ids.get(&key) {
                return id;
            }
            let id = u16::try_from(notices.len()).unwrap_or(NO_NAME - 1);
            notices.push(n.clone());
            notice_ids.insert(key, id);
            id
        };

        let mut national_records: BTreeMap<NaiveDate, &CalendarRecord> = BTreeMap::new();
        let mut national_years = BTreeSet::new();
        for f in national {
            national_years.extend(f.covered_years());
            for r in &f.records {
                national_records.insert(r.date, r);
            }
        }
        let mut regional_records: BTreeMap<NaiveDate, &CalendarRecord> = BTreeMap::new();
        let mut regional_years = BTreeSet::new();
        let mut regional_partial = BTreeSet::new();
        let mut region = None;
        for f in overlay {
            regional_years.extend(f.covered_years());
            regional_partial.extend(
                f.years
                    .iter()
                    .filter(|y| y.scope == YearScope::Partial)
                    .map(|y| y.year),
            );
            if region.is_none() {
                region.clone_from(&f.region);
            }
            for r in &f.records {
                regional_records.insert(r.date, r);
            }
        }
        let region_active = !overlay.is_empty();
        if region_active && region.is_none() {
            region = Some("地区".to_owned());
        }

        let last_year = [
            national_years.last().copied(),
            regional_years.last().copied(),
            national_records.keys().next_back().map(|d| d.year()),
            regional_records.keys().next_back().map(|d| d.year()),
            Some(STATUTORY_LAST_YEAR),
        ]
        .into_iter()
        .flatten()
        .max();
        let len = match last_year {
            Some(y) => {
                let end = NaiveDate::from_ymd_opt(y, 12, 31).expect("valid year end");
                usize::try_from(day_number(end) + 1).unwrap_or(0)
            }
            None => 0,
        };

        let mut cells: Vec<Cell> = (0..len as i64).map(Cell::plain).collect();
        let mut apply = |r: &CalendarRecord| {
            let Ok(i) = usize::try_from(day_number(r.date)) else {
                return;
            };
            let Some(cell) = cells.get_mut(i) else {
                return;
            };
            cell.status = match r.kind {
                RecordKind::Rest => Status::Holiday,
                RecordKind::MakeupWorkday => Status::Makeup,
                RecordKind::RegionalRest => Status::RegionalRest,
                RecordKind::RegionalMakeupWorkday => Status::RegionalMakeup,
                RecordKind::CancelNationalMakeup => Status::CancelledMakeup,
            };
            cell.name = intern_name(&r.name);
            cell.notice = intern_notice(&r.notice);
        };
        // Years without a national notice: the statutory days, under anything loaded.
        let statutory_notice = statutory_notice();
        for year in STATUTORY_FIRST_YEAR..=STATUTORY_LAST_YEAR {
            if national_years.contains(&year) {
                continue;
            }
            for (date, name) in statutory_rest_days(year) {
                apply(&CalendarRecord {
                    date,
                    kind: RecordKind::Rest,
                    name: name.to_owned(),
                    notice: statutory_notice.clone(),
                    note: String::new(),
                    line: 0,
                });
            }
        }
        for r in national_records.values() {
            apply(r);
        }
        for r in regional_records.values() {
            apply(r);
        }

        let mut prefix = Vec::with_capacity(len + 1);
        let mut workdays = Vec::with_capacity(len * 5 / 7 + 8);
        let mut count = 0u32;
        prefix.push(0);
        for (i, c) in cells.iter().enumerate() {
            if c.status.is_workday() {
                workdays.push(i as u32);
                count += 1;
            }
            prefix.push(count);
        }

        let years = last_year.map_or(0, |y| (y - FIRST_YEAR + 1).max(0) as usize);
        let known_years = (0..years)
            .map(|i| {
                let y = FIRST_YEAR + i as i32;
                national_years.contains(&y) && (!region_active || regional_years.contains(&y))
            })
            .collect();
        let national_known = (0..years)
            .map(|i| national_years.contains(&(FIRST_YEAR + i as i32)))
            .collect();

        Calendar {
            cells,
            prefix,
            workdays,
            known_years,
            national_known,
            regional_partial,
            names,
            notices,
            region: if region_active { region } else { None },
            national_years,
            regional_years,
        }
    }

    /// The active overlay region (e.g. 新疆), if any.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Years whose schedule is fully known (national, and regional when an overlay is active).
    pub fn covered_years(&self) -> Vec<i32> {
        self.known_years
            .iter()
            .enumerate()
            .filter(|(_, k)| **k)
            .map(|(i, _)| FIRST_YEAR + i as i32)
            .collect()
    }

    /// Years with a complete national schedule.
    pub fn national_years(&self) -> Vec<i32> {
        self.national_years.iter().copied().collect()
    }

    /// Years with a complete regional schedule (empty without an overlay).
    pub fn regional_years(&self) -> Vec<i32> {
        self.regional_years.iter().copied().collect()
    }

    /// Whether the year's schedule is fully known.
    #[inline]
    pub fn year_known(&self, year: i32) -> bool {
        usize::try_from(year - FIRST_YEAR)
            .ok()
            .and_then(|i| self.known_years.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// Whether the year's national schedule (with its 调休) is announced and loaded.
    #[inline]
    pub fn national_known(&self, year: i32) -> bool {
        usize::try_from(year - FIRST_YEAR)
            .ok()
            .and_then(|i| self.national_known.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// What a count reaching into `year` must say when the national schedule is known but the
    /// active region's is not (fully) loaded; `None` otherwise.
    pub fn regional_note(&self, year: i32) -> Option<String> {
        let region = self.region.as_deref()?;
        if !self.national_known(year) || self.regional_years.contains(&year) {
            return None;
        }
        Some(if self.regional_partial.contains(&year) {
            format!("{region}{year}年节日安排仅部分载入（调休上班日未公布），如自治区另行调休，到期日可能变化")
        } else {
            format!("{region}{year}年节日安排未载入，如自治区另行放假，到期日可能顺延")
        })
    }

    /// The regional notes of every year in day numbers `[from, to]`.
    pub(crate) fn regional_notes(&self, from: i64, to: i64) -> Vec<String> {
        if self.region.is_none() || from > to {
            return Vec::new();
        }
        (from_day_number(from).year()..=from_day_number(to).year())
            .filter_map(|y| self.regional_note(y))
            .collect()
    }

    #[inline]
    pub(crate) fn cell_at(&self, n: i64) -> Cell {
        match usize::try_from(n).ok().and_then(|i| self.cells.get(i)) {
            Some(c) => *c,
            None => Cell::plain(n),
        }
    }

    pub(crate) fn cell_name(&self, cell: Cell) -> &str {
        self.names
            .get(usize::from(cell.name))
            .map_or("", String::as_str)
    }

    /// Short Chinese label of a day's reason (春节, 周末, 新疆肉孜节 …).
    pub(crate) fn label(&self, cell: Cell) -> String {
        self.reason(cell).to_string()
    }

    fn reason(&self, cell: Cell) -> DayReason {
        let name = self.cell_name(cell).to_owned();
        let region = || self.region.clone().unwrap_or_default();
        match cell.status {
            Status::Weekday => DayReason::Weekday,
            Status::Weekend => DayReason::Weekend,
            Status::Holiday => DayReason::Holiday { name },
            Status::Makeup => DayReason::MakeupWorkday { name },
            Status::RegionalRest => DayReason::RegionalRest {
                region: region(),
                name,
            },
            Status::RegionalMakeup => DayReason::RegionalMakeupWorkday {
                region: region(),
                name,
            },
            Status::CancelledMakeup => DayReason::CancelledMakeup {
                region: region(),
                name,
            },
        }
    }

    /// Everything the calendar says about one date.
    pub fn day(&self, date: NaiveDate) -> DayInfo {
        let cell = self.cell_at(day_number(date));
        DayInfo {
            date,
            workday: cell.status.is_workday(),
            known: self.year_known(date.year()),
            provisional: !self.national_known(date.year()),
            regional_note: self.regional_note(date.year()),
            reason: self.reason(cell),
            notice: self.notices.get(usize::from(cell.notice)).cloned(),
        }
    }

    /// Whether `date` is a working day (Monday–Friday guess outside known years).
    #[inline]
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        self.cell_at(day_number(date)).status.is_workday()
    }

    /// Working days in day numbers `[0, x)` (negative for x before 2004-01-01).
    #[inline]
    fn workdays_before(&self, x: i64) -> i64 {
        let len = self.cells.len() as i64;
        if x <= 0 {
            weekdays_before(x) - weekdays_before(0)
        } else if x <= len {
            i64::from(self.prefix[x as usize])
        } else {
            i64::from(self.prefix[len as usize]) + weekdays_before(x) - weekdays_before(len)
        }
    }

    /// The working day `d` with `workdays_before(d) == t`.
    #[inline]
    fn workday_at(&self, t: i64) -> i64 {
        let total = self.workdays.len() as i64;
        if t < 0 {
            weekday_at(weekdays_before(0) + t)
        } else if t < total {
            i64::from(self.workdays[t as usize])
        } else {
            let len = self.cells.len() as i64;
            weekday_at(weekdays_before(len) + (t - total))
        }
    }

    /// Whether every day in day numbers `[from, to]` lies in a year whose national schedule is
    /// known (a regional gap gives a note, not a provisional result: `regional_notes`).
    #[inline]
    pub(crate) fn span_known(&self, from: i64, to: i64) -> bool {
        if from > to {
            return true;
        }
        let (a, b) = (from_day_number(from).year(), from_day_number(to).year());
        (a..=b).all(|y| self.national_known(y))
    }

    /// The n-th working day after `start` (`start` itself is not counted; n = 0 gives
    /// `start`). O(1).
    #[inline]
    pub fn add_workdays(&self, start: NaiveDate, n: u32) -> Counted {
        let s = day_number(start);
        let d = self.add_workdays_n(s, i64::from(n));
        Counted {
            date: from_day_number(d),
            provisional: !self.span_known(s + 1, d.max(s + 1)),
        }
    }

    /// The n-th working day before `start` (for "at least n working days before" rules).
    #[inline]
    pub fn sub_workdays(&self, start: NaiveDate, n: u32) -> Counted {
        let s = day_number(start);
        let d = if n == 0 {
            s
        } else {
            self.workday_at(self.workdays_before(s) - i64::from(n))
        };
        Counted {
            date: from_day_number(d),
            provisional: !self.span_known(d.min(s - 1), s - 1),
        }
    }

    #[inline]
    pub(crate) fn add_workdays_n(&self, s: i64, n: i64) -> i64 {
        if n == 0 {
            s
        } else {
            self.workday_at(self.workdays_before(s + 1) + n - 1)
        }
    }

    /// Working days after `from` up to and including `to`; negative when `to < from`. O(1).
    #[inline]
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.workdays_between_n(day_number(from), day_number(to))
    }

    #[inline]
    pub(crate) fn workdays_between_n(&self, from: i64, to: i64) -> i64 {
        self.workdays_before(to + 1) - self.workdays_before(from + 1)
    }

    /// `date` if it is a working day, else the next working day.
    pub fn next_workday_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        if self.is_workday(date) {
            date
        } else {
            self.add_workdays(date, 1).date
        }
    }

    /// Days in `[from, to]` whose working-day status differs between two calendars: what a
    /// calendar change affects (deadlines running across them must be recomputed).
    pub fn changed_days(&self, other: &Calendar, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let (a, b) = (day_number(from), day_number(to));
        (a..=b)
            .filter(|&n| {
                self.cell_at(n).status.is_workday() != other.cell_at(n).status.is_workday()
                    || self.year_known(from_day_number(n).year())
                        != other.year_known(from_day_number(n).year())
            })
            .map(from_day_number)
            .collect()
    }
}

pub(crate) fn to_day_number(date: NaiveDate) -> i64 {
    day_number(date)
}

pub(crate) fn date_of(n: i64) -> NaiveDate {
    from_day_number(n)
}

#[cfg(test)]
mod tests;

//! The calendar file format shared by the shipped national file, regional overlays and
//! `fazhi calendar load FILE` (documented for operators in `docs/calendar.md`).
//!
//! One CSV record per line: `date,kind,name,region,notice,number,note`. Lines starting with
//! `#` and blank lines are ignored; the first other line must be that header. `kind` is one
//! of the [`RecordKind`] codes for a date, or `year` / `year_partial` with a four-digit year
//! in the `date` column to declare which years the file has notices for.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{Datelike, NaiveDate, Weekday};

/// The first year the engine indexes; the national data start here.
pub const FIRST_YEAR: i32 = 2004;
/// Dates beyond this are almost certainly typing mistakes.
pub const LAST_YEAR: i32 = 2100;

/// The header every calendar file carries, in this order.
pub const HEADER: &str = "date,kind,name,region,notice,number,note";

/// What a dated record says about its day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// A national 放假 day (a weekday made rest, or a weekend day inside an announced range).
    Rest,
    /// A national 调休上班日: a Saturday or Sunday that is a working day.
    MakeupWorkday,
    /// A regional rest day (新疆 肉孜节, 古尔邦节).
    RegionalRest,
    /// A weekend day the regional notice makes a working day.
    RegionalMakeupWorkday,
    /// A national make-up working day the regional notice cancels ("正常休息").
    CancelNationalMakeup,
}

impl RecordKind {
    pub fn code(self) -> &'static str {
        match self {
            RecordKind::Rest => "rest",
            RecordKind::MakeupWorkday => "makeup_workday",
            RecordKind::RegionalRest => "regional_rest",
            RecordKind::RegionalMakeupWorkday => "regional_makeup_workday",
            RecordKind::CancelNationalMakeup => "cancel_national_makeup",
        }
    }

    pub fn is_regional(self) -> bool {
        !matches!(self, RecordKind::Rest | RecordKind::MakeupWorkday)
    }
}

/// How much of a year's schedule a file declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearScope {
    /// `year`: the file holds the whole schedule for the year; the year counts as covered.
    Complete,
    /// `year_partial`: only some notices of the year (a 补充通知, or one festival of two);
    /// the records apply but the year does not become covered.
    Partial,
}

/// The notice a record comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// e.g. 国务院办公厅关于2024年部分节假日安排的通知
    pub title: String,
    /// e.g. 国办发明电〔2023〕7号; empty when not verified.
    pub number: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.number.is_empty() {
            write!(f, "《{}》", self.title)
        } else {
            write!(f, "《{}》（{}）", self.title, self.number)
        }
    }
}

/// One dated record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarRecord {
    pub date: NaiveDate,
    pub kind: RecordKind,
    /// Holiday name in Chinese: 春节, 国庆节, 肉孜节 …
    pub name: String,
    pub notice: Notice,
    pub note: String,
    /// 1-based line in the source text.
    pub line: usize,
}

/// A `year` / `year_partial` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YearDeclaration {
    pub year: i32,
    pub scope: YearScope,
    pub notice: Notice,
    pub note: String,
    pub line: usize,
}

/// A parsed, validated calendar file.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct CalendarFile {
    /// `None` for a national file, `Some("新疆")` for an overlay.
    pub region: Option<String>,
    pub years: Vec<YearDeclaration>,
    /// Sorted by date; at most one per date.
    pub records: Vec<CalendarRecord>,
}

impl CalendarFile {
    pub fn is_overlay(&self) -> bool {
        self.region.is_some()
    }

    /// Years declared `year` (complete) in this file, ascending.
    pub fn covered_years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .years
            .iter()
            .filter(|y| y.scope == YearScope::Complete)
            .map(|y| y.year)
            .collect();
        years.sort_unstable();
        years
    }

    /// The record for a date, if any.
    pub fn record(&self, date: NaiveDate) -> Option<&CalendarRecord> {
        self.records
            .binary_search_by_key(&date, |r| r.date)
            .ok()
            .map(|i| &self.records[i])
    }
}

/// One problem found in a calendar file; `line` is 1-based (0 for the file as a whole).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarFileError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CalendarFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "第{}行：{}", self.line, self.message)
        }
    }
}

impl std::error::Error for CalendarFileError {}

fn weekday_zh(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// Chinese weekday name (星期一 … 星期日).
pub fn weekday_name(date: NaiveDate) -> &'static str {
    weekday_zh(date.weekday())
}

pub(crate) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Splits one CSV line; supports double-quoted fields with `""` escapes.
fn split_csv(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && at_start {
            quoted = true;
            at_start = false;
        } else if c == ',' {
            fields.push(std::mem::take(&mut field));
            at_start = true;
        } else {
            field.push(c);
            if !c.is_whitespace() {
                at_start = false;
            }
        }
    }
    if quoted {
        return Err("引号未闭合".to_owned());
    }
    fields.push(field);
    Ok(fields.into_iter().map(|f| f.trim().to_owned()).collect())
}

enum Row {
    Year(YearDeclaration),
    Record(CalendarRecord),
}

struct ParsedRow {
    row: Row,
    region: Option<String>,
    line: usize,
}

fn push(errors: &mut Vec<CalendarFileError>, line: usize, message: String) {
    errors.push(CalendarFileError { line, message });
}

const KINDS: &str =
    "year、year_partial、rest、makeup_workday、regional_rest、regional_makeup_workday、cancel_national_makeup";

/// Parses and validates a calendar file. All problems are reported, each with its line.
pub fn parse_calendar_file(text: &str) -> Result<CalendarFile, Vec<CalendarFileError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    macro_rules! err {
        ($line:expr, $msg:expr $(,)?) => {
            push(&mut errors, $line, $msg)
        };
    }

    let mut header_seen = false;
    let mut rows: Vec<ParsedRow> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields = match split_csv(trimmed) {
            Ok(f) => f,
            Err(m) => {
                err!(line, m);
                continue;
            }
        };
        if !header_seen {
            header_seen = true;
            if fields.join(",") != HEADER {
                err!(line, format!("表头应为“{HEADER}”，实际为“{trimmed}”"));
                // Without the header we cannot trust the columns; stop here.
                return Err(errors);
            }
            continue;
        }
        if fields.len() != 7 {
            err!(line, format!("应有7列（{HEADER}），实际{}列", fields.len()),);
            continue;
        }
        let [date, kind, name, region, title, number, note]: [String; 7] =
            fields.try_into().expect("checked length");
        let notice = Notice { title, number };
        if notice.title.is_empty() {
            err!(
                line,
                "缺少通知名称（notice 列），每条记录都要写明依据的通知".to_owned()
            );
        }
        let region = (!region.is_empty()).then_some(region);
        match kind.as_str() {
            "year" | "year_partial" => {
                let scope = if kind == "year" {
                    YearScope::Complete
                } else {
                    YearScope::Partial
                };
                let year = match date.parse::<i32>() {
                    Ok(y) if date.len() == 4 && (FIRST_YEAR..=LAST_YEAR).contains(&y) => y,
                    _ => {
                        err!(
                            line,
                            format!(
                                "{kind} 行的 date 列应为{FIRST_YEAR}至{LAST_YEAR}之间的四位年份，实际为“{date}”"
                            ),
                        );
                        continue;
                    }
                };
                rows.push(ParsedRow {
                    row: Row::Year(YearDeclaration {
                        year,
                        scope,
                        notice,
                        note,
                        line,
                    }),
                    region,
                    line,
                });
            }
            _ => {
                let kind = match kind.as_str() {
                    "rest" => RecordKind::Rest,
                    "makeup_workday" => RecordKind::MakeupWorkday,
                    "regional_rest" => RecordKind::RegionalRest,
                    "regional_makeup_workday" => RecordKind::RegionalMakeupWorkday,
                    "cancel_national_makeup" => RecordKind::CancelNationalMakeup,
                    other => {
                        err!(line, format!("未知的类型“{other}”，应为 {KINDS} 之一"));
                        continue;
                    }
                };
                let date = match NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
                    Ok(d) if date.len() == 10 => d,
                    _ => {
                        err!(
                            line,
                            format!("日期“{date}”无效，应为 YYYY-MM-DD 格式的真实日期")
                        );
                        continue;
                    }
                };
                if !(FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
                    err!(
                        line,
                        format!("日期{date}超出支持范围（{FIRST_YEAR}年至{LAST_YEAR}年）"),
                    );
                    continue;
                }
                if name.is_empty() {
                    err!(line, format!("{date} 缺少节日名称（name 列）"));
                }
                let weekend = is_weekend(date);
                match kind {
                    RecordKind::MakeupWorkday | RecordKind::RegionalMakeupWorkday if !weekend => {
                        err!(
                            line,
                            format!(
                                "{date}是{}，不能标为调休上班日（调休上班日只能是周六或周日）",
                                weekday_name(date)
                            ),
                        )
                    }
                    RecordKind::CancelNationalMakeup if !weekend => err!(
                        line,
                        format!(
                            "{date}是{}，不可能是全国调休上班日，无从取消",
                            weekday_name(date)
                        ),
                    ),
                    _ => {}
                }
                rows.push(ParsedRow {
                    row: Row::Record(CalendarRecord {
                        date,
                        kind,
                        name,
                        notice,
                        note,
                        line,
                    }),
                    region,
                    line,
                });
            }
        }
    }
    if !header_seen {
        err!(0, format!("文件为空：至少需要表头“{HEADER}”和记录"));
        return Err(errors);
    }

    // Region consistency: the whole file is either national or one region's overlay.
    let mut file_region: Option<(String, usize)> = None;
    let mut has_national = None::<usize>;
    let mut has_regional = None::<usize>;
    let mut years: Vec<YearDeclaration> = Vec::new();
    let mut records: Vec<CalendarRecord> = Vec::new();
    for ParsedRow { row, region, line } in rows {
        let regional_kind = match &row {
            Row::Record(r) => Some(r.kind.is_regional()),
            _ => None,
        };
        match (&region, regional_kind) {
            (Some(_), Some(false)) => {
                err!(
                    line,
                    "全国记录（rest / makeup_workday）的 region 列应为空".to_owned()
                )
            }
            (None, Some(true)) => err!(line, "地区记录须在 region 列写明地区，如“新疆”".to_owned()),
            _ => {}
        }
        match &region {
            Some(r) => {
                has_regional.get_or_insert(line);
                match &file_region {
                    None => file_region = Some((r.clone(), line)),
                    Some((first, first_line)) if first != r => err!(
                        line,
                        format!("一个文件只能有一个地区：第{first_line}行为“{first}”，此处为“{r}”"),
                    ),
                    _ => {}
                }
            }
            None => {
                has_national.get_or_insert(line);
            }
        }
        match row {
            Row::Year(y) => years.push(y),
            Row::Record(r) => records.push(r),
        }
    }
    if let (Some(n), Some(r)) = (has_national, has_regional) {
        err!(
            n.max(r),
            format!(
                "同一文件不能同时含全国记录（第{n}行起）和地区记录（第{r}行起），请分成两个文件"
            ),
        );
    }
    let region = file_region.map(|(r, _)| r);

    // Each year declared once.
    let mut year_lines: HashMap<i32, (usize, YearScope)> = HashMap::new();
    for y in &years {
        if let Some((first, _)) = year_lines.get(&y.year) {
            err!(y.line, format!("{}年已在第{first}行声明，不能重复", y.year));
        } else {
            year_lines.insert(y.year, (y.line, y.scope));
        }
    }

    // Each date once; every record's year declared.
    records.sort_by_key(|r| (r.date, r.line));
    let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for r in &records {
        if let Some(first) = seen.get(&r.date) {
            err!(
                r.line,
                format!("日期{}重复：第{first}行已列出（同一日期只能有一条记录；修订请另建补充通知文件）", r.date),
            );
        } else {
            seen.insert(r.date, r.line);
        }
        if !year_lines.contains_key(&r.date.year()) {
            err!(
                r.line,
                format!(
                    "{}所在的{}年没有 year 或 year_partial 行声明",
                    r.date,
                    r.date.year()
                ),
            );
        }
    }
    records.dedup_by_key(|r| r.date);

    // A complete national year without 春节 is almost certainly a truncated file.
    if region.is_none() {
        for y in years.iter().filter(|y| y.scope == YearScope::Complete) {
            let has_spring = records.iter().any(|r| {
                r.kind == RecordKind::Rest && r.date.year() == y.year && r.name.starts_with("春节")
            });
            if !has_spring {
                err!(
                    y.line,
                    format!("{}年声明为完整年度安排（year），但没有春节放假记录", y.year),
                );
            }
        }
    }

    if years.is_empty() && records.is_empty() && errors.is_empty() {
        err!(0, "文件没有任何记录".to_owned());
    }

    if errors.is_empty() {
        years.sort_by_key(|y| y.year);
        Ok(CalendarFile {
            region,
            years,
            records,
        })
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

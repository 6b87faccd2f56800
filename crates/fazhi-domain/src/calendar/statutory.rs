//! The statutory holidays themselves, for years whose State Council notice (with its 调休) is
//! not out yet. 全国年节及纪念日放假办法 (2024年修订, in force 2025-01-01) 第二条 fixes them:
//! 元旦 1 day, 春节 4 days (农历除夕、正月初一至初三), 清明节 1, 劳动节 2 (5月1日、2日),
//! 端午节 1, 中秋节 1, 国庆节 3 (10月1日至3日). Only the make-up days are announced each
//! year, so a count over these days and the weekends is a usable estimate, flagged as such.
//!
//! The lunar dates and the 清明 term come from `data/calendar/statutory.csv`
//! (tools/gen_statutory.py), checked against an astronomical computation by the tests.

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};

use super::Notice;

/// The table as shipped.
pub const STATUTORY_CSV: &str = include_str!("../../../../data/calendar/statutory.csv");
/// The 2024 revision's holidays apply from this year.
pub const STATUTORY_FIRST_YEAR: i32 = 2025;
/// The last year the table holds; later years fall back to Monday–Friday.
pub const STATUTORY_LAST_YEAR: i32 = 2050;

/// The days of one year that move with the lunar calendar or a solar term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FestivalDates {
    pub year: i32,
    /// 农历除夕, the day before 正月初一.
    pub chuxi: NaiveDate,
    /// 正月初一.
    pub chunjie: NaiveDate,
    pub qingming: NaiveDate,
    /// 五月初五.
    pub duanwu: NaiveDate,
    /// 八月十五.
    pub zhongqiu: NaiveDate,
}

/// Parses the table (`year,chuxi,chunjie,qingming,duanwu,zhongqiu`, `#` comments).
pub fn parse_table(text: &str) -> Result<Vec<FestivalDates>, String> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("year,") {
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        let date = |k: usize| {
            f.get(k)
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .ok_or_else(|| format!("第{}行：日期有误", i + 1))
        };
        out.push(FestivalDates {
            year: f[0]
                .parse()
                .map_err(|_| format!("第{}行：年份有误", i + 1))?,
            chuxi: date(1)?,
            chunjie: date(2)?,
            qingming: date(3)?,
            duanwu: date(4)?,
            zhongqiu: date(5)?,
        });
    }
    Ok(out)
}

fn table() -> &'static [FestivalDates] {
    static TABLE: OnceLock<Vec<FestivalDates>> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(STATUTORY_CSV).expect("shipped statutory.csv is checked"))
}

/// The year's lunar and solar-term dates, when the table has the year.
pub fn festival_dates(year: i32) -> Option<FestivalDates> {
    table().iter().find(|f| f.year == year).copied()
}

/// The notice a provisional rest day rests on.
pub fn statutory_notice() -> Notice {
    Notice {
        title: "全国年节及纪念日放假办法（2024年修订）".to_owned(),
        number: String::new(),
    }
}

/// The statutory rest days of `year` (2025–2050), with their holiday names, by date.
pub fn statutory_rest_days(year: i32) -> Vec<(NaiveDate, &'static str)> {
    if !(STATUTORY_FIRST_YEAR..=STATUTORY_LAST_YEAR).contains(&year) {
        return Vec::new();
    }
    let Some(f) = festival_dates(year) else {
        return Vec::new();
    };
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("fixed holiday date");
    let mut days = vec![(ymd(1, 1), "元旦")];
    days.extend((0..4).map(|k| (f.chuxi + Days::new(k), "春节")));
    days.push((f.qingming, "清明节"));
    days.extend([(ymd(5, 1), "劳动节"), (ymd(5, 2), "劳动节")]);
    days.push((f.duanwu, "端午节"));
    days.push((f.zhongqiu, "中秋节"));
    days.extend((1..=3).map(|d| (ymd(10, d), "国庆节")));
    // 中秋 can fall on 1–3 October (2028-10-03): the day stays one rest day.
    days.sort_by_key(|(d, _)| *d);
    days.dedup_by_key(|(d, _)| *d);
    days
}

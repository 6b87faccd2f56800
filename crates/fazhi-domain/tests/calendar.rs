//! Every date 2004-01-01..=2026-12-31 against chinese-calendar's `is_workday`, recorded
//! independently of data/calendar/national.csv by tools/gen_calendar.py.

use chrono::{Datelike, NaiveDate};
use fazhi_domain::calendar::Calendar;

const FIXTURE: &str = include_str!("data/workdays_2004_2026.txt");

#[test]
fn every_day_matches_chinese_calendar() {
    let cal = Calendar::shipped();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for line in FIXTURE.lines().filter(|l| !l.starts_with('#')) {
        let (year, letters) = line.split_once(' ').expect("YYYY letters");
        let year: i32 = year.parse().unwrap();
        let mut date = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        for letter in letters.chars() {
            let expected = letter == 'W';
            let day = cal.day(date);
            assert!(day.known, "{date} should be known");
            if day.workday != expected {
                mismatches.push(format!(
                    "{date}: fixture {letter}, calendar {:?}",
                    day.reason
                ));
            }
            checked += 1;
            date = date.succ_opt().unwrap();
        }
        assert_eq!(date.year(), year + 1, "{year} has a full year of letters");
    }
    assert_eq!(checked, 8401);
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

//! The statutory-holiday table (data/calendar/statutory.csv, from lunar-python) against an
//! astronomical computation (tests/data/lunar_ephem.txt, tools/check_lunar.py with `ephem`)
//! for every year shipped, and against the announced schedules of 2008–2026; then the
//! provisional count it gives to years without a State Council notice.

use chrono::{Datelike, NaiveDate};
use fazhi_domain::calendar::{
    festival_dates, parse_statutory_table, shipped_national, Calendar, DayReason, RecordKind,
    FIRST_YEAR, STATUTORY_CSV, STATUTORY_LAST_YEAR,
};

const EPHEM: &str = include_str!("data/lunar_ephem.txt");

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn statutory_table_matches_astronomy() {
    let table = parse_statutory_table(STATUTORY_CSV).unwrap();
    let years: Vec<i32> = table.iter().map(|f| f.year).collect();
    assert_eq!(
        years,
        (FIRST_YEAR..=STATUTORY_LAST_YEAR).collect::<Vec<_>>()
    );
    let mut checked = 0;
    for line in EPHEM.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let year: i32 = f[0].parse().unwrap();
        let t = festival_dates(year).unwrap_or_else(|| panic!("{year} missing from the table"));
        let got = [t.chunjie, t.qingming, t.duanwu, t.zhongqiu].map(|d| d.to_string());
        assert_eq!(got.as_slice(), &f[1..5], "{year}: table vs astronomy");
        assert_eq!(
            t.chuxi.succ_opt(),
            Some(t.chunjie),
            "{year}: 除夕 is the eve"
        );
        checked += 1;
    }
    assert_eq!(
        checked,
        STATUTORY_LAST_YEAR - FIRST_YEAR + 1,
        "every shipped year"
    );
}

/// 清明、端午、中秋 became holidays in 2008; every announced schedule since rests on them.
#[test]
fn statutory_table_matches_announced_years() {
    let national = shipped_national();
    let rest = |d: NaiveDate| {
        national
            .record(d)
            .is_some_and(|r| r.kind == RecordKind::Rest)
    };
    for year in 2008..=2026 {
        let t = festival_dates(year).unwrap();
        for (what, d) in [
            ("春节", t.chunjie),
            ("清明", t.qingming),
            ("端午", t.duanwu),
            ("中秋", t.zhongqiu),
        ] {
            // The source data leaves out a few weekend days inside a range (2012-06-23, 端午
            // on a Saturday between the 6/22 and 6/24 records): a neighbour then shows it.
            let weekend_in_range = d.weekday().number_from_monday() > 5
                && (rest(d.pred_opt().unwrap()) || rest(d.succ_opt().unwrap()));
            assert!(
                rest(d) || weekend_in_range,
                "{year} {what} {d} is a rest day in the notice"
            );
        }
    }
}

#[test]
fn year_without_notice_counts_statutory_days() {
    let cal = Calendar::shipped();
    let d = cal.day(ymd(2027, 1, 1));
    assert!(!d.workday, "2027-01-01 (Friday) is 元旦");
    assert!(d.provisional && !d.known);
    assert_eq!(
        d.reason,
        DayReason::Holiday {
            name: "元旦".into()
        }
    );
    // 2027 春节: 除夕 2/5 (Fri) to 初三 2/8 (Mon); 2/9 is a working day again.
    for day in 5..=8 {
        assert!(!cal.is_workday(ymd(2027, 2, day)), "2027-02-0{day}");
    }
    assert!(cal.is_workday(ymd(2027, 2, 9)));
    // 劳动节 two days, 国庆 three.
    assert!(!cal.is_workday(ymd(2031, 5, 2)));
    assert!(!cal.is_workday(ymd(2030, 10, 3)));
    assert!(cal.is_workday(ymd(2030, 10, 4)));
    // Counting across 元旦 2027 skips it and is provisional.
    let c = cal.add_workdays(ymd(2026, 12, 31), 1);
    assert_eq!(c.date, ymd(2027, 1, 4));
    assert!(c.provisional);
    // An announced year stays as announced: 2026-10-08 is in the 国庆 block of the notice.
    assert!(!cal.day(ymd(2026, 10, 8)).provisional);
    // Beyond the table: plain Monday–Friday.
    assert!(cal.is_workday(ymd(2051, 1, 2)));
}

#[test]
fn a_missing_regional_year_gives_the_national_date_with_a_note() {
    let xj = Calendar::shipped_xinjiang();
    let national = Calendar::shipped();
    // 2024: the national notice is loaded, 新疆's is not.
    let c = xj.add_workdays(ymd(2024, 3, 1), 5);
    assert!(!c.provisional);
    assert_eq!(c.date, national.add_workdays(ymd(2024, 3, 1), 5).date);
    let d = xj.day(ymd(2024, 3, 4));
    assert!(!d.provisional && !d.known);
    assert_eq!(
        d.regional_note.as_deref(),
        Some("新疆2024年节日安排未载入，如自治区另行放假，到期日可能顺延")
    );
    assert_eq!(national.day(ymd(2024, 3, 4)).regional_note, None);
    assert_eq!(xj.day(ymd(2025, 3, 4)).regional_note, None);
}

/// verify.md §1.2: 新疆 2026 rests 3/20–3/22 and 5/27–5/31; the year stays flagged because the
/// 古尔邦节 make-up days are unknown, and counts across those days move.
#[test]
fn xinjiang_2026_partial_year_moves_counts_and_stays_flagged() {
    let xj = Calendar::shipped_xinjiang();
    let national = Calendar::shipped();
    let d = xj.day(ymd(2026, 5, 27));
    assert!(!d.workday);
    assert_eq!(d.reason.to_string(), "新疆古尔邦节");
    assert!(d.notice.unwrap().title.contains("2026年"));
    assert!(!xj.is_workday(ymd(2026, 3, 20)));
    assert!(national.is_workday(ymd(2026, 5, 27)));
    // 5 working days after 2026-05-25 (Mon): national 5/26–6/1; 新疆 skips 5/27–5/29.
    assert_eq!(
        national.add_workdays(ymd(2026, 5, 25), 5).date,
        ymd(2026, 6, 1)
    );
    let c = xj.add_workdays(ymd(2026, 5, 25), 5);
    assert_eq!(c.date, ymd(2026, 6, 4));
    assert!(!c.provisional);
    assert!(!xj.year_known(2026));
    assert_eq!(
        xj.day(ymd(2026, 7, 1)).regional_note.as_deref(),
        Some("新疆2026年节日安排仅部分载入（调休上班日未公布），如自治区另行调休，到期日可能变化")
    );
}

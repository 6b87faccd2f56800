use super::*;
use proptest::prelude::*;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn errors_of(text: &str) -> Vec<String> {
    parse_calendar_file(text)
        .expect_err("file should be rejected")
        .into_iter()
        .map(|e| e.to_string())
        .collect()
}

const H: &str = "date,kind,name,region,notice,number,note\n";

#[test]
fn shipped_files_parse_and_cover_2004_to_2026() {
    let n = shipped_national();
    assert_eq!(n.region, None);
    assert_eq!(n.covered_years(), (2004..=2026).collect::<Vec<_>>());
    let x = shipped_xinjiang();
    assert_eq!(x.region.as_deref(), Some("新疆"));
    assert_eq!(x.covered_years(), vec![2022, 2023, 2025]);
    let cal = Calendar::shipped();
    assert_eq!(cal.covered_years(), (2004..=2026).collect::<Vec<_>>());
    assert_eq!(cal.region(), None);
    let xj = Calendar::shipped_xinjiang();
    assert_eq!(xj.covered_years(), vec![2022, 2023, 2025]);
    assert_eq!(xj.region(), Some("新疆"));
}

#[test]
fn day_reasons() {
    let cal = Calendar::shipped();
    let d = cal.day(ymd(2024, 10, 1));
    assert!(!d.workday && d.known);
    assert_eq!(d.reason.to_string(), "国庆节");
    assert_eq!(
        d.notice.unwrap().number,
        "国办发明电〔2023〕7号",
        "2024's notice number is shipped"
    );
    let d = cal.day(ymd(2024, 10, 12));
    assert!(d.workday);
    assert_eq!(d.reason.to_string(), "调休上班日（国庆节）");
    assert_eq!(cal.day(ymd(2024, 10, 19)).reason, DayReason::Weekend);
    assert_eq!(cal.day(ymd(2024, 10, 18)).reason, DayReason::Weekday);
    let d = cal.day(ymd(2027, 3, 1));
    assert!(d.workday && !d.known);
    let d = cal.day(ymd(2003, 12, 31));
    assert!(d.workday && !d.known);
}

#[test]
fn extended_spring_festival_2020() {
    let cal = Calendar::shipped();
    for day in 24..=31 {
        assert!(!cal.is_workday(ymd(2020, 1, day)), "2020-01-{day}");
    }
    for day in 1..=2 {
        let info = cal.day(ymd(2020, 2, day));
        assert!(!info.workday, "2020-02-0{day}");
        assert!(info.reason.to_string().starts_with("春节"));
        assert_eq!(info.notice.unwrap().number, "国办发明电〔2020〕1号");
    }
    // 2020-02-01 was a make-up working day in the annual notice; the extension superseded it.
    assert!(cal.is_workday(ymd(2020, 2, 3)));
    assert_eq!(cal.add_workdays(ymd(2020, 1, 23), 1).date, ymd(2020, 2, 3));
}

#[test]
fn saturday_2026_02_14_is_a_makeup_workday() {
    let cal = Calendar::shipped();
    let d = cal.day(ymd(2026, 2, 14));
    assert!(d.workday && d.known);
    assert_eq!(d.reason.to_string(), "调休上班日（春节）");
    for day in 15..=23 {
        assert!(!cal.is_workday(ymd(2026, 2, day)));
    }
    assert!(cal.is_workday(ymd(2026, 2, 28)));
}

#[test]
fn xinjiang_2014_cancelled_makeup_days() {
    let national = Calendar::shipped();
    let xj = Calendar::shipped_xinjiang();
    for date in [ymd(2014, 9, 28), ymd(2014, 10, 11)] {
        assert!(national.is_workday(date));
        let d = xj.day(date);
        assert!(!d.workday);
        assert_eq!(
            d.reason,
            DayReason::CancelledMakeup {
                region: "新疆".into(),
                name: "古尔邦节".into()
            }
        );
        // Only the 古尔邦节 notice of 2014 was found, so the year stays unknown for 新疆.
        assert!(!d.known);
    }
    assert!(national.is_workday(ymd(2014, 10, 8)));
    assert!(!xj.is_workday(ymd(2014, 10, 8)));
    // 2016: 新疆 added Saturday 9/10 as a working day.
    assert!(!national.is_workday(ymd(2016, 9, 10)));
    assert!(xj.is_workday(ymd(2016, 9, 10)));
}

#[test]
fn xinjiang_2023_rozi_on_friday() {
    let xj = Calendar::shipped_xinjiang();
    let d = xj.day(ymd(2023, 4, 21));
    assert!(!d.workday && d.known);
    assert_eq!(d.reason.to_string(), "新疆肉孜节");
    assert!(Calendar::shipped().is_workday(ymd(2023, 4, 21)));
    // National 劳动节 make-up Sunday still applies in 新疆.
    assert!(xj.is_workday(ymd(2023, 4, 23)));
    assert_eq!(xj.workdays_between(ymd(2023, 4, 20), ymd(2023, 4, 24)), 2);
}

#[test]
fn provisional_beyond_announced_years() {
    let cal = Calendar::shipped();
    let c = cal.add_workdays(ymd(2026, 12, 20), 20);
    assert!(c.provisional);
    let inside = cal.add_workdays(ymd(2026, 11, 2), 20);
    assert!(!inside.provisional);
    // Beyond the data: statutory holidays and weekends (no holiday here).
    assert_eq!(cal.add_workdays(ymd(2027, 3, 5), 1).date, ymd(2027, 3, 8));
    // With the 新疆 overlay, 2024 has no regional notice: a note, not provisional (its
    // national schedule is known).
    let xj = Calendar::shipped_xinjiang();
    assert!(!xj.add_workdays(ymd(2024, 3, 1), 5).provisional);
    assert!(xj.day(ymd(2024, 3, 1)).regional_note.is_some());
    assert!(!xj.add_workdays(ymd(2025, 3, 1), 5).provisional);
    assert!(!cal.add_workdays(ymd(2024, 3, 1), 5).provisional);
}

#[test]
fn sub_workdays_counts_back() {
    let cal = Calendar::shipped();
    // 7 working days before 2024-10-10: 10/9, 10/8, 9/30, 9/29 (Sunday make-up), 9/27, 9/26, 9/25.
    let c = cal.sub_workdays(ymd(2024, 10, 10), 7);
    assert_eq!(c.date, ymd(2024, 9, 25));
    assert!(!c.provisional);
    assert_eq!(cal.workdays_between(ymd(2024, 9, 24), ymd(2024, 10, 9)), 7);
}

#[test]
fn empty_calendar_is_monday_to_friday_and_unknown() {
    let cal = Calendar::default();
    assert!(cal.covered_years().is_empty());
    let c = cal.add_workdays(ymd(2024, 10, 4), 1);
    assert_eq!(c.date, ymd(2024, 10, 7));
    assert!(c.provisional);
    assert_eq!(cal.workdays_between(ymd(2024, 10, 4), ymd(2024, 10, 11)), 5);
}

#[test]
fn later_file_supersedes_earlier_record() {
    let base = parse_calendar_file(&format!(
        "{H}2030,year,,,N2030,,\n2030-02-01,rest,春节,,N2030,,\n2030-02-09,makeup_workday,春节,,N2030,,\n"
    ))
    .unwrap();
    let supplement = parse_calendar_file(&format!(
        "{H}2030,year_partial,,,补充通知,,\n2030-02-09,rest,春节,,补充通知,,改为休息\n"
    ))
    .unwrap();
    let before = Calendar::build(std::slice::from_ref(&base), &[]);
    assert!(before.is_workday(ymd(2030, 2, 9)));
    let after = Calendar::build(&[base, supplement], &[]);
    let d = after.day(ymd(2030, 2, 9));
    assert!(!d.workday);
    assert_eq!(d.notice.unwrap().title, "补充通知");
    assert_eq!(after.covered_years(), vec![2030]);
    assert_eq!(
        before.changed_days(&after, ymd(2030, 1, 1), ymd(2030, 12, 31)),
        vec![ymd(2030, 2, 9)]
    );
}

#[test]
fn quoted_fields_and_bom_are_accepted() {
    let f = parse_calendar_file(&format!(
        "\u{feff}# comment\n\n{H}2030,year,,,\"通知, 带逗号\",,\n2030-02-01,rest,春节,,\"通知, 带逗号\",,\"说明 \"\"引号\"\"\"\n"
    ))
    .unwrap();
    assert_eq!(f.records[0].notice.title, "通知, 带逗号");
    assert_eq!(f.records[0].note, "说明 \"引号\"");
}

#[test]
fn file_errors_are_reported_with_lines() {
    let e = errors_of(&format!(
        "{H}2030,year,,,N,,\n2030-02-30,rest,春节,,N,,\n2030-02-01,rest,春节,,N,,\n"
    ));
    assert_eq!(
        e,
        vec!["第3行：日期“2030-02-30”无效，应为 YYYY-MM-DD 格式的真实日期"]
    );

    let e = errors_of(&format!(
        "{H}2030,year,,,N,,\n2030-02-01,rest,春节,,N,,\n2030-02-01,rest,春节,,N,,\n"
    ));
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("第4行：日期2030-02-01重复：第3行已列出"),
        "{e:?}"
    );

    // 2030-02-06 is a Wednesday.
    let e = errors_of(&format!(
        "{H}2030,year,,,N,,\n2030-02-01,rest,春节,,N,,\n2030-02-06,makeup_workday,春节,,N,,\n"
    ));
    assert_eq!(
        e,
        vec!["第4行：2030-02-06是星期三，不能标为调休上班日（调休上班日只能是周六或周日）"]
    );

    let e = errors_of(&format!(
        "{H}2030,year,,,N,,\n2030-10-01,rest,国庆节,,N,,\n"
    ));
    assert_eq!(
        e,
        vec!["第2行：2030年声明为完整年度安排（year），但没有春节放假记录"]
    );

    let e = errors_of(&format!(
        "{H}2030,year,,,N,,\n2030-02-01,holiday,春节,,N,,\n"
    ));
    assert!(
        e.iter()
            .any(|m| m.starts_with("第3行：未知的类型“holiday”")),
        "{e:?}"
    );

    let e = errors_of(&format!("{H}2030-02-01,rest,春节,,N,,\n"));
    assert_eq!(
        e,
        vec!["第2行：2030-02-01所在的2030年没有 year 或 year_partial 行声明"]
    );

    let e = errors_of("date,kind,name\n");
    assert!(e[0].starts_with("第1行：表头应为"));

    let e = errors_of(&format!("{H}2030,year,,,N,,\n2030-02-01,rest,春节,,,,\n"));
    assert!(e[0].contains("缺少通知名称"), "{e:?}");

    let e = errors_of(&format!("{H}2030,year,,,N,,\n2030-02-01,rest,,,N,,\n"));
    assert!(e.iter().any(|m| m.contains("缺少节日名称")), "{e:?}");

    let e = errors_of(&format!("{H}2030,year,,,N,,\n2030-02-01,rest,春节,,N\n"));
    assert!(e.iter().any(|m| m.starts_with("第3行：应有7列")), "{e:?}");

    let e = errors_of(&format!("{H}1999,year,,,N,,\n"));
    assert!(e[0].contains("四位年份"), "{e:?}");

    let e = errors_of(&format!(
        "{H}2030,year,,,N,,\n2030,year,,,N,,\n2030-02-01,rest,春节,,N,,\n"
    ));
    assert!(
        e.iter()
            .any(|m| m.starts_with("第3行：2030年已在第2行声明")),
        "{e:?}"
    );

    let e = errors_of(H);
    assert_eq!(e, vec!["文件没有任何记录"]);
    let e = errors_of("");
    assert!(e[0].starts_with("文件为空"));
}

#[test]
fn overlay_file_errors() {
    // A regional record without a region, and a national one with a region.
    let e = errors_of(&format!(
        "{H}2030,year,,新疆,N,,\n2030-04-01,regional_rest,肉孜节,,N,,\n"
    ));
    assert!(
        e.iter()
            .any(|m| m.starts_with("第3行：地区记录须在 region 列写明地区")),
        "{e:?}"
    );
    let e = errors_of(&format!(
        "{H}2030,year,,新疆,N,,\n2030-04-01,rest,肉孜节,新疆,N,,\n"
    ));
    assert!(e.iter().any(|m| m.contains("全国记录")), "{e:?}");
    let e = errors_of(&format!(
        "{H}2030,year,,新疆,N,,\n2030-04-01,regional_rest,肉孜节,宁夏,N,,\n"
    ));
    assert!(
        e.iter().any(|m| m.contains("一个文件只能有一个地区")),
        "{e:?}"
    );
    // 2030-04-03 is a Wednesday: it cannot have been a national make-up day.
    let e = errors_of(&format!(
        "{H}2030,year,,新疆,N,,\n2030-04-03,cancel_national_makeup,古尔邦节,新疆,N,,\n"
    ));
    assert!(e.iter().any(|m| m.contains("无从取消")), "{e:?}");
    // An overlay year needs no 春节.
    parse_calendar_file(&format!(
        "{H}2030,year,,新疆,N,,\n2030-04-01,regional_rest,肉孜节,新疆,N,,\n"
    ))
    .unwrap();
}

fn national() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(Calendar::shipped)
}

fn xinjiang() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(Calendar::shipped_xinjiang)
}

fn arb_date() -> impl Strategy<Value = NaiveDate> {
    // 2003-06-01 .. 2028-12-31: inside and on both sides of the indexed range.
    (0i64..9_345).prop_map(|n| ymd(2003, 6, 1) + chrono::Duration::days(n))
}

proptest! {
    #[test]
    fn add_then_count_back_gives_n(start in arb_date(), n in 0u32..400) {
        let cal = xinjiang();
        let end = cal.add_workdays(start, n).date;
        prop_assert_eq!(cal.workdays_between(start, end), i64::from(n));
        prop_assert_eq!(cal.workdays_between(end, start), -i64::from(n));
    }

    #[test]
    fn results_are_working_days(start in arb_date(), n in 1u32..400) {
        let cal = national();
        let end = cal.add_workdays(start, n).date;
        prop_assert!(end > start);
        prop_assert!(cal.is_workday(end));
        let back = cal.sub_workdays(start, n).date;
        prop_assert!(back < start);
        prop_assert!(cal.is_workday(back));
        prop_assert_eq!(
            cal.workdays_between(back - chrono::Duration::days(1), start - chrono::Duration::days(1)),
            i64::from(n)
        );
    }

    #[test]
    fn monotonic_in_n(start in arb_date(), n in 0u32..400) {
        let cal = xinjiang();
        let a = cal.add_workdays(start, n);
        let b = cal.add_workdays(start, n + 1);
        prop_assert!(b.date > a.date);
        prop_assert!(b.provisional || !a.provisional);
    }

    #[test]
    fn matches_day_by_day_count(start in arb_date(), days in 0i64..120) {
        let cal = xinjiang();
        let end = start + chrono::Duration::days(days);
        let slow = (1..=days)
            .filter(|k| cal.is_workday(start + chrono::Duration::days(*k)))
            .count() as i64;
        prop_assert_eq!(cal.workdays_between(start, end), slow);
    }
}

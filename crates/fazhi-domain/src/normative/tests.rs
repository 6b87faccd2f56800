use chrono::NaiveDate;

use super::*;
use crate::review::{Conclusion, ReviewKind};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn validity_runs_five_years_and_the_evaluation_falls_six_months_before_it_ends() {
    let v = validity(
        "关于加强草场管理的规定",
        day("2024-03-01"),
        None,
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(v.years, 5);
    assert_eq!(v.last_day, day("2029-02-28"));
    assert_eq!(v.evaluation_due, day("2028-08-28"));
    // Three years asked for: last day and evaluation follow.
    let v = validity(
        "关于加强草场管理的规定",
        day("2024-03-01"),
        Some(3),
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(v.last_day, day("2027-02-28"));
    assert_eq!(v.evaluation_due, day("2026-08-28"));
}

#[test]
fn an_interim_document_is_valid_two_years_at_most() {
    let s = Settings::default();
    let v = validity("草场补助发放暂行办法", day("2024-01-01"), None, &s).unwrap();
    assert_eq!((v.years, v.last_day), (2, day("2025-12-31")));
    let refused = validity("村规民约试行办法", day("2024-01-01"), Some(3), &s).unwrap_err();
    assert!(refused.contains("最长 2 年"), "{refused}");
    assert!(validity("规定", day("2024-01-01"), Some(6), &s).is_err());
    assert!(validity("规定", day("2024-01-01"), Some(0), &s).is_err());
    // A province that allows three years for interim documents.
    let lenient = Settings {
        max_provisional_years: 3,
        ..s
    };
    assert!(validity("村规民约试行办法", day("2024-01-01"), Some(3), &lenient).is_ok());
}

#[test]
fn filing_is_due_fifteen_days_after_publication_by_default() {
    let s = Settings::default();
    assert_eq!(filing_due(day("2024-03-10"), &s), day("2024-03-25"));
    assert!(filed_on_time(
        day("2024-03-10"),
        Some(day("2024-03-25")),
        day("2024-05-01"),
        &s
    ));
    assert!(!filed_on_time(
        day("2024-03-10"),
        Some(day("2024-03-26")),
        day("2024-05-01"),
        &s
    ));
    // Not yet filed: on time until the deadline passes.
    assert!(filed_on_time(
        day("2024-03-10"),
        None,
        day("2024-03-20"),
        &s
    ));
    assert!(!filed_on_time(
        day("2024-03-10"),
        None,
        day("2024-03-26"),
        &s
    ));
    let thirty = Settings {
        filing_days: 30,
        ..s
    };
    assert_eq!(filing_due(day("2024-03-10"), &thirty), day("2024-04-09"));
}

#[test]
fn the_comment_period_is_seven_working_days_or_thirty_days_for_businesses() {
    let cal = Calendar::shipped();
    // Monday 2025-03-03 + 7 working days = Wednesday 2025-03-12.
    assert!(check_comment_period(day("2025-03-03"), day("2025-03-12"), false, "", &cal).is_ok());
    let short = check_comment_period(day("2025-03-03"), day("2025-03-11"), false, "", &cal);
    assert!(short.unwrap_err().contains("2025-03-12"));
    assert!(check_comment_period(
        day("2025-03-03"),
        day("2025-03-11"),
        false,
        "防汛紧急需要",
        &cal
    )
    .is_ok());
    let business = check_comment_period(day("2025-03-03"), day("2025-03-31"), true, "", &cal);
    assert!(business.unwrap_err().contains("第六十二条"));
    assert!(check_comment_period(day("2025-03-03"), day("2025-04-02"), true, "", &cal).is_ok());
    assert!(check_comment_period(day("2025-03-03"), day("2025-03-01"), false, "x", &cal).is_err());
}

#[test]
fn issue_needs_a_passing_review_and_a_deliberation() {
    let passing = ReviewOutcome {
        number: "合审〔2025〕1号".to_owned(),
        kind: ReviewKind::NormativeDocument,
        conclusion: Some(Conclusion::Lawful),
        adopted: Some(true),
        withdrawn: false,
    };
    let meeting = Some(day("2025-04-01"));
    assert!(matches!(
        check_issue(&[], meeting, false),
        Err(IssueRefusal::Review(_))
    ));
    assert_eq!(
        check_issue(std::slice::from_ref(&passing), None, false),
        Err(IssueRefusal::Deliberation)
    );
    assert!(check_issue(&[passing], meeting, false).is_ok());
    assert!(check_issue(&[], None, true).is_ok());
}

#[test]
fn standing_follows_publication_validity_and_repeal() {
    let v = validity("规定", day("2024-03-01"), Some(2), &Settings::default()).unwrap();
    let published = Some(day("2024-02-20"));
    let at =
        |d: &str, repealed: Option<&str>| standing(published, Some(&v), repealed.map(day), day(d));
    assert_eq!(
        standing(None, Some(&v), None, day("2024-05-01")),
        Standing::NotPublished
    );
    assert_eq!(at("2024-02-25", None), Standing::NotYetEffective);
    assert_eq!(at("2024-03-01", None), Standing::InForce);
    assert_eq!(at("2026-02-28", None), Standing::InForce);
    assert_eq!(at("2026-03-01", None), Standing::Expired);
    assert_eq!(at("2025-06-01", Some("2025-05-31")), Standing::Repealed);
    assert_eq!(at("2025-05-30", Some("2025-05-31")), Standing::InForce);
    assert_eq!(Standing::InForce.label(), "现行有效");
}

//! Issue #15 item 4: the legal review's corrections to the rule citations and the rules it
//! found missing, each with its due date on the shipped calendar.

use chrono::NaiveDate;
use fazhi_domain::calendar::Calendar;
use fazhi_domain::deadline::{compute_due, shipped_rules, DeadlineRule, RuleKind, Unit};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn rule(code: &str) -> &'static DeadlineRule {
    shipped_rules()
        .get(code)
        .unwrap_or_else(|| panic!("rule {code} is shipped"))
}

#[test]
fn corrected_citations() {
    assert_eq!(
        rule("enforcement.payment").source.article,
        "第六十七条第三款"
    );
    for code in ["complaint.acceptance", "complaint.referral_objection"] {
        assert_eq!(rule(code).source.article, "第二十三条", "{code}");
    }
    assert_eq!(
        rule("reconsideration.normative_doc_reply").source.article,
        "第五十八条"
    );
    // 行政处罚法 第六十条 has no extension; a region may add one as an override.
    let r = rule("enforcement.case_decision");
    assert!(r.extension.is_none());
    assert_eq!(r.scope, fazhi_domain::deadline::Scope::RegionalOverridable);
}

#[test]
fn missing_rules_and_their_due_dates() {
    let cal = Calendar::shipped();
    let due = |code: &str, start: NaiveDate| compute_due(rule(code), start, &[], &[], &cal).due;
    // 行政复议法 第二十条: 60 days; 2024-03-01 + 60 = 2024-04-30, a working day (劳动节 starts 5/1).
    let r = rule("reconsideration.application");
    assert_eq!(
        (r.length, r.unit, r.source.article.as_str()),
        (60, Unit::CalendarDays, "第二十条")
    );
    assert_eq!(
        due("reconsideration.application", ymd(2024, 3, 1)),
        ymd(2024, 4, 30)
    );
    // 第三十条: 5 working days (第八十八条); from 2024-09-27: 9/29 (Sunday make-up), 9/30, then
    // 10/8, 10/9, 10/10.
    let r = rule("reconsideration.acceptance_review");
    assert_eq!((r.length, r.unit), (5, Unit::WorkingDays));
    assert_eq!(
        due("reconsideration.acceptance_review", ymd(2024, 9, 27)),
        ymd(2024, 10, 10)
    );
    // 第六十二条: 60 days + up to 30 approved; 30 in the simplified procedure.
    let r = rule("reconsideration.decision");
    assert_eq!(r.length, 60);
    assert_eq!(r.extension.as_ref().map(|e| e.max_length), Some(30));
    assert_eq!(rule("reconsideration.decision_simplified").length, 30);
    assert!(rule("reconsideration.decision_simplified")
        .source
        .article
        .starts_with("第六十二条"));
    // 行政诉讼法 第四十六条: six months.
    let r = rule("litigation.filing");
    assert_eq!(
        (r.length, r.unit, r.source.article.as_str()),
        (6, Unit::Months, "第四十六条")
    );
    assert_eq!(
        due("litigation.filing", ymd(2024, 3, 15)),
        ymd(2024, 9, 18),
        "9/15 is a Sunday in 中秋 9/15–9/17"
    );
    // 行政强制法 第五十四条: a minimum of 10 days after the 催告 is served.
    let r = rule("coercion.reminder");
    assert_eq!(
        (r.kind, r.length, r.source.article.as_str()),
        (RuleKind::Minimum, 10, "第五十四条")
    );
    assert_eq!(due("coercion.reminder", ymd(2024, 3, 1)), ymd(2024, 3, 11));
    // The two annual reports, from the first day of the next year: 4月1日 and 1月31日, fixed
    // dates that do not roll (2026-01-31 is a Saturday).
    assert_eq!(
        due("report.rule_of_law_annual", ymd(2026, 1, 1)),
        ymd(2026, 4, 1)
    );
    assert_eq!(
        due("report.rule_of_law_annual", ymd(2028, 1, 1)),
        ymd(2028, 4, 1),
        "leap year"
    );
    assert_eq!(
        due("report.disclosure_annual", ymd(2026, 1, 1)),
        ymd(2026, 1, 31)
    );
    assert_eq!(
        rule("report.disclosure_annual").source.article,
        "第四十九条"
    );
}

use chrono::NaiveDate;

use super::*;
use crate::calendar::Calendar;
use crate::review::{Conclusion, ReviewKind};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn done(on: &str, evidence: &str) -> ProcedureRecord {
    ProcedureRecord {
        applicable: Some(true),
        done_on: Some(day(on)),
        evidence: evidence.to_owned(),
        ..ProcedureRecord::default()
    }
}

fn skipped(reason: &str) -> ProcedureRecord {
    ProcedureRecord {
        applicable: Some(false),
        reason: reason.to_owned(),
        ..ProcedureRecord::default()
    }
}

fn window(start: &str, end: &str) -> CommentWindow {
    CommentWindow {
        starts_on: Some(day(start)),
        ends_on: Some(day(end)),
        shortened_reason: String::new(),
    }
}

fn lawful() -> ReviewOutcome {
    ReviewOutcome {
        number: "合审〔2025〕2号".to_owned(),
        kind: ReviewKind::MajorDecision,
        conclusion: Some(Conclusion::Lawful),
        adopted: Some(true),
        withdrawn: false,
    }
}

fn complete() -> Vec<(Procedure, ProcedureRecord)> {
    vec![
        (
            Procedure::PublicParticipation,
            done("2025-05-10", "征求意见采纳情况说明"),
        ),
        (
            Procedure::ExpertReview,
            skipped("事项专业性不强，无需专家论证"),
        ),
        (
            Procedure::RiskAssessment,
            done("2025-05-12", "风险评估报告"),
        ),
        (
            Procedure::LegalityReview,
            done("2025-05-20", "合审〔2025〕2号"),
        ),
    ]
}

#[test]
fn a_complete_package_with_a_thirty_day_window_and_a_lawful_review_passes() {
    let cal = Calendar::shipped();
    let missing = check_package(
        &complete(),
        &window("2025-04-01", "2025-05-01"),
        &[lawful()],
        &cal,
    );
    assert_eq!(missing, vec![]);
}

#[test]
fn the_comment_window_is_thirty_days_unless_a_reason_is_given() {
    let cal = Calendar::shipped();
    let short = check_comment_window(&window("2025-04-01", "2025-04-30"), &cal).unwrap_err();
    assert!(short.contains("2025-05-01"), "{short}");
    assert!(short.contains("第十五条"), "{short}");
    let mut urgent = window("2025-04-01", "2025-04-15");
    urgent.shortened_reason = "防汛救灾紧急需要".to_owned();
    assert!(check_comment_window(&urgent, &cal).is_ok());
    assert!(check_comment_window(&CommentWindow::default(), &cal).is_err());
    // The short window shows up in the package check under public participation.
    let missing = check_package(
        &complete(),
        &window("2025-04-01", "2025-04-20"),
        &[lawful()],
        &cal,
    );
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].procedure, Procedure::PublicParticipation);
}

#[test]
fn each_gap_in_the_package_is_named() {
    let cal = Calendar::shipped();
    let records = vec![
        (Procedure::PublicParticipation, done("2025-05-10", "")),
        (Procedure::ExpertReview, skipped(" ")),
        (Procedure::LegalityReview, skipped("来不及")),
    ];
    let missing = check_package(&records, &window("2025-04-01", "2025-05-01"), &[], &cal);
    let messages: Vec<&str> = missing.iter().map(|m| m.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("公众参与尚未完成") && m.contains("社会公众意见采纳情况")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("专家论证不适用的，请写明理由")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("请确定是否需要风险评估")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("合法性审查不得省略")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("作出决定前须经合法性审查")),
        "{messages:?}"
    );
    assert_eq!(missing.len(), 5);
}

#[test]
fn an_unlawful_review_keeps_the_draft_off_the_table() {
    let cal = Calendar::shipped();
    let mut unlawful = lawful();
    unlawful.conclusion = Some(Conclusion::Unlawful);
    let missing = check_package(
        &complete(),
        &window("2025-04-01", "2025-05-01"),
        &[unlawful],
        &cal,
    );
    assert_eq!(missing.len(), 1);
    assert!(missing[0].message.contains("不合法"));
}

#[test]
fn the_discussion_records_the_head_last_and_the_reason_for_overruling_the_majority() {
    let mut d = Discussion {
        held_on: Some(day("2025-06-03")),
        meeting: "党政联席会议".to_owned(),
        attendees: vec!["镇长".to_owned(), "副镇长".to_owned()],
        views: "多数同意".to_owned(),
        dissent: "一人认为应缓行".to_owned(),
        conclusion: "同意实施".to_owned(),
        ..Discussion::default()
    };
    assert!(check_discussion(&d).is_empty());
    d.differs_from_majority = true;
    assert!(check_discussion(&d)[0].contains("第三十条"));
    d.differs_reason = "涉及群众安全，需立即实施".to_owned();
    let cal = Calendar::shipped();
    assert!(fully_followed(
        &complete(),
        &window("2025-04-01", "2025-05-01"),
        &[lawful()],
        &d,
        &cal
    ));
    assert_eq!(check_discussion(&Discussion::default()).len(), 4);
    assert!(!fully_followed(
        &complete(),
        &window("2025-04-01", "2025-05-01"),
        &[],
        &d,
        &cal
    ));
}

use chrono::NaiveDate;

use super::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn cal() -> Calendar {
    Calendar::shipped()
}

fn draft(kind: &str, sent_on: &str, wanted_by: Option<&str>) -> RequestDraft {
    RequestDraft {
        kind: kind.to_owned(),
        title: "关于调整草场补助发放办法的决定".to_owned(),
        requesting_unit: "农业发展服务中心".to_owned(),
        subject: "拟调整补助标准".to_owned(),
        sent_on: Some(day(sent_on)),
        wanted_by: wanted_by.map(day),
        ..RequestDraft::default()
    }
}

#[test]
fn a_major_decision_gets_seven_working_days_counted_across_the_national_day_holiday() {
    // Sent Friday 2025-09-26. Counted by hand from the State Council's 2025 notice: 9-28 (Sunday,
    // a make-up working day) 1, 9-29 2, 9-30 3, 10-1…10-8 off, 10-9 4, 10-10 5, 10-11 (Saturday,
    // make-up) 6, 10-13 7.
    let request = NewRequest::parse(draft("重大行政决策", "2025-09-26", None), &cal()).unwrap();
    assert_eq!(request.due_on, day("2025-10-13"));
    let explained = minimum_due(ReviewKind::MajorDecision, day("2025-09-26"), &cal()).unwrap();
    assert_eq!(explained.due, day("2025-10-13"));
    assert!(!explained.explanation.lines().is_empty());
}

#[test]
fn asking_for_an_opinion_sooner_than_the_minimum_is_refused_with_the_rule_shown() {
    let errors = NewRequest::parse(
        draft("major_decision", "2025-09-26", Some("2025-10-10")),
        &cal(),
    )
    .unwrap_err();
    let message = &errors["wanted_by"];
    assert!(message.contains("7个工作日"), "{message}");
    assert!(message.contains("第二十六条"), "{message}");
    assert!(message.contains("2025-10-13"), "{message}");
    // The minimum day itself and any later day are accepted as asked.
    for wanted in ["2025-10-13", "2025-10-20"] {
        let ok =
            NewRequest::parse(draft("major_decision", "2025-09-26", Some(wanted)), &cal()).unwrap();
        assert_eq!(ok.due_on, day(wanted));
    }
}

#[test]
fn a_normative_document_gets_five_working_days_and_a_contract_has_no_minimum() {
    // Monday 2025-03-03 + 5 working days = Monday 2025-03-10.
    let doc = NewRequest::parse(draft("normative_document", "2025-03-03", None), &cal()).unwrap();
    assert_eq!(doc.due_on, day("2025-03-10"));
    let refused = NewRequest::parse(
        draft("normative_document", "2025-03-03", Some("2025-03-07")),
        &cal(),
    );
    assert!(refused.unwrap_err()["wanted_by"].contains("5个工作日"));
    // A contract may be asked for the next day; left blank it gets five working days.
    let urgent = NewRequest::parse(draft("contract", "2025-03-03", Some("2025-03-04")), &cal());
    assert_eq!(urgent.unwrap().due_on, day("2025-03-04"));
    let plain = NewRequest::parse(draft("合同协议", "2025-03-03", None), &cal()).unwrap();
    assert_eq!(plain.due_on, day("2025-03-10"));
}

#[test]
fn a_request_names_every_missing_field() {
    let errors = NewRequest::parse(
        RequestDraft {
            kind: "告知".to_owned(),
            ..RequestDraft::default()
        },
        &cal(),
    )
    .unwrap_err();
    for field in ["kind", "title", "requesting_unit", "subject", "sent_on"] {
        assert!(
            errors.contains_key(field),
            "{field} missing from {errors:?}"
        );
    }
}

#[test]
fn an_opinion_needs_a_conclusion_text_and_a_date_not_before_the_request() {
    let sent = day("2025-03-03");
    let ok = Opinion::parse(
        OpinionDraft {
            conclusion: "修改后合法".to_owned(),
            text: "建议补充违约责任条款".to_owned(),
            answered_on: Some(day("2025-03-07")),
        },
        sent,
    )
    .unwrap();
    assert_eq!(ok.conclusion, Conclusion::LawfulAfterChanges);
    let errors = Opinion::parse(
        OpinionDraft {
            conclusion: "同意".to_owned(),
            text: " ".to_owned(),
            answered_on: Some(day("2025-03-01")),
        },
        sent,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors["answered_on"].contains("早于送审日期"));
}

#[test]
fn not_adopting_an_opinion_needs_a_reason() {
    assert!(Adoption::parse(false, "")
        .unwrap_err()
        .contains_key("reason"));
    assert_eq!(
        Adoption::parse(false, "上级文件已明确要求")
            .unwrap()
            .reason
            .as_deref(),
        Some("上级文件已明确要求")
    );
    assert!(Adoption::parse(true, "").is_ok());
}

fn outcome(
    kind: ReviewKind,
    conclusion: Option<Conclusion>,
    adopted: Option<bool>,
) -> ReviewOutcome {
    ReviewOutcome {
        number: "审2025-001".to_owned(),
        kind,
        conclusion,
        adopted,
        withdrawn: false,
    }
}

#[test]
fn the_gate_opens_only_for_a_passing_review_of_its_own_kind() {
    use Conclusion::*;
    let contract = ReviewKind::Contract;
    let refused = CONTRACT_SIGNED.check(&[], false).unwrap_err();
    assert_eq!(refused.kind, contract);
    assert!(
        refused.message.contains("签订前须经合法性审查（合同协议）"),
        "{}",
        refused.message
    );
    assert!(refused.message.contains("请先送请法律顾问审查"));

    for (review, passes, why) in [
        (outcome(contract, Some(Lawful), None), true, ""),
        (
            outcome(contract, Some(LawfulAfterChanges), Some(true)),
            true,
            "",
        ),
        (
            outcome(contract, Some(LawfulAfterChanges), None),
            false,
            "尚未记录已采纳修改意见",
        ),
        (
            outcome(contract, Some(Unlawful), None),
            false,
            "结论为「不合法」",
        ),
        (
            outcome(contract, Some(RiskNoted), Some(true)),
            false,
            "明示法律风险",
        ),
        (outcome(contract, None, None), false, "尚未出具意见"),
        (
            outcome(ReviewKind::MajorDecision, Some(Lawful), None),
            false,
            "请先送请",
        ),
    ] {
        let result = CONTRACT_SIGNED.check(std::slice::from_ref(&review), false);
        assert_eq!(result.is_ok(), passes, "{review:?}");
        if let Err(refusal) = result {
            assert!(
                refusal.message.contains(why),
                "{why} not in {}",
                refusal.message
            );
        }
    }
    let mut withdrawn = outcome(contract, Some(Lawful), None);
    withdrawn.withdrawn = true;
    let refused = CONTRACT_SIGNED
        .check(&[withdrawn.clone()], false)
        .unwrap_err();
    assert!(refused.message.contains("已作废"));
    // One passing review among failing ones is enough.
    let passing = outcome(contract, Some(Lawful), None);
    assert!(CONTRACT_SIGNED.check(&[withdrawn, passing], false).is_ok());
}

#[test]
fn a_historical_record_passes_the_gate_and_nothing_else_does() {
    for gate in [
        CONTRACT_SIGNED,
        DECISION_MADE,
        DOCUMENT_ISSUED,
        PENALTY_DECIDED,
        PLAN_CARRIED_OUT,
    ] {
        assert!(gate.check(&[], true).is_ok());
        assert!(gate.check(&[], false).is_err());
    }
}

#[test]
fn a_due_date_is_explained_from_the_minimum_and_its_state_follows_the_working_days() {
    let cal = cal();
    let lines = due_explanation(
        ReviewKind::MajorDecision,
        day("2025-09-26"),
        day("2025-10-15"),
        &cal,
    );
    let text = lines.join("\n");
    assert!(text.contains("2025-10-13"), "{text}");
    assert!(
        text.contains("送审单位要求于 2025-10-15 前出具意见"),
        "{text}"
    );
    assert_eq!(lines.last().unwrap(), "审查意见应于 2025-10-15 前出具");
    let contract = due_explanation(
        ReviewKind::Contract,
        day("2025-03-03"),
        day("2025-03-10"),
        &cal,
    );
    assert!(contract[0].contains("无法定最短期限"), "{contract:?}");

    use crate::deadline::DeadlineState;
    let due = day("2025-10-15");
    assert_eq!(
        due_status(due, day("2025-09-29"), &cal).state,
        DeadlineState::OnTime
    );
    assert_eq!(
        due_status(due, day("2025-10-13"), &cal).state,
        DeadlineState::DueSoon
    );
    let late = due_status(due, day("2025-10-17"), &cal);
    assert_eq!(
        (late.state, late.working_days_remaining < 0),
        (DeadlineState::Overdue, true)
    );
}

use chrono::NaiveDate;

use super::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn received(on: &str) -> RequestClock {
    RequestClock {
        received_on: Some(day(on)),
        ..RequestClock::default()
    }
}

fn extension(length: u32) -> GrantedExtension {
    GrantedExtension {
        length,
        approved_by: "党政办主任 李某".to_owned(),
        approved_on: Some(day("2025-10-20")),
    }
}

#[test]
fn the_reply_is_due_twenty_working_days_after_receipt_across_the_national_day_holiday() {
    // Received Friday 2025-09-26. Counted by hand from the State Council's 2025 notice:
    // 9-28 (Sunday, make-up) 1, 9-29 2, 9-30 3, 10-1…10-8 off, 10-9 4, 10-10 5, 10-11 (Saturday,
    // make-up) 6, 10-13…10-17 7–11, 10-20…10-24 12–16, 10-27…10-30 17–20.
    let clock = received("2025-09-26");
    let due = clock.reply_due(&Calendar::shipped()).unwrap();
    assert_eq!(due.due, day("2025-10-30"));
    assert!(!due.explanation.lines().is_empty());
}

#[test]
fn a_correction_notice_on_day_five_restarts_the_clock_when_the_corrected_request_arrives() {
    let cal = Calendar::shipped();
    let mut clock = received("2025-09-26");
    assert_eq!(
        clock.correction_notice_due(&cal).unwrap().due,
        day("2025-10-13")
    );
    clock.notice_correction(day("2025-10-10"), &cal).unwrap();
    // Awaiting the correction: no reply due.
    assert_eq!(clock.reply_due(&cal), None);
    // Only once.
    assert_eq!(
        clock.notice_correction(day("2025-10-11"), &cal),
        Err(ClockRefusal::SecondCorrection(day("2025-10-10")))
    );
    clock.corrected_on = Some(day("2025-10-20"));
    // 10-21…10-24 1–4, 10-27…10-31 5–9, 11-3…11-7 10–14, 11-10…11-14 15–19, 11-17 20.
    assert_eq!(clock.reply_due(&cal).unwrap().due, day("2025-11-17"));
}

#[test]
fn a_correction_notice_after_seven_working_days_is_refused() {
    let cal = Calendar::shipped();
    let mut clock = received("2025-09-26");
    let refused = clock
        .notice_correction(day("2025-10-14"), &cal)
        .unwrap_err();
    assert_eq!(
        refused,
        ClockRefusal::CorrectionLate {
            due: day("2025-10-13")
        }
    );
    assert!(refused.to_string().contains("7个工作日"));
}

#[test]
fn a_third_party_consultation_of_ten_working_days_moves_the_due_date_by_ten_working_days() {
    let cal = Calendar::shipped();
    let mut clock = received("2025-09-26");
    clock
        .consult(DateRange {
            from: day("2025-10-14"),
            to: day("2025-10-27"),
            label: "第三方征求意见".to_owned(),
        })
        .unwrap();
    assert_eq!(
        cal.workdays_between(day("2025-10-13"), day("2025-10-27")),
        10
    );
    // 10-30 plus ten working days: 10-31, 11-3…11-7, 11-10…11-13.
    assert_eq!(clock.reply_due(&cal).unwrap().due, day("2025-11-13"));
    let backwards = clock.consult(DateRange {
        from: day("2025-10-20"),
        to: day("2025-10-19"),
        label: String::new(),
    });
    assert!(backwards.is_err());
}

#[test]
fn an_extension_adds_up_to_twenty_working_days_and_no_more() {
    let cal = Calendar::shipped();
    let mut clock = received("2025-09-26");
    assert_eq!(
        clock.extend(extension(21)),
        Err(ClockRefusal::ExtensionTooLong)
    );
    clock.extend(extension(15)).unwrap();
    assert_eq!(
        clock.extend(extension(6)),
        Err(ClockRefusal::ExtensionTooLong)
    );
    clock.extend(extension(5)).unwrap();
    assert_eq!(clock.extension.as_ref().unwrap().length, 20);
    // 10-30 plus 20 working days: 10-31, 11-3…11-7, 11-10…11-14, 11-17…11-21, 11-24…11-27.
    assert_eq!(clock.reply_due(&cal).unwrap().due, day("2025-11-27"));
    let mut unapproved = extension(5);
    unapproved.approved_by = " ".to_owned();
    assert_eq!(
        received("2025-09-26").extend(unapproved),
        Err(ClockRefusal::ExtensionUnapproved)
    );
}

#[test]
fn the_day_of_receipt_follows_the_channel() {
    let a = Arrival {
        submitted_on: Some(day("2025-03-03")),
        signed_for_on: Some(day("2025-03-05")),
        confirmed_on: Some(day("2025-03-06")),
    };
    assert_eq!(receipt_date(Channel::InPerson, a), Ok(day("2025-03-03")));
    assert_eq!(
        receipt_date(Channel::RegisteredPost, a),
        Ok(day("2025-03-05"))
    );
    assert_eq!(
        receipt_date(Channel::OrdinaryPost, a),
        Ok(day("2025-03-06"))
    );
    assert_eq!(receipt_date(Channel::Fax, a), Ok(day("2025-03-06")));
    let missing = receipt_date(Channel::Online, Arrival::default()).unwrap_err();
    assert!(missing.contains("双方确认"), "{missing}");
}

#[test]
fn every_reply_type_has_a_report_row_group_and_the_two_merged_rows_count_where_the_format_says() {
    for reply in ReplyType::ALL {
        assert!(!reply.group().is_empty());
        assert!(reply.label().starts_with(reply.group()) || reply.group() == "予以公开");
        assert!(
            reply == &ReplyType::Other || !reply.basis().is_empty(),
            "{reply:?}"
        );
    }
    assert_eq!(ReplyType::AlreadyPublished.report_row(), "予以公开");
    assert_eq!(
        ReplyType::NotThisBody.report_row(),
        "无法提供：本机关不掌握相关政府信息"
    );
    assert!(!ApplicantKind::Person.is_organisation());
    assert!(ApplicantKind::LegalService.is_organisation());
}

fn draft() -> RequestDraft {
    RequestDraft {
        channel: "当面提交".to_owned(),
        applicant_kind: "自然人".to_owned(),
        applicant_name: "张三".to_owned(),
        contact: "13800000000".to_owned(),
        information: "2024年本镇农村低保资金发放名单".to_owned(),
        arrival: Arrival {
            submitted_on: Some(day("2025-09-26")),
            ..Arrival::default()
        },
        ..RequestDraft::default()
    }
}

#[test]
fn a_request_as_entered_carries_its_clock() {
    let cal = Calendar::shipped();
    let r = NewRequest::parse(draft(), &cal).unwrap();
    assert_eq!(r.clock.received_on, Some(day("2025-09-26")));
    assert_eq!(r.clock.reply_due(&cal).unwrap().due, day("2025-10-30"));
    let mut with_events = draft();
    with_events.clock = ClockDraft {
        correction_noticed_on: Some(day("2025-10-10")),
        corrected_on: Some(day("2025-10-20")),
        extension_days: Some(5),
        extension_approved_by: "党政办主任".to_owned(),
        ..ClockDraft::default()
    };
    let r = NewRequest::parse(with_events, &cal).unwrap();
    // 2025-11-17 (restarted) plus five working days.
    assert_eq!(r.clock.reply_due(&cal).unwrap().due, day("2025-11-24"));
}

#[test]
fn a_request_names_what_to_fix() {
    let cal = Calendar::shipped();
    let mut bad = draft();
    bad.channel = "信鸽".to_owned();
    bad.applicant_name = String::new();
    let errors = NewRequest::parse(bad, &cal).unwrap_err();
    assert!(errors["channel"].contains("当面提交"));
    assert!(errors.contains_key("applicant_name"));
    let mut late = draft();
    late.clock.correction_noticed_on = Some(day("2025-10-14"));
    late.clock.extension_days = Some(21);
    late.clock.extension_approved_by = "主任".to_owned();
    late.clock.consulted_from = Some(day("2025-10-01"));
    late.reply_type = "予以公开".to_owned();
    let errors = NewRequest::parse(late, &cal).unwrap_err();
    assert!(errors["correction_noticed_on"].contains("7个工作日"));
    assert!(errors["extension_days"].contains("20个工作日"));
    assert!(errors["consulted_to"].contains("同时填写"));
    assert!(errors["replied_on"].contains("答复日期"));
    let mut post = draft();
    post.channel = "registered_post".to_owned();
    assert!(NewRequest::parse(post, &cal).unwrap_err()["received_on"].contains("签收"));
}

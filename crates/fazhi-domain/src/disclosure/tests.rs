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

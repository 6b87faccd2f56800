use chrono::NaiveDate;

use super::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn head(length: u32) -> GrantedExtension {
    GrantedExtension {
        length,
        approved_by: "镇长 王某".to_owned(),
        approved_on: Some(day("2025-05-01")),
    }
}

#[test]
fn acceptance_is_due_in_fifteen_days_and_a_referral_objection_in_five_working_days() {
    let cal = Calendar::shipped();
    let mut clock = CaseClock {
        received_on: Some(day("2025-03-03")),
        ..CaseClock::default()
    };
    assert_eq!(clock.acceptance_due(&cal).unwrap().due, day("2025-03-18"));
    assert_eq!(clock.objection_due(&cal), None);
    clock.referred = true;
    assert_eq!(clock.objection_due(&cal).unwrap().due, day("2025-03-10"));
}

#[test]
fn conclusion_is_due_sixty_days_after_acceptance_plus_an_approved_extension_of_thirty_at_most() {
    let cal = Calendar::shipped();
    let mut clock = CaseClock {
        accepted_on: Some(day("2025-03-10")),
        ..CaseClock::default()
    };
    let due = clock.conclusion_due(&cal).unwrap();
    assert_eq!(due.due, day("2025-05-09"));
    assert!(!due.explanation.lines().is_empty());
    assert_eq!(
        clock.extend(head(10), " "),
        Err(ClockRefusal::ExtensionIncomplete)
    );
    clock
        .extend(head(20), "涉及多个部门，需进一步核查")
        .unwrap();
    assert_eq!(
        clock.extend(head(11), "仍需核查"),
        Err(ClockRefusal::ExtensionTooLong { so_far: 20 })
    );
    clock.extend(head(10), "仍需核查").unwrap();
    // 60 + 30 days from 2025-03-10 is Sunday 2025-06-08: rolled to Monday.
    assert_eq!(clock.conclusion_due(&cal).unwrap().due, day("2025-06-09"));
}

#[test]
fn review_and_recheck_windows_open_and_close_on_the_right_days() {
    let cal = Calendar::shipped();
    let mut clock = CaseClock {
        replied_on: Some(day("2025-05-09")),
        ..CaseClock::default()
    };
    // 30 days from 2025-05-09 is Sunday 06-08: the window stays open through Monday 06-09.
    assert_eq!(clock.review_window(&cal).unwrap().due, day("2025-06-09"));
    assert_eq!(
        clock.clone().request_review(day("2025-06-10"), &cal),
        Err(ClockRefusal::ReviewWindowClosed(day("2025-06-09")))
    );
    clock.request_review(day("2025-06-09"), &cal).unwrap();
    assert_eq!(clock.review_due(&cal).unwrap().due, day("2025-07-09"));
    clock.reviewed_on = Some(day("2025-07-01"));
    assert_eq!(clock.recheck_window(&cal).unwrap().due, day("2025-07-31"));
    assert!(clock
        .clone()
        .request_recheck(day("2025-08-01"), &cal)
        .is_err());
    clock.request_recheck(day("2025-07-01"), &cal).unwrap();
    assert_eq!(clock.recheck_due(&cal).unwrap().due, day("2025-07-31"));
    // A three-day hearing is not counted.
    clock.recheck_hearings.push(DateRange {
        from: day("2025-07-10"),
        to: day("2025-07-12"),
        label: "听证".to_owned(),
    });
    // 07-31 plus the three hearing days is Sunday 08-03: rolled to Monday.
    assert_eq!(clock.recheck_due(&cal).unwrap().due, day("2025-08-04"));
    clock.rechecked_on = Some(day("2025-07-30"));
    assert!(clock.is_final());
    assert_eq!(
        clock.request_recheck(day("2025-07-31"), &cal),
        Err(ClockRefusal::Final)
    );
}

#[test]
fn the_warning_grades_change_on_the_right_days() {
    let cal = Calendar::shipped();
    let due = day("2025-03-10");
    let grade = |today: &str| Warning::on(due, day(today), &cal);
    assert_eq!(grade("2025-03-01"), None);
    assert_eq!(grade("2025-03-04"), Some(Warning::DueSoon));
    assert_eq!(grade("2025-03-10"), Some(Warning::DueSoon));
    assert_eq!(grade("2025-03-11"), Some(Warning::Overdue));
    assert_eq!(grade("2025-03-25"), Some(Warning::Overdue));
    assert_eq!(grade("2025-03-26"), Some(Warning::Overdue15));
    assert_eq!(grade("2025-04-09"), Some(Warning::Overdue15));
    assert_eq!(grade("2025-04-10"), Some(Warning::Overdue30));
    assert_eq!(Warning::Overdue30.label(), "超期30日以上");
}

#[test]
fn a_repeat_is_the_same_person_about_the_same_matter_within_a_year() {
    let first = Petition {
        received_on: day("2025-03-01"),
        id_number: "",
        phone: "13800000000",
        matter_type: "土地纠纷",
        content: "反映村东头承包地被邻居占用，要求恢复地界",
    };
    let again = Petition {
        received_on: day("2025-09-01"),
        content: "再次反映承包地被占用，地界至今未恢复",
        ..first.clone()
    };
    assert!(is_repeat(&first, &again));
    assert!(!is_repeat(&again, &first), "a repeat comes later");
    let other_person = Petition {
        phone: "13900000000",
        ..again.clone()
    };
    assert!(!is_repeat(&first, &other_person));
    let blank_ids = Petition {
        phone: "",
        ..first.clone()
    };
    assert!(!is_repeat(
        &blank_ids,
        &Petition {
            phone: "",
            ..again.clone()
        }
    ));
    let other_type = Petition {
        matter_type: "邻里纠纷",
        ..again.clone()
    };
    assert!(!is_repeat(&first, &other_type));
    let other_matter = Petition {
        content: "咨询低保申请条件",
        ..again.clone()
    };
    assert!(!is_repeat(&first, &other_matter));
    let next_year = Petition {
        received_on: day("2026-03-02"),
        ..again
    };
    assert!(!is_repeat(&first, &next_year));
}

#[test]
fn group_visits_name_five_representatives_and_only_claims_are_channelled() {
    let names: Vec<String> = (1..=6).map(|i| format!("代表{i}")).collect();
    assert!(check_representatives(Channel::Visit, &names[..5]).is_ok());
    assert!(check_representatives(Channel::Visit, &names)
        .unwrap_err()
        .contains("不超过 5 人"));
    assert!(check_representatives(Channel::Letter, &names).is_ok());
    assert!(check_route(Class::Claim, Some(StatutoryRoute::Litigation)).is_ok());
    assert!(check_route(Class::Accusation, Some(StatutoryRoute::Arbitration)).is_err());
    assert!(check_route(Class::Suggestion, None).is_ok());
    assert!(Satisfaction::MostlySatisfied.counts_as_satisfied());
    assert!(Satisfaction::Unsatisfied.reopens());
}

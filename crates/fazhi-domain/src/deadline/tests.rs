use super::*;
use crate::calendar::Calendar;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn national() -> &'static Calendar {
    static CAL: std::sync::OnceLock<Calendar> = std::sync::OnceLock::new();
    CAL.get_or_init(Calendar::shipped)
}

fn rule(code: &str) -> &'static DeadlineRule {
    shipped_rules()
        .get(code)
        .unwrap_or_else(|| panic!("rule {code} shipped"))
}

/// The due date of rule `code` from `start` on the national calendar, without suspensions or
/// extensions, with its explanation.
fn plain_due(code: &str, start: NaiveDate) -> DueDate {
    compute_due(rule(code), start, &[], &[], national())
}

/// The same without the explanation (the fast path).
fn plain_date(code: &str, start: NaiveDate) -> PlainDue {
    due_date_only(rule(code), start, &[], &[], national())
}

/// Each of `expected` is a line of the due date's explanation.
fn explains(due: &DueDate, expected: &[&str]) {
    let lines = due.explanation.lines();
    for line in expected {
        assert!(lines.iter().any(|l| l == line), "{line} in {lines:#?}");
    }
}

#[test]
fn shipped_rules_cover_the_milestones() {
    let rules = shipped_rules();
    for code in [
        "dispute.mediation_month",
        "dispute.judicial_confirmation",
        "legal_aid.decision",
        "legal_aid.assignment",
        "disclosure.request_reply",
        "disclosure.correction_notice",
        "complaint.acceptance",
        "complaint.conclusion",
        "reconsideration.reply",
        "litigation.answer",
        "enforcement.publicity",
        "review.major_decision_min",
    ] {
        assert!(rules.get(code).is_some(), "{code}");
    }
    assert!(rules.all().len() >= 40);
    for r in rules.all() {
        assert!(!r.source.instrument.is_empty(), "{}", r.code);
        // An unsure rule ships only as a province's setting to confirm (statutes.md §5.3: the
        // normative documents' filing and evaluation periods differ by province), with a note.
        assert!(
            r.source.certainty != Certainty::Unsure
                || (r.scope == super::rules::Scope::RegionalOverridable && r.note.is_some()),
            "{} is unsure",
            r.code
        );
        assert!(!r.start_day_counts, "{}", r.code);
    }
    let r = rule("disclosure.request_reply");
    assert_eq!(r.unit, Unit::WorkingDays);
    assert_eq!(r.extension.as_ref().unwrap().max_length, 20);
    assert!(r.excludes_suspensions);
    assert_eq!(rules.for_register("disclosure").count(), 5);
}

#[test]
fn rule_set_validation() {
    assert!(RuleSet::from_json("{")
        .unwrap_err()
        .starts_with("期限规则文件格式错误"));
    let bad = r#"{"format":"fazhi deadline rules v1","rules":[
      {"code":"a","name":"A","register":"x","start_event":"e","length":0,"unit":"calendar_days",
       "start_day_counts":false,"roll_forward_on_rest":true,"extension":null,
       "excludes_suspensions":false,"severity":"hard","scope":"national",
       "source":{"instrument":"I","article":"","version_date":"2020","certainty":"likely"}}]}"#;
    assert_eq!(RuleSet::from_json(bad).unwrap_err(), "规则“a”的期限长度为0");
}

#[test]
fn twenty_working_days_across_national_day_2024() {
    let due = plain_due("disclosure.request_reply", ymd(2024, 9, 20));
    assert_eq!(due.due, ymd(2024, 10, 23));
    assert!(!due.provisional);
    let lines = due.explanation.lines();
    assert!(
        lines[0].starts_with(
            "规则：依申请公开答复（disclosure.request_reply），20个工作日；依据《政府信息公开条例"
        ),
        "{lines:#?}"
    );
    explains(
        &due,
        &[
            "起算：2024-09-20（星期五）收到政府信息公开申请，当日不计入，自次日起算",
            "2024-09-29（星期日）调休上班日（国庆节），计入",
            "2024-10-01 至 2024-10-07 国庆节（7天）不计",
            "2024-10-12（星期六）调休上班日（国庆节），计入",
            "其间周末6天不计",
        ],
    );
    assert_eq!(lines.last().unwrap(), "期限届满日：2024-10-23（星期三）");
    assert_eq!(
        plain_date("disclosure.request_reply", ymd(2024, 9, 20)),
        PlainDue {
            due: ymd(2024, 10, 23),
            provisional: false
        }
    );
}

#[test]
fn suspension_and_extension() {
    let cal = national();
    let suspensions = [DateRange {
        from: ymd(2024, 3, 5),
        to: ymd(2024, 3, 14),
        label: "第三方征求意见".to_owned(),
    }];
    let extensions = [GrantedExtension {
        length: 20,
        approved_by: "政府信息公开工作机构负责人".to_owned(),
        approved_on: Some(ymd(2024, 3, 25)),
    }];
    let r = rule("disclosure.request_reply");
    let due = compute_due(r, ymd(2024, 3, 1), &suspensions, &extensions, cal);
    // Checked day by day with chinese-calendar: 40 working days outside 3/5–3/14.
    assert_eq!(due.due, ymd(2024, 5, 11));
    explains(
        &due,
        &[
            "经批准延长20个工作日（批准：政府信息公开工作机构负责人，2024-03-25）",
            "第三方征求意见 2024-03-05 至 2024-03-14，不计入（其中8个工作日）",
            "2024-04-04 至 2024-04-06 清明节（3天）不计",
            "2024-05-01 至 2024-05-05 劳动节（5天）不计",
            "2024-05-11（星期六）调休上班日（劳动节），计入",
        ],
    );
    let lines = due.explanation.lines();
    assert_eq!(lines.last().unwrap(), "期限届满日：2024-05-11（星期六）");
    // Without the suspension and extension: 20 working days.
    assert_eq!(
        plain_date("disclosure.request_reply", ymd(2024, 3, 1)).due,
        ymd(2024, 3, 29)
    );
    // A suspension entirely after the due date changes nothing.
    let late = [DateRange {
        from: ymd(2024, 6, 1),
        to: ymd(2024, 6, 5),
        label: "x".into(),
    }];
    assert_eq!(
        due_date_only(r, ymd(2024, 3, 1), &late, &[], cal).due,
        ymd(2024, 3, 29)
    );
    // Overlapping suspensions are merged.
    let overlapping = [
        DateRange {
            from: ymd(2024, 3, 5),
            to: ymd(2024, 3, 10),
            label: "a".into(),
        },
        DateRange {
            from: ymd(2024, 3, 8),
            to: ymd(2024, 3, 14),
            label: "b".into(),
        },
    ];
    assert_eq!(
        due_date_only(r, ymd(2024, 3, 1), &overlapping, &extensions, cal).due,
        ymd(2024, 5, 11)
    );
}

#[test]
fn extension_over_the_limit_is_flagged() {
    let cal = national();
    let ext = [GrantedExtension {
        length: 25,
        approved_by: String::new(),
        approved_on: None,
    }];
    let due = compute_due(
        rule("disclosure.request_reply"),
        ymd(2024, 3, 1),
        &[],
        &ext,
        cal,
    );
    explains(
        &due,
        &["注意：已批准延长共25个工作日，超过规定上限20个工作日"],
    );
}

#[test]
fn suspensions_ignored_where_the_rule_counts_them() {
    let cal = national();
    let s = [DateRange {
        from: ymd(2024, 3, 5),
        to: ymd(2024, 3, 6),
        label: "听证".into(),
    }];
    let r = rule("disclosure.correction_notice");
    let due = compute_due(r, ymd(2024, 3, 1), &s, &[], cal);
    assert_eq!(due.due, ymd(2024, 3, 12));
    explains(
        &due,
        &["听证 2024-03-05 至 2024-03-06：本期限不扣除该期间，照常计算"],
    );
}

#[test]
fn calendar_days_roll_forward_over_national_day() {
    // (start, due, the roll-forward explained): ending on 国庆节, on a plain Sunday (rolls to
    // Monday), on a make-up Saturday (does not roll).
    for (start, due, rolled) in [
        (
            ymd(2024, 9, 16),
            ymd(2024, 10, 8),
            Some("期限届满日2024-10-01为节假日（国庆节），顺延至2024-10-08（星期二）"),
        ),
        (
            ymd(2024, 3, 2),
            ymd(2024, 3, 18),
            Some("期限届满日2024-03-17为休息日（周末），顺延至2024-03-18（星期一）"),
        ),
        (ymd(2024, 9, 27), ymd(2024, 10, 12), None),
    ] {
        let computed = plain_due("complaint.acceptance", start);
        assert_eq!(computed.due, due, "from {start}");
        assert_eq!(plain_date("complaint.acceptance", start).due, due);
        explains(&computed, rolled.as_slice());
    }
}

#[test]
fn complaint_conclusion_with_extension() {
    let cal = national();
    let ext = [GrantedExtension {
        length: 30,
        approved_by: "镇长".into(),
        approved_on: None,
    }];
    let due = due_date_only(
        rule("complaint.conclusion"),
        ymd(2024, 1, 2),
        &[],
        &ext,
        cal,
    );
    // 2024-01-02 + 90 days = 2024-04-01 (Monday).
    assert_eq!(due.due, ymd(2024, 4, 1));
}

#[test]
fn month_periods_use_the_corresponding_day_or_month_end() {
    for (start, due, explained) in [
        (
            ymd(2024, 1, 31),
            ymd(2024, 2, 29),
            "该月无对应日，以月末2024-02-29（星期四）为届满日",
        ),
        (
            ymd(2024, 3, 15),
            ymd(2024, 4, 15),
            "按月计算，对应日为2024-04-15（星期一）",
        ),
    ] {
        let computed = plain_due("dispute.mediation_month", start);
        assert_eq!(computed.due, due, "from {start}");
        assert_eq!(plain_date("dispute.mediation_month", start).due, due);
        explains(&computed, &[explained]);
    }
    // 2024-09-07 + 1 month = 10-07 (国庆节) → 10-08.
    assert_eq!(
        plain_date("dispute.mediation_month", ymd(2024, 9, 7)).due,
        ymd(2024, 10, 8)
    );
}

#[test]
fn before_rules_count_back_from_the_event() {
    let due = plain_due("enforcement.hearing_notice", ymd(2024, 10, 10));
    assert_eq!(due.due, ymd(2024, 9, 25));
    let lines = due.explanation.lines();
    assert_eq!(lines.last().unwrap(), "最迟应于2024-09-25（星期三）完成");
    explains(&due, &["2024-10-01 至 2024-10-07 国庆节（7天）不计"]);
    let due = plain_date("decision.hearing_materials", ymd(2024, 10, 10));
    assert_eq!(due.due, ymd(2024, 10, 3));
}

#[test]
fn minimum_periods() {
    let cal = national();
    let r = rule("review.major_decision_min");
    let due = compute_due(r, ymd(2024, 9, 27), &[], &[], cal);
    // 9/29 (Sunday make-up), 9/30, 10/8, 10/9, 10/10, 10/11, 10/12 (Saturday make-up).
    assert_eq!(due.due, ymd(2024, 10, 12));
    assert_eq!(
        due.explanation.lines().last().unwrap(),
        "最短期限届满日：2024-10-12（星期六），届满后方可进行下一步"
    );
    assert_eq!(
        due.status(ymd(2024, 10, 9), cal).state,
        DeadlineState::MinimumRunning
    );
    assert_eq!(
        due.status(ymd(2024, 10, 14), cal).state,
        DeadlineState::MinimumMet
    );
}

#[test]
fn hours_rules() {
    let due = plain_due("legal_aid.detainee_transfer", ymd(2024, 9, 30));
    assert_eq!(due.due, ymd(2024, 10, 1));
    assert!(!due.provisional);
    assert!(due
        .explanation
        .lines()
        .iter()
        .any(|l| l.starts_with("24小时时限")));
}

#[test]
fn provisional_into_2027() {
    let cal = national();
    let r = rule("disclosure.request_reply");
    let due = compute_due(r, ymd(2026, 12, 20), &[], &[], cal);
    assert!(due.provisional);
    // 12/21–12/25 (5), 12/28–12/31 (4), then 11 in January 2027 after 元旦 (1/1, a Friday,
    // a statutory holiday even before the 2027 notice).
    assert_eq!(due.due, ymd(2027, 1, 18));
    explains(
        &due,
        &["2027年调休安排未公布，按法定节假日和周末推算，到期日为预估"],
    );
    assert_eq!(
        due.status(ymd(2026, 12, 21), cal).state,
        DeadlineState::Provisional
    );
    // A calendar-day deadline ending in 2027 depends on 2027's holidays through roll-forward.
    assert!(plain_date("complaint.acceptance", ymd(2026, 12, 25)).provisional);
    assert!(!plain_date("complaint.acceptance", ymd(2026, 11, 25)).provisional);
}

#[test]
fn xinjiang_overlay_in_deadlines() {
    let xj = Calendar::shipped_xinjiang();
    let r = rule("reconsideration.reply");
    // 2023-04-20 + 10 working days in 新疆: 4/21 is 肉孜节, 4/23 (Sunday) a national make-up day.
    let due = compute_due(r, ymd(2023, 4, 20), &[], &[], &xj);
    let nat = plain_date("reconsideration.reply", ymd(2023, 4, 20));
    assert_eq!(nat.due, ymd(2023, 5, 6));
    assert_eq!(due.due, ymd(2023, 5, 8));
    explains(
        &due,
        &[
            "2023-04-21 至 2023-04-22 新疆肉孜节、周末（2天）不计",
            "2023-04-23（星期日）调休上班日（劳动节），计入",
        ],
    );
    // 2024 has no 新疆 notice: the national date, not provisional, with the region's note.
    let due = compute_due(r, ymd(2024, 3, 1), &[], &[], &xj);
    assert!(!due.provisional);
    let nat = plain_date("reconsideration.reply", ymd(2024, 3, 1));
    assert_eq!(due.due, nat.due);
    let note = "新疆2024年节日安排未载入，如自治区另行放假，到期日可能顺延".to_owned();
    assert_eq!(due.notes, vec![note.clone()]);
    explains(&due, &[&note]);
    assert_ne!(
        due.status(ymd(2024, 3, 4), &xj).state,
        DeadlineState::Provisional
    );
}

#[test]
fn status_states() {
    let due = plain_due("disclosure.request_reply", ymd(2024, 9, 20));
    assert_eq!(due.due, ymd(2024, 10, 23));
    // (today, state, working days remaining); on 9/30 across the holiday: 10/8–10/12 (5 with
    // the make-up Saturday), 10/14–18, 10/21–23.
    for (today, state, remaining) in [
        (ymd(2024, 9, 23), DeadlineState::OnTime, 19),
        (ymd(2024, 9, 30), DeadlineState::OnTime, 13),
        (ymd(2024, 10, 18), DeadlineState::DueSoon, 3),
        (ymd(2024, 10, 23), DeadlineState::DueSoon, 0),
        (ymd(2024, 10, 25), DeadlineState::Overdue, -2),
    ] {
        let s = due.status(today, national());
        assert_eq!(
            (s.state, s.working_days_remaining),
            (state, remaining),
            "on {today}"
        );
    }
}

#[test]
fn explanation_serializes() {
    let due = plain_due("disclosure.request_reply", ymd(2024, 9, 20));
    let json = serde_json::to_string(&due).unwrap();
    assert!(json.contains("\"step\":\"rest_run\""));
}

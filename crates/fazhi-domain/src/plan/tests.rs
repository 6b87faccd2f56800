use super::*;

/// The seed's 「三、2024年重点工作」 as a report's plan section holds it.
const SEED_PLAN: &str = "（一）2024年主要目标任务。一是持续落实推进综合行政执法改革。二是持续严格履行规范性文件制定、清理程序。三是不断加强法治力量建设。四是继续强化考核各项工作落实。\n（二）完成目标任务的主要措施。\n一是建立健全综合行政执法体制机制。二是明确规范性文件定义和范围。";

#[test]
fn the_seed_plan_splits_into_its_four_tasks_and_not_its_measures() {
    let tasks = tasks_of_plan(SEED_PLAN);
    assert_eq!(
        tasks,
        vec![
            "持续落实推进综合行政执法改革",
            "持续严格履行规范性文件制定、清理程序",
            "不断加强法治力量建设",
            "继续强化考核各项工作落实",
        ]
    );
}

#[test]
fn a_plan_without_ordinals_is_one_task_a_line() {
    let tasks = tasks_of_plan("加强普法宣传。\n\n完善法律顾问制度；\n");
    assert_eq!(tasks, vec!["加强普法宣传", "完善法律顾问制度"]);
    assert!(tasks_of_plan("  ").is_empty());
}

#[test]
fn the_follow_up_names_what_was_done_and_what_was_not() {
    let t = |task: &str, status| TaskOutcome {
        task: task.to_owned(),
        status,
    };
    let s = follow_up_sentence(
        2024,
        &[
            t("推进综合行政执法改革", PlanStatus::Done),
            t("加强法治力量建设", PlanStatus::InProgress),
            t("强化考核", PlanStatus::NotDone),
        ],
    )
    .unwrap();
    assert_eq!(
        s,
        "对照2024年主要目标任务3项，已完成1项：「推进综合行政执法改革」；尚未完成2项：「加强法治力量建设」（推进中）、「强化考核」（未完成），将在下一年度继续推进。"
    );
    let all = follow_up_sentence(2024, &[t("推进综合行政执法改革", PlanStatus::Done)]).unwrap();
    assert!(all.ends_with("全部完成。"), "{all}");
    assert_eq!(follow_up_sentence(2024, &[]), None);
}

#[test]
fn a_task_is_checked() {
    let ok = NewPlanTask::parse(PlanTaskDraft {
        year: Some(2024),
        task: " 加强普法 ".to_owned(),
        status: "推进中".to_owned(),
        evidence_links: "/publicity?year=2024\n\n/study?year=2024".to_owned(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(ok.task, "加强普法");
    assert_eq!(ok.status, PlanStatus::InProgress);
    assert_eq!(
        ok.evidence_links.as_deref(),
        Some("/publicity?year=2024\n/study?year=2024")
    );
    let bad = NewPlanTask::parse(PlanTaskDraft {
        year: Some(2024),
        task: String::new(),
        status: "差不多".to_owned(),
        due_on: NaiveDate::from_ymd_opt(2023, 12, 1),
        evidence_links: "javascript:alert(1)".to_owned(),
        ..Default::default()
    })
    .unwrap_err();
    for field in ["task", "status", "due_on", "evidence_links"] {
        assert!(bad.contains_key(field), "{field}: {bad:?}");
    }
    let many = NewPlanTask::parse(PlanTaskDraft {
        year: Some(2024),
        task: "加强普法".to_owned(),
        evidence_links: "/x\n".repeat(MAX_LINKS + 1),
        ..Default::default()
    })
    .unwrap_err();
    assert!(many["evidence_links"].contains("最多"), "{many:?}");
}

//! Issue #15 item 4: the 法治政府建设年度报告 (by 4月1日) and the 政府信息公开工作年度报告 (by
//! 1月31日) on the reporting organisation's to-do list.

use chrono::NaiveDate;
use fazhi::service::{deadlines, Caller};
use fazhi::storage::orgs;
use fazhi_domain::access::Role;

use crate::helpers::TestApp;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn labels(todo: &deadlines::Todo) -> Vec<(String, String, NaiveDate)> {
    todo.overdue
        .iter()
        .chain(&todo.due_soon)
        .chain(&todo.upcoming)
        .filter(|v| v.rule_code.starts_with("report."))
        .map(|v| (v.rule_code.clone(), v.label.clone(), v.due_date))
        .collect()
}

#[tokio::test]
async fn annual_reports_are_due_on_the_reporting_organisations_list() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    let town = orgs::get(&t.app.db, f.town_id).await.unwrap();
    let village = orgs::get(&t.app.db, f.village1_id).await.unwrap();
    let todo = |role, org: &orgs::Org, today: &str| {
        let app = t.app.clone();
        let scope = org.scope();
        let today = d(today);
        async move { deadlines::todo(&app, role, &scope, today).await.unwrap() }
    };

    // 2026-01-29: the disclosure report is due on Saturday 1/31 (a fixed date, not rolled).
    let l = labels(&todo(Role::Staff, &town, "2026-01-29").await);
    assert_eq!(
        l,
        vec![(
            "report.disclosure_annual".to_owned(),
            "测试镇2025年政府信息公开工作年度报告".to_owned(),
            d("2026-01-31")
        )]
    );
    // After its date fazhi cannot know it was published: not shown as overdue.
    assert!(labels(&todo(Role::Staff, &town, "2026-02-02").await).is_empty());

    // 2026-03-30: the rule-of-law report is due 4/1, within three working days.
    let soon = todo(Role::Staff, &town, "2026-03-30").await;
    assert_eq!(
        labels(&soon),
        vec![(
            "report.rule_of_law_annual".to_owned(),
            "测试镇2025年法治政府建设年度报告".to_owned(),
            d("2026-04-01")
        )]
    );
    assert!(soon.due_soon[0]
        .link
        .contains("/reports/annual?org=T1&year=2025"));
    // Past 4/1 and not finalised: overdue.
    let late = todo(Role::Staff, &town, "2026-04-07").await;
    assert_eq!(
        late.overdue
            .iter()
            .filter(|v| v.rule_code == "report.rule_of_law_annual")
            .count(),
        1
    );
    // Only the reporting organisation's list, and only roles that read reports.
    assert!(labels(&todo(Role::Staff, &village, "2026-03-30").await).is_empty());
    assert!(labels(&todo(Role::Mediator, &town, "2026-03-30").await).is_empty());

    // Finalising the 2025 report settles it.
    fazhi::service::report::finalize(&t.app, &Caller::operator(), &town, 2025)
        .await
        .unwrap();
    assert!(labels(&todo(Role::Staff, &town, "2026-04-07").await).is_empty());
}

//! The home page per role (issue 14 point 7): the to-do list looks 5 working days ahead on the
//! working-day calendar; a leader's overview; a mediator's own village's open cases.

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use fazhi::service::deadlines::{self, today, Tracked};
use fazhi::storage::orgs;
use fazhi_domain::access::Role;
use serde_json::{json, Value};

use crate::helpers::TestApp;

fn new_dispute(village: &str, summary: &str) -> Value {
    json!({
        "registered_on": today().to_string(),
        "source": "来访",
        "dispute_type": "草场纠纷",
        "summary": summary,
        "village": village,
        "parties": [{"name": "张三"}, {"name": "李四"}],
    })
}

async fn create(t: &TestApp, token: &str, body: Value) -> Value {
    let (status, d) = t.post("/api/v1/disputes", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    d
}

#[tokio::test]
async fn due_within_5_working_days_counts_working_days_across_weekends_and_holidays() {
    let t = TestApp::spawn().await;
    let f = t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let id = create(&t, &staff, new_dispute("V1", "家门口的路")).await["id"]
        .as_i64()
        .unwrap();
    let town = orgs::get(&t.app.db, f.town_id).await.unwrap();
    let cal = t.app.calendar.current().for_region(None);

    // A start whose one-month mediation norm falls due just after the National Day holiday of
    // 2026: found on the calendar, so the test holds whatever the rule's exact length.
    let rule = "dispute.mediation_month";
    let mut found = None;
    let mut start = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
    while start < NaiveDate::from_ymd_opt(2026, 9, 30).unwrap() {
        let mut tx = t.app.db.begin().await.unwrap();
        deadlines::track(
            &mut tx,
            &t.app,
            Tracked {
                register: "dispute",
                record_id: id,
                org_id: f.village1_id,
                rule_code: rule,
                start,
                label: "假期测试",
                link: "/disputes/1",
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let due = deadlines::for_record(&t.app, "dispute", id)
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.rule_code == rule)
            .unwrap()
            .due_date;
        // The earliest day from which the due date is 5 working days away.
        let mut five = due;
        while cal.workdays_between(five - Duration::days(1), due) <= 5 {
            five -= Duration::days(1);
        }
        if (due - five).num_days() >= 9 {
            found = Some((five, due));
            break;
        }
        start += Duration::days(1);
    }
    let (five, due) = found.expect("a due date just after a holiday in 2026");
    assert_eq!(cal.workdays_between(five, due), 5);
    let six = five - Duration::days(1);
    assert_eq!(cal.workdays_between(six, due), 6);

    let listed = |today: NaiveDate| {
        let (app, scope) = (t.app.clone(), town.scope());
        async move {
            let todo = deadlines::todo(&app, Role::Staff, &scope, today)
                .await
                .unwrap();
            let within = todo
                .due_within_working_days()
                .any(|d| d.label == "假期测试");
            let anywhere = todo
                .overdue
                .iter()
                .chain(&todo.due_soon)
                .chain(&todo.upcoming)
                .any(|d| d.label == "假期测试");
            (within, anywhere)
        }
    };
    // 9 or more calendar days ahead, but only 5 working days: shown.
    assert_eq!(listed(five).await, (true, true), "{five} → {due}");
    // One working day earlier it is 6 working days away: not yet on the list.
    assert_eq!(listed(six).await, (false, false), "{six} → {due}");
}

#[tokio::test]
async fn a_leaders_home_shows_the_overview() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    create(&t, &staff, new_dispute("V1", "在办一")).await;
    create(&t, &staff, new_dispute("V2", "在办二")).await;
    let start = today() - Duration::days(1);
    let (status, r) = t
        .post(
            "/api/v1/screening-rounds",
            &staff,
            json!({"name": "年末集中排查", "kind": "专项排查",
                "starts_on": start.to_string(), "ends_on": (start + Duration::days(10)).to_string()}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let mediator = t.api_login("mediator_v1").await;
    let (status, e) = t
        .post(
            &format!("/api/v1/screening-rounds/{}/reports", r["id"]),
            &mediator,
            json!({"found": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");

    let leader = t.browser_login("leader_t1").await;
    let (status, html) = t.page(&leader, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("工作概览"), "{html}");
    assert!(
        html.contains("在办纠纷</dt><dd class=\"num\">2 起"),
        "{html}"
    );
    assert!(html.contains("5 个工作日内到期"), "{html}");
    assert!(html.contains("已逾期"), "{html}");
    // Who has not reported in the current round: 红旗村, not 东风村.
    let rounds = &html[html.find("rounds-title").unwrap()..html.find("figures-title").unwrap()];
    assert!(rounds.contains("年末集中排查"), "{rounds}");
    assert!(
        rounds.contains("红旗村") && !rounds.contains("东风村"),
        "{rounds}"
    );
    // This year's key figures beside last year's.
    let year: i32 = chrono::Datelike::year(&today());
    assert!(html.contains(&format!("{}年全年", year - 1)), "{html}");
    assert!(html.contains("矛盾纠纷"), "{html}");

    // Another role keeps the plain to-do list.
    let staff_page = t.browser_login("staff_t1").await;
    let (_, html) = t.page(&staff_page, "/").await;
    assert!(
        !html.contains("工作概览") && html.contains("待办事项"),
        "{html}"
    );
}

#[tokio::test]
async fn a_mediators_home_shows_only_their_villages_open_cases() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let own = create(&t, &staff, new_dispute("V1", "本村案件")).await;
    let other = create(&t, &staff, new_dispute("V2", "他村案件")).await;
    let (own_no, other_no) = (
        own["case_no"].as_str().unwrap(),
        other["case_no"].as_str().unwrap(),
    );

    let mediator = t.browser_login("mediator_v1").await;
    let (status, html) = t.page(&mediator, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("本村在办纠纷"), "{html}");
    assert!(html.contains(own_no), "{html}");
    assert!(!html.contains(other_no), "{html}");
    assert!(html.contains("尚未调解"), "{html}");

    // A concluded case leaves the list.
    let path = format!("/api/v1/disputes/{}/reject", own["id"]);
    let (status, body) = t
        .post(&path, &staff, json!({"reason": "已由人民法院受理"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, html) = t.page(&mediator, "/").await;
    assert!(
        !html.contains(own_no) && html.contains("没有在办的纠纷"),
        "{html}"
    );
}

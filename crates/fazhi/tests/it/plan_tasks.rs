//! The year's plan (目标任务, `src/registers/plan_tasks/`): a report's plan section finalised in
//! year N becomes year N+1's tasks in one step (again: nothing more), only for a report in the
//! caller's scope; the tasks are edited on the kit; and year N+1's report draft says which were
//! done and names those that were not. Tasks by hand are checked; the routes are documented.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{kit_routes, TestApp};
use crate::report::{finalize_on_page, markdown};

/// The plan section of 2024 as a town writes it: three tasks for 2025, then their measures.
const PLAN_2024: &str = "（一）2025年主要目标任务。一是推进综合行政执法改革。二是严格规范性文件清理。三是加强法律顾问队伍建设。\n（二）完成目标任务的主要措施。一是健全执法机制。二是开展清理。";

async fn save_plan(t: &TestApp, b: &crate::helpers::Browser, org: &str, body: &str) {
    let (status, _, _) = t
        .form(
            b,
            "/reports/annual/narrative",
            &[
                ("org", org),
                ("year", "2024"),
                ("section", "plans"),
                ("body", body),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

async fn report_id(t: &TestApp, org: &str) -> i64 {
    t.scalar(&format!(
        "SELECT r.id FROM report_snapshots r JOIN orgs o ON o.id = r.org_id \
         WHERE o.code = '{org}' AND r.year = 2024"
    ))
    .await
}

fn tasks(v: &Value) -> Vec<&str> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn a_finalised_plan_becomes_next_years_tasks_and_the_next_draft_answers_it() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let leader = t.browser_login("leader_t1").await;
    save_plan(&t, &leader, "T1", PLAN_2024).await;
    finalize_on_page(&t, &leader, "T1", 2024).await;
    let id = report_id(&t, "T1").await;

    let [staff, other, viewer] = t.api_logins(["staff_t1", "staff_t2", "viewer_t1"]).await;
    let path = "/api/v1/plan-tasks/from-report";
    let (status, _) = t.post(path, &other, json!({"report": id})).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another town's report");
    let (status, _) = t.post(path, &viewer, json!({"report": id})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a viewer writes nothing");

    let (status, made) = t.post(path, &staff, json!({"report": id})).await;
    assert_eq!(status, StatusCode::OK, "{made}");
    assert_eq!(
        (made["created"].as_i64(), made["year"].as_i64()),
        (Some(3), Some(2025))
    );
    let expected = [
        "推进综合行政执法改革",
        "严格规范性文件清理",
        "加强法律顾问队伍建设",
    ];
    assert_eq!(tasks(&made), expected, "the tasks, not the measures");
    let (status, again) = t.post(path, &staff, json!({"report": id})).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["created"], 0, "made once: {again}");
    assert_eq!(tasks(&again), expected);
    let (_, list) = t.get("/api/v1/plan-tasks?year=2025", &staff).await;
    assert_eq!(list["total"], 3, "{list}");
    let (_, theirs) = t.get("/api/v1/plan-tasks?year=2025", &other).await;
    assert_eq!(theirs["total"], 0, "T2 sees none of T1's");

    // The town works on them through 2025: one done, one not done, one still going.
    let items = made["items"].as_array().unwrap();
    for (task, status) in items.iter().zip(["已完成", "未完成", "推进中"]) {
        let at = format!("/api/v1/plan-tasks/{}", task["id"]);
        let (code, v) = t
            .patch(
                &at,
                &staff,
                json!({"version": task["version"], "status": status, "evidence_links": "/study?year=2025"}),
            )
            .await;
        assert_eq!(code, StatusCode::OK, "{v}");
    }
    let (_, text) = markdown(&t, "T1", 2025).await;
    assert!(
        text.contains("对照2025年主要目标任务3项，已完成1项：「推进综合行政执法改革」；尚未完成2项：「严格规范性文件清理」（未完成）、「加强法律顾问队伍建设」（推进中）"),
        "{text}"
    );
    // The year the plan was written in had no tasks of its own: no sentence.
    let (_, text_2024) = markdown(&t, "T1", 2024).await;
    assert!(!text_2024.contains("主要目标任务3项"), "2024 had no tasks");
}

#[tokio::test]
async fn a_report_without_a_plan_makes_no_tasks() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let leader = t.browser_login("leader_t2").await;
    finalize_on_page(&t, &leader, "T2", 2024).await;
    let id = report_id(&t, "T2").await;
    let staff = t.api_login("staff_t2").await;
    let (status, err) = t
        .post(
            "/api/v1/plan-tasks/from-report",
            &staff,
            json!({"report": id}),
        )
        .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("plan_empty")),
        "{err}"
    );
    let (status, _) = t
        .post(
            "/api/v1/plan-tasks/from-report",
            &staff,
            json!({"report": id + 1000}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_task_by_hand_is_checked_and_documented() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let v = t
        .created(
            "/api/v1/plan-tasks",
            &staff,
            json!({"year": "2025", "task": "开展法治宣传进村居", "owner": "司法所", "due_on": "2025-06-30"}),
        )
        .await;
    assert_eq!(
        (v["status"].as_str(), v["org_name"].as_str()),
        (Some("not_started"), Some("测试镇"))
    );
    let (status, err) = t
        .post(
            "/api/v1/plan-tasks",
            &staff,
            json!({"year": "2025", "task": "", "status": "差不多", "evidence_links": "javascript:alert(1)"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    for field in ["task", "status", "evidence_links"] {
        assert!(err["fields"][field].is_string(), "{field}: {err}");
    }
    let mut routes = kit_routes("plan-tasks");
    routes.push(("/api/v1/plan-tasks/from-report".to_owned(), "post"));
    t.openapi_with(&routes).await;
}

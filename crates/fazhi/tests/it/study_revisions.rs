//! Correcting records on the revision kit (issue #13), study sessions (学法记录): an edit names
//! the version it was based on (a stale one is refused and changes nothing), a withdrawn session
//! counts nowhere (list, hours, per-cadre hours, the report's figures, the ledger export) until
//! an administrator restores it, another village's session is not found, and the history shows
//! each change under the ledger's Chinese column names.

use axum::http::{Method, StatusCode};
use fazhi::service::ledger::{self, Ledger};
use fazhi::service::Caller;
use fazhi_ledger::Format;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::kit_flow::{self, PageCorrection};

async fn patch(t: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    t.request(Method::PATCH, path, Some(token), Some(body))
        .await
}

/// The study-sessions ledger of village V1 as the CLI exports it.
async fn exported_sessions(t: &TestApp) -> String {
    let (_, bytes) = ledger::export(
        &t.app,
        &Caller::operator(),
        Ledger::StudySessions,
        "V1",
        None,
        Format::Csv,
    )
    .await
    .expect("export");
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn a_study_session_is_corrected_withdrawn_and_restored_with_its_history() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let (status, s) = t
        .post(
            "/api/v1/study-sessions",
            &staff,
            json!({"held_on": "2024-03-05", "form": "会前学法", "laws": "宪法",
                   "attendees": ["张三", "李四"], "hours": 1.5, "speaker": "法律顾问"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{s}");
    assert_eq!(s["version"], 1);
    let id = s["id"].as_i64().unwrap();
    let path = format!("/api/v1/study-sessions/{id}");

    // A correction based on version 1: only the fields named change.
    let (status, s) = patch(
        &t,
        &staff,
        &path,
        json!({"version": 1, "laws": "民法典", "hours": 2.0}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(
        (
            s["laws"].as_str(),
            s["hours"].as_f64(),
            s["version"].as_i64()
        ),
        (Some("民法典"), Some(2.0), Some(2))
    );
    assert_eq!(s["attendees"], json!(["张三", "李四"]), "{s}");
    assert_eq!(s["speaker"], "法律顾问");
    assert_eq!(s["form"], "pre_meeting");

    // An edit made on the old copy is refused and changes nothing.
    let (status, err) = patch(&t, &staff, &path, json!({"version": 1, "laws": "旧"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["code"], "stale_version");
    let (_, now) = t.get(&path, &staff).await;
    assert_eq!(
        (now["laws"].as_str(), now["version"].as_i64()),
        (Some("民法典"), Some(2))
    );
    // The same validation as registration.
    let (status, err) = patch(&t, &staff, &path, json!({"version": 2, "hours": 0.0})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["hours"].is_string(), "{err}");

    // Another village's staff: not found, for editing, withdrawing and the history.
    let other = t.api_login("staff_v2").await;
    let (status, _) = patch(&t, &other, &path, json!({"version": 2, "laws": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t
        .post(
            &format!("{path}/withdraw"),
            &other,
            json!({"reason": "不是我们村的"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t.get(&format!("{path}/history"), &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let leader = t.api_login("leader_t1").await;
    let figures = |token: String| {
        let t = &t;
        async move {
            let (_, f) = t.get("/api/v1/figures?org=T1&year=2024", &token).await;
            (
                f["values"]["study_sessions"].as_i64().unwrap_or(0),
                f["values"]["study_minutes"].as_i64().unwrap_or(0),
            )
        }
    };
    assert_eq!(figures(leader.clone()).await, (1, 120));
    assert!(exported_sessions(&t).await.contains("民法典"));

    // Withdrawal needs a reason; then the session counts nowhere.
    let (status, err) = t
        .post(&format!("{path}/withdraw"), &staff, json!({"reason": " "}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let (status, w) = t
        .post(
            &format!("{path}/withdraw"),
            &staff,
            json!({"reason": "重复登记"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{w}");
    assert!(w["withdrawn_at"].is_string());
    assert_eq!(w["withdrawn_reason"], "重复登记");
    let (_, list) = t.get("/api/v1/study-sessions", &staff).await;
    assert_eq!(
        (list["total"].as_i64(), list["hours"].as_f64()),
        (Some(0), Some(0.0)),
        "{list}"
    );
    assert_eq!(list["hours_per_cadre"], json!([]));
    assert_eq!(
        figures(leader.clone()).await,
        (0, 0),
        "the report's figures drop it"
    );
    assert!(
        !exported_sessions(&t).await.contains("民法典"),
        "the export leaves it out"
    );
    let (_, withdrawn) = t.get("/api/v1/study-sessions?withdrawn=true", &staff).await;
    assert_eq!(withdrawn["total"], 1, "{withdrawn}");
    let (status, err) = patch(&t, &staff, &path, json!({"version": 3, "laws": "x"})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a withdrawn session is not edited: {err}"
    );
    assert_eq!(err["code"], "withdrawn");

    // Only an administrator restores it; then it counts again.
    let (status, _) = t.post(&format!("{path}/restore"), &staff, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = t.api_login("admin_t1").await;
    let (status, r) = t.post(&format!("{path}/restore"), &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert!(r["withdrawn_at"].is_null());
    assert_eq!(figures(leader).await, (1, 120));
    assert!(exported_sessions(&t).await.contains("民法典"));

    // The history: who did what, field by field, under the ledger's column names.
    let (status, h) = t.get(&format!("{path}/history"), &staff).await;
    assert_eq!(status, StatusCode::OK, "{h}");
    let actions: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["登记", "修改", "作废", "恢复"], "{h}");
    let changes = &h[1]["changes"];
    assert_eq!(changes.as_array().map(Vec::len), Some(2), "{h}");
    assert_eq!(
        (
            changes[0]["label"].as_str(),
            changes[0]["before"].as_str(),
            changes[0]["after"].as_str()
        ),
        (Some("学习内容"), Some("宪法"), Some("民法典"))
    );
    assert_eq!(changes[1]["label"], "学时");
    assert_eq!(h[2]["reason"], "重复登记");
    assert_eq!(t.audit_count("update", Some("study_session")).await, 1);
    assert_eq!(t.audit_count("withdraw", Some("study_session")).await, 1);
    assert_eq!(t.audit_count("restore", Some("study_session")).await, 1);
}

/// The same on the staff pages: the list links each session to its page, 编辑 opens the
/// registration form filled with the session, a save on an old copy comes back with the reason
/// and changes nothing, 作废 asks for a reason, and the page lists the changes under 修改记录.
#[tokio::test]
async fn study_sessions_are_corrected_and_withdrawn_on_their_pages() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let (_, s) = t
        .post(
            "/api/v1/study-sessions",
            &staff,
            json!({"held_on": "2024-03-05", "form": "会前学法", "laws": "宪法",
                   "attendees": ["张三"], "hours": 1.5}),
        )
        .await;
    let id = s["id"].as_i64().unwrap();
    let b = t.browser_login("staff_v1").await;
    let (_, list) = t.page(&b, "/study").await;
    assert!(list.contains(&format!("href=\"/study/{id}\"")), "{list}");
    let (status, form) = t.page(&b, &format!("/study/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK, "{form}");
    assert!(
        form.contains("修改学法记录") && form.contains("value=\"宪法\""),
        "{form}"
    );
    assert!(form.contains("name=\"version\" value=\"1\""));
    let fields = |laws| {
        vec![
            ("held_on", "2024-03-05"),
            ("form", "pre_meeting"),
            ("laws", laws),
            ("attendees", "张三、李四"),
            ("hours", "2"),
        ]
    };
    let correction = PageCorrection {
        record: format!("/study/{id}"),
        edit: fields("民法典"),
        stale_edit: fields("旧内容"),
        history: vec!["学习内容：宪法 → 民法典", "学时：1.5 → 2"],
    };
    let page = kit_flow::correct_and_withdraw(&t, &b, &correction).await;
    let (_, now) = t.get(&format!("/api/v1/study-sessions/{id}"), &staff).await;
    assert_eq!(now["laws"], "民法典");
    assert_eq!(now["attendees"], json!(["张三", "李四"]));
    assert!(
        !page.contains(&format!("/study/{id}/restore")),
        "staff do not restore"
    );
    let (_, list) = t.page(&b, "/study").await;
    assert!(
        !list.contains("民法典"),
        "withdrawn sessions leave the list"
    );
    let (_, list) = t.page(&b, "/study?withdrawn=1").await;
    assert!(list.contains("民法典"), "and are listed under 作废记录");

    let a = t.browser_login("admin_t1").await;
    kit_flow::restore(&t, &a, &format!("/study/{id}")).await;
    let (_, list) = t.page(&b, "/study").await;
    assert!(list.contains("民法典"));
}

#[tokio::test]
async fn study_revision_routes_are_in_the_openapi_document() {
    let t = TestApp::spawn().await;
    let (status, doc) = t
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    for (path, method) in [
        ("/api/v1/study-sessions/{id}", "patch"),
        ("/api/v1/study-sessions/{id}/withdraw", "post"),
        ("/api/v1/study-sessions/{id}/restore", "post"),
        ("/api/v1/study-sessions/{id}/history", "get"),
        ("/api/v1/law-exams/{id}", "patch"),
        ("/api/v1/law-exams/{id}/withdraw", "post"),
        ("/api/v1/law-exams/{id}/restore", "post"),
        ("/api/v1/law-exams/{id}/history", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
}

/// Law exam results (学法考试成绩) on the kit, through the API: a corrected score moves the pass
/// with it, a stale edit and a second result for the same cadre and year are refused, and a
/// withdrawn result leaves the list, the pass rate and the report's figures until restored.
#[tokio::test]
async fn a_law_exam_result_is_corrected_withdrawn_and_restored_with_its_history() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let mut ids = Vec::new();
    for (cadre, score) in [("张三", 58.0), ("李四", 80.0)] {
        let (status, x) = t
            .post(
                "/api/v1/law-exams",
                &staff,
                json!({"year": 2024, "cadre": cadre, "score": score, "taken_on": "2024-11-20"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{x}");
        assert_eq!(x["version"], 1);
        ids.push(x["id"].as_i64().unwrap());
    }
    let path = format!("/api/v1/law-exams/{}", ids[0]);

    // A mistyped score corrected: the pass follows it.
    let (status, x) = patch(&t, &staff, &path, json!({"version": 1, "score": 85.0})).await;
    assert_eq!(status, StatusCode::OK, "{x}");
    assert_eq!(
        (
            x["score"].as_f64(),
            x["passed"].as_bool(),
            x["version"].as_i64()
        ),
        (Some(85.0), Some(true), Some(2))
    );
    let (status, err) = patch(&t, &staff, &path, json!({"version": 1, "score": 10.0})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["code"], "stale_version");
    // Renaming onto another cadre's result of the year is the registration's conflict.
    let (status, err) = patch(&t, &staff, &path, json!({"version": 2, "cadre": "李四"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(err["fields"]["cadre"].is_string(), "{err}");
    let (_, now) = t.get(&path, &staff).await;
    assert_eq!(
        (now["cadre"].as_str(), now["version"].as_i64()),
        (Some("张三"), Some(2))
    );
    let other = t.api_login("staff_v2").await;
    let (status, _) = patch(&t, &other, &path, json!({"version": 2, "score": 1.0})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let leader = t.api_login("leader_t1").await;
    let figures = |token: String| {
        let t = &t;
        async move {
            let (_, f) = t.get("/api/v1/figures?org=T1&year=2024", &token).await;
            (
                f["values"]["exam_takers"].as_i64().unwrap_or(0),
                f["values"]["exam_passed"].as_i64().unwrap_or(0),
            )
        }
    };
    assert_eq!(figures(leader.clone()).await, (2, 2));

    let (status, w) = t
        .post(
            &format!("{path}/withdraw"),
            &staff,
            json!({"reason": "录入错误"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{w}");
    let (_, list) = t.get("/api/v1/law-exams?year=2024", &staff).await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["cadre"], "李四");
    assert_eq!(
        figures(leader.clone()).await,
        (1, 1),
        "the report's figures drop it"
    );
    let (_, withdrawn) = t.get("/api/v1/law-exams?withdrawn=true", &staff).await;
    assert_eq!(withdrawn["total"], 1);
    let (status, err) = patch(&t, &staff, &path, json!({"version": 3, "score": 1.0})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["code"], "withdrawn");

    let (status, _) = t.post(&format!("{path}/restore"), &staff, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = t.api_login("admin_t1").await;
    let (status, r) = t.post(&format!("{path}/restore"), &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(figures(leader).await, (2, 2));

    let (status, h) = t.get(&format!("{path}/history"), &staff).await;
    assert_eq!(status, StatusCode::OK, "{h}");
    let actions: Vec<&str> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["登记", "修改", "作废", "恢复"], "{h}");
    let labels: Vec<&str> = h[1]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["成绩", "是否合格"], "{h}");
    assert_eq!(h[1]["changes"][1]["before"], "否");
    assert_eq!(h[2]["reason"], "录入错误");
}

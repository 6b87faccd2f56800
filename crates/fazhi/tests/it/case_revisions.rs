//! Correcting case registers on the revision kit (issue #13): legal consultations. An edit
//! names the version it was based on (a stale one is refused and changes nothing), a withdrawn
//! record counts nowhere — list totals (cached per register version), figures, the county's
//! town table, exports — until an administrator restores it, another village's record is not
//! found, and the history shows each change under its Chinese label with phones masked.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{history_actions, TestApp};
use crate::kit_flow::{self, PageCorrection};

async fn patch(t: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    t.request(Method::PATCH, path, Some(token), Some(body))
        .await
}

/// The T1 consultation figures for 2024: the town's own, and its line in the county table.
async fn consultation_figures(t: &TestApp) -> (i64, i64) {
    let leader = t.api_login("leader_c1").await;
    let (_, f) = t.get("/api/v1/figures?org=T1&year=2024", &leader).await;
    let own = f["values"]["consultations"].as_i64().unwrap_or(0);
    let (_, c) = t.get("/api/v1/figures?org=C1&year=2024", &leader).await;
    let town = c["towns"]
        .as_array()
        .and_then(|ts| ts.iter().find(|r| r["code"] == "T1"))
        .map_or(-1, |r| r["consultations"].as_i64().unwrap_or(0));
    (own, town)
}

#[tokio::test]
async fn a_consultation_is_corrected_withdrawn_and_restored_with_its_history() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let (status, c) = t
        .post(
            "/api/v1/consultations",
            &staff,
            json!({"consulted_on": "2024-03-05", "channel": "窗口", "village": "V1",
                   "person": "张三", "phone": "13812345678", "topic": "宅基地边界",
                   "category": "土地"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(c["version"], 1);
    let id = c["id"].as_i64().unwrap();
    let path = format!("/api/v1/consultations/{id}");
    // The list total is cached per register version: read it before the changes.
    let (_, list) = t.get("/api/v1/consultations", &staff).await;
    assert_eq!(list["total"], 1);

    // A correction based on version 1; the phone not named keeps its value.
    let (status, c) = patch(
        &t,
        &staff,
        &path,
        json!({"version": 1, "topic": "宅基地边界纠纷", "channel": "电话", "aid_explained": true}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(
        (
            c["topic"].as_str(),
            c["channel"].as_str(),
            c["version"].as_i64()
        ),
        (Some("宅基地边界纠纷"), Some("phone"), Some(2))
    );
    assert_eq!(c["aid_explained"], true);
    assert_eq!(c["phone"], "138****5678", "answers mask the phone");
    let admin = t.api_login("admin_t1").await;
    let (_, full) = t.get(&format!("{path}?reveal=true"), &admin).await;
    assert_eq!(full["phone"], "13812345678", "the phone on file is kept");
    assert_eq!(full["village_name"], "东风村");

    // An edit made on the old copy is refused and changes nothing.
    let (status, err) = patch(&t, &staff, &path, json!({"version": 1, "person": "李四"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["code"], "stale_version");
    let (_, now) = t.get(&path, &staff).await;
    assert_eq!(
        (now["person"].as_str(), now["version"].as_i64()),
        (Some("张三"), Some(2))
    );
    // The same validation as recording; unknown fields (the dispute link) are refused.
    let (status, err) = patch(&t, &staff, &path, json!({"version": 2, "phone": "123"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let (status, _) = patch(&t, &staff, &path, json!({"version": 2, "dispute_id": 1})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the dispute link is not edited"
    );

    // Another village's staff: not found, for editing, withdrawing and the history.
    let other = t.api_login("staff_v2").await;
    let (status, _) = patch(&t, &other, &path, json!({"version": 2, "person": "x"})).await;
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

    assert_eq!(consultation_figures(&t).await, (1, 1));
    let (_, list) = t.get("/api/v1/consultations", &staff).await;
    assert_eq!(list["total"], 1);

    // Withdrawal needs a reason; then the consultation counts nowhere.
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
    let (_, list) = t.get("/api/v1/consultations", &staff).await;
    assert_eq!(list["total"], 0, "the cached total follows: {list}");
    let (_, withdrawn) = t.get("/api/v1/consultations?withdrawn=true", &staff).await;
    assert_eq!(withdrawn["total"], 1);
    assert_eq!(consultation_figures(&t).await, (0, 0), "figures drop it");
    let b = t.browser_login("staff_v1").await;
    let (_, page) = t.page(&b, "/consultations").await;
    assert!(page.contains("共 0 次"), "the list page's totals drop it");
    let (status, csv) = t.page(&b, "/consultations/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!csv.contains("宅基地边界纠纷"), "exports leave it out");
    let (status, err) = patch(&t, &staff, &path, json!({"version": 3, "person": "x"})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a withdrawn record is not edited: {err}"
    );
    assert_eq!(err["code"], "withdrawn");

    // Only an administrator restores it; then it counts again.
    let (status, _) = t.post(&format!("{path}/restore"), &staff, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, r) = t.post(&format!("{path}/restore"), &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert!(r["withdrawn_at"].is_null());
    let (_, list) = t.get("/api/v1/consultations", &staff).await;
    assert_eq!(list["total"], 1);
    assert_eq!(consultation_figures(&t).await, (1, 1));
    let (_, csv) = t.page(&b, "/consultations/export?format=csv").await;
    assert!(csv.contains("宅基地边界纠纷"));

    // A phone correction: the history shows it masked, before and after.
    let (status, c) = patch(
        &t,
        &staff,
        &path,
        json!({"version": 4, "phone": "13900001111"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{c}");

    let (status, h) = t.get(&format!("{path}/history"), &staff).await;
    assert_eq!(status, StatusCode::OK, "{h}");
    let actions = history_actions(&h);
    assert_eq!(actions, ["登记", "修改", "作废", "恢复", "修改"], "{h}");
    let changes = &h[1]["changes"];
    let labels: Vec<&str> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["咨询方式", "咨询事项", "已告知法律援助权利"],
        "{h}"
    );
    assert_eq!(
        (changes[0]["before"].as_str(), changes[0]["after"].as_str()),
        (Some("窗口"), Some("电话"))
    );
    assert_eq!(
        (changes[1]["before"].as_str(), changes[1]["after"].as_str()),
        (Some("宅基地边界"), Some("宅基地边界纠纷"))
    );
    assert_eq!(h[2]["reason"], "重复登记");
    let phone = &h[4]["changes"][0];
    assert_eq!(phone["label"], "手机号码");
    assert_eq!(
        (phone["before"].as_str(), phone["after"].as_str()),
        (Some("138****5678"), Some("139****1111"))
    );
    assert!(!h.to_string().contains("13812345678"), "no full phone: {h}");
    assert_eq!(t.audit_count("update", Some("consultation")).await, 2);

    // All four are in the OpenAPI document.
    let (_, doc) = t
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    let paths = &doc["paths"];
    assert!(paths["/api/v1/consultations/{id}"]["patch"].is_object());
    for p in ["withdraw", "restore"] {
        assert!(paths[format!("/api/v1/consultations/{{id}}/{p}")]["post"].is_object());
    }
    assert!(paths["/api/v1/consultations/{id}/history"]["get"].is_object());
}

/// The same on the staff pages: 编辑 opens the form filled with the consultation (the phone
/// only masked, and kept when left blank), a save on an old copy comes back with the reason and
/// changes nothing, 作废 asks for a reason, and the page lists the changes under 修改记录.
#[tokio::test]
async fn consultations_are_corrected_and_withdrawn_on_their_pages() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let (_, c) = t
        .post(
            "/api/v1/consultations",
            &staff,
            json!({"consulted_on": "2024-03-05", "channel": "窗口", "village": "V1",
                   "person": "王五", "phone": "13700001234", "topic": "工资拖欠"}),
        )
        .await;
    let id = c["id"].as_i64().unwrap();
    let b = t.browser_login("staff_v1").await;
    let (status, form) = t.page(&b, &format!("/consultations/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("修改法律咨询") && form.contains("value=\"王五\""),
        "{form}"
    );
    assert!(form.contains("name=\"version\" value=\"1\""));
    // (13812345678 is the form's example; this phone is another.)
    assert!(
        form.contains("137****1234") && !form.contains("13700001234"),
        "{form}"
    );
    assert!(
        form.contains("value=\"V1\" selected"),
        "the village is kept: {form}"
    );
    let fields = |topic| {
        vec![
            ("consulted_on", "2024-03-05"),
            ("channel", "counter"),
            ("village", "V1"),
            ("person", "王五"),
            ("phone", ""),
            ("topic", topic),
            ("follow_up", "当场解答"),
        ]
    };
    let correction = PageCorrection {
        record: format!("/consultations/{id}"),
        edit: fields("工资拖欠三个月"),
        stale_edit: fields("旧内容"),
        history: vec!["咨询事项：工资拖欠 → 工资拖欠三个月"],
    };
    let page = kit_flow::correct_and_withdraw(&t, &b, &correction).await;
    let admin = t.api_login("admin_t1").await;
    let (_, full) = t
        .get(&format!("/api/v1/consultations/{id}?reveal=true"), &admin)
        .await;
    assert_eq!(
        full["phone"], "13700001234",
        "a blank phone keeps the one on file"
    );
    assert_eq!(full["topic"], "工资拖欠三个月");
    assert!(
        !page.contains("转为纠纷登记"),
        "no next steps from a withdrawn record"
    );
    let (_, list) = t.page(&b, "/consultations").await;
    assert!(
        !list.contains("工资拖欠三个月"),
        "withdrawn records leave the list"
    );
    let (_, list) = t.page(&b, "/consultations?withdrawn=1").await;
    assert!(list.contains("工资拖欠三个月") && list.contains("已作废"));

    // An administrator restores it from its page.
    let a = t.browser_login("admin_t1").await;
    kit_flow::restore(&t, &a, &format!("/consultations/{id}")).await;
    let (_, list) = t.page(&b, "/consultations").await;
    assert!(list.contains("工资拖欠三个月"));
}

//! Correcting records on the revision kit (issue #13), first register: publicity events. An
//! edit names the version it was based on (a stale one is refused and changes nothing), a
//! withdrawn event counts nowhere until an administrator restores it, another village's event
//! is not found, and the history shows each change under its Chinese label.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::kit_flow::{self, PageCorrection};

async fn patch(t: &TestApp, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
    t.request(Method::PATCH, path, Some(token), Some(body))
        .await
}

#[tokio::test]
async fn a_publicity_event_is_corrected_withdrawn_and_restored_with_its_history() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let (status, e) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2024-03-05", "name": "宪法宣传", "venue_type": "村居",
                   "banners": 2, "beneficiaries": 120}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    assert_eq!(e["version"], 1);
    let id = e["id"].as_i64().unwrap();
    let path = format!("/api/v1/publicity/{id}");

    // A correction based on version 1.
    let (status, e) = patch(
        &t,
        &staff,
        &path,
        json!({"version": 1, "name": "宪法宣传周", "banners": 3}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert_eq!(
        (
            e["name"].as_str(),
            e["banners"].as_i64(),
            e["version"].as_i64()
        ),
        (Some("宪法宣传周"), Some(3), Some(2))
    );
    assert_eq!(e["beneficiaries"], 120, "fields not named keep their value");

    // Someone else's edit made on the old copy is refused and changes nothing.
    let (status, err) = patch(&t, &staff, &path, json!({"version": 1, "name": "旧的名称"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["code"], "stale_version");
    let (_, now) = t.get(&path, &staff).await;
    assert_eq!(now["name"], "宪法宣传周");
    assert_eq!(now["version"], 2);
    // The same validation as creation.
    let (status, err) = patch(&t, &staff, &path, json!({"version": 2, "banners": -1})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");

    // Another village's staff: not found, for reading, editing and withdrawing.
    let other = t.api_login("staff_v2").await;
    let (status, _) = patch(&t, &other, &path, json!({"version": 2, "name": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t
        .post(
            &format!("{path}/withdraw"),
            &other,
            json!({"reason": "不是我们村的"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Figures before the withdrawal.
    let leader = t.api_login("leader_t1").await;
    let figures = |token: String| {
        let t = &t;
        async move {
            let (_, f) = t.get("/api/v1/figures?org=T1&year=2024", &token).await;
            f["values"]["publicity_events"].as_i64().unwrap_or(0)
        }
    };
    assert_eq!(figures(leader.clone()).await, 1);

    // Withdrawal needs a reason; then the event counts nowhere.
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
    let (_, list) = t.get("/api/v1/publicity", &staff).await;
    assert_eq!(list["total"], 0, "{list}");
    assert_eq!(list["totals"]["events"], 0);
    assert_eq!(
        figures(leader.clone()).await,
        0,
        "the report's figures drop it"
    );
    let (_, f) = t.get("/api/v1/figures?org=T1&year=2024", &leader).await;
    let march = f["breakdowns"]["publicity_month"]
        .as_array()
        .and_then(|m| m.iter().find(|p| p[0] == "03"))
        .map(|p| p[1].as_i64().unwrap_or(-1));
    assert_eq!(
        march,
        Some(0),
        "nor does the chart by month: {}",
        f["breakdowns"]
    );
    let (_, withdrawn) = t.get("/api/v1/publicity?withdrawn=true", &staff).await;
    assert_eq!(withdrawn["total"], 1);
    let b = t.browser_login("staff_v1").await;
    let (status, csv) = t.page(&b, "/publicity/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!csv.contains("宪法宣传周"), "exports leave it out");
    let (status, err) = patch(&t, &staff, &path, json!({"version": 3, "name": "x"})).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a withdrawn event is not edited: {err}"
    );

    // Only an administrator restores it; then it counts again.
    let (status, _) = t.post(&format!("{path}/restore"), &staff, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = t.api_login("admin_t1").await;
    let (status, r) = t.post(&format!("{path}/restore"), &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert!(r["withdrawn_at"].is_null());
    assert_eq!(figures(leader).await, 1);
    let (status, csv) = t.page(&b, "/publicity/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("宪法宣传周"));

    // The history: who did what, field by field, under Chinese labels.
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
    assert_eq!(changes[0]["label"], "活动名称");
    assert_eq!(
        (changes[0]["before"].as_str(), changes[0]["after"].as_str()),
        (Some("宪法宣传"), Some("宪法宣传周"))
    );
    assert_eq!(changes[1]["label"], "横幅");
    assert_eq!(h[2]["reason"], "重复登记");
    assert_eq!(
        t.audit_count("update", Some("publicity_event")).await,
        1,
        "each edit is in the audit chain"
    );
}

/// The same on the staff pages, as a clerk on a phone would: 编辑 opens the form filled with
/// the event, a save on an old copy comes back with the reason and changes nothing, 作废 asks for
/// a reason, and the event's page lists the changes under 修改记录.
#[tokio::test]
async fn publicity_events_are_corrected_and_withdrawn_on_their_pages() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let (_, e) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2024-03-05", "name": "民法典宣讲", "venue_type": "村居", "banners": 2}),
        )
        .await;
    let id = e["id"].as_i64().unwrap();
    let b = t.browser_login("staff_v1").await;
    let (status, form) = t.page(&b, &format!("/publicity/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("修改普法活动") && form.contains("value=\"民法典宣讲\""));
    assert!(form.contains("name=\"version\" value=\"1\""));
    let record = format!("/publicity/{id}");
    let fields = |name| {
        vec![
            ("held_on", "2024-03-05"),
            ("name", name),
            ("venue_type", "village"),
            ("banners", "4"),
        ]
    };
    let correction = PageCorrection {
        record: record.clone(),
        edit: fields("民法典宣讲会"),
        stale_edit: fields("旧名称"),
        history: vec!["活动名称：民法典宣讲 → 民法典宣讲会", "横幅：2 → 4"],
    };
    kit_flow::correct_and_withdraw(&t, &b, &correction).await;
    let (_, now) = t.get(&format!("/api/v1/publicity/{id}"), &staff).await;
    assert_eq!(now["name"], "民法典宣讲会");
    let (_, list) = t.page(&b, "/publicity").await;
    assert!(
        !list.contains("民法典宣讲会"),
        "withdrawn events leave the list"
    );
}

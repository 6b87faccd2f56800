//! Correcting records on the revision kit (issue #13), first register: publicity events. An
//! edit names the version it was based on (a stale one is refused and changes nothing), a
//! withdrawn event counts nowhere until an administrator restores it, another village's event
//! is not found, and the history shows each change under its Chinese label.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{change_labels, TestApp};
use crate::kit_flow::{self, PageCorrection};

#[tokio::test]
async fn a_publicity_event_is_corrected_withdrawn_and_restored_with_its_history() {
    let (t, staff, e) = TestApp::with_record(
        "/api/v1/publicity",
        json!({"held_on": "2024-03-05", "name": "宪法宣传", "venue_type": "村居",
               "banners": 2, "beneficiaries": 120}),
    )
    .await;
    assert_eq!(e["version"], 1);
    let path = format!("/api/v1/publicity/{}", e["id"]);

    // A correction based on version 1.
    let (status, e) = t
        .patch(
            &path,
            &staff,
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
    let stale = json!({"version": 1, "name": "旧的名称"});
    t.stale_edit_is_refused(&path, &staff, stale, ("name", json!("宪法宣传周")), 2)
        .await;
    // The same validation as creation.
    let (status, err) = t
        .patch(&path, &staff, json!({"version": 2, "banners": -1}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");

    // Another village's staff: not found, for editing, withdrawing and the history.
    let other = t.api_login("staff_v2").await;
    t.hidden_from(&path, &other, json!({"version": 2, "name": "x"}))
        .await;

    // Figures before the withdrawal.
    let leader = t.api_login("leader_t1").await;
    let events = || t.figures(&leader, &["publicity_events"]);
    assert_eq!(events().await, [1]);

    // Withdrawal needs a reason; then the event counts nowhere.
    t.withdraw(&path, &staff, "重复登记").await;
    let (_, list) = t.get("/api/v1/publicity", &staff).await;
    assert_eq!(list["total"], 0, "{list}");
    assert_eq!(list["totals"]["events"], 0);
    assert_eq!(events().await, [0], "the report's figures drop it");
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
    let (status, err) = t
        .patch(&path, &staff, json!({"version": 3, "name": "x"}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a withdrawn event is not edited: {err}"
    );

    // Only an administrator restores it; then it counts again.
    t.restore(&path, &staff, &t.api_login("admin_t1").await)
        .await;
    assert_eq!(events().await, [1]);
    let (status, csv) = t.page(&b, "/publicity/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("宪法宣传周"));

    // The history: who did what, field by field, under Chinese labels.
    let h = t
        .history(&path, &staff, &["登记", "修改", "作废", "恢复"])
        .await;
    assert_eq!(change_labels(&h, 1), ["活动名称", "横幅"], "{h}");
    let changes = &h[1]["changes"];
    assert_eq!(
        (changes[0]["before"].as_str(), changes[0]["after"].as_str()),
        (Some("宪法宣传"), Some("宪法宣传周"))
    );
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
    let (t, staff, e) = TestApp::with_record(
        "/api/v1/publicity",
        json!({"held_on": "2024-03-05", "name": "民法典宣讲", "venue_type": "村居", "banners": 2}),
    )
    .await;
    let id = e["id"].as_i64().unwrap();
    let b = t.browser_login("staff_v1").await;
    let fields = |name| {
        vec![
            ("held_on", "2024-03-05"),
            ("name", name),
            ("venue_type", "village"),
            ("banners", "4"),
        ]
    };
    let correction = PageCorrection {
        record: format!("/publicity/{id}"),
        shown: vec!["修改普法活动", "value=\"民法典宣讲\""],
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

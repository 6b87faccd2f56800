//! The complaints sentence of the annual report's 一(四) (issue #18 item 5): the figures API,
//! the register's own figures and the report agree on hand-counted cases, and a withdrawn
//! case or another year's counts nowhere.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

const LIST: &str = "/api/v1/complaints";

/// A phone call received on `received_on` from person `n` (each its own ID and phone) about
/// `subject`.
fn call(n: u32, received_on: &str, subject: &str) -> Value {
    json!({"org": "T1", "channel": "phone", "class": "claim", "matter_type": "土地纠纷",
           "petitioner_name": format!("群众{n}"), "phone": format!("1381234{n:04}"),
           "id_number": format!("11010119900307{n:04}"),
           "subject": subject, "content": format!("反映{subject}，要求处理"),
           "received_on": received_on})
}

async fn step(t: &TestApp, token: &str, id: &Value, step: &str, body: Value) {
    let (status, v) = t.post(&format!("{LIST}/{id}/{step}"), token, body).await;
    assert_eq!(status, StatusCode::OK, "{step}: {v}");
}

#[tokio::test]
async fn the_report_writes_the_complaints_sentence_from_hand_counted_cases() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    // A: told on time (due 2025-03-18), concluded on its due day (2025-05-09), 满意.
    let a = t
        .created(LIST, &staff, call(1, "2025-03-03", "承包地被邻居占用"))
        .await["id"]
        .clone();
    step(
        &t,
        &staff,
        &a,
        "accept",
        json!({"decision": "accepted", "on": "2025-03-10"}),
    )
    .await;
    step(
        &t,
        &staff,
        &a,
        "conclude",
        json!({"outcome": "supported", "opinion": "责令恢复原地界", "on": "2025-05-09"}),
    )
    .await;
    step(
        &t,
        &staff,
        &a,
        "callback",
        json!({"satisfaction": "satisfied", "on": "2025-05-20"}),
    )
    .await;
    // B: told late (after 2025-03-18), concluded late (due 60 days after 2025-03-25), 基本满意.
    let b = t
        .created(LIST, &staff, call(2, "2025-03-03", "村道路灯损坏无人维修"))
        .await["id"]
        .clone();
    step(
        &t,
        &staff,
        &b,
        "accept",
        json!({"decision": "accepted", "on": "2025-03-25"}),
    )
    .await;
    step(
        &t,
        &staff,
        &b,
        "conclude",
        json!({"outcome": "explained", "opinion": "已安排维修", "on": "2025-06-20"}),
    )
    .await;
    step(
        &t,
        &staff,
        &b,
        "callback",
        json!({"satisfaction": "mostly_satisfied", "on": "2025-06-25"}),
    )
    .await;
    // C: the first person again about the same land, undecided: a repeat.
    let c = t
        .created(LIST, &staff, call(1, "2025-07-01", "承包地被邻居占用"))
        .await;
    assert!(c["repeat_of"].is_i64(), "{c}");
    // Counted nowhere: a withdrawn case and one of 2024.
    let gone = t
        .created(LIST, &staff, call(3, "2025-04-01", "噪声扰民"))
        .await["id"]
        .clone();
    let (status, v) = t
        .post(
            &format!("{LIST}/{gone}/withdraw"),
            &staff,
            json!({"reason": "重复登记"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    t.created(LIST, &staff, call(4, "2024-11-04", "宅基地边界争议"))
        .await;

    // 3 cases; 2 told, 1 on time; 2 concluded, 1 on time; 2 callbacks, 2 satisfied; 1 repeat.
    let sentence = "本年度收到群众举报投诉和信访事项3件，按期告知受理率50.0%，办结2件、按期办结率50.0%，回访满意率100.0%，重复信访1件。";
    let leader = t.api_login("leader_t1").await;
    let (status, f) = t.get("/api/v1/figures?year=2025", &leader).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    let v = &f["values"];
    for (key, n) in [
        ("complaints", 3),
        ("complaints_decided", 2),
        ("complaints_decided_on_time", 1),
        ("complaints_concluded", 2),
        ("complaints_concluded_on_time", 1),
        ("complaints_callbacks", 2),
        ("complaints_satisfied", 2),
        ("complaints_repeats", 1),
    ] {
        assert_eq!(v[key], n, "{key}: {v}");
    }
    let sentences: String = f["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(sentences.contains(sentence), "{sentences}");

    // The register's own figures count the same cases and write the same sentence.
    let (_, own) = t.get(&format!("{LIST}/figures?year=2025"), &staff).await;
    assert_eq!(
        (
            own["cases"].as_i64(),
            own["decided_on_time"].as_i64(),
            own["repeats"].as_i64()
        ),
        (Some(3), Some(1), Some(1)),
        "{own}"
    );

    let (_, text) = crate::report::markdown(&t, "T1", 2025).await;
    let part = text.split("（四）").nth(1).expect("part （四）");
    let part = part.split("（五）").next().unwrap();
    assert!(part.contains(sentence), "{part}");
    // A year with no case says nothing of complaints.
    let (_, text) = crate::report::markdown(&t, "T1", 2023).await;
    assert!(!text.contains("举报投诉和信访事项"), "{text}");
}

//! The explicit steps on a disclosure request (`POST /api/v1/disclosure-requests/{id}/<step>`,
//! registers/disclosure/steps.rs) against the national calendar of 2025 (国庆/中秋: 1–8 October
//! off, Sunday 28 September and Saturday 11 October worked): the 20-working-day clock of
//! 政府信息公开条例 第三十三条, its restart on a correction (第三十条), a consultation not counted
//! (第三十二条), the extension cap, each step in the audit log, scope, the abandoned request,
//! and the applicant's monthly count (国办函〔2020〕109号).

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

const LIST: &str = "/api/v1/disclosure-requests";

/// A letter signed for on Friday 2025-09-26.
fn letter(phone: &str) -> Value {
    json!({"org": "T1", "channel": "registered_post", "applicant_kind": "自然人",
           "applicant_name": "张三", "applicant_phone": phone,
           "information": "2024年本镇农村低保资金发放名单", "signed_for_on": "2025-09-26"})
}

async fn step(
    t: &TestApp,
    token: &str,
    id: &Value,
    step: &str,
    body: Value,
) -> (StatusCode, Value) {
    t.post(&format!("{LIST}/{id}/{step}"), token, body).await
}

async fn ok_step(t: &TestApp, token: &str, id: &Value, name: &str, body: Value) -> Value {
    let (status, v) = step(t, token, id, name, body).await;
    assert_eq!(status, StatusCode::OK, "{name}: {v}");
    v
}

#[tokio::test]
async fn a_correction_on_day_five_restarts_the_twenty_working_days_across_the_national_holiday() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let r = t.created(LIST, &staff, letter("13812345678")).await;
    // Hand-counted: 9-28 (worked Sunday) 1, 9-29 2, 9-30 3, [10-1…10-8 off], 10-9 4, 10-10 5,
    // 10-11 (worked Saturday) 6, 10-13…17 7–11, 10-20…24 12–16, 10-27…30 17–20.
    assert_eq!(r["due_on"].as_str(), Some("2025-10-30"), "{r}");
    let id = &r["id"];

    // A correction notice needs the period it gives.
    let (status, err) = step(
        &t,
        &staff,
        id,
        "notice-correction",
        json!({"on": "2025-10-10"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["until"]
            .as_str()
            .unwrap()
            .contains("补正期限"),
        "{err}"
    );
    // Day 5 (10-10) is within the 7 working days; the clock stops.
    let v = ok_step(
        &t,
        &staff,
        id,
        "notice-correction",
        json!({"on": "2025-10-10", "until": "2025-10-24"}),
    )
    .await;
    assert!(v["due_on"].is_null(), "{v}");
    assert_eq!(v["correction_due_on"].as_str(), Some("2025-10-24"));
    // Only one notice (第三十条: 一次性告知).
    let (status, err) = step(
        &t,
        &staff,
        id,
        "notice-correction",
        json!({"on": "2025-10-13", "until": "2025-10-24"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err.to_string().contains("一次性告知"), "{err}");
    // Corrected on Monday 10-13: 20 working days afresh, 10-14 … 11-10.
    let v = ok_step(&t, &staff, id, "corrected", json!({"on": "2025-10-13"})).await;
    assert_eq!(v["due_on"].as_str(), Some("2025-11-10"), "{v}");
    let due: String = t
        .scalar("SELECT CAST(due_date AS TEXT) FROM deadlines WHERE register = 'disclosure' AND settled_at IS NULL")
        .await;
    assert_eq!(due, "2025-11-10");
    assert_eq!(
        t.audit_count("disclosure_correction_notice", Some("disclosure_request"))
            .await,
        1
    );
    assert_eq!(
        t.audit_count("disclosure_corrected", Some("disclosure_request"))
            .await,
        1
    );
    let (_, actions) = t.history_actions(&format!("{LIST}/{id}"), &staff).await;
    assert!(actions.iter().any(|a| a == "告知补正"), "{actions:?}");
}

#[tokio::test]
async fn a_consultation_of_ten_working_days_moves_the_due_date_by_ten_working_days() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let r = t.created(LIST, &staff, letter("13812345678")).await;
    let id = &r["id"];
    let (status, err) = step(&t, &staff, id, "consult", json!({"on": "2025-10-13"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the kind is needed: {err}");
    // Monday 10-13 to Friday 10-24: ten working days, not counted. 10-30 + 10 working days:
    // 10-31, 11-3…7, 11-10…13.
    let v = ok_step(&t, &staff, id, "consult",
        json!({"on": "2025-10-13", "until": "2025-10-24", "kind": "third_party", "whom": "某某公司"})).await;
    assert_eq!(v["due_on"].as_str(), Some("2025-11-13"), "{v}");
    assert_eq!(v["consulted_kind"].as_str(), Some("third_party"));
    // Still awaited: the third party's 15 working days from 10-13 stand in for its end.
    let v = ok_step(
        &t,
        &staff,
        id,
        "consult",
        json!({"on": "2025-10-13", "kind": "third_party"}),
    )
    .await;
    assert_eq!(v["consulted_to"].as_str(), Some("2025-11-03"), "{v}");
    assert_eq!(t.audit_count("disclosure_consult", None).await, 2);
}

#[tokio::test]
async fn an_extension_adds_at_most_twenty_working_days_with_its_approver() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let r = t.created(LIST, &staff, letter("13812345678")).await;
    let id = &r["id"];
    let (status, err) = step(
        &t,
        &staff,
        id,
        "extend",
        json!({"days": "21", "approved_by": "党政办主任"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["days"]
            .as_str()
            .unwrap()
            .contains("20个工作日"),
        "{err}"
    );
    let (status, err) = step(&t, &staff, id, "extend", json!({"days": "5"})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an approver is needed: {err}"
    );
    // 10 + 10 = 20: 10-30 + 20 working days is 11-27.
    let v = ok_step(
        &t,
        &staff,
        id,
        "extend",
        json!({"days": "10", "approved_by": "党政办主任", "on": "2025-10-28"}),
    )
    .await;
    assert_eq!(v["due_on"].as_str(), Some("2025-11-13"), "{v}");
    let v = ok_step(
        &t,
        &staff,
        id,
        "extend",
        json!({"days": "10", "approved_by": "党政办主任"}),
    )
    .await;
    assert_eq!(v["due_on"].as_str(), Some("2025-11-27"), "{v}");
    assert_eq!(v["extension_days"].as_i64(), Some(20));
    // Not one day more.
    let (status, err) = step(
        &t,
        &staff,
        id,
        "extend",
        json!({"days": "1", "approved_by": "党政办主任"}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_eq!(t.audit_count("disclosure_extend", None).await, 2);
}

#[tokio::test]
async fn the_reply_fee_and_remedy_steps_are_audited_and_scoped() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, other, viewer] = t.api_logins(["staff_t1", "staff_t2", "viewer_t1"]).await;
    let r = t.created(LIST, &staff, letter("13812345678")).await;
    let id = &r["id"];
    // Outside the caller's scope: not found; an unknown step too; a reader may not act.
    let (status, _) = step(&t, &other, id, "reply", json!({"reply_type": "disclosed"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = step(&t, &staff, id, "approve", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = step(&t, &viewer, id, "reply", json!({"reply_type": "disclosed"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // A remedy needs a reply first.
    let (status, _) = step(&t, &staff, id, "remedy", json!({"kind": "review"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = step(&t, &staff, id, "reply", json!({"reply_type": "maybe"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let v = ok_step(
        &t,
        &staff,
        id,
        "reply",
        json!({"on": "2025-10-20", "reply_type": "disclosed", "text": "已提供复印件"}),
    )
    .await;
    assert_eq!(v["replied_on"].as_str(), Some("2025-10-20"));
    let open: i64 = t
        .scalar(
            "SELECT COUNT(*) FROM deadlines WHERE register = 'disclosure' AND settled_at IS NULL",
        )
        .await;
    assert_eq!(open, 0, "the reply settles the deadline");
    // Answered: no more clock steps.
    let (status, _) = step(
        &t,
        &staff,
        id,
        "extend",
        json!({"days": "5", "approved_by": "主任"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, err) = step(&t, &staff, id, "fee", json!({"amount": "abc"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let v = ok_step(
        &t,
        &staff,
        id,
        "fee",
        json!({"amount": "12.5", "on": "2025-10-20"}),
    )
    .await;
    assert_eq!(v["fee_fen"].as_i64(), Some(1250));
    let v = ok_step(
        &t,
        &staff,
        id,
        "remedy",
        json!({"kind": "review", "on": "2025-11-01", "result": "corrected"}),
    )
    .await;
    assert_eq!(v["remedy_result"].as_str(), Some("corrected"));
    for action in ["disclosure_reply", "disclosure_fee", "disclosure_remedy"] {
        assert_eq!(
            t.audit_count(action, Some("disclosure_request")).await,
            1,
            "{action}"
        );
    }
}

#[tokio::test]
async fn an_uncorrected_request_shows_as_abandoned_and_the_monthly_count_is_per_applicant() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let r = t.created(LIST, &staff, letter("138 1234 5678")).await;
    let id = &r["id"];
    ok_step(
        &t,
        &staff,
        id,
        "notice-correction",
        json!({"on": "2025-09-30", "until": "2025-10-20"}),
    )
    .await;
    let b = t.browser_login("staff_t1").await;
    let (status, page) = t.page(&b, &format!("/disclosure-requests/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("视为放弃申请"), "{page}");
    assert!(page.contains("本月向本机关提出申请第 1 件"), "{page}");
    // Ten more in September 2025 by the same phone (written differently), one by another.
    for _ in 0..10 {
        t.created(LIST, &staff, letter("+86 13812345678")).await;
    }
    t.created(LIST, &staff, letter("13900000000")).await;
    let (_, page) = t.page(&b, &format!("/disclosure-requests/{id}")).await;
    assert!(page.contains("第 11 件"), "{page}");
    assert!(page.contains("已超过每月 10 件的免费额度"), "{page}");
    // The step forms post and come back to the page.
    let (status, headers, body) = t
        .form(
            &b,
            &format!("/disclosure-requests/{id}/steps/reply"),
            &[("reply_type", "not_corrected"), ("on", "2025-10-22")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(headers.get("location").is_some());
    let (_, page) = t.page(&b, &format!("/disclosure-requests/{id}")).await;
    assert!(
        page.contains("已答复") && page.contains("/letter"),
        "{page}"
    );
}

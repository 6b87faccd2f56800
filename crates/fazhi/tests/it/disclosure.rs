//! Disclosure on request (依申请公开, `src/registers/disclosure/`): the reply clock of
//! 政府信息公开条例 第三十三条 as the record's events move it (receipt rule, correction restart,
//! extension cap) and the to-do list's deadline kept in step; the kit's round trip; the portal's
//! submission with its tracking code and query password, the status answered only to the right
//! pair, and the throttle; personal data masked for those who may not see it.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{kit_round_trip, Browser, KitCase, KitUsers, TestApp};

const LIST: &str = "/api/v1/disclosure-requests";
const PUBLIC: &str = "/api/v1/public/disclosure-requests";

fn letter() -> Value {
    json!({"org": "T1", "channel": "registered_post", "applicant_kind": "自然人",
           "applicant_name": "张三", "applicant_phone": "13812345678",
           "information": "2024年本镇农村低保资金发放名单", "signed_for_on": "2025-09-26"})
}

async fn running_deadlines(t: &TestApp) -> i64 {
    t.scalar("SELECT COUNT(*) FROM deadlines WHERE register = 'disclosure' AND settled_at IS NULL")
        .await
}

#[tokio::test]
async fn the_reply_clock_follows_receipt_correction_and_extension_and_the_to_do_list_follows_it() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let r = t.created(LIST, &staff, letter()).await;
    // Signed for on Friday 2025-09-26: 20 working days across 国庆/中秋 2025 (hand-counted in
    // fazhi_domain::disclosure's tests).
    assert_eq!(
        (r["received_on"].as_str(), r["due_on"].as_str()),
        (Some("2025-09-26"), Some("2025-10-30")),
        "{r}"
    );
    assert!(
        r["due_explained"].as_str().unwrap_or("").contains("工作日"),
        "{r}"
    );
    assert_eq!(running_deadlines(&t).await, 1);
    let path = format!("{LIST}/{}", r["id"]);

    // A correction notice on day 5 stops the clock until the corrected request arrives…
    let (status, v) = t
        .patch(
            &path,
            &staff,
            json!({"version": 1, "correction_noticed_on": "2025-10-10"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["due_on"].is_null(), "awaiting the correction: {v}");
    assert_eq!(running_deadlines(&t).await, 0);
    // …then runs 20 working days from it.
    let (_, v) = t
        .patch(
            &path,
            &staff,
            json!({"version": 2, "corrected_on": "2025-10-20"}),
        )
        .await;
    assert_eq!(v["due_on"].as_str(), Some("2025-11-17"), "{v}");
    assert_eq!(running_deadlines(&t).await, 1);
    let due: String = t
        .scalar("SELECT CAST(due_date AS TEXT) FROM deadlines WHERE register = 'disclosure'")
        .await;
    assert_eq!(due, "2025-11-17");

    // An extension is capped at 20 working days and needs its approver.
    let (status, err) = t
        .patch(
            &path,
            &staff,
            json!({"version": 3, "extension_days": "21", "extension_approved_by": "党政办主任"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["extension_days"]
            .as_str()
            .unwrap()
            .contains("20个工作日"),
        "{err}"
    );
    let (_, v) = t
        .patch(
            &path,
            &staff,
            json!({"version": 3, "extension_days": "5", "extension_approved_by": "党政办主任"}),
        )
        .await;
    assert_eq!(v["due_on"].as_str(), Some("2025-11-24"), "{v}");

    // The reply settles the deadline; a reply type without a date is refused.
    let (status, err) = t
        .patch(
            &path,
            &staff,
            json!({"version": 4, "reply_type": "disclosed"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let (status, v) = t
        .patch(
            &path,
            &staff,
            json!({"version": 4, "reply_type": "disclosed", "replied_on": "2025-11-20",
                   "reply_text": "已向您提供名单复印件"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(running_deadlines(&t).await, 0);
    let (_, list) = t.get(&format!("{LIST}?year=2025"), &staff).await;
    assert_eq!(
        (
            list["totals"]["requests"].as_i64(),
            list["totals"]["answered"].as_i64()
        ),
        (Some(1), Some(1)),
        "{list}"
    );
}

#[tokio::test]
async fn a_request_is_corrected_withdrawn_and_restored_on_the_kit() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, admin, outsider] = t.api_logins(["staff_t1", "admin_t1", "staff_t2"]).await;
    let r = t.created(LIST, &staff, letter()).await;
    let c = KitCase {
        path: format!("{LIST}/{}", r["id"]),
        list: LIST,
        entity: "disclosure_request",
    };
    let users = KitUsers {
        writer: &staff,
        admin: &admin,
        outsider: &outsider,
    };
    kit_round_trip(
        &t,
        &c,
        &users,
        ("information", "2024年本镇低保名单"),
        "申请内容",
    )
    .await;
}

#[tokio::test]
async fn personal_data_is_masked_for_those_who_may_not_see_it_and_mediators_see_nothing() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, leader, mediator] = t.api_logins(["staff_t1", "leader_t1", "mediator_v1"]).await;
    t.created(LIST, &staff, letter()).await;
    let (_, full) = t.get(LIST, &staff).await;
    assert_eq!(
        full["items"][0]["applicant_phone"].as_str(),
        Some("13812345678")
    );
    let (_, masked) = t.get(LIST, &leader).await;
    assert_eq!(
        masked["items"][0]["applicant_phone"].as_str(),
        Some("138****5678")
    );
    let (status, _) = t.get(LIST, &mediator).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

fn citizen() -> Value {
    json!({"org": "T1", "applicant_kind": "person", "applicant_name": "李四",
           "applicant_phone": "13900000000", "information": "本村2024年土地征收补偿标准"})
}

#[tokio::test]
async fn a_citizen_files_on_the_portal_and_only_the_right_pair_reads_the_answer() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (status, receipt) = t.request(Method::POST, PUBLIC, None, Some(citizen())).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    let code = receipt["code"].as_str().unwrap().to_owned();
    let password = receipt["password"].as_str().unwrap().to_owned();
    assert!(code.starts_with("GK") && code.len() == 12, "{code}");
    let status_of = |code: String, password: String| {
        let t = &t;
        async move {
            t.request(
                Method::POST,
                &format!("{PUBLIC}/status"),
                None,
                Some(json!({"code": code, "password": password})),
            )
            .await
        }
    };
    let (status, s) = status_of(code.clone(), password.clone()).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["state"].as_str(), Some("办理中"));
    assert!(s.get("applicant_phone").is_none(), "{s}");
    // A wrong password, a wrong code and a missing pair are the same 404.
    for (c, p) in [
        (code.clone(), "wrong".to_owned()),
        ("GKAAAAAAAAAA".to_owned(), password.clone()),
        (String::new(), String::new()),
    ] {
        let (status, body) = status_of(c, p).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    }

    // Staff find it in their queue (never its password) and answer it.
    let staff = t.api_login("staff_t1").await;
    let (_, list) = t.get(LIST, &staff).await;
    assert!(!list.to_string().contains("argon2"), "{list}");
    let row = &list["items"][0];
    assert_eq!(row["tracking_code"].as_str(), Some(code.as_str()));
    assert_eq!(row["channel"].as_str(), Some("online"));
    let path = format!("{LIST}/{}", row["id"]);
    let (status, v) = t
        .patch(
            &path,
            &staff,
            json!({"version": 1, "reply_type": "not_held", "replied_on": fazhi::clock::today().to_string(),
                   "reply_text": "经检索，本机关未制作该信息"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, s) = status_of(code, password).await;
    assert_eq!(s["state"].as_str(), Some("已答复"), "{s}");
    assert_eq!(
        s["reply_type"].as_str(),
        Some("无法提供：本机关不掌握相关政府信息")
    );
}

#[tokio::test]
async fn a_burst_of_portal_submissions_from_one_address_is_throttled_and_bad_input_stores_nothing()
{
    let t = TestApp::spawn().await;
    t.seed().await;
    let mut bad = citizen();
    bad["information"] = json!("");
    bad["org"] = json!("V1");
    let (status, err) = t.request(Method::POST, PUBLIC, None, Some(bad)).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a village is not a disclosing body: {err}"
    );
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let (status, _) = t.request(Method::POST, PUBLIC, None, Some(citizen())).await;
        statuses.push(status);
    }
    // The refused one counted too: four more pass, then the address waits.
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        4
    );
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS);
    let stored: i64 = t.scalar("SELECT COUNT(*) FROM disclosure_requests").await;
    assert_eq!(stored, 4);
}

#[tokio::test]
async fn the_portal_pages_work_without_an_account_and_the_staff_pages_list_the_queue() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let anonymous = Browser {
        cookie: String::new(),
        csrf: String::new(),
    };
    let (status, guide) = t.page(&anonymous, "/public/disclosure").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        guide.contains("测试镇") && !guide.contains("东风村"),
        "towns only: {guide}"
    );
    assert!(guide.contains("另一镇"), "{guide}");
    // A deactivated town is no longer offered.
    fazhi::storage::Query::new("UPDATE orgs SET active = $1 WHERE code = $2")
        .bind(false)
        .bind("T2")
        .execute(&t.app.db)
        .await
        .unwrap();
    let (_, guide) = t.page(&anonymous, "/public/disclosure").await;
    assert!(!guide.contains("另一镇"), "{guide}");
    let mut fields = vec![
        ("org", "T1"),
        ("applicant_kind", "business"),
        ("applicant_name", "某某农业科技有限公司"),
        ("applicant_phone", "0991-1234567"),
        ("information", ""),
    ];
    let (status, _, page) = t
        .form(&anonymous, "/public/disclosure/apply", &fields, false)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("请填写所需政府信息的内容描述"), "{page}");
    fields[4] = ("information", "2024年农机购置补贴发放情况");
    let (status, _, receipt) = t
        .form(&anonymous, "/public/disclosure/apply", &fields, false)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert!(
        receipt.contains("查询码") && receipt.contains("查询密码"),
        "{receipt}"
    );
    let (status, _, missing) = t
        .form(
            &anonymous,
            "/public/disclosure/status",
            &[("code", "GK0000000000"), ("password", "x")],
            false,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("未查到申请"), "{missing}");

    let b = t.browser_login("staff_t1").await;
    let (status, list) = t.page(&b, "/disclosure-requests").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert!(list.contains("2024年农机购置补贴发放情况"), "{list}");
    assert!(list.contains("收到申请 1 件"), "{list}");
    let (_, csv) = t.page(&b, "/disclosure-requests/export?format=csv").await;
    assert!(csv.contains("某某农业科技有限公司"), "{csv}");
}

#[tokio::test]
async fn the_disclosure_routes_are_in_the_openapi_document() {
    let t = TestApp::spawn().await;
    let mut routes = crate::helpers::kit_routes("disclosure-requests");
    routes.push((LIST.to_owned(), "get"));
    routes.push((LIST.to_owned(), "post"));
    routes.push((PUBLIC.to_owned(), "post"));
    routes.push((format!("{PUBLIC}/status"), "post"));
    t.openapi_with(&routes).await;
}

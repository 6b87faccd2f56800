//! Screening rounds and their village reports on the register kit (issue #13): a round is
//! corrected on the version seen and withdrawn out of the list and the annual report's count of
//! rounds; a village's report is corrected, and once withdrawn leaves its round's figures and
//! lets the village report again; an administrator restores either.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{history_actions, KitUsers, TestApp};

async fn rounds_in_report(t: &TestApp) -> i64 {
    let leader = t.api_login("leader_c1").await;
    let (_, f) = t.get("/api/v1/figures?org=T1&year=2024", &leader).await;
    f["values"]["screening_rounds"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn a_round_and_a_village_report_are_corrected_withdrawn_and_restored() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let admin = t.api_login("admin_t1").await;
    let other_town = t.api_login("staff_t2").await;
    let (status, r) = t
        .post(
            "/api/v1/screening-rounds",
            &staff,
            json!({"name": "2024年春节前排查", "kind": "special",
                   "starts_on": "2024-01-20", "ends_on": "2024-02-05"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let rid = r["id"].as_i64().unwrap();
    let round = format!("/api/v1/screening-rounds/{rid}");
    let town_users = KitUsers {
        writer: &staff,
        admin: &admin,
        outsider: &other_town,
    };
    let r = t
        .kit_edit(
            &round,
            Some("round"),
            &town_users,
            json!({"kind": "routine"}),
            "排查类型",
        )
        .await;
    assert_eq!(r["kind"], "routine");
    let (_, h) = t.get(&format!("{round}/history"), &staff).await;
    let change = &h.as_array().unwrap().last().unwrap()["changes"][0];
    assert_eq!(
        (change["before"].as_str(), change["after"].as_str()),
        (Some("专项排查"), Some("常规排查"))
    );

    // Two villages report; 东风村's count is corrected, then withdrawn.
    let m1 = t.api_login("mediator_v1").await;
    let m2 = t.api_login("mediator_v2").await;
    let (status, rep) = t
        .post(
            &format!("{round}/reports"),
            &m1,
            json!({"found": 3, "reported_on": "2024-02-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rep}");
    let rep1 = format!("/api/v1/screening-reports/{}", rep["id"]);
    let (status, _) = t
        .post(
            &format!("{round}/reports"),
            &m2,
            json!({"found": 0, "reported_on": "2024-02-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, v) = t.get(&round, &staff).await;
    assert_eq!(v["found_total"], 3);
    let village_users = KitUsers {
        writer: &m1,
        admin: &admin,
        outsider: &m2,
    };
    // The report's GET is its round's; the kit reads the version from the PATCH answers.
    let (status, e) = t
        .request(
            axum::http::Method::PATCH,
            &rep1,
            Some(&m1),
            Some(json!({"version": 1, "found": 5})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert_eq!(e["found"], 5);
    let (status, e) = t
        .request(
            axum::http::Method::PATCH,
            &rep1,
            Some(&m1),
            Some(json!({"version": 1, "found": 6})),
        )
        .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (StatusCode::CONFLICT, Some("stale_version"))
    );
    let (status, _) = t
        .request(
            axum::http::Method::PATCH,
            &rep1,
            Some(&m2),
            Some(json!({"version": 2, "found": 6})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another village's report");
    let (status, _) = t
        .request(
            axum::http::Method::PATCH,
            &rep1,
            Some(&m1),
            Some(json!({"version": 2, "village": "V2"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a report stays its village's"
    );
    let (_, h) = t.get(&format!("{rep1}/history"), &m1).await;
    let actions = history_actions(&h);
    assert_eq!(actions, ["登记", "修改"], "{h}");
    assert_eq!(h[1]["changes"][0]["label"], "发现纠纷数");
    let (_, v) = t.get(&round, &staff).await;
    assert_eq!(v["found_total"], 5);

    t.kit_withdraw(&rep1, &village_users, "数字报错，重新报告")
        .await;
    let (_, v) = t.get(&round, &staff).await;
    assert_eq!(
        v["found_total"], 0,
        "a withdrawn report counts nowhere: {v}"
    );
    assert_eq!(v["reports"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["not_reported"][0]["code"], "V1",
        "东风村 may report again: {v}"
    );
    let b = t.browser_login("staff_t1").await;
    let (_, page) = t.page(&b, &format!("/screening/{rid}")).await;
    assert!(
        page.contains("共发现纠纷 0 起") && page.contains("已作废的报告"),
        "{page}"
    );
    t.kit_restore(&rep1, &village_users).await;
    let (_, v) = t.get(&round, &staff).await;
    assert_eq!(v["found_total"], 5);

    // The round withdrawn: out of the list and the report's count of rounds; no reports meanwhile.
    assert_eq!(rounds_in_report(&t).await, 1);
    t.kit_withdraw(&round, &town_users, "与另一轮重复").await;
    let (_, list) = t.get("/api/v1/screening-rounds", &staff).await;
    assert_eq!(list["total"], 0, "{list}");
    let (_, list) = t
        .get("/api/v1/screening-rounds?withdrawn=true", &staff)
        .await;
    assert_eq!(list["total"], 1);
    assert_eq!(
        rounds_in_report(&t).await,
        0,
        "the annual report leaves it out"
    );
    let (_, page) = t.page(&b, "/screening").await;
    assert!(!page.contains("2024年春节前排查"));
    let (_, page) = t.page(&b, &format!("/screening/{rid}")).await;
    assert!(
        page.contains("已作废") && page.contains("与另一轮重复") && !page.contains("报告排查情况")
    );
    t.kit_restore(&round, &town_users).await;
    assert_eq!(rounds_in_report(&t).await, 1);
}

/// The round's 编辑 form and a report's own page with its 编辑, 作废 and history.
#[tokio::test]
async fn rounds_and_reports_are_corrected_on_their_pages() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let (_, r) = t
        .post(
            "/api/v1/screening-rounds",
            &staff,
            json!({"name": "三月排查", "kind": "routine", "starts_on": "2024-03-01", "ends_on": "2024-03-10"}),
        )
        .await;
    let rid = r["id"].as_i64().unwrap();
    let b = t.browser_login("staff_t1").await;
    let (status, form) = t.page(&b, &format!("/screening/{rid}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("修改排查")
            && form.contains("value=\"三月排查\"")
            && form.contains("name=\"version\" value=\"1\"")
    );
    let fields = [
        ("version", "1"),
        ("name", "三月集中排查"),
        ("kind", "routine"),
        ("starts_on", "2024-03-01"),
        ("ends_on", "2024-03-12"),
    ];
    let (status, headers, body) = t
        .form(&b, &format!("/screening/{rid}/edit"), &fields, true)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(headers["location"], format!("/screening/{rid}").as_str());
    let (_, page) = t.page(&b, &format!("/screening/{rid}")).await;
    assert!(page.contains("排查名称：三月排查 → 三月集中排查"), "{page}");
    let (status, _, body) = t
        .form(&b, &format!("/screening/{rid}/edit"), &fields, true)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("已被他人修改"));

    let m1 = t.api_login("mediator_v1").await;
    let (_, rep) = t
        .post(
            &format!("/api/v1/screening-rounds/{rid}/reports"),
            &m1,
            json!({"found": 2, "reported_on": "2024-03-05"}),
        )
        .await;
    let id = rep["id"].as_i64().unwrap();
    let v = t.browser_login("mediator_v1").await;
    let (status, page) = t.page(&v, &format!("/screening/reports/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("/screening/reports/{id}/edit")),
        "{page}"
    );
    let (status, _, body) = t
        .form(
            &v,
            &format!("/screening/reports/{id}/edit"),
            &[
                ("version", "1"),
                ("found", "x"),
                ("reported_on", "2024-03-05"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("请填写排查发现的纠纷数"));
    let (status, _, body) = t
        .form(
            &v,
            &format!("/screening/reports/{id}/edit"),
            &[
                ("version", "1"),
                ("found", "4"),
                ("reported_on", "2024-03-05"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (status, _, _) = t
        .form(
            &v,
            &format!("/screening/reports/{id}/withdraw"),
            &[("reason", "重复")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = t.page(&v, &format!("/screening/reports/{id}")).await;
    assert!(
        page.contains("已作废") && page.contains("发现纠纷数：2 → 4"),
        "{page}"
    );
}

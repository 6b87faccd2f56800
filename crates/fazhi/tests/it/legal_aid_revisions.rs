//! Legal-aid referrals on the register kit (issue #13) and their clocks (issue #15 item 5): an
//! edit names the version it was based on, a decided case changes only as a 更正 with a reason,
//! a withdrawn referral counts nowhere and its open deadline stops until an administrator
//! restores it; the 7-day decision period runs from the application (法律援助法 第十三条、
//! 第四十三条), not the transfer, leaves out the days the applicant took to supply missing
//! materials, and a late decision says so.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{KitUsers, TestApp};

async fn users(t: &TestApp) -> (String, String, String) {
    (
        t.api_login("mediator_v1").await,
        t.api_login("admin_t1").await,
        t.api_login("mediator_v2").await,
    )
}

async fn referral(t: &TestApp, token: &str, body: Value) -> i64 {
    let (status, r) = t.post("/api/v1/legal-aid", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["version"], 1);
    r["id"].as_i64().unwrap()
}

/// The T1 legal-aid figures for 2024: the town's own, and its line in the county table.
async fn aid_figures(t: &TestApp) -> (i64, i64) {
    let leader = t.api_login("leader_c1").await;
    let (_, f) = t.get("/api/v1/figures?org=T1&year=2024", &leader).await;
    let own = f["values"]["legal_aid"].as_i64().unwrap_or(-1);
    let (_, c) = t.get("/api/v1/figures?org=C1&year=2024", &leader).await;
    let town = c["towns"]
        .as_array()
        .and_then(|ts| ts.iter().find(|r| r["code"] == "T1"))
        .map_or(-1, |r| r["legal_aid"].as_i64().unwrap_or(0));
    (own, town)
}

async fn running_rules(t: &TestApp, token: &str, id: i64) -> Vec<String> {
    let (_, v) = t.get(&format!("/api/v1/legal-aid/{id}"), token).await;
    v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule_code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_referral_is_corrected_withdrawn_and_restored_and_its_clock_stops_meanwhile() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (m, admin, other) = users(&t).await;
    let u = KitUsers {
        writer: &m,
        admin: &admin,
        outsider: &other,
    };
    let id = referral(
        &t,
        &m,
        json!({"applied_on": "2024-03-04", "applicant": "努尔兰", "village": "V1",
               "phone": "13812345678", "matter": "追索劳动报酬"}),
    )
    .await;
    let path = format!("/api/v1/legal-aid/{id}");
    let (_, list) = t.get("/api/v1/legal-aid", &m).await;
    assert_eq!(list["total"], 1);

    let r = t
        .kit_edit(
            &path,
            Some("referral"),
            &u,
            json!({"matter": "追索劳动报酬及经济补偿"}),
            "事项",
        )
        .await;
    assert_eq!(r["matter"], "追索劳动报酬及经济补偿");
    assert_eq!(r["phone"], "138****5678", "answers mask the phone");
    // The links are made at registration; the steps' fields wait for their steps.
    let (status, _) = t
        .request(
            Method::PATCH,
            &path,
            Some(&m),
            Some(json!({"version": 2, "dispute_id": 1})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, e) = t
        .request(
            Method::PATCH,
            &path,
            Some(&m),
            Some(json!({"version": 2, "decided_on": "2024-03-05"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(e["fields"]["decided_on"]
        .as_str()
        .unwrap()
        .contains("记录决定"));
    assert_eq!(running_rules(&t, &m, id).await, ["legal_aid.decision"]);
    assert_eq!(aid_figures(&t).await, (1, 1));

    // Withdrawn: out of the list, totals, figures and export; its deadline stops.
    t.kit_withdraw(&path, &u, "重复登记").await;
    let (_, list) = t.get("/api/v1/legal-aid", &m).await;
    assert_eq!(list["total"], 0, "the cached total follows: {list}");
    let (_, w) = t.get("/api/v1/legal-aid?withdrawn=true", &m).await;
    assert_eq!(w["total"], 1);
    assert_eq!(aid_figures(&t).await, (0, 0), "figures drop it");
    assert!(
        running_rules(&t, &m, id).await.is_empty(),
        "the clock stops"
    );
    let (_, todo) = t.get("/api/v1/todo", &m).await;
    assert!(
        !todo.to_string().contains(&format!("/legal-aid/{id}")),
        "{todo}"
    );
    let b = t.browser_login("mediator_v1").await;
    let (_, page) = t.page(&b, "/legal-aid").await;
    assert!(page.contains("共 0 件") && !page.contains("努尔兰"));
    let (_, csv) = t.page(&b, "/legal-aid/export?format=csv").await;
    assert!(!csv.contains("努尔兰"), "exports leave it out");
    let (status, _) = t
        .post(
            &format!("{path}/decision"),
            &m,
            json!({"decision": "granted", "date": "2024-03-06"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no steps on a withdrawn referral"
    );

    t.kit_restore(&path, &u).await;
    assert_eq!(aid_figures(&t).await, (1, 1));
    assert_eq!(
        running_rules(&t, &m, id).await,
        ["legal_aid.decision"],
        "the clock runs again"
    );

    // Decided: a change is a 更正 with a reason, shown as such in the history.
    let (status, r) = t
        .post(
            &format!("{path}/decision"),
            &m,
            json!({"decision": "refused", "date": "2024-03-08", "reason": "不符合经济困难条件"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let v = r["version"].as_i64().unwrap();
    let (status, e) = t
        .request(
            Method::PATCH,
            &path,
            Some(&m),
            Some(json!({"version": v, "decided_on": "2024-03-07"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    assert!(
        e["fields"]["reason"].is_string(),
        "a 更正 needs its reason: {e}"
    );
    let (status, e) = t
        .request(
            Method::PATCH,
            &path,
            Some(&m),
            Some(json!({"version": v, "decided_on": "", "reason": "x"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a recorded decision is not cleared: {e}"
    );
    let (status, r) = t
        .request(
            Method::PATCH,
            &path,
            Some(&m),
            Some(json!({"version": v, "decided_on": "2024-03-07", "reason": "决定书日期录错"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["decided_on"], "2024-03-07");
    let (_, h) = t.get(&format!("{path}/history"), &m).await;
    let last = h.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["action"].as_str(), last["reason"].as_str()),
        (Some("更正"), Some("决定书日期录错"))
    );
    assert_eq!(last["changes"][0]["label"], "决定日期");
    assert!(!h.to_string().contains("13812345678"), "no full phone: {h}");
    assert_eq!(t.audit_count("correct", Some("legal_aid")).await, 1);

    let (_, doc) = t
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert!(doc["paths"]["/api/v1/legal-aid/{id}"]["patch"].is_object());
    for p in ["withdraw", "restore"] {
        assert!(doc["paths"][format!("/api/v1/legal-aid/{{id}}/{p}")]["post"].is_object());
    }
}

/// The 编辑 form: filled from the referral (ID number and phone only masked, kept when left
/// blank), a stale save comes back with the new version, 作废 and 恢复 on the page.
#[tokio::test]
async fn a_referral_is_corrected_and_withdrawn_on_its_page() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let id = referral(
        &t,
        &m,
        json!({"applied_on": "2024-03-04", "applicant": "马强", "village": "V1",
               "phone": "13700001234", "matter": "工伤赔偿"}),
    )
    .await;
    let b = t.browser_login("mediator_v1").await;
    let edit = format!("/legal-aid/{id}/edit");
    let (status, form) = t.page(&b, &edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        form.contains("修改法律援助申请") && form.contains("value=\"马强\""),
        "{form}"
    );
    assert!(form.contains("name=\"version\" value=\"1\""));
    assert!(form.contains("137****1234") && !form.contains("13700001234"));
    let fields = |matter: &'static str, version: &'static str| {
        vec![
            ("version", version),
            ("applied_on", "2024-03-04"),
            ("applicant", "马强"),
            ("village", "V1"),
            ("phone", ""),
            ("matter", matter),
        ]
    };
    let (status, headers, body) = t.form(&b, &edit, &fields("工伤赔偿纠纷", "1"), true).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(headers["location"], format!("/legal-aid/{id}").as_str());
    let admin = t.api_login("admin_t1").await;
    let (_, full) = t
        .get(&format!("/api/v1/legal-aid/{id}?reveal=true"), &admin)
        .await;
    assert_eq!(
        full["referral"]["phone"], "13700001234",
        "a blank phone keeps the one on file"
    );
    let (status, _, body) = t.form(&b, &edit, &fields("旧内容", "1"), true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("已被他人修改") && body.contains("name=\"version\" value=\"2\""));

    let (status, _, _) = t
        .form(
            &b,
            &format!("/legal-aid/{id}/withdraw"),
            &[("reason", "录入错误")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = t.page(&b, &format!("/legal-aid/{id}")).await;
    assert!(page.contains("已作废") && page.contains("录入错误"));
    assert!(page.contains("事项：工伤赔偿 → 工伤赔偿纠纷"), "{page}");
    assert!(!page.contains(&edit) && !page.contains("记录法律援助机构的决定"));
    let (_, list) = t.page(&b, "/legal-aid?withdrawn=1").await;
    assert!(list.contains("马强") && list.contains("已作废"));
    let a = t.browser_login("admin_t1").await;
    let (status, _, _) = t
        .form(&a, &format!("/legal-aid/{id}/restore"), &[], true)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, list) = t.page(&b, "/legal-aid").await;
    assert!(list.contains("马强"));
}

/// Issue #15 item 5: the 7 days run from the application, whether or not the papers have been
/// transferred; no transfer or decision before the application; a late decision says it was
/// late; the page never says 「计算中」 beside 「已逾期」; the applicant's time to supply
/// missing materials is left out (办理法律援助案件程序规定 2023).
#[tokio::test]
async fn the_decision_clock_runs_from_the_application_and_a_late_decision_says_so() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    // Transferred a week late: the clock still started on the application, 2024-03-04.
    let id = referral(
        &t,
        &m,
        json!({"applied_on": "2024-03-04", "applicant": "努尔兰", "village": "V1",
               "matter": "追索劳动报酬", "institution": "乌苏市法律援助中心",
               "referred_on": "2024-03-11"}),
    )
    .await;
    let (_, v) = t.get(&format!("/api/v1/legal-aid/{id}"), &m).await;
    assert_eq!(v["deadlines"][0]["rule_code"], "legal_aid.decision");
    assert_eq!(
        v["deadlines"][0]["due_date"], "2024-03-11",
        "7 days from 2024-03-04: {v}"
    );
    assert_eq!(v["deadlines"][0]["state"], "已逾期");
    assert_eq!(v["clocks"]["decision_due"], "2024-03-11");
    let b = t.browser_login("mediator_v1").await;
    let (_, page) = t.page(&b, &format!("/legal-aid/{id}")).await;
    assert!(
        page.contains("已逾期：应于 2024-03-11 前作出决定"),
        "{page}"
    );
    assert!(!page.contains("计算中"), "never 计算中 beside 已逾期");

    // Saved without a transfer: the clock runs all the same.
    let id2 = referral(
        &t,
        &m,
        json!({"applied_on": "2024-03-04", "applicant": "马强", "village": "V1", "matter": "工伤赔偿"}),
    )
    .await;
    let (_, v) = t.get(&format!("/api/v1/legal-aid/{id2}"), &m).await;
    assert_eq!(v["deadlines"][0]["due_date"], "2024-03-11", "{v}");

    // Dates in their order.
    let (status, e) = t
        .post(
            "/api/v1/legal-aid",
            &m,
            json!({"applied_on": "2024-03-04", "applicant": "甲", "matter": "乙", "village": "V1",
                   "referred_on": "2024-03-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        e["fields"]["referred_on"]
            .as_str()
            .unwrap()
            .contains("早于申请日期"),
        "{e}"
    );
    let decision = format!("/api/v1/legal-aid/{id}/decision");
    let (status, e) = t
        .post(
            &decision,
            &m,
            json!({"decision": "granted", "date": "2024-03-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        e["fields"]["date"]
            .as_str()
            .unwrap()
            .contains("早于申请日期"),
        "{e}"
    );

    // Decided four days late: it says so, here and on the page.
    let (status, _) = t
        .post(
            &decision,
            &m,
            json!({"decision": "granted", "date": "2024-03-15"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, v) = t.get(&format!("/api/v1/legal-aid/{id}"), &m).await;
    assert_eq!(v["clocks"]["decision_late"], true);
    assert_eq!(
        v["clocks"]["decision"],
        "已于 2024-03-15 作出决定，逾期 4 日（应于 2024-03-11 前）"
    );
    let (status, e) = t
        .post(
            &format!("/api/v1/legal-aid/{id}/assignment"),
            &m,
            json!({"lawyer": "李律师", "date": "2024-03-14"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "no assignment before the decision: {e}"
    );
    let (_, page) = t.page(&b, &format!("/legal-aid/{id}")).await;
    assert!(
        page.contains("逾期 4 日") && page.contains("决定逾期"),
        "{page}"
    );
    assert!(!page.contains("计算中"));

    // Missing materials asked for on 03-06 and supplied on 03-09: three days not counted.
    let path2 = format!("/api/v1/legal-aid/{id2}");
    let (status, r) = t
        .request(
            Method::PATCH,
            &path2,
            Some(&m),
            Some(json!({"version": 1, "materials_requested_on": "2024-03-06"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let (_, v) = t.get(&path2, &m).await;
    assert!(
        v["deadlines"].as_array().unwrap().is_empty(),
        "stands still meanwhile: {v}"
    );
    assert!(
        v["clocks"]["decision"]
            .as_str()
            .unwrap()
            .starts_with("暂停计算"),
        "{v}"
    );
    let (status, r) = t
        .request(
            Method::PATCH,
            &path2,
            Some(&m),
            Some(json!({"version": 2, "materials_supplied_on": "2024-03-09"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let (_, v) = t.get(&path2, &m).await;
    assert_eq!(v["deadlines"][0]["due_date"], "2024-03-14", "{v}");
    assert_eq!(v["clocks"]["decision_due"], "2024-03-14");
    let (status, e) = t
        .request(
            Method::PATCH,
            &path2,
            Some(&m),
            Some(json!({"version": 3, "materials_supplied_on": "2024-03-05"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    let (status, _) = t
        .post(
            &format!("{path2}/decision"),
            &m,
            json!({"decision": "granted", "date": "2024-03-14"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, v) = t.get(&path2, &m).await;
    assert_eq!(v["clocks"]["decision_late"], false, "{v}");
    assert!(v["clocks"]["decision"].as_str().unwrap().contains("按期"));
    assert_eq!(v["deadlines"][0]["rule_code"], "legal_aid.assignment");
}

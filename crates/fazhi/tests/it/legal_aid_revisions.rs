//! Legal-aid referrals on the register kit (issue #13) and their clocks (issue #15 item 5): an
//! edit names the version it was based on, a decided case changes only as a 更正 with a reason,
//! a withdrawn referral counts nowhere and its open deadline stops until an administrator
//! restores it; the 7-day decision period runs from the application (法律援助法 第十三条、
//! 第四十三条), not the transfer, leaves out the days the applicant took to supply missing
//! materials, and a late decision says so.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{kit_routes, KitUsers, TestApp};

async fn referral(t: &TestApp, token: &str, body: Value) -> i64 {
    let (status, r) = t.post("/api/v1/legal-aid", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["version"], 1);
    r["id"].as_i64().unwrap()
}

/// A fresh seeded app, the token of `mediator_v1` and the id of the referral `body` they
/// registered.
async fn with_referral(body: Value) -> (TestApp, String, i64) {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let id = referral(&t, &m, body).await;
    (t, m, id)
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

/// A referral in the API (`/api/v1/legal-aid/{id}`) and the user who acts on it.
struct Referral<'a> {
    t: &'a TestApp,
    token: &'a str,
    path: String,
}

impl<'a> Referral<'a> {
    fn new(t: &'a TestApp, token: &'a str, id: i64) -> Referral<'a> {
        let path = format!("/api/v1/legal-aid/{id}");
        Referral { t, token, path }
    }

    /// A `PATCH` of the referral, which must answer `status`; the answer.
    async fn patch(&self, status: StatusCode, body: Value) -> Value {
        let (got, answer) = self
            .t
            .request(Method::PATCH, &self.path, Some(self.token), Some(body))
            .await;
        assert_eq!(got, status, "PATCH {}: {answer}", self.path);
        answer
    }

    /// Step `step` (`decision`, `assignment`), which must answer `status`; the answer.
    async fn step(&self, step: &str, status: StatusCode, body: Value) -> Value {
        let path = format!("{}/{step}", self.path);
        let (got, answer) = self.t.post(&path, self.token, body).await;
        assert_eq!(got, status, "{path}: {answer}");
        answer
    }

    /// The referral with its deadlines and clocks.
    async fn view(&self) -> Value {
        let (status, v) = self.t.get(&self.path, self.token).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v
    }

    /// The rules of the referral's running deadlines.
    async fn running(&self) -> Vec<String> {
        self.view().await["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule_code"].as_str().unwrap().to_owned())
            .collect()
    }
}

#[tokio::test]
async fn a_referral_is_corrected_withdrawn_and_restored_and_its_clock_stops_meanwhile() {
    let (t, m, id) = with_referral(
        json!({"applied_on": "2024-03-04", "applicant": "努尔兰", "village": "V1",
               "phone": "13812345678", "matter": "追索劳动报酬"}),
    )
    .await;
    let [admin, other] = t.api_logins(["admin_t1", "mediator_v2"]).await;
    let u = KitUsers {
        writer: &m,
        admin: &admin,
        outsider: &other,
    };
    let record = Referral::new(&t, &m, id);
    let path = record.path.clone();
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
    let link = json!({"version": 2, "dispute_id": 1});
    record.patch(StatusCode::BAD_REQUEST, link).await;
    let decided = json!({"version": 2, "decided_on": "2024-03-05"});
    let e = record.patch(StatusCode::BAD_REQUEST, decided).await;
    assert!(e["fields"]["decided_on"]
        .as_str()
        .unwrap()
        .contains("记录决定"));
    assert_eq!(record.running().await, ["legal_aid.decision"]);
    assert_eq!(aid_figures(&t).await, (1, 1));

    // Withdrawn: out of the list, totals, figures and export; its deadline stops.
    t.kit_withdraw(&path, &u, "重复登记").await;
    let (_, list) = t.get("/api/v1/legal-aid", &m).await;
    assert_eq!(list["total"], 0, "the cached total follows: {list}");
    let (_, w) = t.get("/api/v1/legal-aid?withdrawn=true", &m).await;
    assert_eq!(w["total"], 1);
    assert_eq!(aid_figures(&t).await, (0, 0), "figures drop it");
    assert!(record.running().await.is_empty(), "the clock stops");
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
    // No steps on a withdrawn referral.
    let granted = json!({"decision": "granted", "date": "2024-03-06"});
    record.step("decision", StatusCode::CONFLICT, granted).await;

    t.kit_restore(&path, &u).await;
    assert_eq!(aid_figures(&t).await, (1, 1));
    assert_eq!(
        record.running().await,
        ["legal_aid.decision"],
        "the clock runs again"
    );

    // Decided: a change is a 更正 with a reason, shown as such in the history.
    let refused =
        json!({"decision": "refused", "date": "2024-03-08", "reason": "不符合经济困难条件"});
    let r = record.step("decision", StatusCode::OK, refused).await;
    let v = r["version"].as_i64().unwrap();
    let unexplained = json!({"version": v, "decided_on": "2024-03-07"});
    let e = record.patch(StatusCode::BAD_REQUEST, unexplained).await;
    assert!(
        e["fields"]["reason"].is_string(),
        "a 更正 needs its reason: {e}"
    );
    // A recorded decision is not cleared.
    let cleared = json!({"version": v, "decided_on": "", "reason": "x"});
    record.patch(StatusCode::BAD_REQUEST, cleared).await;
    let corrected = json!({"version": v, "decided_on": "2024-03-07", "reason": "决定书日期录错"});
    let r = record.patch(StatusCode::OK, corrected).await;
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

    t.openapi_with(&kit_routes("legal-aid")).await;
}

/// The 编辑 form: filled from the referral (ID number and phone only masked, kept when left
/// blank), a stale save comes back with the new version, 作废 and 恢复 on the page.
#[tokio::test]
async fn a_referral_is_corrected_and_withdrawn_on_its_page() {
    let (t, _, id) = with_referral(
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
    // Transferred a week late: the clock still started on the application, 2024-03-04.
    let (t, m, id) = with_referral(
        json!({"applied_on": "2024-03-04", "applicant": "努尔兰", "village": "V1",
               "matter": "追索劳动报酬", "institution": "乌苏市法律援助中心",
               "referred_on": "2024-03-11"}),
    )
    .await;
    let first = Referral::new(&t, &m, id);
    let v = first.view().await;
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
    let second = Referral::new(&t, &m, id2);
    let v = second.view().await;
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
    let early = json!({"decision": "granted", "date": "2024-03-01"});
    let e = first.step("decision", StatusCode::BAD_REQUEST, early).await;
    assert!(
        e["fields"]["date"]
            .as_str()
            .unwrap()
            .contains("早于申请日期"),
        "{e}"
    );

    // Decided four days late: it says so, here and on the page.
    let late = json!({"decision": "granted", "date": "2024-03-15"});
    first.step("decision", StatusCode::OK, late).await;
    let v = first.view().await;
    assert_eq!(v["clocks"]["decision_late"], true);
    assert_eq!(
        v["clocks"]["decision"],
        "已于 2024-03-15 作出决定，逾期 4 日（应于 2024-03-11 前）"
    );
    // No assignment before the decision.
    let before = json!({"lawyer": "李律师", "date": "2024-03-14"});
    first
        .step("assignment", StatusCode::BAD_REQUEST, before)
        .await;
    let (_, page) = t.page(&b, &format!("/legal-aid/{id}")).await;
    assert!(
        page.contains("逾期 4 日") && page.contains("决定逾期"),
        "{page}"
    );
    assert!(!page.contains("计算中"));

    // Missing materials asked for on 03-06 and supplied on 03-09: three days not counted.
    let asked = json!({"version": 1, "materials_requested_on": "2024-03-06"});
    second.patch(StatusCode::OK, asked).await;
    let v = second.view().await;
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
    let supplied = json!({"version": 2, "materials_supplied_on": "2024-03-09"});
    second.patch(StatusCode::OK, supplied).await;
    let v = second.view().await;
    assert_eq!(v["deadlines"][0]["due_date"], "2024-03-14", "{v}");
    assert_eq!(v["clocks"]["decision_due"], "2024-03-14");
    let before_asked = json!({"version": 3, "materials_supplied_on": "2024-03-05"});
    second.patch(StatusCode::BAD_REQUEST, before_asked).await;
    let in_time = json!({"decision": "granted", "date": "2024-03-14"});
    second.step("decision", StatusCode::OK, in_time).await;
    let v = second.view().await;
    assert_eq!(v["clocks"]["decision_late"], false, "{v}");
    assert!(v["clocks"]["decision"].as_str().unwrap().contains("按期"));
    assert_eq!(v["deadlines"][0]["rule_code"], "legal_aid.assignment");
}

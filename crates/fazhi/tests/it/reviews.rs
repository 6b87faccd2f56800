//! Legality review requests (合法性审查, `src/registers/reviews/`) and the gate they open on
//! contracts: an adviser sees only the requests sent to them (API and pages, 404 otherwise); only
//! that adviser answers; the minimum review time refuses a request due too soon with the rule
//! shown; the 意见书 prints; a signed contract needs a passing review (409 `review_required`,
//! on the API and the page, an administrator included) unless it predates fazhi; the kit's round
//! trip on a request.

use axum::http::StatusCode;
use fazhi::service::{accounts, Caller};
use serde_json::{json, Value};

use crate::helpers::{
    docx_text, kit_round_trip, kit_routes, multipart, KitCase, KitUsers, TestApp, PASSWORD,
};

/// Adds a user with the adviser role in organisation `org`.
pub(crate) async fn add_adviser(t: &TestApp, username: &str, org: &str) {
    accounts::create_user(
        &t.app,
        &Caller::operator(),
        accounts::NewUserInput {
            username,
            display_name: username,
            role: "adviser",
            org_code: org,
            password: PASSWORD,
        },
    )
    .await
    .expect("adviser");
}

fn request(kind: &str, title: &str, adviser: &str) -> Value {
    json!({"kind": kind, "title": title, "requesting_unit": "党政办",
           "subject": "拟签订合同，金额12万元", "adviser": adviser, "sent_on": "2025-03-03"})
}

/// A fresh app with the fixture, advisers `adviser_a` and `adviser_b` of the town, and staff_t1's
/// token.
async fn with_advisers() -> (TestApp, String) {
    let t = TestApp::spawn().await;
    t.seed().await;
    add_adviser(&t, "adviser_a", "T1").await;
    add_adviser(&t, "adviser_b", "T1").await;
    let staff = t.api_login("staff_t1").await;
    (t, staff)
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

#[tokio::test]
async fn an_adviser_sees_only_the_requests_sent_to_them_and_only_they_answer() {
    let (t, staff) = with_advisers().await;
    let mine = t
        .created(
            "/api/v1/review-requests",
            &staff,
            request("contract", "村委会办公楼维修合同", "adviser_a"),
        )
        .await;
    let theirs = t
        .created(
            "/api/v1/review-requests",
            &staff,
            request("合同协议", "草场承包协议", "adviser_b"),
        )
        .await;
    assert_eq!(mine["number"], "合审〔2025〕1号", "{mine}");
    assert_eq!(theirs["number"], "合审〔2025〕2号", "{theirs}");
    let (mine, theirs) = (id(&mine), id(&theirs));

    let [a, b] = t.api_logins(["adviser_a", "adviser_b"]).await;
    let (status, l) = t.get("/api/v1/review-requests", &a).await;
    assert_eq!(status, StatusCode::OK, "{l}");
    let ids: Vec<i64> = l["items"].as_array().unwrap().iter().map(id).collect();
    assert_eq!((ids, l["total"].as_i64()), (vec![mine], Some(1)));
    let (status, v) = t.get(&format!("/api/v1/review-requests/{mine}"), &a).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(
        v["due"]["explanation"]
            .as_array()
            .is_some_and(|l| !l.is_empty()),
        "{v}"
    );
    let (status, _) = t
        .get(&format!("/api/v1/review-requests/{theirs}"), &a)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another adviser's request");
    // Staff see both.
    let (_, l) = t.get("/api/v1/review-requests", &staff).await;
    assert_eq!(l["total"].as_i64(), Some(2), "{l}");

    // The pages: the queue and the request, another's not found.
    let browser = t.browser_login("adviser_a").await;
    let (status, page) = t.page(&browser, "/review-requests").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("村委会办公楼维修合同") && !page.contains("草场承包协议"),
        "{page}"
    );
    let (status, _) = t
        .page(&browser, &format!("/review-requests/{theirs}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, page) = t.page(&browser, &format!("/review-requests/{mine}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("出具审查意见") && page.contains("如何计算"),
        "{page}"
    );

    // Only the adviser it was sent to answers.
    let opinion = json!({"conclusion": "修改后合法", "text": "建议第八条补充违约责任条款",
                         "answered_on": "2025-03-07"});
    let path = format!("/api/v1/review-requests/{mine}/opinion");
    let (status, _) = t.post(&path, &b, opinion.clone()).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another adviser");
    let (status, _) = t.post(&path, &staff, opinion.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "staff do not give opinions");
    let (status, _) = t
        .get(
            &format!("/api/v1/review-requests/{mine}/opinion.docx"),
            &staff,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "no 意见书 before the opinion");
    let (status, answered) = t.post(&path, &a, opinion).await;
    assert_eq!(status, StatusCode::OK, "{answered}");
    assert_eq!(answered["conclusion"], "lawful_after_changes");

    // The 意见书 opens, for the adviser and the staff alike.
    for token in [&a, &staff] {
        let (status, bytes) = t
            .download(
                &format!("/api/v1/review-requests/{mine}/opinion.docx"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let text = docx_text(&bytes);
        for want in [
            "合法性审查意见书",
            "合审〔2025〕1号",
            "修改后合法",
            "建议第八条补充违约责任条款",
            "adviser_a",
        ] {
            assert!(text.contains(want), "{want} in the 意见书");
        }
    }
    // The requester reports the adoption; the history names both steps.
    let (status, err) = t
        .post(
            &format!("/api/v1/review-requests/{mine}/adoption"),
            &staff,
            json!({"adopted": false}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "a reason when not adopted: {err}"
    );
    assert!(err["fields"]["reason"].is_string(), "{err}");
    let (status, v) = t
        .post(
            &format!("/api/v1/review-requests/{mine}/adoption"),
            &staff,
            json!({"adopted": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, actions) = t
        .history_actions(&format!("/api/v1/review-requests/{mine}"), &staff)
        .await;
    assert_eq!(actions, ["登记", "出具审查意见", "反馈采纳情况"]);
    assert_eq!(
        t.audit_count("review_opinion", Some("review_request"))
            .await,
        1
    );
    assert_eq!(
        t.audit_count("review_adoption", Some("review_request"))
            .await,
        1
    );
    // Once reported, the opinion is final.
    let (status, err) = t
        .post(
            &path,
            &a,
            json!({"conclusion": "合法", "text": "改", "answered_on": "2025-03-08"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");

    // The staff attach the materials; the adviser finds them on the request's page.
    let staff_browser = t.browser_login("staff_t1").await;
    let upload = multipart(
        &staff_browser,
        &format!("/review-requests/{mine}/materials"),
        &[("_csrf", &staff_browser.csrf)],
        ("合同草案.pdf", "application/pdf", b"%PDF-1.4 draft"),
    );
    let (status, _, _) = t.send(upload).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = t.page(&browser, &format!("/review-requests/{mine}")).await;
    assert!(page.contains("合同草案.pdf"), "{page}");
    // An adviser attaches nothing.
    let upload = multipart(
        &browser,
        &format!("/review-requests/{mine}/materials"),
        &[("_csrf", &browser.csrf)],
        ("别的.pdf", "application/pdf", b"%PDF-1.4 x"),
    );
    let (status, _, _) = t.send(upload).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_request_due_sooner_than_the_minimum_review_time_is_refused_with_the_rule() {
    let (t, staff) = with_advisers().await;
    let mut body = request(
        "major_decision",
        "关于调整草场补助发放办法的决定",
        "adviser_a",
    );
    body["sent_on"] = "2025-09-26".into();
    body["wanted_by"] = "2025-10-09".into();
    let (status, err) = t
        .post("/api/v1/review-requests", &staff, body.clone())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let msg = err["fields"]["wanted_by"].as_str().unwrap_or_default();
    assert!(
        msg.contains("7个工作日")
            && msg.contains("2025-10-13")
            && msg.contains("重大行政决策程序暂行条例"),
        "{err}"
    );
    // The same on the page.
    let browser = t.browser_login("staff_t1").await;
    let fields: Vec<(&str, &str)> = body
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
        .collect();
    let (status, _, page) = t.form(&browser, "/review-requests", &fields, true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("最早可要求2025-10-13出具意见"), "{page}");
    // Without a date, the earliest the rule allows, explained.
    body["wanted_by"] = "".into();
    let r = t.created("/api/v1/review-requests", &staff, body).await;
    assert_eq!(r["due_on"], "2025-10-13", "{r}");
    let (_, v) = t
        .get(&format!("/api/v1/review-requests/{}", id(&r)), &staff)
        .await;
    let lines = v["due"]["explanation"].to_string();
    assert!(lines.contains("2025-10-13"), "{v}");
    // An adviser of another town cannot be sent this town's requests.
    add_adviser(&t, "adviser_t2", "T2").await;
    let (status, err) = t
        .post(
            "/api/v1/review-requests",
            &staff,
            request("contract", "某合同", "adviser_t2"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["adviser"]
            .as_str()
            .is_some_and(|m| m.contains("adviser_a")),
        "{err}"
    );
}

fn contract(signed_on: &str, review: &str) -> Value {
    json!({"title": "村委会办公楼维修工程施工合同", "counterparty": "新疆某某建筑工程有限公司",
           "amount": "12.5万", "handled_by": "党政办 张三", "signed_on": signed_on,
           "review": review})
}

#[tokio::test]
async fn a_contract_is_signed_only_after_a_passing_review() {
    let (t, staff) = with_advisers().await;
    let admin = t.api_login("admin_t1").await;
    // No review: refused, an administrator too.
    for token in [&staff, &admin] {
        let (status, err) = t
            .post("/api/v1/contracts", token, contract("2025-03-20", ""))
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{err}");
        assert_eq!(err["code"], "review_required");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("签订前须经合法性审查"),
            "{err}"
        );
    }
    let r = t
        .created(
            "/api/v1/review-requests",
            &staff,
            request("contract", "村委会办公楼维修工程施工合同", "adviser_a"),
        )
        .await;
    let number = r["number"].as_str().unwrap().to_owned();
    let rid = id(&r);
    // A review of another kind does not count.
    let other = t
        .created(
            "/api/v1/review-requests",
            &staff,
            request("penalty", "某处罚", "adviser_a"),
        )
        .await;
    let (status, err) = t
        .post(
            "/api/v1/contracts",
            &staff,
            contract("2025-03-20", other["number"].as_str().unwrap()),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["review"]
            .as_str()
            .unwrap()
            .contains("合同协议"),
        "{err}"
    );
    // Not answered yet: refused, saying which review and why.
    let (status, err) = t
        .post("/api/v1/contracts", &staff, contract("2025-03-20", &number))
        .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("review_required"))
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains(&format!("审查 {number} 尚未出具意见")),
        "{err}"
    );
    // 修改后合法 without the adoption recorded: still refused.
    let adviser = t.api_login("adviser_a").await;
    let (status, v) = t
        .post(
            &format!("/api/v1/review-requests/{rid}/opinion"),
            &adviser,
            json!({"conclusion": "lawful_after_changes", "text": "补充违约责任", "answered_on": "2025-03-10"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, err) = t
        .post("/api/v1/contracts", &staff, contract("2025-03-20", &number))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains("尚未记录已采纳修改意见"),
        "{err}"
    );
    // Unsigned, it may be registered with its review while the changes are made.
    let unsigned = t
        .created("/api/v1/contracts", &staff, contract("", &rid.to_string()))
        .await;
    assert_eq!(unsigned["review_number"], number.as_str(), "{unsigned}");
    let path = format!("/api/v1/contracts/{}", id(&unsigned));
    // Signing it by an edit goes through the same gate.
    let (status, err) = t
        .patch(
            &path,
            &staff,
            json!({"version": 1, "signed_on": "2025-03-20"}),
        )
        .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("review_required")),
        "{err}"
    );
    // The page says which review is missing.
    let browser = t.browser_login("staff_t1").await;
    let (status, _, page) = t
        .form(
            &browser,
            "/contracts",
            &[
                ("title", "村委会办公楼维修工程施工合同"),
                ("counterparty", "某公司"),
                ("handled_by", "党政办"),
                ("signed_on", "2025-03-20"),
                ("review", &number),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains(&format!(
            "审查 {number} 结论为「修改后合法」，但尚未记录已采纳修改意见"
        )),
        "{page}"
    );

    // The changes adopted: the gate opens.
    let (status, v) = t
        .post(
            &format!("/api/v1/review-requests/{rid}/adoption"),
            &staff,
            json!({"adopted": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, signed) = t
        .patch(
            &path,
            &staff,
            json!({"version": 1, "signed_on": "2025-03-20"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    t.created("/api/v1/contracts", &staff, contract("2025-03-21", &number))
        .await;
    let (status, _, _) = t
        .form(
            &browser,
            "/contracts",
            &[
                ("title", "另一合同"),
                ("counterparty", "某公司"),
                ("handled_by", "党政办"),
                ("signed_on", "2025-03-22"),
                ("review", &number),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "registered on the page");

    // A contract that predates fazhi is let through and marked so.
    let mut old = contract("2019-05-01", "");
    old["historical"] = true.into();
    let old = t.created("/api/v1/contracts", &staff, old).await;
    assert_eq!(old["historical"], true);
    let (_, page) = t.page(&browser, &format!("/contracts/{}", id(&old))).await;
    assert!(page.contains("历史记录"), "{page}");
    // …and stays historical: the flag is not changed by an edit.
    let (status, err) = t
        .patch(
            &format!("/api/v1/contracts/{}", id(&old)),
            &staff,
            json!({"version": 1, "historical": false}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    // A withdrawn review no longer opens the gate.
    t.withdraw(
        &format!("/api/v1/review-requests/{rid}"),
        &staff,
        "送审材料有误",
    )
    .await;
    let (status, err) = t
        .post("/api/v1/contracts", &staff, contract("2025-03-25", &number))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert!(err["message"].as_str().unwrap().contains("已作废"), "{err}");
}

#[tokio::test]
async fn a_review_request_is_corrected_withdrawn_and_restored_on_the_kit() {
    let t = TestApp::spawn().await;
    t.seed().await;
    add_adviser(&t, "adviser_a", "T1").await;
    let staff = t.api_login("staff_v1").await;
    let r = t
        .created(
            "/api/v1/review-requests",
            &staff,
            request("contract", "东风村道路硬化工程施工合同", "adviser_a"),
        )
        .await;
    let [outsider, admin] = t.api_logins(["staff_v2", "admin_t1"]).await;
    let c = KitCase {
        path: format!("/api/v1/review-requests/{}", id(&r)),
        list: "/api/v1/review-requests",
        entity: "review_request",
    };
    let users = KitUsers {
        writer: &staff,
        admin: &admin,
        outsider: &outsider,
    };
    kit_round_trip(&t, &c, &users, ("title", "东风村道路硬化合同"), "事项名称").await;
    let mut routes = kit_routes("review-requests");
    for (path, method) in [
        ("/api/v1/review-requests", "get"),
        ("/api/v1/review-requests", "post"),
        ("/api/v1/review-requests/{id}", "get"),
        ("/api/v1/review-requests/{id}/opinion", "post"),
        ("/api/v1/review-requests/{id}/adoption", "post"),
        ("/api/v1/review-requests/{id}/opinion.docx", "get"),
    ] {
        routes.push((path.to_owned(), method));
    }
    t.openapi_with(&routes).await;
}

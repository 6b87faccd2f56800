//! Clean-up campaigns of normative documents (行政规范性文件清理, `src/registers/normative_cleanups/`):
//! the scope is the documents in force at the start (one not in force cannot be put in); every
//! document needs a result before finishing; finishing repeals those marked 废止 and 宣布失效 (the
//! portal's valid list drops them) and puts those to amend on the to-do list; the published lists
//! show each result with its reason, all and per town; another town's campaign or document is
//! 404; the figures and the report's sentence match the fixture; the kit's round trip and pages.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{kit_round_trip, kit_routes, Browser, KitCase, KitUsers, TestApp};

const API: &str = "/api/v1/normative-cleanups";
const DOCUMENTS: &str = "/api/v1/normative-documents";

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

fn anonymous() -> Browser {
    Browser {
        cookie: String::new(),
        csrf: String::new(),
    }
}

/// A document registered as predating fazhi, published (and issued) on `published_on`.
async fn document(t: &TestApp, token: &str, title: &str, number: &str, published_on: &str) -> i64 {
    let body = json!({"title": title, "drafting_unit": "党政办", "doc_number": number,
           "issued_on": published_on, "published_on": published_on, "channel": "镇政府网站",
           "full_text": "第一条 为规范管理，制定本规定。", "historical": true});
    id(&t.created(DOCUMENTS, token, body).await)
}

fn campaign(title: &str, started_on: &str) -> Value {
    json!({"title": title, "basis": "县人民政府办公室关于开展规范性文件清理工作的通知",
           "started_on": started_on})
}

async fn step(t: &TestApp, token: &str, c: i64, name: &str, body: Value) -> (StatusCode, Value) {
    t.post(&format!("{API}/{c}/{name}"), token, body).await
}

/// Sets document `doc`'s result in campaign `c`, which must be accepted.
async fn decide(t: &TestApp, token: &str, c: i64, doc: i64, result: &str, reason: &str) {
    let body = json!({"document": doc.to_string(), "result": result, "reason": reason});
    let (status, v) = step(t, token, c, "result", body).await;
    assert_eq!(status, StatusCode::OK, "{result}: {v}");
}

/// The town T1 with four documents in force on 2023-06-01 (草场 kept, 河道 to amend, 临建
/// repealed, 疫情 declared invalid), one published after that day and one repealed before it;
/// T2 with one of its own. Returns the six T1 ids in that order and T2's.
async fn fixture(t: &TestApp, staff: &str, other: &str) -> ([i64; 6], i64) {
    let kept = document(
        t,
        staff,
        "东风镇草场管理规定",
        "东政规〔2022〕1号",
        "2022-03-01",
    )
    .await;
    let amend = document(
        t,
        staff,
        "东风镇河道管护办法",
        "东政规〔2022〕2号",
        "2022-05-01",
    )
    .await;
    let repeal = document(
        t,
        staff,
        "东风镇临时建筑管理规定",
        "东政规〔2022〕3号",
        "2022-06-01",
    )
    .await;
    let invalid = document(
        t,
        staff,
        "东风镇疫情期间集市管理办法",
        "东政规〔2022〕4号",
        "2022-09-01",
    )
    .await;
    let later = document(
        t,
        staff,
        "东风镇人居环境管护办法",
        "东政规〔2023〕1号",
        "2023-08-01",
    )
    .await;
    let ended = document(
        t,
        staff,
        "东风镇旧草场规定",
        "东政规〔2020〕1号",
        "2020-03-01",
    )
    .await;
    let (status, v) = t
        .post(
            &format!("{DOCUMENTS}/{ended}/repeal"),
            staff,
            json!({"ended_on": "2023-01-10", "ended_by": "东政规〔2022〕1号"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let t2 = document(
        t,
        other,
        "西山镇草场规定",
        "西政规〔2022〕1号",
        "2022-03-01",
    )
    .await;
    ([kept, amend, repeal, invalid, later, ended], t2)
}

#[tokio::test]
async fn a_finished_campaign_repeals_what_it_marks_and_publishes_its_lists() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, other, admin] = t.api_logins(["staff_t1", "staff_t2", "admin_t1"]).await;
    let ([kept, amend, repeal, invalid, later, ended], t2_doc) = fixture(&t, &staff, &other).await;

    // The scope: the documents of T1 in force on the start, no more.
    let c = t
        .created(
            API,
            &staff,
            campaign("东风镇2023年度规范性文件清理", "2023-06-01"),
        )
        .await;
    let cid = id(&c);
    assert_eq!(
        (c["documents"].as_i64(), c["decided"].as_i64()),
        (Some(4), Some(0)),
        "{c}"
    );
    let (status, v) = t.get(&format!("{API}/{cid}/documents"), &staff).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let mut scope: Vec<i64> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["document_id"].as_i64().unwrap())
        .collect();
    scope.sort_unstable();
    let mut want = vec![kept, amend, repeal, invalid];
    want.sort_unstable();
    assert_eq!(scope, want);

    // A document not in force on the start cannot be put in, on registration or by a result.
    for doc in [later, ended] {
        let body = json!({"title": "专项清理", "basis": "通知", "started_on": "2023-06-01",
                          "documents": [doc.to_string()]});
        let (status, v) = t.post(API, &staff, body).await;
        assert_eq!(
            (status, v["code"].as_str()),
            (StatusCode::CONFLICT, Some("not_in_force")),
            "{v}"
        );
        let body = json!({"document": doc.to_string(), "result": "keep", "reason": "仍然适用"});
        let (status, v) = step(&t, &staff, cid, "result", body).await;
        assert_eq!(
            (status, v["code"].as_str()),
            (StatusCode::CONFLICT, Some("not_in_force")),
            "{v}"
        );
    }
    // Named by its 文号, a document in force is accepted.
    let body = json!({"title": "专项清理", "basis": "通知", "started_on": "2023-06-01",
                      "documents": ["东政规〔2022〕1号"]});
    assert_eq!(t.created(API, &staff, body).await["documents"], 1);

    // Another town's campaign and document are not found.
    let (status, _) = t.get(&format!("{API}/{cid}"), &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = step(&t, &other, cid, "finish", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body = json!({"document": t2_doc.to_string(), "result": "keep", "reason": "x"});
    let (status, _) = step(&t, &staff, cid, "result", body).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let body = json!({"title": "专项清理", "basis": "通知", "started_on": "2023-06-01",
                      "documents": [t2_doc.to_string()]});
    assert_eq!(t.post(API, &staff, body).await.0, StatusCode::NOT_FOUND);
    // A viewer may not write.
    let viewer = t.api_login("viewer_t1").await;
    let (status, _) = step(&t, &viewer, cid, "finish", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // A result needs its reason; finishing needs every result; publishing needs the finish.
    let body = json!({"document": kept.to_string(), "result": "keep", "reason": " "});
    let (status, v) = step(&t, &staff, cid, "result", body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{v}");
    assert!(
        v["fields"]["reason"].as_str().unwrap().contains("理由"),
        "{v}"
    );
    decide(&t, &staff, cid, kept, "keep", "符合上位法，仍需执行").await;
    decide(&t, &staff, cid, amend, "继续有效", "先定为继续有效").await;
    let (status, v) = step(
        &t,
        &staff,
        cid,
        "finish",
        json!({"finished_on": "2023-06-30"}),
    )
    .await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("results_missing")),
        "{v}"
    );
    assert!(v["message"].as_str().unwrap().contains("还有 2 件"), "{v}");
    let (status, v) = step(
        &t,
        &staff,
        cid,
        "publish",
        json!({"published_on": "2023-07-01"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{v}");
    decide(
        &t,
        &staff,
        cid,
        amend,
        "amend",
        "上位法修订，管护责任需调整",
    )
    .await;
    decide(&t, &staff, cid, repeal, "废止", "上位法已废止").await;
    decide(&t, &staff, cid, invalid, "invalidate", "适用情形已消失").await;

    let before = t
        .page(&anonymous(), "/public/normative-documents?org=T1")
        .await
        .1;
    for title in [
        "东风镇临时建筑管理规定",
        "东风镇疫情期间集市管理办法",
        "东风镇河道管护办法",
    ] {
        assert!(before.contains(title), "{title} in force before: {before}");
    }

    // Finishing applies the results in one go.
    let (status, v) = step(
        &t,
        &staff,
        cid,
        "finish",
        json!({"finished_on": "2023-06-30"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["cleanup"]["finished_on"], "2023-06-30");
    for doc in [repeal, invalid] {
        let (_, d) = t.get(&format!("{DOCUMENTS}/{doc}"), &staff).await;
        assert_eq!(
            (
                d["ended_how"].as_str(),
                d["ended_on"].as_str(),
                d["cleanup_id"].as_i64()
            ),
            (Some("repealed"), Some("2023-06-30"), Some(cid)),
            "{d}"
        );
        assert_eq!(d["cleanup_title"], "东风镇2023年度规范性文件清理");
    }
    for doc in [kept, amend] {
        let (_, d) = t.get(&format!("{DOCUMENTS}/{doc}"), &staff).await;
        assert!(d["ended_how"].is_null(), "{d}");
    }
    let todo: i64 = t
        .scalar(&format!(
            "SELECT COUNT(*) FROM deadlines WHERE register = 'normative' AND record_id = {amend} \
             AND rule_code = 'normative.cleanup_amend' AND settled_at IS NULL"
        ))
        .await;
    assert_eq!(todo, 1, "the document to amend is on the to-do list");
    let (_, h) = t
        .get(&format!("{DOCUMENTS}/{repeal}/history"), &staff)
        .await;
    assert!(h.to_string().contains("清理废止"), "{h}");

    // The results are final, and the portal's valid list drops the repealed ones.
    let body = json!({"document": kept.to_string(), "result": "repeal", "reason": "改主意"});
    let (status, v) = step(&t, &admin, cid, "result", body).await;
    assert_eq!(
        (status, v["code"].as_str()),
        (StatusCode::CONFLICT, Some("step_not_available")),
        "{v}"
    );
    let after = t
        .page(&anonymous(), "/public/normative-documents?org=T1")
        .await
        .1;
    for title in ["东风镇临时建筑管理规定", "东风镇疫情期间集市管理办法"] {
        assert!(
            !after.contains(title),
            "{title} off the valid list: {after}"
        );
    }
    assert!(after.contains("东风镇草场管理规定") && after.contains("东风镇河道管护办法"));
    assert!(
        after.contains("/public/normative-documents/cleanups?org=T1"),
        "linked from the valid list"
    );

    // Not on the portal until published; then the lists show each result with its reason.
    let b = anonymous();
    let page = format!("/public/normative-documents/cleanups/{cid}");
    assert_eq!(t.page(&b, &page).await.0, StatusCode::NOT_FOUND);
    assert!(!t
        .page(&b, "/public/normative-documents/cleanups")
        .await
        .1
        .contains("东风镇2023年度"));
    let (status, v) = step(
        &t,
        &staff,
        cid,
        "publish",
        json!({"published_on": "2023-07-05"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, html) = t.page(&b, &page).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for (heading, title, reason) in [
        (
            "继续有效的规范性文件目录",
            "东风镇草场管理规定",
            "符合上位法，仍需执行",
        ),
        (
            "需修改的规范性文件目录",
            "东风镇河道管护办法",
            "上位法修订，管护责任需调整",
        ),
        (
            "废止的规范性文件目录",
            "东风镇临时建筑管理规定",
            "上位法已废止",
        ),
        (
            "宣布失效的规范性文件目录",
            "东风镇疫情期间集市管理办法",
            "适用情形已消失",
        ),
    ] {
        let section = html
            .split(heading)
            .nth(1)
            .unwrap_or_else(|| panic!("{heading}: {html}"));
        let section = section.split("</section>").next().unwrap();
        assert!(
            section.contains(title) && section.contains(reason),
            "{heading}: {section}"
        );
    }
    let (_, all) = t.page(&b, "/public/normative-documents/cleanups").await;
    assert!(all.contains("东风镇2023年度规范性文件清理"), "{all}");
    let (status, own) = t.page(&b, "/public/T1/normative-cleanups").await;
    assert_eq!(status, StatusCode::OK);
    assert!(own.contains("东风镇2023年度规范性文件清理"), "{own}");
    let (_, theirs) = t.page(&b, "/public/T2/normative-cleanups").await;
    assert!(!theirs.contains("东风镇2023年度"), "{theirs}");
    assert_eq!(
        t.page(&b, "/public/NOPE/normative-cleanups").await.0,
        StatusCode::NOT_FOUND
    );

    // The campaign's history names each step, a result with its document.
    let (h, actions) = t.history_actions(&format!("{API}/{cid}"), &staff).await;
    let mut want = vec!["登记"];
    want.extend(["确定清理结果"; 5]);
    want.extend(["完成清理", "公布清理结果"]);
    assert_eq!(actions, want, "{h}");
    let logged: i64 = t
        .scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'cleanup_result' \
             AND after_json LIKE '%《东风镇临时建筑管理规定》：废止%'",
        )
        .await;
    assert_eq!(logged, 1, "the result is logged with its document");
}

#[tokio::test]
async fn the_figures_and_the_report_count_the_clean_ups() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, other] = t.api_logins(["staff_t1", "staff_t2"]).await;
    let ([kept, amend, repeal, invalid, ..], t2_doc) = fixture(&t, &staff, &other).await;
    // Hand-counted for T1 in 2023: one campaign finished (4 documents: one each), one withdrawn
    // after finishing nothing, and T2's finished one, which counts only for T2.
    let cid = id(&t
        .created(
            API,
            &staff,
            campaign("东风镇2023年度规范性文件清理", "2023-06-01"),
        )
        .await);
    for (doc, result) in [
        (kept, "keep"),
        (amend, "amend"),
        (repeal, "repeal"),
        (invalid, "invalidate"),
    ] {
        decide(&t, &staff, cid, doc, result, "依据清理通知逐件审查").await;
    }
    let (status, v) = step(
        &t,
        &staff,
        cid,
        "finish",
        json!({"finished_on": "2023-09-30"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let gone = id(&t
        .created(API, &staff, campaign("重复登记的清理", "2023-06-01"))
        .await);
    t.withdraw(&format!("{API}/{gone}"), &staff, "重复登记")
        .await;
    let theirs = id(&t
        .created(API, &other, campaign("西山镇清理", "2023-06-01"))
        .await);
    decide(&t, &other, theirs, t2_doc, "repeal", "已不适用").await;
    let (status, v) = step(
        &t,
        &other,
        theirs,
        "finish",
        json!({"finished_on": "2023-07-01"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");

    let leader = t.api_login("leader_t1").await;
    let (status, f) = t.get("/api/v1/figures?org=T1&year=2023", &leader).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    for (key, n) in [
        ("normative_cleanups", 1),
        ("normative_cleanup_reviewed", 4),
        ("normative_cleanup_kept", 1),
        ("normative_cleanup_amended", 1),
        ("normative_cleanup_repealed", 1),
        ("normative_cleanup_invalidated", 1),
        // The documents' own figure counts both as ended in the year (the 2023-01 repeal too).
        ("normative_repealed", 3),
    ] {
        assert_eq!(f["values"][key], n, "{key}: {}", f["values"]);
    }
    let sentence =
        "开展行政规范性文件清理1次，清理文件4件，其中保留1件、修改1件、废止1件、宣布失效1件。";
    let (_, text) = crate::report::markdown(&t, "T1", 2023).await;
    let part = text
        .split("（二）推进政务公开")
        .nth(1)
        .expect("part （二）");
    assert!(
        part.split("（三）").next().unwrap().contains(sentence),
        "{part}"
    );
    // A year without a finished campaign says nothing of clean-ups.
    let (_, text) = crate::report::markdown(&t, "T1", 2022).await;
    assert!(!text.contains("开展行政规范性文件清理"), "{text}");
    let (_, text) = crate::report::markdown(&t, "T2", 2023).await;
    assert!(
        text.contains("开展行政规范性文件清理1次，清理文件1件，其中保留0件、修改0件、废止1件。"),
        "{text}"
    );
}

#[tokio::test]
async fn a_campaign_is_on_the_kit_in_the_api_and_on_the_pages() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, admin, other] = t.api_logins(["staff_t1", "admin_t1", "staff_t2"]).await;
    let ([kept, ..], _) = fixture(&t, &staff, &other).await;
    let cid = id(&t
        .created(
            API,
            &staff,
            campaign("东风镇2023年度规范性文件清理", "2023-06-01"),
        )
        .await);
    let mut routes = kit_routes("normative-cleanups");
    routes.extend([
        (API.to_owned(), "get"),
        (API.to_owned(), "post"),
        (format!("{API}/{{id}}/documents"), "get"),
        (format!("{API}/{{id}}/{{step}}"), "post"),
    ]);
    t.openapi_with(&routes).await;
    let c = KitCase {
        path: format!("{API}/{cid}"),
        list: API,
        entity: "normative_cleanup",
    };
    let users = KitUsers {
        writer: &staff,
        admin: &admin,
        outsider: &other,
    };
    kit_round_trip(
        &t,
        &c,
        &users,
        ("title", "东风镇2023年度行政规范性文件清理"),
        "清理名称",
    )
    .await;

    // The pages: the list, the campaign with a result picker per document, set through the form.
    let b = t.browser_login("staff_t1").await;
    let (status, list) = t.page(&b, "/normative-cleanups").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("东风镇2023年度行政规范性文件清理"), "{list}");
    let path = format!("/normative-cleanups/{cid}");
    let (status, html) = t.page(&b, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html.matches("name=\"result\"").count(), 4, "{html}");
    let action = format!("{path}/steps/result");
    let doc = kept.to_string();
    let fields = [
        ("document", doc.as_str()),
        ("result", "keep"),
        ("reason", "仍符合实际需要"),
    ];
    let (status, _, html) = t.form(&b, &action, &fields, true).await;
    assert!(status.is_redirection(), "{status}: {html}");
    let (_, html) = t.page(&b, &path).await;
    assert!(html.contains("仍符合实际需要"), "{html}");
    let (status, _, html) = t
        .form(
            &b,
            &format!("{path}/steps/finish"),
            &[("finished_on", "2023-06-30")],
            true,
        )
        .await;
    // The page shows the refusal with the form again (web/pages/admin.rs form_result).
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    assert!(html.contains("还有 3 件"), "{html}");
    // Another town's staff get 404 for the page.
    let b2 = t.browser_login("staff_t2").await;
    assert_eq!(t.page(&b2, &path).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_town_published_its_2023_clean_up() {
    let t = TestApp::spawn().await;
    assert!(fazhi::service::demo::load(&t.app).await.unwrap());
    let (_, text) = crate::report::markdown(&t, "654202100", 2023).await;
    assert!(
        text.contains(
            "开展行政规范性文件清理1次，清理文件5件，其中保留2件、修改1件、废止1件、宣布失效1件。"
        ),
        "{text}"
    );
    let b = anonymous();
    let (status, html) = t.page(&b, "/public/654202100/normative-cleanups").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("西大沟镇2023年度行政规范性文件清理"),
        "{html}"
    );
}

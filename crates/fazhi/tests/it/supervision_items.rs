//! Supervision items (issue #18 item 4): deputies' suggestions, CPPCC proposals, 审计/监察
//! findings, 司法/检察建议 and media issues on the register kit; reply due dates from the rules
//! (or the letter), explained and on the to-do list; another town's item is not found; the
//! figures and the report's 一(四) sentence from hand-counted items. Also the complaints' 督办
//! orders on the to-do list and a complaint linked to a dispute in scope (issue #18 item 3).

use axum::http::StatusCode;
use chrono::Duration;
use fazhi::service::deadlines::today;
use serde_json::{json, Value};

use crate::helpers::{kit_round_trip, KitCase, KitUsers, TestApp};

const LIST: &str = "/api/v1/supervision-items";

fn item(kind: &str, received_on: &str, content: &str) -> Value {
    json!({"org": "T1", "kind": kind, "source": "张某某（镇人大代表）", "received_on": received_on,
           "content": content, "handling_unit": "镇农业农村办"})
}

/// The running to-do entries of `token`'s user that link to `link`, as (rule, due date).
async fn todo_entries(t: &TestApp, token: &str, link: &str) -> Vec<(String, String)> {
    let (status, todo) = t.get("/api/v1/todo", token).await;
    assert_eq!(status, StatusCode::OK, "{todo}");
    ["overdue", "due_soon", "upcoming"]
        .iter()
        .flat_map(|k| todo[*k].as_array().cloned().unwrap_or_default())
        .filter(|d| d["link"] == link)
        .map(|d| {
            (
                d["rule_code"].as_str().unwrap().to_owned(),
                d["due_date"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn an_item_is_corrected_withdrawn_and_restored_on_the_kit_and_its_routes_are_documented() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, admin, outsider] = t.api_logins(["staff_t1", "admin_t1", "staff_t2"]).await;
    let r = t
        .created(
            LIST,
            &staff,
            item("deputy_suggestion", "2025-03-05", "建议修缮村道路灯"),
        )
        .await;
    let c = KitCase {
        path: format!("{LIST}/{}", r["id"]),
        list: LIST,
        entity: "supervision_item",
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
        ("content", "建议修缮村道路灯并增设监控"),
        "内容",
    )
    .await;

    let mut routes = crate::helpers::kit_routes("supervision-items");
    for s in ["reply", "rectify"] {
        routes.push((format!("{LIST}/{{id}}/{s}"), "post"));
    }
    routes.push((LIST.to_owned(), "get"));
    routes.push((LIST.to_owned(), "post"));
    routes.push((format!("{LIST}/{{id}}"), "get"));
    routes.push(("/api/v1/complaints/{id}/link-dispute".to_owned(), "post"));
    t.openapi_with(&routes).await;

    // The staff pages: the list, the item's page with its due date explained, the edit form.
    let b = t.browser_login("staff_t1").await;
    let (status, list) = t.page(&b, "/supervision-items").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains("登记监督事项") && list.contains("人大代表建议"),
        "{list}"
    );
    let (status, page) = t.page(&b, &format!("/supervision-items/{}", r["id"])).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("期限计算") && page.contains("2025-06-05"),
        "{page}"
    );
    let (status, _) = t
        .page(&b, &format!("/supervision-items/{}/edit", r["id"]))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn kinds_and_their_fields_are_validated() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    for (body, field) in [
        (item("petition", "2025-03-05", "某事"), "kind"),
        (
            {
                let mut b = item("media_issue", "2025-03-05", "某报反映垃圾清运不及时");
                b["satisfaction"] = json!("满意");
                b
            },
            "satisfaction",
        ),
        (
            {
                let mut b = item("deputy_suggestion", "2025-03-05", "建议");
                b["measures"] = json!("整改");
                b
            },
            "measures",
        ),
        (item("cppcc_proposal", "", "提案"), "received_on"),
        (
            item(
                "cppcc_proposal",
                &(today() + Duration::days(1)).to_string(),
                "提案",
            ),
            "received_on",
        ),
    ] {
        let (status, e) = t.post(LIST, &staff, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
        assert!(e["fields"][field].is_string(), "{field}: {e}");
    }
    let (_, list) = t.get(LIST, &staff).await;
    assert_eq!(list["total"], 0, "nothing stored: {list}");
    // A village mediator does not handle supervision items.
    let mediator = t.api_login("mediator_v1").await;
    let (status, _) = t
        .post(
            LIST,
            &mediator,
            item("deputy_suggestion", "2025-03-05", "建议"),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn reply_due_dates_follow_the_rules_are_explained_and_run_on_the_to_do_list() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    // 3 months from 5 March 2025 (a province's setting): 5 June, a Thursday.
    let s = t
        .created(
            LIST,
            &staff,
            item("deputy_suggestion", "2025-03-05", "建议修缮村道"),
        )
        .await;
    assert_eq!(
        (s["due_on"].as_str(), s["due_rule"].as_str()),
        (Some("2025-06-05"), Some("supervision.deputy_reply"))
    );
    let explained = s["due_explained"].as_str().unwrap();
    assert!(explained.contains("期限届满日：2025-06-05"), "{explained}");
    // 检察建议: 2 months reach 5 May 2025, within the Labour Day holiday: rolled to 6 May.
    let p = t
        .created(
            LIST,
            &staff,
            item("procuratorial_suggestion", "2025-03-05", "督促整治河道采砂"),
        )
        .await;
    assert_eq!(p["due_on"].as_str(), Some("2025-05-06"), "{p}");
    assert!(
        p["due_explained"].as_str().unwrap().contains("劳动节"),
        "{p}"
    );
    // A date in the letter wins.
    let mut body = item("judicial_suggestion", "2025-03-05", "规范征收补偿程序");
    body["letter_due_on"] = json!("2025-04-20");
    let j = t.created(LIST, &staff, body).await;
    assert_eq!(
        (j["due_on"].as_str(), j["due_rule"].as_str()),
        (Some("2025-04-20"), Some("supervision.letter_due"))
    );
    assert!(
        j["due_explained"].as_str().unwrap().contains("建议书载明"),
        "{j}"
    );

    // An unanswered suggestion received 100 days ago is overdue on the to-do list …
    let received = (today() - Duration::days(100)).to_string();
    let late = t
        .created(
            LIST,
            &staff,
            item("cppcc_proposal", &received, "建议建设农贸市场"),
        )
        .await;
    let link = format!("/supervision-items/{}", late["id"]);
    let leader = t.api_login("leader_t1").await;
    let (_, todo) = t.get("/api/v1/todo", &leader).await;
    let overdue: Vec<&Value> = todo["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["link"] == link)
        .collect();
    assert_eq!(overdue.len(), 1, "{todo}");
    assert_eq!(overdue[0]["due_date"], late["due_on"]);
    assert!(
        overdue[0]["explanation"].to_string().contains("期限届满日"),
        "{todo}"
    );
    // … until it is answered (the deputy rates it), and the step is in its history.
    let (status, r) = t
        .post(
            &format!("{LIST}/{}/reply", late["id"]),
            &staff,
            json!({"replied_on": today().to_string(), "reply": "已列入明年建设计划", "satisfaction": "基本满意"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["satisfaction"], "mostly_satisfied");
    assert!(todo_entries(&t, &leader, &link).await.is_empty());
    t.history(
        &format!("{LIST}/{}", late["id"]),
        &staff,
        &["登记", "答复监督事项"],
    )
    .await;
    // A finding runs until its rectification deadline, and the step records it.
    let mut f = item("audit_finding", &received, "村集体工程未按规定招标");
    f["source"] = json!("县审计局 审计报告〔2025〕8号");
    f["rectify_by"] = json!((today() + Duration::days(2)).to_string());
    let f = t.created(LIST, &staff, f).await;
    let link = format!("/supervision-items/{}", f["id"]);
    assert_eq!(
        todo_entries(&t, &leader, &link).await,
        [(
            "supervision.rectification".to_owned(),
            (today() + Duration::days(2)).to_string()
        )]
    );
    let (status, r) = t
        .post(
            &format!("{LIST}/{}/rectify", f["id"]),
            &staff,
            json!({"measures": "补办招标手续，追责相关人员", "evidence": "整改报告及招标文件",
                   "rectified_on": today().to_string()}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert!(todo_entries(&t, &leader, &link).await.is_empty());
}

#[tokio::test]
async fn another_towns_item_is_not_found() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let s = t
        .created(
            LIST,
            &staff,
            item("deputy_suggestion", "2025-03-05", "建议修缮村道"),
        )
        .await;
    let other = t.api_login("staff_t2").await;
    let path = format!("{LIST}/{}", s["id"]);
    let (status, _) = t.get(&path, &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t
        .post(
            &format!("{path}/reply"),
            &other,
            json!({"replied_on": "2025-04-01", "reply": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = t.get(LIST, &other).await;
    assert_eq!(list["total"], 0, "{list}");
    // A T2 item cannot be registered by T1's staff either.
    let mut body = item("deputy_suggestion", "2025-03-05", "建议");
    body["org"] = json!("T2");
    let (status, _) = t.post(LIST, &staff, body).await;
    assert!(
        status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
        "{status}"
    );
}

#[tokio::test]
async fn the_figures_and_the_report_count_hand_counted_items() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let reply = |on: &str, satisfaction: &str| json!({"replied_on": on, "reply": "已答复", "satisfaction": satisfaction});
    // Suggestions: A answered on time (due 2025-06-05) and 满意; B late and 不满意; C unanswered.
    for (content, received, answer) in [
        ("建议A", "2025-03-05", Some(reply("2025-06-05", "满意"))),
        ("建议B", "2025-03-05", Some(reply("2025-06-20", "不满意"))),
        ("建议C", "2025-09-01", None),
    ] {
        let s = t
            .created(LIST, &staff, item("deputy_suggestion", received, content))
            .await;
        if let Some(body) = answer {
            let (status, v) = t
                .post(&format!("{LIST}/{}/reply", s["id"]), &staff, body)
                .await;
            assert_eq!(status, StatusCode::OK, "{v}");
        }
    }
    // A 检察建议 answered on time (due 2025-05-06).
    let p = t
        .created(
            LIST,
            &staff,
            item("procuratorial_suggestion", "2025-03-05", "督促整治"),
        )
        .await;
    let (status, v) = t
        .post(
            &format!("{LIST}/{}/reply", p["id"]),
            &staff,
            json!({"replied_on": "2025-05-06", "reply": "已整治"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // Two findings: one rectified after its deadline, one open.
    for (content, rectified) in [("问题一", true), ("问题二", false)] {
        let mut f = item("audit_finding", "2025-04-01", content);
        f["rectify_by"] = json!("2025-06-30");
        if rectified {
            f["measures"] = json!("已整改");
            f["evidence"] = json!("整改报告");
            f["rectified_on"] = json!("2025-07-15");
        }
        t.created(LIST, &staff, f).await;
    }
    // Counted nowhere: a withdrawn suggestion and one of 2024.
    let gone = t
        .created(LIST, &staff, item("cppcc_proposal", "2025-05-01", "重复"))
        .await;
    t.withdraw(&format!("{LIST}/{}", gone["id"]), &staff, "重复登记")
        .await;
    t.created(LIST, &staff, item("cppcc_proposal", "2024-05-01", "去年"))
        .await;

    let leader = t.api_login("leader_t1").await;
    let (status, f) = t.get("/api/v1/figures?year=2025", &leader).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    let v = &f["values"];
    for (key, n) in [
        ("supervision_suggestions", 3),
        ("supervision_suggestions_answered", 2),
        ("supervision_suggestions_on_time", 1),
        ("supervision_suggestions_rated", 2),
        ("supervision_suggestions_satisfied", 1),
        ("supervision_letters", 1),
        ("supervision_letters_on_time", 1),
        ("supervision_findings", 2),
        ("supervision_findings_rectified", 1),
        ("supervision_findings_on_time", 0),
    ] {
        assert_eq!(v[key], n, "{key}: {v}");
    }
    let sentence = "办理人大代表建议、政协提案3件，已答复2件、按期答复率50.0%，代表委员满意率50.0%；收到司法建议、检察建议1件，已回复1件、按期回复率100.0%；审计、监察发现问题2个，已整改1个、按期整改率0.0%。";
    let (_, text) = crate::report::markdown(&t, "T1", 2025).await;
    let part = text.split("（四）").nth(1).expect("part （四）");
    let part = part.split("（五）").next().unwrap();
    assert!(part.contains(sentence), "{part}");
    let (_, text) = crate::report::markdown(&t, "T1", 2023).await;
    assert!(!text.contains("人大代表建议"), "{text}");
    // Another town counts none of them.
    let other = t.api_login("leader_t2").await;
    let (_, f) = t.get("/api/v1/figures?year=2025", &other).await;
    assert_eq!(f["values"]["supervision_suggestions"], 0, "{f}");
}

fn call(received_on: &str) -> Value {
    json!({"org": "T1", "channel": "phone", "class": "claim", "matter_type": "土地纠纷",
           "petitioner_name": "王五", "phone": "13812345678",
           "subject": "承包地被邻居占用", "content": "反映村东头承包地被邻居占用，要求恢复地界",
           "received_on": received_on})
}

#[tokio::test]
async fn a_supervision_order_runs_on_the_to_do_list_until_answered() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let leader = t.api_login("leader_t1").await;
    let c = t
        .created("/api/v1/complaints", &staff, call(&today().to_string()))
        .await;
    let path = format!("/api/v1/complaints/{}", c["id"]);
    let (status, v) = t
        .post(
            &format!("{path}/accept"),
            &staff,
            json!({"decision": "accepted"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let due = (today() + Duration::days(2)).to_string();
    let (status, v) = t
        .post(
            &format!("{path}/supervise"),
            &leader,
            json!({"order": "三日内查明地界", "due_on": due}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let link = format!("/complaints/{}", c["id"]);
    for token in [&leader, &staff] {
        let entries = todo_entries(&t, token, &link).await;
        assert!(
            entries.contains(&("complaint.supervision_order".to_owned(), due.clone())),
            "{entries:?}"
        );
    }
    let (_, todo) = t.get("/api/v1/todo", &leader).await;
    assert!(todo.to_string().contains("督办时限"), "{todo}");
    // Another town's leader does not see it.
    let other = t.api_login("leader_t2").await;
    assert!(todo_entries(&t, &other, &link).await.is_empty());
    // Answered, it leaves the list.
    let (_, view) = t.get(&path, &staff).await;
    let order = view["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "supervision")
        .unwrap()["id"]
        .clone();
    let (status, v) = t
        .post(
            &format!("{path}/supervision-reply"),
            &staff,
            json!({"supervision": order, "reply": "已查明并恢复地界", "on": today().to_string()}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let entries = todo_entries(&t, &leader, &link).await;
    assert!(
        !entries
            .iter()
            .any(|(rule, _)| rule == "complaint.supervision_order"),
        "{entries:?}"
    );
}

/// A town-level dispute registered today by `token`'s user; its id.
async fn dispute(t: &TestApp, token: &str) -> i64 {
    let d = t
        .created(
            "/api/v1/disputes",
            token,
            json!({"registered_on": today().to_string(), "source": "来访",
                   "dispute_type": "征地拆迁纠纷", "summary": "承包地地界争议",
                   "parties": [{"name": "王五"}, {"name": "赵六"}]}),
        )
        .await;
    d["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_complaint_is_linked_to_a_dispute_in_scope_only() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let c = t
        .created("/api/v1/complaints", &staff, call("2025-03-03"))
        .await;
    let path = format!("/api/v1/complaints/{}", c["id"]);
    let theirs = dispute(&t, &t.api_login("staff_t2").await).await;
    let (status, v) = t
        .post(
            &format!("{path}/link-dispute"),
            &staff,
            json!({"dispute": theirs}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    let (status, v) = t
        .post(
            &format!("{path}/link-dispute"),
            &staff,
            json!({"dispute": 999_999}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{v}");
    let (_, v) = t.get(&path, &staff).await;
    assert!(v["dispute_id"].is_null(), "nothing linked: {v}");

    let ours = dispute(&t, &staff).await;
    let (status, v) = t
        .post(
            &format!("{path}/link-dispute"),
            &staff,
            json!({"dispute": ours}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["dispute_id"], ours, "{v}");
    // Shown on both pages, linked, not copied.
    let b = t.browser_login("staff_t1").await;
    let (_, page) = t.page(&b, &format!("/complaints/{}", c["id"])).await;
    assert!(page.contains(&format!("/disputes/{ours}")), "{page}");
    let (_, page) = t.page(&b, &format!("/disputes/{ours}")).await;
    assert!(
        page.contains("关联信访事项") && page.contains(&format!("/complaints/{}", c["id"])),
        "{page}"
    );
    // Another town cannot link its own dispute to this complaint.
    let other = t.api_login("staff_t2").await;
    let (status, _) = t
        .post(
            &format!("{path}/link-dispute"),
            &other,
            json!({"dispute": theirs}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_town_reports_its_year_of_supervision_items() {
    let t = TestApp::spawn().await;
    assert!(fazhi::service::demo::load(&t.app).await.unwrap());
    // Hand-counted from service/demo/supervision.rs: 5 suggestions and proposals, 3 answered by
    // their due date, 4 of 5 ratings satisfied; both letters on time; 2 of 3 findings rectified
    // by their deadline; the media issue answered.
    let sentence = "办理人大代表建议、政协提案5件，已答复5件、按期答复率60.0%，代表委员满意率80.0%；收到司法建议、检察建议2件，已回复2件、按期回复率100.0%；审计、监察发现问题3个，已整改3个、按期整改率66.7%；调查处理媒体反映问题1件，已公开回应1件。";
    let (_, text) = crate::report::markdown(&t, "654202100", 2023).await;
    assert!(text.contains(sentence), "{text}");
}

#[tokio::test]
async fn a_findings_rectification_evidence_is_attached_in_scope_after_the_right_is_checked() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let other = t.api_login("staff_t2").await;
    let viewer = t.api_login("viewer_t1").await;
    let mut f = item("audit_finding", "2025-04-01", "村集体工程未按规定招标");
    f["rectify_by"] = json!("2025-06-30");
    let f = t.created(LIST, &staff, f).await;
    let files = format!("{LIST}/{}/attachments", f["id"]);
    let scan =
        |token: &str| crate::helpers::upload(&files, token, "整改报告.pdf", b"%PDF-1.4 report");
    let (status, _, _) = t.send(scan(&other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another town's item");
    let (status, _, _) = t.send(scan(&viewer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a viewer attaches nothing");
    let (status, _, body) = t.send(scan(&staff)).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (_, list) = t.get(&files, &viewer).await;
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["file_name"].as_str())
        .collect();
    assert_eq!(names, ["整改报告.pdf"], "{list}");
    let (status, _) = t.get(&files, &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

//! Correcting disputes on the revision kit (issue #13): an edit names the version it was based
//! on, adds, corrects and removes parties and never moves the case through its lifecycle; a
//! concluded case's content changes only as a 更正 with a reason; the documents are built from
//! the corrected case; a withdrawn case (its deadlines settled) counts nowhere until an
//! administrator restores it; another village's mediator gets 404; the history shows each party's
//! changes masked.

use axum::http::StatusCode;
use fazhi::storage::Query;
use fazhi_domain::mask::{mask_id_card, mask_phone};
use serde_json::{json, Value};

use crate::helpers::{docx_text, TestApp};

fn id_card(body: &str) -> String {
    let check = fazhi_domain::ident::id_card_check_char(body).expect("17 digits");
    format!("{body}{check}")
}

/// Two ID numbers that differ in their last four digits, so masked they differ too.
fn ids() -> (String, String) {
    (id_card("65010219900101123"), id_card("65010219850505567"))
}

/// A case registered and accepted by `token`'s user in V1 on `on`, with 张三 (ID `id_no`) and 李四.
async fn accepted_case(t: &TestApp, token: &str, on: &str, id_no: &str) -> i64 {
    let (status, d) = t
        .post(
            "/api/v1/disputes",
            token,
            json!({"registered_on": on, "source": "来访", "dispute_type": "草场纠纷",
                   "village": "V1", "summary": "两户草场边界争执", "accept_now": true,
                   "parties": [{"name": "张三", "sex": "男", "id_no": id_no,
                                "phone": "13812345678"}, {"name": "李四"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    assert_eq!(d["version"], 1);
    d["id"].as_i64().unwrap()
}

/// The case closed with a written agreement in effect.
async fn close_with_agreement(t: &TestApp, token: &str, id: i64) {
    for (step, body) in [
        ("start", json!({})),
        (
            "close",
            json!({"outcome": "调解成功", "agreement_form": "书面",
                   "date": fazhi::service::deadlines::today().to_string(),
                   "agreement_terms": "以界桩为准，张三退还草场两亩",
                   "performance_terms": "十日内在村委会现场交接", "signatures_complete": true}),
        ),
    ] {
        let (status, body) = t
            .post(&format!("/api/v1/disputes/{id}/{step}"), token, body)
            .await;
        assert_eq!(status, StatusCode::OK, "{step}: {body}");
    }
}

fn labels(entry: &Value) -> Vec<&str> {
    entry["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn parties_are_added_corrected_and_removed_on_the_version_seen() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (a, _) = ids();
    let m = t.api_login("mediator_v1").await;
    let id = accepted_case(&t, &m, &fazhi::service::deadlines::today().to_string(), &a).await;
    let path = format!("/api/v1/disputes/{id}");

    // What the API shows (masked) can be sent back: a masked number keeps the one on file.
    let (_, shown) = t.get(&path, &m).await;
    let masked = &shown["parties"][0]["id_no"];
    assert_eq!(masked, &mask_id_card(&a));
    let zhang = json!({"name": "张三", "sex": "男", "id_no": masked,
                       "phone": shown["parties"][0]["phone"]});
    let (status, r) = t
        .patch(
            &path,
            &m,
            json!({"version": 1, "summary": "两户草场边界争执，牲畜越界",
                   "parties": [zhang, {"name": "王五", "ethnicity": "哈萨克族"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["version"], 2);
    assert_eq!(r["status"], "accepted", "an edit is not a step");
    let names: Vec<&str> = r["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["张三", "王五"]);
    assert_eq!(r["parties"][0]["id_no"], mask_id_card(&a), "answers mask");
    assert_eq!(r["parties_text"], "张三、王五");
    let admin = t.api_login("admin_t1").await;
    let (_, full) = t.get(&format!("{path}?reveal=true"), &admin).await;
    assert_eq!(full["parties"][0]["id_no"], a, "the number on file is kept");
    assert_eq!(full["parties"][0]["phone"], "13812345678");
    assert_eq!(full["parties"].as_array().unwrap().len(), 2);

    // An edit made on the old copy is refused and changes nothing.
    let (status, err) = t
        .patch(&path, &m, json!({"version": 1, "summary": "x"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_eq!(err["code"], "stale_version");
    let (_, now) = t.get(&path, &m).await;
    assert_eq!(now["dispute"]["summary"], "两户草场边界争执，牲畜越界");
    assert_eq!(now["dispute"]["version"], 2);
    // The registration's validation; the level (上报) and acceptance are steps, not edits.
    let (status, err) = t
        .patch(
            &path,
            &m,
            json!({"version": 2, "parties": [{"name": "张三", "id_no": "650102199001011230"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["party1_id_no"].is_string(), "{err}");
    for fixed in [
        json!({"version": 2, "level": "town"}),
        json!({"version": 2, "accept_now": true}),
    ] {
        let (status, _) = t.patch(&path, &m, fixed).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    // Another village's mediator: not found for editing, withdrawing and the history.
    let other = t.api_login("mediator_v2").await;
    let (status, _) = t
        .patch(&path, &other, json!({"version": 2, "summary": "x"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t
        .post(
            &format!("{path}/withdraw"),
            &other,
            json!({"reason": "不是本村的"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t.get(&format!("{path}/history"), &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A phone corrected: the history shows it masked, under the party's place.
    let (status, r) = t
        .patch(
            &path,
            &m,
            json!({"version": 2, "parties": [
                {"name": "张三", "sex": "男", "id_no": a, "phone": "13900001111"},
                {"name": "王五", "ethnicity": "哈萨克族"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let (h, actions) = t.history_actions(&path, &m).await;
    assert_eq!(actions, ["登记", "修改", "修改"], "{h}");
    // Parties are compared place by place: the second is now 王五.
    assert_eq!(
        labels(&h[1]),
        ["简要情况", "当事人2姓名或名称", "当事人2民族"],
        "{h}"
    );
    assert_eq!(h[1]["changes"][1]["before"], "李四");
    assert_eq!(h[1]["changes"][1]["after"], "王五");
    let phone = &h[2]["changes"][0];
    assert_eq!(phone["label"], "当事人1手机号码");
    assert_eq!(phone["before"], mask_phone("13812345678"));
    assert_eq!(phone["after"], mask_phone("13900001111"));
    assert!(!h.to_string().contains("13900001111") && !h.to_string().contains(&a));

    // Each edit is in the audit chain with the case and its parties before and after.
    let rows: Vec<(Option<String>, Option<String>)> = Query::new(
        "SELECT before_json, after_json FROM audit_log WHERE entity = 'dispute' \
         AND action = 'update' ORDER BY id",
    )
    .fetch_all(&t.app.db)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    let before: Value = serde_json::from_str(rows[0].0.as_deref().unwrap()).unwrap();
    let after: Value = serde_json::from_str(rows[0].1.as_deref().unwrap()).unwrap();
    assert_eq!(before["parties"][1]["name"], "李四");
    assert_eq!(after["parties"][1]["name"], "王五");
}

#[tokio::test]
async fn a_closed_case_is_corrected_with_a_reason_and_its_documents_follow() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (a, b) = ids();
    let m = t.api_login("mediator_v1").await;
    let id = accepted_case(&t, &m, &fazhi::service::deadlines::today().to_string(), &a).await;
    close_with_agreement(&t, &m, id).await;
    let path = format!("/api/v1/disputes/{id}");
    let (_, v) = t.get(&path, &m).await;
    let version = v["dispute"]["version"].as_i64().unwrap();
    let corrected = json!([{"name": "张三", "sex": "男", "id_no": b, "phone": "13812345678"},
                           {"name": "李四"}]);

    // The signed agreement's parties are final: without a reason the change is refused.
    let (status, err) = t
        .patch(&path, &m, json!({"version": version, "parties": corrected}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["reason"].is_string(), "{err}");
    // A field the agreement does not rest on is an ordinary edit.
    let (status, r) = t
        .patch(&path, &m, json!({"version": version, "risk": "中"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let (status, r) = t
        .patch(
            &path,
            &m,
            json!({"version": version + 1, "parties": corrected,
                   "agreement_terms": "以界桩为准，张三退还草场三亩",
                   "reason": "身份证号码登记有误，协议内容笔误"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["status"], "succeeded");
    assert_eq!(
        r["agreement_effective_on"],
        v["dispute"]["agreement_effective_on"]
    );
    // A case has only the texts its steps wrote.
    let (status, err) = t
        .patch(
            &path,
            &m,
            json!({"version": version + 2, "outcome_reason": "x", "reason": "试"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(err["fields"]["outcome_reason"].is_string());

    let (_, h) = t.get(&format!("{path}/history"), &m).await;
    let last = h.as_array().unwrap().last().unwrap();
    assert_eq!(last["action"], "更正", "{h}");
    assert_eq!(last["reason"], "身份证号码登记有误，协议内容笔误");
    assert_eq!(labels(last), ["协议内容", "当事人1身份证号码"], "{h}");
    assert_eq!(last["changes"][1]["after"], mask_id_card(&b));

    // The 协议书 is built from the corrected case: in full for a mediator (who may see it, the
    // view logged), masked for a leader who may not.
    let (status, docx) = t
        .download(&format!("{path}/agreement.docx"), Some(&m), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = docx_text(&docx);
    assert!(
        text.contains(&b) && !text.contains(&a),
        "the corrected number"
    );
    assert!(text.contains("张三退还草场三亩"));
    let leader = t.api_login("leader_t1").await;
    let (status, docx) = t
        .download(&format!("{path}/agreement.docx"), Some(&leader), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = docx_text(&docx);
    assert!(text.contains(&mask_id_card(&b)), "masked for a leader");
    assert!(!text.contains(&b) && !text.contains(&mask_id_card(&a)));
    // The 受理登记表 and 回访记录 (masked by default) follow it too.
    let browser = t.browser_login("mediator_v1").await;
    for doc in ["intake.docx", "return-visits.docx"] {
        let (status, docx) = t
            .download(&format!("/disputes/{id}/{doc}"), None, Some(&browser))
            .await;
        assert_eq!(status, StatusCode::OK, "{doc}");
        let text = docx_text(&docx);
        if doc == "intake.docx" {
            assert!(text.contains(&mask_id_card(&b)), "{doc}");
        }
        assert!(!text.contains(&mask_id_card(&a)), "{doc}");
    }
}

/// The 2024 dispute figures of T1: its own, its line in the county's town table, and the
/// dashboard's 矛盾纠纷 tile.
async fn figures(t: &TestApp) -> (i64, i64, bool) {
    let leader = t.api_login("leader_c1").await;
    let (_, f) = t.get("/api/v1/figures?org=T1&year=2024", &leader).await;
    let own = f["values"]["disputes"].as_i64().unwrap_or(-1);
    let (_, c) = t.get("/api/v1/figures?org=C1&year=2024", &leader).await;
    let town = c["towns"]
        .as_array()
        .and_then(|ts| ts.iter().find(|r| r["code"] == "T1"))
        .map_or(-1, |r| r["disputes"].as_i64().unwrap_or(0));
    let b = t.browser_login("leader_t1").await;
    let (_, html) = t.page(&b, "/dashboard?org=T1&year=2024").await;
    (own, town, html.contains("<strong>1</strong>矛盾纠纷"))
}

async fn running_deadlines(t: &TestApp, id: i64) -> i64 {
    Query::new(
        "SELECT COUNT(*) FROM deadlines WHERE register = 'dispute' AND record_id = $1 \
         AND settled_at IS NULL",
    )
    .bind(id)
    .fetch_scalar(&t.app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_withdrawn_dispute_counts_nowhere_until_an_administrator_restores_it() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (a, _) = ids();
    let m = t.api_login("mediator_v1").await;
    let id = accepted_case(&t, &m, "2024-03-05", &a).await;
    let path = format!("/api/v1/disputes/{id}");
    let b = t.browser_login("mediator_v1").await;
    let listed = |list: &Value| list["total"].as_i64().unwrap();
    let (_, list) = t.get("/api/v1/disputes", &m).await;
    assert_eq!(listed(&list), 1);
    assert_eq!(figures(&t).await, (1, 1, true));
    assert_eq!(
        running_deadlines(&t, id).await,
        1,
        "the one-month norm runs"
    );
    let (_, export) = t.page(&b, "/disputes/export?format=csv").await;
    assert!(export.contains("两户草场边界争执"));
    let on_todo = format!("/disputes/{id}\"");
    let (_, todo) = t.page(&b, "/").await;
    assert!(todo.contains(&on_todo), "on the to-do list");

    t.withdraw(&path, &m, "重复登记").await;
    assert_eq!(
        running_deadlines(&t, id).await,
        0,
        "settled with the withdrawal"
    );
    let (_, list) = t.get("/api/v1/disputes", &m).await;
    assert_eq!(listed(&list), 0, "the cached total follows: {list}");
    assert_eq!(list["totals"]["village"], 0);
    let (_, withdrawn) = t.get("/api/v1/disputes?withdrawn=true", &m).await;
    assert_eq!(listed(&withdrawn), 1);
    assert_eq!(
        figures(&t).await,
        (0, 0, false),
        "figures and the dashboard drop it"
    );
    let (_, page) = t.page(&b, "/disputes").await;
    assert!(page.contains("共 0 起"), "the list page's totals drop it");
    let (_, page) = t.page(&b, "/disputes?withdrawn=1").await;
    assert!(page.contains("共 1 起") && page.contains("已作废"));
    let (_, export) = t.page(&b, "/disputes/export?format=csv").await;
    assert!(!export.contains("两户草场边界争执"), "exports leave it out");
    let (_, todo) = t.page(&b, "/").await;
    assert!(!todo.contains(&on_todo), "off the to-do list");
    // A withdrawn case is neither edited nor moved through its steps.
    let (status, err) = t
        .patch(&path, &m, json!({"version": 2, "summary": "x"}))
        .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("withdrawn"))
    );
    let (status, err) = t.post(&format!("{path}/start"), &m, json!({})).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("withdrawn"))
    );
    let (_, page) = t.page(&b, &format!("/disputes/{id}")).await;
    assert!(page.contains("此记录已作废") && page.contains("重复登记"));
    assert!(
        !page.contains("/steps/"),
        "no step forms on a withdrawn case"
    );

    // Only an administrator restores it; then it counts again and its clock runs.
    let (status, _) = t.post(&format!("{path}/restore"), &m, json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = t.api_login("admin_t1").await;
    let (status, r) = t.post(&format!("{path}/restore"), &admin, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert!(r["withdrawn_at"].is_null());
    assert_eq!(
        running_deadlines(&t, id).await,
        1,
        "reopened with the restoration"
    );
    let (_, list) = t.get("/api/v1/disputes", &m).await;
    assert_eq!(listed(&list), 1);
    assert_eq!(figures(&t).await, (1, 1, true));
    let (_, export) = t.page(&b, "/disputes/export?format=csv").await;
    assert!(export.contains("两户草场边界争执"));
    let (h, actions) = t.history_actions(&path, &m).await;
    assert_eq!(actions, ["登记", "作废", "恢复"], "{h}");
    assert_eq!(h[1]["reason"], "重复登记");
}

#[tokio::test]
async fn the_edit_form_adds_removes_and_corrects_parties_without_script() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (a, b) = ids();
    let m = t.api_login("mediator_v1").await;
    let id = accepted_case(&t, &m, &fazhi::service::deadlines::today().to_string(), &a).await;
    let browser = t.browser_login("mediator_v1").await;
    let (_, page) = t.page(&browser, &format!("/disputes/{id}")).await;
    assert!(page.contains(&format!("href=\"/disputes/{id}/edit\"")) && page.contains("修改记录"));

    let edit = format!("/disputes/{id}/edit");
    let (status, html) = t.page(&browser, &edit).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&mask_id_card(&a)) && !html.contains(&a),
        "shown masked"
    );
    assert!(html.contains("name=\"party3_name\"") && !html.contains("name=\"party4_name\""));
    assert!(html.contains("删除此当事人") && html.contains("添加当事人"));

    let masked = mask_id_card(&a);
    let mut fields = vec![
        ("version", "1"),
        ("registered_on", ""),
        ("village", "V1"),
        ("source", "visit"),
        ("dispute_type", "草场纠纷"),
        ("summary", "两户草场边界争执"),
        ("party1_name", "张三"),
        ("party1_sex", "male"),
        ("party1_id_no", masked.as_str()),
        ("party1_phone", "138****5678"),
        ("party2_name", "李四"),
        ("party2_remove", "on"),
        ("party3_name", "王五"),
        ("party3_id_no", b.as_str()),
    ];
    let today = fazhi::service::deadlines::today().to_string();
    fields[1].1 = &today;
    // 「添加当事人」 posts the form back with one more row and saves nothing.
    let (status, _, html) = t
        .form(&browser, &format!("{edit}/add-party"), &fields, true)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("name=\"party4_name\"") && html.contains("value=\"王五\""));
    let (_, v) = t.get(&format!("/api/v1/disputes/{id}"), &m).await;
    assert_eq!(v["dispute"]["version"], 1, "nothing saved");

    let (status, headers, html) = t.form(&browser, &edit, &fields, true).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    assert_eq!(headers["location"], format!("/disputes/{id}"));
    let admin = t.api_login("admin_t1").await;
    let (_, v) = t
        .get(&format!("/api/v1/disputes/{id}?reveal=true"), &admin)
        .await;
    let parties: Vec<(&str, &str)> = v["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap(),
                p["id_no"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(parties, [("张三", a.as_str()), ("王五", b.as_str())]);
    assert_eq!(v["parties"][0]["phone"], "13812345678");

    // The same form on the old version: shown again, saying so, on the new version.
    let (status, _, html) = t.form(&browser, &edit, &fields, true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("已被他人修改") && html.contains("name=\"version\" value=\"2\""));
    // A bad number comes back by field, typed text kept.
    fields[0].1 = "2";
    fields[13].1 = "650102";
    let (status, _, html) = t.form(&browser, &edit, &fields, true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("href=\"#party3_id_no\"") && html.contains("value=\"650102\""));

    // 作废 from the page, with its reason.
    let (status, _, _) = t
        .form(
            &browser,
            &format!("/disputes/{id}/withdraw"),
            &[("reason", "录入错误")],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = t.page(&browser, &format!("/disputes/{id}")).await;
    assert!(page.contains("已作废") && page.contains("录入错误"));
}

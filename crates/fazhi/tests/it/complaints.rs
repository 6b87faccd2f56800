//! Complaints and petitions (举报投诉 / 信访, `src/registers/complaints/`, issue #18): the
//! acceptance and conclusion clocks with an approved extension, the 复查 and 复核 windows, the
//! portal's receipt (HMAC) and status, the unsatisfied callback that opens a linked case, repeat
//! detection, village scopes, the graded warnings, escaping, the throttle and bounded bodies.
//! The hand-counted dates are those of fazhi_domain::complaint's tests.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use crate::helpers::{kit_round_trip, Browser, Case, KitCase, KitUsers, TestApp};

const LIST: &str = "/api/v1/complaints";
const PUBLIC: &str = "/api/v1/public/complaints";

fn call(received_on: &str) -> Value {
    json!({"org": "T1", "channel": "phone", "class": "claim", "matter_type": "土地纠纷",
           "petitioner_name": "王五", "phone": "13812345678", "id_number": "110101199003071234",
           "subject": "承包地被邻居占用", "content": "反映村东头承包地被邻居占用，要求恢复地界",
           "received_on": received_on})
}

fn due_of<'a>(v: &'a Value, rule: &str) -> &'a Value {
    v["dues"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["rule"] == rule))
        .unwrap_or(&Value::Null)
}

async fn running(t: &TestApp) -> Vec<String> {
    fazhi::storage::Query::new(
        "SELECT rule_code FROM deadlines WHERE register = 'complaint' AND settled_at IS NULL \
         ORDER BY rule_code",
    )
    .fetch_scalars::<String>(&t.app.db)
    .await
    .unwrap()
}

async fn step(
    t: &TestApp,
    token: &str,
    id: &Value,
    step: &str,
    body: Value,
) -> (StatusCode, Value) {
    Case::of(t, LIST, token, id).step(step, body).await
}

/// Accepted on 2025-03-10 (the running example's acceptance) and concluded as given.
async fn accepted_and_concluded(case: &Case<'_>, outcome: &str, opinion: &str, on: &str) {
    let accepted = json!({"decision": "accepted", "on": "2025-03-10"});
    case.ok("accept", accepted).await;
    case.ok(
        "conclude",
        json!({"outcome": outcome, "opinion": opinion, "on": on}),
    )
    .await;
}

/// A fresh app with a case staff_t1 registered on 2025-03-03, on which `early` (a step and its
/// body) is refused before the reply, then accepted and concluded (`outcome`, `opinion`) on
/// 2025-05-09: the app, the staff's token and the case's id.
async fn concluded_case(
    early: (&str, Value),
    (outcome, opinion): (&str, &str),
) -> (TestApp, String, Value) {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let r = t.created(LIST, &staff, call("2025-03-03")).await;
    let id = r["id"].clone();
    let case = Case::of(&t, LIST, &staff, &id);
    let (status, _) = case.step(early.0, early.1).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no {} before the reply",
        early.0
    );
    accepted_and_concluded(&case, outcome, opinion, "2025-05-09").await;
    (t, staff, id)
}

/// `step` with `body` is refused (400) with a message on `field` that names `text`.
async fn refused_naming(case: &Case<'_>, step: &str, body: Value, (field, text): (&str, &str)) {
    let (status, err) = case.step(step, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let message = err["fields"][field].as_str().unwrap_or_default();
    assert!(message.contains(text), "{err}");
}

#[tokio::test]
async fn acceptance_and_conclusion_are_due_on_the_right_days_with_an_approved_extension_and_explained(
) {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let mut body = call("2025-03-03");
    body["referred"] = json!(true);
    body["external_number"] = json!("XF2025-000123");
    let r = t.created(LIST, &staff, body).await;
    let id = r["id"].clone();
    let case = Case::of(&t, LIST, &staff, &id);
    assert_eq!(r["acceptance_due"].as_str(), Some("2025-03-18"), "{r}");
    let (_, v) = t.get(&format!("{LIST}/{id}"), &staff).await;
    assert_eq!(
        due_of(&v, "complaint.acceptance")["due_on"].as_str(),
        Some("2025-03-18"),
        "{v}"
    );
    assert_eq!(
        due_of(&v, "complaint.referral_objection")["due_on"].as_str(),
        Some("2025-03-10")
    );
    assert!(
        !due_of(&v, "complaint.acceptance")["explanation"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{v}"
    );
    assert_eq!(
        running(&t).await,
        ["complaint.acceptance", "complaint.referral_objection"]
    );
    // The external case number is searchable.
    let (_, found) = t.get(&format!("{LIST}?search=000123"), &staff).await;
    assert_eq!(found["total"].as_i64(), Some(1), "{found}");
    let (_, none) = t.get(&format!("{LIST}?search=999999"), &staff).await;
    assert_eq!(none["total"].as_i64(), Some(0));

    let (status, v) = case
        .step(
            "accept",
            json!({"decision": "accepted", "on": "2025-03-10"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["conclusion_due"].as_str(), Some("2025-05-09"), "{v}");
    assert_eq!(running(&t).await, ["complaint.conclusion"]);
    let (status, _) = case.step("accept", json!({"decision": "accepted"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "decided once");

    // An extension needs the head's name and a reason, and is 30 days at most.
    let (status, err) = case
        .step(
            "extend",
            json!({"days": "10", "approved_by": "", "extension_reason": "需核查"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let too_long =
        json!({"days": "31", "approved_by": "镇长 王某", "extension_reason": "涉及多个部门"});
    refused_naming(&case, "extend", too_long, ("days", "30日")).await;
    let (status, v) = case.step("extend",
        json!({"days": "30", "approved_by": "镇长 王某", "extension_reason": "涉及多个部门，需进一步核查"})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // 60 + 30 days from 2025-03-10 is Sunday 2025-06-08: rolled to Monday.
    assert_eq!(v["conclusion_due"].as_str(), Some("2025-06-09"), "{v}");
    let (_, view) = t.get(&format!("{LIST}/{id}"), &staff).await;
    let lines = due_of(&view, "complaint.conclusion")["explanation"].to_string();
    assert!(lines.contains("延长") || lines.contains("30"), "{lines}");
    let due: String = t
        .scalar("SELECT CAST(due_date AS TEXT) FROM deadlines WHERE register = 'complaint' AND settled_at IS NULL")
        .await;
    assert_eq!(due, "2025-06-09");

    let (status, v) = case
        .step(
            "conclude",
            json!({"outcome": "supported",
        "opinion": "责令恢复原地界", "on": "2025-05-09"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(running(&t).await.is_empty());
    let (_, figures) = t.get(&format!("{LIST}/figures?year=2025"), &staff).await;
    assert_eq!(
        (
            figures["cases"].as_i64(),
            figures["decided_on_time"].as_i64(),
            figures["concluded_on_time"].as_i64()
        ),
        (Some(1), Some(1), Some(1)),
        "{figures}"
    );
    let (status, headers, bytes) = t
        .send(
            Request::builder()
                .uri(format!("{LIST}/{id}/opinion.docx"))
                .header(header::AUTHORIZATION, format!("Bearer {staff}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{headers:?}");
    let text = crate::helpers::docx_text(&bytes);
    assert!(
        text.contains("信访事项处理意见书") && text.contains("责令恢复原地界"),
        "{text}"
    );
}

#[tokio::test]
async fn review_and_recheck_windows_open_and_close_on_the_right_days() {
    // No 复查 before the reply.
    let early = ("review", json!({"requested_on": "2025-06-01"}));
    let (t, staff, id) = concluded_case(early, ("not_supported", "诉求缺乏依据")).await;
    let case = Case::of(&t, LIST, &staff, &id);
    // 30 days from 2025-05-09 is Sunday 06-08: the window stays open through Monday 06-09.
    let late = json!({"requested_on": "2025-06-10"});
    refused_naming(&case, "review", late, ("requested_on", "2025-06-09")).await;
    let (status, v) = case
        .step("review", json!({"requested_on": "2025-06-09"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, view) = t.get(&format!("{LIST}/{id}"), &staff).await;
    assert_eq!(
        due_of(&view, "complaint.review_reply")["due_on"].as_str(),
        Some("2025-07-09"),
        "{view}"
    );
    assert_eq!(running(&t).await, ["complaint.review_reply"]);
    let (status, v) = case
        .step(
            "review",
            json!({"answered_on": "2025-07-01", "opinion": "维持原处理意见"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(running(&t).await.is_empty());
    let late = json!({"requested_on": "2025-08-01"});
    refused_naming(&case, "recheck", late, ("requested_on", "2025-07-31")).await;
    let (status, _) = case.step("recheck",
        json!({"requested_on": "2025-07-31", "hearing_from": "2025-08-05", "hearing_to": "2025-08-07"})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = t.get(&format!("{LIST}/{id}"), &staff).await;
    // 2025-08-30 (Saturday) plus three hearing days is Tuesday 09-02.
    assert_eq!(
        due_of(&view, "complaint.recheck_reply")["due_on"].as_str(),
        Some("2025-09-02"),
        "{view}"
    );
    let (status, _) = case
        .step(
            "recheck",
            json!({"answered_on": "2025-08-20", "opinion": "维持复查意见"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, view) = t.get(&format!("{LIST}/{id}"), &staff).await;
    assert_eq!(view["state"].as_str(), Some("已复核（终局）"), "{view}");
    let (status, err) = case
        .step("recheck", json!({"requested_on": "2025-08-21"}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a 复核 opinion is final: {err}"
    );
}

fn citizen() -> Value {
    json!({"org": "T1", "class": "accusation", "matter_type": "环境污染", "petitioner_name": "李四",
           "phone": "13900000000", "subject": "河道被倾倒垃圾", "content": "村南河道每晚有人倾倒建筑垃圾"})
}

async fn file(t: &TestApp) -> Value {
    let (status, receipt) = t.request(Method::POST, PUBLIC, None, Some(citizen())).await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    receipt
}

/// `text` with its `n`th character (counting from the end) replaced.
fn changed(text: &str, n: usize) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let i = chars.len() - n;
    chars[i] = if chars[i] == '9' { '8' } else { '9' };
    chars.into_iter().collect()
}

#[tokio::test]
async fn a_receipt_verifies_and_with_one_changed_character_does_not() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let receipt = file(&t).await;
    let text = receipt["receipt_text"].as_str().unwrap().to_owned();
    let mac = receipt["receipt"].as_str().unwrap().to_owned();
    assert!(text.contains(receipt["code"].as_str().unwrap()), "{text}");
    assert!(!text.contains("13900000000"), "{text}");
    let staff = t.api_login("staff_t1").await;
    let check = |text: String, mac: String| {
        let (t, staff) = (&t, &staff);
        async move {
            let (status, v) = t
                .post(
                    &format!("{LIST}/verify-receipt"),
                    staff,
                    json!({"receipt_text": text, "verification": mac}),
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{v}");
            v
        }
    };
    let ok = check(text.clone(), mac.clone()).await;
    assert_eq!(ok["valid"], json!(true), "{ok}");
    assert!(ok["case_id"].as_i64().is_some(), "{ok}");
    // Copied with other line breaks and a lower-case code: still the same receipt.
    let ok = check(text.replace('\n', "\r\n  \n"), mac.to_lowercase()).await;
    assert_eq!(ok["valid"], json!(true), "{ok}");
    for bad in [
        check(text.replace("河道", "河堤"), mac.clone()).await,
        check(changed(&text, 1), mac.clone()).await,
        check(text.clone(), changed(&mac, 1)).await,
        check(text.clone(), changed(&mac, 20)).await,
    ] {
        assert_eq!(bad["valid"], json!(false), "{bad}");
        assert!(bad["case_id"].is_null());
    }
    // The staff page says the same.
    let b = t.browser_login("staff_t1").await;
    let (status, _, page) = t
        .form(
            &b,
            "/complaints/verify",
            &[("receipt_text", &text), ("verification", &mac)],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("核验通过"), "{page}");
    let (_, _, page) = t
        .form(
            &b,
            "/complaints/verify",
            &[("receipt_text", &changed(&text, 2)), ("verification", &mac)],
            true,
        )
        .await;
    assert!(page.contains("核验未通过"), "{page}");
}

#[tokio::test]
async fn the_status_answers_only_to_the_right_code_and_password() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let receipt = file(&t).await;
    let code = receipt["code"].as_str().unwrap().to_owned();
    let password = receipt["password"].as_str().unwrap().to_owned();
    assert!(code.starts_with("XF") && code.len() == 12, "{code}");
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
    assert_eq!(s["state"].as_str(), Some("待受理"));
    assert!(!s.to_string().contains("13900000000"), "{s}");
    for (c, p) in [
        (code.clone(), "wrong".to_owned()),
        ("XFAAAAAAAAAA".to_owned(), password.clone()),
        (code.to_lowercase(), format!("{password}x")),
        (String::new(), String::new()),
    ] {
        let (status, body) = status_of(c, p).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    }
    let staff = t.api_login("staff_t1").await;
    let (_, list) = t.get(LIST, &staff).await;
    assert!(!list.to_string().contains("argon2"), "{list}");
    let id = list["items"][0]["id"].clone();
    let case = Case::of(&t, LIST, &staff, &id);
    case.step("accept", json!({"decision": "accepted"})).await;
    let (status, v) = case
        .step(
            "conclude",
            json!({"outcome": "supported", "opinion": "已责令清理并设置监控"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, s) = status_of(code, password).await;
    assert_eq!(
        (
            s["state"].as_str(),
            s["outcome"].as_str(),
            s["opinion"].as_str()
        ),
        (
            Some("已办结"),
            Some("予以支持"),
            Some("已责令清理并设置监控")
        ),
        "{s}"
    );
}

#[tokio::test]
async fn an_unsatisfied_callback_opens_a_linked_case_and_leaves_the_first_unchanged() {
    let early = ("callback", json!({"satisfaction": "unsatisfied"}));
    let (t, staff, id) = concluded_case(early, ("partly_supported", "部分恢复地界")).await;
    let case = Case::of(&t, LIST, &staff, &id);
    let (_, before) = t.get(&format!("{LIST}/{id}"), &staff).await;
    let (status, v) = case
        .step(
            "callback",
            json!({"satisfaction": "unsatisfied", "on": "2025-05-20", "note": "认为地界仍未恢复"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (_, after) = t.get(&format!("{LIST}/{id}"), &staff).await;
    for field in [
        "outcome",
        "opinion",
        "concluded_on",
        "accepted_on",
        "subject",
        "content",
        "received_on",
    ] {
        assert_eq!(before[field], after[field], "{field} unchanged");
    }
    assert_eq!(after["satisfaction"].as_str(), Some("unsatisfied"));
    let new_id = after["reopened_as"][0].clone();
    assert!(new_id.is_i64(), "{after}");
    let (status, new) = t.get(&format!("{LIST}/{new_id}"), &staff).await;
    assert_eq!(status, StatusCode::OK, "{new}");
    assert_eq!(new["reopened_from"], id);
    assert_eq!(new["received_on"].as_str(), Some("2025-05-20"));
    assert!(
        new["concluded_on"].is_null() && new["acceptance"].is_null(),
        "{new}"
    );
    assert!(
        new["content"]
            .as_str()
            .unwrap()
            .contains("认为地界仍未恢复"),
        "{new}"
    );
    let (status, _) = case
        .step("callback", json!({"satisfaction": "satisfied"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "one callback per case");
    let (_, figures) = t.get(&format!("{LIST}/figures?year=2025"), &staff).await;
    assert_eq!(
        (
            figures["reopened"].as_i64(),
            figures["callbacks"].as_i64(),
            figures["satisfied"].as_i64()
        ),
        (Some(1), Some(1), Some(0)),
        "{figures}"
    );
}

#[tokio::test]
async fn a_repeat_from_the_same_person_about_the_same_matter_is_flagged_with_the_earlier_conclusion(
) {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let first = t.created(LIST, &staff, call("2025-03-03")).await;
    let id = first["id"].clone();
    let case = Case::of(&t, LIST, &staff, &id);
    accepted_and_concluded(&case, "explained", "已组织双方重新丈量", "2025-04-01").await;
    // The same phone, the same type, overlapping words, within a year.
    let mut again = call("2025-09-01");
    again["id_number"] = json!("");
    again["content"] = json!("再次反映承包地被占用，地界至今未恢复");
    let second = t.created(LIST, &staff, again).await;
    assert_eq!(second["repeat_of"], id, "{second}");
    let (_, view) = t.get(&format!("{LIST}/{}", second["id"]), &staff).await;
    assert_eq!(
        view["repeat"]["opinion"].as_str(),
        Some("已组织双方重新丈量"),
        "{view}"
    );
    assert_eq!(view["repeat"]["outcome"].as_str(), Some("解释说明"));
    // Another matter, or a year and more later, is not a repeat.
    let mut other = call("2025-09-02");
    other["matter_type"] = json!("低保");
    other["content"] = json!("咨询低保申请条件");
    assert!(t.created(LIST, &staff, other).await["repeat_of"].is_null());
    let late = t.created(LIST, &staff, call("2026-03-04")).await;
    assert_ne!(late["repeat_of"], id, "{late}");
    let b = t.browser_login("staff_t1").await;
    let (_, page) = t.page(&b, &format!("/complaints/{}", second["id"])).await;
    assert!(
        page.contains("重复信访") && page.contains("已组织双方重新丈量"),
        "{page}"
    );
    let (_, figures) = t.get(&format!("{LIST}/figures?year=2025"), &staff).await;
    assert_eq!(figures["repeats"].as_i64(), Some(1), "{figures}");
}

#[tokio::test]
async fn a_village_user_never_sees_another_villages_cases() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff_t1, staff_v2, mediator_v1, mediator_v2] = t
        .api_logins(["staff_t1", "staff_v2", "mediator_v1", "mediator_v2"])
        .await;
    let mut body = call("2025-03-03");
    body["org"] = json!("V1");
    let r = t.created(LIST, &staff_t1, body).await;
    let path = format!("{LIST}/{}", r["id"]);
    for other in [&staff_v2, &mediator_v2] {
        let (status, _) = t.get(&path, other).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = step(&t, other, &r["id"], "note", json!({"text": "看看"})).await;
        assert!(
            matches!(status, StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{status}"
        );
        let (_, list) = t.get(LIST, other).await;
        assert_eq!(list["total"].as_i64(), Some(0), "{list}");
    }
    let (status, v) = t.get(&path, &mediator_v1).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a village mediator follows their village's cases: {v}"
    );
    assert_eq!(v["phone"].as_str(), Some("13812345678"));
    let (status, _) = step(
        &t,
        &mediator_v1,
        &r["id"],
        "accept",
        json!({"decision": "accepted"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "but does not handle them");
    let leader = t.api_login("leader_t1").await;
    let (_, masked) = t.get(&path, &leader).await;
    assert_eq!(masked["phone"].as_str(), Some("138****5678"), "{masked}");
}

#[tokio::test]
async fn the_graded_warnings_change_on_the_right_days_in_the_list_and_on_the_to_do_list() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let today = fazhi::clock::today();
    let mut seen = Vec::new();
    for back in [0_i64, 12, 13, 14, 16, 20, 31, 33, 46, 48, 60] {
        let received = today - Duration::days(back);
        let r = t.created(LIST, &staff, call(&received.to_string())).await;
        let due: NaiveDate = r["acceptance_due"].as_str().unwrap().parse().unwrap();
        let (_, list) = t.get(&format!("{LIST}?per_page=100"), &staff).await;
        let item = list["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == r["id"])
            .unwrap()
            .clone();
        let late = (today - due).num_days();
        let grade = item["warning"].as_str();
        let expected = match late {
            d if d > 30 => Some("overdue_30"),
            d if d > 15 => Some("overdue_15"),
            d if d > 0 => Some("overdue"),
            // Due within 5 calendar days is within 5 working days.
            d if d >= -5 => Some("due_soon"),
            _ => grade,
        };
        assert_eq!(grade, expected, "due {due}, today {today}: {item}");
        seen.push(grade.map(str::to_owned));
    }
    for g in ["overdue_30", "overdue_15", "overdue"] {
        assert!(
            seen.iter().any(|s| s.as_deref() == Some(g)),
            "{g} in {seen:?}"
        );
    }
    // A 督办 order's own deadline grades the case too.
    let fresh = t.created(LIST, &staff, call(&today.to_string())).await;
    let leader = t.api_login("leader_t1").await;
    let (status, v) = step(
        &t,
        &leader,
        &fresh["id"],
        "supervise",
        json!({"order": "请于三日内查明情况", "due_on": (today + Duration::days(2)).to_string()}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        v["supervision_due"].as_str(),
        Some((today + Duration::days(2)).to_string().as_str())
    );
    let (_, list) = t.get(&format!("{LIST}?per_page=100"), &staff).await;
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == fresh["id"])
        .unwrap()
        .clone();
    assert_eq!(item["warning_label"].as_str(), Some("即将到期"), "{item}");
    // The overdue ones are on the to-do list with their grade.
    let (status, todo) = t.get("/api/v1/todo", &staff).await;
    assert_eq!(status, StatusCode::OK, "{todo}");
    assert!(
        todo.to_string().contains("信访预警：超期30日以上"),
        "{todo}"
    );
    // Staff may not issue 督办 orders.
    let (status, _) = step(
        &t,
        &staff,
        &fresh["id"],
        "supervise",
        json!({"order": "x", "due_on": today.to_string()}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

const SCRIPT: &str = "<script>alert(1)</script>";

/// Whether `page` shows the script as text (askama writes `<` as `&lt;` or `&#60;`).
fn shown_as_text(page: &str) -> bool {
    !page.contains(SCRIPT) && (page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"))
}

#[tokio::test]
async fn a_script_in_every_text_field_is_shown_as_text() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let mut body = call("2025-03-03");
    for field in [
        "petitioner_name",
        "address",
        "subject",
        "content",
        "external_number",
    ] {
        body[field] = json!(format!("{SCRIPT}{field}"));
    }
    body["matter_type"] = json!(SCRIPT);
    body["channel"] = json!("visit");
    body["representatives"] = json!(format!("{SCRIPT}、张三"));
    let r = t.created(LIST, &staff, body).await;
    let id = r["id"].clone();
    let case = Case::of(&t, LIST, &staff, &id);
    case.step("note", json!({"text": SCRIPT})).await;
    case.step("accept", json!({"decision": "accepted", "note": SCRIPT}))
        .await;
    case.step("assign", json!({"assignee": SCRIPT})).await;
    let (status, v) = case
        .step(
            "conclude",
            json!({"outcome": "supported", "opinion": SCRIPT,
        "facts": SCRIPT, "reasons": SCRIPT, "legal_basis": SCRIPT, "remedies": SCRIPT}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let b = t.browser_login("staff_t1").await;
    for path in [format!("/complaints/{id}"), "/complaints".to_owned()] {
        let (status, page) = t.page(&b, &path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(shown_as_text(&page), "{path}: {page}");
    }
    // The portal's receipt too.
    let anonymous = Browser {
        cookie: String::new(),
        csrf: String::new(),
    };
    let fields = [
        ("org", "T1"),
        ("class", "suggestion"),
        ("matter_type", SCRIPT),
        ("petitioner_name", SCRIPT),
        ("phone", "13900000000"),
        ("subject", SCRIPT),
        ("content", SCRIPT),
        ("address", SCRIPT),
    ];
    let (status, _, receipt) = t
        .form(&anonymous, "/public/complaints/submit", &fields, false)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{receipt}");
    assert!(shown_as_text(&receipt), "{receipt}");
}

#[tokio::test]
async fn a_flood_is_throttled_a_robot_and_an_oversized_body_are_refused_and_nothing_is_stored_half()
{
    let t = TestApp::spawn().await;
    t.seed().await;
    let mut robot = citizen();
    robot["website"] = json!("http://spam.example");
    let (status, err) = t.request(Method::POST, PUBLIC, None, Some(robot)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let mut big = citizen();
    big["content"] = json!("很".repeat(5_001));
    let (status, err) = t.request(Method::POST, PUBLIC, None, Some(big)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["content"].as_str().unwrap().contains("5000"),
        "{err}"
    );
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let (status, _) = t.request(Method::POST, PUBLIC, None, Some(citizen())).await;
        statuses.push(status);
    }
    assert_eq!(
        statuses[..2],
        [StatusCode::CREATED, StatusCode::CREATED],
        "{statuses:?}"
    );
    assert_eq!(statuses[3], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    let stored: i64 = t.scalar("SELECT COUNT(*) FROM complaints").await;
    assert_eq!(
        stored,
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count() as i64
    );
    // A body far over any limit is refused before it is read, never a 5xx.
    let huge = json!({"org": "T1", "content": "x".repeat(3 * 1024 * 1024)});
    let staff = t.api_login("staff_t1").await;
    let (status, _) = t.post(LIST, &staff, huge.clone()).await;
    assert!(status.is_client_error(), "{status}");
    let (status, _) = t.request(Method::POST, PUBLIC, None, Some(huge)).await;
    assert!(status.is_client_error(), "{status}");
    // A group visit names at most five representatives.
    let mut visit = call("2025-03-03");
    visit["channel"] = json!("visit");
    visit["representatives"] = json!("甲、乙、丙、丁、戊、己");
    let (status, err) = t.post(LIST, &staff, visit).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["representatives"]
            .as_str()
            .unwrap()
            .contains("5"),
        "{err}"
    );
    let stored_after: i64 = t.scalar("SELECT COUNT(*) FROM complaints").await;
    assert_eq!(stored_after, stored);
}

#[tokio::test]
async fn a_case_is_corrected_withdrawn_and_restored_on_the_kit_and_its_routes_are_documented() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, admin, outsider] = t.api_logins(["staff_t1", "admin_t1", "staff_t2"]).await;
    let r = t.created(LIST, &staff, call("2025-03-03")).await;
    let c = KitCase {
        path: format!("{LIST}/{}", r["id"]),
        list: LIST,
        entity: "complaint",
    };
    let users = KitUsers {
        writer: &staff,
        admin: &admin,
        outsider: &outsider,
    };
    kit_round_trip(&t, &c, &users, ("subject", "承包地地界纠纷"), "事项标题").await;

    let mut routes = crate::helpers::kit_routes("complaints");
    for s in [
        "accept",
        "refer",
        "assign",
        "note",
        "extend",
        "conclude",
        "callback",
        "review",
        "recheck",
        "supervise",
        "supervision-reply",
    ] {
        routes.push((format!("{LIST}/{{id}}/{s}"), "post"));
    }
    routes.push((LIST.to_owned(), "get"));
    routes.push((LIST.to_owned(), "post"));
    routes.push((format!("{LIST}/{{id}}"), "get"));
    routes.push((format!("{LIST}/figures"), "get"));
    routes.push((PUBLIC.to_owned(), "post"));
    routes.push((format!("{PUBLIC}/status"), "post"));
    t.openapi_with(&routes).await;
}

#[tokio::test]
async fn investigation_material_is_attached_to_a_case_in_scope_and_not_to_a_withdrawn_one() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let other = t.api_login("staff_t2").await;
    let r = t.created(LIST, &staff, call("2025-03-03")).await;
    let files = format!("{LIST}/{}/attachments", r["id"]);
    let photo =
        |token: &str| crate::helpers::upload(&files, token, "现场照片1.jpg", b"\xff\xd8\xff photo");
    let (status, _, _) = t.send(photo(&other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "another town's case");
    let (status, _, body) = t.send(photo(&staff)).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, list) = t.get(&files, &staff).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["file_name"].as_str())
        .collect();
    assert_eq!(names, ["现场照片1.jpg"]);
    let (status, _) = t.get(&files, &other).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(t.audit_count("attach", None).await, 1);

    let (status, v) = t
        .post(
            &format!("{LIST}/{}/withdraw", r["id"]),
            &staff,
            json!({"reason": "重复登记"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, _, _) = t.send(photo(&staff)).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a withdrawn case takes no files"
    );
}

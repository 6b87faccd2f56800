//! Normative documents (行政规范性文件, `src/registers/normative/`): the review gate refuses
//! deliberation and issue without a passing legality review (API and page, 409
//! `review_required`, an administrator included) and opens with one; publication fixes expiry and
//! evaluation from the validity (5 years; 暂行 2) and starts the filing and evaluation deadlines;
//! the portal's valid list changes when a document is repealed; citizens' comments are kept,
//! counted and shown only once approved; the ledger exports and imports back; the kit's round
//! trip.

use axum::http::StatusCode;
use chrono::Duration;
use fazhi::service::ledger::Ledger;
use fazhi::service::Caller;
use serde_json::{json, Value};

use crate::helpers::{Browser, KitCase, TestApp};
use crate::reviews::add_adviser;

const API: &str = "/api/v1/normative-documents";

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

fn draft(title: &str) -> Value {
    json!({"title": title, "drafting_unit": "党政办", "drafted_on": "2025-02-20",
           "full_text": "第一条 为加强草场管理，制定本规定。"})
}

/// A document registered as predating fazhi, published on `published_on`.
fn historical(title: &str, number: &str, published_on: &str) -> Value {
    json!({"title": title, "drafting_unit": "党政办", "doc_number": number,
           "issued_on": published_on, "published_on": published_on, "channel": "镇政府网站",
           "interpretation": "本规定明确了草场承包、流转和保护的要求。",
           "full_text": "第一条 为规范管理，制定本规定。", "historical": true})
}

async fn step(t: &TestApp, token: &str, doc: i64, step: &str, body: Value) -> (StatusCode, Value) {
    t.post(&format!("{API}/{doc}/{step}"), token, body).await
}

fn anonymous() -> Browser {
    Browser {
        cookie: String::new(),
        csrf: String::new(),
    }
}

/// Takes step `name` on `doc`, which must answer `status`; the answer.
async fn answers(
    t: &TestApp,
    (token, doc): (&str, i64),
    name: &str,
    body: Value,
    status: StatusCode,
) -> Value {
    let (got, v) = step(t, token, doc, name, body).await;
    assert_eq!(got, status, "{name}: {v}");
    v
}

/// `text` is in the error's `key` (its `message`, or a field's message).
fn says(err: &Value, key: &str, text: &str) {
    let found = if key == "message" {
        &err["message"]
    } else {
        &err["fields"][key]
    };
    assert!(
        found.as_str().is_some_and(|m| m.contains(text)),
        "{key} should say {text}: {err}"
    );
}

/// What the gate answers while no passing review is linked.
fn gate_refusal(err: &Value, text: &str) {
    assert_eq!(err["code"], "review_required", "{err}");
    says(err, "message", text);
}

#[tokio::test]
async fn a_document_is_deliberated_and_issued_only_after_a_passing_review() {
    let t = TestApp::spawn().await;
    t.seed().await;
    add_adviser(&t, "adviser_a", "T1").await;
    let [staff, admin, adviser] = t.api_logins(["staff_t1", "admin_t1", "adviser_a"]).await;
    let doc = id(&t.created(API, &staff, draft("东风镇草场管理规定")).await);
    let on = (staff.as_str(), doc);
    let issue = json!({"doc_number": "东政规〔2025〕1号", "issued_on": "2025-03-15"});
    let deliberate = json!({"deliberated_on": "2025-03-12", "meeting": "镇政府第5次常务会议"});
    let conflict = StatusCode::CONFLICT;

    // No review linked: refused, an administrator too, saying what is missing.
    for token in [&staff, &admin] {
        let err = answers(&t, (token, doc), "issue", issue.clone(), conflict).await;
        gate_refusal(&err, "印发前须经合法性审查");
    }
    let err = answers(&t, on, "deliberate", deliberate.clone(), conflict).await;
    gate_refusal(&err, "请先送请法律顾问审查");

    // A review of another kind cannot be linked.
    let review = |kind: &str, title: &str| {
        json!({"kind": kind, "title": title, "requesting_unit": "党政办",
               "subject": "规范草场承包和流转", "adviser": "adviser_a", "sent_on": "2025-03-03"})
    };
    let reviews = "/api/v1/review-requests";
    let other = t
        .created(reviews, &staff, review("contract", "某合同"))
        .await;
    let link = json!({"review": other["number"]});
    let err = answers(&t, on, "send-review", link, StatusCode::BAD_REQUEST).await;
    says(&err, "review", "行政规范性文件");

    // The review linked but not answered: still refused, on the page too, naming the review.
    let r = t
        .created(
            reviews,
            &staff,
            review("normative_document", "东风镇草场管理规定"),
        )
        .await;
    let number = r["number"].as_str().unwrap().to_owned();
    let v = answers(
        &t,
        on,
        "send-review",
        json!({"review": number}),
        StatusCode::OK,
    )
    .await;
    assert_eq!(v["review_number"], number.as_str());
    let err = answers(&t, on, "deliberate", deliberate.clone(), conflict).await;
    gate_refusal(&err, &format!("审查 {number} 尚未出具意见"));
    let browser = t.browser_login("staff_t1").await;
    let issue_page = format!("/normative-documents/{doc}/steps/issue");
    let typed = [
        ("doc_number", "东政规〔2025〕1号"),
        ("issued_on", "2025-03-15"),
    ];
    let page = t
        .form_answers(&browser, &issue_page, &typed, StatusCode::BAD_REQUEST)
        .await;
    assert!(
        page.contains(&format!("审查 {number} 尚未出具意见")),
        "{page}"
    );

    // 修改后合法 without the changes adopted: refused; adopted: the gate opens.
    let rid = id(&r);
    let opinion = json!({"conclusion": "lawful_after_changes", "text": "删去第五条罚款内容",
                         "answered_on": "2025-03-10"});
    let (status, v) = t
        .post(&format!("{reviews}/{rid}/opinion"), &adviser, opinion)
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let err = answers(&t, on, "deliberate", deliberate.clone(), conflict).await;
    gate_refusal(&err, "尚未记录已采纳修改意见");
    let adopted = json!({"adopted": true});
    let (status, v) = t
        .post(&format!("{reviews}/{rid}/adoption"), &staff, adopted)
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");

    // Issue before deliberation: the meeting is asked for.
    let err = answers(&t, on, "issue", issue.clone(), StatusCode::BAD_REQUEST).await;
    says(&err, "deliberated_on", "集体审议");
    answers(&t, on, "deliberate", deliberate, StatusCode::OK).await;
    // A field of another step is refused by name; the number is required.
    let wrong = json!({"issued_on": "2025-03-15", "published_on": "2025-03-20"});
    let err = answers(&t, on, "issue", wrong, StatusCode::BAD_REQUEST).await;
    says(&err, "published_on", "这一步不填写");
    says(&err, "doc_number", "请填写文号");
    // Issued on the page.
    let typed = [("registration_number", "DFZ-2025-001"), typed[0], typed[1]];
    t.form_answers(&browser, &issue_page, &typed, StatusCode::SEE_OTHER)
        .await;
    let (_, v) = t.get(&format!("{API}/{doc}"), &staff).await;
    let issued = (
        v["issued_on"].as_str(),
        v["doc_number"].as_str(),
        v["year"].as_i64(),
    );
    assert_eq!(
        issued,
        (Some("2025-03-15"), Some("东政规〔2025〕1号"), Some(2025)),
        "{v}"
    );
    // Once issued, the drafting steps are closed.
    let again = json!({"deliberated_on": "2025-03-13", "meeting": "again"});
    let err = answers(&t, on, "deliberate", again, conflict).await;
    assert_eq!(err["code"], "step_not_available", "{err}");

    // Published: the filing deadline runs 15 days from publication until filed.
    let publish =
        json!({"published_on": "2025-03-20", "channel": "镇政府网站", "interpretation": "解读"});
    answers(&t, on, "publish", publish, StatusCode::OK).await;
    let filing = format!(
        "FROM deadlines WHERE register = 'normative' AND record_id = {doc} \
         AND rule_code = 'normative.filing' AND settled_at IS NULL"
    );
    let due: String = t
        .scalar(&format!("SELECT CAST(due_date AS TEXT) {filing}"))
        .await;
    assert_eq!(due, "2025-04-04");
    let filed = json!({"filed_on": "2025-04-01", "filing_body": "县司法局"});
    answers(&t, on, "file", filed, StatusCode::OK).await;
    let running: i64 = t.scalar(&format!("SELECT COUNT(*) {filing}")).await;
    assert_eq!(running, 0, "settled once filed");
    // The figures count it: issued and filed on time in 2025.
    let (status, f) = t.get(&format!("{API}/figures?year=2025"), &staff).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    let counted = (
        f["issued"].as_i64(),
        f["published"].as_i64(),
        f["filed_on_time"].as_i64(),
    );
    assert_eq!(counted, (Some(1), Some(1), Some(1)), "{f}");
    // The history names the steps.
    let (_, h) = t.get(&format!("{API}/{doc}/history"), &staff).await;
    let text = h.to_string();
    for a in [
        "关联合法性审核",
        "记录集体审议",
        "统一登记编号并印发",
        "公布",
        "报送备案",
    ] {
        assert!(text.contains(&format!("\"action\":\"{a}\"")), "{a}: {h}");
    }
}

#[tokio::test]
async fn expiry_and_evaluation_follow_the_validity() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let doc = t
        .created(
            API,
            &staff,
            historical("东风镇草场管理规定", "东政规〔2024〕1号", "2024-03-01"),
        )
        .await;
    assert_eq!(
        (
            doc["validity_years"].as_i64(),
            doc["expires_on"].as_str(),
            doc["evaluation_due"].as_str()
        ),
        (Some(5), Some("2029-02-28"), Some("2028-08-28")),
        "{doc}"
    );
    let mut body = historical(
        "东风镇草场补贴发放暂行办法",
        "东政规〔2024〕2号",
        "2024-03-01",
    );
    let provisional = t.created(API, &staff, body.clone()).await;
    assert_eq!(
        (
            provisional["validity_years"].as_i64(),
            provisional["expires_on"].as_str(),
            provisional["evaluation_due"].as_str()
        ),
        (Some(2), Some("2026-02-28"), Some("2025-08-28")),
        "{provisional}"
    );
    // 暂行 for three years: refused with the rule.
    body["validity_years"] = json!("3");
    body["doc_number"] = json!("东政规〔2024〕3号");
    let (status, err) = t.post(API, &staff, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["validity_years"]
            .as_str()
            .unwrap()
            .contains("最长 2 年"),
        "{err}"
    );
    // Three years and a later effective date: both dates follow.
    let path = format!("{API}/{}", id(&doc));
    let (status, v) = t.patch(&path, &staff,
        json!({"version": 1, "validity_years": "3", "effective_on": "2024-04-01", "reason": "按印发文件更正施行日期"})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        (v["expires_on"].as_str(), v["evaluation_due"].as_str()),
        (Some("2027-03-31"), Some("2026-09-30")),
        "{v}"
    );
    // The evaluation is on the to-do list six months before expiry (a historical record's
    // filing is not chased).
    let due: String = t.scalar(&format!(
        "SELECT CAST(due_date AS TEXT) FROM deadlines WHERE register = 'normative' AND record_id = {} \
         AND rule_code = 'normative.evaluation' AND settled_at IS NULL", id(&provisional))).await;
    assert_eq!(due, "2025-08-28");
    let filing: i64 = t
        .scalar("SELECT COUNT(*) FROM deadlines WHERE rule_code = 'normative.filing'")
        .await;
    assert_eq!(filing, 0);
    // Evaluated: settled.
    let (status, v) = step(&t, &staff, id(&provisional), "evaluate",
        json!({"evaluated_on": "2025-08-20", "evaluation_result": "继续有效", "evaluation_note": "经评估继续施行"})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["evaluation_result"], "keep");
    let running: i64 = t.scalar(&format!(
        "SELECT COUNT(*) FROM deadlines WHERE record_id = {} AND register = 'normative' AND settled_at IS NULL",
        id(&provisional))).await;
    assert_eq!(running, 0);
}

#[tokio::test]
async fn the_portal_lists_documents_in_force_until_one_is_repealed() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let today = fazhi::clock::today();
    let published = (today - Duration::days(60)).to_string();
    let kept = t
        .created(
            API,
            &staff,
            historical("东风镇草场管理规定", "东政规〔2024〕1号", &published),
        )
        .await;
    let old = t
        .created(
            API,
            &staff,
            historical(
                "东风镇农村人居环境整治办法",
                "东政规〔2024〕2号",
                &published,
            ),
        )
        .await;
    let replacing = t
        .created(
            API,
            &staff,
            historical(
                "东风镇人居环境长效管护办法",
                "东政规〔2024〕3号",
                &published,
            ),
        )
        .await;
    let anonymous = anonymous();
    let (status, page) = t.page(&anonymous, "/public/normative-documents").await;
    assert_eq!(status, StatusCode::OK);
    for title in [
        "东风镇草场管理规定",
        "东风镇农村人居环境整治办法",
        "东风镇人居环境长效管护办法",
    ] {
        assert!(page.contains(title), "{title}: {page}");
    }
    // Repealed by the newer document: off the list, its own page says so.
    let (status, v) = step(
        &t,
        &staff,
        id(&old),
        "repeal",
        json!({"ended_on": today.to_string(), "ended_by": "东政规〔2024〕3号"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["ended_by_id"].as_i64(), Some(id(&replacing)));
    let (_, page) = t.page(&anonymous, "/public/normative-documents").await;
    assert!(!page.contains("东风镇农村人居环境整治办法"), "{page}");
    assert!(page.contains("东风镇草场管理规定"), "{page}");
    let (status, one) = t
        .page(
            &anonymous,
            &format!("/public/normative-documents/{}", id(&old)),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        one.contains("已废止") && one.contains("东风镇人居环境长效管护办法"),
        "{one}"
    );
    let (_, one) = t
        .page(
            &anonymous,
            &format!("/public/normative-documents/{}", id(&kept)),
        )
        .await;
    assert!(
        one.contains("现行有效") && one.contains("本规定明确了草场承包"),
        "{one}"
    );
    // Per town: another town's list does not show them; an unknown code is a filter error.
    let (_, other) = t
        .page(&anonymous, "/public/normative-documents?org=T2")
        .await;
    assert!(!other.contains("东风镇草场管理规定"), "{other}");
    let (status, _) = t
        .page(&anonymous, "/public/normative-documents?org=NOPE")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Withdrawn: off the portal altogether.
    let (status, _) = t
        .post(
            &format!("{API}/{}/withdraw", id(&kept)),
            &staff,
            json!({"reason": "重复登记"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = t.page(&anonymous, "/public/normative-documents").await;
    assert!(!page.contains("东风镇草场管理规定"), "{page}");
    let (status, _) = t
        .page(
            &anonymous,
            &format!("/public/normative-documents/{}", id(&kept)),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The figures: one repealed this year, one valid now.
    let (_, f) = t
        .get(
            &format!("{API}/figures?year={}", fazhi::clock::today().format("%Y")),
            &staff,
        )
        .await;
    assert_eq!(
        (f["repealed"].as_i64(), f["valid_at_year_end"].as_i64()),
        (Some(1), Some(1)),
        "{f}"
    );
}

#[tokio::test]
async fn comments_on_a_draft_are_kept_counted_and_shown_once_approved() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let doc = id(&t.created(API, &staff, draft("东风镇草场管理规定")).await);
    let anonymous = anonymous();
    let page = format!("/public/normative-documents/{doc}");
    // Not put out for comment: not on the portal.
    let (status, _) = t.page(&anonymous, &page).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A comment period shorter than 7 working days is refused unless a reason is given.
    let today = fazhi::clock::today();
    let (status, err) = step(&t, &staff, doc, "open-comment",
        json!({"comment_from": today.to_string(), "comment_to": (today + Duration::days(2)).to_string()})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["comment_to"]
            .as_str()
            .unwrap()
            .contains("缩短理由"),
        "{err}"
    );
    let (status, v) = step(&t, &staff, doc, "open-comment",
        json!({"comment_from": today.to_string(), "comment_to": (today + Duration::days(30)).to_string()})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, html) = t.page(&anonymous, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("征求意见稿")
            && html.contains("提出意见建议")
            && html.contains("第一条 为加强草场管理"),
        "{html}"
    );
    let (status, list) = t.page(&anonymous, "/public/normative-documents").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        list.contains("正在公开征求意见的草案") && list.contains("东风镇草场管理规定"),
        "{list}"
    );

    // Two comments and a robot's (the honeypot filled): two kept, none shown yet.
    let (status, _, html) = t
        .form(
            &anonymous,
            &page,
            &[("author", "牧民甲"), ("body", "建议明确草场补贴发放时限")],
            false,
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(html.contains("您的意见已收到"), "{html}");
    t.form(&anonymous, &page, &[("body", "广告内容")], false)
        .await;
    t.form(
        &anonymous,
        &page,
        &[("body", "买药"), ("website", "http://spam.example")],
        false,
    )
    .await;
    let (status, _, html) = t.form(&anonymous, &page, &[("body", "")], false).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{html}");
    let stored: i64 = t.scalar("SELECT COUNT(*) FROM normative_comments").await;
    assert_eq!(stored, 2);
    let (_, html) = t.page(&anonymous, &page).await;
    assert!(
        !html.contains("建议明确草场补贴发放时限"),
        "not shown before moderation"
    );
    let (_, v) = t.get(&format!("{API}/{doc}"), &staff).await;
    assert_eq!(
        (
            v["comments_received"].as_i64(),
            v["comments_shown"].as_i64()
        ),
        (Some(2), Some(0)),
        "{v}"
    );

    // Staff approve one (API) and hide the other (page): only the approved one is shown; both count.
    let (_, comments) = t.get(&format!("{API}/{doc}/comments"), &staff).await;
    let ids: Vec<i64> = comments.as_array().unwrap().iter().map(id).collect();
    let (status, c) = t
        .post(
            &format!("{API}/{doc}/comments/{}/moderation", ids[0]),
            &staff,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(
        (status, c["state"].as_str()),
        (StatusCode::OK, Some("approved")),
        "{c}"
    );
    let browser = t.browser_login("staff_t1").await;
    t.form_answers(
        &browser,
        &format!("/normative-documents/{doc}/comments/{}/hide", ids[1]),
        &[],
        StatusCode::SEE_OTHER,
    )
    .await;
    let (_, html) = t.page(&anonymous, &page).await;
    assert!(
        html.contains("建议明确草场补贴发放时限") && !html.contains("广告内容"),
        "{html}"
    );
    let (_, staff_page) = t
        .page(&browser, &format!("/normative-documents/{doc}"))
        .await;
    assert!(
        staff_page.contains("收到公众意见 2 条，已公开 1 条") && staff_page.contains("不予公开"),
        "{staff_page}"
    );
    // A viewer reads but does not moderate; a comment of another document is not found.
    let viewer = t.api_login("viewer_t1").await;
    let (status, _) = t
        .post(
            &format!("{API}/{doc}/comments/{}/moderation", ids[1]),
            &viewer,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let other = id(&t.created(API, &staff, draft("另一份草案")).await);
    let (status, _) = t
        .post(
            &format!("{API}/{other}/comments/{}/moderation", ids[1]),
            &staff,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Too many submissions from one address are slowed down.
    let mut throttled = false;
    for _ in 0..8 {
        let (status, _, _) = t
            .form(&anonymous, &page, &[("body", "重复意见")], false)
            .await;
        throttled |= status == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(throttled, "the portal throttle answers 429");
}

#[tokio::test]
async fn the_ledger_exports_and_imports_back_with_the_dates_worked_out_again() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    t.created(
        API,
        &staff,
        historical("东风镇草场管理规定", "东政规〔2024〕1号", "2024-03-01"),
    )
    .await;
    t.created(
        API,
        &staff,
        historical(
            "东风镇草场补贴发放暂行办法",
            "东政规〔2024〕2号",
            "2024-05-10",
        ),
    )
    .await;
    let op = Caller::operator();
    let (name, bytes) = fazhi::service::ledger::export(
        &t.app,
        &op,
        Ledger::NormativeDocuments,
        "T1",
        None,
        fazhi_ledger::Format::Csv,
    )
    .await
    .expect("export");
    assert!(name.starts_with("行政规范性文件台账"), "{name}");
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(
        text.contains("东政规〔2024〕2号") && text.contains("2026-05-09"),
        "{text}"
    );
    // Into another town: the same documents, their validity worked out again.
    let report = t
        .import_csv(Ledger::NormativeDocuments, "T2", bytes.clone(), false)
        .await;
    assert_eq!(report.imported, 2, "{report:?}");
    let other = t.api_login("staff_t2").await;
    let (_, l) = t.get(API, &other).await;
    assert_eq!(l["total"].as_i64(), Some(2), "{l}");
    let provisional = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["doc_number"] == "东政规〔2024〕2号")
        .expect("imported");
    assert_eq!(
        (
            provisional["expires_on"].as_str(),
            provisional["historical"].as_bool()
        ),
        (Some("2026-05-09"), Some(true)),
        "{provisional}"
    );
    // A row issued without a review and not marked historical is refused, the whole file with it.
    let bad = "文件名称,文号,起草单位,印发日期,集体审议日期\n某规定,东政规〔2025〕9号,党政办,2025-03-01,2025-02-20\n";
    let report = t
        .import_csv(Ledger::NormativeDocuments, "T2", bad, false)
        .await;
    assert_eq!(report.imported, 0, "{report:?}");
    assert!(
        report.errors.iter().any(|e| e.contains("合法性审查")),
        "{report:?}"
    );
    // The register's own export carries the same columns.
    let b = t.browser_login("staff_t1").await;
    let (status, bytes) = t
        .download("/normative-documents/export?format=csv", None, Some(&b))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&bytes).contains("东风镇草场补贴发放暂行办法"));
}

#[tokio::test]
async fn a_document_is_corrected_withdrawn_and_restored_on_the_kit() {
    let (t, staff, record) = TestApp::with_record(API, draft("东风镇草场管理规定")).await;
    let c = KitCase::of(API, "normative_document", &record);
    c.round_trip(&t, &staff, ("title", "东风镇草场保护管理规定"), "文件名称")
        .await;
    // The list page and the record page show it.
    let b = t.browser_login("staff_v1").await;
    let (status, list) = t.page(&b, "/normative-documents").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("东风镇草场保护管理规定"), "{list}");
    let (status, page) = t
        .page(&b, &format!("/normative-documents/{}", id(&record)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("修改记录"), "{page}");
}

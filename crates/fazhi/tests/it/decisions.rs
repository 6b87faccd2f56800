//! Major administrative decisions (重大行政决策, `src/registers/decisions/`): the decision is made
//! only after a passing legality review (409 `review_required` on the API and the page, an
//! administrator included; a historical record is let through, marked), the comment window of
//! at least 30 days is a rule shown with its article, the package before collective discussion
//! names what it lacks, the portal shows only the published catalogue, and the report's （二）
//! sentences count what was recorded; plus the kit's round trip.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{Browser, Case, KitCase, TestApp};
use crate::reviews::add_adviser;

fn decision(title: &str) -> Value {
    json!({"year": 2025, "title": title, "category": "重大公共建设项目",
           "lead_unit": "经济发展办公室", "planned_on": "2025-10-31"})
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

/// A fresh app with the fixture, adviser `adviser_a` of the town, and staff_t1's token.
async fn town() -> (TestApp, String) {
    let t = TestApp::spawn().await;
    t.seed().await;
    add_adviser(&t, "adviser_a", "T1").await;
    let staff = t.api_login("staff_t1").await;
    (t, staff)
}

/// Sends a review request of `kind` to adviser_a; answered with `conclusion` when given, and
/// its adoption recorded when `adopted` is given. Returns its number and id.
async fn review(
    t: &TestApp,
    staff: &str,
    kind: &str,
    conclusion: Option<&str>,
    adopted: Option<bool>,
) -> (String, i64) {
    let r = t
        .created(
            "/api/v1/review-requests",
            staff,
            json!({"kind": kind, "title": "镇区农贸市场改造建设方案", "requesting_unit": "经济发展办公室",
                   "subject": "改造方案草案", "adviser": "adviser_a", "sent_on": "2025-03-03"}),
        )
        .await;
    let rid = id(&r);
    if let Some(c) = conclusion {
        let adviser = t.api_login("adviser_a").await;
        let (status, v) = t
            .post(
                &format!("/api/v1/review-requests/{rid}/opinion"),
                &adviser,
                json!({"conclusion": c, "text": "审查意见", "answered_on": "2025-03-12"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    if let Some(a) = adopted {
        let (status, v) = t
            .post(
                &format!("/api/v1/review-requests/{rid}/adoption"),
                staff,
                json!({"adopted": a, "reason": if a { "" } else { "与上级政策冲突" }}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    (r["number"].as_str().unwrap().to_owned(), rid)
}

const LIST: &str = "/api/v1/decisions";

async fn step(t: &TestApp, token: &str, id: i64, step: &str, body: Value) -> (StatusCode, Value) {
    Case::of(t, LIST, token, id).step(step, body).await
}

/// A new decision titled `title`, by `staff`; its id.
async fn created(t: &TestApp, staff: &str, title: &str) -> i64 {
    id(&t.created(LIST, staff, decision(title)).await)
}

/// Records the three procedures besides legality review as done (expert review found not
/// applicable, with its reason).
async fn procedures_done(t: &TestApp, token: &str, id: i64) {
    for (name, body) in [
        (
            "public-participation",
            json!({"starts_on": "2025-01-06", "ends_on": "2025-02-10", "comments_received": 12,
                   "comments_adopted": 5, "done_on": "2025-02-14", "evidence": "社会公众意见采纳情况说明"}),
        ),
        (
            "expert-review",
            json!({"not_applicable": true, "reason": "事项专业性、技术性不强"}),
        ),
        (
            "risk-assessment",
            json!({"done_on": "2025-02-20", "evidence": "社会稳定风险评估报告"}),
        ),
    ] {
        let (status, v) = step(t, token, id, name, body).await;
        assert_eq!(status, StatusCode::OK, "{name}: {v}");
    }
}

fn meeting() -> Value {
    json!({"held_on": "2025-03-20", "meeting": "党政联席会议", "attendees": "镇长、副镇长甲、副镇长乙",
           "views": "同意改造方案", "dissent": "副镇长乙：建议分期实施", "conclusion": "同意实施，分两期建设"})
}

#[tokio::test]
async fn a_decision_is_made_only_after_a_passing_review() {
    let (t, staff) = town().await;
    let admin = t.api_login("admin_t1").await;
    let d = t
        .created(
            "/api/v1/decisions",
            &staff,
            decision("镇区农贸市场改造建设项目"),
        )
        .await;
    let did = id(&d);
    let dec = Case::of(&t, LIST, &staff, did);
    procedures_done(&t, &staff, did).await;

    // No review linked: refused, an administrator too, saying what is missing.
    for token in [&staff, &admin] {
        let (status, err) = step(&t, token, did, "decide", meeting()).await;
        assert_eq!(status, StatusCode::CONFLICT, "{err}");
        assert_eq!(err["code"], "review_required", "{err}");
        assert!(
            err["message"]
                .as_str()
                .unwrap()
                .contains("作出决定前须经合法性审查（重大行政决策）"),
            "{err}"
        );
    }
    // The page says the same.
    let b = t.browser_login("staff_t1").await;
    let path = format!("/decisions/{did}/steps/decide");
    let pairs = [
        ("held_on", "2025-03-20"),
        ("meeting", "党政联席会议"),
        ("attendees", "镇长、副镇长甲"),
        ("conclusion", "同意实施"),
    ];
    let (status, _, page) = t.form(&b, &path, &pairs, true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        page.contains("作出决定前须经合法性审查（重大行政决策）"),
        "{page}"
    );

    // A review of another kind cannot be linked.
    let (contract_number, _) = review(&t, &staff, "contract", None, None).await;
    let (status, err) = dec
        .step("legality-review", json!({"review": contract_number}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["review"]
            .as_str()
            .unwrap()
            .contains("重大行政决策"),
        "{err}"
    );

    // Linked but not answered yet: still refused, naming the review.
    let (number, rid) = review(&t, &staff, "major_decision", None, None).await;
    let (status, v) = dec.step("legality-review", json!({"review": number})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["review_number"], number.as_str());
    let (status, err) = dec.step("decide", meeting()).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("review_required")),
        "{err}"
    );
    assert!(
        err["message"]
            .as_str()
            .unwrap()
            .contains(&format!("审查 {number} 尚未出具意见")),
        "{err}"
    );

    // Answered 合法: the gate opens, and the decision is made through every procedure.
    let adviser = t.api_login("adviser_a").await;
    let (status, v) = t
        .post(
            &format!("/api/v1/review-requests/{rid}/opinion"),
            &adviser,
            json!({"conclusion": "lawful", "text": "程序合法，内容合法", "answered_on": "2025-03-12"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, v) = dec.step("decide", meeting()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["decided_on"], "2025-03-20");
    assert_eq!(v["procedures_followed"], true);
    assert_eq!(
        v["discussion"]["dissent"], "副镇长乙：建议分期实施",
        "dissent kept: {v}"
    );
    // Made once: the procedures are what was tabled.
    let (status, err) = dec.step("decide", meeting()).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("already_decided"))
    );
    let (status, err) = dec
        .step(
            "expert-review",
            json!({"done_on": "2025-03-25", "evidence": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    // The page shows the decision and its checklist.
    let (status, page) = t.page(&b, &format!("/decisions/{did}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("完整履行") && page.contains("已关联"),
        "{page}"
    );

    // A decision that predates fazhi is let through the gate, marked, and not counted as
    // having followed every procedure.
    let mut old = decision("2024年度镇区道路硬化项目");
    old["historical"] = json!(true);
    let h = t.created("/api/v1/decisions", &staff, old).await;
    let (status, v) = step(&t, &staff, id(&h), "decide", meeting()).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(
        (
            v["historical"].as_bool(),
            v["procedures_followed"].as_bool()
        ),
        (Some(true), Some(false))
    );
    let (_, page) = t.page(&b, &format!("/decisions/{}", id(&h))).await;
    assert!(page.contains("历史记录"), "{page}");
}

#[tokio::test]
async fn a_comment_window_shorter_than_thirty_days_is_refused_with_the_rule() {
    let (t, staff) = town().await;
    let did = created(&t, &staff, "农村人居环境整治方案").await;
    let dec = Case::of(&t, LIST, &staff, did);
    let short = json!({"starts_on": "2025-03-01", "ends_on": "2025-03-20"});
    let (status, err) = dec.step("public-participation", short.clone()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    let message = err["fields"]["ends_on"].as_str().unwrap();
    assert!(
        message.contains("不少于30日") && message.contains("第十五条"),
        "{err}"
    );
    assert!(
        message.contains("2025-03-31"),
        "says the earliest end: {err}"
    );
    // Nothing was written.
    let (_, v) = t.get(&format!("/api/v1/decisions/{did}"), &staff).await;
    assert!(v["comment_starts_on"].is_null(), "{v}");
    // On the page too, with the rule.
    let b = t.browser_login("staff_t1").await;
    let path = format!("/decisions/{did}/steps/public-participation");
    let pairs = [
        ("not_applicable", "false"),
        ("starts_on", "2025-03-01"),
        ("ends_on", "2025-03-20"),
    ];
    let (status, _, page) = t.form(&b, &path, &pairs, true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("不少于30日"), "{page}");
    // A shortened window with its reason stated is accepted; so is a full one.
    let mut urgent = short;
    urgent["shortened_reason"] = json!("汛期抢险，情况紧急");
    let (status, v) = dec.step("public-participation", urgent).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, v) = dec.step("public-participation",
        json!({"starts_on": "2025-03-01", "ends_on": "2025-03-31", "comments_received": 3, "comments_adopted": 4})).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "more adopted than received: {v}"
    );
    assert!(v["fields"]["comments_adopted"].is_string(), "{v}");
}

#[tokio::test]
async fn an_incomplete_package_is_refused_naming_what_is_missing() {
    let (t, staff) = town().await;
    let did = created(&t, &staff, "镇区集中供热改造项目").await;
    let dec = Case::of(&t, LIST, &staff, did);
    let (number, _) = review(&t, &staff, "major_decision", Some("lawful"), None).await;
    let (status, v) = dec.step("legality-review", json!({"review": number})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // Risk assessment done; the other two undecided.
    let (status, v) = dec
        .step(
            "risk-assessment",
            json!({"done_on": "2025-02-20", "evidence": "风险评估报告"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, p) = t
        .get(&format!("/api/v1/decisions/{did}/package"), &staff)
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["complete"], false);
    let procedures: Vec<&str> = p["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["procedure"].as_str().unwrap())
        .collect();
    assert_eq!(procedures, ["public_participation", "expert_review"], "{p}");

    let (status, err) = dec.step("decide", meeting()).await;
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("package_incomplete")),
        "{err}"
    );
    let message = err["message"].as_str().unwrap();
    assert!(message.contains("第二十九条"), "{err}");
    assert!(
        message.contains("请确定是否需要公众参与") && message.contains("请确定是否需要专家论证"),
        "{err}"
    );
    assert!(
        !message.contains("风险评估"),
        "risk assessment is done: {err}"
    );
    // A skipped procedure needs its reason.
    let (status, err) = dec
        .step("expert-review", json!({"not_applicable": true}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["reason"]
            .as_str()
            .unwrap()
            .contains("写明理由"),
        "{err}"
    );
    // The page lists the missing items.
    let b = t.browser_login("staff_t1").await;
    let (_, page) = t.page(&b, &format!("/decisions/{did}")).await;
    assert!(page.contains("请确定是否需要专家论证"), "{page}");
    let path = format!("/decisions/{did}/steps/decide");
    let pairs = [
        ("held_on", "2025-03-20"),
        ("meeting", "镇长办公会议"),
        ("attendees", "镇长"),
        ("conclusion", "同意"),
    ];
    let (status, _, page) = t.form(&b, &path, &pairs, true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("提请集体讨论的材料不齐全"), "{page}");
}

#[tokio::test]
async fn the_public_catalogue_shows_only_published_entries() {
    let (t, staff) = town().await;
    let listed = created(&t, &staff, "镇区农贸市场改造建设项目").await;
    t.created(
        "/api/v1/decisions",
        &staff,
        decision("尚在研究的拆迁补偿方案"),
    )
    .await;
    let withdrawn = created(&t, &staff, "已作废的决策事项").await;
    for did in [listed, withdrawn] {
        let listed_on = json!({"listed_on": "2025-02-01"});
        let (status, v) = step(&t, &staff, did, "catalogue", listed_on).await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    let (status, v) = t
        .post(
            &format!("/api/v1/decisions/{withdrawn}/withdraw"),
            &staff,
            json!({"reason": "重复登记"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let anonymous = Browser {
        cookie: String::new(),
        csrf: String::new(),
    };
    let (status, page) = t
        .page(&anonymous, "/public/decisions?org=T1&year=2025")
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("镇区农贸市场改造建设项目"), "{page}");
    assert!(
        !page.contains("尚在研究的拆迁补偿方案"),
        "unpublished entry shown: {page}"
    );
    assert!(
        !page.contains("已作废的决策事项"),
        "withdrawn entry shown: {page}"
    );
    // Another year's catalogue is empty; an unknown body is not found.
    let (_, page) = t
        .page(&anonymous, "/public/decisions?org=T1&year=2024")
        .await;
    assert!(!page.contains("镇区农贸市场改造建设项目"), "{page}");
    let (status, _) = t.page(&anonymous, "/public/decisions?org=NOPE").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_report_sentences_count_reviews_and_decisions() {
    let (t, staff) = town().await;
    // Hand-counted: 2 major-decision reviews and 3 contract reviews and 1 penalty review sent in
    // 2025; 5 answered; 4 adoptions reported, 3 adopted (75%); one decision made through every
    // procedure.
    let (decision_review, _) =
        review(&t, &staff, "major_decision", Some("lawful"), Some(true)).await;
    review(&t, &staff, "major_decision", Some("unlawful"), Some(false)).await;
    review(
        &t,
        &staff,
        "contract",
        Some("lawful_after_changes"),
        Some(true),
    )
    .await;
    review(&t, &staff, "contract", Some("lawful"), Some(true)).await;
    review(&t, &staff, "contract", None, None).await;
    review(&t, &staff, "penalty", Some("risk_noted"), None).await;
    // A withdrawn review counts nowhere.
    let (_, gone) = review(&t, &staff, "contract", Some("lawful"), Some(true)).await;
    let (status, v) = t
        .post(
            &format!("/api/v1/review-requests/{gone}/withdraw"),
            &staff,
            json!({"reason": "重复送审"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let did = created(&t, &staff, "镇区农贸市场改造建设项目").await;
    let dec = Case::of(&t, LIST, &staff, did);
    procedures_done(&t, &staff, did).await;
    let (status, v) = dec
        .step("legality-review", json!({"review": decision_review}))
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, v) = dec.step("decide", meeting()).await;
    assert_eq!(status, StatusCode::OK, "{v}");

    let leader = t.api_login("leader_t1").await;
    let (status, f) = t.get("/api/v1/figures?year=2025", &leader).await;
    assert_eq!(status, StatusCode::OK, "{f}");
    let v = &f["values"];
    for (key, n) in [
        ("reviews", 6),
        ("reviews_major_decision", 2),
        ("reviews_contract", 3),
        ("reviews_penalty", 1),
        ("review_opinions", 5),
        ("reviews_lawful", 2),
        ("reviews_unlawful", 1),
        ("reviews_reported", 4),
        ("reviews_adopted", 3),
        ("decisions_made", 1),
        ("decisions_followed", 1),
    ] {
        assert_eq!(v[key], n, "{key}: {v}");
    }
    let sentence = "全年对2件重大行政决策、3份合同协议、1件行政处罚决定进行合法性审查，提出意见5条，采纳率75%。";
    let sentences: String = f["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(sentences.contains(sentence), "{sentences}");
    let (_, text) = crate::report::markdown(&t, "T1", 2025).await;
    let part = text
        .split("（二）推进政务公开")
        .nth(1)
        .expect("part （二）");
    let part = part.split("（三）").next().unwrap();
    assert!(part.contains(sentence), "{part}");
    assert!(
        part.contains("全年作出重大行政决策1件，均严格履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定法定程序"),
        "{part}"
    );
    // Another year says nothing of reviews.
    let (_, text) = crate::report::markdown(&t, "T1", 2024).await;
    assert!(!text.contains("进行合法性审查，提出意见"), "{text}");
}

#[tokio::test]
async fn a_decision_is_corrected_withdrawn_and_restored_on_the_kit() {
    let (t, staff) = town().await;
    let record = t
        .created(
            "/api/v1/decisions",
            &staff,
            decision("镇区农贸市场改造建设项目"),
        )
        .await;
    let path = format!("/api/v1/decisions/{}", id(&record));
    let c = KitCase::of("/api/v1/decisions", "decision", &record);
    let outsider = c
        .round_trip(
            &t,
            &staff,
            ("title", "镇区农贸市场改造项目"),
            "决策事项名称",
        )
        .await;
    // A village's staff do not reach the town's decision steps either.
    let (status, _) = t
        .post(&format!("{path}/catalogue"), &outsider, json!({}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A wrong entry is refused field by field.
    let (status, err) = t
        .post(
            "/api/v1/decisions",
            &staff,
            json!({"year": "二〇二五", "title": "", "lead_unit": "", "planned_on": "2025-02-30"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    for field in ["year", "title", "lead_unit", "planned_on"] {
        assert!(err["fields"][field].is_string(), "{field}: {err}");
    }
}

//! Administrative penalty decisions (行政处罚决定, `src/registers/penalties/`): a decision date
//! needs a linked legality review of kind 行政处罚 that passed (行政处罚法 第五十八条; 409
//! `review_required` on the API and the page, an administrator included), a review of another
//! kind or of another town does not count, a case that predates fazhi passes and is marked; the
//! party's ID number is masked; the kit's round trip; the routes in the OpenAPI document.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{kit_routes, Browser, KitCase, TestApp};
use crate::reviews::add_adviser;

/// A valid 身份证号码 (with its check character).
fn id_card() -> String {
    let body = "65020219800101123";
    format!(
        "{body}{}",
        fazhi_domain::ident::id_card_check_char(body).unwrap()
    )
}

fn penalty(decided_on: &str, review: &str) -> Value {
    json!({"case_no": "某镇罚立〔2025〕1号", "party": "王小明", "party_id_no": id_card(),
           "facts": "在镇区主干道违规占道经营", "basis": "《新疆维吾尔自治区城乡容貌和环境卫生管理条例》",
           "kind": "罚款", "fine": "2000", "handled_by": "综合行政执法队 张三、李四",
           "filed_on": "2025-03-01", "notified_on": "2025-03-10", "decided_on": decided_on,
           "review": review})
}

/// Sends a review of `kind` to `adviser_a` as `token`; its id and number.
async fn review(t: &TestApp, token: &str, kind: &str) -> (i64, String) {
    let r = t
        .created(
            "/api/v1/review-requests",
            token,
            json!({"kind": kind, "title": "对王小明占道经营拟处罚款", "requesting_unit": "综合行政执法队",
                   "subject": "拟处罚款2000元", "adviser": "adviser_a", "sent_on": "2025-03-11"}),
        )
        .await;
    (
        r["id"].as_i64().unwrap(),
        r["number"].as_str().unwrap().to_owned(),
    )
}

/// `adviser` answers review `id` with `conclusion` (the gate tests of penalties and mediation
/// plans share these helpers).
pub(crate) async fn answer(t: &TestApp, adviser: &str, id: i64, conclusion: &str) {
    let adviser = t.api_login(adviser).await;
    let (status, v) = t
        .post(
            &format!("/api/v1/review-requests/{id}/opinion"),
            &adviser,
            json!({"conclusion": conclusion, "text": "事实清楚，依据充分", "answered_on": "2025-03-14"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
}

/// The requester records the changes of review `id` as adopted.
pub(crate) async fn adopt(t: &TestApp, token: &str, id: i64) {
    let (status, v) = t
        .post(
            &format!("/api/v1/review-requests/{id}/adoption"),
            token,
            json!({"adopted": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
}

/// The gate's refusal: 409 `review_required`, saying `says`.
pub(crate) fn refused(status: StatusCode, err: &Value, says: &str) {
    assert_eq!(
        (status, err["code"].as_str()),
        (StatusCode::CONFLICT, Some("review_required")),
        "{err}"
    );
    let message = err["message"].as_str().unwrap();
    assert!(message.contains(says), "{says}: {err}");
}

/// A form posted to `path` is refused by the gate: the page comes back (400) saying that review
/// `number` is 修改后合法 without its changes adopted. The page.
pub(crate) async fn page_refused(
    t: &TestApp,
    browser: &Browser,
    path: &str,
    fields: &[(&str, &str)],
    number: &str,
) -> String {
    let (status, _, page) = t.form(browser, path, fields, true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let says = format!("审查 {number} 结论为「修改后合法」，但尚未记录已采纳修改意见");
    assert!(page.contains(&says), "{page}");
    page
}

#[tokio::test]
async fn a_penalty_is_decided_only_after_a_passing_review() {
    let t = TestApp::spawn().await;
    t.seed().await;
    add_adviser(&t, "adviser_a", "T1").await;
    let [staff, admin] = t.api_logins(["staff_t1", "admin_t1"]).await;
    // No review: refused, an administrator too, and nothing is written.
    for token in [&staff, &admin] {
        let (status, err) = t
            .post("/api/v1/penalties", token, penalty("2025-03-20", ""))
            .await;
        refused(status, &err, "作出处罚决定前须经合法性审查（行政处罚）");
    }
    let (_, l) = t.get("/api/v1/penalties", &staff).await;
    assert_eq!(l["total"].as_i64(), Some(0), "{l}");

    // A review of another kind does not count; nor does another town's review.
    let (_, contract_review) = review(&t, &staff, "contract").await;
    let (status, err) = t
        .post(
            "/api/v1/penalties",
            &staff,
            penalty("2025-03-20", &contract_review),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["review"]
            .as_str()
            .unwrap()
            .contains("行政处罚"),
        "{err}"
    );
    add_adviser(&t, "adviser_t2", "T2").await;
    let staff_t2 = t.api_login("staff_t2").await;
    let other_town = t
        .created(
            "/api/v1/review-requests",
            &staff_t2,
            json!({"kind": "penalty", "title": "某处罚", "requesting_unit": "执法队",
                   "subject": "拟处罚款", "adviser": "adviser_t2", "sent_on": "2025-03-11"}),
        )
        .await;
    let adviser_t2 = t.api_login("adviser_t2").await;
    let (status, _) = t
        .post(
            &format!("/api/v1/review-requests/{}/opinion", other_town["id"]),
            &adviser_t2,
            json!({"conclusion": "lawful", "text": "合法", "answered_on": "2025-03-12"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let link = other_town["id"].as_i64().unwrap().to_string();
    let (status, err) = t
        .post("/api/v1/penalties", &staff, penalty("2025-03-20", &link))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["review"].as_str().unwrap().contains("找不到"),
        "{err}"
    );

    // Not answered yet, then 修改后合法 without the changes adopted: refused, saying why.
    let (rid, number) = review(&t, &staff, "penalty").await;
    let (status, err) = t
        .post("/api/v1/penalties", &staff, penalty("2025-03-20", &number))
        .await;
    refused(status, &err, &format!("审查 {number} 尚未出具意见"));
    answer(&t, "adviser_a", rid, "lawful_after_changes").await;
    let (status, err) = t
        .post("/api/v1/penalties", &staff, penalty("2025-03-20", &number))
        .await;
    refused(status, &err, "尚未记录已采纳修改意见");

    // Undecided, the case is registered with its review; deciding it by an edit meets the gate.
    let open = t
        .created("/api/v1/penalties", &staff, penalty("", &rid.to_string()))
        .await;
    assert_eq!(open["review_number"], number.as_str(), "{open}");
    let path = format!("/api/v1/penalties/{}", open["id"]);
    let (status, err) = t
        .patch(
            &path,
            &staff,
            json!({"version": 1, "decided_on": "2025-03-20"}),
        )
        .await;
    refused(status, &err, "尚未记录已采纳修改意见");

    // The page says which review is missing.
    let browser = t.browser_login("staff_t1").await;
    let form = |decided: &'static str| {
        vec![
            ("case_no", "某镇罚立〔2025〕2号"),
            ("party", "李四"),
            ("facts", "违规搭建"),
            ("basis", "某条例第十条"),
            ("kind", "warning"),
            ("handled_by", "执法队 张三、李四"),
            ("filed_on", "2025-03-01"),
            ("notified_on", "2025-03-10"),
            ("decided_on", decided),
        ]
    };
    let mut fields = form("2025-03-20");
    fields.push(("review", &number));
    page_refused(&t, &browser, "/penalties", &fields, &number).await;

    // The changes adopted: the gate opens, on the API and the page.
    adopt(&t, &staff, rid).await;
    let (status, decided) = t
        .patch(
            &path,
            &staff,
            json!({"version": 1, "decided_on": "2025-03-20"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{decided}");
    assert_eq!(decided["decided_on"], "2025-03-20");
    let (status, _, _) = t.form(&browser, "/penalties", &fields, true).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "registered on the page");

    // 合法 opens it at once; 不合法 does not.
    let (lawful, lawful_no) = review(&t, &staff, "行政处罚").await;
    answer(&t, "adviser_a", lawful, "lawful").await;
    t.created(
        "/api/v1/penalties",
        &staff,
        penalty("2025-03-21", &lawful_no),
    )
    .await;
    let (unlawful, unlawful_no) = review(&t, &staff, "penalty").await;
    answer(&t, "adviser_a", unlawful, "unlawful").await;
    let (status, err) = t
        .post(
            "/api/v1/penalties",
            &staff,
            penalty("2025-03-21", &unlawful_no),
        )
        .await;
    refused(status, &err, "结论为「不合法」");

    // A case that predates fazhi passes and is marked; the flag is not changed by an edit.
    let mut old = penalty("2019-05-01", "");
    old["filed_on"] = "2019-03-01".into();
    old["notified_on"] = "2019-04-01".into();
    old["historical"] = true.into();
    let old = t.created("/api/v1/penalties", &staff, old).await;
    assert_eq!(
        (old["historical"].as_bool(), old["year"].as_i64()),
        (Some(true), Some(2019))
    );
    let (_, page) = t.page(&browser, &format!("/penalties/{}", old["id"])).await;
    assert!(page.contains("历史记录"), "{page}");
    let (status, err) = t
        .patch(
            &format!("/api/v1/penalties/{}", old["id"]),
            &staff,
            json!({"version": 1, "historical": false}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");

    // A withdrawn review no longer opens the gate.
    t.withdraw(
        &format!("/api/v1/review-requests/{lawful}"),
        &staff,
        "送审材料有误",
    )
    .await;
    let (status, err) = t
        .post(
            "/api/v1/penalties",
            &staff,
            penalty("2025-03-25", &lawful_no),
        )
        .await;
    refused(status, &err, "已作废");
}

#[tokio::test]
async fn a_penalty_needs_notice_before_its_decision_and_masks_the_party() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let mut body = penalty("2025-03-20", "");
    body["notified_on"] = "".into();
    body["fine"] = "".into();
    body["kind"] = "拘留三日".into();
    let (status, err) = t.post("/api/v1/penalties", &staff, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert!(
        err["fields"]["notified_on"]
            .as_str()
            .unwrap()
            .contains("第四十四条"),
        "{err}"
    );
    assert!(
        err["fields"]["kind"].as_str().unwrap().contains("第九条"),
        "{err}"
    );

    let mut body = penalty("", "");
    body["historical"] = true.into();
    let p = t.created("/api/v1/penalties", &staff, body).await;
    let full = id_card();
    assert_ne!(p["party_id_no"], full.as_str(), "masked in the answer: {p}");
    // Staff see the number in full in the list; a viewer sees it masked.
    let (_, l) = t.get("/api/v1/penalties", &staff).await;
    assert_eq!(l["items"][0]["party_id_no"], full.as_str(), "{l}");
    let viewer = t.api_login("viewer_t1").await;
    let (status, l) = t.get("/api/v1/penalties", &viewer).await;
    assert_eq!(status, StatusCode::OK, "{l}");
    let shown = l["items"][0]["party_id_no"].as_str().unwrap();
    assert!(shown.contains('*') && shown != full, "{l}");
    // A village mediator does not see the town's penalty cases.
    let mediator = t.api_login("mediator_v1").await;
    let (status, _) = t.get("/api/v1/penalties", &mediator).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_penalty_is_corrected_withdrawn_and_restored_on_the_kit() {
    let mut body = penalty("2024-06-20", "");
    body["filed_on"] = "2024-06-01".into();
    body["notified_on"] = "2024-06-10".into();
    body["historical"] = true.into();
    let (t, staff, record) = TestApp::with_record("/api/v1/penalties", body).await;
    assert_eq!(
        (record["fine_fen"].as_i64(), record["year"].as_i64()),
        (Some(200_000), Some(2024))
    );
    let c = KitCase::of("/api/v1/penalties", "penalty", &record);
    c.round_trip(&t, &staff, ("case_no", "某镇罚立〔2024〕9号"), "案号")
        .await;
    let (_, l) = t.get("/api/v1/penalties?year=2024", &staff).await;
    assert_eq!(
        (
            l["totals"]["decided"].as_i64(),
            l["totals"]["fines_fen"].as_i64()
        ),
        (Some(1), Some(200_000)),
        "{l}"
    );
    // The list page and the export show it.
    let b = t.browser_login("staff_v1").await;
    let (status, page) = t.page(&b, "/penalties").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("某镇罚立〔2024〕9号") && page.contains("罚款"),
        "{page}"
    );
    let (_, csv) = t.page(&b, "/penalties/export?format=csv").await;
    assert!(
        csv.contains("某镇罚立〔2024〕9号") && csv.contains("2000.00"),
        "{csv}"
    );

    let mut routes = kit_routes("penalties");
    routes.push(("/api/v1/penalties".to_owned(), "get"));
    routes.push(("/api/v1/penalties".to_owned(), "post"));
    t.openapi_with(&routes).await;
}

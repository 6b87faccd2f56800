//! The staff pages of consultations, legal-aid referrals and screening rounds, and the printable
//! forms of a dispute: they render the records, their forms create records (with CSRF), and a
//! village mediator gets 404 for another village's records.

use axum::http::StatusCode;
use fazhi::service::deadlines::today;
use fazhi::storage::Query;
use serde_json::{json, Value};

use crate::helpers::{Browser, TestApp};

fn id_card(body: &str) -> String {
    let check = fazhi_domain::ident::id_card_check_char(body).expect("17 digits");
    format!("{body}{check}")
}

async fn create_dispute(t: &TestApp, token: &str, party: Value) -> Value {
    let body = json!({
        "registered_on": today().to_string(),
        "village": "V1",
        "source": "来访",
        "dispute_type": "草场纠纷",
        "summary": "两户因草场边界发生争执",
        "parties": [party, {"name": "对方当事人"}],
    });
    let (status, d) = t.post("/api/v1/disputes", token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    d
}

/// Posts a form that must succeed, and returns where it redirects.
async fn submit(t: &TestApp, b: &Browser, path: &str, fields: &[(&str, &str)]) -> String {
    let (status, headers, html) = t.form(b, path, fields, true).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{path}: {html}");
    headers["location"].to_str().unwrap().to_owned()
}

/// The part of `html` between two markers (to check what one section lists).
fn section<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("{from} in page"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[tokio::test]
async fn consultations_are_recorded_listed_filtered_exported_and_linked_to_their_dispute() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let token = t.api_login("mediator_v1").await;
    let d = create_dispute(&t, &token, json!({"name": "张三"})).await;
    let dispute_id = d["id"].as_i64().unwrap().to_string();
    let case_no = d["case_no"].as_str().unwrap().to_owned();
    let b = t.browser_login("mediator_v1").await;

    let (status, html) = t
        .page(&b, &format!("/consultations/new?dispute={dispute_id}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("登记法律咨询") && html.contains(&format!("/disputes/{dispute_id}")));

    let today = today().to_string();
    let linked = [
        ("consulted_on", today.as_str()),
        ("channel", "counter"),
        ("village", "V1"),
        ("person", "阿依古丽"),
        ("phone", "13812345678"),
        ("topic", "草场承包合同到期后如何续签"),
        ("category", "土地承包"),
        ("aid_explained", "on"),
        ("follow_up", "转调解"),
        ("dispute_id", dispute_id.as_str()),
    ];
    t.needs_csrf(&b, "/consultations", &linked).await;
    let html = t
        .form_answers(
            &b,
            "/consultations",
            &[("topic", "只写了咨询事项"), ("channel", "counter")],
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("请填写咨询人姓名") && html.contains("href=\"#person\""));
    assert!(html.contains("只写了咨询事项"), "typed text is kept");

    let location = submit(&t, &b, "/consultations", &linked).await;
    let (status, html) = t.page(&b, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("阿依古丽") && html.contains("草场承包合同到期后如何续签"));
    assert!(html.contains(&format!("href=\"/disputes/{dispute_id}\"")) && html.contains(&case_no));
    assert!(html.contains("已告知法律援助权利"));
    let consultation_id = location.rsplit('/').next().unwrap().to_owned();

    submit(
        &t,
        &b,
        "/consultations",
        &[
            ("consulted_on", today.as_str()),
            ("channel", "phone"),
            ("village", "V1"),
            ("person", "王建国"),
            ("topic", "工资被拖欠怎么办"),
            ("category", "劳动争议"),
        ],
    )
    .await;

    let (_, html) = t.page(&b, "/consultations").await;
    assert!(html.contains("阿依古丽") && html.contains("王建国"));
    assert!(
        html.contains("共 2 次，关联纠纷 1 次，已告知法律援助权利 1 次"),
        "{html}"
    );
    let (_, html) = t.page(&b, "/consultations?linked=1").await;
    assert!(html.contains("阿依古丽") && !html.contains("王建国"));
    assert!(html.contains("共 1 次"));
    let (_, html) = t
        .page(
            &b,
            "/consultations?category=%E5%8A%B3%E5%8A%A8%E4%BA%89%E8%AE%AE",
        )
        .await;
    assert!(html.contains("王建国") && !html.contains("阿依古丽"));
    let (_, html) = t.page(&b, "/consultations?year=24").await;
    assert!(html.contains("年份请填写四位数字"));
    // The export is exactly the filtered set.
    let (status, csv) = t
        .page(&b, "/consultations/export?format=csv&linked=0")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("咨询人") && csv.contains("王建国") && !csv.contains("阿依古丽"));

    // The dispute's page links back to its consultation.
    let (_, html) = t.page(&b, &format!("/disputes/{dispute_id}")).await;
    assert!(html.contains(&format!("/consultations/{consultation_id}")));

    // Another village's mediator neither finds nor lists it.
    let other = t.browser_login("mediator_v2").await;
    let (status, _) = t.page(&other, &location).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, html) = t.page(&other, "/consultations").await;
    assert!(!html.contains("阿依古丽") && html.contains("共 0 次"));
}

#[tokio::test]
async fn a_legal_aid_referral_shows_its_deadlines_and_only_the_steps_allowed_next() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("mediator_v1").await;
    let (status, html) = t.page(&b, "/legal-aid/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("登记法律援助申请"));

    let today = today().to_string();
    let id_no = id_card("65020219900101123");
    let fields = [
        ("applied_on", today.as_str()),
        ("applicant", "努尔兰"),
        ("id_no", id_no.as_str()),
        ("village", "V1"),
        ("matter", "追索劳动报酬"),
        ("institution", "乌苏市法律援助中心"),
        ("referred_on", today.as_str()),
    ];
    t.needs_csrf(&b, "/legal-aid", &fields).await;
    let html = t
        .form_answers(
            &b,
            "/legal-aid",
            &[("applicant", "努尔兰"), ("id_no", "123")],
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("请填写申请法律援助的事项") && html.contains("href=\"#id_no\""));

    let location = submit(&t, &b, "/legal-aid", &fields).await;
    let (status, html) = t.page(&b, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("法律援助机构作出是否给予法律援助的决定"));
    assert!(html.contains("如何计算"));
    assert!(html.contains("记录法律援助机构的决定") && !html.contains("记录指派律师"));
    let masked = format!("{}**********{}", &id_no[..4], &id_no[14..]);
    let (_, list) = t.page(&b, "/legal-aid").await;
    assert!(list.contains("努尔兰") && list.contains("共 1 件，待决定 1，给予援助 0"));
    assert!(!list.contains(&id_no), "lists never show full ID numbers");

    let decision = format!("{location}/steps/decision");
    t.needs_csrf(&b, &decision, &[("decision", "granted"), ("date", &today)])
        .await;
    let html = t
        .form_answers(
            &b,
            &decision,
            &[("decision", "refused"), ("date", &today)],
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("不予援助须填写书面理由"));
    submit(
        &t,
        &b,
        &decision,
        &[("decision", "granted"), ("date", &today)],
    )
    .await;
    let (_, html) = t.page(&b, &location).await;
    assert!(
        html.contains("指派律师等提供法律援助"),
        "the 3-day deadline runs"
    );
    assert!(!html.contains("法律援助机构作出是否给予法律援助的决定</td>"));
    assert!(html.contains("记录指派律师") && !html.contains("记录法律援助机构的决定"));
    // A second decision is refused, not recorded.
    t.form_answers(
        &b,
        &decision,
        &[("decision", "refused"), ("date", &today)],
        StatusCode::BAD_REQUEST,
    )
    .await;

    submit(
        &t,
        &b,
        &format!("{location}/steps/assignment"),
        &[("lawyer", "李律师"), ("date", &today)],
    )
    .await;
    let (_, html) = t.page(&b, &location).await;
    assert!(html.contains("李律师") && !html.contains("下一步"));
    // The record shows the ID number masked; a mediator may reveal it, and that view is
    // logged. A viewer gets no link, and asking anyway still shows it masked, unlogged.
    let views = || t.audit_count("view_personal_data", None);
    assert!(html.contains(&masked) && !html.contains(&id_no));
    assert!(html.contains("?reveal=1\">显示完整身份证号码和电话"));
    assert_eq!(views().await, 0);
    let (_, html) = t.page(&b, &format!("{location}?reveal=1")).await;
    assert!(html.contains(&id_no) && html.contains("本次查看已记入审计日志"));
    assert_eq!(views().await, 1);
    let viewer = t.browser_login("viewer_t1").await;
    let (_, html) = t.page(&viewer, &location).await;
    assert!(html.contains(&masked) && !html.contains(&id_no));
    assert!(!html.contains("显示完整身份证号码"));
    let (_, html) = t.page(&viewer, &format!("{location}?reveal=1")).await;
    assert!(html.contains(&masked) && !html.contains(&id_no));
    assert_eq!(views().await, 1);
    assert!(!html.contains("下一步"), "a viewer gets no step forms");

    let (_, list) = t.page(&b, "/legal-aid?decision=granted").await;
    assert!(list.contains("共 1 件，待决定 0，给予援助 1，不予援助 0"));
    let (status, csv) = t.page(&b, "/legal-aid/export?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.contains("努尔兰") && csv.contains("给予援助"));

    let other = t.browser_login("mediator_v2").await;
    let (status, _) = t.page(&other, &location).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, html) = t.page(&other, "/legal-aid").await;
    assert!(!html.contains("努尔兰"));
}

#[tokio::test]
async fn the_legal_aid_api_masks_personal_data_unless_a_logged_reveal_is_asked_for() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let id_no = id_card("65020219900101123");
    let masked = format!("{}**********{}", &id_no[..4], &id_no[14..]);
    let (status, r) = t
        .post(
            "/api/v1/legal-aid",
            &m,
            json!({"applied_on": today().to_string(), "applicant": "努尔兰", "id_no": id_no,
                   "phone": "13812345678", "village": "V1", "matter": "追索劳动报酬"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["id_no"], masked.as_str(), "responses are masked too");
    let rid = r["id"].as_i64().unwrap();
    let log = || t.audit_count("view_personal_data", Some("legal_aid"));

    let (status, v) = t.get(&format!("/api/v1/legal-aid/{rid}"), &m).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["referral"]["id_no"], masked.as_str());
    assert_eq!(v["referral"]["phone"], "138****5678");
    assert_eq!(v["personal_data_shown"], false);
    assert_eq!(v["may_reveal"], true);
    assert_eq!(log().await, 0);
    let (_, v) = t
        .get(&format!("/api/v1/legal-aid/{rid}?reveal=true"), &m)
        .await;
    assert_eq!(v["referral"]["id_no"], id_no.as_str());
    assert_eq!(v["referral"]["phone"], "13812345678");
    assert_eq!(v["personal_data_shown"], true);
    assert_eq!(log().await, 1, "the reveal is logged");

    let viewer = t.api_login("viewer_t1").await;
    let (status, v) = t
        .get(&format!("/api/v1/legal-aid/{rid}?reveal=true"), &viewer)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["referral"]["id_no"], masked.as_str());
    assert_eq!(v["may_reveal"], false);
    assert_eq!(log().await, 1, "nothing shown, nothing logged");
    let (_, list) = t.get("/api/v1/legal-aid", &m).await;
    assert_eq!(list["items"][0]["id_no"], masked.as_str());
}

#[tokio::test]
async fn a_consultation_shows_its_phone_masked_unless_a_logged_reveal_is_asked_for() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let (status, c) = t
        .post(
            "/api/v1/consultations",
            &m,
            json!({"consulted_on": today().to_string(), "channel": "电话", "village": "V1",
                   "person": "马强", "phone": "13912345678", "topic": "宅基地界址"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    assert_eq!(c["phone"], "139****5678", "responses are masked too");
    let cid = c["id"].as_i64().unwrap();
    let log = || t.audit_count("view_personal_data", Some("consultation"));

    let (_, v) = t.get(&format!("/api/v1/consultations/{cid}"), &m).await;
    assert_eq!(
        (v["phone"].as_str(), v["may_reveal"].as_bool()),
        (Some("139****5678"), Some(true))
    );
    let (_, v) = t
        .get(&format!("/api/v1/consultations/{cid}?reveal=true"), &m)
        .await;
    assert_eq!(v["phone"], "13912345678");
    assert_eq!(v["personal_data_shown"], true);
    assert_eq!(log().await, 1, "the reveal is logged");

    let b = t.browser_login("mediator_v1").await;
    let page = format!("/consultations/{cid}");
    let (_, html) = t.page(&b, &page).await;
    assert!(html.contains("139****5678") && !html.contains("13912345678"));
    assert!(html.contains("?reveal=1\">显示完整电话"));
    let (_, html) = t.page(&b, &format!("{page}?reveal=1")).await;
    assert!(html.contains("13912345678") && html.contains("本次查看已记入审计日志"));
    assert_eq!(log().await, 2);

    let viewer = t.browser_login("viewer_t1").await;
    let (_, html) = t.page(&viewer, &format!("{page}?reveal=1")).await;
    assert!(html.contains("139****5678") && !html.contains("13912345678"));
    assert!(!html.contains("显示完整电话"));
    assert_eq!(log().await, 2, "nothing shown, nothing logged");
}

#[tokio::test]
async fn a_referral_saved_without_its_transfer_date_gets_a_transfer_step_and_its_clock_runs_already(
) {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("mediator_v1").await;
    let today = today().to_string();
    let applied = (fazhi::service::deadlines::today() - chrono::Days::new(2)).to_string();
    let before_applied = (fazhi::service::deadlines::today() - chrono::Days::new(3)).to_string();
    let location = submit(
        &t,
        &b,
        "/legal-aid",
        &[
            ("applied_on", applied.as_str()),
            ("applicant", "努尔兰"),
            ("village", "V1"),
            ("matter", "追索劳动报酬"),
            ("institution", ""),
            ("referred_on", ""),
        ],
    )
    .await;
    let (_, html) = t.page(&b, &location).await;
    // The centre's 7 days run from the application the township took for it (法律援助法
    // 第十三条、第四十三条; issue #15), not from the transfer.
    assert!(html.contains("<summary>转交法律援助机构</summary>"));
    assert!(html.contains("法律援助机构作出是否给予法律援助的决定"));
    let viewer = t.browser_login("viewer_t1").await;
    let (_, html) = t.page(&viewer, &location).await;
    assert!(
        !html.contains("转交法律援助机构</summary>"),
        "a viewer gets no form"
    );

    let transfer = format!("{location}/steps/transfer");
    t.form_answers(
        &viewer,
        &transfer,
        &[("date", &today)],
        StatusCode::FORBIDDEN,
    )
    .await;
    let html = t
        .form_answers(&b, &transfer, &[("date", &today)], StatusCode::BAD_REQUEST)
        .await;
    assert!(
        html.contains("请填写转交的法律援助机构")
            && html.contains("href=\"#transfer-institution\"")
    );
    let html = t
        .form_answers(
            &b,
            &transfer,
            &[
                ("date", &before_applied),
                ("institution", "乌苏市法律援助中心"),
            ],
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("早于申请日期"));
    assert!(html.contains("<details open><summary>转交法律援助机构"));
    let audits = || t.audit_count("transfer", Some("legal_aid"));
    assert_eq!(audits().await, 0, "nothing saved by a refused step");

    submit(
        &t,
        &b,
        &transfer,
        &[("date", &today), ("institution", "乌苏市法律援助中心")],
    )
    .await;
    assert_eq!(audits().await, 1);
    let (_, html) = t.page(&b, &location).await;
    assert!(
        html.contains("法律援助机构作出是否给予法律援助的决定"),
        "the 7-day deadline runs"
    );
    assert!(html.contains("乌苏市法律援助中心") && !html.contains("<summary>转交法律援助机构"));
    assert!(html.contains("记录法律援助机构的决定"));
    let (status, _, html) = t.form(&b, &transfer, &[("date", &today)], true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "only once");
    assert!(html.contains("不能再次转交"));

    // The same step over the API.
    let m = t.api_login("mediator_v1").await;
    let (status, r) = t
        .post(
            "/api/v1/legal-aid",
            &m,
            json!({"applied_on": applied, "applicant": "马强", "village": "V1",
                   "matter": "工伤赔偿", "institution": "乌苏市法律援助中心"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let rid = r["id"].as_i64().unwrap();
    let (_, v) = t.get(&format!("/api/v1/legal-aid/{rid}"), &m).await;
    assert_eq!(v["deadlines"][0]["rule_code"], "legal_aid.decision", "{v}");
    let path = format!("/api/v1/legal-aid/{rid}/transfer");
    let other = t.api_login("mediator_v2").await;
    let (status, _) = t.post(&path, &other, json!({"date": today})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, e) = t.post(&path, &m, json!({"date": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(e["fields"]["date"].is_string(), "{e}");
    let (status, r) = t.post(&path, &m, json!({"date": today})).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["referred_on"], today.as_str());
    assert_eq!(r["institution"], "乌苏市法律援助中心");
    let (_, v) = t.get(&format!("/api/v1/legal-aid/{rid}"), &m).await;
    assert_eq!(v["deadlines"][0]["rule_code"], "legal_aid.decision");
    let (status, _) = t.post(&path, &m, json!({"date": today})).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let (_, doc) = t
        .request(axum::http::Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert!(doc["paths"]["/api/v1/legal-aid/{id}/transfer"]["post"].is_object());
}

#[tokio::test]
async fn a_consultation_is_registered_as_a_dispute_prefilled_and_linked_once() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let consult = |person: &'static str| {
        json!({"consulted_on": today().to_string(), "channel": "电话", "village": "V1",
               "person": person, "phone": "13912345678", "topic": "邻里之间因宅基地界址发生争执"})
    };
    let (status, c) = t.post("/api/v1/consultations", &m, consult("马强")).await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let cid = c["id"].as_i64().unwrap();
    let links = || t.audit_count("link_dispute", Some("consultation"));
    let disputes = || async {
        Query::new("SELECT COUNT(*) FROM disputes")
            .fetch_scalar::<i64>(&t.app.db)
            .await
            .unwrap()
    };

    let b = t.browser_login("mediator_v1").await;
    let start = format!("/disputes/new?consultation={cid}");
    let (_, html) = t.page(&b, &format!("/consultations/{cid}")).await;
    assert!(html.contains(&format!("href=\"{start}\">转为纠纷登记")));
    let viewer = t.browser_login("viewer_t1").await;
    let (_, html) = t.page(&viewer, &format!("/consultations/{cid}")).await;
    assert!(
        !html.contains("转为纠纷登记"),
        "a viewer cannot register disputes"
    );
    let other = t.browser_login("mediator_v2").await;
    let (status, _) = t.page(&other, &start).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another village's consultation"
    );

    let (status, html) = t.page(&b, &start).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("name=\"consultation_id\" value=\"{cid}\"")));
    assert!(html.contains("name=\"party1_name\" value=\"马强\""));
    assert!(html.contains("name=\"party1_phone\" value=\"13912345678\""));
    assert!(html.contains(">邻里之间因宅基地界址发生争执</textarea>"));
    assert!(
        html.contains("value=\"phone\" selected"),
        "by phone → source 电话"
    );
    // Asked while staff were in the village (下村): the person came to ask, 来访, not 排查.
    let mut asked = consult("马强");
    asked["channel"] = json!("下村");
    let (status, c2) = t.post("/api/v1/consultations", &m, asked).await;
    assert_eq!(status, StatusCode::CREATED, "{c2}");
    let (_, html) = t
        .page(&b, &format!("/disputes/new?consultation={}", c2["id"]))
        .await;
    assert!(
        html.contains("value=\"visit\" selected"),
        "下村 → source 来访"
    );
    assert!(!html.contains("value=\"screening\" selected"));
    assert!(html.contains("value=\"V1\" selected"));

    let cid_s = cid.to_string();
    let today = today().to_string();
    let mut fields = vec![
        ("registered_on", today.as_str()),
        ("village", "V1"),
        ("source", "phone"),
        ("summary", "邻里之间因宅基地界址发生争执"),
        ("party1_name", "马强"),
        ("party1_phone", "13912345678"),
        ("consultation_id", cid_s.as_str()),
    ];
    // A form with errors saves nothing and links nothing.
    let html = t
        .form_answers(&b, "/disputes", &fields, StatusCode::BAD_REQUEST)
        .await;
    assert!(html.contains(&format!("name=\"consultation_id\" value=\"{cid}\"")));
    assert_eq!((disputes().await, links().await), (0, 0));

    fields.push(("dispute_type", "房屋宅基地纠纷"));
    fields.push(("party2_name", "马军"));
    let location = submit(&t, &b, "/disputes", &fields).await;
    let dispute_id: i64 = location.trim_start_matches("/disputes/").parse().unwrap();
    assert_eq!(links().await, 1);
    let (_, v) = t.get(&format!("/api/v1/consultations/{cid}"), &m).await;
    assert_eq!(v["dispute_id"], dispute_id);
    let (_, html) = t.page(&b, &format!("/consultations/{cid}")).await;
    assert!(html.contains(&format!("href=\"/disputes/{dispute_id}\"")));
    assert!(!html.contains("转为纠纷登记"), "only once");
    let (_, html) = t.page(&b, &location).await;
    assert!(html.contains("马强") && html.contains(&format!("/consultations/{cid}")));

    // Registering it again is refused, on the form and on submit, and creates no case.
    let (_, html) = t.page(&b, &start).await;
    assert!(
        html.contains("该法律咨询已关联纠纷案件") && !html.contains("name=\"consultation_id\"")
    );
    let html = t
        .form_answers(&b, "/disputes", &fields, StatusCode::BAD_REQUEST)
        .await;
    assert!(html.contains("该法律咨询已关联纠纷案件"));
    assert_eq!((disputes().await, links().await), (1, 1));

    // The API takes the same field.
    let (_, c2) = t.post("/api/v1/consultations", &m, consult("马兰")).await;
    let cid2 = c2["id"].as_i64().unwrap();
    let body = |cid: i64| {
        json!({"registered_on": today, "village": "V1", "source": "电话",
               "dispute_type": "房屋宅基地纠纷", "summary": "宅基地界址",
               "parties": [{"name": "马兰"}, {"name": "马军"}], "consultation_id": cid})
    };
    let (status, e) = t.post("/api/v1/disputes", &m, body(cid2 + 1000)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an unknown id is not found: {e}"
    );
    let (status, d) = t.post("/api/v1/disputes", &m, body(cid2)).await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let (_, v) = t.get(&format!("/api/v1/consultations/{cid2}"), &m).await;
    assert_eq!(v["dispute_id"], d["id"]);
    let (status, _) = t.post("/api/v1/disputes", &m, body(cid2)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!((disputes().await, links().await), (2, 2));
}

#[tokio::test]
async fn the_screening_round_page_lists_the_villages_that_have_not_reported() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.browser_login("staff_t1").await;
    let (status, html) = t.page(&staff, "/screening/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("专项排查"));
    let round = [
        ("name", "2024年春节前矛盾纠纷集中排查"),
        ("kind", "special"),
        ("starts_on", "2024-02-01"),
        ("ends_on", "2024-02-08"),
    ];
    t.needs_csrf(&staff, "/screening", &round).await;
    let html = t
        .form_answers(
            &staff,
            "/screening",
            &[
                ("name", "排查"),
                ("kind", "special"),
                ("starts_on", "2024-02-08"),
                ("ends_on", "2024-02-01"),
            ],
            StatusCode::BAD_REQUEST,
        )
        .await;
    assert!(html.contains("结束日期不能早于开始日期"));
    let location = submit(&t, &staff, "/screening", &round).await;

    let (_, html) = t.page(&staff, &location).await;
    let missing = section(&html, "id=\"not-reported\"", "</section>");
    assert!(missing.contains("东风村") && missing.contains("红旗村"));
    assert!(html.contains("2 个村（社区）未报告"));
    let (_, list) = t.page(&staff, "/screening").await;
    assert!(list.contains("2024年春节前矛盾纠纷集中排查") && list.contains("专项排查"));

    // A village reports a zero report from the round's page.
    let m1 = t.browser_login("mediator_v1").await;
    let (_, html) = t.page(&m1, &location).await;
    assert!(html.contains("报告排查情况"));
    let reports = format!("{location}/reports");
    let html = t
        .form_answers(&m1, &reports, &[("found", "")], StatusCode::BAD_REQUEST)
        .await;
    assert!(html.contains("没有发现纠纷请点「零报告」"));
    submit(&t, &m1, &reports, &[("zero", "1"), ("village", "V1")]).await;
    let (status, _, html) = t.form(&m1, &reports, &[("found", "2")], true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "one report per village");
    assert!(html.contains("该村本轮已报告过"));

    let (_, html) = t.page(&staff, &location).await;
    let missing = section(&html, "id=\"not-reported\"", "</section>");
    assert!(
        missing.contains("红旗村") && !missing.contains("东风村"),
        "{missing}"
    );
    let reported = section(&html, "已报告</h2>", "</section>");
    assert!(reported.contains("东风村") && reported.contains("零报告"));
    assert!(html.contains("1 个村（社区）未报告"));
    let report_link = {
        let start = reported.find(&format!("{location}/reports/")).unwrap();
        let rest = &reported[start..];
        rest[..rest.find('"').unwrap()].to_owned()
    };
    let (status, html) = t.page(&m1, &report_link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("东风村排查报告") && html.contains("零报告"));

    // The other village sees the round but only itself: not 东风村's report.
    let m2 = t.browser_login("mediator_v2").await;
    let (status, html) = t.page(&m2, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("红旗村") && !html.contains("东风村"));
    let (status, _) = t.page(&m2, &report_link).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    submit(
        &t,
        &m2,
        &reports,
        &[("found", "2"), ("note", "两起草场纠纷")],
    )
    .await;
    let (_, html) = t.page(&staff, &location).await;
    assert!(html.contains("已全部报告") && html.contains("共发现纠纷 2 起"));

    // Rounds are opened by a town; another town does not see this one.
    let html = t
        .form_answers(&m1, "/screening", &round, StatusCode::BAD_REQUEST)
        .await;
    assert!(html.contains("排查由乡镇组织"));
    let other_town = t.browser_login("staff_t2").await;
    let (status, _) = t.page(&other_town, &location).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn printable_intake_and_return_visit_forms_respect_scope_and_masking() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let token = t.api_login("mediator_v1").await;
    let id_no = id_card("65020219900101123");
    let d = create_dispute(
        &t,
        &token,
        json!({"name": "阿依古丽", "id_no": id_no, "phone": "13812345678"}),
    )
    .await;
    let id = d["id"].as_i64().unwrap();
    let case_no = d["case_no"].as_str().unwrap().to_owned();
    let masked = format!("{}**********{}", &id_no[..4], &id_no[14..]);
    let views = || t.audit_count("view_personal_data", None);

    let b = t.browser_login("mediator_v1").await;
    let (_, html) = t.page(&b, &format!("/disputes/{id}")).await;
    assert!(html.contains(&format!("/disputes/{id}/intake")));
    let (status, html) = t.page(&b, &format!("/disputes/{id}/intake")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("人民调解受理登记表") && html.contains(&case_no));
    assert!(
        html.contains(&masked) && !html.contains(&id_no),
        "masked by default"
    );
    assert!(html.contains("138****5678") && html.contains("size: A4"));
    assert!(html.contains("两户因草场边界发生争执") && !html.contains("class=\"sidenav\""));
    assert_eq!(views().await, 0);
    let (_, html) = t.page(&b, &format!("/disputes/{id}/intake?reveal=1")).await;
    assert!(
        html.contains(&id_no),
        "a mediator may print the full number"
    );
    assert_eq!(views().await, 1, "and that view is logged");
    let viewer = t.browser_login("viewer_t1").await;
    let (status, html) = t
        .page(&viewer, &format!("/disputes/{id}/intake?reveal=1"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&masked) && !html.contains(&id_no));

    let req = axum::http::Request::builder()
        .uri(format!("/disputes/{id}/intake.docx"))
        .header(axum::http::header::COOKIE, &b.cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, headers, bytes) = t.send(req).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .contains("wordprocessingml"));
    assert!(bytes.starts_with(b"PK"), "a DOCX is a zip");

    // No return-visit record before the case succeeds.
    let (status, _) = t
        .page(&b, &format!("/disputes/{id}/return-visits/print"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    for (step, body) in [
        ("accept", json!({})),
        ("start", json!({"mediators": "李调解"})),
        (
            "close",
            json!({
                "outcome": "调解成功", "date": today().to_string(), "agreement_form": "书面",
                "agreement_terms": "以界桩为准，张三退还草场两亩",
                "performance_terms": "十日内在村委会现场交接",
                "signatures_complete": true,
            }),
        ),
        (
            "return-visits",
            json!({"visitor": "李调解", "performance": "已履行", "note": "已现场交接"}),
        ),
    ] {
        let (status, v) = t
            .post(&format!("/api/v1/disputes/{id}/{step}"), &token, body)
            .await;
        assert!(status.is_success(), "{step}: {v}");
    }
    let (status, html) = t
        .page(&b, &format!("/disputes/{id}/return-visits/print"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("人民调解回访记录") && html.contains(&case_no));
    assert!(html.contains("李调解") && html.contains("已履行") && html.contains("已现场交接"));
    assert!(html.contains("十日内在村委会现场交接"));
    let (status, _) = t
        .page(&b, &format!("/disputes/{id}/return-visits.docx"))
        .await;
    assert_eq!(status, StatusCode::OK);

    // Outside the user's subtree every form is not found.
    let other = t.browser_login("mediator_v2").await;
    for path in [
        format!("/disputes/{id}/intake"),
        format!("/disputes/{id}/intake.docx"),
        format!("/disputes/{id}/return-visits/print"),
        format!("/disputes/{id}/return-visits.docx"),
    ] {
        let (status, _) = t.page(&other, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
}

/// Every id a body names is checked against the caller's scope: linking a legal-aid
/// application (or a consultation) to another town's dispute or consultation answers 404, the
/// same as an id that does not exist, and creates nothing.
#[tokio::test]
async fn ids_named_in_a_body_must_lie_within_the_callers_scope() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let other_town = t.api_login("staff_t2").await;
    let m = t.api_login("mediator_v1").await;
    let own = create_dispute(&t, &m, json!({"name": "本村当事人"})).await;
    let own_id = own["id"].as_i64().unwrap();
    let (status, c) = t
        .post(
            "/api/v1/consultations",
            &m,
            json!({"consulted_on": today().to_string(), "person": "马兰", "village": "V1",
                   "channel": "电话", "topic": "土地承包"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let own_consultation = c["id"].as_i64().unwrap();
    let referrals = || async {
        Query::new("SELECT COUNT(*) FROM legal_aid_referrals")
            .fetch_scalars::<i64>(&t.app.db)
            .await
            .unwrap()[0]
    };
    let referral = |field: &str, id: i64| {
        json!({"applied_on": today().to_string(), "applicant": "努尔兰",
               "matter": "追索劳动报酬", field: id})
    };
    for (field, id) in [
        ("dispute_id", own_id),
        ("dispute_id", own_id + 1000),
        ("consultation_id", own_consultation),
        ("consultation_id", own_consultation + 1000),
    ] {
        let (status, e) = t
            .post("/api/v1/legal-aid", &other_town, referral(field, id))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{field}={id}: {e}");
    }
    let (status, e) = t
        .post(
            "/api/v1/consultations",
            &other_town,
            json!({"consulted_on": today().to_string(), "person": "王五",
                   "channel": "电话", "topic": "借款", "dispute_id": own_id}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{e}");
    assert_eq!(referrals().await, 0, "nothing was created");

    // Within scope the links are accepted.
    let (status, r) = t
        .post(
            "/api/v1/legal-aid",
            &m,
            json!({"applied_on": today().to_string(), "applicant": "努尔兰", "village": "V1",
                   "matter": "追索劳动报酬", "dispute_id": own_id,
                   "consultation_id": own_consultation}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(referrals().await, 1);
}

/// The to-do list and home page show only deadlines of records the user may read: a legal
/// adviser and an enforcement officer read no legal-aid case, so they see none of its
/// applicants there, while the mediator who filed it does.
#[tokio::test]
async fn the_to_do_list_holds_only_records_the_user_may_read() {
    let t = TestApp::spawn().await;
    t.seed().await;
    for (username, role) in [("adviser_t1", "adviser"), ("enforcer_t1", "enforcer")] {
        fazhi::service::accounts::create_user(
            &t.app,
            &fazhi::service::Caller::operator(),
            fazhi::service::accounts::NewUserInput {
                username,
                display_name: username,
                role,
                org_code: "T1",
                password: crate::helpers::PASSWORD,
            },
        )
        .await
        .unwrap();
    }
    let m = t.api_login("mediator_v1").await;
    // Passed to the centre ten days ago: its 7-working-day decision is overdue.
    let (status, r) = t
        .post(
            "/api/v1/legal-aid",
            &m,
            json!({"applied_on": (today() - chrono::Duration::days(12)).to_string(),
                   "referred_on": (today() - chrono::Duration::days(12)).to_string(),
                   "institution": "乌苏市法律援助中心",
                   "applicant": "阿依古丽", "village": "V1", "matter": "追索劳动报酬"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let (_, todo) = t.get("/api/v1/todo", &m).await;
    assert!(todo.to_string().contains("/legal-aid/"), "{todo}");
    for username in ["adviser_t1", "enforcer_t1"] {
        let token = t.api_login(username).await;
        let (status, todo) = t.get("/api/v1/todo", &token).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !todo.to_string().contains("/legal-aid/"),
            "{username}: {todo}"
        );
        let b = t.browser_login(username).await;
        let (_, home) = t.page(&b, "/").await;
        assert!(!home.contains("/legal-aid/"), "{username}'s home page");
    }
}

/// The consultation and legal-aid lists keep their totals between pages (so a page costs the
/// same at 300,000 records as at 300) and still follow every write, including one made outside
/// this process, and every list page past the last record is empty.
#[tokio::test]
async fn consultation_and_legal_aid_totals_follow_every_write() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let consult = |person: &str| {
        json!({"consulted_on": today().to_string(), "channel": "电话", "village": "V1",
               "person": person, "topic": "土地承包"})
    };
    let referral = |applicant: &str| {
        json!({"applied_on": today().to_string(), "applicant": applicant, "village": "V1",
               "matter": "追索劳动报酬"})
    };
    for (path, body) in [
        ("/api/v1/consultations", consult("马兰")),
        ("/api/v1/legal-aid", referral("努尔兰")),
    ] {
        let (status, _) = t.post(path, &m, body).await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, first) = t.get(path, &m).await;
        assert_eq!(first["total"], 1, "{path}");
        let (_, again) = t.get(path, &m).await;
        assert_eq!(again["total"], 1, "{path}: from the cache, still right");
    }
    let (_, _) = t.post("/api/v1/consultations", &m, consult("马军")).await;
    let (_, list) = t.get("/api/v1/consultations", &m).await;
    assert_eq!(list["total"], 2);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);

    // Writes made outside this process: rows copied in SQL.
    for sql in [
        "INSERT INTO consultations (org_id, village_id, consulted_on, channel, person, phone, \
         topic, category, answer, aid_explained, handler, follow_up, dispute_id, created_at) \
         SELECT org_id, village_id, consulted_on, channel, person, phone, topic, category, answer, \
         aid_explained, handler, follow_up, dispute_id, created_at FROM consultations",
        "INSERT INTO legal_aid_referrals (org_id, village_id, applied_on, applicant, id_no, \
         phone, matter, institution, referred_on, decision, decided_on, refusal_reason, lawyer, \
         assigned_on, result, consultation_id, dispute_id, created_at) \
         SELECT org_id, village_id, applied_on, applicant, id_no, phone, matter, institution, \
         referred_on, decision, decided_on, refusal_reason, lawyer, assigned_on, result, \
         consultation_id, dispute_id, created_at FROM legal_aid_referrals",
    ] {
        Query::new(sql).execute(&t.app.db).await.unwrap();
    }
    let (_, c) = t.get("/api/v1/consultations", &m).await;
    assert_eq!(c["total"], 4);
    let (_, r) = t.get("/api/v1/legal-aid", &m).await;
    assert_eq!(r["total"], 2);
    assert_eq!(r["items"].as_array().unwrap().len(), 2);

    // The staff pages show the same totals; a page past the last record lists nothing.
    let b = t.browser_login("mediator_v1").await;
    let (status, html) = t.page(&b, "/consultations?page=9").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("土地承包"), "page 9 of 1 lists no record");
    let (_, html) = t.page(&b, "/consultations").await;
    assert!(html.contains("共 4 次"), "{}", section(&html, "共", "次"));
}

/// Every file a signed-in user takes out — a filtered ledger export on a page, the blank
/// template, a printable form as Word — is in the audit log with who took it and which file.
#[tokio::test]
async fn exports_and_downloads_are_audited() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let d = create_dispute(&t, &m, json!({"name": "张三"})).await;
    let b = t.browser_login("mediator_v1").await;
    let downloads = || t.audit_count("download", Some("file"));
    assert_eq!(downloads().await, 0);
    for path in [
        "/consultations/export?format=csv".to_owned(),
        "/legal-aid/export?format=xlsx".to_owned(),
        format!("/disputes/{}/intake.docx", d["id"]),
    ] {
        let (status, _) = t.page(&b, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    assert_eq!(downloads().await, 3);
    let (status, _) = t.get(&format!("/api/v1/disputes/{}", d["id"]), &m).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(downloads().await, 3, "a JSON answer is not a file");
    let entry: String = Query::new(
        "SELECT after_json FROM audit_log WHERE action = 'download' ORDER BY id DESC LIMIT 1",
    )
    .fetch_scalar(&t.app.db)
    .await
    .unwrap();
    assert!(entry.contains(".docx"), "{entry}");
}

//! The annual disclosure report (政府信息公开工作年度报告, registers/disclosure/report.rs) in the
//! uniform format of 国办公开办函〔2021〕30号: its requests table (by applicant type and result
//! row, carried over from last year and to next year) and its 复议/诉讼 table match hand counts
//! of a fixture year; the same report as Markdown, HTML and DOCX over the API, from
//! `fazhi report disclosure`, and on the staff page with its narrative parts; scoped.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{cli, docx_text, TestApp};

const LIST: &str = "/api/v1/disclosure-requests";

async fn request(
    t: &TestApp,
    token: &str,
    org: &str,
    kind: &str,
    day: &str,
    channel: &str,
) -> Value {
    let mut body = json!({"org": org, "channel": channel, "applicant_kind": kind,
        "applicant_name": "申请人", "applicant_phone": "13800000000", "information": "某项政府信息"});
    let field = if channel == "online" {
        "confirmed_on"
    } else {
        "submitted_on"
    };
    body[field] = json!(day);
    t.created(LIST, token, body).await
}

async fn step(t: &TestApp, token: &str, r: &Value, step: &str, body: Value) {
    let (status, v) = t
        .post(&format!("{LIST}/{}/{step}", r["id"]), token, body)
        .await;
    assert_eq!(status, StatusCode::OK, "{step}: {v}");
}

async fn reply(t: &TestApp, token: &str, r: &Value, on: &str, code: &str) {
    step(t, token, r, "reply", json!({"on": on, "reply_type": code})).await;
}

/// The figures of a row of the Markdown report's tables, by its label.
fn row(md: &str, label: &str) -> Vec<i64> {
    let line = md
        .lines()
        .find(|l| l.starts_with(&format!("| {label} |")))
        .unwrap_or_else(|| panic!("no row {label} in\n{md}"));
    line.trim_matches('|')
        .split(" | ")
        .skip(1)
        .map(|c| c.trim().parse().unwrap_or_else(|_| panic!("{label}: {c}")))
        .collect()
}

#[tokio::test]
async fn the_annual_disclosure_tables_match_hand_counts_of_a_fixture_year() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, other] = t.api_logins(["staff_t1", "staff_t2"]).await;
    // A: received 2022, answered 2023 (已主动公开 counts as 予以公开): carried in.
    let a = request(&t, &staff, "T1", "person", "2022-12-20", "in_person").await;
    reply(&t, &staff, &a, "2023-01-10", "already_published").await;
    // B, C: answered in 2023.
    let b = request(&t, &staff, "T1", "person", "2023-03-06", "in_person").await;
    reply(&t, &staff, &b, "2023-03-20", "disclosed").await;
    let c = request(&t, &staff, "T1", "business", "2023-05-10", "in_person").await;
    reply(&t, &staff, &c, "2023-05-12", "already_published").await;
    // D: a correction never made: abandoned (逾期不补正).
    let d = request(&t, &staff, "T1", "legal_service", "2023-07-03", "online").await;
    step(
        &t,
        &staff,
        &d,
        "notice-correction",
        json!({"on": "2023-07-05", "until": "2023-07-19"}),
    )
    .await;
    // E: not this body's (counted as 本机关不掌握).
    let e = request(&t, &staff, "T1", "person", "2023-09-12", "in_person").await;
    reply(&t, &staff, &e, "2023-09-15", "not_this_body").await;
    // F: 过程性信息, then 行政复议 upheld; G: 国家秘密, then a lawsuit still running.
    let f = request(
        &t,
        &staff,
        "T1",
        "public_interest",
        "2023-11-20",
        "in_person",
    )
    .await;
    reply(&t, &staff, &f, "2023-12-08", "process_information").await;
    step(
        &t,
        &staff,
        &f,
        "remedy",
        json!({"on": "2023-12-20", "kind": "review", "result": "upheld"}),
    )
    .await;
    let g = request(&t, &staff, "T1", "person", "2023-10-09", "in_person").await;
    reply(&t, &staff, &g, "2023-10-20", "state_secret").await;
    step(
        &t,
        &staff,
        &g,
        "remedy",
        json!({"on": "2023-11-01", "kind": "lawsuit"}),
    )
    .await;
    // H: open on 31 December (answered in 2024): carried out.
    let h = request(&t, &staff, "T1", "research", "2023-12-25", "online").await;
    reply(&t, &staff, &h, "2024-01-15", "disclosed").await;
    // Not counted: received in 2024, withdrawn, another town's.
    request(&t, &staff, "T1", "person", "2024-01-03", "in_person").await;
    let j = request(&t, &staff, "T1", "person", "2023-06-01", "in_person").await;
    t.withdraw(&format!("{LIST}/{}", j["id"]), &staff, "重复登记")
        .await;
    request(&t, &other, "T2", "person", "2023-06-01", "in_person").await;

    // The proactive table: catalogue items published in 2023 (2 财政预决算, 1 公共服务); not
    // counted: published in 2024, unpublished, withdrawn, another town's.
    let items = [
        ("T1", "财政预决算", "2023-03-01", "2023-03-10"),
        ("T1", "财政预决算", "2023-03-20", "2023-04-01"),
        ("T1", "公共服务", "2023-04-20", "2023-05-01"),
        ("T1", "公共服务", "2023-12-20", "2024-01-05"),
        ("T1", "公共服务", "2023-11-01", ""),
        ("T1", "人事信息", "2023-06-01", "2023-06-05"),
        ("T2", "人事信息", "2023-06-01", "2023-06-05"),
    ];
    let mut made = Vec::new();
    for (n, (org, category, formed, published)) in items.into_iter().enumerate() {
        let token = if org == "T1" { &staff } else { &other };
        let body = json!({"org": org, "title": format!("公开事项{n}"), "summary": "概述",
            "category": category, "formed_on": formed, "published_on": published});
        made.push(t.created("/api/v1/disclosure-items", token, body).await);
    }
    t.withdraw(
        &format!("/api/v1/disclosure-items/{}", made[5]["id"]),
        &staff,
        "重复登记",
    )
    .await;
    // Normative documents: one issued in 2023, one repealed in 2023, one issued in 2022 and
    // in force; so 1 issued, 1 repealed, 2 in force on 31 December 2023.
    let mut docs = Vec::new();
    for (n, day) in ["2023-02-01", "2021-05-01", "2022-01-10"]
        .into_iter()
        .enumerate()
    {
        let body = json!({"title": format!("测试镇管理规定{n}"), "drafting_unit": "党政办",
            "doc_number": format!("测政规〔2023〕{n}号"), "issued_on": day, "published_on": day,
            "channel": "镇政府网站", "interpretation": "解读。", "full_text": "第一条 规定。",
            "historical": true});
        docs.push(t.created("/api/v1/normative-documents", &staff, body).await);
    }
    let (status, v) = t
        .post(
            &format!("/api/v1/normative-documents/{}/repeal", docs[1]["id"]),
            &staff,
            json!({"ended_on": "2023-06-30"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");

    let (status, bytes) = t
        .download(
            "/api/v1/reports/disclosure?org=T1&year=2023&format=md",
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let md = String::from_utf8(bytes).unwrap();
    // Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
    assert_eq!(
        row(&md, "一、本年新收政府信息公开申请数量"),
        [3, 1, 1, 1, 1, 0, 7]
    );
    assert_eq!(
        row(&md, "二、上年结转政府信息公开申请数量"),
        [1, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(
        row(&md, "三、本年度办理结果：予以公开"),
        [2, 1, 0, 0, 0, 0, 3]
    );
    assert_eq!(row(&md, "三、本年度办理结果：部分公开"), [0; 7]);
    assert_eq!(
        row(&md, "三、本年度办理结果：不予公开：属于国家秘密"),
        [1, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(
        row(&md, "三、本年度办理结果：不予公开：属于四类过程性信息"),
        [0, 0, 0, 1, 0, 0, 1]
    );
    assert_eq!(
        row(
            &md,
            "三、本年度办理结果：无法提供：本机关不掌握相关政府信息"
        ),
        [1, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(
        row(
            &md,
            "三、本年度办理结果：其他处理：申请人无正当理由逾期不补正"
        ),
        [0, 0, 0, 0, 1, 0, 1]
    );
    assert_eq!(row(&md, "三、本年度办理结果：总计"), [4, 1, 0, 1, 1, 0, 7]);
    assert_eq!(row(&md, "四、结转下年度继续办理"), [0, 0, 1, 0, 0, 0, 1]);
    // 复议/诉讼: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    assert_eq!(row(&md, "行政复议"), [1, 0, 0, 0, 1]);
    assert_eq!(row(&md, "行政诉讼（未经复议直接起诉）"), [0, 0, 0, 1, 1]);
    assert_eq!(row(&md, "行政诉讼（复议后起诉）"), [0; 5]);
    assert!(md.contains("测试镇2023年政府信息公开工作年度报告"), "{md}");
    assert!(md.contains("二、主动公开政府信息情况"), "{md}");
    let cell = |label: &str| -> String {
        md.lines()
            .find_map(|l| l.strip_prefix(&format!("| {label} | ")))
            .unwrap_or_else(|| panic!("no row {label} in\n{md}"))
            .trim_end_matches(" |")
            .to_owned()
    };
    assert_eq!(
        cell("行政规范性文件：本年制发件数／本年废止件数／现行有效件数"),
        "1／1／2"
    );
    assert_eq!(
        cell("规章：本年制发件数／本年废止件数／现行有效件数"),
        "0／0／0"
    );
    assert_eq!(cell("主动公开政府信息：本年发布条数"), "3");
    assert_eq!(cell("其中财政预决算：本年发布条数"), "2");
    assert_eq!(cell("其中公共服务：本年发布条数"), "1");
    assert!(
        !md.contains("其中人事信息"),
        "withdrawn or another town's: {md}"
    );

    // DOCX and HTML of the same report; another town's staff: not found; a bad format: 400.
    let (status, docx) = t
        .download(
            "/api/v1/reports/disclosure?org=T1&year=2023",
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(docx_text(&docx).contains("收到和处理政府信息公开申请情况"));
    let (status, html) = t
        .download(
            "/api/v1/reports/disclosure?org=T1&year=2023&format=html",
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8(html).unwrap().contains("<table"));
    let (status, _) = t
        .download(
            "/api/v1/reports/disclosure?org=T1&year=2023&format=md",
            Some(&other),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = t
        .download(
            "/api/v1/reports/disclosure?org=T1&year=2023&format=pdf",
            Some(&staff),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The command line gives the same tables.
    let (code, out, err) = cli(
        &t,
        &[
            "report",
            "disclosure",
            "--org",
            "T1",
            "--year",
            "2023",
            "--format",
            "md",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(row(&out, "三、本年度办理结果：总计"), [4, 1, 0, 1, 1, 0, 7]);

    // The staff page (linked from the requests' list) shows it and saves a narrative part.
    let bw = t.browser_login("admin_t1").await;
    let (_, list) = t.page(&bw, "/disclosure-requests").await;
    assert!(
        list.contains("href=\"/disclosure-requests/report\""),
        "{list}"
    );
    let (status, page) = t
        .page(&bw, "/disclosure-requests/report?org=T1&year=2023")
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains("本年新收政府信息公开申请数量") && page.contains("format=docx"),
        "{page}"
    );
    let (status, _, body) = t
        .form(
            &bw,
            "/disclosure-requests/report",
            &[
                ("org", "T1"),
                ("year", "2023"),
                ("section", "disclosure_problems"),
                ("body", "主动公开的及时性有待提高。"),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, bytes) = t
        .download(
            "/api/v1/reports/disclosure?org=T1&year=2023&format=md",
            Some(&staff),
            None,
        )
        .await;
    assert!(String::from_utf8(bytes)
        .unwrap()
        .contains("主动公开的及时性有待提高。"));
}

#[tokio::test]
async fn the_disclosure_steps_letter_and_report_are_in_the_openapi_document() {
    let t = TestApp::spawn().await;
    t.openapi_with(&[
        ("/api/v1/disclosure-requests/{id}/{step}", "post"),
        ("/api/v1/disclosure-requests/{id}/letter", "get"),
        ("/api/v1/reports/disclosure", "get"),
    ])
    .await;
}

#[tokio::test]
async fn the_demo_town_has_answered_requests_and_its_2023_disclosure_report() {
    let t = TestApp::spawn().await;
    fazhi::service::demo::load(&t.app).await.unwrap();
    let (code, md, err) = cli(
        &t,
        &[
            "report",
            "disclosure",
            "--org",
            "654202100",
            "--year",
            "2023",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    // Six requests of 2023: four by natural persons, one by a business, one by a research
    // institute (still open on 31 December); five answered with four reply rows.
    assert_eq!(
        row(&md, "一、本年新收政府信息公开申请数量"),
        [4, 1, 1, 0, 0, 0, 6]
    );
    assert_eq!(
        row(&md, "三、本年度办理结果：予以公开"),
        [1, 1, 0, 0, 0, 0, 2]
    );
    assert_eq!(
        row(&md, "三、本年度办理结果：部分公开"),
        [1, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(row(&md, "三、本年度办理结果：总计"), [4, 1, 0, 0, 0, 0, 5]);
    assert_eq!(row(&md, "四、结转下年度继续办理"), [0, 0, 1, 0, 0, 0, 1]);
    assert_eq!(row(&md, "行政复议"), [1, 0, 0, 0, 1]);
    assert!(md.contains("西大沟镇认真贯彻"), "the narrative parts: {md}");
    // Published on the town's portal, with its Word file.
    let req = axum::http::Request::builder()
        .uri("/public/654202100/disclosure-reports?year=2023")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, _, body) = t.send(req).await;
    let page = String::from_utf8_lossy(&body);
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("下载 2023 年度报告"), "{page}");
}

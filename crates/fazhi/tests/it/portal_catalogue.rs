//! The disclosure catalogue (`/public/{org}/disclosure-catalogue`, registers/disclosure_items/
//! portal.rs) also lists the body's valid normative documents and its published decision
//! catalogue (issue #17 item 2), and the portal cache leaves the citizens' form pages alone
//! (web/portal_cache.rs).

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;

async fn public(t: &TestApp, path: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let req = Request::builder().method(Method::GET).uri(path);
    let (status, headers, body) = t.send(req.body(Body::empty()).unwrap()).await;
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn document(title: &str, number: &str, day: &str) -> Value {
    json!({"title": title, "drafting_unit": "党政办", "doc_number": number,
           "issued_on": day, "published_on": day, "channel": "镇政府网站",
           "interpretation": "解读。", "full_text": "第一条 规定。", "historical": true})
}

fn decision(title: &str) -> Value {
    json!({"year": 2025, "title": title, "category": "重大公共建设项目",
           "lead_unit": "经济发展办公室", "planned_on": "2025-10-31"})
}

#[tokio::test]
async fn the_disclosure_catalogue_lists_valid_normative_documents_and_the_published_decision_catalogue(
) {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, other] = t.api_logins(["staff_t1", "staff_t2"]).await;
    let day = (fazhi::clock::today() - chrono::Duration::days(30)).to_string();
    let kept = t
        .created(
            "/api/v1/normative-documents",
            &staff,
            document("测试镇草场管理规定", "测政规〔2025〕1号", &day),
        )
        .await;
    let repealed = t
        .created(
            "/api/v1/normative-documents",
            &staff,
            document("测试镇已废止的办法", "测政规〔2025〕2号", &day),
        )
        .await;
    let (status, v) = t
        .post(
            &format!("/api/v1/normative-documents/{}/repeal", repealed["id"]),
            &staff,
            json!({"ended_on": fazhi::clock::today().to_string()}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    t.created(
        "/api/v1/normative-documents",
        &other,
        document("另一镇的规定", "另政规〔2025〕1号", &day),
    )
    .await;
    let listed = t
        .created("/api/v1/decisions", &staff, decision("镇区农贸市场改造"))
        .await;
    let (status, v) = t
        .post(
            &format!("/api/v1/decisions/{}/catalogue", listed["id"]),
            &staff,
            json!({"listed_on": "2025-02-01"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    t.created("/api/v1/decisions", &staff, decision("尚在研究的补偿方案"))
        .await;

    let (status, _, page) = public(&t, "/public/T1/disclosure-catalogue?year=2025").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(
        page.contains(&format!(
            "href=\"/public/normative-documents/{}\"",
            kept["id"]
        )) && page.contains("测试镇草场管理规定")
            && page.contains("测政规〔2025〕1号"),
        "{page}"
    );
    assert!(
        page.contains("href=\"/public/normative-documents?org=T1\""),
        "{page}"
    );
    for hidden in ["测试镇已废止的办法", "另一镇的规定", "尚在研究的补偿方案"]
    {
        assert!(!page.contains(hidden), "{hidden}: {page}");
    }
    assert!(
        page.contains("2025年重大行政决策事项目录") && page.contains("镇区农贸市场改造"),
        "{page}"
    );
    assert!(
        page.contains("href=\"/public/decisions?org=T1&amp;year=2025\""),
        "{page}"
    );
    // Another year's decision catalogue is empty; the other town's catalogue shows its own.
    let (_, _, page) = public(&t, "/public/T1/disclosure-catalogue?year=2024").await;
    assert!(!page.contains("镇区农贸市场改造") && page.contains("暂无公布的决策事项"));
    let (_, _, page) = public(&t, "/public/T2/disclosure-catalogue").await;
    assert!(page.contains("另一镇的规定") && !page.contains("测试镇草场管理规定"));
}

#[tokio::test]
async fn citizen_form_pages_are_not_cached_and_the_other_portal_pages_are() {
    let t = TestApp::spawn().await;
    t.seed().await;
    for form in ["/public/complaints", "/public/disclosure"] {
        let (status, headers, _) = public(&t, form).await;
        assert_eq!(status, StatusCode::OK, "{form}");
        assert!(!headers.contains_key(header::ETAG), "{form} is not cached");
        assert_ne!(
            headers
                .get(header::CACHE_CONTROL)
                .map(|v| v.to_str().unwrap()),
            Some("public, max-age=60"),
            "{form}"
        );
    }
    for page in [
        "/public/T1/disclosure-catalogue",
        "/public/normative-documents",
        "/public/decisions",
    ] {
        let (status, headers, _) = public(&t, page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(headers.contains_key(header::ETAG), "{page} is cached");
    }
}

#[tokio::test]
async fn a_published_annual_disclosure_report_appears_on_the_portal_with_its_docx() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (_, _, home) = public(&t, "/public/T1/").await;
    assert!(
        home.contains("href=\"/public/T1/disclosure-reports\""),
        "{home}"
    );
    let page = "/public/T1/disclosure-reports";
    let (status, _, list) = public(&t, page).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert!(
        list.contains("暂无公布") && !list.contains("2023年度报告"),
        "{list}"
    );
    // Not published: not found, as HTML and as DOCX.
    for year in ["2023", "2023&format=docx"] {
        let (status, _, _) = public(&t, &format!("{page}?year={year}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{year}");
    }

    // Staff press 公布 on the report's page.
    let bw = t.browser_login("admin_t1").await;
    let (_, staff_page) = t
        .page(&bw, "/disclosure-requests/report?org=T1&year=2023")
        .await;
    assert!(
        staff_page.contains("value=\"disclosure_published\""),
        "{staff_page}"
    );
    let (status, _, body) = t
        .form(
            &bw,
            "/disclosure-requests/report",
            &[
                ("org", "T1"),
                ("year", "2023"),
                ("section", "disclosure_published"),
                ("body", ""),
            ],
            true,
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

    let (_, _, list) = public(&t, page).await;
    assert!(
        list.contains("href=\"/public/T1/disclosure-reports?year=2023\"")
            && list.contains(&format!("{} 公布", fazhi::clock::today())),
        "{list}"
    );
    let (status, _, shown) = public(&t, &format!("{page}?year=2023")).await;
    assert_eq!(status, StatusCode::OK, "{shown}");
    assert!(
        shown.contains("主动公开政府信息情况")
            && shown.contains("收到和处理政府信息公开申请情况")
            && shown.contains("format=docx"),
        "{shown}"
    );
    let (status, headers, docx) = t
        .send(
            Request::builder()
                .uri(format!("{page}?year=2023&format=docx"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .contains("wordprocessingml"));
    assert!(crate::helpers::docx_text(&docx).contains("收到和处理政府信息公开申请情况"));
    // Another year, and another town, have none.
    let (status, _, _) = public(&t, &format!("{page}?year=2022")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, other) = public(&t, "/public/T2/disclosure-reports").await;
    assert!(other.contains("暂无公布"), "{other}");
}

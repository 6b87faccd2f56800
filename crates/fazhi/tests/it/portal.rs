//! The public portal (issue #17): each body's home shows its own contacts, committees, news,
//! catalogue and reports and none of another body's; the Atom feeds are well-formed and carry
//! the items; pages are cached with an ETag (304 on If-None-Match) and a publish invalidates
//! them; the proactive-disclosure deadline of 政府信息公开条例 第二十六条 (20 working days,
//! explained, settled once published); the staff API's scope; the portal profile's API.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;

const ITEMS: &str = "/api/v1/disclosure-items";

/// A public page: status, headers and text, with `If-None-Match` when given.
async fn public(
    t: &TestApp,
    path: &str,
    if_none_match: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut req = Request::builder().method(Method::GET).uri(path);
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    let (status, headers, body) = t.send(req.body(Body::empty()).unwrap()).await;
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn item(org: &str, title: &str, formed: &str, published: &str) -> Value {
    json!({"org": org, "title": title, "summary": format!("{title}的内容概述"),
           "category": "财政预决算", "formed_on": formed, "published_on": published})
}

async fn profile(t: &TestApp, token: &str, org: &str, address: &str, leader: &str) {
    let (status, v) = t
        .request(
            Method::PUT,
            &format!("/api/v1/portal-profiles/{org}"),
            Some(token),
            Some(
                json!({"address": address, "office_hours": "工作日 10:00-19:30",
                        "phones": "0992-1234567", "disclosure_leader": leader,
                        "guide": format!("{org}的政府信息公开指南。")}),
            ),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["portal"], format!("/public/{org}/"));
}

#[tokio::test]
async fn each_town_home_shows_its_own_data_and_not_another_towns() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [t1, t2] = t.api_logins(["staff_t1", "staff_t2"]).await;
    profile(&t, &t1, "T1", "测试镇人民路1号", "副镇长 甲某").await;
    profile(&t, &t2, "T2", "另一镇胜利路9号", "副镇长 乙某").await;
    assert_eq!(t.audit_count("update", Some("portal_profile")).await, 2);
    let (status, c) = t
        .post(
            "/api/v1/committees",
            &t1,
            json!({"org": "V1", "name": "东风村人民调解委员会"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{c}");
    let (status, m) = t
        .post(
            "/api/v1/mediators",
            &t1,
            json!({"committee_id": c["id"], "name": "王建国", "sex": "男", "ethnicity": "汉族",
                   "position": "主任", "phone": "13912345678"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let (status, e) = t
        .post(
            "/api/v1/publicity",
            &t1,
            json!({"org": "V1", "held_on": "2025-06-26", "name": "东风村禁毒宣传", "venue_type": "村居"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    t.created(
        ITEMS,
        &t1,
        item("T1", "测试镇2025年预算公开", "2025-03-03", "2025-03-10"),
    )
    .await;
    t.created(
        ITEMS,
        &t2,
        item("T2", "另一镇2025年预算公开", "2025-03-03", "2025-03-10"),
    )
    .await;
    // Not yet published: on the staff list, not on the portal.
    t.created(
        ITEMS,
        &t1,
        item("T1", "测试镇未发布的信息", "2025-03-03", ""),
    )
    .await;

    let (status, _, home) = public(&t, "/public/T1/", None).await;
    assert_eq!(status, StatusCode::OK);
    for shown in [
        "测试镇人民路1号",
        "副镇长 甲某",
        "东风村人民调解委员会",
        "王建国（主任）",
        "东风村禁毒宣传",
        "测试镇2025年预算公开",
        "12348",
        "第三十一条",
        "第三十二条",
        "第四十二条",
        "/public/disclosure",
        "/public/normative-documents",
        "/public/decisions",
        "/public/complaints",
    ] {
        assert!(home.contains(shown), "T1's home shows {shown}");
    }
    for hidden in [
        "另一镇胜利路9号",
        "副镇长 乙某",
        "另一镇2025年预算公开",
        "测试镇未发布的信息",
        "13912345678",
    ] {
        assert!(!home.contains(hidden), "T1's home does not show {hidden}");
    }
    let (_, _, other) = public(&t, "/public/T2/", None).await;
    assert!(other.contains("另一镇胜利路9号") && !other.contains("东风村人民调解委员会"));
    assert!(!other.contains("测试镇2025年预算公开"));

    // The county index lists the bodies with a portal; a village has none, nor does a code
    // that is no body.
    let (_, _, index) = public(&t, "/public/", None).await;
    assert!(index.contains("/public/T1/") && index.contains("/public/T2/"));
    assert!(!index.contains("/public/V1/"));
    assert_eq!(
        public(&t, "/public/V1/", None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        public(&t, "/public/NOPE/", None).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, headers, _) = public(&t, "/public/T1", None).await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(headers["location"], "/public/T1/");

    // The catalogue and guide pages.
    let (_, _, cat) = public(&t, "/public/T1/disclosure-catalogue", None).await;
    assert!(cat.contains("T1/2025-00001") && cat.contains("测试镇2025年预算公开"));
    assert!(!cat.contains("测试镇未发布的信息") && !cat.contains("另一镇"));
    let (_, _, none) = public(&t, "/public/T1/disclosure-catalogue?year=2024", None).await;
    assert!(none.contains("暂无主动公开的信息"));
    let (_, _, guide) = public(&t, "/public/T1/disclosure-guide", None).await;
    assert!(guide.contains("T1的政府信息公开指南。") && guide.contains("测试镇人民路1号"));
}

/// The entries' titles of an Atom feed, once it parses as XML with an Atom root.
fn atom_titles(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut titles = Vec::new();
    let mut text = String::new();
    let in_title = |path: &[String]| path.ends_with(&["entry".to_owned(), "title".to_owned()]);
    let mut root = None;
    loop {
        match reader.read_event().expect("the feed is well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if root.is_none() {
                    let ns = e
                        .attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.as_ref() == b"xmlns")
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned());
                    root = Some((name.clone(), ns));
                }
                path.push(name);
            }
            Event::End(_) => {
                if in_title(&path) {
                    titles.push(std::mem::take(&mut text));
                }
                path.pop();
            }
            Event::Text(t) if in_title(&path) => text.push_str(&t.decode().expect("utf-8")),
            Event::GeneralRef(r) if in_title(&path) => {
                let name = r.decode().expect("utf-8");
                let c = match name.as_ref() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    n => n
                        .strip_prefix('#')
                        .and_then(|d| d.parse().ok())
                        .and_then(char::from_u32)
                        .unwrap_or_else(|| panic!("unexpected entity &{n};")),
                };
                text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(
        root,
        Some((
            "feed".to_owned(),
            Some("http://www.w3.org/2005/Atom".to_owned())
        ))
    );
    for required in ["<id>", "<updated>", "<title>", "<author>"] {
        assert!(xml.contains(required), "the feed has {required}");
    }
    titles
}

#[tokio::test]
async fn the_feeds_are_atom_with_the_items() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    t.created(
        ITEMS,
        &staff,
        item("T1", "预算<公开>&说明", "2025-03-03", "2025-03-10"),
    )
    .await;
    t.created(
        ITEMS,
        &staff,
        item("T1", "低保名单", "2025-04-01", "2025-04-02"),
    )
    .await;
    let (status, e) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"org": "T1", "held_on": "2025-06-26", "name": "宪法宣传周", "venue_type": "村居"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");

    let (status, headers, xml) =
        public(&t, "/public/T1/disclosure-catalogue/feed.atom", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    assert_eq!(atom_titles(&xml), ["低保名单", "预算<公开>&说明"]);
    let (_, _, xml) = public(&t, "/public/T1/news/feed.atom", None).await;
    assert_eq!(atom_titles(&xml), ["宪法宣传周"]);
    let (_, _, xml) = public(&t, "/public/T1/reports/feed.atom", None).await;
    assert!(atom_titles(&xml).is_empty(), "no report is published yet");
    let (_, _, xml) = public(&t, "/public/T2/news/feed.atom", None).await;
    assert!(atom_titles(&xml).is_empty(), "T1's news is not T2's");
}

#[tokio::test]
async fn pages_carry_an_etag_answer_304_and_a_publish_invalidates_them() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let page = "/public/T1/disclosure-catalogue";
    let (status, headers, first) = public(&t, page, None).await;
    assert_eq!(status, StatusCode::OK);
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let cc = headers[header::CACHE_CONTROL].to_str().unwrap();
    assert!(cc.starts_with("public, max-age="), "{cc}");

    let (status, headers, body) = public(&t, page, Some(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(headers[header::ETAG].to_str().unwrap(), etag);
    let (status, _, again) = public(&t, page, Some("\"something-else\"")).await;
    assert_eq!((status, again.as_str()), (StatusCode::OK, first.as_str()));

    // A staff write makes the page stale; rendered again without the unpublished item, it is
    // the same page and keeps its ETag.
    let item = t
        .created(ITEMS, &staff, item("T1", "新公开的信息", "2025-03-03", ""))
        .await;
    let (status, _, _) = public(&t, page, Some(&etag)).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED, "nothing shown changed");

    // Publishing changes the page: a new ETag, the item shown, the old tag no longer matches.
    let (status, v) = t
        .patch(
            &format!("{ITEMS}/{}", item["id"]),
            &staff,
            json!({"version": 1, "published_on": "2025-03-10"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    let (status, headers, body) = public(&t, page, Some(&etag)).await;
    assert_eq!(status, StatusCode::OK, "the publish invalidated the page");
    assert!(body.contains("新公开的信息"));
    assert_ne!(headers[header::ETAG].to_str().unwrap(), etag);

    // Staff pages are never cached.
    let (_, headers, _) = public(&t, "/login", None).await;
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(!headers.contains_key(header::ETAG));
}

#[tokio::test]
async fn a_proactive_item_is_due_20_working_days_after_it_was_formed_explained_and_settled_on_publishing(
) {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    // Formed on Friday 2025-09-26: 20 working days across 国庆/中秋 2025 (8 days off, 9-28 and
    // 10-11 worked) end on 2025-10-30, as for a request received that day.
    let i = t
        .created(ITEMS, &staff, item("T1", "秋季防火通告", "2025-09-26", ""))
        .await;
    assert_eq!(i["index_no"], "T1/2025-00001");
    assert_eq!(i["due_on"], "2025-10-30", "{i}");
    let explained = i["due_explained"].as_str().unwrap_or("");
    assert!(explained.contains("工作日"), "{explained}");

    // On the to-do list (overdue by the test clock), with its explanation and legal source.
    let (_, todo) = t.get("/api/v1/todo", &staff).await;
    let entry = todo["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["link"] == format!("/disclosure-items/{}", i["id"]))
        .cloned()
        .unwrap_or_else(|| panic!("the item is on the to-do list: {todo}"));
    assert_eq!(entry["due_date"], "2025-10-30");
    assert_eq!(entry["rule_code"], "disclosure.proactive_publication");
    assert!(
        entry["source"].as_str().unwrap().contains("第二十六条"),
        "{entry}"
    );
    assert!(!entry["explanation"].as_array().unwrap().is_empty());
    // Its page explains it too.
    let browser = t.browser_login("staff_t1").await;
    let (status, html) = t
        .page(&browser, &format!("/disclosure-items/{}", i["id"]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("2025-10-30") && html.contains("第二十六条"));

    // The next item of the year gets the next number; another year starts again.
    let j = t
        .created(
            ITEMS,
            &staff,
            item("T1", "冬季供暖通告", "2025-11-03", "2025-11-05"),
        )
        .await;
    assert_eq!(j["index_no"], "T1/2025-00002");
    assert!(j["due_on"].is_null(), "published at once: nothing due");
    let k = t
        .created(
            ITEMS,
            &staff,
            item("T1", "2024年度报告", "2024-12-30", "2025-01-02"),
        )
        .await;
    assert_eq!(k["index_no"], "T1/2024-00001");

    // Publishing settles the deadline.
    let running = || {
        t.scalar::<i64>(
            "SELECT COUNT(*) FROM deadlines WHERE register = 'disclosure_item' AND settled_at IS NULL",
        )
    };
    assert_eq!(running().await, 1);
    let (status, v) = t
        .patch(
            &format!("{ITEMS}/{}", i["id"]),
            &staff,
            json!({"version": 1, "published_on": "2025-10-20"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert!(v["due_on"].is_null());
    assert_eq!(running().await, 0);
    let (_, todo) = t.get("/api/v1/todo", &staff).await;
    assert!(!todo.to_string().contains("秋季防火通告"), "{todo}");

    // A publication date before the item was formed, or a formation in the future, is refused
    // with what to fix.
    let (status, err) = t
        .post(
            ITEMS,
            &staff,
            item("T1", "错日期", "2025-03-10", "2025-03-01"),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        err.to_string().contains("发布日期不能早于生成日期"),
        "{err}"
    );
    let (status, err) = t
        .post(ITEMS, &staff, item("T1", "未来", "2100-01-01", ""))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(err.to_string().contains("生成日期不能晚于今天"), "{err}");
}

#[tokio::test]
async fn the_staff_api_keeps_to_the_callers_scope() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [t1, t2, v1, viewer] = t
        .api_logins(["staff_t1", "staff_t2", "staff_v1", "viewer_t1"])
        .await;
    let i = t
        .created(ITEMS, &t1, item("T1", "测试镇信息", "2025-03-03", ""))
        .await;
    let path = format!("{ITEMS}/{}", i["id"]);
    assert_eq!(t.get(&path, &t1).await.0, StatusCode::OK);
    assert_eq!(t.get(&path, &viewer).await.0, StatusCode::OK);
    for outside in [&t2, &v1] {
        assert_eq!(t.get(&path, outside).await.0, StatusCode::NOT_FOUND);
        let (status, _) = t
            .patch(&path, outside, json!({"version": 1, "title": "改"}))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (_, list) = t.get(ITEMS, &t2).await;
    assert_eq!(list["total"], 0, "T2 lists none of T1's items");
    let (status, _) = t
        .post(ITEMS, &t2, item("T1", "越权", "2025-03-03", ""))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "T1 is outside T2's scope");
    let (status, _) = t
        .post(ITEMS, &viewer, item("T1", "只读", "2025-03-03", ""))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The portal profile: another town's is not found, a viewer may not write.
    let (status, _) = t.get("/api/v1/portal-profiles/T1", &t2).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, p) = t.get("/api/v1/portal-profiles/T1", &t1).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        p["guide"].as_str().unwrap().contains("第二十六条"),
        "the default guide: {p}"
    );
    let (status, _) = t
        .request(
            Method::PUT,
            "/api/v1/portal-profiles/T1",
            Some(&viewer),
            Some(json!({"guide": "x"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, err) = t
        .request(
            Method::PUT,
            "/api/v1/portal-profiles/T1",
            Some(&t1),
            Some(json!({"guide": "", "address": "长".repeat(201)})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        err["fields"]["address"].as_str().unwrap().contains("200"),
        "{err}"
    );
    assert!(err["fields"]["guide"].is_string(), "{err}");
    assert_eq!(t.audit_count("update", Some("portal_profile")).await, 0);
}

#[tokio::test]
async fn the_kit_and_the_openapi_document_cover_the_new_routes() {
    let t = TestApp::spawn().await;
    t.openapi_with(&[
        ("/api/v1/disclosure-items", "get"),
        ("/api/v1/disclosure-items", "post"),
        ("/api/v1/disclosure-items/{id}", "get"),
        ("/api/v1/disclosure-items/{id}", "patch"),
        ("/api/v1/portal-profiles/{org}", "get"),
        ("/api/v1/portal-profiles/{org}", "put"),
    ])
    .await;
}

#[tokio::test]
async fn news_photos_show_on_the_portal_of_their_body_only_while_the_event_stands() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_v1").await;
    let e = t
        .created(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2025-06-26", "name": "禁毒宣传进村", "venue_type": "村居"}),
        )
        .await;
    let id = e["id"].as_i64().unwrap();
    let browser = t.browser_login("staff_v1").await;
    let png = b"\x89PNG\r\n\x1a\n fake image bytes";
    let upload = crate::helpers::multipart(
        &browser,
        &format!("/publicity/{id}/photos"),
        &[("_csrf", browser.csrf.as_str())],
        ("现场.png", "image/png", png),
    );
    assert_eq!(t.send(upload).await.0, StatusCode::SEE_OTHER);

    let (_, _, home) = public(&t, "/public/T1/", None).await;
    let at = home
        .find("/public/T1/news/photos/")
        .expect("the news item shows its photo");
    let src: String = home[at..].chars().take_while(|c| *c != '"').collect();
    let (status, headers, _) = public(&t, &src, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
    // Not through another body's portal.
    let other = src.replace("/public/T1/", "/public/T2/");
    assert_eq!(public(&t, &other, None).await.0, StatusCode::NOT_FOUND);
    // A withdrawn event leaves the portal, its photo too.
    t.withdraw(&format!("/api/v1/publicity/{id}"), &staff, "重复登记")
        .await;
    let (_, _, home) = public(&t, "/public/T1/", None).await;
    assert!(!home.contains("禁毒宣传进村"));
    assert_eq!(public(&t, &src, None).await.0, StatusCode::NOT_FOUND);
}

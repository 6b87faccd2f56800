//! Sign-in, sessions, CSRF, visibility by organisation, and bad input on the API.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, PASSWORD};

#[tokio::test]
async fn api_login_me_logout() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (status, body) = t
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "staff_t1", "password": "wrong-password"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["code"], "invalid_credentials");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("用户名或密码不正确"));

    let token = t.api_login("staff_t1").await;
    let (status, me) = t.get("/api/v1/me", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["org_code"], "T1");
    assert_eq!(me["role"], "staff");

    let (status, _) = t.post("/api/v1/auth/logout", &token, json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = t.get("/api/v1/me", &token).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a revoked token no longer works"
    );
    assert_eq!(body["code"], "invalid_token");
}

#[tokio::test]
async fn login_attempts_are_throttled_per_username() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let mut last = StatusCode::OK;
    for _ in 0..12 {
        let (status, _) = t
            .request(
                Method::POST,
                "/api/v1/auth/login",
                None,
                Some(json!({"username": "viewer_t1", "password": "nope"})),
            )
            .await;
        last = status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // Even the right password is refused while throttled.
    let (status, body) = t
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "viewer_t1", "password": PASSWORD})),
        )
        .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], "too_many_attempts");
}

#[tokio::test]
async fn first_run_admin_must_change_password() {
    let t = TestApp::spawn().await;
    let password = fazhi::service::accounts::bootstrap(&t.app)
        .await
        .unwrap()
        .expect("fresh database creates admin");
    assert!(fazhi::service::accounts::bootstrap(&t.app)
        .await
        .unwrap()
        .is_none());
    let (status, body) = t
        .request(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(json!({"username": "admin", "password": password})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let token = body["token"].as_str().unwrap();
    let (status, body) = t.get("/api/v1/me", token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["code"], "password_change_required");
}

/// Each role at each level sees exactly its own subtree, through the API and the pages.
#[tokio::test]
async fn visibility_follows_the_organisation_tree() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let expect = [
        ("admin_c1", vec!["C1", "T1", "V1", "V2", "T2"]),
        ("admin_t1", vec!["T1", "V1", "V2"]),
        ("admin_v1", vec!["V1"]),
        ("admin_t2", vec!["T2"]),
        ("viewer_c1", vec!["C1", "T1", "V1", "V2", "T2"]),
        ("leader_t1", vec!["T1", "V1", "V2"]),
    ];
    for (user, codes) in expect {
        let token = t.api_login(user).await;
        let (status, body) = t.get("/api/v1/orgs", &token).await;
        assert_eq!(status, StatusCode::OK, "{user}");
        let mut got: Vec<String> = body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["code"].as_str().unwrap().to_owned())
            .collect();
        got.sort();
        let mut want: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{user} sees its subtree only");
    }
    // Users: an admin of a village sees that village's users only.
    let token = t.api_login("admin_v1").await;
    let (_, body) = t.get("/api/v1/users", &token).await;
    let names: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(body["total"], 5);
    assert!(names.iter().all(|n| n.ends_with("_v1")), "{names:?}");

    // Roles without the right are refused outright.
    for user in ["staff_t1", "mediator_v1"] {
        let token = t.api_login(user).await;
        let (status, _) = t.get("/api/v1/users", &token).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{user}");
    }

    // The same through the pages.
    let b = t.browser_login("admin_v1").await;
    let (status, html) = t.page(&b, "/admin/orgs").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("东风村"));
    assert!(
        !html.contains("红旗村"),
        "a village admin never sees another village"
    );
    assert!(!html.contains("另一镇"));
}

#[tokio::test]
async fn nobody_writes_outside_their_subtree() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let token = t.api_login("admin_t1").await;
    // Adding a village under another town: the parent is not visible, so it is not found.
    let (status, body) = t
        .post(
            "/api/v1/orgs",
            &token,
            json!({"code": "X1", "name": "越权村", "kind": "village", "parent": "T2"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["fields"]["parent"]
        .as_str()
        .unwrap()
        .contains("找不到上级组织"));
    // A user for an organisation outside the subtree.
    let (status, body) = t
        .post(
            "/api/v1/users",
            &token,
            json!({"username": "sneaky", "role": "admin", "org": "C1", "password": "abc12345"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["fields"]["org"].is_string());
    // Within the subtree it works, and a duplicate code is a field error, not a 500.
    let (status, _) = t
        .post(
            "/api/v1/orgs",
            &token,
            json!({"code": "V3", "name": "新建村", "kind": "village", "parent": "T1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = t
        .post(
            "/api/v1/orgs",
            &token,
            json!({"code": "V3", "name": "重复村", "kind": "village", "parent": "T1"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["fields"]["code"]
        .as_str()
        .unwrap()
        .contains("已被其他组织使用"));
}

#[tokio::test]
async fn form_posts_need_the_csrf_token() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("admin_t1").await;
    let fields = [
        ("code", "V9"),
        ("name", "新村"),
        ("kind", "village"),
        ("parent", "T1"),
    ];
    let (status, _, html) = t.form(&b, "/admin/orgs", &fields, false).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("请刷新页面后重新提交"));
    let (status, headers, _) = t.form(&b, "/admin/orgs", &fields, true).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/admin/orgs");
    // A validation error re-renders the form with a summary and the field's message.
    let bad = [
        ("code", ""),
        ("name", ""),
        ("kind", "village"),
        ("parent", "T1"),
    ];
    let (status, _, html) = t.form(&b, "/admin/orgs", &bad, true).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("请更正以下问题"));
    assert!(html.contains("请填写组织名称"));
}

#[tokio::test]
async fn pages_need_a_session() {
    let t = TestApp::spawn().await;
    let req = Request::builder()
        .uri("/admin/users")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = t.send(req).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/login?next=%2Fadmin%2Fusers");
}

#[tokio::test]
async fn bad_api_input_is_a_4xx_never_a_500() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let token = t.api_login("admin_t1").await;
    let raw = |body: &'static str, content_type: Option<&'static str>| {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/api/v1/orgs")
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        req.body(Body::from(body)).unwrap()
    };
    let cases = [
        (
            raw("{not json", Some("application/json")),
            StatusCode::BAD_REQUEST,
            "invalid_json",
        ),
        (
            raw(r#"{"code": 5}"#, Some("application/json")),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            raw(
                r#"{"code":"A","name":"B","kind":"village","parent":"T1","extra":1}"#,
                Some("application/json"),
            ),
            StatusCode::BAD_REQUEST,
            "invalid_body",
        ),
        (
            raw("{}", None),
            StatusCode::BAD_REQUEST,
            "unsupported_media_type",
        ),
    ];
    for (req, want, code) in cases {
        let (status, _, body) = t.send(req).await;
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, want, "{body}");
        assert_eq!(body["code"], code);
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    // Oversized bodies.
    let big = format!(r#"{{"code":"{}"}}"#, "x".repeat(3 * 1024 * 1024));
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/orgs")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(big))
        .unwrap();
    let (status, _, _) = t.send(req).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Unknown paths and bad query values.
    let (status, body) = t.get("/api/v1/no-such-thing", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "not_found");
    let (status, body) = t.get("/api/v1/audit?from=yesterday", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["code"], "invalid_query");
    let (status, _) = t.get("/api/v1/audit?page=-1", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let t = TestApp::spawn().await;
    let (status, doc) = t
        .request(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/auth/login",
        "/api/v1/orgs",
        "/api/v1/users",
        "/api/v1/audit",
        "/api/v1/todo",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

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

/// An API sign-in as if from socket address `peer`, with any further headers.
async fn api_login_from(
    t: &TestApp,
    username: &str,
    password: &str,
    peer: &str,
    extra: &[(&str, &str)],
) -> (StatusCode, serde_json::Value) {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/auth/login")
        .header(header::CONTENT_TYPE, "application/json");
    for (name, value) in extra {
        req = req.header(*name, *value);
    }
    let body = json!({"username": username, "password": password}).to_string();
    let mut req = req.body(Body::from(body)).unwrap();
    req.extensions_mut().insert(axum::extract::ConnectInfo(
        peer.parse::<std::net::SocketAddr>().unwrap(),
    ));
    let (status, _, body) = t.send(req).await;
    (
        status,
        serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    )
}

/// Issue #12 item 11: a streak of wrong passwords slows down that username from that address
/// only; the right password from elsewhere still signs in (no lock-out).
#[tokio::test]
async fn wrong_passwords_back_off_one_address_without_locking_the_user_out() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let mut last = StatusCode::OK;
    for _ in 0..10 {
        let (status, _) = api_login_from(&t, "viewer_t1", "nope", "10.0.0.1:4000", &[]).await;
        last = status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // The right password from the same address waits its turn too, and is told how long.
    let (status, body) = api_login_from(&t, "viewer_t1", PASSWORD, "10.0.0.1:4000", &[]).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], "too_many_attempts");
    assert!(
        body["message"].as_str().unwrap().contains("秒后再试"),
        "{body}"
    );
    // From another address the user signs in at once.
    let (status, body) = api_login_from(&t, "viewer_t1", PASSWORD, "10.0.0.2:4000", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // And another user from the first address is not held back either.
    let (status, _) = api_login_from(&t, "staff_t1", PASSWORD, "10.0.0.1:4000", &[]).await;
    assert_eq!(status, StatusCode::OK);
}

/// The wait doubles with each wrong password past the free ones, up to a ceiling, and a
/// success clears it.
#[tokio::test]
async fn the_login_back_off_grows_and_a_success_clears_it() {
    use fazhi::service::login_throttle::{wait_after, LoginThrottle, FREE_FAILURES, MAX_WAIT};
    use std::time::{Duration, Instant};
    assert_eq!(wait_after(FREE_FAILURES - 1), None);
    let waits: Vec<Duration> = (FREE_FAILURES..FREE_FAILURES + 4)
        .map(|n| wait_after(n).unwrap())
        .collect();
    assert!(waits.windows(2).all(|w| w[1] == w[0] * 2), "{waits:?}");
    assert_eq!(wait_after(FREE_FAILURES + 60), Some(MAX_WAIT));

    let throttle = LoginThrottle::default();
    let t0 = Instant::now();
    for _ in 0..FREE_FAILURES {
        assert!(throttle.check("u", "a", t0).is_ok());
        throttle.record_failure("u", "a", t0);
    }
    let first = throttle.check("u", "a", t0).unwrap_err();
    assert_eq!(first, wait_after(FREE_FAILURES).unwrap());
    let t1 = t0 + first;
    assert!(throttle.check("u", "a", t1).is_ok(), "the wait is over");
    throttle.record_failure("u", "a", t1);
    let second = throttle.check("u", "a", t1).unwrap_err();
    assert!(second > first, "{second:?} after {first:?}");
    assert!(throttle.check("u", "b", t1).is_ok(), "another address");
    throttle.record_success("u", "a");
    assert!(
        throttle.check("u", "a", t1).is_ok(),
        "a success clears the streak"
    );
}

/// Issue #12 item 11: `X-Forwarded-For` names the client only when the socket peer is a
/// proxy the operator trusts; otherwise anyone could pick a fresh address per attempt.
#[tokio::test]
async fn forwarded_for_counts_only_behind_a_trusted_proxy() {
    // Not configured: the header is ignored, so the streak stays on the proxy's address.
    let t = TestApp::spawn().await;
    t.seed().await;
    let each_forged = |i| format!("192.0.2.{i}");
    let status = sign_in_after_ten_failures(&t, "10.0.0.9", each_forged, "198.51.100.7").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "forged header ignored"
    );

    // Configured: the address the trusted proxy appended is the client's.
    let t = TestApp::spawn_with(|c| c.trusted_proxies = vec!["10.0.0.9".parse().unwrap()]).await;
    t.seed().await;
    let same_client = |_| "203.0.113.5, 192.0.2.1".to_owned();
    let status = sign_in_after_ten_failures(&t, "10.0.0.9", same_client, "192.0.2.1").await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "same client behind the proxy"
    );
    // The forged left-hand entry did not count: another client through the proxy is fine.
    let (status, body) = api_login_from(
        &t,
        "viewer_t1",
        PASSWORD,
        "10.0.0.9:4000",
        &[("x-forwarded-for", "203.0.113.5, 192.0.2.2")],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A peer that is not the trusted proxy cannot use the header.
    let other_peer = |_| "192.0.2.3".to_owned();
    let status = sign_in_after_ten_failures(&t, "10.0.0.8", other_peer, "192.0.2.4").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

/// Ten wrong passwords of viewer_t1 from `peer`, the i-th with `X-Forwarded-For: forwarded(i)`,
/// then the right one from `peer` with `X-Forwarded-For: last`: that sign-in's status.
async fn sign_in_after_ten_failures(
    t: &TestApp,
    peer: &str,
    forwarded: impl Fn(usize) -> String,
    last: &str,
) -> StatusCode {
    let peer = format!("{peer}:4000");
    for i in 0..10 {
        let xff = forwarded(i);
        api_login_from(t, "viewer_t1", "nope", &peer, &[("x-forwarded-for", &xff)]).await;
    }
    let (status, _) = api_login_from(
        t,
        "viewer_t1",
        PASSWORD,
        &peer,
        &[("x-forwarded-for", last)],
    )
    .await;
    status
}

/// Issue #12 item 1: a huge username is refused before any lookup and leaves no trace in
/// memory.
#[tokio::test]
async fn an_oversized_username_is_refused_early() {
    let t = TestApp::spawn().await;
    let huge = "x".repeat(1024 * 1024);
    for i in 0..5 {
        let (status, body) =
            api_login_from(&t, &format!("{i}{huge}"), "nope", "10.0.0.1:4000", &[]).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["code"], "invalid_username");
        assert!(body["message"].as_str().unwrap().contains("用户名"));
    }
    let (status, _, html) = t.login_form(&huge, "nope", "/", None, &[]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("用户名过长"));
    assert_eq!(t.app.login_throttle.len(), 0, "nothing remembered");
}

/// Issue #12 item 1: however many distinct usernames are tried, the throttle keeps a bounded
/// number of fixed-size entries.
#[tokio::test]
async fn the_login_throttle_stays_bounded() {
    use fazhi::service::login_throttle::{LoginThrottle, CAPACITY};
    let throttle = LoginThrottle::default();
    let now = std::time::Instant::now();
    for i in 0..CAPACITY * 2 + 10 {
        throttle.record_failure(
            &format!("user{i}{}", "y".repeat(100)),
            &format!("a{i}"),
            now,
        );
    }
    assert!(throttle.len() <= 2 * CAPACITY, "{}", throttle.len());
    // The newest streak survives the pruning.
    let last = CAPACITY * 2 + 9;
    let name = format!("user{last}{}", "y".repeat(100));
    for _ in 1..fazhi::service::login_throttle::FREE_FAILURES {
        throttle.record_failure(&name, &format!("a{last}"), now);
    }
    assert!(throttle.check(&name, &format!("a{last}"), now).is_err());
}

/// Issue #12 item 12: after login only a path on this site is followed.
#[tokio::test]
async fn login_redirects_only_to_this_site() {
    let t = TestApp::spawn().await;
    t.seed().await;
    for next in [
        "/\\evil.example/",
        "//evil",
        "https://evil",
        "/\\/evil",
        "/\t/evil",
        "\\\\evil",
        "evil",
        "",
    ] {
        let (status, headers, _) = t.login_form("staff_t1", PASSWORD, next, None, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(headers[header::LOCATION], "/", "{next:?}");
    }
    let (_, headers, _) = t
        .login_form(
            "staff_t1",
            PASSWORD,
            "/disputes?page=2&q=%E5%BC%A0",
            None,
            &[],
        )
        .await;
    assert_eq!(headers[header::LOCATION], "/disputes?page=2&q=%E5%BC%A0");
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
    let doc = t
        .openapi_with(&[
            ("/api/v1/auth/login", "post"),
            ("/api/v1/orgs", "get"),
            ("/api/v1/users", "get"),
            ("/api/v1/audit", "get"),
            ("/api/v1/todo", "get"),
        ])
        .await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());

    // Issue #14 point 8: every parameter is where the router reads it. A `{name}` in the path
    // is declared `in: path`, and nothing else is; every other parameter is a query's.
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let in_path: std::collections::BTreeSet<&str> = path
            .split('{')
            .skip(1)
            .map(|s| s.split('}').next().unwrap())
            .collect();
        for (method, op) in item.as_object().unwrap() {
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            let declared: std::collections::BTreeSet<String> = params
                .iter()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect();
            let declared: std::collections::BTreeSet<&str> =
                declared.iter().map(String::as_str).collect();
            assert_eq!(declared, in_path, "{method} {path}: path parameters");
            for p in &params {
                assert!(
                    p["in"] == "path" || p["in"] == "query",
                    "{method} {path}: {p}"
                );
            }
            checked += params.len();
            // …and the router has the operation: with its path parameters filled in, an
            // unauthenticated request is refused or checked, never "no such route".
            let concrete = in_path.iter().fold(path.clone(), |p, name| {
                p.replace(
                    &format!("{{{name}}}"),
                    if *name == "ledger" { "disputes" } else { "1" },
                )
            });
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let (status, body) = t.request(method.clone(), &concrete, None, None).await;
            assert!(
                status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {concrete}: {status} {body}"
            );
        }
    }
    assert!(checked > 60, "{checked} parameters checked");
}

/// Issue #12 (low): the login form carries its own CSRF token, paired with a cookie a
/// cross-site page can neither read nor set.
#[tokio::test]
async fn the_login_form_needs_its_csrf_token() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let body = format!("username=staff_t1&password={PASSWORD}&next=%2F");
    let req = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let (status, headers, html) = t.send(req).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers.get(header::LOCATION).is_none(), "not signed in");
    assert!(String::from_utf8_lossy(&html).contains("请重新输入密码登录"));
    let (status, _, _) = t.login_form("staff_t1", PASSWORD, "/", None, &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

/// Issue #12 (low): `Origin: null` is refused on state-changing posts; our own origin passes.
#[tokio::test]
async fn writes_from_a_null_origin_are_refused() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let token = t.api_login("admin_t1").await;
    let post = |origin: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/v1/orgs")
            .header(header::HOST, "fazhi.example")
            .header(header::ORIGIN, origin)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"code": "V7", "name": "新村", "kind": "village", "parent": "T1"})
                    .to_string(),
            ))
            .unwrap()
    };
    for origin in ["null", "https://evil.example"] {
        let (status, _, _) = t.send(post(origin)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}");
    }
    let (status, _, _) = t.send(post("https://fazhi.example")).await;
    assert_eq!(status, StatusCode::CREATED);
}

/// Issue #12 (low): sign-in, failed sign-in and sign-out leave audit entries.
#[tokio::test]
async fn sign_in_failures_and_sign_out_are_audited() {
    let t = TestApp::spawn().await;
    t.seed().await;
    api_login_from(&t, "staff_t1", "wrong-password", "10.0.0.1:4000", &[]).await;
    api_login_from(&t, "nobody", "wrong-password", "10.0.0.1:4000", &[]).await;
    assert_eq!(t.audit_count("sign_in_failed", Some("user")).await, 2);
    let token = t.api_login("staff_t1").await;
    let b = t.browser_login("staff_t1").await;
    assert_eq!(t.audit_count("sign_in", Some("user")).await, 2);
    let (status, _) = t.post("/api/v1/auth/logout", &token, json!({})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _, _) = t.form(&b, "/logout", &[], true).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(t.audit_count("sign_out", Some("user")).await, 2);
}

/// Issue #12 (low): the new password may not be the current (one-time) one, nor a common one.
#[tokio::test]
async fn the_new_password_is_neither_the_old_one_nor_common() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let b = t.browser_login("staff_t1").await;
    for (new, message) in [
        (PASSWORD, "不能与当前密码"),
        ("Password1", "太常见"),
        ("qwertyuiop", "太常见"),
    ] {
        let fields = [
            ("current_password", PASSWORD),
            ("new_password", new),
            ("confirm_password", new),
        ];
        let (status, _, html) = t.form(&b, "/password", &fields, true).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{new}");
        assert!(html.contains(message), "{new}: {message}");
    }
}

/// Issue #12 (low): personal data is not cached, the CSP pins forms and `<base>` to this site,
/// and active file types are downloaded, never shown inline as a page of this site.
#[tokio::test]
async fn responses_are_not_cached_and_active_files_are_downloaded() {
    let t = TestApp::spawn().await;
    let fixture = t.seed().await;
    let b = t.browser_login("admin_t1").await;
    let get = |path: &str| {
        Request::builder()
            .uri(path)
            .header(header::COOKIE, &b.cookie)
            .body(Body::empty())
            .unwrap()
    };
    for path in ["/", "/admin/users", "/api/v1/me", "/login"] {
        let (_, headers, _) = t.send(get(path)).await;
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{path}");
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("form-action 'self'") && csp.contains("base-uri 'self'"));
    }
    let (_, headers, _) = t.send(get("/assets/app.css")).await;
    assert_ne!(headers[header::CACHE_CONTROL], "no-store");

    let op = fazhi::service::Caller::operator();
    let mut ids = Vec::new();
    for (name, ct, bytes) in [
        (
            "x.svg",
            "image/svg+xml",
            &b"<svg xmlns='http://www.w3.org/2000/svg'/>"[..],
        ),
        ("p.jpg", "image/jpeg", &b"\xff\xd8\xff\xe0"[..]),
    ] {
        let a = fazhi::service::attachments::store(
            &t.app,
            &op,
            fazhi::service::attachments::Upload {
                entity: "dispute",
                entity_id: 1,
                org_id: fixture.town_id,
                file_name: name,
                content_type: ct,
                bytes: bytes.to_vec(),
            },
        )
        .await
        .unwrap();
        ids.push(a.id);
    }
    let (status, headers, _) = t.send(get(&format!("/attachments/{}", ids[0]))).await;
    assert_eq!(status, StatusCode::OK);
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let (_, headers, _) = t.send(get(&format!("/attachments/{}", ids[1]))).await;
    let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
    assert!(
        disposition.starts_with("inline"),
        "photos still open in place"
    );
}

/// Issue #12 item 11: a burst of parallel guesses cannot all slip through one throttle check;
/// at most the password checks already running (4) get past the free ones.
#[tokio::test]
async fn a_parallel_burst_of_guesses_is_throttled_too() {
    let t = std::sync::Arc::new(TestApp::spawn().await);
    t.seed().await;
    let guesses: Vec<_> = (0..24)
        .map(|_| {
            let t = t.clone();
            tokio::spawn(async move {
                api_login_from(&t, "viewer_t1", "nope", "10.0.0.1:4000", &[])
                    .await
                    .0
            })
        })
        .collect();
    let mut checked = 0;
    for guess in guesses {
        if guess.await.unwrap() == StatusCode::UNAUTHORIZED {
            checked += 1;
        }
    }
    let free = fazhi::service::login_throttle::FREE_FAILURES as usize;
    assert!(
        checked >= free && checked < free + 4,
        "{checked} guesses checked"
    );
}

/// A caller who may not write is refused by the right alone: the body (here not even JSON) is
/// never read, so the answer is 403, not 400 — for the steps that take a body beside a path.
#[tokio::test]
async fn step_bodies_are_read_only_after_the_right_is_checked() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let token = t.api_login("viewer_t1").await;
    for uri in [
        "/api/v1/leading-groups/1/members",
        "/api/v1/plan-tasks/from-report",
        "/api/v1/normative-cleanups/1/finish",
    ] {
        let req = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{not json"))
            .unwrap();
        let (status, _, body) = t.send(req).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{uri}: {}",
            String::from_utf8_lossy(&body)
        );
    }
}

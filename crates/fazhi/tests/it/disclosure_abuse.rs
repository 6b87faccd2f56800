//! Abuse of the portal's request form (issue #17 item 5, registers/disclosure/service.rs and
//! portal.rs): submissions are limited per applicant as well as per address, so one applicant
//! cannot flood from many addresses; a filled honeypot field is quietly refused and stores
//! nothing.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;

use crate::helpers::{Browser, TestApp};

const PUBLIC: &str = "/api/v1/public/disclosure-requests";

/// Files a request from `addr` as the applicant with `phone`.
async fn submit(t: &TestApp, addr: &str, phone: &str) -> StatusCode {
    let body = json!({"org": "T1", "applicant_kind": "person", "applicant_name": "李四",
        "applicant_phone": phone, "information": "本村2024年土地征收补偿标准"});
    let mut req = Request::builder()
        .method(Method::POST)
        .uri(PUBLIC)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let peer: std::net::SocketAddr = format!("{addr}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    t.send(req).await.0
}

#[tokio::test]
async fn one_applicant_is_throttled_across_addresses_while_another_is_not() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let mut statuses = Vec::new();
    for i in 0..6 {
        // The same phone, written differently, from six addresses.
        let phone = if i % 2 == 0 {
            "13812345678"
        } else {
            "138-1234-5678"
        };
        statuses.push(submit(&t, &format!("10.0.0.{}", i + 1), phone).await);
    }
    assert_eq!(&statuses[..5], &[StatusCode::CREATED; 5], "{statuses:?}");
    assert_eq!(statuses[5], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
    assert_eq!(
        submit(&t, "10.0.0.9", "13900000000").await,
        StatusCode::CREATED
    );
    let stored: i64 = t.scalar("SELECT COUNT(*) FROM disclosure_requests").await;
    assert_eq!(stored, 6);
}

#[tokio::test]
async fn a_filled_honeypot_is_quietly_refused_and_stores_nothing() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let anonymous = Browser {
        cookie: String::new(),
        csrf: String::new(),
    };
    let (_, page) = t.page(&anonymous, "/public/disclosure").await;
    assert!(
        page.contains("name=\"website\"") && page.contains("tabindex=\"-1\""),
        "{page}"
    );
    let mut fields = vec![
        ("org", "T1"),
        ("applicant_kind", "person"),
        ("applicant_name", "李四"),
        ("applicant_phone", "13900000000"),
        ("information", "本村2024年土地征收补偿标准"),
        ("website", "http://spam.example"),
    ];
    let (status, _, page) = t
        .form(&anonymous, "/public/disclosure/apply", &fields, false)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(!page.contains("查询密码只显示这一次"), "no receipt: {page}");
    let stored: i64 = t.scalar("SELECT COUNT(*) FROM disclosure_requests").await;
    assert_eq!(stored, 0);
    // A person leaves it empty and is served as before.
    fields[5] = ("website", "");
    let (status, _, page) = t
        .form(&anonymous, "/public/disclosure/apply", &fields, false)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{page}");
    let stored: i64 = t.scalar("SELECT COUNT(*) FROM disclosure_requests").await;
    assert_eq!(stored, 1);
}

//! Issue #15 item 1: one clock, Beijing time everywhere a person reads a time or a form
//! pre-fills a date. The tests' clock reads 23:30 UTC (helpers.rs), when the UTC date is still
//! yesterday's in Beijing: every check below fails on a UTC date.

use axum::http::StatusCode;
use chrono::{Days, NaiveDate};
use serde_json::json;

use crate::helpers::TestApp;

/// The Beijing date and the (one day earlier) UTC date of the tests' clock.
fn dates() -> (NaiveDate, NaiveDate) {
    let now = fazhi::clock::now();
    let utc = now.date_naive();
    let beijing = fazhi::service::deadlines::today();
    assert_eq!(
        beijing,
        utc + Days::new(1),
        "the tests run at 23:30 UTC: {now}"
    );
    (beijing, utc)
}

#[tokio::test]
async fn forms_default_to_the_beijing_date() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (beijing, utc) = dates();
    let b = t.browser_login("staff_t1").await;
    for path in ["/publicity/new", "/study"] {
        let (status, html) = t.page(&b, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(
            html.contains(&format!("value=\"{beijing}\"")),
            "{path} defaults to today in Beijing"
        );
        assert!(!html.contains(&format!("value=\"{utc}\"")), "{path}");
    }
}

#[tokio::test]
async fn times_people_read_are_beijing_time_and_the_api_says_its_offset() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (beijing, utc) = dates();
    let staff = t.api_login("staff_v1").await;
    let (status, e) = t
        .post(
            "/api/v1/publicity",
            &staff,
            json!({"held_on": "2024-03-05", "name": "宪法宣传", "venue_type": "村居",
                   "banners": 2, "beneficiaries": 120}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{e}");
    // The API's history gives Beijing time with its offset.
    let (_, h) = t
        .get(&format!("/api/v1/publicity/{}/history", e["id"]), &staff)
        .await;
    let at = h[0]["at"].as_str().unwrap();
    assert!(at.starts_with(&format!("{beijing}T07:")), "{at}");
    assert!(at.ends_with("+08:00"), "{at}");
    // Instants the API stores say they are UTC.
    let created = e["created_at"].as_str().unwrap_or_default();
    assert!(
        created.is_empty() || created.ends_with('Z') || created.contains('+'),
        "{created}"
    );

    // The audit log page shows Beijing time.
    let admin = t.browser_login("admin_c1").await;
    let (status, html) = t.page(&admin, "/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("时间（北京时间）"));
    assert!(
        html.contains(&format!("{beijing} 07:")),
        "audit shows Beijing time"
    );
    assert!(
        !html.contains(&format!("{utc} 23:")),
        "audit shows no UTC time"
    );
    // A date filter is a Beijing day: today's entries are found under today's date.
    let (_, html) = t
        .page(&admin, &format!("/audit?from={beijing}&to={beijing}"))
        .await;
    assert!(
        html.contains("publicity_event") || html.contains("宣传"),
        "{html}"
    );

    // The calendar page lists when its files were loaded, in Beijing time.
    let (_, html) = t.page(&admin, "/calendar").await;
    assert!(html.contains("载入时间（北京时间）"));
    assert!(html.contains(&format!("{beijing} 07:")));
}

#[tokio::test]
async fn the_portal_dates_a_report_as_it_is_signed() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let (beijing, utc) = dates();
    let year = beijing.format("%Y").to_string().parse::<i32>().unwrap() - 1;
    let b = t.browser_login("leader_t1").await;
    crate::report::finalize_on_page(&t, &b, "T1", year).await;
    let req = axum::http::Request::builder()
        .uri("/public/")
        .body(axum::body::Body::empty())
        .unwrap();
    let (_, _, body) = t.send(req).await;
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains(&format!("发布于 {beijing}")), "{body}");
    assert!(!body.contains(&format!("发布于 {utc}")));
    // The report itself is signed the same day.
    let (_, text) = crate::report::markdown(&t, "T1", year).await;
    let signed = fazhi_docs::chinese_date(beijing);
    assert!(text.contains(&signed), "signed {signed}: {text}");
}

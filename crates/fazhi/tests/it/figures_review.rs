//! Issue #15 item 7: identifiers and figures as a legal review reads them.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

fn id_card(body: &str) -> String {
    let check = fazhi_domain::ident::id_card_check_char(body).expect("17 digits");
    format!("{body}{check}")
}

#[tokio::test]
async fn an_id_number_born_in_the_future_is_refused() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let today = fazhi::service::deadlines::today();
    let tomorrow = today.succ_opt().unwrap().format("%Y%m%d").to_string();
    let future = id_card(&format!("654202{tomorrow}123"));
    let body = |id_no: &str| {
        json!({
            "registered_on": today.to_string(),
            "source": "来访",
            "dispute_type": "草场纠纷",
            "summary": "草场边界",
            "parties": [{"name": "张三", "id_no": id_no}, {"name": "李四"}],
        })
    };
    let (status, b) = t.post("/api/v1/disputes", &staff, body(&future)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{b}");
    let msg = b["fields"]["party1_id_no"].as_str().unwrap();
    assert!(msg.contains("晚于今天"), "{msg}");
    // Born today (Beijing time) is a real person.
    let born_today = id_card(&format!("654202{}123", today.format("%Y%m%d")));
    let (status, b) = t.post("/api/v1/disputes", &staff, body(&born_today)).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
}

#[tokio::test]
async fn exam_scores_and_pass_rates() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let (status, b) = t
        .post(
            "/api/v1/law-exams",
            &staff,
            json!({"year": 2023, "cadre": "张三", "score": 120}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{b}");
    assert_eq!(
        b["fields"]["score"],
        "「成绩」120分高于试卷满分100分，请核对"
    );
    // No participants: no rate, shown 「—」, not 0%.
    let (_, x) = t.get("/api/v1/law-exams?year=2023", &staff).await;
    assert_eq!(
        x["stats"],
        json!({"taken": 0, "passed": 0, "pass_rate": null})
    );
    let browser = t.browser_login("staff_t1").await;
    let (status, html) = t.page(&browser, "/study/exams?year=2023").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("合格率 —"), "{html}");
    assert!(!html.contains("合格率 0%"));
    // Half up: 1 of 8 passed is 12.5%; 1 of 16 would be 6.25% → 6.3%.
    for (i, score) in [90, 50, 50, 50, 50, 50, 50, 50].into_iter().enumerate() {
        let (status, b) = t
            .post(
                "/api/v1/law-exams",
                &staff,
                json!({"year": 2023, "cadre": format!("干部{i}"), "score": score}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
    }
    let (_, html) = t.page(&browser, "/study/exams?year=2023").await;
    assert!(html.contains("合格率 12.5%"), "{html}");
}

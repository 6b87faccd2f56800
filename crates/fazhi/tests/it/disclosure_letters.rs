//! The reply letters (告知书) of disclosure requests (registers/disclosure/letter.rs): one for
//! every reply type of the national format, a DOCX that opens, with the type's title and the
//! article of 政府信息公开条例 it rests on, and the applicant's remedies (行政复议 60日,
//! 行政诉讼 6个月); none before the reply; the applicant's name masked for a reader.

use axum::http::StatusCode;
use fazhi_domain::disclosure::ReplyType;
use serde_json::json;

use crate::helpers::{docx_text, TestApp};

const LIST: &str = "/api/v1/disclosure-requests";

#[tokio::test]
async fn every_reply_type_produces_its_letter_citing_its_basis_and_the_remedies() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, viewer, other] = t.api_logins(["staff_t1", "viewer_t1", "staff_t2"]).await;
    let r = t
        .created(
            LIST,
            &staff,
            json!({"org": "T1", "channel": "in_person", "applicant_kind": "person",
                   "applicant_name": "王小明", "applicant_phone": "13812345678",
                   "information": "2024年本镇农村低保资金发放名单", "submitted_on": "2025-03-03"}),
        )
        .await;
    let id = r["id"].clone();
    let letter = format!("{LIST}/{id}/letter");
    let (status, _) = t.download(&letter, Some(&staff), None).await;
    assert_eq!(status, StatusCode::CONFLICT, "no letter before the reply");

    for t_ in ReplyType::ALL {
        let (status, v) = t
            .post(
                &format!("{LIST}/{id}/reply"),
                &staff,
                json!({"reply_type": t_.code(), "on": "2025-03-20", "text": "答复正文"}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {v}", t_.code());
        let (status, bytes) = t.download(&letter, Some(&staff), None).await;
        assert_eq!(status, StatusCode::OK, "{}", t_.code());
        let xml = docx_text(&bytes);
        assert!(xml.contains(t_.letter_title()), "{}: title", t_.code());
        if !t_.basis().is_empty() {
            assert!(
                xml.contains(t_.basis()),
                "{}: basis {}",
                t_.code(),
                t_.basis()
            );
        }
        assert!(
            xml.contains(t_.letter_decision()),
            "{}: decision",
            t_.code()
        );
        assert!(
            xml.contains("60日内") && xml.contains("6个月内"),
            "{}: remedies",
            t_.code()
        );
        assert!(
            xml.contains("王小明"),
            "{}: addressed to the applicant",
            t_.code()
        );
        assert!(xml.contains("测试镇"), "{}: signed by the body", t_.code());
    }
    // A reader who may not see personal data gets the name masked; another town: not found.
    let (status, bytes) = t.download(&letter, Some(&viewer), None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!docx_text(&bytes).contains("王小明"));
    let (status, _) = t.download(&letter, Some(&other), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // The request's page links the letter.
    let b = t.browser_login("staff_t1").await;
    let (_, page) = t.page(&b, &format!("/disclosure-requests/{id}")).await;
    assert!(
        page.contains(&format!("/disclosure-requests/{id}/letter")),
        "{page}"
    );
    let (status, bytes) = t
        .download(&format!("/disclosure-requests/{id}/letter"), None, Some(&b))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes.starts_with(b"PK"));
}

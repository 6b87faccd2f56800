//! The audit log: every change is chained; tampering is found and named.

use fazhi::storage::audit::{self, Verification};
use fazhi::storage::Query;

use crate::helpers::TestApp;

#[tokio::test]
async fn every_write_is_chained_and_verifies() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let entries: i64 = Query::new("SELECT COUNT(*) FROM audit_log")
        .fetch_scalar(&t.app.db)
        .await
        .unwrap();
    // 2 calendar files + 5 orgs + 25 users.
    assert_eq!(entries, 32);
    assert_eq!(
        audit::verify(&t.app.db).await.unwrap(),
        Verification::Intact { entries: 32 }
    );
}

#[tokio::test]
async fn a_tampered_row_is_named() {
    let t = TestApp::spawn().await;
    t.seed().await;
    Query::new("UPDATE audit_log SET after_json = $1 WHERE id = 10")
        .bind("{\"name\":\"篡改\"}")
        .execute(&t.app.db)
        .await
        .unwrap();
    match audit::verify(&t.app.db).await.unwrap() {
        Verification::Broken { entry_id, .. } => assert_eq!(entry_id, 10),
        other => panic!("tampering not detected: {other:?}"),
    }
}

#[tokio::test]
async fn a_deleted_row_breaks_the_chain_at_its_successor() {
    let t = TestApp::spawn().await;
    t.seed().await;
    Query::new("DELETE FROM audit_log WHERE id = 7")
        .execute(&t.app.db)
        .await
        .unwrap();
    match audit::verify(&t.app.db).await.unwrap() {
        Verification::Broken { entry_id, .. } => assert_eq!(entry_id, 8),
        other => panic!("deletion not detected: {other:?}"),
    }
}

#[tokio::test]
async fn the_cli_reports_a_broken_chain_with_exit_status_1() {
    let t = TestApp::spawn().await;
    t.seed().await;
    Query::new("UPDATE audit_log SET actor = $1 WHERE id = 5")
        .bind("别人")
        .execute(&t.app.db)
        .await
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("第 5 条"), "names the entry: {err}");
}

/// The audit log page pages 50 entries at a time; its links carry the filters, URL-encoded.
#[tokio::test]
async fn the_audit_page_pages_with_its_filters_encoded() {
    use axum::http::StatusCode;

    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    t.add_study_sessions(&staff, 51).await;
    let admin = t.browser_login("admin_t1").await;
    let (status, html) = t.page(&admin, "/audit?entity=study_session").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("第 1 / 2 页"), "{html}");
    assert!(
        html.contains(
            "href=\"/audit?entity=study_session&#38;actor=&#38;from=&#38;to=&#38;page=2\""
        ),
        "{html}"
    );
    let (_, html) = t.page(&admin, "/audit?entity=study_session&page=2").await;
    assert!(html.contains("第 2 / 2 页") && html.contains("上一页"));
    let (status, html) = t.page(&admin, "/audit?actor=a%26b").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("第 1 / 1 页"), "{html}");
}

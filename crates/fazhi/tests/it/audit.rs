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

//! `fazhi backup`: a consistent SQLite snapshot taken while the app has the database open, and
//! a restore from it (copy the file back, as docs/operations.md says).

use fazhi::storage::audit::{self, Verification};
use fazhi::storage::{orgs, Scope};

use crate::helpers::{backend_url, TestApp};

#[tokio::test]
async fn backup_restores() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let file = t.dir.path().join("backup.sqlite");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .arg("backup")
        .arg(&file)
        .output()
        .unwrap();
    if backend_url().is_some() {
        // PostgreSQL deployments use pg_dump; the command says so and fails.
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A second backup to the same file is refused rather than overwriting it.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .arg("backup")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));

    // Restore: a fresh data directory whose database is the backup file.
    let restored = tempfile::tempdir().unwrap();
    std::fs::copy(&file, restored.path().join("fazhi.sqlite")).unwrap();
    // The audit chain verifies only under the key it was written with.
    std::fs::copy(
        t.dir.path().join("audit.key"),
        restored.path().join("audit.key"),
    )
    .unwrap();
    let app = fazhi::app::App::open(fazhi::config::Config::new(restored.path(), None))
        .await
        .unwrap();
    let all = orgs::list(&app.db, &Scope::everything()).await.unwrap();
    assert_eq!(all.len(), 5, "every organisation came back");
    assert!(matches!(
        audit::verify(&app.db).await.unwrap(),
        Verification::Intact { entries, .. } if entries >= 32
    ));
}

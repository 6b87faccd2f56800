//! `fazhi backup` and `fazhi restore`: one archive with a consistent SQLite snapshot taken while
//! the app has the database open, every attachment, and the audit chain's head; restored into a
//! fresh data directory, the system opens with its attachments and a verifying audit log.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use fazhi::config::AttachmentStore;
use fazhi::service::attachments::{self, Upload};
use fazhi::service::Caller;
use fazhi::storage::audit::{self, Verification};
use fazhi::storage::blobs::path_for;
use fazhi::storage::{orgs, Scope};

use crate::helpers::{backend_url, TestApp};

pub(crate) fn fazhi(
    data_dir: &std::path::Path,
    database: Option<&str>,
    args: &[&std::ffi::OsStr],
) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"));
    if let Some(url) = database {
        cmd.args(["--database", url]);
    }
    cmd.arg("--data-dir").arg(data_dir).args(args);
    cmd.env_remove("FAZHI_AUDIT_KEY")
        .env_remove("FAZHI_DATABASE_URL")
        .env_remove("FAZHI_ATTACHMENTS");
    cmd.output().unwrap()
}

#[tokio::test]
async fn backup_and_restore_keep_the_database_and_the_attachments() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let (status, d) = t
        .post(
            "/api/v1/disputes",
            &m,
            serde_json::json!({"registered_on": chrono::Utc::now().date_naive(),
                "source": "来访", "dispute_type": "草场纠纷", "summary": "现场照片",
                "parties": [{"name": "甲"}, {"name": "乙"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{d}");
    let photo: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let attachment = attachments::store(
        &t.app,
        &Caller::operator(),
        Upload {
            entity: "dispute",
            entity_id: d["id"].as_i64().unwrap(),
            org_id: d["org_id"].as_i64().unwrap(),
            file_name: "现场.jpg",
            content_type: "image/jpeg",
            bytes: photo.clone(),
        },
    )
    .await
    .unwrap();

    let file = t.dir.path().join("backup.zip");
    let out = fazhi(
        t.dir.path(),
        Some(&t.database_url),
        &["backup".as_ref(), file.as_os_str()],
    );
    if backend_url().is_some() {
        // PostgreSQL deployments use pg_dump and copy the attachments; the command says so.
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1 个附件") && stdout.contains("审计链头"),
        "{stdout}"
    );
    // A second backup to the same file is refused rather than overwriting it.
    let again = fazhi(
        t.dir.path(),
        Some(&t.database_url),
        &["backup".as_ref(), file.as_os_str()],
    );
    assert_eq!(again.status.code(), Some(1));

    // Restore into a fresh data directory: refused until the audit key is there.
    let restored = tempfile::tempdir().unwrap();
    let out = fazhi(
        restored.path(),
        None,
        &["restore".as_ref(), file.as_os_str()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("audit.key"));
    std::fs::copy(
        t.dir.path().join("audit.key"),
        restored.path().join("audit.key"),
    )
    .unwrap();
    let out = fazhi(
        restored.path(),
        None,
        &["restore".as_ref(), file.as_os_str()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Restoring over an existing database is refused.
    let out = fazhi(
        restored.path(),
        None,
        &["restore".as_ref(), file.as_os_str()],
    );
    assert_eq!(out.status.code(), Some(1));

    let app = fazhi::app::App::open(fazhi::config::Config::new(restored.path(), None))
        .await
        .unwrap();
    let all = orgs::list(&app.db, &Scope::everything()).await.unwrap();
    assert_eq!(all.len(), 5, "every organisation came back");
    assert!(matches!(
        audit::verify(&app.db).await.unwrap(),
        Verification::Intact { entries, anchored: true } if entries >= 34
    ));
    // The attachment's link opens and gives the same bytes.
    let r = TestApp {
        router: fazhi::web::router(app.clone()),
        app,
        dir: restored,
        database_url: String::new(),
    };
    let b = r.browser_login("mediator_v1").await;
    let req = Request::builder()
        .uri(format!("/attachments/{}", attachment.id))
        .header(header::COOKIE, &b.cookie)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = r.send(req).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, photo);
}

/// The data directory and what fazhi writes into it are readable by the service account only.
#[cfg(unix)]
#[tokio::test]
async fn data_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    // Attachments kept as files (the default on SQLite, `dir:` on PostgreSQL).
    let t = TestApp::spawn_with(|c| {
        c.attachments = AttachmentStore::Dir(c.data_dir.join("attachments"));
    })
    .await;
    t.seed().await;
    attachments::store(
        &t.app,
        &Caller::operator(),
        Upload {
            entity: "dispute",
            entity_id: 1,
            org_id: 1,
            file_name: "a.jpg",
            content_type: "image/jpeg",
            bytes: b"\xFF\xD8\xFF".to_vec(),
        },
    )
    .await
    .unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let data = t.dir.path();
    let sha = attachments::sha256_hex(b"\xFF\xD8\xFF");
    let dir = t.dir.path().join("attachments");
    let stored = path_for(&dir, &sha);
    assert_eq!(mode(&data.join("audit.key")), 0o600);
    assert_eq!(mode(&data.join("audit-anchor.json")), 0o600);
    assert_eq!(mode(&stored), 0o600);
    assert_eq!(mode(stored.parent().unwrap()), 0o700);
    assert_eq!(mode(&dir), 0o700);
    if backend_url().is_none() {
        assert_eq!(mode(&data.join("test.sqlite")), 0o600);
        let file = data.join("b.zip");
        let out = fazhi(
            data,
            Some(&t.database_url),
            &["backup".as_ref(), file.as_os_str()],
        );
        assert!(out.status.success());
        assert_eq!(mode(&file), 0o600);
    }
    // A data directory fazhi creates itself is 0700.
    let fresh = data.join("fresh");
    let _app = fazhi::app::App::open(fazhi::config::Config::new(&fresh, None))
        .await
        .unwrap();
    assert_eq!(mode(&fresh), 0o700);
}

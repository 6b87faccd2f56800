//! Attachments for more than one server (issue #20 item 6): the contents live in the configured
//! store (`--attachments database|dir:PATH`), so two instances on one database serve each other's
//! uploads; `fazhi attachments migrate` moves a deployment from one store to the other; a missing
//! or damaged file is reported, never a panic; SQLite backups carry the database store's files.

use std::net::SocketAddr;
use std::path::Path;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use fazhi::app::App;
use fazhi::config::{AttachmentStore, Config};
use fazhi::service::attachments::{self, Upload};
use fazhi::service::Caller;
use fazhi::storage::blobs::path_for;
use fazhi::storage::Query;
use http_body_util::BodyExt;

use crate::backup::fazhi;
use crate::helpers::{backend_url, TestApp};

const COMPLAINTS: &str = "/api/v1/complaints";

/// A second instance on `t`'s database with a data directory of its own (the audit key shared,
/// as every instance of a deployment must share it), and the attachment store `store`.
async fn second_instance(t: &TestApp, store: AttachmentStore) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(t.dir.path().join("audit.key"), dir.path().join("audit.key")).unwrap();
    let mut config = Config::new(dir.path(), Some(&t.database_url));
    config.clock = fazhi::clock::Clock::test();
    config.attachments = store;
    let app = App::open(config).await.unwrap();
    TestApp {
        router: fazhi::web::router(app.clone()),
        app,
        dir,
        database_url: t.database_url.clone(),
    }
}

/// Sends `req` over a real socket to the server at `addr`.
async fn over_http(addr: SocketAddr, mut req: Request<Body>) -> (StatusCode, Vec<u8>) {
    let uri = format!("http://{addr}{}", req.uri());
    *req.uri_mut() = uri.parse().unwrap();
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<Body>();
    let resp = client.request(req).await.unwrap();
    let status = resp.status();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, body)
}

fn download(id: i64, cookie: &str) -> Request<Body> {
    Request::builder()
        .uri(format!("/attachments/{id}"))
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

/// A complaint of T1 to attach files to; its id and organisation.
async fn complaint(t: &TestApp, token: &str) -> (i64, i64) {
    let r = t
        .created(
            COMPLAINTS,
            token,
            serde_json::json!({"org": "T1", "channel": "phone", "class": "claim",
                "matter_type": "土地纠纷", "petitioner_name": "王五", "phone": "13812345678",
                "subject": "承包地被占用", "content": "反映承包地被邻居占用",
                "received_on": "2025-03-03"}),
        )
        .await;
    (r["id"].as_i64().unwrap(), r["org_id"].as_i64().unwrap())
}

async fn stored(t: &TestApp, org_id: i64, entity_id: i64, bytes: &[u8]) -> i64 {
    attachments::store(
        &t.app,
        &Caller::operator(),
        Upload {
            entity: "complaint",
            entity_id,
            org_id,
            file_name: "现场.jpg",
            content_type: "image/jpeg",
            bytes: bytes.to_vec(),
        },
    )
    .await
    .unwrap()
    .id
}

async fn blob_rows(t: &TestApp) -> i64 {
    Query::new("SELECT COUNT(*) FROM attachment_blobs")
        .fetch_scalar(&t.app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_file_uploaded_through_one_server_downloads_through_another() {
    // PostgreSQL keeps attachments in the database by default; SQLite is told to.
    let t = TestApp::spawn_with(|c| {
        if backend_url().is_none() {
            c.attachments = AttachmentStore::Database;
        }
    })
    .await;
    assert_eq!(t.app.config.attachments, AttachmentStore::Database);
    t.seed().await;
    let other = second_instance(&t, AttachmentStore::Database).await;
    let (a, b) = (
        crate::browser::serve(&t).await,
        crate::browser::serve(&other).await,
    );
    let staff = t.api_login("staff_t1").await;
    let (id, _) = complaint(&t, &staff).await;
    let photo: Vec<u8> = (0..=255u8).cycle().take(300_000).collect();
    let upload = Request::builder()
        .method(Method::POST)
        .uri(format!("{COMPLAINTS}/{id}/attachments?name=photo.jpg"))
        .header(header::AUTHORIZATION, format!("Bearer {staff}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(photo.clone()))
        .unwrap();
    let (status, body) = over_http(a, upload).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{}",
        String::from_utf8_lossy(&body)
    );
    let row: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let attachment = row["id"].as_i64().unwrap();

    let browser = other.browser_login("staff_t1").await;
    let (status, body) = over_http(b, download(attachment, &browser.cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body, photo,
        "the second server serves the first one's upload"
    );
    // Nothing was written to either data directory: the bytes are in the shared database.
    assert_eq!(blob_rows(&t).await, 1);
    assert!(!t.dir.path().join("attachments").exists());
    assert!(!other.dir.path().join("attachments").exists());

    // The same content again is stored once.
    let again = Request::builder()
        .method(Method::POST)
        .uri(format!("{COMPLAINTS}/{id}/attachments?name=again.jpg"))
        .header(header::AUTHORIZATION, format!("Bearer {staff}"))
        .body(Body::from(photo.clone()))
        .unwrap();
    let (status, _) = over_http(b, again).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(blob_rows(&t).await, 1);
}

/// `fazhi attachments migrate` with `--attachments STORE --to TARGET`.
fn migrate(t: &TestApp, from: &str, to: &str) -> std::process::Output {
    fazhi(
        t.dir.path(),
        Some(&t.database_url),
        &[
            "--attachments".as_ref(),
            from.as_ref(),
            "attachments".as_ref(),
            "migrate".as_ref(),
            "--to".as_ref(),
            to.as_ref(),
        ],
    )
}

fn succeeded(out: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[tokio::test]
async fn migrate_moves_the_files_between_stores_and_downloads_still_work() {
    let files = |dir: &Path| AttachmentStore::Dir(dir.join("files"));
    let t = TestApp::spawn_with(|c| c.attachments = files(&c.data_dir)).await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let (id, org) = complaint(&t, &staff).await;
    let photo = b"\xff\xd8\xff one photo".to_vec();
    let scan = b"%PDF-1.4 one scan".to_vec();
    let first = stored(&t, org, id, &photo).await;
    stored(&t, org, id, &photo).await;
    let second = stored(&t, org, id, &scan).await;
    let dir = t.dir.path().join("files");
    let from = format!("dir:{}", dir.display());

    let out = succeeded(&migrate(&t, &from, "database"));
    assert!(out.contains("已复制 2 个附件"), "{out}");
    let out = succeeded(&migrate(&t, &from, "database"));
    assert!(
        out.contains("已复制 0 个附件，2 个"),
        "run again, nothing to copy: {out}"
    );
    // The same store is refused with a hint.
    let out = migrate(&t, "database", "database");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无需迁移"));

    // Switched to the database store, with the old directory gone, downloads still work.
    std::fs::remove_dir_all(&dir).unwrap();
    let switched = second_instance(&t, AttachmentStore::Database).await;
    let browser = switched.browser_login("staff_t1").await;
    for (id, bytes) in [(first, &photo), (second, &scan)] {
        let (status, _, body) = switched.send(download(id, &browser.cookie)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(&body, bytes);
    }

    // And back to a directory: the files reappear under their hashes.
    let back = t.dir.path().join("back");
    let out = succeeded(&migrate(&t, "database", &format!("dir:{}", back.display())));
    assert!(out.contains("已复制 2 个附件"), "{out}");
    let sha = attachments::sha256_hex(&scan);
    assert_eq!(std::fs::read(path_for(&back, &sha)).unwrap(), scan);

    // A row whose content was never stored is named, and the command fails.
    Query::new("DELETE FROM attachment_blobs WHERE sha256 = $1")
        .bind(sha.as_str())
        .execute(&t.app.db)
        .await
        .unwrap();
    let out = migrate(
        &t,
        "database",
        &format!("dir:{}", t.dir.path().join("third").display()),
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 个附件记录") && stderr.contains(&sha),
        "{stderr}"
    );
}

#[tokio::test]
async fn a_missing_or_damaged_file_is_reported_not_a_panic() {
    for store in ["database", "dir"] {
        let t = TestApp::spawn_with(|c| {
            c.attachments = match store {
                "database" => AttachmentStore::Database,
                _ => AttachmentStore::Dir(c.data_dir.join("attachments")),
            };
        })
        .await;
        t.seed().await;
        let staff = t.api_login("staff_t1").await;
        let (id, org) = complaint(&t, &staff).await;
        let photo = b"\xff\xd8\xff the original".to_vec();
        let attachment = stored(&t, org, id, &photo).await;
        let sha = attachments::sha256_hex(&photo);
        let browser = t.browser_login("staff_t1").await;
        let (status, _, body) = t.send(download(attachment, &browser.cookie)).await;
        assert_eq!((status, &body), (StatusCode::OK, &photo), "{store}");

        // Damaged: other bytes under the same hash.
        let damaged = b"\xff\xd8\xff tampered!!".to_vec();
        match &t.app.config.attachments {
            AttachmentStore::Dir(dir) => std::fs::write(path_for(dir, &sha), &damaged).unwrap(),
            AttachmentStore::Database => {
                Query::new("UPDATE attachment_blobs SET bytes = $1, size_bytes = $2")
                    .bind(damaged.clone())
                    .bind(damaged.len() as i64)
                    .execute(&t.app.db)
                    .await
                    .unwrap();
            }
        }
        let err = attachments::open(&t.app, &Caller::operator(), attachment)
            .await
            .unwrap_err();
        assert_eq!(err.code, "attachment_unavailable", "{store}: {err}");
        let (status, _, body) = t.send(download(attachment, &browser.cookie)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{store}");
        assert!(
            String::from_utf8_lossy(&body).contains("附件文件缺失或已损坏"),
            "{store}"
        );

        // Missing altogether.
        match &t.app.config.attachments {
            AttachmentStore::Dir(dir) => std::fs::remove_file(path_for(dir, &sha)).unwrap(),
            AttachmentStore::Database => {
                Query::new("DELETE FROM attachment_blobs")
                    .execute(&t.app.db)
                    .await
                    .unwrap();
            }
        }
        let err = attachments::open(&t.app, &Caller::operator(), attachment)
            .await
            .unwrap_err();
        assert_eq!(err.code, "attachment_unavailable", "{store}: {err}");
        let (status, _, _) = t.send(download(attachment, &browser.cookie)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{store}");
    }
}

/// On SQLite with `--attachments database` the backup carries the files inside the database
/// copy; restored into a data directory that keeps them as files (the default), they are
/// copied out and download as before.
#[tokio::test]
async fn a_backup_of_the_database_store_restores_into_a_directory() {
    if backend_url().is_some() {
        return; // PostgreSQL: pg_dump carries attachment_blobs (docs/operations.md).
    }
    let t = TestApp::spawn_with(|c| c.attachments = AttachmentStore::Database).await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let (id, org) = complaint(&t, &staff).await;
    let photo: Vec<u8> = (0..=255u8).rev().cycle().take(50_000).collect();
    let attachment = stored(&t, org, id, &photo).await;
    let file = t.dir.path().join("backup.zip");
    let out = fazhi(
        t.dir.path(),
        Some(&t.database_url),
        &[
            "--attachments".as_ref(),
            "database".as_ref(),
            "backup".as_ref(),
            file.as_os_str(),
        ],
    );
    let stdout = succeeded(&out);
    assert!(stdout.contains("1 个附件"), "{stdout}");

    let restored = tempfile::tempdir().unwrap();
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
    let stdout = succeeded(&out);
    assert!(stdout.contains("1 个附件"), "{stdout}");
    let sha = attachments::sha256_hex(&photo);
    let copied = path_for(&restored.path().join("attachments"), &sha);
    assert_eq!(std::fs::read(copied).unwrap(), photo);

    let app = App::open(Config::new(restored.path(), None)).await.unwrap();
    let (a, bytes) = attachments::open(&app, &Caller::operator(), attachment)
        .await
        .unwrap();
    assert_eq!((a.sha256, bytes), (sha, photo));
}

/// Incompressible bytes (as a JPEG or a video is), different for every `seed`.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn median_ms(mut times: Vec<std::time::Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

/// The figures of docs/scaling.md "Attachments for more than one server": upload (store) and
/// download (open) of 1 MB and 20 MB files in the database store and in a directory, and what
/// the files add to a `pg_dump`. Run on purpose:
/// `FAZHI_TEST_DATABASE=postgres://… cargo test --test it -- --ignored measure_attachment_stores --nocapture`
#[tokio::test]
#[ignore]
async fn measure_attachment_stores() {
    for (label, database) in [("directory", false), ("database", true)] {
        let t = TestApp::spawn_with(|c| {
            c.attachments = if database {
                AttachmentStore::Database
            } else {
                AttachmentStore::Dir(c.data_dir.join("attachments"))
            };
        })
        .await;
        t.seed().await;
        let staff = t.api_login("staff_t1").await;
        let (id, org) = complaint(&t, &staff).await;
        let dump = |t: &TestApp| {
            let out = std::process::Command::new("pg_dump")
                .args(["--format=custom", &t.database_url])
                .output()
                .expect("pg_dump");
            out.stdout.len()
        };
        let before = backend_url().map(|_| dump(&t));
        for (mb, runs) in [(1usize, 20u64), (20, 5)] {
            let files: Vec<Vec<u8>> = (0..runs)
                .map(|i| noise(mb << 20, i + 1000 * mb as u64))
                .collect();
            let (mut up, mut down, mut ids) = (Vec::new(), Vec::new(), Vec::new());
            for f in &files {
                let start = std::time::Instant::now();
                ids.push(stored(&t, org, id, f).await);
                up.push(start.elapsed());
            }
            for (id, f) in ids.iter().zip(&files) {
                let start = std::time::Instant::now();
                let (_, bytes) = attachments::open(&t.app, &Caller::operator(), *id)
                    .await
                    .unwrap();
                down.push(start.elapsed());
                assert_eq!(&bytes, f);
            }
            println!(
                "{label}: {mb} MB × {runs}: upload median {:.1} ms, download median {:.1} ms",
                median_ms(up),
                median_ms(down)
            );
        }
        if let Some(before) = before {
            let after = dump(&t);
            println!(
                "{label}: pg_dump --format=custom {:.1} MB before, {:.1} MB after 120 MB of files",
                before as f64 / 1e6,
                after as f64 / 1e6
            );
        }
    }
}

//! The audit log: every change is chained; tampering is found and named.

use fazhi::storage::audit::{self, AuditEntry, Verification};
use fazhi::storage::Query;

use crate::helpers::TestApp;

/// A seeded app whose audit log `tamper` (one statement) has changed, as someone with access to
/// the database could.
async fn seeded_then(tamper: Query) -> TestApp {
    let t = TestApp::spawn().await;
    t.seed().await;
    tamper.execute(&t.app.db).await.unwrap();
    t
}

/// `fazhi audit verify` on the app's database: its exit status and what it wrote to stderr.
fn cli_verify(t: &TestApp) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fazhi"))
        .args(["--database", &t.database_url, "--data-dir"])
        .arg(t.dir.path())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), err)
}

#[tokio::test]
async fn every_write_is_chained_and_verifies() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let entries: i64 = Query::new("SELECT COUNT(*) FROM audit_log")
        .fetch_scalar(&t.app.db)
        .await
        .unwrap();
    // 3 calendar files (SHIPPED_FILES) + 5 orgs + 25 users.
    assert_eq!(entries, 33);
    assert_eq!(
        audit::verify(&t.app.db).await.unwrap(),
        Verification::Intact {
            entries: 33,
            anchored: true
        }
    );
}

#[tokio::test]
async fn the_cli_reports_a_broken_chain_with_exit_status_1() {
    let t =
        seeded_then(Query::new("UPDATE audit_log SET actor = $1 WHERE id = 5").bind("别人")).await;
    let (status, err) = cli_verify(&t);
    assert_eq!(status, Some(1));
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

fn broken_at(v: Verification) -> i64 {
    match v {
        Verification::Broken { entry_id, .. } => entry_id,
        other => panic!("tampering not detected: {other:?}"),
    }
}

async fn all_entries(t: &TestApp) -> Vec<AuditEntry> {
    Query::new(
        "SELECT id, seq, at, actor_id, actor, org_id, action, entity, entity_id, before_json, \
         after_json, prev_hash, hash FROM audit_log ORDER BY id",
    )
    .fetch_all(&t.app.db)
    .await
    .unwrap()
}

/// Stores `e`'s position, contents and links over the entry of its id, as someone with access
/// to the database could.
async fn overwrite(t: &TestApp, e: &AuditEntry) {
    Query::new(
        "UPDATE audit_log SET seq = $1, after_json = $2, prev_hash = $3, hash = $4 WHERE id = $5",
    )
    .bind(e.seq)
    .bind(e.after_json.clone())
    .bind(e.prev_hash.as_str())
    .bind(e.hash.as_str())
    .bind(e.id)
    .execute(&t.app.db)
    .await
    .unwrap();
}

/// What an attacker with database access but without the key does: edit entry `from`, then
/// recompute every hash from there on with `hash`, so every link holds again.
async fn rewritten_from(from: i64, hash: impl Fn(&AuditEntry) -> String) -> TestApp {
    let t = TestApp::spawn().await;
    t.seed().await;
    let mut prev = None;
    for mut e in all_entries(&t).await {
        if e.id < from {
            prev = Some(e.hash);
            continue;
        }
        if e.id == from {
            e.after_json = Some("{\"name\":\"篡改\"}".to_owned());
        }
        e.prev_hash = prev.take().unwrap();
        e.hash = hash(&e);
        overwrite(&t, &e).await;
        prev = Some(e.hash);
    }
    t
}

/// Tests that each tampering (a seeded app as it leaves it) is found, verification breaking at
/// the entry given.
macro_rules! found_at {
    ($($name:ident: $tampered:expr => $entry:expr;)*) => {$(
        #[tokio::test]
        async fn $name() {
            let t = $tampered.await;
            assert_eq!(broken_at(audit::verify(&t.app.db).await.unwrap()), $entry);
        }
    )*};
}

found_at! {
    a_tampered_row_is_named:
        seeded_then(Query::new("UPDATE audit_log SET after_json = $1 WHERE id = 10")
            .bind("{\"name\":\"篡改\"}")) => 10;
    a_deleted_row_breaks_the_chain_at_its_successor:
        seeded_then(Query::new("DELETE FROM audit_log WHERE id = 7")) => 8;
    deleting_the_last_five_entries_is_found_by_the_anchor:
        seeded_then(Query::new("DELETE FROM audit_log WHERE id > 28")) => 33;
    deleting_every_entry_is_found_by_the_anchor:
        seeded_then(Query::new("DELETE FROM audit_log")) => 33;
    a_rewrite_with_recomputed_plain_sha256_hashes_is_found:
        rewritten_from(10, audit::legacy_hash) => 10;
    a_rewrite_with_an_hmac_under_another_key_is_found:
        rewritten_from(10, |e| audit::keyed_hash(b"not-the-key-0123456789", e)) => 10;
}

/// The anchor is written after the commit; a crash in between leaves it one commit behind,
/// which must still verify. An anchor naming an entry with another hash must not.
#[tokio::test]
async fn an_anchor_behind_the_chain_verifies_but_a_different_one_does_not() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let seal = t.app.db.seal();
    let behind = audit::Head {
        last_id: 30,
        hash: all_entries(&t).await[29].hash.clone(),
        entries: 30,
    };
    seal.reset_anchor(Some(&behind)).unwrap();
    assert!(matches!(
        audit::verify(&t.app.db).await.unwrap(),
        Verification::Intact {
            entries: 33,
            anchored: true
        }
    ));
    let forged = audit::Head {
        hash: "ab".repeat(32),
        ..behind
    };
    seal.reset_anchor(Some(&forged)).unwrap();
    assert_eq!(broken_at(audit::verify(&t.app.db).await.unwrap()), 30);
}

/// A log written before the chain was keyed (plain SHA-256, no positions) is re-signed once on
/// the first start with a key, and the re-signing is itself logged.
#[tokio::test]
async fn an_unkeyed_log_is_rekeyed_once_and_the_rekeying_is_logged() {
    let t = TestApp::spawn().await;
    t.seed().await;
    // Turn the log back into what older versions wrote.
    let mut prev = "0".repeat(64);
    for mut e in all_entries(&t).await {
        e.seq = None;
        e.prev_hash = prev;
        e.hash = audit::legacy_hash(&e);
        overwrite(&t, &e).await;
        prev = e.hash;
    }
    t.app.db.seal().reset_anchor(None).unwrap();
    assert!(matches!(
        audit::verify(&t.app.db).await.unwrap(),
        Verification::Broken { entry_id: 1, .. }
    ));
    assert_eq!(
        audit::ensure_keyed(&t.app.db).await.unwrap(),
        audit::Rekey::Rekeyed { entries: 33 }
    );
    assert_eq!(
        audit::ensure_keyed(&t.app.db).await.unwrap(),
        audit::Rekey::Keyed
    );
    assert_eq!(
        audit::verify(&t.app.db).await.unwrap(),
        Verification::Intact {
            entries: 34,
            anchored: true
        }
    );
    let last = all_entries(&t).await.pop().unwrap();
    assert_eq!(last.action, "rekey");
    assert!(
        last.before_json.unwrap().contains(&prev),
        "records the old head"
    );
}

/// An unkeyed log that does not verify is not re-signed (that would launder the tampering).
#[tokio::test]
async fn a_broken_unkeyed_log_is_not_rekeyed() {
    let t = seeded_then(Query::new("UPDATE audit_log SET seq = NULL")).await;
    t.app.db.seal().reset_anchor(None).unwrap();
    assert!(matches!(
        audit::ensure_keyed(&t.app.db).await.unwrap(),
        audit::Rekey::Refused { .. }
    ));
}

#[tokio::test]
async fn the_cli_reports_deleted_last_entries_with_exit_status_1() {
    let t = seeded_then(Query::new("DELETE FROM audit_log WHERE id > 27")).await;
    let (status, err) = cli_verify(&t);
    assert_eq!(status, Some(1));
    assert!(err.contains("锚点"), "names the anchor: {err}");
}

const ID_NO: &str = "11010519491231002X";
const PHONE: &str = "13812345678";

/// Registers a case whose party has an ID number and a phone; its audit entry records both.
async fn case_with_personal_data(t: &TestApp) {
    let m = t.api_login("mediator_v1").await;
    let (status, body) = t
        .post(
            "/api/v1/disputes",
            &m,
            serde_json::json!({"registered_on": chrono::Utc::now().date_naive(),
                "source": "来访", "dispute_type": "草场纠纷", "summary": "草场边界",
                "parties": [{"name": "张三", "id_no": ID_NO, "phone": PHONE},
                            {"name": "李四"}]}),
        )
        .await;
    assert_eq!(status, axum::http::StatusCode::CREATED, "{body}");
    let stored: Vec<String> =
        Query::new("SELECT after_json FROM audit_log WHERE entity = 'dispute'")
            .fetch_scalars(&t.app.db)
            .await
            .unwrap();
    assert!(
        stored
            .iter()
            .any(|j| j.contains(ID_NO) && j.contains(PHONE)),
        "the stored entry stays complete: {stored:?}"
    );
}

/// Leaders and viewers see ID numbers and phones in the audit log masked, as in the registers;
/// an administrator too, unless they reveal the page, which is logged. The stored entries stay
/// complete.
#[tokio::test]
async fn the_audit_views_mask_personal_data_unless_an_admin_reveals_it() {
    let t = TestApp::spawn().await;
    t.seed().await;
    case_with_personal_data(&t).await;
    let masked_id = fazhi_domain::mask::mask_id_card(ID_NO);
    let masked_phone = fazhi_domain::mask::mask_phone(PHONE);
    for user in ["leader_t1", "viewer_t1", "admin_t1"] {
        for reveal in ["", "&reveal=true"] {
            let token = t.api_login(user).await;
            let (status, body) = t
                .get(&format!("/api/v1/audit?entity=dispute{reveal}"), &token)
                .await;
            assert_eq!(status, axum::http::StatusCode::OK, "{body}");
            let text = body.to_string();
            assert!(text.contains("张三"), "{user}: names stay: {text}");
            if user == "admin_t1" && !reveal.is_empty() {
                assert!(text.contains(ID_NO) && text.contains(PHONE), "{text}");
            } else {
                assert!(
                    !text.contains(ID_NO) && !text.contains(PHONE),
                    "{user}{reveal}: {text}"
                );
                assert!(
                    text.contains(&masked_id) && text.contains(&masked_phone),
                    "{text}"
                );
            }
        }
        let browser = t.browser_login(user).await;
        let (_, html) = t.page(&browser, "/audit?entity=dispute").await;
        assert!(
            !html.contains(ID_NO) && !html.contains(PHONE),
            "{user}: {html}"
        );
        assert!(html.contains(&masked_id), "{user}: {html}");
        let (_, html) = t.page(&browser, "/audit?entity=dispute&reveal=1").await;
        assert_eq!(html.contains(ID_NO), user == "admin_t1", "{user}: {html}");
        assert!(!html.contains("显示本页完整"), "{user}");
    }
    // Two reveals by the administrator (API and page), each logged; none by the others.
    assert_eq!(
        t.audit_count("view_personal_data", Some("audit_log")).await,
        2
    );
    let (_, html) = t
        .page(&t.browser_login("admin_t1").await, "/audit?entity=dispute")
        .await;
    assert!(html.contains("显示本页完整身份证号码和电话"), "{html}");
}

/// The command line pointed at the database from another data directory would make a new key
/// and fork the chain; it refuses instead and says what to do.
#[tokio::test]
async fn a_new_key_is_refused_for_a_log_signed_with_another() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let elsewhere = tempfile::tempdir().unwrap();
    let opened = fazhi::app::App::open(fazhi::config::Config::new(
        elsewhere.path(),
        Some(&t.database_url),
    ))
    .await;
    let err = opened.err().expect("refused").to_string();
    assert!(err.contains("audit.key"), "{err}");
    assert!(!elsewhere.path().join("audit.key").exists());
}

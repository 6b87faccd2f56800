//! Every table the year's figures read (storage/figures/*.rs) keys their cache
//! (storage::figures::SOURCES, migrations 0041, 0049 and 0052): a write to any of them makes the next
//! dashboard, report and `/api/v1/figures` count afresh (issue #20 item 5). A register whose
//! figures are added without joining the sources fails here instead of showing stale figures.

use std::collections::BTreeSet;

use fazhi::storage::figures::{self, SOURCES};
use serde_json::json;

use crate::helpers::TestApp;

/// The tables named after `FROM` or `JOIN` in the figures' queries (a name written into a
/// format string, `{table}`, is the caller's literal and not counted here).
fn tables_read() -> BTreeSet<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/storage/figures");
    let mut read = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("the figures folder") {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for keyword in ["FROM ", "JOIN "] {
            for (at, _) in text.match_indices(keyword) {
                let name: String = text[at + keyword.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    read.insert(name);
                }
            }
        }
    }
    read.remove("register_versions");
    read
}

#[tokio::test]
async fn every_table_the_figures_read_keys_their_cache() {
    let read = tables_read();
    assert!(
        read.contains("disputes") && read.contains("review_requests"),
        "{read:?}"
    );
    let missing: Vec<_> = read
        .iter()
        .filter(|t| !SOURCES.contains(&t.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "read by the figures but not in SOURCES: {missing:?}"
    );

    let t = TestApp::spawn().await;
    for source in SOURCES {
        let rows: i64 = t
            .scalar(&format!(
                "SELECT COUNT(*) FROM register_versions WHERE register = '{source}'"
            ))
            .await;
        assert_eq!(rows, 1, "{source} has no version row");
    }
}

#[tokio::test]
async fn a_new_contract_moves_the_figures_version() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("staff_t1").await;
    let before = figures::version(&t.app.db).await.unwrap();
    let (status, body) = t
        .post(
            "/api/v1/contracts",
            &staff,
            json!({"title": "村级活动场所维修工程施工合同", "counterparty": "某某建筑工程有限公司",
                   "handled_by": "党政办 张三"}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{body}");
    assert!(figures::version(&t.app.db).await.unwrap() > before);
}

//! A case's page shows every change to the case, whichever way it was written. On PostgreSQL
//! the page is kept while the case row keeps its version (storage/case_file_cache.rs), and
//! migration 0063 touches the case row whenever one of its lists changes: each write below is a
//! plain statement, as another process or a hand-written fix would make it, read back through
//! the API after the page was read (and kept) before it.

use fazhi::storage::{Backend, Query};
use serde_json::Value;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_case_page_follows_every_write_to_the_case_and_its_lists() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let case = t.village_case(&m).await;
    let village: i64 = t.scalar("SELECT id FROM orgs WHERE code = 'V1'").await;
    let page = format!("/api/v1/disputes/{case}");
    // A time as each backend stores it: the registration's own.
    let now = "(SELECT MIN(at) FROM dispute_events)";
    // Each write with what the page must show after it.
    let writes: [(String, Shows); 12] = [
        (
            format!("UPDATE disputes SET summary = '院墙排水改道' WHERE id = {case}"),
            |p| p["dispute"]["summary"] == "院墙排水改道",
        ),
        (
            format!(
                "INSERT INTO dispute_parties (dispute_id, position, kind, name) \
                 VALUES ({case}, 9, 'person', '李四')"
            ),
            |p| p["parties"].as_array().unwrap().len() == 2,
        ),
        (
            format!("UPDATE dispute_parties SET name = '李四光' WHERE dispute_id = {case} AND position = 9"),
            |p| p["parties"][1]["name"] == "李四光",
        ),
        (
            format!("DELETE FROM dispute_parties WHERE dispute_id = {case} AND position = 9"),
            |p| p["parties"].as_array().unwrap().len() == 1,
        ),
        (
            format!(
                "INSERT INTO dispute_events (dispute_id, org_id, action, to_status, level, \
                 on_date, note, actor, at) VALUES ({case}, {village}, 'note', 'pending', \
                 'village', '2024-03-06', '补充说明', 'test', {now})"
            ),
            |p| p["events"].as_array().unwrap().iter().any(|e| e["note"] == "补充说明"),
        ),
        (
            format!(
                "INSERT INTO dispute_sessions (dispute_id, held_on, place, mediators, record, \
                 created_at) VALUES ({case}, '2024-03-07', '村委会', '王调解', '第一次调解', {now})"
            ),
            |p| p["sessions"][0]["record"] == "第一次调解",
        ),
        (
            format!("UPDATE dispute_sessions SET place = '镇司法所' WHERE dispute_id = {case}"),
            |p| p["sessions"][0]["place"] == "镇司法所",
        ),
        (
            format!(
                "INSERT INTO return_visits (dispute_id, visited_on, visitor, performance, note, \
                 created_at) VALUES ({case}, '2024-04-01', '王调解', 'performed', '已履行', {now})"
            ),
            |p| p["return_visits"][0]["note"] == "已履行",
        ),
        (
            format!(
                "INSERT INTO attachments (org_id, entity, entity_id, sha256, file_name, \
                 content_type, size_bytes, uploaded_by, uploaded_at) VALUES ({village}, \
                 'dispute', {case}, '{sha}', '现场照片.jpg', 'image/jpeg', 3, 'test', {now})",
                sha = "ab".repeat(32)
            ),
            |p| p["attachments"][0]["file_name"] == "现场照片.jpg",
        ),
        (
            format!(
                "INSERT INTO deadlines (register, record_id, org_id, rule_code, label, link, \
                 start_date, due_date, provisional, updated_at) VALUES ('dispute', {case}, \
                 {village}, 'dispute.judicial_confirmation', '司法确认申请期限', '/disputes/{case}', '2024-04-01', \
                 '2024-04-15', FALSE, {now})"
            ),
            |p| p["deadlines"].as_array().unwrap().iter().any(|d| d["rule_code"] == "dispute.judicial_confirmation"),
        ),
        (
            format!("DELETE FROM deadlines WHERE register = 'dispute' AND record_id = {case} AND rule_code = 'dispute.judicial_confirmation'"),
            |p| !p["deadlines"].as_array().unwrap().iter().any(|d| d["rule_code"] == "dispute.judicial_confirmation"),
        ),
        (
            format!("UPDATE orgs SET name = '更名村' WHERE id = {village}"),
            |p| p["dispute"]["village_name"] == "更名村",
        ),
    ];
    for (sql, shows) in &writes {
        let (_, before) = t.get(&page, &m).await;
        assert!(!shows(&before), "before {sql}: {before}");
        t.write_sql(sql).await.expect(sql);
        let (status, after) = t.get(&page, &m).await;
        assert_eq!(status, 200);
        assert!(shows(&after), "after {sql}: {after}");
    }

    if t.app.db.backend() == Backend::Postgres {
        // The page is kept, not read again: a write that skips the triggers (as only a
        // replication role can) is not seen until the case is written.
        let (_, before) = t.get(&page, &m).await;
        let hidden =
            format!("UPDATE dispute_parties SET name = '张三丰' WHERE dispute_id = {case}");
        unseen(&t, &hidden).await;
        let (_, kept) = t.get(&page, &m).await;
        assert_eq!(kept["parties"][0]["name"], before["parties"][0]["name"]);
        let sql = format!("UPDATE disputes SET summary = '已核实' WHERE id = {case}");
        t.write_sql(&sql).await.unwrap();
        let (_, after) = t.get(&page, &m).await;
        assert_eq!(after["parties"][0]["name"], "张三丰");
        // A case outside the caller's scope stays unseen, kept or not.
        let other = t.api_login("mediator_v2").await;
        let (status, _) = t.get(&page, &other).await;
        assert_eq!(status, 404);
    }
}

/// What the page must show after a write.
type Shows = fn(&Value) -> bool;

/// Runs `sql` in a transaction of its own with PostgreSQL's triggers off for it.
async fn unseen(t: &TestApp, sql: &str) {
    let mut tx = t.app.db.begin().await.unwrap();
    Query::new("SET LOCAL session_replication_role = replica")
        .execute(&mut tx)
        .await
        .unwrap();
    Query::new(sql.to_owned())
        .execute(&mut tx)
        .await
        .expect(sql);
    tx.commit().await.unwrap();
}

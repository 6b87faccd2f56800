//! The references of the disputes' tables hold on both backends: SQLite by its foreign keys,
//! PostgreSQL by the statement-level checks of migration 0062 that replaced its per-row ones
//! for the import's speed. Each write below must be refused, whole, and a good one accepted.

use crate::helpers::TestApp;

#[tokio::test]
async fn every_reference_of_a_case_is_checked_on_write_and_on_delete() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let m = t.api_login("mediator_v1").await;
    let case = t.village_case(&m).await;
    let village: i64 = t.scalar("SELECT id FROM orgs WHERE code = 'V1'").await;
    let missing = case + 1_000_000;
    let refused = [
        // A party, a history entry and a case naming what does not exist; the good row beside
        // the bad one goes with it (the statement is refused whole).
        format!(
            "INSERT INTO dispute_parties (dispute_id, position, kind, name) \
             VALUES ({case}, 9, 'person', '李四'), ({missing}, 1, 'person', '王五')"
        ),
        format!(
            "INSERT INTO dispute_events (dispute_id, org_id, action, to_status, level, on_date, \
             note, actor, at) VALUES ({missing}, {village}, 'note', 'pending', 'village', \
             '2024-03-06', '', 'test', CURRENT_TIMESTAMP)"
        ),
        format!(
            "INSERT INTO dispute_events (dispute_id, org_id, action, to_status, level, on_date, \
             note, actor, at) VALUES ({case}, {missing}, 'note', 'pending', 'village', \
             '2024-03-06', '', 'test', CURRENT_TIMESTAMP)"
        ),
        format!("UPDATE disputes SET village_id = {missing} WHERE id = {case}"),
        format!("UPDATE disputes SET org_id = {missing} WHERE id = {case}"),
        format!("UPDATE dispute_parties SET dispute_id = {missing} WHERE dispute_id = {case}"),
        // What a case refers to cannot go, nor a case its parties and history refer to.
        format!("DELETE FROM orgs WHERE id = {village}"),
        format!("DELETE FROM disputes WHERE id = {case}"),
    ];
    let parties_before: i64 = t.scalar("SELECT COUNT(*) FROM dispute_parties").await;
    for sql in &refused {
        let e = t.write_sql(sql).await.expect_err(sql);
        assert!(
            e.to_string().to_lowercase().contains("foreign key"),
            "{sql}: {e}"
        );
    }
    let parties: i64 = t.scalar("SELECT COUNT(*) FROM dispute_parties").await;
    assert_eq!(
        parties, parties_before,
        "nothing of a refused statement stays"
    );
    let kept: i64 = t
        .scalar(&format!(
            "SELECT COUNT(*) FROM disputes WHERE id = {case} AND village_id = {village}"
        ))
        .await;
    assert_eq!(kept, 1);
    // The same writes with what exists are accepted.
    let town: i64 = t.scalar("SELECT id FROM orgs WHERE code = 'T1'").await;
    for sql in [
        format!(
            "INSERT INTO dispute_parties (dispute_id, position, kind, name) \
             VALUES ({case}, 9, 'person', '李四')"
        ),
        format!("UPDATE disputes SET org_id = {town}, village_id = NULL WHERE id = {case}"),
    ] {
        t.write_sql(&sql).await.unwrap();
    }
}

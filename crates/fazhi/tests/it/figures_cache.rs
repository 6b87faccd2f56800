//! A year's figures are computed once and kept while the registers they are read from stand
//! (issue #20 item 5; storage::figures::version): a write to any of them, a renamed village
//! included, shows in the next figures at once, and figures read twice without a write are the
//! same figures.

use serde_json::{json, Value};

use crate::helpers::TestApp;

/// Town T1's 2024 figures as the API gives them.
async fn figures(t: &TestApp, token: &str) -> Value {
    let (status, f) = t.get("/api/v1/figures?org=T1&year=2024", token).await;
    assert!(status.is_success(), "{f}");
    f
}

fn value(f: &Value, key: &str) -> i64 {
    f["values"][key].as_i64().unwrap_or(0)
}

/// The count of `label` in breakdown `key`.
fn line(f: &Value, key: &str, label: &str) -> i64 {
    f["breakdowns"][key]
        .as_array()
        .into_iter()
        .flatten()
        .find(|row| row[0] == label)
        .map_or(0, |row| row[1].as_i64().unwrap_or(0))
}

#[tokio::test]
async fn a_write_shows_in_the_next_figures() {
    let t = TestApp::spawn().await;
    let fx = t.seed().await;
    let [leader, m, staff, admin] = t
        .api_logins(["leader_t1", "mediator_v1", "staff_t1", "admin_c1"])
        .await;
    let before = figures(&t, &leader).await;
    assert_eq!(value(&before, "disputes"), 0);
    assert_eq!(figures(&t, &leader).await, before, "read again: the same");

    // A dispute: counted, by type, month and village.
    let (status, d) = t
        .post(
            "/api/v1/disputes",
            &m,
            json!({"registered_on": "2024-03-05", "source": "来访", "dispute_type": "草场纠纷",
                   "village": "V1", "summary": "两户草场边界争执",
                   "parties": [{"name": "张三"}, {"name": "李四"}]}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{d}");
    let after = figures(&t, &leader).await;
    assert_eq!(value(&after, "disputes"), 1);
    assert_eq!(value(&after, "village_level"), 1);
    assert_eq!(line(&after, "dispute_type", "草场纠纷"), 1);
    assert_eq!(line(&after, "dispute_month", "03"), 1);
    assert_eq!(line(&after, "dispute_village", "东风村"), 1);

    // A training (a register versioned for the figures by migration 0049).
    let (status, b) = t
        .post(
            "/api/v1/trainings",
            &staff,
            json!({"org": "V1", "held_on": "2024-04-02", "topic": "人民调解员培训",
                   "trainer": "司法所", "attendees": 12, "hours": 2}),
        )
        .await;
    assert_eq!(status.as_u16(), 201, "{b}");
    assert_eq!(value(&figures(&t, &leader).await, "trainings"), 1);

    // The village renamed: its line is labelled with the new name.
    let (status, o) = t
        .patch(
            &format!("/api/v1/orgs/{}", fx.village1_id),
            &admin,
            json!({"name": "东风新村"}),
        )
        .await;
    assert!(status.is_success(), "{o}");
    let renamed = figures(&t, &leader).await;
    assert_eq!(line(&renamed, "dispute_village", "东风新村"), 1);
    assert_eq!(line(&renamed, "dispute_village", "东风村"), 0);

    // The dispute withdrawn: counted nowhere again.
    t.withdraw(&format!("/api/v1/disputes/{}", d["id"]), &m, "重复登记")
        .await;
    let withdrawn = figures(&t, &leader).await;
    assert_eq!(value(&withdrawn, "disputes"), 0);
    assert_eq!(line(&withdrawn, "dispute_type", "草场纠纷"), 0);
}

/// The figures computed in one pass agree with counting each figure on its own.
#[tokio::test]
async fn one_pass_figures_match_separate_counts() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let [staff, leader] = t.api_logins(["staff_t1", "leader_t1"]).await;
    for (on, kind, village) in [
        ("2024-01-10", "草场纠纷", "V1"),
        ("2024-01-20", "家庭纠纷", "V2"),
        ("2024-06-01", "草场纠纷", "V2"),
        ("2023-12-31", "草场纠纷", "V1"),
    ] {
        let (status, d) = t
            .post(
                "/api/v1/disputes",
                &staff,
                json!({"registered_on": on, "source": "来访", "dispute_type": kind,
                       "village": village, "summary": "争执",
                       "parties": [{"name": "张三"}, {"name": "李四"}]}),
            )
            .await;
        assert_eq!(status.as_u16(), 201, "{d}");
    }
    let f = figures(&t, &leader).await;
    assert_eq!(value(&f, "disputes"), 3, "2023's case is not 2024's");
    assert_eq!(line(&f, "dispute_type", "草场纠纷"), 2);
    assert_eq!(line(&f, "dispute_type", "家庭纠纷"), 1);
    assert_eq!(line(&f, "dispute_month", "01"), 2);
    assert_eq!(line(&f, "dispute_month", "06"), 1);
    assert_eq!(line(&f, "dispute_month", "12"), 0);
    assert_eq!(line(&f, "dispute_village", "东风村"), 1);
    assert_eq!(line(&f, "dispute_village", "红旗村"), 2);
    let months = f["breakdowns"]["dispute_month"].as_array().unwrap();
    assert_eq!(months.len(), 12, "every month, in order: {months:?}");
    assert_eq!(months[0][0], "01");
    assert_eq!(months[11][0], "12");
}

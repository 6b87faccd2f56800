//! The command line writing next to a running server (issue #12 item 9): on SQLite both begin
//! their write transactions as writers and wait on the busy timeout, so neither fails with
//! `database is locked`.

use axum::http::StatusCode;
use fazhi::app::App;
use fazhi::config::Config;
use fazhi::service::{orgs as org_service, Caller};

use crate::helpers::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_writes_next_to_the_server_give_no_server_errors() {
    let t = TestApp::spawn().await;
    t.seed().await;
    let staff = t.api_login("mediator_v1").await;
    // A second process's worth of connections on the same database, as `fazhi org add` opens.
    let cli = App::open(Config::new(t.dir.path(), Some(&t.database_url)))
        .await
        .unwrap();
    // Three writers in each "process", running in parallel.
    let mut cli_tasks = Vec::new();
    for w in 0..3 {
        let cli = cli.clone();
        cli_tasks.push(tokio::spawn(async move {
            for i in 0..20 {
                let code = format!("X{w}_{i}");
                let name = format!("新村{w}_{i}");
                org_service::create_org(
                    &cli,
                    &Caller::operator(),
                    org_service::NewOrgInput {
                        code: &code,
                        name: &name,
                        kind: "village",
                        parent_code: Some("T1"),
                        region: None,
                    },
                )
                .await
                .map_err(|e| format!("{e:?}"))?;
            }
            Ok::<(), String>(())
        }));
    }
    let t = std::sync::Arc::new(t);
    let mut api_tasks = Vec::new();
    for w in 0..3 {
        let t = t.clone();
        let staff = staff.clone();
        api_tasks.push(tokio::spawn(async move {
            let mut failed = Vec::new();
            for i in 0..20 {
                // Registering a case reads the year's highest case number, then inserts: a
                // transaction that reads before it writes.
                let (status, body) = t
                    .post(
                        "/api/v1/disputes",
                        &staff,
                        serde_json::json!({"registered_on": chrono::Utc::now().date_naive(),
                            "source": "来访", "dispute_type": "草场纠纷",
                            "summary": format!("纠纷{w}_{i}"),
                            "parties": [{"name": "张三"}, {"name": "李四"}]}),
                    )
                    .await;
                if status != StatusCode::CREATED {
                    failed.push((status, body));
                }
            }
            failed
        }));
    }
    for task in cli_tasks {
        task.await
            .unwrap()
            .expect("the command line's writes succeed");
    }
    for task in api_tasks {
        let failed = task.await.unwrap();
        assert!(failed.is_empty(), "API writes failed: {failed:?}");
    }
    // Both processes appended to one chain.
    assert!(matches!(
        fazhi::storage::audit::verify(&t.app.db).await.unwrap(),
        fazhi::storage::audit::Verification::Intact { .. }
    ));
}

//! Both migration folders must produce the same schema: tables, columns, nullability, named
//! constraints and indexes. Needs a PostgreSQL server (CI always has one).

use std::collections::BTreeSet;

use sqlx::{Connection, Row};

use crate::helpers::TestApp;

fn pg_server() -> Option<String> {
    crate::helpers::backend_url().or_else(|| {
        std::env::var("FAZHI_TEST_PG")
            .ok()
            .or(Some("postgres://root@127.0.0.1:5432/test".to_owned()))
    })
}

#[derive(Debug, Default, PartialEq)]
struct Schema {
    columns: BTreeSet<String>,
    constraints: BTreeSet<String>,
    indexes: BTreeSet<String>,
}

async fn sqlite_schema(url: &str) -> Schema {
    let path = url.trim_start_matches("sqlite://");
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{path}"))
        .await
        .unwrap();
    let mut s = Schema::default();
    let tables = sqlx::query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations' \
         AND name NOT LIKE 'disputes_search%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for t in tables {
        let name: String = t.get("name");
        let sql: String = t.get("sql");
        let cols = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT name, \"notnull\" AS nn, pk FROM pragma_table_info('{name}')"
        )))
        .fetch_all(&mut conn)
        .await
        .unwrap();
        for c in cols {
            let col: String = c.get("name");
            let nn: i64 = c.get("nn");
            let pk: i64 = c.get("pk");
            let nullable = if nn == 1 || pk > 0 {
                "not null"
            } else {
                "null"
            };
            s.columns.insert(format!("{name}.{col} {nullable}"));
        }
        for part in sql.split("CONSTRAINT ").skip(1) {
            let cname: String = part
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !cname.ends_with("_pkey") {
                s.constraints.insert(cname);
            }
        }
    }
    let indexes = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for i in indexes {
        s.indexes.insert(i.get("name"));
    }
    s
}

async fn postgres_schema(url: &str) -> Schema {
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    let mut s = Schema::default();
    let cols = sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c, is_nullable::text AS n \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for c in cols {
        let (t, col, n): (String, String, String) = (c.get("t"), c.get("c"), c.get("n"));
        // The pairs index's queue (migration 0061) is PostgreSQL's alone, as the index is.
        if (t.as_str(), col.as_str()) == ("disputes", "words_queued") {
            continue;
        }
        let nullable = if n == "YES" { "null" } else { "not null" };
        s.columns.insert(format!("{t}.{col} {nullable}"));
    }
    let cons = sqlx::query(
        "SELECT constraint_name::text AS n FROM information_schema.table_constraints \
         WHERE table_schema = 'public' AND constraint_type IN ('UNIQUE', 'CHECK', 'FOREIGN KEY') \
         AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for c in cons {
        let n: String = c.get("n");
        if !n.ends_with("_not_null") {
            s.constraints.insert(n);
        }
    }
    // References checked per statement by triggers (migration 0062) stand for the foreign keys
    // SQLite keeps, named as those are: `{table}_{column less _id}_fkey`.
    let checked = sqlx::query(
        "SELECT c.relname::text AS t, \
         string_to_array(encode(t.tgargs, 'escape'), '\\000') AS args \
         FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
         JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'references_exist'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for c in checked {
        let (table, args): (String, Vec<String>) = (c.get("t"), c.get("args"));
        // The arguments end with a NUL, so the last element is empty.
        for column in args.iter().filter(|a| !a.is_empty()).step_by(2) {
            let name = column.trim_end_matches("_id");
            s.constraints.insert(format!("{table}_{name}_fkey"));
        }
    }
    let idx = sqlx::query(
        "SELECT indexname::text AS n FROM pg_indexes WHERE schemaname = 'public' \
         AND tablename <> '_sqlx_migrations'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for i in idx {
        let n: String = i.get("n");
        // The word indexes are each backend's own, as SQLite's trigram tables are
        // (disputes_search, skipped above): PostgreSQL's pairs indexes of migration 0048.
        // A town's date index of disputes serves a province's database, which SQLite never
        // holds (migration 0059; storage/disputes.rs names the town on PostgreSQL only).
        // So is the queue of cases a large import left out of the pairs index (migration 0061).
        if n.ends_with("_words_idx")
            || n == "disputes_town_registered_on_idx"
            || n == "disputes_words_queue_idx"
        {
            continue;
        }
        // Primary keys and UNIQUE constraints are backed by indexes of the same name in
        // PostgreSQL; SQLite hides them as autoindexes.
        if !n.ends_with("_pkey") && !s.constraints.contains(&n) {
            s.indexes.insert(n);
        }
    }
    s
}

#[tokio::test]
async fn sqlite_and_postgres_migrations_agree() {
    let Some(server) = pg_server() else { return };
    if sqlx::PgConnection::connect(&server).await.is_err() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must provide PostgreSQL for the schema-parity test"
        );
        eprintln!("跳过：没有可用的 PostgreSQL（{server}）");
        return;
    }
    // A SQLite database and a PostgreSQL one, both fully migrated by the app itself.
    let sqlite_dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", sqlite_dir.path().join("s.sqlite").display());
    fazhi::app::App::open(fazhi::config::Config::new(
        sqlite_dir.path(),
        Some(&sqlite_url),
    ))
    .await
    .unwrap();
    let pg_url = if crate::helpers::backend_url().is_some() {
        TestApp::spawn().await.database_url
    } else {
        let name = format!("fazhi_schema_{}", &fazhi::auth::random_token()[..12]);
        let mut admin = sqlx::PgConnection::connect(&server).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .unwrap();
        let url = format!("{}/{name}", server.rsplit_once('/').unwrap().0);
        let dir = tempfile::tempdir().unwrap();
        fazhi::app::App::open(fazhi::config::Config::new(dir.path(), Some(&url)))
            .await
            .unwrap();
        url
    };
    let lite = sqlite_schema(&sqlite_url).await;
    let pg = postgres_schema(&pg_url).await;
    assert!(!lite.columns.is_empty(), "the SQLite schema was read");
    let only = |a: &BTreeSet<String>, b: &BTreeSet<String>| -> Vec<String> {
        a.difference(b).cloned().collect()
    };
    assert_eq!(
        only(&lite.columns, &pg.columns),
        Vec::<String>::new(),
        "columns only in SQLite"
    );
    assert_eq!(
        only(&pg.columns, &lite.columns),
        Vec::<String>::new(),
        "columns only in PostgreSQL"
    );
    assert_eq!(
        only(&lite.constraints, &pg.constraints),
        Vec::<String>::new(),
        "constraints only in SQLite"
    );
    assert_eq!(
        only(&pg.constraints, &lite.constraints),
        Vec::<String>::new(),
        "constraints only in PostgreSQL"
    );
    assert_eq!(
        only(&lite.indexes, &pg.indexes),
        Vec::<String>::new(),
        "indexes only in SQLite"
    );
    assert_eq!(
        only(&pg.indexes, &lite.indexes),
        Vec::<String>::new(),
        "indexes only in PostgreSQL"
    );
}

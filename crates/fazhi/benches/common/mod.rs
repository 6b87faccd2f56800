//! Set-up shared by the storage benchmarks: the app on a temporary database, bulk inserts, and
//! the rows the benchmarks both load. Setup data goes in with multi-row INSERTs (bench-only);
//! the measured work is the real code.

use std::future::Future;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use fazhi::app::{App, SharedApp};
use fazhi::config::Config;
use fazhi::storage::{Query, Value};

/// Runs `bench` in a Tokio runtime on a fresh app: on `FAZHI_BENCH_DATABASE` (a PostgreSQL
/// URL of an empty database), or on SQLite in a temporary directory.
pub fn main<F: Future<Output = ()>>(bench: impl FnOnce(SharedApp) -> F) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = std::env::var("FAZHI_BENCH_DATABASE")
            .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.sqlite").display()));
        let app = App::open(Config::new(dir.path(), Some(&url)))
            .await
            .expect("app");
        bench(app).await;
    });
}

/// Inserts rows `row(0, …)` … `row(count - 1, …)` after `head` (`INSERT INTO … VALUES`), `per`
/// a statement; each row is given its number and the village it falls to, the villages taken
/// in turn.
pub async fn bulk<V: Copy>(
    app: &App,
    villages: &[V],
    (head, per): (&str, i64),
    count: i64,
    row: impl Fn(i64, V) -> Vec<Value>,
) {
    for first in (0..count).step_by(per as usize) {
        let mut q = Query::new(head);
        for i in first..count.min(first + per) {
            q.push(if i == first { " (" } else { ", (" });
            let village = villages[(i as usize) % villages.len()];
            for (j, v) in row(i, village).into_iter().enumerate() {
                if j > 0 {
                    q.push(", ");
                }
                q.push_bind(v);
            }
            q.push(")");
        }
        q.execute(&app.db).await.expect("bulk insert");
    }
}

/// The head of a consultations insert for [`consultation`]'s rows.
pub const CONSULTATIONS: &str = "INSERT INTO consultations (org_id, consulted_on, channel, \
     person, topic, category, answer, aid_explained, handler, follow_up, created_at) VALUES";

/// Consultation `i` of `village`, on a day of the year from `year0`, recorded `now`.
pub fn consultation(i: i64, village: i64, year0: NaiveDate, now: DateTime<Utc>) -> Vec<Value> {
    vec![
        village.into(),
        (year0 + Duration::days(i % 365)).into(),
        "counter".into(),
        "咨询人".into(),
        "土地流转".into(),
        "土地承包".into(),
        "已解答".into(),
        false.into(),
        "司法所".into(),
        "当场解答".into(),
        now.into(),
    ]
}

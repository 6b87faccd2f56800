//! A year's figures at scale (issue #20 item 5): one town with 100,000 disputes in 2023 (and
//! consultations and publicity events beside them), its figures computed the first time
//! (target ≤ 200 ms) and shown again (target ≤ 5 ms), and the first figures after a write.
//!
//! Run: `cargo bench -p fazhi --bench figures` (SQLite in a temporary directory), or with
//! `FAZHI_BENCH_DATABASE=postgres://…/empty_db` for PostgreSQL. Setup data goes in with
//! multi-row INSERTs (bench-only); the measured work is the real code.

mod common;

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use fazhi::service::{demo, report};
use fazhi::storage::{orgs, Query, Value};

use common::{bulk, CONSULTATIONS};

const DISPUTES: i64 = 100_000;
const VILLAGES: usize = 8;

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    common::main(run);
}

async fn run(app: fazhi::app::SharedApp) {
    let town = demo::add_org(&app, ("FB", "基准镇", "town"), None, None)
        .await
        .expect("town");
    let mut villages = Vec::new();
    for v in 0..VILLAGES {
        let village = demo::add_org(
            &app,
            (&format!("FBV{v}"), &format!("基准{v}村"), "village"),
            Some("FB"),
            None,
        )
        .await
        .expect("village");
        villages.push(village.id);
    }
    let now = chrono::Utc::now();
    let year0 = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let types = [
        "土地纠纷",
        "草场纠纷",
        "家庭纠纷",
        "邻里纠纷",
        "损害赔偿纠纷",
        "合同纠纷",
        "其他纠纷",
    ];
    let statuses = [
        "succeeded",
        "succeeded",
        "succeeded",
        "failed",
        "terminated",
        "mediating",
    ];
    let started = Instant::now();
    bulk(
        &app,
        &villages,
        (
            "INSERT INTO disputes (org_id, town_id, village_id, case_no, case_year, registered_on, source, \
         dispute_type, parties_text, summary, claims, risk, level, status, mediators, people_involved, \
         group_dispute, agreement_form, signatures_complete, confirmation_applied, police_reported, \
         created_at, updated_at) VALUES",
            500,
        ),
        DISPUTES,
        |i, village| {
            vec![
                village.into(),
                town.id.into(),
                if i % 11 == 0 { Value::Int(None) } else { village.into() },
                format!("基准调〔2023〕{i}号").into(),
                2023i64.into(),
                (year0 + Duration::days(i % 365)).into(),
                "screening".into(),
                types[(i as usize) % types.len()].into(),
                "王建国、李玉兰".into(),
                "两户因承包地地界发生争执，经调解员多次上门做工作。".into(),
                "".into(),
                "low".into(),
                if i % 11 == 0 { "town" } else { "village" }.into(),
                statuses[(i as usize) % statuses.len()].into(),
                "".into(),
                2i64.into(),
                false.into(),
                if i % 4 == 0 { "oral" } else { "written" }.into(),
                true.into(),
                (i % 9 == 0).into(),
                false.into(),
                now.into(),
                now.into(),
            ]
        },
    )
    .await;
    let consultation = |i, village| common::consultation(i, village, year0, now);
    bulk(&app, &villages, (CONSULTATIONS, 500), 20_000, consultation).await;
    fazhi::storage::disputes::refresh_statistics(&app.db)
        .await
        .expect("statistics");
    println!(
        "setup: {DISPUTES} disputes and 20000 consultations in 2023, {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let town = orgs::by_code(&app.db, "FB").await.unwrap().unwrap();
    let started = Instant::now();
    let f = report::figures_for(&app, &town, 2023)
        .await
        .expect("figures");
    let first = ms(started);
    assert_eq!(f.get("disputes"), DISPUTES);
    let mut repeats = Vec::new();
    for _ in 0..50 {
        let started = Instant::now();
        let again = report::figures_for(&app, &town, 2023)
            .await
            .expect("figures");
        repeats.push(ms(started));
        assert_eq!(again, f);
    }
    repeats.sort_by(f64::total_cmp);
    println!(
        "figures of a town-year of {DISPUTES} disputes: first {first:.1} ms (target ≤ 200 ms)"
    );
    println!(
        "  repeated: median {:.2} ms, slowest of 50 {:.2} ms (target ≤ 5 ms)",
        repeats[repeats.len() / 2],
        repeats[repeats.len() - 1]
    );

    // A write: the next figures are computed afresh, and include it.
    Query::new("UPDATE disputes SET status = 'failed' WHERE id = (SELECT MIN(id) FROM disputes)")
        .execute(&app.db)
        .await
        .expect("write");
    let started = Instant::now();
    let after = report::figures_for(&app, &town, 2023)
        .await
        .expect("figures");
    println!(
        "  first after a write: {:.1} ms (failed {} → {})",
        ms(started),
        f.get("failed"),
        after.get("failed")
    );
    assert_eq!(after.get("failed"), f.get("failed") + 1);
    let mut computed = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let _ = fazhi::storage::figures::annual(&app.db, &town.scope(), 2023)
            .await
            .expect("figures");
        computed.push(ms(started));
    }
    computed.sort_by(f64::total_cmp);
    println!(
        "  computed without the cache: median of 5 {:.1} ms",
        computed[computed.len() / 2]
    );
}

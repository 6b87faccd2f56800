//! Storage benchmarks with the figures the issues set as targets:
//! - recomputing 100,000 running deadlines after a calendar load (target < 2 s on SQLite);
//! - a county's annual report (20 towns, 100,000 records in the year; target < 1 s) and its
//!   dashboard figures (target < 100 ms per organisation-year after the first).
//!
//! Setup data goes in with multi-row INSERTs (bench-only); the measured work is the real code.

mod common;

use std::time::Instant;

use chrono::{Duration, NaiveDate};
use fazhi::service::{calendar as calendar_service, demo, report, Caller};
use fazhi::storage::orgs;

use common::{bulk, CONSULTATIONS};

const TOWNS: usize = 20;
const VILLAGES_PER_TOWN: usize = 5;

fn main() {
    common::main(run);
}

async fn run(app: fazhi::app::SharedApp) {
    let op = Caller::operator();
    let add = |code: String, name: String, kind: &'static str, parent: Option<String>| {
        let app = app.clone();
        async move {
            demo::add_org(&app, (&code, &name, kind), parent.as_deref(), None)
                .await
                .expect("org")
        }
    };
    add("BC".into(), "基准县".into(), "county", None).await;
    let mut villages = Vec::new();
    for t in 0..TOWNS {
        let town = add(
            format!("BT{t}"),
            format!("基准{t}镇"),
            "town",
            Some("BC".into()),
        )
        .await;
        for v in 0..VILLAGES_PER_TOWN {
            let village = add(
                format!("BT{t}V{v}"),
                format!("基准{t}镇{v}村"),
                "village",
                Some(format!("BT{t}")),
            )
            .await;
            villages.push((town.id, village.id));
        }
    }
    use fazhi::storage::Value;
    let now = chrono::Utc::now();
    let day0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();

    // 100,000 running deadlines, started over 2026–2027 (2027 is not yet announced).
    bulk(
        &app,
        &villages,
        (
            "INSERT INTO deadlines (register, record_id, org_id, rule_code, label, link, region, \
             start_date, due_date, provisional, updated_at) VALUES",
            200,
        ),
        100_000,
        |i, (_, org)| {
            let start = day0 + Duration::days(i % 600);
            vec![
                "disclosure".into(),
                i.into(),
                org.into(),
                "disclosure.request_reply".into(),
                format!("申请{i}").into(),
                format!("/x/{i}").into(),
                Value::Text(None),
                start.into(),
                start.into(),
                true.into(),
                now.into(),
            ]
        },
    )
    .await;
    let file = "date,kind,name,region,notice,number,note\n\
        2027,year,,,国务院办公厅关于2027年部分节假日安排的通知,,基准测试用\n\
        2027-02-06,rest,春节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
        2027-10-01,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n\
        2027-10-04,rest,国庆节,,国务院办公厅关于2027年部分节假日安排的通知,,\n";
    let started = Instant::now();
    let outcome = calendar_service::load_file(&app, &op, file)
        .await
        .expect("load");
    println!(
        "recompute: 100000 running deadlines, {} moved, {:.0} ms (target < 2000 ms)",
        outcome.moved.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );

    // 100,000 records in 2023: 60,000 disputes, 25,000 consultations, 15,000 publicity events.
    let year0 = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap();
    let types = ["土地纠纷", "草场纠纷", "家庭纠纷", "邻里纠纷", "其他纠纷"];
    let venues = ["enterprise", "village", "school"];
    type Row<'a> = &'a dyn Fn(i64, (i64, i64)) -> Vec<Value>;
    let records: [(&str, i64, Row); 3] = [
        (
            "INSERT INTO disputes (org_id, town_id, village_id, case_no, case_year, registered_on, source, \
             dispute_type, parties_text, summary, claims, risk, level, status, mediators, people_involved, \
             group_dispute, agreement_form, signatures_complete, confirmation_applied, police_reported, \
             created_at, updated_at) VALUES",
            60_000,
            &|i, (town, village)| {
                let d = year0 + Duration::days(i % 365);
                vec![
                    village.into(),
                    town.into(),
                    village.into(),
                    format!("基准调〔2023〕{i}号").into(),
                    2023i64.into(),
                    d.into(),
                    "screening".into(),
                    types[(i as usize) % types.len()].into(),
                    "甲、乙".into(),
                    "因地界发生争执".into(),
                    "".into(),
                    "low".into(),
                    if i % 10 == 0 { "town" } else { "village" }.into(),
                    if i % 7 == 0 { "failed" } else { "succeeded" }.into(),
                    "".into(),
                    0i64.into(),
                    false.into(),
                    "written".into(),
                    false.into(),
                    false.into(),
                    false.into(),
                    now.into(),
                    now.into(),
                ]
            },
        ),
        (CONSULTATIONS, 25_000, &|i, (_, village)| {
            common::consultation(i, village, year0, now)
        }),
        (
            "INSERT INTO publicity_events (org_id, held_on, name, venue_type, themes, campaigns, \
             large_posters, small_posters, banners, materials, vehicle_trips, beneficiaries, created_at) VALUES",
            15_000,
            &|i, (_, village)| {
                vec![
                    village.into(),
                    (year0 + Duration::days(i % 365)).into(),
                    "普法宣传".into(),
                    venues[(i as usize) % 3].into(),
                    "民法典".into(),
                    "".into(),
                    1i64.into(),
                    2i64.into(),
                    1i64.into(),
                    50i64.into(),
                    1i64.into(),
                    60i64.into(),
                    now.into(),
                ]
            },
        ),
    ];
    for (head, count, row) in records {
        bulk(&app, &villages, (head, 200), count, row).await;
    }

    let county = orgs::by_code(&app.db, "BC").await.unwrap().unwrap();
    for format in [report::Format::Docx, report::Format::Markdown] {
        let started = Instant::now();
        let r = report::render(&app, &county, 2023, format)
            .await
            .expect("report");
        println!(
            "county report ({:?}, 20 towns, 100000 records): {:.0} ms, {} bytes (target < 1000 ms)",
            format,
            started.elapsed().as_secs_f64() * 1000.0,
            r.bytes.len()
        );
    }
    let town = orgs::by_code(&app.db, "BT0").await.unwrap().unwrap();
    let mut times = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let f = report::figures_for(&app, &town, 2023)
            .await
            .expect("figures");
        let _ = report::figures_for(&app, &town, 2022)
            .await
            .expect("figures");
        assert!(f.get("disputes") > 0);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "town dashboard figures (this year and last): median {:.1} ms (target < 100 ms)",
        times[times.len() / 2]
    );
    let started = Instant::now();
    let _ = report::figures_for(&app, &county, 2023)
        .await
        .expect("figures");
    println!(
        "county dashboard figures: {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

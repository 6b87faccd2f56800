//! Due-date computation speed: `cargo bench -p fazhi-domain --bench deadline`.

use chrono::NaiveDate;
use divan::{black_box, Bencher};
use fazhi_domain::calendar::Calendar;
use fazhi_domain::deadline::{compute_due, due_date_only, shipped_rules, DateRange};

fn main() {
    divan::main();
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 9, 20).unwrap()
}

/// One 20-working-day due date across National Day, fast path.
#[divan::bench]
fn due_20_working_days(bencher: Bencher) {
    let cal = Calendar::shipped();
    let rule = shipped_rules().get("disclosure.request_reply").unwrap();
    bencher.bench(|| due_date_only(rule, black_box(start()), &[], &[], black_box(&cal)));
}

/// The same with its explanation built.
#[divan::bench]
fn due_20_working_days_explained(bencher: Bencher) {
    let cal = Calendar::shipped();
    let rule = shipped_rules().get("disclosure.request_reply").unwrap();
    bencher.bench(|| compute_due(rule, black_box(start()), &[], &[], black_box(&cal)));
}

/// With one suspension (third-party consultation).
#[divan::bench]
fn due_20_working_days_with_suspension(bencher: Bencher) {
    let cal = Calendar::shipped();
    let rule = shipped_rules().get("disclosure.request_reply").unwrap();
    let s = [DateRange {
        from: NaiveDate::from_ymd_opt(2024, 9, 24).unwrap(),
        to: NaiveDate::from_ymd_opt(2024, 9, 30).unwrap(),
        label: "第三方征求意见".to_owned(),
    }];
    bencher.bench(|| due_date_only(rule, black_box(start()), &s, &[], black_box(&cal)));
}

/// 100,000 due dates over ten years of start dates and all shipped rules (what a full
/// recompute after a calendar change costs).
#[divan::bench(sample_count = 20)]
fn due_100k(bencher: Bencher) {
    let cal = Calendar::shipped_xinjiang();
    let rules = shipped_rules().all();
    let base = NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let inputs: Vec<_> = (0..100_000u64)
        .map(|i| {
            (
                &rules[i as usize % rules.len()],
                base + chrono::Days::new(i % 3_650),
            )
        })
        .collect();
    bencher.bench(|| {
        let mut acc = 0i64;
        for (rule, start) in &inputs {
            let d = due_date_only(rule, *start, &[], &[], &cal);
            acc += i64::from(d.provisional) + i64::from(d.due.to_epoch_days());
        }
        acc
    });
}

/// Building the calendar index from the shipped files (parse + build).
#[divan::bench(sample_count = 20)]
fn build_calendar() -> Calendar {
    Calendar::shipped_xinjiang()
}
